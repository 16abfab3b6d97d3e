"""People's names written in lower case, as quick notes do: "asked jade", "jayden kicked
off", "ronan's mum", "sw for kayden". Pure.

A lower-case word is read as a name when it is on the first-name list and:
- it is no dictionary word, and a cue says a person (a word before it like "with",
  "asked", "client"; a possessive; a verb after it), or it starts the note or a
  sentence; or
- it is also a word ("jade", "ruby"), and a verb only said to a person comes before it
  ("asked jade", "rang ruby") or it owns a relation ("jade's mum").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ticli.analysis.privacy.cues import DOES, LOWER_BEFORE, LOWER_NEVER, RELATION, STRONG_BEFORE
from ticli.analysis.privacy.names import first_names, is_word, never

Hit = tuple[str, int, int, str]
_LOWER = re.compile(r"(?<![\w'/-])[a-z][a-z]+(?:'s|')?(?![\w-])")
_NEXT = re.compile(r"[\s,(]*([\w'&+/]+)")
WHY = "looks like a first name"


@cache
def _lower_names() -> tuple[frozenset[str], frozenset[str]]:
    """First names in lower case: (those no dictionary word, those that are words)."""
    plain: set[str] = set()
    words: set[str] = set()
    for name in first_names():
        low = name.lower()
        if len(low) < 3 or not low.isascii() or low in LOWER_NEVER or never(low):
            continue
        (words if is_word(name) else plain).add(low)
    return frozenset(plain), frozenset(words)


def lower_names(text: str, allowed: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """The lower-case words of normalised `text` that look like people's names."""
    plain, words = _lower_names()
    for match in _LOWER.finditer(text):
        word = match.group()
        stem = word[:-2] if word.endswith("'s") else word.rstrip("'")
        if stem in allowed or (stem not in plain and stem not in words):
            continue
        start, end = match.start(), match.start() + len(stem)
        before = [w for w in text[max(0, start - 24) : start].split() if w.strip("(,:")]
        prev = before[-1].lower().strip("(,:") if before else ""
        prev = "w" if prev == "w/" else prev
        following = _NEXT.match(text, match.end())
        after = following.group(1).lower() if following else ""
        owns = word != stem
        if stem in plain:
            starts = not before or before[-1][-1] in ".!?;:\n-*("
            if owns or prev in LOWER_BEFORE or after in DOES or (starts and after):
                yield "name", start, end, WHY
        elif (owns and after in RELATION) or prev in STRONG_BEFORE:
            yield "name", start, end, WHY
