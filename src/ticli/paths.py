"""The one place that decides where ticli's files live."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

HOME_VARIABLE = "TICLI_HOME"


def _sha256_hex(data: bytes) -> str:
    """SHA-256 of `data` in hex. Every command needs it (the index's name), and `hashlib`
    loads OpenSSL (a few ms): CPython's own SHA-256 module gives the same digest."""
    try:
        if sys.version_info >= (3, 12):
            from _sha2 import sha256
        else:
            from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:
        from hashlib import sha256
    return str(sha256(data).hexdigest())


@dataclass(frozen=True)
class Locations:
    """Where the journal, the config file and the user's own prompt library live."""

    journal: Path
    config_dir: Path
    cache_dir: Path | None = None
    #: True when TICLI_HOME chose the journal and config folder.
    from_home: bool = False

    @property
    def index_file(self) -> Path | None:
        """The speed-up index of this journal's entries (None: kept in memory)."""
        if self.cache_dir is None:
            return None
        key = _sha256_hex(str(self.journal.resolve()).encode("utf-8"))[:16]
        return self.cache_dir / f"index-{key}.sqlite3"

    @property
    def keyring_marker(self) -> Path | None:
        """Says the journal's key is kept in the OS keyring (`ticli unlock --remember`)."""
        index = self.index_file
        return index.with_name(f"keyring-{index.name[6:22]}") if index else None

    @property
    def key_memory(self) -> Path | None:
        """What this device has seen of the journal's keys (store.keyseen)."""
        index = self.index_file
        return index.with_name(f"keys-{index.name[6:22]}.toml") if index else None

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def user_prompts(self) -> Path:
        return self.config_dir / "prompts.toml"


def locations() -> Locations:
    """Return `$TICLI_HOME` for everything when set, else the platform's usual folders."""
    import platformdirs

    # The cache is never kept in the journal folder, which people sync.
    cache = Path(platformdirs.user_cache_dir("ticli", appauthor=False))
    # An empty TICLI_HOME is the same as none: the usual folders.
    home = os.environ.get(HOME_VARIABLE, "").strip()
    if home:
        root = Path(home).expanduser()
        return Locations(journal=root, config_dir=root, cache_dir=cache, from_home=True)
    return Locations(
        journal=Path(platformdirs.user_data_dir("ticli", appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir("ticli", appauthor=False)),
        cache_dir=cache,
    )
