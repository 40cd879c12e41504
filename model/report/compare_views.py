"""The comparison's files: its tables as CSV, workbook and JSON (:func:`write_comparison`),
the charts of the differences (:func:`comparison_charts`) and its briefing
(:func:`write_comparison_pdf`); the data is :mod:`model.report.compare_data`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.io import atomic_dir, check_out, write_csv, write_json
from model.report.compare_data import Comparison, compare, read_comparison


def _item(cmp, r) -> str:
    """An input row's item for a reader: a scenario key by its name (``key_label``) with the
    key under it (what ``--set`` takes), else the item as compare wrote it."""
    from model.report.compare_answer import key_label

    item = f"{r['item']} {r['where']}".strip()
    if r["kind"] != "scenario value":
        return item
    zh, en = key_label(cmp, str(r["item"]))
    return item if zh == str(r["item"]) else f"{zh} {en} ({item})"


def _write_workbook(cmp: Comparison, out: Path) -> Path:
    from model.report.workbook import MAX_PRINT_ROWS, _Sheet, save_workbook

    sheet_names = {"runs": "运行 Runs", "inputs": "输入差异 Inputs", "targets": "目标 Targets",
                   "total_cost": "成本 Costs", "measures_total": "措施 Measures",
                   "measures": "措施分县 Measures by county", "emissions": "排放 Emissions"}
    label = dict(zip(cmp.runs["run"], cmp.runs["label"], strict=True))

    def header(col: str) -> str:
        base = {"run": "运行 Run", "label": "标签 Label", "folder": "目录 Folder",
                "scenario": "情景 Scenario", "overrides": "参数覆盖 Overrides",
                "status": "状态 Status", "created_utc": "运行时间 Run time (UTC)",
                "annual_cost_cny_per_yr": "年化净成本 Net cost (CNY/yr)", "kind": "类型 Kind",
                "item": "项 Item", "where": "位置 Where", "reference": "参照 Reference (a)",
                "value": "本运行 This run", "note": "说明 Note", "target": "目标 Target",
                "year": "年份 Year", "label_zh": "目标 Target (中文)",
                "label_en": "目标 Target (English)", "quantity": "指标 Quantity",
                "unit": "单位 Unit", "shadow_price_unit": "影子价格单位 Price unit",
                "present": "出现于 Present in", "measure": "措施 Measure",
                "region": "区域 Region", "variable": "变量 Variable", "case": "情形 Case"}
        if col in base:
            return base[col]
        names = {"required": "要求值 Required", "achieved": "实现值 Achieved",
                 "shortfall": "缺口 Shortfall", "shadow_price": "影子价格 Shadow price",
                 "level": "实施量 Level", "annual_cost": "年化净成本 Net cost (CNY/yr)",
                 "value": "数值 Value", "status": "状态 Status"}
        for stem, name in names.items():
            if col.startswith(stem + "_diff_"):
                k = col.rsplit("_", 1)[1]
                return f"{name} {k} − a (差值 difference)"
            if col.startswith(stem + "_"):
                k = col.rsplit("_", 1)[1]
                return f"{name} [{k}: {label.get(k, k)}]"
        if col.startswith("diff_"):
            k = col[5:]
            return f"差值 Difference {k} − a"
        if col in label:
            return f"运行 Run [{col}: {label[col]}]"
        return f"字段 Field {col}"

    def fill(wb, f):
        from model.report.compare_answer import answer

        # the answer first: what differs and what it did, and what was left out and why
        sh = _Sheet(wb, "答案 Answer", f)
        sh.header(["项 Item", "内容 Text"])
        zh, en = answer(cmp)
        rows = [("答案 Answer (中文)", zh), ("答案 Answer (English)", en)]
        if cmp.scope:
            rows.append(("比较范围 Compared", cmp.scope))
        rows += [("略去 Left out", note) for note in cmp.left_out]
        for item, text in rows:
            sh.cells([item, text], ["text", "wrap"])
        sh.finish(widths={0: 24, 1: 100})
        for name, df in cmp.tables().items():
            sh = _Sheet(wb, sheet_names[name], f)
            sh.header([header(c) for c in df.columns])
            for _, r in df.iterrows():
                vals, fmts = [], []
                for c in df.columns:
                    v = r[c]
                    v = v.item() if hasattr(v, "item") else v
                    vals.append(v)
                    fmts.append("int" if c == "year" else "num2" if isinstance(v, float)
                                and abs(v) < 100 else "num0" if isinstance(v, float) else "text")
                sh.cells(vals, fmts)
            # a long table prints its first rows and says where all of them are (the
            # comparison's emissions and county measures printed 269 and 102 pages)
            sh.finish(ncols=len(df.columns), print_rows=MAX_PRINT_ROWS,
                      where=f"compare_{name}.csv")

    return save_workbook(out, fill)


def write_comparison(runs, out: str | Path) -> tuple[Path, Comparison]:
    """Write :func:`compare` of ``runs`` (a list of result folders, the first the reference)
    into the folder ``out`` (atomically) and return (folder, comparison).

    Files ``compare_<table>.csv`` for every table (UTF-8 with BOM), ``comparison.xlsx`` and
    ``comparison.json`` (the runs: letter, label, folder, scenario, overrides, created_utc,
    status; ``all_optimal``; ``difference`` "each run - a"; ``left_out``: what was not
    compared and why; ``scope``: the years compared when the runs' kinds differ). Raises
    InputError as
    :func:`compare`.
    """
    out = check_out(out, "compare")  # (.. and links resolved) before anything is read
    cmp = compare(*runs)
    with atomic_dir(out, kind="compare") as tmp:
        for name, df in cmp.tables().items():
            write_csv(df, tmp / f"compare_{name}.csv")
        _write_workbook(cmp, tmp / "comparison.xlsx")
        write_json({"runs": [{k: (None if isinstance(v, float) and v != v else v)
                              for k, v in r.items()} for r in cmp.runs.to_dict("records")],
                    "all_optimal": bool((cmp.runs["status"] == "optimal").all()),
                    "difference": "each run - a", "left_out": cmp.left_out,
                    "scope": cmp.scope}, tmp / "comparison.json")
    return out, cmp



def comparison_charts(cmp: Comparison, folder: Path, lab) -> list[Path]:
    """Charts of the differences of each run from run a (every bar and line is run − a):
    annual cost (net, gross outlay, savings; million CNY/yr), the shadow price of each target
    binding in any run, and the city's CO2 by year. A chart whose differences are all zero is
    left out (its sentence is in the comparison's briefing)."""
    import matplotlib as mpl

    label = dict(zip(cmp.runs["run"], cmp.runs["label"], strict=True))

    def run_name(k: str) -> str:
        from model.report.charts import wrap_text

        return wrap_text(f"{k} − a: {label[k]}", 3.2, 8)

    out = []
    with mpl.rc_context(lab.rc()):
        for chart in (_cost_chart, _price_chart, _co2_chart):
            path = chart(cmp, folder, lab, run_name)
            if path is not None:
                out.append(path)
    return out


#: one colour per run after the first (run b, c, ...)
RUN_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


def _cost_chart(cmp: Comparison, folder: Path, lab, run_name) -> Path | None:
    """Net cost, gross outlay and savings of each run − a (million CNY/yr), bars."""
    from model.report.charts import _figure, _save

    others = cmp.keys[1:]
    tc = cmp.total_cost.set_index("item")
    # runs of different kinds: the items of the last year they share (annual_cost_<year>)
    sfx = f"_{int(cmp.common_years[-1])}" if cmp.common_years else ""
    items = [i + sfx for i in ("annual_cost", "annual_gross_outlay", "annual_savings")
             if i + sfx in tc.index]
    names = {"annual_cost" + sfx: lab("净成本", "net cost"),
             "annual_gross_outlay" + sfx: lab("支出", "gross outlay"),
             "annual_savings" + sfx: lab("节省", "savings")}
    diffs = {i: [float(tc.loc[i, f"diff_{k}"]) / 1e6 for k in others] for i in items}
    if any(abs(v) > 1e-6 for vs in diffs.values() for v in vs):
        fig = _figure((9, 4.8))
        ax = fig.subplots()
        w = 0.8 / max(1, len(items))
        for j, i in enumerate(items):
            xs = [n + (j - (len(items) - 1) / 2) * w for n in range(len(others))]
            ax.bar(xs, diffs[i], width=w, color=["#1f4e79", "#7f7f7f", "#55a868"][j],
                   label=names[i])
            for x, v in zip(xs, diffs[i], strict=True):
                ax.annotate(f"{v:+,.1f}", (x, v), xytext=(0, 3 if v >= 0 else -3),
                            textcoords="offset points", ha="center",
                            va="bottom" if v >= 0 else "top", fontsize=7.5,
                            annotation_clip=True)
        ax.axhline(0, color="black", linewidth=0.8)
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo))
        ax.set_xticks(range(len(others)), [run_name(k) for k in others], fontsize=8)
        ax.set_ylabel(lab("相对运行a的变化，百万元/年", "change vs run a, million CNY/yr"))
        ax.grid(axis="y", alpha=0.3)
        ax.legend(fontsize=8)
        y = sfx.lstrip("_")  # runs of different kinds: the cost of the year they share
        fig.suptitle(lab(f"{y}年成本的变化（各运行 − a）", f"Cost of {y}: each run − a", "\n")
                     if y else lab("年化成本的变化（各运行 − a）", "Annual cost: each run − a",
                                   "\n"), fontsize=10.5)
        return _save(fig, folder / "compare_costs.png")
    return None


def _price_chart(cmp: Comparison, folder: Path, lab, run_name) -> Path | None:
    """The shadow price of each target binding in any run, each run − a (horizontal bars;
    a symmetric log scale when the changes span more than a factor of 100)."""
    import matplotlib as mpl

    from model.report.charts import _figure, _save, thousands, wrap_text

    others = cmp.keys[1:]
    colours = RUN_COLOURS
    tg = cmp.targets
    dcols = [f"shadow_price_diff_{k}" for k in others]
    sub = tg[(tg[dcols].fillna(0).abs() > 1e-9).any(axis=1)] if dcols else tg.iloc[0:0]
    if len(sub):
        fig = _figure((9, 1.6 + 0.45 * len(sub) * max(1, len(others)) + 1))
        ax = fig.subplots()
        h = 0.8 / len(others)
        for j, k in enumerate(others):
            ys = [i + j * h for i in range(len(sub))]
            vals = sub[f"shadow_price_diff_{k}"].fillna(0.0).tolist()
            ax.barh(ys, vals, height=h, color=colours[j % len(colours)], label=run_name(k))
            for y, v in zip(ys, vals, strict=True):
                ax.annotate(f"{v:+,.0f}", (v, y), xytext=(3 if v >= 0 else -3, 0),
                            textcoords="offset points", va="center",
                            ha="left" if v >= 0 else "right", fontsize=7,
                            annotation_clip=True)
        ax.axvline(0, color="black", linewidth=0.8)
        span = float(sub[dcols].abs().max().max())
        small = float(sub[dcols].abs().replace(0, float("nan")).min().min())
        lo, hi = ax.get_xlim()
        if span > 0 and small == small and span / small > 100:
            # a log scale either side of zero, so that a change of 34 CNY/t shows beside
            # one of 49,649; ticks as plain figures (no 10^4); room for the values
            thresh = max(small, 1.0)
            ax.set_xscale("symlog", linthresh=thresh)
            ax.set_xlim(lo * 10 if lo < 0 else lo, hi * 10 if hi > 0 else hi)
            # ticks at 0 and every other decade beyond the linear part (no crowding)
            x0, x1 = ax.get_xlim()
            ticks = [0.0] + [sign * 10.0 ** k for k in range(0, 16, 2) for sign in (-1, 1)
                             if 10.0 ** k >= thresh and x0 <= sign * 10.0 ** k <= x1]
            ax.xaxis.set_major_locator(mpl.ticker.FixedLocator(sorted(ticks)))
            ax.xaxis.set_minor_locator(mpl.ticker.NullLocator())
        else:
            ax.set_xlim(lo - 0.25 * (hi - lo) if lo < 0 else lo, hi + 0.25 * (hi - lo))
        thousands(ax.xaxis)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_yticks([i + (len(others) - 1) * h / 2 for i in range(len(sub))],
                      [wrap_text(lab(z, e) + f" ({u}, {int(y)})", 3.0, 7.5)
                       for z, e, u, y in zip(sub["label_zh"], sub["label_en"],
                                             sub["shadow_price_unit"], sub["year"],
                                             strict=True)], fontsize=7.5)
        ax.invert_yaxis()
        ax.set_xlabel(lab("影子价格变化（各运行 − a）", "Change of the shadow price, run − a"))
        ax.grid(axis="x", alpha=0.3)
        fig.legend(loc="outside lower center", ncols=min(3, len(others)), fontsize=8)
        fig.suptitle(lab("影子价格的变化", "Shadow prices: each run − a", "\n"),
                     fontsize=10.5)
        return _save(fig, folder / "compare_prices.png")
    return None


def _co2_chart(cmp: Comparison, folder: Path, lab, run_name) -> Path | None:
    """The city's CO2 by year, each run − a (lines; bars for one or two years)."""
    from model.report.charts import _figure, _save, thousands

    others = cmp.keys[1:]
    colours = RUN_COLOURS
    em = cmp.emissions
    co2 = em[(em["region"] == cmp.results[0].city) & (em["variable"] == "Emissions|CO2")
             & (em["case"] == "scenario")].sort_values("year")
    dco2 = [f"value_diff_{k}" for k in others]
    if len(co2) and (co2[dco2].fillna(0).abs() > 0.5).any().any():
        fig = _figure((9, 4.8))
        ax = fig.subplots()
        years = list(co2["year"])
        for j, k in enumerate(others):
            if len(years) > 2:
                ax.plot(years, co2[f"value_diff_{k}"], marker="o",
                        color=colours[j % len(colours)], label=run_name(k))
            else:
                xs = [n + (j - (len(others) - 1) / 2) * 0.8 / len(others)
                      for n in range(len(years))]
                ax.bar(xs, co2[f"value_diff_{k}"], width=0.8 / len(others),
                       color=colours[j % len(colours)], label=run_name(k))
        ax.axhline(0, color="black", linewidth=0.8)
        if len(years) <= 2:
            ax.set_xticks(range(len(years)), [str(y) for y in years])
        else:
            ax.set_xticks(years, [str(y) for y in years])
        thousands(ax.yaxis)
        ax.set_ylabel(lab("二氧化碳变化", "Change of CO2") + " (t CO2/yr)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        fig.suptitle(lab("城市二氧化碳排放的变化（各运行 − a）", "City CO2: each run − a",
                         "\n"), fontsize=10.5)
        return _save(fig, folder / "compare_co2.png")
    return None


def _money_cell(v: float, signed: bool = False) -> str:
    """万元/亿元 on one line, whole CNY under it."""
    from model.fmt import wan_yi

    if v != v:
        return "n/a"
    sign = "+" if signed and v > 0 else ""
    return f"{sign}{wan_yi(v)}\n{v:{'+' if signed else ''},.0f} CNY"


def _changed_first(inp: pd.DataFrame) -> pd.DataFrame:
    """Input differences with a value in both runs first (a key changed), then the keys only
    one run has (a pathway's later years beside a single year), each in the table's order."""
    both = (inp["reference"].astype(str) != "") & (inp["value"].astype(str) != "")
    return pd.concat([inp[both], inp[~both]])


def _target_figure(v: float, unit: str, diff: bool = False) -> str:
    """A target's required/achieved figure: a fraction in % (a difference in percentage
    points), else the number."""
    from model.fmt import plain

    if v != v:
        return "n/a"
    sign = "+" if diff and v > 0 else ""
    if unit == "fraction":
        return f"{sign}{plain(v * 100)}{' pp' if diff else '%'}"
    return sign + plain(v)


def write_comparison_pdf(cmp: Comparison, charts: list[Path], out: Path, vector=None) -> Path:
    """``comparison.pdf``: the answer (:func:`model.report.compare_answer.answer`, Chinese and
    English), the runs, the inputs that differ (composed scenario values, overrides, input
    rows), the cost items that differ (万元/亿元 beside CNY; identical rows counted, not
    listed), the targets whose figures differ (each run's required, achieved and shadow price
    and the difference), the largest measure changes, what was left out and why, then the
    comparison charts (vector), laid out by :mod:`model.report.pdf`."""
    from model.fmt import plain, wan_yi
    from model.report.compare_answer import (
        answer,
        cost_item_label,
        differing_costs,
        left_out_line,
    )
    from model.report.compare_data import is_pathway, run_years
    from model.report.pdf import Doc

    doc = Doc(title="peakplan comparison", footer="peakplan comparison: each run − a")
    keys = cmp.keys
    others = keys[1:]
    doc.para("运行比较", "title")
    doc.para("Comparison of runs (each run − a)", "subtitle")
    zh, en = answer(cmp)
    doc.heading("答案 Answer")
    doc.para(zh)
    doc.para(en)
    doc.heading("运行 Runs")

    def kind(r) -> str:
        ys = run_years(r)
        if not ys:
            return "n/a"
        return (f"路径 pathway {ys[0]}-{ys[-1]}" if is_pathway(r)
                else f"单年 single year {ys[0]}")

    rows = []
    for (_, r), res in zip(cmp.runs.iterrows(), cmp.results, strict=True):
        cost = r["annual_cost_cny_per_yr"]
        cost = float(cost) if cost is not None else float("nan")
        y = res.solver.get("annual_cost_year", "")
        pv = res.solver.get("pv_cost_cny")
        base = res.solver.get("pv_base_year", "")
        pv = float(pv) if pv is not None else float("nan")
        rows.append([r["run"], r["label"], kind(res), r["status"],
                     f"{wan_yi(cost, '/年')}\n{plain(cost)} CNY/yr" + (f"\n({y})" if y else ""),
                     f"{wan_yi(pv)}\n{plain(pv)} CNY" + (f"\n({base})" if base else "")])
    doc.table(["运行 Run", "标签 Label", "类型 Kind", "状态 Status",
               "年化净成本 Net cost (year)", "净成本现值 PV (base year)"],
              rows, [0.06, 0.31, 0.13, 0.09, 0.205, 0.205], align_right=(4, 5))
    inp = cmp.inputs
    doc.heading(f"输入差异 Inputs that differ ({len(inp)})")
    if inp.empty:
        doc.para("无：各运行的输入相同。None: the runs read the same inputs.")
    else:
        # keys only one run has (a pathway's later years beside a single year) are counted,
        # not listed, once the changed keys are shown
        only = int(((inp["reference"].astype(str) == "")
                    | (inp["value"].astype(str) == "")).sum())
        shown = min(40, max(len(inp) - only, 8))
        # an override's item is already "key=value": its own column says only where it holds
        # (the value repeated there once broke "…=0.0" / "7" over two lines)
        rows = [[r["run"], r["kind"], _item(cmp, r),
                 str(r["reference"])[:120],
                 (r["note"] or "--set") if r["kind"] == "override" else
                 str(r["value"])[:120] + (f" ({r['note']})" if r["note"] else "")]
                for _, r in _changed_first(inp).head(shown).iterrows()]
        doc.table(["运行 Run", "类型 Kind", "项 Item", "参照 a", "本运行 This run"], rows,
                  [0.1, 0.13, 0.35, 0.19, 0.23])
        if len(inp) > shown:
            rest = _changed_first(inp).iloc[shown:]
            one = int(((rest["reference"].astype(str) == "")
                       | (rest["value"].astype(str) == "")).sum())
            doc.para(f"另有{len(rest)}行见 compare_inputs.csv（其中{one}行的键只在一个运行中"
                     f"出现）。… and {len(rest)} more rows in compare_inputs.csv ({one} of them "
                     "keys only one run has).", "small")
    tc, same = differing_costs(cmp)
    doc.heading(f"成本差异 Costs that differ ({len(tc)})")
    if len(tc):
        n = len(keys) + len(others)
        doc.table(["项 Item", *keys, *[f"{k} − a" for k in others]],
                  [["\n".join(cost_item_label(cmp, r["item"])) + f" ({r['unit']})",
                    *[_money_cell(r[k]) for k in keys],
                    *[_money_cell(r[f"diff_{k}"], True) for k in others]]
                   for _, r in tc.iterrows()],
                  [0.34] + [0.66 / n] * n, align_right=tuple(range(1, n + 1)))
    doc.para((f"另有{same}项成本各运行相同，未列出（见 compare_total_cost.csv）。"
              f"{same} cost rows identical in every run are left out "
              "(all in compare_total_cost.csv).") if same else
             "各成本项均列出。Every cost row is listed.", "small")
    _target_table(doc, cmp)
    _measure_table(doc, cmp)
    line = left_out_line(cmp)
    if line:
        doc.heading("略去的比较 Left out")
        doc.para(line, "small")
    y = cmp.common_years[-1] if cmp.common_years else None
    titles = {"compare_costs": f"{y}年成本的变化 Cost of {y}: each run − a" if y else
              "年化成本的变化 Annual cost: each run − a",
              "compare_prices": "影子价格的变化 Shadow prices: each run − a",
              "compare_co2": "二氧化碳排放的变化 City CO2: each run − a"}
    n = 0
    for png in charts:
        if vector is not None and png.stem in vector.pages:
            n += 1
            doc.chart(f"图{n} Figure {n}: {titles.get(png.stem, png.stem)}", vector.path,
                      vector.pages[png.stem])
    return doc.build(out)


def _target_table(doc, cmp: Comparison) -> None:
    """The targets whose figures differ: each run's required, achieved and shadow price, the
    difference (run − a) and the unit, and each run's status."""
    import re

    from model.fmt import plain
    from model.report.compare_answer import differing_targets
    from model.report.tables import STATUS_LABELS

    keys = cmp.keys
    others = keys[1:]
    tg = cmp.targets
    changed = tg[differing_targets(cmp)]
    doc.heading(f"目标差异 Targets whose figures differ ({len(changed)})")
    if len(changed):
        # the prices' basis ("dual: costs of 2025") said once under the table, not in every row
        bases = {m.group(0) if (m := re.search(r" \(dual[^)]*\)", str(u))) else ""
                 for u in changed["shadow_price_unit"]}
        names = {"required": "要求值 required", "achieved": "实现值 achieved",
                 "shadow_price": "影子价格 shadow price"}
        rows = []
        for _, r in changed.iterrows():
            unit = str(r["unit"])
            punit = str(r["shadow_price_unit"])
            for b in bases:
                punit = punit.replace(b, "") if b else punit
            first = f"{r['label_zh']}\n{r['label_en']} ({int(r['year'])})"
            for j, v in enumerate(("required", "achieved", "shadow_price")):
                if v == "shadow_price":
                    vals = [plain(r[f"{v}_{k}"]) for k in keys]
                    diffs = [("+" if r[f"{v}_diff_{k}"] > 0 else "") + plain(r[f"{v}_diff_{k}"])
                             for k in others]
                    u = punit
                else:
                    vals = [_target_figure(r[f"{v}_{k}"], unit) for k in keys]
                    diffs = [_target_figure(r[f"{v}_diff_{k}"], unit, True) for k in others]
                    u = "%" if unit == "fraction" else unit
                rows.append([first if j == 0 else "", names[v], *vals, *diffs, u])
            rows.append(["", "状态 status",
                         *[STATUS_LABELS.get(str(r[f"status_{k}"]), str(r[f"status_{k}"]))
                           for k in keys], *[""] * len(others), ""])
        n = len(keys) + len(others)
        doc.table(["目标 Target", "项 Value", *keys, *[f"{k} − a" for k in others],
                   "单位 Unit"], rows,
                  [0.3, 0.16] + [0.38 / n] * n + [0.16],
                  align_right=tuple(range(2, n + 2)))
        said = sorted(b.strip(" ()").removeprefix("dual: ") for b in bases if b)
        if said:
            doc.para("影子价格为前沿处的对偶价格，非年化成本 Shadow prices are duals at the "
                     "frontier, not annualised costs (" + "; ".join(said) + ").", "small")
    else:
        doc.para("各目标的要求值、实现值和影子价格均相同。Every target's requirement, "
                 "achievement and shadow price are the same.")


def _measure_table(doc, cmp: Comparison, n: int = 10) -> None:
    """The measures whose level or net cost changes most (any year; summed over regions)."""
    from model.fmt import plain, wan_yi

    mt = cmp.measures_total
    others = cmp.keys[1:]
    if not len(mt):
        return
    big = pd.concat([mt[f"annual_cost_diff_{k}"].abs() for k in others], axis=1).max(axis=1)
    lev = pd.concat([mt[f"level_diff_{k}"].abs() for k in others], axis=1).max(axis=1)
    sub = mt.assign(_big=big, _lev=lev)
    ref = mt[[f"level_{k}" for k in cmp.keys]].abs().max(axis=1).clip(lower=1.0)
    sub = sub[(sub["_big"] >= 0.5) | (sub["_lev"] > 1e-6 * ref)]
    if not len(sub):  # a sentence, not a heading that would take a page of its own
        doc.para("措施变化：各年所选措施及其实施量均相同。Measures: no measure's level "
                 "changes in any year.")
        return
    doc.heading(f"措施变化 Measures that change ({len(sub)} measure-years)")
    total = len(sub)
    sub = sub.sort_values(["_big", "_lev"], ascending=False).head(n)
    names: dict[str, tuple[str, str]] = {}
    for r in cmp.results:
        names.update(r.measure_labels)
    rows = []
    for _, r in sub.iterrows():
        zh, en = names.get(r["measure"], ("", r["measure"]))
        rows.append([f"{zh}\n{en}" if zh else en, str(int(r["year"])),
                     *[plain(r[f"level_{k}"]) for k in cmp.keys], str(r["unit"]),
                     *[(("+" if r[f"annual_cost_diff_{k}"] > 0 else "")
                        + wan_yi(r[f"annual_cost_diff_{k}"], "/年")) for k in others]])
    m = len(cmp.keys)
    doc.table(["措施 Measure", "年份 Year", *[f"实施量 level {k}" for k in cmp.keys],
               "单位 Unit", *[f"净成本 net cost {k} − a" for k in others]], rows,
              [0.34, 0.1] + [0.28 / m] * m + [0.12] + [0.16 / len(others)] * len(others),
              align_right=(1, *range(2, m + 2), *range(m + 3, m + 3 + len(others))))
    if total > n:
        doc.para(f"… and {total - n} more in compare_measures_total.csv", "small")


def write_comparison_report(folder: str | Path, out: Path, lab) -> list[Path]:
    """The report of a comparison folder: ``comparison.xlsx``, the difference charts (PNG, and
    every chart as a vector page of ``charts.pdf``) and its own briefing ``comparison.pdf``."""
    from model.report.vector import collecting

    cmp = read_comparison(folder)
    with collecting(out / "charts.pdf") as vector:
        charts = comparison_charts(cmp, out, lab)
    pdf = write_comparison_pdf(cmp, charts, out / "comparison.pdf", vector)
    return [_write_workbook(cmp, out / "comparison.xlsx"), pdf, *charts,
            *([vector.path] if vector.pages else [])]
