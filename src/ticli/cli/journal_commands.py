"""Commands for living with the journal: list, show, search, edit, delete, restore,
export, import. Each parses options, calls one use case and renders the result."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ticli.cli.options import (
    AllowIdentifiers,
    AsJson,
    Kind,
    Limit,
    Principle,
    Since,
    Tags,
    Unencrypted,
    Until,
    filter_options,
    opened,
    report_skipped,
    reports_errors,
)
from ticli.dates import local_now
from ticli.errors import UsageError

# Only the names of the formats, for the help: each command imports the use case and
# the renderers it needs when it runs, so that one command does not load them all.
from ticli.usecases.formats import EXPORTS, IMPORT_FORMATS

if TYPE_CHECKING:
    from ticli.model import Rating


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
    """List entries, newest first.

    Each line: date, kind, first words, tags and id.

    Example: ticli list --since 2w --tag team
    """
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.render import listing
    from ticli.usecases import read

    options = filter_options(since, until, tag, principle, kind, limit)
    journal = opened()
    found = read.list_entries(journal, local_now().date(), options)
    report_skipped(found.problems)
    if as_json:
        typer.echo(render_entries.entries_json(found.entries), nl=False)
        return
    out = render.console()
    if not found.entries:
        render_entries.empty_journal(out, options.narrowed)
        return

    def ratings() -> Mapping[str, Rating]:
        return journal.library.ratings

    if not out.is_terminal:
        # Piped: the same lines, without styles, written at once (thousands, say).
        lines = listing.entry_lines(found.entries, listing.pipe_width(), ratings)
        typer.echo(listing.plain_text(lines))
        return
    out.print(
        listing.styled(listing.entry_lines(found.entries, out.width, ratings)), soft_wrap=True
    )


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
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.usecases.journal import find_entry
    from ticli.usecases.read import entry_as_stored

    journal = opened()
    if raw:
        render_entries.raw_file(render.console(), entry_as_stored(journal, entry_id, last))
        return
    entry, _ = find_entry(journal, entry_id, last=last)
    if as_json:
        typer.echo(render_entries.entries_json([entry]), nl=False)
    else:
        out = render.console()
        view = render_entries.entry_view(entry, journal.library, out.is_terminal)
        out.print(view, soft_wrap=False)


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
    """Search answers, notes and tags.

    Case and accents don't matter ("cafe" finds "café").

    Example: ticli search "boundaries" --since 3m
    """
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.usecases import read

    options = filter_options(since, until, tag, principle, kind, limit)
    journal = opened()
    results, found = read.search_entries(journal, local_now().date(), options, text, regex)
    report_skipped(found.problems)
    if as_json:
        typer.echo(render_entries.entries_json([match.entry for match in results]), nl=False)
        return
    out = render.console()
    if not results:
        render_entries.no_search_results(out, regex)
        return
    if not out.is_terminal:
        # Piped: the same lines, unwrapped (one match per line, for grep) and made quickly.
        typer.echo(render_entries.search_results_plain(results), nl=False)
        return
    out.print(render_entries.search_results(results), soft_wrap=False)


@reports_errors
def edit(
    entry_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The entry's id, or the start of it.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Edit the newest entry.")] = False,
) -> None:
    """Edit an entry; it is checked before it is saved.

    It opens in $VISUAL / $EDITOR.

    Example: ticli edit 20261123-1805
    """
    from ticli.cli import terminal
    from ticli.cli.editor import edit_in_editor
    from ticli.cli.terminal import ask_yes_no
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.usecases.change import begin_edit, resume_unsaved

    journal = opened()
    # An entry that cannot be read can be opened too: it is what someone may want to mend.
    edit = begin_edit(journal, entry_id, last=last)
    out = render.console()
    in_terminal = terminal.stdin_is_terminal()
    if edit.kept_before and in_terminal:
        render_entries.unsaved_edit_found(out, edit.kept_before[0])
        if ask_yes_no(render_entries.RESUME_QUESTION, default=True):
            resume_unsaved(edit)
    ask = (lambda: ask_yes_no(render_entries.EDIT_AGAIN, default=True)) if in_terminal else None
    edit_in_editor(journal, edit, out, ask)


@reports_errors
def delete(
    entry_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The entry's id, or the start of it.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Delete the newest entry.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
) -> None:
    """Move an entry to the trash.

    It stays inside the journal; ticli restore brings it back.

    Example: ticli delete 20261123-1805 --yes
    """
    from ticli.cli import terminal
    from ticli.cli.terminal import ask_yes_no
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.usecases.change import delete_entry
    from ticli.usecases.journal import find_entry

    journal = opened()
    entry, path = find_entry(journal, entry_id, last=last)
    out = render.console()
    if not yes:
        if not terminal.stdin_is_terminal():
            raise UsageError("Deleting asks for confirmation; add --yes to delete without asking.")
        view = render_entries.entry_view(entry, journal.library, out.is_terminal)
        out.print(view, soft_wrap=False)
        if not ask_yes_no(render_entries.DELETE_QUESTION, default=False):
            render_entries.kept(out)
            return
    render_entries.trashed(out, entry, delete_entry(journal, path))


@reports_errors
def restore(
    entry_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The id (or its start) of a deleted entry.")
    ] = None,
    last: Annotated[
        bool, typer.Option("--last", help="Restore the entry deleted most recently.")
    ] = False,
) -> None:
    """Bring a deleted entry back from the trash.

    Example: ticli restore 20261123-1805, or ticli restore --last
    """
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.usecases.change import restore_entry

    path = restore_entry(opened(), entry_id, last=last)
    render_entries.restored(render.console(), path)


@reports_errors
def trash() -> None:
    """Show what is in the trash.

    Most recently deleted first, with dates and first words.

    Example: ticli trash
    """
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.usecases.change import trash_contents

    render_entries.trash_listing(render.console(), trash_contents(opened()))


@reports_errors
def export(
    format_name: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help=f"One of: {', '.join(EXPORTS)}."),
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
    allow_identifiers: AllowIdentifiers = False,
    unencrypted: Unencrypted = False,
) -> None:
    """Export entries: Markdown, a folder, JSON or CSV.

    Details that may identify someone are reviewed first.

    Example: ticli export --format json --out reflections.json --since 1y
    """
    from ticli.cli import terminal
    from ticli.cli.terminal import reviewer
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.render import review as render_review
    from ticli.usecases import exchange
    from ticli.usecases.exchange import ExportRequest
    from ticli.usecases.privacy import IdentifiersFound

    journal = opened()
    said_plain = exchange.refuse_plain(journal, unencrypted, "an export")
    options = filter_options(since, until, tag, principle, kind, limit)

    def rating_words(rating_id: str, value: int) -> str:
        return render.checkin_words(journal.library.ratings.get(rating_id), rating_id, value)

    request = ExportRequest(format_name, out, options, allow_identifiers, rating_words)
    ask = reviewer(render.console(stderr=True)) if terminal.stdin_is_terminal() else None
    try:
        done, found = exchange.export(journal, local_now().date(), request, ask)
    except IdentifiersFound as refused:
        render_review.findings_report(render.console(stderr=True), refused.findings, refused.paths)
        raise
    report_skipped(found.problems)
    if done.text is not None:
        render_entries.document(render.console(), done.text)
    elif done.path is not None:
        render_entries.exported(render.console(), done.count, done.path)
    if said_plain:
        from ticli.render import encryption as render_encryption

        render_encryption.plain_written(render.console(stderr=True))


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
    """Import entries from jrnl or from ticli's JSON.

    From jrnl: jrnl --export json > jrnl.json.

    Example: ticli import jrnl.json --dry-run
    """
    from ticli.render import console as render
    from ticli.render import entries as render_entries
    from ticli.usecases.exchange import import_file

    plan = import_file(opened(), file, format_name, local_now(), dry_run)
    render_entries.import_report(render.console(), plan, dry_run)


COMMANDS: dict[str, Callable[..., Any]] = {
    "list": list_entries,
    "show": show,
    "search": search_entries,
    "edit": edit,
    "delete": delete,
    "restore": restore,
    "trash": trash,
    "export": export,
    "import": import_entries,
}
