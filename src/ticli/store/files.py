"""Safe file primitives: private folders, atomic writes, moves that never replace a file.

Everything ticli writes goes through here, so every write is atomic and private.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
#: Temporary files of a write that never finished (a kill -9) are removed after this.
STALE_TEMP_SECONDS = 24 * 3600
TEMP_SUFFIX = ".tmp"
#: The names `tempfile.mkstemp` gives ticli's temporary files: `.<name>.<8 random>.tmp`.
_OUR_TEMPORARY = re.compile(r"\..+\.md\.[a-z0-9_]{8}\.tmp")


class AlreadyThere(FileExistsError):
    """A move or a new file would have replaced a file that is already there."""


def ensure_dir(path: Path) -> None:
    """Create a folder (and its parents) readable only by the user, durably.

    Each new folder is fsynced into its parent, so a power cut cannot lose it
    (and the entry inside it) after ticli has said it was saved.
    """
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)
        fsync_dir(folder.parent)


def flush_all() -> None:
    """Make every file written so far reach the disk, at once (many files' own fsyncs
    cost a disk flush each): used between writing many new files and removing old ones."""
    os.sync()


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries (a rename, a new file) reach the disk.

    Errors are not hidden, except where the file system cannot fsync a folder
    at all (EINVAL on some network and FUSE file systems), which says nothing
    about the data.
    """
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError as error:
        if error.errno not in (22, 95):  # EINVAL, EOPNOTSUPP
            raise OSError(error.errno, error.strerror, str(folder)) from None
    finally:
        os.close(handle)


def _temporary(folder: Path, name: str) -> tuple[int, str]:
    import tempfile  # here: slow to import, and most commands never need it

    return tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=TEMP_SUFFIX)


def _write_temporary(path: Path, data: bytes | Iterable[bytes], durable: bool = True) -> str:
    ensure_dir(path.parent)
    handle, temporary = _temporary(path.parent, path.name)
    try:
        with os.fdopen(handle, "wb") as stream:
            for part in [data] if isinstance(data, bytes) else data:
                stream.write(part)
            stream.flush()
            if durable:  # else the caller makes many files durable at once (flush_all)
                os.fsync(stream.fileno())
        os.chmod(temporary, FILE_MODE)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError) and error.errno and not error.filename:
            # A full disk says so without a file name: name the file being written.
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise
    return temporary


def atomic_write(path: Path, data: bytes | Iterable[bytes], sync_dir: bool = True) -> None:
    """Replace path with data (or its parts, written one after the other, so that a big
    export is never held whole) so that a crash leaves either the old file or the new one.

    The temporary file is made in the same folder (so the rename is atomic),
    is private from the start, and is flushed to disk before the rename.
    """
    temporary = _write_temporary(path, data, durable=sync_dir)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    if sync_dir:  # else the caller flushes the folder once, for many files
        fsync_dir(path.parent)


def atomic_create(path: Path, data: bytes, sync_dir: bool = True) -> None:
    """Write a new file atomically; raise AlreadyThere rather than replace one."""
    temporary = _write_temporary(path, data, durable=sync_dir)
    try:
        _place_no_replace(Path(temporary), path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    if sync_dir:  # else the caller flushes the folder once, for many files
        fsync_dir(path.parent)


#: errno values of a file system without hard links: EPERM, EXDEV, ENOSYS, EOPNOTSUPP.
_NO_LINKS = (1, 18, 38, 95)


def _place_no_replace(source: Path, target: Path) -> None:
    """Give `source`'s file the name `target` too, never replacing a file there."""
    try:
        _link_no_replace(source, target)
    except OSError as error:
        if isinstance(error, AlreadyThere) or error.errno not in _NO_LINKS:
            raise
        # No hard links here (FAT, exFAT, some FUSE and SMB mounts): Python has no
        # RENAME_NOREPLACE, so check, then rename, as the last resort.
        if target.exists():
            raise AlreadyThere(f"{target} already exists") from None
        os.rename(source, target)


def _link_no_replace(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise AlreadyThere(f"{target} already exists") from None


def move_no_replace(source: Path, target: Path) -> Path:
    """Move a file on the same disk without ever replacing another (link, then unlink)."""
    ensure_dir(target.parent)
    _place_no_replace(source, target)
    if source.exists() or source.is_symlink():
        os.unlink(source)
    fsync_dir(target.parent)
    if source.parent != target.parent:
        fsync_dir(source.parent)
    return target


def remove(path: Path) -> None:
    """Remove a file ticli made itself (a draft, an edit copy); gone already is fine."""
    path.unlink(missing_ok=True)


def is_regular_file(path: Path) -> bool:
    """True for a regular file (not a pipe, a device or a folder), following links."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def stamp(path: Path) -> tuple[int, int, int]:
    """What tells whether a file changed: its mtime (ns), size and inode."""
    info = path.stat()
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def stale_temporary_files(folder: Path, now: float | None = None) -> Iterator[Path]:
    """ticli's own temporary files in a folder that are older than a day."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError):
        for item in os.scandir(folder):
            if not _OUR_TEMPORARY.fullmatch(item.name):
                continue  # another tool's temporary file (a sync engine's, say): not ours
            with contextlib.suppress(OSError):
                if item.is_file() and now - item.stat().st_mtime > STALE_TEMP_SECONDS:
                    yield Path(item.path)


def present(paths: list[Path]) -> frozenset[Path]:
    """Which of these files exist."""
    return frozenset(p for p in paths if p.is_file())
