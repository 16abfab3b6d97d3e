"""Turning a journal's files from plain to encrypted, back, and to new keys.

Each file is converted on its own, atomically: the new file is written in full beside
the old one, then the old one is removed. A kill at any moment leaves every entry
readable (plain, encrypted, or for a moment both, which reads as one entry), and what
was going on is written first in `.ticli/progress.toml`, so that running the command
again knows, and finishes the job.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from ticli.errors import EntryProblem, UsageError
from ticli.store import agekeys, files, guardlists, vault
from ticli.store.files import AlreadyThere
from ticli.store.freshness import Progress

PROGRESS_FILE = "progress.toml"
LOCK_FILE = "lock"
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{2}")
#: What encrypt and decrypt convert: entries, kept edits, what is in the trash.
_CONVERTED = re.compile(r"[^.].*\.(md|txt)")


@contextlib.contextmanager
def changing(root: Path) -> Iterator[None]:
    """Hold the journal while encrypt, decrypt or rekey changes its files: another ticli
    started meanwhile waits for nothing and writes nothing (see `busy`)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no advisory locks
        yield
        return
    files.ensure_dir(root / vault.KEY_FOLDER)
    handle = os.open(vault.key_path(root, LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                "Another ticli is changing this journal's encryption right now.",
                hint="Let it finish (or run the same command again later to finish it).",
            ) from None
        yield
    finally:
        os.close(handle)


def busy(root: Path) -> bool:
    """True while another ticli is encrypting, decrypting or re-keying this journal."""
    if not vault.key_path(root, PROGRESS_FILE).exists():
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return False
    try:
        handle = os.open(vault.key_path(root, LOCK_FILE), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(handle)


def task_in_progress(root: Path) -> str | None:
    """The change (encrypt, decrypt, rekey) a command started and did not finish."""
    path = vault.key_path(root, PROGRESS_FILE)
    try:
        import tomllib  # here: only a conversion in progress needs it

        return str(tomllib.loads(path.read_text(encoding="utf-8"))["task"])
    except (OSError, ValueError, KeyError, UnicodeError):
        return None


def start_task(root: Path, task: str) -> None:
    """Note the change begun. Never over a re-key under way: its new keys open the files
    it has done, and another command's note would hide them."""
    if (
        task != "rekey"
        and task_in_progress(root) == "rekey"
        and vault.has_key_file(root, vault.NEXT_KEY_FILE)
    ):
        raise UsageError(
            "A re-key was started and has not finished, so nothing was changed.",
            hint="Finish it first with: ticli rekey",
        )
    files.ensure_dir(root / vault.KEY_FOLDER)
    text = (
        "# ticli was changing this journal's files and had not finished; running the same\n"
        f'# command again finishes it.\ntask = "{task}"\n'
        f'started = "{datetime.now().astimezone().isoformat(timespec="seconds")}"\n'
    )
    files.atomic_write(vault.key_path(root, PROGRESS_FILE), text.encode("utf-8"))


def end_task(root: Path) -> None:
    files.remove(vault.key_path(root, PROGRESS_FILE))
    files.fsync_dir(root / vault.KEY_FOLDER)


def key_folder_files(root: Path) -> list[Path]:
    """The encrypted files kept in `.ticli/` (the privacy guard's lists, drafts), and
    those of them moved to the trash (`.trash/.ticli/`), which a re-key encrypts again to
    the new keys."""
    main = guardlists.lists_path(root)
    found = [main] if main.is_file() else []
    found += guardlists.copies(root)
    drafts = root / vault.KEY_FOLDER / "drafts"
    trashed = root / ".trash" / vault.KEY_FOLDER
    return found + [
        p
        for folder in (drafts, trashed, trashed / "drafts")
        for p in _listed(folder)
        if vault.is_sealed_name(p.name) and p.is_file()
    ]


def journal_files(root: Path) -> Iterator[Path]:
    """Every file an encrypt or decrypt converts: entries (`.md`), kept edits and copies
    in the trash (`.txt`), plain or encrypted (`.age`); never a temporary file."""
    folders: list[Path] = []
    for year in _listed(root):
        if year.is_dir() and _YEAR.fullmatch(year.name):
            folders += [m for m in _listed(year) if m.is_dir() and _MONTH.fullmatch(m.name)]
    trash = root / ".trash"
    if trash.is_dir():
        folders += [trash, *(p for p in trash.rglob("*") if p.is_dir())]
    for folder in folders:
        for item in _listed(folder):
            name = vault.plain_name(item).name
            if _CONVERTED.fullmatch(name) and item.is_file():
                yield item


def _listed(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def seal_file(path: Path, keys: vault.Keys) -> EntryProblem | None:
    """Encrypt a plain file to `<name>.age`, then remove the plain one. Returns a problem
    (and leaves both) when an encrypted file of that name holds something else."""
    return _convert(path, vault.sealed_name(path), lambda data: vault.sealed(keys, data), keys)


def unseal_file(path: Path, keys: vault.Keys) -> EntryProblem | None:
    """Decrypt `<name>.age` to `<name>`, byte for byte, then remove the encrypted one."""
    return _convert(path, vault.plain_name(path), lambda data: _open(path, data, keys), keys)


def _convert(
    source: Path, target: Path, change: Callable[[bytes], bytes], keys: vault.Keys
) -> EntryProblem | None:
    """Write `target` whole (its folder not yet flushed: see `convert_all`); the source
    is left for the caller to remove once the folder is flushed."""
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return None  # converted meanwhile
    plain = _open(source, data, keys) if vault.is_sealed_name(source.name) else data
    try:
        files.atomic_create(target, change(data), sync_dir=False)
    except AlreadyThere:
        # An earlier run wrote it and was stopped before removing the source.
        there = target.read_bytes()
        if (_open(target, there, keys) if vault.is_sealed_name(target.name) else there) != plain:
            return EntryProblem(
                str(source),
                None,
                f"was not converted: {target.name} is there too and holds something else; "
                "compare the two and keep what you need",
            )
    return None


def reseal_file(path: Path, old: vault.Keys, new: vault.Keys) -> None:
    """Encrypt an encrypted file again, to new keys, replacing it atomically (nothing
    to do when the new keys open it already: an earlier run did it)."""
    import pyrage

    data = path.read_bytes()
    try:
        pyrage.decrypt(data, new.identities[:1])
        return
    except pyrage.DecryptError:
        pass
    plain = _open(path, data, old)
    files.atomic_write(path, vault.sealed(new, plain), sync_dir=False)


def _open(path: Path, data: bytes, keys: vault.Keys) -> bytes:
    import pyrage

    try:
        return vault.decrypted(data, keys)[0]
    except pyrage.DecryptError as error:
        raise EntryProblem(str(path), None, f"cannot be decrypted ({error})") from None


def convert_all(
    root: Path, task: str, keys: vault.Keys, new: vault.Keys | None, progress: Progress | None
) -> list[EntryProblem]:
    """Convert every file of the journal for `task` (encrypt, decrypt or rekey); return
    the files that could not be converted (named, and left as they were)."""
    sealed_wanted = task != "decrypt"
    todo = [
        p
        for p in journal_files(root)
        if (task == "rekey" and vault.is_sealed_name(p.name))
        or (task != "rekey" and vault.is_sealed_name(p.name) != sealed_wanted)
    ]
    if task == "rekey":
        todo += key_folder_files(root)
    problems: list[EntryProblem] = []
    # A folder at a time: every new file written whole, the folder flushed once, then the
    # old files removed and the folder flushed again (a kill in between leaves both
    # copies of an entry, read as one, and a second run finishes).
    by_folder: dict[Path, list[Path]] = {}
    for path in todo:
        by_folder.setdefault(path.parent, []).append(path)
    done = 0
    for folder, paths in sorted(by_folder.items()):
        converted: list[Path] = []
        for path in paths:
            done += 1
            try:
                if task == "encrypt":
                    problem = seal_file(path, keys)
                elif task == "decrypt":
                    problem = unseal_file(path, keys)
                else:
                    assert new is not None
                    reseal_file(path, keys, new)
                    problem = None
            except EntryProblem as error:
                problem = error
            except OSError as error:
                problem = EntryProblem(str(path), None, f"cannot be converted ({error.strerror})")
            if problem is not None:
                problems.append(problem)
            elif task != "rekey":
                converted.append(path)
            if progress is not None and (done % 50 == 0 or done == len(todo)):
                progress(done, len(todo))
        files.flush_all()  # every new file of the folder on disk before an old one goes
        files.fsync_dir(folder)
        if converted:
            for source in converted:
                source.unlink(missing_ok=True)
            files.fsync_dir(folder)
    return problems


def reseal_retired(
    root: Path, keys: vault.Keys, progress: Progress | None
) -> tuple[int, list[EntryProblem]]:
    """Encrypt again, to the current keys, every file that only a key retired by a re-key
    opens (written by a device that had not synced yet, or an old version brought back by
    a sync tool). Each file is replaced atomically; the retired keys stay, so a kill at
    any moment leaves every file readable. Returns how many were encrypted again, and the
    files that could not be."""
    if not keys.retired:
        return 0, []
    sealed = [p for p in journal_files(root) if vault.is_sealed_name(p.name)]
    sealed += key_folder_files(root)
    done, problems = 0, []
    for number, path in enumerate(sealed, 1):
        try:
            if reseal_if_retired(path, keys):
                done += 1
        except EntryProblem as problem:
            problems.append(problem)
        except OSError as error:
            problems.append(
                EntryProblem(str(path), None, f"cannot be converted ({error.strerror})")
            )
        if progress is not None and (number % 50 == 0 or number == len(sealed)):
            progress(number, len(sealed))
    return done, problems


def reseal_if_retired(path: Path, keys: vault.Keys) -> bool:
    """Encrypt one age file again to the current keys when only a retired key opens it
    (True when it did)."""
    import pyrage

    data = path.read_bytes()
    try:
        plain, old = vault.decrypted(data, keys)
    except pyrage.DecryptError as error:
        raise EntryProblem(str(path), None, f"cannot be decrypted ({error})") from None
    if old:
        files.atomic_write(path, vault.sealed(keys, plain))
    return old


def retire_key(root: Path) -> Path:
    """Move the journal's key file into the trash once nothing is encrypted with it
    (kept: a device that still syncs an encrypted file in can be opened with it)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = root / ".trash" / "keys" / f"key-{stamp}.toml"
    number = 1
    while True:
        try:
            return files.move_no_replace(vault.key_path(root), target)
        except AlreadyThere:
            number += 1
            target = target.with_name(f"key-{stamp}-{number}.toml")


def opens_an_entry(root: Path, secret: str, retired: Sequence[str], witness: str) -> bool | None:
    """Whether this secret key (or a key it retired) opens the journal's own encrypted
    entries (tried on a few); None when there is none to try it on.

    Only the entries the `witness` (the recovery key, which every entry is also encrypted
    to) opens count, and each of those must open with the key too. A file planted by
    someone who can write to the folder is not encrypted to the recovery key, so it cannot
    vouch for their key; the user's own entries then refuse it."""
    import pyrage

    identity = [agekeys.identity_from_text(s) for s in (secret, *retired)]
    judge = [agekeys.identity_from_text(witness)]
    tried = 0
    for looked, path in enumerate(p for p in journal_files(root) if p.name.endswith(".md.age")):
        if looked >= 50 or tried >= 5:
            break
        try:
            data = path.read_bytes()
            pyrage.decrypt(data, judge)
        except (pyrage.DecryptError, OSError):
            continue  # not the journal's own entry: no witness
        try:
            pyrage.decrypt(data, identity)
        except pyrage.DecryptError:
            return False  # one of the user's own entries the key cannot open
        tried += 1
    return True if tried else None


def plain_files_left(root: Path) -> int:
    return sum(1 for p in journal_files(root) if not vault.is_sealed_name(p.name))


def sealed_files_left(root: Path) -> int:
    return sum(1 for p in journal_files(root) if vault.is_sealed_name(p.name))
