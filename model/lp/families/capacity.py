"""Capacity family: bounds, vintages, retirement, mandates and build rates.

DESIGN.md §4: ``x[m, r, y]`` is the capacity of abatement measure m in operation in region r in
model year y, in the measure's own unit (GAINS application rates in absolute units);
``build[m, r, v] >= 0`` the capacity built in model year v (standing for the calendar years up
to the next model year). Rows and bounds:

* vintage (``vintage[m, r, y]``):  ``x[m,r,y] - Σ_{v <= y < v + L[m]} a[m,v,y]·build[m,r,v] = 0``
  (capacity lasts its lifetime L and then retires unless rebuilt; L = inf never retires;
  a = 1, or s^(y−v) for capacity that retires as its source does at survival s:
  :meth:`model.lp.index.Indexed.active`);
* bounds: ``floor[m,r,y] <= x[m,r,y] <= potential[m,r,y]``;
* uptake (issue #12): ``x[m,r,y] <= max(floor[m,r,y], s[m] · (y − base) · potential[m,r,y])``
  where s is the largest share of the year's potential taken up per calendar year since the
  base year (a diffusion ceiling; the energy-efficiency gap, Jaffe & Stavins 1994). The limit of
  year y depends on y's own potential and the calendar years elapsed only, never on other
  model years, so the same targets give the same feasible set in 2025 whether the model runs
  2025 alone or 2021-2035 (before #12 the build bound was s · n[v] · max_y potential, the
  largest potential over the horizon). A mandated floor above it wins. No limit where s is not
  given; ``build`` is unbounded above (the capacity bound carries the rate);
* mandate (``no_regret[m, r, y]``, only for measures flagged ``mandate``):
  ``x[m,r,y] - x[m,r,y_prev] >= 0`` — a mandated measure, once applied, stays applied (retired
  capacity must be rebuilt).
"""

from __future__ import annotations

import numpy as np

from model.lp.index import Indexed
from model.lp.structure import INF, Columns, RowBlock


def column_bounds(ix: Indexed, cols: Columns) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) of the x and build columns (module docstring)."""
    lower = np.zeros(cols.n)
    upper = np.full(cols.n, INF)
    m, r, y = np.nonzero(cols.x >= 0)
    j = cols.x[m, r, y]
    floor, pot = ix.floor[m, r, y], ix.potential[m, r, y]
    lower[j] = floor
    share = ix.max_build_share[m]
    elapsed = np.array(ix.years, dtype=float)[y] - float(ix.base_year)
    ramp = np.minimum(pot, np.maximum(floor, share * elapsed * pot))
    upper[j] = np.where(np.isnan(share), pot, ramp)
    return lower, upper


def vintage_rows(ix: Indexed, cols: Columns) -> RowBlock:
    """``vintage[m, r, y]`` rows (module docstring), one per x column."""
    m, r, y = np.nonzero(cols.x >= 0)
    active = ix.active()  # [M, V, Y]
    n = len(m)
    rows, colv, vals = [np.arange(n)], [cols.x[m, r, y]], [np.ones(n)]
    for v in range(len(ix.years)):
        share = active[m, v, y]
        idx = np.flatnonzero(share > 0)
        rows.append(idx)
        colv.append(cols.build[m[idx], r[idx], v])
        vals.append(-share[idx])
    keys = [(ix.measures[a], ix.regions[b], ix.years[c]) for a, b, c in zip(m, r, y, strict=True)]
    return RowBlock("vintage", keys, np.concatenate(rows), np.concatenate(colv),
                    np.concatenate(vals), np.zeros(n), np.zeros(n))


def mandate_rows(ix: Indexed, cols: Columns) -> RowBlock:
    """``no_regret[m, r, y]`` for mandated measures and every model year after the first."""
    if len(ix.years) < 2 or not ix.mandate.any():
        return RowBlock.empty("no_regret")
    mask = (cols.x[:, :, 1:] >= 0) & ix.mandate[:, None, None]
    m, r, y1 = np.nonzero(mask)
    y = y1 + 1
    n = len(m)
    i = np.arange(n)
    keys = [(ix.measures[a], ix.regions[b], ix.years[c]) for a, b, c in zip(m, r, y, strict=True)]
    return RowBlock("no_regret", keys, np.concatenate([i, i]),
                    np.concatenate([cols.x[m, r, y], cols.x[m, r, y - 1]]),
                    np.concatenate([np.ones(n), -np.ones(n)]), np.zeros(n), np.full(n, INF))
