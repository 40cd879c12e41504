"""Briefing charts (PNG, matplotlib Agg) with Chinese and English labels.

Charts (:func:`write_charts`): targets required vs achieved; a marginal abatement cost (MAC) curve
per target over the catalogue's full potential (:mod:`model.report.full_potential_mac`; chosen part
solid, the rest light and hatched, the shadow price and the requirement drawn, the measure at the
margin outlined); the city's baseline vs plan by pollutant; costs (gross outlay, savings, net) by
family and by county; reductions by county; and, when the run has them, the CO2 pathway with its
peak and the wedges against ``bau``.
Every chart uses one colour per measure family (:func:`family_colour`, fixed across charts and
runs), bilingual legends and labels (measure names from the catalogue's ``label_zh``, not
ids), titles with the scenario's label, and keeps every label inside the figure (constrained
layout, annotations clipped to their axes).

Chinese labels need a CJK font. :func:`find_cjk_font` takes the faces of
:mod:`model.report.fonts` (regular and bold by file, TrueType only); without one the charts
carry English labels only and :attr:`Labeller.warning` holds one line naming the Debian
packages to install — a chart is never lost for want of a font.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from model import families, progress
from model.errors import InputError
from model.fmt import plain
from model.lp import kinds
from model.lp.kinds.base import TargetKind
from model.report import vector
from model.report.fonts import matplotlib_family
from model.report.labels import unit_text
from model.report.mac_reasons import chosen_reasons, margin_note, nothing_to_show
from model.report.tables import (
    GROUP_LABELS,
    QUANTITY_GROUPS,
    Results,
    family_label,
    quantity_label,
    variable_label,
)

log = logging.getLogger(__name__)

FONT_WARNING = ("warning: no CJK font found: charts and the PDF carry English labels only; "
                "install one for Chinese labels (Debian: apt-get install fonts-lxgw-wenkai, "
                "or fonts-wqy-microhei)")

#: Reductions (t/yr, tce/yr) at or below this are treated as "no reduction" on a MAC curve.
MIN_REDUCTION = 1e-6

#: One colour per measure family, the same in every chart and every run.
FAMILY_COLOURS = families.colours()  # the one family table: model.families
_SPARE_COLOURS = ("#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
                  "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5")
MET, SHORT, REQUIRED = "#2ca02c", "#d62728", "#d9d9d9"
BASELINE, PLAN = "#bdbdbd", "#1f4e79"


def family_colour(family: str) -> str:
    """The fixed colour of a measure family; an unknown family gets a spare colour chosen by
    a hash of its name (stable across runs and processes)."""
    if family in FAMILY_COLOURS:
        return FAMILY_COLOURS[family]
    h = int(hashlib.sha256(family.encode("utf-8")).hexdigest(), 16)
    return _SPARE_COLOURS[h % len(_SPARE_COLOURS)]


def find_cjk_font() -> str | None:
    """The family name of the briefing's CJK face, registered with matplotlib by file (regular
    and bold: :func:`model.report.fonts.matplotlib_family`), or None without a TrueType CJK
    face."""

    return matplotlib_family()


class Labeller:
    """Joins Chinese and English labels when a CJK font is available, else English only."""

    def __init__(self, cjk: bool | None = None):
        self.font = find_cjk_font() if cjk is None or cjk else None
        self.cjk = self.font is not None
        #: one line for the user when Chinese labels were wanted but no font exists
        self.warning: str | None = None
        if cjk is False:
            log.info("charts: English labels only (as asked)")
        elif not self.cjk:
            self.warning = FONT_WARNING
            log.info("charts: no CJK font found (fc-list :lang=zh is empty); labels in English "
                     "only. Install e.g. fonts-noto-cjk or fonts-wqy-microhei for Chinese labels.")

    def __call__(self, zh: str, en: str, sep: str = " ") -> str:
        """``"zh<sep>en"`` with a CJK font, ``"en"`` without (or when zh is empty)."""
        return f"{zh}{sep}{en}" if self.cjk and zh and zh != en else en

    def rc(self) -> dict:
        """matplotlib rc settings for this labeller's font (with DejaVu Sans as fallback)."""
        # DejaVu Sans first: Latin letters and digits from it, Chinese from the CJK face
        # (matplotlib's per-glyph fallback along the family list)
        fams = ["DejaVu Sans", self.font] if self.cjk else ["DejaVu Sans"]
        return {"font.family": fams, "axes.unicode_minus": False, "pdf.fonttype": 42,
                "svg.fonttype": "none", "hatch.linewidth": 0.6}


class ChartContext:
    """What every chart of one run needs: the results, the labeller, the scenario's label,
    the full-potential data (:class:`model.report.full_potential_mac.FullPotential`, may be
    unavailable)."""

    def __init__(self, res: Results, lab: Labeller, label: tuple[str, str] | None = None,
                 full=None):
        self.res = res
        self.lab = lab
        self.label = label or ("", res.scenario)
        self.full = full
        #: (zh, en) labels of the targets whose MAC chart was left out (nothing to show)
        self.left_out: list[tuple[str, str]] = []
        #: pages a chart wrote after its own (a MAC chart's list of measures), in order
        self.pages_after: list[Path] = []

    def scenario_title(self) -> str:
        zh, en = self.label
        text = self.lab(zh, en)
        status = self.res.status
        if status not in ("optimal", "unknown"):
            text += f"  [{self.lab('求解状态', 'status')}: {status}]"
        return text

    def measure(self, m: str, sep: str = " ") -> str:
        zh, en = self.res.measure_name(m)
        return self.lab(zh, en, sep)

    def family(self, f: str) -> str:
        zh, en = family_label(f)
        return self.lab(zh, en)

    def region(self, r: str) -> str:
        zh, en = self.res.region_name(r)
        return self.lab(zh, en)


def _status_note(res: Results, lab: Labeller) -> str:
    """`` [求解状态 status: infeasible]`` for a run that is not optimal, else ``""``."""
    status = res.status
    return f" [{lab('求解状态', 'status')}: {status}]" if status not in ("optimal",
                                                                        "unknown") else ""


#: Figure widths (inches) drawn at the size they are printed: the briefing's landscape frame
#: is 10.3 in wide, its portrait frame 6.9 in (:mod:`model.report.pdf`), so a chart's 7-8 pt
#: text prints at 7-8 pt.
PRINT_WIDTH = 10.2
PRINT_WIDTH_PORTRAIT = 7.6


def page_orientation(width: float, height: float) -> str:
    """The briefing page (``portrait`` or ``landscape``) a chart of ``width`` x ``height``
    inches is placed on (:func:`model.report.pdf.chart_page`)."""
    from model.report.pdf import chart_page

    return chart_page(width * 72.0, height * 72.0)[0]


def page_filling_height(width: float, height: float) -> float:
    """The height (inches) at which a chart ``width`` inches wide, ``height`` tall as drawn,
    fills its briefing page: a chart that the page's width limits (room left under it; the
    CO2 MAC and the cost charts printed on half a page) is made as tall as the frame at that
    width allows, less 2 % for the tight box's padding; else ``height`` unchanged."""
    from model.report.pdf import chart_frames, chart_page

    name, scale = chart_page(width * 72.0, height * 72.0)
    fh = chart_frames()[name][1]
    if scale < fh / (height * 72.0) - 1e-9:  # the width limits: room below the chart
        return max(height, 0.98 * fh / scale / 72.0)
    return height


def _figure(size: tuple[float, float]):
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=150, layout="constrained")


def _titles(fig, ctx: ChartContext, zh: str, en: str) -> None:
    """Title (Chinese and English on their own lines) and the scenario's label below."""
    fig.suptitle(ctx.lab(zh, en, "\n") + "\n" + ctx.scenario_title(), fontsize=10.5)


def _tick(v: float, _pos=None) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else plain(v)


def thousands(axis) -> None:
    """Tick labels with thousands separators (and decimals only where the scale needs them)."""
    import matplotlib as mpl

    axis.set_major_formatter(mpl.ticker.FuncFormatter(_tick))


def wrap_text(text: str, width_in: float, size: float) -> str:
    """Wrap ``text`` to ``width_in`` inches at font ``size`` (points): a CJK character counts
    as one em, any other as 0.6 em (DejaVu Sans: digits 0.64, lower case 0.5-0.65); lines
    break at spaces, or between CJK characters."""
    limit = width_in * 72.0 / size
    out = []
    for para in text.split("\n"):
        line, w = "", 0.0
        tokens = []
        word = ""
        for ch in para:
            if ord(ch) > 0x2E80:
                if word:
                    tokens.append(word)
                    word = ""
                tokens.append(ch)
            elif ch == " ":
                tokens.append(word + " ")
                word = ""
            else:
                word += ch
        if word:
            tokens.append(word)
        for tok in tokens:
            tw = sum(1.0 if ord(c) > 0x2E80 else 0.6 for c in tok)
            if w + tw > limit and line.strip():
                out.append(line.rstrip())
                line, w = tok.lstrip(), sum(1.0 if ord(c) > 0x2E80 else 0.6
                                            for c in tok.lstrip())
            else:
                line += tok
                w += tw
        out.append(line.rstrip())
    return "\n".join(out)


def with_unit(text: str, unit: str, width_in: float, size: float) -> str:
    """``text (unit)`` wrapped to ``width_in`` inches (:func:`wrap_text`), the parenthesised
    unit never broken: it ends the last line if it fits there, else takes a line of its own
    (a sludge MAC's x-label once broke as "... by 2025 (" / "百分点 pp, 2025)")."""
    body = wrap_text(text, width_in, size).split("\n")
    tail = f"({unit})"
    joined = f"{body[-1]} {tail}"
    if wrap_text(joined, width_in, size).count("\n") == 0:
        body[-1] = joined
    else:
        body.append(tail)
    return "\n".join(body)


def _top_left_clear(ax, width: float, below: float) -> bool:
    """True when no bar of ``ax`` reaches above ``below`` (fraction of the y range) within the
    left ``width`` (fraction of the x range): room for a note at the top left."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for p in ax.patches:
        if not hasattr(p, "get_x"):
            continue
        if p.get_x() < x0 + width * (x1 - x0) and \
                max(p.get_y(), p.get_y() + p.get_height()) > y0 + below * (y1 - y0):
            return False
    return True


def num(v: float) -> str:
    """A figure for a label: thousands separators from 100 up, three significant digits
    below, never an exponent (``0.000982``, :func:`model.fmt.plain`; it printed ``9.82e-04``)."""
    if v != v:
        return "n/a"
    return plain(v)


def _save(fig, path: Path) -> Path:
    """Write the figure as ``path`` (PNG) and, while a report collects them
    (:func:`model.report.vector.collecting`), as a vector page of its ``charts.pdf`` (TrueType
    text, so the briefing's chart pages keep selectable text). Returns the PNG's path."""

    from matplotlib.text import Text

    from model.report.labels import printed_units

    for t in fig.findobj(Text):  # units as printed (μg/m³) whichever chart wrote them
        text = t.get_text()
        if "m3" in text:
            t.set_text(printed_units(text))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    v = vector.current()
    if v is not None:
        v.add(fig, path.stem)
    return path


def _axis_limit(costs: list[float], factor: float = 10.0) -> float:
    """Half-range of a cost axis: the largest |cost| after dropping outliers.

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


# ------------------------------------------------------------------------------------------
# targets

#: Target rows one targets chart holds before a pathway's later years get a chart of their own
#: (30 rows on one portrait page printed too small to read).
TARGETS_PER_CHART = 16


def targets_jobs(res: Results) -> list[tuple[str, tuple[int, ...] | None]]:
    """(file name, target years or None for all) of the targets charts: ``targets.png`` with
    every row, or, when more than :data:`TARGETS_PER_CHART` rows span several years,
    ``targets.png`` with the first year's rows and ``targets_later.png`` with the rest."""
    t = res.targets
    if "year" not in t.columns or len(t) <= TARGETS_PER_CHART:
        return [("targets.png", None)]
    years = sorted({int(y) for y in t["year"].dropna()})
    if len(years) < 2:
        return [("targets.png", None)]
    return [("targets.png", (years[0],)), ("targets_later.png", tuple(years[1:]))]


def targets_chart(ctx: ChartContext, out: str | Path,
                  years: tuple[int, ...] | None = None) -> Path:
    """Required vs achieved for every target (or the rows of ``years``), one panel per unit
    (shares in %), to PNG ``out``.

    Bars: required (hatched grey) and achieved (green when met, red on a shortfall).
    """
    import matplotlib as mpl

    lab, res = ctx.lab, ctx.res
    t = res.targets.copy()
    span = ""
    if years is not None:
        t = t[t["year"].isin(years)]
        span = f" ({years[0]})" if len(years) == 1 else f" ({years[0]}-{years[-1]})"
    t["panel"] = t["unit"].where(t["unit"] != "fraction", "%")
    t.loc[(t["unit"] == "fraction") & kinds.where(t, lambda k: k.service), "panel"] = "service"
    panels = list(dict.fromkeys(t["panel"]))
    heights = [max(1.1, 0.5 * (t["panel"] == p).sum() + 0.75) for p in panels]
    from model.report.pdf import chart_page

    # a tall chart prints scaled down to its page: its labels are drawn larger by that scale so
    # they print at >= 7 pt (the 2025 chart's 17 rows printed its labels at 6.0 pt)
    shrink = min(1.0, chart_page(72 * PRINT_WIDTH_PORTRAIT, 72 * (sum(heights) + 1.1))[1])
    fs_name, fs_value = max(8.0, 7.6 / shrink), max(7.5, 7.3 / shrink)
    with mpl.rc_context(lab.rc()):
        fig = _figure((PRINT_WIDTH_PORTRAIT, sum(heights) + 1.1))
        axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
        for ax, p in zip(axes, panels, strict=True):
            sub = t[t["panel"] == p].reset_index(drop=True)
            scale = 100.0 if p in ("%", "service") else 1.0
            ys = range(len(sub))
            req = sub["required"] * scale
            ach = sub["achieved"] * scale
            met = sub["shortfall"].fillna(0) <= 1e-9
            ax.barh([y + 0.2 for y in ys], req, height=0.38, color=REQUIRED, hatch="//",
                    edgecolor="grey", label=lab("要求", "Required"))
            ax.barh([y - 0.2 for y in ys], ach, height=0.38,
                    color=[MET if m else SHORT for m in met], label=lab("实现", "Achieved"))
            top = max(float(req.max(skipna=True)) if req.notna().any() else 0.0,
                      float(ach.max(skipna=True)) if ach.notna().any() else 0.0)
            # a target with a row per year (a peak) names each row's year
            several = t["target"].value_counts()
            names = [lab(z, e, "\n") + (f" ({int(y)})" if several.get(k, 1) > 1 else "")
                     for z, e, k, y in zip(sub["label_zh"], sub["label_en"], sub["target"],
                                           sub["year"], strict=True)]
            if p == "service":  # shares: the axis ends at 100 %, the figures in the labels
                names = [f"{n} ({a:,.1f} / {rq:,.1f} %)" for n, a, rq in zip(
                    names, ach, req, strict=True)]
            else:
                for y, a, rq in zip(ys, ach, req, strict=True):
                    ax.annotate(f"{num(a)} / {num(rq)}", (max(a, rq), y), xytext=(3, 0),
                                textcoords="offset points", va="center", fontsize=fs_value,
                                annotation_clip=True)
            ax.set_yticks(list(ys), names, fontsize=fs_name)
            ax.tick_params(axis="x", labelsize=fs_value)
            ax.invert_yaxis()
            if p == "service":
                ax.set_xlim(0, 100)
            elif top > 0:
                ax.set_xlim(0, top * 1.3)
            unit = "%" if p == "service" else p
            what = lab("服务水平", "service level") if p == "service" else lab(
                "实现值 / 要求值", "achieved / required")
            ax.set_xlabel(f"{what} ({unit})")
            ax.grid(axis="x", alpha=0.3)
        # one legend under the panels (inside a panel it sat on the bars of a service level
        # near 100 %: targets_later.png)
        handles, _ = axes[0].get_legend_handles_labels()
        if (t["shortfall"].fillna(0) > 1e-9).any():
            handles.append(mpl.patches.Patch(color=SHORT, label=lab("未达成", "Shortfall")))
        fig.legend(handles=handles, fontsize=fs_value, loc="outside lower center",
                   ncols=len(handles))
        _titles(fig, ctx, "目标：要求值与实现值" + span, "Targets: required vs achieved" + span)
        return _save(fig, Path(out))


# ------------------------------------------------------------------------------------------
# MAC

def _mac_ylim(tab: pd.DataFrame, price: float, need: float | None) -> tuple[float, float]:
    """(low, high) of a MAC chart's cost axis: the bars up to where the requirement is met and
    the shadow price set the scale (three times it); taller bars are drawn cut."""
    costs = tab["cost_per_unit"].tolist()
    ref = abs(price) if price == price else 0.0
    if need is not None and need > 0:
        crossing = tab[tab["x_end"] >= need - 1e-9]
        if len(crossing):
            ref = max(ref, abs(float(crossing["cost_per_unit"].iloc[0])))
    pos = [c for c in costs if c > 0]
    if ref <= 0:
        ref = sorted(pos)[len(pos) // 2] if pos else max((abs(c) for c in costs), default=1.0)
    hi = max(pos, default=0.0)
    hi = min(hi, 3.0 * ref) if hi > 8.0 * ref else hi
    # at least 60 % of the curve's width drawn whole: a slack target's cheap crossing bar must
    # not cut every dearer measure (the energy-intensity curve had 5 of 9 bars cut)
    widths = tab["reduction"].to_numpy(dtype=float)
    if widths.sum() > 0:
        order = sorted(range(len(costs)), key=lambda i: costs[i])
        covered = 0.0
        for i in order:
            covered += widths[i]
            if covered >= 0.6 * widths.sum():
                hi = max(hi, costs[i])
                break
    if price == price and price <= 3.0 * max(hi, 1e-9):  # a price far above: marked, not scaled
        hi = max(hi, price)
    lo = min([*costs, 0.0])
    lo = max(lo, -3.0 * max(ref, hi)) if lo < -8.0 * max(ref, hi) else lo
    span = max(hi - lo, 1e-9)
    return lo - 0.06 * span if lo < 0 else 0.0, hi + 0.12 * span


NOTE_SIZE = 8.0  # points: the numbered measures and notes under a MAC chart (issue #16: 6.5
#: printed at 5-6 pt on the portrait pages)


def _mac_notes(ctx, tab, raising, target, full, price, hi, unit_x, unit_y, reasons=None
               ) -> tuple[list[str], list[str]]:
    """(numbered measure lines, notes) printed under a MAC chart. The list opens with a line
    naming its columns (cost per unit, reduction, chosen share with their units); a measure
    chosen above the price line says why (``reasons``: :func:`model.report.mac_reasons.
    chosen_reasons`)."""
    from model.report.mac_reasons import reason_text

    lab = ctx.lab
    kind = kinds.KINDS.get(str(target["kind"]))
    marginal = str(target.get("marginal_measure", "") or "")
    reasons = reasons or {}
    lines = [lab("编号. 措施：单位成本; 满潜力减排; 选用比例", "No. measure: cost per unit; "
                 "reduction at full potential; chosen") + f" ({unit_y}; {unit_x}; %)"]
    for i, r in tab.iterrows():
        mark = " *" if r["measure"] == marginal else ""
        why = reasons.get(str(r["measure"]))
        lines.append(f"{i + 1}. {ctx.measure(r['measure'])}{mark}: "
                     f"{num(r['cost_per_unit'])}; {num(r['reduction'])}; "
                     f"{100 * r['chosen_share']:.0f} %"
                     + (f" — {reason_text(ctx, why)}" if why is not None else ""))
    notes = []
    if len(raising):
        notes.append(lab("使该量增加、未绘出：", "Raise it, not drawn: ")
                     + ", ".join(ctx.measure(m) for m in raising["measure"]))
    if not full:
        notes.append(lab("仅含本情景选用的措施（无法重新推导情景）",
                         "Chosen measures only (the scenario could not be re-derived)")
                     + (f": {ctx.full.reason}" if ctx.full is not None else ""))
    if price == price and price > hi:
        notes.append(lab(f"影子价格{num(price)} {unit_y}高于图中所有措施的单位成本，"
                         "故画在刻度顶端：它是目标在约束下的边际成本，包含与其他目标的相互作用及（路径情景中）"
                         "后续年份的容量成本，而本曲线只计各措施本年的单位成本。",
                         f"The shadow price, {num(price)} {unit_y}, lies above every bar and "
                         "is drawn at the top edge: it is the target's marginal cost with "
                         "every other target held (and, on a pathway, the later years' cost "
                         "of the capacity it calls for), while the bars are each measure's "
                         "own cost in this year."))
    if kind is not None and any(kind.mac_note):  # the kind's own (load_reduction: eligible)
        notes.append(lab(*kind.mac_note))
    achieved = float(target.get("achieved", float("nan")))
    if kind is not None and kind.credit and len(tab) and achieved == achieved:
        # the bars are physical reductions; the target counts them officially
        # (model/accounting/official.py): the two totals differ and are reconciled here
        chosen = float((tab["reduction"] * tab["chosen_share"]).sum())
        notes.append(lab(f"实心柱实际减排{num(chosen)} {unit_x}；官方核算（含基准年老旧车淘汰，"
                         f"畜禽仅计规模化部分）实现{num(achieved)} {unit_x}。",
                         f"Solid bars: {num(chosen)} {unit_x} physically; official count (old "
                         "vehicles deregistered in the baseline credited, manure at the "
                         f"large-scale share): {num(achieved)} {unit_x} achieved."))
    notes.append(lab("措施全部成本计入本曲线（未在多个目标间分摊）；同一资源池的措施按成本先后分配；"
                     "潜力受每年推广速度上限约束。",
                     "Each measure's whole cost is charged here (no allocation across "
                     "targets); measures sharing a pool split it in cost order; potentials "
                     "are limited by the yearly uptake caps."))
    return lines, notes


def margin_gap_note(lab, price: float, tab: pd.DataFrame, marginal: str, unit_y: str,
                    tol: float = 0.01) -> str | None:
    """The note under a MAC chart when the shadow price (the dual, ``unit_y``) differs by more
    than ``tol`` (fraction of the dual) from the own net cost per unit of the measure at the
    margin (its bar, ``tab`` row of ``marginal``); None otherwise or with no such bar.

    The dual is the cost of one more unit of the target with every other target held, so it
    also charges what the marginal measure does to the other binding targets (e.g. the CO2 and
    energy that a treatment plant's electricity adds, priced at the CO2- or energy-intensity
    dual), which the bar, the measure's own cost, leaves out (issue #16: the heavy-metals dual
    10,827,268 CNY/t above its bar 10,124,573 CNY/t under a view where CO2 intensity binds:
    1,440 t CO2 added per t of metals x 488 CNY/t CO2)."""
    if not marginal or marginal not in set(tab["measure"]) or not price:
        return None
    bar = float(tab.loc[tab["measure"] == marginal, "cost_per_unit"].iloc[0])
    diff = price - bar
    if abs(diff) <= tol * abs(price):
        return None
    more = diff > 0
    # the direction says which effect: above, a cost the measure adds to another binding target
    # (e.g. CO2 from its electricity); below, a credit it earns on one (low-VOC coatings cut
    # PM2.5 too: 9,242 CNY/t less that credit is the VOCs price 3,856)
    why_zh = ("对偶价格还计入该措施给其他约束目标增加的负担"
              "（如其用电增加的二氧化碳与能耗，按相应强度目标的影子价格计价）" if more else
              "该措施同时有助于其他约束目标，对偶价格为其自身成本减去在这些目标上获得的抵扣")
    why_en = ("the dual also charges what the measure adds to the other binding targets (e.g. "
              "the CO2 and energy its electricity adds, at the CO2- or energy-intensity dual)"
              if more else "the measure also helps other binding targets, and the dual is its "
              "own cost less the credit it earns on them")
    return lab(f"影子价格{num(price)} {unit_y}{'高于' if more else '低于'}边际措施(*)自身单位成本"
               f"{num(bar)} {unit_y}（差{num(abs(diff))}，{abs(diff) / abs(price):.1%}）："
               f"{why_zh}；柱高只含措施自身成本。",
               f"The shadow price, {num(price)} {unit_y}, is {num(abs(diff))} "
               f"({abs(diff) / abs(price):.1%}) {'above' if more else 'below'} the own cost "
               f"of the measure at the margin (*), {num(bar)} {unit_y}: {why_en}; the bar is "
               "the measure's own cost only.")


NOTE_LINE = 0.152  # inches per line of notes (NOTE_SIZE points at line spacing 1.25, padded)


def _note_blocks(lines: list[str], notes: list[str], cols2: bool,
                 fig_width: float = PRINT_WIDTH) -> tuple[str, str, str]:
    """(left column, right column, notes) as wrapped text; the notes span the figure
    (``fig_width`` inches)."""
    width = fig_width - 0.5
    if cols2:
        half = -(-len(lines) // 2)
        return (wrap_text("\n".join(lines[:half]), width / 2 - 0.25, NOTE_SIZE),
                wrap_text("\n".join(lines[half:]), width / 2 - 0.25, NOTE_SIZE),
                wrap_text("\n".join(notes), width, NOTE_SIZE))
    return wrap_text("\n".join(lines), width, NOTE_SIZE), "", wrap_text("\n".join(notes),
                                                                          width, NOTE_SIZE)


def _notes_height(lines: list[str], notes: list[str], cols2: bool,
                  fig_width: float = PRINT_WIDTH) -> int:
    """Text lines under a MAC chart ``fig_width`` inches wide (the taller column, then the
    notes)."""
    left, right, rest = _note_blocks(lines, notes, cols2, fig_width)
    col = max(left.count("\n") + 1, right.count("\n") + 1 if right else 0)
    return col + rest.count("\n") + 1


def _draw_notes(fig, axt, lines: list[str], notes: list[str], cols2: bool,
                fig_width: float = PRINT_WIDTH, below=None) -> None:
    """The numbered measures (two columns when many) and, under the taller column, the
    notes; from the figure's left edge (not the axes'), so every line has the figure's width;
    under the artist ``below`` (the MAC legend) when given, else from the top of ``axt``."""
    import matplotlib.transforms as mtransforms

    left, right, rest = _note_blocks(lines, notes, cols2, fig_width)
    x0 = 0.25 / fig_width
    kw = dict(fontsize=NOTE_SIZE, va="top", ha="left", in_layout=False, linespacing=1.25)
    if below is None:
        trans = mtransforms.blended_transform_factory(fig.transFigure, axt.transAxes)
        tl = axt.text(x0, 1, left, transform=trans, **kw)
        tr = axt.text(0.5 + x0 / 2, 1, right, transform=trans, **kw) if right else None
    else:
        top = dict(xycoords=(fig.transFigure, below), xytext=(0, -5),
                   textcoords="offset points", annotation_clip=False, **kw)
        tl = axt.annotate(left, xy=(x0, 0), **top)
        tr = axt.annotate(right, xy=(0.5 + x0 / 2, 0), **top) if right else None
    tall = tr if tr is not None and right.count("\n") > left.count("\n") else tl
    axt.annotate(rest, xy=(x0, 0), xycoords=(fig.transFigure, tall), xytext=(0, -2),
                 textcoords="offset points", annotation_clip=False, **kw)


@dataclass
class _MacPrice:
    """The price line of a MAC chart: ``price`` drawn (the annualised price on a pathway, else
    the dual), ``dual``, whether it is ``annualised``, its legend name and unit."""

    price: float
    dual: float
    annualised: bool
    name: str
    unit: str


def _mac_price(lab: Labeller, target: pd.Series, unit_y: str) -> _MacPrice:
    """On a pathway the dual values every later year's cost of the capacity at the margin in
    the target's year; the bars are annual costs per unit, so the line drawn is the dual
    annualised over the years that capacity is paid (targets.csv ``annualised_price``), the
    dual named beside it; in a one-year run the two are equal and the dual is drawn."""
    price = float(target["shadow_price"])
    try:
        ann = float(target.get("annualised_price", float("nan")))
    except (TypeError, ValueError):
        ann = float("nan")
    annualised = ann == ann and price == price and abs(ann - price) > 1e-9 * max(1.0, abs(price))
    return _MacPrice(ann if annualised else price, price, annualised,
                     lab("年化影子价格", "annualised shadow price") if annualised
                     else lab("影子价格", "shadow price"),
                     f"{unit_y}/yr" if annualised else unit_y)


def _mac_units(lab: Labeller, kind: TargetKind, q: str, target: pd.Series
               ) -> tuple[str, str, str, str]:
    """(quantity zh, quantity en, x unit, y unit) of a MAC chart; a quantity without a label
    of its own is named by its target (never by its id); a kind with an axis of its own
    (``mac_axis``: a service in percentage points, a concentration in ug/m3) gives it."""
    qzh, qen, unit = quantity_label(q)
    if qzh == q and qen == q:
        qzh, qen = str(target.get("label_zh", q)), str(target.get("label_en", q))
    if kind.mac_axis is not None:
        return kind.mac_axis(lab, qzh, qen, unit)
    return qzh, qen, f"{unit}/yr", f"CNY/{unit}"


def price_below_bar_note(lab: Labeller, mp: _MacPrice, tab: pd.DataFrame, marginal: str,
                         unit_y: str, basis: str = "", tol: float = 0.01) -> str | None:
    """The note under a MAC chart when the annualised price line sits more than ``tol``
    (fraction) below the bar it would be read against: the measure at the margin's, or with
    none the cheapest chosen measure's (the cheapest drawn when none is chosen); None when
    the price drawn is the dual (a one-year run), or the line is not below that bar.

    The line is the pathway dual annualised (:mod:`model.prices`): what one more unit of the
    target adds to the plan's cost over the years it is spread on, net of what that capacity
    does for later targets, so it need not meet a bar, one measure's cost per unit in one year
    (the plan-2025 urban sludge 2030 row: line 9,081 CNY/pp/yr under a bar of 56,949)."""
    if not mp.annualised or mp.price != mp.price or tab.empty:
        return None
    if marginal and marginal in set(tab["measure"]):
        row = tab[tab["measure"] == marginal].iloc[0]
        who_zh, who_en = "边际措施(*)", "the measure at the margin (*)"
    else:
        chosen = tab[tab["chosen_share"].astype(float) > 0]
        row = (chosen if len(chosen) else tab).sort_values("cost_per_unit").iloc[0]
        who_zh, who_en = (("最便宜的选用措施", "the cheapest chosen measure") if len(chosen)
                          else ("最便宜的措施", "the cheapest measure"))
    bar = float(row["cost_per_unit"])
    if bar <= 0 or mp.price >= bar - tol * abs(bar):
        return None
    p, b = num(mp.price), num(bar)
    years = re.findall(r"\b(?:19|20)\d\d\b", basis)
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 and years[0] != years[-1] else ""
    return lab(f"价格线（年化影子价格{p} {unit_y}/年）低于{who_zh}的柱（{b} {unit_y}/年）："
               "价格线是路径对偶价格的年化值" + (f"（摊于{span}年）" if span else "")
               + "，即多要求一个单位使整个规划增加的成本（已扣除该容量对后续目标的贡献）"
               "按容量付费年限摊到每年；不是某一年的单位成本（柱高），二者不必相等。",
               f"The price line (annualised shadow price, {p} {unit_y}/yr) lies below the "
               f"bar of {who_en} ({b} {unit_y}/yr): the line is the pathway dual annualised"
               + (f" (over {span})" if span else "") + " — what one more unit adds to the whole "
               "plan's cost, net of what that capacity does for later targets, spread over "
               "the years it is paid — not the one-year cost of a unit, which each bar shows; "
               "the two need not meet.")


def _mac_extra_notes(ctx: ChartContext, notes: list[str], tab: pd.DataFrame,
                     target: pd.Series, mp: _MacPrice, marginal: str, lo: float, hi: float,
                     unit_y: str) -> None:
    """Add to ``notes`` the accounting view, the dual-vs-bar gap, the annualised price (and
    the line below a bar), and the bars cut at the axis."""
    lab = ctx.lab
    tag = view_tag(ctx.res, str(target.get("quantity", "")))
    if tag:
        notes.append(lab(f"核算口径 {tag}（其他口径下曲线与价格不同，见简报首页与 report.xlsx）。",
                         f"Accounting view {tag} (under another view the curve and price "
                         "differ: the briefing's cover and report.xlsx)."))
    price = mp.price
    gap = margin_gap_note(lab, price, tab, marginal, unit_y) if not mp.annualised and \
        price == price and price <= hi else None
    if gap:
        notes.insert(0, gap)
    costs = tab["cost_per_unit"].astype(float)
    if ((costs > hi) | (costs < lo)).any():
        notes.append(lab("超出纵轴范围的柱在轴边截断，其数值写在柱内或（相邻时）见措施清单。",
                         "Bars beyond the y-axis are cut at its edge: the value is written "
                         "along the bar, or (for close neighbours) in the numbered list."))
    if mp.annualised:
        below = price_below_bar_note(lab, mp, tab, marginal, unit_y,
                                     str(target.get("annualised_basis", "") or ""))
        if below:  # it says what the line is (the dual is in the legend): one note, not two
            notes.insert(0, below)
        else:
            notes.insert(0, lab(f"年化影子价格{num(price)} {unit_y}/年为对偶价格"
                                f"{num(mp.dual)} {unit_y}"
                                "（后续各年所需容量的成本折至目标年）在容量付费年限内的年化值，"
                                "可与各措施的年单位成本比较。",
                                f"The annualised shadow price, {num(price)} {unit_y}/yr, is the "
                                f"dual ({num(mp.dual)} {unit_y}: every later year's cost of the "
                                "capacity one more unit calls for, valued in the target's year) "
                                "spread over the years that capacity is paid: comparable with "
                                "the bars, each measure's annual cost per unit."))


def bar_numbers(tab: pd.DataFrame, lo: float, hi: float, xmax: float, min_share: float = 0.015
                ) -> tuple[list, list[tuple[float, float, str]]]:
    """(bars cut at the axis, number labels) of a MAC chart's bars, in ``tab``'s order.

    A bar cut at the axis goes to :func:`_cut_labels` as (x, drawn height, cost, number). A
    bar at least ``min_share`` of the curve's width gets its number above (below when
    negative) its top; neighbouring narrower bars (uncut, same sign) share one label naming
    their numbers as a range (``1–4``, left to right), so every bar that carries a measure is
    found in the numbered list under the chart (issue #16: the CO2 MAC's narrow bars bore no
    number). A bar numbered alone closer to a cut bar than a rotated line of 7 pt text (1.8 %
    of the width) joins the cut labels, whose label would cover its number. Labels are
    (x, y, text)."""
    cut: list = []
    labels: list = []
    run: list = []

    def flush():
        if not run:
            return
        x = (run[0][0] + run[-1][1]) / 2
        neg = run[0][2] < 0
        y = min(r[2] for r in run) if neg else max(r[2] for r in run)
        text = str(run[0][3]) if len(run) == 1 else f"{run[0][3]}–{run[-1][3]}"
        labels.append((x, y, text))
        run.clear()

    for i, r in tab.reset_index(drop=True).iterrows():
        c = float(r["cost_per_unit"])
        shown = max(lo, min(hi, c))
        x0, w = float(r["x_start"]), float(r["reduction"])
        if shown != c:
            flush()
            cut.append((x0 + w / 2, shown, c, i + 1))
        elif w >= min_share * xmax:
            flush()
            labels.append((x0 + w / 2, shown, str(i + 1)))
        else:
            if run and (run[-1][2] < 0) != (shown < 0):
                flush()
            run.append((x0, x0 + w, shown, i + 1))
    flush()
    # a bar numbered on its top beside a bar cut at the axis (closer than a rotated line of
    # 7 pt text) would sit under the cut bar's label: it joins the cut labels instead
    # (the CO2 MAC's 17 under '18: 1,422')
    near = [lab_ for lab_ in labels if "–" not in lab_[2] and any(
        abs(lab_[0] - c[0]) < 0.018 * xmax for c in cut)]
    if near:
        labels = [lab_ for lab_ in labels if lab_ not in near]
        cut = sorted(cut + [(x, y, y, int(t)) for x, y, t in near], key=lambda c: c[0])
    return cut, labels


#: hatches of bars chosen above the price line, by reason
#: (:class:`model.report.mac_reasons.ChosenReason`)
REASON_HATCH = {"other_target": "xxx", "earlier": "xxx", "mandated": "..."}


def _draw_mac_bars(ax, ctx: ChartContext, tab: pd.DataFrame, lo: float, hi: float,
                   marginal: str, xmax: float, reasons: dict | None = None) -> bool:
    """The bars (chosen part solid, the rest light and hatched, the marginal measure's
    outlined; the chosen part of a bar chosen above the price line for another reason
    cross-hatched, a mandated one dotted) and their numbers; True when some narrow bars share
    a range label."""
    reasons = reasons or {}
    for _, r in tab.iterrows():
        shown = max(lo, min(hi, float(r["cost_per_unit"])))
        colour = family_colour(str(r["family"]))
        w = float(r["reduction"])
        ax.bar(r["x_start"], shown, width=w, align="edge", color=colour, alpha=0.3,
               hatch="///", edgecolor=colour, linewidth=0.0)
        cw = w * float(r["chosen_share"])
        if cw > 0:
            ax.bar(r["x_start"], shown, width=cw, align="edge", color=colour, edgecolor="none")
            why = reasons.get(str(r["measure"]))
            if why is not None:
                ax.bar(r["x_start"], shown, width=cw, align="edge", fill=False,
                       hatch=REASON_HATCH[why.kind], edgecolor="black", linewidth=0.0)
        edge = dict(color="black", linewidth=2.0) if r["measure"] == marginal else dict(
            color="black", linewidth=0.5)
        ax.bar(r["x_start"], shown, width=w, align="edge", fill=False, **edge)
    cut, labels = bar_numbers(tab, lo, hi, xmax)
    for x, y, text in labels:
        ax.annotate(text, (x, y), ha="center", va="bottom" if y >= 0 else "top", fontsize=8,
                    xytext=(0, 2 if y >= 0 else -2), textcoords="offset points",
                    annotation_clip=True, zorder=6,
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8)
                    if "–" in text else None)
    _cut_labels(ax, cut, xmax, num)
    return any("–" in t for _, _, t in labels)


def _mac_handles(mpl, ctx: ChartContext, ax, tab: pd.DataFrame, mp: _MacPrice, lo: float,
                 hi: float, need: float | None, marginal: str, unit_x: str, unit_y: str,
                 margin=None, reasons: dict | None = None) -> list:
    """The legend: families, potential not chosen, bars chosen for another reason, the price
    line (drawn here on ``ax``: at its value, or at the top edge marked 'off the scale'; with
    ``ax`` None only the handles are made), the measure that sets an off-curve margin
    (``margin``: :class:`model.report.mac_reasons.Margin`, also written on the line), the
    requirement, the measure at the margin."""
    import matplotlib.patches  # noqa: F401  (mpl.patches before any figure exists)
    from matplotlib.lines import Line2D

    lab = ctx.lab
    handles = [mpl.patches.Patch(color=family_colour(f), label=ctx.family(f))
               for f in dict.fromkeys(tab["family"])]
    handles.append(mpl.patches.Patch(facecolor="white", edgecolor="grey", hatch="///",
                                     label=lab("未选用的潜力", "potential not chosen")))
    kinds_ = {r.kind for r in (reasons or {}).values()}
    if kinds_ & {"other_target", "earlier"}:
        handles.append(mpl.patches.Patch(facecolor="#bbbbbb", edgecolor="black", hatch="xxx",
                                         linewidth=0, label=lab(
                                             "为其他目标选用/已建成",
                                             "chosen for another target / built earlier")))
    if "mandated" in kinds_:
        handles.append(mpl.patches.Patch(facecolor="#bbbbbb", edgecolor="black", hatch="...",
                                         linewidth=0, label=lab("强制实施", "mandated")))
    price = mp.price
    off_scale = price == price and price > hi
    if price == price and not off_scale:
        label = (f"{mp.name} {num(price)} {mp.unit}"
                 + (f"\n({lab('对偶价格', 'dual')} {num(mp.dual)} {unit_y})"
                    if mp.annualised else ""))
        if ax is None:
            handles.append(Line2D([], [], color=SHORT, linestyle="--", label=label))
        else:
            pl = ax.axhline(price, color=SHORT, linestyle="--", linewidth=1.2)
            pl.set_label(label)
            handles.append(pl)
            if margin is not None:  # the measure that sets it, by the line
                span = 0.6 * PRINT_WIDTH  # wrapped to 60 % of the axes, kept out of layout
                text = lab(wrap_text(margin.short[0], span, 8),
                           wrap_text(margin.short[1], span, 8), "\n")
                if _top_left_clear(ax, 0.6, 0.62):
                    # in the empty top-left band, pointing at the line: on the line its box
                    # covered the bars under it (issue #16 review, VOCs and sludge MACs)
                    ax.annotate(text, (0.3, price), xytext=(0.01, 0.97), in_layout=False,
                                xycoords=("axes fraction", "data"),
                                textcoords="axes fraction", ha="left", va="top", fontsize=8,
                                color=SHORT, zorder=7, annotation_clip=True,
                                arrowprops=dict(arrowstyle="->", color=SHORT, lw=0.8))
                else:
                    ax.annotate(text, (0.01, price), in_layout=False,
                                xycoords=("axes fraction", "data"), ha="left",
                                va="bottom", fontsize=8, color=SHORT, xytext=(0, 2),
                                textcoords="offset points", annotation_clip=True, zorder=7,
                                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none",
                                          alpha=0.85))
    elif off_scale:  # drawn at the top edge, marked with an arrow and its value
        top = hi - 0.02 * (hi - lo)
        label = f"{mp.name} ({lab('超出刻度', 'off the scale')}) {num(price)} {mp.unit}"
        if ax is None:
            handles.append(Line2D([], [], color=SHORT, linestyle=":", label=label))
        else:
            pl = ax.axhline(top, color=SHORT, linestyle=(0, (1, 2)), linewidth=1.4)
            pl.set_label(label)
            handles.append(pl)
            ax.annotate(f"{mp.name} {num(price)} ↑", (0.99, top),
                        xycoords=("axes fraction", "data"), ha="right", va="top",
                        fontsize=8, color=SHORT, xytext=(0, -3), textcoords="offset points",
                        annotation_clip=True)
    if need is not None and need > 0:
        label = (lab("目标所需（相对基准）", "required beyond the baseline")
                 + f" {num(need)} {unit_x}")
        if ax is None:
            handles.append(Line2D([], [], color="black", linestyle=":", label=label))
        else:
            nl = ax.axvline(need, color="black", linestyle=":", linewidth=1.2)
            nl.set_label(label)
            handles.append(nl)
    if marginal and marginal in set(tab["measure"]):
        handles.append(mpl.patches.Patch(facecolor="white", edgecolor="black", linewidth=2,
                                         label=lab("边际措施 (*)", "measure at the margin (*)")))
    elif margin is not None and margin.on_curve:
        handles.append(mpl.patches.Patch(facecolor="white", edgecolor="black", linewidth=2,
                                         label=lab("保持服务的措施 (*)",
                                                   "measure holding the service (*)")))
    return handles


#: the MAC chart's axes, inches (with its title and x label: MAC_BODY before the legend and
#: the notes)
MAC_AXES = 3.0
MAC_BODY = 4.1


def legend_height(rows: int) -> float:
    """Inches a MAC legend of ``rows`` lines at 8 pt takes under the axes (with its frame)."""
    return 0.18 * rows + 0.15


def _legend_columns(handles: list, ncols: int) -> list[list]:
    """``handles`` split into ``ncols`` columns as matplotlib fills them (column by column,
    the first columns one longer)."""
    n = len(handles)
    per = [n // ncols + (1 if i < n % ncols else 0) for i in range(ncols)]
    out, k = [], 0
    for c in per:
        out.append(handles[k:k + c])
        k += c
    return out
#: the smallest scale a MAC page may print at (8 pt notes print at >= 7 pt)
MAC_MIN_SCALE = 0.88
#: print width of a MAC chart's list of measures on a portrait page of its own (inches: the
#: portrait frame, so it prints at its drawn size)
LIST_WIDTH = 6.8


#: display cells (a CJK character two) a MAC legend's columns may take side by side at 8 pt on
#: the landscape print width (10.2 in ~ 160 cells of DejaVu Sans 8 pt, less the handles)
LEGEND_CELLS = 138


def legend_columns(handles) -> int:
    """3, 2 or 1: the most columns whose widest labels, side by side, fit
    :data:`LEGEND_CELLS` (counted in display cells: by characters, a legend of Chinese and
    English labels ran off the VOCs page's right edge)."""
    from rich.cells import cell_len

    for nc in (3, 2):
        cols = _legend_columns(handles, nc)
        need = sum(max((cell_len(x) for h in col for x in h.get_label().split("\n")),
                       default=0) + 6 for col in cols)
        if need <= LEGEND_CELLS:
            return nc
    return 1


def mac_size(lines: list[str], notes: list[str], cols2: bool, legend_rows: int = 3
             ) -> tuple[float, float, int, bool]:
    """(width, height, note lines, split) of a MAC chart: always drawn at the landscape print
    width with its legend under the axes, made as tall as the landscape page allows
    (:func:`page_filling_height`). ``split`` True when the numbered list and the notes under
    the axes would make it print below :data:`MAC_MIN_SCALE` and the list has more than three
    measures: the list then goes on a page of its own (:func:`mac_list_figure`) and only the
    notes stay under the chart (issue #16: a portrait MAC page gave the plot a third of the
    page and printed its text at 5-6 pt)."""
    from model.report.pdf import chart_frames

    width = PRINT_WIDTH
    fh = chart_frames()["landscape"][1] / 72.0
    body = MAC_BODY + legend_height(legend_rows)
    split = False
    n = _notes_height(lines, notes, cols2, width)
    if body + NOTE_LINE * n > fh / MAC_MIN_SCALE and len(lines) > 4:
        split = True
        n = _notes_height([], notes, False, width)
    height = body + NOTE_LINE * n
    return width, page_filling_height(width, height), n, split


def mac_list_figure(ctx: ChartContext, lines: list[str], title: tuple[str, str], out: Path
                    ) -> Path:
    """The numbered measures of a MAC chart on a portrait page of their own (drawn at the
    portrait frame's width, :data:`LIST_WIDTH`, text at :data:`NOTE_SIZE` + 0.5 pt), saved as
    ``out`` (PNG and a page of charts.pdf)."""
    import matplotlib as mpl

    size = NOTE_SIZE + 0.5
    text = wrap_text("\n".join(lines), LIST_WIDTH - 0.4, size)
    n = text.count("\n") + 1
    head = ctx.lab(wrap_text(title[0] + "（续）：曲线上的措施", LIST_WIDTH - 0.4, 11),
                   wrap_text(title[1] + " (continued): the measures of the curve",
                             LIST_WIDTH - 0.4, 11), "\n")
    top = 0.15 + (head.count("\n") + 1) * 10 * 1.3 / 72.0 + 0.15  # inches to the list
    with mpl.rc_context(ctx.lab.rc()):
        fig = _figure((LIST_WIDTH, top + 0.2 + n * size * 1.3 / 72.0 * 1.08))
        fig.set_layout_engine("none")
        h = fig.get_figheight()
        fig.text(0.2 / LIST_WIDTH, 1.0 - 0.15 / h, head, fontsize=10, va="top", ha="left",
                 fontweight="bold", linespacing=1.2)
        fig.text(0.2 / LIST_WIDTH, 1.0 - top / h, text, fontsize=size, va="top", ha="left",
                 linespacing=1.3)
        return _save(fig, out)


def mac_chart(ctx: ChartContext, out: str | Path, target: pd.Series) -> Path | None:
    """Draw the MAC curve of one target row
    (:func:`model.report.full_potential_mac.mac_for_target`, or the chosen-only fallback when
    the scenario cannot be re-derived) to the PNG ``out``.

    Returns the path, or None (logged) if no measure contributes to the target.
    """
    import matplotlib as mpl

    from model.report.full_potential_mac import chosen_mac, mac_for_target, requirement

    lab, res = ctx.lab, ctx.res
    full = ctx.full is not None and ctx.full.available
    kind = kinds.get(str(target["kind"]))
    q, year = str(target["quantity"]), int(target["year"])
    if full:
        tab, raising = mac_for_target(res, ctx.full, target)
        need = requirement(ctx.full.ix, target)
    else:
        if kind.mac_axis is not None:  # chosen_mac has tonnes only
            return None
        tab, raising = chosen_mac(res, q, year), pd.DataFrame(columns=["measure", "reduction"])
        # a reduction target's requirement is its value; others need the baseline
        need = float(target["required"]) if kind.value_type == "reduction" else None
    if tab.empty:
        log.info("charts: no measure contributes to %s in %s; no MAC curve", target["target"],
                 year)
        return None
    if full and nothing_to_show(target, need):  # issue #16: met by the baseline, price 0
        log.info("charts: %s is met by the baseline at a zero price; MAC chart left out",
                 target["target"])
        ctx.left_out.append((str(target["label_zh"]), str(target["label_en"])))
        return None
    qzh, qen, unit_x, unit_y = _mac_units(lab, kind, q, target)
    mp = _mac_price(lab, target, unit_y)
    marginal = str(target.get("marginal_measure", "") or "")
    lo, hi = _mac_ylim(tab, mp.price, need)
    margin = margin_note(ctx, ctx.full, target, tab) if full else None
    if margin is not None and margin.on_curve:  # the chosen measure holding the service
        marginal = margin.measure
    reasons = chosen_reasons(ctx, ctx.full, target, tab, mp.price) if full else {}
    lines, notes = _mac_notes(ctx, tab, raising, target, full, mp.price, hi, unit_x, unit_y,
                              reasons)
    _mac_extra_notes(ctx, notes, tab, target, mp, marginal, lo, hi, unit_y)
    if margin is not None and not margin.on_curve:  # a margin held on the curve: its bar (*)
        notes.insert(0, lab(*margin.note))  # and the line's label name it
    if reasons:
        notes.insert(1 if margin is not None and not margin.on_curve else 0, lab(
            "叉线（点状）阴影的柱：单位成本远高于价格线仍被选用，原因见清单（为其他约束目标选用、"
            "更早已建成；点状：强制实施）。",
            "Cross-hatched bars (dotted: mandated) are chosen far above the price line for "
            "the reason in the list (another binding target, or built earlier)."))
    xmax = float(tab["x_end"].iloc[-1])
    if any("–" in t for _, _, t in bar_numbers(tab, lo, hi, xmax)[1]):
        notes.append(lab("过窄的相邻柱共用一个编号范围（如 1–4，自左至右），见措施清单。",
                         "Neighbouring bars too narrow to number one by one share a range "
                         "(e.g. 1–4, left to right): each is in the numbered list."))
    scale, unit_axis = _mac_scale(lab, lo, hi, unit_y)
    with mpl.rc_context(lab.rc()):
        handles = _mac_handles(mpl, ctx, None, tab, mp, lo, hi, need, marginal, unit_x,
                               unit_y, margin, reasons)
        ncols = legend_columns(handles)
        rows = max(-(-len(handles) // ncols), max(  # the tallest column, its lines
            sum(h.get_label().count("\n") + 1 for h in col)
            for col in _legend_columns(handles, ncols)))
        cols2 = len(lines) > 7  # the numbered list of measures in two columns
        width, height, note_lines, split = mac_size(lines, notes, cols2, rows)
        if split:  # the notes on reading the list and the curve go with the list
            heads = [x if lab.cjk else y for x, y in GENERAL_NOTES]
            if any(kind.mac_note):
                heads.append(lab(*kind.mac_note))
            moved = [x for x in notes if any(x.startswith(h) for h in heads)]
            notes = [x for x in notes if x not in moved]
            lines = [*lines, "", *moved]
            notes.insert(0, lab("编号措施清单见下一页。", "The numbered measures are listed on "
                                "the next page."))
            note_lines = _notes_height([], notes, False, width)
            height = page_filling_height(width, MAC_BODY + legend_height(rows)
                                         + NOTE_LINE * note_lines)
        fig = _figure((width, height))
        body = MAC_BODY + legend_height(rows)
        ax, axt = fig.subplots(2, 1, height_ratios=[MAC_AXES + height - body
                                                    - NOTE_LINE * note_lines,
                                                    0.04 + legend_height(rows)
                                                    + NOTE_LINE * note_lines])
        _draw_mac_bars(ax, ctx, tab, lo, hi, marginal, xmax, reasons)
        ax.axhline(0, color="black", linewidth=0.8)
        handles = _mac_handles(mpl, ctx, ax, tab, mp, lo, hi, need, marginal, unit_x,
                               unit_y, margin, reasons)
        ax.set_ylim(lo, hi)
        ax.set_xlim(0, max(xmax, need or 0.0) * 1.02)
        gain = kind.service
        label_x = (lab(f"满潜力累计{qzh}{'提升' if gain else '减排量'}",
                       f"Cumulative {qen} {'gain' if gain else 'reduction'}"
                       f" at the full potential reachable by {year}") if full else
                   lab(f"本情景选用措施的累计{qzh}减排量", f"Cumulative {qen} reduction of the "
                       "measures chosen in the run"))
        ax.set_xlabel(with_unit(label_x, f"{unit_x}, {year}", width - 1.2, 9), fontsize=9)
        ax.set_ylabel(lab("单位成本", "Net cost per unit") + f" ({unit_axis})", fontsize=9)
        thousands(ax.xaxis)
        if scale != 1.0:
            import matplotlib.ticker as mticker

            ax.yaxis.set_major_formatter(mticker.FuncFormatter(
                lambda v, _p, k=scale: _tick(v / k)))
        else:
            thousands(ax.yaxis)
        ax.tick_params(labelsize=8.5)
        ax.grid(axis="y", alpha=0.3)
        # under the axes, at the top of the notes' panel, the notes under it (issue #16:
        # inside the axes, 'best' put it on NOx bar 7, the manure chosen bar and the PM2.5
        # negative bars; kept out of the layout, so it never narrows the axes)
        leg = axt.legend(handles=handles, fontsize=8, loc="upper center", ncols=ncols,
                         bbox_to_anchor=(0.5, 1.0), framealpha=0.92)
        leg.set_in_layout(False)
        axt.axis("off")
        _draw_notes(fig, axt, [] if split else lines, notes, cols2 and not split, width,
                    below=leg)
        title_zh = f"{target['label_zh']}：边际减排成本曲线（{'满潜力' if full else '仅选用措施'}）"
        title_en = (f"{target['label_en']}: marginal abatement cost curve "
                    f"({'full potential' if full else 'chosen measures only'})")
        _titles(fig, ctx, title_zh, title_en)
        path = _save(fig, Path(out))
    if split:
        ctx.pages_after.append(mac_list_figure(
            ctx, lines, (str(target["label_zh"]), str(target["label_en"])),
            Path(out).with_name(Path(out).stem + ".measures.png")))
    return path


#: How the notes on reading a MAC curve begin (zh, en): with the list of measures on its own
#: page they go there; the notes on the price line stay under the chart.
GENERAL_NOTES = (("使该量增加、未绘出：", "Raise it, not drawn: "),
                 ("仅含本情景选用的措施", "Chosen measures only"),
                 ("措施全部成本计入本曲线", "Each measure's whole cost"),
                 ("核算口径 ", "Accounting view "),
                 ("超出纵轴范围的柱", "Bars beyond the y-axis"),
                 ("过窄的相邻柱", "Neighbouring bars too narrow"))


def _mac_scale(lab: Labeller, lo: float, hi: float, unit_y: str) -> tuple[float, str]:
    """(divisor, unit) of a MAC chart's cost axis: figures of 10 million and more are shown in
    millions (``百万元 million CNY/...``; issue #16: the PM2.5 axis printed 9-digit CNY)."""
    if max(abs(lo), abs(hi)) >= 1e7 and unit_y.startswith("CNY"):
        return 1e6, lab("百万元", "million") + " " + unit_y
    return 1.0, unit_y


# ------------------------------------------------------------------------------------------
# emissions, pathway, wedges

def emission_groups(res: Results, region: str | None = None) -> dict[str, list[str]]:
    """The variables of ``region`` (default the city) shown in the emissions charts, by group
    (:data:`model.report.tables.QUANTITY_GROUPS`: ``ghg``, ``air``, ``water``,
    ``heavy_metals``, ``other``): every ``Emissions|*`` and ``Concentration|*`` variable and
    ``Energy|Total``, read from emissions.csv (nothing hard-coded beyond the grouping); a
    variable that is zero in every year and case is left out (an empty panel said nothing:
    waste-incineration CO2 where the city incinerates no fossil waste)."""

    region = region or res.city
    e = res.emissions[res.emissions["region"] == region]
    out: dict[str, list[str]] = {}
    for var in dict.fromkeys(e["variable"]):
        kind, _, q = str(var).partition("|")
        if kind == "Energy" and q == "Total":
            q = "energy"
        elif kind not in ("Emissions", "Concentration"):
            continue
        if not e.loc[e["variable"] == var, "value"].astype(float).abs().gt(0).any():
            continue
        out.setdefault(QUANTITY_GROUPS.get(q, "other"), []).append(var)
    order = ["ghg", "air", "water", "heavy_metals", "other"]
    rank = {q: i for i, q in enumerate(QUANTITY_GROUPS)}

    def key(var: str) -> tuple[int, int]:
        kind, _, q = var.partition("|")
        return rank.get("energy" if kind == "Energy" else q, len(rank)), kind == "Concentration"

    return {g: sorted(out[g], key=key) for g in order if g in out}


def _change(a: float, b: float) -> str:
    return f"{(b - a) / abs(a):+.1%}" if a and a == a and b == b else "n/a"


#: Short words of a CO2 rule or an electricity basis in a chart's view tag.
_TAG_WORDS = {"net_import": "net electricity imports", "consumption": "all electricity used",
              "territorial": "scope 1", "coal_equivalent": "coal equivalent",
              "calorific": "calorific value"}


def view_tag(res: Results, quantity: str) -> str:
    """The accounting view a CO2 or energy figure of the run is counted under, short and in
    words (never the ids): the run's view and its CO2 rule (``assessed: net electricity
    imports``) or its electricity basis (``assessed: electricity at coal equivalent``), from
    the manifest (:mod:`model.views`, ``accounting``; labels :mod:`model.report.labels`); ''
    for other quantities or when the manifest has neither."""
    import re

    from model.report.labels import view_label

    if quantity not in ("CO2", "energy"):
        return ""
    m = res.manifest or {}
    acc = str(m.get("accounting") or "")
    views = (m.get("views") or {}).get("views") or []
    run: dict[str, Any] = next((v for v in views if v.get("this_run")), {})
    name = view_label(str(run.get("view", "") or ""))[1] if run.get("view") else ""
    if quantity == "CO2":
        rule = str(run.get("co2_accounting", "") or "") or \
            (acc.split(" (")[0].removeprefix("CO2 ") if acc.startswith("CO2") else "")
        rule = _TAG_WORDS.get(rule, rule.replace("_", " "))
    else:
        hit = re.search(r"electricity at ([A-Za-z_]+)", acc)
        rule = (f"electricity at {_TAG_WORDS.get(hit.group(1), hit.group(1).replace('_', ' '))}"
                if hit else "")
    return ": ".join(x for x in (name, rule) if x)


def _cut_labels(ax, cut: list, xmax: float, num) -> None:
    """Label the bars cut at the axis edge: ``n: value`` written along the bar; bars closer
    than a rotated line of 7 pt text (1.8 % of the curve's width at the printed size) share
    one label naming their numbers only (``14, 15``; their values are in the list below: two
    labels side by side overlapped)."""
    groups: list[list] = []
    for item in cut:
        if groups and item[0] - groups[-1][-1][0] < 0.018 * xmax and \
                (item[2] > 0) == (groups[-1][-1][2] > 0):
            groups[-1].append(item)
        else:
            groups.append([item])
    for g in groups:
        x = sum(it[0] for it in g) / len(g)
        shown, c = g[0][1], g[0][2]
        text = f"{g[0][3]}: {num(c)}" if len(g) == 1 else ", ".join(str(it[3]) for it in g)
        ax.annotate(text, (x, shown), ha="center", va="top" if c > 0 else "bottom",
                    rotation=90, fontsize=8, xytext=(0, -3 if c > 0 else 3),
                    textcoords="offset points", annotation_clip=True,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))


def same_change_note(ctx: ChartContext, e: pd.DataFrame, variables: list[str],
                     base_year: int, last: int) -> str:
    """A note when every panel of an emissions chart changes by the same share against
    ``base_year`` (the heavy metals of the 2025 run: Pb, Hg, Cd, As and their sum all
    −3.5 %): said to follow from fixed proportions, and naming the target on the group's sum
    (a ``reduction_vs_base`` target on one of ``variables``) with its status — the metals are
    not each held at a target of their own. '' otherwise."""
    if len(variables) < 3:
        return ""
    ch = []
    for var in variables:
        v = e[(e["variable"] == var) & (e["case"] == "scenario")].set_index("year")["value"]
        a, b = float(v.get(base_year, float("nan"))), float(v.get(last, float("nan")))
        if not (a and a == a and b == b):
            return ""
        ch.append((b - a) / abs(a))
    if max(ch) - min(ch) > 5e-5:
        return ""
    lab, t = ctx.lab, ctx.res.targets
    qs = {var.partition("|")[2] for var in variables}
    hit = t[t["quantity"].isin(qs)].drop_duplicates("target")
    zh = (f"各项变化相同（{last}年比{base_year}年{ch[0]:+.1%}）：各物质按固定比例排放，"
          "措施对各物质的去除比例相同")
    en = (f"Every panel changes alike ({ch[0]:+.1%} in {last} vs {base_year}): the pollutants "
          "are emitted in fixed proportion and each measure removes the same share of each")
    if len(hit):
        words = {"binding": ("约束起作用", "binding"), "slack": ("有余量", "met with room"),
                 "shortfall": ("未达成", "missed")}
        st = [words.get(str(r["status"]), ("", str(r["status"]))) for _, r in hit.iterrows()]
        zh += ("；目标只约束合计（" + "；".join(
            f"{r['label_zh']}，{w[0]}" for (_, r), w in zip(hit.iterrows(), st, strict=True))
               + "），并非每种各有目标")
        en += ("; the targets are on the sum (" + "; ".join(
            f"{r['label_en']}, {w[1]}" for (_, r), w in zip(hit.iterrows(), st, strict=True))
               + "), not on each pollutant")
    return lab(zh + "。", en + ".", "\n")


def emissions_chart(ctx: ChartContext, out: str | Path, region: str | None = None,
                    group: str | None = None) -> Path | None:
    """Baseline vs plan of one group of variables of ``region`` (default the city; ``group``
    default: every variable), one small panel per variable with its own scale and unit.

    Few years: bars per year (baseline grey, plan dark blue); a pathway: lines. Each panel's
    title is the variable's name; under it the plan's change in the last year against the
    base year (the first year shown) and against the baseline of that year — e.g. CO2 that
    rises 7 % on 2020 but lies 11 % below the baseline says both. Returns None when the group
    has no rows; raises InputError if ``region`` has no rows at all.
    """
    import matplotlib as mpl


    lab, res = ctx.lab, ctx.res
    region = region or res.city
    groups = emission_groups(res, region)
    if not groups:
        raise InputError(f"{res.folder / 'emissions.csv'}", f"no emission rows for {region!r}",
                         "Emissions|<q> rows for the region")
    variables = groups.get(group, []) if group else [v for vs in groups.values() for v in vs]
    if not variables:
        return None
    e = res.emissions[(res.emissions["region"] == region)
                      & res.emissions["variable"].isin(variables)]
    years = sorted(e["year"].unique())
    base_year, last = years[0], years[-1]
    # at most three panels across: a panel's two-line title (name; change vs the base year and
    # the baseline) needs about 3 in at 8 pt (four across overlapped their neighbours)
    ncol = min(3, len(variables))
    nrow = -(-len(variables) // ncol)
    lines = len(years) > 4
    with mpl.rc_context(lab.rc()):
        fig = _figure((PRINT_WIDTH, page_filling_height(PRINT_WIDTH, 2.5 * nrow + 1.5)))
        axes = fig.subplots(nrow, ncol, squeeze=False).ravel()
        for ax, var in zip(axes, variables, strict=False):
            sub = e[e["variable"] == var]
            unit = unit_text(sub["unit"].iloc[0])
            val = sub.set_index(["year", "case"])["value"]
            b = [float(val.get((y, "baseline"), float("nan"))) for y in years]
            s = [float(val.get((y, "scenario"), float("nan"))) for y in years]
            if lines:
                ax.plot(years, b, color=BASELINE, linewidth=2,
                        label=lab("基准（无新措施）", "Baseline (no new measures)"))
                ax.plot(years, s, color=PLAN, linewidth=2, label=lab("规划情景", "Plan"))
                ax.set_xticks([y for y in years if (y - base_year) % 5 == 0 or y == last])
                ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _p: f"{v:.0f}"))
            else:
                xs = range(len(years))
                ax.bar([x - 0.2 for x in xs], b, width=0.38, color=BASELINE,
                       label=lab("基准（无新措施）", "Baseline (no new measures)"))
                ax.bar([x + 0.2 for x in xs], s, width=0.38, color=PLAN,
                       label=lab("规划情景", "Plan"))
                ax.set_xticks(list(xs), [str(y) for y in years])
            finite = [v for v in b + s if v == v]
            hi, lo = max(finite, default=0.0), min(finite, default=0.0)
            if hi > min(0.0, lo):
                ax.set_ylim(min(0.0, lo) * 1.15, max(0.0, hi) * 1.12)
            zh, en = variable_label(var)
            base0 = b[0] if b[0] == b[0] else s[0]
            note = (f"{last} {lab('比', 'vs')} {base_year}: {_change(base0, s[-1])}; "
                    f"{lab('比基准', 'vs baseline')}: {_change(b[-1], s[-1])}")
            room = PRINT_WIDTH / ncol - 0.45
            tag = view_tag(ctx.res, {"Emissions|CO2": "CO2", "Emissions|CO2e": "CO2",
                            "Energy|Total": "energy"}
                           .get(var, ""))
            head = f"{lab(zh, en)} ({unit})" + (f" [{lab('口径', 'view')} {tag}]" if tag else "")
            ax.set_title(wrap_text(head, room, 8.5) + "\n" + wrap_text(note, room, 8),
                         fontsize=8)
            thousands(ax.yaxis)
            ax.tick_params(labelsize=7.5)
            ax.grid(axis="y", alpha=0.3)
        for ax in axes[len(variables):]:
            ax.set_visible(False)
        handles, labels = axes[0].get_legend_handles_labels()
        note = same_change_note(ctx, e, variables, base_year, last)  # above the legend's keys
        fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8,
                   title=wrap_text(note, PRINT_WIDTH - 0.6, 8) if note else None,
                   title_fontsize=8)
        rz, re_ = ctx.res.region_name(region)
        gz, ge = GROUP_LABELS.get(group or "", ("排放", "Emissions"))
        _titles(fig, ctx, f"{rz}{gz}：基准与规划情景", f"{re_}: {ge.lower() if group else ge}, "
                "baseline vs plan")
        return _save(fig, Path(out))


def _col(df: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    low = {c.lower(): c for c in df.columns}
    return next((low[n.lower()] for n in names if n.lower() in low), None)


def pathway_series(res: Results) -> pd.DataFrame | None:
    """CO2 by year for the pathway chart: ``year, plan, baseline, bau`` (NaN where absent) and
    ``peak_year``/``peak_value`` in ``attrs``; from ``pathway.csv`` when present (columns
    ``year`` and one of ``co2``/``value``/``scenario``/``emissions``, optional ``baseline``,
    ``bau``, ``peak_year``, ``peak_value`` or a boolean ``peak``), else from emissions.csv's
    city CO2 when it holds at least three years. None otherwise."""
    import numpy as np

    p = res.extra.get("pathway.csv")
    if p is not None and {"year", "case", "CO2"} <= set(p.columns):  # model.results.pathway_table
        piv = p.pivot_table(index="year", columns="case", values="CO2", aggfunc="first")
        out = pd.DataFrame({"year": piv.index.astype(int),
                            "plan": piv["scenario"].to_numpy(dtype=float),
                            "baseline": piv["baseline"].to_numpy(dtype=float)
                            if "baseline" in piv else np.nan, "bau": np.nan})
        peak = (res.manifest or {}).get("pathway") or {}
        if peak.get("peaks_within_horizon"):
            out.attrs["peak_year"] = int(peak["peak_year"])
            out.attrs["peak_value"] = float(peak["peak_co2_t"])
        out.attrs["source"] = "pathway.csv"
        return out.reset_index(drop=True)
    if p is not None and "year" in p.columns:
        if "region" in p.columns and (p["region"] == res.city).any():
            p = p[p["region"] == res.city]
        if "variable" in p.columns and p["variable"].astype(str).str.contains("CO2").any():
            p = p[p["variable"].astype(str).str.contains("CO2")]
        vcol = _col(p, ("co2", "value", "scenario", "plan", "emissions", "co2_t"))
        if vcol is None:
            return None
        out = pd.DataFrame({"year": p["year"].astype(int), "plan": p[vcol].astype(float)})
        for name in ("baseline", "bau"):
            c = _col(p, (name,))
            out[name] = p[c].astype(float).to_numpy() if c else np.nan
        out = out.groupby("year", as_index=False).first().sort_values("year")
        py, pv = _col(p, ("peak_year",)), _col(p, ("peak_value", "peak_level", "peak_co2"))
        flag = _col(p, ("peak", "is_peak"))
        if py and pd.Series(p[py]).notna().any():
            out.attrs["peak_year"] = int(pd.Series(p[py]).dropna().iloc[0])
        elif flag:
            hit = p[p[flag].astype(str).str.lower().isin(("true", "1", "yes", "1.0"))]
            if len(hit):
                out.attrs["peak_year"] = int(hit["year"].iloc[0])
        if pv and pd.Series(p[pv]).notna().any():
            out.attrs["peak_value"] = float(pd.Series(p[pv]).dropna().iloc[0])
        out.attrs["source"] = "pathway.csv"
        return out.reset_index(drop=True)
    e = res.emissions
    e = e[(e["region"] == res.city) & (e["variable"] == "Emissions|CO2")]
    if e["year"].nunique() < 3:
        return None
    piv = e.pivot_table(index="year", columns="case", values="value", aggfunc="first")
    out = pd.DataFrame({"year": piv.index.astype(int),
                        "plan": piv.get("scenario", pd.Series(np.nan, index=piv.index)).values,
                        "baseline": piv.get("baseline", pd.Series(np.nan,
                                                                  index=piv.index)).values,
                        "bau": np.nan})
    out.attrs["source"] = "emissions.csv"
    return out


def pm25_series(res: Results) -> pd.DataFrame | None:
    """The city's ``Concentration|PM2.5`` (model.airquality) by year (index) and case
    (``baseline``, ``scenario``) from emissions.csv; None with fewer than two years."""
    e = res.emissions
    if e is None or "variable" not in e.columns:
        return None
    e = e[e["variable"] == "Concentration|PM2.5"]
    if e["year"].nunique() < 2 or "case" not in e.columns:
        return None
    return e.pivot_table(index="year", columns="case", values="value", aggfunc="first")


def pm25_targets(res: Results) -> dict[int, float]:
    """{year: required μg/m³} of the run's ambient-concentration targets on PM2.5 (kinds whose
    ``value_type`` is ``ambient``, :mod:`model.lp.kinds`), from targets.csv; {} without."""
    from model.lp import kinds

    t = res.targets
    if t.empty or "kind" not in t.columns:
        return {}
    amb = [k for k, kind in kinds.KINDS.items() if kind.value_type == "ambient"]
    t = t[t["kind"].isin(amb) & (t["quantity"] == "PM2.5")]
    return {int(y): float(v) for y, v in t.groupby("year")["required"].min().items()}


def peak_of(series: pd.DataFrame) -> tuple[int, float, bool]:
    """(year, value, peaked): the given peak, else the highest plan year; ``peaked`` False when
    that is the last year shown (emissions still rising: no peak within the horizon)."""
    plan = series.dropna(subset=["plan"])
    if "peak_year" in series.attrs:
        y = int(series.attrs["peak_year"])
        v = series.attrs.get("peak_value")
        if v is None:
            hit = plan[plan["year"] == y]
            v = float(hit["plan"].iloc[0]) if len(hit) else float("nan")
        return y, float(v), True
    i = int(plan["plan"].to_numpy().argmax())
    y = int(plan["year"].iloc[i])
    return y, float(plan["plan"].iloc[i]), y != int(plan["year"].max())


def pathway_chart(ctx: ChartContext, out: str | Path) -> Path | None:
    """The city's CO2 by year: plan, baseline and ``bau`` where given, the peak marked; with
    the city's PM2.5 (issue #14) in a panel of its own under it, sharing the year axis (small
    multiples: on a second y axis of the same panel the PM2.5 lines crossed the CO2 baseline
    and read as one scale)."""
    import matplotlib as mpl

    lab = ctx.lab
    s = pathway_series(ctx.res)
    if s is None or s["plan"].notna().sum() < 3:  # two points draw no pathway
        return None
    pm = pm25_series(ctx.res)
    with mpl.rc_context(lab.rc()):
        fig = _figure((10, page_filling_height(10, 6.4 if pm is not None else 5.6)))
        if pm is not None:
            ax, axp = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        else:
            ax, axp = fig.subplots(), None
        if s["baseline"].notna().any():
            ax.plot(s["year"], s["baseline"], color=BASELINE, linewidth=2, marker="o",
                    label=lab("基准（无新措施）", "Baseline (no new measures)"))
        if s["bau"].notna().any():
            ax.plot(s["year"], s["bau"], color="#7f7f7f", linestyle="--", linewidth=1.5,
                    label=lab("照常发展", "Business as usual"))
        ax.plot(s["year"], s["plan"], color=PLAN, linewidth=2.5, marker="o",
                label=lab("规划情景", "Plan"))
        y, v, peaked = peak_of(s)
        if v == v:
            ax.plot([y], [v], marker="*", markersize=16, color=SHORT, zorder=5,
                    label=(lab("达峰", "peak") + f" {y}: {v:,.0f} t CO2/yr") if peaked else
                    lab("未在期内达峰（最高年）", "no peak within the horizon (highest year)")
                    + f" {y}")
            for a_ in (ax, axp) if axp is not None else (ax,):
                a_.axvline(y, color=SHORT, linestyle=":", linewidth=1)
        vals = s[["plan", "baseline", "bau"]].to_numpy(dtype=float)
        top = float(pd.Series(vals.ravel()).max())
        ax.set_ylim(0, top * 1.15)
        thousands(ax.yaxis)
        ax.set_ylabel(lab("二氧化碳排放", "CO2 emissions") + "\n(t CO2/yr)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower left")
        bottom = ax
        if axp is not None and pm is not None:
            base_name = lab("基准（无新措施）", "Baseline (no new measures)")
            for case, style, colour, name in (("baseline", "--", BASELINE, base_name),
                                              ("scenario", "-", PLAN, lab("规划情景", "Plan"))):
                if case in pm.columns:
                    axp.plot(pm.index, pm[case], color=colour, linestyle=style, marker="s",
                             markersize=3, linewidth=1.8, label=name)
            # the concentration targets as steps from their years: a plan above its target in
            # the years no target holds is seen (plan-2025: 30.2 in 2035 against 29); the axis
            # spans the data and the targets, not 0 (a 0-36 axis hid a 1 μg/m³ rise)
            req = pm25_targets(ctx.res)
            lo = [float(pm.min().min()), *req.values()]
            hi = [float(pm.max().max()), *req.values()]
            for y0, v in sorted(req.items()):
                axp.hlines(v, y0, float(pm.index.max()), color=SHORT, linestyle=":",
                           linewidth=1.4)
                # under the line at its right end: above it, at its start, it crossed the plan
                axp.annotate(lab("目标", "target") + f" {v:g} ({y0})",
                             (float(pm.index.max()), v), xytext=(-6, -11),
                             textcoords="offset points", fontsize=8, color=SHORT, ha="right")
            pad = max(0.5, 0.15 * (max(hi) - min(lo)))
            axp.set_ylim(min(lo) - pad, max(hi) + pad)
            axp.set_ylabel(lab("PM2.5 年均浓度", "PM2.5 annual mean") + "\n(μg/m³)")
            axp.grid(alpha=0.3)
            axp.legend(fontsize=8, loc="best")  # lower left covered the plan's 2024-2025 fall
            axp.set_title(lab("细颗粒物(PM2.5)年平均浓度", "PM2.5 annual mean concentration"),
                          fontsize=9, loc="left")
            bottom = axp
        ax.set_title(lab("二氧化碳排放", "CO2 emissions"), fontsize=9, loc="left")
        bottom.set_xticks(list(s["year"]), [str(v) for v in s["year"]])
        bottom.set_xlabel(lab("年份", "Year"))
        tag = view_tag(ctx.res, "CO2")
        _titles(fig, ctx, "二氧化碳排放路径" + (f"（口径 {tag}）" if tag else ""),
                "CO2 pathway" + (f" (accounting view {tag})" if tag else ""))
        return _save(fig, Path(out))


def wedges_table(res: Results) -> pd.DataFrame | None:
    """wedges.csv as ``family, year, value`` (t CO2/yr below ``bau``), summed by family: the
    file's ``family`` column (else each measure's family from measures.csv, else ``measure``)
    and its value column (``reduction``/``value``/``wedge``/``reduction_co2``)."""
    w = res.extra.get("wedges.csv")
    if w is None or "year" not in w.columns:
        return None
    if "quantity" in w.columns:  # model.results.wedges_table: one row per quantity
        w = w[w["quantity"] == "CO2"]
    vcol = _col(w, ("reduction", "value", "wedge", "reduction_co2", "co2"))
    if vcol is None:
        return None
    if "family" in w.columns:
        fam = w["family"].astype(str)
    elif "measure" in w.columns:
        fmap = dict(zip(res.measures["measure"], res.measures["family"], strict=False))
        fam = w["measure"].map(lambda m: fmap.get(m, m)).astype(str)
    else:
        return None
    out = pd.DataFrame({"family": fam, "year": w["year"].astype(int),
                        "value": w[vcol].astype(float)})
    return out.groupby(["family", "year"], as_index=False, sort=False)["value"].sum()


def wedges_chart(ctx: ChartContext, out: str | Path) -> Path | None:
    """Stacked wedges of CO2 avoided against the ``bau`` run, by measure family and year."""
    import matplotlib as mpl

    lab = ctx.lab
    w = wedges_table(ctx.res)
    if w is None or w.empty:
        return None
    piv = w.pivot_table(index="year", columns="family", values="value", aggfunc="sum",
                        sort=False).fillna(0.0).sort_index()
    piv = piv.loc[:, piv.abs().max() > 0.5]
    if len(piv.index) < 2 or piv.empty:  # one year, or no wedge: nothing to draw
        return None
    fams = list(piv.columns)
    with mpl.rc_context(lab.rc()):
        fig = _figure((10, page_filling_height(10, 5.6)))
        ax = fig.subplots()
        pos = piv.clip(lower=0)
        ax.stackplot(piv.index, [pos[f] for f in fams], colors=[family_colour(f) for f in fams],
                     labels=[ctx.family(f) for f in fams], alpha=0.9)
        neg = piv.clip(upper=0)
        if (neg < 0).any().any():
            ax.stackplot(piv.index, [neg[f] for f in fams],
                         colors=[family_colour(f) for f in fams], alpha=0.45)
            ax.axhline(0, color="black", linewidth=0.8)
        total = piv.sum(axis=1)
        ax.plot(piv.index, total, color="black", linewidth=1.5,
                label=lab("合计", "Total") + f" ({int(piv.index[-1])}: {total.iloc[-1]:,.0f})")
        ax.set_xticks(list(piv.index), [str(v) for v in piv.index])
        thousands(ax.yaxis)
        ax.set_ylabel(lab("相对照常发展 (bau) 的减排", "Reduction against bau") + " (t CO2/yr)")
        ax.set_xlabel(lab("年份", "Year"))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left", ncols=2)
        tag = view_tag(ctx.res, "CO2")
        _titles(fig, ctx, "减排楔形图（按措施类别）" + (f"，口径 {tag}" if tag else ""),
                "Wedges against bau, by measure family"
                + (f" (accounting view {tag})" if tag else ""))
        return _save(fig, Path(out))


# ------------------------------------------------------------------------------------------
# costs and counties

def _cost_frame(res: Results, year: int) -> pd.DataFrame:
    m = res.measures[res.measures["year"] == year].copy()
    if "gross" not in m.columns:  # older folders: net only
        m["gross"] = m["annual_cost"].clip(lower=0)
        m["savings"] = (-m["annual_cost"]).clip(lower=0)
        m["net"] = m["annual_cost"]
    return m


def _cost_handles(mpl, lab: Labeller) -> list:
    """Legend of gross (solid), savings (light, hatched) and net (diamond), family-neutral."""
    from matplotlib.lines import Line2D

    return [mpl.patches.Patch(color="#555555", label=lab(
                "支出（投资年金+运维+新增能源）", "Gross outlay (capital annuity + O&M + energy "
                "bought)")),
            mpl.patches.Patch(facecolor="#555555", alpha=0.4, hatch="\\\\", edgecolor="white",
                              label=lab("节省（节约的能源等）", "Savings (energy saved, other)")),
            Line2D([], [], marker="D", color="black", linestyle="none",
                   label=lab("净成本 = 支出 − 节省", "Net cost = gross − savings"))]


def costs_chart(ctx: ChartContext, out: str | Path) -> Path | None:
    """Gross outlay (up), savings (down) and net cost (marker) by family in the last year."""
    import matplotlib as mpl

    lab, res = ctx.lab, ctx.res
    year = res.last_year
    m = _cost_frame(res, year)
    g = m.groupby("family")[["gross", "savings", "net"]].sum()
    g = g[(g.abs() > 0.5).any(axis=1)].sort_values("net")
    if g.empty:
        return None
    # value labels and legend at 8.5 pt: the chart prints at about 0.83 of its size (they
    # printed at 6.2 pt from 7.5)
    with mpl.rc_context(lab.rc()):
        # portrait (many families): drawn at the portrait print width, as tall as the page
        width = 9.5 if page_orientation(9.5, 2.6 + 0.45 * len(g)) == "landscape" else \
            PRINT_WIDTH_PORTRAIT
        fig = _figure((width, page_filling_height(width, 2.6 + 0.45 * len(g))))
        ax = fig.subplots()
        ys = range(len(g))
        cols = [family_colour(f) for f in g.index]
        ax.barh(ys, g["gross"] / 1e6, color=cols, height=0.6)
        ax.barh(ys, -g["savings"] / 1e6, color=cols, alpha=0.4, hatch="\\\\", height=0.6,
                edgecolor="white")
        ax.scatter(g["net"] / 1e6, ys, marker="D", color="black", zorder=5)
        for y, v in zip(ys, g["net"], strict=True):
            # right of the diamond (above it, the figure sat on the zero line and the bars)
            ax.annotate(f"{v / 1e6:+,.1f}", (v / 1e6, y), xytext=(6, 0),
                        textcoords="offset points", ha="left", va="center", fontsize=8.5,
                        annotation_clip=True, zorder=6,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(list(ys), [ctx.family(f) for f in g.index], fontsize=9)
        lim = max(float(g["gross"].max()), float(g["savings"].max())) / 1e6 * 1.15
        ax.set_xlim(-lim, lim)
        # the axes take about 60 % of the width (the families' names the rest): texts over
        # and under them are wrapped to it, and the legend is one column (at 8.5 pt two ran
        # off the page)
        ax_w = 0.6 * width
        ax.set_xlabel(wrap_text(lab("百万元/年", "million CNY/yr") + f" ({year}, "
                                + lab("2020年不变价", "constant 2020 prices") + ")", ax_w, 9))
        ax.grid(axis="x", alpha=0.3)
        fig.legend(handles=_cost_handles(mpl, lab), fontsize=8.5, loc="outside lower center",
                   ncols=1)
        s = res.solver
        if s.get("annual_cost_cny_per_yr") is not None:
            ax.set_title(wrap_text(
                lab("合计净成本", "total net") + f" {s['annual_cost_cny_per_yr'] / 1e6:,.1f}"
                + f" = {lab('支出', 'gross')} "
                + f"{(s.get('annual_gross_outlay_cny_per_yr') or float('nan')) / 1e6:,.1f}"
                + f" − {lab('节省', 'savings')} "
                + f"{(s.get('annual_savings_cny_per_yr') or float('nan')) / 1e6:,.1f} "
                + lab("百万元/年", "million CNY/yr"), ax_w, 9), fontsize=9)
        _titles(fig, ctx, "各类措施的年化成本：支出、节省与净成本",
                "Annual cost by measure family: gross, savings, net")
        return _save(fig, Path(out))


#: Families a county chart names in its legend at most; the rest are drawn as one grey
#: "other" (22 families made a 22-entry legend of 5 pt text).
COUNTY_FAMILIES = 7
OTHER_COLOUR = "#b0b0b0"


def top_families(m: pd.DataFrame, cols: list[str], n: int = COUNTY_FAMILIES,
                 least: float = 0.03) -> list[str]:
    """The families of ``m`` (measure rows) worth a legend entry: ranked by the largest share
    each has of any column in ``cols`` (its |value| summed over rows, over the column's
    total), the first ``n`` with a share of at least ``least``."""
    share: dict[str, float] = {}
    for col in cols:
        tot = m[col].abs().groupby(m["family"]).sum()
        if tot.sum() > 0:
            for f, v in (tot / tot.sum()).items():
                share[str(f)] = max(share.get(str(f), 0.0), float(v))
    ranked = sorted(share, key=lambda f: -share[f])
    return [f for f in ranked[:n] if share[f] >= least]


def county_chart(ctx: ChartContext, out: str | Path,
                 quantities: list[str] | None = None) -> Path | None:
    """Costs and reductions by county in the last year, one panel each, counties named along
    the y axis (horizontal bars, names at 8 pt: rotated 5 pt names under columns were
    unreadable in print): the annual cost (gross outlay to the right, savings to the left, net
    marked), then the reduction of each quantity (default: CO2 and the quantities of the
    load-reduction targets), stacked by family. The :data:`COUNTY_FAMILIES` families with the
    largest shares (:func:`top_families`) are named, the rest drawn as one grey "other";
    the legend sits under the panels. Drawn at the landscape frame's size, so 8 pt prints at
    8 pt."""
    import matplotlib as mpl

    lab, res = ctx.lab, ctx.res
    year = res.last_year
    m = _cost_frame(res, year)
    m = m[m["region"] != res.city]
    if m.empty:
        return None
    if quantities is None:
        quantities = ["CO2"] + [q for q in res.targets.loc[
            kinds.where(res.targets, lambda k: k.value_type == "reduction"),
            "quantity"].drop_duplicates()]
    quantities = [q for q in quantities if f"reduction_{q}" in m.columns]
    cols = ["gross", "savings"] + [f"reduction_{q}" for q in quantities]
    named = top_families(m, cols)
    m = m.assign(group=m["family"].where(m["family"].isin(named), "__other__"))
    groups = [f for f in named if f in set(m["group"])] + (
        ["__other__"] if (m["group"] == "__other__").any() else [])
    n_other = m.loc[m["group"] == "__other__", "family"].nunique()
    # top to bottom by net cost (barh draws the first row at the bottom: reversed)
    order = m.groupby("region")["net"].sum().sort_values(ascending=True).index.tolist()
    npan = 1 + len(quantities)
    ncol = 1 if npan == 1 else (2 if npan <= 4 else 3)
    nrow = -(-npan // ncol)
    colour = {g: OTHER_COLOUR if g == "__other__" else family_colour(g) for g in groups}
    with mpl.rc_context(lab.rc()):
        fig = _figure((PRINT_WIDTH, min(6.0, 2.35 * nrow + 1.3) if nrow <= 2
                       else 2.35 * nrow + 1.3))
        axes = fig.subplots(nrow, ncol, squeeze=False, sharey=True).ravel()
        ys = list(range(len(order)))
        names = [ctx.region(r) for r in order]

        def stack(ax, col: str, scale: float, alpha: float = 1.0, sign: float = 1.0,
                  hatch: str | None = None):
            left = [0.0] * len(order)
            for g in groups:
                v = (m[m["group"] == g].groupby("region")[col].sum()
                     .reindex(order).fillna(0.0) * scale * sign).tolist()
                ax.barh(ys, v, left=left, color=colour[g], alpha=alpha, height=0.72,
                        hatch=hatch, edgecolor="white" if hatch else None, linewidth=0)
                left = [b + x for b, x in zip(left, v, strict=True)]
            return left

        ax = axes[0]
        stack(ax, "gross", 1e-6)
        stack(ax, "savings", 1e-6, alpha=0.4, sign=-1.0, hatch="\\\\")
        net = m.groupby("region")["net"].sum().reindex(order).fillna(0.0) / 1e6
        ax.scatter(net, ys, marker="D", color="black", zorder=5, s=16)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_title(lab("年化成本", "Annual cost") + f"\n({lab('百万元/年', 'million CNY/yr')})",
                     fontsize=8.5)
        for ax_i, q in zip(axes[1:], quantities, strict=False):
            zh, en, unit = quantity_label(q)
            stack(ax_i, f"reduction_{q}", 1.0)
            ax_i.axvline(0, color="black", linewidth=0.8)
            ax_i.set_title(lab(f"{zh}减排量", f"{en} reduction") + f"\n({unit}/yr)",
                           fontsize=8.5)
        for a in axes[:npan]:
            lo, hi = a.get_xlim()
            a.set_xlim(lo - 0.02 * (hi - lo) if lo < 0 else lo, hi + 0.05 * (hi - lo))
            a.set_yticks(ys, names, fontsize=8)
            a.xaxis.set_major_locator(mpl.ticker.MaxNLocator(4))
            thousands(a.xaxis)
            a.tick_params(axis="x", labelsize=7.5)
            a.grid(axis="x", alpha=0.3)
        for a in axes[npan:]:
            a.set_visible(False)
        handles = [mpl.patches.Patch(color=colour[g], label=lab(
            f"其他（{n_other}类）", f"Other ({n_other} families)")
            if g == "__other__" else ctx.family(g)) for g in groups]
        fig.legend(handles=handles + _cost_handles(mpl, lab), loc="outside lower center",
                   ncols=3, fontsize=7.5)
        _titles(fig, ctx, f"分区县成本与减排（{year}）", f"Costs and reductions by county ({year})")
        return _save(fig, Path(out))


def costs_by_year_chart(ctx: ChartContext, out: str | Path) -> Path | None:
    """Gross, savings and net by year from ``costs_by_year.csv`` (columns ``year`` and
    ``gross``/``savings``/``net``, summed over any other columns), if present."""
    import matplotlib as mpl

    lab = ctx.lab
    c = ctx.res.extra.get("costs_by_year.csv")
    if c is None or "year" not in c.columns:
        return None
    if "region" in c.columns:  # model.results.costs_by_year: counties and the city total
        city = c["region"] == ctx.res.city
        c = c[city] if city.any() else c
    have = [k for k in ("gross", "savings", "net") if k in c.columns]
    if not have:
        return None
    g = c.groupby("year")[have].sum().sort_index()
    if len(g) < 2:
        return None
    with mpl.rc_context(lab.rc()):
        fig = _figure((10, page_filling_height(10, 5)))
        ax = fig.subplots()
        xs = list(range(len(g)))
        if "gross" in g:
            ax.bar(xs, g["gross"] / 1e6, color="#4c72b0", width=0.6,
                   label=lab("支出", "Gross outlay"))
        if "savings" in g:
            ax.bar(xs, -g["savings"] / 1e6, color="#55a868", width=0.6,
                   label=lab("节省", "Savings"))
        if "net" in g:
            ax.plot(xs, g["net"] / 1e6, color="black", marker="D", label=lab("净成本", "Net"))
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xticks(xs, [str(y) for y in g.index])
        ax.set_ylabel(lab("百万元/年", "million CNY/yr"))
        ax.grid(axis="y", alpha=0.3)
        ax.legend(fontsize=8)
        _titles(fig, ctx, "逐年成本", "Costs by year")
        return _save(fig, Path(out))


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)


def mac_targets(res: Results) -> pd.DataFrame:
    """The target rows that get a MAC chart: one per target id — its binding row with the
    highest price if any, else its last row (a pathway target has one row per year)."""
    t = res.targets.copy()
    if t.empty:
        return t
    t["_bind"] = (t["status"] == "binding").astype(int)
    t["_price"] = t["shadow_price"].fillna(-math.inf)
    t = t.sort_values(["_bind", "_price", "year"]).groupby("target", sort=False).tail(1)
    order = {k: i for i, k in enumerate(dict.fromkeys(res.targets["target"]))}
    t = t.sort_values("target", key=lambda s: s.map(order))
    return t.drop(columns=["_bind", "_price"])


def write_charts(res: Results, folder: str | Path, lab: Labeller | None = None,
                 label: tuple[str, str] | None = None, full=None) -> list[Path]:
    """Write every chart of a run into ``folder`` and return their paths.

    ``targets.png``; ``mac_<target>.png`` for each target with a contributing measure
    (:func:`mac_targets`) unless it has nothing to show (met by the baseline at a zero price:
    named in the result's ``left_out``), followed by ``mac_<target>.measures.png`` when its
    numbered list of measures takes a page of its own; ``emissions_<city>.png``;
    ``costs.png``; ``counties.png``; and when
    the run has the files, ``pathway.png``, ``wedges.png``, ``costs_by_year.png``. ``label`` is
    the scenario's (zh, en) label for the titles, ``full`` the re-derived scenario
    (:func:`model.report.full_potential_mac.derive_full`; None: the chosen-only MAC fallback).
    """

    lab = lab or Labeller()
    ctx = ChartContext(res, lab, label, full)
    folder = Path(folder)
    # (chart function, file name, its arguments after the context and the path)
    jobs: list[tuple[Callable[..., Path | None], str, tuple[Any, ...]]] = \
        [(targets_chart, name, (years,)) for name, years in targets_jobs(res)]
    jobs += [(mac_chart, f"mac_{_safe(str(t['target']))}.png", (t,))
             for _, t in mac_targets(res).iterrows()]
    jobs += [(emissions_chart, f"emissions_{g}.png", (res.city, g))
             for g in emission_groups(res)]
    jobs += [(costs_chart, "costs.png", ()), (county_chart, "counties.png", ()),
             (pathway_chart, "pathway.png", ()), (wedges_chart, "wedges.png", ()),
             (costs_by_year_chart, "costs_by_year.png", ())]
    paths = ChartPaths()
    with progress.task("图表 Charts", total=len(jobs)):
        for fn, name, args in jobs:
            progress.describe(f"图表 Chart {name}")
            p = fn(ctx, folder / name, *args)
            if p is not None:
                paths.append(p)
            paths.extend(ctx.pages_after)  # a MAC chart's list of measures follows it
            ctx.pages_after.clear()
            progress.advance()
    paths.left_out = list(ctx.left_out)
    return paths


class ChartPaths(list):
    """The charts written (paths, in briefing order) and ``left_out``: (zh, en) labels of the
    targets whose MAC chart had nothing to show (:func:`model.report.mac_reasons.
    nothing_to_show`), for the one line that says so."""

    def __init__(self, *args):
        super().__init__(*args)
        self.left_out: list[tuple[str, str]] = []
