"""The index beside the journal: what it holds, building it again, and the tags it counts."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ticli import store
from ticli.errors import EntryProblem
from ticli.usecases.journal import Journal, entry_terms
from ticli.usecases.read import FilterOptions, make_filters, where_filters


@dataclass(frozen=True)
class IndexState:
    """What `ticli index` reports."""

    path: Path | None
    entries: int
    problems: list[EntryProblem]
    size: int
    seconds: float
    rebuilt: bool


def index_state(journal: Journal, rebuild: bool = False) -> IndexState:
    """Bring the index up to date (or, with `rebuild`, build it again from the files)."""
    path = journal.locations.index_file
    started = time.monotonic()
    if rebuild:
        index = store.rebuild_index(journal.root, path, entry_terms, journal.progress)
    else:
        index = journal.index()
    seconds = time.monotonic() - started
    (entries,) = index.values(f"SELECT count(*) FROM files WHERE {store.INDEXED}")[0]
    state = IndexState(
        store.index_kept_at(journal.root, index.path),
        entries,
        index.problems(),
        store.index_size(index.path),
        seconds,
        rebuild,
    )
    index.close()
    return state


def tag_counts(journal: Journal, today: date, options: FilterOptions) -> list[tuple[str, int]]:
    """`ticli tags`: every tag of the entries the options choose, with how many have it,
    most used first."""
    filters = make_filters(lambda: journal.library, today, options)
    where, params = where_filters(filters)
    question = f"SELECT tags FROM files WHERE {store.INDEXED}" + (f" AND {where}" if where else "")
    index = journal.index(speculate=True)
    found = index.values(question, params)
    while not index.confirmed():  # asked while the files were still being looked at
        found = index.values(question, params)
    # Entries share a few sets of tags: each set is counted, then split once.
    sets = Counter(tags for (tags,) in found)
    counts: Counter[str] = Counter()
    for tags, entries in sets.items():
        for tag in tags.split(store.SEPARATOR):
            if tag:
                counts[tag] += entries
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
