"""What `ticli doctor` found and did, in words and as JSON (docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from ticli.analysis.merge import BOTH, EARLIER_ONLY, LATER_ONLY, LONGER, MARKER, SAME, Merged
from ticli.render.console import literal, plural, say

if TYPE_CHECKING:
    from ticli.usecases.doctor import Finding, Outcome

#: A heading for each kind of finding. A new kind needs a line here (and in FIX_WORDS).
HEADINGS = {
    "conflict-copy": "Copies a sync tool made of an entry changed on two devices",
    "merge-markers": "Entries where git left both versions (merge-conflict markers)",
    "exact-copy": "Exact copies of an entry",
    "duplicate-id": "Different entries with the same id",
    "unreadable": "Files ticli cannot read",
    "newer-format": "Entries written by a newer ticli",
    "misplaced": "Entries in the wrong folder, or under another name",
    "loose-permissions": "Files and folders other users of this computer can read",
    "stale-temp": "Temporary files left by a write that was stopped, over a day ago",
    "mixed": "Entries not kept like the rest of the journal (plain or encrypted)",
    "old-key": "Entries encrypted to an old key (one ticli rekey retired)",
    "plain-lists": "Names of people and places in plain text (the privacy guard's lists)",
    "bad-lists": "The privacy guard's lists in a file ticli does not use",
}
#: What the fix for each kind does, in a few words.
FIX_WORDS = {
    "merge": "merge the two versions into the entry; the copy goes to the trash",
    "trash": "move it to the trash",
    "new-id": "give it a new id (its created time is kept); the old file goes to the trash",
    "move": "move it to where it belongs",
    "tighten": "make it readable only by you",
    "re-encrypt": "encrypt it again, to the journal's current keys",
    "encrypt-lists": "move the lists into the journal, encrypted "
    "(.ticli/privacy-lists.toml.age), and out of config.toml",
}
#: What to do by hand, for what has no safe fix.
BY_HAND = {
    "unreadable": "ticli has not changed it. Fix it in any text editor.",
    "newer-format": "Update ticli to read it. ticli has not changed it.",
    "merge-markers": "Tidy the markers by hand in any text editor.",
    "misplaced": "Move or rename it by hand.",
    "duplicate-id": "Change its id line by hand.",
    "mixed": "Run ticli encrypt again: it encrypts the entries left plain, and nothing else.",
    "bad-lists": "ticli has not changed it. If you did not put it there, move it out of the "
    "journal folder (keep it to show someone); to change the lists, put words in "
    "config.toml and run ticli doctor --fix. Your recovery key opens it: age -d -i "
    "RECOVERY_FILE FILE",
}
#: What to do about an encrypted entry in a journal that is not encrypted.
SEALED_IN_PLAIN = (
    "It was encrypted on another device. Copy that device's .ticli/key.toml into this "
    "journal to read it (ticli decrypt then makes the journal plain again), or open it "
    "with your recovery key: age -d -i RECOVERY_FILE FILE"
)
_OUTCOMES = {
    SAME: "the same on both sides: kept once",
    LATER_ONLY: "kept",
    EARLIER_ONLY: "only in the other version: added",
    LONGER: "one version holds the other: the longer one kept",
    BOTH: f"changed on both sides: both kept, the other below a line starting {MARKER}",
}


def _where(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def findings_report(
    out: Console, root: Path, findings: Sequence[Finding], entries: int, fixing: bool
) -> None:
    """Everything doctor found, grouped by kind, each with its fix (or what to do)."""
    if not findings:
        say(
            out,
            f"Your journal looks well: {plural(entries, 'entry', 'entries')}, ",
            literal(str(root)),
            ". Nothing needs your attention.",
        )
        return
    say(out, "Some things in your journal need your attention (", literal(str(root)), "):")
    for kind in HEADINGS:
        mine = [f for f in findings if f.kind == kind]
        if not mine:
            continue
        out.print()
        say(out, Text(f"{HEADINGS[kind]} ({len(mine)})", style="bold"))
        for finding in mine:
            _finding(out, root, finding)
    fixable = sum(1 for f in findings if f.fix)
    out.print()
    if fixable and not fixing:
        say(
            out,
            f"{plural(fixable, 'safe fix', 'safe fixes')} can be applied with: ticli doctor --fix",
        )
        say(out, "Nothing is deleted: whatever a fix replaces goes to the trash.", style="dim")


def _finding(out: Console, root: Path, finding: Finding) -> None:
    line = Text("  ").append(literal(_where(root, finding.path)))
    if finding.line:
        line.append(f", line {finding.line}")
    if finding.kind == "conflict-copy" and finding.other is not None:
        line.append(f" ({finding.engine}): a copy of ").append(literal(_where(root, finding.other)))
    elif finding.kind in ("exact-copy", "duplicate-id") and finding.other is not None:
        line.append(": the same id as ").append(literal(_where(root, finding.other)))
    elif finding.kind == "misplaced" and finding.other is not None:
        line.append(": belongs at ").append(literal(_where(root, finding.other)))
    elif finding.kind == "loose-permissions" and finding.mode is not None:
        line.append(f" (mode {finding.mode:o})")
    if finding.reason:
        line.append(": ").append(literal(finding.reason))
    out.print(line, soft_wrap=True)
    if finding.merged is not None:
        _merge(out, finding, finding.merged)
    if finding.fix:
        words = FIX_WORDS[finding.fix]
        if finding.new_id:
            words += f" ({finding.new_id})"
        say(out, Text("    Fix: ", style="green"), words)
    elif finding.kind == "mixed" and finding.sealed:
        say(out, Text("    " + SEALED_IN_PLAIN, style="dim"))
    elif finding.kind in BY_HAND:
        say(out, Text("    " + BY_HAND[finding.kind], style="dim"))


def _merge(out: Console, finding: Finding, merged: Merged) -> None:
    """The merge, answer by answer, before it is written."""
    later = "the copy" if finding.copy_is_later else "the entry"
    if finding.kind == "merge-markers":
        later = "your side (above =======)"
    say(out, f"    The merge, with {later} as the later edit:")
    for part in merged.parts:
        name = part.prompt_id or "the free note"
        say(out, "      ", literal(name, "cyan"), f": {_OUTCOMES[part.outcome]}")
    for what, value in merged.added:
        say(out, f"      {what} ", literal(value), ": from the other version, added")
    for overruled in merged.overruled:
        say(
            out,
            "      ",
            literal(overruled.field, "cyan"),
            f": {_value(overruled.kept)} kept (the later edit); the other version had "
            f"{_value(overruled.other)}",
        )


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "flagged" if value else "not flagged"
    return str(value)


def ask_to_fix(count: int) -> str:
    return f"Apply {plural(count, 'fix', 'fixes')}? [y/N] "


def outcomes_report(out: Console, root: Path, outcomes: Sequence[Outcome]) -> None:
    """What was fixed, and what could not be."""
    done = [o for o in outcomes if o.done]
    for outcome in outcomes:
        if outcome.done:
            continue
        say(
            out,
            Text("Not fixed: ", style="yellow"),
            literal(_where(root, outcome.finding.path)),
            ": ",
            literal(outcome.reason),
        )
    say(out, f"Fixed {plural(len(done), 'thing', 'things')}.", style="green" if done else "")
    if any(o.finding.fix in ("merge", "new-id", "trash") for o in done):
        say(out, "What was replaced is in the trash: ticli trash lists it.", style="dim")


def not_fixing(out: Console) -> None:
    say(out, "Nothing changed.")


def needs_yes() -> str:
    return "Fixing asks first; add --yes to apply the fixes without asking."


def findings_json(root: Path, findings: Sequence[Finding], outcomes: Sequence[Outcome]) -> str:
    """The findings as data (docs/json.md)."""
    done = {id(o.finding): o for o in outcomes}
    items = []
    for finding in findings:
        item: dict[str, Any] = {
            "kind": finding.kind,
            "path": str(finding.path),
            "line": finding.line,
            "reason": finding.reason or None,
            "other": str(finding.other) if finding.other else None,
            "engine": finding.engine,
            "fix": finding.fix,
        }
        if finding.merged is not None:
            item["merge"] = {
                "answers": {p.prompt_id: p.outcome for p in finding.merged.parts},
                "overruled": [
                    {"field": o.field, "kept": o.kept, "other": o.other}
                    for o in finding.merged.overruled
                ],
            }
        outcome = done.get(id(finding))
        if outcome is not None:
            item["fixed"] = outcome.done
            if not outcome.done:
                item["not_fixed_because"] = outcome.reason
        items.append(item)
    data = {"journal": str(root), "findings": items}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def doctor_hint(out: Console, root: Path, copies: Sequence[Path], unreadable: int) -> None:
    """Said once, at the end of a reading command, when doctor has something to offer:
    a sync tool's copies (the first few named), files that could not be read."""
    parts = []
    if copies:
        names = ", ".join(_where(root, p) for p in copies[:3])
        more = f" and {len(copies) - 3} more" if len(copies) > 3 else ""
        kind = plural(len(copies), "copy of an entry", "copies of entries")
        parts.append(f"{kind} ({names}{more})")
    if unreadable:
        parts.append(plural(unreadable, "file I could not read", "files I could not read"))
    say(
        out,
        Text("ticli doctor has something for you", style="yellow"),
        ": ",
        literal(" and ".join(parts)),
        ". Run: ticli doctor",
    )


def journal_ready(out: Console, root: Path, made: bool) -> None:
    say(out, "Made your journal folder, readable only by you:" if made else "Your journal is in:")
    out.print(Text("  ").append(literal(str(root))), soft_wrap=True)


def gitignore_written(out: Console, path: Path, added: list[str]) -> None:
    if not added:
        say(out, literal(str(path)), " already keeps ticli's own files out of git.")
        return
    say(out, "Wrote ", literal(str(path)), ": it keeps ticli's own files out of git.")
    say(
        out,
        "Next, in that folder: git init, git add -A and git commit; then pull and push "
        "as you like (README: Using ticli on more than one device).",
        style="dim",
    )
