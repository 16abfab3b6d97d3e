"""Taking the journal elsewhere and bringing entries in: export and import.

An export format is one entry in `formats.EXPORTS`. Every argument is checked before
the privacy review runs, so a review is never wasted on a command that fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ticli import store
from ticli.analysis import formats
from ticli.dates import check_not_future
from ticli.errors import UsageError
from ticli.model import Entry, id_matches_created
from ticli.model.fields import to_record
from ticli.usecases.formats import EXPORTS, IMPORT_FORMATS, ExportFormat, RatingWords
from ticli.usecases.journal import Found, Journal
from ticli.usecases.privacy import Reviewer, guard
from ticli.usecases.read import FilterOptions, list_entries


@dataclass(frozen=True)
class ExportRequest:
    format_name: str
    out: str | None
    options: FilterOptions
    allow_identifiers: bool = False
    rating_words: RatingWords | None = None


@dataclass(frozen=True)
class Exported:
    """What an export did: its text, a part at a time (when it goes to standard output),
    or where it went."""

    count: int
    text: Iterator[str] | None = None
    path: Path | None = None
    problems: tuple[object, ...] = ()


def check_export(journal: Journal, request: ExportRequest) -> tuple[ExportFormat, bool]:
    """Refuse a bad format or --out before anything is read; say whether it is a folder."""
    chosen = EXPORTS.get(request.format_name)
    if chosen is None:
        raise UsageError(
            f"There is no export format '{request.format_name}'.",
            hint=f"Formats: {', '.join(EXPORTS)}.",
        )
    out = request.out
    if out is None:
        return chosen, False
    if not out.strip():
        raise UsageError("--out needs a file or folder name; leave it out to write to the screen.")
    wants_folder = out.endswith("/") or store.is_folder(Path(out))
    if wants_folder and not chosen.folder:
        raise UsageError(
            f"Only --format md exports to a folder; give a file name for --out, not '{out}'."
        )
    store.check_outside(journal.root, Path(out))
    return chosen, wants_folder


def export(
    journal: Journal, today: date, request: ExportRequest, reviewer: Reviewer | None
) -> tuple[Exported, Found]:
    """Export the chosen entries: arguments checked, then the privacy guard, then written."""
    chosen, to_folder = check_export(journal, request)
    journal.library  # noqa: B018 (read now: a broken prompt library is said before any output)
    # Read from the index as they are written out: a big journal is never held whole.
    found = list_entries(journal, today, request.options, lazily=True)
    reviewed = guard(journal, "The export", found, request.allow_identifiers, reviewer)

    def entries(newest_first: bool = True) -> Iterator[Entry]:
        source = found.entries if newest_first else reversed(found.entries)
        return (reviewed.get(e.id, e) for e in source)

    count = len(found.entries)
    if to_folder and request.out is not None:
        folder = Path(request.out)
        for entry in entries():
            source = found.paths[entry.id]
            target = folder / source.parent.parent.name / source.parent.name / source.name
            data = (
                store.format_entry(entry).encode("utf-8")
                if entry.id in reviewed
                else store.read_raw(source)
            )
            store.write_outside(journal.root, target, data)
        return Exported(count, path=folder), found
    lazy = found.entries if isinstance(found.entries, store.LazyEntries) else None
    if chosen.render_texts is not None and lazy is not None and not reviewed:
        parts = chosen.render_texts(lazy.record_texts(newest_first=False))
    elif chosen.render_records is not None and lazy is not None:
        # The records as the index keeps them, for all but the entries changed in review.
        records = (
            to_record(reviewed[r["id"]]) if r.get("id") in reviewed else r
            for r in lazy.records(newest_first=False)
        )
        parts = chosen.render_records(records)
    else:
        parts = chosen.render(journal, entries(newest_first=False), request.rating_words)
    if request.out is None:
        return Exported(count, text=parts), found
    encoded = (part.encode("utf-8") for part in parts)
    store.write_outside(journal.root, Path(request.out), encoded)
    return Exported(count, path=Path(request.out)), found


class PlainRefused(UsageError):
    """An encrypted journal's words would go into a plain file the user did not ask for."""


def refuse_plain(journal: Journal, plain: bool, what: str) -> bool:
    """With encryption on, a plain file is written only with --unencrypted; True when the
    journal is encrypted (and the user said so), so the command says so after."""
    from ticli.store import vault

    if not vault.is_encrypted(journal.root):
        return False
    if not plain:
        raise PlainRefused(
            f"Your journal is encrypted, and {what} is plain text.",
            hint="Add --unencrypted if that is what you want (then keep the file safe), "
            "or read it on screen instead.",
        )
    return True


def write_document(journal: Journal, path: Path, text: str) -> None:
    """Write a summary or brief to a file outside the journal, privately and atomically."""
    store.write_outside(journal.root, path, text.encode("utf-8"))


# ---------------------------------------------------------------- import


@dataclass
class ImportPlan:
    """What an import would do: the entries it would add and those already in the journal."""

    format_name: str
    new: list[Entry]
    already: list[Entry]
    guessed: bool = False


def _records(data: bytes, source: str) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise UsageError(f"{source} is not UTF-8 text (byte {error.start + 1}).") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{source}, line {error.lineno}: this is not valid JSON ({error.msg})."
        ) from None
    except RecursionError:
        raise UsageError(f"{source} is nested too deeply to be an export.") from None


def read_import(values: object, source: str, format_name: str, now: datetime) -> list[Entry]:
    """The entries of an export, every record checked by the same rules as `--at`."""
    if format_name == "jrnl-json":
        return formats.entries_from_jrnl(values, now)
    if not isinstance(values, list):
        raise UsageError(
            f"{source} is neither a ticli JSON export (a list of entries) "
            "nor a jrnl JSON export (an object with 'entries')."
        )
    entries = [formats.entry_from_json(record, i) for i, record in enumerate(values)]
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.id in seen:
            raise formats.RecordProblem(index, f"has the same id as record {seen[entry.id] + 1}")
        seen[entry.id] = index
        try:
            check_not_future(entry.created, now)
        except UsageError as problem:
            raise formats.RecordProblem(index, problem.message) from None
        if not id_matches_created(entry.id, entry.created):
            raise formats.RecordProblem(
                index, f"its id '{entry.id}' is for another time than 'created'"
            )
    return entries


def plan_import(
    journal: Journal, data: bytes, source: str, format_name: str | None, now: datetime
) -> ImportPlan:
    """Read and check every record first; any bad record stops the whole import."""
    if format_name is not None and format_name not in IMPORT_FORMATS:
        raise UsageError(
            f"There is no import format '{format_name}'.",
            hint=f"Formats: {', '.join(IMPORT_FORMATS)}.",
        )
    values = _records(data, source)
    detected = "jrnl-json" if isinstance(values, dict) and "entries" in values else "ticli-json"
    chosen = format_name or detected
    try:
        entries = read_import(values, source, chosen, now)
    except UsageError as problem:
        if format_name is None:
            other = next(f for f in IMPORT_FORMATS if f != chosen)
            raise UsageError(
                f"{source} (read as {chosen}): {problem.message}",
                hint=f"If it is another format, say so: --format {other}.",
            ) from None
        raise UsageError(f"{source} ({chosen}): {problem.message}") from None
    existing = journal.scan().entries
    known_ids = {e.id for e in existing}
    known_content = {_content_key(e) for e in existing}
    plan = ImportPlan(chosen, [], [], guessed=format_name is None)
    for entry in entries:
        duplicate = entry.id in known_ids or _content_key(entry) in known_content
        (plan.already if duplicate else plan.new).append(entry)
        # The same record twice in one file is one entry.
        known_content.add(_content_key(entry))
    return plan


def _content_key(entry: Entry) -> tuple[object, ...]:
    # The same moment and the same words: the same entry, whatever id it was given.
    return (entry.created, entry.kind, entry.note, entry.answers)


def apply_import(journal: Journal, plan: ImportPlan) -> list[Path]:
    """Write the new entries, never over a file; if any write fails, take back the files
    this import wrote (their words are still in the file being imported)."""
    written: list[Path] = []
    try:
        for entry in plan.new:
            try:
                written.append(store.create_entry(journal.root, entry))
            except store.AlreadyThere:
                path = store.entry_path(journal.root, entry)
                raise UsageError(f"{path} already exists; nothing was imported.") from None
    except BaseException:
        for path in written:
            store.undo_create(path)
        raise
    return written


def import_file(
    journal: Journal, file: Path, format_name: str | None, now: datetime, dry_run: bool
) -> ImportPlan:
    """`ticli import`: plan it, and carry it out unless it is a dry run."""
    plan = plan_import(journal, store.read_file(file), str(file), format_name, now)
    if not dry_run:
        apply_import(journal, plan)
    return plan
