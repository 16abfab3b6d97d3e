"""The journal's folders as they are: every year/month folder with its listing's mtime,
and, for the index (store.freshness), each folder's files with the digest of their stamps.

An encrypted journal given its passphrase in a file can take this look before the index
is opened (`look_ahead`), while the passphrase's scrypt works in its thread (store.prekey):
the index needs the key to open, and the look does not. It is then the first part of the
index's refresh, taken a few milliseconds sooner, at the moment it records (`now`).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from ticli.store.reading import folder_digest

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{2}")


def year_months(root: Path) -> tuple[dict[str, int], dict[str, OSError]]:
    """Every year/month folder, with its mtime; and what could not be listed, with why
    ("" the journal folder itself, "YYYY/" a year's folder)."""
    found: dict[str, int] = {}
    errors: dict[str, OSError] = {}
    try:
        years = [y for y in os.scandir(root) if _YEAR.fullmatch(y.name) and y.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return found, errors
    except OSError as error:
        errors[""] = error  # the journal folder itself: nothing is gone
        return found, errors
    for year in years:
        try:
            for month in os.scandir(year.path):
                if _MONTH.fullmatch(month.name) and month.is_dir():
                    found[f"{year.name}/{month.name}"] = month.stat().st_mtime_ns
        except FileNotFoundError:
            continue  # gone since the journal folder was listed
        except OSError as error:
            errors[f"{year.name}/"] = error
    return found, errors


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
