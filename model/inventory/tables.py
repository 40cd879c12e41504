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

Notation keys (IPCC 2006 Vol 1 Ch 8): a cell whose value is not estimated holds a key, never 0 —
the key(s) the inventory gives for it (``NO``, ``NE``, ``IE``, ``C``; several joined as ``NE,NO``),
else ``NE`` where the category is expected to report the gas (the ``gases`` of the category tree,
:mod:`model.inventory.categories`; for pollutants :data:`POLLUTANT_SOURCES`) and ``NA`` where it
is not. Keyed rows never enter a total: a total is the sum of the estimated cells and is itself a
key only when none of its cells is estimated. A cell estimated at exactly 0 (no key) stays 0
(the completeness table flags it).
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pandas as pd

from model import quantities
from model.errors import InputError
from model.inventory.categories import (
    SECTORS,
    ancestor_at,
    ancestors,
    load_categories,
    rollup,
    sector_of,
)
from model.inventory.core import GHG, NOTATION_KEYS, POLLUTANTS
from model.inventory.qaqc import NOTATION_LABELS, STATUS_LABELS
from model.io import write_csv
from model.xlsx import SAFE_OPTIONS

NE, NA = "NE", "NA"

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
    "change": "变化 Change (revised, added, removed)",
    "old_co2e": "原值 Previous (t CO2e, its GWP set)",
    "new_co2e": "新值 Recalculated (t CO2e, its GWP set)",
    "difference_co2e": "差值 Difference (t CO2e)",
    "reason": "原因 Reason",
    "rows_reported": "报告值记录数 Records reported",
    "rows_derived": "推算值记录数 Records derived",
    "rows_calibrated": "校准值记录数 Records calibrated (scaled to an outside total)",
    "rows_estimate": "估算值记录数 Records estimated",
    "table": "输入表 Input table",
    "rows": "行数 Rows",
    "reported": "报告值 Reported",
    "derived": "推算值 Derived",
    "calibrated": "校准值 Calibrated (scaled to an outside total)",
    "estimate": "估算值 Estimated",
    "calibrated_to": "校准目标 Calibrated to (agreement is no check)",
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
    "biomass_burning": ("生物质燃烧", "Biomass burning (household stoves, open fields)"),
    "fugitive_dust": ("扬尘", "Fugitive dust (roads, construction)"),
    "cooking": ("餐饮油烟", "Cooking fumes"),
}


AIR_POLLUTANTS = quantities.ids("air", inventory=True)
WATER_POLLUTANTS = quantities.ids("water", inventory=True)
#: Which pollutants a source of the pollutant table is expected to report (the table's
#: applicability convention, after the MEE 2014 guidelines and the 2017 pollution-source census):
#: a missing cell is NE where expected, NA where not. Keys are source codes or their first
#: segment / IPCC prefix; anything else is expected to report the air pollutants only.
POLLUTANT_SOURCES = {
    "solvent": ("VOCs",),
    "fuel_distribution": ("VOCs",),
    "domestic_wastewater": ("COD", "NH3-N", "NH3"),
    "fugitive_dust": ("PM2.5",),
    "cooking": ("PM2.5", "VOCs"),
    "3.A": ("NH3", "COD", "NH3-N"),
    "3.C": ("NH3",),
    "4.D": ("COD", "NH3-N", "NH3"),
}


def pollutant_expected(source: str, pollutant: str) -> bool:
    """True if the pollutant table expects ``pollutant`` from ``source`` (see
    :data:`POLLUTANT_SOURCES`)."""
    head = str(source).split(".")[0]
    for key, gases in POLLUTANT_SOURCES.items():
        if source == key or str(source).startswith(key + ".") or head == key:
            return pollutant in gases
    return pollutant in AIR_POLLUTANTS


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


def _notation(df: pd.DataFrame) -> pd.Series:
    """The ``notation`` column as strings ("" where none)."""
    if "notation" not in df.columns:
        return pd.Series("", index=df.index)
    return df["notation"].fillna("").astype(str).str.strip()


def join_keys(keys) -> str:
    """Several notation keys as one cell: sorted, comma-joined (``NE,NO``); ``NA`` is dropped when
    another key is present (a total of NA and NE cells is NE); "" for none."""
    ks = {k for k in keys if isinstance(k, str) and k}
    if len(ks) > 1:
        ks.discard(NA)
    return ",".join(sorted(ks))


def is_key(v: object) -> bool:
    """True if a table cell holds notation key(s) rather than a number."""
    return isinstance(v, str) and v != "" and all(k in NOTATION_KEYS for k in v.split(","))


def _cell_keys(noted: pd.DataFrame, index: list[str]) -> dict[tuple, set[str]]:
    """(index values..., gas) -> the notation keys of the keyed rows there."""
    out: dict[tuple, set[str]] = {}
    for rec in noted[[*index, "gas", "notation"]].itertuples(index=False):
        out.setdefault(tuple(rec[:-1]), set()).add(rec[-1])
    return out


def _fill_keys(wide: pd.DataFrame, index: list[str], gases: list[str],
               keys: dict[tuple, set[str]], expected) -> pd.DataFrame:
    """Replace every NaN gas cell of ``wide`` by its notation key: the inventory's key(s) for the
    cell, else NE if ``expected(row, gas)`` else NA. Gas columns become object columns."""
    out = wide.copy()
    for g in gases:
        col = out[g].astype(object)
        for i in out.index[out[g].isna()]:
            idx = tuple(out.loc[i, c] for c in index)
            k = join_keys(keys.get((*idx, g), ()))
            col[i] = k or (NE if expected(out.loc[i], g) else NA)
        out[g] = col
    return out


def _fill_total(out: pd.DataFrame, total: str, parts: list[str]) -> pd.DataFrame:
    """A NaN ``total`` (no estimated part) becomes the joined key of its ``parts`` cells."""
    col = out[total].astype(object)
    for i in out.index[out[total].isna()]:
        col[i] = join_keys(out.loc[i, p] for p in parts) or NE
    out[total] = col
    return out


def keyed_wide(df: pd.DataFrame, index: list[str], gases: tuple[str, ...], expected,
                value: str = "value", co2e: str | None = None,
                columns: tuple[str, ...] | list[str] = ()) -> tuple[pd.DataFrame, list[str]]:
    """Wide table ``index`` x gas of ``value`` summed over the rows without a notation key, every
    other cell keyed (:func:`_fill_keys`); with ``co2e``, a ``total_co2e`` column of its sum
    (keyed where nothing is estimated). Every ``index`` combination of ``df`` has a row, keyed
    rows included; ``columns`` adds gas columns even where ``df`` has no row of them (a table of
    several years has the same columns each year). Returns the table and its gas columns."""
    df = df.assign(notation=_notation(df))
    present = [g for g in gases if g in set(df["gas"]) or g in columns]
    num = df[df["notation"] == ""]
    wide = df[index].drop_duplicates().sort_values(index, kind="stable")
    if len(num):
        piv = num.pivot_table(index=index, columns="gas", values=value, aggfunc="sum")
        piv.columns.name = None
        wide = wide.merge(piv.reset_index(), on=index, how="left")
    for g in present:
        if g not in wide.columns:
            wide[g] = math.nan
    if co2e:
        tot = num.groupby(index)[co2e].sum().rename("total_co2e").reset_index()
        wide = wide.merge(tot, on=index, how="left") if len(tot) else wide.assign(
            total_co2e=math.nan)
    wide = wide[[*index, *present, *(["total_co2e"] if co2e else [])]].reset_index(drop=True)
    wide = _fill_keys(wide, index, present, _cell_keys(df[df["notation"] != ""], index),
                      expected)
    if co2e:
        wide = _fill_total(wide, "total_co2e", present)
    return wide, present


def keyed_totals(wide: pd.DataFrame, by: str, columns: list[str]) -> pd.DataFrame:
    """One total row per ``by`` value: each column is the sum of its numeric cells, or the joined
    key of its cells when none is a number."""
    rows = []
    for val, g in wide.groupby(by, sort=False):
        rec = {by: val}
        for c in columns:
            nums = [v for v in g[c] if not isinstance(v, str) and not pd.isna(v)]
            rec[c] = float(sum(nums)) if nums else (join_keys(g[c]) or NE)
        rows.append(rec)
    return pd.DataFrame(rows, columns=[by, *columns])


def _expected_gases(cats: pd.DataFrame) -> dict[str, set[str]]:
    """code -> the gases expected at the code or any reporting category below it."""
    parent = dict(zip(cats["code"], cats["parent"], strict=True))
    exp: dict[str, set[str]] = {c: set() for c in cats["code"]}
    for code, gases in zip(cats["code"], cats["gases"], strict=True):
        gs = {g for g in str(gases).split(";") if g}
        c = code
        while c:
            exp[c] |= gs
            c = parent.get(c, "")
    return exp


def sector_gases(cats: pd.DataFrame) -> dict[str, set[str]]:
    """sector id -> the gases its reporting categories are expected to report."""
    out: dict[str, set[str]] = {s: set() for s in SECTORS}
    for sector, gases in zip(cats["sector"], cats["gases"], strict=True):
        out.setdefault(sector, set()).update(g for g in str(gases).split(";") if g)
    return out


def ipcc_table(emissions_co2e: pd.DataFrame, year: int,
               categories: pd.DataFrame | None = None, gases: tuple[str, ...] = ()
               ) -> pd.DataFrame:
    """(a) Emissions by IPCC category (every level of the tree) x gas, per region, for ``year``.

    Columns: ``region, category, level, name_zh, name_en, <gas>...`` (t of the gas) and
    ``total_co2e`` (t CO2e). Sinks negative. Cells not estimated hold notation keys (module
    docstring). ``gases`` adds gas columns that ``year`` has no row of. Raises InputError if
    ``year`` has no rows.
    """
    cats = load_categories() if categories is None else categories
    df = _year(emissions_co2e[emissions_co2e["gas"].isin(GHG)], year, "emissions")
    df = df.assign(notation=_notation(df))
    present = [g for g in GHG if g in set(df["gas"]) or g in gases]
    num = df[df["notation"] == ""]
    leaf = df[["region", "category"]].drop_duplicates()
    if len(num):
        piv = num.pivot_table(index=["region", "category"], columns="gas", values="value",
                              aggfunc="sum")
        piv.columns.name = None
        leaf = leaf.merge(piv.reset_index(), on=["region", "category"], how="left")
        co2e = num.groupby(["region", "category"])["value_co2e"].sum().rename("total_co2e")
        leaf = leaf.merge(co2e.reset_index(), on=["region", "category"], how="left")
    value_cols = [*present, "total_co2e"]
    for c in value_cols:
        if c not in leaf.columns:
            leaf[c] = math.nan
    # NaN (nothing estimated) stays NaN up the tree (rollup sums with min_count=1)
    out = rollup(leaf, value_cols, ["region"], cats)
    keys: dict[tuple, set[str]] = {}
    for r, code, gas, key in df.loc[df["notation"] != "", ["region", "category", "gas",
                                                           "notation"]].itertuples(index=False):
        for anc in ancestors(code, cats):
            keys.setdefault((r, anc, gas), set()).add(key)
    exp = _expected_gases(cats)
    out = _fill_keys(out, ["region", "category"], present, keys,
                     lambda row, g: g in exp.get(row["category"], set()))
    out = _fill_total(out, "total_co2e", present)
    return out[["region", "category", "level", "name_zh", "name_en", *value_cols]]


def sector_table(emissions_co2e: pd.DataFrame, year: int,
                 categories: pd.DataFrame | None = None, gases: tuple[str, ...] = ()
                 ) -> pd.DataFrame:
    """(b) Emissions in the provincial guideline's five sectors x gas, per region, ``year``.

    Columns: ``region, sector, sector_zh, sector_en, <gas>... (t), total_co2e`` with a
    ``total`` row per region; cells not estimated hold notation keys, ``gases`` adds gas
    columns as in :func:`ipcc_table`. Raises InputError if ``year`` has no rows.
    """
    cats = load_categories() if categories is None else categories
    df = _year(emissions_co2e[emissions_co2e["gas"].isin(GHG)], year, "emissions")
    df = df.assign(sector=[sector_of(c, cats) for c in df["category"]])
    exp = sector_gases(cats)
    wide, present = keyed_wide(df, ["region", "sector"], GHG,
                                lambda row, g: g in exp.get(row["sector"], set()),
                                co2e="value_co2e", columns=gases)
    num = [*present, "total_co2e"]
    totals = keyed_totals(wide, "region", num).assign(sector="total")
    out = pd.concat([wide, totals], ignore_index=True)
    order = {s: i for i, s in enumerate([*SECTORS, "total"])}
    out = out.assign(_o=out["sector"].map(order)).sort_values(["region", "_o"])
    labels = {**SECTORS, "total": ("合计", "Total")}
    out["sector_zh"] = [labels[s][0] for s in out["sector"]]
    out["sector_en"] = [labels[s][1] for s in out["sector"]]
    return out[["region", "sector", "sector_zh", "sector_en", *num]].reset_index(drop=True)


def energy_table(energy: pd.DataFrame, year: int,
                 categories: pd.DataFrame | None = None,
                 emissions: pd.DataFrame | None = None) -> pd.DataFrame:
    """(c) Energy use by region x IPCC category x fuel for ``year``, physical units and tce.

    Input: ``Inventory.energy`` (``region, year, category, fuel, physical_value, physical_unit,
    energy_tce, status``). Returns ``region, category, name_zh, name_en, fuel, physical_value,
    physical_unit, energy_tce`` plus a ``total`` row per region (category ``total``, fuel
    ``all``, tce only: its physical quantity is ``NA``, units differ). With ``emissions``, every
    fuel-combustion (1.A) record of ``year`` that carries a notation key and has no energy row
    adds a row whose quantities are that key (e.g. residential biomass ``NE``); keyed rows are
    not in the total. Raises InputError if ``year`` has no rows.
    """
    cats = load_categories() if categories is None else categories
    df = _year(energy, year, "energy")
    g = df.groupby(["region", "category", "fuel", "physical_unit"], as_index=False)[
        ["physical_value", "energy_tce"]].sum()
    tot = g.groupby("region", as_index=False)["energy_tce"].sum().assign(
        category="total", fuel="all", physical_value=NA, physical_unit="",
        name_zh="合计", name_en="Total")
    if emissions is not None and len(emissions):
        em = emissions[(emissions["year"] == year)
                       & emissions["category"].astype(str).str.startswith("1.A")]
        em = em.assign(notation=_notation(em))
        held = set(zip(g["region"], g["category"], g["fuel"], strict=True))
        keyed: dict[tuple[str, str, str], set[str]] = {}
        for r, c, f, k in em.loc[em["notation"] != "", ["region", "category", "activity",
                                                         "notation"]].itertuples(index=False):
            if (r, c, f) not in held:
                keyed.setdefault((r, c, f), set()).add(k)
        if keyed:
            add = pd.DataFrame([{"region": r, "category": c, "fuel": f, "physical_unit": "",
                                 "physical_value": join_keys(k), "energy_tce": join_keys(k)}
                                for (r, c, f), k in keyed.items()])
            g = pd.concat([g.astype({"physical_value": object, "energy_tce": object}), add],
                          ignore_index=True).sort_values(["region", "category", "fuel"],
                                                         kind="stable", ignore_index=True)
    info = cats.set_index("code")
    res = [ancestor_at(c, 4, cats) for c in g["category"]]
    g["name_zh"] = [info.loc[r, "name_zh"] for r in res]
    g["name_en"] = [info.loc[r, "name_en"] for r in res]
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


SCOPE_LINES_WITH_ELECTRICITY = ("purchased_electricity", "net_electricity_import")


def scope_keys(scopes: pd.DataFrame) -> pd.DataFrame:
    """The scope table (:func:`scope_table`, after :func:`model.inventory.run.city_scopes`) as
    reported: a value that could not be estimated (no electricity data or grid factor, hence no
    sum either) is ``NE``, and so are the electricity quantity and grid factor of the electricity
    lines; the territorial and sum lines have no quantity or factor of their own (blank)."""
    out = scopes.copy()
    for col in ("electricity_mwh", "grid_ef", "value"):
        out[col] = out[col].astype(object)
    for i, r in out.iterrows():
        cols = (["electricity_mwh", "grid_ef", "value"]
                if r["item"] in SCOPE_LINES_WITH_ELECTRICITY else ["value"])
        for c in cols:
            if pd.isna(r[c]):
                out.at[i, c] = NE
    return out


def pollutant_table(emissions: pd.DataFrame, year: int,
                    categories: pd.DataFrame | None = None, gases: tuple[str, ...] = ()
                    ) -> pd.DataFrame:
    """(h) Pollutants (t) by region x source sector (IPCC category at level 3) for ``year``.

    Sources outside the IPCC tree (``solvent.*``, ``fuel_distribution.*``,
    ``domestic_wastewater.*`` of :mod:`model.inventory.pollutants`) are grouped by their first
    segment with the labels of :data:`NON_IPCC_SOURCES`.

    Columns ``region, category, name_zh, name_en, <pollutant>...`` (t) plus a ``total`` row per
    region. A source x pollutant without an estimate holds its notation key (NE where the source
    is expected to emit the pollutant, :func:`pollutant_expected`, else NA). Empty (with these
    columns) if the inventory has no pollutant rows.
    """
    cats = load_categories() if categories is None else categories
    df = emissions[(emissions["gas"].isin(POLLUTANTS)) & (emissions["year"] == year)]
    if df.empty:
        return pd.DataFrame(columns=["region", "category", "name_zh", "name_en"])
    src = {c: _pollutant_source(c, cats) for c in df["category"].unique()}
    df = df.assign(category=[src[c][0] for c in df["category"]])
    wide, num = keyed_wide(df, ["region", "category"], POLLUTANTS,
                            lambda row, g: pollutant_expected(row["category"], g),
                            columns=gases)
    names = {v[0]: v[1:] for v in src.values()}
    wide["name_zh"] = [names[c][0] for c in wide["category"]]
    wide["name_en"] = [names[c][1] for c in wide["category"]]
    tot = keyed_totals(wide, "region", num).assign(
        category="total", name_zh="合计", name_en="Total")
    out = pd.concat([wide, tot], ignore_index=True)
    return out[["region", "category", "name_zh", "name_en", *num]]


#: Sheet names of the workbook, Chinese and English (Excel: at most 31 characters, none of
#: ``[]:*?/\``); a table not listed keeps its id.
SHEET_NAMES = {
    "about": "说明 About",
    "a_ipcc_categories": "a IPCC类别 IPCC categories",
    "b_provincial_sectors": "b 省级五部门 Provincial sectors",
    "c_energy_tce": "c 能源消费 Energy (tce)",
    "d_scopes": "d 范围一二 Scopes",
    "e_key_categories": "e 关键类别 Key categories",
    "f_uncertainty": "f 不确定性 Uncertainty",
    "g_qaqc_findings": "g 质量控制 QA-QC findings",
    "g_completeness": "g 完整性 Completeness",
    "g_data_status": "g 数据状态 Data status",
    "h_pollutants": "h 污染物 Pollutants",
    "i_recalculation": "i 重新计算 Recalculations",
}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

#: Excel number format of each id column (before the bilingual rename): t CO2e as whole
#: numbers, t of a gas with decimals that suit its size, shares and factors with more.
WHOLE, ONE, TWO, THREE, FOUR = "#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "0.0000"
COLUMN_FORMATS = {
    **dict.fromkeys(("total_co2e", "estimate_co2e", "base_co2e", "mc_mean", "mc_lower",
                     "mc_upper", "old_co2e", "new_co2e", "difference_co2e"), WHOLE),
    "CO2": WHOLE, "CH4": TWO, "N2O": TWO, "HFCs": THREE, "PFCs": THREE, "SF6": THREE,
    "NF3": THREE,
    **dict.fromkeys(POLLUTANTS, ONE),
    **dict.fromkeys(("old", "new", "difference"), TWO),
    "energy_tce": WHOLE, "physical_value": ONE, "electricity_mwh": WHOLE, "grid_ef": FOUR,
    **dict.fromkeys(("ad_uncertainty_pct", "ef_uncertainty_pct", "uncertainty_pct",
                     "mc_lower_pct", "mc_upper_pct", "mc_uncertainty_pct", "difference_pct",
                     "change_pct"), "0.0"),
    **dict.fromkeys(("level_share", "level_cumulative", "trend", "trend_share",
                     "trend_cumulative", "variance_share", "coverage"), FOUR),
    **dict.fromkeys(("year", "base_year", "level"), "0"),
    **dict.fromkeys(("rows", "reported", "derived", "calibrated", "estimate", "rows_reported",
                     "rows_derived", "rows_calibrated", "rows_estimate"), WHOLE),
}
#: ``value`` is t CO2e in every table that has it (scopes, uncertainty)
COLUMN_FORMATS["value"] = WHOLE


def sheet_name(table: str) -> str:
    """The workbook sheet of a table: :data:`SHEET_NAMES`, else the id made valid (31 chars)."""
    return SHEET_NAMES.get(table) or _BAD_SHEET_CHARS.sub("-", table)[:31]


def _text_width(text: str) -> int:
    """Display width in Excel's character units: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cell_text(v: object, fmt: str | None) -> str:
    if isinstance(v, bool) or v is None or (isinstance(v, float) and math.isnan(v)):
        return "" if not isinstance(v, bool) else str(v).upper()
    if isinstance(v, int | float) and fmt:
        decimals = len(fmt.split(".")[1]) if "." in fmt else 0
        return f"{v:,.{decimals}f}" if "," in fmt else f"{v:.{decimals}f}"
    return str(v)


def _column_width(header: str, values: pd.Series, fmt: str | None) -> float:
    """Width that fits the widest cell (first 2000 rows) and the header wrapped on up to three
    lines, between 8 and 60 characters."""
    cells = max((_text_width(_cell_text(v, fmt)) for v in values.iloc[:2000]), default=0)
    words = max((_text_width(w) for w in header.split()), default=0)
    head = max(words, math.ceil(_text_width(header) / 3))
    return float(min(max(cells, head, 8) + 2, 60))


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Numbers in mixed (number and notation key) columns written like model.io.write_csv writes
    float columns: 10 significant digits, no negative zero."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = [f"{v + 0.0:.10g}" if isinstance(v, float) and not math.isnan(v)
                      and not isinstance(v, bool) else v for v in out[c]]
    return out


def about_table(gwp_set: str | None = None) -> pd.DataFrame:
    """The workbook's first sheet: what the tables are, their units, the notation keys and the
    data statuses (columns ``item, item_zh, item_en``)."""

    rows = [("gwp_set", "全球增温潜势", f"GWP-100 set: {gwp_set or 'GWP-100'}"),
            ("units", "单位", "gases in t of the gas; CO2e in t CO2e; energy in tce; electricity "
                             "in MWh; grid factor in t CO2/MWh; pollutants in t"),
            ("notation", "注释代码",
             "a cell that is not estimated holds a notation key, never 0; totals count only "
             "estimated cells (IPCC 2006 Vol 1 Ch 8)")]
    rows += [(k, zh, en) for k, (zh, en) in NOTATION_LABELS.items()]
    rows += [(k, zh, en) for k, (zh, en) in STATUS_LABELS.items()]
    return pd.DataFrame(rows, columns=["item", "item_zh", "item_en"])


def write_tables(tables: dict[str, pd.DataFrame], folder: str | Path,
                 gwp_set: str | None = None, workbook: str = "inventory_tables.xlsx") -> None:
    """Write each table as ``<name>.csv`` (UTF-8 with BOM) and all as sheets of one XLSX.

    Headers are made bilingual with :func:`bilingual`. The workbook opens with a ``说明 About``
    sheet (:func:`about_table`); each table's sheet has a bilingual name (:func:`sheet_name`), a
    frozen, wrapped header row, an autofilter, column widths that fit the content and number
    formats by column (:data:`COLUMN_FORMATS`: thousands separators, t CO2e as whole numbers);
    notation keys are text cells aligned with the numbers. ``folder`` must exist (use
    :func:`model.io.atomic_dir`).
    """
    folder = Path(folder)
    labelled = {name: bilingual(df, gwp_set) for name, df in tables.items()}
    for name, df in labelled.items():
        write_csv(_csv_ready(df), folder / f"{name}.csv")
    about = about_table(gwp_set)
    sheets = {"about": (about, bilingual(about))}
    sheets.update({n: (tables[n], labelled[n]) for n in tables})
    used: set[str] = set()

    # text cells stay text: a folder named '=1+2' or a label '=HYPERLINK(..)' is no formula
    with pd.ExcelWriter(folder / workbook, engine="xlsxwriter",
                        engine_kwargs={"options": SAFE_OPTIONS}) as xl:
        book = xl.book
        head = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                "bg_color": "#DDEBF7", "border": 1})
        formats: dict[str, object] = {}
        for name, (ids, df) in sheets.items():
            sheet = sheet_name(name)
            while sheet in used:  # two ids cut to the same 31 characters
                sheet = sheet[:29] + f"~{len(used)}"
            used.add(sheet)
            df.to_excel(xl, sheet_name=sheet, index=False, header=False, startrow=1)
            ws = xl.sheets[sheet]
            for j, (col_id, header) in enumerate(zip(ids.columns, df.columns, strict=True)):
                ws.write_string(0, j, str(header), head)
                fmt = COLUMN_FORMATS.get(str(col_id))
                if fmt and fmt not in formats:
                    formats[fmt] = book.add_format({"num_format": fmt, "align": "right"})
                ws.set_column(j, j, _column_width(str(header), df.iloc[:, j], fmt),
                              formats.get(fmt) if fmt else None)
            ws.set_row(0, 45)
            ws.freeze_panes(1, 0)
            if len(df.columns):
                ws.autofilter(0, 0, max(len(df), 1), len(df.columns) - 1)
