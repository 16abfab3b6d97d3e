"""Opening an encrypted journal's key ahead: the passphrase's scrypt started as the command
starts, when it is given a passphrase file (see store.prekey)."""

from __future__ import annotations

from pathlib import Path


def start_unlocking(passphrase_file: Path) -> None:
    """Start working out the key that `passphrase_file` opens, for the journal this
    command will open (nothing happens when it is not encrypted)."""
    from ticli.paths import journal_folder
    from ticli.store import prekey

    prekey.start(journal_folder(), passphrase_file)


def finish_unlocking() -> None:
    """Wait for the scrypt `start_unlocking` started, if it is still under way, and drop
    what it worked out (at the end of the command)."""
    from ticli.store import prekey

    prekey.finish()
