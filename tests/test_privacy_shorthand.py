"""Names, ages and workplaces in hurried shorthand notes (issue 11, the fresh3 corpus's
round): caught and not caught."""

from __future__ import annotations

import pytest

from ticli.analysis.privacy import find_identifiers


def found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_identifiers(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a relation before the name, with or without a bracket or a colon
        ("My stepdad Gary hits my mum.", "Gary"),
        ("dad (Terry) rang during session, she ignored it", "Terry"),
        ("re: Orla - school nurse concerned", "Orla"),
        # a faith leader's title
        ("Pastor Adewale referred her", "Adewale"),
        ("Rabbi Stern's daughter is on my list", "Stern"),
        # a note that opens with a name and what the person did
        ("Kiran cancelled, rebooked for the 12th", "Kiran"),
        ("Thabo drew a map of the house", "Thabo"),
        ("Yonas misses his mother", "Yonas"),
        ("Ionut works 70 hr weeks, exhausted", "Ionut"),
        ("Senait worries about her brother", "Senait"),
        # "&" and a bracketed aside after a name
        ("Jasmine & her sister both referred", "Jasmine"),
        ("Bill (client) lost his wife in March", "Bill"),
        ("Sunny (he prefers that to his full name) has started work", "Sunny"),
        # a family's children
        ("checked on the O'Connor boys after the fire", "O'Connor"),
        ("the Al-Rashid kids were all off school this week", "Al-Rashid"),
        # after a title in lower case
        ("mrs patel v anxious about her husband", "patel"),
        ("dr singh (her dad, not a medic) is very controlling", "singh"),
        ("mr o'brien agitated, police called", "o'brien"),
        # in capitals
        ("MR HUSSAIN did not attend, letter sent", "HUSSAIN"),
        ("RE ABDULLAH - escalate to DSL", "ABDULLAH"),
        ("DESHAWN cried today. first time", "DESHAWN"),
        ("spoke w/ KOFI'S teacher re attendance", "KOFI"),
    ],
)
def test_a_name_in_shorthand_is_caught(text: str, name: str) -> None:
    assert name in found(text, "name")


@pytest.mark.parametrize(
    "text",
    [
        "Hasn't worked since 2021.",
        "Wouldn't say more than that today.",
        "dr appt moved to friday",
        "mr said nothing, mrs did the talking",
        "NICU stay when the twins were born is still raw for her.",
        "URGENT: CAMHS referral sent, NEET since june",
        "Mum & her sister came too.",
        "the Year 9 kids were loud today",
        "Summer (the season) is always hard for him.",
        "Headspace works for her at night.",
    ],
)
def test_shorthand_that_names_nobody_is_left_alone(text: str) -> None:
    assert found(text, "name") == []


@pytest.mark.parametrize(
    "text",
    [
        "(14) lad from the estate, running county lines?",
        "dad 62 & recently diagnosed",
        "she had her first baby at 15 and is now 17",
        "elderly gent, 90 last month, v sharp still",
        "he is 73 & has never talked about this before",
        "lady of 81, lives w/ her son",
        "y/o 16, runaway x3",
        "18 next week, transition meeting urgent",
        "aged just 15 & already a mum",
        '"i\'m 15 not a baby" - fair',
        "since turning 40 in the spring, spiralling",
        "gonna be 18 in march, can't wait to leave",
    ],
)
def test_an_age_in_shorthand_is_caught(text: str) -> None:
    assert found(text, "age")


@pytest.mark.parametrize(
    "text",
    [
        "mum of 3, exhausted",
        "dad 2 weeks into the new job",
        "(3) sessions left before the break",
        "y/o and y.o. both mean years old",
        "3 next week, then the review",
        "the score went up and is now 17",
        "since turning 180 on the idea, calmer",
        "gonna be 20 mins late",
        "group of 12 and a facilitator",
    ],
)
def test_numbers_in_shorthand_that_are_no_age(text: str) -> None:
    assert found(text, "age") == []


@pytest.mark.parametrize(
    "text",
    [
        "cleaner at the Premier Inn on Canal Street",
        "nursery nurse at Busy Bees in Tolworth",
        "she does the early shift at the Greggs by Moor Lane station",
        "delivery driver for the Sainsbury's in Whitefield",
        "weekend job at the Amazon warehouse in Swindon, manager shouts",
        "cashier at the Shell garage on Leeds Road, nights",
        "he works nights at the Tesco on Bridge Road",
        "works the bar at The Red Lion in Church Street",
        "apprentice at Hendry's Garage on Mill Road",
        "works nights at the car wash on Selby Road",
        "in the 6th form at Bishop Challoner, wants to leave",
    ],
)
def test_a_workplace_in_shorthand_is_caught(text: str) -> None:
    assert found(text, "workplace")


@pytest.mark.parametrize(
    "text",
    [
        "a Saturday job at Primark, loves it",
        "cashier at Tesco, hates the weekends",
        "works at Dunkin', hates the weekends",
        "spent two nights at the Premier Inn on Canal Street",
        "met at the cafe on Church Street, she chose it",
        "works nights, sleeps all day",
        "driver for a delivery firm, long hours",
    ],
)
def test_work_at_a_chain_or_no_workplace_is_left_alone(text: str) -> None:
    assert found(text, "workplace") == []


@pytest.mark.parametrize(
    "text",
    [
        "Refuge helpline 0808 2000 247 shared",
        "crisis plan: 0800 689 5652 then the GP",
        "gave her the 1-800-273-8255 line",
    ],
)
def test_a_freephone_helpline_is_nobodys_number(text: str) -> None:
    assert found(text, "phone") == []


def test_a_personal_number_is_still_a_phone_number() -> None:
    assert found("her mobile is 07700 900123, call after 5", "phone")


@pytest.mark.parametrize(
    "text",
    [
        "her rabbit is called Biscuit lol",
        "the dog's called Tyson, big softie",
        "his cat Mr Whiskers died, v upset",
        "HV visited re baby weight",
        "housing assoc says 2 yr wait",
        "Kingston upon Thames, new flat, nervous",
        "Croydon \u2192 Lewisham, moved again",
        "Croydon -> Lewisham, moved again",
        "Hudson valley, quiet move",
        "faith is big for her, Rosh Hashanah matters",
    ],
)
def test_pets_places_and_shorthand_are_no_names(text: str) -> None:
    assert found(text, "name") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("her son is called Tyson and he is 6", "Tyson"),
        ("the dog walker Tyson came round", "Tyson"),
        ("met Hudson at the hostel, valley of a week", "Hudson"),
        ("sat with Biscuit's mum, called Orla", "Orla"),
    ],
)
def test_a_person_beside_a_pet_or_a_place_is_still_a_name(text: str, name: str) -> None:
    assert name in found(text, "name")


@pytest.mark.parametrize(
    ("text", "kind", "what"),
    [
        ("pls quote cr/10588/26 on the letter.", "reference", "cr/10588/26"),
        ("URN 0617 2290", "reference", "0617 2290"),
        ("A-number A 123 456 789 (immigration)", "reference", "A 123 456 789"),
        ("- [ ] JC 549 5053 (our ref)", "reference", "JC 549 5053"),
        ("RX7 330145 (hosp)", "reference", "RX7 330145"),
        ("b.19/7/83", "date_of_birth", "19/7/83"),
        ("his b'day is 21/03/2006", "date_of_birth", "21/03/2006"),
        ("flat 12 Ashdown House, Fenwick Street", "address", "flat 12 Ashdown House"),
        ("he's at no. 31 on Sycamore Drive", "address", "no. 31 on Sycamore Drive"),
        ("she's 23 weeks pregnant and 16 herself", "age", "16 herself"),
    ],
)
def test_numbers_in_shorthand_are_caught(text: str, kind: str, what: str) -> None:
    assert what in found(text, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("pls quote the price on the letter, about 300", "reference"),
        ("seen w/12/05 and again w/19/05", "reference"),
        ("3 sessions (our ref point for the review)", "reference"),
        ("b. 3 sessions in, calmer", "date_of_birth"),
        ("his b'day is next week, dreading it", "date_of_birth"),
        ("flat 12 was cold, she said", "address"),
        ("no. 31 on the list of things to do", "address"),
        ("she did it all herself, 16 times over", "age"),
    ],
)
def test_shorthand_that_is_no_number_of_anyones(text: str, kind: str) -> None:
    assert found(text, kind) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Wei Ling said her parents only care about grades", "Ling"),
        ("Shayla Begay missed two sessions", "Begay"),
        ("May Lin's parents don't know yet", "May"),
        ("Mercy is worried about her visa", "Mercy"),
    ],
)
def test_a_full_name_or_a_word_name_opening_a_note(text: str, name: str) -> None:
    assert name in found(text, "name")


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft Teams kept crashing during the meeting.",
        "Man United lost again and he was gutted.",
        "Youth Justice said no again.",
        "Hope Street was closed, so we walked.",
        "Social Services said they would ring.",
        "Spring was late this year and so was the bus.",
        "Golden Hour is her favourite time of day.",
        "Tbh Kayleigh stayed quiet for a while.",
    ],
)
def test_two_capitalised_words_that_are_no_full_name(text: str) -> None:
    assert found(text, "name") in ([], ["Kayleigh"])


@pytest.mark.parametrize(
    "text",
    [
        "psychiatrist appt moved to Jan",
        "Jan review w/ the DSL.",
        "jan is always hard for her",
        "Bill arrived for the electric, £380, panic",
        "Case came back from panel, no change",
        "The adviser suggested a Kickstart-style placement.",
        "Virtual School Head has the PEP on their list.",
        "grew up near the Thames, misses the river",
        "The 2012 Olympics were the last time he was happy.",
    ],
)
def test_months_paperwork_and_kinds_of_things_are_no_names(text: str) -> None:
    assert [f.text for f in find_identifiers(text)] == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Jan rang about the review", "name"),
        ("talked to Jan about it", "name"),
        ("Bill said he would pay it", "name"),
        ("Checked in on Pearl at the care home, low", "name"),
        ("call back # 555-0123", "phone"),
        ("NI num qq 32 75 49 A on the PIP form", "ni_number"),
        ("pupil referral unit on Cavendish Road", "workplace"),
    ],
)
def test_a_person_a_number_or_a_school_all_the_same(text: str, kind: str) -> None:
    assert found(text, kind)
