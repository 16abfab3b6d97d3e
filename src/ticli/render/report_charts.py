"""The report's charts, drawn with matplotlib as inline SVG.

Every chart is an <svg role="img"> with a <title> and a <desc>; its text stays text
(not paths); its ids are its own, so several can sit in one page. Colour never carries
meaning alone: the year in pixels writes each day's number in its cell, the heat map
writes its counts, falling themes are hatched and labelled, and the palettes are
colour-blind safe (Okabe-Ito for lines and bars, viridis for 1-5 scales).
"""

from __future__ import annotations

import io
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ticli.analysis.report import CheckinSeries, MonthGrid, Pixels
    from ticli.analysis.themes import Theme

#: Okabe & Ito (2008): told apart with every common kind of colour blindness.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
#: Viridis in five steps for a 1-5 check-in, and the text colour readable on each.
SCALE = ("#440154", "#3B528B", "#21918C", "#5EC962", "#FDE725")
SCALE_TEXT = ("#FFFFFF", "#FFFFFF", "#FFFFFF", "#000000", "#000000")
INK = "#1A1A1A"
MUTED = "#4D4D4D"
GRID = "#D9D9D9"

#: Typed loosely: matplotlib types its settings as a long list of literal names.
_STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",  # text stays text: sharp, selectable, small
    "svg.hashsalt": "ticli",  # the same chart gives the same file
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 10,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.color": INK,
    "hatch.linewidth": 0.8,
}


@contextmanager
def _figure(
    width: float, height: float, fixed: tuple[float, float, float, float]
) -> Iterator[Figure]:
    """A figure with fixed margins: left, right, top and bottom, in inches. (matplotlib's
    automatic layout measures every label first, and took a third of a report's time.)"""
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(width, height))
        left, right, top, bottom = fixed
        figure.subplots_adjust(
            left=left / width,
            right=1 - right / width,
            top=1 - top / height,
            bottom=bottom / height,
        )
        yield figure


def to_svg(figure: Figure, key: str, title: str, desc: str) -> str:
    """The figure as an <svg> to put in HTML: titled, described, with ids of its own."""
    buffer = io.StringIO()
    with matplotlib.rc_context(_STYLE):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Namespaces are not needed inline, and the metadata names matplotlib's web site.
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{key}-{m.group(1)}"', svg)
    svg = re.sub(
        r"(url\(#|href=\"#)([^)\"]+)",
        lambda m: m.group(1) + (f"{key}-{m.group(2)}" if m.group(2) in ids else m.group(2)),
        svg,
    )
    opening = svg.index(">") + 1
    # Without a fixed width and height the chart scales with the page (the viewBox stays).
    attributes = re.sub(r'\s(width|height)="[^"]*"', "", svg[len("<svg") : opening - 1])
    return (
        f'<svg role="img" aria-labelledby="{key}-title {key}-desc" class="chart"{attributes}>'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(desc)}</desc>' + svg[opening:]
    )


# ---------------------------------------------------------------- axes helpers


def _week_ticks(axes: Axes, weeks: Sequence[date]) -> None:
    """Label weeks by month (or by day, for a short period)."""
    if len(weeks) <= 10:
        axes.set_xticks(range(len(weeks)), [f"{w.day} {w:%b}" for w in weeks])
        return
    places, labels = [], []
    for number, start in enumerate(weeks):
        month_begins = number == 0 or start.month != weeks[number - 1].month
        if month_begins:
            places.append(number)
            labels.append(f"{start:%b %Y}" if number == 0 or start.month == 1 else f"{start:%b}")
    step = max(1, math.ceil(len(places) / 14))
    axes.set_xticks(places[::step], labels[::step])


def _label_room(labels: Sequence[str]) -> float:
    """Inches to leave at the left for these labels at 10 points (a generous average)."""
    return 0.35 + 0.09 * max((len(label) for label in labels), default=4)


def _plain(axes: Axes) -> None:
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


# ---------------------------------------------------------------- the charts


def checkins_chart(series: Sequence[CheckinSeries], weeks: Sequence[date], key: str) -> str:
    """One panel per check-in: the weekly mean as a line over its range, gaps left open."""
    with _figure(10, 1.9 * len(series) + 0.4, fixed=(0.45, 0.15, 0.3, 0.4)) as figure:
        panels = figure.subplots(
            len(series), 1, sharex=True, squeeze=False, gridspec_kw={"hspace": 0.5}
        )[:, 0]
        for number, (axes, one) in enumerate(zip(panels, series, strict=True)):
            colour = OKABE_ITO[number % len(OKABE_ITO)]
            x = list(range(len(weeks)))
            mean = [w.mean if w.mean is not None else math.nan for w in one.weeks]
            low = [w.low if w.low is not None else math.nan for w in one.weeks]
            high = [w.high if w.high is not None else math.nan for w in one.weeks]
            axes.fill_between(x, low, high, color=colour, alpha=0.22, linewidth=0)
            # A week with no neighbour has no band to shade: its range is a short line.
            alone = [
                i
                for i in x
                if not math.isnan(mean[i])
                and (i == 0 or math.isnan(mean[i - 1]))
                and (i == len(x) - 1 or math.isnan(mean[i + 1]))
            ]
            axes.vlines(alone, [low[i] for i in alone], [high[i] for i in alone], color=colour)
            axes.plot(x, mean, color=colour, linewidth=2, marker="o", markersize=3.5)
            axes.set_ylim(0.6, 5.4)
            axes.set_yticks([1, 2, 3, 4, 5])
            axes.set_title(one.name, loc="left", fontsize=11, fontweight="bold", color=INK)
            ends = f"1 = {one.low_label}   5 = {one.high_label}" if one.high_label else ""
            axes.set_title(ends, loc="right", fontsize=9, color=MUTED)
            _plain(axes)
        _week_ticks(panels[-1], weeks)
        names = ", ".join(s.name for s in series)
        return to_svg(
            figure,
            key,
            "Check-ins over time",
            f"Weekly mean of each check-in ({names}) on a 1 to 5 scale, with the week's "
            "lowest and highest shaded. Weeks without a check-in are left as gaps.",
        )


def pixels_chart(pixels: Pixels, key: str) -> str:
    """A year in pixels: a row per month, a cell per day, the day's check-in written in it."""
    months = _months(pixels.first, pixels.last)
    cells: dict[str, list[tuple[int, int, int]]] = {"blank": [], "unrated": [], "rated": []}
    for row, month in enumerate(months):
        for day_number in range(1, 32):
            try:
                day = month.replace(day=day_number)
            except ValueError:
                break
            if not pixels.first <= day <= pixels.last:
                continue
            value = pixels.days.get(day)
            if day not in pixels.days:
                cells["blank"].append((day_number - 1, row, 0))
            elif value is None:
                cells["unrated"].append((day_number - 1, row, 0))
            else:
                cells["rated"].append((day_number - 1, row, min(5, max(1, round(value)))))
    with _figure(10, 0.27 * len(months) + 1.1, fixed=(1.0, 0.2, 0.1, 0.75)) as figure:
        axes = figure.subplots()
        _cells(axes, cells["blank"], "white", GRID)
        _cells(axes, cells["unrated"], "white", MUTED, hatch="..")
        _cells(axes, cells["rated"], [SCALE[v - 1] for _, _, v in cells["rated"]], "white")
        _numbers(axes, cells["rated"], lambda level: SCALE_TEXT[level - 1], 7)
        axes.set_xlim(-0.5, 30.5)
        axes.set_ylim(len(months) - 0.5, -0.5)
        axes.set_xticks(range(0, 31, 2), [str(d) for d in range(1, 32, 2)])
        axes.set_yticks(range(len(months)), [f"{m:%b %Y}" for m in months])
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)
        legend = [Patch(facecolor=SCALE[v - 1], edgecolor=GRID, label=f"{v}") for v in range(1, 6)]
        legend += [
            Patch(facecolor="white", edgecolor=MUTED, hatch="..", label="written, no check-in"),
            Patch(facecolor="white", edgecolor=GRID, label="no reflection"),
        ]
        axes.legend(
            handles=legend,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1 * 12 / max(len(months), 1)),
            ncols=7,
            frameon=False,
            fontsize=9,
            title=f"{pixels.name}: 1 = {pixels.low_label}, 5 = {pixels.high_label}",
            title_fontsize=9,
        )
        written = len(pixels.days)
        rated = sum(1 for v in pixels.days.values() if v is not None)
        return to_svg(
            figure,
            key,
            f"A year in pixels: {pixels.name}",
            f"One cell per day from {pixels.first:%d %B %Y} to {pixels.last:%d %B %Y}, a row "
            f"per month. {written} days have a reflection, {rated} of them with this check-in; "
            "its value (1 to 5) is written in the cell. Days without a reflection are blank.",
        )


def _cells(
    axes: Axes,
    places: Sequence[tuple[int, int, int]],
    fill: str | list[str],
    edge: str,
    hatch: str | None = None,
    size: float = 0.9,
) -> None:
    """Square cells centred on (x, y), drawn as one collection (thousands draw quickly)."""
    if not places:
        return
    half = size / 2
    boxes = [Rectangle((x - half, y - half), size, size) for x, y, _ in places]
    axes.add_collection(
        PatchCollection(boxes, facecolors=fill, edgecolors=edge, linewidths=0.6, hatch=hatch)
    )


def _numbers(
    axes: Axes, places: Sequence[tuple[int, int, int]], ink: Callable[[int], str], size: float
) -> None:
    """Write each cell's number (not 0) in it. Drawn as one marker per distinct number, each
    defined once in the SVG and reused, which is many times quicker than a text per cell."""
    by_number: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for x, y, number in places:
        if number:
            by_number[number].append((x, y))
    for number, spots in by_number.items():
        label = str(number)
        # A marker is scaled to fit a square: wider numbers get a wider square.
        width = size * (1 if len(label) == 1 else 0.62 * len(label))
        axes.scatter(
            [x for x, _ in spots],
            [y for _, y in spots],
            marker=f"${label}$",
            s=width**2,
            c=ink(number),
            linewidths=0,
        )


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def principles_chart(grid: MonthGrid, key: str) -> str:
    """A heat map of principles by month, each count written in its cell."""
    rows = grid.rows
    top = max((n for _, _, counts in rows for n in counts), default=0) or 1
    places = [
        (x, y, count) for y, (_, _, counts) in enumerate(rows) for x, count in enumerate(counts)
    ]
    # The square root lets the quieter principles show beside the busiest.
    shares = [math.sqrt(count / top) for _, _, count in places]
    left = _label_room([name for _, name, _ in rows])
    with _figure(10, 0.36 * len(rows) + 0.6, fixed=(left, 0.2, 0.1, 0.4)) as figure:
        axes = figure.subplots()
        _cells(axes, places, [_blue(share) for share in shares], "white", size=1.0)
        _numbers(axes, places, lambda count: "#FFFFFF" if math.sqrt(count / top) > 0.55 else INK, 7)
        axes.set_xlim(-0.5, len(grid.months) - 0.5)
        axes.set_ylim(len(rows) - 0.5, -0.5)
        step = max(1, math.ceil(len(grid.months) / 14))
        ticks = list(range(0, len(grid.months), step))
        axes.set_xticks(ticks, [f"{grid.months[i]:%b %y}" for i in ticks])
        axes.set_yticks(range(len(rows)), [name for _, name, _ in rows])
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)
        return to_svg(
            figure,
            key,
            "Principles by month",
            "How many entries touched each principle in each month; the number is written "
            "in each cell, darker cells are higher, and empty cells mean none.",
        )


def _blue(share: float) -> str:
    """From near-white to dark blue: how much of the busiest month's count."""
    if share <= 0:
        return "#F4F6F8"
    light, dark = (222, 235, 247), (8, 48, 107)
    r, g, b = (round(a + (d - a) * share) for a, d in zip(light, dark, strict=True))
    return f"#{r:02X}{g:02X}{b:02X}"


def themes_chart(themes: Sequence[Theme], key: str) -> str:
    """Rising themes to the right, falling ones (hatched) to the left."""
    ordered = sorted(themes, key=lambda t: abs(t.z) if t.rising else -abs(t.z))
    with _figure(10, 0.34 * len(ordered) + 1.0, fixed=(0.2, 0.2, 0.1, 0.5)) as figure:
        axes = figure.subplots()
        for y, theme in enumerate(ordered):
            z = abs(theme.z) if theme.rising else -abs(theme.z)
            axes.barh(
                y,
                z,
                color=OKABE_ITO[0] if theme.rising else "#FFFFFF",
                edgecolor=OKABE_ITO[0] if theme.rising else OKABE_ITO[5],
                hatch=None if theme.rising else "///",
                height=0.7,
            )
            word = "rising" if theme.rising else "falling"
            axes.text(
                z + (0.15 if z > 0 else -0.15),
                y,
                f"{theme.term} ({word})",
                parse_math=False,  # a "$" in the user's words is text, not mathematics
                ha="left" if z > 0 else "right",
                va="center",
                fontsize=9,
            )
        reach = max((abs(t.z) for t in ordered), default=1) * 1.9
        axes.set_xlim(-reach, reach)
        axes.axvline(0, color=MUTED, linewidth=0.8)
        axes.set_yticks([])
        axes.set_xticks([])  # the strength is in the table; the bars compare it
        axes.spines["left"].set_visible(False)
        axes.set_xlabel("← used less than before in your journal · used more →", color=MUTED)
        axes.legend(
            handles=[
                Patch(facecolor=OKABE_ITO[0], label="rising"),
                Patch(facecolor="white", edgecolor=OKABE_ITO[5], hatch="///", label="falling"),
            ],
            loc="lower right",
            frameon=False,
        )
        return to_svg(
            figure,
            key,
            "Themes: rising and falling",
            "Words and phrases used more (bars to the right) or less (hatched bars to the "
            "left) in this period than in the rest of the journal; bar length is the "
            "strength of the difference (a z-score).",
        )


def weekly_bars(counts: Sequence[int], weeks: Sequence[date], key: str) -> str:
    """Entries per week as bars, each labelled with its number when there is room."""
    with _figure(10, 2.6, fixed=(0.6, 0.2, 0.15, 0.45)) as figure:
        axes = figure.subplots()
        bars = axes.bar(range(len(counts)), counts, color=OKABE_ITO[2], width=0.8)
        if len(counts) <= 26:
            axes.bar_label(bars, fontsize=8, color=INK)
        _week_ticks(axes, weeks)
        axes.set_ylabel("entries")
        axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
        _plain(axes)
        return to_svg(
            figure,
            key,
            "Rhythm: entries per week",
            f"How many entries were written in each of {len(counts)} weeks; {sum(counts)} in all.",
        )


def tag_bars(tags: Sequence[tuple[str, int]], key: str) -> str:
    """The most used tags as bars, each labelled with its count."""
    shown = list(tags)[:12][::-1]
    left = _label_room([f"#{tag}" for tag, _ in shown])
    with _figure(10, 0.32 * len(shown) + 0.8, fixed=(left, 0.4, 0.1, 0.5)) as figure:
        axes = figure.subplots()
        bars = axes.barh(range(len(shown)), [n for _, n in shown], color=OKABE_ITO[4], height=0.7)
        axes.bar_label(bars, padding=3, fontsize=9, color=INK)
        axes.set_yticks(range(len(shown)), [f"#{t}" for t, _ in shown], parse_math=False)
        axes.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
        axes.set_xlabel("entries")
        return to_svg(
            figure,
            key,
            "Tags",
            "The most used tags in this period, with how many entries carry each.",
        )
