"""Reading entry files for the index: what one file holds, as the index keeps it.

A file is read the same way whether one changed (in this process) or a whole journal is
indexed from nothing, when the files are read by worker processes, one per core, while
this process writes what they found to the index: the parsing and the word counting are
most of the work, and two cores do it in about half the time.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ticli.errors import EntryProblem
from ticli.model import Entry, fold_text
from ticli.model.fields import from_trusted_record, record_text
from ticli.store import agekeys, vault
from ticli.store.entryfile import parse_entry
from ticli.store.folderstamps import RACY_NS as RACY_NS  # see there
from ticli.store.folderstamps import Listing as Listing
from ticli.store.folderstamps import folder_digest as folder_digest

#: From this many files to read (and more than one core), worker processes read them.
PARALLEL_FROM = 1000
#: Between tags (or principles) in their index column: no tag holds it.
SEPARATOR = "\x1f"

#: word and phrase counts of an entry: {(stem key, form as written): count}, words
Terms = tuple[Mapping[tuple[str, str], int], int]
TermCounter = Callable[[Entry], Terms]


@dataclass(frozen=True)
class ReadFile:
    """One file as the index keeps it; `reason` (and `line`) when it could not be read."""

    name: str
    stamp: int
    reason: str | None = None
    line: int | None = None
    #: id, created (a timestamp), day, kind, flagged, tags, principles: the index's columns.
    columns: tuple[str, float, str, str, int, str, str] | None = None
    record: str = ""
    body: str = ""
    #: (position, prompt id) of each answer with text.
    answered: tuple[tuple[int, str], ...] = ()
    terms: Terms | None = None


def read_file(root: Path, name: str, now: int, counter: TermCounter) -> ReadFile | None:
    """What the file `name` (under `root`) holds; None when it is gone since it was listed."""
    path = root / name
    stamp, data = 0, None
    try:
        with path.open("rb") as handle:
            stamp = file_stamp(os.fstat(handle.fileno()), now)
            data = handle.read()
    except FileNotFoundError:
        if not path.is_symlink():
            return None  # gone since the folder was listed
        reason = "cannot be read (it is a link to a file that is not there)"
        return ReadFile(name, stamp, reason)
    except OSError as error:
        return ReadFile(name, stamp, f"cannot be read ({error.strerror})")
    try:
        entry = parse_entry(vault.opened(path, data), str(path))
    except EntryProblem as problem:
        return ReadFile(name, stamp, problem.reason, problem.line)
    columns = (
        entry.id,
        entry.created.timestamp(),
        entry.created.date().isoformat(),
        entry.kind,
        int(entry.flagged),
        words_column(entry.tags),
        words_column(entry.principles),
    )
    return ReadFile(
        name,
        stamp,
        columns=columns,
        record=record_text(entry),
        body=body_text(entry),
        answered=tuple((i, a.prompt_id) for i, a in enumerate(entry.answers) if a.text),
        terms=counter(entry),
    )


def read_files(
    root: Path, names: Sequence[str], now: int, counter: TermCounter
) -> Iterator[ReadFile | None]:
    """`read_file` of each name, in order: by worker processes when there are many (and
    the journal is not encrypted: its key stays in this process)."""
    cores = usable_cores()
    sealed = vault.is_encrypted(root) or any(n.endswith(vault.AGE_SUFFIX) for n in names)
    if len(names) < PARALLEL_FROM or cores < 2 or sealed or not can_fork():
        for name in names:
            yield read_file(root, name, now, counter)
        return
    import functools
    import multiprocessing

    work = functools.partial(read_file, root, now=now, counter=counter)
    agekeys.settle()  # no scrypt thread under way when the workers are forked
    pool = multiprocessing.get_context("fork").Pool(min(cores, 4), initializer=quiet_worker)
    with pool:
        yield from pool.imap(work, names, chunksize=64)


def quiet_worker() -> None:
    """Ctrl-C is this process's to handle (it stops the workers), and a worker whose
    parent is gone ends without a word: no tracebacks from them on the terminal."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def usable_cores() -> int:
    """The cores this process may run on (1 where the system does not say)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def file_stamp(info: os.stat_result, now: int) -> int:
    """What tells whether a file changed: its mtime, size, inode and ctime, in one number;
    0 for a file changed so lately that it could change again within the same clock tick,
    unseen (it is read again next time)."""
    if now - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_NS:
        return 0
    return hash((info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns))


#: The JSON decoder's own scanner, called straight: `json.loads` around it costs a third
#: as much again per record (its checks and wrappers), which a search of four thousand
#: entries pays four thousand times.
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def record_entry(record: str) -> Entry:
    """The entry an index record holds (written by ticli, so read without checks again).
    A record that is not one is damage to the index, handled as SQLite's own."""
    try:
        try:
            value, end = _scan(record, 0)
        except StopIteration:
            end = -1
        if end != len(record):  # not one JSON value and nothing else: as json.loads says
            value = json.loads(record)
        return from_trusted_record(value)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise sqlite3.DatabaseError(f"a damaged record in the index: {error!r}") from None


def words_column(values: Iterable[str]) -> str:
    """Tags or principles as '|a|b|c|' (with SEPARATOR), so that
    `instr(tags, '|a|')` finds one exactly, whatever it holds (a space, say)."""
    return SEPARATOR + SEPARATOR.join(values) + SEPARATOR


def body_text(entry: Entry) -> str:
    """What search looks through: the note, every answer and the tags, a line apart, with
    case and accents folded as search folds them (model.fold_text)."""
    texts = [entry.note, *(a.text for a in entry.answers), " ".join(entry.tags)]
    folded = fold_text("\n".join(texts))
    # Only letters and digits make words, as search sees them: SQLite's tokenizer would
    # take a character newer than it knows (an emoji, a bidi mark) as part of a word.
    return (
        folded
        if folded.isascii()
        else "".join(c if c.isalnum() or c.isspace() else " " for c in folded)
    )
