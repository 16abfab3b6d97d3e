"""Asking for a CPD activity, a piece of feedback or a reflective account in a terminal.

Every question can be skipped with Enter; q or Ctrl-C stops, and every answer already
given is on disk: the record is saved after each one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from ticli.analysis.cpd import CPD_LEARNED, CPD_TITLE
from ticli.cli.terminal import STOP_WORD, Asker, Stop
from ticli.errors import UsageError
from ticli.render import cpd as render

if TYPE_CHECKING:
    from rich.console import Console

    from ticli.usecases.cpd import AccountPlan
    from ticli.usecases.journal import Journal
    from ticli.usecases.write import Draft

T = TypeVar("T")


def _ask(
    asker: Asker, prompt: str, check: Callable[[str], T], empty: str = render.SKIPPED
) -> T | None:
    """One line, checked; asked again, kindly, until it reads or is skipped (None, and
    `empty` is said)."""
    while True:
        reply = asker.line(prompt).strip()
        if reply == STOP_WORD:
            raise Stop
        if not reply:
            render.skipped(asker.out, empty)
            return None
        try:
            return check(reply)
        except UsageError as problem:
            render.try_again(
                asker.out, problem.message + (f" {problem.hint}" if problem.hint else "")
            )


def _when(asker: Asker, now: datetime) -> datetime:
    """The day of a record: asked, Enter for now."""
    from ticli.dates import parse_moment

    return _ask(asker, render.DATE_QUESTION, lambda t: parse_moment(t, now), render.TODAY) or now


def _text(asker: Asker, draft: Draft, prompt_id: str, question: str) -> None:
    from ticli.usecases.cpd import keep_text

    render.question(asker.out, question)
    try:
        text = asker.answer()
    except Stop as stop:
        if stop.unfinished:
            keep_text(draft, prompt_id, question, stop.unfinished)
        raise
    if not text.strip():
        render.skipped(asker.out, render.SKIPPED)
        return
    keep_text(draft, prompt_id, question, text)


def _finish(out: Console, what: str, run: Callable[[], Draft], draft_of: list[Draft]) -> None:
    try:
        draft = run()
    except (Stop, KeyboardInterrupt):
        render.record_stopped(out, what, draft_of[0].path if draft_of else None)
        return
    render.record_saved(out, what, draft.path)


def ask_cpd(journal: Journal, out: Console, now: datetime) -> None:
    """`ticli cpd add` in a terminal: date, title, kind, hours, hours with others, learning."""
    from ticli.usecases import cpd

    asker = Asker(out, input)
    render.intro(out, render.CPD_INTRO)
    drafts: list[Draft] = []

    def run() -> Draft:
        moment = _when(asker, now)
        draft = cpd.start_record(journal, "cpd", moment)
        drafts.append(draft)
        _text(asker, draft, CPD_TITLE, cpd.CPD_QUESTIONS[CPD_TITLE])
        activity = _ask(asker, render.activity_question(out), cpd.checked_activity)
        if activity:
            cpd.set_values(draft, activity=activity)
        hours = _ask(asker, render.HOURS_QUESTION, lambda t: cpd.checked_hours(t, "hours"))
        if hours is not None:
            cpd.set_values(draft, hours=hours)

        def with_others(text: str) -> float:
            value = cpd.checked_hours(text, "hours with others")
            cpd.check_participatory(draft.entry.hours, value)
            return value

        if draft.entry.hours:
            shared = _ask(asker, render.PARTICIPATORY_QUESTION, with_others)
            if shared is not None:
                cpd.set_values(draft, participatory=shared)
        _text(asker, draft, CPD_LEARNED, cpd.CPD_QUESTIONS[CPD_LEARNED])
        return draft

    _finish(out, "CPD activity", run, drafts)


def ask_feedback(journal: Journal, out: Console, now: datetime) -> None:
    """`ticli feedback add` in a terminal: when, from whom (a role), what it said, what I did."""
    from ticli.usecases import cpd

    asker = Asker(out, input)
    render.intro(out, render.FEEDBACK_INTRO)
    drafts: list[Draft] = []

    def run() -> Draft:
        moment = _when(asker, now)
        draft = cpd.start_record(journal, "feedback", moment)
        drafts.append(draft)
        render.choices(out, cpd.ROLES)
        role = _ask(asker, render.ROLE_QUESTION, lambda t: cpd.checked_role(journal, t))
        if role:
            cpd.set_values(draft, role=role)
        for prompt_id, question in cpd.FEEDBACK_QUESTIONS.items():
            _text(asker, draft, prompt_id, question)
        return draft

    _finish(out, "feedback", run, drafts)


def ask_account(journal: Journal, out: Console, now: datetime, plan: AccountPlan) -> None:
    """`ticli account new` in a terminal: only the questions the entry did not fill, then
    the themes."""
    from ticli.analysis.cpd import ACCOUNT_PREFIX
    from ticli.usecases import cpd

    asker = Asker(out, input)
    missing = [q for q in plan.body.questions if not plan.filled.get(q.id)]
    render.account_intro(out, plan.body, plan.source, len(missing))
    drafts: list[Draft] = []

    def run() -> Draft:
        draft = cpd.start_account(journal, plan, now)
        drafts.append(draft)
        for question in plan.body.questions:
            out.print()
            if plan.filled.get(question.id):
                render.question(out, question.text)
                render.filled_answer(out, plan.filled[question.id])
                continue
            _text(asker, draft, ACCOUNT_PREFIX + question.id, question.text)
        if plan.body.themes:
            out.print()
            render.choices(out, plan.body.themes)
            themes = _ask(
                asker, render.THEMES_QUESTION, lambda t: cpd.checked_themes(plan.body, t.split())
            )
            if themes:
                cpd.set_values(draft, themes=themes)
        return draft

    _finish(out, "reflective account", run, drafts)
