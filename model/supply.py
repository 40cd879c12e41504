"""Supply limits a scenario declares: the natural gas each county can be supplied, by year.

``gas_supply.csv`` (scenario key ``gas_supply``): ``region, year, value, unit, source, status,
method``: the most natural gas the county can take in the year (m3/yr, 万立方米/yr ...), from its
pipeline branch, city-gate station and trucked LNG/CNG. Every county of the data pack must have
at least one row (a county listed with 0 cannot take gas); between the years given the limit is
linear, before the first and after the last it is held. The limits enter the LP as the baseline
quantity ``natural_gas:supply`` (:mod:`model.lp.families.gas_supply`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import InputError
from model.io import check_values_in, read_table
from model.units import convert

SUPPLY = "natural_gas:supply"


def gas_supply(path: str | Path, regions: list[str], years: list[int]) -> pd.DataFrame:
    """Baseline rows ``region, year, quantity, value`` (m3/yr) of ``natural_gas:supply`` for
    every county and every year in ``years`` (base and model years), from the table at
    ``path`` (module docstring).

    Raises InputError on a missing file, an unknown region, a county without rows, a bad year
    or a unit that is not a volume per year (naming file, row and column)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file", "the gas supply limits (region, year, "
                         "value, unit, source, status, method)")
    df = read_table(path, ["region", "year", "value", "unit", "source"],
                    key=["region", "year"], optional=["note"])
    check_values_in(df, "region", regions, "county")
    missing = sorted(set(regions) - set(df["region"]))
    if missing:
        raise InputError(str(path), f"no rows for {missing}",
                         "a supply limit for every county (0 where no gas can be supplied)")
    pts: dict[str, list[tuple[int, float]]] = {}
    for r, y, v, u, row in zip(df["region"], df["year"], df["value"], df["unit"], df["_row"],
                               strict=True):
        if not str(y).strip().isdigit():
            raise InputError(f"{path} row {row} column 'year'", repr(y), "a four-digit year")
        m3 = convert(float(v), str(u).replace("/yr", "").replace("/ yr", ""), "m**3",
                     where=f"{path} row {row} column 'unit'")
        pts.setdefault(r, []).append((int(y), m3))
    out = []
    for r in regions:
        p = sorted(pts[r])
        xs, vs = [a for a, _ in p], [b for _, b in p]
        for y in years:
            out.append((r, int(y), SUPPLY, float(np.interp(y, xs, vs))))
    return pd.DataFrame(out, columns=["region", "year", "quantity", "value"])
