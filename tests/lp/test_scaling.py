"""Coefficient-range check: rescale a row of tiny coefficients, refuse a row spanning > 1e6.

Rescale case: the hand LP's NOx row multiplied by k = 2e-10 (as if the effects were given in a
unit 5e9 times too large): 2e-10 a + 4e-10 b >= 3e-8. Entries below 1e-9 would be dropped by
HiGHS (small_matrix_value 1e-9) and the answer would be wrong; the row is scaled by 10^9
(largest |a| 4e-10 -> 0.4). The optimum is the hand LP's (a = 100, b = 25, 1750 CNY/yr), the
shadow price per t is 15/k = 7.5e10 CNY/t and the range [120, 200]·k = [2.4e-8, 4e-8] t.
"""

from __future__ import annotations

import pytest

from model.errors import SolverError
from model.lp import compile_lp, solve
from tests.lp.fixtures import frame, hand_lp, targets

K = 2e-10


def _effects(nox_a: float, nox_b: float):
    return frame([("a", "NOx", nox_a), ("a", "CO2", 2.0), ("b", "NOx", nox_b),
                  ("b", "CO2", 10.0)], ["measure", "quantity", "value"])


def test_tiny_row_is_rescaled_and_duals_come_back_in_row_units():
    data = hand_lp(effects=_effects(1.0 * K, 2.0 * K),
                   targets=targets([("nox", "load_reduction", "NOx", 2025, 150.0 * K, "t"),
                                    ("co2i", "intensity", "CO2", 2025, 0.4, "fraction")]))
    sol = solve(data)
    assert [(r.row, r.scale) for r in sol.scaled_rows] == [("load_row(nox)", 1e9)]
    lv = sol.levels.set_index("measure")["level"]
    assert (lv["a"], lv["b"]) == pytest.approx((100.0, 25.0), abs=1e-6)
    t = sol.targets.set_index("target")
    assert t.loc["nox", "shadow_price"] == pytest.approx(15.0 / K, rel=1e-9)
    assert (t.loc["nox", "range_low"], t.loc["nox", "range_high"]) == pytest.approx(
        (120 * K, 200 * K), rel=1e-9)
    assert t.loc["nox", "achieved"] == pytest.approx(150 * K, rel=1e-9)


def test_scales_follow_each_update():
    """A compiled model whose NOx row was scaled is updated back to ordinary effects: the scale
    is reset to 1 and the price is the hand LP's 15 CNY/t again."""
    tiny = hand_lp(effects=_effects(1.0 * K, 2.0 * K),
                   targets=targets([("nox", "load_reduction", "NOx", 2025, 150.0 * K, "t"),
                                    ("co2i", "intensity", "CO2", 2025, 0.4, "fraction")]))
    compiled = compile_lp(tiny)
    assert compiled.lp.row_scale.max() == 1e9
    plain = compile_lp(hand_lp()).ix
    compiled.update(plain)
    sol = compiled.solve()
    assert sol.scaled_rows == []
    assert (compiled.lp.row_scale == 1.0).all()
    assert sol.targets.set_index("target").loc["nox", "shadow_price"] == pytest.approx(15.0)


def test_row_spanning_more_than_1e6_is_refused():
    """NOx effects 1 and 1e-8 t per unit: ratio 1e8 > 1e6; row scaling cannot help."""
    data = hand_lp(effects=_effects(1.0, 1e-8))
    # issue #13: the row is named as the target it is ('target nox 2025'), not by its
    # internal key (was 'row load_row(nox)'), and the columns without a Python list repr
    with pytest.raises(SolverError, match=r"^target nox \d{4}: .*span 1e-08 to 1.* at [^\[]"):
        solve(data)
