"""Plain output for screen readers (`ticli --plain`, TICLI_PLAIN=1, TERM=dumb), in a real
pseudo-terminal, where ticli would otherwise use colour, rules and sparklines."""

from __future__ import annotations

import io
import os
import re
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

ESCAPE = "\x1b["
#: Drawing that carries meaning without words: box drawing, blocks, sparklines, the flag.
DRAWING = re.compile(r"[\u2500-\u259f\u2691]")


def run(args: list[str], home: Path, **env: str) -> str:
    """What `ticli ARGS` shows in a 100-column terminal that can do colour."""
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TICLI_PLAIN")},
        "TICLI_HOME": str(home),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        **env,
    }
    child = pexpect.spawn(
        str(TICLI), args, env=environment, encoding="utf-8", dimensions=(40, 100), timeout=30
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


@pytest.fixture
def journal(journal_home: Path) -> Path:
    when = local_now().replace(microsecond=0) - timedelta(days=1)
    entry = make_entry(when, [("strengths-today", "The debrief helped.")], ("strengths",))
    store.write_entry(journal_home, replace(entry, ratings={"capacity": 2}, flagged=True))
    return journal_home


def test_without_plain_the_terminal_gets_colour_and_drawing(journal: Path) -> None:
    # The test below means something only if ticli does draw here otherwise.
    shown = run(["show", "--last"], journal) + run(["list"], journal)
    assert ESCAPE in shown and DRAWING.search(shown)
    assert DRAWING.search(run(["summary"], journal))  # the sparklines


@pytest.mark.parametrize(
    ("before", "env"),
    [(["--plain"], {}), ([], {"TICLI_PLAIN": "1"}), ([], {"TERM": "dumb"})],
    ids=["--plain", "TICLI_PLAIN=1", "TERM=dumb"],
)
@pytest.mark.parametrize(
    "command", [["summary"], ["list"], ["show", "--last"], ["prompts"], ["brief"], ["tags"]]
)
def test_plain_output_has_words_and_numbers_only(
    journal: Path, before: list[str], env: dict[str, str], command: list[str]
) -> None:
    shown = run([*before, *command], journal, **env)
    assert ESCAPE not in shown, shown
    assert not DRAWING.search(shown), shown
    if command == ["summary"]:
        assert "Entries per week: (" in shown
        assert re.search(r"Weekly: (none, )*2\.0", shown)
    if command == ["list"]:
        assert "flagged: The debrief helped." in shown


def test_the_plain_option_is_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for words in ("ticli --plain", "TICLI_PLAIN=1", "TERM=dumb"):
        assert words in readme


#: The privacy review's question, as the user sees it at the end of a line.
FINDING = "[r]edact it, [e]dit it, [k]eep it, or [n]ot a name (never ask again)? "


def reflect_with_a_name(home: Path, **env: str) -> tuple[str, Path]:
    """`ticli today` in a colour terminal: a first answer with a name in it, redacted in
    the privacy review, two prompts skipped, a check-in and a tag. What the screen showed
    (with what was typed, as the terminal echoes it), and the entry written."""
    home.mkdir(mode=0o700, exist_ok=True)
    (home / "config.toml").write_text('grounding_pause = false\nratings = ["capacity"]\n')
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TICLI_PLAIN")},
        "TICLI_HOME": str(home),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        **env,
    }
    child = pexpect.spawn(
        str(TICLI),
        ["today", "--seed", "1"],
        env=environment,
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=30,
    )
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect_exact("1 of 3")
    child.expect_exact("\r\n> ")
    child.sendline("Priya Raman kept the group steady.")
    child.expect_exact("\r\n  ")
    child.sendline("")  # the empty line that ends the answer
    child.expect_exact("might identify someone")
    child.expect_exact(FINDING)
    child.sendline("r")
    child.expect_exact(FINDING)
    child.sendline("r")
    for _ in range(2):  # the other two prompts, skipped
        child.expect_exact("\r\n> ")
        child.sendline("")
    child.expect_exact("How much energy and capacity did I have today?")
    child.expect_exact("\r\n> ")
    child.sendline("3")
    child.expect_exact("(Enter for none): ")
    child.sendline("team")
    child.expect_exact("Thank you")
    child.expect(pexpect.EOF)
    shown = screen.getvalue()
    child.close()
    assert child.exitstatus == 0, shown
    entries = sorted(home.rglob("*.md"))
    assert len(entries) == 1, entries
    return shown, entries[0]


@pytest.mark.pty
def test_the_reflection_and_its_privacy_review_in_colour(tmp_path: Path) -> None:
    # The plain test below means something only if these screens use colour otherwise.
    shown, _ = reflect_with_a_name(tmp_path / "journal")
    assert ESCAPE in shown


@pytest.mark.pty
@pytest.mark.parametrize(
    "env", [{"TICLI_PLAIN": "1"}, {"TERM": "dumb"}], ids=["TICLI_PLAIN=1", "TERM=dumb"]
)
def test_the_reflection_and_its_privacy_review_in_plain_mode(
    tmp_path: Path, env: dict[str, str]
) -> None:
    home = tmp_path / "journal"
    shown, entry = reflect_with_a_name(home, **env)
    assert ESCAPE not in shown and "\x1b" not in shown, repr(shown)
    assert not DRAWING.search(shown), shown
    # The screens said in words what they show in colour: which prompt, what was found.
    assert "1 of 3 · " in shown and "3 of 3 · " in shown
    assert "A name (looks like a first name):" in shown
    assert "A name (looks like a surname):" in shown
    assert "1 = Running on empty … 5 = Plenty to spare" in shown
    text = entry.read_text(encoding="utf-8")
    assert "[redacted] [redacted] kept the group steady." in text
    assert "Priya" not in text and "Raman" not in text
    assert "capacity = 3" in text and 'tags = ["team"]' in text
