"""Two regions x two years: service level, cap, pool, no-regret and discounting (by hand).

Fixture tests/lp/fixtures.py::pathway. Variables s25, s30 (septic, hanbin), w25, w30 (sew,
ziyang); df25 = 1.05^-5 = 0.78352617, df30 = 1.05^-10 = 0.61391325.

    min df25·(10 s25 + 20 w25) + df30·(10 s30 + 20 w30)
    service 2025:  s25 + w25 >= 0.40·1500 - 400 = 200          (households)
    COD cap 2030:  0.01 s30 + 0.05 w30 >= 150 - 140 = 10        (t COD)
    no-regret:     s30 >= s25, w30 >= w25
    pools:         s <= 700 (hanbin), w <= 400 (ziyang); potentials 1000.

By hand: septic is cheaper per household (10 < 20): s25 = 200, w25 = 0. No-regret: s30 >= 200,
giving 2 t COD; the rest, 8 t, from the cheaper per t COD: sew 20/0.05 = 400 CNY/t against
septic 10/0.01 = 1000 CNY/t -> w30 = 160. Costs: 2000 CNY in 2025, 2000 + 3200 = 5200 in 2030;
objective 2000·df25 + 5200·df30 = 4759.4013 CNY.

Shadow prices (undiscounted to the target year):
* COD cap: 400 CNY/t (sew at the margin).
* service 2025: one more household costs 10 in 2025 and, by no-regret, one more septic in 2030
  (10 CNY, but 0.01 t COD saves 0.2 sew = 4 CNY): 6 CNY in 2030. In 2025 CNY:
  10 + 6·df30/df25 = 10 + 6·1.05^-5 = 14.701157 CNY per household; per percentage point of the
  service level x 1500/100 = 15 households -> 220.51736 CNY/pp.
Ranges: service extra n: s = n, w30 = 200 - 0.2 n in [0, 400], s <= 700 (pool) -> n in [0, 700],
share (400 + n)/1500 in [4/15, 11/15]. Cap reduction c: w30 = 20 c - 40 in [0, 400] -> c in
[2, 22], cap 150 - c in [128, 148] t.
"""

from __future__ import annotations

import pytest

from model.lp.build import build_model, update_params
from model.solve import solve
from tests.lp.fixtures import pathway

DF25, DF30 = 1.05 ** -5, 1.05 ** -10


def test_pathway_optimum_and_prices():
    data = pathway()
    sol = solve(build_model(data), data)
    assert sol.status == "optimal"
    lv = sol.levels.set_index(["measure", "year"])["level"]
    assert lv[("septic", 2025)] == pytest.approx(200.0, abs=1e-6)
    assert lv[("septic", 2030)] == pytest.approx(200.0, abs=1e-6)
    assert lv[("sew", 2025)] == pytest.approx(0.0, abs=1e-6)
    assert lv[("sew", 2030)] == pytest.approx(160.0, abs=1e-6)
    assert sol.cost_by_year == pytest.approx({2025: 2000.0, 2030: 5200.0})
    assert sol.objective == pytest.approx(2000 * DF25 + 5200 * DF30, rel=1e-9)
    t = sol.targets.set_index("target")
    assert t.loc["codcap", "shadow_price"] == pytest.approx(400.0, rel=1e-9)
    assert t.loc["codcap", "shadow_price_unit"] == "CNY/t"
    assert t.loc["sewage40", "shadow_price"] == pytest.approx(15 * (10 + 6 * 1.05 ** -5),
                                                              rel=1e-9)
    assert t.loc["sewage40", "shadow_price_unit"] == "CNY/percentage point"
    assert (t.loc["sewage40", "range_low"], t.loc["sewage40", "range_high"]) == pytest.approx(
        (4 / 15, 11 / 15), abs=1e-9)
    assert (t.loc["codcap", "range_low"], t.loc["codcap", "range_high"]) == pytest.approx(
        (128.0, 148.0), abs=1e-6)
    assert t.loc["codcap", "achieved"] == pytest.approx(140.0, abs=1e-6)


def test_pool_binds():
    """Cut the hanbin pool to 150 households: septic <= 150 in both years, so the service
    target needs w25 = 50 (sew, 20 CNY), and by no-regret w30 >= 50. 2030 COD: 0.01·150 +
    0.05 w30 >= 10 -> w30 >= 170. Costs: 2025 1500 + 1000 = 2500; 2030 1500 + 3400 = 4900.
    """
    data = pathway()
    model = build_model(data)
    update_params(model, {"capacity": {("unserved", "hanbin", 2025): 150.0,
                                       ("unserved", "hanbin", 2030): 150.0}})
    sol = solve(model, data)
    lv = sol.levels.set_index(["measure", "year"])["level"]
    assert (lv[("septic", 2025)], lv[("sew", 2025)]) == pytest.approx((150.0, 50.0), abs=1e-6)
    assert lv[("sew", 2030)] == pytest.approx(170.0, abs=1e-6)
    assert sol.cost_by_year == pytest.approx({2025: 2500.0, 2030: 4900.0})
