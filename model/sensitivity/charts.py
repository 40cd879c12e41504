"""Charts of a sensitivity run (matplotlib, PNG under ``<run>/charts/``).

* the method's own chart of each output, drawn by its module in
  :mod:`model.sensitivity.methods`: ``morris_<output>.png`` (Morris μ* against σ, the 12
  largest μ* numbered and named beside the plot), ``sobol_<output>.png`` (first-order and total
  indices with their 95 % intervals; sobol and fast);
* ``tornado_<output>.png`` — for each parameter, the output's mean over the samples in the
  lowest and the highest tenth of that parameter (any method; OAT: the 5 % and 95 % runs; a
  categorical: its first and last level), around the central answer;
* ``cost_distribution.png`` — histogram of the present-value cost of every sample (the plan's
  own cost where every target is met, plus the penalties of the shortfalls where not), the
  central answer marked (probability samples only);
* ``bins.png`` — P(every target met) with its 95 % interval and the cost percentiles by bins of
  the most influential inputs (probability samples only);
* ``failure_boxes.png`` — for each target with a PRIM box, the box's range of each restricted
  input against the sampled range, with coverage and density (probability samples only).

Parameters carry their Chinese and English labels (``label_zh``/``label_en``) when a CJK font
is installed (:class:`model.report.charts.Labeller`), English otherwise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from model.sensitivity import methods
from model.sensitivity.chartbase import _fig, _label, _plabel, _safe


def tornado_chart(samples: pd.DataFrame, names: list[str], out: str, central: float,
                  path: Path, lab, method: str, pset=None) -> None:
    """Per input, the output's mean over the samples in the lowest and the highest tenth of
    it (blue, orange); a group of row factors is one input, its members' mean factor; a
    categorical is a grey bar from its lowest to its highest level mean, the levels named.
    OAT: the 5 % and 95 % runs of each parameter."""
    y = samples[out].to_numpy(dtype=float)
    rows = []
    if methods.get(method).one_at_a_time:
        for j, n in enumerate(names):
            lo, hi = y[1 + 2 * j], y[2 + 2 * j]
            if np.isfinite(lo) and np.isfinite(hi):
                rows.append((_plabel(lab, pset, n), lo, hi, ""))
    else:
        from model.sensitivity.discovery import inputs

        x, labels = inputs(samples, pset)
        for d in x.columns:
            name = lab(*labels[d]) if labels[d][0] != labels[d][1] else labels[d][1]
            if isinstance(x[d].dtype, pd.CategoricalDtype):
                means = {str(c): y[(x[d] == c).to_numpy() & np.isfinite(y)].mean()
                         for c in x[d].cat.categories
                         if ((x[d] == c).to_numpy() & np.isfinite(y)).any()}
                if len(means) > 1:
                    a, b = min(means, key=means.__getitem__), max(means, key=means.__getitem__)
                    rows.append((name, means[a], means[b], f"{a} … {b}"))
                continue
            v = x[d].to_numpy(dtype=float)
            q1, q9 = np.quantile(v, [0.1, 0.9])
            low, high = y[(v <= q1) & np.isfinite(y)], y[(v >= q9) & np.isfinite(y)]
            if len(low) and len(high):
                rows.append((name, low.mean(), high.mean(), ""))
    rows = [r for r in rows if np.isfinite(r[1]) and np.isfinite(r[2])]
    if not rows:
        return
    rows.sort(key=lambda r: abs(r[2] - r[1]))
    rows = rows[-25:]  # the 25 widest bars
    fig = _fig((10, 0.3 * len(rows) + 1.6))
    ax = fig.subplots()
    for i, (_n, lo, hi, levels) in enumerate(rows):
        if levels:
            ax.barh(i, hi - lo, left=lo, color="0.6")
            ax.text(hi, i, " " + levels, va="center", fontsize=6)
        else:
            ax.barh(i, lo - central, left=central, color="tab:blue")
            ax.barh(i, hi - central, left=central, color="tab:orange")
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=6)
    ax.axvline(central, color="k", lw=0.8)
    ax.set_xlabel(_label(lab, out), fontsize=8)
    ax.set_title(lab("蓝: 参数最低10%, 橙: 最高10%, 灰: 离散因子各水平均值范围",
                     "blue: lowest tenth of the input, orange: highest tenth, grey: range of "
                     "a discrete factor's level means", sep="\n"), fontsize=7)
    fig.savefig(path)


def cost_chart(samples: pd.DataFrame, central: float, path: Path, lab) -> None:
    """Histogram of ``cost_pv`` (10^8 CNY): samples meeting every target (their plan's cost)
    and the others (least-shortfall plan + penalties) stacked; log-spaced bins when the
    penalties stretch the range past 20x."""
    y = samples["cost_pv"].to_numpy(dtype=float) / 1e8
    ok = samples["feasible"].to_numpy(dtype=float) == 1
    met = [c for c in samples.columns if c.startswith("met.")]
    if met:
        ok &= samples[met].to_numpy(dtype=float).min(axis=1) == 1
    good = np.isfinite(y)
    if not good.any():
        return
    fig = _fig((6.5, 4))
    ax = fig.subplots()
    lo, hi = float(y[good].min()), float(y[good].max())
    if lo > 0 and hi / lo > 20:
        edges = np.geomspace(lo, hi * 1.0001, 31)
        ax.set_xscale("log")
    elif hi - lo <= 1e-9 * max(1.0, abs(hi)):  # every sample the same cost (to round-off):
        w = max(abs(hi) * 1e-3, 1e-6)           # one bar, not bins matplotlib cannot make
        edges = np.array([lo - w, hi + w])
    else:
        edges = np.linspace(lo, hi, 31)
    ax.hist([y[good & ok], y[good & ~ok]], bins=edges.tolist(), stacked=True,
            color=["tab:gray", "tab:red"],
            label=[lab("全部目标达成", "every target met"),
                   lab("未达标(含罚金)", "a target missed (incl. penalties)")])
    ax.axvline(central / 1e8, color="k", lw=1.5, label=lab("中心情景", "central scenario"))
    ax.set_xlabel(lab("总成本现值 (亿元)", "present value of cost (10^8 CNY)"))
    ax.set_ylabel(lab("样本数", "samples"))
    ax.set_title(lab("每个样本都有成本: 未达标量按罚金计价",
                     "every sample has a cost: shortfalls priced at their penalty")
                 + f" ({int((good & ok).sum())} / {int(good.sum())})", fontsize=8)
    ax.legend(fontsize=7)
    fig.savefig(path)


def bins_chart(table: pd.DataFrame, folder: Path, pset) -> None:
    """``bins.png``: per parameter, P(every target met) with its Wilson interval (bars) and
    the 5/50/95 % cost percentiles (line and band, right axis), by bin."""
    import matplotlib

    from model.report.charts import Labeller

    if not len(table):
        return
    lab = Labeller()
    params = list(dict.fromkeys(table["parameter"]))
    folder.mkdir(exist_ok=True)
    with matplotlib.rc_context(lab.rc()):
        fig = _fig((4.8 * min(2, len(params)), 3.4 * ((len(params) + 1) // 2) + 0.6))
        axes = np.atleast_1d(fig.subplots((len(params) + 1) // 2, min(2, len(params)))).ravel()
        for ax, name in zip(axes, params, strict=False):
            t = table[table["parameter"] == name]
            x = np.arange(len(t))
            p = t["p_every_target_met"].to_numpy(dtype=float)
            # Wilson's ends can miss p by round-off at p = 0 or 1 (1 - 1e-16): matplotlib
            # refuses a negative bar error (a sobol -N 8 run with charts stopped here)
            err = np.clip(np.vstack([p - t["low95"].to_numpy(dtype=float),
                                     t["high95"].to_numpy(dtype=float) - p]), 0.0, None)
            ax.bar(x, p, yerr=err, color="tab:green", alpha=0.7, capsize=3)
            ax.set_ylim(0, 1.05)
            ax.set_ylabel(lab("全部目标达成概率", "P(every target met)"), fontsize=7)
            ax.set_xticks(x, list(t["bin"]), rotation=30, ha="right", fontsize=6)
            ax.set_title(_plabel(lab, pset, name), fontsize=8)
            ax2 = ax.twinx()
            ax2.plot(x, t["cost_pv_p50"] / 1e8, color="k", marker="o", lw=1)
            ax2.fill_between(x, t["cost_pv_p5"] / 1e8, t["cost_pv_p95"] / 1e8, color="k",
                             alpha=0.12)
            ax2.set_ylabel(lab("成本现值 (亿元)", "cost PV (10^8 CNY)"), fontsize=7)
            ax.set_zorder(ax2.get_zorder() + 1)  # the bars over the band, not shaded by it
            ax.patch.set_visible(False)
        for ax in axes[len(params):]:
            ax.set_visible(False)
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        fig.legend(handles=[
            Patch(color="tab:green", alpha=0.7,
                  label=lab("全部目标达成概率 (左轴, 95%区间)",
                            "P(every target met), left axis, 95 % interval")),
            Line2D([], [], color="k", marker="o", lw=1,
                   label=lab("成本现值中位数 (右轴)", "median cost PV, right axis")),
            Patch(color="k", alpha=0.12, label=lab("成本现值 5-95%", "cost PV 5-95 %"))],
            loc="outside lower center", ncol=1, fontsize=7)
        fig.savefig(folder / "bins.png")


def boxes_chart(boxes: dict, table: pd.DataFrame, folder: Path) -> None:
    """``failure_boxes.png``: one panel per target with a box; each restricted input a bar of
    its sampled range (grey) and the box's range (red), levels named."""
    import matplotlib

    from model.report.charts import Labeller

    if not boxes:
        return
    lab = Labeller()
    folder.mkdir(exist_ok=True)
    info = table.drop_duplicates("target").set_index("target")
    with matplotlib.rc_context(lab.rc()):
        heights = [max(1, len(b["dims"])) for b in boxes.values()]
        fig = _fig((7.5, 0.45 * sum(heights) + 1.1 * len(boxes) + 0.5))
        axes = np.atleast_1d(fig.subplots(len(boxes), 1, height_ratios=[h + 1.5 for h in
                                                                         heights]))
        for ax, (tid, b) in zip(axes, boxes.items(), strict=True):
            r = info.loc[tid]
            rows = table[(table["target"] == tid) & (table["parameter"] != "")]
            for i, d in enumerate(b["dims"]):
                lim = b["limits"][d]
                lab_d = rows[rows["parameter"] == d]
                zh, en = (str(lab_d["label_zh"].iloc[0]), str(lab_d["label_en"].iloc[0])) \
                    if len(lab_d) else ("", d)
                name = lab("" if zh == en else zh, en)
                ax.barh(i, 1, left=0, color="0.85", height=0.5)
                if isinstance(lim, list):
                    levels = b["init"][d]
                    for j, lev in enumerate(levels):
                        inside = lev in lim
                        ax.barh(i, 1 / len(levels) * 0.9, left=j / len(levels),
                                color="tab:red" if inside else "0.85", height=0.5)
                        ax.text((j + 0.45) / len(levels), i, str(lev), ha="center",
                                va="center", fontsize=6)
                else:
                    wlo, whi = b["init"][d]
                    span = (whi - wlo) or 1.0
                    a, z = (lim[0] - wlo) / span, (lim[1] - wlo) / span
                    ax.barh(i, z - a, left=a, color="tab:red", height=0.5)
                    ax.text(a, i + 0.3, f"{lim[0]:.3g}", fontsize=6, ha="left", va="bottom")
                    ax.text(z, i + 0.3, f"{lim[1]:.3g}", fontsize=6, ha="right", va="bottom")
                    ax.text(0, i - 0.3, f"{wlo:.3g}", fontsize=5, ha="left", va="top",
                            color="0.4")
                    ax.text(1, i - 0.3, f"{whi:.3g}", fontsize=5, ha="right", va="top",
                            color="0.4")
                ax.text(-0.02, i, name, ha="right", va="center", fontsize=7)
            ax.set_xlim(0, 1)
            ax.set_ylim(-0.7, max(1, len(b["dims"])) - 0.3)
            ax.set_yticks([])
            ax.set_xticks([])
            ax.set_xlabel(lab("红: 未达标集中的区域 (PRIM), 灰: 抽样范围",
                              "red: the box where the misses concentrate (PRIM), grey: the "
                              "sampled range"), fontsize=7)
            ax.set_title(lab(str(r["target_zh"]), str(r["target_en"])) + "  "
                         + lab("覆盖率", "coverage") + f" {b['coverage']:.0%}, "
                         + lab("密度", "density") + f" {b['density']:.0%} "
                         + f"({int(r['n_fail'])}/{int(r['n_samples'])})", fontsize=8)
        fig.savefig(folder / "failure_boxes.png")


def write_all(out: Path, ev, method: str, ind: pd.DataFrame, samples: pd.DataFrame,
              rows: np.ndarray | None = None) -> None:
    """Every chart of the run into ``out/charts``; the cost distribution only over the
    probability samples ``rows`` (none for a screening design)."""
    import matplotlib

    from model.report.charts import Labeller

    lab = Labeller()
    m = methods.get(method)
    folder = out / "charts"
    folder.mkdir(exist_ok=True)
    heads = ["cost_pv", "feasible"] + [o for o in samples.columns if o.startswith("shortfall.")
                                       and samples[o].to_numpy(dtype=float).any()]
    heads += [o for o in ("price.co2_intensity",) if o in samples.columns]
    with matplotlib.rc_context(lab.rc()):
        for o in heads:
            if o not in samples.columns:
                continue
            if m.chart is not None:
                m.chart(ind, o, folder / f"{m.chart_prefix}_{_safe(o)}.png", lab, ev.pset)
            c = ev.central.get(o, np.nan)
            tornado_chart(samples, ev.pset.names, o, float(c), folder /
                          f"tornado_{_safe(o)}.png", lab, method, ev.pset)
        if rows is not None:
            cost_chart(samples[rows], float(ev.central["cost_pv"]),
                       folder / "cost_distribution.png", lab)
