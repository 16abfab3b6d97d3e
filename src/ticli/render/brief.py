"""The supervision brief, and what supervision commands say."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType

from ticli.analysis.query import summary_line
from ticli.model import Entry
from ticli.render.console import literal, path_line, plural, quote, say
from ticli.render.entries import readable
from ticli.render.summary import summary_sections

if TYPE_CHECKING:
    from ticli.analysis.brief import Brief, FlaggedEntry

# ---------------------------------------------------------------- the supervision brief


def brief_markdown(brief: Brief) -> str:
    """The supervision brief as Markdown, ready to edit and take along."""
    period = brief.period
    lines = [f"# Supervision brief: {period.start} to {period.end}", ""]
    if brief.since_moment is not None:
        moment = f"{brief.since_moment:%Y-%m-%d %H:%M}"
        last = f" It covers what was written after the last supervision, {moment}."
    elif brief.since_supervision:
        last = f" The last supervision recorded was on {brief.since_supervision}."
    else:
        last = " No supervision is recorded yet."
    lines += [
        f"{plural(brief.reflections, 'reflection', 'reflections')} in this period.{last}",
        "",
        "## Actions agreed last time",
        "",
    ]
    lines += [f"- [ ] {_verbatim(a)}" for a in brief.actions] or ["- None recorded."]
    if brief.last_note:
        lines += ["", f"Notes from last time: {_verbatim(brief.last_note)}"]
    lines += ["", "## To bring", ""]
    bring = [_flagged(item) for item in brief.flagged]
    bring += [f"- {q.day}: {_verbatim(q.text)}" for q in brief.bring]
    lines += bring or ['- Nothing flagged, and no answers to "what do I want to bring".']
    if brief.notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {q.day}: {quote(q.text)}" for q in brief.notes]
    summary_parts = {s.title: s for s in summary_sections(brief.summary)}
    for proctor in brief.sections:
        lines += ["", f"## {proctor.title}", ""]
        touched = [f"{p.name} ({p.now})" for p in proctor.principles if p.now]
        lines.append(f"- Reflected on: {', '.join(touched) if touched else 'nothing yet'}.")
        lines += [f"- {q.day}: {quote(q.text)}" for q in proctor.quotes]
        # The quotes above already hold what helped and the strengths named; add what
        # only the summary's analysis can tell.
        if proctor.id == "formative":
            lines += [f"- Themes: {line}" for line in summary_parts["Themes"].lines]
            if brief.summary.trigger_themes:
                lines.append(f"- Recurring in triggers: {', '.join(brief.summary.trigger_themes)}")
        if proctor.id == "restorative":
            lines += [
                f"- From longer ago, {q.day}: {quote(q.text)}"
                for q in brief.summary.strengths_long_ago
            ]
            if brief.summary.ratings:
                lines += [f"- {line}" for line in summary_parts["Check-ins"].lines]
    lines += [
        "",
        "## Questions I want to ask",
        "",
        "- ",
        "- ",
        "",
    ]
    return "\n".join(lines)


def _flagged(item: FlaggedEntry) -> str:
    """A flagged entry as one item: its date and kind, how long it has waited, its answers."""
    waiting = (
        "flagged today"
        if item.waiting_days == 0
        else f"flagged, waiting since {item.day} ({plural(item.waiting_days, 'day', 'days')})"
    )
    lines = [f"- {item.day} · {item.kind} ({waiting}) · `{item.entry_id}`"]
    for question, text in item.parts:
        # The question on its own line, the answer beneath it, both under the entry.
        answer = _verbatim(text).replace("\n  ", "\n    ")
        lines.append(
            f"  - *{_verbatim(question)}*  \n    {answer}" if question else f"  - {answer}"
        )
    return "\n".join(lines)


def _verbatim(text: str) -> str:
    """The user's words in full, their lines kept, indented under a list item."""
    # readable() ends lines with Markdown's hard break, so the lines stay lines.
    return "\n  ".join(readable(text).split("\n")).rstrip()


def brief_view(brief: Brief) -> RenderableType:
    from rich.markdown import Markdown

    return Markdown(brief_markdown(brief))


def supervision_recorded(out: Console, path: Path, actions: int) -> None:
    say(out, f"Recorded the supervision ({plural(actions, 'action', 'actions')}) in:")
    path_line(out, path)
    say(out, "ticli brief will start from here next time.", style="dim")


def flags_to_clear(out: Console, items: Sequence[Entry]) -> None:
    """The flagged entries that were brought to this supervision."""
    say(out, f"{plural(len(items), 'entry was', 'entries were')} flagged to bring:")
    for entry in items:
        say(out, f"  {entry.created:%Y-%m-%d} · {entry.kind}  ", literal(summary_line(entry, 50)))


CLEAR_FLAGS = "Clear these flags now that they have been discussed? [Y/n] "


def flags_cleared(out: Console, cleared: int, kept: int) -> None:
    if cleared:
        say(out, f"Cleared {plural(cleared, 'flag', 'flags')}.")
    if kept:
        say(
            out,
            f"Kept {plural(kept, 'flag', 'flags')}: "
            f"{'it' if kept == 1 else 'they'} will be in the next brief, with how long "
            f"{'it has' if kept == 1 else 'they have'} been waiting. "
            "ticli flag ID --clear clears one.",
            style="dim",
        )


def flag_set(out: Console, entry: Entry, path: Path, flagged: bool, changed: bool = True) -> None:
    """Which entry, in words, and what happened to its flag."""
    if not changed:
        what = "It was already flagged:" if flagged else "It was not flagged, so nothing changed:"
    else:
        what = "Flagged for supervision:" if flagged else "No longer flagged:"
    say(out, what)
    words = f"  {entry.created:%Y-%m-%d} · {entry.kind} · "
    say(out, words, literal(summary_line(entry, 50)))
    path_line(out, path)
