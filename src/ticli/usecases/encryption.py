"""Encryption at rest: turning it on and off, passphrases, the recovery key, new keys
(keeping the key in a keyring: usecases.unlocking).

The terminal asks for passphrases (cli); this module decides what happens, and the
store does it (store.vault, store.conversion, store.secrets).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ticli import store
from ticli.errors import EntryProblem, UsageError
from ticli.paths import Locations
from ticli.store import agekeys, conversion, files, secretfiles, secrets, vault
from ticli.store import guardlists as stored_lists
from ticli.usecases import guardlists
from ticli.usecases.journal import Journal

if TYPE_CHECKING:
    from pyrage import x25519

ENCRYPT, DECRYPT, REKEY = "encrypt", "decrypt", "rekey"


@dataclass(frozen=True)
class EncryptionState:
    """What `ticli where` and `ticli encryption` say about encryption."""

    encrypted: bool
    #: A change started and not finished (encrypt, decrypt, rekey), if any.
    unfinished: str | None
    plain_files: int
    encrypted_files: int
    recipients: list[str] = field(default_factory=list)
    #: The index is kept encrypted on disk (False: SQLCipher cannot be loaded here, so
    #: each command builds it in memory).
    index_kept: bool = True
    #: Where the key is kept: "" (nowhere), "keyring" (the OS's) or "kernel" (Linux's).
    remembered: str = ""
    #: The key file keeps keys a `rekey` retired (files may still be encrypted to them).
    retired_keys: bool = False
    #: config.toml holds the privacy guard's lists in plain text (to move into the journal).
    plain_lists: bool = False


def encryption_state(journal: Journal, count: bool = True) -> EncryptionState:
    return state_at(journal.locations, count)


def state_at(where: Locations, count: bool = True) -> EncryptionState:
    """Whether the journal at these locations is encrypted, and how far along."""
    root = where.journal
    recipients: list[str] = []
    retired_keys = False
    if vault.is_encrypted(root):
        key = vault.read_key_file(vault.key_path(root))
        recipients, retired_keys = key.recipients, bool(key.retired)
    marker = where.keyring_marker
    return EncryptionState(
        encrypted=vault.is_encrypted(root),
        unfinished=conversion.task_in_progress(root),
        plain_files=conversion.plain_files_left(root) if count else 0,
        encrypted_files=conversion.sealed_files_left(root) if count else 0,
        recipients=recipients,
        remembered=secrets.where_remembered(marker, recipients[0] if recipients else ""),
        retired_keys=retired_keys,
        index_kept=not vault.is_encrypted(root) or store.cipher_available(),
        plain_lists=vault.is_encrypted(root) and _lists_in_config(where),
    )


def _lists_in_config(where: Locations) -> bool:
    """True when config.toml holds the privacy guard's lists (False when it cannot be
    read: `where` still answers, and the commands that read it name the line)."""
    from ticli.config import load_config
    from ticli.errors import FileProblem

    try:
        config = load_config(where.config_file)
    except (FileProblem, OSError):
        return False
    return bool(config.watch_list or config.allow_list)


@dataclass(frozen=True)
class NewKeys:
    """Keys made for `encrypt` or `rekey`, not yet written: the recovery key is shown
    (and kept by the user) first."""

    journal: x25519.Identity
    recovery: str
    recovery_recipient: str


def make_keys() -> NewKeys:
    journal_key = agekeys.new_identity()
    recovery = agekeys.new_identity()
    return NewKeys(journal_key, str(recovery), str(recovery.to_public()))


@dataclass
class Converted:
    """What an encrypt, decrypt or rekey did."""

    files: int
    problems: list[EntryProblem]
    resumed: bool = False
    #: Files only a key retired by `rekey` opened, encrypted again to the current keys.
    reencrypted: int = 0
    #: Words of the privacy guard's lists moved into (encrypt) or out of (decrypt) the
    #: journal's encrypted file; None when there were no lists to move.
    lists_moved: int | None = None


def keys_with(journal: Journal, passphrase: bytes) -> vault.Keys:
    """The journal's keys, opened with this passphrase (and a re-key's next ones)."""
    key = vault.read_key_file(vault.key_path(journal.root))
    secret = vault.unwrap(key, passphrase)
    keys = vault.current(journal.root).checked(key, vault.keys_from_secret(key, secret))
    pending = vault.pending_next(journal.root, secret)
    if pending is not None:  # a re-key under way: both keys open files
        keys = keys.joined(vault.keys_from_secret(pending[0], pending[1]), secret)
    vault.current(journal.root).use(keys)
    return keys


def _count(root: Path, task: str) -> int:
    if task == DECRYPT:
        return conversion.sealed_files_left(root)
    if task == ENCRYPT:
        return conversion.plain_files_left(root)
    return conversion.sealed_files_left(root)


def check_can_start(journal: Journal) -> None:
    """Refuse a first `encrypt` of a journal that holds encrypted files but no key file (it
    was lost): new keys would leave those files to a recovery key the user no longer
    keeps in mind, and the lost key file, come back, would clash with the new one."""
    vault.current(journal.root).plain_checked = False
    vault.refuse_plain_writes(journal.root)


def _encrypt(
    journal: Journal, passphrase: bytes, new: NewKeys | None, progress: store.Progress | None
) -> Converted:
    """Encrypt every file of the journal. With `new`, keys are written first; without,
    an earlier encrypt (or files left plain, from a sync) is finished with the keys
    the passphrase opens."""
    root = journal.root
    if new is not None:
        if vault.is_encrypted(root):
            raise UsageError("This journal is encrypted already.")
        check_can_start(journal)
        conversion.start_task(root, ENCRYPT)
        _, data = vault.make_key_file(new.journal, new.recovery_recipient, passphrase)
        vault.write_key_file(root, data)
        keys = keys_with(journal, passphrase)
    else:
        keys = keys_with(journal, passphrase)
        if guardlists.plain_lists(journal):
            guardlists.check_lists(journal, ENCRYPT)  # before any file changes
        conversion.start_task(root, ENCRYPT)
    count = _count(root, ENCRYPT)
    problems = conversion.convert_all(root, ENCRYPT, keys, None, progress)
    if not problems:
        conversion.end_task(root)
    again, left = conversion.reseal_retired(root, keys, progress)
    had_lists = guardlists.plain_lists(journal)
    moved = guardlists.move_in(journal) if had_lists else None
    store.forget_index(journal.locations.index_file)
    return Converted(
        count, problems + left, resumed=new is None, reencrypted=again, lists_moved=moved
    )


def _decrypt(journal: Journal, passphrase: bytes, progress: store.Progress | None) -> Converted:
    """Decrypt every file back to plain Markdown, byte for byte; the key file goes to the
    trash at the end (a file synced in later from another device can still be opened)."""
    root = journal.root
    if not vault.is_encrypted(root):
        if conversion.task_in_progress(root) == DECRYPT:
            conversion.end_task(root)  # stopped after the key was put away: done
            return Converted(0, [], resumed=True)
        raise UsageError("This journal is not encrypted.")
    keys = keys_with(journal, passphrase)
    guardlists.check_lists(journal, DECRYPT)  # before any file changes
    resumed = conversion.task_in_progress(root) == DECRYPT
    conversion.start_task(root, DECRYPT)
    count = _count(root, DECRYPT)
    problems = conversion.convert_all(root, DECRYPT, keys, None, progress)
    moved = None
    if not problems:
        moved = guardlists.move_out(journal)
        forget_key(journal)
        # Before the key file goes: a journal without one is never left with a sign of
        # encryption that running decrypt again would not take away.
        vault.remove_key_file(root, vault.NEXT_KEY_FILE)
        conversion.retire_key(root)
        conversion.end_task(root)
    store.forget_index(journal.locations.index_file)
    return Converted(count, problems, resumed=resumed, lists_moved=moved)


def check_passphrase(journal: Journal, passphrase: bytes) -> None:
    """Raise WrongPassphrase unless the passphrase opens the journal's key."""
    keys_with(journal, passphrase)


def change_passphrase(journal: Journal, old: bytes, new: bytes) -> None:
    """A new passphrase: only the journal's key is wrapped again (no entry changes)."""
    if new == old:
        raise UsageError(
            "The new passphrase is the same as the old one; nothing was changed.",
            hint="For scripts, give the new one with --new-passphrase-file PATH.",
        )
    if pending_rekey(journal):
        # The re-key's next key file is wrapped to the old passphrase and becomes the key
        # file when it finishes: a passphrase changed now would be undone then.
        raise UsageError(
            "A re-key was started and has not finished, so the passphrase was not changed.",
            hint="Finish it first with: ticli rekey (then ticli passphrase)",
        )
    key = vault.read_key_file(vault.key_path(journal.root))
    secret = vault.unwrap(key, old)
    _rewrap(journal, key, secret, new)


def recover(journal: Journal, recovery_text: str, new: bytes) -> None:
    """Set a new passphrase with the recovery key (the passphrase is forgotten)."""
    if not vault.is_encrypted(journal.root):
        raise UsageError("This journal is not encrypted; there is nothing to recover.")
    key = vault.read_key_file(vault.key_path(journal.root))
    secret = vault.unwrap(key, recovery=recovery_text)
    retired = vault.keys_from_secret(key, secret).retired_secrets
    if conversion.opens_an_entry(journal.root, secret, retired, witness=recovery_text) is False:
        # A key file replaced by someone else, wrapped to the (public) recovery recipient:
        # never set a passphrase on a key that is not the one the entries are encrypted to.
        raise vault.KeyFileChanged(
            "The journal's key file holds a key that opens none of your entries, so it is "
            "not the one they were encrypted with. Nothing was changed.",
            hint="Restore .ticli/key.toml from a backup or another device. Your recovery key "
            "still opens every entry with the age tool: age -d -i RECOVERY_FILE ENTRY.md.age",
        )
    _rewrap(journal, key, secret, new)


def _rewrap(journal: Journal, key: vault.KeyFile, secret: str, new: bytes) -> None:
    identity = agekeys.identity_from_text(secret)
    keys = vault.current(journal.root).checked(key, vault.keys_from_secret(key, secret))
    # Checked, then kept; a block that fails its check is kept as it is, never dropped.
    _, data = vault.make_key_file(
        identity,
        key.recipients[1],
        new,
        retired_keys=keys.retired_secrets,
        carried=vault.carried_block(key, keys),
    )
    vault.write_key_file(journal.root, data)


def pending_rekey(journal: Journal) -> bool:
    """True when a rekey was started (its new keys written) and not finished: its next
    key file is there (never overwritten by a new rekey, whose keys would then be lost)."""
    return vault.has_key_file(journal.root, vault.NEXT_KEY_FILE)


def _rekey(
    journal: Journal, passphrase: bytes, new: NewKeys | None, progress: store.Progress | None
) -> Converted:
    """New keys and a new recovery key; every file encrypted again, crash-safely (the old
    and new keys both open files until the end; running it again finishes it)."""
    root = journal.root
    if not vault.is_encrypted(root):
        raise UsageError("This journal is not encrypted.", hint="Turn it on with: ticli encrypt")
    key = vault.read_key_file(vault.key_path(root))
    secret = vault.unwrap(key, passphrase)
    old = vault.current(root).checked(key, vault.keys_from_secret(key, secret))
    if new is not None and old.retired_problem:
        # The new key file keeps every retired key: one it cannot read would be lost.
        raise vault.KeyFileChanged(
            vault.retired_warning(old.retired_problem) + " So nothing was re-keyed.",
            hint="Restore .ticli/key.toml from a backup or another device, then run ticli "
            "rekey again. Your recovery key still opens every entry with the age tool: "
            "age -d -i RECOVERY_FILE ENTRY.md.age",
        )
    if new is not None:
        conversion.start_task(root, REKEY)
        previous = agekeys.identity_from_text(secret)
        # The current key joins the retired ones: files a device that has not synced yet
        # encrypts to it, and old versions a sync tool brings back, still open.
        _, data = vault.make_key_file(
            new.journal,
            new.recovery_recipient,
            passphrase,
            previous=previous,
            retired_keys=[*old.retired_secrets, secret],
        )
        vault.write_key_file(root, data, vault.NEXT_KEY_FILE)
    elif not pending_rekey(journal):
        raise UsageError("No re-key is waiting to be finished.")
    elif conversion.task_in_progress(root) != REKEY:
        conversion.start_task(root, REKEY)  # its note was lost: put back
    pending = vault.pending_next(root, secret)
    if pending is None:
        raise vault.KeyFileChanged(
            "The re-key's next key file (.ticli/key-next.toml) was not made with this "
            "journal's key, so ticli will not use it. Nothing was changed.",
            hint="Remove .ticli/key-next.toml and .ticli/progress.toml, then run ticli rekey.",
        )
    fresh = vault.keys_from_secret(pending[0], pending[1])
    both = old.joined(fresh, fresh.secret)
    vault.current(root).use(both)
    count = _count(root, REKEY)
    problems = conversion.convert_all(root, REKEY, both, fresh, progress)
    if not problems:
        stored_lists.prove_again(root)  # under the new key, before the old one retires
        forget_key(journal)  # kept under the old key's name
        vault.write_key_file(root, vault.read_key_bytes(root, vault.NEXT_KEY_FILE))
        vault.current(root).note_retired(fresh)  # an old key file put back is refused here
        vault.remove_key_file(root, vault.NEXT_KEY_FILE)
        conversion.end_task(root)
    store.forget_index(journal.locations.index_file)
    return Converted(count, problems, resumed=new is None)


# ---------------------------------------------------------------- the keyring


def forget_key(journal: Journal) -> bool:
    """Take the journal's key out of the keyring (`ticli lock`)."""
    if not vault.is_encrypted(journal.root):
        return secrets.forget(journal.locations.keyring_marker, "")
    return secrets.forget(journal.locations.keyring_marker, key_name(journal))


def key_name(journal: Journal) -> str:
    """The keyring's name for a journal's key: its public key (changes with a rekey)."""
    return vault.read_key_file(vault.key_path(journal.root)).journal_recipient


# ---------------------------------------------------------------- files the user names


def read_passphrase_file(path: Path) -> bytes:
    return secretfiles.read_passphrase_file(path)


def passphrase_from_regular_file(path: Path) -> bytes | None:
    """The passphrase in `path` when it is a regular file; None for a pipe
    (`<(pass show ticli)`) or anything else that could be read only once."""
    if not files.is_regular_file(path):
        return None
    return secretfiles.read_passphrase_file(path)


def read_recovery_file(path: Path) -> str:
    return secretfiles.read_recovery_file(path)


def write_recovery_file(journal: Journal, path: Path, keys: NewKeys) -> None:
    """The recovery key in a new file outside the journal, in the format `age -i` reads."""
    text = (
        f"# ticli recovery key for the journal at {journal.root}\n"
        f"# public key: {keys.recovery_recipient}\n{keys.recovery}\n"
    )
    secretfiles.write_recovery_file(journal.root, path, text)


def plain_in_encrypted(journal: Journal, paths: Iterable[Path]) -> list[Path]:
    """Which of these entry files are plain text although the journal is encrypted (synced
    from a device that wrote them plain, or left by an encrypt that was stopped)."""
    if not vault.is_encrypted(journal.root):
        return []
    return sorted(p for p in paths if not vault.is_sealed_name(p.name))


# ---------------------------------------------------------------- one at a time


def encrypt(
    journal: Journal, passphrase: bytes, new: NewKeys | None, progress: store.Progress | None
) -> Converted:
    """Encrypt every file (see `_encrypt`), holding the journal meanwhile."""
    with conversion.changing(journal.root):
        return _encrypt(journal, passphrase, new, progress)


def decrypt(journal: Journal, passphrase: bytes, progress: store.Progress | None) -> Converted:
    """Decrypt every file (see `_decrypt`), holding the journal meanwhile."""
    with conversion.changing(journal.root):
        return _decrypt(journal, passphrase, progress)


def rekey(
    journal: Journal, passphrase: bytes, new: NewKeys | None, progress: store.Progress | None
) -> Converted:
    """Encrypt every file to new keys (see `_rekey`), holding the journal meanwhile."""
    with conversion.changing(journal.root):
        return _rekey(journal, passphrase, new, progress)
