"""Tidy result tables from a :class:`~model.solve.Solution` (CONTRACTS §6, DESIGN.md §3).

All three are long DataFrames of plain floats with ids (no Chinese in ids; ``label_zh`` is a
label column). They are computed from ``data`` as given (the ModelData the model was built
from); after :func:`model.lp.build.update_params` a caller reads the Solution's own columns.
"""

from __future__ import annotations

import pandas as pd

from model.errors import InputError

#: quantities whose reduction is reported per measure (measures_table), in this order
REPORTED = ("COD", "NH3-N", "NOx", "SO2", "VOCs", "PM2.5", "CO2", "energy")
GASES = ("CO2", "CH4", "N2O")
CITY = "ankang"

TARGET_COLUMNS = ["target", "label_zh", "label_en", "required", "achieved", "unit", "shortfall",
                  "shadow_price", "shadow_price_unit", "range_low", "range_high", "status",
                  "kind", "quantity", "year", "max_achievable", "message"]


def targets_table(solution, data) -> pd.DataFrame:
    """One row per target.

    Columns: ``target, label_zh, label_en, required, achieved, unit, shortfall, shadow_price,
    shadow_price_unit, range_low, range_high, status`` (binding | slack | shortfall), then
    ``kind, quantity, year, max_achievable, message``. ``required``/``achieved``/``shortfall``/
    ranges in the target's unit (t; a fraction for intensity and service level); shadow price in
    undiscounted CNY of the target year per t, t CO2, tce, or per percentage point of service
    level (see :mod:`model.solve`); ranges and shadow prices are NaN for an infeasible set,
    ``max_achievable`` is NaN for an optimal one.
    """
    t = solution.targets
    order = {k: i for i, k in enumerate(data.targets["target"])}
    out = t.sort_values("target", key=lambda s: s.map(order)).reset_index(drop=True)
    return out[TARGET_COLUMNS].copy()


def measures_table(solution, data) -> pd.DataFrame:
    """One row per (measure, region, year) with a variable.

    Columns: ``measure, family, region, year, level`` (measure's ``unit``), ``unit``,
    ``annual_cost`` (CNY/yr, undiscounted: annual_cost per unit × level), then
    ``reduction_<q>`` for q in COD, NH3-N, NOx, SO2, VOCs, PM2.5 (t), CO2 (t CO2), energy (tce):
    effect[m, q] × level (negative = an increase, e.g. grid CO2 of electrification; 0 where
    the measure has no effect on q); ``electricity_change_mwh`` (MWh/yr, + = more use);
    ``label_zh, label_en`` of the measure.
    """
    lv = solution.levels.copy()
    meas = data.measures
    lv["family"] = lv["measure"].map(meas["family"])
    lv["unit"] = lv["measure"].map(meas["unit"])
    lv["annual_cost"] = lv["measure"].map(meas["annual_cost"].astype(float)) * lv["level"]
    eff = data.effects.set_index(["measure", "quantity"])["value"].astype(float).to_dict()
    for q in REPORTED:
        lv[f"reduction_{q}"] = [eff.get((m, q), 0.0) * x
                                for m, x in zip(lv["measure"], lv["level"], strict=True)]
    lv["electricity_change_mwh"] = [-eff.get((m, "electricity"), 0.0) * x
                                    for m, x in zip(lv["measure"], lv["level"], strict=True)]
    lv["label_zh"] = lv["measure"].map(meas["label_zh"])
    lv["label_en"] = lv["measure"].map(meas["label_en"])
    cols = ["measure", "label_zh", "label_en", "family", "region", "year", "level", "unit",
            "annual_cost"]
    return lv[cols + [f"reduction_{q}" for q in REPORTED] + ["electricity_change_mwh"]
              ].reset_index(drop=True)


def _variable(q: str, services: set[str]) -> tuple[str, str]:
    if q == "energy":
        return "Energy|Total", "tce"
    if q in services:
        return f"Service|{q}", "fraction"
    if q in GASES:
        return f"Emissions|{q}", f"t {q}"
    return f"Emissions|{q}", "t"


def emissions_table(solution, data, scenario: str) -> pd.DataFrame:
    """Baseline and scenario values by region and year (pyam-style long table).

    Columns: ``scenario, region, variable, unit, year, case`` (``baseline`` | ``scenario``),
    ``value``. Emissions and energy: scenario = B − Σ_m effect[m, q]·x[m, r, y]; service
    indicators q (those with a ``q:total`` baseline row): share served, (B + Σ effect·x)/total,
    unit ``fraction``. Variables ``Emissions|<gas or pollutant>``, ``Energy|Total``,
    ``Service|<id>``. The city row ``ankang`` is the sum over regions (shares: ratio of sums),
    added unless ``ankang`` is itself a model region. Base year: both cases equal the baseline.
    """
    base = data.baseline.copy()
    base["year"] = base["year"].astype(int)
    totals = {q[: -len(":total")] for q in base["quantity"] if q.endswith(":total")}
    eff = data.effects.astype({"value": float})
    lv = solution.levels.merge(eff, on="measure")
    lv["delta"] = lv["value"] * lv["level"]
    delta = lv.groupby(["region", "year", "quantity"])["delta"].sum()
    plain = base[~base["quantity"].str.endswith(":total")].copy()
    plain["d"] = [float(delta.get((r, y, q), 0.0)) for r, y, q in
                  plain[["region", "year", "quantity"]].itertuples(index=False)]
    total_of = {(r, int(y), q[: -len(":total")]): float(v) for r, y, q, v in
                base[["region", "year", "quantity", "value"]].itertuples(index=False)
                if q.endswith(":total")}
    plain["total"] = [total_of.get((r, y, q), 0.0) for r, y, q in
                      plain[["region", "year", "quantity"]].itertuples(index=False)]
    if CITY not in set(data.regions):
        city = plain.groupby(["year", "quantity"], as_index=False)[["value", "d", "total"]].sum()
        city["region"] = CITY
        plain = pd.concat([plain[city.columns], city], ignore_index=True)
    rows = []
    for r, y, q, b, d, tot in plain[["region", "year", "quantity", "value", "d", "total"]] \
            .itertuples(index=False):
        var, unit = _variable(q, totals)
        if q in totals:
            if tot == 0 and b == 0 and abs(d) <= 1e-9:
                continue  # the service does not exist in this region (0 served of 0 total)
            if tot <= 0:
                raise InputError(f"ModelData.baseline region {r!r} year {y}",
                                 f"no positive '{q}:total' for service indicator {q!r}",
                                 "a positive total to take the service share of")
            base_v, scen_v = b / tot, (b + d) / tot
        else:
            base_v, scen_v = b, b - d
        rows.append((scenario, r, var, unit, int(y), "baseline", float(base_v)))
        rows.append((scenario, r, var, unit, int(y), "scenario", float(scen_v)))
    out = pd.DataFrame(rows, columns=["scenario", "region", "variable", "unit", "year", "case",
                                      "value"])
    return out.sort_values(["region", "variable", "year", "case"]).reset_index(drop=True)
