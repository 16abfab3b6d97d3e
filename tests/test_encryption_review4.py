"""A fourth security review of encryption (of the fixes for the third): each test failed
before its fix. Re-keyed lists proven under the new key; a retired key's proof only for a
file only it opens; a stray encrypted file in a plain journal, and a journal restored
from before a re-key, each with a way out told; a damaged device record read as none; no
second key made over encrypted files whose key file is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from encryption_support import KEY_FOLDER, secret_file
from typer.testing import CliRunner

from ticli.cli.app import app

LISTS = Path(".ticli") / "privacy-lists.toml.age"


def run(runner: CliRunner, *args: str | Path, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def said(result) -> str:  # type: ignore[no-untyped-def]
    return " ".join(result.output.split())


@pytest.fixture
def watched(runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path) -> Path:
    """An encrypted journal whose watch list (moved into the encrypted lists file by
    `encrypt`) names "sparrow" (a client's nickname, an ordinary word the guard's own
    patterns do not catch), with one note naming it."""
    journal_home.mkdir(mode=0o700)
    (journal_home / "config.toml").write_text('watch_list = ["sparrow"]\n')
    assert run(runner, "note", "we talked about sparrow", "--at", "2026-11-16T09:00").exit_code == 0
    recovery = tmp_path / "keys" / "recovery.txt"
    recovery.parent.mkdir()
    done = run(runner, "encrypt", "--recovery-key-out", recovery, "--yes")
    assert done.exit_code == 0, done.output
    assert (journal_home / LISTS).is_file()
    checked = run(runner, "check")
    assert checked.exit_code == 1 and "sparrow" in checked.stdout, checked.output
    return recovery


# ------------------------------------------------------------------ 1


def test_after_a_rekey_the_lists_hang_on_the_retired_block_and_are_called_planted(
    runner: CliRunner, journal_home: Path, tmp_path: Path, watched: Path, pf: Path
) -> None:
    """rekey re-encrypts the lists file's bytes (reseal_file) but keeps its proof, an HMAC
    under the OLD journal key. It is then accepted only through the [retired] block. When
    that block is unusable (one changed character, a sync tool's older half-merge, a
    folder-writer stripping it), the user's OWN lists are refused as 'not written by ticli
    with this journal's key (someone ... may have put it there)', the guard stops using the
    watch list (check exits 2 and misses the watched name), and decrypt refuses to run.
    README: a bad block stops nothing else, 'the journal's own key opens every current
    file'."""
    second = tmp_path / "keys" / "recovery-2.txt"
    assert run(runner, "rekey", "--recovery-key-out", second, "--yes").exit_code == 0
    key = journal_home / KEY_FOLDER / "key.toml"
    text = key.read_text()
    assert "[retired]" in text
    key.write_text(text[: text.index("[retired]")])  # the block gone (or damaged)
    checked = run(runner, "check")
    out = said(checked)
    assert "not written by ticli with this journal's key" not in out, (
        "the user's own lists, written by ticli, are called planted: " + out
    )
    assert checked.exit_code == 1 and "sparrow" in checked.stdout, (
        "the guard no longer uses the watch list after a re-key: " + out
    )
    undone = run(runner, "decrypt", "--yes")
    assert undone.exit_code == 0, "decrypt refused over the user's own lists: " + said(undone)


# ------------------------------------------------------------------ 2


def test_a_stray_encrypted_file_in_a_plain_journal_leaves_a_way_to_write_again(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    """A journal that was never encrypted (or was decrypted, and a device that had not
    synced yet sends one note encrypted to the old keys) holds one `.md.age` file. Every
    write is then refused with 'This journal is encrypted (… is), but its key file … is
    missing' and the only way out said is to 'put .ticli/key.toml back', a file this
    journal never had. `ticli decrypt` says it is not encrypted; `doctor --fix` does not
    help. The message must tell a way out for a journal meant to be plain (open the file
    with the recovery key and move it out), and not claim the journal is encrypted."""
    assert run(runner, "note", "plain as ever", "--at", "2026-11-16T09:00").exit_code == 0
    stray = journal_home / "2026" / "11" / "20261117-090000-ab12cd34.md.age"
    stray.write_bytes(b"age-encryption.org/v1\n-> X25519 whatever\n")  # any age file
    stray.chmod(0o600)
    done = run(runner, "note", "another plain note", "--at", "2026-11-18T09:00")
    out = said(done)
    if done.exit_code == 0:
        return  # writing plain again is one acceptable answer
    assert stray.name in out
    assert "move" in out.lower() or "doctor" in out.lower(), (
        "the refusal names no way out for a plain journal: " + out
    )
    for command in (["decrypt"], ["doctor", "--fix"]):
        run(runner, *command)
    again = run(runner, "note", "another plain note", "--at", "2026-11-18T09:00")
    assert again.exit_code == 0 or "move" in said(again).lower(), said(again)


# ------------------------------------------------------------------ 3


def test_a_damaged_device_record_of_retired_keys_crashes_every_command(
    runner: CliRunner, journal_home: Path, tmp_path: Path, watched: Path, pf: Path
) -> None:
    """keyseen.retired_here catches OSError/ValueError/UnicodeError/AttributeError, but a
    record whose `retired` is a number (or a boolean) raises TypeError while iterating it:
    a traceback on every command of an encrypted journal, for a file that is 'a safety net,
    not needed to open anything'."""
    second = tmp_path / "keys" / "recovery-2.txt"
    assert run(runner, "rekey", "--recovery-key-out", second, "--yes").exit_code == 0
    (record,) = (tmp_path / "cache").rglob("keys-*.toml")
    record.write_text("retired = 5\n")
    listed = runner.invoke(app, ["list"])
    assert listed.exception is None or isinstance(listed.exception, SystemExit), repr(
        listed.exception
    )
    assert listed.exit_code == 0, listed.output


# ------------------------------------------------------------------ 4


def test_a_whole_journal_restored_from_before_a_rekey_is_refused_with_no_way_out_told(
    runner: CliRunner, journal_home: Path, tmp_path: Path, watched: Path, pf: Path
) -> None:
    """The user rekeys, then restores the WHOLE journal folder from last night's backup
    (entries and key file alike, all from before the re-key: say the re-key's device was
    lost before it synced). Every command on this device now refuses: 'A sync tool or
    someone who can write to the folder has put it back' (it was the user), and the only
    way out told is to restore the newest key.toml, which they no longer have. `recover`
    with the recovery key of that backup is refused too. The way out (the device record
    keys-….toml in the cache folder) is named nowhere in what ticli says."""
    backup = tmp_path / "backup"
    shutil.copytree(journal_home, backup)
    second = tmp_path / "keys" / "recovery-2.txt"
    assert run(runner, "rekey", "--recovery-key-out", second, "--yes").exit_code == 0
    shutil.rmtree(journal_home)
    shutil.copytree(backup, journal_home)
    listed = run(runner, "list")
    newpf = secret_file(tmp_path / "s9", "a brand new passphrase\n")
    recovered = run(runner, "recover", "--key", watched, "--passphrase-file", newpf)
    told = said(listed) + " " + said(recovered)
    assert listed.exit_code == 0 or recovered.exit_code == 0 or "keys-" in told, (
        "locked out of ticli on this device with no way out told: " + told
    )


# ------------------------------------------------------------------ 5


def test_encrypt_over_a_journal_whose_key_file_is_missing_makes_a_second_key(
    runner: CliRunner, journal_home: Path, tmp_path: Path, watched: Path, pf: Path
) -> None:
    """The key file is gone (a sync tool passed on a deletion). Writes are refused, rightly;
    but `ticli encrypt` goes ahead: a new journal key and a new recovery key, while every
    older entry stays encrypted to the old keys (the new recovery key the user was just
    told to keep opens none of them; README: 'the recovery key opens every entry'), and
    the user's own lists file is then called planted. When the real key file comes back
    (the sync tool's old version), it is overwritten or conflicts. encrypt must refuse, as
    note does, naming an encrypted file and saying to put the key file back."""
    key = journal_home / KEY_FOLDER / "key.toml"
    key.unlink()
    fresh = tmp_path / "keys" / "recovery-new.txt"
    done = run(runner, "encrypt", "--recovery-key-out", fresh, "--yes")
    assert done.exit_code != 0, "encrypt made a second key over an encrypted journal: " + said(done)
    assert not key.exists() and not fresh.exists()


# ------------------------------------------------------------------ 6


def test_after_a_rekey_the_old_key_still_vouches_for_a_planted_lists_file(
    runner: CliRunner, journal_home: Path, tmp_path: Path, watched: Path, pf: Path
) -> None:
    """The README's advice after a passphrase may have been seen is `ticli rekey`. Whoever
    saw it (and has an old copy of key.toml) holds the old journal key. guardlists._proven
    accepts a proof under ANY retired key, for ever, whatever the file is encrypted to: so
    that person can still plant a lists file, encrypted to the NEW public recipients, whose
    allow list silences the guard for a client's name, and nothing says so. A proof under a
    retired key should count only for a file written before the re-key (one the current
    key does not open), and a re-key should prove the lists again under the new key."""
    import tomllib

    import pyrage
    import tomli_w
    from pyrage import x25519

    from ticli.store import guardlists, keyfile

    old_key = keyfile.read_key_file(journal_home / KEY_FOLDER / "key.toml")
    from encryption_support import PASSPHRASE

    old_secret = keyfile.unwrap(old_key, PASSPHRASE.encode())
    second = tmp_path / "keys" / "recovery-2.txt"
    assert run(runner, "rekey", "--recovery-key-out", second, "--yes").exit_code == 0
    current = [
        x25519.Recipient.from_str(r)
        for r in tomllib.loads((journal_home / KEY_FOLDER / "key.toml").read_text())["recipients"]
    ]
    planted = {"watch_list": (), "allow_list": ("sparrow",)}
    body: dict[str, object] = {k: list(v) for k, v in planted.items()}
    body["proof"] = guardlists.proof(old_secret, planted)
    target = journal_home / LISTS
    target.write_bytes(pyrage.encrypt(tomli_w.dumps(body).encode("utf-8"), current))
    checked = run(runner, "check")
    out = said(checked)
    assert (checked.exit_code == 1 and "sparrow" in checked.stdout) or target.name in out, (
        "a lists file vouched for only by the re-keyed-away key silenced the guard: " + out
    )
