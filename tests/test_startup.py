"""Start-up stays light: a command imports what it needs, not the whole of ticli
(see "Start-up time matters" in CONTRIBUTING.md)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import local_now, make_entry

from ticli import store

#: Only writing, editing, reviewing, exporting or summarising needs these.
NOT_FOR_READING = {
    "ticli.cli.terminal",
    "ticli.cli.editor",
    "ticli.usecases.write",
    "ticli.usecases.change",
    "ticli.usecases.exchange",
    "ticli.usecases.patterns",
    "ticli.analysis.privacy",
    "ticli.analysis.formats",
    "ticli.analysis.summary",
    "phonenumbers",
    "tomli_w",
    "rich.markdown",  # only to show an entry in a terminal
    # Only `ticli report` draws charts.
    "ticli.analysis.report",
    "ticli.usecases.report",
    "ticli.render.report_html",
    "ticli.render.report_svg",
    "ticli.render.report_lines",
    "ticli.render.report_grids",
    "ticli.render.report_bars",
}


def imported(*args: str) -> set[str]:
    """The modules `python -m ticli ARGS` imports (standard output not a terminal)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ticli", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}


def test_help_loads_neither_the_journal_nor_rich() -> None:
    modules = imported("--help")
    assert "ticli.cli.journal_commands" in modules
    heavy = {m for m in modules if m.startswith(("ticli.store", "ticli.render", "rich"))}
    assert sorted(heavy | (modules & NOT_FOR_READING)) == []


@pytest.mark.parametrize(
    "args", [("list", "--limit", "5"), ("show", "--last"), ("search", "debrief")]
)
def test_reading_commands_load_only_what_they_need(
    args: tuple[str, ...], journal_home: Path
) -> None:
    when = local_now().replace(microsecond=0) - timedelta(days=1)
    store.write_entry(journal_home, make_entry(when, [("strengths-today", "The debrief helped.")]))
    modules = imported(*args)
    assert "ticli.usecases.read" in modules
    assert sorted(modules & NOT_FOR_READING) == []
