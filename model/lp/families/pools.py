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
    """``pool_row`` block (module docstring)."""
    keys, row, col, val, hi = [], [], [], [], []
    for p, pool in enumerate(ix.pools):
        members = np.flatnonzero(ix.pool_share[p] > 0)
        for r in range(len(ix.regions)):
            on = members[ix.applicable[members, r]]
            if not len(on):
                continue
            for y in range(len(ix.years)):
                i = len(keys)
                keys.append((pool, ix.regions[r], ix.years[y]))
                row.append(np.full(len(on), i))
                col.append(cols.x[on, r, y])
                val.append(ix.pool_share[p, on])
                hi.append(ix.pool_capacity[p, r, y])
    if not keys:
        return RowBlock.empty("pool_row")
    n = len(keys)
    return RowBlock("pool_row", keys, np.concatenate(row), np.concatenate(col),
                    np.concatenate(val), np.full(n, -INF), np.array(hi, dtype=float))
