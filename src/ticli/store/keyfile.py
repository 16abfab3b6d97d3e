"""The journal's key file, `.ticli/key.toml`: the public keys every file is encrypted to
(the journal's own and the recovery key's), the journal's own secret key wrapped to the
passphrase's key and to the recovery key, the keys a re-key retired (store.retired), and
the checks that refuse a key file someone else changed (see store.vault).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ticli.errors import UsageError
from ticli.store import agekeys, files, retired

if TYPE_CHECKING:
    from pyrage import x25519

#: Where an encrypted journal keeps its keys and what an unfinished change was doing.
KEY_FOLDER = ".ticli"
KEY_FILE = "key.toml"
#: The keys a `rekey` is moving to, until every file is encrypted to them.
NEXT_KEY_FILE = "key-next.toml"
KEY_FORMAT = 1

_KEY_HEADER = (
    "# This journal is encrypted by ticli, in the age format (https://age-encryption.org).\n"
    "# Keep this file with the journal: with your passphrase it opens every entry.\n"
    "# Your recovery key opens every entry without it: age -d -i RECOVERY_FILE ENTRY.md.age\n"
)


class WrongPassphrase(UsageError):
    """The passphrase (or recovery key) does not open the journal's key."""


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
        import tomllib  # here: only an encrypted journal has a key file

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
    carried: Carried | None = None,
) -> tuple[KeyFile, bytes]:
    """The key file of a journal with this key, recovery recipient and passphrase.

    What is wrapped holds the secret key and the recovery recipient together, so the
    public list beside it is checked against them on every unlock (a list changed by
    someone who can write to the journal folder is refused). For a re-key's next key
    file, `previous` (the current key) opens it too and signs it (`proof`).
    `retired_keys` (secret keys a re-key retired) are kept, encrypted to the recipients;
    or, when the current [retired] block fails its check, `carried` keeps it as it is
    (never dropped: see `Carried`). What is wrapped names the block (`retired_claim`),
    so a block removed or swapped later is noticed.
    """
    import pyrage

    salt = os.urandom(16)
    wrapper = agekeys.passphrase_identity(passphrase, salt)
    openers = [wrapper.to_public(), recipient(recovery)]
    if previous is not None:
        openers.append(previous.to_public())
    recipients = [str(journal.to_public()), recovery]
    if carried is not None:
        old, old_proof, claim = carried.wrapped, carried.proof, carried.claim
    else:
        old, old_proof = (
            retired.wrap(str(journal), recipients, retired_keys) if retired_keys else (b"", "")
        )
        claim = retired_claim(old, old_proof) if old else None
    payload = f"{journal}\n{recovery}\n" + (f"retired {claim}\n" if claim else "")
    wrapped = bytes(pyrage.encrypt(payload.encode("ascii"), openers, armored=True))
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
    # As bytes: compare_digest refuses (TypeError) a str that is not ASCII, and a proof
    # is whatever the file says.
    given = key.proof.encode("utf-8", "surrogatepass")
    expected = _proof(signer, key.recipients, key.wrapped).encode("ascii")
    return bool(given) and hmac.compare_digest(given, expected)


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


def recipient(text: str) -> x25519.Recipient:
    from pyrage import x25519

    return x25519.Recipient.from_str(text)


class KeyFileChanged(UsageError):
    """The key file does not match what its own wrapped key says (changed by hand, or by
    someone with access to the journal folder)."""


#: The scrypt costs a key file may ask for (more would take minutes and gigabytes).
_LOG_N_RANGE = range(10, 23)


def settings_allowed(key: KeyFile) -> bool:
    """True when the key file's scrypt settings are ones ticli writes (any others are
    refused before scrypt runs: they could take minutes and gigabytes)."""
    return key.log_n in _LOG_N_RANGE and (key.r, key.p) == (8, 1)


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

    if not settings_allowed(key):
        raise changed("its passphrase settings are not ones ticli writes")
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
            raise changed("its wrapped key is damaged") from None
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
    recipients is exactly the one the payload names; raises KeyFileChanged otherwise.
    What the payload says of the [retired] block is noted for `claim_of`."""
    lines = payload.split()
    try:
        identity = agekeys.identity_from_text(lines[0])
    except (ValueError, IndexError):
        raise changed("its wrapped key is not a key") from None
    expected = [str(identity.to_public()), *lines[1:2]]
    claimed = len(lines) == 4 and lines[2] == "retired"
    if len(lines) not in (2, 4) or (len(lines) == 4 and not claimed):
        raise changed("its wrapped key is not one ticli writes")
    if key.recipients != expected:
        raise changed("its list of recipients is not the one its key was made with")
    _CLAIMS[(lines[0], key.wrapped)] = lines[3] if claimed else None
    return lines[0]


#: What each opened key file's wrapped payload says of its [retired] block, by the secret
#: and the wrapped bytes (a pure function of the file: never stale).
_CLAIMS: dict[tuple[str, bytes], str | None] = {}


def claim_of(key: KeyFile, secret: str) -> str | None:
    """The digest of the [retired] block the key file's wrapped key was made with (None:
    made with none, or by a ticli that did not say)."""
    return _CLAIMS.get((secret, key.wrapped))


def retired_claim(wrapped: bytes, proof: str) -> str:
    """What a wrapped payload says of a [retired] block: a digest of its bytes and proof."""
    import hashlib  # here: slow to import, and most commands never need it

    return hashlib.sha256(wrapped + b"\n" + proof.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Carried:
    """A [retired] block kept as it is when a key file is written again (a new passphrase,
    or one set with the recovery key) although it fails its check: what ticli cannot read
    it never drops, and what is wrapped keeps saying which block belongs there."""

    wrapped: bytes
    proof: str
    claim: str | None


def changed(why: str) -> KeyFileChanged:
    return KeyFileChanged(
        f"The journal's key file (.ticli/{KEY_FILE}) has been changed: {why}. "
        "ticli will not use it, so nothing is encrypted to a key that is not yours.",
        hint="Restore .ticli/key.toml from a backup or another device. Your recovery key "
        "still opens every entry with the age tool: age -d -i RECOVERY_FILE ENTRY.md.age",
    )
