"""Shared by the encryption tests: passphrase files, entry files written by hand in the
documented format (docs/format.md), snapshots of a folder's bytes and modes, the `age`
binary (skipped loudly outside CI, a failure in CI), and a keyring backend kept in a
file, for `PYTHON_KEYRING_BACKEND=encryption_support.FileKeyring`.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

#: The installed `ticli` command, next to the running Python.
TICLI = Path(sys.executable).parent / "ticli"
TESTS = Path(__file__).resolve().parent

PASSPHRASE = "a long walk by the canal, 7 herons 🐦"
#: Where an encrypted journal keeps what is not an entry.
KEY_FOLDER = ".ticli"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def age_binary() -> str:
    """The standard `age` command: skipped with a loud reason outside CI, a failure in CI
    (where .ci/run installs it)."""
    found = shutil.which("age")
    if found is None:
        reason = (
            "THE `age` COMMAND IS NOT INSTALLED: the tests that prove entries open without "
            "ticli (issue 10) did not run. Install it: apt-get install -y age"
        )
        if in_ci():
            pytest.fail(reason + " (CI=true: this is a failure here)")
        pytest.skip(reason)
    return found


def secret_file(
    folder: Path, text: str | bytes, name: str = "passphrase", mode: int = 0o600
) -> Path:
    """A passphrase file, readable by its owner only unless told otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    path.chmod(mode)
    return path


def entry_text(entry_id: str, created: str, body: str, kind: str = "note") -> str:
    """An entry as a person might write it by hand: the front matter the format needs."""
    return (
        f'+++\nformat = 1\nid = "{entry_id}"\ncreated = {created}\nkind = "{kind}"\n+++\n\n{body}'
    )


def write_entry_file(root: Path, when: datetime, suffix: str, data: bytes) -> tuple[str, Path]:
    """Write an entry file's bytes where ticli keeps it: `<root>/YYYY/MM/<id>.md`."""
    entry_id = f"{when:%Y%m%d-%H%M%S}-{suffix}"
    folder = root / f"{when:%Y}" / f"{when:%m}"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for part in (root, root / f"{when:%Y}", folder):
        part.chmod(0o700)
    path = folder / f"{entry_id}.md"
    path.write_bytes(data)
    path.chmod(0o600)
    return entry_id, path


def walk(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            yield Path(folder) / name


def snapshot(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file's bytes and every file's and folder's mode under `root`."""
    found: dict[str, tuple[bytes | None, int]] = {}
    if not root.exists():
        return found
    for folder, dirs, names in os.walk(root):
        for name in dirs:
            path = Path(folder) / name
            found[str(path.relative_to(root)) + "/"] = (None, stat.S_IMODE(path.stat().st_mode))
        for name in names:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = (
                path.read_bytes(),
                stat.S_IMODE(path.lstat().st_mode),
            )
    return found


def differences(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """The names added, removed or changed between two snapshots."""
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


def entry_files_any(root: Path) -> list[Path]:
    """Every entry file, plain (`.md`) or encrypted (`.md.age`), in the year/month folders."""
    return sorted(
        p
        for p in root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*")
        if p.is_file()
        and not p.name.startswith(".")
        and (p.name.endswith(".md") or p.name.endswith(".md.age"))
    )


def entry_id_of(path: Path) -> str:
    return path.name.split(".", 1)[0]


def recipients_from_where(output: str) -> tuple[str, str]:
    """The journal's and the recovery key's public keys, as `ticli where` lists them."""
    journal = recovery = None
    for line in output.splitlines():
        words = line.split()
        if len(words) == 2 and words[1].startswith("age1"):
            if words[0] == "journal:":
                journal = words[1]
            elif words[0] == "recovery:":
                recovery = words[1]
    assert journal and recovery, f"ticli where does not list both recipients:\n{output}"
    return journal, recovery


def run_ticli(
    *args: str | Path,
    env: dict[str, str],
    input: bytes | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[bytes]:
    """The installed ticli, with no terminal, in the given environment."""
    return subprocess.run(
        [str(TICLI), *map(str, args)],
        env=env,
        input=input if input is not None else b"",
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def base_env(home: Path, cache: Path, **more: str) -> dict[str, str]:
    """An environment for the installed ticli: this journal and cache, nothing of ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TICLI_", "PYTHON_KEYRING", "XDG_"))
        and key not in {"VISUAL", "EDITOR"}
    }
    env.update(
        TICLI_HOME=str(home),
        XDG_CACHE_HOME=str(cache),
        COLUMNS="100",
        NO_COLOR="1",
    )
    env.update(more)
    return env


# ---------------------------------------------------------------- a keyring for tests


class FileKeyring(KeyringBackend):
    """A keyring kept as JSON in the file named by TICLI_TEST_KEYRING_FILE, so that
    separate ticli processes share it, as they would share the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ["TICLI_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self._path().read_text(encoding="utf-8"))
            return data
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, str]) -> None:
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if f"{service}\n{username}" not in data:
            raise PasswordDeleteError("not kept")
        del data[f"{service}\n{username}"]
        self._save(data)


def without_sqlcipher(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    """A machine SQLCipher has no wheel for: its module cannot be imported, and no
    encrypted index from before is in the cache folder."""
    import sys

    for name in [m for m in sys.modules if m.startswith("sqlcipher3")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    for kept in cache.rglob("*.sqlcipher*"):
        kept.unlink()


# ---------------------------------------------------------------- the guard's lists


def lists_file_bytes(
    home: Path, lists: dict[str, list[str]], passphrase: str = PASSPHRASE, proven: bool = True
) -> bytes:
    """A privacy-lists file as ticli writes it on a device that has the journal's key
    (with the proof under the journal's key), or, without `proven`, as anyone who knows
    only the journal's public keys could write it."""
    import tomllib

    import pyrage
    import tomli_w
    from pyrage import x25519

    from ticli.store import guardlists, keyfile

    path = home / KEY_FOLDER / "key.toml"
    recipients = [
        x25519.Recipient.from_str(r)
        for r in tomllib.loads(path.read_text(encoding="utf-8"))["recipients"]
    ]
    body: dict[str, object] = dict(lists)
    if proven:
        secret = keyfile.unwrap(keyfile.read_key_file(path), passphrase.encode())
        words = {key: tuple(lists.get(key, ())) for key in guardlists.KEYS}
        body["proof"] = guardlists.proof(secret, words)
    return bytes(pyrage.encrypt(tomli_w.dumps(body).encode("utf-8"), recipients))
