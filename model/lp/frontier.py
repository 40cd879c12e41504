"""The maximum technically feasible reduction (MTFR) of each quantity in each model year.

A single plan cannot be the most of everything at once: measures that share a pool exclude one
another (a coal boiler goes to gas or to electricity, not both) and some trade one quantity for
another (an electrified boiler cuts NOx and local coal but, under a consumption rule, adds grid
CO2). So the bracket of what the catalogue can do is a frontier, computed quantity by quantity
and year by year as in GAINS's MTFR scenario (Amann et al. 2011, *Environ. Model. Softw.* 26,
1489-1501, doi:10.1016/j.envsoft.2011.07.012), but with the LP's own limits:

    for each quantity q and model year y:  max R[q, y] = Σ_{m, r} effect[m, q, r, y] · x[m, r, y]
                                                        (+ later-year effects of earlier years)

subject to the bounds, vintages and build caps, pools, service caps and mandates — every target
row dropped. ``R`` is a reduction of an emission or energy quantity (t, t CO2, tce) or an
increase of a service indicator, the quantity's unit. Every scenario built on the same data
reduces each quantity in each year by no more than this (tests/integration/test_library.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.lp.diagnose import maximise
from model.lp.kinds.base import reduction_terms

COLUMNS = ["quantity", "year", "direction", "baseline", "max_change", "best_total",
           "max_change_share"]


def frontier(compiled, skip: tuple[str, ...] = ("electricity", "landfill_ch4", "natural_gas")
             ) -> pd.DataFrame:
    """MTFR of every quantity with a non-zero effect and every model year (module docstring).

    ``compiled``: a :class:`model.lp.solve.Compiled` (restored afterwards). Quantities whose
    name starts with one of ``skip`` (the ledger's electricity balance and the landfill-gas
    and gas-supply bookkeeping: not assessed quantities) are left out. Returns
    :data:`COLUMNS`: the city's baseline total, the most the measures can reduce it (or
    raise a service), the total left, and the reduction as a share of the baseline. Raises
    InputError if bounds, pools and mandates cannot hold with every target dropped,
    SolverError if a maximisation fails.
    """
    ix, lp, hm = compiled.ix, compiled.lp, compiled.model
    t_rows = lp.target_rows
    c0, lo0, hi0 = lp.c.copy(), lp.row_lower.copy(), lp.row_upper.copy()
    rows = []
    try:
        lo, hi = lo0.copy(), hi0.copy()
        lo[t_rows], hi[t_rows] = -np.inf, np.inf
        hm.set_row_bounds(lo, hi)
        cols = lp.cols
        for qi, q in enumerate(ix.quantities):
            if q.startswith(skip):
                continue
            for yi, y in enumerate(ix.years):
                xcols, vals = reduction_terms(ix, cols, q, y)
                base = float(ix.baseline[:, yi + 1, qi].sum())
                if not len(xcols):
                    continue
                u = float(np.abs(vals).max())
                obj = np.zeros(lp.n_cols)
                np.add.at(obj, xcols, -vals / u)
                best = -maximise(hm, obj, f"MTFR of {q} {y}") * u
                service = f"{q}:total" in ix.quantities
                rows.append({"quantity": q, "year": y,
                             "direction": "increase" if service else "reduction",
                             "baseline": base, "max_change": best,
                             "best_total": base + best if service else base - best,
                             "max_change_share": best / base if base else np.nan})
    finally:
        hm.set_costs(c0)
        hm.set_row_bounds(lo0, hi0)
    return pd.DataFrame(rows, columns=COLUMNS)
