"""The prompt library: load and check the shipped and the user's `prompts.toml`; choose prompts."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ticli.errors import FileProblem, UsageError
from ticli.model import PROMPT_KINDS, RATING_MAX, RATING_MIN, SLUG, Principle, Prompt, Rating
from ticli.tomlfile import header_lines, key_line, read_toml_file, table_line

#: The principle at least one prompt of every daily reflection comes from.
STRENGTHS = "strengths"
#: A prompt answered this recently is not asked again while others remain.
REST_DAYS = 7
#: Principles are balanced over this many days.
BALANCE_DAYS = 30

_PRINCIPLE_KEYS = {"name", "description", "sources"}
_PROMPT_KEYS = {"id", "text", "principle", "kinds", "followup", "heavy", "disabled"}
_RATING_KEYS = {"question", "labels", "name"}
_TOP_KEYS = {"principles", "prompts", "ratings"}


@dataclass(frozen=True)
class Library:
    """Principles, prompts and ratings, after the user's own file is laid over the shipped one."""

    principles: dict[str, Principle] = field(default_factory=dict)
    prompts: dict[str, Prompt] = field(default_factory=dict)
    ratings: dict[str, Rating] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    def principle(self, principle_id: str) -> Principle:
        """Return a principle by id, or raise a UsageError listing the known ones."""
        try:
            return self.principles[principle_id]
        except KeyError:
            known = ", ".join(self.principles)
            raise UsageError(
                f"There is no principle called '{principle_id}'."
                + did_you_mean(principle_id, self.principles),
                hint=f"Known principles: {known}",
            ) from None

    def prompt(self, prompt_id: str) -> Prompt:
        """Return a prompt by id, or raise a UsageError that says how to list them."""
        try:
            return self.prompts[prompt_id]
        except KeyError:
            raise UsageError(
                f"There is no prompt with the id '{prompt_id}'."
                + did_you_mean(prompt_id, self.prompts),
                hint="'ticli prompts' lists every prompt with its id.",
            ) from None

    def rating(self, rating_id: str) -> Rating:
        """Return a rating by id, or raise a UsageError listing the known ones."""
        try:
            return self.ratings[rating_id]
        except KeyError:
            known = ", ".join(self.ratings)
            raise UsageError(
                f"There is no rating called '{rating_id}'." + did_you_mean(rating_id, self.ratings),
                hint=f"Known ratings: {known}",
            ) from None


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """' Did you mean 'x'?' for a close match, else ''."""
    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=0.75)
    return f" Did you mean '{close[0]}'?" if close else ""


def shipped_library_path() -> str:
    """The path of the prompt library that ships inside the package."""
    return str(resources.files("ticli") / "prompts.toml")


def load_library(user_file: Path | None = None) -> Library:
    """Load the shipped library, then the user's file over it when it exists."""
    shipped = resources.files("ticli") / "prompts.toml"
    library = parse_library(shipped.read_bytes(), shipped_library_path(), Library())
    if user_file is not None and user_file.is_file():
        library = parse_library(user_file.read_bytes(), str(user_file), library)
    return library


def parse_library(data: bytes, path: str, base: Library) -> Library:
    """Check one prompt library file and lay it over `base`; raise FileProblem when it is wrong."""
    values, text = read_toml_file(path, data)
    return _LibraryReader(path, text, base).read(values)


@dataclass
class _LibraryReader:
    path: str
    text: str
    base: Library

    def problem(self, line: int | None, reason: str, hint: str | None = None) -> FileProblem:
        return FileProblem(self.path, line, reason, hint)

    def read(self, values: dict[str, Any]) -> Library:
        for key in values:
            if key not in _TOP_KEYS:
                raise self.problem(
                    key_line(self.text, key) or table_line(self.text, key),
                    f"'{key}' is not part of a prompt library",
                    hint="A library has [principles.<id>], [[prompts]] and [ratings.<id>].",
                )
        principles = dict(self.base.principles)
        principles.update(self.principles(self.table(values, "principles")))
        prompts = self.prompts(values.get("prompts", []), principles)
        ratings = dict(self.base.ratings)
        ratings.update(self.ratings(self.table(values, "ratings")))
        return Library(principles, prompts, ratings, (*self.base.files, self.path))

    def table(self, values: dict[str, Any], key: str) -> dict[str, Any]:
        table = values.get(key, {})
        if not isinstance(table, dict):
            raise self.problem(key_line(self.text, key), f"'{key}' must be a table of [{key}.<id>]")
        return table

    def check_keys(
        self, item: dict[str, Any], allowed: set[str], line: int | None, what: str
    ) -> None:
        for key in item:
            if key not in allowed:
                raise self.problem(
                    key_line(self.text, key, start=line or 1) or line,
                    f"{what} has an unknown field '{key}'",
                    hint=f"Allowed fields: {', '.join(sorted(allowed))}.",
                )

    def text_field(
        self, item: dict[str, Any], key: str, line: int | None, what: str, required: bool = True
    ) -> str | None:
        value = item.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            where = key_line(self.text, key, start=line or 1) or line
            state = "is missing" if value is None else "must be non-empty text"
            raise self.problem(where, f"{what}: '{key}' {state}")
        return value.strip()

    def check_slug(self, slug: str, line: int | None, what: str) -> None:
        if not SLUG.fullmatch(slug):
            raise self.problem(
                line,
                f"{what} id '{slug}' is not a valid id",
                hint="Use lower-case letters, digits, '-' or '_', starting with a letter or digit.",
            )

    def principles(self, table: dict[str, Any]) -> dict[str, Principle]:
        found: dict[str, Principle] = {}
        for principle_id, item in table.items():
            line = table_line(self.text, "principles", principle_id)
            what = f"principle '{principle_id}'"
            self.check_slug(principle_id, line, "principle")
            if not isinstance(item, dict):
                raise self.problem(line, f"{what} must be a table")
            self.check_keys(item, _PRINCIPLE_KEYS, line, what)
            sources = item.get("sources", [])
            if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
                raise self.problem(line, f"{what}: 'sources' must be a list of text")
            found[principle_id] = Principle(
                id=principle_id,
                name=str(self.text_field(item, "name", line, what)),
                description=str(self.text_field(item, "description", line, what)),
                sources=tuple(sources),
            )
        return found

    def prompts(self, items: Any, principles: dict[str, Principle]) -> dict[str, Prompt]:
        if not isinstance(items, list):
            line = key_line(self.text, "prompts")
            raise self.problem(line, "'prompts' must be a list of [[prompts]] items")
        lines = header_lines(self.text, "prompts")
        prompts = dict(self.base.prompts)
        seen: dict[str, int | None] = {}
        for index, item in enumerate(items):
            line = lines[index] if index < len(lines) else None
            what = f"prompt number {index + 1}"
            if not isinstance(item, dict):
                raise self.problem(line, f"{what} must be a table")
            self.check_keys(item, _PROMPT_KEYS, line, what)
            prompt_id = str(self.text_field(item, "id", line, what))
            what = f"prompt '{prompt_id}'"
            self.check_slug(prompt_id, line, "prompt")
            if prompt_id in seen:
                earlier = f" (first at line {seen[prompt_id]})" if seen[prompt_id] else ""
                raise self.problem(
                    line,
                    f"the prompt id '{prompt_id}' is used twice in this file{earlier}",
                    hint="Every prompt needs its own id; to change a prompt, edit it in place.",
                )
            seen[prompt_id] = line
            if item.get("disabled") is True:
                if set(item) - {"id", "disabled"} == set() and prompt_id not in prompts:
                    raise self.problem(line, f"{what} is disabled but there is no such prompt")
                prompts.pop(prompt_id, None)
                continue
            prompts[prompt_id] = self.prompt(item, prompt_id, line, what, principles)
        return prompts

    def prompt(
        self,
        item: dict[str, Any],
        prompt_id: str,
        line: int | None,
        what: str,
        principles: dict[str, Principle],
    ) -> Prompt:
        text = str(self.text_field(item, "text", line, what))
        principle = str(self.text_field(item, "principle", line, what))
        if principle not in principles:
            raise self.problem(
                key_line(self.text, "principle", start=line or 1) or line,
                f"{what} names the principle '{principle}', which the library does not have",
                hint=f"Known principles: {', '.join(principles)}.",
            )
        kinds = item.get("kinds")
        if kinds is None:
            raise self.problem(line, f"{what}: 'kinds' is missing", hint='e.g. kinds = ["daily"]')
        if not isinstance(kinds, list) or not kinds or any(k not in PROMPT_KINDS for k in kinds):
            raise self.problem(
                key_line(self.text, "kinds", start=line or 1) or line,
                f"{what}: 'kinds' must be a list drawn from {', '.join(PROMPT_KINDS)}",
            )
        heavy = item.get("heavy", False)
        if not isinstance(heavy, bool):
            raise self.problem(line, f"{what}: 'heavy' must be true or false")
        followup = self.text_field(item, "followup", line, what, required=False)
        return Prompt(prompt_id, " ".join(text.split()), principle, tuple(kinds), followup, heavy)

    def ratings(self, table: dict[str, Any]) -> dict[str, Rating]:
        found: dict[str, Rating] = {}
        for rating_id, item in table.items():
            line = table_line(self.text, "ratings", rating_id)
            what = f"rating '{rating_id}'"
            self.check_slug(rating_id, line, "rating")
            if not isinstance(item, dict):
                raise self.problem(line, f"{what} must be a table")
            self.check_keys(item, _RATING_KEYS, line, what)
            question = str(self.text_field(item, "question", line, what))
            name = item.get("name", "")
            if not isinstance(name, str):
                raise self.problem(line, f"{what}: 'name' must be text")
            labels = self.labels(item, line, what)
            found[rating_id] = Rating(rating_id, question, labels, " ".join(name.split()))
        return found

    def labels(self, item: dict[str, Any], line: int | None, what: str) -> dict[int, str]:
        raw = item.get("labels")

        # The line is looked for only when something is wrong: it costs a scan of the file.
        def where() -> int | None:
            return key_line(self.text, "labels", start=line or 1) or line

        example = 'labels = { 1 = "very little", 5 = "a great deal" }'
        if not isinstance(raw, dict):
            raise self.problem(where(), f"{what}: 'labels' is missing or not a table", hint=example)
        labels: dict[int, str] = {}
        for key, label in raw.items():
            if not key.isdigit() or not RATING_MIN <= int(key) <= RATING_MAX:
                raise self.problem(
                    where(),
                    f"{what}: the label '{key}' is outside the scale {RATING_MIN}-{RATING_MAX}",
                    hint=example,
                )
            if not isinstance(label, str) or not label.strip():
                raise self.problem(where(), f"{what}: label {key} must be non-empty text")
            labels[int(key)] = label.strip()
        for end in (RATING_MIN, RATING_MAX):
            if end not in labels:
                raise self.problem(where(), f"{what}: needs a label for {end}", hint=example)
        return dict(sorted(labels.items()))
