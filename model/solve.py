"""Solve the LP with HiGHS through Pyomo (appsi), with shadow prices, ranging and diagnosis.

* Termination: ``optimal`` -> a :class:`Solution` with status ``optimal``; ``infeasible`` (or
  HiGHS's ``infeasible or unbounded``: every x is bounded by its potential, so unbounded cannot
  occur) -> the elastic diagnosis below and status ``infeasible``; anything else (time limit,
  iteration limit, error) -> :class:`~model.errors.SolverError`.
* Shadow prices: every target row has the form ``s·(R + shortfall) >= s·rhs`` (see
  :mod:`model.lp.targets`); the HiGHS row dual d of a minimisation is >= 0 and equals
  ∂(objective)/∂(s·rhs). Shadow price = d · s / df[y]: undiscounted CNY of the target year per
  unit of the target's quantity (CNY/t for pollutants, CNY/t CO2, CNY/tce); for service levels
  it is multiplied by T/100 (T the total served of, :func:`model.lp.service.service_total`),
  i.e. CNY per percentage point of the service level. With several model years the price of a
  year-y target includes the later-year cost the no-regret rows commit to (net of what that
  commitment saves on later targets), in year-y CNY: the true marginal cost of the target.
* Ranging: for a binding row, HiGHS's own sensitivity analysis (``Highs.getRanging()``,
  row_bound_dn/up: the values of the row bound over which the optimal basis, hence the dual,
  stays the same), reached through Pyomo's appsi interface (``_solver_model`` and
  ``_pyomo_con_to_solver_con_map``: private attributes; if they are missing, SolverError rather
  than a guessed range). The rhs range is mapped back to the target's own value (t, fraction of
  intensity fall, service share). A slack row has dual 0 for every rhs up to its current R (the
  plan stays optimal), so its range is (-inf, R] in rhs terms, written exactly.
* Infeasibility is an answer. First, for each target the most the catalogue can achieve on its
  own is found (:func:`max_achievable`: every target row dropped, bounds, pools, service caps
  and no-regret kept, R_t maximised): its reduction ``Rmax[t]`` (quantity's unit). Then one
  elastic column per target is freed in its row (:mod:`model.lp.targets`):
  ``R[t] + u[t]·shortfall[t] + given[t] >= rhs[t]`` with ``given[t] = max(0, rhs[t] − Rmax[t])``
  the part no plan can reach and ``u[t]`` the row's largest |effect| (so the column keeps the
  row's coefficient span). Stage 1 minimises the weighted avoidable shortfall

      Σ_t w[t]·shortfall[t],   w[t] = (u[t] / size[t]) / max_k (u[k] / size[k]),
      size[t] = max(min(|rhs[t]|, Rmax[t]), 1e-6·u[t]),

  i.e. each target's avoidable shortfall (quantity's unit) as a share of what can reasonably be
  asked of it: its requirement, or its standalone maximum when the requirement is beyond reach
  (a target of 1e9 t counts like one of its reachable 2,612 t, not as 1e-9 of one). ``size`` is
  floored at 1e-6 of one unit of the row's largest effect, so no weight is infinite; the weights
  are normalised to a largest of 1 and any below 1e-6 is raised to 1e-6, so no coefficient of
  the stage-1 objective or of ``shortfall_limit`` is below 1e-9 or spans more than 1e6 (HiGHS
  drops matrix entries below 1e-9 and treats reduced costs below 1e-7 as 0 — the failure that
  once published a plan with NOx at 533 t for a 1e9 t target). Stage 2 minimises cost with the
  weighted shortfall held at its least value (lexicographic). The coefficient check of
  :mod:`model.lp.scaling` runs on the elastic rows of both stages. Each target gets a sentence
  in plain English; ``max_achievable`` is reported in the target's unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import pyomo.environ as pyo
from pyomo.contrib.appsi.base import TerminationCondition
from pyomo.contrib.appsi.solvers import Highs

from model.errors import InputError, SolverError
from model.lp import scaling
from model.lp.intensity import allowed_level
from model.lp.service import service_total
from model.lp.targets import baseline_total, reduction, rhs, row_component

TOL = 1e-6
HIGHS_INF = 1e20


@dataclass(frozen=True)
class Solution:
    """Result of :func:`solve`.

    Attributes
    ----------
    status: ``optimal`` or ``infeasible`` (then the plan is the least-shortfall plan).
    objective: present value of cost to the base year (CNY), of the plan reported.
    cost_by_year: {year: Σ annual_cost·x} undiscounted CNY per year.
    levels: DataFrame ``measure, region, year, level`` (measure's unit).
    reduced_costs: ``measure, region, year, reduced_cost`` (undiscounted CNY per unit of the
        measure in that year; empty when infeasible).
    targets: one row per target: ``target, kind, quantity, year, required, unit, reduction``
        (R, quantity's unit), ``achieved`` (target's unit), ``shortfall`` (target's unit, >= 0),
        ``max_achievable`` (target's unit; NaN when optimal: not computed), ``dual`` (raw),
        ``shadow_price, shadow_price_unit, range_low, range_high`` (target's unit; NaN when
        infeasible), ``status`` (binding/slack/shortfall), ``label_zh, label_en, message``.
    scaled_rows: rows rescaled before the solve (:mod:`model.lp.scaling`).
    termination: solver's termination text.
    """

    status: str
    objective: float
    cost_by_year: dict[int, float]
    levels: pd.DataFrame
    reduced_costs: pd.DataFrame
    targets: pd.DataFrame
    scaled_rows: list = field(default_factory=list)
    termination: str = ""

    @property
    def messages(self) -> list[str]:
        """One plain-English sentence per target (met / binding / shortfall and why)."""
        return list(self.targets["message"])

    @property
    def annual_cost(self) -> float:
        """Undiscounted cost of the plan in the last model year (CNY/yr)."""
        return self.cost_by_year[max(self.cost_by_year)]


def _new_solver(time_limit: float | None) -> Highs:
    opt = Highs()
    if not opt.available():
        raise SolverError("HiGHS (highspy) is not available to Pyomo appsi")
    opt.config.load_solution = False
    opt.config.stream_solver = False
    if time_limit is not None:
        opt.config.time_limit = float(time_limit)
    return opt


def _run(opt: Highs, model: pyo.ConcreteModel):
    try:
        return opt.solve(model)
    except (RuntimeError, ValueError) as exc:
        raise SolverError(f"HiGHS failed: {exc}") from None


def solve(model: pyo.ConcreteModel, data, time_limit: float | None = None,
          solver: Highs | None = None) -> Solution:
    """Solve a model from :func:`model.lp.build.build_model` and read its answer.

    Parameters
    ----------
    model, data: the built model and the :class:`~model.lp.build.ModelData` it was built from
        (labels and units of targets are read from ``data``).
    time_limit: seconds; reaching it is a :class:`SolverError` (no half answer is published).
    solver: optional appsi ``Highs`` instance to reuse across re-solves (persistent: only
        changed Params are sent to HiGHS); a fresh one otherwise.

    Returns :class:`Solution`. Raises :class:`SolverError` on any termination other than
    optimal/infeasible and on a numerically unsafe model (:mod:`model.lp.scaling`);
    :class:`InputError` if floors, pools and no-regret are infeasible even without targets.
    """
    scaled = scaling.check_and_scale(model)
    opt = solver if solver is not None else _new_solver(time_limit)
    res = _run(opt, model)
    tc = res.termination_condition
    if tc == TerminationCondition.optimal:
        return _optimal(model, data, opt, res, scaled)
    if tc in (TerminationCondition.infeasible, TerminationCondition.infeasibleOrUnbounded):
        return _diagnose(model, data, opt, scaled)
    raise SolverError(f"HiGHS terminated with {tc.name}; no result is published")


# --------------------------------------------------------------------------- helpers

def _levels(model: pyo.ConcreteModel) -> pd.DataFrame:
    rows = [(m, r, y, float(model.x[m, r, y].value or 0.0)) for m, r, y in model.applicable]
    return pd.DataFrame(rows, columns=["measure", "region", "year", "level"])


def _cost_by_year(model: pyo.ConcreteModel) -> dict[int, float]:
    out = {int(y): 0.0 for y in model.year}
    for m, r, y in model.applicable:
        out[int(y)] += pyo.value(model.annual_cost[m]) * float(model.x[m, r, y].value or 0.0)
    return out


def _to_target_units(model: pyo.ConcreteModel, t: str, r_value: float) -> float:
    """Map a reduction R (quantity's unit) to the target's own value (kind by kind)."""
    kind, q, y = model.target_kind[t], model.target_quantity[t], model.target_year[t]
    if kind == "load_reduction":
        return r_value
    b = float(pyo.value(baseline_total(model, q, y)))
    if kind == "cap":
        return b - r_value
    if kind == "intensity":
        return 1.0 - (b - r_value) / allowed_level(model, t)
    return (b + r_value) / service_total(model, t)


def _fmt(value: float, unit: str) -> str:
    """A value in words: fractions as percent ("17 %"), others with their unit."""
    if unit in ("fraction", "1", "dimensionless", ""):
        return f"{100 * value:.4g} %"
    return f"{value:.6g} {unit}"


def _money(value: float) -> str:
    """CNY in words: whole yuan with thousands separators from 100,000 up."""
    return f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:,.6g}"


def _fmt_gap(value: float, unit: str) -> str:
    """A difference in words: between two percentages it is percentage points."""
    if unit in ("fraction", "1", "dimensionless", ""):
        return f"{100 * value:.4g} percentage points"
    return f"{value:.6g} {unit}"


def _shortfall_of(kind: str, required: float, achieved: float) -> float:
    gap = achieved - required if kind == "cap" else required - achieved
    return max(0.0, gap)


def _units(kind: str, quantity: str, unit: str) -> str:
    if kind == "service_level":
        return "CNY/percentage point"
    if quantity == "CO2":
        return "CNY/t CO2"
    if quantity == "energy":
        return "CNY/tce"
    return "CNY/t" if kind in ("load_reduction", "cap", "intensity") else f"CNY/{unit}"


def _base_rows(model, data) -> list[dict]:
    info = data.targets.set_index("target")
    rows = []
    for t in model.target:
        q, y, kind = model.target_quantity[t], model.target_year[t], model.target_kind[t]
        r_val = float(pyo.value(reduction(model, q, y)))
        achieved = _to_target_units(model, t, r_val)
        required = float(pyo.value(model.target_value[t]))
        rows.append(dict(
            target=t, kind=kind, quantity=q, year=int(y), required=required,
            unit=info.loc[t, "unit"], reduction=r_val, rhs=float(pyo.value(rhs(model, t))),
            achieved=achieved, shortfall=_shortfall_of(kind, required, achieved),
            label_zh=info.loc[t, "label_zh"], label_en=info.loc[t, "label_en"]))
    return rows


# --------------------------------------------------------------------------- optimal

def _optimal(model, data, opt, res, scaled) -> Solution:
    res.solution_loader.load_vars()
    duals = opt.get_duals()
    rcs = opt.get_reduced_costs()
    model.dual.clear()
    model.rc.clear()
    for con, d in duals.items():
        model.dual[con] = d
    for var, d in rcs.items():
        model.rc[var] = d
    ranging = _ranging(opt)
    rows = _base_rows(model, data)
    for row in rows:
        t, kind, y = row["target"], row["kind"], row["year"]
        con = row_component(model, t)
        s = float(pyo.value(model.target_scale[t]))
        df = float(pyo.value(model.df[y]))
        d = float(duals[con])
        if d < -TOL * max(1.0, abs(d)):
            raise SolverError(f"row {con.name}: dual {d:.6g} < 0 in a minimisation with a >= row; "
                              "refusing to publish")
        price = d * s / df if d > 0 else 0.0
        if kind == "service_level":
            price *= service_total(model, t) / 100.0
        slack = row["reduction"] - row["rhs"]
        binding = slack <= TOL * max(1.0, abs(row["rhs"]))
        if binding:
            lo_rhs, hi_rhs = (v / s for v in ranging(con))
        else:
            # a slack row keeps dual 0 exactly while rhs <= R (the current plan stays optimal)
            lo_rhs, hi_rhs = -math.inf, row["reduction"]
        lo_v = _to_target_units_rhs(model, t, lo_rhs)
        hi_v = _to_target_units_rhs(model, t, hi_rhs)
        row.update(dual=d, shadow_price=price,
                   shadow_price_unit=_units(kind, row["quantity"], row["unit"]),
                   range_low=min(lo_v, hi_v), range_high=max(lo_v, hi_v), max_achievable=math.nan,
                   shortfall=0.0, status="binding" if binding else "slack")
        u = row["unit"]
        row["message"] = (f"{row['label_en']}: required {_fmt(row['required'], u)}, "
                          f"achieved {_fmt(row['achieved'], u)}; "
                          f"{'met, binding' if binding else 'met with room to spare'}; "
                          f"marginal cost {_money(price)} {row['shadow_price_unit']}.")
    rc_rows = [(m, r, y, float(rcs[model.x[m, r, y]]) / float(pyo.value(model.df[y])))
               for m, r, y in model.applicable]
    return Solution(
        status="optimal", objective=float(pyo.value(model.cost)),
        cost_by_year=_cost_by_year(model), levels=_levels(model),
        reduced_costs=pd.DataFrame(rc_rows, columns=["measure", "region", "year", "reduced_cost"]),
        targets=_frame(rows), scaled_rows=scaled, termination="optimal")


def _to_target_units_rhs(model, t: str, rhs_value: float) -> float:
    if math.isinf(rhs_value):
        kind = model.target_kind[t]
        if kind == "cap":
            return -rhs_value
        return rhs_value
    return _to_target_units(model, t, rhs_value)


def _ranging(opt: Highs):
    """Return f(con) -> (low, high) of the row bound over which the dual holds (solver units)."""
    try:
        highs = opt._solver_model
        con_map = opt._pyomo_con_to_solver_con_map
    except AttributeError:
        raise SolverError("HiGHS ranging is not reachable through this Pyomo version "
                          "(appsi Highs internals changed); refusing to report ranges") from None
    status, rng = highs.getRanging()
    if not rng.valid:
        raise SolverError(f"HiGHS ranging failed ({status}); refusing to report ranges")

    def clean(v: float) -> float:
        return math.copysign(math.inf, v) if abs(v) >= HIGHS_INF else float(v)

    def of(con) -> tuple[float, float]:
        i = con_map[con]
        return clean(rng.row_bound_dn.value_[i]), clean(rng.row_bound_up.value_[i])

    return of


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = ["target", "kind", "quantity", "year", "required", "unit", "reduction", "rhs",
            "achieved", "shortfall", "max_achievable", "dual", "shadow_price",
            "shadow_price_unit", "range_low", "range_high", "status", "label_zh", "label_en",
            "message"]
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- infeasible

def _max_reductions(model: pyo.ConcreteModel, opt: Highs) -> dict[str, float]:
    """{target: Rmax}: the largest reduction R each target's row counts, quantity's unit, with
    every target row and the cost objective dropped (bounds, pools, service caps, no-regret
    kept). R/u (u = largest |effect| of R) is maximised, so the objective is of order 1.
    Restores the model. Raises as :func:`max_achievable`."""
    target_rows = [row_component(model, t) for t in model.target]
    cost_active = model.cost.active
    out: dict[str, float] = {}
    try:
        model.cost.deactivate()
        for c in target_rows:
            c.deactivate()
        for t in model.target:
            q, y = model.target_quantity[t], model.target_year[t]
            r_expr = reduction(model, q, y)
            unit = scaling.largest_coefficient(r_expr) if not isinstance(r_expr, int) else 0.0
            if unit == 0.0:  # no measure acts on q in year y
                out[t] = 0.0
                continue
            model.max_achievable_objective = pyo.Objective(expr=r_expr / unit,
                                                           sense=pyo.maximize)
            try:
                res = _run(opt, model)
                tc = res.termination_condition
                if tc in (TerminationCondition.infeasible,
                          TerminationCondition.infeasibleOrUnbounded):
                    raise InputError("ModelData bounds/pools", "floors, pool capacities and "
                                     "no-regret rows that cannot all hold even with every "
                                     "target dropped", "floors that fit within the pools")
                if tc != TerminationCondition.optimal:
                    raise SolverError(f"maximum of target {t} ended with {tc.name}")
                out[t] = float(res.best_feasible_objective) * unit
            finally:
                model.del_component(model.max_achievable_objective)
    finally:
        for c in target_rows:
            c.activate()
        if cost_active:
            model.cost.activate()
    return out


def max_achievable(model: pyo.ConcreteModel, solver: Highs | None = None) -> dict[str, float]:
    """The most each target can reach on its own, in the target's unit: {target: value}.

    For every target t: maximise R_t (the reduction its row counts) with every target row and the
    cost objective dropped, keeping bounds (floor, potential), pools, service caps
    (:mod:`model.lp.service`) and no-regret rows. For a ``cap`` this is the lowest level
    reachable; for an intensity target, the largest fall in % as a fraction; for a service
    level, the highest share. The model is restored afterwards.

    Raises :class:`InputError` if floors and pools clash even without targets, and
    :class:`SolverError` on any other non-optimal termination.
    """
    opt = solver if solver is not None else _new_solver(None)
    return {t: _to_target_units(model, t, r) for t, r in _max_reductions(model, opt).items()}


#: floor of size[t] as a multiple of u[t], and the widest span of the elastic weights
SIZE_FLOOR = 1e-6
WEIGHT_SPAN = 1e6


def elastic_weights(model: pyo.ConcreteModel, r_max: dict[str, float]) -> dict[str, tuple]:
    """{target: (u, given, weight)} of the elastic stage (module docstring), from the current
    Params and ``r_max`` ({target: Rmax}, quantity's unit). Pure: the model is not changed."""
    raw = {}
    for t in model.target:
        q, y = model.target_quantity[t], model.target_year[t]
        r_expr = reduction(model, q, y)
        u = scaling.largest_coefficient(r_expr) if not isinstance(r_expr, int) else 0.0
        u = u if u > 0 else 1.0
        need = float(pyo.value(rhs(model, t)))
        given = max(0.0, need - r_max[t])
        size = max(min(abs(need), max(r_max[t], 0.0)), SIZE_FLOOR * u)
        raw[t] = (u, given, u / size)
    top = max(w for _, _, w in raw.values())
    return {t: (u, given, max(w / top, 1.0 / WEIGHT_SPAN)) for t, (u, given, w) in raw.items()}


def _diagnose(model, data, opt, scaled) -> Solution:
    """Elastic re-solve and per-target maximum (module docstring). Restores the model after."""
    r_max = _max_reductions(model, opt)
    try:
        for t, (u, given, w) in elastic_weights(model, r_max).items():
            model.shortfall_unit[t] = u
            model.shortfall_given[t] = given
            model.shortfall_weight[t] = w
            model.shortfall[t].unfix()
        model.cost.deactivate()
        model.shortfall_objective.activate()
        scaling.check_and_scale(model)
        res = _run(opt, model)
        if res.termination_condition != TerminationCondition.optimal:
            raise InputError("ModelData bounds/pools", "floors, pool capacities and no-regret rows "
                             "that cannot all hold even with every target relaxed",
                             "floors that fit within the pool capacities")
        best = max(float(res.best_feasible_objective), 0.0)
        model.shortfall_bound = best + 1e-9 * max(1.0, best)
        model.shortfall_objective.deactivate()
        model.shortfall_limit.activate()
        model.cost.activate()
        scaling.check_and_scale(model)
        res = _run(opt, model)
        if res.termination_condition != TerminationCondition.optimal:
            raise SolverError(f"elastic stage 2 ended with {res.termination_condition.name}")
        res.solution_loader.load_vars()
        rows = _base_rows(model, data)
        objective = float(pyo.value(model.cost))
        cost_by_year, levels = _cost_by_year(model), _levels(model)
        for row in rows:
            row["max_achievable"] = _to_target_units(model, row["target"], r_max[row["target"]])
    finally:
        for t in model.target:
            model.shortfall[t].fix(0.0)
            model.shortfall_given[t] = 0.0
            model.shortfall_unit[t] = 1.0
        model.shortfall_objective.deactivate()
        model.shortfall_limit.deactivate()
        model.cost.activate()
        scaling.check_and_scale(model)
    for row in rows:
        short = row["shortfall"] > TOL * max(1.0, abs(row["required"]))
        u = row["unit"]
        row.update(dual=math.nan, shadow_price=math.nan,
                   shadow_price_unit=_units(row["kind"], row["quantity"], u),
                   range_low=math.nan, range_high=math.nan,
                   status="shortfall" if short else ("binding" if row["reduction"] - row["rhs"]
                                                     <= TOL * max(1.0, abs(row["rhs"]))
                                                     else "slack"))
        if not short:
            row["shortfall"] = 0.0
            row["message"] = (f"{row['label_en']}: required {_fmt(row['required'], u)}; met "
                              f"({_fmt(row['achieved'], u)}) in the least-shortfall plan.")
        else:
            best_word = "lowest level" if row["kind"] == "cap" else "most"
            row["message"] = (
                f"{row['label_en']}: required {_fmt(row['required'], u)}, but the measure "
                f"catalogue can achieve at {best_word} {_fmt(row['max_achievable'], u)} even "
                f"with every other target dropped; in the least-shortfall plan it reaches "
                f"{_fmt(row['achieved'], u)}, a shortfall of {_fmt_gap(row['shortfall'], u)}.")
    return Solution(status="infeasible", objective=objective, cost_by_year=cost_by_year,
                    levels=levels,
                    reduced_costs=pd.DataFrame(columns=["measure", "region", "year",
                                                        "reduced_cost"]),
                    targets=_frame(rows), scaled_rows=scaled, termination="infeasible")
