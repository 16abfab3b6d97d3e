"""Exact ages in reflective writing: "aged 34", "she's 16", "a 15 y/o", "16F". Pure.

Where the line is drawn: one person's exact age is flagged; a range ("aged 11-14", "12 or
13"), a decade ("in her forties") or a stage ("a teenager") is not, nor a number that is
something else ("is 3 out of 5", "clean 2 yrs", "she's 5'2", "turned 180 on the idea").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Hit = tuple[str, int, int, str]
WHY = "an exact age"

_NUMBER_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_AGE_NUMBER = rf"(?:\d{{1,3}}|{_NUMBER_WORDS})"
#: Who an age can belong to, in lower case: pronouns, roles, relations.
PEOPLE = frozenset({
    "he", "she", "they", "i", "you", "who", "client", "caller", "patient", "pt", "person",
    "child", "kid", "baby", "son", "daughter", "boy", "girl", "man", "woman", "gent", "lady",
    "teen", "teenager", "mum", "mom", "dad", "mother", "father", "parent", "brother", "sister",
    "sibling", "nan", "nana", "gran", "granny", "grandma", "grandad", "grandpa", "grandmother",
    "grandfather", "aunt", "uncle", "cousin", "husband", "wife", "partner", "boyfriend",
    "girlfriend", "youngest", "eldest", "oldest", "twin", "twins", "member", "mentee", "pupil",
    "student", "resident", "tenant", "neighbour", "neighbor", "carer", "victim", "lad", "lass",
    "yp", "cyp", "grandson", "granddaughter", "nephew", "niece", "toddler", "infant",
    "youngster", "stepson", "stepdaughter", "stepdad", "stepmum", "fella", "bloke", "guy",
    "one", "user"
})  # fmt: skip
#: Written without their apostrophe in quick notes ("shes 15"), or shorthand for a young
#: person ("yp 14"): these need no "is" before the age.
_NO_VERB = frozenset({"hes", "shes", "whos", "im", "theyre", "yp", "cyp"})
_TURN = frozenset({"turned", "turns", "turning", "turn"})
_SINCE = frozenset({"since", "after", "before", "when", "until", "till", "on"})
_JUST = frozenset({"just", "only", "recently", "finally", "nearly", "almost", "now"})
#: Capitalised words that are never whose age it is ("Score is 4", "Session 6, ...").
_NOT_WHO = frozenset({
    "it", "that", "this", "there", "here", "what", "which", "today", "tonight", "everything",
    "nothing", "something", "energy", "mood", "capacity", "score", "rating", "room", "session",
    "week", "day", "time", "number", "total", "group", "caseload", "attendance", "turnout", "count",
    "ratio", "level", "temperature", "temp", "weight", "bmi", "phq", "gad", "scale", "wait"
})  # fmt: skip
_DETERMINERS = frozenset({"the", "a", "an", "my", "his", "her", "their", "our", "this", "that"})
#: What may follow an exact age (so "is 3 out of 5" or "was 12 minutes" is not one).
_AGE_END = (
    r"(?=\s*(?:[,.;:!?)\]\"'&-]|$)|\s+(?:and|but|so|now|n|next|last|this|in|on|with|until|not|"
    r"when|already|yet|tomorrow|today|soon|going|or|though|too|either|yrs?|years?|y/o|yo|"
    r"since|living|from|who|whose|at\s+the\s+time)\b)"
)
_AUX = r"'s|'m|'re|'d|'ll|\s+(?:is|was|am|are|were|will|would|has|had)"
_MODS = (
    r"(?:\s+(?:only|just|now|nearly|almost|barely|already|still|about|maybe|probably|be|"
    r"turned|turning|turns|turn))*"
)
#: "she's 34", "is 16", "turned 52", "he'll be 18", "shes 15", "jade is 15", "Turned 18 on"
SAID = re.compile(
    rf"\b(?P<who>[A-Za-z]+)(?P<aux>{_AUX})?(?P<mods>{_MODS})\s+(?P<n>{_AGE_NUMBER})"
    rf"(?:\s+now)?{_AGE_END}"
)
#: "Mother, 38,", "Teen (16)", "Caller (f, 24)", "Mrs Hill, now 88,", "(now 61)"
_APART = re.compile(
    r"\b(?P<who>[A-Za-z]+)\s*(?:,\s*(?:now\s+|aged\s+)?|\(\s*(?:(?i:[mf])\s*[,/]\s*|now\s+|aged\s+)?)"
    r"(?P<n>\d{1,3})(?:\s*[,)]|(?=\s+(?:last|next|this)\s+(?:week|month|year)\b))"
)
PATTERNS = [
    # "aged 15", "age: 15", "Aged sixteen", not "aged 11 to 14"
    re.compile(
        rf"\b(?:aged?\s*[:=\-]?|age\s+(?:as|is|was|of))\s*(?:(?:just|only|nearly|almost)\s+)?"
        rf"({_AGE_NUMBER})\b(?!\s*(?:-|to)\s*\d)",
        re.IGNORECASE,
    ),
    # "15 years old", "sixteen-year-old", "9 months old", "15 years of age"
    re.compile(
        rf"(?<![\d-])\b{_AGE_NUMBER}[- ](?:years?|yrs?|months?|weeks?)[- ](?:old|of\s+age)\b",
        re.IGNORECASE,
    ),
    # "a 15 y/o", "34yo", "67 y.o.", "(15y)"
    re.compile(
        r"(?<![\d-])\b\d{1,3}\s*(?:y/?o|y\.o\.?|yrs?\s+old|y(?=\)))(?![\w/])", re.IGNORECASE
    ),
    # "a lad of 15"
    re.compile(
        r"\b(?:lad|lass|boy|girl|child|kid|man|woman|teen|teenager|son|daughter|youngster|"
        r"lady|gent|gentleman|chap|fella|bloke|"
        rf"young\s+(?:man|woman|person|lad))\s+of\s+\d{{1,2}}\b{_AGE_END}",
        re.IGNORECASE,
    ),
    # "now 88 and", "Now 70, he", "At 90 she"
    re.compile(
        r"\b(?:now|at)\s+(\d{1,3}),?\s+(?:he|she|they|I)\b|\bnow\s+(\d{1,3})\s+and\b"
        r"|^\s*now\s+(\d{1,3}),",
        re.IGNORECASE,
    ),
    # "her 18th birthday"
    re.compile(
        r"\b\d{1,3}(?:st|nd|rd|th)\s+(?:birthday|bday|b-day)\b"
        r"|\b(?:his|her|their)\s+\d{2}(?:st|nd|rd|th)(?=\s+(?:in|at|on|was|party)\b|[.,;!]|$)",
        re.IGNORECASE,
    ),
    # "16F", "17 M", and "M 17", "caller f 24" at the start or after a role
    re.compile(r"(?<![\w£$.'/-])\d{1,2}\s?[MF](?![\w'&])"),
    # in lower case only where a note starts, or after a role, with a comma after it
    re.compile(
        r"(?:^|\b(?:caller|client|pt|yp|cyp|patient)\s+)\d{1,2}\s?[mf],"
        r"(?!\s*(?:then|and|a|of|in|on|break|session|call|chat|walk|drive)\b)",
        re.MULTILINE,
    ),
    re.compile(
        r"(?:^|\b(?:caller|client|pt|yp|cyp|patient)\b)\s*[:,-]?\s*(?i:[mf])(?:\s*[,/]\s*|\s+)"
        r"\d{1,2}(?![\w:.%/]|\.\d)",
        re.MULTILINE,
    ),
    # "16 herself", "only 15 himself": said of the person it is
    re.compile(r"(?<![\d.,-])\b\d{1,2}\s+(?:herself|himself|themselves|themself)\b", re.IGNORECASE),
    # "y/o 16", "y.o. 72": the shorthand before the number
    re.compile(r"(?<![\w/])y(?:/|\.)o\.?\s*\d{1,3}(?![\w/.])", re.IGNORECASE),
    # "(14) lad from the estate", "(81) lady": the age in brackets before who it is
    re.compile(
        r"\(\s*\d{1,2}\s*\)\s*(?:lad|lass|boy|girl|man|woman|gent|lady|teen|youngster|"
        r"kid|child|mum|dad|yp)\b",
        re.IGNORECASE,
    ),
    # "dad 62 & recently diagnosed", "mum 45, dad 50": a relation, its age, and more
    re.compile(
        r"\b(?:mum|mom|mam|dad|mother|father|nan|gran|grandma|grandad|husband|wife|partner|"
        r"brother|sister|boyfriend|girlfriend|stepdad|stepmum)\s+[1-9]\d(?=\s*(?:&|,|\+)"
        r"|\s+and\b)",
        re.IGNORECASE,
    ),
    # "18 next week, transition meeting": a note that opens with the age someone turns
    re.compile(
        r"^\s*(?:1[3-9]|[2-9]\d)\s+(?:next|last)\s+(?:week|month|year|birthday)\b",
        re.IGNORECASE | re.MULTILINE,
    ),
]
#: "12 yrs" with no "old": an age unless it is how long something lasted ("clean 2 yrs").
_YRS = re.compile(r"(?<![\d-])\b\d{1,3}\s*yrs?(?![\w/]|\s+old)", re.IGNORECASE)
#: What comes before "12 yrs" when it is someone's age: "a 12 yrs", "she's 12 yrs", "(12 yrs".
_YRS_BEFORE = frozenset({"a", "is", "was", "aged", "age", "now", "only", "just", "nearly",
                         "almost", "approx", "hes", "shes"})  # fmt: skip
#: The patterns that can match with no digit in the text (a number written in words).
WORD_PATTERNS = [PATTERNS[0], PATTERNS[1]]
#: What a pattern's match always holds, found in the text in lower case: where it is not
#: there, the pattern is not run (most texts hold none, and long ones are slow to scan).
_NEEDS: dict[re.Pattern[str], re.Pattern[str]] = {
    PATTERNS[0]: re.compile(r"age(?<![a-z]age)"),  # "age" first: a quick search
    PATTERNS[1]: re.compile(r"(?:year|yr|month|week)s?[- ](?:old|of)"),
    PATTERNS[3]: re.compile(r" of \d"),
    PATTERNS[4]: re.compile(r"(?:now|at),? \d"),
    PATTERNS[5]: re.compile(r"b(?:irth|-)?day|(?:his|her|their) \d\d(?:st|nd|rd|th)"),
    PATTERNS[8]: re.compile(r"^[mf]|\n[mf]|caller|client|pt|yp|patient"),
}
_RANGE_AFTER = re.compile(r"\s*(?:-|to|or)\s*\d")
#: What comes before an age in words: see SAID.
WORD_AGE_BEFORE = re.compile(
    rf"(?:'s|'m|'re|'d|'ll|\b(?:is|was|am|are|were|will|would|has|had|turned|turns|turning|"
    rf"be|hes|shes|whos|im|theyre|yp|cyp)){_MODS}\s+$",
    re.IGNORECASE,
)
WORD_AGE_END = re.compile(rf"{_NUMBER_WORDS}(?:\s+now)?{_AGE_END}")


def ages(text: str, patterns: list[re.Pattern[str]]) -> Iterator[Hit]:
    """The exact ages `patterns` find in `text`, ranges left out."""
    low = text.lower()
    for pattern in patterns:
        needs = _NEEDS.get(pattern)
        if needs is not None and needs.search(low) is None:
            continue  # quick: what the pattern needs is not there
        for match in pattern.finditer(text):
            if not _RANGE_AFTER.match(text, match.end()) and _plausible(match.group()):
                yield "age", match.start(), match.end(), WHY


def with_digits(text: str) -> Iterator[Hit]:
    """Every age in a text that holds a digit."""
    yield from ages(text, PATTERNS)
    yield from said(text, 0, len(text))
    for match in _APART.finditer(text):
        n = int(match.group("n"))
        if n <= 120 and _whose(text, match, True) and not _RANGE_AFTER.match(text, match.end()):
            yield "age", match.start(), match.end(), WHY
    for match in _YRS.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()].split()
        last = before[-1] if before else ""
        low = last.lower().strip("(,:")
        if not low or last[-1] in "(,:" or low in _YRS_BEFORE or low in PEOPLE or low[-2:] == "'s":
            yield "age", match.start(), match.end(), WHY


def said(text: str, begin: int, end: int) -> Iterator[Hit]:
    """ "She's 34", "jade is 15", "Turned 18 on Sunday": SAID between begin and end."""
    for match in SAID.finditer(text, begin):
        if match.start() >= end:
            break
        n = match.group("n")
        if n.isdigit() and (int(n) > 120 or text[match.end() : match.end() + 2][:1] == "'"):
            continue  # "turned 180 on it", "she's 5'2"
        if _RANGE_AFTER.match(text, match.end()) or not _says_age(text, match):
            continue
        yield "age", match.start(), match.end(), WHY


def _plausible(found: str) -> bool:
    digits = "".join(c for c in found if c.isdigit())
    return not digits or int(digits[:3]) <= 120


def _says_age(text: str, match: re.Match[str]) -> bool:
    """Whether SAID's match is someone's age: a person, and a verb that gives one."""
    who = match.group("who")
    low = who.lower()
    turn = any(w in _TURN for w in match.group("mods").split())
    if low in ("gonna", "wanna") and "be" in match.group("mods").split():
        return True  # "gonna be 18 in march"
    if match.group("aux") is None and not turn:
        if low in _TURN or low in _NO_VERB:
            return True  # "Turned 18 on Sunday", "turns 18 next month", "shes 15"
        return low in ("is", "was") and _starts(text, match.start())  # "is 16 in March"
    if turn and low in _JUST and _starts(text, match.start()):
        return True  # "just turned ten and already talking about moving out"
    if turn and low in _SINCE:
        return True  # "since turning 40 in the spring"
    if low in ("and", "but") and match.group("aux") and "now" in match.group("mods").split():
        said_of = re.split(r"[.!?;\n]", text[: match.start()])[-1].lower().split()
        return any(w in PEOPLE for w in said_of)  # "she had her first baby at 15 and is now 17"
    return low in _NO_VERB or _whose(text, match, strict=False)


def _whose(text: str, match: re.Match[str], strict: bool) -> bool:
    """Whether the word before an age names a person: a role, a pronoun, a name."""
    from ticli.analysis.privacy.words import first_names, is_word, surnames

    who = match.group("who")
    low = who.lower()
    if low in PEOPLE:
        return True
    if low in _NOT_WHO:
        return False
    capital = who[0].isupper() and not who.isupper()
    before = text[max(0, match.start() - 12) : match.start()].split()
    if capital:
        if who in first_names() or who in surnames() or not is_word(who):
            return True
        return not strict and not _starts(text, match.start())  # "I think Tash is 15"
    # "jade is 15" in quick notes, but not "the jade is 15"
    if who in ("max", "min"):
        return False  # "recommended max is 20": in lower case, a limit
    # "jade is 15", "destiny, 19, wants to go back to college"; not "the jade is 15"
    return who.capitalize() in first_names() and (
        not before or before[-1].lower() not in _DETERMINERS
    )


def _starts(text: str, start: int) -> bool:
    kept = text[:start].rstrip(" \t\"'(")
    return not kept or kept[-1] in ".!?:;\n-*"
