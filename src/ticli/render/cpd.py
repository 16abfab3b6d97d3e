"""The words of CPD, feedback and reflective accounts: questions, lists, progress as facts.

Progress is said as plain numbers ("22 of 35 hours"): never a score, a streak or a warning.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from ticli.analysis.cpd import (
    CPD_LEARNED,
    FEEDBACK_DID,
    FEEDBACK_SAID,
    Progress,
    account_title,
    answer,
    hours_text,
    progress,
    title,
)
from ticli.model import ACTIVITY_KINDS, Entry
from ticli.render.console import literal, plural, say

if TYPE_CHECKING:
    from ticli.analysis.professions import Body
    from ticli.usecases.cpd import Profile, Records

# ---------------------------------------------------------------- asking

HOW_TO = (
    "Enter on an empty answer skips a question;",
    "q or Ctrl-C stops, and what you have typed is kept.",
)
CPD_INTRO = ("A CPD activity: a few short questions.", *HOW_TO)
FEEDBACK_INTRO = ("A piece of feedback: a few short questions.", *HOW_TO)
DATE_QUESTION = "When was it? A day like 2026-11-20 (Enter for today): "
HOURS_QUESTION = "How many hours? e.g. 1.5 or 90m (Enter to skip): "
PARTICIPATORY_QUESTION = "Of those, how many with other people? (Enter for none): "
ROLE_QUESTION = "Who was it from? A number, or a role in your own words (never a name): "
THEMES_QUESTION = "Which themes does it relate to? Numbers separated by spaces (Enter for none): "
SKIPPED = "Skipped."
TODAY = "Today, then."


def skipped(out: Console, words: str) -> None:
    """Said after Enter on an empty answer, so a skip is never a surprise."""
    say(out, words, style="dim")


def intro(out: Console, lines: Sequence[str]) -> None:
    for line in lines:
        say(out, line, style="dim")
    out.print()


def question(out: Console, text: str) -> None:
    say(out, literal(text, "bold"))


def choices(out: Console, items: Sequence[str]) -> None:
    for number, item in enumerate(items, 1):
        say(out, f"  {number}  ", literal(item))


def activity_question(out: Console) -> str:
    question(out, "What kind of activity was it?")
    choices(out, [kind.replace("-", " ") for kind in ACTIVITY_KINDS])
    return "A number or a name (Enter to skip): "


def try_again(out: Console, message: str) -> None:
    say(out, literal(message), style="dim")


def filled_answer(out: Console, text: str) -> None:
    """An answer an account takes from the entry it is made from."""
    say(out, "From your entry (kept as it is):", style="dim")
    for line in text.split("\n"):
        say(out, "  ", literal(line, "italic"))


def record_saved(out: Console, what: str, path: object | None) -> None:
    if path is None:
        say(out, f"Nothing was saved: the {what} had no answers.", style="dim")
    else:
        say(out, f"Saved the {what} to ", literal(str(path)))


def record_stopped(out: Console, what: str, path: object | None) -> None:
    out.print()
    if path is None:
        say(out, f"Stopped. Nothing was saved for this {what}.")
    else:
        say(out, "Stopped. What you typed is kept in ", literal(str(path)))


# ---------------------------------------------------------------- progress

_FIGURE_WORDS = {
    "cpd_hours": ("hour of CPD", "hours of CPD"),
    "participatory_hours": ("hour with others", "hours with others"),
    "cpd_pieces": ("piece of CPD", "pieces of CPD"),
    "peer_pieces": ("piece with a peer", "pieces with a peer"),
    "feedback": ("piece of feedback", "pieces of feedback"),
    "accounts": ("reflective account", "reflective accounts"),
    "discussions": ("peer discussion", "peer discussions"),
}


def progress_line(item: Progress) -> str:
    """`22 of 35 hours of CPD`: what is there, of what the body asks. Nothing more."""
    one, many = _FIGURE_WORDS[item.key]
    return f"{hours_text(item.done)} of {item.wanted} {one if item.wanted == 1 else many}"


def period_line(profile: Profile) -> str:
    period = profile.period
    line = f"{profile.body.name}: {period.start:%-d %B %Y} to {period.end:%-d %B %Y}"
    return line if period.anchored else line + " (the last months up to today)"


def cpd_view(out: Console, made: Records) -> None:
    """`ticli cpd`: the period, its activities, and the totals as facts."""
    body, totals = made.profile.body, made.totals
    say(out, literal(period_line(made.profile), "bold"))
    cpd = [e for e in made.entries if e.kind == "cpd"]
    if not cpd:
        say(out, "No CPD activities in this period yet. Add one with: ticli cpd add")
    for entry in cpd:
        with_others = (
            f", {hours_text(entry.participatory)} with others" if entry.participatory else ""
        )
        kind = entry.activity.replace("-", " ") or "activity"
        say(
            out,
            Text(f"{entry.created.date()}  ", style="dim"),
            literal(title(entry) or "(no title)"),
            Text(f"  {kind}, {hours_text(entry.hours)} h{with_others}", style="dim"),
        )
    out.print()
    say(
        out,
        f"In this period: {plural(totals.activities, 'activity', 'activities')}, "
        f"{hours_text(totals.hours)} hours, {hours_text(totals.participatory)} with others.",
    )
    for item in progress(body, totals):
        say(out, "  ", progress_line(item))
    if body.figure("practice_hours"):
        say(
            out,
            f"  Practice hours ({body.figure('practice_hours')}) are not counted by ticli: "
            "your employer's records hold them.",
            style="dim",
        )
    if not made.profile.start:
        say(
            out,
            "Set period_start in config.toml to count from the day your period began.",
            style="dim",
        )


def cpd_json(made: Records) -> str:
    profile, totals = made.profile, made.totals
    data: dict[str, Any] = {
        "schema": 1,
        "profession": profile.body.id,
        "period": {
            "start": profile.period.start.isoformat(),
            "end": profile.period.end.isoformat(),
        },
        "activities": [_cpd_record(e) for e in made.entries if e.kind == "cpd"],
        "totals": {
            "hours": totals.hours,
            "participatory": totals.participatory,
            "activities": totals.activities,
            "feedback": totals.feedback,
            "accounts": totals.accounts,
        },
        "progress": [
            {"figure": p.key, "done": p.done, "of": p.wanted}
            for p in progress(profile.body, totals)
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cpd_record(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "date": entry.created.date().isoformat(),
        "title": title(entry),
        "activity": entry.activity,
        "hours": entry.hours,
        "participatory": entry.participatory,
        "learned": answer(entry, CPD_LEARNED),
    }


# ---------------------------------------------------------------- feedback and accounts


def feedback_view(out: Console, made: Records) -> None:
    say(out, literal(period_line(made.profile), "bold"))
    if not made.entries:
        say(out, "No feedback recorded in this period yet. Add some with: ticli feedback add")
    for entry in made.entries:
        say(
            out,
            Text(f"{entry.created.date()}  {entry.id}  ", style="dim"),
            literal(entry.role or "(from someone)", "bold"),
        )
        say(out, "  ", literal(answer(entry, FEEDBACK_SAID)))
        did = answer(entry, FEEDBACK_DID)
        if did:
            say(out, "  What I did: ", literal(did))
    _count(out, made, "feedback")


def feedback_json(made: Records) -> str:
    items = [
        {
            "id": e.id,
            "date": e.created.date().isoformat(),
            "role": e.role,
            "said": answer(e, FEEDBACK_SAID),
            "did": answer(e, FEEDBACK_DID),
        }
        for e in made.entries
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def account_list_view(out: Console, made: Records) -> None:
    say(out, literal(period_line(made.profile), "bold"))
    if not made.entries:
        say(out, "No reflective accounts in this period yet. Start one with: ticli account new")
    for entry in made.entries:
        themes = f"  ({'; '.join(entry.themes)})" if entry.themes else ""
        say(
            out,
            Text(f"{entry.created.date()}  {entry.id}  ", style="dim"),
            literal(account_title(entry)),
            literal(themes, "dim"),
        )
    _count(out, made, "accounts")


def _count(out: Console, made: Records, key: str) -> None:
    for item in progress(made.profile.body, made.totals):
        if item.key == key:
            out.print()
            say(out, "In this period: ", progress_line(item))


def account_json(made: Records) -> str:
    items = [
        {
            "id": e.id,
            "date": e.created.date().isoformat(),
            "source": e.source or None,
            "themes": list(e.themes),
            "answers": [{"question": a.question, "text": a.text} for a in e.answers],
        }
        for e in made.entries
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def account_intro(out: Console, body: Body, source: Entry | None, missing: int) -> None:
    if source is not None:
        say(out, "A reflective account from ", literal(source.id), f" ({source.kind}).")
    else:
        say(out, "A new reflective account.")
    say(
        out,
        f"For {body.name}. {plural(missing, 'question is', 'questions are')} left to answer.",
        style="dim",
    )
    intro(out, HOW_TO)
