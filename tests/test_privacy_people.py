"""Names that are also words read by what is said of them, and famous names that are
nobody's in the journal (issue 11): caught and not caught, and through `ticli check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticli.analysis.privacy import DETECTORS_VERSION, find_identifiers
from ticli.cli.app import app


def names(text: str, **kw: object) -> list[str]:
    return [f.text for f in find_identifiers(text, **kw) if f.kind == "name"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("May asked if we could move to Fridays.", "May"),
        ("June said the flat is damp but it's hers.", "June"),
        ("August finally agreed to see the GP.", "August"),
        ("August is refusing to go to school again.", "August"),
        ("Will is refusing to go back to school.", "Will"),
        ("Chase was suspended again on Friday.", "Chase"),
        ("Honor was excluded for the third time this term.", "Honor"),
        ("Dawn was in tears before she sat down.", "Dawn"),
        ("Storm is settling in well at the new placement.", "Storm"),
        ("Summer lost her bus pass and was inconsolable.", "Summer"),
        ("Wren is pregnant again and scared.", "Wren"),
        ("Honey finally got her keys!", "Honey"),
        ("June's landlord has finally fixed the boiler.", "June"),
        ("May's sister is the one who called.", "May"),
        ("Rose from the Tuesday group rang the office.", "Rose"),
        ("Mark from the hostel asked about meetings.", "Mark"),
        ("It went quiet and then Grace cried.", "Grace"),
        ("- Hope disclosed more today.", "Hope"),
    ],
)
def test_a_name_that_is_a_word_by_what_is_said_of_it(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hope isn't a plan, but it helps.",
        "Hope can't be forced.",
        "May was warm and the group met outside.",
        "Summer is coming and the holidays worry her.",
        "Hope was in short supply this week.",
        "Nan rang at 8:45 to cancel.",
        "Nan's house is the only safe place she knows.",
        "Mum's landlord wants them out.",
        "June's weather made the walk hard.",
        "Will from the start was my worry.",
        "In May asked-for changes arrived.",
        "The Trust said no.",
        "Dawn is the hardest time for him.",
        "Case was discharged last week.",
        "Art was engaging today.",
        "Chance was excluded from the plan.",
    ],
)
def test_a_word_with_nothing_said_of_a_person_stays_a_word(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "They have tickets to see Johnny Cash and it's keeping them going.",
        "He wanted to meet at Tim Hortons rather than the office.",
        "he wanted to meet at ben & jerry's rather than the office.",
        "walking past marks and spencer brought back memories.",
        "She loves Dua Lipa and Gilmore Girls - we made a playlist.",
        "Martin Luther King Day service project with the youth group.",
        "They played me a song by Billie Eilish that said it all.",
        "His little sister is obsessed with Sherlock.",
        "We talked about Barbie for ten minutes and then about anger.",
        "Platform 9 at King's Cross - she laughed about Harry Potter.",
        "Hurricane Helene is still affecting his family.",
        "Storm Darragh took the fence down.",
        "Rob Peter to pay Paul, that's how she put it.",
        "He says Adele is the soundtrack to the worst year of his life.",
        "They have been watching Lilo & Stitch on repeat since the news.",
        "A long chat about Zelda turned into a chat about friendship.",
        "walking past marks & spencer brought back memories for them.",
        "A long chat about Elden Ring turned into a chat about friendship.",
    ],
)
def test_famous_names_characters_and_brands_are_nobodys(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Adele said she would come next week.", "Adele"),
        ("Her daughter Zelda came too.", "Zelda"),
        ("Johnny said the Cash family had moved.", "Johnny"),
        ("Her son goes to Martin Luther King Jr. Middle and is bullied.", "Martin"),
        ("Tim rang from the hostel again.", "Tim"),
        ("Lewis said he had been to see Lewis Capaldi.", "Lewis"),
        ("Client Sherlock Mensah missed his appointment.", "Mensah"),
        ("Adele's mum rang twice.", "Adele"),
        ("Claire's mum rang twice.", "Claire"),
        ("Zelda's sister called the office.", "Zelda"),
        ("Sam Smith said he was fine.", "Sam"),
        ("Met Tom Jones at the hostel.", "Tom"),
        ("I think Lana Del Rey said she would come.", "Lana"),
    ],
)
def test_a_famous_name_said_of_someone_the_user_knows(text: str, name: str) -> None:
    assert name in names(text)


def test_check_reads_both_and_the_detectors_changed(runner: CliRunner, journal_home: Path) -> None:
    assert DETECTORS_VERSION >= 6  # entries checked clear before are checked again
    for text in ("May asked to move our sessions.", "Tickets to see Johnny Cash tonight."):
        done = runner.invoke(app, ["note", text], catch_exceptions=False)
        assert done.exit_code == 0, done.output
    checked = runner.invoke(app, ["check"], catch_exceptions=False)
    assert checked.exit_code == 1
    assert "May" in checked.stdout and "Johnny" not in checked.stdout


@pytest.mark.parametrize(
    "text",
    [
        "Peckham, Brixton, Lewisham - she's moved five times in two years.",
        "Washington, Tyne and Wear, not DC - she always has to explain.",
        "She has moved from Burnley to Merthyr and knows nobody yet.",
        "She might settle in Cardiff or Merthyr.",
        "Group talked about Advent and the pressure to be happy.",
        "We talked about Hogmanay and the fireworks.",
    ],
)
def test_a_place_beside_a_known_place_and_festivals_are_not_names(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("She moved in with Tendai near Burnley.", "Tendai"),
        ("Lunch with Tendai, Leeds and Amir.", "Amir"),
        ("Went to Leeds and then Lerato rang.", "Lerato"),
        ("I saw Lerato in Leeds.", "Lerato"),
        ("We spoke about Tendai, not Leeds.", "Tendai"),
    ],
)
def test_a_person_beside_a_place_is_still_a_name(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("spoke w temitope re meds", "temitope"),
        ("sat with oluwaseun for an hour", "oluwaseun"),
        ("that thing xiaoming said about her uncle", "xiaoming"),
        ("oksana's interpreter was late", "oksana"),
        ("had to end early because hodan was dissociating.", "hodan"),
        ("think tsion is struggling again", "tsion"),
    ],
)
def test_a_lower_case_name_no_list_holds_where_only_a_person_can_stand(
    text: str, name: str
) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "spoke w mhst about the referral",
        "spoke to cahms again, no news",
        "idva said the refuge has a space",
        "pcso was absent from the meeting",
        "Burnout checklist said amber. Taking that seriously.",
        "the hostel's interpreter was late",
        "spoke w sendco re the ehcp",
        "the bibliotherapy's plan helped",
        "spoke with joy about her CV",
    ],
)
def test_shorthand_things_and_words_in_lower_case_are_not_names(text: str) -> None:
    assert names(text) == []
