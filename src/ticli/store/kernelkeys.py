"""Linux's own keyring (the kernel's key retention service, keyctl(2)): where an encrypted
journal's key is kept, when the user asks, on a machine with no Secret Service or KWallet
(a server, a headless box, a container).

A key kept here lives in the kernel's memory, never on disk and never in swap, in the
user's keyring: readable by the user's own processes (as an unlocked desktop keyring is),
by nobody else, and gone when the machine restarts or `ticli lock` is run. Reading it
back is two system calls, where the `keyring` package takes a tenth of a second to load.

Called through libc's `syscall` with ctypes; the calls' numbers are those of x86-64 and
64-bit ARM. Elsewhere, or where the calls are refused (a container's seccomp filter, a
kernel without keys), `available()` is False and nothing here is used.
"""

from __future__ import annotations

import os
import sys
from typing import Any

#: The numbers of add_key, keyctl, by machine.
_CALLS = {"x86_64": (248, 250), "aarch64": (217, 219), "arm64": (217, 219)}
_USER_KEYRING = -4  # KEY_SPEC_USER_KEYRING
_SEARCH, _READ, _SETPERM, _INVALIDATE = 10, 11, 5, 21
#: Every right to processes of the user, none to a process of another user that merely
#: possesses it (one started from the user's login session with `sudo -u`, say: the kernel
#: adds possessor rights whatever the process's user).
_PERMISSIONS = 0x003F0000  # KEY_USR_ALL
_LIBC: Any = None


def _calls() -> tuple[Any, tuple[int, int]] | None:
    global _LIBC
    if not sys.platform.startswith("linux"):
        return None
    numbers = _CALLS.get(os.uname().machine)
    if numbers is None or sys.maxsize < 2**32:
        return None  # a 32-bit Python on a 64-bit kernel would make other calls
    if _LIBC is None:
        import ctypes

        _LIBC = ctypes.CDLL(None, use_errno=True)
        _LIBC.syscall.restype = ctypes.c_long
    return _LIBC, numbers


def _description(name: str) -> bytes:
    return f"ticli:{name}".encode()


def find(name: str) -> int | None:
    """The kernel's serial number of the key kept under `name` (None: none)."""
    calls = _calls()
    if calls is None:
        return None
    libc, (_, keyctl) = calls
    serial = libc.syscall(keyctl, _SEARCH, _USER_KEYRING, b"user", _description(name), 0)
    return int(serial) if serial > 0 else None


def fetch(name: str) -> str | None:
    """The secret kept under `name`, or None."""
    serial = find(name)
    calls = _calls()
    if serial is None or calls is None:
        return None
    import ctypes

    libc, (_, keyctl) = calls
    size = 4096
    buffer = ctypes.create_string_buffer(size)
    length = libc.syscall(keyctl, _READ, serial, buffer, size)
    if length <= 0 or length > size:
        return None
    try:
        return buffer.raw[:length].decode("utf-8")
    except UnicodeDecodeError:
        return None


def keep(name: str, secret: str) -> bool:
    """Keep `secret` under `name` in the user's keyring (replacing one there); False when
    the kernel refuses."""
    calls = _calls()
    if calls is None:
        return False
    libc, (add_key, keyctl) = calls
    data = secret.encode("utf-8")
    serial = libc.syscall(add_key, b"user", _description(name), data, len(data), _USER_KEYRING)
    if serial <= 0:
        return False
    if libc.syscall(keyctl, _SETPERM, serial, _PERMISSIONS) != 0:
        forget(name)
        return False
    return fetch(name) == secret


def forget(name: str) -> bool:
    """Remove the key kept under `name`; True when there was one."""
    serial = find(name)
    calls = _calls()
    if serial is None or calls is None:
        return False
    libc, (_, keyctl) = calls
    return bool(libc.syscall(keyctl, _INVALIDATE, serial) == 0)


def available() -> bool:
    """True when this machine's kernel keeps keys for ticli (tried with a throwaway key)."""
    probe = "probe-that-ticli-can-keep-a-key"
    if not keep(probe, "-"):
        return False
    forget(probe)
    return True
