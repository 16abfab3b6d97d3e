"""The professional bodies' requirements, read from data (src/ticli/professions.toml and
the user's own professions.toml), checked so that every mistake names the file and line.

Pure: the caller passes each file's path and text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ticli.errors import FileProblem
from ticli.model import SLUG
from ticli.tomlfile import key_line, parse_toml, table_line

#: What a column of the CPD log can hold.
LOG_VALUES = ("date", "title", "activity", "hours", "participatory", "learned", "themes", "id")

#: Figures a body may set: whole numbers of hours or pieces (0: not set).
FIGURES = (
    "practice_hours",
    "cpd_hours",
    "participatory_hours",
    "cpd_pieces",
    "peer_pieces",
    "feedback",
    "accounts",
    "discussions",
)

#: The longest period a body could mean (ten years); a longer one is surely a typo.
MAX_PERIOD_MONTHS = 120


@dataclass(frozen=True)
class Question:
    """One question of a reflective account, and the answers of an entry that fill it."""

    id: str
    text: str
    fill_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One column of the CPD log: its header, as the body's template has it, and its value."""

    header: str
    value: str


@dataclass(frozen=True)
class Body:
    """What one professional body asks for in a period."""

    id: str
    name: str
    period_months: int
    source: str
    figures: Mapping[str, int]
    themes: tuple[str, ...]
    questions: tuple[Question, ...]
    log: tuple[Column, ...]

    def figure(self, name: str) -> int:
        return self.figures.get(name, 0)


@dataclass(frozen=True)
class Source:
    """One professions file: where it is, and its text."""

    path: str
    text: str


def read_bodies(sources: list[Source]) -> dict[str, Body]:
    """Every body the files describe; later files change what earlier ones set, key by key."""
    merged: dict[str, dict[str, Any]] = {}
    origin: dict[tuple[str, str], Source] = {}
    for source in sources:
        values = parse_toml(source.text, source.path)
        for body_id, table in values.items():
            where = _where(source, body_id)
            if not isinstance(table, dict):
                raise where(None, f"'{body_id}' must be a table: [{body_id}]")
            if not SLUG.fullmatch(body_id):
                raise where(None, f"'{body_id}' is not a name ticli can use (a-z, 0-9, -)")
            into = merged.setdefault(body_id, {})
            for key, value in table.items():
                into[key] = value
                origin[(body_id, key)] = source
    base = merged.get("default", {})
    bodies = {}
    for body_id, table in merged.items():
        if body_id == "default":
            continue
        values = {**base, **table}

        def where_key(key: str, body: str = body_id) -> Callable[[str], FileProblem]:
            source = origin.get((body, key)) or origin.get(("default", key)) or sources[0]
            table_name = body if (body, key) in origin else "default"
            return lambda reason: _problem(source, table_name, key, reason)

        bodies[body_id] = _body(body_id, values, where_key)
    return bodies


def _where(source: Source, body_id: str) -> Callable[[str | None, str], FileProblem]:
    def make(key: str | None, reason: str) -> FileProblem:
        return _problem(source, body_id, key, reason)

    return make


def _problem(source: Source, table: str, key: str | None, reason: str) -> FileProblem:
    start = table_line(source.text, table) or 1
    line = key_line(source.text, key, start, one_table=False) if key else None
    return FileProblem(source.path, line or table_line(source.text, table), reason)


def _body(body_id: str, values: Mapping[str, Any], where: Callable[..., Any]) -> Body:
    known = {"name", "period_months", "source", "themes", "questions", "log", *FIGURES}
    for key in values:
        if key not in known:
            raise where(key)(f"'{key}' is not something a body can set here")
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        raise where("name")(f"[{body_id}] needs a name, as text")
    months = values.get("period_months", 12)
    if not _whole(months) or not 1 <= months <= MAX_PERIOD_MONTHS:
        raise where("period_months")(
            f"'period_months' must be a whole number from 1 to {MAX_PERIOD_MONTHS}"
        )
    figures = {}
    for key in FIGURES:
        value = values.get(key, 0)
        if not _whole(value) or not 0 <= value <= 10_000:
            raise where(key)(f"'{key}' must be a whole number from 0 to 10000")
        figures[key] = value
    if figures["participatory_hours"] > figures["cpd_hours"] > 0:
        raise where("participatory_hours")("'participatory_hours' is more than 'cpd_hours'")
    themes = values.get("themes", [])
    if not isinstance(themes, list) or not all(isinstance(t, str) and t.strip() for t in themes):
        raise where("themes")("'themes' must be a list of text")
    source = values.get("source", "")
    if not isinstance(source, str):
        raise where("source")("'source' must be text")
    return Body(
        body_id,
        name.strip(),
        months,
        source.strip(),
        figures,
        tuple(t.strip() for t in themes),
        _questions(values.get("questions", []), where("questions")),
        _columns(values.get("log", []), where("log")),
    )


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _questions(items: Any, problem: Callable[[str], FileProblem]) -> tuple[Question, ...]:
    shape = "each [[...questions]] needs id, text and from (a list of prompt ids)"
    if not isinstance(items, list) or not items:
        raise problem(f"'questions' is missing or empty: {shape}")
    found = []
    for item in items:
        good = isinstance(item, dict) and set(item) <= {"id", "text", "from"}
        ids = item.get("from", []) if good else None
        if not (
            good
            and isinstance(item.get("id"), str)
            and SLUG.fullmatch(item["id"])
            and isinstance(item.get("text"), str)
            and item["text"].strip()
            and isinstance(ids, list)
            and all(isinstance(i, str) for i in ids)
        ):
            raise problem(shape)
        found.append(Question(item["id"], " ".join(item["text"].split()), tuple(ids)))
    if len({q.id for q in found}) != len(found):
        raise problem("two questions have the same id")
    return tuple(found)


def _columns(items: Any, problem: Callable[[str], FileProblem]) -> tuple[Column, ...]:
    shape = f"each [[...log]] needs a header and a value, one of {', '.join(LOG_VALUES)}"
    if not isinstance(items, list) or not items:
        raise problem(f"'log' is missing or empty: {shape}")
    found = []
    for item in items:
        good = isinstance(item, dict) and set(item) == {"header", "value"}
        if not good or not isinstance(item["header"], str) or item["value"] not in LOG_VALUES:
            raise problem(shape)
        found.append(Column(item["header"], item["value"]))
    return tuple(found)
