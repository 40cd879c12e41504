"""Baseline activity by year (model.projection.activity), every expected value by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.errors import InputError
from model.projection.activity import ProjectionRule, add, drivers, project, project_gdp

GDP = pd.DataFrame({"region": ["hanbin", "ziyang"], "value": [100.0, 50.0]})
# city-wide: +10 % in 2021, flat after; ziyang has its own +21 % in 2021
GROWTH = pd.DataFrame({
    "year": [2021, 2022, 2023, 2024, 2025, 2021],
    "region": [None, None, None, None, None, "ziyang"],
    "rate": [0.10, 0.0, 0.0, 0.0, 0.0, 0.21],
})
ROWS = pd.DataFrame([
    ("hanbin", "1.A.2.m", "raw_coal", "t", 1000.0, "fuel"),
    ("hanbin", "1.A.2.m", "electricity", "MWh", 500.0, "electricity"),
    ("ziyang", "1.A.4.b", "raw_coal", "t", 200.0, "fuel"),
    ("hanbin", "service", "urban_sewage_volume", "m**3/d", 10000.0, "total"),
    ("hanbin", "service", "urban_sewage_treated", "m**3/d", 8000.0, "service"),
    ("hanbin", "1.A.3.b", "heavy_truck_diesel.china3_or_older", "vehicle", 100.0, "vehicle"),
    ("hanbin", "1.A.3.b", "heavy_truck_diesel.china5", "vehicle", 300.0, "vehicle"),
    ("hanbin", "1.A.3.b", "heavy_truck_diesel.china6", "vehicle", 0.0, "vehicle"),
], columns=["region", "category", "activity", "unit", "amount", "kind"])
RULES = [
    ProjectionRule("coal", "gdp", 0.5, kind="fuel"),
    ProjectionRule("electricity", "gdp", 1.0, kind="electricity"),
    ProjectionRule("fleet", "gdp", 1.0, kind="vehicle",
                   survival={"china3_or_older": 0.8}),
    ProjectionRule("sewage", "population", 1.0, kind="total", activity="*_sewage_volume"),
    ProjectionRule("served", "flat", kind="service"),
]


def _amounts(years=(2023, 2025), pop=-0.01):
    gdp = project_gdp(GDP, GROWTH, 2020, list(years))
    ratios = drivers(gdp, pop, ["hanbin", "ziyang"], 2020, list(years))
    return project(ROWS, RULES, ratios, ["hanbin", "ziyang"], 2020, list(years))


def test_gdp_by_hand():
    # hanbin 100 x 1.10 = 110 from 2021 on; ziyang's own +21 %: 50 x 1.21 = 60.5
    g = project_gdp(GDP, GROWTH, 2020, [2023, 2025]).set_index(["region", "year"])["value"]
    assert g[("hanbin", 2025)] == pytest.approx(110.0, rel=1e-12)
    assert g[("ziyang", 2025)] == pytest.approx(60.5, rel=1e-12)
    assert g[("hanbin", 2020)] == pytest.approx(100.0, rel=1e-12)


def test_activity_by_hand():
    """coal elasticity 0.5: hanbin 1000 x 1.1^0.5 = 1048.809, ziyang 200 x 1.21^0.5 = 220;
    electricity elasticity 1: 500 x 1.1 = 550; sewage volume follows population 10000 x 0.99^5
    = 9509.9005; the amount served stays 8000."""
    a, used = _amounts()
    assert a.shape == (len(ROWS), 3)  # base year + two model years
    assert a[0, 2] == pytest.approx(1048.809, rel=1e-6)
    assert a[2, 2] == pytest.approx(220.0, rel=1e-12)
    assert a[1, 1] == pytest.approx(550.0, rel=1e-12)
    assert a[3, 2] == pytest.approx(9509.9005, rel=1e-8)
    assert a[4, 2] == 8000.0
    assert used[:2] == ["coal", "electricity"]


def test_fleet_turnover_by_hand():
    """Heavy trucks 400 in 2020 grow with GDP (x1.1): 440 in 2023 and 2025. China 3 keeps
    0.8^t: 100 x 0.8^3 = 51.2 (2023), 100 x 0.8^5 = 32.768 (2025); China 5 has no survival rate
    given, so stays 300; China 6 takes the rest: 440 - 51.2 - 300 = 88.8 and 107.232."""
    a, _ = _amounts()
    assert a[5, 1] == pytest.approx(51.2, rel=1e-12)
    assert a[5, 2] == pytest.approx(32.768, rel=1e-12)
    assert a[6, 2] == 300.0
    assert a[7, 1] == pytest.approx(88.8, rel=1e-12)
    assert a[7, 2] == pytest.approx(107.232, rel=1e-12)
    assert a[5:8, 2].sum() == pytest.approx(440.0, rel=1e-12)


def test_a_row_no_rule_selects_is_refused():
    gdp = project_gdp(GDP, GROWTH, 2020, [2025])
    ratios = drivers(gdp, 0.0, ["hanbin", "ziyang"], 2020, [2025])
    with pytest.raises(InputError, match="no rule for the service row hanbin service "
                                         "urban_sewage_treated"):
        project(ROWS, RULES[:4], ratios, ["hanbin", "ziyang"], 2020, [2025])


def test_additions_from_their_year_on():
    """+300 MWh of electricity (given as 30 万kWh) from 2024: 2023 keeps 550, 2025 gets 850."""
    a, _ = _amounts()
    out = add(a, ROWS, [{"region": "hanbin", "category": "1.A.2.m", "activity": "electricity",
                         "year": 2024, "value": 30, "unit": "万千瓦时", "where": "test"}],
              2020, [2023, 2025])
    assert out[1, 1] == pytest.approx(550.0) and out[1, 2] == pytest.approx(850.0)
    assert np.array_equal(out[0], a[0])
    with pytest.raises(InputError, match=r"no baseline row hanbin 1\.A\.2\.m coke"):
        add(a, ROWS, [{"region": "hanbin", "category": "1.A.2.m", "activity": "coke",
                       "year": 2024, "value": 1, "unit": "t", "where": "test"}], 2020, [2023, 2025])


def test_gdp_compound_growth_by_hand():
    # published Ankang real growth 2021 +7.5 %, 2022 +2.0 %, then 5 %, 6 %, 5.5 %:
    # 1.075 x 1.02 = 1.0965; x 1.05 = 1.151325; x 1.06 = 1.2204045; x 1.055 = 1.2875267475
    growth = pd.DataFrame({"year": [2021, 2022, 2023, 2024, 2025], "region": [""] * 5,
                           "rate": [0.075, 0.02, 0.05, 0.06, 0.055]})
    gdp = project_gdp(pd.DataFrame({"region": ["ankang"], "value": [1088.78e8]}), growth, 2020,
                      [2025])
    assert gdp.set_index("year").at[2025, "value"] == pytest.approx(1088.78e8 * 1.2875267475,
                                                                    rel=1e-9)


def test_missing_growth_year():
    with pytest.raises(InputError, match="growth year 2025"):
        project_gdp(GDP, GROWTH[GROWTH.year != 2025], 2020, [2025])


def test_percent_instead_of_fraction():
    bad = GROWTH.copy()
    bad.loc[0, "rate"] = 7.5
    with pytest.raises(InputError, match="a fraction"):
        project_gdp(GDP, bad, 2020, [2025])


def test_duplicated_growth_row():
    dup = pd.concat([GROWTH, GROWTH.iloc[[1]]])
    with pytest.raises(InputError, match="duplicated growth row"):
        project_gdp(GDP, dup, 2020, [2025])
