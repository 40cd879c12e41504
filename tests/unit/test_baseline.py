"""Tests of model.baseline, every expected value worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from model.baseline import project, project_gdp
from model.errors import InputError

BASE = pd.DataFrame({
    "region": ["hanbin", "hanbin", "ziyang", "hanbin", "hanbin"],
    "quantity": ["CO2", "energy", "CO2", "urban_sewage_treated", "urban_sewage_treated:total"],
    "value": [1000.0, 500.0, 200.0, 8000.0, 10000.0],
})
GDP = pd.DataFrame({"region": ["hanbin", "ziyang"], "value": [100.0, 50.0]})
# city-wide: +10 % in 2021, flat after; ziyang has its own +21 % in 2021
GROWTH = pd.DataFrame({
    "year": [2021, 2022, 2023, 2024, 2025, 2021],
    "region": [None, None, None, None, None, "ziyang"],
    "rate": [0.10, 0.0, 0.0, 0.0, 0.0, 0.21],
})
ELAST = {"CO2": 0.5, "energy": 1.0}


def _value(df, region, year, quantity):
    sel = df[(df.region == region) & (df.year == year) & (df.quantity == quantity)]
    assert len(sel) == 1
    return float(sel["value"].iloc[0])


def test_project_by_hand():
    base, gdp = project(BASE, GDP, GROWTH, ELAST, [2023, 2025], base_year=2020,
                        population_growth=-0.01)
    g = gdp.set_index(["region", "year"])["value"]
    # GDP: hanbin 100 x 1.10 = 110 from 2021 on; ziyang 50 x 1.21 = 60.5
    assert g[("hanbin", 2025)] == pytest.approx(110.0, rel=1e-12)
    assert g[("ziyang", 2025)] == pytest.approx(60.5, rel=1e-12)
    assert g[("hanbin", 2020)] == pytest.approx(100.0, rel=1e-12)
    # CO2 elasticity 0.5: hanbin 1000 x 1.1^0.5 = 1048.809; ziyang 200 x 1.21^0.5 = 220
    assert _value(base, "hanbin", 2025, "CO2") == pytest.approx(1048.809, rel=1e-6)
    assert _value(base, "ziyang", 2025, "CO2") == pytest.approx(220.0, rel=1e-9)
    # energy elasticity 1: intensity constant, 500 x 1.1 = 550
    assert _value(base, "hanbin", 2023, "energy") == pytest.approx(550.0, rel=1e-9)
    # served amount held; total 10000 x 0.99^5 = 9509.90 (0.99^2 = 0.9801, ^4 = 0.96059601,
    # ^5 = 0.9509900499)
    assert _value(base, "hanbin", 2025, "urban_sewage_treated") == 8000.0
    assert _value(base, "hanbin", 2025, "urban_sewage_treated:total") == pytest.approx(
        9509.9005, rel=1e-8)
    assert _value(base, "hanbin", 2020, "CO2") == 1000.0
    assert len(base) == 5 * 3  # base year + two model years
    assert list(base.columns) == ["region", "year", "quantity", "value"]


def test_gdp_compound_growth_by_hand():
    # published Ankang real growth 2021 +7.5 %, 2022 +2.0 %, then 5 %, 6 %, 5.5 %:
    # 1.075 x 1.02 = 1.0965; x 1.05 = 1.151325; x 1.06 = 1.2204045; x 1.055 = 1.2875267475
    growth = pd.DataFrame({"year": [2021, 2022, 2023, 2024, 2025], "region": [""] * 5,
                           "rate": [0.075, 0.02, 0.05, 0.06, 0.055]})
    gdp = project_gdp(pd.DataFrame({"region": ["ankang"], "value": [1088.78e8]}), growth, 2020,
                      [2025])
    assert gdp.set_index("year").at[2025, "value"] == pytest.approx(1088.78e8 * 1.2875267475,
                                                                    rel=1e-9)


def test_missing_elasticity():
    with pytest.raises(InputError, match="no elasticity for quantity 'energy'"):
        project(BASE, GDP, GROWTH, {"CO2": 0.5}, [2025])


def test_missing_growth_year():
    with pytest.raises(InputError, match="growth year 2025"):
        project(BASE, GDP, GROWTH[GROWTH.year != 2025], ELAST, [2025])


def test_percent_instead_of_fraction():
    bad = GROWTH.copy()
    bad.loc[0, "rate"] = 7.5
    with pytest.raises(InputError, match="a fraction"):
        project(BASE, GDP, bad, ELAST, [2025])


def test_region_without_gdp():
    with pytest.raises(InputError, match="no base-year GDP for region 'ziyang'"):
        project(BASE, GDP[GDP.region == "hanbin"], GROWTH, ELAST, [2025])


def test_year_not_after_base():
    with pytest.raises(InputError, match="after the base year"):
        project(BASE, GDP, GROWTH, ELAST, [2020, 2025])


def test_duplicated_growth_row():
    dup = pd.concat([GROWTH, GROWTH.iloc[[1]]])
    with pytest.raises(InputError, match="duplicated growth row"):
        project(BASE, GDP, dup, ELAST, [2025])


def test_manure_total_follows_the_herd_not_population():
    """Manure produced is driven by livestock, not people (review finding: it shrank with the
    -0.53 %/yr population and understated the manure to be used by 2.6 % in 2025).
    Base 1000 t/yr, population -10 %/yr, no livestock elasticity -> 1000 t/yr in 2021;
    with livestock elasticity 1 and GDP +10 % -> 1100 t/yr."""
    import pandas as pd

    from model.baseline import project

    base = pd.DataFrame({"region": ["a", "a"], "quantity": ["manure_used", "manure_used:total"],
                         "value": [500.0, 1000.0]})
    gdp = pd.DataFrame({"region": ["a"], "value": [100.0]})
    growth = pd.DataFrame({"year": [2021], "region": [None], "rate": [0.10]})
    out, _ = project(base, gdp, growth, {}, [2021], base_year=2020, population_growth=-0.10)
    tot = out[(out["year"] == 2021) & (out["quantity"] == "manure_used:total")]["value"].item()
    assert tot == pytest.approx(1000.0)
    out, _ = project(base, gdp, growth, {"livestock": 1.0}, [2021], base_year=2020,
                     population_growth=-0.10)
    tot = out[(out["year"] == 2021) & (out["quantity"] == "manure_used:total")]["value"].item()
    assert tot == pytest.approx(1100.0)
