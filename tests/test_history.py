"""The index answers a summary's questions about the rest of the journal (usecases/
history.py) exactly as the entries themselves do (analysis/history.EntryHistory), for
any journal: the days near other days, the span outside a period, the old answers and
the quotes drawn from them, the look back, flagged and supervision entries, and with
entries left out."""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from conftest import make_entry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticli import store
from ticli.analysis.history import EntryHistory, History, Period
from ticli.analysis.summary import look_back, strengths_long_ago
from ticli.model import Entry
from ticli.usecases.history import IndexHistory
from ticli.usecases.journal import entry_terms

TODAY = date(2026, 11, 23)
PROMPTS = ("strengths-today", "strengths-team", "safety-team")
STRONG = frozenset(PROMPTS[:2])

an_entry = st.builds(
    lambda days, minute, answers, kind, flagged: (days, minute, answers, kind, flagged),
    st.integers(0, 6 * 366),
    st.integers(0, 1439),
    st.lists(st.sampled_from(PROMPTS), max_size=3, unique=True),
    st.sampled_from(["daily", "session", "supervision", "note"]),
    st.booleans(),
)


def made(raw: list[tuple[int, int, list[str], str, bool]]) -> list[Entry]:
    entries = []
    for n, (days, minute, answers, kind, flagged) in enumerate(raw):
        when = datetime(2026, 11, 23, tzinfo=UTC) - timedelta(days=days, minutes=minute)
        text = [(p, f"Answer {n} to {p}.") for p in answers if kind != "note"]
        entry = make_entry(when.replace(second=n % 60), text, kind=kind, note=f"Note {n}.")
        entries.append(dataclasses.replace(entry, flagged=flagged))
    return entries


def answers(history: History, period: Period) -> dict[str, object]:
    """Everything a summary asks of the rest of the journal, as plain values."""
    old = history.old_answers(period.previous.start - timedelta(days=60), STRONG)
    windows = [
        (TODAY - timedelta(days=d + 20), TODAY - timedelta(days=d - 20)) for d in range(0, 2200, 90)
    ]
    last = history.last_supervision()
    return {
        "between": [e.id for e in history.between(period.start, period.end)],
        "near": history.days_near(windows),
        "span": history.rest_span(period),
        "oldest": history.oldest(),
        "old": len(old),
        "old_texts": [q.text for q in history.texts(old[i] for i in range(len(old)))],
        "long_ago": strengths_long_ago(history, STRONG, period, seed=7),
        "look_back": look_back(history, TODAY),
        "flagged": [e.id for e in history.flagged()],
        "supervision": last.id if last else None,
    }


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    raw=st.lists(an_entry, max_size=25),
    back=st.integers(0, 400),
    days=st.integers(1, 60),
    leave_out=st.integers(0, 3),
)
def test_the_index_answers_as_the_entries_do(
    raw: list[tuple[int, int, list[str], str, bool]], back: int, days: int, leave_out: int
) -> None:
    entries = made(raw)
    end = TODAY - timedelta(days=back)
    period = Period(end - timedelta(days=days - 1), end)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        for entry in entries:
            store.write_entry(home, entry)
        index = store.fresh_index(home, None, entry_terms)
        try:
            gone = {e.id for e in entries[:leave_out]}
            kept = [e for e in entries if e.id not in gone]
            from_index = IndexHistory(index).without(gone)
            assert answers(from_index, period) == answers(EntryHistory(kept), period)
        finally:
            index.close()
