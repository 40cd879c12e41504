"""Cost against a no-target reference, incremental cost per target, co-benefits and the measure at
the margin (issue #12 item 5, model/attribution.py), worked by hand on the pathway of
tests/lp/fixtures.py::pathway (r = 5 %; W25 = Σ_{k=5..9} 1.05^-k, W30 = 1.05^-10; the plan is
worked in tests/lp/test_pathway.py: septic s25 = s30 = 200, sew w30 = 160, cost 2000·W25 +
5200·W30).

* Reference (no targets): nothing is worth building (every cost is positive): 0 CNY.
* Without sewage40: only the 2030 COD cap, met by the cheaper per t COD, sew (400 CNY/t):
  w30 = 200, cost 4000·W30. Incremental cost of sewage40 = 2000·W25 + 1200·W30; it gains 200
  households = 200/15 pp in 2025, i.e. (10·W25 + 6·W30)/df25 · 15 = 752.40993 CNY/pp: its
  dual, one basis holding over the whole range.
* Without codcap: s25 = s30 = 200 (capacity stays), cost 2000·(W25 + W30). Incremental cost
  3200·W30; it gains 10 − 2 = 8 t in 2030: 3200·W30/8/df30 = 400 CNY/t, its dual.
* Interaction: (2000·W25 + 5200·W30) − (2000·W25 + 1200·W30) − 3200·W30 = 800·W30 (the septic
  tanks the service target buys cut 2 t of the COD cap's 10 t).
* Co-benefits of sewage40: Δx = septic +200 (2025 and 2030), sew −40 (2030); toward codcap the
  septic tanks deliver 0.01 · 200 = 2 t (20 % of its 10 t), the net change of the cap row is 0
  (it binds either way). codcap adds sew in 2030 only, which does nothing for a 2025 row.
* Septic, at the margin of sewage40, serves sewage40 (2025) and codcap (2030).
"""

from __future__ import annotations

import pytest

from model.attribution import attribute
from model.lp import compile_lp
from model.prices import add_price_columns
from model.results import targets_table
from tests.lp.fixtures import measures, pathway

DF25, DF30 = 1.05 ** -5, 1.05 ** -10
W25, W30 = sum(1.05 ** -k for k in range(5, 10)), DF30


def _attributed(data):
    c = compile_lp(data)
    sol = c.solve()
    t = add_price_columns(targets_table(sol, c.ix, c.lp), c.ix, {})
    return c, sol, attribute(c, sol, t, main_seconds=1.0)


def test_reference_incremental_costs_and_co_benefits_by_hand():
    c, sol, att = _attributed(pathway())
    s = att.summary
    assert s["pv_cost_cny"] == pytest.approx(2000 * W25 + 5200 * W30, rel=1e-9)
    assert s["reference_pv_cost_cny"] == pytest.approx(0.0, abs=1e-6)
    assert s["plan_cost_vs_reference_cny"] == pytest.approx(2000 * W25 + 5200 * W30, rel=1e-9)
    inc = s["incremental_pv_cost_cny"]
    assert inc["sewage40"] == pytest.approx(2000 * W25 + 1200 * W30, rel=1e-9)
    assert inc["codcap"] == pytest.approx(3200 * W30, rel=1e-9)
    assert s["interaction_cny"] == pytest.approx(800 * W30, rel=1e-7)
    t = att.table.set_index("target")
    assert t.loc["sewage40", "average_cost"] == pytest.approx(752.40993, rel=1e-7)
    assert t.loc["codcap", "average_cost"] == pytest.approx(400.0, rel=1e-9)
    # each average lies between the price where the target stops binding (0) and its dual
    for tid in ("sewage40", "codcap"):
        assert 0 <= t.loc[tid, "average_cost"] <= t.loc[tid, "shadow_price"] * (1 + 1e-9)
    assert t.loc["(plan - reference)", "incremental_pv_cost_cny"] == pytest.approx(
        2000 * W25 + 5200 * W30, rel=1e-9)
    co = att.co_benefits.set_index(["target", "other_target"])
    assert co.loc[("sewage40", "codcap"), "delivered"] == pytest.approx(2.0, abs=1e-9)
    assert co.loc[("sewage40", "codcap"), "net_change"] == pytest.approx(0.0, abs=1e-9)
    assert co.loc[("sewage40", "codcap"), "share_of_requirement"] == pytest.approx(0.2, rel=1e-9)
    assert co.loc[("sewage40", "codcap"), "unit"] == "t"  # the cap row's unit
    assert ("codcap", "sewage40") not in co.index
    assert t.loc["sewage40", "marginal_measure"] == "2025: septic"
    assert t.loc["sewage40", "measure_serves"] == "septic (2025) serves codcap 2030, sewage40 2025"
    # the compiled model is restored: the same optimum as before the attribution
    assert c.solve().objective == pytest.approx(sol.objective, rel=1e-12)
    assert att.solves == 3 and att.summary["ratio_to_main_solve"] >= 0


def test_the_reference_run_carries_the_no_regret_part():
    """Septic at −2 CNY per household per yr pays for itself: with no target it is built to the
    pool's 700 households in both years, −1400 CNY a year: reference = −1400·(W25 + W30). The
    plan keeps it (the service target is then slack) and adds sew for the 3 t COD septic leaves:
    60 households at 20 CNY in 2030. Plan − reference = 1200·W30, all of it the COD cap's."""
    data = pathway(measures=measures([("septic", "rural_sewage", "household", -2.0),
                                      ("sew", "rural_sewage", "household", 20.0)]))
    _, _, att = _attributed(data)
    s = att.summary
    assert s["reference_pv_cost_cny"] == pytest.approx(-1400 * (W25 + W30), rel=1e-9)
    assert s["pv_cost_cny"] == pytest.approx(-1400 * (W25 + W30) + 1200 * W30, rel=1e-9)
    assert s["plan_cost_vs_reference_cny"] == pytest.approx(1200 * W30, rel=1e-9)
    assert s["incremental_pv_cost_cny"]["codcap"] == pytest.approx(1200 * W30, rel=1e-9)
    assert s["incremental_pv_cost_cny"]["sewage40"] == 0.0
    t = att.table.set_index("target")
    assert t.loc["sewage40", "status"] == "slack"
    assert t.loc["codcap", "share_of_plan_cost"] == pytest.approx(1.0, rel=1e-9)


def test_a_rows_unit_follows_its_kind():
    """The unit of what a target's row counts: a concentration row in ug/m3 (its coefficients
    are the source-receptor layer's; the terminal said '0.4082 t' for a PM2.5 target row), a
    service level in units served, else the quantity's unit."""
    from types import SimpleNamespace

    from model.attribution import _row_unit

    ix = SimpleNamespace(quantities=["PM2.5", "CO2", "households:total"])
    assert _row_unit(ix, {"quantity": "PM2.5", "kind": "concentration"}) == "ug/m3"
    assert _row_unit(ix, {"quantity": "CO2", "kind": "intensity"}) == "t CO2"
    assert _row_unit(ix, {"quantity": "energy", "kind": "intensity"}) == "tce"
    assert _row_unit(ix, {"quantity": "NOx", "kind": "load_reduction"}) == "t"
    assert _row_unit(ix, {"quantity": "households", "kind": "service_level"}) == \
        "units of households"
