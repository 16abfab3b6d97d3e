"""`ticli list` (one line per entry) and `ticli search` into a pipe, laid out without Rich
(which is loaded only to style the lines in a terminal), so that listing thousands of
entries, or a few into a pipe, starts and ends quickly."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ticli.analysis.query import short_ids, summary_line
from ticli.model import Entry, Rating
from ticli.render.plaintext import checkin_words, plain, plural, tags_line, visible

if TYPE_CHECKING:
    from rich.console import Group

    from ticli.analysis.query import Match


@dataclass(frozen=True)
class Line:
    """One line of the listing: its text, in bold (the heading), and where the dim part
    (the id) starts."""

    text: str
    bold: bool = False
    dim_from: int | None = None


#: The prompt library's check-ins, asked for only when an entry holds nothing else.
Ratings = Callable[[], Mapping[str, Rating]]

NAMES = {"date": "date", "kind": "kind", "words": "first words", "tags": "tags", "id": "id"}

#: Any character but those one cell wide that ticli itself puts in a line (Rich measures
#: text holding others character by character, which is slow over thousands of lines).
#: (Printable ASCII, then the ellipsis, dashes, curly quotes, middle dot, bullet and flag.)
_NOT_ONE_CELL = re.compile(
    "[^\x20-\x7e\u2026\u2013\u2014\u2018\u2019\u201c\u201d\u00b7\u2022\u2691]"
)


def pipe_width() -> int:
    """The width of a listing written to a pipe or file, as Rich takes it: COLUMNS, else
    the terminal's width when ticli was started from one (`ticli list | less`), else 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for stream in (0, 1, 2):  # standard input, output and error
        try:
            width = os.get_terminal_size(stream).columns
        except (AttributeError, ValueError, OSError):
            continue  # not a terminal
        return width or 80
    return 80


def entry_lines(entries: Sequence[Entry], width: int, ratings: Ratings | None = None) -> list[Line]:
    """One line per entry: date, kind, first words, tags, and a short id for `ticli show`.

    Laid out by hand so a narrow terminal drops the tags, then the kind, but
    never the date or the id, and the first words take whatever room is left.
    An entry flagged for supervision has ⚑ before its first words.
    """
    ids = short_ids(entries)
    flag = "flagged: " if plain() else "⚑ "
    rows = [
        {
            "date": f"{e.created:%Y-%m-%d %H:%M}",
            "kind": e.kind,
            # The flag goes with the first words, a column a narrow terminal always keeps.
            # Never wider than the screen: the column is cut to fit anyway, and measuring
            # long text cell by cell is slow.
            "words": (flag if e.flagged else "") + visible(_first_words(e, width, ratings)),
            "tags": visible(tags_line(e.tags)),
            "id": ids[e.id],
        }
        for e in entries
    ]
    columns = ["date", "kind", "words", "tags", "id"]
    # Each value measured once: (cells, True when each character is one cell).
    measured = [{c: _measure(r[c]) for c in columns} for r in rows]
    # A column is never narrower than its heading (an empty tags column still says "tags").
    sizes = {c: max(_cells(NAMES[c]), *(m[c][0] for m in measured)) for c in columns}
    sizes["tags"] = min(sizes["tags"], 24)
    for optional in ("tags", "kind"):
        if width - sum(sizes[c] + 2 for c in columns if c != "words") >= 12:
            break
        columns.remove(optional)
    fixed = sum(sizes[c] + 2 for c in columns if c != "words")
    sizes["words"] = max(4, min(sizes["words"], width - fixed))
    lines = [Line("  ".join(_fit(NAMES[c], sizes[c]) for c in columns).rstrip(), bold=True)]
    for row, sized in zip(rows, measured, strict=True):
        cells = []
        for column in columns:
            value, size = row[column], sizes[column]
            width_of, simple = sized[column]
            if simple:  # most values: cut or padded by counting characters
                cells.append(value[: size - 1] + "…" if width_of > size else value.ljust(size))
                continue
            if width_of > size:
                value = _fit(value, size - 1) + "…"
            cells.append(_fit(value, size))
        start = "  ".join(cells[:-1]) + "  "
        lines.append(Line(start + cells[-1], dim_from=len(start)))
    return lines


def plain_text(lines: Sequence[Line]) -> str:
    """The lines as they print without styles, for a pipe: quicker than printing them."""
    return "\n".join(line.text.rstrip() for line in lines)


def styled(lines: Sequence[Line]) -> Group:
    """The lines for a terminal: the heading bold, the ids dim."""
    from rich.console import Group
    from rich.text import Text

    texts = []
    for line in lines:
        if line.dim_from is None:
            texts.append(Text(line.text, "bold" if line.bold else ""))
            continue
        text = Text(line.text[: line.dim_from])
        text.append(line.text[line.dim_from :], style="dim")
        texts.append(text)
    return Group(*texts)


def _one_cell(text: str) -> bool:
    """True when each character of the text takes one cell (printable ASCII, the most
    common, is told without looking at each character)."""
    return (text.isascii() and text.isprintable()) or _NOT_ONE_CELL.search(text) is None


def _measure(text: str) -> tuple[int, bool]:
    """How many terminal cells the text takes, and whether each character takes one."""
    if _one_cell(text):
        return len(text), True
    from rich.cells import cell_len

    return cell_len(text), False


def _cells(text: str) -> int:
    """How many terminal cells the text takes."""
    if _one_cell(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _fit(text: str, size: int) -> str:
    """The text cut or padded with spaces to exactly `size` cells."""
    if _one_cell(text):
        return text[:size].ljust(size)
    from rich.cells import set_cell_size

    return set_cell_size(text, size)


def _first_words(entry: Entry, width: int, ratings: Ratings | None) -> str:
    """An entry's first words; for one with check-ins only, the check-ins in words."""
    words = summary_line(entry, width=min(300, width))
    if words == "(check-ins only)" and ratings is not None:
        known = ratings()
        return "; ".join(
            checkin_words(known.get(rating_id), rating_id, value)
            for rating_id, value in entry.ratings.items()
        )
    return words


def search_results_plain(results: Sequence[Match]) -> str:
    """`search_results` as plain text, for a pipe: the same lines without styles, made
    without Rich (a common word in a big journal matches thousands of lines)."""
    lines: list[str] = []
    for entry, hits, more in ((m.entry, m.hits, m.more) for m in results):
        lines.append(f"{entry.created:%Y-%m-%d %H:%M} · {entry.kind}  {entry.id}")
        lines += [f"  {where_found(entry, hit.where)}: {visible(hit.line)}" for hit in hits]
        if more:
            lines.append(f"  … and {plural(more, 'more line', 'more lines')}")
        lines.append("")
    count = len(results)
    lines.append(f"{count} {'entry' if count == 1 else 'entries'} found.")
    return "\n".join(lines) + "\n"


def where_found(entry: Entry, where: str) -> str:
    question = next((a.question for a in entry.answers if a.prompt_id == where), None)
    if question is None:
        return where  # "note" or "tags"
    return _question_shown(question)


@functools.lru_cache(maxsize=512)
def _question_shown(question: str) -> str:
    # The same few questions head thousands of matching lines: each is made once.
    return visible(shorten(question, 48))


def shorten(text: str, width: int) -> str:
    """Text cut at a word to at most `width` characters, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def tags_listing(counts: Sequence[tuple[str, int]]) -> str:
    """Each tag with how many entries have it, most used first, one per line."""
    width = max((len(tag) for tag, _ in counts), default=0)
    return "".join(f"{tag.ljust(width)}  {count}\n" for tag, count in counts)


def tags_json(counts: Sequence[tuple[str, int]]) -> str:
    """The tags as JSON: [{"tag": ..., "entries": N}, ...] (docs/json.md)."""
    data = [{"tag": tag, "entries": count} for tag, count in counts]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
