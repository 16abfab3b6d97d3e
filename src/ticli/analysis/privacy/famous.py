"""Famous people, characters, titles and brands named after people: not a client. Pure.

"They have tickets to see Johnny Cash", "lunch at Tim Hortons", "obsessed with Sherlock":
the words look like names, but they name someone (or something) the whole world knows,
which identifies no client. The list is data/famous.txt (written by hand for ticli).
Such a name is still a person the user knows when a verb of speech follows it, a relation
or a title comes before it, or it owns something ("Adele said", "her daughter Zelda",
"Adele's mum"). A word after "Hurricane" or "Storm" names weather.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ticli.analysis.privacy.cues import _TITLES
from ticli.analysis.privacy.normal import normal_phrase
from ticli.analysis.privacy.words import _lines, never

Hit = tuple[str, int, int, str]

#: Words before a one-word famous name that make it a person the user knows after all.
_KNOWN_BEFORE = _TITLES | {
    "client", "called", "named", "son", "daughter", "brother", "sister", "husband", "wife",
    "partner", "boyfriend", "girlfriend", "nephew", "niece", "grandson", "granddaughter",
    "mentee", "pupil", "caller", "patient", "resident", "tenant", "cousin", "friend",
    "uncle", "aunt", "aunty", "mum", "dad", "mam", "mom",
}  # fmt: skip
#: Verbs after a famous name that say it is someone the user knows ("Adele said"): said
#: of people only, not "turned" or "brought" ("a chat about Zelda turned into...").
_SAYS = {
    "said", "says", "told", "tells", "asked", "asks", "cried", "laughed", "shrugged",
    "smiled", "admitted", "disclosed", "mentioned", "explained", "agreed", "refused",
    "phoned", "rang", "texted", "emailed", "messaged", "wants", "wanted", "thinks",
    "thought", "reckons", "shouted", "screamed", "swore",
}  # fmt: skip
_SHIELDED = ("name",)
_WORD = re.compile(r"[\w']+")
_NEXT = re.compile(r"(?:\s+Jr\.?)?\s+(\w+)")


@cache
def _pattern() -> re.Pattern[str]:
    """One pattern for every famous name: any case, any spacing, "&" or "and"."""
    phrases = sorted({normal_phrase(p) for p in _lines("famous.txt")}, key=len, reverse=True)
    parts = []
    for phrase in phrases:
        words = [r"(?:&|and)" if w == "&" else re.escape(w) for w in phrase.split()]
        parts.append(r"[\s,]+".join(words))
    weather = r"(?:hurricane|tropical\s+storm|storm|typhoon|cyclone)\s+(?-i:[A-Z])\w+"
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)}|{weather})(?![\w'])", re.IGNORECASE)


def _known_all_the_same(text: str, start: int, end: int) -> bool:
    """A famous name said of someone the user knows: "Adele said", "son Elmo"."""
    after = _WORD.search(text, end)
    if after and text[end : after.start()].strip() == "" and after.group().lower() in _SAYS:
        return True
    before = [w.lower() for w in _WORD.findall(text[max(0, start - 30) : start])]
    return bool(before) and text[:start].rstrip()[-1:].isalpha() and before[-1] in _KNOWN_BEFORE


def _longer(text: str, end: int) -> bool:
    """Whether a capitalised word that is no ordinary one follows: "... King Jr. Middle"."""
    after = _NEXT.match(text, end)
    if after is None:
        return False
    word = after.group(1)
    return word[0].isupper() and not never(word.lower())


def without_famous(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """`hits` without the names that lie inside a famous name in `text`, unless the famous
    name starts a longer one ("Martin Luther King Jr. Middle" is a school)."""
    if not any(hit[0] in _SHIELDED for hit in hits):
        return list(hits)
    spans = []
    for match in _pattern().finditer(text):
        start, end = match.span()
        if _longer(text, end):
            continue
        if not _known_all_the_same(text, start, end):
            spans.append((start, end))
    if not spans:
        return list(hits)
    return [
        hit
        for hit in hits
        if hit[0] not in _SHIELDED or not any(s <= hit[1] and hit[2] <= e for s, e in spans)
    ]
