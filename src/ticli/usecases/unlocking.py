"""Keeping an encrypted journal's key so the passphrase is not asked each time
(`ticli unlock --remember`, `ticli lock`): in the OS keyring, or, on Linux with none, in
the kernel's (store.secrets, store.kernelkeys)."""

from __future__ import annotations

from ticli.errors import UsageError
from ticli.store import kernelkeys, secrets, vault
from ticli.usecases.encryption import forget_key as forget_key
from ticli.usecases.encryption import key_name, keys_with
from ticli.usecases.journal import Journal


def remember_key(journal: Journal, passphrase: bytes) -> str:
    """Keep the journal's key in the OS keyring (`ticli unlock --remember`), or where
    there is none, in Linux's own keyring; say which ("keyring" or "kernel")."""
    missing = secrets.keyring_missing()
    in_kernel = missing is not None and kernelkeys.available()
    if missing is not None and not in_kernel:
        raise UsageError(
            f"I cannot keep the key: {missing}, and this system's kernel does not keep "
            "keys either.",
            hint="ticli will ask for the passphrase each time instead; nothing was changed.",
        )
    keys = keys_with(journal, passphrase)
    marker = journal.locations.keyring_marker
    if marker is None:
        raise UsageError("There is no cache folder to note that the key is kept.")
    key = vault.read_key_file(vault.key_path(journal.root))
    secrets.remember(marker, key_name(journal), vault.payload_of(keys, key), in_kernel)
    return "kernel" if in_kernel else "keyring"
