"""Tidy result tables from a :class:`~model.lp.solve.Solution` (CONTRACTS §6, DESIGN.md §3).

All are long DataFrames of plain floats with ids (no Chinese in ids; ``label_zh`` is a label
column), computed from the solution and the :class:`~model.lp.index.Indexed` arrays the LP was
solved with (so a sensitivity sample's tables use the sample's numbers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model import quantities
from model.errors import InputError
from model.lp import kinds
from model.lp.index import Indexed
from model.lp.solve import Solution

#: quantities whose reduction is reported per measure (measures_table), in this order
REPORTED = quantities.reported()
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
    ``lp`` (the compiled LinearProgram) supplies the columns' own bounds (x's upper bound is the
    uptake cap where one is declared, below the potential: a measure at its cap is at a bound,
    not at the margin; before, plan-2025's CO2 intensity named industrial energy efficiency,
    at its 2025 cap at -504 CNY/t, for a +13 CNY/t price) and the build bounds; without it the
    floor and potential only."""
    lv = solution.levels
    out: dict[tuple[str, int], str] = {}
    if not len(lv) or solution.status != "optimal":
        return out
    m = lv["measure"].map({k: i for i, k in enumerate(ix.measures)}).to_numpy(dtype=np.int64)
    r = lv["region"].map({k: i for i, k in enumerate(ix.regions)}).to_numpy(dtype=np.int64)
    y = lv["year"].map({k: i for i, k in enumerate(ix.years)}).to_numpy(dtype=np.int64)
    x = lv["level"].to_numpy(dtype=float)
    lo, hi = ix.floor[m, r, y], ix.potential[m, r, y]
    if lp is not None:  # the column's own bounds: the uptake cap lies below the potential
        j = lp.cols.x[m, r, y]
        lo, hi = lp.col_lower[j], lp.col_upper[j]
    scale = tol * np.maximum(1, np.where(np.isinf(hi), 1, hi))
    inside = (x > lo + scale) & (x < hi - scale)
    if lp is not None:
        b = lv["build"].to_numpy(dtype=float)
        bhi = lp.col_upper[lp.cols.build[m, r, y]]
        inside &= (b > scale) & (b < bhi - tol * np.maximum(1, np.where(np.isinf(bhi), 1, bhi)))
    C = ix.contributions(_plan_x(ix, lv))
    for _, t in solution.targets.iterrows():
        if t["status"] != "binding" or t["quantity"] not in ix.quantities:
            continue
        yi = ix.years.index(int(t["year"]))
        kind = kinds.get(t["kind"]) if t["kind"] in kinds.KINDS else None
        if kind is not None and kind.row_effect is not None:  # e.g. a concentration row
            info = ix.targets.set_index("target").loc[t["target"]]
            coef = kind.row_effect(ix, pd.Series({**info.to_dict(), "target": t["target"]}),
                                   int(t["year"]))
            contrib = np.where(y == yi, coef[m, r], 0.0) * x
        else:  # the year's effect and the later-year effects of earlier years (lags)
            contrib = C[m, ix.q(t["quantity"]), r, y]
        sel = inside & (y == yi) & (contrib != 0)
        if kind is not None and kind.counts is not None:  # only the measures the row counts
            # (load reductions: key-project measures; household coal-to-gas cuts VOCs but is
            # not one, and was named the VOCs margin)
            sel &= np.asarray(kind.counts(ix), dtype=bool)[m]
        if not sel.any():
            out[(t["target"], int(t["year"]))] = ""
            continue
        by = pd.Series(np.abs(contrib[sel]), index=lv["measure"].to_numpy()[sel]) \
            .groupby(level=0).sum()
        out[(t["target"], int(t["year"]))] = str(by.idxmax())
    return out


def _positions(ix: Indexed, levels: pd.DataFrame) -> tuple[np.ndarray, ...]:
    m = levels["measure"].map({k: i for i, k in enumerate(ix.measures)}).to_numpy(dtype=np.int64)
    r = levels["region"].map({k: i for i, k in enumerate(ix.regions)}).to_numpy(dtype=np.int64)
    y = levels["year"].map({k: i for i, k in enumerate(ix.years)}).to_numpy(dtype=np.int64)
    return m, r, y


def _plan_x(ix: Indexed, levels: pd.DataFrame) -> np.ndarray:
    """The plan as x[M, R, Y] (0 where no level)."""
    x = np.zeros_like(ix.potential, dtype=float)
    if len(levels):
        m, r, y = _positions(ix, levels)
        x[m, r, y] = levels["level"].to_numpy(dtype=float)
    return x


def _reductions(ix: Indexed, levels: pd.DataFrame) -> dict[str, np.ndarray]:
    """{quantity: reduction of each level row} (its year's effect and the later-year effects
    of the measure's earlier years, :meth:`model.lp.index.Indexed.contributions`)."""
    m, r, y = _positions(ix, levels)
    C = ix.contributions(_plan_x(ix, levels))
    out = {}
    for q in (*REPORTED, "electricity"):
        out[q] = C[m, ix.q(q), r, y] if q in ix.quantities else np.zeros(len(m))
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
    increase; 0 where the measure has no effect on q), CH4 and N2O (t of the gas) and CO2e
    (t CO2e: CO2 as the scenario's rule counts it + GWP-100 × CH4 and N2O of the scenario's GWP
    set); a measure whose effect comes in later years (waste kept out of a landfill) carries
    in year y what its earlier years' capacity does then; ``electricity_change_mwh`` (MWh/yr,
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
VARIABLES = quantities.variables()


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
    delta = ix.contributions(_plan_x(ix, solution.levels)).sum(axis=0).transpose(1, 0, 2)
    # [R, Q, Y]
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



def capacity_table(solution, ix: Indexed) -> pd.DataFrame:
    """Capacity by vintage: ``measure, region, vintage, year, capacity, unit`` — the capacity
    built in model year ``vintage`` still in operation in ``year`` (build × the share of the
    vintage active then: 1 within its lifetime, the survival of its source for replacements),
    rows with capacity > 0 only."""
    lv = solution.levels
    cols = ["measure", "region", "vintage", "year", "capacity", "unit"]
    if not len(lv):
        return pd.DataFrame(columns=cols)
    active = ix.active()  # [M, V, Y]
    mi = {k: i for i, k in enumerate(ix.measures)}
    yi = {k: i for i, k in enumerate(ix.years)}
    units = ix.measure_info["unit"].to_dict()
    rows = []
    built = lv[lv["build"] > 1e-9]
    for m, r, v, b in zip(built["measure"], built["region"], built["year"], built["build"],
                          strict=True):
        share = active[mi[m], yi[int(v)]]
        for y_i, a in enumerate(share):
            if a > 0:
                rows.append((m, r, int(v), ix.years[y_i], float(b) * float(a), units[m]))
    return pd.DataFrame(rows, columns=cols)


def costs_by_year(solution, ix: Indexed, city: str | None = None) -> pd.DataFrame:
    """Cost by year and region (and the city): ``region, year`` and the items capital, om,
    energy_added, energy_avoided, other_savings, gross, savings, net (CNY/yr, undiscounted,
    constant base-year prices), ``discount_factor`` (to the base year) and ``net_pv`` (net ×
    the present value of the calendar years the model year stands for)."""
    c = solution.costs
    items = list(COST_COLUMNS)
    if not len(c):
        return pd.DataFrame(columns=["region", "year", *items, "discount_factor", "net_pv"])
    g = c.groupby(["region", "year"], as_index=False)[items].sum()
    if city:
        tot = g.groupby("year", as_index=False)[items].sum()
        tot.insert(0, "region", city)
        g = pd.concat([g, tot], ignore_index=True)
    pv = dict(zip(ix.years, ix.period_pv, strict=True))
    g["discount_factor"] = [ix.discount(y) for y in g["year"]]
    g["net_pv"] = g["net"] * g["year"].map(pv)
    return g.sort_values(["region", "year"]).reset_index(drop=True)


def _totals(ix: Indexed, solution: Solution) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Scenario and baseline city totals by time index (base + model years) of every
    quantity: {quantity: (baseline[T], scenario[T])}."""
    red = ix.contributions(_plan_x(ix, solution.levels)).sum(axis=(0, 2))  # [Q, Y]
    out = {}
    for qi, q in enumerate(ix.quantities):
        base = ix.baseline[:, :, qi].sum(axis=0)
        scen = base.copy()
        scen[1:] = base[1:] - red[qi]
        out[q] = (base, scen)
    return out


def pathway_table(solution, ix: Indexed) -> tuple[pd.DataFrame, dict]:
    """The city's pathway by year: ``year, case`` (baseline | scenario), ``CO2`` (t, as the
    scenario's rule counts it), ``energy`` (tce, assessed), ``gdp`` (CNY, constant prices),
    ``co2_intensity`` (t per 10^4 CNY), ``energy_intensity`` (tce per 10^4 CNY),
    ``co2_intensity_fall`` and ``energy_intensity_fall`` (vs the base year, fractions), and the
    summary {peak_year, peak_co2, co2_2035/last, decline_after_peak_per_yr} of the scenario
    case (the year of the highest CO2 over base and model years)."""
    tot = _totals(ix, solution)
    years = [ix.base_year, *ix.years]
    gdp = ix.gdp.sum(axis=0)
    rows = []
    for case, k in (("baseline", 0), ("scenario", 1)):
        co2 = tot["CO2"][k] if "CO2" in tot else np.zeros(len(years))
        en = tot["energy"][k] if "energy" in tot else np.zeros(len(years))
        ci, ei = co2 / (gdp / 1e4), en / (gdp / 1e4)
        for t, y in enumerate(years):
            rows.append({"year": y, "case": case, "CO2": float(co2[t]), "energy": float(en[t]),
                         "gdp": float(gdp[t]), "co2_intensity": float(ci[t]),
                         "energy_intensity": float(ei[t]),
                         "co2_intensity_fall": float(1 - ci[t] / ci[0]) if ci[0] else np.nan,
                         "energy_intensity_fall": float(1 - ei[t] / ei[0]) if ei[0] else np.nan})
    df = pd.DataFrame(rows)
    scen = df[df["case"] == "scenario"].reset_index(drop=True)
    i = int(scen["CO2"].idxmax())
    peak_year, peak = int(scen.loc[i, "year"]), float(scen.loc[i, "CO2"])
    last = scen.iloc[-1]
    span = int(last["year"]) - peak_year
    decline = (1 - (last["CO2"] / peak) ** (1 / span)) if span > 0 and peak > 0 else np.nan
    summary = {"peak_year": peak_year, "peak_co2_t": peak,
               "last_year": int(last["year"]), "last_co2_t": float(last["CO2"]),
               "decline_after_peak_per_yr": float(decline),
               "peaks_within_horizon": bool(span > 0)}
    return df, summary


def wedges_table(solution, ix: Indexed) -> pd.DataFrame:
    """Reductions by measure family and year against a run without new measures (``bau``,
    whose baseline this is): ``family, year, quantity, reduction`` (t, t CO2, tce; negative =
    an increase), for CO2, energy and every pollutant."""
    lv = solution.levels
    cols = ["family", "year", "quantity", "reduction"]
    if not len(lv):
        return pd.DataFrame(columns=cols)
    red = _reductions(ix, lv)
    fam = lv["measure"].map(ix.measure_info["family"]).to_numpy()
    rows = []
    for q in REPORTED:
        df = pd.DataFrame({"family": fam, "year": lv["year"].to_numpy(), "v": red[q]})
        g = df.groupby(["family", "year"], as_index=False)["v"].sum()
        rows += [(f, int(y), q, float(v)) for f, y, v in g.itertuples(index=False) if v != 0]
    return pd.DataFrame(rows, columns=cols)
