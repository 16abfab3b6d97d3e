"""The reflection in a terminal: ask, listen, save after every answer.

Input is read with `input()` (so line editing works); everything shown goes
through `render`. Ctrl-C, Ctrl-D or `q` stop at once, and what was answered
is already on disk.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from ticli.errors import FileProblem, TicliError, UsageError
from ticli.model import RATING_MAX, RATING_MIN, Entry, Prompt, checked_tags, has_surrogates
from ticli.render import reflection as render
from ticli.render import review as render_review

if TYPE_CHECKING:
    from rich.console import Console

    from ticli.analysis.privacy import EntryFindings, Finding
    from ticli.usecases.journal import Journal
    from ticli.usecases.privacy import Confirm, GuardWords, Reviewer
    from ticli.usecases.write import Draft, Plan

#: Typed alone as the first line of an answer, this stops the reflection.
STOP_WORD = "q"

ReadLine = Callable[[str], str]


class Stopped(TicliError):
    """The user stopped a review with Ctrl-C or q: nothing was written (exit code 130)."""

    exit_code = 130


class Stop(Exception):
    """The user asked to stop (q, Ctrl-C or Ctrl-D), perhaps part-way through an answer."""

    def __init__(self, unfinished: str = "") -> None:
        super().__init__()
        self.unfinished = unfinished


def ask_beside_output(prompt: str) -> str:
    """Read a line, with the prompt on stderr when stdout is a pipe or a file, so that
    questions never end up in what is being written out (`ticli brief | less`)."""
    if sys.stdout.isatty():
        return input(prompt)
    sys.stderr.write(prompt)
    sys.stderr.flush()
    return input()


def _read(prompt: str) -> str:
    # Looked up at each call, so a test's stand-in for input() is used.
    return input(prompt)


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
    read_line: ReadLine | None = None,
    flagged: bool = False,
) -> Draft:
    """Ask the planned prompts, then the check-ins and tags; save after every answer."""
    from ticli.usecases.write import Draft

    draft = Draft(journal, kind, now)
    if flagged:
        draft.set_flag(True)
    asker = Asker(out, read_line or _read)
    render.reflection_intro(out, len(plan.prompts), len(plan.ratings), journal.root)
    return _ask_and_close(draft, plan, asker, lambda: _ask_prompts(journal, draft, plan, asker))


def _ask_and_close(
    draft: Draft, plan: Plan, asker: Asker, first: Callable[[], None] | None
) -> Draft:
    """Ask `first` (the prompts), then the check-ins and tags; close kindly either way."""
    out = asker.out
    try:
        if first is not None:
            first()
        if draft.path is not None or first is not None:
            _ask_ratings(draft, plan, asker)
            _ask_tags(draft, asker)
    except (Stop, KeyboardInterrupt):
        # Ctrl-C can also land between two questions, while one is being shown.
        render.reflection_stopped(out, draft.path, len(draft.entry.answers))
        return draft
    render.reflection_closing(out, draft.path, len(draft.entry.answers), draft.entry.flagged)
    return draft


def reflect_in_editor(
    journal: Journal,
    plan: Plan,
    out: Console,
    now: datetime,
    kind: str = "daily",
    read_line: ReadLine | None = None,
) -> Draft:
    """Write the answers in an editor, then offer the check-ins and tags in the terminal.

    The draft stays in the journal folder when the editor fails, so nothing
    typed is lost; it is let go only once the answers are saved.
    """
    from ticli.cli.editor import editor_command, run_editor
    from ticli.usecases.write import finish_editor_draft, keep_editor_draft, start_editor_draft

    command = editor_command(journal.config.editor)
    render.opening_editor(out, command[0])
    draft_file = start_editor_draft(journal, plan, render.EDITOR_INSTRUCTIONS)
    try:
        code = run_editor(command, draft_file)
    except KeyboardInterrupt:
        kept = keep_editor_draft(journal, draft_file)
        raise UsageError("Stopped; nothing was saved.", hint=render.draft_kept(kept)) from None
    if code != 0:
        kept = keep_editor_draft(journal, draft_file)
        raise UsageError(
            f"The editor closed with an error (exit code {code}); nothing was saved.",
            hint=render.draft_kept(kept),
        )
    draft = finish_editor_draft(journal, draft_file, render.EDITOR_INSTRUCTIONS, kind, now)
    return _ask_and_close(draft, plan, Asker(out, read_line or _read), None)


def _ask_prompts(journal: Journal, draft: Draft, plan: Plan, asker: Asker) -> None:
    from ticli.usecases.privacy import guard_words

    out = asker.out
    # What the privacy review looks for is made after the first answer, not before the
    # first question: its patterns take a moment to load, and the question comes first.
    words: GuardWords | None = None
    for number, prompt in enumerate(plan.prompts, start=1):
        principle = journal.library.principles[prompt.principle].name
        render.prompt_heading(out, number, len(plan.prompts), prompt, principle)
        try:
            text = asker.answer()
        except Stop as stop:
            # The lines typed before stopping are the user's words too: keep them.
            _keep(draft, prompt, stop.unfinished, out)
            raise
        if not text.strip():
            render.prompt_skipped(out)
            continue
        if words is None:
            try:
                words = guard_words(journal)
            except FileProblem as problem:  # the answer is kept all the same
                render_review.lists_unreadable(out, problem)
                words = guard_words(journal, own_lists=False)
        try:
            text = review_findings(text, words, asker)
        except Stop:
            # Stopping during the review keeps the answer as it was typed.
            _keep(draft, prompt, text, out)
            raise
        _keep(draft, prompt, text, out)
        render.answer_saved(out)
        if prompt.heavy and journal.config.grounding_pause:
            asker.offer_pause()


def _keep(draft: Draft, prompt: Prompt, text: str, out: Console) -> None:
    """Save an answer; if the disk refuses, show the words so they can be copied, then stop."""
    try:
        draft.add_answer(prompt, text)
    except OSError:
        render.not_saved(out, text)
        raise


def _ask_ratings(draft: Draft, plan: Plan, asker: Asker) -> None:
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


def _ask_tags(draft: Draft, asker: Asker) -> None:
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


def review_findings(text: str, words: GuardWords, asker: Asker) -> str:
    """Show each detail that may identify someone, in context, and why it was flagged;
    redact, edit or keep it. A name can be marked "not a name, never ask again"."""
    from ticli.analysis.privacy import REDACTED

    findings = [f for f in words.find(text) if f.text.lower() not in asker.not_names]
    if not findings:
        return text
    render_review.findings_intro(asker.out, findings)
    shift = 0  # how far earlier changes have moved the text after them
    for original in findings:  # in reading order, each shown in the text as it now is
        if original.text.lower() in asker.not_names:
            continue  # marked "not a name" earlier in this review
        finding = replace(original, start=original.start + shift, end=original.end + shift)
        render_review.finding_in_context(asker.out, text, finding)
        is_name = finding.kind == "name"
        while True:
            # No default: for a privacy guard, keeping a detail is a choice, not a reflex.
            choice = asker.line(render_review.finding_choice(is_name)).strip().lower()
            if choice in ("r", "redact"):
                new = REDACTED
            elif choice in ("e", "edit"):
                new = asker.line(render_review.finding_replacement(finding.text))
            elif choice in ("k", "keep"):
                new = finding.text
            elif is_name and choice in ("n", "not a name"):
                new = finding.text
                asker.not_names.add(finding.text.lower())
                if words.never_ask is not None:
                    words.never_ask(finding.text)
                    render_review.not_a_name(asker.out, finding.text, words.encrypted)
            else:
                render_review.choose_one(asker.out, is_name)
                continue
            break
        text = text[: finding.start] + new + text[finding.end :]
        shift += len(new) - len(finding.text)
    return text


class Asker:
    """Reads lines, turning Ctrl-C, Ctrl-D and non-UTF-8 input into something gentle.

    Public: the questions of `cpd_terminal` are read through it too."""

    def __init__(self, out: Console, read_line: ReadLine) -> None:
        self.out = out
        self.read_line = read_line
        #: Words marked "not a name" in this review, in lower case: not asked again.
        self.not_names: set[str] = set()

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


def ask_yes_no(question: str, default: bool, read_line: ReadLine | None = None) -> bool:
    """Ask a yes/no question: y, yes, n or no in any case; Enter takes the default shown.

    Anything else asks again. Ctrl-C or Ctrl-D means no.
    """
    while True:
        try:
            reply = (read_line or input)(question).strip().lower()
        except (KeyboardInterrupt, EOFError):
            print(file=sys.stderr)
            return False
        if not reply:
            return default
        if reply in ("y", "yes"):
            return True
        if reply in ("n", "no"):
            return False
        print(render.YES_OR_NO, file=sys.stderr)


def review_entries(
    findings: Sequence[EntryFindings],
    words: GuardWords,
    out: Console,
    read_line: ReadLine | None = None,
) -> dict[str, Entry]:
    """Review every finding of every entry; return the entries as they should be written out.

    Only the copies that leave the journal change; the journal itself is untouched.
    Stopping (q, Ctrl-C) stops the whole output: nothing is written.
    """
    asker = Asker(out, read_line or input)
    reviewed: dict[str, Entry] = {}
    try:
        for found in findings:
            entry = found.entry
            render_review.entry_heading(out, entry)
            note = review_findings(entry.note, words, asker) if entry.note else ""
            answers = tuple(
                replace(a, text=review_findings(a.text, words, asker)) for a in entry.answers
            )
            actions = tuple(review_findings(a, words, asker) for a in entry.actions)
            tags = _review_tags(entry.tags, words, asker)
            reviewed[entry.id] = replace(
                entry, note=note, answers=answers, actions=actions, tags=tags
            )
    except Stop:
        print(file=sys.stderr)
        raise Stopped("Stopped. Nothing was written.") from None
    return reviewed


def _review_tags(tags: Sequence[str], words: GuardWords, asker: Asker) -> tuple[str, ...]:
    """Review each tag as the words it stands for; a redacted tag is left out."""
    from ticli.analysis.privacy import REDACTED, tag_words

    kept: list[str] = []
    for tag in tags:
        said = tag_words(tag)
        reviewed = review_findings(said, words, asker)
        if reviewed == said:
            kept.append(tag)
        elif REDACTED not in reviewed and reviewed.strip():
            kept.extend(checked_tags([reviewed.strip()]))
    return tuple(dict.fromkeys(kept))


def reviewer(out: Console) -> Reviewer:
    """The privacy review in this terminal, for the guard of brief, export and summary."""

    def review(what: str, findings: Sequence[EntryFindings], words: GuardWords) -> dict[str, Entry]:
        render_review.reviewing(out, what.lower())
        if not sys.stdout.isatty():
            render_review.questions_here(out)
        return review_entries(findings, words, out, read_line=ask_beside_output)

    return review


def confirm_text(out: Console) -> Confirm:
    """Ask, in this terminal, whether to write out a text that may identify someone."""

    def confirm(what: str, text: str, findings: list[Finding]) -> bool:
        render_review.text_findings(out, what, text, findings)
        return ask_yes_no(render_review.WRITE_ANYWAY, default=False, read_line=ask_beside_output)

    return confirm
