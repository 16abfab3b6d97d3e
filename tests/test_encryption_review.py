"""What a security review of encryption found, each fixed and kept fixed: a key file
changed by someone who can write to the (synced) journal folder, a recover during an
unfinished re-key, plain copies left by Ctrl-C in the editor, a keyring that keeps
secrets in a file, passphrases too short or unchanged, absurd scrypt settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w
from typer.testing import CliRunner

from ticli.cli.app import app

PASSPHRASE = "an evening by the river, slow"
SECRET = "kestrel-lantern-4471"


def _file(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def pf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = _file(tmp_path / "passphrase", PASSPHRASE)
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", str(path))
    return path


def run(runner: CliRunner, *args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def encrypted(runner: CliRunner, tmp_path: Path, pf: Path, journal_home: Path) -> Path:
    # Written in the past: a note the test writes in the same second must still be the newest.
    before = run(runner, "note", f"Before: {SECRET}", "--at", "2026-11-16T09:00")
    assert before.exit_code == 0  # type: ignore[attr-defined]
    recovery = tmp_path / "recovery.txt"
    done = run(runner, "encrypt", "--recovery-key-out", recovery, "--yes")
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    return recovery


def _key(journal_home: Path, name: str = "key.toml") -> dict[str, object]:
    return tomllib.loads((journal_home / ".ticli" / name).read_text(encoding="utf-8"))


def _write_key(journal_home: Path, data: dict[str, object], name: str = "key.toml") -> None:
    (journal_home / ".ticli" / name).write_text(tomli_w.dumps(data), encoding="utf-8")


def _attacker() -> tuple[str, str]:
    from pyrage import x25519

    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def _opens(path: Path, secret: str) -> bool:
    import pyrage
    from pyrage import x25519

    try:
        pyrage.decrypt(path.read_bytes(), [x25519.Identity.from_str(secret)])
        return True
    except pyrage.DecryptError:
        return False


def test_an_extra_recipient_added_to_the_key_file_is_refused(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    _, public = _attacker()
    data = _key(journal_home)
    data["recipients"] = [*data["recipients"], public]  # type: ignore[misc]
    _write_key(journal_home, data)
    before = sorted(journal_home.rglob("*.md.age"))
    result = run(runner, "note", "A new note after the key file was changed")
    assert result.exit_code != 0  # type: ignore[attr-defined]
    assert "has been changed" in result.output  # type: ignore[attr-defined]
    assert sorted(journal_home.rglob("*.md.age")) == before  # nothing written


def test_a_swapped_recovery_recipient_is_refused(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    _, public = _attacker()
    data = _key(journal_home)
    data["recipients"] = [data["recipients"][0], public]  # type: ignore[index]
    _write_key(journal_home, data)
    result = run(runner, "list")
    assert result.exit_code != 0 and "has been changed" in result.output  # type: ignore[attr-defined]


def test_a_planted_next_key_file_is_never_used(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    secret, public = _attacker()
    planted = _key(journal_home)
    planted["recipients"] = [public]
    _write_key(journal_home, planted, "key-next.toml")
    (journal_home / ".ticli" / "progress.toml").write_text('task = "rekey"\n')
    assert run(runner, "note", "Written while a key-next.toml was planted").exit_code == 0  # type: ignore[attr-defined]
    # Every file opens with the journal's keys, none with the planted one.
    assert not any(_opens(p, secret) for p in journal_home.rglob("*.md.age"))
    found = run(runner, "search", "planted")
    assert "key-next.toml was planted" in found.output  # type: ignore[attr-defined]


def test_recover_refuses_a_key_file_replaced_with_a_stranger_key(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path
) -> None:
    from pyrage import x25519

    from ticli.store import vault

    recovery_line = next(
        line for line in encrypted.read_text().splitlines() if line.startswith("AGE-SECRET")
    )
    recovery_public = str(x25519.Identity.from_str(recovery_line).to_public())
    stranger = x25519.Identity.generate()
    _, data = vault.make_key_file(stranger, recovery_public, b"the stranger's own words")
    (journal_home / ".ticli" / "key.toml").write_bytes(data)
    new = _file(tmp_path / "new", "a brand new passphrase, long")
    result = run(runner, "recover", "--key", encrypted, "--passphrase-file", new)
    assert result.exit_code != 0  # type: ignore[attr-defined]
    assert "opens none of your entries" in result.output  # type: ignore[attr-defined]


def test_recover_in_the_middle_of_a_rekey_does_not_lock_anyone_out(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    from ticli.store import agekeys, conversion, vault

    for n in range(3):
        assert run(runner, "note", f"note {n}").exit_code == 0  # type: ignore[attr-defined]
    # A rekey stopped after its next key file was written, before any file was converted.
    key = vault.read_key_file(journal_home / ".ticli" / "key.toml")
    secret = vault.unwrap(key, PASSPHRASE.encode())
    fresh, fresh_recovery = agekeys.new_identity(), agekeys.new_identity()
    conversion.start_task(journal_home, "rekey")
    _, data = vault.make_key_file(
        fresh,
        str(fresh_recovery.to_public()),
        PASSPHRASE.encode(),
        previous=agekeys.identity_from_text(secret),
    )
    vault.write_key_file(journal_home, data, vault.NEXT_KEY_FILE)
    new = _file(tmp_path / "new", "a brand new passphrase, long")
    recovered = run(runner, "recover", "--key", encrypted, "--passphrase-file", new)
    assert recovered.exit_code == 0, recovered.output  # type: ignore[attr-defined]
    listed = run(runner, "list", "--passphrase-file", new)
    assert listed.exit_code == 0 and "note 2" in listed.output  # type: ignore[attr-defined]
    finished = run(runner, "rekey", "--passphrase-file", new)
    assert finished.exit_code == 0, finished.output  # type: ignore[attr-defined]
    assert not (journal_home / ".ticli" / "key-next.toml").exists()
    assert all(_opens(p, str(fresh_recovery)) for p in journal_home.rglob("*.md.age"))


def test_ctrl_c_in_the_editor_leaves_no_plain_copy_and_keeps_the_edit(
    runner: CliRunner, journal_home: Path, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ticli.cli import editor

    seen: list[Path] = []

    def editor_then_ctrl_c(command: list[str], path: Path) -> int:
        seen.append(path)
        path.write_text(path.read_text() + "\nTyped before Ctrl-C: heron-window\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(editor, "run_editor", editor_then_ctrl_c)
    monkeypatch.setenv("EDITOR", "true")
    result = run(runner, "edit", "--last")
    assert result.exit_code == 130, result.output  # type: ignore[attr-defined]
    (copy,) = seen
    assert not copy.exists() and not copy.parent.exists()  # the plain copy is gone
    (kept,) = journal_home.rglob("*.unsaved-edit*")
    assert kept.name.endswith(".txt.age")
    assert b"heron-window" not in kept.read_bytes()
    assert "kept in" in result.output  # type: ignore[attr-defined]


def test_today_editor_stopped_keeps_the_draft_encrypted(
    runner: CliRunner, journal_home: Path, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ticli.cli import editor

    seen: list[Path] = []

    def editor_then_ctrl_c(command: list[str], path: Path) -> int:
        seen.append(path)
        path.write_text(path.read_text() + "\nwords: otter-bridge\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(editor, "run_editor", editor_then_ctrl_c)
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.setattr("ticli.cli.terminal.stdin_is_terminal", lambda: True)
    result = run(runner, "today", "--editor")
    (draft,) = seen
    assert not draft.exists()
    kept = list((journal_home / ".ticli" / "drafts").glob("*.md.age"))
    assert len(kept) == 1, result.output  # type: ignore[attr-defined]
    assert b"otter-bridge" not in kept[0].read_bytes()
    assert str(kept[0]) in result.output.replace("\n", "")  # type: ignore[attr-defined]


def test_a_keyring_that_keeps_secrets_in_a_file_is_refused(
    runner: CliRunner, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class PlaintextKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise AssertionError("the key must never be handed to this keyring")

        def delete_password(self, service: str, username: str) -> None:
            return None

    from ticli.store import kernelkeys

    kernel_keeps_keys = kernelkeys.available
    monkeypatch.setattr(keyring, "get_keyring", lambda: PlaintextKeyring())
    monkeypatch.setattr(kernelkeys, "available", lambda: False)
    result = run(runner, "unlock", "--remember")
    assert result.exit_code != 0  # type: ignore[attr-defined]
    assert "keeps secrets in a file" in result.output  # type: ignore[attr-defined]
    # Where the kernel keeps keys, the key goes there instead, never to the file.
    monkeypatch.setattr(kernelkeys, "available", kernel_keeps_keys)
    if kernelkeys.available():
        kept = run(runner, "unlock", "--remember")
        assert kept.exit_code == 0, kept.output  # type: ignore[attr-defined]
        assert "Linux's own keyring" in kept.output  # type: ignore[attr-defined]
        assert run(runner, "lock").exit_code == 0  # type: ignore[attr-defined]


def test_a_new_passphrase_must_differ_and_be_long_enough(
    runner: CliRunner, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    same = run(runner, "passphrase")  # the new one would come from the same file
    assert same.exit_code != 0 and "same as the old one" in same.output  # type: ignore[attr-defined]
    short = _file(tmp_path / "short", "x")
    result = run(runner, "passphrase", "--new-passphrase-file", short)
    assert result.exit_code != 0 and "at least 10 characters" in result.output  # type: ignore[attr-defined]


def test_absurd_scrypt_settings_are_named_not_taken_for_a_wrong_passphrase(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    data = _key(journal_home)
    data["passphrase"]["log_n"] = 40  # type: ignore[index]
    _write_key(journal_home, data)
    result = run(runner, "list")
    assert result.exit_code != 0  # type: ignore[attr-defined]
    assert "has been changed" in result.output  # type: ignore[attr-defined]
    assert "does not open" not in result.output  # type: ignore[attr-defined]


def test_a_command_started_while_the_journal_is_being_converted_waits_for_nothing(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    from ticli.store import conversion

    with conversion.changing(journal_home):
        conversion.start_task(journal_home, "decrypt")
        before = sorted(p.name for p in journal_home.rglob("*") if p.is_file())
        result = run(runner, "note", "Written while a decrypt was running elsewhere")
        assert result.exit_code != 0  # type: ignore[attr-defined]
        assert "in another window" in result.output  # type: ignore[attr-defined]
        after = sorted(p.name for p in journal_home.rglob("*") if p.is_file())
        assert after == before
        again = run(runner, "decrypt", "--yes")
        assert again.exit_code != 0  # type: ignore[attr-defined]
    conversion.end_task(journal_home)
    assert run(runner, "note", "And afterwards").exit_code == 0  # type: ignore[attr-defined]
