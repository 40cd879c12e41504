"""Reading a run's result folder and writing the briefing workbook (XLSX, bilingual headers).

A result folder (CONTRACTS.md §6, written by :func:`model.pipeline.run_scenario`) holds
``targets.csv``, ``measures.csv``, ``emissions.csv`` (UTF-8 with BOM, ids only) and
``manifest.json``. :func:`read_results` reads and checks them; :func:`write_workbook` turns them
into an Excel workbook whose every header is ``中文 English (unit)``. Shares (unit ``fraction``)
are shown as percentages; nothing is recomputed except sums over counties and sums by measure.

Labels (measure and county names) come from the catalogue ``measures.csv`` and the data pack
``regions.csv`` listed in the manifest's ``inputs``, and only if the file on disk still has the
hash the manifest recorded; otherwise the ids are shown (and a note is logged).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.errors import InputError

log = logging.getLogger(__name__)

CITY = "ankang"
RESULT_FILES = ("targets.csv", "measures.csv", "emissions.csv", "manifest.json")
TARGET_REQUIRED = ("target", "label_zh", "label_en", "required", "achieved", "unit", "shortfall",
                   "shadow_price", "shadow_price_unit", "status", "kind", "quantity", "year")
MEASURE_REQUIRED = ("measure", "family", "region", "year", "level", "unit", "annual_cost")
EMISSION_REQUIRED = ("scenario", "region", "variable", "unit", "year", "case", "value")

#: Bilingual names of the quantities of measures.csv ``reduction_<q>`` and emissions variables.
QUANTITY_LABELS = {
    "CO2": ("二氧化碳", "CO2", "t CO2"),
    "energy": ("能源消费", "Energy", "tce"),
    "COD": ("化学需氧量", "COD", "t"),
    "NH3-N": ("氨氮", "NH3-N", "t"),
    "NOx": ("氮氧化物", "NOx", "t"),
    "SO2": ("二氧化硫", "SO2", "t"),
    "VOCs": ("挥发性有机物", "VOCs", "t"),
    "PM2.5": ("细颗粒物", "PM2.5", "t"),
    "NH3": ("氨", "NH3", "t"),
}
SERVICE_LABELS = {
    "urban_sewage_treated": ("城市生活污水处理率", "Urban sewage treatment rate"),
    "county_sewage_treated": ("县城污水处理率", "County-town sewage treatment rate"),
    "rural_households_treated": ("农村生活污水处理率", "Rural sewage treatment rate"),
    "manure_used": ("畜禽粪污综合利用率", "Manure use rate"),
}
STATUS_LABELS = {"binding": "约束 binding", "slack": "有余量 slack",
                 "shortfall": "未达成 shortfall"}

ESTIMATE_NOTE = ("注意：多数输入数据为估算值（status=estimate，方法见各输入表 method 列），"
                 "结果用于情景比较，不是统计数据。 Note: most inputs are estimates "
                 "(status = estimate, method given in each input table); the results compare "
                 "scenarios and are not statistics.")


@dataclass(frozen=True)
class Results:
    """One run's result tables as read from its folder.

    ``targets``/``measures``/``emissions`` have the columns of :mod:`model.results`;
    ``manifest`` is the parsed ``manifest.json``; ``measure_labels`` maps measure id ->
    (label_zh, label_en) and ``region_labels`` region id -> (name_zh, name_en), empty when the
    labelled input files are not available unchanged.
    """

    folder: Path
    targets: pd.DataFrame
    measures: pd.DataFrame
    emissions: pd.DataFrame
    manifest: dict
    measure_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    region_labels: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def scenario(self) -> str:
        """Scenario name from the manifest (the folder name if the manifest lacks it)."""
        return str(self.manifest.get("scenario", self.folder.name))

    def reduction_quantities(self) -> list[str]:
        """Quantities q with a ``reduction_<q>`` column in measures.csv, in column order."""
        return [c[len("reduction_"):] for c in self.measures.columns if c.startswith("reduction_")]


def _read_csv(path: Path, required: tuple[str, ...], numeric: tuple[str, ...],
              numeric_prefix: str | None = None) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(str(path), f"an unreadable CSV ({exc.__class__.__name__})",
                         "a result table written by peakplan run") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(str(path), f"columns {list(df.columns)}", f"also the columns {missing}")
    if numeric_prefix:
        numeric = numeric + tuple(c for c in df.columns if c.startswith(numeric_prefix))
    for col in numeric:
        if col not in df.columns:
            continue
        vals = []
        for i, v in enumerate(df[col], start=2):
            s = v.strip()
            if s == "":
                vals.append(math.nan)  # written by peakplan for "not applicable" (e.g. NaN dual)
                continue
            try:
                vals.append(float(s))
            except ValueError:
                raise InputError(f"{path} row {i} column '{col}'", repr(v), "a number") from None
        df[col] = vals
    return df


def _labels_from_input(manifest: dict, folder: Path, name: str, key: str,
                       cols: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """Labels from an input file named in the manifest, if it is unchanged since the run."""
    from model.scenario import PROJECT_ROOT

    for rel, digest in manifest.get("inputs", {}).items():
        if Path(rel).name != name:
            continue
        root = Path(manifest.get("inputs_root") or PROJECT_ROOT)  # older manifests: project
        path = Path(rel) if Path(rel).is_absolute() else root / rel
        if not path.exists():
            log.info("labels: %s not found; showing ids", path)
            return {}
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            log.info("labels: %s changed since the run in %s; showing ids", path, folder)
            return {}
        df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        if key not in df.columns or not set(cols) <= set(df.columns):
            return {}
        return {k: (a, b) for k, a, b in zip(df[key], df[cols[0]], df[cols[1]], strict=True)}
    return {}


def read_results(results_dir: str | Path) -> Results:
    """Read and check a result folder (CONTRACTS.md §6).

    Raises
    ------
    InputError
        If the folder does not exist, lacks any of ``targets.csv, measures.csv, emissions.csv,
        manifest.json`` (naming the missing ones), or a table lacks a column / holds a
        non-number in a numeric column.
    """
    folder = Path(results_dir)
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder", "a result folder of 'peakplan run'")
    missing = [f for f in RESULT_FILES if not (folder / f).is_file()]
    if missing:
        raise InputError(str(folder), f"no {', '.join(missing)}",
                         f"a result folder of 'peakplan run' holding {', '.join(RESULT_FILES)}")
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(folder / "manifest.json"), f"invalid JSON ({exc})",
                         "the manifest written by peakplan run") from None
    if not isinstance(manifest, dict):
        raise InputError(str(folder / "manifest.json"), type(manifest).__name__, "a JSON object")
    targets = _read_csv(folder / "targets.csv", TARGET_REQUIRED,
                        ("required", "achieved", "shortfall", "shadow_price", "range_low",
                         "range_high", "max_achievable", "year"))
    measures = _read_csv(folder / "measures.csv", MEASURE_REQUIRED,
                         ("level", "annual_cost", "year"), numeric_prefix="reduction_")
    emissions = _read_csv(folder / "emissions.csv", EMISSION_REQUIRED, ("year", "value"))
    for df in (targets, measures, emissions):
        df["year"] = df["year"].astype(int)
    return Results(
        folder=folder, targets=targets, measures=measures, emissions=emissions,
        manifest=manifest,
        measure_labels=_labels_from_input(manifest, folder, "measures.csv", "measure",
                                          ("label_zh", "label_en")),
        region_labels=_labels_from_input(manifest, folder, "regions.csv", "region",
                                         ("name_zh", "name_en")),
    )


def measures_by_measure(measures: pd.DataFrame) -> pd.DataFrame:
    """Sum measures.csv over regions: one row per (measure, family, unit, year).

    Columns ``measure, family, unit, year, level, annual_cost, reduction_<q>...`` (same units
    as measures.csv), rows in the order measures first appear.
    """
    num = ["level", "annual_cost"] + [c for c in measures.columns if c.startswith("reduction_")]
    out = measures.groupby(["measure", "family", "unit", "year"], as_index=False, sort=False)[
        num].sum()
    return out.sort_values("year", kind="stable").reset_index(drop=True)


def emissions_pivot(emissions: pd.DataFrame) -> pd.DataFrame:
    """Pivot emissions.csv: one row per (region, variable, unit), one column per (year, case).

    Rows: the city (``ankang``) first, then the counties in file order; columns
    ``region, variable, unit`` then ``(year, case)`` pairs, baseline before scenario.
    """
    regions = list(dict.fromkeys([CITY, *emissions["region"]]))
    regions = [r for r in regions if r in set(emissions["region"])]
    pv = emissions.pivot_table(index=["region", "variable", "unit"], columns=["year", "case"],
                               values="value", aggfunc="first", sort=False)
    years = sorted(emissions["year"].unique())
    cases = [c for c in ("baseline", "scenario") if c in set(emissions["case"])]
    cols = [(y, c) for y in years for c in cases if (y, c) in pv.columns]
    rank = {r: i for i, r in enumerate(regions)}
    pv = pv[cols]
    pv = pv.iloc[sorted(range(len(pv)), key=lambda i: rank[pv.index[i][0]])]
    flat = pd.DataFrame(pv.to_numpy(), columns=pd.Index(cols, tupleize_cols=False))
    keys = pd.DataFrame(list(pv.index), columns=["region", "variable", "unit"])
    return pd.concat([keys, flat], axis=1)
    return pv


# ------------------------------------------------------------------------------------------
# workbook

def _variable_label(variable: str) -> tuple[str, str]:
    kind, _, q = variable.partition("|")
    if kind == "Energy":
        return QUANTITY_LABELS["energy"][:2]
    if kind == "Service":
        return SERVICE_LABELS.get(q, (q, q))
    zh, en, _ = QUANTITY_LABELS.get(q, (q, q, ""))
    return zh, en


class _Sheet:
    """A worksheet written row by row, with header, number formats and column widths."""

    def __init__(self, wb, name: str, formats: dict):
        self.ws = wb.add_worksheet(name)
        self.f = formats
        self.row = 0
        self.widths: dict[int, int] = {}

    def _width(self, col: int, text: str) -> None:
        w = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text)) + 2
        self.widths[col] = min(max(self.widths.get(col, 8), w), 60)

    def header(self, cols: list[str]) -> None:
        for j, c in enumerate(cols):
            self.ws.write_string(self.row, j, c, self.f["header"])
            self._width(j, c if len(c) < 40 else c[:40])
        self.ws.set_row(self.row, 32)
        self.row += 1

    def cells(self, values: list, fmts: list[str | None]) -> None:
        for j, (v, fm) in enumerate(zip(values, fmts, strict=True)):
            fmt = self.f.get(fm) if fm else None
            if v is None or (isinstance(v, float) and math.isnan(v)):
                self.ws.write_blank(self.row, j, None, fmt)
            elif isinstance(v, float) and math.isinf(v):
                self.ws.write_string(self.row, j, "−∞" if v < 0 else "∞", self.f["text"])
            elif isinstance(v, int | float):
                self.ws.write_number(self.row, j, float(v), fmt)
                self._width(j, "0" * 14)
            else:
                self.ws.write_string(self.row, j, str(v), fmt)
                self._width(j, str(v))
        self.row += 1

    def finish(self, freeze_rows: int = 1, ncols: int | None = None) -> None:
        self.ws.freeze_panes(freeze_rows, 0)
        for j, w in self.widths.items():
            self.ws.set_column(j, j, w)
        if ncols and self.row > freeze_rows:
            self.ws.autofilter(freeze_rows - 1, 0, self.row - 1, ncols - 1)


def _num(value: float) -> str:
    """Number format: two decimals below 100 (small loads stay readable), else thousands."""
    return "num2" if value == value and abs(value) < 100 else "num0"


def _sheet_targets(wb, res: Results, f: dict) -> None:
    sh = _Sheet(wb, "目标 Targets", f)
    sh.header(["目标编号 Target id", "目标 Target (中文)", "目标 Target (English)",
               "类型 Kind", "年份 Year", "要求值 Required (unit col.)",
               "实现值 Achieved (unit col.)", "单位 Unit", "缺口 Shortfall (unit col.)",
               "影子价格 Shadow price (see next col.)", "影子价格单位 Shadow price unit",
               "状态 Status", "说明 Message"])
    for _, r in res.targets.iterrows():
        unit = r["unit"]
        fm = "pct2" if unit == "fraction" else _num(max(r["required"], r["achieved"]))
        sh.cells([r["target"], r["label_zh"], r["label_en"], r["kind"], int(r["year"]),
                  r["required"], r["achieved"], "%" if unit == "fraction" else unit,
                  r["shortfall"], r["shadow_price"], r["shadow_price_unit"],
                  STATUS_LABELS.get(r["status"], r["status"]), r.get("message", "")],
                 ["text", "text", "text", "text", "int", fm, fm, "text", fm, "num0", "text",
                  "text", "text"])
    sh.finish(ncols=13)


def _reduction_headers(qs: list[str]) -> list[str]:
    out = []
    for q in qs:
        zh, en, unit = QUANTITY_LABELS.get(q, (q, q, "t"))
        if q == "energy":
            out.append("节能量 Energy saved (tce/yr)")
        else:
            out.append(f"{zh}减排量 {en} reduction ({unit}/yr)")
    return out


def _sheet_measures(wb, res: Results, f: dict) -> None:
    qs = res.reduction_quantities()
    red = [f"reduction_{q}" for q in qs]
    lab = res.measure_labels
    reg = res.region_labels

    sh = _Sheet(wb, "措施 Measures", f)
    sh.header(["措施编号 Measure id", "措施 Measure (中文)", "措施 Measure (English)",
               "类别 Family", "年份 Year", "实施量 Level (unit col.)", "单位 Unit",
               "年化成本 Annual cost (CNY/yr)", "成本占比 Share of cost (%)",
               *_reduction_headers(qs)])
    summed = measures_by_measure(res.measures)
    for year, grp in summed.groupby("year", sort=True):
        total = float(grp["annual_cost"].sum())
        for _, r in grp.iterrows():
            zh, en = lab.get(r["measure"], ("", ""))
            share = r["annual_cost"] / total if total else math.nan
            sh.cells([r["measure"], zh, en, r["family"], int(year), r["level"], r["unit"],
                      r["annual_cost"], share, *[r[c] for c in red]],
                     ["text", "text", "text", "text", "int", _num(r["level"]), "text", "num0",
                      "pct", *[_num(r[c]) for c in red]])
        sh.cells(["合计 Total", "", "", "", int(year), None, "", total, 1.0 if total else None]
                 + [float(grp[c].sum()) for c in red],
                 ["bold", "text", "text", "text", "int", None, "text", "num0b", "pct"]
                 + ["num0b"] * len(red))
    sh.finish(ncols=9 + len(red))

    sh = _Sheet(wb, "措施分县 Measures by county", f)
    sh.header(["措施编号 Measure id", "措施 Measure (中文)", "类别 Family", "区县编号 Region id",
               "区县 County", "年份 Year", "实施量 Level (unit col.)", "单位 Unit",
               "年化成本 Annual cost (CNY/yr)", *_reduction_headers(qs)])
    for _, r in res.measures.iterrows():
        sh.cells([r["measure"], lab.get(r["measure"], ("", ""))[0], r["family"], r["region"],
                  reg.get(r["region"], ("", ""))[0], int(r["year"]), r["level"], r["unit"],
                  r["annual_cost"], *[r[c] for c in red]],
                 ["text", "text", "text", "text", "text", "int", _num(r["level"]), "text",
                  "num0", *[_num(r[c]) for c in red]])
    sh.finish(ncols=9 + len(red))


def _sheet_emissions(wb, res: Results, f: dict) -> None:
    pv = emissions_pivot(res.emissions)
    cols = [c for c in pv.columns if isinstance(c, tuple)]
    case_zh = {"baseline": "基准 Baseline", "scenario": "情景 Scenario"}
    years = sorted({y for y, _ in cols})
    last = years[-1]
    has_both = (last, "baseline") in cols and (last, "scenario") in cols
    sh = _Sheet(wb, "排放 Emissions", f)
    sh.header(["区域编号 Region id", "区域 Region", "指标 Variable (中文)",
               "指标 Variable (English)", "变量 Variable id", "单位 Unit (% = share)"]
              + [f"{y} {case_zh.get(c, c)} (unit col.)" for y, c in cols]
              + ([f"{last} 情景比基准变化 Scenario vs baseline (%)"] if has_both else []))
    reg = dict(res.region_labels)
    for row in pv.itertuples(index=False):
        region, variable, unit = row[0], row[1], row[2]
        vals = dict(zip(pv.columns[3:], row[3:], strict=True))
        zh, en = _variable_label(variable)
        name = reg.get(region, ("安康市", "Ankang City") if region == CITY else ("", ""))
        nums = [float(vals[c]) for c in cols]
        fm = "pct" if unit == "fraction" else ("num2" if max(map(abs, nums), default=0) < 100
                                               else "num0")
        extra, extra_f = [], []
        if has_both:
            b, s = vals[(last, "baseline")], vals[(last, "scenario")]
            extra = [(s - b) / b if unit != "fraction" and b else None]
            extra_f = ["pct"]
        sh.cells([region, f"{name[0]} {name[1]}".strip(), zh, en, variable,
                  "%" if unit == "fraction" else unit, *nums, *extra],
                 ["bold" if region == CITY else "text"] + ["text"] * 5 + [fm] * len(nums)
                 + extra_f)
    sh.finish(ncols=6 + len(cols) + int(has_both))


def _sheet_about(wb, res: Results, f: dict) -> None:
    m = res.manifest
    solver = m.get("solver", {}) if isinstance(m.get("solver"), dict) else {}
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
        (f"现值成本 Present value of cost, base year {solver.get('pv_base_year', '')} (CNY)",
         solver.get("pv_cost_cny"), "num0"),
    ]
    for k, v in (m.get("units") or {}).items():
        rows.append((f"单位 Units: {k}", v, "text"))
    rows.append(("数据说明 Data note", m.get("note", ESTIMATE_NOTE), "wrap"))
    rows.append(("百分比 Shares", "份额以百分比显示 (fraction × 100 %) Shares are shown as %",
                 "text"))
    for k, v in (m.get("versions") or {}).items():
        rows.append((f"版本 Version: {k}", v, "text"))
    for k, v in (m.get("inputs") or {}).items():
        rows.append((f"输入 Input (SHA-256): {k}", v, "text"))
    for k, v, fm in rows:
        if v is None:
            v = ""
        sh.cells([k, v if isinstance(v, int | float) and not isinstance(v, bool) else str(v)],
                 ["bold", fm])
    sh.finish()
    sh.ws.set_column(1, 1, 90)


def write_workbook(results_dir: str | Path, out_path: str | Path | None = None) -> Path:
    """Write the briefing workbook of a result folder and return its path.

    Sheets: ``目标 Targets`` (required/achieved/shortfall in the target's unit, shares as %,
    shadow price and its unit, status), ``措施 Measures`` (summed over counties by measure and
    year, with share of annual cost and a total row), ``措施分县 Measures by county`` (rows of
    measures.csv), ``排放 Emissions`` (pivot: region × variable rows, year × case columns, city
    first, last-year change scenario vs baseline), ``说明 About`` (scenario, solver status,
    costs, units, the estimate note, versions, input SHA-256 hashes from manifest.json). Every
    header is bilingual and names its unit; the header row is frozen and filtered.

    ``out_path`` defaults to ``<results_dir>/report.xlsx``. The file is written to a temporary
    file in the same folder and moved into place with :func:`os.replace` (atomic).

    Raises InputError if ``results_dir`` is not a result folder (see :func:`read_results`).
    """
    import xlsxwriter

    res = read_results(results_dir)
    out = Path(out_path) if out_path else Path(results_dir) / "report.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp_name, {"nan_inf_to_errors": False})
        f = {
            "header": wb.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                     "bg_color": "#DDEBF7", "border": 1}),
            "text": wb.add_format({}),
            "wrap": wb.add_format({"text_wrap": True}),
            "bold": wb.add_format({"bold": True}),
            "int": wb.add_format({"num_format": "0"}),
            "num0": wb.add_format({"num_format": "#,##0"}),
            "num0b": wb.add_format({"num_format": "#,##0", "bold": True}),
            "num2": wb.add_format({"num_format": "#,##0.00"}),
            "pct": wb.add_format({"num_format": "0.0%"}),
            "pct2": wb.add_format({"num_format": "0.00%"}),
        }
        _sheet_targets(wb, res, f)
        _sheet_measures(wb, res, f)
        _sheet_emissions(wb, res, f)
        _sheet_about(wb, res, f)
        wb.close()
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out
