"""The privacy guard as a use case: check entries, and guard what leaves the journal."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ticli.analysis.privacy import EntryFindings, check_entry
from ticli.errors import TicliError
from ticli.model import Entry
from ticli.usecases.journal import Found, Journal

#: Reviews findings with the user (in a terminal) and returns the entries as they
#: should be written out; None when there is nobody to ask.
Reviewer = Callable[[str, Sequence[EntryFindings], Sequence[str]], dict[str, Entry]]


def check_entries(journal: Journal, entries: Sequence[Entry]) -> list[EntryFindings]:
    """What the privacy guard finds in these entries, entry by entry."""
    found = (check_entry(e, journal.config.watch_list) for e in entries)
    return [f for f in found if f is not None]


class IdentifiersFound(TicliError):
    """Output was refused because it may identify someone; lists what was found."""

    exit_code = 1

    def __init__(self, what: str, findings: list[EntryFindings], found: Found) -> None:
        super().__init__(
            f"{what} may identify someone, so nothing was written.",
            hint="Change those entries (ticli edit ID), or add --allow-identifiers "
            "if you are sure this is safe.",
        )
        self.findings = findings
        self.paths = found.paths


def guard(
    journal: Journal,
    what: str,
    found: Found,
    allow_identifiers: bool,
    reviewer: Reviewer | None,
) -> dict[str, Entry]:
    """The privacy guard before anything leaves the journal.

    With --allow-identifiers, or nothing found: nothing changes. With a reviewer
    (a terminal): each finding is shown, to redact, edit or keep, in what is
    written out only. Otherwise: refuse, listing what was found.
    """
    findings = check_entries(journal, found.entries)
    if not findings or allow_identifiers:
        return {}
    if reviewer is None:
        raise IdentifiersFound(what, findings, found)
    return reviewer(what, findings, journal.config.watch_list)


def check_journal(journal: Journal, found: Found) -> list[EntryFindings]:
    """`ticli check`: the findings in the chosen entries."""
    return check_entries(journal, found.entries)
