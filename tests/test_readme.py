"""The README's examples are what the program really shows: they are run here."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

from conftest import REPO
from rich.console import Console

from ticli.cli.terminal import run_reflection
from ticli.usecases.journal import open_journal
from ticli.usecases.write import Plan

README = (REPO / "README.md").read_text(encoding="utf-8")


def _block_after(heading: str) -> list[str]:
    section = README.split(heading, 1)[1]
    return section.split("```", 2)[1].split("\n")[1:-1]


def _in_order(expected: list[str], shown: list[str]) -> None:
    """Every expected line appears in the shown lines, in the same order."""
    position = 0
    for line in expected:
        while position < len(shown) and shown[position] != line:
            position += 1
        assert position < len(shown), f"not on screen (in this order): {line!r}"
        position += 1


def test_the_sample_session_is_what_ticli_shows(journal_home: Path) -> None:
    sample = _block_after("## A short session")
    assert sample[0] == "$ ticli"
    journal = open_journal()
    library = journal.library
    ids = ["strengths-community", "triggers-reminders", "collaboration-whose-ideas"]
    plan = Plan([library.prompt(i) for i in ids], journal.ratings_to_offer())
    replies = iter(
        [
            "A mum brought her sister along to the group, and it helped her stay.",
            "",
            "",
            "Mostly theirs today. I held back my first suggestion.",
            "",
            "3",
            *[""] * (len(plan.ratings) - 1),
            "group",
        ]
    )
    screen = io.StringIO()
    out = Console(file=screen, width=200, highlight=False)

    def typed(prompt: str) -> str:
        reply = next(replies)
        screen.write(prompt + reply + "\n")
        return reply

    now = datetime(2026, 11, 23, 18, 5, 1).astimezone()
    run_reflection(journal, plan, out, now, read_line=typed)
    shown = screen.getvalue().replace(str(journal_home), "/home/sam/.local/share/ticli")
    shown = re.sub(r"\d{8}-\d{6}-[0-9a-f]{8}\.md", "20261123-180501-1fd6df7f.md", shown)
    lines = shown.split("\n")
    before, after = sample[1 : sample.index("...")], sample[sample.index("...") + 1 :]
    _in_order(before, lines)
    _in_order(after, lines)


def _brief_now(journal_home: Path) -> str:
    from readme_brief import TODAY, write_sample_journal

    from ticli.render.brief import brief_markdown
    from ticli.usecases.patterns import make_brief

    journal = open_journal()
    write_sample_journal(journal_home, journal.library)
    made, problems, _ = make_brief(journal, TODAY, "last", True, None)
    assert problems == []
    return brief_markdown(made)


def test_the_sample_brief_is_what_ticli_writes(journal_home: Path) -> None:
    sample = README.split("A sample brief,", 1)[1].split("```markdown\n", 1)[1].split("```", 1)[0]
    assert sample == _brief_now(journal_home)
