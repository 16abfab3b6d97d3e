"""What this device has seen of an encrypted journal's keys, and the signs that a journal
is encrypted when its key file is gone.

A key file rolled back to one from before a `rekey` still opens with the passphrase (a
re-key keeps it), and every file in it is genuine; only something outside the synced
folder can tell it is old. So this device keeps, in its cache folder beside the index,
the public keys a re-key retired from each journal it opened (public keys only: nothing
in it opens anything). A key file whose own key is one of them is refused, never used
for new files. Deleting the record only takes that check away on this device.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from ticli.store import files

_HEADER = (
    "# Public keys that a `ticli rekey` retired from this journal, as seen on this device:\n"
    "# a key file that names one of them as the journal's key is an old one put back.\n"
)


def retired_here(memory: Path | None) -> set[str]:
    """The journal's public keys this device knows a re-key retired (empty: none, or
    no record that can be read)."""
    if memory is None:
        return set()
    try:
        import tomllib  # here: only an encrypted journal needs it

        data = tomllib.loads(memory.read_text(encoding="utf-8"))
        retired = data.get("retired", [])
    except (OSError, ValueError, UnicodeError, AttributeError):
        return set()
    if not isinstance(retired, list):  # a damaged record: as if there were none
        return set()
    return {k for k in retired if isinstance(k, str)}


def note_retired(memory: Path | None, publics: Iterable[str]) -> None:
    """Add public keys a re-key retired to this device's record (never an error: the
    record is a safety net, not needed to open anything)."""
    if memory is None:
        return
    seen = retired_here(memory)
    wanted = seen | set(publics)
    if wanted == seen:
        return
    import tomli_w

    text = _HEADER + tomli_w.dumps({"retired": sorted(wanted)})
    with contextlib.suppress(OSError):
        files.atomic_write(memory, text.encode("utf-8"))


def encrypted_trace(root: Path, key_folder: str, names: Iterable[str]) -> str | None:
    """A file (named from the journal's folder) that shows the journal is encrypted: one
    of `names` in the key folder (the encrypted lists), or any
    encrypted entry (newest folders first); None when there is none. Reads only folder
    listings."""
    for name in names:
        if (root / key_folder / name).is_file():
            return f"{key_folder}/{name}"
    try:
        years = sorted((e.name for e in os.scandir(root) if _folder(e, 4)), reverse=True)
        for year in years:
            months = sorted(e.name for e in os.scandir(root / year) if _folder(e, 2))
            for month in reversed(months):
                for item in os.scandir(root / year / month):
                    if item.name.endswith(".md.age") and not item.name.startswith("."):
                        return f"{year}/{month}/{item.name}"
    except OSError:
        return None
    return None


def _folder(item: os.DirEntry[str], length: int) -> bool:
    """A year (4 digits) or month (2 digits) folder."""
    return len(item.name) == length and item.name.isdigit() and item.is_dir()
