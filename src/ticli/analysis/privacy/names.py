"""People's names in reflective writing, with no model and no network. Pure.

A capitalised word is read as a name when:
- it is on the first-name or surname list (data/, built by bench/privacy_names.py from
  Faker's MIT-licensed lists) and is not also an ordinary English word; or
- a cue says so: a title (Mr, Mrs, Ms, Dr), a relation or role before it ("her son",
  "my client", "called", "named"), a possessive, "the ... family", a surname after it, or a
  verb of speech after it ("Grace said"). Names that are ordinary words ("Grace", "Hope",
  "Will", "Mark") need such a cue; or
- it is no dictionary word and stands in mid-sentence, or starts a sentence with a verb
  or a colon after it ("Huong is convinced", "Gethin: safe"); or
- the user writes it again and again mid-sentence and it is no dictionary word
  (`history.recurring_names`).
Names written in lower case are found by `lower`.
It is not a name at the start of a sentence unless the lists or a cue say so, nor when it
is a day, a month, a family word ("Mum"), a language, faith, brand or medicine
(data/not_names.txt), part of a service or place ("the Trust", "Oakwood House", "St John
Ambulance"), or on the user's allow list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ticli.analysis.privacy import things
from ticli.analysis.privacy.cues import (
    _BEFORE,
    _FAMILY_AFTER,
    _PLACE_AFTER,
    _PREPOSITIONS,
    _SPEAKS,
    _STOP,
    _TITLES,
    _WEAK,
    MONTH_SHORT,
    STARTS_PERSON,
    TALK_TO,
)
from ticli.analysis.privacy.words import _lines, first_names, is_word, never, places, surnames

Hit = tuple[str, int, int, str]

_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['-](?=[^\W\d_]))*")


_TASK = re.compile(r"\[[ xX]\]\s*$")


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` begins a sentence, a line, a quotation or a list item."""
    if start and text[start - 1] in " ]" and _TASK.search(text, max(0, start - 6), start):
        return True  # "- [x] Practise effectively": an item of a list
    n = start - 1
    while n >= 0 and text[n] in " \t\"'([]":  # "- [ ] Practise effectively": a list item
        if text[n] in '"(':
            return True
        n -= 1
    if n > 0 and text[n] == "." and text[n - 1].isupper() and (n < 2 or text[n - 2] in " (."):
        return False  # "Mrs K. Begum": an initial's full stop ends no sentence
    return n < 0 or text[n] in ".!?:;\n\u2022*-\u2610\u2611\u2612"


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper() and word[:2] != "I'"


def _stem(word: str) -> str:
    """A word without its possessive: "Marcus's" and "Marcus'" are "Marcus"."""
    if word.endswith("'s"):
        return word[:-2]
    return word[:-1] if word.endswith("'") else word


def names(
    text: str,
    allowed: frozenset[str] = frozenset(),
    known: frozenset[str] = frozenset(),
) -> Iterator[Hit]:
    """The words of normalised `text` that look like people's names, each with why."""
    if not text.isascii():
        yield from names_word_by_word(text, allowed, known)
        return
    # Plain ASCII (nearly every sentence): only the capital letters are looked at, and a
    # capitalised ordinary word is let go unless a cue just before it can make it a name.
    marks = text.encode("ascii").translate(_CAPITALS)
    start = marks.find(1)
    while start >= 0:
        # "I" on its own (the commonest capital) is never a name: words of one letter aren't.
        if text[start] != "I" or text[start + 1 : start + 2] in _IN_WORD:
            hit = _at_capital(text, start, allowed, known)
            if hit:
                yield hit
        start = marks.find(1, start + 1)


def names_word_by_word(
    text: str, allowed: frozenset[str] = frozenset(), known: frozenset[str] = frozenset()
) -> Iterator[Hit]:
    """What `names` finds, found by looking at every word (any text; slower)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    for n, (start, end, word) in enumerate(words):
        if _capitalised(word):
            before = words[n - 1] if n else None
            after = words[n + 1] if n + 1 < len(words) else None
            hit = _judge(text, start, end, word, before, after, allowed, known)
            if hit:
                yield hit


_CAPITALS = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"\x01" * 26)
_IN_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'-")
_CUE_WORDS = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "mister", "sir", "dame",
              "auntie", "called", "named", "pastor", "rabbi", "imam", "rev",
              "reverend")  # fmt: skip
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f.,"
_NAMED = re.compile(r"\bname(?:'s| is| was| as)\W*$")


def _at_capital(
    text: str, start: int, allowed: frozenset[str], known: frozenset[str]
) -> Hit | None:
    """The capital letter at `start` of ASCII text: a name, if it starts a word that is one."""
    if start and not _word_starts(text, start):
        return None
    match = _WORD.match(text, start)
    if match is None:
        return None
    word = match.group()
    if not _capitalised(word):
        return None
    stem = _stem(word)
    low = stem.lower()
    if low in allowed or never(low):
        return None
    if _needs_cue(stem) and stem not in known and not _cue_before(text, start):
        return None
    end = match.end()
    before = _word_before(text, start)
    following = _WORD.search(text, end)
    after = (following.start(), following.end(), following.group()) if following else None
    return _judge(text, start, end, word, before, after, allowed, known)


def _word_starts(text: str, start: int) -> bool:
    """Whether a word (as `_WORD` finds them from the start of the text) begins here."""
    prev = text[start - 1]
    if prev.isalpha():
        return False
    if prev in "'-":
        if start < 2:
            return True
        prev, start = text[start - 2], start - 1
        if prev.isalpha():
            return False
    if prev.isdigit():  # digits go on a word, but never start one
        n = start - 1
        while n > 0 and text[n - 1].isdigit():
            n -= 1
        return not (n > 0 and text[n - 1].isalpha())
    return True


def _cue_before(text: str, start: int) -> bool:
    """Whether a title, 'called' or 'name is' may come just before: the only ways an
    ordinary word that is on no list of names becomes one."""
    window = text[max(0, start - 40) : start]
    if "name" in window and _NAMED.search(text[max(0, start - 20) : start]):
        return True
    kept = window.rstrip(_SPACES)
    if len(kept) < 8 and start > 40:
        return True  # a long run of spaces: look properly
    return kept.lower().endswith(_CUE_WORDS)


@cache
def _needs_cue(stem: str) -> bool:
    """An ordinary word on no list of names: only a title or 'called' makes it a name."""
    last = surnames()
    if stem in first_names() or stem in last or not is_word(stem):
        return False
    return not (stem.endswith("s") and stem[:-1] in last and not is_word(stem[:-1]))


def _word_before(text: str, start: int) -> tuple[int, int, str] | None:
    """The word before the one at `start`, as `_WORD` finds them from the start."""
    begin = max(0, start - 60)
    while begin > 0 and text[begin - 1] in _IN_WORD:
        begin -= 1
    last = None
    for match in _WORD.finditer(text, begin, start):
        last = match
    if last is None and begin > 0:
        return _word_before(text, begin) if text[:begin].strip() else None
    return (last.start(), last.end(), last.group()) if last else None


Word = tuple[int, int, str]


def _judge(
    text: str,
    start: int,
    end: int,
    word: str,
    before_word: Word | None,
    after_word: Word | None,
    allowed: frozenset[str],
    known: frozenset[str],
) -> Hit | None:
    """The capitalised word text[start:end] between its neighbours: a name, and why."""
    first, last = first_names(), surnames()
    stem = _stem(word)
    if stem.lower() in allowed or never(stem.lower()) or stem.lower().endswith(_KIND_OF):
        return None
    prev = before_word[2] if before_word else ""
    before = prev.lower()
    between = text[before_word[1] : start] if before_word else ""
    after = after_word[2] if after_word else ""
    gap_after = text[end : after_word[0]] if after_word else ""
    joined_after = gap_after.strip() == ""
    if joined_after and after.lower() in _PLACE_AFTER and after[0].isupper():
        return None  # "Oakwood House", "Beeston Primary", "Hope Street"
    if joined_after and after in _LAND:
        return None  # "Hudson valley", "Severn estuary": a place in lower case too
    # "London", "Milton Keynes", "Leeds Beckett" are places, unless a cue says a person:
    # "Jordan said", "Mrs Henderson".
    place = _is_place(stem, prev, between, after, joined_after)
    family = joined_after and after.lower() in _FAMILY_AFTER
    if before == "the" and not family and not (stem.endswith("s") and stem[:-1] in last):
        return None  # "the Trust", "the Grange", but "the Hendersons"
    if before in ("st", "saint") or (
        stem in MONTH_SHORT and things.dated(text, start, end, before)
    ):
        return None  # "St John Ambulance", "since Jan", "3 Mar"
    start_of_sentence = _starts_sentence(text, start)
    named = _NAMED.search(text[max(0, start - 20) : start])
    if before_word and before in ("to", "with") and not start_of_sentence:
        earlier = _word_before(text, before_word[0])  # "talked to Wiktoria", "sat with"
        if earlier and earlier[2].lower() in TALK_TO:
            prev, before = "with", "with"
    elif before == "on" and _CHECKED_IN.search(text, max(0, start - 30), start):
        prev, before = "with", "with"  # "checked in on Pearl"
    elif before == "w" and between == "/ ":  # "w/ Destiny"
        prev, before, between = "with", "with", " "
    if joined_after and after.lower() == "and" and after_word:
        then = _WORD.search(text, after_word[1])  # "Olek and his sister"
        if then and then.group().lower() in ("his", "her", "their", "i", "me"):
            after = "said"
    elif gap_after.strip() == "&" and after.lower() in ("his", "her", "their"):
        after, gap_after = "said", " "  # "Jasmine & her sister"
    elif gap_after.strip() == "(" and after.lower() in _ASIDE:
        after, gap_after = "said", " "  # "Bill (client) lost his wife", "Sunny (he prefers"
    two_back = ""
    if before == "at" and before_word:  # "shouted at Ikram" is a person, "at Maccies" no
        found = _word_before(text, before_word[0])
        two_back = found[2].lower() if found else ""
    why = _why(stem, word, prev, between, after, gap_after, start_of_sentence,
               first, last, known, place, bool(named), two_back)  # fmt: skip
    if why == _MID_SENTENCE and _beside_a_place(text, start, start + len(stem)):
        return None  # "from Burnley to Merthyr", "Peckham, Brixton, Lewisham"
    if why and _PET.search(text, max(0, start - 40), start):
        return None  # "her rabbit is called Biscuit", "his cat Mr Whiskers": a pet
    return ("name", start, start + len(stem), why) if why else None


_CHECKED_IN = re.compile(
    r"\b(?:checked|checking|check|called|popped|dropped)\s+in\s+on\s+$", re.IGNORECASE
)
#: A word made a kind of thing by its ending: "a Kickstart-style placement".
_KIND_OF = ("-style", "-type", "-like", "-esque", "-based", "-related", "-friendly")
#: What a note puts in brackets after a person's name: "Bill (client)", "Sunny (he ...".
_ASIDE = frozenset({"client", "pt", "patient", "caller", "mentee", "pupil", "yp", "resident",
                    "tenant", "he", "she", "they", "his", "her", "their"})  # fmt: skip
_MID_SENTENCE = "a capitalised word in mid-sentence that is no dictionary word"
#: A word listed with a known place, or in a move from one to it: a place too.
_PLACE_BEFORE = re.compile(r"([A-Z][\w'-]*)(?:,\s*|\s+(?:and|or|&|to|->|\u2192)\s+)$")
#: Words of the land after a proper name, in lower case: it is a place's name.
_LAND = frozenset({"valley", "river", "estuary", "lake", "bay", "forest", "island", "beach",
                   "heath", "moor", "hills", "mountains", "coast"})  # fmt: skip
#: An animal, then the name it is called by: a pet's name, which identifies nobody.
_PET = re.compile(
    r"\b(?:dog|cat|puppy|pup|kitten|rabbit|bunny|hamster|guinea\s+pig|horse|pony|budgie|"
    r"parrot|snake|lizard|tortoise|gecko|ferret|goldfish|fish)(?:'s|\s+is|\s+was)?\s+"
    r"(?:called|named|(?:mr|mrs|miss|sir|lady)\.?)\s+$",
    re.IGNORECASE,
)
_PLACE_AFTER_IT = re.compile(r"(?:,\s*|\s+(?:and|or|&)\s+)([A-Z][\w'-]*)")


def _beside_a_place(text: str, start: int, end: int) -> bool:
    """Whether a word on no list stands in a list or a move with a known place."""
    where = places()
    before = _PLACE_BEFORE.search(text, max(0, start - 40), start)
    after = _PLACE_AFTER_IT.match(text, end)
    return bool(before and before.group(1) in where) or bool(after and after.group(1) in where)


def _is_place(stem: str, prev: str, between: str, after: str, joined_after: bool) -> bool:
    """A place, or a word in a place's name."""
    where = places()
    if stem in where or (joined_after and f"{stem} {_stem(after)}" in where):
        return True
    return between == " " and (prev in where or f"{prev} {stem}" in where)


def _why(
    stem: str,
    word: str,
    before_word: str,
    between: str,
    after: str,
    gap_after: str,
    start_of_sentence: bool,
    first: frozenset[str],
    last: frozenset[str],
    known: frozenset[str],
    place: bool,
    named: bool,
    earlier: str = "",
) -> str | None:
    """Why this capitalised word looks like a name, or None."""
    before = before_word.lower()
    close_before = between.strip() in ("", ",")
    # "dad (Terry)", "re: Daisy": a cue, then a bracket or a colon
    aside = between.strip() in ("(", ":") and before in _BEFORE and before not in _PREPOSITIONS
    if before in _TITLES and between.strip(" .") == "":
        return f"a name after '{before.capitalize()}'"
    if named or (before in ("called", "named") and close_before):
        return "a capitalised word after 'called' or 'name'"
    initial = len(before_word) == 1 and before_word not in "IA" and before_word.isupper()
    if initial and between.strip(" .") == "" and (stem in last or not is_word(stem)):
        return "a surname after an initial"  # "K Whitfield", "Mrs K. Begum"
    possessive = word != stem
    speech = gap_after.strip() == "" and after.lower() in _SPEAKS
    if speech and start_of_sentence and things.comes_as_a_thing(stem, after):
        speech = False  # "Bill arrived for the gas", not "Bill said"
    if before in things.IN_A_PLACE and between == " " and not possessive and not speech:
        return None  # "grew up in Chester", "a caravan park near Beverley"
    if things.titled(stem, after, gap_after, first, last, is_word):
        return None  # "Young Minds", "Gilmore Girls", "Albert Dock": a title or a place
    cue_before = (before in _BEFORE and close_before and not start_of_sentence) or aside
    on_list = stem in first or stem in last
    plain = on_list and not is_word(stem)
    if plain and not place:
        return "looks like a first name" if stem in first else "looks like a surname"
    if stem in known:
        return "a name you often write"
    joined = gap_after.strip() == ""
    # "The Washington family" is one, "Baltimore family ties" are not.
    family = joined and after.lower() in _FAMILY_AFTER and (not place or before == "the")
    full_name = joined and _capitalised(after) and _stem(after) in last and not is_word(after)
    # A place takes no "is" or "and" as a sign of a person ("in Hull and still"), a word
    # does only mid-sentence ("I think Will is").
    speaks = speech or (joined and after.lower() in _WEAK and not start_of_sentence and not place)
    if family and stem.lower() not in _STOP and (stem in last or not is_word(stem)):
        return "a family's name"
    if stem.endswith("s") and stem[:-1] in last and not is_word(stem[:-1]) and not place:
        return "a family's name"  # "the Nowaks", not "from Dallas"
    # Part of a longer proper name ("Amazing Grace", "Red Cross"): not a person.
    in_phrase = (
        between == " " and _capitalised(before_word) and is_word(before_word) and not cue_before
    )
    if place:  # only a cue about a person makes a place a name ("to London" is not one)
        cue_before = cue_before and before not in _PREPOSITIONS
    opens = (
        start_of_sentence
        and joined
        and not place
        and things.opens_a_note_as_a_person(stem, after, first)
    ) or (start_of_sentence and gap_after.strip() == ":" and things.labels_a_person(stem, first))
    if on_list and not in_phrase and (cue_before or possessive or full_name or speaks or opens):
        return "looks like a first name" if stem in first else "looks like a surname"
    if is_word(stem) or place:
        return None
    weak = after.lower() in _WEAK and after != "and" and not start_of_sentence
    person_after = after.lower() in _SPEAKS or weak or after.lower() in STARTS_PERSON
    label = gap_after.strip() == ":" and start_of_sentence  # "- Gethin: safe, plan in place"
    if possessive or full_name or label or (joined and person_after):
        return "a capitalised word that is no dictionary word, used of a person"
    if cue_before and (before not in _PREPOSITIONS or before == "with"):
        return f"a capitalised word after '{before}'"
    if len(stem) > 2 and not in_phrase and not start_of_sentence:
        if things.is_a_thing(stem, before, earlier, _lines("words.txt.gz"), is_word):
            return None  # "lunch at Maccies", "Warhammer", "FaceTime": a thing or a place
        return _MID_SENTENCE
    return None
