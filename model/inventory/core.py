"""Shared machinery of the inventory: activity data and emission records (the factor library
is :mod:`model.accounting.factor_library`, the pack's inputs container
:class:`model.accounting.inputs.InventoryInputs`).

Every category module (energy, ippu, afolu, waste, pollutants) is a function
``estimate(inputs: InventoryInputs, years: list[int]) -> pandas.DataFrame`` returning rows with
:data:`EMISSION_COLUMNS`; the orchestrator (:func:`model.inventory.compile_inventory`) concatenates
them. Activity data and factors are read once here, converted to plain floats at the edge.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model import quantities
from model.errors import InputError
from model.io import check_values_in, read_table

#: Columns of every emission record (see docs/CONTRACTS.md section 4).
EMISSION_COLUMNS = [
    "region", "year", "category", "gas", "activity", "value", "unit", "tier", "status",
    "notation", "ad_uncertainty_pct", "ef_uncertainty_pct",
]
#: the gases of the inventory's records (the one table: :mod:`model.quantities`)
GHG = quantities.inventory_ghg()
POLLUTANTS = quantities.inventory_pollutants()
GASES = GHG + POLLUTANTS
NOTATION_KEYS = ("NO", "NE", "NA", "IE", "C")
ACTIVITY_COLUMNS = ["region", "year", "category", "activity", "value", "unit", "source"]


def load_activity(folder: Path, regions: list[str]) -> pd.DataFrame:
    """Concatenate ``activity_*.csv`` of a data pack, checked (regions known, years integer,
    non-negative values, sources present, no duplicated region-year-category-activity)."""
    files = sorted(Path(folder).glob("activity_*.csv"))
    if not files:
        raise InputError(str(folder), "no activity_*.csv tables", "activity data files")
    frames = []
    for f in files:
        df = read_table(f, ACTIVITY_COLUMNS, key=["region", "year", "category", "activity"],
                        optional=["uncertainty_pct", "basis", "fuel", "note"],
                        numeric=["value"])
        check_values_in(df, "region", regions, "region")
        for r, y in zip(df["_row"], df["year"], strict=True):
            if not str(y).isdigit() or not 1900 < int(y) < 2100:
                raise InputError(f"{f} row {r} column 'year'", repr(y), "a four-digit year")
        df["year"] = df["year"].astype(int)
        if "uncertainty_pct" in df.columns:
            df["uncertainty_pct"] = [float(v) if str(v).strip() else float("nan")
                                     for v in df["uncertainty_pct"]]
        df["_file"] = str(f)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    for col in ("uncertainty_pct", "basis"):
        if col not in out.columns:
            out[col] = float("nan") if col == "uncertainty_pct" else ""
    out["basis"] = out["basis"].fillna("")
    return out


def record(
    region: str, year: int, category: str, gas: str, activity: str, value_t: float, *,
    tier: str = "T1", status: str = "reported", notation: str = "",
    ad_uncertainty_pct: float = float("nan"), ef_uncertainty_pct: float = float("nan"),
) -> dict:
    """One emission record (a dict with :data:`EMISSION_COLUMNS`); ``value_t`` in t of ``gas``."""
    if gas not in GASES:
        raise ValueError(f"unknown gas {gas!r}")
    if notation and notation not in NOTATION_KEYS:
        raise ValueError(f"unknown notation key {notation!r}")
    unit = f"t {gas}" if gas in GHG else "t"
    return {
        "region": region, "year": int(year), "category": category, "gas": gas,
        "activity": activity, "value": float(value_t), "unit": unit, "tier": tier,
        "status": status, "notation": notation,
        "ad_uncertainty_pct": ad_uncertainty_pct, "ef_uncertainty_pct": ef_uncertainty_pct,
    }


def frame(records: list[dict]) -> pd.DataFrame:
    """Records as a DataFrame with exactly :data:`EMISSION_COLUMNS` (empty frame if none)."""
    return pd.DataFrame(records, columns=EMISSION_COLUMNS)
