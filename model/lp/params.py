"""Mutable Params of the LP and :func:`update_params` (re-solve without rebuilding).

Every coefficient a sensitivity run may change is a mutable Pyomo Param, so the built model is
kept and HiGHS (through the persistent appsi interface) only receives the changed numbers.

===================  ==============================  =========================================
Param                index                           unit
===================  ==============================  =========================================
``annual_cost``      measure                         CNY per unit of the measure per year
``effect``           effect_index (measure,quantity) t, t CO2, tce or indicator per unit per yr
``floor``            applicable (measure,region,yr)  unit of the measure
``potential``        applicable                      unit of the measure
``capacity``         pool_index (pool,region,year)   capacity unit of the pool
``share``            member_index (pool, measure)    capacity unit per unit of the measure
``baseline``         baseline_index (region,yr,qty)  t, t CO2, tce or indicator
``gdp``              gdp_index (region, year)        CNY, constant base-year prices
``target_value``     target                          t, or fraction (intensity, service_level)
``discount_rate``    scalar                          fraction per year
``df``               year                            discount factor (1+r)^-(y-base), derived
``target_scale``     target                          row scale (set by model.lp.scaling)
``pool_scale``       pool_index                      row scale (set by model.lp.scaling)
``shortfall_weight`` target                          u/size weight (diagnosis; model.solve)
===================  ==============================  =========================================
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pyomo.environ as pyo

from model.errors import InputError

#: Params a caller may change with update_params (the derived ones are recomputed).
CHANGEABLE = ("annual_cost", "effect", "floor", "potential", "capacity", "share", "baseline",
              "gdp", "target_value", "discount_rate")


def add_params(model: pyo.ConcreteModel, data) -> None:
    """Add the mutable Params of the module table, initialised from ``data``."""
    model.annual_cost = pyo.Param(model.measure, mutable=True, within=pyo.Reals,
                                  initialize=data.measures["annual_cost"].astype(float).to_dict())
    model.effect = pyo.Param(model.effect_index, mutable=True, within=pyo.Reals, initialize={
        (m, q): float(v) for m, q, v in data.effects[["measure", "quantity", "value"]]
        .itertuples(index=False)})
    b = data.bounds
    model.floor = pyo.Param(model.applicable, mutable=True, within=pyo.Reals, initialize={
        (m, r, int(y)): float(f) for m, r, y, f in b[["measure", "region", "year", "floor"]]
        .itertuples(index=False)})
    model.potential = pyo.Param(model.applicable, mutable=True, within=pyo.Reals, initialize={
        (m, r, int(y)): float(p) for m, r, y, p in b[["measure", "region", "year", "potential"]]
        .itertuples(index=False)})
    model.capacity = pyo.Param(model.pool_index, mutable=True, within=pyo.Reals, initialize={
        (p, r, int(y)): float(c) for p, r, y, c in
        data.pools[["pool", "region", "year", "capacity"]].itertuples(index=False)})
    model.share = pyo.Param(model.member_index, mutable=True, within=pyo.Reals, initialize={
        (p, m): float(s) for p, m, s in data.pool_members[["pool", "measure", "share"]]
        .itertuples(index=False)})
    model.baseline = pyo.Param(model.baseline_index, mutable=True, within=pyo.Reals, initialize={
        (r, int(y), q): float(v) for r, y, q, v in data.baseline[["region", "year", "quantity",
                                                                   "value"]].itertuples(index=False)})
    model.gdp = pyo.Param(model.gdp_index, mutable=True, within=pyo.Reals, initialize={
        (r, int(y)): float(v) for r, y, v in data.gdp[["region", "year", "value"]]
        .itertuples(index=False)})
    model.target_value = pyo.Param(model.target, mutable=True, within=pyo.Reals, initialize=dict(
        zip(data.targets["target"], data.targets["value"].astype(float), strict=True)))
    model.base_year = int(data.base_year)
    model.discount_rate = pyo.Param(mutable=True, within=pyo.Reals,
                                    initialize=float(data.discount_rate))
    model.df = pyo.Param(model.year, mutable=True, within=pyo.Reals,
                         initialize={int(y): discount_factor(data.discount_rate, y, data.base_year)
                                     for y in data.years})
    model.target_scale = pyo.Param(model.target, mutable=True, within=pyo.Reals, initialize=1.0)
    model.pool_scale = pyo.Param(model.pool_index, mutable=True, within=pyo.Reals, initialize=1.0)
    model.shortfall_weight = pyo.Param(model.target, mutable=True, within=pyo.Reals,
                                       initialize=1.0)


def discount_factor(rate: float, year: int, base_year: int) -> float:
    """df[y] = (1 + r)^-(y - base_year), the present-value factor to the base year."""
    return (1.0 + float(rate)) ** -(int(year) - int(base_year))


def update_params(model: pyo.ConcreteModel, changes: Mapping[str, object]) -> None:
    """Set Param values of a built model in place (no rebuild), for sensitivity re-solves.

    Parameters
    ----------
    changes:
        ``{param_name: {index: value}}`` for indexed Params (index as in the module table,
        e.g. ``{"effect": {("m1", "CO2"): 2.0}}``), or ``{"discount_rate": 0.05}``. Names in
        :data:`CHANGEABLE`. Changing the discount rate recomputes ``df``.

    Raises
    ------
    InputError
        Unknown Param name or index, a non-finite value, or a floor above its potential.
    """
    for name, change in changes.items():
        if name not in CHANGEABLE:
            raise InputError(f"update_params key {name!r}", "an unknown parameter",
                             f"one of {list(CHANGEABLE)}")
        param = getattr(model, name)
        if name == "discount_rate":
            value = _finite(change, f"update_params {name}")
            if not 0 <= value < 1:
                raise InputError("update_params discount_rate", repr(value), "a fraction in [0, 1)")
            param.set_value(value)
            for y in model.year:
                model.df[y] = discount_factor(value, y, model.base_year)
            continue
        if not isinstance(change, Mapping):
            raise InputError(f"update_params {name!r}", type(change).__name__,
                             "a mapping {index: value}")
        for index, value in change.items():
            if index not in param:
                raise InputError(f"update_params {name!r} index {index!r}", "an unknown index",
                                 "an index the model was built with (sparse Params cannot grow)")
            param[index] = _finite(value, f"update_params {name}[{index!r}]")
        if name in ("floor", "potential"):
            for index in change:
                lo, hi = pyo.value(model.floor[index]), pyo.value(model.potential[index])
                if lo < 0 or lo > hi:
                    raise InputError(f"update_params {name}[{index!r}]",
                                     f"floor {lo} potential {hi}", "0 <= floor <= potential")


def _finite(value: object, where: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(where, repr(value), "a finite number") from None
    if not math.isfinite(v):
        raise InputError(where, repr(value), "a finite number")
    return v
