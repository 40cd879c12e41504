"""Service-level family: a share of the total served (sewage treatment, manure use, toilets).

The plan's service targets (TARGETS.md §十七, §三十二), e.g. rural domestic sewage treatment
rate 40 %: served units (baseline plus units added by measures) over the total.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.lp.targets import baseline_total, target_row, targets_of_kind


def service_rhs(model: pyo.ConcreteModel, target: str):
    """rhs = v·Σ_r B[q:total, r, y] − Σ_r B[q, r, y] (indicator units)."""
    q, y = model.target_quantity[target], model.target_year[target]
    return model.target_value[target] * baseline_total(model, f"{q}:total", y) - baseline_total(
        model, q, y)


def service_total(model: pyo.ConcreteModel, target: str) -> float:
    """T = Σ_r B[q:total, r, y], the total the service share is taken of (indicator units)."""
    q, y = model.target_quantity[target], model.target_year[target]
    return float(pyo.value(baseline_total(model, f"{q}:total", y)))


def add_service(model: pyo.ConcreteModel, data) -> None:
    """Add ``service_row[t]`` for targets of kind ``service_level`` (CONTRACTS §5):

    ``Σ_r (B[q,r,y] + Σ_m effect[m,q]·x[m,r,y]) >= v · Σ_r B[q:total,r,y]``

    i.e. ``Σ_{m,r} effect[m,q]·x[m,r,y] >= rhs`` (:func:`service_rhs`); v a fraction (0.40).
    """
    model.service_row = pyo.Constraint(targets_of_kind(model, "service_level"),
                                       rule=lambda m, t: target_row(m, t))
