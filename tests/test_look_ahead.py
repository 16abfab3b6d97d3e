"""The look at every folder taken by a child process as a command starts
(store/folderstamps.py), and the index asked before that look is compared with it
(`fresh_index(speculate=True)`, `Index.confirmed`): the answer is always what a fresh
read of the files gives, whatever changed before the command, and no child outlives it.

tests/test_index.py's stateful test asks `list`, `search` and `tags` this way on
alternate steps too."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from test_index import (
    answered,
    index_file,
    keep_mtime,
    small_journal,
    ticli,
    write_in_place,
)

from ticli.cli.ahead import looks_at_every_file
from ticli.store import folderlook, folderstamps, freshness, reading
from ticli.store import index as index_module

pytestmark = pytest.mark.skipif(
    not folderstamps.can_look(), reason="the look is forked on Linux, with two cores, only"
)


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamps and digests are trusted at once, not two seconds after a change (the child,
    forked after this, inherits it)."""
    for module in (folderstamps, freshness, reading):
        monkeypatch.setattr(module, "RACY_NS", 0)


@pytest.fixture
def outcomes(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How each index asked before its look came out: "held" (the look agreed with it)
    or "asked again" (it was brought up to date, and asked again)."""
    seen: Counter[str] = Counter()
    real, real_rebuild = index_module.Index.confirmed, index_module.Index.rebuild

    def watched(self: index_module.Index) -> bool:
        speculative = self.unconfirmed is not None
        held = real(self)
        if speculative:
            seen["held" if held else "asked again"] += 1
            # Let go of the view it was asked in, whichever way it came out.
            assert not self.db.in_transaction
        return held

    def rebuilt(self: index_module.Index, in_memory: bool = False) -> None:
        seen["rebuilt"] += 1  # never, but for a damaged index: brought up to date instead
        real_rebuild(self, in_memory)

    monkeypatch.setattr(index_module.Index, "confirmed", watched)
    monkeypatch.setattr(index_module.Index, "rebuild", rebuilt)
    return seen


def looked_ahead(home: Path, cache: Path, *args: str) -> object:
    """A command run here as the installed `ticli` runs it: a child looking at the folders
    from its start; the look must have been taken by the command."""
    folderstamps.start(home)
    assert folderstamps.pending(home, "")
    try:
        result = answered(ticli(home, cache, *args))
        assert not folderstamps.pending(home, ""), "the command did not take the look"
    finally:
        folderstamps.finish()
    return result


def notes(result: object) -> list[str]:
    return [e["note"] for e in json.loads(result.stdout)]  # type: ignore[attr-defined]


# ------------------------------------------------------------------ the child's look


@pytest.mark.usefixtures("no_racy_window")
def test_the_childs_look_is_the_look_taken_here(journal_home: Path) -> None:
    small_journal(journal_home)
    here = folderlook.look_ahead(journal_home, "")
    folderstamps.start(journal_home)
    there = folderlook.taken(journal_home, "")
    assert there is not None
    assert there.folders == here.folders and there.folders
    assert there.digests == here.digests and None not in there.digests.values()
    assert there.listings == {}  # digests only: a folder that differs is listed again
    # From a later folder on: the older folders' files are not looked at.
    later = sorted(here.folders)[-1]
    folderstamps.start(journal_home, later)
    assert folderstamps.taken(journal_home, "") is None  # not the look asked for
    some = folderlook.taken(journal_home, later)
    assert some is not None and set(some.digests) == {later}


def test_no_child_outlives_its_look(journal_home: Path) -> None:
    small_journal(journal_home)
    for ending in ("taken", "finished", "finished at once"):
        folderstamps.start(journal_home)
        child = folderstamps._child
        assert child is not None
        if ending == "taken":
            assert folderstamps.taken(journal_home, "") is not None
        else:
            if ending == "finished":
                time.sleep(0.2)  # its look done, and waiting to be read
            folderstamps.finish()
        with pytest.raises(ChildProcessError):
            os.waitpid(child.pid, os.WNOHANG)  # reaped: not even a zombie is left
        with pytest.raises(ProcessLookupError):
            os.kill(child.pid, 0)
        assert folderstamps._child is None


def test_a_folder_that_cannot_be_listed_leaves_the_look_to_the_command(
    journal_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = small_journal(journal_home)
    real = folderstamps.Listing

    def refused(folder: Path) -> folderstamps.Listing:
        if folder == paths["old"].parent:
            raise PermissionError(13, "Permission denied", str(folder))
        return real(folder)

    monkeypatch.setattr(folderstamps, "Listing", refused)
    assert folderstamps.look(journal_home, "") is None
    folderstamps.start(journal_home)  # the child inherits the refusal, and sends nothing
    assert folderstamps.taken(journal_home, "") is None
    monkeypatch.setattr(folderstamps, "Listing", real)
    result = looked_ahead(journal_home, tmp_path / "cache", "search", "grief", "--json")
    assert notes(result) == ["quiet grief talk", "visit long ago, grief and calm"]


def test_no_fork_beside_another_thread(journal_home: Path) -> None:
    """A fork while another thread runs may leave the child holding a lock for ever."""
    import threading

    small_journal(journal_home)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        folderstamps.start(journal_home)
        assert folderstamps._child is None
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize(
    ("words", "looks"),
    [
        (["search", "grief"], True),
        (["--plain", "search", "grief", "--json"], True),
        (["search", "grief", "--since", "2026-01-01"], False),
        (["search", "grief", "--limit", "1"], True),
        (["search", "grief", "--since", "2026-01-01", "--kind", "note"], True),
        (["tags"], True),
        (["tags", "--since", "2026-01-01"], True),
        (["export", "--format", "json"], True),
        (["export", "--format", "json", "--limit", "2"], False),
        (["export", "--format", "json", "--since", "2026-01-01"], False),
        (["list"], True),
        (["list", "--json"], True),
        (["list", "--limit", "5"], False),
        (["list", "-n", "5", "--json"], False),
        (["list", "--limit", "5", "--tag", "team"], True),
        (["list", "-n", "5", "-k", "note"], True),
        (["list", "--since", "2026-01-01"], False),
        (["list", "--since", "2026-01-01", "--tag", "team"], True),
        (["list", "--until", "2026-01-01"], True),
        (["summary"], True),
        (["summary", "--since", "2026-01-01", "--json"], True),
        (["brief", "--allow-identifiers"], True),
        (["check"], True),
        (["lookback"], True),
        (["show", "--last"], False),
        (["where"], False),
        (["today"], False),
        ([], False),
    ],
)
def test_which_commands_have_the_folders_looked_at_as_they_start(
    words: list[str], looks: bool, journal_home: Path, tmp_path: Path
) -> None:
    """The guess (from the words alone) and what the command then does: a look started
    for it is taken when guessed, and left when not."""
    command = next((w for w in words if w != "--plain"), "")
    assert looks_at_every_file(command, words) is looks
    if command in ("", "today"):
        return  # nothing to run here
    small_journal(journal_home)
    folderstamps.start(journal_home)
    try:
        with mock.patch.dict(os.environ):  # what `--plain` sets there, undone after
            ticli(journal_home, tmp_path / "cache", *words)
        assert folderstamps.pending(journal_home, "") is not looks, words
    finally:
        folderstamps.finish()


# ------------------------------------------------------------------ asked, then compared


@pytest.mark.usefixtures("no_racy_window")
@pytest.mark.parametrize("args", [("search", "grief", "--json"), ("list", "--json"), ("tags",)])
def test_an_index_the_look_agrees_with_is_asked_once(
    args: tuple[str, ...], journal_home: Path, tmp_path: Path, outcomes: Counter[str]
) -> None:
    small_journal(journal_home)
    cache = tmp_path / "cache"
    before = answered(ticli(journal_home, cache, *args))
    again = looked_ahead(journal_home, cache, *args)
    assert again.stdout == before.stdout and again.stderr == before.stderr  # type: ignore[attr-defined]
    assert outcomes == {"held": 1}


@pytest.mark.usefixtures("no_racy_window")
@pytest.mark.parametrize("how", ["in place, mtime put back", "added", "deleted", "renamed"])
def test_a_change_before_the_command_is_always_in_its_answer(
    how: str, journal_home: Path, tmp_path: Path, outcomes: Counter[str]
) -> None:
    paths = small_journal(journal_home)
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "search", "grief", "--json"))
    time.sleep(0.05)  # a clock tick: the change gets a new ctime
    old = paths["old"]
    if how.startswith("in place"):
        before = old.stat()
        write_in_place(old, old.read_bytes().replace(b"grief", b"brave"))
        keep_mtime(old, before)
        expected = ["quiet grief talk"]
    elif how == "added":
        raw = old.read_bytes().replace(b"visit long ago", b"another visit")
        new = old.with_name("20240101-000000-added000.md")
        new.write_bytes(raw.replace(old.stem.split("-")[-1].encode(), b"added000"))
        expected = ["quiet grief talk", "visit long ago, grief and calm"]
    elif how == "deleted":
        old.unlink()
        expected = ["quiet grief talk"]
    else:
        old.rename(old.with_name("renamed.md"))
        expected = ["quiet grief talk", "visit long ago, grief and calm"]
    result = looked_ahead(journal_home, cache, "search", "grief", "--json")
    fresh = answered(ticli(journal_home, tmp_path / "new-cache", "search", "grief", "--json"))
    assert result.stdout == fresh.stdout  # type: ignore[attr-defined]
    if how != "added":
        assert notes(result) == expected
    assert outcomes == {"asked again": 1}


@pytest.mark.usefixtures("no_racy_window")
def test_an_entry_another_ticli_wrote_since_the_look_is_there_once(
    journal_home: Path, tmp_path: Path, outcomes: Counter[str]
) -> None:
    """Written by another process between the look and the question, in a folder made
    since the look: the index then holds more than the look saw, and the folder is not
    taken for one that is gone."""
    small_journal(journal_home)
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "search", "kingfisher", "--json"))
    folderstamps.start(journal_home)
    try:
        env = {**os.environ, "TICLI_HOME": str(journal_home), "XDG_CACHE_HOME": str(cache)}
        # In this month's folder, which the look did not see: made since (the journal's
        # newest entry is last month's); then indexed by that other ticli.
        for words in (["note", "The kingfisher came back"], ["list"]):
            command = [sys.executable, "-m", "ticli", *words]
            subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)
        result = answered(ticli(journal_home, cache, "search", "kingfisher", "--json"))
    finally:
        folderstamps.finish()
    assert notes(result) == ["The kingfisher came back"]
    assert outcomes["held"] + outcomes["asked again"] == 1


@pytest.mark.usefixtures("no_racy_window")
@pytest.mark.parametrize("damage", ["garbage", "gone"])
def test_a_damaged_or_missing_index_asked_ahead_is_made_again(
    damage: str, journal_home: Path, tmp_path: Path
) -> None:
    small_journal(journal_home)
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "list", "--json"))
    index = index_file(journal_home, cache)
    for path in index.parent.glob(index.name + "*"):
        path.unlink()
    if damage == "garbage":
        index.write_bytes(bytes(range(256)) * 64)
    result = looked_ahead(journal_home, cache, "search", "grief", "--json")
    assert notes(result) == ["quiet grief talk", "visit long ago, grief and calm"]


def test_the_installed_command_sees_an_edit_made_just_before_it(tmp_path: Path) -> None:
    """The real `ticli` (the fork, the pipe, the comparison), run twice after a hand edit
    that keeps the size and puts the mtime back."""
    home = tmp_path / "journal"
    paths = small_journal(home)
    env = {**os.environ, "TICLI_HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("TICLI_PASSPHRASE_FILE", None)
    command = [sys.executable, "-m", "ticli", "search", "grief", "--json"]

    def found() -> list[str]:
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        return [e["note"] for e in json.loads(run.stdout)]

    assert found() == ["quiet grief talk", "visit long ago, grief and calm"]
    time.sleep(0.05)
    old = paths["old"]
    before = old.stat()
    write_in_place(old, old.read_bytes().replace(b"grief", b"brave"))
    keep_mtime(old, before)
    assert found() == ["quiet grief talk"]
    assert found() == ["quiet grief talk"]


def _in_group(group: int) -> list[int]:
    """The processes still in this process group (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group:  # state, ppid, pgrp
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("after", [0.0, 0.03, 0.08, 0.15, 0.3])
def test_ctrl_c_at_any_moment_leaves_no_process_behind(tmp_path: Path, after: float) -> None:
    """Ctrl-C reaches the whole foreground group (the command and its child) at once:
    whenever it comes, the command stops with no traceback and no process is left."""
    import signal

    home = tmp_path / "journal"
    paths = small_journal(home)
    folder = paths["old"].parent
    raw = paths["old"].read_bytes()
    stem = paths["old"].stem.split("-")[-1].encode()
    for n in range(1500):  # enough files that the look takes a moment
        name = f"20250101-06{n // 60 % 60:02d}{n % 60:02d}-{n:08x}"
        (folder / f"{name}.md").write_bytes(raw.replace(stem, f"{n:08x}".encode()))
    env = {**os.environ, "TICLI_HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "ticli", "search", "grief"]
    subprocess.run(command, env=env, capture_output=True, timeout=120)  # the index, built
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    time.sleep(after)
    with contextlib.suppress(ProcessLookupError):  # or already done
        os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode in (0, 130, -signal.SIGINT), err
    assert b"Traceback" not in err, err
    deadline = time.monotonic() + 5
    while _in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _in_group(process.pid) == []


def test_a_damaged_encrypted_index_asked_ahead_is_made_again(tmp_path: Path) -> None:
    """SQLCipher's errors are not sqlite3's: a damaged encrypted index (its first page
    whole, the rest not) met while asking ahead is still made again, never a traceback."""
    import shutil

    home, cache = tmp_path / "journal", tmp_path / "cache"
    secret = tmp_path / "passphrase"
    secret.write_text("a long walk by the canal, 7 herons\n")
    secret.chmod(0o600)
    env = {
        **os.environ,
        "TICLI_HOME": str(home),
        "XDG_CACHE_HOME": str(cache),
        "TICLI_PASSPHRASE_FILE": str(secret),
        "NO_COLOR": "1",
    }

    def run(*words: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "ticli", *words]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    for n in range(12):
        made = run(
            "note", f"grief note {n} " + "word " * 50, "--at", f"2025-0{1 + n % 9}-1{n % 10}T09:00"
        )
        assert made.returncode == 0, made.stderr
    sealed = run("encrypt", "--recovery-key-out", str(tmp_path / "recovery.txt"), "--yes")
    assert sealed.returncode == 0, sealed.stderr
    assert run("search", "grief", "--json").stdout.count('"id"') == 12
    kept = [p for p in cache.rglob("*") if p.is_file() and not p.name.endswith(("-wal", "-shm"))]
    index = max(kept, key=lambda p: p.stat().st_size)
    whole = tmp_path / "whole"
    shutil.copy(index, whole)
    for words in (["search", "grief", "--json", "--limit=50"], ["tags", "--kind=note"]):
        shutil.copy(whole, index)
        with index.open("r+b") as handle:  # every page but the first: its header reads
            for page in range(1, index.stat().st_size // 4096):
                handle.seek(page * 4096 + 100)
                handle.write(os.urandom(200))
        answer = run(*words)
        assert answer.returncode == 0 and "Traceback" not in answer.stderr, answer.stderr
        assert (
            answer.stdout.count('"id"') == 12 if "search" in words else "note" not in answer.stderr
        )
