"""Reading TOML so that every problem names the file and the line."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from ticli.errors import FileProblem

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_END = re.compile(r"\s*\(at end of document\)")


def parse_toml(
    text: str, path: str, first_line: int = 1, problem: type[FileProblem] = FileProblem
) -> dict[str, Any]:
    """Parse TOML text that starts at `first_line` of the file at `path`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _POSITION.search(message)
        if found:
            line = int(found.group(1)) + first_line - 1
        else:
            # "at end of document": the last line is where the TOML broke off.
            line = first_line + text.rstrip("\n").count("\n")
        reason = _END.sub("", _POSITION.sub("", message)).strip()
        raise problem(path, line, f"this is not valid TOML: {reason}", _hint(reason)) from None


def _hint(reason: str) -> str | None:
    """Plain words for the TOML mistakes people make most."""
    for start, hint in _HINTS:
        if reason.startswith(start):
            return hint
    return None


_HINTS = [
    ("Expected newline or end of document", 'Text needs quotes around it, e.g. editor = "nano".'),
    ("Invalid value", 'A value is true or false, a number, or text in quotes, e.g. "nano".'),
    ("Illegal character", 'A quote (") may not be closed on this line.'),
    ("Unclosed array", "A [ bracket is not closed; the mistake may be on the line before."),
    ("Unclosed inline table", "A { brace is not closed."),
    ("Cannot overwrite a value", "The same name is set twice."),
    ("Cannot declare", "The same [table] appears twice."),
]


def read_toml_file(path: str, data: bytes) -> tuple[dict[str, Any], str]:
    """Decode and parse a TOML file's bytes; return the values and the text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileProblem(path, line, "this is not UTF-8 text") from None
    return parse_toml(text, path), text


def key_line(
    text: str, key: str, start: int = 1, first_line: int = 1, one_table: bool = True
) -> int | None:
    """Return the line number where `key = ...` is set, searching from line `start`.

    With `one_table`, the search stops at the next table header after `start`,
    so it finds the key of the table or array item that begins there.
    """
    assign = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
    for number, line in enumerate(text.split("\n"), start=first_line):
        if number < start:
            continue
        if one_table and number > start and line.lstrip().startswith("["):
            break
        if assign.match(line):
            return number
    return None


def table_line(text: str, *names: str) -> int | None:
    """Return the line number of the `[a.b]` table header for names ("a", "b").

    With one name, the first header of a table inside it (`[a.x]`) counts too.
    """
    wanted = ".".join(names)
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.split("#", 1)[0].strip()
        is_table = stripped.startswith("[") and not stripped.startswith("[[")
        name = stripped.strip("[]").replace('"', "").replace(" ", "")
        if is_table and (name == wanted or (len(names) == 1 and name.startswith(wanted + "."))):
            return number
    return None


def header_lines(text: str, header: str) -> list[int]:
    """Return the line numbers of every `[[header]]` array-of-tables item, in order."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
    return [n for n, line in enumerate(text.split("\n"), start=1) if pattern.match(line)]
