"""Reading a solved (or diagnosed) LP: the :class:`Solution`, the plan's arrays and tables, the
target rows before their duals, and the sentences that name them.

Used by :mod:`model.lp.solve` (an optimal plan) and :mod:`model.lp.diagnose` (the least-
shortfall plan of an infeasible target set); it imports neither, so neither imports the other
for it. ``c`` below is a :class:`model.lp.solve.Compiled` (``ix``, ``lp``).

The rules that read a target row's answer, in one place (issue #15 item 1: one gap, shortfall
and price rule for ``peakplan run`` (:mod:`model.lp.solve`), the diagnosis of an infeasible set
(:mod:`model.lp.diagnose`) and every sensitivity sample (:mod:`model.sensitivity.evaluate`)).

* **gap** of a target row in its own unit: ``required − achieved`` for a target that asks for at
  least something (a reduction, a fall, a level), ``achieved − required`` for an upper limit
  (a concentration, a peak); > 0 means short. An achievement the kind cannot compute (NaN)
  counts as no gap.
* **shortfall**: the gap where it exceeds a tolerance (0 for the plan's own table; a relative
  tolerance for a sample's met/not-met), else 0.
* **shadow price** of a row with dual ``d`` (CNY, discounted to the base year, per unit of the
  row's own quantity, unscaled): ``d / df[y] × price_scale`` of the kind, in undiscounted CNY of
  the target year per unit of the target (:mod:`model.lp.solve` module docstring); 0 where the
  row does not bind (``d <= 0``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from model.lp import kinds, scaling
from model.lp.families import objective
from model.lp.index import Indexed
from model.lp.kinds.base import RowResult, TargetKind

if TYPE_CHECKING:
    from model.lp.solve import Compiled

TARGET_COLUMNS = ["target", "kind", "quantity", "year", "required", "unit", "reduction", "rhs",
                  "achieved", "shortfall", "max_achievable", "dual", "shadow_price",
                  "shadow_price_unit", "range_low", "range_high", "status", "label_zh",
                  "label_en", "total_base_year", "total_year", "message"]


@dataclass(frozen=True)
class Solution:
    """Result of a solve.

    Attributes
    ----------
    status: ``optimal`` or ``infeasible`` (then the plan is the least-shortfall plan).
    objective: present value of cost to the base year (CNY) of the plan reported.
    cost_by_year: {year: net undiscounted cost, CNY/yr}.
    levels: ``measure, region, year, level, build`` (measure's unit; build = capacity built in
        that model year).
    costs: ``measure, region, year`` and the items of
        :func:`model.lp.families.objective.annual_cost` (CNY/yr, undiscounted).
    reduced_costs: ``measure, region, year, reduced_cost`` (undiscounted CNY per unit of x in
        that year; empty when infeasible).
    targets: one row per target row (:data:`TARGET_COLUMNS`): ``required``, ``achieved``,
        ``shortfall``, ranges and ``max_achievable`` in the target's unit; ``reduction`` (R)
        and ``rhs`` in the quantity's unit; ``status`` binding/slack/shortfall.
    scaled_rows: rows rescaled before the solve (:mod:`model.lp.scaling`).
    """

    status: str
    objective: float
    cost_by_year: dict[int, float]
    levels: pd.DataFrame
    costs: pd.DataFrame
    reduced_costs: pd.DataFrame
    targets: pd.DataFrame
    scaled_rows: list[scaling.RowScale] = field(default_factory=list)
    termination: str = ""

    @property
    def messages(self) -> list[str]:
        """One plain sentence per target row (met / binding / shortfall and why)."""
        return list(self.targets["message"])

    @property
    def annual_cost(self) -> float:
        """Net undiscounted cost of the plan in the last model year (CNY/yr)."""
        return self.cost_by_year[max(self.cost_by_year)]


# --------------------------------------------------------------------------- reading

def plan_arrays(c: Compiled, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, build) as [M,R,Y] arrays from column values (0 where not applicable)."""
    cols = c.lp.cols
    x = np.where(cols.x >= 0, values[np.maximum(cols.x, 0)], 0.0)
    b = np.where(cols.build >= 0, values[np.maximum(cols.build, 0)], 0.0)
    return x, b


def frames(c: Compiled, x: np.ndarray, b: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                 dict[int, float]]:
    ix = c.ix
    m, r, y = np.nonzero(c.lp.cols.x >= 0)
    levels = pd.DataFrame({"measure": [ix.measures[i] for i in m],
                           "region": [ix.regions[i] for i in r],
                           "year": [ix.years[i] for i in y],
                           "level": x[m, r, y], "build": b[m, r, y]})
    items = objective.annual_cost(ix, x, b)
    costs = levels[["measure", "region", "year"]].copy()
    for k, arr in items.items():
        costs[k] = arr[m, r, y]
    by_year = {int(yy): float(items["net"][:, :, i].sum()) for i, yy in enumerate(ix.years)}
    return levels, costs, by_year


def scenario_total(ix: Indexed, x: np.ndarray) -> Callable[[str, int], float]:
    """total(q, year): Σ_r (B[q,r,y] − Σ_m effect[m,q,r,y]·x[m,r,y] − later-year effects of
    earlier years) for a plan x [M,R,Y] (:meth:`model.lp.index.Indexed.contributions`)."""
    def total(q: str, year: int) -> float:
        if q not in ix.quantities:
            return 0.0
        qi, t = ix.q(q), ix.t(year)
        base = float(ix.baseline[:, t, qi].sum())
        if t == 0:
            return base
        return base - float(contrib[:, qi, :, t - 1].sum())
    contrib = ix.contributions(x)
    return total


def target_rows(c: Compiled, row_value: np.ndarray, x: np.ndarray) -> list[dict[str, Any]]:
    """The rows of the targets table without duals: one dict per target row."""
    ix, lp = c.ix, c.lp
    info = ix.targets.set_index("target")
    total = scenario_total(ix, x)
    rows = []
    order = {t: n for n, t in enumerate(ix.targets["target"])}
    pos = sorted(range(len(lp.target_rows)),
                 key=lambda k: (order[lp.row_target[k]], lp.row_year[k]))
    for k in pos:
        i = lp.target_rows[k]
        t_id, year = lp.row_target[k], lp.row_year[k]
        t = info.loc[t_id]
        t_row = pd.Series({**t.to_dict(), "target": t_id})
        kind = kinds.get(t["kind"])
        s = lp.row_scale[i]
        short = 0.0  # shortfall columns are fixed at 0 outside the diagnosis
        activity = float(row_value[i]) / s - short
        rhs = float(lp.row_lower[i]) / s
        achieved = kind.achieved(ix, t_row, year, RowResult(activity, total))
        required = float(t["value"])
        rows.append(dict(
            target=t_id, kind=t["kind"], quantity=t["quantity"], year=int(year),
            required=required, unit=t["unit"], reduction=activity, rhs=rhs, achieved=achieved,
            shortfall=shortfall(kind, required, achieved),
            label_zh=t["label_zh"], label_en=t["label_en"],
            total_base_year=total(t["quantity"], ix.base_year),
            total_year=total(t["quantity"], int(year)), _row=int(i), _k=k, _kind=kind,
            _t=t_row))
    return rows


def fmt_value(value: float, unit: str) -> str:
    """A value in words: fractions as percent ("17 %"), others with their unit."""
    if unit in ("fraction", "1", "dimensionless", ""):
        return f"{100 * value:.4g} %"
    return f"{value:,.6g} {unit}"


def fmt_money(value: float) -> str:
    """CNY in words: whole yuan with thousands separators from 100,000 up."""
    return f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:,.6g}"


def fmt_gap(value: float, unit: str) -> str:
    """A difference in words: between two percentages it is percentage points."""
    if unit in ("fraction", "1", "dimensionless", ""):
        return f"{100 * value:.4g} percentage points"
    return f"{value:,.6g} {unit}"


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows],
                        columns=TARGET_COLUMNS)


def _total_note(row: Mapping[str, Any]) -> str:
    """For an engineering load reduction: the total beside it, which growth may still raise."""
    if kinds.get(row["kind"]).value_type != "reduction":
        return ""
    b, y = row["total_base_year"], row["total_year"]
    change = "rises" if y > b * (1 + 1e-9) else "falls"
    return f"; the total {change} from {b:,.0f} t in the base year to {y:,.0f} t"


def target_message(row: Mapping[str, Any], price: str) -> str:
    """One plain sentence for a met target row: required, achieved, binding or not, and its
    marginal cost ``price`` (already in words, with its unit and basis)."""
    u = row["unit"]
    binding = row["status"] == "binding"
    return (f"{row['label_en']} ({row['year']}): required {fmt_value(row['required'], u)}"
            f", achieved {fmt_value(row['achieved'], u)}; "
            f"{'met, binding' if binding else 'met with room to spare'}; "
            f"marginal cost {price}" + _total_note(row) + ".")


def gap(kind: TargetKind, required: float, achieved: float) -> float:
    """How far a row is short of its target, in the target's unit (> 0 = short; NaN -> 0)."""
    g = achieved - required if kind.upper_limit else required - achieved
    return 0.0 if math.isnan(g) else g


def shortfall(kind: TargetKind, required: float, achieved: float, tol: float = 0.0) -> float:
    """The gap where it exceeds ``tol`` (same unit), else 0."""
    g = gap(kind, required, achieved)
    return g if g > tol else 0.0


def shadow_price(ix: Indexed, kind: TargetKind, target: Any, year: int, dual: float) -> float:
    """Undiscounted CNY of ``year`` per unit of ``target`` of an unscaled row dual ``dual``
    (module docstring); 0 where the row does not bind."""
    return dual / ix.discount(year) * kind.price_scale(ix, target, year) if dual > 0 else 0.0
