"""Entries read from the index a batch at a time, as a command goes through them, and never
all held at once: a fifty-year journal's entries take some 150 MB as objects, and export
and check go through every one of them without needing them together."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ticli.model import Entry
from ticli.store.freshness import INDEXED, record_entry

if TYPE_CHECKING:
    from ticli.store.index import Index

T = TypeVar("T")
#: How many entries are read from the index at once.
BATCH = 256


class LazyEntries(Sequence[Entry]):
    """The entries of these index rows (file names), in this order, read as they are
    gone through. An entry deleted by another ticli meanwhile is left out."""

    def __init__(self, index: Index, names: Sequence[str]) -> None:
        self._index = index
        self._names = list(names)

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, at: int) -> Entry: ...

    @overload
    def __getitem__(self, at: slice) -> LazyEntries: ...

    def __getitem__(self, at: int | slice) -> Entry | LazyEntries:
        if isinstance(at, slice):
            return LazyEntries(self._index, self._names[at])
        found = list(self._read([self._names[at]]))
        if not found:
            raise IndexError(f"{self._names[at]} is no longer in the journal")
        return found[0]

    def __iter__(self) -> Iterator[Entry]:
        for start in range(0, len(self._names), BATCH):
            yield from self._read(self._names[start : start + BATCH])

    def __reversed__(self) -> Iterator[Entry]:
        return iter(LazyEntries(self._index, self._names[::-1]))

    def records(self, newest_first: bool = True) -> Iterator[dict[str, Any]]:
        """The entries as the index keeps them, JSON objects in the shape of docs/json.md
        (`model.fields.to_record` of each), read as they are gone through: for an export
        to JSON, which needs nothing more."""
        names = self._names if newest_first else self._names[::-1]
        for start in range(0, len(names), BATCH):
            for record in self._records(names[start : start + BATCH]):
                try:
                    found = json.loads(record)
                except ValueError as error:
                    raise sqlite3.DatabaseError(f"a damaged record in the index: {error}") from None
                if not isinstance(found, dict):
                    raise sqlite3.DatabaseError("a damaged record in the index")
                yield found

    def record_texts(self, newest_first: bool = True) -> Iterator[str]:
        """The records as the index keeps them, as text (`model.fields.record_text`): for
        an export to JSON, which writes them as they are. Each is checked to be a JSON
        object before the first is given (a damaged index is built anew)."""
        names = self._names if newest_first else self._names[::-1]
        self._index.check_records(names)  # a damaged index is built anew first
        for start in range(0, len(names), BATCH):
            yield from self._records(names[start : start + BATCH])

    def stamps_digest(self) -> bytes | None:
        """A digest of these entries as the index read them (`Index.stamps_digest`)."""
        return self._index.stamps_digest(self._names)

    def records_as(self, read: Callable[[dict[str, Any]], T]) -> Iterator[T]:
        """What `read` makes of each record (`records`, newest first), for a command that
        needs a few of an entry's fields, not the entry. A record `read` cannot read is
        damage to the index, as `record_entry` takes it."""
        for record in self.records():
            try:
                yield read(record)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise sqlite3.DatabaseError(f"a damaged record in the index: {error!r}") from None

    def _read(self, names: list[str]) -> Iterator[Entry]:
        for record in self._records(names):
            yield record_entry(record)

    def _records(self, names: list[str]) -> Iterator[str]:
        marks = ", ".join("?" * len(names))
        records = dict(
            self._index.db.execute(
                "SELECT name, record FROM files JOIN records USING (n)"
                f" WHERE {INDEXED} AND name IN ({marks})",
                names,
            )
        )
        for name in names:
            record = records.get(name)
            if record is not None:
                yield record
