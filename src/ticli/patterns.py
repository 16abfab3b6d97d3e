"""Patterns over time: pure functions from entries to a Summary. No printing, no I/O.

Themes use the weighted log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, "Fightin' Words"): a word is a theme of the
period when it is used there more (or less) than the rest of the journal
would lead one to expect, measured as a z-score, so that a common word used a
little more does not outrank a distinctive one.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ticli.model import Entry
from ticli.prompts import STRENGTHS, Library

#: Prompts whose answers are "what helped" (read by id, so keep the id stable).
HELPED_PROMPTS = frozenset({"triggers-what-helped"})
TRIGGERS = "triggers"

#: A theme must be used at least this often in the period (or, falling, before it).
MIN_THEME_COUNT = 3
#: |z| above this marks a theme (about the 95% level).
THEME_Z = 1.96
#: The prior's total pseudo-count, spread over words by their share of the whole journal.
PRIOR_WEIGHT = 1000.0
#: Below this many words in the period, or before it, themes are not guessed.
MIN_WORDS_FOR_THEMES = 150
LOOKBACK_DAYS = 3


# ---------------------------------------------------------------- the Summary


@dataclass(frozen=True)
class Period:
    """The days summarised (inclusive) and the same number of days just before."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


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
class Theme:
    term: str
    rising: bool
    now: int
    before: int
    z: float


@dataclass(frozen=True)
class Quote:
    entry_id: str
    day: date
    prompt_id: str
    text: str


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


# ---------------------------------------------------------------- summarising


def summarise(
    entries: Sequence[Entry], library: Library, period: Period, today: date, seed: int = 0
) -> Summary:
    """Summarise `period` against the days before it and the rest of the journal."""
    now = [e for e in entries if period.holds(e.created.date())]
    before = [e for e in entries if period.previous.holds(e.created.date())]
    rest = [e for e in entries if not period.holds(e.created.date())]
    principle_of = {p.id: p.principle for p in library.prompts.values()}
    principles = principle_use(now, before, library)
    themes, words, possible = themes_of(now, rest)
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
        trigger_themes=trigger_themes(now, principle_of),
        helped=tuple(newest_first(answers_to(now, lambda pid: pid in HELPED_PROMPTS)))[:6],
        strengths=tuple(
            newest_first(answers_to(now, lambda pid: principle_of.get(pid) == STRENGTHS))
        )[:5],
        strengths_long_ago=strengths_long_ago(entries, principle_of, period, seed),
        ratings=rating_trends(now, before, library, period),
        tags=tuple(tag_counts(now).most_common()),
        lookback=look_back(entries, today),
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
    entries: Sequence[Entry], principle_of: Mapping[str, str], period: Period, seed: int
) -> tuple[Quote, ...]:
    """One or two strengths named well before this period, brought back."""
    horizon = period.previous.start - timedelta(days=60)
    old = answers_to(
        (e for e in entries if e.created.date() < horizon),
        lambda pid: principle_of.get(pid) == STRENGTHS,
    )
    if not old:
        return ()
    rng = random.Random(f"{seed}-{period.end.isoformat()}")
    return tuple(newest_first(rng.sample(old, min(2, len(old)))))


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
            )
        )
    return tuple(trends)


def tag_counts(entries: Iterable[Entry]) -> Counter[str]:
    return Counter(tag for e in entries for tag in e.tags)


def look_back(entries: Sequence[Entry], today: date) -> tuple[Lookback, ...]:
    """What was written around this day a month, three and six months, and years ago."""
    anchors = [(f"{n} month{'s' if n > 1 else ''} ago", _months_back(today, n)) for n in (1, 3, 6)]
    oldest = min((e.created.date() for e in entries), default=today)
    years = range(1, today.year - oldest.year + 1)
    anchors += [(f"{n} year{'s' if n > 1 else ''} ago", _months_back(today, 12 * n)) for n in years]
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_day[entry.created.date()].append(entry)
    found = []
    for label, anchor in anchors:
        nearby = [
            e
            for offset in sorted(range(-LOOKBACK_DAYS, LOOKBACK_DAYS + 1), key=abs)
            for e in by_day.get(anchor + timedelta(days=offset), [])
        ]
        if nearby:
            entry = nearby[0]
            found.append(Lookback(label, entry.created.date(), entry.id, first_text(entry)))
    return tuple(found)


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


# ---------------------------------------------------------------- words and themes

#: A word: letters, joined by apostrophes or hyphens ("don't", "well-being").
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_PUNCTUATION = "\"'\u2018\u2019\u201c\u201d.,;:!?()[]{}<>*_~`/\\|\u2026\u2013\u2014-"

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each even every few for from further get got had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like little lot
    lots made make many maybe me might more most much must mustn't my myself no nor not now of off
    on once one only or other ought our ours ourselves out over own quite rather really same
    shan't she she'd she'll she's should shouldn't so some something still such than that that's
    the their theirs them themselves then there there's these they they'd they'll they're they've
    thing things this those through to today too under until up upon us very was wasn't we we'd
    we'll we're we've were weren't what what's when when's where where's which while who who's
    whom why why's will with won't would wouldn't yet you you'd you'll you're you've your yours
    yourself yourselves felt feel feeling think thought day went going go know bit back way also
    again around though time see seemed kind sort well noticed notice helped help helps
    """.split()  # noqa: SIM905 (a word list reads best as text)
)


def stem(word: str) -> str:
    """Merge simple word forms: plurals, -ing, -ed (boundaries -> boundary, calmer stays)."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return _undouble(word[:-3])
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return _undouble(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        return word[:-1]
    return word


@dataclass
class TermCounts:
    """How often each word and two-word phrase (by stem) is used, and the form most used."""

    counts: Counter[str] = field(default_factory=Counter)
    form_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    words: int = 0

    def form(self, key: str) -> str:
        """The way the term was most often written."""
        forms = [(n, w) for (k, w), n in self.form_counts.items() if k == key]
        return max(forms)[1] if forms else key


#: Put between texts so that no phrase is counted across two of them ("the" is a stop word).
_SEPARATOR = "\n the \n"


def count_terms(texts: Iterable[str]) -> TermCounts:
    """Count the words and two-word phrases of some texts, by stem.

    The work per word happens in C (one regular-expression pass, Counter over
    words and over neighbouring pairs); stop words and stems are then dealt
    with once per distinct word or pair. A ten-year journal has a million
    words but only some thousands of distinct ones.
    """
    tokens = _SEPARATOR.join(texts).lower().split()
    counts = TermCounts()
    for token, number in Counter(tokens).items():
        word, key = _word_and_key(token)
        if key:
            counts.counts[key] += number
            counts.form_counts[key, word] += number
            counts.words += number
    for (first, second), number in Counter(itertools.pairwise(tokens)).items():
        (word_a, a), (word_b, b) = _word_and_key(first), _word_and_key(second)
        if a and b:
            counts.counts[f"{a} {b}"] += number
            counts.form_counts[f"{a} {b}", f"{word_a} {word_b}"] += number
    return counts


@functools.lru_cache(maxsize=131072)
def _word_and_key(token: str) -> tuple[str, str]:
    """A token's word (without punctuation around it) and the stem it is counted under;
    the stem is "" for a stop word, a very short word, or what is not a word at all."""
    word = token.strip(_PUNCTUATION).replace("\u2019", "'")
    if len(word) < 3 or word in STOP_WORDS or not _WORD.fullmatch(word):
        return word, ""
    return word, stem(word)


def term_counts(entries: Iterable[Entry]) -> TermCounts:
    """Count the words and phrases of every answer and note."""
    return count_terms(_texts(entries))


def _texts(entries: Iterable[Entry]) -> Iterable[str]:
    for entry in entries:
        if entry.note:
            yield entry.note
        for answer in entry.answers:
            yield answer.text


def log_odds_z(
    focus: Mapping[str, int], rest: Mapping[str, int], prior_weight: float = PRIOR_WEIGHT
) -> dict[str, float]:
    """z-scores of the weighted log-odds ratio of each term, focus against rest.

    The informative Dirichlet prior is the whole journal's word distribution,
    scaled to `prior_weight` pseudo-counts (Monroe, Colaresi & Quinn 2008, eq. 22).
    """
    background = Counter(focus) + Counter(rest)
    total = sum(background.values())
    if not total:
        return {}
    n_focus, n_rest = sum(focus.values()), sum(rest.values())
    scores = {}
    for term, count in background.items():
        alpha = prior_weight * count / total
        a, b = focus.get(term, 0) + alpha, rest.get(term, 0) + alpha
        delta = math.log(a / (n_focus + prior_weight - a)) - math.log(
            b / (n_rest + prior_weight - b)
        )
        scores[term] = delta / math.sqrt(1 / a + 1 / b)
    return scores


def themes_of(
    now: Sequence[Entry], rest: Sequence[Entry], limit: int = 8
) -> tuple[tuple[Theme, ...], tuple[int, int], bool]:
    """The terms that characterise the period against the rest, rising and falling."""
    focus, other = term_counts(now), term_counts(rest)
    words = (focus.words, other.words)
    if min(words) < MIN_WORDS_FOR_THEMES:
        return (), words, False
    # The prior should steady the estimates, not outweigh the period's own words.
    scores = log_odds_z(focus.counts, other.counts, min(PRIOR_WEIGHT, focus.words / 2))
    rising = [t for t, z in scores.items() if z > THEME_Z and focus.counts[t] >= MIN_THEME_COUNT]
    falling = [t for t, z in scores.items() if z < -THEME_Z and other.counts[t] >= MIN_THEME_COUNT]
    rising.sort(key=lambda t: -scores[t])
    falling.sort(key=lambda t: scores[t])
    rising = _phrases_first(rising, focus.counts)
    falling = _phrases_first(falling, other.counts)
    themes = [
        Theme(
            focus.form(t) if focus.counts[t] else other.form(t),
            scores[t] > 0,
            focus.counts[t],
            other.counts[t],
            round(scores[t], 2),
        )
        for t in _without_parts(rising, limit) + _without_parts(falling, limit // 2)
    ]
    return tuple(themes), words, True


def _phrases_first(terms: list[str], counts: Mapping[str, int]) -> list[str]:
    """Put a phrase in the place of its word when the word is mostly used in that phrase
    ("night shift" rather than "night" and "shift")."""
    phrases = [t for t in terms if " " in t]
    ordered: list[str] = []
    for term in terms:
        if " " not in term:
            whole = [p for p in phrases if term in p.split() and counts[p] >= 0.75 * counts[term]]
            term = whole[0] if whole else term
        if term not in ordered:
            ordered.append(term)
    return ordered


def _without_parts(terms: list[str], limit: int) -> list[str]:
    """Keep the strongest terms; drop a word already shown inside a phrase, and vice versa."""
    kept: list[str] = []
    for term in terms:
        parts = set(term.split())
        if any(parts & set(k.split()) for k in kept):
            continue
        kept.append(term)
        if len(kept) == limit:
            break
    return kept


def trigger_themes(
    entries: Sequence[Entry], principle_of: Mapping[str, str], limit: int = 6
) -> tuple[str, ...]:
    """Words that recur across different answers to trigger prompts in the period."""
    answers = [
        a.text for e in entries for a in e.answers if principle_of.get(a.prompt_id) == TRIGGERS
    ]
    seen_in: Counter[str] = Counter()
    for text in answers:
        seen_in.update(k for k in count_terms([text]).counts if " " not in k)
    counts = count_terms(answers)
    recurring = [k for k, n in seen_in.most_common() if n >= 2]
    return tuple(counts.form(k) for k in recurring[:limit])


# ---------------------------------------------------------------- the supervision brief

#: Proctor's three functions of supervision, and the principles each gathers.
PROCTOR = {
    "normative": (
        "Normative: ethics, boundaries and standards",
        ("safety", "trust", "collaboration", "difference"),
    ),
    "formative": (
        "Formative: learning and skills",
        ("becoming", "what-happened", "triggers", "empathy", "connection"),
    ),
    "restorative": (
        "Restorative: support, wellbeing and capacity",
        ("wellbeing", "resilience", "belonging", "strengths"),
    ),
}
BRING_PROMPTS = frozenset({"supervision-bring"})


@dataclass(frozen=True)
class ProctorSection:
    id: str
    title: str
    principles: tuple[PrincipleUse, ...]
    quotes: tuple[Quote, ...]
    ratings: tuple[RatingTrend, ...] = ()


@dataclass(frozen=True)
class Brief:
    """What `ticli brief` shows: built on the same analysis as the summary."""

    period: Period
    since_supervision: date | None
    reflections: int
    actions: tuple[str, ...]
    last_note: str
    flagged: tuple[Quote, ...]
    bring: tuple[Quote, ...]
    summary: Summary
    sections: tuple[ProctorSection, ...]


def build_brief(
    entries: Sequence[Entry],
    library: Library,
    period: Period,
    today: date,
    last_supervision: Entry | None,
) -> Brief:
    """Gather the period's reflections for supervision, under Proctor's three functions."""
    summary = summarise(entries, library, period, today)
    now = [e for e in entries if period.holds(e.created.date()) and e.kind != "supervision"]
    principle_of = {p.id: p.principle for p in library.prompts.values()}
    flagged = [
        Quote(e.id, e.created.date(), a.prompt_id, a.text)
        for e in now
        if e.flagged
        for a in e.answers
        if a.text
    ] + [Quote(e.id, e.created.date(), "note", e.note) for e in now if e.flagged and e.note]
    sections = []
    for section_id, (title, principles) in PROCTOR.items():
        gathered = set(principles)
        quotes = [
            q
            for q in answers_to(now, lambda pid: True)
            if principle_of.get(q.prompt_id) in gathered
        ]
        ratings = summary.ratings if section_id == "restorative" else ()
        sections.append(
            ProctorSection(
                section_id,
                title,
                tuple(u for u in summary.principles if u.id in principles),
                tuple(newest_first(quotes))[:4],
                ratings,
            )
        )
    return Brief(
        period=period,
        since_supervision=last_supervision.created.date() if last_supervision else None,
        reflections=len(now),
        actions=last_supervision.actions if last_supervision else (),
        last_note=last_supervision.note if last_supervision else "",
        flagged=tuple(newest_first(flagged)),
        bring=tuple(newest_first(answers_to(now, lambda pid: pid in BRING_PROMPTS))),
        summary=summary,
        sections=tuple(sections),
    )
