"""Numbers, ages and addresses as quick notes write them (issue 11, third round): each
form caught, with one written the same way that must not be."""

from __future__ import annotations

import pytest

from ticli.analysis.privacy import find_identifiers


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("her social is 987654320", "ssn", "987654320"),
        ("SS no. 987654320", "ssn", "987654320"),
        ("SSN on the form (987654328) doesn't match.", "ssn", "987654328"),
        ("NI no QQ-88-70-18-D", "ni_number", "QQ-88-70-18-D"),
        ("nat ins qq376353 a", "ni_number", "qq376353 a"),
        ("bday 07/04/71", "date_of_birth", "07/04/71"),
        ("Year of birth 1962.", "date_of_birth", "1962"),
        ("Ring her back on 946 0890.", "phone", "946 0890"),
        ("call back no. 946 0938", "phone", "946 0938"),
        ("Please quote PNC 26/996126M when ringing back.", "reference", "26/996126M"),
        ("Police gave me the CPS intake #1906515.", "reference", "1906515"),
        ("Chased housing about A&E no. ED26-828844.", "reference", "ED26-828844"),
        ("Caller (M, 67) wanted to talk about his divorce.", "age", "Caller (M, 67)"),
        ("now 95, widowed, very isolated", "age", "now 95,"),
        ("76m, hearing voices, wants to go home.", "age", "76m,"),
        ("pt 65m, hx psychosis, settled today.", "age", "pt 65m,"),
        ("just turned ten and already talking about moving out", "age", "just turned ten"),
        ("moved to 17 victoria street.", "address", "17 victoria street"),
        ("lives at 14 albert road with her nan", "address", "14 albert road"),
        ("Home visit to 76 Holly Bank.", "address", "76 Holly Bank"),
    ],
)
def test_caught(text: str, kind: str, detail: str) -> None:
    assert (kind, detail) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The social was 12 people and a dog.",
        "I'll call back on Monday.",
        "A bday party for 10 kids, chaos.",
        "Ring back in 20 mins if no answer.",
        "NI 12 people came to the group.",
        "The A&E wait was 4 hours.",
        "45m, then a break.",
        "Ran 5m, then walked.",
        "Now 3 sessions in, it's easier.",
        "Just turned the corner and it felt better.",
        "Crossed 2 busy roads to get here.",
        "Home visit to 3 families today.",
        "Moved to 2 different schools in a year.",
        "nat ins form sent off today.",
    ],
)
def test_not_caught(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("attends Lakeview Elementary", "Lakeview Elementary"),
        ("Her son goes to Kingsmead PRU and is being bullied.", "Kingsmead PRU"),
        ("Southbank UTC want a TAF meeting.", "Southbank UTC"),
        ("works at Greggs in Headingley, early shifts", "Greggs in Headingley"),
        ("Lost her job at the Asda on Dewsbury Road.", "Asda on Dewsbury Road"),
        ("Started at the Kroger on Vine Street last month.", "Kroger on Vine Street"),
    ],
)
def test_schools_and_a_chain_s_branch(text: str, place: str) -> None:
    assert ("workplace", place) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Works at Tesco on Saturdays.",
        "A job at Primark in December would help.",
        "Works at Greggs in town.",
        "Starting at prep school was hard for him.",
    ],
)
def test_a_chain_on_its_own_is_no_workplace(text: str) -> None:
    assert [kind for kind, _ in found(text) if kind == "workplace"] == []


def test_a_chain_s_name_with_a_possessive_is_no_workplace() -> None:
    assert found("He wants a job at Wendy's; we practised interview questions.") == []


def test_a_limit_in_lower_case_is_no_age() -> None:
    assert found("Caseload at 28, recommended max is 20.") == []
    assert ("age", "jack is 16") in found("jack is 16 and has been caring for her mum")


@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("Caller gave her age as 66.", "age", "age as 66"),
        ("He'll turn 65 in May and lose the benefit.", "age", "He'll turn 65"),
        ("Celebrated his 40th in a cell.", "age", "his 40th"),
        ("destiny, 19, wants to go back to college", "age", "destiny, 19,"),
        ("QQ 353892 C - NI number for the PIP form", "ni_number", "QQ 353892 C"),
        ("Prison number H2863TT needs closing.", "reference", "H2863TT"),
        ("Inmate #20917-041 at the federal facility.", "reference", "20917-041"),
        ("Number he gave was 555 0138.", "phone", "555 0138"),
        ("home no. 960 412, evenings only", "phone", "960 412"),
        ("He's at 2217 W 14th St, second floor.", "address", "2217 W 14th St"),
        ("3 Mill Cottages, Back Lane - no signal.", "address", "3 Mill Cottages"),
        ("goes to oakhurst primary", "workplace", "oakhurst primary"),
        ("he's a junior at garfield high.", "workplace", "garfield high"),
        ("Year 6 at St Aidan's C of E Primary", "workplace", "St Aidan's C of E Primary"),
    ],
)
def test_caught_in_more_of_the_ways_notes_write_them(text: str, kind: str, detail: str) -> None:
    assert (kind, detail) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The age of the building is 150 years.",
        "His 2nd session went better.",
        "We turn 5 pages a day in the reading group.",
        "The prison is 12 miles away.",
        "The doc is 40 pages long.",
        "Reading is pretty high on her list.",
        "The water was knee high.",
        "The tea, 12, was cold.",
        "Went to the academy open day.",
    ],
)
def test_not_caught_when_written_the_same_way(text: str) -> None:
    assert found(text) == []
