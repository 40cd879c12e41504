"""Pools family: measures that compete for the same activity share its capacity.

A cement line is retrofitted or closed; a vehicle is replaced by a China 6 or an electric one
(DESIGN.md §4; GAINS-style mutually exclusive control options on one activity).
"""

from __future__ import annotations

import pyomo.environ as pyo


def add_pools(model: pyo.ConcreteModel, data) -> None:
    """Add ``pool_row[a, r, y]:  s·Σ_{m in a} share[a, m]·x[m, r, y] <= s·A[a, r, y]``.

    Index: ``pool_index`` (pool, region, year); ``share`` in capacity units per unit of the
    measure; ``A`` = ``capacity`` (mutable). Members not applicable in r (no ``x``) drop out.
    ``s`` = ``pool_scale`` is 1 unless :mod:`model.lp.scaling` rescales the row. A pool row with no
    applicable member is skipped (it cannot bind).
    """
    members: dict[str, list[str]] = {}
    for p, m in model.member_index:
        members.setdefault(p, []).append(m)

    def rule(mdl, p, r, y):
        terms = [mdl.share[p, m] * mdl.x[m, r, y] for m in members.get(p, [])
                 if (m, r, y) in mdl.applicable]
        if not terms:
            return pyo.Constraint.Skip
        scale = mdl.pool_scale[p, r, y]
        return scale * sum(terms) <= scale * mdl.capacity[p, r, y]

    model.pool_row = pyo.Constraint(model.pool_index, rule=rule)
