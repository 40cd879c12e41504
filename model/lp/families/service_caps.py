"""Service caps: no service level above 100 % in any region and model year.

``service_cap[q, r, y]:  Σ_m effect[m,q,r,y] · x[m,r,y] <= B[q:total,r,y] − B[q,r,y]``

for every service indicator q (a quantity with a ``<q>:total`` baseline), region r with a
positive total and model year y, where at least one applicable measure acts on q. A region
whose total is 0 does not have the service; :func:`check` refuses a measure with potential
there.
"""

from __future__ import annotations

import numpy as np

from model.errors import InputError
from model.lp.index import Indexed
from model.lp.structure import INF, Columns, RowBlock

TOTAL = ":total"


def service_quantities(ix: Indexed) -> list[str]:
    """Quantities q with a ``q:total`` on the quantity axis."""
    return sorted(q[: -len(TOTAL)] for q in ix.quantities
                  if q.endswith(TOTAL) and q[: -len(TOTAL)] in ix.quantities)


def cap_rows(ix: Indexed, cols: Columns) -> RowBlock:
    """``service_cap`` block (module docstring): rows in (q, r, y) order."""
    keys, row, col, val, hi = [], [], [], [], []
    for q in service_quantities(ix):
        qi, ti = ix.q(q), ix.q(q + TOTAL)
        total = ix.baseline[:, 1:, ti]  # [R, Y]
        eff = ix.effect[:, qi]  # [M, R, Y]
        on = ix.applicable[:, :, None] & (eff != 0)
        r, y = np.nonzero((total > 0) & on.any(axis=0))
        k, m = np.nonzero(on[:, r, y].T)  # entries by row, then measure
        keys += [(q, ix.regions[a], ix.years[b]) for a, b in zip(r, y, strict=True)]
        row.append(len(keys) - len(r) + k)
        col.append(cols.x[m, r[k], y[k]])
        val.append(eff[m, r[k], y[k]])
        hi.append(total[r, y] - ix.baseline[r, y + 1, qi])
    if not keys:
        return RowBlock.empty("service_cap")
    n = len(keys)
    return RowBlock("service_cap", keys, np.concatenate(row), np.concatenate(col),
                    np.concatenate(val), np.full(n, -INF), np.concatenate(hi))


def check(ix: Indexed) -> None:
    """Served <= total wherever the total is positive (base and model years); a measure acting
    on q has potential 0 where the region has no total of q (0 of 0).

    Raises :class:`InputError` naming the baseline or bounds entry."""
    for q in service_quantities(ix):
        qi, ti = ix.q(q), ix.q(q + TOTAL)
        served, total = ix.baseline[:, :, qi], ix.baseline[:, :, ti]
        over = (total > 0) & (served > total * (1 + 1e-9))
        if over.any():
            r, t = map(int, np.argwhere(over)[0])
            year = ([ix.base_year, *ix.years])[t]
            raise InputError(f"ModelData.baseline region {ix.regions[r]!r} year {year} "
                             f"quantity {q!r}", f"served {served[r, t]:g} > total {total[r, t]:g}",
                             "a served amount at most its total (a share <= 100 %)")
        acting = (ix.effect[:, qi] != 0).any(axis=(1, 2))  # [M]
        bad = acting[:, None, None] & ix.applicable[:, :, None] & (ix.potential > 0) \
            & (total[None, :, 1:] <= 0)
        if bad.any():
            m, r, y = map(int, np.argwhere(bad)[0])
            raise InputError(f"ModelData.bounds measure {ix.measures[m]!r} region "
                             f"{ix.regions[r]!r} year {ix.years[y]}",
                             f"potential {ix.potential[m, r, y]:g} on service {q!r} whose total "
                             "there is 0", "potential 0 where the region has no total of the "
                             "service (0 of 0)")
