"""An encrypted journal's index: an SQLCipher database, never plain on disk, kept between
commands, so a second command reads no entry again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticli.cli.app import app

SECRET = "a sentence only this test writes: violet-harbour-1789"


@pytest.fixture
def passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "passphrase"
    path.write_text("index test passphrase\n")
    path.chmod(0o600)
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", str(path))
    return path


def _encrypted_journal(runner: CliRunner, tmp_path: Path, notes: int = 3) -> None:
    for n in range(notes):
        result = runner.invoke(app, ["note", f"{SECRET} number {n}"])
        assert result.exit_code == 0, result.output
    done = runner.invoke(
        app, ["encrypt", "--recovery-key-out", str(tmp_path / "recovery.txt"), "--yes"]
    )
    assert done.exit_code == 0, done.output


def _cache_files(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file())


def _kept_index(tmp_path: Path) -> Path:
    (kept,) = [p for p in _cache_files(tmp_path) if p.name.endswith(".sqlcipher")]
    return kept


def test_the_index_of_an_encrypted_journal_is_never_plain(
    runner: CliRunner, tmp_path: Path, passphrase: Path
) -> None:
    _encrypted_journal(runner, tmp_path)
    for command in (["list"], ["search", "violet"], ["summary"], ["tags"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    cached = _cache_files(tmp_path)
    assert cached, "the encrypted index should be kept in the cache folder"
    assert all(p.name.endswith((".sqlcipher", "-wal", "-shm")) for p in cached), cached
    assert all(p.stat().st_mode & 0o077 == 0 for p in cached), cached
    for path in cached:
        data = path.read_bytes()
        assert b"violet" not in data and b"SQLite format" not in data, path


def test_the_index_stays_encrypted_while_a_command_writes_it(
    runner: CliRunner, tmp_path: Path, passphrase: Path, journal_home: Path
) -> None:
    """Its write-ahead log, where a change goes first, is encrypted too: looked at while
    the index is still open after a change (before the log is folded back in)."""
    from ticli.cli.secret_input import ask_passphrase
    from ticli.usecases.journal import open_journal

    _encrypted_journal(runner, tmp_path)
    assert runner.invoke(app, ["list"]).exit_code == 0
    result = runner.invoke(app, ["note", "another violet line, written to the log"])
    assert result.exit_code == 0, result.output
    journal = open_journal(None, ask_passphrase)
    index = journal.index()
    try:
        assert any("another violet" in (e.note or "") for e in journal.scan().entries)
        logs = [p for p in _cache_files(tmp_path) if p.name.endswith("-wal")]
        assert logs and any(p.stat().st_size for p in logs), _cache_files(tmp_path)
        for path in _cache_files(tmp_path):
            assert b"violet" not in path.read_bytes(), path
    finally:
        index.close()


def test_an_index_from_an_old_key_is_built_again_quietly(
    runner: CliRunner, tmp_path: Path, passphrase: Path
) -> None:
    """After a re-key the index's key is new: the index kept under the old one does not
    open, and is built again, with no word from SQLCipher on the screen."""
    _encrypted_journal(runner, tmp_path)
    assert runner.invoke(app, ["list"]).exit_code == 0
    before = _kept_index(tmp_path).read_bytes()[:64]
    done = runner.invoke(
        app, ["rekey", "--recovery-key-out", str(tmp_path / "recovery2.txt"), "--yes"]
    )
    assert done.exit_code == 0, done.output
    result = runner.invoke(app, ["search", "violet"])
    assert result.exit_code == 0, result.output
    assert result.output.count("violet") >= 3
    assert "ERROR" not in result.output and "hmac" not in result.output
    assert _kept_index(tmp_path).read_bytes()[:64] != before


def test_the_age_copy_of_an_older_ticli_is_removed(
    runner: CliRunner, tmp_path: Path, passphrase: Path
) -> None:
    _encrypted_journal(runner, tmp_path)
    assert runner.invoke(app, ["list"]).exit_code == 0
    kept = _kept_index(tmp_path)
    old = kept.with_name(kept.name.removesuffix(".sqlcipher") + ".sqlite3.age")
    old.write_bytes(b"age-encryption.org/v1\nan old copy\n")
    assert runner.invoke(app, ["list"]).exit_code == 0
    assert not old.exists()


def test_without_sqlcipher_the_index_is_kept_in_memory_only(
    runner: CliRunner, tmp_path: Path, passphrase: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a machine SQLCipher has no wheel for, commands still answer, each with an
    index in memory, and nothing is written to the cache folder."""
    from encryption_support import without_sqlcipher

    _encrypted_journal(runner, tmp_path)
    without_sqlcipher(monkeypatch, tmp_path / "cache")
    result = runner.invoke(app, ["search", "violet"])
    assert result.exit_code == 0, result.output
    assert result.output.count("violet") >= 3
    assert not [p for p in _cache_files(tmp_path) if "violet" in p.read_bytes().decode("latin-1")]
    assert not list((tmp_path / "cache").rglob("*.sqlcipher*"))


def test_a_second_command_uses_the_kept_index(
    runner: CliRunner, tmp_path: Path, passphrase: Path, journal_home: Path
) -> None:
    _encrypted_journal(runner, tmp_path)
    # Files changed within 2 s are always read again: let them age.
    time.sleep(2.1)
    assert runner.invoke(app, ["list"]).exit_code == 0
    kept = _kept_index(tmp_path)
    before = kept.stat().st_mtime_ns
    result = runner.invoke(app, ["search", "violet"])
    assert result.exit_code == 0 and "violet" in result.output
    # Nothing changed, so the kept index was used as it was, not built again.
    assert kept.stat().st_mtime_ns == before
    # A change to one entry is seen, and the kept index is written again.
    (entry,) = [p for p in journal_home.rglob("*.md.age")][:1]
    os.utime(entry, ns=(entry.stat().st_atime_ns, entry.stat().st_mtime_ns + 10**9))
    time.sleep(2.1)
    assert runner.invoke(app, ["list"]).exit_code == 0
    assert kept.stat().st_mtime_ns != before


def test_a_damaged_kept_index_is_built_again(
    runner: CliRunner, tmp_path: Path, passphrase: Path
) -> None:
    _encrypted_journal(runner, tmp_path)
    assert runner.invoke(app, ["list"]).exit_code == 0
    kept = _kept_index(tmp_path)
    kept.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    result = runner.invoke(app, ["search", "violet"])
    assert result.exit_code == 0, result.output
    assert result.output.count("violet") >= 3


def test_today_reads_the_last_month_of_an_encrypted_journal_without_its_index(
    runner: CliRunner, tmp_path: Path, passphrase: Path, journal_home: Path
) -> None:
    """Choosing today's prompts reads a month of files, not the encrypted index, and sees
    the same entries the index would (copies and broken files left out)."""
    from datetime import date, timedelta

    from ticli.cli.secret_input import ask_passphrase
    from ticli.dates import local_now
    from ticli.usecases.journal import open_journal

    today = local_now().date()
    for days in (70, 40, 20, 3, 0):
        at = (local_now() - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
        result = runner.invoke(app, ["note", f"{days} days ago", "--at", at])
        assert result.exit_code == 0, result.output
    _encrypted_journal(runner, tmp_path, notes=0)
    some = sorted(journal_home.rglob("*.md.age"))[-1]
    (some.parent / ("copy of " + some.name.split(".")[0] + " (1).md.age")).write_bytes(
        some.read_bytes()
    )
    (some.parent / "broken.md").write_text("not an entry\n")
    journal = open_journal(None, ask_passphrase)
    since = today - timedelta(days=30)
    direct = journal.scan_recent(since)
    indexed = journal.scan(since)
    assert [e.id for e in direct.entries] == [e.id for e in indexed.entries]
    assert {p.path for p in direct.problems} >= {str(some.parent / "broken.md")}
    assert [e.note for e in direct.entries] == ["20 days ago", "3 days ago", "0 days ago"]
    assert isinstance(since, date)
