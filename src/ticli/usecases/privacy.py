"""The privacy guard as a use case: check entries, and guard what leaves the journal."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ticli.errors import TicliError
from ticli.model import Entry
from ticli.usecases.journal import Found, Journal

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    # The detectors are imported when a check runs: most commands never need them.
    from ticli.analysis.privacy import EntryFindings, Finding
    from ticli.store import Index


@dataclass(frozen=True)
class GuardWords:
    """What the guard knows of this journal's words, and how to remember a new one."""

    watch_list: tuple[str, ...] = ()
    allow_list: tuple[str, ...] = ()
    #: Names the user's own writing shows (capitalised, mid-sentence, again and again).
    known_names: frozenset[str] = frozenset()
    #: Adds a word to the allow list ("this is not a name, never ask again").
    never_ask: Callable[[str], None] | None = field(default=None, compare=False)
    #: The lists are kept encrypted in the journal (not in config.toml).
    encrypted: bool = False

    def find(self, text: str) -> list[Finding]:
        from ticli.analysis.privacy import find_identifiers

        return find_identifiers(text, self.watch_list, self.allow_list, self.known_names)


#: Reviews findings with the user (in a terminal) and returns the entries as they
#: should be written out; None when there is nobody to ask.
Reviewer = Callable[[str, Sequence["EntryFindings"], GuardWords], dict[str, Entry]]


def guard_words(journal: Journal, own_lists: bool = True) -> GuardWords:
    """The journal's watch and allow lists, and a way to add to the allow list (the names
    the entries' history shows are `checked`'s to add). Without `own_lists`, only
    config.toml's lists (when the encrypted ones cannot be read, and the user's words
    must be kept all the same)."""
    from ticli.usecases import guardlists

    if own_lists:
        watch, allow = guardlists.guard_lists(journal)
    else:
        watch, allow = journal.config.watch_list, journal.config.allow_list
    return GuardWords(
        watch,
        allow,
        frozenset(),
        (lambda word: never_ask_again(journal, word)) if own_lists else None,
        guardlists.encrypted_lists(journal),
    )


def never_ask_again(journal: Journal, word: str) -> None:
    """Add `word` to the allow list (config.toml's, or the one kept encrypted in an
    encrypted journal): the guard will not read it as a name again."""
    from ticli.usecases import guardlists

    guardlists.add_allowed(journal, word)


def check_entries(
    journal: Journal, entries: Sequence[Entry], own_lists: bool = True
) -> list[EntryFindings]:
    """What the privacy guard finds in these entries, entry by entry (`checked`)."""
    return checked(journal, entries, own_lists)[0]


def checked(
    journal: Journal, entries: Sequence[Entry], own_lists: bool = True
) -> tuple[list[EntryFindings], GuardWords]:
    """What the privacy guard finds in these entries, entry by entry, and the words it
    looked with (the lists, and the names the entries' history shows).

    An entry found clear before (the same text, the same watch and allow lists, the
    same names known from the user's history, the same detectors) is not looked at
    again: the index remembers it, so checking a big journal twice costs little. And a
    whole check of entries from the index is remembered too (by the entries' stamps, as
    the index read them, and the same settings): checked again with nothing changed, only
    the entries that held something are read.
    """
    from dataclasses import replace

    from ticli import __version__, store
    from ticli.analysis.privacy import DETECTORS_VERSION
    from ticli.usecases import lookers

    words = guard_words(journal, own_lists)  # the lists; the names come below
    watch, allow = words.watch_list, words.allow_list
    # A new ticli, new detectors or other lists: every entry is looked at again.
    settings = "\x00".join([__version__, str(DETECTORS_VERSION), *watch, "", *allow, ""])
    index = journal.open_index()
    try:
        stamps = entries.stamps_digest() if isinstance(entries, store.LazyEntries) else None
        run = None
        if stamps is not None:
            seen = settings.encode("utf-8", "surrogatepass") + stamps
            run = hashlib.blake2b(seen, digest_size=16).digest()
            remembered = index.guard_run(run)
            if remembered is not None:  # the same entries, as read, the same settings
                known, held = remembered
                words = replace(words, known_names=frozenset(known))
                return _findings(entries, held, watch, allow, words.known_names), words
        # A first check of a big journal (few remembered clear): workers get ready while
        # the entries are read.
        cold = index.clear_count() + PARALLEL_FROM <= len(entries)
        pool = None
        if cold and lookers.can_look_apart(journal, len(entries), PARALLEL_FROM):
            pool = lookers.start()
        try:
            return _check_all(journal, index, entries, words, settings, run, pool)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
    finally:
        index.close()


def _check_all(
    journal: Journal,
    index: Index,
    entries: Sequence[Entry],
    words: GuardWords,
    settings: str,
    run: bytes | None,
    pool: Pool | None,
) -> tuple[list[EntryFindings], GuardWords]:
    """`checked` when nothing is remembered of these entries: each entry's text is
    read, and those not found clear before are looked at (by `pool`'s workers, when there
    are many)."""
    from dataclasses import replace

    from ticli import store
    from ticli.analysis.privacy import checked_text
    from ticli.analysis.privacy.history import recurring_names
    from ticli.usecases import lookers

    ids, texts = [], []
    if isinstance(entries, store.LazyEntries):  # its records: no entries made
        for entry_id, text in entries.records_as(_id_and_checked_text):
            ids.append(entry_id)
            texts.append(text)
    else:
        for entry in entries:  # the one pass through every entry
            ids.append(entry.id)
            texts.append(checked_text(entry))
    words = replace(words, known_names=recurring_names(texts) if texts else frozenset())
    salt = (settings + "\x00".join(sorted(words.known_names))).encode("utf-8", "surrogatepass")

    def digest(text: str) -> bytes:
        data = text.encode("utf-8", "surrogatepass")
        return hashlib.blake2b(salt + data, digest_size=16).digest()

    clear = index.clear_digests()
    holding, newly_clear = {}, []
    keys = [digest(text) for text in texts]
    unknown = [position for position, key in enumerate(keys) if key not in clear]
    # Checked in the text the first pass kept, not in the entry read again: most
    # entries hold nothing, and only those that hold something are read again.
    looked = [texts[p] for p in unknown]
    if pool is None or len(looked) < PARALLEL_FROM:
        verdicts = _clear_texts(journal, looked, words)
    else:
        verdicts = lookers.look(pool, looked, words.watch_list, words.allow_list, words.known_names)
    for position, is_clear in zip(unknown, verdicts, strict=True):
        if is_clear:
            newly_clear.append(keys[position])
        else:
            holding[ids[position]] = position
    found = _findings(entries, holding, words.watch_list, words.allow_list, words.known_names)
    index.add_clear(newly_clear)
    if run is not None:
        index.add_guard_run(run, sorted(words.known_names), holding)
    return found, words


def _findings(
    entries: Sequence[Entry],
    holding: Mapping[str, int],
    watch: Sequence[str],
    allow: Sequence[str],
    known: frozenset[str],
) -> list[EntryFindings]:
    """What the entries that hold something (id: position) hold, entry by entry."""
    from ticli.analysis.privacy import check_entry

    found = []
    for entry in _entries_to_check(entries, holding):
        findings = check_entry(entry, watch, allow, known)
        if findings is not None:  # None only if the entry changed meanwhile
            found.append(findings)
    return found


def _id_and_checked_text(record: dict[str, Any]) -> tuple[str, str]:
    from ticli.analysis.privacy.entries import record_checked_text

    return record["id"], record_checked_text(record)


#: From this many entries to look at (and more than one core), worker processes look.
PARALLEL_FROM = 1000


def _clear_texts(journal: Journal, texts: Sequence[str], words: GuardWords) -> list[bool]:
    """Whether each of these `checked_text`s is clear, in order (by worker processes when
    there are many and the journal is not encrypted: usecases.lookers)."""
    from ticli.usecases import lookers

    pool = lookers.start() if lookers.can_look_apart(journal, len(texts), PARALLEL_FROM) else None
    try:
        return lookers.look(pool, texts, words.watch_list, words.allow_list, words.known_names)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _entries_to_check(entries: Sequence[Entry], pending: Mapping[str, int]) -> Iterator[Entry]:
    """The entries with these ids (at these positions): the few a checked journal has,
    each read on its own; many, in one more pass through them all."""
    done: set[str] = set()
    if len(pending) * 8 <= len(entries):
        for entry_id, position in pending.items():
            try:
                entry = entries[position]
            except IndexError:
                break
            if entry.id != entry_id:
                break  # the journal changed meanwhile: look through them all
            done.add(entry_id)
            yield entry
        else:
            return
    yield from (e for e in entries if e.id in pending and e.id not in done)


class IdentifiersFound(TicliError):
    """Output was refused because it may identify someone; lists what was found."""

    exit_code = 1

    def __init__(self, what: str, findings: list[EntryFindings], found: Found) -> None:
        super().__init__(
            f"{what} may identify someone, so nothing was written.",
            hint="Change those entries (ticli edit ID), or add --allow-identifiers "
            "if you are sure this is safe.",
        )
        self.findings = findings
        self.paths = found.paths


def guard(
    journal: Journal,
    what: str,
    found: Found,
    allow_identifiers: bool,
    reviewer: Reviewer | None,
) -> dict[str, Entry]:
    """The privacy guard before anything leaves the journal.

    With --allow-identifiers, or nothing found: nothing changes. With a reviewer
    (a terminal): each finding is shown, to redact, edit or keep, in what is
    written out only. Otherwise: refuse, listing what was found.
    """
    if allow_identifiers:
        return {}  # nothing to look for: the user has said it is safe
    findings, words = checked(journal, found.entries)
    if not findings:
        return {}
    if reviewer is None:
        raise IdentifiersFound(what, findings, found)
    return reviewer(what, findings, words)


def check_journal(journal: Journal, found: Found, own_lists: bool = True) -> list[EntryFindings]:
    """`ticli check`: the findings in the chosen entries (without `own_lists`, with
    config.toml's lists only: the encrypted ones cannot be read or used)."""
    return check_entries(journal, found.entries, own_lists)


class IdentifiersInText(TicliError):
    """A summary or brief was refused: its own text holds details that may identify someone
    (a theme, a tag, a note from a supervision), beyond the entries that were reviewed."""

    exit_code = 1

    def __init__(self, what: str, findings: list[Finding]) -> None:
        super().__init__(
            f"{what} may identify someone, so nothing was written.",
            hint="Change the entries it draws on (ticli check finds them), or add "
            "--allow-identifiers if you are sure this is safe.",
        )
        self.findings = findings


#: Shows what the final text holds and asks whether to write it anyway.
Confirm = Callable[[str, str, list["Finding"]], bool]


def guard_text(
    journal: Journal,
    what: str,
    text: str,
    allow_identifiers: bool,
    confirm: Confirm | None,
    kept: frozenset[str] = frozenset(),
) -> None:
    """The last look before a summary or brief leaves the journal: its whole text.

    Themes, tags and trigger words come from many entries, so the entries' review
    cannot cover them all; this check does. In a terminal the user decides (no by
    default); otherwise anything found refuses the output.
    """
    if allow_identifiers:
        return
    # Details the user chose to keep in the review of the entries are not asked again.
    findings = [f for f in guard_words(journal).find(text) if f.text not in kept]
    if not findings:
        return
    if confirm is None or not confirm(what, text, findings):
        raise IdentifiersInText(what, findings)
