"""What a command starts ahead, as it starts: an encrypted journal's key opened with the
passphrase given in a file (the scrypt, see store.prekey), and the look at the journal's
folders that brings its index up to date (see store.folderstamps)."""

from __future__ import annotations

from pathlib import Path


def start_unlocking(passphrase_file: Path) -> None:
    """Start working out the key that `passphrase_file` opens, for the journal this
    command will open (nothing happens when it is not encrypted)."""
    from ticli.paths import locations
    from ticli.store import prekey

    where = locations()
    prekey.start(where.journal, passphrase_file, where.keyring_marker)


def start_looking() -> None:
    """Start looking at every folder and file of the journal this command will open."""
    from ticli.store import folderstamps

    if folderstamps.can_look():
        from ticli.paths import locations

        folderstamps.start(locations().journal)


def finish_unlocking() -> None:
    """Wait for the scrypt `start_unlocking` started, or the look `start_looking` did, if
    still under way, and drop what they worked out (at the end of the command)."""
    from ticli.store import folderstamps, prekey

    prekey.finish()
    folderstamps.finish()
