"""session, flag, supervision done, brief, check and the privacy guard through the CLI."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import entry_files, local_now, local_today
from rich.console import Console
from typer.testing import CliRunner

from ticli import store
from ticli.cli.app import app
from ticli.cli.terminal import run_reflection
from ticli.usecases.journal import open_journal
from ticli.usecases.write import Plan, plan_session

FINDING_CHOICE = "[r]edact it, [e]dit it, or [k]eep it? "


def run(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def day(days_ago: int, hour: int = 18) -> str:
    return f"{local_today() - timedelta(days=days_ago)}T{hour:02d}:00"


def entries(home: Path):  # type: ignore[no-untyped-def]
    return sorted((store.read_entry(p) for p in entry_files(home)), key=lambda e: e.created)


# ---------------------------------------------------------------- session


def test_session_flow_is_driscolls_order(journal_home: Path) -> None:
    ids = [p.id for p in plan_session(open_journal()).prompts]
    assert ids == [
        "session-what-happened",
        "session-noticed-them",
        "session-noticed-me",
        "session-strong",
        "session-next-time",
        "supervision-bring",
    ]


def test_session_prompts_can_be_chosen_in_config(journal_home: Path) -> None:
    journal_home.mkdir()
    (journal_home / "config.toml").write_text(
        'session_prompts = ["session-strong", "supervision-bring"]\n'
    )
    assert [p.id for p in plan_session(open_journal()).prompts] == [
        "session-strong",
        "supervision-bring",
    ]


def test_session_without_questions(runner: CliRunner, journal_home: Path) -> None:
    result = run(
        runner,
        "session",
        "--flag",
        "-a",
        "session-what-happened=She left early.",
        "-a",
        "supervision-bring=How to end well",
        "--rate",
        "capacity=2",
        "--tag",
        "group",
        "--at",
        day(1),
    )
    assert result.exit_code == 0, result.output
    (entry,) = entries(journal_home)
    assert (entry.kind, entry.flagged, entry.tags, entry.ratings) == (
        "session",
        True,
        ("group",),
        {"capacity": 2},
    )
    assert entry.prompt_ids == ("session-what-happened", "supervision-bring")
    assert "flagged = true" in entry_files(journal_home)[0].read_text()


def test_session_in_the_terminal_is_flagged(journal_home: Path) -> None:
    journal = open_journal()
    replies = iter(["What I saw.", "", "", "", "", "", "", "", "", "", "", "", "", ""])
    out = Console(file=io.StringIO(), width=100)
    draft = run_reflection(
        journal,
        plan_session(journal),
        out,
        local_now(),
        kind="session",
        read_line=lambda _: next(replies),
        flagged=True,
    )
    assert draft.entry.kind == "session" and draft.entry.flagged
    assert store.read_entry(draft.path).flagged  # type: ignore[arg-type]


def test_session_needs_a_terminal_to_ask(runner: CliRunner) -> None:
    result = run(runner, "session")
    assert result.exit_code == 2
    assert "'ticli session' asks its questions in a terminal" in result.stderr


# ---------------------------------------------------------------- flag


def test_flag_and_clear(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "today", "-a", "strengths-today=Kept going.", "--at", day(2))
    assert run(runner, "flag", "--last").exit_code == 0
    assert entries(journal_home)[0].flagged
    result = run(runner, "flag", entries(journal_home)[0].id[:15], "--clear")
    assert "No longer flagged" in result.stdout
    assert not entries(journal_home)[0].flagged
    assert run(runner, "flag", "1999").exit_code == 2


# ---------------------------------------------------------------- supervision done and brief


def test_supervision_done_records_notes_and_actions(runner: CliRunner, journal_home: Path) -> None:
    result = run(
        runner,
        "supervision",
        "done",
        "--date",
        day(10),
        "--note",
        "Talked about endings",
        "--action",
        "Plan the last group",
        "--action",
        "Book leave",
    )
    assert result.exit_code == 0, result.output
    (entry,) = entries(journal_home)
    assert (entry.kind, entry.note, entry.actions) == (
        "supervision",
        "Talked about endings",
        ("Plan the last group", "Book leave"),
    )
    assert run(runner, "supervision", "done", "--action", " ").exit_code == 2


@pytest.fixture
def supervised(runner: CliRunner, journal_home: Path) -> Path:
    """Before the last supervision, one reflection; after it, three (one flagged)."""
    for args in (
        ["today", "-a", "strengths-today=OLD REFLECTION before supervision", "--at", day(20)],
        [
            "supervision",
            "done",
            "--date",
            day(10),
            "--note",
            "Endings",
            "--action",
            "Plan the last group",
        ],
        [
            "today",
            "-a",
            "supervision-bring=Whether I held the boundary about texts",
            "-a",
            "strengths-today=The group looked after a newcomer",
            "--at",
            day(8),
            "--rate",
            "capacity=2",
        ],
        [
            "session",
            "--flag",
            "-a",
            "session-what-happened=He walked out when the door banged",
            "--at",
            day(5),
        ],
        [
            "today",
            "-a",
            "wellbeing-rest=I slept badly and felt stretched",
            "--at",
            day(2),
            "--rate",
            "capacity=4",
        ],
    ):
        if (
            args[0] == "today"
            and "wellbeing-rest" in args[2]
            and "wellbeing-rest" not in open_journal().library.prompts
        ):
            args[2] = args[2].replace(
                "wellbeing-rest",
                next(
                    p.id
                    for p in open_journal().library.prompts.values()
                    if p.principle == "wellbeing"
                ),
            )
        result = run(runner, *args)
        assert result.exit_code == 0, result.output
    return journal_home


def test_brief_covers_the_period_since_the_last_supervision(
    runner: CliRunner, supervised: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.md"
    result = run(runner, "brief", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    start = local_today() - timedelta(days=10)
    assert text.startswith(f"# Supervision brief: {start} to {local_today()}")
    assert (
        "3 reflections in this period. It covers what was written after the last supervision, "
        in text
    )
    assert f"supervision, {start} " in text
    assert "Notes from last time: Endings" in text
    assert "- [ ] Plan the last group" in text
    assert "Whether I held the boundary about texts" in text  # the bring prompt, verbatim
    assert "He walked out when the door banged" in text
    assert "(flagged, waiting since" in text
    assert "OLD REFLECTION" not in text
    for heading in (
        "## Normative: ethics, boundaries and standards",
        "## Formative: learning and skills",
        "## Restorative: support, wellbeing and capacity",
        "## Questions I want to ask",
    ):
        assert heading in text
    restorative = text.split("## Restorative")[1].split("## Questions")[0]
    assert "capacity: average 3.0" in restorative
    assert "The group looked after a newcomer" in restorative
    assert oct(out.stat().st_mode)[-3:] == "600"


def test_brief_since_a_day(runner: CliRunner, supervised: Path) -> None:
    result = run(runner, "brief", "--since", str(local_today() - timedelta(days=30)))
    assert result.exit_code == 0, result.output
    assert "OLD REFLECTION" in result.stdout
    assert run(runner, "brief", "--since", "tomorrow-ish").exit_code == 2


def test_brief_without_any_supervision(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "Just a note", "--at", day(1))
    result = run(runner, "brief")
    assert result.exit_code == 0
    assert "No supervision is recorded yet." in result.stdout


# ---------------------------------------------------------------- the privacy guard


@pytest.fixture
def identifying(runner: CliRunner, journal_home: Path) -> Path:
    journal_home.mkdir()
    (journal_home / "config.toml").write_text('watch_list = ["Oakwood House"]\n')
    run(runner, "note", "A calm day in the group.", "--at", day(3))
    result = run(
        runner,
        "note",
        "Met her at Oakwood House; she is aged 34, NHS number 943 476 5919.",
        "--at",
        day(1),
    )
    assert result.exit_code == 0
    assert "this entry may identify someone" in result.stderr  # saving warns, and saves
    assert "Together, details like these can identify a person." in result.stderr
    return journal_home


def test_check_lists_findings_and_exits_1(runner: CliRunner, identifying: Path) -> None:
    result = run(runner, "check")
    assert result.exit_code == 1
    path = next(p for p in entry_files(identifying) if "Oakwood" in p.read_text())
    assert str(path) in result.stdout
    for words in (
        "a word from your watch list: Oakwood House",
        "an exact age: aged 34",
        "an NHS number: 943 476 5919",
        "jigsaw",
        "3 details in 1 entry",
    ):
        assert words in result.stdout


def test_check_clean_journal(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "On Tuesday at 3pm, session 6 of 12, room 12, 2026-11-20.")
    result = run(runner, "check")
    assert (result.exit_code, "Nothing found" in result.stdout) == (0, True)


@pytest.mark.parametrize("command", [["export", "--format", "json"], ["brief"]])
def test_export_and_brief_refuse_without_a_terminal(
    runner: CliRunner, identifying: Path, command: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.txt"
    result = run(runner, *command, "--out", str(out))
    assert result.exit_code == 1
    assert "may identify someone, so nothing was written" in result.stderr
    assert "an exact age: aged 34" in result.stderr
    assert not out.exists()


def test_allow_identifiers(runner: CliRunner, identifying: Path) -> None:
    result = run(runner, "export", "--format", "json", "--allow-identifiers")
    assert result.exit_code == 0
    assert "aged 34" in result.stdout


def reflect_once(typed: list[str], out: io.StringIO | None = None) -> tuple[Path, list[str]]:
    """One prompt answered in a reflection, read from `typed`; the entry file and the
    prompts shown (failing if ticli asks for more lines than were typed)."""
    journal = open_journal()
    replies = iter(typed)
    prompts: list[str] = []

    def read_line(prompt: str) -> str:
        prompts.append(prompt)
        line = next(replies, None)
        assert line is not None, f"unexpected question: {prompt!r}"
        return line

    console = Console(file=out if out is not None else io.StringIO(), width=200)
    plan = Plan([journal.library.prompt("strengths-today")], [])
    draft = run_reflection(journal, plan, console, local_now(), read_line=read_line)
    assert next(replies, None) is None, "not every typed line was read"
    assert draft.path is not None
    return draft.path, prompts


def test_review_redacts_edits_or_keeps_and_the_rest_stays_byte_exact(journal_home: Path) -> None:
    answer = ["Tue\u00e9 \x1b[1m: aged 34 at LS6 2QT, call 07700 900123.", "  Rest stays.", ""]
    path, prompts = reflect_once([*answer, "r", "e", "near Leeds", "k", ""])
    assert store.read_entry(path).answers[0].text == (
        "Tue\u00e9 \x1b[1m: [redacted] at near Leeds, call 07700 900123.\n  Rest stays."
    )
    assert prompts.count(FINDING_CHOICE) == 3


def test_export_in_a_terminal_is_reviewed(
    runner: CliRunner, identifying: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ticli.cli.terminal as shared

    monkeypatch.setattr(shared, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _="": "r")
    result = run(runner, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    # The questions go to the terminal (stderr), never into the output.
    assert "Before writing the export, a look for details" in result.stderr
    exported = json.loads(result.stdout)
    note = next(e["note"] for e in exported if "Met her" in e["note"])
    assert note == "Met her at [redacted]; she is [redacted], NHS number [redacted]."
    # The journal itself is untouched.
    assert any("aged 34" in p.read_text() for p in entry_files(identifying))


def test_brief_quotes_what_to_bring_verbatim(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    run(
        runner,
        "today",
        "-a",
        "supervision-bring=First line\nSecond line, [bold]as typed[/]",
        "--at",
        day(1),
    )
    out = tmp_path / "b.md"
    assert run(runner, "brief", "--out", str(out)).exit_code == 0
    text = out.read_text()
    assert (
        f"- {local_today() - timedelta(days=1)}: First line  \n  Second line, [bold]as typed[/]"
        in text
    )


def test_a_piped_brief_is_whole_markdown(runner: CliRunner, journal_home: Path) -> None:
    long = "He went silent and looked at the door. " * 8
    run(runner, "today", "-a", f"supervision-bring={long.strip()}", "--at", day(1))
    result = run(runner, "brief")
    assert long.strip() in result.stdout
    assert result.stdout.startswith("# Supervision brief")


def test_actions_show_everywhere(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "supervision", "done", "--date", day(3), "--action", "Try a 10-minute warning")
    assert "Try a 10-minute warning" in run(runner, "show", "--last").stdout
    assert "- Try a 10-minute warning" in run(runner, "export", "--format", "md").stdout
    assert (
        "Action agreed,Try a 10-minute warning" in run(runner, "export", "--format", "csv").stdout
    )


def test_flagged_shows(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "session", "--flag", "-a", "session-strong=Her humour", "--at", day(1))
    assert "Flagged for supervision" in run(runner, "show", "--last").stdout


def test_summary_counts_reflections_not_supervision_records(
    runner: CliRunner, journal_home: Path
) -> None:
    run(runner, "today", "-a", "strengths-today=One", "--at", day(2))
    run(runner, "supervision", "done", "--date", day(1))
    assert json.loads(run(runner, "summary", "--json").stdout)["rhythm"]["entries"] == 1


def test_keeping_a_detail_is_a_choice_not_a_reflex(journal_home: Path) -> None:
    out = io.StringIO()
    # Enter alone at the first finding is asked again; then redact it, keep the next.
    path, prompts = reflect_once(["She is aged 15, near LS6 2QT.", "", "", "r", "k", ""], out)
    assert store.read_entry(path).answers[0].text == "She is [redacted], near LS6 2QT."
    assert prompts.count(FINDING_CHOICE) == 3
    # The second finding is shown in the text as it now is.
    assert "She is [redacted], near LS6 2QT." in out.getvalue()


def test_a_session_can_be_dated_later(
    runner: CliRunner, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No terminal here, so the reflection is refused, but only after --at was read:
    result = run(runner, "session", "--at", "2999-01-01")
    assert (result.exit_code, "in the future" in result.stderr) == (2, True)
    result = run(runner, "session", "--at", day(1))
    assert result.exit_code == 2
    assert "asks its questions in a terminal" in result.stderr
    # In a terminal, the session is asked, and the entry is dated --at (local time).
    import ticli.cli.terminal as shared

    monkeypatch.setattr(shared, "stdin_is_terminal", lambda: True)
    result = run(runner, "session", "--at", day(1), input="She left early.\n\n")
    assert result.exit_code == 0, result.output
    (entry,) = entries(journal_home)
    assert (entry.kind, entry.answers[0].text) == ("session", "She left early.")
    # (isoformat: the same moment at the same UTC offset)
    assert entry.created.isoformat() == datetime.fromisoformat(day(1)).astimezone().isoformat()


def test_delete_last(runner: CliRunner, journal_home: Path) -> None:
    run(runner, "note", "first", "--at", day(2))
    run(runner, "note", "second", "--at", day(1))
    assert run(runner, "delete", "--last", "--yes").exit_code == 0
    assert [e["note"] for e in json.loads(run(runner, "list", "--json").stdout)] == ["first"]
