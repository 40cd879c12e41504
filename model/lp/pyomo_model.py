"""The LP declared in Pyomo, from the same arrays HiGHS holds.

:func:`pyomo_model` turns a :class:`~model.lp.structure.LinearProgram` into a Pyomo
``ConcreteModel`` with readable, indexed components: variables ``x[m, r, y]``,
``build[m, r, v]``, ``shortfall[target, year]``; one indexed ``Constraint`` per family
(``vintage``, ``no_regret``, ``pool_row``, ``service_cap``, ``load_row``, ``intensity_row``,
``cap_row``, ``service_row``, ``vs_base_row``, ``peak_row``); objective ``cost``. It is the model
a notebook inspects, what ``peakplan run --save-lp`` writes (CPLEX LP with symbolic labels), what
the golden-file tests compare and what :func:`solve_pyomo` solves through Pyomo's own HiGHS
interface as an independent check of the array path.

Why the arrays are primary (DESIGN.md §7): at 100 counties x 15 years a Pyomo build of the
earlier model took 0.5-1.1x HiGHS's solve and about 14 KB per variable, and sensitivity runs
need thousands of re-solves that change a few entries; the arrays are assembled with numpy in a
fraction of the solve and changed in place in HiGHS. The Pyomo model is built from exactly those
arrays, so the two cannot disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression

from model.lp.index import Indexed
from model.lp.structure import LinearProgram


def pyomo_model(lp: LinearProgram, ix: Indexed, families: list[str] | None = None,
                name: str = "peakplan") -> pyo.ConcreteModel:
    """A Pyomo model of ``lp`` (module docstring). ``families`` keeps only those row families
    (all by default); row scales are undone so rows read in their own units."""
    model = pyo.ConcreteModel(name=name)
    cols = lp.cols
    m, r, y = np.nonzero(cols.x >= 0)
    xkeys = [(ix.measures[a], ix.regions[b], ix.years[c]) for a, b, c in zip(m, r, y,
                                                                             strict=True)]
    lo, hi = lp.col_lower, lp.col_upper

    def bounds(j: int) -> tuple[float | None, float | None]:
        return (None if np.isinf(lo[j]) else float(lo[j]),
                None if np.isinf(hi[j]) else float(hi[j]))

    xcol = dict(zip(xkeys, cols.x[m, r, y], strict=True))
    bcol = dict(zip(xkeys, cols.build[m, r, y], strict=True))
    model.x = pyo.Var(xkeys, domain=pyo.Reals, bounds=lambda _, *k: bounds(xcol[k]))
    model.build = pyo.Var(xkeys, domain=pyo.Reals, bounds=lambda _, *k: bounds(bcol[k]))
    skeys: list[tuple[str, int]] = list(zip(lp.row_target, lp.row_year, strict=True))
    scol = dict(zip(skeys, lp.shortfall_col, strict=True))
    model.shortfall = pyo.Var(skeys, domain=pyo.Reals, bounds=lambda _, *k: bounds(scol[k]))
    var: list[Any] = [None] * lp.n_cols  # the Pyomo variable of each column
    for k, j in xcol.items():
        var[j] = model.x[k]
    for k, j in bcol.items():
        var[j] = model.build[k]
    for sk, j in scol.items():
        var[j] = model.shortfall[sk]

    csr = lp.A.tocsr()
    scale = lp.row_scale
    by_family: dict[str, list[int]] = {}
    for i, f in enumerate(lp.row_family):
        by_family.setdefault(f, []).append(i)
    for fam, rows in by_family.items():
        if families is not None and fam not in families:
            continue
        keys = [lp.row_key[i] for i in rows]
        dimen = len(keys[0]) if keys else 1
        pos = dict(zip(keys, rows, strict=True))

        def rule(mdl: pyo.ConcreteModel, *key: Any, pos: dict[tuple[object, ...], int] = pos
                 ) -> Any:
            i = pos[key if len(key) > 1 else (key[0],)] if key else pos[()]
            a, b = csr.indptr[i], csr.indptr[i + 1]
            expr = LinearExpression(constant=0.0,
                                    linear_coefs=[float(v) / scale[i] for v in csr.data[a:b]],
                                    linear_vars=[var[j] for j in csr.indices[a:b]])
            lo_i, hi_i = lp.row_lower[i] / scale[i], lp.row_upper[i] / scale[i]
            if lo_i == hi_i:
                return expr == float(lo_i)
            return pyo.inequality(None if np.isinf(lo_i) else float(lo_i), expr,
                                  None if np.isinf(hi_i) else float(hi_i))

        index = pyo.Set(initialize=[k if dimen > 1 else k[0] for k in keys], dimen=dimen,
                        ordered=True)
        model.add_component(f"{fam}_index", index)
        model.add_component(fam, pyo.Constraint(index, rule=rule))
    nz = np.flatnonzero(lp.c)
    model.cost = pyo.Objective(expr=LinearExpression(
        constant=0.0, linear_coefs=[float(lp.c[j]) for j in nz],
        linear_vars=[var[j] for j in nz]), sense=pyo.minimize)
    return model


def write_lp(lp: LinearProgram, ix: Indexed, path: str | Path,
             families: list[str] | None = None) -> None:
    """Write the Pyomo model of ``lp`` as a CPLEX LP file with symbolic labels."""
    pyomo_model(lp, ix, families).write(str(path), io_options={"symbolic_solver_labels": True})


def solve_pyomo(lp: LinearProgram, ix: Indexed) -> float:
    """Solve the Pyomo model with Pyomo's HiGHS interface (appsi); return the objective (CNY).
    Raises RuntimeError unless optimal. An independent check of the array path."""
    from pyomo.contrib.appsi.base import TerminationCondition
    from pyomo.contrib.appsi.solvers import Highs

    model = pyomo_model(lp, ix)
    opt = Highs()
    opt.config.stream_solver = False
    res = opt.solve(model)
    if res.termination_condition != TerminationCondition.optimal:
        raise RuntimeError(f"Pyomo/HiGHS: {res.termination_condition.name}")
    return float(res.best_feasible_objective)
