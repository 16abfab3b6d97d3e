"""The report's grids of cells, drawn as SVG (see report_svg): a year in pixels, and
principles by month as a heat map. Each cell's number is written in it."""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

from ticli.render.report_svg import (
    GRID,
    INK,
    MUTED,
    SCALE,
    SCALE_TEXT,
    WIDTH,
    chart,
    dots,
    months,
    rect,
    text,
    text_width,
)

if TYPE_CHECKING:
    from ticli.analysis.report import MonthGrid, Pixels

#: The year in pixels: a cell every PITCH units, CELL wide, a row per month.
PITCH, CELL = 20.0, 18.0
#: Room for "Sep 2026" at the left.
MONTH_ROOM = 64.0


def pixels_chart(pixels: Pixels, key: str) -> str:
    """A year in pixels: a row per month, a cell per day, the day's check-in written in it."""
    rows = months(pixels.first, pixels.last)
    left = MONTH_ROOM + (WIDTH - MONTH_ROOM - 31 * PITCH) / 2
    top = 4.0
    body = [dots(key)]
    for row, month in enumerate(rows):
        y = top + row * PITCH
        body.append(text(left - 8, y + PITCH / 2, f"{month:%b %Y}", anchor="end"))
        for day_number in range(1, 32):
            try:
                day = month.replace(day=day_number)
            except ValueError:
                break
            if not pixels.first <= day <= pixels.last:
                continue
            body += _day_cell(pixels, day, left + (day_number - 1) * PITCH, y, key)
    bottom = top + len(rows) * PITCH
    body += [
        text(
            left + (d - 1) * PITCH + PITCH / 2,
            bottom + 10,
            str(d),
            size=9,
            colour=MUTED,
            anchor="middle",
        )
        for d in range(1, 32, 2)
    ]
    body += _pixels_legend(pixels, bottom + 32, key)
    written = len(pixels.days)
    rated = sum(1 for v in pixels.days.values() if v is not None)
    return chart(
        key,
        bottom + 78,
        f"A year in pixels: {pixels.name}",
        f"One cell per day from {pixels.first:%d %B %Y} to {pixels.last:%d %B %Y}, a row "
        f"per month. {written} days have a reflection, {rated} of them with this check-in; "
        "its value (1 to 5) is written in the cell. Days without a reflection are blank.",
        body,
    )


def _day_cell(pixels: Pixels, day: date, x: float, y: float, key: str) -> list[str]:
    margin = (PITCH - CELL) / 2
    if day not in pixels.days:
        return [rect(x + margin, y + margin, CELL, CELL, "#FFFFFF", GRID)]
    value = pixels.days[day]
    if value is None:
        return [rect(x + margin, y + margin, CELL, CELL, f"url(#{key}-dots)", MUTED)]
    level = min(5, max(1, round(value)))
    return [
        rect(x + margin, y + margin, CELL, CELL, SCALE[level - 1], "#FFFFFF"),
        text(
            x + PITCH / 2,
            y + PITCH / 2,
            str(level),
            size=9,
            anchor="middle",
            colour=SCALE_TEXT[level - 1],
        ),
    ]


def _pixels_legend(pixels: Pixels, top: float, key: str) -> list[str]:
    """What the colours mean, in words, centred under the grid."""
    title = f"{pixels.name}: 1 = {pixels.low_label}, 5 = {pixels.high_label}"
    items = [(SCALE[v - 1], GRID, str(v)) for v in range(1, 6)]
    items += [
        (f"url(#{key}-dots)", MUTED, "written, no check-in"),
        ("#FFFFFF", GRID, "no reflection"),
    ]
    widths = [14 + 6 + 0.9 * text_width(label, 9) + 16 for _, _, label in items]
    x = (WIDTH - sum(widths)) / 2
    body = [text(WIDTH / 2, top, title, size=9, anchor="middle")]
    for (fill, edge, label), width in zip(items, widths, strict=True):
        body.append(rect(x, top + 12, 14, 10, fill, edge))
        body.append(text(x + 20, top + 17, label, size=9))
        x += width
    return body


def principles_chart(grid: MonthGrid, key: str) -> str:
    """A heat map of principles by month, each count written in its cell."""
    rows = grid.rows
    highest = max((c for _, _, counts in rows for c in counts), default=0) or 1
    left = 14 + max((text_width(name) for _, name, _ in rows), default=40)
    width = (WIDTH - left - 14) / max(len(grid.months), 1)
    height = 26.0
    top = 4.0
    body = []
    for row, (_, name, counts) in enumerate(rows):
        y = top + row * height
        body.append(text(left - 8, y + height / 2, name, anchor="end"))
        for column, count in enumerate(counts):
            # The square root lets the quieter principles show beside the busiest.
            share = math.sqrt(count / highest)
            x = left + column * width
            body.append(rect(x, y, width, height, _blue(share), "#FFFFFF"))
            if count:
                ink = "#FFFFFF" if share > 0.55 else INK
                body.append(
                    text(
                        x + width / 2,
                        y + height / 2,
                        str(count),
                        size=9,
                        anchor="middle",
                        colour=ink,
                    )
                )
    bottom = top + len(rows) * height
    step = max(1, math.ceil(len(grid.months) / 14))
    body += [
        text(
            left + (i + 0.5) * width,
            bottom + 12,
            f"{grid.months[i]:%b %y}",
            size=9,
            anchor="middle",
            colour=MUTED,
        )
        for i in range(0, len(grid.months), step)
    ]
    return chart(
        key,
        bottom + 26,
        "Principles by month",
        "How many entries touched each principle in each month; the number is written "
        "in each cell, darker cells are higher, and empty cells mean none.",
        body,
    )


def _blue(share: float) -> str:
    """From near-white to dark blue: how much of the busiest month's count."""
    if share <= 0:
        return "#F4F6F8"
    light, dark = (222, 235, 247), (8, 48, 107)
    r, g, b = (round(a + (d - a) * share) for a, d in zip(light, dark, strict=True))
    return f"#{r:02X}{g:02X}{b:02X}"
