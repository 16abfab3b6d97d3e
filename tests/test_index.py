"""The index is only a copy: whatever happens to it or behind its back, every command
answers as a fresh read of the Markdown files would.

- A Hypothesis state machine writes, edits (in place, atomically, keeping the mtime,
  twice within a second at the same size), moves, deletes, trashes and restores, corrupts
  and mends entry files, makes sync "conflicted copies", and deletes or scrambles the
  index; after every step `list`, `list -n`, `search`, `summary` and `brief` must answer
  exactly as they do with no index at all, and `list --json` must be exactly the entries
  on disk, read without ticli's index.
- A corrupt, truncated, newer-versioned or foreign index file; a read-only, misplaced or
  missing cache folder: commands answer as with no index.
- The index (and its -wal/-shm files) are private.
- A writer and readers in separate processes: no errors, nothing lost or doubled.
- Files that cannot be read are named on every run.
- A hand edit of an older entry is seen.
- `search`, narrowed by the index's FTS5 table, hides no entry the matcher finds.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer.testing
from conftest import local_now, local_today, make_entry
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from typer.main import get_command

import ticli.prompts as prompts_package
from ticli import store
from ticli.analysis.formats import entries_to_json
from ticli.analysis.query import Matcher, search
from ticli.analysis.themes import stop_words
from ticli.cli.app import app
from ticli.errors import EntryProblem
from ticli.model import Answer, Entry, new_entry_id
from ticli.paths import locations
from ticli.prompts import load_library
from ticli.store import folderstamps
from ticli.store.indexdb import INDEX_VERSION

RUNNER = typer.testing.CliRunner()
#: Built once: building the command tree costs more than most commands take.
COMMAND = get_command(app)
#: Wide enough that no path in a message is wrapped.
WIDE = "5000"
#: Every command here is run with these (a pipe, no colour, no wrapping).
QUIET = {"NO_COLOR": "1", "COLUMNS": WIDE}
SKIPPED = "Skipped an entry I could not read: "


@pytest.fixture(autouse=True)
def _quicker_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of commands run here. Two costs that have nothing to do with the index are
    paid once: CliRunner builds the click command on every call, and every command parses
    the prompt library (40 ms each). The journals here have no prompts of their own."""
    if hasattr(typer.testing, "_get_command"):
        original = typer.testing._get_command
        monkeypatch.setattr(
            typer.testing, "_get_command", lambda a: COMMAND if a is app else original(a)
        )
    monkeypatch.setattr(prompts_package, "load_library", functools.cache(load_library))


# ---------------------------------------------------------------- helpers


def ticli(home: Path, cache: Path, *args: str, input: str | None = None) -> Any:
    """Run a command in this process against the journal `home` and the cache `cache`."""
    env = {"TICLI_HOME": str(home), "XDG_CACHE_HOME": str(cache), **QUIET}
    return RUNNER.invoke(app, list(args), env=env, input=input)


def answered(result: Any, what: str = "") -> Any:
    """The result of a command that must succeed: exit 0 and no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        what,
        result.exception,
        result.stderr,
    )
    assert result.exit_code == 0, (what, result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, (what, result.stderr)
    return result


def index_file(home: Path, cache: Path) -> Path:
    """Where ticli keeps the index of the journal `home` with the cache folder `cache`."""
    with mock.patch.dict(os.environ, {"TICLI_HOME": str(home), "XDG_CACHE_HOME": str(cache)}):
        path = locations().index_file
    assert path is not None
    return path


def settle(path: Path) -> None:
    """Move what the index's WAL file holds into the index file itself (as the last
    command to close it does), so that damage done to the file reaches its tables."""
    gc.collect()  # commands run here close their index as a process that ends would
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def remove_index(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def journal_files(home: Path) -> list[Path]:
    """The files the journal reads as entries (`YYYY/MM/*.md`, no dot names; not the
    trash), in the order of their names relative to the journal."""
    found = [
        p
        for p in home.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.md")
        if not p.name.startswith(".") and p.is_file()
    ]
    return sorted(found, key=lambda p: p.relative_to(home).as_posix())


def on_disk(home: Path) -> tuple[list[Entry], list[str], dict[str, Path]]:
    """The journal read straight from its files, no index: the entries newest first (as
    `list` orders them), the messages of files that cannot be read, in file-name order,
    and where each entry is. Of two files with one id, the one named `<id>.md` is the
    entry, else the first by name; the other is a copy (see `copies`)."""
    entries, problems, where, _ = read_journal(home)
    return entries, problems, where


def copies(home: Path) -> list[Path]:
    """Second files with an id already read (a sync tool's copies), in file-name order."""
    return read_journal(home)[3]


def read_journal(home: Path) -> tuple[list[Entry], list[str], dict[str, Path], list[Path]]:
    entries: dict[str, Entry] = {}
    where: dict[str, Path] = {}
    problems: list[str] = []
    second: list[Path] = []
    read: list[tuple[Path, Entry]] = []
    for path in journal_files(home):
        try:
            read.append((path, store.parse_entry(path.read_bytes(), str(path))))
        except EntryProblem as problem:
            problems.append(problem.message)
    for path, entry in sorted(read, key=lambda pe: (pe[0].name != f"{pe[1].id}.md", pe[0])):
        if entry.id in entries:
            second.append(path)
            continue
        entries[entry.id] = entry
        where[entry.id] = path
    newest_first = sorted(entries.values(), key=lambda e: (-e.created.timestamp(), e.id))
    return newest_first, problems, where, sorted(second)


def reported(stderr: str) -> list[str]:
    """The problems a command named on stderr, in order."""
    return [line[len(SKIPPED) :] for line in stderr.splitlines() if line.startswith(SKIPPED)]


def keep_mtime(path: Path, before: os.stat_result) -> None:
    """Put the mtime back, as sync tools (rsync -t, Syncthing, Dropbox) and `cp -p` do."""
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def write_in_place(path: Path, data: bytes) -> None:
    """Overwrite the file itself (same inode), as many editors and sync tools do."""
    with path.open("r+b") as handle:
        handle.write(data)
        handle.truncate()


def write_replacing(path: Path, data: bytes) -> None:
    """Write a new file beside it and rename it over (a new inode), as vim or sed -i do."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def make_old(path: Path, days: float = 3) -> None:
    """Give a file an mtime some days back: a file synced from elsewhere, or just old."""
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def private_journal(home: Path) -> None:
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(home, 0o700)


def moment(days_back: int, minute: int) -> datetime:
    """A local moment `days_back` days before today (never in the future)."""
    day = local_today() - timedelta(days=days_back)
    return datetime.combine(day, clock(6 + minute // 60 % 12, minute % 60)).astimezone()


#: Words the entries share, so that searches find several; the first five are five ASCII
#: letters each, so one can replace another without changing a file's size.
SAME_SIZE = ("visit", "tired", "grief", "shift", "quiet")
WORDS = (*SAME_SIZE, "boundaries", "café", "naïve", "straße", "night", "team", "calm")
#: What the searches look for: whole words, words folded, and the start of one.
NEEDLES = ("visit", "tired", "grief", "shift", "quiet", "bound", "cafe", "NAIVE", "strasse", "nig")
PROMPTS = (
    ("strengths-community", "strengths"),
    ("triggers-setting", "triggers"),
    ("wellbeing-own-history", "wellbeing"),
    ("connection-relationship-first", "connection"),
)
TAGS = ("team", "night-shift", "self_care", "équipe", "hard-day")

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)
filler = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12
)
texts = st.tuples(words, filler, words).map(lambda t: " ".join([*t[0], t[1], *t[2]]).strip())
tag_lists = st.lists(st.sampled_from(TAGS), max_size=2, unique=True)


def a_entry(
    when: datetime,
    kind: str,
    text: str,
    tags: Sequence[str],
    flagged: bool,
    extra: str,
) -> Entry:
    """An entry of any kind: a note holds the text; a reflection answers prompts with it
    (so summaries have principles and themes); a supervision has notes and actions."""
    answers: tuple[Answer, ...] = ()
    principles: tuple[str, ...] = ()
    note = ""
    actions: tuple[str, ...] = ()
    if kind == "daily":
        chosen = PROMPTS[: 1 + len(extra) % len(PROMPTS)]
        answers = tuple(
            Answer(pid, f"Question {pid}?", f"{text} {extra}".strip() if i == 0 else text)
            for i, (pid, _) in enumerate(chosen)
        )
        principles = tuple(dict.fromkeys(p for _, p in chosen))
    elif kind == "supervision":
        note = text
        actions = (f"Talk about {extra or 'grief'}",)
    else:
        note = f"{text} {extra}".strip()
    return Entry(
        id=new_entry_id(when),
        created=when,
        kind=kind,
        answers=answers,
        note=note,
        tags=tuple(tags),
        principles=principles,
        flagged=flagged,
        actions=actions,
        ratings={"capacity": 1 + len(text) % 5} if kind == "daily" else {},
    )


# ---------------------------------------------------------------- 1. the state machine

#: A summary window that starts in an older month, so the "previous period" and the
#: "rest of the journal" (the index's word totals) are both in play.
SUMMARY_SINCE = 75


class JournalMachine(RuleBasedStateMachine):
    """A journal changed in every way a person, an editor or a sync tool changes one;
    after every step, the commands must answer as a fresh read does."""

    base: Path  # set by the test before it runs

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(dir=self.base))
        self.home = self.dir / "journal"
        self.cache = self.dir / "cache"
        private_journal(self.home)
        self.index = index_file(self.home, self.cache)
        self.fresh = 0
        self.step = 0

    def run(self, *args: str, input: str | None = None) -> Any:
        return ticli(self.home, self.cache, *args, input=input)

    def files(self) -> list[Path]:
        return journal_files(self.home)

    def entry_files(self) -> list[Path]:
        """Files that read as entries (the first of each id)."""
        return sorted(on_disk(self.home)[2].values())

    def broken_files(self) -> list[Path]:
        good = set(on_disk(self.home)[2].values())
        return [p for p in self.files() if p not in good]

    # ------------------------------------------------------------ writing

    @rule(
        text=texts,
        tags=tag_lists,
        days=st.integers(1, 800),
        minute=st.integers(0, 719),
    )
    def note_from_the_command_line(
        self, text: str, tags: list[str], days: int, minute: int
    ) -> None:
        when = moment(days, minute).strftime("%Y-%m-%dT%H:%M")
        tagging = [a for t in tags for a in ("--tag", t)]
        answered(self.run("note", text, *tagging, "--at", when), "note")

    @rule(
        kind=st.sampled_from(["note", "daily", "daily", "supervision"]),
        text=texts,
        extra=filler,
        tags=tag_lists,
        days=st.integers(0, 800),
        minute=st.integers(0, 719),
        flagged=st.booleans(),
        old=st.booleans(),
    )
    def file_written_by_hand_or_synced(
        self,
        kind: str,
        text: str,
        extra: str,
        tags: list[str],
        days: int,
        minute: int,
        flagged: bool,
        old: bool,
    ) -> None:
        entry = a_entry(moment(days, minute), kind, text, tags, flagged, extra)
        path = store.entry_path(self.home, entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(store.format_entry(entry).encode("utf-8"))
        if old:
            make_old(path)

    # ------------------------------------------------------------ editing by hand

    def _edit(self, path: Path, data: bytes, how: str, keep: bool) -> None:
        before = path.stat()
        (write_in_place if how == "in place" else write_replacing)(path, data)
        if keep:
            keep_mtime(path, before)

    @precondition(lambda self: self.entry_files())
    @rule(
        data=st.data(),
        how=st.sampled_from(["in place", "replacing"]),
        keep=st.booleans(),
        twice=st.booleans(),
    )
    def same_size_edit(self, data: st.DataObject, how: str, keep: bool, twice: bool) -> None:
        """One shared word for another of the same length: the same size, and (with
        `keep`) the same mtime. With `twice`, a command reads the journal between two
        such edits, all within the same second: the classic racy case."""
        path = data.draw(st.sampled_from(self.entry_files()))
        for round in range(2 if twice else 1):
            raw = path.read_bytes()
            front_a, front_b, body = raw.decode("utf-8").split("+++", 2)
            present = [w for w in SAME_SIZE if w in body]
            if not present:
                return
            old = data.draw(st.sampled_from(present))
            new = data.draw(st.sampled_from([w for w in SAME_SIZE if w != old]))
            edited = "+++".join([front_a, front_b, body.replace(old, new, 1)]).encode("utf-8")
            assert len(edited) == len(raw)
            self._edit(path, edited, how, keep)
            if twice and round == 0:
                answered(self.run("list", "--json"), "list between the edits")

    @precondition(lambda self: self.entry_files())
    @rule(
        data=st.data(),
        change=st.sampled_from(["text", "tags", "flag"]),
        text=texts,
        tags=tag_lists,
        how=st.sampled_from(["in place", "replacing"]),
        keep=st.booleans(),
    )
    def hand_edit(
        self,
        data: st.DataObject,
        change: str,
        text: str,
        tags: list[str],
        how: str,
        keep: bool,
    ) -> None:
        path = data.draw(st.sampled_from(self.entry_files()))
        entry = store.parse_entry(path.read_bytes(), str(path))
        if change == "text":
            if entry.answers:
                first = replace(entry.answers[0], text=text)
                entry = replace(entry, answers=(first, *entry.answers[1:]))
            else:
                entry = replace(entry, note=text)
        elif change == "tags":
            entry = replace(entry, tags=tuple(tags))
        else:
            entry = replace(entry, flagged=not entry.flagged)
        self._edit(path, store.format_entry(entry).encode("utf-8"), how, keep)

    # ------------------------------------------------------------ outside ticli

    @precondition(lambda self: self.files())
    @rule(data=st.data())
    def deleted_outside_ticli(self, data: st.DataObject) -> None:
        data.draw(st.sampled_from(self.files())).unlink()

    @precondition(lambda self: self.files())
    @rule(data=st.data(), months_back=st.integers(1, 30), old=st.booleans())
    def moved_to_another_month(self, data: st.DataObject, months_back: int, old: bool) -> None:
        path = data.draw(st.sampled_from(self.files()))
        year, month = int(path.parent.parent.name), int(path.parent.name)
        serial = year * 12 + month - 1 - months_back
        folder = self.home / f"{serial // 12:04d}" / f"{serial % 12 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / path.name
        if not target.exists():
            os.rename(path, target)
            if old:
                make_old(folder, 2)

    @precondition(lambda self: self.entry_files())
    @rule(data=st.data(), same_folder=st.booleans())
    def sync_conflicted_copy(self, data: st.DataObject, same_folder: bool) -> None:
        """A sync tool's second copy of an entry: the same id, another name (sorting
        before or after the first), the mtime kept."""
        path = data.draw(st.sampled_from(self.entry_files()))
        name = data.draw(st.sampled_from([" (conflicted copy)", ".sync-conflict-1", "~"]))
        target = path.with_name(f"{path.stem}{name}.md")
        if not same_folder:
            target = self.home / "2019" / "01" / target.name
            target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copy2(path, target)

    @precondition(lambda self: self.files())
    @rule(
        data=st.data(),
        damage=st.sampled_from(
            [
                b"+++\nid = \n+++\nbroken front matter\n",
                b'+++\nid = "x"\ncreated = 2026-13-45T00:00:00Z\n+++\n',
                b"no front matter at all\n",
                b'+++\nformat = 9\nid = "x"\ncreated = 2020-01-01T00:00:00Z\n+++\n',
                '+++\nid = "\u00e9"\n+++\n'.encode("latin-1"),
            ]
        ),
        keep=st.booleans(),
        how=st.sampled_from(["in place", "replacing"]),
    )
    def corrupted(self, data: st.DataObject, damage: bytes, keep: bool, how: str) -> None:
        path = data.draw(st.sampled_from(self.files()))
        if data.draw(st.booleans()):
            # Bytes that are not UTF-8 in the middle of an otherwise good file.
            raw = path.read_bytes()
            damage = raw[: len(raw) // 2] + b"\xff\xfe" + raw[len(raw) // 2 :]
        self._edit(path, damage, how, keep)

    @precondition(lambda self: self.broken_files())
    @rule(data=st.data(), text=texts, days=st.integers(0, 800), keep=st.booleans())
    def mended(self, data: st.DataObject, text: str, days: int, keep: bool) -> None:
        path = data.draw(st.sampled_from(self.broken_files()))
        entry = a_entry(moment(days, 30), "note", text, (), False, "")
        self._edit(path, store.format_entry(entry).encode("utf-8"), "in place", keep)

    # ------------------------------------------------------------ through ticli

    @precondition(lambda self: self.entry_files())
    @rule(data=st.data())
    def deleted_with_ticli(self, data: st.DataObject) -> None:
        entries, _, where = on_disk(self.home)
        entry = data.draw(st.sampled_from(entries))
        path = where[entry.id]
        result = answered(self.run("delete", entry.id, "--yes"), "delete")
        assert not path.exists(), result.stdout

    @precondition(lambda self: list((self.home / ".trash").rglob("*.md")))
    @rule(data=st.data())
    def restored_with_ticli(self, data: st.DataObject) -> None:
        trash = self.home / ".trash"
        trashed = sorted(trash.rglob("*.md"))
        path = data.draw(st.sampled_from(trashed))
        ids = {}
        for p in trashed:
            try:
                ids[p] = {p.stem, store.parse_entry(p.read_bytes(), str(p)).id}
            except EntryProblem:
                ids[p] = {p.stem}
        if sum(path.stem in i for i in ids.values()) != 1:
            return  # ambiguous: restore would (rightly) ask for more of the id
        target = self.home / path.relative_to(trash)
        # `<id>~2.md` (a second copy of a name, trashed) goes back as `<id>.md`.
        target = target.with_name(re.sub(r"~\d+(?=\.|$)", "", target.name, count=1))
        result = self.run("restore", path.stem)
        if target.exists() and path.exists():
            assert result.exit_code != 0 and "Traceback" not in result.stderr
            return
        answered(result, "restore")
        assert target.exists() and not path.exists()

    @rule(days=st.floats(0.01, 30))
    def time_passes(self, days: float) -> None:
        """Every file and folder looks `days` older, as after a pause: the index then
        trusts what it read (nothing is "changed too lately to be sure" any more), and
        later edits must be seen through size, inode and ctime alone."""
        for path in [*self.home.rglob("*")]:
            if ".trash" not in path.parts:
                info = path.stat()
                then = info.st_mtime_ns - int(days * 86400e9)
                os.utime(path, ns=(then, then))

    # ------------------------------------------------------------ the index itself

    @rule()
    def index_deleted(self) -> None:
        remove_index(self.index)

    @precondition(lambda self: self.index.exists())
    @rule(how=st.sampled_from(["garbage", "truncated", "empty"]))
    def index_damaged(self, how: str) -> None:
        with contextlib.suppress(sqlite3.Error):
            settle(self.index)
        raw = self.index.read_bytes()
        if how == "garbage":
            self.index.write_bytes(bytes(range(256)) * (len(raw) // 256 + 1))
        elif how == "truncated":
            self.index.write_bytes(raw[: len(raw) // 3])
        else:
            self.index.write_bytes(b"")

    # ------------------------------------------------------------ what must hold

    def both(self, *args: str, new_folder: bool = False, ahead: bool = False) -> tuple[Any, Any]:
        """A command with the index, then with none: made in a new, empty cache folder,
        or (quicker) in memory, the cache folder being a path under a file. `ahead`: the
        command with the index is asked as the installed command asks it, with a child
        process looking at the folders as it starts (store.folderstamps), and the index
        asked before that look is compared with it."""
        if ahead:
            folderstamps.start(self.home)
            assert folderstamps.pending(self.home, ""), "no look was started"
        try:
            with_index = answered(self.run(*args), f"{args} with the index")
            assert not (ahead and folderstamps.pending(self.home, "")), "the look went unused"
        finally:
            folderstamps.finish()
        self.fresh += 1
        empty = self.dir / f"fresh-{self.fresh}"
        if not new_folder:
            empty.write_bytes(b"")
            empty = empty / "cache"
        without = answered(ticli(self.home, empty, *args), f"{args} with no index")
        assert not index_file(self.home, empty).exists() or new_folder
        if new_folder:
            gc.collect()  # the command's index, closed (its WAL files go) before, not during
            shutil.rmtree(empty, ignore_errors=True)
        else:
            empty.parent.unlink()
        assert with_index.stdout == without.stdout, args
        assert with_index.stderr == without.stderr, args
        return with_index, without

    @invariant()
    def commands_answer_as_a_fresh_read(self) -> None:
        self.step += 1
        entries, problems, _ = on_disk(self.home)
        listed, _ = self.both("list", "--json", new_folder=True, ahead=self.step % 2 == 1)
        # Exactly the entries on disk, as they are now, newest first.
        assert listed.stdout == entries_to_json(entries)
        # Every file that cannot be read, named with its line, on this run too.
        assert reported(listed.stderr) == problems
        # A sync tool's copies are not named line by line: once, at the end.
        second = copies(self.home)
        hinted = listed.stderr.count("ticli doctor has something for you")
        assert hinted == (1 if second or problems else 0)
        for path in second[:3]:
            assert str(path.relative_to(self.home)) in listed.stderr.replace("\n", "")
        self.both("list", "--limit", "3", "--json")
        needle = NEEDLES[self.step % len(NEEDLES)]
        found, _ = self.both("search", needle, "--json", ahead=self.step % 2 == 0)
        assert found.stdout == entries_to_json(
            [m.entry for m in search(entries, Matcher(needle))]
        ), needle
        self.both("search", NEEDLES[(self.step * 7 + 3) % len(NEEDLES)], "--json", ahead=True)
        self.both("tags", ahead=self.step % 3 == 0)
        since = (local_today() - timedelta(days=SUMMARY_SINCE)).isoformat()
        self.both("summary", "--json", "--since", since, "--allow-identifiers")
        if self.step % 2 == 0:
            self.both("brief", "--allow-identifiers")
        self.index_holds_what_a_new_one_would()

    def index_holds_what_a_new_one_would(self) -> None:
        """The kept index, brought up to date step by step, holds what one made now from
        nothing holds: the same files, problems and second copies, the same search text,
        and the same word totals (which summaries use only past 150 words)."""
        from ticli.usecases.journal import entry_terms

        gc.collect()
        kept = store.fresh_index(self.home, self.index, entry_terms)
        new = store.fresh_index(self.home, None, entry_terms)
        try:
            if kept.path is None:
                return  # the kept one could not be used (damaged and rebuilt in memory)
            for index in (kept, new):  # the search table's words, where each stands
                index.db.execute(
                    "CREATE VIRTUAL TABLE temp.body_words USING fts5vocab(main, body, instance)"
                )
            for query in TABLES:
                assert kept.values(query) == new.values(query), query
        finally:
            kept.close()
            new.close()


#: What two indexes of the same files must agree on (row numbers aside).
TABLES = (
    "SELECT name, folder, id, at, day, kind, flagged, tags, principles, problem, line, dup,"
    " counted FROM files ORDER BY name",
    "SELECT f.name, r.record FROM files f JOIN records r USING (n) ORDER BY f.name",
    # Every word the search table holds, in which file and where: none left behind by
    # a file changed or gone (its words are taken out by giving the text again).
    "SELECT f.name, w.term, w.offset FROM temp.body_words w JOIN files f ON f.n = w.doc"
    " ORDER BY 1, 2, 3",
    "SELECT f.name, a.position, a.prompt FROM files f JOIN answered a USING (n) ORDER BY 1, 2",
    "SELECT key, form, count FROM terms WHERE count != 0 ORDER BY key, form",
    "SELECT name, value FROM totals WHERE value != 0 ORDER BY name",
)


def test_commands_always_answer_as_a_fresh_read(tmp_path: Path) -> None:
    JournalMachine.base = tmp_path
    run_state_machine_as_test(
        JournalMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=10,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )


# ---------------------------------------------------------------- a small fixed journal


def small_journal(home: Path, old: bool = True) -> dict[str, Path]:
    """A journal over two years, with a reflection, notes, a flagged entry, a supervision,
    a file that cannot be read and a second copy of an id; old files (their mtimes days
    back), so that the index trusts what it has read. Returns the files by a short name."""
    private_journal(home)
    made = {
        "old": a_entry(moment(700, 30), "note", "visit long ago, grief and calm", (), False, ""),
        "year": a_entry(
            moment(370, 60), "daily", "tired after the night shift", ["team"], False, "x"
        ),
        "month": a_entry(
            moment(40, 90), "note", "boundaries with the team café", ["team"], True, ""
        ),
        "super": a_entry(moment(20, 120), "supervision", "quiet grief talk", (), False, "calm"),
        "week": a_entry(moment(3, 150), "daily", "visit went well, naïve hope", (), False, "xyz"),
    }
    paths = {}
    for name, entry in made.items():
        path = store.entry_path(home, entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(store.format_entry(entry).encode("utf-8"))
        paths[name] = path
    week = paths["week"].parent
    paths["broken"] = week / "20200101-000000-broken00.md"
    paths["broken"].write_bytes(b'+++\nid = "b"\ncreated = 2026-01-01T00:00:00Z\nkind = \n+++\n')
    paths["latin"] = paths["old"].parent / "latin-1.md"
    paths["latin"].write_bytes(b'+++\nid = "l"\ncreated = 2025-01-01T00:00:00Z\n+++\ncaf\xe9\n')
    paths["copy"] = paths["month"].with_name(paths["month"].stem + " (copy).md")
    shutil.copy2(paths["month"], paths["copy"])
    if old:
        for path in paths.values():
            make_old(path)
        for folder in home.glob("[0-9]*/[0-9]*"):
            make_old(folder)
            make_old(folder.parent)
    return paths


def queries() -> list[tuple[str, ...]]:
    since = (local_today() - timedelta(days=SUMMARY_SINCE)).isoformat()
    return [
        ("list", "--json"),
        ("list", "--limit", "2", "--json"),
        ("list", "--since", since, "--json"),
        ("search", "visit", "--json"),
        ("search", "bound", "--json"),
        ("summary", "--json", "--since", since, "--allow-identifiers"),
        ("brief", "--allow-identifiers"),
    ]


def answers_without_index(home: Path, base: Path) -> dict[tuple[str, ...], tuple[str, str]]:
    """What each query answers with no index at all (kept in memory for the command)."""
    (base / "a-file").write_bytes(b"")
    nowhere = base / "a-file" / "cache"
    found = {}
    for query in queries():
        result = answered(ticli(home, nowhere, *query), query)
        found[query] = (result.stdout, result.stderr)
    (base / "a-file").unlink()
    return found


def assert_answers(home: Path, cache: Path, expected: dict[tuple[str, ...], Any], why: str) -> None:
    for query, (stdout, stderr) in expected.items():
        result = answered(ticli(home, cache, *query), f"{why}: {query}")
        assert result.stdout == stdout, (why, query)
        assert result.stderr == stderr, (why, query)


def test_the_small_journal_reads_as_expected(journal_home: Path, tmp_path: Path) -> None:
    """The fixed journal the tests below use is what they think it is."""
    paths = small_journal(journal_home)
    entries, problems, _ = on_disk(journal_home)
    assert len(entries) == 5 and len(problems) == 2 and len(copies(journal_home)) == 1
    expected = answers_without_index(journal_home, tmp_path)
    assert json.loads(expected[("list", "--json")][0])[0]["id"] == entries[0].id
    assert reported(expected[("list", "--json")][1]) == problems
    assert str(paths["latin"]) + ", line 5: this is not UTF-8 text" in problems
    assert_answers(journal_home, tmp_path / "cache", expected, "first run")
    assert_answers(journal_home, tmp_path / "cache", expected, "second run")


# ---------------------------------------------------------------- 2. a damaged index


def sqlite_file(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            db.execute(statement)
    finally:
        db.close()


def forge(path: Path, *statements: str) -> None:
    """Change a real index behind ticli's back: every entry's text becomes FORGED, so
    an index that is wrongly trusted shows it."""
    sqlite_file(
        path,
        "UPDATE records SET record = replace(record, 'visit', 'FORGED')",
        *statements,
    )


def overwrite_table(path: Path, table: str) -> None:
    """Overwrite the first page of one table with garbage, the file header left whole:
    corruption SQLite only notices when that table is read."""
    db = sqlite3.connect(path)
    try:
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    with path.open("r+b") as handle:
        handle.seek(page_size * (root - 1))
        handle.write(bytes([0xA5, 0x5A]) * (page_size // 2))


DAMAGES = {
    "random bytes": lambda p: p.write_bytes(bytes((i * 131 + 7) % 256 for i in range(9000))),
    "an SQLite header, then garbage": lambda p: p.write_bytes(
        b"SQLite format 3\x00" + b"\xff" * 8000
    ),
    "empty": lambda p: p.write_bytes(b""),
    "truncated to a third": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 3]),
    "truncated to its first page": lambda p: p.write_bytes(p.read_bytes()[:4096]),
    "a newer ticli's": lambda p: forge(p, f"PRAGMA user_version = {INDEX_VERSION + 1}"),
    "another program's (application id)": lambda p: forge(p, "PRAGMA application_id = 42"),
    "the right version, the wrong tables": lambda p: sqlite_file(
        p, "DROP TABLE records", "CREATE TABLE records (x)"
    ),
    "not ticli's at all": lambda p: (
        remove_index(p),
        sqlite_file(p, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('x')"),
    ),
    "not ticli's, with a table named files": lambda p: (
        remove_index(p),
        sqlite_file(p, "CREATE TABLE files (path TEXT)", "INSERT INTO files VALUES ('x')"),
    ),
    "a folder": lambda p: (remove_index(p), p.mkdir()),
    "garbage in its WAL file": lambda p: Path(f"{p}-wal").write_bytes(b"\x37\x7f\x06\x82" * 2000),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_index_answers_as_no_index(
    damage: str, journal_home: Path, tmp_path: Path
) -> None:
    small_journal(journal_home)
    expected = answers_without_index(journal_home, tmp_path)
    cache = tmp_path / "cache"
    assert_answers(journal_home, cache, expected, "made")
    index = index_file(journal_home, cache)
    assert index.is_file()
    settle(index)
    DAMAGES[damage](index)
    assert_answers(journal_home, cache, expected, f"{damage}, first run")
    assert_answers(journal_home, cache, expected, f"{damage}, second run")


# ---------------------------------------------------------------- counted with other stop words

#: A digest of the stop words each index version counts with. The index keeps every
#: entry's words as they were counted: new stop words need a new INDEX_VERSION, so that an
#: index counted with the old ones is built again rather than trusted.
STOP_WORDS_OF_VERSION = {
    7: "f059d16608315c002d75e5d4c218f335958300c1f9e186c3fbe4d7aa458a3cea",
    8: "f059d16608315c002d75e5d4c218f335958300c1f9e186c3fbe4d7aa458a3cea",
    9: "f059d16608315c002d75e5d4c218f335958300c1f9e186c3fbe4d7aa458a3cea",
    10: "f059d16608315c002d75e5d4c218f335958300c1f9e186c3fbe4d7aa458a3cea",
    11: "f059d16608315c002d75e5d4c218f335958300c1f9e186c3fbe4d7aa458a3cea",
}


def test_new_stop_words_come_with_a_new_index_version() -> None:
    digest = hashlib.sha256(" ".join(sorted(stop_words())).encode()).hexdigest()
    assert STOP_WORDS_OF_VERSION.get(INDEX_VERSION) == digest, (
        "The stop words changed: add 1 to INDEX_VERSION in store/indexdb.py, and "
        f"{INDEX_VERSION + 1}: {digest!r} to STOP_WORDS_OF_VERSION here."
    )


@pytest.mark.parametrize("version", [INDEX_VERSION - 1, INDEX_VERSION])
def test_an_index_counted_with_the_stop_words_before_is_counted_again(
    version: int, journal_home: Path, tmp_path: Path
) -> None:
    """An index of the version before counted words that are stop words now ("anyway"
    among them): its counts are not used. One of this version is trusted, so the forged
    counts show: the test can tell the two apart."""
    now = local_now().replace(microsecond=0)
    for n in range(80):
        text = "The group met in the hall and shared tea; a parent spoke about school "
        text += "mornings. Colleagues checked in after lunch, and the phones were quiet."
        when = now - timedelta(days=n if n < 20 else 40 + 3 * n, minutes=1)
        store.write_entry(journal_home, make_entry(when, [("x", text)]))
    cache = tmp_path / "cache"
    query = ("summary", "--json")
    expected = answered(ticli(journal_home, cache, *query)).stdout
    assert json.loads(expected)["themes_possible"]
    index = index_file(journal_home, cache)
    settle(index)
    sqlite_file(
        index,
        "INSERT INTO terms VALUES ('anyway', 'anyway', 200)",
        "UPDATE totals SET value = value + 200 WHERE name = 'words'",
        f"PRAGMA user_version = {version}",
    )
    stdout = answered(ticli(journal_home, cache, *query)).stdout
    themes = {t["term"] for t in json.loads(stdout)["themes"]}
    if version == INDEX_VERSION:
        assert "anyway" in themes  # trusted: said 200 times before, never in this period
    else:
        assert stdout == expected
        assert answered(ticli(journal_home, cache, *query)).stdout == expected


# The index is read table by table: a page of one of them gone bad is found only when a
# command asks that table, after the index was opened and brought up to date.
@pytest.mark.parametrize("table", ["records", "files", "body_data", "terms", "answered", "totals"])
def test_an_index_with_a_bad_page_answers_as_no_index(
    table: str, journal_home: Path, tmp_path: Path
) -> None:
    small_journal(journal_home)
    expected = answers_without_index(journal_home, tmp_path)
    cache = tmp_path / "cache"
    assert_answers(journal_home, cache, expected, "made")
    overwrite_table(index_file(journal_home, cache), table)
    assert_answers(journal_home, cache, expected, f"bad page in {table}, first run")
    assert_answers(journal_home, cache, expected, f"bad page in {table}, second run")


def test_an_index_locked_by_another_process_answers_as_no_index(
    journal_home: Path, tmp_path: Path
) -> None:
    paths = small_journal(journal_home)
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "list", "--json"))
    # Something changed, so the command has to write to the index; another ticli holds it.
    edited = paths["week"]
    edited.write_bytes(edited.read_bytes().replace(b"visit", b"quiet"))
    expected = answers_without_index(journal_home, tmp_path)
    holder = sqlite3.connect(index_file(journal_home, cache), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        result = answered(ticli(journal_home, cache, "list", "--json"))
        assert time.monotonic() - started < 30
        assert result.stdout == expected[("list", "--json")][0]
        assert result.stderr == expected[("list", "--json")][1]
    finally:
        holder.close()
    assert_answers(journal_home, cache, expected, "after the lock was let go")


# ---------------------------------------------------------------- 3. the cache folder


def immutable(path: Path, on: bool) -> bool:
    """chattr +i (or -i): even root cannot add to or remove from such a folder. False
    when the file system or the system does not allow it."""
    try:
        done = subprocess.run(
            ["chattr", "+i" if on else "-i", str(path)], capture_output=True, check=False
        )
    except OSError:
        return False
    return done.returncode == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make a folder read-only, for root too (chmod 0500 does not stop root)."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o500)
        try:
            yield
        finally:
            os.chmod(folder, 0o700)
        return
    if not immutable(folder, True):
        pytest.skip("running as root on a file system without chattr +i: no read-only folder")
    try:
        yield
    finally:
        immutable(folder, False)


@pytest.mark.parametrize("index_there", [False, True], ids=["no index yet", "an index there"])
def test_a_read_only_cache_folder(index_there: bool, journal_home: Path, tmp_path: Path) -> None:
    small_journal(journal_home)
    expected = answers_without_index(journal_home, tmp_path)
    cache = tmp_path / "cache"
    index = index_file(journal_home, cache)
    index.parent.mkdir(parents=True)
    if index_there:
        assert_answers(journal_home, cache, expected, "made")
        assert index.exists()
    with read_only(index.parent):
        assert_answers(journal_home, cache, expected, "read-only")
        assert_answers(journal_home, cache, expected, "read-only, again")
        assert index.exists() == index_there


def test_a_read_only_index_file(journal_home: Path, tmp_path: Path) -> None:
    small_journal(journal_home)
    expected = answers_without_index(journal_home, tmp_path)
    cache = tmp_path / "cache"
    assert_answers(journal_home, cache, expected, "made")
    index = index_file(journal_home, cache)
    if os.geteuid() != 0:
        os.chmod(index, 0o400)
        assert_answers(journal_home, cache, expected, "read-only index")
        return
    if not immutable(index, True):
        pytest.skip("running as root on a file system without chattr +i")
    try:
        assert_answers(journal_home, cache, expected, "immutable index")
    finally:
        immutable(index, False)


@pytest.mark.parametrize(
    "where",
    ["a file where the cache folder should be", "a file where ticli's folder should be", "/proc"],
)
def test_a_cache_folder_that_cannot_be(where: str, journal_home: Path, tmp_path: Path) -> None:
    small_journal(journal_home)
    expected = answers_without_index(journal_home, tmp_path)
    if where == "/proc":
        cache = Path("/proc")
        if not cache.is_dir():
            pytest.skip("no /proc here")
    elif where == "a file where the cache folder should be":
        cache = tmp_path / "cache-file"
        cache.write_bytes(b"not a folder")
    else:
        cache = tmp_path / "cache"
        cache.mkdir()
        index_file(journal_home, cache).parent.write_bytes(b"not a folder")
    assert_answers(journal_home, cache, expected, where)
    assert_answers(journal_home, cache, expected, f"{where}, again")


def test_a_missing_cache_folder_is_made(journal_home: Path, tmp_path: Path) -> None:
    small_journal(journal_home)
    expected = answers_without_index(journal_home, tmp_path)
    cache = tmp_path / "not" / "there" / "yet"
    assert_answers(journal_home, cache, expected, "missing cache folder")
    index = index_file(journal_home, cache)
    assert index.is_file()
    assert stat.S_IMODE(index.parent.stat().st_mode) == 0o700
    # And once more, when it went missing again (a cache cleaner).
    shutil.rmtree(tmp_path / "not")
    assert_answers(journal_home, cache, expected, "cache folder removed")
    assert index.is_file()


# ---------------------------------------------------------------- 4. private


def modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_the_index_and_its_wal_files_are_private(
    umask: int, journal_home: Path, tmp_path: Path
) -> None:
    from ticli.usecases.journal import entry_terms

    small_journal(journal_home)
    cache = tmp_path / "cache"
    index = index_file(journal_home, cache)
    old = os.umask(umask)
    try:
        answered(ticli(journal_home, cache, "list", "--json"))
        gc.collect()  # the command's connection closed, as at the end of a process
        assert modes(index.parent) == {index.name: 0o600}
        assert stat.S_IMODE(index.parent.stat().st_mode) == 0o700
        # While a command has it open, the WAL files are there: private too.
        opened = store.fresh_index(journal_home, index, entry_terms)
        try:
            found = modes(index.parent)
            assert f"{index.name}-wal" in found and f"{index.name}-shm" in found
            assert set(found.values()) == {0o600}, {k: oct(v) for k, v in found.items()}
        finally:
            opened.close()
    finally:
        os.umask(old)


def test_an_index_left_readable_by_others_is_made_private(
    journal_home: Path, tmp_path: Path
) -> None:
    """An index that is there already, readable by others (restored from a backup, unzipped,
    chmod'ed): it holds every entry's text, so ticli makes it private, as it does the
    journal folder, or sets it aside."""
    small_journal(journal_home)
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "list", "--json"))
    index = index_file(journal_home, cache)
    os.chmod(index, 0o644)
    answered(ticli(journal_home, cache, "search", "visit", "--json"))
    found = modes(index.parent)
    assert all(mode == 0o600 for mode in found.values()), {k: oct(v) for k, v in found.items()}


# ---------------------------------------------------------------- 5. two processes


WRITER = r"""
import sys, time
from ticli.cli.app import app
for i in range(int(sys.argv[1])):
    try:
        app(["note", f"Writer note {i}: visit, boundaries and calm."], standalone_mode=False)
    except SystemExit as stop:
        if stop.code:
            raise
    time.sleep(0.05)
"""


def test_a_writer_and_readers_in_other_processes(journal_home: Path, tmp_path: Path) -> None:
    private_journal(journal_home)
    env = {
        **os.environ,
        "TICLI_HOME": str(journal_home),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        **QUIET,
    }
    ticli_command = [sys.executable, "-m", "ticli"]

    def start(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*ticli_command, *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    count = 40
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(count)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # What readers saw in earlier rounds, all finished before this round started: entries
    # are only ever added, so every later answer holds all of it.
    seen: set[str] = set()
    rounds = 0
    try:
        while writer.poll() is None or rounds < 3:
            readers = [
                ("list", start("list", "--json")),
                ("summary", start("summary", "--json", "--allow-identifiers")),
                ("search", start("search", "visit", "--json")),
            ]
            this_round: set[str] = set()
            for name, reader in readers:
                out, err = reader.communicate(timeout=120)
                assert reader.returncode == 0, (name, err)
                assert err == "", (name, err)
                answer = json.loads(out)
                if name == "summary":
                    continue
                ids = [e["id"] for e in answer]
                assert len(ids) == len(set(ids)), (name, "an entry listed twice")
                assert seen <= set(ids), (name, "an entry went missing", seen - set(ids))
                this_round |= set(ids)
            seen |= this_round
            rounds += 1
    finally:
        _, writer_errors = writer.communicate(timeout=300)
    assert writer.returncode == 0, writer_errors
    assert "Traceback" not in writer_errors
    assert rounds >= 3
    final = subprocess.run(
        [*ticli_command, "list", "--json"], env=env, capture_output=True, text=True, check=True
    )
    entries, problems, _ = on_disk(journal_home)
    assert len(entries) == count and problems == []
    assert final.stdout == entries_to_json(entries)
    assert final.stderr == ""


# ---------------------------------------------------------------- 6. files that cannot be read


def test_files_that_cannot_be_read_are_named_on_every_run(
    journal_home: Path, tmp_path: Path
) -> None:
    paths = small_journal(journal_home)
    cache = tmp_path / "cache"
    _, problems, _ = on_disk(journal_home)
    assert f"{paths['broken']}, line 4: " in "\n".join(problems)
    assert f"{paths['latin']}, line 5: this is not UTF-8 text" in problems
    # "<id> (copy).md" sorts before "<id>.md", yet the file named for its id is the entry.
    assert copies(journal_home) == [paths["copy"]]
    since_all = (local_today() - timedelta(days=800)).isoformat()
    commands = [
        ("list", "--json"),
        ("list", "--limit", "1", "--json"),
        ("list", "--since", since_all, "--json"),
        ("search", "visit", "--json"),
        ("summary", "--json", "--since", since_all, "--allow-identifiers"),
    ]
    for run in range(3):
        for command in commands:
            result = answered(ticli(journal_home, cache, *command), (run, command))
            assert reported(result.stderr) == problems, (run, command)
    # Whatever its folder's date, --since names the problems in the folders it reads.
    recent = (local_today() - timedelta(days=5)).isoformat()
    result = answered(ticli(journal_home, cache, "list", "--since", recent, "--json"))
    assert f"{paths['broken']}, line 4: " in result.stderr
    # Once mended, a file is no longer named; broken again, it is, on every run.
    good = paths["broken"].read_bytes().replace(b"kind = \n", b'kind = "note"\n')
    write_in_place(paths["broken"], good + b"mended\n")
    for _ in range(2):
        result = answered(ticli(journal_home, cache, "list", "--json"))
        assert str(paths["broken"]) not in result.stderr
        assert "mended" in result.stdout
    write_in_place(paths["broken"], b"+++\nbroken = = again\n+++\n")
    for _ in range(3):
        result = answered(ticli(journal_home, cache, "list", "--json"))
        assert f"{paths['broken']}, line 2: " in result.stderr
        assert "mended" not in result.stdout


def test_an_entry_name_that_leads_nowhere_is_named(journal_home: Path, tmp_path: Path) -> None:
    """A symbolic link in a month folder whose file is gone (on a drive not mounted, or
    deleted by a sync): an entry that cannot be read, so it is named, like a folder
    called `x.md` is, not left out without a word."""
    small_journal(journal_home)
    cache = tmp_path / "cache"
    folder = journal_home / "2026" / "01"
    folder.mkdir(parents=True, exist_ok=True)
    dangling = folder / "20260105-100000-0badf00d.md"
    dangling.symlink_to(tmp_path / "unmounted" / dangling.name)
    a_folder = folder / "20260106-100000-0badf00e.md"
    a_folder.mkdir()
    for _ in range(2):
        result = answered(ticli(journal_home, cache, "list", "--json"))
        assert f"{a_folder}: cannot be read" in result.stderr
        assert f"{dangling}: cannot be read" in result.stderr


# ---------------------------------------------------------------- 7. hand edits of old entries


@pytest.mark.parametrize("how", ["in place", "replacing"])
@pytest.mark.parametrize("keep", [True, False], ids=["mtime kept", "mtime new"])
def test_a_hand_edit_of_an_older_entry_is_seen(
    how: str, keep: bool, journal_home: Path, tmp_path: Path
) -> None:
    paths = small_journal(journal_home)
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "list", "--json"))
    answered(ticli(journal_home, cache, "search", "grief", "--json"))
    oldest = paths["old"]  # two years back, in its own month folder
    raw = oldest.read_bytes()
    for new in (b"brave", b"sober"):  # twice, the same size, within a second
        before = oldest.stat()
        edited = raw.replace(b"grief", new)
        assert len(edited) == len(raw)
        (write_in_place if how == "in place" else write_replacing)(oldest, edited)
        if keep:
            keep_mtime(oldest, before)
        listed = answered(ticli(journal_home, cache, "list", "--json")).stdout
        assert f"visit long ago, {new.decode()} and calm" in listed
        assert "grief and calm" not in listed
        found = json.loads(
            answered(ticli(journal_home, cache, "search", new.decode(), "--json")).stdout
        )
        assert [e["id"] for e in found] == [on_disk(journal_home)[0][-1].id]
        gone = answered(ticli(journal_home, cache, "search", "grief", "--json")).stdout
        assert "long ago" not in gone
    # A longer edit, too.
    write_in_place(oldest, raw.replace(b"grief", b"a much longer word, sorrow,"))
    found = answered(ticli(journal_home, cache, "search", "sorrow", "--json")).stdout
    assert "a much longer word, sorrow, and calm" in found


def test_list_since_sees_an_edit_of_an_entry_filed_in_an_older_month(
    journal_home: Path, tmp_path: Path
) -> None:
    """An entry dated last week whose file is in an older month folder (moved there by
    hand, or its date corrected by hand): `list --since` shows it; after a hand edit, it
    must show the edit, as `list` and `list --limit` do."""
    paths = small_journal(journal_home)
    cache = tmp_path / "cache"
    week = paths["week"]
    older = journal_home / "2020" / "02"
    older.mkdir(parents=True)
    moved = older / week.name
    os.rename(week, moved)
    make_old(moved)
    since = (local_today() - timedelta(days=10)).isoformat()
    first = answered(ticli(journal_home, cache, "list", "--since", since, "--json")).stdout
    assert "visit went well" in first
    write_replacing(moved, moved.read_bytes().replace(b"visit went well", b"shift went badly"))
    result = answered(ticli(journal_home, cache, "list", "--since", since, "--json"))
    assert "shift went badly" in result.stdout, result.stdout
    # As `list` and `list --limit` (run after it, lest they bring the index up to date) do.
    expected = answers_without_index(journal_home, tmp_path)
    for query in [("list", "--limit", "2", "--json"), ("list", "--json")]:
        assert "shift went badly" in expected[query][0]
        assert answered(ticli(journal_home, cache, *query)).stdout == expected[query][0]


# ---------------------------------------------------------------- search finds what the text holds

# `search` narrows with the FTS5 index, then the matcher looks at each entry. The index
# must never hide an entry the matcher would find: a word is found where it starts a word,
# whatever character comes before it.
GLUED = {
    "an emoji newer than Unicode 6.1": "\U0001f642",  # 🙂
    "another new emoji": "\U0001f970",  # 🥰
    "a bidi isolate (names pasted from a phone)": "\u2068",
    "a currency sign": "\u20ba",  # ₺
    "a private-use character": "\uf8ff",
}


@pytest.mark.parametrize("before", list(GLUED.values()), ids=list(GLUED))
def test_search_finds_a_word_right_after_any_character(
    before: str, journal_home: Path, tmp_path: Path
) -> None:
    private_journal(journal_home)
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "note", f"{before}grateful for the team today"))
    answered(ticli(journal_home, cache, "note", "plain grateful note"))
    entries, _, _ = on_disk(journal_home)
    expected = [m.entry for m in search(entries, Matcher("grateful"))]
    assert len(expected) == 2  # the matcher finds both: the word starts after the symbol
    found = answered(ticli(journal_home, cache, "search", "grateful", "--json")).stdout
    assert found == entries_to_json(expected)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    # The cases above are the small examples; shrinking a failure here takes 40 s.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    before=st.characters(exclude_categories=("Cs", "Cn")),
    after=st.characters(exclude_categories=("Cs", "Cn")),
    needle=st.sampled_from(["grateful", "team", "Grat"]),
)
def test_search_hides_no_entry_the_matcher_finds(
    before: str, after: str, needle: str, tmp_path: Path
) -> None:
    """Whatever characters surround a word, `search` (the index, then the matcher) finds
    exactly the entries the matcher alone finds in every entry."""
    home = Path(tempfile.mkdtemp(dir=tmp_path))
    private_journal(home)
    when = moment(2, 10).strftime("%Y-%m-%dT%H:%M")
    text = f"Felt {before}grateful{after} for the {after}team{before} today."
    result = ticli(home, home / "cache", "note", text, "--at", when)
    if result.exit_code != 0:
        return  # a text `note` refuses (control characters): nothing to search
    entries, _, _ = on_disk(home)
    expected = entries_to_json([m.entry for m in search(entries, Matcher(needle))])
    found = answered(ticli(home, home / "cache", "search", needle, "--json"), text).stdout
    assert found == expected, (hex(ord(before)), hex(ord(after)), needle)


# ---------------------------------------------------------------- 9. from a review of the code


@pytest.mark.parametrize("refused", ["scandir", "open"])
def test_a_folder_that_cannot_be_listed_keeps_its_entries_and_is_named(
    journal_home: Path, tmp_path: Path, refused: str
) -> None:
    """Refused when listed, or (where its files are stat'ed relative to it) when opened."""
    small_journal(journal_home)
    cache = tmp_path / "cache"
    before = json.loads(answered(ticli(journal_home, cache, "list", "--json")).stdout)
    folder = sorted(p for p in journal_home.glob("[0-9]*/[0-9]*") if p.is_dir())[0]
    real = getattr(os, refused)

    def refusing(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
        if isinstance(path, (str, os.PathLike)) and Path(path) == folder:
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    with mock.patch(f"os.{refused}", refusing):
        os.utime(folder, ns=(time.time_ns(), time.time_ns()))  # its listing "changed"
        result = answered(ticli(journal_home, cache, "list", "--json"))
    assert json.loads(result.stdout) == before  # nothing dropped
    assert f"{folder}: this folder cannot be read" in result.stderr
    # Readable again: the same entries, and nothing named.
    again = answered(ticli(journal_home, cache, "list", "--json"))
    assert json.loads(again.stdout) == before and str(folder) + ":" not in again.stderr


def test_a_damaged_record_in_the_index_is_mended(journal_home: Path, tmp_path: Path) -> None:
    small_journal(journal_home)
    cache = tmp_path / "cache"
    expected = answers_without_index(journal_home, tmp_path)
    assert_answers(journal_home, cache, expected, "made")
    index = index_file(journal_home, cache)
    settle(index)
    db = sqlite3.connect(index, isolation_level=None)
    db.execute("UPDATE records SET record = 'not json' WHERE n = (SELECT min(n) FROM records)")
    db.execute("UPDATE records SET record = '{\"x\": 1}' WHERE n = (SELECT max(n) FROM records)")
    db.close()
    assert_answers(journal_home, cache, expected, "a damaged record")


def test_the_guards_memory_reads_a_tag_as_the_guard_does(
    journal_home: Path, tmp_path: Path
) -> None:
    """The guard's memory of entries found clear is keyed on the parts as the guard reads
    them (a tag's '_' as a space), each part named."""
    from ticli.analysis.privacy import checked_text
    from ticli.model import Entry

    plain = Entry("a", datetime(2026, 1, 1, tzinfo=UTC), "note", note="x", actions=("ward_7",))
    tagged = Entry("a", datetime(2026, 1, 1, tzinfo=UTC), "note", note="x", tags=("ward_7",))
    assert checked_text(plain) != checked_text(tagged)
    private_journal(journal_home)
    (journal_home / "config.toml").write_text('watch_list = ["ward 7"]\n', encoding="utf-8")
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "note", "Quiet day.", "--tag", "ward_7"))
    found = ticli(journal_home, cache, "check")
    assert found.exit_code == 1 and "ward 7" in found.stdout.lower()


@pytest.mark.parametrize("needle", ["病院", "ข้าว"])
def test_search_finds_text_inside_words_of_scripts_without_spaces(
    needle: str, journal_home: Path, tmp_path: Path
) -> None:
    private_journal(journal_home)
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "note", "今日は病院に行った。กินข้าวแล้ว"))
    found = json.loads(answered(ticli(journal_home, cache, "search", needle, "--json")).stdout)
    assert len(found) == 1
