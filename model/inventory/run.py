"""Compile an inventory and write every reporting table into one result folder, atomically.

:func:`run_inventory` is what the CLI (``peakplan inventory``) calls; :func:`summary` gives the
small sector x gas table for a terminal. The steps: ``compile_inventory`` -> CO2e in the named GWP
set (:mod:`.gwp`) -> notation-key check, completeness, year-on-year jumps, county sums
(:mod:`.qaqc`) -> key categories (:mod:`.keycat`) -> uncertainty Approach 1 and 2
(:mod:`.uncertainty`) -> tables (:mod:`.tables`) written with :func:`model.io.atomic_dir`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from model import progress
from model.accounting.gwp import to_co2e
from model.accounting.inputs import load_regions
from model.errors import InputError
from model.inventory import compile_inventory, qaqc, tables
from model.inventory.categories import SECTORS, load_categories, sector_of
from model.inventory.core import GHG, POLLUTANTS, load_activity
from model.inventory.keycat import key_categories
from model.inventory.qaqc import recalculate
from model.inventory.uncertainty import approach1, approach2
from model.io import atomic_dir, check_out, write_csv, write_json

RESULTS = Path("results") / "inventory"
MC_SAMPLES = 10_000
MC_SEED = 20260101


def _city(folder: Path, emissions: pd.DataFrame) -> str:
    """The data pack's city id: the region without a parent in regions.csv."""
    try:
        regions = load_regions(folder)
        top = regions.loc[regions["parent"] == "", "region"].tolist()
        if len(top) == 1:
            return top[0]
    except InputError:
        pass
    if folder.name in set(emissions["region"]):
        return folder.name
    raise InputError(str(folder / "regions.csv"), "no single region without a parent",
                     "one city row (parent empty) naming the city id")


def with_city_rows(table: pd.DataFrame, city: str,
                   keys: Sequence[str] = ("year", "category", "gas", "activity")
                   ) -> pd.DataFrame:
    """``table`` plus the city's view built from its counties, row by row.

    ``compile_inventory`` keeps a city row only where no county row has the same key (it drops
    city rows that duplicate county detail after checking the sum). So the city is its own rows
    plus every county row whose ``keys`` the city does not hold, relabelled ``region = city`` —
    row by row, so uncertainty stays per county and activity. Works for emissions
    (default keys) and energy (``("year", "category", "fuel")``).
    """
    keys = [k for k in keys if k in table.columns]
    own = table[table["region"] == city]
    counties = table[table["region"] != city]
    if counties.empty:
        return table
    held = set(map(tuple, own[keys].astype(str).to_numpy().tolist()))
    mask = ~counties[keys].astype(str).apply(tuple, axis=1).isin(held)
    add = counties[mask].assign(region=city)
    return pd.concat([table, add], ignore_index=True) if len(add) else table


def city_scopes(scopes: pd.DataFrame, city: str) -> pd.DataFrame:
    """Fill the city's electricity lines from its counties when the city has no electricity
    rows of its own: MWh and t CO2e are summed over counties (each at its own grid factor) if
    every county has them; otherwise the line stays NaN and the note names the counties
    lacking data. ``scopes`` is a :func:`model.inventory.tables.scope_table` result (with
    ``year``)."""
    out = scopes.copy()
    lines = ("purchased_electricity", "net_electricity_import")
    for _key, g in out[out["item"].isin(lines)].groupby(["year", "item"]):
        is_city = g["region"] == city
        if not is_city.any() or not pd.isna(g.loc[is_city, "value"]).all():
            continue
        counties = g[~is_city]
        i = g.index[is_city][0]
        lacking = counties.loc[counties["value"].isna(), "region"].tolist()
        if counties.empty or lacking:
            out.loc[i, "note"] = f"counties lacking electricity data: {lacking}"
            continue
        out.loc[i, ["electricity_mwh", "value"]] = [counties["electricity_mwh"].sum(),
                                                    counties["value"].sum()]
        out.loc[i, "note"] = "sum of counties, each at its own grid emission factor"
    for year in out["year"].unique():
        sel = (out["region"] == city) & (out["year"] == year)
        v = out[sel].set_index("item")["value"]
        for total, part in (("territorial_plus_purchased", "purchased_electricity"),
                            ("territorial_plus_net_import", "net_electricity_import")):
            out.loc[sel & (out["item"] == total), "value"] = v["territorial"] + v[part]
    return out


def summary(inv, gwp: str = "AR5", year: int | None = None, region: str | None = None,
            city: str | None = None) -> pd.DataFrame:
    """Sector x gas table in t CO2e for a terminal: one row per provincial-guideline sector, a
    total excluding and a total including land-use change and forestry; columns
    ``部门 Sector``, each gas present ``<gas> (t CO2e)`` and ``合计 Total (t CO2e)``.

    ``inv`` is an ``Inventory`` (``.emissions``, and ``.city`` when ``city`` is None).
    ``year`` defaults to the latest; ``region`` defaults to ``city`` (default: the
    inventory's own); a city without rows of its own in a year is the sum of its counties
    (:func:`with_city_rows`). Raises InputError on an unknown GWP set, a year without rows
    or a region without rows.
    """
    city = city or inv.city
    region = region or city
    em = with_city_rows(to_co2e(inv.emissions, gwp), city)
    em = em[em["gas"].isin(GHG)]
    em = em.assign(notation=em["notation"].fillna("").astype(str))
    # a sector x gas without an estimate shows its notation key, never 0 (0 would read as
    # "estimated at zero"); gases with nothing estimated anywhere get no column
    if (em["notation"] == "").sum() == 0:
        raise InputError("inventory", "no greenhouse-gas rows", "emissions to summarise")
    year = int(em.loc[em["notation"] == "", "year"].max()) if year is None else year
    em = em[em["year"] == year]
    if not (em["notation"] == "").any():
        raise InputError("inventory summary", f"no rows for year {year}", "a year held")
    em = em[em["region"] == region]
    if not (em["notation"] == "").any():
        raise InputError("inventory summary", f"no rows for region {region!r} in {year}",
                         "a region of the data pack")
    cats = load_categories()
    em = em.assign(sector=[sector_of(c, cats) for c in em["category"]])
    estimated = set(em.loc[em["notation"] == "", "gas"])
    exp = tables.sector_gases(cats)
    wide, present = tables.keyed_wide(em[em["gas"].isin(estimated)], ["sector"], GHG,
                                       lambda row, g: g in exp.get(row["sector"], set()),
                                       value="value_co2e")
    wide = wide.set_index("sector").reindex([s for s in SECTORS if s in set(wide["sector"])])
    # totals with and without land use (as national inventories report them): the forest sink
    # is a gross Tier 1 estimate and must not silently offset the other sectors
    lucf_estimated = "lucf" in wide.index and any(
        not isinstance(v, str) for v in wide.loc["lucf", present])

    def total(rows):
        part = wide.loc[[r for r in rows if r in wide.index], present].reset_index()
        return tables.keyed_totals(part.assign(_all=0), "_all", present).iloc[0][present]

    wide.loc["total_excl_lucf"] = total([s for s in wide.index if s != "lucf"])
    if lucf_estimated:  # with land use NE the two totals would be the same line twice
        wide.loc["total"] = total([s for s in SECTORS if s in wide.index])
    nums = wide[present].apply(lambda r: [v for v in r if not isinstance(v, str)], axis=1)
    wide["合计 Total (t CO2e)"] = [float(sum(v)) if v else (tables.join_keys(wide.loc[i, present])
                                                           or tables.NE)
                                 for i, v in nums.items()]
    labels = {**{k: f"{v[0]} {v[1]}" for k, v in SECTORS.items()},
              "total_excl_lucf": "合计（不含土地利用变化和林业）Total excluding LUCF",
              "total": "合计（含土地利用变化和林业）Total including LUCF"}
    out = wide.rename(columns={g: f"{g} (t CO2e)" for g in GHG}).reset_index()
    out["sector"] = out["sector"].map(labels)
    out.columns.name = None
    return out.rename(columns={"sector": f"部门 Sector ({year}, {gwp})"})


def build_tables(inv, city: str, gwp: str = "AR5", mc_samples: int = MC_SAMPLES,
                 seed: int = MC_SEED, status: pd.DataFrame | None = None,
                 ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """All reporting tables of an inventory (names -> id-column DataFrames) and the long
    emissions with CO2e. Tables of several years carry a ``year`` column. With ``status``
    (:func:`model.inventory.qaqc.data_status` of the input tables) the table
    ``g_data_status`` and its findings are added."""
    cats = load_categories()
    qaqc.check_notation(inv.emissions)
    em = with_city_rows(to_co2e(inv.emissions, gwp), city)
    years = sorted(int(y) for y in em["year"].unique())
    latest, base = years[-1], years[0]
    ghg = em[em["gas"].isin(GHG)]

    def per_year(fn, data, *args):
        frames = []
        for y in years:
            if (data["year"] == y).any():
                t = fn(data, y, *args)
                t.insert(1 if "region" in t.columns else 0, "year", y)
                frames.append(t)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    out: dict[str, pd.DataFrame] = {}
    # the same gas columns in every year (a gas of one year only is keyed in the others)
    ghg_cols = tuple(g for g in GHG if g in set(ghg["gas"]))
    out["a_ipcc_categories"] = per_year(tables.ipcc_table, ghg, cats, ghg_cols)
    out["b_provincial_sectors"] = per_year(tables.sector_table, ghg, cats, ghg_cols)
    energy = getattr(inv, "energy", pd.DataFrame())
    if len(energy):
        energy = with_city_rows(energy, city, ("year", "category", "fuel"))
        out["c_energy_tce"] = per_year(tables.energy_table, energy, cats, em)
    electricity = getattr(inv, "electricity", pd.DataFrame())
    out["d_scopes"] = tables.scope_keys(
        city_scopes(per_year(tables.scope_table, ghg, electricity), city))
    kc = key_categories(ghg, latest, base_year=base if base != latest else None, region=city)
    kc = _key_category_notation(kc, ghg, city, latest, base if base != latest else None)
    info = cats.set_index("code")
    kc.insert(4, "name_zh", [info.loc[c, "name_zh"] if c in info.index else ""
                             for c in kc["category"]])
    kc.insert(5, "name_en", [info.loc[c, "name_en"] if c in info.index else ""
                             for c in kc["category"]])
    out["e_key_categories"] = kc
    a1 = approach1(ghg)
    # Monte Carlo with one EF draw per (category, gas, activity): the same factor applies in
    # every county, so the city's EF errors do not cancel (Approach 1 assumes they do).
    a2 = approach2(ghg, n=mc_samples, seed=seed, correlate_ef=True).rename(columns={
        "mean": "mc_mean", "lower": "mc_lower", "upper": "mc_upper",
        "lower_pct": "mc_lower_pct", "upper_pct": "mc_upper_pct",
        "uncertainty_pct": "mc_uncertainty_pct"}).drop(columns=["value", "coverage"])
    out["f_uncertainty"] = a1.merge(a2, on=["region", "year", "category", "gas"], how="left")
    completeness = pd.concat([qaqc.completeness(em, city, y, cats) for y in years],
                             ignore_index=True)
    jumps = qaqc.year_on_year_jumps(ghg)
    # compile_inventory checks county sums before it drops duplicated city rows (its findings
    # arrive in inv.checks); on the kept rows this check only finds keys held by both.
    sums = qaqc.check_counties_sum(inv.emissions, city)
    out["g_qaqc_findings"] = qaqc.findings(jumps, sums, completeness,
                                           list(getattr(inv, "checks", []) or []), status)
    out["g_completeness"] = completeness.drop(columns=["value"])
    if status is not None:
        out["g_data_status"] = status
    out["h_pollutants"] = per_year(tables.pollutant_table, em, cats,
                                   tuple(p for p in POLLUTANTS if p in set(em["gas"])))
    return out, em


def _key_category_notation(kc: pd.DataFrame, ghg: pd.DataFrame, city: str, year: int,
                           base: int | None = None) -> pd.DataFrame:
    """Key categories with notation keys: a category x gas that the city reports only with a key
    (NE, NO, ...) in the assessed year(s) is not assessed; its emissions cell holds the key
    instead of 0, its shares are blank and it is not key."""
    sel = ghg[(ghg["region"] == city) & ghg["year"].isin([year, *([base] if base else [])])]
    note = sel["notation"].fillna("").astype(str)
    estimated = set(zip(sel.loc[note == "", "category"], sel.loc[note == "", "gas"],
                        strict=True))
    keys: dict[tuple, set[str]] = {}
    for c, g, k in zip(sel.loc[note != "", "category"], sel.loc[note != "", "gas"],
                       note[note != ""], strict=True):
        if (c, g) not in estimated:
            keys.setdefault((c, g), set()).add(k)
    if not keys:
        return kc
    out = kc.copy()
    numeric = [c for c in out.columns if c not in ("year", "base_year", "category", "gas",
                                                  "name_zh", "name_en", "criterion")
               and out[c].dtype != bool]
    for c in ("estimate_co2e", "base_co2e"):
        if c in out.columns:
            out[c] = out[c].astype(object)
    for i, r in out.iterrows():
        k = keys.get((r["category"], r["gas"]))
        if k is None:
            continue
        for c in numeric:
            out.at[i, c] = math.nan
        out.at[i, "estimate_co2e"] = tables.join_keys(k)
        for c in ("level_key", "trend_key", "key"):
            if c in out.columns:
                out.at[i, c] = False
    return out


def years_held(folder: str | Path) -> list[int]:
    """Every year with activity data in the data pack (``activity_*.csv``), sorted."""
    folder = Path(folder)
    regions = list(load_regions(folder)["region"])
    return sorted(int(y) for y in load_activity(folder, regions)["year"].unique())


DEFAULT_FACTOR_SETS = "default (local, china, ipcc2006)"


def _factor_sets_text(factor_sets) -> str:
    if not factor_sets:
        return DEFAULT_FACTOR_SETS
    return ", ".join(str(f) for f in factor_sets)


def recalculation(previous: str | Path, emissions: pd.DataFrame, gwp: str | None = None,
                  factor_sets: list[str] | None = None) -> pd.DataFrame:
    """Recalculation table: every (region, year, category, gas) of the new run against the
    ``emissions.csv`` of a previous :func:`run_inventory` folder (IPCC 2006 Vol 1 Ch 5: the whole
    series is recalculated when a method, factor or GWP set changes, and the difference is
    reported with its reason).

    Columns ``region, year, category, gas, old, new, difference, difference_pct`` (t of the
    gas), ``old_co2e, new_co2e, difference_co2e`` (t CO2e, each run in its own GWP set),
    ``change`` (``revised``, ``added``, ``removed``) and ``reason``. A row is listed when the
    gas or its CO2e changed, so a change of GWP set alone (t of gas unchanged) is reported too.
    The reason compares the two runs' ``manifest.json``: ``GWP set AR5 -> AR6`` where the CO2e
    moved with the t of gas unchanged; ``factor sets A -> B`` where the t of gas changed and the
    factor sets differ; otherwise ``activity data, factor values or method`` (same GWP set and
    factor sets); several reasons are joined with ``; ``. Raises InputError if the previous
    folder has no ``emissions.csv``.
    """
    import json


    p = Path(previous) / "emissions.csv"
    if not p.exists():
        raise InputError(str(p), "no such file", "the emissions.csv of an earlier inventory run")
    old = pd.read_csv(p, encoding="utf-8-sig")
    need = ["region", "year", "category", "gas", "value"]
    if any(c not in old.columns for c in need):
        raise InputError(str(p), f"columns {list(old.columns)}", f"the columns {need}")
    keys = need[:-1]
    table = recalculate(old[need], emissions[need])
    if "value_co2e" in old.columns and "value_co2e" in emissions.columns:
        co2e = recalculate(old[[*keys, "value_co2e"]], emissions[[*keys, "value_co2e"]],
                           value="value_co2e")
        co2e = co2e.rename(columns={"old": "old_co2e", "new": "new_co2e",
                                    "difference": "difference_co2e", "change": "change_co2e"})
        table = table.merge(co2e[[*keys, "old_co2e", "new_co2e", "difference_co2e",
                                  "change_co2e"]], on=keys, how="outer")
    else:  # an earlier run without CO2e: only the t of gas can be compared
        table = table.assign(old_co2e=math.nan, new_co2e=math.nan, difference_co2e=math.nan,
                             change_co2e="unchanged")
    manifest = Path(previous) / "manifest.json"
    before = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    old_gwp = str(before.get("gwp_set") or "unknown")
    new_gwp = str(gwp or "unknown").upper()
    old_fs = _factor_sets_text(before.get("factor_sets")) if before else "unknown"
    new_fs = _factor_sets_text(factor_sets)
    changed = (table["change"] != "unchanged") | (table["change_co2e"] != "unchanged")
    table = table[changed].copy()
    # within recalculate's tolerance (the earlier run was read back at 10 significant digits)
    # a difference is rounding, not a change: report it as 0
    same = table["change"] == "unchanged"
    table.loc[same, "difference"] = 0.0
    table.loc[same & (table["old"] != 0), "difference_pct"] = 0.0
    table.loc[table["change_co2e"] == "unchanged", "difference_co2e"] = 0.0
    reasons = []
    for r in table.itertuples(index=False):
        why = []
        if r.change in ("added", "removed"):
            why.append(f"category x gas {r.change}")
        if r.change == "revised":
            if old_fs != new_fs:
                why.append(f"factor sets {old_fs} -> {new_fs}")
            else:
                why.append("activity data, factor values or method (same "
                           + ("GWP set and factor sets)" if old_gwp == new_gwp else
                              "factor sets)"))
        if old_gwp != new_gwp and r.gas != "CO2":
            why.append(f"GWP set {old_gwp} -> {new_gwp}")
        elif r.change == "unchanged":  # CO2e moved, t of gas did not, same GWP set
            why.append("CO2e conversion (same GWP set)")
        reasons.append("; ".join(why))
    table["reason"] = reasons
    table["change"] = ["revised" if c == "unchanged" else c for c in table["change"]]
    cols = [*keys, "old", "new", "difference", "difference_pct", "old_co2e", "new_co2e",
            "difference_co2e", "change", "reason"]
    return table[cols].sort_values(keys, kind="stable").reset_index(drop=True)


def run_inventory(folder: str | Path, years: list[int] | None = None, gwp: str = "AR5",
                  factor_sets: list[str] | None = None, out: str | Path | None = None,
                  previous: str | Path | None = None,
                  factors_folder: str | Path | None = None) -> Path:
    """Compile the inventory of data pack ``folder`` and write all tables; return the folder.

    ``years=None`` compiles every year held (:func:`years_held`).
    Calls ``model.inventory.compile_inventory(folder, years, gwp, factor_sets)``, then the
    QA/QC, key-category, uncertainty and table steps. Writes, into ``out`` (default
    ``results/inventory/<folder name>/``) atomically: one CSV per table (UTF-8 with BOM,
    bilingual headers), ``inventory_tables.xlsx`` (one sheet per table), ``emissions.csv`` (long
    table with ids and ``value_co2e``), ``summary.csv`` (:func:`summary` of every year compiled;
    with several years a ``年份 Year`` column, years in order) and ``manifest.json`` (with the
    QA/QC findings counted by level). Factors come from ``factors_folder`` (default
    ``<folder>/../factors``, so a pack outside ``inventories/`` can name its library). The
    input tables of the pack and of the factor library are counted by data status
    (``g_data_status``, findings, manifest ``input_rows_by_status``): how many rows are
    calibrated and estimated.
    Recalculation: if ``previous`` (a folder written by an earlier run) is given, or the target
    folder already holds an earlier run, the table ``i_recalculation`` lists every category and
    gas whose value or CO2e changed, with the reason (:func:`recalculation`).
    Raises InputError on bad input (nothing is written then).
    """

    folder = Path(folder)
    ffolder = Path(factors_folder) if factors_folder else folder.parent / "factors"
    if factors_folder is not None and not ffolder.is_dir():
        raise InputError("--factors", f"{ffolder} (not a folder)",
                         "the folder of a factor library (its *.csv factor tables)")
    # the output folder is checked (.. and links resolved) before anything is read or written
    target = check_out(Path(out) if out is not None else RESULTS / folder.name, "inventory",
                       [folder, ffolder])
    if years is None:
        years = years_held(folder)
    with progress.task(f"清单 Inventory {folder.name}: 编制 compiling {len(years)} year(s)",
                       total=4):
        inv = compile_inventory(folder, list(years), gwp=gwp, factor_sets=factor_sets,
                                factors_folder=ffolder if factors_folder else None)
        city = _city(folder, inv.emissions)
        inputs = sorted(folder.glob("*.csv")) + sorted(ffolder.glob("*.csv"))
        status = qaqc.data_status(inputs)
        progress.advance("清单 Inventory: QA/QC, key categories, uncertainty (Monte Carlo)")
        built, em = build_tables(inv, city, gwp, status=status)
        progress.advance("清单 Inventory: summary and recalculation")
        summ = summaries(inv, gwp, city)
        if previous is None and (target / "emissions.csv").exists():
            previous = target
        if previous is not None:
            built["i_recalculation"] = recalculation(previous, em, gwp, factor_sets)
        progress.advance("清单 Inventory: writing tables")
        findings = built["g_qaqc_findings"]
        by_level = {str(k): int(v) for k, v in findings["severity"].value_counts().items()}
        _write(target, built, em, summ, gwp, folder, ffolder, city, factor_sets, findings,
               by_level, status, previous)
        progress.advance()
    return target


def summaries(inv, gwp: str, city: str) -> pd.DataFrame:
    """:func:`summary` of every year of ``inv``: the one year's table as it is, or, with
    several years, one block per year (in order) with a ``年份 Year`` column after the sector
    label, which is then ``部门 Sector (<gwp>)``. Years without greenhouse-gas rows are left
    out."""
    years = sorted(int(y) for y in inv.emissions["year"].unique())
    if len(years) == 1:
        return summary(inv, gwp, region=city, city=city)
    parts = []
    for y in years:
        try:
            t = summary(inv, gwp, year=y, region=city, city=city)
        except InputError:
            continue
        t = t.rename(columns={t.columns[0]: f"部门 Sector ({gwp})"})
        t.insert(1, "年份 Year", y)
        parts.append(t)
    return pd.concat(parts, ignore_index=True)


def _write(target, built, em, summ, gwp, folder, ffolder, city, factor_sets, findings,
           by_level, status, previous) -> None:
    with atomic_dir(target, "inventory", [folder, ffolder]) as tmp:
        tables.write_tables(built, tmp, gwp_set=gwp.upper())
        write_csv(em, tmp / "emissions.csv")
        write_csv(summ, tmp / "summary.csv")
        write_json({"data_pack": str(folder), "city": city, "gwp_set": gwp.upper(),
                    "years": sorted(int(y) for y in em["year"].unique()),
                    "factor_sets": factor_sets, "tables": sorted(built),
                    "monte_carlo": {"samples": MC_SAMPLES, "seed": MC_SEED,
                                    "distribution": "normal", "correlate_ef": True},
                    "factors": str(ffolder),
                    "findings": len(findings), "findings_by_level": by_level,
                    "input_rows_by_status": {
                        k: int(status[status["table"] == "all"].iloc[0][k])
                        for k in ("rows", *qaqc.DATA_STATUSES)},
                    "input_rows_note": qaqc.status_summary(status),
                    "recalculated_against": str(previous) if previous is not None else None},
                   tmp / "manifest.json")


def load_summary(path: str | Path) -> pd.DataFrame:
    """The ``summary.csv`` written by :func:`run_inventory` in ``path`` (for the CLI)."""
    p = Path(path) / "summary.csv"
    if not p.exists():
        raise InputError(str(p), "no such file", "a folder written by run_inventory")
    # notation keys (NE, NA, ...) are text, not missing values: "NA" must not become NaN
    df = pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return df.map(_cell)


def _cell(text: str) -> float | str:
    """A CSV cell as a number, or as its text (a notation key or a label)."""
    try:
        return float(text)
    except ValueError:
        return text
