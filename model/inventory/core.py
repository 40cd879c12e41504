"""Shared machinery of the inventory: activity data, the factor library, emission records.

Every category module (energy, ippu, afolu, waste, pollutants) is a function
``estimate(inputs: InventoryInputs, years: list[int]) -> pandas.DataFrame`` returning rows with
:data:`EMISSION_COLUMNS`; the orchestrator (:func:`model.inventory.compile_inventory`) concatenates
them. Activity data and factors are read once here, converted to plain floats at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from model import quantities
from model.errors import InputError
from model.io import check_values_in, parse_number, read_table
from model.units import convert

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
#: Default order in which factor sets are searched: local first, IPCC defaults last.
DEFAULT_SET_ORDER = ("local", "china", "ipcc2006")

FACTOR_COLUMNS = ["factor_set", "category", "activity", "gas", "value", "unit", "source"]
ACTIVITY_COLUMNS = ["region", "year", "category", "activity", "value", "unit", "source"]


@dataclass(frozen=True)
class Factor:
    """One emission factor or method parameter, as published (value in ``unit``)."""

    value: float
    unit: str
    source: str
    factor_set: str
    category: str
    activity: str
    gas: str
    uncertainty_pct: float | None
    where: str

    def to(self, unit: str) -> float:
        """The factor's value converted to ``unit`` (InputError if dimensions differ)."""
        return convert(self.value, self.unit, unit, where=self.where)


class FactorLibrary:
    """Emission factors and parameters from ``inventories/factors/*.csv``, searched by
    (category prefix, activity, gas) in factor-set priority order.

    A row's ``category`` applies to itself and every sub-category (``1.A`` covers ``1.A.2.f``);
    the longest matching category wins inside a set; the first set in ``order`` that has a match
    wins across sets. ``valid_min``/``valid_max`` (optional) bound what a local factor may be.
    """

    #: coefficients built from this library, set on first use by model.accounting.factors
    _coefficients: dict[tuple[object, ...], Any]

    def __init__(self, table: pd.DataFrame, order: list[str] | None = None):
        self.table = table
        sets = list(dict.fromkeys(table["factor_set"]))
        preferred = list(order) if order else [s for s in DEFAULT_SET_ORDER if s in sets]
        unknown = [s for s in preferred if s not in sets]
        if order and unknown:
            raise InputError("factor sets", f"{unknown}", f"sets present in the library {sets}")
        self.order = preferred + sorted(s for s in sets if s not in preferred)

    @classmethod
    def load(cls, folder: str | Path, order: list[str] | None = None) -> FactorLibrary:
        """Read every ``*.csv`` in ``folder`` (e.g. ``inventories/factors``).

        Raises InputError on a bad table, a duplicated (set, category, activity, gas) key, or a
        value outside its row's ``valid_min``/``valid_max``.
        """
        folder = Path(folder)
        files = sorted(folder.glob("*.csv"))
        if not files:
            raise InputError(str(folder), "no factor tables (*.csv)",
                             "the factor library (peakplan inventory: the folder 'factors' "
                             "beside the data pack, or --factors DIR)")
        frames = []
        for f in files:
            df = read_table(
                f, FACTOR_COLUMNS,
                optional=["uncertainty_pct", "valid_min", "valid_max", "note", "method", "status"],
                numeric=["value"], allow_negative=["value"],
            )
            df["_file"] = str(f)
            frames.append(df)
        table = pd.concat(frames, ignore_index=True)
        dup = table.duplicated(["factor_set", "category", "activity", "gas"], keep=False)
        if dup.any():
            first = table[dup].iloc[0]
            raise InputError(f"{first['_file']} row {first['_row']}",
                             f"factor ({first['factor_set']}, {first['category']}, "
                             f"{first['activity']}, {first['gas']}) defined twice",
                             "one row per factor set, category, activity and gas")
        for col in ("uncertainty_pct", "valid_min", "valid_max"):
            if col not in table.columns:
                table[col] = ""
            table[col] = table[col].fillna("").astype(str).str.strip()
        _check_ranges(table)
        return cls(table, order)

    @cached_property
    def _index(self) -> dict[tuple[str, str, str], list[pd.Series]]:
        idx: dict[tuple[str, str, str], list[pd.Series]] = {}
        for _, row in self.table.iterrows():
            idx.setdefault((row["factor_set"], row["activity"], row["gas"]), []).append(row)
        return idx

    def find(self, category: str, activity: str, gas: str) -> Factor | None:
        """The factor for (category, activity, gas), or None if no set has one."""
        for fset in self.order:
            rows = self._index.get((fset, activity, gas), [])
            best = None
            for row in rows:
                c = row["category"]
                if (category == c or category.startswith(c + ".") or c == "*") and (
                    best is None or len(c) > len(best["category"])
                ):
                    best = row
            if best is not None:
                unc = best["uncertainty_pct"]
                return Factor(
                    value=float(best["value"]), unit=best["unit"], source=best["source"],
                    factor_set=fset, category=best["category"], activity=activity, gas=gas,
                    uncertainty_pct=float(unc) if str(unc).strip() else None,
                    where=f"{best['_file']} row {best['_row']}",
                )
        return None

    def get(self, category: str, activity: str, gas: str) -> Factor:
        """Like :meth:`find`, but a missing factor is an InputError naming what would fix it."""
        f = self.find(category, activity, gas)
        if f is None:
            raise InputError(
                f"factor library (sets {self.order})",
                f"no factor for activity '{activity}', category {category}, gas/parameter {gas}",
                "a row (factor_set, category, activity, gas, value, unit, source) in "
                "inventories/factors/*.csv",
                "or remove the activity / report the category with a notation key",
            )
        return f


def _check_ranges(table: pd.DataFrame) -> None:
    """A factor outside the range its source table states (``valid_min``/``valid_max``, in the
    row's unit) is an InputError naming the row: a typo such as 9460 for 94.6 must not pass."""
    for _, row in table.iterrows():
        where = f"{row['_file']} row {row['_row']}"
        lo = parse_number(row["valid_min"], f"{where} column 'valid_min'", allow_negative=True) \
            if row["valid_min"] else None
        hi = parse_number(row["valid_max"], f"{where} column 'valid_max'", allow_negative=True) \
            if row["valid_max"] else None
        v = float(row["value"])
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise InputError(f"{where} column 'value'",
                             f"{v:g} {row['unit']} for ({row['category']}, {row['activity']}, "
                             f"{row['gas']})",
                             f"a value within the range its source states "
                             f"[{'' if lo is None else f'{lo:g}'}, "
                             f"{'' if hi is None else f'{hi:g}'}]")


@dataclass(frozen=True)
class InventoryInputs:
    """What every category module receives: the data-pack folder, its activity data and factors.

    ``activity`` has columns region, year, category, activity, value, unit, source, status,
    method, uncertainty_pct (float or NaN if not given), basis, _file, _row — values as read
    (physical units in ``unit``); convert with :func:`model.units.convert`.
    """

    folder: Path
    regions: list[str]
    activity: pd.DataFrame
    factors: FactorLibrary
    options: dict = field(default_factory=dict)

    @property
    def city(self) -> str:
        """The data pack's city: the region of ``regions.csv`` without a parent (CONTRACTS.md
        §1; no code names it). Raises InputError unless exactly one region has no parent."""
        regions = load_regions(self.folder)
        city = [r for r, p in zip(regions["region"], regions["parent"].fillna(""), strict=True)
                if not str(p).strip()]
        if len(city) != 1:
            raise InputError(str(self.folder / "regions.csv"),
                             f"{len(city)} regions without a parent ({city})",
                             "exactly one: the city, parent of every county")
        return city[0]

    def rows(self, category_prefix: str, activity: str | None = None) -> pd.DataFrame:
        """Activity rows whose category starts with ``category_prefix`` (and given activity)."""
        a = self.activity
        cat = a["category"]
        mask = (cat == category_prefix) | cat.str.startswith(category_prefix + ".")
        if activity is not None:
            mask &= a["activity"] == activity
        return a[mask]


def load_regions(folder: Path) -> pd.DataFrame:
    """``regions.csv``: region, name_zh, name_en, parent, source. The city row has no parent."""
    return read_table(folder / "regions.csv", ["region", "name_zh", "name_en", "parent", "source"],
                      key=["region"], numeric=(), require_status=False)


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
