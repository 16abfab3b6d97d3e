"""The journal's folders as they are: every year/month folder with its listing's mtime,
and, for the index (store.freshness), each folder's files with the digest of their stamps.

An encrypted journal given its passphrase in a file can take this look before the index
is opened (`look_ahead`), while the passphrase's scrypt works in its thread (store.prekey):
the index needs the key to open, and the look does not. It is then the first part of the
index's refresh, taken a few milliseconds sooner, at the moment it records (`now`). A
command that brings its index up to date with every file has a child process take the
digests of the look as it starts (`taken`, store.folderstamps).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ticli.store import folderstamps
from ticli.store.folderstamps import folder_digest, year_months


@dataclass
class Look:
    """The folders, and the files of every folder from `deep_from` ("YYYY/MM"; "" all)
    on, as they were at `now`."""

    deep_from: str
    now: int
    folders: dict[str, int]
    errors: dict[str, OSError]
    listings: dict[str, list[os.DirEntry[str]] | OSError]
    digests: dict[str, int | None]
    #: Taken by a child process (store.folderstamps), whose look may be older than the
    #: index it is compared with: the folders are then listed again when it is used (a
    #: folder made since, by another ticli, is not taken for one gone).
    by_child: bool = False

    def listing(self, root: Path, folder: str) -> list[os.DirEntry[str]]:
        """The folder's files as looked at (raising what listing it raised), or listed now
        when it was not looked at."""
        found = self.listings.get(folder)
        if isinstance(found, OSError):
            raise found
        return found if found is not None else list(os.scandir(root / folder))


def look_ahead(root: Path, deep_from: str) -> Look:
    """Every folder, and the files and digest of each folder from `deep_from` on (their
    stamps, taken now, are kept by each file's entry in the listing)."""
    now = time.time_ns()
    folders, errors = year_months(root)
    listings: dict[str, list[os.DirEntry[str]] | OSError] = {}
    digests: dict[str, int | None] = {}
    for folder in folders:
        if folder >= deep_from:
            try:
                listings[folder] = items = list(os.scandir(root / folder))
            except OSError as error:
                listings[folder] = error
                continue
            digests[folder] = folder_digest(items, now)
    return Look(deep_from, now, folders, errors, listings, digests)


pending = folderstamps.pending


def taken(root: Path, deep_from: str | None) -> Look | None:
    """The look a child process took of `root` from `deep_from` on, as the command started
    (store.folderstamps), once; None when none was taken for these. It holds the folders'
    digests, not their listings: a folder whose digest is not the index's is listed again."""
    found = folderstamps.taken(root, deep_from)
    if found is None or deep_from is None:
        return None
    now, folders, digests = found
    return Look(deep_from, now, folders, {}, {}, digests, by_child=True)
