"""Import cycles in ``model/``: strongly connected components of the module import graph.

The graph is grimp's (https://github.com/seddonym/grimp): every ``import`` statement of every
module of the package, those inside functions included (``TYPE_CHECKING`` blocks left out, as
they never run). A cycle is a strongly connected component with more than one module. Also
printed: the cycles between the first-level parts of ``model`` (``model.inventory`` with
``model.accounting``, ...), each part collapsed to one node.

Run from the repository root::

    .venv/bin/python bench/import_cycles.py          # counts and the members of each cycle
    .venv/bin/python bench/import_cycles.py --quiet  # counts only

Exit status 0 when there is no cycle, 1 otherwise.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import grimp


def components(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan 1972, SIAM J. Comput.
    1(2):146-160, doi:10.1137/0201010), iterative; each sorted, the list sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return sorted(out)


def graph(package: str = "model") -> tuple[set[str], dict[str, set[str]]]:
    """(modules, imports): every module of ``package`` and the modules of ``package`` each one
    imports (grimp, inside functions included, ``TYPE_CHECKING`` imports excluded)."""
    g = grimp.build_graph(package, exclude_type_checking_imports=True, cache_dir=None)
    nodes = set(g.modules)
    edges = {m: set(g.find_modules_directly_imported_by(m)) & nodes for m in nodes}
    return nodes, edges


def collapse(nodes: set[str], edges: dict[str, set[str]], depth: int = 2
             ) -> tuple[set[str], dict[str, set[str]]]:
    """The graph with every module cut to its first ``depth`` name parts (model.inventory.core
    -> model.inventory); self-loops dropped."""
    def cut(m: str) -> str:
        return ".".join(m.split(".")[:depth])
    parts = {cut(m) for m in nodes}
    out: dict[str, set[str]] = {p: set() for p in parts}
    for m, targets in edges.items():
        for t in targets:
            if cut(t) != cut(m):
                out[cut(m)].add(cut(t))
    return parts, out


def cycles(package: str = "model") -> tuple[list[list[str]], list[list[str]]]:
    """(module cycles, first-level part cycles) of ``package``."""
    nodes, edges = graph(package)
    return components(nodes, edges), components(*collapse(nodes, edges))


def imports_in_functions(root: Path = Path("model")) -> tuple[int, int]:
    """(all, of the project): import statements inside a function body under ``root``."""
    n_all = n_own = 0
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        seen: set[int] = set()
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in seen:
                    seen.add(id(node))
                    n_all += 1
                    names = [node.module or ""] if isinstance(node, ast.ImportFrom) \
                        else [a.name for a in node.names]
                    n_own += any(n == "model" or n.startswith("model.") for n in names) \
                        or (isinstance(node, ast.ImportFrom) and node.level > 0)
    return n_all, n_own


def main(argv: list[str]) -> int:
    mods, parts = cycles()
    n_all, n_own = imports_in_functions()
    print(f"imports inside functions: {n_all} ({n_own} of model)")
    print(f"module cycles: {len(mods)} ({sum(map(len, mods))} modules)")
    print(f"first-level part cycles: {len(parts)}")
    if "--quiet" not in argv:
        for c in mods:
            print("  module cycle:", ", ".join(c))
        for c in parts:
            print("  part cycle:", ", ".join(c))
    return 0 if not mods and not parts else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
