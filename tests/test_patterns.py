"""The summary's pattern functions, on small hand-made journals whose right answer is known."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

import pytest
from conftest import UTC, local_now, local_today
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.history import EntryHistory, Period
from ticli.analysis.query import Matcher
from ticli.analysis.summary import look_back, summarise
from ticli.analysis.themes import count_terms, log_odds_z, stem
from ticli.cli.app import app
from ticli.model import Answer, Entry, fold_text
from ticli.prompts import Library, load_library
from ticli.render import summary as render_summary

TODAY = date(2026, 11, 23)
PERIOD = Period(date(2026, 10, 25), TODAY)  # 30 days


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def entry(
    day: date,
    answers: dict[str, str] | None = None,
    ratings: dict[str, int] | None = None,
    tags: tuple[str, ...] = (),
    principles: tuple[str, ...] = (),
    note: str = "",
    hour: int = 18,
    tz: tzinfo = UTC,
) -> Entry:
    created = datetime(day.year, day.month, day.day, hour, 0, tzinfo=tz)
    return Entry(
        id=f"{created:%Y%m%d-%H%M%S}-{abs(hash((day, hour, note))) % 10**8:08d}",
        created=created,
        kind="daily",
        answers=tuple(Answer(pid, f"{pid}?", text) for pid, text in (answers or {}).items()),
        note=note,
        tags=tags,
        principles=principles,
        ratings=ratings or {},
    )


FILLER = [
    "The group met in the hall and we shared tea before starting the session together.",
    "A parent spoke about school mornings and how the routine keeps everyone steady.",
    "I listened more than I spoke and the young person chose what to talk about.",
    "Colleagues checked in after lunch; the office was calm and the phones quiet.",
]


def journal_with_a_new_theme() -> list[Entry]:
    """A year of ordinary writing, then a month that keeps coming back to the handover."""
    entries = []
    for n in range(120):
        day = PERIOD.start - timedelta(days=3 * n + 1)
        text = " ".join(FILLER[n % 4 :] + FILLER[: n % 4]) + " We ended with the biscuit round."
        entries.append(entry(day, {"strengths-today": text}))
    for n in range(20):
        day = PERIOD.start + timedelta(days=n)
        text = FILLER[n % 4] + " The handover was rushed again and the handover notes were thin."
        entries.append(entry(day, {"strengths-today": text}))
    return entries


# ---------------------------------------------------------------- themes


def test_a_word_planted_in_this_period_rises(library: Library) -> None:
    summary = summarise(journal_with_a_new_theme(), library, PERIOD, TODAY)
    assert summary.themes_possible
    rising = [t.term for t in summary.themes if t.rising]
    assert rising[0] == "handover"
    handover = summary.themes[0]
    assert (handover.now, handover.before) == (40, 0)
    assert "tea" not in rising  # used evenly: not a theme


def test_a_word_that_stopped_falls(library: Library) -> None:
    entries = journal_with_a_new_theme()
    summary = summarise(entries, library, PERIOD, TODAY)
    falling = [t for t in summary.themes if not t.rising]
    # Every older entry ends with the biscuit round; none of this month's do.
    assert set(falling[0].term.split()) <= {"ended", "biscuit", "round"}
    assert (falling[0].now, falling[0].before) == (0, 120)


def test_one_offs_are_not_themes(library: Library) -> None:
    entries = journal_with_a_new_theme()
    entries.append(entry(TODAY, {"strengths-today": "A zebra wandered past the window."}))
    assert "zebra" not in [t.term for t in summarise(entries, library, PERIOD, TODAY).themes]


def test_too_little_text_says_so(library: Library) -> None:
    entries = [entry(TODAY, {"strengths-today": "Short and sweet."})]
    summary = summarise(entries, library, PERIOD, TODAY)
    assert not summary.themes_possible
    assert summary.themes == ()
    text = render_summary.summary_markdown(summary)
    assert "Not enough writing yet to pick out themes" in text


def test_log_odds_is_symmetric_and_favours_the_distinctive_word() -> None:
    focus = {"handover": 10, "team": 50, "tea": 40}
    rest = {"handover": 1, "team": 500, "tea": 400}
    z = log_odds_z(focus, rest)
    assert z["handover"] > 1.96  # distinctive
    assert abs(z["team"]) < 1.96 and abs(z["tea"]) < 1.96  # used alike in both
    assert z["handover"] == max(z.values())
    swapped = log_odds_z(rest, focus)
    assert swapped["handover"] == pytest.approx(-z["handover"])


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("boundaries", "boundary"),
        ("boundary", "boundary"),
        ("shifts", "shift"),
        ("sitting", "sit"),
        ("talked", "talk"),
        ("class", "class"),
        ("focus", "focus"),
        ("café's", "café"),
    ],
)
def test_simple_word_forms_merge(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_phrases_and_stop_words() -> None:
    counts = count_terms(["The night shift was long.", "Another night shift; a quiet night."])
    assert counts.counts["night shift"] == 2
    assert counts.counts["night"] == 3
    assert "the" not in counts.counts
    assert counts.form("shift") == "shift"
    # No phrase across two texts.
    assert "long another" not in count_terms(["It was long", "Another day"]).counts


# ---------------------------------------------------------------- the other sections


def test_rhythm_counts_entries_days_and_weeks(library: Library) -> None:
    entries = [
        entry(PERIOD.start, note="a"),
        entry(PERIOD.start, note="b", hour=9),
        entry(PERIOD.start + timedelta(days=8), note="c"),
        entry(PERIOD.start - timedelta(days=2), note="before"),
        entry(PERIOD.start - timedelta(days=40), note="long before"),
    ]
    rhythm = summarise(entries, library, PERIOD, TODAY).rhythm
    assert (rhythm.entries, rhythm.days, rhythm.previous_entries, rhythm.previous_days) == (
        3,
        2,
        1,
        1,
    )
    assert rhythm.weekly == (2, 1, 0, 0, 0)


def test_untouched_principles_are_listed_with_the_command(library: Library) -> None:
    entries = [entry(TODAY, principles=tuple(p for p in library.principles if p != "belonging"))]
    summary = summarise(entries, library, PERIOD, TODAY)
    assert [s.principle for s in summary.quiet] == ["belonging"]
    assert summary.quiet[0].command == "ticli today --principle belonging"
    assert "ticli today --principle belonging" in render_summary.summary_markdown(summary)


def test_principle_counts_now_and_before(library: Library) -> None:
    entries = [
        entry(TODAY, principles=("trust", "safety")),
        entry(TODAY - timedelta(days=1), principles=("trust",)),
        entry(PERIOD.start - timedelta(days=5), principles=("trust",)),
    ]
    uses = {p.id: (p.now, p.before) for p in summarise(entries, library, PERIOD, TODAY).principles}
    assert uses["trust"] == (2, 1)
    assert uses["safety"] == (1, 0)


def test_ratings_mean_range_trend_and_change(library: Library) -> None:
    entries = [
        entry(PERIOD.start, ratings={"capacity": 2}),
        entry(PERIOD.start + timedelta(days=1), ratings={"capacity": 4}),
        entry(PERIOD.start + timedelta(days=15), ratings={"capacity": 5}),
        entry(PERIOD.start - timedelta(days=3), ratings={"capacity": 1}),
    ]
    (capacity,) = summarise(entries, library, PERIOD, TODAY).ratings
    assert capacity.mean == pytest.approx(11 / 3)
    assert (capacity.low, capacity.high, capacity.count) == (2, 5, 3)
    assert capacity.weekly == (3.0, None, 5.0, None, None)
    assert capacity.previous_mean == 1
    assert capacity.change == pytest.approx(11 / 3 - 1)


def test_triggers_what_helped_and_strengths(library: Library) -> None:
    entries = [
        entry(
            TODAY - timedelta(days=2),
            {
                "triggers-what-helped": "Lowering the lights helped.",
                "strengths-today": "Their humour.",
            },
        ),
        entry(
            TODAY - timedelta(days=1),
            {
                "triggers-noticed-in-them": "Loud noise in the corridor.",
                "strengths-today": "A sister who came along.",
            },
        ),
        entry(TODAY, {"triggers-what-helped": "A quiet corridor and less noise."}),
        entry(TODAY - timedelta(days=400), {"strengths-today": "Long ago: their own plan."}),
    ]
    prompts = {p.id for p in library.prompts.values() if p.principle == "triggers"}
    assert "triggers-what-helped" in prompts
    if "triggers-noticed-in-them" not in library.prompts:
        entries[1] = entry(
            TODAY - timedelta(days=1),
            {
                sorted(prompts)[0]: "Loud noise in the corridor.",
                "strengths-today": "A sister who came along.",
            },
        )
    summary = summarise(entries, library, PERIOD, TODAY)
    assert [q.text for q in summary.helped] == [
        "A quiet corridor and less noise.",
        "Lowering the lights helped.",
    ]
    assert set(summary.trigger_themes) >= {"corridor", "noise"}
    assert [q.text for q in summary.strengths] == ["A sister who came along.", "Their humour."]
    assert [q.text for q in summary.strengths_long_ago] == ["Long ago: their own plan."]


def test_tags_counted(library: Library) -> None:
    entries = [entry(TODAY, tags=("team", "night")), entry(TODAY, tags=("team",), hour=9)]
    assert summarise(entries, library, PERIOD, TODAY).tags == (("team", 2), ("night", 1))


def test_look_back_finds_the_same_days_earlier() -> None:
    entries = [
        entry(date(2026, 10, 24), note="a month ago, a day later"),
        entry(date(2026, 8, 20), note="three months ago, three days earlier"),
        entry(date(2026, 8, 16), note="too far from the day"),
        entry(date(2024, 11, 23), note="two years ago"),
    ]
    found = {item.label: item.text for item in look_back(EntryHistory(entries), TODAY)}
    assert found == {
        "1 month ago": "a month ago, a day later",
        "3 months ago": "three months ago, three days earlier",
        "2 years ago": "two years ago",
    }


# ---------------------------------------------------------------- empty and tiny journals


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [entry(TODAY, {"strengths-today": "One entry."}, ratings={"capacity": 3})],
        [entry(date(2025, 1, 1), {"strengths-today": "Nothing in this period."})],
    ],
    ids=["empty", "one entry", "nothing in the period"],
)
def test_small_journals_give_a_kind_summary(library: Library, entries: list[Entry]) -> None:
    summary = summarise(entries, library, PERIOD, TODAY)
    text = render_summary.summary_markdown(summary)
    json.loads(render_summary.summary_json(summary))
    assert "Rhythm" in text
    for word in ("streak", "missed", "failed", "should"):
        assert word not in text.lower()


# ---------------------------------------------------------------- the three views agree


def test_terminal_markdown_and_json_hold_the_same_content(library: Library) -> None:
    entries = journal_with_a_new_theme()
    entries.append(
        entry(
            TODAY,
            {"triggers-what-helped": "Slowing down [bold]helped[/]"},
            ratings={"capacity": 2},
            tags=("team",),
        )
    )
    summary = summarise(entries, library, PERIOD, TODAY)
    from rich.console import Console

    console = Console(width=300, color_system=None, record=True)
    console.print(render_summary.summary_view(summary))
    terminal = console.export_text()
    markdown = render_summary.summary_markdown(summary)
    data = json.loads(render_summary.summary_json(summary))
    for section in render_summary.summary_sections(summary):
        assert section.title in terminal and f"## {section.title}" in markdown
        for line in section.lines:
            assert line in terminal
            assert f"- {line}" in markdown
    assert "Slowing down [bold]helped[/]" in terminal  # literal, not markup
    assert data["rhythm"]["entries"] == summary.rhythm.entries
    assert [t["term"] for t in data["themes"]] == [t.term for t in summary.themes]
    assert data["helped"][0]["text"] == "Slowing down [bold]helped[/]"
    assert data["period"] == {
        "start": "2026-10-25",
        "end": "2026-11-23",
        "days": 30,
        "previous": {"start": "2026-09-25", "end": "2026-10-24"},
    }
    assert data["ratings"][0]["change"] is None


# ---------------------------------------------------------------- through the CLI


def entry_now(answers: dict[str, str], ratings: dict[str, int] | None = None) -> Entry:
    """An entry written this hour, local time, as the commands below see it."""
    now = local_now()
    return entry(now.date(), answers, ratings, hour=now.hour, tz=now.tzinfo or UTC)


def write(journal_home: Path, entries: list[Entry]) -> None:
    for e in entries:
        store.write_entry(journal_home, e)


def test_summary_command(runner: CliRunner, journal_home: Path) -> None:
    write(journal_home, [entry_now({"strengths-today": "Kept going."}, ratings={"capacity": 3})])
    result = runner.invoke(app, ["summary"])
    assert result.exit_code == 0, result.output
    for title in (
        "Rhythm",
        "Principles",
        "Themes",
        "Triggers and what helped",
        "Strengths",
        "Check-ins",
        "Tags",
        "Looking back",
    ):
        assert title in result.stdout
    assert "1 reflection on 1 day" in result.stdout


def test_summary_json_markdown_and_out(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    write(journal_home, [entry_now({"strengths-today": "Kept going."})])
    data = json.loads(runner.invoke(app, ["summary", "--json", "--since", "8w"]).stdout)
    assert data["period"]["days"] == 56  # eight weeks, today among them
    default = json.loads(runner.invoke(app, ["summary", "--json"]).stdout)["period"]
    assert (default["days"], date.fromisoformat(default["end"])) == (30, local_today())
    markdown = runner.invoke(app, ["summary", "--markdown"]).stdout
    assert markdown.startswith("# Your practice from ")
    out = tmp_path / "summary.md"
    result = runner.invoke(app, ["summary", "--out", str(out)])
    assert result.exit_code == 0
    assert out.read_text().startswith("# Your practice from ")
    assert oct(out.stat().st_mode)[-3:] == "600"
    both = runner.invoke(app, ["summary", "--json", "--markdown"])
    assert both.exit_code == 2


def test_empty_journal_summary_is_kind(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary"])
    assert result.exit_code == 0
    assert "0 reflections on 0 days" in result.stdout


def test_summary_demo_never_touches_the_journal(runner: CliRunner, journal_home: Path) -> None:
    result = runner.invoke(app, ["summary", "--demo"])
    assert result.exit_code == 0, result.output
    assert re.search(r"\d+ reflections on \d+ days", result.stdout)
    assert "rising" in result.stdout
    assert not journal_home.exists() or list(journal_home.rglob("*.md")) == []


def test_lookback_command(runner: CliRunner, journal_home: Path) -> None:
    write(journal_home, [entry(date(2025, 11, 22), note="Last year I wrote this.")])
    result = runner.invoke(app, ["lookback", "--date", "2026-11-23"])
    assert result.exit_code == 0
    assert "1 year ago (2025-11-22) Last year I wrote this." in result.stdout
    assert runner.invoke(app, ["lookback", "--date", "soon"]).exit_code == 2


# ---------------------------------------------------------------- the index


def test_the_index_is_only_a_copy(journal_home: Path, tmp_path: Path) -> None:
    from ticli.usecases.journal import open_journal

    write(journal_home, [entry(TODAY, note="first words"), entry(TODAY, note="other", hour=9)])
    journal = open_journal()
    cache = journal.locations.index_file
    assert cache is not None and not cache.exists()
    first = journal.scan()
    assert cache.exists() and oct(cache.stat().st_mode)[-3:] == "600"
    assert not str(cache).startswith(str(journal_home))
    assert journal.scan().entries == first.entries
    # An edit (even within the same second) is seen.
    path = first.paths[first.entries[-1].id]
    path.write_text(path.read_text().replace("first words", "edited words"))
    assert journal.scan().entries[-1].note == "edited words"
    # A corrupt index is ignored and rebuilt; a deleted one changes nothing.
    cache.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert journal.scan().entries[-1].note == "edited words"
    cache.unlink()
    assert [e.note for e in journal.scan().entries] == ["other", "edited words"]
    # A file deleted outside ticli disappears.
    path.unlink()
    assert [e.note for e in journal.scan().entries] == ["other"]


def test_broken_files_are_not_cached(journal_home: Path) -> None:
    from ticli.usecases.journal import open_journal

    write(journal_home, [entry(TODAY, note="fine")])
    broken = journal_home / "2026" / "11" / "broken.md"
    broken.write_text("+++\nbroken")
    journal = open_journal()
    assert len(journal.scan().problems) == 1
    assert len(journal.scan().problems) == 1


@settings(max_examples=200)
@given(
    st.text(min_size=1, max_size=5),
    st.one_of(
        st.text(max_size=40),
        # A line holding the needle, so most examples do have a match to hide.
        st.tuples(st.text(max_size=20), st.text(max_size=20)),
    ),
)
def test_search_fast_check_never_hides_a_match(
    needle: str, line_or_parts: str | tuple[str, str]
) -> None:
    assume(fold_text(needle).strip())  # otherwise refused: nothing to search for
    if isinstance(line_or_parts, tuple):
        line = line_or_parts[0] + needle + line_or_parts[1]
    else:
        line = line_or_parts
    matcher = Matcher(needle)
    if matcher.spans(line):
        assert matcher.could_match(line)
