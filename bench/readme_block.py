"""Copy the benchmark's headline tables from bench/results-latest.md into README.md.

    python3 bench/readme_block.py     # bench.py runs it after every full run

README.md holds, between its `<!-- bench:start -->` and `<!-- bench:end -->` lines, the
date and command of the latest run, the table of its largest journal and the targets
table, taken from the results file as they are (tests/test_docs.py checks they match),
so no figure in the README is ever typed by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results-latest.md"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def headline(results: str) -> str:
    """The block for the README: when and how it was run, the largest size, the targets."""
    lines = results.splitlines()
    facts = [line for line in lines if line.startswith(("- Date:", "- Machine:", "- Command"))]
    sections = re.split(r"(?m)^(?=## )", results)
    sizes = [s for s in sections if re.match(r"## [\d,]+ entries", s)]
    targets = [s for s in sections if s.startswith("## Targets")]
    parts = ["\n".join(facts)]
    if sizes:
        parts.append("#" + sizes[-1].strip())
    if targets:
        parts.append("#" + targets[-1].strip())
    return "\n\n".join(parts)


def block(results: str) -> str:
    return f"{START}\n{headline(results)}\n{END}"


def main() -> int:
    readme = README.read_text(encoding="utf-8")
    if START not in readme or END not in readme:
        print(f"README.md has no {START} ... {END} block", file=sys.stderr)
        return 2
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    README.write_text(before + block(RESULTS.read_text(encoding="utf-8")) + after, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
