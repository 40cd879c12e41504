"""The data pack's inputs as the inventory and the ledger read them: the regions, the activity
data and the factor library of one pack (:class:`InventoryInputs`), and the status rule of a
derived figure (:func:`worst_status`).

Moved from ``model/inventory/core.py`` and ``model/inventory/afolu.py`` for issue #17 so that the
accounting layer (``ledger.py``, ``landfill.py``) reads a pack without importing the inventory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.accounting.factor_library import FactorLibrary
from model.errors import InputError
from model.io import read_table

_STATUS_RANK = {"reported": 0, "derived": 1, "calibrated": 2, "estimate": 3}


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


def worst_status(*statuses: str) -> str:
    """The least certain of the given statuses (reported < derived < estimate)."""
    st = [s for s in statuses if s]
    return max(st, key=lambda s: _STATUS_RANK.get(s, 3)) if st else "estimate"
