"""CPD, feedback and reflective accounts as numbers and rows: the period, what was done in
it against what a body asks, an account filled from an entry, the CPD log's rows. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ticli.analysis.professions import Body, Question
from ticli.model import Entry

#: The answers a CPD activity and a piece of feedback keep, by prompt id.
CPD_TITLE = "cpd-title"
CPD_LEARNED = "cpd-learned"
FEEDBACK_SAID = "feedback-said"
FEEDBACK_DID = "feedback-did"
#: The answers of a reflective account are "account-" and the question's id.
ACCOUNT_PREFIX = "account-"


@dataclass(frozen=True)
class Period:
    """A registration period: its first and last day (inclusive)."""

    start: date
    end: date
    #: False when no period_start is set: the period is the last months up to today.
    anchored: bool = True

    def holds(self, entry: Entry) -> bool:
        # The day the entry was written where it was written: the same in every time zone.
        return self.start <= entry.created.date() <= self.end


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def period_for(body: Body, today: date, start: date | None, back: int = 0) -> Period:
    """The period holding `today` (`back` periods earlier), counted in steps of the body's
    period from `start`; without a start, the last period_months up to today."""
    months = body.period_months
    if start is None:
        end = today
        first = add_months(today, -months) + timedelta(days=1)
        for _ in range(back):
            end = first - timedelta(days=1)
            first = add_months(end, -months) + timedelta(days=1)
        return Period(first, end, anchored=False)
    steps = 0
    while add_months(start, months * (steps + 1)) <= today:
        steps += 1
    while add_months(start, months * steps) > today:
        steps -= 1
    steps -= back
    first = add_months(start, months * steps)
    return Period(first, add_months(start, months * (steps + 1)) - timedelta(days=1))


def answer(entry: Entry, prompt_id: str) -> str:
    """The entry's answer to `prompt_id` ("" when there is none)."""
    return next((a.text for a in entry.answers if a.prompt_id == prompt_id), "")


def title(entry: Entry) -> str:
    return answer(entry, CPD_TITLE)


@dataclass(frozen=True)
class Totals:
    """What the period's records add up to."""

    hours: float
    participatory: float
    activities: int
    peer_activities: int
    discussions: int
    feedback: int
    accounts: int


PEER_ACTIVITIES = ("peer-discussion", "supervision")


def totals(entries: Sequence[Entry]) -> Totals:
    """Hours and counts of cpd, feedback and account entries (others are not counted)."""
    cpd = [e for e in entries if e.kind == "cpd"]
    return Totals(
        hours=round(sum(e.hours for e in cpd), 2),
        # Hand-edited files may say more hours with others than hours: never count more.
        participatory=round(sum(min(e.participatory, e.hours) for e in cpd), 2),
        activities=len(cpd),
        peer_activities=sum(1 for e in cpd if e.participatory > 0 or e.activity in PEER_ACTIVITIES),
        discussions=sum(1 for e in cpd if e.activity == "peer-discussion"),
        feedback=sum(1 for e in entries if e.kind == "feedback"),
        accounts=sum(1 for e in entries if e.kind == "account"),
    )


@dataclass(frozen=True)
class Progress:
    """One line of progress: what is done and what the body asks, as plain numbers."""

    key: str
    done: float
    wanted: int


def progress(body: Body, made: Totals) -> list[Progress]:
    """The figures the body sets, each with what the period holds; figures of 0 are left out."""
    done = {
        "cpd_hours": made.hours,
        "participatory_hours": made.participatory,
        "cpd_pieces": made.activities,
        "peer_pieces": made.peer_activities,
        "feedback": made.feedback,
        "accounts": made.accounts,
        "discussions": made.discussions,
    }
    return [
        Progress(key, value, body.figure(key)) for key, value in done.items() if body.figure(key)
    ]


# ---------------------------------------------------------------- reflective accounts


def fill_account(body: Body, entry: Entry) -> dict[str, str]:
    """The answers of `entry` that fill the account's questions, by question id.

    Each question takes the answers its `from` names, in the entry's order. When none of
    the entry's answers match any question (a daily entry, say), the first question takes
    the whole entry, so that nothing written has to be written again.
    """
    filled: dict[str, str] = {}
    for question in body.questions:
        parts = [a.text for a in entry.answers if a.prompt_id in question.fill_from]
        if "note" in question.fill_from and entry.note:
            parts.insert(0, entry.note)
        if parts:
            filled[question.id] = "\n\n".join(parts)
    if not any(filled.values()) and body.questions:
        parts = [entry.note] if entry.note else []
        parts += [f"{a.question}\n{a.text}" for a in entry.answers]
        if parts:
            filled[body.questions[0].id] = "\n\n".join(parts)
    return filled


def account_answers(body: Body, entry: Entry) -> list[tuple[Question, str]]:
    """A reflective account's questions with its answers (`""` for one not answered)."""
    return [(q, answer(entry, ACCOUNT_PREFIX + q.id)) for q in body.questions]


def account_title(entry: Entry, limit: int = 70) -> str:
    """A short line naming an account: the start of its first answer."""
    first = next((a.text for a in entry.answers if a.text.strip()), "")
    line = " ".join(first.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- the logs


def hours_text(value: float) -> str:
    """Hours as people write them: 2, 1.5, 0.25."""
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def log_value(entry: Entry, value: str) -> str:
    """One cell of the CPD log."""
    cells = {
        "date": entry.created.date().isoformat(),
        "title": title(entry),
        "activity": entry.activity.replace("-", " "),
        "hours": hours_text(entry.hours),
        "participatory": hours_text(min(entry.participatory, entry.hours)),
        "learned": answer(entry, CPD_LEARNED),
        "themes": "; ".join(entry.themes),
        "id": entry.id,
    }
    return cells[value]


def log_rows(body: Body, entries: Sequence[Entry]) -> list[list[str]]:
    """The CPD log: the body's headers, then one row per activity, oldest first."""
    cpd = sorted((e for e in entries if e.kind == "cpd"), key=lambda e: e.created)
    return [[c.header for c in body.log], *([log_value(e, c.value) for c in body.log] for e in cpd)]


FEEDBACK_HEADER = ("Date", "From (a role)", "What it said", "What I did with it")


def feedback_rows(entries: Sequence[Entry]) -> list[list[str]]:
    """The feedback log: a header, then one row per piece of feedback, oldest first."""
    items = sorted((e for e in entries if e.kind == "feedback"), key=lambda e: e.created)
    rows = [
        [e.created.date().isoformat(), e.role, answer(e, FEEDBACK_SAID), answer(e, FEEDBACK_DID)]
        for e in items
    ]
    return [list(FEEDBACK_HEADER), *rows]


@dataclass(frozen=True)
class Piece:
    """One file of a portfolio: its name in the folder, its text, and the words the privacy
    guard reads in it (the same words without the page's markup)."""

    name: str
    text: str
    what: str
    words: str
