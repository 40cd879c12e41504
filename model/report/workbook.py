"""The briefing workbook (XLSX): every header ``中文 English (unit)``.

Sheets, in order (:func:`write_workbook`): 封面 Cover (question, the answer in three
sentences, the evidence grade and sensitivity interval), 目标 Targets (with the plan clause
and the measure at the margin), 边际措施 Marginal measures, 成本 Costs (gross, savings, net by
family), 措施 Measures (by measure, with the catalogue's sources), 措施分县 Measures by county,
分县 Counties, 边际减排成本 MAC (the full-potential curves), 排放 Emissions, then — when the run
has them — 路径 Pathway, 楔形 Wedges, 装机 Capacity, 逐年成本 Costs by year, 敏感性
Sensitivity, and always 来源 Sources and 说明 About. Shares are percentages; nothing is
recomputed except sums over counties, measures or families.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from model.lp import kinds
from model.report.briefing import Briefing, answer, build, evidence_lines, marginal_table, question
from model.report.evidence import Sensitivity
from model.report.tables import (
    ESTIMATE_NOTE,
    STATUS_LABELS,
    emissions_pivot,
    family_label,
    kind_labels,
    measures_by_measure,
    public_mode,
    quantity_label,
    variable_label,
)
from model.xlsx import SAFE_OPTIONS

COST_HEADERS = {
    "capital": "投资年金 Capital annuity (CNY/yr)",
    "om": "运维 O&M (CNY/yr)",
    "energy_added": "新增能源支出 Energy bought (CNY/yr)",
    "energy_avoided": "节约能源 Energy saved (CNY/yr)",
    "other_savings": "其他节省 Other savings (CNY/yr)",
    "gross": "支出 Gross outlay (CNY/yr)",
    "savings": "节省 Savings (CNY/yr)",
    "net": "净成本 Net cost (CNY/yr)",
}
#: Bilingual headers of the columns of optional tables (others: ``字段 Field <name>``).
GENERIC_HEADERS = {
    "year": "年份 Year", "region": "区县 Region", "measure": "措施 Measure",
    "family": "类别 Family", "value": "数值 Value", "unit": "单位 Unit",
    "vintage": "投产年份 Vintage", "capacity": "容量 Capacity", "level": "实施量 Level",
    "build": "新建量 Built", "scenario": "情景 Scenario", "variable": "变量 Variable",
    "reduction": "减排量 Reduction", "co2": "二氧化碳 CO2 (t CO2/yr)",
    "baseline": "基准 Baseline", "bau": "照常发展 bau", "peak_year": "达峰年 Peak year",
    "peak_value": "峰值 Peak value", "peak": "达峰 Peak", "output": "输出 Output",
    "low": "下限 Low", "median": "中位数 Median", "high": "上限 High",
    "level_": "置信水平 Coverage", "gross": COST_HEADERS["gross"],
    "savings": COST_HEADERS["savings"], "net": COST_HEADERS["net"],
}


#: Widest column (characters); longer text wraps inside its cell, so a sheet prints on A4
#: landscape at a readable scale.
MAX_WIDTH = 36
#: Rows of a long data table that print (about 10 A4 pages); the rest stay on screen and in
#: the run's CSV, as the footer of its pages says.
MAX_PRINT_ROWS = 400
#: Characters of column width printed across one A4 landscape page at a readable scale.
PRINT_WIDTH = 320


#: Years a pathway's year-by-year sheets print besides its target years: the plan's
#: milestones (the 14th FYP's end, the peak year 2030 of 国发〔2021〕23号, 2035's vision).
MILESTONE_YEARS = (2025, 2030, 2035)


#: A year-by-year result table longer than this folds the years it does not print (the
#: pathway's 16 rows print whole on one page).
FOLD_ROWS = 100
#: Rows of its printed years a folded year-by-year table prints at most (about 4 pages; a
#: pathway's capacity by measure, county and vintage holds 2,000 rows of 2025, 2030 and 2035)
FOLDED_PRINT_ROWS = 150


def print_years(res, years, base: bool = False) -> list[int]:
    """The years of ``years`` a sheet prints: the target years, the milestones
    (:data:`MILESTONE_YEARS`) and the last year, with ``base`` also the first (the base year
    of emissions, what every change is against)."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return []
    keep = {int(y) for y in res.targets["year"]} | set(MILESTONE_YEARS) | {ys[-1]}
    keep |= {ys[0]} if base else set()
    return [y for y in ys if y in keep]


def print_setup(wb) -> None:
    """Page setup of every sheet: A4 landscape, fitted to one page wide per
    :data:`PRINT_WIDTH` characters of columns (as many tall as the rows need), narrow margins,
    the sheet's name and page numbers in the footer. Header rows repeat on every page
    (:meth:`_Sheet.finish`)."""
    for ws in wb.worksheets():
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(getattr(ws, "pages_wide", 1), 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        note = getattr(ws, "footer_note", "")
        ws.set_footer(f"&L&A{' (' + note + ')' if note else ''}&R&P / &N")


class _Sheet:
    """A worksheet written row by row, with header, number formats and column widths."""

    def __init__(self, wb, name: str, formats: dict):
        self.ws = wb.add_worksheet(name)
        self.f = formats
        self.row = 0
        self.widths: dict[int, int] = {}
        #: (row, column, text) of wrapped cells: their rows get the height of their lines
        self.wrapped: list[tuple[int, int, str]] = []
        #: rows and columns folded away (outline level 1, collapsed): on screen one click on
        #: the outline's "+" away, not printed (:meth:`fold_years`)
        self.folded_rows: set[int] = set()
        self.folded_cols: set[int] = set()
        self.fold_note = ""

    def fold_years(self, printed: list[int], where: str, rows: set[int] | None = None,
                   cols: set[int] | None = None) -> None:
        """Fold the ``rows`` or ``cols`` of years not in ``printed`` (a pathway's every year
        printed the Measures sheet on 22 pages and Emissions on 15); the footer says which
        years print and where the rest are (the sheet's folded outline, ``where``)."""
        self.folded_rows |= rows or set()
        self.folded_cols |= cols or set()
        if rows or cols:
            self.fold_note = (f"printed: years {', '.join(map(str, printed))}; every year "
                              f"on screen (outline +){' and in ' + where if where else ''}")

    def _width(self, col: int, text: str) -> None:
        w = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text)) + 2
        self.widths[col] = min(max(self.widths.get(col, 8), w), MAX_WIDTH)

    def header(self, cols: list[str]) -> None:
        """The header row: each header wraps onto up to :data:`HEADER_LINES` lines, so a long
        header no longer widens a column of short figures (the width it asks is its longest
        word, or a third of its length)."""
        for j, c in enumerate(cols):
            self.ws.write_string(self.row, j, c, self.f["header"])
            longest = max((len(w) for w in c.split()), default=0)
            self._width(j, "x" * max(longest, math.ceil(len(c) / HEADER_LINES)))
        self.ws.set_row(self.row, LINE_HEIGHT * HEADER_LINES)
        self.row += 1

    def cells(self, values: list, fmts: Sequence[str | None]) -> None:
        for j, (v, fm) in enumerate(zip(values, fmts, strict=True)):
            fmt = self.f.get(fm) if fm else None
            if v is None or (isinstance(v, float) and math.isnan(v)):
                self.ws.write_blank(self.row, j, None, fmt)
            elif isinstance(v, float) and math.isinf(v):
                self.ws.write_string(self.row, j, "−∞" if v < 0 else "∞", self.f["text"])
            elif isinstance(v, bool):
                self.ws.write_string(self.row, j, "是 yes" if v else "否 no", fmt)
            elif isinstance(v, int | float):
                self.ws.write_number(self.row, j, float(v), fmt)
                self._width(j, "0" * 14)
            else:
                self.ws.write_string(self.row, j, str(v), fmt)
                self._width(j, str(v))
                if fm == "wrap":
                    self.wrapped.append((self.row, j, str(v)))
        self.row += 1

    def finish(self, freeze_rows: int = 1, ncols: int | None = None,
               widths: dict[int, int] | None = None, print_cols: int | None = None,
               print_rows: int | None = None, where: str = "") -> None:
        """Column widths (``widths`` overrides the measured ones), the print layout, the
        filter, and the height of every row holding wrapped text: as many lines as its
        longest wrapped cell needs at its column's width (neither Excel's nor LibreOffice's
        import sizes such rows, so their lines printed over each other). ``print_cols``: only
        the first so many columns print (the rest stay on screen). ``print_rows``: a table
        longer than that prints its first so many rows, and the footer says how many of how
        many, and ``where`` the whole table is (a pathway's capacity table printed 251 pages)."""
        self.widths.update(widths or {})
        self.ws.freeze_panes(freeze_rows, 0)
        if freeze_rows:  # the header rows print on every page
            self.ws.repeat_rows(0, freeze_rows - 1)
        printed = {j: w for j, w in self.widths.items() if print_cols is None or j < print_cols}
        last_col = (print_cols if print_cols is not None else
                    max(self.widths, default=0) + 1) - 1
        # the rows that print: folded rows do not (the cap counts the others)
        visible = [r for r in range(freeze_rows, self.row) if r not in self.folded_rows]
        data_rows = len(visible)
        if print_rows is not None and data_rows > print_rows:
            self.ws.print_area(0, 0, visible[print_rows - 1], last_col)
            self.ws.footer_note = (f"printed: rows 1-{print_rows:,} of {data_rows:,}; "
                                   f"all on screen{' and in ' + where if where else ''}")
        elif print_cols is not None and self.row:
            self.ws.print_area(0, 0, self.row - 1, print_cols - 1)
        if self.fold_note:
            capped = print_rows is not None and data_rows > print_rows
            self.ws.footer_note = self.fold_note if not capped else self.fold_note.replace(
                "; every year", f", their rows 1-{print_rows:,} of {data_rows:,}; every row")
            printed = {j: w for j, w in printed.items() if j not in self.folded_cols}
        # pages across: one per PRINT_WIDTH characters of columns (readable, not shrunk)
        self.ws.pages_wide = max(1, math.ceil(sum(printed.values()) / PRINT_WIDTH))
        for j, w in self.widths.items():
            fold = {"level": 1, "hidden": True} if j in self.folded_cols else None
            self.ws.set_column(j, j, w, None, fold)
        lines: dict[int, int] = {}
        for r, j, text in self.wrapped:
            if print_cols is not None and j >= print_cols:
                continue
            lines[r] = max(lines.get(r, 1), wrapped_lines(text, self.widths.get(j, 8)))
        for r, n in lines.items():
            if n > 1 and r not in self.folded_rows:
                self.ws.set_row(r, LINE_HEIGHT * n)
        for r in sorted(self.folded_rows):
            self.ws.set_row(r, LINE_HEIGHT * lines.get(r, 1), None, {"level": 1, "hidden": True})
        if ncols and self.row > freeze_rows:
            self.ws.autofilter(freeze_rows - 1, 0, self.row - 1, ncols - 1)


#: Points per line of text in a row (xlsxwriter's default row of 11 pt Calibri is 15 pt).
LINE_HEIGHT = 15
#: Lines a header may wrap onto.
HEADER_LINES = 3


def wrapped_lines(text: str, width: int) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` characters wide: each paragraph's
    display width (a CJK character counts two) over the width less one, rounded up; a bound
    from above (a Latin letter is narrower than the digit Excel's width counts), so nothing is
    cut."""
    room = max(1, width - 1)
    return sum(max(1, math.ceil(sum(2 if ord(ch) > 0x2E80 else 1 for ch in para) / room))
               for para in str(text).split("\n"))


def _num(value: float) -> str:
    """Number format: two decimals below 100 (small loads stay readable), else thousands."""
    return "num2" if value == value and abs(value) < 100 else "num0"


def _fam(f: str) -> str:
    zh, en = family_label(f)
    return f"{zh} {en}".strip()


# ------------------------------------------------------------------------------------------
# sheets

def _sheet_cover(wb, b: Briefing, f: dict) -> None:
    res = b.res
    sh = _Sheet(wb, "封面 Cover", f)
    sh.header(["项目 Item", "中文 Chinese", "英文 English"])
    qz, qe = question(b)
    az, ae = answer(b)
    ez, ee = evidence_lines(b)
    zh_l, en_l = b.label
    rows = [("情景 Scenario", zh_l, en_l or res.scenario),
            ("情景编号 Scenario id", res.scenario, res.scenario),
            ("参数覆盖 Overrides", "; ".join(map(str, res.manifest.get("overrides") or [])) or "无",
             "; ".join(map(str, res.manifest.get("overrides") or [])) or "none"),
            ("求解状态 Solver status", STATUS_LABELS.get(res.status, res.status), res.status),
            ("问题 Question", qz, qe)]
    rows += [(f"回答 Answer {i}", z, e) for i, (z, e) in enumerate(zip(az, ae, strict=True), 1)]
    rows += [(f"证据 Evidence {i}", z, e) for i, (z, e) in enumerate(zip(ez, ee, strict=True), 1)]
    if b.meta.description:
        rows.append(("情景说明 Description", "", b.meta.description))
    note_zh, note_en = ESTIMATE_NOTE.split(" Note: ", 1)
    rows.append(("数据说明 Data note", note_zh, note_en))
    rows.append(("图表 Charts", "见 report/*.png 与 briefing.pdf",
                 "see report/*.png and briefing.pdf"))
    for k, z, e in rows:
        sh.cells([k, z, e], ["bold", "wrap", "wrap"])
    sh.finish(widths={0: 22, 1: 80, 2: 80})


def _sheet_targets(wb, b: Briefing, f: dict) -> None:
    res = b.res
    sh = _Sheet(wb, "目标 Targets", f)
    cols = ["目标编号 Target id", "目标 Target (中文)", "目标 Target (English)", "类型 Kind",
            "年份 Year", "要求值 Required (unit col.)", "实现值 Achieved (unit col.)",
            "单位 Unit", "缺口 Shortfall (unit col.)", "影子价格 Shadow price (see next col.)",
            "影子价格单位 Shadow price unit", "价格适用下限 Price holds from (unit col.)",
            "价格适用上限 Price holds to (unit col.)", "状态 Status",
            "边际措施 Measure at the margin", "基准年总量 Total, base year",
            "目标年总量 Total, target year", "规划条款 Plan clause (source)", "备注 Note",
            "说明 Message"]
    sh.header(cols)
    for _, r in res.targets.iterrows():
        unit = r["unit"]
        frac = unit == "fraction"
        fm = "pct2" if frac else _num(max(r["required"], r["achieved"]))
        mm = str(r.get("marginal_measure", "") or "")
        mz, me = res.measure_name(mm) if mm else ("", "")
        kz, ke = kind_labels(r["kind"])
        tb, ty = r.get("total_base_year", math.nan), r.get("total_year", math.nan)
        clause = b.meta.sources.get(r["target"], "") if b.meta.available else (
            f"（情景文件不可用 scenario file not available: {b.meta.reason}）")
        sh.cells([r["target"], r["label_zh"], r["label_en"], f"{kz} {ke}".strip(),
                  int(r["year"]), r["required"], r["achieved"], "%" if frac else unit,
                  r["shortfall"], r["shadow_price"], r["shadow_price_unit"],
                  r.get("range_low", math.nan), r.get("range_high", math.nan),
                  STATUS_LABELS.get(r["status"], r["status"]),
                  f"{mz} {me}".strip() if mm else "", tb, ty, clause,
                  b.meta.notes.get(r["target"], ""), r.get("message", "")],
                 ["text", "wrap", "wrap", "text", "int", fm, fm, "text", fm, "num0", "text",
                  fm, fm, "text", "wrap", _num(tb), _num(ty), "wrap", "wrap", "wrap"])
    sh.finish(ncols=len(cols))


def _sheet_marginal(wb, b: Briefing, f: dict) -> None:
    t = marginal_table(b)
    sh = _Sheet(wb, "边际措施 Marginal measures", f)
    cols = ["目标编号 Target id", "目标 Target", "年份 Year",
            "影子价格 Shadow price (see next col.)", "影子价格单位 Shadow price unit",
            "边际措施编号 Marginal measure id", "边际措施 Measure at the margin (中文)",
            "边际措施 Measure at the margin (English)", "类别 Family",
            "满潜力单位成本 Its net cost per unit at full potential (shadow price unit)",
            "说明 Reading"]
    sh.header(cols)
    for _, r in t.iterrows():
        if not r["marginal_measure"]:
            reading = ("无单一边际措施：该目标由资源上限、资源池或其他目标约束。 No single measure "
                       "at the margin: the row is held by bounds, pools or other rows.")
        elif r["cost_per_unit"] == r["cost_per_unit"] and r["shadow_price"]:
            gap = r["cost_per_unit"] / r["shadow_price"] - 1
            reading = (f"单位成本与影子价格相差 {gap:+.1%}：差额为该措施对其他约束目标的贡献。 "
                       f"Cost per unit differs from the price by {gap:+.1%}: the difference is "
                       "the credit the measure earns on other binding targets."
                       if abs(gap) > 0.005 else
                       "单位成本等于影子价格：该措施决定此价格。 Cost per unit equals the price: "
                       "this measure sets it.")
        else:
            reading = ""
        sh.cells([r["target"], f"{r['label_zh']} {r['label_en']}", int(r["year"]),
                  r["shadow_price"], r["shadow_price_unit"], r["marginal_measure"],
                  r["measure_zh"], r["measure_en"], _fam(r["family"]) if r["family"] else "",
                  r["cost_per_unit"], reading],
                 ["text", "text", "int", "num0", "text", "text", "text", "text", "text", "num0",
                  "wrap"])
    sh.finish(ncols=len(cols), widths={len(cols) - 1: 70})


def _cost_cols(m: pd.DataFrame) -> list[str]:
    return [c for c in COST_HEADERS if c in m.columns]


def _sheet_costs(wb, b: Briefing, f: dict) -> None:
    m = b.res.measures
    items = _cost_cols(m) or ["annual_cost"]
    sh = _Sheet(wb, "成本 Costs", f)
    cols = ["年份 Year", "类别 Family", *[COST_HEADERS.get(c, "年化成本 Annual cost (CNY/yr)")
                                           for c in items], "净成本占比 Share of net cost (%)"]
    sh.header(cols)
    net_col = "net" if "net" in m.columns else "annual_cost"
    for year, grp in m.groupby("year", sort=True):
        g = grp.groupby("family", sort=False)[items].sum()
        total = float(grp[net_col].sum())
        for fam, r in g.sort_values(net_col, ascending=False).iterrows():
            sh.cells([int(year), _fam(fam), *[float(r[c]) for c in items],
                      float(r[net_col]) / total if total else None],
                     ["int", "text", *["num0"] * len(items), "pct"])
        sh.cells([int(year), "合计 Total", *[float(grp[c].sum()) for c in items],
                  1.0 if total else None], ["int", "bold", *["num0b"] * len(items), "pct"])
    sh.finish(ncols=len(cols))


def _reduction_headers(qs: list[str]) -> list[str]:
    out = []
    for q in qs:
        zh, en, unit = quantity_label(q)
        out.append("节能量 Energy saved (tce/yr)" if q == "energy"
                   else f"{zh}减排量 {en} reduction ({unit}/yr)")
    return out


def _sheet_measures(wb, b: Briefing, f: dict) -> None:
    res, cat = b.res, b.cat
    qs = res.reduction_quantities()
    red = [f"reduction_{q}" for q in qs]
    items = _cost_cols(res.measures)
    sh = _Sheet(wb, "措施 Measures", f)
    cols = ["措施编号 Measure id", "措施 Measure (中文)", "措施 Measure (English)",
            "类别 Family", "年份 Year", "实施量 Level (unit col.)", "单位 Unit",
            "年化净成本 Annual net cost (CNY/yr)", "成本占比 Share of cost (%)",
            *[COST_HEADERS[c] for c in items if c != "net"], *_reduction_headers(qs),
            "措施来源 Measure source [status]", "成本来源 Cost sources [status]"]
    sh.header(cols)
    summed = measures_by_measure(res.measures)
    shown = print_years(res, summed["year"])
    folded: set[int] = set()
    for year, grp in summed.groupby("year", sort=True):
        if int(year) not in shown:
            folded |= set(range(sh.row, sh.row + len(grp) + 1))  # its rows and its total
        total = float(grp["annual_cost"].sum())
        for _, r in grp.iterrows():
            zh, en = res.measure_name(r["measure"])
            share = r["annual_cost"] / total if total else math.nan
            sh.cells([r["measure"], zh, en, _fam(r["family"]), int(year), r["level"], r["unit"],
                      r["annual_cost"], share, *[r[c] for c in items if c != "net"],
                      *[r[c] for c in red], cat.measure_source(r["measure"]),
                      cat.cost_sources(r["measure"])],
                     ["text", "wrap", "wrap", "text", "int", _num(r["level"]), "text", "num0",
                      "pct", *["num0"] * (len(items) - ("net" in items)),
                      *[_num(r[c]) for c in red], "wrap", "wrap"])
        sh.cells(["合计 Total", "", "", "", int(year), None, "", total, 1.0 if total else None]
                 + [float(grp[c].sum()) for c in items if c != "net"]
                 + [float(grp[c].sum()) for c in red] + ["", ""],
                 ["bold", "text", "text", "text", "int", None, "text", "num0b", "pct"]
                 + ["num0b"] * (len(items) - ("net" in items) + len(red)) + ["text", "text"])
    sh.fold_years(shown, "measures.csv", rows=folded)
    # the sources (wrapped, 60 wide) made every row 3+ lines and the sheet 3 pages wide: on
    # screen here, printed once on the sheet 来源 Sources
    sh.finish(ncols=len(cols), widths={len(cols) - 2: 60, len(cols) - 1: 60},
              print_cols=len(cols) - 2, print_rows=MAX_PRINT_ROWS, where="measures.csv")
    if not cat.available:
        sh.ws.write_string(sh.row + 1, 0, f"来源不可用 Sources not available: {cat.reason}")

    sh = _Sheet(wb, "措施分县 Measures by county", f)
    cols = ["措施编号 Measure id", "措施 Measure (中文)", "措施 Measure (English)", "类别 Family",
            "区县编号 Region id", "区县 County", "年份 Year", "实施量 Level (unit col.)",
            "新建量 Built in the year (unit col.)", "单位 Unit",
            *([COST_HEADERS[c] for c in items] or ["年化成本 Annual cost (CNY/yr)"]),
            *_reduction_headers(qs),
            "措施来源 Measure source [status] (不打印，见措施表 printed once per measure on the "
            "sheet 措施 Measures)"]
    sh.header(cols)
    m = res.measures
    for _, r in m.iterrows():
        zh, en = res.measure_name(r["measure"])
        rz, re = res.region_name(r["region"])
        sh.cells([r["measure"], zh, en, _fam(r["family"]), r["region"], f"{rz} {re}".strip(),
                  int(r["year"]), r["level"], r.get("build", math.nan), r["unit"],
                  *([r[c] for c in items] or [r["annual_cost"]]), *[r[c] for c in red],
                  cat.measure_source(r["measure"])],
                 ["text", "text", "text", "text", "text", "text", "int", _num(r["level"]),
                  _num(r.get("build", 0.0)), "text", *["num0"] * (len(items) or 1),
                  *[_num(r[c]) for c in red], "text"])
    # the source repeats on every county's row: on screen in full, printed once per measure
    # on the Measures sheet (wrapped on every row it took 45 pages of the 2025 run; unwrapped
    # it ran past the print area)
    sh.finish(ncols=len(cols), print_cols=len(cols) - 1, print_rows=MAX_PRINT_ROWS,
              where="measures.csv")


def _sheet_counties(wb, b: Briefing, f: dict) -> None:
    res = b.res
    m = res.measures
    items = [c for c in ("gross", "savings", "net") if c in m.columns] or ["annual_cost"]
    qs = res.reduction_quantities()
    sh = _Sheet(wb, "分县 Counties", f)
    cols = ["区县编号 Region id", "区县 County", "年份 Year", "措施数 Measures applied",
            *[COST_HEADERS.get(c, "年化成本 Annual cost (CNY/yr)") for c in items],
            *_reduction_headers(qs)]
    sh.header(cols)
    for year, grp in m.groupby("year", sort=True):
        active = grp[grp["level"] > 1e-9]
        g = grp.groupby("region", sort=False)[items + [f"reduction_{q}" for q in qs]].sum()
        n = active.groupby("region")["measure"].nunique()
        key = "net" if "net" in g.columns else items[0]
        for reg, r in g.sort_values(key, ascending=False).iterrows():
            rz, re = res.region_name(reg)
            sh.cells([reg, f"{rz} {re}".strip(), int(year), int(n.get(reg, 0)),
                      *[float(r[c]) for c in items], *[float(r[f"reduction_{q}"]) for q in qs]],
                     ["text", "text", "int", "int", *["num0"] * len(items),
                      *[_num(float(r[f"reduction_{q}"])) for q in qs]])
    sh.finish(ncols=len(cols))


def _sheet_mac(wb, b: Briefing, f: dict) -> None:
    from model.report.charts import mac_targets
    from model.report.full_potential_mac import chosen_mac, mac_for_target

    res = b.res
    sh = _Sheet(wb, "边际减排成本 MAC", f)
    cols = ["目标编号 Target id", "年份 Year", "序号 Rank", "措施编号 Measure id",
            "措施 Measure", "类别 Family", "重点工程 Eligible (key project)", "资源池 Pool",
            "可达潜力 Reachable potential (unit col.)", "单位 Unit",
            "满潜力贡献 Contribution at full potential (target unit/yr; pp for services)",
            "满潜力年化净成本 Net annual cost at full potential (CNY/yr)",
            "单位成本 Net cost per unit of the target (CNY per target unit)",
            "已选用贡献 Contribution chosen (target unit/yr)", "选用比例 Share chosen (%)",
            "影子价格 Shadow price of the target", "边际措施 At the margin"]
    sh.header(cols)
    full = b.full is not None and b.full.available
    for _, t in mac_targets(res).iterrows():
        if full:
            tab, _ = mac_for_target(res, b.full, t)
        elif not kinds.get(str(t["kind"])).service:
            tab = chosen_mac(res, str(t["quantity"]), int(t["year"]))
        else:
            continue
        for i, r in tab.iterrows():
            zh, en = res.measure_name(r["measure"])
            sh.cells([t["target"], int(t["year"]), i + 1, r["measure"], f"{zh} {en}".strip(),
                      _fam(r["family"]), bool(r["eligible"]), r["pool"], r["potential"],
                      r["unit"], r["reduction"], r["annual_cost"], r["cost_per_unit"],
                      r["chosen_reduction"], r["chosen_share"], t["shadow_price"],
                      "是 yes" if r["measure"] == t.get("marginal_measure", "") else ""],
                     ["text", "int", "int", "text", "text", "text", "text", "text",
                      _num(r["potential"]), "text", _num(r["reduction"]), "num0",
                      _num(r["cost_per_unit"]), _num(r["chosen_reduction"]), "pct", "num0",
                      "text"])
    sh.finish(ncols=len(cols))
    if not full:
        why = b.full.reason if b.full is not None else "not derived"
        sh.ws.write_string(sh.row + 1, 0, "仅含本情景选用的措施 Chosen measures only: " + why)


def _sheet_emissions(wb, b: Briefing, f: dict) -> None:
    res = b.res
    pv = emissions_pivot(res.emissions, res.city)
    cols = [c for c in pv.columns if isinstance(c, tuple)]
    case_zh = {"baseline": "基准 Baseline", "scenario": "规划 Plan"}
    years = sorted({y for y, _ in cols})
    last = years[-1]
    has_both = (last, "baseline") in cols and (last, "scenario") in cols
    sh = _Sheet(wb, "排放 Emissions", f)
    sh.header(["区域编号 Region id", "区域 Region", "指标 Variable (中文)",
               "指标 Variable (English)", "变量 Variable id", "单位 Unit"]
              + [f"{y} {case_zh.get(c, c)} (unit col.)" for y, c in cols]
              + ([f"{last} 规划比基准变化 Plan vs baseline (%)"] if has_both else []))
    shown = print_years(res, years, base=True)
    sh.fold_years(shown, "emissions.csv",
                  cols={6 + j for j, (y, _c) in enumerate(cols) if y not in shown})
    for row in pv.itertuples(index=False):
        region, variable, unit = row[0], row[1], row[2]
        vals = dict(zip(pv.columns[3:], row[3:], strict=True))
        zh, en = variable_label(variable)
        rz, re = res.region_name(region)
        nums = [float(vals[c]) for c in cols]
        fm = "num2" if max(map(abs, [v for v in nums if v == v]), default=0) < 100 else "num0"
        extra, extra_f = [], []
        if has_both:
            base, plan = vals[(last, "baseline")], vals[(last, "scenario")]
            extra = [(plan - base) / abs(base) if unit != "%" and base else None]
            extra_f = ["pct"]
        sh.cells([region, f"{rz} {re}".strip(), zh, en, variable, unit, *nums, *extra],
                 ["bold" if region == res.city else "text"] + ["text"] * 5 + [fm] * len(nums)
                 + extra_f)
    sh.finish(ncols=6 + len(cols) + int(has_both), print_rows=MAX_PRINT_ROWS, where="emissions.csv")


def _sheet_generic(wb, name: str, df: pd.DataFrame, f: dict, where: str = "",
                   shown: list[int] | None = None) -> None:
    """A result table as it is; with ``shown`` (years) the rows of other years of its
    ``year`` column are folded (:meth:`_Sheet.fold_years`)."""
    sh = _Sheet(wb, name, f)
    sh.header([GENERIC_HEADERS.get(c.lower(), f"字段 Field {c}") for c in df.columns])
    if shown is not None and "year" in df.columns:
        yr = pd.to_numeric(df["year"], errors="coerce")
        sh.fold_years(shown, where, rows={sh.row + i for i, y in enumerate(yr)
                                          if y == y and int(y) not in shown})
    for _, r in df.iterrows():
        vals = [r[c] for c in df.columns]
        fmts = []
        for c, v in zip(df.columns, vals, strict=True):
            if c == "year" or c.endswith("_year") or c == "vintage":
                fmts.append("int")
            elif isinstance(v, float):
                fmts.append(_num(v))
            elif isinstance(v, str) and len(v) > MAX_WIDTH:
                fmts.append("wrap")  # long text wraps in its column (never past the print area)
            else:
                fmts.append("text")
        sh.cells([v.item() if hasattr(v, "item") else v for v in vals], fmts)
    sh.finish(ncols=len(df.columns), where=where,
              print_rows=MAX_PRINT_ROWS if shown is None else FOLDED_PRINT_ROWS)


def _sheet_sensitivity(wb, s: Sensitivity, f: dict) -> None:
    sh = _Sheet(wb, "敏感性 Sensitivity", f)
    sh.header(["输出 Output", "单位 Unit", "下限 Low", "中位数 Median", "上限 High",
               "区间覆盖 Coverage (%)"])
    for _, r in s.table.iterrows():
        sh.cells([r["output"], r["unit"], r["low"], r["median"], r["high"], r["level"]],
                 ["text", "text", _num(r["low"]), _num(r["median"]), _num(r["high"]), "pct"])
    sh.cells([f"来源 Folder: {s.folder}" + (f" ({s.samples} samples)" if s.samples else ""),
              "", None, None, None, None], ["text", "text", None, None, None, None])
    sh.finish()


def _sheet_sources(wb, b: Briefing, f: dict) -> None:
    res, cat = b.res, b.cat
    sh = _Sheet(wb, "来源 Sources", f)
    sh.header(["措施编号 Measure id", "措施 Measure", "项目 Item", "来源 Source",
               "状态 Status", "方法 Method"])
    used = list(dict.fromkeys(res.measures["measure"]))
    if not cat.available:
        sh.cells(["", "", "", f"来源不可用 Not available: {cat.reason}", "", ""],
                 ["text"] * 6)
    for meas in used:
        zh, en = res.measure_name(meas)
        if meas in cat.measures.index:
            r = cat.measures.loc[meas]
            sh.cells([meas, f"{zh} {en}".strip(), "措施 measure", r["source"], r["status"],
                      r["method"]], ["text", "text", "text", "wrap", "text", "wrap"])
        for _, c in cat.costs[cat.costs["measure"] == meas].iterrows():
            sh.cells([meas, f"{zh} {en}".strip(), f"成本 cost: {c['item']}", c["source"],
                      c["status"], c["method"]], ["text", "text", "text", "wrap", "text",
                                                  "wrap"])
    if b.meta.available:
        for tid, src in b.meta.sources.items():
            sh.cells([tid, "", "目标 target", src, "", b.meta.notes.get(tid, "")],
                     ["text", "text", "text", "wrap", "text", "wrap"])
    sh.finish(ncols=6, widths={3: 70, 5: 70})


def _sheet_about(wb, b: Briefing, f: dict) -> None:
    res = b.res
    m = res.manifest
    solver = res.solver
    sh = _Sheet(wb, "说明 About", f)
    sh.header(["项目 Item", "值 Value"])
    rows: list[tuple[str, object, str]] = [
        ("情景 Scenario", res.scenario, "text"),
        ("情景文件 Scenario file", m.get("scenario_file", ""), "text"),
        ("参数覆盖 Overrides", "; ".join(map(str, m.get("overrides", []))), "text"),
        ("运行时间 Run time (UTC)", m.get("created_utc", ""), "text"),
        ("结果目录 Results folder", str(res.folder), "text"),
        ("求解器 Solver", solver.get("name", ""), "text"),
        ("求解状态 Solver status", solver.get("status", ""), "text"),
        (f"年化成本 Annual cost {solver.get('annual_cost_year', '')} (CNY/yr)",
         solver.get("annual_cost_cny_per_yr"), "num0"),
        ("支出 Gross outlay (CNY/yr)", solver.get("annual_gross_outlay_cny_per_yr"), "num0"),
        ("节省 Savings (CNY/yr)", solver.get("annual_savings_cny_per_yr"), "num0"),
        (f"现值成本 Present value of cost, base year {solver.get('pv_base_year', '')} (CNY)",
         solver.get("pv_cost_cny"), "num0"),
        ("核算规则 Accounting rule", m.get("accounting", ""), "text"),
        ("满潜力曲线 Full-potential MAC", "re-derived from the scenario" if b.full is not None
         and b.full.available else f"not available: {b.full.reason if b.full else ''}", "text"),
    ]
    for k, v in (m.get("units") or {}).items():
        rows.append((f"单位 Units: {k}", v, "text"))
    rows.append(("数据说明 Data note", m.get("note", ESTIMATE_NOTE), "wrap"))
    rows.append(("百分比 Shares", "份额以百分比显示 Shares are shown as %", "text"))
    for k, v in (m.get("versions") or {}).items():
        rows.append((f"版本 Version: {k}", v, "text"))
    for k, v in (m.get("inputs") or {}).items():
        rows.append((f"输入 Input (SHA-256): {k}", v, "text"))
    for k, v, fm in rows:
        if v is None:
            v = ""
        sh.cells([k, v if isinstance(v, int | float) and not isinstance(v, bool) else str(v)],
                 ["bold", fm])
    sh.finish(widths={1: 90})


#: Result tables shown as they are when the run wrote them (data-driven: a new table of the run
#: is one line here and in model.report.tables.OPTIONAL_FILES).
OPTIONAL_SHEETS = (("pathway.csv", "路径 Pathway"), ("wedges.csv", "楔形 Wedges"),
                   ("capacity.csv", "装机 Capacity"),
                   ("costs_by_year.csv", "逐年成本 Costs by year"),
                   ("views.csv", "核算口径 Accounting views"),
                   ("cost_attribution.csv", "成本归因 Cost attribution"),
                   ("commitments.csv", "承诺 Commitments"))


_DUAL = re.compile(r"^(?P<target>\S+) (?P<year>\d{4}): dual (?P<value>-?[\d,]+(?:\.\d+)?) "
                   r"CNY/(?P<unit>.+)$")
_INTENSITY = re.compile(r"^(?P<target>\S+) (?P<year>\d{4}): required (?P<req>[-\d.]+) %, "
                        r"achieved (?P<ach>[-\d.]+) %, most (?P<most>[-\d.]+) %$")


def views_matrix(views: pd.DataFrame) -> tuple[list[str], list[list]]:
    """The accounting views (views.csv, :mod:`model.views`) as a matrix: one column per view,
    one row per item — the view's definition and status, its present-value and net annual
    cost (万元), each intensity target's required / achieved / most achievable (%), each
    target binding in some view with its dual in 万元 (亿元 where the row reaches 10^8 CNY)
    per unit of the target (blank: not binding under that view), the targets short, the
    documents. Returns (view column headers, rows of [item, year, unit, value per view]).

    One row per view with its prices as text printed 6 pages for 7 views (rows 255-270 pt
    tall); the matrix prints on one or two."""
    names = [f"{v}{' (本次 this run)' if str(t) == 'True' else ''}"
             for v, t in zip(views["view"], views["this_run"], strict=True)]
    text = views.fillna("").astype(str)

    def row(item: str, values: list, year: object = "", unit: str = "") -> list:
        return [item, year, unit, *values]

    rows = [row("口径定义 Definition (CO2 rule; non-fossil; export credit; hydrology)",
                ["; ".join(x for x in (r.co2_accounting, r.non_fossil_attribution,
                                       r.export_credit, r.hydrology) if x)
                 for r in text.itertuples()]),
            row("状态 Status", list(text["status"])),
            row("折现成本 PV cost", [_wan(v) for v in views["pv_cost_cny"]], unit="万元"),
            row("年化净成本 Net annual cost", [_wan(v) for v in views["annual_cost_cny_per_yr"]],
                unit="万元/年")]
    inten: dict[tuple[str, str], list] = {}
    duals: dict[tuple[str, str, str], list] = {}
    for j, r in enumerate(text.itertuples()):
        for part in filter(None, r.intensity.split("; ")):
            m = _INTENSITY.match(part)
            if m:
                inten.setdefault((m["target"], m["year"]), [""] * len(views))[j] = \
                    f"{m['req']} / {m['ach']} / {m['most']}"
        for part in filter(None, r.binding_targets.split("; ")):
            m = _DUAL.match(part)
            if m:
                key = (m["target"], m["year"], m["unit"].replace("percentage point", "pp"))
                duals.setdefault(key, [None] * len(views))[j] = float(
                    m["value"].replace(",", ""))
    for (t, y), vals in inten.items():
        rows.append(row(f"{t} 要求/实现/最大可达 required / achieved / most", vals, int(y), "%"))
    for (t, y, u), vals in duals.items():
        big = max((abs(v) for v in vals if v is not None), default=0.0) >= 1e8
        scale, money = (1e8, "亿元") if big else (1e4, "万元")
        rows.append(row(f"{t} 对偶价格 dual", [None if v is None else v / scale for v in vals],
                        int(y), f"{money}/{u}"))
    rows.append(row("未达目标 Targets short", list(text["shortfall_targets"])))
    rows.append(row("依据 Documents", list(text["documents"])))
    if text["note"].str.len().any():
        rows.append(row("说明 Note", list(text["note"])))
    return names, rows


def _wan(v: Any) -> float | None:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return None if v != v else v / 1e4


def _sheet_views(wb, name: str, views: pd.DataFrame, f: dict, where: str = "") -> None:
    """The accounting views as a matrix (:func:`views_matrix`), one column per view."""
    names, rows = views_matrix(views)
    sh = _Sheet(wb, name, f)
    sh.header(["项目 Item", "年份 Year", "单位 Unit", *names])
    for r in rows:
        fmts = ["wrap", "int" if r[1] != "" else "text", "text"]
        for v in r[3:]:
            fmts.append("text" if isinstance(v, str) or v is None else
                        "num4" if abs(v) < 100 else "num0")
            if isinstance(v, str) and len(v) > 16:
                fmts[-1] = "wrap"
        sh.cells(r, fmts)
    sh.finish(widths={0: 36, 1: 7, 2: 16, **{3 + j: 18 for j in range(len(names))}})


#: Optional tables with a sheet of their own (the rest: :func:`_sheet_generic`).
SHEETS = {"views.csv": _sheet_views}


def formats(wb) -> dict:
    """The cell formats every peakplan workbook uses; every cell aligned to the top, so a row
    with wrapped text reads from its first line across."""
    top = {"valign": "top"}
    return {
        "header": wb.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                 "bg_color": "#DDEBF7", "border": 1}),
        "text": wb.add_format(dict(top)),
        "wrap": wb.add_format({"text_wrap": True, **top}),
        "bold": wb.add_format({"bold": True, **top}),
        "int": wb.add_format({"num_format": "0", **top}),
        "num0": wb.add_format({"num_format": "#,##0", **top}),
        "num0b": wb.add_format({"num_format": "#,##0", "bold": True, **top}),
        "num2": wb.add_format({"num_format": "#,##0.00", **top}),
        "num4": wb.add_format({"num_format": "#,##0.00##", **top}),
        "pct": wb.add_format({"num_format": "0.0%", **top}),
        "pct2": wb.add_format({"num_format": "0.00%", **top}),
    }


def save_workbook(out: str | Path, fill) -> Path:
    """Write a workbook atomically (temporary file beside ``out``, then :func:`os.replace`),
    mode 0644 (as every output); ``fill(wb, formats)`` adds the sheets."""
    import xlsxwriter

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:

        wb = xlsxwriter.Workbook(tmp_name, SAFE_OPTIONS)  # text is never a formula or link
        fill(wb, formats(wb))
        print_setup(wb)
        wb.close()
        public_mode(Path(tmp_name))
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out


def write_briefing_workbook(b: Briefing, out: str | Path) -> Path:
    """Write the briefing workbook of :class:`~model.report.briefing.Briefing` ``b`` (module
    docstring for the sheets) to ``out`` and return it."""
    def fill(wb, f):
        _sheet_cover(wb, b, f)
        _sheet_targets(wb, b, f)
        _sheet_marginal(wb, b, f)
        _sheet_costs(wb, b, f)
        _sheet_measures(wb, b, f)
        _sheet_counties(wb, b, f)
        _sheet_mac(wb, b, f)
        _sheet_emissions(wb, b, f)
        for name, sheet in OPTIONAL_SHEETS:
            if name in b.res.extra:
                df = b.res.extra[name]
                if name in SHEETS:
                    SHEETS[name](wb, sheet, df, f, where=name)
                else:  # a long year-by-year table prints its target years and milestones
                    shown = (print_years(b.res, pd.to_numeric(df["year"], errors="coerce")
                                         .dropna())
                             if "year" in df.columns and len(df) > FOLD_ROWS else None)
                    _sheet_generic(wb, sheet, df, f, where=name, shown=shown)
        if b.sens is not None:
            _sheet_sensitivity(wb, b.sens, f)
        _sheet_sources(wb, b, f)
        _sheet_about(wb, b, f)

    return save_workbook(out, fill)


def write_workbook(results_dir: str | Path, out_path: str | Path | None = None,
                   derive: bool = True) -> Path:
    """Write the briefing workbook of a result folder and return its path (default
    ``<results_dir>/report.xlsx``). Raises InputError if ``results_dir`` is not a result
    folder (:func:`model.report.tables.read_results`)."""

    b = build(results_dir, derive=derive)
    out = Path(out_path) if out_path else Path(results_dir) / "report.xlsx"
    return write_briefing_workbook(b, out)
