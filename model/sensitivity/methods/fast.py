"""FAST (Fourier amplitude sensitivity test), extended to total indices: Saltelli, Tarantola and
Chan 1999, Technometrics 41(1):39-56, doi:10.1080/00401706.1999.10485594; SALib's
``SALib.sample.fast_sampler`` and ``SALib.analyze.fast`` with M = :data:`FAST_M` harmonics.

Design: N points per parameter along a search curve (N > 4 M²). Indices S1 and ST per parameter
(groups refused); the curve cannot drop points, so an output undefined on any sample has no
index. A search curve is not a sample of the inputs' distribution: no probability.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.errors import InputError
from model.sensitivity.declare import ParameterSet
from model.sensitivity.methods import sobol
from model.sensitivity.methods.base import Context, Method, empty, index_rows, register

#: Harmonics of the FAST search curve (SALib's default).
FAST_M = 4


def design(pset: ParameterSet, prob: dict[str, Any], n: int, seed: int, second_order: bool,
           levels: int) -> np.ndarray:
    """N points per parameter (module docstring)."""
    if n <= 4 * FAST_M ** 2:
        raise InputError("-N", f"{n} for fast", f"more than {4 * FAST_M ** 2} "
                         f"(4 M² with M = {FAST_M} harmonics)")
    from SALib.sample import fast_sampler

    u: np.ndarray = fast_sampler.sample(prob, n, M=FAST_M, seed=seed)
    return u


def analyse(ctx: Context, out: str, y: np.ndarray, ok: np.ndarray) -> list[dict[str, Any]]:
    """S1 and ST over the whole curve (none when an output is undefined on a point)."""
    from SALib.analyze import fast

    names, n_total = ctx.names, len(y)
    if not ok.all():
        return [empty(out, int(ok.sum()), n_total, "undefined on some samples: "
                      "FAST cannot drop points, no index")]
    r = fast.analyze(ctx.problem, y, M=FAST_M, seed=ctx.seed)
    rows: list[dict[str, Any]] = []
    for key in ("S1", "ST"):
        rows += index_rows(out, names, index=[key] * len(names), value=list(r[key]),
                           conf=list(r[f"{key}_conf"]), n_used=[n_total] * len(names),
                           n_total=[n_total] * len(names), note=[""] * len(names))
    return rows


METHOD = register(Method(
    name="fast", title="FAST", describe="Fourier amplitude S1/ST, N points per parameter",
    groups="refused", correlations=False, design=design,
    rows=lambda pset, n, second_order: n * len(pset.params),
    size=lambda pset, n_rows, second_order: n_rows // max(1, len(pset.params)),
    analyse=analyse, headline="ST", chart=sobol.chart, chart_prefix="sobol"))
