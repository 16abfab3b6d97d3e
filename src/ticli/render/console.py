"""Safe text on the console: user text never read as markup, control characters visible,
and problems named with their file and line."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ticli.errors import EntryProblem, TicliError
from ticli.model import Rating

if TYPE_CHECKING:
    pass

#: Characters that reorder text on screen; shown as escapes so they cannot hide anything.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain() -> bool:
    """Output for screen readers: asked for with `ticli --plain`, TICLI_PLAIN=1, or a
    terminal that says it is dumb (TERM=dumb). No colour, no boxes or rules, no bars or
    sparklines: numbers and words only."""
    return os.environ.get("TICLI_PLAIN", "") not in ("", "0") or os.environ.get("TERM") == "dumb"


def console(stderr: bool = False) -> Console:
    """A console that follows NO_COLOR and drops colour when output is not a terminal
    (or in plain output, see `plain`).

    In a terminal, text wraps between words; in a pipe or file, lines are not
    broken at all, so what is written there can be read by other programs.
    """
    if plain():
        out = Console(stderr=stderr, highlight=False, no_color=True, color_system=None, emoji=False)
    else:
        out = Console(stderr=stderr, highlight=False)
    out.soft_wrap = not out.is_terminal
    return out


def visible(text: str) -> str:
    """Return text with control characters written as escapes (`\\x1b`), newlines and tabs kept."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char in "\n\t" or (
            unicodedata.category(char) not in ("Cc", "Cs") and char not in _BIDI_CONTROLS
        ):
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def literal(text: str, style: str = "") -> Text:
    """User text for Rich: never read as markup, control characters made visible."""
    return Text(visible(text), style=style)


def say(out: Console, *parts: str | Text, style: str = "") -> None:
    line = Text()
    for part in parts:
        line.append(part if isinstance(part, Text) else Text(part, style=style))
    out.print(line)


def path_line(out: Console, path: Path) -> None:
    # A path on a line of its own and never wrapped, so it can be copied whole.
    out.print(Text("  ").append(literal(str(path))), soft_wrap=True)


# ---------------------------------------------------------------- errors and problems


def error(out: Console, problem: TicliError) -> None:
    """Show a problem the user can fix: what is wrong, and what to do."""
    say(out, Text("ticli: ", style="bold red"), literal(problem.message))
    if problem.hint:
        say(out, literal(problem.hint), style="dim")


def skipped_files(out: Console, problems: Sequence[EntryProblem]) -> None:
    """Name each journal file that could not be read; say it was left untouched."""
    for problem in problems:
        say(
            out,
            Text("Skipped an entry I could not read: ", style="yellow"),
            literal(problem.message),
        )
    if not problems:
        return
    one = len(problems) == 1
    if all(problem.path.endswith(".age") for problem in problems):
        # An encrypted file is not fixed in a text editor; the reason says what to do.
        say(out, f"ticli has not changed {'that file' if one else 'those files'}.", style="dim")
    elif one:
        say(out, "ticli has not changed that file. You can fix it in any text editor.", style="dim")
    else:
        say(
            out,
            "ticli has not changed those files. You can fix them in any text editor.",
            style="dim",
        )


def quote(text: str, width: int = 160) -> str:
    words = " ".join(visible(text).split())
    return words if len(words) <= width else words[: width - 1].rstrip() + "…"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def tags_line(tags: Iterable[str]) -> str:
    return " ".join(f"#{tag}" for tag in tags)


def made_private(out: Console, folder: Path, old_mode: int) -> None:
    """Said once: the journal folder could be read by others, and now cannot."""
    say(
        out,
        Text("Note: ", style="yellow"),
        literal(
            f"{folder} could be read by other users of this computer (mode {old_mode:o}). "
            "I have made it readable only by you (700)."
        ),
    )


def checkin_words(rating: Rating | None, rating_id: str, value: int) -> str:
    """A check-in in plain words: "Energy and capacity: 2 of 5 (between running on empty
    and getting by)". The labels say which way a scale runs, so 5 never reads as a score."""
    name = rating.short if rating else rating_id
    if rating is None or not rating.labels:
        return f"{name}: {value} of 5"
    labels = rating.labels
    if value in labels:
        meaning = labels[value].lower()
    else:
        lower = max((k for k in labels if k < value), default=None)
        upper = min((k for k in labels if k > value), default=None)
        ends = [labels[k].lower() for k in (lower, upper) if k is not None]
        meaning = "between " + " and ".join(ends) if len(ends) == 2 else f"near {ends[0]}"
    return f"{name}: {value} of 5 ({meaning})"
