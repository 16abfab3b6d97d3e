"""Entries in other shapes: ticli's JSON (docs/json.md), CSV, one Markdown document, and
jrnl's JSON export. Pure conversions; reading and writing files happens in the store."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from ticli.dates import EARLIEST_YEAR
from ticli.errors import UsageError
from ticli.model import Entry, checked_tags, clean_text, has_surrogates, new_entry_id
from ticli.model.fields import FieldError, from_record, indented_json, to_record

CSV_COLUMNS = [
    "date",
    "entry_id",
    "kind",
    "principle",
    "prompt_id",
    "question",
    "answer",
    "tags",
    "rating",
]


class RecordProblem(UsageError):
    """One record of an import that cannot be read; records are counted from 1."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"record {index + 1}: {reason}")
        self.index = index
        self.reason = reason


# ---------------------------------------------------------------- ticli JSON


def entries_to_json(entries: Iterable[Entry]) -> str:
    """A JSON array of entries; the same text for the same entries, every time."""
    return "".join(json_parts(entries))


def json_parts(entries: Iterable[Entry]) -> Iterator[str]:
    """`entries_to_json`, a part at a time (one an entry), for an export never held whole."""
    return json_record_parts(to_record(entry) for entry in entries)


def json_record_parts(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """`json_parts` of entries already made records (`to_record`)."""
    return json_text_parts(indented_json(record, "  ") for record in records)


def json_text_parts(texts: Iterable[str]) -> Iterator[str]:
    """`json_parts` of entries already written as JSON (`model.fields.record_text`), as the
    index keeps them: an export to JSON that neither reads nor writes JSON again."""
    before = "[\n  "
    for text in texts:
        yield before + text
        before = ",\n  "
    yield "[]\n" if before == "[\n  " else "\n]\n"


def entry_from_json(record: Any, index: int) -> Entry:
    """Read one entry object of ticli's JSON; raise RecordProblem saying what is wrong."""
    try:
        entry = from_record(record)
        tags = checked_tags(entry.tags)
    except FieldError as error:
        raise RecordProblem(index, str(error) if error.key != "record" else error.reason) from None
    except UsageError as problem:
        raise RecordProblem(index, problem.message) from None
    return Entry(**{**entry.__dict__, "tags": tags})


class _Record:
    """Checks the fields of one jrnl record, naming the record when one is wrong."""

    def __init__(self, values: Mapping[str, Any], index: int) -> None:
        self.values = values
        self.index = index

    def text(self, key: str, default: str | None = None) -> str:
        value = self.values.get(key, default)
        if not isinstance(value, str):
            raise RecordProblem(self.index, f"'{key}' must be text")
        if has_surrogates(value):
            raise RecordProblem(self.index, f"'{key}' is not valid text")
        return value

    def tags(self, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.values.get("tags", [])
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise RecordProblem(self.index, "'tags' must be a list of text")
        try:
            return checked_tags([*value, *extra])
        except UsageError as problem:
            raise RecordProblem(self.index, problem.message) from None


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


def entries_to_csv(
    entries: Iterable[Entry],
    principle_of: Mapping[str, str],
    rating_words: Callable[[str, int], str] | None = None,
    rating_question: Mapping[str, str] | None = None,
) -> str:
    """One row per answer (and one per free note, action and check-in), newest first as
    given. A check-in's row says it in words ("Energy and capacity: 2 of 5 (between …)")
    with the number alone in the `rating` column, for a spreadsheet's charts."""
    return "".join(csv_parts(entries, principle_of, rating_words, rating_question))


def csv_parts(
    entries: Iterable[Entry],
    principle_of: Mapping[str, str],
    rating_words: Callable[[str, int], str] | None = None,
    rating_question: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """`entries_to_csv`, a part at a time (the heading, then each entry's rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for entry in entries:
        rows: list[list[str]] = []
        day = entry.created.isoformat()
        tags = " ".join(entry.tags)
        if entry.note:
            rows.append([day, entry.id, entry.kind, "", "", "", entry.note, tags, ""])
        for action in entry.actions:
            rows.append([day, entry.id, entry.kind, "", "", "Action agreed", action, tags, ""])
        for rating_id, value in entry.ratings.items():
            words = rating_words(rating_id, value) if rating_words else f"{value} of 5"
            question = (rating_question or {}).get(rating_id, rating_id)
            row = [day, entry.id, entry.kind, "", rating_id, question, words, tags, str(value)]
            rows.append(row)
        for answer in entry.answers:
            principle = principle_of.get(answer.prompt_id, "")
            rows.append(
                [
                    day,
                    entry.id,
                    entry.kind,
                    principle,
                    answer.prompt_id,
                    answer.question,
                    answer.text,
                    tags,
                    "",
                ]
            )
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([csv_cell(cell) for cell in row] for row in rows)
        yield buffer.getvalue()


#: Characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A cell a spreadsheet will show as text: one starting like a formula gets a `'`."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def entries_to_markdown(
    entries: Iterable[Entry],
    title: str = "Reflections",
    rating_words: Callable[[str, int], str] | None = None,
) -> str:
    """One readable Markdown document: a heading per entry, by date."""
    return "".join(markdown_parts(entries, title, rating_words))


def markdown_parts(
    entries: Iterable[Entry],
    title: str = "Reflections",
    rating_words: Callable[[str, int], str] | None = None,
) -> Iterator[str]:
    """`entries_to_markdown`, a part at a time (the title, then each entry)."""
    yield f"# {title}\n"
    for entry in entries:
        heading = f"## {entry.created:%A %d %B %Y, %H:%M} · {entry.kind}"
        lines = [heading, ""]
        if entry.tags:
            lines += ["Tags: " + ", ".join(entry.tags), ""]
        if entry.ratings:
            words = rating_words or (lambda rating_id, value: f"{rating_id}: {value} of 5")
            lines += ["Check-ins:", ""]
            lines += [f"- {words(k, v)}" for k, v in entry.ratings.items()] + [""]
        if entry.note:
            lines += [_demote(entry.note), ""]
        for answer in entry.answers:
            lines += [f"### {_inline(answer.question)}", "", _demote(answer.text), ""]
        if entry.actions:
            lines += ["### Actions agreed", "", *(f"- {_demote(a)}" for a in entry.actions), ""]
        yield "\n" + "\n".join(lines)


def _inline(text: str) -> str:
    # Raw HTML in the user's words is shown as text, never run by a Markdown viewer.
    return html.escape(text, quote=False)


_HEADING_START = re.compile(r"^(\s{0,3})#")


def _demote(text: str) -> str:
    # A user's own '#' lines must not break the document's heading structure, and raw
    # HTML (a <script>, say) is shown as text, never run by a Markdown viewer.
    lines = _inline(text).split("\n")
    return "\n".join(_HEADING_START.sub(r"\1\\#", line) for line in lines)
