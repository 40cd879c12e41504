"""The briefing of one run: the question, the answer in three sentences, its evidence, and the
PDF that puts the cover and every chart in one file.

:func:`build` gathers what every output needs once (:class:`Briefing`): the result tables, the
scenario's words (label, plan clauses), the catalogue's sources, the evidence grade, the
sensitivity interval (a folder given, or found beside the run) and the re-derived scenario for
the full-potential MAC curves. :func:`answer` writes the three sentences (zh and en) from the
tables alone — every figure in them is one the workbook shows. :func:`write_pdf` writes
``briefing.pdf`` (matplotlib's PdfPages; the CJK font, when installed, is embedded as a
TrueType subset, ``pdf.fonttype`` 42).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.report.evidence import (
    GRADE_RULE,
    GRADE_RULE_ZH,
    CatalogueSources,
    Evidence,
    ScenarioMeta,
    Sensitivity,
    catalogue_sources,
    evidence_grade,
    find_sensitivity,
    scenario_meta,
    sensitivity,
)
from model.report.tables import Results, read_results


@dataclass(frozen=True)
class Briefing:
    """Everything the briefing outputs of one run read (module docstring)."""

    res: Results
    meta: ScenarioMeta
    cat: CatalogueSources
    evidence: Evidence | None
    sens: Sensitivity | None
    full: object  # model.report.mac.FullPotential

    @property
    def label(self) -> tuple[str, str]:
        return self.meta.label


def build(results_dir: str | Path, sensitivity_dir: str | Path | None = None,
          derive: bool = True) -> Briefing:
    """Read a result folder and everything its briefing needs (see :class:`Briefing`).

    ``sensitivity_dir``: a sensitivity results folder (InputError if it holds no intervals);
    None looks beside the run (:func:`model.report.evidence.find_sensitivity`). ``derive``
    False skips re-deriving the scenario (MAC curves then show chosen measures only).
    """
    from model.report.mac import FullPotential, derive_full

    res = read_results(results_dir)
    cat = catalogue_sources(res)
    if sensitivity_dir is not None:
        sens = sensitivity(sensitivity_dir)
    else:
        found = find_sensitivity(res)
        sens = sensitivity(found) if found is not None else None
    full = derive_full(res) if derive else FullPotential(None, None, "not re-derived (asked)")
    return Briefing(res=res, meta=scenario_meta(res), cat=cat,
                    evidence=evidence_grade(res, cat), sens=sens, full=full)


# ------------------------------------------------------------------------------------------
# words

def _mcny(v: float) -> str:
    return f"{v / 1e6:,.1f}"


def _wan(v: float) -> str:
    return f"{v / 1e4:,.0f}"


def _unit_zh(unit: str) -> str:
    import re

    unit = re.sub(r" \(dual: costs (\d{4})-(\d{4}) valued in (\d{4})\)",
                  r"（对偶价格：\1-\2年成本折至\3年）", unit)
    unit = re.sub(r" \(dual: costs of (\d{4})\)", r"（对偶价格：\1年成本）", unit)
    unit = unit.replace("/yr annualised", "/年（年化）")
    return (unit.replace("CNY/percentage point", "元/百分点").replace("CNY/t CO2", "元/吨二氧化碳")
            .replace("CNY/tce", "元/吨标准煤").replace("CNY/t", "元/吨"))


def _annualised(r) -> float | None:
    """The row's annualised price when it differs from its dual (a pathway), else None."""
    try:
        ann, dual = float(r.get("annualised_price")), float(r["shadow_price"])
    except (TypeError, ValueError):
        return None
    return ann if ann == ann and abs(ann - dual) > 1e-9 * abs(ann) else None


def _price_extra_en(r) -> str:
    """After a dual price: its annualised form when it differs (a pathway) and the frontier
    label (model/prices.py): a price is never printed bare."""
    out = ""
    ann = _annualised(r)
    if ann is not None:
        out += f", {ann:,.0f} {r.get('annualised_price_unit', '')}"
    note = r.get("price_note")
    if isinstance(note, str) and note:
        out += f" — {note}"
    return out


def _price_extra_zh(r) -> str:
    out = ""
    ann = _annualised(r)
    if ann is not None:
        out += f"，{ann:,.0f}{_unit_zh(str(r.get('annualised_price_unit', '')))}"
    note = r.get("price_note")
    if isinstance(note, str) and note:
        out += "（措施库已用尽 catalogue exhausted）"
    return out


def question(b: Briefing) -> tuple[str, str]:
    """The question the run answers (zh, en)."""
    res = b.res
    n = len(res.targets["target"].unique())
    years = sorted(res.targets["year"].unique()) or [res.last_year]
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return (f"在哪些区县采取哪些措施，能以最低成本实现{span}年全部{n}项目标？"
            "每项目标的边际成本是多少？",
            f"Which measures, in which counties, meet all {n} targets of {span} at least cost, "
            "and what does each target cost at the margin?")


def answer(b: Briefing) -> tuple[list[str], list[str]]:
    """Three sentences (zh list, en list): whether the targets are met and at what cost; which
    targets bind, at what price and which measure sets it; where the money goes."""
    res = b.res
    t = res.targets
    s = res.solver
    year = int(s.get("annual_cost_year") or res.last_year)
    net = s.get("annual_cost_cny_per_yr")
    gross = s.get("annual_gross_outlay_cny_per_yr")
    sav = s.get("annual_savings_cny_per_yr")
    ids = list(dict.fromkeys(t["target"]))
    short = t[t["status"] == "shortfall"]
    zh, en = [], []
    # 1. met? cost
    cost_en = (f"a net cost of {_mcny(net)} million CNY/yr in {year}" if net is not None
               else "an unknown cost")
    cost_zh = f"{year}年净成本{_wan(net)}万元/年" if net is not None else "成本未知"
    if gross is not None and sav is not None and net is not None:
        cost_en += (f" (gross outlay {_mcny(gross)} million less savings {_mcny(sav)} million; "
                    "constant 2020 prices)")
        cost_zh += f"（支出{_wan(gross)}万元减节省{_wan(sav)}万元，2020年不变价）"
    if res.status == "optimal" and short.empty:
        en.append(f"All {len(ids)} targets can be met, at {cost_en}.")
        zh.append(f"全部{len(ids)}项目标均可实现，{cost_zh}。")
    else:
        names_en = "; ".join(f"{r['label_en']} short by {r['shortfall']:,.4g} {r['unit']}"
                             for _, r in short.iterrows())
        names_zh = "；".join(f"{r['label_zh']}缺口{r['shortfall']:,.4g} {r['unit']}"
                             for _, r in short.iterrows())
        en.append(f"{len(short['target'].unique())} of {len(ids)} targets cannot be met with the "
                  f"catalogue ({names_en}); the least-shortfall plan costs {cost_en}.")
        zh.append(f"现有措施库无法实现{len(ids)}项目标中的{len(short['target'].unique())}项"
                  f"（{names_zh}）；缺口最小方案{cost_zh}。")
    # 2. binding targets, prices, marginal measures
    bind = t[(t["status"] == "binding") & (t["shadow_price"].fillna(0) > 0)]
    bind = bind.sort_values("shadow_price", ascending=False).drop_duplicates("target")
    if len(bind):
        parts_en, parts_zh = [], []
        for _, r in bind.iterrows():
            mm = str(r.get("marginal_measure", "") or "")
            mz, me = res.measure_name(mm) if mm else ("", "")
            parts_en.append(f"{r['label_en']} at {r['shadow_price']:,.0f} {r['shadow_price_unit']}"
                            + (f" (set by {me})" if mm else "") + _price_extra_en(r))
            parts_zh.append(f"{r['label_zh']}{r['shadow_price']:,.0f}"
                            f"{_unit_zh(str(r['shadow_price_unit']))}"
                            + (f"（由{mz or mm}决定）" if mm else "") + _price_extra_zh(r))
        en.append(f"{len(bind)} targets bind and set the cost at the margin: "
                  + "; ".join(parts_en) + "; the others are met as a side effect.")
        zh.append(f"{len(bind)}项目标起约束作用并决定边际成本：" + "；".join(parts_zh)
                  + "；其余目标作为协同效益同时实现。")
    else:
        en.append("No target binds at a positive price: the measures chosen for their own "
                  "savings or for other reasons meet them all.")
        zh.append("没有目标以正的边际成本起约束作用。")
    # 3. where the money goes
    m = res.measures[res.measures["year"] == res.last_year]
    cost_col = "net" if "net" in m.columns else "annual_cost"
    if len(m) and m[cost_col].abs().sum() > 0:
        by_m = m.groupby("measure")[cost_col].sum().sort_values(ascending=False)
        top = [k for k in by_m.index[:3] if by_m[k] > 0]
        by_r = m.groupby("region")[cost_col].sum().sort_values(ascending=False)
        tot = float(m[cost_col].sum())
        r0 = by_r.index[0]
        share = float(by_r.iloc[0]) / tot if tot > 0 else math.nan
        rz, re = res.region_name(r0)
        en.append("The largest net costs are " + ", ".join(res.measure_name(k)[1] for k in top)
                  + f"; {re} carries {share:.0%} of the net cost."
                  if share == share else "The largest net costs are "
                  + ", ".join(res.measure_name(k)[1] for k in top) + ".")
        zh.append("净成本最大的措施为" + "、".join(res.measure_name(k)[0] or k for k in top)
                  + (f"；{rz or r0}承担净成本的{share:.0%}。" if share == share else "。"))
    else:
        en.append("No measure is needed.")
        zh.append("无需新增措施。")
    return zh, en


def evidence_lines(b: Briefing) -> tuple[list[str], list[str]]:
    """The evidence grade and the sensitivity interval as lines (zh, en)."""
    zh, en = [], []
    ev = b.evidence
    if ev is None:
        en.append("Evidence grade: unknown (the manifest has no estimate counts).")
        zh.append("证据等级：未知（清单未记录估算数据行数）。")
    else:
        est = ev.rows_estimate / ev.rows_with_status
        cal = ev.rows_calibrated / ev.rows_with_status
        en.append(f"Evidence grade {ev.grade}: {ev.share_rows:.0%} of the "
                  f"{ev.rows_with_status:,} sourced input rows behind this answer are estimates "
                  f"({est:.0%}) or calibrated to an outside total ({cal:.0%}) [{GRADE_RULE}].")
        zh.append(f"证据等级 {ev.grade}：本结果所依据的{ev.rows_with_status:,}行"
                  "有来源的输入数据中，"
                  f"{ev.share_rows:.0%}为估算值（{est:.0%}）或按外部总量校准（{cal:.0%}）"
                  f"［{GRADE_RULE_ZH}］。")
        if ev.gross_on_estimates is not None:
            en.append(f"{ev.gross_on_estimates:.0%} of the plan's gross outlay rests on measures "
                      "whose cost rows are estimates.")
            zh.append(f"方案支出的{ev.gross_on_estimates:.0%}来自成本数据为估算值的措施。")
    if b.sens is not None:
        iv = b.sens.interval("annual_cost")
        if iv is not None:
            lo, _median, hi, level = iv
            cov = f"{level:.0%} " if level == level else ""
            n = f" over {b.sens.samples:,} samples" if b.sens.samples else ""
            en.append(f"Sensitivity: the net annual cost lies between {_mcny(lo)} and "
                      f"{_mcny(hi)} million CNY/yr ({cov}interval{n}; {b.sens.folder}).")
            zh.append(f"敏感性分析：年化净成本在{_wan(lo)}万元至{_wan(hi)}万元/年之间"
                      f"（{cov}区间；{b.sens.folder}）。")
        else:
            en.append(f"Sensitivity: {b.sens.folder} holds no interval of annual_cost.")
            zh.append(f"敏感性分析：{b.sens.folder} 中无年化成本区间。")
        if b.sens.p_all is not None:  # a peakplan sensitivity folder (issue #15)
            p, lo, hi, n = b.sens.p_all
            en.append(f"Every target is met in {p:.0%} of {n:,} samples of the declared "
                      f"assumptions (95 % interval {lo:.0%}-{hi:.0%}); the cost interval is over "
                      "the samples that meet them.")
            zh.append(f"在所声明假设的{n:,}个样本中，{p:.0%}的样本全部目标达成（95%区间"
                      f"{lo:.0%}-{hi:.0%}）；成本区间仅针对全部达成的样本。")
        for fz, fe in b.sens.failures:
            en.append(fe)
            zh.append(fz)
    else:
        en.append("Sensitivity: no sensitivity results were given or found beside the run, so "
                  "no interval is stated.")
        zh.append("敏感性分析：未提供且未在结果旁找到敏感性分析结果，故未给出区间。")
    return zh, en


def marginal_table(b: Briefing) -> pd.DataFrame:
    """Per binding target row: ``target, label_zh, label_en, year, shadow_price,
    shadow_price_unit, marginal_measure, measure_zh, measure_en, family, cost_per_unit`` (the
    marginal measure's net cost per unit of the target at full potential, NaN without the
    re-derived scenario)."""
    from model.report.mac import mac_for_target

    t = b.res.targets
    rows = []
    for _, r in t[t["status"] == "binding"].iterrows():
        mm = str(r.get("marginal_measure", "") or "")
        cpu, fam = math.nan, ""
        if mm and b.full is not None and b.full.available:
            curve, _ = mac_for_target(b.res, b.full, r)
            hit = curve[curve["measure"] == mm]
            if len(hit):
                cpu, fam = float(hit["cost_per_unit"].iloc[0]), str(hit["family"].iloc[0])
        if not fam and mm:
            f = b.res.measures.loc[b.res.measures["measure"] == mm, "family"]
            fam = str(f.iloc[0]) if len(f) else ""
        zh, en = b.res.measure_name(mm) if mm else ("", "")
        rows.append({"target": r["target"], "label_zh": r["label_zh"],
                     "label_en": r["label_en"], "year": int(r["year"]),
                     "shadow_price": float(r["shadow_price"]),
                     "shadow_price_unit": r["shadow_price_unit"], "marginal_measure": mm,
                     "measure_zh": zh, "measure_en": en if mm else "", "family": fam,
                     "cost_per_unit": cpu})
    return pd.DataFrame(rows, columns=["target", "label_zh", "label_en", "year",
                                       "shadow_price", "shadow_price_unit", "marginal_measure",
                                       "measure_zh", "measure_en", "family", "cost_per_unit"])


# ------------------------------------------------------------------------------------------
# PDF

def _cover_figure(b: Briefing, lab):
    import textwrap

    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.27, 11.69), dpi=100)  # A4 portrait
    qz, qe = question(b)
    az, ae = answer(b)
    ez, ee = evidence_lines(b)
    zh_l, en_l = b.label
    y = 0.95

    def put(text: str, size: float, width: int, weight: str = "normal", gap: float = 0.01,
            cjk: bool = False) -> None:
        nonlocal y
        lines = []
        for para in text.split("\n"):
            if cjk:  # Chinese wraps by characters, about two columns each
                step = max(8, int(width * 0.56))
                lines += [para[i:i + step] for i in range(0, len(para), step)] or [""]
            else:
                lines += textwrap.wrap(para, width) or [""]
        for ln in lines:
            fig.text(0.07, y, ln, fontsize=size, weight=weight, va="top", ha="left")
            y -= size / 72 / 11.69 * 1.45
        y -= gap

    if lab.cjk and zh_l:
        put(zh_l, 15, 60, cjk=True)
    put(en_l, 13 if lab.cjk else 15, 75, gap=0.02)
    status = b.res.status
    put(f"{'结果 ' if lab.cjk else ''}Results: {b.res.folder}   "
        f"{'求解状态 ' if lab.cjk else ''}status: {status}   "
        f"{b.res.manifest.get('created_utc', '')}", 8, 110, gap=0.02)
    put(lab("问题", "Question"), 12, 80)
    if lab.cjk:
        put(qz, 10, 84, cjk=True)
    put(qe, 10, 95, gap=0.02)
    put(lab("回答", "Answer"), 12, 80)
    for i, (z, e) in enumerate(zip(az, ae, strict=True), start=1):
        if lab.cjk:
            put(f"{i}. {z}", 9.5, 88, cjk=True, gap=0.003)
        put(f"{i}. {e}", 9.5, 100, gap=0.012)
    y -= 0.01
    put(lab("证据", "Evidence"), 12, 80)
    for z, e in zip(ez, ee, strict=True):
        if lab.cjk:
            put(z, 9, 92, cjk=True, gap=0.003)
        put(e, 9, 105, gap=0.01)
    put(lab("本文件其余各页为图表；数据表见 report.xlsx。",
            "The following pages are the charts; every table is in report.xlsx."), 8.5, 110)
    return fig


def write_pdf(b: Briefing, pngs: list[Path], out: str | Path, lab) -> Path:
    """``briefing.pdf``: the cover (question, answer, evidence) then one page per chart.

    The charts are embedded as the PNGs the report wrote (one image per page, fitted to A4
    landscape or portrait by their shape), so the PDF shows exactly what the PNGs show; the
    cover's text is real text in the labeller's font (embedded, TrueType subset).
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.image import imread

    out = Path(out)
    with mpl.rc_context(lab.rc()), PdfPages(out, metadata={
            "Title": f"peakplan briefing: {b.label[1]}", "Creator": "peakplan"}) as pdf:
        pdf.savefig(_cover_figure(b, lab))
        for p in pngs:
            img = imread(p)
            h, w = img.shape[:2]
            size = (11.69, 8.27) if w >= h else (8.27, 11.69)
            fig = Figure(figsize=size, dpi=100)
            ax = fig.add_axes((0.03, 0.03, 0.94, 0.94))
            ax.imshow(img, interpolation="antialiased")
            ax.set_axis_off()
            pdf.savefig(fig)
    return out
