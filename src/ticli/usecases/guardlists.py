"""The privacy guard's watch and allow lists, which name clients, wards, schools and
places: in config.toml for a plain journal; in an encrypted journal, never plain on disk,
but in an encrypted file inside it (store.guardlists), which travels with the journal.

`ticli encrypt` (and `doctor --fix`) move the lists from config.toml into that file,
`decrypt` moves them back. Lists still found in config.toml while the journal is encrypted
(added by hand, or brought by a sync) are still used, and `doctor` and `check` name them.
Each move writes the new place first and then empties the old one, so a crash leaves the
words in both places (read as one list), never in neither.
"""

from __future__ import annotations

from pathlib import Path

from ticli.config import GUARD_LISTS, load_config, read_config_text, with_allowed, with_list
from ticli.store import files, guardlists, vault
from ticli.usecases.journal import Journal

#: Each list's words, by its key (watch_list, allow_list).
Lists = dict[str, tuple[str, ...]]


def encrypted_lists(journal: Journal) -> bool:
    """True when this journal keeps the lists encrypted (it is encrypted)."""
    return vault.is_encrypted(journal.root)


def guard_lists(journal: Journal) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The watch list and the allow list the guard uses: config.toml's, and, in an
    encrypted journal, those kept encrypted in it (the passphrase is asked then)."""
    lists = _config_lists(journal)
    if encrypted_lists(journal) and guardlists.has_lists(journal.root):
        lists = _joined(guardlists.read_lists(journal.root), lists)
    return lists["watch_list"], lists["allow_list"]


def lists_file(journal: Journal) -> Path:
    """Where an encrypted journal keeps the lists."""
    return guardlists.lists_path(journal.root)


def plain_lists(journal: Journal) -> list[str]:
    """The lists config.toml holds in plain text although the journal is encrypted."""
    if not encrypted_lists(journal):
        return []
    config = _config_lists(journal, fresh=True)
    return [key for key in GUARD_LISTS if config[key]]


def add_allowed(journal: Journal, word: str) -> None:
    """ "Not a name, never ask again": `word` joins the allow list, encrypted in an
    encrypted journal, else in config.toml (every other line kept as it was)."""
    if encrypted_lists(journal):
        kept = guardlists.read_lists(journal.root)
        if word not in kept["allow_list"]:
            kept["allow_list"] = (*kept["allow_list"], word)
            guardlists.write_lists(journal.root, kept)
        return
    path = journal.locations.config_file
    _write_config(journal, with_allowed(read_config_text(path), word))


def check_lists(journal: Journal, what: str) -> None:
    """Read the encrypted lists (and any copy) before `what` (encrypt, decrypt) changes a
    file, so that it never stops half-way on them: raises FileProblem naming the file,
    and saying that nothing was changed."""
    from ticli.errors import FileProblem

    if not guardlists.has_lists(journal.root):
        return
    try:
        guardlists.read_lists(journal.root)
    except FileProblem as problem:
        raise FileProblem(
            problem.path,
            problem.line,
            problem.reason,
            f"ticli {what} stopped before changing any file: the privacy guard's lists "
            "are moved too, and this file could not be. Mend it, or move it out of the "
            f"journal folder (its words are then not moved), and run ticli {what} again. "
            f"{problem.hint or ''}".strip(),
        ) from None


def move_in(journal: Journal) -> int:
    """Move config.toml's lists into the journal's encrypted file (the journal's keys
    unlocked); returns how many words moved. The encrypted file is written first."""
    path = journal.locations.config_file
    text = read_config_text(path)
    config = _config_lists(journal, fresh=True)
    present = [key for key in GUARD_LISTS if with_list(text, key, None) != text]
    if not present:
        return 0
    kept = guardlists.read_lists(journal.root)
    joined = _joined(kept, config)
    if joined != kept or not guardlists.has_lists(journal.root):
        guardlists.write_lists(journal.root, joined)
    for key in present:
        text = with_list(text, key, None)
    _write_config(journal, text)
    return sum(len(words) for words in config.values())


def move_out(journal: Journal) -> int | None:
    """Move the encrypted lists back into config.toml (for `decrypt`); returns how many
    words moved (None: there was no encrypted file). config.toml is written first, then
    the encrypted file removed."""
    if not guardlists.has_lists(journal.root):
        return None
    kept = guardlists.read_lists(journal.root)
    config = _config_lists(journal, fresh=True)
    joined = _joined(config, kept)
    if joined != config:
        path = journal.locations.config_file
        text = read_config_text(path)
        for key in GUARD_LISTS:
            if joined[key] != config[key]:
                text = with_list(text, key, list(joined[key]))
        _write_config(journal, text)
    guardlists.remove_lists(journal.root)
    return sum(len(words) for words in kept.values())


def _config_lists(journal: Journal, fresh: bool = False) -> Lists:
    config = load_config(journal.locations.config_file) if fresh else journal.config
    return {"watch_list": config.watch_list, "allow_list": config.allow_list}


def _joined(first: Lists, second: Lists) -> Lists:
    """Both lists' words, each once, in order (first's, then second's new ones)."""
    return {
        key: tuple(dict.fromkeys((*first.get(key, ()), *second.get(key, ()))))
        for key in GUARD_LISTS
    }


def _write_config(journal: Journal, text: str) -> None:
    path = journal.locations.config_file
    files.ensure_dir(path.parent)
    files.atomic_write(path, text.encode("utf-8"))
