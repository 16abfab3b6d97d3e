"""Safe text on the console: user text never read as markup, control characters visible,
and problems named with their file and line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ticli.errors import EntryProblem, TicliError

# Re-exported: the renderers take these words from here, with the console.
from ticli.render.plaintext import checkin_words as checkin_words
from ticli.render.plaintext import plain as plain
from ticli.render.plaintext import plural as plural
from ticli.render.plaintext import quote as quote
from ticli.render.plaintext import tags_line as tags_line
from ticli.render.plaintext import visible as visible

if TYPE_CHECKING:
    pass


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
