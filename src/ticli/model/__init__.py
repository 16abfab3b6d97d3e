"""What an entry is: plain data, its fields defined once, and the rules of tags, ratings and ids.

No I/O anywhere in this package.
"""

from ticli.model.entry import (
    ENTRY_KINDS,
    PROMPT_KINDS,
    RATING_MAX,
    RATING_MIN,
    SLUG,
    Answer,
    Entry,
    Principle,
    Prompt,
    Rating,
    clean_question,
    clean_text,
    is_blank,
    with_answer,
)
from ticli.model.rules import (
    check_rating_value,
    checked_tags,
    checked_text,
    fold_text,
    has_surrogates,
    id_matches_created,
    new_entry_id,
    normalise_tag,
    valid_entry_id,
    valid_rating,
)

__all__ = [
    "ENTRY_KINDS",
    "PROMPT_KINDS",
    "RATING_MAX",
    "RATING_MIN",
    "SLUG",
    "Answer",
    "Entry",
    "Principle",
    "Prompt",
    "Rating",
    "check_rating_value",
    "checked_tags",
    "checked_text",
    "clean_question",
    "clean_text",
    "fold_text",
    "has_surrogates",
    "id_matches_created",
    "is_blank",
    "new_entry_id",
    "normalise_tag",
    "valid_entry_id",
    "valid_rating",
    "with_answer",
]
