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
import signal
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from conftest import local_now

pexpect = pytest.importorskip("pexpect")

TICLI = Path(sys.executable).parent / "ticli"
if not TICLI.exists():
    pytest.skip(
        f"the ticli command is not installed next to {sys.executable}", allow_module_level=True
    )

TIMEOUT = 10
ROWS, COLUMNS = 40, 100

# The prompts ticli reads a line at, each at the start of its line ("\r\n" on a terminal).
#: The first line of an answer, and a 1-5 check-in.
ANSWER = "\r\n> "
#: Each further line of an answer (after the echo of the line before).
MORE = "\r\n  "

NO_PAUSE = "grounding_pause = false\n"
TAGS_QUESTION = "Any tags for this entry? Words separated by spaces (Enter for none): "
PAUSE_OFFER = "Would you like a short pause before going on? [y/N] "
PAUSE_DONE = "Press Enter when you're ready to go on. "
FINDING_CHOICE = "[r]edact it, [e]dit it, or [k]eep it? "
NAME_CHOICE = "[r]edact it, [e]dit it, [k]eep it, or [n]ot a name (never ask again)? "

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
    """One running `ticli`, with everything it printed kept for assertions.

    Keys are only ever sent once the prompt they answer is on screen (`reply`, `answer`,
    `skip`, `interrupt`, `end_of_input` each wait for it first), every wait bounded by
    TIMEOUT.
    """

    child: pexpect.spawn
    home: Path
    transcript: io.StringIO = field(default_factory=io.StringIO)

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def reply(self, prompt: str, line: str) -> None:
        """Wait for the exact prompt text, then type a line and Enter."""
        self.expect(prompt)
        self.child.sendline(line)

    def answer(self, *lines: str) -> None:
        """At the "> " prompt, type an answer line by line, then the empty line that ends it."""
        prompt = ANSWER
        for line in lines:
            # The tty echoes the line and its newline; then comes the continuation prompt.
            self.reply(prompt, line)
            prompt = MORE
        self.reply(prompt, "")

    def skip(self) -> None:
        self.reply(ANSWER, "")
        self.expect("Skipped.")

    def interrupt(self, prompt: str) -> None:
        """Press Ctrl-C at a prompt, once ticli is really waiting for the line."""
        self.expect(prompt)
        self.wait_until_reading()
        self.child.sendintr()

    def end_of_input(self, prompt: str) -> None:
        """Press Ctrl-D at a prompt (the tty holds it until ticli reads)."""
        self.expect(prompt)
        self.child.sendeof()

    def wait_until_reading(self) -> None:
        """Wait until ticli is asleep reading its terminal.

        `input()` writes its prompt, then starts reading: a Ctrl-C that lands between
        the two only sets Python's signal flag, and the read goes on waiting. A person
        is never that quick, but a test is, so on Linux it waits for the read itself.
        """
        deadline = time.monotonic() + TIMEOUT
        while True:
            reading = reading_terminal(self.child.pid)
            if reading is None:  # no /proc here: give the read a moment to start
                time.sleep(0.2)
                return
            if reading:
                return
            assert time.monotonic() < deadline, "ticli never waited for input"
            time.sleep(0.005)

    def finish(self) -> None:
        """Wait for ticli to exit; it must not have died of a signal."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.signalstatus is None, f"ticli was killed by {self.child.signalstatus}"

    def screen(self) -> str:
        """Everything shown so far (our typing echoed too), without colours, with \\n lines."""
        text = _TERMINAL_CODES.sub("", self.transcript.getvalue())
        return text.replace("\r\n", "\n")


def reading_terminal(pid: int) -> bool | None:
    """Whether the process sleeps in a system call on its standard input, i.e. a read
    of the terminal; None where /proc cannot tell."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except (OSError, IndexError):
        return None
    # "<number> <first argument> ...", or "running"; a read of fd 0 has 0x0 first.
    return state == "S" and len(call) > 1 and call[0] != "running" and call[1] == "0x0"


Spawn = Callable[..., Session]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    folder.mkdir()
    return folder


def ticli_env(home: Path, **extra: str) -> dict[str, str]:
    # os.environ holds the TZ that conftest.py pinned: ticli runs in the tests' zone.
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
            # As in a terminal, Ctrl-C interrupts, even when the tests were started with
            # SIGINT ignored (as `cmd &` in a script does), which Python would inherit.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
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
    run.interrupt(ANSWER)
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
    run.interrupt(ANSWER)
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
    if stop == "q":
        run.reply(ANSWER, "q")
    else:
        run.end_of_input(ANSWER)
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
    run.reply(ANSWER, "3")
    run.expect(second_question)
    run.reply(ANSWER, "9")
    run.expect("Please type a number from 1 to 5")
    run.reply(ANSWER, "4")
    for _, question in ratings[2:]:
        run.expect(question)
        run.reply(ANSWER, "")
    run.reply(TAGS_QUESTION, "team, night-shift")
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
    run.interrupt(ANSWER)
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
    run.interrupt(ANSWER)
    run.expect("Stopped.")
    run.finish()

    screen = run.screen()
    assert "Stopped. Nothing was saved, because no answer was finished." in screen
    assert "Usage:" not in screen
    assert_no_crash(screen)
    assert entry_files(home) == []


@pytest.mark.pty
def test_ticli_runs_in_the_time_zone_of_the_tests(home: Path, spawn: Spawn) -> None:
    # conftest.py pins TZ (TICLI_TEST_TZ, or UTC): the ticli started here reads it too.
    assert ticli_env(home)["TZ"] == os.environ["TZ"]
    run = spawn("note", "Which time zone is this?")
    run.expect("Saved to")
    run.finish()
    created = front_matter(only_entry(home).read_text(encoding="utf-8"))["created"]
    assert isinstance(created, datetime)
    assert created.utcoffset() == local_now().utcoffset()


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
        run.reply(PAUSE_OFFER, reply)
    if grounding:
        run.expect("Breathe")
        run.reply(PAUSE_DONE, "")
    run.expect("A few optional check-ins")
    run.interrupt(ANSWER)
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
    run.reply(ANSWER, "I was typing this")
    run.reply(MORE, "and this too")
    run.interrupt(MORE)
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
    run.expect(ANSWER)
    os.write(run.child.child_fd, b"caf\xff\r")
    asked_again = run.child.expect_exact(["please type it again", MORE])
    if asked_again != 0:  # Finish the current behaviour quickly, to show it below.
        run.child.sendline("")  # at the MORE prompt just matched
        run.finish()
        screen = run.screen()
        assert "Nothing was written" not in screen, screen
        pytest.fail(f"the line was accepted instead of asked again:\n{screen}")
    run.answer("cafe")
    run.expect("Saved.")
    run.expect("3 of 3")
    run.interrupt(ANSWER)
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
    run.reply(FINDING_CHOICE, "r")
    run.expect("An exact age:")
    run.reply(FINDING_CHOICE, "k")
    run.expect("Saved.")
    run.skip()
    run.expect("3 of 6")
    run.interrupt(ANSWER)
    run.expect("Stopped. Everything so far (one answer) is kept in:")
    run.finish()
    entry = only_entry(home)
    text = entry.read_text(encoding="utf-8")
    assert front_matter(text)["kind"] == "session"
    assert front_matter(text)["flagged"] is True
    assert answers_in(text) == {"session-what-happened": "At [redacted] she said she is aged 34."}
    assert_private(home, entry)
    assert_no_crash(run.screen())


# ---------------------------------------------------------------- an encrypted journal


def _encrypted(home: Path, spawn: Spawn, passphrase: str) -> Path:
    """Encrypt a journal holding one note, typing the passphrase twice and confirming."""
    (home / "config.toml").write_text(NO_PAUSE)
    note = spawn("note", "A note from before: the harbour at dusk.")
    note.finish()
    recovery = home.parent / "recovery.txt"
    run = spawn("encrypt")
    run.reply("Choose a passphrase: ", passphrase)
    run.reply("Type it again: ", passphrase)
    run.expect("Your recovery key")
    run.reply("Give a path outside the journal (Enter: no): ", str(recovery))
    run.reply("[y/N] ", "y")
    run.expect("Done: 1 file encrypted.")
    run.finish()
    return recovery


@pytest.mark.pty
def test_an_encrypted_journal_asks_once_and_a_reflection_stays_encrypted(
    home: Path, spawn: Spawn
) -> None:
    recovery = _encrypted(home, spawn, "a quiet morning, two herons")
    assert "AGE-SECRET-KEY-1" in recovery.read_text()
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600
    run = spawn("today", "--seed", "1")
    run.reply("Passphrase for your journal: ", "a quiet morning, two herons")
    run.expect("1 of 3")
    run.answer("Something strong today: the parents came together.")
    run.expect("Saved.")
    run.interrupt(ANSWER)
    run.expect("Stopped.")
    run.finish()
    screen = run.screen()
    assert "a quiet morning" not in screen  # the passphrase is never echoed
    assert screen.count("Passphrase for your journal") == 1
    assert_no_crash(screen)
    assert entry_files(home) == []  # nothing plain
    written = sorted(home.rglob("*.md.age"))
    assert len(written) == 2
    assert all(b"parents came" not in p.read_bytes() for p in written)


@pytest.mark.pty
def test_a_wrong_passphrase_in_a_terminal_names_the_recovery_key(home: Path, spawn: Spawn) -> None:
    _encrypted(home, spawn, "the right one, long enough")
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    run = spawn("list")
    run.reply("Passphrase for your journal: ", "not the right one")
    run.expect("does not open this journal")
    run.finish()
    assert "ticli recover --key" in run.screen()
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before


def test_doctor_fix_asks_in_the_terminal_and_merges_only_on_yes(home: Path, spawn: Spawn) -> None:
    written = spawn("note", "Quiet morning by the canal.")
    written.finish()
    entry = only_entry(home)
    copy = entry.with_name(entry.name.replace(".md", ".sync-conflict-20260111-101010-ABCDEF1.md"))
    copy.write_text(
        entry.read_text().replace("Quiet morning", "A heron at the lock, quiet morning")
    )
    copy.chmod(0o600)
    earlier = time.time() - 3600
    os.utime(copy, (earlier, earlier))
    before = entry.read_bytes()

    declined = spawn("doctor", "--fix")
    declined.reply("Apply 1 fix? [y/N] ", "n")
    declined.expect("Nothing changed.")
    declined.finish()
    assert declined.child.exitstatus == 1
    assert entry.read_bytes() == before and copy.exists()
    assert "Syncthing" in declined.screen() and "Fix: merge" in declined.screen()

    accepted = spawn("doctor", "--fix")
    accepted.reply("Apply 1 fix? [y/N] ", "y")
    accepted.expect("Fixed 1 thing.")
    accepted.finish()
    assert accepted.child.exitstatus == 0
    assert not copy.exists()
    assert "A heron at the lock, quiet morning by the canal." in entry.read_text()


@pytest.mark.pty
def test_not_a_name_never_ask_again_goes_on_the_allow_list(home: Path, spawn: Spawn) -> None:
    (home / "config.toml").write_text("# mine\ngrounding_pause = false\nratings = []\n")
    run = spawn("session")
    run.expect("1 of 6")
    run.answer("Afterwards Kayleigh stayed quiet for a while.")
    run.expect("looks like a first name")
    run.reply(NAME_CHOICE, "n")
    run.expect("is now on your allow_list in config.toml")
    run.expect("Saved.")
    run.skip()
    run.expect("3 of 6")
    run.answer("Kayleigh came back later.")  # not asked about again
    run.expect("Saved.")
    run.interrupt(ANSWER)
    run.expect("Stopped.")
    run.finish()
    config = (home / "config.toml").read_text(encoding="utf-8")
    assert config.startswith("# mine\ngrounding_pause = false\nratings = []\n")
    assert tomllib.loads(config)["allow_list"] == ["Kayleigh"]
    text = only_entry(home).read_text(encoding="utf-8")
    assert "Afterwards Kayleigh stayed quiet" in text and "[redacted]" not in text
    assert "might identify" not in run.screen().split("3 of 6")[-1]
    assert_no_crash(run.screen())


@pytest.mark.pty
def test_not_a_name_in_an_encrypted_journal_is_kept_encrypted(
    home: Path, spawn: Spawn, tmp_path: Path
) -> None:
    """Encrypted, "never ask again" writes the word to the journal's encrypted lists
    (.ticli/privacy-lists.toml.age), never to config.toml in plain text."""
    from encryption_support import base_env, run_ticli, secret_file

    (home / "config.toml").write_text("# mine\ngrounding_pause = false\nratings = []\n")
    pf = secret_file(tmp_path / "secret", "a long walk by the canal, slowly")
    env = base_env(home, tmp_path / "cache")
    done = run_ticli(
        "encrypt",
        "--passphrase-file",
        pf,
        "--recovery-key-out",
        tmp_path / "r.txt",
        "--yes",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    run = spawn("session", "--passphrase-file", str(pf))
    run.expect("1 of 6")
    run.answer("Afterwards Kayleigh stayed quiet for a while.")
    run.expect("looks like a first name")
    run.reply(NAME_CHOICE, "n")
    run.expect("is now on your allow_list, kept encrypted in the journal")
    run.expect("Saved.")
    run.skip()
    run.expect("3 of 6")
    run.answer("Kayleigh came back later.")  # not asked about again
    run.expect("Saved.")
    run.interrupt(ANSWER)
    run.expect("Stopped.")
    run.finish()
    assert (home / "config.toml").read_text() == "# mine\ngrounding_pause = false\nratings = []\n"
    lists = home / ".ticli" / "privacy-lists.toml.age"
    assert lists.is_file() and b"Kayleigh" not in lists.read_bytes()
    # A new command (a new process) still knows it: no finding for the name.
    checked = run_ticli("check", "--passphrase-file", pf, env=env)
    assert b"Kayleigh" not in checked.stdout, checked.stdout
    assert_no_crash(run.screen())


@pytest.mark.pty
def test_an_answer_is_kept_when_the_encrypted_lists_cannot_be_read(
    home: Path, spawn: Spawn, tmp_path: Path
) -> None:
    from encryption_support import base_env, run_ticli, secret_file

    (home / "config.toml").write_text("grounding_pause = false\nratings = []\n")
    pf = secret_file(tmp_path / "secret", "a long walk by the canal, slowly")
    env = base_env(home, tmp_path / "cache")
    done = run_ticli(
        "encrypt", "--passphrase-file", pf, "--recovery-key-out", tmp_path / "r.txt", "--yes",
        env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (home / ".ticli" / "privacy-lists.toml.age").write_bytes(b"age-encryption.org/v1\n-> bad\n")
    run = spawn("session", "--passphrase-file", str(pf))
    run.expect("1 of 6")
    run.answer("Afterwards Kayleigh stayed quiet for a while.")
    # The note names the file by its full path, which the terminal may wrap anywhere
    # (pytest's folders grow longer with each run): waited for by what starts the line.
    run.expect("Note: ")
    run.expect("Your words are kept")
    run.expect("privacy-lists.toml.age")
    run.expect("looks like a first name")
    run.reply(NAME_CHOICE, "k")
    run.expect("Saved.")
    run.interrupt(ANSWER)
    run.expect("Stopped.")
    run.finish()
    shown = run_ticli("show", "--last", "--passphrase-file", pf, env=env)
    assert b"Afterwards Kayleigh stayed quiet" in shown.stdout, shown.stderr
    assert ".ticli/privacy-lists.toml.age" in run.screen()  # the note's hint names it
    assert_no_crash(run.screen())
