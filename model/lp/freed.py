"""The LP with its target rows freed: the most one row (or any objective) reaches on its own.

:func:`freed_targets` frees every target row of a compiled model (bounds, vintages, pools,
service caps and mandates kept) and restores it on leaving; :func:`maximise` solves it for one
objective. Used by the diagnosis (:mod:`model.lp.diagnose`), the frontier
(:mod:`model.lp.frontier`), the MAC by re-solve (:mod:`model.mac`) and the ``peak`` kind's
reach (:mod:`model.lp.kinds.peak`); it imports none of them. ``c`` is a
:class:`model.lp.solve.Compiled` (``lp``, ``model``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from model.errors import InputError, SolverError
from model.lp.highs import HighsModel
from model.lp.structure import LinearProgram

if TYPE_CHECKING:
    from model.lp.solve import Compiled


def row_coefficients(lp: LinearProgram, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns and values of row i, without its shortfall column (scaled units)."""
    row = lp.A.tocsr()[i]
    keep = ~np.isin(row.indices, lp.shortfall_col)
    return row.indices[keep], row.data[keep]


def maximise(hm: HighsModel, obj: np.ndarray, what: str) -> float:
    """Solve ``hm`` with costs ``obj`` (a maximisation written as min −f) and return the
    objective. Raises InputError when bounds, pools and mandates cannot hold (the rows that
    make the problem infeasible are not targets: the caller has freed them), SolverError when
    HiGHS ends otherwise than optimal."""
    hm.set_costs(obj)
    status = hm.run()
    if status == "infeasible":
        raise InputError("ModelData bounds/pools", "floors, pool capacities and mandates that "
                         "cannot all hold even with the targets dropped",
                         "floors that fit within the pools")
    if status != "optimal":
        raise SolverError(f"{what} ended with '{status}'")
    return hm.objective()


@contextlib.contextmanager
def freed_targets(c: Compiled) -> Iterator[HighsModel]:
    """The compiled model with every target row freed (bounds, vintages, pools, service caps
    and mandates kept); costs and row bounds restored on leaving. Yields the HighsModel."""
    lp, hm = c.lp, c.model
    t_rows = lp.target_rows
    c0, lo0, hi0 = lp.c.copy(), lp.row_lower.copy(), lp.row_upper.copy()
    try:
        free_lo, free_hi = lo0.copy(), hi0.copy()
        free_lo[t_rows], free_hi[t_rows] = -np.inf, np.inf
        hm.set_row_bounds(free_lo, free_hi)
        yield hm
    finally:
        hm.set_costs(c0)
        hm.set_row_bounds(lo0, hi0)
