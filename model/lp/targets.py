"""Target rows: load reductions and caps, and the common form of every target row.

Every target t (kind, quantity q, year y) becomes one row in the common form

    target_scale[t] · (R[t] + shortfall_unit[t] · shortfall[t] + shortfall_given[t])
        >= target_scale[t] · rhs[t]

where ``R[t] = Σ_{m, r} effect[m, q] · x[m, r, y]`` is the reduction (or, for a service
indicator, the increase) the measures deliver in year y, in the quantity's unit, and rhs[t] is
the reduction the target requires. ``shortfall[t] >= 0`` is fixed at 0 and ``shortfall_given[t]``
is 0 except in the elastic diagnosis of an infeasible target set (:mod:`model.solve`), so a
normal solve sees ``s·R >= s·rhs``. In the diagnosis ``shortfall_given`` holds the part of the
requirement no plan can reach (rhs − the standalone maximum of R, quantity's unit) and
``shortfall`` the avoidable rest, counted in units of ``shortfall_unit`` (the row's largest
|effect|, so the column does not widen the row's coefficient span). In a cost minimisation the
dual of the row is >= 0 and equals the marginal cost per unit of q (CNY per t, t CO2, tce).

Kinds (CONTRACTS §5): ``load_reduction`` and ``cap`` here; ``intensity`` in
:mod:`model.lp.intensity`; ``service_level`` in :mod:`model.lp.service`.
"""

from __future__ import annotations

import pyomo.environ as pyo

#: constraint component of each target kind
ROW_OF_KIND = {"load_reduction": "load_row", "cap": "cap_row", "intensity": "intensity_row",
               "service_level": "service_row"}


def add_shortfall(model: pyo.ConcreteModel, data) -> None:
    """Add target metadata Params, ``shortfall[target] >= 0`` (fixed at 0 for a normal solve) and
    the diagnosis Params ``shortfall_unit[target]`` (quantity's unit per unit of shortfall,
    default 1) and ``shortfall_given[target]`` (quantity's unit, default 0), module docstring."""
    t = data.targets
    model.target_kind = pyo.Param(model.target, within=pyo.Any,
                                  initialize=dict(zip(t["target"], t["kind"], strict=True)))
    model.target_quantity = pyo.Param(model.target, within=pyo.Any,
                                      initialize=dict(zip(t["target"], t["quantity"], strict=True)))
    model.target_year = pyo.Param(model.target, within=pyo.Any, initialize=dict(
        zip(t["target"], [int(y) for y in t["year"]], strict=True)))
    model.shortfall = pyo.Var(model.target, domain=pyo.NonNegativeReals)
    model.shortfall_unit = pyo.Param(model.target, mutable=True, within=pyo.Reals, initialize=1.0)
    model.shortfall_given = pyo.Param(model.target, mutable=True, within=pyo.Reals,
                                      initialize=0.0)
    for k in model.target:
        model.shortfall[k].fix(0.0)


def targets_of_kind(model: pyo.ConcreteModel, kind: str) -> list[str]:
    """Target ids of one kind, in model order."""
    return [t for t in model.target if model.target_kind[t] == kind]


def reduction(model: pyo.ConcreteModel, quantity: str, year: int):
    """R = Σ_{m, r} effect[m, quantity] · x[m, r, year] (Pyomo expression; 0 if no measure acts)."""
    regions_of: dict[str, list[str]] = {}
    for m, r, y in model.applicable:
        if y == year:
            regions_of.setdefault(m, []).append(r)
    return sum(model.effect[m, q] * model.x[m, r, year]
               for m, q in model.effect_index if q == quantity
               for r in regions_of.get(m, []))


def baseline_total(model: pyo.ConcreteModel, quantity: str, year: int):
    """Σ_r B[r, year, quantity] over all regions (Pyomo expression of mutable Params)."""
    return sum(model.baseline[r, year, quantity] for r in model.region)


def rhs(model: pyo.ConcreteModel, target: str):
    """The required reduction rhs[t] of a target (Pyomo expression of mutable Params), by kind."""
    from model.lp import intensity, service

    kind = model.target_kind[target]
    if kind == "load_reduction":
        return model.target_value[target]
    if kind == "cap":
        return cap_rhs(model, target)
    if kind == "intensity":
        return intensity.intensity_rhs(model, target)
    return service.service_rhs(model, target)


def cap_rhs(model: pyo.ConcreteModel, target: str):
    """rhs = Σ_r B[q, r, y] − cap, from Σ_r (B − R) <= cap."""
    q, y = model.target_quantity[target], model.target_year[target]
    return baseline_total(model, q, y) - model.target_value[target]


def target_row(model: pyo.ConcreteModel, target: str):
    """The row expression in the common form of the module docstring."""
    q, y = model.target_quantity[target], model.target_year[target]
    s = model.target_scale[target]
    elastic = (model.shortfall_unit[target] * model.shortfall[target]
               + model.shortfall_given[target])
    return s * (reduction(model, q, y) + elastic) >= s * rhs(model, target)


def row_component(model: pyo.ConcreteModel, target: str):
    """The ConstraintData of a target's row."""
    return getattr(model, ROW_OF_KIND[model.target_kind[target]])[target]


def add_targets(model: pyo.ConcreteModel, data) -> None:
    """Add ``load_row`` and ``cap_row``.

    load_reduction (engineering reduction as the plan counts it, CONTRACTS §5):
        ``Σ_{m, r} effect[m, q] · x[m, r, y] >= value``                      (t)
    cap:
        ``Σ_r (B[q, r, y] − Σ_m effect[m, q] · x[m, r, y]) <= value``, i.e.
        ``Σ_{m, r} effect[m, q] · x[m, r, y] >= Σ_r B[q, r, y] − value``    (t or tce)
    Both in the common scaled form with ``shortfall`` (module docstring).
    """
    model.load_row = pyo.Constraint(targets_of_kind(model, "load_reduction"),
                                    rule=lambda m, t: target_row(m, t))
    model.cap_row = pyo.Constraint(targets_of_kind(model, "cap"),
                                   rule=lambda m, t: target_row(m, t))
