"""The user's settings in `config.toml`: few, optional, and checked with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ticli.dates import EARLIEST_YEAR
from ticli.errors import FileProblem
from ticli.tomlfile import key_line, read_toml_file

MAX_COUNT = 12


@dataclass(frozen=True)
class Config:
    """Settings; every one has a default, so the file is optional."""

    #: How many prompts `ticli today` asks.
    count: int = 3
    #: Which 1-5 check-ins to offer, by id; None offers every rating in the library.
    ratings: tuple[str, ...] | None = None
    #: Offer a short grounding pause after a prompt marked heavy.
    grounding_pause: bool = True
    #: The editor for `--editor`; otherwise $VISUAL, then $EDITOR.
    editor: str | None = None
    #: Words the privacy guard always flags: names of wards, schools, places, people.
    watch_list: tuple[str, ...] = ()
    #: Words the privacy guard never reads as a name: places, services, colleagues.
    allow_list: tuple[str, ...] = ()
    #: The prompts of `ticli session`, in order; None for the shipped flow.
    session_prompts: tuple[str, ...] | None = None
    #: The professional body whose records `ticli cpd` keeps (see professions.toml).
    profession: str = "none"
    #: The day the current registration or revalidation period began.
    period_start: date | None = None


_KEYS = {
    "count",
    "ratings",
    "grounding_pause",
    "editor",
    "watch_list",
    "allow_list",
    "session_prompts",
    "profession",
    "period_start",
}


def load_config(path: Path) -> Config:
    """Read config.toml when it exists; raise FileProblem naming the line when it is wrong."""
    if not path.is_file():
        return Config()
    values, text = read_toml_file(str(path), path.read_bytes())

    def problem(key: str, reason: str, hint: str | None = None) -> FileProblem:
        return FileProblem(str(path), key_line(text, key, one_table=False), reason, hint)

    for key in values:
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise problem(key, f"'{key}' is not a setting", f"Settings: {known}.")
    count = _get(values, "count", int, problem, "a whole number, e.g. count = 3")
    if count is not None and not 1 <= count <= MAX_COUNT:
        raise problem("count", f"'count' must be from 1 to {MAX_COUNT}")
    ratings = _get(values, "ratings", list, problem, 'a list of rating ids, e.g. ["capacity"]')
    if ratings is not None and not all(isinstance(r, str) for r in ratings):
        raise problem("ratings", "'ratings' must be a list of rating ids")
    pause = _get(values, "grounding_pause", bool, problem, "true or false")
    editor = _get(values, "editor", str, problem, 'a command, e.g. editor = "nano"')
    lists = {}
    for key in ("watch_list", "allow_list", "session_prompts"):
        value = _get(values, key, list, problem, 'a list of text, e.g. ["Ward 7"]')
        if value is not None and not all(isinstance(v, str) and v.strip() for v in value):
            raise problem(key, f"'{key}' must be a list of non-empty text")
        lists[key] = tuple(v.strip() for v in value) if value is not None else None
    profession, period_start = _profile(values, problem)
    return Config(
        profession=profession,
        period_start=period_start,
        count=count if count is not None else Config.count,
        ratings=tuple(ratings) if ratings is not None else None,
        grounding_pause=pause if pause is not None else Config.grounding_pause,
        editor=editor or None,
        watch_list=lists["watch_list"] or (),
        allow_list=lists["allow_list"] or (),
        session_prompts=lists["session_prompts"],
    )


def _profile(values: dict[str, Any], problem: Any) -> tuple[str, date | None]:
    """`profession` (checked against the bodies where they are loaded) and `period_start`."""
    profession = _get(values, "profession", str, problem, 'a body\'s name, e.g. "nmc"')
    start = values.get("period_start")
    shape = "'period_start' must be a day, e.g. period_start = 2025-04-01"
    if isinstance(start, str):
        try:
            start = date.fromisoformat(start.strip())
        except ValueError:
            raise problem("period_start", shape) from None
    if start is not None and (not isinstance(start, date) or isinstance(start, datetime)):
        raise problem(
            "period_start", "'period_start' must be a day, e.g. period_start = 2025-04-01"
        )
    if start is not None and start.year < EARLIEST_YEAR:
        raise problem("period_start", f"'period_start' is before {EARLIEST_YEAR}; is there a typo?")
    return (profession.strip() or "none") if profession else "none", start


#: The professional bodies ticli knows, shipped with it; the user's own file of the same
#: name beside config.toml changes them.
PROFESSIONS_FILE = "professions.toml"


def profession_files(config_dir: Path) -> list[tuple[str, bytes]]:
    """The shipped professions.toml, then the user's, when there is one: path and bytes."""
    from importlib import resources

    shipped = resources.files("ticli") / PROFESSIONS_FILE
    found = [(str(shipped), shipped.read_bytes())]
    own = config_dir / PROFESSIONS_FILE
    if own.is_file():
        found.append((str(own), own.read_bytes()))
    return found


def _get(values: dict[str, Any], key: str, kind: type, problem: Any, shape: str) -> Any:
    value = values.get(key)
    # bool is a kind of int in Python; a count of `true` is still wrong.
    wrong = value is not None and (
        not isinstance(value, kind) or (kind is int and isinstance(value, bool))
    )
    if wrong:
        raise problem(key, f"'{key}' must be {shape}")
    return value


def setting_line(path: Path, key: str) -> int | None:
    """The line of config.toml where `key` is set, to name it in a message."""
    try:
        return key_line(path.read_text(encoding="utf-8"), key, one_table=False)
    except (OSError, UnicodeDecodeError):
        return None


def read_config_text(path: Path) -> str:
    """config.toml as text ("" when there is none yet), to add a setting to it."""
    if not path.is_file():
        return ""
    _values, text = read_toml_file(str(path), path.read_bytes())
    return text


#: The privacy guard's lists: names of clients and places, kept encrypted in an encrypted
#: journal (see usecases.guardlists).
GUARD_LISTS = ("watch_list", "allow_list")


def with_allowed(text: str, word: str) -> str:
    """config.toml's text with `word` added to `allow_list`; every other line as it was.

    The `allow_list = [...]` assignment (however many lines it spans) is written again
    (comments inside it are not kept); every other line is left exactly as it was.
    """
    import tomllib

    current = tomllib.loads(text).get("allow_list", []) if text.strip() else []
    if word in current:
        return text
    return with_list(text, "allow_list", [*current, word])


def with_list(text: str, key: str, values: list[str] | None) -> str:
    """config.toml's text with `key` set to `values` (taken out for None); every other
    line exactly as it was."""
    import tomli_w

    lines = text.split("\n")
    span = _assignment(text, key)
    line = [tomli_w.dumps({key: values}).strip()] if values is not None else []
    if span is None:
        if values is None:
            return text
        ending = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{ending}{line[0]}\n"
    first, last = span
    return "\n".join([*lines[:first], *line, *lines[last + 1 :]])


def _assignment(text: str, key: str) -> tuple[int, int] | None:
    """The first and last line (from 0) of `key = ...` at the top of config.toml."""
    import tomllib

    start = key_line(text, key, one_table=False)
    if start is None:
        return None
    lines = text.split("\n")
    first = start - 1
    for last in range(first, len(lines)):
        try:
            tomllib.loads("\n".join(lines[first : last + 1]))
        except tomllib.TOMLDecodeError:
            continue
        return first, last
    return first, len(lines) - 1
