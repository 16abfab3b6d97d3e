"""Whether a capitalised word names a person, a thing or a place, by the words around it.
Pure.

A capitalised word in mid-sentence that is on no name list and in no dictionary is most
often a name the lists lack ("Tendai", "Lerato"), but brands, games, shops and small
places are written the same way ("Warhammer", "Lakeview", "Maccies in town"). Without a
cue about a person, `names` reads such a word as a thing when:
- it has a capital inside ("FaceTime"), unless a surname is spelt so ("McAllister"); or
- it is two dictionary words run together ("Warhammer", "Lakeview", "Pinecrest",
  "Bridgewater"): few names the lists lack are built so (about 2 in 100 of those they
  hold), and a cue ("Mrs", "said", a possessive) still makes one a name; or
- a word that places it comes just before: "at", "in", "into", "near", "outside", "round",
  "playing", "watching" ("lunch at Maccies", "plays Valorant"), unless a verb said to a
  person comes before "at" ("shouted at Ikram").

The other way round, for words on the name lists: a first name that is also a word,
opening a note with a verb said of people ("Heather was discharged"), is a name unless
notes often open with that word ("Hope was thin", "Summer was hard"); after "in" or
"near", or starting a title or a place's name ("Young Minds", "Albert Dock"), a name is a
place or a thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ticli.analysis.privacy.cues import _ORDINARY, _SPEAKS, STARTS_PERSON, WHEN

#: Words before a capitalised word that put it somewhere, or make it something played.
PLACING = frozenset({
    "at", "in", "into", "near", "outside", "inside", "around", "round", "via", "towards",
    "playing", "plays", "played", "watching", "watches", "watched", "ordered", "bought",
    "upon",  # "Kingston upon Thames", "Newcastle upon Tyne"
})  # fmt: skip
#: Verbs before "at" that aim it at a person: "shouted at Ikram", "smiled at Destiny".
AT_A_PERSON = frozenset({
    "shouted", "smiled", "looked", "laughed", "yelled", "swore", "stared", "staring",
    "waved", "snapped", "lashed", "angry", "cross", "furious", "glared", "screamed",
    "lunged", "threw", "pointed", "grinned", "winked", "nodded", "went",
})  # fmt: skip


_SURNAME_PREFIX = re.compile(r"(?:Mc|Mac|O'|D'|De|Di|Da|La|Le|Van|Von)[A-Z]")


#: Words before a capitalised word that put it in a place, never before a person: "grew
#: up in Hull", "near Beverley". ("at", "to", "from" and "into" come before people too:
#: "bumped into Elodie".)
IN_A_PLACE = frozenset({"in", "near", "outside", "around", "round", "via", "towards"})


#: Nouns after a proper name that make it a team, an artist, a show or a brand: "a big
#: Chelsea fan", "Billie Eilish lyrics", "Metro card".
OF_A_THING = frozenset({
    "fan", "fans", "lyrics", "song", "songs", "album", "concert", "gig", "film", "movie",
    "game", "games", "card", "reruns", "poster", "hoodie", "shirt", "tickets", "playlist",
    "merch", "nurse", "nurses", "holiday", "holidays", "nurse's", "tour", "box", "set",
})  # fmt: skip


#: First names that are words a note can start with, with "is" or "was" after them, as
#: often as a person: qualities, seasons, weather, colours, money, paperwork.
ABSTRACT = frozenset({
    "hope", "faith", "grace", "joy", "patience", "charity", "mercy", "trust", "will",
    "love", "peace", "honour", "honor", "justice", "liberty", "harmony", "serenity",
    "destiny", "unity", "bliss", "glory", "comfort", "felicity", "prudence", "constance",
    "summer", "autumn", "winter", "spring", "may", "june", "dawn", "sky", "storm", "rain",
    "sunny", "stormy", "misty", "early", "young", "little", "long", "major", "minor",
    "general", "brown", "green", "gray", "grey", "red", "golden", "silver", "rich", "true",
    "bill", "case", "chance", "chase", "mark", "page", "job", "line", "cash", "art", "sterling",
    "precious", "royal", "noble", "free", "sincere", "lucky", "happy", "hardy", "baby",
    "babe", "sister", "son", "angel", "darling", "doctor", "judge", "captain", "king", "queen",
})  # fmt: skip


def opens_a_note_as_a_person(stem: str, after: str, first: frozenset[str]) -> bool:
    """A first name that is also a word, opening a sentence with a verb said of people
    after it ("Heather was discharged", "Lily is pregnant"): a name, unless the word is
    one a note often starts with ("Hope was thin", "Bill arrived")."""

    low = after.lower()
    return (
        stem in first and stem.lower() not in ABSTRACT and (low in STARTS_PERSON or low in _SPEAKS)
    )


def labels_a_person(stem: str, first: frozenset[str]) -> bool:
    """A first name as a note's label ("- Guy: safe"), not a word a heading could be
    ("Strong: the group", a surname and a word; "Hope: one day at a time")."""
    return stem in first and stem.lower() not in ABSTRACT


def titled(
    stem: str,
    after: str,
    gap: str,
    first: frozenset[str],
    last: frozenset[str],
    is_word: Callable[[str], bool],
) -> bool:
    """Whether a name-like word starts a title or a place's name: a capitalised ordinary
    word that is nobody's name follows it ("Young Minds", "Gilmore Girls", "Albert Dock"),
    not a surname ("Grace Brown") nor a word that is never a name ("Jayden Year 9"); or
    a noun that makes it a thing ("a big Chelsea fan")."""
    if gap == " " and after.lower() in OF_A_THING:
        return True  # "a big Chelsea fan", "Macmillan nurse"
    if gap != " " or len(after) < 3 or not after[0].isupper() or after.isupper():
        return False
    if after.startswith("I'"):  # "Told Faith I'd ring"
        return False
    if after in first or after in last or not is_word(after):
        return False
    return after.lower() not in _ORDINARY and (stem in first or stem in last)


def is_a_thing(
    stem: str, before: str, earlier: str, words: frozenset[str], is_word: Callable[[str], bool]
) -> bool:
    """Whether `stem` (on no list, in no dictionary) is a thing or a place here: a capital
    inside it, two words run together, or `before` (in lower case; `earlier` the word
    before it) places it. `words` is the dictionary, `is_word` tells its words with endings."""
    if before in PLACING and not (before == "at" and earlier in AT_A_PERSON):
        return True
    return inner_capital(stem) or compound(stem, words, is_word)


def inner_capital(word: str) -> bool:
    """A capital inside the word ("FaceTime", "HoNOS"): a brand or a shorthand, unless it
    is how a surname is spelt ("McAllister", "DeShawn")."""
    return any(c.isupper() for c in word[1:]) and not _SURNAME_PREFIX.match(word)


def compound(word: str, words: frozenset[str], is_word: Callable[[str], bool]) -> bool:
    """Two dictionary words run together, the first of three letters or more and the
    second of four or more: "Warhammer", "Lakeview", "Kingsmead"."""
    low = word.lower()
    if not low.isalpha():
        return False
    return any(low[n:] in words and is_word(low[:n]) for n in range(3, len(low) - 3))


#: What a note says of a month, after it or before it: "Jan review", "moved to Jan".
_MONTH_AFTER = re.compile(
    r"\s+(?:review|appt|appointment|meeting|session|deadline|hearing|court|panel|hols|"
    r"holidays|payday|rent|bills?)\b"
)
_MONTH_BEFORE = re.compile(r"\b(?:moved|pushed|postponed|rescheduled|delayed|back)\s+to\s+$")


def dated(text: str, start: int, end: int, before: str) -> bool:
    """Whether "Jan" or "Mar" here is a month: a number next to it, "since", "month",
    what is said of a date ("Jan review", "appt moved to Jan")."""
    near = text[max(0, start - 4) : start] + text[end : end + 4]
    if before in WHEN or any(c.isdigit() for c in near) or "month" in text:
        return True
    return bool(_MONTH_AFTER.match(text, end) or _MONTH_BEFORE.search(text, 0, start))


#: First names that are also paperwork or money, and verbs said of them as of people:
#: "Bill arrived for the gas", "Case came back from panel".
_PAPER = frozenset({"bill", "case", "page", "job", "line", "cash", "chance", "post"})
_COMES = frozenset({"arrived", "came", "went", "left", "turned", "stayed", "kept", "missed"})


def comes_as_a_thing(stem: str, after: str) -> bool:
    """Whether a note opening "Bill arrived" speaks of a thing, not a person."""
    return stem.lower() in _PAPER and after.lower() in _COMES
