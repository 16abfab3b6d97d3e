"""The one place that decides where ticli's files live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_VARIABLE = "TICLI_HOME"


@dataclass(frozen=True)
class Locations:
    """Where the journal, the config file and the user's own prompt library live."""

    journal: Path
    config_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def user_prompts(self) -> Path:
        return self.config_dir / "prompts.toml"


def locations() -> Locations:
    """Return `$TICLI_HOME` for everything when set, else the platform's usual folders."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        root = Path(home).expanduser()
        return Locations(journal=root, config_dir=root)
    import platformdirs

    return Locations(
        journal=Path(platformdirs.user_data_dir("ticli", appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir("ticli", appauthor=False)),
    )
