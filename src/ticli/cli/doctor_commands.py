"""Commands for a journal kept on many devices: `doctor` and `init`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from ticli.cli.options import opened, reports_errors
from ticli.errors import UsageError


@reports_errors
def doctor(
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply the safe fixes, after showing them.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --fix: don't ask first (for scripts).")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the findings as JSON (docs/json.md).")
    ] = False,
) -> None:
    """Look over the journal for what needs your attention.

    Copies a sync tool made (Syncthing, Dropbox, Nextcloud, OneDrive, iCloud,
    Google Drive), git's conflict markers, files ticli cannot read, entries in
    the wrong folder, loose permissions, leftover temporary files. --fix
    applies the safe fixes after showing them; nothing is ever deleted.
    Exit code 0 when nothing needs attention, 1 when something does.

    Example: ticli doctor --fix
    """
    from ticli.cli import terminal
    from ticli.render import console as render
    from ticli.render import doctor as render_doctor
    from ticli.usecases.doctor import Outcome, apply_fixes, diagnose

    if yes and not fix:
        raise UsageError("--yes goes with --fix.", hint="ticli doctor --fix --yes")
    journal = opened()
    diagnosis = diagnose(journal)
    out = render.console()
    if not as_json:
        render_doctor.findings_report(
            out, journal.root, diagnosis.findings, diagnosis.entries, fixing=fix
        )
    outcomes: list[Outcome] = []
    fixable = diagnosis.fixable
    if fix and fixable:
        if not yes:
            if not terminal.stdin_is_terminal():
                raise UsageError(render_doctor.needs_yes())
            if not terminal.ask_yes_no(render_doctor.ask_to_fix(len(fixable)), default=False):
                render_doctor.not_fixing(out)
                raise typer.Exit(1)
        outcomes = apply_fixes(journal, fixable)
        if not as_json:
            render_doctor.outcomes_report(out, journal.root, outcomes)
    if as_json:
        typer.echo(
            render_doctor.findings_json(journal.root, diagnosis.findings, outcomes), nl=False
        )
    if fix:
        left = [f for f in diagnosis.findings if not f.fix] + [
            o.finding for o in outcomes if not o.done
        ]
        raise typer.Exit(1 if left else 0)
    raise typer.Exit(1 if diagnosis.findings else 0)


@reports_errors
def init(
    git: Annotated[
        bool,
        typer.Option("--git", help="Write a .gitignore that keeps ticli's own files out of git."),
    ] = False,
) -> None:
    """Make the journal folder; --git readies it for git.

    Running it again is safe: nothing already there is replaced.

    Example: ticli init --git
    """
    from ticli.render import console as render
    from ticli.render import doctor as render_doctor
    from ticli.usecases.doctor import make_journal, write_gitignore

    journal = opened()
    made = make_journal(journal)
    out = render.console()
    render_doctor.journal_ready(out, journal.root, made)
    if git:
        path, added = write_gitignore(journal)
        render_doctor.gitignore_written(out, path, added)


COMMANDS: dict[str, Callable[..., Any]] = {"doctor": doctor, "init": init}
