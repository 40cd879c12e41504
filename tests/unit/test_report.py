"""Briefing workbook, charts and PDF from a small hand-made result folder.

The folder (written by ``make_results``) has two regions and four measures in 2025; all
figures are chosen by hand so that sums, shares and costs per tonne are easy to check:

==========  ======  =====  =========  ========  ==========  ==============  =============
measure     region  level  gross      savings   net         reduction_CO2   reduction_NOx
==========  ======  =====  =========  ========  ==========  ==============  =============
m_cheap     hanbin  10     1,000,000  0         1,000,000   100             0
m_cheap     ziyang  5      500,000    0         500,000     50              0
m_mid       hanbin  2      3,000,000  0         3,000,000   100             0
m_mid       ziyang  0      0          0         0           0               0
m_neg       hanbin  4      100,000    500,000   −400,000    40              0
m_up        hanbin  1      100,000    0         100,000     −5              1
==========  ======  =====  =========  ========  ==========  ==============  =============

Totals: gross 4,700,000, savings 500,000, net 4,200,000 CNY/yr (as the manifest says).
By family: efficiency (m_cheap, m_neg) gross 1,600,000, savings 500,000, net 1,100,000;
fuel_switch 3,000,000; ultra_low_emission 100,000. Hanbin's net 1,000,000 + 3,000,000 −
400,000 + 100,000 = 3,700,000 = 88 % of 4,200,000. Chosen-only MAC for CO2 (cost per t = Σ net
/ Σ reduction): m_neg −10,000, m_cheap 10,000, m_mid 30,000 CNY/t; m_up raises CO2.
Evidence: 60 estimated + 20 calibrated of 100 rows = 80 % -> grade D; estimated cost rows
for m_cheap and m_neg (m_mid's are reported, m_up has none): (1,500,000 + 100,000) /
4,700,000 = 34 % of the gross outlay.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from pathlib import Path

import openpyxl
import pytest

from model.errors import InputError
from model.report import charts as charts_mod
from model.report import report, write_report
from model.report.briefing import answer, build, evidence_lines, question
from model.report.charts import (
    FAMILY_COLOURS,
    ChartContext,
    Labeller,
    _axis_limit,
    family_colour,
    pathway_series,
    peak_of,
    write_charts,
)
from model.report.full_potential_mac import chosen_mac
from model.report.tables import read_results
from model.report.workbook import write_workbook

pytestmark = pytest.mark.slow  # the shipped pack solved or every chart drawn

TARGETS = (
    "target,label_zh,label_en,required,achieved,unit,shortfall,shadow_price,shadow_price_unit,"
    "range_low,range_high,status,kind,quantity,year,max_achievable,marginal_measure,message\n"
    "nox_load_reduction,氮氧化物减排量,NOx load reduction,1,1,t,0,100000,CNY/t,0.9,1.1,"
    "binding,load_reduction,NOx,2025,,m_up,met\n"
    "co2_intensity,单位GDP二氧化碳下降,CO2 intensity reduction,0.17,0.18,fraction,0,0,"
    "CNY/t CO2,-inf,0.18,slack,intensity,CO2,2025,,,met\n"
)
MEASURES = (
    "measure,label_zh,label_en,family,region,year,level,unit,gross,savings,net,annual_cost,"
    "reduction_NOx,reduction_CO2\n"
    "m_cheap,便宜措施,Cheap measure,efficiency,hanbin,2025,10,t coal/yr,1000000,0,1000000,"
    "1000000,0,100\n"
    "m_cheap,便宜措施,Cheap measure,efficiency,ziyang,2025,5,t coal/yr,500000,0,500000,500000,"
    "0,50\n"
    "m_mid,中等措施,Middle measure,fuel_switch,hanbin,2025,2,household,3000000,0,3000000,"
    "3000000,0,100\n"
    "m_mid,中等措施,Middle measure,fuel_switch,ziyang,2025,0,household,0,0,0,0,0,0\n"
    "m_neg,节省措施,Saving measure,efficiency,hanbin,2025,4,vehicle,100000,500000,-400000,"
    "-400000,0,40\n"
    "m_up,增排措施,Raising measure,ultra_low_emission,hanbin,2025,1,t coal/yr,100000,0,100000,"
    "100000,1,-5\n"
)
# IAMC rows: ankang CO2 2025 plan = 1200 − (100+50+100+40−5) = 915; hanbin = 700 − 235 = 465
EMISSIONS = """model,scenario,region,variable,unit,year,value
peakplan,tiny (baseline),ankang,Emissions|CO2,t CO2/yr,2020,1000
peakplan,tiny,ankang,Emissions|CO2,t CO2/yr,2020,1000
peakplan,tiny (baseline),ankang,Emissions|CO2,t CO2/yr,2025,1200
peakplan,tiny,ankang,Emissions|CO2,t CO2/yr,2025,915
peakplan,tiny (baseline),ankang,Service|rural_households_treated,%,2025,30
peakplan,tiny,ankang,Service|rural_households_treated,%,2025,40
peakplan,tiny (baseline),hanbin,Emissions|CO2,t CO2/yr,2020,600
peakplan,tiny,hanbin,Emissions|CO2,t CO2/yr,2020,600
peakplan,tiny (baseline),hanbin,Emissions|CO2,t CO2/yr,2025,700
peakplan,tiny,hanbin,Emissions|CO2,t CO2/yr,2025,465
"""
SCENARIO = """name: tiny
label: {zh: "小情景", en: "Tiny test scenario"}
description: a hand-made scenario for the report tests
targets:
  - {id: nox_load_reduction, source: "实施方案 (2023), 一 (二)"}
  - {id: co2_intensity, source: "实施方案 (2023), 三 (四)", note: "intensity note"}
"""
CAT_MEASURES = ("measure,family,label_zh,label_en,source,status,method\n"
                "m_cheap,efficiency,便宜措施,Cheap measure,cheap study,estimate,guess\n"
                "m_mid,fuel_switch,中等措施,Middle measure,mid survey,reported,\n")
CAT_COSTS = ("measure,item,value,unit,source,status,method\n"
             "m_cheap,capital,1,CNY,cheap quote,estimate,guess\n"
             "m_mid,om,1,CNY,mid tariff,reported,\n"
             "m_neg,om,1,CNY,neg quote,estimate,guess\n")
MANIFEST = {
    "scenario": "tiny", "scenario_file": "tiny.yaml", "overrides": [],
    "created_utc": "2026-01-01T00:00:00+00:00",
    "solver": {"name": "HiGHS", "status": "optimal", "annual_cost_cny_per_yr": 4.2e6,
               "annual_gross_outlay_cny_per_yr": 4.7e6, "annual_savings_cny_per_yr": 5e5,
               "annual_cost_year": 2025, "pv_cost_cny": 5e6, "pv_base_year": 2020},
    "inputs": {"scenarios/catalogue/measures.csv": "0" * 64},
    "estimates": {"rows_estimate": 60, "rows_calibrated": 20, "rows_with_status": 100},
    "units": {"emissions": "t (pollutants), t CO2, tce", "cost": "CNY per year"},
}

CJK = re.compile(r"[\u4e00-\u9fff]")


def make_results(folder: Path, with_inputs: bool = False) -> Path:
    """The hand-made result folder; ``with_inputs`` adds the scenario file and catalogue
    (beside the folder) with their hashes in the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("targets.csv", TARGETS), ("measures.csv", MEASURES),
                       ("emissions.csv", EMISSIONS)):
        (folder / name).write_text(text, encoding="utf-8-sig")
    man = dict(MANIFEST)
    if with_inputs:
        root = folder.parent / "inputs"
        (root / "catalogue").mkdir(parents=True, exist_ok=True)
        files = {"tiny.yaml": SCENARIO, "catalogue/measures.csv": CAT_MEASURES,
                 "catalogue/costs.csv": CAT_COSTS}
        for rel, text in files.items():
            (root / rel).write_text(text, encoding="utf-8")
        man.update(inputs_root=str(root), scenario_file=str(root / "tiny.yaml"),
                   inputs={rel: hashlib.sha256((root / rel).read_bytes()).hexdigest()
                           for rel in files})
    (folder / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    return folder


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def _records(ws) -> list[dict]:
    rows = _rows(ws)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_read_results_iamc_and_older_layout(tmp_path):
    res = read_results(make_results(tmp_path / "run"))
    e = res.emissions.set_index(["region", "variable", "year", "case"])["value"]
    assert e[("ankang", "Emissions|CO2", 2025, "scenario")] == 915
    assert e[("ankang", "Emissions|CO2", 2025, "baseline")] == 1200
    assert set(res.emissions["scenario"]) == {"tiny"}
    # the layout before issue #9 (case column, fractions, units without /yr) still reads
    old = ("scenario,region,variable,unit,year,case,value\n"
           "tiny,ankang,Emissions|CO2,t CO2,2025,scenario,915\n"
           "tiny,ankang,Emissions|NOx,t,2025,scenario,12\n"
           "tiny,ankang,Service|manure_used,fraction,2025,scenario,0.9\n")
    (tmp_path / "run" / "emissions.csv").write_text(old, encoding="utf-8-sig")
    e = read_results(tmp_path / "run").emissions.set_index("variable")
    assert e.loc["Emissions|CO2", "unit"] == "t CO2/yr"
    assert e.loc["Emissions|NOx", "unit"] == "t NOx/yr"
    assert (e.loc["Service|manure_used", "unit"], e.loc["Service|manure_used", "value"]) == (
        "%", pytest.approx(90.0))


def test_workbook_sheets_headers_and_values(tmp_path):
    res_dir = make_results(tmp_path / "run", with_inputs=True)
    path = write_workbook(res_dir, derive=False)
    assert path == res_dir / "report.xlsx"
    assert sorted(p.name for p in res_dir.iterdir()) == [  # atomic write: nothing left over
        "emissions.csv", "manifest.json", "measures.csv", "report.xlsx", "targets.csv"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["封面 Cover", "目标 Targets", "边际措施 Marginal measures",
                             "成本 Costs", "措施 Measures", "措施分县 Measures by county",
                             "分县 Counties", "边际减排成本 MAC", "排放 Emissions",
                             "来源 Sources", "说明 About"]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        for h in _rows(ws)[0]:  # every header bilingual
            assert CJK.search(h) and re.search(r"[A-Za-z]", h), (ws.title, h)

    # cover: scenario label, the question, three answer sentences with the run's figures
    cover = {r[0]: r[1:] for r in _rows(wb["封面 Cover"])[1:]}
    assert cover["情景 Scenario"] == ("小情景", "Tiny test scenario")
    assert [k for k in cover if k.startswith("回答 Answer")] == [
        "回答 Answer 1", "回答 Answer 2", "回答 Answer 3"]
    assert "4.2 million CNY/yr in 2025" in cover["回答 Answer 1"][1]
    assert "gross outlay 4.7 million less savings 0.5 million" in cover["回答 Answer 1"][1]
    assert "420万元/年" in cover["回答 Answer 1"][0]
    assert "100,000 CNY/t (set by Raising measure)" in cover["回答 Answer 2"][1]
    assert "Hanbin carries 88% of the net cost" in cover["回答 Answer 3"][1] or \
        "hanbin carries 88% of the net cost" in cover["回答 Answer 3"][1]
    assert "Evidence grade D: 80% of the 100 sourced input rows" in cover["证据 Evidence 1"][1]
    assert "34% of the plan's gross outlay" in cover["证据 Evidence 2"][1]

    # targets: the plan clause from the scenario file, shares as %, the marginal measure
    t = {r["目标编号 Target id"]: r for r in _records(wb["目标 Targets"])}
    assert t["nox_load_reduction"]["规划条款 Plan clause (source)"] == "实施方案 (2023), 一 (二)"
    assert t["co2_intensity"]["备注 Note"] == "intensity note"
    assert t["nox_load_reduction"]["边际措施 Measure at the margin"] == "增排措施 Raising measure"
    assert t["co2_intensity"]["单位 Unit"] == "%"
    assert t["co2_intensity"]["要求值 Required (unit col.)"] == pytest.approx(0.17)

    # marginal measures: one binding row, the measure named in both languages
    (mrow,) = _records(wb["边际措施 Marginal measures"])
    assert (mrow["边际措施编号 Marginal measure id"], mrow["边际措施 Measure at the margin (中文)"],
            mrow["影子价格 Shadow price (see next col.)"]) == ("m_up", "增排措施", 100000)

    # costs by family: efficiency gross 1,600,000, savings 500,000, net 1,100,000
    c = {(r["年份 Year"], r["类别 Family"]): r for r in _records(wb["成本 Costs"])}
    eff = c[(2025, "节能改造 Energy efficiency")]
    assert (eff["支出 Gross outlay (CNY/yr)"], eff["节省 Savings (CNY/yr)"],
            eff["净成本 Net cost (CNY/yr)"]) == (1_600_000, 500_000, 1_100_000)
    total = c[(2025, "合计 Total")]
    assert (total["支出 Gross outlay (CNY/yr)"], total["节省 Savings (CNY/yr)"],
            total["净成本 Net cost (CNY/yr)"]) == (4_700_000, 500_000, 4_200_000)
    assert eff["净成本占比 Share of net cost (%)"] == pytest.approx(1.1 / 4.2, rel=1e-12)

    # measures summed over counties, with the catalogue's sources
    m = {r["措施编号 Measure id"]: r for r in _records(wb["措施 Measures"])}
    cheap = m["m_cheap"]
    assert cheap["实施量 Level (unit col.)"] == 15
    assert cheap["年化净成本 Annual net cost (CNY/yr)"] == 1_500_000
    assert cheap["二氧化碳减排量 CO2 reduction (t CO2/yr)"] == 150
    assert cheap["措施来源 Measure source [status]"] == "cheap study [estimate]"
    assert cheap["成本来源 Cost sources [status]"] == "capital: cheap quote [estimate]"
    assert m["合计 Total"]["二氧化碳减排量 CO2 reduction (t CO2/yr)"] == 285  # 150+100+40−5

    # by county: six rows as in measures.csv; counties: hanbin net 3,700,000
    assert len(_rows(wb["措施分县 Measures by county"])) == 1 + 6
    counties = {r["区县编号 Region id"]: r for r in _records(wb["分县 Counties"])}
    assert counties["hanbin"]["净成本 Net cost (CNY/yr)"] == 3_700_000
    assert counties["hanbin"]["措施数 Measures applied"] == 4
    assert counties["ziyang"]["措施数 Measures applied"] == 1  # m_mid's level 0 is not applied

    # chosen-only MAC (scenario not re-derived): m_neg, m_cheap, m_mid for CO2
    mac = [r for r in _records(wb["边际减排成本 MAC"]) if r["目标编号 Target id"] ==
           "co2_intensity"]
    assert [r["措施编号 Measure id"] for r in mac] == ["m_neg", "m_cheap", "m_mid"]
    assert [r["单位成本 Net cost per unit of the target (CNY per target unit)"]
            for r in mac] == pytest.approx([-10_000, 10_000, 30_000])

    # emissions pivot: city first; 2025 CO2 change (915 − 1200)/1200 = −0.2375
    first = _records(wb["排放 Emissions"])[0]
    assert (first["区域编号 Region id"], first["变量 Variable id"]) == ("ankang", "Emissions|CO2")
    assert first["2025 规划 Plan (unit col.)"] == 915
    assert first["2025 规划比基准变化 Plan vs baseline (%)"] == pytest.approx(-0.2375)

    about = dict(_rows(wb["说明 About"])[1:])
    assert about["求解状态 Solver status"] == "optimal"
    assert about["年化成本 Annual cost 2025 (CNY/yr)"] == 4_200_000


def test_without_scenario_or_catalogue_the_workbook_says_so(tmp_path):
    """The manifest's scenario file is not on disk: ids as labels, a note instead of clauses."""
    res_dir = make_results(tmp_path / "run")
    wb = openpyxl.load_workbook(write_workbook(res_dir, derive=False))
    t = {r["目标编号 Target id"]: r for r in _records(wb["目标 Targets"])}
    assert "scenario file not available" in t["nox_load_reduction"]["规划条款 Plan clause (source)"]
    cover = {r[0]: r[1:] for r in _rows(wb["封面 Cover"])[1:]}
    assert cover["情景 Scenario"][1] == "tiny"


def test_workbook_refuses_non_results_folder(tmp_path):
    d = tmp_path / "not_results"
    d.mkdir()
    (d / "targets.csv").write_text(TARGETS, encoding="utf-8")
    with pytest.raises(InputError, match=r"measures\.csv, emissions\.csv, manifest\.json"):
        write_workbook(d)
    with pytest.raises(InputError, match="no such folder"):
        write_workbook(tmp_path / "missing")


def test_bad_number_in_results_named(tmp_path):
    d = make_results(tmp_path / "run")
    (d / "measures.csv").write_text(MEASURES.replace(",1000000,0,1000000,1000000,0,100",
                                                     ",—,0,1000000,1000000,0,100"),
                                    encoding="utf-8-sig")
    with pytest.raises(InputError, match=r"measures\.csv row 2 column 'gross'"):
        read_results(d)


def test_answer_and_question(tmp_path):
    b = build(make_results(tmp_path / "run", with_inputs=True), derive=False)
    qz, qe = question(b)
    assert "2025" in qz and qe.startswith("Which measures, in which counties, meet all 2 ")
    zh, en = answer(b)
    assert len(zh) == len(en) == 3
    assert en[0].startswith("All 2 targets can be met, at a net cost of 4.2 million CNY/yr")
    assert en[1].startswith("1 targets bind")
    assert "Middle measure, Cheap measure, Raising measure" in en[2]  # net 3.0, 1.5, 0.1 m


def test_answer_of_an_infeasible_run(tmp_path):
    d = make_results(tmp_path / "run")
    (d / "targets.csv").write_text(TARGETS.replace(
        "1,1,t,0,100000,CNY/t,0.9,1.1,binding", "1,0.6,t,0.4,,CNY/t,,,shortfall"),
        encoding="utf-8-sig")
    man = dict(MANIFEST, solver=dict(MANIFEST["solver"], status="infeasible"))
    (d / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    zh, en = answer(build(d, derive=False))
    assert en[0] == ("1 of 2 targets cannot be met with the catalogue (NOx load reduction short "
                     "by 0.4 t); the least-shortfall plan costs a net cost of 4.2 million CNY/yr "
                     "in 2025 (gross outlay 4.7 million less savings 0.5 million; constant 2020 "
                     "prices).")
    assert "缺口0.4 t" in zh[0]
    # no price is stated for an infeasible set (it once said "no target binds at a positive
    # price: the measures ... meet them all")
    assert en[1].startswith("No marginal cost is stated: the targets cannot all be met")
    assert "meet them all" not in en[1] and "缺口最小方案" in zh[1]


def test_sensitivity_interval_found_beside_the_run(tmp_path):
    d = make_results(tmp_path / "run")
    sens = d / "sensitivity"
    sens.mkdir()
    (sens / "intervals.csv").write_text(
        "output,unit,p05,p50,p95,samples\nannual_cost,CNY/yr,3.1e6,4.2e6,5.9e6,512\n",
        encoding="utf-8")
    b = build(d, derive=False)
    lo, med, hi, level = b.sens.interval("annual_cost")
    assert (lo, med, hi, level) == (3.1e6, 4.2e6, 5.9e6, pytest.approx(0.9))
    _, en = evidence_lines(b)
    # issue #16: the interval has its own sentence, the median beside it (was "Sensitivity:
    # the net annual cost lies between ... (90% interval over 512 samples")
    assert ("The net annual cost lies between 3.1 and 5.9 million CNY/yr, median 4.2 (90% "
            "interval).") in en
    # without one: said so, no interval invented
    (sens / "intervals.csv").unlink()
    assert "no interval is stated" in evidence_lines(build(d, derive=False))[1][-1]
    with pytest.raises(InputError, match=r"intervals\.csv, summary\.csv or probabilities"):
        build(d, sensitivity_dir=sens, derive=False)


def test_chosen_mac_order_by_hand(tmp_path):
    res = read_results(make_results(tmp_path / "run"))
    tab = chosen_mac(res, "CO2")
    assert list(tab["measure"]) == ["m_neg", "m_cheap", "m_mid"]  # m_up raises CO2: left off
    assert list(tab["cost_per_unit"]) == pytest.approx([-10_000.0, 10_000.0, 30_000.0])
    assert list(tab["x_end"]) == pytest.approx([40.0, 190.0, 290.0])
    nox = chosen_mac(res, "NOx")
    assert list(nox["measure"]) == ["m_up"] and nox["cost_per_unit"].iloc[0] == 100_000
    assert chosen_mac(res, "SO2").empty


def test_axis_limit_cuts_only_outliers():
    # 10,957,410 > 10 × 149,029: cut; 149,029 < 10 × 16,231: kept -> 1.1 × 149,029
    assert _axis_limit([-10_957_410.0, 16_231.0, 149_029.0]) == pytest.approx(149_029 * 1.1)
    assert _axis_limit([-10.0, 10.0, 30.0]) == pytest.approx(33.0)
    assert _axis_limit([0.0]) == 1.0


def test_family_colours_are_fixed():
    assert family_colour("voc") == FAMILY_COLOURS["voc"] == "#e377c2"
    assert family_colour("electrification") == "#1f77b4"
    # an unknown family: the same spare colour every time (hash of the name, not of the run)
    assert family_colour("heavy_metals") == family_colour("heavy_metals")
    assert family_colour("heavy_metals") not in FAMILY_COLOURS.values()
    assert len(set(FAMILY_COLOURS.values())) == len(FAMILY_COLOURS)


def _capture_figures(monkeypatch) -> list:
    figs = []
    real = charts_mod._save

    def keep(fig, path):
        figs.append((Path(path).name, fig))
        return real(fig, path)

    monkeypatch.setattr(charts_mod, "_save", keep)
    return figs


def _outside(fig) -> list[str]:
    """Texts of a saved figure whose box reaches beyond the figure (1 px tolerance)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rend = canvas.get_renderer()
    box = fig.bbox
    undrawn = set()  # tick labels of ticks beyond the view limits exist but are not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 * max(1, abs(hi)) <= tick.get_loc() <= hi + 1e-9 * max(1, abs(hi)):
                    undrawn |= {id(tick.label1), id(tick.label2)}
    bad = []
    for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent")):
        if not t.get_visible() or not t.get_text().strip() or id(t) in undrawn:
            continue
        e = t.get_window_extent(rend)
        if e.x0 < box.x0 - 1 or e.y0 < box.y0 - 1 or e.x1 > box.x1 + 1 or e.y1 > box.y1 + 1:
            bad.append(t.get_text())
    return bad


def test_charts_english_fallback_without_cjk_font(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(charts_mod, "find_cjk_font", lambda: None)
    res = read_results(make_results(tmp_path / "run"))
    figs = _capture_figures(monkeypatch)
    with caplog.at_level(logging.INFO, logger="model.report.charts"):
        lab = Labeller()
        paths = write_charts(res, tmp_path / "charts", lab, ("小情景", "Tiny test scenario"))
    assert not lab.cjk
    assert lab("中文", "English") == "English"
    assert "fonts-lxgw-wenkai" in lab.warning and "fonts-wqy-microhei" in lab.warning
    assert lab.warning.count("\n") == 0  # one line
    assert "no CJK font" in caplog.text
    names = sorted(p.name for p in paths)
    assert names == ["costs.png", "counties.png", "emissions_ghg.png",
                     "mac_co2_intensity.png", "mac_nox_load_reduction.png", "targets.png"]
    for p in paths:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for name, fig in figs:  # every label inside the frame; the title names the scenario
        assert _outside(fig) == [], name
        assert "Tiny test scenario" in fig.get_suptitle(), name
        assert not CJK.search(fig.get_suptitle()), name


def test_charts_with_cjk_font_if_installed(tmp_path, monkeypatch):
    lab = Labeller()
    if not lab.cjk:
        pytest.skip("no CJK font on this machine")
    assert lab("中文", "English") == "中文 English" and lab.warning is None
    res = read_results(make_results(tmp_path / "run"))
    figs = _capture_figures(monkeypatch)
    paths = write_charts(res, tmp_path / "charts", lab, ("小情景", "Tiny test scenario"))
    assert len(paths) == 6  # a missing glyph would warn -> error
    for name, fig in figs:
        assert _outside(fig) == [], name
        assert "小情景 Tiny test scenario" in fig.get_suptitle(), name


def test_scenario_title_marks_a_run_that_is_not_optimal(tmp_path):
    d = make_results(tmp_path / "run")
    man = dict(MANIFEST, solver=dict(MANIFEST["solver"], status="infeasible"))
    (d / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    ctx = ChartContext(read_results(d), Labeller(cjk=False), ("小情景", "Tiny"))
    assert ctx.scenario_title() == "Tiny  [status: infeasible]"


def test_pathway_and_wedges_when_the_run_has_them(tmp_path):
    """pathway.csv (plan 100, 130, 120 t CO2 in 2025/2030/2035): peak 2030 at 130; a plan still
    rising at the last year has no peak within the horizon; wedges summed by family."""
    d = make_results(tmp_path / "run")
    (d / "pathway.csv").write_text("year,co2,baseline\n2025,100,110\n2030,130,150\n"
                                   "2035,120,170\n", encoding="utf-8-sig")
    (d / "wedges.csv").write_text(
        "measure,year,reduction\nm_cheap,2025,10\nm_neg,2025,5\nm_mid,2025,7\n"
        "m_cheap,2030,20\nm_neg,2030,5\nm_mid,2030,9\n", encoding="utf-8-sig")
    res = read_results(d)
    s = pathway_series(res)
    assert list(s["plan"]) == [100, 130, 120] and list(s["baseline"]) == [110, 150, 170]
    assert peak_of(s) == (2030, 130.0, True)
    rising = s.copy()
    rising["plan"] = [100, 110, 120]
    rising.attrs = {}
    assert peak_of(rising) == (2035, 120.0, False)
    paths = write_charts(res, tmp_path / "charts", Labeller(cjk=False))
    assert {"pathway.png", "wedges.png"} <= {p.name for p in paths}
    w = charts_mod.wedges_table(res).set_index(["family", "year"])["value"]
    assert w[("efficiency", 2030)] == 25 and w[("fuel_switch", 2025)] == 7
    wb = openpyxl.load_workbook(write_workbook(d, derive=False))
    assert {"路径 Pathway", "楔形 Wedges"} <= set(wb.sheetnames)


def test_report_folder_atomic_with_pdf_and_modes(tmp_path):
    d = make_results(tmp_path / "run", with_inputs=True)
    old = os.umask(0o022)
    try:
        outcome = write_report(d, cjk=False)
    finally:
        os.umask(old)
    out = outcome.folder
    assert out == d / "report"
    # every chart a PNG, and a vector page of charts.pdf (one file: fonts embedded once)
    assert {p.name for p in out.iterdir()} == {
        ".peakplan", "report.xlsx", "briefing.pdf", "charts.pdf", *(f"{c}.png" for c in (
            "targets", "emissions_ghg", "mac_co2_intensity", "mac_nox_load_reduction", "costs",
            "counties"))}
    assert len(re.findall(rb"/Type\s*/Page\b", (out / "charts.pdf").read_bytes())) == 6
    for p in out.iterdir():  # every output 0644, the workbook too (mkstemp makes 0600)
        assert p.stat().st_mode & 0o777 == 0o644, p.name
    pdf = (out / "briefing.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-"
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1 + 6  # cover + one page per chart
    # the scenario cannot be re-derived (no data pack): said once, not silently
    assert any("chosen measures only" in w for w in outcome.warnings)
    assert sorted(p.name for p in d.iterdir()) == [
        "emissions.csv", "manifest.json", "measures.csv", "report", "targets.csv"]
    (d / "manifest.json").unlink()  # a failing report leaves the earlier one untouched
    with pytest.raises(InputError, match=r"manifest\.json"):
        report(d)
    assert (out / "report.xlsx").exists()


def test_pdf_embeds_the_cjk_font_if_installed(tmp_path):
    lab = Labeller()
    if not lab.cjk:
        pytest.skip("no CJK font on this machine")
    out = write_report(make_results(tmp_path / "run", with_inputs=True)).folder
    pdf = (out / "briefing.pdf").read_bytes()
    assert b"/FontFile2" in pdf  # TrueType program embedded (subset)
    assert lab.font.replace(" ", "").encode() in pdf


def test_infeasible_run_reported(tmp_path):
    """An infeasible run: NaN shadow prices are blank cells, the status is in the titles."""
    d = make_results(tmp_path / "run")
    (d / "targets.csv").write_text(TARGETS.replace(
        "1,1,t,0,100000,CNY/t,0.9,1.1,binding", "1,0.6,t,0.4,,CNY/t,,,shortfall"),
        encoding="utf-8-sig")
    man = dict(MANIFEST, solver=dict(MANIFEST["solver"], status="infeasible"))
    (d / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    out = write_report(d, cjk=False).folder
    wb = openpyxl.load_workbook(out / "report.xlsx")
    nox = {r["目标编号 Target id"]: r for r in _records(wb["目标 Targets"])}["nox_load_reduction"]
    assert nox["缺口 Shortfall (unit col.)"] == pytest.approx(0.4)
    assert nox["影子价格 Shadow price (see next col.)"] is None
    assert nox["状态 Status"] == "未达成 shortfall"
    assert dict(_rows(wb["说明 About"])[1:])["求解状态 Solver status"] == "infeasible"
    res = read_results(d)
    assert charts_mod._status_note(res, Labeller(cjk=False)) == " [status: infeasible]"


def test_labels_only_from_unchanged_inputs(tmp_path):
    """County names come from regions.csv only when its SHA-256 matches the manifest."""
    d = make_results(tmp_path / "run")
    pack = tmp_path / "pack"
    pack.mkdir()
    regions = pack / "regions.csv"
    regions.write_text("region,name_zh,name_en,parent,source\n"
                       "hanbin,汉滨区,Hanbin District,ankang,test\n", encoding="utf-8")
    digest = hashlib.sha256(regions.read_bytes()).hexdigest()
    man = dict(MANIFEST, inputs_root=str(tmp_path), inputs={"pack/regions.csv": digest})
    (d / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    assert read_results(d).region_labels == {"hanbin": ("汉滨区", "Hanbin District")}
    regions.write_text(regions.read_text(encoding="utf-8") + "ziyang,紫阳县,Ziyang,ankang,t\n",
                       encoding="utf-8")
    assert read_results(d).region_labels == {}  # changed since the run: ids only


def test_cli_report_warns_once_without_a_cjk_font(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from model.cli import app

    monkeypatch.setattr(charts_mod, "find_cjk_font", lambda: None)
    d = make_results(tmp_path / "run", with_inputs=True)
    res = CliRunner().invoke(app, ["report", str(d)])
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.output.splitlines() if "CJK" in ln]
    assert len(lines) == 1
    assert "fonts-lxgw-wenkai" in lines[0] and "fonts-wqy-microhei" in lines[0]
    assert res.output.rstrip().endswith(f"报告 Report: {d / 'report'}")


def test_view_tag_names_the_runs_accounting_view():
    """A CO2 or energy figure says the view it is counted under (the manifest's this-run view
    and its CO2 rule or electricity basis); other quantities carry none."""
    from types import SimpleNamespace

    from model.report.charts import view_tag

    res = SimpleNamespace(manifest={
        "accounting": "CO2 net_import (without industrial processes); electricity at "
                      "coal_equivalent; energy deductions: non_fossil",
        "views": {"views": [{"view": "territorial", "this_run": False,
                             "co2_accounting": "territorial"},
                            {"view": "assessed", "this_run": True,
                             "co2_accounting": "net_import"}]}})
    # in words, never the ids (issue #16's review: "assessed: net_import" in chart titles)
    assert view_tag(res, "CO2") == "assessed: net electricity imports"
    assert view_tag(res, "energy") == "assessed: electricity at coal equivalent"
    assert view_tag(res, "NOx") == ""
    # a run without the views table: the accounting rule alone
    res = SimpleNamespace(manifest={"accounting": "CO2 territorial (with processes)"})
    assert view_tag(res, "CO2") == "scope 1"


def test_same_change_note_says_why_every_metal_moves_alike():
    """The 2025 run's heavy metals: Pb, Hg, Cd, As and their sum all -3.5 % on 2020 (one
    wastewater activity, one discharge-limit concentration per metal, one 50 % removal share
    on every metal): the chart says the metals move in fixed proportion and that the one
    target is on the sum; panels that differ get no note."""
    from types import SimpleNamespace

    import pandas as pd

    from model.report.charts import ChartContext, same_change_note

    rows = []
    for var, v20 in (("Emissions|Pb", 0.2805), ("Emissions|Hg", 0.01683),
                     ("Emissions|heavy_metals", 0.49368)):
        rows += [{"variable": var, "case": "scenario", "year": 2020, "value": v20},
                 {"variable": var, "case": "scenario", "year": 2025, "value": v20 * 0.965}]
    e = pd.DataFrame(rows)
    t = pd.DataFrame({"target": ["heavy_metals_vs_2020"], "quantity": ["heavy_metals"],
                      "year": [2025], "status": ["binding"], "label_zh": ["重金属下降"],
                      "label_en": ["Key heavy metals, reduction vs 2020"]})
    ctx = ChartContext(SimpleNamespace(targets=t, scenario="s"), Labeller(cjk=False))
    note = same_change_note(ctx, e, list(dict.fromkeys(e["variable"])), 2020, 2025)
    assert note == ("Every panel changes alike (-3.5% in 2025 vs 2020): the pollutants are "
                    "emitted in fixed proportion and each measure removes the same share of "
                    "each; the targets are on the sum (Key heavy metals, reduction vs 2020, "
                    "binding), not on each pollutant.")
    e.loc[(e["variable"] == "Emissions|Hg") & (e["year"] == 2025), "value"] *= 0.99
    assert same_change_note(ctx, e, list(dict.fromkeys(e["variable"])), 2020, 2025) == ""


def test_county_chart_names_at_most_seven_families():
    """22 families made a 22-entry legend: the seven with the largest share of any panel are
    named, a family under 3 % of every panel never is."""
    import pandas as pd

    from model.report.charts import top_families

    m = pd.DataFrame({"family": [f"f{i}" for i in range(10)],
                      "gross": [100, 50, 1, 1, 1, 1, 1, 1, 1, 1.0],
                      "reduction_CO2": [0, 0, 40, 30, 20, 10, 5, 1, 0.5, 0.1]})
    # shares: gross f0 .63, f1 .32; CO2 f2 .37, f3 .28, f4 .19, f5 .09, f6 .047, f7 .0094
    assert top_families(m, ["gross", "reduction_CO2"]) == ["f0", "f2", "f1", "f3", "f4", "f5",
                                                           "f6"]
    assert top_families(m, ["gross", "reduction_CO2"], n=3) == ["f0", "f2", "f1"]


def test_margin_gap_note_explains_dual_above_the_marginal_bar():
    """Issue #16: under a view where CO2 intensity binds, the heavy-metals dual was
    10,827,268 CNY/t while the marginal measure's bar was 10,124,573 CNY/t: the measure's
    electricity adds 1,440 t CO2 per t of metals, priced at the CO2-intensity dual 488 CNY/t
    (1,440 x 488 = 702,720, the gap 702,695 to the rounding of both). The chart says so."""
    import pandas as pd

    from model.report.charts import margin_gap_note

    lab = Labeller(cjk=False)
    tab = pd.DataFrame({"measure": ["hm_deep", "other"], "cost_per_unit": [10124573.0, 2e7]})
    note = margin_gap_note(lab, 10827268.0, tab, "hm_deep", "CNY/t")
    assert note is not None
    assert "702,695" in note and "6.5%" in note and "above" in note and "10,124,573" in note
    # within 1 % of the dual, or no marginal bar on the curve: no note
    assert margin_gap_note(lab, 10124573.0 * 1.009, tab, "hm_deep", "CNY/t") is None
    assert margin_gap_note(lab, 10827268.0, tab, "absent", "CNY/t") is None
    # below the bar: a credit earned on another binding target (low-VOC coatings: 9,242 CNY/t,
    # the VOCs dual 3,856; 5,386 below, 139.7 % of the dual)
    low = margin_gap_note(lab, 3856.0, pd.DataFrame({"measure": ["lvc"], "cost_per_unit":
                                                     [9242.0]}), "lvc", "CNY/t")
    assert low is not None and "5,386" in low and "below" in low and "credit" in low
    assert "below" in margin_gap_note(lab, 9e6, tab, "hm_deep", "CNY/t")


def test_emission_groups_put_co2e_with_ghg_and_leave_out_all_zero_variables():
    """CO2e and waste-incineration CO2 are greenhouse gases (they fell into 'Other', where the
    all-zero waste CO2 drew an empty panel); a variable zero in every year and case is left
    out, so no 'other' group remains here."""
    from types import SimpleNamespace

    import pandas as pd

    from model.report.charts import emission_groups

    rows = []
    for var, v in (("Emissions|CO2", 4.6e6), ("Emissions|CO2e", 5.9e6), ("Emissions|CH4", 2.8e4),
                   ("Emissions|CO2_waste", 0.0), ("Energy|Total", 3.1e6), ("Emissions|NOx", 1.2e4)):
        for case in ("scenario", "baseline"):
            for y in (2020, 2025):
                rows.append({"region": "city", "variable": var, "value": v, "case": case,
                             "year": y})
    res = SimpleNamespace(emissions=pd.DataFrame(rows), city="city")
    groups = emission_groups(res)
    assert groups == {"ghg": ["Emissions|CO2", "Emissions|CH4", "Emissions|CO2e", "Energy|Total"],
                      "air": ["Emissions|NOx"]}


def test_targets_of_a_long_pathway_split_by_year():
    """30 target rows on one portrait page printed unreadably small (plan-2025, issue #16): past
    TARGETS_PER_CHART rows spanning several years, the first year's rows get targets.png and
    the later years targets_later.png; a short or one-year set keeps one chart."""
    from types import SimpleNamespace

    import pandas as pd

    from model.report.charts import TARGETS_PER_CHART, targets_jobs

    def res(years):
        return SimpleNamespace(targets=pd.DataFrame({"year": years}))

    assert TARGETS_PER_CHART == 16
    assert targets_jobs(res([2025] * 14 + [2030] * 14 + [2031, 2032])) == [
        ("targets.png", (2025,)), ("targets_later.png", (2030, 2031, 2032))]
    assert targets_jobs(res([2025] * 10 + [2030] * 6)) == [("targets.png", None)]  # 16 rows
    assert targets_jobs(res([2025] * 20)) == [("targets.png", None)]  # one year
    assert targets_jobs(SimpleNamespace(targets=pd.DataFrame({"x": range(20)}))) == [
        ("targets.png", None)]
