"""Entries in other shapes: ticli's JSON (docs/json.md), CSV, one Markdown document, and
jrnl's JSON export. Pure conversions; reading and writing files happens elsewhere."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ticli.dates import EARLIEST_YEAR
from ticli.errors import UsageError
from ticli.model import (
    ENTRY_KINDS,
    RATING_MAX,
    RATING_MIN,
    SLUG,
    Answer,
    Entry,
    clean_question,
    clean_text,
    has_surrogates,
)
from ticli.store import new_entry_id, valid_entry_id

#: The version of the JSON shape of an entry; the same as the file format's.
JSON_FORMAT = 1

CSV_COLUMNS = [
    "date",
    "entry_id",
    "kind",
    "principle",
    "prompt_id",
    "question",
    "answer",
    "tags",
]


class RecordProblem(UsageError):
    """One record of an import that cannot be read."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"record {index}: {reason}")
        self.index = index
        self.reason = reason


# ---------------------------------------------------------------- ticli JSON


def entry_to_json(entry: Entry) -> dict[str, Any]:
    """An entry as a JSON object, in the shape docs/json.md documents."""
    return {
        "format": JSON_FORMAT,
        "id": entry.id,
        "created": entry.created.isoformat(),
        "kind": entry.kind,
        "tags": list(entry.tags),
        "principles": list(entry.principles),
        "ratings": dict(entry.ratings),
        "note": entry.note,
        "answers": [
            {"prompt_id": a.prompt_id, "question": a.question, "text": a.text}
            for a in entry.answers
        ],
        "flagged": entry.flagged,
        "actions": list(entry.actions),
    }


def entries_to_json(entries: Sequence[Entry]) -> str:
    """A JSON array of entries; the same text for the same entries, every time."""
    return json.dumps([entry_to_json(e) for e in entries], ensure_ascii=False, indent=2) + "\n"


def entry_from_json(record: Any, index: int) -> Entry:
    """Read one entry object of ticli's JSON; raise RecordProblem saying what is wrong."""
    if not isinstance(record, dict):
        raise RecordProblem(index, "is not a JSON object")
    fields = _Record(record, index)
    version = record.get("format", JSON_FORMAT)
    if version != JSON_FORMAT:
        raise RecordProblem(index, f"has format {version!r}; this ticli reads format 1")
    kind = fields.text("kind")
    if kind not in ENTRY_KINDS:
        raise RecordProblem(index, f"'kind' must be one of {', '.join(ENTRY_KINDS)}")
    answers = []
    for number, answer in enumerate(fields.list("answers")):
        if not isinstance(answer, dict):
            raise RecordProblem(index, f"answer {number} is not an object")
        inner = _Record(answer, index, f"answer {number}: ")
        prompt_id = inner.text("prompt_id")
        if not SLUG.fullmatch(prompt_id):
            raise RecordProblem(index, f"answer {number}: '{prompt_id}' is not a prompt id")
        answers.append(
            Answer(
                prompt_id, clean_question(inner.text("question")), clean_text(inner.text("text"))
            )
        )
    return Entry(
        id=fields.entry_id(),
        created=fields.created(),
        kind=kind,
        answers=tuple(answers),
        note=clean_text(fields.text("note", "")),
        tags=fields.tags(),
        principles=fields.strings("principles"),
        ratings=fields.ratings(),
        flagged=fields.flag("flagged"),
        actions=tuple(clean_text(a) for a in fields.strings("actions")),
    )


class _Record:
    def __init__(self, values: Mapping[str, Any], index: int, prefix: str = "") -> None:
        self.values = values
        self.index = index
        self.prefix = prefix

    def problem(self, reason: str) -> RecordProblem:
        return RecordProblem(self.index, self.prefix + reason)

    def text(self, key: str, default: str | None = None) -> str:
        value = self.values.get(key, default)
        if not isinstance(value, str):
            raise self.problem(f"'{key}' must be text")
        if has_surrogates(value):
            raise self.problem(f"'{key}' is not valid text")
        return value

    def list(self, key: str) -> list[Any]:
        value = self.values.get(key, [])
        if not isinstance(value, list):
            raise self.problem(f"'{key}' must be a list")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        items = self.list(key)
        if not all(isinstance(item, str) and item for item in items):
            raise self.problem(f"'{key}' must be a list of text")
        return tuple(items)

    def tags(self, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        from ticli.journal import checked_tags

        try:
            return checked_tags([*self.strings("tags"), *extra])
        except UsageError as problem:
            raise self.problem(problem.message) from None

    def entry_id(self) -> str:
        value = self.text("id")
        if not valid_entry_id(value):
            raise self.problem(f"'{value}' is not an entry id")
        return value

    def created(self) -> datetime:
        value = self.text("created")
        try:
            moment = datetime.fromisoformat(value)
            if moment.year < EARLIEST_YEAR:
                raise ValueError
        except ValueError:
            raise self.problem(f"'created' is not an ISO 8601 date and time: '{value}'") from None
        if moment.tzinfo is None:
            raise self.problem("'created' needs a UTC offset, e.g. 2026-11-23T18:05:00+00:00")
        return moment.replace(microsecond=0)

    def flag(self, key: str) -> bool:
        value = self.values.get(key, False)
        if not isinstance(value, bool):
            raise self.problem(f"'{key}' must be true or false")
        return value

    def ratings(self) -> dict[str, int]:
        value = self.values.get("ratings", {})
        if not isinstance(value, dict):
            raise self.problem("'ratings' must be an object")
        for name, number in value.items():
            whole = isinstance(number, int) and not isinstance(number, bool)
            if not whole or not RATING_MIN <= number <= RATING_MAX:
                raise self.problem(f"rating '{name}' must be a whole number from 1 to 5")
        return dict(value)


# ---------------------------------------------------------------- jrnl's JSON export


def entries_from_jrnl(data: Any, now: datetime) -> list[Entry]:
    """Turn jrnl's `--export json` into free-note entries (title, then body), with tags.

    jrnl's tags keep their words without the tag symbol (`@work` becomes `work`),
    and a starred entry gets the tag `starred`. Its date and time are local time.
    """
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise UsageError("This is not a jrnl JSON export: it has no list of 'entries'.")
    entries = []
    for index, record in enumerate(data["entries"]):
        if not isinstance(record, dict):
            raise RecordProblem(index, "is not a JSON object")
        fields = _Record(record, index)
        title, body = fields.text("title", ""), fields.text("body", "")
        moment_text = f"{fields.text('date')} {fields.text('time', '00:00')}"
        try:
            created = datetime.fromisoformat(moment_text).astimezone().replace(microsecond=0)
            if created.year < EARLIEST_YEAR:
                raise ValueError
        except (ValueError, OverflowError):
            raise RecordProblem(index, f"'{moment_text}' is not a date and time") from None
        if created > now:
            raise RecordProblem(index, f"{created.isoformat()} is in the future")
        starred = ("starred",) if record.get("starred") is True else ()
        tags = fields.tags(starred)
        note = clean_text(f"{title}\n{body}" if body else title)
        if not note:
            raise RecordProblem(index, "has no text")
        entries.append(
            Entry(
                id=new_entry_id(created),
                created=created,
                kind="note",
                note=note,
                tags=tags,
            )
        )
    return entries


# ---------------------------------------------------------------- CSV and Markdown


def entries_to_csv(entries: Sequence[Entry], principle_of: Mapping[str, str]) -> str:
    """One row per answer (and one per free note), newest first as given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        day = entry.created.isoformat()
        tags = " ".join(entry.tags)
        if entry.note:
            writer.writerow([day, entry.id, entry.kind, "", "", "", entry.note, tags])
        for action in entry.actions:
            writer.writerow([day, entry.id, entry.kind, "", "", "Action agreed", action, tags])
        for answer in entry.answers:
            principle = principle_of.get(answer.prompt_id, "")
            writer.writerow(
                [
                    day,
                    entry.id,
                    entry.kind,
                    principle,
                    answer.prompt_id,
                    answer.question,
                    answer.text,
                    tags,
                ]
            )
    return buffer.getvalue()


def entries_to_markdown(entries: Sequence[Entry], title: str = "Reflections") -> str:
    """One readable Markdown document: a heading per entry, by date."""
    parts = [f"# {title}\n"]
    for entry in entries:
        heading = f"## {entry.created:%A %d %B %Y, %H:%M} · {entry.kind}"
        lines = [heading, ""]
        if entry.tags:
            lines += ["Tags: " + ", ".join(entry.tags), ""]
        if entry.ratings:
            lines += ["Check-ins: " + ", ".join(f"{k} {v}/5" for k, v in entry.ratings.items()), ""]
        if entry.note:
            lines += [_demote(entry.note), ""]
        for answer in entry.answers:
            lines += [f"### {answer.question}", "", _demote(answer.text), ""]
        if entry.actions:
            lines += ["### Actions agreed", "", *(f"- {_demote(a)}" for a in entry.actions), ""]
        parts.append("\n".join(lines))
    return "\n".join(parts)


def _demote(text: str) -> str:
    # A user's own '#' lines must not break the document's heading structure.
    return "\n".join("\\" + line if line.startswith("#") else line for line in text.split("\n"))
