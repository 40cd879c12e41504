"""Compile and solve the LP with HiGHS (highspy), with shadow prices, ranging and diagnosis.

* :func:`compile_lp` validates a ModelData, indexes it (:mod:`model.lp.index`), assembles the
  arrays (:mod:`model.lp.assemble`), checks and scales the rows (:mod:`model.lp.scaling`) and
  passes them to one HiGHS instance (:class:`~model.lp.highs.HighsModel`). The
  :class:`Compiled` model is solved, changed (:meth:`Compiled.update`) and re-solved from the
  previous basis: the form sensitivity runs use.
* Termination: ``optimal`` -> :class:`Solution` with status ``optimal``; ``infeasible`` (or
  HiGHS's "infeasible or unbounded": every x is bounded by its potential, so unbounded cannot
  occur) -> the elastic diagnosis of :mod:`model.lp.diagnose` and status ``infeasible``;
  anything else (time limit, iteration limit, error) -> :class:`~model.errors.SolverError`.
* Shadow prices: every target row has the form ``R >= rhs`` (:mod:`model.lp.kinds`); its dual d
  in a minimisation is >= 0 and equals ∂(objective)/∂rhs in present-value CNY per unit of R.
  Shadow price = d / df[y] × the kind's ``price_scale``: undiscounted CNY of the target year
  per unit of the target's quantity (CNY/t, CNY/t CO2, CNY/tce, CNY per percentage point of a
  service level). With several model years the price of a year-y row includes the later-year
  cost the capacity it calls for commits to (net of what that capacity saves on later
  targets): the true marginal cost of the target.
* Ranging: for a binding row, HiGHS's own sensitivity analysis (``getRanging``:
  row_bound_dn/up, the values of the row bound over which the optimal basis, hence the dual,
  stays the same), mapped back to the target's own value by its kind. A slack row has dual 0
  for every rhs up to its current R, so its range is (-inf, R] in rhs terms, written exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.errors import SolverError
from model.lp import kinds, scaling
from model.lp.assemble import assemble
from model.lp.data import ModelData, validate
from model.lp.families import objective
from model.lp.highs import HighsModel
from model.lp.index import Indexed, index
from model.lp.kinds.base import RowResult
from model.lp.structure import LinearProgram

TOL = 1e-6

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
    scaled_rows: list = field(default_factory=list)
    termination: str = ""

    @property
    def messages(self) -> list[str]:
        """One plain sentence per target row (met / binding / shortfall and why)."""
        return list(self.targets["message"])

    @property
    def annual_cost(self) -> float:
        """Net undiscounted cost of the plan in the last model year (CNY/yr)."""
        return self.cost_by_year[max(self.cost_by_year)]


class Compiled:
    """A validated ModelData compiled to HiGHS arrays (module docstring).

    Attributes: ``data`` (the ModelData), ``ix`` (its arrays, as last updated), ``model``
    (:class:`HighsModel`), ``scaled`` (rows rescaled at the last assembly).
    """

    def __init__(self, data: ModelData, time_limit: float | None = None):
        validate(data)
        self.data = data
        self.ix = index(data)
        lp = assemble(self.ix)
        self.scaled = scaling.check_and_scale(lp, self.labels)
        self.model = HighsModel(lp, time_limit)

    @property
    def labels(self):
        return (self.ix.measures, self.ix.regions, self.ix.years)

    @property
    def lp(self) -> LinearProgram:
        return self.model.lp

    def update(self, ix: Indexed) -> None:
        """Hold the LP of new arrays ``ix`` (same index sets and rows): recompute the entries
        with numpy and send HiGHS only those that changed (warm start)."""
        lp = assemble(ix, check=False)
        self.scaled = scaling.check_and_scale(lp, self.labels)
        self.model.update(lp)
        self.ix = ix

    def solve(self) -> Solution:
        """Solve from the current basis and read the answer (module docstring)."""
        status = self.model.run()
        if status == "optimal":
            return _optimal(self)
        if status == "infeasible":
            from model.lp.diagnose import diagnose

            return diagnose(self)
        raise SolverError(f"HiGHS terminated with '{status}'; no result is published")


def compile_lp(data: ModelData, time_limit: float | None = None) -> Compiled:
    """Validate, index, assemble, scale and pass ``data`` to HiGHS. Raises InputError on bad
    data and SolverError on a numerically unsafe row."""
    return Compiled(data, time_limit)


def solve(data: ModelData | Compiled, time_limit: float | None = None) -> Solution:
    """Compile (if needed) and solve; see :class:`Compiled`."""
    compiled = data if isinstance(data, Compiled) else compile_lp(data, time_limit)
    return compiled.solve()


# --------------------------------------------------------------------------- reading

def plan_arrays(c: Compiled, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, build) as [M,R,Y] arrays from column values (0 where not applicable)."""
    cols = c.lp.cols
    x = np.where(cols.x >= 0, values[np.maximum(cols.x, 0)], 0.0)
    b = np.where(cols.build >= 0, values[np.maximum(cols.build, 0)], 0.0)
    return x, b


def _frames(c: Compiled, x: np.ndarray, b: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame,
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


def scenario_total(ix: Indexed, x: np.ndarray):
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


def target_rows(c: Compiled, row_value: np.ndarray, x: np.ndarray) -> list[dict]:
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
        gap = achieved - required if kind.upper_limit else required - achieved
        rows.append(dict(
            target=t_id, kind=t["kind"], quantity=t["quantity"], year=int(year),
            required=required, unit=t["unit"], reduction=activity, rhs=rhs, achieved=achieved,
            shortfall=max(0.0, gap) if not math.isnan(gap) else 0.0,
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


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows],
                        columns=TARGET_COLUMNS)


def _total_note(row: dict) -> str:
    """For an engineering load reduction: the total beside it, which growth may still raise."""
    if kinds.get(row["kind"]).value_type != "reduction":
        return ""
    b, y = row["total_base_year"], row["total_year"]
    change = "rises" if y > b * (1 + 1e-9) else "falls"
    return f"; the total {change} from {b:,.0f} t in the base year to {y:,.0f} t"


def target_message(row, price: str) -> str:
    """One plain sentence for a met target row: required, achieved, binding or not, and its
    marginal cost ``price`` (already in words, with its unit and basis)."""
    u = row["unit"]
    binding = row["status"] == "binding"
    return (f"{row['label_en']} ({row['year']}): required {fmt_value(row['required'], u)}"
            f", achieved {fmt_value(row['achieved'], u)}; "
            f"{'met, binding' if binding else 'met with room to spare'}; "
            f"marginal cost {price}" + _total_note(row) + ".")


def _optimal(c: Compiled) -> Solution:
    ix, lp = c.ix, c.lp
    values, row_value, row_dual = c.model.values()
    x, b = plan_arrays(c, values)
    levels, costs, by_year = _frames(c, x, b)
    rows = target_rows(c, row_value, x)
    dn, up = c.model.ranging() if rows else (np.zeros(0), np.zeros(0))
    for row in rows:
        i, kind, t, year = row["_row"], row["_kind"], row["_t"], row["year"]
        s = lp.row_scale[i]
        d = float(row_dual[i]) * s
        if d < -TOL * max(1.0, abs(d)):
            raise SolverError(f"target row {row['target']} {year}: dual {d:.6g} < 0 in a "
                              "minimisation with a >= row; refusing to publish")
        price = (d / ix.discount(year) * kind.price_scale(ix, t, year)) if d > 0 else 0.0
        binding = row["reduction"] - row["rhs"] <= TOL * max(1.0, abs(row["rhs"]))
        if binding:
            lo_rhs, hi_rhs = dn[i] / s, up[i] / s
        else:
            lo_rhs, hi_rhs = -math.inf, row["reduction"]
        lo_v = kind.rhs_to_target(ix, t, year, lo_rhs) if math.isfinite(lo_rhs) else (
            math.inf if kind.upper_limit else -math.inf)
        hi_v = kind.rhs_to_target(ix, t, year, hi_rhs) if math.isfinite(hi_rhs) else (
            -math.inf if kind.upper_limit else math.inf)
        row.update(dual=d, shadow_price=price, shadow_price_unit=kind.price_unit(t),
                   range_low=min(lo_v, hi_v), range_high=max(lo_v, hi_v),
                   max_achievable=math.nan, shortfall=0.0,
                   status="binding" if binding else "slack")
        row["message"] = target_message(row, f"{fmt_money(price)} {row['shadow_price_unit']}")
    col_dual = c.model.column_duals()
    m, r, y = np.nonzero(lp.cols.x >= 0)
    df = ix.df
    rc = pd.DataFrame({"measure": [ix.measures[i] for i in m],
                       "region": [ix.regions[i] for i in r],
                       "year": [ix.years[i] for i in y],
                       "reduced_cost": col_dual[lp.cols.x[m, r, y]] / df[y]})
    objective = c.model.objective() if lp.n_cols else 0.0
    return Solution(status="optimal", objective=objective, cost_by_year=by_year,
                    levels=levels, costs=costs, reduced_costs=rc, targets=frame(rows),
                    scaled_rows=c.scaled, termination="optimal")
