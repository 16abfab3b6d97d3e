"""The privacy guard's lists (`watch_list`, `allow_list`: names of clients, wards, schools
and places) in an encrypted journal: kept in `.ticli/privacy-lists.toml.age`, age-encrypted
to the journal's recipients like every entry, so they travel with the journal and are
never plain on disk. A plain journal keeps them in config.toml (see usecases.guardlists).

The file is TOML, the same two settings as config.toml; the recovery key opens it with
`age -d -i RECOVERY_FILE .ticli/privacy-lists.toml.age`.
"""

from __future__ import annotations

from pathlib import Path

from ticli.errors import EntryProblem, FileProblem
from ticli.store import files, vault

LISTS_FILE = "privacy-lists.toml.age"
KEYS = ("watch_list", "allow_list")
_HEADER = (
    "# The privacy guard's lists for this journal, kept encrypted because they name people\n"
    "# and places. ticli writes this file; config.toml's watch_list and allow_list are\n"
    "# moved here by `ticli encrypt` and `ticli doctor --fix`.\n"
)

#: Each list's words, by its key.
Lists = dict[str, tuple[str, ...]]


def lists_path(root: Path) -> Path:
    return vault.key_path(root, LISTS_FILE)


def has_lists(root: Path) -> bool:
    return lists_path(root).is_file()


def read_lists(root: Path) -> Lists:
    """The lists kept encrypted in the journal (empty when there is no file). Raises
    FileProblem naming the file (and line) when it cannot be opened or read."""
    from ticli.tomlfile import parse_toml

    path = lists_path(root)
    try:
        data = vault.opened(path, path.read_bytes())
    except FileNotFoundError:
        return {key: () for key in KEYS}
    except OSError as error:
        raise FileProblem(str(path), None, f"cannot be read ({error.strerror})") from None
    except EntryProblem as problem:
        raise FileProblem(str(path), None, problem.reason, _HINT) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileProblem(str(path), None, "is not UTF-8 text inside", _HINT) from None
    try:
        values = parse_toml(text, str(path))
    except FileProblem as problem:
        raise FileProblem(str(path), problem.line, problem.reason, _HINT) from None
    found: Lists = {}
    for key in KEYS:
        value = values.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FileProblem(str(path), None, f"'{key}' is not a list of text", _HINT)
        found[key] = tuple(v.strip() for v in value if v.strip())
    return found


_HINT = (
    "ticli has not changed it. Your recovery key opens it: "
    "age -d -i RECOVERY_FILE .ticli/privacy-lists.toml.age"
)


def write_lists(root: Path, lists: Lists) -> None:
    """Write the lists, encrypted to the journal's current keys, atomically."""
    import tomli_w

    body = {key: list(lists.get(key, ())) for key in KEYS}
    text = _HEADER + tomli_w.dumps(body, multiline_strings=True)
    path = lists_path(root)
    files.ensure_dir(path.parent)
    files.atomic_write(path, vault.encode_for(path, text.encode("utf-8")))


def remove_lists(root: Path) -> None:
    path = lists_path(root)
    if path.exists():
        files.remove(path)
        files.fsync_dir(path.parent)
