"""Stop words: the stop-words package's English list, with our own changes for this work.
A word the list leaves out is never a theme; the words this work needs can still be."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

from conftest import local_now, make_entry
from stop_words import get_stop_words
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.themes import FILLERS, KEPT, count_terms, stop_words
from ticli.cli.app import app

ORDINARY = [
    "The group met in the hall and we shared tea before the session.",
    "A parent spoke about school mornings and how the routine keeps everyone steady.",
    "I listened more than I spoke and the young person chose the topic.",
    "Colleagues checked in after lunch; the office was calm and the phones quiet.",
]

#: In the package's English list, not in the list ticli wrote by hand before it.
PACKAGE_FILLER = [
    "anyway",
    "apparently",
    "definitely",
    "hopefully",
    "obviously",
    "somehow",
    "whatever",
    "everything",
]


def journal(home: Path, planted: str) -> None:
    """A year of ordinary writing, then a month whose every entry also says `planted`
    and mentions the handover (a word that surely rises: the summary finds themes)."""
    now = local_now().replace(microsecond=0)
    for n in range(140):
        text = " ".join(ORDINARY[n % 4 :] + ORDINARY[: n % 4])
        if n < 20:
            text += f" The handover, again. {planted}"
            when = now - timedelta(days=n, minutes=1)
        else:
            when = now - timedelta(days=40 + 3 * n)
        store.write_entry(home, make_entry(when, [("x", text)]))


def theme_words(runner: CliRunner) -> set[str]:
    result = runner.invoke(app, ["summary", "--json"])
    assert result.exit_code == 0, result.output
    themes = json.loads(result.stdout)["themes"]
    return {word for theme in themes for word in theme["term"].split()}


def test_filler_from_the_package_list_is_never_a_theme(
    runner: CliRunner, journal_home: Path
) -> None:
    # Said in every entry of the month and never before: each would be a strong theme.
    journal(
        journal_home,
        "Anyway, apparently it somehow went. Hopefully, obviously, "
        "definitely. Whatever. Everything.",
    )
    words = theme_words(runner)
    assert "handover" in words
    assert sorted(words & set(PACKAGE_FILLER)) == []


def test_the_words_this_work_needs_can_be_themes(runner: CliRunner, journal_home: Path) -> None:
    journal(
        journal_home,
        # No two of these words side by side: each is a theme of its own, not a phrase.
        "Endings, and the boundaries, and her needs; I left, I was alone and proud.",
    )
    words = theme_words(runner)
    assert {"endings", "boundaries", "needs", "left", "alone", "proud"} <= words


def test_no_word_of_the_package_list_is_counted_but_those_kept() -> None:
    for word in get_stop_words("en"):
        # A few entries of the list are no words as ticli reads them ("i.e.", "10").
        if word in KEPT or not re.fullmatch(r"[a-z]+(['-][a-z]+)*", word):
            continue
        assert count_terms([f"handover {word} handover"]).counts.keys() == {"handover"}, word


def test_the_words_kept_and_the_fillers() -> None:
    for word in KEPT:
        assert word not in stop_words()
        assert count_terms([f"the {word} was"]).counts, word
    for word in FILLERS:
        assert word in stop_words()
        assert not count_terms([f"the {word} was"]).counts, word
    # Kept because they can carry meaning here, though the package's list has them.
    assert {"needs", "alone", "proud", "past", "together"} <= KEPT & set(get_stop_words("en"))
    # The filler themes on a ten-year journal.
    assert {"talked", "end", "came", "right", "making"} <= stop_words()
    # Texts are joined with "the" between them, so that no phrase spans two.
    assert "the" in stop_words()
