"""Hand-solvable LPs: optimum, duals, ranging, infeasibility diagnosis, re-solve after update.

The fixture (tests/lp/fixtures.py::hand_lp), one region, one year 2025, base 2020, r = 5 %:

    min  df·(10 a + 30 b)         df = 1.05^-5 = 0.7835262
    s.t. a + 2 b   >= 150          NOx load reduction (t)
         2 a + 10 b >= 300         CO2 intensity -40 %: 1200 - 0.6·(1000/1e6)·1.5e6 = 300 t CO2
         0 <= a <= 100, 0 <= b <= 50

By hand: a costs 10 CNY per t NOx, b 15 CNY per t NOx, so a goes to its potential 100 and b
covers the rest of NOx: b = (150 - 100)/2 = 25. CO2 reduction 2·100 + 10·25 = 450 >= 300 (slack).
Cost 10·100 + 30·25 = 1750 CNY/yr; objective 1750·df = 1371.1708.
Shadow price of NOx = 30/2 = 15 CNY/t (b is the marginal measure); of CO2 = 0.
Reduced cost of a = 10 - 15·1 = -5 CNY per unit (at its upper bound).
NOx range: b basic in [0, 50] -> rhs in [100, 200], and CO2 stays met while 200 + 10 b >= 300,
b >= 10 -> rhs >= 120. So [120, 200] t.
CO2 intensity achieved: 1 - (1200 - 450)/1500 = 0.5; range of its zero price: (-inf, 0.5].
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from model.lp import compile_lp, solve
from tests.lp.fixtures import frame, hand_lp, targets

DF = 1.05 ** -5


def test_hand_optimum_duals_and_ranging():
    data = hand_lp()
    sol = solve(data)
    assert sol.status == "optimal"
    lv = sol.levels.set_index("measure")["level"]
    assert lv["a"] == pytest.approx(100.0, abs=1e-6)
    assert lv["b"] == pytest.approx(25.0, abs=1e-6)
    assert sol.cost_by_year[2025] == pytest.approx(1750.0, rel=1e-9)
    assert sol.objective == pytest.approx(1750.0 * DF, rel=1e-9)
    t = sol.targets.set_index("target")
    assert t.loc["nox", "shadow_price"] == pytest.approx(15.0, rel=1e-9)  # undiscounted CNY/t
    assert t.loc["nox", "dual"] == pytest.approx(15.0 * DF, rel=1e-9)  # raw, discounted
    assert t.loc["nox", "shadow_price_unit"] == "CNY/t"
    assert t.loc["nox", "status"] == "binding"
    assert (t.loc["nox", "range_low"], t.loc["nox", "range_high"]) == pytest.approx((120, 200))
    assert t.loc["co2i", "shadow_price"] == 0.0
    assert t.loc["co2i", "status"] == "slack"
    assert t.loc["co2i", "achieved"] == pytest.approx(0.5, abs=1e-9)
    assert t.loc["co2i", "range_low"] == -math.inf
    assert t.loc["co2i", "range_high"] == pytest.approx(0.5, abs=1e-9)
    rc = sol.reduced_costs.set_index("measure")["reduced_cost"]
    assert rc["a"] == pytest.approx(-5.0, abs=1e-9)
    assert rc["b"] == pytest.approx(0.0, abs=1e-9)


def test_intensity_binding_shadow_price():
    """Intensity -60 %: allowed 0.4·1500 = 600 t, rhs = 1200 - 600 = 600 t CO2.

    min 10a + 30b, a + 2b >= 150, 2a + 10b >= 600, a <= 100, b <= 50.
    b = 50 (its potential) needs a >= 150 - 100 = 50 and a >= (600 - 500)/2 = 50 -> (50, 50),
    cost 2000. Moving one unit from b to a needs +2 a (NOx) and +5 a (CO2): +50 - 30 > 0,
    so (50, 50) is the unique optimum. The vertex is degenerate (three active constraints
    in two variables), so duals are not unique and are not asserted here; see the next test.
    """
    data = hand_lp(targets=targets([("nox", "load_reduction", "NOx", 2025, 150.0, "t"),
                                    ("co2i", "intensity", "CO2", 2025, 0.6, "fraction")]))
    sol = solve(data)
    lv = sol.levels.set_index("measure")["level"]
    assert (lv["a"], lv["b"]) == pytest.approx((50.0, 50.0), abs=1e-6)
    assert sol.cost_by_year[2025] == pytest.approx(2000.0, rel=1e-9)
    t = sol.targets.set_index("target")
    assert t.loc["co2i", "achieved"] == pytest.approx(0.6, abs=1e-9)
    assert t.loc["co2i", "shadow_price_unit"] == "CNY/t CO2"


def test_intensity_nondegenerate_dual():
    """Raise b's potential to 100 and require -60 % (rhs 600 t CO2), NOx 150 t.

    Both rows binding: a = 150 - 2b, 2(150 - 2b) + 10 b = 600 -> b = 50, a = 50, now strictly
    inside both bounds (a < 100, b < 100), so the basis {a, b} is non-degenerate and
    u + 2w = 10, 2u + 10w = 30 -> w = 5/3 CNY/t CO2, u = 20/3 CNY/t NOx.
    Cost 10·50 + 30·50 = 2000 = 150·u + 600·w = 1000 + 1000. (check)
    CO2 range (NOx row stays binding): a = 150 - 2b, b = (rhs - 300)/6. Keep the basis feasible:
    b >= 0 -> rhs >= 300; a >= 0 -> b <= 75 -> rhs <= 750; a <= 100 -> b >= 25 -> rhs >= 450;
    b <= 100 holds. So rhs in [450, 750] t CO2; in target units v = 1 - (1200 - rhs)/1500:
    [0.5, 0.7]. NOx range (CO2 binding at 600): b = (600 - 2·rhs)/6... from a + 2b = n,
    2a + 10b = 600 -> b = (600 - 2n)/6, a = n - 2b; b >= 0 -> n <= 300; a <= 100 ->
    n - (600 - 2n)/3 <= 100 -> 5n/3 <= 300 -> n <= 180; a >= 0 -> n >= 2(600-2n)/6 -> n >= 120;
    b <= 100 holds for n >= 0. So [120, 180] t.
    """
    data = hand_lp(
        targets=targets([("nox", "load_reduction", "NOx", 2025, 150.0, "t"),
                         ("co2i", "intensity", "CO2", 2025, 0.6, "fraction")]),
        bounds=frame([("a", "hanbin", 2025, 0.0, 100.0), ("b", "hanbin", 2025, 0.0, 100.0)],
                     ["measure", "region", "year", "floor", "potential"]))
    sol = solve(data)
    t = sol.targets.set_index("target")
    assert t.loc["co2i", "shadow_price"] == pytest.approx(5 / 3, rel=1e-9)
    assert t.loc["nox", "shadow_price"] == pytest.approx(20 / 3, rel=1e-9)
    assert t.loc["co2i", "range_low"] == pytest.approx(0.5, abs=1e-9)
    assert t.loc["co2i", "range_high"] == pytest.approx(0.7, abs=1e-9)
    assert (t.loc["nox", "range_low"], t.loc["nox", "range_high"]) == pytest.approx((120, 180))


def test_infeasible_exact_shortfall():
    """NOx 300 t: at most a + 2b = 100 + 2·50 = 200 t -> shortfall exactly 100 t.

    The least-shortfall plan is a = 100, b = 50 (cost 2500 CNY/yr); CO2 then 2·100 + 10·50 = 700
    >= 300, met: achieved 1 - (1200 - 700)/1500 = 2/3; alone it could reach the same 2/3.
    """
    data = hand_lp(targets=targets([("nox", "load_reduction", "NOx", 2025, 300.0, "t"),
                                    ("co2i", "intensity", "CO2", 2025, 0.4, "fraction")]))
    compiled = compile_lp(data)
    before = (compiled.lp.c.copy(), compiled.lp.row_lower.copy(), compiled.lp.col_upper.copy())
    sol = solve(compiled)
    assert sol.status == "infeasible"
    t = sol.targets.set_index("target")
    assert t.loc["nox", "shortfall"] == pytest.approx(100.0, abs=1e-6)
    assert t.loc["nox", "max_achievable"] == pytest.approx(200.0, abs=1e-6)
    assert t.loc["nox", "status"] == "shortfall"
    assert "shortfall of 100 t" in t.loc["nox", "message"]
    assert t.loc["co2i", "shortfall"] == 0.0
    assert t.loc["co2i", "max_achievable"] == pytest.approx(2 / 3, abs=1e-9)
    assert sol.cost_by_year[2025] == pytest.approx(2500.0, rel=1e-6)
    # the compiled model is restored: shortfall columns fixed at 0, cost objective, bounds
    assert (compiled.lp.col_upper[compiled.lp.shortfall_col] == 0).all()
    for a, b in zip(before, (compiled.lp.c, compiled.lp.row_lower, compiled.lp.col_upper),
                    strict=True):
        assert (a == b).all()
    assert compiled.solve().status == "infeasible"  # and solves the same again


def _with_target(ix, target: str, value: float):
    t = ix.targets.copy()
    t.loc[t["target"] == target, "value"] = value
    return t


def test_update_resolve():
    """Same compiled model; change NOx target to 180 t and b's cost to 20 CNY/unit.

    Now b costs 10 CNY per t NOx, equal to a; with potentials a <= 100, b <= 50 and
    a + 2b >= 180: any split at equal cost 10 per t -> cost 1800 CNY/yr (unique value, split
    not unique). Shadow price 10 CNY/t. Then back to cost 30: a = 100, b = 40, cost 2200.
    """
    compiled = compile_lp(hand_lp())
    ix = compiled.ix
    assert compiled.solve().cost_by_year[2025] == pytest.approx(1750.0)
    om = ix.om.copy()
    om[ix.m("b")] = 20.0
    compiled.update(ix.with_arrays(om=om, targets=_with_target(ix, "nox", 180.0)))
    sol = compiled.solve()
    assert sol.cost_by_year[2025] == pytest.approx(1800.0, rel=1e-9)
    assert sol.targets.set_index("target").loc["nox", "shadow_price"] == pytest.approx(10.0)
    om[ix.m("b")] = 30.0
    compiled.update(compiled.ix.with_arrays(om=om, discount_rate=0.0))
    sol = compiled.solve()
    assert sol.cost_by_year[2025] == pytest.approx(2200.0, rel=1e-9)
    assert sol.objective == pytest.approx(2200.0, rel=1e-9)  # df = 1 at r = 0


def test_update_refuses_other_shapes():
    compiled = compile_lp(hand_lp())
    with pytest.raises(ValueError, match="shape"):
        compiled.ix.with_arrays(om=np.zeros((3, 1, 1)))


def test_compiled_model_sees_changes():
    """One HiGHS instance reused (the sensitivity path): potential of a cut to 60 after the
    first solve. Then a = 60, b = (150 - 60)/2 = 45 <= 50; CO2 120 + 450 = 570 >= 300; cost
    600 + 1350 = 1950. Back to 100: 1750 again; an infeasible NOx 300 t and back."""
    compiled = compile_lp(hand_lp())
    ix0 = compiled.ix
    assert compiled.solve().cost_by_year[2025] == pytest.approx(1750.0)
    pot = ix0.potential.copy()
    pot[ix0.m("a"), 0, 0] = 60.0
    compiled.update(ix0.with_arrays(potential=pot))
    assert compiled.solve().cost_by_year[2025] == pytest.approx(1950.0, rel=1e-9)
    compiled.update(ix0)
    assert compiled.solve().cost_by_year[2025] == pytest.approx(1750.0)
    compiled.update(ix0.with_arrays(targets=_with_target(ix0, "nox", 300.0)))
    assert compiled.solve().status == "infeasible"
    compiled.update(ix0)
    assert compiled.solve().cost_by_year[2025] == pytest.approx(1750.0)


def test_update_gdp_moves_intensity_row():
    """GDP 2025 from 1.5e6 to 1.0e6 CNY: allowed CO2 = 0.6·(1000/1e6)·1e6 = 600 t, so the row
    becomes 2a + 10b >= 1200 - 600 = 600, the case of test_intensity_binding_shadow_price:
    a = b = 50, cost 2000 CNY/yr."""
    compiled = compile_lp(hand_lp())
    ix = compiled.ix
    gdp = ix.gdp.copy()
    gdp[0, ix.t(2025)] = 1.0e6
    compiled.update(ix.with_arrays(gdp=gdp))
    sol = compiled.solve()
    assert sol.cost_by_year[2025] == pytest.approx(2000.0, rel=1e-9)
    assert sol.targets.set_index("target").loc["co2i", "rhs"] == pytest.approx(600.0)


def test_infeasible_intensity_shortfall_in_target_units():
    """CO2 intensity -80 %: allowed 0.2·1500 = 300 t, rhs = 1200 - 300 = 900 t CO2, but at most
    2·100 + 10·50 = 700 t: the best intensity fall is 1 - (1200 - 700)/1500 = 2/3, a shortfall
    of 0.8 - 2/3 = 0.13333 (13.33 percentage points). NOx (150 t) is met in that plan (200 t).
    """
    data = hand_lp(targets=targets([("nox", "load_reduction", "NOx", 2025, 150.0, "t"),
                                    ("co2i", "intensity", "CO2", 2025, 0.8, "fraction")]))
    sol = solve(data)
    assert sol.status == "infeasible"
    t = sol.targets.set_index("target")
    assert t.loc["co2i", "achieved"] == pytest.approx(2 / 3, abs=1e-9)
    assert t.loc["co2i", "max_achievable"] == pytest.approx(2 / 3, abs=1e-9)
    assert t.loc["co2i", "shortfall"] == pytest.approx(0.8 - 2 / 3, abs=1e-9)
    assert t.loc["nox", "status"] != "shortfall"
    # wording changed: a gap between two percentages is in percentage points, not "%"
    assert "a shortfall of 13.33 percentage points" in sol.messages[1]
