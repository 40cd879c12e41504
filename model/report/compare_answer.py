"""The comparison's answer in two sentences, Chinese and English (:func:`answer`): what
differs between the runs' inputs and what it did to the answer — the cost difference on a
stated basis, the targets met in each run, the targets whose requirement changed, the largest
change of a measure chosen and of a binding shadow price (a dual at the frontier, not an
annualised cost). Every figure is read from the tables of :func:`model.report.compare_data.compare`;
nothing is recomputed here.

Cost basis (:func:`cost_basis`): runs that are all pathways compare their discounted net cost
(``pv_cost``, CNY, base year of the manifests); runs that are all single-year compare the
annual net cost of their year (``annual_cost``, CNY/yr); a single-year run beside a pathway
compares the net cost of the last year they share (``annual_cost_<year>``, CNY/yr, from
costs_by_year.csv).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.fmt import plain, wan_yi
from model.report.compare_data import Comparison, is_pathway, run_years
from model.report.tables import STATUS_LABELS

#: a target is unmet in a run when its shortfall exceeds this share of its requirement
UNMET_REL = 1e-6
#: differences below these are no change (CNY, units of a level, units of a price)
COST_EPS = 0.5
LEVEL_EPS = 1e-6
PRICE_EPS = 1e-6
#: how many differing input keys the sentence names before "and N more"
MAX_KEYS = 3


@dataclass(frozen=True)
class CostBasis:
    """Which row of the cost table the answer compares: ``item`` (a row of ``total_cost``),
    its unit and its name in Chinese and English."""

    item: str
    unit: str
    zh: str
    en: str


def cost_basis(cmp: Comparison) -> CostBasis:
    """The cost row the answer compares (module docstring)."""
    res = cmp.results
    if cmp.common_years is not None:
        y = int(cmp.common_years[-1])
        return CostBasis(f"annual_cost_{y}", "CNY/yr", f"{y}年的年净成本（各运行同一年）",
                         f"net cost of {y} (the year the runs share)")
    if all(is_pathway(r) for r in res):
        ys = run_years(res[0])
        base = res[0].solver.get("pv_base_year", "")
        return CostBasis("pv_cost", "CNY",
                         f"{ys[0]}-{ys[-1]}年净成本折现值（基准年{base}）",
                         f"discounted net cost {ys[0]}-{ys[-1]} (PV, base year {base})")
    yrs = run_years(res[0])
    last = res[0].solver.get("annual_cost_year") or (str(yrs[-1]) if yrs else "")
    return CostBasis("annual_cost", "CNY/yr", f"{last}年年化净成本",
                     f"annual net cost of {last}")


def _money_zh(v: float, signed: bool = False) -> str:
    text = wan_yi(v)
    return ("+" + text) if signed and v > 0 else text


def _money_en(v: float, signed: bool = False) -> str:
    if v != v:
        return "n/a"
    return (f"{v:+,.0f}" if signed else f"{v:,.0f}") + f" CNY ({_money_zh(v, signed)})"


def _value(v: float, unit: str) -> str:
    """A target's figure: a fraction as %, else the number with its unit."""
    if v != v:
        return "n/a"
    if unit == "fraction":
        return f"{plain(v * 100)}%"  # no space: "13 %" split over two lines (a no-break
        # space does not hold: reportlab and str.split() take it for a space)
    return f"{plain(v)} {unit}".strip()


#: names of the scenario keys a reader sees in a comparison (the dotted key stays beside
#: them: it is what a planner writes with --set)
KEY_NAMES = {"value": ("目标值", "value"), "enabled": ("启用", "enabled"),
             "year": ("年份", "year"), "years": ("模型年份", "model years"),
             "gdp_real_growth": ("GDP实际增速", "real GDP growth"),
             "discount_rate": ("折现率", "discount rate")}


def key_label(cmp: Comparison, key: str) -> tuple[str, str]:
    """(zh, en) reader's name of a composed-scenario key: a target's by its label
    (``targets.energy_intensity.value`` -> 单位国内生产总值能耗比2020年下降：目标值), other keys
    by :data:`KEY_NAMES` of their parts; the key itself where nothing names it."""
    parts = key.split(".")
    labels: dict[str, tuple[str, str]] = {}
    for r in cmp.results:
        t = r.targets
        if not t.empty and {"target", "label_zh", "label_en"} <= set(t.columns):
            for _, row in t.drop_duplicates("target").iterrows():
                labels.setdefault(str(row["target"]),
                                  (str(row["label_zh"]), str(row["label_en"])))
    if parts[0] == "targets" and len(parts) >= 2 and parts[1] in labels:
        zh, en = labels[parts[1]]
        fz, fe = KEY_NAMES.get(parts[-1], (parts[-1], parts[-1])) if len(parts) > 2 else ("", "")
        return (f"{zh}：{fz}" if fz else zh), (f"{en}: {fe}" if fe else en)
    named = [KEY_NAMES[p] for p in parts if p in KEY_NAMES]
    years = [p for p in parts if p.isdigit() and len(p) == 4]
    if named:
        zh = "".join(n[0] for n in named[:1]) + (f"（{years[0]}年）" if years else "")
        en = named[0][1] + (f" ({years[0]})" if years else "")
        return zh, en
    return key, key


def _inputs(cmp: Comparison, k: str) -> tuple[str, str]:
    inp = cmp.inputs[cmp.inputs["run"] == k]
    vals = inp[inp["kind"] == "scenario value"]
    items: list[tuple[str, str]] = []  # (zh, en), each naming the key (key_label)
    for _, r in vals.iterrows():
        if str(r["note"]).startswith("not compared"):
            items.append(("（情景值未比较）", "(scenario values not compared)"))
            continue
        ref, val = str(r["reference"]), str(r["value"])
        lz, le = key_label(cmp, str(r["item"]))
        key = f" ({r['item']})" if lz != str(r["item"]) else ""
        change = f" {ref or '—'} → {val or '—'}" if len(ref) <= 24 and len(val) <= 24 else ""
        items.append((f"{lz}{key}{change}", f"{le}{key}{change}"))
    # values changed in both runs first, then keys whose text changed (a target's source
    # sentence), then keys only one run has (a pathway's later years beside a single year)
    order = {i: (("—" in s[1]) * 2 + ("→" not in s[1])) for i, s in enumerate(items)}
    items = [items[i] for i in sorted(order, key=lambda i: (order[i], i))]
    items += [(str(o), str(o)) for o in inp.loc[inp["kind"] == "override", "item"]
              if not any(str(o).split("=", 1)[0] in s[1] for s in items)]
    files = list(inp.loc[inp["kind"] == "input file", "item"])
    if not items and not files:
        return "输入相同", "the same inputs"
    more = len(items) - MAX_KEYS
    zh = "；".join(i[0] for i in items[:MAX_KEYS]) + (f" 等{len(items)}项" if more > 0 else "")
    en = "; ".join(i[1] for i in items[:MAX_KEYS]) + (f" and {more} more" if more > 0 else "")
    shown = en
    if files:
        zh += ("；" if shown else "") + f"{len(files)}个输入文件不同"
        en += ("; " if shown else "") + f"{len(files)} input file(s) differ"
    return zh, en


def _cost(cmp: Comparison, k: str) -> tuple[str, str]:
    basis = cost_basis(cmp)
    tc = cmp.total_cost.set_index("item")
    if basis.item not in tc.index:
        return f"{basis.zh}无数据", f"no {basis.en} to compare"
    a, b, d = (float(tc.loc[basis.item, c]) for c in ("a", k, f"diff_{k}"))
    if abs(d) < COST_EPS:
        return (f"{basis.zh}不变（均为{_money_zh(a)}，{a:,.0f}元）",
                f"the {basis.en} is unchanged ({_money_en(a)} in both)")
    return (f"{basis.zh}由{_money_zh(a)}变为{_money_zh(b)}，变化{_money_zh(d, True)}"
            f"（{d:+,.0f}元）",
            f"the {basis.en} goes from {_money_en(a)} to {_money_en(b)}, "
            f"{_money_en(d, True)}")


def _co2(cmp: Comparison, k: str) -> tuple[str, str]:
    """The city's CO2 of the last year the emissions table compares (plan case)."""
    em = cmp.emissions
    co2 = em[(em["region"] == cmp.results[0].city) & (em["variable"] == "Emissions|CO2")
             & (em["case"] == "scenario")]
    if not len(co2):
        return "", ""
    r = co2.sort_values("year").iloc[-1]
    y, a, b, d = int(r["year"]), r["value_a"], r[f"value_{k}"], r[f"value_diff_{k}"]
    if d != d or abs(d) < 0.5:
        return (f"{y}年城市二氧化碳排放不变（{plain(a)} t）",
                f"the city's CO2 of {y} is unchanged ({plain(a)} t)")
    return (f"{y}年城市二氧化碳排放{plain(a)} → {plain(b)} t（{d:+,.0f} t）",
            f"the city's CO2 of {y} goes from {plain(a)} to {plain(b)} t ({d:+,.0f} t)")


def _met(tg: pd.DataFrame, k: str) -> tuple[int, int, list[str]]:
    """(met, compared, labels of the unmet) of run k: a target is met when its shortfall is
    at most UNMET_REL of its requirement."""
    rows = tg[tg[f"required_{k}"].notna()]
    unmet = [f"{r['label_en']} ({int(r['year'])})" for _, r in rows.iterrows()
             if float(r[f"shortfall_{k}"] or 0) > UNMET_REL * max(1.0, abs(r[f"required_{k}"]))]
    return len(rows) - len(unmet), len(rows), unmet


def _targets(cmp: Comparison, k: str) -> tuple[str, str]:
    tg = cmp.targets
    zh, en = [], []
    for key in ("a", k):
        met, n, unmet = _met(tg, key)
        zh.append(f"运行{key}达成{met}/{n}项目标" + (f"（未达成：{'、'.join(unmet[:3])}）"
                                                  if unmet else ""))
        en.append(f"run {key} meets {met} of {n} targets" + (
            f" (unmet: {', '.join(unmet[:3])})" if unmet else ""))
    changed = tg[tg[f"required_diff_{k}"].fillna(0).abs() > 1e-12]
    for _, r in changed.head(3).iterrows():
        u = str(r["unit"])
        req = f"{_value(r['required_a'], u)} → {_value(r[f'required_{k}'], u)}"
        ach = f"{_value(r['achieved_a'], u)} → {_value(r[f'achieved_{k}'], u)}"
        st = f"{r['status_a']} → {r[f'status_{k}']}"
        stz = " → ".join(STATUS_LABELS.get(str(x), str(x)).split(" ")[0]
                         for x in (r["status_a"], r[f"status_{k}"]))
        zh.append(f"{r['label_zh']}（{int(r['year'])}年）要求值{req}，实现值{ach}（{stz}）")
        en.append(f"{r['label_en']} ({int(r['year'])}): required {req}, achieved {ach} "
                  f"({st})")
    return "；".join(zh), "; ".join(en)


def _measure(cmp: Comparison, k: str) -> tuple[str, str]:
    mt = cmp.measures_total
    if not len(mt):
        return "无措施可比", "no measures to compare"
    cost = mt[f"annual_cost_diff_{k}"].abs()
    level = mt[f"level_diff_{k}"].abs()
    if cost.max() < COST_EPS and level.max() < LEVEL_EPS:
        return "所选措施及其实施量在各年均不变", "no measure's level changes in any year"
    i = cost.idxmax() if cost.max() >= COST_EPS else level.idxmax()
    r = mt.loc[i]
    names: dict[str, tuple[str, str]] = {}
    for res in cmp.results:
        names.update(res.measure_labels)
    zh_name, en_name = names.get(r["measure"], ("", r["measure"]))
    u, y = str(r["unit"]), int(r["year"])
    lv = f"{plain(r['level_a'])} → {plain(r[f'level_{k}'])} {u}"
    d = float(r[f"annual_cost_diff_{k}"])
    return (f"措施变化最大者为{zh_name or en_name}（{y}年）：实施量{lv}，年净成本"
            f"{_money_zh(d, True)}/年",
            f"the largest change of a measure is {en_name} ({y}): level {lv}, net cost "
            f"{_money_en(d, True)}/yr")


def _price(cmp: Comparison, k: str) -> tuple[str, str]:
    tg = cmp.targets
    if any(s.startswith("shadow prices") for s in cmp.left_out):
        return ("影子价格未比较（对偶价格的口径不同：单年与路径）",
                "shadow prices are not compared (one-year duals vs a pathway's duals)")
    binding = tg[(tg["status_a"] == "binding") | (tg[f"status_{k}"] == "binding")]
    d = binding[f"shadow_price_diff_{k}"].fillna(0).abs()
    if not len(binding) or d.max() < PRICE_EPS:
        return ("约束目标的影子价格均不变（前沿处的对偶价格）",
                "no binding target's shadow price changes (duals at the frontier)")
    r = binding.loc[d.idxmax()]
    unit = str(r["shadow_price_unit"])
    stem = unit.split(" (", 1)[0]
    basis = unit.split(" (", 1)[1].rstrip(")") if " (" in unit else ""
    per = stem.removeprefix("CNY").lstrip("/")
    pa, pb = float(r["shadow_price_a"]), float(r[f"shadow_price_{k}"])
    return (f"影子价格变化最大者为{r['label_zh']}（{int(r['year'])}年）：{_money_zh(pa)}/{per}"
            f" → {_money_zh(pb)}/{per}（前沿处的对偶价格，{basis + '，' if basis else ''}"
            "非年化成本）",
            f"the largest change of a binding shadow price is {r['label_en']} "
            f"({int(r['year'])}): {plain(pa)} → {plain(pb)} {stem} (a dual at the frontier"
            f"{', ' + basis if basis else ''}; not an annualised cost)")


def answer(cmp: Comparison, left_out: bool = True) -> tuple[str, str]:
    """(Chinese, English) answer of a comparison, one sentence per run after the first:
    its differing inputs, then the cost difference on :func:`cost_basis`, the city's CO2 of the
    last year compared, targets met in each
    run and those whose requirement changed, the largest measure change and the largest change
    of a binding shadow price; then (``left_out``) the years compared and what the comparison
    left out. Figures are the tables' (:func:`model.report.compare_data.compare`)."""
    zh, en = [], []
    for k in cmp.keys[1:]:
        parts = [p for p in (f(cmp, k) for f in (_inputs, _cost, _co2, _targets, _measure,
                                                  _price)) if p[0]]
        zh.append(f"运行{k}与运行a的差别：{parts[0][0]}。结果：" +
                  "；".join(p[0] for p in parts[1:]) + "。")
        en.append(f"Run {k} differs from run a in: {parts[0][1]}. Result: " +
                  "; ".join(p[1] for p in parts[1:]) + ".")
    if cmp.scope and left_out:
        zh.append("两类运行（单年与路径）只比较共同年份：" +
                  "、".join(map(str, cmp.common_years or [])) + "。")
        en.append(cmp.scope[0].upper() + cmp.scope[1:] + ".")
    if cmp.left_out and left_out:
        en.append("Left out: " + "; ".join(cmp.left_out) + ".")
        zh.append("略去：" + "；".join(_left_out_zh(s) for s in cmp.left_out) + "。")
    return "".join(zh), " ".join(en)


def _left_out_zh(note: str) -> str:
    if note.startswith("shadow prices"):
        return "影子价格（单年运行的对偶价格与路径运行的对偶价格口径不同）"
    if note.startswith("the manifests'"):
        return "各运行清单中的年化成本与现值（覆盖年份不同，改按共同年份比较）"
    return note


def left_out_line(cmp: Comparison) -> str:
    """One line: what the comparison left out and why ('' when nothing was)."""
    if not cmp.left_out:
        return ""
    return ("比较中略去 Left out: " + "; ".join(cmp.left_out) + "."
            + (f" Compared: {cmp.scope}." if cmp.scope else ""))


def cost_item_label(cmp: Comparison, item: str) -> tuple[str, str]:
    """(zh, en) name of a row of the comparison's cost table, with its year or base year; the
    cost words are those of the single-run workbook (:data:`model.report.workbook.COST_HEADERS`).
    """
    from model.report.workbook import COST_HEADERS

    def words(key: str) -> tuple[str, str]:
        zh, en = COST_HEADERS[key].split(" ", 1)
        return zh, en.split(" (", 1)[0]

    names = {"annual_cost": words("net"), "annual_gross_outlay": words("gross"),
             "annual_savings": words("savings")}
    solver = cmp.results[0].solver
    if item == "pv_cost":
        base = solver.get("pv_base_year", "")
        if not base:
            return "净成本现值", "Net cost, present value"
        return f"净成本现值（基准年{base}）", f"Net cost, present value (base year {base})"
    if item.startswith("measures_annual_cost_"):
        y = item.rsplit("_", 1)[1]
        return f"{y}年措施净成本合计", f"Measures' net cost {y} (sum of measures.csv)"
    stem, _, y = item.rpartition("_")
    if stem in names and y.isdigit():
        zh, en = names[stem]
        return f"{y}年{zh}", f"{en} {y}"
    if item in names:
        zh, en = names[item]
        years = {r.solver.get("annual_cost_year") for r in cmp.results}
        if len(years) == 1 and None not in years:
            year = years.pop()
            return f"{year}年{zh}（年化）", f"{en} {year} (annualised)"
        return f"{zh}（年化，各运行清单年份）", f"{en} (annualised, each run's year)"
    return item, item


def differing_costs(cmp: Comparison) -> tuple[pd.DataFrame, int]:
    """(rows of the cost table whose value differs in some run by at least COST_EPS CNY,
    number of rows left out as identical)."""
    tc = cmp.total_cost
    dcols = [f"diff_{k}" for k in cmp.keys[1:]]
    keep = (tc[dcols].abs() >= COST_EPS).any(axis=1) | tc[dcols].isna().any(axis=1)
    return tc[keep], int((~keep).sum())


def differing_targets(cmp: Comparison) -> pd.Series:
    """Rows of the targets table whose required value, achieved value or shadow price differs
    in some run by more than 1e-6 of its size (solver noise in an achieved value is not a
    difference), or whose status differs."""
    tg = cmp.targets
    out = pd.Series(False, index=tg.index)
    for v in ("required", "achieved", "shadow_price"):
        size = tg[[f"{v}_{k}" for k in cmp.keys]].abs().max(axis=1).fillna(0).clip(lower=1.0)
        for k in cmp.keys[1:]:
            out |= tg[f"{v}_diff_{k}"].fillna(0).abs() > 1e-6 * size
    for k in cmp.keys[1:]:
        out |= tg[f"status_{k}"].astype(str) != tg["status_a"].astype(str)
    return out
