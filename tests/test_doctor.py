"""`ticli doctor`: every engine's conflict copy by name, git's markers, the per-answer
merge, and each other finding with its fix, through the real command."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import UTC, entry_files, make_entry
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.merge import BOTH, MARKER, merge_entries
from ticli.cli.app import app
from ticli.model import Answer, Entry, clean_text
from ticli.store.conflicts import copy_engine, split_merge_markers

ID = "20260110-183000-828b1a4d"
WHEN = datetime(2026, 1, 10, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "engine"),
    [
        (f"{ID}.sync-conflict-20260111-101010-ABCDEF1.md", "Syncthing"),
        (f"{ID} (Sam's conflicted copy 2026-01-11).md", "Dropbox"),
        (f"{ID} (Sam Smith's conflicted copy 2026-01-11 (1)).md", "Dropbox"),
        (f"{ID} (conflicted copy 2026-01-11).md", "Dropbox"),
        (f"{ID} (conflicted copy 2026-01-11 101010).md", "Nextcloud or ownCloud"),
        (f"{ID} (conflicted copy sam 2026-01-11 101010).md", "Nextcloud or ownCloud"),
        (f"{ID}_conflict-20260111-101010.md", "ownCloud"),
        (f"{ID}-DESKTOP-AB12CD.md", "OneDrive"),
        (f"{ID}-LAPTOP.md", "OneDrive"),
        (f"{ID} 2.md", "iCloud"),
        (f"{ID} (1).md", "Google Drive"),
    ],
)
def test_every_engine_is_recognised_by_name(name: str, engine: str) -> None:
    assert copy_engine(name, ID) == engine


@pytest.mark.parametrize(
    "name",
    [f"{ID}.md", "other.md", f"{ID}.txt", f"x{ID} (1).md", f"{ID} (copy of notes).md"],
)
def test_other_names_are_not_copies(name: str) -> None:
    assert copy_engine(name, ID) is None


def test_git_markers_split_into_both_sides() -> None:
    data = b"a\n<<<<<<< HEAD\nmine\n||||||| base\nold\n=======\ntheirs\n>>>>>>> origin\nz\n"
    assert split_merge_markers(data) == (b"a\nmine\nz\n", b"a\ntheirs\nz\n")
    assert split_merge_markers(b"a\n<<<<<<< HEAD\nmine\n") is None  # not whole
    assert split_merge_markers(b"=======\n") is None
    assert split_merge_markers(b"\xff<<<<<<<") is None


def entry(answers: dict[str, str], **fields: object) -> Entry:
    base = Entry(
        ID, WHEN, "daily", answers=tuple(Answer(k, f"Q {k}?", v) for k, v in answers.items())
    )
    return Entry(**{**base.__dict__, **fields})  # type: ignore[arg-type]


def test_merge_per_answer() -> None:
    later = entry(
        {"a": "same", "b": "mine", "c": "only later"}, tags=("x",), ratings={"capacity": 3}
    )
    earlier = entry(
        {"a": "same", "b": "theirs", "d": "only earlier"},
        tags=("y",),
        ratings={"capacity": 4, "connection": 2},
        flagged=True,
    )
    merged = merge_entries(later, earlier, "copy.md")
    texts = {a.prompt_id: a.text for a in merged.entry.answers}
    assert texts["a"] == "same" and texts["c"] == "only later" and texts["d"] == "only earlier"
    assert texts["b"].startswith("mine\n\n" + MARKER) and texts["b"].endswith("\n\ntheirs")
    assert "copy.md" in texts["b"]
    assert merged.both_kept == ("b",)
    assert merged.entry.tags == ("x", "y")
    assert merged.entry.ratings == {"capacity": 3, "connection": 2}
    assert not merged.entry.flagged
    named = {(o.field, o.kept, o.other) for o in merged.overruled}
    assert named == {("ratings.capacity", 3, 4), ("flagged", False, True)}


def test_merge_keeps_the_longer_when_words_were_added_and_is_idempotent() -> None:
    later = entry({"a": "Slowing down, and water."})
    earlier = entry({"a": "Slowing down"})
    assert merge_entries(later, earlier, "c").entry.answers[0].text == "Slowing down, and water."
    both = merge_entries(entry({"a": "one"}), entry({"a": "two"}), "c").entry
    again = merge_entries(both, entry({"a": "two"}), "c")
    assert again.entry == both


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30).map(
    clean_text
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcd"), texts.filter(str.strip)),
    st.dictionaries(st.sampled_from("abcd"), texts.filter(str.strip)),
)
def test_no_answer_from_either_side_is_lost(mine: dict[str, str], theirs: dict[str, str]) -> None:
    later, earlier = entry(mine), entry(theirs)
    merged = merge_entries(later, earlier, "copy").entry
    texts = {a.prompt_id: a.text for a in merged.answers}
    for side in (mine, theirs):
        for key, text in side.items():
            assert text in texts[key]
    # Written and read back, the merge is the same entry.
    data = store.format_entry(merged).encode()
    assert store.parse_entry(data, "x") == merged


# ---------------------------------------------------------------- the command


def run(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def write(home: Path, e: Entry) -> Path:
    return store.write_entry(home, e)


def test_a_clean_journal_exits_0(runner: CliRunner, journal_home: Path) -> None:
    write(journal_home, entry({"a": "x"}))
    result = run(runner, "doctor")
    assert result.exit_code == 0, result.output
    assert "Nothing needs your attention" in result.stdout
    assert json.loads(run(runner, "doctor", "--json").stdout)["findings"] == []


def test_a_syncthing_copy_is_shown_then_merged_without_losing_an_answer(
    runner: CliRunner, journal_home: Path
) -> None:
    path = write(
        journal_home, entry({"a": "same", "b": "mine [bold]x[/]"}, ratings={"capacity": 3})
    )
    copy = path.with_name(f"{ID}.sync-conflict-20260111-101010-ABCDEF1.md")
    copy.write_bytes(
        store.format_entry(
            entry({"a": "same", "b": "theirs", "c": "new"}, ratings={"capacity": 5})
        ).encode()
    )
    os.utime(copy, (time.time() - 3600, time.time() - 3600))  # the copy is the earlier edit
    os.chmod(copy, 0o600)
    before = path.read_bytes()
    shown = run(runner, "doctor")
    assert shown.exit_code == 1
    assert "Syncthing" in shown.stdout and "both kept" in shown.stdout
    assert "3 kept (the later edit); the other version had 5" in shown.stdout
    assert path.read_bytes() == before and copy.exists()  # shown, not written
    listed = run(runner, "list")
    assert listed.stderr.count("ticli doctor has something for you") == 1
    refused = run(runner, "doctor", "--fix")  # no terminal to ask in
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    fixed = run(runner, "doctor", "--fix", "--yes")
    assert fixed.exit_code == 0, fixed.output
    assert not copy.exists()
    merged = store.read_entry(path)
    texts = {a.prompt_id: a.text for a in merged.answers}
    assert "mine [bold]x[/]" in texts["b"] and "theirs" in texts["b"] and texts["c"] == "new"
    assert merged.ratings == {"capacity": 3}
    trash = sorted(p.name for p in (journal_home / ".trash").rglob("*") if p.is_file())
    assert trash == [f"{ID}.before-edit.txt", copy.name]
    assert run(runner, "doctor").exit_code == 0
    assert "ticli doctor" not in run(runner, "list").stderr


def test_git_markers_are_merged(runner: CliRunner, journal_home: Path) -> None:
    path = write(journal_home, entry({"a": "base"}))
    text = path.read_text()
    path.write_text(text.replace("base", "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> other"))
    found = json.loads(run(runner, "doctor", "--json").stdout)["findings"]
    assert [(f["kind"], f["engine"], f["fix"]) for f in found] == [
        ("merge-markers", "git", "merge")
    ]
    assert found[0]["merge"]["answers"] == {"a": BOTH}
    assert run(runner, "doctor", "--fix", "--yes").exit_code == 0
    answer = store.read_entry(path).answers[0].text
    assert answer.startswith("mine") and answer.endswith("theirs") and "<<<<<<<" not in answer


def test_a_second_entry_with_the_same_id_gets_a_new_id_keeping_its_time(
    runner: CliRunner, journal_home: Path
) -> None:
    path = write(journal_home, entry({"a": "first"}))
    other = path.with_name("copied-by-hand.md")
    other.write_bytes(store.format_entry(entry({"a": "second"})).encode())
    assert run(runner, "doctor").exit_code == 1
    assert run(runner, "doctor", "--fix", "--yes").exit_code == 0
    files = [p for p in entry_files(journal_home) if ".trash" not in p.parts]
    entries = [store.read_entry(p) for p in files]
    assert (journal_home / ".trash" / "2026" / "01" / other.name).exists()
    assert sorted(e.answers[0].text for e in entries) == ["first", "second"]
    assert len({e.id for e in entries}) == 2 and {e.created for e in entries} == {WHEN}


def test_unreadable_newer_misplaced_permissions_and_stale_temp(
    runner: CliRunner, journal_home: Path
) -> None:
    good = write(journal_home, make_entry(WHEN, [("a", "x")]))
    folder = good.parent
    (folder / "broken.md").write_bytes(b"+++\nid = \xff\n+++\n")
    (folder / "newer.md").write_text(
        '+++\nformat = 9\nid = "n"\ncreated = 2026-01-01T00:00:00Z\n+++\n'
    )
    misplaced = journal_home / "2020" / "01" / "misplaced.md"
    misplaced.parent.mkdir(parents=True)
    note = make_entry(WHEN - timedelta(days=1), note="[bold]elsewhere\x1b[2J")
    misplaced.write_bytes(store.format_entry(note).encode())
    os.chmod(good, 0o644)
    temp = folder / f".{good.name}.abcdefgh.tmp"
    temp.write_bytes(b"half")
    old = time.time() - 3 * 24 * 3600
    os.utime(temp, (old, old))
    result = run(runner, "doctor", "--json")
    assert result.exit_code == 1
    kinds = {
        (f["kind"], Path(f["path"]).name, f["line"]) for f in json.loads(result.stdout)["findings"]
    }
    assert ("unreadable", "broken.md", 2) in kinds
    assert ("newer-format", "newer.md", 2) in kinds
    assert ("misplaced", "misplaced.md", None) in kinds
    assert ("loose-permissions", good.name, None) in kinds
    assert ("stale-temp", temp.name, None) in kinds
    shown = run(runner, "doctor")
    assert "broken.md, line 2" in shown.stdout and "\x1b" not in shown.stdout
    fixed = run(runner, "doctor", "--fix", "--yes")
    assert fixed.exit_code == 1  # the unreadable files need the user
    assert good.stat().st_mode & 0o777 == 0o600
    assert (
        not temp.exists()
        and (journal_home / ".trash" / folder.relative_to(journal_home) / temp.name).exists()
    )
    assert not misplaced.exists()
    assert store.entry_path(journal_home, note).exists()
    assert (folder / "broken.md").read_bytes() == b"+++\nid = \xff\n+++\n"  # never changed


def test_fix_asks_in_a_terminal_and_no_changes_nothing(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ticli.cli import terminal

    path = write(journal_home, entry({"a": "x"}))
    os.chmod(path, 0o644)
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    result = run(runner, "doctor", "--fix", input="n\n")
    assert result.exit_code == 1 and "Nothing changed" in result.stdout
    assert path.stat().st_mode & 0o777 == 0o644
    result = run(runner, "doctor", "--fix", input="y\n")
    assert result.exit_code == 0 and path.stat().st_mode & 0o777 == 0o600


def test_yes_goes_with_fix(runner: CliRunner) -> None:
    assert run(runner, "doctor", "--yes").exit_code == 2


def test_init_git_writes_a_gitignore_and_keeps_the_users_lines(
    runner: CliRunner, journal_home: Path
) -> None:
    assert run(runner, "init").exit_code == 0
    assert journal_home.stat().st_mode & 0o777 == 0o700
    (journal_home / ".gitignore").write_text("mine.txt")
    assert run(runner, "init", "--git").exit_code == 0
    lines = (journal_home / ".gitignore").read_text().splitlines()
    assert lines[0] == "mine.txt" and ".*.tmp" in lines and ".draft-*" in lines
    again = run(runner, "init", "--git")
    assert "already" in again.stdout
    assert (journal_home / ".gitignore").read_text().splitlines() == lines
