"""Reading TOML so that every problem names the file and the line."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from ticli.errors import FileProblem

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_END = re.compile(r"\s*\(at end of document\)")


def parse_toml(
    text: str, path: str, first_line: int = 1, problem: type[FileProblem] = FileProblem
) -> dict[str, Any]:
    """Parse TOML text that starts at `first_line` of the file at `path`."""
    quick = quick_toml(text)
    if quick is not None:
        return quick
    import tomllib  # here: most commands read no TOML the quick path cannot

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
    name = re.escape(key)  # bare, "basic" or 'literal': TOML reads all three as the key
    assign = re.compile(rf"""^\s*(?:{name}|"{name}"|'{name}')\s*=""")
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
    for number, name in _tables(text):
        if name == wanted or (len(names) == 1 and name.startswith(wanted + ".")):
            return number
    return None


@functools.lru_cache(maxsize=8)
def _tables(text: str) -> tuple[tuple[int, str], ...]:
    """The `[table]` headers of a TOML text: line number and name (once per text)."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.split("#", 1)[0].strip()
        if stripped.startswith("[") and not stripped.startswith("[["):
            found.append((number, stripped.strip("[]").replace('"', "").replace(" ", "")))
    return tuple(found)


def header_lines(text: str, header: str) -> list[int]:
    """Return the line numbers of every `[[header]]` array-of-tables item, in order."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
    return [n for n, line in enumerate(text.split("\n"), start=1) if pattern.match(line)]


# ---------------------------------------------------------------- the quick path

_BARE = r"[A-Za-z0-9_-]+"
_PAIR = re.compile(rf"({_BARE}) = (.+)")
_TABLE = re.compile(rf"\[({_BARE})\]")
_PLAIN = r'"[^"\\\x00-\x1f\x7f]*"'  # a basic string without escapes or control characters
_STRING = re.compile(_PLAIN)
_STRINGS = re.compile(rf"\[(?:{_PLAIN}(?:, {_PLAIN})*)?\]")
_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,17}")
_MOMENT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{6}))?"
    r"(?:(Z)|([+-])([01]\d|2[0-3]):([0-5]\d))"
)


def quick_toml(text: str) -> dict[str, Any] | None:
    """The TOML of an entry's front matter as ticli writes it, read several times faster
    than tomllib reads it: `key = value` lines of strings, lists of strings, whole
    numbers, booleans and date-times, and `[table]` lines. None for anything else (a
    comment, an escape, a float...), which tomllib then reads; whatever this reads,
    tomllib reads the same (tests/test_store.py holds it to that)."""
    data: dict[str, Any] = {}
    table = data
    for line in text.split("\n"):
        if not line:
            continue
        pair = _PAIR.fullmatch(line)
        if pair is None:
            header = _TABLE.fullmatch(line)
            if header is None or header[1] in data:
                return None
            table = data[header[1]] = {}
            continue
        key, raw = pair.groups()
        if key in table:
            return None
        value = _value(raw)
        if value is None:
            return None
        table[key] = value
    return data


def _value(raw: str) -> Any:
    if _STRING.fullmatch(raw):
        return raw[1:-1]
    if raw in ("true", "false"):
        return raw == "true"
    if _INTEGER.fullmatch(raw):
        return int(raw)
    if _STRINGS.fullmatch(raw):
        return [item[1:-1] for item in _STRING.findall(raw)]
    moment = _MOMENT.fullmatch(raw)
    if moment is None:
        return None
    year, month, day, hour, minute, second, micro, zulu, sign, off_h, off_m = moment.groups()
    try:
        if zulu:
            zone = UTC
        else:
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            zone = timezone(-offset if sign == "-" else offset)
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(micro or 0),
            tzinfo=zone,
        )
    except ValueError:
        return None  # not a real moment: tomllib says why
