"""Pools family: measures that compete for the same activity share its capacity.

A cement line is retrofitted or closed; a vehicle is replaced by a China 6 or an electric one
(DESIGN.md §4; GAINS-style mutually exclusive control options on one activity):

``pool_row[a, r, y]:  Σ_{m in a} share[a, m] · x[m, r, y] <= A[a, r, y]``

(``share`` capacity units per unit of the measure; members not applicable in r drop out; a pool
row with no applicable member is not written: it cannot bind).
"""

from __future__ import annotations

import numpy as np

from model.lp.index import Indexed
from model.lp.structure import INF, Columns, RowBlock


def pool_rows(ix: Indexed, cols: Columns) -> RowBlock:
    """``pool_row`` block (module docstring): rows in (pool, r, y) order."""
    keys, row, col, val, hi = [], [], [], [], []
    Y = len(ix.years)
    for p, pool in enumerate(ix.pools):
        on = (ix.pool_share[p] > 0)[:, None] & ix.applicable  # [M, R]
        regions = np.flatnonzero(on.any(axis=0))
        r, y = np.repeat(regions, Y), np.tile(np.arange(Y), len(regions))
        k, m = np.nonzero(on[:, r].T)  # entries by row, then member
        keys += [(pool, ix.regions[a], ix.years[b]) for a, b in zip(r, y, strict=True)]
        row.append(len(keys) - len(r) + k)
        col.append(cols.x[m, r[k], y[k]])
        val.append(ix.pool_share[p, m])
        hi.append(ix.pool_capacity[p, r, y])
    if not keys:
        return RowBlock.empty("pool_row")
    n = len(keys)
    return RowBlock("pool_row", keys, np.concatenate(row), np.concatenate(col),
                    np.concatenate(val), np.full(n, -INF), np.concatenate(hi).astype(float))
