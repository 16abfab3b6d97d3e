"""The ways practitioners write names, ages and places that the guard reads (issue 11):
each caught form with one written the same way that must not be caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticli.analysis.privacy import find_identifiers, redact


def found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_identifiers(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("shes 15 and pregnant", "shes 15"),
        ("yp 14, excluded again", "yp 14"),
        ("He'll be 18 in May.", "He'll be 18"),
        ("she'd just turned 15", "she'd just turned 15"),
        ("he had just turned 13 when it started", "he had just turned 13"),
        ("Turned 18 on Sunday so leaving care.", "Turned 18"),
        ("turns 18 next month", "turns 18"),
        ("is 16 in March", "is 16"),
        ("jade is 15", "jade is 15"),
        ("the lad is 15", "lad is 15"),
        ("a lad of 15 on his own", "lad of 15"),
        ("Aged sixteen and on his own.", "Aged sixteen"),
        ("Ffion (15y) very withdrawn.", "15y"),
        ("celebrated her 18th birthday on the ward", "18th birthday"),
        ("16F, first contact", "16F"),
        ("caller f 24, rang twice", "caller f 24"),
        ("Mrs Hill, now 88, lives alone.", "Hill, now 88,"),
        ("Oksana was 13 at the time of the assault.", "Oksana was 13"),
        ("a 7 yr old witnessed it", "7 yr old"),
        ("(12 yrs) came with her nan", "12 yrs"),
    ],
)
def test_ages_caught(text: str, age: str) -> None:
    assert found(text, "age") == [age]
    assert all(f.reason == "an exact age" for f in find_identifiers(text) if f.kind == "age")


@pytest.mark.parametrize(
    "text",
    [
        "He's been clean 2 yrs now and is proud of it.",
        "I've been doing this job 15 yrs and still get knocked sideways.",
        "Caseload is 23 now which is too many.",
        "She turned 180 on the whole idea by the end.",
        "She's 5'2 and tough as nails.",
        "He was 4 at the start and 7 by the end.",  # a rating, not an age
        "Energy is 3 today.",
        "Stuck on the M62 for an hour.",
        "Only 5 turned up, out of 12.",
        "Scored 12 on the PHQ-9, was 18 last month.",
    ],
)
def test_ages_not_caught(text: str) -> None:
    assert found(text, "age") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("asked jade if she felt safe at home", "jade"),
        ("ronan's mum rang again about the detention", "ronan"),
        ("sw for kayden rang", "kayden"),
        ("jayden kicked off in maths again", "jayden"),
        ("spoke to blessing about the court date.", "blessing"),
        ("caller (ruby) rang three times overnight", "ruby"),
        ("nice moment w/ Destiny at lunch", "Destiny"),
        ("Talked to Wiktoria about the bullying.", "Wiktoria"),
        ("First session with Oksana, who fled last spring.", "Oksana"),
        ("Olek and his sister arrived late.", "Olek"),
        ("Huong is convinced the neighbours are watching her.", "Huong"),
        ("- Gethin: safe, plan in place", "Gethin"),
        ("LADO consulted re Jasmine.", "Jasmine"),
        ("Gave Storm a lift to the food bank.", "Storm"),
        ("Gaz turned up sober for the first time in weeks.", "Gaz"),
        ("I keep thinking about Tendai on the drive home.", "Tendai"),
    ],
)
def test_names_caught(text: str, name: str) -> None:
    findings = [f for f in find_identifiers(text) if f.kind == "name"]
    assert [f.text for f in findings] == [name]
    assert all(f.reason for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        "Hope is hard to hold onto some weeks.",
        "Grace and patience needed today, mostly from me.",
        "Trust takes time with this group.",
        "Mum was on the phone for 20 mins before we started.",
        "Session with hope in my heart, for once.",
        "Back on Jan 6th after the break.",
        "Since Jan I've felt more settled in the role.",
        "Jan is always a hard month for her.",
        "She speaks Urdu at home and Polish with her friends.",
        "Interpreter for Tigrinya didn't show.",
        "Jesus was mentioned a lot, faith matters to her.",
        "St John Ambulance at the event.",
        "Lunch duty on Wednesdays is where I get to know them.",
        "Granny was on FaceTime the whole visit.",
        "We're halfway through and attendance is holding.",
        "Co-facilitation felt clunky today.",
        "Referred to the Wellbeing Service on 14 Nov; heard nothing yet.",
        "caller hung up when I asked about safety",
        "obs stable, meds given, slept ok",
        "idk what to do with this one tbh",
        "Plan: ring the GP first thing.",
        "## Themes\n\n- [x] Prioritise people\n- [ ] Zorblish effectively",  # list items
        "We talked about her Behaviour Support Plan and the Organisation's part in it.",
    ],
)
def test_names_not_caught(text: str) -> None:
    assert found(text, "name") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Year 10 at Hillside Academy.", "Hillside Academy"),
        ("She goes to St Mary's Primary.", "St Mary's Primary"),
        ("Riverside High have excluded him.", "Riverside High"),
        ("Placed at Hollybrook House last night.", "Hollybrook House"),
        ("His dad is in HMP Altcourse.", "HMP Altcourse"),
        ("She works at Dobson's Garage on Saturdays.", "Dobson's Garage"),
    ],
)
def test_workplaces_caught(text: str, place: str) -> None:
    findings = [f for f in find_identifiers(text) if f.kind == "workplace"]
    assert [f.text for f in findings] == [place]
    assert findings[0].reason == "a named school or workplace"


@pytest.mark.parametrize(
    "text",
    [
        "The P7s are nervous about going up to High School.",
        "Sunday School is the only time she's out of the house.",
        "Met at the Youth Centre as usual.",
        "Ward 7 has a day room now, which helps.",  # a practitioner's own ward: watch list
        "She has a Saturday job at Primark.",  # a chain employs thousands
        "Mom works the 3-11 shift at Walmart.",
    ],
)
def test_workplaces_not_caught(text: str) -> None:
    assert found(text, "workplace") == []


def test_allow_list_covers_workplaces_and_lower_case_names() -> None:
    assert found("Placed at Hollybrook House.", "workplace")
    assert not find_identifiers("Placed at Hollybrook House.", allow_list=["Hollybrook"])
    assert not find_identifiers("asked jade if she was ok", allow_list=["Jade"])


@given(
    st.text(max_size=120),
    st.sampled_from(["shes 15", "asked jade", "Hillside Academy", "w/ Destiny", "16F"]),
)
def test_new_forms_keep_spans_inside_and_redaction_local(noise: str, detail: str) -> None:
    text = f"{noise} {detail}. {noise[::-1]}"
    findings = find_identifiers(text)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text) and text[f.start : f.end] == f.text
    if findings:
        redacted = redact(text, findings)
        assert redacted.startswith(text[: findings[0].start])
        assert redacted.endswith(text[findings[-1].end :])
