"""Indices with confidence intervals, probabilities of meeting targets and percentiles.

Honest statistics, by rule:

* An output that is undefined on a sample (a plan output of an infeasible sample: cost, prices,
  totals) is NaN in ``samples`` and never handed to SALib. Its indices are computed on what
  the design still supports and the ``note`` says so: Morris on the trajectories with every
  point defined, Sobol on the base samples whose every row is defined (conditional on those
  samples), delta on the defined samples (conditional); FAST and one-at-a-time designs cannot
  drop points, so no index is given. ``n_used``/``n_total`` count the units used.
* Shortfalls and ``met.<target>`` are defined on every sample (0 / 1 when met), so their indices
  always use the whole design.
* An output constant on every sample has no index (noted), rather than a 0/0.
* Costs are defined on every sample (issue #15): an infeasible sample has the least-shortfall
  plan and its shortfalls priced (:mod:`model.sensitivity.penalty`), so the indices of
  ``cost_pv`` are over all samples (unconditional). ``cost_pv_feasible`` (NaN where a target
  is missed) and the shadow prices keep the conditional treatment above.
* Probabilities only from probability samples (:func:`probability_rows`): delta's Latin
  hypercube (every row) and the Sobol design's base points (the A and B rows, 2N scrambled
  Sobol' points; the AB rows mix coordinates of two points and are not independent draws).
  A Morris grid, a FAST search curve and one-at-a-time runs are designs for screening, not
  samples of the inputs' distribution: no probability, percentile, bin table or failure box
  is computed from them, and the summary says so. Each probability has a Wilson 95 % interval
  (treating the points as independent draws: conservative for a Sobol' sequence, whose 1-D
  projections are stratified); cost percentiles have bootstrap 95 % intervals.
* Warnings (:func:`warnings_of`): an S1 above its ST beyond both 95 % intervals (the estimator
  has not converged: N too small), and N small for the number of groups D' (Sobol N < 10 D',
  mean ST interval wider than ±0.1; Morris fewer than 10 trajectories; delta a dummy input
  whose δ exceeds 0.1).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from model.sensitivity import methods
from model.sensitivity.declare import ParameterSet
from model.sensitivity.methods import DUMMY, Context, n_groups, problem
from model.sensitivity.methods.delta import DELTA_RESAMPLES

COLUMNS = ["output", "parameter", "label_zh", "label_en", "index", "value", "conf", "n_used",
           "n_total", "note"]
#: Designs that are probability samples of the inputs (module docstring).
PROBABILITY_METHODS = tuple(m.name for m in methods.METHODS.values()
                            if m.probability_rows is not None)

__all__ = ["COLUMNS", "DELTA_RESAMPLES", "DUMMY", "PROBABILITY_METHODS", "bins", "headline",
           "indices", "influential", "percentiles", "probabilities", "probability_rows",
           "ranking", "warnings_of", "wilson"]


def indices(pset: ParameterSet, method: str, u: np.ndarray, samples: pd.DataFrame,
            outputs: list[str], second_order: bool, levels: int, seed: int) -> pd.DataFrame:
    """Long table :data:`COLUMNS` of every index of every output (module docstring; each
    method's own analysis in its module of :mod:`model.sensitivity.methods`)."""
    m = methods.get(method)
    grouped = pset.has_groups and m.groups == "indices"
    names = list(dict.fromkeys(pset.groups)) if grouped else pset.names
    ctx = Context(pset=pset, u=u, problem=problem(pset, groups=grouped), names=names,
                  g=n_groups(pset) if grouped else len(pset.params),
                  second_order=second_order, levels=levels, seed=seed)
    rows: list[dict] = []
    for out in outputs:
        y = samples[out].to_numpy(dtype=float)
        ok = np.isfinite(y)
        if ok.any() and np.ptp(y[ok]) == 0:
            rows.append({"output": out, "parameter": "", "index": "", "value": math.nan,
                         "conf": math.nan, "n_used": int(ok.sum()), "n_total": len(y),
                         "note": "constant on every defined sample: no index"})
            continue
        rows += m.analyse(ctx, out, y, ok)
    out = pd.DataFrame(rows, columns=COLUMNS)
    lab = {n: pset.labels(n) for n in set(out["parameter"]) if n}
    lab[DUMMY] = ("（虚拟输入）", "(dummy input)")
    out["label_zh"] = [lab.get(n, ("", ""))[0] if n else "" for n in out["parameter"]]
    out["label_en"] = [lab.get(n, ("", ""))[1] if n else "" for n in out["parameter"]]
    for i, n in enumerate(out["parameter"]):
        if "*" in str(n):  # a second-order pair
            a, b = str(n).split("*", 1)
            out.loc[i, "label_zh"] = f"{pset.labels(a)[0]} × {pset.labels(b)[0]}"
            out.loc[i, "label_en"] = f"{pset.labels(a)[1]} x {pset.labels(b)[1]}"
    return out


def probability_rows(method: str, n_rows: int, pset: ParameterSet,
                     second_order: bool) -> np.ndarray | None:
    """Boolean mask of the design rows that are probability samples of the inputs (module
    docstring), or None for a design that holds none (a screening design)."""
    m = methods.get(method)
    return None if m.probability_rows is None else m.probability_rows(n_rows, pset,
                                                                        second_order)


def warnings_of(ind: pd.DataFrame, method: str, n: int, pset: ParameterSet) -> list[str]:
    """Plain sentences on indices that cannot be read as they stand (module docstring)."""
    m = methods.get(method)
    return [] if m.warnings is None else m.warnings(ind, n, pset)


def bins(samples: pd.DataFrame, pset: ParameterSet, params: list[str], targets: list[str],
         rows: np.ndarray, k: int = 4, qs=(5, 50, 95)) -> pd.DataFrame:
    """P(every target met) with its Wilson interval and percentiles of ``cost_pv`` (the
    plan's cost plus penalties, CNY) by bins of each parameter in ``params``: quartiles of the
    sampled values (``k`` bins), or one bin per level of a categorical, over the probability
    rows ``rows``."""
    df = samples[rows]
    met = df[[f"met.{t}" for t in targets]].to_numpy(dtype=float).min(axis=1) \
        if targets else np.ones(len(df))
    cost = df["cost_pv"].to_numpy(dtype=float)
    out = []
    for name in params:
        p = pset.param(name)
        v = df[f"param.{name}"].to_numpy(dtype=float)
        if p.categorical:
            groups = [(lev, np.isclose(v, i)) for i, lev in enumerate(p.dist.levels)]
        else:
            edges = np.quantile(v, np.linspace(0, 1, k + 1))
            groups = []
            for j in range(k):
                lo, hi = edges[j], edges[j + 1]
                sel = (v >= lo) & ((v <= hi) if j == k - 1 else (v < hi))
                groups.append((f"{lo:.4g} - {hi:.4g}", sel))
        zh, en = pset.labels(name)
        for label, sel in groups:
            n = int(sel.sum())
            kk = int(np.nansum(met[sel])) if n else 0
            lo95, hi95 = wilson(kk, n)
            c = cost[sel]
            c = c[np.isfinite(c)]
            pc = np.percentile(c, qs) if len(c) else [math.nan] * len(qs)
            out.append({"parameter": name, "label_zh": zh, "label_en": en, "bin": label,
                        "n": n, "p_every_target_met": kk / n if n else math.nan,
                        "low95": lo95, "high95": hi95,
                        **{f"cost_pv_p{q}": float(x) for q, x in zip(qs, pc, strict=True)}})
    return pd.DataFrame(out)


def influential(ind: pd.DataFrame, method: str, pset: ParameterSet,
                outputs=("cost_pv", "feasible"), k: int = 4) -> tuple[list[str], list[str]]:
    """The ``k`` single parameters with the largest headline index (Sobol ST, delta) on any
    of ``outputs``, and the groups ranked above the last of them (a group has no bins: its
    members move independently)."""
    m = methods.get(method)
    if m.probability_rows is None:  # bins and boxes only from probability samples
        return [], []
    key = m.headline
    sub = ind[(ind["index"] == key) & ind["output"].isin(outputs)
              & (ind["parameter"] != DUMMY) & (ind["parameter"] != "")]
    if not len(sub):
        return [], []
    best = sub.groupby("parameter")["value"].max().sort_values(ascending=False)
    single = set(pset.names)
    picked, groups = [], []
    for name in best.index:
        if name in single:
            picked.append(name)
        elif len(picked) < k:
            groups.append(name)
        if len(picked) == k:
            break
    return picked, groups


def headline(outputs: list[str], years) -> list[str]:
    """The outputs a slow analyzer (delta) is run on: present-value cost (with penalties, the
    plan's own and the conditional one), annual net cost, whether every target is met, every
    target's shortfall and met flag, the shadow prices, CO2 and energy of the last model year
    and the peak year. Every output stays in samples.parquet for another analysis."""
    last = max(years)
    keep = ("cost_pv", "cost_pv_plan", "cost_pv_feasible", "feasible", "annual_net",
            f"co2.{last}", f"energy.{last}", "peak_year")
    return [o for o in outputs if o in keep or o.startswith(("shortfall.", "met.", "price."))]


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a proportion k/n (95 % by default)."""
    if n == 0:
        return math.nan, math.nan
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, mid - half), min(1.0, mid + half)


def probabilities(samples: pd.DataFrame, targets: list[str],
                  rows_mask: np.ndarray | None = None) -> pd.DataFrame:
    """P(each target met) and P(every target met) with Wilson intervals, over the rows of
    ``rows_mask`` (the probability samples, :func:`probability_rows`; all rows when None)."""
    if rows_mask is not None:
        samples = samples[rows_mask]
    rows = []
    n = len(samples)
    for t in [*targets, "__all__"]:
        if t == "__all__":
            met = samples[[f"met.{x}" for x in targets]].to_numpy().min(axis=1)
        else:
            met = samples[f"met.{t}"].to_numpy()
        k = int(np.nansum(met))
        lo, hi = wilson(k, n)
        short = samples[f"shortfall.{t}"].to_numpy() if t != "__all__" else np.zeros(n)
        rows.append({"target": "every target" if t == "__all__" else t, "p_met": k / n,
                     "low95": lo, "high95": hi, "n": n,
                     "mean_shortfall_when_missed": float(short[met < 1].mean())
                     if (met < 1).any() and t != "__all__" else 0.0})
    return pd.DataFrame(rows)


def percentiles(samples: pd.DataFrame, outputs: list[str], seed: int,
                qs=(5, 25, 50, 75, 95), rows_mask: np.ndarray | None = None) -> pd.DataFrame:
    """Percentiles of each output over its defined samples among ``rows_mask`` (the
    probability samples), bootstrap 95 % intervals; ``note`` says where an output is defined
    on only part of them (conditional: e.g. ``cost_pv_feasible``, the prices)."""
    rng = np.random.default_rng(seed)
    if rows_mask is not None:
        samples = samples[rows_mask]
    rows = []
    for out in outputs:
        y = samples[out].to_numpy(dtype=float)
        y = y[np.isfinite(y)]
        if not len(y):
            continue
        note = "" if len(y) == len(samples) else (
            f"conditional: over the {len(y)} of {len(samples)} samples where it is defined "
            "(every target met)")
        boot = np.percentile(y[rng.integers(0, len(y), size=(200, len(y)))], qs, axis=1)
        for q, v, b in zip(qs, np.percentile(y, qs), boot, strict=True):
            rows.append({"output": out, "percentile": q, "value": float(v),
                         "low95": float(np.percentile(b, 2.5)),
                         "high95": float(np.percentile(b, 97.5)), "n_defined": len(y),
                         "n_total": len(samples), "note": note})
    return pd.DataFrame(rows)


def ranking(ind: pd.DataFrame, output: str, method: str, k: int = 5) -> pd.DataFrame:
    """The k most influential parameters for ``output`` by the method's headline index
    (Morris mu*, Sobol ST, FAST ST, delta, OAT swing)."""
    key = methods.get(method).headline
    sub = ind[(ind["output"] == output) & (ind["index"] == key)].copy()
    sub["abs"] = sub["value"].abs()
    top = sub.sort_values("abs", ascending=False).head(k)
    dummy = sub[sub["parameter"] == DUMMY]
    if len(dummy) and DUMMY not in set(top["parameter"]):
        top = pd.concat([top, dummy])  # the bias floor beside the ranking
    return top.drop(columns="abs")
