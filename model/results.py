"""Tidy result tables from a :class:`~model.lp.solve.Solution` (CONTRACTS §6, DESIGN.md §3).

All are long DataFrames of plain floats with ids (no Chinese in ids; ``label_zh`` is a label
column), computed from the solution and the :class:`~model.lp.index.Indexed` arrays the LP was
solved with (so a sensitivity sample's tables use the sample's numbers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.errors import InputError
from model.lp.index import Indexed

#: quantities whose reduction is reported per measure (measures_table), in this order
REPORTED = ("COD", "NH3-N", "NOx", "SO2", "VOCs", "PM2.5", "CO2", "energy")
GASES = ("CO2", "CH4", "N2O")
COST_COLUMNS = ("capital", "om", "energy_added", "energy_avoided", "other_savings", "gross",
                "savings", "net")

TARGET_COLUMNS = ["target", "label_zh", "label_en", "required", "achieved", "unit", "shortfall",
                  "shadow_price", "shadow_price_unit", "range_low", "range_high", "status",
                  "kind", "quantity", "year", "max_achievable", "total_base_year", "total_year",
                  "message"]


def targets_table(solution, ix: Indexed | None = None, lp=None) -> pd.DataFrame:
    """One row per target row (a pathway target such as ``peak`` has one per year).

    Columns: ``target, label_zh, label_en, required, achieved, unit, shortfall, shadow_price,
    shadow_price_unit, range_low, range_high, status`` (binding | slack | shortfall), then
    ``kind, quantity, year, max_achievable, message``. ``required``/``achieved``/``shortfall``/
    ranges in the target's unit (t; a fraction for intensity, service levels and reductions vs
    the base year); shadow prices in undiscounted CNY of the row's year per t, t CO2, tce, or
    per percentage point of a service level (:mod:`model.lp.solve`); ranges and shadow prices
    are NaN for an infeasible set, ``max_achievable`` NaN for an optimal one;
    ``total_base_year`` / ``total_year``: the scenario total of the quantity (all measures) in
    the base year and the row's year, beside an engineering reduction that does not limit it;
    ``marginal_measure`` (with ``ix``): the measure at the margin of a binding row
    (:func:`marginal_measures`).
    """
    out = solution.targets[TARGET_COLUMNS].reset_index(drop=True).copy()
    if ix is not None:
        marg = marginal_measures(solution, ix, lp)
        out.insert(out.columns.get_loc("message"), "marginal_measure",
                   [marg.get((t, int(y)), "") for t, y in zip(out["target"], out["year"],
                                                               strict=True)])
    return out


def marginal_measures(solution, ix: Indexed, lp=None, tol: float = 1e-6
                      ) -> dict[tuple[str, int], str]:
    """{(target, year): the measure at the margin of each binding target row}: among the
    measures acting on the row's quantity in that year with a county where capacity and the
    capacity built both lie strictly between their bounds (potential, floor, uptake cap: a basic
    variable with reduced cost 0, what adjusts when the target moves), the one delivering most
    of the row's reduction. '' where none is (the row is held by bounds, pools or other rows).
    ``lp`` (the compiled LinearProgram) supplies the build bounds; without it only x's."""
    lv = solution.levels
    out: dict[tuple[str, int], str] = {}
    if not len(lv) or solution.status != "optimal":
        return out
    m = lv["measure"].map({k: i for i, k in enumerate(ix.measures)}).to_numpy()
    r = lv["region"].map({k: i for i, k in enumerate(ix.regions)}).to_numpy()
    y = lv["year"].map({k: i for i, k in enumerate(ix.years)}).to_numpy()
    x = lv["level"].to_numpy(dtype=float)
    lo, hi = ix.floor[m, r, y], ix.potential[m, r, y]
    scale = tol * np.maximum(1, hi)
    inside = (x > lo + scale) & (x < hi - scale)
    if lp is not None:
        b = lv["build"].to_numpy(dtype=float)
        bhi = lp.col_upper[lp.cols.build[m, r, y]]
        inside &= (b > scale) & (b < bhi - tol * np.maximum(1, np.where(np.isinf(bhi), 1, bhi)))
    for _, t in solution.targets.iterrows():
        if t["status"] != "binding" or t["quantity"] not in ix.quantities:
            continue
        yi = ix.years.index(int(t["year"]))
        contrib = ix.effect[m, ix.q(t["quantity"]), r, y] * x
        sel = inside & (y == yi) & (contrib != 0)
        if not sel.any():
            out[(t["target"], int(t["year"]))] = ""
            continue
        by = pd.Series(np.abs(contrib[sel]), index=lv["measure"].to_numpy()[sel]) \
            .groupby(level=0).sum()
        out[(t["target"], int(t["year"]))] = str(by.idxmax())
    return out


def _reductions(ix: Indexed, levels: pd.DataFrame) -> dict[str, np.ndarray]:
    m = levels["measure"].map({k: i for i, k in enumerate(ix.measures)}).to_numpy()
    r = levels["region"].map({k: i for i, k in enumerate(ix.regions)}).to_numpy()
    y = levels["year"].map({k: i for i, k in enumerate(ix.years)}).to_numpy()
    x = levels["level"].to_numpy(dtype=float)
    out = {}
    for q in (*REPORTED, "electricity"):
        out[q] = ix.effect[m, ix.q(q), r, y] * x if q in ix.quantities else np.zeros(len(x))
    return out


def measures_table(solution, ix: Indexed) -> pd.DataFrame:
    """One row per (measure, region, year) with a variable.

    Columns: ``measure, label_zh, label_en, family, eligible`` (counts toward load-reduction
    targets), ``project_category, region, year, level`` (capacity in operation, measure's
    ``unit``), ``build`` (capacity built in that model year), ``unit``,
    cost items in CNY/yr, undiscounted, constant base-year prices (``capital`` annuity of the
    vintages in operation, ``om``, ``energy_added``, ``energy_avoided``, ``other_savings``,
    ``gross``, ``savings``, ``net``; ``annual_cost`` = net), then ``reduction_<q>`` for q in COD,
    NH3-N, NOx, SO2, VOCs, PM2.5 (t), CO2 (t CO2), energy (tce): effect × level (negative = an
    increase; 0 where the measure has no effect on q); ``electricity_change_mwh`` (MWh/yr,
    + = more use).
    """
    lv = solution.levels.merge(solution.costs, on=["measure", "region", "year"], how="left")
    info = ix.measure_info
    lv["family"] = lv["measure"].map(info["family"])
    lv["unit"] = lv["measure"].map(info["unit"])
    lv["label_zh"] = lv["measure"].map(info["label_zh"])
    lv["label_en"] = lv["measure"].map(info["label_en"])
    lv["eligible"] = lv["measure"].map(dict(zip(ix.measures, ix.eligible, strict=True)))
    lv["project_category"] = lv["measure"].map(info["project_category"]) \
        if "project_category" in info.columns else ""
    lv["annual_cost"] = lv["net"]
    red = _reductions(ix, solution.levels)
    for q in REPORTED:
        lv[f"reduction_{q}"] = red[q]
    lv["electricity_change_mwh"] = -red["electricity"]
    cols = ["measure", "label_zh", "label_en", "family", "eligible", "project_category",
            "region", "year", "level", "build", "unit", *COST_COLUMNS, "annual_cost"]
    return lv[cols + [f"reduction_{q}" for q in REPORTED] + ["electricity_change_mwh"]
              ].reset_index(drop=True)


#: IAMC long-format columns of ``emissions.csv`` (loads unchanged into ``pyam.IamDataFrame``).
IAMC_COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value"]
#: The ``model`` column of every row.
MODEL_NAME = "peakplan"
#: The baseline (no new measures) of scenario ``s`` is the IAMC scenario ``s + BASELINE_SUFFIX``.
BASELINE_SUFFIX = " (baseline)"
#: Named variables and units of ledger quantities (others: ``Emissions|<q>``, ``t <q>/yr``).
VARIABLES = {
    "CO2": ("Emissions|CO2", "t CO2/yr"),
    "CO2_process": ("Emissions|CO2_process", "t CO2/yr"),
    "energy": ("Energy|Total", "tce/yr"),
    "energy_gross": ("Energy|Gross", "tce/yr"),
    "electricity": ("Electricity|Use", "MWh/yr"),
    "electricity_generation": ("Electricity|Generation", "MWh/yr"),
}


def variable_of(q: str, services: set[str] | frozenset = frozenset()) -> tuple[str, str]:
    """(IAMC variable, unit) of ledger quantity ``q``: :data:`VARIABLES`, ``Service|<q>`` in
    ``%`` for a service indicator (one with a ``q:total``), else ``Emissions|<q>`` in
    ``t <q>/yr`` (pollutants, other gases)."""
    if q in VARIABLES:
        return VARIABLES[q]
    if q in services:
        return f"Service|{q}", "%"
    return f"Emissions|{q}", f"t {q}/yr"


def split_case(emissions: pd.DataFrame) -> pd.DataFrame:
    """An ``emissions.csv`` table with the baseline folded into the scenario name, as a copy with
    ``scenario`` (the run's name) and ``case`` (``baseline`` | ``scenario``) apart — what a
    reader that sets the two cases side by side needs."""
    out = emissions.copy()
    name = out["scenario"].astype(str)
    base = name.str.endswith(BASELINE_SUFFIX)
    out["case"] = np.where(base, "baseline", "scenario")
    out["scenario"] = np.where(base, name.str[: -len(BASELINE_SUFFIX)], name)
    return out


def emissions_table(solution, ix: Indexed, scenario: str, city: str | None = None
                    ) -> pd.DataFrame:
    """Baseline and scenario values by region and year, in IAMC long format (pyam).

    Columns :data:`IAMC_COLUMNS`: ``model`` (``peakplan``), ``scenario`` (``scenario`` for the
    plan, ``scenario + " (baseline)"`` for the projection without new measures), ``region``,
    ``variable``, ``unit``, ``year``, ``value`` — so ``pyam.IamDataFrame`` reads the file as
    it is. Emissions and energy: plan = B − Σ_m effect[m,q,r,y]·x[m,r,y], variables
    ``Emissions|<gas or pollutant>`` (``t CO2/yr``, ``t NOx/yr``, ...), ``Energy|Total``
    (assessed, ``tce/yr``), ``Energy|Gross``, ``Electricity|Use`` and
    ``Electricity|Generation`` (``MWh/yr``); service indicators q (those with a ``q:total``):
    ``Service|<q>``, the share served (B + Σ effect·x)/total in ``%``. ``city`` (the region
    without a parent) adds a row summing the regions (shares: ratio of sums). Base year: the
    plan equals the baseline. :func:`split_case` separates the two cases again.
    """
    x = np.zeros_like(ix.potential)
    lv = solution.levels
    m = lv["measure"].map({k: i for i, k in enumerate(ix.measures)}).to_numpy()
    r = lv["region"].map({k: i for i, k in enumerate(ix.regions)}).to_numpy()
    y = lv["year"].map({k: i for i, k in enumerate(ix.years)}).to_numpy()
    x[m, r, y] = lv["level"].to_numpy(dtype=float)
    delta = np.einsum("mqry,mry->rqy", ix.effect, x)  # [R, Q, Y]
    years = [ix.base_year, *ix.years]
    totals = {q[: -len(":total")] for q in ix.quantities if q.endswith(":total")}
    base_name = scenario + BASELINE_SUFFIX
    rows = []
    regions = list(ix.regions) + ([city] if city and city not in ix.regions else [])
    for q_i, q in enumerate(ix.quantities):
        if q.endswith(":total"):
            continue
        var, unit = variable_of(q, totals)
        t_i = ix.q(q + ":total") if q in totals else None
        for r_i, region in enumerate(regions):
            sel = slice(None) if r_i >= len(ix.regions) else slice(r_i, r_i + 1)
            for t, year in enumerate(years):
                b = float(ix.baseline[sel, t, q_i].sum())
                d = 0.0 if t == 0 else float(delta[sel, q_i, t - 1].sum())
                if t_i is not None:
                    tot = float(ix.baseline[sel, t, t_i].sum())
                    if tot == 0 and b == 0 and abs(d) <= 1e-9:
                        continue  # the service does not exist here (0 served of 0 total)
                    if tot <= 0:
                        raise InputError(f"ModelData.baseline region {region!r} year {year}",
                                         f"no positive '{q}:total' for service indicator {q!r}",
                                         "a positive total to take the service share of")
                    base_v, scen_v = 100.0 * b / tot, 100.0 * (b + d) / tot
                else:
                    base_v, scen_v = b, b - d
                rows.append((MODEL_NAME, base_name, region, var, unit, int(year), base_v))
                rows.append((MODEL_NAME, scenario, region, var, unit, int(year), scen_v))
    out = pd.DataFrame(rows, columns=IAMC_COLUMNS)
    return out.sort_values(["region", "variable", "year", "scenario"]).reset_index(drop=True)
