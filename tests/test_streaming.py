"""Export and check go through a big journal without holding every entry at once: entries
are read from the index a batch at a time (store.lazy), and an export is written a part at
a time. What comes out is the same as reading everything first."""

from __future__ import annotations

import csv
import gc
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.formats import entries_to_json
from ticli.cli.app import app
from ticli.model import Answer, Entry, new_entry_id
from ticli.store import lazy
from ticli.usecases.journal import entry_terms

COUNT = 700  # more than two batches


def _journal(root: Path, count: int = COUNT, words: int = 20) -> None:
    start = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
    for n in range(count):
        when = start + timedelta(hours=11 * n)
        text = f"Entry {n}: " + " ".join(f"word{(n * k) % 97}" for k in range(words))
        store.write_entry(
            root,
            Entry(
                id=new_entry_id(when),
                created=when,
                kind="daily" if n % 3 else "note",
                answers=(Answer("what-happened", "What happened?", text),),
                tags=("team",) if n % 2 else (),
                ratings={"capacity": 1 + n % 5} if n % 4 == 0 else {},
            ),
        )


def test_lazy_entries_are_the_entries_in_order(journal_home: Path, tmp_path: Path) -> None:
    _journal(journal_home)
    index = store.fresh_index(
        journal_home, tmp_path / "index.sqlite3", entry_terms, None, "", None, None
    )
    rows = index.rows(order="at DESC, id")
    names = index.names(order="at DESC, id")
    entries = lazy.LazyEntries(index, [name for name, _ in names])
    assert len(entries) == COUNT
    assert list(entries) == [row.entry for row in rows]
    assert list(reversed(entries)) == [row.entry for row in reversed(rows)]
    assert entries[5] == rows[5].entry
    assert list(entries[10:20]) == [row.entry for row in rows[10:20]]
    assert [entry_id for _, entry_id in names] == [row.entry.id for row in rows]


def test_an_entry_deleted_meanwhile_is_left_out(journal_home: Path, tmp_path: Path) -> None:
    _journal(journal_home, 20)
    index = store.fresh_index(
        journal_home, tmp_path / "index.sqlite3", entry_terms, None, "", None, None
    )
    names = [name for name, _ in index.names(order="at DESC, id")]
    entries = lazy.LazyEntries(index, names)
    index.db.execute("DELETE FROM files WHERE name = ?", (names[3],))
    assert len(list(entries)) == 19
    with pytest.raises(IndexError):
        entries[3]


@pytest.mark.parametrize("form", ["json", "csv", "md"])
def test_an_export_written_in_parts_is_the_whole_export(
    runner: CliRunner, journal_home: Path, tmp_path: Path, form: str
) -> None:
    _journal(journal_home)
    to_screen = runner.invoke(app, ["export", "--format", form, "--allow-identifiers"])
    assert to_screen.exit_code == 0, to_screen.output
    out = tmp_path / f"export.{form}"
    to_file = runner.invoke(
        app, ["export", "--format", form, "--out", str(out), "--allow-identifiers"]
    )
    assert to_file.exit_code == 0, to_file.output
    assert out.read_text(encoding="utf-8") == to_screen.stdout
    if form == "json":
        everything = store.fresh_index(
            journal_home, tmp_path / "index.sqlite3", entry_terms, None, "", None, None
        ).rows(order="at, id DESC")
        assert to_screen.stdout == entries_to_json([row.entry for row in everything])
        assert len(json.loads(to_screen.stdout)) == COUNT
    if form == "csv":
        rows = list(csv.reader(io.StringIO(to_screen.stdout)))
        assert rows[1][1] < rows[-1][1]  # oldest first
        assert len({row[1] for row in rows[1:]}) == COUNT
    if form == "md":
        assert to_screen.stdout.count("\n## ") == COUNT


def test_a_limited_export_is_the_newest_entries_oldest_first(
    runner: CliRunner, journal_home: Path
) -> None:
    _journal(journal_home, 30)
    done = runner.invoke(app, ["export", "--format", "json", "--limit", "3"])
    listed = runner.invoke(app, ["list", "--json", "--limit", "3"])
    assert [e["id"] for e in json.loads(done.stdout)] == [
        e["id"] for e in reversed(json.loads(listed.stdout))
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "json", "--allow-identifiers"],
        ["export", "--format", "csv", "--allow-identifiers"],
        ["export", "--format", "md", "--out", "EXPORT/", "--allow-identifiers"],
        ["check"],
    ],
)
def test_entries_are_never_all_held_at_once(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    """However many entries are gone through, only a batch or two of them are alive at a
    time (a command that held them all would have every one alive at the last batch)."""
    _journal(journal_home)
    monkeypatch.setattr(lazy, "BATCH", 50)
    alive: list[int] = []
    read = lazy.LazyEntries._records

    def counting(self: lazy.LazyEntries, names: list[str]) -> Iterator[str]:
        gc.collect()
        alive.append(sum(isinstance(o, Entry) or _is_record(o) for o in gc.get_objects()))
        return read(self, names)

    # Each batch of records read (as entries, or as the records check reads)
    monkeypatch.setattr(lazy.LazyEntries, "_records", counting)
    args = [str(tmp_path / "export") + "/" if a == "EXPORT/" else a for a in command]
    done = runner.invoke(app, args)
    assert done.exit_code in (0, 1), done.output
    assert len(alive) >= COUNT // 50
    assert max(alive) < 200, alive


def _is_record(thing: object) -> bool:
    """An entry's record as the index keeps it (what `check` reads instead of entries)."""
    return isinstance(thing, dict) and "answers" in thing and "note" in thing


def _entries(count: int) -> list[Entry]:
    start = datetime(2022, 1, 1, tzinfo=UTC)
    return [
        Entry(id=new_entry_id(start + timedelta(hours=n)), created=start, kind="note", note="x")
        for n in range(count)
    ]


class _Counting(list[Entry]):
    """A list that counts how often it is gone through and how often read by position."""

    passes = 0
    reads = 0

    def __iter__(self) -> Iterator[Entry]:
        self.passes += 1
        return super().__iter__()

    def __getitem__(self, at):  # type: ignore[no-untyped-def,override]
        self.reads += 1
        return super().__getitem__(at)


@pytest.mark.parametrize("holding", [(3, 50, 99), tuple(range(0, 100, 2))])
def test_the_guard_reads_again_only_the_entries_that_hold_something(
    journal_home: Path, holding: tuple[int, ...]
) -> None:
    """The check goes through the entries once and checks the text it keeps of each; it
    reads again only the entries that hold something, to say where: a few by position,
    many in one more pass."""
    from dataclasses import replace

    from ticli.usecases.journal import open_journal
    from ticli.usecases.privacy import check_entries

    plain = _entries(100)
    for n in holding:
        plain[n] = replace(plain[n], note=f"ring 07700 900{n:03d}")
    entries = _Counting(plain)
    found = check_entries(open_journal(), entries)
    assert sorted(f.entry.id for f in found) == sorted(
        list.__getitem__(plain, n).id for n in holding
    )
    few = len(holding) * 8 <= len(plain)
    assert (entries.passes, entries.reads) == ((1, len(holding)) if few else (2, 0))


@pytest.mark.parametrize("changed", [False, True])
def test_the_guard_reads_a_few_entries_by_position_and_many_in_a_pass(changed: bool) -> None:
    from ticli.usecases.privacy import _entries_to_check

    entries = _Counting(_entries(100))
    few = {e.id: n for n, e in enumerate(entries) if n in (3, 50, 99)}
    if changed:  # an entry deleted meanwhile: positions no longer match
        del entries[10]
    entries.passes = entries.reads = 0
    got = [e.id for e in _entries_to_check(entries, few)]
    assert sorted(got) == sorted(few)  # each once, never twice
    assert (entries.passes, entries.reads > 0) == ((1, True) if changed else (0, True))
    many = {e.id: n for n, e in enumerate(list.__iter__(entries)) if n % 2}
    entries.passes = entries.reads = 0
    assert sorted(e.id for e in _entries_to_check(entries, many)) == sorted(many)
    assert (entries.passes, entries.reads) == (1, 0)


# ------------------------------------------- another ticli changing things meanwhile


def test_an_export_writes_what_the_guard_checked(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the privacy check and the writing (a review in the terminal can take
    minutes), another ticli indexes an entry changed to hold a phone number: the export
    is of the entries as they were checked."""
    from ticli.usecases import exchange

    _journal(journal_home, 30)
    real_guard = exchange.guard
    changed: list[Path] = []

    def guard_then_another_ticli(*args: object, **kwargs: object) -> object:
        reviewed = real_guard(*args, **kwargs)  # type: ignore[arg-type]
        path = sorted(journal_home.rglob("*.md"))[0]
        path.write_text(path.read_text().replace("Entry 0:", "Call Sarah Jones on 07700 900123"))
        changed.append(path)
        done = subprocess.run(
            [sys.executable, "-m", "ticli", "list"], capture_output=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return reviewed

    monkeypatch.setattr(exchange, "guard", guard_then_another_ticli)
    out = tmp_path / "export.json"
    done = runner.invoke(app, ["export", "--format", "json", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert changed
    assert "07700 900123" not in out.read_text()
    assert "Entry 0:" in out.read_text()


def test_what_is_remembered_as_clear_is_what_was_checked(journal_home: Path) -> None:
    """An entry changed between the guard's two looks at it: the digest kept as clear is
    of the text that was checked, so the old text (back from a sync, say) is checked again."""
    from dataclasses import replace

    from ticli.dates import local_now
    from ticli.usecases import privacy
    from ticli.usecases.journal import open_journal
    from ticli.usecases.read import FilterOptions, list_entries

    _journal(journal_home, 3)
    first = sorted(journal_home.rglob("*.md"))[0]
    first.write_text(first.read_text().replace("Entry 0:", "Ring 07700 900123 about it:"))
    journal = open_journal()
    held = list(list_entries(journal, local_now().date(), FilterOptions()).entries)
    identifying = next(e for e in held if "07700" in e.answers[0].text)
    edited = replace(
        identifying, answers=(replace(identifying.answers[0], text="Entry 0: nothing here"),)
    )

    class Switching(list[Entry]):
        """The first pass sees the identifying text; every later read, the edited one."""

        passes = 0

        def __iter__(self) -> Iterator[Entry]:
            self.passes += 1
            if self.passes == 1:
                return super().__iter__()
            return iter([edited if e.id == edited.id else e for e in list.__iter__(self)])

        def __getitem__(self, at):  # type: ignore[no-untyped-def,override]
            entry = super().__getitem__(at)
            return edited if entry.id == edited.id else entry

    assert privacy.check_entries(journal, Switching(held)) == []  # the edited text is clear
    again = privacy.check_entries(journal, held)  # the identifying text is back
    assert [f.entry.id for f in again] == [identifying.id]


def test_a_broken_prompt_library_stops_an_export_before_any_output(
    runner: CliRunner, journal_home: Path
) -> None:
    _journal(journal_home, 30)
    (journal_home / "prompts.toml").write_text("[[prompts]\nid = 'x'\n")
    done = runner.invoke(app, ["export", "--format", "md", "--allow-identifiers"])
    assert done.exit_code == 2, done.output
    assert done.stdout == ""
    assert "prompts.toml" in done.stderr


def test_a_json_export_from_the_index_records_is_the_entries_json(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    """JSON is written from the records the index keeps: the same text as from the
    entries, for every kind of entry and field."""
    for args in (
        ["note", "A note with a tag", "-t", "team", "--at", "2026-01-02T09:00"],
        ["today", "-a", "strengths-today=Calm [bold]x[/] \u2019 caf\u00e9", "--rate",
         "capacity=2", "-t", "shift", "--at", "2026-01-03T18:30"],
        ["session", "-a", "session-what-happened=We talked.\nThen stopped.", "--at",
         "2026-01-04T11:00"],
        ["flag", "--last"],
        ["supervision", "done", "--action", "Plan the ending", "--date", "2026-01-05"],
        ["cpd", "add", "--activity", "course", "--hours", "2.5", "--participatory", "1",
         "--title", "Trauma-informed care", "--learned", "Pace.", "--date", "2026-01-06"],
    ):  # fmt: skip
        done = runner.invoke(app, args)
        assert done.exit_code == 0, (args, done.output)
    exported = runner.invoke(app, ["export", "--format", "json", "--allow-identifiers"])
    assert exported.exit_code == 0, exported.output
    everything = store.fresh_index(
        journal_home, tmp_path / "index.sqlite3", entry_terms, None, "", None, None
    ).rows(order="at, id DESC")
    assert len(everything) == 5
    assert exported.stdout == entries_to_json([row.entry for row in everything])
