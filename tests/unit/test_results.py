"""Result tables from the hand LP (tests/lp/fixtures.py::hand_lp) and the pathway fixture.

Hand LP optimum (worked in tests/lp/test_solve_hand.py): a = 100, b = 25.
measures_table: a: cost 10·100 = 1000 CNY/yr, NOx 1·100 = 100 t, CO2 2·100 = 200 t;
                b: cost 30·25 = 750, NOx 2·25 = 50 t, CO2 10·25 = 250 t.
emissions_table: CO2 2025 baseline 1200, scenario 1200 - 450 = 750 t CO2; NOx 2025
520 -> 520 - 150 = 370 t; base year 2020 equal in both cases (1000 t CO2).
"""

from __future__ import annotations

import pytest

from model.errors import InputError
from model.lp import compile_lp
from model.lp.index import index
from model.results import emissions_table, measures_table, split_case, targets_table
from tests.lp.fixtures import hand_lp, pathway


def _solved(data):
    return compile_lp(data).solve()


def test_targets_table_columns_and_values():
    data = hand_lp()
    tt = targets_table(_solved(data), index(data))
    assert list(tt.columns[:12]) == ["target", "label_zh", "label_en", "required", "achieved",
                                     "unit", "shortfall", "shadow_price", "shadow_price_unit",
                                     "range_low", "range_high", "status"]
    assert list(tt["target"]) == ["nox", "co2i"]
    row = tt.set_index("target").loc["nox"]
    assert row["label_zh"] == "nox目标"
    assert row["shadow_price"] == pytest.approx(15.0)
    assert row["status"] == "binding"
    assert tt.set_index("target").loc["co2i", "status"] == "slack"
    # b is the measure at the margin of the binding NOx row (a at its potential, b inside)
    assert row["marginal_measure"] == "b"


def test_measures_table_values():
    data = hand_lp()
    mt = measures_table(_solved(data), index(data)).set_index("measure")
    assert mt.loc["a", "annual_cost"] == pytest.approx(1000.0)
    # the fixture's single annual cost is an operating cost: gross = om = net, no savings
    assert mt.loc["a", "gross"] == mt.loc["a", "om"] == mt.loc["a", "net"] == 1000.0
    assert mt.loc["a", "savings"] == 0.0 and mt.loc["a", "build"] == pytest.approx(100.0)
    assert mt.loc["b", "annual_cost"] == pytest.approx(750.0)
    assert mt.loc["a", "reduction_NOx"] == pytest.approx(100.0)
    assert mt.loc["b", "reduction_CO2"] == pytest.approx(250.0)
    assert mt.loc["a", "reduction_SO2"] == 0.0
    assert mt.loc["a", "family"] == "industry"
    assert {f"reduction_{q}" for q in ("COD", "NH3-N", "VOCs", "PM2.5", "energy")} <= set(
        mt.columns)


def _cases(et):
    """{(region, variable, year, case): value} of an IAMC emissions table."""
    return split_case(et).set_index(["region", "variable", "year", "case"])["value"]


def test_emissions_table_values():
    data = hand_lp()
    et = emissions_table(_solved(data), index(data), "s1", city="ankang")
    assert list(et.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                                "value"]
    # the baseline is folded into the scenario name; every row is model "peakplan"
    assert set(et["scenario"]) == {"s1", "s1 (baseline)"}
    assert set(et["model"]) == {"peakplan"}
    v = _cases(et)
    assert v[("hanbin", "Emissions|CO2", 2025, "baseline")] == pytest.approx(1200.0)
    assert v[("hanbin", "Emissions|CO2", 2025, "scenario")] == pytest.approx(750.0)
    assert v[("hanbin", "Emissions|NOx", 2025, "scenario")] == pytest.approx(370.0)
    assert v[("hanbin", "Emissions|CO2", 2020, "scenario")] == pytest.approx(1000.0)
    assert v[("ankang", "Emissions|CO2", 2025, "scenario")] == pytest.approx(750.0)
    assert set(et.loc[et["variable"] == "Emissions|CO2", "unit"]) == {"t CO2/yr"}
    assert set(et.loc[et["variable"] == "Emissions|NOx", "unit"]) == {"t NOx/yr"}
    # one row per (model, scenario, region, variable, year): what pyam requires
    assert not et.duplicated(["model", "scenario", "region", "variable", "year"]).any()


def test_emissions_table_service_share_and_city_sum():
    """Pathway optimum: septic 200 (hanbin, both years), sew 160 (ziyang, 2030).

    Sewage share 2030 in %: hanbin (300 + 200)/1000 = 50; ziyang (100 + 160)/500 = 52; city
    (400 + 360)/1500 = 50.667. COD 2030 city: 150 - 0.01·200 - 0.05·160 = 140 t.
    """
    data = pathway()
    et = emissions_table(_solved(data), index(data), "p", city="ankang")
    v = _cases(et)
    assert v[("hanbin", "Service|sewage", 2030, "scenario")] == pytest.approx(50.0)
    assert v[("ziyang", "Service|sewage", 2030, "scenario")] == pytest.approx(52.0)
    assert v[("ankang", "Service|sewage", 2030, "scenario")] == pytest.approx(76000 / 1500)
    assert v[("ankang", "Emissions|COD", 2030, "scenario")] == pytest.approx(140.0)
    assert v[("ankang", "Emissions|COD", 2030, "baseline")] == pytest.approx(150.0)
    assert set(et.loc[et["variable"] == "Service|sewage", "unit"]) == {"%"}


def test_emissions_table_refuses_zero_total():
    data = pathway()
    sol = _solved(data)
    base = data.baseline.copy()
    base.loc[base["quantity"] == "sewage:total", "value"] = 0.0
    bad = pathway(baseline=base)
    with pytest.raises(InputError, match="sewage:total"):
        emissions_table(sol, index(bad), "p")
