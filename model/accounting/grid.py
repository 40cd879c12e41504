"""The grid's CO2 factor by year: a declared option on top of the base-year factor.

Default: the base year's provincial factor (``electricity.csv`` column ``grid_factor``, e.g. the
Shaanxi 2021 average 0.6336 t CO2/MWh of MEE & NBS 公告2024年第12号) held in every year, so the
CO2-intensity fall measures the city's own changes (fuel switching, efficiency, local power)
and not the province's. No 14th Five-Year Plan assessment text that fixes which year's factor a
target year uses was found (docs/ACCOUNTING.md §1); the scenario key ``grid_factor_path``
declares another path and its effect is shown by running both (tools/accounting_table.py).

The ledger is linear in the factor g: under ``net_import`` a MWh used carries +g t CO2 and a
MWh generated locally −g; under ``consumption`` only use carries +g; under ``territorial``
neither. So a path g_y changes, for every region and year,

    baseline CO2[r, y] += (g_y − g_0) · (a_use · electricity[r, y] − a_gen · generation[r, y])
    effect CO2[m, r, y] += (g_y − g_0) · (a_use · e_elec[m, r, y] − a_gen · e_gen[m, r, y])

with a_use, a_gen ∈ {0, 1} by rule and e_* the measure's effects on electricity use and local
generation (positive = less). Nothing else moves (energy, pollutants, the non-fossil share of
imports, which stays the base year's).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.errors import InputError

#: (a_use, a_gen) of each CO2 rule (model.accounting.rules).
WEIGHTS = {"net_import": (1.0, 1.0), "consumption": (1.0, 0.0), "territorial": (0.0, 0.0)}


def factor_by_year(points: list[tuple[int, float]], base_year: int, base_factor: float,
                   years: list[int], where: str) -> dict[int, float]:
    """g_y (t CO2/MWh) for ``years``: linear between the declared (year, factor) points, the
    base factor at the base year, the last point held after it. Raises InputError for a
    factor outside (0, 2] t CO2/MWh, a year not after the base year or given twice."""
    seen = set()
    for y, g in points:
        if y <= base_year or y in seen:
            raise InputError(f"{where} year {y}", str(y), f"distinct years after the base "
                             f"year {base_year}")
        if not 0.0 < g <= 2.0:
            raise InputError(f"{where} year {y}", f"{g:g} t CO2/MWh",
                             "a grid factor in (0, 2] t CO2/MWh (0.4-1.0 for Chinese grids)")
        seen.add(y)
    if not points:
        return {y: base_factor for y in years}
    xs = [base_year, *[y for y, _ in sorted(points)]]
    gs = [base_factor, *[g for _, g in sorted(points)]]
    return {y: float(np.interp(y, xs, gs)) for y in years}


def apply(baseline: pd.DataFrame, effects: pd.DataFrame, co2_rule: str, base_factor: float,
          factors: dict[int, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Baseline (``region, year, quantity, value``) and effects (``measure, quantity, region,
    year, value``) with CO2 moved to the factor of each year (module docstring). Returns new
    tables; the inputs are left unchanged. Years without a factor keep the base factor."""
    a_use, a_gen = WEIGHTS[co2_rule]
    if (a_use == 0 and a_gen == 0) or all(abs(g - base_factor) < 1e-15
                                          for g in factors.values()):
        return baseline, effects
    delta = {y: g - base_factor for y, g in factors.items()}

    def shift(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        elec = df[df["quantity"].isin(["electricity", "electricity_generation"])]
        if elec.empty:
            return df
        piv = elec.pivot_table(index=keys, columns="quantity", values="value",
                               aggfunc="sum", fill_value=0.0)
        use = piv.get("electricity", 0.0)
        gen = piv.get("electricity_generation", 0.0)
        d = np.array([delta.get(int(y), 0.0) for y in piv.index.get_level_values("year")])
        add = (a_use * use - a_gen * gen) * d
        add = add[add != 0]
        if add.empty:
            return df
        co2 = df[df["quantity"] == "CO2"].groupby(keys)["value"].sum()
        new = co2.add(add, fill_value=0.0).rename("value").reset_index()
        new["quantity"] = "CO2"
        rest = df[df["quantity"] != "CO2"]
        return pd.concat([rest, new[df.columns]], ignore_index=True)

    return shift(baseline, ["region", "year"]), shift(effects, ["measure", "region", "year"])
