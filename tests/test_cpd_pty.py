"""`ticli cpd add`, `feedback add` and `account new` in a real terminal: answering,
skipping, and Ctrl-C losing nothing."""

from __future__ import annotations

import json
import os
import subprocess
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
    child.expect_exact("Skipped.")
    child.expect_exact("> ")
    child.sendline("")  # skipped
    child.expect_exact("Skipped.")
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


def env_for(home: Path) -> dict[str, str]:
    return {**os.environ, "TICLI_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}


def nmc_session(home: Path) -> str:
    """An NMC journal with one session reflection; the session's id."""
    home.mkdir(parents=True)
    (home / "config.toml").write_text('profession = "nmc"\n', encoding="utf-8")
    answers = ["session-what-happened=A hard first meeting", "session-next-time=Offer choice"]
    args = [str(TICLI), "session", *(x for a in answers for x in ("--answer", a))]
    subprocess.run(args, env=env_for(home), check=True, capture_output=True)
    listed = subprocess.run(
        [str(TICLI), "list", "--json"], env=env_for(home), check=True, capture_output=True
    )
    return str(json.loads(listed.stdout)[0]["id"])


def account_text(home: Path) -> str:
    (text,) = [t for t in entries(home) if 'kind = "account"' in t]
    return text


def test_account_new_asks_only_what_is_missing(tmp_path: Path) -> None:
    home = tmp_path / "journal"
    session = nmc_session(home)
    child = spawn(home, "account", "new", session)
    child.expect_exact("2 questions are left to answer.")
    child.expect_exact("A hard first meeting")  # from the session, not asked
    child.expect_exact("What did I learn from it?")
    child.expect_exact("> ")
    child.sendline("Choice [bold]settles[/] people")
    child.expect_exact("  ")
    child.sendline("")
    child.expect_exact("Offer choice")  # from the session, not asked
    child.expect_exact("relevant to the Code?")
    child.expect_exact("> ")
    child.sendline("")
    child.expect_exact("Skipped.")
    child.expect_exact("(Enter for none): ")
    child.sendline("9")
    child.expect_exact("'9' is not one of the themes.")
    child.expect_exact("(Enter for none): ")
    child.sendline("1 3")
    child.expect_exact("Saved the reflective account")
    child.expect(pexpect.EOF)
    text = account_text(home)
    assert f'source = "{session}"' in text
    assert "A hard first meeting" in text and "Offer choice" in text
    assert "Choice [bold]settles[/] people" in text and "{#account-code}" not in text
    assert "Prioritise people" in text and "Preserve safety" in text


def test_account_new_ctrl_c_keeps_what_was_typed(tmp_path: Path) -> None:
    home = tmp_path / "journal"
    nmc_session(home)
    child = spawn(home, "account", "new")
    child.expect_exact("4 questions are left to answer.")
    child.expect_exact("> ")
    child.sendline("A long day on the ward")
    child.expect_exact("  ")
    child.sendline("")
    child.expect_exact("What did I learn from it?")
    child.expect_exact("> ")
    child.sendline("Half a thought")
    child.expect_exact("  ")
    reading(child)
    child.sendintr()
    child.expect_exact("What you typed is kept in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = account_text(home)
    assert "A long day on the ward" in text and "Half a thought" in text
    assert "source" not in text


def test_feedback_add_in_a_terminal(tmp_path: Path) -> None:
    home = tmp_path / "journal"
    child = spawn(home, "feedback", "add")
    child.expect_exact("Enter for today): ")
    child.sendline("")
    child.expect_exact("Today, then.")
    child.expect_exact("(never a name): ")
    child.sendline("Mrs Sarah Jones")  # a name: refused, asked again
    child.expect_exact("may identify someone")
    child.expect_exact("(never a name): ")
    child.sendline("3")
    child.expect_exact("> ")
    child.sendline("Calm in a crisis")
    child.expect_exact("  ")
    child.sendline("")
    child.expect_exact("What did I do with it")
    child.expect_exact("> ")
    child.sendline("")
    child.expect_exact("Skipped.")
    child.expect_exact("Saved the feedback")
    child.expect(pexpect.EOF)
    (text,) = entries(home)
    assert 'role = "a colleague"' in text and "Calm in a crisis" in text
    assert "Sarah" not in text and "feedback-did" not in text


def test_portfolio_reviews_a_name_in_a_terminal(tmp_path: Path) -> None:
    """In a terminal the guard asks: redacted in the portfolio only; Ctrl-C writes nothing."""
    home = tmp_path / "journal"
    nmc_session(home)
    args = [str(TICLI), "account", "new", "--answer", "what=Mrs Sarah Jones told me a lot"]
    subprocess.run(args, env=env_for(home), check=True, capture_output=True)
    stopped = tmp_path / "stopped"
    child = spawn(home, "portfolio", "--out", str(stopped))
    child.expect_exact("(never ask again)? ")
    reading(child)
    child.sendintr()
    child.expect_exact("Nothing was written")
    child.expect(pexpect.EOF)
    assert not stopped.exists()
    out = tmp_path / "portfolio"
    child = spawn(home, "portfolio", "--out", str(out))
    for _ in range(2):  # "Sarah", then "Jones"
        child.expect_exact("(never ask again)? ")
        child.sendline("r")
    child.expect_exact("Wrote the portfolio to")
    child.expect(pexpect.EOF)
    (page,) = out.glob("account-*.md")
    assert "Mrs [redacted] [redacted] told me a lot" in page.read_text(encoding="utf-8")
    assert "Sarah" not in (out / "index.html").read_text(encoding="utf-8")
    assert "Mrs Sarah Jones told me a lot" in account_text(home)  # the journal is untouched
