"""The passphrase's key, worked out ahead: when a command is given a passphrase file, the
scrypt that opens the journal's key (store.agekeys) starts in a thread as soon as the
command starts, and the rest of the start-up (loading ticli's modules, the settings, the
index) goes on beside it; the key is taken when a file first needs it (store.vault).

Only ever a head start: nothing here says anything or stops a command. Whatever cannot
be used (no key file, a damaged one, a passphrase file others can read, a pipe, which
can be read only once) is left for the command, which reads the files again in the
usual way and says what is wrong as it always does; and what was worked out ahead is
used only for exactly the passphrase, salt and settings the command then reads.
"""

from __future__ import annotations

from pathlib import Path

from ticli.errors import TicliError
from ticli.store import agekeys, files


def start(root: Path, passphrase_file: Path, kept: Path | None = None) -> None:
    """Start the scrypt the journal at `root` will need, with the passphrase in
    `passphrase_file`, when both are there to read (else do nothing); not when the key
    is kept in a keyring (`kept`, the marker `ticli unlock --remember` leaves: the
    command will most likely not need the passphrase)."""
    from ticli.store import keyfile

    try:
        if kept is not None and kept.is_file():
            return
        path = keyfile.key_path(root)
        # A pipe (`<(pass show ticli)`) can be read once: the command reads it.
        if not path.is_file() or not files.is_regular_file(passphrase_file):
            return
        from ticli.store import secretfiles

        # Refused, as the command refuses it, when others can read it: never read here.
        passphrase = secretfiles.read_passphrase_file(passphrase_file)
        key = keyfile.read_key_file(path)
    except (TicliError, OSError, ValueError):
        return
    if keyfile.settings_allowed(key):
        agekeys.derive_ahead(passphrase, key.salt, key.log_n, key.r, key.p)


def finish() -> None:
    """Wait for a scrypt still under way and drop what it worked out (the command ends)."""
    agekeys.forget_ahead()
