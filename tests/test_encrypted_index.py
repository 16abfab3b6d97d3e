"""An encrypted journal's index: never plain on disk, and kept (encrypted) between
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


def test_the_index_of_an_encrypted_journal_is_never_plain(
    runner: CliRunner, tmp_path: Path, passphrase: Path
) -> None:
    _encrypted_journal(runner, tmp_path)
    for command in (["list"], ["search", "violet"], ["summary"], ["tags"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    cached = _cache_files(tmp_path)
    assert cached, "the encrypted index should be kept in the cache folder"
    assert all(p.name.endswith(".age") for p in cached), cached
    for path in cached:
        data = path.read_bytes()
        assert b"violet" not in data and b"SQLite format" not in data, path


def test_a_second_command_uses_the_kept_index(
    runner: CliRunner, tmp_path: Path, passphrase: Path, journal_home: Path
) -> None:
    _encrypted_journal(runner, tmp_path)
    # Files changed within 2 s are always read again: let them age.
    time.sleep(2.1)
    assert runner.invoke(app, ["list"]).exit_code == 0
    (kept,) = _cache_files(tmp_path)
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
    (kept,) = _cache_files(tmp_path)
    kept.write_bytes(b"age-encryption.org/v1\nnot really\n")
    result = runner.invoke(app, ["search", "violet"])
    assert result.exit_code == 0, result.output
    assert result.output.count("violet") >= 3
