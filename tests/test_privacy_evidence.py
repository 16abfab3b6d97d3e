"""What makes a capitalised word a name, a brand or a place (issue 11, third round): each
rule with a sentence it catches and one written the same way that it must not."""

from __future__ import annotations

import pytest

from ticli.analysis.privacy import find_identifiers


def names(text: str) -> list[str]:
    return [f.text for f in find_identifiers(text) if f.kind == "name"]


# A first name that Webster's 1934 lists in lower case ("laura", "emma") but no modern
# dictionary does is a name, not a word: it needs no cue.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Laura was quiet all session.", "Laura"),
        ("Emma finally opened up about home.", "Emma"),
        ("Steven looked exhausted today.", "Steven"),
    ],
)
def test_a_name_only_an_old_dictionary_calls_a_word(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Hope was in short supply today.",  # still a word today: needs a cue
        "We did Maths and English after lunch.",
        "Al-Anon has really helped Mum.",
        "Ivy grew over the fence at the back of the centre.",
    ],
)
def test_words_in_use_today_still_need_a_cue(text: str) -> None:
    assert names(text) == []
