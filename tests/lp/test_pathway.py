"""Two regions x two years: service level, cap, pool, cumulative capacity and discounting
(by hand).

Fixture tests/lp/fixtures.py::pathway. Capacity s25, s30 (septic, hanbin), w25, w30 (sew,
ziyang); the measures have no lifetime (never retire), so capacity is cumulative: s30 >= s25,
w30 >= w25 (x = the sum of builds). df[t] = 1.05^-(t - 2020). Each model year stands for the
calendar years up to the next one (2025: 2025-2029) and the last for itself (horizon_end =
2030), so the weights are W25 = Σ_{k=5..9} 1.05^-k = 3.5618712 and W30 = df30 = 0.61391325.
(Reference values changed when model years gained weights, issue #7: the objective was
df25·2000 + df30·5200 = 4759.40 and the service price 220.52 CNY/pp, as if 2025 stood for one
year only.)

    min W25·(10 s25 + 20 w25) + W30·(10 s30 + 20 w30)
    service 2025:  s25 + w25 >= 0.40·1500 - 400 = 200          (households)
    COD cap 2030:  0.01 s30 + 0.05 w30 >= 150 - 140 = 10        (t COD)
    cumulative:    s30 >= s25, w30 >= w25
    pools:         s <= 700 (hanbin), w <= 400 (ziyang); potentials 1000.

By hand: septic is cheaper per household (10 < 20): s25 = 200, w25 = 0. No-regret: s30 >= 200,
giving 2 t COD; the rest, 8 t, from the cheaper per t COD: sew 20/0.05 = 400 CNY/t against
septic 10/0.01 = 1000 CNY/t -> w30 = 160. (Sew instead of septic in 2025 would cost 20·W25
against septic's 10·W25 + 6·W30.) Costs: 2000 CNY/yr in 2025, 2000 + 3200 = 5200 in 2030;
objective 2000·W25 + 5200·W30 = 10316.0913 CNY.

Shadow prices (undiscounted to the target year):
* COD cap: 400 CNY/t (sew at the margin).
* service 2025: one more household costs 10 CNY/yr over 2025-2029 and, capacity staying, one
  more septic in 2030 (10 CNY, but 0.01 t COD saves 0.2 sew = 4 CNY): 6 CNY in 2030. In 2025
  CNY: (10·W25 + 6·W30)/df25 = 50.160662 CNY per household; per percentage point of the service
  level x 1500/100 = 15 households -> 752.40993 CNY/pp.
Ranges: service extra n: s = n, w30 = 200 - 0.2 n in [0, 400], s <= 700 (pool) -> n in [0, 700],
share (400 + n)/1500 in [4/15, 11/15]. Cap reduction c: w30 = 20 c - 40 in [0, 400] -> c in
[2, 22], cap 150 - c in [128, 148] t.
"""

from __future__ import annotations

import pytest

from model.lp import compile_lp, solve
from tests.lp.fixtures import pathway

DF25, DF30 = 1.05 ** -5, 1.05 ** -10
W25, W30 = sum(1.05 ** -k for k in range(5, 10)), DF30


def test_pathway_optimum_and_prices():
    data = pathway()
    sol = solve(data)
    assert sol.status == "optimal"
    lv = sol.levels.set_index(["measure", "year"])["level"]
    assert lv[("septic", 2025)] == pytest.approx(200.0, abs=1e-6)
    assert lv[("septic", 2030)] == pytest.approx(200.0, abs=1e-6)
    assert lv[("sew", 2025)] == pytest.approx(0.0, abs=1e-6)
    assert lv[("sew", 2030)] == pytest.approx(160.0, abs=1e-6)
    assert sol.cost_by_year == pytest.approx({2025: 2000.0, 2030: 5200.0})
    assert sol.objective == pytest.approx(2000 * W25 + 5200 * W30, rel=1e-9)
    assert sol.objective == pytest.approx(10316.0913, rel=1e-8)
    t = sol.targets.set_index("target")
    assert t.loc["codcap", "shadow_price"] == pytest.approx(400.0, rel=1e-9)
    assert t.loc["codcap", "shadow_price_unit"] == "CNY/t"
    assert t.loc["sewage40", "shadow_price"] == pytest.approx(15 * (10 * W25 + 6 * W30) / DF25,
                                                              rel=1e-9)
    assert t.loc["sewage40", "shadow_price"] == pytest.approx(752.40993, rel=1e-7)
    assert t.loc["sewage40", "shadow_price_unit"] == "CNY/percentage point"
    assert (t.loc["sewage40", "range_low"], t.loc["sewage40", "range_high"]) == pytest.approx(
        (4 / 15, 11 / 15), abs=1e-9)
    assert (t.loc["codcap", "range_low"], t.loc["codcap", "range_high"]) == pytest.approx(
        (128.0, 148.0), abs=1e-6)
    assert t.loc["codcap", "achieved"] == pytest.approx(140.0, abs=1e-6)


def test_pool_binds():
    """Cut the hanbin pool to 150 households: septic <= 150 in both years, so the service
    target needs w25 = 50 (sew, 20 CNY), and capacity stays: w30 >= 50. 2030 COD: 0.01·150 +
    0.05 w30 >= 10 -> w30 >= 170. Costs: 2025 1500 + 1000 = 2500; 2030 1500 + 3400 = 4900.
    """
    compiled = compile_lp(pathway())
    ix = compiled.ix
    cap = ix.pool_capacity.copy()
    cap[ix.pools.index("unserved"), ix.regions.index("hanbin"), :] = 150.0
    compiled.update(ix.with_arrays(pool_capacity=cap))
    sol = compiled.solve()
    lv = sol.levels.set_index(["measure", "year"])["level"]
    assert (lv[("septic", 2025)], lv[("sew", 2025)]) == pytest.approx((150.0, 50.0), abs=1e-6)
    assert lv[("sew", 2030)] == pytest.approx(170.0, abs=1e-6)
    assert sol.cost_by_year == pytest.approx({2025: 2500.0, 2030: 4900.0})
