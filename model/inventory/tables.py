"""Reporting tables of the inventory: CSV (UTF-8 with BOM) and one XLSX, bilingual headers.

Tables (each a tidy DataFrame with id columns; :func:`bilingual` renames the headers to
``中文 English (unit)`` when written):

a. :func:`ipcc_table` — IPCC 2006 category tree (Vol 1 Ch 8 Table 8.2) by gas and CO2e, per region;
b. :func:`sector_table` — the five sectors of 《省级温室气体清单编制指南（试行）》 (NDRC 2011);
c. :func:`energy_table` — final energy by sector (IPCC category) and fuel, physical units and tce;
d. :func:`scope_table` — territorial (scope 1), purchased electricity (scope 2), their sum, and
   net electricity import (negative = export) as its own line;
e. key categories (:mod:`model.inventory.keycat`), f. uncertainty (:mod:`.uncertainty`),
g. QA/QC findings and completeness (:mod:`.qaqc`), h. :func:`pollutant_table` — pollutants by
   source sector.

Units: gases in t of the gas, CO2e in t CO2e of the named GWP set, energy in tce, electricity in
MWh, grid emission factor in t CO2/MWh.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.inventory.categories import SECTORS, ancestor_at, load_categories, rollup, sector_of
from model.inventory.core import GHG, POLLUTANTS
from model.io import write_csv

#: Bilingual headers of id and value columns (units in brackets where the column has one).
HEADERS = {
    "region": "地区 Region",
    "year": "年份 Year",
    "base_year": "基准年 Base year",
    "category": "IPCC类别代码 IPCC category",
    "level": "层级 Level",
    "name_zh": "类别名称 Category (zh)",
    "name_en": "类别名称 Category (en)",
    "sector": "部门代码 Sector id",
    "sector_zh": "部门 Sector (zh)",
    "sector_en": "部门 Sector (en)",
    "gas": "气体 Gas",
    "fuel": "能源品种 Fuel",
    "physical_value": "实物量 Physical quantity (see unit)",
    "physical_unit": "实物量单位 Physical unit",
    "energy_tce": "能源消费量 Energy consumption (tce)",
    "item": "项目 Item",
    "item_zh": "项目名称 Item (zh)",
    "item_en": "项目名称 Item (en)",
    "electricity_mwh": "电量 Electricity (MWh)",
    "grid_ef": "电网排放因子 Grid emission factor (t CO2/MWh)",
    "note": "说明 Note",
    "estimate_co2e": "排放量 Emissions (t CO2e)",
    "level_share": "水平贡献 Level share (fraction)",
    "level_cumulative": "水平累计 Level cumulative (fraction)",
    "level_key": "水平关键 Key by level",
    "base_co2e": "基准年排放 Base-year emissions (t CO2e)",
    "trend": "趋势评估值 Trend assessment (dimensionless)",
    "trend_share": "趋势贡献 Trend share (fraction)",
    "trend_cumulative": "趋势累计 Trend cumulative (fraction)",
    "trend_key": "趋势关键 Key by trend",
    "key": "关键类别 Key category",
    "criterion": "判定依据 Criterion (L level, T trend)",
    "value": "排放量 Emissions (t CO2e)",
    "ad_uncertainty_pct": "活动水平不确定性 Activity data uncertainty (%, 95 %)",
    "ef_uncertainty_pct": "排放因子不确定性 Emission factor uncertainty (%, 95 %)",
    "uncertainty_pct": "合成不确定性 Combined uncertainty (%, 95 %)",
    "variance_share": "方差贡献 Share of variance (fraction)",
    "coverage": "覆盖率 Coverage (fraction of |emissions|)",
    "status": "状态 Status",
    "mc_mean": "蒙特卡洛均值 Monte Carlo mean (t CO2e)",
    "mc_lower": "下限 2.5th percentile (t CO2e)",
    "mc_upper": "上限 97.5th percentile (t CO2e)",
    "mc_lower_pct": "下偏 Below central (%)",
    "mc_upper_pct": "上偏 Above central (%)",
    "mc_uncertainty_pct": "蒙特卡洛不确定性 Monte Carlo uncertainty (%, 95 %)",
    "severity": "严重程度 Severity",
    "old": "原值 Previous (t of the gas)",
    "new": "新值 Recalculated (t of the gas)",
    "difference": "差值 Difference (t of the gas)",
    "difference_pct": "差值 Difference (% of previous)",
    "change": "变化 Change (unchanged, revised, added, removed)",
    "check": "检查项 Check",
    "where": "位置 Where",
    "message": "说明 Message",
}
SCOPE_ITEMS = {
    "territorial": ("辖区内直接排放（范围一）", "Territorial emissions (scope 1)"),
    "purchased_electricity": ("外购电力间接排放（范围二）",
                              "Purchased electricity, indirect (scope 2)"),
    "territorial_plus_purchased": ("范围一＋范围二", "Territorial plus purchased electricity"),
    "net_electricity_import": ("电力净调入隐含排放（调出为负）",
                               "Net electricity import (export negative)"),
    "territorial_plus_net_import": ("辖区排放＋电力净调入",
                                    "Territorial plus net electricity import"),
}


#: Pollutant source categories outside the IPCC tree (used by model.inventory.pollutants):
#: first segment of the code -> labels. Others are kept as written and labelled as such.
NON_IPCC_SOURCES = {
    "solvent": ("溶剂使用", "Solvent use"),
    "fuel_distribution": ("油品储运", "Fuel storage and distribution"),
    "industry_process": ("其他工业过程", "Other industrial processes"),
    "domestic_wastewater": ("生活污水", "Domestic wastewater"),
}


def _pollutant_source(code: str, cats: pd.DataFrame) -> tuple[str, str, str]:
    """(source code, name_zh, name_en): IPCC codes at tree level 3, others by first segment."""
    try:
        c = ancestor_at(code, 3, cats)
    except InputError:
        head = str(code).split(".")[0]
        zh, en = NON_IPCC_SOURCES.get(head, ("非IPCC来源", f"Non-IPCC source {head}"))
        return head, zh, en
    row = cats.set_index("code").loc[c]
    return c, row["name_zh"], row["name_en"]


def gas_header(gas: str) -> str:
    """Header of a gas column, in t of the gas (pollutants in t)."""
    unit = f"t {gas}" if gas in GHG else "t"
    return f"{gas} 排放量 Emissions ({unit})"


def bilingual(df: pd.DataFrame, gwp_set: str | None = None) -> pd.DataFrame:
    """A copy of ``df`` with every header as ``中文 English (unit)``.

    Gas columns (``CO2``, ``SO2``, ...) get :func:`gas_header`; ``total_co2e`` becomes
    ``合计 Total (t CO2e, <gwp_set>)``. Raises ValueError on a column with no bilingual header
    (a programming error: every written table must be labelled).
    """
    names = {}
    for c in df.columns:
        if c in HEADERS:
            names[c] = HEADERS[c]
        elif c in GHG or c in POLLUTANTS:
            names[c] = gas_header(c)
        elif c == "total_co2e":
            names[c] = f"合计 Total (t CO2e, {gwp_set or 'GWP-100'})"
        else:
            raise ValueError(f"no bilingual header for column {c!r}")
    out = df.rename(columns=names)
    if gwp_set:
        out = out.rename(columns={HEADERS["value"]: f"排放量 Emissions (t CO2e, {gwp_set})",
                                  HEADERS["estimate_co2e"]:
                                  f"排放量 Emissions (t CO2e, {gwp_set})"})
    return out


def _year(df: pd.DataFrame, year: int, what: str) -> pd.DataFrame:
    out = df[df["year"] == year]
    if out.empty:
        raise InputError(what, f"no rows for year {year}", f"{what} of the reporting year")
    return out


def _wide(df: pd.DataFrame, index: list[str], gases: tuple[str, ...]) -> pd.DataFrame:
    present = [g for g in gases if g in set(df["gas"])]
    wide = df.pivot_table(index=index, columns="gas", values="value", aggfunc="sum",
                          fill_value=0.0)
    wide = wide.reindex(columns=present, fill_value=0.0)
    wide.columns.name = None
    return wide.reset_index()


def ipcc_table(emissions_co2e: pd.DataFrame, year: int,
               categories: pd.DataFrame | None = None) -> pd.DataFrame:
    """(a) Emissions by IPCC category (every level of the tree) x gas, per region, for ``year``.

    Columns: ``region, category, level, name_zh, name_en, <gas>...`` (t of the gas) and
    ``total_co2e`` (t CO2e). Sinks negative. Raises InputError if ``year`` has no rows.
    """
    cats = load_categories() if categories is None else categories
    df = _year(emissions_co2e[emissions_co2e["gas"].isin(GHG)], year, "emissions")
    wide = _wide(df, ["region", "category"], GHG)
    co2e = df.groupby(["region", "category"])["value_co2e"].sum().rename("total_co2e")
    wide = wide.merge(co2e.reset_index(), on=["region", "category"])
    value_cols = [c for c in wide.columns if c not in ("region", "category")]
    out = rollup(wide, value_cols, ["region"], cats)
    return out[["region", "category", "level", "name_zh", "name_en", *value_cols]]


def sector_table(emissions_co2e: pd.DataFrame, year: int,
                 categories: pd.DataFrame | None = None) -> pd.DataFrame:
    """(b) Emissions in the provincial guideline's five sectors x gas, per region, ``year``.

    Columns: ``region, sector, sector_zh, sector_en, <gas>... (t), total_co2e`` with a
    ``total`` row per region. Raises InputError if ``year`` has no rows.
    """
    cats = load_categories() if categories is None else categories
    df = _year(emissions_co2e[emissions_co2e["gas"].isin(GHG)], year, "emissions")
    df = df.assign(sector=[sector_of(c, cats) for c in df["category"]])
    wide = _wide(df, ["region", "sector"], GHG)
    co2e = df.groupby(["region", "sector"])["value_co2e"].sum().rename("total_co2e")
    wide = wide.merge(co2e.reset_index(), on=["region", "sector"])
    num = [c for c in wide.columns if c not in ("region", "sector")]
    totals = wide.groupby("region", as_index=False)[num].sum().assign(sector="total")
    out = pd.concat([wide, totals], ignore_index=True)
    order = {s: i for i, s in enumerate([*SECTORS, "total"])}
    out = out.assign(_o=out["sector"].map(order)).sort_values(["region", "_o"])
    labels = {**SECTORS, "total": ("合计", "Total")}
    out["sector_zh"] = [labels[s][0] for s in out["sector"]]
    out["sector_en"] = [labels[s][1] for s in out["sector"]]
    return out[["region", "sector", "sector_zh", "sector_en", *num]].reset_index(drop=True)


def energy_table(energy: pd.DataFrame, year: int,
                 categories: pd.DataFrame | None = None) -> pd.DataFrame:
    """(c) Energy use by region x IPCC category x fuel for ``year``, physical units and tce.

    Input: ``Inventory.energy`` (``region, year, category, fuel, physical_value, physical_unit,
    energy_tce, status``). Returns ``region, category, name_zh, name_en, fuel, physical_value,
    physical_unit, energy_tce`` plus a ``total`` row per region (category ``total``, fuel
    ``all``, tce only). Raises InputError if ``year`` has no rows.
    """
    cats = load_categories() if categories is None else categories
    df = _year(energy, year, "energy")
    g = df.groupby(["region", "category", "fuel", "physical_unit"], as_index=False)[
        ["physical_value", "energy_tce"]].sum()
    info = cats.set_index("code")
    res = [ancestor_at(c, 4, cats) for c in g["category"]]
    g["name_zh"] = [info.loc[r, "name_zh"] for r in res]
    g["name_en"] = [info.loc[r, "name_en"] for r in res]
    tot = g.groupby("region", as_index=False)["energy_tce"].sum().assign(
        category="total", fuel="all", physical_value=math.nan, physical_unit="",
        name_zh="合计", name_en="Total")
    out = pd.concat([g, tot], ignore_index=True)
    return out[["region", "category", "name_zh", "name_en", "fuel", "physical_value",
                "physical_unit", "energy_tce"]]


def scope_table(emissions_co2e: pd.DataFrame, year: int,
                electricity: pd.DataFrame) -> pd.DataFrame:
    """(d) Territorial and electricity-inclusive totals per region for ``year``.

    ``territorial`` = sum of CO2e of all greenhouse gases in the region (scope 1, sinks
    included); ``purchased_electricity`` = electricity ``consumption`` x ``grid_ef`` (scope 2,
    GPC; the city tool of WRI/CASS et al. adds it to scope 1); ``net_electricity_import`` =
    ``net_import`` x ``grid_ef`` (negative for a net exporter such as Ankang's hydropower; the
    provincial guideline reports net electricity flows as a separate item). Both sums follow.

    Returns ``region, item, item_zh, item_en, electricity_mwh, grid_ef, value`` (t CO2e) and
    ``note``. A region without electricity data gets NaN scope-2 rows with a note saying so —
    never a zero.
    """
    df = _year(emissions_co2e[emissions_co2e["gas"].isin(GHG)], year, "emissions")
    terr = df.groupby("region")["value_co2e"].sum()
    el = electricity[electricity["year"] == year] if len(electricity) else electricity
    rows = []
    for region, t in terr.items():
        e = el[el["region"] == region].set_index("item")["value"] if len(el) else pd.Series()
        ef = float(e["grid_ef"]) if "grid_ef" in e else math.nan
        cons = float(e["consumption"]) if "consumption" in e else math.nan
        net = float(e["net_import"]) if "net_import" in e else math.nan
        note = "" if not math.isnan(ef) else "no grid emission factor for this region and year"
        s2 = cons * ef
        ni = net * ef
        lines = [("territorial", math.nan, math.nan, float(t), ""),
                 ("purchased_electricity", cons, ef, s2,
                  note or ("" if not math.isnan(cons) else "no electricity consumption data")),
                 ("territorial_plus_purchased", math.nan, math.nan, float(t) + s2, ""),
                 ("net_electricity_import", net, ef, ni,
                  note or ("" if not math.isnan(net) else "no net import data")),
                 ("territorial_plus_net_import", math.nan, math.nan, float(t) + ni, "")]
        for item, mwh, f, v, n in lines:
            rows.append({"region": region, "item": item, "item_zh": SCOPE_ITEMS[item][0],
                         "item_en": SCOPE_ITEMS[item][1], "electricity_mwh": mwh, "grid_ef": f,
                         "value": v, "note": n})
    return pd.DataFrame(rows, columns=["region", "item", "item_zh", "item_en", "electricity_mwh",
                                       "grid_ef", "value", "note"])


def pollutant_table(emissions: pd.DataFrame, year: int,
                    categories: pd.DataFrame | None = None) -> pd.DataFrame:
    """(h) Pollutants (t) by region x source sector (IPCC category at level 3) for ``year``.

    Sources outside the IPCC tree (``solvent.*``, ``fuel_distribution.*``,
    ``domestic_wastewater.*`` of :mod:`model.inventory.pollutants`) are grouped by their first
    segment with the labels of :data:`NON_IPCC_SOURCES`.

    Columns ``region, category, name_zh, name_en, <pollutant>...`` (t) plus a ``total`` row per
    region. Empty (with these columns) if the inventory has no pollutant rows.
    """
    cats = load_categories() if categories is None else categories
    df = emissions[(emissions["gas"].isin(POLLUTANTS)) & (emissions["year"] == year)]
    if df.empty:
        return pd.DataFrame(columns=["region", "category", "name_zh", "name_en"])
    src = {c: _pollutant_source(c, cats) for c in df["category"].unique()}
    df = df.assign(category=[src[c][0] for c in df["category"]])
    wide = _wide(df, ["region", "category"], POLLUTANTS)
    num = [c for c in wide.columns if c not in ("region", "category")]
    names = {v[0]: v[1:] for v in src.values()}
    wide["name_zh"] = [names[c][0] for c in wide["category"]]
    wide["name_en"] = [names[c][1] for c in wide["category"]]
    tot = wide.groupby("region", as_index=False)[num].sum().assign(
        category="total", name_zh="合计", name_en="Total")
    out = pd.concat([wide, tot], ignore_index=True)
    return out[["region", "category", "name_zh", "name_en", *num]]


def write_tables(tables: dict[str, pd.DataFrame], folder: str | Path,
                 gwp_set: str | None = None, workbook: str = "inventory_tables.xlsx") -> None:
    """Write each table as ``<name>.csv`` (UTF-8 with BOM) and all as sheets of one XLSX.

    Headers are made bilingual with :func:`bilingual`; sheet names are the table names cut to
    31 characters (Excel's limit). ``folder`` must exist (use :func:`model.io.atomic_dir`).
    """
    folder = Path(folder)
    labelled = {name: bilingual(df, gwp_set) for name, df in tables.items()}
    for name, df in labelled.items():
        write_csv(df, folder / f"{name}.csv")
    with pd.ExcelWriter(folder / workbook, engine="xlsxwriter") as xl:
        for name, df in labelled.items():
            df.to_excel(xl, sheet_name=name[:31], index=False)
            xl.sheets[name[:31]].freeze_panes(1, 0)
