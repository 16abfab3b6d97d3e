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

from ticli.analysis.privacy.cased import in_capitals, titled_lower
from ticli.analysis.privacy.cues import (
    DOES,
    LOWER_BEFORE,
    LOWER_NEVER,
    PERSON_VERBS,
    RELATION,
    STRONG_BEFORE,
    TALK_TO,
)
from ticli.analysis.privacy.words import ascii_words, first_names, is_word, never_words

Hit = tuple[str, int, int, str]
#: Everything but letters, as spaces: the text split into its words.
_APART = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalpha()})
_NEXT = re.compile(r"[\s,(]*([\w'&+/]+)")
#: The first word of a note, after a list's dash or box: "- [ ] grace rang crying".
_OPENING = re.compile(r"[\s*\-]*(?:\[[ xX]\]\s*)?([a-z]+)\b")
WHY = "looks like a first name"


_STRONG_LOW = frozenset(STRONG_BEFORE)
_TALK_LOW = frozenset(TALK_TO)


@cache
def _named(name: str) -> re.Pattern[str]:
    """Where `name` (in lower case) stands as a word of its own, with a possessive."""
    # (The name first, then what stands before it: the search skips from name to name.)
    return re.compile(rf"{name}(?<![\w'/-]{name})(?:'s|')?(?![\w-])")


def _talked_to(before: list[str]) -> bool:
    """ "spoke to ray", "chatted with blessing": a verb of talking, then "to"."""
    return len(before) > 1 and before[-1].lower() == "to" and before[-2].lower() in TALK_TO


@cache
def _every() -> frozenset[str]:
    """First names in lower case (the dictionary is looked at only for those found)."""
    lows = {name.lower() for name in first_names() if len(name) > 2 and name.isascii()}
    return frozenset(lows - LOWER_NEVER - never_words())


@cache
def _plain(name: str) -> bool:
    """A first name that is no dictionary word ("jayden", not "jade")."""
    return not is_word(name)


@cache
def _as_bytes(words: frozenset[str]) -> frozenset[bytes]:
    return frozenset(w.encode("ascii") for w in words if w.isascii())


def _words_in(text: str) -> tuple[set[str], bool]:
    """The first names (in lower case) among the words of `text`, quickly, and whether a
    word before one of them may make a name of a word ("asked jade", "spoke to ray")."""
    every = _every()
    raw = ascii_words(text)
    if raw is not None:  # nearly always: split the bytes, which is quicker
        found = {w.decode("ascii") for w in raw & _as_bytes(every)}
        if not found:
            return found, False
        strong, talk = _as_bytes(_STRONG_LOW), _as_bytes(_TALK_LOW)
        return found, not strong.isdisjoint(raw) or not talk.isdisjoint(raw)
    tokens = frozenset(text.translate(_APART).split())
    found = set(tokens & every)
    return found, not _STRONG_LOW.isdisjoint(tokens) or not _TALK_LOW.isdisjoint(tokens)


def lower_names(text: str, allowed: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """The lower-case words of normalised `text` that look like people's names (and
    those after a title in lower case or written in capitals: `cased`)."""
    if "mr" in text or "ms" in text or "mx" in text or "dr" in text:
        yield from titled_lower(text, allowed)
    if not text.islower():
        yield from in_capitals(text, allowed)
    found, may_be_cued = _words_in(text)
    if not found:
        return
    words = {name for name in found if not _plain(name)}
    opening = _OPENING.match(text)
    first = opening.group(1) if opening else ""
    if words and not (may_be_cued or "'s " in text or "' " in text or first in words):
        found -= words  # a name that is also a word needs a cue, and there is none
    # Quick: only the first names the text holds are looked for, one by one.
    matches = [m for name in found for m in _named(name).finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        word = match.group()
        stem = word[:-2] if word.endswith("'s") else word.rstrip("'")
        if stem in allowed or stem not in found:
            continue
        start, end = match.start(), match.start() + len(stem)
        before = [w for w in text[max(0, start - 24) : start].split() if w.strip("(,:")]
        prev = before[-1].lower().strip("(,:") if before else ""
        prev = "w" if prev == "w/" else prev
        following = _NEXT.match(text, match.end())
        after = following.group(1).lower() if following else ""
        owns = word != stem
        if _plain(stem):
            starts = not before or before[-1][-1] in ".!?;:\n-*("
            cued = owns or prev in LOWER_BEFORE or after in DOES or _talked_to(before)
            if cued or (starts and after):  # "spoke to siobhan" is talked to
                yield "name", start, end, WHY
        elif (owns and after in RELATION) or prev in STRONG_BEFORE or _talked_to(before):
            yield "name", start, end, WHY
        elif opening and start == opening.start(1) and after in PERSON_VERBS:
            yield "name", start, end, WHY  # "grace cried when we talked about her dad"
