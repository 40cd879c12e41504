"""Sobol' variance-based indices: Saltelli et al. 2010, Computer Physics Communications
181(2):259-270, doi:10.1016/j.cpc.2009.09.018 (the estimators of SALib's ``SALib.analyze.sobol``),
on a scrambled Sobol' sequence (``SALib.sample.sobol``).

Design: N base samples, a power of two (Sobol' sequences keep their balance only at powers of
two); N (2D' + 2) rows with second-order indices, N (D' + 2) without. Indices S1 and ST (and S2
with second order) per group with bootstrap 95 % intervals, over the base samples whose every
row is defined (conditional, said in the note). Probabilities from the 2N base points (the A
and B rows); the AB rows mix coordinates of two points and are not independent draws.
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
from model.sensitivity.methods.base import (
    Context,
    Method,
    empty,
    index_rows,
    n_groups,
    quiet,
    register,
)


def block(pset: ParameterSet, second_order: bool) -> int:
    """Rows per base sample: 2D' + 2 with second order, D' + 2 without."""
    g = n_groups(pset)
    return 2 * g + 2 if second_order else g + 2


def design(pset: ParameterSet, prob: dict[str, Any], n: int, seed: int, second_order: bool,
           levels: int) -> np.ndarray:
    """N base samples of a scrambled Sobol' sequence (module docstring)."""
    if n & (n - 1):
        lo = 2 ** math.floor(math.log2(n))
        raise InputError("-N", f"{n} for sobol, not a power of two",
                         f"a power of two (e.g. {lo} or {2 * lo}): Sobol' sequences keep "
                         "their balance only at powers of two")
    from SALib.sample import sobol

    u: np.ndarray = sobol.sample(prob, n, calc_second_order=second_order, scramble=True,
                                 seed=seed)
    return u


def analyse(ctx: Context, out: str, y: np.ndarray, ok: np.ndarray) -> list[dict[str, Any]]:
    """S1 and ST (and S2) over the base samples whose every row is defined."""
    from SALib.analyze import sobol

    names, second_order = ctx.names, ctx.second_order
    size = 2 * ctx.g + 2 if second_order else ctx.g + 2
    if len(y) % size:
        raise InputError("sobol analysis", f"{len(y)} samples, not a multiple of "
                         f"{size} (D' = {ctx.g} groups, second order "
                         f"{'on' if second_order else 'off'})",
                         "the second-order setting the sample was drawn with")
    keep = ok.reshape(-1, size).all(axis=1)
    n_used, n_all = int(keep.sum()), int(keep.shape[0])
    if n_used < 4:
        return [empty(out, n_used, n_all, "defined on fewer than 4 base samples")]
    base_note = ""
    if n_used < n_all:
        base_note = (f"over the {n_used} of {n_all} base samples with every row "
                     "feasible (conditional)")
    yy = y[np.repeat(keep, size)]
    if np.ptp(yy) == 0:  # constant on the samples kept (SALib only warns)
        return [empty(out, n_used, n_all, "constant on every base sample kept: no index")]
    r, said = quiet(sobol.analyze, ctx.problem, yy, calc_second_order=second_order,
                    num_resamples=200, seed=ctx.seed)
    if said:
        base_note = "; ".join(x for x in (base_note, f"SALib: {said}") if x)
    rows: list[dict[str, Any]] = []
    for key in ("S1", "ST"):
        rows += index_rows(out, names, index=[key] * len(names), value=list(r[key]),
                           conf=list(r[f"{key}_conf"]), n_used=[n_used] * len(names),
                           n_total=[n_all] * len(names), note=[base_note] * len(names))
    if second_order:
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                rows.append({"output": out, "parameter": f"{names[i]}*{names[j]}",
                             "index": "S2", "value": float(r["S2"][i, j]),
                             "conf": float(r["S2_conf"][i, j]), "n_used": n_used,
                             "n_total": n_all, "note": base_note})
    return rows


def warnings_of(ind: pd.DataFrame, n: int, pset: ParameterSet) -> list[str]:
    """S1 above ST beyond both 95 % intervals (not converged), and N small for D' (N < 10 D'
    or a mean ST interval wider than ±0.1)."""
    out = []
    g = n_groups(pset)
    s1 = ind[ind["index"] == "S1"].set_index(["output", "parameter"])
    st = ind[ind["index"] == "ST"].set_index(["output", "parameter"])
    both = s1[["value", "conf"]].merge(st[["value", "conf"]], left_index=True,
                                       right_index=True, suffixes=("_s1", "_st"))
    bad = both[(both["value_s1"] - both["conf_s1"]) > (both["value_st"] + both["conf_st"])]
    if len(bad):
        pairs = [f"{p} on {o}" for o, p in bad.index[:4]]
        out.append(f"S1 exceeds ST beyond both 95 % intervals for {len(bad)} index pairs "
                   f"({'; '.join(pairs)}{' ...' if len(bad) > 4 else ''}): the estimates "
                   "have not converged; raise -N")
    conf = st["conf"].to_numpy(dtype=float)
    wide = float(np.nanmean(conf)) if np.isfinite(conf).any() else math.nan
    if n < 10 * g or (wide == wide and wide > 0.1):
        out.append(f"N = {n} base samples for D' = {g} parameters and groups (mean 95 % "
                   f"half-width of ST {wide:.2f}): too few to rank them; a rule of thumb "
                   f"is N >= 10 D' ({10 * g}) and intervals below +-0.1")
    return out


def probability_rows(n_rows: int, pset: ParameterSet, second_order: bool) -> np.ndarray:
    """The A and B rows (first and last of each base sample's block)."""
    size = block(pset, second_order)
    pos = np.arange(n_rows) % size
    out: np.ndarray = (pos == 0) | (pos == size - 1)
    return out


def chart(ind: pd.DataFrame, out: str, path: Path, lab: Any, pset: Any = None) -> None:
    """First-order and total indices (S1, ST) with their 95 % intervals, by ST."""
    s1 = ind[(ind["output"] == out) & (ind["index"] == "S1")].set_index("parameter")
    st = ind[(ind["output"] == out) & (ind["index"] == "ST")].set_index("parameter")
    if not len(st):
        return
    order = st["value"].sort_values(ascending=False).index
    x = np.arange(len(order))
    fig = _fig((max(5, 0.45 * len(order) + 2.5), 5))
    ax = fig.subplots()
    ax.bar(x - 0.2, s1["value"].reindex(order), 0.4, yerr=s1["conf"].reindex(order),
           label=lab("一阶指数 S1", "first order S1"))
    ax.bar(x + 0.2, st["value"].reindex(order), 0.4, yerr=st["conf"].reindex(order),
           label=lab("总效应指数 ST", "total ST"))
    ax.set_xticks(x, [_plabel(lab, pset, p) for p in order], rotation=60, ha="right",
                  fontsize=6)
    ax.legend(fontsize=8)
    note = str(st["note"].iloc[0]) if "note" in st.columns and len(st) else ""
    title = _label(lab, out) + (f"\n{note}" if note and note != "nan" else "")
    ax.set_title(title, fontsize=8)
    fig.savefig(path)


METHOD = register(Method(
    name="sobol", title="Sobol", describe="variance-based S1/ST, N base samples (a power of two)",
    groups="indices", correlations=False, design=design,
    rows=lambda pset, n, second_order: n * block(pset, second_order),
    size=lambda pset, n_rows, second_order: n_rows // block(pset, second_order),
    analyse=analyse, headline="ST", warnings=warnings_of, probability_rows=probability_rows,
    probability_basis="the 2N base points (A and B rows) of the Sobol design",
    boxes_note=("PRIM over the same {k} samples (the Sobol design's AB rows repeat the base "
                "points' values and are left out)"),
    chart=chart, chart_prefix="sobol"))
