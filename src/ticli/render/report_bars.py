"""The report's bar charts, drawn as SVG (see report_svg): themes rising and falling,
entries per week, and tags."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from ticli.render.report_svg import (
    GRID,
    MUTED,
    OKABE_ITO,
    WIDTH,
    chart,
    line,
    nice_ticks,
    rect,
    stripes,
    text,
    text_width,
    week_ticks,
)

if TYPE_CHECKING:
    from ticli.analysis.themes import Theme

ROW = 24.0  # one horizontal bar and the space around it


def themes_chart(themes: Sequence[Theme], key: str) -> str:
    """Rising themes to the right, falling ones (hatched) to the left, each labelled."""
    ordered = sorted(themes, key=lambda t: abs(t.z) if t.rising else -abs(t.z))
    middle = WIDTH / 2
    reach = max((abs(t.z) for t in ordered), default=1) or 1
    # The longest bar leaves room for its words beside it.
    room = max((text_width(f"{t.term} (falling)", 9) for t in ordered), default=80)
    scale = max(40.0, middle - 16 - room) / reach
    falling = OKABE_ITO[5]
    body = [stripes(key, falling)]
    for row, theme in enumerate(ordered):
        y = 4 + row * ROW
        length = abs(theme.z) * scale
        word = "rising" if theme.rising else "falling"
        label = f"{theme.term} ({word})"
        if theme.rising:
            body.append(rect(middle, y + 3, length, ROW - 6, OKABE_ITO[0], OKABE_ITO[0]))
            body.append(text(middle + length + 5, y + ROW / 2, label, size=9))
        else:
            body.append(
                rect(middle - length, y + 3, length, ROW - 6, f"url(#{key}-stripes)", falling)
            )
            body.append(text(middle - length - 5, y + ROW / 2, label, size=9, anchor="end"))
    bottom = 4 + len(ordered) * ROW
    body.append(line(middle, 0, middle, bottom, MUTED))
    body.append(line(16, bottom, WIDTH - 16, bottom, MUTED))
    body.append(
        text(
            middle,
            bottom + 14,
            "← used less than before in your journal · used more →",
            anchor="middle",
            colour=MUTED,
        )
    )
    body += [
        rect(WIDTH - 170, bottom + 30, 14, 10, OKABE_ITO[0], OKABE_ITO[0]),
        text(WIDTH - 150, bottom + 35, "rising", size=9),
        rect(WIDTH - 100, bottom + 30, 14, 10, f"url(#{key}-stripes)", falling),
        text(WIDTH - 80, bottom + 35, "falling", size=9),
    ]
    return chart(
        key,
        bottom + 46,
        "Themes: rising and falling",
        "Words and phrases used more (bars to the right) or less (hatched bars to the "
        "left) in this period than in the rest of the journal; bar length is the "
        "strength of the difference (a z-score).",
        body,
    )


def weekly_bars(counts: Sequence[int], weeks: Sequence[date], key: str) -> str:
    """Entries per week as bars, each labelled with its number when there is room."""
    left, right, top, height = 44.0, 14.0, 10.0, 140.0
    ticks = nice_ticks(max(counts, default=0))
    highest = ticks[-1] or 1
    step = (WIDTH - left - right) / max(len(counts), 1)

    def y(value: float) -> float:
        return top + height * (1 - value / highest)

    body = []
    for tick in ticks:
        body.append(line(left, y(tick), WIDTH - right, y(tick), GRID, 0.6))
        body.append(text(left - 6, y(tick), str(tick), anchor="end"))
    for number, count in enumerate(counts):
        x = left + number * step + step * 0.1
        if count:
            body.append(rect(x, y(count), step * 0.8, y(0) - y(count), OKABE_ITO[2]))
        if len(counts) <= 26:
            body.append(text(x + step * 0.4, y(count) - 7, str(count), size=8, anchor="middle"))
    body.append(line(left, top, left, y(0), MUTED))
    body.append(line(left, y(0), WIDTH - right, y(0), MUTED))
    body += [
        text(left + (i + 0.5) * step, y(0) + 12, label, size=9, anchor="middle", colour=MUTED)
        for i, label in week_ticks(weeks)
    ]
    body.append(text(12, top + height / 2, "entries", anchor="middle", rotate=True))
    return chart(
        key,
        y(0) + 28,
        "Rhythm: entries per week",
        f"How many entries were written in each of {len(counts)} weeks; {sum(counts)} in all.",
        body,
    )


def tag_bars(tags: Sequence[tuple[str, int]], key: str) -> str:
    """The most used tags as bars, each labelled with its count."""
    shown = list(tags)[:12]
    left = 14 + max((text_width(f"#{tag}") for tag, _ in shown), default=40)
    right = 40.0
    ticks = nice_ticks(max((c for _, c in shown), default=0))
    scale = (WIDTH - left - right) / (ticks[-1] or 1)
    body = []
    bottom = 4 + len(shown) * ROW
    for tick in ticks:
        x = left + tick * scale
        body.append(line(x, 4, x, bottom, GRID, 0.6))
        body.append(text(x, bottom + 12, str(tick), size=9, anchor="middle", colour=MUTED))
    for row, (tag, count) in enumerate(shown):
        y = 4 + row * ROW
        body.append(text(left - 8, y + ROW / 2, f"#{tag}", anchor="end"))
        body.append(rect(left, y + 3, count * scale, ROW - 6, OKABE_ITO[4]))
        body.append(text(left + count * scale + 4, y + ROW / 2, str(count), size=9))
    body.append(line(left, 4, left, bottom, MUTED))
    body.append(line(left, bottom, WIDTH - right, bottom, MUTED))
    body.append(text(left + (WIDTH - left - right) / 2, bottom + 28, "entries", anchor="middle"))
    return chart(
        key,
        bottom + 40,
        "Tags",
        "The most used tags in this period, with how many entries carry each.",
        body,
    )
