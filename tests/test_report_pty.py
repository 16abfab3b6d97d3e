"""`ticli report`'s privacy review in a real pseudo-terminal: a name in a strengths
answer is asked about before the page is written, and what the user leaves out is not
in the file (the entry itself keeps it)."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import local_now, make_entry

from ticli import store

pexpect = pytest.importorskip("pexpect")

TICLI = Path(sys.executable).parent / "ticli"
if not TICLI.exists():
    pytest.skip(
        f"the ticli command is not installed next to {sys.executable}", allow_module_level=True
    )

FINDING = "[r]edact it, [e]dit it, [k]eep it, or [n]ot a name (never ask again)? "
STRENGTH = "Priya Raman stayed calm through the whole meeting and kept the group together."


def a_named_strength(home: Path) -> Path:
    """A journal of one entry whose strengths answer names someone; its file."""
    when = local_now().replace(microsecond=0) - timedelta(days=2)
    entry = make_entry(when, [("strengths-today", STRENGTH)], ("strengths",))
    return store.write_entry(home, replace(entry, ratings={"capacity": 4}))


def report_in_a_terminal(
    tmp_path: Path, home: Path, out: Path
) -> tuple[pexpect.spawn, io.StringIO]:
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("TICLI_PLAIN", "NO_COLOR")},
        "TICLI_HOME": str(home),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TERM": "xterm",
    }
    child = pexpect.spawn(
        str(TICLI),
        ["report", "--out", str(out)],
        env=environment,
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=30,
    )
    screen = io.StringIO()
    child.logfile_read = screen
    return child, screen


@pytest.mark.pty
def test_the_user_leaves_a_name_out_of_the_report(journal_home: Path, tmp_path: Path) -> None:
    entry = a_named_strength(journal_home)
    out = tmp_path / "report.html"
    child, screen = report_in_a_terminal(tmp_path, journal_home, out)
    child.expect_exact("Before writing the report")
    child.expect_exact("A name (looks like a first name):")
    child.expect_exact(FINDING)
    assert not out.exists(), "nothing is written while the user is asked"
    child.sendline("r")
    child.expect_exact("A name (looks like a surname):")
    child.expect_exact(FINDING)
    child.sendline("r")
    child.expect_exact("Wrote your report to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, screen.getvalue()
    page = out.read_text(encoding="utf-8")
    assert "Priya" not in page and "Raman" not in page
    assert "[redacted] [redacted] stayed calm through the whole meeting" in page
    assert oct(out.stat().st_mode)[-3:] == "600"
    # Left out of the report only: the journal keeps what was written.
    assert STRENGTH in Path(entry).read_text(encoding="utf-8")


@pytest.mark.pty
def test_a_name_kept_in_the_review_is_in_the_report(journal_home: Path, tmp_path: Path) -> None:
    # The test above means something only if the name would otherwise be in the page.
    a_named_strength(journal_home)
    out = tmp_path / "report.html"
    child, screen = report_in_a_terminal(tmp_path, journal_home, out)
    for _ in range(2):
        child.expect_exact(FINDING)
        child.sendline("k")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, screen.getvalue()
    assert STRENGTH in out.read_text(encoding="utf-8")


@pytest.mark.pty
def test_stopping_in_the_review_writes_no_report(journal_home: Path, tmp_path: Path) -> None:
    a_named_strength(journal_home)
    out = tmp_path / "report.html"
    child, screen = report_in_a_terminal(tmp_path, journal_home, out)
    child.expect_exact(FINDING)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus != 0, screen.getvalue()
    assert not out.exists()
    assert "Traceback" not in screen.getvalue()
