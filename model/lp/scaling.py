"""Coefficient-range check before a solve: rescale rows that row scaling can fix, refuse the rest.

A simplex code works in double precision with feasibility/optimality tolerances near 1e-7; a
row whose coefficients are tiny (< 1e-9) falls under them and a row whose |coefficients| span
more than 1e6 loses the small ones in the arithmetic (HiGHS option ``small_matrix_value`` is
1e-9 and HiGHS warns on ranges beyond ~1e6; see the HiGHS documentation, "Options"). So:

* a row with every nonzero |a| inside [1e-9, 1e6] and a span <= 1e6 is left as it is;
* a row with span <= 1e6 but entries outside [1e-9, 1e6] is multiplied by a power of ten that
  puts its largest |a| at order 1 (the scale is recorded in ``target_scale`` / ``pool_scale``
  and :mod:`model.solve` multiplies the row's dual by it, so duals stay in the row's units);
* a row whose span exceeds 1e6 cannot be fixed by row scaling: :class:`SolverError` naming the
  row and the smallest and largest coefficient (the fix is a measure unit of another size).

The same check runs on the rows of the elastic diagnosis (:mod:`model.solve`): there the
target rows carry the ``shortfall`` column (coefficient ``shortfall_unit`` = the row's largest
|effect|, so the span is unchanged) and ``shortfall_limit`` carries the normalised weights,
which :mod:`model.solve` keeps inside [1e-6, 1] (a limit row outside the range is refused).

A wrong answer must never be published as optimal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyomo.environ as pyo
from pyomo.repn import generate_standard_repn

from model.errors import SolverError

TINY = 1e-9
HUGE = 1e6
MAX_SPAN = 1e6


@dataclass(frozen=True)
class RowScale:
    """One rescaled row: constraint name, factor applied, |a| range before scaling."""

    row: str
    scale: float
    min_abs: float
    max_abs: float


def _scale_param(model: pyo.ConcreteModel, con):
    parent = con.parent_component()
    if parent.local_name in ("load_row", "cap_row", "intensity_row", "service_row"):
        return model.target_scale[con.index()]
    if parent.local_name == "pool_row":
        return model.pool_scale[con.index()]
    if parent.local_name == "service_cap":
        return model.service_cap_scale[con.index()]
    return None


def largest_coefficient(expr) -> float:
    """max |a| over the nonzero linear coefficients of ``expr`` (Params evaluated); 0 if none."""
    repn = generate_standard_repn(expr, compute_values=True)
    return max((abs(float(c)) for c in repn.linear_coefs if c != 0), default=0.0)


def check_and_scale(model: pyo.ConcreteModel) -> list[RowScale]:
    """Reset every row scale to 1, check each active row, rescale or refuse (module docstring).

    Returns the list of rescaled rows (empty if none). Raises :class:`SolverError` naming the
    row when its coefficient span exceeds 1e6, or when a row out of range has no scale Param.
    """
    scales = [model.target_scale, model.pool_scale]
    if hasattr(model, "service_cap_scale"):
        scales.append(model.service_cap_scale)
    for p in scales:
        for k in p:
            p[k] = 1.0
    scaled: list[RowScale] = []
    for con in model.component_data_objects(pyo.Constraint, active=True):
        repn = generate_standard_repn(con.body, compute_values=True)
        coefs = [abs(float(c)) for c in repn.linear_coefs if c != 0]
        if not coefs:
            continue
        lo, hi = min(coefs), max(coefs)
        if hi / lo > MAX_SPAN:
            names = [v.name for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True)
                     if c != 0 and abs(float(c)) in (lo, hi)]
            raise SolverError(
                f"row {con.name}: |coefficients| span {lo:.3g} to {hi:.3g} (ratio {hi / lo:.2g} > "
                f"{MAX_SPAN:.0e}) at {names}; row scaling cannot fix this, refusing to solve "
                "(express the measure in a larger or smaller unit)")
        if lo >= TINY and hi <= HUGE:
            continue
        param = _scale_param(model, con)
        if param is None:
            raise SolverError(f"row {con.name}: |coefficients| {lo:.3g} to {hi:.3g} outside "
                              f"[{TINY:.0e}, {HUGE:.0e}] and the row has no scale; refusing")
        scale = 10.0 ** -round(math.log10(hi))
        param.set_value(scale)
        scaled.append(RowScale(con.name, scale, lo, hi))
    return scaled
