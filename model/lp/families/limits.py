"""Use within what is available: the shared row of the supply-limit families.

For a pair of quantities — ``use`` U (gas burned, landfill gas recovered) and ``available`` A
(the gas a county can be supplied, the landfill gas a collection system can reach) — the
scenario value of U may not exceed that of A in any region and model year:

``B[U,r,y] − R[U,r,y] <= B[A,r,y] − R[A,r,y]``, i.e. ``R[A,r,y] − R[U,r,y] <= B[A,r,y] − B[U,r,y]``

with ``R[q,r,y] = Σ_m effect[m,q,r,y] · x[m,r,y] + Σ_{t<y} lag[m,q,r,y,t] · x[m,r,t]`` the
reduction the measures make (the reduction convention: more use is a negative effect on U).
A row is written for every region and model year where at least one applicable measure
changes U or A (earlier years' capacity included, through its later-year effects).
"""

from __future__ import annotations

import numpy as np

from model.lp.index import Indexed
from model.lp.structure import INF, Columns, RowBlock


def use_within(ix: Indexed, cols: Columns, family: str, use: str, available: str) -> RowBlock:
    """Rows ``family[r, y]`` (module docstring) for every region and model year where an
    applicable measure changes U or A. The available quantity's baseline covers every region
    when it exists (its loader refuses a partial table), so a 0 there is a limit of 0; without
    the quantity there is no limit and no row."""
    if use not in ix.quantities or available not in ix.quantities:
        return RowBlock.empty(family)
    qu, qa = ix.q(use), ix.q(available)
    base_a, base_u = ix.baseline[:, 1:, qa], ix.baseline[:, 1:, qu]  # [R, Y]
    where = np.ones_like(base_a, dtype=bool)
    coef = (ix.effect[:, qa] - ix.effect[:, qu]) * ix.applicable[:, :, None]  # [M, R, Y]
    entries: dict[tuple[int, int], dict[int, float]] = {}
    m, r, y = np.nonzero(coef != 0)
    for a, b, c in zip(m, r, y, strict=True):
        if where[b, c]:
            d = entries.setdefault((int(b), int(c)), {})
            j = int(cols.x[a, b, c])
            d[j] = d.get(j, 0.0) + float(coef[a, b, c])
    if len(ix.lag_value):
        lm, lq, lr, ly, lt = ix.lag_index.T
        sign = np.where(lq == qa, 1.0, 0.0) - np.where(lq == qu, 1.0, 0.0)
        for k in np.flatnonzero((sign != 0) & ix.applicable[lm, lr]):
            if where[lr[k], ly[k]]:
                d = entries.setdefault((int(lr[k]), int(ly[k])), {})
                j = int(cols.x[lm[k], lr[k], lt[k]])
                d[j] = d.get(j, 0.0) + float(sign[k] * ix.lag_value[k])
    keys: list[tuple[str, int]] = []
    row: list[int] = []
    col: list[int] = []
    val: list[float] = []
    hi: list[float] = []
    for (rb, yc) in sorted(entries):
        d = {j: v for j, v in entries[(rb, yc)].items() if v != 0}
        if not d:
            continue
        i = len(keys)
        keys.append((ix.regions[rb], ix.years[yc]))
        row += [i] * len(d)
        col += list(d)
        val += list(d.values())
        hi.append(float(base_a[rb, yc] - base_u[rb, yc]))
    if not keys:
        return RowBlock.empty(family)
    n = len(keys)
    return RowBlock(family, keys, np.array(row, dtype=np.int64), np.array(col, dtype=np.int64),
                    np.array(val, dtype=float), np.full(n, -INF), np.array(hi))
