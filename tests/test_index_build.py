"""Building the index from nothing: worker processes read a big journal's files, and the
index they make is the one reading them one by one makes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ticli import store
from ticli.model import Answer, Entry, new_entry_id
from ticli.store import reading
from ticli.usecases.journal import entry_terms

WORDS = ["boundaries", "calm", "handover", "parent", "school", "trust", "visit", "team"]


def _journal(root: Path, count: int) -> None:
    start = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
    for n in range(count):
        when = start + timedelta(hours=13 * n)
        text = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(1 + n % 7))
        entry = Entry(
            id=new_entry_id(when),
            created=when,
            kind="daily",
            answers=(Answer("what-happened", "What happened?", f"Café {text}."),),
            tags=(WORDS[n % len(WORDS)],),
            flagged=n % 50 == 0,
        )
        store.write_entry(root, entry)
    # A file that cannot be read, and a second copy of an entry, among them.
    (root / "2020" / "01" / "broken.md").write_bytes(b"\xff not an entry")
    first = sorted((root / "2020" / "01").glob("2020*.md"))[0]
    (root / "2020" / "01" / (first.stem + " (conflict copy).md")).write_bytes(first.read_bytes())


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {
            "files": db.execute(
                # Not the stamp: a file written a moment ago is stamped 0 (look again).
                "SELECT name, id, at, day, kind, flagged, tags, principles, problem,"
                " line, dup, counted FROM files ORDER BY name"
            ).fetchall(),
            "records": db.execute(
                "SELECT name, record FROM files JOIN records USING (n) ORDER BY name"
            ).fetchall(),
            "body": db.execute(
                "SELECT name, text FROM files JOIN body ON body.rowid = files.n ORDER BY name"
            ).fetchall(),
            "answered": db.execute(
                "SELECT name, position, prompt FROM files JOIN answered USING (n)"
                " ORDER BY name, position"
            ).fetchall(),
            "terms": db.execute("SELECT * FROM terms ORDER BY key, form").fetchall(),
            "totals": db.execute("SELECT * FROM totals ORDER BY name").fetchall(),
            "search": db.execute(
                "SELECT name FROM files WHERE n IN (SELECT rowid FROM body"
                " WHERE body MATCH 'cafe') ORDER BY name"
            ).fetchall(),
        }
    finally:
        db.close()


def _build(root: Path, path: Path) -> None:
    index = store.fresh_index(root, path, entry_terms, None, "", None, None)
    index.close()


@pytest.mark.skipif(
    not hasattr(__import__("os"), "sched_getaffinity")
    or len(__import__("os").sched_getaffinity(0)) < 2,
    reason="one core: the index is always read in one process",
)
def test_worker_processes_build_the_index_that_one_process_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "journal"
    _journal(root, 1300)
    calls: list[int] = []
    real_imap = __import__("multiprocessing.pool", fromlist=["Pool"]).Pool.imap

    def counted_imap(self: object, *args: object, **kwargs: object) -> object:
        calls.append(1)
        return real_imap(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("multiprocessing.pool.Pool.imap", counted_imap)
    _build(root, tmp_path / "parallel.sqlite3")
    assert calls, "the files were not read by worker processes"
    monkeypatch.setattr(reading, "PARALLEL_FROM", 10**9)
    _build(root, tmp_path / "serial.sqlite3")
    parallel, serial = _tables(tmp_path / "parallel.sqlite3"), _tables(tmp_path / "serial.sqlite3")
    assert len(parallel["files"]) == 1302
    assert len(parallel["search"]) == 1301  # the copy too (search leaves it out)
    assert next(row for row in parallel["files"] if row[8] is not None)[0].endswith("broken.md")
    assert sum(row[10] for row in parallel["files"]) == 1  # the copy is a second file
    assert parallel == serial


def test_an_encrypted_journal_is_never_read_by_workers(tmp_path: Path) -> None:
    """Its key stays in the process that asked for it."""
    root = tmp_path / "journal"
    root.mkdir()
    names = [f"2020/01/{n}.md" for n in range(reading.PARALLEL_FROM + 1)]
    (root / "2020" / "01").mkdir(parents=True)
    sealed = [*names[:-1], names[-1] + ".age"]
    read = list(reading.read_files(root, sealed, 0, entry_terms))
    assert read == [None] * len(sealed)  # none of them is there: read here, one by one
