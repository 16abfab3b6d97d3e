"""A folder's digest of its files' stamps (store/freshness.py): when the folder's listing
and every stamp are as before, no file is looked up one by one; any edit, however
hidden (the same size, the mtime put back), still reaches the next command."""

from __future__ import annotations

import errno
import json
import pathlib
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from test_index import (
    a_entry,
    answered,
    index_file,
    keep_mtime,
    moment,
    settle,
    small_journal,
    ticli,
    write_in_place,
    write_replacing,
)

from ticli import store
from ticli.store import folderstamps, freshness, reading
from ticli.store.index import open_index
from ticli.usecases.journal import entry_terms


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
    monkeypatch.setattr(folderstamps, "RACY_NS", 0)


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


@pytest.mark.usefixtures("no_racy_window")
def test_a_file_that_could_not_be_opened_once_is_read_again(
    journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose open() failed for a passing reason (EIO from a cloud placeholder or a
    network share, EMFILE, ESTALE) is kept with stamp 0, "look again" (see _look). The
    folder's digest must not hide it: once the file can be opened, the next command
    reads it, though nothing about the file changed."""
    paths = small_journal(journal_home)
    cache = tmp_path / "cache"
    target = paths["old"]
    real_open = pathlib.Path.open
    failing = {"on": True}

    def flaky_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if failing["on"] and self == target:
            raise OSError(errno.EIO, "Input/output error")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pathlib.Path, "open", flaky_open)
    tick()
    first = ticli(journal_home, cache, "search", "calm", "--json")
    assert "Input/output error" in first.stderr, first.stderr
    failing["on"] = False  # the share is back; the file itself never changed
    tick()
    found = answered(ticli(journal_home, cache, "search", "calm", "--json"))
    notes = [e["note"] for e in json.loads(found.stdout)]
    assert "visit long ago, grief and calm" in notes, (notes, found.stderr)
    assert "Input/output error" not in found.stderr


@pytest.mark.usefixtures("no_racy_window")
def test_an_entry_deleted_during_a_refresh_is_not_listed_for_good(
    journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another ticli indexes a new file while it is deleted; a third command, started
    after the delete, keeps the digest of the listing without it: the index must not
    keep the gone file under that digest (the next command drops it)."""
    small_journal(journal_home)
    where = tmp_path / "index.sqlite3"
    first = open_index(journal_home, where)
    first.refresh(entry_terms)
    first.close()
    tick()
    # A new entry arrives (a sync), in a folder already indexed.
    entry = a_entry(moment(3, 200), "note", "arrived by sync, then deleted", (), False, "")
    w = store.entry_path(journal_home, entry)
    w.write_bytes(store.format_entry(entry).encode("utf-8"))
    name = str(w.relative_to(journal_home))
    tick()

    deleted, r_looked, p_done = threading.Event(), threading.Event(), threading.Event()
    real_read_files = freshness.read_files

    def p_read_files(root, names, now, counter):  # type: ignore[no-untyped-def]
        for read in real_read_files(root, names, now, counter):
            yield read
            if threading.current_thread() is threading.main_thread() and read.name == name:
                w.unlink()  # deleted (by hand, `ticli delete`, a sync) once P has read it
                tick()
                deleted.set()
                assert r_looked.wait(30)

    monkeypatch.setattr(freshness, "read_files", p_read_files)

    def run_r() -> None:  # another ticli, started after the delete
        assert deleted.wait(30)
        r = open_index(journal_home, where)
        real_look = r._look

        def look(*args):  # type: ignore[no-untyped-def]
            found = real_look(*args)
            r_looked.set()
            assert p_done.wait(30)
            return found

        r._look = look  # type: ignore[method-assign]
        r.refresh(entry_terms)
        r.close()

    other = threading.Thread(target=run_r)
    other.start()
    p = open_index(journal_home, where)
    p.refresh(entry_terms)
    p.close()
    p_done.set()
    other.join(60)
    assert not w.exists()

    for _ in range(2):  # any later command, however many
        tick()
        later = open_index(journal_home, where)
        later.refresh(entry_terms)
        names = {n for (n,) in later.db.execute("SELECT name FROM files")}
        later.close()
    assert name not in names, "a deleted entry is still in the index"
