"""Comparison of hand-made result folders (differences are each run − A, worked by hand).

Run A                                   Run B
m_mid   hanbin level 2, cost 6000       m_mid   hanbin level 3, cost 9000
m_cheap hanbin level 10, cost 1000      m_cheap hanbin level 10, cost 1000
m_neg   hanbin level 4, cost −400       (absent)
(absent)                                m_new   ziyang level 1, cost 50
NOx target required 100, shadow 2000    required 120, shadow 2500
annual cost (manifest) 6600             10050
CO2 2025 plan 900 t                     880 t

Expected B − A: m_mid level +1, cost +3000; m_cheap 0; m_neg present in a only, level 0 − 4 =
−4, cost 0 − (−400) = +400; m_new b only +1, +50; NOx required +20, achieved +20, shadow +500;
annual cost +3450 (6600 = 6000 + 1000 − 400; 10050 = 9000 + 1000 + 50); CO2 2025 −20 t.
Run C (a third run) equals A but for its annual cost 7000 (+400).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from model.errors import InputError
from model.report.compare_data import compare, run_labels
from model.report.compare_terminal import format_total
from model.report.compare_views import write_comparison

HEAD_T = ("target,label_zh,label_en,required,achieved,unit,shortfall,shadow_price,"
          "shadow_price_unit,range_low,range_high,status,kind,quantity,year,max_achievable,"
          "message\n")
HEAD_M = "measure,family,region,year,level,unit,annual_cost,reduction_CO2\n"


def _emis(co2: float) -> str:
    return ("model,scenario,region,variable,unit,year,value\n"
            "peakplan,s (baseline),ankang,Emissions|CO2,t CO2/yr,2025,1000\n"
            f"peakplan,s,ankang,Emissions|CO2,t CO2/yr,2025,{co2}\n")


def make_run(folder: Path, targets: str, measures: str, annual_cost: float,
             status: str = "optimal", co2: float = 900.0, scenario: str | None = None,
             overrides: list[str] | None = None, extra: dict | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "targets.csv").write_text(HEAD_T + targets, encoding="utf-8-sig")
    (folder / "measures.csv").write_text(HEAD_M + measures, encoding="utf-8-sig")
    (folder / "emissions.csv").write_text(_emis(co2), encoding="utf-8-sig")
    man = {"scenario": scenario or folder.name, "overrides": overrides or [],
           "solver": {"status": status, "annual_cost_cny_per_yr": annual_cost,
                      "pv_cost_cny": annual_cost / 2}}
    man.update(extra or {})
    (folder / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    return folder


NOX_A = ("nox,氮氧化物,NOx,100,100,t,0,2000,CNY/t,90,110,binding,load_reduction,NOx,"
         "2025,,m\n")
MEAS_A = ("m_mid,fs,hanbin,2025,2,household,6000,200\n"
          "m_cheap,eff,hanbin,2025,10,t coal/yr,1000,100\n"
          "m_neg,eff,hanbin,2025,4,vehicle,-400,40\n")


@pytest.fixture
def runs(tmp_path):
    a = make_run(tmp_path / "a", NOX_A, MEAS_A, 6600.0)
    b = make_run(tmp_path / "b",
                 "nox,氮氧化物,NOx,120,120,t,0,2500,CNY/t,110,130,binding,load_reduction,NOx,"
                 "2025,,m\n",
                 "m_mid,fs,hanbin,2025,3,household,9000,300\n"
                 "m_cheap,eff,hanbin,2025,10,t coal/yr,1000,100\n"
                 "m_new,eff,ziyang,2025,1,vehicle,50,5\n", 10050.0, co2=880.0)
    return a, b


def test_compare_differences_by_hand(runs):
    a, b = runs
    d = compare(a, b)
    assert set(d) == {"runs", "inputs", "targets", "measures", "measures_total", "total_cost",
                      "emissions"}

    t = d["targets"].set_index("target").loc["nox"]
    assert (t["required_a"], t["required_b"], t["required_diff_b"]) == (100, 120, 20)
    assert t["achieved_diff_b"] == 20
    assert t["shadow_price_diff_b"] == 500
    assert t["present"] == "all"
    assert (t["status_a"], t["status_b"]) == ("binding", "binding")

    m = d["measures"].set_index(["measure", "region"])
    assert m.loc[("m_mid", "hanbin"), "level_diff_b"] == pytest.approx(1.0)
    assert m.loc[("m_mid", "hanbin"), "annual_cost_diff_b"] == pytest.approx(3000.0)
    assert m.loc[("m_cheap", "hanbin"), "level_diff_b"] == 0
    neg = m.loc[("m_neg", "hanbin")]
    assert (neg["present"], neg["level_b"], neg["level_diff_b"]) == ("a only", 0.0, -4.0)
    assert neg["annual_cost_diff_b"] == pytest.approx(400.0)
    new = m.loc[("m_new", "ziyang")]
    assert (new["present"], new["level_a"], new["annual_cost_diff_b"]) == ("b only", 0.0, 50.0)
    assert m.loc[("m_new", "ziyang"), "unit"] == "vehicle"

    tot = d["measures_total"].set_index("measure")
    assert tot.loc["m_mid", "annual_cost_diff_b"] == pytest.approx(3000.0)

    c = d["total_cost"].set_index("item")
    assert c.loc["annual_cost", "diff_b"] == pytest.approx(3450.0)
    assert c.loc["pv_cost", "diff_b"] == pytest.approx(1725.0)
    # sum of measures.csv agrees with the manifests: 6600 and 10050
    assert c.loc["measures_annual_cost_2025", "a"] == pytest.approx(6600.0)
    assert c.loc["measures_annual_cost_2025", "b"] == pytest.approx(10050.0)

    e = d["emissions"].set_index(["region", "variable", "year", "case"])
    assert e.loc[("ankang", "Emissions|CO2", 2025, "scenario"), "value_diff_b"] == -20.0
    assert e.loc[("ankang", "Emissions|CO2", 2025, "baseline"), "value_diff_b"] == 0.0


def test_three_runs_each_against_the_first(runs, tmp_path):
    a, b = runs
    c = make_run(tmp_path / "c", NOX_A, MEAS_A, 7000.0)
    d = compare(a, b, c)
    assert list(d["runs"]["run"]) == ["a", "b", "c"]
    cost = d["total_cost"].set_index("item")
    assert (cost.loc["annual_cost", "diff_b"], cost.loc["annual_cost", "diff_c"]) == (3450, 400)
    t = d["targets"].set_index("target").loc["nox"]
    assert (t["required_diff_b"], t["required_diff_c"]) == (20, 0)
    m = d["measures"].set_index(["measure", "region"])
    assert m.loc[("m_new", "ziyang"), "present"] == "b only"
    assert m.loc[("m_neg", "hanbin"), "present"] == "a,c only"
    text = format_total(d["total_cost"])
    header = text.splitlines()[0].split()
    assert header == ["item", "unit", "a", "b", "c", "b-a", "c-a"]
    assert "+3,450" in text and "+400" in text


def test_runs_of_a_set_pair_are_told_apart(tmp_path):
    """Two runs of one scenario, one with --set: labels differ (the overrides), and the inputs
    table shows the changed scenario value and the override."""
    scen = tmp_path / "s.yaml"
    scen.write_text("name: s\ntargets:\n  - {id: nox, value: 100}\n", encoding="utf-8")
    digest = hashlib.sha256(scen.read_bytes()).hexdigest()
    extra = {"scenario_file": str(scen), "inputs_root": str(tmp_path),
             "inputs": {"s.yaml": digest}}
    a = make_run(tmp_path / "plain", NOX_A, MEAS_A, 6600.0, scenario="s", extra=extra)
    b = make_run(tmp_path / "set", NOX_A, MEAS_A, 6600.0, scenario="s",
                 overrides=["targets.nox.value=120"], extra=extra)
    d = compare(a, b)
    assert list(d["runs"]["label"]) == ["s (no --set)", "s --set targets.nox.value=120"]
    inp = d["inputs"]
    val = inp[inp["kind"] == "scenario value"].iloc[0]
    assert (val["item"], val["reference"], val["value"]) == ("targets.nox.value", "100", "120")
    assert list(inp.loc[inp["kind"] == "override", "item"]) == ["targets.nox.value=120"]


def test_run_labels_fall_back_to_the_folder(tmp_path):
    a = make_run(tmp_path / "x1", NOX_A, MEAS_A, 1.0, scenario="s")
    b = make_run(tmp_path / "x2", NOX_A, MEAS_A, 1.0, scenario="s")
    from model.report.tables import read_results

    assert run_labels([read_results(a), read_results(b)]) == ["s (no --set) (x1)",
                                                               "s (no --set) (x2)"]


def test_input_files_that_differ_name_the_rows(tmp_path):
    """Each run read its own copy of a table (different inputs_root): the file is named, and
    since both versions are on disk with their recorded hashes, so is the changed row."""
    rows = {"ra": "region,value\nhanbin,1\nziyang,2\n", "rb": "region,value\nhanbin,1\nziyang,3\n"}
    folders = []
    for name, text in rows.items():
        root = tmp_path / f"inputs_{name}"
        root.mkdir()
        (root / "t.csv").write_text(text, encoding="utf-8")
        extra = {"inputs_root": str(root),
                 "inputs": {"t.csv": hashlib.sha256(text.encode()).hexdigest()}}
        folders.append(make_run(tmp_path / name, NOX_A, MEAS_A, 1.0, scenario="s",
                                extra=extra))
    inp = compare(*folders)["inputs"]
    f = inp[inp["kind"] == "input file"].iloc[0]
    assert f["item"] == "t.csv" and f["note"] == "1 rows differ (listed as input rows)"
    r = inp[inp["kind"] == "input row"].iloc[0]
    assert (r["where"], r["reference"], r["value"]) == ("row 3", "ziyang,2", "ziyang,3")
    # when the other version is no longer on disk, the file is still named, rows are not
    (tmp_path / "inputs_rb" / "t.csv").write_text("changed again\n", encoding="utf-8")
    f = compare(*folders)["inputs"].iloc[-1]
    assert f["kind"] == "input file" and "rows not listed" in f["note"]


def test_write_comparison(runs, tmp_path):
    a, b = runs
    out, _ = write_comparison([a, b], tmp_path / "cmp")
    names = sorted(p.name for p in out.iterdir())
    assert names == [".peakplan", "compare_emissions.csv", "compare_inputs.csv",
                     "compare_measures.csv", "compare_measures_total.csv", "compare_runs.csv",
                     "compare_targets.csv", "compare_total_cost.csv", "comparison.json",
                     "comparison.xlsx"]
    cost = pd.read_csv(out / "compare_total_cost.csv", encoding="utf-8-sig")
    assert cost.loc[cost["item"] == "annual_cost", "diff_b"].iloc[0] == pytest.approx(3450.0)
    meta = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert meta["difference"] == "each run - a"
    assert [r["status"] for r in meta["runs"]] == ["optimal", "optimal"]
    assert meta["all_optimal"] is True
    wb = openpyxl.load_workbook(out / "comparison.xlsx")
    assert wb.sheetnames == ["答案 Answer", "运行 Runs", "输入差异 Inputs", "目标 Targets",
                             "措施分县 Measures by county", "措施 Measures", "成本 Costs",
                             "排放 Emissions"]
    ans = [c.value for c in wb["答案 Answer"]["B"]]
    assert "+3,450 CNY (+3,450元)" in ans[2]  # the English answer (header, zh, en)
    head = [c.value for c in wb["成本 Costs"][1]]
    assert "差值 Difference b − a" in head and "运行 Run [b: b]" in head
    assert (out / "comparison.xlsx").stat().st_mode & 0o777 == 0o644


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
    out, _ = write_comparison([a, b], tmp_path / "cmp")
    meta = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in meta["runs"]] == ["optimal", "infeasible"]
    assert meta["all_optimal"] is False
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
    with pytest.raises(InputError, match="two or more folders"):
        compare(a)
    assert not (tmp_path / "cmp").exists()


def test_compare_refuses_unit_mismatch(tmp_path):
    a = make_run(tmp_path / "a", "", "m1,eff,hanbin,2025,1,vehicle,10,1\n", 10.0)
    b = make_run(tmp_path / "b", "", "m1,eff,hanbin,2025,1,household,10,1\n", 10.0)
    with pytest.raises(InputError, match=r"measure 'm1'.*household"):
        compare(a, b)


def test_report_of_a_comparison_folder(runs, tmp_path):
    from model.report import write_report

    out, _ = write_comparison(list(runs), tmp_path / "cmp")
    rep = write_report(out, cjk=False)
    assert rep.folder == out / "report"
    assert {"comparison.xlsx", "compare_costs.png", "compare_prices.png",
            "compare_co2.png"} <= {p.name for p in rep.folder.iterdir()}


# ------------------------------------------------------------------------------------------
# the answer sentence, a single-year run beside a pathway, the PDF's tables


def test_answer_sentence_by_hand(runs):
    """The answer of A vs B (module docstring, all worked by hand): both single-year (2025), so
    the basis is the annual net cost of 2025: 6,600 -> 10,050, +3,450 CNY; NOx met in both
    (shortfall 0), its requirement 100 -> 120 t, achieved 100 -> 120 t; the largest measure
    change by net cost is m_mid (+3,000 CNY/yr; m_neg +400, m_new +50), level 2 -> 3
    household; the largest binding shadow price change NOx 2,000 -> 2,500 CNY/t, a dual."""
    from model.report.compare_answer import answer, cost_basis

    d = compare(*runs)
    assert cost_basis(d).item == "annual_cost"
    zh, en = answer(d)
    assert "the annual net cost of 2025 goes from 6,600 CNY (6,600元) to 10,050 CNY" in en
    assert "+3,450 CNY (+3,450元); the city" in en
    assert "the city's CO2 of 2025 goes from 900 to 880 t (-20 t)" in en  # 880 − 900
    assert "run a meets 1 of 1 targets; run b meets 1 of 1 targets" in en
    assert "NOx (2025): required 100 t → 120 t, achieved 100 t → 120 t (binding → binding)" in en
    assert ("the largest change of a measure is m_mid (2025): level 2 → 3 household, net cost "
            "+3,000 CNY (+3,000元)/yr") in en
    assert ("NOx (2025): 2,000 → 2,500 CNY/t (a dual at the frontier; not an annualised "
            "cost)") in en
    assert "not an annualised cost" in en
    assert "由6,600元变为" in zh and "变化+3,450元（+3,450元）" in zh
    assert "运行a达成1/1项目标" in zh and "运行b达成1/1项目标" in zh
    assert d.left_out == [] and d.scope is None


def _single_and_pathway(tmp_path):
    """A: single year 2025 (net 1,000 CNY/yr: gross 1,500, savings 500; NOx price 2,000 CNY/t,
    dual of 2025). B: pathway 2025 and 2030 (net 1,200 in 2025 = 1,700 − 500, 5,000 in 2030;
    NOx price 2,500, dual of 2025-2030, plus a 2030 target A does not have)."""
    cby = "region,year,gross,savings,net\nankang,{y},{g},{s},{n}\nhanbin,{y},{g},{s},{n}\n"
    a = make_run(tmp_path / "single",
                 "nox,氮氧化物,NOx,100,100,t,0,2000,CNY/t (dual: costs of 2025),90,110,binding,"
                 "load_reduction,NOx,2025,,m\n",
                 "m_mid,fs,hanbin,2025,2,household,1000,200\n", 1000.0,
                 extra={"city": "ankang"})
    (a / "costs_by_year.csv").write_text(cby.format(y=2025, g=1500, s=500, n=1000),
                                         encoding="utf-8-sig")
    b = make_run(tmp_path / "path",
                 "nox,氮氧化物,NOx,100,100,t,0,2500,CNY/t (dual: costs 2025-2030 valued in "
                 "2025),90,110,binding,load_reduction,NOx,2025,,m\n"
                 "nox_2030,氮氧化物,NOx,200,200,t,0,900,CNY/t (dual: costs 2030-2030 valued in "
                 "2030),90,110,binding,load_reduction,NOx,2030,,m\n",
                 "m_mid,fs,hanbin,2025,3,household,1200,300\n"
                 "m_mid,fs,hanbin,2030,5,household,5000,500\n", 5000.0,
                 extra={"city": "ankang"})
    (b / "costs_by_year.csv").write_text(
        "region,year,gross,savings,net\nankang,2025,1700,500,1200\nankang,2030,5600,600,5000\n",
        encoding="utf-8-sig")
    return a, b


def test_single_year_beside_a_pathway_compares_the_common_year(tmp_path):
    """Not refused (it was: shadow-price units differ): costs of 2025 on both sides
    (1,000 vs 1,200: +200; gross +200; savings 0), the 2025 targets and measures only, the
    shadow prices left out with the reason, the manifests' annual/PV costs left out."""
    from model.report.compare_answer import answer

    a, b = _single_and_pathway(tmp_path)
    d = compare(a, b)
    assert d.common_years == [2025]
    c = d["total_cost"].set_index("item")
    assert list(c.index) == ["annual_cost_2025", "annual_gross_outlay_2025",
                             "annual_savings_2025", "measures_annual_cost_2025"]
    assert (c.loc["annual_cost_2025", "a"], c.loc["annual_cost_2025", "b"]) == (1000, 1200)
    assert c.loc["annual_cost_2025", "diff_b"] == 200
    assert c.loc["annual_gross_outlay_2025", "diff_b"] == 200
    assert c.loc["annual_savings_2025", "diff_b"] == 0
    assert list(d["targets"]["target"]) == ["nox"]
    assert d["targets"]["shadow_price_b"].isna().all()
    assert set(d["measures"]["year"]) == {2025}
    assert d["measures"].loc[0, "level_diff_b"] == 1
    assert len(d.left_out) == 2
    assert d.left_out[0].startswith("the manifests' annual and PV costs")
    assert d.left_out[1].startswith("shadow prices (bases differ")
    zh, en = answer(d)
    assert "the net cost of 2025 (the year the runs share) goes from 1,000 CNY" in en
    assert "+200 CNY (+200元)" in en
    assert "shadow prices are not compared" in en and "影子价格未比较" in zh


def test_cli_compare_single_year_and_pathway_exits_0(tmp_path):
    from typer.testing import CliRunner

    from model.cli import app

    a, b = _single_and_pathway(tmp_path)
    res = CliRunner().invoke(app, ["compare", str(a), str(b), "--out", str(tmp_path / "cmp")],
                             env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.output.splitlines() if ln.startswith("比较中略去 Left out:"))
    assert "shadow prices" in line and "PV costs" in line
    meta = json.loads((tmp_path / "cmp" / "comparison.json").read_text(encoding="utf-8"))
    assert len(meta["left_out"]) == 2


def test_comparison_pdf_targets_and_costs(tmp_path):
    """A fraction target whose requirement differs (12.5 % vs 13 %, achieved 14.3 % in both,
    slack, price 0): its row holds both required values and +0.5 pp; the cost table lists only
    the rows that differ (annual cost and PV: +1,000,000 and +500,000 CNY; measures' sum of 2025
    identical: 1 row left out), with Chinese and English labels and 万元 beside CNY."""
    import sys

    from model.report import write_report

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pdfcheck import outside_margins, split_numbers, text_lines

    t = ("ei,能耗强度下降,Energy intensity,{r},0.143,fraction,0,0,CNY/percentage point,0.1,0.2,"
         "slack,intensity,energy,2025,,m\n")
    a = make_run(tmp_path / "a", t.format(r=0.125), MEAS_A, 6_600_000.0)
    b = make_run(tmp_path / "b", t.format(r=0.13), MEAS_A, 7_600_000.0)
    out, _ = write_comparison([a, b], tmp_path / "cmp")
    rep = write_report(out, cjk=False)
    pdf = rep.folder / "comparison.pdf"
    lines = [ln for _, ln in text_lines(pdf)]
    text = "\n".join(lines)
    req = next(ln for ln in lines if "要求值 required" in ln)
    assert "12.5%" in req and "13%" in req and "+0.5 pp" in req
    assert "成本差异 Costs that differ (2)" in text
    assert "1 cost rows identical in every run are left out" in text
    assert "年化净成本" in text or "净成本" in text
    assert "+100万元" in text and "+1,000,000 CNY" in text  # annual cost, b − a
    assert "+50万元" in text and "+500,000 CNY" in text  # PV (half, make_run)
    assert "measures_annual_cost_2025" not in text
    assert lines.index(next(ln for ln in lines if ln.startswith("答案 Answer"))) < \
        lines.index(next(ln for ln in lines if ln.startswith("运行 Runs")))
    assert outside_margins(pdf) == [] and split_numbers(pdf) == []


def test_run_labels_show_a_runs_overrides_even_when_names_differ():
    """A run with --set is not the scenario as written: its label says so (the review found a
    13 % variant labelled plain 'plan-2025' beside ankang_2025)."""
    from types import SimpleNamespace

    from model.report.compare_data import run_labels

    def r(name, ov, folder):
        return SimpleNamespace(scenario=name, manifest={"overrides": ov}, folder=Path(folder))

    assert run_labels([r("ankang_2025", [], "a"), r("plan-2025", ["x.y=13"], "b")]) == \
        ["ankang_2025", "plan-2025 --set x.y=13"]
    assert run_labels([r("p", [], "a"), r("p", ["k=1"], "b")]) == ["p (no --set)", "p --set k=1"]


def test_key_label_names_a_target_key_by_its_label():
    from types import SimpleNamespace

    import pandas as pd

    from model.report.compare_answer import key_label

    t = pd.DataFrame([{"target": "ei", "label_zh": "能耗强度下降",
                       "label_en": "Energy intensity fall"}])
    cmp = SimpleNamespace(results=[SimpleNamespace(targets=t)])
    assert key_label(cmp, "targets.ei.value") == ("能耗强度下降：目标值",
                                                  "Energy intensity fall: value")
    assert key_label(cmp, "drivers.gdp_real_growth.2026.value") == \
        ("GDP实际增速（2026年）", "real GDP growth (2026)")
    assert key_label(cmp, "accounting.co2_rule") == ("accounting.co2_rule", "accounting.co2_rule")
