"""The index's file: its tables, its version, opening it safely (see store.index).

An index of another version, or a database at its name that is not ticli's, is never
used: it is set aside and built again. The file is private (0600) before SQLite writes
a byte to it: it holds the entries' text.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from pathlib import Path

from ticli.store import sqlite, vault
from ticli.store.files import DIR_MODE, FILE_MODE

#: Bump when the tables or what goes into them change (the term counting included, and
#: so the stop words): an index of another version is built again.
#: 6: files that could not be read have their own partial index.
#: 7: themes' stop words are the stop-words package's English list (issue 14).
#: 8: each folder keeps a digest of its files' stamps (see store.freshness).
#: 9: the search table keeps no copy of the text (a contentless FTS5 table).
INDEX_VERSION = 11
#: SQLite's application_id, so a stranger's database at our name is never mistaken for ours.
APPLICATION_ID = 0x7469636C  # "ticl"
#: How long a command waits for another ticli writing the index, in seconds.
BUSY_TIMEOUT = 5.0


SCHEMA = """
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
-- The parsed entries, apart, so that looking through the columns above stays quick: as
-- `model.fields.record_text` writes them, which an export to JSON writes as they are.
CREATE TABLE records (n INTEGER PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE answered (n INTEGER NOT NULL, position INTEGER NOT NULL, prompt TEXT NOT NULL);
CREATE INDEX answered_n ON answered (n);
CREATE INDEX answered_prompt ON answered (prompt);
CREATE TABLE terms (key TEXT NOT NULL, form TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (key, form)) WITHOUT ROWID;
CREATE TABLE totals (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
-- Entries the privacy guard found clear, by a digest of their text and the guard's settings.
CREATE TABLE clear (digest BLOB PRIMARY KEY) WITHOUT ROWID;
-- Whole checks of the same entries (as read, by their stamps) with the same settings: the
-- names the history showed, and which entries held something (usecases.privacy).
CREATE TABLE guard_runs (key BLOB PRIMARY KEY, known TEXT NOT NULL, holding TEXT NOT NULL,
    at REAL NOT NULL) WITHOUT ROWID;
-- The words of each entry's text, for search, without a copy of the text itself (the
-- records hold it): a quarter of the index, and so of what an encrypted journal decrypts.
CREATE VIRTUAL TABLE body USING fts5 (
    text, content = '', tokenize = 'unicode61 remove_diacritics 2'
);
"""


def check_version(db: sqlite3.Connection) -> None:
    version, app = (
        db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("user_version", "application_id")
    )
    if (version, app) != (INDEX_VERSION, APPLICATION_ID) or tables(db) != expected_tables():
        raise Stale


class Stale(Exception):
    """An index of another version, or not ticli's."""


def connect(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """The index at `path`, made if need be; with `key`, an SQLCipher database (an
    encrypted journal's: see store.sqlite)."""
    if key is not None:
        sqlite.load_cipher()  # before any file is made: NoCipher where there is none
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    fresh = not path.exists()
    if fresh:
        # Made private before SQLite writes a byte: it holds the entries' text.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    else:
        make_private(path)
    if key is None:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    else:
        db = sqlite.cipher_connect(path, key, BUSY_TIMEOUT)
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
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {INDEX_VERSION}")
        elif (version, app) != (INDEX_VERSION, APPLICATION_ID):
            raise Stale
        if tables(db) != expected_tables():
            raise Stale  # our version number on other tables: not to be trusted
    except BaseException:
        db.close()
        raise
    return db


def make_private(path: Path) -> None:
    """An index readable by others (restored from a backup, say) is made 0600 again, and
    its write-ahead files, which SQLite makes with the index's own mode."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            if os.stat(f"{path}{suffix}").st_mode & 0o077:
                os.chmod(f"{path}{suffix}", FILE_MODE)


def tables(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


@functools.lru_cache(maxsize=1)
def expected_tables() -> list[tuple[str, str, str]]:
    """The tables and indexes an index of this version has, as SQLite records them."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    expected = tables(db)
    db.close()
    return expected


def cipher_path(path: Path) -> Path:
    """Where an encrypted journal's index is kept, beside where a plain one would be."""
    return path.with_name(path.name.removesuffix(".sqlite3") + ".sqlcipher")


def set_aside(path: Path, plain_only: bool = False) -> None:
    """Remove an index that cannot be used (with its WAL files, and the encrypted
    journal's index unless `plain_only`): it is only ever a copy."""
    doomed = [f"{path}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]
    if not plain_only:
        encrypted = cipher_path(path)
        doomed += [f"{encrypted}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]
        doomed.append(f"{path}{vault.AGE_SUFFIX}")  # ticli 0.1's sealed in-memory copy
    for name in doomed:
        with contextlib.suppress(OSError):
            os.unlink(name)


def busy(error: Exception) -> bool:
    """True when another process holds the index: it is fine, just not ours to use now."""
    text = str(error).lower()
    return "locked" in text or "busy" in text
