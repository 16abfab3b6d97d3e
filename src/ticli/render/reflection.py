"""The reflection's screens: the intro, each prompt, check-ins, tags, and the closing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ticli.errors import TicliError
from ticli.model import Prompt, Rating
from ticli.render.console import literal, path_line, plural, say

if TYPE_CHECKING:
    pass

# ---------------------------------------------------------------- writing entries


def saved_entry(out: Console, path: Path) -> None:
    say(out, "Saved to ", literal(str(path)))


def opening_editor(out: Console, command: str) -> None:
    if command in ("vi", "vim"):
        say(out, f"Opening {command}. To save and finish: press Esc, then type :wq and Enter.")


# ---------------------------------------------------------------- the reflection


def reflection_intro(out: Console, count: int, rating_count: int, folder: Path) -> None:
    """Open gently and say exactly what will happen."""
    say(out, "Take a breath. There's no right way to do this.", style="bold")
    prompts = "one prompt" if count == 1 else f"{count} prompts"
    checkins = (
        f", then {plural(rating_count, 'optional check-in', 'optional check-ins')} (1-5) and tags"
        if rating_count
        else ""
    )
    say(out, f"You'll see {prompts}{checkins}.")
    say(out, "Type as much or as little as you like. An empty line ends an answer;")
    say(out, "press Enter on an empty answer to skip a prompt.")
    say(out, "To stop at any moment, type q as the first line of an answer, or press Ctrl-C:")
    say(out, "what you've written is kept.")
    say(out, "Answers are saved as you go, in ", literal(str(folder)), ", readable only by you.")
    out.print()


def prompt_heading(out: Console, number: int, count: int, prompt: Prompt, principle: str) -> None:
    say(out, Text(f"{number} of {count}", style="dim"), Text(" · "), literal(principle, "dim"))
    say(out, literal(prompt.text, "bold"))
    if prompt.followup:
        say(out, literal(prompt.followup, "dim italic"))
    if number == 1:
        say(out, "(An empty line finishes the answer; Enter straight away skips it.)", style="dim")


def answer_saved(out: Console) -> None:
    say(out, "Saved.", style="dim")
    out.print()


def prompt_skipped(out: Console) -> None:
    say(out, "Skipped.", style="dim")
    out.print()


def not_utf8(out: Console) -> None:
    say(out, "That line held bytes that are not UTF-8 text; please type it again.", style="yellow")


PAUSE_OFFER = "That one can stir things up. Would you like a short pause before going on? [y/N] "


def grounding_pause(out: Console) -> None:
    """A short, user-paced grounding exercise."""
    out.print()
    for line in (
        "Notice your feet on the floor, and what is holding you up.",
        "Breathe in slowly, and let the out-breath be a little longer.",
        "Look around and name three things you can see.",
        "Take as long as you need.",
    ):
        say(out, line, style="italic")
    out.print()


EDITOR_INSTRUCTIONS = (
    "Write under each question; leave a question empty to skip it. "
    "Save and close the editor when you are done. This line is not kept."
)

PAUSE_DONE = "Press Enter when you're ready to go on. "


def ratings_intro(out: Console) -> None:
    say(out, "A few optional check-ins, from 1 to 5. Press Enter to skip any of them.")


def rating_question(out: Console, rating: Rating) -> None:
    low, high = rating.labels[min(rating.labels)], rating.labels[max(rating.labels)]
    out.print()
    say(out, literal(rating.question, "bold"))
    say(
        out,
        Text(f"{min(rating.labels)} = ", style="dim"),
        literal(low, "dim"),
        Text(" … "),
        Text(f"{max(rating.labels)} = ", style="dim"),
        literal(high, "dim"),
    )


def rating_again(out: Console) -> None:
    say(out, "Please type a number from 1 to 5, or press Enter to skip.", style="yellow")


YES_OR_NO = "Please answer y (yes) or n (no)."

TAGS_QUESTION = "Any tags for this entry? Words separated by spaces (Enter for none): "


def tag_problem(out: Console, problem: TicliError) -> None:
    say(out, literal(problem.message), style="yellow")


def reflection_closing(
    out: Console, path: Path | None, answered: int, flagged: bool = False
) -> None:
    out.print()
    if path is None:
        say(out, "Nothing was written, and that's fine too. Take care of yourself.")
        return
    answers = "one answer" if answered == 1 else f"{answered} answers"
    say(out, f"Your reflection ({answers}) is saved in:")
    path_line(out, path)
    if flagged:
        say(out, "It is flagged to bring to supervision: ticli brief will list it.")
    say(out, "Thank you for taking this time.")


def reflection_stopped(out: Console, path: Path | None, answered: int) -> None:
    out.print()
    if path is None:
        say(
            out,
            "Stopped. Nothing was saved, because no answer was finished. Take care of yourself.",
        )
        return
    answers = "one answer" if answered == 1 else f"{answered} answers"
    say(out, f"Stopped. Everything so far ({answers}) is kept in:")
    path_line(out, path)


def needs_terminal(command: str) -> TicliError:
    from ticli.errors import UsageError

    return UsageError(
        f"'ticli {command}' asks its questions in a terminal, and this input is not one.",
        hint="To write without questions: ticli today --answer PROMPT_ID=TEXT (see --help).",
    )


def very_large(out: Console, characters: int) -> None:
    """The note after saving an answer of millions of characters."""
    size = f"{characters / 1_000_000:.1f} million characters"
    say(
        out,
        Text("Note: ", style="yellow"),
        f"one answer is very large ({size}). It is saved, but every command that "
        "reads the journal will be slower while it is there.",
    )


def not_saved(out: Console, text: str) -> None:
    """The disk refused an answer: show it whole, so nothing typed is lost."""
    if not text.strip():
        return
    say(out, Text("That answer could not be saved. Here it is, to copy somewhere safe:", "yellow"))
    out.print(literal(text), soft_wrap=True)


def draft_kept(path: Path) -> str:
    """Where the words typed in the editor are kept when they were not saved."""
    if path.name.endswith(".age"):
        return (
            f"What you typed is kept, encrypted, in {path}. Your recovery key opens it: "
            f"age -d -i RECOVERY_FILE {path}"
        )
    return f"What you typed is still in {path}."
