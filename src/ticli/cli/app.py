"""The `ticli` command: parse options, call one use case, render. No logic lives here."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.models import CommandInfo

from ticli import __version__
from ticli.cli import (
    cpd_commands,
    crypt_commands,
    doctor_commands,
    index_commands,
    journal_commands,
    report_commands,
    supervision_commands,
)
from ticli.cli.options import (
    TAKES_STRAY_WORDS,
    AllowIdentifiers,
    Answers,
    At,
    Editor,
    EntryTags,
    Kind,
    Principle,
    Rates,
    Tags,
    Unencrypted,
    filter_options,
    finish_quietly,
    opened,
    reflect,
    refuse_stray,
    report_skipped,
    reports_errors,
    warn_about_identifiers,
)
from ticli.cli.secret_input import PassphraseGroup
from ticli.dates import local_now, parse_day, parse_moment
from ticli.errors import UsageError
from ticli.model import PROMPT_KINDS

if TYPE_CHECKING:
    from ticli.usecases.write import Plan

# Each command imports the use cases, renderers and terminal code it needs when it runs,
# so that starting one command (or --help) does not load everything.

app = typer.Typer(
    name="ticli",
    help="A private, plain-text reflective journal for trauma-informed practice.\n\n"
    "Run ticli on its own to start today's reflection.",
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=PassphraseGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ticli {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--passphrase-file",
            metavar="PATH",
            help="An encrypted journal's passphrase, from a file only you can read (for "
            "scripts; any command takes it, anywhere on the line; or TICLI_PASSPHRASE_FILE).",
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Plain output for screen readers: no colour, boxes or bars."),
    ] = False,
) -> None:
    """A private, plain-text reflective journal for trauma-informed practice.

    Run ticli on its own, in a terminal, to start today's reflection.
    """
    if plain:
        # Read by render.console.plain (as TICLI_PLAIN=1 is), for every command.
        os.environ["TICLI_PLAIN"] = "1"
    if ctx.invoked_subcommand is not None:
        return
    from ticli.cli import terminal

    if terminal.stdin_is_terminal():
        today(ctx)
    else:
        typer.echo(ctx.get_help())


@app.command(context_settings=TAKES_STRAY_WORDS)
@reports_errors
def today(
    ctx: typer.Context,
    count: Annotated[
        int | None, typer.Option("--count", "-n", metavar="N", help="How many prompts (default 3).")
    ] = None,
    principle: Annotated[
        str | None,
        typer.Option("--principle", "-p", metavar="ID", help="Focus on one principle, by id."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", metavar="N", help="Choose the same prompts every time.")
    ] = None,
    editor: Editor = False,
    answer: Answers = None,
    rate: Rates = None,
    tag: EntryTags = None,
    at: At = None,
) -> None:
    """Write today's reflection: a few gentle prompts.

    Each prompt can be skipped, and you can stop at any moment.

    Example: ticli today --count 2 --principle belonging
    """
    from ticli.usecases.write import plan_reflection

    refuse_stray(ctx.args, answer, rate)
    now = local_now()
    journal = opened()

    def plan() -> Plan:
        return plan_reflection(journal, now, count=count, principle=principle, seed=seed)

    reflect(journal, now, "daily", plan, editor, (answer, rate, tag), at, flagged=False)


@app.command()
@reports_errors
def note(
    text: Annotated[
        str | None,
        typer.Argument(metavar="TEXT", help="The note. Without it, standard input is read."),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", metavar="TAG", help="A tag for the note (repeatable)."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="DATETIME", help="Date the note, e.g. 2026-11-20T18:30."),
    ] = None,
) -> None:
    """Write a quick free note, with no prompts.

    Example: ticli note "Team debrief helped a lot today" --tag team
    """
    from ticli.cli import terminal
    from ticli.cli.terminal import read_stdin
    from ticli.render import console as render
    from ticli.usecases.write import Given, write_given

    now = local_now()
    journal = opened()
    moment = parse_moment(at, now) if at else None
    if text is None:
        if terminal.stdin_is_terminal():
            raise UsageError(
                "Give the note as an argument, or pipe it in.",
                hint='Example: ticli note "What I want to remember"',
            )
        text = read_stdin("The note")
    draft = write_given(journal, now, Given("note", tags=tag or [], note=text), moment)
    finish_quietly(render.console(), draft)
    warn_about_identifiers(journal, draft)


@app.command()
@reports_errors
def prompts(
    principle: Annotated[
        str | None,
        typer.Option("--principle", "-p", metavar="ID", help="Only this principle's prompts."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help=f"Only prompts of this kind: {', '.join(PROMPT_KINDS)}.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the prompt library: principles and prompts.

    Each prompt is shown with its id.

    Example: ticli prompts --principle triggers --kind daily
    """
    from ticli.prompts import select_prompts
    from ticli.render import about as render_about
    from ticli.render import console as render

    library = opened().library
    chosen = select_prompts(library, principle=principle, kind=kind)
    if as_json:
        typer.echo(render_about.prompts_json(library, chosen))
        return
    out = render.console()
    out.print(render_about.prompts_listing(library, chosen), soft_wrap=False)
    render_about.library_footer(out, library, len(chosen))


@app.command()
@reports_errors
def summary(
    since: Annotated[
        str,
        typer.Option(
            "--since", metavar="DAY", help="Start of the period: a day, or 30d, 8w, 3m, 1y ago."
        ),
    ] = "30d",
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DAY", help="Last day of the period (default today)."),
    ] = None,
    tag: Tags = None,
    principle: Principle = None,
    kind: Kind = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (docs/json.md).")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print Markdown.")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="FILE", help="Write to this file instead.")
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Summarise a made-up journal, to see what it looks like.")
    ] = False,
    allow_identifiers: AllowIdentifiers = False,
    unencrypted: Unencrypted = False,
) -> None:
    """Patterns in your practice over a period.

    Rhythm, principles, themes, triggers, strengths and check-ins.

    Example: ticli summary --since 8w --markdown --out summary.md
    """
    from ticli.cli import terminal
    from ticli.cli.terminal import reviewer
    from ticli.render import console as render
    from ticli.render import summary as render_summary
    from ticli.usecases.exchange import refuse_plain, write_document
    from ticli.usecases.patterns import summarise_demo, summarise_journal, summary_to_write

    if as_json and markdown:
        raise UsageError("Choose one of --json and --markdown.")
    today = local_now().date()
    options = filter_options(since, until, tag, principle, kind)
    journal = opened()
    said_plain = (
        out is not None and not demo and refuse_plain(journal, unencrypted, "a summary file")
    )
    made = summarise_demo(today, options) if demo else summarise_journal(journal, today, options)
    report_skipped(made.problems)
    screen = render.console()
    view = out is None and not (as_json or markdown)
    if view and screen.is_terminal:
        if demo:
            render_summary.demo_note(screen)
        screen.print(render_summary.summary_view(made.summary), soft_wrap=False)
        return
    # Written to a file or a pipe, its words leave the journal: guarded first.
    in_terminal = terminal.stdin_is_terminal()
    asking = (
        reviewer(render.console(stderr=True)) if in_terminal else None,
        terminal.confirm_text(render.console(stderr=True)) if in_terminal else None,
    )
    to_text = render_summary.summary_json if as_json else render_summary.summary_markdown
    summary, text = summary_to_write(journal, made, today, allow_identifiers, asking, to_text)
    if view:
        screen.print(render_summary.summary_view(summary), soft_wrap=False)
    elif out is None:
        typer.echo(text, nl=False)
    else:
        write_document(journal, out, text)
        render_summary.exported_summary(render.console(), out)
        if said_plain:
            from ticli.render import encryption as render_encryption

            render_encryption.plain_written(render.console(stderr=True))


@app.command()
@reports_errors
def lookback(
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DAY", help="Look back from this day (default today)."),
    ] = None,
) -> None:
    """What you wrote around this day, months and years ago.

    One, three and six months ago, and a year, two years… ago.

    Example: ticli lookback --date 2026-11-20
    """
    from ticli.render import console as render
    from ticli.render import summary as render_summary
    from ticli.usecases.patterns import look_back_on

    today = local_now().date()
    anchor = parse_day(day, today) if day else today
    items, problems = look_back_on(opened(), anchor)
    report_skipped(problems)
    render.console().print(render_summary.lookback_view(items, anchor), soft_wrap=False)


@app.command()
@reports_errors
def where() -> None:
    """Show where ticli keeps your files.

    The journal, the settings, your own prompts and the cache.

    Example: ticli where
    """
    from ticli.paths import locations
    from ticli.render import about as render_about
    from ticli.render import console as render
    from ticli.usecases.journal import settings_present

    where = locations()
    out = render.console()
    render_about.locations(out, where, settings_present(where))
    from ticli.render import encryption as render_encryption
    from ticli.usecases.encryption import state_at

    render_encryption.where_lines(out, state_at(where, count=False))


commands = {
    **journal_commands.COMMANDS,
    **index_commands.COMMANDS,
    **report_commands.COMMANDS,
    **crypt_commands.COMMANDS,
    **doctor_commands.COMMANDS,
    **cpd_commands.COMMANDS,
}
for name, command in {**commands, **supervision_commands.COMMANDS}.items():
    # `session`, like `today`, says what was meant by words left over after --answer.
    settings = TAKES_STRAY_WORDS if name == "session" else None
    app.command(name, context_settings=settings)(command)
app.add_typer(supervision_commands.supervision, name="supervision")
for name, group in cpd_commands.GROUPS.items():
    app.add_typer(group, name=name)


def narrowed(args: list[str], stdin_is_terminal: bool) -> typer.Typer:
    """The app with only the command that `args` runs, or the whole app.

    Typer turns every command's signature into options before it parses anything (about
    0.1 s for all of them), and a daily command needs one. `ticli --help`, a bare `ticli`
    without a terminal (which prints the help) and a name that is not a command (which
    gets "No such command" and the nearest names) see them all.
    """
    name = _command_in(args)
    if name is None and stdin_is_terminal and not args:
        name = "today"
    if name is None:
        return app
    kept = [c for c in app.registered_commands if _name_of(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not kept and not groups:
        return app
    narrow = copy.copy(app)
    narrow.registered_commands = kept
    narrow.registered_groups = groups
    return narrow


def _command_in(args: list[str]) -> str | None:
    """The command named in `args`, after the options that come before it (None if none,
    or if help is asked for before it)."""
    words = iter(args)
    for arg in words:
        if arg == "--plain" or arg.startswith("--passphrase-file="):
            continue
        if arg == "--passphrase-file":
            next(words, None)
            continue
        return None if arg.startswith("-") else arg
    return None


def _name_of(command: CommandInfo) -> str:
    if command.name:
        return command.name
    callback = command.callback
    return callback.__name__.lower().replace("_", "-") if callback else ""
