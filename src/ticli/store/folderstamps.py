"""The journal's folders and the stamps of their files: the first part of bringing the
index up to date (store.freshness), light enough to import as a command starts.

A command that brings the index up to date with every file (`search`, say) can have this
look taken by a child process, forked as the command starts (`start`), while the command
itself loads ticli's modules and opens the index: on two cores, the system's work of
stat'ing every file then costs the command almost nothing. A thread cannot do the same
here: it waits for the interpreter's lock after every one of its tens of thousands of
calls. The child sends back one number per folder (the digest of its files' stamps) and
the folders' mtimes, nothing else; the command takes them (`taken`) for its first refresh,
and looks again for itself at any folder whose digest is not the index's.

Only ever a head start: where there is no fork (not Linux), where the child fails or sees
a folder it cannot list, the command looks for itself as it always does.
"""

from __future__ import annotations

import contextlib
import operator
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

#: A folder or file changed less than this long before it was indexed may change again
#: within the same clock tick, unseen: it is looked at again next time.
RACY_NS = 2_000_000_000

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{2}")
_STAMP = operator.attrgetter("st_mtime_ns", "st_size", "st_ino", "st_ctime_ns")
_MTIME, _CTIME = operator.itemgetter(0), operator.itemgetter(3)


def year_months(root: Path) -> tuple[dict[str, int], dict[str, OSError]]:
    """Every year/month folder, with its mtime; and what could not be listed, with why
    ("" the journal folder itself, "YYYY/" a year's folder)."""
    found: dict[str, int] = {}
    errors: dict[str, OSError] = {}
    try:
        years = [y for y in os.scandir(root) if _YEAR.fullmatch(y.name) and y.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return found, errors
    except OSError as error:
        errors[""] = error  # the journal folder itself: nothing is gone
        return found, errors
    for year in years:
        try:
            for month in os.scandir(year.path):
                if _MONTH.fullmatch(month.name) and month.is_dir():
                    found[f"{year.name}/{month.name}"] = month.stat().st_mtime_ns
        except FileNotFoundError:
            continue  # gone since the journal folder was listed
        except OSError as error:
            errors[f"{year.name}/"] = error
    return found, errors


class Listing:
    """A folder's listing, whose files are stat'ed by name relative to the open folder
    while inside `with` (the system then looks up one name, not the whole path: about
    a seventh less time for a journal's every file, here)."""

    def __init__(self, folder: Path) -> None:
        self._fd: int | None = None
        if os.scandir in os.supports_fd:
            self._fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            self.items = list(os.scandir(folder if self._fd is None else self._fd))
        except BaseException:
            self.close()
            raise

    @classmethod
    def of(cls, items: list[os.DirEntry[str]]) -> Listing:
        """A listing taken before (store.folderlook), its files stat'ed by their paths."""
        listed = cls.__new__(cls)
        listed._fd = None
        listed.items = items
        return listed

    def __enter__(self) -> Listing:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def folder_digest(items: Sequence[os.DirEntry[str]], now: int) -> int | None:
    """One number for the stamps of every file in a folder's listing, in its order (a
    signed 64-bit integer, as SQLite keeps); None when a file cannot be stat'ed or
    changed too lately to be trusted (see RACY_NS)."""
    try:
        stamps = list(map(_STAMP, [item.stat() for item in items]))
    except OSError:
        return None
    if stamps and now - max(max(map(_MTIME, stamps)), max(map(_CTIME, stamps))) < RACY_NS:
        return None
    return (hash(tuple(stamps)) + 2**63) % 2**64 - 2**63


#: What the child sends: when it looked (time.time_ns()), every year/month folder with
#: its mtime, and the digest of each folder from the one asked for on.
Stamps = tuple[int, dict[str, int], dict[str, "int | None"]]


def look(root: Path, deep_from: str, parent: int | None = None) -> Stamps | None:
    """The folders of `root`, and the digest of each from `deep_from` ("YYYY/MM"; "" all)
    on, as they are now; None when any folder could not be listed (the command then
    looks for itself, and names it), or when the process `parent` is gone (no one wants
    the look: a folder on a slow network disk is not waited for on its behalf)."""
    now = time.time_ns()
    folders, errors = year_months(root)
    if errors:
        return None
    digests: dict[str, int | None] = {}
    for folder in folders:
        if parent is not None and os.getppid() != parent:
            return None
        if folder >= deep_from:
            try:
                with Listing(root / folder) as listed:
                    digests[folder] = folder_digest(listed.items, now)
            except OSError:
                return None
    return now, folders, digests


class _Child:
    """A look under way in a child process (see `start`)."""

    def __init__(self, root: Path, deep_from: str, pid: int, reading: int) -> None:
        self.root, self.deep_from, self.pid, self.reading = root, deep_from, pid, reading

    def stop(self) -> None:
        """End the child, not waited for (its look is not wanted)."""
        import signal

        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self.reading)
        _reap(self.pid)

    def result(self) -> Stamps | None:
        """What the child sent (waited for), or None; the child is gone after."""
        import marshal

        try:
            with os.fdopen(self.reading, "rb") as pipe:
                data = pipe.read()
            return marshal.loads(data) if data else None
        except (OSError, ValueError, EOFError, TypeError):
            return None
        except BaseException:  # Ctrl-C while waiting: the look is not wanted now
            with contextlib.suppress(OSError):
                os.kill(self.pid, 9)
            raise
        finally:
            _reap(self.pid)


def _reap(pid: int) -> None:
    while True:
        try:
            os.waitpid(pid, 0)
            return
        except InterruptedError:
            continue
        except ChildProcessError:
            return


_child: _Child | None = None


def can_look() -> bool:
    """Whether `start` can fork a child that helps: on Linux, with a second core to run it
    on, and no other thread in this process (a fork beside threads may hang)."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


def start(root: Path, deep_from: str = "") -> None:
    """Have a child process look at the folders of `root` (see the module's words), when
    `can_look`."""
    import signal

    global _child
    finish()
    if not can_look():
        return
    try:
        reading, writing = os.pipe()
    except OSError:
        return
    parent = os.getpid()
    # Ctrl-C held back over the fork: the child sets its own way to take it first.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(reading)
        os.close(writing)
        return
    if pid == 0:  # the child: look, send, and leave at once, whatever happens
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it with the command
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            os.close(reading)
            # Nothing of the command's input and output held open: a `$(ticli search x)`
            # or a terminal is never kept waiting for the child.
            nothing = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(nothing, fd)
            import marshal

            found = look(root, deep_from, parent)
            if found is not None:
                data = memoryview(marshal.dumps(found))
                while data:
                    data = data[os.write(writing, data) :]
        finally:
            os._exit(0)
    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    os.close(writing)
    _child = _Child(root, deep_from, pid, reading)


def pending(root: Path, deep_from: str | None) -> bool:
    """Whether a child is looking at `root` from `deep_from` on, its look not yet taken."""
    return _child is not None and _child.root == root and _child.deep_from == deep_from


def taken(root: Path, deep_from: str | None) -> Stamps | None:
    """What the child `start` forked saw of `root` from `deep_from` on (waited for), once;
    None when none was started for these, or it could not look."""
    global _child
    child = _child
    if child is None or child.root != root or child.deep_from != deep_from:
        return None
    _child = None
    return child.result()


def finish() -> None:
    """End a child whose look was not taken (the command ends, or looks again)."""
    global _child
    child, _child = _child, None
    if child is not None:
        child.stop()
