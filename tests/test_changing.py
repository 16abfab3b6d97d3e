"""edit, delete, restore, export and import through the CLI."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, entry_files
from hypothesis import given, settings
from hypothesis import strategies as st
from test_store import past_unicode_entries
from typer.testing import CliRunner

from ticli import store
from ticli.cli.app import app
from ticli.cli.editor import edit_in_editor
from ticli.model import Entry
from ticli.usecases.change import EditNotSaved, begin_edit
from ticli.usecases.journal import open_journal

JRNL_EXPORT = REPO / "tests" / "fixtures" / "jrnl-v4.6-export.json"


def run(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def journal(runner: CliRunner, journal_home: Path) -> Path:
    for args in (
        [
            "note",
            "First note ## with hashes\n# and a heading line",
            "--at",
            "2026-03-01T09:00",
            "-t",
            "a",
        ],
        [
            "today",
            "-a",
            "strengths-today=Strong: the café group",
            "-a",
            'supervision-bring=Ask about "boundaries", please',
            "-t",
            "team",
            "--at",
            "2026-11-15T20:00",
            "--rate",
            "capacity=3",
        ],
        ["note", "Ünïcode ✓ and [bold]markup[/]\x1b[0m", "--at", "2026-11-20T07:30"],
    ):
        assert run(runner, *args).exit_code == 0
    return journal_home


def editor(tmp_path: Path, script: str, name: str = "editor") -> str:
    """A fake $EDITOR: a small shell script acting on the file in "$1"."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)
    return str(path)


def local_time(text: str) -> str:
    """A local date and time as ticli exports it, e.g. 2026-11-15T20:00:00+14:00."""
    return datetime.fromisoformat(text).astimezone().isoformat()


def the_file(home: Path, prefix: str) -> Path:
    return next(p for p in entry_files(home) if p.name.startswith(prefix))


# ---------------------------------------------------------------- edit


def test_edit_saves_a_valid_change(runner: CliRunner, journal: Path, tmp_path: Path) -> None:
    path = the_file(journal, "20261115")
    before = store.read_entry(path)
    fake = editor(
        tmp_path,
        'sed -i \'s/the café group/the whole café group/; s/^tags = .*/tags = ["team", "edited"]/\' "$1"',
    )
    result = runner.invoke(app, ["edit", "20261115"], env={"EDITOR": fake})
    assert result.exit_code == 0, result.output
    after = store.read_entry(path)
    assert after.answers[0].text == "Strong: the whole café group"
    assert after.tags == ("team", "edited")
    assert (after.id, after.created) == (before.id, before.created)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        p.name for p in entry_files(journal) if p.parent == path.parent
    )


def test_edit_that_breaks_the_file_is_kept_beside_it(
    runner: CliRunner, journal: Path, tmp_path: Path
) -> None:
    path = the_file(journal, "20261115")
    original = path.read_bytes()
    fake = editor(
        tmp_path,
        'sed -i \'s/^created = .*/created = "sometime"/; s/the café group/MY NEW WORDS/\' "$1"',
    )
    result = runner.invoke(app, ["edit", "20261115"], env={"EDITOR": fake})
    assert result.exit_code == 1
    assert "does not read as an entry: line 4: 'created' must be a date" in " ".join(
        result.output.split()
    )
    assert path.read_bytes() == original
    kept = path.with_name(f"{path.stem}.unsaved-edit.txt")
    assert "MY NEW WORDS" in kept.read_text()
    assert str(kept) in " ".join(result.stderr.split())
    assert run(runner, "list").stderr == ""  # the kept edit is not read as an entry


def test_edit_cannot_change_id_or_created(runner: CliRunner, journal: Path, tmp_path: Path) -> None:
    path = the_file(journal, "20261115")
    original = path.read_bytes()
    fake = editor(tmp_path, "sed -i 's/^created = 2026-11-15/created = 2026-11-14/' \"$1\"")
    result = runner.invoke(app, ["edit", "20261115"], env={"EDITOR": fake})
    assert result.exit_code == 1
    assert "cannot change" in result.output
    assert path.read_bytes() == original


def test_editor_that_fails_changes_nothing(
    runner: CliRunner, journal: Path, tmp_path: Path
) -> None:
    path = the_file(journal, "20261115")
    original = path.read_bytes()
    result = runner.invoke(app, ["edit", "20261115"], env={"EDITOR": editor(tmp_path, "exit 4")})
    assert result.exit_code == 1
    assert "exit code 4" in result.stderr
    assert path.read_bytes() == original
    assert [p for p in path.parent.iterdir() if "edit" in p.name] == []


def test_editor_that_fails_after_typing_keeps_the_words(
    runner: CliRunner, journal: Path, tmp_path: Path
) -> None:
    path = the_file(journal, "20261115")
    fake = editor(tmp_path, "echo 'half-typed thought' >> \"$1\"; exit 1")
    result = runner.invoke(app, ["edit", "20261115"], env={"EDITOR": fake})
    assert result.exit_code == 1
    kept = path.with_name(f"{path.stem}.unsaved-edit.txt")
    assert "half-typed thought" in kept.read_text()


def test_edit_without_changes(runner: CliRunner, journal: Path) -> None:
    path = the_file(journal, "20261115")
    result = runner.invoke(app, ["edit", "--last"], env={"EDITOR": "true"})
    assert (result.exit_code, result.stdout.strip()) == (0, "Nothing was changed.")
    assert store.read_entry(path).id.startswith("20261115")


def test_edit_again_after_a_broken_edit(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # First run breaks the front matter; the second (after "edit again") mends it.
    path = the_file(journal, "20261115")
    counter = tmp_path / "runs"
    fake = editor(
        tmp_path,
        f'if [ -e "{counter}" ]; then sed -i \'s/^kind = .*/kind = "session"/\' "$1"; '
        f'else touch "{counter}"; sed -i \'s/^kind = .*/kind = "diary"/\' "$1"; fi',
    )
    monkeypatch.setenv("EDITOR", fake)
    journal_ = open_journal()
    asked: list[bool] = []
    from rich.console import Console

    out = Console(file=io.StringIO(), width=100)
    edit_in_editor(
        journal_, begin_edit(journal_, "20261115"), out, lambda: asked.append(True) or True
    )
    assert asked == [True]
    assert store.read_entry(path).kind == "session"
    assert "'kind' must be one of" in out.file.getvalue()  # type: ignore[attr-defined]


def test_edit_given_up_keeps_the_edit(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = the_file(journal, "20261115")
    monkeypatch.setenv("EDITOR", editor(tmp_path, "echo '+++' > \"$1\""))
    from rich.console import Console

    journal_ = open_journal()
    with pytest.raises(EditNotSaved):
        edit_in_editor(
            journal_, begin_edit(journal_, "20261115"), Console(file=io.StringIO()), lambda: False
        )
    assert path.with_name(f"{path.stem}.unsaved-edit.txt").read_text() == "+++\n"


# ---------------------------------------------------------------- delete and restore


def test_delete_then_restore_is_byte_identical(runner: CliRunner, journal: Path) -> None:
    path = the_file(journal, "20261115")
    original = path.read_bytes()
    result = run(runner, "delete", "20261115", "--yes")
    assert result.exit_code == 0, result.output
    assert "ticli restore" in result.stdout
    assert not path.exists()
    trashed = journal / ".trash" / "2026" / "11" / path.name
    assert trashed.read_bytes() == original
    assert len(json.loads(run(runner, "list", "--json").stdout)) == 2
    result = run(runner, "restore", path.stem[:15])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original
    assert not trashed.exists()


def test_delete_asks_and_never_waits_without_a_terminal(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "delete", "20261115")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert the_file(journal, "20261115").exists()


def test_restore_unknown(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "restore", "2026")
    assert result.exit_code == 2
    assert "trash holds no entry" in result.stderr


def test_restore_never_overwrites(runner: CliRunner, journal: Path) -> None:
    path = the_file(journal, "20261115")
    copy = path.read_bytes()
    run(runner, "delete", "20261115", "--yes")
    path.write_bytes(copy)  # e.g. a sync brought it back meanwhile
    result = run(runner, "restore", "20261115")
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (journal / ".trash" / "2026" / "11" / path.name).exists()


# ---------------------------------------------------------------- export


def test_export_json_round_trip_is_byte_identical(
    runner: CliRunner, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(runner, "export", "--format", "json").stdout
    exported = tmp_path / "export.json"
    exported.write_text(first, encoding="utf-8")
    monkeypatch.setenv("TICLI_HOME", str(tmp_path / "fresh"))
    result = run(runner, "import", str(exported))
    assert result.exit_code == 0, result.output
    assert "Imported 3 entries (ticli-json)" in result.stdout
    assert run(runner, "export", "--format", "json").stdout == first
    # and the files themselves are the same bytes
    fresh = [p.read_bytes() for p in entry_files(tmp_path / "fresh")]
    assert fresh == [p.read_bytes() for p in entry_files(journal)]


@settings(max_examples=10, deadline=None)
@given(batch=st.lists(past_unicode_entries, min_size=1, max_size=3, unique_by=lambda e: e.created))
def test_generated_entries_export_then_import_byte_identical(
    batch: list[Entry], tmp_path_factory: pytest.TempPathFactory
) -> None:
    runner = CliRunner()
    home, fresh, cache = (tmp_path_factory.mktemp(name) for name in ("home", "fresh", "cache"))
    for entry in batch:
        store.write_entry(home, entry)
    env = {"TICLI_HOME": str(home), "XDG_CACHE_HOME": str(cache)}
    export = ["export", "--format", "json", "--allow-identifiers"]
    first = runner.invoke(app, export, env=env, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    exported = tmp_path_factory.mktemp("out") / "export.json"
    exported.write_text(first.stdout, encoding="utf-8")

    env["TICLI_HOME"] = str(fresh)
    result = runner.invoke(app, ["import", str(exported)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"Imported {len(batch)} entr" in result.stdout  # none skipped as already there
    assert runner.invoke(app, export, env=env).stdout == first.stdout
    files = {p.relative_to(home): p.read_bytes() for p in entry_files(home)}
    assert {p.relative_to(fresh): p.read_bytes() for p in entry_files(fresh)} == files
    assert len(files) == len(batch)


def test_export_json_shape(runner: CliRunner, journal: Path) -> None:
    entries = json.loads(run(runner, "export", "--format", "json").stdout)
    # --at without an offset is local time, with that day's UTC offset.
    assert [e["created"] for e in entries] == [
        local_time("2026-03-01T09:00"),
        local_time("2026-11-15T20:00"),
        local_time("2026-11-20T07:30"),
    ]
    assert set(entries[1]) == {
        "format",
        "id",
        "created",
        "kind",
        "tags",
        "principles",
        "ratings",
        "note",
        "answers",
        "flagged",
        "actions",
    }
    assert entries[1]["answers"][1] == {
        "prompt_id": "supervision-bring",
        "question": entries[1]["answers"][1]["question"],
        "text": 'Ask about "boundaries", please',
    }


def test_export_csv_one_row_per_answer(runner: CliRunner, journal: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(runner, "export", "--format", "csv").stdout)))
    assert [(r["kind"], r["prompt_id"]) for r in rows] == [
        ("note", ""),
        ("daily", "capacity"),
        ("daily", "strengths-today"),
        ("daily", "supervision-bring"),
        ("note", ""),
    ]
    # A check-in in words, with the number alone for a spreadsheet, never only an id.
    checkin = rows[1]
    assert checkin["question"] == "How much energy and capacity did I have today?"
    assert checkin["answer"] == "Energy and capacity: 3 of 5 (getting by)"
    assert checkin["rating"] == "3"
    assert rows[2]["rating"] == ""
    rows = rows[:1] + rows[2:]
    assert rows[1]["principle"] == "strengths"
    assert rows[2]["answer"] == 'Ask about "boundaries", please'
    assert rows[0]["answer"] == "First note ## with hashes\n# and a heading line"
    assert rows[1]["tags"] == "team"
    assert list(rows[0]) == [
        "date",
        "entry_id",
        "kind",
        "principle",
        "prompt_id",
        "question",
        "answer",
        "tags",
        "rating",
    ]


def test_export_markdown_document(runner: CliRunner, journal: Path) -> None:
    text = run(runner, "export", "--since", "2026-11-01").stdout
    assert text.startswith("# Reflections\n")
    assert "## Sunday 15 November 2026, 20:00 · daily" in text
    assert "### What was strong today" in text
    assert "First note" not in text  # filtered out
    heading_lines = [line for line in text.splitlines() if line.startswith("#")]
    assert all(line.startswith(("# ", "## ", "### ")) for line in heading_lines)


def test_export_to_a_file_and_a_folder(runner: CliRunner, journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run(runner, "export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0
    assert "Exported 3 entries" in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    folder = tmp_path / "copies"
    result = run(runner, "export", "--format", "md", "--out", f"{folder}/", "--tag", "team")
    assert result.exit_code == 0, result.output
    (copy,) = folder.rglob("*.md")
    assert copy.read_bytes() == the_file(journal, "20261115").read_bytes()


def test_export_unknown_format(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "export", "--format", "pdf")
    assert (result.exit_code, "no export format 'pdf'" in result.stderr) == (2, True)


# ---------------------------------------------------------------- import


def test_import_real_jrnl_export(runner: CliRunner, journal_home: Path) -> None:
    # Produced by jrnl v4.6: `jrnl --export json` (see tests/fixtures/).
    result = run(runner, "import", str(JRNL_EXPORT))
    assert result.exit_code == 0, result.output
    assert "Imported 4 entries (jrnl-json)" in result.stdout
    entries = sorted(
        (store.read_entry(p) for p in entry_files(journal_home)), key=lambda e: e.created
    )
    assert [e.kind for e in entries] == ["note"] * 4
    assert entries[0].note == (
        "Hard day at the drop-in.\n"
        "@work Two people came back after months away, and the room felt warmer for it."
    )
    assert entries[0].tags == ("work",)
    assert (entries[0].created.hour, entries[0].created.minute) == (18, 30)
    assert entries[1].tags == ("work", "reflection")
    assert entries[2].tags == ("starred",)
    assert entries[2].note.endswith("[bold]rest[/].")
    assert (
        entries[3].note
        == "Multi-line entry title.\nSecond line of the body.\n\nA new paragraph with an @idea in it."
    )
    # A second import recognises every entry.
    again = run(runner, "import", str(JRNL_EXPORT))
    assert "Imported 0 entries" in again.stdout
    assert "4 already in the journal, skipped." in again.stdout
    assert len(entry_files(journal_home)) == 4


def test_import_dry_run_writes_nothing(runner: CliRunner, journal_home: Path) -> None:
    result = run(runner, "import", "--dry-run", str(JRNL_EXPORT))
    assert result.exit_code == 0
    assert "Would import 4 entries (jrnl-json)" in result.stdout
    assert entry_files(journal_home) == []


def test_import_is_all_or_nothing(runner: CliRunner, journal_home: Path, tmp_path: Path) -> None:
    data = json.loads(JRNL_EXPORT.read_text())
    data["entries"][2]["date"] = "the other day"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run(runner, "import", str(bad))
    assert result.exit_code == 2
    assert "record 3:" in result.stderr
    assert "not a date" in result.stderr
    assert entry_files(journal_home) == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "line 1: this is not valid JSON"),
        ('"a string"', "neither a ticli JSON export"),
        ('[{"id": "x"}]', "record 1: 'created' must be text"),
        (
            '[{"id": "a b", "created": "2026-01-01T00:00:00+00:00", "kind": "note"}]',
            "'id' must be text of letters",
        ),
        ('[{"id": "a", "created": "2026-01-01T00:00:00", "kind": "note"}]', "needs a UTC offset"),
        (
            '[{"id": "a", "created": "2026-01-01T00:00:00+00:00", "kind": "x"}]',
            "'kind' must be one of",
        ),
        (
            '[{"id": "a", "created": "2026-01-01T00:00:00+00:00", "kind": "note", "ratings": {"c": 9}}]',
            "from 1 to 5",
        ),
        (
            '[{"id": "a", "created": "2026-01-01T00:00:00+00:00", "kind": "note"}, {"id": "a", "created": "2026-01-01T00:00:00+00:00", "kind": "note"}]',
            "record 2: has the same id as record 1",
        ),
        ('{"entries": [{"title": "x", "date": "2999-01-01", "time": "10:00"}]}', "record 1:"),
    ],
)
def test_import_bad_files(
    runner: CliRunner, journal_home: Path, tmp_path: Path, content: str, words: str
) -> None:
    path = tmp_path / "in.json"
    path.write_text(content)
    result = run(runner, "import", str(path))
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert entry_files(journal_home) == []


def test_import_forced_format_and_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "import", "--format", "jrnl-json", str(tmp_path / "nope.json"))
    assert (result.exit_code, "could not read" in result.stderr) == (2, True)
    path = tmp_path / "list.json"
    path.write_text("[]")
    result = run(runner, "import", "--format", "jrnl-json", str(path))
    assert (result.exit_code, "not a jrnl JSON export" in result.stderr) == (2, True)
    result = run(runner, "import", "--format", "csv", str(path))
    assert (result.exit_code, "no import format 'csv'" in result.stderr) == (2, True)
