"""The quick lane: `ticli list`, `ticli search` and `ticli tags` answered without loading
Typer (about 70 ms of the start, here), when the command line is one it reads with
certainty.

`ticli list` is what people run most, often to see the last few entries, and it should
answer at once however big the journal. The lane takes only what it fully understands:
`list`, `search TEXT` (with `--regex`/`-e`) or `tags`, after `--plain` if given, with the
reading options (`--since DAY`, `--until DAY`, `--tag TAG`/`-t`, repeatable, `--principle
ID`/`-p`, `--kind KIND`/`-k`, `--limit N`/`-n`, `--json`; `tags` has no `--tag` or
`--limit`), each written as its own word followed by its value. Anything else, and every
case that has more to say than the entries (an error, a file that could not be read,
nothing found, an encrypted journal's passphrase unless TICLI_PASSPHRASE_FILE names it), is
handed to the Typer command, which
answers it in full: the lane never says anything the command would not, and
tests/test_quick.py checks that both give the same output for the same words.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ticli.model import Rating
    from ticli.usecases.journal import Journal
    from ticli.usecases.read import FilterOptions

#: Options that take a value, by every name they have: the FilterOptions field.
_VALUED = {
    "--since": "since",
    "--until": "until",
    "--tag": "tags",
    "-t": "tags",
    "--principle": "principle",
    "-p": "principle",
    "--kind": "kind",
    "-k": "kind",
    "--limit": "limit",
    "-n": "limit",
}


#: Flags, by every name they have (`--regex` for `search` only).
_FLAGS = {"--json": "json", "--regex": "regex", "-e": "regex"}


class _HandOver(Exception):
    """The lane stops here; the Typer command answers instead."""


@dataclass(frozen=True)
class CommandLine:
    """A command line the lane reads with certainty."""

    command: str  # "list", "search" or "tags"
    plain: bool
    options: FilterOptions
    as_json: bool
    text: str = ""  # what `search` looks for
    regex: bool = False


def read_args(args: list[str]) -> CommandLine | None:
    """The `list` or `search` command line in `args`, when the lane reads it with
    certainty; None for any other."""
    plain = False
    words = list(args)
    while words and words[0] == "--plain":
        plain = True
        words.pop(0)
    command = words.pop(0) if words else ""
    if command not in ("list", "search", "tags"):
        return None
    values: dict[str, str] = {}
    tags: list[str] = []
    flags: set[str] = set()
    texts: list[str] = []
    rest = iter(words)
    for word in rest:
        flag = _FLAGS.get(word)
        if flag is not None and (command == "search" or flag == "json") and flag not in flags:
            flags.add(flag)
            continue
        if command == "search" and not word.startswith("-") and not texts:
            texts.append(word)  # what to look for
            continue
        field = _VALUED.get(word)
        if command == "tags" and field in ("tags", "limit"):
            return None  # options `tags` does not have: Typer's to say
        value = next(rest, None)
        if field is None or value is None or value.startswith("-") or field in values:
            return None  # not an option it knows, no value, or given twice: Typer's to say
        if field == "tags":
            tags.append(value)
        else:
            values[field] = value
    if command == "search" and not texts:
        return None
    limit = values.pop("limit", None)
    if limit is not None and not (limit.isascii() and limit.isdigit()):
        return None
    number = int(limit) if limit is not None else None
    from ticli.usecases.read import FilterOptions

    options = FilterOptions(tags=tuple(tags), limit=number, **values)
    return CommandLine(command, plain, options, "json" in flags, "".join(texts), "regex" in flags)


def answer(args: list[str], out: TextIO) -> int | None:
    """Answer `args` here (the exit code), or None for the Typer command to answer."""
    line = read_args(args)
    if line is None:
        return None
    code = _answer(line, out)
    if code is not None and "ticli.store.vault" in sys.modules:
        from ticli.usecases.journal import key_file_notes

        said = key_file_notes()  # what was found wrong with the key file, and went on
        if said:
            from ticli.render import console as render
            from ticli.render import encryption as render_encryption

            render_encryption.key_file_notes(render.console(stderr=True), said)
    return code


def _answer(line: CommandLine, out: TextIO) -> int | None:
    if line.plain:
        os.environ["TICLI_PLAIN"] = "1"  # as `ticli --plain` does, for what Rich shows
    written = _Watched(out)
    try:
        if line.command == "search":
            return _search(line, written)
        if line.command == "tags":
            return _tags(line, written)
        return _list(line.options, line.as_json, written)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except Exception as problem:
        if not written.started:
            return None  # any problem is the Typer command's to report, in full
        return _said_after_output(problem)  # not run twice: said as the command says it


class _Watched:
    """The output, noting whether anything was written to it yet."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started = False

    def write(self, text: str) -> None:
        self.started = True
        self.out.write(text)

    def isatty(self) -> bool:
        return self.out.isatty()


def _said_after_output(problem: Exception) -> int:
    """A problem met once output began (a closed pipe, say): said as the command says it."""
    from ticli.cli.options import file_error
    from ticli.errors import TicliError
    from ticli.render import console as render

    if isinstance(problem, OSError):
        render.error(render.console(stderr=True), file_error(problem))
        return 1
    if isinstance(problem, TicliError):
        render.error(render.console(stderr=True), problem)
        return problem.exit_code
    raise problem


def _tags(line: CommandLine, out: _Watched) -> int | None:
    from ticli.dates import local_now
    from ticli.render import listing
    from ticli.usecases.indexing import tag_counts

    counts = tag_counts(_opened(), local_now().date(), line.options)
    if not counts:
        return None  # the command says how to add some
    out.write(listing.tags_json(counts) if line.as_json else listing.tags_listing(counts))
    return 0


def _search(line: CommandLine, out: _Watched) -> int | None:
    from ticli.dates import local_now
    from ticli.usecases import read

    journal = _opened()
    today = local_now().date()
    results, found = read.search_entries(journal, today, line.options, line.text, line.regex)
    if found.problems or not results:
        return None  # files to name, or a word on how search finds words
    if line.as_json:
        from ticli.analysis.formats import entries_to_json

        out.write(entries_to_json([match.entry for match in results]))
        return 0
    from ticli.render import listing

    if not _may_be_a_terminal(out):
        out.write(listing.search_results_plain(results))
        return 0
    from ticli.render import console as render
    from ticli.render import entries as render_entries

    screen = render.console()
    if not screen.is_terminal:
        return None
    screen.print(render_entries.search_results(results), soft_wrap=False)
    return 0


def _list(options: FilterOptions, as_json: bool, out: _Watched) -> int | None:
    from ticli.dates import local_now
    from ticli.usecases import read

    journal = _opened()
    found = read.list_entries(journal, local_now().date(), options)
    if found.problems or not found.entries:
        return None  # files to name, or a friendly word for an empty list
    if as_json:
        from ticli.analysis.formats import entries_to_json

        out.write(entries_to_json(found.entries))
        return 0
    from ticli.render import listing

    def ratings() -> Mapping[str, Rating]:
        return journal.library.ratings

    if not _may_be_a_terminal(out):
        # A pipe or a file: the lines the command writes there, without loading Rich.
        lines = listing.entry_lines(found.entries, listing.pipe_width(), ratings)
        out.write(listing.plain_text(lines) + "\n")
        return 0
    from ticli.render import console as render

    screen = render.console()
    if not screen.is_terminal:
        return None
    lines = listing.entry_lines(found.entries, screen.width, ratings)
    screen.print(listing.styled(lines), soft_wrap=True)
    return 0


def _may_be_a_terminal(out: _Watched) -> bool:
    """True when Rich might take `out` for a terminal: it is one, or the environment
    says to treat it as one (FORCE_COLOR, TTY_COMPATIBLE and the like)."""
    told = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")
    return out.isatty() or any(name in os.environ for name in told)


def _opened() -> Journal:
    from ticli.usecases.journal import open_journal

    journal = open_journal(_IndexProgress(), _no_passphrase)
    say_made_private(journal)
    return journal


def say_made_private(journal: Journal) -> None:
    """Said once, by any command: the journal folder could be read by others, and now cannot."""
    if journal.loosened_mode is not None:
        from ticli.render import console as render

        render.made_private(render.console(stderr=True), journal.root, journal.loosened_mode)


def _no_passphrase() -> bytes:
    """An encrypted journal's passphrase from TICLI_PASSPHRASE_FILE (the lane never asks
    for one: with none there, or one that cannot be used, the command asks or says why)."""
    value = os.environ.get("TICLI_PASSPHRASE_FILE", "").strip()
    if not value:
        raise _HandOver
    from pathlib import Path

    from ticli.usecases.encryption import passphrase_from_regular_file

    # A pipe (`<(pass show ticli)`) can be read once: the command reads it, since the lane
    # may still hand over after reading it.
    passphrase = passphrase_from_regular_file(Path(value).expanduser())
    if passphrase is None:
        raise _HandOver
    return passphrase


class _IndexProgress:
    """The command's progress bar, loaded only when the index has much to read."""

    def __init__(self) -> None:
        self.shown: object = None

    def __call__(self, done: int, total: int) -> None:
        if self.shown is None:
            from ticli.render.progress import IndexProgress

            self.shown = IndexProgress()
        self.shown(done, total)  # type: ignore[operator]
