"""A journal kept in git, with the real `git` binary (issue 12): two clones of a bare
repository both write on the same day and pull and push through it without a conflict;
the same entry edited in both clones leaves git's conflict markers in one file, which
`ticli doctor --fix --yes` merges. `ticli init --git`'s .gitignore keeps ticli's own
files (temporary files, drafts, edit copies) out of every commit.

The `git` binary missing: skipped loudly outside CI, a failure in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from encryption_support import in_ci
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.merge import MARKER
from ticli.cli.app import app


def git_binary() -> str:
    found = shutil.which("git")
    if found is None:
        reason = (
            "THE `git` COMMAND IS NOT INSTALLED: the tests that keep a journal in git "
            "(issue 12) did not run. Install it: apt-get install -y git"
        )
        if in_ci():
            pytest.fail(reason + " (CI=true: this is a failure here)")
        pytest.skip(reason)
    return found


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Sam",
        "GIT_AUTHOR_EMAIL": "sam@example.org",
        "GIT_COMMITTER_NAME": "Sam",
        "GIT_COMMITTER_EMAIL": "sam@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        [git_binary(), "-C", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        # The README's recipe: git with umask 077, so what it brings in is the user's alone.
        preexec_fn=lambda: os.umask(0o077),
    )
    if check and done.returncode:
        pytest.fail(f"git {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def ticli(runner: CliRunner, root: Path, *args: str, editor: str | None = None):  # type: ignore[no-untyped-def]
    env = {"TICLI_HOME": str(root), "XDG_CACHE_HOME": str(root.parent / f"{root.name}-cache")}
    if editor:
        env["EDITOR"] = editor
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def clones(runner: CliRunner, tmp_path: Path) -> tuple[Path, Path]:
    """A bare repository and two clones of it, the laptop's made ready by `ticli init --git`."""
    bare = tmp_path / "journal.git"
    bare.mkdir()
    git(bare, "init", "--bare", "--quiet", "--initial-branch=main")
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    assert ticli(runner, laptop, "init", "--git").exit_code == 0
    git(laptop, "init", "--quiet", "--initial-branch=main")
    git(laptop, "add", "-A")
    git(laptop, "commit", "--quiet", "-m", "journal")
    git(laptop, "remote", "add", "origin", str(bare))
    git(laptop, "push", "--quiet", "-u", "origin", "main")
    git(tmp_path, "clone", "--quiet", str(bare), str(desktop))
    return laptop, desktop


def sync(folder: Path) -> subprocess.CompletedProcess[str]:
    """The README's recipe: commit, pull --rebase, push (the result of the pull)."""
    git(folder, "add", "-A")
    git(folder, "commit", "--quiet", "--allow-empty", "-m", "entries")
    pulled = git(folder, "pull", "--rebase", "--quiet", "origin", "main", check=False)
    if pulled.returncode == 0:
        git(folder, "push", "--quiet", "origin", "HEAD:main")
    return pulled


def test_two_clones_writing_on_the_same_day_merge_without_a_conflict(
    runner: CliRunner, clones: tuple[Path, Path]
) -> None:
    laptop, desktop = clones
    for n in range(10):
        for side in (laptop, desktop):
            at = f"2026-11-17T{8 + n:02d}:{15 if side is laptop else 45}"
            result = ticli(runner, side, "note", f"{side.name} {n} [bold]x[/]", "--at", at)
            assert result.exit_code == 0, result.output
    # Leftovers a .gitignore must keep out: a write's temporary file, a draft.
    for leftover in (
        laptop / "2026" / "11" / ".20261117-0815-00.md.abcdefgh.tmp",
        laptop / ".draft-a.md",
    ):
        leftover.write_text("half")
        leftover.chmod(0o600)
    for side in (laptop, desktop, laptop):
        assert sync(side).returncode == 0
    tracked = git(laptop, "ls-files").stdout.split()
    assert not [t for t in tracked if "/." in t or t.startswith(".draft")], tracked
    for side in (laptop, desktop):
        listed = ticli(runner, side, "list", "--since", "2026-11-17", "--until", "2026-11-17")
        for who in ("laptop", "desktop"):
            for n in range(10):
                assert f"{who} {n} [bold]x[/]" in listed.stdout, listed.stdout
        doctor = ticli(runner, side, "doctor")
        assert doctor.exit_code == 0, doctor.output


EDITOR = (
    "import sys; p = sys.argv[-1]; t = open(p).read(); "
    "open(p, 'w').write(t.replace(sys.argv[1], sys.argv[2]))"
)


def test_the_same_entry_changed_in_both_clones_is_mended_by_doctor(
    runner: CliRunner, clones: tuple[Path, Path]
) -> None:
    laptop, desktop = clones
    made = ticli(
        runner,
        laptop,
        "today",
        "--answer",
        "strengths-today=Base strengths.",
        "--answer",
        "safety-team=Base safety.",
        "--at",
        "2026-11-17T18:30",
    )
    assert made.exit_code == 0, made.output
    entry_id = re.search(r"(\d{8}-\d{6}-[0-9a-f]{8})", made.stdout)[1]  # type: ignore[index]
    assert sync(laptop).returncode == 0
    git(desktop, "pull", "--quiet", "origin", "main")

    def edit(side: Path, old: str, new: str) -> None:
        command = f"{sys.executable} -c \"{EDITOR}\" '{old}' '{new}'"
        result = ticli(runner, side, "edit", entry_id, editor=command)
        assert result.exit_code == 0, result.output

    edit(laptop, "Base strengths.", "Laptop strengths.")
    edit(desktop, "Base strengths.", "Desktop strengths.")
    edit(desktop, "Base safety.", "Desktop safety.")
    assert sync(laptop).returncode == 0
    pulled = sync(desktop)
    assert pulled.returncode != 0  # git stops with a conflict in the entry file
    path = desktop / "2026" / "11" / f"{entry_id}.md"
    assert b"<<<<<<<" in path.read_bytes()
    git(desktop, "rebase", "--abort")
    git(desktop, "pull", "--no-rebase", "--quiet", "origin", "main", check=False)
    assert b"<<<<<<<" in path.read_bytes() and b">>>>>>>" in path.read_bytes()

    found = ticli(runner, desktop, "doctor")
    assert found.exit_code == 1 and "git left both versions" in found.stdout, found.output
    fixed = ticli(runner, desktop, "doctor", "--fix", "--yes")
    assert fixed.exit_code == 0, fixed.output
    merged = store.read_entry(path)
    texts = {a.prompt_id: a.text for a in merged.answers}
    assert "Desktop strengths." in texts["strengths-today"]
    assert "Laptop strengths." in texts["strengths-today"] and MARKER in texts["strengths-today"]
    assert "Desktop safety." in texts["safety-team"]
    assert b"<<<<<<<" not in path.read_bytes()
    git(desktop, "add", "-A")
    git(desktop, "commit", "--quiet", "-m", "merged by ticli doctor")
    git(desktop, "push", "--quiet", "origin", "HEAD:main")
    git(laptop, "pull", "--quiet", "--no-rebase", "origin", "main")
    assert (laptop / "2026" / "11" / f"{entry_id}.md").read_bytes() == path.read_bytes()
    for side in (laptop, desktop):
        assert ticli(runner, side, "doctor").exit_code == 0
    tracked = git(desktop, "ls-files").stdout.split()
    assert not [t for t in tracked if ".editing" in t or t.endswith(".tmp")], tracked
