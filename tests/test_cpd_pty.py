"""`ticli cpd add` in a real terminal: answering, skipping, and Ctrl-C losing nothing."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
TICLI = Path(sys.executable).parent / "ticli"
if not TICLI.exists():
    pytest.skip(
        f"the ticli command is not installed next to {sys.executable}", allow_module_level=True
    )

pytestmark = pytest.mark.pty
TIMEOUT = 10


def spawn(home: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TICLI_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
    return pexpect.spawn(
        str(TICLI), list(args), env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100)
    )


def entries(home: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(home.rglob("*.md"))]


def reading(child: pexpect.spawn) -> None:
    """Wait until ticli is asleep reading the terminal, so a Ctrl-C reaches input()."""
    for _ in range(200):
        with open(f"/proc/{child.pid}/stat") as stat:
            if stat.read().split()[2] == "S":
                return
        time.sleep(0.01)


def test_answering_and_skipping(tmp_path: Path) -> None:
    home = tmp_path / "journal"
    child = spawn(home, "cpd", "add")
    child.expect_exact("Enter for today): ")
    child.sendline("")
    child.expect_exact("> ")
    child.sendline("Reading on [bold]pacing[/]")
    child.expect_exact("  ")
    child.sendline("")
    child.expect_exact("(Enter to skip): ")
    child.sendline("nap")  # not a kind: asked again, kindly
    child.expect_exact("There is no kind of activity 'nap'.")
    child.expect_exact("(Enter to skip): ")
    child.sendline("2")
    child.expect_exact("90m (Enter to skip): ")
    child.sendline("-4")
    child.expect_exact("give 0 or more")
    child.expect_exact("90m (Enter to skip): ")
    child.sendline("90m")
    child.expect_exact("(Enter for none): ")
    child.sendline("")  # skipped
    child.expect_exact("> ")
    child.sendline("")  # skipped
    child.expect_exact("Saved the CPD activity")
    child.expect(pexpect.EOF)
    (text,) = entries(home)
    assert "Reading on [bold]pacing[/]" in text and 'activity = "reading"' in text
    assert "hours = 1.5" in text and "participatory" not in text and "cpd-learned" not in text


def test_ctrl_c_loses_nothing(tmp_path: Path) -> None:
    home = tmp_path / "journal"
    child = spawn(home, "cpd", "add")
    child.expect_exact("Enter for today): ")
    child.sendline("")
    child.expect_exact("> ")
    child.sendline("A course on endings")
    child.expect_exact("  ")
    child.sendline("")
    child.expect_exact("(Enter to skip): ")
    child.sendline("course")
    child.expect_exact("90m (Enter to skip): ")
    child.sendline("3")
    child.expect_exact("(Enter for none): ")
    child.sendline("2")
    child.expect_exact("> ")
    child.sendline("Half a thought")
    child.expect_exact("  ")
    reading(child)
    child.sendintr()
    child.expect_exact("What you typed is kept in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (text,) = entries(home)
    assert "A course on endings" in text and "hours = 3.0" in text
    assert "participatory = 2.0" in text and "Half a thought" in text


def test_stopping_before_any_answer_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "journal"
    child = spawn(home, "cpd", "add")
    child.expect_exact("Enter for today): ")
    child.sendline("")
    child.expect_exact("> ")
    child.sendline("q")
    child.expect_exact("Nothing was saved")
    child.expect(pexpect.EOF)
    assert entries(home) == []
