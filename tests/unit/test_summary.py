"""Terminal summary of a run: fits 80 columns, wraps Chinese, prints each figure once."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from rich.console import Console

from model.summary import print_run_summary

MSG_VOC = ("VOCs load reduction (key projects) (2025): required 660 t, achieved 660 t; met, "
           "binding; marginal cost 9,241.91 CNY/t.")


def _outcome(tmp_path: Path):
    targets = pd.DataFrame([
        {"target": "vocs", "label_zh": "挥发性有机物重点工程减排量",
         "label_en": "VOCs load reduction (key projects)", "required": 660.0,
         "achieved": 660.0, "unit": "t", "shadow_price": 9241.91, "shadow_price_unit": "CNY/t",
         "status": "binding", "max_achievable": float("nan"), "message": MSG_VOC},
        {"target": "rural", "label_zh": "农村生活污水处理率",
         "label_en": "Rural domestic sewage treatment rate", "required": 0.4,
         "achieved": 0.4, "unit": "fraction", "shadow_price": 2873980.11,
         "shadow_price_unit": "CNY/percentage point", "status": "binding",
         "max_achievable": float("nan"), "message": "rural: required 40 %, achieved 40 %."},
    ])
    measures = pd.DataFrame([
        {"measure": "low_voc_coating", "family": "voc", "region": "hanbin", "year": 2025,
         "level": 2623.0, "unit": "t coating/yr", "annual_cost": 4363551.0,
         "label_zh": "工业涂装低VOCs含量原辅材料替代",
         "label_en": "Low-VOC coatings substituted in industrial coating",
         "reduction_NOx": 0.0, "reduction_VOCs": 472.1, "reduction_COD": 0.0,
         "reduction_CO2": 0.0}])
    sc = SimpleNamespace(label=SimpleNamespace(zh="安康市2025年污染防治与碳达峰情景",
                                               en="Ankang 2025 scenario"),
                         name="ankang_2025", years=[2025], base_year=2020,
                         inventory=str(tmp_path))
    return SimpleNamespace(
        scenario=sc, status="optimal", annual_cost=4363551.0,
        manifest={"solver": {"annual_gross_outlay_cny_per_yr": 5e6,
                             "annual_savings_cny_per_yr": 636449.0,
                             "pv_cost_cny": 2969703.0, "annual_cost_year": 2025}},
        targets=targets, measures=measures,
        messages=[MSG_VOC, "rural: required 40 %, achieved 40 %.",
                  "Electricity 2025: the measures change use by -30,560 MWh/yr."],
        out=tmp_path / "results")


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_summary_fits_80_columns_and_says_each_figure_once(tmp_path):
    con = Console(width=80, record=True, color_system=None)
    print_run_summary(_outcome(tmp_path), console=con)
    text = con.export_text()
    from rich.cells import cell_len  # terminal cells: a CJK character is two

    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert text.count("9,242") == 1  # the target's sentence repeating the table is dropped
    assert MSG_VOC not in text and "achieved 40 %" not in text
    assert "Electricity 2025" in text  # other messages stay
    # money in CNY with 万元 beside it (issue #16: an office reads 万元/亿元)
    assert "2,873,980 CNY/pp (287万元)" in text
    assert "4,363,551 CNY/yr (436万元/年)" in text
    # each target's label whole on one line (Chinese then English), its figures on the next:
    # was folded into a 14-column cell over 3-5 lines
    lines = _lines(text)
    k = lines.index("挥发性有机物重点工程减排量 VOCs load reduction (key projects)")
    assert lines[k + 1].split() == ["660", "t", "660", "t", "9,242", "CNY/t", "约束起作用",
                                    "binding"]
    assert "农村生活污水处理率 Rural domestic sewage treatment rate" in lines
    assert not any("e+0" in line for line in lines)  # no exponents


def test_summary_uses_the_terminal_width(tmp_path):
    con = Console(width=160, record=True, color_system=None)
    print_run_summary(_outcome(tmp_path), console=con)
    lines = con.export_text().splitlines()
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) > 80  # wider terminal, wider tables
    assert max(cell_len(line) for line in lines) <= 160
    # labels fit beside the figures: one line per target
    row = next(ln for ln in lines if ln.startswith("挥发性有机物重点工程减排量"))
    assert "VOCs load reduction (key projects)" in row and "9,242 CNY/t" in row


def test_table_modes_and_year_rows():
    """The layout's three modes, worked on a small table: one line when label and figures fit,
    Chinese above English when only that fits, the label on its own line otherwise; a short
    label (a year under a heading) stays on its figures' line."""
    from model.termtable import Column, Row, layout

    cols = [Column("要求", "Required"), Column("状态", "Status", "left")]
    rows = [Row("县城污水处理率", "County-town sewage treatment rate", ["90 %", "binding"])]
    one, mode = layout("", Column("目标", "Target"), cols, rows, width=80)
    assert mode == "one-line"
    assert one[-1][0] == "县城污水处理率 County-town sewage treatment rate      90 %  binding"
    _, mode = layout("", Column("目标", "Target"), cols, rows, width=52)
    assert mode == "two-line"  # 33 columns of English + 2 + 8 + 2 + 7 = 52
    block, mode = layout("", Column("目标", "Target"), cols, rows, width=40)
    assert mode == "block"
    # the 47-cell label is folded by the table at 40 (was one line the terminal folded at
    # column 0; changed when layout started folding its own label lines)
    assert [t for t, _ in block[-3:-1]] == ["县城污水处理率 County-town sewage",
                                            "  treatment rate"]
    # label column 40 − (8 + 2) − (7 + 2) = 21 wide, then 2 spaces and each figure
    assert block[-1][0] == " " * 21 + "  " + "    90 %" + "  " + "binding"
    rows = [Row("达峰", "Peak"), Row("  2031", "", ["0.5 %", "binding"])]
    lines, mode = layout("", Column("目标", "Target"), cols, rows, width=30)
    assert [t for t, _ in lines[-2:]] == ["达峰 Peak",
                                          "  2031" + " " * 5 + "  " + "   0.5 %  binding"]


def test_long_label_lines_fold_with_a_hanging_indent():
    """A label or note line wider than the terminal is folded at spaces by the table itself,
    its continuation two cells past its own indent (the terminal's fold put it at column 0,
    where it read as a new row); Chinese counts two cells."""
    from model.termtable import Column, Row, layout, wrap

    note = "    measure_a (2025) serves target_b 2025, target_c 2025, target_d 2025"
    assert wrap(note, 40) == ["    measure_a (2025) serves target_b",
                              "      2025, target_c 2025, target_d 2025"]
    # 重点行业 = 8 cells: "重点行业 Key heavy metals" is 25 cells
    assert wrap("重点行业 Key heavy metals of key industries", 25) == [
        "重点行业 Key heavy metals", "  of key industries"]
    assert wrap("x" * 25, 10) == ["x" * 10, "  " + "x" * 8, "  " + "x" * 7]
    rows = [Row("重点行业重点重金属", "Key heavy metals of key industries, reduction vs 2020",
                ["3.5 %", "binding"]), Row(note)]
    lines, mode = layout("", Column("目标", "Target"), [Column("要求", "Required"),
                                                      Column("状态", "Status", "left")],
                         rows, width=40)
    assert mode == "block"
    texts = [t for t, _ in lines]
    # 重点行业重点重金属 = 18 cells: "... Key heavy metals of" is 38, " key" would make 42
    assert "  key industries, reduction vs 2020" in texts
    assert "      2025, target_c 2025, target_d 2025" in texts
