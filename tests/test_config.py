"""config.toml: optional, few settings, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticli.config import Config, load_config
from ticli.errors import FileProblem


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "config.toml") == Config()


def test_settings_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'count = 2\nratings = ["capacity"]\ngrounding_pause = false\neditor = "nano -w"\n',
    )
    assert load_config(path) == Config(2, ("capacity",), False, "nano -w")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("count = 3\nratings = [\n", 2, "not valid TOML"),
        ("# mine\n\ncolour = true\n", 3, "'colour' is not a setting"),
        ("count = true\n", 1, "'count' must be a whole number"),
        ("count = 40\n", 1, "from 1 to 12"),
        ("ratings = [1, 2]\n", 1, "list of rating ids"),
        ("grounding_pause = 'no'\n", 1, "true or false"),
        (b'editor = "n\xe9"\n', 1, "not UTF-8"),
    ],
)
def test_bad_settings_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(FileProblem) as caught:
        load_config(write(tmp_path, text))
    assert (caught.value.path, caught.value.line) == (str(tmp_path / "config.toml"), line)
    assert words in caught.value.reason
