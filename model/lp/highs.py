"""The compiled LP: one HiGHS instance holding the arrays of a :class:`LinearProgram`.

:class:`HighsModel` passes the arrays once (``Highs.passModel``) and afterwards changes only
the entries that differ (``changeColsCost``, ``changeColsBounds``, ``changeRowsBounds``,
``changeCoeff``), so a re-solve starts from the previous basis (HiGHS keeps a valid basis after
such changes; highspy documentation, "Modifying a model"). Solutions, duals and ranging are
read back as numpy arrays. Nothing here goes through Pyomo.

A solve that ends in neither ``optimal`` nor ``infeasible`` for a numerical reason (HiGHS's
``Unknown``, a solve, presolve or postsolve error, an exception) is retried with other
settings before it is called a failure (:data:`RETRIES`): the basis dropped (a cold start,
which alone cures most warm-start failures), presolve off, the primal simplex, the interior
point method with crossover (so duals and ranging stay basic), and the simplex without or with
a different scaling. Each retry starts cold, and the settings of the model are restored after
it, so the next solve is the usual warm one. A time or iteration limit is not retried (the same
settings would hit it again). :attr:`HighsModel.attempts` lists what the last solve tried.
"""

from __future__ import annotations

import contextlib
import os

import highspy
import numpy as np
import scipy.sparse as sp

from model.errors import SolverError
from model.lp.structure import LinearProgram

_BANNER_SHOWN = False

#: A HiGHS option value (what ``Highs.setOptionValue`` takes).
Option = bool | int | float | str


def _new_highs() -> highspy.Highs:
    """A silent Highs instance (the first construction in a process prints a banner on the
    C-level stdout: it is sent to /dev/null)."""
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy: __init__ unannotated
    else:
        with contextlib.ExitStack() as stack:
            try:
                fd = os.dup(1)
            except OSError:  # no stdout file descriptor (embedded interpreters)
                fd = None
            if fd is not None:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                stack.callback(os.close, devnull)
                stack.callback(os.close, fd)
                stack.callback(os.dup2, fd, 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]  # as above
        _BANNER_SHOWN = True
    h.setOptionValue("output_flag", False)
    # Presolve off (issue #14): with the full catalogue, HiGHS's presolve followed by dual
    # simplex once stalled for minutes on a near-infeasible pathway LP (peak-2030 with its peak
    # moved to 2021 ended 'Not Set' after 279 s) that it proved infeasible in 0.1 s without
    # presolve. Re-measured after the merge with the retries below (HiGHS 1.x, this machine):
    # the stall no longer reproduces, and the two settings give the same optima in comparable
    # time (peak-2030 --peak-year auto, 171 solves: 12.9 s of solve without presolve against
    # 15.5 s with it, which also needed one 'Unknown' retry; the 2021 peak, 184 solves: 17.8
    # against 16.5 s), while with presolve each infeasible answer costs a second solve to
    # confirm it (below) and presolve once called a feasible LP infeasible. So presolve stays
    # off: the confirmation in run() then acts only when a caller turns presolve on, and the
    # "presolve off" retry is a second cold start.
    h.setOptionValue("presolve", "off")
    return h


#: Settings tried, in order, after a solve ends in a numerical failure (module docstring):
#: (name, HiGHS options). Each starts from a cleared basis; the options are restored after.
RETRIES: tuple[tuple[str, dict[str, Option]], ...] = (
    ("cold start", {}),
    ("presolve off", {"presolve": "off"}),
    ("primal simplex", {"solver": "simplex", "simplex_strategy": 4}),
    ("interior point with crossover", {"solver": "ipm", "run_crossover": "on"}),
    ("simplex without scaling", {"solver": "simplex", "simplex_scale_strategy": 0}),
    ("simplex, max-value scaling, presolve off", {"solver": "simplex",
                                                  "simplex_scale_strategy": 4,
                                                  "presolve": "off"}),
)

#: Terminations that are an answer (no retry).
ANSWERS = ("optimal", "infeasible")
#: Terminations a retry with other settings cannot cure.
LIMITS = ("Time limit reached", "Iteration limit reached", "Interrupted by user",
          "Memory limit reached", "Solution limit reached")


def _option(h: highspy.Highs, name: str) -> Option:
    """An option's current value (highspy returns (status, value) from 1.8, the value before)."""
    v = h.getOptionValue(name)
    return v[1] if isinstance(v, tuple) else v


def _status(h: highspy.Highs) -> str:
    s = h.getModelStatus()
    if s in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kModelEmpty):
        return "optimal"  # an empty model (no measures, no targets) is trivially optimal
    if s in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "infeasible"
    return h.modelStatusToString(s)


class HighsModel:
    """An LP held by HiGHS and changed in place between solves (module docstring).

    Attributes: ``lp`` (the arrays HiGHS currently holds), ``highs`` (the highspy instance).
    """

    def __init__(self, lp: LinearProgram, time_limit: float | None = None):
        self.attempts: list[tuple[str, str]] = []
        self.highs = _new_highs()
        if time_limit is not None:
            self.highs.setOptionValue("time_limit", float(time_limit))
        self.lp = lp
        self._pass(lp)

    def _pass(self, lp: LinearProgram) -> None:
        hl = highspy.HighsLp()
        hl.num_col_ = lp.n_cols
        hl.num_row_ = lp.n_rows
        hl.col_cost_ = lp.c
        hl.col_lower_ = lp.col_lower
        hl.col_upper_ = lp.col_upper
        hl.row_lower_ = lp.row_lower
        hl.row_upper_ = lp.row_upper
        hl.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        hl.a_matrix_.start_ = lp.A.indptr.astype(np.int32)
        hl.a_matrix_.index_ = lp.A.indices.astype(np.int32)
        hl.a_matrix_.value_ = lp.A.data.astype(float)
        hl.a_matrix_.num_col_ = lp.n_cols
        hl.a_matrix_.num_row_ = lp.n_rows
        status = self.highs.passModel(hl)
        if status == highspy.HighsStatus.kError:
            raise SolverError("HiGHS refused the model (passModel)")

    # ---------------------------------------------------------------- solving
    def run(self) -> str:
        """Solve from the current basis; return ``optimal``, ``infeasible`` or HiGHS's status
        text (time limit, iteration limit, or the last failure after every retry of
        :data:`RETRIES`). :attr:`attempts` holds (settings, termination) of each try; an
        exception of highspy counts as a failure of that try. Raises SolverError only when
        every try raised."""
        self.attempts = []
        status = self._try("warm start", None)
        if status == "infeasible" and _option(self.highs, "presolve") != "off":
            # HiGHS's presolve has called feasible LPs with a tight row infeasible (the elastic
            # diagnosis's stage-2 shortfall limit on a PM2.5 sample, issue #14): an
            # infeasibility is confirmed once without presolve, from a cleared basis
            check = self._try("infeasibility confirmed without presolve", {"presolve": "off"})
            return check if check in ANSWERS else status
        if status in ANSWERS or status in LIMITS:
            return status
        for name, options in RETRIES:
            status = self._try(name, options)
            if status in ANSWERS or status in LIMITS:
                return status
        if all(s.startswith("exception") for _, s in self.attempts):
            raise SolverError(f"HiGHS failed: {self.attempts[-1][1]}")
        return next((s for _, s in reversed(self.attempts) if not s.startswith("exception")),
                    status)

    def _try(self, name: str, options: dict[str, Option] | None) -> str:
        """One solve: ``options`` None = as set, from the current basis; otherwise from a cleared
        basis with ``options`` applied and then restored. Returns the termination (or
        ``exception: ...``) and records it in :attr:`attempts`."""
        h = self.highs
        saved = {}
        try:
            if options is not None:
                h.clearSolver()
                for k, v in options.items():
                    saved[k] = _option(h, k)
                    h.setOptionValue(k, v)
            try:
                h.run()
                status = _status(h)
            except Exception as exc:  # highspy raises on internal errors
                status = f"exception: {exc}"
        finally:
            for k, v in saved.items():
                h.setOptionValue(k, v)
        self.attempts.append((name, status))
        return status

    @property
    def retried(self) -> bool:
        """Whether the last solve needed a retry (:attr:`attempts` says which settings)."""
        return len(self.attempts) > 1

    def values(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(column values, row activities, row duals) of the last solve. Duals are in the
        units of the rows as passed (scaled rows: see ``LinearProgram.row_scale``)."""
        sol = self.highs.getSolution()
        return (np.asarray(sol.col_value), np.asarray(sol.row_value),
                np.asarray(sol.row_dual))

    def column_duals(self) -> np.ndarray:
        return np.asarray(self.highs.getSolution().col_dual)

    def objective(self) -> float:
        return float(self.highs.getInfo().objective_function_value)

    def ranging(self) -> tuple[np.ndarray, np.ndarray]:
        """(row_bound_dn, row_bound_up): the values of each row's active bound over which the
        optimal basis, hence the duals, stay the same (HiGHS ``getRanging``; +-inf beyond
        1e20). Raises SolverError if HiGHS cannot range the solution."""
        status, rng = self.highs.getRanging()
        if status != highspy.HighsStatus.kOk or not rng.valid:
            raise SolverError(f"HiGHS ranging failed ({status}); refusing to report ranges")
        dn = np.asarray(rng.row_bound_dn.value_, dtype=float)
        up = np.asarray(rng.row_bound_up.value_, dtype=float)
        dn[np.abs(dn) >= 1e20] = np.sign(dn[np.abs(dn) >= 1e20]) * np.inf
        up[np.abs(up) >= 1e20] = np.sign(up[np.abs(up) >= 1e20]) * np.inf
        return dn, up

    # ---------------------------------------------------------------- changing
    def set_costs(self, c: np.ndarray) -> None:
        """Objective coefficients (only changed entries are sent)."""
        idx = np.flatnonzero(c != self.lp.c)
        if len(idx):
            self.highs.changeColsCost(len(idx), idx.astype(np.int32), c[idx])
            self.lp.c = c.copy()

    def set_col_bounds(self, lower: np.ndarray, upper: np.ndarray) -> None:
        idx = np.flatnonzero((lower != self.lp.col_lower) | (upper != self.lp.col_upper))
        if len(idx):
            self.highs.changeColsBounds(len(idx), idx.astype(np.int32), lower[idx], upper[idx])
            self.lp.col_lower, self.lp.col_upper = lower.copy(), upper.copy()

    def set_row_bounds(self, lower: np.ndarray, upper: np.ndarray) -> None:
        idx = np.flatnonzero((lower != self.lp.row_lower) | (upper != self.lp.row_upper))
        if len(idx):
            self.highs.changeRowsBounds(  # type: ignore[attr-defined]  # missing in highspy's stub
                len(idx), idx.astype(np.int32), lower[idx], upper[idx])
            self.lp.row_lower, self.lp.row_upper = lower.copy(), upper.copy()

    def set_matrix(self, A: sp.csc_matrix) -> None:
        """Matrix entries: only entries that differ are changed (``changeCoeff``; an entry set
        to 0 is removed). ``A`` has the shape of the current matrix."""
        old = self.lp.A
        if A.shape != old.shape:
            raise SolverError(f"matrix shape {A.shape} != {old.shape}: rebuild the model")
        if (A.indptr.shape == old.indptr.shape and np.array_equal(A.indptr, old.indptr)
                and np.array_equal(A.indices, old.indices)):
            diff = np.flatnonzero(A.data != old.data)
            if not len(diff):
                return
            cols = np.searchsorted(A.indptr, diff, side="right") - 1
            for k, j in zip(diff, cols, strict=True):
                self.highs.changeCoeff(int(A.indices[k]), int(j), float(A.data[k]))
        else:
            delta = (A - old).tocoo()
            for i, j in zip(delta.row, delta.col, strict=True):
                self.highs.changeCoeff(int(i), int(j), float(A[i, j]))
        self.lp.A = A.copy()

    def replace_matrix(self, A: sp.csc_matrix) -> None:
        """Pass the whole model again with matrix ``A`` (same shape): HiGHS then holds the
        entries in ``A``'s own order, whatever was changed before (``changeCoeff`` appends an
        entry set from 0 at the end of its column, so a sequence of changes leaves the same
        matrix in another order, and sums over it differ in the last bits). Clears the solver
        state; the caller sets a basis."""
        if A.shape != self.lp.A.shape:
            raise SolverError(f"matrix shape {A.shape} != {self.lp.A.shape}: rebuild the model")
        self.lp.A = A.copy()
        self._pass(self.lp)

    def update(self, lp: LinearProgram) -> None:
        """Make HiGHS hold ``lp`` (same rows and columns as the current one), changing only
        the entries that differ; the previous basis is kept for a warm start."""
        if lp.n_rows != self.lp.n_rows or lp.n_cols != self.lp.n_cols or \
                lp.row_key != self.lp.row_key:
            raise SolverError("the LP's rows or columns changed: rebuild the model")
        self.set_matrix(lp.A)
        self.set_costs(lp.c)
        self.set_col_bounds(lp.col_lower, lp.col_upper)
        self.set_row_bounds(lp.row_lower, lp.row_upper)
        self.lp.row_scale = lp.row_scale.copy()
