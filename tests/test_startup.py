"""Start-up stays light: a command imports what it needs, not the whole of ticli
(see "Start-up time matters" in CONTRIBUTING.md)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import local_now, make_entry
from typer.testing import CliRunner

from ticli import store

#: Only writing, editing, reviewing, exporting or summarising needs these.
NOT_FOR_READING = {
    "ticli.cli.terminal",
    "ticli.cli.editor",
    "ticli.usecases.write",
    "ticli.usecases.change",
    "ticli.usecases.exchange",
    "ticli.usecases.patterns",
    "ticli.analysis.privacy",
    "ticli.analysis.formats",
    "ticli.analysis.summary",
    "phonenumbers",
    "tomli_w",
    "rich.markdown",  # only to show an entry in a terminal
    # Only `ticli report` draws charts.
    "ticli.analysis.report",
    "ticli.usecases.report",
    "ticli.render.report_html",
    "ticli.render.report_svg",
    "ticli.render.report_lines",
    "ticli.render.report_grids",
    "ticli.render.report_bars",
}


def imported(*args: str) -> set[str]:
    """The modules `python -m ticli ARGS` imports (standard output not a terminal)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ticli", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}


def test_help_loads_neither_the_journal_nor_rich() -> None:
    modules = imported("--help")
    assert "ticli.cli.journal_commands" in modules
    heavy = {m for m in modules if m.startswith(("ticli.store", "ticli.render", "rich"))}
    assert sorted(heavy | (modules & NOT_FOR_READING)) == []


@pytest.mark.parametrize(
    "args", [("list", "--limit", "5"), ("show", "--last"), ("search", "debrief")]
)
def test_reading_commands_load_only_what_they_need(
    args: tuple[str, ...], journal_home: Path
) -> None:
    when = local_now().replace(microsecond=0) - timedelta(days=1)
    store.write_entry(journal_home, make_entry(when, [("strengths-today", "The debrief helped.")]))
    modules = imported(*args)
    assert "ticli.usecases.read" in modules
    assert sorted(modules & NOT_FOR_READING) == []


#: What the quick lane never needs for an ordinary journal, into a pipe: the index's
#: name is hashed without loading OpenSSL, and entries ticli wrote are read without
#: tomllib (its quick path reads them).
NOT_FOR_THE_QUICK_LANE = {"typer", "click", "rich", "tomllib", "hashlib", "_hashlib"}


@pytest.mark.parametrize(
    "args", [("list", "--limit", "5"), ("search", "debrief"), ("tags",), ("list", "--tag", "x")]
)
def test_the_quick_lane_loads_no_parser_and_no_openssl(
    args: tuple[str, ...], journal_home: Path
) -> None:
    when = local_now().replace(microsecond=0) - timedelta(days=1)
    entry = make_entry(when, [("strengths-today", "The debrief helped.")])
    store.write_entry(journal_home, dataclasses.replace(entry, tags=("x",)))
    for _ in range(2):  # the first builds the index; the second reads it
        modules = imported(*args)
    assert "ticli.cli.quick" in modules and "ticli.usecases.read" in modules
    assert sorted(modules & NOT_FOR_THE_QUICK_LANE) == []


# -------------------------------------------------- only the command being run is built


def _names(app: object) -> list[str]:
    from ticli.cli.app import _name_of

    commands = [_name_of(c) for c in app.registered_commands]  # type: ignore[attr-defined]
    return commands + [g.name for g in app.registered_groups]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "terminal", "expected"),
    [
        (["list", "--limit", "5"], False, ["list"]),
        (["--plain", "search", "x"], False, ["search"]),
        (["--passphrase-file", "/p", "show", "--last"], False, ["show"]),
        (["--passphrase-file=/p", "tags"], False, ["tags"]),
        (["supervision", "done"], False, ["supervision"]),
        (["cpd", "add"], False, ["cpd"]),
        ([], True, ["today"]),
    ],
)
def test_a_command_is_built_alone(args: list[str], terminal: bool, expected: list[str]) -> None:
    from ticli.cli.app import narrowed

    assert _names(narrowed(args, terminal)) == expected


@pytest.mark.parametrize(
    "args", [[], ["--help"], ["-h", "list"], ["lsit"], ["--version"], ["--plain"]]
)
def test_help_a_typo_and_no_command_see_every_command(args: list[str]) -> None:
    from ticli.cli.app import app, narrowed

    assert narrowed(args, stdin_is_terminal=False) is app
    assert len(_names(app)) > 30


def test_each_command_built_alone_parses_as_in_the_whole_app(runner: CliRunner) -> None:
    """Its help, and an option it does not have, read the same either way."""
    from ticli.cli.app import app, narrowed

    for name in _names(app):
        for args in ([name, "--help"], [name, "--no-such-option"]):
            alone = runner.invoke(narrowed(args, False), args)
            whole = runner.invoke(app, args)
            assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), args


def test_a_mistyped_command_is_still_answered_with_the_nearest(runner: CliRunner) -> None:
    from ticli.cli.app import narrowed

    done = runner.invoke(narrowed(["lsit"], False), ["lsit"])
    assert done.exit_code == 2
    assert "Did you mean 'list'?" in done.output


# -------------------------------------------------- a passphrase file named for every command


@pytest.mark.parametrize("args", [("list", "--limit", "5"), ("search", "debrief")])
def test_a_passphrase_file_named_for_a_plain_journal_loads_nothing_more(
    args: tuple[str, ...], journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TICLI_PASSPHRASE_FILE set for every command (in a shell profile, say): on a plain
    journal the quick lane still loads no parser, no OpenSSL and no thread (the head start
    of store.prekey looks for the key file, and stops there)."""
    secret = tmp_path / "passphrase"
    secret.write_text("a passphrase for an encrypted journal elsewhere\n")
    secret.chmod(0o600)
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", str(secret))
    when = local_now().replace(microsecond=0) - timedelta(days=1)
    store.write_entry(journal_home, make_entry(when, [("strengths-today", "The debrief helped.")]))
    for _ in range(2):
        modules = imported(*args)
    assert sorted(modules & (NOT_FOR_THE_QUICK_LANE | {"threading"})) == []


def test_help_with_a_passphrase_file_named_loads_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", str(tmp_path / "passphrase"))
    modules = imported("search", "--help")
    assert sorted(m for m in modules if m.startswith(("ticli.store", "rich"))) == []


def test_the_head_start_loads_only_what_the_scrypt_needs(
    journal_home: Path, tmp_path: Path
) -> None:
    """The scrypt of an encrypted journal's passphrase starts before the store's modules
    for entries and the index are loaded (they load beside it)."""
    key = journal_home / ".ticli" / "key.toml"
    key.parent.mkdir(parents=True)
    key.write_text(
        'format = 1\nrecipients = ["age1x", "age1y"]\n[passphrase]\nkdf = "scrypt"\n'
        'log_n = 15\nr = 8\np = 1\nsalt = "00112233445566778899aabbccddeeff"\n'
        '[key]\nwrapped = "x"\n'
    )
    secret = tmp_path / "passphrase"
    secret.write_text("a passphrase for this journal\n")
    secret.chmod(0o600)
    code = (
        "from ticli.cli import ahead; from ticli.store import agekeys; "
        f"ahead.start(['--passphrase-file', {str(secret)!r}, 'search', 'x']); "
        "assert agekeys.under_way(); ahead.finish()"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    modules = {line.rsplit("|", 1)[1].strip() for line in lines[1:]}
    later = {"ticli.store.journal", "ticli.store.editing", "ticli.store.index", "typer", "rich"}
    assert sorted(modules & later) == []
