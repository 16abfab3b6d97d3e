"""Text as the guard reads it: NFKC, one apostrophe, one dash, no invisible characters.

Detectors run on the normalised text; `Normalised.span` maps what they find back to
the text as written, so a finding always points at the user's own characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: What NFKC leaves alone but a reader sees as the same: quotes, apostrophes, dashes.
_SAME = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": "",  # soft hyphen
        "\u200b": "",  # zero-width space, joiners, word joiner, BOM
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
    }
)
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f"
#: What may change: a character that is not plain ASCII (or a backtick, or a letter with
#: combining marks), with the combining marks that follow it.
_CLUSTER = re.compile(rf"(?:[^\x00-\x7f]|`|[\x00-\x7f](?=[{_MARKS}]))[{_MARKS}]*")


@dataclass(frozen=True)
class Normalised:
    """The normalised text, and where each of its characters came from."""

    text: str
    #: For normalised character i, the start and end of the characters it came from;
    #: empty when the text did not change.
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where text[start:end] of the normalised text lies in the text as written."""
        if not self.starts:
            return start, end
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """NFKC, curly apostrophes and quotes straight, every dash a hyphen, invisibles gone."""
    if text.isascii() and "`" not in text:
        return Normalised(text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for match in _CLUSTER.finditer(text):
        if match.start() > done:  # plain ASCII: kept as it is, one for one
            pieces.append(text[done : match.start()])
            starts.extend(range(done, match.start()))
            ends.extend(range(done + 1, match.start() + 1))
        new = unicodedata.normalize("NFKC", match.group()).translate(_SAME)
        pieces.append(new)
        starts.extend([match.start()] * len(new))
        ends.extend([match.end()] * len(new))
        done = match.end()
    if done < len(text):
        pieces.append(text[done:])
        starts.extend(range(done, len(text)))
        ends.extend(range(done + 1, len(text) + 1))
    return Normalised("".join(pieces), tuple(starts), tuple(ends))


def normal_phrase(phrase: str) -> str:
    """A watch-list or allow-list phrase as the guard compares it: normalised, one space."""
    return " ".join(normalise(phrase).text.split())
