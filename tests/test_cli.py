"""Every command through Typer's CliRunner, with every error the issue names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import entry_files, local_today
from test_docs import COMMANDS
from typer.testing import CliRunner

from ticli import __version__, store
from ticli.cli.app import app


def run(runner: CliRunner, *args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def only_entry(home: Path):  # type: ignore[no-untyped-def]
    files = entry_files(home)
    assert len(files) == 1, files
    return store.read_entry(files[0])


# ---------------------------------------------------------------- version and help


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ticli {__version__}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = run(runner, *command.split(), "--help")
    assert result.exit_code == 0
    assert re.search(rf"Example: ticli {command}\b", result.stdout)


def test_bare_ticli_without_a_terminal_shows_help_and_waits_for_nothing(runner: CliRunner) -> None:
    result = run(runner)
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command.split()[0] in result.stdout


# ---------------------------------------------------------------- today, without questions


def test_today_with_answers_writes_an_entry(runner: CliRunner, journal_home: Path) -> None:
    result = run(
        runner,
        "today",
        "--answer",
        "strengths-today=The group held each other.\nIt was good.",
        "-a",
        "triggers-what-helped=A quiet room",
        "--rate",
        "capacity=2",
        "--tag",
        "Team",
        "-t",
        "night shift,home-visit",
        "--at",
        "2026-11-20T18:30",
    )
    assert result.exit_code == 0, result.output
    entry = only_entry(journal_home)
    assert result.stdout.startswith("Saved to ")
    assert str(entry_files(journal_home)[0]) in result.stdout.replace("\n", "")
    assert entry.kind == "daily"
    assert [a.text for a in entry.answers] == [
        "The group held each other.\nIt was good.",
        "A quiet room",
    ]
    assert entry.principles == ("strengths", "triggers")
    assert entry.ratings == {"capacity": 2}
    assert entry.tags == ("team", "night-shift", "home-visit")
    assert (entry.created.year, entry.created.month, entry.created.day) == (2026, 11, 20)
    assert (entry.created.hour, entry.created.minute) == (18, 30)


def test_answer_can_come_from_stdin(runner: CliRunner, journal_home: Path) -> None:
    result = run(runner, "today", "-a", "strengths-today=-", input="Piped in.\nTwo lines.\n")
    assert result.exit_code == 0, result.output
    assert only_entry(journal_home).answers[0].text == "Piped in.\nTwo lines."


def test_a_huge_answer_is_kept_whole(runner: CliRunner, journal_home: Path) -> None:
    text = "\n".join(f"Line {n}: " + "words " * 30 for n in range(20000))  # ~4 MB
    result = run(runner, "today", "-a", "strengths-today=-", input=text)
    assert result.exit_code == 0, result.output
    assert only_entry(journal_home).answers[0].text == text


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["today", "-a", "no-such-prompt=hi"], None, "no prompt with the id 'no-such-prompt'"),
        (["today", "-a", "strengths-today"], None, "--answer takes PROMPT_ID=TEXT"),
        (["today", "-a", "=hi"], None, "PROMPT_ID=TEXT"),
        (["today", "-a", "strengths-today=x", "--rate", "capacity=6"], None, "from 1 to 5, not 6"),
        (["today", "-a", "strengths-today=x", "--rate", "capacity=0"], None, "from 1 to 5, not 0"),
        (["today", "-a", "strengths-today=x", "--rate", "capacity=lots"], None, "whole number"),
        (["today", "-a", "strengths-today=x", "--rate", "mood=3"], None, "no rating called 'mood'"),
        (["today", "-a", "strengths-today=x", "--at", "last tuesday"], None, "not a date"),
        (["today", "-a", "strengths-today=x", "--at", "2026-02-30"], None, "not a date"),
        (["today", "-a", "strengths-today=x", "--at", "2999-01-01"], None, "in the future"),
        (["today", "-a", "strengths-today=x", "-t", "not/a/tag"], None, "not a tag"),
        (["today", "-a", "strengths-today=   "], None, "nothing to write"),
        (["today", "-a", "strengths-today=-"], b"caf\xe9 latte\n", "not UTF-8"),
        (["today", "-a", "strengths-today=-", "-a", "supervision-bring=-"], "x", "Only one"),
        (["today", "--tag", "team"], None, "goes with --answer"),
        (["today"], None, "asks its questions in a terminal"),
        (["today", "--principle", "nope"], None, "no principle called 'nope'"),
        (["today", "--count", "0"], None, "at least 1"),
        (["note"], b"\xff\xfe bad bytes", "not UTF-8"),
        (["note", ""], None, "nothing to write: the note is empty"),
        (["note", "x", "--at", "2999-01-01T10:00"], None, "in the future"),
        (["prompts", "--principle", "nope"], None, "no principle called 'nope'"),
        (["prompts", "--kind", "weekly"], None, "no prompt kind 'weekly'"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(
    runner: CliRunner, journal_home: Path, args: list[str], stdin: str | bytes | None, words: str
) -> None:
    result = run(runner, *args, input=stdin)
    assert result.exit_code == 2, result.output
    assert words in " ".join(result.stderr.split())
    assert result.stderr.startswith("ticli: ")
    assert "Traceback" not in result.output
    assert entry_files(journal_home) == []


def test_non_utf8_in_an_argument_is_refused(runner: CliRunner, journal_home: Path) -> None:
    # The shell hands Python undecodable bytes as lone surrogates.
    result = run(runner, "note", "caf\udce9")
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.stderr
    assert entry_files(journal_home) == []


def test_user_text_in_errors_is_printed_literally(runner: CliRunner) -> None:
    result = run(runner, "today", "-a", "[bold]x[/]=hi")
    assert "'[bold]x[/]'" in result.stderr
    result = run(runner, "today", "-a", "\x1b[31mred=hi")
    assert "\x1b" not in result.stderr
    assert "\\x1b[31mred" in result.stderr


# ---------------------------------------------------------------- note


def test_note_from_argument(runner: CliRunner, journal_home: Path) -> None:
    result = run(runner, "note", "Debrief helped. [bold]really[/]", "--tag", "team")
    assert result.exit_code == 0, result.output
    entry = only_entry(journal_home)
    assert (entry.kind, entry.note, entry.tags, entry.answers) == (
        "note",
        "Debrief helped. [bold]really[/]",
        ("team",),
        (),
    )


def test_note_from_stdin(runner: CliRunner, journal_home: Path) -> None:
    result = run(runner, "note", input="## A heading-like line\n+++\nend\n")
    assert result.exit_code == 0, result.output
    assert only_entry(journal_home).note == "## A heading-like line\n+++\nend"


def test_note_dated_in_the_past(runner: CliRunner, journal_home: Path) -> None:
    result = run(runner, "note", "Remembered later", "--at", "2025-01-05")
    assert result.exit_code == 0, result.output
    assert entry_files(journal_home)[0].parent == journal_home / "2025" / "01"


# ---------------------------------------------------------------- prompts and where


def test_prompts_lists_the_library(runner: CliRunner) -> None:
    result = run(runner, "prompts")
    assert result.exit_code == 0
    assert "triggers-what-helped" in result.stdout
    assert "Connection over perfection" in result.stdout


def test_prompts_filters(runner: CliRunner) -> None:
    result = run(runner, "prompts", "--principle", "triggers", "--kind", "daily", "--json")
    data = json.loads(result.stdout)
    assert data["prompts"]
    assert {p["principle"] for p in data["prompts"]} == {"triggers"}
    assert all("daily" in p["kinds"] for p in data["prompts"])
    assert [p["id"] for p in data["principles"]] == ["triggers"]
    assert {r["id"] for r in data["ratings"]} >= {"capacity", "carried"}


def test_prompts_json_is_the_whole_library(runner: CliRunner) -> None:
    data = json.loads(run(runner, "prompts", "--json").stdout)
    assert len(data["prompts"]) >= 60
    assert len(data["principles"]) >= 13


def test_where(runner: CliRunner, journal_home: Path) -> None:
    result = run(runner, "where")
    assert result.exit_code == 0
    assert str(journal_home) in result.stdout
    assert str(journal_home / "config.toml") in result.stdout


# ---------------------------------------------------------------- the user's own files


def test_a_broken_library_is_named_with_its_line(runner: CliRunner, journal_home: Path) -> None:
    journal_home.mkdir()
    (journal_home / "prompts.toml").write_text('[[prompts]]\nid = "x"\ntext = "unclosed\n')
    for command in (["today", "-a", "strengths-today=x"], ["prompts"]):
        result = run(runner, *command)
        assert result.exit_code == 2
        assert f"{journal_home / 'prompts.toml'}, line 3" in result.stderr
        assert "not valid TOML" in result.stderr
        assert "Traceback" not in result.output
    assert entry_files(journal_home) == []


def test_a_broken_config_is_named_with_its_line(runner: CliRunner, journal_home: Path) -> None:
    journal_home.mkdir()
    (journal_home / "config.toml").write_text("# settings\ncount = three\n")
    result = run(runner, "prompts")
    assert result.exit_code == 2
    assert f"{journal_home / 'config.toml'}, line 2" in result.stderr


def test_a_broken_entry_is_named_skipped_and_untouched(
    runner: CliRunner, journal_home: Path
) -> None:
    run(runner, "note", "A good entry")
    broken = entry_files(journal_home)[0].parent / "hand-broken.md"
    broken.write_bytes(b'+++\nid = "x"\ncreated = not-a-date\n+++\nMy words\n')
    before = broken.read_bytes()
    # today reads recent entries to choose prompts; it must carry on and name the file.
    result = run(runner, "today", "--seed", "1")
    assert result.exit_code == 2  # no terminal here, but only after reading the journal
    assert f"{broken}, line 3" in " ".join(result.stderr.split())
    assert "has not changed" in result.stderr
    assert broken.read_bytes() == before
    assert len(entry_files(journal_home)) == 2


# ---------------------------------------------------------------- found by trying it as a new user


def test_today_as_a_date_means_now(runner: CliRunner, journal_home: Path) -> None:
    today = local_today()
    result = run(runner, "note", "Earlier today", "--at", today.isoformat())
    assert result.exit_code == 0, result.output
    assert only_entry(journal_home).created.date() == today


def test_a_space_after_equals_is_not_kept(runner: CliRunner, journal_home: Path) -> None:
    assert run(runner, "today", "--answer", "strengths-today= spaced").exit_code == 0
    assert only_entry(journal_home).answers[0].text == "spaced"


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["today", "-a", "strenghts-today=x"], "Did you mean 'strengths-today'?"),
        (["prompts", "--principle", "trigger"], "Did you mean 'triggers'?"),
        (["today", "-a", "strengths-today=x", "--rate", "capacty=3"], "Did you mean 'capacity'?"),
    ],
)
def test_near_misses_get_a_suggestion(runner: CliRunner, args: list[str], suggestion: str) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2
    assert suggestion in result.stderr


def test_an_unknown_rating_in_config_names_the_config_line(
    runner: CliRunner, journal_home: Path
) -> None:
    journal_home.mkdir()
    (journal_home / "config.toml").write_text('count = 2\nratings = ["energy", "capacity"]\n')
    result = run(runner, "list")
    assert result.exit_code == 2
    assert f"{journal_home / 'config.toml'}, line 2" in result.stderr
    assert "'energy'" in result.stderr


def test_where_works_even_with_broken_settings(runner: CliRunner, journal_home: Path) -> None:
    journal_home.mkdir()
    (journal_home / "config.toml").write_text("editor = nano\n")
    result = run(runner, "where")
    assert result.exit_code == 0
    assert "TICLI_HOME is set" in result.stdout


def test_toml_mistakes_get_plain_hints(runner: CliRunner, journal_home: Path) -> None:
    journal_home.mkdir()
    (journal_home / "config.toml").write_text("editor = nano\n")
    result = run(runner, "list")
    assert result.exit_code == 2
    assert 'Text needs quotes around it, e.g. editor = "nano".' in result.stderr


def test_a_ratings_only_entry_is_listed_kindly(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    run(runner, "today", "--rate", "capacity=3", "--rate", "burnout=4")
    listed = run(runner, "list").stdout
    # In words, with what the number means (the burnout scale runs the other way), not ids.
    assert "Energy and capacity: 3 of 5 (getting by)" in listed
    assert "Worn down by the work: 4 of 5 (between somewhat and very much)" in listed
    assert "capacity 3" not in listed


def test_show_names_a_broken_entry_and_edit_can_mend_it(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    run(runner, "note", "My words", "--at", "2026-11-20T10:00")
    path = entry_files(journal_home)[0]
    path.write_text(path.read_text().replace("tags = []", "tags = [group"))
    result = run(runner, "show", "20261120")
    assert result.exit_code == 2
    assert f"could not be read: {path}, line 6" in " ".join(result.stderr.split())
    fixer = tmp_path / "fix"
    fixer.write_text('#!/bin/sh\nsed -i \'s/tags = \\[group/tags = ["group"]/\' "$1"\n')
    fixer.chmod(0o755)
    result = runner.invoke(app, ["edit", "20261120"], env={"EDITOR": str(fixer)})
    assert result.exit_code == 0, result.output
    assert store.read_entry(path).tags == ("group",)


def test_a_file_in_the_way_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    in_the_way = tmp_path / "not-a-folder"
    in_the_way.write_text("x")
    result = runner.invoke(app, ["note", "hi"], env={"TICLI_HOME": str(in_the_way)})
    assert result.exit_code == 1
    assert "Could not use" in result.stderr
    assert "Not a directory" in result.stderr
    assert "Traceback" not in result.output
