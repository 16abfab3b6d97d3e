"""Passphrases: asked on the terminal (never echoed), or read from a private file for
scripts (`--passphrase-file PATH` on any command, or TICLI_PASSPHRASE_FILE). Never from
an environment variable's value or a command-line argument."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from typer.core import TyperGroup

from ticli.cli import ahead
from ticli.cli.ahead import OPTION, VARIABLE
from ticli.errors import UsageError

#: The --passphrase-file given to this command, wherever it was on the command line.
_given: Path | None = None


class PassphraseGroup(TyperGroup):
    """Takes `--passphrase-file PATH` anywhere on the command line, for every command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        global _given
        kept, _given = ahead.split_passphrase_file(args)
        parsed: list[str] = super().parse_args(ctx, kept)
        return parsed


def passphrase_file() -> Path | None:
    return _given if _given is not None else ahead.from_environment()


def _terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask_passphrase(question: str = "Passphrase for your journal: ") -> bytes:
    """The journal's passphrase, from the passphrase file or asked once (not echoed)."""
    from ticli.usecases import encryption

    given = passphrase_file()
    if given is not None:
        return encryption.read_passphrase_file(given)
    if not _terminal():
        raise UsageError(
            "This journal is encrypted and there is no terminal to ask for its passphrase.",
            hint=f"For scripts: {OPTION} PATH (a file only you can read), or {VARIABLE}=PATH.",
        )
    import getpass

    try:
        answer = getpass.getpass(question)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise UsageError("Stopped; nothing was changed.") from None
    if not answer:
        raise UsageError("No passphrase given; nothing was changed.")
    return answer.encode("utf-8")


def new_passphrase(given: Path | None = None, what: str = "a passphrase") -> bytes:
    """A new passphrase: from a file, or typed twice (asked again when they differ)."""
    from ticli.usecases import encryption

    source = given or passphrase_file()
    if source is not None:
        chosen = encryption.read_passphrase_file(source)
        if len(chosen.decode("utf-8", "replace")) < MINIMUM_LENGTH:
            raise UsageError(TOO_SHORT + " Nothing was changed.")
        return chosen
    for _ in range(3):
        first = ask_passphrase(f"Choose {what}: ")
        if len(first.decode("utf-8", "replace")) < MINIMUM_LENGTH:
            print(TOO_SHORT, file=sys.stderr)
            continue
        if first == ask_passphrase("Type it again: "):
            return first
        print("The two did not match; once more.", file=sys.stderr)
    raise UsageError("No new passphrase was chosen; nothing was changed.")


#: A new passphrase is at least this long: it guards a key kept in a folder that syncs.
MINIMUM_LENGTH = 10
TOO_SHORT = (
    f"A passphrase needs at least {MINIMUM_LENGTH} characters; a few ordinary words "
    "with spaces between them are easy to remember and hard to guess."
)
