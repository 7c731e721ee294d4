"""The layout keeps its shape (docs/adr/0008-layers.md): no import cycles, small modules and functions, and no
file named with another module's prefix. The layer contract itself is checked by `lint-imports` (make check)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("marac", "cases", "ppmt", "actions", "governance", "web", "devdata")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _python_files(*roots: str) -> Iterator[Path]:
    for root in roots:
        for path in sorted((ROOT / root).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, directly or not."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles_between_modules() -> None:
    built = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    graph: dict[str, set[str]] = {}
    for module in built.modules:
        targets = built.find_modules_directly_imported_by(module)
        # A package's __init__ importing its own submodules is how a package exposes them, not a cycle.
        graph[module] = {t for t in targets if not t.startswith(module + ".")}
    assert _strongly_connected(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("path", list(_python_files(*PACKAGES, "bench", "tests")), ids=str)
def test_modules_are_small(path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it"


def test_functions_are_short() -> None:
    long = []
    for path in _python_files(*PACKAGES, "bench"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - start + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert long == []


def test_no_file_is_named_with_another_modules_prefix() -> None:
    """`meeting_views.py` beside `meetings/`, or `forms_language.py` beside `forms.py`: a context belongs in a
    subpackage, not in a name prefix."""
    prefixed = []
    for path in _python_files(*PACKAGES):
        stem = path.stem
        if "_" not in stem.strip("_"):
            continue
        prefix = stem.split("_", 1)[0]
        siblings = {p.stem for p in path.parent.glob("*.py")} | {p.name for p in path.parent.iterdir() if p.is_dir()}
        if {prefix, prefix + "s"} & (siblings - {stem}):
            prefixed.append(str(path.relative_to(ROOT)))
    assert prefixed == []
