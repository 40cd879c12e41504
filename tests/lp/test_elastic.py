"""Least-shortfall plan when one target is a million times larger than the others.

Fixture: hand_lp (tests/lp/fixtures.py) plus a VOCs measure c. One region, 2025, base 2020.

    a: cost 10, NOx 1 t, CO2 2 t, potential 100
    b: cost 30, NOx 2 t, CO2 10 t, potential 50
    c: cost 5,  VOCs 1 t,          potential 1500

    targets  vocs: VOCs load reduction >= 1000 t       (reachable: c <= 1500)
             co2i: CO2 intensity -40 %: 2a + 10b >= 300 t CO2   (reachable)
             nox:  NOx load reduction >= 1e9 t          (1e6 x the VOCs target; unreachable)

By hand: NOx alone reaches at most a + 2b = 100 + 2·50 = 200 t (its standalone maximum).
Nothing competes with NOx (no pool; a and b help CO2 too), so the least-shortfall plan has
a = 100, b = 50 (NOx 200 t, shortfall 1e9 − 200 t), CO2 2·100 + 10·50 = 700 >= 300 t (met,
intensity fall 1 − (1200 − 700)/1500 = 2/3), and c = 1000 exactly (VOCs met and binding: c costs
5 CNY per unit, so stage 2 buys no more than needed). Cost 10·100 + 30·50 + 5·1000 = 7500 CNY/yr.

Weighting by 1/|rhs| gave NOx a weight of 1e-9, which HiGHS drops from the matrix (and treats
as 0 in reduced costs): the plan then left NOx anywhere below 200 t. Weighted by
1/min(|rhs|, standalone max) = 1/200 it is found.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.lp import compile_lp
from model.lp.diagnose import elastic_weights
from tests.lp.fixtures import frame, hand_lp, measures, targets


def _data(nox_target: float):
    return hand_lp(
        measures=measures([("a", "industry", "unit", 10.0), ("b", "industry", "unit", 30.0),
                           ("c", "voc", "t VOCs/yr", 5.0)]),
        effects=frame([("a", "NOx", 1.0), ("a", "CO2", 2.0), ("b", "NOx", 2.0),
                       ("b", "CO2", 10.0), ("c", "VOCs", 1.0)], ["measure", "quantity", "value"]),
        bounds=frame([("a", "hanbin", 2025, 0.0, 100.0), ("b", "hanbin", 2025, 0.0, 50.0),
                      ("c", "hanbin", 2025, 0.0, 1500.0)],
                     ["measure", "region", "year", "floor", "potential"]),
        targets=targets([("vocs", "load_reduction", "VOCs", 2025, 1000.0, "t"),
                         ("co2i", "intensity", "CO2", 2025, 0.4, "fraction"),
                         ("nox", "load_reduction", "NOx", 2025, nox_target, "t")]))


def test_huge_unreachable_target_reaches_its_standalone_maximum(capfd):
    data = _data(1e9)
    compiled = compile_lp(data)
    sol = compiled.solve()
    assert sol.status == "infeasible"
    t = sol.targets.set_index("target")
    assert t.loc["nox", "max_achievable"] == pytest.approx(200.0, abs=1e-6)
    assert t.loc["nox", "achieved"] == pytest.approx(200.0, abs=1e-6)
    assert t.loc["nox", "shortfall"] == pytest.approx(1e9 - 200.0, rel=1e-12)
    assert t.loc["nox", "status"] == "shortfall"
    assert t.loc["vocs", "achieved"] == pytest.approx(1000.0, abs=1e-6)
    assert t.loc["vocs", "shortfall"] == 0.0
    assert t.loc["vocs", "status"] == "binding"
    assert t.loc["co2i", "achieved"] == pytest.approx(2 / 3, abs=1e-9)
    assert t.loc["co2i", "status"] == "slack"
    assert sol.cost_by_year[2025] == pytest.approx(7500.0, rel=1e-9)
    lv = sol.levels.set_index("measure")["level"]
    assert (lv["a"], lv["b"], lv["c"]) == pytest.approx((100.0, 50.0, 1000.0), abs=1e-6)
    # HiGHS printed no warning about dropped matrix entries
    assert "WARNING" not in capfd.readouterr().out
    # the compiled model is restored for a normal solve: shortfall columns fixed at 0 and the
    # target rows at their requirement
    lp = compiled.lp
    assert (lp.col_upper[lp.shortfall_col] == 0).all()
    assert lp.row_lower[lp.target_rows] / lp.row_scale[lp.target_rows] == pytest.approx(
        [300.0, 1000.0, 1e9])  # co2i, vocs, nox in row order (kinds in registry order)


def _rmax(lp, values: dict[str, float]) -> np.ndarray:
    return np.array([values[t] for t in lp.row_target])


def _rhs(lp) -> np.ndarray:
    return lp.row_lower[lp.target_rows] / lp.row_scale[lp.target_rows]


def test_elastic_weights_by_hand():
    """rhs: vocs 1000 (Rmax 1500), co2i 300 (Rmax 2·100 + 10·50 = 700), nox 1e9 (Rmax 200).

    u (largest |effect| in the row): vocs 1, co2i 10, nox 2.
    size = min(|rhs|, Rmax): 1000, 300, 200. u/size: 1e-3, 1/30, 1e-2; normalised by the
    largest (1/30): vocs 0.03, co2i 1, nox 0.3 — all inside [1e-6, 1]. given = rhs − Rmax when
    positive: nox 1e9 − 200, others 0 (given is applied in model.lp.diagnose.diagnose).
    """
    lp = compile_lp(_data(1e9)).lp
    w = dict(zip(lp.row_target, elastic_weights(
        lp, _rhs(lp), _rmax(lp, {"vocs": 1500.0, "co2i": 700.0, "nox": 200.0})), strict=True))
    u = dict(zip(lp.row_target, lp.shortfall_unit, strict=True))
    assert (w["vocs"], w["co2i"], w["nox"]) == pytest.approx((0.03, 1.0, 0.3))
    assert (u["vocs"], u["co2i"], u["nox"]) == pytest.approx((1.0, 10.0, 2.0))


def test_weights_never_span_more_than_1e6():
    """A target whose standalone maximum is 0 (size floored at 1e-6·u) weighs 1; the others
    would fall below 1e-6 of it and are raised to exactly 1e-6 (span 1e6).

    With Rmax(nox) = 0: size = max(min(1e9, 0), 1e-6·2) = 2e-6, u/size = 1e6; vocs u/size 1e-3
    -> 1e-9 of it -> raised to 1e-6; co2i 1/30 -> 3.3e-8 -> raised to 1e-6."""
    lp = compile_lp(_data(1e9)).lp
    w = dict(zip(lp.row_target, elastic_weights(
        lp, _rhs(lp), _rmax(lp, {"vocs": 1500.0, "co2i": 700.0, "nox": 0.0})), strict=True))
    assert w["nox"] == 1.0
    assert w["vocs"] == pytest.approx(1e-6) and w["co2i"] == pytest.approx(1e-6)
