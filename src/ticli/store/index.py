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
import json
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ticli.errors import EntryProblem
from ticli.model import Entry, fold_text
from ticli.model.fields import from_trusted_record, to_record
from ticli.store.entryfile import parse_entry
from ticli.store.files import DIR_MODE, FILE_MODE

#: Bump when the tables or what goes into them change (the term counting included):
#: an index of another version is built again.
INDEX_VERSION = 2
#: SQLite's application_id, so a stranger's database at our name is never mistaken for ours.
APPLICATION_ID = 0x7469636C  # "ticl"
#: A folder or file changed less than this long before it was indexed may change again
#: within the same clock tick, unseen: it is looked at again next time.
RACY_NS = 2_000_000_000
#: How long a command waits for another ticli writing the index, in seconds.
BUSY_TIMEOUT = 5.0
#: From this many files to read, the caller is told how far along it is.
PROGRESS_FROM = 500

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{2}")

#: word and phrase counts of an entry: {(stem key, form as written): count}, words
TermCounter = Callable[[Entry], tuple[Mapping[tuple[str, str], int], int]]
Progress = Callable[[int, int], None]

_SCHEMA = """
CREATE TABLE folders (name TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL) WITHOUT ROWID;
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
CREATE VIRTUAL TABLE vocabulary USING fts5vocab (body, 'row');
"""

#: Rows that are entries a command may show: read, and not a second file with a known id.
INDEXED = "problem IS NULL AND dup = 0"


@dataclass(frozen=True)
class Row:
    """One indexed entry: its file (relative to the journal) and what it holds."""

    name: str
    entry: Entry


def body_text(entry: Entry) -> str:
    """What search looks through: the note, every answer and the tags, a line apart, with
    case and accents folded as search folds them (model.fold_text)."""
    return fold_text(
        "\n".join([entry.note, *(a.text for a in entry.answers), " ".join(entry.tags)])
    )


def _words(values: Iterable[str]) -> str:
    """Tags or principles as ' a b c ', so `instr(tags, ' a ')` finds one exactly."""
    return " " + " ".join(values) + " "


class Index:
    """The index of one journal folder. Use `open_index`, then `refresh` before asking."""

    def __init__(self, root: Path, db: sqlite3.Connection, path: Path | None) -> None:
        self.root = root
        self.db = db
        #: Where it is kept (None: in memory for this command only).
        self.path = path
        self._pending: Counter[tuple[str, str]] = Counter()
        self._pending_words = 0

    # ------------------------------------------------------------ bringing it up to date

    def refresh(
        self,
        counter: TermCounter,
        progress: Progress | None = None,
        deep_from: str | None = "",
    ) -> None:
        """Bring the index up to date with the folders.

        Every folder's listing is checked through its mtime; the files of folders
        named `deep_from` ("YYYY/MM") or later are each stat'ed too, which sees an
        edit in place. The default, "", looks at every file; None at none.
        """
        now = time.time_ns()
        folders = self._folders()
        known = dict(self.db.execute("SELECT name, mtime_ns FROM folders"))
        deep = {f for f in folders if deep_from is not None and f >= deep_from}
        to_list = sorted(f for f, mtime in folders.items() if f in deep or known.get(f) != mtime)
        changed, vanished = self._look(to_list, deep, now)
        # Folders known to the index, or holding indexed files, that are no longer there.
        holding = {f for (f,) in self.db.execute("SELECT DISTINCT folder FROM files")}
        gone = [f for f in set(known) | holding if f not in folders]
        for folder in gone:
            vanished += [
                name
                for (name,) in self.db.execute("SELECT name FROM files WHERE folder = ?", (folder,))
            ]
        listed = {f: folders[f] for f in to_list if known.get(f) != folders[f]}
        if not (changed or vanished or gone or listed):
            return
        self._apply(changed, vanished, counter, progress, now)
        if len(changed) + len(vanished) >= PROGRESS_FROM:
            # After a big change, fold the write-ahead log back in: it would double the size.
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self.db:
            self.db.executemany("DELETE FROM folders WHERE name = ?", [(f,) for f in gone])
            self.db.executemany(
                "INSERT OR REPLACE INTO folders VALUES (?, ?)",
                [(f, m if now - m >= RACY_NS else -1) for f, m in listed.items()],
            )

    def _look(self, to_list: list[str], deep: set[str], now: int) -> tuple[list[str], list[str]]:
        """The files in these folders that are new or (in `deep` folders) changed, and
        the indexed files no longer there."""
        if not to_list:
            return [], []
        stored: dict[str, int] = dict(
            self.db.execute("SELECT name, stamp FROM files WHERE folder >= ?", (to_list[0],))
        )
        changed: list[str] = []
        seen: set[str] = set()
        for folder in to_list:
            look_inside = folder in deep
            try:
                items = list(os.scandir(self.root / folder))
            except OSError:
                continue  # gone since it was listed: its files are no longer there
            for item in items:
                # Names starting with '.' are temporary files of a write in progress.
                if not item.name.endswith(".md") or item.name.startswith("."):
                    continue
                name = f"{folder}/{item.name}"
                seen.add(name)
                old = stored.get(name)
                if old is not None and not look_inside:
                    continue
                try:
                    # A stamp of 0 (changed this very moment) is never taken as unchanged.
                    if old == _stamp(item.stat(), now) != 0:
                        continue
                except OSError:
                    pass  # read below, which names the reason
                changed.append(name)
        listed = set(to_list)
        vanished = [n for n in stored if n not in seen and n.rsplit("/", 1)[0] in listed]
        return changed, vanished

    def refresh_newest(self, counter: TermCounter, progress: Progress | None, limit: int) -> None:
        """Bring the index up to date for the newest `limit` entries: every listing, and
        each file in the folders those entries are in, or newer ones. (An entry whose date
        was changed by hand in place, in an older folder, is seen by the next command that
        looks at every file.)"""
        self.refresh(counter, progress, None)
        checked: str | None = None
        while True:
            newest = self.db.execute(
                f"SELECT folder FROM files WHERE {INDEXED} ORDER BY at DESC, id LIMIT ?",
                (limit,),
            ).fetchall()
            floor = min(f for (f,) in newest) if len(newest) == limit else ""
            if checked is not None and floor >= checked:
                return
            self.refresh(counter, progress, floor)
            checked = floor

    def _folders(self) -> dict[str, int]:
        """Every year/month folder, with its mtime."""
        found: dict[str, int] = {}
        try:
            years = [y for y in os.scandir(self.root) if _YEAR.fullmatch(y.name) and y.is_dir()]
        except (FileNotFoundError, NotADirectoryError):
            return found
        for year in years:
            with contextlib.suppress(OSError):  # gone since the journal folder was listed
                for month in os.scandir(year.path):
                    if _MONTH.fullmatch(month.name) and month.is_dir():
                        found[f"{year.name}/{month.name}"] = month.stat().st_mtime_ns
        return found

    def _apply(
        self,
        changed: Sequence[str],
        vanished: Sequence[str],
        counter: TermCounter,
        progress: Progress | None,
        now: int,
    ) -> None:
        total = len(changed)
        tell = progress if progress is not None and total >= PROGRESS_FROM else None
        ids: set[str] = set()
        self._pending.clear()
        self._pending_words = 0
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            for name in vanished:
                ids |= self._forget(name, counter)
            for done, name in enumerate(changed, 1):
                ids |= self._forget(name, counter)
                ids |= self._read(name, now)
                if tell and (done % 200 == 0 or done == total):
                    tell(done, total)
            self._settle(ids, counter)
            self._flush_terms()

    def _forget(self, name: str, counter: TermCounter) -> set[str]:
        row = self.db.execute(
            "SELECT f.n, id, record, counted FROM files f LEFT JOIN records r ON r.n = f.n"
            " WHERE name = ?",
            (name,),
        )
        found = row.fetchone()
        if found is None:
            return set()
        n, entry_id, record, counted = found
        if counted:
            self._count(_entry(record), counter, -1)
        self.db.execute("DELETE FROM files WHERE n = ?", (n,))
        self.db.execute("DELETE FROM records WHERE n = ?", (n,))
        self.db.execute("DELETE FROM body WHERE rowid = ?", (n,))
        self.db.execute("DELETE FROM answered WHERE n = ?", (n,))
        return {entry_id} if entry_id else set()

    def _read(self, name: str, now: int) -> set[str]:
        path = self.root / name
        stamp, data = 0, None
        try:
            with path.open("rb") as handle:
                stamp = _stamp(os.fstat(handle.fileno()), now)
                data = handle.read()
        except FileNotFoundError:
            return set()  # gone since the folder was listed
        except OSError as error:
            problem: EntryProblem | None = EntryProblem(
                str(path), None, f"cannot be read ({error.strerror})"
            )
        folder = name.rsplit("/", 1)[0]
        entry = None
        if data is not None:
            try:
                entry = parse_entry(data, str(path))
                problem = None
            except EntryProblem as error:
                problem = error
        if entry is None:
            assert problem is not None
            self.db.execute(
                "INSERT INTO files (name, folder, stamp, problem, line) VALUES (?, ?, ?, ?, ?)",
                (name, folder, stamp, problem.reason, problem.line),
            )
            return set()
        record = json.dumps(to_record(entry), ensure_ascii=False)
        cursor = self.db.execute(
            "INSERT INTO files (name, folder, stamp, id, at, day, kind, flagged, tags,"
            " principles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                folder,
                stamp,
                entry.id,
                entry.created.timestamp(),
                entry.created.date().isoformat(),
                entry.kind,
                int(entry.flagged),
                _words(entry.tags),
                _words(entry.principles),
            ),
        )
        n = cursor.lastrowid
        self.db.execute("INSERT INTO records VALUES (?, ?)", (n, record))
        self.db.execute("INSERT INTO body (rowid, text) VALUES (?, ?)", (n, body_text(entry)))
        self.db.executemany(
            "INSERT INTO answered VALUES (?, ?, ?)",
            [(n, i, a.prompt_id) for i, a in enumerate(entry.answers) if a.text],
        )
        return {entry.id}

    def _settle(self, ids: set[str], counter: TermCounter) -> None:
        """Mark which of the files with these ids are second copies (the first by file
        name is the entry; the others are reported), and keep the term totals to the
        entries that count."""
        for entry_id in ids:
            rows = self.db.execute(
                "SELECT f.n, name, record, counted FROM files f JOIN records r ON r.n = f.n"
                " WHERE id = ? AND problem IS NULL ORDER BY name",
                (entry_id,),
            ).fetchall()
            for position, (n, _, record, counted) in enumerate(rows):
                wanted = int(position == 0)
                if counted != wanted:
                    self._count(_entry(record), counter, 1 if wanted else -1)
                self.db.execute(
                    "UPDATE files SET dup = ?, counted = ? WHERE n = ?", (1 - wanted, wanted, n)
                )

    def _count(self, entry: Entry, counter: TermCounter, sign: int) -> None:
        """Add (or take away) an entry's words to the totals, written by `_flush_terms`."""
        forms, words = counter(entry)
        for key, n in forms.items():
            self._pending[key] += sign * n
        self._pending_words += sign * words

    def _flush_terms(self) -> None:
        changes = [(key, form, n, n) for (key, form), n in self._pending.items() if n]
        self.db.executemany(
            "INSERT INTO terms VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = count + ?",
            changes,
        )
        self.db.executemany(
            "DELETE FROM terms WHERE key = ? AND form = ? AND count <= 0",
            [(key, form) for key, form, n, _ in changes if n < 0],
        )
        words = self._pending_words
        self.db.execute(
            "INSERT INTO totals VALUES ('words', ?) ON CONFLICT DO UPDATE SET value = value + ?",
            (words, words),
        )

    # ------------------------------------------------------------ asking

    def rows(
        self,
        where: str = "",
        params: Sequence[Any] = (),
        order: str = "at, name",
        limit: int | None = None,
    ) -> list[Row]:
        """The entries the condition chooses (SQL over the columns of `files`), in order."""
        condition = f"{INDEXED} AND ({where})" if where else INDEXED
        most = f" LIMIT {int(limit)}" if limit is not None else ""
        return [
            Row(name, _entry(record))
            for name, record in self.db.execute(
                f"SELECT name, record FROM files JOIN records USING (n) WHERE {condition}"
                f" ORDER BY {order}{most}",
                params,
            )
        ]

    def problems(self, where: str = "", params: Sequence[Any] = ()) -> list[EntryProblem]:
        """The files that could not be read, and second files with an id already used."""
        condition = (
            f"(problem IS NOT NULL OR dup = 1) AND ({where})"
            if where
            else ("problem IS NOT NULL OR dup = 1")
        )
        found = []
        for name, problem, line, entry_id in self.db.execute(
            f"SELECT name, problem, line, id FROM files WHERE {condition} ORDER BY name", params
        ):
            if problem is None:
                first = self.db.execute(
                    f"SELECT name FROM files WHERE id = ? AND {INDEXED}", (entry_id,)
                ).fetchone()
                problem = f"has the same id as {self.root / first[0]}; give one a new id"
            found.append(EntryProblem(str(self.root / name), line, problem))
        return found

    def values(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of any read-only query over the index's tables."""
        return self.db.execute(sql, params).fetchall()

    def term_totals(self) -> tuple[dict[tuple[str, str], int], int]:
        """The word and phrase counts of every entry together, and the number of words."""
        forms = {(key, form): n for key, form, n in self.db.execute("SELECT * FROM terms")}
        words = self.db.execute("SELECT value FROM totals WHERE name = 'words'").fetchone()
        return forms, words[0] if words else 0

    def vocabulary(self) -> Iterator[str]:
        """Every word in the search index, as the index folded it."""
        for (term,) in self.db.execute("SELECT term FROM vocabulary"):
            yield term

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

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()


def _stamp(info: os.stat_result, now: int) -> int:
    """What tells whether a file changed: its mtime, size, inode and ctime, in one number;
    0 for a file changed so lately that it could change again within the same clock tick,
    unseen (it is read again next time)."""
    if now - info.st_mtime_ns < RACY_NS:
        return 0
    return hash((info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns))


def _entry(record: str) -> Entry:
    return from_trusted_record(json.loads(record))


# ---------------------------------------------------------------- opening


def open_index(root: Path, path: Path | None) -> Index:
    """The index of `root` kept at `path`, made or made again as needed; in memory when
    it cannot be kept there (a read-only or missing cache folder, a lock held too long)."""
    if path is not None:
        for attempt in range(2):
            try:
                return Index(root, _connect(path), path)
            except (sqlite3.Error, OSError, _Stale):
                if attempt == 0:
                    _set_aside(path)
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(_SCHEMA)
    return Index(root, db, None)


class _Stale(Exception):
    """An index of another version, or not ticli's."""


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    fresh = not path.exists()
    if fresh:
        # Made private before SQLite writes a byte: it holds the entries' text.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
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
        db.execute("SELECT count(*) FROM folders").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def _set_aside(path: Path) -> None:
    """Remove an index that cannot be used (with its WAL files): it is only ever a copy."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def fresh_index(
    root: Path,
    path: Path | None,
    counter: TermCounter,
    progress: Progress | None = None,
    deep_from: str | None = "",
    newest: int | None = None,
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
        else:
            index.refresh(counter, progress, deep_from)
        return index

    index = open_index(root, path)
    try:
        return bring_up_to_date(index)
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
    """Throw the index away and build it again from the files."""
    if path is not None:
        _set_aside(path)
    return fresh_index(root, path, counter, progress)


def index_size(path: Path | None) -> int:
    """The bytes the index takes on disk, with its write-ahead log (0: none)."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            total += os.stat(f"{path}{suffix}").st_size
    return total if path is not None else 0


def _busy(error: sqlite3.Error) -> bool:
    """True when another process holds the index: it is fine, just not ours to use now."""
    text = str(error).lower()
    return "locked" in text or "busy" in text
