"""The editor: which one to run, running it, and editing an entry until it reads as one."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from ticli.errors import TicliError, UsageError
from ticli.render import entries as render_entries
from ticli.render import reflection as render

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from ticli.usecases.change import Edit
    from ticli.usecases.journal import Journal


def editor_command(configured: str | None) -> list[str]:
    """The editor to run: config, then $VISUAL, then $EDITOR, then nano or vi."""
    import shlex
    import shutil

    for choice in (configured, os.environ.get("VISUAL"), os.environ.get("EDITOR")):
        if choice and choice.strip():
            return shlex.split(choice)
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise UsageError(
        "I could not find an editor to open.",
        hint='Set $EDITOR (for example: export EDITOR=nano) or editor = "..." in config.toml.',
    )


class EditorMissing(TicliError):
    """The editor could not be started; nothing was changed (exit code 1, as for any edit
    that was not saved)."""

    exit_code = 1


def run_editor(command: list[str], path: Path) -> int:
    """Run the editor on a file and wait for it; return its exit code."""
    import subprocess

    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except OSError as error:
        raise EditorMissing(
            f"I could not start the editor '{command[0]}' ({error.strerror}).",
            hint="Set $EDITOR to an editor that is installed.",
        ) from None


# ---------------------------------------------------------------- editing an entry

AskAgain = Callable[[], bool]


def edit_in_editor(journal: Journal, edit: Edit, out: Console, ask_again: AskAgain | None) -> None:
    """Open an entry's private copy in the editor until it reads as an entry, or the user
    stops; a broken edit is shown with its line, and kept beside the entry if not fixed."""
    command = editor_command(journal.config.editor)
    render.opening_editor(out, command[0])
    while True:
        try:
            code = run_editor(command, edit.file)
        except EditorMissing:
            edit.discard()
            raise
        except KeyboardInterrupt:
            render_entries.edit_stopped(out, edit.stop())
            raise
        if code != 0:
            edit.give_up(f"exit code {code}")
        if not edit.changed():
            edit.discard()
            render_entries.kept(out)
            return
        problem = edit.check()
        if problem is None:
            edit.save()
            render_entries.edit_saved(out, edit.path)
            return
        render_entries.edit_problem(out, problem)
        if ask_again is None or not ask_again():
            edit.give_up("the edit does not read as an entry")
