"""Patterns over time: pure functions from entries to a Summary. No printing, no I/O.

Themes (analysis.themes) use the weighted log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, "Fightin' Words"): a word is a theme of the
period when it is used there more (or less) than the rest of the journal
would lead one to expect, measured as a z-score, so that a common word used a
little more does not outrank a distinctive one.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ticli.analysis.history import EntryHistory, History, Period, Quote
from ticli.analysis.themes import TRIGGERS, Theme, term_counts, themes_of, trigger_themes
from ticli.model import Entry
from ticli.prompts import STRENGTHS, Library

#: Prompts whose answers are "what helped" (read by id, so keep the id stable).
HELPED_PROMPTS = frozenset({"triggers-what-helped"})
LOOKBACK_DAYS = 3


# ---------------------------------------------------------------- the Summary


@dataclass(frozen=True)
class Rhythm:
    entries: int
    days: int
    previous_entries: int
    previous_days: int
    weekly: tuple[int, ...]


@dataclass(frozen=True)
class PrincipleUse:
    id: str
    name: str
    now: int
    before: int


@dataclass(frozen=True)
class Suggestion:
    principle: str
    name: str
    description: str
    command: str


@dataclass(frozen=True)
class RatingTrend:
    id: str
    question: str
    count: int
    mean: float
    low: int
    high: int
    weekly: tuple[float | None, ...]
    previous_mean: float | None
    #: A short name for the check-in ("Energy and capacity").
    name: str = ""
    #: What the top of the scale means ("Plenty to spare"), so 5 never reads as a score.
    top_label: str = ""

    @property
    def change(self) -> float | None:
        return None if self.previous_mean is None else self.mean - self.previous_mean


@dataclass(frozen=True)
class Lookback:
    label: str
    day: date
    entry_id: str
    text: str


@dataclass(frozen=True)
class Summary:
    """Everything `ticli summary` shows; the terminal, Markdown and JSON views render this."""

    period: Period
    rhythm: Rhythm
    principles: tuple[PrincipleUse, ...]
    quiet: tuple[Suggestion, ...]
    themes: tuple[Theme, ...]
    theme_words: tuple[int, int]  # words in the period, and in the rest of the journal
    themes_possible: bool
    trigger_themes: tuple[str, ...]
    helped: tuple[Quote, ...]
    strengths: tuple[Quote, ...]
    strengths_long_ago: tuple[Quote, ...]
    ratings: tuple[RatingTrend, ...]
    tags: tuple[tuple[str, int], ...]
    lookback: tuple[Lookback, ...] = field(default=())
    #: The first and last day of the rest of the journal, which themes compare against.
    rest_span: tuple[date, date] | None = None
    #: Answers to the other trigger prompts in the period, newest first.
    noticed: tuple[Quote, ...] = field(default=())


# ---------------------------------------------------------------- summarising


def summarise(
    entries: Sequence[Entry], library: Library, period: Period, today: date, seed: int = 0
) -> Summary:
    """Summarise `period` against the days before it and the rest of the journal."""
    return summarise_history(EntryHistory(entries), library, period, today, seed)


def summarise_history(
    history: History, library: Library, period: Period, today: date, seed: int = 0
) -> Summary:
    """Summarise `period` of a journal, asking it only for what the summary needs."""
    near = history.between(period.previous.start, period.end)
    now = [e for e in near if period.holds(e.created.date())]
    before = [e for e in near if period.previous.holds(e.created.date())]
    principle_of = {p.id: p.principle for p in library.prompts.values()}
    principles = principle_use(now, before, library)
    themes, words, possible = themes_of(term_counts(now), history.rest_terms(now))
    strong = frozenset(p for p, principle in principle_of.items() if principle == STRENGTHS)
    return Summary(
        period=period,
        # A supervision record is not a reflection.
        rhythm=rhythm(
            [e for e in now if e.kind != "supervision"],
            [e for e in before if e.kind != "supervision"],
            period,
        ),
        principles=principles,
        quiet=quiet_principles(principles, library),
        themes=themes,
        theme_words=words,
        themes_possible=possible,
        rest_span=history.rest_span(period),
        trigger_themes=trigger_themes(now, principle_of),
        helped=tuple(newest_first(answers_to(now, lambda pid: pid in HELPED_PROMPTS)))[:6],
        # The same entries the principles section counts under triggers, in their words.
        noticed=tuple(
            newest_first(
                answers_to(
                    now,
                    lambda pid: principle_of.get(pid) == TRIGGERS and pid not in HELPED_PROMPTS,
                )
            )
        )[:4],
        strengths=tuple(newest_first(answers_to(now, lambda pid: pid in strong)))[:5],
        strengths_long_ago=strengths_long_ago(history, strong, period, seed),
        ratings=rating_trends(now, before, library, period),
        tags=tuple(tag_counts(now).most_common()),
        lookback=look_back(history, today),
    )


def rhythm(now: Sequence[Entry], before: Sequence[Entry], period: Period) -> Rhythm:
    """How many reflections, on how many days, and how many in each week of the period."""
    weeks = [0] * math.ceil(period.days / 7)
    for entry in now:
        weeks[(entry.created.date() - period.start).days // 7] += 1
    return Rhythm(
        entries=len(now),
        days=len({e.created.date() for e in now}),
        previous_entries=len(before),
        previous_days=len({e.created.date() for e in before}),
        weekly=tuple(weeks),
    )


def principle_use(
    now: Sequence[Entry], before: Sequence[Entry], library: Library
) -> tuple[PrincipleUse, ...]:
    """For each principle, in how many entries it was reflected on, now and before."""
    counts_now = Counter(p for e in now for p in set(e.principles))
    counts_before = Counter(p for e in before for p in set(e.principles))
    return tuple(
        PrincipleUse(p.id, p.name, counts_now[p.id], counts_before[p.id])
        for p in library.principles.values()
    )


def quiet_principles(
    principles: Sequence[PrincipleUse], library: Library
) -> tuple[Suggestion, ...]:
    """The principles not reflected on in the period, with the command to reflect on one."""
    return tuple(
        Suggestion(
            p.id,
            p.name,
            library.principles[p.id].description,
            f"ticli today --principle {p.id}",
        )
        for p in principles
        if p.now == 0
    )


def answers_to(entries: Iterable[Entry], accept: Callable[[str], bool]) -> list[Quote]:
    """The answers whose prompt id `accept(prompt_id)` is true for."""
    return [
        Quote(e.id, e.created.date(), a.prompt_id, a.text)
        for e in entries
        for a in e.answers
        if a.text and accept(a.prompt_id)
    ]


def newest_first(quotes: Iterable[Quote]) -> list[Quote]:
    return sorted(quotes, key=lambda q: (q.day, q.entry_id), reverse=True)


def strengths_long_ago(
    history: History, prompts: frozenset[str], period: Period, seed: int
) -> tuple[Quote, ...]:
    """One or two strengths named well before this period, brought back."""
    horizon = period.previous.start - timedelta(days=60)
    old = history.old_answers(horizon, prompts)
    if not old:
        return ()
    rng = random.Random(f"{seed}-{period.end.isoformat()}")
    return tuple(newest_first(history.texts(rng.sample(old, min(2, len(old))))))


def rating_trends(
    now: Sequence[Entry], before: Sequence[Entry], library: Library, period: Period
) -> tuple[RatingTrend, ...]:
    """Mean, range, weekly means and the change from the previous period, per rating."""
    trends = []
    names = list(library.ratings) + sorted(
        {r for e in now for r in e.ratings} - set(library.ratings)
    )
    for rating_id in names:
        values = [(e.created.date(), e.ratings[rating_id]) for e in now if rating_id in e.ratings]
        if not values:
            continue
        previous = [e.ratings[rating_id] for e in before if rating_id in e.ratings]
        weeks: dict[int, list[int]] = defaultdict(list)
        for day, value in values:
            weeks[(day - period.start).days // 7].append(value)
        weekly = tuple(
            sum(weeks[w]) / len(weeks[w]) if weeks[w] else None
            for w in range(math.ceil(period.days / 7))
        )
        numbers = [v for _, v in values]
        rating = library.ratings.get(rating_id)
        trends.append(
            RatingTrend(
                id=rating_id,
                question=rating.question if rating else rating_id,
                count=len(numbers),
                mean=sum(numbers) / len(numbers),
                low=min(numbers),
                high=max(numbers),
                weekly=weekly,
                previous_mean=sum(previous) / len(previous) if previous else None,
                name=rating.short if rating else rating_id,
                top_label=rating.labels.get(5, "") if rating else "",
            )
        )
    return tuple(trends)


def tag_counts(entries: Iterable[Entry]) -> Counter[str]:
    return Counter(tag for e in entries for tag in e.tags)


def look_back(history: History, today: date) -> tuple[Lookback, ...]:
    """What was written around this day a month, three and six months, and years ago."""
    anchors = [(f"{n} month{'s' if n > 1 else ''} ago", _months_back(today, n)) for n in (1, 3, 6)]
    oldest = history.oldest() or today
    years = range(1, today.year - oldest.year + 1)
    anchors += [(f"{n} year{'s' if n > 1 else ''} ago", _months_back(today, 12 * n)) for n in years]
    spread = timedelta(days=LOOKBACK_DAYS)
    by_day: dict[date, list[str]] = defaultdict(list)
    for day, entry_id in history.days_near([(a - spread, a + spread) for _, a in anchors]):
        by_day[day].append(entry_id)
    chosen: list[tuple[str, date, str]] = []
    for label, anchor in anchors:
        nearby = [
            (day, entry_id)
            for offset in sorted(range(-LOOKBACK_DAYS, LOOKBACK_DAYS + 1), key=abs)
            for day in [anchor + timedelta(days=offset)]
            for entry_id in by_day.get(day, [])
        ]
        if nearby:
            chosen.append((label, *nearby[0]))
    # Only the entries shown are read (at 50 years, 53 of the 700 or so near the days).
    entries = {e.id: e for e in history.by_ids(entry_id for _, _, entry_id in chosen)}
    return tuple(
        Lookback(label, day, entry_id, first_text(entries[entry_id]))
        for label, day, entry_id in chosen
        if entry_id in entries
    )


def _months_back(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last_day in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def first_text(entry: Entry) -> str:
    return entry.note or next((a.text for a in entry.answers if a.text), "")
