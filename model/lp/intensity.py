"""Intensity family: CO2 and energy per unit of GDP against the base year.

The plan's targets (CO2 per GDP −17 %, energy per GDP −12.5 % in 2025 vs 2020; TARGETS.md §四)
with GDP exogenous at constant base-year prices, so the row stays linear (DESIGN.md §4).
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.lp.targets import baseline_total, target_row, targets_of_kind


def intensity_rhs(model: pyo.ConcreteModel, target: str):
    """rhs = Σ_r B[q,r,y] − (1 − v)·(Σ_r B[q,r,base] / Σ_r GDP[r,base])·Σ_r GDP[r,y]."""
    q, y, base = model.target_quantity[target], model.target_year[target], model.base_year
    gdp_base = sum(model.gdp[r, base] for r in model.region)
    gdp_year = sum(model.gdp[r, y] for r in model.region)
    base_intensity = baseline_total(model, q, base) / gdp_base
    allowed = (1 - model.target_value[target]) * base_intensity * gdp_year
    return baseline_total(model, q, y) - allowed


def allowed_level(model: pyo.ConcreteModel, target: str) -> float:
    """K = (Σ_r B[q,r,base] / Σ_r GDP[r,base]) · Σ_r GDP[r,y]: the level at zero reduction of
    intensity (t or tce); the allowed level is (1 − v)·K."""
    q, y, base = model.target_quantity[target], model.target_year[target], model.base_year
    gdp_base = sum(pyo.value(model.gdp[r, base]) for r in model.region)
    gdp_year = sum(pyo.value(model.gdp[r, y]) for r in model.region)
    return pyo.value(baseline_total(model, q, base)) / gdp_base * gdp_year


def add_intensity(model: pyo.ConcreteModel, data) -> None:
    """Add ``intensity_row[t]`` for targets of kind ``intensity`` (CONTRACTS §5):

    ``Σ_r (B[q,r,y] − Σ_m effect[m,q]·x[m,r,y])
    <= (1 − v)·(Σ_r B[q,r,base]/Σ_r GDP[r,base])·Σ_r GDP[r,y]``

    i.e. ``Σ_{m,r} effect[m,q]·x[m,r,y] >= rhs`` (:func:`intensity_rhs`), q = ``CO2`` (t CO2)
    or ``energy`` (tce), v the required fall of intensity as a fraction (0.17 for −17 %).
    """
    model.intensity_row = pyo.Constraint(targets_of_kind(model, "intensity"),
                                         rule=lambda m, t: target_row(m, t))
