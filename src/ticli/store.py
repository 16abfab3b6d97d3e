"""The journal on disk: the entry file format, atomic writes, reading and scanning.

This is the only module that touches journal files. The format is documented
in docs/format.md; keep the two in step.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from ticli.errors import EntryProblem, UsageError
from ticli.model import (
    ENTRY_KINDS,
    RATING_MAX,
    RATING_MIN,
    SLUG,
    Answer,
    Entry,
    Prompt,
    clean_question,
    clean_text,
)
from ticli.tomlfile import key_line, parse_toml

#: Written into every entry; raise it (and teach `parse_entry` the old form) when it changes.
FORMAT_VERSION = 1

FENCE = "+++"
#: Deleted entries wait here, inside the journal, in their year/month folders.
TRASH = ".trash"
DIR_MODE = 0o700
FILE_MODE = 0o600

_HEADING = re.compile(r"^##[ \t]+(?P<question>.*?)[ \t]*\{#(?P<id>" + SLUG.pattern + r")\}[ \t]*$")
# A body line starting with optional backslashes then '#' gets one more backslash
# when written, so no answer line can be mistaken for a heading; reading removes it.
_ESCAPED = re.compile(r"^\\(\\*#)")
_NEEDS_ESCAPE = re.compile(r"^\\*#")
_ENTRY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


# ---------------------------------------------------------------- format


def valid_entry_id(text: str) -> bool:
    """True for text that can be an entry id (and so a file name)."""
    return bool(_ENTRY_ID.fullmatch(text)) and len(text) <= 100


def format_entry(entry: Entry) -> str:
    """Return the text of an entry file."""
    front = [
        f"format = {FORMAT_VERSION}",
        f"id = {_toml_string(entry.id)}",
        # TOML's own date-time type, in ISO 8601 with the UTC offset.
        f"created = {entry.created.isoformat()}",
        f"kind = {_toml_string(entry.kind)}",
        f"tags = {_toml_list(entry.tags)}",
        f"principles = {_toml_list(entry.principles)}",
        f"prompts = {_toml_list(entry.prompt_ids)}",
    ]
    if entry.flagged:
        front.append("flagged = true")
    if entry.actions:
        front.append(f"actions = {_toml_list(entry.actions)}")
    if entry.ratings:
        front += ["", "[ratings]"]
        front += [f"{_toml_key(name)} = {value}" for name, value in entry.ratings.items()]
    parts = [f"{FENCE}\n" + "\n".join(front) + f"\n{FENCE}\n"]
    if entry.note:
        parts.append(_escape(entry.note) + "\n")
    for answer in entry.answers:
        heading = f"## {answer.question} {{#{answer.prompt_id}}}\n"
        parts.append(heading + (f"\n{_escape(answer.text)}\n" if answer.text else ""))
    return "\n".join(parts)


def _toml_string(text: str) -> str:
    # tomli_w knows TOML's escaping rules; let it quote one value.
    return tomli_w.dumps({"v": text})[len("v = ") :].rstrip("\n")


def _toml_key(key: str) -> str:
    return key if SLUG.fullmatch(key) else _toml_string(key)


def _toml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_toml_string(item) for item in items) + "]"


def _escape(text: str) -> str:
    lines = text.split("\n")
    return "\n".join("\\" + line if _NEEDS_ESCAPE.match(line) else line for line in lines)


def _unescape(lines: list[str]) -> str:
    return clean_text("\n".join(_ESCAPED.sub(r"\1", line) for line in lines))


# ---------------------------------------------------------------- parse


def parse_entry(data: bytes, path: str) -> Entry:
    """Read an entry file's bytes; raise EntryProblem naming the line when it is not valid."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise EntryProblem(path, line, "this is not UTF-8 text") from None
    text = text.removeprefix("\ufeff")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if not lines or lines[0].strip() != FENCE:
        raise EntryProblem(path, 1, f"an entry starts with a '{FENCE}' line (the front matter)")
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise EntryProblem(path, 1, f"the front matter has no closing '{FENCE}' line") from None
    front_text = "\n".join(lines[1:close])
    front = parse_toml(front_text, path, first_line=2, problem=EntryProblem)
    fields = _FrontMatter(path, front_text, front)
    fields.check_format()
    note, answers = _parse_body(lines[close + 1 :])
    return Entry(
        id=fields.entry_id(),
        created=fields.created(),
        kind=fields.kind(),
        answers=tuple(answers),
        note=note,
        tags=fields.strings("tags"),
        principles=fields.strings("principles"),
        ratings=fields.ratings(),
        flagged=fields.flag("flagged"),
        actions=fields.strings("actions"),
    )


def _parse_body(lines: list[str]) -> tuple[str, list[Answer]]:
    """Split the body at answer headings: what comes before the first is the free note."""
    note_lines: list[str] = []
    headings: list[re.Match[str]] = []
    bodies: list[list[str]] = []
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            headings.append(heading)
            bodies.append([])
        else:
            (bodies[-1] if bodies else note_lines).append(line)
    answers = [
        Answer(heading["id"], clean_question(heading["question"]), _unescape(body))
        for heading, body in zip(headings, bodies, strict=True)
    ]
    return _unescape(note_lines), answers


@dataclass
class _FrontMatter:
    """Checks each front-matter field, naming its line when it is wrong."""

    path: str
    text: str
    values: dict[str, Any] = field(default_factory=dict)

    def _problem(self, key: str, reason: str) -> EntryProblem:
        line = key_line(self.text, key, first_line=2, one_table=False)
        return EntryProblem(self.path, line, f"'{key}' {reason}")

    def check_format(self) -> None:
        value = self.values.get("format", FORMAT_VERSION)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise self._problem("format", "must be a whole number (this is format 1)")
        if value > FORMAT_VERSION:
            raise self._problem("format", f"is {value}: this entry was written by a newer ticli")

    def entry_id(self) -> str:
        value = self.values.get("id")
        if not isinstance(value, str) or not valid_entry_id(value):
            raise self._problem("id", "must be text of letters, digits, '.', '_' or '-'")
        return value

    def created(self) -> datetime:
        value = self.values.get("created")
        if not isinstance(value, datetime):
            example = "2026-11-23T18:05:00+00:00"
            raise self._problem("created", f"must be a date and time, e.g. {example}")
        try:
            if value.tzinfo is None:
                value = value.astimezone()
        except (ValueError, OverflowError):
            raise self._problem(
                "created", "is a date and time this computer cannot place"
            ) from None
        return value.replace(microsecond=0)

    def kind(self) -> str:
        value = self.values.get("kind", "daily")
        if value not in ENTRY_KINDS:
            raise self._problem("kind", f"must be one of {', '.join(ENTRY_KINDS)}")
        return str(value)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.values.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._problem(key, 'must be a list of text, e.g. ["team", "hard-day"]')
        return tuple(value)

    def flag(self, key: str) -> bool:
        value = self.values.get(key, False)
        if not isinstance(value, bool):
            raise self._problem(key, "must be true or false")
        return value

    def ratings(self) -> dict[str, int]:
        value = self.values.get("ratings", {})
        if not isinstance(value, dict):
            raise self._problem("ratings", "must be a table of name = number")
        ratings: dict[str, int] = {}
        for name, number in value.items():
            ok = isinstance(number, int) and not isinstance(number, bool)
            if not ok or not RATING_MIN <= number <= RATING_MAX:
                scale = f"{RATING_MIN} to {RATING_MAX}"
                raise self._problem(name, f"must be a whole number from {scale}")
            ratings[name] = number
        return ratings


# ---------------------------------------------------------------- editor drafts


def answer_template(prompts: Sequence[Prompt], instructions: str) -> str:
    """A draft for writing answers in an editor: the questions as entry headings."""
    parts = [f"<!-- {instructions} -->\n"]
    parts += [f"## {p.text} {{#{p.id}}}\n\n" for p in prompts]
    return "\n".join(parts)


def write_draft(root: Path, text: str) -> Path:
    """A private draft file in the journal folder (hidden, so never read as an entry)."""
    ensure_dir(root)
    handle, name = tempfile.mkstemp(dir=root, prefix=".draft-", suffix=".md")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    return Path(name)


def read_raw(path: Path) -> str:
    """An entry file exactly as stored."""
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


def read_answer_template(path: Path, instructions: str) -> tuple[str, list[Answer]]:
    """Read a draft back: the text before the first question, and the answers."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            "The draft is not UTF-8 text, so I could not read the answers.",
            hint=f"It is kept at {path}.",
        ) from None
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    lines = [line for line in lines if line.strip() != f"<!-- {instructions} -->"]
    note, answers = _parse_body(lines)
    return note, [answer for answer in answers if answer.text]


# ---------------------------------------------------------------- write


def new_entry_id(created: datetime) -> str:
    """Return an id that sorts by time and stays unique across synced machines."""
    return f"{created:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


def entry_path(root: Path, entry: Entry) -> Path:
    """Where an entry lives: `<journal>/<year>/<month>/<id>.md`."""
    created = entry.created
    return root / f"{created.year:04d}" / f"{created.month:02d}" / f"{entry.id}.md"


def ensure_dir(path: Path) -> None:
    """Create a folder (and its parents) readable only by the user."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace path with data so that a crash leaves either the old file or the new one.

    The temporary file is made in the same folder (so the rename is atomic),
    is private from the start, and is flushed to disk before the rename.
    """
    ensure_dir(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename itself must reach the disk too, or a power cut can undo it.
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def write_entry(root: Path, entry: Entry) -> Path:
    """Write (or rewrite) an entry atomically and return its path."""
    path = entry_path(root, entry)
    atomic_write(path, format_entry(entry).encode("utf-8"))
    return path


# ---------------------------------------------------------------- read


@dataclass
class Scan:
    """What a look through the journal found: entries, and files that could not be read."""

    entries: list[Entry] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[EntryProblem] = field(default_factory=list)


def read_entry(path: Path) -> Entry:
    """Read one entry file; raise EntryProblem when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EntryProblem(str(path), None, f"cannot be read ({error.strerror})") from None
    return parse_entry(data, str(path))


def entry_files(root: Path, since: date | None = None) -> Iterator[Path]:
    """Yield entry files in year/month folders, oldest folder first.

    With `since`, folders of months before it are not even listed, so looking
    at recent entries stays fast however old the journal is.
    """
    if not root.is_dir():
        return
    first = (since.year, since.month) if since else (0, 0)
    for year in _numbered_dirs(root, 4):
        for month in _numbered_dirs(year, 2):
            if (int(year.name), int(month.name)) < first:
                continue
            # Names starting with '.' are temporary files of a write in progress.
            yield from sorted(p for p in month.glob("*.md") if not p.name.startswith("."))


def _numbered_dirs(parent: Path, digits: int) -> list[Path]:
    pattern = re.compile(rf"\d{{{digits}}}")
    return sorted(p for p in parent.iterdir() if p.is_dir() and pattern.fullmatch(p.name))


def scan(root: Path, since: date | None = None, cache_file: Path | None = None) -> Scan:
    """Read every entry (from `since` on, when given), oldest first; collect broken files.

    A full scan may use `cache_file`: entries parsed before, each kept with the
    file's size, times and inode, so any change to a file (an edit, a sync, a
    rename) makes it read again. The cache is only ever a copy: deleting it
    changes nothing but speed, and broken files are never in it.
    """
    found = Scan()
    cache = _EntryCache(cache_file) if cache_file is not None and since is None else None
    for path in entry_files(root, since):
        try:
            entry = cache.get(root, path) if cache is not None else read_entry(path)
        except EntryProblem as problem:
            found.problems.append(problem)
            continue
        if since and entry.created.date() < since:
            continue
        if entry.id in found.paths:
            # A sync tool's conflicted copy, say: name it rather than hide one of the two.
            first = found.paths[entry.id]
            found.problems.append(
                EntryProblem(str(path), None, f"has the same id as {first}; give one a new id")
            )
            continue
        found.entries.append(entry)
        found.paths[entry.id] = path
    found.entries.sort(key=lambda entry: entry.created)
    if cache is not None:
        cache.save()
    return found


CACHE_VERSION = 2


class _EntryCache:
    """Parsed entries keyed by file name and stamp; see `scan`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.changed = False
        try:
            data = json.loads(path.read_bytes())
            if data.get("version") == CACHE_VERSION and isinstance(data.get("files"), dict):
                self.old = data["files"]
        except (OSError, ValueError, AttributeError):
            self.changed = True  # missing or unreadable: rebuilt from the files

    def get(self, root: Path, path: Path) -> Entry:
        try:
            info = path.stat()
        except OSError as error:
            raise EntryProblem(str(path), None, f"cannot be read ({error.strerror})") from None
        stamp = [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]
        name = path.relative_to(root).as_posix()
        record = self.old.get(name)
        if isinstance(record, list) and len(record) == 2 and record[0] == stamp:
            try:
                entry = _entry_from_record(record[1])
                self.new[name] = record
                return entry
            except (TypeError, ValueError, IndexError, KeyError):
                pass
        entry = read_entry(path)
        self.new[name] = [stamp, _entry_to_record(entry)]
        self.changed = True
        return entry

    def save(self) -> None:
        if not self.changed and self.new.keys() == self.old.keys():
            return
        data = json.dumps({"version": CACHE_VERSION, "files": self.new}, ensure_ascii=False)
        # Only ever a speed-up: a cache that cannot be written is simply not written.
        with contextlib.suppress(OSError):
            atomic_write(self.path, data.encode("utf-8"))


def _entry_to_record(entry: Entry) -> list[Any]:
    return [
        entry.id,
        entry.created.isoformat(),
        entry.kind,
        entry.note,
        list(entry.tags),
        list(entry.principles),
        dict(entry.ratings),
        [[a.prompt_id, a.question, a.text] for a in entry.answers],
        entry.flagged,
        list(entry.actions),
    ]


def _entry_from_record(record: list[Any]) -> Entry:
    entry_id, created, kind, note, tags, principles, ratings, answers, flagged, actions = record
    return Entry(
        id=entry_id,
        created=datetime.fromisoformat(created),
        kind=kind,
        answers=tuple(Answer(*answer) for answer in answers),
        note=note,
        tags=tuple(tags),
        principles=tuple(principles),
        ratings=ratings,
        flagged=flagged,
        actions=tuple(actions),
    )


# ---------------------------------------------------------------- trash and edits


def _move(source: Path, target: Path) -> Path:
    """Move a file without ever replacing another; both ends stay on the same disk."""
    if target.exists():
        raise UsageError(f"{target} already exists; I will not replace it.")
    ensure_dir(target.parent)
    os.rename(source, target)
    _fsync_dir(source.parent)
    _fsync_dir(target.parent)
    return target


def trash_entry(root: Path, path: Path) -> Path:
    """Move an entry file into the journal's trash folder; return where it went."""
    return _move(path, root / TRASH / path.relative_to(root))


def trashed_files(root: Path) -> list[Path]:
    """The entry files in the trash, oldest folder first."""
    trash = root / TRASH
    return sorted(trash.rglob("*.md")) if trash.is_dir() else []


def restore_entry(root: Path, trashed: Path) -> Path:
    """Move an entry from the trash back to where it was; return its path."""
    return _move(trashed, root / trashed.relative_to(root / TRASH))


def edit_copy(path: Path) -> Path:
    """A private copy of an entry to edit, beside it; hidden, so no scan reads it."""
    copy = path.with_name(f".{path.stem}.editing.md")
    if copy.exists():
        # Left by an edit that never finished: it may hold words, so keep it, named.
        keep_edit(copy, path)
    atomic_write(copy, path.read_bytes())
    return copy


def accept_edit(copy: Path, path: Path) -> None:
    """Replace the entry with the edited copy, atomically, and remove the copy."""
    atomic_write(path, copy.read_bytes())
    copy.unlink()


def keep_edit(copy: Path, path: Path) -> Path:
    """Keep an edit that could not be saved beside the entry, under a name that says so."""
    target = path.with_name(f"{path.stem}.unsaved-edit.txt")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.stem}.unsaved-edit-{number}.txt")
    return _move(copy, target)


_FLAG_LINE = re.compile(r"^\s*flagged\s*=")


def set_flagged(path: Path, flagged: bool) -> Entry:
    """Mark or unmark an entry by changing only its `flagged` line; the rest of the
    file, hand formatting and all, stays byte for byte as it was."""
    data = path.read_bytes()
    entry = parse_entry(data, str(path))
    if entry.flagged == flagged:
        return entry
    lines = data.decode("utf-8").split("\n")
    ending = "\r" if lines[0].endswith("\r") else ""
    close = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    # Top-level keys come before any [table], so look (and add) only there.
    tables = [i for i in range(1, close) if lines[i].lstrip().startswith("[")]
    top_end = tables[0] if tables else close
    existing = [i for i in range(1, top_end) if _FLAG_LINE.match(lines[i])]
    if existing:
        del lines[existing[0]]
    if flagged:
        lines.insert(1, "flagged = true" + ending)
    new = "\n".join(lines).encode("utf-8")
    changed = parse_entry(new, str(path))
    if changed.flagged != flagged:  # e.g. flagged set twice by hand: leave the file alone
        raise EntryProblem(str(path), None, "its 'flagged' line could not be changed safely")
    atomic_write(path, new)
    return changed
