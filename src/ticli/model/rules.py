"""The rules of an entry, defined once: ids, tags, ratings and stored text. No I/O."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from ticli.errors import UsageError
from ticli.model.entry import RATING_MAX, RATING_MIN, clean_text

_ENTRY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TAG = re.compile(r"[\w-]+")
#: The longest id (and so file name stem) ticli accepts.
MAX_ID_LENGTH = 100


def has_surrogates(text: str) -> bool:
    """True when text holds bytes that were not valid UTF-8 (decoded as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def valid_entry_id(text: str) -> bool:
    """True for text that can be an entry id (and so a file name)."""
    return bool(_ENTRY_ID.fullmatch(text)) and len(text) <= MAX_ID_LENGTH


def new_entry_id(created: datetime) -> str:
    """Return an id that sorts by time and stays unique across synced machines."""
    import secrets  # only when writing: it brings hmac and OpenSSL's hashes

    return f"{created:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


def id_matches_created(entry_id: str, created: datetime) -> bool:
    """True unless the id is one of ticli's own (`YYYYmmdd-HHMMSS-…`) for another moment.

    Ids of another shape (given by hand, or by an older tool) are accepted as they are.
    """
    stamp = re.match(r"(\d{8}-\d{6})-[0-9a-f]{8}$", entry_id)
    return stamp is None or stamp.group(1) == f"{created:%Y%m%d-%H%M%S}"


def fold_text(text: str) -> str:
    """Text as search compares it: case and accents folded away ("Café" -> "cafe")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise_tag(tag: str) -> str:
    """Return a tag in its stored form: lower case, no leading '#' or '@', spaces as '-'."""
    return "-".join(tag.strip().lstrip("#@").lower().split())


def checked_tags(tags: list[str] | tuple[str, ...], words: bool = False) -> tuple[str, ...]:
    """Return tags in stored form, in order, each once; refuse a tag that is not a word.

    Each item may hold several tags separated by commas; with `words`, spaces
    separate tags too (as typed at the prompt), otherwise they become '-'.
    """
    found: list[str] = []
    separators = r"[,\s]+" if words else r","
    for raw in tags:
        for part in re.split(separators, raw):
            if not part:
                continue
            tag = normalise_tag(part)
            if not _TAG.fullmatch(tag) or has_surrogates(tag):
                raise UsageError(
                    f"'{part}' is not a tag I can keep.",
                    hint="Tags are single words: letters, digits, '-' and '_'.",
                )
            if tag not in found:
                found.append(tag)
    return tuple(found)


def checked_text(text: str, what: str) -> str:
    """Return text in its stored form, or refuse text that was not valid UTF-8."""
    if has_surrogates(text):
        raise UsageError(
            f"{what.capitalize()} is not valid UTF-8 text.",
            hint="Nothing was written. Check the encoding of what was typed or piped in.",
        )
    return clean_text(text)


def valid_rating(value: object) -> bool:
    """True for a whole number on the check-in scale."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    return whole and RATING_MIN <= value <= RATING_MAX  # type: ignore[operator]


def check_rating_value(rating_id: str, value: int) -> None:
    """Refuse a rating outside the scale."""
    if not valid_rating(value):
        raise UsageError(
            f"The rating '{rating_id}' must be from {RATING_MIN} to {RATING_MAX}, not {value}."
        )


#: An answer or note longer than this (in characters) is kept, with a warning: every
#: command that reads it pays for it.
LARGE_TEXT = 1_000_000


def largest_text(entry_texts: list[str]) -> int:
    """The length of the longest of an entry's texts."""
    return max((len(text) for text in entry_texts), default=0)
