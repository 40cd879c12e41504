"""Per-region cap on service levels: the served amount never exceeds its total (<= 100 %).

Fixture: tests/lp/fixtures.py::pathway with the pool removed (the pool used to be the only thing
keeping a region below 100 %). Two regions, years 2025 and 2030, base 2020, r = 5 %:

    septic: hanbin only, cost 10 CNY/household/yr, +1 household served, potential 1000
    sew:    ziyang only, cost 20 CNY/household/yr, +1 household served, potential 1000
    served/total: hanbin 300 of 1000, ziyang 100 of 500 (both years); city 400 of 1500
    service_cap rows: x(septic,hanbin,y) <= 1000 - 300 = 700, x(sew,ziyang,y) <= 500 - 100 = 400
"""

from __future__ import annotations

import pytest

from model.errors import InputError
from model.lp import compile_lp, solve
from tests.lp.fixtures import frame, pathway, targets

DF5 = 1.05 ** -5
W25, W30 = sum(1.05 ** -k for k in range(5, 10)), 1.05 ** -10  # weights: test_pathway.py


def _no_pool(**over):
    kw = dict(pools=frame([], ["pool", "region", "year", "capacity"]),
              pool_members=frame([], ["pool", "measure", "share"]))
    kw.update(over)
    return pathway(**kw)


def test_cap_binds_and_the_rest_goes_to_the_dearer_region():
    """Sewage 90 % in 2025: 0.9·1500 = 1350 served, +950 households.

    Without the cap the cheap septic (10 CNY) would do all 950 in hanbin: 1250 of 1000 served,
    125 %. With the cap septic stops at 700 (hanbin at exactly 100 %) and sew adds 250 in ziyang.
    2025 cost 10·700 + 20·250 = 12,000 CNY/yr; capacity stays in 2030 (COD there
    0.01·700 + 0.05·250 = 19.5 >= 10 t, the cap target is met), 12,000 CNY/yr again.
    Shadow price: one more household in 2025 is one more sew over 2025-2029 (weight W25) and,
    capacity staying, in 2030 (W30): 20·(W25 + W30)/df25 = 106.58953 CNY in 2025 terms, per
    percentage point x1500/100: 1598.8430 CNY/pp. (Was 535.06 before model years were weighted by
    the years they stand for, issue #7.)
    """
    data = _no_pool(targets=targets([("sewage90", "service_level", "sewage", 2025, 0.90,
                                      "fraction"),
                                     ("codcap", "cap", "COD", 2030, 140.0, "t")]))
    sol = solve(data)
    assert sol.status == "optimal"
    lv = sol.levels.set_index(["measure", "year"])["level"]
    assert lv["septic", 2025] == pytest.approx(700.0, abs=1e-6)
    assert lv["sew", 2025] == pytest.approx(250.0, abs=1e-6)
    assert sol.cost_by_year == pytest.approx({2025: 12_000.0, 2030: 12_000.0}, rel=1e-9)
    hanbin = 300 + lv["septic", 2025]
    assert hanbin / 1000 == pytest.approx(1.0, abs=1e-9)  # exactly 100 %, not 125 %
    t = sol.targets.set_index("target")
    assert t.loc["sewage90", "achieved"] == pytest.approx(0.9, abs=1e-9)
    assert t.loc["sewage90", "shadow_price"] == pytest.approx(20 * (W25 + W30) / DF5 * 15,
                                                              rel=1e-6)
    assert t.loc["sewage90", "shadow_price"] == pytest.approx(1598.8430, rel=1e-7)


def test_max_achievable_service_level_is_at_most_100_percent():
    """sew's potential cut to 300: at most 400 + 700 (septic capped) + 300 = 1400 of 1500 served,
    93.33 %; without the cap it would be (400 + 1000 + 300)/1500 = 113.3 %. A 95 % target is
    then infeasible with a shortfall of 95 − 93.33 = 1.667 percentage points."""
    cols = ["measure", "region", "year", "floor", "potential"]
    data = _no_pool(
        bounds=frame([("septic", "hanbin", y, 0.0, 1000.0) for y in (2025, 2030)]
                     + [("sew", "ziyang", y, 0.0, 300.0) for y in (2025, 2030)], cols),
        targets=targets([("sewage95", "service_level", "sewage", 2025, 0.95, "fraction")]))
    sol = solve(data)
    assert sol.status == "infeasible"
    t = sol.targets.set_index("target")
    assert t.loc["sewage95", "max_achievable"] == pytest.approx(1400 / 1500, abs=1e-9)
    assert t.loc["sewage95", "achieved"] == pytest.approx(1400 / 1500, abs=1e-9)
    assert t.loc["sewage95", "shortfall"] == pytest.approx(0.95 - 1400 / 1500, abs=1e-9)


def _baseline_with(changes):
    base = pathway().baseline.copy()
    for (r, q), v in changes.items():
        base.loc[(base["region"] == r) & (base["quantity"] == q), "value"] = v
    return base


def test_served_above_total_is_refused():
    data = _no_pool(baseline=_baseline_with({("ziyang", "sewage"): 600.0}))
    with pytest.raises(InputError, match=r"region 'ziyang' year \d+ quantity 'sewage'.*"
                                         r"served 600 > total 500"):
        compile_lp(data)


def test_measure_on_a_service_the_region_lacks_is_refused():
    """hanbin's total set to 0 (no sewage service there, 0 of 0) while septic keeps potential
    1000 in hanbin: it would serve households that do not exist."""
    data = _no_pool(baseline=_baseline_with({("hanbin", "sewage"): 0.0,
                                             ("hanbin", "sewage:total"): 0.0}))
    with pytest.raises(InputError, match=r"measure 'septic' region 'hanbin'.*potential 1000 on "
                                         r"service 'sewage' whose total there is 0"):
        compile_lp(data)
    cols = ["measure", "region", "year", "floor", "potential"]
    ok = _no_pool(baseline=data.baseline, bounds=frame(
        [("septic", "hanbin", y, 0.0, 0.0) for y in (2025, 2030)]
        + [("sew", "ziyang", y, 0.0, 1000.0) for y in (2025, 2030)], cols),
        targets=targets([("codcap", "cap", "COD", 2030, 140.0, "t")]))
    lp = compile_lp(ok).lp  # potential 0 there: accepted, and no cap row for hanbin
    assert [k for f, k in zip(lp.row_family, lp.row_key, strict=True) if f == "service_cap"] \
        == [("sewage", "ziyang", 2025), ("sewage", "ziyang", 2030)]
