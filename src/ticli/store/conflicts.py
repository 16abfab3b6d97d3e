"""What sync engines leave in a journal folder, and the disk side of `ticli doctor`.

Conflict copies are recognised by name: the entry's file name with an engine's
decoration between its id and `.md`. Git's merge-conflict markers are split into
the two sides they hold. `survey` walks the journal's folders once (names, modes,
ages); the fixes below each change one file, atomically, and put whatever they
replace in the trash: nothing is ever deleted.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from ticli.errors import EntryProblem
from ticli.model import Entry
from ticli.store import conversion, files, vault
from ticli.store.copynames import ENTRY_SUFFIX as ENTRY_SUFFIX
from ticli.store.copynames import copy_engine as copy_engine
from ticli.store.copynames import is_entry_file
from ticli.store.copynames import named_for as named_for
from ticli.store.editing import trash_current
from ticli.store.entryfile import FENCE, parse_entry
from ticli.store.journal import TRASH, entry_path, trash_entry

_OURS = re.compile(r"^<{7}(?: .*)?$")
_BASE = re.compile(r"^\|{7}(?: .*)?$")
_SPLIT = re.compile(r"^={7}$")
_THEIRS = re.compile(r"^>{7}(?: .*)?$")


# ---------------------------------------------------------------- git's markers


def has_merge_markers(data: bytes) -> bool:
    """True when a file holds a whole git conflict: <<<<<<<, ======= and >>>>>>> lines."""
    if b"<<<<<<<" not in data:
        return False
    return split_merge_markers(data) is not None


def split_merge_markers(data: bytes) -> tuple[bytes, bytes] | None:
    """The two versions a file with git's conflict markers holds (ours, the side above
    `=======`, then theirs); None when the markers are not whole and in order."""
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    ours: list[str] = []
    theirs: list[str] = []
    state = "both"
    conflicts = 0
    for line in lines:
        bare = line.removesuffix("\r")
        if state == "both" and _OURS.match(bare):
            state, conflicts = "ours", conflicts + 1
        elif state == "ours" and _BASE.match(bare):
            state = "base"
        elif state in ("ours", "base") and _SPLIT.match(bare):
            state = "theirs"
        elif state == "theirs" and _THEIRS.match(bare):
            state = "both"
        elif state == "both":
            ours.append(line)
            theirs.append(line)
        elif state == "ours":
            ours.append(line)
        elif state == "theirs":
            theirs.append(line)
    if state != "both" or not conflicts:
        return None
    return "\n".join(ours).encode("utf-8"), "\n".join(theirs).encode("utf-8")


# ---------------------------------------------------------------- a look at every file


@dataclass(frozen=True)
class Seen:
    """One file or folder of the journal: where it is, its mode, when it last changed."""

    path: Path
    mode: int
    mtime: float


@dataclass
class Survey:
    """Everything in the journal's folders that `doctor` looks at."""

    #: The journal folder, its year and month folders and the trash's, with their modes.
    folders: list[Seen] = field(default_factory=list)
    #: Files in the year/month folders that may be entries (not ticli's hidden files).
    entries: list[Seen] = field(default_factory=list)
    #: Every other file of ticli's in the journal, for their modes.
    others: list[Seen] = field(default_factory=list)
    #: ticli's temporary files left by a write that was killed, more than a day ago.
    stale: list[Seen] = field(default_factory=list)
    #: Folders that could not be listed, with the reason.
    unlisted: list[EntryProblem] = field(default_factory=list)


_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{2}")


def survey(root: Path, now: float | None = None) -> Survey:
    """Look at every folder and file of the journal (nothing is read or changed)."""
    now = time.time() if now is None else now
    found = Survey()
    if not root.is_dir():
        return found
    found.folders.append(_seen(root))
    for year in _listing(root, found, _YEAR):
        for month in _listing(year, found, _MONTH):
            found.folders.append(_seen(month))
            for item in _items(month, found):
                _sort(item, found, now)
        found.folders.append(_seen(year))
    trash = root / TRASH
    if trash.is_dir():
        for folder, _, names in os.walk(trash):
            found.folders.append(_seen(Path(folder)))
            found.others += [_seen(Path(folder) / name) for name in names]
    for item in _items(root, found):
        if item.is_file(follow_symlinks=False) and item.name.endswith(ENTRY_SUFFIX):
            found.others.append(_seen(Path(item.path)))  # drafts, and settings
    return found


def _listing(folder: Path, found: Survey, name: re.Pattern[str]) -> list[Path]:
    return sorted(
        Path(item.path)
        for item in _items(folder, found)
        if name.fullmatch(item.name) and item.is_dir(follow_symlinks=False)
    )


def _items(folder: Path, found: Survey) -> list[os.DirEntry[str]]:
    try:
        return sorted(os.scandir(folder), key=lambda item: item.name)
    except OSError as error:
        reason = f"this folder cannot be read ({error.strerror})"
        found.unlisted.append(EntryProblem(str(folder), None, reason))
        return []


def _sort(item: os.DirEntry[str], found: Survey, now: float) -> None:
    if not item.is_file(follow_symlinks=False):
        return
    seen = _seen(Path(item.path))
    if item.name.startswith("."):
        if any(p == seen.path for p in files.stale_temporary_files(seen.path.parent, now)):
            found.stale.append(seen)
        else:
            found.others.append(seen)
    elif is_entry_file(item.name):
        found.entries.append(seen)
    else:
        found.others.append(seen)  # kept edits (.unsaved-edit.txt), and the like


def _seen(path: Path) -> Seen:
    try:
        info = path.lstat()
    except OSError:
        return Seen(path, 0, 0.0)
    return Seen(path, stat.S_IMODE(info.st_mode), info.st_mtime)


def file_bytes(path: Path) -> bytes:
    """A journal file's bytes; raises EntryProblem naming why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise EntryProblem(str(path), None, f"cannot be read ({error.strerror})") from None


def is_encrypted(root: Path) -> bool:
    """True when the journal is encrypted (it has keys)."""
    return vault.is_encrypted(root)


def is_sealed(path: Path) -> bool:
    """True for an encrypted (age) file."""
    return vault.is_sealed_name(path.name)


def plain_bytes(path: Path, stored: bytes) -> bytes:
    """An entry file's plain bytes: decrypted with the journal's key when it is an age
    file (the passphrase is asked then, once). Raises EntryProblem naming the file."""
    return vault.opened(path, stored)


def plain_bytes_telling(path: Path, stored: bytes) -> tuple[bytes, bool]:
    """As `plain_bytes`, and whether only a key retired by `ticli rekey` opened it."""
    return vault.opened_telling(path, stored)


def reencrypt(path: Path) -> bool:
    """Encrypt an entry file again to the journal's current keys when only a retired
    key opens it (True when it did): replaced atomically, the retired key kept."""
    return conversion.reseal_if_retired(path, vault.active_keys())


def same_kind(path: Path, target: Path) -> Path:
    """`target` named as the same kind of file as `path`: encrypted (`.md.age`) or not."""
    return vault.sealed_name(target) if is_sealed(path) else vault.plain_name(target)


# ---------------------------------------------------------------- fixes


def write_merged(root: Path, path: Path, merged: bytes, copy: Path | None) -> Path | None:
    """Replace an entry with its merge (plain bytes, encrypted when the entry's file is):
    the entry as it was goes to the trash first
    (`<id>.before-edit.txt`), then the merge replaces it atomically, then the copy that
    was merged in follows it into the trash. Returns where that copy went."""
    trash_current(root, path)
    files.atomic_write(path, vault.encode_for(path, merged))
    if copy is None:
        return None
    return trash_entry(root, copy)


def with_new_id(data: bytes, where: str, new_id: str) -> bytes:
    """The file's bytes with only its `id` line changed (everything else kept)."""
    text = data.decode("utf-8")
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    for number in range(1, close):
        if re.match(r"^\s*id\s*=", lines[number]):
            ending = "\r" if lines[number].endswith("\r") else ""
            lines[number] = f'id = "{new_id}"{ending}'
            break
    else:
        raise EntryProblem(where, None, "has no 'id' line to change")
    new = "\n".join(lines).encode("utf-8")
    if parse_entry(new, where).id != new_id:
        raise EntryProblem(where, None, "its 'id' line could not be changed safely")
    return new


def give_new_id(root: Path, path: Path, entry: Entry, data: bytes) -> Path:
    """Write the file under its entry's (new) id where it belongs, never replacing a
    file; then move the old file to the trash. Returns the new file."""
    target = entry_path(root, entry)
    files.atomic_create(target, vault.encode_for(target, data))
    trash_entry(root, path)
    return target


def move_into_place(root: Path, path: Path, entry: Entry) -> Path:
    """Move an entry file to `<year>/<month>/<id>.md` (`.md.age` for an encrypted file),
    never replacing a file there."""
    return files.move_no_replace(path, same_kind(path, entry_path(root, entry)))


def to_trash(root: Path, path: Path) -> Path:
    """Move any file of the journal into its trash (a leftover temporary file, an
    exact copy); `restore` or a file manager brings it back."""
    return trash_entry(root, path)


def tighten(path: Path, folder: bool) -> bool:
    """Make a file (0600) or folder (0700) readable only by the user; False when the
    file system keeps the old mode (FAT, SMB) or refuses."""
    wanted = files.DIR_MODE if folder else files.FILE_MODE
    with contextlib.suppress(OSError):
        os.chmod(path, wanted)
        return stat.S_IMODE(path.lstat().st_mode) & 0o077 == 0
    return False


# ---------------------------------------------------------------- git


#: What a journal kept in git leaves out: ticli's temporary files, drafts and edit copies.
GITIGNORE = (
    "# ticli's own working files: never entries, never to be shared",
    ".*.tmp",
    ".draft-*",
    ".*.editing.md",
    "# other sync tools' working files",
    ".stfolder/",
    ".stversions/",
    ".syncthing.*.tmp",
    "~syncthing~*.tmp",
)


def ensure_gitignore(root: Path) -> tuple[Path, list[str]]:
    """Write the journal's .gitignore, or add to one already there the lines it lacks
    (its own lines are kept as they are). Returns the file and the lines added."""
    path = root / ".gitignore"
    files.ensure_dir(root)
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    have = {line.strip() for line in old.splitlines()}
    missing = [line for line in GITIGNORE if line not in have and not line.startswith("#")]
    if not missing:
        return path, []
    added = [line for line in GITIGNORE if line in missing or line.startswith("#")]
    text = old + ("\n" if old and not old.endswith("\n") else "") + "\n".join(added) + "\n"
    files.atomic_write(path, text.encode("utf-8"))
    return path, missing


def make_root(root: Path) -> bool:
    """Make the journal folder, private to the user; False when it was there already."""
    if root.is_dir():
        return False
    files.ensure_dir(root)
    return True
