"""The names a user's own writing shows: capitalised words written again and again. Pure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ticli.analysis.privacy.cues import _ORDINARY
from ticli.analysis.privacy.words import is_word

#: A capital after a lower-case letter or a comma and one space (the lookbehind comes
#: after the capital so that the search skips quickly from capital to capital).
_MID_CAPITAL = re.compile(r"[A-Z](?<=[a-z,] [A-Z])[a-z]+(?:-[A-Z][a-z]+)?")
_LOWER_WORD = re.compile(r"\b[a-z][a-z-]+")


def recurring_names(texts: Iterable[str], at_least: int = 3) -> frozenset[str]:
    """Capitalised words the user writes mid-sentence in `at_least` texts (normalised),
    never in lower case, that are no dictionary word: their clients' names, most likely.

    Mid-sentence here is after a lower-case word or a comma and one space (regular
    expressions over the whole text: thousands of entries take well under a second)."""
    seen: Counter[str] = Counter()
    texts = list(texts)
    for text in texts:
        seen.update(set(_MID_CAPITAL.findall(text)))
    candidates = {
        w for w, count in seen.items()
        if count >= at_least and w.lower() not in _ORDINARY and not is_word(w)
    }  # fmt: skip
    if not candidates:
        return frozenset()
    lower: set[str] = set()
    for word in candidates:
        low = word.lower()
        if any(low in t for t in texts):  # then look word by word, in the texts that hold it
            lower.update(w for t in texts if low in t for w in _LOWER_WORD.findall(t) if w == low)
    return frozenset(w for w in candidates if w.lower() not in lower)
