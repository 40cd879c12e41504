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
ROW_FIELDS = {"baseline", "gdp", "targets", "effect", "pool_capacity", "response"}


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
    return split_records(targets.to_dict("records"))


def split_records(recs: list[dict]) -> dict[str, _Targets]:
    """{kind: its target records} in :data:`model.lp.kinds.KINDS` order."""
    return {name: _Targets([r for r in recs if r["kind"] == name]) for name in kinds.KINDS
            if any(r["kind"] == name for r in recs)}


FAMILIES = {"vintage": capacity.vintage_rows, "mandate": capacity.mandate_rows,
            "pools": pools.pool_rows, "service_caps": service_caps.cap_rows}


def lean_assemble(ix, cols, by_kind: dict, fixed: dict | None = None):
    """The LP of ``ix`` as :func:`model.lp.assemble.assemble` builds it (``check=False``);
    ``fixed`` holds row blocks known not to change (:meth:`LeanLP.fixed_blocks`)."""
    fixed = fixed or {}
    lower, upper = capacity.column_bounds(ix, cols)
    c = objective.cost_vector(ix, cols)
    blocks = [fixed[k] if k in fixed else f(ix, cols) for k, f in FAMILIES.items()]
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

    def arrays(self, ix, changed: set[str], recs: list[dict] | None = None):
        """(c, col_lower, col_upper, row_lower, row_upper, A or None, row_scale) of ``ix`` in
        the scaled form HiGHS holds; A is None when the matrix is unchanged. ``recs``: the
        sample's target records when target values changed (else the central ones)."""
        z = np.zeros(self.n_short)
        c, lo, up = self.c0, self.lo0, self.up0
        rlo, rup, A, scale = self.rlo0, self.rup0, None, self.scale0
        if changed & ROW_FIELDS:
            if recs is not None:
                by_kind = split_records(recs)
            elif "targets" in changed:
                by_kind = split_targets(ix.targets)
            else:
                by_kind = self.by_kind
            lp = lean_assemble(ix, self.cols, by_kind, self.fixed_blocks(ix, changed))
            if "effect" in changed or "response" in changed or ("baseline" in changed and any(
                    kinds.KINDS[k].matrix_from_baseline and len(v) for k, v in by_kind.items())):
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

    def fixed_blocks(self, ix, changed: set[str]) -> dict:
        """Row blocks whose inputs the sample did not change, from the central arrays:
        vintage and mandate rows always (no sampled field reaches them), pool rows unless
        pool capacities changed, service caps unless the baseline changed."""
        keep = {"vintage": self.blocks0["vintage"], "mandate": self.blocks0["mandate"]}
        if "pool_capacity" not in changed:
            keep["pools"] = self.blocks0["pools"]
        if "baseline" not in changed:
            keep["service_caps"] = self.blocks0["service_caps"]
        return keep

    def load(self, ix, changed: set[str], recs: list[dict] | None = None) -> None:
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

    def plan_lp(self, ix, changed: set[str], recs: list[dict] | None = None):
        """The scaled LinearProgram of ``ix`` without sending it to HiGHS (fixed-plan mode):
        (c, col_lower, col_upper, row_lower, row_upper, A, row_scale)."""
        c, lo, up, rlo, rup, A, scale = self.arrays(ix, changed, recs)
        return c, lo, up, rlo, rup, (self.A0 if A is None else A), scale
