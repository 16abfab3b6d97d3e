"""Changing entries: edit (checked before it is saved), delete to the trash, restore, flag."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ticli import store
from ticli.analysis.query import summary_line
from ticli.errors import EntryProblem, TicliError, UsageError
from ticli.model import Entry
from ticli.usecases.journal import BrokenEntry, Journal, ambiguous, find_entry, match_ids

# ---------------------------------------------------------------- delete and restore


def delete_entry(journal: Journal, path: Path) -> Path:
    """Move an entry to the trash folder inside the journal; nothing is unlinked."""
    return store.trash_entry(journal.root, path)


@dataclass(frozen=True)
class Trashed:
    """An entry file in the trash: where it is, what it holds, and when it was deleted."""

    path: Path
    entry: Entry | None
    deleted: float

    @property
    def ids(self) -> tuple[str, ...]:
        # The file's name and the id inside it can differ (a sync tool's copy): both work.
        return (self.path.stem, self.entry.id) if self.entry else (self.path.stem,)


def trash_contents(journal: Journal) -> list[Trashed]:
    """What is in the trash, most recently deleted first."""
    items = [Trashed(p, e, store.deleted_at(p)) for p, e in store.trashed(journal.root)]
    return sorted(items, key=lambda t: t.deleted, reverse=True)


def trashed_entry(journal: Journal, reference: str | None, last: bool = False) -> Trashed:
    """The trashed entry whose id (or file name) is `reference` or starts with it."""
    items = trash_contents(journal)
    if last:
        if not items:
            raise UsageError("The trash is empty.")
        return items[0]
    if not reference:
        raise UsageError("Say which entry: give its id (or the start of it), or use --last.")
    matches = match_ids(items, reference, lambda t: t.ids)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(
            f"The trash holds no entry with an id starting '{reference}'.",
            hint="'ticli trash' shows what is in the trash.",
        )
    words = [(t.path.stem, summary_line(t.entry) if t.entry else "") for t in matches]
    raise ambiguous(reference, words, "trashed entries'")


def restore_entry(journal: Journal, reference: str | None, last: bool = False) -> Path:
    """Bring an entry back from the trash to where it was."""
    return store.restore_entry(journal.root, trashed_entry(journal, reference, last).path)


# ---------------------------------------------------------------- flags


def flag_entry(
    journal: Journal, reference: str | None, flagged: bool, last: bool = False
) -> tuple[Entry, Path, bool]:
    """Mark an entry (or clear the mark) for supervision, changing only that line.

    Returns the entry, its file and whether anything changed (False: it already was so).
    """
    _, path = find_entry(journal, reference, last=last)
    entry, changed = store.set_flagged(path, flagged)
    return entry, path, changed


# ---------------------------------------------------------------- edit


class EditNotSaved(TicliError):
    """The editor failed or the edit did not read as an entry; the entry is unchanged."""

    exit_code = 1


@dataclass
class Edit:
    """An edit in progress: the entry, its private copy, and what it was when copied.

    The editor works on the copy. `check` says whether the copy still reads as the
    same entry; `save` replaces the entry atomically unless the file changed
    meanwhile (then both are kept); `give_up` keeps the copy beside the entry.
    """

    entry: Entry | None
    path: Path
    copy: store.EditCopy
    #: Edits of this entry kept earlier, newest first.
    kept_before: list[Path]
    #: The kept edit this one started from, if any (it goes to the trash once saved).
    resumed: Path | None = None
    journal_root: Path = Path()

    @property
    def file(self) -> Path:
        return self.copy.copy

    def changed(self) -> bool:
        """True when the copy differs from the entry (a resumed edit always counts)."""
        return self.resumed is not None or store.read_copy(self.copy) != self.copy.original

    def check(self) -> EntryProblem | None:
        """The problem with the edited copy, or None when it can be saved."""
        try:
            new = store.parse_copy(store.read_copy(self.copy), self.path)
        except EntryProblem as problem:
            return problem
        old = self.entry
        if old is not None and (new.id != old.id or new.created != old.created):
            return EntryProblem(
                str(self.path), None, "the id and the created time of an entry cannot change"
            )
        return None

    def save(self) -> None:
        if store.changed_meanwhile(self.copy):
            kept = store.keep_edit(self.file, self.path)
            raise EditNotSaved(
                "The entry changed on disk while you were editing it (another window, or a "
                "sync), so I did not replace it.",
                hint=f"Your edit is kept in {kept}; the entry has the other change. "
                "Nothing is lost: copy what you need across.",
            )
        if self.resumed is not None:
            # The entry may hold a change the kept edit never saw: keep it in the trash.
            store.trash_current(self.journal_root, self.path)
        store.accept_edit(self.copy)
        if self.resumed is not None:
            store.drop_unsaved(self.resumed, self.journal_root)

    def discard(self) -> None:
        """The copy holds nothing new: let it go (a resumed edit is kept instead)."""
        if self.resumed is not None:
            self.give_up("the editor did not start")
        store.remove_copy(self.copy)

    def stop(self) -> Path | None:
        """Stopped in the editor (Ctrl-C): keep what changed beside the entry (encrypted,
        when it is) and let the copy go; returns where the edit is kept, if anywhere."""
        if self.resumed is not None and store.read_copy(self.copy) == store.read_unsaved(
            self.resumed
        ):
            store.remove_copy(self.copy)
            return self.resumed
        if self.resumed is None and not self.changed():
            store.remove_copy(self.copy)
            return None
        return store.keep_edit(self.file, self.path)

    def give_up(self, why: str) -> None:
        if self.resumed is not None and store.read_copy(self.copy) == store.read_unsaved(
            self.resumed
        ):
            # Nothing new beyond the kept edit, which is still where it was.
            store.remove_copy(self.copy)
            raise EditNotSaved(
                f"The entry was not changed ({why}).", hint=f"Your edit is still in {self.resumed}."
            )
        if not self.changed():
            store.remove_copy(self.copy)
            raise EditNotSaved(f"The entry was not changed ({why}).")
        kept = store.keep_edit(self.file, self.path)
        raise EditNotSaved(
            f"The entry was not changed ({why}).",
            hint=f"Your edit is kept in {kept}. Nothing in it is lost.",
        )


def begin_edit(journal: Journal, reference: str | None, last: bool = False) -> Edit:
    """Find the entry (a file that cannot be read can be mended too) and copy it to edit."""
    entry: Entry | None
    try:
        entry, path = find_entry(journal, reference, last=last)
    except BrokenEntry as broken:
        entry, path = None, Path(broken.problem.path)
    return Edit(entry, path, store.start_edit(path), store.unsaved_edits(path), None, journal.root)


def resume_unsaved(edit: Edit) -> Path:
    """Start the edit from the newest kept, unsaved edit instead of the entry.

    Nothing is lost either way: once the edit is saved, the entry as it was goes to the
    trash as `<id>.before-edit.txt`, and the kept edit follows it there.
    """
    kept = edit.kept_before[0]
    store.write_copy(edit.copy, store.read_unsaved(kept))
    edit.resumed = kept
    return kept
