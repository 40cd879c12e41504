"""No import cycle in ``model/`` (issue #17 item 4), counted as ``bench/import_cycles.py`` counts
them: grimp's import graph of the package (imports inside functions included, ``TYPE_CHECKING``
blocks left out), strongly connected components of more than one module.

Before issue #17: 2 module cycles (26 modules: checks/library/peak_year/pipeline/views, and lp's
data/kinds/solve/diagnose with 21 others) and 2 cycles between first-level parts
(accounting <-> inventory; the pipeline's). After: 0 module cycles and 0 cycles between parts:
the per-unit methods the ledger read from the inventory (per-head livestock, rice per ha, heavy
metals, GWP, first-order decay, the pack's inputs) moved to ``model/accounting/`` and the
services reader to ``model/services.py``, so the inventory imports the accounting and never the
reverse.
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


def test_no_part_cycle(counter):
    # was: parts in ([], [["model.accounting", "model.inventory"]]); that cycle is gone (issue
    # #17 item 4: the factor library's methods moved to model/accounting/)
    _, parts = counter.cycles()
    assert parts == [], "import cycles between parts of model/:\n" + "\n".join(
        map(", ".join, parts))


def test_the_counter_finds_a_cycle(counter):
    """The strongly-connected-component count on a graph with a known answer."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}, "f": set()}
    assert counter.components(set(edges), edges) == [["a", "b", "c"], ["d", "e"]]
    nodes, out = counter.collapse({"m.x.a", "m.x.b", "m.y.c"},
                                  {"m.x.a": {"m.y.c"}, "m.x.b": set(), "m.y.c": {"m.x.b"}})
    assert counter.components(nodes, out) == [["m.x", "m.y"]]
