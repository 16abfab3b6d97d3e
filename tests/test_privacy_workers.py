"""The guard's speed-ups change nothing it finds.

A first check of a big journal looks at the entries in worker processes (one per core):
`ticli check` says exactly what one process says. The patterns rewritten for speed
find exactly what the patterns they replaced found, on text built to be awkward.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import test_store
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.privacy import ages, cased, lower, patterns, person
from ticli.cli.app import app
from ticli.model import Answer, Entry, new_entry_id
from ticli.usecases import privacy

#: What some entries hold: names, ages, numbers, words in lower case only a person is.
SAYINGS = [
    "I met with Oksana again and she said her son is 16 now.",
    "My client Mr Haddow rang from 07700 900123 about the move.",
    "Her mum, Deborah Kline, turned 52 last week.",
    "The referral came through as CH/2025/0443 from the duty team.",
    "spoke w temitope after group; hodan was dissociating and May asked for water.",
    "She's twelve and lives near sw1a 1aa, and oksana's interpreter came late.",
]
COUNT = 60
#: From this many entries, workers look (lowered from the real threshold to keep it quick).
FEW = 25


def _journal(root: Path) -> None:
    start = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    for n in range(COUNT):
        when = start + timedelta(hours=13 * n)
        text = f"A calm day {n}, and we planned the next group together."
        if n % 3 == 0:
            text += " " + SAYINGS[(n // 3) % len(SAYINGS)] + " I noticed Oksana looked tired."
        store.write_entry(
            root,
            Entry(
                id=new_entry_id(when),
                created=when,
                kind="daily",
                answers=(Answer("what-happened", "What happened?", text),),
                tags=("team",) if n % 2 else (),
            ),
        )


def _remembered_clear(cache: Path, forget: bool = False) -> int:
    """How many entries the guard remembers it found clear (in the index), after forgetting
    them all with `forget` (then the next check is a cold one)."""
    (path,) = cache.rglob("index-*.sqlite3")
    db = sqlite3.connect(path)
    try:
        if forget:  # and every whole check remembered (usecases.privacy)
            db.execute("DELETE FROM clear")
            db.execute("DELETE FROM guard_runs")
            db.commit()
        return int(db.execute("SELECT count(*) FROM clear").fetchone()[0])
    finally:
        db.close()


@pytest.mark.skipif(
    not hasattr(__import__("os"), "sched_getaffinity")
    or len(__import__("os").sched_getaffinity(0)) < 2,
    reason="one core: entries are always looked at in one process",
)
def test_workers_find_what_one_process_finds(
    runner: CliRunner, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal(journal_home)
    maps: list[int] = []
    real_map = __import__("multiprocessing.pool", fromlist=["Pool"]).Pool.map

    def counted_map(self: object, *args: object, **kwargs: object) -> object:
        maps.append(1)
        return real_map(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("multiprocessing.pool.Pool.map", counted_map)
    monkeypatch.setattr(privacy, "PARALLEL_FROM", FEW)
    with_workers = runner.invoke(app, ["check"])
    assert maps, "the entries were not looked at by worker processes"
    assert with_workers.exit_code == 1, with_workers.output
    assert "20 entries might identify someone" in with_workers.output
    for found in ("Oksana", "07700 900123", "CH/2025/0443", "temitope", "hodan", "twelve"):
        assert found in with_workers.output

    assert _remembered_clear(tmp_path / "cache") == COUNT - 20
    assert _remembered_clear(tmp_path / "cache", forget=True) == 0
    maps.clear()
    monkeypatch.setattr(privacy, "PARALLEL_FROM", 10**9)
    alone = runner.invoke(app, ["check"])
    assert not maps
    assert _remembered_clear(tmp_path / "cache") == COUNT - 20
    assert (alone.exit_code, alone.output) == (with_workers.exit_code, with_workers.output)

    # Both remembered the same entries as clear: a warm check says the same again.
    monkeypatch.setattr(privacy, "PARALLEL_FROM", FEW)
    warm = runner.invoke(app, ["check"])
    assert not maps, "a warm check has nothing left to look at"
    assert (warm.exit_code, warm.output) == (with_workers.exit_code, with_workers.output)


def test_an_encrypted_journal_is_never_looked_at_by_workers(
    journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its entries' words stay in the process that opened them."""
    from ticli.store import vault
    from ticli.usecases.journal import open_journal

    journal_home.mkdir(parents=True)
    monkeypatch.setattr(privacy, "PARALLEL_FROM", 2)
    monkeypatch.setattr(vault, "is_encrypted", lambda root: True)
    monkeypatch.setattr(
        "multiprocessing.pool.Pool.map", lambda *a, **k: pytest.fail("a worker was used")
    )
    words = privacy.GuardWords()
    texts = ['[["note", "Ring 07700 900123"]]', '[["note", "A calm day"]]', "[]"]
    assert privacy._clear_texts(open_journal(), texts, words) == [False, True, True]


# ----------------------------------------------- the patterns rewritten for speed

_A, _S, _ST = person._ADVERB, person._SAYS, person._STATE
#: The patterns as they were before they were rewritten for speed.
OLD_LOWER = re.compile(
    rf"""(?:(?<![\w'-])(?:{person._LOWER_CUES})\s+(?P<met>[a-z][a-z'-]{{3,}})(?![\w-])
    |(?<![\w'-])(?P<owner>[a-z][a-z-]{{3,}})'s\s+(?P<owns>[a-z]+)
    |(?<![\w'-])(?P<subject>[a-z][a-z-]{{3,}})\s+(?:(?:is|was)\s+{_A}{_ST}|{_A}{_S})\b)""",
    re.VERBOSE,
)
OLD_CANDIDATE = re.compile(r"(?<![\w'-])([A-Z][a-z]+)(?=['\s])")
OLD_FULL = re.compile(r"(?<![\w'-])([A-Z][a-z]+) ([A-Z][a-z]+)(?:'s\s+([a-z]+)|\s+([a-z']+))")
OLD_CAPITALS = re.compile(r"(?<![\w'])([A-Z][A-Z-]*[A-Z])('S)?(?![\w'])")
OLD_AGE = re.compile(r"(?<![a-z])age")


def old_age_word_spaces(text: str) -> list[int]:
    """How `patterns._ages_in_words` found its clauses before: `_NUMBER_AT` at every space."""
    white = bytes.maketrans(b"\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", b" " * 9)
    spaced = text.encode("ascii").translate(white)
    return [
        m.start()
        for m in OLD_NUMBER_AT.finditer(spaced)
        if ages.WORD_AGE_END.match(text, m.start() + 1)
    ]


def old_named(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'/-]){name}(?:'s|')?(?![\w-])")


OLD_NUMBER_AT = re.compile(
    rb" (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    rb"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    rb"eighty|ninety)"
)
PIECES = [
    "spoke", "talked", "sat", "met", "with", "w", "w/", "to", "temitope", "hodan", "oksana",
    "oksana's", "interpreter", "mum", "is", "was", "has been", "in tears", "pregnant", "said",
    "asked", "finally", "just", "then", "May", "Hope", "June's", "Rose", "from", "the", "group",
    "rang", "lost", "her", "his", "sixteen", "six", "seventy", "eight", "nineteen", "ninety",
    "one", "twelve", "fifty", "forty", "fourteen", "eleven", "tw", "thirt", "only", "a", "x-",
    "-", "'", "'s", "_", "3", "B", "Ab", ".", ",", ";", "(", "\n", "\t", "  ", "caf\u00e9", "\u00c9mile",
    "Priya", "Raman", "DESHAWN", "MR", "HUSSAIN", "'S", "A", "age", "aged", "page", "jade",
    "jade's", "/", "ray", "crying", "tears", "self-harming", "school", "off", "care", "\x1c",
    "\u00a0", "said", "really", "now", "still", "told", "twenty", "one", "seventeen", "tent",
    "years", "old", "and", "is", "she's", "fifty-five", "\r", "\x0b",
]  # fmt: skip
#: Pieces run together as often as spaced: what comes right before a word matters here.
texts = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", " ", "\n"])), max_size=30
).map(lambda parts: "".join(piece + gap for piece, gap in parts))


def _lower_found(text: str) -> list[tuple[object, ...]]:
    """What `person._lower_matches` finds (it tries `_LOWER` only where it could match)."""
    return [
        (m.span(), *m.groups(), *(m.span(g) for g in m.groupdict()))
        for m in person._lower_matches(text)
    ]


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [
        (m.span(), *m.groups(), *(m.span(g) for g in m.groupdict())) for m in pattern.finditer(text)
    ]


@settings(max_examples=2000, deadline=None)
@given(texts)
def test_the_rewritten_patterns_find_what_the_old_ones_found(text: str) -> None:
    assert _found(person._LOWER, text) == _found(OLD_LOWER, text)
    assert _lower_found(text) == _found(OLD_LOWER, text)
    assert _found(person._CANDIDATE, text) == _found(OLD_CANDIDATE, text)
    assert _found(person._FULL, text) == _found(OLD_FULL, text)
    assert _found(cased._CAPITALS, text) == _found(OLD_CAPITALS, text)
    assert _found(ages._NEEDS[ages.PATTERNS[0]], text) == _found(OLD_AGE, text)
    for name in ("jade", "ray", "oksana"):
        assert _found(lower._named(name), text) == _found(old_named(name), text)
    spaced = " " + text.lower()
    raw = spaced.encode("utf-8")
    old = [m.start() for m in OLD_NUMBER_AT.finditer(raw)]
    assert [m.start() for m in patterns._NUMBER_AT.finditer(raw)] == old
    if text.isascii():
        assert patterns.age_word_spaces(text) == old_age_word_spaces(text)


@pytest.mark.parametrize(
    "text",
    [
        "spoke with temitope said", "oksana's interpreter was late", "hodan was in tears",
        "and May asked", "so Rose said", "she is sixteen and he is ninety",
        "the mum's sister just rang", "Temitope's mum finally said",
    ],
)  # fmt: skip
def test_the_rewritten_patterns_find_something_here(text: str) -> None:
    """The comparison above is not of two patterns that find nothing."""
    assert (
        _found(person._LOWER, text)
        or _found(person._CANDIDATE, text)
        or (patterns._NUMBER_AT.search((" " + text).encode()))
    )
    assert _found(person._LOWER, text) == _found(OLD_LOWER, text)
    assert _lower_found(text) == _found(OLD_LOWER, text)
    assert _found(person._CANDIDATE, text) == _found(OLD_CANDIDATE, text)


@pytest.mark.parametrize(
    ("pattern", "old", "text"),
    [
        (person._FULL, OLD_FULL, "Then Priya Raman said no. Wei Ling's mum rang."),
        (cased._CAPITALS, OLD_CAPITALS, "MR HUSSAIN did not attend; DESHAWN'S mum rang"),
        (ages._NEEDS[ages.PATTERNS[0]], OLD_AGE, "age 12, aged nine, page 3"),
        (lower._named("jade"), old_named("jade"), "asked jade; jade's mum; x-jade, jade"),
    ],
)
def test_each_rewritten_pattern_finds_something_here(
    pattern: re.Pattern[str], old: re.Pattern[str], text: str
) -> None:
    assert _found(pattern, text)
    assert _found(pattern, text) == _found(old, text)


STREET_PIECES = [
    "works", "nights", "at", "the", "car", "wash", "on", "in", "off", "Selby", "Road", "Street",
    "Lane", "Way", "Drive", "Parade", "Retail", "Park", "Industrial", "Estate", "primary",
    "school", "pupil referral unit", "cashier", "driver", "for", "Roads", "Lanes", "-", ",",
]  # fmt: skip
street_texts = st.lists(
    st.tuples(st.sampled_from(STREET_PIECES), st.sampled_from(["", " ", " ", "\n"])), max_size=14
).map(lambda parts: "".join(piece + gap for piece, gap in parts))


@settings(max_examples=1500, deadline=None)
@given(street_texts)
def test_the_street_pattern_is_skipped_only_where_it_could_find_nothing(text: str) -> None:
    """workplaces() tries its work-on-a-street pattern only when a street's word is there:
    wherever that pattern finds something, the quick look finds the word."""
    from ticli.analysis.privacy import workplaces

    if workplaces._WORKS_ON.search(text):
        assert workplaces._STREET.search(text)


def test_the_street_pattern_still_finds_a_workplace_named_by_its_street() -> None:
    from ticli.analysis.privacy.workplaces import workplaces

    assert list(workplaces("He works nights at the car wash on Selby Road now."))
    assert list(workplaces("a pupil referral unit on Cavendish Road"))


@pytest.mark.parametrize(
    "text",
    ["she is twelve. he was twenty one, and", "a seventeen-year-old\tsixteen now", "only nine."],
)
def test_the_quick_look_for_ages_in_words_finds_something_here(text: str) -> None:
    assert patterns.age_word_spaces(text)
    assert patterns.age_word_spaces(text) == old_age_word_spaces(text)


@pytest.mark.parametrize(
    "text",
    ["hodan finally said no", "then temitope  \n really told us", "amira was in tears again"],
)
def test_the_quick_look_for_lower_case_names_finds_something_here(text: str) -> None:
    assert _lower_found(text)
    assert _lower_found(text) == _found(OLD_LOWER, text)


# ------------------------------------------- checked texts made from index records


@settings(max_examples=300, deadline=None)
@given(test_store.entries())
def test_an_index_record_gives_the_checked_text_its_entry_gives(entry: Entry) -> None:
    """check reads the index's records, not entries: what it checks (and remembers as
    clear) is the same text the entry gives."""
    from ticli.analysis.privacy.entries import checked_text, record_checked_text
    from ticli.model.fields import to_record

    record = json.loads(json.dumps(to_record(entry)))  # as the index keeps it
    assert record_checked_text(record) == checked_text(entry)


def test_check_reads_records_and_finds_what_entries_show(runner: CliRunner) -> None:
    runner.invoke(app, ["note", "Spoke with Mrs Okonkwo about Jayden, who is 15."])
    runner.invoke(app, ["note", "a quiet day, nothing much"])
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1, result.output
    assert "Okonkwo" in result.output and "who is 15" in result.output


def test_a_record_without_what_check_reads_is_damage_to_the_index(
    journal_home: Path, tmp_path: Path
) -> None:
    """A record check cannot read is damage to the index (which is then rebuilt, as for
    any damage), never a KeyError out of a command."""
    from ticli.analysis.privacy.entries import record_checked_text
    from ticli.usecases.journal import entry_terms

    _journal(journal_home)
    index = store.fresh_index(
        journal_home, tmp_path / "index.sqlite3", entry_terms, None, "", None, None
    )
    names = [name for name, _ in index.names(order="at DESC, id")]
    entries = store.LazyEntries(index, names)
    assert len(list(entries.records_as(record_checked_text))) == COUNT
    index.db.execute("""UPDATE records SET record = '{"id": "x"}' WHERE n = 3""")
    with pytest.raises(sqlite3.DatabaseError, match="damaged record"):
        list(entries.records_as(record_checked_text))


def test_with_allow_identifiers_nothing_is_looked_for(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--allow-identifiers: the user has said it is safe, so no entry is read for the
    guard (an export of a big journal pays for one pass through it, not two)."""
    runner.invoke(app, ["note", "Spoke with Mrs Okonkwo about Jayden, who is 15."])
    refused = runner.invoke(app, ["export", "--format", "json"])
    assert refused.exit_code == 1 and "Okonkwo" in refused.output

    def looked(*args: object, **kwargs: object) -> None:
        raise AssertionError("the guard looked")

    monkeypatch.setattr(privacy, "checked", looked)
    monkeypatch.setattr(privacy, "check_entries", looked)
    done = runner.invoke(app, ["export", "--format", "json", "--allow-identifiers"])
    assert done.exit_code == 0, done.output
    assert "Okonkwo" in done.output
