"""What a command can start before its options are parsed: the passphrase's scrypt, when
the command line or TICLI_PASSPHRASE_FILE names a passphrase file (see store.prekey); and,
for a command that brings the index up to date with every file, the look at the journal's
folders that begins it (see store.folderlook), each in a thread beside the rest of the
start-up. Light to import: it runs before Typer is loaded."""

from __future__ import annotations

import os
from pathlib import Path

OPTION = "--passphrase-file"
VARIABLE = "TICLI_PASSPHRASE_FILE"


#: Commands that never open an encrypted journal's key with its passphrase (a scrypt
#: started for them would only be waited for at their end).
NEEDS_NO_KEY = frozenset({"where", "prompts", "lock", "init", "recover", "encrypt"})


def split_passphrase_file(args: list[str]) -> tuple[list[str], Path | None]:
    """The command line without `--passphrase-file PATH` (anywhere before `--`), and the
    PATH (the last given); a `--passphrase-file` with no PATH is left in, for the
    option's own parsing to say a PATH is missing."""
    given: Path | None = None
    kept: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            kept += [arg, *rest]
            break
        if arg == OPTION:
            value = next(rest, None)
            if value is None:
                kept.append(arg)
                break
            given = Path(value)
        elif arg.startswith(OPTION + "="):
            given = Path(arg.split("=", 1)[1])
        else:
            kept.append(arg)
    return kept, given


def from_environment() -> Path | None:
    value = os.environ.get(VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def start(args: list[str]) -> None:
    """Start the passphrase's scrypt for this command line, when it names a passphrase
    file (not for help, which opens no journal)."""
    kept, given = split_passphrase_file(args)
    words = kept[: kept.index("--")] if "--" in kept else kept
    command = next((w for w in words if w != "--plain"), "")
    if {"-h", "--help", "--version"} & set(words):
        return
    global _started
    if looks_at_every_file(command, words):
        try:
            from ticli.usecases.prekey import start_looking

            _started = True
            start_looking()
        except Exception:  # only ever a head start: the refresh looks for itself
            pass
    if command in NEEDS_NO_KEY:
        return
    try:
        path = given if given is not None else from_environment()
        if path is None:
            return
        from ticli.usecases.prekey import start_unlocking

        _started = True
        start_unlocking(path)
    except Exception:  # only ever a head start: the command says what is wrong
        return


_started = False

#: Commands whose index is always brought up to date with every file (store.Index.refresh).
ALWAYS_EVERY_FILE = frozenset({"tags", "summary", "brief", "check", "report", "lookback"})
#: Commands whose index is, unless their options choose fewer (see usecases.read._fresh):
#: `--since` alone, or `--limit` alone (not `search`'s, which limits what is shown).
LOOK_AT_EVERY_FILE = frozenset({"list", "search", "export"}) | ALWAYS_EVERY_FILE
#: Options that choose entries by more than their date: with any of them, every file.
_NARROWING = ("--tag", "-t", "--principle", "-p", "--kind", "-k", "--until")


def looks_at_every_file(command: str, words: list[str]) -> bool:
    """Whether this command line brings the index up to date with every file first (a
    guess, from the words alone: a wrong one costs a look in another process, or the
    head start, nothing more; tests/test_look_ahead.py checks it against the commands)."""
    if command not in LOOK_AT_EVERY_FILE:
        return False
    if command in ALWAYS_EVERY_FILE:
        return True
    named = [w for w in words if w.startswith("-")]
    if any(w.startswith(_NARROWING) for w in named):
        return True
    since = any(w.startswith("--since") for w in named)
    limit = command != "search" and any(w.startswith(("--limit", "-n")) for w in named)
    return not (since or limit)


def finish() -> None:
    """At the end of the command: wait for a scrypt still under way (a command that did
    not need the key), so that no thread outlives it, and drop what it worked out."""
    if _started:
        from ticli.usecases.prekey import finish_unlocking

        finish_unlocking()
