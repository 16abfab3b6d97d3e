"""Every test gets its own empty journal (TICLI_HOME) and a fixed, colourless terminal.

The time zone is pinned before anything else runs, so the suite is the same on every
machine: UTC, or the zone named by TICLI_TEST_TZ (CI also runs the suite in
Pacific/Kiritimati, UTC+14, and America/Los_Angeles, where the local date and the UTC
date differ for much of the day). The pexpect tests inherit TZ, so the installed
`ticli` they start reads the same clock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

TEST_TZ = os.environ.get("TICLI_TEST_TZ") or "UTC"
os.environ["TZ"] = TEST_TZ
time.tzset()
# An unknown zone name makes the C library fall back to UTC without a word: refuse it,
# or a run meant for UTC+14 would quietly test UTC again.
if datetime.now(ZoneInfo(TEST_TZ)).utcoffset() != datetime.now().astimezone().utcoffset():
    raise RuntimeError(f"TICLI_TEST_TZ={TEST_TZ!r} is not a time zone this system knows")

from ticli import store  # noqa: E402
from ticli.dates import local_now  # noqa: E402
from ticli.model import Answer, Entry, new_entry_id  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
UTC = UTC


def local_today() -> date:
    """Today as ticli sees it: the date of `ticli.dates.local_now()`, its one clock."""
    return local_now().date()


@pytest.fixture(autouse=True)
def journal_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "journal"
    monkeypatch.setenv("TICLI_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    yield home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def entry_files(home: Path) -> list[Path]:
    """Every entry file under the journal, in name order."""
    return sorted(p for p in home.rglob("*.md") if not p.name.startswith("."))


def make_entry(
    when: datetime,
    prompts: list[tuple[str, str]] = (),  # type: ignore[assignment]
    principles: tuple[str, ...] = (),
    kind: str = "daily",
    note: str = "",
) -> Entry:
    """A small entry for tests: prompts are (prompt id, answer) pairs."""
    return Entry(
        id=new_entry_id(when),
        created=when,
        kind=kind,
        answers=tuple(Answer(pid, f"Question {pid}?", text) for pid, text in prompts),
        principles=principles,
        note=note,
    )


def days_ago(days: float, now: datetime | None = None) -> datetime:
    base = now or datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    return (base - timedelta(days=days)).replace(microsecond=0)


def read_all(root: Path, since: date | None = None) -> store.Scan:
    """Read a journal folder through an index made in memory, as a command would."""
    from ticli.usecases.journal import entry_terms

    return store.scan(store.fresh_index(root, None, entry_terms), since)


@pytest.fixture
def pf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The passphrase of an encrypted journal's tests (encryption_support.PASSPHRASE), in a
    private file that TICLI_PASSPHRASE_FILE names."""
    from encryption_support import PASSPHRASE, secret_file

    path = secret_file(tmp_path / "secrets", PASSPHRASE + "\n")
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", str(path))
    return path


@pytest.fixture
def encrypted(runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path) -> Path:
    """An encrypted journal with one note naming someone (a module may define its own);
    the recovery key's file."""
    from ticli.cli.app import app

    note = ["note", "Met Zebedee Quillfeather on Ward 7", "--at", "2026-11-16T09:00"]
    assert runner.invoke(app, note, catch_exceptions=False).exit_code == 0
    recovery = tmp_path / "keys" / "recovery.txt"
    recovery.parent.mkdir()
    args = ["encrypt", "--recovery-key-out", str(recovery), "--yes"]
    done = runner.invoke(app, args, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return recovery
