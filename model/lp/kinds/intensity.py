"""``intensity``: CO2 or energy per unit of GDP against the base year.

The plan's targets (CO2 per GDP −17 %, energy per GDP −12.5 % in 2025 vs 2020; TARGETS.md §四),
with GDP exogenous at constant base-year prices so the row stays linear (DESIGN.md §4):

``Σ_r (B[q,r,y] − Σ_m effect·x) <= (1 − v) · (Σ_r B[q,r,base] / Σ_r GDP[r,base]) · Σ_r GDP[r,y]``

i.e. ``R[q, y] >= Σ_r B[q,r,y] − (1 − v)·K``, ``K = (ΣB_base/ΣGDP_base)·ΣGDP_y`` the level at
an unchanged intensity; v the required fall as a fraction (0.17).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from model.errors import InputError
from model.lp.kinds.base import (
    TargetKind,
    YearlyTables,
    fraction,
    one_row_per_target,
    require_baseline,
    total,
    unit_of,
)
from model.lp.kinds.registry import register

if TYPE_CHECKING:
    from model.lp.index import Indexed


def unchanged_level(ix: Indexed, t: pd.Series) -> float:
    """K (module docstring): the target-year total at the base-year intensity (t or tce)."""
    y = int(t["year"])
    gdp_base = float(ix.gdp[:, ix.t(ix.base_year)].sum())
    gdp_year = float(ix.gdp[:, ix.t(y)].sum())
    return total(ix, t["quantity"], ix.base_year) / gdp_base * gdp_year


def _rhs(ix: Indexed, t: pd.Series) -> float:
    return total(ix, t["quantity"], int(t["year"])) - (1 - float(t["value"])) * \
        unchanged_level(ix, t)


def _check(ix: Indexed, t: pd.Series) -> None:
    fraction(t, upper=1.0 - 1e-12)
    y = int(t["year"])
    require_baseline(ix, t, t["quantity"], [ix.base_year, y])
    for yy in (ix.base_year, y):
        if not ix.gdp[:, ix.t(yy)].sum() > 0:
            raise InputError(f"target {t['target']!r}", f"no GDP in {yy}",
                             "positive GDP in the base and target year")


def _fall(ix: Indexed, t: pd.Series, y: int, reduction: float) -> float:
    """The fall of intensity (fraction) when the measures deliver ``reduction``."""
    return 1.0 - (total(ix, t["quantity"], y) - reduction) / unchanged_level(ix, t)


def _requirement(ix: Indexed, t: pd.Series) -> float | None:
    """B[q, y] − (1 − required)·K: the reduction beyond the baseline (t or tce); None without
    base-year GDP."""
    q, y = t["quantity"], int(t["year"])
    g0, gy = float(ix.gdp[:, ix.t(ix.base_year)].sum()), float(ix.gdp[:, ix.t(y)].sum())
    if g0 <= 0:
        return None
    return total(ix, q, y) - (1.0 - float(t["required"])) * total(ix, q, ix.base_year) / g0 * gy


def _yearly_fall(tab: YearlyTables, quantity: str) -> pd.Series:
    """Fall of the quantity's intensity against the base year by year (fraction), as
    ``pathway.csv`` ``<q>_intensity_fall`` of the scenario case writes it (GDP at constant
    prices); empty for a one-year run or a quantity pathway.csv does not carry."""
    col = f"{quantity.lower()}_intensity_fall"
    if tab.pathway is None or col not in tab.pathway:
        return pd.Series(dtype=float)
    p = tab.pathway[tab.pathway["case"] == "scenario"]
    return p.set_index("year")[col].astype(float).sort_index()


KIND = register(TargetKind(
    name="intensity",
    rows=lambda ix, cols, targets: one_row_per_target("intensity_row", ix, cols, targets, _rhs),
    price_unit=lambda t: unit_of(t["quantity"]),
    achieved=lambda ix, t, y, res: _fall(ix, t, y, res.activity), rhs_to_target=_fall,
    check=_check, describe="fall of intensity vs the base year (fraction)",
    label_zh="强度下降", label_en="intensity fall", value_type="fraction", family="intensity_row",
    requirement=_requirement,
    yearly_metric=lambda tab, q: _yearly_fall(tab, q),
    yearly_label=("单位GDP{zh}", "{en} per unit of GDP")))
