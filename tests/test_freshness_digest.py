"""A folder's digest of its files' stamps (store/freshness.py): when the folder's listing
and every stamp are as before, no file is looked up one by one; any edit, however
hidden (the same size, the mtime put back), still reaches the next command."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from test_index import (
    answered,
    index_file,
    keep_mtime,
    settle,
    small_journal,
    ticli,
    write_in_place,
    write_replacing,
)

from ticli.store import freshness, reading


def rows(index: Path, query: str) -> list[tuple[object, ...]]:
    settle(index)
    db = sqlite3.connect(index)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamps and digests are trusted at once (not two seconds after a change): each
    edit below comes at least a clock tick after the command before it."""
    monkeypatch.setattr(freshness, "RACY_NS", 0)
    monkeypatch.setattr(reading, "RACY_NS", 0)


def tick() -> None:
    time.sleep(0.05)  # more than the coarse clock file times are taken from


@pytest.mark.usefixtures("no_racy_window")
@pytest.mark.parametrize("how", ["in place", "replacing"])
def test_a_kept_digest_spares_the_lookups_and_misses_no_edit(
    how: str, journal_home: Path, tmp_path: Path
) -> None:
    paths = small_journal(journal_home)
    cache = tmp_path / "cache"
    tick()
    answered(ticli(journal_home, cache, "search", "grief", "--json"))
    index = index_file(journal_home, cache)
    kept = rows(index, "SELECT name, stamps FROM folders")
    assert kept and all(digest is not None for _, digest in kept), kept

    # Every file's own stamp made wrong: were the files compared one by one, each would
    # be read again and its stamp put right. With the digests, none is looked at.
    db = sqlite3.connect(index)
    with db:
        db.execute("UPDATE files SET stamp = 12345")
    db.close()
    answered(ticli(journal_home, cache, "search", "grief", "--json"))
    assert {s for (s,) in rows(index, "SELECT stamp FROM files")} == {12345}

    # An edit that keeps the size and puts the mtime back: its folder's digest differs
    # (the ctime moved), so that folder, and only it, is looked at file by file.
    tick()
    oldest = paths["old"]
    before = oldest.stat()
    raw = oldest.read_bytes()
    (write_in_place if how == "in place" else write_replacing)(
        oldest, raw.replace(b"grief", b"brave")
    )
    keep_mtime(oldest, before)
    tick()
    found = json.loads(answered(ticli(journal_home, cache, "search", "brave", "--json")).stdout)
    assert [e["note"] for e in found] == ["visit long ago, brave and calm"]
    gone = answered(ticli(journal_home, cache, "search", "grief", "--json")).stdout
    assert "long ago" not in gone
    folder = str(oldest.parent.relative_to(journal_home))
    looked = rows(index, f"SELECT name, stamp FROM files WHERE folder = '{folder}'")
    assert looked and all(stamp != 12345 for _, stamp in looked)
    others = rows(index, f"SELECT stamp FROM files WHERE folder != '{folder}'")
    assert others and all(stamp == 12345 for (stamp,) in others)


@pytest.mark.usefixtures("no_racy_window")
def test_a_digest_does_not_outlive_its_listing(journal_home: Path, tmp_path: Path) -> None:
    """A file added or removed changes the folder's listing: its old digest is not used,
    even if the folder's mtime is put back by hand."""
    paths = small_journal(journal_home)
    cache = tmp_path / "cache"
    tick()
    answered(ticli(journal_home, cache, "search", "calm", "--json"))
    folder = paths["old"].parent
    before = folder.stat()
    paths["old"].unlink()
    keep_mtime(folder, before)  # the listing's mtime as it was: only the digest can tell
    tick()
    found = answered(ticli(journal_home, cache, "search", "long", "--json")).stdout
    assert json.loads(found) == []


def test_no_digest_is_kept_for_a_folder_just_changed(journal_home: Path, tmp_path: Path) -> None:
    """Within two seconds of a change, a second change in the same clock tick could give
    the same stamps: such a folder keeps no digest (and is looked at file by file)."""
    small_journal(journal_home)  # its files' ctimes are now, whatever their mtimes
    cache = tmp_path / "cache"
    answered(ticli(journal_home, cache, "search", "grief", "--json"))
    kept = rows(index_file(journal_home, cache), "SELECT stamps FROM folders")
    assert kept and all(digest is None for (digest,) in kept)
