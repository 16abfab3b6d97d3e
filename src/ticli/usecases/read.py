"""Reading and finding: the filters every reading command shares, listing and search."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ticli import store
from ticli.analysis.query import Filters, Match, Matcher, search, unspaced
from ticli.dates import parse_day
from ticli.errors import EntryProblem, UsageError
from ticli.model import ENTRY_KINDS, checked_tags, normalise_tag
from ticli.store import read_raw
from ticli.usecases.journal import EntryPaths, Found, Journal, find_entry

if TYPE_CHECKING:
    from ticli.prompts import Library


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


def make_filters(library: Callable[[], Library], today: date, options: FilterOptions) -> Filters:
    """Check the reading commands' shared options and turn them into Filters (the prompt
    library, read only when needed, knows the principles)."""
    if options.principle is not None:
        library().principle(options.principle)
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


def where_filters(filters: Filters) -> tuple[str, list[Any]]:
    """The filters as a condition on the index's columns."""
    parts: list[str] = []
    params: list[Any] = []
    if filters.since is not None:
        parts.append("day >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        parts.append("day <= ?")
        params.append(filters.until.isoformat())
    for tag in filters.tags:
        parts.append("instr(tags, ?) > 0")
        params.append(f"{store.SEPARATOR}{normalise_tag(tag)}{store.SEPARATOR}")
    if filters.principle is not None:
        parts.append("instr(principles, ?) > 0")
        params.append(f"{store.SEPARATOR}{filters.principle}{store.SEPARATOR}")
    if filters.kind is not None:
        parts.append("kind = ?")
        params.append(filters.kind)
    return " AND ".join(parts), params


def _fresh(journal: Journal, filters: Filters, speculate: bool = False) -> store.Index:
    """The index, up to date for what these filters can choose (with `speculate`, perhaps
    not yet: see Journal.index)."""
    others = filters.tags or filters.principle or filters.kind or filters.until
    if filters.limit is not None and filters.since is None and not others:
        return journal.index(newest=filters.limit)
    if filters.since is not None and not others:
        return journal.index(since=filters.since)
    return journal.index(speculate=speculate)


def _problems(index: store.Index, filters: Filters) -> list[EntryProblem]:
    if filters.since is None:
        return index.problems()
    return index.problems("folder >= ?", (store.month_folder(filters.since),))


def read_entries(
    journal: Journal, filters: Filters, matching: str = "", text: str = "", lazily: bool = False
) -> Found:
    """The entries matching the filters (and, with `matching`, an FTS5 query on their
    text), newest first; `lazily`, read from the index as they are gone through (a
    command that goes through every entry once or twice need not hold them all)."""
    where, params = where_filters(filters)
    if matching:
        where = " AND ".join(
            [*filter(None, [where]), "n IN (SELECT rowid FROM body WHERE body MATCH ?)"]
        )
        params.append(matching)
    if lazily:
        index = _fresh(journal, filters)
        index.hold()  # each time the entries are gone through, they are the same
        chosen = index.names(where, params, order="at DESC, id", limit=filters.limit)
        return Found(
            store.LazyEntries(index, [name for name, _ in chosen]),
            _problems(index, filters),
            EntryPaths(index.root, {entry_id: name for name, entry_id in chosen}),
        )
    index = _fresh(journal, filters, speculate=True)
    rows = index.rows(where, params, order="at DESC, id", limit=filters.limit)
    while not index.confirmed():  # asked while the files were still being looked at
        rows = index.rows(where, params, order="at DESC, id", limit=filters.limit)
    return Found(
        [row.entry for row in rows],
        _problems(index, filters),
        EntryPaths(index.root, {row.entry.id: row.name for row in rows}),
    )


def list_entries(
    journal: Journal, today: date, options: FilterOptions, lazily: bool = False
) -> Found:
    """`ticli list`: the entries the options choose, newest first (see `read_entries`)."""
    filters = make_filters(lambda: journal.library, today, options)
    return read_entries(journal, filters, lazily=lazily)


_WORD = re.compile(r"[^\W_]+")


def text_query(matcher: Matcher) -> str:
    """An FTS5 query that finds every entry the matcher would (and perhaps a few more,
    which the matcher then leaves out); "" when the index cannot narrow it down."""
    if matcher.regex is not None:
        return ""
    needle = matcher.needle
    if any(not (c.isascii() or c.isalnum() or c.isspace()) or unspaced(c) for c in needle):
        return ""  # letters the index may split into words differently: look at every entry
    words = _WORD.findall(needle)
    return '"' + " ".join(words) + '" *' if words else ""


def search_entries(
    journal: Journal, today: date, options: FilterOptions, text: str, regex: bool
) -> tuple[list[Match], Found]:
    """`ticli search`: the matching entries with their matching lines, newest first."""
    matcher = Matcher(text, regex=regex)
    filters = make_filters(
        lambda: journal.library,
        today,
        FilterOptions(options.since, options.until, options.tags, options.principle, options.kind),
    )
    found = read_entries(journal, filters, text_query(matcher))
    return search(found.entries, matcher)[: options.limit], found


def entry_as_stored(journal: Journal, reference: str | None, last: bool) -> bytes:
    """An entry's file, byte for byte, for `show --raw`."""
    _, path = find_entry(journal, reference, last=last)
    return read_raw(path)
