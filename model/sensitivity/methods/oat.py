"""One at a time: the central run, then each parameter at its 5 % and 95 % quantile with the
others central (2 D + 1 evaluations, N unused; groups ignored: a swing per member). The index
is the swing of each output between the two runs of a parameter (Saltelli et al. 2008, Global
Sensitivity Analysis: The Primer, Wiley, doi:10.1002/9780470725184, §1.2: a local measure, blind
to interactions). Not a sample of the inputs' distribution: no probability.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from model.sensitivity.declare import ParameterSet
from model.sensitivity.methods.base import Context, Method, empty, register


def design(pset: ParameterSet, prob: dict[str, Any], n: int, seed: int, second_order: bool,
           levels: int) -> np.ndarray:
    """Row 0 central (u = 0.5), then rows 1 + 2j and 2 + 2j parameter j at u = 0.05, 0.95."""
    d = len(pset.params)
    u = np.full((2 * d + 1, d), 0.5)
    for j in range(d):
        u[1 + 2 * j, j] = 0.05
        u[2 + 2 * j, j] = 0.95
    return u


def analyse(ctx: Context, out: str, y: np.ndarray, ok: np.ndarray) -> list[dict[str, Any]]:
    """The swing (output at 95 % minus at 5 %) of each parameter whose two runs are defined."""
    rows: list[dict[str, Any]] = []
    if not ok.all():
        rows.append(empty(out, int(ok.sum()), len(y), "undefined on some samples "
                          "(infeasible): swings of those parameters not given"))
    y0 = y[0]
    for j, n in enumerate(ctx.names):
        lo, hi = y[1 + 2 * j], y[2 + 2 * j]
        if not (np.isfinite(lo) and np.isfinite(hi)):
            continue
        rows.append({"output": out, "parameter": n, "index": "swing",
                     "value": float(hi - lo), "conf": math.nan, "n_used": 3,
                     "n_total": 3, "note": f"central {y0:.6g}, at 5 %: {lo:.6g}, at "
                     f"95 %: {hi:.6g}"})
    return rows


METHOD = register(Method(
    name="oat", title="OAT", describe="one at a time, 2 D + 1 runs (N unused)",
    groups="members", correlations=True, design=design,
    rows=lambda pset, n, second_order: 2 * len(pset.params) + 1,
    size=lambda pset, n_rows, second_order: n_rows,
    analyse=analyse, headline="swing", needs_n=False, one_at_a_time=True))
