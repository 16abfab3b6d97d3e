"""Worker processes the privacy guard looks with (usecases.privacy): for a first check of a
big journal, one per core, started before the entries are read so that each loads the
guard's word lists and patterns while this process reads. Never for an encrypted journal,
whose entries' words stay in the process that opened them. The detectors are pure: the
answers are the same with workers or without."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from ticli.usecases.journal import Journal


def can_look_apart(journal: Journal, count: int, least: int) -> bool:
    """Whether `count` texts (at least `least`) may be looked at by worker processes."""
    from ticli.store import reading, vault

    return (
        count >= least
        and reading.usable_cores() >= 2
        and reading.can_fork()
        and not vault.is_encrypted(journal.root)
    )


def start() -> Pool:
    """Worker processes, one per core (four at most), getting ready (see `_ready`)."""
    import multiprocessing

    from ticli.store import reading

    workers = min(reading.usable_cores(), 4)
    return multiprocessing.get_context("fork").Pool(workers, initializer=_ready)


def _ready() -> None:
    """A worker: Ctrl-C is its parent's to handle, and the detectors' lists and patterns
    are loaded now, while its parent reads the entries."""
    from ticli.analysis.privacy import warm_up
    from ticli.store import reading

    reading.quiet_worker()
    warm_up()


def look(
    pool: Pool | None,
    texts: Sequence[str],
    watch: Sequence[str],
    allow: Sequence[str],
    known: frozenset[str],
) -> list[bool]:
    """Whether each of these `checked_text`s is clear, in order: by the workers, if any."""
    from ticli.analysis.privacy.entries import text_is_clear

    clear = functools.partial(
        text_is_clear, watch_list=tuple(watch), allow_list=tuple(allow), known_names=known
    )
    if pool is None:
        return [clear(text) for text in texts]
    batch = max(64, len(texts) // 32)
    return pool.map(clear, texts, chunksize=batch)
