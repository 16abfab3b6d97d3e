"""Encryption's commands: encrypt, decrypt, passphrase, recover, rekey, unlock, lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ticli.cli.options import opened, reports_errors

if TYPE_CHECKING:
    from rich.console import Console

    from ticli.usecases.encryption import NewKeys
    from ticli.usecases.journal import Journal

RecoveryOut = Annotated[
    Path | None,
    typer.Option(
        "--recovery-key-out",
        metavar="PATH",
        help="Write the new recovery key to this new file (outside the journal).",
    ),
]
Yes = Annotated[
    bool,
    typer.Option("--yes", "-y", help="Do not ask for confirmation (for scripts)."),
]


def _out() -> Console:
    from ticli.render import console as render

    return render.console()


def _hand_over_recovery_key(
    journal: Journal, keys: NewKeys, out_path: Path | None, yes: bool
) -> bool:
    """Show the recovery key once, offer to write it to a file, and ask that it was
    kept; False when the user says it was not (then nothing changes)."""
    from ticli.cli.terminal import ask_yes_no, stdin_is_terminal
    from ticli.render import encryption as render
    from ticli.usecases.encryption import write_recovery_file

    if out_path is not None:
        write_recovery_file(journal, out_path, keys)
        render.recovery_written(_out(), out_path)
        if yes:
            return True
    else:
        render.recovery_key(_out(), keys.recovery, keys.recovery_recipient)
        if stdin_is_terminal():
            where = input(render.SAVE_QUESTION).strip()
            if where:
                write_recovery_file(journal, Path(where).expanduser(), keys)
                render.recovery_written(_out(), Path(where))
    if yes:
        return True
    return ask_yes_no(render.KEPT_QUESTION, default=False)


def _progress(label: str) -> Callable[[int, int], None]:
    from ticli.render.progress import IndexProgress

    return IndexProgress(label)


@reports_errors
def encrypt(recovery_key_out: RecoveryOut = None, yes: Yes = False) -> None:
    """Encrypt the journal, with a passphrase and a recovery key.

    The files use the age format.

    You choose a passphrase (asked twice), keep the recovery key shown once, and
    only then are the files encrypted. Run it again to finish one that was stopped.

    Example: ticli encrypt
    """
    from ticli.cli.secret_input import ask_passphrase, new_passphrase
    from ticli.render import encryption as render
    from ticli.usecases import encryption

    journal = opened()
    state = encryption.encryption_state(journal)
    if state.encrypted:
        if not (state.unfinished or state.plain_files or state.retired_keys or state.plain_lists):
            render.already(_out(), True)
            return
        result = encryption.encrypt(
            journal, ask_passphrase(), None, _progress(render.ENCRYPT_PROGRESS)
        )
        if not (
            state.unfinished
            or state.plain_files
            or result.reencrypted
            or result.problems
            or result.lists_moved is not None
        ):
            render.already(_out(), True)  # only looked for files under retired keys
            return
    else:
        encryption.check_can_start(journal)  # before any question
        render.encrypt_intro(_out(), state.plain_files)
        passphrase = new_passphrase()
        keys = encryption.make_keys()
        if not _hand_over_recovery_key(journal, keys, recovery_key_out, yes):
            render.not_kept(_out())
            raise typer.Exit(1)
        result = encryption.encrypt(journal, passphrase, keys, _progress(render.ENCRYPT_PROGRESS))
    render.converted(_out(), "encrypt", result)
    if result.problems:
        raise typer.Exit(1)


@reports_errors
def decrypt(yes: Yes = False) -> None:
    """Turn encryption off: back to plain Markdown.

    Every file is decrypted, byte for byte.

    Example: ticli decrypt
    """
    from ticli.cli.secret_input import ask_passphrase
    from ticli.cli.terminal import ask_yes_no
    from ticli.render import encryption as render
    from ticli.usecases import encryption

    journal = opened()
    state = encryption.encryption_state(journal, count=False)
    if not state.encrypted and state.unfinished != encryption.DECRYPT:
        render.already(_out(), False)
        return
    if not yes and not ask_yes_no(render.DECRYPT_QUESTION, default=False):
        render.said(_out(), "Nothing was changed.")
        raise typer.Exit(1)
    passphrase = ask_passphrase() if state.encrypted else b""
    result = encryption.decrypt(journal, passphrase, _progress(render.DECRYPT_PROGRESS))
    render.converted(_out(), "decrypt", result)
    if result.problems:
        raise typer.Exit(1)


@reports_errors
def passphrase(
    new_passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--new-passphrase-file",
            metavar="PATH",
            help="The new passphrase, from a file only you can read (for scripts).",
        ),
    ] = None,
) -> None:
    """Change the passphrase (instant: only the key changes).

    Example: ticli passphrase
    """
    from ticli.cli import secret_input
    from ticli.render import encryption as render
    from ticli.usecases import encryption

    journal = opened()
    old = secret_input.ask_passphrase("Current passphrase: ")
    new = secret_input.new_passphrase(new_passphrase_file, "a new passphrase")
    encryption.change_passphrase(journal, old, new)
    render.said(_out(), "The passphrase is changed. Your recovery key is the same as before.")


@reports_errors
def recover(
    key: Annotated[
        Path,
        typer.Option("--key", metavar="FILE", help="The file holding your recovery key."),
    ],
) -> None:
    """Set a new passphrase with your recovery key.

    For when the passphrase is lost.

    Example: ticli recover --key ~/ticli-recovery.txt
    """
    from ticli.cli import secret_input
    from ticli.render import encryption as render
    from ticli.usecases import encryption

    journal = opened()
    recovery = encryption.read_recovery_file(key)
    new = secret_input.new_passphrase(None, "a new passphrase")
    encryption.recover(journal, recovery, new)
    render.said(_out(), "A new passphrase is set. The recovery key still works as before.")


@reports_errors
def rekey(recovery_key_out: RecoveryOut = None, yes: Yes = False) -> None:
    """New keys and a new recovery key for every file.

    Every file is encrypted again, crash-safely.

    For when a recovery key or a device may have been seen by someone else.
    Run it again to finish one that was stopped.

    Example: ticli rekey --recovery-key-out /media/usb/ticli-recovery.txt
    """
    from ticli.cli.secret_input import ask_passphrase
    from ticli.render import encryption as render
    from ticli.usecases import encryption

    journal = opened()
    if not encryption.encryption_state(journal, count=False).encrypted:
        render.already(_out(), False)
        raise typer.Exit(1)
    passphrase = ask_passphrase()
    encryption.check_passphrase(journal, passphrase)  # before any new key is shown or written
    keys = None
    if not encryption.pending_rekey(journal):
        keys = encryption.make_keys()
        if not _hand_over_recovery_key(journal, keys, recovery_key_out, yes):
            render.not_kept(_out())
            raise typer.Exit(1)
    result = encryption.rekey(journal, passphrase, keys, _progress(render.REKEY_PROGRESS))
    render.converted(_out(), "rekey", result)
    if keys is None and recovery_key_out is not None:
        render.no_new_recovery_key(_out(), recovery_key_out)
    if result.problems:
        raise typer.Exit(1)


@reports_errors
def unlock(
    remember: Annotated[
        bool,
        typer.Option(
            "--remember",
            help="Keep the key in the OS keyring (on Linux without one, the kernel's): "
            "no more passphrase.",
        ),
    ] = False,
) -> None:
    """Check the passphrase, or keep the key in the keyring.

    With --remember the key is kept in the OS keyring; on Linux with none (a server,
    a headless box), in the kernel's own keyring, in memory, until the machine restarts.

    Example: ticli unlock --remember   (and ticli lock to forget it)
    """
    from ticli.cli.secret_input import ask_passphrase
    from ticli.render import encryption as render
    from ticli.usecases import encryption, unlocking

    journal = opened()
    if not encryption.encryption_state(journal, count=False).encrypted:
        render.already(_out(), False)
        return
    passphrase = ask_passphrase()
    if remember:
        render.key_kept(_out(), unlocking.remember_key(journal, passphrase))
    else:
        encryption.check_passphrase(journal, passphrase)
        render.said(_out(), "That passphrase opens the journal. (--remember keeps the key.)")


@reports_errors
def lock() -> None:
    """Forget the key kept in the OS keyring.

    The passphrase is asked again.

    Example: ticli lock
    """
    from ticli.render import encryption as render
    from ticli.usecases import unlocking

    journal = opened()
    if unlocking.forget_key(journal):
        render.said(_out(), "The key is no longer kept: ticli will ask for the passphrase.")
    else:
        render.said(_out(), "No key was kept in the keyring; nothing to forget.")


COMMANDS: dict[str, Callable[..., Any]] = {
    "encrypt": encrypt,
    "decrypt": decrypt,
    "passphrase": passphrase,
    "recover": recover,
    "rekey": rekey,
    "unlock": unlock,
    "lock": lock,
}
