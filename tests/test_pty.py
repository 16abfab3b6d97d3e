"""End-to-end tests: the installed `ticli` command, driven in a real pseudo-terminal.

Each test runs the `ticli` script that sits next to the running Python, with
its own journal in a temporary TICLI_HOME, types into it with pexpect, and
checks both what the screen said and what ended up on disk.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

TICLI = Path(sys.executable).parent / "ticli"
if not TICLI.exists():
    pytest.skip(
        f"the ticli command is not installed next to {sys.executable}", allow_module_level=True
    )

TIMEOUT = 10
ROWS, COLUMNS = 40, 100

NO_PAUSE = "grounding_pause = false\n"
TAGS_QUESTION = "Any tags for this entry? Words separated by spaces (Enter for none): "
PAUSE_OFFER = "Would you like a short pause before going on? [y/N] "
PAUSE_DONE = "Press Enter when you're ready to go on. "

HEAVY_LIBRARY = """\
[principles.testing]
name = "Testing"
description = "A principle for tests."

[[prompts]]
id = "heavy-one"
text = "A heavy test question?"
principle = "testing"
kinds = ["daily"]
heavy = true
"""

_TERMINAL_CODES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_HEADING = re.compile(r"^## (?P<question>.*) \{#(?P<id>[a-z0-9][a-z0-9_-]*)\}$")


# ---------------------------------------------------------------- helpers


@dataclass
class Session:
    """One running `ticli`, with everything it printed kept for assertions."""

    child: pexpect.spawn
    home: Path
    transcript: io.StringIO = field(default_factory=io.StringIO)

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def answer(self, *lines: str) -> None:
        """At a "> " prompt, type an answer line by line, then the empty line that ends it."""
        self.expect("> ")
        for line in lines:
            self.child.sendline(line)
            # The tty echoes the line and its newline; then comes the continuation prompt.
            self.expect("\r\n  ")
        self.child.sendline("")

    def skip(self) -> None:
        self.expect("> ")
        self.child.sendline("")
        self.expect("Skipped.")

    def interrupt(self) -> None:
        self.child.sendintr()

    def finish(self) -> None:
        """Wait for ticli to exit; it must not have died of a signal."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.signalstatus is None, f"ticli was killed by {self.child.signalstatus}"

    def screen(self) -> str:
        """Everything shown so far (our typing echoed too), without colours, with \\n lines."""
        text = _TERMINAL_CODES.sub("", self.transcript.getvalue())
        return text.replace("\r\n", "\n")


Spawn = Callable[..., Session]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    folder.mkdir()
    return folder


def ticli_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.update(TICLI_HOME=str(home), TERM="xterm", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    env.update(extra)
    return env


@pytest.fixture
def spawn(home: Path) -> Iterator[Spawn]:
    """Start the installed ticli in a pseudo-terminal; anything left running is ended."""
    children: list[pexpect.spawn] = []

    def start(*args: str, **env: str) -> Session:
        child = pexpect.spawn(
            str(TICLI),
            list(args),
            env=ticli_env(home, **env),
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
            dimensions=(ROWS, COLUMNS),
        )
        children.append(child)
        session = Session(child, home)
        child.logfile_read = session.transcript
        return session

    yield start
    for child in children:
        if child.isalive():
            child.close(force=True)


def entry_files(home: Path) -> list[Path]:
    return sorted(home.rglob("*.md"))


def only_entry(home: Path) -> Path:
    files = entry_files(home)
    assert len(files) == 1, f"expected exactly one entry, found {files}"
    return files[0]


def front_matter(text: str) -> dict[str, object]:
    lines = text.split("\n")
    assert lines[0] == "+++"
    close = lines.index("+++", 1)
    return tomllib.loads("\n".join(lines[1:close]))


def answers_in(text: str) -> dict[str, str]:
    """The answers in an entry file, by prompt id, as the text under each heading."""
    lines = text.split("\n")
    body = lines[lines.index("+++", 1) + 1 :]
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body:
        heading = _HEADING.match(line)
        if heading:
            current = found.setdefault(heading["id"], [])
        elif current is not None:
            current.append(line)
    return {pid: "\n".join(part).strip("\n") for pid, part in found.items()}


def path_on_screen(screen: str, before: str) -> Path:
    match = re.search(re.escape(before) + r":\s+(\S+\.md)", screen)
    assert match, f"no path after {before!r} on screen:\n{screen}"
    return Path(match[1])


def assert_private(home: Path, entry: Path) -> None:
    """The entry is <home>/YYYY/MM/<id>.md, readable only by the user, as are its folders."""
    month, year = entry.parent, entry.parent.parent
    assert year.parent == home
    assert re.fullmatch(r"\d{4}", year.name) and re.fullmatch(r"\d{2}", month.name)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(month.stat().st_mode) == 0o700
    assert stat.S_IMODE(year.stat().st_mode) == 0o700
    # No temporary file of an atomic write is left behind.
    assert [p.name for p in month.iterdir()] == [entry.name]


def assert_no_crash(screen: str) -> None:
    assert "Traceback" not in screen
    assert "Error" not in screen


# ---------------------------------------------------------------- stopping


@pytest.mark.pty
def test_ctrl_c_keeps_what_was_answered(home: Path, spawn: Spawn) -> None:
    (home / "config.toml").write_text(NO_PAUSE)
    run = spawn("today", "--seed", "1")
    run.expect("You'll see 3 prompts")
    run.expect("1 of 3")
    run.answer("First line of my answer", "second line")
    run.expect("Saved.")
    run.expect("2 of 3")
    run.skip()
    run.expect("3 of 3")
    run.expect("> ")
    run.interrupt()
    run.expect("Stopped.")
    run.finish()

    screen = run.screen()
    assert "Stopped. Everything so far (one answer) is kept in:" in screen
    assert_no_crash(screen)
    entry = only_entry(home)
    assert path_on_screen(screen, "is kept in") == entry
    assert_private(home, entry)
    text = entry.read_text(encoding="utf-8")
    assert text.count("{#") == 1
    assert "First line of my answer\nsecond line" in text
    (answer,) = answers_in(text).values()
    assert answer == "First line of my answer\nsecond line"
    meta = front_matter(text)
    assert meta["id"] == entry.stem
    assert meta["prompts"] == list(answers_in(text))


@pytest.mark.pty
def test_ctrl_c_before_any_answer_writes_nothing(home: Path, spawn: Spawn) -> None:
    (home / "config.toml").write_text(NO_PAUSE)
    run = spawn("today", "--seed", "1")
    run.expect("1 of 3")
    run.expect("> ")
    run.interrupt()
    run.expect("Stopped.")
    run.finish()

    screen = run.screen()
    assert "Stopped. Nothing was saved, because no answer was finished." in screen
    assert "kept in" not in screen
    assert_no_crash(screen)
    assert entry_files(home) == []
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]


@pytest.mark.pty
@pytest.mark.parametrize("stop", ["q", "ctrl-d"])
def test_q_or_ctrl_d_stops_like_ctrl_c(home: Path, spawn: Spawn, stop: str) -> None:
    (home / "config.toml").write_text(NO_PAUSE)
    run = spawn("today", "--seed", "1")
    run.expect("1 of 3")
    run.answer("Only this one")
    run.expect("Saved.")
    run.expect("2 of 3")
    run.expect("> ")
    if stop == "q":
        run.child.sendline("q")
    else:
        run.child.sendeof()
    run.expect("Stopped.")
    run.finish()

    screen = run.screen()
    assert "Stopped. Everything so far (one answer) is kept in:" in screen
    assert "3 of 3" not in screen
    assert "check-ins" not in screen.split("2 of 3")[1]
    assert_no_crash(screen)
    entry = only_entry(home)
    assert path_on_screen(screen, "is kept in") == entry
    text = entry.read_text(encoding="utf-8")
    assert list(answers_in(text).values()) == ["Only this one"]
    assert "{#" in text and text.count("{#") == 1


# ---------------------------------------------------------------- a whole reflection


def rating_ids(home: Path) -> list[tuple[str, str]]:
    """The library's 1-5 check-ins (id, question), in the order ticli offers them."""
    listing = subprocess.run(
        [str(TICLI), "prompts", "--json"],
        env=ticli_env(home),
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
    )
    return [(r["id"], r["question"]) for r in json.loads(listing.stdout)["ratings"]]


@pytest.mark.pty
def test_full_reflection_with_ratings_and_tags(home: Path, spawn: Spawn) -> None:
    (home / "config.toml").write_text(NO_PAUSE)
    ratings = rating_ids(home)
    assert len(ratings) >= 2
    run = spawn("today", "--seed", "1")
    run.expect(f"You'll see 3 prompts, then {len(ratings)} optional check-ins (1-5) and tags.")
    for number, text in enumerate(["Answer one", "Answer two", "Answer three"], start=1):
        run.expect(f"{number} of 3")
        run.answer(text)
        run.expect("Saved.")

    run.expect("A few optional check-ins")
    (first_id, first_question), (second_id, second_question) = ratings[:2]
    run.expect(first_question)
    run.expect("> ")
    run.child.sendline("3")
    run.expect(second_question)
    run.expect("> ")
    run.child.sendline("9")
    run.expect("Please type a number from 1 to 5")
    run.expect("> ")
    run.child.sendline("4")
    for _, question in ratings[2:]:
        run.expect(question)
        run.expect("> ")
        run.child.sendline("")
    run.expect(TAGS_QUESTION)
    run.child.sendline("team, night-shift")
    run.expect("Your reflection (3 answers) is saved in:")
    run.expect("Thank you")
    run.finish()
    assert run.child.exitstatus == 0

    screen = run.screen()
    assert_no_crash(screen)
    assert screen.count("Please type a number from 1 to 5") == 1
    entry = only_entry(home)
    assert path_on_screen(screen, "is saved in") == entry
    assert_private(home, entry)
    text = entry.read_text(encoding="utf-8")
    assert 'tags = ["team", "night-shift"]' in text
    assert f"{first_id} = 3" in text and f"{second_id} = 4" in text
    meta = front_matter(text)
    assert meta["ratings"] == {first_id: 3, second_id: 4}
    assert meta["tags"] == ["team", "night-shift"]
    assert text.count("{#") == 3
    answers = answers_in(text)
    assert list(answers.values()) == ["Answer one", "Answer two", "Answer three"]
    assert meta["prompts"] == list(answers)


# ---------------------------------------------------------------- text kept literally


@pytest.mark.pty
def test_markup_and_terminal_escapes_are_kept_literally(home: Path, spawn: Spawn) -> None:
    (home / "config.toml").write_text(NO_PAUSE)
    markup = "[bold]not bold[/] and [red]x"
    escape = "\x1b[31mred"
    run = spawn("today", "--seed", "1")
    run.expect("1 of 3")
    run.answer(markup)
    run.expect("Saved.")
    run.expect("2 of 3")
    run.answer(escape)
    run.expect("Saved.")
    run.expect("3 of 3")
    run.expect("> ")
    run.interrupt()
    run.expect("Stopped.")
    run.finish()

    screen = run.screen()
    assert "Stopped. Everything so far (2 answers) is kept in:" in screen
    assert markup in screen  # echoed as typed, nothing swallowed
    assert_no_crash(screen)
    data = only_entry(home).read_bytes()
    assert markup.encode() in data
    assert b"\x1b[31mred" in data
    assert list(answers_in(data.decode("utf-8")).values()) == [markup, escape]


# ---------------------------------------------------------------- ticli on its own


@pytest.mark.pty
def test_bare_ticli_in_a_terminal_starts_the_reflection(home: Path, spawn: Spawn) -> None:
    run = spawn()
    run.expect("Take a breath.")
    run.expect("You'll see 3 prompts")
    run.expect("1 of 3")
    run.expect("> ")
    run.interrupt()
    run.expect("Stopped.")
    run.finish()

    screen = run.screen()
    assert "Stopped. Nothing was saved, because no answer was finished." in screen
    assert "Usage:" not in screen
    assert_no_crash(screen)
    assert entry_files(home) == []


# ---------------------------------------------------------------- the grounding pause


@pytest.mark.pty
@pytest.mark.parametrize(
    ("config", "reply", "grounding"),
    [
        ("", "y", True),
        ("", "", False),
        (NO_PAUSE, None, False),
    ],
    ids=["pause-taken", "pause-declined", "pause-off-in-config"],
)
def test_grounding_pause_after_a_heavy_prompt(
    home: Path, spawn: Spawn, config: str, reply: str | None, grounding: bool
) -> None:
    (home / "prompts.toml").write_text(HEAVY_LIBRARY)
    if config:
        (home / "config.toml").write_text(config)
    run = spawn("today", "--principle", "testing", "--count", "1")
    run.expect("You'll see one prompt")
    run.expect("1 of 1")
    run.expect("Testing")
    run.expect("A heavy test question?")
    run.answer("It was a lot.")
    run.expect("Saved.")
    if reply is not None:
        run.expect(PAUSE_OFFER)
        run.child.sendline(reply)
    if grounding:
        run.expect("Breathe")
        run.expect(PAUSE_DONE)
        run.child.sendline("")
    run.expect("A few optional check-ins")
    run.expect("> ")
    run.interrupt()
    run.expect("Stopped.")
    run.finish()

    screen = run.screen()
    assert ("short pause" in screen) == (reply is not None)
    assert ("Breathe in slowly" in screen) == grounding
    assert "Stopped. Everything so far (one answer) is kept in:" in screen
    assert_no_crash(screen)
    entry = only_entry(home)
    text = entry.read_text(encoding="utf-8")
    assert answers_in(text) == {"heavy-one": "It was a lot."}
    assert front_matter(text)["principles"] == ["testing"]


# ---------------------------------------------------------------- known problems


@pytest.mark.pty
def test_ctrl_c_in_the_middle_of_an_answer_keeps_the_lines_typed(home: Path, spawn: Spawn) -> None:
    (home / "config.toml").write_text(NO_PAUSE)
    run = spawn("today", "--seed", "1")
    run.expect("what you've written is kept")
    run.expect("1 of 3")
    run.expect("> ")
    run.child.sendline("I was typing this")
    run.expect("\r\n  ")
    run.child.sendline("and this too")
    run.expect("\r\n  ")
    run.interrupt()
    run.expect("Stopped.")
    run.finish()

    assert "Stopped. Everything so far (one answer) is kept in:" in run.screen()
    text = only_entry(home).read_text(encoding="utf-8")
    assert list(answers_in(text).values()) == ["I was typing this\nand this too"]


@pytest.mark.pty
def test_a_line_that_is_not_utf8_is_asked_again(home: Path, spawn: Spawn) -> None:
    (home / "config.toml").write_text(NO_PAUSE)
    # PYTHONUTF8=1 makes stdin decode with surrogateescape whatever the locale.
    run = spawn("today", "--seed", "1", PYTHONUTF8="1")
    run.expect("1 of 3")
    run.answer("A good answer")
    run.expect("Saved.")
    run.expect("2 of 3")
    run.expect("> ")
    os.write(run.child.child_fd, b"caf\xff\r")
    asked_again = run.child.expect_exact(["please type it again", "\r\n  "])
    if asked_again != 0:  # Finish the current behaviour quickly, to show it below.
        run.child.sendline("")
        run.finish()
        screen = run.screen()
        assert "Nothing was written" not in screen, screen
        pytest.fail(f"the line was accepted instead of asked again:\n{screen}")
    run.answer("cafe")
    run.expect("Saved.")
    run.expect("3 of 3")
    run.expect("> ")
    run.interrupt()
    run.expect("Stopped.")
    run.finish()

    assert "Stopped. Everything so far (2 answers) is kept in:" in run.screen()
    text = only_entry(home).read_text(encoding="utf-8")
    assert list(answers_in(text).values()) == ["A good answer", "cafe"]


# ---------------------------------------------------------------- after a session


@pytest.mark.pty
def test_session_flagged_with_a_finding_redacted(home: Path, spawn: Spawn) -> None:
    (home / "config.toml").write_text(
        'grounding_pause = false\nratings = []\nwatch_list = ["Oakwood House"]\n'
    )
    run = spawn("session", "--flag")
    run.expect("You'll see 6 prompts")
    run.expect("1 of 6")
    run.answer("At Oakwood House she said she is aged 34.")
    run.expect("2 details here might identify someone.")
    run.expect("A word from your watch list:")
    run.expect(render_choice := "[r]edact it, [e]dit it, or [k]eep it? ")
    run.child.sendline("r")
    run.expect("An exact age:")
    run.expect(render_choice)
    run.child.sendline("k")
    run.expect("Saved.")
    run.skip()
    run.expect("3 of 6")
    run.interrupt()
    run.expect("Stopped. Everything so far (one answer) is kept in:")
    run.finish()
    entry = only_entry(home)
    text = entry.read_text(encoding="utf-8")
    assert front_matter(text)["kind"] == "session"
    assert front_matter(text)["flagged"] is True
    assert answers_in(text) == {"session-what-happened": "At [redacted] she said she is aged 34."}
    assert_private(home, entry)
    assert_no_crash(run.screen())
