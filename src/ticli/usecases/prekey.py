"""Opening an encrypted journal's key ahead: the passphrase's scrypt started as the command
starts, when it is given a passphrase file (see store.prekey)."""

from __future__ import annotations

from pathlib import Path


def start_unlocking(passphrase_file: Path) -> None:
    """Start working out the key that `passphrase_file` opens, for the journal this
    command will open (nothing happens when it is not encrypted)."""
    from ticli.paths import locations
    from ticli.store import prekey

    where = locations()
    prekey.start(where.journal, passphrase_file, where.keyring_marker)


def finish_unlocking() -> None:
    """Wait for the scrypt `start_unlocking` started, if it is still under way, and drop
    what it worked out (at the end of the command)."""
    from ticli.store import prekey

    prekey.finish()
