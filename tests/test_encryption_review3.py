"""An encrypted journal against someone who can write to its synced folder, a third review
(enc3): the privacy guard's lists, the key file's [retired] block, a key file rolled back or
deleted, and re-keys over re-keys. Each test here failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest
from encryption_support import KEY_FOLDER, entry_text, lists_file_bytes, secret_file
from test_encryption_review2 import LISTS, _interrupted_rekey, run, three_notes
from test_retired_keys import identity_in, opens, recipients
from typer.testing import CliRunner

from ticli.cli.app import app


@pytest.mark.parametrize("as_copy", [False, True])
def test_a_planted_lists_file_silences_the_guard_for_a_watched_name(
    runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path, as_copy: bool
) -> None:
    """Before enc3 the lists lived in config.toml (outside the synced folder by default);
    now they are in .ticli/privacy-lists.toml.age, encrypted to the journal's PUBLIC
    recipients, so anyone who can write to the synced folder could replace them (or add a
    sync-conflict-named copy, merged in). A file without a proof under the journal's key
    is now never used: named loudly, and the guard checks with config.toml's lists."""
    journal_home.mkdir(mode=0o700)
    (journal_home / "config.toml").write_text('watch_list = ["Quillfeather"]\n')
    assert (
        run(runner, "note", "Quillfeather was upset today", "--at", "2026-11-16T09:00").exit_code
        == 0
    )
    recovery = tmp_path / "recovery.txt"
    assert run(runner, "encrypt", "--recovery-key-out", recovery, "--yes").exit_code == 0
    assert run(runner, "check").exit_code == 1  # the guard names the watched word
    # The folder-writer, knowing only the public recipients:
    planted = {"watch_list": [], "allow_list": ["Quillfeather"]}
    target = journal_home / LISTS
    if as_copy:
        target = target.with_name("privacy-lists.toml.sync-conflict-20261201-000000-AAAAAAA.age")
    target.write_bytes(lists_file_bytes(journal_home, planted, proven=False))
    before = target.read_bytes()
    checked = run(runner, "check")
    assert checked.exit_code == 1, "a planted lists file silenced the guard: " + checked.output
    said = " ".join(checked.output.split())
    assert target.name in said and "not written by ticli with this journal's key" in said
    # A note is kept, and says so too; nothing adopts the planted words.
    noted = run(runner, "note", "Quillfeather was upset again", "--at", "2026-11-17T09:00")
    assert noted.exit_code == 0 and "Quillfeather" in noted.output, noted.output
    assert target.name in " ".join(noted.output.split())
    assert target.read_bytes() == before
    import json

    looked = run(runner, "doctor", "--json")
    found = [(f["kind"], f["path"]) for f in json.loads(looked.stdout)["findings"]]
    assert looked.exit_code == 1 and ("bad-lists", str(target)) in found, looked.output
    # With ticli's own proof, the same words are used (a device that has the key).
    target.write_bytes(lists_file_bytes(journal_home, planted))
    checked = run(runner, "check")
    assert target.name not in " ".join(checked.output.split())
    if not as_copy:  # its allow list stands; a copy's adds to the watch list it is beside
        assert checked.exit_code == 0, checked.output


def test_a_stripped_retired_block_is_accepted_silently_and_passphrase_then_drops_the_old_keys(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    """The HMAC covered the block's bytes, but not its presence: a folder-writer who
    deleted [retired] from key.toml was not noticed, and the next `ticli passphrase` wrote
    a key file without it. The reviewer expected the late file (only an old key opens it)
    to be shown all the same; that cannot be (the old key was only in that block), so the
    right behaviour is: what the journal's own key opens works, the missing block is named
    loudly on every command, and no command writes a key file that forgets it."""
    old = recipients(journal_home)
    second = tmp_path / "recovery-2.txt"
    assert run(runner, "rekey", "--recovery-key-out", second, "--yes").exit_code == 0
    key = journal_home / KEY_FOLDER / "key.toml"
    text = key.read_text()
    assert "[retired]" in text
    key.write_text(text[: text.index("[retired]")])
    late_id = "20261120-080000-0ld0ld00"
    late = journal_home / "2026" / "11" / f"{late_id}.md.age"
    late.write_bytes(
        pyrage.encrypt(entry_text(late_id, "2026-11-20T08:00:00+00:00", "late").encode(), old)
    )
    listed = run(runner, "list")
    said = " ".join(listed.output.split())
    assert listed.exit_code == 0 and "Zebedee" in listed.stdout, listed.output
    assert "retired" in said and "have been removed from the file" in said, said
    shown = run(runner, "show", late_id)
    assert shown.exit_code != 0 and late.name in " ".join(shown.output.split())
    # A new passphrase keeps saying the block belongs there (never silently forgotten).
    newpf = secret_file(tmp_path / "s3", "a brand new passphrase\n")
    assert run(runner, "passphrase", "--new-passphrase-file", newpf).exit_code == 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TICLI_PASSPHRASE_FILE", str(newpf))
        again = run(runner, "list")
        assert again.exit_code == 0
        assert "have been removed from the file" in " ".join(again.output.split())
        refused = run(runner, "rekey", "--recovery-key-out", tmp_path / "r3.txt", "--yes")
        assert refused.exit_code != 0 and "nothing was re-keyed" in refused.output.lower()
    # The block put back (from a backup): the old key opens the late file again.
    key.write_text(key.read_text() + text[text.index("[retired]") :])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TICLI_PASSPHRASE_FILE", str(newpf))
        # (the index remembers a file it could not read until that file changes)
        assert run(runner, "index", "--rebuild").exit_code in (0, 1)
        shown = run(runner, "show", late_id)
    assert shown.exit_code == 0 and "late" in shown.stdout, shown.output
    assert "retired" not in shown.output


def test_a_key_file_rolled_back_to_before_the_rekey_is_used_for_new_notes(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    """rekey keeps the passphrase, so the pre-rekey key.toml still opens with it. Someone who
    can write to the folder (e.g. the lost laptop, still paired in Syncthing) puts the old
    key.toml back: nothing noticed, and new notes went to the OLD recipients, the very keys
    the user re-keyed away from. This device remembers the keys a re-key retired, and
    refuses a key file whose key is one of them."""
    before = (journal_home / KEY_FOLDER / "key.toml").read_bytes()
    second = tmp_path / "recovery-2.txt"
    assert run(runner, "rekey", "--recovery-key-out", second, "--yes").exit_code == 0
    newest = (journal_home / KEY_FOLDER / "key.toml").read_bytes()
    (journal_home / KEY_FOLDER / "key.toml").write_bytes(before)
    done = run(runner, "note", "After the rekey: Zebedee's new address", "--at", "2026-11-21T09:00")
    said = " ".join(done.output.split())
    assert done.exit_code != 0 and "is an old one" in said, said
    assert not list(journal_home.glob("2026/11/20261121-*"))
    newpf = secret_file(tmp_path / "s5", "a brand new passphrase\n")
    for command in (["list"], ["passphrase", "--new-passphrase-file", newpf]):
        refused = run(runner, *command)
        assert refused.exit_code != 0 and "is an old one" in " ".join(refused.output.split())
    assert (journal_home / KEY_FOLDER / "key.toml").read_bytes() == before
    # The newest key file put back: all is well, and new notes go to the new keys.
    (journal_home / KEY_FOLDER / "key.toml").write_bytes(newest)
    assert run(runner, "note", "Zebedee's new address", "--at", "2026-11-21T09:00").exit_code == 0
    (new_note,) = journal_home.glob("2026/11/20261121-*.md.age")
    assert opens(new_note, identity_in(second)) and not opens(new_note, identity_in(encrypted))


def test_a_deleted_key_file_makes_new_notes_and_never_ask_again_plain(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    """Mode = 'key.toml exists'. A sync tool propagating a deletion (or a folder-writer)
    removes .ticli/key.toml: the journal full of .md.age files was then treated as plain,
    and the next note was written in plain text. Now nothing is written, and the message
    says how to get back in."""
    key = journal_home / KEY_FOLDER / "key.toml"
    kept = key.read_bytes()
    key.unlink()
    done = run(
        runner, "note", "Zebedee Quillfeather disclosed something", "--at", "2026-11-22T09:00"
    )
    plain = list(journal_home.glob("2026/11/*.md"))
    assert not plain, f"written in plain text: {plain} ({done.output})"
    said = " ".join(done.output.split())
    assert done.exit_code != 0 and "key file .ticli/key.toml is missing" in said, said
    assert "age -d -i RECOVERY_FILE" in said
    # today refuses before asking anything (nothing typed is lost)
    asked = runner.invoke(app, ["today"], input="Zebedee again\n", catch_exceptions=False)
    assert asked.exit_code != 0 and "is missing" in asked.output, asked.output
    assert not list(journal_home.glob("2026/*/*.md")) and not list(journal_home.glob(".draft-*"))
    # the key file back: all is as before
    key.write_bytes(kept)
    assert run(runner, "note", "Back in", "--at", "2026-11-22T10:00").exit_code == 0
    listed = run(runner, "list")
    assert listed.exit_code == 0 and "Back in" in listed.stdout, listed.output


def test_a_plain_journal_that_never_was_encrypted_writes_as_before(
    runner: CliRunner, journal_home: Path
) -> None:
    assert run(runner, "note", "plain as ever", "--at", "2026-11-22T09:00").exit_code == 0
    assert list(journal_home.glob("2026/11/*.md"))


def test_a_damaged_retired_block_locks_out_passphrase_and_recover_alike(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    """One changed character in [retired] (a sync tool, an editor's line endings, a bit
    flip) made keys_from_secret raise KeyFileChanged everywhere, `recover` included,
    although the journal's own key and recipients are intact and every current entry
    opens with them. Now the block is refused loudly (not used, named on every command,
    kept as it is) and nothing else stops."""
    second = tmp_path / "recovery-2.txt"
    assert run(runner, "rekey", "--recovery-key-out", second, "--yes").exit_code == 0
    key = journal_home / KEY_FOLDER / "key.toml"
    data = key.read_bytes()
    at = data.index(b'proof = "', data.index(b"[retired]")) + 9
    flipped = b"0" if data[at : at + 1] != b"0" else b"1"
    key.write_bytes(data[:at] + flipped + data[at + 1 :])  # one flipped digit
    block = key.read_bytes()[key.read_bytes().index(b"[retired]") :]
    listed = run(runner, "list")
    said = " ".join(listed.output.split())
    assert listed.exit_code == 0 and "Zebedee" in listed.stdout, listed.output
    assert "not put there with this journal's key" in said, said
    assert run(runner, "note", "A new one", "--at", "2026-11-21T09:00").exit_code == 0
    # recover takes the new passphrase from TICLI_PASSPHRASE_FILE (the same one, here)
    got = run(runner, "recover", "--key", second)
    assert got.exit_code == 0, got.output
    assert block in key.read_bytes()  # kept as it is, never dropped
    listed = run(runner, "list")
    assert listed.exit_code == 0 and "A new one" in listed.stdout, listed.output
    assert "not put there with this journal's key" in " ".join(listed.output.split())


def test_lists_written_with_a_literal_key_are_never_moved_out_of_config_toml(
    runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path
) -> None:
    """`'watch_list' = [...]` is valid TOML and used by the guard, but key_line's pattern
    only knows bare and "double-quoted" keys: encrypt says nothing moved and the client
    names stay plain in config.toml (doctor --fix cannot move them either)."""
    journal_home.mkdir(mode=0o700)
    (journal_home / "config.toml").write_text("'watch_list' = [\"Quillfeather\"]\n")
    assert run(runner, "note", "hello", "--at", "2026-11-16T09:00").exit_code == 0
    assert run(runner, "encrypt", "--recovery-key-out", tmp_path / "r.txt", "--yes").exit_code == 0
    run(runner, "doctor", "--fix", "--yes")
    assert "Quillfeather" not in (journal_home / "config.toml").read_text()


def test_decrypt_with_an_unreadable_lists_copy_stops_after_every_entry_is_plain(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    """decrypt moved the lists out only after every entry was plain, and stopped there on
    an unreadable copy: key file kept, progress noted, entries plain, and no word on how
    to finish. Now it reads the lists before it changes any file."""
    junk = (
        journal_home / KEY_FOLDER / "privacy-lists.toml.sync-conflict-20261201-000000-XXXXXXX.age"
    )
    junk.write_bytes(b"junk")
    done = run(runner, "decrypt", "--yes")
    said = " ".join(done.output.split())
    assert done.exit_code == 2 and junk.name in said, said
    assert "stopped before changing any file" in said and "run ticli decrypt again" in said
    assert not list(journal_home.glob("2026/11/*.md"))
    assert len(list(journal_home.glob("2026/11/*.md.age"))) == 1
    assert not (journal_home / KEY_FOLDER / "progress.toml").exists()
    junk.rename(tmp_path / junk.name)  # out of the journal folder, as the message says
    again = run(runner, "decrypt", "--yes")
    assert again.exit_code == 0, again.output
    assert len(list(journal_home.glob("2026/11/*.md"))) == 1


@pytest.mark.usefixtures(three_notes.__name__)
def test_a_new_rekey_over_an_unfinished_one_finishes_it_and_says_so(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reviewer expected a second `rekey --recovery-key-out THIRD` to leave every file
    opening with a third recovery key. Making new keys over a re-key under way would strand
    the files it has done, so the right behaviour (since enc3's review 2) is to finish the
    first re-key: every file opens with ITS recovery key, nothing is written at THIRD, and
    the command says so, naming the recovery key to keep."""
    second = _interrupted_rekey(runner, journal_home, tmp_path, monkeypatch)
    refused = run(runner, "encrypt")  # never over a re-key under way
    assert refused.exit_code != 0 and "ticli rekey" in refused.output, refused.output
    third = tmp_path / "recovery-3.txt"
    again = run(runner, "rekey", "--recovery-key-out", third, "--yes")
    assert again.exit_code == 0, again.output
    files = list(journal_home.glob("2026/11/*.md.age"))
    assert len(files) == 3 and all(opens(p, identity_in(second)) for p in files)
    assert not third.exists()
    said = " ".join(again.output.split())
    assert "started earlier" in said and f"nothing was written to {third}" in said, said
    listed = run(runner, "list")
    assert listed.exit_code == 0 and listed.stdout.count("Note of the") == 2, listed.output


def test_trashed_lists_copy_is_not_rekeyed(
    runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path
) -> None:
    journal_home.mkdir(mode=0o700)
    (journal_home / "config.toml").write_text('watch_list = ["Quillfeather"]\n')
    assert run(runner, "note", "x", "--at", "2026-11-16T09:00").exit_code == 0
    assert run(runner, "encrypt", "--recovery-key-out", tmp_path / "r.txt", "--yes").exit_code == 0
    copy = (
        journal_home / KEY_FOLDER / "privacy-lists.toml.sync-conflict-20261201-000000-ABCDEFG.age"
    )
    copy.write_bytes(lists_file_bytes(journal_home, {"watch_list": ["Zebedee"]}))
    (journal_home / "config.toml").write_text('watch_list = ["Other"]\n')
    assert run(runner, "doctor", "--fix", "--yes").exit_code in (
        0,
        1,
    )  # move_in -> write_lists -> copy to trash
    trashed = [p for p in (journal_home / ".trash").rglob("privacy-lists*") if p.is_file()]
    assert trashed
    assert run(runner, "rekey", "--recovery-key-out", tmp_path / "r2.txt", "--yes").exit_code == 0
    assert all(opens(p, identity_in(tmp_path / "r2.txt")) for p in trashed), trashed


def test_the_quick_lane_says_what_is_wrong_with_the_key_file_too(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path, pf: Path
) -> None:
    """`ticli list` is answered without Typer (cli.quick): it says the same note at its end."""
    from encryption_support import base_env, run_ticli

    assert run(runner, "rekey", "--recovery-key-out", tmp_path / "r2.txt", "--yes").exit_code == 0
    key = journal_home / KEY_FOLDER / "key.toml"
    key.write_text(key.read_text()[: key.read_text().index("[retired]")])
    env = base_env(journal_home, tmp_path / "cache", TICLI_PASSPHRASE_FILE=str(pf))
    done = run_ticli("list", env=env)
    assert done.returncode == 0 and b"Zebedee" in done.stdout, done.stderr
    said = " ".join(done.stderr.decode().split())
    assert "retired" in said and "have been removed from the file" in said, said


def test_decrypt_stopped_at_its_very_end_leaves_a_journal_that_writes_plain(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    encrypted: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """decrypt put the key file away before removing a stray next key file; stopped in
    between, it left a journal that a stray next key file marked as encrypted (never
    written plain) with no key file, and running decrypt again did not mend it."""
    from ticli.store import keyfile, vault

    keys = journal_home / KEY_FOLDER
    (keys / "key-next.toml").write_bytes((keys / "key.toml").read_bytes())  # no proof: unused
    real = keyfile.remove_key_file

    def power_cut(root: Path, name: str) -> None:
        if name == vault.NEXT_KEY_FILE:
            raise KeyboardInterrupt
        real(root, name)

    monkeypatch.setattr(vault, "remove_key_file", power_cut)
    assert run(runner, "decrypt", "--yes").exit_code == 130
    monkeypatch.setattr(vault, "remove_key_file", real)
    again = run(runner, "decrypt", "--yes")
    assert again.exit_code == 0, again.output
    done = run(runner, "note", "Plain again", "--at", "2026-11-22T09:00")
    assert done.exit_code == 0, done.output
    assert list(journal_home.glob("2026/11/20261122-*.md"))
