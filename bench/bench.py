"""Benchmark: ticli and jrnl 4.x side by side, on the same synthetic journal.

    python3 bench/bench.py                      # 3,650, 7,300 and 36,500 entries
    python3 bench/bench.py --quick              # 3 rounds, 3,650 entries only
    python3 bench/bench.py --sizes 3650,7300    # choose the sizes
    python3 bench/bench.py --only ticli         # skip jrnl
    python3 bench/bench.py --reinstall          # re-install ticli from the work tree first
    python3 bench/bench.py --ticli-ref HEAD     # time a commit instead of the work tree

It makes its own virtual environment, bench/.venv, with ticli (from this checkout)
and jrnl (from PyPI), and needs `hyperfine` and `/usr/bin/time` (Debian: apt-get
install hyperfine time). It imports nothing from ticli: journal_gen.py writes the
journals from the documented format, and each command is timed as a subprocess.
The results are printed and written to bench/results-latest.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import journal_gen
from venv_setup import REPO, check_tools, jrnl_version, prepare_venv, run, say, tool

RESULTS = Path(__file__).resolve().parent / "results-latest.md"
TIMES = "\u00d7"  # the multiplication sign, for "3.0 times faster"
WHO = ("ticli", "jrnl")


@dataclass(frozen=True)
class Op:
    """One operation: its ticli and its jrnl arguments (None: that tool has no such command)."""

    name: str
    ticli: tuple[str, ...] | None
    jrnl: tuple[str, ...] | None
    ticli_codes: tuple[int, ...] = (0,)  # the exit codes that mean success

    def args(self, who: str) -> tuple[str, ...] | None:
        return self.ticli if who == "ticli" else self.jrnl

    def codes(self, who: str) -> tuple[int, ...]:
        return self.ticli_codes if who == "ticli" else (0,)


WORD, TAG = journal_gen.SEARCH_WORD, journal_gen.FILTER_TAG
OPS = [
    Op("list newest 5", ("list", "--limit", "5"), ("-n", "5")),
    Op(f"search a word ({WORD})", ("search", WORD), ("-contains", WORD)),
    Op(f"filter by tag ({TAG})", ("list", "--tag", TAG, "--limit", "100000"), (f"@{TAG}",)),
    Op("tag listing", ("tags",), ("--tags",)),  # ticli has no `tags` command (yet): n/a
    Op("export JSON", ("export", "--format", "json"), ("--format", "json")),
    Op("version", ("--version",), None),
    Op("help", ("--help",), None),
    Op("summary", ("summary",), None),
    Op("brief", ("brief", "--allow-identifiers"), None),
    Op("check (privacy scan)", ("check",), None, ticli_codes=(0, 1)),  # 1: something found
]


@dataclass
class Row:
    """One operation's measurements at one size, by tool."""

    op: Op
    times: dict[str, list[float]] = field(default_factory=dict)
    peak_kib: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def confirm_ops(with_jrnl: bool) -> tuple[list[Op], list[str]]:
    """Check with --help that every command and option exists; leave out what does not."""
    notes: list[str] = []
    helps: dict[str, str] = {}
    jrnl_help = run([tool("jrnl"), "--help"]).stdout if with_jrnl else ""
    kept = []
    for op in OPS:
        ticli, jrnl = op.ticli, op.jrnl if with_jrnl else None
        if ticli:
            sub = next((a for a in ticli if not a.startswith("-")), "")
            if sub not in helps:
                proc = run([tool("ticli"), *([sub] if sub else []), "--help"])
                helps[sub] = proc.stdout if proc.returncode == 0 else ""
            absent = [a for a in ticli if a.startswith("--") and not re.search(
                rf"(?<![\w-]){a}(?![\w-])", helps[sub])]  # fmt: skip
            if not helps[sub] or absent:
                what = f"option {', '.join(absent)}" if helps[sub] else f"command `{sub}`"
                notes.append(f"{op.name}: ticli has no {what}, so ticli is n/a")
                ticli = None
        absent = [a for a in jrnl or () if a.startswith("-") and a not in jrnl_help]
        if absent:
            notes.append(f"{op.name}: jrnl has no {', '.join(absent)}, so jrnl is n/a")
            jrnl = None
        if ticli or jrnl:
            kept.append(Op(op.name, ticli, jrnl, op.ticli_codes))
    return kept, notes


# ----------------------------------------------------------------------- timing


@dataclass(frozen=True)
class Setup:
    """One size's journals and environment."""

    size: int
    env: dict[str, str]
    jrnl_config: Path
    work: Path

    def argv(self, who: str, args: tuple[str, ...] | None) -> list[str]:
        if who == "ticli":
            return [tool("ticli"), *(args or ())]
        return [tool("jrnl"), "--config-file", str(self.jrnl_config), *(args or ())]


def probe(setup: Setup, rows: list[Row]) -> None:
    """Run each command once: this warms the caches, and leaves out any command that fails."""
    for row in rows:
        for who in list(row.times):
            proc = run(setup.argv(who, row.op.args(who)), setup.env)
            if proc.returncode not in row.op.codes(who):
                said = (proc.stderr.strip() or proc.stdout.strip()).splitlines() or [""]
                row.failed[who] = f"exit {proc.returncode}: {said[-1][:120]}"
                del row.times[who]
                say(f"  skipped `{who} {shlex.join(row.op.args(who) or ())}`: {row.failed[who]}")


def count(argv: list[str], env: dict[str, str]) -> str:
    """How many entries a command's JSON output holds ("?" if it gave no JSON)."""
    try:
        data = json.loads(run(argv, env).stdout)
    except json.JSONDecodeError:
        return "?"
    return str(len(data["entries"] if isinstance(data, dict) else data))


def sanity(setup: Setup, jrnl: bool) -> str:
    """Do both tools see the same entries, search hits and tagged entries?"""
    checks = [
        ("entries", ("export", "--format", "json"), ("--format", "json")),
        (f'"{WORD}"', ("search", WORD, "--json"), ("-contains", WORD, "--format", "json")),
        (f"tag {TAG}", ("list", "--tag", TAG, "--limit", "100000", "--json"),
         (f"@{TAG}", "--format", "json")),
    ]  # fmt: skip
    parts = []
    for label, ticli_args, jrnl_args in checks:
        found = count(setup.argv("ticli", ticli_args), setup.env)
        if jrnl:
            found += f" | {count(setup.argv('jrnl', jrnl_args), setup.env)}"
        parts.append(f"{label} {found}")
    return f"Found ({' | '.join(WHO if jrnl else WHO[:1])}): " + "; ".join(parts) + "."


def time_rounds(setup: Setup, rows: list[Row], runs: int) -> None:
    """Interleaved rounds: each runs every command once, ticli then jrnl for each operation.

    hyperfine does all the runs of one command before the next, so each round is one
    hyperfine call with --runs 1 over every command; the first adds a warm-up run of each.
    """
    order = [(row, who) for row in rows for who in WHO if who in row.times]
    for n in range(runs):
        out = setup.work / f"{setup.size}-round{n}.json"
        args = ["hyperfine", "-N", "--runs", "1", "--warmup", "0" if n else "1"]
        args += ["--style", "basic", "--output", "null", "--ignore-failure", "--export-json"]
        args.append(str(out))
        args += [shlex.join(setup.argv(who, row.op.args(who))) for row, who in order]
        proc = run(args, setup.env)
        if proc.returncode != 0:
            sys.exit(f"hyperfine failed:\n{proc.stderr}")
        results = json.loads(out.read_text())["results"]
        for (row, who), result in zip(order, results, strict=True):
            row.times[who] += result["times"]
            bad = [c for c in result.get("exit_codes", []) if c not in row.op.codes(who)]
            if bad:
                row.failed[who] = f"exit {bad[0]} in round {n + 1}"
        say(f"  round {n + 1} of {runs} done")


def peak_memory(setup: Setup, rows: list[Row]) -> None:
    """The peak resident memory (KiB) of one run of each command: /usr/bin/time -f %M."""
    report = setup.work / "time.txt"
    for row in rows:
        for who in row.times:
            timed = ["/usr/bin/time", "-f", "%M", "-o", str(report)]
            run(timed + setup.argv(who, row.op.args(who)), setup.env)
            last = (report.read_text().strip().splitlines() or [""])[-1]
            if last.isdigit():
                row.peak_kib[who] = int(last)


def bench_size(size: int, seed: int, runs: int, ops: list[Op], work: Path, jrnl: bool) -> str:
    """Make (or reuse) the journals of one size and time every command; its Markdown."""
    root = Path(tempfile.gettempdir()) / f"ticli-bench-{size}-{seed}"
    say(f"\n{size:,} entries: journals in {root}")
    if journal_gen.make_journals(root, size, seed):
        say("  made them (kept for the next run)")
    xdg = work / f"xdg-{size}"  # so that neither tool touches the user's own folders
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TICLI_HOME")}
    env |= {"TICLI_HOME": str(root / "ticli"), "COLUMNS": "100"}
    env |= {f"XDG_{d.upper()}_HOME": str(xdg / d) for d in ("cache", "config", "data")}
    config = work / f"jrnl-{size}.yaml"
    if jrnl:
        journal_gen.write_jrnl_config(config, root / "jrnl" / "journal.txt", jrnl_version())
    setup = Setup(size, env, config, work)
    rows = [Row(op, {w: [] for w in WHO[: 1 + jrnl] if op.args(w) is not None}) for op in ops]
    run([tool("ticli"), "list", "--limit", "1"], env)  # fills ticli's cache, as daily use does
    if not any((xdg / "cache").rglob("*")):
        say("  note: ticli wrote no cache under XDG_CACHE_HOME")
    before = config.read_bytes() if jrnl else b""
    probe(setup, rows)
    if jrnl and config.read_bytes() != before:
        say("  note: jrnl rewrote its config file (a key or the version did not match)")
    found = sanity(setup, jrnl)
    say(f"  {found}")
    load = os.getloadavg()[0]
    time_rounds(setup, rows, runs)
    found += f" Load average (1 min) before and after the rounds: {load:.1f}, "
    found += f"{os.getloadavg()[0]:.1f}."
    peak_memory(setup, rows)
    return section(size, rows, found, jrnl)


# ----------------------------------------------------------------------- output


def section(size: int, rows: list[Row], found: str, jrnl: bool) -> str:
    def cell(row: Row, who: str) -> str:
        if who in row.failed:
            return f"failed ({row.failed[who]})"
        times = row.times.get(who)
        if not times:
            return "n/a" if who == "ticli" else "-"
        return f"{statistics.median(times):.3f} s [{min(times):.2f}-{max(times):.2f}]"

    def ratio(row: Row) -> str:
        if row.failed or len(row.times) < 2:
            return "-"
        r = statistics.median(row.times["jrnl"]) / statistics.median(row.times["ticli"])
        if round(max(r, 1 / r), 1) == 1.0:
            return "about the same"
        return f"{TIMES}{r:.1f} faster" if r >= 1 else f"{TIMES}{1 / r:.1f} slower"

    def mb(row: Row, who: str) -> str:
        kib = row.peak_kib.get(who)
        return f"{kib / 1024:.0f}" if kib else "-"

    head = ["operation", "ticli median [min-max]", "ticli peak MB"]
    if jrnl:
        head[2:2] = ["jrnl median [min-max]", "ticli vs jrnl"]
        head.append("jrnl peak MB")
    lines = [f"## {size:,} entries ({size / 730:g} years, 2 a day)", "", found, ""]
    lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for row in rows:
        cells = [row.op.name, cell(row, "ticli"), mb(row, "ticli")]
        if jrnl:
            cells[2:2] = [cell(row, "jrnl"), ratio(row)]
            cells.append(mb(row, "jrnl"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def header(runs: int, ops: list[Op], notes: list[str], jrnl: bool, source: str) -> str:
    def first_line(args: list[str]) -> str:
        return (run(args).stdout.strip().splitlines() or ["?"])[0]

    versions = f"{first_line([tool('python'), '--version'])} (bench/.venv), "
    versions += f"{first_line([tool('ticli'), '--version'])} (from the {source})"
    if jrnl:
        versions += f", jrnl {jrnl_version()}"
    versions += f", {first_line(['hyperfine', '--version'])}"
    command = shlex.join(["python3", "bench/bench.py", *sys.argv[1:]])
    lines = [
        "# ticli and jrnl, side by side" if jrnl else "# ticli benchmark",
        "",
        f"- Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Machine: {platform.machine()} (`uname -m`), {os.cpu_count()} cores (nproc), "
        f"{platform.system()} {platform.release()}",
        f"- Versions: {versions}",
        f"- Command, from the repo root: `{command}`",
        f"- Method: the median of {runs} interleaved rounds, with the fastest and slowest in "
        "brackets. Each round runs every command once with `hyperfine -N --runs 1`, ticli "
        "then jrnl for each operation, so that drift in the machine's speed hits both; the "
        "first round adds one warm-up run of each. Output and input are /dev/null. ticli's "
        "cache is warmed first. Peak memory: `/usr/bin/time -f %M`, one run.",
        f"- ticli vs jrnl: jrnl's median over ticli's, as ticli {TIMES}N faster (or slower).",
        "",
        "| operation | ticli | jrnl |",
        "| --- | --- | --- |",
    ]
    for op in ops:
        ticli = f"`ticli {shlex.join(op.ticli)}`" if op.ticli else "n/a"
        other = f"`jrnl {shlex.join(op.jrnl)}`" if op.jrnl and jrnl else "-"
        lines.append(f"| {op.name} | {ticli} | {other} |")
    lines += ["", "Both tools read the same entries, each in its own format (made by "
              "bench/journal_gen.py); jrnl gets its journal with `--config-file`."]  # fmt: skip
    if notes:
        lines += ["", "Notes:", *(f"- {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", help="comma-separated entry counts (default 3650,7300,36500)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, 3650 entries only")
    parser.add_argument("--runs", type=int, help="timed rounds (default 5; 3 with --quick)")
    parser.add_argument("--only", choices=["ticli"], help="time ticli alone")
    parser.add_argument("--seed", type=int, default=1, help="seed of the journals (default 1)")
    parser.add_argument("--reinstall", action="store_true", help="re-install ticli first")
    parser.add_argument("--ticli-ref", metavar="COMMIT", help="time this commit of ticli")
    options = parser.parse_args()
    sizes_text = options.sizes or ("3650" if options.quick else "3650,7300,36500")
    try:
        sizes = [int(s) for s in sizes_text.replace("_", "").split(",")]
    except ValueError:
        parser.error(f"--sizes takes numbers separated by commas, not {sizes_text!r}")
    runs = options.runs or (3 if options.quick else 5)
    with_jrnl = options.only != "ticli"
    check_tools()
    work = Path(tempfile.mkdtemp(prefix="ticli-bench-run-"))
    try:
        source = prepare_venv(options.reinstall, options.ticli_ref, with_jrnl, work)
        ops, notes = confirm_ops(with_jrnl)
        for note in notes:
            say(f"note: {note}")
        sections = [bench_size(n, options.seed, runs, ops, work, with_jrnl) for n in sizes]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = header(runs, ops, notes, with_jrnl, source) + "\n" + "\n".join(sections)
    print(text, end="")
    RESULTS.write_text(text, encoding="utf-8")
    say(f"\nwritten to {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
