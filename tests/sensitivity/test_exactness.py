"""The fast paths against the exact ones: numpy upstream arrays equal derive(); the compiled
LP changed in place gives the optimum and duals of a fresh compile."""

from __future__ import annotations

import numpy as np
import pytest

from model.sensitivity.evaluate import Evaluator

FIELDS = ("gdp", "baseline", "potential", "floor", "pool_capacity", "effect", "energy_added",
          "energy_avoided", "capital", "om", "purchase")



def _assert_same(ix, ref, rtol: float, atol: float, note: str = "") -> None:
    """Every array of FIELDS of the fast path equals derive()'s within the tolerances."""
    for f in FIELDS:
        np.testing.assert_allclose(getattr(ix, f), getattr(ref, f), rtol=rtol, atol=atol,
                                   err_msg=f + note)

def _samples(ev, n, seed):
    rng = np.random.default_rng(seed)
    u = rng.uniform(size=(n, len(ev.pset.params)))
    vals = ev.pset.values(u)
    return [dict(zip(ev.pset.names, row, strict=True)) for row in vals]


def test_fast_arrays_equal_exact_derive(scenario):
    ev = Evaluator(scenario)
    for values in _samples(ev, 6, 1):
        ix, _, path = ev.indexed(values)
        assert path == "fast"
        ref = ev.exact_indexed(values)
        _assert_same(ix, ref, rtol=1e-10, atol=1e-9)
        assert ix.discount_rate == pytest.approx(ref.discount_rate)
        np.testing.assert_allclose(ix.targets["value"], ref.targets["value"])


def test_resolve_equals_rebuild_optimum_and_duals(scenario):
    """For random samples: the lean in-place update solved from the central basis gives the
    objective and every row dual of a fresh compile_lp of the exact arrays."""
    from model.lp import compile_lp

    ev = Evaluator(scenario)
    for values in _samples(ev, 6, 2):
        ix, changed, _ = ev.indexed(values)
        ev.lean.load(ix, changed)
        assert ev.compiled.model.run() == "optimal"
        obj = ev.compiled.model.objective()
        _, _, dual = ev.compiled.model.values()
        scale = ev.compiled.model.lp.row_scale
        fresh = compile_lp(ev.prep.data)
        fresh.update(ev.exact_indexed(values))
        assert fresh.model.run() == "optimal"
        _, _, dual_f = fresh.model.values()
        assert obj == pytest.approx(fresh.model.objective(), rel=1e-9)
        np.testing.assert_allclose(dual * scale, dual_f * fresh.lp.row_scale, rtol=1e-7,
                                   atol=1e-6)


def test_ankang_upstream_matches_derive():
    """Shipped scenario: elasticities, growth, a raw-coal factor and a vehicle elasticity move
    the splits of measures over their source rows (activity_mix over fuels and electricity,
    vehicles over standards): the probed numpy effects equal derive()'s."""
    from tests.sensitivity.conftest import ROOT

    ev = Evaluator(ROOT / "scenarios" / "ankang_2025.yaml")  # its own uncertainty: block
    for values in _samples(ev, 3, 5):
        ix, _, p = ev.indexed(values)
        ref = ev.exact_indexed(values)
        _assert_same(ix, ref, rtol=1e-9, atol=1e-7, note=f" ({p})")


def test_several_model_years(tmp_path):
    """Three model years: the numpy path still equals derive() (shares interpolated between
    the catalogue's years, growth compounded), the re-solve equals a fresh compile, and the
    peak year is an output."""
    from model.lp import compile_lp
    from tests.sensitivity.conftest import write_scenario

    sc = write_scenario(tmp_path, replace={"years: [2025]": "years: [2022, 2023, 2025]"})
    ev = Evaluator(sc)
    assert ev.central["peak_year"] in (2020, 2022, 2023, 2025)
    assert {"co2.2022", "co2.2023", "co2.2025"} <= set(ev.central)
    for values in _samples(ev, 4, 9):
        ix, _, path = ev.indexed(values)
        assert path == "fast"
        ref = ev.exact_indexed(values)
        _assert_same(ix, ref, rtol=1e-10, atol=1e-9)
        out = ev.evaluate(values)
        fresh = compile_lp(ev.prep.data)
        fresh.update(ref)
        assert fresh.model.run() == "optimal"
        assert out["cost_pv"] == pytest.approx(fresh.model.objective(), rel=1e-9)


def test_pathway_upstream_matches_derive_where_services_are_capped():
    """plan-2025 (2021-2035, the shipped uncertainty block): at this sample the central city's
    held sewage service exceeds its shrinking total from 2030, so derive() caps it
    (model.projection.activity.cap_services); the numpy path must cap it too (it once did not,
    and a quarter of a Morris run on the pathway ended as 'floors exceed pools')."""
    from tests.sensitivity.conftest import ROOT

    ev = Evaluator(ROOT / "scenarios" / "plan-2025.yaml")
    vals = {"fuel_elasticity": 0.4826, "electricity_elasticity": 1.0551,
            "vehicle_elasticity": 0.6, "process_elasticity": 0.4, "growth_2023": 5.667,
            "growth_2025": 4.0, "discount_rate": 0.0933, "raw_coal": 0.6,
            "boiler_capital": 333.3, "taxi_capital": 30000.0, "boiler_potential": 0.2,
            # issue #12 added these to the shipped uncertainty block: held at their central values
            "consumption_2020": 1.0, "generation_2020": 1.0, "efficiency_capital": 2500.0}
    ix, _, path = ev.indexed(vals)
    assert path == "fast"
    ref = ev.exact_indexed(vals)
    _assert_same(ix, ref, rtol=1e-9, atol=1e-7)
