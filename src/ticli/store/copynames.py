"""The names sync engines give the copies they make of an entry file, plain or encrypted.

A conflict copy of `<id>.md` has an engine's decoration between the id and `.md`. A copy
of an encrypted entry, `<id>.md.age`, may have it in either of two places: engines that
take the part after the last dot as the extension (Syncthing, which uses Go's
`filepath.Ext`; the Nextcloud and ownCloud clients, which insert before the last dot)
put it between `.md` and `.age` (`<id>.md.sync-conflict-…-DEVICE.age`); tools that
take `.md.age` as one extension put it before `.md`. Both are recognised, for every
engine. Nothing here touches the disk.
"""

from __future__ import annotations

import functools
import re

#: The file name ending of a plain entry; an encrypted one adds SEALED.
ENTRY_SUFFIX = ".md"
SEALED = ".age"

#: Each engine's decoration between an entry's id and ".md", as each engine documents
#: or makes it. Tried in order; the first that fits names the engine.
ENGINES: tuple[tuple[str, str], ...] = (
    # NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext (DEVICE: the first 7 characters of
    # the device id that made the change).
    ("Syncthing", r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}"),
    # NAME (conflicted copy [USER ]YYYY-MM-DD HHMMSS).ext (the desktop client's
    # Utility::makeConflictFileName; ownCloud's client since 2.5 too).
    ("Nextcloud or ownCloud", r" \(conflicted copy (?:[^()/]+ )?\d{4}-\d{2}-\d{2} \d{6}\)"),
    # NAME_conflict-YYYYMMDD-HHMMSS.ext (ownCloud's client before 2.5).
    ("ownCloud", r"_conflict-\d{8}-\d{6}"),
    # NAME (WHO's conflicted copy YYYY-MM-DD[ (N)]).ext; older clients leave out WHO's.
    ("Dropbox", r" \((?:[^()/]+ )?[Cc]onflicted [Cc]opy \d{4}-\d{2}-\d{2}(?: \(\d+\))?\)"),
    # NAME (1).ext: Google Drive, and browsers' downloads.
    ("Google Drive", r" \(\d+\)"),
    # NAME 2.ext: iCloud Drive (and macOS's Finder when it keeps both).
    ("iCloud", r" \d+"),
    # NAME-COMPUTERNAME.ext[, NAME-COMPUTERNAME-N.ext]: OneDrive keeps both this way.
    ("OneDrive", r"-[A-Za-z0-9][A-Za-z0-9_.-]{0,62}"),
)


@functools.cache
def _engines() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """ENGINES compiled (on first use: most commands meet no copy)."""
    return tuple((name, re.compile(pattern)) for name, pattern in ENGINES)


#: How many of ENGINES, from the first, have a decoration that cannot be part of an
#: ordinary name ("NAME 2" and "NAME-PC" can).
_UNMISTAKABLE = 5


def entry_name(name: str) -> tuple[str, bool] | None:
    """The name as if it were a plain entry's (`<id>[decoration].md`), and whether the
    file is encrypted; None for a file that is no entry and no copy of one.

    `x.md` -> (`x.md`, False); `x.md.age` -> (`x.md`, True);
    `x.md.sync-conflict-20260111-101010-ABCDEF1.age` -> (`x.sync-conflict-…-ABCDEF1.md`, True).
    """
    if name.endswith(ENTRY_SUFFIX):
        return name, False
    if not name.endswith(SEALED):
        return None
    inner = name[: -len(SEALED)]
    if inner.endswith(ENTRY_SUFFIX):
        return inner, True
    at = inner.rfind(ENTRY_SUFFIX)
    if at <= 0:
        return None
    decoration = inner[at + len(ENTRY_SUFFIX) :]
    if any(pattern.fullmatch(decoration) for _, pattern in _engines()):
        return inner[:at] + decoration + ENTRY_SUFFIX, True
    return None


def copy_engine(name: str, entry_id: str) -> str | None:
    """The engine whose conflict copy of `<entry_id>.md` (or `.md.age`) has this file
    name, or None (the entry's own name, or any other name)."""
    plain = entry_name(name)
    if plain is None or not plain[0].startswith(entry_id):
        return None
    decoration = plain[0][len(entry_id) : -len(ENTRY_SUFFIX)]
    if not decoration:
        return None
    for engine, pattern in _engines():
        if pattern.fullmatch(decoration):
            return engine
    return None


def looks_like_copy(name: str) -> str | None:
    """The engine whose conflict-copy naming this file name has, by name alone (only
    the engines whose decoration no ordinary name has)."""
    plain = entry_name(name)
    if plain is None:
        return None
    stem = plain[0][: -len(ENTRY_SUFFIX)]
    for engine, pattern in _engines()[:_UNMISTAKABLE]:
        found = pattern.search(stem)
        if found and found.end() == len(stem) and found.start() > 0:
            return engine
    return None


def is_entry_file(name: str) -> bool:
    """True for a name an entry, or a sync engine's copy of one, may have (not hidden)."""
    return not name.startswith(".") and entry_name(name) is not None


def named_for(name: str, entry_id: str) -> bool:
    """True when the file is named for this id: `<id>.md` or `<id>.md.age`."""
    return name in (f"{entry_id}{ENTRY_SUFFIX}", f"{entry_id}{ENTRY_SUFFIX}{SEALED}")
