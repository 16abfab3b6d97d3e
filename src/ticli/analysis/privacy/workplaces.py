"""Named schools, homes and workplaces: "Hillside Academy", "placed at Hollybrook House",
"HMP Styal", "works at Dobson's Garage". Pure.

A school or a small workplace narrows a person down to a few hundred people, often far
fewer; with an age or a first name it can identify them. Not flagged: a generic one ("the
high school", "Youth Centre", "Sunday School"), a chain that employs thousands ("a job at
Primark"), wards and hospitals (most often the practitioner's own workplace: put yours on
the watch list), and anything on the allow list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticli.analysis.privacy.words import is_word, never

Hit = tuple[str, int, int, str]
WHY = "a named school or workplace"

_NAME = r"(?:(?:St\.?|Saint)\s+)?[A-Z][a-z']+(?:[ -][A-Z][a-z']+)?"
#: Words that end the name of a school, a ward, a hospital or a home on their own.
_STRONG = re.compile(
    rf"\b({_NAME})\s+(?:(?:C of E|CofE|CE|RC)\s+)?(?:Primary|Secondary|Academy|High|School|"
    r"College|Infants|Juniors|"
    r"Nursery|Hostel|Prison|Sixth\s+Form|Elementary|Middle|Prep|PRU|UTC)\b"
)
#: Words that end the name of a place someone lives or works only after "at", "to".
_WEAK = re.compile(
    r"\b(?:at|in|to|from|into|placed|moved|lives|living|stays|staying)\s+(?:the\s+)?"
    rf"({_NAME})\s+(?:House|Lodge|Court|Hall|Centre|Center|Unit|Clinic|Home|Manor|Grange)\b"
)
_PRISON = re.compile(r"\b(?:HMP|HMYOI|HMP/YOI)\s+[A-Z][a-z]+")
#: A job, or work done at a place: "works at", "works nights at", "cashier at", "driver for".
_JOB = (
    r"(?<![\w-])(?i:(?:(?:works|working|worked|work|job|shifts?|employed|apprenticeship|"
    r"placement|volunteers|volunteering|started)\s+(?:at|for|with))|(?:(?:works|working|"
    r"worked|does|doing|did)\s+(?:nights|days|weekends|lates|earlies|the\s+(?:bar|tills?|door|"
    r"kitchen|counter|[a-z]+\s+shift))\s+at)|(?:(?:cashier|barista|porter|cleaner|driver|lead|"
    r"apprentice|security|nurse|assistant|manager|supervisor|waiter|waitress|chef|cook|"
    r"receptionist|bartender|labourer|mechanic|shelves|hca|form|pupil|student)\s+(?:at|for)))"
    r"\s+(?:(?i:the)\s+)?"
)
_WORKS = re.compile(_JOB + r"([A-Z][\w'&-]+(?:\s+[A-Z][\w'&-]+)?)")
#: Work at a place named only by its street: "at the car wash on Selby Road".
_WORKS_ON = re.compile(
    r"(?:" + _JOB + r"(?:[a-z]+\s+){1,2}|\b(?:pupil\s+referral\s+unit|primary|school|nursery|"
    r"academy|college|pru)\s+)(?:on|in|off)\s+(?:[A-Z][a-z]+\s+)+(?:Road|Street|Lane|Avenue|"
    r"Way|Drive|Parade|Retail\s+Park|Industrial\s+Estate)\b"
)
#: What _WORKS_ON always holds: a street's word (most texts have none: the pattern, tried
#: at every " on " or " in ", is then not tried at all).
_STREET = re.compile(r"(?:Road|Street|Lane|Avenue|Way|Drive|Parade|Park|Estate)\b")
#: A chain's branch, named by where it is: "Greggs in Headingley", "the Asda on Dewsbury Road".
_BRANCH = re.compile(
    r"(?:\s+(?:warehouse|depot|garage|store|branch|superstore|shop|site|services|express|"
    r"extra|distribution\s+centre))?\s+(?:in|on|at|by)\s+(?:the\s+)?([A-Z][a-z]+)"
    r"(?:\s+[A-Z][a-z]+)?"
)
_NEEDS = [
    (_STRONG, frozenset({"Primary", "Secondary", "Academy", "High", "School", "College",
                         "Infants", "Juniors", "Nursery", "Hostel", "Prison", "Sixth",
                         "Elementary", "Middle", "Prep", "PRU", "UTC"})),
    (_WEAK, frozenset({"House", "Lodge", "Court", "Hall", "Centre", "Center", "Unit",
                       "Clinic", "Home", "Manor", "Grange"})),
    (_WORKS, frozenset({"work"})),
]  # fmt: skip
_CAPITALISED = re.compile(r"[A-Z][a-zA-Z]+")
_SUFFIX = re.compile(
    r"Primary|Secondary|Academy|High|School|College|Infants|Juniors|Nursery|Hostel|Prison|"
    r"Elementary|Middle|Prep|PRU|UTC|"
    r"Sixth|House|Lodge|Court|Hall|Centre|Center|Unit|Clinic|Home|Manor|Grange"
)
#: What _WORKS always holds: a capital after "at", "for" or "with".
_AT_CAPITAL = re.compile(r" (?:at|for|with) (?:the )?[A-Z]")
#: First words that make the name a kind of place, not one place.
GENERIC = frozenset({
    "the", "a", "an", "our", "my", "his", "her", "their", "your", "this", "that", "its",
    "local", "new", "old", "main", "big", "little", "high", "primary", "secondary", "special",
    "junior", "infant", "infants", "grammar", "boarding", "free", "faith", "catholic",
    "church", "crown", "magistrates", "magistrates'", "general", "royal", "mental",
    "psychiatric", "private", "public", "state", "comprehensive", "independent", "sixth",
    "form", "secure", "acute", "assessment", "respite", "care", "nursing", "residential",
    "children", "children's", "mother", "baby", "maternity", "adult", "adolescent",
    "inpatient", "outpatient", "forensic", "rehab", "detox", "recovery", "drop", "women's",
    "men's", "youth", "community", "day", "job", "health", "family", "medical", "leisure",
    "sports", "village", "town", "city", "county", "district", "borough", "parish", "civic",
    "market", "bus", "train", "police", "fire", "ambulance", "walk", "urgent", "treatment",
    "minor", "citizens", "food", "play", "art", "music", "drama", "dance", "summer",
    "holiday", "night", "weekend", "evening", "morning", "after", "breakfast", "half",
    "term", "year", "parents", "open", "staff", "head", "deputy", "upper", "lower", "middle",
    "pupil", "referral", "alternative", "foster", "group", "supported", "housing",
    "emergency", "crisis", "safe", "halfway", "bail", "approved", "probation", "nhs",
    "university", "dental", "eye", "cottage", "teaching", "specialist", "elderly", "older",
    "young", "student", "support", "learning", "education", "training", "further", "higher",
    "home", "school", "college", "hospital", "ward", "surgery", "prison", "nursery",
    "medium", "low", "stepdown", "step", "short", "long", "stay", "pru", "send", "sen",
    "mainstream", "nearest", "same", "other", "next", "first", "last", "every",
    "any", "no", "all", "each", "which", "what", "whose", "some", "one", "two", "both",
    "he", "she", "they", "we", "i", "you", "it", "at", "in", "on", "to", "from", "for",
    "team", "service", "council", "trust", "bank", "office", "work", "works", "shift",
    "agency", "zoom", "teams", "house", "online", "remote", "site", "end", "part",
    "full", "overtime", "nights", "days", "weekends", "lates", "earlies", "mum",
    "dad", "mums", "dads", "gran", "nan", "uncle", "aunt", "auntie", "virtual",
})  # fmt: skip


#: A school in lower case, as quick notes write it: "goes to oakhurst primary", "at
#: garfield high" (its first word no dictionary word: not "pretty high", "the academy").
_LOWER_SUFFIX = re.compile(r" (?:primary|academy|elementary|high|secondary)\b")
_LOWER_SCHOOL = re.compile(r"\b([a-z]{3,})\s+(?:primary|academy|elementary|high|secondary)\b")


def workplaces(text: str, allowed: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """The named schools, wards and workplaces in normalised `text`."""
    schools = _LOWER_SCHOOL.finditer(text) if _LOWER_SUFFIX.search(text) else iter(())
    for match in schools:
        first = match.group(1)
        if not is_word(first) and not never(first) and first not in allowed:
            yield "workplace", match.start(), match.end(), WHY
    if (" on " in text or " in " in text or " off " in text) and _STREET.search(text):
        for match in _WORKS_ON.finditer(text):
            yield "workplace", match.start(), match.end(), WHY
    if "HM" in text:
        for match in _PRISON.finditer(text):
            yield "workplace", match.start(), match.end(), WHY
    there = set(_CAPITALISED.findall(text)) if _SUFFIX.search(text) is not None else set()
    if (" at " in text or " for " in text or " with " in text) and _AT_CAPITAL.search(text):
        there.add("work")
    for pattern, needs in _NEEDS:
        if needs.isdisjoint(there):
            continue  # quick: most texts name no school and no workplace
        for match in pattern.finditer(text):
            words = match.group(1).replace("-", " ").split()
            first = (
                words[0].lower().rstrip(".").removesuffix("'s").rstrip("'")
            )  # "Wendy's", "Dunkin'"
            if first in ("st", "saint") and len(words) > 1:
                first = words[1].lower()
            if never(first):
                branch = _BRANCH.match(text, match.end()) if pattern is _WORKS else None
                if branch and not never(branch.group(1).lower().removesuffix("s")):
                    yield "workplace", match.start(1), branch.end(), WHY  # "Greggs in Leeds"
                continue  # "Sunday School"; "a Saturday job at Primark": a chain employs thousands
            if first in GENERIC or any(w.lower().removesuffix("'s") in allowed for w in words):
                continue
            start = match.start(1) if pattern is not _STRONG else match.start()
            yield "workplace", start, match.end(), WHY
