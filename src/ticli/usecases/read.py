"""Reading and finding: the filters every reading command shares, listing and search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ticli.analysis.query import Filters, Match, Matcher, search
from ticli.dates import parse_day
from ticli.errors import UsageError
from ticli.model import ENTRY_KINDS, checked_tags
from ticli.prompts import Library
from ticli.store import read_raw
from ticli.usecases.journal import Found, Journal, find_entry


@dataclass(frozen=True)
class FilterOptions:
    """The reading commands' shared options, as typed."""

    since: str | None = None
    until: str | None = None
    tags: tuple[str, ...] = ()
    principle: str | None = None
    kind: str | None = None
    limit: int | None = None

    @property
    def narrowed(self) -> bool:
        """True when any option but --limit narrows what is read."""
        given = (self.since, self.until, self.principle, self.kind)
        return any(v is not None for v in given) or bool(self.tags)


def make_filters(library: Library, today: date, options: FilterOptions) -> Filters:
    """Check the reading commands' shared options and turn them into Filters."""
    if options.principle is not None:
        library.principle(options.principle)
    if options.kind is not None and options.kind not in ENTRY_KINDS:
        raise UsageError(
            f"There is no entry kind '{options.kind}'.",
            hint=f"Kinds: {', '.join(ENTRY_KINDS)}.",
        )
    if options.limit is not None and options.limit < 1:
        raise UsageError("--limit must be at least 1.")
    first = parse_day(options.since, today) if options.since else None
    last = parse_day(options.until, today) if options.until else None
    if first and last and first > last:
        raise UsageError(f"--since ({first}) is after --until ({last}).")
    tags = checked_tags(list(options.tags))
    return Filters(first, last, tags, options.principle, options.kind, options.limit)


def read_entries(journal: Journal, filters: Filters) -> Found:
    """The entries matching the filters, newest first; only recent folders when --since."""
    scan = journal.scan(filters.since)
    return Found(filters.apply(scan.entries), scan.problems, scan.paths)


def list_entries(journal: Journal, today: date, options: FilterOptions) -> Found:
    """`ticli list`: the entries the options choose, newest first."""
    return read_entries(journal, make_filters(journal.library, today, options))


def search_entries(
    journal: Journal, today: date, options: FilterOptions, text: str, regex: bool
) -> tuple[list[Match], Found]:
    """`ticli search`: the matching entries with their matching lines, newest first."""
    matcher = Matcher(text, regex=regex)
    found = read_entries(
        journal,
        make_filters(
            journal.library,
            today,
            FilterOptions(
                options.since, options.until, options.tags, options.principle, options.kind
            ),
        ),
    )
    return search(found.entries, matcher)[: options.limit], found


def entry_as_stored(journal: Journal, reference: str | None, last: bool) -> bytes:
    """An entry's file, byte for byte, for `show --raw`."""
    _, path = find_entry(journal, reference, last=last)
    return read_raw(path)
