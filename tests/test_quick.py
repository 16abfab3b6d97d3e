"""The quick lane (cli/quick.py): `ticli list` answered without Typer gives exactly what the
Typer command gives, for any command line it takes, and hands every other case over."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ticli.cli import quick
from ticli.cli.app import app


def _journal(runner: CliRunner) -> None:
    for args in (
        ["note", "An old note about the café", "--at", "2025-01-10T09:00", "-t", "archive"],
        ["today", "-a", "strengths-today=Resilient team. [bold]Not bold[/]", "-t", "team",
         "--at", "2026-10-01T17:00", "--rate", "capacity=4"],
        ["today", "--rate", "capacity=2", "--at", "2026-10-02T17:00"],
        ["today", "-a", "triggers-what-helped=A CAFÉ break helped\nand a walk", "-t", "team",
         "-t", "shift", "--at", "2026-11-15T20:00"],
        ["note", "Supervision prep \x1b[31m 漢字の日記 and a long line of words after it",
         "--at", "2026-11-22T08:00"],
        ["flag", "--last"],
    ):  # fmt: skip
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output


def _typer(runner: CliRunner, args: list[str]) -> tuple[int, str]:
    done = runner.invoke(app, args)
    return done.exit_code, done.stdout


def _quick(args: list[str]) -> tuple[int, str] | None:
    out = io.StringIO()
    code = quick.answer(args, out)
    return None if code is None else (code, out.getvalue())


@pytest.fixture
def filled(runner: CliRunner, journal_home: Path) -> Path:
    _journal(runner)
    return journal_home


# Words a list command line is made of: options, good values, bad values, strays.
_WORDS = st.sampled_from(
    ["--since", "--until", "--tag", "-t", "--principle", "-p", "--kind", "-k", "--limit",
     "-n", "--json", "--plain", "--", "--limit=2", "-n2", "--bogus", "--help",
     "2026-10-01", "7d", "1y", "2026-13-01", "team", "#Team", "shift", "nope", "triggers",
     "strengths", "note", "daily", "dream", "1", "2", "0", "-1", "٣", "abc", ""]
)  # fmt: skip


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    command=st.sampled_from(["list", "search", "tags"]),
    words=st.lists(_WORDS | st.sampled_from(["cafe", "team", "-e", "--regex", "b.*k"]), max_size=6),
    plain=st.booleans(),
)
def test_the_lane_answers_as_the_command_does(
    runner: CliRunner, filled: Path, command: str, words: list[str], plain: bool
) -> None:
    args = [*(["--plain"] if plain else []), command, *words]
    quick_answer = _quick(args)
    os.environ.pop("TICLI_PLAIN", None)  # as each process starts
    if quick_answer is not None:
        assert quick_answer == _typer(runner, args), args
    os.environ.pop("TICLI_PLAIN", None)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--limit", "2"],
        ["list", "-n", "1", "--json"],
        ["list", "--tag", "team", "-t", "shift"],
        ["list", "--since", "2026-10-01", "--until", "2026-11-30", "--kind", "daily"],
        ["list", "--principle", "strengths"],
        ["--plain", "list"],
        ["search", "cafe"],
        ["search", "team", "--since", "2026-01-01", "--json"],
        ["search", "-e", "CAF.", "--limit", "1"],
        ["--plain", "search", "walk"],
        ["tags"],
        ["tags", "--json", "--since", "2026-01-01"],
        ["tags", "-k", "daily"],
    ],
)
def test_the_lane_takes_the_usual_command_lines(
    runner: CliRunner, filled: Path, args: list[str]
) -> None:
    answered = _quick(args)
    os.environ.pop("TICLI_PLAIN", None)
    assert answered is not None
    assert answered == _typer(runner, args)
    os.environ.pop("TICLI_PLAIN", None)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--limit", "0"],  # an error: the command says it
        ["list", "--kind", "dream"],
        ["list", "--since", "2026-13-01"],
        ["list", "--help"],
        ["list", "--limit=2"],
        ["list", "--tag", "nope"],  # nothing found: the command's friendly words
        ["list", "--passphrase-file", "x"],
        ["search", "nothing-like-this"],  # the command says how search finds words
        ["search"],
        ["search", "team", "extra"],
        ["search", "--", "-x"],
        ["tags", "--tag", "team"],  # tags has no --tag: the command says so
        ["tags", "--limit", "2"],
        ["tags", "--kind", "note", "--since", "2026-11-01"],  # none: how to add some
        ["show", "--last"],
    ],
)
def test_the_lane_hands_over_what_has_more_to_say(filled: Path, args: list[str]) -> None:
    assert _quick(args) is None


def test_an_empty_journal_is_the_commands_to_greet(journal_home: Path) -> None:
    assert _quick(["list"]) is None


def test_a_file_that_cannot_be_read_is_named_by_the_command(
    runner: CliRunner, filled: Path
) -> None:
    broken = next(filled.rglob("*.md"))
    broken.write_bytes(b"\xff\xfe not an entry")
    assert _quick(["list"]) is None
    done = subprocess.run(
        [sys.executable, "-m", "ticli", "list"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert broken.name in done.stderr
    assert "Resilient team" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--limit", "2", "--json"],
        ["search", "café"],
        ["tags"],
        ["list", "-t", "team"],
    ],
)
def test_an_encrypted_journal_with_a_passphrase_file_is_answered_as_the_command_does(
    runner: CliRunner,
    filled: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    secret = tmp_path / "passphrase"
    secret.write_text("quick lane test passphrase\n")
    secret.chmod(0o600)
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", str(secret))
    done = runner.invoke(
        app, ["encrypt", "--recovery-key-out", str(tmp_path / "recovery.txt"), "--yes"]
    )
    assert done.exit_code == 0, done.output
    quick_answer = _quick(args)
    assert quick_answer is not None and quick_answer[0] == 0
    assert quick_answer == _typer(runner, args)
    # Without the file, or with a wrong passphrase in it, the command asks or says why.
    secret.write_text("not the passphrase at all\n")
    assert _quick(args) is None
    monkeypatch.delenv("TICLI_PASSPHRASE_FILE")
    assert _quick(args) is None
    secret.write_text("quick lane test passphrase\n")
    secret.chmod(0o644)  # a file others can read is refused, by the command
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", str(secret))
    assert _quick(args) is None


def test_ticli_list_loads_neither_typer_nor_rich(filled: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ticli", "list", "--limit", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Supervision prep" in done.stdout
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()[1:]}
    assert not {m for m in modules if m.split(".")[0] in ("typer", "click")}
    # Rich's measure of wide letters (漢字 here) is used; its console is not.
    assert not {m for m in modules if m.startswith(("rich.console", "rich.text"))}
    assert "ticli.prompts" not in modules  # the newest entry does not need the prompt library


def test_a_pipe_is_as_wide_as_the_terminal_ticli_was_started_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`ticli list | less` fits the terminal (as Rich measures it): COLUMNS, else the
    size of the first standard stream that is a terminal, else 80."""
    from ticli.render import listing

    monkeypatch.delenv("COLUMNS", raising=False)
    sizes = {0: OSError, 1: OSError, 2: os.terminal_size((57, 20))}

    def size(fd: int) -> os.terminal_size:
        found = sizes[fd]
        if found is OSError:
            raise OSError("not a terminal")
        return found  # type: ignore[return-value]

    monkeypatch.setattr(os, "get_terminal_size", size)
    assert listing.pipe_width() == 57
    sizes[2] = OSError
    assert listing.pipe_width() == 80
    monkeypatch.setenv("COLUMNS", "33")
    assert listing.pipe_width() == 33


class _ClosedAfterOneWrite(io.StringIO):
    def write(self, text: str) -> int:
        if self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


def test_a_problem_after_output_began_is_said_not_run_again(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closed pipe once the list is half written: said (exit 1), not handed to the
    command to write the list a second time."""
    from ticli.render import listing

    real = listing.plain_text
    monkeypatch.setattr(listing, "plain_text", lambda lines: real(lines) + "\n")
    out = _ClosedAfterOneWrite()
    first = out.write("already written\n")
    assert first
    assert quick.answer(["list"], out) == 1


PASSPHRASE = "quick lane test passphrase"


@pytest.mark.parametrize(
    "args", [["search", "nowhere-in-the-journal"], ["list", "-k", "supervision"]]
)
def test_a_passphrase_given_through_a_pipe_is_read_once(
    runner: CliRunner, journal_home: Path, tmp_path: Path, args: list[str]
) -> None:
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    done = runner.invoke(app, ["note", "An old note about the café"])
    assert done.exit_code == 0, done.output
    done = runner.invoke(
        app,
        ["--passphrase-file", str(secret), "encrypt", "--yes",
         "--recovery-key-out", str(tmp_path / "recovery.txt")],
    )  # fmt: skip
    assert done.exit_code == 0, done.output

    read, write = os.pipe()  # what `TICLI_PASSPHRASE_FILE=<(pass show ticli)` gives
    os.write(write, (PASSPHRASE + "\n").encode())
    os.close(write)
    env = {**os.environ, "TICLI_PASSPHRASE_FILE": f"/dev/fd/{read}"}
    try:
        ran = subprocess.run(
            [sys.executable, "-m", "ticli", *args],
            env=env, pass_fds=(read,), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(read)
    # Nothing matches: the command's friendly word, exit 0 (as before this change).
    assert ran.returncode == 0, ran.stderr
    assert "passphrase file" not in ran.stderr
