"""A reviewer's findings on the SQLCipher index and keys kept in Linux's keyring, each a
test that failed before its fix: another user's process that possesses the login's
keyring cannot read the key; `lock` forgets a key kept under a name a re-key elsewhere
replaced; `ticli index` names the file the index is in; an encrypted index left by a
decrypt elsewhere is removed; `where` does not claim an index is kept without SQLCipher."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticli.cli.app import app

SECRET = "violet-harbour-1789, a client's words"


def _run(runner: CliRunner, *args: str | Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env=env)


def _encrypted_journal(runner: CliRunner, tmp_path: Path, notes: int = 3) -> None:
    for n in range(notes):
        result = _run(runner, "note", f"{SECRET} number {n}")
        assert result.exit_code == 0, result.output
    done = _run(runner, "encrypt", "--recovery-key-out", tmp_path / "recovery.txt", "--yes")
    assert done.exit_code == 0, done.output


def _cache_files(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file())


def _journal_recipient(home: Path) -> str:
    data = tomllib.loads((home / ".ticli" / "key.toml").read_text(encoding="utf-8"))
    return str(data["recipients"][0])


def _kernel_keeps_keys() -> None:
    from ticli.store import kernelkeys

    if not kernelkeys.available():
        reason = "this kernel keeps no keys for ticli (keyctl refused)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def no_desktop_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A headless Linux box: the keyring package has nothing, so the kernel's is used."""
    import keyring
    from keyring.backends import fail

    _kernel_keeps_keys()
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    yield


# ---------------------------------------------------------------- the kernel's keyring


POSSESSION_SCRIPT = r"""
import ctypes, os, subprocess, sys
from ticli.store import kernelkeys

libc, (add_key, keyctl) = kernelkeys._calls()
# A login session as pam_keyinit makes one: a session keyring with the user keyring in it.
assert libc.syscall(keyctl, 1, None) > 0        # KEYCTL_JOIN_SESSION_KEYRING (a new one)
assert libc.syscall(keyctl, 8, -4, -3) == 0     # KEYCTL_LINK: @u into @s
ticli, passphrase_file, description = sys.argv[1:4]
kept = subprocess.run([ticli, "unlock", "--remember", "--passphrase-file", passphrase_file],
                      capture_output=True)
assert kept.returncode == 0, kept.stderr
buffer = ctypes.create_string_buffer(4096)
pid = os.fork()
if pid == 0:
    # Another user's program started from this session (sudo -u service-account ...,
    # a daemon started by hand): it inherits the session keyring, and so possesses the key.
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
    serial = libc.syscall(keyctl, 10, -3, b"user", description.encode(), 0)  # SEARCH @s
    length = libc.syscall(keyctl, 11, serial, buffer, 4096) if serial > 0 else -1
    os.write(1, buffer.raw[:length] if length > 0 else b"<unreadable>")
    os._exit(0)
os.waitpid(pid, 0)
"""


def test_the_kernel_key_is_not_readable_by_another_user_that_possesses_the_session(
    tmp_path: Path, journal_home: Path, pf: Path, runner: CliRunner
) -> None:
    """README: "readable by your own programs only". The key is given KEY_POS_ALL, and
    possessor permissions are added whatever the process's user: a process of another
    user that inherited the login's session keyring reads the journal's secret key."""
    if os.geteuid() != 0:
        pytest.skip("needs root to start a process as another user (nobody)")
    _kernel_keeps_keys()
    _encrypted_journal(runner, tmp_path)
    recipient = _journal_recipient(journal_home)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON_KEYRING", "TICLI_PASSPHRASE"))
    }
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    ticli = Path(sys.executable).parent / "ticli"
    try:
        seen = subprocess.run(
            [sys.executable, "-c", POSSESSION_SCRIPT, str(ticli), str(pf), f"ticli:{recipient}"],
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert seen.returncode == 0, seen.stderr.decode()
        read = b"AGE-SECRET-KEY" in seen.stdout.upper()  # never printed: it is a key
        assert not read, "another user's process read the journal's secret key from the kernel"
        assert seen.stdout == b"<unreadable>", len(seen.stdout)
    finally:
        from ticli.store import kernelkeys

        kernelkeys.forget(recipient)


def test_lock_forgets_the_kernel_key_after_a_rekey_on_another_device(
    runner: CliRunner,
    tmp_path: Path,
    journal_home: Path,
    pf: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_desktop_keyring: None,
) -> None:
    """The key is kept under the journal's public key, read from key.toml each time. After
    a rekey done elsewhere (the passphrase may have been seen) and synced here, `ticli
    lock` says "The key is no longer kept" but forgets only a key under the new name: the
    old secret key, which opens every old copy of the journal, stays in the kernel."""
    from ticli.store import kernelkeys

    _encrypted_journal(runner, tmp_path)
    old = _journal_recipient(journal_home)
    try:
        kept = _run(runner, "unlock", "--remember")
        assert kept.exit_code == 0, kept.output
        assert kernelkeys.find(old) is not None
        # Another device: a copy of the journal, re-keyed there (its kernel is not ours).
        other = tmp_path / "other-device"
        shutil.copytree(journal_home, other)
        with monkeypatch.context() as elsewhere:
            elsewhere.setattr(kernelkeys, "forget", lambda name: False)
            done = _run(
                runner,
                "rekey",
                "--recovery-key-out",
                tmp_path / "recovery-2.txt",
                "--yes",
                env={"TICLI_HOME": str(other), "XDG_CACHE_HOME": str(tmp_path / "cache-2")},
            )
            assert done.exit_code == 0, done.output
        # The sync brings the new key file here.
        shutil.copy2(other / ".ticli" / "key.toml", journal_home / ".ticli" / "key.toml")
        assert _journal_recipient(journal_home) != old
        locked = _run(runner, "lock")
        assert locked.exit_code == 0, locked.output
        assert "no longer kept" in locked.output
        assert kernelkeys.find(old) is None, "`ticli lock` left the old secret key in the kernel"
    finally:
        kernelkeys.forget(old)


# ---------------------------------------------------------------- the SQLCipher index


def test_ticli_index_names_the_file_the_encrypted_index_is_kept_in(
    runner: CliRunner, tmp_path: Path, pf: Path
) -> None:
    """`ticli index` says "Kept at: ...index-XXXX.sqlite3", a file that does not exist: an
    encrypted journal's index is index-XXXX.sqlcipher."""
    _encrypted_journal(runner, tmp_path)
    result = _run(runner, "index")
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Kept at:")]
    named = Path(line.removeprefix("Kept at:").strip().rsplit(" (", 1)[0])
    assert named.is_file(), f"`ticli index` names {named}; the cache holds {_cache_files(tmp_path)}"


def test_an_encrypted_index_left_by_a_decrypt_on_another_device_is_removed(
    runner: CliRunner, tmp_path: Path, journal_home: Path, pf: Path
) -> None:
    """A journal decrypted elsewhere and synced here: every command here opens the plain
    index and leaves the SQLCipher one (and its -wal/-shm) in the cache for good, and
    `ticli index` counts it in the size it gives."""
    _encrypted_journal(runner, tmp_path)
    assert _run(runner, "list").exit_code == 0
    assert any(p.name.endswith(".sqlcipher") for p in _cache_files(tmp_path))
    other = tmp_path / "other-device"
    shutil.copytree(journal_home, other)
    done = _run(
        runner,
        "decrypt",
        "--yes",
        env={"TICLI_HOME": str(other), "XDG_CACHE_HOME": str(tmp_path / "cache-2")},
    )
    assert done.exit_code == 0, done.output
    shutil.rmtree(journal_home)
    shutil.copytree(other, journal_home)  # the sync
    result = _run(runner, "list")
    assert result.exit_code == 0 and "violet-harbour" in result.output, result.output
    assert _run(runner, "index").exit_code == 0
    left = [p for p in _cache_files(tmp_path) if ".sqlcipher" in p.name]
    assert not left, f"an encrypted index of a journal that is no longer encrypted: {left}"


def test_where_does_not_say_the_index_is_kept_when_sqlcipher_cannot_be_loaded(
    runner: CliRunner, tmp_path: Path, pf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without SQLCipher the index is built in memory by every command and never written
    (README), but `ticli where` still says it is kept encrypted in a .sqlcipher file."""
    from encryption_support import without_sqlcipher

    _encrypted_journal(runner, tmp_path)
    without_sqlcipher(monkeypatch, tmp_path / "cache")
    assert _run(runner, "list").exit_code == 0
    assert not list((tmp_path / "cache").rglob("*.sqlcipher*"))
    where = _run(runner, "where")
    assert where.exit_code == 0, where.output
    said = " ".join(where.output.split())
    assert "with .sqlcipher in place of .sqlite3" not in said, said
