"""The guard over whole entries: which parts are checked, and the findings in context."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ticli.analysis import privacy
from ticli.model import Entry


@dataclass(frozen=True)
class EntryFindings:
    """What the guard found in one entry, by section ("note" or a prompt id)."""

    entry: Entry
    sections: tuple[tuple[str, str, tuple[privacy.Finding, ...]], ...]  # (where, text, findings)

    @property
    def findings(self) -> list[privacy.Finding]:
        return [f for _, _, found in self.sections for f in found]

    @property
    def jigsaw(self) -> bool:
        return privacy.is_jigsaw(self.findings)


def check_entry(
    entry: Entry,
    watch_list: Sequence[str] = (),
    allow_list: Sequence[str] = (),
    known_names: frozenset[str] = frozenset(),
) -> EntryFindings | None:
    """The findings in an entry's note, answers, headings, actions and tags; None when none.

    A tag is checked with its '-' and '_' read as spaces, so the tag `ward-7` is
    found by the watch-list words "Ward 7".
    """
    sections = []
    parts = [("note", entry.note), *((a.prompt_id, a.text) for a in entry.answers)]
    parts += [(f"action {n + 1}", action) for n, action in enumerate(entry.actions)]
    # A heading can be the user's own (written in the editor), so it is checked too; most
    # are a prompt's question, and tags repeat: those are looked at once for many entries.
    repeated = [(f"{a.prompt_id} heading", a.question) for a in entry.answers]
    repeated += [(f"tag {tag}", tag_words(tag)) for tag in entry.tags]
    settings = (tuple(watch_list), tuple(allow_list), known_names)
    for where, text in parts + repeated:
        if not text:
            continue
        if (where, text) in repeated:
            found: Sequence[privacy.Finding] = _checked_once(text, *settings)
        else:
            found = privacy.find_identifiers(text, watch_list, allow_list, known_names)
        if found:
            sections.append((where, text, tuple(found)))
    return EntryFindings(entry, tuple(sections)) if sections else None


@lru_cache(maxsize=512)
def _checked_once(
    text: str, watch: tuple[str, ...], allow: tuple[str, ...], known: frozenset[str]
) -> tuple[privacy.Finding, ...]:
    return tuple(privacy.find_identifiers(text, watch, allow, known))


def checked_text(entry: Entry) -> str:
    """Everything `check_entry` looks at, each part named, as it looks at it: what must
    be the same for an earlier check of the entry to still hold."""
    import json

    parts = [["note", entry.note]]
    parts += [[f"answer {a.prompt_id}", a.text, a.question] for a in entry.answers]
    parts += [["action", action] for action in entry.actions]
    parts += [["tag", tag_words(tag)] for tag in entry.tags]
    return json.dumps(parts, ensure_ascii=False)


def record_checked_text(record: Mapping[str, Any]) -> str:
    """`checked_text` of the entry an index record holds (`model.to_record`'s shape), without
    making the entry: a check of a whole journal reads thousands."""
    import json

    parts = [["note", record["note"]]]
    parts += [[f"answer {a['prompt_id']}", a["text"], a["question"]] for a in record["answers"]]
    parts += [["action", action] for action in record.get("actions", ())]
    parts += [["tag", tag_words(tag)] for tag in record.get("tags", ())]
    return json.dumps(parts, ensure_ascii=False)


def text_is_clear(
    checked: str,
    watch_list: Sequence[str] = (),
    allow_list: Sequence[str] = (),
    known_names: frozenset[str] = frozenset(),
) -> bool:
    """Whether `check_entry` would find nothing in the entry whose `checked_text` this is:
    the same texts, read from it instead of from the entry (quicker than the entry)."""
    import json

    settings = (tuple(watch_list), tuple(allow_list), known_names)
    for part in json.loads(checked):
        name, texts = part[0], part[1:]
        for n, text in enumerate(texts):
            if not text:
                continue
            if name == "tag" or n:  # a tag, or an answer's heading: many entries share them
                if _checked_once(text, *settings):
                    return False
            elif privacy.find_identifiers(text, watch_list, allow_list, known_names):
                return False
    return True


def tag_words(tag: str) -> str:
    """A tag as the words it stands for: `ward-7` is "ward 7"."""
    return tag.replace("-", " ").replace("_", " ")


def context(text: str, finding: privacy.Finding, width: int = 40) -> tuple[str, str, str]:
    """The words before a finding, the finding, and the words after, on one line; cut at
    whole words, with '…' only where something was left out."""
    start = max(0, finding.start - width)
    before = text[start : finding.start]
    if start > 0:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    end = finding.end + width
    after = text[finding.end : end]
    if end < len(text):
        after = (after.rsplit(" ", 1)[0] if " " in after else after) + "…"
    return before.replace("\n", " "), finding.text, after.replace("\n", " ")
