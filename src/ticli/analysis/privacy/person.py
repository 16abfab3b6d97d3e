"""First names that are also words, read as names by what is said of them. Pure.

"May asked", "Hope was in tears", "Chase was suspended", "June's landlord", "Summer lost
her cards", "Rose from the Tuesday group rang": a month, a virtue or a season on the
first-name list is a person when it opens a sentence (or a clause) and what follows is
only ever said of people: a verb of speech, a state or a sanction only a person is in
("in tears", "excluded", "refusing"), a past verb with "her" or "his" after it, or a
relation it owns ("sister", "landlord"). `names` leaves such words alone unless a cue
before them says a person; this reads the words after them.

A first name and a surname opening a sentence, with a verb said of a person after them,
are a name even where the surname is also a word ("Shayla Begay missed two sessions");
each is its own finding, as `names` finds them.

A word in lower case that no list holds and no dictionary has (nor two words run together,
nor shorthand with fewer than two vowels: "mhst", "checklist") is a name where only a
person can stand: after "spoke w", "sat with"; owning a relation ("oksana's interpreter");
or before a verb of speech or a person's state ("hodan was dissociating").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ticli.analysis.privacy.cues import _PLACE_AFTER, _SPEAKS, RELATION, STARTS_PERSON
from ticli.analysis.privacy.words import (
    ascii_words,
    first_names,
    is_word,
    never,
    occurrences,
    places,
    surnames,
)

Hit = tuple[str, int, int, str]

#: Given names that are also words, missing from Faker's lists (read only with a cue after).
WORD_NAMES = frozenset({
    "Honor", "Honour", "Honey", "Wren", "Sage", "Clay", "Storm", "Sky", "Ebony", "Reed",
    "River", "Indigo", "Raven", "Willow", "Journey", "Story", "Bliss", "Blue", "Haven",
})  # fmt: skip
#: First names that are words a note about work opens with, said of things as often.
_THINGS = frozenset({
    "case", "art", "bill", "job", "line", "page", "chance", "justice", "cash", "general",
    "major", "minor", "judge", "doctor", "captain", "king", "queen", "baby", "sister", "son",
    "angel", "darling", "early", "young", "little", "long", "true", "rich", "free", "royal",
    "noble", "golden", "silver", "green", "brown", "red", "gray", "grey", "court", "star",
})  # fmt: skip
_ADVERB = r"(?:(?:finally|just|then|also|really|eventually|suddenly|still|again|now|never)\s+)?"
_SAYS = (
    r"(?:said|says|asked|asks|told|tells|agreed|refused|refuses|disclosed|admitted|cried"
    r"|rang|phoned|texted|emailed|messaged|shouted|screamed|swore|laughed|smiled|reckons)"
)
_STATE = (
    r"(?:in\s+tears|pregnant|suspended|excluded|expelled|arrested|sectioned|discharged"
    r"|fostered|adopted|refusing|settling|crying|pacing|dissociating|self-harming|tearful"
    r"|inconsolable|struggling|attending|absent|off\s+school|in\s+care|worried|anxious|scared"
    r"|homeless|sleeping\s+rough)"
)
_PAST_HER = r"(?:lost|found|got|kept|left|took|brought|showed|told|gave|made|did|wore|had)"
_AFTER = re.compile(
    rf"""(?:'s\s+(?P<owns>[a-z]+)
    |\s+{_ADVERB}{_SAYS}\b
    |\s+(?:is|was|has\s+been|had\s+been|seems|seemed)\s+{_ADVERB}{_STATE}\b
    |\s+{_ADVERB}{_PAST_HER}\s+(?:her|his|their)\b
    |\s+from\s+(?:the\s+)?(?:[\w'-]+\s+){{0,3}}?{_ADVERB}{_SAYS}\b)""",
    re.VERBOSE,
)
#: Months that are also first names: words `never` holds, read here all the same.
_MONTHS = frozenset({"april", "may", "june", "july", "august"})
#: (The lookbehind comes after the capital, so that the search skips from capital to capital.)
_CANDIDATE = re.compile(r"([A-Z](?<![\w'-][A-Z])[a-z]+)(?=['\s])")
#: Words a clause may open with before the name: "and May asked", "but Hope was in tears".
_OPENS_CLAUSE = re.compile(r"(?:^|[.!?:;\n(\"-]|\b(?:and|but|because|when|so|then))[\s\"']*$")
WHY = "a first name that is also a word, with something said of a person after it"


def word_names(text: str, allowed: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """The first names in normalised `text` that are also words, read by what follows."""
    first = first_names()
    for match in _CANDIDATE.finditer(text):
        word = match.group(1)
        low = word.lower()
        if (word not in first and word not in WORD_NAMES) or low in allowed:
            continue
        if never(low) and low not in _MONTHS:  # "Nan rang", "Mum's house": family words
            continue
        if low in _THINGS:  # "Case was discharged", "Art was engaging": work, not people
            continue
        after = _AFTER.match(text, match.end())
        if after is None:
            continue
        owns = after.group("owns")
        if owns is not None and owns not in RELATION:
            continue
        if _OPENS_CLAUSE.search(text, max(0, match.start() - 12), match.start()):
            yield ("name", match.start(), match.end(), WHY)
    yield from full_names(text, allowed)


#: Two capitalised words opening a sentence, then a verb said of a person or a relation
#: they own: "Wei Ling said", "Shayla Begay missed two sessions", "May Lin's parents".
_FULL = re.compile(r"([A-Z](?<![\w'-].)[a-z]+) ([A-Z][a-z]+)(?:'s\s+([a-z]+)|\s+([a-z']+))")
FULL_WHY = "a first name and a surname, with something said of a person after them"


def full_names(text: str, allowed: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """A full name opening a sentence, read by what follows it. The first word is a first
    name or no dictionary word, neither is a place or a word never a name ("Ward",
    "Street"), and a verb of speech, a state or a relation follows."""
    for match in _FULL.finditer(text):
        given, family, owns, verb = match.groups()
        if not _OPENS_CLAUSE.search(text, max(0, match.start() - 12), match.start()):
            continue
        if owns is not None and owns not in RELATION | {"parents"}:
            continue
        if verb is not None and verb not in _SPEAKS and verb not in STARTS_PERSON:
            continue
        where = places()
        if given in where or family in where or family.lower() in _PLACE_AFTER:
            continue
        if {given.lower(), family.lower()} & allowed or never(family.lower()):
            continue
        if never(given.lower()) and given.lower() not in _MONTHS:
            continue
        low = family.lower()
        worded = is_word(low) and family not in surnames()
        if worded and (low.endswith(("s", "ed")) or is_word(given)):
            continue  # "Microsoft Teams kept crashing", "Man United lost", "Golden Hour is"
        if given not in first_names() and family in first_names():
            continue  # "Afterwards Kayleigh stayed quiet": the name is the second word
        if given in first_names() or not (is_word(given) or _compound(given.lower())):
            # each word a finding of its own, as `names` finds them ("Priya", "Raman")
            yield ("name", match.start(1), match.end(1), _why_part(given, first_names()))
            yield ("name", match.start(2), match.end(2), _why_part(family, surnames()))


def _why_part(word: str, listed: frozenset[str]) -> str:
    if word in listed:
        return "looks like a first name" if listed is first_names() else "looks like a surname"
    return FULL_WHY


_LOWER_CUES = r"(?:spoke|talked|chatted|sat|met|worked)\s+(?:w/?|with|to)"
#: A word in lower case no list holds, where only a person can stand: "saw eilidh", "spoke
#: w temitope", "oksana's interpreter", "hodan was dissociating".
#: (The lookbehind and a lower-case letter are tested once for the three, and the words
#: are possessive, `{3,}+`: giving letters back could never let what follows match, and
#: trying took most of the guard's time.)
_LOWER = re.compile(
    rf"""(?<![\w'-])(?=[a-z])(?:(?:{_LOWER_CUES})\s+(?P<met>[a-z][a-z'-]{{3,}})(?![\w-])
    |(?P<owner>[a-z][a-z-]{{3,}}+)'s\s+(?P<owns>[a-z]+)
    |(?P<subject>[a-z][a-z-]{{3,}}+)\s++(?:(?:is|was)\s+{_ADVERB}{_STATE}|{_ADVERB}{_SAYS})\b)""",
    re.VERBOSE,
)


@cache
def first_lows() -> frozenset[str]:
    """The first names in lower case (`lower` reads those)."""
    return frozenset(name.lower() for name in first_names())


def _compound(word: str) -> bool:
    """Two dictionary words of three letters or more run together ("checklist")."""
    return any(is_word(word[:n]) and is_word(word[n:]) for n in range(3, len(word) - 2))


#: The relations and workers a person has ("oksana's interpreter"), not their things.
_PEOPLE = RELATION - {"house", "room", "school", "phone", "bike", "behaviour", "attendance",
                      "meeting", "review", "plan", "appt", "appointment", "placement", "dog",
                      "case", "key", "family", "kids"}  # fmt: skip
LOWER_WHY = "a word on no list, in lower case, where only a person can stand"


def _words_of(pattern: str) -> frozenset[bytes]:
    return frozenset(w.encode() for w in re.findall(r"[a-z]+", pattern) if w not in {"s", "w"})


#: The words `_LOWER` starts at ("spoke w/ ..."), and those a subject's words are read by:
#: a verb of speech, maybe after an adverb ("finally said"), or "is"/"was" and a state that
#: ends with one of `_STATE_ENDS` ("was in tears").
_CUE_WORDS = _words_of(_LOWER_CUES.split(r"\s")[0])
_SAYS_WORDS = _words_of(_SAYS)
_ADVERBS = _words_of(_ADVERB)
_STATE_ENDS = frozenset(
    w.encode()
    for alternative in _STATE[3:-1].split("|")
    for w in re.findall(r"[a-z]+", alternative)[-1:]
)
_RUN = frozenset("abcdefghijklmnopqrstuvwxyz-")


def _lower_matches(text: str) -> Iterator[re.Match[str]]:
    """What `_LOWER.finditer(text)` finds, quickly: in an ASCII text, `_LOWER` is tried only
    where it could match (where a cue word, a possessive or a subject's verb is), in order,
    never inside a match found before."""
    words = ascii_words(text)
    if words is None:
        yield from _LOWER.finditer(text)
        return
    starts = [at for cue in words & _CUE_WORDS for at in occurrences(text, cue.decode())]
    at = text.find("'s")
    while at != -1:  # "oksana's interpreter": the word before it
        starts.append(_run_start(text, at))
        at = text.find("'s", at + 1)
    # "jo said", "jo finally said": the word before the verb, or before its adverb
    for word in words & _SAYS_WORDS:
        for verb in occurrences(text, word.decode()):
            before = _word_before(text, verb)
            if before is not None:
                starts.append(before)
                if text[before : _space_before(text, verb)].encode() in _ADVERBS:
                    adverb = _word_before(text, before)
                    if adverb is not None:
                        starts.append(adverb)
    if not words.isdisjoint(_STATE_ENDS):  # "hodan was dissociating": the word before "was"
        for word in words & {b"is", b"was"}:
            for verb in occurrences(text, word.decode()):
                before = _word_before(text, verb)
                if before is not None:
                    starts.append(before)
    end = 0
    for start in sorted(set(starts)):
        if start >= end and (match := _LOWER.match(text, start)) is not None:
            end = match.end()
            yield match


def _space_before(text: str, at: int) -> int:
    """Where the white space that ends at `at` starts (`at` when there is none)."""
    while at and text[at - 1].isspace():
        at -= 1
    return at


def _word_before(text: str, at: int) -> int | None:
    """Where the run of lower-case letters and dashes before the white space before `at`
    starts; None when no white space comes before `at`."""
    space = _space_before(text, at)
    return _run_start(text, space) if space < at else None


def _run_start(text: str, end: int) -> int:
    """Where the run of lower-case letters and dashes that ends at `end` starts."""
    start = end
    while start and text[start - 1] in _RUN:
        start -= 1
    return start


def unlisted_lower(text: str, allowed: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """Names in lower case that no list holds, read by a cue only a person has."""
    for match in _lower_matches(text):
        group = "met" if match.group("met") else "owner" if match.group("owner") else "subject"
        word = match.group(group)
        if group == "owner" and match.group("owns") not in _PEOPLE:
            continue
        if sum(c in "aeiou" for c in word) < 2:  # "mhst", "cahms": shorthand for a service
            continue
        if word in allowed or is_word(word) or never(word) or word in first_lows():
            continue
        if _compound(word):  # "checklist said": two words run together, a thing
            continue
        yield ("name", match.start(group), match.end(group), LOWER_WHY)
