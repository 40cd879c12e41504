"""Decision variable and the potentials family: floor <= x <= potential, no-regret.

DESIGN.md §4 (GAINS application rates in absolute units): ``x[m, r, y]`` is the level of
abatement measure m applied in region r in year y, in the measure's own unit.
"""

from __future__ import annotations

import pyomo.environ as pyo


def add_variables(model: pyo.ConcreteModel, data) -> None:
    """Add ``x[measure, region, year] >= 0`` over ``model.applicable`` with bounds

    ``floor[m, r, y] <= x[m, r, y] <= potential[m, r, y]`` (mutable Params, measure's unit).
    Measures have no variable where ``data.bounds`` has no row (not applicable there).
    """
    model.x = pyo.Var(model.applicable, domain=pyo.NonNegativeReals,
                      bounds=lambda m, i, r, y: (m.floor[i, r, y], m.potential[i, r, y]))


def add_potentials(model: pyo.ConcreteModel, data) -> None:
    """Add the no-regret rows across consecutive model years (bounds sit on ``x``).

    ``no_regret[m, r, y]:  x[m, r, y] - x[m, r, y_prev] >= 0`` for every model year y after
    the first, y_prev the model year before it: a measure applied stays applied (capital
    installed is not removed). Indexed over ``applicable`` minus the first model year.
    """
    years = list(model.year)
    prev = dict(zip(years[1:], years[:-1], strict=True))
    index = [(m, r, y) for m, r, y in model.applicable if y in prev]
    model.no_regret_index = pyo.Set(dimen=3, ordered=True, initialize=index)

    def rule(mdl, m, r, y):
        return mdl.x[m, r, y] - mdl.x[m, r, prev[y]] >= 0

    model.no_regret = pyo.Constraint(model.no_regret_index, rule=rule)
