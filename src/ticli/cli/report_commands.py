"""`ticli report`: one self-contained HTML page of a period, to look at or print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ticli.cli.options import (
    AllowIdentifiers,
    Kind,
    Principle,
    Tags,
    Unencrypted,
    Until,
    filter_options,
    opened,
    report_skipped,
    reports_errors,
)
from ticli.dates import local_now

# Matplotlib, the analysis and the page are imported when the command runs: they are
# the heaviest part of ticli, and no other command needs them.


@reports_errors
def report(
    since: Annotated[
        str,
        typer.Option(
            "--since", metavar="DAY", help="Start of the period: a day, or 30d, 8w, 3m, 1y ago."
        ),
    ] = "1y",
    until: Until = None,
    tag: Tags = None,
    principle: Principle = None,
    kind: Kind = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Write the page here (default ticli-report-DAY.html).",
        ),
    ] = None,
    open_it: Annotated[
        bool, typer.Option("--open", help="Open the page in your web browser.")
    ] = False,
    pixels: Annotated[
        str | None,
        typer.Option(
            "--pixels", metavar="CHECK-IN", help="Colour the year in pixels by this check-in."
        ),
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Report on a made-up journal, to see what it looks like.")
    ] = False,
    allow_identifiers: AllowIdentifiers = False,
    unencrypted: Unencrypted = False,
) -> None:
    """A report of a period as one HTML page, with charts.

    It needs no network; print it from the browser for supervision.

    Example: ticli report --since 1y --out report.html --open
    """
    from ticli.cli import terminal
    from ticli.cli.terminal import reviewer
    from ticli.render import console as render
    from ticli.render import report_html
    from ticli.render import summary as render_summary
    from ticli.usecases.exchange import refuse_plain, write_document
    from ticli.usecases.report import report_demo, report_journal, report_to_write

    today = local_now().date()
    options = filter_options(since, until, tag, principle, kind)
    journal = opened()
    if demo:
        made = report_demo(today, options, pixels)
    else:
        made = report_journal(journal, today, options, pixels)
    report_skipped(made.made.problems)
    screen = render.console()
    to_stdout = out is None and not open_it and not screen.is_terminal
    said_plain = not to_stdout and not demo and refuse_plain(journal, unencrypted, "a report")
    target = out or Path(f"ticli-report-{today.isoformat()}.html")
    in_terminal = terminal.stdin_is_terminal()
    asking = (
        reviewer(render.console(stderr=True)) if in_terminal else None,
        terminal.confirm_text(render.console(stderr=True)) if in_terminal else None,
    )

    guarded, _ = report_to_write(
        journal, made, today, allow_identifiers, asking, render_summary.summary_markdown
    )
    page = report_html.report_html(guarded, today)
    if to_stdout:
        typer.echo(page, nl=False)
        return
    write_document(journal, target, page)
    report_html.report_written(screen, target, demo)
    if said_plain:
        from ticli.render import encryption as render_encryption

        render_encryption.plain_written(render.console(stderr=True))
    if open_it:
        import webbrowser

        if not webbrowser.open_new_tab(target.resolve().as_uri()):
            report_html.no_browser(render.console(stderr=True))


COMMANDS: dict[str, Callable[..., Any]] = {"report": report}
