"""Energy sector (IPCC 2006 Vol 2): 1.A fuel combustion, 1.B fugitive emissions, the energy
balance in tce, and the reference approach.

Methods
-------
- 1.A sectoral approach (Vol 2 Ch 2 Eq. 2.1, Tier 1): ``E[gas] = fuel (TJ) x EF[gas, fuel,
  category]`` with fuel (TJ) = physical amount x NCV. The NCV is searched in factor-set order
  (``local``, ``china`` = GB/T 2589-2020 Appendix A, then ``ipcc2006`` = Vol 2 Table 1.2); CO2
  EFs from Table 1.4 (oxidation factor 1), CH4/N2O from Tables 2.2 (1.A.1), 2.3 (1.A.2),
  2.4 (1.A.4.a), 2.5 (1.A.4.b/c) and 3.2.2 (1.A.3.b). A CO2 EF from a ``local`` or ``china``
  set makes the record Tier 2.
- Biomass CO2 is biogenic: a memo item, not reported in ``emissions`` (its CH4 and N2O are).
- Electricity and heat rows carry no direct emissions (they enter the energy balance and the
  scope-2 indicator in :mod:`model.inventory`).
- 1.B.1.a coal mining (Vol 2 Ch 4 Eq. 4.1.3/4.1.6, Tier 1): only if ``supply.csv`` reports raw
  coal production > 0; notation NO when production is 0, NE when no production row exists.
- Reference approach (Vol 2 Ch 6 Eq. 6.1): apparent consumption = production + imports -
  exports - international bunkers - stock change; CO2 = apparent consumption x NCV x carbon
  content x oxidation x 44/12. The gap to the sectoral approach is flagged above 5 % (Vol 2
  Ch 6 §6.8: "relatively small (5 per cent or less)").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.accounting import factors
from model.accounting.inputs import InventoryInputs
from model.errors import InputError
from model.inventory.core import frame, record
from model.io import read_table
from model.units import convert

#: Fuel ids of ``activity_energy.csv`` (docs/CONTRACTS.md §2).
FUELS = ("raw_coal", "cleaned_coal", "coke", "natural_gas", "gasoline", "diesel", "kerosene",
         "fuel_oil", "lpg", "electricity", "heat", "biomass")
#: Secondary energy carriers without direct emissions at the point of use.
CARRIERS = ("electricity", "heat")
BIOGENIC = ("biomass",)
SUPPLY_ITEMS = ("production", "imports", "exports", "bunkers", "stock_change")
CARBON_TO_CO2 = 44.0 / 12.0
REFERENCE_GAP_LIMIT_PCT = 5.0


def _where(row: pd.Series) -> str:
    return f"{row['_file']} row {row['_row']}"


ENERGY_FILE = "activity_energy.csv"


def _fuel_rows(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """1.A rows of ``activity_energy.csv`` for ``years`` (rows of other owners' files in 1.A,
    e.g. vehicle stocks in ``activity_pollutants.csv``, belong to their modules)."""
    rows = inputs.rows("1.A")
    rows = rows[rows["_file"].map(lambda f: Path(f).name == ENERGY_FILE)]
    rows = rows[rows["year"].isin([int(y) for y in years])]
    for _, row in rows.iterrows():
        if row["activity"] not in FUELS:
            raise InputError(f"{_where(row)} column 'activity'", repr(row["activity"]),
                             f"a fuel id, one of {list(FUELS)}")
    return rows


def energy_tj(inputs: InventoryInputs, category: str, fuel: str, value: float, unit: str,
              where: str) -> tuple[float, str]:
    """Energy content (TJ) of ``value`` ``unit`` of ``fuel`` and the factor set of its NCV
    (:func:`model.accounting.factors.energy_tj`, the one NCV lookup). Raises InputError if no
    NCV exists or its unit does not fit the activity's unit."""
    c = factors.energy_tj(inputs.factors, category, fuel, unit, where)
    return value * c.value, c.factors[0].factor_set


def estimate(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """1.A and 1.B emissions for ``years``: DataFrame[EMISSION_COLUMNS], t of CO2/CH4/N2O.

    Index set: one record per (region, year, category, fuel, gas) of ``activity_energy.csv``
    combustion rows (categories 1.A.*), gases CO2 (except biomass), CH4, N2O; plus 1.B.1.a
    records (CH4) per supply table (see module docstring). Coefficients per unit of fuel from
    :func:`model.accounting.factors.fuel_ghg` (the scenario model uses the same). Uncertainties:
    activity data ``uncertainty_pct`` of the row, EF ``uncertainty_pct`` of the CO2/CH4/N2O
    factor.

    Raises InputError on an unknown fuel, a missing NCV or emission factor (naming activity,
    category and gas), or a unit that does not convert.
    """
    recs: list[dict] = []
    for _, row in _fuel_rows(inputs, years).iterrows():
        fuel, cat = row["activity"], row["category"]
        if fuel in CARRIERS:
            continue
        where = _where(row)
        gases = ("CH4", "N2O") if fuel in BIOGENIC else ("CO2", "CH4", "N2O")
        for gas in gases:
            c = factors.fuel_ghg(inputs.factors, cat, fuel, row["unit"], gas, where)
            ef = c.factors[-1]  # the emission factor proper (Coefficient.main)
            tier = "T2" if ef.factor_set in ("local", "china") else "T1"
            recs.append(record(
                row["region"], row["year"], cat, gas, fuel, row["value"] * c.value, tier=tier,
                status=row.get("status", "reported") or "reported",
                ad_uncertainty_pct=row["uncertainty_pct"],
                ef_uncertainty_pct=ef.uncertainty_pct if ef.uncertainty_pct is not None
                else float("nan"),
            ))
    recs.extend(_fugitive(inputs, years))
    return frame(recs)


def _read_supply(inputs: InventoryInputs) -> pd.DataFrame | None:
    path = inputs.folder / "supply.csv"
    if not path.exists():
        return None
    df = read_table(path, ["region", "year", "activity", "item", "value", "unit", "source"],
                    key=["region", "year", "activity", "item"], optional=["note"],
                    allow_negative=["value"])
    for _, row in df.iterrows():
        if row["item"] not in SUPPLY_ITEMS:
            raise InputError(f"{path} row {row['_row']} column 'item'", repr(row["item"]),
                             f"one of {list(SUPPLY_ITEMS)}")
        if row["value"] < 0 and row["item"] != "stock_change":
            raise InputError(f"{path} row {row['_row']} column 'value'", str(row["value"]),
                             "a non-negative number (only stock_change may be negative)")
    df["year"] = df["year"].astype(int)
    df["_file"] = str(path)
    return df


def _fugitive(inputs: InventoryInputs, years: list[int]) -> list[dict]:
    """1.B.1.a coal mining CH4: production (t) x EF (m3/t) x 0.67 kg/m3 (Vol 2 Ch 4 §4.1.3.2)."""
    supply = _read_supply(inputs)
    recs = []
    for y in years:
        prod = None if supply is None else supply[
            (supply["year"] == int(y)) & (supply["activity"] == "raw_coal")
            & (supply["item"] == "production")]
        if prod is None or prod.empty:
            recs.append(record(inputs.city, y, "1.B.1.a", "CH4", "raw_coal", 0.0, notation="NE",
                               status="estimate"))
            continue
        for _, row in prod.iterrows():
            t = convert(row["value"], row["unit"], "t", where=_where(row))
            if t == 0:
                recs.append(record(row["region"], y, "1.B.1.a", "CH4", "raw_coal", 0.0,
                                   notation="NO", status=row["status"] or "reported"))
                continue
            ef = inputs.factors.get("1.B.1.a", "raw_coal", "CH4")
            recs.append(record(row["region"], y, "1.B.1.a", "CH4", "raw_coal",
                               t * ef.to("t CH4/t"), status=row["status"] or "reported",
                               ef_uncertainty_pct=ef.uncertainty_pct or float("nan")))
    return recs


def energy_balance(inputs: InventoryInputs, years: list[int],
                   electricity: str = "calorific") -> pd.DataFrame:
    """Final energy consumption in tce: DataFrame[region, year, category, fuel, physical_value,
    physical_unit, energy_tce, status] (CONTRACTS §4), one row per activity row of 1.A.

    Coefficients: GB/T 2589-2020 Appendix A as published (factor set ``gbt2589``, parameter
    ``tce_coefficient``, e.g. raw coal 0.7143 kgce/kg, natural gas 1.2143 kgce/m3).
    ``electricity="calorific"`` uses 0.1229 kgce/kWh (当量值); ``"coal_equivalent"`` uses the
    parameter ``tce_coefficient_coal_equivalent`` (等价值, the thermal-power supply coal rate).
    Raises InputError on a missing coefficient or an unknown ``electricity`` method.
    """
    if electricity not in factors.ELECTRICITY_EQUIVALENCE:
        raise InputError("energy_balance(electricity=...)", repr(electricity),
                         f"one of {list(factors.ELECTRICITY_EQUIVALENCE)}")
    out = []
    for _, row in _fuel_rows(inputs, years).iterrows():
        fuel = row["activity"]
        tce = row["value"] * factors.standard_coal(inputs.factors, row["category"], fuel,
                                                   row["unit"], electricity, _where(row)).value
        out.append({"region": row["region"], "year": int(row["year"]), "category": row["category"],
                    "fuel": fuel, "physical_value": float(row["value"]),
                    "physical_unit": row["unit"], "energy_tce": tce,
                    "status": row.get("status", "reported") or "reported"})
    cols = ["region", "year", "category", "fuel", "physical_value", "physical_unit", "energy_tce",
            "status"]
    return pd.DataFrame(out, columns=cols)


@dataclass(frozen=True)
class ReferenceApproach:
    """Result of :func:`reference_approach`.

    ``by_fuel``: DataFrame[fuel, apparent_consumption, unit, energy_tj, co2_t]; ``gap_pct`` =
    (reference - sectoral) / sectoral x 100; ``flagged`` if |gap| > 5 %; ``explanation`` says
    why the gap may arise (always filled when flagged).
    """

    year: int
    by_fuel: pd.DataFrame
    reference_co2_t: float
    sectoral_co2_t: float
    gap_pct: float
    flagged: bool
    explanation: str


def reference_approach(inputs: InventoryInputs, year: int) -> ReferenceApproach:
    """IPCC reference approach for ``year`` from ``supply.csv`` (city rows, all regions summed).

    CO2 = Σ_fuel apparent consumption x NCV x carbon content x oxidation x 44/12 (Vol 2 Ch 6
    Eq. 6.1; no excluded carbon: Ankang has no feedstock or non-energy use recorded). The
    sectoral total is the fossil 1.A CO2 of :func:`estimate` for the same year.
    Raises InputError if ``supply.csv`` is missing or has no rows for ``year``.
    """
    supply = _read_supply(inputs)
    if supply is None:
        raise InputError(str(inputs.folder / "supply.csv"), "no such file",
                         "a supply table for the reference approach")
    sup = supply[supply["year"] == int(year)]
    if sup.empty:
        raise InputError(str(inputs.folder / "supply.csv"), f"no rows for year {year}",
                         "production/imports/exports/stock_change rows for that year")
    sign = {"production": 1, "imports": 1, "exports": -1, "bunkers": -1, "stock_change": -1}
    rows = []
    for fuel, grp in sup.groupby("activity", sort=True):
        if fuel in BIOGENIC or fuel in CARRIERS:
            continue
        units = set(grp["unit"])
        unit = grp["unit"].iloc[0]
        apparent = 0.0
        for _, r in grp.iterrows():
            v = r["value"] if len(units) == 1 else convert(r["value"], r["unit"], unit, _where(r))
            apparent += sign[r["item"]] * v
        where = f"{grp['_file'].iloc[0]} rows {list(grp['_row'])}"
        tj, _ = energy_tj(inputs, "1.A", fuel, apparent, unit, where)
        cc = inputs.factors.get("1.A", fuel, "carbon_content")
        ox = inputs.factors.find("1.A", fuel, "oxidation")
        c_t_per_tj = convert(cc.value, cc.unit, "t/TJ", where=cc.where)
        co2 = tj * c_t_per_tj * (ox.to("dimensionless") if ox else 1.0) * CARBON_TO_CO2
        rows.append({"fuel": fuel, "apparent_consumption": apparent, "unit": unit,
                     "energy_tj": tj, "co2_t": co2})
    by_fuel = pd.DataFrame(rows, columns=["fuel", "apparent_consumption", "unit", "energy_tj",
                                          "co2_t"])
    em = estimate(inputs, [year])
    sectoral = float(em[(em["gas"] == "CO2") & em["category"].str.startswith("1.A")]["value"].sum())
    ref = float(by_fuel["co2_t"].sum())
    gap = (ref - sectoral) / sectoral * 100 if sectoral else float("inf")
    flagged = abs(gap) > REFERENCE_GAP_LIMIT_PCT
    expl = ""
    if flagged:
        expl = (f"reference approach differs from the sectoral approach by {gap:+.1f} % (> 5 %): "
                "check statistical differences, stock changes, non-energy use and feedstocks, "
                "fuel used for transformation (coking, power) counted in supply but not in final "
                "consumption, NCV differences between supply and consumption statistics, and "
                "missing consuming sectors in activity_energy.csv (Vol 2 Ch 6 §6.8)")
    if (sup["status"] == "calibrated").any():
        expl = (expl + "; " if expl else "") + (
            "supply rows are calibrated to the consumption side (status calibrated), so the two "
            "approaches agree by construction: this is not an independent check")
    elif (sup["status"] == "estimate").all():
        expl = (expl + "; " if expl else "") + (
            "supply rows are all estimates: if they were derived from consumption the "
            "comparison is not an independent check")
    return ReferenceApproach(int(year), by_fuel, ref, sectoral, gap, flagged, expl)
