"""The journal's History (see analysis.history) answered by queries on the index.

A summary of a month in a twenty-year journal reads the entries of the month
and the month before; for the rest it asks the index for word totals, dates
and the few quotes it shows. The answers equal those of `EntryHistory` over
every entry (tests/test_history.py holds them to it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, overload

from ticli import store
from ticli.analysis.history import Period, Quote
from ticli.analysis.themes import TermCounts, term_counts
from ticli.model import Entry
from ticli.usecases.journal import entry_terms


class IndexHistory:
    """A History read from an up-to-date index; some entries left out or changed."""

    def __init__(
        self,
        index: store.Index,
        removed: frozenset[str] = frozenset(),
        changes: Mapping[str, Entry] | None = None,
    ) -> None:
        self.index = index
        self.removed = removed
        self.changes = dict(changes or {})
        #: The answers `old_answers` left without their text: where to find it.
        self._places: dict[Quote, tuple[str, int]] = {}
        #: The last span of days read by `between`, and its entries.
        self._read: tuple[date, date, list[Entry]] | None = None

    # ------------------------------------------------------------ queries

    def _not_removed(self, column: str = "id") -> tuple[str, list[Any]]:
        return f"{column} NOT IN (SELECT value FROM json_each(?))", [
            json.dumps(sorted(self.removed))
        ]

    def _entries(
        self,
        where: str,
        params: Sequence[Any] = (),
        order: str = "at, id",
        limit: int | None = None,
    ) -> list[Entry]:
        skip, skip_params = self._not_removed()
        rows = self.index.rows(f"({where}) AND {skip}", [*params, *skip_params], order, limit)
        return [self.changes.get(row.entry.id, row.entry) for row in rows]

    def between(self, first: date, last: date) -> list[Entry]:
        # A report asks for its period after its summary read that and the period before:
        # what was read is kept (a History never changes; `without` and `changed` make others).
        if self._read and self._read[0] <= first and last <= self._read[1]:
            return [e for e in self._read[2] if first <= e.created.date() <= last]
        found = self._entries("day >= ? AND day <= ?", (first.isoformat(), last.isoformat()))
        self._read = (first, last, found)
        return found

    def days_near(self, windows: Sequence[tuple[date, date]]) -> list[tuple[date, str]]:
        if not windows:
            return []
        where = " OR ".join("(day >= ? AND day <= ?)" for _ in windows)
        skip, params = self._not_removed()
        rows = self.index.values(
            f"SELECT day, id FROM files WHERE {store.INDEXED} AND ({where}) AND {skip}"
            # `+at`: SQLite would otherwise walk the whole of files in `at` order (0.13 s
            # at 36,500) instead of finding the few hundred by their day.
            " ORDER BY +at, id",
            [*(d.isoformat() for window in windows for d in window), *params],
        )
        return [(date.fromisoformat(day), entry_id) for day, entry_id in rows]

    def rest_terms(self, now: Sequence[Entry]) -> TermCounts:
        forms, words = self.index.term_totals()
        counts: Counter[tuple[str, str]] = Counter(forms)
        # The totals are of the entries as stored: take out those left out or changed,
        # put back the changed ones as changed, then take out the period's.
        for entry in self.index_entries(self.removed | self.changes.keys()):
            words -= self._add(counts, entry, -1)
        for entry_id, entry in self.changes.items():
            if entry_id not in self.removed and self.index_entries({entry_id}):
                words += self._add(counts, entry, 1)
        # The period's in one pass: the counts of many entries are the sum of theirs.
        period = term_counts(now)
        counts.subtract(period.form_counts)
        words -= period.words
        rest = TermCounts(words=words)
        for (key, form), n in counts.items():
            if n > 0:
                rest.counts[key] += n
                rest.form_counts[key, form] += n
        return rest

    @staticmethod
    def _add(counts: Counter[tuple[str, str]], entry: Entry, sign: int) -> int:
        forms, words = entry_terms(entry)
        for key, n in forms.items():
            counts[key] += sign * n
        return words

    def index_entries(self, ids: Iterable[str]) -> list[Entry]:
        """Entries as the index holds them, whatever was left out or changed."""
        return [
            row.entry
            for row in self.index.rows("id IN (SELECT value FROM json_each(?))", [_ids(ids)])
        ]

    def rest_span(self, period: Period) -> tuple[date, date] | None:
        skip, params = self._not_removed()
        # Four questions, each answered from the `day` index at once (one with
        # "day < ? OR day > ?" went through every row: 20 ms at 36,500).
        ends = [
            self._one(
                f"SELECT {most}(day) FROM files WHERE {store.INDEXED} AND day {side} ? AND {skip}",
                [limit.isoformat(), *params],
            )[0]
            for most in ("min", "max")
            for side, limit in (("<", period.start), (">", period.end))
        ]
        days = [d for d in ends if d is not None]
        return (date.fromisoformat(min(days)), date.fromisoformat(max(days))) if days else None

    def oldest(self) -> date | None:
        skip, params = self._not_removed()
        (first,) = self._one(f"SELECT min(day) FROM files WHERE {store.INDEXED} AND {skip}", params)
        return date.fromisoformat(first) if first else None

    def _one(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
        return self.index.values(sql, params)[0]

    def old_answers(self, before: date, prompts: frozenset[str]) -> Sequence[Quote]:
        skip, params = self._not_removed("f.id")
        query = (
            " FROM answered a JOIN files f ON f.n = a.n"
            f" WHERE f.problem IS NULL AND f.dup = 0 AND {skip}"
            " AND f.day < ? AND a.prompt IN (SELECT value FROM json_each(?))"
        )
        params += [before.isoformat(), _ids(prompts)]
        if not self.changes:
            # Only a few are shown: they are fetched by their place in the list.
            return _OldAnswers(self, query, params)
        return [q for q in self._quotes(query, params) if self._kept(q)]

    def _quotes(self, query: str, params: list[Any], one: int | None = None) -> list[Quote]:
        found = []
        where = f" LIMIT 1 OFFSET {int(one)}" if one is not None else ""
        for entry_id, day, prompt, name, position in self.index.values(
            f"SELECT f.id, f.day, a.prompt, f.name, a.position{query}"
            f" ORDER BY f.at, f.id, a.position{where}",
            params,
        ):
            # The text is fetched for the few quotes chosen; until then, where it is.
            quote = Quote(entry_id, date.fromisoformat(day), prompt, f"{name}\0{position}")
            self._places[quote] = (name, position)
            found.append(quote)
        return found

    def _kept(self, quote: Quote) -> bool:
        """False when a privacy review took the whole answer out."""
        changed = self.changes.get(quote.entry_id)
        return changed is None or bool(changed.answers[self._places[quote][1]].text)

    def texts(self, quotes: Iterable[Quote]) -> tuple[Quote, ...]:
        filled = []
        for quote in quotes:
            _, position = self._places[quote]
            entry = self.changes.get(quote.entry_id) or self.index_entries({quote.entry_id})[0]
            filled.append(
                Quote(quote.entry_id, quote.day, quote.prompt_id, entry.answers[position].text)
            )
        return tuple(filled)

    def flagged(self) -> list[Entry]:
        return self._entries("flagged = 1")

    def last_supervision(self) -> Entry | None:
        found = self._entries("kind = 'supervision'", order="at DESC, id DESC", limit=1)
        return found[0] if found else None

    def by_ids(self, ids: Iterable[str]) -> list[Entry]:
        return self._entries("id IN (SELECT value FROM json_each(?))", [_ids(ids)])

    def paths(self, ids: Iterable[str]) -> dict[str, Path]:
        """Where the entries with these ids are kept."""
        return {
            entry_id: self.index.root / name
            for entry_id, name in self.index.values(
                f"SELECT id, name FROM files WHERE {store.INDEXED}"
                " AND id IN (SELECT value FROM json_each(?))",
                [_ids(ids)],
            )
        }

    def without(self, ids: Iterable[str]) -> IndexHistory:
        return IndexHistory(self.index, self.removed | frozenset(ids), self.changes)

    def changed(self, entries: Mapping[str, Entry]) -> IndexHistory:
        return IndexHistory(self.index, self.removed, {**self.changes, **entries})


def _ids(values: Iterable[str]) -> str:
    return json.dumps(sorted(set(values)))


class _OldAnswers(Sequence[Quote]):
    """A list of quotes that fetches each one only when it is looked at: one query
    finds them all in order, by the answer's row alone (a count and a query per quote
    with OFFSET each went through and sorted every answer again: 0.2 s at 36,500)."""

    def __init__(self, history: IndexHistory, query: str, params: list[Any]) -> None:
        self.history, self.query, self.params = history, query, params
        self.rows = [
            n
            for (n,) in history.index.values(
                f"SELECT a.rowid{query} ORDER BY f.at, f.id, a.position", params
            )
        ]
        self.size = len(self.rows)

    def __len__(self) -> int:
        return int(self.size)

    @overload
    def __getitem__(self, place: int) -> Quote: ...
    @overload
    def __getitem__(self, place: slice) -> Sequence[Quote]: ...
    def __getitem__(self, place: int | slice) -> Quote | Sequence[Quote]:
        if isinstance(place, slice):
            return [self[i] for i in range(*place.indices(len(self)))]
        if not -self.size <= place < self.size:
            raise IndexError(place)
        found = self.history._quotes(
            f"{self.query} AND a.rowid = ?", [*self.params, self.rows[place]]
        )
        if found:
            return found[0]
        # Changed by another ticli since the list was made: the answer at that place now.
        return self.history._quotes(self.query, self.params, place % self.size)[0]
