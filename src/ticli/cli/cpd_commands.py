"""Commands for a professional body's records: cpd, feedback, account and portfolio."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ticli.cli.options import AllowIdentifiers, Unencrypted, opened, report_skipped, reports_errors
from ticli.dates import local_now, parse_moment

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (docs/json.md).")]
Period = Annotated[
    str,
    typer.Option("--period", metavar="current|previous", help="Which period (default current)."),
]
Date = Annotated[
    str | None,
    typer.Option("--date", metavar="DAY", help="When it was: 2026-11-20 (default today)."),
]

cpd = typer.Typer(
    help="Your CPD log: activities and hours in the current period.\n\nExample: ticli cpd add",
    invoke_without_command=True,
    rich_markup_mode=None,
)
feedback = typer.Typer(
    help="Practice-related feedback.\n\nExample: ticli feedback add",
    no_args_is_help=True,
    rich_markup_mode=None,
)
account = typer.Typer(
    help="Reflective accounts.\n\nExample: ticli account new 20261123-1805",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _records(period: str, kind: str) -> Any:
    from ticli.usecases.cpd import period_back, records

    back = period_back(period)
    made = records(opened(), local_now().date(), back, kind)
    report_skipped(made.found.problems)
    return made


def _written(what: str, draft: Any) -> None:
    from ticli.cli.options import warn_about_identifiers
    from ticli.render import console as render
    from ticli.render import cpd as render_cpd

    render_cpd.record_saved(render.console(), what, draft.path)
    warn_about_identifiers(draft.journal, draft)


def _needs_terminal(command: str, options: str) -> None:
    from ticli.cli import terminal
    from ticli.errors import UsageError

    if not terminal.stdin_is_terminal():
        raise UsageError(
            f"ticli {command} asks its questions in a terminal.",
            hint=f"Without one, give the answers as options: {options}.",
        )


@cpd.callback()
@reports_errors
def cpd_show(ctx: typer.Context, period: Period = "current", as_json: AsJson = False) -> None:
    """The CPD activities of the current period, and the totals."""
    if ctx.invoked_subcommand is not None:
        return
    from ticli.render import console as render
    from ticli.render import cpd as render_cpd

    made = _records(period, "cpd")
    if as_json:
        typer.echo(render_cpd.cpd_json(made), nl=False)
        return
    render_cpd.cpd_view(render.console(), made)


@cpd.command("add")
@reports_errors
def cpd_add(
    day: Date = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="A short title.")
    ] = None,
    activity: Annotated[
        str,
        typer.Option(
            "--activity",
            metavar="KIND",
            help="course, reading, peer-discussion, supervision, conference, e-learning or other.",
        ),
    ] = "other",
    hours: Annotated[
        str, typer.Option("--hours", metavar="H", help="Hours, e.g. 1.5 or 90m.")
    ] = "0",
    participatory: Annotated[
        str, typer.Option("--participatory", metavar="H", help="Of those, hours with others.")
    ] = "0",
    learned: Annotated[str, typer.Option("--learned", metavar="TEXT", help="What I learned.")] = "",
) -> None:
    """Record a CPD activity: asked, or from options.

    Example: ticli cpd add --title "Trauma-informed care course" --activity course --hours 6
    """
    from ticli.render import console as render
    from ticli.usecases.cpd import CpdGiven, checked_hours, write_cpd

    now = local_now()
    journal = opened()
    if title is None:
        _needs_terminal("cpd add", '--title "..." --activity course --hours 2')
        from ticli.cli.cpd_terminal import ask_cpd

        ask_cpd(journal, render.console(), parse_moment(day, now) if day else now)
        return
    moment = parse_moment(day, now) if day else now
    given = CpdGiven(
        title,
        activity,
        checked_hours(hours, "hours"),
        checked_hours(participatory, "hours with others"),
        learned,
    )
    _written("CPD activity", write_cpd(journal, moment, given))


@feedback.command("add")
@reports_errors
def feedback_add(
    day: Date = None,
    role: Annotated[
        str | None,
        typer.Option("--from", metavar="ROLE", help="Who it came from, as a role: never a name."),
    ] = None,
    said: Annotated[
        str | None, typer.Option("--said", metavar="TEXT", help="What it said, in your words.")
    ] = None,
    did: Annotated[str, typer.Option("--did", metavar="TEXT", help="What I did with it.")] = "",
) -> None:
    """Record a piece of practice-related feedback.

    Example: ticli feedback add --from "a colleague" --said "Calm in a crisis" --did "Shared it"
    """
    from ticli.errors import UsageError
    from ticli.render import console as render
    from ticli.usecases.cpd import write_feedback

    now = local_now()
    journal = opened()
    moment = parse_moment(day, now) if day else now
    if role is None and said is None:
        _needs_terminal("feedback add", '--from "a colleague" --said "..."')
        from ticli.cli.cpd_terminal import ask_feedback

        ask_feedback(journal, render.console(), moment)
        return
    if role is None or said is None:
        raise UsageError("Give both --from (a role) and --said, or neither to be asked.")
    _written("feedback", write_feedback(journal, moment, role, said, did))


@feedback.command("list")
@reports_errors
def feedback_list(period: Period = "current", as_json: AsJson = False) -> None:
    """The feedback of the current period.

    Example: ticli feedback list --period previous
    """
    from ticli.render import console as render
    from ticli.render import cpd as render_cpd

    made = _records(period, "feedback")
    if as_json:
        typer.echo(render_cpd.feedback_json(made), nl=False)
        return
    render_cpd.feedback_view(render.console(), made)


@account.command("new")
@reports_errors
def account_new(
    entry_id: Annotated[
        str | None,
        typer.Argument(metavar="[ENTRY_ID]", help="The entry it starts from (or the id's start)."),
    ] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer", "-a", metavar="QUESTION=TEXT", help="Answer without questions (repeatable)."
        ),
    ] = None,
    theme: Annotated[
        list[str] | None,
        typer.Option("--theme", metavar="N|NAME", help="A theme of the code (repeatable)."),
    ] = None,
) -> None:
    """Write a reflective account, from an entry or afresh.

    Only the questions the entry does not answer are asked.

    Example: ticli account new 20261123-1805 --theme 1 --theme 3
    """
    from ticli.cli.options import parse_pair
    from ticli.render import console as render
    from ticli.usecases.cpd import plan_account, write_account

    now = local_now()
    journal = opened()
    plan = plan_account(journal, now.date(), entry_id)
    if answer or theme:
        given = dict(parse_pair(a, "--answer", "QUESTION=TEXT") for a in answer or [])
        _written("reflective account", write_account(journal, plan, now, given, theme or []))
        return
    _needs_terminal("account new", "--answer what=... --theme 1")
    from ticli.cli.cpd_terminal import ask_account

    ask_account(journal, render.console(), now, plan)


@account.command("list")
@reports_errors
def account_list(period: Period = "current", as_json: AsJson = False) -> None:
    """The reflective accounts of the current period.

    Example: ticli account list --json
    """
    from ticli.render import console as render
    from ticli.render import cpd as render_cpd

    made = _records(period, "account")
    if as_json:
        typer.echo(render_cpd.account_json(made), nl=False)
        return
    render_cpd.account_list_view(render.console(), made)


@reports_errors
def portfolio(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR", help="The folder to write it into."),
    ] = None,
    period: Period = "current",
    allow_identifiers: AllowIdentifiers = False,
    unencrypted: Unencrypted = False,
) -> None:
    """Write the period's records as files to hand over.

    The CPD log and feedback as CSV, each reflective account as Markdown and as a page to
    print, and an index page, in a folder outside the journal.

    Example: ticli portfolio --period current --out revalidation-2026
    """
    from ticli.cli import terminal
    from ticli.cli.terminal import reviewer
    from ticli.errors import UsageError
    from ticli.render import console as render
    from ticli.render import portfolio as render_portfolio
    from ticli.render import review as render_review
    from ticli.usecases.cpd import period_back
    from ticli.usecases.exchange import refuse_plain
    from ticli.usecases.portfolio import check_folder, write_portfolio
    from ticli.usecases.privacy import IdentifiersFound

    if out is None:
        raise UsageError(
            "ticli portfolio needs --out DIR: the folder to write the files into.",
            hint="For example: ticli portfolio --out revalidation-2026",
        )
    period_back(period)
    journal = opened()
    check_folder(journal, out)
    said_plain = refuse_plain(journal, unencrypted, "a portfolio")
    today = local_now().date()
    in_terminal = terminal.stdin_is_terminal()
    asking = (
        reviewer(render.console(stderr=True)) if in_terminal else None,
        terminal.confirm_text(render.console(stderr=True)) if in_terminal else None,
    )
    try:
        written = write_portfolio(
            journal,
            today,
            period,
            out,
            allow_identifiers,
            asking,
            lambda made: render_portfolio.pieces(made, today),
        )
    except IdentifiersFound as refused:
        render_review.findings_report(render.console(stderr=True), refused.findings, refused.paths)
        raise
    report_skipped(written.records.found.problems)
    render_portfolio.portfolio_written(render.console(), written)
    if said_plain:
        from ticli.render import encryption as render_encryption

        render_encryption.plain_written(render.console(stderr=True))


GROUPS = {"cpd": cpd, "feedback": feedback, "account": account}
COMMANDS: dict[str, Callable[..., Any]] = {"portfolio": portfolio}
