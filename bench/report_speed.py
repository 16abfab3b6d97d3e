"""`ticli report` against `ticli summary`, side by side, at 7,300 entries (issue 13: a
report in 2 s at most once the index exists).

    python3 bench/report_speed.py                  # the ticli next to this Python, or on PATH
    python3 bench/report_speed.py --ticli .venv/bin/ticli --runs 5

It makes the seeded synthetic journal (bench/journal_gen.py, 7,300 entries, seed 7) in
the temporary folder (kept for the next run), builds its index with one command, then
times both commands with hyperfine in one run (so a busy machine slows both alike) and
writes the table, with the date, the machine, its load and the exact commands, to
bench/report-speed.md, and the same text into README.md between `<!-- report-speed:start -->` and
`<!-- report-speed:end -->` (tests/test_docs.py checks the two match).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "report-speed.md"
README = ROOT / "README.md"
START, END = "<!-- report-speed:start -->", "<!-- report-speed:end -->"
ENTRIES, SEED, TARGET = 7300, 7, 2.0

sys.path.insert(0, str(HERE))
import journal_gen  # noqa: E402


def default_ticli() -> str:
    beside = Path(sys.executable).parent / "ticli"
    return str(beside) if beside.exists() else (shutil.which("ticli") or "ticli")


def block(results: str) -> str:
    return f"{START}\n{results.strip()}\n{END}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticli", default=default_ticli(), help="the ticli command to time")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("hyperfine"):
        print("needs hyperfine (apt-get install -y hyperfine)", file=sys.stderr)
        return 2
    work = Path(tempfile.gettempdir()) / f"ticli-report-speed-{ENTRIES}"
    journal_gen.make_journals(work, ENTRIES, SEED)
    cache = work / "cache"
    env = {"TICLI_HOME": str(work / "ticli"), "XDG_CACHE_HOME": str(cache)}
    out = Path(tempfile.mkdtemp()) / "report.html"
    # The index is built once, as the first command on a journal does.
    subprocess.run(
        [args.ticli, "list", "--limit", "1"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    prefix = f"env TICLI_HOME={env['TICLI_HOME']} XDG_CACHE_HOME={cache} {args.ticli}"
    commands = {
        "summary": f"{prefix} summary --allow-identifiers",
        "report": f"{prefix} report --out {out} --allow-identifiers",
    }
    exported = out.parent / "hyperfine.json"
    load_before = os.getloadavg()[0]
    subprocess.run(
        [
            "hyperfine",
            "-N",
            "-w1",
            "-r",
            str(args.runs),
            "--export-json",
            str(exported),
            *commands.values(),
        ],
        check=True,
    )
    load_after = os.getloadavg()[0]
    timed = json.loads(exported.read_text())["results"]
    rows = []
    for name, result in zip(commands, timed, strict=True):
        rows.append(
            f"| `ticli {name}` | {result['mean']:.3f} s | {result['min']:.2f}-{result['max']:.2f}"
            f" | {result['user']:.3f} s |"
        )
    summary, report = timed[0]["mean"], timed[1]["mean"]
    met = "✓" if report <= TARGET else "✗"
    results = "\n".join(
        [
            f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"- Machine: {platform.machine()}, {os.cpu_count()} cores, load average (1 min)"
            f" {load_before:.1f} before and {load_after:.1f} after",
            f"- Command, from the repo root: `python3 bench/report_speed.py --runs {args.runs}`"
            f" ({ENTRIES:,} entries from bench/journal_gen.py, seed {SEED}, index built;"
            f" `hyperfine -N -w1 -r{args.runs}`, the two commands in one run)",
            "",
            "| command | mean | min-max (s) | user CPU |",
            "| --- | --- | --- | --- |",
            *rows,
            "",
            "`ticli report` (the last year, 730 entries, six charts) takes"
            f" {report / summary:.2f} times as long as `ticli summary` (30 days);"
            f" target ≤ {TARGET:.0f} s: {report:.3f} s {met}",
        ]
    )
    RESULTS.write_text(results + "\n", encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    if START in readme and END in readme:
        before, rest = readme.split(START, 1)
        _, after = rest.split(END, 1)
        README.write_text(before + block(results) + after, encoding="utf-8")
    print(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
