"""What the targets cost: against a no-target reference, target by target, and who serves whom.

Every run with targets and a cost objective re-solves its own compiled LP (row bounds changed in
place, warm-started, restored afterwards; :mod:`model.lp.highs`):

* **Reference**: every target row dropped, the same measures, bounds, pools, floors and
  mandates. Its cost ``C_ref`` is the *no-regret part*: the measures that pay for themselves at
  the discount rate are deployed without any target (``C_ref <= 0``; mandated floors may make it
  positive). The cost of the plan *attributable to its targets* is ``C − C_ref``.
* **Incremental cost of target t** (the others held): ``ΔC_t = C − C_{−t}``, with C_{−t} the
  least cost with t's rows dropped. The LP's value function is convex and piecewise linear in
  each requirement, so for a one-row target ``ΔC_t / ΔR_t`` (ΔR_t the row's reduction gained,
  undiscounted to the row's year by df[y] and scaled to the price unit) lies between the shadow
  price where t stops binding (0) and its shadow price at the requirement. Incremental costs do
  not add up to ``C − C_ref``: the difference is the targets' interaction (measures that serve
  several targets are paid once).
* **Co-benefits of t**: the plan change that t causes, Δx = x − x_{−t}; for every other target
  row k, what the measures t adds deliver toward k, ``Σ coef_k · max(Δx, 0)`` (the row's unit),
  beside the net change of k's row, ``R_k − R_k(−t)``, and the share of k's requirement: the
  row's bound, what k asks of the measures (a load reduction less its baseline credit, a
  concentration's fall below the baseline level in ug/m3), not the target's stated value.
* **Margin**: for each binding row, the measure at its margin
  (:func:`model.results.marginal_measures`) and every target row that measure serves (a
  positive coefficient of its capacity in that row).

Costs are present values to the base year (CNY, constant base-year prices), as the objective.
The re-solves are timed; their time is reported as a ratio to the main solve.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.errors import SolverError
from model.fmt import plain
from model.lp import kinds
from model.lp.families.objective import annual_cost
from model.lp.frontier import column_values, row_distances
from model.lp.solve import fmt_money, plan_arrays, target_message
from model.prices import add_price_columns, price_text
from model.results import targets_table

COLUMNS = ["target", "label_zh", "label_en", "kind", "years", "status", "incremental_pv_cost_cny",
           "share_of_plan_cost", "average_cost", "average_cost_unit", "shadow_price",
           "shadow_price_unit", "annualised_price", "annualised_price_unit", "price_note",
           "marginal_measure", "measure_serves", "co_benefits", "error"]
CO_BENEFIT_COLUMNS = ["target", "other_target", "other_year", "delivered", "net_change", "unit",
                      "requirement", "share_of_requirement"]


@dataclass
class Attribution:
    """The attribution of a run's cost (module docstring): ``summary`` (manifest), ``table``
    (:data:`COLUMNS`, one row per target, preceded by rows ``(plan)`` and ``(reference)``),
    ``co_benefits`` (:data:`CO_BENEFIT_COLUMNS`), ``seconds`` of the re-solves, ``solves``."""

    summary: dict
    table: pd.DataFrame
    co_benefits: pd.DataFrame
    seconds: float = 0.0
    solves: int = 0
    failures: list = field(default_factory=list)


def _row_measures(compiled) -> list[set[int]]:
    """For every target row k, the measures whose capacity has a positive coefficient in it."""
    lp = compiled.lp
    col_m = np.full(lp.n_cols, -1, dtype=np.int64)
    m, r, y = np.nonzero(lp.cols.x >= 0)
    col_m[lp.cols.x[m, r, y]] = m
    A = lp.A.tocsr()
    out = []
    for i in lp.target_rows:
        row = A[i]
        pos = row.indices[row.data > 0]
        out.append({int(v) for v in col_m[pos] if v >= 0})
    return out


def _solve_freed(compiled, freed: np.ndarray, lo0: np.ndarray, hi0: np.ndarray):
    """(objective, column values, row activities) with the rows ``freed`` dropped, or a
    SolverError; the bounds are left as set (the caller restores them)."""
    hm = compiled.model
    lo, hi = lo0.copy(), hi0.copy()
    lo[freed], hi[freed] = -np.inf, np.inf
    hm.set_row_bounds(lo, hi)
    status = hm.run()
    if status != "optimal":
        raise SolverError(f"HiGHS ended with '{status}' after {len(hm.attempts)} attempts")
    values, row_value, _ = hm.values()
    return hm.objective(), values, row_value


def attribute(compiled, solution, targets: pd.DataFrame, main_seconds: float) -> Attribution:
    """The attribution of an optimal ``solution`` of ``compiled`` (module docstring).

    ``targets``: the run's targets table (:func:`model.results.targets_table` with the price
    columns of :func:`model.prices.add_price_columns`). ``main_seconds``: the main solve's time,
    for the ratio. A re-solve that fails (even after HiGHS's retries) leaves NaN and its reason
    in ``error``; the others go on. The compiled model's row bounds are restored."""

    ix, lp, hm = compiled.ix, compiled.lp, compiled.model
    t_rows = lp.target_rows
    scale = lp.row_scale[t_rows]
    base_obj = float(solution.objective)
    last = max(solution.cost_by_year) if solution.cost_by_year else None
    plan = _plan_vector(compiled, solution)
    R_all = np.asarray(lp.A[t_rows] @ plan).ravel() / scale
    rhs = lp.row_lower[t_rows] / scale
    lo0, hi0 = lp.row_lower.copy(), lp.row_upper.copy()
    ids = list(dict.fromkeys(lp.row_target))
    failures: list[str] = []
    results: dict[str, tuple] = {}
    t0 = time.perf_counter()
    solves = 0
    try:
        try:
            solves += 1
            ref_obj, ref_values, _ = _solve_freed(compiled, t_rows, lo0, hi0)
            x, b = plan_arrays(compiled, ref_values)
            ref_net = annual_cost(ix, x, b)["net"]
            ref_last = float(ref_net[:, :, -1].sum()) if last is not None else 0.0
        except SolverError as exc:
            ref_obj, ref_last = math.nan, math.nan
            failures.append(f"reference (no targets): {exc}")
        for tid in ids:
            rows = np.array([k for k, t in enumerate(lp.row_target) if t == tid])
            try:
                solves += 1
                obj, values, row_value = _solve_freed(compiled, t_rows[rows], lo0, hi0)
                results[tid] = (obj, values, row_value[t_rows] / scale, "")
            except SolverError as exc:
                results[tid] = (math.nan, None, None, str(exc))
                failures.append(f"{tid} dropped: {exc}")
    finally:
        hm.set_row_bounds(lo0, hi0)
    seconds = time.perf_counter() - t0

    plan_cost = base_obj - ref_obj
    row_meas = _row_measures(compiled)
    A_t, group = lp.A.tocsr()[t_rows], _measure_year_groups(compiled)
    info = targets.set_index(["target", "year"])
    table, co = [], []
    for tid in ids:
        t_rows_of = [k for k, t in enumerate(lp.row_target) if t == tid]
        years = [int(lp.row_year[k]) for k in t_rows_of]
        sub = targets[targets["target"] == tid]
        first = sub.iloc[0]
        obj, values, R_wo, err = results[tid]
        inc = base_obj - obj if values is not None else math.nan
        if abs(inc) <= 1e-9 * max(1.0, abs(base_obj)):
            inc = 0.0  # the solver's rounding on an unchanged optimum
        status = "binding" if (sub["status"] == "binding").any() else str(first["status"])
        avg, avg_unit = math.nan, ""
        if values is not None and len(t_rows_of) == 1 and status == "binding":
            k = t_rows_of[0]
            gain = R_all[k] - R_wo[k]
            if gain > 1e-9 * max(1.0, abs(R_all[k])):

                t = ix.targets.set_index("target").loc[tid].copy()
                t["target"] = tid
                kind = kinds.get(t["kind"])
                avg = inc / gain / ix.discount(years[0]) * kind.price_scale(ix, t, years[0])
                avg_unit = f"{kind.price_unit(t)} (average over the requirement it adds, " \
                           f"in {years[0]} CNY)"
        # the measure at the margin of each binding row, and every target it serves
        margins, serves = [], []
        for y in years:
            r = info.loc[(tid, y)]
            mm = str(r.get("marginal_measure", "") or "")
            if r["status"] != "binding" or not mm:
                continue
            mi = ix.measures.index(mm)
            served = sorted({f"{lp.row_target[j]} {lp.row_year[j]}"
                             for j in range(len(t_rows)) if mi in row_meas[j]})
            margins.append(f"{y}: {mm}")
            serves.append(f"{mm} ({y}) serves " + ", ".join(served))
        # co-benefits: what the measures t adds deliver to the other target rows
        texts = []
        if values is not None and status == "binding":
            dx = plan - values
            dx[lp.shortfall_col] = 0.0
            delivered = _delivered(A_t, dx, group) / scale
            for j in range(len(t_rows)):
                if lp.row_target[j] == tid:
                    continue
                net = R_all[j] - R_wo[j]
                if abs(delivered[j]) <= 1e-9 and abs(net) <= 1e-9:
                    continue
                oth = ix.targets.set_index("target").loc[lp.row_target[j]]
                unit = _row_unit(ix, oth)
                need = rhs[j]
                share = delivered[j] / need if need > 1e-12 else math.nan
                co.append({"target": tid, "other_target": lp.row_target[j],
                           "other_year": int(lp.row_year[j]), "delivered": float(delivered[j]),
                           "net_change": float(net), "unit": unit, "requirement": float(need),
                           "share_of_requirement": share})
                if abs(delivered[j]) > 1e-3 * max(1.0, abs(need)):  # 0.1 %: in the CSV only
                    texts.append(f"{lp.row_target[j]} {lp.row_year[j]}: "
                                 f"{plain(delivered[j], 4)} "
                                 f"{unit}" + (f" ({100 * share:.3g} % of what measures must add)"
                                              if share == share else ""))
        b_rows = sub[sub["status"] == "binding"]
        price_row = b_rows.iloc[int(np.argmax(b_rows["shadow_price"]))] if len(b_rows) \
            else first
        table.append({
            "target": tid, "label_zh": first["label_zh"], "label_en": first["label_en"],
            "kind": first["kind"], "years": _years_text(years), "status": status,
            "incremental_pv_cost_cny": inc,
            "share_of_plan_cost": inc / plan_cost if plan_cost and abs(plan_cost) > 1e-6 and
            math.isfinite(plan_cost) else math.nan,
            "average_cost": avg, "average_cost_unit": avg_unit,
            "shadow_price": float(price_row["shadow_price"]) if status == "binding" else 0.0,
            "shadow_price_unit": price_row["shadow_price_unit"],
            "annualised_price": float(price_row.get("annualised_price", math.nan))
            if status == "binding" else 0.0,
            "annualised_price_unit": price_row.get("annualised_price_unit", ""),
            "price_note": "; ".join(n for n in sub.get("price_note", pd.Series(dtype=str))
                                    .fillna("").astype(str) if n)[:600],
            "marginal_measure": "; ".join(margins), "measure_serves": "; ".join(serves),
            "co_benefits": "; ".join(texts), "error": err})
    head = [
        {"target": "(plan)", "label_en": "the plan with every target", "label_zh": "全部目标",
         "status": solution.status, "incremental_pv_cost_cny": base_obj, "error": ""},
        {"target": "(reference)", "label_en": "no targets, same measures (no-regret part)",
         "label_zh": "无目标参照(无悔部分)", "status": "optimal" if ref_obj == ref_obj
         else "solver_failure", "incremental_pv_cost_cny": ref_obj,
         "error": "" if ref_obj == ref_obj else failures[0]},
        {"target": "(plan - reference)", "label_en": "cost attributable to the targets",
         "label_zh": "目标所致成本", "status": "", "incremental_pv_cost_cny": plan_cost,
         "share_of_plan_cost": 1.0 if plan_cost == plan_cost else math.nan, "error": ""}]
    frame = pd.DataFrame(head + table, columns=COLUMNS)
    inc_sum = float(np.nansum([r["incremental_pv_cost_cny"] for r in table]))
    summary = {
        "pv_cost_cny": base_obj,
        "reference_pv_cost_cny": ref_obj,
        "no_regret_pv_cny": ref_obj,
        "plan_cost_vs_reference_cny": plan_cost,
        "annual_cost_cny_per_yr": solution.cost_by_year.get(last, math.nan) if last else 0.0,
        "reference_annual_cost_cny_per_yr": ref_last,
        "annual_cost_year": last,
        "sum_of_incremental_costs_cny": inc_sum,
        "interaction_cny": plan_cost - inc_sum if plan_cost == plan_cost else math.nan,
        "incremental_pv_cost_cny": {r["target"]: r["incremental_pv_cost_cny"] for r in table},
        "method": "reference = every target row dropped, same measures, bounds, pools, floors "
                  "and mandates; incremental cost of a target = cost(all) - cost(all but it); "
                  "co-benefits = what the measures a target adds deliver toward the other "
                  "targets (model/attribution.py)",
        "failures": failures,
        "solves": solves, "seconds": round(seconds, 4),
        "main_solve_seconds": round(main_seconds, 4),
        "ratio_to_main_solve": seconds / main_seconds if main_seconds > 0 else math.nan}
    return Attribution(summary=json_safe(summary), table=frame,
                       co_benefits=pd.DataFrame(co, columns=CO_BENEFIT_COLUMNS),
                       seconds=seconds, solves=solves, failures=failures)


def trivial(solution) -> Attribution:
    """The attribution of a run with no targets (the plan is its own reference), an infeasible
    one or one whose cost is not its objective (``full_potential``): no re-solve."""
    pv = float(solution.objective)
    summary = {"pv_cost_cny": pv, "reference_pv_cost_cny": math.nan, "no_regret_pv_cny": math.nan,
               "plan_cost_vs_reference_cny": math.nan,
               "method": "not attributed: the run has no targets, is infeasible or does not "
                         "minimise cost", "failures": [], "solves": 0, "seconds": 0.0}
    return Attribution(summary=json_safe(summary), table=pd.DataFrame(columns=COLUMNS),
                       co_benefits=pd.DataFrame(columns=CO_BENEFIT_COLUMNS))


def _measure_year_groups(compiled):
    """A sparse (columns x measure-years) matrix summing x columns over regions: a plan change
    that moves one measure between counties (equal-cost alternative optima) cancels in it."""
    import scipy.sparse as sp

    lp = compiled.lp
    M, _, Y = lp.cols.x.shape
    m, r, y = np.nonzero(lp.cols.x >= 0)
    cols = lp.cols.x[m, r, y]
    return sp.csr_matrix((np.ones(len(cols)), (cols, m * Y + y)), shape=(lp.n_cols, M * Y))


def _delivered(A_t, dx: np.ndarray, group) -> np.ndarray:
    """Per target row: Σ over (measure, year) of the positive part of Σ_r coef · Δx, in the
    row's scaled units (module docstring: what the measures a target adds deliver)."""
    import scipy.sparse as sp

    contrib = A_t @ sp.diags(dx) @ group  # rows x measure-years
    return np.asarray(contrib.maximum(0).sum(axis=1)).ravel()


def _plan_vector(compiled, solution) -> np.ndarray:

    return column_values(compiled, solution)


def _row_unit(ix, t) -> str:
    """Unit of target ``t``'s LP row (what ``delivered`` and ``requirement`` are counted in):
    units served for a service level, ug/m3 for a concentration row (its coefficients are the
    source-receptor layer's), else the quantity's unit (t, t CO2, tce)."""

    q = t["quantity"]
    if f"{q}:total" in ix.quantities:
        return f"units of {q}"
    unit = kinds.get(t["kind"]).price_unit(t).removeprefix("CNY/")
    return unit[1:-1] if unit.startswith("(") and unit.endswith(")") else unit


def _years_text(years: list[int]) -> str:
    ys = sorted(set(years))
    if len(ys) == 1:
        return str(ys[0])
    if ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}-{ys[-1]}"
    return ", ".join(str(y) for y in ys)


def economics(solved) -> tuple[pd.DataFrame, Attribution, dict]:
    """Everything a run says about its prices and costs beyond the main solve.

    Returns (the targets table of :func:`model.results.targets_table` with the price columns of
    :func:`model.prices.add_price_columns` and each message naming both prices or the frontier;
    the :class:`Attribution`; the record of the extra solves for the manifest: their number,
    seconds and ratio to the main solve). Frontier distances and the attribution are computed for
    an optimal run that minimises cost and has targets; a frontier maximisation that fails leaves
    the frontier columns empty and says so."""

    compiled, sol = solved.compiled, solved.solution
    targets = targets_table(sol, compiled.ix, compiled.lp)
    priced = sol.status == "optimal" and compiled.ix.objective == "cost" and len(targets) > 0
    frontier, failures = {}, []
    t0 = time.perf_counter()
    if priced:
        try:
            frontier = row_distances(compiled, sol)
        except SolverError as exc:
            failures.append(f"frontier: {exc}")
    f_sec = time.perf_counter() - t0
    targets = add_price_columns(targets, compiled.ix, frontier)
    if sol.status == "optimal" and len(targets):
        targets["message"] = [
            target_message(r, price_text(r) if r["status"] == "binding" else
                           f"{fmt_money(0.0)} {r['shadow_price_unit']}")
            for _, r in targets.iterrows()]
    att = attribute(compiled, sol, targets, solved.solve_seconds) if priced else trivial(sol)
    main = solved.solve_seconds
    extra = {"main_solve_seconds": round(main, 4),
             "frontier": {"solves": len(frontier), "seconds": round(f_sec, 4)},
             "attribution": {"solves": att.solves, "seconds": round(att.seconds, 4)},
             "ratio_to_main_solve": (f_sec + att.seconds) / main if main and main > 0
             else math.nan,
             "failures": failures + att.failures,
             "note": "frontier: one maximisation per binding target row (every target dropped); "
                     "attribution: the no-target reference and one re-solve per target with it "
                     "dropped; all warm-started on the run's own HiGHS model"}
    return targets, att, json_safe(extra)


def json_safe(obj):
    """``obj`` with every non-finite float replaced by None (strict JSON has no NaN)."""
    if isinstance(obj, dict):
        return {k: json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, np.integer):
        return int(obj)
    return obj
