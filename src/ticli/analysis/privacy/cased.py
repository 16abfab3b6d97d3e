"""Names after a title written in lower case, and names written in capitals, as hurried
notes do: "mrs patel", "dr singh (her dad)", "MR HUSSAIN did not attend", "TRACEY didn't
turn up". Pure.

- After "mr", "mrs", "ms", "mx" or "dr" in lower case, a word on the surname or first-name
  list is a name, unless it is a word a note puts there ("dr said", "dr appt").
- A word in capitals is a name when it is on the first-name list and no dictionary word
  ("DESHAWN", "KOFI'S"), or when a title or "RE" in capitals comes before it and it is on
  either list ("MR HUSSAIN", "RE ABDULLAH"). Short ones (three letters or fewer) are left
  alone: they are most often a service's or a test's initials.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticli.analysis.privacy.cues import _SPEAKS, DOES, PERSON_VERBS, STARTS_PERSON
from ticli.analysis.privacy.words import first_names, is_word, never, surnames

Hit = tuple[str, int, int, str]

_LOWER_TITLE = re.compile(r"(?<![\w'])(mrs|mr|ms|mx|dr)\.?\s+([a-z][a-z'-]*[a-z])(?:'s)?(?![\w'])")
#: Words a note writes after "dr" or "mr" that are on a list of names all the same.
_AFTER_TITLE = frozenset({
    "appt", "appointment", "letter", "note", "notes", "review", "visit", "today", "who",
    "and", "or", "the", "a", "to", "at", "in", "on", "for", "with", "re", "about", "says",
    "will", "may", "can", "did", "does", "gave", "wrote", "rang", "called", "call", "phoned",
    "thinks", "agreed", "reviewed", "increased", "reduced", "changed", "stopped", "started",
    "put", "prescribed", "referred", "sent", "signed", "saw", "sees", "seeing", "visited",
    "again", "next", "last", "this", "that", "then", "also", "just", "only", "still",
})  # fmt: skip
_CAPITALS = re.compile(r"([A-Z](?<![\w'].)[A-Z-]*[A-Z])('S)?(?![\w'])")
#: What follows a name in capitals: a possessive, or a verb said of a person.
_NEXT = re.compile(r"\s+([a-z']+)")
_CAPS_TITLE = re.compile(r"(?:MRS|MR|MS|MX|DR|RE)\.?:?\s+$")


def _listed(word: str) -> bool:
    """Whether a word (in any case) is on the first-name or surname list."""
    every = first_names() | surnames()
    return any(form in every for form in (word.capitalize(), word.title()))


def titled_lower(text: str, allowed: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """Names after a lower-case title: "mrs patel", "spoke to dr singh"."""
    for match in _LOWER_TITLE.finditer(text):
        word = match.group(2)
        if word in allowed or word in _AFTER_TITLE or word in DOES or word in PERSON_VERBS:
            continue
        # "mr o'brien": after "mr" or "mrs", a word in no dictionary is a surname too
        if _listed(word) or (match.group(1) != "dr" and not is_word(word)):
            yield "name", match.start(2), match.end(2), "a name after a title"


def in_capitals(text: str, allowed: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """Names written in capitals: "DESHAWN cried today", "MR HUSSAIN did not attend"."""
    for match in _CAPITALS.finditer(text):
        word = match.group(1)
        low = word.lower()
        if len(word) < 4 or low in allowed or never(low):
            continue
        if _CAPS_TITLE.search(text, max(0, match.start() - 8), match.start()):
            if _listed(word) and low not in _AFTER_TITLE:
                yield "name", match.start(1), match.end(1), "a name after a title"
        elif word.capitalize() in first_names() and not is_word(low) and _of_a_person(text, match):
            yield "name", match.start(1), match.end(1), "looks like a first name"


def _of_a_person(text: str, match: re.Match[str]) -> bool:
    """ "KOFI'S teacher", "DESHAWN cried", "TRACEY didn't turn up": not "NICU stay"."""
    if match.group(2):
        return True
    after = _NEXT.match(text, match.end())
    verb = after.group(1) if after else ""
    return verb in DOES or verb in PERSON_VERBS or verb in _SPEAKS or verb in STARTS_PERSON
