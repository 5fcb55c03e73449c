"""The package's shape, as docs/architecture.md describes it: no import cycle (not even one
behind TYPE_CHECKING), the rooms below the engine never reach up to it, the backends or the
command line, click only in cli.py, and no module past 350 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "sheets_sync"
CORE_ROOMS = ("inputs", "scoring", "matching", "plans", "outputs", "words")
ABOVE_THE_CORE = ("sheets_sync.engine", "sheets_sync.app", "sheets_sync.cli",
                  "sheets_sync.backends", "sheets_sync.ops")


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(("sheets_sync", *path.relative_to(PACKAGE).with_suffix("").parts))
        found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Every project module a file imports, wherever the import stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sheets_sync"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sheets_sync")}
    return found


GRAPH = {name: imports(path, modules()) for name, path in modules().items()}


def test_there_is_no_import_cycle():
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH.get(name, ())):
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target in GRAPH and target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("room", CORE_ROOMS)
def test_the_core_never_reaches_up(room):
    for name, targets in GRAPH.items():
        if name.startswith(f"sheets_sync.{room}"):
            up = {t for t in targets if t.startswith(ABOVE_THE_CORE)}
            assert not up, f"{name} imports {up}"


def test_only_the_command_line_imports_click():
    for name, path in modules().items():
        tree = ast.parse(path.read_text())
        uses = any(isinstance(n, ast.Import | ast.ImportFrom) and "click" in (
            [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module or ""])
            for n in ast.walk(tree))
        assert not uses or name == "sheets_sync.cli", name


MOST_LINES = 350


def test_no_module_is_longer_than_the_limit():
    # A module past the limit holds more than one concept: split it, don't raise the limit.
    lengths = {name: len(path.read_text().splitlines()) for name, path in modules().items()}
    long = sorted(f"{name} ({count} lines)" for name, count in lengths.items()
                  if count > MOST_LINES)
    assert not long, f"modules over {MOST_LINES} lines: " + ", ".join(long)
