"""`ticli report`: the picture of a period, made from the same analysis as the summary,
and put through the same privacy guard before it leaves the journal as a file."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from ticli.analysis.demo import synthetic_entries
from ticli.analysis.history import EntryHistory
from ticli.analysis.report import DEFAULT_PIXELS, Report, build_report
from ticli.analysis.summary import Summary, summarise_history
from ticli.errors import UsageError
from ticli.prompts import Library, load_library
from ticli.usecases.journal import Found, Journal
from ticli.usecases.patterns import (
    Summarised,
    summarise_journal,
    summary_period,
    summary_to_write,
)
from ticli.usecases.privacy import Confirm, Reviewer
from ticli.usecases.read import FilterOptions

#: A report covers the last year unless told otherwise.
REPORT_SPAN = "1y"


@dataclass(frozen=True)
class Reported:
    """A report and what it was made from, to guard and make again after a review."""

    report: Report
    made: Summarised
    library: Library
    pixels: str


def _check_pixels(library: Library, pixels: str | None) -> str:
    if pixels is None:
        return DEFAULT_PIXELS
    if pixels not in library.ratings:
        raise UsageError(
            f"There is no check-in called '{pixels}'.",
            hint="Check-ins: " + ", ".join(library.ratings),
        )
    return pixels


def _report(made: Summarised, summary: Summary, library: Library, pixels: str) -> Report:
    assert made.period is not None
    entries = made.history.between(made.period.start, made.period.end)
    return build_report(summary, entries, library, pixels, demo=made.demo)


def report_journal(
    journal: Journal, today: date, options: FilterOptions, pixels: str | None = None
) -> Reported:
    """The report of the period from --since (default: the last year) to --until."""
    chosen = _check_pixels(journal.library, pixels)
    made = summarise_journal(journal, today, replace(options, since=options.since or REPORT_SPAN))
    report = _report(made, made.summary, journal.library, chosen)
    return Reported(report, made, journal.library, chosen)


def report_demo(today: date, options: FilterOptions, pixels: str | None = None) -> Reported:
    """The report of a made-up journal of 400 days with days off, built in memory."""
    library = load_library()
    chosen = _check_pixels(library, pixels)
    end = datetime.combine(today, datetime.min.time()).astimezone().replace(hour=20)
    rng = random.Random(13)
    # A real journal has days off (and a fortnight's leave): they show as gaps.
    leave = set(range(150, 164))
    entries = [
        e
        for n, e in enumerate(synthetic_entries(library, count=400, end=end, per_day=1, seed=7))
        if n not in leave and rng.random() > 0.25
    ]
    period, filters = summary_period(
        library, today, replace(options, since=options.since or REPORT_SPAN)
    )
    history = EntryHistory(filters.apply(entries))
    summary = summarise_history(history, library, period, today)
    made = Summarised(summary, [], Found([], [], {}), history, period, demo=True)
    return Reported(_report(made, summary, library, chosen), made, library, chosen)


def report_to_write(
    journal: Journal,
    reported: Reported,
    today: date,
    allow_identifiers: bool,
    asking: tuple[Reviewer | None, Confirm | None],
    to_text: Callable[[Summary], str],
) -> tuple[Report, str]:
    """A report about to be written to a file: the privacy guard looks at the entries it
    quotes (the user is asked in a terminal), then at all of its words, as for a summary.
    Its words are its summary's (the charts add numbers, dates and the principles' names),
    so `to_text` gives those. Returns the report as it may be written, and the text that
    was checked."""
    made = reported.made
    summary, text = summary_to_write(
        journal, made, today, allow_identifiers, asking, to_text, "The report"
    )
    if summary is made.summary:
        return reported.report, text
    # The review changed what it quotes: the report is made again from the entries as changed.
    return _report(made, summary, reported.library, reported.pixels), text
