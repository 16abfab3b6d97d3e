"""Commands for after a session and for supervision: session, flag, supervision done,
brief, and the privacy guard's check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ticli.cli.options import (
    AllowIdentifiers,
    Answers,
    At,
    Editor,
    EntryTags,
    Kind,
    Principle,
    Rates,
    Since,
    Tags,
    Unencrypted,
    Until,
    filter_options,
    opened,
    reflect,
    refuse_stray,
    report_skipped,
    reports_errors,
)
from ticli.dates import local_now, parse_moment

if TYPE_CHECKING:
    from ticli.usecases.write import Plan

supervision = typer.Typer(
    help="Record supervision sessions.\n\nExample: ticli supervision done --action 'Plan ending'",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@reports_errors
def session(
    ctx: typer.Context,
    flag: Annotated[bool, typer.Option("--flag", help="Mark the entry for supervision.")] = False,
    editor: Editor = False,
    answer: Answers = None,
    rate: Rates = None,
    tag: EntryTags = None,
    at: At = None,
) -> None:
    """Reflect after a session: what happened, what next.

    What happened, what I noticed, what was strong, what next.

    Example: ticli session --flag
    """
    from ticli.usecases.write import plan_session

    refuse_stray(ctx.args, answer, rate)
    now = local_now()
    journal = opened()

    def plan() -> Plan:
        return plan_session(journal)

    reflect(journal, now, "session", plan, editor, (answer, rate, tag), at, flagged=flag)


@reports_errors
def flag(
    entry_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The entry's id, or the start of it.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Flag the newest entry.")] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the flag instead.")] = False,
) -> None:
    """Mark an entry to bring to supervision.

    --clear removes the mark.

    Example: ticli flag 20261123-1805
    """
    from ticli.render import brief as render_brief
    from ticli.render import console as render
    from ticli.usecases.change import flag_entry

    entry, path, changed = flag_entry(opened(), entry_id, not clear, last=last)
    render_brief.flag_set(render.console(), entry, path, not clear, changed)


@supervision.command("done")
@reports_errors
def supervision_done(
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DATETIME", help="When it was (default now)."),
    ] = None,
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help="Notes from the supervision.")
    ] = "",
    action: Annotated[
        list[str] | None,
        typer.Option("--action", metavar="TEXT", help="An agreed action (repeatable)."),
    ] = None,
    keep_flags: Annotated[
        bool,
        typer.Option("--keep-flags", help="Keep the flags of what was brought (default: clear)."),
    ] = False,
) -> None:
    """Record that a supervision took place.

    With notes and agreed actions.

    Example: ticli supervision done --note "Talked about endings" --action "Plan the last session"
    """
    from ticli.cli import terminal
    from ticli.cli.terminal import ask_yes_no
    from ticli.render import brief as render_brief
    from ticli.render import console as render
    from ticli.usecases.patterns import clear_flags, flags_brought
    from ticli.usecases.write import record_supervision

    now = local_now()
    journal = opened()
    moment = parse_moment(day, now) if day else None
    draft = record_supervision(journal, now, moment, note, action or [])
    assert draft.path is not None
    out = render.console()
    render_brief.supervision_recorded(out, draft.path, len(draft.entry.actions))
    brought = flags_brought(journal, draft.entry.created)
    if not brought:
        return
    render_brief.flags_to_clear(out, [entry for entry, _ in brought])
    if not keep_flags and terminal.stdin_is_terminal():
        keep_flags = not ask_yes_no(render_brief.CLEAR_FLAGS, default=True)
    cleared = 0 if keep_flags else clear_flags(brought)
    render_brief.flags_cleared(out, cleared, len(brought) - cleared)


@reports_errors
def brief(
    since: Annotated[
        str,
        typer.Option("--since", metavar="last|DAY", help="From the last supervision, or a day."),
    ] = "last",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="FILE", help="Write it as Markdown.")
    ] = None,
    allow_identifiers: AllowIdentifiers = False,
    unencrypted: Unencrypted = False,
) -> None:
    """Prepare for supervision: a brief of the period.

    What you flagged, themes, and Proctor's three functions.

    Example: ticli brief --out brief.md
    """
    from ticli.cli import terminal
    from ticli.cli.terminal import reviewer
    from ticli.render import brief as render_brief
    from ticli.render import console as render
    from ticli.render import review as render_review
    from ticli.render import summary as render_summary
    from ticli.usecases.exchange import refuse_plain, write_document
    from ticli.usecases.patterns import make_brief
    from ticli.usecases.privacy import IdentifiersFound, guard_text

    journal = opened()
    said_plain = out is not None and refuse_plain(journal, unencrypted, "a brief file")
    ask = reviewer(render.console(stderr=True)) if terminal.stdin_is_terminal() else None
    try:
        made, problems, kept = make_brief(
            journal, local_now().date(), since, allow_identifiers, ask
        )
    except IdentifiersFound as refused:
        render_review.findings_report(render.console(stderr=True), refused.findings, refused.paths)
        raise
    report_skipped(problems)
    text = render_brief.brief_markdown(made)
    console = render.console()
    if out is None and console.is_terminal:
        console.print(render_brief.brief_view(made))
        return
    # To a file or a pipe: a last look at the whole text (themes, tags, old notes).
    confirm = terminal.confirm_text(render.console(stderr=True)) if ask else None
    guard_text(journal, "The brief", text, allow_identifiers, confirm, kept)
    if out is None:
        typer.echo(text, nl=False)  # piped: the Markdown itself, nothing cut
        return
    write_document(journal, out, text)
    render_summary.exported_summary(render.console(), out, "brief")
    if said_plain:
        from ticli.render import encryption as render_encryption

        render_encryption.plain_written(render.console(stderr=True))


@reports_errors
def check(
    since: Since = None,
    until: Until = None,
    tag: Tags = None,
    principle: Principle = None,
    kind: Kind = None,
) -> None:
    """Look for details that may identify someone.

    Exit code 1 when anything is found.

    Example: ticli check --since 3m
    """
    from ticli.errors import FileProblem
    from ticli.render import console as render
    from ticli.render import encryption as render_encryption
    from ticli.render import review as render_review
    from ticli.usecases.encryption import plain_in_encrypted
    from ticli.usecases.guardlists import guard_lists, plain_lists
    from ticli.usecases.privacy import check_journal
    from ticli.usecases.read import list_entries

    journal = opened()
    options = filter_options(since, until, tag, principle, kind)
    # Read as they are checked: a big journal's entries are never all held at once.
    found = list_entries(journal, local_now().date(), options, lazily=True)
    report_skipped(found.problems)
    own_lists = True
    try:
        guard_lists(journal)  # read first: a problem is said, and checked without them
    except FileProblem as problem:
        render_review.lists_unreadable(render.console(stderr=True), problem)
        own_lists = False
    findings = check_journal(journal, found, own_lists)
    out = render.console()
    if not findings:
        render_review.no_findings(out)
    else:
        render_review.findings_report(out, findings, found.paths, next_step=True)
    plain = plain_in_encrypted(journal, found.paths.values())
    if plain:
        render_encryption.plain_entries_left(out, len(plain))
    lists = plain_lists(journal)
    if lists:
        render_encryption.plain_lists_left(out, lists, journal.locations.config_file)
    if findings:
        raise typer.Exit(1)
    if not own_lists:
        raise typer.Exit(2)  # nothing found, but not with the journal's own lists


COMMANDS: dict[str, Callable[..., Any]] = {
    "session": session,
    "flag": flag,
    "brief": brief,
    "check": check,
}
