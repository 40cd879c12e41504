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


def test_summary_fits_80_columns_and_says_each_figure_once(tmp_path):
    con = Console(width=80, record=True, color_system=None)
    print_run_summary(_outcome(tmp_path), console=con)
    text = con.export_text()
    from rich.cells import cell_len  # terminal cells: a CJK character is two

    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert text.count("9,241.9") == 1  # the target's sentence repeating the table is dropped
    assert MSG_VOC not in text and "achieved 40 %" not in text
    assert "Electricity 2025" in text  # other messages stay
    assert "40.0 %" in text and "2,873,980 CNY/pp" in text
    # Chinese labels wrap by characters inside their column, English on its own line
    assert "挥发性有机物" in text and "VOCs load reduction" in text


def test_summary_uses_the_terminal_width(tmp_path):
    con = Console(width=120, record=True, color_system=None)
    print_run_summary(_outcome(tmp_path), console=con)
    lines = con.export_text().splitlines()
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) > 80  # wider terminal, wider tables
    assert max(cell_len(line) for line in lines) <= 120
