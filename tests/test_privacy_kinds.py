"""Each kind the guard finds (issue 11): caught and not caught, why, spans and normalising."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticli.analysis.privacy import REDACTED, find_identifiers, redact
from ticli.analysis.privacy.history import recurring_names
from ticli.config import with_allowed


def kinds(text: str, **kw: object) -> set[str]:
    return {f.kind for f in find_identifiers(text, **kw)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("She's 16 and caring for her siblings.", "age", "She's 16"),
        ("Caller was a 15 y/o worried about a friend.", "age", "15 y/o"),
        ("Saw a 34yo man at the station.", "age", "34yo"),
        ("He turned 52 last week.", "age", "He turned 52"),
        ("Mother, 38, disclosed abuse.", "age", "Mother, 38,"),
        ("Teen (16) came to A&E.", "age", "Teen (16)"),
        ("He's twenty-two and has no bank account.", "age", "He's twenty-two"),
        ("The baby is 9 months old.", "age", "9 months old"),
        ("He was born on the 3rd of May 2004.", "date_of_birth", "the 3rd of May 2004"),
        ("birth date 28-02-1972", "date_of_birth", "28-02-1972"),
        ("(b. 04/06/2012)", "date_of_birth", "04/06/2012"),
        ("DOB: 22-Nov-1979", "date_of_birth", "22-Nov-1979"),
        ("Hospital number RX3 449127, ward 12.", "reference", "RX3 449127"),
        ("Logged under CH/2025/0443 as asked.", "reference", "CH/2025/0443"),
        ("MRN 00449912, bloods due.", "reference", "00449912"),
        ("ssn: 987.65.4325 on a napkin", "ssn", "987.65.4325"),
        ("Her social security number is 987 65 4323.", "ssn", "987 65 4323"),
        ("NI number QQ 12 34 56 C.", "ni_number", "QQ 12 34 56 C"),
        ("ni no: qq 65 43 21 a", "ni_number", "qq 65 43 21 a"),
        ("Direct line ext 4471 if needed.", "phone", "4471"),
        ("She gave a US cell: 555-0147.", "phone", "555-0147"),
        ("Lives in the m14 5rr area now.", "postcode", "m14 5rr"),
        ("Her zip code is 94110.", "postcode", "94110"),
        ("I asked Kayleigh how the week went.", "name", "Kayleigh"),
        ("Mrs Okonkwo rang twice.", "name", "Okonkwo"),
        ("A young man called Wojciech came in.", "name", "Wojciech"),
        ("Grace told me she hasn't slept.", "name", "Grace"),
        ("Marcus's mum picked him up.", "name", "Marcus"),
        ("Met with the Abernathy family.", "name", "Abernathy"),
    ],
)
def test_caught(text: str, kind: str, found: str) -> None:
    findings = [f for f in find_identifiers(text) if f.kind == kind]
    assert [f.text for f in findings] == [found]
    assert findings[0].reason  # every finding says why


@pytest.mark.parametrize(
    "text",
    [
        "She is in her forties and tired.",  # a decade is not an exact age
        "A group of 11-14 year olds made a wall.",  # a range
        "He is in his 20s and works nights.",
        "Capacity was 3 today, a 4 out of 5 day.",
        "The session lasted 45 minutes.",
        "Born and raised here, she said.",
        "Supervision is on 2026-11-20.",  # a date without a birth cue
        "A record 14 people came to the walk.",
        "See you b4 5pm at the hub.",  # not a postcode: M is never in the second half
        "Ring her at 5 after the group.",
        "Hope feels very thin right now.",
        "Faith is a big part of how he copes.",
        "We sang Amazing Grace at the memorial.",
        "On Tuesday the Trust sent a letter; Mum came too.",
        "The Hope Street drop-in was packed.",
        "She wants to move to Birmingham where her aunt is.",
        "Mother's Day is always rough.",
        "The kids call me Miss even though I've told them my name.",
    ],
)
def test_not_caught(text: str) -> None:
    assert find_identifiers(text) == []


def test_allow_list_keeps_a_word_from_being_a_name() -> None:
    assert kinds("We met at Kayleigh's office.") == {"name"}
    assert kinds("We met at Kayleigh's office.", allow_list=["kayleigh"]) == set()


def test_watch_list_is_matched_after_normalising() -> None:
    watch = ["O'Neill House", "Ward 7"]
    assert kinds("Handover at O\u2019NEILL  house again", watch_list=watch) == {"watch_word"}
    assert kinds("back on ward\u20137", watch_list=watch) == {"watch_word"}
    assert kinds("back on \uff37ard 7", watch_list=watch) == {"watch_word"}  # full-width W
    finding = find_identifiers("at O\u2019Neill House", watch_list=watch)[0]
    assert finding.text == "O\u2019Neill House"  # the user's own characters


def test_history_finds_a_name_the_user_writes_again_and_again() -> None:
    texts = [f"Spent time with the lads and {n} today." for n in ("Jonno", "Gaz", "Tayo")]
    assert recurring_names(texts) == frozenset()  # three different words
    texts = ["Talked with Jonno today.", "Later Jonno left.", "I saw Jonno at lunch."]
    assert recurring_names(texts) == frozenset({"Jonno"})
    assert kinds("Sat with Jonno again.", known_names=frozenset({"Jonno"})) == {"name"}
    assert recurring_names(["the jonno thing", *texts]) == frozenset()  # written in lower case


def test_never_ask_again_adds_to_allow_list_and_keeps_the_rest() -> None:
    text = '# mine\ncount = 3\nallow_list = [\n  "Leeds",\n]\nwatch_list = ["Ward 7"]\n'
    new = with_allowed(text, "Hope")
    assert new.startswith("# mine\ncount = 3\n") and new.endswith('watch_list = ["Ward 7"]\n')
    assert '"Leeds"' in new and '"Hope"' in new
    assert with_allowed(new, "Hope") == new
    assert with_allowed("", "Hope").strip().startswith("allow_list")


@given(
    st.text(max_size=200), st.sampled_from(["Kayleigh", "She's 16", "QQ 12 34 56 C", "ext 4471"])
)
def test_spans_lie_in_the_text_and_redaction_changes_only_them(noise: str, detail: str) -> None:
    text = f"{noise} {detail} {noise[::-1]}"
    findings = find_identifiers(text)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text) and text[f.start : f.end] == f.text
    redacted = redact(text, findings)
    # Everything before the first finding and after the last is untouched.
    if findings:
        assert redacted.startswith(text[: findings[0].start])
        assert redacted.endswith(text[findings[-1].end :])
        assert redacted.count(REDACTED) >= len(findings)
    else:
        assert redacted == text
