"""The export and import formats, by name: an export format is one entry in `EXPORTS`.

Light to import (the converters are imported when a format is used), so the command
line can name the formats in its help without loading the journal's code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ticli.model import Entry
    from ticli.usecases.journal import Journal

#: Words for a check-in ("Energy and capacity: 2 of 5 (…)"), given by the CLI from render.
RatingWords = Callable[[str, int], str]


@dataclass(frozen=True)
class ExportFormat:
    """How one export format turns entries (oldest first) into text, a part at a time (an
    export of a big journal is never held whole)."""

    name: str
    render: Callable[[Journal, Iterable[Entry], RatingWords | None], Iterator[str]]
    #: The same from the entries as records (`model.fields.to_record`), as the index keeps
    #: them: quicker, where a format needs nothing more.
    render_records: Callable[[Iterable[Mapping[str, Any]]], Iterator[str]] | None = None
    #: The same from the records as text (`model.fields.record_text`), as the index keeps
    #: them: quicker still, where a format writes them as they are.
    render_texts: Callable[[Iterable[str]], Iterator[str]] | None = None
    #: Can write a folder of entry files instead of one document.
    folder: bool = False


def _markdown(_: Journal, entries: Iterable[Entry], words: RatingWords | None) -> Iterator[str]:
    from ticli.analysis.formats import markdown_parts

    return markdown_parts(entries, rating_words=words)


def _json(_: Journal, entries: Iterable[Entry], __: RatingWords | None) -> Iterator[str]:
    from ticli.analysis.formats import json_parts

    return json_parts(entries)


def _json_records(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    from ticli.analysis.formats import json_record_parts

    return json_record_parts(records)


def _json_texts(texts: Iterable[str]) -> Iterator[str]:
    from ticli.analysis.formats import json_text_parts

    return json_text_parts(texts)


def _csv(journal: Journal, entries: Iterable[Entry], words: RatingWords | None) -> Iterator[str]:
    from ticli.analysis.formats import csv_parts

    principle_of = {p.id: p.principle for p in journal.library.prompts.values()}
    questions = {r.id: r.question for r in journal.library.ratings.values()}
    return csv_parts(entries, principle_of, words, questions)


EXPORTS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("md", _markdown, folder=True),
        ExportFormat("json", _json, render_records=_json_records, render_texts=_json_texts),
        ExportFormat("csv", _csv),
    )
}
IMPORT_FORMATS = ("jrnl-json", "ticli-json")
