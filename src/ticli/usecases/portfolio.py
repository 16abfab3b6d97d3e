"""`ticli portfolio`: the period's records as the files a professional body asks for,
written outside the journal, every piece through the privacy guard before anything is
written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ticli import store
from ticli.analysis.cpd import Piece
from ticli.errors import UsageError
from ticli.usecases.cpd import Records, period_back, records
from ticli.usecases.journal import Journal
from ticli.usecases.patterns import kept_details
from ticli.usecases.privacy import Confirm, Reviewer, guard, guard_text

#: Makes the portfolio's files from the period's records (as the guard left them).
MakePieces = Callable[[Records], list[Piece]]


@dataclass(frozen=True)
class Written:
    """What a portfolio holds, and the files written."""

    records: Records
    folder: Path
    files: list[Path]


def check_folder(journal: Journal, out: Path) -> None:
    """--out must name a folder (new or existing) outside the journal."""
    if not str(out).strip():
        raise UsageError("--out needs a folder to write the portfolio into.")
    if store.present([out]):
        raise UsageError(
            f"{out} is a file; the portfolio is a folder of files.",
            hint="Give a folder for --out, e.g. --out portfolio-2026.",
        )
    store.check_outside(journal.root, out)


def write_portfolio(
    journal: Journal,
    today: date,
    period: str,
    out: Path,
    allow_identifiers: bool,
    asking: tuple[Reviewer | None, Confirm | None],
    make: MakePieces,
) -> Written:
    """Check the folder, guard the records, make every piece and guard its words, and only
    then write the files. A refusal writes nothing."""
    back = period_back(period)
    check_folder(journal, out)
    made = records(journal, today, back)
    reviewer, confirm = asking
    reviewed = guard(journal, "The portfolio", made.found, allow_identifiers, reviewer)
    entries = [reviewed.get(e.id, e) for e in made.entries]
    kept = kept_details(journal, reviewed)
    pieces = make(replace(made, entries=entries))
    checked: set[str] = set()
    for piece in pieces:
        if piece.words not in checked:  # a page with the words of its Markdown: asked once
            guard_text(journal, piece.what, piece.words, allow_identifiers, confirm, kept)
            checked.add(piece.words)
    files = []
    for piece in pieces:
        path = out / piece.name
        store.write_outside(journal.root, path, piece.text.encode("utf-8"))
        files.append(path)
    return Written(made, out, files)
