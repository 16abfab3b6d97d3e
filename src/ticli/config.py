"""The user's settings in `config.toml`: few, optional, and checked with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


_KEYS = {
    "count",
    "ratings",
    "grounding_pause",
    "editor",
    "watch_list",
    "allow_list",
    "session_prompts",
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
    return Config(
        count=count if count is not None else Config.count,
        ratings=tuple(ratings) if ratings is not None else None,
        grounding_pause=pause if pause is not None else Config.grounding_pause,
        editor=editor or None,
        watch_list=lists["watch_list"] or (),
        allow_list=lists["allow_list"] or (),
        session_prompts=lists["session_prompts"],
    )


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


def with_allowed(text: str, word: str) -> str:
    """config.toml's text with `word` added to `allow_list`; every other line as it was.

    The `allow_list = [...]` assignment (however many lines it spans) is written again
    (comments inside it are not kept); every other line is left exactly as it was.
    """
    import tomllib

    import tomli_w

    current = tomllib.loads(text).get("allow_list", []) if text.strip() else []
    if word in current:
        return text
    line = tomli_w.dumps({"allow_list": [*current, word]}).strip()
    lines = text.split("\n")
    start = key_line(text, "allow_list", one_table=False)
    if start is None:
        ending = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{ending}{line}\n"
    first = start - 1
    for last in range(first, len(lines)):
        try:
            tomllib.loads("\n".join(lines[first : last + 1]))
        except tomllib.TOMLDecodeError:
            continue
        break
    return "\n".join([*lines[:first], line, *lines[last + 1 :]])
