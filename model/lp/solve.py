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

import numpy as np
import pandas as pd

from model.errors import SolverError
from model.lp import readout, scaling
from model.lp.assemble import assemble
from model.lp.data import ModelData, validate
from model.lp.diagnose import diagnose
from model.lp.highs import HighsModel
from model.lp.index import Indexed, index
from model.lp.readout import (  # noqa: F401  (re-exported: callers read them from here)
    TARGET_COLUMNS,
    Solution,
    fmt_gap,
    fmt_money,
    fmt_value,
    frame,
    frames,
    plan_arrays,
    scenario_total,
    target_message,
    target_rows,
)
from model.lp.structure import LinearProgram

TOL = 1e-6



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
    def labels(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
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


def _optimal(c: Compiled) -> Solution:
    ix, lp = c.ix, c.lp
    values, row_value, row_dual = c.model.values()
    x, b = plan_arrays(c, values)
    levels, costs, by_year = frames(c, x, b)
    rows = target_rows(c, row_value, x)
    dn, up = c.model.ranging() if rows else (np.zeros(0), np.zeros(0))
    for row in rows:
        i, kind, t, year = row["_row"], row["_kind"], row["_t"], row["year"]
        s = lp.row_scale[i]
        d = float(row_dual[i]) * s
        if d < -TOL * max(1.0, abs(d)):
            raise SolverError(f"target row {row['target']} {year}: dual {d:.6g} < 0 in a "
                              "minimisation with a >= row; refusing to publish")
        price = readout.shadow_price(ix, kind, t, year, d)
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
