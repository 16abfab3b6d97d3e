"""Everything ticli shows: Rich views and JSON of model objects, and all its wording.

User text is always shown as a rich.text.Text, never as markup, and control
characters are made visible, so an answer holding `[bold]` or a terminal
escape prints exactly as typed.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from ticli.errors import EntryProblem, TicliError
from ticli.model import Entry, Prompt, Rating
from ticli.paths import Locations
from ticli.prompts import Library
from ticli.query import Hit, short_ids, summary_line

if TYPE_CHECKING:
    from ticli.journal import ImportPlan
    from ticli.patterns import Brief, Lookback, Summary
    from ticli.privacy import EntryFindings, Finding

#: Characters that reorder text on screen; shown as escapes so they cannot hide anything.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def console(stderr: bool = False) -> Console:
    """A console that follows NO_COLOR and drops colour when output is not a terminal.

    In a terminal, text wraps between words; in a pipe or file, lines are not
    broken at all, so what is written there can be read by other programs.
    """
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


def _say(out: Console, *parts: str | Text, style: str = "") -> None:
    line = Text()
    for part in parts:
        line.append(part if isinstance(part, Text) else Text(part, style=style))
    out.print(line)


def _path_line(out: Console, path: Path) -> None:
    # A path on a line of its own and never wrapped, so it can be copied whole.
    out.print(Text("  ").append(literal(str(path))), soft_wrap=True)


# ---------------------------------------------------------------- errors and problems


def error(out: Console, problem: TicliError) -> None:
    """Show a problem the user can fix: what is wrong, and what to do."""
    _say(out, Text("ticli: ", style="bold red"), literal(problem.message))
    if problem.hint:
        _say(out, literal(problem.hint), style="dim")


def skipped_files(out: Console, problems: Sequence[EntryProblem]) -> None:
    """Name each journal file that could not be read; say it was left untouched."""
    for problem in problems:
        _say(
            out,
            Text("Skipped an entry I could not read: ", style="yellow"),
            literal(problem.message),
        )
    if len(problems) == 1:
        _say(
            out, "ticli has not changed that file. You can fix it in any text editor.", style="dim"
        )
    elif problems:
        _say(
            out,
            "ticli has not changed those files. You can fix them in any text editor.",
            style="dim",
        )


# ---------------------------------------------------------------- the prompt library


def prompts_listing(library: Library, prompts: Sequence[Prompt]) -> Group:
    """The prompts grouped by principle: id and kinds, then the question, indented."""
    parts: list[RenderableType] = []
    for principle in library.principles.values():
        mine = [p for p in prompts if p.principle == principle.id]
        if not mine:
            continue
        heading = literal(principle.name, "bold")
        heading.append(f"  ({principle.id})", style="dim")
        parts.append(heading)
        for prompt in mine:
            line = Text("  ")
            line.append(literal(prompt.id, "cyan"))
            line.append("  " + ", ".join(prompt.kinds), style="dim")
            if prompt.heavy:
                line.append("  · may stir feelings", style="dim")
            parts.append(line)
            parts.append(Text("    ") + literal(prompt.text))
        parts.append(Text())
    return Group(*parts)


def prompts_json(library: Library, prompts: Sequence[Prompt]) -> str:
    """The prompt library as JSON: principles, prompts and ratings."""
    used = {p.principle for p in prompts}
    data: dict[str, Any] = {
        "principles": [
            {"id": p.id, "name": p.name, "description": p.description, "sources": list(p.sources)}
            for p in library.principles.values()
            if p.id in used
        ],
        "prompts": [
            {
                "id": p.id,
                "text": p.text,
                "principle": p.principle,
                "kinds": list(p.kinds),
                "followup": p.followup,
                "heavy": p.heavy,
            }
            for p in prompts
        ],
        "ratings": [
            {"id": r.id, "question": r.question, "labels": {str(k): v for k, v in r.labels.items()}}
            for r in library.ratings.values()
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def library_footer(out: Console, library: Library, shown: int) -> None:
    files = " and ".join(library.files)
    _say(out, f"{shown} prompts, from ", literal(files), style="dim")
    _say(out, "Principles: ", literal(", ".join(library.principles)), style="dim")


# ---------------------------------------------------------------- where things are


def locations(out: Console, where: Locations, from_home: bool) -> None:
    """Where the journal, the settings and the user's prompt library live."""
    _say(out, Text("Journal:       ", style="bold"), literal(str(where.journal)))
    _say(out, Text("Settings:      ", style="bold"), literal(str(where.config_file)))
    _say(out, Text("Your prompts:  ", style="bold"), literal(str(where.user_prompts)))
    if from_home:
        _say(out, "(All in one folder, because TICLI_HOME is set.)", style="dim")
    else:
        _say(out, "Set TICLI_HOME to keep everything in one folder of your choice.", style="dim")


# ---------------------------------------------------------------- writing entries


def saved_entry(out: Console, path: Path) -> None:
    _say(out, "Saved to ", literal(str(path)))


def opening_editor(out: Console, command: str) -> None:
    if command in ("vi", "vim"):
        _say(out, f"Opening {command}. To save and finish: press Esc, then type :wq and Enter.")


# ---------------------------------------------------------------- the reflection


def reflection_intro(out: Console, count: int, rating_count: int, folder: Path) -> None:
    """Open gently and say exactly what will happen."""
    _say(out, "Take a breath. There's no right way to do this.", style="bold")
    prompts = "one prompt" if count == 1 else f"{count} prompts"
    checkins = (
        f", then {_plural(rating_count, 'optional check-in', 'optional check-ins')} (1-5) and tags"
        if rating_count
        else ""
    )
    _say(out, f"You'll see {prompts}{checkins}.")
    _say(out, "Type as much or as little as you like. An empty line ends an answer;")
    _say(out, "press Enter on an empty answer to skip a prompt.")
    _say(out, "To stop at any moment, type q as the first line of an answer, or press Ctrl-C:")
    _say(out, "what you've written is kept.")
    _say(out, "Answers are saved as you go, in ", literal(str(folder)), ", readable only by you.")
    out.print()


def prompt_heading(out: Console, number: int, count: int, prompt: Prompt, principle: str) -> None:
    _say(out, Text(f"{number} of {count}", style="dim"), Text(" · "), literal(principle, "dim"))
    _say(out, literal(prompt.text, "bold"))
    if prompt.followup:
        _say(out, literal(prompt.followup, "dim italic"))
    if number == 1:
        _say(out, "(An empty line finishes the answer; Enter straight away skips it.)", style="dim")


def answer_saved(out: Console) -> None:
    _say(out, "Saved.", style="dim")
    out.print()


def prompt_skipped(out: Console) -> None:
    _say(out, "Skipped.", style="dim")
    out.print()


def not_utf8(out: Console) -> None:
    _say(out, "That line held bytes that are not UTF-8 text; please type it again.", style="yellow")


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
        _say(out, line, style="italic")
    out.print()


EDITOR_INSTRUCTIONS = (
    "Write under each question; leave a question empty to skip it. "
    "Save and close the editor when you are done. This line is not kept."
)

PAUSE_DONE = "Press Enter when you're ready to go on. "


def ratings_intro(out: Console) -> None:
    _say(out, "A few optional check-ins, from 1 to 5. Press Enter to skip any of them.")


def rating_question(out: Console, rating: Rating) -> None:
    low, high = rating.labels[min(rating.labels)], rating.labels[max(rating.labels)]
    out.print()
    _say(out, literal(rating.question, "bold"))
    _say(
        out,
        Text(f"{min(rating.labels)} = ", style="dim"),
        literal(low, "dim"),
        Text(" … "),
        Text(f"{max(rating.labels)} = ", style="dim"),
        literal(high, "dim"),
    )


def rating_again(out: Console) -> None:
    _say(out, "Please type a number from 1 to 5, or press Enter to skip.", style="yellow")


TAGS_QUESTION = "Any tags for this entry? Words separated by spaces (Enter for none): "


def tag_problem(out: Console, problem: TicliError) -> None:
    _say(out, literal(problem.message), style="yellow")


def reflection_closing(out: Console, path: Path | None, answered: int) -> None:
    out.print()
    if path is None:
        _say(out, "Nothing was written, and that's fine too. Take care of yourself.")
        return
    answers = "one answer" if answered == 1 else f"{answered} answers"
    _say(out, f"Your reflection ({answers}) is saved in:")
    _path_line(out, path)
    _say(out, "Thank you for taking this time.")


def reflection_stopped(out: Console, path: Path | None, answered: int) -> None:
    out.print()
    if path is None:
        _say(
            out,
            "Stopped. Nothing was saved, because no answer was finished. Take care of yourself.",
        )
        return
    answers = "one answer" if answered == 1 else f"{answered} answers"
    _say(out, f"Stopped. Everything so far ({answers}) is kept in:")
    _path_line(out, path)


def needs_terminal(command: str) -> TicliError:
    from ticli.errors import UsageError

    return UsageError(
        f"'ticli {command}' asks its questions in a terminal, and this input is not one.",
        hint="To write without questions: ticli today --answer PROMPT_ID=TEXT (see --help).",
    )


def tags_line(tags: Iterable[str]) -> str:
    return " ".join(f"#{tag}" for tag in tags)


# ---------------------------------------------------------------- reading the journal


def empty_journal(out: Console, filtered: bool) -> None:
    """A friendly line instead of an empty list."""
    if filtered:
        _say(out, "No entries match those filters.")
    else:
        _say(out, "Your journal is empty. Write your first entry with: ticli today")


def entry_lines(entries: Sequence[Entry], width: int) -> Group:
    """One line per entry: date, kind, first words, tags, and a short id for `ticli show`.

    Laid out by hand so a narrow terminal drops the tags, then the kind, but
    never the date or the id, and the first words take whatever room is left.
    """
    from rich.cells import cell_len, set_cell_size

    ids = short_ids(entries)
    rows = [
        {
            "date": f"{e.created:%Y-%m-%d %H:%M}",
            "kind": e.kind,
            "words": visible(summary_line(e, width=300)),
            "tags": visible(tags_line(e.tags)),
            "id": ids[e.id],
        }
        for e in entries
    ]
    columns = ["date", "kind", "words", "tags", "id"]
    # A column is never narrower than its heading (an empty tags column still says "tags").
    sizes = {c: max(cell_len(NAMES[c]), *(cell_len(r[c]) for r in rows)) for c in columns}
    sizes["tags"] = min(sizes["tags"], 24)
    for optional in ("tags", "kind"):
        if width - sum(sizes[c] + 2 for c in columns if c != "words") >= 12:
            break
        columns.remove(optional)
    fixed = sum(sizes[c] + 2 for c in columns if c != "words")
    sizes["words"] = max(4, min(sizes["words"], width - fixed))
    header = Text("  ".join(set_cell_size(NAMES[c], sizes[c]) for c in columns).rstrip(), "bold")
    lines = [header]
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if cell_len(value) > sizes[column]:
                value = set_cell_size(value, sizes[column] - 1) + "…"
            cells.append(set_cell_size(value, sizes[column]))
        line = Text("  ".join(cells[:-1]) + "  ")
        line.append(cells[-1], style="dim")
        lines.append(line)
    return Group(*lines)


NAMES = {"date": "date", "kind": "kind", "words": "first words", "tags": "tags", "id": "id"}


def entry_view(entry: Entry, principle_names: dict[str, str], terminal: bool = True) -> Group:
    """An entry for reading: a title line, then its answers rendered as Markdown.

    Not in a terminal (a pipe, a file) the answers are printed as written, with
    no rules or boxes.
    """
    from rich.markdown import Markdown
    from rich.rule import Rule

    def body(text: str) -> RenderableType:
        return Markdown(readable(text), hyperlinks=False) if terminal else literal(text)

    title = Text(f"{entry.created:%A %d %B %Y, %H:%M} · {entry.kind}", style="bold")
    parts: list[RenderableType] = [title]
    details = Text(entry.id, style="dim")
    if entry.tags:
        details.append("  ")
        details.append(literal(tags_line(entry.tags), "cyan"))
    parts.append(details)
    if entry.principles:
        names = ", ".join(principle_names.get(p, p) for p in entry.principles)
        parts.append(literal("Principles: " + names, "dim"))
    if entry.ratings:
        checkins = ", ".join(f"{name} {value}" for name, value in entry.ratings.items())
        parts.append(literal("Check-ins: " + checkins, "dim"))
    if entry.flagged:
        parts.append(Text("Flagged for supervision", style="yellow"))
    parts.append(Rule(style="dim") if terminal else Text())
    if entry.note:
        parts.append(body(entry.note))
    for answer in entry.answers:
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


def search_results(results: Sequence[tuple[Entry, Sequence[Hit]]]) -> Group:
    """Each matching entry, then its matching lines with the matches highlighted."""
    parts: list[RenderableType] = []
    for entry, hits in results:
        heading = Text(f"{entry.created:%Y-%m-%d %H:%M} · {entry.kind}", style="bold")
        heading.append(f"  {entry.id}", style="dim")
        parts.append(heading)
        for hit in hits:
            line = Text()
            line.append(f"  {hit.where}: ", style="dim")
            shown = Text(hit.line)
            for start, end in hit.spans:
                shown.stylize("bold reverse", start, end)
            line.append(_visible_text(shown))
            parts.append(line)
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


def no_search_results(out: Console) -> None:
    _say(out, "Nothing found.")


def entries_json(entries: Sequence[Entry]) -> str:
    from ticli.exchange import entries_to_json

    return entries_to_json(entries)


def trashed(out: Console, entry: Entry, path: Path) -> None:
    _say(out, "Moved to the trash: ", literal(str(path)))
    _say(out, f"Bring it back with: ticli restore {entry.id}", style="dim")


def restored(out: Console, path: Path) -> None:
    _say(out, "Restored: ", literal(str(path)))


def kept(out: Console) -> None:
    _say(out, "Nothing was changed.")


def edit_saved(out: Console, path: Path) -> None:
    _say(out, "Saved your edit to ", literal(str(path)))


def edit_problem(out: Console, problem: EntryProblem) -> None:
    where = f"line {problem.line}: " if problem.line else ""
    _say(
        out,
        Text("Your edit does not read as an entry: ", style="yellow"),
        literal(where + problem.reason),
    )


EDIT_AGAIN = "Edit again to fix it? [Y/n] "

DELETE_QUESTION = "Move this entry to the trash? You can restore it later. [y/N] "


def exported(out: Console, count: int, path: Path) -> None:
    noun = "entry" if count == 1 else "entries"
    _say(out, f"Exported {count} {noun} to ", literal(str(path)))


def import_report(out: Console, plan: ImportPlan, dry_run: bool) -> None:
    new, already = len(plan.new), len(plan.already)
    if dry_run:
        _say(out, f"Would import {new} {'entry' if new == 1 else 'entries'} ({plan.format_name}).")
    else:
        _say(out, f"Imported {new} {'entry' if new == 1 else 'entries'} ({plan.format_name}).")
    if already:
        _say(out, f"{already} already in the journal, skipped.", style="dim")
    if dry_run:
        _say(out, "Nothing was written (--dry-run).", style="dim")


# ---------------------------------------------------------------- patterns over time

_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], top: float | None = None) -> str:
    """A row of block characters, one per value; a gap for a missing value."""
    present = [v for v in values if v is not None]
    if not present:
        return ""
    high = top if top is not None else max(present)
    low = 0.0
    chars = []
    for value in values:
        if value is None:
            chars.append(" ")
        elif high <= low:
            chars.append(_SPARKS[0])
        else:
            chars.append(_SPARKS[round((value - low) / (high - low) * (len(_SPARKS) - 1))])
    return "".join(chars)


def _quote(text: str, width: int = 160) -> str:
    words = " ".join(visible(text).split())
    return words if len(words) <= width else words[: width - 1].rstrip() + "…"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class Section:
    """One part of the summary as plain lines: the one source of its wording."""

    title: str
    lines: tuple[str, ...]
    intro: str = ""


def summary_sections(summary: Summary) -> list[Section]:
    """The summary's wording, section by section, for every view to render."""
    period, rhythm = summary.period, summary.rhythm
    days = f"the {period.days} days before"
    weekly = ", ".join(map(str, rhythm.weekly))
    sections = [
        Section(
            "Rhythm",
            (
                f"{_plural(rhythm.entries, 'reflection', 'reflections')} on "
                f"{_plural(rhythm.days, 'day', 'days')} "
                + (
                    f"({days}: {rhythm.previous_entries} on {rhythm.previous_days})."
                    if rhythm.previous_entries
                    else f"(nothing written in {days})."
                ),
                f"Entries per week: {sparkline(rhythm.weekly)}  ({weekly})",
            ),
        )
    ]
    touched = [p for p in summary.principles if p.now or p.before]
    before = " (before: {})" if rhythm.previous_entries else ""
    principle_lines = [f"{p.name}: {p.now}{before.format(p.before)}" for p in touched if p.now]
    principle_lines += [
        f"Not touched lately: {s.name}. If it fits, try: {s.command}" for s in summary.quiet[:4]
    ]
    if len(summary.quiet) > 4:
        others = ", ".join(s.name for s in summary.quiet[4:])
        principle_lines.append(f"Also not touched lately: {others}.")
    sections.append(Section("Principles", tuple(principle_lines)))
    if summary.themes_possible:
        theme_lines = tuple(
            f"{t.term}: {'rising' if t.rising else 'falling'} ({t.now} now, {t.before} in the rest)"
            for t in summary.themes
        ) or ("No word stands out from the rest of the journal this time.",)
    else:
        now_words, rest_words = summary.theme_words
        theme_lines = (
            f"Not enough writing yet to pick out themes ({now_words} words in this period, "
            f"{rest_words} in the rest of the journal). They appear as the journal grows.",
        )
    sections.append(Section("Themes", theme_lines, "Words and phrases that set this period apart:"))
    trigger_lines = []
    if summary.trigger_themes:
        trigger_lines.append("Recurring in what you noticed: " + ", ".join(summary.trigger_themes))
    trigger_lines += [f"What helped, {q.day}: {_quote(q.text)}" for q in summary.helped]
    sections.append(
        Section(
            "Triggers and what helped",
            tuple(trigger_lines) or ("Nothing written about triggers in this period.",),
        )
    )
    strength_lines = [f"{q.day}: {_quote(q.text)}" for q in summary.strengths]
    strength_lines += [
        f"From longer ago, {q.day}: {_quote(q.text)}" for q in summary.strengths_long_ago
    ]
    sections.append(
        Section("Strengths", tuple(strength_lines) or ("No strengths named in this period.",))
    )
    rating_lines = []
    for r in summary.ratings:
        change = ""
        if r.change is not None:
            change = (
                "; about the same as before"
                if abs(r.change) < 0.25
                else f"; {abs(r.change):.1f} {'higher' if r.change > 0 else 'lower'} than before"
            )
        rating_lines.append(
            f"{r.id}: average {r.mean:.1f} (from {r.low} to {r.high}, "
            f"{_plural(r.count, 'check-in', 'check-ins')})"
            f"{change}. Weekly: {sparkline(r.weekly, top=5)}"
        )
    sections.append(Section("Check-ins", tuple(rating_lines) or ("No check-ins in this period.",)))
    sections.append(
        Section(
            "Tags",
            (", ".join(f"{tag} {count}" for tag, count in summary.tags),)
            if summary.tags
            else ("No tags in this period.",),
        )
    )
    sections.append(
        Section(
            "Looking back",
            tuple(f"{item.label} ({item.day}): {_quote(item.text)}" for item in summary.lookback)
            or ("Nothing written around this day in earlier months yet.",),
        )
    )
    return sections


def summary_heading(summary: Summary) -> str:
    period = summary.period
    return f"Your practice from {period.start} to {period.end}"


def summary_view(summary: Summary) -> Group:
    """The summary for the terminal."""
    parts: list[RenderableType] = [Text(summary_heading(summary), style="bold"), Text()]
    for section in summary_sections(summary):
        parts.append(Text(section.title, style="bold cyan"))
        if section.intro:
            parts.append(Text(section.intro, style="dim"))
        parts += [Text("  ") + literal(line) for line in section.lines]
        parts.append(Text())
    return Group(*parts)


def summary_markdown(summary: Summary) -> str:
    """The summary as a Markdown document."""
    lines = [f"# {summary_heading(summary)}", ""]
    for section in summary_sections(summary):
        lines += [f"## {section.title}", ""]
        if section.intro:
            lines += [section.intro, ""]
        lines += [f"- {line}" for line in section.lines]
        lines.append("")
    return "\n".join(lines)


def summary_json(summary: Summary) -> str:
    """The summary as JSON (docs/json.md)."""
    import dataclasses

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    data = plain(dataclasses.asdict(summary))
    data["period"]["days"] = summary.period.days
    data["period"]["previous"] = {
        "start": summary.period.previous.start.isoformat(),
        "end": summary.period.previous.end.isoformat(),
    }
    for rating, trend in zip(data["ratings"], summary.ratings, strict=True):
        rating["change"] = trend.change
    themes = next(s for s in summary_sections(summary) if s.title == "Themes")
    data["themes_note"] = None if summary.themes_possible else themes.lines[0]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def exported_summary(out: Console, path: Path, what: str = "summary") -> None:
    _say(out, f"Wrote the {what} to ", literal(str(path)))


def lookback_view(items: Sequence[Lookback], day: date) -> Group:
    parts: list[RenderableType] = [Text(f"Looking back from {day}", style="bold")]
    if not items:
        parts.append(Text("Nothing written around this day in earlier months yet."))
    for item in items:
        line = Text(f"{item.label} ({item.day}) ", style="dim")
        line.append(_quote(item.text))
        parts.append(line)
    return Group(*parts)


# ---------------------------------------------------------------- the privacy guard


def findings_intro(out: Console, findings: Sequence[Finding]) -> None:
    """Before the review of one answer's findings."""
    from ticli.privacy import is_jigsaw

    out.print()
    count = _plural(len(findings), "detail", "details")
    _say(out, Text(f"{count} here might identify someone.", style="yellow"))
    if is_jigsaw(findings):
        _say(
            out,
            "Several kinds together (jigsaw identification) can point to one person even "
            "when each alone would not.",
            style="yellow",
        )


def finding_in_context(out: Console, text: str, finding: Finding) -> None:
    from ticli.privacy import context

    before, found, after = context(text, finding)
    line = Text("  …")
    line.append(literal(before))
    line.append(literal(found, "bold reverse"))
    line.append(literal(after))
    line.append("…")
    _say(out, Text(f"{finding.name[0].upper()}{finding.name[1:]}:", style="bold"))
    out.print(line)


FINDING_CHOICE = "[r]edact it, [e]dit it, or [k]eep it? "


def finding_replacement(found: str) -> str:
    return f'Replace "{visible(found)}" with: '


def reviewing(out: Console, what: str) -> None:
    _say(out, f"Before writing {what}, a look for details that might identify someone.")


def entry_heading(out: Console, entry: Entry) -> None:
    out.print()
    _say(
        out,
        Text(f"{entry.created:%Y-%m-%d %H:%M} · {entry.kind}", style="bold"),
        Text(f"  {entry.id}", style="dim"),
    )


def findings_report(
    out: Console, findings: Sequence[EntryFindings], paths: dict[str, Path] | None = None
) -> None:
    """Every finding: the file, the entry, where in it, and what was found."""
    for found in findings:
        where = paths.get(found.entry.id) if paths else None
        heading = Text(f"{found.entry.created:%Y-%m-%d %H:%M}  {found.entry.id}", style="bold")
        if where:
            heading.append(f"  {where}", style="dim")
        out.print(heading, soft_wrap=True)
        for section, _text, items in found.sections:
            for finding in items:
                line = Text(f"  {section}: {finding.name}: ", style="dim")
                line.append(literal(finding.text))
                out.print(line, soft_wrap=True)
        if found.jigsaw:
            _say(
                out,
                "  Several kinds together: take extra care (jigsaw identification).",
                style="yellow",
            )
    total = sum(len(f.findings) for f in findings)
    _say(
        out,
        f"{_plural(total, 'detail', 'details')} in "
        f"{_plural(len(findings), 'entry', 'entries')} might identify someone.",
    )


def saved_with_findings(out: Console, found: EntryFindings) -> None:
    """The warning after saving an entry that may identify someone (it is saved all the same)."""
    names = ", ".join(f"{f.name} ({visible(f.text)})" for f in found.findings)
    _say(out, Text("Note: ", style="yellow"), literal(f"this entry may identify someone: {names}."))
    if found.jigsaw:
        _say(out, "Together, details like these can identify a person.", style="yellow")
    _say(out, f"To change it: ticli edit {found.entry.id}", style="dim")


def no_findings(out: Console) -> None:
    _say(out, "Nothing found that looks like it could identify someone.")
    _say(
        out, "Names are only found when they are on your watch list (see the README).", style="dim"
    )


# ---------------------------------------------------------------- the supervision brief


def brief_markdown(brief: Brief) -> str:
    """The supervision brief as Markdown, ready to edit and take along."""
    period = brief.period
    lines = [f"# Supervision brief: {period.start} to {period.end}", ""]
    last = (
        f" The last supervision recorded was on {brief.since_supervision}."
        if brief.since_supervision
        else " No supervision is recorded yet."
    )
    lines += [
        f"{_plural(brief.reflections, 'reflection', 'reflections')} in this period.{last}",
        "",
        "## Actions agreed last time",
        "",
    ]
    lines += [f"- [ ] {_verbatim(a)}" for a in brief.actions] or ["- None recorded."]
    if brief.last_note:
        lines += ["", f"Notes from last time: {_verbatim(brief.last_note)}"]
    lines += ["", "## To bring", ""]
    bring = [f"- {q.day}: {_verbatim(q.text)}" for q in brief.bring]
    asked = {(q.entry_id, q.prompt_id) for q in brief.bring}
    bring += [
        f"- {q.day} (flagged): {_verbatim(q.text)}"
        for q in brief.flagged
        if (q.entry_id, q.prompt_id) not in asked
    ]
    lines += bring or ['- Nothing flagged, and no answers to "what do I want to bring".']
    summary_parts = {s.title: s for s in summary_sections(brief.summary)}
    for proctor in brief.sections:
        lines += ["", f"## {proctor.title}", ""]
        touched = [f"{p.name} ({p.now})" for p in proctor.principles if p.now]
        lines.append(f"- Reflected on: {', '.join(touched) if touched else 'nothing yet'}.")
        lines += [f"- {q.day}: {_quote(q.text)}" for q in proctor.quotes]
        # The quotes above already hold what helped and the strengths named; add what
        # only the summary's analysis can tell.
        if proctor.id == "formative":
            lines += [f"- Themes: {line}" for line in summary_parts["Themes"].lines]
            if brief.summary.trigger_themes:
                lines.append(f"- Recurring in triggers: {', '.join(brief.summary.trigger_themes)}")
        if proctor.id == "restorative":
            lines += [
                f"- From longer ago, {q.day}: {_quote(q.text)}"
                for q in brief.summary.strengths_long_ago
            ]
            if brief.summary.ratings:
                lines += [f"- Check-in {line}" for line in summary_parts["Check-ins"].lines]
    lines += [
        "",
        "## Questions I want to ask",
        "",
        "- ",
        "- ",
        "",
    ]
    return "\n".join(lines)


def _verbatim(text: str) -> str:
    """The user's words in full, their lines kept, indented under a list item."""
    # readable() ends lines with Markdown's hard break, so the lines stay lines.
    return "\n  ".join(readable(text).split("\n")).rstrip()


def brief_view(brief: Brief) -> RenderableType:
    from rich.markdown import Markdown

    return Markdown(brief_markdown(brief))


def supervision_recorded(out: Console, path: Path, actions: int) -> None:
    _say(out, f"Recorded the supervision ({_plural(actions, 'action', 'actions')}) in:")
    _path_line(out, path)
    _say(out, "ticli brief will start from here next time.", style="dim")


def flag_set(out: Console, path: Path, flagged: bool) -> None:
    _say(out, "Flagged for supervision: " if flagged else "No longer flagged: ", literal(str(path)))
