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
from ticli.store import agekeys, keyseen, retired
from ticli.store.keyfile import KEY_FILE as KEY_FILE
from ticli.store.keyfile import KEY_FOLDER as KEY_FOLDER
from ticli.store.keyfile import NEXT_KEY_FILE as NEXT_KEY_FILE
from ticli.store.keyfile import Carried, claim_of, recipient, retired_claim
from ticli.store.keyfile import KeyFile as KeyFile
from ticli.store.keyfile import KeyFileChanged as KeyFileChanged
from ticli.store.keyfile import WrongPassphrase as WrongPassphrase
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
    #: Why the key file's [retired] block is not used ("": it is, or there is none).
    retired_problem: str = ""

    def joined(self, fresh: Keys, secret: str) -> Keys:
        """These keys and a re-key's next ones: both open files; new files go to `fresh`."""
        return Keys(
            self.identities + fresh.identities,
            fresh.recipients,
            secret,
            self.retired + fresh.retired,
            self.retired_problem or fresh.retired_problem,
        )

    @property
    def retired_secrets(self) -> list[str]:
        return [str(identity) for identity in self.retired]


def payload_of(keys: Keys, key: KeyFile) -> str:
    """What the keyring keeps: the secret key, the recovery recipient and what the key
    says of its [retired] block, as wrapped."""
    claim = claim_of(key, keys.secret)
    return f"{keys.secret}\n{key.recipients[1]}\n" + (f"retired {claim}\n" if claim else "")


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
    re-key retired, once their proof holds) and what new files are encrypted to.

    A [retired] block that fails its proof, or is not the one the wrapped key names
    (removed, or swapped), is not used, and `retired_problem` says why: the journal's own
    key still opens every current file, so nobody is locked out over it."""
    old: list[str] = []
    problem = ""
    claim = claim_of(key, secret)
    if key.retired or key.retired_proof:
        found = retired.unwrap(secret, key.retired, key.retired_proof)
        if found is None:
            problem = "they were not put there with this journal's key (changed or damaged)"
        elif claim is not None and claim != retired_claim(key.retired, key.retired_proof):
            problem = "they are not the ones this key was made with"
        else:
            old = found
    elif claim is not None:
        problem = "they have been removed from the file"
    if problem:
        _NOTES.setdefault(retired_warning(problem))
    return Keys(
        [agekeys.identity_from_text(secret)],
        [recipient(r) for r in key.recipients],
        secret,
        [agekeys.identity_from_text(s) for s in old],
        problem,
    )


#: What a command is to say at its end about the key file (said once each).
_NOTES: dict[str, None] = {}


def notes() -> list[str]:
    """What this command found wrong with the key file that did not stop it (said once)."""
    said = list(_NOTES)
    _NOTES.clear()
    return said


def carried_block(key: KeyFile, keys: Keys) -> Carried | None:
    """The [retired] block to keep as it is when the key file is written again: only when
    it is not used (see `keys_from_secret`); None lets it be made afresh."""
    if not keys.retired_problem:
        return None
    claim = claim_of(key, keys.secret)
    if claim is None and key.retired:
        claim = retired_claim(key.retired, key.retired_proof)
    return Carried(key.retired, key.retired_proof, claim)


def retired_warning(problem: str) -> str:
    return (
        f"The keys an earlier re-key retired, in .ticli/{KEY_FILE}, are not used: {problem}. "
        "Files only an old key opens cannot be read until that file is restored from a "
        "backup or another device; everything else works as usual, and ticli keeps the "
        "block as it is."
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
    #: This device's record of the keys re-keys retired from the journal (store.keyseen).
    memory: Path | None = None
    _keys: Keys | None = field(default=None, repr=False)
    #: True once `refuse_plain_writes` found no sign of encryption (looked once a command).
    plain_checked: bool = field(default=False, repr=False)

    @property
    def encrypted(self) -> bool:
        return is_encrypted(self.root)

    def keys(self) -> Keys:
        if self._keys is None:
            self._keys = self._unlock()
        return self._keys

    def use(self, keys: Keys) -> None:
        self._keys = keys

    def checked(self, key: KeyFile, keys: Keys) -> Keys:
        """The keys of this key file, once this device has not seen its key retired by a
        re-key (an old key file put back: refused); the keys it retires are noted."""
        if key.journal_recipient in keyseen.retired_here(self.memory):
            raise KeyFileChanged(
                f"The journal's key file ({KEY_FOLDER}/{KEY_FILE}) is an old one: a re-key "
                "replaced its key, as this device has seen, so ticli will not use it (new "
                "entries would be encrypted to the keys you re-keyed away from). It may have "
                "been put back by restoring a backup, by a sync tool, or by someone who can "
                "write to the folder.",
                hint=f"Restore the newest {KEY_FOLDER}/{KEY_FILE} from a backup, another "
                "device or your sync tool's old versions. Your newest recovery key opens "
                "every entry with the age tool: age -d -i RECOVERY_FILE ENTRY.md.age. If you "
                "restored this whole journal from a backup yourself, on purpose, remove this "
                f"device's record of retired keys, {self.memory}, and run the command again.",
            )
        self.note_retired(keys)
        return keys

    def note_retired(self, keys: Keys) -> None:
        keyseen.note_retired(self.memory, (str(i.to_public()) for i in keys.retired))

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
        keys = self.checked(key, keys_from_secret(key, secret))
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
    """Where a file goes in this journal's mode: `<name>.age` when it is encrypted.
    (Before writing a plain one, see `refuse_plain_writes`.)"""
    if is_encrypted(root):
        return plain_name.with_name(plain_name.name + AGE_SUFFIX)
    return plain_name


class KeyFileMissing(UsageError):
    """The journal's entries are encrypted but its key file is gone."""


def refuse_plain_writes(root: Path) -> None:
    """Raise KeyFileMissing when the journal has no key file but holds encrypted files
    (a sync tool passed on a deletion, or someone removed it): writing in plain text there
    would leave a new entry readable by anyone, and never ask again."""
    if is_encrypted(root):
        return
    opened = current(root)
    if opened.plain_checked:  # an import writes thousands: the folders are looked at once
        return
    found = keyseen.encrypted_trace(root, KEY_FOLDER, ("privacy-lists.toml.age",))
    if found is None:
        opened.plain_checked = True
        return
    raise KeyFileMissing(
        f"The journal holds an encrypted file ({found}), and its key file {KEY_FOLDER}/"
        f"{KEY_FILE} is missing, so ticli will not write anything in plain text there. "
        "Nothing was written.",
        hint=f"If the journal is meant to be encrypted, put {KEY_FOLDER}/{KEY_FILE} back: "
        "from a backup, another device, or your sync tool's old versions (Syncthing keeps "
        "them in .stversions). If it is meant to be plain (it was decrypted, and a device "
        "sent this file back), open the file with your recovery key (age -d -i "
        f"RECOVERY_FILE {found}), keep its text, move the file out of the journal folder, "
        "and run the command again.",
    )


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
