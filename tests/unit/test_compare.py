"""Comparison of two hand-made result folders (differences are B − A, worked by hand).

Run A                                   Run B
m_mid   hanbin level 2, cost 6000       m_mid   hanbin level 3, cost 9000
m_cheap hanbin level 10, cost 1000      m_cheap hanbin level 10, cost 1000
m_neg   hanbin level 4, cost −400       (absent)
(absent)                                m_new   ziyang level 1, cost 50
NOx target required 100, shadow 2000    required 120, shadow 2500
annual cost (manifest) 6600             10050

Expected: m_mid level +1, cost +3000; m_cheap 0; m_neg "a only" level 0 − 4 = −4, cost
0 − (−400) = +400; m_new "b only" +1, +50; NOx required +20, achieved +20, shadow +500;
annual cost +3450 (6600 = 6000 + 1000 − 400; 10050 = 9000 + 1000 + 50).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from model.errors import InputError
from model.report.compare import compare, format_total, write_comparison

HEAD_T = ("target,label_zh,label_en,required,achieved,unit,shortfall,shadow_price,"
          "shadow_price_unit,range_low,range_high,status,kind,quantity,year,max_achievable,"
          "message\n")
HEAD_M = "measure,family,region,year,level,unit,annual_cost,reduction_CO2\n"
EMIS = ("scenario,region,variable,unit,year,case,value\n"
        "s,ankang,Emissions|CO2,t CO2,2025,baseline,1000\n"
        "s,ankang,Emissions|CO2,t CO2,2025,scenario,900\n")


def make_run(folder: Path, targets: str, measures: str, annual_cost: float,
             status: str = "optimal") -> Path:
    folder.mkdir(parents=True)
    (folder / "targets.csv").write_text(HEAD_T + targets, encoding="utf-8-sig")
    (folder / "measures.csv").write_text(HEAD_M + measures, encoding="utf-8-sig")
    (folder / "emissions.csv").write_text(EMIS, encoding="utf-8-sig")
    (folder / "manifest.json").write_text(json.dumps(
        {"scenario": folder.name, "solver": {"status": status,
                                              "annual_cost_cny_per_yr": annual_cost,
                                              "pv_cost_cny": annual_cost / 2}}),
        encoding="utf-8")
    return folder


@pytest.fixture
def runs(tmp_path):
    a = make_run(tmp_path / "a",
                 "nox,氮氧化物,NOx,100,100,t,0,2000,CNY/t,90,110,binding,load_reduction,NOx,"
                 "2025,,m\n",
                 "m_mid,fs,hanbin,2025,2,household,6000,200\n"
                 "m_cheap,eff,hanbin,2025,10,t coal/yr,1000,100\n"
                 "m_neg,eff,hanbin,2025,4,vehicle,-400,40\n", 6600.0)
    b = make_run(tmp_path / "b",
                 "nox,氮氧化物,NOx,120,120,t,0,2500,CNY/t,110,130,binding,load_reduction,NOx,"
                 "2025,,m\n",
                 "m_mid,fs,hanbin,2025,3,household,9000,300\n"
                 "m_cheap,eff,hanbin,2025,10,t coal/yr,1000,100\n"
                 "m_new,eff,ziyang,2025,1,vehicle,50,5\n", 10050.0)
    return a, b


def test_compare_differences_by_hand(runs):
    a, b = runs
    d = compare(a, b)
    assert set(d) == {"targets", "measures", "measures_total", "total_cost", "runs"}

    t = d["targets"].set_index("target").loc["nox"]
    assert (t["required_a"], t["required_b"], t["required_diff"]) == (100, 120, 20)
    assert t["achieved_diff"] == 20
    assert t["shadow_price_diff"] == 500
    assert t["present"] == "both"

    m = d["measures"].set_index(["measure", "region"])
    assert m.loc[("m_mid", "hanbin"), "level_diff"] == pytest.approx(1.0)
    assert m.loc[("m_mid", "hanbin"), "annual_cost_diff"] == pytest.approx(3000.0)
    assert m.loc[("m_cheap", "hanbin"), "level_diff"] == 0
    neg = m.loc[("m_neg", "hanbin")]
    assert (neg["present"], neg["level_b"], neg["level_diff"]) == ("a only", 0.0, -4.0)
    assert neg["annual_cost_diff"] == pytest.approx(400.0)
    new = m.loc[("m_new", "ziyang")]
    assert (new["present"], new["level_a"], new["annual_cost_diff"]) == ("b only", 0.0, 50.0)
    assert m.loc[("m_new", "ziyang"), "unit"] == "vehicle"

    tot = d["measures_total"].set_index("measure")
    assert tot.loc["m_mid", "annual_cost_diff"] == pytest.approx(3000.0)

    c = d["total_cost"].set_index("item")
    assert c.loc["annual_cost", "diff"] == pytest.approx(3450.0)
    assert c.loc["pv_cost", "diff"] == pytest.approx(1725.0)
    # sum of measures.csv agrees with the manifests: 6600 and 10050
    assert c.loc["measures_annual_cost_2025", "a"] == pytest.approx(6600.0)
    assert c.loc["measures_annual_cost_2025", "b"] == pytest.approx(10050.0)


def test_write_comparison(runs, tmp_path):
    a, b = runs
    out = write_comparison(a, b, tmp_path / "cmp")
    names = sorted(p.name for p in out.iterdir())
    assert names == [".peakplan", "compare_measures.csv", "compare_measures_total.csv",
                     "compare_runs.csv", "compare_targets.csv", "compare_total_cost.csv",
                     "comparison.json"]
    cost = pd.read_csv(out / "compare_total_cost.csv", encoding="utf-8-sig")
    assert cost.loc[cost["item"] == "annual_cost", "diff"].iloc[0] == pytest.approx(3450.0)
    meta = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert meta["difference"] == "b - a"
    assert (meta["a"]["status"], meta["b"]["status"], meta["all_optimal"]) == (
        "optimal", "optimal", True)


def _infeasible_pair(tmp_path):
    """A as in ``runs`` (optimal, 6600 CNY/yr); B infeasible with a least-shortfall plan of
    61,343,752.4 CNY/yr (pv half of it, 30,671,876.2): diff 61,337,152.4 CNY/yr."""
    a = make_run(tmp_path / "a", "", "m1,eff,hanbin,2025,1,vehicle,6600,1\n", 6600.0)
    b = make_run(tmp_path / "b", "", "m1,eff,hanbin,2025,2,vehicle,61343752.4,2\n",
                 61_343_752.4, status="infeasible")
    return a, b


def test_status_of_each_run_is_carried(tmp_path):
    a, b = _infeasible_pair(tmp_path)
    d = compare(a, b)
    c = d["total_cost"]
    assert set(c["status_a"]) == {"optimal"} and set(c["status_b"]) == {"infeasible"}
    assert list(d["runs"]["status"]) == ["optimal", "infeasible"]
    out = write_comparison(a, b, tmp_path / "cmp")
    meta = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert (meta["a"]["status"], meta["b"]["status"], meta["all_optimal"]) == (
        "optimal", "infeasible", False)
    csv_cost = pd.read_csv(out / "compare_total_cost.csv", encoding="utf-8-sig")
    assert set(csv_cost["status_b"]) == {"infeasible"}
    # a manifest without a status says so rather than passing for optimal
    man = json.loads((a / "manifest.json").read_text(encoding="utf-8"))
    del man["solver"]["status"]
    (a / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    assert set(compare(a, b)["total_cost"]["status_a"]) == {"unknown"}


def test_format_total_plain_numbers_and_status(tmp_path):
    """Costs as whole CNY with thousands separators (61,343,752, not 6.134375e+07), differences
    signed (+61,337,152 = 61,343,752.4 − 6,600 rounded), a status row first, and a note that
    run B's costs are a least-shortfall plan's."""
    a, b = _infeasible_pair(tmp_path)
    text = format_total(compare(a, b)["total_cost"])
    lines = text.splitlines()
    assert lines[1].split() == ["status", "optimal", "infeasible"]
    annual = next(ln for ln in lines if ln.strip().startswith("annual_cost"))
    assert annual.split() == ["annual_cost", "CNY/yr", "6,600", "61,343,752", "+61,337,152"]
    pv = next(ln for ln in lines if ln.strip().startswith("pv_cost"))
    assert pv.split() == ["pv_cost", "CNY", "3,300", "30,671,876", "+30,668,576"]
    assert "e+" not in text
    assert lines[-1] == ("note: run B is infeasible: its costs are those of the least-shortfall "
                         "plan, which does not meet every target")
    with pytest.raises(InputError, match="status_a"):
        format_total(compare(a, b)["total_cost"].drop(columns="status_a"))


def test_format_total_both_optimal_has_no_note(runs):
    text = format_total(compare(*runs)["total_cost"])
    assert "note:" not in text
    assert "10,050" in text and "+3,450" in text


def test_compare_refuses_non_results_folder(runs, tmp_path):
    a, _ = runs
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "targets.csv").write_text(HEAD_T, encoding="utf-8")
    with pytest.raises(InputError, match=r"bad: found no measures\.csv.*manifest\.json"):
        compare(a, bad)
    (a / "manifest.json").unlink()
    with pytest.raises(InputError, match=r"found no manifest\.json"):
        compare(a, bad)
    assert not (tmp_path / "cmp").exists()


def test_compare_refuses_unit_mismatch(tmp_path):
    a = make_run(tmp_path / "a", "", "m1,eff,hanbin,2025,1,vehicle,10,1\n", 10.0)
    b = make_run(tmp_path / "b", "", "m1,eff,hanbin,2025,1,household,10,1\n", 10.0)
    with pytest.raises(InputError, match=r"measure 'm1'.*household"):
        compare(a, b)
