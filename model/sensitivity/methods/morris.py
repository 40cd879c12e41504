"""Morris elementary effects (screening): Morris 1991, Technometrics 33(2):161-174,
doi:10.1080/00401706.1991.10484804; μ* of Campolongo, Cariboni and Saltelli 2007, Environmental
Modelling & Software 22(10):1509-1518, doi:10.1016/j.envsoft.2006.10.004. SALib's sampler and
analyzer (``SALib.sample.morris``, ``SALib.analyze.morris``).

Design: N trajectories of D' + 1 points on a grid of ``levels`` levels (D' = groups, a
parameter without a group its own); levels of unbounded distributions are read at the level
midpoints (u = (k + 1/2)/p) rather than at u = 0 and 1. Indices μ*, σ, μ per group; an output
undefined at a point drops that trajectory (conditional, said in the note). A screening design:
no probability is computed from it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.errors import InputError
from model.sensitivity.chartbase import _fig, _label, _plabel
from model.sensitivity.declare import ParameterSet
from model.sensitivity.methods.base import Context, Method, empty, index_rows, n_groups, register

#: Morris grid levels: even (SALib's trajectories are biased at odd levels) from 2 to 64 (a
#: finer grid is no longer a screening design; 10^9 levels once asked numpy for gigabytes).
MAX_LEVELS = 64


def check_levels(levels: int) -> None:
    """Refuse Morris levels that are odd or outside 2..:data:`MAX_LEVELS` (one line)."""
    if not (2 <= levels <= MAX_LEVELS and levels % 2 == 0):
        raise InputError("--levels", str(levels), f"an even number of Morris grid levels from 2 "
                         f"to {MAX_LEVELS} (4 is usual; SALib's grid is biased at odd levels)")


def design(pset: ParameterSet, prob: dict[str, Any], n: int, seed: int, second_order: bool,
           levels: int) -> np.ndarray:
    """N (D' + 1) rows (module docstring)."""
    from SALib.sample import morris

    u: np.ndarray = morris.sample(prob, n, num_levels=levels, seed=seed)
    unbounded = [j for j, p in enumerate(pset.params) if p.dist.kind in ("normal", "lognormal")]
    if unbounded:
        k = np.round(u[:, unbounded] * (levels - 1))
        u[:, unbounded] = (k + 0.5) / levels
    return u


def analyse(ctx: Context, out: str, y: np.ndarray, ok: np.ndarray) -> list[dict[str, Any]]:
    """μ*, σ, μ with the 95 % interval of μ* over the trajectories with every point defined."""
    from SALib.analyze import morris

    names = ctx.names
    block = ctx.g + 1
    keep = ok.reshape(-1, block).all(axis=1)
    n_used, n_all = int(keep.sum()), int(keep.shape[0])
    if n_used < 2:
        return [empty(out, n_used, n_all, "defined on fewer than 2 trajectories")]
    sel = np.repeat(keep, block)
    base_note = ""
    if n_used < n_all:
        base_note = (f"over the {n_used} of {n_all} trajectories with every point "
                     "feasible (conditional)")
    if np.ptp(y[sel]) == 0:  # constant on the trajectories kept
        return [empty(out, n_used, n_all, "constant on every trajectory kept: no index")]
    r = morris.analyze(ctx.problem, ctx.u[sel], y[sel], num_levels=ctx.levels,
                       num_resamples=200, seed=ctx.seed)
    rows: list[dict[str, Any]] = []
    for key in ("mu_star", "sigma", "mu"):
        conf = r["mu_star_conf"] if key == "mu_star" else [math.nan] * len(names)
        rows += index_rows(out, names, index=[key] * len(names), value=list(r[key]),
                           conf=list(conf), n_used=[n_used] * len(names),
                           n_total=[n_all] * len(names), note=[base_note] * len(names))
    return rows


def warnings_of(ind: pd.DataFrame, n: int, pset: ParameterSet) -> list[str]:
    """Fewer than 10 trajectories: the ranking is indicative."""
    if n < 10:
        return [f"{n} Morris trajectories, fewer than the 10 a screening usually needs: "
                "the ranking is indicative"]
    return []


def chart(ind: pd.DataFrame, out: str, path: Path, lab: Any, pset: Any = None) -> None:
    """μ* against σ; the 12 largest μ* numbered on the plot and named, in order, beside it (a
    name on every point of 20-odd parameters piled up unreadably near the origin)."""
    mu = ind[(ind["output"] == out) & (ind["index"] == "mu_star")].set_index("parameter")
    sg = ind[(ind["output"] == out) & (ind["index"] == "sigma")].set_index("parameter")
    if not len(mu):
        return
    order = mu["value"].sort_values(ascending=False).index
    top = list(order[:12])
    fig = _fig((10, 4.8))
    ax, side = fig.subplots(1, 2, width_ratios=[1.3, 1])
    ax.scatter(mu["value"], sg["value"].reindex(mu.index), s=14, color="0.6")
    ax.scatter(mu["value"].reindex(top), sg["value"].reindex(top), s=18, color="tab:blue")
    for k, p in enumerate(top, 1):
        ax.annotate(str(k), (mu.loc[p, "value"], sg.loc[p, "value"]), fontsize=7,
                    xytext=(3, 3), textcoords="offset points")
    ax.ticklabel_format(style="sci", scilimits=(-3, 4), useMathText=True)
    ax.set_xlabel(lab("μ* (平均绝对基本效应)", "μ* (mean absolute elementary effect)"),
                  fontsize=8)
    ax.set_ylabel(lab("σ (非线性或交互)", "σ (non-linearity or interaction)"), fontsize=8)
    side.axis("off")
    lines = [f"{k}. {_plabel(lab, pset, p)}  μ* {mu.loc[p, 'value']:.3g}"
             for k, p in enumerate(top, 1)]
    if len(order) > len(top):
        lines.append(lab(f"(其余 {len(order) - len(top)} 项: 灰点)",
                         f"({len(order) - len(top)} others: grey)"))
    side.text(0, 1, "\n".join(lines), va="top", ha="left", fontsize=7,
              transform=side.transAxes)
    fig.suptitle(_label(lab, out), fontsize=9)
    fig.savefig(path)


METHOD = register(Method(
    name="morris", title="Morris", describe="elementary effects (screening), N trajectories",
    groups="indices", correlations=False, design=design,
    rows=lambda pset, n, second_order: n * (n_groups(pset) + 1),
    size=lambda pset, n_rows, second_order: n_rows // (n_groups(pset) + 1),
    analyse=analyse, headline="mu_star", check=check_levels, warnings=warnings_of,
    chart=chart, chart_prefix="morris"))
