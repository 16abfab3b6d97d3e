"""The README and docs cannot go stale silently."""

from __future__ import annotations

import re

import pytest
import typer
from conftest import REPO
from test_cli import COMMANDS

from ticli.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_with_an_example() -> None:
    registered = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert registered == set(COMMANDS)
    for command in COMMANDS:
        assert re.search(rf"^ticli {command}\b", README, re.M), command


@pytest.mark.parametrize("variable", ["TICLI_HOME", "VISUAL", "EDITOR", "NO_COLOR"])
def test_environment_variables_are_documented(variable: str) -> None:
    assert variable in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"The test command is `([^`]+)`", README)
    assert command, "README must say: The test command is `...`"
    assert ci.rstrip().splitlines()[-1] == command.group(1)


def test_every_option_of_today_is_in_the_readme() -> None:
    for option in [
        "--count",
        "--principle",
        "--seed",
        "--editor",
        "--answer",
        "--rate",
        "--tag",
        "--at",
    ]:
        assert option in README, option
