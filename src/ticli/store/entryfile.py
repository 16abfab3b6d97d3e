"""The entry file format: TOML front matter, then the answers under `## question {#id}`.

Pure text in, text out: no file is opened here. The format is documented in
docs/format.md; keep the two in step. The fields come from `model.fields`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ticli.errors import EntryProblem, UsageError
from ticli.model import SLUG, Answer, Entry, Prompt, clean_question, clean_text
from ticli.model.fields import (
    FORMAT_VERSION,
    FieldError,
    checked_fields,
    make_entry,
    written_fields,
)
from ticli.tomlfile import key_line, parse_toml

FENCE = "+++"

_HEADING = re.compile(r"^##[ \t]+(?P<question>.*?)[ \t]*\{#(?P<id>" + SLUG.pattern + r")\}[ \t]*$")
# A body line starting with optional backslashes then '#' gets one more backslash
# when written, so no answer line can be mistaken for a heading; reading removes it.
_ESCAPED = re.compile(r"^\\(\\*#)")
_NEEDS_ESCAPE = re.compile(r"^\\*#")
_FLAG_LINE = re.compile(r"^\s*flagged\s*=")


# ---------------------------------------------------------------- format


def format_entry(entry: Entry) -> str:
    """Return the text of an entry file."""
    front = [f"format = {FORMAT_VERSION}"]
    table: list[str] = []
    for name, value in written_fields(entry):
        if name == "ratings":
            table = ["", "[ratings]"] + [f"{_toml_key(k)} = {v}" for k, v in value.items()]
            continue
        front.append(f"{name} = {_toml_value(value)}")
        if name == "principles":
            # The prompts answered, in order: written for readers and tools; the
            # headings below are what ticli reads.
            front.append(f"prompts = {_toml_value(entry.prompt_ids)}")
    parts = [f"{FENCE}\n" + "\n".join(front + table) + f"\n{FENCE}\n"]
    if entry.note:
        parts.append(_escape(entry.note) + "\n")
    for answer in entry.answers:
        heading = f"## {answer.question} {{#{answer.prompt_id}}}\n"
        parts.append(heading + (f"\n{_escape(answer.text)}\n" if answer.text else ""))
    return "\n".join(parts)


def _toml_value(value: Any) -> str:
    if isinstance(value, datetime):
        # TOML's own date-time type, in ISO 8601 with the UTC offset.
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    # tomli_w knows TOML's escaping rules; let it quote one value (imported only to write).
    import tomli_w

    return tomli_w.dumps({"v": value})[len("v = ") :].rstrip("\n")


def _toml_key(key: str) -> str:
    return key if SLUG.fullmatch(key) else _toml_value(key)


def _escape(text: str) -> str:
    lines = text.split("\n")
    return "\n".join("\\" + line if _NEEDS_ESCAPE.match(line) else line for line in lines)


def _unescape(lines: list[str]) -> str:
    return clean_text("\n".join(_ESCAPED.sub(r"\1", line) for line in lines))


# ---------------------------------------------------------------- parse


def _split(data: bytes, path: str) -> tuple[list[str], int]:
    """The file's lines and the index of the closing fence."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise EntryProblem(path, line, "this is not UTF-8 text") from None
    text = text.removeprefix("\ufeff")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if not lines or lines[0].strip() != FENCE:
        raise EntryProblem(path, 1, f"an entry starts with a '{FENCE}' line (the front matter)")
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise EntryProblem(path, 1, f"the front matter has no closing '{FENCE}' line") from None
    return lines, close


def parse_entry(data: bytes, path: str) -> Entry:
    """Read an entry file's bytes; raise EntryProblem naming the line when it is not valid."""
    lines, close = _split(data, path)
    front_text = "\n".join(lines[1:close])
    front = parse_toml(front_text, path, first_line=2, problem=EntryProblem)
    try:
        _check_format(front.get("format", FORMAT_VERSION))
        fields = checked_fields(front)
    except FieldError as error:
        line = key_line(front_text, error.key, first_line=2, one_table=False)
        raise EntryProblem(path, line, str(error)) from None
    note, answers = parse_body(lines[close + 1 :])
    return make_entry(fields, tuple(answers), note)


def _check_format(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise FieldError("format", f"must be a whole number (this is format {FORMAT_VERSION})")
    if value > FORMAT_VERSION:
        raise FieldError("format", f"is {value}: this entry was written by a newer ticli")


def parse_body(lines: list[str]) -> tuple[str, list[Answer]]:
    """Split the body at answer headings: what comes before the first is the free note."""
    note_lines: list[str] = []
    headings: list[re.Match[str]] = []
    bodies: list[list[str]] = []
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            headings.append(heading)
            bodies.append([])
        else:
            (bodies[-1] if bodies else note_lines).append(line)
    answers = [
        Answer(heading["id"], clean_question(heading["question"]), _unescape(body))
        for heading, body in zip(headings, bodies, strict=True)
    ]
    return _unescape(note_lines), answers


# ---------------------------------------------------------------- flagging in place


def with_flag(data: bytes, path: str, flagged: bool) -> tuple[bytes, Entry]:
    """The file's bytes with only its `flagged` line changed (hand formatting kept),
    and the entry they hold. Unchanged bytes when the flag is already so."""
    entry = parse_entry(data, path)
    if entry.flagged == flagged:
        return data, entry
    lines = data.decode("utf-8").split("\n")
    ending = "\r" if lines[0].endswith("\r") else ""
    close = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    # Top-level keys come before any [table], so look (and add) only there.
    tables = [i for i in range(1, close) if lines[i].lstrip().startswith("[")]
    top_end = tables[0] if tables else close
    existing = [i for i in range(1, top_end) if _FLAG_LINE.match(lines[i])]
    if existing:
        del lines[existing[0]]
    if flagged:
        lines.insert(1, "flagged = true" + ending)
    new = "\n".join(lines).encode("utf-8")
    changed = parse_entry(new, path)
    if changed.flagged != flagged:  # e.g. flagged set twice by hand: leave the file alone
        raise EntryProblem(path, None, "its 'flagged' line could not be changed safely")
    return new, changed


# ---------------------------------------------------------------- editor drafts


def answer_template(prompts: Sequence[Prompt], instructions: str) -> str:
    """A draft for writing answers in an editor: the questions as entry headings."""
    parts = [f"<!-- {instructions} -->\n"]
    parts += [f"## {p.text} {{#{p.id}}}\n\n" for p in prompts]
    return "\n".join(parts)


def parse_answer_template(data: bytes, instructions: str, where: str) -> tuple[str, list[Answer]]:
    """Read a draft back: the text before the first question, and the answers."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            "The draft is not UTF-8 text, so I could not read the answers.",
            hint=f"It is kept at {where}.",
        ) from None
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    lines = [line for line in lines if line.strip() != f"<!-- {instructions} -->"]
    note, answers = parse_body(lines)
    return note, [answer for answer in answers if answer.text]
