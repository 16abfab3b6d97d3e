"""list, show and search through the CLI, and the search matcher."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
import test_store
from conftest import UTC, entry_files, make_entry, read_all
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ticli.analysis.query import Matcher
from ticli.cli.app import app
from ticli.dates import parse_day
from ticli.errors import UsageError
from ticli.model import Entry


def run(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def journal(runner: CliRunner, journal_home: Path) -> Path:
    """Four entries over two years; the newest first in `ticli list`."""
    for args in (
        ["note", "An old note about the café", "--at", "2025-01-10T09:00", "-t", "archive"],
        [
            "today",
            "-a",
            "strengths-today=Resilient team. [bold]Not bold[/]",
            "-t",
            "team",
            "--at",
            "2026-10-01T17:00",
            "--rate",
            "capacity=4",
        ],
        [
            "today",
            "-a",
            "triggers-what-helped=A CAFÉ break helped\nand a walk",
            "-t",
            "team",
            "-t",
            "shift",
            "--at",
            "2026-11-15T20:00",
        ],
        ["note", "Supervision prep \x1b[31m", "--at", "2026-11-22T08:00"],
    ):
        result = run(runner, *args)
        assert result.exit_code == 0, result.output
    return journal_home


def ids(output: str) -> list[str]:
    return [entry["id"] for entry in json.loads(output)]


def created(output: str) -> list[str]:
    return [entry["created"][:10] for entry in json.loads(output)]


# ---------------------------------------------------------------- list


def test_list_newest_first(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "list")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["date", "kind", "first", "words", "tags", "id"]
    assert [line[:10] for line in lines[1:]] == [
        "2026-11-22",
        "2026-11-15",
        "2026-10-01",
        "2025-01-10",
    ]
    assert "Resilient team. [bold]Not bold[/]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "#team #shift" in result.stdout


def test_list_in_a_narrow_terminal_keeps_date_and_id(runner: CliRunner, journal: Path) -> None:
    result = runner.invoke(app, ["list"], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == 4  # one line per entry, not an empty (or wrapped) listing
    for line in rows:
        assert len(line) <= 40
        assert line[:4] == "2026" or line[:4] == "2025"
        assert line.rstrip()[-15:-7].isdigit()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["2026-11-22", "2026-11-15", "2026-10-01", "2025-01-10"]),
        (["--since", "2026-11-01"], ["2026-11-22", "2026-11-15"]),
        (["--until", "2026-11-15"], ["2026-11-15", "2026-10-01", "2025-01-10"]),
        (["--since", "2026-10-01", "--until", "2026-10-01"], ["2026-10-01"]),
        (["--tag", "team"], ["2026-11-15", "2026-10-01"]),
        (["--tag", "team", "--tag", "shift"], ["2026-11-15"]),
        (["--tag", "#Team"], ["2026-11-15", "2026-10-01"]),
        (["--principle", "triggers"], ["2026-11-15"]),
        (["--kind", "note"], ["2026-11-22", "2025-01-10"]),
        (["--limit", "2"], ["2026-11-22", "2026-11-15"]),
    ],
)
def test_list_filters(
    runner: CliRunner, journal: Path, options: list[str], expected: list[str]
) -> None:
    result = run(runner, "list", "--json", *options)
    assert result.exit_code == 0, result.output
    assert created(result.stdout) == expected


def test_relative_since(runner: CliRunner, journal: Path) -> None:
    # Relative to today; entries are from 2025 and 2026, so 100 years covers all.
    assert len(ids(run(runner, "list", "--json", "--since", "100y").stdout)) == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        # A span is the last N days, today among them.
        ("7d", date(2026, 11, 17)),
        ("2w", date(2026, 11, 10)),
        ("3m", date(2026, 8, 26)),
        ("1y", date(2025, 11, 24)),
        ("1d", date(2026, 11, 23)),
        ("0d", date(2026, 11, 23)),
    ],
)
def test_parse_day(text: str, expected: date) -> None:
    assert parse_day(text, date(2026, 11, 23)) == expected


@pytest.mark.parametrize("text", ["yesterday", "7", "d", "-3d", "2026-13-01", "3x"])
def test_parse_day_refuses(text: str) -> None:
    with pytest.raises(UsageError):
        parse_day(text, date(2026, 11, 23))


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--since", "someday"], "not a day I can read"),
        (["--since", "2026-11-20", "--until", "2026-11-01"], "is after --until"),
        (["--principle", "nope"], "no principle called 'nope'"),
        (["--kind", "diary"], "no entry kind 'diary'"),
        (["--limit", "0"], "at least 1"),
    ],
)
def test_list_bad_filters(runner: CliRunner, journal: Path, options: list[str], words: str) -> None:
    result = run(runner, "list", *options)
    assert result.exit_code == 2
    assert words in result.stderr


def test_empty_journal_is_friendly(runner: CliRunner) -> None:
    result = run(runner, "list")
    assert result.exit_code == 0
    assert "Your journal is empty. Write your first entry with: ticli today" in result.stdout
    assert run(runner, "list", "--json").stdout.strip() == "[]"


def test_no_match_is_not_an_error(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "list", "--tag", "nothing-like-this")
    assert (result.exit_code, result.stdout.strip()) == (0, "No entries match those filters.")


def test_broken_files_are_named_once_and_skipped(runner: CliRunner, journal: Path) -> None:
    broken = journal / "2026" / "11" / "broken.md"
    broken.write_text("not an entry")
    result = run(runner, "list")
    assert result.exit_code == 0
    assert result.stderr.count(str(broken)) == 1
    assert len(result.stdout.splitlines()) == 5
    assert broken.read_text() == "not an entry"


# ---------------------------------------------------------------- show


def test_show_by_unique_prefix(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "show", "20261001")
    assert result.exit_code == 0, result.output
    assert "Thursday 01 October 2026, 17:00 · daily" in result.stdout
    assert "What was strong today" in result.stdout
    assert "Resilient team. [bold]Not bold[/]" in result.stdout
    assert "Energy and capacity: 4 of 5" in result.stdout


def test_show_last_makes_escapes_visible(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "show", "--last")
    assert "Supervision prep \\x1b[31m" in result.stdout
    assert "\x1b" not in result.stdout


def test_show_raw_is_the_file_as_stored(runner: CliRunner, journal: Path) -> None:
    path = next(p for p in entry_files(journal) if p.name.startswith("20261115"))
    result = runner.invoke(app, ["show", "--raw", "20261115"])
    assert result.stdout_bytes == path.read_bytes()


def test_show_json(runner: CliRunner, journal: Path) -> None:
    (entry,) = json.loads(run(runner, "show", "--json", "20261115").stdout)
    assert entry["answers"][0]["text"] == "A CAFÉ break helped\nand a walk"
    assert entry["tags"] == ["team", "shift"]


def test_show_ambiguous_lists_candidates(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "show", "2026")
    assert result.exit_code == 2
    assert "is the start of 3 entries' ids" in result.stderr
    assert result.stderr.count("  2026") == 3


@pytest.mark.parametrize(
    "args", [["show", "1999"], ["show"], ["delete", "1999", "--yes"], ["edit", "1999"]]
)
def test_unknown_id(runner: CliRunner, journal: Path, args: list[str]) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2
    assert "ticli: " in result.stderr


def test_show_last_in_an_empty_journal(runner: CliRunner) -> None:
    result = run(runner, "show", "--last")
    assert result.exit_code == 2
    assert "no entries yet" in result.stderr


# ---------------------------------------------------------------- search


def test_search_ignores_case_and_accents(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "search", "cafe", "--json")
    assert created(result.stdout) == ["2026-11-15", "2025-01-10"]
    shown = run(runner, "search", "cafe").stdout
    assert "When something got stirred up today, in…: A CAFÉ break helped" in shown
    assert "triggers-what-helped" not in shown
    assert "and a walk" not in shown  # only the matching line
    assert "2 entries found." in shown


def test_search_tags_and_filters(runner: CliRunner, journal: Path) -> None:
    assert created(run(runner, "search", "shift", "--json").stdout) == ["2026-11-15"]
    assert created(run(runner, "search", "cafe", "--json", "--since", "2026-01-01").stdout) == [
        "2026-11-15"
    ]
    assert created(run(runner, "search", "cafe", "--json", "--limit", "1").stdout) == ["2026-11-15"]


def test_search_regex(runner: CliRunner, journal: Path) -> None:
    assert created(run(runner, "search", "--regex", r"^resil\w+ team", "--json").stdout) == [
        "2026-10-01"
    ]
    result = run(runner, "search", "--regex", "([")
    assert result.exit_code == 2
    assert "not a regular expression" in result.stderr


def test_search_nothing_found(runner: CliRunner, journal: Path) -> None:
    result = run(runner, "search", "zebra")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (0, "Nothing found.")
    assert "start with what you typed" in result.stdout
    # A word found only inside another word is not found; --regex finds it.
    assert run(runner, "search", "afé").stdout.startswith("Nothing found.")
    inside = run(runner, "search", "--regex", "afé").stdout
    assert "café" in inside.lower() and "start with" not in inside
    assert run(runner, "search", "   ").exit_code == 2


@pytest.mark.parametrize(
    ("needle", "line", "spans"),
    [
        ("cafe", "Un café, CAFÉ and cafe", ((3, 7), (9, 13), (18, 22))),
        ("café", "cafe", ((0, 4),)),
        ("strasse", "Große Straße", ((6, 12),)),
        ("fine", "a ﬁne day", ((2, 5),)),
        ("x", "nothing", ()),
    ],
)
def test_matcher_spans_point_into_the_original_line(
    needle: str, line: str, spans: tuple[tuple[int, int], ...]
) -> None:
    assert Matcher(needle).spans(line) == spans


def test_search_highlights_in_a_terminal(runner: CliRunner, journal: Path) -> None:
    result = runner.invoke(
        app, ["search", "cafe"], env={"NO_COLOR": None, "FORCE_COLOR": "1"}, color=True
    )
    assert "\x1b[1;7mCAFÉ\x1b[0m" in result.stdout


def test_no_colour_when_piped(runner: CliRunner, journal: Path) -> None:
    result = runner.invoke(app, ["search", "cafe"], env={"NO_COLOR": None})
    assert "\x1b[" not in result.stdout
    assert read_all(journal).problems == []


def test_show_in_a_pipe_has_no_boxes_or_rules(runner: CliRunner, journal: Path) -> None:
    run(runner, "note", "# A heading in my note\n\nand text", "--at", "2026-11-23T07:00")
    result = run(runner, "show", "--last")
    assert "# A heading in my note" in result.stdout
    assert not set("─━│┃╭╮╰╯┏┓┗┛") & set(result.stdout)


def test_show_in_a_terminal_renders_markdown(runner: CliRunner, journal: Path) -> None:
    run(runner, "note", "Some **strong** words", "--at", "2026-11-23T07:00")
    result = runner.invoke(app, ["show", "--last"], env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert "Some \x1b[1mstrong\x1b[0m words" in result.stdout
    assert "─" in result.stdout


@settings(max_examples=300)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=20,
    )
)
def test_quick_indented_json_is_jsons_own(value: object) -> None:
    from ticli.analysis.formats import indented_json

    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=200, deadline=None)
@given(st.lists(test_store.entries(), max_size=4))
def test_an_export_of_the_index_texts_is_the_export_of_the_entries(entries: list[Entry]) -> None:
    """The index keeps each record as an export to JSON writes it (`record_text`): an
    export made of those texts, as they are, is the export of the entries, and each text
    reads back as the entry's record."""
    from ticli.analysis.formats import entries_to_json, json_text_parts
    from ticli.model.fields import record_text, to_record

    texts = [record_text(e) for e in entries]
    assert "".join(json_text_parts(texts)) == entries_to_json(entries)
    assert [json.loads(t) for t in texts] == [json.loads(json.dumps(to_record(e))) for e in entries]


def test_tags_counts_the_chosen_entries_most_used_first(runner: CliRunner, journal: Path) -> None:
    before = {d["tag"]: d["entries"] for d in json.loads(run(runner, "tags", "--json").stdout)}
    for words, tags in [("one", "qq,ward"), ("two", "qq"), ("three", "zeta")]:
        assert run(runner, "note", words, "--tag", tags).exit_code == 0
    data = json.loads(run(runner, "tags", "--json").stdout)
    counts = {d["tag"]: d["entries"] for d in data}
    assert counts == {**before, "qq": 2, "ward": 1, "zeta": 1}
    assert [d["entries"] for d in data] == sorted(counts.values(), reverse=True)
    plain = run(runner, "tags").stdout.splitlines()
    assert [line.split() for line in plain] == [[d["tag"], str(d["entries"])] for d in data]
    notes = json.loads(run(runner, "tags", "--kind", "note", "--since", "1d", "--json").stdout)
    assert {d["tag"]: d["entries"] for d in notes} == {"qq": 2, "ward": 1, "zeta": 1}


def test_index_reports_and_rebuilds(runner: CliRunner, journal: Path, tmp_path: Path) -> None:
    assert run(runner, "note", "Some words.").exit_code == 0
    result = run(runner, "index")
    assert result.exit_code == 0 and "up to date" in result.stdout
    rebuilt = run(runner, "index", "--rebuild")
    assert "Built the index again" in rebuilt.stdout
    assert "Some words." in run(runner, "list").stdout


@given(st.text(max_size=40), st.integers(min_value=0, max_value=50))
def test_list_cells_are_measured_as_rich_measures_them(text: str, size: int) -> None:
    """The list's own quick measure of ordinary text agrees with Rich's, for any text."""
    from rich.cells import cell_len, set_cell_size

    from ticli.render.listing import _cells, _fit

    assert _cells(text) == cell_len(text)
    assert _fit(text, size) == set_cell_size(text, size)


def test_list_columns_line_up_with_wide_letters_and_ellipses(
    runner: CliRunner, journal_home: Path
) -> None:
    from rich.cells import cell_len

    from ticli import store

    texts = [
        "漢字の日記 … — ‘quoted’ and more words to cut here",  # noqa: RUF001
        "plain words … an ellipsis",
    ]
    for day, text in enumerate(texts, start=1):
        when = datetime(2026, 11, day, 9, 0, tzinfo=UTC)
        store.write_entry(journal_home, make_entry(when, [("what-happened", text)]))
    done = runner.invoke(app, ["list"], env={"COLUMNS": "70"})
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    # The id column starts at the same cell on every line, wide letters or not.
    starts = {cell_len(line[: line.rindex("2026110")]) for line in lines[1:]}
    assert len(starts) == 1, done.stdout
    assert "漢字の日記" in done.stdout


# ------------------------------------------------------------------ index records


def test_an_index_record_is_read_back_whole_or_called_damaged() -> None:
    """store.reading.record_entry reads a record with the JSON scanner itself: what it
    gives back, and what it refuses, are what json.loads would give and refuse."""
    import sqlite3

    from ticli.model.fields import record_text
    from ticli.store.reading import record_entry

    when = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
    entry = make_entry(when, [("safety-team", "Safer.")], note="A note [bold]x[/] \x1b[31m")
    record = record_text(entry)
    assert record_entry(record) == entry
    assert record_entry(record + "\n  ") == entry  # trailing white space, as json.loads
    for damaged in (
        record + "}",
        record + ' {"x": 1}',
        record[:-1],
        "\ufeff" + record,
        "",
        "not json",
        '{"x": 1}',
        "[1, 2]",
        "null",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="damaged record"):
            record_entry(damaged)


@settings(max_examples=200, deadline=None)
@given(note=st.text(), answer=st.text())
def test_any_record_round_trips_through_the_scanner(note: str, answer: str) -> None:
    from ticli.model.fields import record_text
    from ticli.store.reading import record_entry

    when = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
    entry = make_entry(when, [("safety-team", answer)], note=note)
    assert record_entry(record_text(entry)) == entry
