"""Patterns over time: the summary, looking back, and the supervision brief."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from ticli import store
from ticli.analysis.brief import Brief, build_brief
from ticli.analysis.demo import synthetic_entries
from ticli.analysis.history import EntryHistory, History, Period
from ticli.analysis.query import Filters
from ticli.analysis.summary import Lookback, Summary, look_back, summarise_history
from ticli.dates import parse_day
from ticli.errors import EntryProblem, UsageError
from ticli.model import Entry
from ticli.prompts import Library, load_library
from ticli.usecases.history import IndexHistory
from ticli.usecases.journal import Found, Journal
from ticli.usecases.privacy import Confirm, Reviewer, check_entries, guard, guard_text
from ticli.usecases.read import FilterOptions, make_filters

#: A summary covers the last 30 days unless told otherwise.
DEFAULT_SPAN = "30d"


@dataclass(frozen=True)
class Summarised:
    summary: Summary
    problems: list[EntryProblem]
    #: The entries it quotes from, to guard before it is written to a file.
    sources: Found
    #: The journal it was made from, and how, to make it again after a review.
    history: History = field(default_factory=lambda: EntryHistory(()))
    period: Period | None = None
    #: Made from the made-up demo journal: nothing in it is anyone's.
    demo: bool = False


def summary_period(library: Library, today: date, options: FilterOptions) -> tuple[Period, Filters]:
    """The period a summary covers, and the filters (besides dates) that choose entries."""
    filters = make_filters(
        lambda: library, today, replace(options, since=options.since or DEFAULT_SPAN)
    )
    assert filters.since is not None
    for option, day in (("--since", filters.since), ("--until", filters.until)):
        if day is not None and day > today:
            raise UsageError(f"{option} ({day}) is in the future.")
    # Only the date filters shape the period; the others choose the entries.
    return Period(filters.since, filters.until or today), replace(filters, since=None, until=None)


def journal_history(journal: Journal, filters: Filters | None = None) -> tuple[History, Found]:
    """The whole journal as a History: from the index, or, when filters choose some
    entries, from those entries read in memory. With the files that could not be read."""
    index = journal.index()
    problems = index.problems()
    if filters is None or not (filters.tags or filters.principle or filters.kind):
        return IndexHistory(index), Found([], problems, {})
    scan = store.scan(index)
    chosen = filters.apply(scan.entries)
    return EntryHistory(chosen), Found(chosen, problems, scan.paths)


def _sources(history: History, ids: set[str], found: Found) -> Found:
    """The entries with these ids, with where they are kept."""
    entries = history.by_ids(ids)
    if isinstance(history, IndexHistory):
        return Found(entries, found.problems, history.paths(ids))
    return Found(entries, found.problems, {e.id: found.paths[e.id] for e in entries})


def summarise_journal(journal: Journal, today: date, options: FilterOptions) -> Summarised:
    """Summarise the period from --since to --until (default: the last 30 days)."""
    period, filters = summary_period(journal.library, today, options)
    history, found = journal_history(journal, filters)
    summary = summarise_history(history, journal.library, period, today)
    sources = _sources(history, quoted_ids(summary), found)
    return Summarised(summary, found.problems, sources, history, period)


def summarise_demo(today: date, options: FilterOptions) -> Summarised:
    """Summarise a made-up journal of 400 days, built in memory; the user's is untouched."""
    library = load_library()
    end = datetime.combine(today, datetime.min.time()).astimezone().replace(hour=20)
    entries = list(synthetic_entries(library, count=400, end=end, per_day=1, seed=7))
    period, filters = summary_period(library, today, options)
    summary = summarise_history(EntryHistory(filters.apply(entries)), library, period, today)
    return Summarised(summary, [], Found([], [], {}), demo=True)


def quoted_ids(summary: Summary) -> set[str]:
    """The entries whose words a summary quotes."""
    quotes = (*summary.noticed, *summary.helped, *summary.strengths, *summary.strengths_long_ago)
    return {q.entry_id for q in quotes} | {item.entry_id for item in summary.lookback}


def guard_summary(
    journal: Journal,
    made: Summarised,
    today: date,
    allow_identifiers: bool,
    reviewer: Reviewer | None,
    what: str = "The summary",
) -> tuple[Summary, frozenset[str]]:
    """The privacy guard before a summary (or what is made of it: `what`) is written to a
    file: the entries it quotes."""
    reviewed = guard(journal, what, made.sources, allow_identifiers, reviewer)
    if not reviewed or made.period is None:
        return made.summary, frozenset()
    summary = summarise_history(made.history.changed(reviewed), journal.library, made.period, today)
    return summary, kept_details(journal, reviewed)


def summary_to_write(
    journal: Journal,
    made: Summarised,
    today: date,
    allow_identifiers: bool,
    asking: tuple[Reviewer | None, Confirm | None],
    to_text: Callable[[Summary], str],
    what: str = "The summary",
) -> tuple[Summary, str]:
    """A summary about to leave the journal (a file or a pipe): the privacy guard looks at
    the entries it quotes, then at its whole text, before the text is given back. `what`
    names it in the guard's questions (a report is made of a summary)."""
    if made.demo:
        return made.summary, to_text(made.summary)
    reviewer, confirm = asking
    summary, kept = guard_summary(journal, made, today, allow_identifiers, reviewer, what)
    text = to_text(summary)
    guard_text(journal, what, text, allow_identifiers, confirm, kept)
    return summary, text


def look_back_on(journal: Journal, day: date) -> tuple[tuple[Lookback, ...], list[EntryProblem]]:
    """What was written around `day` in earlier months and years."""
    history, found = journal_history(journal)
    return look_back(history, day), found.problems


# ---------------------------------------------------------------- the brief


def brief_period(
    journal: Journal, today: date, since: str = "last"
) -> tuple[Period, History, Found]:
    """The period a brief covers (since the last supervision, or a day), and the journal."""
    history, found = journal_history(journal)
    last = history.last_supervision()
    if since == "last":
        # The day of the last supervision is in the new period: reflections written after it count.
        start = last.created.date() if last else parse_day("30d", today)
    else:
        start = parse_day(since, today)
    if start > today:
        raise UsageError(f"{start} is in the future.")
    return Period(start, today), history, found


def brief_for(
    journal: Journal,
    period: Period,
    today: date,
    history: History,
    reviewed: dict[str, Entry] | None = None,
    from_last: bool = True,
) -> Brief:
    """The supervision brief for a period; `reviewed` replaces entries the guard changed.

    With `from_last`, the period starts at the moment of the last supervision, not its day.
    """
    if reviewed:
        history = history.changed(reviewed)
    last = history.last_supervision()
    rest = history.without([last.id]) if last else history
    on_its_day = last is not None and last.created.date() == period.start
    after = last.created if from_last and last is not None and on_its_day else None
    return build_brief(rest, journal.library, period, today, last, after)


def brief_sources(brief: Brief, history: History, found: Found, period: Period) -> Found:
    """Every entry a brief draws on: the period's (from the moment of the last supervision
    when it starts there), the flagged ones, the last supervision's notes, and any it
    quotes from longer ago. Only these are reviewed."""
    quoted = {q.entry_id for q in brief.summary.strengths_long_ago}
    quoted |= {item.entry_id for item in brief.flagged}
    # The notes and actions of the last supervision are quoted too, whatever the period.
    last = history.last_supervision()
    if last is not None:
        quoted.add(last.id)
    after = brief.since_moment
    quoted |= {
        e.id
        for e in history.between(period.start, period.end)
        if after is None or e.created > after
    }
    return _sources(history, quoted, found)


def make_brief(
    journal: Journal,
    today: date,
    since: str,
    allow_identifiers: bool,
    reviewer: Reviewer | None,
) -> tuple[Brief, list[EntryProblem], frozenset[str]]:
    """`ticli brief`: the brief for the period, through the privacy guard."""
    period, history, found = brief_period(journal, today, since)
    from_last = since == "last"
    made = brief_for(journal, period, today, history, from_last=from_last)
    sources = brief_sources(made, history, found, period)
    reviewed = guard(journal, "The brief", sources, allow_identifiers, reviewer)
    if reviewed:
        made = brief_for(journal, period, today, history, reviewed, from_last)
    return made, found.problems, kept_details(journal, reviewed)


def kept_details(journal: Journal, reviewed: dict[str, Entry]) -> frozenset[str]:
    """The details the user chose to keep in the review: not asked about a second time."""
    return frozenset(
        f.text for found in check_entries(journal, list(reviewed.values())) for f in found.findings
    )


# ---------------------------------------------------------------- after a supervision


def flags_brought(journal: Journal, moment: datetime) -> list[tuple[Entry, Path]]:
    """The entries flagged for supervision written before `moment` (what was brought)."""
    scan = journal.scan()
    return [
        (e, scan.paths[e.id])
        for e in scan.entries
        if e.flagged and e.kind != "supervision" and e.created <= moment
    ]


def clear_flags(items: Sequence[tuple[Entry, Path]]) -> int:
    """Clear the flags of entries that were discussed; each file changes by one line."""
    return sum(1 for _, path in items if store.set_flagged(path, False)[1])
