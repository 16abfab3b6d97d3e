"""The privacy guard's screens: findings in context, the review, the report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ticli.model import Entry
from ticli.render.console import literal, plural, say, visible

if TYPE_CHECKING:
    from ticli.analysis.privacy import EntryFindings, Finding
    from ticli.errors import FileProblem

# ---------------------------------------------------------------- the privacy guard


def findings_intro(out: Console, findings: Sequence[Finding]) -> None:
    """Before the review of one answer's findings."""
    from ticli.analysis.privacy import is_jigsaw

    out.print()
    count = plural(len(findings), "detail", "details")
    say(out, Text(f"{count} here might identify someone.", style="yellow"))
    if is_jigsaw(findings):
        say(
            out,
            "Several kinds together (jigsaw identification) can point to one person even "
            "when each alone would not.",
            style="yellow",
        )


def finding_in_context(out: Console, text: str, finding: Finding) -> None:
    from ticli.analysis.privacy import context

    before, found, after = context(text, finding)
    line = Text("  ")
    line.append(literal(before))
    line.append(literal(found, "bold reverse"))
    line.append(literal(after))
    say(out, Text(f"{_capital(finding.label)}:", style="bold"))
    out.print(line)


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


FINDING_CHOICE = "[r]edact it, [e]dit it, or [k]eep it? "
NAME_CHOICE = "[r]edact it, [e]dit it, [k]eep it, or [n]ot a name (never ask again)? "


def finding_choice(is_name: bool) -> str:
    """The review's question; a name can also be marked as not a name."""
    return NAME_CHOICE if is_name else FINDING_CHOICE


def not_a_name(out: Console, word: str, encrypted: bool = False) -> None:
    """After "not a name": where it is remembered."""
    where = ", kept encrypted in the journal" if encrypted else " in config.toml"
    say(
        out,
        literal(f'"{word}" is now on your allow_list{where}; '
                "it will not be asked about again."),
        style="dim",
    )  # fmt: skip


def lists_unreadable(out: Console, problem: FileProblem) -> None:
    """The privacy guard's encrypted lists could not be read: what is typed is kept, and
    checked with config.toml's lists only."""
    say(out, Text("Note: ", style="yellow"), literal(problem.message))
    say(
        out,
        "Your words are kept; the privacy guard checks them with the lists in config.toml "
        "only until that file is mended. " + (problem.hint or ""),
        style="dim",
    )


def finding_replacement(found: str) -> str:
    return f'Replace "{visible(found)}" with: '


def reviewing(out: Console, what: str) -> None:
    say(out, f"Before writing {what}, a look for details that might identify someone.")


def entry_heading(out: Console, entry: Entry) -> None:
    out.print()
    say(
        out,
        Text(f"{entry.created:%Y-%m-%d %H:%M} · {entry.kind}", style="bold"),
        Text(f"  {entry.id}", style="dim"),
    )


def findings_report(
    out: Console,
    findings: Sequence[EntryFindings],
    paths: Mapping[str, Path] | None = None,
    next_step: bool = True,
) -> None:
    """Every finding: the file, the entry, where in it, what was found, and what to do."""
    for found in findings:
        where = paths.get(found.entry.id) if paths else None
        heading = Text(f"{found.entry.created:%Y-%m-%d %H:%M}  {found.entry.id}", style="bold")
        if where:
            heading.append(f"  {where}", style="dim")
        out.print(heading, soft_wrap=True)
        for section, _text, items in found.sections:
            for finding in items:
                line = Text(f"  {section}: {finding.label}: ", style="dim")
                line.append(literal(finding.text))
                out.print(line, soft_wrap=True)
        if found.jigsaw:
            say(
                out,
                "  Several kinds together: take extra care (jigsaw identification).",
                style="yellow",
            )
    total = sum(len(f.findings) for f in findings)
    say(
        out,
        f"{plural(total, 'detail', 'details')} in "
        f"{plural(len(findings), 'entry', 'entries')} might identify someone.",
    )
    if next_step:
        first = findings[0].entry.id if findings else "ID"
        say(
            out,
            f"To change an entry: ticli edit ID (for example, ticli edit {first}).",
            style="dim",
        )


def saved_with_findings(out: Console, found: EntryFindings) -> None:
    """The warning after saving an entry that may identify someone (it is saved all the same)."""
    names = ", ".join(f"{visible(f.text)} ({f.reason})" for f in found.findings)
    say(out, Text("Note: ", style="yellow"), literal(f"this entry may identify someone: {names}."))
    if found.jigsaw:
        say(out, "Together, details like these can identify a person.", style="yellow")
    say(out, f"To change it: ticli edit {found.entry.id}", style="dim")


def no_findings(out: Console) -> None:
    say(out, "Nothing found that looks like it could identify someone.")
    say(
        out,
        "Names are found by a list of names and the words around them; add any it misses "
        "to watch_list in config.toml (see the README).",
        style="dim",
    )


def questions_here(out: Console) -> None:
    """When the output goes to a pipe or a file, the review's questions are asked here."""
    say(out, "(The questions appear here; the output itself goes where you sent it.)", style="dim")


WRITE_ANYWAY = "Write it anyway? [y/N] "


def text_findings(out: Console, what: str, text: str, findings: Sequence[Finding]) -> None:
    """What the final text of a summary or brief holds that may identify someone."""
    from ticli.analysis.privacy import context

    say(out, Text(f"{what} itself holds details that may identify someone:", style="yellow"))
    for finding in findings:
        before, found, after = context(text, finding)
        line = Text(f"  {finding.label}: ", style="dim")
        line.append(literal(before))
        line.append(literal(found, "bold"))
        line.append(literal(after))
        out.print(line, soft_wrap=True)


def choose_one(out: Console, is_name: bool = False) -> None:
    """After Enter or another key at the review's question."""
    also = ", or n if it is not a name" if is_name else ""
    say(out, f"Type r to redact it, e to edit it, or k to keep it as it is{also}.", style="dim")
