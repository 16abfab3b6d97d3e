"""Entries for reading: the list, one entry, search results, JSON, trash and import."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.text import Text

from ticli.analysis.query import Match, summary_line
from ticli.errors import EntryProblem
from ticli.model import Entry
from ticli.prompts import Library
from ticli.render.console import (
    checkin_words,
    literal,
    path_line,
    plain,
    plural,
    say,
    tags_line,
    visible,
)
from ticli.render.listing import search_results_plain as search_results_plain
from ticli.render.listing import shorten as shorten
from ticli.render.listing import where_found

if TYPE_CHECKING:
    from ticli.usecases.change import Trashed
    from ticli.usecases.exchange import ImportPlan

# ---------------------------------------------------------------- reading the journal


def empty_journal(out: Console, filtered: bool) -> None:
    """A friendly line instead of an empty list."""
    if filtered:
        say(out, "No entries match those filters.")
    else:
        say(out, "Your journal is empty. Write your first entry with: ticli today")


def entry_view(entry: Entry, library: Library, terminal: bool = True) -> Group:
    """An entry for reading: a title line, then its answers rendered as Markdown.

    Not in a terminal (a pipe, a file) the answers are printed as written, with
    no rules or boxes.
    """
    from rich.rule import Rule

    # Plain output (for screen readers) is the entry as written, with no rules or boxes.
    terminal = terminal and not plain()

    def body(text: str) -> RenderableType:
        if not terminal:
            return literal(text)
        # Imported only here: rich.markdown brings markdown-it and pygments.
        from rich.markdown import Markdown

        return Markdown(readable(text), hyperlinks=False)

    title = Text(f"{entry.created:%A %d %B %Y, %H:%M} · {entry.kind}", style="bold")
    parts: list[RenderableType] = [title]
    details = Text(entry.id, style="dim")
    if entry.tags:
        details.append("  ")
        details.append(literal(tags_line(entry.tags), "cyan"))
    parts.append(details)
    principle_names = {p.id: p.name for p in library.principles.values()}
    if entry.principles:
        names = ", ".join(principle_names.get(p, p) for p in entry.principles)
        parts.append(literal("Principles: " + names, "dim"))
    if entry.ratings:
        parts.append(Text("Check-ins:", style="dim"))
        for rating_id, value in entry.ratings.items():
            words = checkin_words(library.ratings.get(rating_id), rating_id, value)
            parts.append(literal("  " + words, "dim"))
    if entry.flagged:
        parts.append(Text("Flagged for supervision", style="yellow"))
    parts.append(Rule(style="dim") if terminal else Text())
    if entry.note:
        parts.append(body(entry.note))
    for number, answer in enumerate(entry.answers):
        if terminal or number or entry.note:
            # Piped, the blank line after the details already parts them from the first.
            parts.append(Text())
        parts.append(literal(answer.question, "bold"))
        parts.append(body(answer.text))
    if entry.actions:
        parts.append(Text())
        parts.append(Text("Actions agreed", style="bold"))
        parts += [literal(f"- {action}") for action in entry.actions]
    return Group(*parts)


def readable(text: str) -> str:
    """User text for Markdown rendering: line breaks kept, '#' lines not made headings,
    control characters visible. Emphasis and lists still render."""
    lines = []
    for line in visible(text).split("\n"):
        if line.lstrip().startswith("#"):
            line = "\\" + line.lstrip()
        lines.append(line)
    # Two spaces before a line end is Markdown's hard line break.
    return "\n".join(line + "  " if line.strip() else line for line in lines)


def search_results(results: Sequence[Match]) -> Group:
    """Each matching entry, then its matching lines with the matches highlighted; each line
    says where it is: the question (shortened), the note or the tags."""
    parts: list[RenderableType] = []
    for entry, hits, more in ((m.entry, m.hits, m.more) for m in results):
        heading = Text(f"{entry.created:%Y-%m-%d %H:%M} · {entry.kind}", style="bold")
        heading.append(f"  {entry.id}", style="dim")
        parts.append(heading)
        for hit in hits:
            line = Text()
            line.append(f"  {where_found(entry, hit.where)}: ", style="dim")
            shown = Text(hit.line)
            for start, end in hit.spans:
                shown.stylize("bold reverse", start, end)
            line.append(_visible_text(shown))
            parts.append(line)
        if more:
            parts.append(Text(f"  … and {plural(more, 'more line', 'more lines')}", style="dim"))
        parts.append(Text())
    count = len(results)
    parts.append(Text(f"{count} {'entry' if count == 1 else 'entries'} found.", style="dim"))
    return Group(*parts)


def _visible_text(text: Text) -> Text:
    # Make control characters visible without losing the highlight styles.
    if text.plain.isprintable():
        return text
    result = Text()
    for index, char in enumerate(text.plain):
        style = text.get_style_at_offset(Console(), index)
        result.append(visible(char), style=style)
    return result


def no_search_results(out: Console, regex: bool = False) -> None:
    say(out, "Nothing found.")
    if not regex:
        say(
            out,
            'Search finds words that start with what you typed ("visit" finds "visits", '
            'not "revisit"); --regex looks for anything.',
            style="dim",
        )


def entries_json(entries: Sequence[Entry]) -> str:
    from ticli.analysis.formats import entries_to_json

    return entries_to_json(entries)


def document(out: Console, text: str | Iterable[str]) -> None:
    """An export on standard output, whole or a part at a time: to a terminal, control
    characters are shown as escapes (an entry cannot set the window title or clear the
    screen); to a pipe or a file, the text is written exactly."""
    if isinstance(text, str) or out.is_terminal:
        for part in [text] if isinstance(text, str) else text:
            raw_file(out, part.encode("utf-8"))
        return
    # To a pipe or a file: the parts (one an entry) written a quarter of a megabyte at a time.
    sys.stdout.flush()
    held: list[str] = []
    size = 0
    for part in text:
        held.append(part)
        size += len(part)
        if size >= 1 << 18:
            sys.stdout.buffer.write("".join(held).encode("utf-8"))
            held, size = [], 0
    sys.stdout.buffer.write("".join(held).encode("utf-8"))
    sys.stdout.buffer.flush()


def raw_file(out: Console, data: bytes) -> None:
    """A file's bytes on standard output, made harmless for a terminal (see `document`)."""
    if out.is_terminal:
        text = data.decode("utf-8", errors="backslashreplace")
        sys.stdout.write(visible(text))
        sys.stdout.flush()
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def trashed(out: Console, entry: Entry, path: Path) -> None:
    say(out, "Moved to the trash: ", literal(str(path)))
    say(out, f"Bring it back with: ticli restore {entry.id}", style="dim")


def restored(out: Console, path: Path) -> None:
    say(out, "Restored: ", literal(str(path)))


def kept(out: Console) -> None:
    say(out, "Nothing was changed.")


def edit_saved(out: Console, path: Path) -> None:
    say(out, "Saved your edit to ", literal(str(path)))


def edit_problem(out: Console, problem: EntryProblem) -> None:
    where = f"line {problem.line}: " if problem.line else ""
    say(
        out,
        Text("Your edit does not read as an entry: ", style="yellow"),
        literal(where + problem.reason),
    )


EDIT_AGAIN = "Edit again to fix it? [Y/n] "
RESUME_QUESTION = "Start from that kept edit instead of the entry? [Y/n] "


def unsaved_edit_found(out: Console, kept: Path) -> None:
    say(out, "An earlier edit of this entry could not be saved, and was kept in:")
    path_line(out, kept)


def trash_listing(out: Console, items: Sequence[Trashed]) -> None:
    """What is in the trash: when each entry was deleted, its date, first words and id."""
    if not items:
        say(out, "The trash is empty.")
        return
    for item in items:
        # Two short lines an entry, so a narrow terminal never breaks an id in two.
        deleted = datetime.fromtimestamp(item.deleted).astimezone()
        if item.entry is not None:
            line = Text(f"{item.entry.created:%Y-%m-%d} · {item.entry.kind} · ")
            line.append(literal(summary_line(item.entry, 50)))
        else:
            line = Text("(a file ticli cannot read)")
        out.print(line)
        out.print(Text(f"  deleted {deleted:%Y-%m-%d %H:%M} · {item.path.stem}", style="dim"))
    say(out, "Bring one back with: ticli restore ID (or ticli restore --last).", style="dim")


DELETE_QUESTION = "Move this entry to the trash? You can restore it later. [y/N] "


def exported(out: Console, count: int, path: Path) -> None:
    noun = "entry" if count == 1 else "entries"
    say(out, f"Exported {count} {noun} to ", literal(str(path)))


def import_report(out: Console, plan: ImportPlan, dry_run: bool) -> None:
    new, already = len(plan.new), len(plan.already)
    if plan.guessed:
        other = "ticli-json" if plan.format_name == "jrnl-json" else "jrnl-json"
        say(out, f"Read as {plan.format_name} (to choose, add --format {other}).", style="dim")
    if dry_run:
        say(out, f"Would import {new} {'entry' if new == 1 else 'entries'} ({plan.format_name}).")
    else:
        say(out, f"Imported {new} {'entry' if new == 1 else 'entries'} ({plan.format_name}).")
    if already:
        say(out, f"{already} already in the journal, skipped.", style="dim")
    if dry_run:
        say(out, "Nothing was written (--dry-run).", style="dim")


def edit_stopped(out: Console, kept: Path | None) -> None:
    """Ctrl-C in the editor: the entry is as it was; an edit with changes is kept."""
    if kept is None:
        say(out, "The entry was not changed.")
    else:
        say(out, "The entry was not changed. Your edit is kept in:")
        path_line(out, kept)
        say(out, "ticli edit offers it next time you edit this entry.", style="dim")
