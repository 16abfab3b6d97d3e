"""What every command shares: one boundary from ticli's errors to messages and exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from ticli.dates import parse_moment
from ticli.errors import FileProblem, TicliError, UsageError
from ticli.model import RATING_MAX, RATING_MIN
from ticli.model.rules import LARGE_TEXT, largest_text

if TYPE_CHECKING:
    # Types only: each command imports the use cases, renderers and the terminal it
    # needs when it runs, so that starting one command does not load them all.
    from datetime import datetime

    from rich.console import Console

    from ticli.errors import EntryProblem
    from ticli.usecases.journal import Journal
    from ticli.usecases.read import FilterOptions
    from ticli.usecases.write import Draft, Plan

# ---------------------------------------------------------------- shared options

# Filters of the commands that read the journal.
Since = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="DAY", help="From this day on: 2026-11-01, or 7d, 2w, 3m, 1y ago."
    ),
]
Until = Annotated[
    str | None, typer.Option("--until", metavar="DAY", help="Up to and including this day.")
]
Tags = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", metavar="TAG", help="Only entries with this tag (repeatable)."),
]
Principle = Annotated[
    str | None,
    typer.Option("--principle", "-p", metavar="ID", help="Only entries touching this principle."),
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Only this kind: daily, session, supervision, note, cpd, feedback, account.",
    ),
]
Limit = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", help="At most this many, newest first.")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the entries as JSON (docs/json.md).")]

# Options of the commands that write a reflection.
Answers = Annotated[
    list[str] | None,
    typer.Option(
        "--answer",
        "-a",
        metavar="PROMPT_ID=TEXT",
        help="Answer without questions (repeatable). TEXT '-' reads standard input.",
    ),
]
Rates = Annotated[
    list[str] | None,
    typer.Option("--rate", "-r", metavar="NAME=N", help="A 1-5 check-in (repeatable)."),
]
EntryTags = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", metavar="TAG", help="A tag for the entry (repeatable)."),
]
At = Annotated[
    str | None,
    typer.Option("--at", metavar="DATETIME", help="Date the entry, e.g. 2026-11-20T18:30."),
]
AllowIdentifiers = Annotated[
    bool,
    typer.Option("--allow-identifiers", help="Write even if details may identify someone."),
]
Unencrypted = Annotated[
    bool,
    typer.Option(
        "--unencrypted",
        help="With encryption on: write this file unencrypted anyway (you are asked to say so).",
    ),
]
Editor = Annotated[
    bool, typer.Option("--editor", "-e", help="Write the answers in $VISUAL / $EDITOR.")
]

#: Words left over on the command line (`--answer ID "text"`, a space for the '=') are
#: let through to the command, so it can say what was meant.
TAKES_STRAY_WORDS = {"allow_extra_args": True}

P = ParamSpec("P")
R = TypeVar("R")


def file_error(error: OSError) -> TicliError:
    """An operating-system error as a message: which file, and what went wrong."""
    where = f" {error.filename}" if error.filename else ""
    return TicliError(
        f"Could not use{where}: {error.strerror or error}.",
        hint="Check that the folder exists, is a folder, has room, and is yours to write to. "
        "Nothing was changed.",
    )


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn ticli's own errors into a message on stderr and an exit code: one boundary."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TicliError as problem:
            from ticli.render import console as render
            from ticli.usecases.privacy import IdentifiersInText

            if isinstance(problem, IdentifiersInText):
                from ticli.render import review as render_review

                render_review.text_findings(
                    render.console(stderr=True), "The text", "", problem.findings
                )
            render.error(render.console(stderr=True), problem)
            raise typer.Exit(problem.exit_code) from None
        except OSError as error:
            from ticli.render import console as render

            # The disk, not the user: a full disk, a missing permission, a file in the way.
            render.error(render.console(stderr=True), file_error(error))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            from ticli.render import console as render

            render.console(stderr=True).print("\nStopped.")
            raise typer.Exit(130) from None
        finally:
            _say_doctor_hint()
            _say_key_file_notes()

    return wrapper


def parse_pair(text: str, option: str, shape: str = "NAME=VALUE") -> tuple[str, str]:
    """Split `NAME=VALUE` as given to --answer or --rate (a space after '=' is not kept)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"{option} takes {shape}, not '{text}'.")
    return name.strip(), value.removeprefix(" ")


def parse_rating(text: str) -> tuple[str, int]:
    """Read `NAME=N` as given to --rate."""
    name, value = parse_pair(text, "--rate", "NAME=N")
    try:
        number = int(value.strip())
    except ValueError:
        raise UsageError(
            f"The rating '{name}' must be a whole number from {RATING_MIN} to {RATING_MAX}, "
            f"not '{value}'."
        ) from None
    return name, number


def filter_options(
    since: str | None,
    until: str | None,
    tag: list[str] | None,
    principle: str | None,
    kind: str | None,
    limit: int | None = None,
) -> FilterOptions:
    """The reading commands' shared options, as the use cases take them."""
    from ticli.usecases.read import FilterOptions

    return FilterOptions(since, until, tuple(tag or ()), principle, kind, limit)


def reflect(
    journal: Journal,
    now: datetime,
    kind: str,
    plan: Callable[[], Plan],
    editor: bool,
    given: tuple[list[str] | None, list[str] | None, list[str] | None],
    at: str | None,
    flagged: bool,
) -> None:
    """The reflection of `today` and `session`: asked in a terminal, or written from options."""
    from ticli.cli import terminal
    from ticli.render import console as render
    from ticli.render import reflection as render_reflection
    from ticli.usecases.write import Given, write_given

    out = render.console()
    answer, rate, tag = given
    if answer or rate:
        moment = parse_moment(at, now) if at else None
        answers = _given_answers(answer or [])
        ratings = [parse_rating(r) for r in rate or []]
        request = Given(kind, answers, ratings, tag or [], flagged=flagged)
        draft = write_given(journal, now, request, moment)
        finish_quietly(out, draft)
        warn_about_identifiers(journal, draft)
        return
    if tag:
        raise UsageError(
            "--tag goes with --answer or --rate when writing without questions.",
            hint=f"In a terminal, ticli {kind if kind == 'session' else 'today'} asks for tags.",
        )
    # --at dates a reflection written later, e.g. an afternoon session in the evening.
    now = parse_moment(at, now) if at else now
    planned = plan()
    report_skipped(planned.problems)
    if not terminal.stdin_is_terminal():
        raise render_reflection.needs_terminal("session" if kind == "session" else "today")
    if editor:
        draft = terminal.reflect_in_editor(journal, planned, out, now, kind=kind)
        if flagged:
            draft.set_flag(True)
        warn_about_identifiers(journal, draft)
    else:
        terminal.run_reflection(journal, planned, out, now, kind=kind, flagged=flagged)


def warn_about_identifiers(journal: Journal, draft: Draft) -> None:
    """Saving never refuses, but says plainly what may identify someone, and when an
    answer is so large that every command reading the journal will be slower."""
    from ticli.render import console as render
    from ticli.render import reflection as render_reflection
    from ticli.render import review as render_review
    from ticli.usecases.privacy import check_entries

    entry = draft.entry
    size = largest_text([entry.note, *(a.text for a in entry.answers)])
    if draft.path and size > LARGE_TEXT:
        render_reflection.very_large(render.console(stderr=True), size)
    if not draft.path:
        return
    try:
        findings = check_entries(journal, [draft.entry])
    except FileProblem as problem:  # saved all the same; checked with config.toml's lists
        render_review.lists_unreadable(render.console(stderr=True), problem)
        findings = check_entries(journal, [draft.entry], own_lists=False)
    for found in findings:
        render_review.saved_with_findings(render.console(stderr=True), found)


def _given_answers(options: list[str]) -> list[tuple[str, str]]:
    from ticli.cli.terminal import read_stdin

    answers = [parse_pair(option, "--answer", "PROMPT_ID=TEXT") for option in options]
    if sum(1 for _, text in answers if text == "-") > 1:
        raise UsageError("Only one --answer can read standard input ('-').")
    return [(pid, read_stdin("The answer") if text == "-" else text) for pid, text in answers]


def finish_quietly(out: Console, draft: Draft) -> None:
    """Say where the entry was saved."""
    from ticli.render import reflection as render_reflection

    if draft.path is not None:
        render_reflection.saved_entry(out, draft.path)


def report_skipped(problems: list[EntryProblem]) -> None:
    """Name the journal files that could not be read (on stderr); a sync tool's copies
    are not named one by one: once, at the end, the command says `ticli doctor` has
    something for you."""
    from ticli.errors import SameId
    from ticli.render import console as render

    render.skipped_files(
        render.console(stderr=True), [p for p in problems if not isinstance(p, SameId)]
    )
    if problems:
        _doctor_hint_at_end(problems)


#: Problems the running command met, for the one line said at its end.
_MET: list[EntryProblem] = []


def _doctor_hint_at_end(problems: list[EntryProblem]) -> None:
    _MET.extend(problems)


def _say_key_file_notes() -> None:
    """At the end of a command, what it found wrong with the key file and went on."""
    import sys

    if "ticli.store.vault" not in sys.modules:  # no encrypted journal was opened
        return
    from ticli.usecases.journal import key_file_notes

    said = key_file_notes()
    if said:
        from ticli.render import console as render
        from ticli.render import encryption as render_encryption

        render_encryption.key_file_notes(render.console(stderr=True), said)


def _say_doctor_hint() -> None:
    """Once, at the end of a command that met a sync tool's copy or a file it could not
    read: `ticli doctor` has something for you."""
    if not _MET:
        return
    from ticli.errors import SameId
    from ticli.render import console as render
    from ticli.render import doctor as render_doctor

    names = {p.path: p for p in _MET}  # a command may read the same file twice
    _MET.clear()
    copies = [Path(p.path) for p in names.values() if isinstance(p, SameId)]
    root = Path(copies[0]).parents[2] if copies else Path()
    render_doctor.doctor_hint(render.console(stderr=True), root, copies, len(names) - len(copies))


def opened() -> Journal:
    """Open the journal; say once if its folder had to be made private."""
    from ticli.cli.secret_input import ask_passphrase
    from ticli.render.progress import IndexProgress
    from ticli.usecases.journal import open_journal

    journal = open_journal(IndexProgress(), ask_passphrase)
    if journal.loosened_mode is not None:
        from ticli.render import console as render

        render.made_private(render.console(stderr=True), journal.root, journal.loosened_mode)
    return journal


def refuse_stray(
    stray: list[str] | None, answers: list[str] | None, rates: list[str] | None
) -> None:
    """Say what was meant when words were left over, instead of Click's bare message."""
    if not stray:
        return
    word = stray[0]
    last = answers[-1] if answers else None
    if last is not None and "=" not in last:
        raise UsageError(
            f"--answer takes PROMPT_ID=TEXT in one piece, so '{word}' was left over.",
            hint=f'Did you mean: --answer {last}="{word}"',
        )
    last_rate = rates[-1] if rates else None
    if last_rate is not None and "=" not in last_rate:
        raise UsageError(
            f"--rate takes NAME=N in one piece, so '{word}' was left over.",
            hint=f"Did you mean: --rate {last_rate}={word}",
        )
    raise UsageError(
        f"I don't know what to do with '{word}'.",
        hint="Answers go with --answer PROMPT_ID=TEXT; see --help.",
    )
