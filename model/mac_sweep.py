"""Marginal abatement cost (MAC) curves derived from the model, one per target.

A ranking of measures taken one at a time misses their interactions (two measures that share a
pool, a measure that helps two targets at once, capacity a 2025 target builds that a 2030
target then uses). The curve here is the LP's own: the target's level is swept from where it
stops binding to the most the catalogue can reach on its own, every other target held, and at
each level the model is re-solved from the previous basis (:meth:`model.lp.solve.Compiled.update`).

At each level: the present value of the plan's cost to the base year (CNY), the net annual
cost of the target's year, the shadow price (CNY per unit of the target, undiscounted to its
year, :mod:`model.lp.solve`) and the measure at the margin; between consecutive levels the
incremental cost ΔPV/ΔR / df[y] × the kind's price scale, in the shadow price's unit. The LP's
value function is convex and piecewise linear in the requirement R, so each incremental cost
lies between the shadow prices at its two ends (tests/integration/test_economics.py).

Targets with one row (every kind but ``peak``, whose rows are one per year after the peak: see
``peakplan run --peak-year auto``) have a curve.

A sweep survives a failure: a level whose solve fails even after HiGHS's retries
(:mod:`model.lp.highs`) is a row with status ``solver_failure`` and the reason in ``error``, a
target whose end points cannot be found is one such row, and the other levels and curves go
on; :func:`run_mac` fails (exit 4) only when no level at all could be solved.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from model.errors import InputError, SolverError

#: The most levels of one curve (``--points``): each level is one solve of the LP, and a curve
#: of a few dozen levels already shows every measure entering at the margin.
MAX_POINTS = 1001
COLUMNS = ["target", "kind", "year", "point", "value", "unit", "requirement", "requirement_unit",
           "status", "pv_cost_cny", "annual_cost_cny_per_yr", "shadow_price",
           "shadow_price_unit", "annualised_price", "annualised_price_unit", "incremental_cost",
           "marginal_measure", "label_zh", "label_en", "error"]
#: status of a level (or a whole curve) whose solve failed after every retry
FAILED = "solver_failure"


def curve_targets(compiled) -> list[str]:
    """Targets of a compiled scenario that have a curve (one row each)."""
    rows = pd.Series(compiled.lp.row_target).value_counts()
    return [t for t in compiled.ix.targets["target"] if rows.get(t, 0) == 1]


def _row(compiled, target: str) -> int:
    k = [i for i, t in enumerate(compiled.lp.row_target) if t == target]
    if len(k) != 1:
        have = curve_targets(compiled)
        raise InputError("--target", repr(target), f"a target with one row, one of {have}")
    return k[0]


def _with_value(ix, target: str, value: float):
    t = ix.targets.copy()
    t.loc[t["target"] == target, "value"] = float(value)
    return ix.with_arrays(targets=t)


def _extremes(compiled, k: int) -> tuple[float, float]:
    """(R with row k dropped at least cost, the most R row k reaches) with every other target
    held, in the row's unit (the quantity's); the compiled model is restored."""
    from model.lp.freed import maximise, row_coefficients

    lp, hm = compiled.lp, compiled.model
    i = lp.target_rows[k]
    lo0, hi0, c0 = lp.row_lower.copy(), lp.row_upper.copy(), lp.c.copy()
    try:
        lo = lo0.copy()
        lo[i] = -np.inf
        hm.set_row_bounds(lo, hi0)
        status = hm.run()
        if status == "infeasible":
            raise InputError(f"target {lp.row_target[k]!r}", "the other targets cannot all "
                             "be met", "a scenario whose other targets are feasible")
        if status != "optimal":
            raise SolverError(f"target {lp.row_target[k]!r} dropped: HiGHS ended with "
                              f"'{status}' after {len(hm.attempts)} attempts")
        cols, vals = row_coefficients(lp, i)
        s = lp.row_scale[i]
        loose = float(hm.values()[0][cols] @ vals) / s
        u = float(np.abs(vals).max()) if len(vals) else 1.0
        obj = np.zeros(lp.n_cols)
        obj[cols] = -vals / u
        tight = -maximise(hm, obj, f"maximum of target {lp.row_target[k]!r}") * u / s
    finally:
        hm.set_costs(c0)
        hm.set_row_bounds(lo0, hi0)
    return loose, tight


def levels(compiled, target: str, points: int = 11) -> np.ndarray:
    """``points`` values of the target, in its own unit, from where it stops binding (its
    achieved value at least cost with its own row dropped) to the most the catalogue reaches for
    it with every other target held (the row maximised)."""
    from model.lp import kinds

    k = _row(compiled, target)
    t = compiled.ix.targets.set_index("target").loc[target]
    t = t.copy()
    t["target"] = target
    year = int(compiled.lp.row_year[k])
    kind = kinds.get(t["kind"])
    loose, tight = _extremes(compiled, k)
    a = kind.rhs_to_target(compiled.ix, t, year, loose)
    b = kind.rhs_to_target(compiled.ix, t, year, tight)
    return np.linspace(a, b, max(int(points), 2))


def sweep(compiled, target: str, values=None, points: int = 11) -> pd.DataFrame:
    """The MAC curve of ``target`` (module docstring) at ``values`` (default :func:`levels`).

    ``compiled`` is restored to its own target values afterwards. Returns :data:`COLUMNS`, one
    row per level; a level no plan reaches has status ``infeasible`` and no prices. Raises
    InputError for a target without exactly one row.
    """
    from model.lp import kinds
    from model.pipeline import pv_cost
    from model.prices import annualised_unit, annuity_years, dual_unit
    from model.results import marginal_measures

    k = _row(compiled, target)
    year = int(compiled.lp.row_year[k])
    ix0 = compiled.ix
    t = ix0.targets.set_index("target").loc[target]
    kind = kinds.get(t["kind"])
    values = levels(compiled, target, points) if values is None else np.asarray(values, float)
    from model import progress

    rows = []
    try:
        for n, v in enumerate(values):
            progress.describe(f"边际减排成本曲线 MAC curve: {target}, level {n + 1} of "
                              f"{len(values)}")
            base = {"target": target, "kind": t["kind"], "year": year, "point": n,
                    "value": float(v), "unit": t["unit"], "requirement_unit": _requirement_unit(t),
                    "shadow_price_unit": kind.price_unit(t), "label_zh": t["label_zh"],
                    "label_en": t["label_en"], "error": ""}
            try:
                compiled.update(_with_value(ix0, target, v))
                sol = compiled.solve()
            except SolverError as exc:  # recorded; the sweep goes on
                rows.append({**base, "status": FAILED, "requirement": math.nan,
                             "pv_cost_cny": math.nan, "annual_cost_cny_per_yr": math.nan,
                             "shadow_price": math.nan, "annualised_price": math.nan,
                             "annualised_price_unit": "", "marginal_measure": "",
                             "error": str(exc)})
                continue
            tr = sol.targets.set_index("target").loc[target]
            ok = sol.status == "optimal"
            marginal = ""
            if ok and tr["status"] == "binding" and float(tr["shadow_price"]) > 0:
                marginal = marginal_measures(sol, compiled.ix, compiled.lp).get((target, year),
                                                                                 "")
            price = float(tr["shadow_price"]) if ok else math.nan
            years_paid = annuity_years(compiled.ix, year, marginal)
            rows.append({
                **base, "requirement": float(tr["rhs"]),
                "status": sol.status if not ok else tr["status"],
                "pv_cost_cny": pv_cost(sol, compiled.ix) if ok else math.nan,
                "annual_cost_cny_per_yr": sol.cost_by_year.get(year, math.nan) if ok
                else math.nan,
                "shadow_price": price,
                "shadow_price_unit": dual_unit(kind.price_unit(t), compiled.ix, year),
                "annualised_price": price / years_paid,
                "annualised_price_unit": annualised_unit(kind.price_unit(t)),
                "marginal_measure": marginal})
    finally:
        compiled.update(ix0)
    scale = kind.price_scale(ix0, t, year) / ix0.discount(year)
    for a, b in itertools.pairwise(rows):
        dr = b["requirement"] - a["requirement"]
        b["incremental_cost"] = ((b["pv_cost_cny"] - a["pv_cost_cny"]) / dr * scale
                                 if dr and math.isfinite(b["pv_cost_cny"] + a["pv_cost_cny"]
                                                         + dr)
                                 else math.nan)
    if rows:
        rows[0]["incremental_cost"] = math.nan
    return pd.DataFrame(rows, columns=COLUMNS)


def _requirement_unit(t) -> str:
    from model.pipeline import QUANTITY_UNITS

    return QUANTITY_UNITS.get(t["quantity"], "units of the indicator")


def curves(compiled, targets: list[str] | None = None, points: int = 11) -> pd.DataFrame:
    """The curves of ``targets`` (default every one-row target), one table. A target whose end
    points cannot be solved (:func:`levels`) is one ``solver_failure`` row; the others go on."""
    from model import progress

    ids = targets or curve_targets(compiled)
    parts = []
    with progress.task("边际减排成本曲线 MAC curves", total=len(ids)):
        for t in ids:
            progress.describe(f"边际减排成本曲线 MAC curve: {t}")
            try:
                parts.append(sweep(compiled, t, points=points))
            except SolverError as exc:
                parts.append(_failed_curve(compiled, t, exc))
            progress.advance()
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)


def _infeasible(sc, solution):
    """The one-line answer of ``mac`` on an infeasible target set (exit status 3): which
    targets are short and by how much, from the elastic diagnosis."""
    from model.errors import InfeasibleError
    from model.lp.solve import fmt_gap

    t = solution.targets
    short = t[t["status"] == "shortfall"] if "status" in t.columns else t.iloc[0:0]
    parts = [f"{r['target']} {int(r['year'])} short by {fmt_gap(r['shortfall'], r['unit'])}"
             for _, r in short.iterrows()]
    shown = "; ".join(parts[:3]) + (f" and {len(parts) - 3} more" if len(parts) > 3 else "")
    shown = shown or "no target named by the diagnosis"
    return InfeasibleError(f"{sc.path}: infeasible target set, so no cost curve ({shown}); "
                           "'peakplan run' writes each target's shortfall")


def _failed_curve(compiled, target: str, exc: Exception) -> pd.DataFrame:
    """The one row of a curve whose end points could not be solved."""
    from model.lp import kinds

    k = _row(compiled, target)
    t = compiled.ix.targets.set_index("target").loc[target]
    row: dict[str, object] = {c: math.nan for c in COLUMNS}
    row.update(target=target, kind=t["kind"], year=int(compiled.lp.row_year[k]), point=0,
               unit=t["unit"], requirement_unit=_requirement_unit(t), status=FAILED,
               shadow_price_unit=kinds.get(t["kind"]).price_unit(t), annualised_price_unit="",
               marginal_measure="", label_zh=t["label_zh"], label_en=t["label_en"],
               error=f"end points of the sweep: {exc}")
    return pd.DataFrame([row], columns=COLUMNS)


def run_mac(path=None, overrides: list[str] | tuple = (), targets: list[str] | None = None,
            points: int = 11, out=None):
    """Solve a scenario, sweep its targets (default every one-row target) and write
    ``mac.csv`` and ``manifest.json`` atomically to ``out`` (default
    ``results/<scenario>-mac``). Returns (table, out folder, the scenario). Raises InputError
    on bad input (an unknown target, fewer than 2 points, an infeasible scenario)."""
    from datetime import UTC, datetime

    from model.io import atomic_dir, check_out, write_csv, write_json
    from model.pipeline import default_out, input_folders, prepare, solve_prepared
    from model.scenario import load_scenario

    if not 2 <= int(points) <= MAX_POINTS:
        raise InputError("--points", str(points), f"from 2 to {MAX_POINTS} levels per curve "
                         "(each level is one solve of the LP)")
    sc = load_scenario(path, overrides)
    out = check_out(out if out is not None else default_out(sc, overrides).with_name(
        default_out(sc, overrides).name + "-mac"), "mac", input_folders(sc))
    solved = solve_prepared(prepare(sc))
    solution = solved.solution
    if solution.status != "optimal":
        raise _infeasible(sc, solution)
    compiled = solved.compiled
    for t in targets or []:
        _row(compiled, t)
    table = curves(compiled, targets, points)
    failed = table["status"] == FAILED
    if len(table) and failed.all():
        raise SolverError(f"every level of every MAC curve failed ({table['error'].iloc[0]})")
    manifest = {"scenario": sc.name, "scenario_file": str(sc.path),
                "scenario_chain": list(sc.chain), "overrides": list(overrides),
                "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
                "targets": sorted(set(table["target"])), "points": int(points),
                "failed_levels": [{"target": r.target, "point": int(r.point),
                                   "error": r.error} for r in table[failed].itertuples()],
                "method": "each target's level swept from where it stops binding to its most "
                          "reachable with the other targets held; LP re-solved at each level "
                          "(model/mac_sweep.py)",
                "units": {"pv_cost_cny": f"CNY, present value to {sc.base_year}, constant "
                                         f"{sc.base_year} prices",
                          "shadow_price": "see shadow_price_unit (the dual, undiscounted to "
                                          "the target year)",
                          "annualised_price": "see annualised_price_unit (the dual spread over "
                                              "the discounted years the capacity at the margin "
                                              "is paid: model/prices.py)"}}
    with atomic_dir(out, "mac", input_folders(sc)) as tmp:
        write_csv(table, tmp / "mac.csv")
        write_json(manifest, tmp / "manifest.json")
    return table, out, sc
