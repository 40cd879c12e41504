"""Objective: least discounted cost; plus the deactivated objectives of the diagnosis.

Decision on discounting: the cost objective is always discounted to the base year,
``df[y] = (1 + r)^-(y − base)``, also with a single model year (the optimum x is then the same
as undiscounted, the objective is the present value). :mod:`model.solve` divides every dual of
a year-y row by df[y], so shadow prices come out in undiscounted CNY of year y per unit.
"""

from __future__ import annotations

import pyomo.environ as pyo


def cost_expression(model: pyo.ConcreteModel):
    """Σ_y df[y] Σ_{m,r} annual_cost[m] · x[m, r, y]  (CNY, present value to the base year)."""
    return sum(model.df[y] * model.annual_cost[m] * model.x[m, r, y]
               for m, r, y in model.applicable)


def add_objective(model: pyo.ConcreteModel, data) -> None:
    """Add ``cost`` (minimise, active), and for the diagnosis of infeasible targets (inactive):

    * ``shortfall_objective``: minimise Σ_t shortfall_weight[t] · shortfall[t], the shortfall
      weighted by the normalised u/size of each target (weights set by
      :func:`model.solve.elastic_weights`);
    * ``shortfall_limit``: Σ_t shortfall_weight[t] · shortfall[t] <= shortfall_bound, to then
      minimise cost at the least shortfall (lexicographic second stage).

    ``annual_cost`` = capital recovery × capital cost + O&M − savings (CNY per unit per year,
    prepared by the measure catalogue).
    """
    model.cost = pyo.Objective(expr=cost_expression(model), sense=pyo.minimize)
    weighted = sum(model.shortfall_weight[t] * model.shortfall[t] for t in model.target)
    model.shortfall_objective = pyo.Objective(expr=weighted, sense=pyo.minimize)
    model.shortfall_objective.deactivate()
    model.shortfall_bound = pyo.Param(mutable=True, within=pyo.Reals, initialize=0.0)
    model.shortfall_limit = pyo.Constraint(expr=weighted <= model.shortfall_bound)
    model.shortfall_limit.deactivate()
