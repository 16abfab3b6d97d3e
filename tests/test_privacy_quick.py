"""The guard's quick paths find exactly what its thorough paths find.

Plain-ASCII text goes through shortcuts (only capital letters looked at for names; no
number patterns without a digit; ages in words only in the clauses that can hold one).
Each shortcut is checked here against the thorough path on text built to be awkward:
names, titles, cues, possessives, hyphens, apostrophes, digits glued to words, number
words, punctuation and odd spacing.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ticli.analysis.privacy import patterns
from ticli.analysis.privacy.history import recurring_names
from ticli.analysis.privacy.names import names, names_word_by_word

PIECES = [
    "Kayleigh", "Mrs", "Mr.", "Dr", "Henderson", "Grace", "Hope", "Will", "Mark", "said",
    "is", "was", "she's", "he", "She", "I", "I'm", "I-", "my", "client", "called", "named",
    "name", "name is", "the", "Trust", "Oakwood", "House", "family", "Nowaks", "Zorbly",
    "London", "Milton", "Keynes", "to", "and", "with", "sixteen", "twelve", "twenty-one",
    "one", "someone", "now", "only", "just", "turned", "years", "year-old", "old", "of age",
    "aged", "a", "Something", "Rest", "3", "a3", "3rd", "B4", "O'Neil", "Mary-Jane", "x-Bob",
    "'", "-", ".", ",", ";", "(", ")", '"', ":", "\n", "\t", "  ", "_", "Marcus's", "James'",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=30).map(
    lambda parts: "".join(p + (" " if i % 3 else "") for i, p in enumerate(parts))
)


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from([frozenset(), frozenset({"grace", "london"})]))
def test_names_from_capitals_are_the_names_word_by_word(text: str, allowed: frozenset[str]) -> None:
    known = frozenset({"Zorbly"})
    assert list(names(text, allowed, known)) == list(names_word_by_word(text, allowed, known))


@pytest.mark.parametrize(
    "text",
    [
        "We spoke to Mr. Something today",
        "a boy called Rest, then",
        "Her name is Hope and",
        "Mrs . . Something",
        "Dr" + " " * 50 + "Something",
        "3Bob and a3'Bob and 3'Bob and x-Bob and _Bob",
        "I met Kayleigh. I-Zorbly said so",
    ],
)
def test_names_by_cues_found_from_capitals(text: str) -> None:
    found = list(names(text))
    assert found == list(names_word_by_word(text))
    assert found


@settings(max_examples=400, deadline=None)
@given(texts)
def test_numbers_without_digits_are_what_every_pattern_finds(text: str) -> None:
    text = "".join(c for c in text if not c.isdigit())
    every = list(patterns._with_digits(text))
    assert sorted(patterns.numbers(text)) == sorted(every)


@pytest.mark.parametrize(
    "text",
    [
        "My client is sixteen.",
        "She's only just twelve now, and",
        "He turned twenty-one last week",
        "Someone is one of us. No one; the eldest is nine",
        "A sixteen-year-old and a Twelve Years Old",
        "Caller was\tfourteen\nand scared",
    ],
)
def test_ages_in_words_are_found_by_the_clauses(text: str) -> None:
    every = list(patterns._with_digits(text))
    assert sorted(patterns.numbers(text)) == sorted(every)
    assert any(kind == "age" for kind, *_ in every)


def test_names_the_user_writes_again_count_texts_and_skip_words_seen_in_lower_case() -> None:
    texts = ["I met with Zorbly today", "then with Zorbly again", "saw Zorbly, and Kenwick"] * 2
    assert recurring_names(texts) == frozenset({"Zorbly"})
    assert recurring_names([*texts, "a kenwick-zorbly thing", "one zorbly"]) == frozenset()
