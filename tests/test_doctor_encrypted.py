"""`ticli doctor` on an encrypted journal: sync engines' copies of `<id>.md.age` (the
decoration before `.md` or between `.md` and `.age`), merged through the journal's key and
written encrypted; exact copies seen through the encryption; mixed plain and encrypted
journals named by `doctor` and `check`."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from encryption_support import PASSPHRASE, entry_files_any, recipients_from_where, secret_file
from pyrage import decrypt, encrypt, x25519
from typer.testing import CliRunner

from ticli.cli.app import app
from ticli.store.copynames import copy_engine, is_entry_file

ID = "20261117-183000-0badc0de"

#: Each engine's decoration, placed before `.md` and between `.md` and `.age`.
DECORATIONS = [
    (".sync-conflict-20261118-101010-ABCDEF1", "Syncthing"),
    (" (conflicted copy 2026-11-18 101010)", "Nextcloud or ownCloud"),
    ("_conflict-20261118-101010", "ownCloud"),
    (" (Sam's conflicted copy 2026-11-18)", "Dropbox"),
    (" (1)", "Google Drive"),
    (" 2", "iCloud"),
    ("-DESKTOP-AB12CD", "OneDrive"),
]


@pytest.mark.parametrize(("decoration", "engine"), DECORATIONS)
def test_copies_of_an_encrypted_entry_are_recognised_in_both_places(
    decoration: str, engine: str
) -> None:
    assert copy_engine(f"{ID}{decoration}.md.age", ID) == engine
    assert copy_engine(f"{ID}.md{decoration}.age", ID) == engine
    assert is_entry_file(f"{ID}.md{decoration}.age")


@pytest.mark.parametrize(
    "name",
    [
        f"{ID}.md.age",
        f"{ID}.unsaved-edit.txt.age",
        f"{ID}.md.notes.age",
        f"{ID}.txt.age",
        f"{ID}.md (copy of notes).age",
    ],
)
def test_other_encrypted_names_are_not_copies(name: str) -> None:
    assert copy_engine(name, ID) is None


def test_kept_edits_and_hidden_files_are_no_entries() -> None:
    assert not is_entry_file(f"{ID}.unsaved-edit.txt.age")
    assert not is_entry_file(f".{ID}.md.age.abcdefgh.tmp")
    assert is_entry_file(f"{ID}.md.age") and is_entry_file(f"{ID}.md")


# ---------------------------------------------------------------- through the command


def run(runner: CliRunner, *args: str | Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def pf(tmp_path: Path) -> Path:
    return secret_file(tmp_path / "secrets", PASSPHRASE + "\n")


@pytest.fixture
def journal(runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path) -> dict[str, object]:
    """An encrypted journal with one entry of two answers; its recipients and recovery key."""
    result = run(
        runner,
        "today",
        "--answer",
        "strengths-today=Everyone came back after the break.",
        "--answer",
        "safety-team=The room felt calm.",
        "--at",
        "2026-11-17T18:30",
    )
    assert result.exit_code == 0, result.output
    recovery = tmp_path / "keys" / "recovery.txt"
    recovery.parent.mkdir()
    done = run(runner, "encrypt", "--passphrase-file", pf, "--recovery-key-out", recovery, "--yes")
    assert done.exit_code == 0, done.output
    (path,) = entry_files_any(journal_home)
    assert path.name.endswith(".md.age")
    where = run(runner, "where", "--passphrase-file", pf)
    identity = next(
        x25519.Identity.from_str(line)
        for line in recovery.read_text().splitlines()
        if line.startswith("AGE-SECRET-KEY-1")
    )
    recipients = [x25519.Recipient.from_str(r) for r in recipients_from_where(where.stdout)]
    return {"path": path, "identity": identity, "recipients": recipients}


def opened(path: Path, journal: dict[str, object]) -> str:
    return decrypt(path.read_bytes(), [journal["identity"]]).decode("utf-8")  # type: ignore[list-item]


def sealed(text: str, journal: dict[str, object]) -> bytes:
    return encrypt(text.encode("utf-8"), journal["recipients"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "engine"),
    [
        ("{id}.md.sync-conflict-20261118-101010-ABCDEF1.age", "Syncthing"),
        ("{id}.md (conflicted copy 2026-11-18 101010).age", "Nextcloud or ownCloud"),
        ("{id} (Sam's conflicted copy 2026-11-18).md.age", "Dropbox"),
        ("{id}.md (1).age", "Google Drive"),
    ],
)
def test_an_encrypted_copy_is_merged_and_written_encrypted(
    runner: CliRunner,
    journal_home: Path,
    journal: dict[str, object],
    pf: Path,
    name: str,
    engine: str,
) -> None:
    path = journal["path"]
    assert isinstance(path, Path)
    entry_id = path.name.removesuffix(".md.age")
    text = opened(path, journal)
    theirs = text.replace("The room felt calm.", "Loud, then calm: the heron by the canal.")
    copy = path.with_name(name.format(id=entry_id))
    copy.write_bytes(sealed(theirs, journal))
    os.chmod(copy, 0o600)
    earlier = time.time() - 3600
    os.utime(copy, (earlier, earlier))

    listed = run(runner, "list", "--passphrase-file", pf)
    assert listed.exit_code == 0, listed.output
    assert listed.stderr.count("ticli doctor has something for you") == 1
    found = json.loads(run(runner, "doctor", "--json", "--passphrase-file", pf).stdout)
    assert [(f["kind"], f["engine"], f["fix"]) for f in found["findings"]] == [
        ("conflict-copy", engine, "merge")
    ]
    assert found["findings"][0]["merge"]["answers"]["safety-team"] == "both"

    fixed = run(runner, "doctor", "--fix", "--yes", "--passphrase-file", pf)
    assert fixed.exit_code == 0, fixed.output
    assert not copy.exists() and path.is_file()
    merged = opened(path, journal)
    assert "The room felt calm." in merged and "the heron by the canal" in merged
    assert "Everyone came back after the break." in merged
    # Nothing plain on disk: the merge, the entry as it was and the copy are all age files.
    for item in journal_home.rglob("*"):
        if item.is_file():
            assert b"heron" not in item.read_bytes(), item
    trash = sorted(p.name for p in (journal_home / ".trash").rglob("*") if p.is_file())
    assert trash == sorted([f"{entry_id}.before-edit.txt.age", copy.name])
    assert run(runner, "doctor", "--passphrase-file", pf).exit_code == 0


def test_an_exact_copy_is_seen_through_the_encryption(
    runner: CliRunner, journal_home: Path, journal: dict[str, object], pf: Path
) -> None:
    path = journal["path"]
    assert isinstance(path, Path)
    copy = path.with_name(path.name.replace(".md.age", " 2.md.age"))
    copy.write_bytes(sealed(opened(path, journal), journal))  # other bytes, same entry
    os.chmod(copy, 0o600)
    found = json.loads(run(runner, "doctor", "--json", "--passphrase-file", pf).stdout)
    assert [f["kind"] for f in found["findings"]] == ["exact-copy"]
    assert run(runner, "doctor", "--fix", "--yes", "--passphrase-file", pf).exit_code == 0
    assert not copy.exists()


def test_a_misplaced_encrypted_entry_moves_and_stays_encrypted(
    runner: CliRunner, journal_home: Path, journal: dict[str, object], pf: Path
) -> None:
    path = journal["path"]
    assert isinstance(path, Path)
    away = journal_home / "2020" / "01" / path.name
    away.parent.mkdir(parents=True, mode=0o700)
    (journal_home / "2020").chmod(0o700)
    path.rename(away)
    found = json.loads(run(runner, "doctor", "--json", "--passphrase-file", pf).stdout)
    assert [(f["kind"], f["other"]) for f in found["findings"]] == [("misplaced", str(path))]
    assert run(runner, "doctor", "--fix", "--yes", "--passphrase-file", pf).exit_code == 0
    assert path.is_file() and not away.exists()
    assert "the break" in opened(path, journal)


def test_plain_entries_in_an_encrypted_journal_are_named_with_the_fix(
    runner: CliRunner, journal_home: Path, journal: dict[str, object], pf: Path
) -> None:
    path = journal["path"]
    assert isinstance(path, Path)
    plain = path.with_name("20261119-080000-5e5e5e5e.md")
    plain.write_text(
        '+++\nformat = 1\nid = "20261119-080000-5e5e5e5e"\n'
        'created = 2026-11-19T08:00:00+00:00\nkind = "note"\n+++\n\nSynced plain [bold]x[/]\n'
    )
    plain.chmod(0o600)
    shown = run(runner, "doctor", "--passphrase-file", pf)
    assert shown.exit_code == 1
    assert "plain text in an encrypted journal" in shown.stdout
    assert "Run ticli encrypt again" in shown.stdout and plain.name in shown.stdout
    found = json.loads(run(runner, "doctor", "--json", "--passphrase-file", pf).stdout)
    assert [(f["kind"], f["fix"]) for f in found["findings"]] == [("mixed", None)]
    # --fix leaves it to `ticli encrypt`, and says that something is left.
    assert run(runner, "doctor", "--fix", "--yes", "--passphrase-file", pf).exit_code == 1
    assert plain.is_file()
    checked = run(runner, "check", "--passphrase-file", pf)
    assert "1 entry is plain text in this encrypted journal" in checked.stdout
    assert "ticli encrypt" in checked.stdout
    assert run(runner, "encrypt", "--passphrase-file", pf).exit_code == 0
    assert run(runner, "doctor", "--passphrase-file", pf).exit_code == 0
    assert "plain text" not in run(runner, "check", "--passphrase-file", pf).stdout


def test_an_encrypted_entry_in_a_plain_journal_is_named_without_a_passphrase(
    runner: CliRunner, journal: dict[str, object], tmp_path: Path
) -> None:
    path = journal["path"]
    assert isinstance(path, Path)
    other = tmp_path / "plain-journal"
    env = {"TICLI_HOME": str(other), "XDG_CACHE_HOME": str(tmp_path / "other-cache")}
    assert run(runner, "note", "Plain here", "--at", "2026-11-21T10:00", env=env).exit_code == 0
    stray = other / "2026" / "11" / path.name
    stray.write_bytes(path.read_bytes())
    stray.chmod(0o600)
    shown = run(runner, "doctor", env=env)  # no passphrase file, no terminal: never asked
    assert shown.exit_code == 1
    assert "encrypted, in a journal that is not" in shown.stdout
    assert ".ticli/key.toml" in shown.stdout and "unreadable" not in shown.stdout
    found = json.loads(run(runner, "doctor", "--json", env=env).stdout)["findings"]
    assert [(f["kind"], Path(f["path"]).name) for f in found] == [("mixed", path.name)]
