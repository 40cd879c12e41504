"""Index sets of the LP: region, measure, year, quantity, target, pool and the sparse sets.

Dense sets hold ids as given in :class:`~model.lp.build.ModelData`; sparse sets hold only the
tuples that carry data, so no zero coefficient enters a row:

* ``applicable`` (measure, region, year): rows of ``data.bounds``; the domain of ``x``.
* ``effect_index`` (measure, quantity): rows of ``data.effects``.
* ``baseline_index`` (region, year, quantity), ``gdp_index`` (region, year).
* ``pool_index`` (pool, region, year), ``member_index`` (pool, measure).
"""

from __future__ import annotations

import pyomo.environ as pyo


def add_sets(model: pyo.ConcreteModel, data) -> None:
    """Add the sets described in the module docstring to ``model`` (ordered, as in ``data``)."""
    quantities = sorted(set(data.effects["quantity"]) | set(data.baseline["quantity"])
                        | set(data.targets["quantity"]))
    model.region = pyo.Set(initialize=list(data.regions), ordered=True)
    model.measure = pyo.Set(initialize=list(data.measures.index), ordered=True)
    model.year = pyo.Set(initialize=[int(y) for y in data.years], ordered=True)
    model.quantity = pyo.Set(initialize=quantities, ordered=True)
    model.target = pyo.Set(initialize=list(data.targets["target"]), ordered=True)
    model.pool = pyo.Set(initialize=sorted(set(data.pools["pool"])), ordered=True)
    model.applicable = pyo.Set(
        dimen=3, ordered=True,
        initialize=[(m, r, int(y)) for m, r, y in
                    data.bounds[["measure", "region", "year"]].itertuples(index=False)])
    model.effect_index = pyo.Set(
        dimen=2, ordered=True,
        initialize=list(data.effects[["measure", "quantity"]].itertuples(index=False, name=None)))
    model.baseline_index = pyo.Set(
        dimen=3, ordered=True,
        initialize=[(r, int(y), q) for r, y, q in
                    data.baseline[["region", "year", "quantity"]].itertuples(index=False)])
    model.gdp_index = pyo.Set(
        dimen=2, ordered=True,
        initialize=[(r, int(y)) for r, y in data.gdp[["region", "year"]].itertuples(index=False)])
    model.pool_index = pyo.Set(
        dimen=3, ordered=True,
        initialize=[(p, r, int(y)) for p, r, y in
                    data.pools[["pool", "region", "year"]].itertuples(index=False)])
    model.member_index = pyo.Set(
        dimen=2, ordered=True,
        initialize=list(data.pool_members[["pool", "measure"]].itertuples(index=False, name=None)))
