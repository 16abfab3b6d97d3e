"""Keeping the index fresh: what changed in the journal's folders since it was last looked
at, and reading just that again (see store.index).

Every year/month folder's listing is checked through its mtime; the files of the
folders a command needs are each stat'ed, which sees an edit in place. A stamp
(mtime_ns, size, inode, ctime_ns) taken less than RACY_NS after the file changed
is never trusted: the file is read again next time.

A folder looked inside keeps one digest of all its files' stamps, in the order the
folder lists them. When its listing has not changed and the stamps give the same
digest again, every file in it is as indexed, and no file needs to be looked up one by
one. A file written in place changes its mtime or ctime, and so the digest: its folder
is then looked at file by file. A digest taken while any file in the folder was racy
is not kept.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from ticli.errors import EntryProblem
from ticli.store import sqlite
from ticli.store.copynames import is_entry_file
from ticli.store.folderlook import Look
from ticli.store.folderstamps import year_months
from ticli.store.reading import (
    RACY_NS,
    Listing,
    ReadFile,
    TermCounter,
    Terms,
    folder_digest,
    read_files,
)
from ticli.store.reading import SEPARATOR as SEPARATOR  # between tags in their column
from ticli.store.reading import body_text as body_text  # what search looks through
from ticli.store.reading import file_stamp as _stamp
from ticli.store.reading import (
    record_entry as record_entry,
)

#: From this many files to read, the caller is told how far along it is.
PROGRESS_FROM = 500
#: Rows that are entries a command may show: read, and not a second file with a known id.
INDEXED = "problem IS NULL AND dup = 0"

Progress = Callable[[int, int], None]


class Freshness:
    """The part of the index that brings it up to date with the folders."""

    def __init__(self, root: Path, db: sqlite3.Connection) -> None:
        self.root = root
        self.db = db
        self._pending: Counter[tuple[str, str]] = Counter()
        self._pending_words = 0
        #: Folders that could not be listed (not gone: their entries are kept, and named).
        self.unreadable: dict[str, EntryProblem] = {}
        #: What the last refresh was given, to build the index again if it turns out damaged.
        self.counter: TermCounter | None = None
        self.progress: Progress | None = None
        #: The folders looked at before the index was opened, for the first refresh from
        #: the same folder on (see store.folderlook).
        self.ahead: Look | None = None

    def refresh(
        self,
        counter: TermCounter,
        progress: Progress | None = None,
        deep_from: str | None = "",
        only_look: bool = False,
    ) -> bool:
        """Bring the index up to date with the folders; True when it was already.

        Every folder's listing is checked through its mtime; the files of folders
        named `deep_from` ("YYYY/MM") or later are each stat'ed too, which sees an
        edit in place. The default, "", looks at every file; None at none. With
        `only_look`, nothing is changed: only whether the index is up to date is said.
        """
        self.counter, self.progress = counter, progress
        look, self.ahead = self.ahead, None
        if look is not None and look.deep_from != deep_from:
            look = None
        now = look.now if look is not None else time.time_ns()
        folders = self._folders(look)
        known: dict[str, int] = {}
        digests: dict[str, int | None] = {}
        for name, mtime, digest in self.db.execute("SELECT name, mtime_ns, stamps FROM folders"):
            known[name] = mtime
            if mtime == folders.get(name):  # the same listing as when the digest was taken
                digests[name] = digest
        deep = {f for f in folders if deep_from is not None and f >= deep_from}
        to_list = sorted(f for f, mtime in folders.items() if f in deep or known.get(f) != mtime)
        changed, vanished, taken, seen_stamps = self._look(to_list, deep, now, digests, look)
        # Folders known to the index, or holding indexed files, that are no longer there
        # (a folder that could not be listed is not gone: its entries stay).
        holding = {f for (f,) in self.db.execute("SELECT DISTINCT folder FROM files")}
        gone = [
            f
            for f in set(known) | holding
            if f not in folders and not any(f.startswith(u) for u in self.unreadable)
        ]
        for folder in gone:
            vanished += [
                name
                for (name,) in self.db.execute("SELECT name FROM files WHERE folder = ?", (folder,))
            ]
        listed = {
            f: folders[f]
            for f in to_list
            if known.get(f) != folders[f] and f not in self.unreadable
        }
        # Digests to keep: a folder listed again has none unless it was looked inside.
        kept = {f: taken.get(f) for f in listed}
        kept |= {f: d for f, d in taken.items() if f not in listed and d != digests.get(f)}
        if not (changed or vanished or gone or listed or kept):
            return True
        if only_look:
            return False
        if changed or vanished:
            self._apply(changed, vanished, counter, progress, now)
        if len(changed) + len(vanished) >= PROGRESS_FROM:
            # After a big change, fold the write-ahead log back in: it would double the size.
            with contextlib.suppress(*sqlite.Error):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("DELETE FROM folders WHERE name = ?", [(f,) for f in gone])
            self.db.executemany(
                "INSERT OR REPLACE INTO folders VALUES (?, ?, NULL)",
                [(f, m if now - m >= RACY_NS else -1) for f, m in listed.items()],
            )
            for folder, digest in kept.items():
                # Kept only when the index holds just the files seen, with the stamps seen
                # (another ticli may have indexed a file gone since; a file that could not
                # be opened has a stamp of 0, to be read again): under the write lock, so
                # nothing changes between this look and the write.
                if digest is not None:
                    held = self.db.execute(
                        "SELECT name, stamp FROM files WHERE folder = ?", (folder,)
                    )
                    if dict(held) != seen_stamps.get(folder):
                        digest = None
                # With its folder's listing mtime only (a racy one is -1, which no folder
                # has: the digest is then never used).
                self.db.execute("UPDATE folders SET stamps = ? WHERE name = ?", (digest, folder))
        return False

    def _look(
        self,
        to_list: list[str],
        deep: set[str],
        now: int,
        digests: dict[str, int | None],
        look: Look | None = None,
    ) -> tuple[list[str], list[str], dict[str, int | None], dict[str, dict[str, int]]]:
        """The files in these folders that are new or (in `deep` folders) changed, the
        indexed files no longer there, the digest of each folder looked inside (None: not
        to be kept), and for a folder whose digest is new, each entry file's stamp as seen
        (the index must hold just these before the digest is kept). `digests` holds the
        kept digests of the folders whose listing is unchanged; `look`, what was looked at
        ahead (store.folderlook)."""
        changed: list[str] = []
        vanished: list[str] = []
        taken: dict[str, int | None] = {}
        seen_stamps: dict[str, dict[str, int]] = {}
        for folder in to_list:
            look_inside = folder in deep
            if look_inside and look is not None and folder not in look.listings:
                # Looked at by a child process (store.folderstamps): its digest, with no
                # listing; a folder with any other digest is listed and looked at here.
                ahead = look.digests.get(folder)
                if ahead is not None and ahead == digests.get(folder):
                    taken[folder] = ahead
                    continue
            try:
                if look is not None:
                    listed = Listing.of(look.listing(self.root, folder))
                else:
                    listed = Listing(self.root / folder)
            except FileNotFoundError:
                # Gone since it was listed: its files are no longer there.
                vanished += [
                    n
                    for (n,) in self.db.execute(
                        "SELECT name FROM files WHERE folder = ?", (folder,)
                    )
                ]
                continue
            except OSError as error:
                self._cannot_list(folder, error)
                continue
            with listed:
                items = listed.items
                if look_inside:
                    if look is not None and folder in look.listings and folder in look.digests:
                        taken[folder] = digest = look.digests[folder]
                    else:
                        taken[folder] = digest = folder_digest(items, now)
                    if digest is not None and digest == digests.get(folder):
                        continue  # the same listing, and every file as indexed
                stored: dict[str, int] = dict(
                    self.db.execute("SELECT name, stamp FROM files WHERE folder = ?", (folder,))
                )
                seen: set[str] = set()
                stamps: dict[str, int] | None = {} if taken.get(folder) is not None else None
                for item in items:
                    name = f"{folder}/{item.name}"
                    old = stored.get(name)
                    if old is None:
                        # Entries, plain or encrypted, and sync engines' copies of them; names
                        # starting with '.' are temporary files of a write in progress.
                        if not is_entry_file(item.name):
                            continue
                    elif not look_inside and old:
                        seen.add(name)
                        continue  # known, and not to be looked inside (a stamp of 0: look again)
                    seen.add(name)
                    try:
                        stamp = _stamp(item.stat(), now)
                    except OSError:
                        stamp = None  # read below, which names the reason
                    if stamps is not None and stamp is not None:
                        stamps[name] = stamp
                    else:
                        stamps = None
                    # A stamp of 0 (changed this very moment) is never taken as unchanged.
                    if old == stamp and stamp:
                        continue
                    changed.append(name)
                vanished += [n for n in stored if n not in seen]
                if stamps is None:
                    taken[folder] = None
                else:
                    seen_stamps[folder] = stamps
        return changed, vanished, taken, seen_stamps

    def _cannot_list(self, folder: str, error: OSError) -> None:
        reason = (
            f"this folder cannot be read ({error.strerror}); what was read there before is kept"
        )
        self.unreadable[folder] = EntryProblem(str(self.root / folder), None, reason)

    def refresh_since(self, counter: TermCounter, progress: Progress | None, day: str) -> None:
        """Bring the index up to date for the entries written from `day` ("YYYY-MM-DD") on:
        every file in the folders from that month on, and in any older folder known to
        hold such an entry (moved there by hand). An entry in an older folder whose date is
        changed in place to a later one is seen by the next command that looks at every file."""
        checked = f"{day[:4]}/{day[5:7]}"
        self.refresh(counter, progress, checked)
        while True:
            (lowest,) = self.db.execute(
                f"SELECT min(folder) FROM files WHERE {INDEXED} AND day >= ?", (day,)
            ).fetchone()
            if lowest is None or lowest >= checked:
                return
            self.refresh(counter, progress, lowest)
            checked = lowest

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

    def _folders(self, look: Look | None = None) -> dict[str, int]:
        """Every year/month folder, with its mtime (as looked at ahead, if it was)."""
        if look is None or look.by_child:
            found, errors = year_months(self.root)
        else:
            found, errors = look.folders, look.errors
        self.unreadable = {}
        for folder, error in errors.items():
            self._cannot_list(folder, error)
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
            # Many files (a build): which are indexed, read at once, inside the write lock
            # (another ticli may have indexed some just now). A few: each is looked up.
            known = (
                {name for (name,) in self.db.execute("SELECT name FROM files")}
                if total >= PROGRESS_FROM
                else None
            )
            for name in vanished:
                ids |= self._forget(name, counter)
            for name in changed:
                if known is None or name in known:
                    ids |= self._forget(name, counter)
            for done, read in enumerate(read_files(self.root, changed, now, counter), 1):
                if read is not None:
                    ids |= self._keep(read)
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
        if record is not None:
            entry = record_entry(record)
            if counted:
                self._count(counter(entry), -1)
            # The search table keeps no copy of the text (see store.indexdb): its words
            # are taken out by giving it the text they came from, made again the same way.
            self.db.execute(
                "INSERT INTO body (body, rowid, text) VALUES ('delete', ?, ?)",
                (n, body_text(entry)),
            )
        self.db.execute("DELETE FROM files WHERE n = ?", (n,))
        self.db.execute("DELETE FROM records WHERE n = ?", (n,))
        self.db.execute("DELETE FROM answered WHERE n = ?", (n,))
        return {entry_id} if entry_id else set()

    def _keep(self, read: ReadFile) -> set[str]:
        """Put what a file holds (or why it could not be read) into the index."""
        folder = read.name.rsplit("/", 1)[0]
        if read.columns is None:
            self.db.execute(
                "INSERT INTO files (name, folder, stamp, problem, line) VALUES (?, ?, ?, ?, ?)",
                (read.name, folder, read.stamp, read.reason, read.line),
            )
            return set()
        # Its words are counted at once (nothing of them is kept meanwhile); `_settle`
        # takes them away again from a second file of the same entry.
        counted = read.terms is not None
        cursor = self.db.execute(
            "INSERT INTO files (name, folder, stamp, id, at, day, kind, flagged, tags,"
            " principles, counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (read.name, folder, read.stamp, *read.columns, int(counted)),
        )
        n = cursor.lastrowid
        self.db.execute("INSERT INTO records VALUES (?, ?)", (n, read.record))
        self.db.execute("INSERT INTO body (rowid, text) VALUES (?, ?)", (n, read.body))
        self.db.executemany(
            "INSERT INTO answered VALUES (?, ?, ?)", [(n, i, p) for i, p in read.answered]
        )
        if read.terms is not None:
            self._count(read.terms, 1)
        return {read.columns[0]}

    def _settle(self, ids: set[str], counter: TermCounter) -> None:
        """Mark which of the files with these ids are second copies (the one named
        `<id>.md`, else the first by file name, is the entry; the others are reported),
        and keep the term totals to the
        entries that count."""
        for entry_id in ids:
            rows = self.db.execute(
                "SELECT f.n, name, record, counted FROM files f JOIN records r ON r.n = f.n"
                " WHERE id = ? AND problem IS NULL"
                # A file named for its id is the entry; a sync tool's copy is the second.
                " ORDER BY substr(name, length(folder) + 2) NOT IN (id || '.md', id || '.md.age'),"
                " name",
                (entry_id,),
            ).fetchall()
            for position, (n, _, record, counted) in enumerate(rows):
                wanted = int(position == 0)
                if counted != wanted:
                    self._count(counter(record_entry(record)), 1 if wanted else -1)
                self.db.execute(
                    "UPDATE files SET dup = ?, counted = ? WHERE n = ?", (1 - wanted, wanted, n)
                )

    def _count(self, terms: Terms, sign: int) -> None:
        """Add (or take away) an entry's words to the totals, written by `_flush_terms`."""
        forms, words = terms
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
