"""Bad days for the journal: each case here was found by review and must stay fixed."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import entry_files, local_now, local_today
from rich.console import Console
from typer.testing import CliRunner

from ticli import store
from ticli.cli.app import app
from ticli.cli.terminal import reflect_in_editor, run_reflection
from ticli.render import reflection as render
from ticli.usecases.journal import open_journal
from ticli.usecases.write import Plan


def run(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "editor"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return str(path)


def test_editor_keeps_a_heading_of_the_users_own(
    journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR",
        script(tmp_path, "printf '## My thoughts {#my-own}\\n\\nStill here.\\n' >> \"$1\""),
    )
    journal = open_journal()
    plan = Plan([journal.library.prompt("strengths-today")], [])
    reflect_in_editor(
        journal,
        plan,
        Console(file=io.StringIO()),
        local_now(),
        read_line=lambda _: "",
    )
    (path,) = entry_files(journal_home)
    entry = store.read_entry(path)
    assert [(a.prompt_id, a.question, a.text) for a in entry.answers] == [
        ("my-own", "My thoughts", "Still here.")
    ]
    assert not list(journal_home.glob(".draft-*"))


def test_ctrl_c_while_a_question_is_shown_is_a_gentle_stop(
    journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal()
    plan = Plan(
        [journal.library.prompt(p) for p in ("strengths-today", "triggers-what-helped")], []
    )
    shown = []

    def heading(*args: object) -> None:
        shown.append(args)
        if len(shown) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(render, "prompt_heading", heading)
    out = io.StringIO()
    replies = iter(["kept", ""])
    run_reflection(
        journal,
        plan,
        Console(file=out),
        local_now(),
        read_line=lambda _: next(replies),
    )
    assert "Stopped. Everything so far (one answer) is kept in:" in out.getvalue()


def test_stop_during_the_privacy_review_keeps_the_answer(journal_home: Path) -> None:
    journal = open_journal()
    plan = Plan([journal.library.prompt("strengths-today")], [])
    replies = iter(["Call me on 07700 900123", ""])

    def read(prompt: str) -> str:
        if "edact it" in prompt:
            raise KeyboardInterrupt
        return next(replies)

    run_reflection(
        journal,
        plan,
        Console(file=io.StringIO()),
        local_now(),
        read_line=read,
    )
    (path,) = entry_files(journal_home)
    assert store.read_entry(path).answers[0].text == "Call me on 07700 900123"


def test_search_for_nothing_but_an_accent(runner: CliRunner) -> None:
    result = run(runner, "search", "\u0301")
    assert result.exit_code == 2
    assert "nothing to search for" in result.stderr or "no letters or digits" in result.stderr


def test_supervision_done_with_nothing_else(runner: CliRunner, journal_home: Path) -> None:
    result = run(
        runner, "supervision", "done", "--date", f"{local_today() - timedelta(days=1)}T15:00"
    )
    assert result.exit_code == 0, result.output
    assert store.read_entry(entry_files(journal_home)[0]).kind == "supervision"


def test_brief_guards_what_it_quotes_from_long_ago(runner: CliRunner, journal_home: Path) -> None:
    run(
        runner,
        "today",
        "-a",
        "strengths-today=Jo at 47 Victoria Road was strong",
        "--at",
        "2025-06-01T10:00",
    )
    run(runner, "today", "-a", "strengths-today=A quiet good day", "--at", f"{local_today()}")
    result = run(runner, "brief")
    assert result.exit_code == 1
    assert "47 Victoria Road" in result.stderr


@pytest.mark.parametrize(
    "created",
    ["0001-01-01T00:00:00", "9999-12-31T23:59:59"],
)
def test_a_strange_created_time_is_one_broken_file(
    runner: CliRunner, journal_home: Path, created: str
) -> None:
    run(runner, "note", "fine")
    odd = entry_files(journal_home)[0].parent / "odd.md"
    odd.write_text(f'+++\nid = "odd"\ncreated = {created}\n+++\nhello\n')
    result = run(runner, "list")
    assert result.exit_code == 0
    assert "fine" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["note", "x", "--at", "0999-06-01"],
        ["note", "x", "--at", "0001-01-01T00:00"],
        ["list", "--since", "9999999d"],
        ["list", "--since", "0001-01-01"],
        ["lookback", "--date", "0001-01-01"],
        ["brief", "--since", "0001-01-01"],
    ],
)
def test_far_away_dates_are_clear_errors(
    runner: CliRunner, journal_home: Path, args: list[str]
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("ticli: ")


def test_duplicate_ids_are_named_not_hidden(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "original")
    path = entry_files(journal_home)[0]
    copy = path.with_name(path.stem + " (conflicted copy).md")
    copy.write_bytes(path.read_bytes())
    result = run(runner, "list")
    # Named once, at the end, with where to go: not a line per file.
    assert result.stderr.count("ticli doctor has something for you") == 1
    assert copy.name in result.stderr.replace("\n", "")
    assert "original" in result.stdout
    assert run(runner, "show", path.stem).exit_code == 0


def test_flag_changes_only_its_line(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "words")
    path = entry_files(journal_home)[0]
    hand = (
        path.read_text()
        .replace("kind = ", '# my comment\nmood = "ok"\nkind = ')
        .replace("\n", "\r\n")
    )
    path.write_bytes(hand.encode())
    assert run(runner, "flag", "--last").exit_code == 0
    flagged = path.read_bytes().decode()
    assert flagged == hand.replace("+++\r\n", "+++\r\nflagged = true\r\n", 1)
    assert run(runner, "flag", "--last", "--clear").exit_code == 0
    assert path.read_bytes().decode() == hand


def test_a_stale_edit_copy_is_kept(runner: CliRunner, journal_home: Path, tmp_path: Path) -> None:
    run(runner, "note", "words")
    path = entry_files(journal_home)[0]
    stale = path.with_name(f".{path.stem}.editing.md")
    stale.write_text("words from an edit that was killed")
    runner.invoke(app, ["edit", "--last"], env={"EDITOR": "true"})
    kept = path.with_name(f"{path.stem}.unsaved-edit.txt")
    assert kept.read_text() == "words from an edit that was killed"


def test_exports_never_go_into_the_journal_or_onto_a_folder(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    run(runner, "note", "words")
    inside = run(runner, "export", "--format", "json", "--out", str(journal_home / "x.json"))
    assert (inside.exit_code, "inside the journal folder" in inside.stderr) == (2, True)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    onto = run(runner, "export", "--format", "json", "--out", str(folder))
    # Checked before anything is read or reviewed.
    assert (onto.exit_code, "Only --format md exports to a folder" in onto.stderr) == (2, True)
    csv_dir = run(runner, "export", "--format", "csv", "--out", f"{tmp_path}/dir/")
    assert csv_dir.exit_code == 2


def test_import_checks_tags_and_merges_repeated_records(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    record = {
        "title": "Same.",
        "body": "",
        "date": "2026-01-05",
        "time": "10:00",
        "tags": ["@Work"],
        "starred": False,
    }
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps({"tags": {}, "entries": [record, record]}))
    result = run(runner, "import", str(path))
    assert "Imported 1 entry" in result.stdout
    assert store.read_entry(entry_files(journal_home)[0]).tags == ("work",)
    bad = dict(record, tags=["[bold]"])
    path.write_text(json.dumps({"tags": {}, "entries": [bad]}))
    result = run(runner, "import", str(path))
    assert (result.exit_code, "record 1" in result.stderr) == (2, True)


def test_import_rolls_back_when_a_write_fails(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        {"title": f"Entry {n}.", "date": f"2026-01-0{n}", "time": "10:00", "tags": []}
        for n in range(1, 4)
    ]
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps({"entries": records}))
    real = store.create_entry
    calls = []

    def failing(root: Path, entry: store.Entry) -> Path:
        calls.append(entry)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(root, entry)

    monkeypatch.setattr(store, "create_entry", failing)
    result = run(runner, "import", str(path))
    assert result.exit_code == 1
    assert "No space left" in result.stderr
    assert entry_files(journal_home) == []


def test_deeply_nested_json_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100000)
    result = run(runner, "import", str(path))
    assert result.exit_code == 2
