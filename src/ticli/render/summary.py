"""The summary of a period, as terminal view, Markdown and JSON; looking back."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from ticli.render.console import literal, plain, plural, quote, say

if TYPE_CHECKING:
    from ticli.analysis.history import Quote
    from ticli.analysis.summary import Lookback, RatingTrend, Summary

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


def _weekly_words(values: Sequence[float | None]) -> str:
    """Weekly means in words, for plain output: "3.2, 3.5, none, 4.0"."""
    return ", ".join("none" if v is None else f"{v:.1f}" for v in values)


@dataclass(frozen=True)
class Section:
    """One part of the summary as plain lines: the one source of its wording."""

    title: str
    lines: tuple[str, ...]
    intro: str = ""


def summary_sections(summary: Summary) -> list[Section]:
    """The summary's wording, section by section, for every view to render."""
    return [
        _rhythm(summary),
        _principles(summary),
        _themes(summary),
        _triggers(summary),
        _strengths(summary),
        _checkins(summary),
        Section(
            "Tags",
            (", ".join(f"{tag} {count}" for tag, count in summary.tags),)
            if summary.tags
            else ("No tags in this period.",),
        ),
        Section(
            "Looking back",
            tuple(f"{item.label} ({item.day}): {quote(item.text)}" for item in summary.lookback)
            or ("Nothing written around this day in earlier months yet.",),
        ),
    ]


def _rhythm(summary: Summary) -> Section:
    period, rhythm = summary.period, summary.rhythm
    days = f"the {period.days} days before"
    weekly = ", ".join(map(str, rhythm.weekly))
    before = (
        f"({days}: {rhythm.previous_entries} on {rhythm.previous_days})."
        if rhythm.previous_entries
        else f"(nothing written in {days})."
    )
    return Section(
        "Rhythm",
        (
            f"{plural(rhythm.entries, 'reflection', 'reflections')} on "
            f"{plural(rhythm.days, 'day', 'days')} " + before,
            f"Entries per week: ({weekly})"
            if plain()
            else f"Entries per week: {sparkline(rhythm.weekly)}  ({weekly})",
        ),
    )


def _principles(summary: Summary) -> Section:
    touched = [p for p in summary.principles if p.now or p.before]
    before = " (before: {})" if summary.rhythm.previous_entries else ""
    lines = [f"{p.name}: {p.now}{before.format(p.before)}" for p in touched if p.now]
    lines += [
        f"Not touched lately: {s.name}. If it fits, try: {s.command}" for s in summary.quiet[:4]
    ]
    if len(summary.quiet) > 4:
        others = ", ".join(s.name for s in summary.quiet[4:])
        lines.append(f"Also not touched lately: {others}.")
    return Section("Principles", tuple(lines))


def _per_thousand(count: int, words: int) -> str:
    return f"{1000 * count / words:.1f}" if words else "0"


def _themes(summary: Summary) -> Section:
    if summary.themes_possible:
        now_words, rest_words = summary.theme_words
        lines = tuple(
            f"{t.term}: {'rising' if t.rising else 'falling'} "
            f"({_per_thousand(t.now, now_words)} per 1,000 words now, "
            f"{_per_thousand(t.before, rest_words)} in the rest)"
            for t in summary.themes
        ) or ("No word stands out from the rest of the journal this time.",)
        if summary.rest_span is not None:
            first, last = summary.rest_span
            lines += (
                f"Compared with the rest of the journal ({first} to {last}: "
                f"{rest_words:,} words) against this period's {now_words:,}.",
            )
    else:
        now_words, rest_words = summary.theme_words
        lines = (
            f"Not enough writing yet to pick out themes ({now_words} words in this period, "
            f"{rest_words} in the rest of the journal). They appear as the journal grows.",
        )
    return Section("Themes", lines, "Words and phrases that set this period apart:")


def _triggers(summary: Summary) -> Section:
    lines = []
    if summary.trigger_themes:
        lines.append("Recurring in what you noticed: " + ", ".join(summary.trigger_themes))
    lines += [f"Noticed, {q.day}: {quote(q.text)}" for q in summary.noticed]
    lines += [f"What helped, {q.day}: {quote(q.text)}" for q in summary.helped]
    return Section(
        "Triggers and what helped",
        tuple(lines) or ("Nothing written about triggers in this period.",),
    )


def _strengths(summary: Summary) -> Section:
    lines = [f"{q.day}: {quote(q.text)}" for q in summary.strengths]
    lines += [f"From longer ago, {q.day}: {quote(q.text)}" for q in summary.strengths_long_ago]
    return Section("Strengths", tuple(lines) or ("No strengths named in this period.",))


def _checkins(summary: Summary) -> Section:
    lines = []
    weekly = _weekly_words if plain() else lambda values: sparkline(values, top=5)
    for r in summary.ratings:
        change = ""
        if r.change is not None:
            change = (
                "; about the same as before"
                if abs(r.change) < 0.25
                else f"; {abs(r.change):.1f} {'higher' if r.change > 0 else 'lower'} than before"
            )
        scale = f", where 5 is {r.top_label.lower()}" if r.top_label else ""
        lines.append(
            f"{r.name or r.id}: average {r.mean:.1f} of 5{scale} (from {r.low} to {r.high}, "
            f"{plural(r.count, 'check-in', 'check-ins')})"
            f"{change}. Weekly: {weekly(r.weekly)}"
        )
    return Section("Check-ins", tuple(lines) or ("No check-ins in this period.",))


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
        # Indented as a block, so a wrapped line keeps its indent.
        parts += [Padding(literal(line), (0, 0, 0, 2), expand=False) for line in section.lines]
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


#: The version of the summary's JSON shape (docs/json.md); raise it when a field changes.
SUMMARY_SCHEMA = 1


def _quote_json(quote: Quote) -> dict[str, Any]:
    return {
        "entry_id": quote.entry_id,
        "day": quote.day.isoformat(),
        "prompt_id": quote.prompt_id,
        "text": quote.text,
    }


def _rating_json(r: RatingTrend) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "question": r.question,
        "count": r.count,
        "mean": r.mean,
        "low": r.low,
        "high": r.high,
        "weekly": list(r.weekly),
        "previous_mean": r.previous_mean,
        "change": r.change,
    }


def summary_record(summary: Summary) -> dict[str, Any]:
    """The summary as plain data, field by field as docs/json.md documents it."""
    period = summary.period
    themes = next(s for s in summary_sections(summary) if s.title == "Themes")
    return {
        "schema": SUMMARY_SCHEMA,
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "days": period.days,
            "previous": {
                "start": period.previous.start.isoformat(),
                "end": period.previous.end.isoformat(),
            },
        },
        "rhythm": {
            "entries": summary.rhythm.entries,
            "days": summary.rhythm.days,
            "previous_entries": summary.rhythm.previous_entries,
            "previous_days": summary.rhythm.previous_days,
            "weekly": list(summary.rhythm.weekly),
        },
        "principles": [
            {"id": p.id, "name": p.name, "now": p.now, "before": p.before}
            for p in summary.principles
        ],
        "quiet": [
            {
                "principle": q.principle,
                "name": q.name,
                "description": q.description,
                "command": q.command,
            }
            for q in summary.quiet
        ],
        "themes": [
            {"term": t.term, "rising": t.rising, "now": t.now, "before": t.before, "z": t.z}
            for t in summary.themes
        ],
        "theme_words": list(summary.theme_words),
        "rest_span": [d.isoformat() for d in summary.rest_span] if summary.rest_span else None,
        "themes_possible": summary.themes_possible,
        "themes_note": None if summary.themes_possible else themes.lines[0],
        "trigger_themes": list(summary.trigger_themes),
        "noticed": [_quote_json(q) for q in summary.noticed],
        "helped": [_quote_json(q) for q in summary.helped],
        "strengths": [_quote_json(q) for q in summary.strengths],
        "strengths_long_ago": [_quote_json(q) for q in summary.strengths_long_ago],
        "ratings": [_rating_json(r) for r in summary.ratings],
        "tags": [[tag, count] for tag, count in summary.tags],
        "lookback": [
            {"label": b.label, "day": b.day.isoformat(), "entry_id": b.entry_id, "text": b.text}
            for b in summary.lookback
        ],
    }


def summary_json(summary: Summary) -> str:
    """The summary as JSON (docs/json.md)."""
    return json.dumps(summary_record(summary), ensure_ascii=False, indent=2) + "\n"


def exported_summary(out: Console, path: Path, what: str = "summary") -> None:
    say(out, f"Wrote the {what} to ", literal(str(path)))


def lookback_view(items: Sequence[Lookback], day: date) -> Group:
    parts: list[RenderableType] = [Text(f"Looking back from {day}", style="bold")]
    if not items:
        parts.append(Text("Nothing written around this day in earlier months yet."))
    for item in items:
        line = Text(f"{item.label} ({item.day}) ", style="dim")
        line.append(quote(item.text))
        parts.append(line)
    return Group(*parts)


def demo_note(out: Console) -> None:
    """Said before the demo summary: none of it is anyone's."""
    say(out, "A made-up journal (--demo): nothing below is anyone's, and yours is untouched.")
    out.print()
