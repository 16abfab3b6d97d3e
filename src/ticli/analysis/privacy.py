"""The privacy guard: find details in reflective writing that may identify a client. Pure.

It follows what anonymisation guidance lists as identifying: contact details,
health and social-security numbers, case references, postcodes, dates of
birth, exact ages, street addresses, and the user's own watch list (names of
wards, schools, places, people). It errs towards flagging: a number shaped
like an NHS or phone number is flagged by its shape and the words around it,
even when it would not pass the issuing rules. Full names are not detected
(only those on the watch list); see the README.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ticli.model import Entry

#: Each kind of finding, and how it is named to the user.
KINDS = {
    "email": "an email address",
    "phone": "a phone number",
    "nhs_number": "an NHS number",
    "ssn": "a social security number",
    "reference": "a case or reference number",
    "postcode": "a postcode",
    "date_of_birth": "a date of birth",
    "age": "an exact age",
    "address": "a street address",
    "watch_word": "a word from your watch list",
}

#: When two findings overlap, the earlier kind here is kept (it says more).
_PRIORITY = [
    "email",
    "nhs_number",
    "ssn",
    "date_of_birth",
    "reference",
    "address",
    "postcode",
    "phone",
    "age",
    "watch_word",
]

REDACTED = "[redacted]"
#: Bump when what the detectors find changes: entries found clear before are checked again.
DETECTORS_VERSION = 1


@dataclass(frozen=True)
class Finding:
    """One detail that may identify someone, at text[start:end]."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def name(self) -> str:
        return KINDS[self.kind]


# ---------------------------------------------------------------- patterns

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_SSN_CONTEXT = re.compile(
    r"\b(?:SSN|social security(?: number| no\.?)?)\b[^\w\n]{0,4}(\d{3}[ -]?\d{2}[ -]?\d{4})\b",
    re.IGNORECASE,
)
_TEN_DIGITS = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
_NHS_CONTEXT = re.compile(r"\bNHS\b", re.IGNORECASE)
_REFERENCE = re.compile(
    r"\b(?:case|client|file|record|patient|reference|ref|crn|id|incident|crime|referral)\b\.?"
    r"(?:\s*(?:no|number|ref|reference|id|#)\b\.?)?\s*[:#]?\s*"
    r"(?=[A-Za-z/-]{0,6}\d)([A-Za-z]{0,6}[/-]?\d[\w/-]*\d[\w/-]*|\d{3,})",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}\b")
# In lower case the shape is too common ("b4 5pm"), so only right after the word postcode.
_POSTCODE_NAMED = re.compile(
    r"\bpost ?code\b\W{0,3}(?:is\s+|was\s+)?([a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2})\b", re.IGNORECASE
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|(?:19|20)\d\d)"
)
_BIRTH = re.compile(
    rf"\b(?:born(?:\s+on|\s+in)?|d\.?o\.?b\.?|date\s+of\s+birth|birthday)"
    rf"(?:\s+(?:is|was))?\s*[:\-]?\s*({_DATE})",
    re.IGNORECASE,
)
_AGES = [
    re.compile(r"\baged?\s*[:\-]?\s*(\d{1,3})\b(?!\s*(?:-|\u2013|to)\s*\d)", re.IGNORECASE),
    re.compile(r"(?<![\d\u2013-])\b(\d{1,3})[- ]years?[- ]old\b", re.IGNORECASE),
    re.compile(r"(?<![\d\u2013-])\b(\d{1,3})\s+years?\s+of\s+age\b", re.IGNORECASE),
]
_STREET_WORDS = (
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Crescent|"
    r"Terrace|Grove|Gardens|Square|Sq|Boulevard|Blvd|Hill|Row|Walk|Mews|Parade|Rise|View)"
)
_ADDRESS = re.compile(
    rf"\b(?:(?:flat|apartment|apt|unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,5}}[A-Za-z]?,?\s+"
    rf"(?:[A-Z][a-z']+\s+){{1,3}}{_STREET_WORDS}\b\.?",
)
_DATE_LIKE = re.compile(
    r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$"
)


def _mod11_ok(digits: str) -> bool:
    """The NHS number check digit (Modulus 11)."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


# ---------------------------------------------------------------- finding


def find_identifiers(text: str, watch_list: Sequence[str] = ()) -> list[Finding]:
    """Every detail in `text` that may identify someone, in order, without overlaps."""
    found: list[Finding] = []

    def add(kind: str, start: int, end: int) -> None:
        found.append(Finding(kind, start, end, text[start:end]))

    for match in _EMAIL.finditer(text):
        add("email", match.start(), match.end())
    for match in _SSN.finditer(text):
        add("ssn", match.start(), match.end())
    for match in _SSN_CONTEXT.finditer(text):
        add("ssn", match.start(1), match.end(1))
    for match in _TEN_DIGITS.finditer(text):
        digits = "".join(match.groups())
        near_nhs = _NHS_CONTEXT.search(text, max(0, match.start() - 40), match.start()) is not None
        # The check digit raises confidence; the word NHS nearby is enough on its own.
        if near_nhs or _mod11_ok(digits):
            add("nhs_number", match.start(), match.end())
    for match in _REFERENCE.finditer(text):
        add("reference", match.start(1), match.end(1))
    for match in _POSTCODE.finditer(text):
        add("postcode", match.start(), match.end())
    for match in _POSTCODE_NAMED.finditer(text):
        add("postcode", match.start(1), match.end(1))
    for match in _BIRTH.finditer(text):
        add("date_of_birth", match.start(1), match.end(1))
    for pattern in _AGES:
        for match in pattern.finditer(text):
            add("age", match.start(), match.end())
    for match in _ADDRESS.finditer(text):
        add("address", match.start(), match.end())
    found += _phones(text)
    for phrase in watch_list:
        if phrase.strip():
            pattern = re.compile(rf"(?<!\w){re.escape(phrase.strip())}(?!\w)", re.IGNORECASE)
            for match in pattern.finditer(text):
                add("watch_word", match.start(), match.end())
    return _without_overlaps(found)


def _phones(text: str) -> list[Finding]:
    """Phone numbers, by libphonenumber, for the UK and the US.

    Its lenient matching finds numbers that are only possible, not issued
    (drama and test numbers identify people in stories too); shapes that are
    really dates, times or short counts are dropped.
    """
    if sum(c.isdigit() for c in text) < 7:
        return []
    import phonenumbers

    found: dict[tuple[int, int], Finding] = {}
    for region in ("GB", "US"):
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.POSSIBLE
        )
        for match in matcher:
            raw = match.raw_string
            digits = sum(c.isdigit() for c in raw)
            if digits < 10 or _DATE_LIKE.match(raw):
                continue
            found[match.start, match.end] = Finding("phone", match.start, match.end, raw)
    return list(found.values())


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: (_PRIORITY.index(f.kind), f.start))
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


# ---------------------------------------------------------------- entries


@dataclass(frozen=True)
class EntryFindings:
    """What the guard found in one entry, by section ("note" or a prompt id)."""

    entry: Entry
    sections: tuple[tuple[str, str, tuple[Finding, ...]], ...]  # (where, text, findings)

    @property
    def findings(self) -> list[Finding]:
        return [f for _, _, found in self.sections for f in found]

    @property
    def jigsaw(self) -> bool:
        return is_jigsaw(self.findings)


def check_entry(entry: Entry, watch_list: Sequence[str] = ()) -> EntryFindings | None:
    """The findings in an entry's note, answers, headings, actions and tags; None when none.

    A tag is checked with its '-' and '_' read as spaces, so the tag `ward-7` is
    found by the watch-list words "Ward 7".
    """
    sections = []
    parts = [("note", entry.note), *((a.prompt_id, a.text) for a in entry.answers)]
    # A heading can be the user's own (written in the editor), so it is checked too.
    parts += [(f"{a.prompt_id} heading", a.question) for a in entry.answers]
    parts += [(f"action {n + 1}", action) for n, action in enumerate(entry.actions)]
    parts += [(f"tag {tag}", tag_words(tag)) for tag in entry.tags]
    for where, text in parts:
        found = find_identifiers(text, watch_list) if text else []
        if found:
            sections.append((where, text, tuple(found)))
    return EntryFindings(entry, tuple(sections)) if sections else None


def checked_text(entry: Entry) -> str:
    """Everything `check_entry` looks at, each part named, as it looks at it: what must
    be the same for an earlier check of the entry to still hold."""
    import json

    parts = [["note", entry.note]]
    parts += [[f"answer {a.prompt_id}", a.text, a.question] for a in entry.answers]
    parts += [["action", action] for action in entry.actions]
    parts += [["tag", tag_words(tag)] for tag in entry.tags]
    return json.dumps(parts, ensure_ascii=False)


def tag_words(tag: str) -> str:
    """A tag as the words it stands for: `ward-7` is "ward 7"."""
    return tag.replace("-", " ").replace("_", " ")


def context(text: str, finding: Finding, width: int = 40) -> tuple[str, str, str]:
    """The words before a finding, the finding, and the words after, on one line; cut at
    whole words, with '…' only where something was left out."""
    start = max(0, finding.start - width)
    before = text[start : finding.start]
    if start > 0:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    end = finding.end + width
    after = text[finding.end : end]
    if end < len(text):
        after = (after.rsplit(" ", 1)[0] if " " in after else after) + "…"
    return before.replace("\n", " "), finding.text, after.replace("\n", " ")
