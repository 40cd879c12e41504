"""Designs of a sensitivity run, drawn with SALib in the unit hypercube.

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
Sobol size that is not a power of two (the nearest are named), groups with fast, delta or oat,
correlations with morris, sobol or fast (their estimators assume independent inputs), a FAST
size too small, a design of more than :data:`MAX_EVALUATIONS` evaluations, Morris levels that
are odd or above :data:`MAX_LEVELS`. Morris levels of unbounded distributions are read at the
level midpoints (u = (k + 1/2)/p) rather than at u = 0 and 1.
"""

from __future__ import annotations

import math

import numpy as np

from model.errors import InputError
from model.sensitivity.declare import ParameterSet

METHODS = ("morris", "sobol", "fast", "delta", "oat")
FAST_M = 4
#: The most model evaluations (design rows) one run may hold. Every row is solved and kept
#: (design.npy, the chunks, samples.parquet, the analysis in memory): at the shipped model's
#: 2-20 ms per solve, 10^6 rows are hours of work and a few hundred MB of outputs; a larger
#: -N is a typing error (a size of 10^11 once asked numpy for terabytes).
MAX_EVALUATIONS = 1_000_000
#: Morris grid levels: even (SALib's trajectories are biased at odd levels) from 2 to 64 (a
#: finer grid is no longer a screening design; 10^9 levels once asked numpy for gigabytes).
MAX_LEVELS = 64


def check_levels(levels: int) -> None:
    """Refuse Morris levels that are odd or outside 2..:data:`MAX_LEVELS` (one line)."""
    if not (2 <= levels <= MAX_LEVELS and levels % 2 == 0):
        raise InputError("--levels", str(levels), f"an even number of Morris grid levels from 2 "
                         f"to {MAX_LEVELS} (4 is usual; SALib's grid is biased at odd levels)")


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


def problem(pset: ParameterSet, groups: bool = True) -> dict:
    """The SALib problem in unit space (every bound [0, 1]); with ``groups`` when declared."""
    out = {"num_vars": len(pset.params), "names": pset.names,
           "bounds": [[0.0, 1.0]] * len(pset.params)}
    if groups and pset.has_groups:
        out["groups"] = pset.groups
    return out


def n_groups(pset: ParameterSet) -> int:
    return len(dict.fromkeys(pset.groups))


def design(pset: ParameterSet, method: str, n: int, seed: int, second_order: bool = False,
           levels: int = 4) -> np.ndarray:
    """Unit-space design [n_eval, D] (module docstring). Raises InputError on a bad size or an
    unsupported combination."""
    if method not in METHODS:
        raise InputError("--method", repr(method), f"one of {list(METHODS)}")
    if pset.correlated and method in ("morris", "sobol", "fast"):
        raise InputError("--method", f"{method} with rank correlations declared",
                         "delta or oat (Morris, Sobol and FAST assume independent inputs; "
                         "or drop the correlations, or join the parameters in a group)")
    if pset.has_groups and method in ("fast", "delta", "oat"):
        raise InputError("--method", f"{method} with groups declared",
                         "morris or sobol (the only methods with group indices)")
    if method != "oat" and n < 2:
        raise InputError("-N", str(n), "a sample size of at least 2")
    if method == "morris":
        check_levels(levels)
    check_size(pset, method, n, second_order)
    prob = problem(pset)
    if method == "morris":
        from SALib.sample import morris

        u = morris.sample(prob, n, num_levels=levels, seed=seed)
        unbounded = [j for j, p in enumerate(pset.params)
                     if p.dist.kind in ("normal", "lognormal")]
        if unbounded:
            k = np.round(u[:, unbounded] * (levels - 1))
            u[:, unbounded] = (k + 0.5) / levels
        return u
    if method == "sobol":
        if n & (n - 1):
            lo = 2 ** math.floor(math.log2(n))
            raise InputError("-N", f"{n} for sobol, not a power of two",
                             f"a power of two (e.g. {lo} or {2 * lo}): Sobol' sequences keep "
                             "their balance only at powers of two")
        from SALib.sample import sobol

        return sobol.sample(prob, n, calc_second_order=second_order, scramble=True, seed=seed)
    if method == "fast":
        if n <= 4 * FAST_M ** 2:
            raise InputError("-N", f"{n} for fast", f"more than {4 * FAST_M ** 2} "
                             f"(4 M² with M = {FAST_M} harmonics)")
        from SALib.sample import fast_sampler

        return fast_sampler.sample(prob, n, M=FAST_M, seed=seed)
    if method == "delta":
        from SALib.sample import latin

        from model.sensitivity.distributions import rank_correlate

        u = latin.sample(prob, n, seed=seed)
        return rank_correlate(u, pset.corr, seed) if pset.correlated else u
    d = len(pset.params)
    u = np.full((2 * d + 1, d), 0.5)
    for j in range(d):
        u[1 + 2 * j, j] = 0.05
        u[2 + 2 * j, j] = 0.95
    return u


def expected_rows(pset: ParameterSet, method: str, n: int, second_order: bool) -> int | None:
    """Rows the design of ``method`` has for size n (None where SALib decides)."""
    g = n_groups(pset)
    if method == "morris":
        return n * (g + 1)
    if method == "sobol":
        return n * (2 * g + 2 if second_order else g + 2)
    if method == "fast":
        return n * len(pset.params)
    if method == "delta":
        return n
    return 2 * len(pset.params) + 1
