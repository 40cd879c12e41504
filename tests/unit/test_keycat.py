"""Key category analysis, Approach 1, worked by hand (IPCC 2006 Vol 1 Ch 4 Eq. 4.1 and 4.2).

Fixture (t CO2e, AR5; CH4 at GWP 28), city `ankang`:

    category gas  2015 (base)   2020 (latest)
    1.A.1    CO2     400           500
    1.A.3    CO2     100           200
    3.B.1    CO2    -300          -250     (forest sink)
    3.A.1    CH4      60 (2.142857 t)  56 (2 t)
    4.A      CH4      28 (1 t)     28 (1 t)
    2.A.1    CO2      10            10

Level 2020: sum |E| = 500+250+200+56+28+10 = 1044.
  1.A.1 500/1044 = 0.478927 (cum 0.478927) key
  3.B.1 250/1044 = 0.239464 (cum 0.718391) key   <- a sink is key
  1.A.3 200/1044 = 0.191571 (cum 0.909962) key
  3.A.1  56/1044 = 0.053640 (cum 0.963602) key   (crosses 95 %, so still key)
  4.A    28/1044 = 0.026820 (cum 0.990421) not key
  2.A.1  10/1044 = 0.009579 not key
Trend 2015->2020: sum|E0| = 898, net0 = 298, net_t = 544, total change = 246/298 = 0.825503.
  T = |(Et - E0)/898 - |E0|/898 * 0.825503|
  1.A.1 |100 - 330.2013|/898 = 0.256349
  3.B.1 |50 - 247.6510|/898  = 0.220101
  3.A.1 |-4 - 49.5302|/898   = 0.059610
  4.A   |0 - 23.1141|/898    = 0.025740
  1.A.3 |100 - 82.5503|/898  = 0.019432
  2.A.1 |0 - 8.2550|/898     = 0.009193
  sum T = 0.590425; shares 0.434177, 0.372784 (cum 0.806961), 0.100961 (0.907922),
  0.043596 (0.951518, crosses -> key), 0.032912 not key, 0.015570 not key.
"""

import pandas as pd
import pytest

from model.accounting.gwp import to_co2e
from model.errors import InputError
from model.inventory.keycat import key_categories, level_assessment, trend_assessment

ROWS = [
    ("1.A.1", "CO2", 400.0, 500.0),
    ("1.A.3", "CO2", 100.0, 200.0),
    ("3.B.1", "CO2", -300.0, -250.0),
    ("3.A.1", "CH4", 60.0 / 28.0, 2.0),
    ("4.A", "CH4", 1.0, 1.0),
    ("2.A.1", "CO2", 10.0, 10.0),
]


@pytest.fixture
def em():
    recs = []
    for cat, gas, v0, v1 in ROWS:
        recs.append(("ankang", 2015, cat, gas, v0))
        recs.append(("ankang", 2020, cat, gas, v1))
        recs.append(("hanbin", 2020, cat, gas, 1e6))  # another region must be ignored
    recs.append(("ankang", 2020, "1.A.1", "SO2", 1e6))  # a pollutant must be ignored
    df = pd.DataFrame(recs, columns=["region", "year", "category", "gas", "value"])
    return to_co2e(df, "AR5")


def test_level_with_sink_key(em):
    lev = level_assessment(em, 2020, "ankang").set_index("category")
    assert list(lev.index) == ["1.A.1", "3.B.1", "1.A.3", "3.A.1", "4.A", "2.A.1"]
    assert lev.loc["3.B.1", "estimate_co2e"] == pytest.approx(-250.0)
    assert lev.loc["3.B.1", "level_share"] == pytest.approx(0.239464, abs=1e-6)
    assert lev.loc["3.A.1", "cumulative"] == pytest.approx(0.963602, abs=1e-6)
    assert lev["key"].to_dict() == {"1.A.1": True, "3.B.1": True, "1.A.3": True,
                                    "3.A.1": True, "4.A": False, "2.A.1": False}


def test_trend(em):
    tr = trend_assessment(em, 2015, 2020, "ankang").set_index("category")
    expected = {"1.A.1": 0.256349, "3.B.1": 0.220101, "3.A.1": 0.059610, "4.A": 0.025740,
                "1.A.3": 0.019432, "2.A.1": 0.009193}
    assert list(tr.index) == list(expected)
    for cat, t in expected.items():
        assert tr.loc[cat, "trend"] == pytest.approx(t, abs=2e-6), cat
    assert tr.loc["4.A", "cumulative"] == pytest.approx(0.951518, abs=2e-6)
    assert tr["key"].to_dict() == {"1.A.1": True, "3.B.1": True, "3.A.1": True, "4.A": True,
                                   "1.A.3": False, "2.A.1": False}


def test_new_category_in_trend(em):
    # a category absent in the base year: T = |E_t| / sum|E_0| - 0 = 45/898
    extra = to_co2e(pd.DataFrame([("ankang", 2020, "4.D.1", "CH4", 45.0 / 28.0)],
                                 columns=["region", "year", "category", "gas", "value"]))
    tr = trend_assessment(pd.concat([em, extra]), 2015, 2020, "ankang").set_index("category")
    assert tr.loc["4.D.1", "trend"] == pytest.approx(45.0 / 898.0, rel=1e-9)
    assert tr.loc["4.D.1", "base_co2e"] == 0.0


def test_combined(em):
    kc = key_categories(em, 2020, base_year=2015, region="ankang").set_index("category")
    assert kc.loc["1.A.3", "criterion"] == "L"
    assert kc.loc["4.A", "criterion"] == "T"
    assert kc.loc["3.B.1", "criterion"] == "L,T"
    assert not kc.loc["2.A.1", "key"]
    assert kc["key"].sum() == 5


def test_errors(em):
    with pytest.raises(InputError, match="1999"):
        level_assessment(em, 1999, "ankang")
    with pytest.raises(InputError, match="nowhere"):
        level_assessment(em, 2020, region="nowhere")
