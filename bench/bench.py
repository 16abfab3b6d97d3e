"""Benchmark: time whole ticli commands over a synthetic journal in ticli's own format.

    .venv/bin/python bench/bench.py                 # 7,300 entries (ten years, two a day)
    .venv/bin/python bench/bench.py --entries 36500 # the scaling check
    .venv/bin/python bench/bench.py --quick         # fewer runs, for a quick look

Each figure is the median of 5 runs (wall clock) of the installed `ticli`, in a
fresh process, with TICLI_HOME pointing at the synthetic journal. Peak memory is
the largest resident size of that command over its runs (ru_maxrss). The journal
is made once per size and seed under the temporary folder and reused; the cache
is warmed by one run first, as it is on a daily user's machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

TICLI = str(Path(sys.executable).parent / "ticli")

TARGETS = {  # seconds, from the product's performance targets (issue 4)
    "ticli --version": 0.100,
    "ticli --help": 0.250,
    "today: first prompt on screen": 0.300,
    "ticli summary": 1.0,
    "ticli list --limit 20": 0.5,
    "ticli search WORD": 0.5,
}


def make_journal(entries: int, seed: int) -> Path:
    from ticli.demo import write_synthetic_journal
    from ticli.prompts import load_library

    root = Path(tempfile.gettempdir()) / f"ticli-bench-{entries}-{seed}"
    done = root / ".complete"
    if done.exists():
        return root
    end = datetime(2026, 11, 23, 20, 0).astimezone()
    started = time.perf_counter()
    write_synthetic_journal(root, load_library(), entries, end, per_day=2, seed=seed)
    done.write_text("ok")
    print(f"made {entries} entries in {root} ({time.perf_counter() - started:.1f} s)")
    return root


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of one run of a command."""
    started = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{args} failed with exit code {child.returncode}")
    return elapsed, usage.ru_maxrss


def first_prompt(env: dict[str, str]) -> float:
    import pexpect

    started = time.perf_counter()
    child = pexpect.spawn(TICLI, ["today", "--seed", "1"], env=env, encoding="utf-8", timeout=30)
    child.expect_exact("1 of ")
    child.expect_exact("> ")
    elapsed = time.perf_counter() - started
    child.sendline("q")  # stop; the timing above is what counts
    child.expect(pexpect.EOF)
    return elapsed


def measure(name: str, runs: int, action) -> tuple[str, float, int]:  # type: ignore[no-untyped-def]
    times, peak = [], 0
    for _ in range(runs):
        result = action()
        if isinstance(result, tuple):
            elapsed, rss = result
            peak = max(peak, rss)
        else:
            elapsed = result
        times.append(elapsed)
    return name, statistics.median(times), peak


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=7300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="2 runs instead of 5")
    options = parser.parse_args()
    runs = 2 if options.quick else 5
    root = make_journal(options.entries, options.seed)
    env = {**os.environ, "TICLI_HOME": str(root), "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    # Warm the file cache once, as a daily user's machine would be.
    subprocess.run([TICLI, "list", "--limit", "1"], env=env, capture_output=True, check=True)
    results = [
        measure("ticli --version", runs, lambda: run_once([TICLI, "--version"], env)),
        measure("ticli --help", runs, lambda: run_once([TICLI, "--help"], env)),
        measure("today: first prompt on screen", runs, lambda: first_prompt(env)),
        measure("ticli summary", runs, lambda: run_once([TICLI, "summary"], env)),
        measure(
            "ticli list --limit 20", runs, lambda: run_once([TICLI, "list", "--limit", "20"], env)
        ),
        measure("ticli search WORD", runs, lambda: run_once([TICLI, "search", "handover"], env)),
    ]
    print(f"\n{options.entries} entries, median of {runs} runs, {os.cpu_count()} cores")
    print(f"{'command':34} {'median':>9} {'target':>8} {'peak MB':>8}")
    failed = False
    for name, median, peak in results:
        target = TARGETS[name] if options.entries <= 7300 else None
        mark = ""
        if target is not None:
            mark = "ok" if median <= target else "SLOW"
            failed |= median > target
        shown_target = f"{target:.3f}" if target is not None else "-"
        shown_peak = f"{peak / 1024:.0f}" if peak else "-"
        print(f"{name:34} {median:9.3f} {shown_target:>8} {shown_peak:>8}  {mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
