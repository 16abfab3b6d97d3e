"""Plain data: what an entry, an answer, a prompt, a principle and a rating are. No I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

#: Prompt, principle, rating and entry kinds are named by slugs like this.
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")

#: The kinds of prompt a session can ask for.
PROMPT_KINDS = ("daily", "session", "supervision")

#: The kinds of entry that keep a record for a professional body (issue 15): a CPD
#: activity, a piece of practice-related feedback, a reflective account.
RECORD_KINDS = ("cpd", "feedback", "account")

#: Every kind an entry can have: a prompt kind, a free note, or a record.
ENTRY_KINDS = (*PROMPT_KINDS, "note", *RECORD_KINDS)

#: The kinds of CPD activity `ticli cpd add` offers.
ACTIVITY_KINDS = (
    "course",
    "reading",
    "peer-discussion",
    "supervision",
    "conference",
    "e-learning",
    "other",
)

#: Hours of one CPD activity above this are surely a typo (a whole module is less).
MAX_ACTIVITY_HOURS = 500.0

RATING_MIN = 1
RATING_MAX = 5


@dataclass(frozen=True)
class Principle:
    """A trauma-informed principle the prompts are grouped by."""

    id: str
    name: str
    description: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prompt:
    """One reflective question from the library."""

    id: str
    text: str
    principle: str
    kinds: tuple[str, ...]
    followup: str | None = None
    heavy: bool = False


@dataclass(frozen=True)
class Rating:
    """An optional 1-5 check-in, with words for what the ends of the scale mean."""

    id: str
    question: str
    labels: Mapping[int, str]
    #: A short name for where the question is too long ("Energy and capacity").
    name: str = ""

    @property
    def short(self) -> str:
        return self.name or self.question


@dataclass(frozen=True)
class Answer:
    """The answer to one prompt, with the question as it was asked."""

    prompt_id: str
    question: str
    text: str


@dataclass(frozen=True)
class Entry:
    """One reflection: one file in the journal."""

    id: str
    created: datetime
    kind: str
    answers: tuple[Answer, ...] = ()
    note: str = ""
    tags: tuple[str, ...] = ()
    principles: tuple[str, ...] = ()
    ratings: Mapping[str, int] = field(default_factory=dict)
    #: Marked to bring to supervision.
    flagged: bool = False
    #: Actions agreed at a supervision (entries of kind "supervision").
    actions: tuple[str, ...] = ()
    #: A CPD activity's kind (one of ACTIVITY_KINDS), hours, and hours with others.
    activity: str = ""
    hours: float = 0.0
    participatory: float = 0.0
    #: Who a piece of feedback came from, as a role ("a patient"), never a name.
    role: str = ""
    #: The themes of the professional body's code a reflective account relates to.
    themes: tuple[str, ...] = ()
    #: The entry a reflective account was made from.
    source: str = ""

    @property
    def prompt_ids(self) -> tuple[str, ...]:
        return tuple(answer.prompt_id for answer in self.answers)

    @property
    def is_empty(self) -> bool:
        # A supervision is worth recording even with no notes: briefs start from it.
        if self.kind == "supervision":
            return False
        return not (self.answers or self.note or self.ratings or self.actions)


def is_blank(line: str) -> bool:
    """True for a line with nothing but white space in it."""
    return not line.strip()


def clean_text(text: str) -> str:
    """Return text as it is stored: `\\n` line ends, no blank lines at either end.

    Everything else, including trailing spaces, markup-like text and control
    characters, is kept exactly.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and is_blank(lines[0]):
        lines.pop(0)
    while lines and is_blank(lines[-1]):
        lines.pop()
    return "\n".join(lines)


def clean_question(text: str) -> str:
    """Return a question as one line, runs of white space folded to one space."""
    return " ".join(text.split())


def with_answer(entry: Entry, prompt: Prompt, text: str) -> Entry:
    """Return the entry with one more answer, and the answer's principle noted."""
    answers = (*entry.answers, Answer(prompt.id, prompt.text, text))
    principles = tuple(dict.fromkeys((*entry.principles, prompt.principle)))
    return replace(entry, answers=answers, principles=principles)
