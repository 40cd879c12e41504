"""``peak``: emissions peak no later than year P and then decline by at least a rate.

The plan: carbon emissions peak, then decline steadily to 2035 (碳排放达峰后稳中有降, sections
一 and 三). For every pair of consecutive model years y < y' with y >= P (P = the target's
``year``, v = its ``value``, the least decline per calendar year as a fraction; 0 allows a
plateau):

``E[q, y'] <= (1 − v)^(y' − y) · E[q, y]``,  ``E[q, y] = Σ_r (B[q,r,y] − Σ_m effect·x)``

i.e. ``R[q,y'] − k·R[q,y] >= B[q,y'] − k·B[q,y]`` with k = (1 − v)^(y' − y): one row per y',
keyed (target, y'). Emissions are then highest at P or before, so they peak no later than P.
The shadow price of a row is in CNY per t of q in year y' (the cost of one tonne less allowed in
y' relative to y). ``peakplan run --peak-year auto`` solves each candidate P.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.errors import InputError
from model.lp.freed import freed_targets, maximise
from model.lp.kinds.base import (
    RowResult,
    TargetKind,
    reduction_terms,
    require_baseline,
    total,
    unit_of,
)
from model.lp.kinds.registry import register
from model.lp.structure import INF, Columns, RowBlock

if TYPE_CHECKING:
    from model.lp.index import (
        Indexed,  # solve imports the kinds: a type-only import, no cycle at run time
    )
    from model.lp.solve import Compiled


def pairs(ix: Indexed, t: pd.Series) -> list[tuple[int, int]]:
    """Consecutive model-year pairs (y, y') with y >= P."""
    after = [y for y in ix.years if y >= int(t["year"])]
    return list(itertools.pairwise(after))


def _rows(ix: Indexed, cols: Columns, targets: pd.DataFrame) -> RowBlock:
    if not len(targets):
        return RowBlock.empty("peak_row")
    keys: list[tuple[object, ...]] = []
    row: list[np.ndarray] = []
    col: list[np.ndarray] = []
    val: list[np.ndarray] = []
    lo: list[float] = []
    ids: list[str] = []
    years: list[int] = []
    for _, t in targets.iterrows():
        q, v = t["quantity"], float(t["value"])
        for y, y2 in pairs(ix, t):
            k = (1.0 - v) ** (y2 - y)
            c2, v2 = reduction_terms(ix, cols, q, y2)
            c1, v1 = reduction_terms(ix, cols, q, y)
            i = len(keys)
            keys.append((t["target"], y2))
            row.append(np.full(len(c2) + len(c1), i))
            col.append(np.concatenate([c2, c1]))
            val.append(np.concatenate([v2, -k * v1]))
            lo.append(total(ix, q, y2) - k * total(ix, q, y))
            ids.append(t["target"])
            years.append(y2)
    n = len(keys)
    if not n:
        return RowBlock.empty("peak_row")
    return RowBlock("peak_row", keys, np.concatenate(row), np.concatenate(col),
                    np.concatenate(val), np.array(lo), np.full(n, INF), ids, years)


def _check(ix: Indexed, t: pd.Series) -> None:
    where = f"target {t['target']!r} (kind peak)"
    p = int(t["year"])
    if p not in ix.years:
        raise InputError(f"{where} year", str(p), f"a model year {list(ix.years)}")
    if p == ix.years[-1]:
        raise InputError(f"{where} year", str(p), "a peak year before the last model year "
                         f"{ix.years[-1]} (a decline must follow it)")
    v = float(t["value"])
    if not 0.0 <= v < 1.0:
        raise InputError(f"{where} value", repr(v),
                         "the least decline per year after the peak as a fraction (0.01 = 1 %)")
    require_baseline(ix, t, t["quantity"], [y for y in ix.years if y >= p])


def _rate(ix: Indexed, t: pd.Series, y2: int, res: RowResult) -> float:
    """Decline per year achieved between the previous model year and y2 (fraction)."""
    prev = max(y for y in ix.years if y < y2)
    e1, e2 = res.total(t["quantity"], prev), res.total(t["quantity"], y2)
    if e1 <= 0 or e2 < 0:
        return math.nan
    return 1.0 - float((e2 / e1) ** (1.0 / (y2 - prev)))


def _best(c: Compiled, k: int) -> float:
    """The most decline per year row k (target, y') reaches on its own: ``1 − ρ^(1/(y' − y))``
    with ρ = min E[q, y'] / E[q, y] over every plan with the target rows freed (bounds,
    vintages, pools and mandates kept).

    A linear-fractional programme, solved by Dinkelbach's method (Dinkelbach 1967, Management
    Science 13(7):492-498, doi:10.1287/mnsc.13.7.492): λ ← E[y'](x)/E[y](x) at the plan x that
    minimises ``E[y'] − λ·E[y]``, until λ stops falling (the minimum is then 0 and λ = ρ). The
    row E[y'] <= (1 − v)^Δ·E[y] can be met on its own exactly when ρ <= (1 − v)^Δ, i.e. when
    this rate is at least v. NaN when E[q, y] can fall to 0 or below (no ratio)."""
    lp, ix = c.lp, c.ix
    t = ix.targets.set_index("target").loc[lp.row_target[k]]
    q, y2 = t["quantity"], int(lp.row_year[k])
    y1 = max(y for y in ix.years if y < y2)
    c2, v2 = reduction_terms(ix, lp.cols, q, y2)
    c1, v1 = reduction_terms(ix, lp.cols, q, y1)
    b2, b1 = total(ix, q, y2), total(ix, q, y1)
    if b1 <= 0:
        return math.nan
    u = max([1.0, *np.abs(v2), *np.abs(v1)])
    lam, prev = b2 / b1, math.inf
    with freed_targets(c) as hm:
        for _ in range(100):
            obj = np.zeros(lp.n_cols)
            np.add.at(obj, c2, -v2 / u)  # min E[y'] − λ E[y] = min −R[y'] + λ R[y] + const
            np.add.at(obj, c1, lam * v1 / u)
            maximise(hm, obj, f"peak row ({lp.row_target[k]}, {y2}): least E[y']/E[y]")
            values = hm.values()[0]
            e2, e1 = b2 - float(values[c2] @ v2), b1 - float(values[c1] @ v1)
            if e1 <= 0:
                return math.nan
            lam = e2 / e1
            if lam >= prev - 1e-12 * max(1.0, abs(prev)):
                break
            prev = lam
    return 1.0 - float(max(lam, 0.0) ** (1.0 / (y2 - y1)))


KIND = register(TargetKind(
    name="peak", rows=_rows, price_unit=lambda t: unit_of(t["quantity"]), achieved=_rate,
    rhs_to_target=lambda ix, t, y, rhs: math.nan, check=_check,
    describe="decline per year after the peak (fraction); one row per later model year",
    # the frontier of a decline row is the year's own reduction against its MTFR
    frontier_terms=lambda ix, cols, t, y: reduction_terms(ix, cols, t["quantity"], y),
    best=_best, label_zh="达峰", label_en="peak", value_type="fraction", family="peak_row",
    peak_year=True))
