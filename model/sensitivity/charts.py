"""Charts of a sensitivity run (matplotlib, PNG under ``<run>/charts/``).

* ``morris_<output>.png`` — Morris μ* against σ (method morris);
* ``sobol_<output>.png`` — first-order and total Sobol indices with their 95 % intervals
  (methods sobol and fast);
* ``tornado_<output>.png`` — for each parameter, the output's mean over the samples in the
  lowest and the highest tenth of that parameter (any method; OAT: the 5 % and 95 % runs),
  around the central answer;
* ``cost_distribution.png`` — histogram of the present-value cost over the feasible samples,
  the central answer marked.

Labels are Chinese and English when a CJK font is installed
(:class:`model.report.charts.Labeller`), English otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

OUTPUT_LABELS = {"cost_pv": ("总成本现值", "present value of net cost (CNY)"),
                 "shortfall.co2_intensity": ("碳强度目标缺口", "shortfall of the CO2-intensity "
                                             "target (fraction)"),
                 "price.co2_intensity": ("碳强度目标影子价格", "shadow price of the CO2-intensity "
                                         "target (CNY/t CO2)")}


def _fig(size):
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=120, layout="constrained")


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def _label(lab, out: str) -> str:
    zh, en = OUTPUT_LABELS.get(out, ("", out))
    return lab(zh, en)


def morris_chart(ind: pd.DataFrame, out: str, path: Path, lab) -> None:
    mu = ind[(ind["output"] == out) & (ind["index"] == "mu_star")].set_index("parameter")
    sg = ind[(ind["output"] == out) & (ind["index"] == "sigma")].set_index("parameter")
    if not len(mu):
        return
    fig = _fig((6, 4.5))
    ax = fig.subplots()
    ax.scatter(mu["value"], sg["value"].reindex(mu.index))
    for p in mu.index:
        ax.annotate(p, (mu.loc[p, "value"], sg.loc[p, "value"]), fontsize=7)
    ax.set_xlabel(lab("μ* (平均绝对基本效应)", "μ* (mean absolute elementary effect)"))
    ax.set_ylabel(lab("σ (非线性或交互)", "σ (non-linearity or interaction)"))
    ax.set_title(_label(lab, out), fontsize=9)
    fig.savefig(path)


def sobol_chart(ind: pd.DataFrame, out: str, path: Path, lab) -> None:
    s1 = ind[(ind["output"] == out) & (ind["index"] == "S1")].set_index("parameter")
    st = ind[(ind["output"] == out) & (ind["index"] == "ST")].set_index("parameter")
    if not len(st):
        return
    order = st["value"].sort_values(ascending=False).index
    x = np.arange(len(order))
    fig = _fig((max(5, 0.6 * len(order) + 2), 4))
    ax = fig.subplots()
    ax.bar(x - 0.2, s1["value"].reindex(order), 0.4, yerr=s1["conf"].reindex(order),
           label=lab("一阶指数 S1", "first order S1"))
    ax.bar(x + 0.2, st["value"].reindex(order), 0.4, yerr=st["conf"].reindex(order),
           label=lab("总效应指数 ST", "total ST"))
    ax.set_xticks(x, order, rotation=45, ha="right", fontsize=7)
    ax.legend(fontsize=8)
    ax.set_title(_label(lab, out), fontsize=9)
    fig.savefig(path)


def tornado_chart(samples: pd.DataFrame, names: list[str], out: str, central: float,
                  path: Path, lab, method: str) -> None:
    y = samples[out].to_numpy(dtype=float)
    rows = []
    for j, n in enumerate(names):
        v = samples[f"param.{n}"].to_numpy(dtype=float)
        if method == "oat":
            lo, hi = y[1 + 2 * j], y[2 + 2 * j]
        else:
            q1, q9 = np.quantile(v, [0.1, 0.9])
            low, high = y[(v <= q1) & np.isfinite(y)], y[(v >= q9) & np.isfinite(y)]
            if not len(low) or not len(high):
                continue
            lo, hi = low.mean(), high.mean()
        if np.isfinite(lo) and np.isfinite(hi):
            rows.append((n, lo, hi))
    if not rows:
        return
    rows.sort(key=lambda r: abs(r[2] - r[1]))
    fig = _fig((6, 0.35 * len(rows) + 1.5))
    ax = fig.subplots()
    for i, (_n, lo, hi) in enumerate(rows):
        ax.barh(i, lo - central, left=central, color="tab:blue")
        ax.barh(i, hi - central, left=central, color="tab:orange")
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=7)
    ax.axvline(central, color="k", lw=0.8)
    ax.set_xlabel(_label(lab, out) + "  " + lab("蓝: 参数低, 橙: 参数高",
                                                 "blue: parameter low, orange: high"),
                  fontsize=8)
    fig.savefig(path)


def cost_chart(samples: pd.DataFrame, central: float, path: Path, lab) -> None:
    y = samples["cost_pv"].to_numpy(dtype=float)
    y = y[np.isfinite(y)]
    if not len(y):
        return
    fig = _fig((6, 4))
    ax = fig.subplots()
    v = y / 1e8
    lo, hi = float(v.min()), float(v.max())
    if hi - lo <= 1e-9 * max(1.0, abs(hi)):  # every sample the same cost (to round-off): one
        w = max(abs(hi) * 1e-3, 1e-6)        # bar, not 10 bins matplotlib cannot make
        ax.hist(v, bins=1, range=(lo - w, hi + w), color="tab:gray")
    else:
        ax.hist(v, bins=min(40, max(10, len(y) // 10)), color="tab:gray")
    ax.axvline(central / 1e8, color="tab:red", lw=1.5, label=lab("中心情景", "central scenario"))
    ax.set_xlabel(lab("总成本现值 (亿元)", "present value of net cost (10^8 CNY)"))
    ax.set_ylabel(lab("样本数", "samples"))
    n_inf = int((samples["feasible"] == 0).sum())
    ax.set_title(lab("可行样本", "feasible samples") + f" {len(y)} / {len(samples)}"
                 + (f" ({n_inf} infeasible)" if n_inf else ""), fontsize=9)
    ax.legend(fontsize=8)
    fig.savefig(path)


def write_all(out: Path, ev, method: str, ind: pd.DataFrame, samples: pd.DataFrame) -> None:
    """Every chart of the run into ``out/charts``."""
    import matplotlib

    from model.report.charts import Labeller

    lab = Labeller()
    folder = out / "charts"
    folder.mkdir(exist_ok=True)
    heads = ["cost_pv"] + [o for o in samples.columns if o.startswith("shortfall.")
                           and samples[o].to_numpy(dtype=float).any()]
    heads += [o for o in ("price.co2_intensity",) if o in samples.columns]
    with matplotlib.rc_context(lab.rc()):
        for o in heads:
            if o not in samples.columns:
                continue
            if method == "morris":
                morris_chart(ind, o, folder / f"morris_{_safe(o)}.png", lab)
            if method in ("sobol", "fast"):
                sobol_chart(ind, o, folder / f"sobol_{_safe(o)}.png", lab)
            c = ev.central.get(o, np.nan)
            tornado_chart(samples, ev.pset.names, o, float(c), folder /
                          f"tornado_{_safe(o)}.png", lab, method)
        if ev.mode == "reoptimise":
            cost_chart(samples, float(ev.central["cost_pv"]), folder / "cost_distribution.png",
                       lab)
