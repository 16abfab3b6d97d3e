"""What encryption's commands say: the recovery key, progress, what was done."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ticli.render.console import literal, plural, say

if TYPE_CHECKING:
    from ticli.usecases.encryption import Converted, EncryptionState

ENCRYPT_PROGRESS = "Encrypting your journal"
DECRYPT_PROGRESS = "Decrypting your journal"
REKEY_PROGRESS = "Encrypting your journal to the new keys"
KEPT_QUESTION = "Have you kept the recovery key somewhere safe, outside the journal? [y/N] "
SAVE_QUESTION = "Write the recovery key to a file? Give a path outside the journal (Enter: no): "
DECRYPT_QUESTION = (
    "Your entries will be plain text on this disk again (and on any device that syncs "
    "them). Go on? [y/N] "
)


def encrypt_intro(out: Console, files: int) -> None:
    out.print(
        Text(
            f"This encrypts your journal ({plural(files, 'file', 'files')}) in the age format.\n"
            "Three steps: choose a passphrase (asked twice); keep the recovery key shown "
            "next; then the files are encrypted. Until the last step nothing changes, and "
            "you can stop with Ctrl-C.\n"
        )
    )


def recovery_key(out: Console, key: str, public: str) -> None:
    """The recovery key, shown once."""
    body = Text()
    body.append(key + "\n\n", style="bold")
    body.append(
        "This key opens every entry, with or without ticli, even if the passphrase is "
        "forgotten:\n  age -d -i RECOVERY_FILE ENTRY.md.age\n"
        "ticli does not keep it and will not show it again. Keep it outside the journal: "
        "a password manager, a USB stick in a drawer, or on paper.\n"
    )
    body.append(f"(Its public key: {public})", style="dim")
    out.print(Panel(body, title="Your recovery key", expand=False))


def recovery_written(out: Console, path: Path) -> None:
    out.print(
        Text("The recovery key is in ") + literal(str(path)) + Text(" (readable by you only).")
    )


def not_kept(out: Console) -> None:
    out.print("Nothing was changed. Run ticli encrypt again when you are ready.")


def key_file_notes(out: Console, notes: list[str]) -> None:
    """What was found wrong with the key file that stopped nothing."""
    for note in notes:
        say(out, Text("Note: ", style="yellow"), literal(note))


def no_new_recovery_key(out: Console, path: Path) -> None:
    """A rekey that finished one started earlier made no new keys."""
    out.print(
        Text(
            "This finished the re-key started earlier, so no new keys were made and nothing "
            f"was written to {path}: the recovery key to keep is the one that re-key gave "
            "you. Run ticli rekey again for new keys."
        )
    )


def converted(out: Console, what: str, result: Converted) -> None:
    """What encrypt, decrypt or rekey did, and any file it could not convert."""
    if result.problems:
        out.print(
            Text(
                f"{plural(len(result.problems), 'file', 'files')} could not be {what}ed and "
                "were left as they were:"
            )
        )
        for problem in result.problems:
            out.print(Text("  ") + literal(problem.message))
        out.print(f"Fix those, then run ticli {what} again to finish.")
        return
    again = " (finishing what an earlier run started)" if result.resumed else ""
    n = plural(result.files, "file", "files")
    if what == "encrypt":
        if result.files or not (result.reencrypted or result.lists_moved is not None):
            out.print(
                f"Done{again}: {n} encrypted. Your journal is encrypted; "
                "ticli asks for the passphrase when it needs to read or write an entry."
            )
        if result.reencrypted:
            out.print(_reencrypted(result.reencrypted))
        if result.lists_moved is not None:
            words = plural(result.lists_moved, "word", "words")
            out.print(
                f"The privacy guard's watch_list and allow_list ({words}) moved from "
                "config.toml into the journal, encrypted (.ticli/privacy-lists.toml.age)."
            )
    elif what == "decrypt":
        out.print(
            f"Done{again}: {n} decrypted, back to plain Markdown. "
            "The old key file is in the journal's trash (.trash/keys)."
        )
        if result.lists_moved is not None:
            words = plural(result.lists_moved, "word", "words")
            out.print(
                f"The privacy guard's watch_list and allow_list ({words}) are back in config.toml."
            )
    else:
        out.print(
            f"Done{again}: {n} encrypted to the new keys. "
            "The old recovery key no longer opens new entries; the new one opens all."
        )
        out.print(
            "The old key is kept, encrypted to the new one, so files a device that has not "
            "synced yet writes to it still open; ticli doctor names them and ticli encrypt "
            "encrypts them to the new keys. Keep the old recovery key only for copies of "
            "the journal made before now (see the README)."
        )


def _reencrypted(count: int) -> str:
    files = plural(
        count, "file that only an old key opened is", "files that only an old key opened are"
    )
    return f"{files} now encrypted to the current keys."


def already(out: Console, encrypted: bool) -> None:
    if encrypted:
        out.print("This journal is encrypted already; there is nothing to do.")
    else:
        out.print("This journal is not encrypted; there is nothing to do.")


def said(out: Console, message: str) -> None:
    out.print(Text(message))


def key_kept(out: Console, where: str) -> None:
    """After `ticli unlock --remember`: where the key went."""
    if where == "kernel":
        said(
            out,
            "There is no desktop keyring here, so the key is kept in Linux's own keyring, "
            "in memory: readable by your programs only, never written to disk. ticli will "
            "not ask for the passphrase again until the machine restarts. ticli lock "
            "forgets it sooner.",
        )
    else:
        said(
            out,
            "The key is kept in the OS keyring: ticli will not ask for the passphrase on "
            "this machine. ticli lock forgets it.",
        )


def state_line(state: EncryptionState) -> Text:
    """One line for `ticli where`: whether the journal is encrypted."""
    if state.encrypted:
        index = (
            "the index is kept encrypted, as the name above with .sqlcipher in place of .sqlite3"
            if state.index_kept
            else "the index is built in memory by each command: SQLCipher is not available here"
        )
        text = f"on (age format; each entry is a .md.age file; {index})"
        if state.remembered == "kernel":
            text += "; the key is kept in Linux's keyring until the machine restarts"
        elif state.remembered:
            text += "; the key is kept in the OS keyring"
    else:
        text = "off (plain Markdown files)"
    if state.unfinished:
        text += f"; an earlier 'ticli {state.unfinished}' did not finish: run it again"
    return Text(text)


def recipients(out: Console, state: EncryptionState) -> None:
    if not state.recipients:
        return
    out.print(Text("Recipients (public keys; encrypt a file by hand to both):", style="bold"))
    for label, recipient in zip(("journal", "recovery"), state.recipients, strict=False):
        out.print(Text(f"  {label}: ") + literal(recipient))


def where_lines(out: Console, state: EncryptionState) -> None:
    """What `ticli where` says about encryption."""
    out.print(Text("Encryption:    ", style="bold") + state_line(state))
    recipients(out, state)
    if state.retired_keys:
        out.print(
            Text(
                "  Old keys from an earlier ticli rekey are kept (encrypted to these), so files "
                "still encrypted to them open; ticli doctor names them.",
                style="dim",
            )
        )
    if state.plain_lists:
        out.print(
            Text(
                "  watch_list or allow_list is in plain text in config.toml: ticli doctor --fix "
                "moves it into the journal, encrypted.",
                style="yellow",
            )
        )


def plain_written(out: Console) -> None:
    """Said after a plain file was written from an encrypted journal (--unencrypted)."""
    out.print(
        Text(
            "Written unencrypted, as asked (--unencrypted); the journal itself stays encrypted. "
            "Keep the file somewhere safe, and delete it when it has done its job.",
            style="dim",
        )
    )


def plain_lists_left(out: Console, keys: list[str], config: Path) -> None:
    """Said at the end of `check`: the guard's lists in plain text in config.toml."""
    say(
        out,
        Text("Not encrypted: ", style="yellow"),
        literal(str(config)),
        f" holds {' and '.join(keys)} in plain text (names of people and places), although "
        f"this journal is encrypted. Move {'it' if len(keys) == 1 else 'them'} into the "
        "journal, encrypted, with: ticli doctor --fix (or ticli encrypt)",
    )


def plain_entries_left(out: Console, count: int) -> None:
    """Said at the end of `check`: entries still plain in an encrypted journal."""
    say(
        out,
        Text("Not encrypted: ", style="yellow"),
        f"{plural(count, 'entry is', 'entries are')} plain text in this encrypted journal "
        "(synced from another device, or left by an encrypt that was stopped). "
        "Encrypt them with: ticli encrypt",
    )
