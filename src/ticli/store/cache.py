"""A speed-up cache of parsed entries, in the user's cache folder (never in the journal).

Each record is kept with its file's mtime, size, inode and ctime, so any
change to a file (an edit, a sync, a rename) makes it read again. The cache is
only ever a copy: deleting it changes nothing but speed, and a file that cannot
be read is never in it.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from ticli.errors import EntryProblem
from ticli.model import Entry
from ticli.model.fields import from_trusted_record, to_record
from ticli.store.entryfile import parse_entry
from ticli.store.files import atomic_write

CACHE_VERSION = 3
#: Files larger than this (a pasted book) are not cached: reading them is no slower
#: than reading their copy, and the cache stays small.
CACHE_LARGEST_FILE = 1_000_000


def read_entry(path: Path) -> Entry:
    """Read one entry file; raise EntryProblem when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EntryProblem(str(path), None, f"cannot be read ({error.strerror})") from None
    return parse_entry(data, str(path))


class EntryCache:
    """Parsed entries keyed by file name and stamp."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.changed = False
        if path is None:
            return
        try:
            data = json.loads(path.read_bytes())
            if data.get("version") == CACHE_VERSION and isinstance(data.get("files"), dict):
                self.old = data["files"]
        except (OSError, ValueError, AttributeError):
            self.changed = True  # missing or unreadable: rebuilt from the files

    def get(self, root: Path, path: Path) -> Entry:
        if self.path is None:
            return read_entry(path)
        try:
            info = path.stat()
        except OSError as error:
            raise EntryProblem(str(path), None, f"cannot be read ({error.strerror})") from None
        stamp = [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]
        name = path.relative_to(root).as_posix()
        record = self.old.get(name)
        if isinstance(record, list) and len(record) == 2 and record[0] == stamp:
            try:
                entry = from_trusted_record(record[1])
                self.new[name] = record
                return entry
            except (TypeError, ValueError, KeyError, AttributeError):
                pass  # not a record this version wrote: read the file again
        entry = read_entry(path)
        if info.st_size <= CACHE_LARGEST_FILE:
            # A huge entry is read from its file each time rather than held twice over.
            self.new[name] = [stamp, to_record(entry)]
            self.changed = True
        return entry

    def save(self) -> None:
        if self.path is None or (not self.changed and self.new.keys() == self.old.keys()):
            return
        data = json.dumps({"version": CACHE_VERSION, "files": self.new}, ensure_ascii=False)
        # Only ever a speed-up: a cache that cannot be written is simply not written.
        with contextlib.suppress(OSError):
            atomic_write(self.path, data.encode("utf-8"))
