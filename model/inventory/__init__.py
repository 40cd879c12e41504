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

from model.accounting.factor_library import FactorLibrary
from model.accounting.factors import grid_factor
from model.accounting.inputs import InventoryInputs, load_regions
from model.errors import InputError
from model.fmt import plain
from model.inventory import energy, ippu
from model.inventory.afolu import forest_gross_gain
from model.inventory.categories import load_categories
from model.inventory.core import EMISSION_COLUMNS, frame, load_activity, record
from model.io import read_table
from model.units import convert

SUM_TOLERANCE = 0.005  # counties must add up to the city within 0.5 % (CONTRACTS §1)
#: Optional category modules and the categories they cover (reported NE while absent).
OPTIONAL_MODULES = {
    "afolu": "3.A, 3.B.1, 3.C",
    "waste": "4.A, 4.C, 4.D",
    "pollutants": "NOx, SO2, VOCs, PM2.5, NH3, COD, NH3-N",
    "heavy_metals": "Pb, Hg, Cd, Cr, As (key industries)",
}
ELECTRICITY_ITEMS = ("consumption", "generation", "net_import")


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
    ``checks`` (list of :class:`Check`), plus the GWP set, the years compiled, the city (the
    region without a parent) and the electricity equivalence of ``energy``."""

    emissions: pd.DataFrame
    energy: pd.DataFrame
    electricity: pd.DataFrame
    checks: list[Check] = field(default_factory=list)
    gwp: str = "AR5"
    years: tuple[int, ...] = ()
    city: str = ""
    electricity_equivalence: str = "calorific"


def city_of(regions_df: pd.DataFrame) -> str:
    """The city of a data pack: the region without a parent (InputError unless exactly one)."""
    city = [r for r, p in zip(regions_df["region"], regions_df["parent"].fillna(""), strict=True)
            if not str(p).strip()]
    if len(city) != 1:
        raise InputError("regions.csv", f"{len(city)} regions without a parent ({city})",
                         "exactly one: the city, parent of every county")
    return city[0]


NON_FOSSIL_TECHNOLOGIES = ("hydro", "solar", "wind", "biomass", "nuclear", "geothermal")


def _load_electricity(folder: Path, city: str, regions: list[str], factors: FactorLibrary,
                      years: list[int], energy_rows: pd.DataFrame) -> tuple[pd.DataFrame,
                                                                          list[Check]]:
    """Electricity by region and year: long table in MWh (``consumption``, ``generation``,
    ``generation_non_fossil``, ``net_import``) and the grid factor (``grid_ef``, t CO2/MWh),
    plus QA checks.

    Consumption is the sum of the 1.A electricity rows of ``activity_energy.csv`` (one source of
    truth: the sector detail the scenario model also uses); consumption rows of
    ``electricity.csv``, if any, are only checked against it (0.5 %). Generation, its
    ``technology`` (non-fossil: hydro, solar, wind, biomass, nuclear, geothermal) and the grid
    factor id (``grid_factor``, an activity of the factor set ``grid``) come from
    ``electricity.csv``. City rows are the sum of the counties.
    """

    path = folder / "electricity.csv"
    cols = ["region", "year", "item", "value", "unit", "source"]
    checks: list[Check] = []
    if not path.exists():
        return pd.DataFrame(columns=cols), checks
    df = read_table(path, ["region", "year", "item", "value", "unit", "source", "grid_factor"],
                    key=["region", "year", "item"], optional=["note", "technology"])
    el_rows = energy_rows[energy_rows["fuel"] == "electricity"]
    cons: dict[tuple[str, int], float] = {}
    for r, y, v, u in zip(el_rows["region"], el_rows["year"], el_rows["physical_value"],
                          el_rows["physical_unit"], strict=True):
        cons[(r, int(y))] = cons.get((r, int(y)), 0.0) + convert(v, u, "MWh", where=str(path))
    out = []
    for (r, y), v in sorted(cons.items()):
        if y in years:
            out.append({"region": r, "year": y, "item": "consumption", "value": v, "unit": "MWh",
                        "source": "derived: 1.A electricity rows of activity_energy.csv"})
    grid_ids = {}
    for _, row in df.iterrows():
        where = f"{path} row {row['_row']}"
        if row["region"] not in regions:
            raise InputError(f"{where} column 'region'", repr(row["region"]), f"one of {regions}")
        if row["item"] not in ("consumption", "generation"):
            raise InputError(f"{where} column 'item'", repr(row["item"]),
                             "consumption or generation (net_import is computed)")
        y = int(row["year"])
        if y not in years:
            continue
        grid_ids[(row["region"], y)] = row["grid_factor"]
        mwh = convert(row["value"], row["unit"], "MWh", where=where)
        if row["item"] == "consumption":
            derived = cons.get((row["region"], y))
            if derived is not None and abs(derived - mwh) > 0.005 * max(abs(mwh), 1e-9):
                checks.append(Check("error", f"{where}", f"electricity consumption {mwh:,.0f} MWh"
                                    f" differs from the 1.A electricity rows ({derived:,.0f} MWh)"
                                    " by more than 0.5 %; the activity rows are used"))
            continue
        tech = str(row.get("technology", "") or "").strip()
        out.append({"region": row["region"], "year": y, "item": "generation", "value": mwh,
                    "unit": "MWh", "source": row["source"]})
        if tech in NON_FOSSIL_TECHNOLOGIES:
            out.append({"region": row["region"], "year": y, "item": "generation_non_fossil",
                        "value": mwh, "unit": "MWh", "source": f"{tech}: {row['source']}"})
    el = pd.DataFrame(out, columns=cols)
    extra = []
    for (region, year), grp in el.groupby(["region", "year"], sort=True):
        items = grp.groupby("item")["value"].sum().to_dict()
        if "consumption" in items:
            extra.append({"region": region, "year": year, "item": "net_import",
                          "value": items["consumption"] - items.get("generation", 0.0),
                          "unit": "MWh",
                          "source": "derived: consumption - generation (negative = net export)"})
        gid = grid_ids.get((region, year)) or next(iter(grid_ids.values()), None)
        if gid is not None:
            g = grid_factor(factors, gid)
            extra.append({"region": region, "year": year, "item": "grid_ef", "value": g.value,
                          "unit": "t CO2/MWh", "source": f"{gid}: {g.factors[-1].source}"})
    el = pd.concat([el, pd.DataFrame(extra, columns=cols)], ignore_index=True)
    city_rows = []
    for year, grp in el.groupby("year", sort=True):
        grp = grp[grp["region"] != city]
        for item in (*ELECTRICITY_ITEMS, "generation_non_fossil"):
            sub = grp[grp["item"] == item]
            if not sub.empty:
                city_rows.append({"region": city, "year": year, "item": item,
                                  "value": float(sub["value"].sum()), "unit": "MWh",
                                  "source": "derived: sum of counties"})
        ef = grp[grp["item"] == "grid_ef"]
        if ef["value"].nunique() == 1:
            city_rows.append({**ef.iloc[0].to_dict(), "region": city})
    el = el[el["region"] != city]
    if city_rows:
        el = pd.concat([el, pd.DataFrame(city_rows)], ignore_index=True)
    return el.reset_index(drop=True), checks


def _check_sums(df: pd.DataFrame, keys: list[str], value: str, what: str,
                city: str) -> list[Check]:
    """Counties vs the city row where both exist (0.5 % tolerance)."""
    checks: list[Check] = []
    if df.empty:
        return checks
    city_v = df[df["region"] == city].groupby(keys)[value].sum()
    counties = df[df["region"] != city].groupby(keys)[value].sum()
    for k, v in city_v.items():
        if k not in counties.index:
            continue
        s = counties[k]
        if abs(s - v) > SUM_TOLERANCE * max(abs(v), 1e-9):
            checks.append(Check("error", f"{what} {k}",
                                f"counties sum to {plain(s, 6)}, city row is {plain(v, 6)} "
                                f"({(s - v) / v * 100:+.2f} %, tolerance 0.5 %)"))
    return checks


def _drop_city_duplicates(df: pd.DataFrame, keys: list[str], city: str) -> pd.DataFrame:
    """Drop city rows whose key also has county rows (the counties carry the detail)."""
    if df.empty:
        return df
    county_keys = set(map(tuple, df.loc[df["region"] != city, keys].to_numpy().tolist()))
    mask = (df["region"] == city) & df[keys].apply(tuple, axis=1).isin(county_keys)
    return df[~mask].reset_index(drop=True)


FGASES = ("HFCs", "PFCs", "SF6", "NF3")


def _forest_memo(inputs: InventoryInputs, emissions: pd.DataFrame,
                 years: list[int]) -> list[Check]:
    """When 3.B.1 is NE for want of removals, say what the gross gain alone would be (memo)."""
    f = emissions[(emissions["category"] == "3.B.1") & (emissions["activity"] ==
                                                         "biomass_growth")]
    if f.empty or not (f["notation"] == "NE").all():
        return []

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
                      modules: list[str] | None = None,
                      electricity: str = "calorific") -> Inventory:
    """Compile the data pack ``folder`` (e.g. ``inventories/ankang``) for ``years``.

    Factors from ``factors_folder`` (default ``<folder>/../factors``), searched in
    ``factor_sets`` order (default local, china, ipcc2006). Calls ``energy.estimate``,
    ``ippu.estimate`` and, when their modules exist, ``afolu``, ``waste``, ``pollutants``.
    ``modules`` limits the optional modules run (default: every one that is present; ``[]``
    runs energy and IPPU only); a module left out is reported NE in ``checks``.
    City rows that duplicate county rows are checked (0.5 %) and dropped from ``emissions``.
    ``gwp`` (SAR/AR4/AR5/AR6) is recorded for CO2e views; emissions stay in t of each gas.
    ``electricity`` is the equivalence of the energy table (``calorific`` 当量值 for the
    inventory's energy tables, ``coal_equivalent`` 等价值 as the regional energy balance).

    Raises InputError on any bad input (see the category modules and ``model.io``).
    """
    folder = Path(folder)
    years = [int(y) for y in years]
    ffolder = Path(factors_folder) if factors_folder else folder.parent / "factors"
    regions_df = load_regions(folder)
    regions = list(regions_df["region"])
    city = city_of(regions_df)
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
    checks += _check_sums(emissions, ekeys, "value", "emissions", city)
    emissions = _drop_city_duplicates(emissions, ekeys, city)

    en = energy.energy_balance(inputs, years, electricity=electricity)
    checks += _check_sums(en, ["year", "category", "fuel"], "energy_tce", "energy", city)
    en = _drop_city_duplicates(en, ["year", "category", "fuel"], city)

    el, el_checks = _load_electricity(folder, city, regions, factors, years, en)
    checks += el_checks
    checks += _qa(inputs, emissions, el, years)
    checks += _forest_memo(inputs, emissions, years)
    return Inventory(emissions=emissions, energy=en, electricity=el, checks=checks, gwp=gwp,
                     years=tuple(years), city=city, electricity_equivalence=electricity)


def _qa(inputs: InventoryInputs, emissions: pd.DataFrame, el: pd.DataFrame,
        years: list[int]) -> list[Check]:
    checks = []
    st = inputs.activity["status"] if "status" in inputs.activity.columns else None
    if st is not None and len(st):
        n_est, n_cal = int((st == "estimate").sum()), int((st == "calibrated").sum())
        if n_est or n_cal:
            checks.append(Check("info", "activity",
                                f"{n_est} of {len(st)} activity rows are estimates and {n_cal} "
                                "are calibrated to an outside total (agreeing with that total "
                                "is not a check)"))
    if (inputs.folder / "supply.csv").exists():
        for y in years:
            try:
                ra = energy.reference_approach(inputs, y)
            except InputError as exc:
                checks.append(Check("warning", "reference approach", str(exc)))
                continue
            level = "warning" if ra.flagged else "info"
            checks.append(Check(level, f"reference approach {y}",
                                f"reference {plain(ra.reference_co2_t)} t CO2 vs sectoral "
                                f"{plain(ra.sectoral_co2_t)} t CO2, gap {ra.gap_pct:+.2f} %"
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
                            f"negative emission {plain(r['value'], 6)} outside the sink "
                            "categories"))
    return checks


def co2_by_rule(inv: Inventory, year: int, rule) -> pd.DataFrame:
    """CO2 of ``year`` under an accounting rule (:mod:`model.accounting.rules`), by county and
    for the city: ``region, quantity ("CO2"), value`` (t CO2), from the inventory's own records
    and electricity table — the lines of the scopes table, and what the scenario model's ledger
    must reproduce to the tonne.

    CO2 = fossil 1.A CO2 (records of gas CO2, categories 1.A, estimated) + 2.A process CO2 if
    the rule counts processes + electricity: ``net_import`` (consumption − generation) × grid
    factor, ``consumption`` consumption × grid factor, ``territorial`` 0. Raises InputError on a
    year not compiled."""
    if int(year) not in inv.years:
        raise InputError("co2_by_rule(year=...)", str(year), f"a compiled year {list(inv.years)}")
    em = inv.emissions[(inv.emissions["year"] == int(year)) & (inv.emissions["notation"] == "")
                       & (inv.emissions["gas"] == "CO2")]
    keep = em["category"].str.startswith("1.A")
    if rule.processes:
        keep |= em["category"].str.startswith("2.A")
    by = em[keep].groupby("region")["value"].sum()
    el = inv.electricity[inv.electricity["year"] == int(year)]
    el = el[el["region"] != inv.city]
    item = el.pivot_table(index="region", columns="item", values="value", aggfunc="sum")
    regions = sorted((set(by.index) | set(item.index)) - {inv.city})
    out = pd.Series(0.0, index=regions)
    out = out.add(by.reindex(regions, fill_value=0.0))
    if rule.co2 != "territorial" and len(item):
        ef = item.get("grid_ef", pd.Series(dtype=float)).reindex(regions).fillna(0.0)
        cons = item.get("consumption", pd.Series(dtype=float)).reindex(regions).fillna(0.0)
        gen = item.get("generation", pd.Series(dtype=float)).reindex(regions).fillna(0.0)
        mwh = cons - gen if rule.co2 == "net_import" else cons
        out = out + mwh * ef
    rows = [{"region": r, "quantity": "CO2", "value": float(v)} for r, v in out.items()]
    rows.append({"region": inv.city, "quantity": "CO2", "value": float(out.sum())})
    return pd.DataFrame(rows)
