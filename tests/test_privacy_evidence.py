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


# A capitalised word on no list and in no dictionary, in mid-sentence, is a name unless
# it is two words run together, a brand on the list of things, or placed by "at", "in",
# "playing"; a cue about a person still makes it one.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kept thinking about Tendai on the drive home.", "Tendai"),
        ("Still haven't heard back from Lerato.", "Lerato"),
        ("He shouted at Ikram in the corridor.", "Ikram"),
        ("Mrs Pinecrest rang about the rent.", "Pinecrest"),
        ("I think Lakeview is still angry with me.", "Lakeview"),
    ],
)
def test_an_unlisted_name_with_no_sign_of_a_thing(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "He spends every weekend on Warhammer with his dad.",
        "We had lunch at Maccies after the appointment.",
        "She plays Valorant until 3am most nights.",
        "They met up in Thornaby after school.",
        "The walk from Lakeview took an hour.",
        "He wants a Gymshark hoodie for his birthday.",
        "Got her a voucher for Deliveroo.",
        "We watched Bluey and Hollyoaks in the family room.",
    ],
)
def test_things_and_places_are_not_names(text: str) -> None:
    assert names(text) == []


# A place, a title or a team is not a person: after "in" or "near"; a place's "and" or
# "is" after it; a name that starts a title ("Young Minds", "Albert Dock") or is the
# team or artist of a "fan", a "shirt", "lyrics"; a place's plural ("from Dallas"). A
# cue about a person still makes each a name.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Her brother Chester said he'd come.", "Chester"),
        ("The Washington family: three kids, one in foster care.", "Washington"),
        ("Bumped into Elodie at Aldi, awkward but ok.", "Elodie"),
        ("Told Faith I'd look into the bus pass for her.", "Faith"),
        ("I saw a real change in Kayleigh's mood.", "Kayleigh"),
        ("I saw Tasha Green at the shop.", "Tasha"),
        ("Met Jayden Year 9 about the exclusion.", "Jayden"),
    ],
)
def test_a_person_where_a_place_or_a_title_could_be(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her brother's in Chester and they've stopped talking.",
        "He grew up in Hull and still calls it home.",
        "A caravan park near Beverley is where they're staying.",
        "Her family moved over from Dallas a couple of years ago.",
        "Baltimore family ties are complicated.",
        "Signposted to Young Minds for out-of-hours support.",
        "Albert Dock cafe was our neutral ground.",
        "Hudson River walk with her sister was a turning point.",
        "His dad was a big Chelsea fan, so the shirt means a lot.",
        "Macmillan nurse was amazing with the family.",
        "Rosh Hashanah was hard on them, they say.",
        "Walking past Costco brought back memories.",
    ],
)
def test_places_titles_and_teams_are_not_names(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Heather was discharged from the ward Friday.", "Heather"),
        ("Lily is pregnant again and hasn't told the social worker.", "Lily"),
        ("Robin had a seizure in the waiting room.", "Robin"),
    ],
)
def test_a_name_that_is_a_word_opening_a_note_about_a_person(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Summer was hard on all of us.",
        "Patience is wearing thin on the ward.",
        "Baby is thriving, feeding well, gaining weight.",
        "Austin has a big tech scene, he thinks.",
        "Case was closed on Friday.",
    ],
)
def test_a_word_that_notes_often_open_with_is_no_name(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("K Whitfield - discharged from the ward today.", "Whitfield"),
        ("Mrs K. Begum - carer's assessment", "Begum"),
        ("L. Nakamura, seen at home with the interpreter.", "Nakamura"),
        ("- Guy: safe, plan in place", "Guy"),
        ("Bumped into Heather at Aldi, awkward but ok.", "Heather"),
        ("Jack barely spoke; the court date is weighing on him.", "Jack"),
    ],
)
def test_initials_labels_and_people_met(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Plan B: ring the GP if no change.",  # a capital on its own is no initial here
        "I Googled it with her and we laughed.",
        "Hope: keep going, one day at a time.",  # a label that is a word notes start with
        "Strong: the café group",  # a surname and a word, as a heading
        "Moved into Lakeview after the fire.",
        "Youngest started nursery this week and she cried all morning.",
        "Ernest said he'd think about it.",  # still a name: "-est" on a short root is none
    ],
)
def test_no_initial_label_or_meeting(text: str) -> None:
    found = names(text)
    assert found == (["Ernest"] if text.startswith("Ernest") else [])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("spoke to siobhan re housing", "siobhan"),
        ("grace cried when we talked about her dad", "grace"),
        ("- [ ] sunny didn't eat lunch again", "sunny"),
        ("frank's wife rang the line", "frank"),
    ],
)
def test_lower_case_names_quick_notes_write(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "hope is thin today, but still there",
        "hope seemed far away this week",
        "grace period on the rent ends friday",
        "saw the jade bracelet she'd made",
        "I saw patience in a carer today and said so out loud.",  # "saw" is no cue
    ],
)
def test_lower_case_words_stay_words(text: str) -> None:
    assert names(text) == []
