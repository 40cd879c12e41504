"""The LP as arrays: columns, row blocks and the assembled :class:`LinearProgram`.

A constraint family or target kind returns a :class:`RowBlock`: its rows' keys, the nonzero
entries (local row, global column, value) and the row bounds. :func:`concat` stacks blocks into
a :class:`LinearProgram` holding exactly the arrays HiGHS holds (cost, column bounds, matrix in
compressed columns, row bounds), plus the names and the row-to-target map the results need.

Column layout (:class:`Columns`): ``x[m, r, y]`` (capacity in operation, measure's unit) and
``build[m, r, v]`` (capacity built in model year v) for every applicable (m, r) and every model
year, then one ``shortfall[k]`` per target row k (fixed at 0 except in the elastic diagnosis).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

INF = np.inf


@dataclass(frozen=True)
class Columns:
    """Positions of the decision variables: ``x[M,R,Y]`` and ``build[M,R,Y]`` hold the column
    index (-1 where (m, r) is not applicable); ``n`` columns before the shortfall columns."""

    x: np.ndarray
    build: np.ndarray
    n: int

    @staticmethod
    def layout(applicable: np.ndarray, n_years: int) -> Columns:
        """x columns first (m, r, y order), then build columns, over applicable[M, R]."""
        M, R = applicable.shape
        x = -np.ones((M, R, n_years), dtype=np.int64)
        build = -np.ones((M, R, n_years), dtype=np.int64)
        m, r = np.nonzero(applicable)
        k = len(m) * n_years
        ids = np.arange(k).reshape(len(m), n_years)
        x[m, r, :] = ids
        build[m, r, :] = ids + k
        return Columns(x=x, build=build, n=2 * k)


@dataclass
class RowBlock:
    """Rows of one family: ``keys[i]`` names row i; entries ``(row[j], col[j], val[j])``;
    ``lower <= A x <= upper``. Target rows also carry ``target[i]`` (target id) and ``year[i]``.
    """

    family: str
    keys: Sequence[tuple[object, ...]]
    row: np.ndarray
    col: np.ndarray
    val: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    target: list[str] | None = None
    year: list[int] | None = None

    @staticmethod
    def empty(family: str) -> RowBlock:
        z = np.zeros(0)
        return RowBlock(family, [], z.astype(np.int64), z.astype(np.int64), z, z, z, [], [])

    def __len__(self) -> int:
        return len(self.keys)


@dataclass
class LinearProgram:
    """min c·x s.t. row_lower <= A x <= row_upper, col_lower <= x <= col_upper (HiGHS form).

    ``A`` is CSC (scipy). ``row_family[i]``, ``row_key[i]`` name row i; ``target_rows`` are the
    row positions of target rows in order, with ``row_target`` / ``row_year`` for each and
    ``shortfall_col`` the shortfall column of each. ``row_scale[i]`` is the factor row i was
    multiplied by (:mod:`model.lp.scaling`); duals are scaled back with it.
    """

    c: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    A: sp.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    row_family: list[str]
    row_key: list[tuple[object, ...]]
    target_rows: np.ndarray
    row_target: list[str]
    row_year: list[int]
    shortfall_col: np.ndarray
    shortfall_unit: np.ndarray
    cols: Columns
    row_scale: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def n_cols(self) -> int:
        return len(self.c)

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    def family_rows(self, family: str) -> np.ndarray:
        """Row positions of one family."""
        return np.array([i for i, f in enumerate(self.row_family) if f == family], dtype=int)


def concat(blocks: list[RowBlock], cols: Columns, c: np.ndarray, col_lower: np.ndarray,
           col_upper: np.ndarray) -> LinearProgram:
    """Stack row blocks; add one shortfall column per target row (coefficient = the row's
    largest |entry|, bounds [0, 0], cost 0). Pure."""
    rows, colidx, vals, lo, hi, fam, keys = [], [], [], [], [], [], []
    t_rows, t_ids, t_years = [], [], []
    offset = 0
    for b in blocks:
        rows.append(b.row + offset)
        colidx.append(b.col)
        vals.append(b.val)
        lo.append(b.lower)
        hi.append(b.upper)
        fam += [b.family] * len(b)
        keys += list(b.keys)
        if b.target is not None and b.year is not None and len(b):
            t_rows += list(range(offset, offset + len(b)))
            t_ids += list(b.target)
            t_years += [int(y) for y in b.year]
        offset += len(b)
    n_rows = offset
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    col = np.concatenate(colidx) if colidx else np.zeros(0, dtype=np.int64)
    val = np.concatenate(vals) if vals else np.zeros(0)
    keep = val != 0.0
    row, col, val = row[keep], col[keep], val[keep]
    t_rows_a = np.array(t_rows, dtype=np.int64)
    unit = np.ones(len(t_rows_a))
    if len(t_rows_a) and len(val):
        absval = np.abs(val)
        big = np.zeros(n_rows)
        np.maximum.at(big, row, absval)
        unit = np.where(big[t_rows_a] > 0, big[t_rows_a], 1.0)
    n0 = len(c)
    short = np.arange(n0, n0 + len(t_rows_a), dtype=np.int64)
    row = np.concatenate([row, t_rows_a])
    col = np.concatenate([col, short])
    val = np.concatenate([val, unit])
    n_cols = n0 + len(t_rows_a)
    A = sp.csc_matrix((val, (row, col)), shape=(n_rows, n_cols))
    A.sum_duplicates()
    A.sort_indices()
    return LinearProgram(
        c=np.concatenate([c, np.zeros(len(t_rows_a))]),
        col_lower=np.concatenate([col_lower, np.zeros(len(t_rows_a))]),
        col_upper=np.concatenate([col_upper, np.zeros(len(t_rows_a))]),
        A=A, row_lower=np.concatenate(lo) if lo else np.zeros(0),
        row_upper=np.concatenate(hi) if hi else np.zeros(0),
        row_family=fam, row_key=keys, target_rows=t_rows_a, row_target=t_ids,
        row_year=t_years, shortfall_col=short, shortfall_unit=unit, cols=cols,
        row_scale=np.ones(n_rows))


def column_names(lp: LinearProgram, measures: Sequence[str], regions: Sequence[str],
                 years: Sequence[int]) -> list[str]:
    """Readable column names ``x(m,r,y)``, ``build(m,r,v)``, ``shortfall(target,year)``."""
    names = [""] * lp.n_cols
    for kind, arr in (("x", lp.cols.x), ("build", lp.cols.build)):
        m, r, y = np.nonzero(arr >= 0)
        for a, b, c_ in zip(m, r, y, strict=True):
            names[arr[a, b, c_]] = \
                f"{kind}({measures[int(a)]},{regions[int(b)]},{years[int(c_)]})"
    for k, j in enumerate(lp.shortfall_col):
        names[j] = f"shortfall({lp.row_target[k]},{lp.row_year[k]})"
    return names


def row_name(lp: LinearProgram, i: int) -> str:
    """Readable name ``family(key,...)`` of row i."""
    return f"{lp.row_family[i]}({','.join(str(k) for k in lp.row_key[i])})"


def row_names(lp: LinearProgram) -> list[str]:
    """Readable row names ``family(key,...)``."""
    return [row_name(lp, i) for i in range(lp.n_rows)]
