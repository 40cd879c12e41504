"""Borgonovo's moment-independent δ: Borgonovo 2007, Reliability Engineering & System Safety
92(6):771-784, doi:10.1016/j.ress.2006.04.015 (SALib's ``SALib.analyze.delta``, bias-reduced
``delta_balanced``), on a Latin hypercube (``SALib.sample.latin``) with rank correlations by
Iman-Conover (:func:`model.sensitivity.distributions.rank_correlate`).

Design: N samples. Indices δ per parameter (groups ignored: an index per member) with bootstrap
95 % intervals over the defined samples (conditional), beside a dummy input unrelated to the
model that shows the estimator's bias floor. SALib's δ takes seconds per output: only the
headline outputs are analysed. Every sample is a probability sample of the inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from model.sensitivity.declare import ParameterSet
from model.sensitivity.methods.base import (
    DUMMY,
    Context,
    Method,
    empty,
    index_rows,
    quiet,
    register,
)

#: Bootstrap resamples of the delta indices (SALib's delta costs seconds per output and
#: resample batch at a few thousand samples).
DELTA_RESAMPLES = 50


def design(pset: ParameterSet, prob: dict[str, Any], n: int, seed: int, second_order: bool,
           levels: int) -> np.ndarray:
    """N Latin-hypercube samples, rank-correlated when correlations are declared."""
    from SALib.sample import latin

    from model.sensitivity.distributions import rank_correlate

    u: np.ndarray = latin.sample(prob, n, seed=seed)
    return rank_correlate(u, pset.corr, seed) if pset.correlated else u


def analyse(ctx: Context, out: str, y: np.ndarray, ok: np.ndarray) -> list[dict[str, Any]]:
    """δ per parameter and for the dummy input, over the defined samples."""
    from SALib.analyze import delta

    names, n_total = ctx.names, len(y)
    n_used = int(ok.sum())
    if n_used < 10:
        return [empty(out, n_used, n_total, "defined on fewer than 10 samples")]
    base_note = ""
    if n_used < n_total:
        base_note = f"over the {n_used} of {n_total} feasible samples (conditional)"
    # a dummy input, independent of everything, shows the estimator's bias floor
    dummy = np.random.default_rng(ctx.seed).uniform(size=int(ok.sum()))
    prob = ctx.problem
    prob_d = {**prob, "num_vars": prob["num_vars"] + 1,
              "names": [*prob["names"], DUMMY], "bounds": [*prob["bounds"], [0, 1]]}
    try:
        r, said = quiet(delta.analyze, prob_d, np.column_stack([ctx.u[ok], dummy]), y[ok],
                        num_resamples=DELTA_RESAMPLES, seed=ctx.seed, method="delta")
    except (ValueError, np.linalg.LinAlgError) as exc:
        # SALib's kernel density fails on an output of few distinct values at small N
        # ("Singular matrix"): no index for this output; the others go on
        return [empty(out, n_used, n_total, f"no delta index: SALib: "
                      f"{str(exc).strip()[:160]}; more samples (-N) may give one")]
    if said:
        base_note = "; ".join(x for x in (base_note, said) if x)
    r["delta"], r["delta_conf"] = r["delta_balanced"], r["delta_balanced_conf"]
    names_d = [*names, DUMMY]
    rows: list[dict[str, Any]] = []
    for key, conf in (("delta", "delta_conf"),):
        rows += index_rows(out, names_d, index=[key] * len(names_d), value=list(r[key]),
                           conf=list(r[conf]), n_used=[n_used] * len(names_d),
                           n_total=[n_total] * len(names_d),
                           note=[base_note] * len(names) + [
                               "an input unrelated to the model: indices near it are "
                               "indistinguishable from none"])
    return rows


def warnings_of(ind: pd.DataFrame, n: int, pset: ParameterSet) -> list[str]:
    """The dummy input reaching δ > 0.1: N too small to tell an index below that from none."""
    dummy = ind[(ind["parameter"] == DUMMY) & (ind["index"] == "delta")]["value"]
    if len(dummy) and float(dummy.max()) > 0.1:
        return [f"the dummy input reaches delta {float(dummy.max()):.2f}: with N = {n} "
                "the estimator cannot tell an index below that from none; raise -N"]
    return []


METHOD = register(Method(
    name="delta", title="delta", describe="moment-independent delta, N Latin-hypercube samples",
    groups="members", correlations=True, design=design,
    rows=lambda pset, n, second_order: n, size=lambda pset, n_rows, second_order: n_rows,
    analyse=analyse, headline="delta", slow=True, warnings=warnings_of,
    probability_rows=lambda n_rows, pset, second_order: np.ones(n_rows, dtype=bool),
    probability_basis="every Latin-hypercube sample"))
