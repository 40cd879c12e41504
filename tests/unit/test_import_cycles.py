"""No import cycle in ``model/`` (issue #17 item 4), counted as ``bench/import_cycles.py`` counts
them: grimp's import graph of the package (imports inside functions included, ``TYPE_CHECKING``
blocks left out), strongly connected components of more than one module.

Before issue #17: 2 module cycles (26 modules: checks/library/peak_year/pipeline/views, and lp's
data/kinds/solve/diagnose with 21 others) and 2 cycles between first-level parts
(accounting <-> inventory; the pipeline's). After: 0 module cycles; between parts one is left,
accounting <-> inventory (the ledger reads the inventory's per-head, heavy-metal, service and
landfill methods), pinned here so that it can only shrink.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def counter():
    pytest.importorskip("grimp")
    spec = importlib.util.spec_from_file_location("import_cycles",
                                                  ROOT / "bench" / "import_cycles.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["import_cycles"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_no_module_cycle(counter):
    modules, _ = counter.cycles()
    assert modules == [], "import cycles in model/:\n" + "\n".join(map(", ".join, modules))


def test_part_cycles_only_the_known_one(counter):
    _, parts = counter.cycles()
    assert parts in ([], [["model.accounting", "model.inventory"]]), parts


def test_the_counter_finds_a_cycle(counter):
    """The strongly-connected-component count on a graph with a known answer."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}, "f": set()}
    assert counter.components(set(edges), edges) == [["a", "b", "c"], ["d", "e"]]
    nodes, out = counter.collapse({"m.x.a", "m.x.b", "m.y.c"},
                                  {"m.x.a": {"m.y.c"}, "m.x.b": set(), "m.y.c": {"m.x.b"}})
    assert counter.components(nodes, out) == [["m.x", "m.y"]]
