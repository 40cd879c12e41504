"""Distributions of uncertain parameters: checked declarations and their quantile functions.

Every method samples in the unit hypercube with SALib and turns each coordinate u in (0, 1)
into a value with the parameter's quantile function (scipy.stats ``ppf``), so Morris, Sobol,
FAST, delta and one-at-a-time runs all see the same marginal distributions:

============  ===========================  ============================================
kind          keys                         value
============  ===========================  ============================================
uniform       low, high                    low + u (high - low)
triangular    low, mode, high              scipy.stats.triang, peak at mode
normal        mean, sd                     mean + sd Φ⁻¹(u)
lognormal     mean, sd (of the value)      exp(μ + σ Φ⁻¹(u)), σ² = ln(1 + sd²/mean²),
                                           μ = ln(mean) − σ²/2
truncnormal   mean, sd, low, high          normal restricted to [low, high]
categorical   levels, weights              the index k of the level whose cumulative
                                           weight first exceeds u (0, 1, ..., K − 1)
============  ===========================  ============================================

A categorical (discrete, structural) factor is sampled like any other: SALib draws u in [0, 1)
and the quantile function maps it to a level, each level taking the share of the unit
interval its weight gives. The methods' caveats for such inputs: Sobol indices stay defined
(the Saltelli estimators need only independent inputs, not continuous ones) but converge more
slowly where a level flips the answer; delta (moment-independent) is unaffected; a Morris grid
of p levels reaches at most p of the K levels and its elementary effect of a level change
depends on the arbitrary order of the levels (read μ* of a discrete factor as a screening flag
only); FAST's search curve visits the levels unevenly. Interpolation between levels never
happens: every sample is one of the named levels.

Unbounded distributions (normal, lognormal) are evaluated at u clipped to
[:data:`U_CLIP`, 1 − :data:`U_CLIP`] (± 4.75 sd), because Morris and FAST designs put points
on u = 0 and u = 1 exactly. Refused with one line naming the key: equal bounds (a constant is
not uncertain), a normal given as bounds, keys the kind does not take, sd <= 0, a mode outside
the bounds, a lognormal with mean <= 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from model.errors import InputError

U_CLIP = 1e-6

KEYS = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd"),
    "lognormal": ("mean", "sd"),
    "truncnormal": ("mean", "sd", "low", "high"),
}


@dataclass(frozen=True)
class Dist:
    """A checked marginal distribution (module docstring). ``args`` holds the keys of
    :data:`KEYS` for ``kind``."""

    kind: str
    args: dict

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Values at quantiles ``u`` (array in [0, 1]); a categorical gives level indices
        (floats 0, 1, ..., K − 1)."""
        from scipy import stats

        u = np.asarray(u, dtype=float)
        a = self.args
        if self.kind == "categorical":
            cum = np.cumsum(a["weights"])
            k = np.searchsorted(cum / cum[-1], u, side="right")
            return np.minimum(k, len(a["weights"]) - 1).astype(float)
        if self.kind == "uniform":
            return a["low"] + u * (a["high"] - a["low"])
        if self.kind == "triangular":
            width = a["high"] - a["low"]
            return stats.triang.ppf(u, c=(a["mode"] - a["low"]) / width, loc=a["low"],
                                    scale=width)
        uc = np.clip(u, U_CLIP, 1 - U_CLIP)
        if self.kind == "normal":
            return a["mean"] + a["sd"] * stats.norm.ppf(uc)
        if self.kind == "lognormal":
            s2 = math.log1p((a["sd"] / a["mean"]) ** 2)
            mu = math.log(a["mean"]) - s2 / 2
            return np.exp(mu + math.sqrt(s2) * stats.norm.ppf(uc))
        lo, hi = (a["low"] - a["mean"]) / a["sd"], (a["high"] - a["mean"]) / a["sd"]
        return stats.truncnorm.ppf(u, lo, hi, loc=a["mean"], scale=a["sd"])

    def support(self) -> tuple[float, float]:
        """Smallest and largest value any design can produce."""
        v = self.ppf(np.array([0.0, 1.0]))
        return float(v[0]), float(v[1])

    def median(self) -> float:
        return float(self.ppf(np.array([0.5]))[0])

    @property
    def levels(self) -> tuple[str, ...]:
        """Level names of a categorical (empty otherwise)."""
        return tuple(self.args.get("levels", ()))

    def level(self, value: float) -> str:
        """The level name of a categorical sample (its index as sampled)."""
        return self.args["levels"][round(float(value))]

    def describe(self) -> str:
        if self.kind == "categorical":
            w = np.asarray(self.args["weights"], dtype=float)
            return "categorical(" + ", ".join(
                f"{n} {p:.3g}" for n, p in zip(self.args["levels"], w / w.sum(),
                                               strict=True)) + ")"
        return f"{self.kind}(" + ", ".join(f"{k}={v:g}" for k, v in self.args.items()) + ")"


def make(kind: str, given: dict, where: str) -> Dist:
    """Check the keys given for ``kind`` and return a :class:`Dist`; InputError otherwise.

    ``given`` maps low/high/mode/mean/sd to numbers or None; ``where`` names the declaration
    (e.g. ``scenario.yaml key uncertainty.fuel_elasticity``)."""
    present = {k: float(v) for k, v in given.items() if v is not None}
    need = KEYS[kind]
    if kind == "normal" and {"low", "high"} <= set(present) and not {"mean", "sd"} <= set(
            present):
        raise InputError(f"{where}.distribution", "normal given as bounds (low, high)",
                         "a normal by mean and sd; for bounds use uniform, triangular or "
                         "truncnormal")
    extra = sorted(set(present) - set(need))
    missing = [k for k in need if k not in present]
    if missing:
        raise InputError(where, f"a {kind} without {missing}", f"the keys {list(need)}")
    if extra:
        raise InputError(where, f"{extra} beside a {kind}", f"only the keys {list(need)}")
    a = {k: present[k] for k in need}
    if "low" in a and not a["low"] < a["high"]:
        what = "equal bounds" if a["low"] == a["high"] else "low above high"
        raise InputError(f"{where}.low", f"{what} (low {a['low']:g}, high {a['high']:g})",
                         "low < high (a parameter with equal bounds is a constant: drop it or "
                         "give its range)")
    if "sd" in a and not a["sd"] > 0:
        raise InputError(f"{where}.sd", f"{a['sd']:g}", "a standard deviation > 0")
    if kind == "triangular" and not a["low"] <= a["mode"] <= a["high"]:
        raise InputError(f"{where}.mode", f"{a['mode']:g}",
                         f"a mode between low {a['low']:g} and high {a['high']:g}")
    if kind == "lognormal" and not a["mean"] > 0:
        raise InputError(f"{where}.mean", f"{a['mean']:g}", "a lognormal mean > 0")
    if kind == "truncnormal" and not a["low"] <= a["mean"] <= a["high"]:
        raise InputError(f"{where}.mean", f"{a['mean']:g}",
                         f"a mean between low {a['low']:g} and high {a['high']:g}")
    return Dist(kind, a)


def categorical(levels: list[str], weights: list[float] | None, where: str) -> Dist:
    """A categorical over named ``levels`` with ``weights`` (normalised; equal when None).
    Raises InputError for fewer than two levels, repeated names, a weight count that differs
    from the levels' or weights that are negative or all zero."""
    if len(levels) < 2:
        raise InputError(f"{where}.levels", f"{len(levels)} level(s)",
                         "at least two named levels (one level is a constant)")
    dups = sorted({v for v in levels if levels.count(v) > 1})
    if dups:
        raise InputError(f"{where}.levels", f"levels {dups} named twice", "distinct names")
    w = [1.0] * len(levels) if weights is None else [float(x) for x in weights]
    if len(w) != len(levels):
        raise InputError(f"{where}.weights", f"{len(w)} weights for {len(levels)} levels",
                         "one weight per level")
    if any(x < 0 for x in w) or not sum(w) > 0:
        raise InputError(f"{where}.weights", repr(w), "weights >= 0, not all zero")
    return Dist("categorical", {"levels": tuple(levels), "weights": tuple(w)})


def from_uncertainty_pct(pct: float) -> Dist:
    """The default of an estimated row: a relative factor, normal with mean 1 and the 95 %
    half-width ``pct`` (sd = pct / 196), truncated to [max(0.01, 1 − 3 sd), 1 + 3 sd] so the
    factor stays positive."""
    sd = pct / 196.0
    return Dist("truncnormal", {"mean": 1.0, "sd": sd, "low": max(0.01, 1 - 3 * sd),
                                "high": 1 + 3 * sd})


def rank_correlate(u: np.ndarray, corr: np.ndarray, seed: int) -> np.ndarray:
    """Iman-Conover: reorder each column of the sample ``u`` [N, D] so its Spearman rank
    correlation approaches ``corr`` [D, D] while every marginal stays exactly as sampled
    (Iman & Conover 1982, Commun. Stat. Simul. Comput. 11:311). Raises InputError if ``corr``
    is not positive definite."""
    from scipy import stats

    n, d = u.shape
    try:
        P = np.linalg.cholesky(corr)
    except np.linalg.LinAlgError:
        raise InputError("uncertainty correlations", "a rank-correlation matrix that is not "
                         "positive definite", "correlations that can hold together") from None
    rng = np.random.default_rng(seed)
    scores = stats.norm.ppf((np.arange(1, n + 1)) / (n + 1))
    M = np.column_stack([rng.permutation(scores) for _ in range(d)])
    E = np.corrcoef(M, rowvar=False) if d > 1 else np.ones((1, 1))
    Q = np.linalg.cholesky(E)
    T = M @ np.linalg.inv(Q).T @ P.T
    out = np.empty_like(u)
    for j in range(d):
        order = np.argsort(np.argsort(T[:, j]))
        out[:, j] = np.sort(u[:, j])[order]
    return out
