"""Merging two versions of one entry (an entry and a sync engine's conflict copy of it).

Pure: entries in, an entry and what happened to each part out. Answers are keyed by
prompt id (the free note by ""): an answer the same on both sides is kept once, an
answer on one side only is kept, and an answer changed on both sides is kept twice,
the other version under a marker line the user can read, find and tidy. When one
version holds the other whole (words added on one device), the longer one is kept.
Tags, principles and actions are the union; check-ins, the flag, the kind and the
created time come from the later edit, and the other value is named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ticli.model import Answer, Entry

#: Starts the line put above the other version of an answer changed on both sides.
MARKER = "[ticli doctor]"
#: The whole marker line; `{name}` is the file the other version came from.
MARKER_LINE = (
    MARKER + " Another version of this answer, from {name}, is below. "
    "Keep what you want and remove this line."
)

#: What happened to one answer (or the note).
SAME = "same"  # identical on both sides: kept once
LATER_ONLY = "kept"  # only in the later version
EARLIER_ONLY = "added"  # only in the other version: added
LONGER = "longer"  # one version holds the other: the longer one kept
BOTH = "both"  # changed on both sides: both kept, under the marker


@dataclass(frozen=True)
class Part:
    """One answer's fate: its prompt id ("" for the free note) and what was done."""

    prompt_id: str
    outcome: str


@dataclass(frozen=True)
class Overruled:
    """A value the later edit replaced: which field, the value kept and the other one."""

    field: str
    kept: Any
    other: Any


@dataclass(frozen=True)
class Merged:
    entry: Entry
    parts: tuple[Part, ...]
    overruled: tuple[Overruled, ...]
    #: Tags, principles or actions that came from the other version only.
    added: tuple[tuple[str, str], ...] = ()

    @property
    def both_kept(self) -> tuple[str, ...]:
        return tuple(p.prompt_id for p in self.parts if p.outcome == BOTH)


def merge_entries(later: Entry, earlier: Entry, earlier_name: str) -> Merged:
    """Merge two versions of one entry; `later` is the one edited last, `earlier_name`
    names where the other version came from (shown in the marker line)."""
    marker = MARKER_LINE.format(name=earlier_name)
    parts: list[Part] = []
    note, outcome = _merge_text(later.note, earlier.note, marker)
    if later.note or earlier.note:
        parts.append(Part("", outcome))
    answers: list[Answer] = []
    theirs = {a.prompt_id: a for a in earlier.answers}
    for answer in later.answers:
        other = theirs.pop(answer.prompt_id, None)
        if other is None:
            answers.append(answer)
            parts.append(Part(answer.prompt_id, LATER_ONLY))
            continue
        text, outcome = _merge_text(answer.text, other.text, marker)
        answers.append(replace(answer, text=text))
        parts.append(Part(answer.prompt_id, outcome))
    for answer in earlier.answers:
        if answer.prompt_id in theirs:
            answers.append(answer)
            parts.append(Part(answer.prompt_id, EARLIER_ONLY))
    added = [
        *(("tag", t) for t in earlier.tags if t not in later.tags),
        *(("principle", p) for p in earlier.principles if p not in later.principles),
        *(("action", a) for a in earlier.actions if a not in later.actions),
    ]
    ratings = {**earlier.ratings, **later.ratings}
    overruled = [
        Overruled(f"ratings.{key}", later.ratings[key], value)
        for key, value in earlier.ratings.items()
        if key in later.ratings and later.ratings[key] != value
    ]
    for name in ("flagged", "kind", "created"):
        kept, other = getattr(later, name), getattr(earlier, name)
        if kept != other:
            overruled.append(Overruled(name, _plain(kept), _plain(other)))
    entry = replace(
        later,
        note=note,
        answers=tuple(answers),
        tags=_union(later.tags, earlier.tags),
        principles=_union(later.principles, earlier.principles),
        actions=_union(later.actions, earlier.actions),
        ratings=ratings,
    )
    return Merged(entry, tuple(parts), tuple(overruled), tuple(added))


def _merge_text(mine: str, other: str, marker: str) -> tuple[str, str]:
    if mine == other:
        return mine, SAME
    if not other:
        return mine, LATER_ONLY
    if not mine:
        return other, EARLIER_ONLY
    if _holds(mine, other):
        return mine, LONGER
    if _holds(other, mine):
        return other, LONGER
    return f"{mine}\n\n{marker}\n\n{other}", BOTH


def _holds(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` with words added before or after it, or holds it
    as a whole paragraph (an earlier merge): keeping `longer` loses nothing."""
    return longer.startswith(shorter) or longer.endswith(shorter) or f"\n\n{shorter}\n\n" in longer


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
