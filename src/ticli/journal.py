"""Use cases: what the commands do, between the command line and the model and store."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from ticli import store
from ticli.config import Config, load_config
from ticli.errors import EntryProblem, UsageError
from ticli.model import (
    RATING_MAX,
    RATING_MIN,
    Answer,
    Entry,
    Prompt,
    Rating,
    clean_text,
    has_surrogates,
    normalise_tag,
)
from ticli.paths import Locations, locations
from ticli.prompts import BALANCE_DAYS, Library, choose_prompts, load_library

_TAG = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Journal:
    """An open journal: where its files are, its prompt library and its settings."""

    locations: Locations
    library: Library
    config: Config

    @property
    def root(self) -> Path:
        return self.locations.journal

    def ratings_to_offer(self) -> list[Rating]:
        """The check-ins to offer, as set in config.toml (all of them by default)."""
        wanted = self.config.ratings
        if wanted is None:
            return list(self.library.ratings.values())
        return [self.library.rating(rating_id) for rating_id in wanted]


def open_journal() -> Journal:
    """Find the journal's folders and load its settings and prompt library."""
    where = locations()
    config = load_config(where.config_file)
    library = load_library(where.user_prompts)
    return Journal(where, library, config)


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
    """Choose today's prompts from the library, looking only at the last month's entries."""
    since = (now - timedelta(days=BALANCE_DAYS)).date()
    recent = store.scan(journal.root, since=since)
    rng = random.Random(seed)
    prompts = choose_prompts(
        journal.library,
        recent.entries,
        now.date(),
        rng,
        count=count if count is not None else journal.config.count,
        kind=kind,
        principle=principle,
    )
    return Plan(prompts, journal.ratings_to_offer(), recent.problems)


class Draft:
    """An entry being written: saved again, atomically, after every change.

    Nothing is written until there is something to keep, so a reflection
    skipped from start to finish leaves no file behind.
    """

    def __init__(self, journal: Journal, kind: str, created: datetime) -> None:
        self.journal = journal
        self.entry = Entry(id=store.new_entry_id(created), created=created, kind=kind)
        self.path: Path | None = None

    def add_answer(self, prompt: Prompt, text: str) -> None:
        """Keep an answer (empty answers are skips and are not kept)."""
        text = checked_text(text, f"the answer to '{prompt.id}'")
        if text:
            self.save(with_answer(self.entry, prompt, text))

    def set_note(self, text: str) -> None:
        self.save(replace(self.entry, note=checked_text(text, "the note")))

    def set_rating(self, rating_id: str, value: int) -> None:
        self.journal.library.rating(rating_id)
        check_rating_value(rating_id, value)
        self.save(replace(self.entry, ratings={**self.entry.ratings, rating_id: value}))

    def set_tags(self, tags: list[str]) -> None:
        self.save(replace(self.entry, tags=checked_tags(tags)))

    def save(self, entry: Entry) -> None:
        """Make `entry` the draft and write it (once it holds anything)."""
        self.entry = entry
        if entry.is_empty:
            return
        if self.path is None and store.entry_path(self.journal.root, entry).exists():
            # Another machine wrote this very id: astronomically unlikely, but never overwrite.
            self.entry = entry = replace(entry, id=store.new_entry_id(entry.created))
        self.path = store.write_entry(self.journal.root, entry)


def record_entry(
    journal: Journal,
    now: datetime,
    kind: str,
    answers: list[tuple[str, str]],
    ratings: list[tuple[str, int]],
    tags: list[str],
    note: str = "",
    at: datetime | None = None,
) -> Draft:
    """Write an entry from given answers without asking anything; check everything first."""
    prompts = [journal.library.prompt(prompt_id) for prompt_id, _ in answers]
    texts = [checked_text(text, f"the answer to '{pid}'") for pid, text in answers]
    for rating_id, value in ratings:
        journal.library.rating(rating_id)
        check_rating_value(rating_id, value)
    tags = list(checked_tags(tags))
    note = checked_text(note, "the note")
    if not any(texts) and not note and not ratings:
        raise UsageError("There is nothing to write: every answer given is empty.")
    draft = Draft(journal, kind, at or now)
    # Build the whole entry in memory, then write it once.
    entry = replace(draft.entry, ratings=dict(ratings), tags=tuple(tags), note=note)
    for prompt, text in zip(prompts, texts, strict=True):
        if text:
            entry = with_answer(entry, prompt, text)
    draft.save(entry)
    return draft


def with_answer(entry: Entry, prompt: Prompt, text: str) -> Entry:
    """Return the entry with one more answer, and the answer's principle noted."""
    answers = (*entry.answers, Answer(prompt.id, prompt.text, text))
    principles = tuple(dict.fromkeys((*entry.principles, prompt.principle)))
    return replace(entry, answers=answers, principles=principles)


def checked_text(text: str, what: str) -> str:
    """Return text in its stored form, or refuse text that was not valid UTF-8."""
    if has_surrogates(text):
        raise UsageError(
            f"{what.capitalize()} is not valid UTF-8 text.",
            hint="Nothing was written. Check the encoding of what was typed or piped in.",
        )
    return clean_text(text)


def checked_tags(tags: list[str], words: bool = False) -> tuple[str, ...]:
    """Return tags in stored form, in order, each once; refuse a tag that is not a word.

    Each item may hold several tags separated by commas; with `words`, spaces
    separate tags too (as typed at the prompt), otherwise they become '-'.
    """
    found: list[str] = []
    separators = r"[,\s]+" if words else r","
    for raw in tags:
        for part in re.split(separators, raw):
            if not part:
                continue
            tag = normalise_tag(part)
            if not _TAG.fullmatch(tag) or has_surrogates(tag):
                raise UsageError(
                    f"'{part}' is not a tag I can keep.",
                    hint="Tags are single words: letters, digits, '-' and '_'.",
                )
            if tag not in found:
                found.append(tag)
    return tuple(found)


def check_rating_value(rating_id: str, value: int) -> None:
    """Refuse a rating outside the scale."""
    if not RATING_MIN <= value <= RATING_MAX:
        raise UsageError(
            f"The rating '{rating_id}' must be from {RATING_MIN} to {RATING_MAX}, not {value}."
        )


def parse_pair(text: str, option: str) -> tuple[str, str]:
    """Split `NAME=VALUE` as given to --answer or --rate."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"{option} takes NAME=VALUE, not '{text}'.")
    return name.strip(), value


def parse_rating(text: str) -> tuple[str, int]:
    """Read `NAME=N` as given to --rate."""
    name, value = parse_pair(text, "--rate")
    try:
        number = int(value.strip())
    except ValueError:
        raise UsageError(
            f"The rating '{name}' must be a whole number from {RATING_MIN} to {RATING_MAX}, "
            f"not '{value}'."
        ) from None
    return name, number
