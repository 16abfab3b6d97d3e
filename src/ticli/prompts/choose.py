"""Choosing prompts: by principle and kind, and for today's reflection. Pure."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from ticli.errors import UsageError
from ticli.model import PROMPT_KINDS, Entry, Prompt
from ticli.prompts.library import BALANCE_DAYS, REST_DAYS, STRENGTHS, Library

# ---------------------------------------------------------------- choosing


def select_prompts(
    library: Library, principle: str | None = None, kind: str | None = None
) -> list[Prompt]:
    """The library's prompts, optionally only one principle's or one kind's, in file order."""
    if principle is not None:
        library.principle(principle)
    if kind is not None and kind not in PROMPT_KINDS:
        raise UsageError(
            f"There is no prompt kind '{kind}'.", hint=f"Kinds: {', '.join(PROMPT_KINDS)}."
        )
    return [
        p
        for p in library.prompts.values()
        if (principle is None or p.principle == principle) and (kind is None or kind in p.kinds)
    ]


def choose_prompts(
    library: Library,
    history: Sequence[Entry],
    today: date,
    rng: random.Random,
    count: int = 3,
    kind: str = "daily",
    principle: str | None = None,
) -> list[Prompt]:
    """Choose the prompts for one reflection.

    - At least one strengths prompt comes first (unless `principle` focuses elsewhere).
    - The other prompts come from the principles reflected on least in the last
      BALANCE_DAYS days, one principle each while there are enough.
    - A prompt answered in the last REST_DAYS days is chosen only when nothing else is left.
    """
    pool = _pool(library, count, kind, principle)
    last_answered, touched = _recent(history, today)

    def resting(prompt: Prompt) -> bool:
        answered = last_answered.get(prompt.id)
        return answered is not None and today - answered < timedelta(days=REST_DAYS)

    fresh = [p for p in pool if not resting(p)]
    chosen: list[Prompt] = []

    strengths = [p for p in fresh if p.principle == STRENGTHS]
    if strengths and principle in (None, STRENGTHS):
        chosen.append(rng.choice(strengths))

    # Least-touched principles first; ties broken by the random generator.
    by_principle: dict[str, list[Prompt]] = {}
    for prompt in fresh:
        if prompt not in chosen:
            by_principle.setdefault(prompt.principle, []).append(prompt)
    order = sorted(by_principle, key=lambda pid: (touched[pid], rng.random()))
    # A principle already chosen (strengths) waits until every other has had its turn.
    first = chosen_principles(chosen)
    order = [p for p in order if p not in first] + [p for p in order if p in first]
    while len(chosen) < count and any(by_principle.values()):
        for principle_id in order:
            candidates = by_principle[principle_id]
            if candidates and len(chosen) < count:
                pick = rng.choice(candidates)
                candidates.remove(pick)
                chosen.append(pick)

    if len(chosen) < count:
        # Only prompts answered recently are left: the least recent of them first.
        rest = [p for p in pool if p not in chosen]
        rest.sort(key=lambda p: (last_answered.get(p.id, date.min), rng.random()))
        chosen.extend(rest[: count - len(chosen)])
    return chosen


def _pool(library: Library, count: int, kind: str, principle: str | None) -> list[Prompt]:
    """The prompts a reflection can choose from; refuse a choice that leaves none."""
    if count < 1:
        raise UsageError("The number of prompts must be at least 1.")
    if principle is not None:
        library.principle(principle)
    pool = [
        p
        for p in library.prompts.values()
        if kind in p.kinds and (principle is None or p.principle == principle)
    ]
    if not pool:
        focus = f" for the principle '{principle}'" if principle else ""
        raise UsageError(f"The prompt library has no {kind} prompts{focus}.")
    return pool


def _recent(history: Sequence[Entry], today: date) -> tuple[dict[str, date], Counter[str]]:
    """When each prompt was last answered, and how often each principle came up lately."""
    last_answered: dict[str, date] = {}
    touched: Counter[str] = Counter()
    for entry in history:
        day = entry.created.date()
        for prompt_id in entry.prompt_ids:
            last_answered[prompt_id] = max(day, last_answered.get(prompt_id, day))
        if today - day < timedelta(days=BALANCE_DAYS):
            touched.update(set(entry.principles))
    return last_answered, touched


def chosen_principles(prompts: Sequence[Prompt]) -> set[str]:
    """The principles a list of prompts covers."""
    return {p.principle for p in prompts}
