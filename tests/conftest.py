"""Every test gets its own empty journal (TICLI_HOME) and a fixed, colourless terminal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticli.model import Answer, Entry, new_entry_id

REPO = Path(__file__).resolve().parent.parent
UTC = UTC


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
