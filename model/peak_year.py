"""``peakplan run --peak-year auto``: the least-cost peak year, by solving each candidate.

A ``peak`` target with year P (:mod:`model.lp.kinds.peak`) asks for a decline after P at
least at the declared rate. A candidate P' < P adds the rows of the years P'..P to those of P,
so the least discounted cost can only fall (or stay) as the peak year moves later: the answer
worth having is the cost of each earlier peak. :func:`choose` solves every candidate — each
model year from the first up to the declared year (and before the last model year, which no
decline can follow) — and picks the least discounted cost, ties (relative 1e-7) going to the
earlier year: a peak that costs nothing extra to bring forward is brought forward.

A candidate whose solve fails even after HiGHS's retries (:mod:`model.lp.highs`) is recorded
with status ``solver_failure`` and the reason in ``error``, and the others go on; only when no
candidate could be solved at all is the failure raised (exit 4).
"""

from __future__ import annotations

import math

import pandas as pd

from model import pipeline, progress
from model.errors import InputError, SolverError
from model.lp import kinds
from model.lp.readout import fmt_gap
from model.results import pathway_table

TIE = 1e-7
#: status of a candidate whose solve failed after every retry
FAILED = "solver_failure"

COLUMNS = ["peak_year", "status", "pv_cost_cny", "extra_pv_cost_cny", "annual_cost_cny_per_yr",
           "annual_cost_year", "plan_peak_year", "plan_peak_co2_t", "co2_last_year_t",
           "shortfall_targets", "chosen", "error"]


def candidates(data) -> list[int]:
    """Candidate peak years: model years from the first to the declared peak year, before
    the last model year. Raises InputError when the scenario has no ``peak`` target."""
    peak = data.targets[kinds.where(data.targets, lambda k: k.peak_year)]
    if not len(peak):
        raise InputError("--peak-year auto", "a scenario with no target of kind 'peak'",
                         "a scenario with a peak target (e.g. scenarios/peak-2030.yaml)")
    declared = int(peak["year"].max())
    return [y for y in data.years[:-1] if y <= declared]


def _shortfalls(targets: pd.DataFrame) -> list[str]:
    """Per target short of its requirement: the years short and the largest gap."""
    if not len(targets):
        return []
    out = []
    short = targets[targets["status"] == "shortfall"]
    for tid, g in short.groupby("target", sort=False):
        worst = g.loc[g["shortfall"].idxmax()]
        gap = fmt_gap(float(worst["shortfall"]), str(worst["unit"]))
        out.append(f"{tid}: {len(g)} yr short, most {gap} in {int(worst['year'])}")
    return out


def choose(prep):
    """Solve each candidate peak year of a prepared scenario.

    Returns ``(solved, table, note)``: the :class:`model.pipeline.Solved` of the chosen year,
    a table (:data:`COLUMNS`: per candidate its status, present-value cost to the base year in
    CNY, the extra over the least, the net annual cost of the last model year, the year and
    level at which the plan's CO2 actually peaks, the targets short of their requirement) and
    a summary for the manifest. When no candidate is feasible, the latest one solved is
    returned (its diagnosis says year by year what cannot be met). A candidate whose solve fails
    is a row with status ``solver_failure``; SolverError only when every candidate failed.
    """
    rows, solved = [], {}
    years = candidates(prep.data)
    for year in years:
        try:
            with progress.task(f"峰值年 Peak year {year} ({years.index(year) + 1} of "
                               f"{len(years)})"):
                s = pipeline.solve_prepared(prep, pipeline.with_peak_year(prep.data, year))
        except SolverError as exc:  # recorded; the other candidates go on
            rows.append({"peak_year": year, "status": FAILED, "pv_cost_cny": math.nan,
                         "annual_cost_cny_per_yr": math.nan, "annual_cost_year": None,
                         "plan_peak_year": None, "plan_peak_co2_t": math.nan,
                         "co2_last_year_t": math.nan, "shortfall_targets": "",
                         "error": str(exc)})
            continue
        solved[year] = s
        _, peak = pathway_table(s.solution, s.compiled.ix)
        t = s.solution.targets
        short = _shortfalls(t)
        ok = s.solution.status == "optimal"
        last = max(s.solution.cost_by_year) if s.solution.cost_by_year else None
        rows.append({"peak_year": year, "status": s.solution.status,
                     # an infeasible candidate's plan is the least-shortfall one: no cost of it
                     "pv_cost_cny": s.pv_cost if ok else math.nan,
                     "annual_cost_cny_per_yr": s.solution.cost_by_year.get(last, 0.0) if ok
                     else math.nan,
                     "annual_cost_year": last, "plan_peak_year": peak["peak_year"],
                     "plan_peak_co2_t": peak["peak_co2_t"],
                     "co2_last_year_t": peak["last_co2_t"],
                     "shortfall_targets": "; ".join(short), "error": ""})
    table = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in
                                        ("extra_pv_cost_cny", "chosen")])
    if not solved:
        raise SolverError("--peak-year auto: no candidate peak year could be solved ("
                          f"{table['error'].iloc[0]})")
    ok = table[table["status"] == "optimal"]
    if len(ok):
        least = float(ok["pv_cost_cny"].min())
        tie = TIE * max(abs(least), 1.0)
        year = int(ok.loc[ok["pv_cost_cny"] <= least + tie, "peak_year"].min())
        table["extra_pv_cost_cny"] = [c - least if s == "optimal" else math.nan
                                      for c, s in zip(table["pv_cost_cny"], table["status"],
                                                      strict=True)]
    else:
        year = max(solved)
        table["extra_pv_cost_cny"] = math.nan
    table["chosen"] = table["peak_year"] == year
    note = {"chosen_peak_year": year, "candidates": [int(y) for y in table["peak_year"]],
            "rule": "least present-value cost; ties (relative 1e-7) to the earlier year",
            "feasible": [int(y) for y in ok["peak_year"]],
            "solver_failures": [int(y) for y in table.loc[table["status"] == FAILED,
                                                          "peak_year"]]}
    return solved[year], table[COLUMNS], note


def auto(prep):
    """``--peak-year auto``: :func:`choose`, then ``(solved, table, note, transform)`` with
    ``transform`` mapping a ModelData to the chosen peak year (for the other accounting views;
    None when the chosen solve holds no peak target)."""
    solved, table, note = choose(prep)
    chosen = [int(t) for t in solved.compiled.data.targets.loc[
        kinds.where(solved.compiled.data.targets, lambda k: k.peak_year), "year"]]
    transform = None
    if chosen:
        def transform(d):
            return pipeline.with_peak_year(d, chosen[0])
    return solved, table, note, transform
