"""An encrypted journal kept in step by real Syncthing (issue 10): two instances on
127.0.0.1 (tests/syncthing_support.py; only the laptop dials) share one journal folder.

1. The laptop encrypts its journal; the desktop receives the key file and the entries,
   and opens them with the passphrase alone (a --passphrase-file, mode 0600). Entries
   written on both sides arrive, encrypted, and each side reads the other's.
2. While the devices are disconnected, both edit the same encrypted entry. Syncthing keeps
   a conflict copy of the `.md.age` file (`<id>.md.sync-conflict-…-DEVICE.age`); `ticli
   doctor` names it, `doctor --fix --yes` merges it through the journal's key without
   losing an answer, the merge syncs back, and no entry's text is plain on either disk.
3. The laptop re-keys while the desktop is offline, and the desktop, not yet synced, writes
   an entry encrypted to the old keys. After they reconnect, the laptop reads it (the old
   key is kept, retired), `doctor` names it and `doctor --fix` encrypts it to the new keys,
   and the desktop, now with the new key file, reads everything with the same passphrase.

Every wait has a deadline; both instances are stopped at the end, even on failure. The
`syncthing` binary missing: skipped loudly outside CI, a failure in CI.
"""

from __future__ import annotations

import re
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from encryption_support import PASSPHRASE, secret_file
from syncthing_support import Pair, entry_files, pair, ticli
from typer.testing import CliRunner

from ticli.analysis.merge import MARKER

#: Words that only ever appear inside entries: none may be found plain on either disk.
SECRETS = ("Marigold", "Laptop strengths", "Desktop safety", "Laptop next", "Desktop next")


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    with pair(tmp_path_factory.mktemp("syncthing-encrypted")) as both:
        yield both


@pytest.fixture(scope="module")
def passphrase_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = secret_file(tmp_path_factory.mktemp("secret"), PASSPHRASE + "\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return path


def plain_leaks(root: Path) -> list[str]:
    """Files under `root` (Syncthing's own folders aside) holding an entry's words."""
    found = []
    for path in root.rglob("*"):
        if ".stfolder" in path.parts or not path.is_file():
            continue
        data = path.read_bytes()
        found += [f"{path}: {word}" for word in SECRETS if word.encode() in data]
    return found


@pytest.fixture(scope="module")
def encrypted(
    synced: Pair, passphrase_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Pair:
    """The laptop's journal, with one entry, encrypted and synced to the desktop."""
    runner = CliRunner()
    a, b = synced.both
    first = ticli(runner, a.folder, "note", "Marigold: first, before encryption", "--tag", "enc")
    assert first.exit_code == 0, first.output
    recovery = tmp_path_factory.mktemp("recovery") / "recovery.txt"
    done = ticli(
        runner,
        a.folder,
        "encrypt",
        "--passphrase-file",
        str(passphrase_file),
        "--recovery-key-out",
        str(recovery),
        "--yes",
    )
    assert done.exit_code == 0, done.output
    synced.settle(
        lambda: (
            (b.folder / ".ticli" / "key.toml").is_file()
            and any(n.endswith(".md.age") for n in entry_files(b.folder))
            and not any(n.endswith(".md") for n in entry_files(b.folder))
        )
    )
    return synced


def test_entries_written_on_both_encrypted_sides_arrive_and_are_read(
    runner: CliRunner, encrypted: Pair, passphrase_file: Path
) -> None:
    a, b = encrypted.both
    pf = str(passphrase_file)
    # The desktop never ran `encrypt`: the key file that came with the journal, and the
    # passphrase, open it.
    listed = ticli(runner, b.folder, "list", "--tag", "enc", "--passphrase-file", pf)
    assert listed.exit_code == 0, listed.output
    assert "Marigold: first" in listed.stdout
    written: list[str] = []
    for n in range(5):
        for side in (a, b):
            text = f"Marigold from the {side.name}, number {n}"
            result = ticli(
                runner, side.folder, "note", text, "--tag", "enc", "--passphrase-file", pf
            )
            assert result.exit_code == 0, result.output
            saved = re.search(r"Saved to (\S+)", result.stdout)
            assert saved, result.stdout
            written.append(str(Path(saved[1]).relative_to(side.folder)))
    assert all(name.endswith(".md.age") for name in written), written

    encrypted.settle(
        lambda: (
            set(written) <= set(entry_files(a.folder))
            and set(written) <= set(entry_files(b.folder))
        )
    )
    assert entry_files(a.folder) == entry_files(b.folder)
    for side in (a, b):
        shown = ticli(runner, side.folder, "list", "--tag", "enc", "--passphrase-file", pf)
        assert shown.exit_code == 0, shown.output
        for other in (a, b):
            for n in range(5):
                assert f"Marigold from the {other.name}, number {n}" in shown.stdout
        found = ticli(runner, side.folder, "search", "desktop", "--passphrase-file", pf)
        assert found.exit_code == 0 and found.stdout.count("Marigold from the desktop") == 5
        doctor = ticli(runner, side.folder, "doctor", "--passphrase-file", pf)
        assert doctor.exit_code == 0, doctor.output
        assert not plain_leaks(side.folder)
    # Without the passphrase nothing opens, on either side.
    locked = ticli(runner, b.folder, "list")
    assert locked.exit_code != 0 and "Marigold" not in locked.output


EDITOR = """\
import sys
path, pairs = sys.argv[-1], sys.argv[1:-1]
text = open(path, encoding="utf-8").read()
for old, new in zip(pairs[::2], pairs[1::2]):
    assert old in text, (old, text)
    text = text.replace(old, new)
open(path, "w", encoding="utf-8").write(text)
"""


def edit(runner: CliRunner, root: Path, editor: Path, pf: Path, entry_id: str, *pairs: str) -> None:
    """`ticli edit` with an editor that replaces words in the file, as a person would."""
    command = " ".join([sys.executable, str(editor), *(f"'{p}'" for p in pairs)])
    result = ticli(
        runner, root, "edit", entry_id, "--passphrase-file", str(pf), env={"EDITOR": command}
    )
    assert result.exit_code == 0, result.output


def test_an_offline_conflict_on_an_encrypted_entry_is_merged_by_doctor(
    runner: CliRunner, encrypted: Pair, passphrase_file: Path, tmp_path: Path
) -> None:
    a, b = encrypted.both
    pf = str(passphrase_file)
    made = ticli(
        runner,
        a.folder,
        "today",
        "--answer",
        "strengths-today=Base strengths.",
        "--answer",
        "safety-team=Base safety.",
        "--answer",
        "session-next-time=Base next time.",
        "--at",
        "2026-11-17T18:30",
        "--passphrase-file",
        pf,
    )
    assert made.exit_code == 0, made.output
    entry_id = re.search(r"(\d{8}-\d{6}-[0-9a-f]{8})", made.stdout)[1]  # type: ignore[index]
    name = f"2026/11/{entry_id}.md.age"
    encrypted.settle(lambda: name in entry_files(b.folder))

    for side, other in ((a, b), (b, a)):
        side.pause(other)
    encrypted.wait_disconnected()
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR)
    edit(
        runner, a.folder, editor, passphrase_file, entry_id, "Base strengths.", "Laptop strengths."
    )
    edit(runner, a.folder, editor, passphrase_file, entry_id, "Base next time.", "Laptop next.")
    time.sleep(1.1)  # the desktop's edit is the later one, by the files' clocks
    edit(runner, b.folder, editor, passphrase_file, entry_id, "Base safety.", "Desktop safety.")
    edit(runner, b.folder, editor, passphrase_file, entry_id, "Base next time.", "Desktop next.")
    for side in (a, b):
        side.scan()  # each side records its own version while the other cannot hear
    for side, other in ((a, b), (b, a)):
        side.resume(other)
    encrypted.wait_connected()

    def copies(root: Path) -> list[str]:
        return [n for n in entry_files(root) if ".sync-conflict-" in n]

    encrypted.settle(lambda: bool(copies(a.folder)) and bool(copies(b.folder)))
    (copy,) = copies(a.folder)
    # Syncthing takes `.age` as the extension: the copy keeps it, so it stays encrypted.
    assert re.fullmatch(
        rf"2026/11/{entry_id}\.md\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}}\.age", copy
    ), copy

    shown = ticli(runner, a.folder, "doctor", "--passphrase-file", pf)
    assert shown.exit_code == 1, shown.output
    assert "Syncthing" in shown.stdout and entry_id in shown.stdout, shown.stdout
    fixed = ticli(runner, a.folder, "doctor", "--fix", "--yes", "--passphrase-file", pf)
    assert fixed.exit_code == 0, fixed.output
    assert not copies(a.folder)

    merged = ticli(runner, a.folder, "show", entry_id, "--passphrase-file", pf)
    assert merged.exit_code == 0, merged.output
    text = merged.stdout
    # No answer from either side is lost (Syncthing keeps no common ancestor, so an answer
    # changed on one side only is kept twice: the edit and the other's text).
    for answer in ("Laptop strengths.", "Desktop safety.", "Laptop next.", "Desktop next."):
        assert answer in text, text
    # The later edit (the desktop's) comes first, the other version after the marker.
    after = text[text.index("Desktop next.") :]
    assert MARKER in after.split("Laptop next.")[0], text

    # The merge syncs back; the copy leaves the other side too (into the trash).
    encrypted.settle(
        lambda: (
            not copies(b.folder)
            and entry_files(b.folder).get(name) == (a.folder / name).read_bytes()
        )
    )
    for side in (a, b):
        again = ticli(runner, side.folder, "show", entry_id, "--passphrase-file", pf)
        assert again.exit_code == 0 and "Desktop safety." in again.stdout, again.output
        doctor = ticli(runner, side.folder, "doctor", "--passphrase-file", pf)
        assert doctor.exit_code == 0, doctor.output
        # Nothing plain: no `.md` entry, and no entry's words in any file (the trash,
        # the key folder, Syncthing's temporary files included).
        assert not [n for n in entry_files(side.folder) if not n.endswith(".age")]
        assert not plain_leaks(side.folder), plain_leaks(side.folder)


def test_an_entry_written_offline_to_the_old_keys_after_a_rekey_is_read_and_mended(
    runner: CliRunner, encrypted: Pair, passphrase_file: Path, tmp_path: Path
) -> None:
    import tomllib

    import pyrage
    from pyrage import x25519

    a, b = encrypted.both
    pf = str(passphrase_file)
    for side, other in ((a, b), (b, a)):
        side.pause(other)
    encrypted.wait_disconnected()
    new_recovery = tmp_path / "recovery-new.txt"
    rekeyed = ticli(
        runner, a.folder, "rekey", "--passphrase-file", pf, "--recovery-key-out",
        str(new_recovery), "--yes",
    )  # fmt: skip
    assert rekeyed.exit_code == 0, rekeyed.output
    late = ticli(
        runner,
        b.folder,
        "note",
        "Marigold, written offline on the desktop",
        "--passphrase-file",
        pf,
    )
    assert late.exit_code == 0, late.output
    name = str(Path(re.search(r"Saved to (\S+)", late.stdout)[1]).relative_to(b.folder))  # type: ignore[index]
    for side in (a, b):
        side.scan()
    for side, other in ((a, b), (b, a)):
        side.resume(other)
    encrypted.wait_connected()
    new_key = (a.folder / ".ticli" / "key.toml").read_bytes()
    encrypted.settle(
        lambda: (
            name in entry_files(a.folder)
            and (b.folder / ".ticli" / "key.toml").read_bytes() == new_key
        )
    )
    new = x25519.Identity.from_str(
        next(x for x in new_recovery.read_text().splitlines() if x.startswith("AGE-SECRET"))
    )
    with pytest.raises(pyrage.DecryptError):  # encrypted to the old keys
        pyrage.decrypt((a.folder / name).read_bytes(), [new])
    assert tomllib.loads(new_key.decode())["retired"]["wrapped"]

    shown = ticli(runner, a.folder, "list", "--passphrase-file", pf)
    assert shown.exit_code == 0 and "written offline on the desktop" in shown.stdout
    named = ticli(runner, a.folder, "doctor", "--passphrase-file", pf)
    assert named.exit_code == 1 and "encrypted to an old key" in named.stdout, named.output
    fixed = ticli(runner, a.folder, "doctor", "--fix", "--yes", "--passphrase-file", pf)
    assert fixed.exit_code == 0, fixed.output
    pyrage.decrypt((a.folder / name).read_bytes(), [new])  # the new recovery key opens it
    encrypted.settle(lambda: entry_files(b.folder).get(name) == (a.folder / name).read_bytes())
    for side in (a, b):
        listed = ticli(runner, side.folder, "list", "--passphrase-file", pf)
        assert listed.exit_code == 0 and "written offline on the desktop" in listed.stdout
        assert "Marigold from the laptop, number 4" in listed.stdout
        doctor = ticli(runner, side.folder, "doctor", "--passphrase-file", pf)
        assert doctor.exit_code == 0, doctor.output
        assert not plain_leaks(side.folder), plain_leaks(side.folder)
    for path in entry_files(a.folder):
        pyrage.decrypt((a.folder / path).read_bytes(), [new])  # every entry, the new keys
