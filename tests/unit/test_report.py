"""Briefing workbook and charts from a small hand-made result folder.

The folder (written by ``make_results``) has two regions and four measures in 2025; all
figures are chosen by hand so that sums and costs per tonne are easy to check:

==========  ======  =====  ===========  ==============  ==============
measure     region  level  annual_cost  reduction_CO2   reduction_NOx
==========  ======  =====  ===========  ==============  ==============
m_cheap     hanbin  10     1000         100             0
m_cheap     ziyang  5      500          50              0
m_mid       hanbin  2      3000         100             0
m_mid       ziyang  0      0            0               0
m_neg       hanbin  4      -400         40              0
m_up        hanbin  1      100          -5              1
==========  ======  =====  ===========  ==============  ==============

MAC curve for CO2 (cost per t = Σ annual_cost / Σ reduction_CO2 over regions):
m_neg −400/40 = −10 CNY/t (x 0–40), m_cheap 1500/150 = 10 CNY/t (x 40–190), m_mid 3000/100 =
30 CNY/t (x 190–290); m_up raises CO2 (−5) and is left off. (Sorting by reduction or by id
would give another order.) Total annual cost 1000 + 500 + 3000 − 400 + 100 = 4200 CNY/yr.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import openpyxl
import pytest

from model.errors import InputError
from model.report import charts as charts_mod
from model.report import report
from model.report.charts import Labeller, _axis_limit, mac_table, write_charts
from model.report.tables import read_results, write_workbook

TARGETS = (
    "target,label_zh,label_en,required,achieved,unit,shortfall,shadow_price,shadow_price_unit,"
    "range_low,range_high,status,kind,quantity,year,max_achievable,message\n"
    "nox_load_reduction,氮氧化物减排量,NOx load reduction,100,100,t,0,2000,CNY/t,90,110,"
    "binding,load_reduction,NOx,2025,,met\n"
    "co2_intensity,单位GDP二氧化碳下降,CO2 intensity reduction,0.17,0.18,fraction,0,0,"
    "CNY/t CO2,-inf,0.18,slack,intensity,CO2,2025,,met\n"
)
MEASURES = """measure,family,region,year,level,unit,annual_cost,reduction_NOx,reduction_CO2
m_cheap,efficiency,hanbin,2025,10,t coal/yr,1000,0,100
m_cheap,efficiency,ziyang,2025,5,t coal/yr,500,0,50
m_mid,fuel_switch,hanbin,2025,2,household,3000,0,100
m_mid,fuel_switch,ziyang,2025,0,household,0,0,0
m_neg,efficiency,hanbin,2025,4,vehicle,-400,0,40
m_up,ultra_low_emission,hanbin,2025,1,t coal/yr,100,1,-5
"""
# ankang CO2 2025 scenario = 1200 − (100+50+100+40−5) = 915; hanbin = 700 − (100+100+40−5) = 465
EMISSIONS = """scenario,region,variable,unit,year,case,value
tiny,ankang,Emissions|CO2,t CO2,2020,baseline,1000
tiny,ankang,Emissions|CO2,t CO2,2020,scenario,1000
tiny,ankang,Emissions|CO2,t CO2,2025,baseline,1200
tiny,ankang,Emissions|CO2,t CO2,2025,scenario,915
tiny,ankang,Service|rural_households_treated,fraction,2025,baseline,0.3
tiny,ankang,Service|rural_households_treated,fraction,2025,scenario,0.4
tiny,hanbin,Emissions|CO2,t CO2,2020,baseline,600
tiny,hanbin,Emissions|CO2,t CO2,2020,scenario,600
tiny,hanbin,Emissions|CO2,t CO2,2025,baseline,700
tiny,hanbin,Emissions|CO2,t CO2,2025,scenario,465
"""
MANIFEST = {
    "scenario": "tiny", "scenario_file": "tiny.yaml", "overrides": [],
    "created_utc": "2026-01-01T00:00:00+00:00",
    "solver": {"name": "HiGHS", "status": "optimal", "annual_cost_cny_per_yr": 4200.0,
               "annual_cost_year": 2025, "pv_cost_cny": 5000.0, "pv_base_year": 2020},
    "inputs": {"scenarios/catalogue/measures.csv": "0" * 64},
    "units": {"emissions": "t (pollutants), t CO2, tce", "cost": "CNY per year"},
}

CJK = re.compile(r"[\u4e00-\u9fff]")


def make_results(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("targets.csv", TARGETS), ("measures.csv", MEASURES),
                       ("emissions.csv", EMISSIONS)):
        (folder / name).write_text(text, encoding="utf-8-sig")
    (folder / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    return folder


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_workbook_sheets_headers_and_values(tmp_path):
    res_dir = make_results(tmp_path / "run")
    path = write_workbook(res_dir)
    assert path == res_dir / "report.xlsx"
    # atomic write leaves no temporary file behind
    assert sorted(p.name for p in res_dir.iterdir()) == [
        "emissions.csv", "manifest.json", "measures.csv", "report.xlsx", "targets.csv"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["目标 Targets", "措施 Measures", "措施分县 Measures by county",
                             "排放 Emissions", "说明 About"]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        header = _rows(ws)[0]
        for h in header:  # every header bilingual
            assert CJK.search(h) and re.search(r"[A-Za-z]", h), (ws.title, h)

    # measures summed over counties (m_cheap: 10+5 = 15 t coal/yr, 1000+500 CNY, 100+50 t CO2)
    ws = wb["措施 Measures"]
    header = _rows(ws)[0]
    assert "年化成本 Annual cost (CNY/yr)" in header
    assert "二氧化碳减排量 CO2 reduction (t CO2/yr)" in header
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in _rows(ws)[1:]}
    cheap = rows["m_cheap"]
    assert cheap["实施量 Level (unit col.)"] == 15
    assert cheap["年化成本 Annual cost (CNY/yr)"] == 1500
    assert cheap["二氧化碳减排量 CO2 reduction (t CO2/yr)"] == 150
    total = rows["合计 Total"]
    assert total["年化成本 Annual cost (CNY/yr)"] == 4200  # 1500 + 3000 − 400 + 100
    assert total["二氧化碳减排量 CO2 reduction (t CO2/yr)"] == 285  # 150 + 100 + 40 − 5
    # share of cost of m_mid: 3000 / 4200 = 0.714286, shown as a percentage
    share_col = header.index("成本占比 Share of cost (%)") + 1
    row_mid = next(i for i, r in enumerate(_rows(ws), start=1) if r[0] == "m_mid")
    cell = ws.cell(row=row_mid, column=share_col)
    assert cell.value == pytest.approx(3000 / 4200, rel=1e-12)
    assert "%" in cell.number_format

    # by county: six rows as in measures.csv
    assert len(_rows(wb["措施分县 Measures by county"])) == 1 + 6

    # targets: the intensity target as a percentage
    ws = wb["目标 Targets"]
    header = _rows(ws)[0]
    row = next(r for r in _rows(ws)[1:] if r[0] == "co2_intensity")
    rec = dict(zip(header, row, strict=True))
    assert rec["要求值 Required (unit col.)"] == pytest.approx(0.17)
    assert rec["单位 Unit"] == "%"
    r_idx = next(i for i, r in enumerate(_rows(ws), start=1) if r[0] == "co2_intensity")
    assert "%" in ws.cell(row=r_idx, column=header.index("要求值 Required (unit col.)") + 1) \
        .number_format
    nox = dict(zip(header, _rows(ws)[1], strict=True))
    assert nox["影子价格 Shadow price (see next col.)"] == 2000
    assert nox["影子价格单位 Shadow price unit"] == "CNY/t"

    # emissions pivot: city first; 2025 CO2 change (915 − 1200)/1200 = −0.2375
    ws = wb["排放 Emissions"]
    header = _rows(ws)[0]
    first = dict(zip(header, _rows(ws)[1], strict=True))
    assert first["区域编号 Region id"] == "ankang"
    assert first["变量 Variable id"] == "Emissions|CO2"
    assert first["2025 情景 Scenario (unit col.)"] == 915
    assert first["2025 基准 Baseline (unit col.)"] == 1200
    assert first["2025 情景比基准变化 Scenario vs baseline (%)"] == pytest.approx(
        -0.2375, rel=1e-12)
    regions = [r[0] for r in _rows(ws)[1:]]
    assert regions == ["ankang", "ankang", "hanbin"]

    # about: status, cost, the estimate note, input hashes
    about = dict(_rows(wb["说明 About"])[1:])
    assert about["求解状态 Solver status"] == "optimal"
    assert about["年化成本 Annual cost 2025 (CNY/yr)"] == 4200
    assert "estimates" in about["数据说明 Data note"]
    assert about["输入 Input (SHA-256): scenarios/catalogue/measures.csv"] == "0" * 64


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
    (d / "measures.csv").write_text(MEASURES.replace(",1000,0,100", ",—,0,100"),
                                    encoding="utf-8-sig")
    with pytest.raises(InputError, match=r"measures\.csv row 2 column 'annual_cost'"):
        read_results(d)


def test_mac_table_order_by_hand(tmp_path):
    res = read_results(make_results(tmp_path / "run"))
    tab = mac_table(res.measures, "CO2")
    assert list(tab["measure"]) == ["m_neg", "m_cheap", "m_mid"]  # m_up raises CO2: left off
    assert list(tab["cost_per_unit"]) == pytest.approx([-10.0, 10.0, 30.0], rel=1e-12)
    assert list(tab["reduction"]) == pytest.approx([40.0, 150.0, 100.0])
    assert list(tab["x_start"]) == pytest.approx([0.0, 40.0, 190.0])
    assert list(tab["x_end"]) == pytest.approx([40.0, 190.0, 290.0])
    # NOx: only m_up, 100 CNY / 1 t = 100 CNY/t
    nox = mac_table(res.measures, "NOx")
    assert list(nox["measure"]) == ["m_up"]
    assert nox["cost_per_unit"].iloc[0] == pytest.approx(100.0)
    with pytest.raises(InputError, match="reduction_SO2"):
        mac_table(res.measures, "SO2")


def test_axis_limit_cuts_only_outliers():
    # 10,957,410 > 10 × 149,029: cut; 149,029 < 10 × 16,231: kept -> 1.1 × 149,029
    assert _axis_limit([-10_957_410.0, 16_231.0, 149_029.0]) == pytest.approx(149_029 * 1.1)
    assert _axis_limit([-10.0, 10.0, 30.0]) == pytest.approx(33.0)
    assert _axis_limit([0.0]) == 1.0


def test_charts_english_fallback_without_cjk_font(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(charts_mod, "find_cjk_font", lambda: None)
    res = read_results(make_results(tmp_path / "run"))
    with caplog.at_level(logging.INFO, logger="model.report.charts"):
        lab = Labeller()
        paths = write_charts(res, tmp_path / "charts", lab)
    assert not lab.cjk
    assert lab("中文", "English") == "English"
    assert "no CJK font" in caplog.text
    names = sorted(p.name for p in paths)
    assert names == ["emissions_ankang.png", "mac_CO2.png", "mac_NOx.png", "targets.png"]
    for p in paths:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_charts_with_cjk_font_if_installed(tmp_path):
    lab = Labeller()
    if not lab.cjk:
        pytest.skip("no CJK font on this machine")
    assert lab("中文", "English") == "中文 English"
    res = read_results(make_results(tmp_path / "run"))
    paths = write_charts(res, tmp_path / "charts", lab)  # a missing glyph would warn -> error
    assert len(paths) == 4


def test_report_folder_atomic(tmp_path):
    d = make_results(tmp_path / "run")
    out = report(d)
    assert out == d / "report"
    assert {p.name for p in out.iterdir()} == {".peakplan", "report.xlsx", "targets.png",
                                                "emissions_ankang.png", "mac_CO2.png",
                                                "mac_NOx.png"}
    # nothing left beside it (atomic_dir's temporary folder was swapped in)
    assert sorted(p.name for p in d.iterdir()) == [
        "emissions.csv", "manifest.json", "measures.csv", "report", "targets.csv"]
    # a failing report leaves the earlier one untouched
    (d / "manifest.json").unlink()
    with pytest.raises(InputError, match=r"manifest\.json"):
        report(d)
    assert (out / "report.xlsx").exists()


def test_infeasible_run_reported(tmp_path):
    """An infeasible run: NaN shadow prices are blank cells, the status is in the titles."""
    d = make_results(tmp_path / "run")
    (d / "targets.csv").write_text(
        TARGETS.replace("100,100,t,0,2000,CNY/t,90,110,binding",
                        "100,60,t,40,,CNY/t,,,shortfall"), encoding="utf-8-sig")
    man = dict(MANIFEST, solver=dict(MANIFEST["solver"], status="infeasible"))
    (d / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    out = report(d)
    wb = openpyxl.load_workbook(out / "report.xlsx")
    ws = wb["目标 Targets"]
    header = _rows(ws)[0]
    nox = dict(zip(header, _rows(ws)[1], strict=True))
    assert nox["缺口 Shortfall (unit col.)"] == 40
    assert nox["影子价格 Shadow price (see next col.)"] is None
    assert nox["状态 Status"] == "未达成 shortfall"
    assert dict(_rows(wb["说明 About"])[1:])["求解状态 Solver status"] == "infeasible"
    res = read_results(d)
    assert charts_mod._status_note(res, Labeller(cjk=False)) == " [status: infeasible]"


def test_labels_only_from_unchanged_inputs(tmp_path):
    """County names come from regions.csv only when its SHA-256 matches the manifest."""
    import hashlib

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
