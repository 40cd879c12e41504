"""Terminal summaries with Chinese and English labels, readable at 80 columns
(:mod:`model.termtable`): figures without exponents, money in CNY with 万元/亿元 beside it
(:mod:`model.fmt`). Presentation only."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape

from model import fmt
from model.results import split_case
from model.termtable import Column, Row, print_table

_STATUS_ZH = {"binding": "约束起作用", "slack": "有余量", "shortfall": "未达成",
              "optimal": "最优", "infeasible": "不可行", "error": "错误"}


def _fmt(v: object, digits: int = 3) -> str:
    """A figure for a table: :func:`model.fmt.plain` (no exponent), ``-`` when missing."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, int | float) and not isinstance(v, bool):
        return fmt.plain(float(v), digits)
    return str(v)


def _price(v: float, unit: str) -> str:
    """``2,873,980 CNY/pp (287万元)``: a price per unit, with 万元/亿元 from 10^4 CNY (the
    unit is the one before the bracket)."""
    unit = unit.replace("percentage point", "pp").replace(" annualised", "")
    if v is None or v != v:
        return "-"
    text = f"{_fmt(v)} {unit}".strip()
    if abs(v) >= 1e4 and unit.startswith("CNY"):
        text += f" ({fmt.wan_yi(v)})"
    return text


def _price_cell(r) -> str | tuple[str, ...]:
    """A target's price, never bare: the dual, and on a pathway the annualised cost per unit
    below it, ``catalogue exhausted`` first at the frontier (model/prices.py)."""
    unit = str(r.get("shadow_price_unit", "")).split(" (dual")[0]
    dual = _price(r.get("shadow_price"), unit)
    ann = r.get("annualised_price")
    sp = r.get("shadow_price")
    if str(r.get("status", "")) != "binding" or ann is None or ann != ann:
        return dual
    if sp == sp and abs(ann - sp) <= 1e-9 * max(1.0, abs(ann)):
        return dual  # a one-year run: the annualised price is the dual
    aunit = str(r.get("annualised_price_unit", "") or unit).split(" (")[0]
    lines = (f"dual {dual}", f"annual {_price(ann, aunit)}")
    note = str(r.get("price_note", "") or "")
    return ("catalogue exhausted:", *lines) if note and note != "nan" else lines


def _status(status: str) -> str:
    return f"{_STATUS_ZH.get(status, '')} {status}".strip()


def _console() -> Console:
    """A console as wide as the terminal (80 columns when the output is not a terminal and
    COLUMNS is unset)."""
    return Console()


def _percent(value: float, unit: str) -> tuple[float, str]:
    """Intensity falls and service shares (``fraction``) read as percentages."""
    if unit == "fraction":
        return (100 * value if value is not None and value == value else value), "%"
    return value, unit


def print_run_summary(outcome, console: Console | None = None) -> None:
    """Targets (required, achieved, shadow price, status; one line per year for targets with a
    row per year), the costs, the largest measures and the cost by county, each figure once,
    readable at 80 columns; then what the figures rest on (the accounting rule, the share of
    estimated inputs, what a shadow price is).

    The sentence per target that the solver writes (targets.csv ``message``) repeats the table's
    figures, so only the run's other messages (electricity margin, warnings) are printed after
    the tables; each shortfall gets one line below the targets (the gap and the most the
    catalogue achieves).
    """
    con = console or _console()
    sc = outcome.scenario
    con.print(f"[bold]{escape(sc.label.zh)}[/bold]\n[bold]{escape(sc.label.en)}[/bold] "
              f"({escape(sc.name)})")
    solver = outcome.manifest.get("solver", {})
    gross, savings = (solver.get("annual_gross_outlay_cny_per_yr"),
                      solver.get("annual_savings_cny_per_yr"))
    con.print(f"状态 Status: [bold]{outcome.status}[/bold]\n"
              f"年化净成本 Net annual cost {max(sc.years)}: "
              f"{fmt.money(outcome.annual_cost, per_year=True)}\n"
              f"  = 支出 gross outlay {fmt.money(gross, per_year=True)}\n"
              f"  − 节省 savings      {fmt.money(savings, per_year=True)}")
    peak = outcome.manifest.get("pathway") or {}
    line = (f"折现总成本 Discounted cost {sc.base_year}-{solver.get('annual_cost_year')}: "
            f"{fmt.money(solver.get('pv_cost_cny'))}, {sc.base_year} prices")
    if len(sc.years) > 1 and peak:
        where = ("" if peak.get("peaks_within_horizon") else
                 " — still rising in the last model year: no peak within the horizon")
        line += (f"\n达峰 CO2 peak: {peak['peak_year']} at {_fmt(peak['peak_co2_t'])} t CO2; "
                 f"{peak['last_year']}: {_fmt(peak['last_co2_t'])} t CO2{where}")
    ghg = _ghg_line(outcome)
    con.print(line + (f"\n{ghg}" if ghg else ""))
    for held in _unheld_lines(outcome):
        con.print(escape(held))
    tt = outcome.targets
    gaps = _print_targets(con, tt, several_years=len(sc.years) > 1)
    if "annualised_price" in tt.columns and (tt["status"] == "binding").any():
        con.print(escape("影子价格 Prices: dual = the cost of every later year of the capacity one "
                         "more unit calls for, valued in the target's year (targets.csv "
                         "shadow_price_unit); annual = the dual spread over the discounted years "
                         "the capacity at the margin is paid (annualised_price_unit, "
                         "annualised_years); equal in a one-year run."))
    for note in tt.get("price_note", pd.Series(dtype=str)).fillna("").astype(str):
        if note:
            con.print(escape(f"边际价格 At the frontier: {note}"))
    for line in gaps:
        con.print(escape(line))
    m = outcome.measures
    if len(m) and "year" in m.columns:  # a pathway: the measures in operation in its last year
        m = m[m["year"] == max(sc.years)]
    if len(m):
        _print_measures(con, m, max(sc.years))
        _print_counties(con, m, max(sc.years), _region_names(outcome))
    said = set(tt["message"]) if "message" in tt.columns else set()
    for msg in outcome.messages:
        if msg not in said:
            con.print(escape(msg))
    _print_basis(con, outcome.manifest)
    con.print(f"结果 Results: {escape(str(outcome.out))}")


def _unheld_lines(outcome) -> list[str]:
    """One line per quantity a pathway holds at its target only in the target years
    (:mod:`model.report.after_targets`, read from the run's own tables)."""
    emissions = getattr(outcome, "emissions", None)  # a one-year outcome may carry none
    if emissions is None or emissions.empty or outcome.targets.empty:
        return []
    from model.report import after_targets

    path = Path(outcome.out) / "pathway.csv"
    pathway = pd.read_csv(path) if path.is_file() else None
    items = after_targets.unheld(outcome.targets, emissions, pathway,
                                 str(outcome.manifest.get("city", "")), outcome.scenario.name)
    zh, en = after_targets.sentences(items)
    if not zh:
        return []
    lines = ["仅在目标年份达标 Met only in the target years (no row holds the years between):"]
    # the Chinese sentence split at its colon and commas: no number cut at 80 columns
    for z, e in zip(zh, en, strict=True):
        head, _, rest = z.partition("：")
        parts = rest.rstrip("。").split("，")
        lines += [f"  {head}：", *(f"    {x}" + ("，" if i < len(parts) - 1 else "")
                                  for i, x in enumerate(parts)), f"  {e}"]
    return lines


def _ghg_line(outcome) -> str:
    """温室气体: the city's CH4, N2O and CO2e in the last model year, baseline -> plan (from
    emissions.csv; CO2e = CO2 as the scenario's rule counts it + GWP-100 × CH4, N2O of its
    GWP set), or '' when the run has none."""

    em = getattr(outcome, "emissions", None)
    if em is None or not len(em):
        return ""
    city = outcome.manifest.get("city") or ""
    e = split_case(em)
    last = int(e["year"].max())
    e = e[(e["year"] == last) & (e["region"] == city)] if city else e.iloc[0:0]
    parts = []
    for var, name in (("Emissions|CH4", "CH4"), ("Emissions|N2O", "N2O"),
                      ("Emissions|CO2e", "CO2e")):
        v = e[e["variable"] == var].set_index("case")["value"]
        if "scenario" in v and "baseline" in v:
            parts.append(f"{name} {_fmt(float(v['baseline']))} → {_fmt(float(v['scenario']))}")
    if not parts:
        return ""
    gwp = outcome.manifest.get("gwp", "")
    return (f"温室气体 Greenhouse gases {last}, t (baseline → plan; CO2e with {gwp} GWP-100, "
            f"CO2 as the scenario's rule counts it): " + "; ".join(parts))


def _print_targets(con: Console, tt: pd.DataFrame, several_years: bool) -> list[str]:
    """The targets table; returns one sentence per shortfall."""
    short = "max_achievable" in tt.columns and (tt["status"] == "shortfall").any()
    gaps: list[str] = []
    rows: list[Row] = []
    per_year = tt["target"].value_counts() if "target" in tt.columns else pd.Series(dtype=int)
    seen: set[str] = set()
    for _, r in tt.iterrows():
        status = str(r.get("status", ""))
        req, unit = _percent(r["required"], str(r["unit"]))
        ach, _ = _percent(r["achieved"], str(r["unit"]))
        best, _ = _percent(r.get("max_achievable"), str(r["unit"]))
        year = int(r["year"]) if "year" in r and r["year"] == r["year"] else None
        cells = [f"{_fmt(req)} {unit}", f"{_fmt(ach)} {unit}", _price_cell(r), _status(status)]
        style = "red" if status == "shortfall" else ""
        tid = r.get("target", r["label_en"])
        if per_year.get(tid, 1) > 1:  # one heading, then a line per year
            if tid not in seen:
                rows.append(Row(r["label_zh"], r["label_en"]))
                seen.add(tid)
            rows.append(Row(f"  {year}", "", cells, style))
        else:
            en = f"{r['label_en']} ({year})" if several_years and year else r["label_en"]
            rows.append(Row(r["label_zh"], en, cells, style))
        if short and status == "shortfall":
            gaps.append(f"未达成 Shortfall: {r['label_zh']} / {r['label_en']} ({year}): "
                        f"缺口 short by {_fmt(abs(req - ach))} {unit}; 即使放弃其他目标最多可达 at "
                        f"most {_fmt(best)} {unit} with every other target dropped")
    print_table(con, "目标 Targets", Column("目标", "Target"),
                [Column("要求", "Required"), Column("实现", "Achieved"),
                 Column("影子价格", "Shadow price"), Column("状态", "Status", "left")], rows)
    return gaps


def _print_measures(con: Console, m: pd.DataFrame, year: int) -> None:
    top = (m.groupby(["measure", "family"], as_index=False)
           .agg(level=("level", "sum"), unit=("unit", "first"),
                annual_cost=("annual_cost", "sum"))
           .sort_values("annual_cost", key=abs, ascending=False).head(10))
    labels = {}
    if "label_zh" in m.columns:
        labels = {k: (zh, en) for k, zh, en in zip(m["measure"], m["label_zh"], m["label_en"],
                                                    strict=True)}
    rows = [Row(*_label(labels, r.measure),
                cells=[r.family, f"{_fmt(r.level)} {r.unit}",
                       f"{_fmt(r.annual_cost)} ({fmt.wan_yi(r.annual_cost)})"])
            for r in top.itertuples()]
    print_table(con, f"主要措施 Largest measures in {year} (by net annual cost)",
                Column("措施", "Measure"),
                [Column("类别", "Family", "left"), Column("规模", "Level"),
                 Column("年化净成本", "Net cost (CNY/yr)")], rows)


def _label(labels: dict[str, tuple[str, str]], key: str) -> tuple[str, str]:
    """(zh, en) of ``key``, or (key, "") when it has no label."""
    return labels.get(key, (key, ""))


#: reductions shown by county when measures.csv has them (t of each quantity)
COUNTY_REDUCTIONS = ("NOx", "VOCs", "COD", "CO2", "CH4")


def _print_counties(con: Console, m: pd.DataFrame, year: int, names: dict) -> None:
    active = m[m["level"] > 1e-9]
    cols = [q for q in COUNTY_REDUCTIONS if f"reduction_{q}" in active.columns]
    by = (active.groupby("region", as_index=False)
          .agg(annual_cost=("annual_cost", "sum"), measures=("measure", "nunique"),
               **{q: (f"reduction_{q}", "sum") for q in cols})
          .sort_values("annual_cost", ascending=False))
    rows = [Row(*_label(names, r["region"]),
                cells=[str(r["measures"]), (_fmt(r["annual_cost"]),
                                            fmt.wan_yi(r["annual_cost"])),
                       *[_fmt(r[q]) for q in cols]])
            for _, r in by.iterrows()]
    print_table(con, f"分县 By county, {year} (every measure x county x year: measures.csv)",
                Column("县区", "County"),
                [Column("措施数", "Measures"), Column("净成本", "Net CNY/yr"),
                 *[Column(q, "(t)") for q in cols]], rows)


def _print_basis(con: Console, manifest: dict) -> None:
    """What the figures rest on: the accounting rule, estimated inputs, what a price is."""
    acc = manifest.get("accounting")
    if acc:
        con.print(escape(f"口径 Accounting view: {acc}"))
    note = manifest.get("note") or (manifest.get("estimates") or {}).get("note")
    if note:
        con.print(escape(f"证据 Evidence: {note}"))
    con.print("影子价格 Shadow prices: duals of the LP at the optimum (the cost of one more unit "
              "of the target, CNY undiscounted to the target year); each holds over its range "
              "in targets.csv (range_low-range_high).")


def _region_names(outcome) -> dict[str, tuple[str, str]]:
    """region id -> ('汉滨区', 'Hanbin District') from the data pack's regions.csv (empty if
    absent)."""
    from pathlib import Path

    path = Path(outcome.scenario.inventory) / "regions.csv"
    if not path.exists():
        return {}
    reg = pd.read_csv(path, encoding="utf-8-sig")
    return {r: (zh, en) for r, zh, en in zip(reg["region"], reg["name_zh"], reg["name_en"],
                                             strict=True)}


def print_attribution(outcome, console: Console | None = None) -> None:
    """The cost against the no-target reference and each target's incremental cost, share,
    measure at the margin and co-benefits (cost_attribution.csv, model/attribution.py),
    readable at 80 columns."""
    a = getattr(outcome, "attribution", None)
    if a is None or not len(a):
        return
    con = console or _console()
    rows = []
    for _, r in a.iterrows():
        if r["status"] not in ("binding", "optimal", "solver_failure", "") and \
                not str(r["target"]).startswith("("):
            continue  # a slack target adds no cost (its row in cost_attribution.csv says so)
        share = r.get("share_of_plan_cost")
        inc = r.get("incremental_pv_cost_cny")
        rows.append(Row(str(r.get("label_zh", "") or ""), f"{r['target']}",
                        [(_fmt(inc), fmt.wan_yi(inc) if inc == inc else ""),
                         "-" if share is None or share != share else f"{100 * share:.3g} %"]))
        for key in ("measure_serves", "co_benefits", "error"):
            v = r.get(key)
            if isinstance(v, str) and v:
                # one line per measure served / other target delivered to (joined by "; ")
                parts = [v] if key == "error" else v.split("; ")
                rows.extend(Row(f"    {p}") for p in parts if p)
    print_table(con, "成本归因 Cost attribution (present value, CNY; cost_attribution.csv)",
                Column("目标", "Target"),
                [Column("增量成本", "Incremental CNY"), Column("占比", "Share")], rows)


def print_validation(report, console: Console | None = None) -> None:
    """One line per check, then the reachability of each target row at full potential (a
    target with a row per year: one line per year), then the verdict."""
    con = console or _console()
    for level, where, msg in report.checks:
        colour = {"error": "red", "warning": "yellow"}.get(level, "green")
        con.print(f"[{colour}]{level:7s}[/{colour}] {escape(where)}: {escape(msg)}")
    reach = report.reachability
    if reach is not None and len(reach):
        rows: list[Row] = []
        counts = reach["target"].value_counts()
        seen: set[str] = set()
        for _, r in reach.iterrows():
            req, unit = _percent(r["required"], str(r["unit"]))
            best, _ = _percent(r["max_achievable"], str(r["unit"]))
            cells = [f"{_fmt(req)} {unit}", f"{_fmt(best)} {unit}",
                     "是 yes" if r["reachable"] else "否 no"]
            style = "" if r["reachable"] else "red"
            year = int(r["year"])
            if counts[r["target"]] > 1:
                if r["target"] not in seen:
                    rows.append(Row(r["label_zh"], r["label_en"]))
                    seen.add(r["target"])
                rows.append(Row(f"  {year}", "", cells, style))
            else:
                rows.append(Row(r["label_zh"], f"{r['label_en']} ({year})", cells, style))
        print_table(con, "目标可达性 Target reachability at full potential (each on its own)",
                    Column("目标", "Target"),
                    [Column("要求", "Required"), Column("最大可达", "Max achievable"),
                     Column("可达", "Reachable", "left")], rows)
    if report.jointly_feasible is False:
        con.print("[bold red]not valid[/bold red]: every target is reachable on its own, but "
                  "not all at once")
    else:
        con.print("[bold]valid[/bold]" if report.ok else "[bold red]not valid[/bold red]")


def print_inventory_summary(path, summary: pd.DataFrame | None, findings: dict | None = None,
                            console: Console | None = None) -> None:
    """The inventory's sector x gas table (t CO2e) of every year compiled, the QA/QC findings
    by level with the file that lists them, and where the tables were written.

    ``summary``: :func:`model.inventory.run.summary` rows (first column the sector label, a
    ``year`` column when several years were compiled); ``findings``: {severity: count}."""
    con = console or _console()
    if summary is not None and len(summary):
        label = summary.columns[0]
        ycol = "年份 Year"
        gases = [c for c in summary.columns[1:] if c != ycol]
        years = sorted(summary[ycol].unique()) if ycol in summary.columns else [None]
        for year in years:
            part = summary if year is None else summary[summary[ycol] == year]
            rows = []
            for _, r in part.iterrows():
                rows.append(Row(*_zh_en(str(r[label])), [_fmt(r[g]) for g in gases]))
            cols = [Column(*_split_head(g)) for g in gases]
            title = "清单汇总 Inventory summary (t CO2e)" + (f", {int(year)}" if year else "")
            print_table(con, title, Column(*_split_head(label)), cols, rows)
    if findings:
        total = sum(findings.values())
        parts = ", ".join(f"{n} {lvl}" for lvl, n in findings.items())
        from pathlib import Path

        con.print(escape(f"质量检查 QA/QC: {total} findings ({parts}) in "
                         f"{Path(path) / 'g_qaqc_findings.csv'}"))
    con.print(f"清单表 Inventory tables: {escape(str(path))}")


_PRICE = re.compile(r"(?<![\w.,])(-?\d[\d,]*(?:\.\d+)?) CNY/")


def price_wan(text: str) -> str:
    """A target's price sentence (views.csv, library.csv ``binding_targets``: ``co2_intensity
    2025: dual 18,265,658 CNY/percentage point``) with each price in 万元/亿元 like every other
    money figure in the terminal (:func:`model.fmt.wan_yi`: ``dual 1,827万元/pp``; below 1万
    in 元 with three significant digits: ``dual 94.6元/t CO2``); ``percentage point`` as
    ``pp``. Text without a price is returned as it is."""
    def sub(m: re.Match) -> str:
        value = float(m.group(1).replace(",", ""))
        return (fmt.wan_yi(value) if abs(value) >= 1e4 else f"{fmt.plain(value)}元") + "/"

    return _PRICE.sub(sub, text.replace("CNY/percentage point", "CNY/pp"))


def print_views(outcome, console: Console | None = None) -> None:
    """The accounting views of the run (views.csv, :mod:`model.views`): each view's status
    and present-value cost, its intensity falls (required / achieved / most) and binding
    targets below it, then the answer's sentence naming the views it depends on and the
    notes; readable at 80 columns."""
    info = outcome.manifest.get("views")
    path = outcome.out / "views.csv"
    if not info or not path.exists():
        return
    con = console or _console()
    df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    rows = []
    for r in df.itertuples():
        mark = " *" if str(r.this_run) == "True" else ""
        cost = float(r.pv_cost_cny) if str(r.pv_cost_cny) not in ("", "nan") else math.nan
        rows.append(Row(f"{r.view}{mark}", "", [str(r.status), (_fmt(cost), fmt.wan_yi(cost)
                                                                if cost == cost else "")]))
        for part in str(r.intensity).split("; "):
            if part:
                rows.append(Row(f"    {part}"))
        for part in (str(r.binding_targets) or str(r.note)).split("; "):
            if part:
                rows.append(Row(f"    {price_wan(part)}"))
    print_table(con, "核算口径 Accounting views (每个口径单独求解 each view solved; 影子价格 "
                "shadow prices in 元/万元/亿元 per unit of the target)",
                Column("口径", "View"), [Column("状态", "Status", "left"),
                                        Column("折现成本", "PV cost, CNY (万元/亿元)")], rows)
    con.print(escape(f"* 本次运行 this run. {info.get('answer', '')}"))
    con.print(escape(f"注 Note: {info.get('note', '')}. Costs are discounted to the base year "
                     f"(annualised cost: views.csv); shadow prices are duals, undiscounted to "
                     f"the target year. Views took {info.get('seconds')} s, "
                     f"{info.get('ratio_to_main_solve')} x the main solve."))


def _zh_en(text: str) -> tuple[str, str]:
    """'合计（不含土地利用变化和林业）Total excluding LUCF' -> the Chinese part (to its last CJK
    character or full-width mark) and the English rest."""
    last = max((i for i, ch in enumerate(text) if ord(ch) >= 0x2E80), default=-1)
    return text[:last + 1].strip(), text[last + 1:].strip()


def _split_head(text: str) -> tuple[str, str]:
    """'CO2 (t CO2e)' -> ('CO2', '(t CO2e)'): a header's name above its unit."""
    head, sep, unit = str(text).partition(" (")
    return (head, f"({unit}") if sep else (head, "")


def print_peak_years(outcome, console: Console | None = None) -> None:
    """The cost of each candidate peak year of ``--peak-year auto`` (peak_years.csv)."""
    path = outcome.out / "peak_years.csv"
    if not path.exists():
        return
    df = pd.read_csv(path, encoding="utf-8-sig")
    con = console or _console()
    rows = []
    for r in df.itertuples():
        short = r.shortfall_targets if isinstance(r.shortfall_targets, str) else ""
        cells = [_status(str(r.status)), (_fmt(r.pv_cost_cny), fmt.wan_yi(r.pv_cost_cny)),
                 _fmt(r.extra_pv_cost_cny), str(r.plan_peak_year), _fmt(r.plan_peak_co2_t),
                 "✓" if r.chosen else ""]
        rows.append(Row(str(r.peak_year), "", cells, "bold" if r.chosen else ""))
        for s in short.split("; ") if short else []:
            rows.append(Row(f"    short: {s}"))
        err = getattr(r, "error", "")
        if isinstance(err, str) and err:
            rows.append(Row(f"    {err}", "", [], "red"))
    print_table(con, "达峰年份比较 Peak year candidates (--peak-year auto)",
                Column("达峰年", "Peak year"),
                [Column("状态", "Status", "left"), Column("折现成本", "Discounted CNY"),
                 Column("增加", "Extra CNY"), Column("实际峰值年", "Plan's peak"),
                 Column("峰值", "Peak t CO2"), Column("选择", "Chosen", "left")], rows)
    chosen = df[df["chosen"]]
    if len(chosen):
        con.print(f"最低成本达峰年 Least-cost peak year: {int(chosen['peak_year'].iloc[0])} "
                  "(ties go to the earlier year; an earlier peak adds rows, so it never costs "
                  "less)")


def print_library(table: pd.DataFrame, console: Console | None = None) -> None:
    """One row per scenario of ``peakplan run --all`` (results/library.csv), the binding
    targets with their shadow prices below each."""
    con = console or _console()
    rows = []
    for r in table.itertuples():
        if r.status in ("error", "solver_failure"):
            rows.append(Row(str(r.scenario), "", [str(r.status), "-", "-", "-", "-"], "red"))
            rows.append(Row(f"    {r.error}"))
            continue
        ref = getattr(r, "reference_pv_cost_cny", None)
        own = getattr(r, "plan_cost_vs_reference_cny", None)
        peak = (f"{int(r.peak_year)}: {_fmt(r.peak_co2_t)} t" if r.peaks_within_horizon
                else f"none by {int(r.last_year)}") if r.last_year != r.first_year else "-"
        rows.append(Row(str(r.scenario), str(r.label_zh),
                        [_status(str(r.status)), (_fmt(r.pv_cost_cny), fmt.wan_yi(r.pv_cost_cny)),
                         (_fmt(r.annual_cost_cny_per_yr), fmt.wan_yi(r.annual_cost_cny_per_yr)),
                         peak, _fmt(r.co2_last_year_t)],
                        "" if r.status == "optimal" else "red"))
        if ref is not None and ref == ref:
            rows.append(Row(f"    无悔部分 no-regret part {_fmt(ref)} CNY; 目标所致 the targets' "
                            f"own {_fmt(own)} CNY"))
        binding = str(r.binding_targets) if isinstance(r.binding_targets, str) else ""
        # one line per target (a target's dual and annualised price stay together)
        for b in re.split(r"; (?=[A-Za-z][\w-]* \d{4})", binding) if binding else []:
            rows.append(Row(f"    binding: {price_wan(b)}"))
    print_table(con, "情景库比较 Scenario library (results/library.csv)",
                Column("情景", "Scenario"),
                [Column("状态", "Status", "left"), Column("折现成本", "Discounted CNY"),
                 Column("末年净成本", "Last year CNY/yr"), Column("达峰", "CO2 peak"),
                 Column("末年 CO2", "last year t")], rows)


def print_mac(table: pd.DataFrame, console: Console | None = None) -> None:
    """Each MAC curve: level, requirement, cost, shadow price, incremental cost; the measure at
    the margin below each level (mac.csv)."""
    con = console or _console()
    for _target, g in table.groupby("target", sort=False):
        first = g.iloc[0]
        unit = "%" if first["unit"] in ("%", "fraction") else str(first["unit"])
        spu = str(first["shadow_price_unit"]).replace("percentage point", "pp")
        rows = []
        for r in g.itertuples():
            level = 100 * r.value if r.unit in ("%", "fraction") else r.value
            rows.append(Row(f"{_fmt(level)} {unit}", "",
                            [_fmt(r.requirement), _fmt(r.pv_cost_cny), _fmt(r.shadow_price),
                             _fmt(r.incremental_cost)],
                            "" if r.status in ("binding", "slack") else "red"))
            if isinstance(r.marginal_measure, str) and r.marginal_measure:
                rows.append(Row(f"    margin: {r.marginal_measure}"))
        print_table(con, f"边际减排成本 MAC: {first['label_zh']} / {first['label_en']} "
                         f"({int(first['year'])})",
                    Column("目标值", "Level"),
                    [Column("要求", f"Requirement ({first['requirement_unit']})"),
                     Column("折现成本", "Discounted CNY"),
                     Column("影子价格", f"Price ({spu})"),
                     Column("增量成本", f"Incremental ({spu})")], rows)
