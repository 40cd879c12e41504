"""QA/QC: notation keys, completeness, year-on-year jumps, recalculation, county sums."""

import math

import pandas as pd
import pytest

from model.accounting.gwp import to_co2e
from model.errors import InputError
from model.inventory.qaqc import (
    check_counties_sum,
    check_notation,
    completeness,
    data_status,
    data_status_findings,
    findings,
    recalculate,
    status_summary,
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
    s = check_counties_sum(em, "ankang").set_index("category")
    assert s.loc["1.A.1", "difference_pct"] == pytest.approx(-0.4)
    assert bool(s.loc["1.A.1", "ok"]) is True
    assert bool(s.loc["4.A", "ok"]) is False
    f = findings(year_on_year_jumps(to_co2e(em)), check_counties_sum(em, "ankang"),
                 completeness(em.iloc[:0], "ankang", 2020))
    assert (f["check"] == "county sum").sum() == 1
    assert f[f["check"] == "county sum"]["severity"].iloc[0] == "error"


def test_completeness_counts_records_by_data_status():
    """Records without a key, at or below the reporting category, by data status; keyed rows and
    other categories do not count."""
    em = _em([("ankang", 2020, "1.A.2.f", "CO2", 10.0, ""), ("ankang", 2020, "1.A.2.m", "CO2",
                                                               5.0, ""),
              ("ankang", 2020, "1.A.2.b", "CO2", 1.0, ""), ("ankang", 2020, "1.B.1", "CH4",
                                                            0.0, "NO")])
    em["status"] = ["calibrated", "calibrated", "estimate", "estimate"]
    t = completeness(em, "ankang", 2020).set_index(["category", "gas"])
    row = t.loc[("1.A.2", "CO2")]
    assert (row["rows_calibrated"], row["rows_estimate"], row["rows_reported"]) == (2, 1, 0)
    assert t.loc[("1.B.1", "CH4"), "rows_estimate"] == 0  # NO row: nothing estimated


def test_data_status_counts_calibrated_and_estimated_rows(tmp_path):
    pack = tmp_path / "city"
    pack.mkdir()
    (pack / "activity_energy.csv").write_text(
        "region,year,value,unit,source,status,method\n"
        "a,2020,1,t,s,calibrated,calibrated to CEADs: scaled so 1.A CO2 = 5.23 Mt\n"
        "b,2020,1,t,s,calibrated,calibrated to CEADs: same\n"
        "c,2020,1,t,s,estimate,judgement\nd,2020,1,t,s,reported,\n", encoding="utf-8")
    (pack / "supply.csv").write_text(
        "region,year,value,unit,source,status,method\n"
        "a,2020,1,t,s,calibrated,calibrated to the sectoral totals: imports = consumption\n"
        "a,2021,0,t,s,estimate,assumed 0\n", encoding="utf-8")
    (pack / "regions.csv").write_text("region,source\na,x\n", encoding="utf-8")  # no status
    st = data_status(sorted(pack.glob("*.csv"))).set_index("table")
    assert list(st.index) == ["city/activity_energy.csv", "city/supply.csv", "all"]
    e = st.loc["city/activity_energy.csv"]
    assert (e["rows"], e["reported"], e["calibrated"], e["estimate"]) == (4, 1, 2, 1)
    assert e["calibrated_to"] == "calibrated to CEADs"
    assert (st.loc["all", "calibrated"], st.loc["all", "estimate"]) == (3, 2)
    assert status_summary(st.reset_index()) == (
        "6 input rows: 1 reported, 0 derived, 3 calibrated (scaled to an outside total: "
        "agreeing with it is no check), 2 estimated")
    f = data_status_findings(st.reset_index())
    assert f.iloc[0]["where"] == "input tables"
    ref = f[f["check"] == "reference approach"]
    assert len(ref) == 1 and "not an independent check" in ref.iloc[0]["message"]
    energy = f[f["where"] == "city/activity_energy.csv"].iloc[0]["message"]
    assert energy.startswith("2 calibrated (to: calibrated to CEADs;") and "not a check" in energy
    # the findings table carries them first
    empty_j = pd.DataFrame(columns=["region", "category", "gas", "year_from", "year_to",
                                    "value_from", "value_to", "change_pct"])
    empty_s = pd.DataFrame(columns=["year", "category", "gas", "city_value", "counties_sum",
                                    "difference_pct", "ok"])
    allf = findings(empty_j, empty_s, completeness(_em([]), "ankang", 2020), [], st.reset_index())
    assert allf.iloc[0]["check"] == "data status"


def test_shipped_pack_data_status():
    """The shipped pack and factor library: 337 rows calibrated (inventories/ankang/README.md,
    "Status calibrated"), each naming its total; the rest reported, derived or estimated."""
    from pathlib import Path

    root = Path(__file__).parents[2] / "inventories"
    st = data_status(sorted((root / "ankang").glob("*.csv")) + sorted(
        (root / "factors").glob("*.csv"))).set_index("table")
    assert st.loc["all", "calibrated"] == 337
    assert st.loc["all", "rows"] == st.loc["all", ["reported", "derived", "calibrated",
                                                   "estimate"]].sum()
    assert st.loc["ankang/activity_energy.csv", "calibrated_to"] == "calibrated to CEADs"
    assert st.loc["ankang/electricity.csv", "calibrated"] == 0
    assert (st.filter(like="factors/", axis=0)["calibrated"] == 0).all()
