"""What `ticli report` shows, as numbers: pure functions from a summary and entries.

The words (themes, triggers, what helped, strengths, tags, quiet principles) are the
summary's own (analysis.summary), so the report and `ticli summary` never disagree;
this module adds what a picture needs: check-ins week by week with their range, one
value per day for the year in pixels, and principles month by month.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ticli.analysis.history import Period
from ticli.analysis.summary import Summary
from ticli.model import Entry
from ticli.prompts import Library

#: The check-in the year in pixels is coloured by, unless another is chosen.
DEFAULT_PIXELS = "capacity"


@dataclass(frozen=True)
class CheckinWeek:
    """One week of one check-in: its mean and range, or nothing when none was given."""

    start: date
    count: int
    mean: float | None
    low: int | None
    high: int | None


@dataclass(frozen=True)
class CheckinSeries:
    id: str
    name: str
    #: What 1 and 5 mean ("Running on empty", "Plenty to spare").
    low_label: str
    high_label: str
    weeks: tuple[CheckinWeek, ...]


@dataclass(frozen=True)
class Pixels:
    """One cell per day of the last year of the period, for one check-in."""

    rating_id: str
    name: str
    low_label: str
    high_label: str
    first: date
    last: date
    #: The days written on, with that day's mean check-in (None: written, no check-in).
    days: dict[date, float | None]


@dataclass(frozen=True)
class MonthGrid:
    """How many entries touched each principle in each month of the period."""

    months: tuple[date, ...]
    rows: tuple[tuple[str, str, tuple[int, ...]], ...]


@dataclass(frozen=True)
class Report:
    period: Period
    summary: Summary
    #: The first day of each week of the period (weeks counted from its first day).
    weeks: tuple[date, ...]
    checkins: tuple[CheckinSeries, ...]
    pixels: Pixels
    by_month: MonthGrid
    demo: bool = False


def build_report(
    summary: Summary,
    entries: Sequence[Entry],
    library: Library,
    pixels: str = DEFAULT_PIXELS,
    demo: bool = False,
) -> Report:
    """The report of a period: `entries` are those of the period (any others are ignored)."""
    period = summary.period
    now = [e for e in entries if period.holds(e.created.date()) and e.kind != "supervision"]
    weeks = tuple(period.start + timedelta(days=7 * w) for w in range(math.ceil(period.days / 7)))
    return Report(
        period=period,
        summary=summary,
        weeks=weeks,
        checkins=checkin_series(now, library, period, weeks),
        pixels=day_pixels(now, library, period, pixels),
        by_month=principles_by_month(now, library, period),
        demo=demo,
    )


def _labels(library: Library, rating_id: str) -> tuple[str, str, str]:
    rating = library.ratings.get(rating_id)
    if rating is None:
        return rating_id, "", ""
    return rating.short, rating.labels.get(1, ""), rating.labels.get(5, "")


def rating_ids(entries: Sequence[Entry], library: Library) -> list[str]:
    """The check-ins given in these entries: the library's first, in its order, then others."""
    given = {r for e in entries for r in e.ratings}
    return [r for r in library.ratings if r in given] + sorted(given - set(library.ratings))


def checkin_series(
    entries: Sequence[Entry], library: Library, period: Period, weeks: Sequence[date]
) -> tuple[CheckinSeries, ...]:
    """Each check-in week by week: mean, lowest and highest; a week without one is a gap."""
    series = []
    for rating_id in rating_ids(entries, library):
        by_week: dict[int, list[int]] = defaultdict(list)
        for entry in entries:
            if rating_id in entry.ratings:
                by_week[(entry.created.date() - period.start).days // 7].append(
                    entry.ratings[rating_id]
                )
        rows = []
        for number, start in enumerate(weeks):
            values = by_week.get(number, [])
            mean = sum(values) / len(values) if values else None
            low, high = (min(values), max(values)) if values else (None, None)
            rows.append(CheckinWeek(start, len(values), mean, low, high))
        name, low_label, high_label = _labels(library, rating_id)
        series.append(CheckinSeries(rating_id, name, low_label, high_label, tuple(rows)))
    return tuple(series)


def day_pixels(
    entries: Sequence[Entry], library: Library, period: Period, rating_id: str
) -> Pixels:
    """The last year of the period, day by day: written on or not, and the day's check-in."""
    first = max(period.start, period.end - timedelta(days=364))
    values: dict[date, list[int]] = defaultdict(list)
    for entry in entries:
        day = entry.created.date()
        if first <= day <= period.end:
            values[day].extend([entry.ratings[rating_id]] if rating_id in entry.ratings else [])
    days = {day: (sum(v) / len(v) if v else None) for day, v in values.items()}
    name, low_label, high_label = _labels(library, rating_id)
    return Pixels(rating_id, name, low_label, high_label, first, period.end, days)


def month_starts(period: Period) -> tuple[date, ...]:
    """The first day of every month the period touches."""
    months = []
    month = period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return tuple(months)


def principles_by_month(entries: Sequence[Entry], library: Library, period: Period) -> MonthGrid:
    """For each principle, in how many entries of each month it came up."""
    months = month_starts(period)
    place = {m: i for i, m in enumerate(months)}
    counts: dict[str, list[int]] = {p: [0] * len(months) for p in library.principles}
    for entry in entries:
        column = place.get(entry.created.date().replace(day=1))
        if column is None:
            continue
        for principle in set(entry.principles):
            if principle in counts:
                counts[principle][column] += 1
    rows = tuple((p.id, p.name, tuple(counts[p.id])) for p in library.principles.values())
    return MonthGrid(months, rows)
