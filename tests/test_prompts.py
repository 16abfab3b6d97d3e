"""The prompt library: what ships, how files are checked, and how prompts are chosen."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, days_ago, make_entry

from ticli.errors import FileProblem, UsageError
from ticli.model import Prompt
from ticli.prompts import Library, choose_prompts, load_library, parse_library

REQUIRED_PRINCIPLES = {
    "connection",
    "what-happened",
    "strengths",
    "triggers",
    "safety",
    "trust",
    "empathy",
    "collaboration",
    "belonging",
    "wellbeing",
    "becoming",
    "resilience",
    "difference",
}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


# ---------------------------------------------------------------- the shipped library


def test_shipped_library_is_the_repos_prompts_toml() -> None:
    from importlib import resources

    shipped = (resources.files("ticli") / "prompts.toml").read_bytes()
    assert shipped == (REPO / "prompts.toml").read_bytes()


def test_shipped_library_has_what_the_product_promises(library: Library) -> None:
    assert set(library.principles) >= REQUIRED_PRINCIPLES
    assert len(library.prompts) >= 60
    daily = Counter(p.principle for p in library.prompts.values() if "daily" in p.kinds)
    assert all(daily[p] >= 1 for p in library.principles), daily
    for principle in library.principles.values():
        assert principle.name and principle.description and principle.sources
    for stable_id in ("triggers-what-helped", "supervision-bring", "strengths-today"):
        assert stable_id in library.prompts
    assert library.prompts["triggers-what-helped"].principle == "triggers"
    assert {"capacity", "connection", "satisfaction", "burnout", "carried"} <= set(library.ratings)
    assert any(p.heavy for p in library.prompts.values())
    assert sum("session" in p.kinds for p in library.prompts.values()) >= 5


def test_shipped_sources_name_real_seed_files(library: Library) -> None:
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the seed texts are not beside this checkout")
    names = {p.name for p in seeds.iterdir()}
    for principle in library.principles.values():
        assert set(principle.sources) <= names, principle.id


# ---------------------------------------------------------------- checking library files

GOOD = b"""
[principles.rest]
name = "Rest"
description = "Rest matters."

[[prompts]]
id = "rest-one"
text = "What rested me?"
principle = "rest"
kinds = ["daily"]

[ratings.sleep]
question = "How did I sleep?"
labels = { 1 = "badly", 5 = "well" }
"""


def problem(data: bytes, base: Library | None = None) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        parse_library(data, "/home/me/prompts.toml", base or Library())
    return caught.value


def test_a_good_file_loads() -> None:
    library = parse_library(GOOD, "p.toml", Library())
    assert library.prompts["rest-one"] == Prompt("rest-one", "What rested me?", "rest", ("daily",))
    assert library.ratings["sleep"].labels == {1: "badly", 5: "well"}


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        ((b'kinds = ["daily"]', b'kinds = ["daily"'), 12, "not valid TOML"),
        ((b'principle = "rest"', b'principle = "sleep"'), 9, "principle 'sleep'"),
        ((b'text = "What rested me?"\n', b""), 6, "'text' is missing"),
        ((b'kinds = ["daily"]', b'kinds = ["weekly"]'), 10, "'kinds' must be"),
        ((b"5 = ", b"7 = "), 14, "outside the scale 1-5"),
        ((b'5 = "well"', b'4 = "well"'), 14, "needs a label for 5"),
        ((b'description = "Rest matters."', b""), 2, "'description' is missing"),
        ((b'id = "rest-one"', b'id = "Rest One"'), 6, "not a valid id"),
        ((b'kinds = ["daily"]', b'kinds = ["daily"]\ncolour = "red"'), 11, "unknown field"),
        ((b"[ratings.sleep]", b"[rating.sleep]"), 12, "not part of a prompt library"),
    ],
)
def test_a_bad_file_names_file_line_and_what_to_fix(
    change: tuple[bytes, bytes], line: int, words: str
) -> None:
    found = problem(GOOD.replace(*change))
    assert found.path == "/home/me/prompts.toml"
    assert found.line == line
    assert words in found.reason


def test_a_duplicate_id_names_both_lines() -> None:
    twice = GOOD + b'\n[[prompts]]\nid = "rest-one"\ntext = "Again?"\nprinciple = "rest"\n'
    found = problem(twice + b'kinds = ["daily"]\n')
    assert found.line == 16
    assert "used twice" in found.reason
    assert "first at line 6" in found.reason


def test_non_utf8_library_names_the_line() -> None:
    found = problem(GOOD.replace(b"What rested", b"What r\xe9sted"))
    assert (found.line, "UTF-8" in found.reason) == (8, True)


def test_the_users_file_adds_overrides_and_disables(tmp_path: Path) -> None:
    user = tmp_path / "prompts.toml"
    user.write_text(
        '[[prompts]]\nid = "strengths-today"\ntext = "What went well, my words?"\n'
        'principle = "strengths"\nkinds = ["daily"]\n\n'
        '[[prompts]]\nid = "supervision-bring"\ndisabled = true\n\n'
        '[[prompts]]\nid = "my-own"\ntext = "Mine?"\nprinciple = "belonging"\nkinds = ["daily"]\n',
        encoding="utf-8",
    )
    library = load_library(user)
    assert library.prompts["strengths-today"].text == "What went well, my words?"
    assert "supervision-bring" not in library.prompts
    assert library.prompts["my-own"].principle == "belonging"
    assert library.files[-1] == str(user)


def test_disabling_an_unknown_prompt_is_an_error() -> None:
    found = problem(b'[[prompts]]\nid = "nope"\ndisabled = true\n', load_library())
    assert (found.line, "no such prompt" in found.reason) == (1, True)


# ---------------------------------------------------------------- choosing prompts

TODAY = days_ago(0).date()


def choose(library: Library, history: list | None = None, **options: object) -> list[Prompt]:  # type: ignore[type-arg]
    seed = options.pop("seed", 7)
    return choose_prompts(library, history or [], TODAY, random.Random(seed), **options)  # type: ignore[arg-type]


def test_choice_is_deterministic_with_a_seed(library: Library) -> None:
    assert choose(library, seed=3) == choose(library, seed=3)
    picks = {tuple(p.id for p in choose(library, seed=s)) for s in range(20)}
    assert len(picks) > 10


@pytest.mark.parametrize("seed", range(25))
def test_a_strengths_prompt_comes_first_and_principles_differ(library: Library, seed: int) -> None:
    chosen = choose(library, seed=seed, count=4)
    assert len(chosen) == 4
    assert chosen[0].principle == "strengths"
    assert len({p.principle for p in chosen}) == 4
    assert all("daily" in p.kinds for p in chosen)


def test_least_reflected_principles_are_preferred(library: Library) -> None:
    # Every principle but belonging and safety was reflected on this month.
    touched = sorted(REQUIRED_PRINCIPLES - {"belonging", "safety", "strengths"})
    history = [make_entry(days_ago(10), [], principles=(p,)) for p in touched]
    for seed in range(10):
        chosen = choose(library, history, seed=seed, count=3)
        assert {p.principle for p in chosen[1:]} == {"belonging", "safety"}


def test_reflections_older_than_thirty_days_do_not_count(library: Library) -> None:
    touched = sorted(REQUIRED_PRINCIPLES - {"belonging", "strengths"})
    history = [make_entry(days_ago(10), [], principles=(p,)) for p in touched]
    history += [make_entry(days_ago(40), [], principles=("belonging",))] * 5
    assert choose(library, history, count=2)[1].principle == "belonging"


def test_prompts_answered_in_the_last_week_rest(library: Library) -> None:
    strengths = [p.id for p in library.prompts.values() if p.principle == "strengths"]
    rest_but_one = strengths[:-1]
    history = [make_entry(days_ago(3), [(pid, "x") for pid in rest_but_one])]
    for seed in range(10):
        assert choose(library, history, seed=seed)[0].id == strengths[-1]
    # Eight days ago is long enough.
    history = [make_entry(days_ago(8), [(pid, "x") for pid in strengths])]
    assert choose(library, history)[0].principle == "strengths"


def test_recent_prompts_come_back_only_when_nothing_else_is_left(library: Library) -> None:
    pool = [
        p.id for p in library.prompts.values() if p.principle == "belonging" and "daily" in p.kinds
    ]
    history = [
        make_entry(days_ago(1), [(pool[0], "x")]),
        make_entry(days_ago(5), [(pid, "x") for pid in pool[1:]]),
    ]
    chosen = choose(library, history, principle="belonging", count=len(pool))
    assert {p.id for p in chosen} == set(pool)
    assert chosen[-1].id == pool[0]  # the most recently answered comes last


def test_principle_focus(library: Library) -> None:
    chosen = choose(library, principle="belonging", count=3)
    assert [p.principle for p in chosen] == ["belonging"] * 3


def test_more_than_the_pool_gives_the_whole_pool(library: Library) -> None:
    pool = [p for p in library.prompts.values() if p.principle == "trust" and "daily" in p.kinds]
    assert sorted(choose(library, principle="trust", count=50), key=lambda p: p.id) == sorted(
        pool, key=lambda p: p.id
    )


def test_session_kind(library: Library) -> None:
    assert all("session" in p.kinds for p in choose(library, kind="session", count=5))


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"count": 0}, "at least 1"),
        ({"principle": "nope"}, "no principle called 'nope'"),
    ],
)
def test_bad_choices_are_usage_errors(library: Library, options: dict, words: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(UsageError, match=words):
        choose(library, **options)
