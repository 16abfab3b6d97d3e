"""A realistic synthetic journal, for `ticli summary --demo` and the benchmark.

Seeded, so the same seed gives the same journal. The text is made from
sentence patterns with varied slots, 80-250 words an entry, and the last
weeks lean towards a few themes of their own, as a real practice does.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, time, timedelta

from ticli.model import Entry, with_answer
from ticli.prompts import Library

PEOPLE = [
    "a young person",
    "a parent",
    "a new member of the group",
    "a colleague",
    "my manager",
    "a father",
    "an older man",
    "a student",
    "the duty worker",
    "a volunteer",
    "a carer",
]
PLACES = [
    "the drop-in",
    "the group room",
    "the school corridor",
    "the phone line",
    "the kitchen",
    "a home visit",
    "the waiting area",
    "the team meeting",
    "the car park",
    "the office",
]
FEELINGS = [
    "tired",
    "steady",
    "unsettled",
    "hopeful",
    "stretched",
    "calm",
    "heavy",
    "grateful",
    "restless",
    "clear-headed",
    "flat",
    "warm",
]
STRENGTHS = [
    "humour",
    "patience",
    "a sister who came along",
    "the peer mentors",
    "a good routine",
    "honesty about what was hard",
    "a teacher who noticed",
    "the regulars looking out for others",
    "their own plan",
    "a quiet determination",
]
HELPED = [
    "slowing my voice down",
    "offering a glass of water",
    "stepping outside together",
    "naming what I noticed",
    "giving a clear choice",
    "sitting side by side instead of opposite",
    "a short break",
    "checking in with my colleague afterwards",
    "breathing before answering",
    "lowering the lights",
    "asking what they needed rather than guessing",
]
SENTENCES = [
    "In {place} {person} arrived {feeling} and it took a while to settle.",
    "I noticed I wanted to fix things for {person}, and held back.",
    "What stood out was {strength}, which I had not seen before.",
    "Afterwards I felt {feeling}, and I gave myself a few minutes before the next thing.",
    "{person_cap} talked about the week and I mostly listened.",
    "The plan we made came from them, not from me, and that felt right.",
    "I wonder what happened earlier in their day to bring that reaction.",
    "Something about {place} seemed to unsettle {person}; the noise perhaps.",
    "I was {feeling} by the end, more than I expected.",
    "It helped to remember that one formula does not fit everyone.",
    "{person_cap} kept the appointment, which says something about trust.",
    "I said what I would do and did it, and I think that was noticed.",
    "There was a moment of real connection when we stopped trying to get it right.",
    "I want to bring this to supervision, because I am not sure I read it well.",
    "The boundaries were clear today and the session felt safer for it.",
    "I could feel my own history stir for a moment, and I named it to myself.",
    "Someone in the group said they felt less alone, and others nodded.",
    "I am still learning how my words land; one phrase came out sharper than I meant.",
    "Rest was short this week and I can feel it in my patience.",
    "Culture and family shaped what help felt safe for {person}, and I tried to follow their lead.",
]
RECENT = [
    "The handover at the end of the night shift was rushed again.",
    "Night shift left me {feeling}, and the handover notes were thin.",
    "We talked as a team about making the handover calmer and more predictable.",
    "I noticed how much the night shift rota affects my sleep and my patience.",
]
TAGS = ["team", "group", "home-visit", "phone", "school", "supervision", "hard-day", "good-day"]


def _sentence(rng: random.Random, pattern: str) -> str:
    person = rng.choice(PEOPLE)
    return pattern.format(
        place=rng.choice(PLACES),
        person=person,
        person_cap=person[0].upper() + person[1:],
        feeling=rng.choice(FEELINGS),
        strength=rng.choice(STRENGTHS),
    )


def _paragraph(rng: random.Random, words: int, recent: bool) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        bank = RECENT if recent and rng.random() < 0.3 else SENTENCES
        sentences.append(_sentence(rng, rng.choice(bank)))
    return " ".join(sentences)


def synthetic_entries(
    library: Library, count: int, end: datetime, per_day: int = 2, seed: int = 1
) -> Iterator[Entry]:
    """`count` entries, `per_day` a day, ending at `end`, oldest first."""
    rng = random.Random(seed)
    days = -(-count // per_day)
    daily = [p for p in library.prompts.values() if "daily" in p.kinds]
    strengths = [p for p in daily if p.principle == "strengths"]
    made = 0
    for day_index in range(days):
        day = (end - timedelta(days=days - 1 - day_index)).date()
        recent = days - day_index <= 21
        for slot in range(per_day):
            if made == count:
                return
            moment = datetime.combine(day, time(8 + 9 * slot, rng.randrange(60)), end.tzinfo)
            entry = Entry(
                id=f"{moment:%Y%m%d-%H%M%S}-{rng.getrandbits(32):08x}", created=moment, kind="daily"
            )
            words = rng.randint(80, 250)
            prompts = [rng.choice(strengths), *rng.sample(daily, 2)]
            shares = [words // 4, words // 2, words - words // 4 - words // 2]
            for prompt, share in zip(prompts, shares, strict=True):
                text = _paragraph(rng, share, recent)
                if prompt.id == "triggers-what-helped":
                    text = f"What helped was {rng.choice(HELPED)}. " + text
                if prompt.principle == "strengths":
                    text = f"I saw {rng.choice(STRENGTHS)}. " + text
                entry = with_answer(entry, prompt, text)
            capacity = max(1, min(5, round(rng.gauss(2.6 if recent else 3.4, 0.9))))
            ratings = {"capacity": capacity, "connection": rng.randint(2, 5)}
            if rng.random() < 0.5:
                ratings["carried"] = rng.randint(1, 4 if recent else 3)
            tags = tuple(sorted(rng.sample(TAGS, rng.randint(0, 2))))
            if recent and rng.random() < 0.5:
                tags = (*tags, "night-shift")
            yield replace(entry, ratings=ratings, tags=tags)
            made += 1
