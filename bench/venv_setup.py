"""bench/.venv for the benchmark: ticli from this checkout (or a commit of it), jrnl 4.x
and pexpect.

Also the tools the benchmark needs from the system, and small helpers to run commands.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VENV = BENCH / ".venv"
JRNL_PIN = "4.6"  # the newest jrnl 4.x
PEXPECT_PIN = "pexpect>=4.9"  # as the repo's tests use it
STAMP = VENV / ".ticli-installed"  # where the installed ticli came from


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )


def tool(name: str) -> str:
    return str(VENV / "bin" / name)


def jrnl_version() -> str:
    """The installed jrnl's version, as jrnl writes it into its config ("" if none)."""
    return run([tool("python"), "-c", "import jrnl; print(jrnl.__version__)"]).stdout.strip()


def check_tools() -> None:
    missing = [] if shutil.which("hyperfine") else ["hyperfine"]
    if not os.access("/usr/bin/time", os.X_OK):
        missing.append("time")
    if missing:
        say(f"bench needs {' and '.join(missing)}. On Debian or Ubuntu:")
        say(f"    sudo apt-get install -y {' '.join(missing)}")
        sys.exit(2)


def pip(*args: str) -> None:
    say(f"bench/.venv: pip install {' '.join(args)}")
    subprocess.run([tool("python"), "-m", "pip", "install", "--quiet", *args], check=True)


def ticli_source(ref: str | None, work: Path) -> Path:
    """The checkout itself, or the files of commit `ref` (git archive) unpacked in `work`."""
    if ref is None:
        return REPO
    tar = work / "src.tar"
    subprocess.run(["git", "-C", str(REPO), "archive", "-o", str(tar), ref], check=True)
    with tarfile.open(tar) as archive:
        archive.extractall(work / "ticli-src", filter="data")
    return work / "ticli-src"


def prepare_venv(reinstall: bool, ref: str | None, with_jrnl: bool, work: Path) -> str:
    """Make bench/.venv with ticli and jrnl; return where the installed ticli came from."""
    if not (VENV / "bin" / "python").exists():
        say(f"making {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    wanted = "work tree"
    if ref is not None:
        sha = run(["git", "-C", str(REPO), "rev-parse", "--short", f"{ref}^{{commit}}"])
        if sha.returncode != 0:
            sys.exit(f"--ticli-ref: no commit {ref!r} in {REPO}")
        wanted = f"commit {sha.stdout.strip()}"
    installed = STAMP.read_text().strip() if STAMP.exists() else ""
    if reinstall or installed != wanted or not Path(tool("ticli")).exists():
        run([tool("python"), "-m", "pip", "uninstall", "-y", "-q", "ticli"])
        pip(str(ticli_source(ref, work)))
        STAMP.write_text(wanted + "\n")
    elif ref is None:
        sources = [*(REPO / "src").rglob("*"), REPO / "pyproject.toml", REPO / "prompts.toml"]
        if max(p.stat().st_mtime for p in sources if p.is_file()) > STAMP.stat().st_mtime:
            say("note: src/ changed after ticli was installed in bench/.venv; "
                "add --reinstall to time the current code")  # fmt: skip
    if with_jrnl and jrnl_version() != JRNL_PIN:
        pip(f"jrnl=={JRNL_PIN}")
    if run([tool("python"), "-c", "import pexpect"]).returncode != 0:
        try:  # for the time to `ticli today`'s first prompt, in a pseudo-terminal
            pip(PEXPECT_PIN)
        except subprocess.CalledProcessError:
            say("note: could not install pexpect; the first prompt of `today` is not timed")
    works = run([tool("ticli"), "--help"])
    if works.returncode != 0:
        say(works.stderr.strip()[-2000:])
        sys.exit(f"the ticli installed from the {wanted} does not run (see above); if the "
                 "work tree is half-way through a change, try --ticli-ref HEAD")  # fmt: skip
    return wanted
