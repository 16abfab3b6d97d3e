"""`ticli doctor`'s checks about encryption: entries plain in an encrypted journal (or
encrypted in a plain one), entries only a key retired by `rekey` opens, and the privacy
guard's lists in plain text in config.toml of an encrypted journal, or in a file that
cannot be read or used."""

from __future__ import annotations

from collections import Counter

from ticli.store import conflicts as disk
from ticli.store import entry_path
from ticli.usecases.findings import Finding, Look
from ticli.usecases.journal import Journal


def mixed(look: Look) -> list[Finding]:
    """Plain entries in an encrypted journal (synced from a device that wrote them plain,
    or left by an encrypt that was stopped), and encrypted ones in a plain journal."""
    if look.encrypted:
        plain = [s.path for s in look.survey.entries if not disk.is_sealed(s.path)]
        return [Finding("mixed", path, reason=MIXED_PLAIN, fixable=False) for path in plain]
    return [
        Finding("mixed", path, reason=MIXED_SEALED, sealed=True, fixable=False)
        for path in look.sealed_in_plain
    ]


def old_key(look: Look) -> list[Finding]:
    """Entries encrypted to a key `ticli rekey` retired (written by a device that had not
    synced yet, or an old version a sync tool brought back): read, and to be encrypted
    again to the current keys. One another fix rewrites or moves is left to the next look."""
    if not look.old_key:
        return []
    counts = Counter(entry.id for entry in look.entries.values())
    shared = {entry_id for entry_id, n in counts.items() if n > 1}
    found: list[Finding] = []
    for path in look.old_key:
        entry = look.entries.get(path)
        if entry is None or entry.id in shared or path in look.handled:
            continue
        if path != disk.same_kind(path, entry_path(look.root, entry)):
            continue  # misplaced: moved first
        found.append(Finding("old-key", path, sealed=True, expected=((path, look.stored[path]),)))
    return found


def plain_lists(journal: Journal) -> list[Finding]:
    """The privacy guard's lists (names of clients and places) in plain text in config.toml
    although the journal is encrypted: to move into the journal's encrypted file."""
    from ticli.usecases import guardlists

    keys = guardlists.plain_lists(journal)
    if not keys:
        return []
    reason = f"{' and '.join(keys)} in plain text, in an encrypted journal"
    return [Finding("plain-lists", journal.locations.config_file, reason=reason)]


def bad_lists(journal: Journal) -> list[Finding]:
    """Files of the privacy guard's lists in an encrypted journal that cannot be read or
    were not written with the journal's key (planted by someone who can write to the
    folder): never used; named, with no fix but by hand."""
    from pathlib import Path

    from ticli.store import guardlists, vault

    if not vault.is_encrypted(journal.root) or not guardlists.has_lists(journal.root):
        return []
    return [
        Finding("bad-lists", Path(p.path), reason=p.reason, fixable=False)
        for p in guardlists.problems(journal.root)
    ]


MIXED_PLAIN = "plain text in an encrypted journal"
MIXED_SEALED = "encrypted, in a journal that is not (it has no key to open it)"
