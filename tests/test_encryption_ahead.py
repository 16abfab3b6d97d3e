"""The passphrase's scrypt worked out ahead (issue 10: `search` on an encrypted journal
within 1.5x of the plain one's time, the passphrase given in a file to every command).

A command given a passphrase file starts the scrypt in a thread as it starts (cli.ahead,
store.prekey) and the rest of its start-up goes on beside it; each test here failed
without what it names. The commands run as the console script runs them
(`ticli.__main__.main`), in this process, so that what runs in which thread is seen.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pytest
from conftest import entry_files
from encryption_support import KEY_FOLDER, PASSPHRASE, TICLI, secret_file
from typer.testing import CliRunner

from ticli.__main__ import main
from ticli.cli import ahead
from ticli.cli.app import app
from ticli.store import agekeys, folderlook

WRONG = "That passphrase does not open this journal. Nothing was changed."


@pytest.fixture
def scrypts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of the thread each scrypt of the passphrase ran in, in order."""
    ran: list[str] = []
    real = agekeys._scrypt

    def spied(*args: object) -> bytes:
        ran.append(threading.current_thread().name)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(agekeys, "_scrypt", spied)
    yield ran
    agekeys.forget_ahead()


def ticli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run the console script's `main` with these words: exit code, stdout, stderr (what
    it sets in the environment, as `--plain` does, is undone after)."""
    with mock.patch.object(sys, "argv", ["ticli", *map(str, args)]), mock.patch.dict(os.environ):
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


def scrypt_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ticli-scrypt"]


# ------------------------------------------------------------------ the head start


def test_the_scrypt_runs_beside_the_quick_lanes_start_up(
    capsys: pytest.CaptureFixture[str], encrypted: Path, scrypts: list[str]
) -> None:
    code, out, err = ticli(capsys, "search", "Zebedee")
    assert (code, err) == (0, "")
    assert "Zebedee Quillfeather" in out
    assert scrypts == ["ticli-scrypt"]  # once, and not in the command's own thread


def test_the_scrypt_runs_beside_a_typer_commands_start_up(
    capsys: pytest.CaptureFixture[str],
    encrypted: Path,
    pf: Path,
    scrypts: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TICLI_PASSPHRASE_FILE")  # given on the command line instead
    code, out, err = ticli(capsys, "show", "--last", "--passphrase-file", pf)
    assert code == 0, err
    assert "Zebedee Quillfeather" in out
    assert scrypts == ["ticli-scrypt"]


@pytest.mark.parametrize(
    "args", [["where"], ["--plain", "prompts"], ["search", "--help"], ["--version"]]
)
def test_no_scrypt_is_started_for_a_command_that_never_opens_the_key(
    capsys: pytest.CaptureFixture[str], encrypted: Path, scrypts: list[str], args: list[str]
) -> None:
    code, _, err = ticli(capsys, *args)
    assert code == 0, err
    assert scrypts == []


def test_no_scrypt_is_started_when_the_key_is_kept_in_a_keyring(
    capsys: pytest.CaptureFixture[str],
    encrypted: Path,
    scrypts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`ticli unlock --remember` with TICLI_PASSPHRASE_FILE still set: the key comes from
    the keyring, and a scrypt started anyway would only be waited for at the end."""
    import keyring
    from encryption_support import FileKeyring

    monkeypatch.setenv("TICLI_TEST_KEYRING_FILE", str(tmp_path / "keyring.json"))
    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    try:
        done = CliRunner().invoke(app, ["unlock", "--remember"])
        assert done.exit_code == 0, done.output
        scrypts.clear()
        code, out, err = ticli(capsys, "search", "Zebedee")
    finally:
        keyring.set_keyring(before)
    assert (code, err) == (0, "") and "Zebedee Quillfeather" in out
    assert scrypts == []


def test_no_scrypt_thread_outlives_the_command(
    capsys: pytest.CaptureFixture[str], encrypted: Path, scrypts: list[str]
) -> None:
    """A command that stops before it needs the key (here: a search for nothing) waits
    for the scrypt at its end, and drops what it worked out."""
    code, _, err = ticli(capsys, "search")
    assert code == 2 and "Missing argument" in err
    assert scrypts == ["ticli-scrypt"]
    assert scrypt_threads() == []
    assert not agekeys.under_way()


def test_the_key_is_opened_as_before_once_the_scrypt_was_worked_out_ahead(
    capsys: pytest.CaptureFixture[str], encrypted: Path, scrypts: list[str], journal_home: Path
) -> None:
    """A note written after the head start is encrypted to the journal's keys and reads
    back through the usual path (no head start)."""
    code, _, err = ticli(capsys, "note", "A second note, about the heron")
    assert code == 0, err
    assert scrypts == ["ticli-scrypt"]
    assert all(p.name.endswith(".md.age") for p in journal_home.rglob("*.md*"))
    done = CliRunner().invoke(app, ["search", "heron"])
    assert done.exit_code == 0 and "the heron" in done.stdout
    assert scrypts == ["ticli-scrypt", "MainThread"]


# ------------------------------------------------------------------ the same security


def test_a_passphrase_file_others_can_read_is_never_read_ahead(
    capsys: pytest.CaptureFixture[str], encrypted: Path, pf: Path, scrypts: list[str]
) -> None:
    pf.chmod(0o644)
    code, out, err = ticli(capsys, "search", "Zebedee")
    assert (code, err) == said_by_the_command("search", "Zebedee") and out == ""
    assert f"{pf} can be read by others, so I will not take a passphrase from it." in err
    assert f"chmod 600 {pf}" in err
    assert scrypts == []


def test_a_passphrase_given_through_a_pipe_is_left_for_the_command(
    capsys: pytest.CaptureFixture[str],
    encrypted: Path,
    scrypts: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`--passphrase-file <(pass show ticli)` can be read once: the command reads it."""
    monkeypatch.delenv("TICLI_PASSPHRASE_FILE")
    read, write = os.pipe()
    os.write(write, (PASSPHRASE + "\n").encode())
    os.close(write)
    try:
        code, out, err = ticli(capsys, "--passphrase-file", f"/dev/fd/{read}", "show", "--last")
    finally:
        os.close(read)
    assert code == 0, err
    assert "Zebedee Quillfeather" in out
    assert scrypts == ["MainThread"]


def test_a_wrong_passphrase_still_writes_nothing_and_says_what_to_try(
    capsys: pytest.CaptureFixture[str],
    encrypted: Path,
    pf: Path,
    scrypts: list[str],
    journal_home: Path,
) -> None:
    pf.write_text("not the passphrase of this journal\n")
    before = {p: p.read_bytes() for p in journal_home.rglob("*") if p.is_file()}
    code, out, err = ticli(capsys, "note", "Should not be kept")
    assert WRONG in err and "ticli recover --key RECOVERY_FILE" in err
    assert {p: p.read_bytes() for p in journal_home.rglob("*") if p.is_file()} == before
    assert scrypts == ["ticli-scrypt"]
    assert (code, err) == said_by_the_command("note", "Should not be kept") and out == ""


def said_by_the_command(*args: str) -> tuple[int, str]:
    """What the Typer command says, run as tests run it (no head start)."""
    done = CliRunner().invoke(app, list(args))
    return done.exit_code, " ".join(done.output.split())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda text: text[: len(text) // 2], "cannot be read"),
        (lambda text: text.replace("log_n = 15", "log_n = 40"), "passphrase settings are not"),
        (lambda text: text.replace("r = 8", "r = 9"), "passphrase settings are not"),
        (lambda text: "", "cannot be read"),
    ],
    ids=["cut short", "a huge cost", "another r", "empty"],
)
def test_a_damaged_key_file_is_reported_as_before_and_nothing_is_worked_out(
    capsys: pytest.CaptureFixture[str],
    encrypted: Path,
    scrypts: list[str],
    journal_home: Path,
    change: Callable[[str], str],
    expected: str,
) -> None:
    key = journal_home / KEY_FOLDER / "key.toml"
    key.write_text(change(key.read_text()))
    code, out, err = ticli(capsys, "show", "--last")
    assert expected in err and out == ""
    assert (code, err) == said_by_the_command("show", "--last")
    assert scrypts == []  # a cost ticli does not write is never tried, ahead or not


def test_a_key_file_changed_meanwhile_is_worked_out_again(
    capsys: pytest.CaptureFixture[str],
    encrypted: Path,
    pf: Path,
    scrypts: list[str],
    tmp_path: Path,
) -> None:
    """The head start used the key file's salt as it was; `ticli passphrase`, in another
    window, then changed the passphrase and back (a new salt, the same passphrase): the
    key is worked out again."""
    import subprocess

    ahead.start(["search", "Zebedee"])
    assert agekeys.under_way()
    other = secret_file(tmp_path / "other", "another passphrase for a while\n")
    for old, new in ((pf, other), (other, pf)):
        changed = subprocess.run(
            [TICLI, "passphrase", "--new-passphrase-file", new],
            env={**os.environ, "TICLI_PASSPHRASE_FILE": str(old)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert changed.returncode == 0, changed.stderr
    done = CliRunner().invoke(app, ["search", "Zebedee"])
    assert done.exit_code == 0, done.output
    assert "Zebedee Quillfeather" in done.stdout
    assert scrypts == ["ticli-scrypt", "MainThread"]


# ------------------------------------------------------------------ threads and forks


def no_terms(entry: object) -> tuple[dict[tuple[str, str], int], int]:
    return {}, 0


def test_no_worker_is_forked_while_a_scrypt_is_under_way(
    journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading many plain files forks workers; a scrypt thread still running then (a
    journal decrypted meanwhile) is waited for first."""
    import multiprocessing

    from ticli.store import reading

    names = [f"2026/11/{n:04d}.md" for n in range(reading.PARALLEL_FROM)]
    running_at_fork: list[bool] = []
    real = multiprocessing.get_context

    class Watched:
        def __init__(self, method: str | None) -> None:
            self.context = real(method)

        def Pool(self, *args: object, **kwargs: object) -> object:
            running_at_fork.append(any(t.is_alive() for t in scrypt_threads()))
            return self.context.Pool(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(multiprocessing, "get_context", Watched)
    monkeypatch.setattr(reading, "usable_cores", lambda: 2)
    try:
        agekeys.derive_ahead(b"a passphrase", b"0123456789abcdef", 15, 8, 1)
        list(reading.read_files(journal_home, names, 0, no_terms))
    finally:
        agekeys.forget_ahead()
    assert running_at_fork == [False]


# ------------------------------------------------------------------ the folders, sooner


def test_the_folders_are_looked_at_while_the_scrypt_works(
    capsys: pytest.CaptureFixture[str],
    encrypted: Path,
    scrypts: list[str],
    journal_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Looked at in this process while the scrypt works, or (on Linux) by a child process
    forked as the command starts (store.folderstamps): once per command, either way."""
    looks: list[str] = []
    real, real_taken = folderlook.look_ahead, folderlook.taken

    def watched(root: Path, deep_from: str) -> folderlook.Look:
        looks.append(deep_from)
        return real(root, deep_from)

    def watched_taken(root: Path, deep_from: str | None) -> folderlook.Look | None:
        found = real_taken(root, deep_from)
        if found is not None:
            looks.append(found.deep_from)
        return found

    monkeypatch.setattr(folderlook, "look_ahead", watched)
    monkeypatch.setattr(folderlook, "taken", watched_taken)
    assert CliRunner().invoke(app, ["note", "A note about the kingfisher"]).exit_code == 0
    code, out, err = ticli(capsys, "search", "kingfisher")
    assert (code, err) == (0, "")
    assert "the kingfisher" in out and looks == [""]
    # A change made since is seen by the next command, looked at ahead the same way.
    assert CliRunner().invoke(app, ["note", "Another kingfisher"]).exit_code == 0
    code, out, err = ticli(capsys, "search", "kingfisher")
    assert (code, err) == (0, "") and "Another kingfisher" in out
    assert looks == ["", ""] and len(entry_files(journal_home)) == 0


def test_a_folder_that_cannot_be_listed_ahead_is_named_as_before(
    capsys: pytest.CaptureFixture[str], encrypted: Path, scrypts: list[str], journal_home: Path
) -> None:
    folder = journal_home / "2026" / "11"
    real = os.scandir

    def refusing(path: object = ".") -> object:
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[call-overload]

    assert said_by_the_command("search", "Zebedee")[0] == 0  # indexed
    scrypts.clear()
    os.utime(folder, ns=(folder.stat().st_atime_ns, folder.stat().st_mtime_ns + 1))
    with mock.patch("os.scandir", refusing):
        code, out, err = ticli(capsys, "search", "Zebedee")
        expected = said_by_the_command("search", "Zebedee")
    assert scrypts[0] == "ticli-scrypt"
    assert f"{folder}: this folder cannot be read" in err
    assert "Zebedee Quillfeather" in out  # what was read there before is kept
    said = f"{folder}: this folder cannot be read (Permission denied)"
    assert code == expected[0] and said in expected[1] and "Zebedee Quillfeather" in expected[1]


# ------------------------------------------------------- only ever a head start (review)


def test_a_passphrase_file_path_that_cannot_be_expanded_stops_nothing(
    capsys: pytest.CaptureFixture[str],
    runner: CliRunner,
    journal_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plain journal never needs TICLI_PASSPHRASE_FILE: a "~user" no one is must not
    stop its commands (the head start raised before, out of ticli's error reporting)."""
    assert runner.invoke(app, ["note", "A calm day with the group"]).exit_code == 0
    monkeypatch.setenv("TICLI_PASSPHRASE_FILE", "~nosuchuser-ticli/pf")
    code, out, err = ticli(capsys, "search", "calm")
    assert code == 0, err
    assert "1 entry found" in out or "calm" in out


def test_a_thread_that_cannot_start_stops_nothing(
    capsys: pytest.CaptureFixture[str],
    encrypted: Path,
    monkeypatch: pytest.MonkeyPatch,
    scrypts: list[str],
) -> None:
    """No thread to be had (a full process table): the key is worked out in the command's
    own thread, as without the head start."""

    def refused(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    code, out, err = ticli(capsys, "search", "Zebedee")
    assert code == 0, err
    assert "Zebedee Quillfeather" in out
    assert scrypts == ["MainThread"]


@pytest.mark.parametrize("args", [["feedback", "list"], ["account", "list"]])
def test_commands_that_open_the_key_get_the_head_start(
    capsys: pytest.CaptureFixture[str], encrypted: Path, scrypts: list[str], args: list[str]
) -> None:
    code, _, err = ticli(capsys, *args)
    assert code == 0, err
    assert scrypts == ["ticli-scrypt"]
