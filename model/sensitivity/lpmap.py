"""The compiled LP changed in place per sample: only the pieces the sample's arrays reach.

:class:`LeanLP` holds one :class:`model.lp.Compiled` (built once) and, per sample, recomputes
only what changed arrays reach, with the LP families' own numpy functions:

==========================================  ===============================================
arrays changed (``Indexed`` fields)         recomputed
==========================================  ===============================================
capital, om, energy_*, other_savings,       objective (:func:`model.lp.families.objective.
purchase, discount_rate                     cost_vector`)
floor, potential                            column bounds (:func:`model.lp.families.capacity.
                                            column_bounds`)
baseline, gdp, targets, effect,             every row block, as :func:`model.lp.assemble.assemble`
pool_capacity                               (same families in the same order, the targets of
                                            each kind split once instead of per sample)
==========================================  ===============================================

Row scales (:mod:`model.lp.scaling`) depend only on the matrix: they are reused while the
matrix is unchanged and recomputed otherwise. HiGHS receives only the entries that differ
(:class:`model.lp.highs.HighsModel` ``set_costs``/``set_col_bounds``/``set_row_bounds``/
``set_matrix``), and every solve starts from the central optimal basis (``setBasis``), so a
sample's answer does not depend on which samples a worker solved before it (runs are
reproducible across workers, chunkings and resumes). :meth:`LeanLP.check` proves at build time
that the lean assembly equals :func:`~model.lp.assemble.assemble` on the central arrays.
"""

from __future__ import annotations

import numpy as np

from model.errors import SolverError
from model.lp import kinds, scaling
from model.lp.families import capacity, objective, pools, service_caps
from model.lp.structure import concat

COST_FIELDS = {"capital", "om", "energy_added", "energy_avoided", "other_savings", "purchase",
               "discount_rate"}
BOUND_FIELDS = {"floor", "potential"}
ROW_FIELDS = {"baseline", "gdp", "targets", "effect", "pool_capacity"}


class _Targets:
    """The targets of one kind as plain dicts, standing in for the DataFrame subset that
    :func:`model.lp.assemble.assemble` passes to ``kind.rows`` (``len`` and ``iterrows``)."""

    def __init__(self, records: list[dict]):
        self.records = records

    def __len__(self) -> int:
        return len(self.records)

    def iterrows(self):
        return iter(enumerate(self.records))


def split_targets(targets) -> dict[str, _Targets]:
    """{kind: its targets} in :data:`model.lp.kinds.KINDS` order."""
    recs = targets.to_dict("records")
    return {name: _Targets([r for r in recs if r["kind"] == name]) for name in kinds.KINDS
            if any(r["kind"] == name for r in recs)}


def lean_assemble(ix, cols, by_kind: dict):
    """The LP of ``ix`` as :func:`model.lp.assemble.assemble` builds it (``check=False``)."""
    lower, upper = capacity.column_bounds(ix, cols)
    c = objective.cost_vector(ix, cols)
    blocks = [capacity.vintage_rows(ix, cols), capacity.mandate_rows(ix, cols),
              pools.pool_rows(ix, cols), service_caps.cap_rows(ix, cols)]
    for name, mine in by_kind.items():
        blocks.append(kinds.KINDS[name].rows(ix, cols, mine))
    return concat(blocks, cols, c, lower, upper)


class LeanLP:
    """One compiled LP changed per sample (module docstring).

    ``compiled``: the :class:`model.lp.Compiled` of the central arrays, solved once here; its
    optimal basis is the start of every sample's solve.
    """

    def __init__(self, compiled):
        self.compiled = compiled
        self.ix0 = compiled.ix
        self.cols = compiled.lp.cols
        self.by_kind = split_targets(self.ix0.targets)
        lp0 = compiled.lp
        self.scale0 = lp0.row_scale.copy()
        self.c0, self.lo0, self.up0 = lp0.c.copy(), lp0.col_lower.copy(), lp0.col_upper.copy()
        self.rlo0, self.rup0, self.A0 = lp0.row_lower.copy(), lp0.row_upper.copy(), lp0.A.copy()
        self.n_short = len(compiled.lp.shortfall_col)
        status = compiled.model.run()
        if status != "optimal":
            raise SolverError(f"the central scenario is not optimal ('{status}'): a "
                              "sensitivity run starts from a central plan that meets every "
                              "target (see peakplan run)")
        self.basis0 = compiled.model.highs.getBasis()
        self.values0 = compiled.model.values()
        self.objective0 = compiled.model.objective()
        self.check()

    def check(self) -> None:
        """The lean assembly of the central arrays equals the compiled LP (SolverError
        otherwise: then a family changed shape and this module must follow it)."""
        from model.lp.assemble import assemble

        a = assemble(self.ix0, check=False)
        b = lean_assemble(self.ix0, self.cols, self.by_kind)
        same = (a.row_key == b.row_key and np.array_equal(a.c, b.c)
                and np.array_equal(a.row_lower, b.row_lower)
                and np.array_equal(a.row_upper, b.row_upper)
                and np.array_equal(a.col_lower, b.col_lower)
                and np.array_equal(a.col_upper, b.col_upper)
                and (a.A != b.A).nnz == 0)
        if not same:
            raise SolverError("model.sensitivity.lpmap.lean_assemble no longer equals "
                              "model.lp.assemble.assemble; update it")

    def arrays(self, ix, changed: set[str]):
        """(c, col_lower, col_upper, row_lower, row_upper, A or None, row_scale) of ``ix`` in
        the scaled form HiGHS holds; A is None when the matrix is unchanged."""
        z = np.zeros(self.n_short)
        c, lo, up = self.c0, self.lo0, self.up0
        rlo, rup, A, scale = self.rlo0, self.rup0, None, self.scale0
        if changed & ROW_FIELDS:
            by_kind = split_targets(ix.targets) if "targets" in changed else self.by_kind
            lp = lean_assemble(ix, self.cols, by_kind)
            if "effect" in changed:
                scaling.check_and_scale(lp, self.compiled.labels)
                A, scale = lp.A, lp.row_scale
            else:
                rlo, rup = lp.row_lower * self.scale0, lp.row_upper * self.scale0
            if A is not None:
                rlo, rup = lp.row_lower, lp.row_upper
            return lp.c, lp.col_lower, lp.col_upper, rlo, rup, A, scale
        if changed & COST_FIELDS:
            c = np.concatenate([objective.cost_vector(ix, self.cols), z])
        if changed & BOUND_FIELDS:
            lo_x, up_x = capacity.column_bounds(ix, self.cols)
            lo, up = np.concatenate([lo_x, z]), np.concatenate([up_x, z])
        return c, lo, up, rlo, rup, None, scale

    def load(self, ix, changed: set[str]) -> None:
        """Make HiGHS hold the LP of ``ix`` (only differing entries are sent) and set the
        central basis."""
        c, lo, up, rlo, rup, A, scale = self.arrays(ix, changed)
        hm = self.compiled.model
        if A is not None:
            hm.set_matrix(A)
            self._dirty = True
        elif getattr(self, "_dirty", False):
            hm.set_matrix(self.A0)
            self._dirty = False
        hm.set_costs(c)
        hm.set_col_bounds(lo, up)
        hm.set_row_bounds(rlo, rup)
        hm.lp.row_scale = scale
        self.compiled.ix = ix
        hm.highs.setBasis(self.basis0)

    def plan_lp(self, ix, changed: set[str]):
        """The scaled LinearProgram of ``ix`` without sending it to HiGHS (fixed-plan mode):
        (c, col_lower, col_upper, row_lower, row_upper, A, row_scale)."""
        c, lo, up, rlo, rup, A, scale = self.arrays(ix, changed)
        return c, lo, up, rlo, rup, (self.A0 if A is None else A), scale
