"""The import graph of ``accreditation/`` and ``workflows/``, read with ``ast`` (nothing is imported).

Every import counts, wherever it is written: at the top of a module or inside a function. Imports under
``if TYPE_CHECKING:`` never run: ``graph(runtime_only=True)`` leaves them out (the mapped models name each other in
their annotations), the layers count them.
An import of ``package.module`` (``from package import module`` included) is an edge to that module; importing a
name from a module is an edge to the module that defines it. A package's ``__init__`` executed on the way to one of
its modules is not an edge.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("accreditation", "workflows")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The module an ``ImportFrom`` reads from, relative imports resolved."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _submodule_or(source: str, name: str, known: set[str]) -> str:
    """``from source import name``: the module ``source.name`` when there is one, else ``source``."""
    return f"{source}.{name}" if f"{source}.{name}" in known else source


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes inside ``if TYPE_CHECKING:`` blocks."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}:
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def imported(
    tree: ast.AST, importer: str, is_package: bool, known: Iterable[str], runtime_only: bool = False
) -> Iterator[str]:
    """The modules of the packages that ``tree`` imports (``runtime_only``: not those under TYPE_CHECKING)."""
    known = set(known)
    skipped = _type_checking_only(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, importer, is_package)
            targets = [_submodule_or(source, alias.name, known) for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # ``import a.b.c`` of a name: its nearest module
                target = target.rpartition(".")[0]
            if target and target != importer:
                yield target


def graph(runtime_only: bool = False) -> dict[str, set[str]]:
    """Each module and the modules it imports (``runtime_only``: not under TYPE_CHECKING)."""
    found = modules()
    return {
        name: set(
            imported(ast.parse(path.read_text(), str(path)), name, path.name == "__init__.py", found, runtime_only)
        )
        for name, path in found.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found
