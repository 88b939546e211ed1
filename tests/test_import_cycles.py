"""No import cycle among licscan's modules, counting imports hidden inside functions.

A function-level import that closes a loop (a imports b at the top, b imports a inside a
function) is still a cycle: it only moves the failure from import time to run time and hides
which layer depends on which. Each module is also imported, so a broken import fails here.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import licscan

PACKAGE_ROOT = Path(licscan.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_ROOT.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """Every licscan module NAME imports, anywhere in the file (top level or inside a function).
    ``from .pkg import thing`` counts as importing pkg.thing when that is a module, else pkg."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in known else origin for alias in node.names]
        else:
            continue
        for target in targets:
            # the deepest licscan module the dotted name names
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the graph as a path [a, b, ..., a], or None. Iterative depth-first search."""
    state: dict[str, int] = {}   # 1 on the current path, 2 finished
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(following) == 1:
                return path[path.index(following):] + [following]
            if not state.get(following):
                state[following] = 1
                path.append(following)
                stack.append(iter(sorted(graph.get(following, ()))))
    return None


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    known = set(modules)
    graph = {name: imported_modules(name, path, known) for name, path in modules.items()}
    # A package's __init__ runs before any of its submodules: importing licscan.x.y imports licscan.x.
    # That edge is not a design dependency and is left out; only explicit imports count.
    return graph


def test_every_module_imports():
    for name in all_modules():
        if name != "licscan.__main__":   # runs the CLI on import
            importlib.import_module(name)


def test_no_import_cycle_among_licscan_modules():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_hidden_cycle():
    """The walk sees a function-level import: a two-module loop written that way is reported."""
    tree = ast.parse("def run():\n    from .cli import EXIT_OK\n")
    assert any(isinstance(n, ast.ImportFrom) and n.module == "cli" for n in ast.walk(tree))
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_graph_records_function_level_imports():
    graph = import_graph()
    # pipeline imports sources.hub only inside Scanner.hub(), to keep huggingface_hub off the import path
    assert "licscan.sources.hub" in graph["licscan.pipeline"]
