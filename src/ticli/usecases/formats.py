"""The export and import formats, by name: an export format is one entry in `EXPORTS`.

Light to import (the converters are imported when a format is used), so the command
line can name the formats in its help without loading the journal's code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticli.model import Entry
    from ticli.usecases.journal import Journal

#: Words for a check-in ("Energy and capacity: 2 of 5 (…)"), given by the CLI from render.
RatingWords = Callable[[str, int], str]


@dataclass(frozen=True)
class ExportFormat:
    """How one export format turns entries (oldest first) into text."""

    name: str
    render: Callable[[Journal, Sequence[Entry], RatingWords | None], str]
    #: Can write a folder of entry files instead of one document.
    folder: bool = False


def _markdown(_: Journal, entries: Sequence[Entry], words: RatingWords | None) -> str:
    from ticli.analysis.formats import entries_to_markdown

    return entries_to_markdown(entries, rating_words=words)


def _json(_: Journal, entries: Sequence[Entry], __: RatingWords | None) -> str:
    from ticli.analysis.formats import entries_to_json

    return entries_to_json(entries)


def _csv(journal: Journal, entries: Sequence[Entry], words: RatingWords | None) -> str:
    from ticli.analysis.formats import entries_to_csv

    principle_of = {p.id: p.principle for p in journal.library.prompts.values()}
    questions = {r.id: r.question for r in journal.library.ratings.values()}
    return entries_to_csv(entries, principle_of, words, questions)


EXPORTS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("md", _markdown, folder=True),
        ExportFormat("json", _json),
        ExportFormat("csv", _csv),
    )
}
IMPORT_FORMATS = ("jrnl-json", "ticli-json")
