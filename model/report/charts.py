"""Briefing charts (PNG, matplotlib Agg) with Chinese and English labels.

Charts: a marginal abatement cost (MAC) curve per quantity (:func:`mac_table`,
:func:`mac_chart`), targets required vs achieved (:func:`targets_chart`) and the city's baseline
vs scenario emissions by pollutant (:func:`emissions_chart`).

Chinese labels need a CJK font. :func:`find_cjk_font` looks for one (matplotlib's font list,
then ``fc-list :lang=zh``); without one the charts carry English labels only and a note is
logged — a chart is never lost for want of a font.

MAC curve method: each measure's bar has width = the reduction it achieves in the run (sum over
counties of ``reduction_<q>`` in measures.csv, t/yr) and height = its cost per unit abated,
annual_cost / reduction (CNY/yr ÷ t/yr = CNY/t), bars sorted by that cost (the usual
"McKinsey" construction; e.g. Kesicki & Ekins 2012, Climate Policy 12(2), doi:
10.1080/14693062.2011.582347). A measure reducing several quantities at once carries its whole
cost on each curve (no cost allocation), so heights are upper bounds of the cost of that
quantity alone; this is stated on the chart.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.report.tables import CITY, QUANTITY_LABELS, Results, _variable_label

log = logging.getLogger(__name__)

#: Families of CJK fonts tried first (in matplotlib's font list), in this order.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei",
                "PingFang SC", "Heiti SC", "Sarasa Gothic SC", "AR PL UMing CN",
                "Droid Sans Fallback")

#: Reductions (t/yr, tce/yr) at or below this are treated as "no reduction" on a MAC curve.
MIN_REDUCTION = 1e-6


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Return the family name of an installed font with Chinese glyphs, or None.

    Looks in matplotlib's font list for :data:`CJK_FAMILIES`, then asks fontconfig
    (``fc-list :lang=zh file``) and registers the first file it names with matplotlib.
    """
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for fam in CJK_FAMILIES:
        if fam in names:
            return fam
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, ":lang=zh", "file"], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        path = line.split(":")[0].strip()
        if not path.lower().endswith((".ttf", ".otf", ".ttc")):
            continue
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
    return None


class Labeller:
    """Joins Chinese and English labels when a CJK font is available, else English only."""

    def __init__(self, cjk: bool | None = None):
        self.font = find_cjk_font() if cjk is None or cjk else None
        self.cjk = self.font is not None
        if cjk is False:
            log.info("charts: English labels only (as asked)")
        elif not self.cjk:
            log.info("charts: no CJK font found (fc-list :lang=zh is empty); labels in English "
                     "only. Install e.g. fonts-noto-cjk or fonts-wqy-microhei for Chinese labels.")

    def __call__(self, zh: str, en: str, sep: str = " ") -> str:
        """``"zh<sep>en"`` with a CJK font, ``"en"`` without (or when zh is empty)."""
        return f"{zh}{sep}{en}" if self.cjk and zh else en

    def rc(self) -> dict:
        """matplotlib rc settings for this labeller's font (with DejaVu Sans as fallback)."""
        fams = [self.font, "DejaVu Sans"] if self.cjk else ["DejaVu Sans"]
        return {"font.family": fams, "axes.unicode_minus": False}


def _status_note(res: Results, lab: Labeller) -> str:
    """`` [求解状态 status: infeasible]`` for a run that is not optimal, else ``""``."""
    status = str(res.manifest.get("solver", {}).get("status", ""))
    return f" [{lab('求解状态', 'status')}: {status}]" if status and status != "optimal" else ""


def _figure(size: tuple[float, float]):
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=150, layout="constrained")


def mac_table(measures: pd.DataFrame, quantity: str = "CO2", year: int | None = None
              ) -> pd.DataFrame:
    """The MAC curve of ``quantity`` in ``year`` (default the last year) from measures.csv rows.

    Sums ``annual_cost`` (CNY/yr) and ``reduction_<quantity>`` (t/yr or tce/yr) over counties
    per measure, keeps measures with reduction > :data:`MIN_REDUCTION`, computes
    ``cost_per_unit = annual_cost / reduction`` (CNY per t or tce) and sorts ascending (ties
    by measure id). Columns ``measure, family, annual_cost, reduction, cost_per_unit, x_start,
    x_end`` where x_start/x_end are the cumulative reduction at the bar's edges.

    Raises InputError if measures.csv has no ``reduction_<quantity>`` column.
    """
    col = f"reduction_{quantity}"
    if col not in measures.columns:
        have = [c[len("reduction_"):] for c in measures.columns if c.startswith("reduction_")]
        raise InputError("measures.csv", f"no column {col!r}", f"a quantity among {have}")
    year = int(measures["year"].max()) if year is None else int(year)
    sub = measures[measures["year"] == year]
    g = sub.groupby(["measure", "family"], as_index=False)[["annual_cost", col]].sum()
    g = g.rename(columns={col: "reduction"})
    g = g[g["reduction"] > MIN_REDUCTION].copy()
    g["cost_per_unit"] = g["annual_cost"] / g["reduction"]
    g = g.sort_values(["cost_per_unit", "measure"]).reset_index(drop=True)
    g["x_end"] = g["reduction"].cumsum()
    g["x_start"] = g["x_end"] - g["reduction"]
    return g[["measure", "family", "annual_cost", "reduction", "cost_per_unit", "x_start",
              "x_end"]]


def _axis_limit(costs: list[float], factor: float = 10.0) -> float:
    """Half-range of a MAC chart's cost axis: the largest |cost| after dropping outliers.

    An |cost| more than ``factor`` times the next largest is an outlier (drawn cut at the
    axis, its value written beside it) so that it does not flatten every other bar. At most
    a third of the bars (at least one) are cut.
    """
    mags = sorted((abs(c) for c in costs), reverse=True)
    cut = 0
    while len(mags) > 1 and mags[0] > factor * mags[1] and cut < max(1, len(costs) // 3):
        mags.pop(0)
        cut += 1
    return mags[0] * 1.1 if mags and mags[0] > 0 else 1.0


def mac_chart(res: Results, out: str | Path, quantity: str = "CO2", year: int | None = None,
              lab: Labeller | None = None) -> Path | None:
    """Draw the MAC curve of ``quantity`` (see :func:`mac_table`) to the PNG ``out``.

    Returns the path, or None (and logs why) if no measure reduces ``quantity`` in the run.
    """
    import matplotlib as mpl

    lab = lab or Labeller()
    tab = mac_table(res.measures, quantity, year)
    year = int(res.measures["year"].max()) if year is None else int(year)
    if tab.empty:
        log.info("charts: no measure reduces %s in %s; no MAC curve", quantity, year)
        return None
    zh, en, unit = QUANTITY_LABELS.get(quantity, (quantity, quantity, "t"))
    if quantity == "energy":
        zh, en = "节能", "Energy saving"
    with mpl.rc_context(lab.rc()):
        fig = _figure((11, 5.5))
        ax = fig.add_subplot(1, 1, 1)
        cmap = mpl.colormaps["tab20"]
        fams = list(dict.fromkeys(tab["family"]))
        lim = _axis_limit(tab["cost_per_unit"].tolist())
        for i, r in tab.iterrows():
            c = float(r["cost_per_unit"])
            shown = max(-lim, min(lim, c))
            ax.bar(r["x_start"], shown, width=r["reduction"], align="edge",
                   color=cmap(fams.index(r["family"]) % 20), edgecolor="black", linewidth=0.5,
                   hatch="xx" if shown != c else None)
            text = str(i + 1) if shown == c else f"{i + 1} ({c:,.0f}, {lab('截断', 'cut')})"
            ax.annotate(text, (r["x_start"] + r["reduction"] / 2, shown),
                        ha="center" if shown == c else "left",
                        va="bottom" if c >= 0 else "top", fontsize=8,
                        xytext=(0, 2 if c >= 0 else -2), textcoords="offset points")
        ax.axhline(0, color="black", linewidth=0.8)
        lo, hi = float(tab["cost_per_unit"].min()), float(tab["cost_per_unit"].max())
        ax.set_ylim(min(0.0, max(lo, -lim)) * 1.15 - 0.02 * lim,
                    max(0.0, min(hi, lim)) * 1.15 + 0.02 * lim)
        ax.set_xlim(0, float(tab["x_end"].iloc[-1]) * 1.02)
        ax.set_xlabel(lab(f"累计{zh}减排量", f"Cumulative {en} reduction") + f" ({unit}/yr)")
        ax.set_ylabel(lab("单位减排成本", "Cost per unit abated")
                      + f" (CNY/{unit.replace('t ', 't ')})")
        ax.set_title(lab(f"{zh}边际减排成本曲线", f"Marginal abatement cost curve, {en}")
                     + f" — {res.scenario} {year}{_status_note(res, lab)}")
        ax.ticklabel_format(axis="both", style="plain", useOffset=False)
        ax.xaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
        ax.yaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
        ax.grid(axis="y", alpha=0.3)
        lines = []
        for i, r in tab.iterrows():
            name = res.measure_labels.get(r["measure"], ("", ""))[0]
            lines.append(f"{i + 1}. {lab(name, r['measure'])}: {r['cost_per_unit']:,.0f} "
                         f"CNY/{unit}, {r['reduction']:,.0f} {unit}/yr")
        col = f"reduction_{quantity}"
        sub = res.measures[res.measures["year"] == year]
        g = sub.groupby("measure")[[col, "level"]].sum()
        up = g[(g[col] < -MIN_REDUCTION) & (g["level"] > 0)]
        if len(up):
            lines.append(lab("未列入（本情景中使该量增加）", "Not shown (increase it in this run)")
                         + ": " + ", ".join(f"{m} (+{-v:,.0f} {unit}/yr)"
                                            for m, v in up[col].items()))
        note = lab("注：措施全部成本计入本曲线（未在多种污染物间分摊）；宽度为本情景实现的减排量。",
                   "Note: each measure's whole cost is charged to this quantity (no allocation "
                   "across pollutants); width = reduction achieved in this run.", "\n")
        fig.text(0.01, 0.0, "\n".join(lines) + "\n" + note, fontsize=7.5, va="top", ha="left",
                 transform=fig.transFigure)
        handles = [mpl.patches.Patch(color=cmap(i % 20), label=f) for i, f in enumerate(fams)]
        ax.legend(handles=handles, title=lab("措施类别", "Family"), fontsize=8, loc="best")
        return _save_with_footer(fig, Path(out))


def _save_with_footer(fig, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", bbox_inches="tight", pad_inches=0.2)
    return path


def targets_chart(res: Results, out: str | Path, lab: Labeller | None = None) -> Path:
    """Required vs achieved for every target, one panel per unit (shares in %), to PNG ``out``.

    Bars: required (hatched grey) and achieved (green when met, red on a shortfall).
    """
    import matplotlib as mpl

    lab = lab or Labeller()
    t = res.targets.copy()
    t["panel"] = t["unit"].where(t["unit"] != "fraction", "%")
    panels = list(dict.fromkeys(t["panel"]))
    heights = [max(1.2, 0.55 * (t["panel"] == p).sum() + 0.8) for p in panels]
    with mpl.rc_context(lab.rc()):
        fig = _figure((10, sum(heights) + 1.0))
        axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
        for ax, p in zip(axes, panels, strict=True):
            sub = t[t["panel"] == p].reset_index(drop=True)
            scale = 100.0 if p == "%" else 1.0
            ys = range(len(sub))
            req = sub["required"] * scale
            ach = sub["achieved"] * scale
            met = sub["shortfall"].fillna(0) <= 1e-9
            ax.barh([y + 0.2 for y in ys], req, height=0.38, color="#d9d9d9", hatch="//",
                    edgecolor="grey", label=lab("要求", "Required"))
            ax.barh([y - 0.2 for y in ys], ach, height=0.38,
                    color=["#2ca02c" if m else "#d62728" for m in met],
                    label=lab("实现", "Achieved"))
            for y, a, rq in zip(ys, ach, req, strict=True):
                ax.annotate(f"{a:,.1f} / {rq:,.1f}", (max(a, rq), y), xytext=(3, 0),
                            textcoords="offset points", va="center", fontsize=7.5)
            ax.set_yticks(list(ys), [lab(z, e, "\n") for z, e in zip(sub["label_zh"],
                                                                      sub["label_en"],
                                                                      strict=True)],
                          fontsize=8)
            ax.invert_yaxis()
            top = max(float(req.max(skipna=True) if req.notna().any() else 0.0),
                      float(ach.max(skipna=True) if ach.notna().any() else 0.0))
            if top > 0:
                ax.set_xlim(0, top * 1.25)
            ax.set_xlabel(f"{lab('实现值 / 要求值', 'achieved / required')} ({p})")
            ax.grid(axis="x", alpha=0.3)
            handles, _ = ax.get_legend_handles_labels()
            if not met.all():
                handles.append(mpl.patches.Patch(color="#d62728",
                                                 label=lab("未达成", "Shortfall")))
            ax.legend(handles=handles, fontsize=8, loc="lower right")
        axes[0].set_title(lab("目标：要求值与实现值", "Targets: required vs achieved")
                          + f" — {res.scenario}{_status_note(res, lab)}")
        return _save_with_footer(fig, Path(out))


def emissions_chart(res: Results, out: str | Path, region: str = CITY,
                    lab: Labeller | None = None) -> Path:
    """Baseline vs scenario of every ``Emissions|*`` and ``Energy|Total`` variable of ``region``.

    One small panel per variable (own scale and unit), bars per year: baseline grey, scenario
    blue, with the last-year change in %. Raises InputError if ``region`` has no such rows.
    """
    import matplotlib as mpl

    lab = lab or Labeller()
    e = res.emissions
    e = e[(e["region"] == region) & e["variable"].str.match(r"^(Emissions|Energy)\|")]
    if e.empty:
        raise InputError(f"{res.folder / 'emissions.csv'}", f"no emission rows for {region!r}",
                         "Emissions|<q> rows for the region")
    variables = list(dict.fromkeys(e["variable"]))
    years = sorted(e["year"].unique())
    ncol = 3
    nrow = -(-len(variables) // ncol)
    with mpl.rc_context(lab.rc()):
        fig = _figure((11, 2.9 * nrow + 0.8))
        axes = fig.subplots(nrow, ncol, squeeze=False).ravel()
        for ax, var in zip(axes, variables, strict=False):
            sub = e[e["variable"] == var]
            unit = sub["unit"].iloc[0]
            val = sub.set_index(["year", "case"])["value"]
            xs = range(len(years))
            b = [float(val.get((y, "baseline"), float("nan"))) for y in years]
            s = [float(val.get((y, "scenario"), float("nan"))) for y in years]
            ax.bar([x - 0.2 for x in xs], b, width=0.38, color="#bdbdbd",
                   label=lab("基准", "Baseline"))
            ax.bar([x + 0.2 for x in xs], s, width=0.38, color="#1f77b4",
                   label=lab("情景", "Scenario"))
            if b[-1] and b[-1] == b[-1] and s[-1] == s[-1]:
                ax.annotate(f"{(s[-1] - b[-1]) / b[-1]:+.1%}", (len(years) - 1 + 0.2, s[-1]),
                            xytext=(0, 2), textcoords="offset points", ha="center",
                            fontsize=8)
            zh, en = _variable_label(var)
            ax.set_title(f"{lab(zh, en)} ({unit})", fontsize=9)
            ax.set_xticks(list(xs), [str(y) for y in years])
            finite = [v for v in b + s if v == v]
            hi, lo = max(finite, default=0.0), min(finite, default=0.0)
            if hi > min(0.0, lo):
                ax.set_ylim(min(0.0, lo) * 1.15, max(0.0, hi) * 1.15)
            ax.yaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
            ax.tick_params(labelsize=8)
            ax.grid(axis="y", alpha=0.3)
        for ax in axes[len(variables):]:
            ax.set_visible(False)
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8)
        name = res.region_labels.get(region, ("安康市", "Ankang") if region == CITY
                                     else ("", region))
        fig.suptitle(lab(f"{name[0]}基准与情景排放", f"{name[1]}: baseline vs scenario "
                                                   "emissions")
                     + f" — {res.scenario}{_status_note(res, lab)}")
        return _save_with_footer(fig, Path(out))


def write_charts(res: Results, folder: str | Path, lab: Labeller | None = None) -> list[Path]:
    """Write every chart of a run into ``folder`` and return their paths.

    ``targets.png``, ``emissions_<region>.png`` (city), ``mac_<quantity>.png`` for each quantity
    that some measure reduces (``PM2.5`` written ``PM2_5``).
    """
    lab = lab or Labeller()
    folder = Path(folder)
    paths = [targets_chart(res, folder / "targets.png", lab),
             emissions_chart(res, folder / f"emissions_{CITY}.png", CITY, lab)]
    for q in res.reduction_quantities():
        safe = q.replace(".", "_")
        p = mac_chart(res, folder / f"mac_{safe}.png", q, lab=lab)
        if p is not None:
            paths.append(p)
    return paths
