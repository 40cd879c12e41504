"""``reduction_vs_base``: a total in year y at least a fraction v below its base-year level.

``Σ_r (B[q,r,y] − Σ_m effect[m,q,r,y] · x[m,r,y]) <= (1 − v) · Σ_r B[q,r,base]``

i.e. ``R[q, y] >= Σ_r B[q,r,y] − (1 − v)·Σ_r B[q,r,base]``. With v = 0 the total may not rise
above the base year (the optional companion of a load-reduction target, issue #6); with
v = 0.035 it is the plan's key heavy-metal target (重点行业重点重金属污染物排放量比2020年下降
3.5 %, plan section 二十八).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

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


def _rhs(ix: Indexed, t: pd.Series) -> float:
    q = t["quantity"]
    return total(ix, q, int(t["year"])) - (1 - float(t["value"])) * total(ix, q, ix.base_year)


def _fall(ix: Indexed, t: pd.Series, y: int, reduction: float) -> float:
    q = t["quantity"]
    return 1.0 - (total(ix, q, y) - reduction) / total(ix, q, ix.base_year)


def _check(ix: Indexed, t: pd.Series) -> None:
    fraction(t, upper=1.0 - 1e-12)
    require_baseline(ix, t, t["quantity"], [ix.base_year])


def _yearly_fall(tab: YearlyTables, quantity: str) -> pd.Series:
    """Fall of the city's total against its first (base) year by year, ``1 - E[y]/E[base]``
    (fraction); empty when the table has no positive base-year total."""
    e = tab.amount_series(quantity)
    if e.empty or e.iloc[0] <= 0:
        return pd.Series(dtype=float)
    return 1.0 - e / e.iloc[0]


KIND = register(TargetKind(
    name="reduction_vs_base",
    rows=lambda ix, cols, targets: one_row_per_target("vs_base_row", ix, cols, targets, _rhs),
    price_unit=lambda t: unit_of(t["quantity"]),
    achieved=lambda ix, t, y, res: _fall(ix, t, y, res.activity), rhs_to_target=_fall,
    check=_check,
    describe="fall of the total vs the base year (fraction)",
    label_zh="比基准年下降", label_en="reduction vs base year", value_type="fraction",
    family="vs_base_row",
    yearly_metric=lambda tab, q: _yearly_fall(tab, q),
    # B_y − (1 − v)·B_base, v the required fall
    requirement=lambda ix, t: total(ix, t["quantity"], int(t["year"]))
    - (1.0 - float(t["required"])) * total(ix, t["quantity"], ix.base_year)))
