"""The comparison in the terminal (:func:`print_comparison`, readable at 80 columns) and its
cost table as text (:func:`format_total`); the data is :mod:`model.report.compare_data`."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from model.errors import InputError
from model.fmt import plain, wan_yi
from model.report.compare_data import Comparison
from model.report.tables import variable_label
from model.termtable import Column, Row, print_table


def _number(v: Any) -> str:
    if isinstance(v, str):
        return v
    v = float(v)
    if v != v:  # NaN
        return "n/a"
    return f"{v:,.0f}"


def format_total(total: pd.DataFrame) -> str:
    """The ``total_cost`` table of :func:`compare` as text for the terminal.

    A first row ``status`` gives each run's solver status; costs are plain numbers with
    thousands separators, rounded to whole CNY (``61,343,752``; differences signed,
    ``+3,450``); a missing value is ``n/a``. When a run is not ``optimal`` a closing line says
    that its costs are those of the least-shortfall plan (targets not all met).

    Raises :class:`InputError` if a column is missing.
    """
    keys = [c for c in total.columns if len(c) == 1]
    need = ["item", "unit", *keys, *[f"diff_{k}" for k in keys[1:]],
            *[f"status_{k}" for k in keys]]
    missing = [c for c in need if c not in total.columns] or (
        [] if keys else ["a", "b", "status_a"])
    if missing:
        raise InputError("compare total_cost table", f"no column(s) {missing}",
                         f"the columns {need} of compare().total_cost")
    status = {k: str(total[f"status_{k}"].iloc[0]) if len(total) else "unknown" for k in keys}
    rows = [{"item": "status", "unit": "", **{k: status[k] for k in keys},
             **{f"{k}-a": "" for k in keys[1:]}}]
    for _, r in total.iterrows():
        row = {"item": r["item"], "unit": r["unit"], **{k: _number(r[k]) for k in keys}}
        for k in keys[1:]:
            d = r[f"diff_{k}"]
            row[f"{k}-a"] = "n/a" if d != d else f"{float(d):+,.0f}"
        rows.append(row)
    text = pd.DataFrame(rows).to_string(index=False)
    notes = [f"run {k.upper()} is {st}: its costs are those of the least-shortfall plan, which "
             "does not meet every target" for k, st in status.items() if st != "optimal"]
    return "\n".join([text, *(f"note: {n}" for n in notes)])


def print_comparison(cmp: Comparison, console=None) -> None:
    """The comparison in the terminal, readable at 80 columns (:mod:`model.termtable`): runs,
    inputs that differ, targets whose figures differ, costs (CNY with 万元/亿元), the largest
    measure changes, city emissions by year, then the answer (:mod:`model.report.compare_answer`)
    and one line of what was left out and why. Tables of any width are data: one column per
    run."""
    from rich.console import Console

    from model.report.compare_answer import answer, left_out_line

    con = console or Console()
    for section in (_print_runs, _print_inputs, _print_targets, _print_costs,
                    _print_measures, _print_emissions):
        section(con, cmp)
    zh, en = answer(cmp, left_out=False)  # what was left out: the one line below
    con.print(f"答案 {zh}", highlight=False)
    con.print(f"Answer: {en}", highlight=False)
    line = left_out_line(cmp)
    if line:  # one line, never wrapped, so that it can be found
        con.print(line, highlight=False, soft_wrap=True)


def _print_runs(con, cmp: Comparison) -> None:
    rows = []
    for (_, r), res in zip(cmp.runs.iterrows(), cmp.results, strict=True):
        cost = r["annual_cost_cny_per_yr"] if r["annual_cost_cny_per_yr"] is not None \
            else math.nan
        y = res.solver.get("annual_cost_year")
        rows.append(Row(f"{r['run']}: {r['label']}", f"(net cost of {y})" if y else "",
                        [r["status"], (_number(cost), wan_yi(cost, "/年"))]))
    print_table(con, "运行 Runs (differences: each run − a)", Column("运行", "Run"),
                [Column("状态", "Status", "left"), Column("年化净成本", "Net CNY/yr")], rows)


def _print_inputs(con, cmp: Comparison) -> None:
    from model.report.compare_views import _changed_first

    inp = cmp.inputs
    shown = _changed_first(inp[inp["kind"] != "input row"])
    rows = []
    for _, r in shown.head(15).iterrows():
        ref, val = str(r["reference"]), str(r["value"])
        if r["kind"] == "input file":
            ref, val = ref[:10], (val[:10] + (f" ({r['note']})" if r["note"] else ""))
        rows.append(Row(f"{r['run']}: {r['item']}", f"({r['kind']})",
                        [_clip(ref), _clip(val)]))
    if len(shown) > 15:
        rows.append(Row(f"… and {len(shown) - 15} more (compare_inputs.csv)"))
    print_table(con, f"输入差异 Inputs that differ ({len(inp)} rows in compare_inputs.csv)",
                Column("项", "Item"), [Column("参照", "a", "left"),
                                        Column("本运行", "this run", "left")], rows,
                empty="none")


def _target_rows(r: pd.Series, keys: list[str]) -> list:
    """A changed target's rows: its name, then each of required, achieved and shadow price
    that differs in some run (a fraction in %, percentage point as pp)."""
    pct = r["unit"] == "fraction"
    rows = [Row(r["label_zh"], f"{r['label_en']} ({int(r['year'])})")]
    for v in ("required", "achieved", "shadow_price"):
        if all(abs(float(r.get(f"{v}_diff_{k}", 0) or 0)) <= 1e-9 for k in keys[1:]):
            continue
        unit = "%" if pct and v != "shadow_price" else (
            r["shadow_price_unit"] if v == "shadow_price" else r["unit"])
        unit = str(unit).replace("percentage point", "pp")
        scale = 100.0 if pct and v != "shadow_price" else 1.0
        rows.append(Row(f"  {v} ({unit})", "", [_short(r[f"{v}_{k}"] * scale) for k in keys]))
    return rows


def _print_targets(con, cmp: Comparison) -> None:
    keys = cmp.keys
    tg = cmp.targets
    diff_cols = [c for c in tg.columns if "_diff_" in c]
    changed = tg[(tg[diff_cols].abs() > 1e-9).any(axis=1)] if diff_cols else tg.iloc[0:0]
    rows = [row for _, r in changed.iterrows() for row in _target_rows(r, keys)]
    print_table(con, "目标差异 Targets that differ", Column("目标", "Target"),
                [Column(k) for k in keys], rows, empty="none")


def _print_costs(con, cmp: Comparison) -> None:
    """The cost rows that differ (labelled; CNY with 万元/亿元), and how many are the same."""
    from model.report.compare_answer import cost_item_label, differing_costs

    keys = cmp.keys
    tc = cmp.total_cost
    shown, same = differing_costs(cmp)
    rows = []
    for _, r in shown.iterrows():
        diffs = ["n/a" if r[f"diff_{k}"] != r[f"diff_{k}"] else
                 (f"{r[f'diff_{k}']:+,.0f}", wan_yi(r[f"diff_{k}"])) for k in keys[1:]]
        zh, en = cost_item_label(cmp, str(r["item"]))
        rows.append(Row(zh, f"{en} ({r['unit']})",
                        [(_number(r[k]), wan_yi(r[k])) for k in keys] + diffs))
    print_table(con, f"成本差异 Costs that differ ({len(shown)}; {same} identical rows left "
                "out, all in compare_total_cost.csv)", Column("项", "Item"),
                [*[Column(k) for k in keys], *[Column(f"{k} − a") for k in keys[1:]]], rows,
                empty="none")
    for k in keys:
        st = str(tc[f"status_{k}"].iloc[0]) if len(tc) else "unknown"
        if st != "optimal":
            con.print(f"note: run {k.upper()} is {st}: its costs are those of the "
                      "least-shortfall plan, which does not meet every target")


def _print_measures(con, cmp: Comparison) -> None:
    keys = cmp.keys
    mt = cmp.measures_total
    if not len(mt) or len(keys) < 2:
        return
    last = int(mt["year"].max())
    sub = mt[mt["year"] == last].copy()
    sub["_big"] = sub[[f"annual_cost_diff_{k}" for k in keys[1:]]].abs().max(axis=1)
    sub = sub[sub["_big"] > 0.5].sort_values("_big", ascending=False).head(8)
    names = {}
    for r in cmp.results:
        names.update(r.measure_labels)
    rows = []
    for _, r in sub.iterrows():
        zh, en = names.get(r["measure"], ("", r["measure"]))
        rows.append(Row(zh or en, en if zh else "",
                        [f"{r[f'annual_cost_diff_{k}']:+,.0f}" for k in keys[1:]]))
    print_table(con, f"措施变化最大 Largest measure changes ({last}, net CNY/yr)",
                Column("措施", "Measure"), [Column(f"{k} − a") for k in keys[1:]], rows)


def _print_emissions(con, cmp: Comparison) -> None:
    em = cmp.emissions
    ref = cmp.results[0]
    city = em[(em["region"] == ref.city) & (em["case"] == "scenario")
              & em["variable"].isin(["Emissions|CO2", "Energy|Total"])]
    if not len(city):
        return
    cz, ce = ref.region_name(ref.city)
    rows = []
    for _, r in city.iterrows():
        zh, en = variable_label(r["variable"])
        rows.append(Row(f"{zh} {en} ({r['unit']})", str(int(r["year"])),
                        [_short(r[f"value_{k}"]) for k in cmp.keys]))
    print_table(con, f"{cz}排放 {ce}, plan by year".strip(), Column("指标", "Variable"),
                [Column(k) for k in cmp.keys], rows)


def _clip(text: str, n: int = 36) -> str:
    """At most ``n`` characters, a cut marked with an ellipsis (the whole value is in
    compare_inputs.csv)."""
    return text if len(text) <= n else text[:n - 1] + "…"


def _short(v: Any) -> str:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    if v != v:
        return "n/a"
    return plain(v)

