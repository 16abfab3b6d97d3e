"""Time `ticli today` in a pseudo-terminal until its first prompt is on screen.

Run by bench.py with bench/.venv's Python, which has pexpect:

    bench/.venv/bin/python bench/first_prompt.py TICLI RUNS [PASSPHRASE_FILE]

The journal and folders come from the environment (TICLI_HOME, XDG_*). Each run
spawns `TICLI today`, waits for the first question (a line ending in '?') or the
answer marker ("> ") after it, and takes the time from just before the spawn with
time.perf_counter. Then, once ticli waits for the answer, it presses Ctrl-C, which
stops the reflection before any answer, so nothing is written (a yes/no question on
the way out is answered "n"); again, if ticli has not stopped 5 seconds later.
With PASSPHRASE_FILE (an encrypted journal, and no TICLI_PASSPHRASE_FILE in the
environment), the passphrase is typed when ticli asks for it, and the time is taken from
the Enter after it: "the first prompt after the passphrase".
Prints JSON: {"times": [seconds], "said": [the last words of each run], "presses":
[the Ctrl-Cs each took], "error": "" or what went wrong}.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time

#: The first question: a line ending in '?' (perhaps inside a style's escape codes), or
#: the marker input() shows for the answer, whichever comes first.
QUESTION = re.compile(r"\?(?:\x1b\[[0-9;]*m)*\r?\n|(?:^|\n)> ")
#: The marker input() shows for an answer: ticli is reading from the terminal.
ANSWER = re.compile(r"(?:^|\n)> ")
#: A yes/no question after Ctrl-C (keep a draft?), if ticli ever asks one.
YES_NO = re.compile(r"\[(?:y/N|Y/n|y/n)\]")
TIMEOUT = 120  # seconds: a first run may have to bring a large index up to date
CTRL_C_WAIT, CTRL_C_TRIES = 5, 3  # seconds to wait for the exit after a Ctrl-C; how many


def one_run(ticli: str, env: dict[str, str], typed: str | None = None) -> tuple[float, str, int]:
    """The seconds until the first question (after the passphrase, when one is `typed`),
    the last words, and the Ctrl-Cs it took."""
    import pexpect

    start = time.perf_counter()
    child = pexpect.spawn(
        ticli, ["today"], env=env, dimensions=(24, 100), encoding="utf-8", timeout=TIMEOUT
    )
    presses = 0
    try:
        if typed is not None:
            child.expect(["Passphrase for your journal: "])
            child.sendline(typed)
            start = time.perf_counter()
        found = child.expect([QUESTION, pexpect.EOF, pexpect.TIMEOUT])
        elapsed = time.perf_counter() - start
        if found != 0:
            shown = (child.before or "").strip().splitlines() or [""]
            what = "exited" if found == 1 else f"showed no prompt within {TIMEOUT} s"
            raise RuntimeError(f"`ticli today` {what}; it said: {shown[-1][:200]}")
        # Wait until it reads the answer: a Ctrl-C that lands just before input() starts
        # waiting can be lost (Python sees the signal too late), so it is pressed again.
        said = ""
        if not str(child.after).endswith("> "):
            child.expect([ANSWER, pexpect.EOF, pexpect.TIMEOUT], timeout=10)
            said = child.before or ""
        while True:
            if presses == CTRL_C_TRIES:
                raise RuntimeError(f"`ticli today` did not stop after {presses} Ctrl-C")
            child.sendintr()  # Ctrl-C, as typed
            presses += 1
            step = child.expect([pexpect.EOF, YES_NO, pexpect.TIMEOUT], timeout=CTRL_C_WAIT)
            said += child.before or ""
            if step == 1:
                child.sendline("n")
                step = child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=CTRL_C_WAIT) * 2
                said += child.before or ""
            if step == 0:
                break
    finally:
        child.close(force=True)
    lines = [line.strip() for line in said.splitlines() if line.strip().strip("^C")]
    return elapsed, (lines[-1] if lines else "") + f" (exit {child.exitstatus})", presses


def main() -> int:
    ticli, runs = sys.argv[1], int(sys.argv[2])
    typed = None
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding="utf-8") as given:
            typed = given.read().removesuffix("\n")
    env = dict(os.environ)
    env.setdefault("TERM", "xterm-256color")
    try:
        import pexpect  # noqa: F401
    except ImportError:
        print(json.dumps({"error": "pexpect is not installed in bench/.venv"}))
        return 0
    times, said, presses = [], [], []
    error = ""
    try:
        for _ in range(runs):
            elapsed, words, pressed = one_run(ticli, env, typed)
            times.append(elapsed)
            said.append(words)
            presses.append(pressed)
    except (RuntimeError, OSError, ValueError) as problem:
        error = str(problem)
    print(json.dumps({"times": times, "said": said, "presses": presses, "error": error}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
