"""Old keys after `ticli rekey` (issue 10): a device that has not synced yet may still
write files encrypted to the old recipients, and a sync tool may bring old versions back.
The key file keeps the retired keys, encrypted to the new ones and covered by an HMAC
under the journal's key, so such files are read, `doctor` names them, and `encrypt` or
`doctor --fix` encrypts them to the current keys. A retired key planted by someone who can
write to the journal folder is refused, never used."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pyrage
import pytest
import tomli_w
from encryption_support import (
    KEY_FOLDER,
    differences,
    entry_text,
    secret_file,
    snapshot,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrage import x25519
from typer.testing import CliRunner

from ticli.cli.app import app

OLD_ID = "20261120-080000-0ld0ld00"
OLD_NAME = f"2026/11/{OLD_ID}.md.age"


def run(runner: CliRunner, *args: str | Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def identity_in(path: Path) -> x25519.Identity:
    line = next(x for x in path.read_text().splitlines() if x.startswith("AGE-SECRET-KEY-1"))
    return x25519.Identity.from_str(line)


def key_data(home: Path) -> dict[str, object]:
    return tomllib.loads((home / KEY_FOLDER / "key.toml").read_text(encoding="utf-8"))


def recipients(home: Path) -> list[x25519.Recipient]:
    found = key_data(home)["recipients"]
    assert isinstance(found, list)
    return [x25519.Recipient.from_str(r) for r in found]


def opens(path: Path, identity: x25519.Identity) -> bool:
    try:
        pyrage.decrypt(path.read_bytes(), [identity])
        return True
    except pyrage.DecryptError:
        return False


@pytest.fixture
def rekeyed(runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path) -> dict[str, object]:
    """An encrypted journal re-keyed once, and the old recipients (what a device that had
    not synced yet still encrypts to)."""
    assert run(runner, "note", "Before the rekey", "--at", "2026-11-16T09:00").exit_code == 0
    first = tmp_path / "keys" / "recovery-1.txt"
    first.parent.mkdir()
    done = run(runner, "encrypt", "--recovery-key-out", first, "--yes")
    assert done.exit_code == 0, done.output
    old = recipients(journal_home)
    second = tmp_path / "keys" / "recovery-2.txt"
    done = run(runner, "rekey", "--recovery-key-out", second, "--yes")
    assert done.exit_code == 0, done.output
    assert "old key is kept" in done.output
    return {"old": old, "first": first, "second": second}


def write_late(home: Path, to: list[x25519.Recipient], text: str, entry_id: str = OLD_ID) -> Path:
    """An entry encrypted to `to`, as another device (or a sync tool) would leave it."""
    created = f"{entry_id[:4]}-{entry_id[4:6]}-{entry_id[6:8]}T08:00:00+00:00"
    data = entry_text(entry_id, created, text).encode()
    path = home / entry_id[:4] / entry_id[4:6] / f"{entry_id}.md.age"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(pyrage.encrypt(data, to))
    path.chmod(0o600)
    return path


def test_a_file_encrypted_to_the_old_keys_after_a_rekey_is_read(
    runner: CliRunner, journal_home: Path, rekeyed: dict[str, object]
) -> None:
    late = write_late(journal_home, rekeyed["old"], "Written on the laptop before it synced")  # type: ignore[arg-type]
    listed = run(runner, "list")
    assert listed.exit_code == 0, listed.output
    assert "Written on the laptop" in listed.stdout and "Before the rekey" in listed.stdout
    shown = run(runner, "show", OLD_ID)
    assert shown.exit_code == 0 and "before it synced" in shown.stdout
    assert not opens(late, identity_in(rekeyed["second"]))  # type: ignore[arg-type]
    assert "Old keys from an earlier ticli rekey are kept" in run(runner, "where").stdout


def test_doctor_names_a_file_under_an_old_key_and_fix_encrypts_it_to_the_new(
    runner: CliRunner, journal_home: Path, rekeyed: dict[str, object]
) -> None:
    late = write_late(journal_home, rekeyed["old"], "A late arrival")  # type: ignore[arg-type]
    shown = run(runner, "doctor")
    assert shown.exit_code == 1, shown.output
    assert "encrypted to an old key" in shown.stdout and OLD_ID in shown.stdout
    found = json.loads(run(runner, "doctor", "--json").stdout)["findings"]
    assert [(f["kind"], f["fix"]) for f in found] == [("old-key", "re-encrypt")]
    fixed = run(runner, "doctor", "--fix", "--yes")
    assert fixed.exit_code == 0, fixed.output
    new, first = identity_in(rekeyed["second"]), identity_in(rekeyed["first"])  # type: ignore[arg-type]
    assert opens(late, new) and not opens(late, first)
    assert run(runner, "doctor").exit_code == 0
    assert "A late arrival" in run(runner, "show", OLD_ID).stdout


def test_encrypt_again_encrypts_files_under_old_keys_to_the_current_ones(
    runner: CliRunner, journal_home: Path, rekeyed: dict[str, object]
) -> None:
    old = rekeyed["old"]
    late = write_late(journal_home, old, "Late, in the month folder")  # type: ignore[arg-type]
    # One in the trash too (an old version a sync tool brought back, then deleted).
    trashed = write_late(journal_home, old, "Late, then deleted", "20261121-080000-de1e7ed0")  # type: ignore[arg-type]
    assert run(runner, "delete", "20261121-080000-de1e7ed0", "--yes").exit_code == 0
    (in_trash,) = (journal_home / ".trash").rglob("20261121-080000-de1e7ed0*.age")
    assert not trashed.exists()
    again = run(runner, "encrypt")
    assert again.exit_code == 0, again.output
    assert "2 files that only an old key opened are now encrypted" in again.stdout
    new = identity_in(rekeyed["second"])  # type: ignore[arg-type]
    for path in (late, in_trash):
        assert opens(path, new) and not opens(path, identity_in(rekeyed["first"]))  # type: ignore[arg-type]
    before = snapshot(journal_home)
    nothing = run(runner, "encrypt")
    assert nothing.exit_code == 0 and "nothing to do" in nothing.stdout
    assert differences(before, snapshot(journal_home)) == []


def test_retired_keys_add_up_over_rekeys_and_survive_a_new_passphrase(
    runner: CliRunner, journal_home: Path, tmp_path: Path, rekeyed: dict[str, object]
) -> None:
    third = tmp_path / "keys" / "recovery-3.txt"
    assert run(runner, "rekey", "--recovery-key-out", third, "--yes").exit_code == 0
    new = secret_file(tmp_path / "new", "a brand new passphrase, long")
    changed = run(runner, "passphrase", "--new-passphrase-file", new)
    assert changed.exit_code == 0, changed.output
    # Written to the first keys, two re-keys ago.
    write_late(journal_home, rekeyed["old"], "From two keys ago")  # type: ignore[arg-type]
    shown = run(runner, "show", OLD_ID, "--passphrase-file", new)
    assert shown.exit_code == 0 and "From two keys ago" in shown.stdout, shown.output
    # `recover` (a new passphrase from the newest recovery key) keeps them too.
    again = secret_file(tmp_path / "again", "yet another passphrase, long")
    recovered = run(runner, "recover", "--key", third, "--passphrase-file", again)
    assert recovered.exit_code == 0, recovered.output
    assert "From two keys ago" in run(runner, "show", OLD_ID, "--passphrase-file", again).stdout


def test_the_new_recovery_key_opens_the_retired_keys_with_age_alone(
    journal_home: Path, rekeyed: dict[str, object]
) -> None:
    retired = key_data(journal_home)["retired"]
    assert isinstance(retired, dict)
    opened = pyrage.decrypt(
        retired["wrapped"].encode(),
        [identity_in(rekeyed["second"])],  # type: ignore[arg-type]
    ).decode()
    assert opened.startswith("AGE-SECRET-KEY-1") and len(opened.split()) == 1
    old_journal_key = x25519.Identity.from_str(opened.strip())
    assert str(old_journal_key.to_public()) == str(rekeyed["old"][0])  # type: ignore[index]


# ---------------------------------------------------------------- planted retired keys


def _plant(home: Path, block: dict[str, str]) -> None:
    data = key_data(home)
    data["retired"] = block
    (home / KEY_FOLDER / "key.toml").write_text(tomli_w.dumps(data), encoding="utf-8")


def _attacker_block(home: Path, attacker: x25519.Identity) -> dict[str, str]:
    """A retired-keys block holding the attacker's key, encrypted to the journal's (public)
    recipients, with an HMAC the attacker can make: under their own key."""
    from ticli.store import retired

    found = key_data(home)["recipients"]
    assert isinstance(found, list)
    wrapped, proof = retired.wrap(str(attacker), found, [str(attacker)])
    return {"wrapped": wrapped.decode(), "proof": proof}


@pytest.mark.parametrize("how", ["own-proof", "no-proof", "bad-proof", "other-journal"])
def test_a_planted_retired_key_is_refused(
    runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path, how: str
) -> None:
    assert run(runner, "note", "Before", "--at", "2026-11-16T09:00").exit_code == 0
    recovery = tmp_path / "recovery.txt"
    assert run(runner, "encrypt", "--recovery-key-out", recovery, "--yes").exit_code == 0
    attacker = x25519.Identity.generate()
    block = _attacker_block(journal_home, attacker)
    if how == "no-proof":
        del block["proof"]
    elif how == "bad-proof":
        block["proof"] = "0" * 64
    elif how == "other-journal":
        # A real block, from a journal of the attacker's own that was re-keyed.
        from ticli.store import agekeys, vault

        theirs = agekeys.new_identity()
        key, _ = vault.make_key_file(
            theirs, str(agekeys.new_identity().to_public()), b"x" * 12, retired_keys=[str(attacker)]
        )
        block = {"wrapped": key.retired.decode(), "proof": key.retired_proof}
    _plant(journal_home, block)
    # The attacker's own file, encrypted to their key: it must never be read as an entry.
    write_late(journal_home, [attacker.to_public()], "Planted by someone else")
    before = snapshot(journal_home)
    # Refused loudly, never used, and nobody locked out: the journal's own key works.
    for command in (["list"], ["show", OLD_ID], ["doctor"]):
        result = run(runner, *command)
        said = " ".join(result.output.split())
        assert "retired" in said and "are not used" in said, (command, said)
        assert "Planted by someone else" not in result.output
    assert run(runner, "list").exit_code == 0
    assert run(runner, "show", OLD_ID).exit_code != 0  # only the planted key opens it
    assert differences(before, snapshot(journal_home)) == []
    assert run(runner, "note", "Written after the plant", "--at", "2026-11-17T09:00").exit_code == 0
    (written,) = journal_home.glob("2026/11/20261117-*.md.age")
    assert opens(written, identity_in(recovery)) and not opens(written, attacker)
    before = snapshot(journal_home)
    # Neither `encrypt` nor `rekey` carries the planted key forward.
    run(runner, "encrypt")
    assert run(runner, "rekey", "--recovery-key-out", tmp_path / "r2.txt", "--yes").exit_code != 0
    assert differences(before, snapshot(journal_home)) == []


def test_a_planted_retired_key_in_a_next_key_file_is_never_used(
    runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path
) -> None:
    """A re-key's next key file with a retired-keys block of the attacker's: the next key
    file's own proof (an HMAC under the current key) does not hold, so it is ignored."""
    assert run(runner, "note", "Before", "--at", "2026-11-16T09:00").exit_code == 0
    assert run(runner, "encrypt", "--recovery-key-out", tmp_path / "r.txt", "--yes").exit_code == 0
    attacker = x25519.Identity.generate()
    data = key_data(journal_home)
    data["retired"] = _attacker_block(journal_home, attacker)
    (journal_home / KEY_FOLDER / "key-next.toml").write_text(tomli_w.dumps(data))
    (journal_home / KEY_FOLDER / "progress.toml").write_text('task = "rekey"\n')
    write_late(journal_home, [attacker.to_public()], "Planted by someone else")
    listed = run(runner, "list")
    assert "Planted by someone else" not in listed.output
    assert "Before" in listed.output


def test_a_damaged_file_after_a_rekey_is_named_as_damaged_and_left_alone(
    runner: CliRunner, journal_home: Path, rekeyed: dict[str, object]
) -> None:
    path = journal_home / OLD_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"age-encryption.org/v1\n-> X25519 not really\n")
    listed = run(runner, "list")
    assert listed.exit_code == 0 and "Before the rekey" in listed.stdout
    assert OLD_ID in listed.output
    shown = run(runner, "doctor")
    assert shown.exit_code == 1 and "cannot be decrypted" in shown.stdout
    assert "encrypted to an old key" not in shown.stdout
    assert run(runner, "encrypt").exit_code == 1  # named, not converted
    assert path.read_bytes() == b"age-encryption.org/v1\n-> X25519 not really\n"


@settings(max_examples=25, deadline=None)
@given(count=st.integers(min_value=1, max_value=5), flip=st.integers(min_value=0, max_value=400))
def test_retired_keys_round_trip_and_any_changed_byte_is_refused(count: int, flip: int) -> None:
    from ticli.store import retired

    journal, recovery = x25519.Identity.generate(), x25519.Identity.generate()
    old = [str(x25519.Identity.generate()) for _ in range(count)]
    recipients = [str(journal.to_public()), str(recovery.to_public())]
    wrapped, proof = retired.wrap(str(journal), recipients, old)
    assert retired.unwrap(str(journal), wrapped, proof) == old
    # The recovery key opens the block too (age alone), and only the journal's key proves it.
    assert pyrage.decrypt(wrapped, [recovery]).decode().split() == old
    assert retired.unwrap(str(recovery), wrapped, proof) is None
    changed = bytearray(wrapped)
    changed[flip % len(changed)] ^= 0x01
    assert retired.unwrap(str(journal), bytes(changed), proof) is None


def test_decrypt_opens_files_under_old_keys_too(
    runner: CliRunner, journal_home: Path, rekeyed: dict[str, object]
) -> None:
    write_late(journal_home, rekeyed["old"], "Late, then the journal decrypted")  # type: ignore[arg-type]
    done = run(runner, "decrypt", "--yes")
    assert done.exit_code == 0, done.output
    plain = journal_home / OLD_NAME.removesuffix(".age")
    assert b"Late, then the journal decrypted" in plain.read_bytes()
    assert not list(journal_home.glob("[0-9]*/*/*.age"))
