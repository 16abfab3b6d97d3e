"""The privacy guard's lists (`watch_list`, `allow_list`: names of clients, wards, schools
and places) in an encrypted journal: kept in `.ticli/privacy-lists.toml.age`, age-encrypted
to the journal's recipients like every entry, so they travel with the journal and are
never plain on disk. A plain journal keeps them in config.toml (see usecases.guardlists).

The file is TOML, the same two settings as config.toml; the recovery key opens it with
`age -d -i RECOVERY_FILE .ticli/privacy-lists.toml.age`. Two devices that add to the lists
before they sync leave a sync tool's copy beside it (Syncthing:
`privacy-lists.toml.sync-conflict-…-DEVICE.age`): the words of every copy are read as one
list, and the next write keeps them all in the file and moves the copies to the trash.

Anyone who can write to the (synced) folder knows the journal's public keys, so could
encrypt a lists file of their own (an allow list that silences the guard for a client's
name). So each file carries `proof`: an HMAC of its words under the journal's secret key
(or a key a re-key retired, which the key file vouches for). A file without a proof that
holds is never used: reading it raises UnprovenLists, a FileProblem naming it.
"""

from __future__ import annotations

from pathlib import Path

from ticli.errors import EntryProblem, FileProblem
from ticli.store import files, vault
from ticli.store.journal import trash_entry

LISTS_FILE = "privacy-lists.toml.age"
_STEM = "privacy-lists"
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
    return lists_path(root).is_file() or bool(copies(root))


def copies(root: Path) -> list[Path]:
    """Sync tools' copies of the lists file (an edit on two devices before they synced)."""
    folder = root / vault.KEY_FOLDER
    try:
        names = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        p
        for p in names
        if p.name.startswith(_STEM)
        and p.name.endswith(vault.AGE_SUFFIX)
        and p.name != LISTS_FILE
        and p.is_file()
    ]


class UnprovenLists(FileProblem):
    """A lists file whose proof does not hold: not written by ticli with this journal's
    key (planted by someone who can write to the folder, or written by hand)."""


#: What the HMAC is taken of, before the words (so it can be no other HMAC of ticli's).
_DOMAIN = b"ticli privacy lists\n"


def proof(secret: str, lists: Lists) -> str:
    """The HMAC, under a journal's secret key, of the lists' words."""
    import hashlib  # here: slow to import, and most commands never need it
    import hmac
    import json

    words = {key: list(lists.get(key, ())) for key in KEYS}
    message = _DOMAIN + json.dumps(words, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hmac.new(secret.encode("ascii"), message, hashlib.sha256).hexdigest()


def _proven(lists: Lists, given: object, keys: vault.Keys, retired_too: bool = False) -> bool:
    """True when `given` is the lists' proof under the journal's key, or, with
    `retired_too` (a file only a retired key opens: written before the re-key), under a
    key a re-key retired. A file encrypted to the current keys with a retired key's proof
    is not the journal's: whoever held the old key (the reason to re-key) could write it."""
    import hmac

    if not isinstance(given, str) or not given:
        return False
    claimed = given.encode("utf-8", "surrogatepass")  # not ASCII: refused, not a crash
    old = keys.retired_secrets if retired_too else []
    secrets = dict.fromkeys([keys.secret, *map(str, keys.identities), *old])
    return any(
        hmac.compare_digest(claimed, proof(secret, lists).encode("ascii"))
        for secret in secrets
        if secret
    )


def problems(root: Path) -> list[FileProblem]:
    """Each lists file (or copy) that cannot be read or used, and why (for `doctor`)."""
    found = []
    for path in [lists_path(root), *copies(root)]:
        try:
            _read_one(path)
        except FileProblem as problem:
            found.append(problem)
    return found


def read_lists(root: Path) -> Lists:
    """The lists kept encrypted in the journal, with the words of any sync tool's copy
    (empty when there is no file). Raises FileProblem naming the file (and line) when
    one cannot be opened or read."""
    found = _read_one(lists_path(root))
    for copy in copies(root):
        more = _read_one(copy)
        found = {key: tuple(dict.fromkeys((*found[key], *more[key]))) for key in KEYS}
    return found


def _read_one(path: Path) -> Lists:
    from ticli.tomlfile import parse_toml

    try:
        data, only_retired = vault.opened_telling(path, path.read_bytes())
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
    if not _proven(found, values.get("proof"), vault.active_keys(), only_retired):
        raise UnprovenLists(
            str(path),
            None,
            "was not written by ticli with this journal's key (someone who can write to "
            "the folder may have put it there, or it was written by hand), so ticli does "
            "not use its words",
            _UNPROVEN_HINT,
        )
    return found


_HINT = (
    "ticli has not changed it. Your recovery key opens it: "
    "age -d -i RECOVERY_FILE .ticli/privacy-lists.toml.age"
)


_UNPROVEN_HINT = (
    "If you did not put it there, move it out of the journal folder (keep it to show "
    "someone) and run the command again. To change the lists, put words in config.toml's "
    "watch_list or allow_list and run ticli doctor --fix: they are moved in, with a proof."
)


def write_lists(root: Path, lists: Lists) -> None:
    """Write the lists (as read, with any changes), encrypted to the journal's current
    keys, atomically; then the sync tools' copies read with them go to the trash."""
    import tomli_w

    lists = {key: tuple(w.strip() for w in lists.get(key, ()) if w.strip()) for key in KEYS}
    body: dict[str, object] = {key: list(lists[key]) for key in KEYS}
    body["proof"] = proof(vault.active_keys().secret, lists)
    text = _HEADER + tomli_w.dumps(body, multiline_strings=True)
    path = lists_path(root)
    files.ensure_dir(path.parent)
    files.atomic_write(path, vault.encode_for(path, text.encode("utf-8")))
    for copy in copies(root):
        trash_entry(root, copy)


def prove_again(root: Path) -> None:
    """After a re-key: write the lists again, proven under the journal's new key (a proof
    under the retired key would hang on the key file's [retired] block). Lists that
    cannot be read are left as they are: every command names them."""
    if not has_lists(root):
        return
    try:
        lists = read_lists(root)
    except FileProblem:
        return
    write_lists(root, lists)


def remove_lists(root: Path) -> None:
    """Remove the lists file once its words are in config.toml (its copies to the trash)."""
    for copy in copies(root):
        trash_entry(root, copy)
    path = lists_path(root)
    if path.exists():
        files.remove(path)
        files.fsync_dir(path.parent)
