"""Uncertainty, IPCC 2006 Vol 1 Ch 3: Approach 1 by hand, Approach 2 converging on it."""

import math

import pandas as pd
import pytest

from model.errors import InputError
from model.inventory.uncertainty import apply_defaults, approach1, approach2

COLS = ["region", "year", "category", "gas", "activity", "value_co2e", "ad_uncertainty_pct",
        "ef_uncertainty_pct"]


def _em(rows):
    return pd.DataFrame(rows, columns=COLS)


HAND = [
    # A: 100 t, AD 5 %, EF 10 % -> U = sqrt(25 + 100) = 11.1803 % (Eq. 3.1)
    ("ankang", 2020, "1.A.1", "CO2", "raw_coal", 100.0, 5.0, 10.0),
    # B: 50 t, AD 3 %, EF 4 % -> U = 5 %
    ("ankang", 2020, "2.A.1", "CO2", "clinker", 50.0, 3.0, 4.0),
    # C: sink -20 t, AD 10 %, EF 20 % -> U = sqrt(500) = 22.3607 %
    ("ankang", 2020, "3.B.1", "CO2", "forest", -20.0, 10.0, 20.0),
]


def test_approach1_by_hand():
    """Total (Eq. 3.2): sqrt((11.1803*100)^2 + (5*50)^2 + (22.3607*20)^2) / |130|
    = sqrt(1 250 000 + 62 500 + 200 000) / 130 = 1229.8374 / 130 = 9.460288 %."""
    out = approach1(_em(HAND)).set_index("category")
    assert out.loc["1.A.1", "uncertainty_pct"] == pytest.approx(math.sqrt(125.0), rel=1e-12)
    assert out.loc["3.B.1", "uncertainty_pct"] == pytest.approx(math.sqrt(500.0), rel=1e-12)
    assert out.loc["TOTAL", "value"] == pytest.approx(130.0)
    assert out.loc["TOTAL", "uncertainty_pct"] == pytest.approx(9.460288, abs=1e-6)
    # variance shares: 1 250 000 / 1 512 500 = 0.826446
    assert out.loc["1.A.1", "variance_share"] == pytest.approx(0.826446, abs=1e-6)
    # AD alone: sqrt(500^2 + 150^2 + 200^2)/130 = sqrt(312 500)/130 = 559.0170/130 = 4.300131 %
    assert out.loc["TOTAL", "ad_uncertainty_pct"] == pytest.approx(4.300131, abs=1e-6)
    assert (out["status"] == "ok").all()


def test_approach1_within_category_sum():
    """Two rows of one category, 60 and 40 t at U = sqrt(125) %:
    sqrt(125 * (60^2 + 40^2)) / 100 = sqrt(650 000)/100 = 8.062258 %."""
    em = _em([("hanbin", 2020, "1.A.1", "CO2", "raw_coal", 60.0, 5.0, 10.0),
              ("hanbin", 2020, "1.A.1", "CO2", "coke", 40.0, 5.0, 10.0)])
    out = approach1(em).set_index("category")
    assert out.loc["1.A.1", "uncertainty_pct"] == pytest.approx(8.062258, abs=1e-6)


def test_missing_is_reported_not_zero():
    em = _em([*HAND, ("ankang", 2020, "4.A", "CH4", "msw", 30.0, float("nan"), 40.0)])
    out = approach1(em).set_index("category")
    assert out.loc["4.A", "status"] == "missing"
    assert math.isnan(out.loc["4.A", "uncertainty_pct"])
    # the total's half-width is over the covered rows (hand value above, relative to their
    # sum 130) and coverage states |covered| / |all| = 170 / 200
    assert out.loc["TOTAL", "uncertainty_pct"] == pytest.approx(9.460288, abs=1e-6)
    assert out.loc["TOTAL", "coverage"] == pytest.approx(170.0 / 200.0)
    assert out.loc["TOTAL", "status"] == "partial"


def test_defaults_fill_with_source():
    em = _em([("ankang", 2020, "4.A", "CH4", "msw", 30.0, float("nan"), 40.0)])
    d = pd.DataFrame([("4", "*", 30.0, float("nan"), "test table"),
                      ("4.A", "CH4", 20.0, float("nan"), "longer match wins")],
                     columns=["category", "gas", "ad_uncertainty_pct", "ef_uncertainty_pct",
                              "source"])
    filled = apply_defaults(em, d)
    assert filled["ad_uncertainty_pct"].iloc[0] == 20.0
    assert filled["uncertainty_source"].iloc[0] == "default: longer match wins"
    out = approach1(em, defaults=d).set_index("category")
    assert out.loc["4.A", "uncertainty_pct"] == pytest.approx(math.sqrt(400 + 1600))
    with pytest.raises(InputError, match="source"):
        apply_defaults(em, d.assign(source=""))


def test_approach2_converges_linear_normal():
    """AD-only uncertainty makes the total a sum of independent normals, so its exact 95 %
    half-width equals Approach 1. Percentile standard error at n = 200 000 is about
    0.3 % of the half-width; tolerance 1.5 % relative (5 standard errors)."""
    rows = [(r, 2020, c, "CO2", "a", v, u, 0.0) for r, c, v, u in [
        ("ankang", "1.A.1", 100.0, 5.0), ("ankang", "1.A.2", 80.0, 20.0),
        ("ankang", "3.B.1", -30.0, 30.0), ("ankang", "4.D.1", 10.0, 50.0)]]
    em = _em(rows)
    a1 = approach1(em).set_index("category").loc["TOTAL", "uncertainty_pct"]
    a2 = approach2(em, n=200_000, seed=7).set_index("category").loc["TOTAL"]
    assert a2["uncertainty_pct"] == pytest.approx(a1, rel=0.015)
    assert a2["mean"] == pytest.approx(160.0, rel=0.002)
    # symmetric for normal inputs
    assert a2["lower_pct"] == pytest.approx(a2["upper_pct"], rel=0.03)


def test_approach2_product_small_uncertainty_and_lognormal():
    """With 5 %/10 % on AD/EF the product is close to linear: within 2 % of Approach 1;
    lognormal inputs with the same s.d. land within 5 %, skewed upwards."""
    em = _em(HAND[:2])
    a1 = approach1(em).set_index("category").loc["TOTAL", "uncertainty_pct"]
    a2 = approach2(em, n=100_000, seed=1).set_index("category").loc["TOTAL", "uncertainty_pct"]
    assert a2 == pytest.approx(a1, rel=0.02)
    ln = approach2(em, n=100_000, seed=1, distribution="lognormal").set_index("category")
    assert ln.loc["TOTAL", "uncertainty_pct"] == pytest.approx(a1, rel=0.05)
    assert ln.loc["TOTAL", "upper_pct"] > ln.loc["TOTAL", "lower_pct"]


def test_approach2_reproducible_and_correlated_ef():
    # the same EF in two counties: fully correlated EF gives the linear sum of EF spreads,
    # sqrt(2)*... larger than independent: half-width 10 % of 200 vs 10 %/sqrt(2)
    rows = [(r, 2020, "1.A.1", "CO2", "raw_coal", 100.0, 0.0, 10.0) for r in ("hanbin", "xunyang")]
    em = _em(rows)
    ind = approach2(em, by=("year",), n=50_000, seed=3).set_index("category")
    cor = approach2(em, by=("year",), n=50_000, seed=3, correlate_ef=True).set_index("category")
    assert ind.loc["TOTAL", "uncertainty_pct"] == pytest.approx(10.0 / math.sqrt(2), rel=0.03)
    assert cor.loc["TOTAL", "uncertainty_pct"] == pytest.approx(10.0, rel=0.03)
    again = approach2(em, by=("year",), n=50_000, seed=3).set_index("category")
    assert again.loc["TOTAL", "lower"] == ind.loc["TOTAL", "lower"]
    with pytest.raises(InputError, match="distribution"):
        approach2(em, distribution="uniform")


def test_approach2_partial_coverage_same_base_as_approach1():
    """A row without uncertainty adds no spread; percentages are relative to the covered sum
    (130 t here, as in Approach 1), so the missing 30 t row does not shrink them."""
    em = _em([*HAND, ("ankang", 2020, "4.A", "CH4", "msw", 30.0, float("nan"), 40.0)])
    full = approach2(_em(HAND), n=50_000, seed=5).set_index("category").loc["TOTAL"]
    part = approach2(em, n=50_000, seed=5).set_index("category").loc["TOTAL"]
    assert part["coverage"] == pytest.approx(170.0 / 200.0)
    # different draws (one more row consumes the generator differently): sampling error of the
    # percentiles at n = 50 000 is about 0.5 %; tolerance 2 %
    assert part["uncertainty_pct"] == pytest.approx(full["uncertainty_pct"], rel=0.02)
    assert part["value"] == pytest.approx(160.0)
    assert math.isnan(approach2(em, n=1000, seed=5).set_index("category").loc["4.A", "lower"])


def test_shared_factor_is_not_averaged_away_across_counties():
    """One Tier 1 factor (EF +-50 %) used in four counties with equal emissions of 100 t and
    independent activity data (+-10 %): the factor's error is common, so for the city
    EF = 50 % (not 50/sqrt(4) = 25 %), AD = sqrt(4 x (10 x 100)^2)/400 = 5 %,
    combined sqrt(50^2 + 5^2) = 50.25 % (review finding: county rows were treated as
    independent, understating e.g. enteric CH4 threefold)."""
    import pandas as pd

    from model.inventory.uncertainty import approach1

    em = pd.DataFrame({
        "region": ["ankang"] * 4, "year": 2020, "category": "3.A.1", "gas": "CH4",
        "activity": "swine", "value_co2e": 100.0, "ad_uncertainty_pct": 10.0,
        "ef_uncertainty_pct": 50.0})
    row = approach1(em).set_index("category").loc["3.A.1"]
    assert row["ef_uncertainty_pct"] == pytest.approx(50.0)
    assert row["ad_uncertainty_pct"] == pytest.approx(5.0)
    assert row["uncertainty_pct"] == pytest.approx((50 ** 2 + 5 ** 2) ** 0.5)
