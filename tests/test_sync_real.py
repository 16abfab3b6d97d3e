"""A journal kept in step by a real sync engine: two Syncthing instances on 127.0.0.1
(tests/syncthing_support.py) share one journal folder (issue 12).

1. Both sides write 50 entries each, interleaved, while Syncthing scans: afterwards both
   folders hold all 100, byte for byte, and `ticli doctor` finds nothing on either side.
2. While the devices are disconnected, both edit the same entry: different answers, and
   then the same answer. On reconnecting Syncthing keeps a conflict copy; `ticli doctor
   --fix --yes` merges it; no answer from either side is lost, and the merge syncs back.
3. `ticli note` is killed with SIGKILL at random moments while it writes and Syncthing
   scans: the other side never sees a half entry (every entry file there reads whole).

Every wait has a deadline; both instances are stopped at the end, even on failure. The
`syncthing` binary missing: skipped loudly outside CI, a failure in CI.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from encryption_support import TICLI, base_env
from syncthing_support import Pair, entry_files, pair, ticli
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.merge import MARKER
from ticli.cli.app import app
from ticli.errors import EntryProblem


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    with pair(tmp_path_factory.mktemp("syncthing")) as both:
        yield both


def test_entries_written_on_both_sides_all_arrive(runner: CliRunner, synced: Pair) -> None:
    a, b = synced.both
    written: list[str] = []
    for n in range(50):
        for side in (a, b):
            result = ticli(runner, side.folder, "note", f"{side.name} note {n}", "--tag", "sync")
            assert result.exit_code == 0, result.output
            saved = re.search(r"Saved to (\S+)", result.stdout)
            assert saved, result.stdout
            written.append(str(Path(saved[1]).relative_to(side.folder)))
        if n % 10 == 9:
            for side in (a, b):
                side.scan()  # Syncthing picks up what is there so far, while more is written
    assert len(set(written)) == 100

    synced.settle(lambda: len(entry_files(a.folder)) >= 100 and len(entry_files(b.folder)) >= 100)
    on_a, on_b = entry_files(a.folder), entry_files(b.folder)
    assert set(written) <= set(on_a) and on_a == on_b
    for side in (a, b):
        listed = ticli(runner, side.folder, "list", "--tag", "sync", "--since", "1w")
        assert listed.exit_code == 0, listed.output
        for other in (a, b):
            assert listed.stdout.count(f"{other.name} note") == 50, listed.stdout
        doctor = ticli(runner, side.folder, "doctor")
        assert doctor.exit_code == 0, doctor.output


EDITOR = """\
import sys
path, pairs = sys.argv[-1], sys.argv[1:-1]
text = open(path, encoding="utf-8").read()
for old, new in zip(pairs[::2], pairs[1::2]):
    assert old in text, (old, text)
    text = text.replace(old, new)
open(path, "w", encoding="utf-8").write(text)
"""


def edit(runner: CliRunner, root: Path, editor: Path, entry_id: str, *pairs: str) -> None:
    """`ticli edit` with an editor that replaces words in the file, as a person would."""
    command = " ".join([sys.executable, str(editor), *(f"'{p}'" for p in pairs)])
    cache = root.parent / f"{root.name}-cache"
    env = {"TICLI_HOME": str(root), "XDG_CACHE_HOME": str(cache), "EDITOR": command}
    result = runner.invoke(app, ["edit", entry_id], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_an_offline_conflict_is_merged_by_doctor_without_losing_an_answer(
    runner: CliRunner, synced: Pair, tmp_path: Path
) -> None:
    a, b = synced.both
    made = ticli(
        runner,
        a.folder,
        "today",
        "--answer",
        "strengths-today=Base strengths.",
        "--answer",
        "safety-team=Base safety.",
        "--answer",
        "session-next-time=Base next time.",
        "--at",
        "2026-11-17T18:30",
    )
    assert made.exit_code == 0, made.output
    entry_id = re.search(r"(\d{8}-\d{6}-[0-9a-f]{8})", made.stdout)[1]  # type: ignore[index]
    name = f"2026/11/{entry_id}.md"
    synced.settle(lambda: name in entry_files(b.folder))

    for side, other in ((a, b), (b, a)):
        side.pause(other)
    synced.wait_disconnected()
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR)
    # Different answers on each side, and the same answer on both.
    edit(runner, a.folder, editor, entry_id, "Base strengths.", "Laptop strengths.")
    edit(runner, a.folder, editor, entry_id, "Base next time.", "Laptop next time.")
    time.sleep(1.1)  # the desktop's edit is the later one, by the files' clocks
    edit(runner, b.folder, editor, entry_id, "Base safety.", "Desktop safety.")
    edit(runner, b.folder, editor, entry_id, "Base next time.", "Desktop next time.")
    for side in (a, b):
        side.scan()  # each side records its own version while the other cannot hear
    for side, other in ((a, b), (b, a)):
        side.resume(other)
    synced.wait_connected()

    def has_copy(root: Path) -> bool:
        return any(".sync-conflict-" in n for n in entry_files(root))

    synced.settle(lambda: has_copy(a.folder) and has_copy(b.folder))
    (copy,) = [n for n in entry_files(a.folder) if ".sync-conflict-" in n]
    assert re.fullmatch(
        rf"2026/11/{entry_id}\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}}\.md", copy
    )

    shown = ticli(runner, a.folder, "doctor")
    assert shown.exit_code == 1 and "Syncthing" in shown.stdout, shown.stdout
    fixed = ticli(runner, a.folder, "doctor", "--fix", "--yes")
    assert fixed.exit_code == 0, fixed.output
    merged = store.read_entry(a.folder / name)
    texts = {x.prompt_id: x.text for x in merged.answers}
    # No answer from either side is lost. (Syncthing keeps no common ancestor, so an
    # answer changed on one side only is kept twice too: the edit and the other's text.)
    assert "Laptop strengths." in texts["strengths-today"]
    assert "Desktop safety." in texts["safety-team"]
    assert "Laptop next time." in texts["session-next-time"]
    assert "Desktop next time." in texts["session-next-time"]
    assert "Desktop next time." in texts["session-next-time"].split(MARKER)[0]  # the later

    # The merge syncs back; the copy leaves the other side too (into the trash).
    synced.settle(
        lambda: (
            not has_copy(b.folder)
            and entry_files(b.folder).get(name) == (a.folder / name).read_bytes()
        )
    )
    for side in (a, b):
        doctor = ticli(runner, side.folder, "doctor")
        assert doctor.exit_code == 0, doctor.output


def test_a_killed_write_never_shows_the_other_side_a_half_entry(
    synced: Pair, tmp_path: Path
) -> None:
    a, b = synced.both
    env = base_env(a.folder, tmp_path / "cache")
    big = ("A long reflection, written slowly. " * 6000).encode()  # about 200 KB
    stop = threading.Event()
    half: list[str] = []
    seen: set[str] = set()

    def scan_a() -> None:
        while not stop.is_set():
            a.scan()
            time.sleep(0.05)

    def watch_b() -> None:
        while not stop.is_set():
            for name, data in entry_files(b.folder).items():
                try:
                    store.parse_entry(data, name)
                    seen.add(name)
                except EntryProblem as problem:
                    half.append(f"{name}: {problem.message}")
            time.sleep(0.02)

    workers = [threading.Thread(target=scan_a), threading.Thread(target=watch_b)]
    for worker in workers:
        worker.start()
    rng = random.Random(12)
    killed = 0

    def start() -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [str(TICLI), "note", "--tag", "killed"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert process.stdin is not None
        process.stdin.write(big)
        process.stdin.close()
        return process

    # How long one whole write takes on this machine, so the kills land inside one: the
    # quickest of two (the first also makes the index and loads the privacy guard).
    wholes = []
    for _ in range(2):
        began = time.monotonic()
        start().wait(timeout=60)
        wholes.append(time.monotonic() - began)
    whole = min(wholes)
    try:
        for _ in range(8):
            process = start()
            time.sleep(rng.uniform(0.05, 0.8) * whole)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                killed += 1
            process.wait(timeout=30)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
    assert killed, "no write was still running when killed: the test proved nothing"

    synced.settle(lambda: entry_files(a.folder).keys() <= entry_files(b.folder).keys())
    assert not half, half
    for name, data in entry_files(b.folder).items():
        store.parse_entry(data, name)  # whole, every one
    assert entry_files(b.folder) == entry_files(a.folder)
