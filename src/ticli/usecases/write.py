"""Writing reflections: today's prompts, a session, a note, a supervision record.

An entry is saved (atomically) after every answer, so stopping at any moment
loses nothing that was typed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from ticli import store
from ticli.errors import EntryProblem, UsageError
from ticli.model import (
    Answer,
    Entry,
    Prompt,
    Rating,
    check_rating_value,
    checked_tags,
    checked_text,
    new_entry_id,
    with_answer,
)
from ticli.prompts import BALANCE_DAYS, choose_prompts
from ticli.store import vault
from ticli.usecases.journal import Journal

#: The after-session reflection, Driscoll's What? / So what? / Now what? with a
#: trauma-informed lens. Read by id from prompts.toml, so their words can be changed there.
SESSION_FLOW = (
    "session-what-happened",
    "session-noticed-them",
    "session-noticed-me",
    "session-strong",
    "session-next-time",
    "supervision-bring",
)


@dataclass
class Plan:
    """What a reflection will ask, and any journal files that could not be read on the way."""

    prompts: list[Prompt]
    ratings: list[Rating]
    problems: list[EntryProblem] = field(default_factory=list)


def plan_reflection(
    journal: Journal,
    now: datetime,
    count: int | None = None,
    principle: str | None = None,
    seed: int | None = None,
    kind: str = "daily",
) -> Plan:
    """Choose today's prompts from the library, looking only at the last month's entries.
    Refuses first (before anything is typed) a journal it could only write in plain text
    although it is encrypted (its key file gone)."""
    vault.refuse_plain_writes(journal.root)
    since = (now - timedelta(days=BALANCE_DAYS)).date()
    recent = journal.scan_recent(since)
    prompts = choose_prompts(
        journal.library,
        recent.entries,
        now.date(),
        random.Random(seed),
        count=count if count is not None else journal.config.count,
        kind=kind,
        principle=principle,
    )
    return Plan(prompts, journal.ratings_to_offer(), recent.problems)


def plan_session(journal: Journal) -> Plan:
    """The session prompts, in order: config's session_prompts, else SESSION_FLOW."""
    vault.refuse_plain_writes(journal.root)
    wanted = journal.config.session_prompts or SESSION_FLOW
    if journal.config.session_prompts:
        prompts = [journal.library.prompt(pid) for pid in wanted]
    else:
        # A shipped prompt the user disabled is simply left out.
        prompts = [journal.library.prompts[pid] for pid in wanted if pid in journal.library.prompts]
    if not prompts:
        raise UsageError(
            "There are no session prompts to ask.", hint="See session_prompts in the README."
        )
    return Plan(prompts, journal.ratings_to_offer())


class Draft:
    """An entry being written: saved again, atomically, after every change.

    Nothing is written until there is something to keep, so a reflection
    skipped from start to finish leaves no file behind.
    """

    def __init__(self, journal: Journal, kind: str, created: datetime) -> None:
        self.journal = journal
        self.entry = Entry(id=new_entry_id(created), created=created, kind=kind)
        self.path: Path | None = None

    def add_answer(self, prompt: Prompt, text: str) -> None:
        """Keep an answer (empty answers are skips and are not kept)."""
        text = checked_text(text, f"the answer to '{prompt.id}'")
        if text:
            self.save(with_answer(self.entry, prompt, text))

    def keep_answer(self, answer: Answer) -> None:
        """Keep an answer to a heading that is not in the library, as it was written."""
        text = checked_text(answer.text, "an answer")
        if text:
            self.save(
                replace(self.entry, answers=(*self.entry.answers, replace(answer, text=text)))
            )

    def set_note(self, text: str) -> None:
        self.save(replace(self.entry, note=checked_text(text, "the note")))

    def set_rating(self, rating_id: str, value: int) -> None:
        self.journal.library.rating(rating_id)
        check_rating_value(rating_id, value)
        self.save(replace(self.entry, ratings={**self.entry.ratings, rating_id: value}))

    def set_flag(self, flagged: bool) -> None:
        self.save(replace(self.entry, flagged=flagged))

    def set_tags(self, tags: list[str]) -> None:
        self.save(replace(self.entry, tags=checked_tags(tags)))

    def save(self, entry: Entry) -> None:
        """Make `entry` the draft and write it (once it holds anything)."""
        self.entry = entry
        if entry.is_empty:
            return
        if self.path is not None:
            self.path = store.write_entry(self.journal.root, entry)
            return
        while True:
            try:
                self.path = store.create_entry(self.journal.root, self.entry)
                return
            except store.AlreadyThere:
                # Another machine wrote this very id: astronomically unlikely, but never
                # overwrite: take a new id.
                self.entry = replace(self.entry, id=new_entry_id(self.entry.created))


@dataclass(frozen=True)
class Given:
    """A reflection written from options, without questions (checked by `write_given`)."""

    kind: str
    answers: list[tuple[str, str]] = field(default_factory=list)
    ratings: list[tuple[str, int]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str = ""
    flagged: bool = False


def write_given(journal: Journal, now: datetime, given: Given, at: datetime | None) -> Draft:
    """Write an entry from given answers without asking anything; check everything first."""
    prompts = [journal.library.prompt(prompt_id) for prompt_id, _ in given.answers]
    texts = [checked_text(text, f"the answer to '{pid}'") for pid, text in given.answers]
    for rating_id, value in given.ratings:
        journal.library.rating(rating_id)
        check_rating_value(rating_id, value)
    tags = checked_tags(given.tags)
    note = checked_text(given.note, "the note")
    if not any(texts) and not note and not given.ratings:
        what = "the note is empty" if given.kind == "note" else "every answer given is empty"
        raise UsageError(f"There is nothing to write: {what}.")
    draft = Draft(journal, given.kind, at or now)
    # Build the whole entry in memory, then write it once.
    entry = replace(
        draft.entry, ratings=dict(given.ratings), tags=tags, note=note, flagged=given.flagged
    )
    for prompt, text in zip(prompts, texts, strict=True):
        if text:
            entry = with_answer(entry, prompt, text)
    draft.save(entry)
    return draft


def record_supervision(
    journal: Journal, now: datetime, at: datetime | None, note: str, actions: list[str]
) -> Draft:
    """Record that a supervision took place, with notes and agreed actions."""
    checked = [checked_text(a, "an action") for a in actions]
    if any(not a for a in checked):
        raise UsageError("An --action cannot be empty.")
    draft = Draft(journal, "supervision", at or now)
    draft.save(replace(draft.entry, note=checked_text(note, "the note"), actions=tuple(checked)))
    return draft


# ---------------------------------------------------------------- writing in an editor


def start_editor_draft(journal: Journal, plan: Plan, instructions: str) -> Path:
    """A private draft holding the questions as headings, for the editor to open."""
    return store.write_draft(journal.root, store.answer_template(plan.prompts, instructions))


def keep_editor_draft(journal: Journal, draft_file: Path) -> Path:
    """The editor failed or was stopped: keep the draft (encrypted, when the journal is)."""
    return store.keep_draft(journal.root, draft_file)


def finish_editor_draft(
    journal: Journal, draft_file: Path, instructions: str, kind: str, now: datetime
) -> Draft:
    """Save the answers written in the draft as an entry; only then let the draft go."""
    where = str(draft_file)
    note, answers = store.parse_answer_template(store.read_draft(draft_file), instructions, where)
    draft = Draft(journal, kind, now)
    if note:
        draft.set_note(note)
    for answer in answers:
        if answer.prompt_id in journal.library.prompts:
            draft.add_answer(journal.library.prompts[answer.prompt_id], answer.text)
        else:
            # A heading of the user's own: kept as written, with no principle.
            draft.keep_answer(answer)
    store.remove_draft(draft_file)
    return draft
