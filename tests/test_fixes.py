"""The bugs a review and an attack found (issue 8), each through the real interface."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import entry_files
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.themes import log_odds_z
from ticli.cli.app import app
from ticli.dates import local_now
from ticli.model import Answer, Entry, new_entry_id


def run(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def day(days_ago: int, hour: int = 12) -> str:
    """A moment `days_ago` days back, at `hour` o'clock, or now when that is still to come."""
    now = local_now()
    moment = (now - timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0)
    return min(moment, now).strftime("%Y-%m-%dT%H:%M")


def in_journal(home: Path) -> list[Path]:
    """The entry files outside the trash."""
    return [p for p in entry_files(home) if ".trash" not in p.parts]


def only(home: Path) -> Path:
    files = entry_files(home)
    assert len(files) == 1, files
    return files[0]


# ---------------------------------------------------------------- the privacy guard


def test_guard_checks_tags(runner: CliRunner, journal_home: Path) -> None:
    journal_home.mkdir(parents=True)
    (journal_home / "config.toml").write_text('watch_list = ["Riverside", "Ward 7"]\n')
    run(runner, "note", "An ordinary day.", "--tag", "riverside")
    run(runner, "note", "Another ordinary day.", "--tag", "ward-7")
    checked = run(runner, "check")
    assert checked.exit_code == 1
    assert "tag riverside" in checked.stdout and "tag ward-7" in checked.stdout
    export = run(runner, "export", "--format", "json")
    assert export.exit_code == 1
    assert "may identify someone" in export.stderr


def test_guard_checks_headings_of_the_users_own(runner: CliRunner, journal_home: Path) -> None:
    (journal_home / "2026" / "01").mkdir(parents=True)
    (journal_home / "2026" / "01" / "x.md").write_text(
        '+++\nid = "x"\ncreated = 2026-01-05T10:00:00+00:00\n+++\n'
        "## What did Mrs Smith at 14 Mill Road say? {#my-own}\n\nNot much.\n"
    )
    checked = run(runner, "check")
    assert checked.exit_code == 1
    assert "my-own heading" in checked.stdout


# ---------------------------------------------------------------- summary


def test_log_odds_of_a_single_word_journal_does_not_divide_by_zero() -> None:
    assert log_odds_z({"exhausted": 40}, {"exhausted": 360}) == {}


def test_summary_of_a_journal_of_one_word(runner: CliRunner, journal_home: Path) -> None:
    # 400 entries that all answer "Exhausted.": one counted word in the whole journal.
    for days in range(400):
        when = local_now() - timedelta(days=days)
        entry = Entry(
            id=new_entry_id(when),
            created=when,
            kind="daily",
            answers=(Answer("strengths-today", "What was strong?", "Exhausted."),),
        )
        store.write_entry(journal_home, entry)
    result = run(runner, "summary", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["themes"] == []


def test_one_rule_for_spans_in_every_command(runner: CliRunner, journal_home: Path) -> None:
    # Entries on each of the last 9 days; "7d" is the last 7 days, today among them.
    for days in range(9):
        run(runner, "note", f"Day {days} back.", "--at", day(days))
    listed = json.loads(run(runner, "list", "--since", "7d", "--json").stdout)
    searched = json.loads(run(runner, "search", "back", "--since", "7d", "--json").stdout)
    exported = json.loads(run(runner, "export", "--format", "json", "--since", "7d").stdout)
    summary = json.loads(run(runner, "summary", "--since", "7d", "--json").stdout)
    assert len(listed) == len(searched) == len(exported) == 7
    assert summary["period"]["days"] == 7
    assert summary["rhythm"]["entries"] == 7


def test_summary_out_is_guarded(runner: CliRunner, journal_home: Path, tmp_path: Path) -> None:
    run(
        runner,
        "today",
        "--answer",
        "strengths-today=Her NHS number 943 476 5919 came up.",
    )
    out = tmp_path / "summary.md"
    refused = run(runner, "summary", "--out", str(out))
    assert refused.exit_code == 1
    assert "may identify someone" in refused.stderr
    assert not out.exists()
    allowed = run(runner, "summary", "--out", str(out), "--allow-identifiers")
    assert allowed.exit_code == 0
    assert "943 476 5919" in out.read_text()


def test_summary_demo_writes_no_file(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_writing(*_: object, **__: object) -> None:
        raise AssertionError("the demo wrote a file")

    monkeypatch.setattr(store.files, "atomic_write", no_writing)
    monkeypatch.setattr(store.files, "atomic_create", no_writing)
    result = run(runner, "summary", "--demo")
    assert result.exit_code == 0, result.output
    assert "reflections" in result.stdout


# ---------------------------------------------------------------- export


def test_export_checks_its_arguments_before_the_review(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as terminal

    run(runner, "note", "She is aged 34.")
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)

    def no_questions(_: str = "") -> str:
        raise AssertionError("the review ran before the arguments were checked")

    monkeypatch.setattr("builtins.input", no_questions)
    bad_format = run(runner, "export", "--format", "pdf")
    assert (bad_format.exit_code, "no export format 'pdf'" in bad_format.stderr) == (2, True)
    folder = run(runner, "export", "--format", "csv", "--out", f"{tmp_path}/dir/")
    assert folder.exit_code == 2
    inside = run(runner, "export", "--out", str(journal_home / "x.md"))
    assert (inside.exit_code, "inside the journal folder" in inside.stderr) == (2, True)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_cells_that_start_like_a_formula_are_neutralised(
    runner: CliRunner, journal_home: Path, start: str
) -> None:
    run(runner, "note", "--", f'{start}HYPERLINK("http://x")')
    rows = list(csv.DictReader(io.StringIO(run(runner, "export", "--format", "csv").stdout)))
    assert rows[0]["answer"] == f'\'{start}HYPERLINK("http://x")'


def test_markdown_export_escapes_raw_html(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "<script>alert(1)</script> & <b>bold</b>")
    text = run(runner, "export", "--format", "md").stdout
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text


def test_terminal_escapes_are_shown_not_run_on_a_terminal(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = "\x1b]0;pwned\x07 and \x1b[2J"
    run(runner, "note", f"Note {title}")
    piped_md = run(runner, "export", "--format", "md").stdout
    assert title in piped_md  # to a pipe or a file: the bytes as they are
    piped_raw = run(runner, "show", "--last", "--raw").stdout
    assert title in piped_raw
    from rich.console import Console

    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    for args in (
        ("export", "--format", "md"),
        ("export", "--format", "csv"),
        ("show", "--last", "--raw"),
    ):
        shown = run(runner, *args).stdout
        assert "\x1b" not in shown and "\x07" not in shown, args
        assert "\\x1b]0;pwned\\x07" in shown, args


def test_export_folder_copies_files_as_stored(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    run(runner, "note", "Plain words.")
    source = only(journal_home)
    result = run(runner, "export", "--out", f"{tmp_path}/copy/")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "copy" / source.parent.parent.name / source.parent.name / source.name
    assert copy.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


# ---------------------------------------------------------------- the journal folder


def test_a_loose_journal_folder_is_made_private_once(runner: CliRunner, journal_home: Path) -> None:
    journal_home.mkdir(mode=0o755)
    os.chmod(journal_home, 0o755)
    first = run(runner, "list")
    assert "made it readable only by you" in first.stderr
    assert stat.S_IMODE(journal_home.stat().st_mode) == 0o700
    again = run(runner, "list")
    assert "readable only by you" not in again.stderr


def test_stale_temporary_files_are_cleaned(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "First.")
    folder = only(journal_home).parent
    stale = folder / ".20260101-x.md.ab_cd123.tmp"
    fresh = folder / ".20260101-y.md.ef_gh456.tmp"
    theirs = folder / ".syncthing.20260101-z.md.tmp"  # another tool's: never ours to remove
    theirs.write_text("a sync in progress")
    stale.write_text("half a")
    fresh.write_text("in progress")
    old = time.time() - 2 * 24 * 3600
    os.utime(stale, (old, old))
    os.utime(theirs, (old, old))
    run(runner, "note", "Second.")
    assert not stale.exists()
    assert theirs.exists()
    assert fresh.exists()  # a write may still be going on


def test_empty_ticli_home_is_no_home(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TICLI_HOME", "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = run(runner, "where")
    assert "TICLI_HOME is set" not in result.stdout
    assert str(tmp_path / "data") in result.stdout
    assert "Index:" in result.stdout


def test_a_full_disk_names_the_file(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    run(runner, "note", "First words.")
    monkeypatch.setattr(os, "fsync", full)
    result = run(runner, "note", "Words.")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert str(journal_home) in result.stderr


# ---------------------------------------------------------------- delete, restore, edit


def test_restore_takes_the_id_or_the_file_name(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "Synced copy.")
    path = only(journal_home)
    renamed = path.with_name("from-the-other-laptop.md")
    path.rename(renamed)
    entry_id = store.read_entry(renamed).id
    deleted = run(runner, "delete", "--last", "--yes")
    assert f"ticli restore {entry_id}" in deleted.stdout
    restored = run(runner, "restore", entry_id)
    assert restored.exit_code == 0, restored.output
    assert renamed.exists()
    run(runner, "delete", "--last", "--yes")
    assert run(runner, "restore", "from-the-other").exit_code == 0


def test_restore_last_and_the_trash(runner: CliRunner, journal_home: Path) -> None:
    assert "The trash is empty" in run(runner, "trash").stdout
    run(runner, "note", "Older words.", "--at", day(3))
    run(runner, "note", "Newer words.", "--at", day(1))
    run(runner, "delete", "--last", "--yes")  # "Newer"
    time.sleep(0.05)
    run(runner, "delete", "--last", "--yes")  # "Older", deleted last
    listing = run(runner, "trash").stdout
    assert listing.index("Older words") < listing.index("Newer words")
    run(runner, "restore", "--last")
    in_journal = [p for p in entry_files(journal_home) if ".trash" not in p.parts]
    assert [store.read_entry(p).note for p in in_journal] == ["Older words."]


def test_edit_keeps_both_when_the_file_changed_meanwhile(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(runner, "note", "Before.")
    path = only(journal_home)
    # The "editor" changes its copy, and meanwhile a sync changes the entry itself.
    script = tmp_path / "editor.sh"
    script.write_text(
        f"#!/bin/sh\nsed -i 's/Before./Mine./' \"$1\"\nsed -i 's/Before./Synced./' '{path}'\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    result = run(runner, "edit", "--last")
    assert result.exit_code == 1
    assert "changed on disk while you were editing" in result.stderr
    assert "Synced." in path.read_text()
    kept = path.with_name(f"{path.stem}.unsaved-edit.txt")
    assert "Mine." in kept.read_text()


def test_flag_clear_on_an_unflagged_entry_says_so(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "Words.")
    before = only(journal_home).read_bytes()
    result = run(runner, "flag", "--last", "--clear")
    assert "It was not flagged" in result.stdout
    assert only(journal_home).read_bytes() == before


# ---------------------------------------------------------------- import


def test_import_refuses_the_future_and_ids_for_another_time(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    future = (local_now() + timedelta(days=2)).replace(microsecond=0)
    record = {"id": "z1", "created": future.isoformat(), "kind": "note", "note": "x"}
    path = tmp_path / "in.json"
    path.write_text(json.dumps([record]))
    result = run(runner, "import", str(path))
    assert (result.exit_code, "record 1" in result.stderr) == (2, True)
    assert "in the future" in result.stderr
    record = {
        "id": "20260101-100000-0a1b2c3d",
        "created": "2026-03-05T10:00:00+00:00",
        "kind": "note",
        "note": "x",
    }
    path.write_text(json.dumps([record]))
    result = run(runner, "import", str(path))
    assert (result.exit_code, "another time than 'created'" in result.stderr) == (2, True)
    assert entry_files(journal_home) == []


def test_import_errors_name_the_guessed_format(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"title": "jrnl-like", "date": "2026-01-01"}]))
    result = run(runner, "import", str(path))
    assert "(read as ticli-json)" in result.stderr
    assert "--format jrnl-json" in result.stderr


# ---------------------------------------------------------------- from trying it


def test_answer_with_a_space_instead_of_equals(runner: CliRunner, journal_home: Path) -> None:
    result = run(runner, "today", "--answer", "strengths-today", "The group was kind")
    assert result.exit_code == 2
    assert 'Did you mean: --answer strengths-today="The group was kind"' in result.stderr
    session = run(runner, "session", "--rate", "capacity", "3")
    assert "Did you mean: --rate capacity=3" in session.stderr
    assert entry_files(journal_home) == []


def test_list_marks_flagged_entries(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "Not flagged.", "--at", day(2))
    run(runner, "session", "--answer", "session-what-happened=Flagged one.", "--flag")
    lines = run(runner, "list").stdout.splitlines()
    assert "⚑" in next(line for line in lines if "Flagged one" in line)
    assert "⚑" not in next(line for line in lines if "Not flagged" in line)


def test_piped_show_has_one_blank_line_before_the_first_question(
    runner: CliRunner, journal_home: Path
) -> None:
    run(runner, "today", "--answer", "strengths-today=Kind words.")
    shown = run(runner, "show", "--last").stdout
    assert "\n\n\n" not in shown
    assert "\n\nWhat" in shown


def test_a_tag_called_q_can_be_given(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "Words.", "--tag", "q")
    assert store.read_entry(only(journal_home)).tags == ("q",)


def test_search_on_a_huge_answer_shows_a_few_lines_and_counts_the_rest(
    runner: CliRunner, journal_home: Path
) -> None:
    huge = ("words and a needle here\n" * 40_000) + ("x" * 5000 + " needle " + "y" * 5000)
    saved = run(runner, "note", input=huge)
    assert "very large" not in saved.stderr  # 1.2 million characters warn; this is less
    result = run(runner, "search", "needle")
    assert result.exit_code == 0
    assert "and 39991 more lines" in result.stdout
    assert len(result.stdout) < 5000


def test_a_very_large_answer_is_kept_with_a_warning(runner: CliRunner, journal_home: Path) -> None:
    saved = run(runner, "note", input="a" * 1_200_000)
    assert saved.exit_code == 0
    assert "very large" in saved.stderr
    assert len(store.read_entry(only(journal_home)).note) == 1_200_000


def test_every_command_fits_on_its_line_in_help(runner: CliRunner) -> None:
    shown = run(runner, "--help").stdout
    commands = shown[shown.index("Commands:") :].splitlines()[1:]
    assert len(commands) > 15
    for line in commands:
        assert not line.rstrip().endswith("..."), line


# ---------------------------------------------------------------- the supervision loop (issue 14)


def test_a_brief_starts_at_the_moment_of_the_last_supervision(
    runner: CliRunner, journal_home: Path
) -> None:
    today = local_now().replace(second=0)
    if today.hour < 3:
        pytest.skip("needs two earlier moments today")
    before = (today - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    at = (today - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    run(runner, "today", "--answer", "supervision-bring=Brought already.", "--at", before)
    run(runner, "supervision", "done", "--date", at)
    run(runner, "today", "--answer", "supervision-bring=New since then.")
    brief = run(runner, "brief").stdout
    assert "New since then." in brief
    assert "Brought already." not in brief
    assert "after the last supervision" in brief
    assert "Brought already." in run(runner, "brief", "--since", "1d").stdout


def test_supervision_done_clears_or_keeps_the_flags(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "session", "--answer", "session-what-happened=Hard one.", "--flag", "--at", day(2))
    kept = run(runner, "supervision", "done", "--keep-flags", "--date", day(1))
    assert "Kept 1 flag" in kept.stdout
    brief = run(runner, "brief").stdout
    assert brief.count("Hard one.") == 1  # one item, named once
    assert "waiting since" in brief
    done = run(runner, "supervision", "done")
    assert "Cleared 1 flag" in done.stdout
    assert "Hard one." not in run(runner, "brief", "--since", "7d").stdout.split("## Normative")[0]


def test_supervision_done_asks_in_a_terminal(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as terminal

    run(runner, "session", "--answer", "session-what-happened=Hard one.", "--flag", "--at", day(2))
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    replies = iter(["maybe", "n"])  # anything but y/yes/n/no asks again
    monkeypatch.setattr("builtins.input", lambda _="": next(replies))
    result = run(runner, "supervision", "done")
    assert "Please answer y (yes) or n (no)." in result.stderr
    assert "Kept 1 flag" in result.stdout


# ---------------------------------------------------------------- plain words (issue 14)


def test_check_ins_are_shown_in_plain_words(runner: CliRunner, journal_home: Path) -> None:
    run(
        runner,
        "today",
        "--answer",
        "strengths-today=Kind.",
        "--rate",
        "capacity=2",
        "--rate",
        "burnout=4",
    )
    shown = run(runner, "show", "--last").stdout
    assert "Energy and capacity: 2 of 5 (between running on empty and getting by)" in shown
    assert "Worn down by the work: 4 of 5 (between somewhat and very much)" in shown
    exported = run(runner, "export", "--format", "md").stdout
    assert "- Worn down by the work: 4 of 5" in exported
    assert "burnout 4/5" not in exported
    summary = run(runner, "summary").stdout
    assert "Energy and capacity: average 2.0 of 5, where 5 is plenty to spare" in summary


def test_summary_triggers_read_the_same_entries_as_the_principles(
    runner: CliRunner, journal_home: Path
) -> None:
    run(runner, "today", "--answer", "triggers-reminders=A slammed door, and he flinched.")
    data = json.loads(run(runner, "summary", "--json").stdout)
    triggers = next(p for p in data["principles"] if p["id"] == "triggers")
    assert triggers["now"] == 1
    assert [q["text"] for q in data["noticed"]] == ["A slammed door, and he flinched."]
    shown = run(runner, "summary").stdout
    assert "Nothing written about triggers" not in shown
    assert "Noticed," in shown


# ---------------------------------------------------------------- from a second review


def test_entries_are_written_where_hard_links_are_not_allowed(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_: object, **__: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    assert run(runner, "note", "On a FAT drive.").exit_code == 0
    run(runner, "delete", "--last", "--yes")
    assert run(runner, "restore", "--last").exit_code == 0
    assert store.read_entry(only(journal_home)).note == "On a FAT drive."


def _edit_script(tmp_path: Path, body: str) -> str:
    script = tmp_path / f"editor-{abs(hash(body))}.sh"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return str(script)


def test_resuming_a_kept_edit_loses_neither_version(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as terminal

    run(runner, "note", "Before.")
    path = only(journal_home)
    # An edit that meets a sync: the edit is kept, the entry has the sync's change.
    monkeypatch.setenv(
        "EDITOR",
        _edit_script(
            tmp_path, f"sed -i 's/Before./Mine./' \"$1\"; sed -i 's/Before./Synced./' '{path}'"
        ),
    )
    assert run(runner, "edit", "--last").exit_code == 1
    # Next edit: start from the kept edit, change nothing, save.
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _="": "y")
    monkeypatch.setenv("EDITOR", "true")
    result = run(runner, "edit", "--last")
    assert result.exit_code == 0, result.output
    assert "Mine." in path.read_text()
    trash = journal_home / ".trash"
    kept = "\n".join(p.read_text() for p in trash.rglob("*") if p.is_file())
    assert "Synced." in kept  # the entry as it was, kept in the trash
    assert "Mine." in kept  # the kept edit, moved there once used


def test_the_newest_kept_edit_is_offered(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as terminal

    run(runner, "note", "Words.")
    path = only(journal_home)
    for number, suffix in enumerate(["", "-2", "-10"]):
        kept = path.with_name(f"{path.stem}.unsaved-edit{suffix}.txt")
        kept.write_text(f"kept {number}")
        os.utime(kept, (1_000_000 + number, 1_000_000 + number))
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _="": "n")
    monkeypatch.setenv("EDITOR", "true")
    result = run(runner, "edit", "--last")
    assert f"{path.stem}.unsaved-edit-10.txt" in result.stdout


def test_a_journal_folder_ticli_cannot_chmod_still_opens(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal_home.mkdir(mode=0o755)
    os.chmod(journal_home, 0o755)

    def refused(*_: object, **__: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refused)
    result = run(runner, "list")
    assert result.exit_code == 0
    assert "readable only by you" not in result.stderr


def test_summary_text_is_guarded_beyond_the_quotes(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    journal_home.mkdir(parents=True)
    (journal_home / "config.toml").write_text('watch_list = ["Oakwood"]\n')
    run(runner, "note", "An ordinary day.", "--tag", "oakwood")
    for args in (("--markdown",), ("--json",), ("--out", str(tmp_path / "s.md")), ()):
        result = run(runner, "summary", *args)
        assert result.exit_code == 1, args
        assert "may identify someone" in result.stderr
        assert "oakwood" not in result.stdout.lower()
    assert not (tmp_path / "s.md").exists()
    allowed = run(runner, "summary", "--markdown", "--allow-identifiers")
    assert "oakwood" in allowed.stdout


def test_brief_since_a_day_guards_the_last_supervision_notes(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    run(runner, "supervision", "done", "--date", day(30), "--note", "DOB 03/04/2011 came up")
    run(runner, "note", "Ordinary words.")
    out = tmp_path / "b.md"
    result = run(runner, "brief", "--since", "7d", "--out", str(out))
    assert result.exit_code == 1
    assert not out.exists()


def test_a_dangling_link_in_the_trash_breaks_nothing(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "Kept.")
    entry_id = store.read_entry(only(journal_home)).id
    run(runner, "delete", "--last", "--yes")
    folder = next((journal_home / ".trash").rglob("*.md")).parent
    (folder / "broken.md").symlink_to(folder / "nowhere.md")
    assert run(runner, "trash").exit_code == 0
    assert run(runner, "restore", entry_id).exit_code == 0
    assert store.read_entry(in_journal(journal_home)[0]).note == "Kept."


def test_deleting_the_same_id_twice_keeps_both_in_the_trash(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    run(runner, "note", "Once.")
    exported = tmp_path / "e.json"
    run(runner, "export", "--format", "json", "--out", str(exported))
    run(runner, "delete", "--last", "--yes")
    run(runner, "import", str(exported))
    assert run(runner, "delete", "--last", "--yes").exit_code == 0
    trashed = sorted(p.name for p in (journal_home / ".trash").rglob("*.md"))
    assert len(trashed) == 2 and any("~2" in name for name in trashed)
    assert run(runner, "restore", "--last").exit_code == 0
    assert ["~" in p.name for p in in_journal(journal_home)] == [False]


def test_export_out_empty_is_refused(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "Words.")
    result = run(runner, "export", "--out", "")
    assert result.exit_code == 2
    assert "--out needs" in result.stderr


def test_a_created_written_as_text_in_a_file_is_a_problem(
    runner: CliRunner, journal_home: Path
) -> None:
    (journal_home / "2026" / "11").mkdir(parents=True)
    (journal_home / "2026" / "11" / "x.md").write_text(
        '+++\nid = "x"\ncreated = "2026-11-01"\n+++\nHi\n'
    )
    result = run(runner, "list")
    assert "'created' must be a date and time" in result.stderr


def test_a_huge_entry_is_indexed_and_found(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    run(runner, "note", input="b" * 1_500_000 + " needle")
    run(runner, "note", "Small words.")
    assert "Small words." in run(runner, "list").stdout
    indexes = list((tmp_path / "cache").rglob("index-*.sqlite3"))
    assert len(indexes) == 1 and oct(indexes[0].stat().st_mode)[-3:] == "600"
    found = run(runner, "search", "needle").stdout
    assert "needle" in found and len(found) < 5_000


# ---------------------------------------------------------------- from a new-user trial


def test_brief_reviews_only_what_it_shows(runner: CliRunner, journal_home: Path) -> None:
    now = local_now()
    if now.hour < 2:
        pytest.skip("needs an earlier moment today")
    earlier = (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    run(runner, "note", "She is aged 15.", "--at", earlier)
    run(
        runner,
        "supervision",
        "done",
        "--date",
        (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
    )
    result = run(runner, "brief")  # no terminal: anything reviewed would be refused
    assert result.exit_code == 0, result.output
    assert "aged 15" not in result.stdout


def test_brief_shows_the_notes_it_counts(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "We talked about boundaries.", "--at", day(2))
    brief = run(runner, "brief").stdout
    assert "## Notes" in brief
    assert "We talked about boundaries." in brief


def test_a_flagged_session_says_it_is_flagged(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as terminal

    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    replies = iter(["She left early.", "", *[""] * 20])
    monkeypatch.setattr("builtins.input", lambda _="": next(replies))
    result = run(runner, "session", "--flag")
    assert "flagged to bring to supervision" in result.stdout


def test_stopping_the_review_exits_130_and_writes_nothing(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as terminal

    run(runner, "note", "She is aged 15.")
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)

    def ctrl_c(_: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", ctrl_c)
    out = tmp_path / "e.json"
    result = run(runner, "export", "--format", "json", "--out", str(out))
    assert result.exit_code == 130
    assert not out.exists()


def test_details_kept_in_the_review_are_not_asked_again(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as terminal

    run(runner, "today", "--answer", "strengths-today=She is aged 15 and did well.")
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    asked: list[str] = []

    def keep(prompt: str = "") -> str:
        asked.append(prompt)
        return "k"

    monkeypatch.setattr("builtins.input", keep)
    out = tmp_path / "s.md"
    result = run(runner, "summary", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "aged 15" in out.read_text()
    assert not any("Write it anyway" in p for p in asked)


def test_an_editor_that_cannot_start_is_exit_code_1(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(runner, "note", "Words.")
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    result = run(runner, "edit", "--last")
    assert result.exit_code == 1
    assert "could not start the editor" in result.stderr


def test_trash_rows_fit_a_narrow_terminal(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "Talked about endings and leaving the room for a while today.")
    entry_id = store.read_entry(only(journal_home)).id
    run(runner, "delete", "--last", "--yes")
    lines = run(runner, "trash").stdout.splitlines()
    assert any(line.endswith(entry_id) for line in lines)  # the id whole, on one line
    assert all(len(line) <= 80 for line in lines)


def test_the_flag_mark_stays_in_a_narrow_list(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(runner, "session", "--answer", "session-what-happened=Flagged one.", "--flag")
    monkeypatch.setenv("COLUMNS", "40")
    assert "⚑" in run(runner, "list").stdout


def test_where_says_which_settings_files_are_not_made_yet(
    runner: CliRunner, journal_home: Path
) -> None:
    assert run(runner, "where").stdout.count("(optional, not made yet)") == 2
    journal_home.mkdir(parents=True, exist_ok=True)
    (journal_home / "config.toml").write_text("count = 2\n")
    assert run(runner, "where").stdout.count("(optional, not made yet)") == 1


def test_the_review_says_what_to_type_and_quotes_whole_words(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as terminal
    from ticli.analysis.privacy import context, find_identifiers

    text = "After a long and tiring week she said she is aged 15 and wanted to go home early, before the others came back."
    finding = find_identifiers(text)[0]
    before, found, after = context(text, finding)
    assert before.startswith("…") and before[1:].split(" ")[0] in text.split(" ")
    assert found == "aged 15" and after.endswith("…")
    assert after[:-1].split(" ")[-1] in text.split(" ")
    run(runner, "note", text)
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    replies = iter(["", "k"])  # Enter alone is asked again, with a hint
    monkeypatch.setattr("builtins.input", lambda _="": next(replies))
    result = run(runner, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Type r to redact it, e to edit it, or k to keep it" in result.stderr


def test_common_verbs_are_never_themes() -> None:
    from ticli.analysis.themes import count_terms

    counts = count_terms(["We talked, came back, kept making plans and said the endings mattered."])
    keys = set(counts.counts)
    assert not keys & {"talk", "talked", "came", "making", "make", "said", "kept"}
    assert "ending" in keys or "endings" in keys
