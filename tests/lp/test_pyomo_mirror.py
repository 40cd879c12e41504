"""The Pyomo declaration of the LP (model.lp.pyomo_model) solves to the same optimum as the
array path: both are built from the same arrays, and Pyomo's own HiGHS interface (appsi) reads
the Pyomo model independently of our highspy code."""

from __future__ import annotations

import pytest

from model.lp import compile_lp
from model.lp.pyomo_model import pyomo_model, solve_pyomo
from tests.lp.fixtures import hand_lp, pathway


@pytest.mark.parametrize("fixture", [hand_lp, pathway])
def test_pyomo_and_arrays_agree(fixture):
    compiled = compile_lp(fixture())
    sol = compiled.solve()
    assert solve_pyomo(compiled.lp, compiled.ix) == pytest.approx(sol.objective, rel=1e-9)


def test_pyomo_components_are_named_by_family():
    compiled = compile_lp(pathway())
    m = pyomo_model(compiled.lp, compiled.ix)
    assert ("septic", "hanbin", 2030) in m.x
    assert m.vintage["septic", "hanbin", 2030].upper == 0.0
    assert m.cap_row["codcap"].lower == pytest.approx(10.0)
    assert m.pool_row["unserved", "ziyang", 2025].upper == pytest.approx(400.0)
