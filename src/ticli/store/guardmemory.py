"""What the privacy guard remembers in the index (see usecases.privacy): the entries it
found clear, by digest, and its last few whole checks. Only ever a speed-up: anything
that cannot be read is taken as nothing remembered, and nothing that fails to be written
is an error."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence

from ticli.store import sqlite
from ticli.store.freshness import INDEXED


class GuardMemory:
    """The privacy guard's part of the index (a part of store.index.Index)."""

    db: sqlite3.Connection

    def clear_digests(self) -> set[bytes]:
        """The digests of entries the privacy guard found clear (see usecases.privacy)."""
        try:
            return {digest for (digest,) in self.db.execute("SELECT digest FROM clear")}
        except sqlite.Error:
            return set()  # only a speed-up: check every entry

    def clear_count(self) -> int:
        """How many entries the privacy guard remembers it found clear (0 if unreadable)."""
        try:
            return int(self.db.execute("SELECT count(*) FROM clear").fetchone()[0])
        except sqlite.Error:
            return 0

    def add_clear(self, digests: Sequence[bytes]) -> None:
        """Remember entries found clear. Only a speed-up: never an error when it fails.
        Digests of entries long changed are dropped once they outnumber the entries."""
        if not digests:
            return
        with contextlib.suppress(*sqlite.Error), self.db:
            self.db.execute("BEGIN IMMEDIATE")
            (held,) = self.db.execute("SELECT count(*) FROM clear").fetchone()
            (entries,) = self.db.execute("SELECT count(*) FROM files").fetchone()
            if held + len(digests) > 2 * entries + 1000:
                self.db.execute("DELETE FROM clear")
            self.db.executemany(
                "INSERT OR IGNORE INTO clear VALUES (?)", [(digest,) for digest in digests]
            )

    def stamps_digest(self, names: Sequence[str]) -> bytes | None:
        """A digest of these files' names and stamps, in this order: the entries as the
        index read them. A change to any of them, or to which they are, gives another.
        None when a file changed too lately to tell by its stamp (a stamp of 0, see
        reading.file_stamp): what it holds may change unseen within the clock's tick."""
        import hashlib

        stamps = dict(self.db.execute(f"SELECT name, stamp FROM files WHERE {INDEXED}"))
        seen = [stamps.get(name) for name in names]
        if not all(seen):
            return None
        data = "\n".join(f"{name}\t{stamp}" for name, stamp in zip(names, seen, strict=True))
        return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def guard_run(self, key: bytes) -> tuple[list[str], dict[str, int]] | None:
        """What a whole check remembered under `key` (usecases.privacy): the names the
        history showed, and the entries that held something (id: position); None if none.
        Only a speed-up: anything unreadable is none."""
        import json

        try:
            row = self.db.execute(
                "SELECT known, holding FROM guard_runs WHERE key = ?", (key,)
            ).fetchone()
        except sqlite.Error:
            return None
        if row is None:
            return None
        try:
            known, holding = json.loads(row[0]), json.loads(row[1])
        except (ValueError, TypeError):
            return None
        if not (isinstance(known, list) and all(isinstance(k, str) for k in known)):
            return None
        if not (isinstance(holding, dict) and all(isinstance(v, int) for v in holding.values())):
            return None
        return known, holding

    def add_guard_run(self, key: bytes, known: Sequence[str], holding: dict[str, int]) -> None:
        """Remember a whole check (`guard_run`); the last few are kept."""
        import json
        import time

        with contextlib.suppress(*sqlite.Error), self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(
                "INSERT OR REPLACE INTO guard_runs VALUES (?, ?, ?, ?)",
                (key, json.dumps(sorted(known)), json.dumps(holding), time.time()),
            )
            self.db.execute(
                "DELETE FROM guard_runs WHERE key NOT IN"
                " (SELECT key FROM guard_runs ORDER BY at DESC LIMIT 8)"
            )
