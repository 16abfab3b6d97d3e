"""Finding entries: the filters every reading command shares, and text search. Pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ticli.errors import UsageError
from ticli.model import Entry, normalise_tag


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


@dataclass(frozen=True)
class Hit:
    """One line of an entry that matched, with where the matches are in it."""

    where: str  # the prompt id, "note" or "tags"
    line: str
    spans: tuple[tuple[int, int], ...]


def quick_fold(text: str) -> str:
    """The text `fold` gives, without its index map: a fast first check for a match."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


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
    """Finds a plain text (case- and accent-insensitive) or a regular expression in lines."""

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

    def spans(self, line: str) -> tuple[tuple[int, int], ...]:
        if self.regex is not None:
            return tuple(m.span() for m in self.regex.finditer(line) if m.end() > m.start())
        folded, origin = fold(line)
        found = []
        start = folded.find(self.needle)
        while start >= 0:
            end = start + len(self.needle)
            found.append((origin[start], origin[end - 1] + 1))
            start = folded.find(self.needle, end)
        return tuple(found)

    def could_match(self, text: str) -> bool:
        """A cheap test that is never false when `spans` would find something."""
        if self.regex is not None:
            return self.regex.search(text) is not None
        return self.needle in quick_fold(text)

    def hits(self, entry: Entry) -> list[Hit]:
        """Every matching line in the entry's note, answers and tags."""
        sections: list[tuple[str, str]] = [("note", entry.note)]
        sections += [(a.prompt_id, a.text) for a in entry.answers]
        sections.append(("tags", " ".join(entry.tags)))
        hits = []
        for where, text in sections:
            if not self.could_match(text):
                continue
            for line in text.split("\n"):
                spans = self.spans(line)
                if spans:
                    hits.append(Hit(where, line, spans))
        return hits


def search(entries: Sequence[Entry], matcher: Matcher) -> list[tuple[Entry, list[Hit]]]:
    """The entries with at least one hit, in the order given."""
    found = []
    for entry in entries:
        hits = matcher.hits(entry)
        if hits:
            found.append((entry, hits))
    return found


# ---------------------------------------------------------------- naming entries


def summary_line(entry: Entry, width: int = 60) -> str:
    """The first words of an entry, on one line."""
    text = entry.note or next((a.text for a in entry.answers if a.text), "")
    words = " ".join(text.split())
    if not words and entry.ratings:
        return "(check-ins only)"
    return words if len(words) <= width else words[: width - 1].rstrip() + "…"


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
