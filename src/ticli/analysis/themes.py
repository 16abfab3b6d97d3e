"""Themes: the words and phrases that set a period apart from the rest of the journal. Pure.

The measure is the weighted log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, "Fightin' Words"): a word is a theme of the
period when it is used there more (or less) than the rest of the journal
would lead one to expect, measured as a z-score, so that a common word used a
little more does not outrank a distinctive one.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ticli.model import Entry

TRIGGERS = "triggers"


#: A theme must be used at least this often in the period (or, falling, before it).
MIN_THEME_COUNT = 3
#: |z| above this marks a theme (about the 95% level).
THEME_Z = 1.96
#: The prior's total pseudo-count, spread over words by their share of the whole journal.
PRIOR_WEIGHT = 1000.0
#: Below this many words in the period, or before it, themes are not guessed.
MIN_WORDS_FOR_THEMES = 150


@dataclass(frozen=True)
class Theme:
    term: str
    rising: bool
    now: int
    before: int
    z: float


# ---------------------------------------------------------------- words and themes

#: A word: letters, joined by apostrophes or hyphens ("don't", "well-being").
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_PUNCTUATION = "\"'\u2018\u2019\u201c\u201d.,;:!?()[]{}<>*_~`/\\|\u2026\u2013\u2014-"

#: Words of the stop-word list that carry meaning in this work, so they can be themes: the
#: needs someone has, the endings (and beginnings) of work with them, being alone, proud,
#: sorry, the past and the present, what changes, working together, saying stop, the
#: system. Some are not in today's list: they stay possible themes should a later one add them.
KEPT = frozenset(
    """
    alone beginnings believe boundaries changes cry empty ending endings group groups home
    left miss needs past present proud self sorry stop system together
    """.split()  # noqa: SIM905 (a word list reads best as text)
)
#: Common verbs and fillers in every kind of writing that the list lacks, so never a theme
#: (found as filler themes on a ten-year journal).
FILLERS = frozenset(
    """
    bit coming day feel feeling helped helps keeping looked lot lots notice noticed putting
    sort start started starts takes talk talked talking talks telling tells time told
    """.split()  # noqa: SIM905
)


@functools.cache
def stop_words() -> frozenset[str]:
    """The words never counted: the English list of the stop-words package (kept up by its
    authors, BSD-3-Clause), less KEPT, plus FILLERS. Read when first needed, not on
    import: most commands count no words.

    The index keeps word counts made with these: when they change, so must
    store.indexdb.INDEX_VERSION (tests/test_index.py holds a digest of them to it).
    """
    from stop_words import get_stop_words

    return (frozenset(get_stop_words("en", cache=False)) - KEPT) | FILLERS


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
    keyed: dict[str, tuple[str, str]] = {}
    for token, number in Counter(tokens).items():
        word, key = keyed[token] = _word_and_key(token)
        if key:
            counts.counts[key] += number
            counts.form_counts[key, word] += number
            counts.words += number
    for (first, second), number in Counter(itertools.pairwise(tokens)).items():
        (word_a, a), (word_b, b) = keyed[first], keyed[second]
        if a and b:
            phrase = f"{a} {b}"
            counts.counts[phrase] += number
            counts.form_counts[phrase, f"{word_a} {word_b}"] += number
    return counts


@functools.lru_cache(maxsize=131072)
def _word_and_key(token: str) -> tuple[str, str]:
    """A token's word (without punctuation around it) and the stem it is counted under;
    the stem is "" for a stop word, a very short word, or what is not a word at all."""
    word = token.strip(_PUNCTUATION).replace("\u2019", "'")
    if len(word) < 3 or word in stop_words() or not _WORD.fullmatch(word):
        return word, ""
    return word, stem(word)


def term_counts(entries: Iterable[Entry]) -> TermCounts:
    """Count the words and phrases of every answer and note."""
    return count_terms(_texts(entries))


def entry_terms(entry: Entry) -> tuple[dict[tuple[str, str], int], int]:
    """One entry's counts, to keep in the index: {(stem key, form): count}, and its number
    of words. Counts add up: the counts of many entries are the sum of theirs."""
    counts = count_terms(_texts([entry]))
    return dict(counts.form_counts), counts.words


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
        others_focus, others_rest = n_focus + prior_weight - a, n_rest + prior_weight - b
        if others_focus <= 0 or others_rest <= 0:
            # The term is every word on one side (a journal of one word): there is
            # nothing to contrast it with, so it is no theme.
            continue
        delta = math.log(a / others_focus) - math.log(b / others_rest)
        scores[term] = delta / math.sqrt(1 / a + 1 / b)
    return scores


def themes_of(
    focus: TermCounts, other: TermCounts, limit: int = 8
) -> tuple[tuple[Theme, ...], tuple[int, int], bool]:
    """The terms that characterise the period (counted in `focus`) against the rest
    (`other`), rising and falling."""
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
