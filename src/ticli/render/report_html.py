"""`ticli report` as one self-contained HTML page: charts inline, no script, nothing
fetched from anywhere. Every chart has a table of the same numbers beside it, and
everything the user wrote is escaped, so it is shown and never run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ticli.render.console import literal, plural, quote, say

if TYPE_CHECKING:
    from rich.console import Console

    from ticli.analysis.history import Quote
    from ticli.analysis.report import CheckinSeries, MonthGrid, Pixels, Report

_STYLE = """
:root { color: #1a1a1a; background: #fff; font: 16px/1.5 system-ui, "DejaVu Sans", sans-serif; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 0 0 .5rem; border-bottom: 2px solid #0072b2; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
.muted { color: #4d4d4d; }
.note { background: #fff6dc; border-left: 4px solid #e69f00; padding: .5rem .75rem; }
section { margin: 2.5rem 0; }
figure { margin: .5rem 0; }
svg.chart { width: 100%; height: auto; display: block; }
details { margin: .5rem 0; }
summary { cursor: pointer; color: #00507d; text-decoration: underline; }
table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .2rem .5rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
blockquote { margin: .4rem 0 .6rem; padding: .1rem .8rem; border-left: 4px solid #009e73; }
blockquote p { margin: .2rem 0; }
code { background: #f0f0f0; padding: 0 .25rem; }
@media print {
  :root { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  section { break-before: page; margin: 0; }
  section:first-of-type { break-before: auto; }
  figure, table, blockquote { break-inside: avoid; }
  details > summary { display: none; }
  .scroll { overflow: visible; }
}
@page { margin: 15mm; }
"""


def report_html(report: Report, today: date) -> str:
    """The whole report page."""
    from ticli.render.report_bars import tag_bars, themes_chart, weekly_bars
    from ticli.render.report_grids import pixels_chart, principles_chart
    from ticli.render.report_lines import checkins_chart

    s = report.summary
    period = report.period
    title = f"Reflections from {_day(period.start)} to {_day(period.end)}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>",
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="muted">Made by ticli on {_day(today)}: '
        f"{plural(s.rhythm.entries, 'entry', 'entries')}"
        f" on {plural(s.rhythm.days, 'day', 'days')}. Observations, not judgements: "
        "days without a reflection are simply blank.</p>",
    ]
    if report.demo:
        parts.append(
            '<p class="note">This report is of a made-up journal, to show what a report looks '
            "like. Nothing in it is anyone's.</p>"
        )
    parts.append("</header>")
    parts += _checkins(report, checkins_chart)
    parts += _pixels(report.pixels, pixels_chart)
    parts += _principles(report, principles_chart)
    parts += _themes(report, themes_chart)
    parts += _words(report)
    parts += _rhythm(report, weekly_bars, tag_bars)
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _section(key: str, title: str, intro: str = "") -> list[str]:
    head = [f'<section id="{key}" aria-labelledby="{key}-h"><h2 id="{key}-h">{escape(title)}</h2>']
    return head + ([f"<p>{intro}</p>"] if intro else [])


def _table(caption: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The numbers of a chart, as a table in a <details> block beside it."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(_number(c))}</td>'
            if isinstance(c, (int, float))
            else f'<th scope="row">{escape(str(c))}</th>'
            if i == 0
            else f"<td>{escape(str(c))}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<details><summary>The numbers in this chart: {escape(caption)}</summary>"
        f'<div class="scroll"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>"
    )


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.1f}"


def _figure(svg: str) -> str:
    return f"<figure>{svg}</figure>"


# ---------------------------------------------------------------- sections


def _checkins(report: Report, chart: Callable[..., str]) -> list[str]:
    parts = _section(
        "checkins",
        "Check-ins over time",
        "Your 1 to 5 check-ins, week by week: the line is the week's mean, the shading its "
        "lowest to highest. A week without a check-in is a gap.",
    )
    if not report.checkins:
        return [*parts, "<p>No check-ins in this period.</p></section>"]
    parts.append(_figure(chart(report.checkins, report.weeks, "checkins")))
    parts.append(_checkin_table(report.checkins))
    return [*parts, "</section>"]


def _checkin_table(series: Sequence[CheckinSeries]) -> str:
    header = ["Week from", *[f"{s.name}: mean (range)" for s in series]]
    rows = []
    for number, week in enumerate(series[0].weeks):
        cells: list[object] = [f"{week.start:%Y-%m-%d}"]
        for one in series:
            w = one.weeks[number]
            cells.append(f"{w.mean:.1f} ({w.low}-{w.high})" if w.mean is not None else "none")
        rows.append(cells)
    return _table("check-ins by week", header, rows)


def _pixels(pixels: Pixels, chart: Callable[..., str]) -> list[str]:
    parts = _section(
        "pixels",
        "A year in pixels",
        f"One cell per day, coloured by {escape(pixels.name.lower())} and showing its number. "
        "A dotted cell is a day you wrote without this check-in; a blank cell is a day without "
        "a reflection.",
    )
    if not pixels.days:
        return [*parts, "<p>Nothing written in this period yet.</p></section>"]
    parts.append(_figure(chart(pixels, "pixels")))
    rows = [
        (f"{day:%Y-%m-%d}", "written, no check-in" if v is None else v)
        for day, v in sorted(pixels.days.items())
    ]
    parts.append(_table(f"{pixels.name} by day (days written on)", ["Day", pixels.name], rows))
    return [*parts, "</section>"]


def _principles(report: Report, chart: Callable[..., str]) -> list[str]:
    grid: MonthGrid = report.by_month
    parts = _section(
        "principles",
        "Principles by month",
        "How many entries touched each principle, month by month.",
    )
    if any(any(counts) for _, _, counts in grid.rows):
        parts.append(_figure(chart(grid, "principles")))
        header = ["Principle", *[f"{m:%b %Y}" for m in grid.months]]
        parts.append(
            _table("entries by principle and month", header, [(n, *c) for _, n, c in grid.rows])
        )
    quiet = report.summary.quiet
    if quiet:
        parts.append("<h3>Not touched in this period</h3><ul>")
        parts += [
            f"<li>{escape(q.name)}: if it fits, try <code>{escape(q.command)}</code></li>"
            for q in quiet
        ]
        parts.append("</ul>")
    return [*parts, "</section>"]


def _themes(report: Report, chart: Callable[..., str]) -> list[str]:
    s = report.summary
    parts = _section(
        "themes",
        "Themes",
        "Words and phrases that set this period apart from the rest of your journal "
        "(the same analysis as <code>ticli summary</code>).",
    )
    if not s.themes_possible:
        now, rest = s.theme_words
        parts.append(
            f"<p>Not enough writing yet to pick out themes ({now} words in this period, "
            f"{rest} in the rest of the journal). They appear as the journal grows.</p>"
        )
    elif not s.themes:
        parts.append("<p>No word stands out from the rest of the journal this time.</p>")
    else:
        parts.append(_figure(chart(s.themes, "themes")))
        rows = [
            (t.term, "rising" if t.rising else "falling", t.now, t.before, round(abs(t.z), 1))
            for t in s.themes
        ]
        header = ["Word or phrase", "Direction", "Uses now", "Uses in the rest", "Strength (z)"]
        parts.append(_table("themes", header, rows))
    return [*parts, "</section>"]


def _quotes(quotes: Sequence[Quote]) -> list[str]:
    return [
        f'<blockquote><p>{escape(quote(q.text, 240))}</p><p class="muted">{_day(q.day)}</p>'
        "</blockquote>"
        for q in quotes
    ]


def _words(report: Report) -> list[str]:
    s = report.summary
    parts = _section(
        "words",
        "Triggers, what helped, and strengths",
        "In your own words, newest first.",
    )
    parts.append("<h3>Triggers you noticed</h3>")
    if s.trigger_themes:
        recurring = ", ".join(escape(w) for w in s.trigger_themes)
        parts.append(f"<p>Recurring in what you noticed: {recurring}.</p>")
    parts += _quotes(s.noticed) or ["<p>Nothing written about triggers in this period.</p>"]
    parts.append("<h3>What helped</h3>")
    parts += _quotes(s.helped) or ["<p>Nothing written about what helped in this period.</p>"]
    parts.append("<h3>Strengths named</h3>")
    parts += _quotes(s.strengths) or ["<p>No strengths written down in this period.</p>"]
    if s.strengths_long_ago:
        parts.append("<h3>From longer ago</h3>")
        parts += _quotes(s.strengths_long_ago)
    return [*parts, "</section>"]


def _rhythm(report: Report, weekly: Callable[..., str], tag_chart: Callable[..., str]) -> list[str]:
    s = report.summary
    counts = s.rhythm.weekly
    parts = _section("rhythm", "Rhythm and tags", "How many entries you wrote each week.")
    if sum(counts):
        parts.append(_figure(weekly(counts, report.weeks, "rhythm")))
        rows = [(f"{w:%Y-%m-%d}", n) for w, n in zip(report.weeks, counts, strict=False)]
        parts.append(_table("entries per week", ["Week from", "Entries"], rows))
    else:
        parts.append("<p>Nothing written in this period.</p>")
    parts.append("<h3>Tags</h3>")
    if s.tags:
        parts.append(_figure(tag_chart(s.tags, "tags")))
        parts.append(
            _table("entries per tag", ["Tag", "Entries"], [(f"#{t}", n) for t, n in s.tags])
        )
    else:
        parts.append("<p>No tags in this period.</p>")
    return [*parts, "</section>"]


# ---------------------------------------------------------------- in the terminal


def report_written(out: Console, path: Path, demo: bool) -> None:
    """Where the report is, and what to do with it."""
    what = "a report of a made-up journal" if demo else "your report"
    say(out, f"Wrote {what} to ", literal(str(path)))
    say(
        out,
        "Open it in any web browser; it needs no network. To take it to supervision, "
        "print it (or print to PDF) from the browser.",
        style="dim",
    )


def no_browser(out: Console) -> None:
    say(out, "I could not open a web browser here. Open the file above in one yourself.")
