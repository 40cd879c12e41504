"""The most a peak row can reach on its own (issue #16: ``validate`` said every ``co2_peak`` row
of peak-2030 was unreachable, "max achievable -4.6 %", the baseline's own rate, though ``run``
solves it).

Fixture tests/lp/fixtures.py::pathway with one target, COD peaking in 2025 and then falling by
at least v per year: one row for 2030, ``E30 <= (1 − v)^5 · E25``. By hand, with the target
freed: E25 = 150 − 0.01 s25 − 0.05 w25 and E30 = 150 − 0.01 s30 − 0.05 w30, capacity never
retires (s30 >= s25, w30 >= w25), pools s <= 700 (hanbin), w <= 400 (ziyang). E30/E25 is least
with nothing built in 2025 (E25 = 150) and both pools full in 2030 (E30 = 150 − 7 − 20 = 123):
ρ = 0.82, so the most decline per year is 1 − 0.82^(1/5) = 3.8913 %. With a floor of 100
households of sew in 2025 (a mandate), E25 = 145 and ρ = 123/145.
"""

from __future__ import annotations

import pytest

from model.checks import reachability
from model.lp import compile_lp, solve
from model.lp.diagnose import max_achievable
from tests.lp.fixtures import frame, pathway, targets

BEST = 1 - 0.82 ** 0.2
BEST_FLOOR = 1 - (123 / 145) ** 0.2


def _peak(v: float, **over):
    return pathway(targets=targets([("codpeak", "peak", "COD", 2025, v, "fraction")]), **over)


def test_peak_row_best_is_the_least_ratio_by_hand():
    assert max_achievable(compile_lp(_peak(0.01))) == {("codpeak", 2030):
                                                       pytest.approx(BEST, rel=1e-9)}


def test_peak_row_best_with_a_mandate_by_hand():
    cols = ["measure", "region", "year", "floor", "potential"]
    bounds = frame([("septic", "hanbin", 2025, 0.0, 1000.0), ("septic", "hanbin", 2030, 0.0,
                                                                1000.0),
                    ("sew", "ziyang", 2025, 100.0, 1000.0), ("sew", "ziyang", 2030, 0.0,
                                                             1000.0)], cols)
    best = max_achievable(compile_lp(_peak(0.01, bounds=bounds)))[("codpeak", 2030)]
    assert best == pytest.approx(BEST_FLOOR, rel=1e-9)


@pytest.mark.parametrize("v", [BEST * 0.99, BEST * 1.01])
def test_validate_reachability_agrees_with_the_solve(v):
    """Reachable on its own exactly when the LP with the one target solves."""
    reach = reachability(compile_lp(_peak(v)))
    assert list(reach["year"]) == [2030]
    assert bool(reach["reachable"].iloc[0]) == (v < BEST)
    assert (solve(_peak(v)).status == "optimal") == (v < BEST)


def test_infeasible_peak_row_reports_its_best():
    """An infeasible run's peak row says how far the decline can go (was NaN)."""
    sol = solve(_peak(0.05))
    assert sol.status == "infeasible"
    row = sol.targets.set_index("target").loc["codpeak"]
    assert row["max_achievable"] == pytest.approx(BEST, rel=1e-9)
    assert "at most 3.891 % even with every other target dropped" in row["message"]


def test_targets_each_reachable_but_not_together():
    """validate's check 6 (the targets together), by hand: a pool of 60 units shared by a
    (NOx 1 t, CO2 0) and b (NOx −1 t: it raises NOx; CO2 10 t). NOx >= 50 t alone: a = 60
    gives 60 t; CO2 >= 300 t alone: b = 30. Together b >= 30 leaves a <= 30, so NOx <= 0:
    each target is reachable on its own, the set is not, and run finds it infeasible."""
    from model.checks import jointly_feasible
    from tests.lp.fixtures import hand_lp

    data = hand_lp(
        effects=frame([("a", "NOx", 1.0), ("b", "NOx", -1.0), ("b", "CO2", 10.0)],
                      ["measure", "quantity", "value"]),
        pools=frame([("shared", "hanbin", 2025, 60.0)], ["pool", "region", "year", "capacity"]),
        pool_members=frame([("shared", "a", 1.0), ("shared", "b", 1.0)],
                           ["pool", "measure", "share"]),
        targets=targets([("nox", "load_reduction", "NOx", 2025, 50.0, "t"),
                         ("co2", "load_reduction", "CO2", 2025, 300.0, "t")]))
    c = compile_lp(data)
    reach = reachability(c).set_index("target")
    assert reach.loc["nox", "max_achievable"] == pytest.approx(60.0)
    assert reach.loc["co2", "max_achievable"] == pytest.approx(500.0)  # b = 50 (potential)
    assert bool(reach["reachable"].all())
    assert jointly_feasible(c) is False
    assert solve(data).status == "infeasible"
    # CO2 >= 100 t instead: b = 10, a = 50 gives NOx 40 t >= 20 t, so together they hold
    data_ok = hand_lp(effects=data.effects, pools=data.pools, pool_members=data.pool_members,
                      targets=targets([("nox", "load_reduction", "NOx", 2025, 20.0, "t"),
                                       ("co2", "load_reduction", "CO2", 2025, 100.0, "t")]))
    assert jointly_feasible(compile_lp(data_ok)) is True
    assert solve(data_ok).status == "optimal"
