"""The module map in CONTRIBUTING.md is true: who imports whom, no cycles, and only the
store touches journal files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO

SRC = REPO / "src" / "ticli"
BASE = {"errors", "dates", "paths", "tomlfile", "config", "__init__", "__main__"}


def package_of(module: str) -> str:
    """`ticli.store.files` -> "store"; a top-level module of the foundation -> "base"."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in BASE:
        return "base"
    return parts[1]


def module_name(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """The ticli modules a file imports, each with whether it is for type checking only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ticli"):
            names = [node.module]
            if node.module in ("ticli", "ticli.cli", "ticli.render", "ticli.usecases"):
                # `from ticli import store` names a module; `__version__` is the package's.
                names = [
                    node.module if alias.name.startswith("__") else f"{node.module}.{alias.name}"
                    for alias in node.names
                ]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("ticli")]
        found += [(name, id(node) in typing_only) for name in names]
    return found


def rules() -> dict[str, set[str]]:
    """The "may import" column of CONTRIBUTING.md's module map."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        row = re.match(r"^\| `(\w+)` \| .* \| ([^|]+) \|$", line)
        if row:
            allowed = re.sub(r"\(.*?\)", "", row.group(2))
            table[row.group(1)] = {w.strip() for w in allowed.split(",") if w.strip()}
    return table


FILES = sorted(SRC.rglob("*.py"))


def test_the_map_names_every_package() -> None:
    packages = {package_of(module_name(p)) for p in FILES}
    assert packages == set(rules())


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_map(path: Path) -> None:
    own = package_of(module_name(path))
    allowed = rules()[own] | {own}
    for name, typing_only in imports(path):
        target = package_of(name)
        if own == "render" and target == "usecases" and typing_only:
            continue  # render names use-case result types, and never calls them
        if own == "base" and module_name(path) == "ticli.__main__" and target == "cli":
            continue  # the console script starts the CLI
        assert target in allowed, f"{module_name(path)} imports {name}"


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    names = {module_name(p) for p in FILES}
    for path in FILES:
        edges = set()
        for name, typing_only in imports(path):
            while name not in names and "." in name:
                name = name.rsplit(".", 1)[0]  # `from ticli.model import x`: the package
            if not typing_only and name in names and name != module_name(path):
                edges.add(name)
        graph[module_name(path)] = edges
    # A package's __init__ re-exporting its own modules is not a cycle of the design.
    for module, edges in graph.items():
        graph[module] = {e for e in edges if not module.startswith(e + ".")}
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            raise AssertionError("import cycle: " + " -> ".join([*trail, module]))
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


# Opening, writing, renaming, deleting or stat-ing a file.
_FILE_CALLS = re.compile(
    r"\.(read_bytes|write_bytes|read_text|write_text|unlink|rename|replace|stat|exists|"
    r"is_file|is_dir|mkdir|iterdir|glob|rglob)\(|\bopen\(|os\.(link|unlink|remove|rename|"
    r"replace|scandir|fsync|chmod|open)\("
)
# Files that are not the journal's: settings and the prompt library, read where they are loaded.
# Settings, and data shipped inside ticli (the prompt library, the name lists).
_NOT_JOURNAL_FILES = {"config.py", "prompts/library.py", "analysis/privacy/words.py"}


@pytest.mark.parametrize(
    "path",
    [p for p in FILES if "store" not in p.relative_to(SRC).parts],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_only_the_store_touches_files(path: Path) -> None:
    relative = path.relative_to(SRC).as_posix()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code = line.split("#", 1)[0]
        if _FILE_CALLS.search(code) and relative not in _NOT_JOURNAL_FILES:
            if ".replace(" in code and "os.replace" not in code:
                continue  # str.replace and dataclasses.replace
            raise AssertionError(f"{relative}:{number} touches a file: {line.strip()}")


@pytest.mark.parametrize(
    "line",
    ["data = path.read_bytes()", "os.replace(a, b)", "with open(p) as f:", "path.unlink()"],
)
def test_the_file_check_sees_file_calls(line: str) -> None:
    assert _FILE_CALLS.search(line)
