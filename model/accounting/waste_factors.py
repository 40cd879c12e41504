"""Waste factors and methods (IPCC 2006 Vol 5) that the inventory and the scenario model share:
the molar-mass ratios, the waste types of ``waste_history.csv``, the landfill-site activity of the
factor library, the first-order decay of Vol 5 Ch 3 (Eq. 3.4-3.5) and the reader of the deposit
history it decays.

Used by :mod:`model.inventory.waste` (4.A, 4.C, 4.D records) and :mod:`model.accounting.landfill`
(the landfill stock of the scenario model), one basis. Moved from ``model/inventory/waste.py``
for issue #17 so that the accounting layer imports nothing from the inventory.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.io import check_values_in, read_table

CH4_PER_C = 16.0 / 12.0
N2O_PER_N2O_N = 44.0 / 28.0
CO2_PER_C = 44.0 / 12.0
#: Waste types of Vol 5 Table 2.4 / 3.3 used by waste_history.csv (``inert``: DOC 0).
WASTE_TYPES = ("food", "garden", "paper", "wood", "textiles", "nappies", "rubber_leather",
               "inert", "msw_bulk")
LANDFILL = "msw"  # factor-library activity of landfill-site parameters (MCF, OX, F, DOCf)


def first_order_decay(deposits: dict[int, float], doc: float, docf: float, mcf: float,
                      k: float, years: list[int]) -> dict[int, float]:
    """Decomposable DOC decomposed in each of ``years`` (t C), IPCC 2006 Vol 5 Eq. 3.4-3.5.

    ``deposits``: waste deposited per year (t wet weight); ``doc`` t C/t wet waste
    (Table 2.4), ``docf`` fraction decomposing (default 0.5), ``mcf`` (Table 3.1), ``k`` 1/yr
    (Table 3.3). Waste deposited in year T decays from T+1. Years before the first deposit give 0.
    """
    if not deposits:
        return {y: 0.0 for y in years}
    first, last = min(deposits), max(max(deposits), max(years))
    acc = 0.0
    out: dict[int, float] = {}
    e = math.exp(-k)
    for t in range(first, last + 1):
        decomposed = acc * (1.0 - e)
        acc = deposits.get(t, 0.0) * doc * docf * mcf + acc * e
        out[t] = decomposed
    return {y: out.get(y, 0.0) for y in years}


def load_waste_history(folder: Path) -> pd.DataFrame | None:
    """``waste_history.csv``: region, year, activity (waste type, :data:`WASTE_TYPES`), value
    (mass deposited in managed or unmanaged disposal sites that year), unit, source, status,
    method. None if the file is absent."""
    path = Path(folder) / "waste_history.csv"
    if not path.exists():
        return None
    df = read_table(path, ["region", "year", "activity", "value", "unit", "source"],
                    key=["region", "year", "activity"], optional=["uncertainty_pct"])
    check_values_in(df, "activity", WASTE_TYPES, "waste type")
    for r, y in zip(df["_row"], df["year"], strict=True):
        if not str(y).isdigit():
            raise InputError(f"{path} row {r} column 'year'", repr(y), "a four-digit year")
    df["year"] = df["year"].astype(int)
    df["_file"] = str(path)
    return df
