"""A target kind owns its metadata (issue #17): nothing outside ``model/lp/kinds/`` asks for a
kind by its name.

The scan reads every module of ``model/`` but ``model/lp/kinds/`` with :mod:`ast` and flags

* a comparison (``==``, ``!=``, ``in``, ``not in``, ``is``) between a registered kind's name as a
  string literal (alone or inside a tuple, list or set literal) and an expression whose source
  mentions ``kind`` (``t["kind"] == "peak"``, ``kind in ("cap", "intensity")``,
  ``row.get("kind") != "concentration"``);
* a ``match`` case on a kind's name;
* a dict literal keyed by two or more kinds' names (a table of kinds kept outside them), and a
  tuple, list or set literal of two or more kinds' names (a list of kinds to compare with later).

The modules read instead the kind's attributes (:class:`model.lp.kinds.base.TargetKind`:
labels, value type, row family, service, peak year, credit, counts, requirement, MAC axis).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from model.lp import kinds

ROOT = Path(__file__).resolve().parents[2] / "model"


def _names_in(node: ast.AST) -> set[str]:
    """Kind names a node holds as string literals (itself or the items of a literal sequence)."""
    names = set(kinds.KINDS)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value} & names
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return {e.value for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)} & names
    return set()


def switches(path: Path, root: Path = ROOT.parent) -> list[str]:
    """``file:line: [names]`` of every place in ``path`` that switches on a kind's name (file
    named relative to ``root``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    compared = {id(o) for n in ast.walk(tree) if isinstance(n, ast.Compare)
                for o in (n.left, *n.comparators)}
    for node in ast.walk(tree):
        hit: set[str] = set()
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for i, op in enumerate(operands):
                found = _names_in(op)
                others = [ast.unparse(o) for j, o in enumerate(operands) if j != i]
                if found and any("kind" in o.lower() for o in others):
                    hit |= found
        elif isinstance(node, ast.match_case):
            for p in ast.walk(node.pattern):
                if isinstance(p, ast.MatchValue):
                    hit |= _names_in(p.value)
        elif isinstance(node, ast.Dict):
            keyed = set().union(*(_names_in(k) for k in node.keys if k is not None))
            if len(keyed) >= 2:
                hit |= keyed
        elif isinstance(node, ast.Tuple | ast.List | ast.Set) and len(_names_in(node)) >= 2 \
                and id(node) not in compared:
            hit |= _names_in(node)
        if hit:
            line = node.pattern.lineno if isinstance(node, ast.match_case) else node.lineno
            out.append(f"{path.relative_to(root)}:{line}: {sorted(hit)}")
    return out


def _modules():
    kinds_dir = ROOT / "lp" / "kinds"
    return [p for p in sorted(ROOT.rglob("*.py")) if kinds_dir not in p.parents]


def test_no_module_outside_kinds_switches_on_a_kind_name():
    found = [s for p in _modules() for s in switches(p)]
    assert not found, "switch on a target kind's name outside model/lp/kinds (read an " \
        "attribute of the kind instead):\n" + "\n".join(found)


@pytest.mark.parametrize("source, n", [
    ('if t["kind"] == "peak": pass', 1),
    ('x = row.get("kind") != "concentration"', 1),
    ('fractions = ("intensity", "peak")\nif t.kind in ("intensity", "service_level"): pass', 2),
    ('m = targets["kind"].isin(["cap", "load_reduction"]) | (kind == "cap")', 2),
    ('match kind:\n    case "cap":\n        pass', 1),
    ('LABELS = {"cap": 1, "intensity": 2}', 1),
    # not a switch: another "kind" (distributions, ledger rows) or one header named like a kind
    ('if dist.kind == "normal": pass', 0),
    ('HEADERS = {"peak": "达峰 Peak", "output": "输出"}', 0),
    ('if name == "peak": pass', 0),
])
def test_the_scan_finds_what_it_should(tmp_path, source, n):
    """The scan itself can fail: each known form of a switch is caught, the look-alikes not."""
    p = tmp_path / "probe.py"
    p.write_text(source, encoding="utf-8")
    assert len(switches(p, tmp_path)) == n, switches(p, tmp_path)


def test_the_scan_finds_the_switches_of_before(tmp_path):
    """Forms the modules had before issue #17: report/tables.py's table of kind labels (line
    2), report/mac.py's requirement by kind (5, 7), sensitivity/declare.py's tuple of
    fraction kinds (9, caught where it is written) and a tuple compared inline (13)."""
    src = """
KIND_LABELS = {"load_reduction": ("a", "b"), "intensity": ("c", "d")}
def requirement(ix, target):
    kind = target["kind"]
    if kind == "load_reduction":
        return 1.0
    if kind == "cap":
        return 2.0
fractions = ("intensity", "service_level", "reduction_vs_base", "peak")
def declare(t):
    if t.kind in fractions:
        pass
    if t.kind in ("intensity", "service_level"):
        pass
"""
    q = tmp_path / "before.py"
    q.write_text(src, encoding="utf-8")
    found = switches(q, tmp_path)
    assert sorted(int(s.split(":")[1]) for s in found) == [2, 5, 7, 9, 13], found
