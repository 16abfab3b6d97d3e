"""The prompt library and where ticli keeps its files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from ticli.model import Prompt
from ticli.paths import Locations
from ticli.prompts import Library
from ticli.render.console import literal, plural, say

# The tags' listing is made without Rich, for the quick lane: kept here too.
from ticli.render.listing import tags_json as tags_json
from ticli.render.listing import tags_listing as tags_listing

if TYPE_CHECKING:
    from ticli.usecases.indexing import IndexState

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
    say(out, f"{shown} prompts, from ", literal(files), style="dim")
    say(out, "Principles: ", literal(", ".join(library.principles)), style="dim")


# ---------------------------------------------------------------- where things are


def locations(out: Console, where: Locations, present: frozenset[Path] = frozenset()) -> None:
    """Every place ticli keeps data: the journal, settings, the user's prompts, the index."""
    say(out, Text("Journal:       ", style="bold"), literal(str(where.journal)))
    missing = Text("  (optional, not made yet)", style="dim")
    for label, path in (
        ("Settings:      ", where.config_file),
        ("Your prompts:  ", where.user_prompts),
    ):
        say(
            out,
            Text(label, style="bold"),
            literal(str(path)),
            *([] if path in present else [missing]),
        )
    if where.index_file is not None:
        say(out, Text("Index:         ", style="bold"), literal(str(where.index_file)))
        say(
            out,
            "(Only a speed-up, never synced: deleting it changes nothing but speed.)",
            style="dim",
        )
    if where.from_home:
        say(out, "(All in one folder, because TICLI_HOME is set.)", style="dim")
    else:
        say(out, "Set TICLI_HOME to keep everything in one folder of your choice.", style="dim")


# ---------------------------------------------------------------- the index and tags


def index_report(out: Console, state: IndexState) -> None:
    """What `ticli index` did and what the index holds."""
    verb = "Built the index again" if state.rebuilt else "The index is up to date"
    entries = f"{state.entries:,} {'entry' if state.entries == 1 else 'entries'}"
    say(out, f"{verb}: {entries} ({state.seconds:.1f} s).")
    if state.problems:
        files = plural(len(state.problems), "file", "files")
        say(out, f"{files} could not be read; they are named above and were not changed.")
    if state.path is None:
        say(
            out,
            "It is kept in memory only, for each command: the cache folder could not be "
            "written, or the journal is encrypted and SQLCipher is not available here.",
        )
        return
    size = f"{state.size / 1_000_000:.1f} MB"
    say(out, Text("Kept at: ", style="bold"), literal(str(state.path)), f" ({size})")
    say(
        out,
        "Only a copy of your files, for speed: deleting it changes nothing but speed.",
        style="dim",
    )
