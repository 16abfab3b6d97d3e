"""The journal's folders: entries in year/month folders, and the trash (drafts and edit
copies are in store.editing).

The only code that opens, writes, renames, deletes or stats a journal file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ticli.errors import EntryProblem, UsageError
from ticli.model import Entry
from ticli.store import files, vault
from ticli.store.entryfile import format_entry, parse_entry, with_flag
from ticli.store.files import AlreadyThere
from ticli.store.index import Index

#: Deleted entries wait here, inside the journal, in their year/month folders.
TRASH = ".trash"


def entry_path(root: Path, entry: Entry) -> Path:
    """Where an entry lives: `<journal>/<year>/<month>/<id>.md` (`.md.age` when the
    journal is encrypted)."""
    created = entry.created
    plain = root / f"{created.year:04d}" / f"{created.month:02d}" / f"{entry.id}.md"
    return vault.name_for(root, plain)


def write_entry(root: Path, entry: Entry) -> Path:
    """Write (or rewrite) an entry atomically and return its path."""
    path = entry_path(root, entry)
    if not vault.is_sealed_name(path.name):
        vault.refuse_plain_writes(root)  # never plain where the key file is gone
    files.atomic_write(path, vault.encode_for(path, format_entry(entry).encode("utf-8")))
    return path


def create_entry(root: Path, entry: Entry) -> Path:
    """Write a new entry atomically; raise AlreadyThere rather than replace a file.

    On the way, ticli's own temporary files older than a day in that folder (left
    by a write that was killed) are removed: they are never a whole entry.
    """
    path = entry_path(root, entry)
    if not vault.is_sealed_name(path.name):
        vault.refuse_plain_writes(root)  # never plain where the key file is gone
    files.atomic_create(path, vault.encode_for(path, format_entry(entry).encode("utf-8")))
    for stale in files.stale_temporary_files(path.parent):
        files.remove(stale)
    return path


def undo_create(path: Path) -> None:
    """Take back a file this very command created (an import that failed part-way)."""
    files.remove(path)


def secure_root(root: Path) -> int | None:
    """Make an existing journal folder readable only by the user; return its old mode
    when it had to be tightened, else None."""
    try:
        mode = stat.S_IMODE(root.stat().st_mode)
        if mode & 0o077 == 0:
            return None
        os.chmod(root, files.DIR_MODE)
        # Some file systems (FAT, SMB, WSL's /mnt/c) accept chmod and change nothing.
        tightened = stat.S_IMODE(root.stat().st_mode) & 0o077 == 0
    except OSError:
        return None  # not ours to change (another owner, a read-only disk): carry on
    return mode if tightened else None


# ---------------------------------------------------------------- reading


@dataclass
class Scan:
    """What a look through the journal found: entries, and files that could not be read."""

    entries: list[Entry] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[EntryProblem] = field(default_factory=list)


def read_entry(path: Path) -> Entry:
    """Read one entry file; raise EntryProblem when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EntryProblem(str(path), None, f"cannot be read ({error.strerror})") from None
    return parse_entry(vault.opened(path, data), str(path))


def month_folder(day: date) -> str:
    """The name of the folder, relative to the journal, that holds a day's entries."""
    return f"{day.year:04d}/{day.month:02d}"


def scan(index: Index, since: date | None = None) -> Scan:
    """The entries of an index brought up to date (from `since` on, when given), oldest
    first, and the files that could not be read (in the folders from `since` on)."""
    found = Scan()
    where, params = ("day >= ?", (since.isoformat(),)) if since else ("", ())
    for row in index.rows(where, params):
        found.entries.append(row.entry)
        found.paths[row.entry.id] = index.root / row.name
    if since:
        found.problems = index.problems("folder >= ?", (month_folder(since),))
    else:
        found.problems = index.problems()
    return found


def scan_recent(root: Path, since: date) -> Scan:
    """The entries of the folders from `since`'s month on, read straight from the files
    (no index): for an encrypted journal, reading a month of entries is quicker than
    opening its encrypted index. A second file with an id already read (a copy) is left
    out, as the index leaves it out; an entry moved by hand into an older folder is not
    seen here (the index sees it)."""
    found = Scan()
    first = month_folder(since)
    folders = []
    for year in sorted(root.glob("[0-9][0-9][0-9][0-9]")):
        for month in sorted(year.glob("[0-9][0-9]")):
            name = f"{year.name}/{month.name}"
            if name >= first and month.is_dir():
                folders.append(month)
    for folder in folders:
        names = sorted(
            p
            for p in folder.iterdir()
            if p.name.endswith((".md", ".md.age")) and not p.name.startswith(".")
        )
        # `<id>.md` before `<id>.md.age` before `<id> (1).md`: the entry before its copies.
        for path in sorted(names, key=lambda p: (p.name.split(".", 1)[0], p.name)):
            try:
                entry = read_entry(path)
            except EntryProblem as problem:
                found.problems.append(problem)
                continue
            if entry.id in found.paths or entry.created.date() < since:
                continue
            found.entries.append(entry)
            found.paths[entry.id] = path
    found.entries.sort(key=lambda e: (e.created, e.id))
    return found


def read_raw(path: Path) -> bytes:
    """An entry file exactly as written (decrypted, when it is encrypted)."""
    return vault.read_plain(path)


def read_file(path: Path) -> bytes:
    """A file the user named (an import): its bytes, or a clear message."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise UsageError(f"I could not read {path} ({error.strerror}).") from None


# ---------------------------------------------------------------- trash


def first_free(name: Callable[[int], Path], place: Callable[[Path], object]) -> Path:
    """Place a file under name(1), else name(2), … : the first name not taken."""
    number = 1
    while True:
        target = name(number)
        try:
            place(target)
            return target
        except AlreadyThere:
            number += 1


def to_trash(root: Path, path: Path) -> Path:
    """Move a file into the trash, beside where it was; a name already taken there gets
    `~2`, `~3`… before its suffix (`restore` takes it off again)."""
    first = root / TRASH / path.relative_to(root)
    stem, dot, suffix = path.name.partition(".")

    def name(number: int) -> Path:
        return first if number == 1 else first.with_name(f"{stem}~{number}{dot}{suffix}")

    return first_free(name, lambda target: files.move_no_replace(path, target))


def trash_entry(root: Path, path: Path) -> Path:
    """Move an entry file into the journal's trash folder; return where it went."""
    return to_trash(root, path)


def trashed(root: Path) -> list[tuple[Path, Entry | None]]:
    """The entry files in the trash with what they hold (None: cannot be read), oldest first."""
    trash = root / TRASH
    if not trash.is_dir():
        return []
    found: list[tuple[Path, Entry | None]] = []
    in_trash = [*trash.rglob("*.md"), *trash.rglob("*.md.age")]
    for path in sorted(p for p in in_trash if not p.name.startswith(".")):
        try:
            found.append((path, read_entry(path)))
        except EntryProblem:
            found.append((path, None))
    return found


def deleted_at(path: Path) -> float:
    """When a file was moved to the trash (its status change time); 0 when unknown."""
    try:
        return path.lstat().st_ctime
    except OSError:
        return 0.0


def restore_entry(root: Path, trashed_file: Path) -> Path:
    """Move an entry from the trash back to where it was; return its path."""
    target = root / trashed_file.relative_to(root / TRASH)
    # A second copy of the same name was trashed as `<id>~2.md`: it goes back as `<id>.md`.
    target = target.with_name(re.sub(r"~\d+(?=\.|$)", "", target.name, count=1))
    try:
        return files.move_no_replace(trashed_file, target)
    except AlreadyThere:
        raise UsageError(f"{target} already exists; I will not replace it.") from None


# ---------------------------------------------------------------- flags


def set_flagged(path: Path, flagged: bool) -> tuple[Entry, bool]:
    """Mark or unmark an entry by changing only its `flagged` line; the rest of the
    file, hand formatting and all, stays byte for byte as it was. Returns the entry
    and whether the file changed."""
    data = vault.read_plain(path)
    new, entry = with_flag(data, str(path), flagged)
    if new != data:
        files.atomic_write(path, vault.encode_for(path, new))
    return entry, new != data


# ---------------------------------------------------------------- outside the journal


def check_outside(root: Path, path: Path) -> None:
    """Refuse to write an export into the journal, where it would be read as an entry."""
    if path.resolve().is_relative_to(root.resolve()):
        raise UsageError(
            f"{path} is inside the journal folder; write exports somewhere else.",
            hint=f"The journal is {root}.",
        )


def write_outside(root: Path, path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write an export file (or its parts, one after the other) atomically, readable only
    by the user, outside the journal."""
    check_outside(root, path)
    files.atomic_write(path, data)


def is_folder(path: Path) -> bool:
    return path.is_dir()


def parse_copy(data: bytes, path: Path) -> Entry:
    """Read an edited copy as an entry (raises EntryProblem naming the entry's path)."""
    return parse_entry(data, str(path))
