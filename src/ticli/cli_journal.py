"""Commands for living with the journal: list, show, search, edit, delete, restore,
export, import. Each parses options, calls one use case and renders the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from ticli import render
from ticli.cli_shared import (
    AsJson,
    Kind,
    Limit,
    Principle,
    Since,
    Tags,
    Until,
    guard,
    report_skipped,
    reports_errors,
)
from ticli.dates import local_now
from ticli.errors import UsageError
from ticli.interactive import ask_yes_no, edit_entry, stdin_is_terminal
from ticli.journal import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    BrokenEntry,
    Found,
    Journal,
    apply_import,
    check_export_format,
    delete_entry,
    entry_as_stored,
    export_text,
    export_to_folder,
    find_entry,
    make_filters,
    open_journal,
    plan_import,
    read_entries,
    restore_entry,
    write_export,
)
from ticli.model import Entry
from ticli.query import Matcher, search


def _read(
    since: str | None,
    until: str | None,
    tag: list[str] | None,
    principle: str | None,
    kind: str | None,
    limit: int | None,
) -> tuple[Journal, Found, bool]:
    journal = open_journal()
    filters = make_filters(journal, local_now().date(), since, until, tag, principle, kind, limit)
    found = read_entries(journal, filters)
    report_skipped(found.problems)
    filtered = any(v is not None for v in (since, until, principle, kind)) or bool(tag)
    return journal, found, filtered


@reports_errors
def list_entries(
    since: Since = None,
    until: Until = None,
    tag: Tags = None,
    principle: Principle = None,
    kind: Kind = None,
    limit: Limit = None,
    as_json: AsJson = False,
) -> None:
    """List entries, newest first: date, kind, first words, tags and id.

    Example: ticli list --since 2w --tag team
    """
    _, found, filtered = _read(since, until, tag, principle, kind, limit)
    if as_json:
        typer.echo(render.entries_json(found.entries), nl=False)
        return
    out = render.console()
    if not found.entries:
        render.empty_journal(out, filtered)
        return
    out.print(render.entry_lines(found.entries, out.width), soft_wrap=True)


@reports_errors
def show(
    entry_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The entry's id, or the start of it.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Show the newest entry.")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Print the file exactly as stored.")] = False,
    as_json: AsJson = False,
) -> None:
    """Show one entry, rendered for reading.

    Example: ticli show 20261123 (any unambiguous start of an id), or ticli show --last
    """
    journal = open_journal()
    entry, path = find_entry(journal, entry_id, last=last)
    if raw:
        typer.echo(entry_as_stored(path), nl=False)
    elif as_json:
        typer.echo(render.entries_json([entry]), nl=False)
    else:
        names = {p.id: p.name for p in journal.library.principles.values()}
        out = render.console()
        out.print(render.entry_view(entry, names, out.is_terminal), soft_wrap=False)


@reports_errors
def search_entries(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What to look for.")],
    regex: Annotated[
        bool, typer.Option("--regex", "-e", help="TEXT is a regular expression.")
    ] = False,
    since: Since = None,
    until: Until = None,
    tag: Tags = None,
    principle: Principle = None,
    kind: Kind = None,
    limit: Limit = None,
    as_json: AsJson = False,
) -> None:
    """Search answers, notes and tags; case and accents don't matter ("cafe" finds "café").

    Example: ticli search "boundaries" --since 3m
    """
    matcher = Matcher(text, regex=regex)
    _, found, _ = _read(since, until, tag, principle, kind, None)
    results = search(found.entries, matcher)[:limit]
    if as_json:
        typer.echo(render.entries_json([entry for entry, _ in results]), nl=False)
        return
    out = render.console()
    if not results:
        render.no_search_results(out)
        return
    out.print(render.search_results(results), soft_wrap=False)


@reports_errors
def edit(
    entry_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The entry's id, or the start of it.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Edit the newest entry.")] = False,
) -> None:
    """Edit an entry in $VISUAL / $EDITOR; it is checked before it is saved.

    Example: ticli edit 20261123-1805
    """
    journal = open_journal()
    entry: Entry | None
    try:
        entry, path = find_entry(journal, entry_id, last=last)
    except BrokenEntry as broken:
        # An entry that cannot be read is exactly what someone may want to mend.
        entry, path = None, Path(broken.problem.path)
    out = render.console()
    ask = (lambda: ask_yes_no(render.EDIT_AGAIN, default=True)) if stdin_is_terminal() else None
    edit_entry(journal, entry, path, out, ask)


@reports_errors
def delete(
    entry_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The entry's id, or the start of it.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Delete the newest entry.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
) -> None:
    """Move an entry to the trash inside the journal (ticli restore brings it back).

    Example: ticli delete 20261123-1805 --yes
    """
    journal = open_journal()
    entry, path = find_entry(journal, entry_id, last=last)
    out = render.console()
    if not yes:
        if not stdin_is_terminal():
            raise UsageError("Deleting asks for confirmation; add --yes to delete without asking.")
        names = {p.id: p.name for p in journal.library.principles.values()}
        out.print(render.entry_view(entry, names, out.is_terminal), soft_wrap=False)
        if not ask_yes_no(render.DELETE_QUESTION, default=False):
            render.kept(out)
            return
    render.trashed(out, entry, delete_entry(journal, path))


@reports_errors
def restore(
    entry_id: Annotated[
        str, typer.Argument(metavar="ID", help="The id (or its start) of a deleted entry.")
    ],
) -> None:
    """Bring a deleted entry back from the trash.

    Example: ticli restore 20261123-1805
    """
    render.restored(render.console(), restore_entry(open_journal(), entry_id))


@reports_errors
def export(
    format_name: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help=f"One of: {', '.join(EXPORT_FORMATS)}."
        ),
    ] = "md",
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Write here instead of to standard output. "
            "With --format md, a folder (ending in /) gets one file per entry.",
        ),
    ] = None,
    since: Since = None,
    until: Until = None,
    tag: Tags = None,
    principle: Principle = None,
    kind: Kind = None,
    limit: Limit = None,
    allow_identifiers: Annotated[
        bool,
        typer.Option("--allow-identifiers", help="Write even if details may identify someone."),
    ] = False,
) -> None:
    """Export entries as one Markdown document, a folder of files, JSON or CSV.

    Example: ticli export --format json --out reflections.json --since 1y
    """
    check_export_format(format_name)
    journal, found, _ = _read(since, until, tag, principle, kind, limit)
    reviewed = guard(journal, "The export", found, allow_identifiers)
    if reviewed:
        found = replace(found, entries=[reviewed.get(e.id, e) for e in found.entries])
    out_path = Path(out) if out else None
    if out and out.endswith("/") and format_name != "md":
        raise UsageError("Only --format md exports to a folder; give a file name for --out.")
    if format_name == "md" and out and out_path and (out.endswith("/") or out_path.is_dir()):
        count = export_to_folder(journal, found, out_path, frozenset(reviewed))
        render.exported(render.console(), count, out_path)
        return
    text = export_text(journal, list(reversed(found.entries)), format_name)
    if out_path is None:
        typer.echo(text, nl=False)
        return
    write_export(journal, out_path, text)
    render.exported(render.console(), len(found.entries), out_path)


@reports_errors
def import_entries(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON export from jrnl or from ticli.")
    ],
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{' or '.join(IMPORT_FORMATS)}; recognised when not given.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would happen; write nothing.")
    ] = False,
) -> None:
    """Import entries from jrnl (jrnl --export json) or from ticli's own JSON export.

    Example: ticli import jrnl.json --dry-run
    """
    journal = open_journal()
    try:
        data = file.read_bytes()
    except OSError as error:
        raise UsageError(f"I could not read {file} ({error.strerror}).") from None
    plan = plan_import(journal, data, str(file), format_name, local_now())
    if not dry_run:
        apply_import(journal, plan)
    render.import_report(render.console(), plan, dry_run)


COMMANDS: dict[str, Callable[..., Any]] = {
    "list": list_entries,
    "show": show,
    "search": search_entries,
    "edit": edit,
    "delete": delete,
    "restore": restore,
    "export": export,
    "import": import_entries,
}
