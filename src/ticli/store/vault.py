"""Encryption at rest: the journal's keys, and files in the age format.

An encrypted journal keeps, in `<journal>/.ticli/key.toml`, the public keys every
file is encrypted to (the journal's own and the recovery key's) and the journal's
own secret key, encrypted to the passphrase's key and to the recovery key. The
file travels with the journal, so the passphrase opens it on any machine; the
recovery key (never stored by ticli) opens every file with the stock `age` tool.

Each entry is then `<id>.md.age`: the entry file's exact bytes, age-encrypted.
Reading takes either kind of file, whatever the journal's mode (a sync may bring
either); writing follows the mode. The key file itself is read, made and checked in
store.keyfile (its names are re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ticli.errors import EntryProblem, UsageError
from ticli.store import agekeys, retired
from ticli.store.keyfile import KEY_FILE as KEY_FILE
from ticli.store.keyfile import KEY_FOLDER as KEY_FOLDER
from ticli.store.keyfile import NEXT_KEY_FILE as NEXT_KEY_FILE
from ticli.store.keyfile import KeyFile as KeyFile
from ticli.store.keyfile import KeyFileChanged as KeyFileChanged
from ticli.store.keyfile import WrongPassphrase as WrongPassphrase
from ticli.store.keyfile import changed, recipient
from ticli.store.keyfile import checked_payload as checked_payload
from ticli.store.keyfile import has_key_file as has_key_file
from ticli.store.keyfile import is_encrypted as is_encrypted
from ticli.store.keyfile import key_path as key_path
from ticli.store.keyfile import make_key_file as make_key_file
from ticli.store.keyfile import proof_holds as proof_holds
from ticli.store.keyfile import read_key_bytes as read_key_bytes
from ticli.store.keyfile import read_key_file as read_key_file
from ticli.store.keyfile import remove_key_file as remove_key_file
from ticli.store.keyfile import unwrap as unwrap
from ticli.store.keyfile import write_key_file as write_key_file

if TYPE_CHECKING:
    from pyrage import x25519

AGE_SUFFIX = ".age"


class Locked(UsageError):
    """The journal is encrypted and this command was given no way to ask for its passphrase."""


@dataclass(frozen=True)
class Keys:
    """What opens the journal's files, and what new files are encrypted to."""

    identities: list[x25519.Identity]
    recipients: list[x25519.Recipient]
    #: The journal's own secret key, as age writes it (for the keyring).
    secret: str = ""
    #: Keys a `rekey` retired: they open files still encrypted to them (see store.retired).
    retired: list[x25519.Identity] = field(default_factory=list)

    def joined(self, fresh: Keys, secret: str) -> Keys:
        """These keys and a re-key's next ones: both open files; new files go to `fresh`."""
        return Keys(
            self.identities + fresh.identities,
            fresh.recipients,
            secret,
            self.retired + fresh.retired,
        )

    @property
    def retired_secrets(self) -> list[str]:
        return [str(identity) for identity in self.retired]


def payload_of(keys: Keys, key: KeyFile) -> str:
    """What the keyring keeps: the secret key and the recovery recipient, as wrapped."""
    return f"{keys.secret}\n{key.recipients[1]}\n"


def index_key(keys: Keys) -> bytes:
    """The key of the journal's index (an SQLCipher database), derived from the journal's
    own secret key with a label of its own: the index opens with whatever opens the
    journal, and a re-key gives it a new key (the old index is then built again)."""
    import hashlib
    import hmac

    if not keys.secret:
        raise ValueError("no journal key to derive the index's key from")
    return hmac.new(keys.secret.encode("ascii"), b"ticli index key 1", hashlib.sha256).digest()


def keys_from_secret(key: KeyFile, secret: str) -> Keys:
    """The keys a key file and its opened secret give: what opens files (with the keys a
    re-key retired, once their proof holds) and what new files are encrypted to."""
    old: list[str] = []
    if key.retired or key.retired_proof:
        found = retired.unwrap(secret, key.retired, key.retired_proof)
        if found is None:
            raise changed("its retired keys were not put there with this journal's key")
        old = found
    return Keys(
        [agekeys.identity_from_text(secret)],
        [recipient(r) for r in key.recipients],
        secret,
        [agekeys.identity_from_text(s) for s in old],
    )


# ---------------------------------------------------------------- the open journal

#: Asks for the passphrase once a file needs it (None: nobody to ask).
Asker = Callable[[], bytes]


@dataclass
class Vault:
    """One journal's keys, opened the first time a file needs them (the passphrase is
    asked at most once per command)."""

    root: Path
    ask: Asker | None = None
    #: Looks the journal's secret key up where the user chose to keep it (the keyring).
    remembered: Callable[[str], str | None] | None = None
    _keys: Keys | None = field(default=None, repr=False)

    @property
    def encrypted(self) -> bool:
        return is_encrypted(self.root)

    def keys(self) -> Keys:
        if self._keys is None:
            self._keys = self._unlock()
        return self._keys

    def use(self, keys: Keys) -> None:
        self._keys = keys

    def _unlock(self) -> Keys:
        path = key_path(self.root)
        if not path.is_file():
            raise Locked(
                f"This file is encrypted, but the journal {self.root} has no key file "
                f"({KEY_FOLDER}/{KEY_FILE}).",
                hint="Copy .ticli/key.toml from the device that encrypted it, or open the "
                "file with your recovery key: age -d -i RECOVERY_FILE FILE",
            )
        key = read_key_file(path)
        remembered = self.remembered(key.journal_recipient) if self.remembered else None
        if remembered is not None:
            secret = checked_payload(key, remembered)
        else:
            if self.ask is None:
                raise Locked(
                    "The journal is encrypted and I have no way to ask for its passphrase.",
                    hint="Run the command in a terminal, or give --passphrase-file PATH.",
                )
            secret = unwrap(key, self.ask())
        keys = keys_from_secret(key, secret)
        pending = pending_next(self.root, secret)
        if pending is not None:
            # A re-key was cut short: both keys open files; new files go to the new keys.
            next_key, next_secret = pending
            keys = keys.joined(keys_from_secret(next_key, next_secret), secret)
        return keys


def pending_next(root: Path, secret: str) -> tuple[KeyFile, str] | None:
    """The next key file of a re-key under way (and its secret): only when a re-key is
    under way, and only when the current key made it (a planted one is ignored)."""
    path = key_path(root, NEXT_KEY_FILE)
    if not path.is_file():  # whatever progress.toml says (a sync may have lost it)
        return None
    next_key = read_key_file(path)
    if not proof_holds(next_key, secret):
        return None
    return next_key, unwrap(next_key, identity=secret)


_CURRENT: Vault | None = None


def use_vault(vault: Vault) -> None:
    """Make this the journal whose files are read and written (one per command)."""
    global _CURRENT
    _CURRENT = vault


def current(root: Path) -> Vault:
    """The vault of the journal at `root` (one that can ask nobody when none was set)."""
    global _CURRENT
    if _CURRENT is None or _CURRENT.root != root:
        _CURRENT = Vault(root)
    return _CURRENT


def _active() -> Vault:
    """The vault of the journal this command opened."""
    return _CURRENT if _CURRENT is not None else Vault(Path("."))


# ---------------------------------------------------------------- files


def is_sealed_name(name: str) -> bool:
    return name.endswith(AGE_SUFFIX)


def opened(path: Path, data: bytes) -> bytes:
    """A file's plain bytes: decrypted when it is an age file, else as they are.
    Raises EntryProblem (naming the file) when it cannot be opened."""
    return opened_telling(path, data)[0]


def opened_telling(path: Path, data: bytes) -> tuple[bytes, bool]:
    """A file's plain bytes (as `opened`), and whether only a key retired by a re-key
    opened it."""
    if not is_sealed_name(path.name):
        return data, False
    import pyrage

    active = _active()
    if not active.encrypted:
        raise EntryProblem(
            str(path),
            None,
            "is encrypted (age), and this journal has no key: copy .ticli/key.toml from "
            "the device that encrypted it, or open it with your recovery key",
        )
    try:
        return decrypted(data, active.keys())
    except pyrage.DecryptError as error:
        reason = str(error) or "it is not an age file"
        raise EntryProblem(
            str(path),
            None,
            "cannot be decrypted with this journal's key (encrypted to another key, "
            f"or damaged: {reason})",
        ) from None


def decrypted(data: bytes, keys: Keys) -> tuple[bytes, bool]:
    """An age file's plain bytes, and whether only a retired key opened it (it is to be
    encrypted again to the current keys). Raises pyrage.DecryptError."""
    import pyrage

    try:
        return bytes(pyrage.decrypt(data, keys.identities)), False
    except pyrage.DecryptError as error:
        if not keys.retired:
            raise
        first = error
    try:
        return bytes(pyrage.decrypt(data, keys.retired)), True
    except pyrage.DecryptError:
        raise first from None  # what the current keys found (a damaged file says so)


def active_keys() -> Keys:
    """The keys of the journal this command opened (the passphrase asked if need be)."""
    return _active().keys()


def sealed(keys: Keys, data: bytes) -> bytes:
    import pyrage

    return bytes(pyrage.encrypt(data, keys.recipients))


def read_plain(path: Path) -> bytes:
    """A journal file's plain bytes (decrypted when it is an age file)."""
    return opened(path, path.read_bytes())


def name_for(root: Path, plain_name: Path) -> Path:
    """Where a file goes in this journal's mode: `<name>.age` when it is encrypted."""
    if is_encrypted(root):
        return plain_name.with_name(plain_name.name + AGE_SUFFIX)
    return plain_name


def encode_for(path: Path, data: bytes) -> bytes:
    """A file's bytes as they are written at `path`: encrypted for an age name."""
    if not is_sealed_name(path.name):
        return data
    return sealed(_active().keys(), data)


def plain_name(path: Path) -> Path:
    """`x.md` for `x.md.age`; the name itself otherwise."""
    return path.with_name(path.name.removesuffix(AGE_SUFFIX))


def sealed_name(path: Path) -> Path:
    return path if is_sealed_name(path.name) else path.with_name(path.name + AGE_SUFFIX)
