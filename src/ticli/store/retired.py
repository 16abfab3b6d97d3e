"""Keys a `ticli rekey` retired, kept so that files still encrypted to them open.

After a re-key, another device that has not synced yet may still write files encrypted
to the old keys, and a sync tool may bring back old versions of files. The journal's
key file keeps the old secret keys, one a line, age-encrypted to the journal's current
recipients (its own key and the recovery key), with an HMAC of that block under the
journal's current secret key. Only the holder of the current key can write a block the
HMAC accepts, so a retired key planted by someone who can write to the (synced) journal
folder is refused, never used.
"""

from __future__ import annotations

from collections.abc import Sequence

from ticli.store import agekeys

#: What the HMAC is taken of, before the block (so it can be no other HMAC of ticli's).
_DOMAIN = b"ticli retired keys\n"


def wrap(secret: str, recipients: Sequence[str], retired: Sequence[str]) -> tuple[bytes, str]:
    """The retired secret keys, encrypted to `recipients`, and their proof under `secret`
    (the journal's own secret key, which opens the block too)."""
    import pyrage
    from pyrage import x25519

    unique = list(dict.fromkeys(s.strip() for s in retired if s.strip()))
    for text in unique:
        agekeys.identity_from_text(text)  # raises ValueError for anything that is not a key
    payload = "".join(f"{text}\n" for text in unique).encode("ascii")
    wrapped = bytes(
        pyrage.encrypt(payload, [x25519.Recipient.from_str(r) for r in recipients], armored=True)
    )
    return wrapped, proof(secret, wrapped)


def proof(secret: str, wrapped: bytes) -> str:
    import hashlib  # here: slow to import, and most commands never need it
    import hmac

    return hmac.new(secret.encode("ascii"), _DOMAIN + wrapped, hashlib.sha256).hexdigest()


def unwrap(secret: str, wrapped: bytes, given_proof: str) -> list[str] | None:
    """The retired secret keys in a key file's block, once its proof holds under the
    journal's secret key; None when it does not (a planted or damaged block)."""
    import hmac

    import pyrage

    given = given_proof.encode("utf-8", "surrogatepass")  # not ASCII: refused, not a crash
    if not given or not hmac.compare_digest(given, proof(secret, wrapped).encode("ascii")):
        return None
    try:
        opener = agekeys.identity_from_text(secret)
        payload = bytes(pyrage.decrypt(wrapped, [opener])).decode("ascii")
        found = payload.split()
        for text in found:
            agekeys.identity_from_text(text)
    except (pyrage.DecryptError, ValueError, UnicodeError):
        return None
    return found
