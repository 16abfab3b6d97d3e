"""`ticli doctor`: look over the whole journal for what needs the user's attention, and
the safe fix for each; apply the fixes when asked. No I/O beyond calling store.

Each check is a function from what was seen (`Look`, in usecases.findings) to findings,
listed in CHECKS; those about encryption are in usecases.doctor_crypt. A new kind of
finding is one function, one line in CHECKS, and its wording in render.doctor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from ticli.analysis.merge import merge_entries
from ticli.errors import EntryProblem
from ticli.model import Entry, new_entry_id
from ticli.store import conflicts as disk
from ticli.store import entry_path, format_entry, parse_entry
from ticli.usecases.doctor_crypt import (
    MIXED_PLAIN,
    MIXED_SEALED,
    bad_lists,
    mixed,
    old_key,
    plain_lists,
)
from ticli.usecases.findings import FIXES, KINDS, Diagnosis, Finding, Look, Outcome
from ticli.usecases.journal import Journal

__all__ = [
    "FIXES",
    "KINDS",
    "MIXED_PLAIN",
    "MIXED_SEALED",
    "Diagnosis",
    "Finding",
    "Look",
    "Outcome",
    "apply_fixes",
    "diagnose",
    "make_journal",
    "write_gitignore",
]

_NEWER = "written by a newer ticli"


def diagnose(journal: Journal) -> Diagnosis:
    """Everything in the journal that needs attention, each with its fix (if it has one)."""
    look = _look(journal.root)
    found: list[Finding] = []
    for check in CHECKS:
        found += check(look)
    found += plain_lists(journal)
    found += bad_lists(journal)
    order = {kind: n for n, kind in enumerate(KINDS)}
    found.sort(key=lambda f: (order.get(f.kind, len(order)), str(f.path)))
    return Diagnosis(found, len(look.entries))


def _look(root: Path) -> Look:
    look = Look(root, disk.survey(root), disk.is_encrypted(root))
    for seen in look.survey.entries:
        if disk.is_sealed(seen.path) and not look.encrypted:
            look.sealed_in_plain.append(seen.path)
            continue
        try:
            stored = disk.file_bytes(seen.path)
            data, old_key = disk.plain_bytes_telling(seen.path, stored)
        except EntryProblem as problem:
            look.problems[seen.path] = problem
            continue
        look.stored[seen.path] = stored
        look.data[seen.path] = data
        if old_key:
            look.old_key.append(seen.path)
        if disk.has_merge_markers(data):
            look.markers.append(seen.path)
            continue
        try:
            look.entries[seen.path] = parse_entry(data, str(seen.path))
        except EntryProblem as problem:
            look.problems[seen.path] = problem
    return look


# ---------------------------------------------------------------- the checks


def _same_ids(look: Look) -> list[Finding]:
    """Two or more files with one id: an exact copy, a sync engine's conflict copy (to
    merge), or another entry that happens to have the id (to give a new one)."""
    by_id: dict[str, list[Path]] = defaultdict(list)
    for path, entry in look.entries.items():
        by_id[entry.id].append(path)
    mtimes = {seen.path: seen.mtime for seen in look.survey.entries}
    found: list[Finding] = []
    for entry_id, paths in by_id.items():
        if len(paths) < 2:
            continue
        first = _the_entry(look, entry_id, paths)
        current, current_time = look.entries[first], mtimes[first]
        # The entry's bytes a fix expects to find; after a first merge, only the copy's
        # are checked (an encrypted merge is not known byte for byte before it is written).
        current_bytes: bytes | None = look.stored[first]
        for path in sorted(p for p in paths if p != first):
            look.handled.add(path)
            data, entry = look.data[path], look.entries[path]
            if data == look.data[first]:
                found.append(Finding("exact-copy", path, other=first))
                continue
            engine = disk.copy_engine(path.name, entry_id)
            if engine is None:
                found.append(_new_id(look, path, entry, first))
                continue
            copy_is_later = mtimes[path] > current_time
            later, earlier = (entry, current) if copy_is_later else (current, entry)
            merged = merge_entries(later, earlier, path.name if not copy_is_later else first.name)
            written = format_entry(merged.entry).encode("utf-8")
            found.append(
                Finding(
                    "conflict-copy",
                    path,
                    other=first,
                    engine=engine,
                    merged=merged,
                    copy_is_later=copy_is_later,
                    write=written,
                    expected=(
                        *(((first, current_bytes),) if current_bytes is not None else ()),
                        (path, look.stored[path]),
                    ),
                )
            )
            current, current_bytes = merged.entry, None
            current_time = max(current_time, mtimes[path])
    return found


def _the_entry(look: Look, entry_id: str, paths: list[Path]) -> Path:
    """Which of several files with one id is the entry: the one named `<id>.md` (or
    `<id>.md.age`) where it belongs, else any so named, else the first by name."""
    for path in paths:
        if path == disk.same_kind(path, entry_path(look.root, look.entries[path])):
            return path
    named = [p for p in paths if disk.named_for(p.name, entry_id)]
    return sorted(named or paths)[0]


def _new_id(look: Look, path: Path, entry: Entry, first: Path) -> Finding:
    new_id = new_entry_id(entry.created)
    try:
        written = disk.with_new_id(look.data[path], str(path), new_id)
    except EntryProblem as problem:
        return Finding("duplicate-id", path, reason=problem.reason, other=first, fixable=False)
    return Finding(
        "duplicate-id",
        path,
        other=first,
        new_id=new_id,
        write=written,
        expected=((path, look.stored[path]),),
    )


def _merge_markers(look: Look) -> list[Finding]:
    """Files in which git left its conflict markers: the two sides, merged."""
    found: list[Finding] = []
    for path in look.markers:
        data = look.data[path]
        sides = disk.split_merge_markers(data)
        assert sides is not None
        try:
            ours = parse_entry(sides[0], f"{path} (the side above =======)")
            theirs = parse_entry(sides[1], f"{path} (the side below =======)")
        except EntryProblem as problem:
            found.append(
                Finding("merge-markers", path, reason=problem.message, engine="git", fixable=False)
            )
            continue
        merged = merge_entries(ours, theirs, "the other side of a git merge")
        written = format_entry(merged.entry).encode("utf-8")
        found.append(
            Finding(
                "merge-markers",
                path,
                engine="git",
                merged=merged,
                write=written,
                expected=((path, look.stored[path]),),
            )
        )
    return found


def _unreadable(look: Look) -> list[Finding]:
    """Files that cannot be read as entries (file, line, reason), and newer formats."""
    found = [
        Finding(
            "newer-format" if _NEWER in problem.reason else "unreadable",
            path,
            reason=problem.reason,
            line=problem.line,
            fixable=False,
        )
        for path, problem in look.problems.items()
    ]
    found += [
        Finding("unreadable", Path(p.path), reason=p.reason, fixable=False)
        for p in look.survey.unlisted
    ]
    return found


def _misplaced(look: Look) -> list[Finding]:
    """Entries outside their year/month folder, or under another name than their id."""
    found: list[Finding] = []
    taken = set(look.data) | set(look.problems)
    for path, entry in look.entries.items():
        if path in look.handled:
            continue
        target = disk.same_kind(path, entry_path(look.root, entry))
        if path == target:
            continue
        free = target not in taken
        reason = "" if free else "another file already has the name it should have"
        found.append(Finding("misplaced", path, reason=reason, other=target, fixable=free))
    return found


def _permissions(look: Look) -> list[Finding]:
    """Folders and files other users of this computer could read."""
    survey = look.survey
    found = [
        Finding("loose-permissions", seen.path, mode=seen.mode, folder=True)
        for seen in survey.folders
        if seen.mode & 0o077
    ]
    found += [
        Finding("loose-permissions", seen.path, mode=seen.mode)
        for seen in (*survey.entries, *survey.others, *survey.stale)
        if seen.mode & 0o077
    ]
    return found


def _stale(look: Look) -> list[Finding]:
    """ticli's temporary files left by a write that was stopped more than a day ago."""
    return [Finding("stale-temp", seen.path) for seen in look.survey.stale]


CHECKS: tuple[Callable[[Look], list[Finding]], ...] = (
    _same_ids,
    _merge_markers,
    _unreadable,
    _misplaced,
    _permissions,
    _stale,
    mixed,
    old_key,
)


# ---------------------------------------------------------------- fixing


def apply_fixes(journal: Journal, findings: list[Finding]) -> list[Outcome]:
    """Apply every fix, one at a time; one that cannot be applied is named, and the
    rest carry on. Nothing is deleted: what a fix replaces goes to the trash."""
    outcomes: list[Outcome] = []
    # Permissions first: a file a later fix moves keeps the mode it was given.
    first = sorted(findings, key=lambda f: f.kind != "loose-permissions")
    for finding in first:
        if finding.fix is None:
            continue
        try:
            if finding.kind == "plain-lists":
                from ticli.usecases import guardlists

                guardlists.move_in(journal)
                outcomes.append(Outcome(finding, True, guardlists.lists_file(journal)))
                continue
            outcomes.append(_apply(journal.root, finding))
        except (OSError, EntryProblem) as error:
            reason = error.message if isinstance(error, EntryProblem) else _os_reason(error)
            outcomes.append(Outcome(finding, False, reason=reason))
    return outcomes


def _apply(root: Path, finding: Finding) -> Outcome:
    for path, data in finding.expected:
        try:
            now = disk.file_bytes(path)
        except EntryProblem:
            now = None
        if now != data:
            return Outcome(finding, False, reason=f"{path} changed since I looked")
    if finding.kind in ("conflict-copy", "merge-markers"):
        assert finding.write is not None
        target = finding.other if finding.kind == "conflict-copy" else finding.path
        assert target is not None
        copy = finding.path if finding.kind == "conflict-copy" else None
        return Outcome(finding, True, disk.write_merged(root, target, finding.write, copy))
    if finding.kind == "duplicate-id":
        assert finding.write is not None
        entry = parse_entry(finding.write, str(finding.path))
        return Outcome(finding, True, disk.give_new_id(root, finding.path, entry, finding.write))
    if finding.kind == "misplaced":
        stored = disk.file_bytes(finding.path)
        entry = parse_entry(disk.plain_bytes(finding.path, stored), str(finding.path))
        return Outcome(finding, True, disk.move_into_place(root, finding.path, entry))
    if finding.kind == "old-key":
        return Outcome(finding, disk.reencrypt(finding.path), reason="already re-encrypted")
    if finding.kind == "loose-permissions":
        tightened = disk.tighten(finding.path, finding.folder)
        reason = "" if tightened else "this disk does not keep file permissions"
        return Outcome(finding, tightened, reason=reason)
    return Outcome(finding, True, disk.to_trash(root, finding.path))


def make_journal(journal: Journal) -> bool:
    """Make the journal folder if it is not there yet (True when it was made)."""
    return disk.make_root(journal.root)


def write_gitignore(journal: Journal) -> tuple[Path, list[str]]:
    """Keep ticli's own files out of git: the journal's .gitignore, with the lines it
    lacks added (none: it was already complete). Returns the file and the lines added."""
    return disk.ensure_gitignore(journal.root)


def _os_reason(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"
