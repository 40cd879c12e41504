"""Builders of small InventoryInputs for the AFOLU and waste unit tests (no data-pack needed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.accounting.factor_library import FactorLibrary
from model.accounting.inputs import InventoryInputs


def library(rows: list[tuple]) -> FactorLibrary:
    """rows: (factor_set, category, activity, gas, value, unit)."""
    df = pd.DataFrame(rows, columns=["factor_set", "category", "activity", "gas", "value", "unit"])
    df["value"] = df["value"].astype(float)
    df["source"] = "test fixture"
    df["uncertainty_pct"] = ""
    df["_file"] = "fixture"
    df["_row"] = range(2, len(df) + 2)
    return FactorLibrary(df)


def activity(rows: list[tuple]) -> pd.DataFrame:
    """rows: (region, year, category, activity, value, unit[, basis[, status]])."""
    out = []
    for i, r in enumerate(rows):
        basis = r[6] if len(r) > 6 else ""
        status = r[7] if len(r) > 7 else "reported"
        out.append({"region": r[0], "year": int(r[1]), "category": r[2], "activity": r[3],
                    "value": float(r[4]), "unit": r[5], "source": "test fixture",
                    "status": status, "method": "" if status == "reported" else "test",
                    "uncertainty_pct": float("nan"), "basis": basis, "_file": "fixture",
                    "_row": i + 2})
    cols = ["region", "year", "category", "activity", "value", "unit", "source", "status",
            "method", "uncertainty_pct", "basis", "_file", "_row"]
    return pd.DataFrame(out, columns=cols)


def inputs(acts: list[tuple], factors: list[tuple], folder: Path | str = ".") -> InventoryInputs:
    a = activity(acts)
    regions = sorted(set(a["region"])) or ["r1"]
    return InventoryInputs(folder=Path(folder), regions=regions, activity=a,
                           factors=library(factors))
