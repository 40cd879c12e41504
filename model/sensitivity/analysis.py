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

from model.sensitivity.declare import ParameterSet
from model.sensitivity.sampling import FAST_M, n_groups, problem

#: Bootstrap resamples of the delta indices (SALib's delta costs seconds per output and
#: resample batch at a few thousand samples).
DELTA_RESAMPLES = 50
#: Name of the dummy input of the delta analysis (the estimator's bias floor).
DUMMY = "(dummy)"

COLUMNS = ["output", "parameter", "label_zh", "label_en", "index", "value", "conf", "n_used",
           "n_total", "note"]
#: Designs that are probability samples of the inputs (module docstring).
PROBABILITY_METHODS = ("sobol", "delta")


def _rows(out: str, names, **cols) -> list[dict]:
    return [{"output": out, "parameter": n, **{k: v[i] for k, v in cols.items()}}
            for i, n in enumerate(names)]


def indices(pset: ParameterSet, method: str, u: np.ndarray, samples: pd.DataFrame,
            outputs: list[str], second_order: bool, levels: int, seed: int) -> pd.DataFrame:
    """Long table :data:`COLUMNS` of every index of every output (module docstring)."""
    from SALib.analyze import delta, fast, morris, sobol

    grouped = pset.has_groups and method in ("morris", "sobol")
    prob = problem(pset, groups=grouped)
    names = list(dict.fromkeys(pset.groups)) if grouped else pset.names
    g = n_groups(pset) if grouped else len(pset.params)
    rows: list[dict] = []
    for out in outputs:
        y = samples[out].to_numpy(dtype=float)
        ok = np.isfinite(y)
        n_total = len(y)
        base_note = ""
        if ok.any() and np.ptp(y[ok]) == 0:
            rows.append({"output": out, "parameter": "", "index": "", "value": math.nan,
                         "conf": math.nan, "n_used": int(ok.sum()), "n_total": n_total,
                         "note": "constant on every defined sample: no index"})
            continue
        if method == "morris":
            block = g + 1
            keep = ok.reshape(-1, block).all(axis=1)
            n_used, n_all = int(keep.sum()), len(keep)
            if n_used < 2:
                rows.append(_empty(out, n_used, n_all, "defined on fewer than 2 trajectories"))
                continue
            sel = np.repeat(keep, block)
            if n_used < n_all:
                base_note = (f"over the {n_used} of {n_all} trajectories with every point "
                             "feasible (conditional)")
            if np.ptp(y[sel]) == 0:  # constant on the trajectories kept
                rows.append(_empty(out, n_used, n_all, "constant on every trajectory kept: "
                                   "no index"))
                continue
            r = morris.analyze(prob, u[sel], y[sel], num_levels=levels, num_resamples=200,
                               seed=seed)
            for key in ("mu_star", "sigma", "mu"):
                conf = r["mu_star_conf"] if key == "mu_star" else [math.nan] * len(names)
                rows += _rows(out, names, index=[key] * len(names), value=list(r[key]),
                              conf=list(conf), n_used=[n_used] * len(names),
                              n_total=[n_all] * len(names), note=[base_note] * len(names))
        elif method == "sobol":
            block = 2 * g + 2 if second_order else g + 2
            if len(y) % block:
                from model.errors import InputError

                raise InputError("sobol analysis", f"{len(y)} samples, not a multiple of "
                                 f"{block} (D' = {g} groups, second order "
                                 f"{'on' if second_order else 'off'})",
                                 "the second-order setting the sample was drawn with")
            keep = ok.reshape(-1, block).all(axis=1)
            n_used, n_all = int(keep.sum()), len(keep)
            if n_used < 4:
                rows.append(_empty(out, n_used, n_all, "defined on fewer than 4 base samples"))
                continue
            if n_used < n_all:
                base_note = (f"over the {n_used} of {n_all} base samples with every row "
                             "feasible (conditional)")
            yy = y[np.repeat(keep, block)]
            if np.ptp(yy) == 0:  # constant on the samples kept (SALib only warns)
                rows.append(_empty(out, n_used, n_all, "constant on every base sample kept: "
                                   "no index"))
                continue
            r, said = _quiet(sobol.analyze, prob, yy, calc_second_order=second_order,
                             num_resamples=200, seed=seed)
            if said:
                base_note = "; ".join(x for x in (base_note, f"SALib: {said}") if x)
            for key in ("S1", "ST"):
                rows += _rows(out, names, index=[key] * len(names), value=list(r[key]),
                              conf=list(r[f"{key}_conf"]), n_used=[n_used] * len(names),
                              n_total=[n_all] * len(names), note=[base_note] * len(names))
            if second_order:
                for i in range(len(names)):
                    for j in range(i + 1, len(names)):
                        rows.append({"output": out, "parameter": f"{names[i]}*{names[j]}",
                                     "index": "S2", "value": float(r["S2"][i, j]),
                                     "conf": float(r["S2_conf"][i, j]), "n_used": n_used,
                                     "n_total": n_all, "note": base_note})
        elif method == "fast":
            if not ok.all():
                rows.append(_empty(out, int(ok.sum()), n_total, "undefined on some samples: "
                                   "FAST cannot drop points, no index"))
                continue
            r = fast.analyze(prob, y, M=FAST_M, seed=seed)
            for key in ("S1", "ST"):
                rows += _rows(out, names, index=[key] * len(names), value=list(r[key]),
                              conf=list(r[f"{key}_conf"]), n_used=[n_total] * len(names),
                              n_total=[n_total] * len(names), note=[""] * len(names))
        elif method == "delta":
            n_used = int(ok.sum())
            if n_used < 10:
                rows.append(_empty(out, n_used, n_total, "defined on fewer than 10 samples"))
                continue
            if n_used < n_total:
                base_note = f"over the {n_used} of {n_total} feasible samples (conditional)"
            # a dummy input, independent of everything, shows the estimator's bias floor
            dummy = np.random.default_rng(seed).uniform(size=int(ok.sum()))
            prob_d = {**prob, "num_vars": prob["num_vars"] + 1,
                      "names": [*prob["names"], DUMMY], "bounds": [*prob["bounds"], [0, 1]]}
            try:
                r, said = _quiet(delta.analyze, prob_d, np.column_stack([u[ok], dummy]), y[ok],
                                 num_resamples=DELTA_RESAMPLES, seed=seed, method="delta")
            except (ValueError, np.linalg.LinAlgError) as exc:
                # SALib's kernel density fails on an output of few distinct values at small N
                # ("Singular matrix"): no index for this output; the others go on
                rows.append(_empty(out, n_used, n_total, f"no delta index: SALib: "
                                   f"{str(exc).strip()[:160]}; more samples (-N) may give one"))
                continue
            if said:
                base_note = "; ".join(x for x in (base_note, said) if x)
            r["delta"], r["delta_conf"] = r["delta_balanced"], r["delta_balanced_conf"]
            names_d = [*names, DUMMY]
            for key, conf in (("delta", "delta_conf"),):
                rows += _rows(out, names_d, index=[key] * len(names_d), value=list(r[key]),
                              conf=list(r[conf]), n_used=[n_used] * len(names_d),
                              n_total=[n_total] * len(names_d),
                              note=[base_note] * len(names) + [
                                  "an input unrelated to the model: indices near it are "
                                  "indistinguishable from none"])
        else:  # oat
            if not ok.all():
                rows.append(_empty(out, int(ok.sum()), n_total, "undefined on some samples "
                                   "(infeasible): swings of those parameters not given"))
            y0 = y[0]
            for j, n in enumerate(names):
                lo, hi = y[1 + 2 * j], y[2 + 2 * j]
                if not (np.isfinite(lo) and np.isfinite(hi)):
                    continue
                rows.append({"output": out, "parameter": n, "index": "swing",
                             "value": float(hi - lo), "conf": math.nan, "n_used": 3,
                             "n_total": 3, "note": f"central {y0:.6g}, at 5 %: {lo:.6g}, at "
                             f"95 %: {hi:.6g}"})
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
    docstring), or None for a design that holds none (morris, fast, oat)."""
    if method == "delta":
        return np.ones(n_rows, dtype=bool)
    if method == "sobol":
        g = n_groups(pset)
        block = 2 * g + 2 if second_order else g + 2
        pos = np.arange(n_rows) % block
        return (pos == 0) | (pos == block - 1)
    return None


def warnings_of(ind: pd.DataFrame, method: str, n: int, pset: ParameterSet) -> list[str]:
    """Plain sentences on indices that cannot be read as they stand (module docstring)."""
    out = []
    g = n_groups(pset)
    if method == "sobol":
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
    elif method == "morris" and n < 10:
        out.append(f"{n} Morris trajectories, fewer than the 10 a screening usually needs: "
                   "the ranking is indicative")
    elif method == "delta":
        dummy = ind[(ind["parameter"] == DUMMY) & (ind["index"] == "delta")]["value"]
        if len(dummy) and float(dummy.max()) > 0.1:
            out.append(f"the dummy input reaches delta {float(dummy.max()):.2f}: with N = {n} "
                       "the estimator cannot tell an index below that from none; raise -N")
    return out


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
    key = {"sobol": "ST", "delta": "delta"}.get(method)
    if key is None:
        return [], []
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


def _quiet(fn, *args, **kwargs):
    """Call a SALib analyzer that sets global warning filters and formatters (delta does):
    restore them afterwards and return its notices as text, for the ``note`` column."""
    import warnings

    fmt = warnings.formatwarning
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        try:
            r = fn(*args, **kwargs)
        finally:
            warnings.formatwarning = fmt
    text = "; ".join(dict.fromkeys(str(w.message).strip() for w in said))
    return r, text


def _empty(out: str, n_used: int, n_total: int, note: str) -> dict:
    return {"output": out, "parameter": "", "index": "", "value": math.nan, "conf": math.nan,
            "n_used": n_used, "n_total": n_total, "note": note}


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
    key = {"morris": "mu_star", "sobol": "ST", "fast": "ST", "delta": "delta",
           "oat": "swing"}[method]
    sub = ind[(ind["output"] == output) & (ind["index"] == key)].copy()
    sub["abs"] = sub["value"].abs()
    top = sub.sort_values("abs", ascending=False).head(k)
    dummy = sub[sub["parameter"] == DUMMY]
    if len(dummy) and DUMMY not in set(top["parameter"]):
        top = pd.concat([top, dummy])  # the bias floor beside the ranking
    return top.drop(columns="abs")
