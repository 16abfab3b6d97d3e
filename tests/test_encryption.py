"""Encryption at rest (issue 10), through the real interface: the CliRunner for most
commands, the installed `ticli` where a separate process matters (temp folders, the
keyring), and the standard `age` command for files opened or written without ticli.

The crash tests (kill -9 during encrypt, decrypt and rekey) are in
test_encryption_crash.py.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pyrage
import pytest
from encryption_support import (
    KEY_FOLDER,
    PASSPHRASE,
    TESTS,
    TICLI,
    age_binary,
    base_env,
    differences,
    entry_files_any,
    entry_text,
    recipients_from_where,
    run_ticli,
    secret_file,
    snapshot,
    walk,
    write_entry_file,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519
from typer.testing import CliRunner

from ticli.cli.app import app


def run(runner: CliRunner, *args: str | Path, env: dict[str, str] | None = None, input=None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env=env, input=input, catch_exceptions=False)


def recovery_identity(path: Path) -> x25519.Identity:
    """The identity in a recovery key file, as `age -i` reads it."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("AGE-SECRET-KEY-1"):
            return x25519.Identity.from_str(line)
    raise AssertionError(f"no AGE-SECRET-KEY-1 line in {path}")


def encrypt(runner: CliRunner, passphrase: Path, recovery: Path, env=None):  # type: ignore[no-untyped-def]
    result = run(
        runner,
        "encrypt",
        "--passphrase-file",
        passphrase,
        "--recovery-key-out",
        recovery,
        "--yes",
        env=env,
    )
    assert result.exit_code == 0, result.output
    return result


def journal_files(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """A snapshot of the journal without ticli's own key folder and retired keys."""
    return {
        name: value
        for name, value in snapshot(root).items()
        if not name.startswith((KEY_FOLDER, ".trash/keys"))
        and name not in {".trash/"}  # the folder decrypt puts the old key in
    }


@pytest.fixture
def pf(tmp_path: Path) -> Path:
    return secret_file(tmp_path / "secrets", PASSPHRASE + "\n")


@pytest.fixture
def encrypted(runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path) -> dict[str, object]:
    """A journal with three entries (a note, answers, a hand-written file), encrypted."""
    assert (
        run(runner, "note", "A quiet start to the week ✓", "--at", "2026-11-16T09:00").exit_code
        == 0
    )
    result = run(
        runner,
        "today",
        "--answer",
        "strengths-today=Everyone came back after the break.",
        "--at",
        "2026-11-17T18:30",
        "--tag",
        "group",
    )
    assert result.exit_code == 0, result.output
    hand = entry_text(
        "20261118-120000-0badc0de",
        "2026-11-18T12:00:00+00:00",
        "Written  by hand,\r\nwith CRLF. \r\n",
    ).encode("utf-8")
    write_entry_file(
        journal_home, datetime(2026, 11, 18, 12, tzinfo=UTC), "0badc0de", b"\xef\xbb\xbf" + hand
    )
    plain = journal_files(journal_home)
    recovery = tmp_path / "keys" / "recovery.txt"
    recovery.parent.mkdir()
    encrypt(runner, pf, recovery)
    return {"plain": plain, "recovery": recovery}


# ---------------------------------------------------------------- 1. byte-exact round trip

#: Text a person can type: anything but control characters and lone surrogates.
TYPED = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")) | st.just("\n"), min_size=1, max_size=80
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    bodies=st.lists(st.text(max_size=200), min_size=1, max_size=3),
    crlf=st.booleans(),
    bom=st.booleans(),
    note=TYPED.filter(lambda s: s.strip() != ""),
    kept=st.text(max_size=100),
)
def test_encrypt_then_decrypt_gives_every_file_back_byte_identical(
    runner: CliRunner, bodies: list[str], crlf: bool, bom: bool, note: str, kept: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        home, cache = base / "journal", base / "cache"
        env = {"TICLI_HOME": str(home), "XDG_CACHE_HOME": str(cache)}
        result = run(runner, "note", "--at", "2026-10-03T08:15", "--", note, env=env)
        assert result.exit_code == 0, result.output
        originals: dict[str, bytes] = {}
        for n, body in enumerate(bodies):
            when = datetime(2026, 9, 10 + n, 14, 30, tzinfo=UTC)
            suffix = f"{n:08x}"
            text = entry_text(f"{when:%Y%m%d-%H%M%S}-{suffix}", when.isoformat(), body)
            if n % 2:
                text += f"\n## A question of my own {{#own-{n}}}\n\n{body}  \n"
            if crlf:
                text = text.replace("\n", "\r\n")
            data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
            entry_id, _ = write_entry_file(home, when, suffix, data)
            originals[entry_id] = data
        # An edit kept because it could not be saved: converted too, byte for byte.
        kept_path = home / "2026" / "09" / "20260910-143000-00000000.unsaved-edit.txt"
        kept_path.write_bytes(kept.encode("utf-8"))
        kept_path.chmod(0o600)

        before = journal_files(home)
        passphrase = secret_file(base / "secret", "pass phrase ünï\n")
        result = run(
            runner,
            "encrypt",
            "--passphrase-file",
            passphrase,
            "--recovery-key-out",
            base / "recovery.txt",
            "--yes",
            env=env,
        )
        assert result.exit_code == 0, result.output
        during = journal_files(home)
        plain_left = [n for n in during if during[n][0] is not None and not n.endswith(".age")]
        assert plain_left == [], f"left plain after encrypt: {plain_left}"
        # While encrypted, ticli gives each entry's exact bytes back.
        for entry_id, data in originals.items():
            shown = run(runner, "show", entry_id, "--raw", "--passphrase-file", passphrase, env=env)
            assert shown.exit_code == 0, shown.output
            assert shown.stdout_bytes == data

        result = run(runner, "decrypt", "--yes", "--passphrase-file", passphrase, env=env)
        assert result.exit_code == 0, result.output
        after = journal_files(home)
        assert differences(before, after) == []
        assert not (home / KEY_FOLDER / "key.toml").exists()


def test_decrypt_brings_back_plain_markdown_byte_exact(
    runner: CliRunner, journal_home: Path, encrypted: dict[str, object], pf: Path
) -> None:
    sealed = entry_files_any(journal_home)
    assert sealed and all(p.name.endswith(".md.age") for p in sealed)
    result = run(runner, "decrypt", "--yes", "--passphrase-file", pf)
    assert result.exit_code == 0, result.output
    assert differences(encrypted["plain"], journal_files(journal_home)) == []  # type: ignore[arg-type]
    assert not (journal_home / KEY_FOLDER / "progress.toml").exists()
    where = run(runner, "where")
    assert "off" in where.stdout.split("Encryption:")[1].splitlines()[0]


# ---------------------------------------------------------------- 2. wrong passphrases, bad files

WRONG_COMMANDS = [
    ("list",),
    ("show", "--last"),
    ("search", "break"),
    ("note", "Another one"),
    ("today", "--answer", "strengths-today=More"),
    ("flag", "--last"),
    ("delete", "--last", "--yes"),
    ("edit", "--last"),
    ("summary",),
    ("export", "--format", "json", "--unencrypted"),
    ("index", "--rebuild"),
    ("decrypt", "--yes"),
    ("rekey", "--yes"),
    ("passphrase",),
    ("unlock",),
    ("encrypt",),  # finishing: a plain file synced in is waiting to be encrypted
]


@pytest.mark.parametrize("command", WRONG_COMMANDS, ids=lambda c: " ".join(c))
def test_a_wrong_passphrase_writes_nothing_and_names_the_recovery_key(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    encrypted: dict[str, object],
    command: tuple[str, ...],
) -> None:
    cache = tmp_path / "cache"
    assert (
        run(runner, "list", "--passphrase-file", secret_file(tmp_path / "ok", PASSPHRASE)).exit_code
        == 0
    )
    wrong = secret_file(tmp_path / "wrong", "a long walk by the canal, 7 herons")
    new = secret_file(tmp_path / "new", "something else entirely")
    extra: list[str | Path] = []
    if command[0] == "passphrase":
        extra = ["--new-passphrase-file", new]
    if command[0] == "rekey":
        extra = ["--recovery-key-out", tmp_path / "new-recovery.txt"]
    if command[0] == "encrypt":
        synced = entry_text("20261120-200000-5e5e5e5e", "2026-11-20T20:00:00+00:00", "Synced.\n")
        when = datetime(2026, 11, 20, 20, tzinfo=UTC)
        write_entry_file(journal_home, when, "5e5e5e5e", synced.encode("utf-8"))
    journal_before, cache_before = snapshot(journal_home), snapshot(cache)
    result = run(runner, *command, *extra, "--passphrase-file", wrong, env={"EDITOR": "true"})
    assert result.exit_code != 0, result.output
    assert differences(journal_before, snapshot(journal_home)) == []
    assert differences(cache_before, snapshot(cache)) == []
    assert not (tmp_path / "new-recovery.txt").exists()
    assert "recover --key" in result.output, result.output
    assert "recovery key" in result.output


def test_a_passphrase_file_others_can_read_is_refused(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: dict[str, object]
) -> None:
    before = snapshot(journal_home)
    for n, mode in enumerate((0o644, 0o640, 0o604, 0o660)):
        loose = secret_file(tmp_path / f"loose{n}", PASSPHRASE, mode=mode)
        result = run(runner, "note", "Should not be saved", "--passphrase-file", loose)
        assert result.exit_code == 2, (oct(mode), result.output)
        assert "chmod 600" in result.output
        env = {"TICLI_PASSPHRASE_FILE": str(loose)}
        assert run(runner, "list", env=env).exit_code == 2
    assert differences(before, snapshot(journal_home)) == []
    # The same passphrase in a private file is taken.
    private = secret_file(tmp_path / "private", PASSPHRASE)
    assert run(runner, "list", "--passphrase-file", private).exit_code == 0


@pytest.mark.parametrize("content", [b"", b"\n", b"\r\n"], ids=["empty", "newline", "crlf"])
def test_an_empty_passphrase_file_is_refused(
    runner: CliRunner, journal_home: Path, tmp_path: Path, content: bytes
) -> None:
    run(runner, "note", "Plain for now", "--at", "2026-11-16T09:00")
    before = snapshot(journal_home)
    empty = secret_file(tmp_path / "s", content)
    result = run(
        runner,
        "encrypt",
        "--passphrase-file",
        empty,
        "--recovery-key-out",
        tmp_path / "r.txt",
        "--yes",
    )
    assert result.exit_code == 2, result.output
    assert "empty" in result.output
    assert differences(before, snapshot(journal_home)) == []
    assert not (tmp_path / "r.txt").exists()


def test_the_passphrase_is_never_taken_from_argv_or_an_environment_value(
    runner: CliRunner, journal_home: Path, encrypted: dict[str, object]
) -> None:
    for args in (
        ["list", "--passphrase", PASSPHRASE],
        ["list", f"--passphrase={PASSPHRASE}"],
        ["list", "-P", PASSPHRASE],
        ["unlock", PASSPHRASE],
    ):
        result = run(runner, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Everyone came back" not in result.output
    for variable in ("TICLI_PASSPHRASE", "TICLI_PASSWORD", "TICLI_KEY"):
        result = run(runner, "list", env={variable: PASSPHRASE})
        assert result.exit_code == 2, (variable, result.output)
        assert "no terminal to ask for its passphrase" in result.output
    # The passphrase file's name is given on the line, never the passphrase: the help says so.
    help_text = run(runner, "--help").stdout
    assert "--passphrase-file PATH" in help_text
    assert "--passphrase " not in help_text


def test_the_passphrase_file_works_anywhere_on_the_line_and_from_the_variable(
    runner: CliRunner, journal_home: Path, encrypted: dict[str, object], pf: Path
) -> None:
    for args in (
        ["--passphrase-file", str(pf), "list"],
        ["list", "--passphrase-file", str(pf)],
        ["list", f"--passphrase-file={pf}", "--tag", "group"],
        ["search", "break", "--passphrase-file", str(pf)],
    ):
        result = run(runner, *args)
        assert result.exit_code == 0, (args, result.output)
    result = run(runner, "show", "--last", env={"TICLI_PASSPHRASE_FILE": str(pf)})
    assert result.exit_code == 0, result.output
    assert "Written  by hand" in result.stdout


# ---------------------------------------------------------------- 3. the standard age command


def test_age_opens_every_entry_with_the_recovery_key(
    runner: CliRunner, journal_home: Path, encrypted: dict[str, object]
) -> None:
    age = age_binary()
    recovery = encrypted["recovery"]
    assert isinstance(recovery, Path)
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600
    plain = encrypted["plain"]
    assert isinstance(plain, dict)
    sealed = entry_files_any(journal_home)
    assert len(sealed) == 3
    for path in sealed:
        assert path.name.endswith(".md.age")
        import subprocess

        opened = subprocess.run(
            [age, "-d", "-i", str(recovery), str(path)], capture_output=True, check=False
        )
        assert opened.returncode == 0, opened.stderr
        original = plain[str(path.relative_to(journal_home)).removesuffix(".age")][0]
        assert opened.stdout == original


@pytest.mark.parametrize("armor", [False, True], ids=["binary", "armored"])
def test_a_file_encrypted_by_hand_with_age_is_read_by_ticli(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    encrypted: dict[str, object],
    pf: Path,
    armor: bool,
) -> None:
    import subprocess

    age = age_binary()
    where = run(runner, "where")
    assert where.exit_code == 0
    journal_key, recovery_key = recipients_from_where(where.stdout)
    entry_id = "20261119-073000-feedf00d"
    text = entry_text(
        entry_id, "2026-11-19T07:30:00+00:00", "Heronsong over the lock gates, written elsewhere.\n"
    )
    source = tmp_path / "entry.md"
    source.write_text(text, encoding="utf-8")
    target = journal_home / "2026" / "11" / f"{entry_id}.md.age"
    command = [age, "-r", journal_key, "-r", recovery_key, "-o", str(target), str(source)]
    if armor:
        command.insert(1, "-a")
    subprocess.run(command, check=True)

    listed = run(runner, "list", "--passphrase-file", pf)
    assert listed.exit_code == 0, listed.output
    assert "20261119-073000" in listed.stdout
    shown = run(runner, "show", entry_id, "--raw", "--passphrase-file", pf)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == text
    found = run(runner, "search", "heronsong", "--passphrase-file", pf)
    assert found.exit_code == 0, found.output
    assert "20261119-073000" in found.stdout


def test_where_and_key_file_list_the_same_recipients(
    runner: CliRunner, journal_home: Path, encrypted: dict[str, object]
) -> None:
    import tomllib

    where = run(runner, "where")  # never asks for the passphrase
    assert where.exit_code == 0, where.output
    listed = recipients_from_where(where.stdout)
    key = tomllib.loads((journal_home / KEY_FOLDER / "key.toml").read_text(encoding="utf-8"))
    assert list(listed) == key["recipients"]
    recovery = encrypted["recovery"]
    assert isinstance(recovery, Path)
    assert str(recovery_identity(recovery).to_public()) == listed[1]


# ---------------------------------------------------------------- 5. mixed journals


def test_a_mixed_journal_is_read_and_encrypt_again_finishes_it(
    runner: CliRunner, journal_home: Path, encrypted: dict[str, object], pf: Path
) -> None:
    synced = entry_text(
        "20261120-200000-5e5e5e5e", "2026-11-20T20:00:00+00:00", "Synced in plain from the phone.\n"
    )
    _, path = write_entry_file(
        journal_home, datetime(2026, 11, 20, 20, tzinfo=UTC), "5e5e5e5e", synced.encode("utf-8")
    )
    listed = run(runner, "list", "--passphrase-file", pf)
    assert listed.exit_code == 0, listed.output
    for entry_id in ("20261116-090000", "20261117-183000", "20261118-120000", "20261120-200000"):
        assert entry_id in listed.stdout
    shown = run(runner, "show", "20261120-200000", "--raw", "--passphrase-file", pf)
    assert shown.stdout == synced
    found = run(runner, "search", "phone", "--passphrase-file", pf)
    assert "20261120-200000" in found.stdout

    again = run(runner, "encrypt", "--passphrase-file", pf)
    assert again.exit_code == 0, again.output
    assert not path.exists()
    assert path.with_name(path.name + ".age").is_file()
    assert all(p.name.endswith(".md.age") for p in entry_files_any(journal_home))


def test_a_plain_journal_names_a_stray_encrypted_file_and_carries_on(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: dict[str, object], pf: Path
) -> None:
    # An entry encrypted elsewhere, synced into a journal that is plain here.
    stray = entry_files_any(journal_home)[0]
    other = tmp_path / "other-journal"
    env = {"TICLI_HOME": str(other), "XDG_CACHE_HOME": str(tmp_path / "other-cache")}
    assert run(runner, "note", "Plain here", "--at", "2026-11-21T10:00", env=env).exit_code == 0
    copy = other / "2026" / "11" / stray.name
    shutil.copy2(stray, copy)
    stray_bytes = copy.read_bytes()
    for command in (["list"], ["search", "plain"], ["summary"], ["check"]):
        result = run(runner, *command, env=env)
        assert result.exit_code in (0, 1), (command, result.output)
        assert stray.name in result.output.replace("\n", ""), (command, result.output)
    listed = run(runner, "list", env=env)
    assert "Plain here" in listed.stdout
    assert copy.read_bytes() == stray_bytes


# ---------------------------------------------------------------- 6. another machine


def test_another_machine_opens_it_with_only_the_passphrase(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: dict[str, object], pf: Path
) -> None:
    elsewhere = tmp_path / "laptop"
    shutil.copytree(journal_home, elsewhere / "journal")
    env = {"TICLI_HOME": str(elsewhere / "journal"), "XDG_CACHE_HOME": str(elsewhere / "cache")}
    shutil.rmtree(journal_home)  # nothing of the first machine is left to lean on
    listed = run(runner, "list", "--passphrase-file", pf, env=env)
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.count("2026-11-1") == 3
    shown = run(runner, "show", "20261117", "--passphrase-file", pf, env=env)
    assert "Everyone came back after the break." in shown.stdout
    wrote = run(runner, "note", "Written on the laptop", "--passphrase-file", pf, env=env)
    assert wrote.exit_code == 0, wrote.output
    assert all(p.name.endswith(".md.age") for p in entry_files_any(elsewhere / "journal"))


def test_another_machine_opens_it_with_only_the_recovery_key(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: dict[str, object]
) -> None:
    elsewhere = tmp_path / "laptop"
    shutil.copytree(journal_home, elsewhere / "journal")
    env = {"TICLI_HOME": str(elsewhere / "journal"), "XDG_CACHE_HOME": str(elsewhere / "cache")}
    fresh = secret_file(tmp_path / "fresh", "a brand new passphrase\n")
    entries_before = {p: p.read_bytes() for p in entry_files_any(elsewhere / "journal")}
    result = run(
        runner, "recover", "--key", encrypted["recovery"], "--passphrase-file", fresh, env=env
    )  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in entry_files_any(elsewhere / "journal")} == entries_before
    listed = run(runner, "list", "--passphrase-file", fresh, env=env)
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.count("2026-11-1") == 3
    old = secret_file(tmp_path / "old", PASSPHRASE)
    assert run(runner, "list", "--passphrase-file", old, env=env).exit_code == 2


def test_recover_with_a_wrong_key_changes_nothing(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: dict[str, object]
) -> None:
    wrong = tmp_path / "wrong-recovery.txt"
    wrong.write_text(str(x25519.Identity.generate()) + "\n")
    fresh = secret_file(tmp_path / "fresh", "a brand new passphrase")
    before = snapshot(journal_home)
    result = run(runner, "recover", "--key", wrong, "--passphrase-file", fresh)
    assert result.exit_code == 2, result.output
    assert "recovery key does not open" in result.output
    assert differences(before, snapshot(journal_home)) == []


# ---------------------------------------------------------------- 7. passphrase, rekey


def test_passphrase_changes_only_the_key_file(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: dict[str, object], pf: Path
) -> None:
    new = secret_file(tmp_path / "new", "the second passphrase")
    before = snapshot(journal_home)
    result = run(runner, "passphrase", "--passphrase-file", pf, "--new-passphrase-file", new)
    assert result.exit_code == 0, result.output
    assert differences(before, snapshot(journal_home)) == [f"{KEY_FOLDER}/key.toml"]
    assert run(runner, "list", "--passphrase-file", pf).exit_code == 2
    assert run(runner, "list", "--passphrase-file", new).exit_code == 0
    # The recovery key still opens every entry.
    identity = recovery_identity(encrypted["recovery"])  # type: ignore[arg-type]
    for path in entry_files_any(journal_home):
        pyrage.decrypt(path.read_bytes(), [identity])


def test_rekey_retires_the_old_recovery_key_and_the_new_one_opens_all(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: dict[str, object], pf: Path
) -> None:
    old = recovery_identity(encrypted["recovery"])  # type: ignore[arg-type]
    # Something in the trash, and a kept edit: encrypted again too.
    assert run(runner, "delete", "20261116", "--yes", "--passphrase-file", pf).exit_code == 0
    plain = {}
    for path in entry_files_any(journal_home):
        plain[path] = pyrage.decrypt(path.read_bytes(), [old])
    new_recovery = tmp_path / "keys" / "recovery-2.txt"
    result = run(
        runner, "rekey", "--passphrase-file", pf, "--recovery-key-out", new_recovery, "--yes"
    )
    assert result.exit_code == 0, result.output
    new = recovery_identity(new_recovery)
    sealed = [p for p in walk(journal_home) if p.name.endswith(".age")]
    assert len(sealed) == 3  # two entries, one in the trash
    for path in sealed:
        data = path.read_bytes()
        with pytest.raises(pyrage.DecryptError):
            pyrage.decrypt(data, [old])
        opened = pyrage.decrypt(data, [new])
        if path in plain:
            assert opened == plain[path]
    assert not (journal_home / KEY_FOLDER / "progress.toml").exists()
    assert not (journal_home / KEY_FOLDER / "key-next.toml").exists()
    listed = run(runner, "list", "--passphrase-file", pf)
    assert listed.exit_code == 0 and listed.stdout.count("2026-11-1") == 2
    restored = run(runner, "restore", "20261116", "--passphrase-file", pf)
    assert restored.exit_code == 0, restored.output
    where = run(runner, "where")
    assert recipients_from_where(where.stdout)[1] == str(new.to_public())


def test_rekey_with_the_old_recovery_key_file_refused_in_the_journal(
    runner: CliRunner, journal_home: Path, encrypted: dict[str, object], pf: Path
) -> None:
    inside = journal_home / "recovery.txt"
    before = snapshot(journal_home)
    result = run(runner, "rekey", "--passphrase-file", pf, "--recovery-key-out", inside, "--yes")
    assert result.exit_code == 2, result.output
    assert not inside.exists()
    assert differences(before, snapshot(journal_home)) == []


# ---------------------------------------------------------------- 9. where, unlock, lock


def test_where_says_whether_the_journal_is_encrypted(
    runner: CliRunner, journal_home: Path, tmp_path: Path, pf: Path
) -> None:
    run(runner, "note", "Plain", "--at", "2026-11-16T09:00")
    plain = run(runner, "where")
    assert plain.stdout.split("Encryption:")[1].split()[0] == "off"
    encrypt(runner, pf, tmp_path / "r.txt")
    sealed = run(runner, "where")  # no passphrase needed
    assert sealed.exit_code == 0, sealed.output
    assert sealed.stdout.split("Encryption:")[1].split()[0] == "on"


def keyring_env(tmp_path: Path, backend: str) -> dict[str, str]:
    python_path = os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH", "")]))
    return base_env(
        tmp_path / "journal",
        tmp_path / "cache",
        PYTHON_KEYRING_BACKEND=backend,
        PYTHONPATH=python_path,
        TICLI_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
    )


@pytest.fixture
def installed() -> Path:
    if not TICLI.exists():
        pytest.skip(f"the ticli command is not installed next to the running Python ({TICLI})")
    return TICLI


def test_unlock_remember_then_lock(
    installed: Path, tmp_path: Path, encrypted: dict[str, object], pf: Path
) -> None:
    env = keyring_env(tmp_path, "encryption_support.FileKeyring")
    locked = run_ticli("list", env=env)
    assert locked.returncode == 2, locked.stderr
    assert b"passphrase" in locked.stderr

    remembered = run_ticli("unlock", "--remember", "--passphrase-file", pf, env=env)
    assert remembered.returncode == 0, remembered.stderr
    assert (tmp_path / "keyring.json").is_file()
    # No passphrase now: the key comes from the keyring, in a new process.
    listed = run_ticli("list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert b"20261117-183000" in listed.stdout
    wrote = run_ticli("note", "Written with the remembered key", env=env)
    assert wrote.returncode == 0, wrote.stderr
    where = run_ticli("where", env=env)
    assert where.returncode == 0

    forgot = run_ticli("lock", env=env)
    assert forgot.returncode == 0, forgot.stderr
    again = run_ticli("list", env=env)
    assert again.returncode == 2, again.stdout
    assert b"passphrase" in again.stderr
    assert "ticli" not in (tmp_path / "keyring.json").read_text()


def test_unlock_remember_without_any_keyring_says_so(
    runner: CliRunner,
    tmp_path: Path,
    encrypted: dict[str, object],
    pf: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No desktop keyring and a kernel that keeps no keys (a container's seccomp filter,
    say): ticli says so, and the passphrase works as before."""
    import keyring
    from keyring.backends import fail

    from ticli.store import kernelkeys

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    monkeypatch.setattr(kernelkeys, "available", lambda: False)
    result = run(runner, "unlock", "--remember", "--passphrase-file", pf)
    assert result.exit_code == 2, result.output
    assert "no keyring" in result.output and "kernel" in result.output, result.output
    assert "Traceback" not in result.output
    assert run(runner, "list", "--passphrase-file", pf).exit_code == 0
    assert run(runner, "where").stdout.count("kept in") == 0


def kernel_keeps_keys() -> bool:
    from ticli.store import kernelkeys

    return kernelkeys.available()


def test_unlock_remember_without_a_desktop_keyring_uses_the_kernels(
    installed: Path, tmp_path: Path, encrypted: dict[str, object], pf: Path
) -> None:
    """A headless Linux box: the key goes to the kernel's keyring (in memory), a new
    process finds it with no passphrase, and `lock` takes it out."""
    if not kernel_keeps_keys():
        reason = "this kernel keeps no keys for ticli (keyctl refused)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from ticli.store import kernelkeys

    env = keyring_env(tmp_path, "keyring.backends.fail.Keyring")
    recipient = tomllib.loads(
        (tmp_path / "journal" / ".ticli" / "key.toml").read_text(encoding="utf-8")
    )["recipients"][0]
    try:
        assert run_ticli("list", env=env).returncode == 2
        remembered = run_ticli("unlock", "--remember", "--passphrase-file", pf, env=env)
        assert remembered.returncode == 0, remembered.stderr
        assert b"Linux's own keyring" in remembered.stdout, remembered.stdout
        assert kernelkeys.find(recipient) is not None
        for kept in (tmp_path / "cache").rglob("*"):
            if kept.is_file():
                assert b"AGE-SECRET-KEY" not in kept.read_bytes().upper(), kept
        listed = run_ticli("list", env=env)
        assert listed.returncode == 0, listed.stderr
        assert b"20261117-183000" in listed.stdout
        searched = run_ticli("search", "Hard", env=env)  # the quick lane, too
        assert searched.returncode in (0, 1), searched.stderr
        assert b"passphrase" not in searched.stderr
        where = run_ticli("where", env=env)
        assert b"Linux's keyring" in where.stdout, where.stdout
        kernelkeys.forget(recipient)  # as a restart would
        assert b"Linux's keyring" not in run_ticli("where", env=env).stdout
        assert run_ticli("list", env=env).returncode == 2
        assert run_ticli("unlock", "--remember", "--passphrase-file", pf, env=env).returncode == 0
        assert run_ticli("lock", env=env).returncode == 0
        assert kernelkeys.find(recipient) is None
        again = run_ticli("list", env=env)
        assert again.returncode == 2 and b"passphrase" in again.stderr
    finally:
        kernelkeys.forget(recipient)


def test_unlock_without_remember_checks_the_passphrase(
    runner: CliRunner, journal_home: Path, tmp_path: Path, encrypted: dict[str, object], pf: Path
) -> None:
    before = snapshot(journal_home)
    assert run(runner, "unlock", "--passphrase-file", pf).exit_code == 0
    wrong = secret_file(tmp_path / "w", "not it")
    result = run(runner, "unlock", "--passphrase-file", wrong)
    assert result.exit_code == 2
    assert "recover" in result.output
    assert differences(before, snapshot(journal_home)) == []


# ---------------------------------------------------------------- plain exports need --unencrypted


@pytest.mark.parametrize(
    "command",
    [
        ("export", "--format", "md", "--out"),
        ("export", "--format", "json", "--out"),
        ("summary", "--out"),
        ("brief", "--since", "2026-11-01", "--out"),
    ],
    ids=["export-md", "export-json", "summary", "brief"],
)
def test_a_plain_file_out_of_an_encrypted_journal_needs_plain(
    runner: CliRunner,
    tmp_path: Path,
    encrypted: dict[str, object],
    pf: Path,
    command: tuple[str, ...],
) -> None:
    """README: exports, summaries and briefs written to a file are plain, and with
    encryption on ticli writes them only when you add --unencrypted."""
    out = tmp_path / "out" / "written.md"
    out.parent.mkdir()
    refused = run(runner, *command, out, "--passphrase-file", pf, "--allow-identifiers")
    assert refused.exit_code != 0, refused.output
    assert not out.exists()
    assert "--unencrypted" in refused.output
    written = run(
        runner, *command, out, "--unencrypted", "--passphrase-file", pf, "--allow-identifiers"
    )
    assert written.exit_code == 0, written.output
    assert out.is_file()


# ---------------------------------------------------------------- 8. nothing in plain text on disk

#: Planted in entries; its rarer words are looked for one by one too (an index of words
#: would give them away without the sentence).
SECRET = "Marisol Quenneville told me about the Thistlecombe flat"
SECRET_WORDS = ["Quenneville", "Thistlecombe", "Marisol"]
EDITED = "Zygophyllum appended by the editor"


def _leaks(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError:
        return []
    folded = data.decode("utf-8", errors="ignore").casefold()
    found = [w for w in [SECRET, EDITED, *SECRET_WORDS] if w.casefold() in folded]
    found += [w for w in [SECRET, EDITED, *SECRET_WORDS] if w.encode("utf-8") in data]
    return sorted(set(found))


def _shm_names() -> set[str]:
    shm = Path("/dev/shm")
    # ticli's private folders only (other tests make their own there).
    names = {p.name for p in shm.iterdir()} if shm.is_dir() else set()
    return {n for n in names if n.startswith("ticli-") and not n.startswith("ticli-crash-test")}


def test_nothing_in_plain_text_on_disk_after_a_full_session(
    installed: Path, tmp_path: Path
) -> None:
    home, cache, temp = tmp_path / "journal", tmp_path / "cache", tmp_path / "tmp"
    outside = tmp_path / "outside"
    for folder in (temp, outside):
        folder.mkdir()
    pf = secret_file(tmp_path / "secrets", PASSPHRASE)
    editor = tmp_path / "editor.sh"
    # The editor appends a line to whatever file it is given, and notes where that was.
    editor.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$1" >> "{tmp_path}/edited-paths"\n'
        f'printf "\\n{EDITED}\\n" >> "$1"\n'
    )
    editor.chmod(0o755)
    env = base_env(home, cache, TMPDIR=str(temp), EDITOR=str(editor))
    shm_before = _shm_names()

    failures: list[str] = []

    def ticli(*args: str | Path, expect: int = 0) -> bytes:
        done = run_ticli(*args, "--passphrase-file", pf, env=env)
        if done.returncode != expect:
            failures.append(
                f"ticli {' '.join(map(str, args))}: exit {done.returncode}: {done.stderr.decode()}"
            )
        return done.stdout

    # The privacy guard's lists name the client too: never plain once encrypted.
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text(
        'watch_list = ["Thistlecombe flat"]\nallow_list = ["Marisol"]\n', encoding="utf-8"
    )
    # Start with one plain entry, then encrypt: the plain file must not survive anywhere.
    ticli("note", f"Before encryption. {SECRET}.", "--at", "2026-11-02T09:00")
    ticli("encrypt", "--recovery-key-out", tmp_path / "recovery.txt", "--yes")
    ticli("note", f"{SECRET}, and I listened.", "--tag", "home-visit")
    ticli(
        "today",
        "--answer",
        f"strengths-today={SECRET}; she laughed for the first time.",
        "--answer",
        "triggers-what-helped=Slowing down and a glass of water.",
        "--rate",
        "capacity=3",
        "--at",
        "2026-11-20T18:30",
    )
    ticli("session", "--answer", f"session-what-happened={SECRET}.", "--at", "2026-11-21T15:00")
    listed = ticli("list")
    assert b"Quenneville" in listed  # the commands do read it
    ticli("show", "--last")
    ticli("show", "20261120", "--raw")
    found = ticli("search", "thistlecombe")
    assert b"2026-11-20" in found or b"20261120" in found
    ticli("edit", "20261120")
    ticli("flag", "20261120")
    ticli("delete", "20261102", "--yes")
    ticli("trash")
    ticli("restore", "20261102")
    ticli("delete", "20261121", "--yes")  # stays in the trash
    ticli("summary", "--since", "2026-11-01", "--allow-identifiers")
    ticli("brief", "--since", "2026-11-01", "--allow-identifiers")
    ticli("check", expect=1)  # it finds the planted name: exit 1, as documented
    ticli("lookback", "--date", "2026-11-25")
    ticli("tags")
    ticli("index")
    ticli("index", "--rebuild")
    ticli("list", "--json")
    exported = outside / "export.md"
    ticli("export", "--unencrypted", "--out", exported, "--allow-identifiers")

    edited_paths = (tmp_path / "edited-paths").read_text().split()
    leaks: list[str] = []
    for root in (home, cache, temp):
        for path in walk(root):
            if words := _leaks(path):
                leaks.append(f"{path}: {words}")
    for name in _shm_names() - shm_before:
        entry = Path("/dev/shm") / name
        paths = walk(entry) if entry.is_dir() else [entry]
        for path in paths:
            leaks.append(f"left in /dev/shm: {path}")
    for path in edited_paths:
        # The editor's plain copy: outside the journal, private while it lived, removed.
        assert not Path(path).is_relative_to(home), path
        assert not Path(path).exists(), f"the editor's plain copy is still there: {path}"
    assert leaks == [], "\n".join(leaks)
    # The edit and the delete/restore round did what they should, encrypted.
    assert b"Zygophyllum" in ticli("show", "20261120")
    assert any(p.name.endswith(".md.age") for p in walk(home / ".trash"))
    # Every entry is encrypted, and nothing else of ours is left plain in the journal.
    assert all(p.name.endswith(".md.age") for p in entry_files_any(home))
    assert failures == [], "\n".join(failures)
