"""Issue 15: CPD activities, feedback and reflective accounts, through the real commands."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import entry_files, local_today
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.cpd import add_months, period_for, totals
from ticli.analysis.professions import Source, read_bodies
from ticli.cli.app import app
from ticli.model import ACTIVITY_KINDS, MAX_ACTIVITY_HOURS, Answer, Entry, new_entry_id
from ticli.model.fields import FieldError, from_record, to_record


def run(runner: CliRunner, *args: str) -> object:
    return runner.invoke(app, list(args))


def add_cpd(runner: CliRunner, *extra: str) -> object:
    return run(runner, "cpd", "add", "--title", "Course on pacing", "--activity", "course", *extra)


def config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_cpd_activity_is_an_entry_in_the_same_files(
    runner: CliRunner, journal_home: Path
) -> None:
    day = (local_today() - timedelta(days=3)).isoformat()
    result = add_cpd(
        runner, "--hours", "6", "--participatory", "4", "--learned", "Go slowly", "--date", day
    )
    assert result.exit_code == 0, result.output
    (path,) = entry_files(journal_home)
    text = path.read_text(encoding="utf-8")
    assert 'kind = "cpd"' in text and "hours = 6.0" in text and "participatory = 4.0" in text
    assert "Go slowly" in text
    listed = json.loads(run(runner, "list", "--json", "--kind", "cpd").stdout)
    assert listed[0]["hours"] == 6.0 and listed[0]["activity"] == "course"
    assert run(runner, "search", "pacing").stdout.count("Course on pacing") == 1
    shown = json.loads(run(runner, "cpd", "--json").stdout)
    assert shown["totals"]["hours"] == 6.0 and shown["totals"]["participatory"] == 4.0
    assert shown["activities"][0]["date"] == day


def test_other_entries_keep_their_json_shape(runner: CliRunner) -> None:
    run(runner, "note", "Just a note")
    (record,) = json.loads(run(runner, "list", "--json").stdout)
    assert "hours" not in record and "role" not in record and "themes" not in record


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--hours", "-1"], "cannot be -1"),
        (["--hours", "nan"], "cannot be nan"),
        (["--hours", "inf"], "cannot be inf"),
        (["--hours", "9999"], "more than one activity"),
        (["--hours", "lots"], "is not a number of hours"),
        (["--hours", "2", "--participatory", "3"], "more than the hours"),
        (["--hours", "2", "--date", "2999-01-01"], "in the future"),
        (["--hours", "2", "--activity", "nap"], "no kind of activity"),
    ],
)
def test_bad_cpd_input_is_refused_and_nothing_written(
    runner: CliRunner, journal_home: Path, options: list[str], words: str
) -> None:
    result = add_cpd(runner, *options)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert entry_files(journal_home) == []


def test_minutes_are_read_as_hours(runner: CliRunner) -> None:
    assert add_cpd(runner, "--hours", "90m").exit_code == 0
    assert json.loads(run(runner, "cpd", "--json").stdout)["totals"]["hours"] == 1.5


def test_markup_and_escapes_print_literally(runner: CliRunner) -> None:
    title = "[bold]Loud[/] \x1b[31mred"
    run(runner, "cpd", "add", "--title", title, "--hours", "1")
    shown = run(runner, "cpd").stdout
    assert "[bold]Loud[/]" in shown and "\\x1b[31mred" in shown and "\x1b" not in shown


def test_progress_is_said_as_plain_numbers(runner: CliRunner, journal_home: Path) -> None:
    config(journal_home, 'profession = "nmc"\n')
    add_cpd(runner, "--hours", "22", "--participatory", "12")
    run(runner, "feedback", "add", "--from", "a colleague", "--said", "Kind and clear")
    shown = run(runner, "cpd").stdout
    assert "22 of 35 hours of CPD" in shown
    assert "12 of 20 hours with others" in shown
    assert "1 of 5 pieces of feedback" in shown
    assert "0 of 5 reflective accounts" in shown
    for judging in ("behind", "only", "%", "score", "streak", "warning"):
        assert judging not in shown.lower()


def test_feedback_is_from_a_role_never_a_name(runner: CliRunner, journal_home: Path) -> None:
    refused = run(runner, "feedback", "add", "--from", "Mrs Sarah Jones", "--said", "Thanks")
    assert refused.exit_code == 2 and "may identify someone" in refused.output
    assert entry_files(journal_home) == []
    result = run(runner, "feedback", "add", "--from", "a person I support", "--said", "Felt heard")
    assert result.exit_code == 0, result.output
    (item,) = json.loads(run(runner, "feedback", "list", "--json").stdout)
    assert item["role"] == "a person I support" and item["said"] == "Felt heard"


def test_feedback_needs_both_options_without_a_terminal(runner: CliRunner) -> None:
    result = run(runner, "feedback", "add", "--from", "a colleague")
    assert result.exit_code == 2 and "--said" in result.output


def test_an_account_from_a_session_carries_its_answers(
    runner: CliRunner, journal_home: Path
) -> None:
    config(journal_home, 'profession = "nmc"\n')
    written = run(
        runner,
        "session",
        "--answer",
        "session-what-happened=A hard first meeting",
        "--answer",
        "session-next-time=Offer more choice",
    )
    assert written.exit_code == 0, written.output
    (session,) = json.loads(run(runner, "list", "--json").stdout)
    result = run(
        runner,
        "account",
        "new",
        session["id"][:15],
        "--answer",
        "learned=Choice settles people",
        "--theme",
        "1",
    )
    assert result.exit_code == 0, result.output
    (account,) = json.loads(run(runner, "account", "list", "--json").stdout)
    answers = {a["question"]: a["text"] for a in account["answers"]}
    assert account["source"] == session["id"]
    texts = list(answers.values())
    assert texts == ["A hard first meeting", "Choice settles people", "Offer more choice"]


def test_an_account_from_an_unknown_entry_is_refused(runner: CliRunner) -> None:
    result = run(runner, "account", "new", "19990101", "--answer", "what=x")
    assert result.exit_code == 2 and "No entry has an id" in result.output


def test_an_unknown_theme_or_question_is_refused(runner: CliRunner, journal_home: Path) -> None:
    config(journal_home, 'profession = "nmc"\n')
    bad_theme = run(runner, "account", "new", "--answer", "what=x", "--theme", "9")
    assert bad_theme.exit_code == 2 and "Prioritise people" in bad_theme.output
    bad_question = run(runner, "account", "new", "--answer", "nope=x")
    assert bad_question.exit_code == 2 and "no question 'nope'" in bad_question.output
    named = run(runner, "account", "new", "--answer", "what=x", "--theme", "preserve safety")
    assert named.exit_code == 0, named.output
    (account,) = json.loads(run(runner, "account", "list", "--json").stdout)
    assert account["themes"] == ["Preserve safety"]


def test_an_unknown_profession_names_the_file_and_line(
    runner: CliRunner, journal_home: Path
) -> None:
    path = config(journal_home, 'count = 3\nprofession = "guild"\n')
    result = run(runner, "cpd")
    assert result.exit_code == 2
    assert f"{path}, line 2" in result.output and "guild" in result.output


@pytest.mark.parametrize(
    "line", ['period_start = "soon"', "period_start = 12", "period_start = 2999-01-01"]
)
def test_a_bad_period_start_names_the_file_and_line(
    runner: CliRunner, journal_home: Path, line: str
) -> None:
    path = config(journal_home, f'profession = "nmc"\n{line}\n')
    result = run(runner, "cpd")
    assert result.exit_code == 2
    assert f"{path}, line 2" in result.output and "period_start" in result.output


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[bacp]\ncpd_hours = \n", 2, "not valid TOML"),
        ("[bacp]\nname = 'B'\ncpd_hours = -3\n", 3, "cpd_hours"),
        ("[bacp]\nwhatever = 1\n", 2, "whatever"),
    ],
)
def test_a_bad_override_file_names_the_file_and_line(
    runner: CliRunner, journal_home: Path, text: str, line: int, words: str
) -> None:
    config(journal_home, 'profession = "bacp"\n')
    own = journal_home / "professions.toml"
    own.write_text(text, encoding="utf-8")
    result = run(runner, "cpd")
    assert result.exit_code == 2, result.output
    assert f"{own}, line {line}" in result.output and words in result.output


def test_an_override_changes_a_figure(runner: CliRunner, journal_home: Path) -> None:
    config(journal_home, 'profession = "bacp"\n')
    (journal_home / "professions.toml").write_text("[bacp]\ncpd_hours = 20\n", encoding="utf-8")
    add_cpd(runner, "--hours", "3")
    assert "3 of 20 hours of CPD" in run(runner, "cpd").stdout


# ---------------------------------------------------------------- periods


def _body(months: int = 36) -> object:
    text = (Path(__file__).parent.parent / "src" / "ticli" / "professions.toml").read_text()
    bodies = read_bodies([Source("professions.toml", text)])
    return bodies["nmc"] if months == 36 else bodies["swe"]


def test_the_period_rolls_on_from_its_start() -> None:
    body = _body()
    start = date(2020, 4, 1)
    assert period_for(body, date(2023, 3, 31), start).start == date(2020, 4, 1)  # type: ignore[arg-type]
    assert period_for(body, date(2023, 4, 1), start).start == date(2023, 4, 1)  # type: ignore[arg-type]
    current = period_for(body, date(2023, 4, 1), start)  # type: ignore[arg-type]
    assert current.end == date(2026, 3, 31)
    previous = period_for(body, date(2023, 4, 1), start, back=1)  # type: ignore[arg-type]
    assert (previous.start, previous.end) == (date(2020, 4, 1), date(2023, 3, 31))


def test_month_ends_are_kept_in_range() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)


def _cpd(when: datetime, hours: float, shared: float = 0) -> Entry:
    return Entry(
        id=new_entry_id(when),
        created=when,
        kind="cpd",
        answers=(Answer("cpd-title", "Title?", "x"),),
        activity="course",
        hours=hours,
        participatory=shared,
    )


@pytest.mark.parametrize("zone", [timezone(timedelta(hours=14)), timezone(timedelta(hours=-10))])
def test_boundaries_hold_in_any_zone(zone: timezone) -> None:
    body = _body(12)
    period = period_for(body, date(2026, 6, 1), date(2025, 12, 1))  # type: ignore[arg-type]
    first = _cpd(datetime(2025, 12, 1, 0, 30, tzinfo=zone), 2)
    last = _cpd(datetime(2026, 11, 30, 23, 30, tzinfo=zone), 3)
    before = _cpd(datetime(2025, 11, 30, 23, 59, tzinfo=zone), 5)
    inside = [e for e in (first, last, before) if period.holds(e)]
    assert totals(inside).hours == 5


def test_participatory_never_counts_more_than_hours() -> None:
    when = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert totals([_cpd(when, 2, 5)]).participatory == 2


def test_changing_the_period_start_moves_the_totals(runner: CliRunner, journal_home: Path) -> None:
    today = local_today()
    add_cpd(runner, "--hours", "4", "--date", (today - timedelta(days=40)).isoformat())
    add_cpd(runner, "--hours", "1", "--date", (today - timedelta(days=5)).isoformat())
    config(journal_home, f'profession = "swe"\nperiod_start = {today - timedelta(days=20)}\n')
    assert json.loads(run(runner, "cpd", "--json").stdout)["totals"]["hours"] == 1
    previous = json.loads(run(runner, "cpd", "--json", "--period", "previous").stdout)
    assert previous["totals"]["hours"] == 4
    config(journal_home, f'profession = "swe"\nperiod_start = {today - timedelta(days=60)}\n')
    assert json.loads(run(runner, "cpd", "--json").stdout)["totals"]["hours"] == 5


# ---------------------------------------------------------------- the entry format


hours = st.floats(min_value=0, max_value=MAX_ACTIVITY_HOURS, allow_nan=False).map(
    lambda h: round(h, 2)
)
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    hours=hours,
    share=st.floats(0, 1),
    activity=st.sampled_from(ACTIVITY_KINDS),
    role=text.map(lambda t: " ".join(t.split())[:80]),
    themes=st.lists(text, max_size=3),
    offset=st.integers(-14 * 60, 14 * 60),
)
def test_a_record_round_trips_through_the_file_and_json(
    hours: float, share: float, activity: str, role: str, themes: list[str], offset: int
) -> None:
    when = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(minutes=offset)))
    entry = Entry(
        id=new_entry_id(when),
        created=when,
        kind="cpd",
        answers=(Answer("cpd-title", "Title?", "Some title"),),
        activity=activity,
        hours=hours,
        participatory=round(hours * share, 2),
        role=role,
        themes=tuple(themes),
        source="20260101-120000-0a1b2c3d",
    )
    again = store.parse_entry(store.format_entry(entry).encode("utf-8"), "x.md")
    assert again == entry
    assert from_record(json.loads(json.dumps(to_record(entry)))) == entry


@pytest.mark.parametrize(
    ("key", "value"),
    [("hours", -1), ("hours", math.nan), ("hours", 1e9), ("hours", "2"), ("activity", "nap"),
     ("role", "two\nlines"), ("source", "not an id!")],
)  # fmt: skip
def test_a_bad_field_in_a_record_is_refused(key: str, value: object) -> None:
    record = to_record(_cpd(datetime(2026, 1, 1, 12, tzinfo=UTC), 1))
    record[key] = value
    with pytest.raises(FieldError) as caught:
        from_record(record)
    assert caught.value.key == key


def test_a_hand_edited_file_with_bad_hours_is_reported(
    runner: CliRunner, journal_home: Path
) -> None:
    add_cpd(runner, "--hours", "2")
    (path,) = entry_files(journal_home)
    path.write_text(path.read_text().replace("hours = 2.0", "hours = -2.0"), encoding="utf-8")
    result = run(runner, "cpd")
    assert result.exit_code == 0
    assert path.name in result.output and "hours" in result.output


def test_records_export_and_import(runner: CliRunner, journal_home: Path, tmp_path: Path) -> None:
    add_cpd(runner, "--hours", "2.5", "--participatory", "1")
    run(runner, "feedback", "add", "--from", "a manager", "--said", "Good notes")
    out = tmp_path / "out.json"
    assert run(runner, "export", "--format", "json", "--out", str(out)).exit_code == 0
    exported = out.read_text(encoding="utf-8")
    for path in entry_files(journal_home):
        path.unlink()
    assert run(runner, "import", str(out)).exit_code == 0
    again = tmp_path / "again.json"
    run(runner, "export", "--format", "json", "--out", str(again))
    assert again.read_text(encoding="utf-8") == exported
