"""Files the user names for encryption, outside the journal's keys: a passphrase kept in a
file for scripts, and the recovery key, read from or written to a file of the user's."""

from __future__ import annotations

from pathlib import Path

from ticli.errors import UsageError
from ticli.store import files


def read_passphrase_file(path: Path) -> bytes:
    """A passphrase kept in a file for scripts: refused when others can read the file;
    one final newline is not part of it."""
    import stat as stat_module

    try:
        info = path.stat()
        if stat_module.S_IMODE(info.st_mode) & 0o077:
            raise UsageError(
                f"{path} can be read by others, so I will not take a passphrase from it.",
                hint=f"Make it yours alone: chmod 600 {path}",
            )
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(
            f"I could not read the passphrase file {path} ({error.strerror})."
        ) from None
    if data.endswith(b"\r\n"):
        data = data[:-2]
    elif data.endswith(b"\n"):
        data = data[:-1]
    if not data:
        raise UsageError(f"The passphrase file {path} is empty.")
    return data


def read_recovery_file(path: Path) -> str:
    """The `AGE-SECRET-KEY-1…` line of a recovery key file (or the key itself)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise UsageError(f"I could not read {path} ({error.strerror}).") from None
    for line in text.splitlines():
        if line.strip().upper().startswith("AGE-SECRET-KEY-1"):
            return line.strip()
    raise UsageError(
        f"{path} holds no recovery key (a line starting AGE-SECRET-KEY-1).",
    )


def write_recovery_file(root: Path, path: Path, text: str) -> None:
    """Write the recovery key to a new file outside the journal, readable only by the user."""
    if path.resolve().is_relative_to(root.resolve()):
        raise UsageError(
            f"{path} is inside the journal; keep the recovery key somewhere else "
            "(a password manager, a USB stick, paper).",
        )
    try:
        files.atomic_create(path, text.encode("utf-8"))
    except files.AlreadyThere:
        raise UsageError(
            f"{path} already exists; I will not replace it. Choose another name."
        ) from None
    except OSError as error:
        raise UsageError(f"I could not write {path} ({error.strerror}).") from None
