"""The report's line chart: check-ins week by week, drawn as SVG (see report_svg)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ticli.render.report_svg import (
    GRID,
    MUTED,
    OKABE_ITO,
    WIDTH,
    chart,
    line,
    n,
    text,
    week_ticks,
)

if TYPE_CHECKING:
    from ticli.analysis.report import CheckinSeries, CheckinWeek

LEFT, RIGHT = 32.0, 12.0
#: A panel: its title line, then the plot.
TITLE, PLOT, GAP = 22.0, 88.0, 26.0
AXIS = 30.0  # the week labels under the last panel
#: Where a week, or a value, goes on the page.
_Place = Callable[[float], float]


def checkins_chart(series: Sequence[CheckinSeries], weeks: Sequence[date], key: str) -> str:
    """One panel per check-in: the weekly mean as a line over its range, gaps left open."""
    count = max(len(weeks), 1)
    step = (WIDTH - LEFT - RIGHT) / count

    def x(week: float) -> float:
        return LEFT + (week + 0.5) * step

    body: list[str] = []
    top = 4.0
    for number, one in enumerate(series):
        colour = OKABE_ITO[number % len(OKABE_ITO)]
        body += _panel(one, colour, top, x)
        top += TITLE + PLOT + GAP
    bottom = top - GAP
    body += [
        text(x(i), bottom + 12, label, size=9, anchor="middle", colour=MUTED)
        for i, label in week_ticks(weeks)
    ]
    names = ", ".join(s.name for s in series)
    return chart(
        key,
        bottom + AXIS,
        "Check-ins over time",
        f"Weekly mean of each check-in ({names}) on a 1 to 5 scale, with the week's "
        "lowest and highest shaded. Weeks without a check-in are left as gaps.",
        body,
    )


def _panel(one: CheckinSeries, colour: str, top: float, x: _Place) -> list[str]:
    plot_top = top + TITLE

    def y(value: float) -> float:  # 0.6 at the bottom, 5.4 at the top
        return plot_top + PLOT * (5.4 - value) / 4.8

    right = WIDTH - RIGHT
    body = [text(LEFT, top + 8, one.name, size=11, bold=True)]
    if one.high_label:
        ends = f"1 = {one.low_label} · 5 = {one.high_label}"
        body.append(text(right, top + 8, ends, size=9, anchor="end", colour=MUTED))
    for level in range(1, 6):
        body.append(line(LEFT, y(level), right, y(level), GRID, 0.6))
        body.append(text(LEFT - 6, y(level), str(level), anchor="end"))
    body.append(line(LEFT, plot_top, LEFT, plot_top + PLOT, MUTED))
    body.append(line(LEFT, plot_top + PLOT, right, plot_top + PLOT, MUTED))
    for run in _runs(one.weeks):
        body += _run(run, one.weeks, colour, x, y)
    return body


def _runs(weeks: Sequence[CheckinWeek]) -> list[list[int]]:
    """The weeks with a check-in, in runs without a gap."""
    runs: list[list[int]] = []
    for number, week in enumerate(weeks):
        if week.mean is None:
            continue
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _run(
    run: list[int], weeks: Sequence[CheckinWeek], colour: str, x: _Place, y: _Place
) -> list[str]:
    """A run of weeks: the range shaded (a short line for a week alone), the mean over it."""
    low = [(x(i), y(_value(weeks[i].low))) for i in run]
    high = [(x(i), y(_value(weeks[i].high))) for i in run]
    mean = [(x(i), y(_value(weeks[i].mean))) for i in run]
    if len(run) == 1:
        (x1, y1), (_, y2) = low[0], high[0]
        body = [line(x1, y1, x1, y2, colour, 1.5)]
    else:
        band = "L".join(f"{n(a)} {n(b)}" for a, b in [*high, *reversed(low)])
        body = [f'<path d="M{band}Z" fill="{colour}" fill-opacity="0.22" stroke="none"/>']
    points = "L".join(f"{n(a)} {n(b)}" for a, b in mean)
    body.append(f'<path d="M{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    body += [f'<circle cx="{n(a)}" cy="{n(b)}" r="2" fill="{colour}"/>' for a, b in mean]
    return body


def _value(value: float | None) -> float:
    assert value is not None  # a week in a run has its check-ins
    return value
