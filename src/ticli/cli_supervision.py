"""Commands for after a session and for supervision: session, flag, supervision done,
brief, and the privacy guard's check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ticli import render
from ticli.cli_shared import (
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
    Until,
    guard,
    reflect,
    report_skipped,
    reports_errors,
)
from ticli.dates import local_now, parse_moment
from ticli.journal import (
    Plan,
    brief_for,
    brief_period,
    brief_sources,
    check_entries,
    flag_entry,
    make_filters,
    open_journal,
    plan_session,
    read_entries,
    record_supervision,
    write_export,
)

supervision = typer.Typer(
    help="Record supervision sessions.\n\nExample: ticli supervision done --action 'Plan ending'",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@reports_errors
def session(
    flag: Annotated[bool, typer.Option("--flag", help="Mark the entry for supervision.")] = False,
    editor: Editor = False,
    answer: Answers = None,
    rate: Rates = None,
    tag: EntryTags = None,
    at: At = None,
) -> None:
    """Reflect after a session: what happened, what I noticed, what was strong, what next.

    Example: ticli session --flag
    """
    now = local_now()
    journal = open_journal()

    def plan() -> Plan:
        return plan_session(journal)

    reflect(journal, now, "session", plan, editor, answer, rate, tag, at, flagged=flag)


@reports_errors
def flag(
    entry_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The entry's id, or the start of it.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Flag the newest entry.")] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the flag instead.")] = False,
) -> None:
    """Mark an entry to bring to supervision (--clear removes the mark).

    Example: ticli flag 20261123-1805
    """
    path = flag_entry(open_journal(), entry_id, not clear, last=last)
    render.flag_set(render.console(), path, not clear)


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
) -> None:
    """Record that a supervision took place, with notes and agreed actions.

    Example: ticli supervision done --note "Talked about endings" --action "Plan the last session"
    """
    now = local_now()
    journal = open_journal()
    moment = parse_moment(day, now) if day else None
    draft = record_supervision(journal, now, moment, note, action or [])
    assert draft.path is not None
    render.supervision_recorded(render.console(), draft.path, len(draft.entry.actions))


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
) -> None:
    """Prepare for supervision: what you flagged, themes, and Proctor's three functions.

    Example: ticli brief --out brief.md
    """
    journal = open_journal()
    today = local_now().date()
    period, found, everything = brief_period(journal, today, since)
    report_skipped(found.problems)
    made = brief_for(journal, period, today, everything)
    sources = brief_sources(made, found, everything)
    reviewed = guard(journal, "The brief", sources, allow_identifiers)
    if reviewed:
        made = brief_for(journal, period, today, everything, reviewed)
    text = render.brief_markdown(made)
    if out is None:
        console = render.console()
        if console.is_terminal:
            console.print(render.brief_view(made))
        else:
            typer.echo(text, nl=False)  # piped: the Markdown itself, nothing cut
        return
    write_export(journal, out, text)
    render.exported_summary(render.console(), out, "brief")


@reports_errors
def check(
    since: Since = None,
    until: Until = None,
    tag: Tags = None,
    principle: Principle = None,
    kind: Kind = None,
) -> None:
    """Look through the journal for details that may identify someone (exit code 1 if any).

    Example: ticli check --since 3m
    """
    journal = open_journal()
    filters = make_filters(journal, local_now().date(), since, until, tag, principle, kind)
    found = read_entries(journal, filters)
    report_skipped(found.problems)
    findings = check_entries(journal, found.entries)
    out = render.console()
    if not findings:
        render.no_findings(out)
        return
    render.findings_report(out, findings, found.paths)
    raise typer.Exit(1)


COMMANDS: dict[str, Callable[..., Any]] = {
    "session": session,
    "flag": flag,
    "brief": brief,
    "check": check,
}
