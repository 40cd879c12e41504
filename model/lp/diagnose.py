"""An infeasible target set is an answer: the most each target row can reach, and the
least-shortfall plan.

1. :func:`max_reductions`: for each target row k, the largest R_k (quantity's unit) the
   catalogue can deliver on its own — every target row dropped; bounds, vintages, pools, service
   caps and mandates kept; R_k/u_k maximised (u_k the row's largest |entry|, so the objective is
   of order 1).
2. Elastic stage 1: each row's shortfall column is freed,
   ``R_k + u_k·shortfall_k >= rhs_k − given_k`` with ``given_k = max(0, rhs_k − Rmax_k)`` the
   part no plan can reach, and the weighted avoidable shortfall is minimised:

       Σ_k w_k·shortfall_k,   w_k = (u_k / size_k) / max_j (u_j / size_j),
       size_k = max(min(|rhs_k|, Rmax_k), 1e-6·u_k),

   i.e. each row's avoidable shortfall as a share of what can reasonably be asked of it: its
   requirement, or its standalone maximum when the requirement is beyond reach (a target of
   1e9 t counts like one of its reachable 2,612 t, not as 1e-9 of one). The weights are
   normalised to a largest of 1 and floored at 1e-6, so no coefficient of the stage-1 objective
   or of the limit row is below 1e-9 or spans more than 1e6 (HiGHS drops matrix entries below
   1e-9 and treats reduced costs below 1e-7 as 0 — the failure that once published a plan with
   NOx at 533 t for a 1e9 t target).
3. Stage 2 minimises cost with the weighted shortfall held at its least value (lexicographic),
   on a copy of the LP with one extra row; the compiled model itself is restored.

Each row gets a sentence; a pathway says year by year which targets cannot be met and by how
much. ``max_achievable`` is reported in the target's unit.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from model.errors import InputError, SolverError
from model.lp import kinds, readout
from model.lp.freed import freed_targets, maximise, row_coefficients
from model.lp.highs import HighsModel
from model.lp.kinds.base import RowResult
from model.lp.readout import (
    Solution,
    fmt_gap,
    fmt_value,
    frame,
    frames,
    plan_arrays,
    scenario_total,
    target_rows,
)
from model.lp.structure import LinearProgram

if TYPE_CHECKING:
    from model.lp.solve import Compiled

SIZE_FLOOR = 1e-6
WEIGHT_SPAN = 1e6


def max_reductions(c: Compiled, only: set[str] | None = None) -> np.ndarray:
    """Rmax per target row (quantity's unit), module docstring step 1 (rows of targets not in
    ``only``, when given, are NaN and not solved). Restores the model. Raises InputError if
    bounds, pools and mandates cannot hold even without targets."""
    lp = c.lp
    t_rows = lp.target_rows
    out = np.zeros(len(t_rows))
    with freed_targets(c) as hm:
        for k, i in enumerate(t_rows):
            if only is not None and lp.row_target[k] not in only:
                out[k] = np.nan
                continue
            cols, vals = row_coefficients(lp, i)
            if not len(vals):
                out[k] = 0.0
                continue
            u = float(np.abs(vals).max())
            obj = np.zeros(lp.n_cols)
            obj[cols] = -vals / u
            out[k] = -maximise(hm, obj, f"maximum of target row {lp.row_target[k]}") * u \
                / lp.row_scale[i]
    return out


def row_best(c: Compiled, k: int, r_max: float) -> float:
    """The most target row k reaches on its own, in the target's unit: the kind's own ``best``
    where it has one (a peak row's decline is a ratio of two years' emissions, not a function
    of the row's maximum), else its maximum ``r_max`` (quantity's unit) through
    ``rhs_to_target``."""
    t_id, year = c.lp.row_target[k], int(c.lp.row_year[k])
    t = c.ix.targets.set_index("target").loc[t_id].copy()
    t["target"] = t_id
    kind = kinds.get(t["kind"])
    if kind.best is not None:
        return kind.best(c, k)
    return kind.rhs_to_target(c.ix, t, year, float(r_max))


def max_achievable(c: Compiled, only: set[str] | None = None
                   ) -> dict[tuple[str, int], float]:
    """{(target, year): the most the row can reach on its own, in the target's unit} (only the
    targets in ``only`` when given)."""
    r_max = max_reductions(c, only)
    return {(t_id, int(year)): row_best(c, k, float(r_max[k]))
            for k, (t_id, year) in enumerate(zip(c.lp.row_target, c.lp.row_year, strict=True))
            if only is None or t_id in only}


def elastic_weights(lp: LinearProgram, rhs: np.ndarray, r_max: np.ndarray) -> np.ndarray:
    """w_k of the module docstring (rhs and Rmax in the quantity's unit)."""
    u = lp.shortfall_unit
    size = np.maximum(np.minimum(np.abs(rhs), np.maximum(r_max, 0.0)), SIZE_FLOOR * u)
    raw = u / size
    out: np.ndarray = np.maximum(raw / raw.max(), 1.0 / WEIGHT_SPAN) if len(raw) else raw
    return out


def diagnose(c: Compiled) -> Solution:
    """The least-shortfall plan of an infeasible target set (module docstring)."""
    lp = c.lp
    r_max = max_reductions(c)
    t_rows = lp.target_rows
    scale = lp.row_scale[t_rows]
    rhs = lp.row_lower[t_rows] / scale
    given = np.maximum(0.0, rhs - r_max)
    w = elastic_weights(lp, rhs, r_max)
    # a copy of the LP with the shortfall columns free and the unreachable part given
    lower = lp.row_lower.copy()
    lower[t_rows] = (rhs - given) * scale
    col_hi = lp.col_upper.copy()
    col_hi[lp.shortfall_col] = np.inf
    stage1_c = np.zeros(lp.n_cols)
    stage1_c[lp.shortfall_col] = w
    diag = LinearProgram(**{**lp.__dict__, "c": stage1_c, "row_lower": lower,
                            "col_upper": col_hi})
    hm = HighsModel(diag)
    if hm.run() != "optimal":
        raise InputError("ModelData bounds/pools", "floors, pool capacities and mandates "
                         "that cannot all hold even with every target relaxed",
                         "floors that fit within the pool capacities")
    best = max(hm.objective(), 0.0)
    limit = sp.csc_matrix((w, (np.zeros(len(w), dtype=int), lp.shortfall_col)),
                          shape=(1, lp.n_cols))
    stage2 = LinearProgram(**{
        **diag.__dict__, "c": lp.c, "A": sp.vstack([diag.A, limit]).tocsc(),
        "row_lower": np.append(lower, -np.inf),
        "row_upper": np.append(lp.row_upper, best + 1e-9 * max(1.0, best)),
        "row_family": [*lp.row_family, "shortfall_limit"], "row_key": [*lp.row_key, ()],
        "row_scale": np.append(lp.row_scale, 1.0)})
    hm2 = HighsModel(stage2)
    status = hm2.run()
    if status != "optimal":
        raise SolverError(f"elastic stage 2 ended with '{status}'")
    values, row_value, _ = hm2.values()
    x, b = plan_arrays(c, values)
    levels, costs, by_year = frames(c, x, b)
    short = values[lp.shortfall_col] * lp.shortfall_unit
    rows = target_rows(c, row_value[:-1] - np.zeros(len(row_value) - 1), x)
    for row in rows:
        k = row["_k"]
        # the row value includes the shortfall column: R = row value − u·shortfall
        row["reduction"] -= short[k]
        kind, t, year = row["_kind"], row["_t"], row["year"]
        row["achieved"] = kind.achieved(c.ix, t, year, RowResult(row["reduction"],
                                                                 scenario_total(c.ix, x)))
        row["rhs"] = rhs[k]
        row["shortfall"] = readout.shortfall(kind, row["required"], row["achieved"])
        row["max_achievable"] = row_best(c, k, float(r_max[k]))
        is_short = row["reduction"] < rhs[k] - 1e-6 * max(1.0, abs(rhs[k]))
        u = row["unit"]
        binding = row["reduction"] - rhs[k] <= 1e-6 * max(1.0, abs(rhs[k]))
        row.update(dual=math.nan, shadow_price=math.nan, shadow_price_unit=kind.price_unit(t),
                   range_low=math.nan, range_high=math.nan,
                   status="shortfall" if is_short else ("binding" if binding else "slack"))
        if not is_short:
            row["shortfall"] = 0.0
            row["message"] = (f"{row['label_en']} ({year}): required "
                              f"{fmt_value(row['required'], u)}; met "
                              f"({fmt_value(row['achieved'], u)}) in the least-shortfall plan.")
        else:
            best_word = "lowest level" if kind.upper_limit else "most"
            reach = row["max_achievable"]
            reach_txt = (f"the measure catalogue can achieve at {best_word} "
                         f"{fmt_value(reach, u)} even with every other target dropped; "
                         if not math.isnan(reach) else "")
            row["message"] = (
                f"{row['label_en']} ({year}): required {fmt_value(row['required'], u)}, but "
                f"{reach_txt}in the least-shortfall plan it reaches "
                f"{fmt_value(row['achieved'], u)}, a shortfall of "
                f"{fmt_gap(row['shortfall'], u)}.")
    import pandas as pd

    return Solution(status="infeasible", objective=float(np.dot(lp.c, values)),
                    cost_by_year=by_year, levels=levels, costs=costs,
                    reduced_costs=pd.DataFrame(columns=["measure", "region", "year",
                                                        "reduced_cost"]),
                    targets=frame(rows), scaled_rows=c.scaled, termination="infeasible")
