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
from typing import TYPE_CHECKING

import pandas as pd

from model.fmt import million, plain, wan_yi
from model.report import after_targets
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
from model.report.labels import accounting_sentence, printed_units, view_label, words
from model.report.pdf import Doc
from model.report.tables import GROUP_LABELS, Results, read_results

if TYPE_CHECKING:  # model.report.full_potential_mac is imported when a briefing is built
    from model.report.full_potential_mac import FullPotential


@dataclass(frozen=True)
class Briefing:
    """Everything the briefing outputs of one run read (module docstring)."""

    res: Results
    meta: ScenarioMeta
    cat: CatalogueSources
    evidence: Evidence | None
    sens: Sensitivity | None
    full: FullPotential

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
    from model.report.full_potential_mac import FullPotential, derive_full

    res = read_results(results_dir)
    cat = catalogue_sources(res)
    sens: Sensitivity | None
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

    return million(v)


def _wan(v: float) -> str:
    """万元/亿元 without the unit's 元 doubled: ``2.20亿`` / ``4,289万``."""

    return wan_yi(v)[:-1]


def _unit_zh(unit: str) -> str:
    import re

    unit = re.sub(r" \(dual: costs (\d{4})-(\d{4}) valued in (\d{4})\)",
                  r"（对偶价格：\1-\2年成本折至\3年）", unit)
    unit = re.sub(r" \(dual: costs of (\d{4})\)", r"（对偶价格：\1年成本）", unit)
    unit = unit.replace("/yr annualised", "/年（年化）")
    unit = (unit.replace("CNY/percentage point", "元/百分点").replace("CNY/t CO2", "元/吨二氧化碳")
            .replace("CNY/tce", "元/吨标准煤").replace("CNY/t", "元/吨"))
    # any other price unit (the PM2.5 dual's CNY/(ug/m3)): 元 and the unit as printed, so
    # that the price is written in 万元/亿元 like every other (the cover printed 45,422,042CNY)
    return printed_units(re.sub(r"^CNY/", "元/", unit))


def price_zh(value: float, unit: str) -> str:
    """A price in Chinese text: ``4,542万元/(μg/m³)``, ``3,856元/吨`` (万元/亿元 from 10^4 CNY;
    ``unit`` an English price unit, :func:`_unit_zh`)."""
    uz = _unit_zh(unit)
    return wan_yi(value) + uz[1:] if uz.startswith("元") else f"{value:,.0f}{uz}"


def _short(r) -> str:
    """A target row's shortfall with its unit (fractions in percentage points)."""

    if r["unit"] == "fraction":
        return f"{plain(100 * float(r['shortfall']))} pp"
    return f"{plain(float(r['shortfall']))} {printed_units(str(r['unit']))}"


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
        out += f"，{price_zh(ann, str(r.get('annualised_price_unit', '')))}"
    note = r.get("price_note")
    if isinstance(note, str) and note:
        out += "（措施库已用尽 catalogue exhausted）"
    return out


#: more binding targets than this are listed in a table under the answer, not in its sentence
PROSE_PRICES_MAX = 4


def price_rows(b: Briefing) -> tuple[str, list[list[str]]]:
    """(caption, rows) of the cover's "Prices at the margin" table when more than
    :data:`PROSE_PRICES_MAX` targets bind at a positive price, else ("", []).

    One row per binding target, highest dual first: label (zh en), year, the dual in 万元/亿元
    per unit (the basis, "costs 2025-2035 valued in 2025", said once in the caption when every
    row shares it), the annualised price (a pathway; "—" when it equals the dual), the measure at
    the margin ("catalogue exhausted" for a frontier price, :mod:`model.prices`)."""
    import re

    t = b.res.targets
    bind = t[(t["status"] == "binding") & (t["shadow_price"].fillna(0) > 0)]
    bind = bind.sort_values("shadow_price", ascending=False).drop_duplicates("target")
    if len(bind) <= PROSE_PRICES_MAX:
        return "", []
    dual = re.compile(r" \(dual[^)]*\)")
    basis = {m.group(0) if (m := dual.search(str(u))) else "" for u in bind["shadow_price_unit"]}
    common = basis.pop() if len(basis) == 1 else ""
    # per-year bases ("costs 2025-2035 valued in 2025", "... 2030-2035 ... 2030") are one rule
    # read with the row's year: said once in the caption, not in every cell
    per_year = not common and all(basis)
    rows = []
    for _, r in bind.iterrows():
        unit = dual.sub("", str(r["shadow_price_unit"]))
        ann = _annualised(r)
        mm = str(r.get("marginal_measure", "") or "")
        mz, me = b.res.measure_name(mm) if mm else ("", "")
        note = r.get("price_note")
        who = f"{mz} {me}".strip() if mm else "—"
        if isinstance(note, str) and note:
            who += "（措施库已用尽 catalogue exhausted）"
        rows.append([f"{r['label_zh']} {r['label_en']}", str(int(r["year"])),
                     price_zh(float(r["shadow_price"]), unit),
                     # "（年化）" left to the column's header: the cell's unit run
                     # "万元/(μg/m³)/年" cannot break and split at the column's edge
                     price_zh(ann, str(r.get("annualised_price_unit", ""))).replace(
                         "（年化）", "") if ann is not None else "—", who])
    cap = "边际成本 Prices at the margin"
    if common:
        cap += f"（{_unit_zh(common).strip('（）')}; {common.strip(' ()')}）"
    elif per_year:
        last = int(b.res.last_year)
        cap += (f"（对偶价格：目标年份至{last}年的成本折至目标年份; dual: the costs of the "
                f"target's year to {last} valued in that year）")
    return cap, rows


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


def pathway_sentence(manifest: dict, base_year: int | None = None) -> tuple[str, str]:
    """(zh, en) sentence of a pathway run's CO2 peak and discounted cost, from the manifest's
    ``pathway`` block (:mod:`model.results`; the peak as the run counts it: the highest year of
    CO2 under the run's accounting view) and ``solver.pv_cost_cny`` (discounted to
    ``base_year``); ("", "") for a one-year run. The cost of the plan's later years is in its
    present value, not in the last year's annual cost the first sentence states."""
    p = manifest.get("pathway") or {}
    if not p or p.get("peak_year") is None:
        return "", ""
    s = manifest.get("solver") or {}
    pv, last = s.get("pv_cost_cny"), p.get("last_year")
    base = base_year
    mt_peak, mt_last = p["peak_co2_t"] / 1e6, p["last_co2_t"] / 1e6
    if p.get("peaks_within_horizon"):
        en = (f"CO2 peaks in {p['peak_year']} at {mt_peak:.2f} Mt and is {mt_last:.2f} Mt in "
              f"{last}")
        zh = (f"二氧化碳排放于{p['peak_year']}年达峰（{mt_peak:.2f}百万吨），"
              f"{last}年为{mt_last:.2f}百万吨")
    else:
        en = (f"CO2 is still rising in {last} ({mt_last:.2f} Mt): no peak within the horizon "
              "under this plan")
        zh = f"二氧化碳排放至{last}年仍在上升（{mt_last:.2f}百万吨），本方案期内未达峰"
    if pv is not None:
        span = f"{base}-{last}" if base else f"to {last}"
        en += f"; discounted net cost {span}: {_mcny(pv)} million CNY"
        zh += f"；{span.replace('to ', '至')}折现净成本{_wan(pv)}元"
    return zh + "。", en + "."


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
    cost_zh = f"{year}年净成本{_wan(net)}元/年" if net is not None else "成本未知"
    if gross is not None and sav is not None and net is not None:
        cost_en += (f" (gross outlay {_mcny(gross)} million less savings {_mcny(sav)} million; "
                    "constant 2020 prices)")
        cost_zh += f"（支出{_wan(gross)}元减节省{_wan(sav)}元，2020年不变价）"
    if res.status == "optimal" and short.empty:
        en.append(f"All {len(ids)} targets can be met, at {cost_en}.")
        zh.append(f"全部{len(ids)}项目标均可实现，{cost_zh}。")
        p_zh, p_en = pathway_sentence(res.manifest, int(res.emissions["year"].min())
                                      if len(res.emissions) else None)
        # a peak needs a path: a one-year run (base year and one model year) has none, and
        # its cover said "CO2 is still rising in 2025: no peak within the horizon"
        if p_en and res.emissions["year"].nunique() > 2:
            zh.append(p_zh)
            en.append(p_en)
        # a quantity held at its target only in the target years (report/after_targets)
        u_zh, u_en = after_targets.sentences(after_targets.unheld(
            t, res.emissions, res.extra.get("pathway.csv"),
            str(res.manifest.get("city", "")), res.scenario))
        zh += u_zh
        en += u_en
    else:
        names_en = "; ".join(f"{r['label_en']} short by {_short(r)}"
                             for _, r in short.iterrows())
        names_zh = "；".join(f"{r['label_zh']}缺口{_short(r)}" for _, r in short.iterrows())
        en.append(f"{len(short['target'].unique())} of {len(ids)} targets cannot be met with the "
                  f"catalogue ({names_en}); the least-shortfall plan costs {cost_en}.")
        zh.append(f"现有措施库无法实现{len(ids)}项目标中的{len(short['target'].unique())}项"
                  f"（{names_zh}）；缺口最小方案{cost_zh}。")
    # 2. binding targets, prices, marginal measures
    bind = t[(t["status"] == "binding") & (t["shadow_price"].fillna(0) > 0)]
    bind = bind.sort_values("shadow_price", ascending=False).drop_duplicates("target")
    if len(bind):
        import re


        # the prices' basis ("dual: costs of 2025") said once when every price shares it
        basis = {m.group(0) if (m := re.search(r" \(dual[^)]*\)", str(u))) else ""
                 for u in bind["shadow_price_unit"]}
        common = basis.pop() if len(basis) == 1 else ""
        parts_en, parts_zh = [], []
        for _, r in bind.iterrows():
            mm = str(r.get("marginal_measure", "") or "")
            mz, me = res.measure_name(mm) if mm else ("", "")
            unit = str(r["shadow_price_unit"]).replace(common, "") if common else \
                str(r["shadow_price_unit"])
            pz = price_zh(float(r["shadow_price"]), unit)
            parts_en.append(f"{r['label_en']}: {r['shadow_price']:,.0f} {unit}"
                            + (f" (set by {me})" if mm else "") + _price_extra_en(r))
            # the label and its price set apart ("下降不少于3.5%：5,277万元/吨"): a label
            # ending in a figure must not run into the price (read as one number)
            parts_zh.append(f"{r['label_zh']}：{pz}"
                            + (f"（由{mz or mm}决定）" if mm else "") + _price_extra_zh(r))
        if len(bind) > PROSE_PRICES_MAX:  # a list a reader can scan, not a paragraph of prices
            parts_en = ["each price, its annualised form and the measure that sets it are in "
                        "the table 'Prices at the margin' below"]
            parts_zh = ["各项价格、年化价格及决定价格的措施见下方“边际成本”表"]
        en.append(f"{len(bind)} targets bind and set the cost at the margin"
                  + (f" ({common.strip(' ()').replace('dual:', 'duals,')})" if common else "")
                  + ": "
                  + "; ".join(parts_en) + "; the others are met as a side effect.")
        zh.append(f"{len(bind)}项目标起约束作用并决定边际成本"
                  + (f"（{_unit_zh(common).strip('（）')}）" if common else "") + "："
                  + "；".join(parts_zh) + "；其余目标作为协同效益同时实现。")
    elif res.status not in ("optimal", "unknown"):
        # an infeasible set has no marginal costs: its plan is the least-shortfall one
        en.append("No marginal cost is stated: the targets cannot all be met, so the plan is the "
                  "least-shortfall one and its rows have no shadow prices (a feasible variant, "
                  "e.g. without the targets short, gives them).")
        zh.append("目标无法全部实现，方案为缺口最小方案，各目标无边际成本（影子价格）；"
                  "去掉未达成目标的可行方案可给出边际成本。")
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
        rz, r_en = res.region_name(r0)
        en.append("The largest net costs are " + ", ".join(res.measure_name(k)[1] for k in top)
                  + f"; {r_en} carries {share:.0%} of the net cost."
                  if share == share else "The largest net costs are "
                  + ", ".join(res.measure_name(k)[1] for k in top) + ".")
        zh.append("净成本最大的措施为" + "、".join(res.measure_name(k)[0] or k for k in top)
                  + (f"；{rz or r0}承担净成本的{share:.0%}。" if share == share else "。"))
    else:
        en.append("No measure is needed.")
        zh.append("无需新增措施。")
    names = target_names(b, 1)
    return [printed_units(z) for z in zh], [words(e, names) for e in en]


def target_names(b: Briefing, lang: int = 1) -> dict[str, str]:
    """Target id -> its label from targets.csv (``lang`` 0 Chinese, 1 English): how an id in a
    sentence written by another module (the views' answer) reaches the reader."""
    t = b.res.targets.drop_duplicates("target")
    col = ("label_zh", "label_en")[lang]
    return {str(r["target"]): str(r[col]) or str(r["target"]) for _, r in t.iterrows()}


def view_lines(b: Briefing) -> tuple[list[str], list[str]]:
    """The accounting view the answer rests on, as lines (zh, en): the run's rule (manifest
    ``accounting``, in words: :func:`model.report.labels.accounting_sentence`) and, when the
    run solved every view (:mod:`model.views`), the views under which every target is met and
    those short of one, each target and view by its label (never its id). Empty when the
    manifest has neither."""
    m = b.res.manifest
    acc = str(m.get("accounting") or "")
    info = m.get("views") or {}
    views = info.get("views") or []
    zh, en = [], []
    if acc:
        az, ae = accounting_sentence(acc)
        en.append(f"The figures above count CO2 and energy as follows: {ae}.")
        zh.append(f"以上数字的二氧化碳与能耗核算口径：{az}。")
    if views:
        ok = [v["view"] for v in views if v.get("status") == "optimal"]
        bad = [v for v in views if v.get("status") != "optimal"]
        run = next((v["view"] for v in views if v.get("this_run")), "")
        names_zh = target_names(b, 0)
        vz = {v["view"]: view_label(v["view"])[0] for v in views}
        if bad:
            def short(v) -> str:
                ids = str(v.get("shortfall_targets") or "").split()
                return "、".join(names_zh.get(i, i) for i in ids) or str(v.get("status"))

            zh.append((f"仅当按{'、'.join(vz[o] for o in ok)}计算时全部目标可实现"
                       f"（本次为{vz.get(run, run)}）；" if ok
                       else "任一口径下均无法实现全部目标；")
                      + "在以下口径下无法实现：" + "；".join(
                          f"{vz[v['view']]}（未实现：{short(v)}）" for v in bad)
                      + "。各口径逐一求解，见 report.xlsx。")
        else:
            zh.append(f"在全部{len(views)}种核算口径下全部目标均可实现"
                      f"（本次为{vz.get(run, run)}）。")
        # labels in quotes: they hold commas of their own, and the sentence lists them
        quoted = {k: f"“{v}”" for k, v in target_names(b, 1).items()}
        en.append(words(str(info.get("answer", "")), quoted)
                  + " Each view is solved on its own (report.xlsx).")
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
    sz, se = sensitivity_lines(b)
    return zh + sz, en + se


def _target_label(b: Briefing, target: str) -> tuple[str, str, str]:
    """(zh, en, unit) of a target id from the run's targets.csv (the id itself if absent)."""
    t = b.res.targets[b.res.targets["target"] == target]
    if t.empty:
        return target, target, ""
    r = t.iloc[0]
    unit = "pp" if r["unit"] == "fraction" else str(r["unit"])
    return str(r["label_zh"]) or target, str(r["label_en"]) or target, unit


def sensitivity_lines(b: Briefing) -> tuple[list[str], list[str]]:
    """What the sensitivity folder says, as lines (zh, en): where it comes from, the interval
    of the annual net cost (over the samples where every target can be met), and the failure
    sentence (how often the targets cannot all be met, which target is missed most often and
    by how much). The probability of each target is :func:`probability_rows`."""
    s = b.sens
    if s is None:
        return (["敏感性分析：未提供且未在结果中找到敏感性分析（peakplan sensitivity），"
                 "故未给出区间。"],
                ["Sensitivity: no sensitivity results were given or found in the run folder "
                 "(peakplan sensitivity writes results/<run>/sensitivity-<method>), so no "
                 "interval is stated."])
    zh, en = [], []
    what = f"{s.method or 'sensitivity'}, {s.mode or 'mode not said'}"
    n = f"{s.samples:,} samples" if s.samples else "samples not counted"
    other = s.scenario and s.scenario != b.res.scenario
    en.append(f"Sensitivity ({what}, {n}; {s.folder.name})"
              + (f" analysed scenario {s.scenario}, not this run's {b.res.scenario}."
                 if other else "."))
    zh.append(f"敏感性分析（{what}，{s.samples or '?'}个样本；{s.folder.name}）"
              + (f"针对情景 {s.scenario}，并非本次运行的 {b.res.scenario}。" if other else "。"))
    iv = s.interval("annual_cost")
    if iv is not None:
        lo, med, hi, level = iv
        cov = f"{level:.0%}" if level == level else "stated"
        used = s.used("annual_cost")
        among = (f" over the {used[0]:,} of {used[1]:,} samples with a plan" if used and
                 used[0] != used[1] else "")
        among_zh = (f"（仅计{used[1]:,}个样本中有可行方案的{used[0]:,}个）"
                    if used and used[0] != used[1] else "")
        mid = f", median {_mcny(med)}" if med == med else ""
        en.append(f"The net annual cost lies between {_mcny(lo)} and {_mcny(hi)} million "
                  f"CNY/yr{mid} ({cov} interval{among}).")
        zh.append(f"年化净成本在{_wan(lo)}元至{_wan(hi)}元/年之间"
                  + (f"，中位数{_wan(med)}元/年" if med == med else "")
                  + f"（{cov}区间{among_zh}）。")
    else:
        if s.method == "morris":
            en.append(f"{s.folder.name} is a Morris screening run: it ranks the inputs and "
                      "states no interval or probability (those need a probability sample: "
                      "sobol, fast, delta).")
            zh.append(f"{s.folder.name} 为Morris筛选分析：仅对输入排序，不给出区间或概率"
                      "（需概率抽样：sobol、fast、delta）。")
        else:
            en.append(f"{s.folder.name} holds no interval of the annual net cost.")
            zh.append(f"{s.folder.name} 中无年化净成本区间。")
    fz, fe = failure_sentence(b)
    if fe:
        zh.append(fz)
        en.append(fe)
    for fz, fe in s.failures:  # where the plan fails (PRIM boxes)
        zh.append(fz)
        en.append(fe)
    return zh, en


def failure_sentence(b: Briefing) -> tuple[str, str]:
    """How often the targets fail under the sensitivity samples (zh, en); empty without
    probabilities."""
    s = b.sens
    if s is None or s.probabilities is None or s.probabilities.empty:
        return "", ""
    p = s.probabilities
    every = p[p["target"] == "every target"]
    each = p[p["target"] != "every target"]
    if every.empty:
        return "", ""
    r = every.iloc[0]
    n = int(r["n"]) if "n" in p.columns and r["n"] == r["n"] else (s.samples or 0)
    fail, lo, hi = 1 - r["p_met"], 1 - r["high95"], 1 - r["low95"]
    plan = ("the central plan" if s.mode == "fixed-plan" else "a least-cost plan")
    if fail <= 0:
        return (f"全部{n:,}个样本中每项目标均可实现（未实现概率的95%区间上限为{hi:.0%}）。",
                f"Every target was met in all {n:,} samples ({plan}); the 95 % interval of "
                f"the chance of failing reaches {hi:.0%}.")
    worst = each.sort_values("p_met").iloc[0] if len(each) else None
    tz = te = ""
    if worst is not None and worst["p_met"] < 1:
        lz, le, unit = _target_label(b, str(worst["target"]))
        short = worst.get("mean_shortfall_when_missed", float("nan"))
        scale = 100.0 if unit == "pp" else 1.0
        sh = f"{short * scale:,.3g} {unit}" if short == short else ""
        te = (f"; the target missed most often is {le} (met in {worst['p_met']:.0%} of "
              f"samples" + (f", short by {sh} on average when missed" if sh else "") + ")")
        tz = (f"；最常未实现的是{lz}（{worst['p_met']:.0%}的样本实现"
              + (f"，未实现时平均缺口{sh}" if sh else "") + "）")
    return (f"在{fail:.0%}的样本中（95%区间{lo:.0%}–{hi:.0%}，共{n:,}个），"
            f"{'核心方案' if s.mode == 'fixed-plan' else '措施库'}无法实现全部目标{tz}。",
            f"In {fail:.0%} of the {n:,} samples (95 % interval {lo:.0%}-{hi:.0%}) {plan} "
            f"cannot meet every target{te}.")


def probability_rows(b: Briefing) -> list[list[str]]:
    """Per target: [zh label, en label, P(met), 95 % interval] from the sensitivity folder."""
    s = b.sens
    if s is None or s.probabilities is None:
        return []
    rows = []
    for _, r in s.probabilities.iterrows():
        if r["target"] == "every target":
            zh, en = "全部目标", "Every target"
        else:
            zh, en, _ = _target_label(b, str(r["target"]))
        rows.append([zh, en, f"{r['p_met']:.0%}", f"{r['low95']:.0%}–{r['high95']:.0%}"])
    return rows


def marginal_table(b: Briefing) -> pd.DataFrame:
    """Per binding target row: ``target, label_zh, label_en, year, shadow_price,
    shadow_price_unit, marginal_measure, measure_zh, measure_en, family, cost_per_unit`` (the
    marginal measure's net cost per unit of the target at full potential, NaN without the
    re-derived scenario)."""
    from model.report.full_potential_mac import mac_for_target

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

#: Headings of the chart pages by file stem (MAC charts: the target's label).
CHART_TITLES = {
    "targets": ("目标：要求值与实现值", "Targets: required vs achieved"),
    "targets_later": ("目标（后续年份）：要求值与实现值",
                      "Targets of later years: required vs achieved"),
    "costs": ("各类措施的年化成本", "Annual cost by measure family"),
    "counties": ("分区县成本与减排", "Costs and reductions by county"),
    "pathway": ("二氧化碳排放路径", "CO2 pathway"),
    "wedges": ("减排楔形图", "Wedges against business as usual"),
    "costs_by_year": ("逐年成本", "Costs by year"),
}


def chart_title(b: Briefing, stem: str) -> tuple[str, str]:
    """(zh, en) heading of a chart page from its file stem."""
    if stem in CHART_TITLES:
        return CHART_TITLES[stem]
    if stem.startswith("emissions_"):

        gz, ge = GROUP_LABELS.get(stem[len("emissions_"):], ("排放", "Emissions"))
        return (f"{gz}：基准与规划情景", f"{ge}: baseline vs plan")
    if stem.startswith("mac_"):
        t = b.res.targets
        for tid in dict.fromkeys(t["target"]):
            if "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(tid)) == stem[4:]:
                zh, en, _ = _target_label(b, str(tid))
                return (f"{zh}：边际减排成本曲线", f"{en}: marginal abatement cost curve")
    return ("", stem)


def write_pdf(b: Briefing, pngs: list[Path], out: str | Path, lab, vector=None) -> Path:
    """``briefing.pdf``: the cover (question, answer, accounting view, evidence, sensitivity
    with the probability of each target) laid out by reportlab, then one page per chart, each the
    chart's vector page of ``vector`` (:class:`model.report.vector.VectorCharts`; charts it
    does not hold are left out) placed in the frame.

    Chinese text is shown when the labeller has a CJK font (:mod:`model.report.fonts`), and in
    the PDF's text also without one (reportlab's built-in CID font); the charts then carry
    English labels only.
    """

    zh_l, en_l = b.label
    doc = Doc(title=f"peakplan briefing: {en_l}", footer=f"peakplan · {en_l}")
    both = True  # the PDF's text always has a Chinese face (a CID font at worst)
    if zh_l and both:
        doc.para(zh_l, "title")
    doc.para(en_l, "subtitle" if zh_l else "title")
    created = b.res.manifest.get("created_utc", "")
    doc.para(f"结果 Results: {b.res.folder.name}   求解状态 Status: {b.res.status}   "
             f"{created}", "small")
    doc.para("本页之后为图表（矢量图，文字可选取）；数据表见 report.xlsx。"
             "The charts follow this summary (vector graphics, text selectable); every table "
             "is in report.xlsx.", "small")
    qz, qe = question(b)
    doc.heading("问题 Question")
    doc.para(qz)
    doc.para(qe)
    az, ae = answer(b)
    doc.heading("回答 Answer")
    for i, (z, e) in enumerate(zip(az, ae, strict=True), start=1):
        doc.para(f"{i}. {z}")
        doc.para(f"{i}. {e}")
    cap, prows = price_rows(b)
    if prows:
        doc.space(1)
        doc.para(cap, "h")
        if all(r[3] == "—" for r in prows):  # a one-year run: the annualised is the dual
            doc.table(["目标 Target", "年 Year", "影子价格 Dual",
                       "边际措施 Measure at the margin"], [r[:3] + r[4:] for r in prows],
                      [0.40, 0.07, 0.19, 0.34], align_right=(1, 2))
        else:
            doc.table(["目标 Target", "年 Year", "影子价格 Dual", "年化 Annualised",
                       "边际措施 Measure at the margin"], prows, [0.33, 0.07, 0.17, 0.19, 0.24],
                      align_right=(1, 2, 3))
    vz, ve = view_lines(b)
    if ve:
        doc.heading("核算口径 Accounting view")
        for z, e in zip(vz, ve, strict=True):
            doc.para(z)
            doc.para(e)
    ez, ee = evidence_lines(b)
    doc.heading("证据与不确定性 Evidence and uncertainty")
    for z, e in zip(ez, ee, strict=True):
        doc.para(z)
        doc.para(e)
    rows = probability_rows(b)
    if rows:
        doc.space(1)
        doc.para("各项目标实现的概率 Probability each target is met "
                 "(Wilson 95 % interval)", "h")
        doc.table(["目标", "Target", "P(met)", "95 %"], rows, [0.34, 0.40, 0.10, 0.16],
                  align_right=(2, 3))
    from model.report.mac_reasons import left_out_line

    # MAC charts with nothing to show (met by the baseline at a zero price), named in one line
    gone = left_out_line(lambda z, e: f"{z} {e}", getattr(pngs, "left_out", []))
    if gone:
        doc.para(gone, "small")
    n = 0
    for png in pngs:
        stem = Path(png).stem
        if vector is None or stem not in vector.pages:
            continue
        if stem.endswith(".measures"):  # a MAC chart's list of measures: the same figure
            # (a short heading: the page's own title names the target; a three-line heading
            # pushed the page-high list onto the next page)
            doc.chart(f"图{n}（续）曲线上的措施  Figure {n} (continued): the measures of the "
                      "curve", vector.path, vector.pages[stem])
            continue
        n += 1
        tz, te = chart_title(b, stem)
        doc.chart(f"图{n} {tz}  Figure {n}: {te}" if tz else f"Figure {n}: {te}",
                  vector.path, vector.pages[stem])
    return doc.build(out)
