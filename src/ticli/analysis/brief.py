"""The supervision brief: a period's reflections under Proctor's three functions. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ticli.analysis.summary import (
    Period,
    PrincipleUse,
    Quote,
    RatingTrend,
    Summary,
    answers_to,
    newest_first,
    summarise,
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
class Brief:
    """What `ticli brief` shows: built on the same analysis as the summary."""

    period: Period
    since_supervision: date | None
    reflections: int
    actions: tuple[str, ...]
    last_note: str
    flagged: tuple[Quote, ...]
    bring: tuple[Quote, ...]
    summary: Summary
    sections: tuple[ProctorSection, ...]


def build_brief(
    entries: Sequence[Entry],
    library: Library,
    period: Period,
    today: date,
    last_supervision: Entry | None,
) -> Brief:
    """Gather the period's reflections for supervision, under Proctor's three functions."""
    summary = summarise(entries, library, period, today)
    now = [e for e in entries if period.holds(e.created.date()) and e.kind != "supervision"]
    principle_of = {p.id: p.principle for p in library.prompts.values()}
    flagged = [
        Quote(e.id, e.created.date(), a.prompt_id, a.text)
        for e in now
        if e.flagged
        for a in e.answers
        if a.text
    ] + [Quote(e.id, e.created.date(), "note", e.note) for e in now if e.flagged and e.note]
    sections = []
    for section_id, (title, principles) in PROCTOR.items():
        gathered = set(principles)
        quotes = [
            q
            for q in answers_to(now, lambda pid: True)
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
        flagged=tuple(newest_first(flagged)),
        bring=tuple(newest_first(answers_to(now, lambda pid: pid in BRING_PROMPTS))),
        summary=summary,
        sections=tuple(sections),
    )
