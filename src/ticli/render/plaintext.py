"""Words for the screen with no Rich in them: user text made safe to print, plain-output
mode, plurals, tags and check-ins in words. Light to import, for the quick lane."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable

from ticli.model import Rating

#: Characters that reorder text on screen; shown as escapes so they cannot hide anything.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain() -> bool:
    """Output for screen readers: asked for with `ticli --plain`, TICLI_PLAIN=1, or a
    terminal that says it is dumb (TERM=dumb). No colour, no boxes or rules, no bars or
    sparklines: numbers and words only."""
    return os.environ.get("TICLI_PLAIN", "") not in ("", "0") or os.environ.get("TERM") == "dumb"


def visible(text: str) -> str:
    """Return text with control characters written as escapes (`\\x1b`), newlines and tabs kept."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char in "\n\t" or (
            unicodedata.category(char) not in ("Cc", "Cs") and char not in _BIDI_CONTROLS
        ):
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def quote(text: str, width: int = 160) -> str:
    from ticli.analysis.query import cut_words

    return cut_words(" ".join(visible(text).split()), width)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def tags_line(tags: Iterable[str]) -> str:
    return " ".join(f"#{tag}" for tag in tags)


def checkin_words(rating: Rating | None, rating_id: str, value: int) -> str:
    """A check-in in plain words: "Energy and capacity: 2 of 5 (between running on empty
    and getting by)". The labels say which way a scale runs, so 5 never reads as a score."""
    name = rating.short if rating else rating_id
    if rating is None or not rating.labels:
        return f"{name}: {value} of 5"
    labels = rating.labels
    if value in labels:
        meaning = labels[value].lower()
    else:
        lower = max((k for k in labels if k < value), default=None)
        upper = min((k for k in labels if k > value), default=None)
        ends = [labels[k].lower() for k in (lower, upper) if k is not None]
        meaning = "between " + " and ".join(ends) if len(ends) == 2 else f"near {ends[0]}"
    return f"{name}: {value} of 5 ({meaning})"
