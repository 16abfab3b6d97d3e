"""age keys: new ones, and one made from a passphrase (scrypt, then an X25519 key).

A passphrase does not open the journal's files directly: it opens the journal's own
key (see store.vault). Turning the passphrase into a key takes scrypt from Python's
standard library, with a cost chosen so that a command starts in about a tenth of a
second; the key it gives is written as an age identity (Bech32, as age writes them)
so that age itself does all the encryption.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyrage import x25519

#: scrypt's cost for new keys: N = 2**15, r = 8, p = 1 (32 MiB, about 0.1 s).
SCRYPT_LOG_N = 15
SCRYPT_R = 8
SCRYPT_P = 1

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_SECRET_PREFIX = "age-secret-key-"


def new_identity() -> x25519.Identity:
    from pyrage import x25519

    return x25519.Identity.generate()


def identity_from_text(text: str) -> x25519.Identity:
    """An age identity written as `AGE-SECRET-KEY-1…` (raises ValueError if it is not)."""
    from pyrage import IdentityError, x25519

    try:
        return x25519.Identity.from_str(text.strip())
    except IdentityError as error:
        raise ValueError(str(error)) from None


def passphrase_identity(
    passphrase: bytes, salt: bytes, log_n: int = SCRYPT_LOG_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> x25519.Identity:
    """The age identity a passphrase and salt make (the same on every machine): worked
    out ahead when `derive_ahead` was given exactly these, else now."""
    secret = _taken((passphrase, salt, log_n, r, p))
    if secret is None:
        secret = _scrypt(passphrase, salt, log_n, r, p)
    return identity_from_text(_bech32(_SECRET_PREFIX, secret).upper())


def _scrypt(passphrase: bytes, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    import hashlib  # here: slow to import, and most commands never need it

    return hashlib.scrypt(passphrase, salt=salt, n=2**log_n, r=r, p=p, maxmem=2**31 - 1, dklen=32)


# ---------------------------------------------------------------- worked out ahead

_Inputs = tuple[bytes, bytes, int, int, int]


class _Ahead:
    """One scrypt under way in a thread of its own (hashlib lets go of the GIL while it
    works, so the command's start-up goes on beside it)."""

    def __init__(self, inputs: _Inputs) -> None:
        import threading

        self.inputs = inputs
        self.secret: bytes | None = None
        # Not a daemon: it always ends (a tenth of a second), and the interpreter waits
        # for it at exit, so no thread is ever cut off or left running.
        self.thread = threading.Thread(target=self._work, name="ticli-scrypt")
        self.thread.start()

    def _work(self) -> None:
        try:
            self.secret = _scrypt(*self.inputs)
        except Exception:  # worked out again, and any error said, when needed
            self.secret = None


_AHEAD: list[_Ahead] = []


def derive_ahead(passphrase: bytes, salt: bytes, log_n: int, r: int, p: int) -> None:
    """Start the scrypt `passphrase_identity` will need for these, in a thread, so that
    it is done (or nearly) when the key is needed. At most one at a time."""
    if not _AHEAD:
        _AHEAD.append(_Ahead((passphrase, salt, log_n, r, p)))


def _taken(inputs: _Inputs) -> bytes | None:
    """What the scrypt worked out ahead for exactly these inputs gave (waiting for it to
    end), once; None when none was started for them."""
    for ahead in _AHEAD:
        if ahead.inputs == inputs:
            ahead.thread.join()
            _AHEAD.remove(ahead)  # used once: the secret is not kept past its use
            return ahead.secret
    return None


def under_way() -> bool:
    """True while a scrypt started by `derive_ahead` has not been used."""
    return bool(_AHEAD)


def settle() -> None:
    """Wait for a scrypt under way to end (before this process forks: a thread's work is
    never copied half done into a child)."""
    for ahead in _AHEAD:
        ahead.thread.join()


def forget_ahead() -> None:
    """Wait for a scrypt under way to end, and drop what it worked out, unused."""
    settle()
    _AHEAD.clear()


def _polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def _bech32(prefix: str, data: bytes) -> str:
    """Bech32 (BIP 173) of `data` under `prefix`, lower case."""
    words: list[int] = []
    accumulator = bits = 0
    for byte in data:
        accumulator = (accumulator << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            words.append((accumulator >> bits) & 31)
    if bits:
        words.append((accumulator << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in prefix] + [0] + [ord(c) & 31 for c in prefix]
    check = _polymod([*expanded, *words, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(check >> 5 * (5 - i)) & 31 for i in range(6)]
    return prefix + "1" + "".join(_CHARSET[w] for w in words + checksum)
