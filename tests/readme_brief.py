"""The sample journal behind the README's sample brief (tests/test_readme.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ticli import store
from ticli.model import Entry, with_answer
from ticli.prompts import Library

TODAY = date(2026, 11, 23)


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0).astimezone()


def write_sample_journal(root: Path, library: Library) -> None:
    """Four weeks of a peer-support worker's journal, and one supervision."""

    def entry(
        day: int, hour: int, kind: str, answers: list[tuple[str, str]], **more: object
    ) -> None:
        made = Entry(
            id=f"202611{day:02d}-{hour:02d}0000-0a1b2c{day:02d}", created=_at(day, hour), kind=kind
        )
        for prompt_id, text in answers:
            made = with_answer(made, library.prompt(prompt_id), text)
        store.write_entry(root, Entry(**{**made.__dict__, **more}))

    entry(
        9,
        15,
        "supervision",
        [],
        note="Endings with the Thursday group",
        actions=("Plan the last two sessions with the group", "Book a day of leave"),
    )
    entry(
        14,
        18,
        "session",
        [
            (
                "session-what-happened",
                "He walked out when the fire door banged, then came back ten minutes later.",
            ),
            (
                "session-noticed-me",
                "My shoulders were up round my ears; I wanted to follow him straight away.",
            ),
            (
                "supervision-bring",
                "Whether following someone out of the room is ever the right call.",
            ),
        ],
        flagged=True,
    )
    entry(
        18,
        19,
        "daily",
        [
            ("strengths-community", "The regulars made room for a newcomer without being asked."),
            (
                "safety-predictable",
                "I told the group at the start exactly when we would finish, and we did.",
            ),
            (
                "triggers-what-helped",
                "Sitting side by side rather than opposite, and lowering my voice.",
            ),
        ],
        ratings={"capacity": 3, "carried": 2},
    )
    entry(
        21,
        20,
        "daily",
        [
            ("strengths-today", "A parent found her own words for what she needed."),
            ("triggers-what-helped", "A short break and a glass of water."),
        ],
        ratings={"capacity": 2, "carried": 4},
    )
