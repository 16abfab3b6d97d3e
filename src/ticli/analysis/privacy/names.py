"""People's names in reflective writing, with no model and no network. Pure.

A capitalised word is read as a name when:
- it is on the first-name or surname list (data/, built by bench/privacy_names.py from
  Faker's MIT-licensed lists) and is not also an ordinary English word; or
- a cue says so: a title (Mr, Mrs, Ms, Dr), a relation or role before it ("her son",
  "my client", "called", "named"), a possessive, "the ... family", a surname after it, or a
  verb of speech after it ("Grace said"). Names that are ordinary words ("Grace", "Hope",
  "Will", "Mark") need such a cue; or
- the user writes it again and again mid-sentence and it is no dictionary word
  (`recurring_names`).
It is not a name at the start of a sentence unless the lists or a cue say so, nor when it
is a day, a month, a family word ("Mum"), part of a service or place ("the Trust",
"Oakwood House"), or on the user's allow list.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from ticli.analysis.privacy.patterns import Hit

_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['-](?=[^\W\d_]))*")
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "mister", "sir", "dame", "auntie"}
#: Words before a name that say a person follows.
_BEFORE = {
    "client", "called", "named", "son", "daughter", "brother", "sister", "husband", "wife",
    "partner", "boyfriend", "girlfriend", "nephew", "niece", "grandson", "granddaughter",
    "baby", "mentee", "pupil", "caller", "patient", "resident", "tenant", "cousin", "friend",
    "with", "told", "asked", "about", "pushed", "met", "saw", "see", "visited", "rang",
    "phoned", "emailed", "texted", "and", "thanked", "helped", "supporting",
    "supported", "for", "to", "from", "of", "like", "young", "little", "big", "poor",
}  # fmt: skip
_PREPOSITIONS = {"and", "for", "to", "from", "of", "like", "about", "with"}
#: Verbs after a word that say it is somebody ("Grace said").
_SPEAKS = {
    "said", "says", "told", "tells", "asked", "asks", "cried", "laughed", "shrugged",
    "smiled", "admitted", "disclosed", "mentioned", "explained", "described", "agreed",
    "refused", "wants", "wanted", "came", "went", "stayed", "brought", "phoned", "rang",
    "turned", "talked", "spoke", "missed", "left", "arrived", "finished", "tried",
    "thinks", "thought", "didn't", "doesn't", "won't", "kept",
}  # fmt: skip
#: Verbs after a word that say it is somebody only in mid-sentence ("I think Will is").
_WEAK = {"is", "was", "has", "had", "felt", "feels", "seemed", "seems", "looked", "needs", "and"}
#: Capitalised words that are never names here: days, months, family words, and words
#: that start the names of services and places.
_ORDINARY = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "mum", "mom", "dad", "mam", "nan", "nana", "gran",
    "granny", "grandma", "grandad", "grandpa", "auntie", "aunty", "stepdad", "stepmum",
    "stepmom", "stepfather", "stepmother", "stepbrother", "stepsister", "grandparents",
    "god", "christmas",
    "easter", "eid", "ramadan", "diwali", "hanukkah", "trust", "council", "team", "service",
    "services", "ward", "unit", "school", "hospital", "centre", "center", "english",
    "british", "christian", "muslim", "jewish", "catholic", "sikh", "hindu", "ok", "okay",
    "supervision", "safeguarding", "today", "tonight", "yesterday", "tomorrow", "bank",
    "holiday", "term", "year", "mr", "mrs", "ms", "dr", "miss", "sir", "madam", "day", "eve",
    "aid", "room", "women", "men", "people", "children", "street", "road", "lane", "avenue",
    "house", "primary", "academy", "college", "university", "church", "court", "station",
    "park", "hall", "forum", "network", "project", "cross", "help", "care", "health",
    # Shops, cafes and charities people meet in or are sent to: places, not people.
    "mcdonald", "sainsbury", "tesco", "asda", "boots", "costa", "greggs", "barnardo", "lidl",
    "aldi", "morrisons", "argos", "primark", "waitrose", "starbucks", "walmart", "target",
    "wendy", "macy", "kohl", "subway", "nando", "wetherspoon", "oxfam", "mind", "samaritans",
    "shelter", "childline", "ofsted", "nhs", "google", "facebook", "instagram", "tiktok",
    "snapchat", "whatsapp", "youtube", "netflix", "minecraft", "fortnite", "roblox", "zoom",
}  # fmt: skip
#: Words after a capitalised word that make it part of a place or a service.
_PLACE_AFTER = {
    "house", "team", "service", "services", "primary", "secondary", "school", "academy",
    "hospital", "ward", "centre", "center", "street", "road", "lane", "avenue", "trust",
    "council", "unit", "clinic", "court", "station", "park", "college", "university",
    "church", "mosque", "temple", "club", "group", "project", "surgery", "practice",
    "foundation", "hub", "hall", "library", "estate", "way", "drive", "close",
    "crescent", "gardens", "square", "place", "terrace", "health", "care", "network",
    "partnership", "hospice", "home", "lodge", "prison", "nursery",
    "day", "eve", "help", "aid", "cross", "forum", "fund", "charity",
}  # fmt: skip
_FAMILY_AFTER = {"family", "household"}
#: Words that are never a family's name, even before "family".
_STOP = {"the", "a", "an", "this", "that", "these", "those", "my", "our", "his", "her", "their",
         "your", "its", "new", "old", "whole", "same", "host", "foster", "birth"}  # fmt: skip


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` begins a sentence, a line, a quotation or a list item."""
    n = start - 1
    while n >= 0 and text[n] in " \t\"'([":
        if text[n] in '"(':
            return True
        n -= 1
    return n < 0 or text[n] in ".!?:;\n\u2022*-"


@cache
def _lines(name: str) -> frozenset[str]:
    data = resources.files("ticli.analysis.privacy") / "data" / name
    raw = data.read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if name.endswith(".gz") else raw.decode()
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def places() -> frozenset[str]:
    return _lines("places.txt")


def first_names() -> frozenset[str]:
    return _lines("first_names.txt")


def surnames() -> frozenset[str]:
    return _lines("surnames.txt")


_ENDINGS = [("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""),
            ("ing", "e"), ("'s", ""), ("ly", ""), ("er", "")]  # fmt: skip


def is_word(word: str) -> bool:
    """An ordinary English word (in lower case, or with a plain ending taken off)."""
    words = _lines("words.txt.gz")
    low = word.lower()
    if low in words or low in _ORDINARY:
        return True
    for ending, instead in _ENDINGS:
        if low.endswith(ending) and low[: -len(ending)] + instead in words:
            return True
    return False


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper() and word[:2] != "I'"


def _stem(word: str) -> str:
    """A word without its possessive: "Marcus's" and "Marcus'" are "Marcus"."""
    if word.endswith("'s"):
        return word[:-2]
    return word[:-1] if word.endswith("'") else word


def names(
    text: str,
    allowed: frozenset[str] = frozenset(),
    known: frozenset[str] = frozenset(),
) -> Iterator[Hit]:
    """The words of normalised `text` that look like people's names, each with why."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    first, last = first_names(), surnames()
    for n, (start, end, word) in enumerate(words):
        if not _capitalised(word):
            continue
        stem = _stem(word)
        if stem.lower() in allowed or stem.lower() in _ORDINARY:
            continue
        before = words[n - 1][2].lower() if n else ""
        between = text[words[n - 1][1] : start] if n else ""
        after = words[n + 1][2] if n + 1 < len(words) else ""
        gap_after = text[end : words[n + 1][0]] if n + 1 < len(words) else ""
        joined_after = gap_after.strip() == ""
        if joined_after and after.lower() in _PLACE_AFTER and after[0].isupper():
            continue  # "Oakwood House", "Beeston Primary", "Hope Street"
        prev = words[n - 1][2] if n else ""
        # "London", "Milton Keynes", "Leeds Beckett" are places, unless a cue says a person:
        # "Jordan said", "Mrs Henderson".
        place = _is_place(stem, prev, between, after, joined_after)
        family = joined_after and after.lower() in _FAMILY_AFTER
        if before == "the" and not family and not (stem.endswith("s") and stem[:-1] in last):
            continue  # "the Trust", "the Grange", but "the Hendersons"
        start_of_sentence = _starts_sentence(text, start)
        named = re.search(r"\bname(?:'s| is| was| as)\W*$", text[max(0, start - 20) : start])
        why = _why(stem, word, prev, between, after, gap_after, start_of_sentence,
                   first, last, known, place, bool(named))  # fmt: skip
        if why:
            yield "name", start, start + len(stem), why


def _is_place(stem: str, prev: str, between: str, after: str, joined_after: bool) -> bool:
    """A place, or a word in a place's name."""
    where = places()
    if stem in where or (joined_after and f"{stem} {_stem(after)}" in where):
        return True
    return between == " " and (prev in where or f"{prev} {stem}" in where)


def _why(
    stem: str,
    word: str,
    before_word: str,
    between: str,
    after: str,
    gap_after: str,
    start_of_sentence: bool,
    first: frozenset[str],
    last: frozenset[str],
    known: frozenset[str],
    place: bool,
    named: bool,
) -> str | None:
    """Why this capitalised word looks like a name, or None."""
    before = before_word.lower()
    close_before = between.strip() in ("", ",")
    if before in _TITLES and between.strip(" .") == "":
        return f"a name after '{before.capitalize()}'"
    if named or (before in ("called", "named") and close_before):
        return "a capitalised word after 'called' or 'name'"
    cue_before = before in _BEFORE and close_before and not start_of_sentence
    on_list = stem in first or stem in last
    plain = on_list and not is_word(stem)
    if plain and not place:
        return "looks like a first name" if stem in first else "looks like a surname"
    if stem in known:
        return "a name you often write"
    possessive = word != stem
    joined = gap_after.strip() == ""
    family = joined and after.lower() in _FAMILY_AFTER
    full_name = joined and _capitalised(after) and _stem(after) in last and not is_word(after)
    speaks = joined and (
        after.lower() in _SPEAKS or (after.lower() in _WEAK and not start_of_sentence)
    )
    if family and stem.lower() not in _STOP and (stem in last or not is_word(stem)):
        return "a family's name"
    if stem.endswith("s") and stem[:-1] in last and not is_word(stem[:-1]):
        return "a family's name"  # "the Nowaks"
    # Part of a longer proper name ("Amazing Grace", "Red Cross"): not a person.
    in_phrase = (
        between == " " and _capitalised(before_word) and is_word(before_word) and not cue_before
    )
    if place:  # only a cue about a person makes a place a name ("to London" is not one)
        cue_before = cue_before and before not in _PREPOSITIONS
    if on_list and not in_phrase and (cue_before or possessive or full_name or speaks):
        return "looks like a first name" if stem in first else "looks like a surname"
    if is_word(stem) or place:
        return None
    if possessive or full_name or (joined and after.lower() in _SPEAKS):
        return "a capitalised word that is no dictionary word, used of a person"
    if cue_before and before not in _PREPOSITIONS:
        return f"a capitalised word after '{before}'"
    return None


_MID_CAPITAL = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_LOWER_WORD = re.compile(r"\b[a-z][a-z-]+")


def recurring_names(texts: Iterable[str], at_least: int = 3) -> frozenset[str]:
    """Capitalised words the user writes mid-sentence in `at_least` texts (normalised),
    never in lower case, that are no dictionary word: their clients' names, most likely.

    Mid-sentence here is after a lower-case word or a comma and one space (regular
    expressions over the whole text: thousands of entries take well under a second)."""
    seen: Counter[str] = Counter()
    lower: set[str] = set()
    for text in texts:
        seen.update(set(_MID_CAPITAL.findall(text)))
        lower.update(_LOWER_WORD.findall(text))
    return frozenset(
        w for w, count in seen.items()
        if count >= at_least and w.lower() not in lower and w.lower() not in _ORDINARY
        and not is_word(w)
    )  # fmt: skip
