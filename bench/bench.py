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
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import journal_gen
from venv_setup import BENCH, REPO, check_tools, jrnl_version, prepare_venv, run, say, tool

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
    # Tags with their counts. Left out, with a note, while `ticli tags --help` fails.
    Op("tag listing", ("tags",), ("--tags",)),
    Op("export JSON", ("export", "--format", "json"), ("--format", "json")),
    Op("version", ("--version",), None),
    Op("help", ("--help",), None),
    Op("summary", ("summary",), None),
    Op("brief", ("brief", "--allow-identifiers"), None),
    Op("check (privacy scan)", ("check",), None, ticli_codes=(0, 1)),  # 1: something found
    # The HTML report of the last year, piped (issue 13: ≤ 2 s at 7,300 entries).
    Op("report", ("report", "--allow-identifiers"), None),
]
REPORT = OPS[-1]
LIST, SEARCH, SUMMARY, BRIEF = (OPS[0], OPS[1], OPS[7], OPS[8])


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
                rf"(?<![\w-]){re.escape(a)}(?![\w-])", helps[sub])]  # fmt: skip
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


def peak_kib_of(report: Path) -> int | None:
    """The peak resident memory /usr/bin/time wrote (its last line), in KiB."""
    last = (report.read_text().strip().splitlines() or [""])[-1] if report.exists() else ""
    return int(last) if last.isdigit() else None


def peak_memory(setup: Setup, rows: list[Row]) -> None:
    """The peak resident memory (KiB) of one run of each command: /usr/bin/time -f %M."""
    report = setup.work / "time.txt"
    for row in rows:
        for who in row.times:
            timed = ["/usr/bin/time", "-f", "%M", "-o", str(report)]
            run(timed + setup.argv(who, row.op.args(who)), setup.env)
            kib = peak_kib_of(report)
            if kib is not None:
                row.peak_kib[who] = kib


# ------------------------------------------------ measurements beyond plain commands

BUILD_RUNS, EDIT_RUNS, PROMPT_RUNS = 3, 5, 5
EDIT_MARK = ".bench-edit.json"  # beside ticli's journal folder while an entry file is edited


@dataclass
class Extra:
    """A measurement that is not one plain hyperfine command, at one size."""

    name: str
    times: list[float] = field(default_factory=list)  # seconds (extra seconds: over `base`)
    base: list[float] = field(default_factory=list)  # warm times: the extra is over their median
    peak_kib: int | None = None
    note: str = ""
    failed: str = ""

    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.failed else None

    def failure(self) -> str:
        return f"failed ({self.failed})" if self.failed else ""


def last_words(proc: subprocess.CompletedProcess[str]) -> str:
    said = (proc.stderr.strip() or proc.stdout.strip()).splitlines() or [""]
    return f"exit {proc.returncode}: {said[-1][:120]}"


def time_once(setup: Setup, args: tuple[str, ...]) -> float | str:
    """One run of `ticli ARGS` timed by hyperfine, as the rounds are (or why it failed)."""
    out = setup.work / f"{setup.size}-once.json"
    argv = ["hyperfine", "-N", "--runs", "1", "--style", "none", "--output", "null"]
    argv += ["--export-json", str(out), shlex.join(setup.argv("ticli", args))]
    proc = run(argv, setup.env)
    if proc.returncode != 0:
        return f"`ticli {shlex.join(args)}` failed ({last_words(proc)})"
    return float(json.loads(out.read_text())["results"][0]["times"][0])


def index_build(setup: Setup) -> Extra:
    """`ticli list --limit 5` just after ticli's cache folder is deleted: its time (median of
    BUILD_RUNS) and the highest peak memory. The last run leaves the index built."""
    extra = Extra("index build from nothing")
    cache = Path(setup.env["XDG_CACHE_HOME"]) / "ticli"
    report = setup.work / "time.txt"
    for _ in range(BUILD_RUNS):
        shutil.rmtree(cache, ignore_errors=True)
        report.unlink(missing_ok=True)
        timed = ["/usr/bin/time", "-f", "%M", "-o", str(report)]
        start = time.perf_counter()
        proc = run(timed + setup.argv("ticli", LIST.ticli), setup.env)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            extra.failed = last_words(proc)
            say(f"  index build failed: {extra.failed}")
            break
        extra.times.append(elapsed)
        kib = peak_kib_of(report)
        if kib is not None:
            extra.peak_kib = max(extra.peak_kib or 0, kib)
    if not extra.failed and not any(cache.rglob("*")):
        extra.note = "ticli wrote nothing to XDG_CACHE_HOME/ticli"
    say(f"  index build: {', '.join(f'{t:.2f} s' for t in extra.times)}")
    return extra


def journal_files(root: Path) -> set[str]:
    return {str(Path(d, f).relative_to(root)) for d, _, files in os.walk(root) for f in files}


def first_prompt(setup: Setup) -> Extra:
    """`ticli today` in a pseudo-terminal until its first prompt is on screen, stopped with
    Ctrl-C (bench/first_prompt.py, with pexpect): median of PROMPT_RUNS. The journal must
    come out as it went in."""
    extra = Extra("first prompt of `ticli today` on screen")
    root = Path(setup.env["TICLI_HOME"])
    before = journal_files(root)
    helper = [tool("python"), str(BENCH / "first_prompt.py"), tool("ticli"), str(PROMPT_RUNS)]
    proc = run(helper, setup.env)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        data = {"error": f"bench/first_prompt.py failed ({last_words(proc)})"}
    extra.times = data.get("times", [])
    extra.failed = data.get("error", "")
    said = sorted(set(data.get("said", [])))
    if said:
        say(f"  today, after Ctrl-C: {' / '.join(said)}")
    again = sum(1 for n in data.get("presses", []) if n > 1)
    after = journal_files(root)
    new, gone = sorted(after - before), sorted(before - after)
    for name in new:  # a draft or an entry: not part of the synthetic journal
        (root / name).unlink(missing_ok=True)
    if new:
        extra.note = f"it left {len(new)} file(s) in the journal ({', '.join(new[:3])}); deleted"
    elif gone:
        extra.note = f"{len(gone)} journal file(s) vanished ({', '.join(gone[:3])})"
    else:
        extra.note = f"journal unchanged ({len(after):,} files before and after)"
    if again:
        extra.note += f"; {again} of {len(extra.times)} runs took a second Ctrl-C to stop"
    if extra.failed:
        say(f"  first prompt of today: {extra.failed}")
    return extra


def restore_edit(root: Path) -> None:
    """Put back an entry file that an interrupted run left edited."""
    mark = root.parent / EDIT_MARK
    if not mark.exists():
        return
    saved = json.loads(mark.read_text())
    path = root / saved["name"]
    with open(path, "r+b") as handle:  # in place, as the edit was: the folder is untouched
        handle.write(bytes.fromhex(saved["bytes"]))
        handle.truncate()
    os.utime(path, ns=(saved["atime_ns"], saved["mtime_ns"]))
    mark.unlink()


def files_to_edit(root: Path) -> list[Path]:
    """EDIT_RUNS entry files spread over the newest month's folder, the folder that
    `ticli list --limit 5` looks into file by file."""
    folders = sorted(p for p in root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]") if p.is_dir())
    files: list[Path] = []
    for folder in reversed(folders):
        files = sorted(folder.glob("*.md")) + files
        if len(files) >= EDIT_RUNS:
            break
    step = max(1, len(files) // EDIT_RUNS)
    return files[::step][:EDIT_RUNS]


def after_edit(setup: Setup) -> tuple[Extra, Extra]:
    """Append a line in place to one entry file (a hand edit: its size changes), then time
    `ticli list --limit 5` and `ticli search WORD` once each; EDIT_RUNS files, one after
    the other. Each is compared with the warm median of the same command, timed just
    before each edit (the rounds' median is from minutes earlier, and a shared machine
    drifts by as much as the extra time). Each file is put back, bytes and mtime, before
    the next, and a search reads it back into the index, untimed."""
    pairs = [(Extra(f"after one file changes: `ticli {shlex.join(op.ticli or ())}`"), op)
             for op in (LIST, SEARCH)]  # fmt: skip
    warm: dict[str, list[float]] = {op.name: [] for op in (LIST, SEARCH)}
    root = Path(setup.env["TICLI_HOME"])
    seen = 0
    files = files_to_edit(root)

    def timed(extra: Extra, op: Op, into: list[float]) -> None:
        took = time_once(setup, op.ticli or ())
        if isinstance(took, str):
            extra.failed = extra.failed or took
        else:
            into.append(took)

    for n, path in enumerate(files):
        for extra, op in pairs:
            timed(extra, op, warm[op.name])
        token = "benchedit" + "abcdefghij"[n % 10]  # a word found nowhere else
        original, stat = path.read_bytes(), path.stat()
        mark = {"name": str(path.relative_to(root)), "bytes": original.hex(),
                "atime_ns": stat.st_atime_ns, "mtime_ns": stat.st_mtime_ns}  # fmt: skip
        (root.parent / EDIT_MARK).write_text(json.dumps(mark))
        try:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"Added by hand, later ({token}).\n")
            for extra, op in pairs:
                timed(extra, op, extra.times)
            seen += count(setup.argv("ticli", ("search", token, "--json")), setup.env) == "1"
        finally:
            restore_edit(root)
        run(setup.argv("ticli", SEARCH.ticli), setup.env)  # reads the file back in, untimed
    for extra, op in pairs:
        if warm[op.name] and extra.times:
            extra.base = warm[op.name]
            extra.times = [t - statistics.median(extra.base) for t in extra.times]
    pairs[1][0].note = f"the edit was found by `ticli search` {seen} of {len(files)} times"
    return pairs[0][0], pairs[1][0]


# ----------------------------------------------------------------------- one size


@dataclass
class SizeResult:
    size: int
    rows: list[Row]
    extras: list[Extra]
    text: str  # its Markdown

    def row(self, op: Op) -> Row | None:
        return next((r for r in self.rows if r.op.name == op.name), None)


def bench_size(
    size: int, seed: int, runs: int, ops: list[Op], work: Path, jrnl: bool
) -> SizeResult:
    """Make (or reuse) the journals of one size and time every command."""
    root = Path(tempfile.gettempdir()) / f"ticli-bench-{size}-{seed}"
    say(f"\n{size:,} entries: journals in {root}")
    if journal_gen.make_journals(root, size, seed):
        say("  made them (kept for the next run)")
    restore_edit(root / "ticli")
    xdg = work / f"xdg-{size}"  # so that neither tool touches the user's own folders
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TICLI_HOME")}
    env |= {"TICLI_HOME": str(root / "ticli"), "COLUMNS": "100"}
    env |= {f"XDG_{d.upper()}_HOME": str(xdg / d) for d in ("cache", "config", "data")}
    config = work / f"jrnl-{size}.yaml"
    if jrnl:
        journal_gen.write_jrnl_config(config, root / "jrnl" / "journal.txt", jrnl_version())
    setup = Setup(size, env, config, work)
    rows = [Row(op, {w: [] for w in WHO[: 1 + jrnl] if op.args(w) is not None}) for op in ops]
    build = index_build(setup)  # which also fills ticli's cache, as daily use does
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
    prompt = first_prompt(setup)
    extras = [build, *after_edit(setup), prompt]  # the edits last: they touch the journal
    say("  index build, first prompt of today and one file changed: done")
    return SizeResult(size, rows, extras, section(size, rows, found, jrnl, extras))


# ----------------------------------------------------------------------- output


def seconds(value: float, sign: bool = False) -> str:
    return f"{value:+.3f} s" if sign else f"{value:.3f} s"


def median_cell(times: list[float], sign: bool = False) -> str:
    low, high = (f"{t:+.2f}" if sign else f"{t:.2f}" for t in (min(times), max(times)))
    return f"{seconds(statistics.median(times), sign)} [{low} to {high}]"


def extras_table(extras: list[Extra]) -> list[str]:
    lines = ["| ticli, beyond plain commands | median [min to max] | runs | peak MB | notes |"]
    lines.append("|" + " --- |" * 5)
    for extra in extras:
        if extra.failed:
            value = f"failed ({extra.failed})"
        elif not extra.times:
            value = "-"
        else:
            value = median_cell(extra.times, sign=bool(extra.base))
            if extra.base:
                value += f" over the warm {median_cell(extra.base)}"
        peak = f"{extra.peak_kib / 1024:.0f}" if extra.peak_kib else "-"
        lines.append(f"| {extra.name} | {value} | {len(extra.times)} | {peak} | {extra.note} |")
    return lines


def speedup(row: Row) -> float | None:
    """jrnl's median over ticli's (None unless both ran without failing)."""
    if row.failed or len(row.times) < 2:
        return None
    return statistics.median(row.times["jrnl"]) / statistics.median(row.times["ticli"])


def faster(r: float) -> str:
    if round(max(r, 1 / r), 1) == 1.0:
        return "about the same"
    return f"{TIMES}{r:.1f} faster" if r >= 1 else f"{TIMES}{1 / r:.1f} slower"


def section(size: int, rows: list[Row], found: str, jrnl: bool, extras: list[Extra]) -> str:
    def cell(row: Row, who: str) -> str:
        if who in row.failed:
            return f"failed ({row.failed[who]})"
        times = row.times.get(who)
        if not times:
            return "n/a" if who == "ticli" else "-"
        return f"{statistics.median(times):.3f} s [{min(times):.2f}-{max(times):.2f}]"

    def ratio(row: Row) -> str:
        r = speedup(row)
        return "-" if r is None else faster(r)

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
    lines += ["", *extras_table(extras)]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------- targets


def targets(results: list[SizeResult], jrnl: bool) -> str:
    """Each target next to what was measured, with a tick or a cross."""
    by_size = {r.size: r for r in results}
    top = by_size[max(by_size)]
    lines = [f"## Targets, at {top.size:,} entries (the largest size run)", ""]
    if top.size < 36_500:
        lines += ["The targets are meant for 36,500 entries; at fewer they only hint.", ""]
    lines += ["| target | measured | met |", "| --- | --- | --- |"]

    def add(target: str, measured: str, ok: bool | None) -> None:
        lines.append(f"| {target} | {measured} | {'?' if ok is None else '✓' if ok else '✗'} |")

    def warm(result: SizeResult, op: Op) -> float | None:
        row = result.row(op)
        times = row.times.get("ticli") if row and "ticli" not in row.failed else None
        return statistics.median(times) if times else None

    def failure(result: SizeResult, op: Op) -> str:
        row = result.row(op)
        return f"failed ({row.failed['ticli']})" if row and "ticli" in row.failed else ""

    def within(target: str, value: float | None, limit: float, failed: str = "") -> None:
        """A failed measurement misses its target (✗); one not made is a ?."""
        if value is None:
            add(target, failed or "not measured", False if failed else None)
        else:
            add(target, seconds(value), value <= limit)

    for op, limit, shown in ((LIST, 0.150, "150 ms"), (SEARCH, 0.250, "250 ms"),
                             (SUMMARY, 1.0, "1.0 s"), (BRIEF, 1.0, "1.0 s")):  # fmt: skip
        target = f"`ticli {shlex.join(op.ticli or ())}` ≤ {shown}"
        within(target, warm(top, op), limit, failure(top, op))
    build, edit_list, edit_search, prompt = top.extras
    within("first prompt of `ticli today` ≤ 300 ms", prompt.median(), 0.300, prompt.failure())
    peaks = [(r.peak_kib["ticli"] / 1024, r.op.name) for r in top.rows if "ticli" in r.peak_kib]
    if build.peak_kib:
        peaks.append((build.peak_kib / 1024, build.name))
    if peaks:
        over = sorted((p for p in peaks if p[0] > 150), reverse=True)
        worst = max(peaks)
        text = f"highest {worst[0]:.0f} MB ({worst[1]})"
        if len(over) > 1:
            text += "; over 150 MB: " + ", ".join(f"{name} {mb:.0f}" for mb, name in over)
        add("peak memory of every ticli command ≤ 150 MB", text, not over)
    else:
        add("peak memory of every ticli command ≤ 150 MB", "not measured", None)
    for size, times in ((36_500, 10), (3_650, 5)):
        if size not in by_size or not jrnl:
            continue
        for row in by_size[size].rows:
            if row.op.ticli is None or row.op.jrnl is None:
                continue
            r = speedup(row)
            target = f"{row.op.name}: ≥ {TIMES}{times} faster than jrnl at {size:,}"
            if r is None:
                failed = "; ".join(f"{w} failed" for w in row.failed) or "not measured"
                add(target, failed, False if row.failed else None)
            else:
                add(target, faster(r), r >= times)
    within("index build ≤ 20 s", build.median(), 20.0, build.failure())
    for extra in (edit_list, edit_search):
        value = extra.median()
        if value is None:
            within(f"{extra.name} ≤ 100 ms extra", None, 0.100, extra.failure())
        else:
            add(f"{extra.name} ≤ 100 ms extra", seconds(value, sign=True), value <= 0.100)
    if 7_300 in by_size:
        within(
            "`ticli report --allow-identifiers` at 7,300 entries ≤ 2.0 s",
            warm(by_size[7_300], REPORT),
            2.0,
            failure(by_size[7_300], REPORT),
        )
    if 7_300 in by_size and 36_500 in by_size:
        for op in (LIST, SEARCH, SUMMARY):
            small, large = warm(by_size[7_300], op), warm(by_size[36_500], op)
            target = f"`ticli {shlex.join(op.ticli or ())}` from 7,300 to 36,500: ≤ {TIMES}2"
            if small is None or large is None:
                failed = failure(by_size[7_300], op) or failure(by_size[36_500], op)
                add(target, failed or "not measured", False if failed else None)
            else:
                growth = large / small
                text = f"{TIMES}{growth:.1f} ({seconds(small)} to {seconds(large)})"
                add(target, text, growth <= 2)
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
        f"- The second table of each size: `ticli list --limit 5` after ticli's cache folder "
        f"is deleted (median of {BUILD_RUNS}, the highest peak memory); the extra time of "
        f"`ticli list --limit 5` and `ticli search {WORD}` just after a line is appended to one "
        f"entry file ({EDIT_RUNS} files, one run each), over their warm medians timed just "
        "before each edit; and the time "
        "from starting `ticli today` in a pseudo-terminal until its first question is on "
        f"screen (median of {PROMPT_RUNS}, each stopped with Ctrl-C before any answer).",
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
        results = [bench_size(n, options.seed, runs, ops, work, with_jrnl) for n in sizes]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sections = [r.text for r in results] + [targets(results, with_jrnl)]
    text = header(runs, ops, notes, with_jrnl, source) + "\n" + "\n".join(sections)
    print(text, end="")
    RESULTS.write_text(text, encoding="utf-8")
    say(f"\nwritten to {RESULTS.relative_to(REPO)}")
    if not options.quick and options.sizes is None and options.only != "ticli":
        # A full run is the one the README quotes: copy its headline tables there.
        import readme_block

        readme_block.main()
        say("and its headline tables copied into README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
