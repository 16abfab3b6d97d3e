"""The report's charts as SVG: what each draws for given numbers, gaps as gaps, blank days
blank, every number written out, the user's words escaped, and the page's sizes sane."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from ticli.analysis.report import CheckinSeries, CheckinWeek, MonthGrid, Pixels
from ticli.analysis.themes import Theme
from ticli.render.report_bars import tag_bars, themes_chart, weekly_bars
from ticli.render.report_grids import pixels_chart, principles_chart
from ticli.render.report_lines import checkins_chart
from ticli.render.report_svg import nice_ticks, week_ticks

NASTY = '<script>alert("x")</script> & $x^2$ \x1b[31m'


def parsed(svg: str) -> ElementTree.Element:
    """The chart as XML: it must be well formed (the escape character is not allowed in
    XML at all, so it is taken out first and checked for separately)."""
    return ElementTree.fromstring(svg.replace("\x1b", ""))


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in parsed(svg).iter("text")]


def week(start: date, *values: int) -> CheckinWeek:
    if not values:
        return CheckinWeek(start, 0, None, None, None)
    return CheckinWeek(start, len(values), sum(values) / len(values), min(values), max(values))


def test_every_chart_is_titled_described_and_well_formed() -> None:
    weeks = [date(2026, 1, 5) + timedelta(days=7 * n) for n in range(4)]
    series = CheckinSeries(
        "capacity", "Capacity", "Empty", "Full", tuple(week(w, 3) for w in weeks)
    )
    charts = {
        "a": checkins_chart([series], weeks, "a"),
        "b": weekly_bars([1, 0, 2, 3], weeks, "b"),
        "c": tag_bars([("team", 3)], "c"),
    }
    for key, svg in charts.items():
        root = parsed(svg)
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == f"{key}-title {key}-desc"
        assert re.fullmatch(r"0 0 720 [\d.]+", root.get("viewBox") or "")
        assert "http" not in svg and "//" not in svg
        ids = re.findall(r'\bid="([^"]+)"', svg)
        assert ids and all(i.startswith(f"{key}-") for i in ids)


def test_a_week_without_a_check_in_breaks_the_line() -> None:
    weeks = [date(2026, 1, 5) + timedelta(days=7 * n) for n in range(5)]
    values = [(2, 4), (), (3,), (), (5, 1)]
    series = CheckinSeries(
        "capacity",
        "Capacity",
        "Empty",
        "Full",
        tuple(week(w, *v) for w, v in zip(weeks, values, strict=True)),
    )
    svg = checkins_chart([series], weeks, "k")
    lines = re.findall(r'<path d="(M[^"]*)" fill="none"', svg)
    assert len(lines) == 3, "three runs of weeks, each its own line"
    assert [line.count("L") for line in lines] == [0, 0, 0]
    assert len(re.findall(r"<circle ", svg)) == 3  # a dot for each week's mean, none for gaps
    # A week alone has no band to shade: its range (here 2 to 4, 3, 1 to 5) is a line.
    assert 'fill-opacity="0.22"' not in svg
    assert "1 = Empty · 5 = Full" in texts(svg)


def test_the_year_in_pixels_writes_each_days_number_and_leaves_blank_days_blank() -> None:
    first, last = date(2026, 2, 1), date(2026, 2, 28)
    days: dict[date, float | None] = {date(2026, 2, 3): 2.4, date(2026, 2, 4): None}
    days[date(2026, 2, 5)] = 4.6
    svg = pixels_chart(Pixels("capacity", "Capacity", "Empty", "Full", first, last, days), "p")
    root = parsed(svg)
    cells = [r for r in root.iter("rect") if r.get("width") == "18"]
    assert len(cells) == 28  # one per day of February
    blank = [r for r in cells if r.get("fill") == "#FFFFFF"]
    dotted = [r for r in cells if r.get("fill") == "url(#p-dots)"]
    assert (len(blank), len(dotted)) == (25, 1)
    centres = {
        (float(r.get("x") or 0) + 9, float(r.get("y") or 0) + 9): r.get("fill") for r in cells
    }
    written = {
        centres[float(t.get("x") or 0), float(t.get("y") or 0)]: t.text
        for t in root.iter("text")
        if (float(t.get("x") or 0), float(t.get("y") or 0)) in centres
    }
    # 2.4 is drawn as 2 and 4.6 as 5, each on its colour, and no other cell has a number.
    assert written == {"#3B528B": "2", "#FDE725": "5"}
    assert "Capacity: 1 = Empty, 5 = Full" in texts(svg)
    assert "no reflection" in texts(svg) and "written, no check-in" in texts(svg)


def test_the_heat_map_writes_its_counts_and_names_every_principle() -> None:
    months = (date(2026, 1, 1), date(2026, 2, 1))
    grid = MonthGrid(months, (("a", "Safety", (0, 7)), ("b", "A much longer principle", (3, 0))))
    svg = principles_chart(grid, "h")
    shown = texts(svg)
    assert {"Safety", "A much longer principle", "7", "3", "Jan 26", "Feb 26"} <= set(shown)
    assert "0" not in shown  # an empty cell is empty
    # The labels get room by their length: the cells start after the longest.
    first_cell = min(float(r.get("x") or 0) for r in parsed(svg).iter("rect"))
    assert first_cell > 0.6 * 10 * len("A much longer principle")


def test_the_users_words_are_escaped_in_the_charts() -> None:
    themes = [Theme(NASTY, True, 9, 1, 3.0), Theme("calm & <quiet>", False, 1, 9, -2.0)]
    svg = themes_chart(themes, "t")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    shown = texts(svg)
    assert f"{NASTY.replace(chr(27), '')} (rising)" in shown
    assert "calm & <quiet> (falling)" in shown
    # Falling is told by words and hatching, not colour alone.
    assert 'fill="url(#t-stripes)"' in svg
    tags = tag_bars([(NASTY, 2), ("b", 1)], "g")
    assert "<script>" not in tags and f"#{NASTY.replace(chr(27), '')}" in texts(tags)


def test_weekly_bars_write_numbers_when_there_is_room() -> None:
    weeks = [date(2026, 1, 5) + timedelta(days=7 * n) for n in range(3)]
    assert {"4", "0", "1"} <= set(texts(weekly_bars([4, 0, 1], weeks, "w")))
    many = [date(2025, 1, 6) + timedelta(days=7 * n) for n in range(52)]
    svg = weekly_bars([n % 7 for n in range(52)], many, "m")
    assert "Jan 2025" in texts(svg) and "Dec" in texts(svg)


@given(st.integers(min_value=0, max_value=100_000))
def test_axis_ticks_cover_the_highest_value_in_a_few_round_steps(top: int) -> None:
    ticks = nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top
    assert 2 <= len(ticks) <= 7
    step = ticks[1]
    assert all(b - a == step for a, b in itertools.pairwise(ticks))
    assert re.fullmatch(r"[125]0*", str(step))


@given(st.integers(min_value=1, max_value=600), st.dates(date(2000, 1, 1), date(2090, 1, 1)))
def test_week_labels_are_few_and_in_order(count: int, start: date) -> None:
    weeks = [start + timedelta(days=7 * n) for n in range(count)]
    ticks = week_ticks(weeks)
    places = [place for place, _ in ticks]
    assert places == sorted(set(places)) and all(0 <= p < count for p in places)
    assert 1 <= len(ticks) <= 14
