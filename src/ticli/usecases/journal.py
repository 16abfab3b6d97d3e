"""Opening the journal: its folders, settings and prompt library; finding an entry."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ticli import store
from ticli.analysis.query import summary_line
from ticli.config import Config, load_config, setting_line
from ticli.errors import EntryProblem, FileProblem, UsageError
from ticli.model import Entry, Rating
from ticli.paths import Locations, locations

if TYPE_CHECKING:
    from ticli.prompts import Library

T = TypeVar("T")

FIRST_ENTRY_HINT = 'Write your first with: ticli today (or ticli note "...").'


@dataclass(frozen=True)
class Journal:
    """An open journal: where its files are, its prompt library and its settings."""

    locations: Locations
    #: Reads the prompt library (and checks the settings against it): see `library`.
    read_library: Callable[[], Library]
    config: Config
    #: The journal folder's mode before ticli made it private (None: it already was).
    loosened_mode: int | None = None
    #: Told how far along indexing is, when many files have to be read (a first run).
    progress: store.Progress | None = None

    @functools.cached_property
    def library(self) -> Library:
        """The prompt library, read when first needed: listing entries does not need it."""
        return self.read_library()

    @property
    def root(self) -> Path:
        return self.locations.journal

    def index(
        self,
        deep_from: str | None = "",
        newest: int | None = None,
        since: date | None = None,
        speculate: bool = False,
    ) -> store.Index:
        """The journal's index, brought up to date with its files: every file when
        `deep_from` is "", the files in folders from `deep_from` ("YYYY/MM") on, or only
        the folders' listings when None; with `newest`, what the newest entries need;
        with `since`, what the entries from that day on need (see store.index). With
        `speculate`, perhaps not yet: ask it, then ask again until `confirmed()`."""
        return store.fresh_index(
            self.root,
            self.locations.index_file,
            entry_terms,
            self.progress,
            deep_from,
            newest,
            since.isoformat() if since else None,
            speculate,
        )

    def open_index(self) -> store.Index:
        """The journal's index as it is, not brought up to date: for what it remembers
        that is not in the files (the entries the privacy guard found clear)."""
        return store.open_index(self.root, self.locations.index_file)

    def scan(self, since: date | None = None) -> store.Scan:
        """Read the journal's entries (from `since` on), through the index."""
        index = self.index(since=since) if since else self.index()
        try:
            return store.scan(index, since)
        finally:
            index.close()

    def scan_recent(self, since: date) -> store.Scan:
        """The entries from `since` on, for choosing today's prompts: through the index, or,
        for an encrypted journal, straight from that month's files (measured when its
        index was an age file decrypted whole: reading a month was quicker; with the
        SQLCipher index the two are about even, and this path is kept, tested)."""
        from ticli.store import vault

        if vault.is_encrypted(self.root):
            return store.scan_recent(self.root, since)
        return self.scan(since)

    def ratings_to_offer(self) -> list[Rating]:
        """The check-ins to offer, as set in config.toml (all of them by default)."""
        wanted = self.config.ratings
        if wanted is None:
            return list(self.library.ratings.values())
        return [self.library.rating(rating_id) for rating_id in wanted]


def entry_terms(entry: Entry) -> tuple[dict[tuple[str, str], int], int]:
    """An entry's word and phrase counts, as themes count them, for the index."""
    from ticli.analysis.themes import entry_terms as count

    return count(entry)


def open_journal(
    progress: store.Progress | None = None, ask_passphrase: Callable[[], bytes] | None = None
) -> Journal:
    """Find the journal's folders, make the journal folder private, load settings and
    prompts. An encrypted journal's passphrase is asked (`ask_passphrase`) only when a
    file needs it, once, unless its key is kept in the OS keyring."""
    from ticli.store import conversion, secrets, vault

    where = locations()
    if conversion.busy(where.journal):
        raise UsageError(
            "ticli is encrypting, decrypting or re-keying this journal in another window "
            "right now; nothing was done.",
            hint="Try again when it has finished.",
        )
    marker = where.keyring_marker
    vault.use_vault(
        vault.Vault(
            where.journal,
            ask_passphrase,
            lambda name: secrets.recall(marker, name),
            memory=where.key_memory,
        )
    )
    config = load_config(where.config_file)

    def read_library() -> Library:
        from ticli.prompts import load_library

        library = load_library(where.user_prompts)
        unknown = [r for r in config.ratings or () if r not in library.ratings]
        if unknown:
            raise FileProblem(
                str(where.config_file),
                setting_line(where.config_file, "ratings"),
                f"'ratings' names '{unknown[0]}', which is not a check-in in the prompt library",
                hint=f"Check-ins: {', '.join(library.ratings)}.",
            )
        return library

    journal = Journal(where, read_library, config, store.secure_root(where.journal), progress)
    if config.ratings:
        journal.library  # noqa: B018 (read now: the settings name check-ins it must know)
    return journal


@dataclass
class Found:
    """Entries a reading command found, and the files it could not read."""

    entries: Sequence[Entry]
    problems: list[EntryProblem]
    paths: Mapping[str, Path]


class EntryPaths(Mapping[str, Path]):
    """Where each entry found is kept, by id: a path made only when asked for (a search
    of a big journal finds thousands, and a command shows the path of a few)."""

    def __init__(self, root: Path, names: dict[str, str]) -> None:
        self.root, self.names = root, names

    def __getitem__(self, entry_id: str) -> Path:
        return self.root / self.names[entry_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class BrokenEntry(UsageError):
    """The entry asked for is a file that cannot be read; it names the file, line and reason."""

    def __init__(self, problem: EntryProblem) -> None:
        super().__init__(
            f"That entry could not be read: {problem.message}.",
            hint="ticli has not changed it. "
            + (
                "An encrypted file opens only with the key it was encrypted to: see "
                "the reason above."
                if problem.path.endswith(".age")
                else "Fix it with: ticli edit (the same id), or in any text editor."
            ),
        )
        self.problem = problem


def find_entry(journal: Journal, reference: str | None, last: bool = False) -> tuple[Entry, Path]:
    """The entry whose id is `reference` or starts with it (or the newest, with `last`)."""
    if last:
        index = journal.index(newest=1)
        newest = index.rows(order="at DESC, id DESC", limit=1)
        if not newest:
            raise UsageError("The journal has no entries yet.", hint=FIRST_ENTRY_HINT)
        return newest[0].entry, index.root / newest[0].name
    if not reference:
        raise UsageError("Say which entry: give its id (or the start of it), or use --last.")
    index = journal.index()
    rows = index.rows("id = ?", (reference,), limit=1) or index.rows(
        "substr(id, 1, ?) = ?", (len(reference), reference), order="at, id", limit=21
    )
    if len(rows) == 1:
        return rows[0].entry, index.root / rows[0].name
    if not rows:
        broken = [p for p in index.problems() if Path(p.path).stem.startswith(reference)]
        if len(broken) == 1:
            raise BrokenEntry(broken[0])
        raise UsageError(
            f"No entry has an id starting with '{reference}'.",
            hint="'ticli list' shows entries with their ids.",
        )
    (count,) = index.values(
        f"SELECT count(*) FROM files WHERE {store.INDEXED} AND substr(id, 1, ?) = ?",
        (len(reference), reference),
    )[0]
    candidates = [(r.entry.id, summary_line(r.entry)) for r in rows]
    raise ambiguous(reference, candidates, "entries'", count)


def match_ids(items: list[T], reference: str, ids: Callable[[T], tuple[str, ...]]) -> list[T]:
    """The items one of whose ids is `reference`, else those with an id starting with it."""
    exact = [item for item in items if reference in ids(item)]
    return exact or [item for item in items if any(i.startswith(reference) for i in ids(item))]


def ambiguous(
    reference: str, candidates: list[tuple[str, str]], what: str, count: int | None = None
) -> UsageError:
    """The error for an id prefix that fits more than one entry (`count` of them, when
    only some are given), listing them."""
    lines = [f"  {name}  {words}".rstrip() for name, words in candidates[:20]]
    return UsageError(
        f"'{reference}' is the start of {count or len(candidates)} {what} ids; give more of it.",
        hint="Candidates:\n" + "\n".join(lines),
    )


def settings_present(where: Locations) -> frozenset[Path]:
    """Which of the optional settings files (config.toml, prompts.toml) exist yet."""
    return store.present([where.config_file, where.user_prompts])


def key_file_notes() -> list[str]:
    """What this command found wrong with an encrypted journal's key file that did not
    stop it (the keys a re-key retired not usable, say): to be said at its end."""
    from ticli.store import vault

    return vault.notes()
