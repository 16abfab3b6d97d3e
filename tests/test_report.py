"""`ticli report`: the numbers it draws, the page it writes, and what it refuses."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import local_now, local_today, make_entry
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.history import Period
from ticli.analysis.report import checkin_series, day_pixels, principles_by_month
from ticli.cli.app import app
from ticli.model import Entry
from ticli.prompts import load_library

LIBRARY = load_library()


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


def rated(day: date, hour: int = 12, **ratings: int) -> Entry:
    return replace(make_entry(at(day, hour), [("strengths-today", "Kept going.")]), ratings=ratings)


# ---------------------------------------------------------------- the numbers


def test_weeks_without_a_check_in_are_gaps_not_zeros() -> None:
    period = Period(date(2026, 1, 1), date(2026, 1, 21))  # three weeks
    weeks = [period.start + timedelta(days=7 * n) for n in range(3)]
    entries = [
        rated(date(2026, 1, 2), capacity=2),
        rated(date(2026, 1, 3), capacity=4),
        rated(date(2026, 1, 20), capacity=5),
    ]
    (series,) = checkin_series(entries, LIBRARY, period, weeks)
    assert series.id == "capacity"
    first, second, third = series.weeks
    assert (first.mean, first.low, first.high, first.count) == (3.0, 2, 4, 2)
    assert (second.mean, second.low, second.high, second.count) == (None, None, None, 0)
    assert (third.mean, third.low, third.high) == (5.0, 5, 5)
    assert series.low_label and series.high_label  # the words for 1 and 5


def test_pixels_know_blank_days_from_days_without_a_check_in() -> None:
    period = Period(date(2025, 1, 1), date(2026, 6, 30))  # longer than a year
    entries = [
        rated(date(2026, 6, 1), 9, capacity=2),
        rated(date(2026, 6, 1), 20, capacity=5),  # two on one day: their mean
        rated(date(2026, 6, 2)),  # written, no check-in
        rated(date(2025, 2, 1), capacity=1),  # before the last year: not drawn
    ]
    pixels = day_pixels(entries, LIBRARY, period, "capacity")
    assert pixels.first == date(2025, 7, 1) and pixels.last == date(2026, 6, 30)
    assert pixels.days == {date(2026, 6, 1): 3.5, date(2026, 6, 2): None}
    assert date(2026, 6, 3) not in pixels.days  # no reflection: blank


def test_principles_by_month_count_entries_once_each() -> None:
    period = Period(date(2026, 1, 15), date(2026, 3, 10))
    entries = [
        replace(rated(date(2026, 1, 20)), principles=("strengths", "strengths", "trust")),
        replace(rated(date(2026, 3, 1)), principles=("trust",)),
    ]
    grid = principles_by_month(entries, LIBRARY, period)
    assert grid.months == (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
    rows = {pid: counts for pid, _, counts in grid.rows}
    assert rows["strengths"] == (1, 0, 0)
    assert rows["trust"] == (1, 0, 1)
    assert rows["belonging"] == (0, 0, 0)


# ---------------------------------------------------------------- the page


class Page(HTMLParser):
    """What the test needs from a page: every tag with its attributes, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def references_elsewhere(html: str) -> list[str]:
    """Every reference in the page to anything outside it: URLs in attributes and CSS."""
    page = Page(html)
    linking = {"href", "xlink:href", "src", "srcset", "action", "formaction", "data", "poster"}
    found = [
        f"<{tag} {name}={value}>"
        for tag, attrs in page.tags
        for name, value in attrs.items()
        if value
        and (re.search(r"https?:|//", value) or (name in linking and not value.startswith("#")))
    ]
    found += re.findall(r"url\((?!#)[^)]*\)|@import[^;]*", html)
    found += [f"<{tag}>" for tag, _ in page.tags if tag in ("script", "link", "iframe", "img")]
    return found


def write(home: Path, entries: list[Entry]) -> None:
    for entry in entries:
        store.write_entry(home, entry)


def a_journal(home: Path) -> None:
    today = local_today()
    entries = []
    for n in range(1, 120, 3):
        day = today - timedelta(days=n)
        entry = rated(day, capacity=1 + n % 5, connection=1 + (n // 3) % 5)
        entry = replace(
            entry,
            principles=("strengths", "triggers") if n % 2 else ("strengths",),
            tags=("team",) if n % 4 else ("group", "team"),
        )
        entries.append(entry)
    write(home, entries)


def test_the_demo_page_is_self_contained_and_accessible(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "demo.html"
    result = runner.invoke(app, ["report", "--demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "made-up journal" in result.stdout
    html = out.read_text(encoding="utf-8")
    assert oct(out.stat().st_mode)[-3:] == "600"
    assert references_elsewhere(html) == []
    assert "http" not in html and "//" not in html  # not even a namespace name
    page = Page(html)
    svgs = page.named("svg")
    assert len(svgs) == 6  # check-ins, pixels, principles, themes, rhythm, tags
    for svg in svgs:
        assert svg["role"] == "img"
        title_id, desc_id = (svg["aria-labelledby"] or "").split()
        assert {"id": title_id} in page.named("title")
        assert {"id": desc_id} in page.named("desc")
    # Beside each chart, a table of its numbers.
    assert len(page.named("details")) == len(svgs) == len(page.named("table"))
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique across the charts"
    assert "@media print" in html and "break-before: page" in html
    for heading in (
        "Check-ins over time",
        "A year in pixels",
        "Principles by month",
        "Themes",
        "Triggers, what helped, and strengths",
        "Rhythm and tags",
    ):
        assert f">{heading}</h2>" in html
    assert not journal_home.exists() or list(journal_home.rglob("*.md")) == []


def test_a_report_of_the_journal(runner: CliRunner, journal_home: Path, tmp_path: Path) -> None:
    a_journal(journal_home)
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--since", "8w", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    start = local_today() - timedelta(days=55)
    assert f"Reflections from {start.day} {start:%B %Y}" in html
    # The untouched principles are named with the command to reflect on them.
    assert "ticli today --principle belonging" in html
    assert "ticli today --principle strengths" not in html
    assert "#team" in html and "#group" in html
    # The table beside the pixels holds the same numbers as the cells.
    day = local_today() - timedelta(days=1)
    assert f'<th scope="row">{day:%Y-%m-%d}</th><td class="n">2.0</td>' in html
    tagged = runner.invoke(app, ["report", "--tag", "group", "--out", str(out)])
    assert tagged.exit_code == 0
    assert "#group" in out.read_text() and "Triggers and protective reactions" in out.read_text()


def test_what_the_user_wrote_is_shown_never_run(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    nasty = (
        '<script>alert("x")</script> [bold]loud[/] & <img src=x onerror=alert(1)> '
        "$x^2$ \x1b[31mred\x1b[0m </blockquote>"
    )
    day = local_today() - timedelta(days=2)
    entry = make_entry(
        at(day),
        [("strengths-today", nasty), ("triggers-what-helped", nasty)],
        principles=("strengths", "triggers"),
    )
    write(journal_home, [replace(entry, ratings={"capacity": 3}, tags=("a-b",))])
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    assert page.named("script") == [] and page.named("img") == []
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "[bold]loud[/] &amp; &lt;img" in html
    assert "\x1b" not in html and "\\x1b[31mred" in html
    assert "&lt;/blockquote&gt;" in html
    assert references_elsewhere(html) == []


@pytest.mark.parametrize("entries", [0, 1])
def test_an_empty_or_one_entry_journal_gets_a_kind_page(
    runner: CliRunner, journal_home: Path, tmp_path: Path, entries: int
) -> None:
    if entries:
        one = replace(rated(local_today(), capacity=4), principles=("strengths",))
        write(journal_home, [one])
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert references_elsewhere(html) == []
    assert "missed" not in html.lower() and "streak" not in html.lower()
    assert "Not enough writing yet to pick out themes" in html
    if entries:
        assert "1 entry on 1 day" in html
        assert len(Page(html).named("svg")) == 4  # check-ins, pixels, principles, rhythm
    else:
        assert "0 entries on 0 days" in html
        assert "Nothing written in this period" in html
        assert "No check-ins in this period." in html
        assert Page(html).named("svg") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2999-01-01"], "is in the future"),
        (["--until", "2999-01-01"], "is in the future"),
        (["--since", "soon"], "soon"),
        (["--pixels", "mood"], "no check-in called 'mood'"),
        (["--kind", "dream"], "no entry kind"),
        (["--principle", "nope"], "nope"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_written(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()


def test_identifying_details_are_refused_without_a_terminal(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    day = local_today() - timedelta(days=1)
    write(journal_home, [make_entry(at(day), [("strengths-today", "Her mobile is 07700 900123.")])])
    out = tmp_path / "r.html"
    refused = runner.invoke(app, ["report", "--out", str(out)])
    assert refused.exit_code == 1
    assert "may identify someone" in refused.output and not out.exists()
    allowed = runner.invoke(app, ["report", "--out", str(out), "--allow-identifiers"])
    assert allowed.exit_code == 0 and "07700 900123" in out.read_text()


def test_piped_without_out_prints_the_page(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", "--demo"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!doctype html>")
    assert result.stdout.rstrip().endswith("</html>")


def test_open_hands_the_file_to_the_browser(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {seen}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "--demo", "--open"])
    assert result.exit_code == 0, result.output
    made = tmp_path / f"ticli-report-{local_today().isoformat()}.html"
    assert made.exists()
    for _ in range(50):  # the browser is started in the background
        if seen.exists() and seen.read_text():
            break
        import time as clock

        clock.sleep(0.1)
    assert seen.read_text() == made.resolve().as_uri()


def test_a_report_is_never_written_inside_the_journal(
    runner: CliRunner, journal_home: Path
) -> None:
    write(journal_home, [rated(local_now().date(), capacity=3)])
    result = runner.invoke(app, ["report", "--out", str(journal_home / "r.html")])
    assert result.exit_code != 0
    assert not (journal_home / "r.html").exists()
