"""The OS keyring (through the `keyring` package), where the user may choose to keep an
encrypted journal's key so the passphrase is not asked each time; on Linux without one
(no Secret Service or KWallet: a server, a headless box), the kernel's own keyring
(store.kernelkeys), which keeps it in memory until the machine restarts.

A small marker file in the cache folder says a key was kept, and where, so commands look
for it only then (importing the keyring package costs a tenth of a second).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from ticli.store import files, kernelkeys

SERVICE = "ticli"
#: The marker's first line when the key is in the kernel's keyring.
KERNEL = "kernel"


def keyring_missing() -> str | None:
    """Why there is no keyring to keep the key in (None: there is one)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return "the keyring package is not installed"
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return "this machine has no keyring (no Secret Service, KWallet or Keychain)"
    if _keeps_in_a_file(backend):
        # keyrings.alt's plaintext and file keyrings keep the key in a file ticli would
        # just as well not encrypt the journal for.
        return (
            f"the only keyring here ({type(backend).__module__}) keeps secrets in a file, "
            "not in the system's protected store"
        )
    return None


def _keeps_in_a_file(backend: object) -> bool:
    backends = getattr(backend, "backends", None)  # a chain of keyrings: look at each
    if backends:
        return all(_keeps_in_a_file(one) for one in backends)
    module = type(backend).__module__
    return module.startswith("keyrings.alt") or "Plaintext" in type(backend).__name__


def is_remembered(marker: Path | None) -> bool:
    return marker is not None and marker.is_file()


def where_remembered(marker: Path | None, name: str) -> str:
    """Where the key kept under `name` is: "", "keyring" (as the marker says: the OS
    keyring is not asked, that takes a tenth of a second) or "kernel" (which forgets it
    at a restart: looked up)."""
    if not is_remembered(marker):
        return ""
    if kept_in_kernel(marker):
        return KERNEL if name and kernelkeys.find(name) is not None else ""
    return "keyring"


def kept_in_kernel(marker: Path | None) -> bool:
    """True when the marker says the key went to the kernel's keyring."""
    try:
        return marker is not None and marker.read_bytes().startswith(KERNEL.encode() + b"\n")
    except OSError:
        return False


def _noted_name(marker: Path | None) -> str:
    """The name the key was kept under, as the marker notes it ("" when it does not)."""
    if marker is None:
        return ""
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[1].strip() if len(lines) > 1 and lines[1].startswith("age1") else ""


def recall(marker: Path | None, name: str) -> str | None:
    """The key kept under `name`, if the user chose to keep one."""
    if marker is None or not marker.is_file():
        return None
    if kept_in_kernel(marker):
        return kernelkeys.fetch(name)  # None after a restart: the passphrase is asked
    try:
        import keyring

        return keyring.get_password(SERVICE, name)
    except Exception:  # a locked or broken keyring: ask for the passphrase instead
        return None


def remember(marker: Path, name: str, secret: str, in_kernel: bool = False) -> None:
    """Keep the key: in the OS keyring, or with `in_kernel` in the kernel's."""
    if in_kernel:
        if not kernelkeys.keep(name, secret):
            raise OSError("the kernel did not keep the key")
        files.atomic_write(
            marker,
            f"{KERNEL}\n{name}\nThe key of a ticli journal is kept in Linux's keyring, in "
            "memory, under the public key above, until the machine restarts.\n".encode(),
        )
        return
    import keyring

    keyring.set_password(SERVICE, name, secret)
    files.atomic_write(
        marker,
        f"keyring\n{name}\nThe key of a ticli journal is kept in the OS keyring, under the "
        "public key above.\n".encode(),
    )


def forget(marker: Path | None, name: str) -> bool:
    """Take the key out of the keyring (either); True when one was there. The name the
    marker noted is forgotten too: after a re-key made on another device, `name` is the
    new key's, and the old key (which opens old copies of the journal) must go as well."""
    had = marker is not None and marker.is_file()
    noted = _noted_name(marker)
    if marker is not None:
        files.remove(marker)
    names = {name, noted} - {""}
    for kept in names:
        if kernelkeys.forget(kept):
            had = True
    for kept in names or {name}:
        with contextlib.suppress(Exception):
            import keyring

            keyring.delete_password(SERVICE, kept)
            had = True
    return had
