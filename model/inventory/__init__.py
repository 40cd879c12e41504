"""The inventory orchestrator: one call compiles a data pack into emissions, energy (tce),
electricity and QA/QC checks; :func:`base_year_indicators` is the one source of truth the
scenario model's intensity targets read.

Category modules (``energy``, ``ippu``, ``afolu``, ``waste``, ``pollutants``) all expose
``estimate(inputs, years) -> DataFrame[EMISSION_COLUMNS]`` (docs/CONTRACTS.md §4). Modules not
yet present are skipped with a ``Check`` naming the categories reported NE.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.inventory import energy, ippu
from model.inventory.core import (
    EMISSION_COLUMNS,
    POLLUTANTS,
    FactorLibrary,
    InventoryInputs,
    frame,
    load_activity,
    load_regions,
    record,
)
from model.io import read_table
from model.units import convert

CITY = "ankang"
SUM_TOLERANCE = 0.005  # counties must add up to the city within 0.5 % (CONTRACTS §1)
#: Optional category modules and the categories they cover (reported NE while absent).
OPTIONAL_MODULES = {
    "afolu": "3.A, 3.B.1, 3.C",
    "waste": "4.A, 4.C, 4.D",
    "pollutants": "NOx, SO2, VOCs, PM2.5, NH3, COD, NH3-N",
}
ELECTRICITY_ITEMS = ("consumption", "generation", "net_import")
CO2_SCOPES = ("energy", "energy_plus_electricity", "energy_plus_grid_electricity", "territorial")


@dataclass(frozen=True)
class Check:
    """One QA/QC finding: ``level`` is ``info`` | ``warning`` | ``error``."""

    level: str
    where: str
    message: str


@dataclass(frozen=True)
class Inventory:
    """A compiled inventory (CONTRACTS §4): ``emissions`` (EMISSION_COLUMNS, t of gas),
    ``energy`` (region, year, category, fuel, physical_value, physical_unit, energy_tce,
    status), ``electricity`` (region, year, item, value, unit, source; MWh and t CO2/MWh),
    ``checks`` (list of :class:`Check`), plus the GWP set and the years compiled."""

    emissions: pd.DataFrame
    energy: pd.DataFrame
    electricity: pd.DataFrame
    checks: list[Check] = field(default_factory=list)
    gwp: str = "AR5"
    years: tuple[int, ...] = ()


def _load_electricity(folder: Path, regions: list[str], factors: FactorLibrary,
                      years: list[int]) -> pd.DataFrame:
    """``electricity.csv`` -> long table in MWh, plus net_import and grid_ef rows.

    Input columns: region, year, item (consumption | generation), value, unit, source, status,
    method, grid_factor (activity id in ``grid_emission_factors.csv``, factor set ``grid``).
    """
    path = folder / "electricity.csv"
    cols = ["region", "year", "item", "value", "unit", "source"]
    if not path.exists():
        return pd.DataFrame(columns=[*cols[:-1], "source"])
    df = read_table(path, ["region", "year", "item", "value", "unit", "source", "grid_factor"],
                    key=["region", "year", "item"], optional=["note"])
    out = []
    for _, row in df.iterrows():
        where = f"{path} row {row['_row']}"
        if row["region"] not in regions:
            raise InputError(f"{where} column 'region'", repr(row["region"]), f"one of {regions}")
        if row["item"] not in ("consumption", "generation"):
            raise InputError(f"{where} column 'item'", repr(row["item"]),
                             "consumption or generation (net_import is computed)")
        if int(row["year"]) not in years:
            continue
        out.append({"region": row["region"], "year": int(row["year"]), "item": row["item"],
                    "value": convert(row["value"], row["unit"], "MWh", where=where),
                    "unit": "MWh", "source": row["source"], "grid_factor": row["grid_factor"]})
    el = pd.DataFrame(out, columns=["region", "year", "item", "value", "unit", "source",
                                    "grid_factor"])
    extra = []
    grid = factors.table[factors.table["factor_set"] == "grid"]
    for (region, year), grp in el.groupby(["region", "year"], sort=True):
        items = dict(zip(grp["item"], grp["value"], strict=True))
        cons, gen = items.get("consumption"), items.get("generation", 0.0)
        if cons is not None:
            extra.append({"region": region, "year": year, "item": "net_import",
                          "value": cons - gen, "unit": "MWh",
                          "source": "derived: consumption - generation (negative = net export)"})
        gf_id = grp["grid_factor"].iloc[0]
        hit = grid[grid["activity"] == gf_id]
        if hit.empty:
            raise InputError(f"{path} column 'grid_factor'", repr(gf_id),
                             f"an activity of grid_emission_factors.csv: {list(grid['activity'])}")
        g = hit.iloc[0]
        extra.append({"region": region, "year": year, "item": "grid_ef",
                      "value": convert(g["value"], g["unit"], "t CO2/MWh", where=gf_id),
                      "unit": "t CO2/MWh", "source": f"{gf_id}: {g['source']}"})
    el = pd.concat([el.drop(columns="grid_factor"), pd.DataFrame(extra)], ignore_index=True)
    # City rows (sum of counties) where the table gives counties only.
    city_rows = []
    for year, grp in el.groupby("year", sort=True):
        if (grp["region"] == CITY).any():
            continue
        for item in ELECTRICITY_ITEMS:
            sub = grp[grp["item"] == item]
            if not sub.empty:
                city_rows.append({"region": CITY, "year": year, "item": item,
                                  "value": float(sub["value"].sum()), "unit": "MWh",
                                  "source": "derived: sum of counties"})
        ef = grp[grp["item"] == "grid_ef"]
        if ef["value"].nunique() == 1:
            city_rows.append({**ef.iloc[0].to_dict(), "region": CITY})
    if city_rows:
        el = pd.concat([el, pd.DataFrame(city_rows)], ignore_index=True)
    return el


def _check_sums(df: pd.DataFrame, keys: list[str], value: str, what: str) -> list[Check]:
    """Counties vs the city row where both exist (0.5 % tolerance)."""
    checks = []
    if df.empty:
        return checks
    city = df[df["region"] == CITY].groupby(keys)[value].sum()
    counties = df[df["region"] != CITY].groupby(keys)[value].sum()
    for k, v in city.items():
        if k not in counties.index:
            continue
        s = counties[k]
        if abs(s - v) > SUM_TOLERANCE * max(abs(v), 1e-9):
            checks.append(Check("error", f"{what} {k}",
                                f"counties sum to {s:.6g}, city row is {v:.6g} "
                                f"({(s - v) / v * 100:+.2f} %, tolerance 0.5 %)"))
    return checks


def _drop_city_duplicates(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Drop city rows whose key also has county rows (the counties carry the detail)."""
    if df.empty:
        return df
    county_keys = set(map(tuple, df.loc[df["region"] != CITY, keys].to_numpy().tolist()))
    mask = (df["region"] == CITY) & df[keys].apply(tuple, axis=1).isin(county_keys)
    return df[~mask].reset_index(drop=True)


FGASES = ("HFCs", "PFCs", "SF6", "NF3")


def _forest_memo(inputs: InventoryInputs, emissions: pd.DataFrame,
                 years: list[int]) -> list[Check]:
    """When 3.B.1 is NE for want of removals, say what the gross gain alone would be (memo)."""
    f = emissions[(emissions["category"] == "3.B.1") & (emissions["activity"] ==
                                                         "biomass_growth")]
    if f.empty or not (f["notation"] == "NE").all():
        return []
    from model.inventory.afolu import forest_gross_gain

    try:
        gain = forest_gross_gain(inputs, years)
    except InputError:
        return []
    out = []
    for y, g in gain.groupby("year"):
        out.append(Check("info", f"3.B.1 forest land {y}",
                         f"reported NE: wood and fuelwood removals (the loss term of IPCC 2006 "
                         f"Vol 4 Eq. 2.7) are not in forest.csv. Memo: the gross biomass gain "
                         f"alone would be {g['value'].sum():,.0f} t CO2 (Tier 1 defaults, "
                         f"forest-cover area); it is not a net sink and is not in any total."))
    return out


def fgas_not_estimated(frames: list[pd.DataFrame], regions_df: pd.DataFrame,
                       years: list[int]) -> pd.DataFrame:
    """Notation key NE for every IPPU category x F-gas the IPCC 2006 tree expects (Vol 1 Ch 8
    Table 8.2: 2.B, 2.C, 2.E, 2.F, 2.G ...) that no module estimated, at city level: the F-gases
    carry a notation key until activity data exist (no Ankang F-gas data were found)."""
    from model.inventory.categories import load_categories

    cats = load_categories()
    done = set()
    for f in frames:
        if not f.empty:
            done |= {(c, g) for c, g in zip(f["category"], f["gas"], strict=True)}
    city = [r for r, p in zip(regions_df["region"], regions_df["parent"], strict=True)
            if not str(p).strip()]
    region = city[0] if city else str(regions_df["region"].iloc[0])
    rows = []
    for code, gases in zip(cats["code"], cats["gases"], strict=True):
        for g in str(gases).split(";") if isinstance(gases, str) else []:
            if g in FGASES and (code, g) not in done:
                rows += [record(region, y, code, g, "", 0.0, tier="", status="estimate",
                                notation="NE") for y in years]
    return frame(rows)


def compile_inventory(folder: str | Path, years: list[int], gwp: str = "AR5",
                      factor_sets: list[str] | None = None,
                      factors_folder: str | Path | None = None,
                      modules: list[str] | None = None) -> Inventory:
    """Compile the data pack ``folder`` (e.g. ``inventories/ankang``) for ``years``.

    Factors from ``factors_folder`` (default ``<folder>/../factors``), searched in
    ``factor_sets`` order (default local, china, ipcc2006). Calls ``energy.estimate``,
    ``ippu.estimate`` and, when their modules exist, ``afolu``, ``waste``, ``pollutants``.
    ``modules`` limits the optional modules run (default: every one that is present; ``[]``
    runs energy and IPPU only); a module left out is reported NE in ``checks``.
    City rows that duplicate county rows are checked (0.5 %) and dropped from ``emissions``.
    ``gwp`` (SAR/AR4/AR5/AR6) is recorded for CO2e views; emissions stay in t of each gas.

    Raises InputError on any bad input (see the category modules and ``model.io``).
    """
    folder = Path(folder)
    years = [int(y) for y in years]
    ffolder = Path(factors_folder) if factors_folder else folder.parent / "factors"
    regions_df = load_regions(folder)
    regions = list(regions_df["region"])
    factors = FactorLibrary.load(ffolder, factor_sets)
    activity = load_activity(folder, regions)
    inputs = InventoryInputs(folder=folder, regions=regions, activity=activity, factors=factors)
    checks: list[Check] = []
    held = sorted(set(activity["year"]))
    missing_years = [y for y in years if y not in held]
    if missing_years:
        raise InputError(f"{folder} activity_*.csv", f"no activity data for {missing_years}",
                         f"a year the data pack holds: {held}")
    fuel_rows = activity["category"].str.startswith("1.A") & activity["activity"].isin(
        energy.FUELS)
    energy_years = set(activity.loc[fuel_rows, "year"])
    no_energy = [y for y in years if y not in energy_years]
    if no_energy:
        raise InputError(f"{folder / 'activity_energy.csv'}",
                         f"no fuel-combustion (1.A) rows for {no_energy}",
                         "energy activity data for every inventory year (energy is most of the "
                         "inventory; it is never reported as zero by omission)")

    frames = [energy.estimate(inputs, years), ippu.estimate(inputs, years)]
    for name, cats in OPTIONAL_MODULES.items():
        if modules is not None and name not in modules:
            checks.append(Check("warning", f"model.inventory.{name}",
                                f"module not run (modules={modules}): categories {cats} are NE"))
            continue
        try:
            mod = importlib.import_module(f"model.inventory.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"model.inventory.{name}":
                raise
            checks.append(Check("warning", f"model.inventory.{name}",
                                f"module not present: categories {cats} are NE"))
            continue
        frames.append(mod.estimate(inputs, years))
    frames.append(fgas_not_estimated(frames, regions_df, years))
    emissions = pd.concat([f for f in frames if not f.empty] or [frames[0]],
                          ignore_index=True)[EMISSION_COLUMNS]
    ekeys = ["year", "category", "gas", "activity"]
    checks += _check_sums(emissions, ekeys, "value", "emissions")
    emissions = _drop_city_duplicates(emissions, ekeys)

    en = energy.energy_balance(inputs, years)
    checks += _check_sums(en, ["year", "category", "fuel"], "energy_tce", "energy")
    en = _drop_city_duplicates(en, ["year", "category", "fuel"])

    el = _load_electricity(folder, regions, factors, years)
    checks += _check_sums(el[el["item"].isin(ELECTRICITY_ITEMS)], ["year", "item"], "value",
                          "electricity")
    checks += _qa(inputs, emissions, el, years)
    checks += _forest_memo(inputs, emissions, years)
    return Inventory(emissions=emissions, energy=en, electricity=el, checks=checks, gwp=gwp,
                     years=tuple(years))


def _qa(inputs: InventoryInputs, emissions: pd.DataFrame, el: pd.DataFrame,
        years: list[int]) -> list[Check]:
    checks = []
    est = inputs.activity[inputs.activity["status"] == "estimate"] if "status" in \
        inputs.activity.columns else inputs.activity.iloc[0:0]
    if len(est):
        checks.append(Check("info", "activity",
                            f"{len(est)} of {len(inputs.activity)} activity rows are estimates"))
    if (inputs.folder / "supply.csv").exists():
        for y in years:
            try:
                ra = energy.reference_approach(inputs, y)
            except InputError as exc:
                checks.append(Check("warning", "reference approach", str(exc)))
                continue
            level = "warning" if ra.flagged else "info"
            checks.append(Check(level, f"reference approach {y}",
                                f"reference {ra.reference_co2_t:.6g} t CO2 vs sectoral "
                                f"{ra.sectoral_co2_t:.6g} t CO2, gap {ra.gap_pct:+.2f} %"
                                + (f"; {ra.explanation}" if ra.explanation else "")))
    act = inputs.activity
    stray = act[act["category"].str.startswith("1.A") & act["activity"].isin(energy.FUELS)
                & act["_file"].map(lambda f: Path(f).name != energy.ENERGY_FILE)]
    for _, r in stray.iterrows():
        checks.append(Check("warning", f"{r['_file']} row {r['_row']}",
                            f"fuel row {r['activity']} in {r['category']} outside "
                            f"{energy.ENERGY_FILE}: not counted by the energy module"))
    if "biomass" not in set(inputs.activity["activity"]):
        checks.append(Check("warning", "1.A.4.b biomass",
                            "no biomass (firewood, straw) rows: residential biomass CH4/N2O NE"))
    neg = emissions[(emissions["value"] < 0) & ~emissions["category"].str.startswith("3.B")]
    for _, r in neg.iterrows():
        checks.append(Check("error", f"{r['region']} {r['year']} {r['category']} {r['gas']}",
                            f"negative emission {r['value']:.6g} outside the sink categories"))
    return checks


def _region_sum(df: pd.DataFrame, value: str) -> pd.Series:
    """Sum by region, plus the city total (city-only rows + counties)."""
    s = df.groupby("region")[value].sum()
    s[CITY] = float(df[value].sum())
    return s


def base_year_indicators(inv: Inventory, year: int,
                         co2_scope: str = "energy_plus_electricity") -> pd.DataFrame:
    """Base-year quantities per region: DataFrame[region, quantity, value, unit].

    Quantities: ``CO2`` (t CO2) on ``co2_scope``, ``energy`` (tce, final consumption with
    electricity at the calorific value unless the inventory was built otherwise), and each
    pollutant present (t). One row per county and one for the city (``ankang``) = sum.

    CO2 scopes:
    - ``energy``: 1.A CO2 (fossil; biomass CO2 excluded as a memo item).
    - ``energy_plus_electricity``: 1.A CO2 + net electricity imports x grid EF. Net import is
      taken at city level, ``max(consumption - generation, 0)``; an exporting city (Ankang's
      hydro) gets no credit for its exports, and county values are the city net import
      allocated by county consumption share (intra-city flows from local hydro are not
      purchases from the grid), so counties add up to the city.
    - ``energy_plus_grid_electricity``: 1.A CO2 + all consumption x grid EF (GPC
      location-based scope 2, ignoring local generation).
    - ``territorial``: all CO2 of the inventory (1.A, 1.B, 2.A, ...), sinks (negative 3.B
      values) excluded.

    Raises InputError on an unknown scope or a year not in the inventory.
    """
    if co2_scope not in CO2_SCOPES:
        raise InputError("base_year_indicators(co2_scope=...)", repr(co2_scope),
                         f"one of {list(CO2_SCOPES)}")
    if int(year) not in inv.years:
        raise InputError("base_year_indicators(year=...)", str(year),
                         f"a compiled year {list(inv.years)}")
    em = inv.emissions[(inv.emissions["year"] == int(year)) & (inv.emissions["notation"] == "")]
    co2 = em[em["gas"] == "CO2"]
    if co2_scope == "territorial":
        co2 = co2[co2["value"] >= 0]
    else:
        co2 = co2[co2["category"].str.startswith("1.A")]
    present = set(inv.emissions["region"]) | set(inv.energy["region"]) \
        | set(inv.electricity["region"])
    regions = [*sorted(present - {CITY}), CITY]
    co2_r = _region_sum(co2, "value").reindex(regions, fill_value=0.0)
    if co2_scope in ("energy_plus_electricity", "energy_plus_grid_electricity"):
        co2_r = co2_r + _scope2(inv, int(year), co2_scope, regions)
    en = inv.energy[inv.energy["year"] == int(year)]
    en_r = _region_sum(en, "energy_tce").reindex(regions, fill_value=0.0)
    out = [{"region": r, "quantity": "CO2", "value": float(co2_r[r]), "unit": "t CO2"}
           for r in regions]
    out += [{"region": r, "quantity": "energy", "value": float(en_r[r]), "unit": "tce"}
            for r in regions]
    for p in POLLUTANTS:
        sub = em[em["gas"] == p]
        if sub.empty:
            continue
        pr = _region_sum(sub, "value").reindex(regions, fill_value=0.0)
        out += [{"region": r, "quantity": p, "value": float(pr[r]), "unit": "t"} for r in regions]
    return pd.DataFrame(out, columns=["region", "quantity", "value", "unit"])


def _scope2(inv: Inventory, year: int, scope: str, regions: list[str]) -> pd.Series:
    el = inv.electricity[inv.electricity["year"] == year]
    zero = pd.Series(0.0, index=regions)
    if el.empty:
        return zero
    cons = el[el["item"] == "consumption"].groupby("region")["value"].sum()
    gen = el[el["item"] == "generation"].groupby("region")["value"].sum()
    counties_cons = cons.drop(CITY, errors="ignore")
    city_cons = float(cons[CITY]) if CITY in cons.index else float(counties_cons.sum())
    city_gen = float(gen[CITY]) if CITY in gen.index else float(gen.sum())
    efs = el[el["item"] == "grid_ef"].set_index("region")["value"]
    ef = float(efs[CITY]) if CITY in efs.index else float(efs.iloc[0])
    if scope == "energy_plus_grid_electricity":
        city_mwh = city_cons
    else:
        city_mwh = max(city_cons - city_gen, 0.0)
    out = zero.copy()
    out[CITY] = city_mwh * ef
    if city_cons > 0:
        for r in counties_cons.index:
            if r in out.index:
                out[r] = city_mwh * ef * float(counties_cons[r]) / city_cons
    return out


def electricity_co2_factor(inv: Inventory, year: int,
                           co2_scope: str = "energy_plus_electricity") -> tuple[float, str]:
    """Marginal CO2 of one more MWh consumed, on the same scope as :func:`base_year_indicators`.

    The scenario model counts a measure's electricity change (MWh/yr, quantity ``electricity``)
    as CO2 through this factor, so the intensity target's base year and the measures' effects
    are on one scope:

    - ``energy`` and ``territorial``: 0 — consuming electricity emits nothing in the territory
      (Ankang's generation is hydropower; fossil generation would be in 1.A.1 itself).
    - ``energy_plus_grid_electricity``: the grid factor (every MWh consumed is counted).
    - ``energy_plus_electricity``: the grid factor if the city is a net importer in ``year``;
      0 if it is a net exporter, valid while added consumption stays within the net export
      (the caller must check that margin, given by the second element of the result).

    Returns ``(t CO2 per MWh, explanation)``. Raises InputError on an unknown scope.
    """
    if co2_scope not in CO2_SCOPES:
        raise InputError("electricity_co2_factor(co2_scope=...)", repr(co2_scope),
                         f"one of {list(CO2_SCOPES)}")
    if co2_scope in ("energy", "territorial"):
        return 0.0, f"scope {co2_scope}: electricity use carries no territorial CO2"
    el = inv.electricity[inv.electricity["year"] == int(year)]
    efs = el[el["item"] == "grid_ef"].set_index("region")["value"]
    if efs.empty:
        raise InputError("electricity.csv", f"no grid emission factor for {year}",
                         "a grid_factor for the electricity rows")
    ef = float(efs[CITY]) if CITY in efs.index else float(efs.iloc[0])
    if co2_scope == "energy_plus_grid_electricity":
        return ef, f"scope {co2_scope}: every MWh at the grid factor {ef:.4f} t CO2/MWh"
    cons = el[el["item"] == "consumption"].groupby("region")["value"].sum()
    gen = el[el["item"] == "generation"].groupby("region")["value"].sum()
    city_cons = float(cons[CITY]) if CITY in cons.index else float(cons.sum())
    city_gen = float(gen[CITY]) if CITY in gen.index else float(gen.sum())
    net_export = city_gen - city_cons
    if net_export > 0:
        return 0.0, (f"scope {co2_scope}: net exporter in {year} ({net_export:,.0f} MWh); added "
                     f"use within that margin imports nothing (margin_mwh={net_export:.6g})")
    return ef, f"scope {co2_scope}: net importer in {year}; grid factor {ef:.4f} t CO2/MWh"
