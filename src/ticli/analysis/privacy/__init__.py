"""The privacy guard: find details in reflective writing that may identify a client. Pure.

It follows what anonymisation guidance lists as identifying: names, contact details,
health, social-security and National Insurance numbers, case and record references,
postcodes, dates of birth, exact ages, street addresses, and the user's own watch list
(names of wards, schools, places, people). Text is normalised first (`normal`), numbers
and places are found by `patterns`, people's names by `names`; `entries` checks whole
entries. Each finding says why it was flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ticli.analysis.privacy.normal import normal_phrase, normalise

#: Each kind of finding, and how it is named to the user.
KINDS = {
    "email": "an email address",
    "phone": "a phone number",
    "nhs_number": "an NHS number",
    "ssn": "a social security number",
    "ni_number": "a National Insurance number",
    "reference": "a case or reference number",
    "postcode": "a postcode",
    "date_of_birth": "a date of birth",
    "age": "an exact age",
    "address": "a street address",
    "name": "a name",
    "workplace": "a school or workplace",
    "watch_word": "a word from your watch list",
}

#: When two findings overlap, the earlier kind here is kept (it says more).
_PRIORITY = [
    "email",
    "nhs_number",
    "ssn",
    "ni_number",
    "date_of_birth",
    "reference",
    "address",
    "postcode",
    "phone",
    "age",
    "watch_word",
    "workplace",
    "name",
]

REDACTED = "[redacted]"
#: Bump when what the detectors find changes: entries found clear before are checked again.
DETECTORS_VERSION = 6


@dataclass(frozen=True)
class Finding:
    """One detail that may identify someone, at text[start:end], and why it was flagged."""

    kind: str
    start: int
    end: int
    text: str
    why: str = field(default="", compare=False)

    @property
    def name(self) -> str:
        return KINDS[self.kind]

    @property
    def reason(self) -> str:
        """Why it was flagged, in a few words ("looks like a first name", "an exact age")."""
        return self.why or self.name

    @property
    def label(self) -> str:
        """The kind, and why when that says more: "a name (looks like a first name)"."""
        return self.name if self.reason == self.name else f"{self.name} ({self.reason})"


def find_identifiers(
    text: str,
    watch_list: Sequence[str] = (),
    allow_list: Sequence[str] = (),
    known_names: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every detail in `text` that may identify someone, in order, without overlaps.

    `allow_list` holds words that are never names here (places, services, colleagues
    the user means to name); `known_names` the names the user's own history shows
    (`history.recurring_names`).
    """
    numbers, phones, lower_names, unlisted_lower, names, workplaces, word_names, without_famous = (
        _detectors()
    )
    normal = normalise(text)
    seen = normal.text
    allowed = _allowed(tuple(allow_list))
    hits = [*numbers(seen), *phones(seen), *lower_names(seen, allowed)]
    hits += unlisted_lower(seen, allowed)
    if seen.isascii() or any(c.isupper() for c in seen):  # ASCII: names() is quick
        hits += names(seen, allowed, known_names)
        hits += workplaces(seen, allowed)
        hits += word_names(seen, allowed)
    hits = without_famous(seen, hits)
    watch = _watch_pattern(tuple(watch_list))
    if watch is not None:
        hits += [("watch_word", *m.span(), "") for m in watch.finditer(seen)]
    found = []
    for kind, start, end, why in hits:
        if end > start:
            first, last = normal.span(start, end)
            found.append(Finding(kind, first, last, text[first:last], why))
    return _without_overlaps(found)


def warm_up() -> None:
    """Load what the detectors load on first use (the word lists, the dictionary, the
    famous names' pattern): a worker process does it while its parent reads entries."""
    find_identifiers(
        "Spoke with Mrs Okonkwo and Jayden Smith, who is 15, at Oakfield Primary on Selby "
        "Road; hodan was in tears and Priya said she saw Adele. Born 04/06/2012, NHS 943 476 5919."
    )


@lru_cache(maxsize=1)
def _detectors() -> tuple[Any, ...]:
    """The detectors, imported once (an import in `find_identifiers` costs on every text)."""
    from ticli.analysis.privacy.famous import without_famous
    from ticli.analysis.privacy.lower import lower_names
    from ticli.analysis.privacy.names import names
    from ticli.analysis.privacy.patterns import numbers, phones
    from ticli.analysis.privacy.person import unlisted_lower, word_names
    from ticli.analysis.privacy.workplaces import workplaces

    return (
        numbers,
        phones,
        lower_names,
        unlisted_lower,
        names,
        workplaces,
        word_names,
        without_famous,
    )


@lru_cache(maxsize=8)
def _allowed(allow_list: tuple[str, ...]) -> frozenset[str]:
    """Every word of the allow list, in lower case: none of them is read as a name."""
    return frozenset(w.lower() for phrase in allow_list for w in normal_phrase(phrase).split())


@lru_cache(maxsize=8)
def _watch_pattern(watch_list: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the whole watch list: case, spaces, dashes and apostrophes aside."""
    phrases = sorted({normal_phrase(p) for p in watch_list if p.strip()}, key=len, reverse=True)
    if not phrases:
        return None
    parts = [r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", p)) for p in phrases]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: (_PRIORITY.index(f.kind), f.start, -f.end))
    kept: list[Finding] = []
    for finding in ordered:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def redact(text: str, findings: Iterable[Finding]) -> str:
    """Replace each finding with [redacted]; every other character stays exactly as it was."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + REDACTED + text[finding.end :]
    return text


def is_jigsaw(findings: Iterable[Finding]) -> bool:
    """Several kinds together can identify someone even when each alone would not."""
    return len({f.kind for f in findings}) >= 2


from ticli.analysis.privacy.entries import (  # noqa: E402  (entries uses what is above)
    EntryFindings,
    check_entry,
    checked_text,
    context,
    tag_words,
)

__all__ = [
    "DETECTORS_VERSION",
    "KINDS",
    "REDACTED",
    "EntryFindings",
    "Finding",
    "check_entry",
    "checked_text",
    "context",
    "find_identifiers",
    "is_jigsaw",
    "redact",
    "tag_words",
]
