"""The supervision brief: a period's reflections under Proctor's three functions. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ticli.analysis.history import History, Period, Quote
from ticli.analysis.summary import (
    PrincipleUse,
    RatingTrend,
    Summary,
    answers_to,
    newest_first,
    summarise_history,
)
from ticli.model import Entry
from ticli.prompts import Library

# ---------------------------------------------------------------- the supervision brief

#: Proctor's three functions of supervision, and the principles each gathers.
PROCTOR = {
    "normative": (
        "Normative: ethics, boundaries and standards",
        ("safety", "trust", "collaboration", "difference"),
    ),
    "formative": (
        "Formative: learning and skills",
        ("becoming", "what-happened", "triggers", "empathy", "connection"),
    ),
    "restorative": (
        "Restorative: support, wellbeing and capacity",
        ("wellbeing", "resilience", "belonging", "strengths"),
    ),
}
BRING_PROMPTS = frozenset({"supervision-bring"})


@dataclass(frozen=True)
class ProctorSection:
    id: str
    title: str
    principles: tuple[PrincipleUse, ...]
    quotes: tuple[Quote, ...]
    ratings: tuple[RatingTrend, ...] = ()


@dataclass(frozen=True)
class FlaggedEntry:
    """One entry flagged to bring to supervision: one item, its answers beneath it."""

    entry_id: str
    day: date
    kind: str
    #: (question, text) for the note and each answer, in the entry's order.
    parts: tuple[tuple[str, str], ...]
    #: Days since it was written (it has been waiting since then).
    waiting_days: int


@dataclass(frozen=True)
class Brief:
    """What `ticli brief` shows: built on the same analysis as the summary."""

    period: Period
    since_supervision: date | None
    reflections: int
    actions: tuple[str, ...]
    last_note: str
    #: Every flagged entry of the journal, oldest first, wherever its date falls.
    flagged: tuple[FlaggedEntry, ...]
    bring: tuple[Quote, ...]
    summary: Summary
    sections: tuple[ProctorSection, ...]
    #: The moment of the last supervision: the brief covers what was written after it.
    since_moment: datetime | None = None
    #: Free notes of the period (not flagged), newest first.
    notes: tuple[Quote, ...] = ()


def flagged_entries(entries: Sequence[Entry], today: date) -> tuple[FlaggedEntry, ...]:
    """Every entry flagged for supervision, oldest first, with what it holds."""
    flagged = sorted(
        (e for e in entries if e.flagged and e.kind != "supervision"),
        key=lambda e: (e.created, e.id),
    )
    return tuple(
        FlaggedEntry(
            e.id,
            e.created.date(),
            e.kind,
            tuple(([("", e.note)] if e.note else []) + [(a.question, a.text) for a in e.answers]),
            (today - e.created.date()).days,
        )
        for e in flagged
    )


def build_brief(
    history: History,
    library: Library,
    period: Period,
    today: date,
    last_supervision: Entry | None,
    after: datetime | None = None,
) -> Brief:
    """Gather the period's reflections for supervision, under Proctor's three functions.

    With `after` (the moment of the last supervision), what was written on the
    period's first day before that moment belongs to the last supervision, not this one.
    """
    flagged = flagged_entries(history.flagged(), today)
    if after is not None:
        early = history.between(period.start, period.end)
        history = history.without(e.id for e in early if e.created <= after)
    summary = summarise_history(history, library, period, today)
    now = [e for e in history.between(period.start, period.end) if e.kind != "supervision"]
    principle_of = {p.id: p.principle for p in library.prompts.values()}
    # A flagged entry is named once, under "To bring", not again under the functions.
    unflagged = [e for e in now if not e.flagged]
    sections = []
    for section_id, (title, principles) in PROCTOR.items():
        gathered = set(principles)
        quotes = [
            q
            for q in answers_to(unflagged, lambda pid: pid not in BRING_PROMPTS)
            if principle_of.get(q.prompt_id) in gathered
        ]
        ratings = summary.ratings if section_id == "restorative" else ()
        sections.append(
            ProctorSection(
                section_id,
                title,
                tuple(u for u in summary.principles if u.id in principles),
                tuple(newest_first(quotes))[:4],
                ratings,
            )
        )
    return Brief(
        period=period,
        since_supervision=last_supervision.created.date() if last_supervision else None,
        reflections=len(now),
        actions=last_supervision.actions if last_supervision else (),
        last_note=last_supervision.note if last_supervision else "",
        flagged=flagged,
        bring=tuple(newest_first(answers_to(unflagged, lambda pid: pid in BRING_PROMPTS))),
        summary=summary,
        sections=tuple(sections),
        since_moment=after,
        notes=tuple(
            newest_first(Quote(e.id, e.created.date(), "note", e.note) for e in unflagged if e.note)
        ),
    )
