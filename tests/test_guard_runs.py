"""A whole check is remembered (usecases.privacy, store.Index.guard_run): checked again with
nothing changed, only the entries that held something are read. Anything that could change
what the guard finds (an entry edited, added or removed by hand, the watch or allow list,
the remembered run itself damaged) makes it look again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import entry_files
from typer.testing import CliRunner

from ticli.cli.app import app
from ticli.store import folderstamps, freshness, lazy, reading

NOTES = [
    "Spoke with Mrs Okonkwo about the move; Jayden is 15.",
    "a quiet day, we planned the group together",
    "Supervision went well and I felt heard.",
]


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are taken as settled at once (not only two seconds after they changed, when a
    change within the same clock tick can no longer go unseen): else no run is remembered."""
    monkeypatch.setattr(freshness, "RACY_NS", 0)
    monkeypatch.setattr(reading, "RACY_NS", 0)
    monkeypatch.setattr(folderstamps, "RACY_NS", 0)


def _write(runner: CliRunner) -> None:
    for note in NOTES:
        assert runner.invoke(app, ["note", note]).exit_code == 0


def _records_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the records check reads, one number a pass through them."""
    passes: list[int] = []
    records_as = lazy.LazyEntries.records_as

    def counting(self: lazy.LazyEntries, read: Any) -> Any:
        passes.append(0)
        for made in records_as(self, read):
            passes[-1] += 1
            yield made

    monkeypatch.setattr(lazy.LazyEntries, "records_as", counting)
    return passes


@pytest.mark.usefixtures("settled")
def test_a_check_run_again_reads_only_what_held_something(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(runner)
    passes = _records_read(monkeypatch)
    first = runner.invoke(app, ["check"])
    assert first.exit_code == 1 and "Okonkwo" in first.output
    assert passes == [3]
    again = runner.invoke(app, ["check"])
    assert again.output == first.output and again.exit_code == 1
    assert passes == [3], "the second check read every record again"


@pytest.mark.parametrize("settle", [True, False])
def test_a_hand_edit_is_checked(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch, settle: bool
) -> None:
    """Settled or not: a file edited within the clock's tick of the last check keeps its
    stamp of 0 ("look again"), and so no remembered run is used."""
    if settle:
        monkeypatch.setattr(freshness, "RACY_NS", 0)
        monkeypatch.setattr(reading, "RACY_NS", 0)
        monkeypatch.setattr(folderstamps, "RACY_NS", 0)
    _write(runner)
    assert "Okonkwo" in runner.invoke(app, ["check"]).output
    quiet = next(p for p in entry_files(journal_home) if "quiet day" in p.read_text())
    text = quiet.read_text().replace("a quiet day", "a quiet day with Mr Haddow")
    quiet.write_text(text)
    passes = _records_read(monkeypatch)
    done = runner.invoke(app, ["check"])
    assert "Haddow" in done.output and "Okonkwo" in done.output
    assert passes == [3]


@pytest.mark.usefixtures("settled")
def test_an_entry_removed_by_hand_is_no_longer_reported(
    runner: CliRunner, journal_home: Path
) -> None:
    _write(runner)
    assert "Okonkwo" in runner.invoke(app, ["check"]).output
    held = next(p for p in entry_files(journal_home) if "Okonkwo" in p.read_text())
    held.unlink()
    done = runner.invoke(app, ["check"])
    assert done.exit_code == 0, done.output
    assert "Okonkwo" not in done.output


@pytest.mark.usefixtures("settled")
def test_another_allow_list_looks_again(runner: CliRunner, journal_home: Path) -> None:
    _write(runner)
    assert "Okonkwo" in runner.invoke(app, ["check"]).output
    (journal_home / "config.toml").write_text('allow_list = ["Okonkwo", "Jayden"]\n')
    done = runner.invoke(app, ["check"])
    assert "Okonkwo" not in done.output and "a name" not in done.output
    assert "an exact age: Jayden is 15" in done.output  # the age is still found
    (journal_home / "config.toml").write_text('watch_list = ["group"]\n')
    assert "group" in runner.invoke(app, ["check"]).output


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE guard_runs SET known = 'not json'",
        "UPDATE guard_runs SET holding = '[1, 2]'",
        'UPDATE guard_runs SET holding = \'{"x": "y"}\'',
        "UPDATE guard_runs SET known = '[1]'",
        "UPDATE guard_runs SET known = NULL",
    ],
)
def test_a_damaged_remembered_run_is_none(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    _write(runner)
    first = runner.invoke(app, ["check"])
    (index,) = (tmp_path / "cache").rglob("index-*.sqlite3")
    db = sqlite3.connect(index)
    with db:
        db.execute("PRAGMA ignore_check_constraints = 1")
        try:
            db.execute(damage)
        except sqlite3.IntegrityError:  # NOT NULL: a damaged file could still hold one
            db.execute("DELETE FROM guard_runs")
            db.execute("INSERT INTO guard_runs VALUES (x'00', 'x', 'y', 0)")
    db.close()
    passes = _records_read(monkeypatch)
    again = runner.invoke(app, ["check"])
    assert again.output == first.output
    assert passes == [3], "a damaged run was trusted"


@pytest.mark.usefixtures("settled")
def test_export_after_check_reads_the_records_once_for_its_own_text(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard before an export has nothing to read when check just ran."""
    runner.invoke(app, ["note", "a quiet day, we planned the group together"])
    assert runner.invoke(app, ["check"]).exit_code == 0
    passes = _records_read(monkeypatch)
    done = runner.invoke(app, ["export", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert passes == []


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("allow", [True, False])
def test_a_damaged_record_is_never_exported_as_it_is(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, allow: bool
) -> None:
    """An export to JSON writes the index's records as they are, and the guard may read
    none of them (--allow-identifiers, or a check remembered): a damaged record is found
    first (the index is built anew), never written into the export."""
    notes = ["a quiet day, we planned the group together", "supervision went well"]
    for note in notes:
        runner.invoke(app, ["note", note])
    flags = ["--allow-identifiers"] if allow else []
    assert runner.invoke(app, ["export", "--format", "json", *flags]).exit_code == 0
    (index,) = (tmp_path / "cache").rglob("index-*.sqlite3")
    db = sqlite3.connect(index)
    with db:
        db.execute(
            "UPDATE records SET record = substr(record, 1, 30)"
            " WHERE n = (SELECT min(n) FROM records)"
        )
    db.close()
    passes = _records_read(monkeypatch)
    done = runner.invoke(app, ["export", "--format", "json", *flags])
    assert done.exit_code == 0, done.output
    assert passes == [], "the guard read the records: the test would not show the damage"
    assert sorted(e["note"] for e in json.loads(done.stdout)) == sorted(notes)
