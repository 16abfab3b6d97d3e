"""The guard's detectors for numbers, dates, ages, places and contact details. Pure.

Each detector takes normalised text (see `normal`) and yields (kind, start, end, why).
They err towards flagging: a number shaped like an NHS number or a National Insurance
number is flagged by its shape and the words around it, even when it would not pass the
issuing rules (example and drama numbers identify people in stories too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticli.analysis.privacy import ages
from ticli.analysis.privacy.words import ascii_words, occurrences

Hit = tuple[str, int, int, str]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# ---------------------------------------------------------------- national numbers

_SSN = re.compile(r"(?<![\d.-])\d{3}([-. ])\d{2}\1\d{4}(?![\d-]|\.\d)")
_SSN_CUE = re.compile(
    r"\b(?:SSN|SS\s?#|SS\s+no\b\.?|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?)"
    r"(?:\s+(?:is|was|are))?[^\w\n]{0,4}(\d{3}[ .-]?\d{2}[ .-]?\d{4})\b"
    # "SSN on the form (987654328)": nine digits a few words after "SSN"
    r"|\bSSN\b[^\d\n]{1,24}?(?<![\d-])(\d{3}[ .-]?\d{2}[ .-]?\d{4})\b",
    re.IGNORECASE,
)
_TEN_DIGITS = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
_NHS_CUE = re.compile(r"\bNHS\b", re.IGNORECASE)
# A National Insurance number: two letters, six digits, A-D. HMRC never issues D, F, I, Q,
# U or V first, nor O second; QQ is its published example, flagged all the same.
_NINO_SHAPE = (
    r"(?:[A-CEGHJ-TW-Z][A-CEGHJ-NP-TW-Z]|QQ)(?:( ?|-)\d{2}\1\d{2}\1\d{2}| ?\d{6})(?: ?|-)[A-D]"
)
_NINO = re.compile(rf"\b{_NINO_SHAPE}\b")
#: After a cue, any two letters, and the parts split by spaces or dashes as they come.
_NINO_CUE = re.compile(
    r"\b(?:NI|N\.I\.?|NINO|nat\.?\s+ins\.?|national\s+insurance)(?:\s+(?:number|num|no\.?|#))?"
    r"(?:\s+(?:is|was))?[^\w\n]{0,4}([A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D])\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------- records and references

_RECORD_CUE = (
    r"(?:case|client|file|record|patient|reference|ref|crn|id|incident(?:\s+report)?|crime|"
    r"referral|mrn|hospital|hosp|rio|chart|upn|uln|log|police\s+log|ticket|claim|account|"
    r"pupil|student|member|nhi|mrn|emis|systmone|mosaic|lcs|liquidlogic|care\s+first|pnc|"
    r"intake|a&e|prison|inmate|doc|ecr|urn|a-number|alien\s+number)"
)
_RECORD = re.compile(
    rf"\b{_RECORD_CUE}\b\.?"
    r"(?:\s*(?:no|num|number|ref|reference|id|#)\b\.?)?"
    r"(?:\s+(?:is|was|as|of|under|logged(?:\s+as)?))*\s*(?:[:#]|no\.)?\s*#?"
    r"((?=[A-Z]{0,4}[ /-]?\d)(?:[A-Z]{1,4}\d*[ /-]?)?\d[\dA-Z]*(?:[/-][\dA-Z]+|\s\d{3,}\b)*"
    r"|\d{3,}(?:\s\d{3,})?)",
    re.IGNORECASE,
)
_CUE_WORD = re.compile(_RECORD_CUE, re.IGNORECASE)
_NOT_A_REFERENCE = re.compile(r"^(?:([a-z]+)[ /]|\d{1,2}/\d{1,2}/\d{2,4}$)")  # a word, a date
# With no cue, a reference is known by its shape: letters, then numbers split by / or -.
_RECORD_SHAPE = re.compile(r"\b[A-Z]{1,4}[/-](?:\d{2,4}[/-])?\d{3,7}(?:[/-][A-Z\d]{1,4})?\b")
#: In lower case, only with two slashes: "ch/2025/0443", "cr/10588/26".
_RECORD_SHAPE_LOWER = re.compile(r"\b[a-z]{1,4}/\d{3,7}/\d{2,7}\b")
#: A cue in brackets after the number: "RX7 330145 (hosp)", "JC 549 5053 (our ref)".
_RECORD_BEFORE_CUE = re.compile(
    r"\b([A-Z]{1,4}\d{0,3}[ /-]?\d{3,}(?:[ /-]\d{3,})*)\s*\((?:our|their|the|hosp(?:ital)?|"
    r"case|file|police)?\s*(?:ref|reference|hosp|hospital|mrn|file|case|record|crn|urn)\.?\)",
    re.IGNORECASE,
)

# ---------------------------------------------------------------- places

_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}\b")
# In lower case, only with the space and the letters the Royal Mail uses in the second
# half (never C, I, K, M, O or V): "m14 5rr" is a postcode, "b4 5pm" is not.
_POSTCODE_LOWER = re.compile(
    r"\b[a-pr-uwyz][a-hk-y]?\d[a-z\d]? \d[abd-hjlnp-uw-z]{2}\b", re.IGNORECASE
)
_POSTCODE_CUE = re.compile(
    r"\bpost ?code\b\W{0,3}(?:is\s+|was\s+)?([a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2})\b", re.IGNORECASE
)
_ZIP_CUE = re.compile(
    r"\bzip(?:\s*code)?\b\W{0,3}(?:is\s+|was\s+)?(\d{5}(?:-\d{4})?)\b", re.IGNORECASE
)
_STREET_WORDS = (
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Crescent|"
    r"Terrace|Grove|Gardens|Square|Sq|Boulevard|Blvd|Hill|Row|Walk|Mews|Parade|Rise|View|"
    r"Paddocks|Green|Park|Estate|Heights|Meadows|Fields|Highway|Hwy|Circle|Cir|Mount|Cottages)"
)
_ADDRESS = re.compile(
    rf"\b(?:(?:flat|apartment|apt|unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,5}}[A-Za-z]?,?\s+"
    rf"(?:(?:N|S|E|W|NE|NW|SE|SW)\.?\s+)?(?:The\s+)?(?:\d{{1,3}}(?:st|nd|rd|th)\s+)?"
    rf"(?:[A-Z][a-z']+\s+){{0,3}}{_STREET_WORDS}\b\.?",
)
#: In lower case, as quick notes write it: "lives at 14 albert road", "17 victoria street".
_ADDRESS_LOWER = re.compile(
    r"\b(?:(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s+)?\d{1,4}[a-z]?,?\s+(?:[a-z]{3,}\s+){1,2}"
    r"(?:street|road|lane|avenue|crescent|terrace|st|rd)\b(?!-)"
    r"|\b(?:lives|living|moved|placed)\s+(?:at|to)\s+(?:(?:flat|apt|unit)\s+\d+[a-z]?,?\s+)?"
    r"\d{1,4}[a-z]?,?\s+(?:[a-z]{3,}\s+){1,2}(?:close|drive|way|gardens|grove|court|place|"
    r"view|green|walk|rise|mews|park)\b"
)
#: "flat 12 Ashdown House", "he's at no. 31 on Sycamore Drive".
_ADDRESS_FLAT = re.compile(
    r"\b(?i:flat|apartment|apt)\s+\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z']+\s+){1,2}(?:House|Court|"
    r"Tower|Lodge|Mansions|Buildings?|Point|Heights)\b"
    rf"|\b(?i:no)\.?\s*\d{{1,4}}[A-Za-z]?\s+(?:on|in)\s+(?:The\s+)?(?:[A-Z][a-z']+\s+){{1,3}}"
    rf"{_STREET_WORDS}\b"
)
_ADDRESS_CUE = re.compile(
    r"\b(?:address|lives\s+at|living\s+at|placed\s+at|moved\s+to|visit\s+to)\s*[:\-]?\s*"
    r"(\d{1,5}[A-Za-z]?,?\s+(?:The\s+)?[A-Z][\w']+(?:\s+[A-Z][\w']+){0,3})",
)

# ---------------------------------------------------------------- dates of birth

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}[/. -]{_MONTHS}\.?[/. -]\d{{2,4}}"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?\s+(?:19|20)\d\d|(?:19|20)\d\d)"
)
_BIRTH = re.compile(
    r"(?:\b(?:born|d\.?o\.?b\b\.?|(?:date|year)\s+of\s+birth|birth\s*date|birthday|b[-']?day)"
    r"|(?<![\w.])b\.(?=\s*\D))"
    r"[^\n\d]{0,30}?"  # "born on", "DOB checked with him:", "date of birth as"
    rf"(?<![\w/.-])({_DATE})(?![\w/])",
    re.IGNORECASE,
)

#: "b.19/7/83": the date straight after "b."
_BORN_SHORT = re.compile(
    r"(?<![\w.])b\.\s?(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})(?![\w/])", re.IGNORECASE
)

# ---------------------------------------------------------------- phones

_PHONE_CUE = re.compile(
    r"\b(?:ext(?:ension)?\.?|tel\.?|phone|mobile|mob\.?|cell|landline|direct\s+line|"
    r"number|(?:ring|call|text|rang|phone)(?:\s+(?:her|him|them|me|mum|dad))?\s+back"
    r"(?=\s+(?:on|no\b|number|#))|home\s+no\b\.?)"
    r"(?:\s+(?:no\.?|number|is|was|on|at|(?:he|she|they)\s+gave(?:\s+(?:was|as))?))*"
    r"\s*[:#]?\s*"
    r"(\d{3}[ -]\d{3,4}|\d{3,8})(?![\d:.]\d|\s*(?:am|pm|%|times|minutes|mins|people)\b)",
    re.IGNORECASE,
)
#: "3 more times st", "2 main roads": a count, not a house number.
_NOT_A_STREET = re.compile(r"^\d+\s+(?:more|other|different|main|big|busy|new|minutes?|mins?)\b")
_DATE_LIKE = re.compile(
    r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$"
)


def _not_a_reference(found: str) -> bool:
    """ "sent 14/03/2025", "date 5": a word, then a number; or a date on its own."""
    from ticli.analysis.privacy.words import is_word

    match = _NOT_A_REFERENCE.match(found)
    if match is None or match.group(1) is None:
        return match is not None
    word = match.group(1)
    return is_word(word) and not _CUE_WORD.fullmatch(word)  # "under case 2026/115" is one


def _mod11_ok(digits: str) -> bool:
    """The NHS number check digit (Modulus 11)."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


_DIGIT = re.compile(r"\d")
_DIGITS = b"0123456789"
#: A space, then a number written in words (by first letter: one letter is tried, not 27 words).
_NUMBER_AT = re.compile(
    rb" (?:t(?:wo|hree|en|welve|hirteen|wenty|hirty)|f(?:our|ive|ourteen|ifteen|orty|ifty)"
    rb"|s(?:ix|even|ixteen|eventeen|ixty|eventy)|e(?:ight|leven|ighteen|ighty)"
    rb"|n(?:ine|ineteen|inety)|one)"
)
#: The words an age in words starts with (`ages._NUMBER_WORDS`), and the white space
#: that can come before one.
_NUMBER_TOKENS = frozenset(w.encode() for w in re.findall(r"[a-z]+", ages._NUMBER_WORDS))
_WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
#: Characters an age in words never holds: it lies between two of them.
_CLAUSE = bytes.maketrans(b'.,;:!?()[]"/', b"\x02" * 12)


def numbers(text: str) -> Iterator[Hit]:
    """Every number, date, age, place and contact detail in normalised text.

    Most sentences hold no digit, and then only an email address or an age written in
    words can be there: the other patterns are not run at all.
    """
    if "@" in text:
        for match in _EMAIL.finditer(text):
            yield "email", match.start(), match.end(), "an email address"
    if not text.isascii():
        if _DIGIT.search(text) is not None:
            yield from _with_digits(text)
        elif _NUMBER_AT.search(b" " + text.lower().encode("utf-8")) is not None:
            yield from ages.ages(text, ages.WORD_PATTERNS)
            yield from ages.said(text, 0, len(text))
        return
    raw = text.encode("ascii")
    if len(raw.translate(None, _DIGITS)) != len(raw):
        yield from _with_digits(text)
        return
    # No digit: an age can only be written in words ("a sixteen-year-old", "she's twelve").
    low = text.lower()
    if "age" in low or (("year" in low or "month" in low or "week" in low or "yr" in low)
                        and ("old" in low or "of" in low)):  # fmt: skip
        yield from ages.ages(text, ages.WORD_PATTERNS)
    yield from _ages_in_words(text, raw)


def _ages_in_words(text: str, raw: bytes) -> Iterator[Hit]:
    """ "She's twelve": ages.SAID run only on the clauses where a number in words ends one."""
    clauses = age_word_spaces(text)
    if not clauses:
        return
    marks = raw.translate(_CLAUSE)
    done: set[int] = set()
    for at in clauses:
        begin = marks.rfind(2, 0, at) + 1
        if begin in done or not ages.WORD_AGE_BEFORE.search(text[begin : at + 1]):
            continue
        done.add(begin)
        end = marks.find(2, at)
        end = len(text) if end < 0 else end
        yield from ages.said(text, begin, end)


def age_word_spaces(text: str) -> list[int]:
    """Where, in ASCII `text`, a space comes before a number in words that ends an age
    ("she's twelve."): the spaces `_NUMBER_AT` finds where `ages.WORD_AGE_END` matches.
    Such a number is a whole word after white space ("sixteen-year-old", "twenty one"), so
    the pattern is tried only where one of those words is."""
    words = ascii_words(text)
    if words is None or words.isdisjoint(_NUMBER_TOKENS):
        return []
    return sorted(
        {
            at - 1
            for word in words & _NUMBER_TOKENS
            for at in occurrences(text, word.decode())
            if at and text[at - 1] in _WHITESPACE and ages.WORD_AGE_END.match(text, at)
        }
    )


def _with_digits(text: str) -> Iterator[Hit]:
    """Every pattern but the email address's (what a text with a digit may hold)."""
    for match in _SSN.finditer(text):
        yield "ssn", *match.span(), "shaped like a US social security number"
    for match in _SSN_CUE.finditer(text):
        yield "ssn", *match.span(match.lastindex or 1), "a US social security number"
    for match in _NINO.finditer(text):
        yield "ni_number", *match.span(), "shaped like a National Insurance number"
    for match in _NINO_CUE.finditer(text):
        yield "ni_number", *match.span(1), "a National Insurance number"
    yield from _nhs(text)
    for match in _RECORD.finditer(text):
        start, end = match.span(1)
        if _not_a_reference(match.group(1)):
            continue  # "Referral sent 14/03/2025", "Referral date 5 Jan", "Incident on 03/07"
        if sum(c.isdigit() for c in match.group(1)) >= 3 or not match.group(1).isdigit():
            yield "reference", start, end, "a record or case number"
    for pattern in (_RECORD_SHAPE, _RECORD_SHAPE_LOWER):
        for match in pattern.finditer(text):
            yield "reference", match.start(), match.end(), "shaped like a case reference"
    for match in _RECORD_BEFORE_CUE.finditer(text):
        yield "reference", *match.span(1), "a record or case number"
    for pattern in (_POSTCODE, _POSTCODE_LOWER):
        for match in pattern.finditer(text):
            yield "postcode", match.start(), match.end(), "a postcode"
    for pattern in (_POSTCODE_CUE, _ZIP_CUE):
        for match in pattern.finditer(text):
            yield "postcode", *match.span(1), "a postcode or ZIP code"
    for pattern in (_BIRTH, _BORN_SHORT):
        for match in pattern.finditer(text):
            yield "date_of_birth", *match.span(1), "a date of birth"
    yield from ages.with_digits(text)
    for match in _ADDRESS.finditer(text):
        yield "address", match.start(), match.end(), "a street address"
    for match in _ADDRESS_FLAT.finditer(text):
        yield "address", match.start(), match.end(), "a street address"
    for match in _ADDRESS_CUE.finditer(text):
        yield "address", *match.span(1), "an address"
    for match in _ADDRESS_LOWER.finditer(text):
        if not _NOT_A_STREET.match(match.group()):
            yield "address", match.start(), match.end(), "a street address"
    for match in _PHONE_CUE.finditer(text):
        yield "phone", *match.span(1), "a phone number or extension"


def _nhs(text: str) -> Iterator[Hit]:
    for match in _TEN_DIGITS.finditer(text):
        digits = "".join(match.groups())
        near_nhs = _NHS_CUE.search(text, max(0, match.start() - 40), match.start()) is not None
        # The check digit raises confidence; the word NHS nearby is enough on its own.
        if near_nhs or _mod11_ok(digits):
            yield "nhs_number", match.start(), match.end(), "an NHS number"


def phones(text: str) -> Iterator[Hit]:
    """Phone numbers, by libphonenumber, for the UK and the US.

    Its lenient matching finds numbers that are only possible, not issued; shapes
    that are really dates, times or short counts are dropped, and so are freephone
    numbers (0800, 0808, 1-800): helplines and services, which identify nobody.
    """
    if text.isascii():
        ascii_text = text.encode("ascii")
        if len(ascii_text) - len(ascii_text.translate(None, _DIGITS)) < 7:
            return
    elif sum(c.isdigit() for c in text) < 7:
        return
    import phonenumbers

    seen: set[tuple[int, int]] = set()
    for region in ("GB", "US"):
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.POSSIBLE
        )
        for match in matcher:
            raw = match.raw_string
            digits = sum(c.isdigit() for c in raw)
            if digits < 10 or _DATE_LIKE.match(raw) or (match.start, match.end) in seen:
                continue
            if phonenumbers.number_type(match.number) == phonenumbers.PhoneNumberType.TOLL_FREE:
                continue  # "Refuge helpline 0808 2000 247": a service's free line, nobody's own
            seen.add((match.start, match.end))
            yield "phone", match.start, match.end, "a phone number"
