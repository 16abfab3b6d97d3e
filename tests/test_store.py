"""The entry file format, atomic writes and scanning."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import UTC, days_ago, entry_files, make_entry, read_all
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ticli import store
from ticli.analysis.formats import entries_to_json, entry_from_json
from ticli.errors import EntryProblem, UsageError
from ticli.model import (
    Answer,
    Entry,
    checked_tags,
    clean_question,
    clean_text,
    new_entry_id,
    normalise_tag,
)
from ticli.model.fields import from_record, to_record
from ticli.store.files import atomic_write

SAMPLE = """\
+++
format = 1
id = "20261123-180500-0a1b2c3d"
created = 2026-11-23T18:05:00+00:00
kind = "daily"
tags = ["team", "hard-day"]
principles = ["strengths", "triggers"]
prompts = ["strengths-today", "triggers-what-helped"]

[ratings]
capacity = 2
+++

## What was strong today? {#strengths-today}

The way the group made room for a new member.

## What helped? {#triggers-what-helped}

Slowing down.
\\## Not a heading
"""


def sample_entry() -> Entry:
    return Entry(
        id="20261123-180500-0a1b2c3d",
        created=datetime(2026, 11, 23, 18, 5, tzinfo=UTC),
        kind="daily",
        answers=(
            Answer(
                "strengths-today",
                "What was strong today?",
                "The way the group made room for a new member.",
            ),
            Answer("triggers-what-helped", "What helped?", "Slowing down.\n## Not a heading"),
        ),
        tags=("team", "hard-day"),
        principles=("strengths", "triggers"),
        ratings={"capacity": 2},
    )


def test_format_is_the_documented_one() -> None:
    assert store.format_entry(sample_entry()) == SAMPLE


def test_documented_sample_parses_back() -> None:
    assert store.parse_entry(SAMPLE.encode(), "x.md") == sample_entry()


def test_format_md_shows_the_same_example() -> None:
    from conftest import REPO

    assert SAMPLE in (REPO / "docs" / "format.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- round trips

# Text that stresses the format: headings, fences, markup, escapes, odd line breaks.
tricky_lines = st.sampled_from(
    [
        "## Question {#strengths-today}",
        "\\## escaped already {#x}",
        "\\\\# two backslashes",
        "# top",
        "+++",
        "[bold]not bold[/]",
        "[/]",
        "\x1b[31mred\x1b[0m",
        "\u2028line separator\u2029",
        "   ",
        "",
        "\t tab",
        "café ☕ 🌱",
        "\x00\x07\x7f",
        "\ufeffbom",
    ]
)
any_text = st.lists(st.one_of(st.text(), tricky_lines), max_size=8).map("\n".join)
slug = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)


def is_stored_tag(tag: str) -> bool:
    """True for a tag exactly as ticli keeps it (what `checked_tags` leaves unchanged)."""
    try:
        return checked_tags([tag]) == (tag,)
    except UsageError:
        return False


#: Valid tags in any script: ticli keeps a tag's letters, lower-cased.
stored_tag = st.from_regex(r"[\w-]{1,15}", fullmatch=True).map(normalise_tag).filter(is_stored_tag)
#: The offsets ticli meets most, and any quarter hour from UTC-12 to UTC+14.
any_zone = st.one_of(
    st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]),
    st.integers(-12 * 4, 14 * 4).map(lambda quarters: timezone(timedelta(minutes=15 * quarters))),
)


@st.composite
def entries(
    draw: st.DrawFn,
    tags: st.SearchStrategy[str] = slug,
    names: st.SearchStrategy[str] = slug,
    latest: datetime = datetime(2100, 1, 1),
) -> Entry:
    """Any entry ticli can hold; `names` are principles and check-in names."""
    created = draw(
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=latest, timezones=any_zone)
    ).replace(microsecond=0)
    answers = draw(
        st.lists(
            st.builds(
                Answer,
                prompt_id=slug,
                question=st.text().map(clean_question),
                text=any_text.map(clean_text),
            ),
            max_size=4,
        )
    )
    return Entry(
        id=new_entry_id(created),
        created=created,
        kind=draw(st.sampled_from(["daily", "session", "supervision", "note"])),
        answers=tuple(answers),
        note=clean_text(draw(any_text)),
        tags=tuple(draw(st.lists(tags, max_size=3, unique=True))),
        principles=tuple(draw(st.lists(names, max_size=3))),
        ratings=draw(st.dictionaries(names, st.integers(1, 5), max_size=3)),
        flagged=draw(st.booleans()),
        actions=tuple(draw(st.lists(any_text.map(clean_text), max_size=2))),
    )


#: Entries with any Unicode text, any valid tags and any principle and check-in names.
unicode_entries = entries(tags=stored_tag, names=st.text(max_size=12))
#: The same, all in the past (an import refuses entries from the future).
past_unicode_entries = entries(
    tags=stored_tag, names=st.text(max_size=12), latest=datetime(2020, 1, 1)
)


def encodable(entry: Entry) -> bool:
    # Lone surrogates are not text; ticli refuses them before they reach the store.
    try:
        store.format_entry(entry).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def same_entry(back: Entry, entry: Entry) -> None:
    """Equal, and at the same UTC offset (datetimes compare equal across offsets)."""
    assert back == entry
    assert back.created.utcoffset() == entry.created.utcoffset()


@settings(max_examples=300)
@given(entries())
def test_write_then_read_gives_the_entry_back(entry: Entry) -> None:
    assume(encodable(entry))
    text = store.format_entry(entry)
    assert store.parse_entry(text.encode("utf-8"), "x.md") == entry


@settings(max_examples=50)
@given(entry=entries())
def test_round_trip_through_the_disk(
    entry: Entry, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assume(encodable(entry))
    root = tmp_path_factory.mktemp("journal")
    path = store.write_entry(root, entry)
    assert store.read_entry(path) == entry


@settings(max_examples=100)
@given(unicode_entries)
def test_any_unicode_entry_survives_its_file(entry: Entry) -> None:
    text = store.format_entry(entry)
    same_entry(store.parse_entry(text.encode("utf-8"), "x.md"), entry)


@settings(max_examples=100)
@given(st.lists(unicode_entries, max_size=3))
def test_json_export_then_import_gives_the_entries_back(batch: list[Entry]) -> None:
    records = json.loads(entries_to_json(batch))
    back = [entry_from_json(record, index) for index, record in enumerate(records)]
    assert len(back) == len(batch)
    for read, entry in zip(back, batch, strict=True):
        same_entry(read, entry)


@settings(max_examples=100)
@given(unicode_entries)
def test_the_cache_record_gives_the_entry_back(entry: Entry) -> None:
    # The cache keeps records as JSON text: through json too, as the cache does.
    record = json.loads(json.dumps(to_record(entry), ensure_ascii=False))
    same_entry(from_record(record), entry)
    same_entry(from_record(to_record(entry)), entry)


@given(any_text)
def test_clean_text_is_stable(text: str) -> None:
    assert clean_text(clean_text(text)) == clean_text(text)


def test_huge_answer_round_trips(tmp_path: Path) -> None:
    text = ("A long reflection line with words. " * 40 + "\n") * 2000  # about 2.8 MB
    entry = make_entry(days_ago(1), [("strengths-today", clean_text(text))])
    assert store.read_entry(store.write_entry(tmp_path, entry)) == entry


# ---------------------------------------------------------------- hand edits


@settings(max_examples=100)
@given(
    entry=unicode_entries,
    ending=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    comment=st.booleans(),
)
def test_flagging_changes_only_the_flagged_line(
    entry: Entry, ending: str, bom: bool, comment: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = store.format_entry(entry)
    if comment:  # a line of the user's own in the front matter
        text = text.replace("+++\n", "+++\n# my own note = true\n", 1)
    original = (("\ufeff" if bom else "") + text.replace("\n", ending)).encode("utf-8")
    path = tmp_path_factory.mktemp("flag") / "entry.md"
    path.write_bytes(original)
    flag_line = ("flagged = true" + ending.rstrip("\n")).encode("utf-8")

    flipped, wrote = store.set_flagged(path, not entry.flagged)
    assert wrote
    same_entry(flipped, replace(entry, flagged=not entry.flagged))
    assert only_the_flag_line_differs(original, path.read_bytes(), flag_line)
    assert store.set_flagged(path, flipped.flagged) == (flipped, False)  # already so

    flipped_bytes = path.read_bytes()
    back, wrote = store.set_flagged(path, entry.flagged)
    same_entry(back, entry)
    assert only_the_flag_line_differs(flipped_bytes, path.read_bytes(), flag_line)
    if not entry.flagged:  # the line ticli added is gone: the very bytes it started from
        assert path.read_bytes() == original


def only_the_flag_line_differs(before: bytes, after: bytes, flag_line: bytes) -> bool:
    """True when one of the two has exactly one more line, `flag_line`, and no other change."""
    old, new = before.split(b"\n"), after.split(b"\n")
    longer, shorter = (new, old) if len(new) > len(old) else (old, new)
    if len(longer) != len(shorter) + 1:
        return False
    return any(
        longer[i] == flag_line and longer[:i] + longer[i + 1 :] == shorter
        for i in range(len(longer))
    )


def test_hand_edits_are_picked_up() -> None:
    edited = (
        "\ufeff" + SAMPLE.replace("Slowing down.", "Slowing right down.\n\n\nAnd breathing.")
    ).replace("\n", "\r\n")
    entry = store.parse_entry(edited.encode(), "x.md")
    assert entry.answers[1].text == "Slowing right down.\n\n\nAnd breathing.\n## Not a heading"
    assert entry.answers[0].text == "The way the group made room for a new member."


def test_a_note_only_entry_needs_no_headings() -> None:
    text = (
        '+++\nid = "n1"\ncreated = 2026-11-01T08:00:00+00:00\nkind = "note"\n+++\n\nJust a note.\n'
    )
    entry = store.parse_entry(text.encode(), "x.md")
    assert (entry.note, entry.answers, entry.tags, entry.ratings) == ("Just a note.", (), (), {})


def test_front_matter_list_of_prompts_does_not_override_the_body() -> None:
    # The body is the truth: deleting a section by hand removes that answer.
    text = SAMPLE[: SAMPLE.index("## What helped?")]
    assert store.parse_entry(text.encode(), "x.md").prompt_ids == ("strengths-today",)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("no front matter\n", 1, "starts with a '+++'"),
        ('+++\nid = "x"\n', 1, "no closing"),
        ('+++\nid = "x"\ncreated = 2026-11-01T08:00:00Z\ntags = [\n+++\n', 4, "not valid TOML"),
        ('+++\nid = "x"\ncreated = "yesterday"\n+++\n', 3, "'created' must be a date"),
        ("+++\ncreated = 2026-11-01T08:00:00Z\n+++\n", None, "'id' must be text"),
        ('+++\nformat = 2\nid = "x"\ncreated = 2026-11-01T08:00:00Z\n+++\n', 2, "newer ticli"),
        ('+++\nid = "x"\ncreated = 2026-11-01T08:00:00Z\nkind = "diary"\n+++\n', 4, "'kind'"),
        ('+++\nid = "x"\ncreated = 2026-11-01T08:00:00Z\ntags = "a"\n+++\n', 4, "'tags'"),
        (
            '+++\nid = "x"\ncreated = 2026-11-01T08:00:00Z\n[ratings]\ncapacity = 7\n+++\n',
            5,
            "'capacity' must be a whole number from 1 to 5",
        ),
    ],
)
def test_broken_entries_name_the_line(text: str, line: int | None, reason: str) -> None:
    with pytest.raises(EntryProblem) as caught:
        store.parse_entry(text.encode(), "2026/11/x.md")
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert caught.value.path == "2026/11/x.md"


def test_non_utf8_entry_names_the_line() -> None:
    data = SAMPLE.encode().replace(b"Slowing", b"Slow\xffing")
    with pytest.raises(EntryProblem) as caught:
        store.parse_entry(data, "x.md")
    assert caught.value.line == SAMPLE.split("\n").index("Slowing down.") + 1
    assert "UTF-8" in caught.value.reason


# ---------------------------------------------------------------- writing and scanning


def test_files_are_private_and_in_year_month_folders(tmp_path: Path) -> None:
    root = tmp_path / "new-journal"
    entry = make_entry(datetime(2025, 3, 9, 7, 0, tzinfo=UTC), [("a", "x")])
    path = store.write_entry(root, entry)
    assert path == root / "2025" / "03" / f"{entry.id}.md"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (root, root / "2025", root / "2025" / "03"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "entry.md"
    atomic_write(path, b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk gone"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["entry.md"]


def test_ids_are_unique_within_one_second() -> None:
    when = days_ago(0)
    assert len({new_entry_id(when) for _ in range(1000)}) == 1000


def test_scan_skips_and_never_touches_broken_files(tmp_path: Path) -> None:
    good = store.write_entry(tmp_path, make_entry(days_ago(2), [("a", "fine")]))
    broken = good.parent / "broken.md"
    broken.write_bytes(b"+++\nid = \n+++\n")
    before = (broken.read_bytes(), broken.stat().st_mtime_ns)
    found = read_all(tmp_path)
    assert [e.answers[0].text for e in found.entries] == ["fine"]
    assert [p.path for p in found.problems] == [str(broken)]
    assert found.problems[0].line == 2
    assert (broken.read_bytes(), broken.stat().st_mtime_ns) == before


def test_scan_since_reads_only_recent_month_folders(tmp_path: Path) -> None:
    old = store.write_entry(tmp_path, make_entry(datetime(2020, 1, 5, tzinfo=UTC), [("a", "x")]))
    old.write_bytes(b"broken on purpose")  # would be reported if it were read
    store.write_entry(tmp_path, make_entry(datetime(2026, 11, 2, tzinfo=UTC), [("a", "new")]))
    store.write_entry(tmp_path, make_entry(datetime(2026, 10, 20, tzinfo=UTC), [("a", "older")]))
    found = read_all(tmp_path, since=datetime(2026, 10, 25).date())
    assert [e.answers[0].text for e in found.entries] == ["new"]
    assert found.problems == []


def test_scan_ignores_temporary_files(tmp_path: Path) -> None:
    path = store.write_entry(tmp_path, make_entry(days_ago(1), [("a", "x")]))
    (path.parent / f".{path.name}.abc.tmp").write_text("half-writ")
    assert len(read_all(tmp_path).entries) == 1
    assert read_all(tmp_path).problems == []


def test_entry_files_of_a_missing_journal_is_empty(tmp_path: Path) -> None:
    assert read_all(tmp_path / "nothing").entries == []
    assert entry_files(tmp_path) == []


_TOML_LINES = st.sampled_from(
    [
        'id = "20261123-180500-0a1b2c3d"',
        "format = 1",
        "format = -0",
        "count = 12345678901234567890",
        "created = 2026-11-23T18:05:00+00:00",
        "created = 2026-11-23T18:05:00.123456-05:30",
        "created = 2026-11-23T18:05:00Z",
        "created = 2026-11-23T18:05:00.12+01:00",
        "created = 2026-02-30T18:05:00+00:00",
        "created = 2026-11-23T18:05:00+24:00",
        "created = 2026-11-23 18:05:00",
        'kind = "daily"',
        'tags = ["team", "night-shift"]',
        "tags = []",
        'tags = ["a\\"b"]',
        'note = "tab\there"',
        "flagged = true",
        "flagged = false",
        "flagged = True",
        "[ratings]",
        "[actions]",
        "capacity = 3",
        "x = 1.5",
        "# a comment",
        "",
        "  ",
        "key = 1 # comment",
        'café = "x"',
        'k = "\u00e9t\u00e9 \U0001f600"',
    ]
)


@settings(max_examples=400)
@given(st.lists(_TOML_LINES, max_size=12))
def test_the_quick_front_matter_reader_reads_what_tomllib_reads(lines: list[str]) -> None:
    import tomllib

    from ticli.tomlfile import quick_toml

    text = "\n".join(lines)
    quick = quick_toml(text)
    if quick is None:
        return  # tomllib reads it (or says what is wrong)
    assert quick == tomllib.loads(text)
    # Equal and of the same types (an int is not a bool, a zone is the same zone).
    assert repr(quick) == repr(tomllib.loads(text))


@settings(max_examples=150)
@given(
    st.text(max_size=30),
    st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), max_size=3),
    st.integers(0, 10**7),
    st.booleans(),
)
def test_entries_written_by_ticli_take_the_quick_path(
    note: str, tags: list[str], minutes: int, flagged: bool
) -> None:
    import tomllib

    from ticli.store.entryfile import format_entry
    from ticli.tomlfile import quick_toml

    when = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-5))) + timedelta(minutes=minutes)
    entry = replace(make_entry(when, note=note), tags=tuple(dict.fromkeys(tags)), flagged=flagged)
    front = format_entry(entry).split("+++\n")[1]
    quick = quick_toml(front)
    assert quick is not None and repr(quick) == repr(tomllib.loads(front))
