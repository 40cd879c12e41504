"""The plan's rural sanitary toilets (>= 85 %), village waste (>= 95 %) and new bulk solid waste
use (60 %) met at their cost on a small case (plan sections 十七 and 二十三), by hand.

One county, model years 2025 and 2026 (base 2020), discount rate 0. Baseline (both years):
toilets 650 of 1000 rural households, villages 85 of 100 served, bulk solid waste 450 of 1000
t/yr used. Measures (annual cost per unit): ``toilet`` +1 household, 300 CNY; ``village`` +1
village, 5,000 CNY, and its 13.6875 t/yr of waste taken to the landfill raises the CH4 the
landfill generates a year later by g(1) = 1/30 t per t (the hand case of
test_landfill_methane.py), emitted x (1 − 0.1): lag on CH4 −13.6875·0.03 = −0.410625 t at
age 1; ``bulk`` +1 t/yr used, 50 CNY. Every measure lasts one year (lifetime 1), so the 2025
prices are the 2025 costs alone (capacity that outlives its target year would add the later
years' cost: DESIGN.md §7, the pathway). Targets in 2025 only.

By hand: toilets 850 − 650 = 200 households (60,000 CNY), villages 95 − 85 = 10 (50,000 CNY),
bulk 600 − 450 = 150 t/yr (7,500 CNY): 117,500 CNY in 2025. Shadow prices per percentage point:
toilets 300 x 10 households = 3,000, villages 5,000 x 1 village = 5,000, bulk 50 x 10 t = 500.
Nothing is built in 2026 (no target), yet its CH4 rises by 10 x 0.410625 = 4.10625 t: the
waste collected in 2025 decays in 2026.
"""

from __future__ import annotations

import pytest

from model.lp import solve
from model.lp.data import ModelData
from model.results import emissions_table, split_case
from tests.lp.fixtures import frame, measures, targets


def data() -> ModelData:
    ms = measures([("toilet", "rural_services", "household", 300.0),
                   ("village", "rural_services", "village", 5000.0),
                   ("bulk", "industry_structure", "t/yr", 50.0)])
    ms["lifetime"] = 1.0
    base = []
    for y in (2020, 2025, 2026):
        base += [("r", y, "rural_sanitary_toilets", 650.0),
                 ("r", y, "rural_sanitary_toilets:total", 1000.0),
                 ("r", y, "villages_waste_treated", 85.0), ("r", y, "villages_waste_treated:total",
                                                             100.0),
                 ("r", y, "bulk_solid_waste_used", 450.0),
                 ("r", y, "bulk_solid_waste_used:total", 1000.0), ("r", y, "CH4", 100.0)]
    return ModelData(
        regions=["r"], years=[2025, 2026], base_year=2020,
        measures=ms,
        effects=frame([("toilet", "rural_sanitary_toilets", 1.0),
                       ("village", "villages_waste_treated", 1.0),
                       ("bulk", "bulk_solid_waste_used", 1.0)], ["measure", "quantity", "value"]),
        bounds=frame([(m, "r", y, 0.0, p) for m, p in (("toilet", 350.0), ("village", 15.0),
                                                       ("bulk", 550.0)) for y in (2025, 2026)],
                     ["measure", "region", "year", "floor", "potential"]),
        pools=frame([], ["pool", "region", "year", "capacity"]),
        pool_members=frame([], ["pool", "measure", "share"]),
        baseline=frame(base, ["region", "year", "quantity", "value"]),
        gdp=frame([("r", y, 1e6) for y in (2020, 2025, 2026)], ["region", "year", "value"]),
        targets=targets([("toilets85", "service_level", "rural_sanitary_toilets", 2025, 0.85,
                          "fraction"),
                         ("villages95", "service_level", "villages_waste_treated", 2025, 0.95,
                          "fraction"),
                         ("bulk60", "service_level", "bulk_solid_waste_used", 2025, 0.60,
                          "fraction")]),
        discount_rate=0.0,
        lags=frame([("village", "CH4", "r", 1, -13.6875 * 0.03)],
                   ["measure", "quantity", "region", "age", "value"]))


def test_service_levels_met_at_their_cost():
    sol = solve(data())
    assert sol.status == "optimal"
    lv = sol.levels.set_index(["measure", "year"])["level"]
    assert lv[("toilet", 2025)] == pytest.approx(200.0, abs=1e-6)
    assert lv[("village", 2025)] == pytest.approx(10.0, abs=1e-6)
    assert lv[("bulk", 2025)] == pytest.approx(150.0, abs=1e-6)
    assert sol.cost_by_year[2025] == pytest.approx(117_500.0, rel=1e-9)
    t = sol.targets.set_index("target")
    assert t.loc["toilets85", "shadow_price"] == pytest.approx(3000.0, rel=1e-9)
    assert t.loc["villages95", "shadow_price"] == pytest.approx(5000.0, rel=1e-9)
    assert t.loc["bulk60", "shadow_price"] == pytest.approx(500.0, rel=1e-9)
    assert t.loc["toilets85", "shadow_price_unit"] == "CNY/percentage point"
    assert sol.cost_by_year[2026] == pytest.approx(0.0, abs=1e-6)


def test_village_waste_raises_landfill_methane_a_year_later():
    from model.lp import compile_lp

    c = compile_lp(data())
    sol = c.solve()
    em = split_case(emissions_table(sol, c.ix, "test"))
    ch4 = em[(em["variable"] == "Emissions|CH4") & (em["case"] == "scenario")] \
        .set_index("year")["value"]
    assert ch4[2025] == pytest.approx(100.0, abs=1e-9)  # deposited in 2025: no CH4 yet
    assert ch4[2026] == pytest.approx(100.0 + 10 * 0.410625, rel=1e-12)
