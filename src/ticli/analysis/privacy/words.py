"""The word lists the guard reads names by: first names, surnames, places, ordinary
English words, and words that are never a person here (data/). Pure."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources

from ticli.analysis.privacy.cues import _ORDINARY

#: Every byte but an ASCII letter, as a space: an ASCII text split into its words.
_APART_BYTES = bytes(c if chr(c).isalpha() and c < 128 else 32 for c in range(256))


@lru_cache(maxsize=4)
def ascii_words(text: str) -> frozenset[bytes] | None:
    """The words of an ASCII text (its runs of letters, as bytes), or None when the text is
    not ASCII. Several detectors ask of the same text; it is split once."""
    if not text.isascii():
        return None
    return frozenset(text.encode("ascii").translate(_APART_BYTES).split())


def occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` is in `text`, inside other words too."""
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


@cache
def _lines(name: str) -> frozenset[str]:
    data = resources.files("ticli.analysis.privacy") / "data" / name
    raw = data.read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if name.endswith(".gz") else raw.decode()
    if "#" in text:  # a list with comments (the small ones)
        return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))
    # The big lists (200,000 words) have none: made in one call, a few times quicker.
    return frozenset(text.split("\n")) - {""}


def places() -> frozenset[str]:
    return _lines("places.txt")


@cache
def first_names() -> frozenset[str]:
    """Faker's first names, and the short forms practitioners write ("Gaz", "Tash")."""
    return _lines("first_names.txt") | _lines("nicknames.txt")


def never(low: str) -> bool:
    """A word (in lower case) never read as a name: days, family words, languages, brands."""
    return low in _ORDINARY or low in _lines("not_names.txt")


def never_words() -> frozenset[str]:
    """Every word `never` holds."""
    return _lines("not_names.txt") | _ORDINARY


def surnames() -> frozenset[str]:
    return _lines("surnames.txt")


_ENDINGS = [("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""),
            ("ing", "e"), ("'s", ""), ("ly", ""), ("er", ""), ("est", "")]  # fmt: skip


_AUX = {"is", "was", "has", "had", "have", "do", "does", "did", "are", "were", "could", "would",
        "should", "must", "might", "need", "ca", "wo", "sha", "ai"}  # fmt: skip

_PREFIXES = {"co", "re", "pre", "non", "ex", "self", "anti", "multi", "sub", "post", "mid"}


_SPELLINGS = [("ise", "ize"), ("isa", "iza"), ("our", "or"), ("tre", "ter"), ("ogue", "og")]


def is_word(word: str) -> bool:
    """An ordinary English word (in lower case, or with a plain ending taken off)."""
    words = _lines("words.txt.gz")
    low = word.lower()
    if low in words or never(low):
        return True
    if "-" in low:  # "Check-in", "Self-care", "Two-thirds": each part a word
        return all(part in _PREFIXES or is_word(part) for part in low.split("-") if part)
    if "'" in low:  # "We've", "They're"
        head, _, tail = low.partition("'")
        if tail == "t" and head.endswith("n") and (head[:-1] in _AUX or head[:-1] in words):
            return True  # "Hasn't", "Wouldn't"
        return tail in ("s", "ve", "re", "ll", "d", "m", "t") and (head in words or head == "i")
    if low[-3:] in ("red", "led") and low[-4] == low[-3] and low[:-3] in words:
        return True  # "Referred", "Cancelled"
    for british, american in _SPELLINGS:  # "Prioritise", "Behaviour", "Centre"
        if british in low and is_word(low.replace(british, american)):
            return True
    for ending, instead in _ENDINGS:
        root = low[: -len(ending)] + instead
        if low.endswith(ending) and (root in words or never(root)):
            return ending != "est" or len(root) > 3  # "Youngest", but not "Ernest"
    return False
