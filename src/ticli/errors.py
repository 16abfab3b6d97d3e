"""The errors ticli reports to the user; the CLI turns them into messages and exit codes."""

from __future__ import annotations


class TicliError(Exception):
    """A problem the user can fix; its message is shown as is, without a traceback."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(TicliError):
    """Bad input on the command line or stdin: unknown id, bad date, rating out of range."""

    exit_code = 2


class FileProblem(TicliError):
    """A file ticli reads (library, config) is not as documented; names the file and line."""

    exit_code = 2

    def __init__(self, path: str, line: int | None, reason: str, hint: str | None = None) -> None:
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {reason}", hint)
        self.path = path
        self.line = line
        self.reason = reason


class EntryProblem(FileProblem):
    """A journal entry file that cannot be read; it is skipped and never touched."""


class SameId(EntryProblem):
    """A second file with an id another file already has: a sync tool's copy, say."""
