"""A two-measure, three-year pathway with a lifetime shorter than the horizon, by hand (issue #7).

One region, model years 2021, 2022, 2023 (each stands for itself; horizon_end 2023), base 2020,
discount rate 0 (so present values are sums; discounting is worked by hand in
tests/lp/test_pathway.py). Baseline CO2 100 t in every year. Capacity built lasts its lifetime
(it cannot be switched off before; x = the sum of the vintages still running).

measures (effect 1 t CO2 per unit per yr each):
  a: capital 100 CNY per unit built, lifetime 2 yr, no operating cost, potential 10 units. At
     r = 0 its annuity is CRF(0, 2) = 1/2: 50 CNY per unit per yr while it runs; a 2021
     vintage runs in 2021 and 2022 and retires in 2023; a 2023 vintage is charged only for
     2023 (the annuity beyond the horizon is not charged): K21 = K22 = 100, K23 = 50 CNY/unit.
  b: no capital, operating cost 60 CNY per unit per yr, never retires, potential 100: a b
     vintage of 2021 costs 180 to the horizon, of 2022 120, of 2023 60.
targets (kind cap): CO2 <= 94 t in 2021, <= 90 t in 2022, <= 88 t in 2023, i.e. reductions of
  R21 = 6, R22 = 10, R23 = 12 t.

By hand: a is cheaper per tonne-year (50 < 60), so it meets 2021 (ba21 = 6) and 2022 (ba22 = 4,
x_a = 10, its potential). In 2023 the 2021 vintage retires: x_a23 = ba22 + ba23 <= 10 -> ba23 =
6 rebuilds it, and the last 2 t come from b (bb23 = 2). Plan x_a = (6, 10, 10), builds (6, 4,
6), x_b = (0, 0, 2). Cost by year: 2021 6·50 = 300; 2022 10·50 = 500; 2023 10·50 + 2·60 = 620;
objective 1420 CNY.

Shadow prices (at r = 0 the duals, CNY/t of the year), each the cheapest change of plan for one
more tonne:
* 2023: one more unit of b in 2023: 60 (a is at its potential);
* 2022: one more a built in 2022 (+100, runs 2022-2023) and one fewer in 2023 (−50): 50;
* 2021: one more a built in 2021 (+100, runs 2021-2022), one fewer in 2022 (−100), one more
  in 2023 to replace it (+50): 50.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from model.lp import solve
from model.lp.data import ModelData
from tests.lp.fixtures import frame, measures, targets

YEARS = [2021, 2022, 2023]


def lifetime_lp(**over) -> ModelData:
    """The pathway of the module docstring."""
    m = measures([("a", "industry", "unit", 0.0), ("b", "industry", "unit", 0.0)])
    m = m.drop(columns="annual_cost")
    m["lifetime"] = [2.0, math.inf]
    costs = frame([("a", y, "capital", 100.0) for y in YEARS]
                  + [("b", y, "om", 60.0) for y in YEARS],
                  ["measure", "year", "item", "value"])
    kw = dict(
        regions=["hanbin"], years=YEARS, base_year=2020, measures=m,
        effects=frame([("a", "CO2", 1.0), ("b", "CO2", 1.0)], ["measure", "quantity", "value"]),
        bounds=frame([("a", "hanbin", y, 0.0, 10.0) for y in YEARS]
                     + [("b", "hanbin", y, 0.0, 100.0) for y in YEARS],
                     ["measure", "region", "year", "floor", "potential"]),
        pools=frame([], ["pool", "region", "year", "capacity"]),
        pool_members=frame([], ["pool", "measure", "share"]),
        baseline=frame([("hanbin", y, "CO2", 100.0) for y in [2020, *YEARS]],
                       ["region", "year", "quantity", "value"]),
        gdp=frame([("hanbin", y, 1e6) for y in [2020, *YEARS]], ["region", "year", "value"]),
        targets=targets([(f"cap{y}", "cap", "CO2", y, v, "t")
                         for y, v in zip(YEARS, (94.0, 90.0, 88.0), strict=True)]),
        discount_rate=0.0, costs=costs, horizon_end=2023,
    )
    kw.update(over)
    return ModelData(**kw)


def test_lifetime_pathway_optimum_retirement_and_duals():
    sol = solve(lifetime_lp())
    assert sol.status == "optimal"
    lv = sol.levels.set_index(["measure", "year"])
    assert lv["level"].loc["a"].tolist() == pytest.approx([6.0, 10.0, 10.0], abs=1e-7)
    assert lv["build"].loc["a"].tolist() == pytest.approx([6.0, 4.0, 6.0], abs=1e-7)
    assert lv["level"].loc["b"].tolist() == pytest.approx([0.0, 0.0, 2.0], abs=1e-7)
    assert sol.objective == pytest.approx(1420.0, rel=1e-9)
    assert sol.cost_by_year == pytest.approx({2021: 300.0, 2022: 500.0, 2023: 620.0})
    t = sol.targets.set_index("target")
    assert t["shadow_price"].tolist() == pytest.approx([50.0, 50.0, 60.0], rel=1e-9)
    assert (t["status"] == "binding").all()
    assert t["achieved"].tolist() == pytest.approx([94.0, 90.0, 88.0], abs=1e-7)


def test_lifetime_covering_the_horizon_removes_the_rebuild():
    """Lifetime 3: CRF(0, 3) = 1/3, so K21 = 100 (runs 2021-2023), K22 = 66.67, K23 = 33.33;
    nothing retires within the horizon. a: ba21 = 6, ba22 = 4 (x_a = 10 from 2022 on, its
    potential), no 2023 vintage; b: bb23 = 2. Objective 600 + 266.67 + 120 = 986.67 CNY.

    Shadow prices: 2021: one more a in 2021 and one fewer in 2022: 100 − 66.67 = 33.33; 2023:
    one more b, 60. 2022 is degenerate (the one set of vintages puts x_a at its potential in
    2022 and 2023 at once), so its dual is not unique: one more tonne in 2022 costs 60 (b from
    2022, +120, one fewer b in 2023, −60), one fewer saves 33.33 (one fewer a in 2022, −66.67,
    rebuilt in 2023, +33.33). Any dual in [33.33, 60] is optimal; the re-solves at R22 ± 1
    measure both one-sided derivatives."""
    data = lifetime_lp()
    data.measures.loc["a", "lifetime"] = 3.0
    sol = solve(data)
    lv = sol.levels.set_index(["measure", "year"])
    assert lv["level"].loc["a"].tolist() == pytest.approx([6.0, 10.0, 10.0], abs=1e-7)
    assert lv["build"].loc["a"].tolist() == pytest.approx([6.0, 4.0, 0.0], abs=1e-7)
    assert lv["level"].loc["b"].tolist() == pytest.approx([0.0, 0.0, 2.0], abs=1e-7)
    assert sol.objective == pytest.approx(600 + 800 / 3 + 120, rel=1e-9)
    t = sol.targets.set_index("target")
    assert t.loc["cap2021", "shadow_price"] == pytest.approx(100 / 3, rel=1e-9)
    assert t.loc["cap2023", "shadow_price"] == pytest.approx(60.0, rel=1e-9)
    assert 100 / 3 - 1e-7 <= t.loc["cap2022", "shadow_price"] <= 60.0 + 1e-7
    for step, change in ((-1.0, 60.0), (1.0, -100 / 3)):  # the cap moves opposite to R22
        moved = data.targets.copy()
        moved.loc[moved["target"] == "cap2022", "value"] += step
        other = solve(replace(data, targets=moved))
        assert other.objective - sol.objective == pytest.approx(change, rel=1e-9)
