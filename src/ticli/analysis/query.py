"""Finding entries: the filters every reading command shares, and text search. Pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ticli.errors import UsageError
from ticli.model import Entry, fold_text, normalise_tag


@dataclass(frozen=True)
class Filters:
    """Which entries a reading command looks at. Every tag given must be on the entry."""

    since: date | None = None
    until: date | None = None
    tags: tuple[str, ...] = ()
    principle: str | None = None
    kind: str | None = None
    limit: int | None = None

    def matches(self, entry: Entry) -> bool:
        day = entry.created.date()
        return (
            (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
            and all(normalise_tag(tag) in entry.tags for tag in self.tags)
            and (self.principle is None or self.principle in entry.principles)
            and (self.kind is None or entry.kind == self.kind)
        )

    def apply(self, entries: Iterable[Entry]) -> list[Entry]:
        """The matching entries, newest first, at most `limit` of them."""
        found = sorted((e for e in entries if self.matches(e)), key=_newest_first)
        return found[: self.limit] if self.limit is not None else found


def _newest_first(entry: Entry) -> tuple[float, str]:
    return (-entry.created.timestamp(), entry.id)


# ---------------------------------------------------------------- search

#: Scripts written without spaces between words (and signs found inside such words):
#: Thai, Lao, Myanmar, Khmer, New Tai Lue, Vedic signs, CJK, kana, and the rest of the
#: CJK planes. Search finds a text anywhere in them, not only where a word starts.
_UNSPACED = (
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x1980, 0x19DF),
    (0x1CD0, 0x1CFF),
    (0x2E80, 0x9FFF),
    (0xA000, 0xA4CF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
)


def unspaced(char: str) -> bool:
    """True for a letter of a script written without spaces between words."""
    code = ord(char)
    return any(low <= code <= high for low, high in _UNSPACED)


@dataclass(frozen=True)
class Hit:
    """One line of an entry that matched, with where the matches are in it."""

    where: str  # the prompt id, "note" or "tags"
    line: str
    spans: tuple[tuple[int, int], ...]


def fold(text: str) -> tuple[str, list[int]]:
    """Fold case and accents ("Café" -> "cafe"); return the folded text and, for each
    of its characters, the index of the character of `text` it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for small in part.casefold():
                folded.append(small)
                origin.append(index)
    return "".join(folded), origin


class Matcher:
    """Finds a plain text (case- and accent-insensitive) or a regular expression in lines.

    A plain text is found where it starts a word: "visit" finds "visits" and
    "home-visit", not "revisit"; "night shift" finds "night shifts". (The index
    finds the same with an FTS5 phrase whose last word is a prefix.)
    """

    def __init__(self, pattern: str, regex: bool = False) -> None:
        if not pattern.strip():
            raise UsageError("Give some text to search for.")
        self.regex: re.Pattern[str] | None = None
        self.needle = ""
        if regex:
            try:
                self.regex = re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                raise UsageError(
                    f"'{pattern}' is not a regular expression I can use: {error}."
                ) from None
        else:
            self.needle = fold(pattern)[0]
            if not self.needle.strip():
                raise UsageError(f"'{pattern}' has no letters or digits to search for.")
        #: A needle that starts with a letter of a spaced script matches only at a word's start.
        first = self.needle[:1]
        self._inside = first.isalnum() and not unspaced(first)

    def spans(self, line: str) -> tuple[tuple[int, int], ...]:
        if self.regex is not None:
            return tuple(m.span() for m in self.regex.finditer(line) if m.end() > m.start())
        if line.isascii():
            # Most lines: lower() keeps every index, so no map is needed.
            folded = line.lower()
            return tuple(self._starts(folded))
        folded, origin = fold(line)
        return tuple((origin[a], origin[b - 1] + 1) for a, b in self._starts(folded))

    def _starts(self, folded: str) -> list[tuple[int, int]]:
        """Where the needle is in a folded line, not starting inside a word (in a script
        written without spaces between words, such as Chinese or Thai, anywhere)."""
        found, size, inside = [], len(self.needle), self._inside
        start = folded.find(self.needle)
        while start >= 0:
            if not (inside and start > 0 and folded[start - 1].isalnum()):
                found.append((start, start + size))
                start += size
            else:
                start += 1
            start = folded.find(self.needle, start)
        return found

    def could_match(self, text: str) -> bool:
        """A cheap test that is never false when `spans` would find something."""
        if self.regex is not None:
            return self.regex.search(text) is not None
        return self.needle in fold_text(text)

    def hits(self, entry: Entry, most: int | None = None) -> tuple[list[Hit], int]:
        """The matching lines in the entry's note, answers and tags (at most `most` of
        them), and how many more lines match."""
        sections: list[tuple[str, str]] = [("note", entry.note)]
        sections += [(a.prompt_id, a.text) for a in entry.answers]
        sections.append(("tags", " ".join(entry.tags)))
        hits: list[Hit] = []
        more = 0
        for where, text in sections:
            if self.regex is None and text.isascii():
                # Most text: folded once (lower() keeps every index and line), not per line.
                folded = text.lower()
                if self.needle not in folded:
                    continue
                for line, low in zip(text.split("\n"), folded.split("\n"), strict=True):
                    if self.needle not in low:
                        continue
                    if most is not None and len(hits) >= most:
                        more += 1
                        continue
                    starts = self._starts(low)
                    if starts:
                        hits.append(excerpt(Hit(where, line, tuple(starts))))
                continue
            if not self.could_match(text):
                continue
            for line in text.split("\n"):
                if not self.could_match(line):
                    continue
                if most is not None and len(hits) >= most:
                    more += 1  # counted, not kept: a huge answer costs no memory here
                    continue
                spans = self.spans(line)
                if spans:
                    hits.append(excerpt(Hit(where, line, spans)))
        return hits, more


#: A matching line longer than this is shown as a window around its first matches.
LONGEST_HIT = 300


def excerpt(hit: Hit, width: int = LONGEST_HIT) -> Hit:
    """A hit on a very long line, cut to the words around its first match, so a huge
    answer never floods the screen (the cut ends are marked with '…')."""
    if len(hit.line) <= width:
        return hit
    first = hit.spans[0][0]
    start = max(0, first - width // 3)
    end = min(len(hit.line), start + width)
    line = ("…" if start else "") + hit.line[start:end] + ("…" if end < len(hit.line) else "")
    shift = start - (1 if start else 0)
    spans = tuple((a - shift, b - shift) for a, b in hit.spans if a >= start and b <= end)
    return Hit(hit.where, line, spans)


#: Lines shown per matching entry; the rest are counted.
HITS_PER_ENTRY = 10


@dataclass(frozen=True)
class Match:
    """An entry that matched, its first matching lines, and how many more lines match."""

    entry: Entry
    hits: list[Hit]
    more: int = 0


def search(
    entries: Sequence[Entry], matcher: Matcher, most: int | None = HITS_PER_ENTRY
) -> list[Match]:
    """The entries with at least one hit, in the order given."""
    found = []
    for entry in entries:
        hits, more = matcher.hits(entry, most)
        if hits:
            found.append(Match(entry, hits, more))
    return found


# ---------------------------------------------------------------- naming entries


def summary_line(entry: Entry, width: int = 60) -> str:
    """The first words of an entry, on one line."""
    text = entry.note or next((a.text for a in entry.answers if a.text), "")
    # The words of the text's start, when they are more than fit: cut_words needs no more.
    words = " ".join(text[: 2 * width + 2].split())
    if len(words) <= width:
        words = " ".join(text.split())
    if not words and entry.ratings:
        return "(check-ins only)"
    return cut_words(words, width)


def cut_words(words: str, width: int) -> str:
    """`words` in at most `width` characters: cut after a whole word (when one ends in the
    second half) with an ellipsis. Half a word reads as something else: "fami…" as a
    name to the privacy guard, which then refused a summary."""
    if len(words) <= width:
        return words
    head = words[: width - 1]
    space = head.rfind(" ")
    if space >= width // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def short_ids(entries: Sequence[Entry], shortest: int = 15) -> dict[str, str]:
    """The shortest start of each id (at least `shortest` characters, the date and time)
    that no other listed entry shares, for typing into `ticli show`."""
    ids = sorted(e.id for e in entries)
    short: dict[str, str] = {}
    for index, entry_id in enumerate(ids):
        neighbours = [ids[i] for i in (index - 1, index + 1) if 0 <= i < len(ids)]
        length = shortest
        while length < len(entry_id) and any(n.startswith(entry_id[:length]) for n in neighbours):
            length += 1
        short[entry_id] = entry_id[:length]
    return short
