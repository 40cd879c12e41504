"""QA/QC: notation keys, completeness, year-on-year jumps, recalculation, county sums."""

import math

import pandas as pd
import pytest

from model.errors import InputError
from model.inventory.gwp import to_co2e
from model.inventory.qaqc import (
    check_counties_sum,
    check_notation,
    completeness,
    findings,
    recalculate,
    year_on_year_jumps,
)

COLS = ["region", "year", "category", "gas", "value", "notation"]


def _em(rows):
    return pd.DataFrame(rows, columns=COLS)


def test_notation_keys():
    em = _em([("ankang", 2020, "1.B.1", "CH4", 0.0, "NO"), ("ankang", 2020, "1.A.1", "CO2", 5.0,
                                                             "")])
    out = check_notation(em)
    assert out[["category", "notation", "label_en"]].values.tolist() == [
        ["1.B.1", "NO", "Not occurring"]]
    with pytest.raises(InputError, match="XX"):
        check_notation(_em([("ankang", 2020, "1.B.1", "CH4", 0.0, "XX")]))
    with pytest.raises(InputError, match=r"value 3\.0 with notation NE"):
        check_notation(_em([("ankang", 2020, "1.B.1", "CH4", 3.0, "NE")]))


def test_completeness():
    em = _em([
        ("ankang", 2020, "1.A.1.a", "CO2", 100.0, ""),   # finer code counts for 1.A.1
        ("ankang", 2020, "1.B.1", "CH4", 0.0, "NO"),
        ("ankang", 2020, "2.A.1", "CO2", 0.0, ""),       # zero without a key
        ("ankang", 2020, "4.A", "N2O", 1.0, ""),         # unexpected gas is kept
        ("hanbin", 2020, "3.A.1", "CH4", 9.0, ""),       # other region ignored
    ])
    t = completeness(em, "ankang", 2020).set_index(["category", "gas"])["status"]
    assert t[("1.A.1", "CO2")] == "estimated"
    assert t[("1.A.1", "CH4")] == "missing"
    assert t[("1.B.1", "CH4")] == "NO"
    assert t[("2.A.1", "CO2")] == "zero"
    assert t[("3.A.1", "CH4")] == "missing"
    assert t[("4.A", "N2O")] == "estimated"
    # every expected (category, gas) of the tree appears once
    assert not t.index.duplicated().any()
    checks = findings(pd.DataFrame(columns=["region", "category", "gas", "year_from", "year_to",
                                            "value_from", "value_to", "change_pct"]),
                      pd.DataFrame(columns=["year", "category", "gas", "city_value",
                                            "counties_sum", "difference_pct", "ok"]),
                      completeness(em, "ankang", 2020))
    assert (checks["where"] == "ankang 2020 2.A.1 CO2").sum() == 1


def test_year_on_year_jumps():
    """1.A.1: 100 -> 105 (+5 %, no flag) -> 130 (+23.8 %, flag); 3.B.1 sink -50 -> -40 is
    +20 % (flag); 4.A 0.1 -> 0.3 is +200 % but below 0.5 % of the total (no flag)."""
    em = _em([
        ("ankang", 2018, "1.A.1", "CO2", 100.0, ""), ("ankang", 2019, "1.A.1", "CO2", 105.0, ""),
        ("ankang", 2020, "1.A.1", "CO2", 130.0, ""),
        ("ankang", 2019, "3.B.1", "CO2", -50.0, ""), ("ankang", 2020, "3.B.1", "CO2", -40.0, ""),
        ("ankang", 2019, "4.A", "CO2", 0.1, ""), ("ankang", 2020, "4.A", "CO2", 0.3, ""),
    ])
    j = year_on_year_jumps(to_co2e(em)).set_index("category")
    assert sorted(j.index) == ["1.A.1", "3.B.1"]
    assert j.loc["1.A.1", "year_to"] == 2020
    assert j.loc["1.A.1", "change_pct"] == pytest.approx(25.0 / 105.0 * 100.0)
    assert j.loc["3.B.1", "change_pct"] == pytest.approx(20.0)


def test_recalculate():
    old = _em([("ankang", 2020, "1.A.1", "CO2", 100.0, ""), ("ankang", 2020, "4.A", "CH4", 2.0, ""),
               ("ankang", 2020, "2.A.1", "CO2", 7.0, "")])
    new = _em([("ankang", 2020, "1.A.1", "CO2", 110.0, ""), ("ankang", 2020, "4.A", "CH4", 2.0, ""),
               ("ankang", 2020, "3.A.1", "CH4", 1.5, "")])
    r = recalculate(old, new).set_index("category")
    assert r.loc["1.A.1", "change"] == "revised"
    assert r.loc["1.A.1", "difference"] == pytest.approx(10.0)
    assert r.loc["1.A.1", "difference_pct"] == pytest.approx(10.0)
    assert r.loc["4.A", "change"] == "unchanged"
    assert r.loc["3.A.1", "change"] == "added" and r.loc["3.A.1", "difference"] == 1.5
    assert r.loc["2.A.1", "change"] == "removed" and r.loc["2.A.1", "difference"] == -7.0
    assert math.isnan(r.loc["3.A.1", "difference_pct"])
    with pytest.raises(InputError, match="gas"):
        recalculate(old.drop(columns="gas"), new)


def test_counties_sum_to_city():
    """City 1000; counties 600 + 396 = 996 -> -0.4 % (ok at 0.5 %); for CH4 city 10,
    counties 9.9 -> -1 % (not ok)."""
    em = _em([
        ("ankang", 2020, "1.A.1", "CO2", 1000.0, ""), ("hanbin", 2020, "1.A.1", "CO2", 600.0, ""),
        ("xunyang", 2020, "1.A.1", "CO2", 396.0, ""),
        ("ankang", 2020, "4.A", "CH4", 10.0, ""), ("hanbin", 2020, "4.A", "CH4", 9.9, ""),
    ])
    s = check_counties_sum(em).set_index("category")
    assert s.loc["1.A.1", "difference_pct"] == pytest.approx(-0.4)
    assert bool(s.loc["1.A.1", "ok"]) is True
    assert bool(s.loc["4.A", "ok"]) is False
    f = findings(year_on_year_jumps(to_co2e(em)), check_counties_sum(em),
                 completeness(em.iloc[:0], "ankang", 2020))
    assert (f["check"] == "county sum").sum() == 1
    assert f[f["check"] == "county sum"]["severity"].iloc[0] == "error"
