"""The privacy guard's lists in an encrypted journal (issue 10): `watch_list` and
`allow_list` name clients and places, so with encryption on they are never plain on disk.
`ticli encrypt` moves them from config.toml into `.ticli/privacy-lists.toml.age`
(encrypted to the journal's recipients, travelling with it), "never ask again" writes
there, `decrypt` moves them back, `rekey` encrypts the file to the new keys, and lists
found plain in config.toml while encrypted are used, named by `doctor` and `check`, and
moved by `doctor --fix`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pyrage
import pytest
import tomli_w
from encryption_support import PASSPHRASE, lists_file_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519
from typer.testing import CliRunner

from ticli.cli.app import app

LISTS = Path(".ticli") / "privacy-lists.toml.age"
CONFIG = (
    "# my settings\n"
    "count = 2\n"
    'watch_list = [\n  "Ward 7",     # the ward\n  "Zebedee Quillfeather",\n]\n'
    'allow_list = ["Harbour Team"]\n'
    "grounding_pause = false\n"
)
#: The words that must never be found plain on disk once the journal is encrypted.
NAMES = ("Ward 7", "Zebedee", "Quillfeather", "Harbour Team")


def run(runner: CliRunner, *args: str | Path, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def identity_in(path: Path) -> x25519.Identity:
    line = next(x for x in path.read_text().splitlines() if x.startswith("AGE-SECRET-KEY-1"))
    return x25519.Identity.from_str(line)


def opened_lists(home: Path, recovery: Path) -> dict[str, list[str]]:
    data = pyrage.decrypt((home / LISTS).read_bytes(), [identity_in(recovery)])
    found = tomllib.loads(data.decode("utf-8"))
    assert len(found.pop("proof")) == 64  # the HMAC that vouches for it
    return found


def plain_anywhere(*folders: Path) -> list[str]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                found += [f"{path}: {name}" for name in NAMES if name.encode() in data]
    return found


@pytest.fixture
def encrypted(runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path) -> Path:
    """A journal with lists in config.toml, and an entry each list matters for, encrypted;
    returns the recovery key file."""
    journal_home.mkdir(mode=0o700)
    (journal_home / "config.toml").write_text(CONFIG, encoding="utf-8")
    for text, at in (
        ("Handover on Ward 7 ran late.", "2026-11-16T09:00"),
        ("The Harbour Team met at noon.", "2026-11-17T09:00"),
    ):
        assert run(runner, "note", text, "--at", at).exit_code == 0
    recovery = tmp_path / "keys" / "recovery.txt"
    recovery.parent.mkdir()
    done = run(runner, "encrypt", "--recovery-key-out", recovery, "--yes")
    assert done.exit_code == 0, done.output
    assert "moved from config.toml into the journal, encrypted" in done.output
    return recovery


def test_encrypt_moves_the_lists_into_the_journal_encrypted(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path
) -> None:
    config = (journal_home / "config.toml").read_text(encoding="utf-8")
    assert config == "# my settings\ncount = 2\ngrounding_pause = false\n"
    assert opened_lists(journal_home, encrypted) == {
        "watch_list": ["Ward 7", "Zebedee Quillfeather"],
        "allow_list": ["Harbour Team"],
    }
    assert (journal_home / LISTS).stat().st_mode & 0o077 == 0
    assert not plain_anywhere(journal_home, tmp_path / "cache")
    # The guard still uses both lists: the ward is flagged, the team is not read as a name.
    checked = run(runner, "check")
    assert checked.exit_code == 1, checked.output
    assert "Ward 7" in checked.output and "watch list" in checked.output
    assert "Harbour" not in checked.output
    # Nothing to name: the lists are where they belong.
    assert "Not encrypted" not in checked.output
    assert run(runner, "doctor").exit_code == 0


def test_not_a_name_in_an_encrypted_journal_goes_into_the_encrypted_file(
    journal_home: Path, encrypted: Path, pf: Path
) -> None:
    """The review's "never ask again", through its use case (the pty test covers the
    terminal): the word joins the encrypted allow list, config.toml is not touched."""
    from ticli.store import vault
    from ticli.usecases.journal import open_journal
    from ticli.usecases.privacy import guard_words

    before = (journal_home / "config.toml").read_bytes()
    journal = open_journal(ask_passphrase=lambda: PASSPHRASE.encode())
    words = guard_words(journal)
    assert words.encrypted and words.never_ask is not None
    words.never_ask("Quentavius")
    words.never_ask("Quentavius")  # once only
    assert (journal_home / "config.toml").read_bytes() == before
    assert opened_lists(journal_home, encrypted)["allow_list"] == ["Harbour Team", "Quentavius"]
    assert b"Quentavius" not in (journal_home / LISTS).read_bytes()
    vault.use_vault(vault.Vault(journal_home))


def test_decrypt_moves_the_lists_back_to_config(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    done = run(runner, "decrypt", "--yes")
    assert done.exit_code == 0, done.output
    assert "back in config.toml" in done.output
    assert not (journal_home / LISTS).exists()
    config = tomllib.loads((journal_home / "config.toml").read_text(encoding="utf-8"))
    assert config["watch_list"] == ["Ward 7", "Zebedee Quillfeather"]
    assert config["allow_list"] == ["Harbour Team"]
    assert config["count"] == 2 and config["grounding_pause"] is False
    checked = run(runner, "check")
    assert "Ward 7" in checked.output and "Harbour" not in checked.output


def test_rekey_encrypts_the_lists_to_the_new_keys(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: Path
) -> None:
    new = tmp_path / "keys" / "recovery-2.txt"
    assert run(runner, "rekey", "--recovery-key-out", new, "--yes").exit_code == 0
    data = (journal_home / LISTS).read_bytes()
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(data, [identity_in(encrypted)])
    assert opened_lists(journal_home, new)["watch_list"] == ["Ward 7", "Zebedee Quillfeather"]
    assert "Ward 7" in run(runner, "check").output


def test_lists_added_to_config_while_encrypted_are_used_named_and_moved(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    # Added by hand, as the README said before encryption (or brought by a sync).
    with (journal_home / "config.toml").open("a", encoding="utf-8") as config:
        config.write('watch_list = ["Harbour Team"]\n')
    assert run(runner, "note", "Met Zebedee Quillfeather briefly").exit_code == 0
    assert "watch_list or allow_list is in plain text" in run(runner, "where").stdout
    checked = run(runner, "check")
    assert "Harbour Team" in checked.output  # the plain list is used meanwhile
    assert "Not encrypted" in checked.output and "ticli doctor --fix" in checked.output
    shown = run(runner, "doctor")
    assert shown.exit_code == 1 and "config.toml" in shown.output, shown.output
    found = json.loads(run(runner, "doctor", "--json").stdout)["findings"]
    assert [(f["kind"], f["fix"]) for f in found] == [("plain-lists", "encrypt-lists")]
    fixed = run(runner, "doctor", "--fix", "--yes")
    assert fixed.exit_code == 0, fixed.output
    assert "watch_list" not in (journal_home / "config.toml").read_text(encoding="utf-8")
    kept = opened_lists(journal_home, encrypted)
    assert kept["watch_list"] == ["Ward 7", "Zebedee Quillfeather", "Harbour Team"]
    assert run(runner, "doctor").exit_code == 0
    assert not plain_anywhere(journal_home)


def test_encrypt_run_again_moves_lists_left_in_config(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    """A crash after the encrypted file was written and before config.toml was emptied
    leaves the words in both places: read as one list; `encrypt` again finishes."""
    with (journal_home / "config.toml").open("a", encoding="utf-8") as config:
        config.write('allow_list = ["Harbour Team"]\n')
    again = run(runner, "encrypt")
    assert again.exit_code == 0, again.output
    assert "moved from config.toml" in again.output
    assert opened_lists(journal_home, encrypted)["allow_list"] == ["Harbour Team"]
    assert "allow_list" not in (journal_home / "config.toml").read_text(encoding="utf-8")
    assert "nothing to do" in run(runner, "encrypt").output


@pytest.mark.parametrize(
    ("inside", "said"),
    [
        (None, "cannot be decrypted"),
        (b'watch_list = ["Ward 7"\n', "line 1"),
        (b"watch_list = 7\n", "'watch_list' is not a list of text"),
        (b"\xff\xfe not text", "not UTF-8"),
    ],
)
def test_an_unreadable_lists_file_is_named_and_left_alone(
    runner: CliRunner, journal_home: Path, encrypted: Path, inside: bytes | None, said: str
) -> None:
    path = journal_home / LISTS
    if inside is None:
        path.write_bytes(b"age-encryption.org/v1\n-> X25519 damaged\n")
    else:
        key = tomllib.loads((journal_home / ".ticli" / "key.toml").read_text(encoding="utf-8"))
        recipients = [x25519.Recipient.from_str(r) for r in key["recipients"]]
        path.write_bytes(pyrage.encrypt(inside, recipients))
    before = path.read_bytes()
    checked = run(runner, "check")
    assert checked.exit_code == 2, checked.output
    assert "privacy-lists.toml.age" in checked.output and said in checked.output
    assert "age -d -i RECOVERY_FILE" in checked.output
    # "Never ask again" does not overwrite it either.
    from ticli.errors import FileProblem
    from ticli.usecases.guardlists import add_allowed
    from ticli.usecases.journal import open_journal

    with pytest.raises(FileProblem):
        add_allowed(open_journal(ask_passphrase=lambda: PASSPHRASE.encode()), "Quentavius")
    assert path.read_bytes() == before


words = st.lists(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
        lambda w: w.strip() == w and w
    ),
    max_size=4,
    unique=True,
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(watch=words, allow=words)
def test_encrypt_then_decrypt_gives_the_lists_back(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    pf: Path,
    watch: list[str],
    allow: list[str],
) -> None:
    import shutil

    shutil.rmtree(journal_home, ignore_errors=True)
    journal_home.mkdir(mode=0o700)
    settings_text = "count = 3\n" + tomli_w.dumps({"watch_list": watch, "allow_list": allow})
    (journal_home / "config.toml").write_text(settings_text, encoding="utf-8")
    assert run(runner, "note", "A quiet day").exit_code == 0
    recovery = tmp_path / f"recovery-{len(list(tmp_path.glob('recovery-*')))}.txt"
    assert run(runner, "encrypt", "--recovery-key-out", recovery, "--yes").exit_code == 0
    config = tomllib.loads((journal_home / "config.toml").read_text(encoding="utf-8"))
    assert not config.get("watch_list") and not config.get("allow_list")  # [] may stay
    assert run(runner, "decrypt", "--yes").exit_code == 0
    config = tomllib.loads((journal_home / "config.toml").read_text(encoding="utf-8"))
    assert config.get("watch_list", []) == watch and config.get("allow_list", []) == allow
    assert config["count"] == 3


def test_a_sync_tools_copy_of_the_lists_is_read_and_folded_in(
    runner: CliRunner, journal_home: Path, encrypted: Path, pf: Path
) -> None:
    """Two devices added to the lists before they synced: Syncthing keeps the other's
    file as a copy. Its words count at once; the next write keeps them all in the file
    and moves the copy to the trash (still encrypted)."""
    copy = journal_home / ".ticli" / "privacy-lists.toml.sync-conflict-20261202-101010-ABCDEF1.age"
    other = {"watch_list": ["Ward 7", "Ottoline"], "allow_list": ["Quentavius"]}
    copy.write_bytes(lists_file_bytes(journal_home, other))  # the other device's ticli
    assert run(runner, "note", "Ottoline rang; Quentavius was there").exit_code == 0
    checked = run(runner, "check")
    assert "Ottoline" in checked.output and "watch list" in checked.output
    assert "Quentavius" not in checked.output  # the copy's allow list counts too

    from ticli.usecases.journal import open_journal
    from ticli.usecases.privacy import never_ask_again

    never_ask_again(open_journal(ask_passphrase=lambda: PASSPHRASE.encode()), "Marigold")
    assert not copy.exists()
    (trashed,) = (journal_home / ".trash").rglob("privacy-lists*")
    assert b"Ottoline" not in trashed.read_bytes()
    assert opened_lists(journal_home, encrypted) == {
        "watch_list": ["Ward 7", "Zebedee Quillfeather", "Ottoline"],
        "allow_list": ["Harbour Team", "Quentavius", "Marigold"],
    }


def test_where_still_answers_with_a_broken_config_in_an_encrypted_journal(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    (journal_home / "config.toml").write_text('watch_list = ["Ward 7"\n', encoding="utf-8")
    where = run(runner, "where")
    assert where.exit_code == 0, where.output
    assert "encrypted" in where.output.lower()
    listed = run(runner, "list")
    assert listed.exit_code == 2 and "config.toml, line 1" in listed.output


def test_a_note_is_saved_when_the_lists_file_cannot_be_read(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    """Writing never loses the user's words: the note is saved, the file is named on
    stderr, and the guard still checks with config.toml's lists."""
    path = journal_home / LISTS
    path.write_bytes(b"age-encryption.org/v1\n-> X25519 damaged\n")
    with (journal_home / "config.toml").open("a", encoding="utf-8") as config:
        config.write('watch_list = ["Oakwood"]\n')
    saved = run(runner, "note", "Oakwood again, and Ward 7")
    assert saved.exit_code == 0, saved.output
    assert "Saved to" in saved.stdout
    assert "privacy-lists.toml.age" in saved.stderr and "Your words are kept" in saved.stderr
    assert "Oakwood" in saved.stderr  # checked with config.toml's list
    assert "Oakwood again" in run(runner, "show", "--last").stdout
    assert path.read_bytes() == b"age-encryption.org/v1\n-> X25519 damaged\n"


@settings(max_examples=60, deadline=None)
@given(
    before=st.lists(
        st.sampled_from(["# mine", "count = 2", "grounding_pause = false", ""]),
        max_size=4,
        unique=True,
    ),
    after=st.lists(
        st.sampled_from(['editor = "nano"', "# end", "ratings = []"]), max_size=3, unique=True
    ),
    old=words,
    new=st.one_of(st.none(), words),
)
def test_setting_a_list_keeps_every_other_line_of_config(
    before: list[str], after: list[str], old: list[str], new: list[str] | None
) -> None:
    from ticli.config import with_list

    lines = [*before, "watch_list = " + json.dumps(old, ensure_ascii=False), *after]
    text = "\n".join(lines) + "\n"
    changed = with_list(text, "watch_list", new)
    values = tomllib.loads(changed)
    assert values.get("watch_list") == new
    # Every other line as it was: the new assignment (however many lines) stands where
    # the old one stood.
    head = "\n".join(before) + ("\n" if before else "")
    tail = "\n".join(after) + ("\n" if after else "")
    assert changed.startswith(head)
    assert changed.endswith(tail) if new is not None else changed == head + tail


def test_decrypt_stopped_after_config_was_written_finishes_without_doubling(
    runner: CliRunner, journal_home: Path, encrypted: Path
) -> None:
    """A kill after decrypt wrote the lists into config.toml and before it removed the
    encrypted file: both hold the words. Run again, it finishes, each word once."""
    from ticli.store import conversion

    with (journal_home / "config.toml").open("a", encoding="utf-8") as config:
        config.write('watch_list = ["Ward 7", "Zebedee Quillfeather"]\n')
    conversion.start_task(journal_home, "decrypt")
    done = run(runner, "decrypt", "--yes")
    assert done.exit_code == 0, done.output
    config = tomllib.loads((journal_home / "config.toml").read_text(encoding="utf-8"))
    assert config["watch_list"] == ["Ward 7", "Zebedee Quillfeather"]
    assert config["allow_list"] == ["Harbour Team"]
    assert not (journal_home / LISTS).exists()
    assert not (journal_home / ".ticli" / "progress.toml").exists()
