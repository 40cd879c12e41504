"""Designs of a sensitivity run, drawn with SALib in the unit hypercube; each method's own
design is in its module of :mod:`model.sensitivity.methods` (this table sums them up).

=======  ==========================================  ========================================
method   SALib sampler                               size ``-N``
=======  ==========================================  ========================================
morris   ``SALib.sample.morris.sample``              trajectories; N (D' + 1) evaluations
sobol    ``SALib.sample.sobol.sample`` (scrambled)   base samples, a power of two;
                                                     N (2D' + 2) evaluations with second-order
                                                     indices, N (D' + 2) without
fast     ``SALib.sample.fast_sampler.sample``        N per parameter (N > 4 M² = 64)
delta    ``SALib.sample.latin.sample``               N evaluations (rank correlations by
                                                     Iman-Conover)
oat      one at a time                               2 D + 1 evaluations (N unused): the
                                                     central value, then each parameter at its
                                                     5 % and 95 % quantiles
=======  ==========================================  ========================================

D' = number of groups (parameters without a group are their own). Refused with one line: a
Sobol size that is not a power of two (the nearest are named), groups with fast (delta and
oat ignore groups: an index per member),
correlations with morris, sobol or fast (their estimators assume independent inputs), a FAST
size too small, a design of more than :data:`MAX_EVALUATIONS` evaluations, Morris levels that
are odd or above :data:`MAX_LEVELS`. Morris levels of unbounded distributions are read at the
level midpoints (u = (k + 1/2)/p) rather than at u = 0 and 1.
"""

from __future__ import annotations

import numpy as np

from model.errors import InputError
from model.sensitivity import methods
from model.sensitivity.declare import ParameterSet
from model.sensitivity.methods import n_groups, problem
from model.sensitivity.methods.fast import FAST_M
from model.sensitivity.methods.morris import MAX_LEVELS, check_levels

#: the registered methods (a method registered later is in methods.names())
METHODS = tuple(methods.names())
#: The most model evaluations (design rows) one run may hold. Every row is solved and kept
#: (design.npy, the chunks, samples.parquet, the analysis in memory): at the shipped model's
#: 2-20 ms per solve, 10^6 rows are hours of work and a few hundred MB of outputs; a larger
#: -N is a typing error (a size of 10^11 once asked numpy for terabytes).
MAX_EVALUATIONS = 1_000_000

__all__ = ["FAST_M", "MAX_EVALUATIONS", "MAX_LEVELS", "METHODS", "check_levels", "check_size",
           "design", "expected_rows", "n_groups", "problem"]


def check_size(pset: ParameterSet, method: str, n: int, second_order: bool) -> int:
    """The number of evaluations of the design, refused in one line above
    :data:`MAX_EVALUATIONS` (naming the largest -N that fits)."""
    rows = expected_rows(pset, method, n, second_order)
    if rows is None or rows <= MAX_EVALUATIONS:
        return rows or 0
    per = max(1, rows // max(n, 1))
    raise InputError("-N", f"{n:,} ({rows:,} model evaluations with {method})",
                     f"at most {MAX_EVALUATIONS:,} evaluations: -N {MAX_EVALUATIONS // per:,} "
                     "or less here")


def _titles(ms: list[methods.Method]) -> str:
    t = [m.title for m in ms]
    return t[0] if len(t) == 1 else f"{', '.join(t[:-1])} and {t[-1]}"


def design(pset: ParameterSet, method: str, n: int, seed: int, second_order: bool = False,
           levels: int = 4) -> np.ndarray:
    """Unit-space design [n_eval, D] (module docstring; the method's own in its module).
    Raises InputError on an unknown method, a bad size or an unsupported combination."""
    if method not in methods.METHODS:
        raise InputError("--method", repr(method), f"one of {methods.names()}")
    m = methods.get(method)
    every = list(methods.METHODS.values())
    if pset.correlated and not m.correlations:
        ok = " or ".join(x.name for x in every if x.correlations)
        raise InputError("--method", f"{method} with rank correlations declared",
                         f"{ok} ({_titles([x for x in every if not x.correlations])} assume "
                         "independent inputs; or drop the correlations, or join the "
                         "parameters in a group)")
    if pset.has_groups and m.groups == "refused":
        raise InputError("--method", f"{method} with groups declared",
                         " or ".join(x.name for x in every if x.groups == "indices")
                         + " (group indices), or "
                         + " or ".join(x.name for x in every if x.groups == "members")
                         + " (an index per member)")
    if m.needs_n and n < 2:
        raise InputError("-N", str(n), "a sample size of at least 2")
    if m.check is not None:
        m.check(levels)
    check_size(pset, method, n, second_order)
    return m.design(pset, problem(pset, groups=m.groups == "indices"), n, seed, second_order,
                    levels)


def expected_rows(pset: ParameterSet, method: str, n: int, second_order: bool) -> int | None:
    """Rows the design of ``method`` has for size n (None where SALib decides)."""
    return methods.get(method).rows(pset, n, second_order)
