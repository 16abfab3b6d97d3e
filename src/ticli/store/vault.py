"""Encryption at rest: the journal's keys, and files in the age format.

An encrypted journal keeps, in `<journal>/.ticli/key.toml`, the public keys every
file is encrypted to (the journal's own and the recovery key's) and the journal's
own secret key, encrypted to the passphrase's key and to the recovery key. The
file travels with the journal, so the passphrase opens it on any machine; the
recovery key (never stored by ticli) opens every file with the stock `age` tool.

Each entry is then `<id>.md.age`: the entry file's exact bytes, age-encrypted.
Reading takes either kind of file, whatever the journal's mode (a sync may bring
either); writing follows the mode.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ticli.errors import EntryProblem, UsageError
from ticli.store import agekeys, files, retired

if TYPE_CHECKING:
    from pyrage import x25519

#: Where an encrypted journal keeps its keys and what an unfinished change was doing.
KEY_FOLDER = ".ticli"
KEY_FILE = "key.toml"
#: The keys a `rekey` is moving to, until every file is encrypted to them.
NEXT_KEY_FILE = "key-next.toml"
AGE_SUFFIX = ".age"
KEY_FORMAT = 1

_KEY_HEADER = (
    "# This journal is encrypted by ticli, in the age format (https://age-encryption.org).\n"
    "# Keep this file with the journal: with your passphrase it opens every entry.\n"
    "# Your recovery key opens every entry without it: age -d -i RECOVERY_FILE ENTRY.md.age\n"
)


class WrongPassphrase(UsageError):
    """The passphrase (or recovery key) does not open the journal's key."""


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


@dataclass(frozen=True)
class KeyFile:
    """What `.ticli/key.toml` holds."""

    recipients: list[str]
    salt: bytes
    log_n: int
    r: int
    p: int
    wrapped: bytes
    #: In a re-key's next key file: an HMAC, under the journal's current key, of what the
    #: next key file says (so a planted one is never used).
    proof: str = ""
    #: Keys a `rekey` retired, encrypted to the recipients, and their HMAC under the
    #: journal's key (see store.retired); empty when there are none.
    retired: bytes = b""
    retired_proof: str = ""

    @property
    def journal_recipient(self) -> str:
        return self.recipients[0]


def key_path(root: Path, name: str = KEY_FILE) -> Path:
    return root / KEY_FOLDER / name


def has_key_file(root: Path, name: str = KEY_FILE) -> bool:
    return key_path(root, name).is_file()


def is_encrypted(root: Path) -> bool:
    """True when the journal has keys (its mode is encrypted)."""
    return key_path(root).is_file()


def read_key_file(path: Path) -> KeyFile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        secret = data["passphrase"]
        old = data.get("retired", {})
        return KeyFile(
            recipients=[str(r) for r in data["recipients"]],
            salt=bytes.fromhex(secret["salt"]),
            log_n=int(secret["log_n"]),
            r=int(secret["r"]),
            p=int(secret["p"]),
            wrapped=str(data["key"]["wrapped"]).encode("ascii"),
            proof=str(data["key"].get("proof", "")),
            retired=str(old.get("wrapped", "")).encode("ascii"),
            retired_proof=str(old.get("proof", "")),
        )
    except (OSError, ValueError, KeyError, TypeError, UnicodeError, AttributeError) as error:
        raise UsageError(
            f"The journal's key file {path} cannot be read ({error}).",
            hint="Nothing was changed. Your recovery key still opens every entry: "
            "ticli recover --key FILE.",
        ) from None


def make_key_file(
    journal: x25519.Identity,
    recovery: str,
    passphrase: bytes,
    previous: x25519.Identity | None = None,
    retired_keys: Sequence[str] = (),
) -> tuple[KeyFile, bytes]:
    """The key file of a journal with this key, recovery recipient and passphrase.

    What is wrapped holds the secret key and the recovery recipient together, so the
    public list beside it is checked against them on every unlock (a list changed by
    someone who can write to the journal folder is refused). For a re-key's next key
    file, `previous` (the current key) opens it too and signs it (`proof`).
    `retired_keys` (secret keys a re-key retired) are kept, encrypted to the recipients.
    """
    import pyrage

    salt = os.urandom(16)
    wrapper = agekeys.passphrase_identity(passphrase, salt)
    openers = [wrapper.to_public(), _recipient(recovery)]
    if previous is not None:
        openers.append(previous.to_public())
    payload = f"{journal}\n{recovery}\n".encode("ascii")
    wrapped = bytes(pyrage.encrypt(payload, openers, armored=True))
    recipients = [str(journal.to_public()), recovery]
    old, old_proof = (
        retired.wrap(str(journal), recipients, retired_keys) if retired_keys else (b"", "")
    )
    key = KeyFile(
        recipients=recipients,
        salt=salt,
        log_n=agekeys.SCRYPT_LOG_N,
        r=agekeys.SCRYPT_R,
        p=agekeys.SCRYPT_P,
        wrapped=wrapped,
        proof=_proof(previous, recipients, wrapped) if previous is not None else "",
        retired=old,
        retired_proof=old_proof,
    )
    return key, _format_key_file(key)


def _proof(signer: x25519.Identity, recipients: list[str], wrapped: bytes) -> str:
    import hashlib  # here: slow to import, and most commands never need it
    import hmac

    message = "\n".join(recipients).encode("ascii") + b"\n" + wrapped
    return hmac.new(str(signer).encode("ascii"), message, hashlib.sha256).hexdigest()


def proof_holds(key: KeyFile, signer_secret: str) -> bool:
    """True when a next key file was made by the holder of the current key."""
    import hmac

    signer = agekeys.identity_from_text(signer_secret)
    return bool(key.proof) and hmac.compare_digest(
        key.proof, _proof(signer, key.recipients, key.wrapped)
    )


def _format_key_file(key: KeyFile) -> bytes:
    import tomli_w

    body = {
        "format": KEY_FORMAT,
        "recipients": key.recipients,
        "passphrase": {
            "kdf": "scrypt",
            "log_n": key.log_n,
            "r": key.r,
            "p": key.p,
            "salt": key.salt.hex(),
        },
        "key": {
            "wrapped": key.wrapped.decode("ascii"),
            **({"proof": key.proof} if key.proof else {}),
        },
    }
    if key.retired:
        body["retired"] = {"wrapped": key.retired.decode("ascii"), "proof": key.retired_proof}
    return (_KEY_HEADER + tomli_w.dumps(body, multiline_strings=True)).encode("utf-8")


def write_key_file(root: Path, data: bytes, name: str = KEY_FILE) -> None:
    files.atomic_write(key_path(root, name), data)


def read_key_bytes(root: Path, name: str = KEY_FILE) -> bytes:
    return key_path(root, name).read_bytes()


def remove_key_file(root: Path, name: str) -> None:
    files.remove(key_path(root, name))


def _recipient(text: str) -> x25519.Recipient:
    from pyrage import x25519

    return x25519.Recipient.from_str(text)


class KeyFileChanged(UsageError):
    """The key file does not match what its own wrapped key says (changed by hand, or by
    someone with access to the journal folder)."""


#: The scrypt costs a key file may ask for (more would take minutes and gigabytes).
_LOG_N_RANGE = range(10, 23)


def unwrap(
    key: KeyFile,
    passphrase: bytes | None = None,
    recovery: str | None = None,
    identity: str | None = None,
) -> str:
    """The journal's own secret key, opened with the passphrase, the recovery key or
    (for a re-key's next key file) the current key, and checked against the file's list
    of recipients."""
    import pyrage

    if key.log_n not in _LOG_N_RANGE or (key.r, key.p) != (8, 1):
        raise _changed("its passphrase settings are not ones ticli writes")
    try:
        if recovery is not None:
            opener = agekeys.identity_from_text(recovery)
        elif identity is not None:
            opener = agekeys.identity_from_text(identity)
        else:
            assert passphrase is not None
            opener = agekeys.passphrase_identity(passphrase, key.salt, key.log_n, key.r, key.p)
        payload = bytes(pyrage.decrypt(key.wrapped, [opener])).decode("ascii")
    except (pyrage.DecryptError, ValueError, UnicodeError) as error:
        if "header" in str(error).lower() or "armor" in str(error).lower():
            raise _changed("its wrapped key is damaged") from None
        if recovery is not None:
            raise WrongPassphrase(
                "That recovery key does not open this journal.",
                hint="A recovery key is one line starting AGE-SECRET-KEY-1, shown when "
                "the journal was encrypted (or last re-keyed). Nothing was changed.",
            ) from None
        raise WrongPassphrase(
            "That passphrase does not open this journal. Nothing was changed.",
            hint="Check Caps Lock and try again. If it is lost, your recovery key sets a new "
            "one: ticli recover --key RECOVERY_FILE",
        ) from None
    return checked_payload(key, payload)


def checked_payload(key: KeyFile, payload: str) -> str:
    """The secret key in a wrapped (or remembered) payload, once the key file's list of
    recipients is exactly the one the payload names; raises KeyFileChanged otherwise."""
    lines = payload.split()
    try:
        identity = agekeys.identity_from_text(lines[0])
    except (ValueError, IndexError):
        raise _changed("its wrapped key is not a key") from None
    expected = [str(identity.to_public()), *lines[1:2]]
    if len(lines) != 2 or key.recipients != expected:
        raise _changed("its list of recipients is not the one its key was made with")
    return lines[0]


def _changed(why: str) -> KeyFileChanged:
    return KeyFileChanged(
        f"The journal's key file (.ticli/{KEY_FILE}) has been changed: {why}. "
        "ticli will not use it, so nothing is encrypted to a key that is not yours.",
        hint="Restore .ticli/key.toml from a backup or another device. Your recovery key "
        "still opens every entry with the age tool: age -d -i RECOVERY_FILE ENTRY.md.age",
    )


def payload_of(keys: Keys, key: KeyFile) -> str:
    """What the keyring keeps: the secret key and the recovery recipient, as wrapped."""
    return f"{keys.secret}\n{key.recipients[1]}\n"


def keys_from_secret(key: KeyFile, secret: str) -> Keys:
    """The keys a key file and its opened secret give: what opens files (with the keys a
    re-key retired, once their proof holds) and what new files are encrypted to."""
    old: list[str] = []
    if key.retired or key.retired_proof:
        found = retired.unwrap(secret, key.retired, key.retired_proof)
        if found is None:
            raise _changed("its retired keys were not put there with this journal's key")
        old = found
    return Keys(
        [agekeys.identity_from_text(secret)],
        [_recipient(r) for r in key.recipients],
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
    if not path.is_file() or _task(root) != "rekey":
        return None
    next_key = read_key_file(path)
    if not proof_holds(next_key, secret):
        return None
    return next_key, unwrap(next_key, identity=secret)


def _task(root: Path) -> str | None:
    try:
        text = key_path(root, "progress.toml").read_text(encoding="utf-8")
        return str(tomllib.loads(text).get("task"))
    except (OSError, ValueError, UnicodeError):
        return None


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
    except pyrage.DecryptError:
        if not keys.retired:
            raise
    return bytes(pyrage.decrypt(data, keys.retired)), True


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
