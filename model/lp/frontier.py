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

from typing import TypedDict

import numpy as np
import pandas as pd

from model.lp import kinds
from model.lp.freed import maximise, row_coefficients
from model.lp.kinds.base import reduction_terms
from model.lp.readout import fmt_gap
from model.lp.solve import Compiled, Solution


class RowDistance(TypedDict):
    """How far one binding target row is from the catalogue's frontier (:func:`row_distances`):
    ``max`` and ``reached`` R (quantity's unit), ``distance`` = max − reached, ``unit``, and
    ``text`` (the distance in words)."""

    max: float
    reached: float
    distance: float
    unit: str
    text: str


COLUMNS = ["quantity", "year", "direction", "baseline", "max_change", "best_total",
           "max_change_share"]


def frontier(compiled: Compiled,
             skip: tuple[str, ...] = ("electricity", "landfill_ch4", "natural_gas")
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


def column_values(compiled: Compiled, solution: Solution) -> np.ndarray:
    """The LP's column vector of a solution's plan (x and build columns; shortfalls 0)."""
    ix, cols = compiled.ix, compiled.lp.cols
    v = np.zeros(compiled.lp.n_cols)
    lv = solution.levels
    if len(lv):
        m = lv["measure"].map({k: i for i, k in enumerate(ix.measures)}).to_numpy(dtype=np.int64)
        r = lv["region"].map({k: i for i, k in enumerate(ix.regions)}).to_numpy(dtype=np.int64)
        y = lv["year"].map({k: i for i, k in enumerate(ix.years)}).to_numpy(dtype=np.int64)
        v[cols.x[m, r, y]] = lv["level"].to_numpy(dtype=float)
        v[cols.build[m, r, y]] = lv["build"].to_numpy(dtype=float)
    return v


def row_distances(compiled: Compiled, solution: Solution
                  ) -> dict[tuple[str, int], RowDistance]:
    """How far each binding target row of an optimal ``solution`` is from the catalogue's
    frontier: ``R_max − R`` with R what the row counts (its reduction, or for a kind with
    ``frontier_terms`` — ``peak`` — the year's reduction of its quantity) and R_max the most R
    can reach with the row itself dropped and every other target row held (bounds, vintages,
    pools, service caps and mandates kept; the maximisation of :mod:`model.lp.diagnose`, one per
    binding row, warm-started) — the far end of the row's MAC curve (:mod:`model.mac_sweep`).
    Holding the others matters on a pathway: a decline row of 2031 whose next years are already at
    their MTFR cannot be cut further either, and its dual is the price of that exhaustion.

    Returns {(target, year): {"max", "reached", "distance"} in the quantity's unit, "unit",
    "text" (the distance in words: in the target's own unit where its kind converts one)}. The
    compiled model is restored. Raises SolverError when a maximisation fails."""
    ix, lp, hm = compiled.ix, compiled.lp, compiled.model
    t_rows = lp.target_rows
    tg = solution.targets
    if solution.status != "optimal" or not len(tg):
        return {}
    binding = {(t, int(y)) for t, y, s in zip(tg["target"], tg["year"], tg["status"],
                                              strict=True) if s == "binding"}
    if not binding:
        return {}
    info = ix.targets.set_index("target")
    plan = column_values(compiled, solution)
    c0, lo0, hi0 = lp.c.copy(), lp.row_lower.copy(), lp.row_upper.copy()
    out: dict[tuple[str, int], RowDistance] = {}
    try:
        for k, i in enumerate(t_rows):
            key = (lp.row_target[k], int(lp.row_year[k]))
            if key not in binding:
                continue
            lo = lo0.copy()
            lo[i] = -np.inf  # the row itself dropped, the others held
            hm.set_row_bounds(lo, hi0)
            t = info.loc[key[0]].copy()
            t["target"] = key[0]
            kind = kinds.get(t["kind"])
            if kind.frontier_terms is not None:
                cols, vals = kind.frontier_terms(ix, lp.cols, t, key[1])
                scale = 1.0
            else:
                cols, vals = row_coefficients(lp, i)
                scale = float(lp.row_scale[i])
            if not len(vals):
                continue
            reached = float(plan[cols] @ vals) / scale
            u = float(np.abs(vals).max())
            obj = np.zeros(lp.n_cols)
            np.add.at(obj, cols, -vals / u)
            best = -maximise(hm, obj, f"frontier of target row {key[0]} {key[1]}") * u / scale
            dist = max(best - reached, 0.0)
            q = t["quantity"]
            pu = kind.price_unit(t).removeprefix("CNY/")  # ug/m3 for a concentration row
            unit = (f"units of {q}" if f"{q}:total" in ix.quantities
                    else pu[1:-1] if pu.startswith("(") and pu.endswith(")") else pu)
            if kind.frontier_terms is None:
                a = kind.rhs_to_target(ix, t, key[1], reached)
                b = kind.rhs_to_target(ix, t, key[1], best)
                tu = "fraction" if str(t["unit"]) == "fraction" else str(t["unit"])
                reach = (f"{100 * b:.4g} %" if tu == "fraction" else f"{b:,.6g} {tu}")
                text = (f"within {fmt_gap(abs(b - a), tu)} of the most the catalogue reaches "
                        f"for it with the other targets held, {reach}")
            else:
                text = (f"the {key[1]} reduction of {q} is within {dist:,.4g} {unit} of the most "
                        f"the catalogue can cut that year with the other targets held")
            out[key] = RowDistance(max=best, reached=reached, distance=dist, unit=unit,
                                   text=text)
    finally:
        hm.set_costs(c0)
        hm.set_row_bounds(lo0, hi0)
    return out
