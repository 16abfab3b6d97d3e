"""The README and docs cannot go stale silently: commands and options come from the app."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import typer
from conftest import REPO
from typer.testing import CliRunner

from ticli.cli.app import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, Any]:
    """Every command of the app by its full name ("supervision done" for a sub-command)."""
    root: Any = typer.main.get_command(app)
    found: dict[str, Any] = {}
    for name, command in root.commands.items():
        inner = getattr(command, "commands", None)
        if inner:
            for sub, sub_command in inner.items():
                found[f"{name} {sub}"] = sub_command
        else:
            found[name] = command
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme_with_an_example(command: str) -> None:
    assert re.search(rf"^ticli {command}\b", README, re.M), command


@pytest.mark.parametrize(
    ("command", "option"),
    sorted(
        (name, opt)
        for name, command in COMMANDS.items()
        for param in command.params
        if param.param_type_name == "option"
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    ),
)
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    assert option in README, f"ticli {command} {option}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_short_first_line_and_an_example(command: str) -> None:
    doc = COMMANDS[command].help or ""
    first = doc.strip().splitlines()[0]
    # `ticli --help` shows the first line: it must fit without being cut.
    assert len(first) <= 60, first
    assert "Example: ticli" in doc, command


@pytest.mark.parametrize(
    "variable", ["TICLI_HOME", "VISUAL", "EDITOR", "NO_COLOR", "XDG_CACHE_HOME"]
)
def test_environment_variables_are_documented(variable: str) -> None:
    assert variable in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"The test command is `([^`]+)`", README)
    assert command, "README must say: The test command is `...`"
    assert command.group(1) in ci


def _documented_fields(heading: str) -> set[str]:
    """The first-column field names of the table under a heading of docs/json.md."""
    text = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n#", 1)[0]
    fields: set[str] = set()
    for row in re.findall(r"^\| ([^|]+) \|", section, re.M):
        fields.update(re.findall(r"`(\w+)`", row))
    return fields


def test_the_entry_json_is_as_documented(runner: CliRunner) -> None:
    from ticli.cli.app import app

    runner.invoke(app, ["today", "--answer", "strengths-today=Kind words.", "--rate", "capacity=3"])
    listed = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    assert set(listed[0]) == _documented_fields("# The JSON shape of an entry")
    assert list(listed[0]) == [
        "format", "id", "created", "kind", "tags", "principles", "ratings", "note", "answers",
        "flagged", "actions",
    ]  # fmt: skip


def test_the_summary_json_is_as_documented(runner: CliRunner) -> None:
    from ticli.cli.app import app

    data = json.loads(runner.invoke(app, ["summary", "--demo", "--json"]).stdout)
    assert set(data) == _documented_fields("## The summary")
    assert data["schema"] == 1


def test_the_readme_quotes_the_latest_benchmark_as_it_is() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "readme_block", REPO / "bench" / "readme_block.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = (REPO / "bench" / "results-latest.md").read_text(encoding="utf-8")
    assert module.block(results) in README


def test_the_readme_quotes_the_latest_report_timing_as_it_is() -> None:
    results = (REPO / "bench" / "report-speed.md").read_text(encoding="utf-8")
    start, end = "<!-- report-speed:start -->", "<!-- report-speed:end -->"
    assert f"{start}\n{results.strip()}\n{end}" in README
    assert "`ticli report`" in results and "target ≤ 2 s" in results
