"""Where the plan fails: scenario discovery with PRIM on the samples of a sensitivity run.

For each target, the samples where it is missed (``met.<target> == 0``) are the cases of
interest, and PRIM — the patient rule induction method (Friedman and Fisher 1999, Statistics and
Computing 9:123, doi:10.1023/A:1008894516817), as scenario discovery uses it (Bryant and
Lempert 2010, Technological Forecasting and Social Change 77:34,
doi:10.1016/j.techfore.2009.08.002) — finds the box of assumptions in which they concentrate.
The implementation is ema-workbench's (``ema_workbench.analysis.prim``, Kwakkel 2017,
Environmental Modelling and Software 96:239, doi:10.1016/j.envsoft.2017.06.054), run quietly
(its log and the pandas/numpy warnings it raises are written to the run's ``warnings.log``).

Inputs: every single parameter at its sampled value (as written in the scenario or table, a
factor for table rows; a categorical by its level names) and, for each group of row factors
(``per``), the mean of its members as one input ("measure costs (mean factor)"): a box over 57
cost rows one by one would describe noise.

The box: PRIM peels from every side (``peel_alpha`` 0.05, the library's default) down to
``mass_min`` (5 % of the samples); from the peeling trajectory the box kept is the one with
the highest coverage among those whose density reaches :data:`DENSITY` (0.8), or the densest
when none does (Bryant and Lempert's trade-off read with a fixed rule, so runs are
reproducible). Then each restriction is tested as Bryant and Lempert do (their quasi-p value:
the one-sided binomial probability that the box would hold as many failures at the density of
the box with that restriction relaxed) and the least significant is relaxed while any exceeds
:data:`QUASI_P` (0.05): a restriction the samples cannot support does not reach the sentence.
**Coverage** = the share of all failing samples that lie in the box; **density** = the share
of the samples in the box that fail. Both are computed here from the box's limits (inclusive)
and the samples, so they do not depend on the library's bookkeeping. A target missed in fewer
than :data:`MIN_CASES` samples has no box (too few to describe a region), one never missed or
always missed neither.

Sentences: one per target for the briefing, e.g. "The CO2 intensity target fails when fossil
elasticity exceeds 0.42 and accounting view is consumption or territorial (...)", in English and
Chinese, with the coverage and density.
"""

from __future__ import annotations

import logging
import math
import warnings
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

#: density a box must reach to be chosen for its coverage
DENSITY = 0.8
#: fewest failing samples to describe with a box
MIN_CASES = 5
#: PRIM's peeling share per step and least box mass (ema-workbench's defaults)
PEEL_ALPHA = 0.05
MASS_MIN = 0.05
#: largest quasi-p value of a restriction kept in the box (Bryant and Lempert 2010)
QUASI_P = 0.05

COLUMNS = ["target", "target_zh", "target_en", "n_samples", "n_fail", "p_fail", "coverage",
           "density", "mass", "parameter", "label_zh", "label_en", "restriction", "low", "high",
           "levels", "sentence_en", "sentence_zh"]


@contextmanager
def quiet(log: list[str]):
    """Run a library call with its warnings and log records collected into ``log`` (one line
    each) instead of the terminal."""
    class _Keep(logging.Handler):
        def emit(self, record):
            log.append(f"{record.name}: {record.getMessage()}")

    handler = _Keep(level=logging.DEBUG)
    loggers = [logging.getLogger(n) for n in ("EMA", "ema_workbench", "py.warnings",
                                               "matplotlib", "SALib")]
    saved = [(lg, lg.handlers[:], lg.propagate, lg.level) for lg in loggers]
    for lg in loggers:
        lg.handlers = [handler]
        lg.propagate = False
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for lg, hs, prop, lvl in saved:
                lg.handlers, lg.propagate = hs, prop
                lg.setLevel(lvl)
            log.extend(f"{w.category.__name__}: {str(w.message).strip()}" for w in caught)


def inputs(samples: pd.DataFrame, pset) -> tuple[pd.DataFrame, dict[str, tuple[str, str]]]:
    """The PRIM inputs (module docstring) and their labels (zh, en)."""
    cols, labels = {}, {}
    members: dict[str, list[str]] = {}
    for p in pset.params:
        if p.member_of:
            members.setdefault(p.group or p.member_of, []).append(p.name)
            continue
        v = samples[f"param.{p.name}"].to_numpy(dtype=float)
        if p.categorical:
            names = [p.dist.level(x) for x in v]
            cols[p.name] = pd.Categorical(names, categories=list(p.dist.levels))
        else:
            cols[p.name] = v
        labels[p.name] = (p.label_zh or p.label_en or p.name, p.label_en or p.name)
    for g, names in members.items():
        cols[g] = samples[[f"param.{n}" for n in names]].to_numpy(dtype=float).mean(axis=1)
        zh, en = pset.labels(g)
        labels[g] = (f"{zh or en}（平均倍数）", f"{en} (mean factor)")
    return pd.DataFrame(cols, index=samples.index).reset_index(drop=True), labels


def _prim(x: pd.DataFrame, y: np.ndarray, log: list[str]):
    """ema-workbench's PRIM box (its 2.x API takes a threshold on y; 3.x does not)."""
    import inspect

    with quiet(log):
        from ema_workbench.analysis import prim

        kw = {"peel_alpha": PEEL_ALPHA, "mass_min": MASS_MIN}
        if "threshold" in inspect.signature(prim.Prim.__init__).parameters:
            kw["threshold"] = 0.5  # cases of interest are y >= 0.5: the failing samples
        alg = prim.Prim(x.copy(), y.astype(int), **kw)
        box = alg.find_box()
    return box


def _inside(x: pd.DataFrame, lims: pd.DataFrame, dims: list[str]) -> np.ndarray:
    keep = np.ones(len(x), dtype=bool)
    for d in dims:
        if isinstance(x[d].dtype, pd.CategoricalDtype):
            keep &= x[d].astype(str).isin({str(v) for v in lims[d].iloc[0]}).to_numpy()
        else:
            v = x[d].to_numpy(dtype=float)
            keep &= (v >= float(lims[d].iloc[0])) & (v <= float(lims[d].iloc[1]))
    return keep


def _restricted(x: pd.DataFrame, lims: pd.DataFrame, init: pd.DataFrame) -> list[str]:
    out = []
    for d in x.columns:
        if isinstance(x[d].dtype, pd.CategoricalDtype):
            if set(lims[d].iloc[0]) != set(init[d].iloc[0]):
                out.append(d)
        elif float(lims[d].iloc[0]) > float(init[d].iloc[0]) or \
                float(lims[d].iloc[1]) < float(init[d].iloc[1]):
            out.append(d)
    return out


def find_box(x: pd.DataFrame, y: np.ndarray, log: list[str] | None = None) -> dict:
    """The failure box of ``y`` (bool, the failing samples) over inputs ``x`` (module
    docstring): ``dims`` (restricted inputs), ``limits`` (per dim: (low, high) or the set of
    levels), ``coverage``, ``density``, ``mass``, ``init`` (the whole range of each dim)."""
    log = [] if log is None else log
    box = _prim(x, y, log)
    traj = box.peeling_trajectory.reset_index(drop=True)
    lims_all = box.box_lims
    init = lims_all[0]
    n_fail = int(y.sum())
    best, best_key = 0, None
    for i in range(len(lims_all)):
        dims = _restricted(x, lims_all[i], init)
        inside = _inside(x, lims_all[i], dims)
        k = int((inside & y).sum())
        n = int(inside.sum())
        cov, den = (k / n_fail if n_fail else 0.0), (k / n if n else 0.0)
        key = (den >= DENSITY, cov if den >= DENSITY else den, den, -len(dims))
        if best_key is None or key > best_key:
            best, best_key = i, key
    lims = lims_all[best]
    whole = {d: ((float(x[d].min()), float(x[d].max())) if not isinstance(
        x[d].dtype, pd.CategoricalDtype) else list(x[d].cat.categories)) for d in x.columns}
    limits: dict[str, list[Any] | tuple[float, float]] = {}
    for d in _restricted(x, lims, init):
        if isinstance(x[d].dtype, pd.CategoricalDtype):
            chosen = {str(v) for v in lims[d].iloc[0]}
            limits[d] = [c for c in x[d].cat.categories if str(c) in chosen]
        else:
            limits[d] = (float(lims[d].iloc[0]), float(lims[d].iloc[1]))
    limits, dropped = _prune(x, y, limits, whole)
    inside = _within(x, limits)
    k, n = int((inside & y).sum()), int(inside.sum())
    return {"dims": list(limits), "limits": limits, "coverage": k / n_fail if n_fail else 0.0,
            "density": k / n if n else 0.0, "mass": n / len(x), "init": whole,
            "trajectory": traj, "chosen": best, "dropped": dropped}


def _within(x: pd.DataFrame, limits: dict) -> np.ndarray:
    keep = np.ones(len(x), dtype=bool)
    for d, lim in limits.items():
        if isinstance(lim, list):
            keep &= x[d].astype(str).isin({str(v) for v in lim}).to_numpy()
        else:
            v = x[d].to_numpy(dtype=float)
            keep &= (v >= lim[0]) & (v <= lim[1])
    return keep


def quasi_p(x: pd.DataFrame, y: np.ndarray, limits: dict, whole: dict) -> dict:
    """{(dim, side): quasi-p value} of each restriction of ``limits`` (module docstring;
    side 0 the lower bound, 1 the upper, 0 a categorical's levels): the one-sided binomial
    probability of at least H failures among the box's T samples at the density of the box
    with that restriction relaxed (Bryant and Lempert 2010)."""
    from scipy import stats

    inside = _within(x, limits)
    h, t = int((inside & y).sum()), int(inside.sum())
    out = {}
    for d, lim in limits.items():
        sides = [0] if isinstance(lim, list) else [s for s in (0, 1) if lim[s] != whole[d][s]]
        for side in sides:
            relaxed = dict(limits)
            if isinstance(lim, list):
                relaxed.pop(d)
            else:
                new = list(lim)
                new[side] = whole[d][side]
                relaxed[d] = tuple(new)
            wider = _within(x, relaxed)
            p = (wider & y).sum() / max(1, wider.sum())
            out[(d, side)] = float(stats.binom.sf(h - 1, t, p)) if t else 1.0
    return out


def _prune(x: pd.DataFrame, y: np.ndarray, limits: dict, whole: dict) -> tuple[dict, list]:
    """Relax the least significant restriction while its quasi-p value exceeds
    :data:`QUASI_P`; returns the limits kept and the (dim, side) relaxed."""
    limits, dropped = dict(limits), []
    while limits:
        qp = quasi_p(x, y, limits, whole)
        (d, side), worst = max(qp.items(), key=lambda kv: kv[1])
        if worst <= QUASI_P:
            break
        dropped.append((d, side))
        lim = limits[d]
        if isinstance(lim, list):
            limits.pop(d)
            continue
        new = list(lim)
        new[side] = whole[d][side]
        if tuple(new) == tuple(whole[d]):
            limits.pop(d)
        else:
            limits[d] = tuple(new)
    return limits, dropped


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def describe(box: dict, labels: dict[str, tuple[str, str]]) -> tuple[list[dict], str, str]:
    """Per restricted input: restriction, low, high, levels; and the clause lists joined as
    (english, chinese)."""
    rows, en, zh = [], [], []
    for d in box["dims"]:
        lzh, len_ = labels[d]
        lim = box["limits"][d]
        if isinstance(lim, list):
            rows.append({"parameter": d, "label_zh": lzh, "label_en": len_,
                         "restriction": "levels", "low": math.nan, "high": math.nan,
                         "levels": " ".join(lim)})
            en.append(f"{len_} is {' or '.join(lim)}")
            zh.append(f"{lzh}为{'或'.join(lim)}")
            continue
        lo, hi = lim
        wlo, whi = box["init"][d]
        low_cut, high_cut = lo > wlo, hi < whi
        kind = "both" if low_cut and high_cut else ("lower" if low_cut else "upper")
        rows.append({"parameter": d, "label_zh": lzh, "label_en": len_, "restriction": kind,
                     "low": lo, "high": hi, "levels": ""})
        if kind == "both":
            en.append(f"{len_} is between {_fmt(lo)} and {_fmt(hi)}")
            zh.append(f"{lzh}在{_fmt(lo)}至{_fmt(hi)}之间")
        elif kind == "lower":
            en.append(f"{len_} exceeds {_fmt(lo)}")
            zh.append(f"{lzh}高于{_fmt(lo)}")
        else:
            en.append(f"{len_} is below {_fmt(hi)}")
            zh.append(f"{lzh}低于{_fmt(hi)}")
    return rows, " and ".join(en), "且".join(zh)


def failure_boxes(samples: pd.DataFrame, pset, targets: dict[str, tuple[str, str]],
                  log: list[str] | None = None) -> tuple[pd.DataFrame, dict]:
    """The table (:data:`COLUMNS`, one row per restricted input of each target's box, one row
    for a target without a box) and {target: box} of the samples given (module docstring);
    ``targets`` maps target id to its labels (zh, en)."""
    log = [] if log is None else log
    x, labels = inputs(samples, pset)
    rows, boxes = [], {}
    n = len(samples)
    for tid, (tzh, ten) in targets.items():
        y = samples[f"met.{tid}"].to_numpy(dtype=float) == 0
        k = int(y.sum())
        base = {"target": tid, "target_zh": tzh, "target_en": ten, "n_samples": n,
                "n_fail": k, "p_fail": k / n if n else math.nan}
        empty = {"coverage": math.nan, "density": math.nan, "mass": math.nan,
                 "parameter": "", "label_zh": "", "label_en": "", "restriction": "",
                 "low": math.nan, "high": math.nan, "levels": ""}
        if k == 0:
            rows.append({**base, **empty,
                         "sentence_en": f"The {ten} target is met in every sample.",
                         "sentence_zh": f"{tzh}目标在所有样本中均达成。"})
            continue
        if k == n:
            rows.append({**base, **empty,
                         "sentence_en": f"The {ten} target fails in every sample, whatever "
                                        "the assumptions.",
                         "sentence_zh": f"{tzh}目标在所有样本中均未达成，与假设无关。"})
            continue
        if k < MIN_CASES:
            rows.append({**base, **empty,
                         "sentence_en": f"The {ten} target fails in {k} of {n} samples: too "
                                        "few to describe where.",
                         "sentence_zh": f"{tzh}目标在{n}个样本中有{k}个未达成，样本太少，无法"
                                        "描述其区域。"})
            continue
        box = find_box(x, y, log)
        if box["dims"]:
            boxes[tid] = box
        parts, en, zh = describe(box, labels)
        stats = {"coverage": box["coverage"], "density": box["density"], "mass": box["mass"]}
        if not parts:
            s_en = (f"The {ten} target fails in {k} of {n} samples ({k / n:.0%}) with no "
                    "region of the assumptions where the failures concentrate.")
            s_zh = (f"{tzh}目标在{n}个样本中有{k}个未达成（{k / n:.0%}），未见集中的假设区域。")
            rows.append({**base, **empty, **stats, "sentence_en": s_en, "sentence_zh": s_zh})
            continue
        s_en = (f"The {ten} target fails when {en} ({box['density']:.0%} of the samples in "
                f"this region miss it; the region holds {box['coverage']:.0%} of the "
                f"{k} failures among {n} samples).")
        s_zh = (f"{tzh}目标在{zh}时未达成（该区域内{box['density']:.0%}的样本未达标，"
                f"覆盖{n}个样本中全部{k}个未达标样本的{box['coverage']:.0%}）。")
        for r in parts:
            rows.append({**base, **stats, **r, "sentence_en": s_en, "sentence_zh": s_zh})
    return pd.DataFrame(rows, columns=COLUMNS), boxes


def sentences(table: pd.DataFrame) -> list[dict]:
    """One record per target: target, sentence_en, sentence_zh, coverage, density."""
    if not len(table):
        return []
    first = table.drop_duplicates("target")
    return [{"target": r.target, "sentence_en": r.sentence_en, "sentence_zh": r.sentence_zh,
             "coverage": None if r.coverage != r.coverage else float(r.coverage),
             "density": None if r.density != r.density else float(r.density),
             "n_fail": int(r.n_fail), "n_samples": int(r.n_samples)}
            for r in first.itertuples()]
