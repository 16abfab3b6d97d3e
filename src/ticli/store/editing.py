"""Files made while an entry is written or edited: the editor's drafts (`today --editor`)
and edit copies (`edit`), in a private folder when the journal is encrypted, and the
edits kept when the editor failed. Split from store.journal, which holds the entries.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from ticli.store import files, vault
from ticli.store.journal import TRASH, first_free, to_trash

# ---------------------------------------------------------------- drafts


def private_folder() -> Path:
    """A new folder only the user can open, for a plain copy the editor needs while the
    journal is encrypted: in memory (/dev/shm) where there is one, else the temp folder."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None
    import tempfile  # here: slow to import, and most commands never need it

    return Path(tempfile.mkdtemp(prefix="ticli-", dir=base))  # made 0700


def _remove_private(path: Path) -> None:
    """Remove a plain copy made in a private folder, and the folder."""
    files.remove(path)
    if path.parent.name.startswith("ticli-") and path.parent != path:
        with contextlib.suppress(OSError):
            path.parent.rmdir()


def write_draft(root: Path, text: str) -> Path:
    """A private draft file for the editor: hidden in the journal folder (so never read as
    an entry), or, when the journal is encrypted, in a private folder outside it."""
    if vault.is_encrypted(root):
        path = private_folder() / "draft.md"
        files.atomic_create(path, text.encode("utf-8"))
        return path
    vault.refuse_plain_writes(root)
    files.ensure_dir(root)
    import tempfile  # here: slow to import, and most commands never need it

    handle, name = tempfile.mkstemp(dir=root, prefix=".draft-", suffix=".md")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(name)


def keep_draft(root: Path, path: Path) -> Path:
    """Keep an editor's draft that was not saved as an entry: beside the journal as it is,
    or, when it was a plain copy in a private folder (the journal is encrypted), encrypted
    into `.ticli/drafts/` and the plain copy removed. Returns where it is kept."""
    if not path.parent.name.startswith("ticli-") or not vault.is_encrypted(root):
        return path
    kept = root / vault.KEY_FOLDER / "drafts" / f"draft-{path.parent.name[6:]}.md.age"
    files.atomic_create(kept, vault.encode_for(kept, path.read_bytes()))
    _remove_private(path)
    return kept


def read_draft(path: Path) -> bytes:
    return path.read_bytes()


def remove_draft(path: Path) -> None:
    _remove_private(path)


# ---------------------------------------------------------------- edit copies


@dataclass(frozen=True)
class EditCopy:
    """A private copy of an entry being edited, and what the entry was when it was made."""

    copy: Path
    entry: Path
    original: bytes
    stamp: tuple[int, int, int]
    #: A digest of the entry file's bytes as stored (encrypted or not).
    digest: str = ""


def _stem(path: Path) -> str:
    """An entry file's id part: `abc` for `abc.md` and `abc.md.age`."""
    return path.name.split(".", 1)[0] if not path.name.startswith(".") else path.stem


def start_edit(path: Path) -> EditCopy:
    """Copy an entry to a hidden file beside it (no scan reads it) for the editor; an
    encrypted entry is copied, decrypted, to a private folder outside the journal.

    A copy left by an edit that never finished may hold words: it is kept, named.
    """
    stamp = files.stamp(path)  # first: a change after it is seen, never missed
    stored = path.read_bytes()
    original = vault.opened(path, stored)
    if vault.is_sealed_name(path.name):
        copy = private_folder() / f"{_stem(path)}.md"
    else:
        copy = path.with_name(f".{path.stem}.editing.md")
        if copy.exists():
            keep_edit(copy, path)
    files.atomic_write(copy, original)
    import hashlib  # here: slow to import, and most commands never need it

    return EditCopy(copy, path, original, stamp, hashlib.sha256(stored).hexdigest())


def read_copy(edit: EditCopy) -> bytes:
    return edit.copy.read_bytes()


def changed_meanwhile(edit: EditCopy) -> bool:
    """True when the entry file changed while its copy was being edited (a sync, say)."""
    import hashlib  # here: slow to import, and most commands never need it

    try:
        if files.stamp(edit.entry) == edit.stamp:
            return False
        return hashlib.sha256(edit.entry.read_bytes()).hexdigest() != edit.digest
    except FileNotFoundError:
        return True


def accept_edit(edit: EditCopy) -> None:
    """Replace the entry with the edited copy, atomically, and remove the copy."""
    files.atomic_write(edit.entry, vault.encode_for(edit.entry, edit.copy.read_bytes()))
    _remove_private(edit.copy)


def keep_edit(copy: Path, path: Path) -> Path:
    """Keep an edit that could not be saved beside the entry, under a name that says so
    (encrypted, as `.txt.age`, beside an encrypted entry)."""
    suffix = ".txt.age" if vault.is_sealed_name(path.name) else ".txt"
    if suffix == ".txt":
        return first_free(
            lambda n: path.with_name(f"{_stem(path)}.unsaved-edit{_number(n)}{suffix}"),
            lambda target: files.move_no_replace(copy, target),
        )
    data = vault.encode_for(path, copy.read_bytes())
    kept = first_free(
        lambda n: path.with_name(f"{_stem(path)}.unsaved-edit{_number(n)}{suffix}"),
        lambda target: files.atomic_create(target, data),
    )
    _remove_private(copy)
    return kept


def _number(n: int) -> str:
    return "" if n == 1 else f"-{n}"


def remove_copy(edit: EditCopy) -> None:
    _remove_private(edit.copy)


def unsaved_edits(path: Path) -> list[Path]:
    """Edits of this entry kept earlier because they could not be saved, newest first."""
    stem = _stem(path)
    kept = [
        *path.parent.glob(f"{stem}.unsaved-edit*.txt"),
        *path.parent.glob(f"{stem}.unsaved-edit*.txt.age"),
    ]
    return sorted(kept, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def read_unsaved(path: Path) -> bytes:
    return vault.read_plain(path)


def drop_unsaved(kept: Path, root: Path) -> Path:
    """Move a kept edit that was used into the trash (nothing is deleted for good)."""
    return to_trash(root, kept)


def trash_current(root: Path, path: Path) -> Path:
    """Keep a copy of an entry as it is now in the trash (`<id>.before-edit.txt`,
    `.txt.age` when encrypted), before an edit replaces it; a name taken gets a number."""
    folder = root / TRASH / path.parent.relative_to(root)
    data = path.read_bytes()  # as stored: an encrypted entry stays encrypted
    suffix = ".txt.age" if vault.is_sealed_name(path.name) else ".txt"
    return first_free(
        lambda n: folder / f"{_stem(path)}.before-edit{_number(n)}{suffix}",
        lambda target: files.atomic_create(target, data),
    )


def write_copy(edit: EditCopy, data: bytes) -> None:
    """Put other text into an edit copy (a kept, unsaved edit being resumed)."""
    files.atomic_write(edit.copy, data)
