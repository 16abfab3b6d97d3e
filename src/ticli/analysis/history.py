"""What a summary or a brief asks of the journal beyond its own period. Pure.

`History` is the question; `EntryHistory` answers it from entries in memory.
The index answers the same questions with queries (usecases.patterns), so a
twenty-year journal is never read whole to summarise a month: a summary needs
the entries of its period and the one before, and, for the rest of the
journal, only word totals, dates and a few quotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from ticli.analysis.themes import TermCounts, term_counts
from ticli.model import Entry


@dataclass(frozen=True)
class Period:
    """The days summarised (inclusive) and the same number of days just before."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Quote:
    entry_id: str
    day: date
    prompt_id: str
    text: str


def entry_order(entry: Entry) -> tuple[float, str]:
    """The one order every History gives entries in: oldest first, then by id."""
    return (entry.created.timestamp(), entry.id)


class History(Protocol):
    """A journal as a summary sees it. Entries come oldest first (`entry_order`)."""

    def between(self, first: date, last: date) -> list[Entry]:
        """The entries written from day `first` to day `last`, inclusive."""

    def days_near(self, windows: Sequence[tuple[date, date]]) -> list[tuple[date, str]]:
        """The day and id of each entry written within any of these spans of days, in
        entry order (the entries themselves are asked of `by_ids`, for the few chosen)."""

    def rest_terms(self, now: Sequence[Entry]) -> TermCounts:
        """The word and phrase counts of every entry but those in `now`."""

    def rest_span(self, period: Period) -> tuple[date, date] | None:
        """The first and last day written on outside `period`."""

    def oldest(self) -> date | None:
        """The day of the first entry."""

    def old_answers(self, before: date, prompts: frozenset[str]) -> Sequence[Quote]:
        """The answers (not empty) to these prompts written before a day, in entry order;
        their text may be left out until `texts` is asked."""

    def texts(self, quotes: Iterable[Quote]) -> tuple[Quote, ...]:
        """The quotes with their text."""

    def flagged(self) -> list[Entry]:
        """Every entry flagged for supervision."""

    def last_supervision(self) -> Entry | None:
        """The newest supervision entry."""

    def by_ids(self, ids: Iterable[str]) -> list[Entry]:
        """The entries with these ids."""

    def without(self, ids: Iterable[str]) -> History:
        """The same journal with these entries left out."""

    def changed(self, entries: Mapping[str, Entry]) -> History:
        """The same journal with these entries (by id) read as given (a privacy review)."""


@dataclass(frozen=True)
class EntryHistory:
    """A History of entries held in memory."""

    entries: Sequence[Entry]
    _sorted: list[Entry] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        self._sorted.extend(sorted(self.entries, key=entry_order))

    def between(self, first: date, last: date) -> list[Entry]:
        return [e for e in self._sorted if first <= e.created.date() <= last]

    def days_near(self, windows: Sequence[tuple[date, date]]) -> list[tuple[date, str]]:
        return [
            (e.created.date(), e.id)
            for e in self._sorted
            if any(a <= e.created.date() <= b for a, b in windows)
        ]

    def rest_terms(self, now: Sequence[Entry]) -> TermCounts:
        skip = {e.id for e in now}
        return term_counts(e for e in self._sorted if e.id not in skip)

    def rest_span(self, period: Period) -> tuple[date, date] | None:
        days = [e.created.date() for e in self._sorted if not period.holds(e.created.date())]
        return (min(days), max(days)) if days else None

    def oldest(self) -> date | None:
        return min((e.created.date() for e in self._sorted), default=None)

    def old_answers(self, before: date, prompts: frozenset[str]) -> list[Quote]:
        return [
            Quote(e.id, e.created.date(), a.prompt_id, a.text)
            for e in self._sorted
            if e.created.date() < before
            for a in e.answers
            if a.text and a.prompt_id in prompts
        ]

    def texts(self, quotes: Iterable[Quote]) -> tuple[Quote, ...]:
        return tuple(quotes)

    def flagged(self) -> list[Entry]:
        return [e for e in self._sorted if e.flagged]

    def last_supervision(self) -> Entry | None:
        done = [e for e in self._sorted if e.kind == "supervision"]
        return max(done, key=lambda e: (e.created, e.id), default=None)

    def by_ids(self, ids: Iterable[str]) -> list[Entry]:
        wanted = set(ids)
        return [e for e in self._sorted if e.id in wanted]

    def without(self, ids: Iterable[str]) -> EntryHistory:
        skip = set(ids)
        return EntryHistory([e for e in self._sorted if e.id not in skip])

    def changed(self, entries: Mapping[str, Entry]) -> EntryHistory:
        return EntryHistory([entries.get(e.id, e) for e in self._sorted])
