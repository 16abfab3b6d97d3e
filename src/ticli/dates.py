"""Reading the dates and times people type. Pure: the caller passes `now`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ticli.errors import UsageError

#: A little slack so a clock a few seconds ahead is not called "the future".
_FUTURE_SLACK_SECONDS = 60


def parse_moment(text: str, now: datetime) -> datetime:
    """Parse `2026-11-20`, `2026-11-20T18:30` or `2026-11-20 18:30+01:00` into an aware time.

    A date alone means noon that day (or now, for today); a time without an
    offset is local time. A moment in the future is refused.
    """
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            if day == now.date():
                return now
            moment = datetime.combine(day, time(12, 0))
        else:
            moment = datetime.fromisoformat(raw)
    except ValueError:
        raise UsageError(
            f"'{text}' is not a date or time I can read.",
            hint="Use the ISO form, for example 2026-11-20 or 2026-11-20T18:30.",
        ) from None
    _in_range(moment.date(), text)
    if moment.tzinfo is None:
        # astimezone() on a naive time reads it as local time, with that day's offset.
        moment = moment.astimezone()
    moment = moment.replace(microsecond=0)
    check_not_future(moment, now)
    return moment


def check_not_future(moment: datetime, now: datetime) -> None:
    """Refuse a moment in the future: an entry can only be dated now or earlier."""
    if (moment - now).total_seconds() > _FUTURE_SLACK_SECONDS:
        raise UsageError(
            f"{moment:%Y-%m-%d %H:%M} is in the future.",
            hint="An entry can only be dated now or earlier.",
        )


def local_now() -> datetime:
    """The current local time, with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


_RELATIVE_UNITS = {"d": 1, "w": 7, "m": 30, "y": 365}


def is_span(text: str) -> bool:
    """True for a span back from today (`7d`, `2w`, `3m`, `1y`) rather than a date."""
    raw = text.strip().lower()
    return len(raw) >= 2 and raw[:-1].isdigit() and raw[-1] in _RELATIVE_UNITS


def parse_day(text: str, today: date) -> date:
    """Parse a day for --since / --until: `2026-11-20`, or a span `7d`, `2w`, `3m`, `1y`.

    A span is the last N days, today among them: `--since 7d` starts six days
    before today, so it covers 7 days. Every command reads spans this way.
    Months count as 30 days and years as 365, which is what "the last 3 months"
    means to a person looking back.
    """
    raw = text.strip().lower()
    try:
        if is_span(raw):
            days = int(raw[:-1]) * _RELATIVE_UNITS[raw[-1]]
            day = today - timedelta(days=max(days - 1, 0))
        else:
            day = date.fromisoformat(raw)
    except (ValueError, OverflowError):
        raise UsageError(
            f"'{text}' is not a day I can read.",
            hint="Use a date like 2026-11-20, or a span back from today: 7d, 2w, 3m, 1y.",
        ) from None
    return _in_range(day, text)


#: Journals are about working lives: dates before this are surely a typo.
EARLIEST_YEAR = 1900


def _in_range(day: date, text: str) -> date:
    if day.year < EARLIEST_YEAR:
        raise UsageError(f"'{text}' is before {EARLIEST_YEAR}; is there a typo?")
    return day
