"""The reflection in a terminal: ask, listen, save after every answer.

Input is read with `input()` (so line editing works); everything shown goes
through `render`. Ctrl-C, Ctrl-D or `q` stop at once, and what was answered
is already on disk.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from ticli import render, store
from ticli.errors import EntryProblem, TicliError, UsageError
from ticli.journal import Draft, Journal, Plan, checked_tags
from ticli.model import RATING_MAX, RATING_MIN, Answer, Entry, has_surrogates

if TYPE_CHECKING:
    from ticli.privacy import EntryFindings

#: Typed alone as the first line of an answer, this stops the reflection.
STOP_WORD = "q"

ReadLine = Callable[[str], str]


class Stop(Exception):
    """The user asked to stop (q, Ctrl-C or Ctrl-D), perhaps part-way through an answer."""

    def __init__(self, unfinished: str = "") -> None:
        super().__init__()
        self.unfinished = unfinished


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_stdin(what: str) -> str:
    """Read all of stdin as UTF-8; refuse anything else with a clear message."""
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{what} on standard input is not UTF-8 text (at byte {error.start + 1}).",
            hint="Nothing was written. Convert the text to UTF-8, e.g. with iconv.",
        ) from None


def run_reflection(
    journal: Journal,
    plan: Plan,
    out: Console,
    now: datetime,
    kind: str = "daily",
    read_line: ReadLine = input,
    flagged: bool = False,
) -> Draft:
    """Ask the planned prompts, then the check-ins and tags; save after every answer."""
    draft = Draft(journal, kind, now)
    if flagged:
        draft.set_flag(True)
    asker = _Asker(out, read_line)
    render.reflection_intro(out, len(plan.prompts), len(plan.ratings), journal.root)
    try:
        _ask_prompts(journal, draft, plan, asker)
        _ask_ratings(draft, plan, asker)
        _ask_tags(draft, asker)
    except (Stop, KeyboardInterrupt):
        # Ctrl-C can also land between two questions, while one is being shown.
        render.reflection_stopped(out, draft.path, len(draft.entry.answers))
        return draft
    render.reflection_closing(out, draft.path, len(draft.entry.answers))
    return draft


def reflect_in_editor(
    journal: Journal,
    plan: Plan,
    out: Console,
    now: datetime,
    kind: str = "daily",
    read_line: ReadLine = input,
) -> Draft:
    """Write the answers in an editor, then offer the check-ins and tags in the terminal."""
    note, answers, written = answers_in_editor(journal, plan)
    draft = Draft(journal, kind, now)
    if note:
        draft.set_note(note)
    for answer in answers:
        if answer.prompt_id in journal.library.prompts:
            draft.add_answer(journal.library.prompts[answer.prompt_id], answer.text)
        else:
            # A heading of the user's own: kept as written, with no principle.
            draft.keep_answer(answer)
    # Only now that the answers are in the journal is the draft let go.
    written.unlink()
    asker = _Asker(out, read_line)
    try:
        if draft.path is not None:
            _ask_ratings(draft, plan, asker)
            _ask_tags(draft, asker)
    except (Stop, KeyboardInterrupt):
        render.reflection_stopped(out, draft.path, len(draft.entry.answers))
        return draft
    render.reflection_closing(out, draft.path, len(draft.entry.answers))
    return draft


def _ask_prompts(journal: Journal, draft: Draft, plan: Plan, asker: _Asker) -> None:
    out = asker.out
    for number, prompt in enumerate(plan.prompts, start=1):
        principle = journal.library.principles[prompt.principle].name
        render.prompt_heading(out, number, len(plan.prompts), prompt, principle)
        try:
            text = asker.answer()
        except Stop as stop:
            # The lines typed before stopping are the user's words too: keep them.
            draft.add_answer(prompt, stop.unfinished)
            raise
        if not text.strip():
            render.prompt_skipped(out)
            continue
        try:
            text = review_findings(text, journal.config.watch_list, asker)
        except Stop:
            # Stopping during the review keeps the answer as it was typed.
            draft.add_answer(prompt, text)
            raise
        draft.add_answer(prompt, text)
        render.answer_saved(out)
        if prompt.heavy and journal.config.grounding_pause:
            asker.offer_pause()


def _ask_ratings(draft: Draft, plan: Plan, asker: _Asker) -> None:
    if not plan.ratings:
        return
    render.ratings_intro(asker.out)
    for rating in plan.ratings:
        render.rating_question(asker.out, rating)
        while True:
            reply = asker.line("> ").strip()
            if reply == STOP_WORD:
                raise Stop
            if not reply:
                break
            if reply.isdigit() and RATING_MIN <= int(reply) <= RATING_MAX:
                draft.set_rating(rating.id, int(reply))
                break
            render.rating_again(asker.out)
    asker.out.print()


def _ask_tags(draft: Draft, asker: _Asker) -> None:
    while True:
        reply = asker.line(render.TAGS_QUESTION).strip()
        if reply == STOP_WORD:
            raise Stop
        try:
            tags = checked_tags([reply], words=True)
        except UsageError as problem:
            render.tag_problem(asker.out, problem)
            continue
        if tags:
            draft.set_tags(list(tags))
        return


def review_findings(text: str, watch_list: Sequence[str], asker: _Asker) -> str:
    """Show each detail that may identify someone, in context; redact, edit or keep it."""
    from ticli.privacy import REDACTED, find_identifiers

    findings = find_identifiers(text, watch_list)
    if not findings:
        return text
    render.findings_intro(asker.out, findings)
    shift = 0  # how far earlier changes have moved the text after them
    for original in findings:  # in reading order, each shown in the text as it now is
        finding = replace(original, start=original.start + shift, end=original.end + shift)
        render.finding_in_context(asker.out, text, finding)
        while True:
            # No default: for a privacy guard, keeping a detail is a choice, not a reflex.
            choice = asker.line(render.FINDING_CHOICE).strip().lower()
            if choice in ("r", "redact"):
                new = REDACTED
            elif choice in ("e", "edit"):
                new = asker.line(render.finding_replacement(finding.text))
            elif choice in ("k", "keep"):
                new = finding.text
            else:
                continue
            break
        text = text[: finding.start] + new + text[finding.end :]
        shift += len(new) - len(finding.text)
    return text


class _Asker:
    """Reads lines, turning Ctrl-C, Ctrl-D and non-UTF-8 input into something gentle."""

    def __init__(self, out: Console, read_line: ReadLine) -> None:
        self.out = out
        self.read_line = read_line

    def line(self, prompt: str = "") -> str:
        while True:
            try:
                line = self.read_line(prompt)
            except (KeyboardInterrupt, EOFError):
                raise Stop from None
            except UnicodeDecodeError:
                line = "\udcff"  # treated below like any other undecodable line
            # Under a UTF-8 or C locale Python hands over bad bytes as lone surrogates.
            if not has_surrogates(line):
                return line
            render.not_utf8(self.out)

    def answer(self) -> str:
        """Read lines until an empty one; `q` alone on the first line stops."""
        lines: list[str] = []
        while True:
            try:
                line = self.line("> " if not lines else "  ")
            except Stop:
                raise Stop("\n".join(lines)) from None
            if not lines and line.strip() == STOP_WORD:
                raise Stop
            if not line.strip():
                return "\n".join(lines)
            lines.append(line)

    def offer_pause(self) -> None:
        if self.line(render.PAUSE_OFFER).strip().lower() in ("y", "yes"):
            render.grounding_pause(self.out)
            self.line(render.PAUSE_DONE)
        self.out.print()


# ---------------------------------------------------------------- the editor


def editor_command(configured: str | None) -> list[str]:
    """The editor to run: config, then $VISUAL, then $EDITOR, then nano or vi."""
    for choice in (configured, os.environ.get("VISUAL"), os.environ.get("EDITOR")):
        if choice and choice.strip():
            return shlex.split(choice)
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise UsageError(
        "I could not find an editor to open.",
        hint='Set $EDITOR (for example: export EDITOR=nano) or editor = "..." in config.toml.',
    )


def answers_in_editor(journal: Journal, plan: Plan) -> tuple[str, list[Answer], Path]:
    """Write the questions to a private draft, open the editor, and read the answers back.

    The draft stays in the journal folder when the editor fails, so nothing
    typed is lost; the caller removes it once the answers are saved.
    """
    command = editor_command(journal.config.editor)
    render.opening_editor(render.console(), command[0])
    template = store.answer_template(plan.prompts, render.EDITOR_INSTRUCTIONS)
    draft = store.write_draft(journal.root, template)
    try:
        finished = subprocess.run([*command, str(draft)], check=False)
    except OSError as error:
        raise UsageError(
            f"I could not start the editor '{command[0]}' ({error.strerror}).",
            hint="Set $EDITOR to an editor that is installed.",
        ) from None
    if finished.returncode != 0:
        code = finished.returncode
        raise UsageError(
            f"The editor closed with an error (exit code {code}); nothing was saved.",
            hint=f"What you typed is still in {draft}.",
        )
    note, answers = store.read_answer_template(draft, render.EDITOR_INSTRUCTIONS)
    return note, answers, draft


# ---------------------------------------------------------------- editing an entry

AskAgain = Callable[[], bool]


def edit_entry(
    journal: Journal, entry: Entry | None, path: Path, out: Console, ask_again: AskAgain | None
) -> None:
    """Open an entry in the editor; save the edit only if it still reads as an entry.

    The editor works on a private copy beside the entry. A broken edit is shown
    with its line; the user may edit again (when `ask_again` can ask) or stop,
    and then the edit is kept beside the entry, clearly named. The entry's id
    and created time cannot change. `entry` is None for a file that cannot be
    read yet, which an edit may mend.
    """
    command = editor_command(journal.config.editor)
    render.opening_editor(out, command[0])
    original = path.read_bytes()
    copy = store.edit_copy(path)
    while True:
        try:
            finished = subprocess.run([*command, str(copy)], check=False)
        except OSError as error:
            copy.unlink()
            raise UsageError(
                f"I could not start the editor '{command[0]}' ({error.strerror}).",
                hint="Set $EDITOR to an editor that is installed.",
            ) from None
        edited = copy.read_bytes()
        if finished.returncode != 0:
            _give_up(copy, path, edited != original, f"exit code {finished.returncode}")
        if edited == original:
            copy.unlink()
            render.kept(out)
            return
        problem = _edit_problem(edited, str(path), entry)
        if problem is None:
            store.accept_edit(copy, path)
            render.edit_saved(out, path)
            return
        render.edit_problem(out, problem)
        if ask_again is None or not ask_again():
            _give_up(copy, path, True, "the edit does not read as an entry")


def _edit_problem(edited: bytes, path: str, entry: Entry | None) -> EntryProblem | None:
    try:
        new = store.parse_entry(edited, path)
    except EntryProblem as problem:
        return problem
    if entry is not None and (new.id != entry.id or new.created != entry.created):
        return EntryProblem(path, None, "the id and the created time of an entry cannot change")
    return None


def _give_up(copy: Path, path: Path, keep: bool, why: str) -> None:
    if not keep:
        copy.unlink()
        raise EditNotSaved(f"The entry was not changed ({why}).")
    kept = store.keep_edit(copy, path)
    raise EditNotSaved(
        f"The entry was not changed ({why}).",
        hint=f"Your edit is kept in {kept}. Nothing in it is lost.",
    )


class EditNotSaved(TicliError):
    """The editor failed or the edit did not read as an entry; the entry is unchanged."""

    exit_code = 1


def ask_yes_no(question: str, default: bool) -> bool:
    """Ask a yes/no question on the terminal; Ctrl-C or Ctrl-D means no."""
    try:
        reply = input(question).strip().lower()
    except (KeyboardInterrupt, EOFError):
        print()
        return False
    return default if not reply else reply in ("y", "yes")


def review_entries(
    findings: Sequence[EntryFindings],
    watch_list: Sequence[str],
    out: Console,
    read_line: ReadLine | None = None,
) -> dict[str, Entry]:
    """Review every finding of every entry; return the entries as they should be written out.

    Only the copies that leave the journal change; the journal itself is untouched.
    Stopping (q, Ctrl-C) stops the whole output: nothing is written.
    """
    asker = _Asker(out, read_line or input)
    reviewed: dict[str, Entry] = {}
    try:
        for found in findings:
            entry = found.entry
            render.entry_heading(out, entry)
            note = review_findings(entry.note, watch_list, asker) if entry.note else ""
            answers = tuple(
                replace(a, text=review_findings(a.text, watch_list, asker)) for a in entry.answers
            )
            actions = tuple(review_findings(a, watch_list, asker) for a in entry.actions)
            reviewed[entry.id] = replace(entry, note=note, answers=answers, actions=actions)
    except Stop:
        raise TicliError("Stopped. Nothing was written.") from None
    return reviewed
