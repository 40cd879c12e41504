"""Coefficient-range check before a solve: rescale rows that row scaling can fix, refuse the rest.

A simplex code works in double precision with feasibility/optimality tolerances near 1e-7; a
row whose coefficients are tiny (< 1e-9) falls under them and a row whose |coefficients| span
more than 1e6 loses the small ones in the arithmetic (HiGHS option ``small_matrix_value`` is
1e-9 and HiGHS warns on ranges beyond ~1e6; see the HiGHS documentation, "Options"). So:

* a row with every nonzero |a| inside [1e-9, 1e6] and a span <= 1e6 is left as it is;
* a row with span <= 1e6 but entries outside [1e-9, 1e6] is multiplied by a power of ten that
  puts its largest |a| at order 1; ``LinearProgram.row_scale`` records the factor and the
  solve multiplies the row's dual by it, so duals stay in the row's own units;
* a row whose span exceeds 1e6 cannot be fixed by row scaling: :class:`SolverError` naming the
  row, its smallest and largest coefficient and the columns that carry them (the fix is a
  measure unit of another size).

The shortfall column of a target row carries the row's largest |entry|, so it never widens the
span. A wrong answer must never be published as optimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from model.errors import SolverError
from model.lp.structure import LinearProgram, column_names, row_name

TINY = 1e-9
HUGE = 1e6
MAX_SPAN = 1e6


@dataclass(frozen=True)
class RowScale:
    """One rescaled row: its name, the factor applied, |a| range before scaling."""

    row: str
    scale: float
    min_abs: float
    max_abs: float


def row_ranges(A: sp.csc_matrix) -> tuple[np.ndarray, np.ndarray]:
    """(min |a|, max |a|) over the nonzeros of each row (0, 0 for an empty row)."""
    csr = A.tocsr()
    n = csr.shape[0]
    lo, hi = np.zeros(n), np.zeros(n)
    absval = np.abs(csr.data)
    counts = np.diff(csr.indptr)
    nz = counts > 0
    if absval.size:
        starts = csr.indptr[:-1][nz]
        hi[nz] = np.maximum.reduceat(absval, starts)
        lo[nz] = np.minimum.reduceat(absval, starts)
    return lo, hi


def _row_label(lp: LinearProgram, i: int) -> str:
    """A row as a message names it: the target and year for a target row, else its family
    and key (``pools(industrial_coal_boilers, hanbin, 2025)``)."""
    rows = list(getattr(lp, "target_rows", []))
    if i in rows:
        k = rows.index(i)
        return f"target {lp.row_target[k]} {lp.row_year[k]}"
    return f"{lp.row_family[i]} row ({', '.join(str(k) for k in lp.row_key[i])})"


def check_and_scale(lp: LinearProgram,
                    labels: tuple[Sequence[str], Sequence[str], Sequence[int]] | None = None
                    ) -> list[RowScale]:
    """Reset the row scales, check each row, rescale or refuse (module docstring). Changes
    ``lp`` in place (A, row bounds, row_scale). ``labels`` = (measures, regions, years) for
    readable column names in an error. Raises :class:`SolverError`."""
    if np.any(lp.row_scale != 1.0):
        unscale(lp)
    lo, hi = row_ranges(lp.A)
    nz = hi > 0
    span = np.where(nz, hi / np.where(lo > 0, lo, 1.0), 0.0)
    bad = np.flatnonzero(span > MAX_SPAN)
    if len(bad):
        i = int(bad[0])
        row = lp.A.tocsr()[i]
        where = [int(j) for j, v in zip(row.indices, row.data, strict=True)
                 if abs(v) in (lo[i], hi[i])][:4]
        cols = column_names(lp, *labels) if labels else [f"column {j}" for j in range(lp.n_cols)]
        raise SolverError(
            f"{_row_label(lp, i)}: |coefficients| span {lo[i]:.3g} to {hi[i]:.3g} (ratio "
            f"{hi[i] / lo[i]:.2g} > {MAX_SPAN:.0e}) at {', '.join(cols[j] for j in where)}; "
            "row scaling cannot fix this, refusing to solve (express the measure in a larger "
            "or smaller unit)")
    fix = np.flatnonzero(nz & ((lo < TINY) | (hi > HUGE)))
    scaled = []
    if len(fix):
        scale = np.ones(lp.n_rows)
        scale[fix] = 10.0 ** -np.round(np.log10(hi[fix]))
        _apply(lp, scale)
        scaled = [RowScale(row_name(lp, int(i)), float(scale[i]), float(lo[i]), float(hi[i]))
                  for i in fix]
    return scaled


def _apply(lp: LinearProgram, scale: np.ndarray) -> None:
    D = sp.diags(scale)
    lp.A = (D @ lp.A).tocsc()
    lp.A.sort_indices()
    lp.row_lower = lp.row_lower * scale
    lp.row_upper = lp.row_upper * scale
    lp.row_scale = lp.row_scale * scale


def unscale(lp: LinearProgram) -> None:
    """Undo every row scale (in place)."""
    _apply(lp, 1.0 / lp.row_scale)
    lp.row_scale = np.ones(lp.n_rows)
