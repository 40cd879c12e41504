"""``service_level``: a share of a service total reached over the city.

``Σ_r (B[q,r,y] + Σ_m effect[m,q,r,y] · x[m,r,y]) >= v · Σ_r B[q:total,r,y]``

i.e. ``R[q, y] >= v·T − S`` with T the total served of and S the base amount served (indicator
units: m3/d, households, t/yr). The shadow price is per percentage point of the level:
dual × T / 100.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from model.errors import InputError
from model.lp.kinds.base import TargetKind, fraction, one_row_per_target, total
from model.lp.kinds.registry import register

if TYPE_CHECKING:
    from model.lp.index import Indexed

TOTAL = ":total"


def service_total(ix: Indexed, t: pd.Series) -> float:
    """T = Σ_r B[q:total, r, y] (indicator units)."""
    return total(ix, f"{t['quantity']}{TOTAL}", int(t["year"]))


def _rhs(ix: Indexed, t: pd.Series) -> float:
    return float(t["value"]) * service_total(ix, t) - total(ix, t["quantity"], int(t["year"]))


def _level(ix: Indexed, t: pd.Series, y: int, reduction: float) -> float:
    return (total(ix, t["quantity"], y) + reduction) / service_total(ix, t)


def _check(ix: Indexed, t: pd.Series) -> None:
    fraction(t)
    if f"{t['quantity']}{TOTAL}" not in ix.quantities or not service_total(ix, t) > 0:
        raise InputError(f"target {t['target']!r}", f"no total of service {t['quantity']!r} in "
                         f"{int(t['year'])}", f"baseline rows '{t['quantity']}{TOTAL}' > 0")


def _requirement(ix: Indexed, t: pd.Series) -> float | None:
    """100·required − 100·S/T: the percentage points the target asks beyond the baseline
    (None without a total)."""
    y = int(t["year"])
    tot = service_total(ix, t)
    return 100.0 * float(t["required"]) - 100.0 * total(ix, t["quantity"], y) / tot \
        if tot > 0 else None


KIND = register(TargetKind(
    name="service_level",
    rows=lambda ix, cols, targets: one_row_per_target("service_row", ix, cols, targets, _rhs),
    price_unit=lambda t: "CNY/percentage point",
    price_scale=lambda ix, t, y: service_total(ix, t) / 100.0,
    achieved=lambda ix, t, y, res: _level(ix, t, y, res.activity), rhs_to_target=_level,
    check=_check, describe="share of the total served (fraction)",
    label_zh="服务水平", label_en="service level", value_type="fraction", family="service_row",
    service=True, requirement=_requirement,
    mac_axis=lambda lab, qzh, qen, unit: (qzh, qen, lab("百分点", "pp"),
                                          lab("元/百分点", "CNY/pp"))))
