"""An entry's fields, defined once.

The front matter of an entry file, the JSON export and import, the index and
the CSV export all read and write an entry's metadata through `FIELDS`: adding
a field is one change here (and one line in docs/format.md and docs/json.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from ticli.dates import EARLIEST_YEAR
from ticli.model.entry import (
    ACTIVITY_KINDS,
    ENTRY_KINDS,
    MAX_ACTIVITY_HOURS,
    RATING_MAX,
    RATING_MIN,
    SLUG,
    Answer,
    Entry,
    clean_question,
    clean_text,
)
from ticli.model.rules import has_surrogates, valid_entry_id, valid_rating

#: The version of the entry format, in files and in JSON. Raise it (and teach the
#: readers the old form) when the shape changes.
FORMAT_VERSION = 1


class FieldError(ValueError):
    """A field's value is not as documented. `key` is the field (or rating) at fault."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"'{key}' {reason}")
        self.key = key
        self.reason = reason


def _id(value: Any) -> str:
    if not isinstance(value, str) or not valid_entry_id(value):
        raise FieldError("id", "must be text of letters, digits, '.', '_' or '-'")
    return value


def _created(value: Any) -> datetime:
    """A date and time: TOML's own (files), or ISO 8601 text (JSON, where records are
    converted before this check); a time with no offset is local."""
    example = "2026-11-23T18:05:00+00:00"
    if isinstance(value, str) and _TEXT_TIMES.get():
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise FieldError("created", f"must be a date and time, e.g. {example}") from None
    if not isinstance(value, datetime):
        raise FieldError("created", f"must be a date and time, e.g. {example}")
    if _TEXT_TIMES.get() and value.year < EARLIEST_YEAR:
        raise FieldError("created", f"is before {EARLIEST_YEAR}; is there a typo?")
    try:
        if value.tzinfo is None:
            value = value.astimezone()
    except (ValueError, OverflowError):
        raise FieldError("created", "is a date and time this computer cannot place") from None
    moment: datetime = value.replace(microsecond=0)
    return moment


def _kind(value: Any) -> str:
    if value not in ENTRY_KINDS:
        raise FieldError("kind", f"must be one of {', '.join(ENTRY_KINDS)}")
    return str(value)


def _strings(key: str) -> Callable[[Any], tuple[str, ...]]:
    def check(value: Any) -> tuple[str, ...]:
        good = isinstance(value, list | tuple) and all(
            isinstance(item, str) and not has_surrogates(item) for item in value
        )
        if not good:
            raise FieldError(key, 'must be a list of text, e.g. ["team", "hard-day"]')
        return tuple(value)

    return check


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError("flagged", "must be true or false")
    return value


def _ratings(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise FieldError("ratings", "must be a table of name = number")
    for name, number in value.items():
        if not valid_rating(number):
            raise FieldError(str(name), f"must be a whole number from {RATING_MIN} to {RATING_MAX}")
    return dict(value)


def _activity(value: Any) -> str:
    if value not in ("", *ACTIVITY_KINDS):
        raise FieldError("activity", f"must be one of {', '.join(ACTIVITY_KINDS)}")
    return str(value)


def _hours(key: str) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not 0 <= value <= MAX_ACTIVITY_HOURS:  # NaN fails this too
            limit = f"{MAX_ACTIVITY_HOURS:g}"
            raise FieldError(key, f"must be a number of hours from 0 to {limit}, e.g. 1.5")
        return round(float(value), 2)

    return check


def _line(key: str, longest: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        good = isinstance(value, str) and not has_surrogates(value) and len(value) <= longest
        if not good or "\n" in value or "\r" in value:
            raise FieldError(key, f"must be one line of text, at most {longest} characters")
        return str(value)

    return check


def _source(value: Any) -> str:
    if value != "" and (not isinstance(value, str) or not valid_entry_id(value)):
        raise FieldError("source", "must be an entry's id")
    return str(value)


@dataclass(frozen=True)
class Field:
    """One field of an entry's metadata: its name, how to check it, and its default."""

    name: str
    check: Callable[[Any], Any]
    #: None: the field must be given.
    default: Any = None
    #: Written to a file even when it has its default value.
    always: bool = True
    #: Only some kinds of entry have it: left out of JSON, too, while it has its default.
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None


FIELDS: tuple[Field, ...] = (
    Field("id", _id),
    Field("created", _created),
    Field("kind", _kind, "daily"),
    Field("tags", _strings("tags"), ()),
    Field("principles", _strings("principles"), ()),
    Field("flagged", _flag, False, always=False),
    Field("actions", _strings("actions"), (), always=False),
    Field("activity", _activity, "", always=False, optional=True),
    Field("hours", _hours("hours"), 0.0, always=False, optional=True),
    Field("participatory", _hours("participatory"), 0.0, always=False, optional=True),
    Field("role", _line("role", 80), "", always=False, optional=True),
    Field("themes", _strings("themes"), (), always=False, optional=True),
    Field("source", _source, "", always=False, optional=True),
    # A table: written last in the front matter, as TOML requires.
    Field("ratings", _ratings, {}, always=False),
)


def field_values(entry: Entry) -> dict[str, Any]:
    """An entry's metadata by field name (Python values)."""
    return {f.name: getattr(entry, f.name) for f in FIELDS}


def written_fields(entry: Entry) -> list[tuple[str, Any]]:
    """The fields a file holds for this entry, in order: those with a value worth writing."""
    values = field_values(entry)
    return [(f.name, values[f.name]) for f in FIELDS if f.always or values[f.name] != f.default]


#: True while a JSON record is read: its times are ISO 8601 text, and must be after 1900.
_TEXT_TIMES: ContextVar[bool] = ContextVar("text_times", default=False)


def checked_fields(values: Mapping[str, Any], text_times: bool = False) -> dict[str, Any]:
    """Check every field of `values` (missing ones take their default); raise FieldError.

    A file's `created` is TOML's own date-time type; with `text_times` (JSON) it is
    ISO 8601 text.
    """
    token = _TEXT_TIMES.set(text_times)
    try:
        checked: dict[str, Any] = {}
        for f in FIELDS:
            if f.name not in values and f.required:
                f.check(None)  # raises, naming the field
            checked[f.name] = f.check(values.get(f.name, f.default))
        return checked
    finally:
        _TEXT_TIMES.reset(token)


def make_entry(fields: Mapping[str, Any], answers: tuple[Answer, ...], note: str) -> Entry:
    """An entry from checked fields and its body."""
    return Entry(answers=answers, note=note, **fields)


# ---------------------------------------------------------------- records (JSON, index)


def to_record(entry: Entry) -> dict[str, Any]:
    """An entry as a JSON object, in the shape docs/json.md documents."""
    record: dict[str, Any] = {"format": FORMAT_VERSION}
    skipped = {f.name for f in FIELDS if f.optional and getattr(entry, f.name) == f.default}
    for name, value in field_values(entry).items():
        if name in skipped:
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Mapping):
            value = dict(value)
        record[name] = value
    record["note"] = entry.note
    record["answers"] = [
        {"prompt_id": a.prompt_id, "question": a.question, "text": a.text} for a in entry.answers
    ]
    # The documented order (docs/json.md): the body after the metadata it describes.
    first = [k for k in RECORD_ORDER if k in record]
    return {key: record[key] for key in [*first, *(k for k in record if k not in first)]}


#: The order of an entry's keys in JSON, as docs/json.md shows it.
RECORD_ORDER = (
    "format",
    "id",
    "created",
    "kind",
    "tags",
    "principles",
    "ratings",
    "note",
    "answers",
    "flagged",
    "actions",
)


def _naive(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is None
    except ValueError:
        return False  # not a date at all: the field check says what is wrong


def from_record(record: Any, strict_time: bool = True) -> Entry:
    """Read an entry object made by `to_record`; raise FieldError saying what is wrong.

    With `strict_time`, a `created` without a UTC offset is refused (an export
    always has one; guessing the zone of a record from elsewhere could move it).
    """
    if not isinstance(record, Mapping):
        raise FieldError("record", "is not a JSON object")
    version = record.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise FieldError("format", f"is {version!r}; this ticli reads format {FORMAT_VERSION}")
    for key in ("id", "created", "kind", "note"):
        required = key != "note"
        if (required or key in record) and not isinstance(record.get(key), str):
            raise FieldError(key, "must be text")
    created = record.get("created")
    if strict_time and isinstance(created, str) and _naive(created):
        raise FieldError("created", "needs a UTC offset, e.g. 2026-11-23T18:05:00+00:00")
    fields = checked_fields(record, text_times=True)
    answers = record.get("answers", [])
    if not isinstance(answers, list):
        raise FieldError("answers", "must be a list")
    read: list[Answer] = []
    for number, answer in enumerate(answers):
        if not isinstance(answer, Mapping):
            raise FieldError(f"answer {number}", "is not an object")
        values = [answer.get(k) for k in ("prompt_id", "question", "text")]
        texts = [v for v in values if isinstance(v, str) and not has_surrogates(v)]
        if len(texts) != len(values):
            raise FieldError(f"answer {number}", "needs prompt_id, question and text as text")
        prompt_id, question, text = texts
        if not SLUG.fullmatch(prompt_id):
            raise FieldError(f"answer {number}", f"has '{prompt_id}', which is not a prompt id")
        read.append(Answer(prompt_id, clean_question(question), clean_text(text)))
    note = record.get("note", "")
    if has_surrogates(note):
        raise FieldError("note", "is not valid text")
    fields["actions"] = tuple(clean_text(a) for a in fields["actions"])
    return make_entry(fields, tuple(read), clean_text(note))


#: Each field's name, whether it may be left out, and its default, for from_trusted_record.
_TRUSTED = tuple((f.name, f.optional, f.default) for f in FIELDS)
#: The fields kept as tuples (a list in JSON).
_LISTED = tuple(f.name for f in FIELDS if isinstance(f.default, tuple))
if {f.name for f in FIELDS} | {"answers", "note"} != set(Entry.__dataclass_fields__):
    raise RuntimeError("FIELDS and Entry's fields differ: from_trusted_record needs them all")


def from_trusted_record(record: Mapping[str, Any]) -> Entry:
    """An entry from a record ticli wrote itself and checked then (the cache): built
    field by field without checking again, so reading a large journal stays fast.
    Raises KeyError, TypeError or ValueError when the record is not such a record."""
    values = {
        name: record.get(name, default) if optional else record[name]
        for name, optional, default in _TRUSTED
    }
    values["created"] = datetime.fromisoformat(values["created"])
    for name in _LISTED:
        if isinstance(values[name], list):
            values[name] = tuple(values[name])
    values["answers"] = tuple(
        _made(Answer, {"prompt_id": a["prompt_id"], "question": a["question"], "text": a["text"]})
        for a in record["answers"]
    )
    values["note"] = record["note"]
    return _made(Entry, values)


_Made = TypeVar("_Made")


def _made(kind: type[_Made], values: dict[str, Any]) -> _Made:
    """A frozen dataclass given the values of all its fields at once, without calling its
    __init__, which sets them one by one (a third of the time to read four thousand
    entries from the index). Only for values that are every field, checked before."""
    made = object.__new__(kind)
    object.__setattr__(made, "__dict__", values)
    return made


def record_text(entry: Entry) -> str:
    """`to_record` as JSON text, as the index keeps it and an export to JSON writes it (at
    the depth of an entry in the export's list)."""
    return indented_json(to_record(entry), "  ")


_STRING = json.encoder.encode_basestring


def indented_json(value: Any, pad: str = "") -> str:
    """The text `json.dumps(value, ensure_ascii=False, indent=2)` gives, made several times
    faster (Python's own encoder is slow with `indent`): for JSON's own types only."""
    if isinstance(value, str):
        return str(_STRING(value))
    if value is None or isinstance(value, bool):
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, int):
        return int.__repr__(value)
    inner = pad + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{_STRING(k)}: {indented_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + indented_json(v, inner) for v in value) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)  # a float: json's own spelling
