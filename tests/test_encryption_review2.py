"""An encrypted journal against someone who can write to its synced folder, and against a
re-key cut short (a review of the retired keys and lists found these; each failed before)."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest
from encryption_support import KEY_FOLDER, entry_text, secret_file
from pyrage import x25519
from test_retired_keys import identity_in, key_data, opens
from typer.testing import CliRunner

from ticli.cli.app import app

LISTS = Path(".ticli") / "privacy-lists.toml.age"


def run(runner: CliRunner, *args: str | Path, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def test_recover_refuses_a_planted_key_that_one_planted_entry_opens(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path
) -> None:
    """Someone who can write to the synced folder (no passphrase) replaces key.toml with
    one holding THEIR journal key, wrapped to the user's public recovery recipient, and
    plants one entry encrypted to their key. The user's passphrase now fails, the message
    says to run `ticli recover`: recover must not set the new passphrase on that key."""
    from ticli.store import keyfile

    recovery_pub = key_data(journal_home)["recipients"][1]
    attacker = x25519.Identity.generate()
    # wrapped to a passphrase the attacker picks, plus the user's (public) recovery recipient
    _, data = keyfile.make_key_file(attacker, recovery_pub, b"attacker's own passphrase")
    (journal_home / KEY_FOLDER / "key.toml").write_bytes(data)
    planted = journal_home / "0001" / "01" / "00010101-000000-aaaaaaaa.md.age"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(
        pyrage.encrypt(
            entry_text("00010101-000000-aaaaaaaa", "0001-01-01T00:00:00+00:00", "x").encode(),
            [attacker.to_public()],
        )
    )
    before = (journal_home / KEY_FOLDER / "key.toml").read_bytes()
    done = runner.invoke(
        app,
        ["recover", "--key", str(encrypted)],
        input="my new passphrase\nmy new passphrase\n",
        catch_exceptions=False,
    )
    # The planted entry is not encrypted to the recovery key, so it vouches for nothing;
    # the user's own entry, which the planted key cannot open, refuses it.
    assert done.exit_code != 0 and "Nothing was changed" in done.output, done.output
    assert (journal_home / KEY_FOLDER / "key.toml").read_bytes() == before


def _interrupted_rekey(runner, journal_home, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from ticli.store import conversion

    real = conversion.reseal_file
    calls = {"n": 0}

    def stop_after_one(path, old, new):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the power goes out
        return real(path, old, new)

    monkeypatch.setattr(conversion, "reseal_file", stop_after_one)
    second = tmp_path / "recovery-2.txt"
    stopped = runner.invoke(
        app, ["rekey", "--recovery-key-out", str(second), "--yes"], catch_exceptions=False
    )
    assert stopped.exit_code == 130 and calls["n"] == 2, stopped.output
    assert (journal_home / KEY_FOLDER / "key-next.toml").is_file()
    monkeypatch.setattr(conversion, "reseal_file", real)
    return second


@pytest.fixture
def three_notes(runner: CliRunner, journal_home: Path, encrypted: Path) -> Path:
    for day in (17, 18):
        assert (
            run(runner, "note", f"Note of the {day}th", "--at", f"2026-11-{day}T09:00").exit_code
            == 0
        )
    return encrypted


def test_encrypt_during_an_unfinished_rekey_strands_no_file(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    three_notes: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rekey stopped half-way, then `ticli encrypt` (which enc3 now also runs for retired
    keys / plain lists, and which accepts an unfinished task): it overwrites progress.toml
    with task=encrypt and removes it, so key-next.toml is ignored from then on and the
    files already encrypted to the new keys no longer open with the passphrase."""
    _interrupted_rekey(runner, journal_home, tmp_path, monkeypatch)
    assert run(runner, "list").exit_code == 0
    done = run(runner, "encrypt")
    listed = run(runner, "list")
    assert (
        listed.exit_code == 0
        and "Zebedee" in listed.stdout
        and listed.stdout.count("Note of the") == 2
    ), done.output + "\n---\n" + listed.output


def test_passphrase_changed_during_an_unfinished_rekey_is_refused(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    three_notes: Path,
    monkeypatch: pytest.MonkeyPatch,
    pf: Path,
) -> None:
    """The re-key's next key file is wrapped to the passphrase of its start: a passphrase
    changed meanwhile would be undone when it finishes, so it is refused until then."""
    _interrupted_rekey(runner, journal_home, tmp_path, monkeypatch)
    newpf = secret_file(tmp_path / "s3", "a brand new passphrase\n")
    refused = run(runner, "passphrase", "--new-passphrase-file", newpf)
    assert refused.exit_code != 0 and "ticli rekey" in refused.output, refused.output
    assert run(runner, "rekey").exit_code == 0  # finish it
    assert run(runner, "passphrase", "--new-passphrase-file", newpf).exit_code == 0
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", str(newpf))
    listed = run(runner, "list")
    assert listed.exit_code == 0 and listed.stdout.count("Note of the") == 2, listed.output


def test_a_rekey_cut_short_is_finished_before_any_other_change(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    three_notes: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """encrypt (run to re-encrypt old-key files, say) refuses while a re-key is under
    way, so the re-key's note is never lost; rekey then finishes that re-key (never
    a new one over its keys), and a later rekey starts afresh."""
    second = _interrupted_rekey(runner, journal_home, tmp_path, monkeypatch)
    refused = run(runner, "encrypt")
    assert refused.exit_code != 0 and "ticli rekey" in refused.output, refused.output
    assert run(runner, "rekey").exit_code == 0
    files = list(journal_home.glob("2026/11/*.md.age"))
    assert len(files) == 3 and all(opens(p, identity_in(second)) for p in files)
    third = tmp_path / "recovery-3.txt"
    again = run(runner, "rekey", "--recovery-key-out", third, "--yes")
    assert again.exit_code == 0, again.output
    assert all(opens(p, identity_in(third)) for p in journal_home.glob("2026/11/*.md.age"))
    listed = run(runner, "list")
    assert listed.exit_code == 0 and listed.stdout.count("Note of the") == 2, listed.output


def test_a_non_ascii_proof_is_refused_not_a_crash(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    """hmac.compare_digest raises TypeError for a str with non-ASCII characters; it is not
    caught, so a planted proof = "é" gives a traceback instead of the KeyFileChanged message."""
    assert run(runner, "rekey", "--recovery-key-out", tmp_path / "r2.txt", "--yes").exit_code == 0
    key = journal_home / KEY_FOLDER / "key.toml"
    text = key.read_text()
    head, tail = text.split("[retired]")
    import re as _re

    key.write_text(head + "[retired]" + _re.sub(r'proof = "[0-9a-f]+"', 'proof = "é"', tail))
    got = runner.invoke(app, ["list"])
    assert not isinstance(got.exception, TypeError), repr(got.exception)
