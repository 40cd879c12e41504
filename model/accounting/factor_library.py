"""The factor library: emission factors and method parameters from ``inventories/factors/*.csv``.

The one table every per-unit coefficient is made from (:mod:`model.accounting.factors`), for
the inventory and the scenario model alike. Moved from ``model/inventory/core.py`` for issue
#17 so that the accounting layer imports nothing from the inventory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from model.errors import InputError
from model.io import parse_number, read_table
from model.units import convert

#: Default order in which factor sets are searched: local first, IPCC defaults last.
DEFAULT_SET_ORDER = ("local", "china", "ipcc2006")

FACTOR_COLUMNS = ["factor_set", "category", "activity", "gas", "value", "unit", "source"]


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
