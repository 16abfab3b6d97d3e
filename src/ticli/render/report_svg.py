"""What the report's charts share: the palettes, and SVG written as text.

The charts are drawn as SVG strings by hand (report_lines, report_grids, report_bars):
matplotlib drew them before, but importing it alone took about a second and drawing
another one and a half, most of `ticli report`'s 2 s budget at 7,300 entries. These
charts are simple shapes on a grid, and the page lays out their text.

Every chart is an <svg role="img"> with a <title> and a <desc>; its text stays text; its
ids start with its key, so several sit in one page. Colour never carries meaning alone:
the year in pixels writes each day's number in its cell, the heat map writes its counts,
falling themes are hatched and labelled, and the palettes are colour-blind safe
(Okabe-Ito for lines and bars, viridis for 1-5 scales).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from html import escape

#: Okabe & Ito (2008): told apart with every common kind of colour blindness.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
#: Viridis in five steps for a 1-5 check-in, and the text colour readable on each.
SCALE = ("#440154", "#3B528B", "#21918C", "#5EC962", "#FDE725")
SCALE_TEXT = ("#FFFFFF", "#FFFFFF", "#FFFFFF", "#000000", "#000000")
INK = "#1A1A1A"
MUTED = "#4D4D4D"
GRID = "#D9D9D9"
#: Every chart is this many units wide (points: 10 inches at 72 to the inch); the page
#: scales it to its width, text and all.
WIDTH = 720
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def chart(key: str, height: float, title: str, desc: str, body: Iterable[str]) -> str:
    """An <svg> to put in HTML: titled, described, scaling with the page."""
    return (
        f'<svg role="img" aria-labelledby="{key}-title {key}-desc" class="chart" '
        f'viewBox="0 0 {WIDTH} {n(height)}" font-family="{FONT}" font-size="10" fill="{INK}">'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def n(value: float) -> str:
    """A coordinate, short: two decimals at most."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def text(
    x: float,
    y: float,
    words: str,
    *,
    size: float = 10,
    anchor: str = "start",
    colour: str = INK,
    bold: bool = False,
    rotate: bool = False,
) -> str:
    """Words centred on y (anything the user wrote is escaped: shown, never run)."""
    extra = ' font-weight="bold"' if bold else ""
    extra += f' transform="rotate(-90 {n(x)} {n(y)})"' if rotate else ""
    size_attr = f' font-size="{n(size)}"' if size != 10 else ""
    fill = f' fill="{colour}"' if colour != INK else ""
    return (
        f'<text x="{n(x)}" y="{n(y)}" text-anchor="{anchor}" dominant-baseline="central"'
        f"{size_attr}{fill}{extra}>{escape(words)}</text>"
    )


def rect(x: float, y: float, w: float, h: float, fill: str, stroke: str = "none") -> str:
    edge = f' stroke="{stroke}" stroke-width="0.6"' if stroke != "none" else ""
    return f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" fill="{fill}"{edge}/>'


def line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 0.8) -> str:
    return (
        f'<path d="M{n(x1)} {n(y1)}H{n(x2)}" stroke="{colour}" stroke-width="{n(width)}"/>'
        if y1 == y2
        else f'<path d="M{n(x1)} {n(y1)}L{n(x2)} {n(y2)}" stroke="{colour}" '
        f'stroke-width="{n(width)}"/>'
    )


def dots(key: str) -> str:
    """A pattern of small dots: a day written on without the check-in."""
    return (
        f'<defs><pattern id="{key}-dots" width="4" height="4" patternUnits="userSpaceOnUse">'
        f'<rect width="4" height="4" fill="#FFFFFF"/>'
        f'<circle cx="2" cy="2" r="0.75" fill="{INK}"/></pattern></defs>'
    )


def stripes(key: str, colour: str) -> str:
    """A pattern of diagonal lines: a falling theme."""
    return (
        f'<defs><pattern id="{key}-stripes" width="6" height="6" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect width="6" height="6" fill="#FFFFFF"/>'
        f'<path d="M0 0V6" stroke="{colour}" stroke-width="1.4"/></pattern></defs>'
    )


def text_width(words: str, size: float = 10) -> float:
    """About how wide these words are in DejaVu Sans (a generous average per letter)."""
    return 0.6 * size * len(words)


def week_ticks(weeks: Sequence[date]) -> list[tuple[int, str]]:
    """Where to label weeks: by month (or by day, for a short period)."""
    if len(weeks) <= 10:
        return [(i, f"{w.day} {w:%b}") for i, w in enumerate(weeks)]
    ticks = []
    for number, start in enumerate(weeks):
        if number == 0 or start.month != weeks[number - 1].month:
            label = f"{start:%b %Y}" if number == 0 or start.month == 1 else f"{start:%b}"
            ticks.append((number, label))
    step = max(1, math.ceil(len(ticks) / 14))
    return ticks[::step]


def nice_ticks(top: float) -> list[int]:
    """Whole numbers from 0 to at least `top` in steps of 1, 2, 5, 10, 20, 50...:
    six at most."""
    step, grow = 1, (2, 2.5, 2)
    turn = 0
    while top / step > 5:
        step = int(step * grow[turn % 3])
        turn += 1
    return list(range(0, math.ceil(max(top, 1) / step) * step + 1, step))


def months(first: date, last: date) -> list[date]:
    """The first day of every month from `first` to `last`."""
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return found
