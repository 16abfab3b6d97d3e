"""Records for a professional body: CPD activities, practice feedback and reflective
accounts, each an entry of its own kind in the journal, and the period's progress."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime

from ticli.analysis.cpd import (
    ACCOUNT_PREFIX,
    CPD_LEARNED,
    CPD_TITLE,
    FEEDBACK_DID,
    FEEDBACK_SAID,
    Period,
    Totals,
    fill_account,
    period_for,
    totals,
)
from ticli.analysis.professions import Body, Source, read_bodies
from ticli.config import profession_files, setting_line
from ticli.errors import FileProblem, UsageError
from ticli.model import ACTIVITY_KINDS, MAX_ACTIVITY_HOURS, RECORD_KINDS, Answer, Entry
from ticli.model.rules import checked_text
from ticli.tomlfile import read_toml_file
from ticli.usecases.journal import Found, Journal, find_entry
from ticli.usecases.read import FilterOptions, list_entries
from ticli.usecases.write import Draft

#: The questions `cpd add` and `feedback add` keep answers to, in the user's words.
CPD_QUESTIONS = {
    CPD_TITLE: "What was the activity? (a short title)",
    CPD_LEARNED: "What did I learn, and how will it change my work?",
}
FEEDBACK_QUESTIONS = {
    FEEDBACK_SAID: "What did the feedback say, in my own words?",
    FEEDBACK_DID: "What did I do with it, or what will I do?",
}
#: Who feedback can come from, offered as choices; any other role can be typed.
ROLES = ("a person I support", "a family member or carer", "a colleague", "a manager", "a student")
MAX_ROLE = 80


@dataclass(frozen=True)
class Profile:
    """The user's body, its requirements, and the period the records are counted in."""

    body: Body
    period: Period
    start: date | None


def load_bodies(journal: Journal) -> dict[str, Body]:
    """The bodies of the shipped professions.toml, changed by the user's own."""
    sources = []
    for path, data in profession_files(journal.locations.config_dir):
        _values, text = read_toml_file(path, data)
        sources.append(Source(path, text))
    return read_bodies(sources)


def load_profile(journal: Journal, today: date, back: int = 0) -> Profile:
    """The body config.toml names (checked, naming the line), and the period: the current
    one, or `back` periods before it."""
    bodies = load_bodies(journal)
    config = journal.config
    body = bodies.get(config.profession)
    path = journal.locations.config_file
    if body is None:
        raise FileProblem(
            str(path),
            setting_line(path, "profession"),
            f"'profession' is '{config.profession}', which ticli does not know",
            hint=f"Bodies: {', '.join(bodies)} (or add your own in professions.toml).",
        )
    start = config.period_start
    if start is not None and start > today:
        raise FileProblem(
            str(path),
            setting_line(path, "period_start"),
            f"'period_start' ({start}) is in the future",
            hint="Set it to the day your current period began.",
        )
    return Profile(body, period_for(body, today, start, back), start)


PERIODS = {"current": 0, "previous": 1}


def period_back(name: str) -> int:
    """--period: `current` or `previous`."""
    if name not in PERIODS:
        raise UsageError(f"There is no period '{name}'.", hint="Periods: current, previous.")
    return PERIODS[name]


@dataclass(frozen=True)
class Records:
    """The period's records, what they add up to, and files that could not be read."""

    profile: Profile
    entries: list[Entry]
    totals: Totals
    found: Found


def records(journal: Journal, today: date, back: int = 0, kind: str | None = None) -> Records:
    """The cpd, feedback and account entries of the period, oldest first."""
    profile = load_profile(journal, today, back)
    period = profile.period
    options = FilterOptions(since=period.start.isoformat(), until=period.end.isoformat())
    found = list_entries(journal, today, options)
    chosen = [e for e in found.entries if e.kind in RECORD_KINDS and period.holds(e)]
    chosen.sort(key=lambda e: (e.created, e.id))
    kept = Found(chosen, found.problems, {e.id: found.paths[e.id] for e in chosen})
    shown = [e for e in chosen if kind is None or e.kind == kind]
    return Records(profile, shown, totals(chosen), kept)


# ---------------------------------------------------------------- checking what is typed


def checked_hours(text: str | float, what: str) -> float:
    """Hours as typed (`1.5`, `2`, `0,5`, `90m`): refused when negative, absurd or not a number."""
    value: float
    if isinstance(text, str):
        raw = text.strip().lower().replace(",", ".")
        try:
            value = float(raw[:-1]) / 60 if raw.endswith("m") else float(raw.rstrip("h"))
        except ValueError:
            raise UsageError(
                f"'{text}' is not a number of hours.", hint="For example 1.5, or 90m."
            ) from None
    else:
        value = float(text)
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"The {what} cannot be {text}: give 0 or more.")
    if value > MAX_ACTIVITY_HOURS:
        raise UsageError(
            f"{value:g} {what} is more than one activity can hold ({MAX_ACTIVITY_HOURS:g}).",
            hint="Record a long course as one activity per part.",
        )
    return round(value, 2)


def check_participatory(hours: float, participatory: float) -> None:
    if participatory > hours:
        raise UsageError(
            f"The hours with others ({participatory:g}) are more than the hours ({hours:g}).",
            hint="Hours with others are part of the activity's hours.",
        )


def checked_activity(text: str) -> str:
    """An activity kind, by name or by its number in ACTIVITY_KINDS."""
    raw = text.strip().lower().replace(" ", "-")
    if raw.isdigit() and 1 <= int(raw) <= len(ACTIVITY_KINDS):
        return ACTIVITY_KINDS[int(raw) - 1]
    if raw not in ACTIVITY_KINDS:
        raise UsageError(
            f"There is no kind of activity '{text}'.", hint=f"Kinds: {', '.join(ACTIVITY_KINDS)}."
        )
    return raw


def checked_role(journal: Journal, text: str) -> str:
    """Who feedback came from, as a role: one line, and nothing the privacy guard reads as
    a name or another detail that could identify someone."""
    from ticli.usecases.privacy import guard_words

    raw = text.strip()
    if raw.isdigit() and 1 <= int(raw) <= len(ROLES):
        return ROLES[int(raw) - 1]
    role = " ".join(checked_text(raw, "the role").split())
    if len(role) > MAX_ROLE:
        raise UsageError(f"The role is longer than {MAX_ROLE} characters; a few words will do.")
    found = guard_words(journal).find(role)
    if found:
        raise UsageError(
            f"'{found[0].text}' in the role may identify someone.",
            hint="Say who it came from as a role, e.g. 'a colleague' or 'a person I support'.",
        )
    return role


# ---------------------------------------------------------------- writing records


def start_record(journal: Journal, kind: str, created: datetime) -> Draft:
    """A record being written: saved (atomically) after every answer, like a reflection."""
    return Draft(journal, kind, created)


def keep_text(draft: Draft, prompt_id: str, question: str, text: str) -> None:
    """Keep one answer of a record (an empty one is a skip)."""
    text = checked_text(text, f"the answer to '{question}'")
    if text:
        draft.save(
            replace(draft.entry, answers=(*draft.entry.answers, Answer(prompt_id, question, text)))
        )


def set_values(draft: Draft, **values: object) -> None:
    """Set fields of the record (activity, hours, role...) and save it if it holds anything."""
    draft.save(replace(draft.entry, **values))  # type: ignore[arg-type]


@dataclass(frozen=True)
class CpdGiven:
    """A CPD activity from options."""

    title: str
    activity: str
    hours: float
    participatory: float = 0.0
    learned: str = ""


def write_cpd(journal: Journal, created: datetime, given: CpdGiven) -> Draft:
    """Write a CPD activity from options, everything checked first."""
    activity = checked_activity(given.activity)
    hours = checked_hours(given.hours, "hours")
    participatory = checked_hours(given.participatory, "hours with others")
    check_participatory(hours, participatory)
    title = checked_text(given.title, "the title").strip()
    learned = checked_text(given.learned, "what you learned")
    if not title:
        raise UsageError("A CPD activity needs a title (--title).")
    draft = start_record(journal, "cpd", created)
    entry = replace(draft.entry, activity=activity, hours=hours, participatory=participatory)
    answers = [Answer(CPD_TITLE, CPD_QUESTIONS[CPD_TITLE], title)]
    if learned:
        answers.append(Answer(CPD_LEARNED, CPD_QUESTIONS[CPD_LEARNED], learned))
    draft.save(replace(entry, answers=tuple(answers)))
    return draft


def write_feedback(
    journal: Journal, created: datetime, role: str, said: str, did: str = ""
) -> Draft:
    """Write a piece of feedback from options, everything checked first."""
    role = checked_role(journal, role)
    said = checked_text(said, "what the feedback said")
    did = checked_text(did, "what you did with it")
    if not said:
        raise UsageError("Say what the feedback said (--said).")
    draft = start_record(journal, "feedback", created)
    answers = [Answer(FEEDBACK_SAID, FEEDBACK_QUESTIONS[FEEDBACK_SAID], said)]
    if did:
        answers.append(Answer(FEEDBACK_DID, FEEDBACK_QUESTIONS[FEEDBACK_DID], did))
    draft.save(replace(draft.entry, role=role, answers=tuple(answers)))
    return draft


# ---------------------------------------------------------------- reflective accounts


@dataclass(frozen=True)
class AccountPlan:
    """What a new account starts from: the body's questions, and the answers an entry fills."""

    body: Body
    source: Entry | None
    filled: dict[str, str]


def plan_account(journal: Journal, today: date, reference: str | None) -> AccountPlan:
    """The questions of the user's body, filled from the entry `reference` names, if any."""
    body = load_profile(journal, today).body
    if reference is None:
        return AccountPlan(body, None, {})
    entry, _path = find_entry(journal, reference)
    if entry.kind == "account":
        raise UsageError(
            f"{entry.id} is a reflective account already.",
            hint="Make an account from a reflection, a session, a CPD activity or feedback.",
        )
    return AccountPlan(body, entry, fill_account(body, entry))


def checked_themes(body: Body, chosen: list[str]) -> tuple[str, ...]:
    """Themes by number (1-based) or by name, as the body lists them."""
    found: list[str] = []
    for item in chosen:
        raw = item.strip()
        by_name = {t.lower(): t for t in body.themes}
        if raw.isdigit() and 1 <= int(raw) <= len(body.themes):
            theme = body.themes[int(raw) - 1]
        elif raw.lower() in by_name:
            theme = by_name[raw.lower()]
        else:
            known = "; ".join(f"{n} {t}" for n, t in enumerate(body.themes, 1)) or "none"
            raise UsageError(f"'{item}' is not one of the themes.", hint=f"Themes: {known}.")
        if theme not in found:
            found.append(theme)
    return tuple(found)


def start_account(journal: Journal, plan: AccountPlan, created: datetime) -> Draft:
    """An account being written; the answers the source entry fills are kept at once."""
    draft = start_record(journal, "account", created)
    if plan.source is not None:
        draft.entry = replace(draft.entry, source=plan.source.id, tags=plan.source.tags)
    for question in plan.body.questions:
        text = plan.filled.get(question.id, "")
        if text:
            keep_text(draft, ACCOUNT_PREFIX + question.id, question.text, text)
    return draft


def write_account(
    journal: Journal,
    plan: AccountPlan,
    created: datetime,
    answers: dict[str, str],
    themes: list[str],
) -> Draft:
    """Write an account from options: the filled answers, then those given."""
    ids = {q.id for q in plan.body.questions}
    for key in answers:
        if key not in ids:
            raise UsageError(
                f"There is no question '{key}' in the account.",
                hint=f"Questions: {', '.join(ids)}.",
            )
    chosen = checked_themes(plan.body, themes)
    merged = {**plan.filled, **{k: v for k, v in answers.items() if v.strip()}}
    if not any(v.strip() for v in merged.values()):
        raise UsageError("There is nothing to write: every answer is empty.")
    draft = start_account(journal, replace(plan, filled=merged), created)
    if chosen:
        set_values(draft, themes=chosen)
    return draft
