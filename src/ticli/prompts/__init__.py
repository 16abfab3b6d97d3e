"""The prompt library: load and validate it (shipped and the user's own), and choose prompts."""

from ticli.prompts.choose import choose_prompts, chosen_principles, select_prompts
from ticli.prompts.library import (
    BALANCE_DAYS,
    REST_DAYS,
    STRENGTHS,
    Library,
    did_you_mean,
    load_library,
    parse_library,
    shipped_library_path,
)

__all__ = [
    "BALANCE_DAYS",
    "REST_DAYS",
    "STRENGTHS",
    "Library",
    "choose_prompts",
    "chosen_principles",
    "did_you_mean",
    "load_library",
    "parse_library",
    "select_prompts",
    "shipped_library_path",
]
