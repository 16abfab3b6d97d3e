"""The index: an SQLite copy of what the entry files hold, in the user's cache folder.

The Markdown files are the only source of truth. The index keeps, per file, its
stamp (mtime_ns, size, inode and ctime_ns, hashed), the parsed entry as a record, and the
columns commands filter on; an FTS5 table for search; and the journal's word
and phrase counts in total, so patterns need no re-reading. Before any answer
it is brought up to date with the folders (`Index.refresh`): only what changed,
appeared or vanished is read again.

It is never trusted over the files: a corrupt, locked, unreadable or
newer-versioned index is set aside and built again (or, where it cannot be
written, kept in memory for this one command). Deleting it changes nothing but
speed.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ticli.errors import EntryProblem, SameId
from ticli.model import Entry
from ticli.store import agekeys, files, folderlook, sqlite, vault
from ticli.store.freshness import (
    INDEXED,
    Freshness,
    Progress,
    record_entry,
)
from ticli.store.guardmemory import GuardMemory
from ticli.store.indexdb import (
    SCHEMA,
    Stale,
    busy,
    cipher_path,
    connect,
    set_aside,
)
from ticli.store.reading import TermCounter


@dataclass(frozen=True)
class Row:
    """One indexed entry: its file (relative to the journal) and what it holds."""

    name: str
    entry: Entry


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _mended(method: _Method) -> _Method:
    """Ask again, once, of an index built anew when the index turns out damaged midway
    (a bad page, a table not as it should be): never an error the user has to solve."""

    @functools.wraps(method)
    def ask(self: Index, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite.DatabaseError as error:
            if self.counter is None or isinstance(error, sqlite.ProgrammingError):
                raise  # never brought up to date, or a mistake in ticli: not damage
            self.rebuild(in_memory=busy(error))
            return method(self, *args, **kwargs)

    return ask  # type: ignore[return-value]


def _an_object(record: object) -> bool:
    import json

    try:
        return isinstance(record, str) and isinstance(json.loads(record), dict)
    except ValueError:
        return False


class Index(Freshness, GuardMemory):
    """The index of one journal folder. Use `open_index`, then `refresh` before asking."""

    def __init__(self, root: Path, db: sqlite3.Connection, path: Path | None) -> None:
        super().__init__(root, db)
        #: Where it is kept (None: in memory for this command only); an encrypted
        #: journal's is an SQLCipher database beside it, at `indexdb.cipher_path(path)`.
        self.path = path
        #: Asked before it was brought up to date (see `fresh_index`'s `speculate`): from
        #: which folder on it is still to be checked against the folders.
        self.unconfirmed: str | None = None

    def confirmed(self) -> bool:
        """Whether what was asked of this index holds for the folders as they are: always,
        unless it was opened with `speculate`. Then the look a child process took at the
        start (store.folderstamps) is compared with the index as it was asked (its read
        transaction); when they differ, the index is brought up to date, and False says
        to ask again."""
        deep_from, self.unconfirmed = self.unconfirmed, None
        if deep_from is None:
            return True
        assert self.counter is not None
        look = folderlook.taken(self.root, deep_from)
        self.ahead = look
        try:
            up_to_date = self.refresh(self.counter, self.progress, deep_from, only_look=True)
            # The view held since it was opened, let go: held on (while the answer goes
            # into a pager, say), it would keep another ticli from folding the log back.
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if up_to_date:
                return True
            self.ahead = look
            self.refresh(self.counter, self.progress, deep_from)
        except sqlite.DatabaseError as error:
            if isinstance(error, sqlite.ProgrammingError):
                raise
            self.rebuild(in_memory=busy(error))
        return False

    # ------------------------------------------------------------ bringing it up to date

    # ------------------------------------------------------------ asking

    @_mended
    def rows(
        self,
        where: str = "",
        params: Sequence[Any] = (),
        order: str = "at, name",
        limit: int | None = None,
    ) -> list[Row]:
        """The entries the condition chooses (SQL over the columns of `files`), in order."""
        return [
            Row(name, record_entry(record))
            for name, record in self.db.execute(
                "SELECT name, record FROM files JOIN records USING (n)"
                + _chosen(where, order, limit),
                params,
            )
        ]

    def hold(self) -> None:
        """See the index as it is now until this connection is closed: what another ticli
        writes meanwhile is not seen (a read transaction). For a command that goes
        through the entries twice (the privacy guard, then the export), which must be
        the same entries both times."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
            self.db.execute("SELECT count(*) FROM files").fetchone()  # the view starts here

    @_mended
    def names(
        self,
        where: str = "",
        params: Sequence[Any] = (),
        order: str = "at, name",
        limit: int | None = None,
    ) -> list[tuple[str, str]]:
        """The file names and ids of the entries the condition chooses, in order (`rows`
        without reading the entries: store.lazy reads them as they are gone through)."""
        return self.db.execute(
            "SELECT name, id FROM files" + _chosen(where, order, limit), params
        ).fetchall()

    @_mended
    def problems(self, where: str = "", params: Sequence[Any] = ()) -> list[EntryProblem]:
        """The files that could not be read, and second files with an id already used."""
        condition = (
            f"(problem IS NOT NULL OR dup = 1) AND ({where})"
            if where
            else ("problem IS NOT NULL OR dup = 1")
        )
        found: list[EntryProblem] = []
        for name, problem, line, entry_id in self.db.execute(
            f"SELECT name, problem, line, id FROM files WHERE {condition} ORDER BY name", params
        ):
            if problem is None:
                first = self.db.execute(
                    f"SELECT name FROM files WHERE id = ? AND {INDEXED}", (entry_id,)
                ).fetchone()
                problem = _same_id(name, first[0], self.root)
                found.append(SameId(str(self.root / name), line, problem))
                continue
            found.append(EntryProblem(str(self.root / name), line, problem))
        found += [p for p in self.unreadable.values() if not where]
        return found

    @_mended
    def values(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of any read-only query over the index's tables."""
        return self.db.execute(sql, params).fetchall()

    @_mended
    def term_totals(self) -> tuple[dict[tuple[str, str], int], int]:
        """The word and phrase counts of every entry together, and the number of words."""
        forms = {(key, form): n for key, form, n in self.db.execute("SELECT * FROM terms")}
        words = self.db.execute("SELECT value FROM totals WHERE name = 'words'").fetchone()
        return forms, words[0] if words else 0

    @_mended
    def check_records(self, names: Sequence[str]) -> None:
        """Raise DatabaseError if a record of these files is not a JSON object (a damaged
        index): `_mended` then builds the index anew and looks again. For an export that
        writes the records as they are, without reading them. SQLite's own JSON parser
        looks (no objects made); where SQLite has none, Python's."""
        for start in range(0, len(names), 500):
            batch = names[start : start + 500]
            marks = ", ".join("?" * len(batch))
            chosen = f"FROM files JOIN records USING (n) WHERE {INDEXED} AND name IN ({marks})"
            try:
                (bad,) = self.db.execute(
                    f"SELECT count(*) {chosen} AND NOT (json_valid(record) AND"
                    " substr(record, 1, 1) = '{' AND json_type(record) = 'object')",
                    batch,
                ).fetchone()
            except sqlite3.OperationalError as error:
                if "json" not in str(error):
                    raise
                records = self.db.execute(f"SELECT record {chosen}", batch)
                bad = sum(not _an_object(record) for (record,) in records)
            if bad:
                raise sqlite3.DatabaseError("a damaged record in the index")

    def rebuild(self, in_memory: bool = False) -> None:
        """Set this index aside and build it again from the files (in memory when it cannot
        be kept, or when `in_memory`)."""
        assert self.counter is not None
        self.unconfirmed = None  # built from the files: nothing left to check
        self.close()
        if self.path is not None and not in_memory:
            set_aside(self.path)
        fresh = open_index(self.root, None if in_memory else self.path)
        try:
            fresh.refresh(self.counter, self.progress, "")
        except sqlite.Error:
            fresh.close()
            fresh = open_index(self.root, None)
            fresh.refresh(self.counter, self.progress, "")
        self.db, self.path = fresh.db, fresh.path

    def close(self) -> None:
        with contextlib.suppress(*sqlite.Error):
            self.db.close()


def _chosen(where: str, order: str, limit: int | None) -> str:
    """The WHERE, ORDER BY and LIMIT of a question about the indexed entries."""
    condition = f"{INDEXED} AND ({where})" if where else INDEXED
    most = f" LIMIT {int(limit)}" if limit is not None else ""
    return f" WHERE {condition} ORDER BY {order}{most}"


def _same_id(name: str, first: str, root: Path) -> str:
    if vault.plain_name(Path(name)) == vault.plain_name(Path(first)):
        return (
            f"is the same entry as {root / first}, once plain and once encrypted (an encrypt "
            "or decrypt that was cut short, or a sync): run that command again to finish"
        )
    return f"has the same id as {root / first}; give one a new id"


# ---------------------------------------------------------------- opening


def open_index(root: Path, path: Path | None) -> Index:
    """The index of `root` kept at `path`, made or made again as needed; in memory when
    it cannot be kept there (a read-only or missing cache folder, a lock held too long).
    An encrypted journal's is an SQLCipher database (asking for the passphrase, if it
    was not asked yet, before anything is opened)."""
    key = None
    if vault.is_encrypted(root):
        key = vault.index_key(vault.current(root).keys())
        if path is not None:
            set_aside(path, plain_only=True)  # a plain index left from before: its text
            # The JSON cache of ticli before the index held entries' text, and the age
            # copy of an index ticli 0.1 kept in memory: gone too.
            files.remove(path.with_name(f"entries-{path.name[6:22]}.json"))
            files.remove(path.with_name(path.name + vault.AGE_SUFFIX))
    elif path is not None and os.path.exists(cipher_path(path)):
        # An encrypted journal's index, left after the journal was decrypted (here or
        # on another device, and synced): it is of no more use.
        set_aside(cipher_path(path), plain_only=True)
    if path is not None:
        kept_at = path if key is None else cipher_path(path)
        for attempt in range(2):
            try:
                return Index(root, connect(kept_at, key), path)
            except sqlite.NoCipher:
                break  # no SQLCipher for this machine: an index in memory, every time
            except sqlite.Error as error:
                if busy(error):
                    break  # another ticli holds it: use one in memory, leave theirs be
                if attempt == 0:
                    set_aside(path)
            except (OSError, Stale):
                if attempt == 0:
                    set_aside(path)
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("PRAGMA temp_store = MEMORY")  # never a temporary file with text in it
    db.executescript(SCHEMA)
    return Index(root, db, None)


def fresh_index(
    root: Path,
    path: Path | None,
    counter: TermCounter,
    progress: Progress | None = None,
    deep_from: str | None = "",
    newest: int | None = None,
    since_day: str | None = None,
    speculate: bool = False,
) -> Index:
    """The index of `root`, brought up to date (see `Index.refresh`).

    With `speculate`, while a child process is still looking at every folder as the
    command started (store.folderstamps), the index is opened as it is and held (a read
    transaction), to be asked at once: the look is compared with it afterwards, when the
    caller asks `Index.confirmed()`, and the caller asks again if it was not up to date.

    Whatever goes wrong with the index file (corrupt, locked by a ticli that does
    not let go, on a disk that will not take it) is never the user's problem: it
    is set aside and made again, or made in memory for this command. With `newest`,
    only what the newest entries need is looked at (see `Index.refresh_newest`).
    """

    def bring_up_to_date(index: Index) -> Index:
        if newest is not None:
            index.refresh_newest(counter, progress, newest)
        elif since_day is not None:
            index.refresh_since(counter, progress, since_day)
        else:
            index.refresh(counter, progress, deep_from)
        return index

    # While the passphrase's scrypt works in its thread, the folders are looked at before
    # the index (which needs the key) is opened: the first part of the refresh, sooner;
    # and SQLCipher is loaded.
    first = f"{since_day[:4]}/{since_day[5:7]}" if since_day is not None else deep_from
    if speculate and newest is None and since_day is None and folderlook.pending(root, first):
        held: Index | None = None
        try:
            held = open_index(root, path)
            held.hold()
        except Exception as error:
            # sqlite.Error names SQLCipher's errors too once open_index has loaded it: read
            # here, not before. A damaged index is then brought up to date below, as ever.
            if not isinstance(error, sqlite.Error):
                raise
            if held is not None:
                held.close()
        else:
            held.counter, held.progress, held.unconfirmed = counter, progress, first
            return held
    look = folderlook.taken(root, first) if newest is None else None
    if agekeys.under_way() and vault.is_encrypted(root):
        if look is None and newest is None and first is not None:
            look = folderlook.look_ahead(root, first)
        with contextlib.suppress(sqlite.NoCipher):
            sqlite.load_cipher()
    index = open_index(root, path)
    index.ahead = look
    try:
        return bring_up_to_date(index)
    except sqlite.Error as error:
        index.close()
        if path is not None and not busy(error):
            set_aside(path)
            with contextlib.suppress(*sqlite.Error):
                index = open_index(root, path)
                return bring_up_to_date(index)
            index.close()
    return bring_up_to_date(open_index(root, None))


def rebuild_index(
    root: Path, path: Path | None, counter: TermCounter, progress: Progress | None = None
) -> Index:
    """Throw the index away and build it again from the files (an encrypted journal's
    key is opened first: a wrong passphrase throws nothing away)."""
    if vault.is_encrypted(root):
        vault.current(root).keys()
    if path is not None:
        set_aside(path)
    return fresh_index(root, path, counter, progress)


def forget_index(path: Path | None) -> None:
    """Remove the index, plain and encrypted (after the journal's mode changed)."""
    if path is not None:
        set_aside(path)


def index_kept_at(root: Path, path: Path | None) -> Path | None:
    """The file the index of `root` is kept in (an encrypted journal's is an SQLCipher
    database beside `path`; None: kept in memory only)."""
    if path is None:
        return None
    if vault.is_encrypted(root):
        return cipher_path(path) if sqlite.cipher_available() else None
    return path


def index_size(path: Path | None) -> int:
    """The bytes the index takes on disk, with its write-ahead log (0: none)."""
    if path is None:
        return 0
    total = 0
    for kept in (path, cipher_path(path)):
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                total += os.stat(f"{kept}{suffix}").st_size
    return total
