"""The compiled LP changed in place per sample: only the pieces the sample's arrays reach.

:class:`InPlaceLP` holds one :class:`model.lp.Compiled` (built once) and, per sample, rebuilds
only what changed arrays reach, through :func:`model.lp.assemble.assemble` itself (the one
table of contents; row blocks the sample cannot reach are passed in unchanged):

==========================================  ===============================================
arrays changed (``Indexed`` fields)         recomputed
==========================================  ===============================================
capital, om, energy_*, other_savings,       objective (:func:`model.lp.families.objective.
purchase, discount_rate                     cost_vector`)
floor, potential                            column bounds (:func:`model.lp.families.capacity.
                                            column_bounds`)
baseline, gdp, targets, effect,             the row blocks (:func:`~model.lp.assemble.
pool_capacity, response                     assemble`; vintage and mandate rows, and pool and
                                            service-cap rows when their inputs did not move,
                                            reused)
==========================================  ===============================================

Row scales (:mod:`model.lp.scaling`) depend only on the matrix: they are reused while the
matrix is unchanged and recomputed otherwise. HiGHS receives only the entries that differ
(:class:`model.lp.highs.HighsModel` ``set_costs``/``set_col_bounds``/``set_row_bounds``/
``replace_matrix``), and every solve starts from the central optimal basis (``setBasis``), so a
sample's answer does not depend on which samples a worker solved before it (runs are
reproducible across workers, chunkings and resumes).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from model.errors import SolverError
from model.lp import kinds, scaling
from model.lp.assemble import FAMILIES, assemble, by_kind
from model.lp.families import capacity, objective
from model.lp.index import Indexed
from model.lp.solve import Compiled
from model.lp.structure import RowBlock

COST_FIELDS = {"capital", "om", "energy_added", "energy_avoided", "other_savings", "purchase",
               "discount_rate"}
BOUND_FIELDS = {"floor", "potential"}
ROW_FIELDS = {"baseline", "gdp", "targets", "effect", "pool_capacity", "response"}

#: (c, col_lower, col_upper, row_lower, row_upper, A or None, row_scale), scaled as HiGHS holds it
Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, sp.csc_matrix | None,
               np.ndarray]


class InPlaceLP:
    """One compiled LP changed per sample (module docstring).

    ``compiled``: the :class:`model.lp.Compiled` of the central arrays, solved once here; its
    optimal basis is the start of every sample's solve.
    """

    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        self.ix0 = compiled.ix
        self.cols = compiled.lp.cols
        self.by_kind = by_kind(self.ix0.targets.to_dict("records"))
        self.blocks0 = {k: f(self.ix0, self.cols) for k, f in FAMILIES.items()}
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

    def arrays(self, ix: Indexed, changed: set[str],
               recs: list[dict[str, Any]] | None = None) -> Arrays:
        """(c, col_lower, col_upper, row_lower, row_upper, A or None, row_scale) of ``ix`` in
        the scaled form HiGHS holds; A is None when the matrix is unchanged. ``recs``: the
        sample's target records when target values changed (else the central ones)."""
        z = np.zeros(self.n_short)
        c, lo, up = self.c0, self.lo0, self.up0
        rlo, rup, A, scale = self.rlo0, self.rup0, None, self.scale0
        if changed & ROW_FIELDS:
            if recs is not None:
                split = by_kind(recs)
            elif "targets" in changed:
                split = by_kind(ix.targets.to_dict("records"))
            else:
                split = self.by_kind
            lp = assemble(ix, check=False, targets=split, fixed=self.fixed_blocks(ix, changed))
            if "effect" in changed or "response" in changed or ("baseline" in changed and any(
                    kinds.KINDS[k].matrix_from_baseline and len(v) for k, v in split.items())):
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

    def fixed_blocks(self, ix: Indexed, changed: set[str]) -> dict[str, RowBlock]:
        """Row blocks whose inputs the sample did not change, from the central arrays:
        vintage and mandate rows always (no sampled field reaches them), pool rows unless
        pool capacities changed, service caps unless the baseline changed."""
        keep = {"vintage": self.blocks0["vintage"], "mandate": self.blocks0["mandate"]}
        if "pool_capacity" not in changed:
            keep["pools"] = self.blocks0["pools"]
        if "baseline" not in changed:
            keep["service_caps"] = self.blocks0["service_caps"]
        return keep

    def load(self, ix: Indexed, changed: set[str],
             recs: list[dict[str, Any]] | None = None) -> None:
        """Make HiGHS hold the LP of ``ix`` and start it from the central basis, in a state
        that does not depend on the samples solved before (so a run resumed after any chunk,
        or split over other workers, gives the same floats): costs and bounds are changed in
        place (only differing entries sent), a changed matrix is passed whole (in its own
        entry order, :meth:`~model.lp.highs.HighsModel.replace_matrix`), and the solver's
        state (factorisation, edge weights) is cleared before the basis is set."""
        c, lo, up, rlo, rup, A, scale = self.arrays(ix, changed, recs)
        if not np.isfinite(c).all():  # never a NaN cost handed to HiGHS ('Unknown')
            j = int(np.flatnonzero(~np.isfinite(c))[0])
            raise SolverError(f"a sample's objective coefficient {c[j]} (column {j}): a cost "
                              "that is not a number at this sample (discount rate "
                              f"{ix.discount_rate!r})")
        hm = self.compiled.model
        if A is not None:
            hm.replace_matrix(A)
            self._dirty = True
        elif getattr(self, "_dirty", False):
            hm.replace_matrix(self.A0)
            self._dirty = False
        hm.set_costs(c)
        hm.set_col_bounds(lo, up)
        hm.set_row_bounds(rlo, rup)
        hm.lp.row_scale = scale
        self.compiled.ix = ix
        hm.highs.clearSolver()
        hm.highs.setBasis(self.basis0)

    def plan_lp(self, ix: Indexed, changed: set[str], recs: list[dict[str, Any]] | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                           sp.csc_matrix, np.ndarray]:
        """The scaled LinearProgram of ``ix`` without sending it to HiGHS (fixed-plan mode):
        (c, col_lower, col_upper, row_lower, row_upper, A, row_scale)."""
        c, lo, up, rlo, rup, A, scale = self.arrays(ix, changed, recs)
        return c, lo, up, rlo, rup, (self.A0 if A is None else A), scale
