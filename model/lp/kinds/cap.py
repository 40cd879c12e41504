"""``cap``: a ceiling on a total in one year.

``Σ_r (B[q,r,y] − Σ_m effect[m,q,r,y] · x[m,r,y]) <= value``, i.e.
``R[q, y] >= Σ_r B[q,r,y] − value``   (t, t CO2 or tce).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from model.lp.kinds.base import TargetKind, one_row_per_target, require_baseline, total, unit_of
from model.lp.kinds.registry import register
from model.lp.structure import Columns, RowBlock

if TYPE_CHECKING:
    from model.lp.index import Indexed


def _rows(ix: Indexed, cols: Columns, targets: pd.DataFrame) -> RowBlock:
    return one_row_per_target(
        "cap_row", ix, cols, targets,
        lambda ix, t: total(ix, t["quantity"], int(t["year"])) - float(t["value"]))


KIND = register(TargetKind(
    name="cap", rows=_rows, price_unit=lambda t: unit_of(t["quantity"]),
    achieved=lambda ix, t, y, res: total(ix, t["quantity"], y) - res.activity,
    rhs_to_target=lambda ix, t, y, rhs: total(ix, t["quantity"], y) - rhs,
    check=lambda ix, t: require_baseline(ix, t, t["quantity"], [int(t["year"])]),
    upper_limit=True, describe="total in the target year",
    label_zh="总量上限", label_en="cap", value_type="amount", family="cap_row",
    yearly_metric=lambda tab, q: tab.amount_series(q), yearly_label=("{zh}总量", "{en} total"),
    requirement=lambda ix, t: total(ix, t["quantity"], int(t["year"])) - float(t["required"])))
