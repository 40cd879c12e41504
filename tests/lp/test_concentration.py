"""The ``concentration`` target kind on a hand LP (issue #14).

Two-precursor city (one county, 2025, base 2020): observed 40 ug/m3 in 2020, background 10,
shares primary PM2.5 0.6 and SO2 0.4 of the local 30 ug/m3; baseline PM2.5 1000 t and SO2 4000 t
in both years. So k_PM = 0.6 x 30 / 1000 = 0.018 and k_SO2 = 0.4 x 30 / 4000 = 0.003 ug/m3 per t,
and the 2025 baseline concentration is 10 + 18 + 12 = 40 ug/m3.

Measures (annual cost CNY/unit/yr; effect per unit):
  a: 10 CNY, 1 t PM2.5 -> 0.018 ug/m3, 555.6 CNY/ug; potential 100 (1.8 ug/m3)
  b: 30 CNY, 5 t SO2 -> 0.015 ug/m3, 2000 CNY/ug; potential 200 (3 ug/m3)
Target C <= 37: 3 ug/m3 to remove; a does 1.8 at full potential, b the other 1.2 (80 units):
cost 100 x 10 + 80 x 30 = 3400 CNY/yr; b at the margin: shadow price 30 / 0.015 = 2000 CNY per
ug/m3, which the re-solve with the target moved by 0.01 ug/m3 reproduces (finite difference).
"""

from __future__ import annotations

import numpy as np
import pytest

from model.airquality import SourceReceptor
from model.errors import InputError
from model.lp import compile_lp
from tests.lp.fixtures import frame, hand_lp, measures, targets

RESPONSE = SourceReceptor(base_year=2020, observed=40.0, background=((2020, 10.0),),
                          shares=(("PM2.5", 0.6), ("SO2", 0.4))).record()


def _city(level=37.0, extra_measure=False):
    t = targets([("pm25", "concentration", "PM2.5", 2025, level, "ug/m3")])
    t["response"] = [RESPONSE]
    ms = [("a", "industry", "unit", 10.0), ("b", "industry", "unit", 30.0)]
    eff = [("a", "PM2.5", 1.0), ("b", "SO2", 5.0)]
    bounds = [("a", "hanbin", 2025, 0.0, 100.0), ("b", "hanbin", 2025, 0.0, 200.0)]
    if extra_measure:  # c cuts both: 1 t PM2.5 and 5 t SO2 -> 0.018 + 0.015 = 0.033 ug/m3
        ms.append(("c", "industry", "unit", 1e6))
        eff += [("c", "PM2.5", 1.0), ("c", "SO2", 5.0)]
        bounds.append(("c", "hanbin", 2025, 0.0, 1.0))
    return hand_lp(
        measures=measures(ms), effects=frame(eff, ["measure", "quantity", "value"]),
        bounds=frame(bounds, ["measure", "region", "year", "floor", "potential"]),
        baseline=frame([("hanbin", y, q, v) for y in (2020, 2025)
                        for q, v in (("PM2.5", 1000.0), ("SO2", 4000.0))],
                       ["region", "year", "quantity", "value"]),
        targets=t)


def test_concentration_target_plan_cost_and_price_by_hand():
    sol = compile_lp(_city()).solve()
    assert sol.status == "optimal"
    lv = sol.levels.set_index("measure")["level"]
    assert (lv["a"], lv["b"]) == pytest.approx((100.0, 80.0), abs=1e-7)
    assert sol.annual_cost == pytest.approx(3400.0, rel=1e-9)
    t = sol.targets.set_index("target").loc["pm25"]
    assert t["status"] == "binding"
    assert t["achieved"] == pytest.approx(37.0, abs=1e-9)
    assert t["shadow_price"] == pytest.approx(2000.0, rel=1e-9)
    assert t["shadow_price_unit"].startswith("CNY/(ug/m3)")


def test_shadow_price_equals_the_finite_difference_of_cost():
    """Re-solve with the target 0.01 ug/m3 looser and tighter: the cost changes by 2000 x 0.01
    = 20 CNY/yr either way (b stays at the margin between 36.99 and 37.01)."""
    price = compile_lp(_city(37.0)).solve().targets.set_index("target").loc[
        "pm25", "shadow_price"]
    lo = compile_lp(_city(36.99)).solve().annual_cost
    hi = compile_lp(_city(37.01)).solve().annual_cost
    assert (lo - hi) / 0.02 == pytest.approx(price, rel=1e-7)
    assert lo - hi == pytest.approx(40.0, rel=1e-7)


def test_row_sums_the_precursors_of_one_measure():
    """A measure that cuts both precursors has one coefficient, k_PM x 1 + k_SO2 x 5 = 0.033."""
    c = compile_lp(_city(extra_measure=True))
    lp = c.lp
    i = lp.row_family.index("concentration_row")
    col = lp.cols.x[c.ix.m("c"), 0, 0]
    row = lp.A.tocsr()[i].toarray().ravel() / lp.row_scale[i]
    assert row[col] == pytest.approx(0.033, rel=1e-12)
    assert np.count_nonzero(row[lp.cols.x.ravel()]) == 3  # a, b, c: one entry each


def test_target_at_or_below_the_background_is_refused():
    with pytest.raises(InputError, match=r"pm25.*10 ug/m3 in 2025, not above the background 10"):
        compile_lp(_city(level=10.0))


def test_an_infeasible_answer_is_confirmed_without_presolve():
    """C <= 30.5 needs 9.5 ug/m3, more than a and b deliver together (1.8 + 3): infeasible,
    confirmed by a second solve without presolve (model/lp/highs.py), then diagnosed."""
    c = compile_lp(_city(level=30.5))
    sol = c.solve()
    assert sol.status == "infeasible"
    t = sol.targets.set_index("target").loc["pm25"]
    assert t["achieved"] == pytest.approx(40.0 - 4.8, abs=1e-6)  # both at full potential
    assert t["shortfall"] == pytest.approx(35.2 - 30.5, abs=1e-6)
