"""What `ticli doctor` finds and does, as data: the kinds of finding and their fixes,
what a look at the journal saw, and what applying a fix did (see usecases.doctor)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ticli.analysis.merge import Merged
from ticli.errors import EntryProblem
from ticli.model import Entry
from ticli.store import conflicts as disk

#: The kinds of finding, in the order they are shown.
KINDS = (
    "conflict-copy",
    "merge-markers",
    "exact-copy",
    "duplicate-id",
    "unreadable",
    "newer-format",
    "misplaced",
    "loose-permissions",
    "stale-temp",
    "mixed",
    "old-key",
    "plain-lists",
    "bad-lists",
)
#: What each fix does, by the kind of finding it mends.
FIXES = {
    "conflict-copy": "merge",
    "merge-markers": "merge",
    "exact-copy": "trash",
    "duplicate-id": "new-id",
    "misplaced": "move",
    "loose-permissions": "tighten",
    "stale-temp": "trash",
    "old-key": "re-encrypt",
    "plain-lists": "encrypt-lists",
}


@dataclass(frozen=True)
class Finding:
    """One thing that needs attention: its kind, the file, and what fixing it would do."""

    kind: str
    path: Path
    reason: str = ""
    line: int | None = None
    #: The entry file a copy belongs to, or where a move would put a file.
    other: Path | None = None
    #: The sync engine whose naming a conflict copy has ("git" for merge markers).
    engine: str | None = None
    #: A merge, shown before it is written.
    merged: Merged | None = None
    #: Whether the version in `path` is the later edit (for a merge).
    copy_is_later: bool = False
    new_id: str | None = None
    mode: int | None = None
    folder: bool = False
    #: The file is encrypted (age).
    sealed: bool = False
    fixable: bool = True
    #: What the fix writes, and the bytes it expects to find (unchanged since the look).
    write: bytes | None = field(default=None, repr=False)
    expected: tuple[tuple[Path, bytes], ...] = field(default=(), repr=False)

    @property
    def fix(self) -> str | None:
        return FIXES.get(self.kind) if self.fixable else None


@dataclass
class Look:
    """What doctor saw: the survey, and every entry file read."""

    root: Path
    survey: disk.Survey
    #: Whether the journal is encrypted (has keys).
    encrypted: bool = False
    #: Each entry file's bytes as stored (encrypted or not), and (in `data`) as plain text.
    stored: dict[Path, bytes] = field(default_factory=dict)
    data: dict[Path, bytes] = field(default_factory=dict)
    entries: dict[Path, Entry] = field(default_factory=dict)
    problems: dict[Path, EntryProblem] = field(default_factory=dict)
    markers: list[Path] = field(default_factory=list)
    #: Encrypted files in a journal without keys (not read: nothing opens them here).
    sealed_in_plain: list[Path] = field(default_factory=list)
    #: Files a fix already takes care of (a copy being merged is not also misplaced).
    handled: set[Path] = field(default_factory=set)
    #: Encrypted files only a key retired by `ticli rekey` opens.
    old_key: list[Path] = field(default_factory=list)


@dataclass
class Outcome:
    """What applying one fix did: done, or why not."""

    finding: Finding
    done: bool
    where: Path | None = None
    reason: str = ""


@dataclass(frozen=True)
class Diagnosis:
    findings: list[Finding]
    #: How many entry files were read.
    entries: int

    @property
    def fixable(self) -> list[Finding]:
        return [f for f in self.findings if f.fix]
