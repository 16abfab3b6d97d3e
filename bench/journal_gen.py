"""A seeded synthetic journal, written both as a ticli journal and as a jrnl journal.

Self-contained on purpose: it imports nothing from the ticli package and writes
ticli's files from the documented format (docs/format.md): one Markdown file per
entry with TOML front matter, in YEAR/MONTH folders, named <id>.md. The same
entries are written as one plain-text jrnl journal ("[YYYY-MM-DD HH:MM] title",
then the body), with the tags as @words and the check-ins as a line of text.

The same count and seed always give the same entries, two a day, the newest on
the evening of 2026-11-23. Each entry has 80-250 words over 1-3 answers, 0-3
tags and 1-5 check-ins.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

#: Bump when the generated text changes, so cached journals are made again.
GENERATOR_VERSION = "2"
LAST_DAY = date(2026, 11, 23)
SEARCH_WORD = "handover"  # in about one entry in ten
FILTER_TAG = "home-visit"
TAGS = [
    "team",
    "group",
    "home-visit",
    "phone",
    "school",
    "supervision",
    "hard-day",
    "good-day",
    "night-shift",
    "training",
]
CHECK_INS = ["capacity", "connection", "satisfaction", "burnout", "carried"]
#: (prompt id, principle, question): daily prompts copied from the repo's prompts.toml.
PROMPTS = [
    ("strengths-today", "strengths", "What was strong today, in the people I worked with, "
     "in the people around them, or in me?"),
    ("strengths-mine", "strengths", "What did I do well today, however small?"),
    ("strengths-team", "strengths", "What is my team good at, and where did I see that today?"),
    ("triggers-what-helped", "triggers",
     "When something got stirred up today, in someone else or in me, what helped?"),
    ("triggers-my-own", "triggers",
     "What got under my skin today, and do I have a sense of why it landed so hard?"),
    ("safety-predictable", "safety",
     "What did I do today that helped someone know what to expect?"),
    ("safety-boundary-held", "safety",
     "Where did I hold a boundary today, and how did it feel to hold it?"),
    ("connection-small-moment", "connection",
     "What small moment of real contact with someone stays with me from today?"),
    ("connection-urge-to-fix", "connection", "Where did I feel a pull to solve something "
     "quickly, and what might have been underneath that pull?"),
    ("supervision-bring", "becoming",
     "What would I like to bring to supervision, or talk through with someone I trust?"),
]  # fmt: skip
WORDS = {
    "person": ["a young person", "a parent", "a new member of the group", "a colleague",
               "my manager", "a father", "an older man", "a student", "the duty worker",
               "a volunteer", "a carer", "a grandmother", "a teenager", "the receptionist"],
    "place": ["the drop-in", "the group room", "the school corridor", "the phone line",
              "the kitchen", "a home visit", "the waiting area", "the team meeting",
              "the car park", "the office", "the community hall", "the clinic garden"],
    "session": ["the Tuesday group", "a one-to-one session", "the parents' circle",
                "the evening phone shift", "a first appointment", "the youth club",
                "a review meeting", "the walking group", "a joint visit"],
    "feeling": ["tired", "steady", "unsettled", "hopeful", "stretched", "calm", "heavy",
                "grateful", "restless", "clear-headed", "flat", "warm", "anxious", "relieved",
                "frustrated", "tender", "wobbly", "proud"],
    "strength": ["humour", "patience", "a sister who came along", "the peer mentors",
                 "a good routine", "honesty about what was hard", "a teacher who noticed",
                 "the regulars looking out for others", "their own plan",
                 "a quiet determination", "a neighbour who checks in", "their faith"],
    "helped": ["slowing my voice down", "offering a glass of water", "stepping outside together",
               "naming what I noticed", "giving a clear choice", "sitting side by side",
               "a short break", "checking in with my colleague afterwards",
               "breathing before answering", "lowering the lights",
               "asking what they needed rather than guessing"],
}  # fmt: skip
SENTENCES = [
    "In {place} {person} arrived {feeling} and it took a while to settle.",
    "I noticed I wanted to fix things for {person}, and held back.",
    "What stood out in {session} was {strength}, which I had not seen before.",
    "Afterwards I felt {feeling}, and I gave myself a few minutes before the next thing.",
    "{Person} talked about the week and I mostly listened.",
    "The plan we made in {session} came from them, not from me, and that felt right.",
    "I wonder what happened earlier in their day to bring that reaction.",
    "Something about {place} seemed to unsettle {person}; the noise perhaps.",
    "I was {feeling} by the end of {session}, more than I expected.",
    "It helped to remember that one formula does not fit everyone.",
    "{Person} kept the appointment, which says something about trust.",
    "I said what I would do and did it, and I think that was noticed.",
    "There was a moment of real connection when we stopped trying to get it right.",
    "I want to bring this to supervision, because I am not sure I read it well.",
    "The boundaries were clear in {session} and it felt safer for it.",
    "I could feel my own history stir for a moment, and I named it to myself.",
    "Someone in {session} said they felt less alone, and others nodded.",
    "One phrase of mine came out sharper than I meant, and {person} went quiet.",
    "Rest was short this week and I can feel it in my patience.",
    "What helped most was {helped}, more than anything I said.",
    "I saw {strength} in {person} today and said so out loud.",
    "By the time I reached {place} I was {feeling}, and I let that be.",
    "We ran out of time in {session}, so I said when we would pick it up again.",
    "{Person} asked for a choice about where to sit, and I gave one.",
    "Culture and family shaped what help felt safe for {person}, and I followed their lead.",
]
RARE = [  # the search word, in about one entry in ten
    "The handover at the end of the shift was rushed again.",
    "The handover notes were thin and I felt {feeling} reading them.",
    "We talked as a team about making the handover calmer and more predictable.",
]


@dataclass(frozen=True)
class Entry:
    id: str
    created: datetime
    tags: list[str]
    ratings: dict[str, int]
    answers: list[tuple[str, str, str, str]]  # (prompt id, principle, question, text)


def _sentence(rng: random.Random, pattern: str) -> str:
    slots = {key: rng.choice(values) for key, values in WORDS.items()}
    slots["Person"] = slots["person"][0].upper() + slots["person"][1:]
    return pattern.format(**slots)


def _paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    deck: list[str] = []  # each pattern once before any comes again
    count = 0
    while count < words:
        if not deck:
            deck = rng.sample(SENTENCES, len(SENTENCES))
        pattern = rng.choice(RARE) if rng.random() < 0.01 else deck.pop()
        sentences.append(_sentence(rng, pattern))
        count += len(sentences[-1].split())
    return " ".join(sentences)


def entries(count: int, seed: int) -> Iterator[Entry]:
    """`count` entries, two a day, oldest first, ending on LAST_DAY."""
    rng = random.Random(seed)
    days = -(-count // 2)
    first = count % 2  # with an odd count the first day has only its evening entry
    for index in range(first, days * 2):
        day = LAST_DAY - timedelta(days=days - 1 - index // 2)
        clock = time(8 + 10 * (index % 2), rng.randrange(60), rng.randrange(60))
        moment = datetime.combine(day, clock, UTC)
        answers = []
        total = rng.randint(80, 250)
        chosen = rng.sample(PROMPTS, rng.randint(1, 3))
        for n, (prompt_id, principle, question) in enumerate(chosen):
            share = total // len(chosen) + (total % len(chosen) if n == 0 else 0)
            answers.append((prompt_id, principle, question, _paragraph(rng, share)))
        checks = sorted(rng.sample(CHECK_INS, rng.randint(1, 5)), key=CHECK_INS.index)
        yield Entry(
            id=f"{moment:%Y%m%d-%H%M%S}-{rng.getrandbits(32):08x}",
            created=moment,
            tags=sorted(rng.sample(TAGS, rng.randint(0, 3))),
            ratings={name: rng.randint(1, 5) for name in checks},
            answers=answers,
        )


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def ticli_text(entry: Entry) -> str:
    """One entry as a ticli file (format 1)."""
    principles = list(dict.fromkeys(a[1] for a in entry.answers))
    lines = [
        "+++",
        "format = 1",
        f"id = {json.dumps(entry.id)}",
        f"created = {entry.created.isoformat()}",
        'kind = "daily"',
        f"tags = {_toml_list(entry.tags)}",
        f"principles = {_toml_list(principles)}",
        f"prompts = {_toml_list([a[0] for a in entry.answers])}",
        "",
        "[ratings]",
        *(f"{name} = {value}" for name, value in entry.ratings.items()),
        "+++",
    ]
    for prompt_id, _, question, text in entry.answers:
        lines += ["", f"## {question} {{#{prompt_id}}}", "", text]
    return "\n".join(lines) + "\n"


def jrnl_text(entry: Entry) -> str:
    """One entry in jrnl's plain-text format: the first question is the title."""
    parts = []
    for n, (_, _, question, text) in enumerate(entry.answers):
        parts.append(f"{text}" if n == 0 else f"{question}\n{text}")
    checks = ", ".join(f"{name} {value}" for name, value in entry.ratings.items())
    parts.append(f"Check-ins: {checks}.")
    if entry.tags:
        parts.append(" ".join(f"@{tag}" for tag in entry.tags))
    body = "\n\n".join(parts)
    return f"[{entry.created:%Y-%m-%d %H:%M}] {entry.answers[0][2]}\n{body}\n\n"


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


def make_journals(root: Path, count: int, seed: int) -> bool:
    """Write root/ticli/ (a ticli journal) and root/jrnl/journal.txt, unless done already.

    A marker file names the generator version, count and seed; returns True if the
    journals were (re)made, False if the cached ones were kept.
    """
    marker = root / ".complete"
    stamp = f"generator {GENERATOR_VERSION}, {count} entries, seed {seed}\n"
    if marker.exists() and marker.read_text() == stamp:
        return False
    if root.exists():
        shutil.rmtree(root)
    (root / "jrnl").mkdir(parents=True, mode=0o700)
    folders: set[Path] = set()
    with open(root / "jrnl" / "journal.txt", "w", encoding="utf-8", newline="\n") as jrnl:
        for entry in entries(count, seed):
            folder = root / "ticli" / f"{entry.created:%Y}" / f"{entry.created:%m}"
            if folder not in folders:
                folder.mkdir(parents=True, mode=0o700, exist_ok=True)
                folders.add(folder)
            _write_private(folder / f"{entry.id}.md", ticli_text(entry))
            jrnl.write(jrnl_text(entry))
    marker.write_text(stamp)
    return True


def write_jrnl_config(path: Path, journal: Path, version: str) -> None:
    """A jrnl 4 config (YAML; JSON strings are valid YAML) for one plain-text journal.

    Every key jrnl 4 expects is present and `version` matches the installed jrnl,
    so jrnl never rewrites the file. No colours: the output goes to /dev/null.
    """
    values = {
        "version": version,
        "editor": "",
        "encrypt": False,
        "template": False,
        "default_hour": 9,
        "default_minute": 0,
        "timeformat": "%Y-%m-%d %H:%M",
        "tagsymbols": "@",
        "highlight": False,
        "linewrap": 79,
        "indent_character": "|",
    }
    lines = [f"{key}: {json.dumps(value)}" for key, value in values.items()]
    lines += ["journals:", "  default:", f"    journal: {json.dumps(str(journal))}"]
    lines += ["colors:", *(f"  {k}: none" for k in ("body", "date", "tags", "title"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
