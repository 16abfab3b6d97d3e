"""Plain output for screen readers (`ticli --plain`, TICLI_PLAIN=1, TERM=dumb), in a real
pseudo-terminal, where ticli would otherwise use colour, rules and sparklines."""

from __future__ import annotations

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
