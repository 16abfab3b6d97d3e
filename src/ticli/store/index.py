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
from ticli.store import files, vault
from ticli.store.files import DIR_MODE, FILE_MODE
from ticli.store.freshness import (
    INDEXED,
    Freshness,
    Progress,
    record_entry,
)
from ticli.store.reading import TermCounter

#: Bump when the tables or what goes into them change (the term counting included, and
#: so the stop words): an index of another version is built again.
#: 6: files that could not be read have their own partial index.
#: 7: themes' stop words are the stop-words package's English list (issue 14).
#: 8: each folder keeps a digest of its files' stamps (see store.freshness).
INDEX_VERSION = 8
#: SQLite's application_id, so a stranger's database at our name is never mistaken for ours.
APPLICATION_ID = 0x7469636C  # "ticl"
#: How long a command waits for another ticli writing the index, in seconds.
BUSY_TIMEOUT = 5.0


_SCHEMA = """
CREATE TABLE folders (name TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, stamps INTEGER)
    WITHOUT ROWID;
CREATE TABLE files (
    n INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL,
    stamp INTEGER NOT NULL,
    id TEXT, at REAL, day TEXT, kind TEXT, flagged INTEGER, tags TEXT, principles TEXT,
    problem TEXT, line INTEGER,
    dup INTEGER NOT NULL DEFAULT 0,
    counted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX files_folder ON files (folder);
CREATE INDEX files_at ON files (at);
CREATE INDEX files_id ON files (id);
CREATE INDEX files_day ON files (day);
CREATE INDEX files_kind ON files (kind, at);
CREATE INDEX files_flagged ON files (flagged) WHERE flagged = 1;
-- Files that could not be read, found without reading through every row.
CREATE INDEX files_problems ON files (name) WHERE problem IS NOT NULL OR dup = 1;
-- The parsed entries, apart, so that looking through the columns above stays quick.
CREATE TABLE records (n INTEGER PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE answered (n INTEGER NOT NULL, position INTEGER NOT NULL, prompt TEXT NOT NULL);
CREATE INDEX answered_n ON answered (n);
CREATE INDEX answered_prompt ON answered (prompt);
CREATE TABLE terms (key TEXT NOT NULL, form TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (key, form)) WITHOUT ROWID;
CREATE TABLE totals (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
-- Entries the privacy guard found clear, by a digest of their text and the guard's settings.
CREATE TABLE clear (digest BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE body USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');
"""


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
        except sqlite3.DatabaseError as error:
            if self.counter is None or isinstance(error, sqlite3.ProgrammingError):
                raise  # never brought up to date, or a mistake in ticli: not damage
            self.rebuild(in_memory=_busy(error))
            return method(self, *args, **kwargs)

    return ask  # type: ignore[return-value]


class Index(Freshness):
    """The index of one journal folder. Use `open_index`, then `refresh` before asking."""

    def __init__(self, root: Path, db: sqlite3.Connection, path: Path | None) -> None:
        super().__init__(root, db)
        #: Where it is kept (None: in memory for this command only).
        self.path = path
        #: An encrypted journal's index lives in memory, kept between commands encrypted
        #: in this file (None: it is not, or not kept).
        self.sealed: Path | None = None
        self._saved_changes = db.total_changes

    def save(self) -> None:
        """Keep an encrypted journal's index, encrypted, for the next command (only a
        speed-up: never an error when it fails)."""
        if self.sealed is None or self.db.total_changes == self._saved_changes:
            return
        with contextlib.suppress(OSError, sqlite3.Error):
            data = self.db.serialize()
            files.atomic_write(self.sealed, vault.encode_for(self.sealed, data))
            self._saved_changes = self.db.total_changes

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

    def clear_digests(self) -> set[bytes]:
        """The digests of entries the privacy guard found clear (see usecases.privacy)."""
        try:
            return {digest for (digest,) in self.db.execute("SELECT digest FROM clear")}
        except sqlite3.Error:
            return set()  # only a speed-up: check every entry

    def add_clear(self, digests: Sequence[bytes]) -> None:
        """Remember entries found clear. Only a speed-up: never an error when it fails.
        Digests of entries long changed are dropped once they outnumber the entries."""
        if not digests:
            return
        with contextlib.suppress(sqlite3.Error), self.db:
            self.db.execute("BEGIN IMMEDIATE")
            (held,) = self.db.execute("SELECT count(*) FROM clear").fetchone()
            (entries,) = self.db.execute("SELECT count(*) FROM files").fetchone()
            if held + len(digests) > 2 * entries + 1000:
                self.db.execute("DELETE FROM clear")
            self.db.executemany(
                "INSERT OR IGNORE INTO clear VALUES (?)", [(digest,) for digest in digests]
            )
        self.save()

    def rebuild(self, in_memory: bool = False) -> None:
        """Set this index aside and build it again from the files (in memory when it cannot
        be kept, or when `in_memory`)."""
        assert self.counter is not None
        self.close()
        if self.path is not None and not in_memory:
            _set_aside(self.path)
        fresh = open_index(self.root, None if in_memory else self.path)
        try:
            fresh.refresh(self.counter, self.progress, "")
        except sqlite3.Error:
            fresh.close()
            fresh = open_index(self.root, None)
            fresh.refresh(self.counter, self.progress, "")
        fresh.save()
        self.db, self.path, self.sealed = fresh.db, fresh.path, fresh.sealed
        self._saved_changes = fresh._saved_changes

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
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
    it cannot be kept there (a read-only or missing cache folder, a lock held too long)."""
    if vault.is_encrypted(root):
        return _open_sealed(root, path)
    if path is not None:
        for attempt in range(2):
            try:
                return Index(root, _connect(path), path)
            except sqlite3.Error as error:
                if _busy(error):
                    break  # another ticli holds it: use one in memory, leave theirs be
                if attempt == 0:
                    _set_aside(path)
            except (OSError, _Stale):
                if attempt == 0:
                    _set_aside(path)
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(_SCHEMA)
    return Index(root, db, None)


def _open_sealed(root: Path, path: Path | None) -> Index:
    """An encrypted journal's index: in memory, read from its encrypted copy when there is
    a good one (a plain index left from before is removed: it holds the entries' text)."""
    sealed = None
    if path is not None:
        _set_aside(path, plain_only=True)
        # The JSON cache of ticli before the index held entries' text: gone too.
        files.remove(path.with_name(f"entries-{path.name[6:22]}.json"))
        sealed = path.with_name(path.name + vault.AGE_SUFFIX)
    db = None
    if sealed is not None and sealed.is_file():
        db = sqlite3.connect(":memory:", isolation_level=None)
        try:
            db.deserialize(vault.read_plain(sealed))
            _check_version(db)
        except (OSError, sqlite3.Error, _Stale, EntryProblem):
            db.close()
            db = None
    if db is None:
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {INDEX_VERSION}")
    db.execute("PRAGMA temp_store = MEMORY")  # never a temporary file with text in it
    index = Index(root, db, path)
    index.sealed = sealed
    return index


def _check_version(db: sqlite3.Connection) -> None:
    version, app = (
        db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("user_version", "application_id")
    )
    if (version, app) != (INDEX_VERSION, APPLICATION_ID) or _tables(db) != _expected_tables():
        raise _Stale


class _Stale(Exception):
    """An index of another version, or not ticli's."""


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    fresh = not path.exists()
    if fresh:
        # Made private before SQLite writes a byte: it holds the entries' text.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    else:
        _make_private(path)
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        version, app = (
            db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("user_version", "application_id")
        )
        if version == 0 and app == 0:
            with db:
                db.execute("BEGIN IMMEDIATE")
                if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {INDEX_VERSION}")
        elif (version, app) != (INDEX_VERSION, APPLICATION_ID):
            raise _Stale
        if _tables(db) != _expected_tables():
            raise _Stale  # our version number on other tables: not to be trusted
    except BaseException:
        db.close()
        raise
    return db


def _make_private(path: Path) -> None:
    """An index readable by others (restored from a backup, say) is made 0600 again, and
    its write-ahead files, which SQLite makes with the index's own mode."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            if os.stat(f"{path}{suffix}").st_mode & 0o077:
                os.chmod(f"{path}{suffix}", FILE_MODE)


def _tables(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


@functools.lru_cache(maxsize=1)
def _expected_tables() -> list[tuple[str, str, str]]:
    """The tables and indexes an index of this version has, as SQLite records them."""
    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    expected = _tables(db)
    db.close()
    return expected


def _set_aside(path: Path, plain_only: bool = False) -> None:
    """Remove an index that cannot be used (with its WAL files, and its encrypted copy
    unless `plain_only`): it is only ever a copy."""
    suffixes = ("", "-wal", "-shm", "-journal") + (() if plain_only else (vault.AGE_SUFFIX,))
    for suffix in suffixes:
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def fresh_index(
    root: Path,
    path: Path | None,
    counter: TermCounter,
    progress: Progress | None = None,
    deep_from: str | None = "",
    newest: int | None = None,
    since_day: str | None = None,
) -> Index:
    """The index of `root`, brought up to date (see `Index.refresh`).

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

    index = open_index(root, path)
    try:
        bring_up_to_date(index)
        index.save()
        return index
    except sqlite3.Error as error:
        index.close()
        if path is not None and not _busy(error):
            _set_aside(path)
            with contextlib.suppress(sqlite3.Error):
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
        _set_aside(path)
    return fresh_index(root, path, counter, progress)


def forget_index(path: Path | None) -> None:
    """Remove the index, plain and encrypted (after the journal's mode changed)."""
    if path is not None:
        _set_aside(path)


def index_size(path: Path | None) -> int:
    """The bytes the index takes on disk, with its write-ahead log (0: none)."""
    total = 0
    for suffix in ("", "-wal", "-shm", vault.AGE_SUFFIX):
        with contextlib.suppress(OSError):
            total += os.stat(f"{path}{suffix}").st_size
    return total if path is not None else 0


def _busy(error: sqlite3.Error) -> bool:
    """True when another process holds the index: it is fine, just not ours to use now."""
    text = str(error).lower()
    return "locked" in text or "busy" in text
