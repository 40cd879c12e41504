"""The gas-supply limit (model/lp/families/gas_supply.py) on a hand-solvable case.

Fixture tests/lp/fixtures.py::gas_supply_lp, one year 2025 (df = 1.05^-5):

    min df·(10 c2g_A + 20 c2g_B + 50 elec_A + 50 elec_B)
    s.t. c2g_A + c2g_B + elec_A + elec_B >= 120                       CO2 cap (t)
         500 c2g_A <= 40,000 − 20,000 = 20,000                        gas_supply[A]
         500 c2g_B <= S_B − 10,000                                    gas_supply[B]
         0 <= each <= 100

Without a limit the cheapest plan converts A fully (100) and B for the rest (20): cost
10·100 + 20·20 = 1,400 CNY/yr. With the limit A takes only 40 units, and the coal-to-gas moves
to B: 40 in A, 80 in B, cost 400 + 1,600 = 2,000 CNY/yr; CO2 price 20 CNY/t (c2g in B at the
margin); the gas row of A binds with a value of (20 − 10)/500 = 0.02 CNY per m3/yr
(undiscounted: the dual / df). With B's supply at 45,000 (room for 70 units) the last 10 t come
from electrification: c2g 40 + 70, elec 10, cost 400 + 1,400 + 500 = 2,300; CO2 price 50.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.lp import compile_lp, solve
from tests.lp.fixtures import gas_supply_lp

DF = 1.05 ** -5


def _levels(sol):
    lv = sol.levels
    return {(m, r): float(v) for m, r, v in zip(lv["measure"], lv["region"], lv["level"],
                                                strict=True)}


def test_limit_binds_and_moves_coal_to_gas_between_counties():
    free = solve(gas_supply_lp(supply_b=1e9, baseline=gas_supply_lp().baseline.assign(
        value=lambda d: np.where(d["quantity"] == "natural_gas:supply", 1e9, d["value"]))))
    lv = _levels(free)
    assert (lv[("c2g", "A")], lv[("c2g", "B")]) == pytest.approx((100.0, 20.0), abs=1e-6)
    assert free.cost_by_year[2025] == pytest.approx(1400.0, rel=1e-9)

    sol = solve(gas_supply_lp())
    assert sol.status == "optimal"
    lv = _levels(sol)
    assert (lv[("c2g", "A")], lv[("c2g", "B")]) == pytest.approx((40.0, 80.0), abs=1e-6)
    assert lv[("elec", "A")] + lv[("elec", "B")] == pytest.approx(0.0, abs=1e-6)
    assert sol.cost_by_year[2025] == pytest.approx(2000.0, rel=1e-9)
    t = sol.targets.set_index("target")
    assert t.loc["co2cap", "shadow_price"] == pytest.approx(20.0, rel=1e-9)


def test_gas_row_value_and_a_second_limit():
    c = compile_lp(gas_supply_lp())
    c.solve()
    _, _, duals = c.model.values()
    lp = c.lp
    i = lp.row_key.index(("A", 2025))
    assert lp.row_family[i] == "gas_supply"
    assert abs(duals[i] * lp.row_scale[i]) / DF == pytest.approx(0.02, rel=1e-9)
    sol = solve(gas_supply_lp(supply_b=45_000.0))
    lv = _levels(sol)
    assert (lv[("c2g", "A")], lv[("c2g", "B")]) == pytest.approx((40.0, 70.0), abs=1e-6)
    assert lv[("elec", "A")] + lv[("elec", "B")] == pytest.approx(10.0, abs=1e-6)
    assert sol.cost_by_year[2025] == pytest.approx(2300.0, rel=1e-9)
    assert sol.targets.set_index("target").loc["co2cap", "shadow_price"] == \
        pytest.approx(50.0, rel=1e-9)


def test_baseline_above_the_limit_is_refused():
    from model.errors import InputError

    data = gas_supply_lp()
    b = data.baseline.copy()
    b.loc[(b["region"] == "A") & (b["quantity"] == "natural_gas:supply"), "value"] = 15_000.0
    with pytest.raises(InputError, match="gas supply of 'A' in 2025"):
        compile_lp(gas_supply_lp(baseline=b))
