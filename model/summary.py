"""Terminal summaries (rich tables with Chinese and English labels). Presentation only."""

from __future__ import annotations

import math

import pandas as pd
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

_STATUS_ZH = {"binding": "约束起作用", "slack": "有余量", "shortfall": "未达成"}


def _fmt(v: object, digits: int = 4) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, int | float):
        a = abs(v)
        if a >= 1e5:
            return f"{v:,.0f}"
        return f"{v:,.{digits}g}" if a < 1 else f"{v:,.1f}"
    return str(v)


def _console() -> Console:
    """A console as wide as the terminal (80 columns when the output is not a terminal and
    COLUMNS is unset); tables wrap their cells (Chinese by characters) to fit."""
    return Console()


def _label(zh: str, en: str) -> str:
    """Chinese and English on their own lines (rich wraps each to the column)."""
    return f"{zh}\n{en}" if zh and en else (zh or en)


def print_run_summary(outcome, console: Console | None = None) -> None:
    """Targets (required, achieved, shadow price, status), total cost, the largest measures and
    the cost by county, each figure once, fitted to the terminal's width.

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
    con.print(f"状态 Status: [bold]{outcome.status}[/bold]\n"
              f"年化净成本 Net annual cost {max(sc.years)}: {_fmt(outcome.annual_cost)} CNY/yr"
              f" = 支出 gross {_fmt(solver.get('annual_gross_outlay_cny_per_yr'))}"
              f" − 节省 savings {_fmt(solver.get('annual_savings_cny_per_yr'))}")
    peak = outcome.manifest.get("pathway") or {}
    line = (f"折现总成本 Discounted cost {sc.base_year}-{solver.get('annual_cost_year')}: "
            f"{_fmt(solver.get('pv_cost_cny'))} CNY ({sc.base_year} prices, to {sc.base_year})")
    if len(sc.years) > 1 and peak:
        where = ("" if peak.get("peaks_within_horizon") else
                 " — still rising in the last model year: no peak within the horizon")
        line += (f"\n达峰 CO2 peak: {peak['peak_year']} at {_fmt(peak['peak_co2_t'])} t CO2; "
                 f"{peak['last_year']}: {_fmt(peak['last_co2_t'])} t CO2{where}")
    ghg = _ghg_line(outcome)
    con.print(line + (f"\n{ghg}" if ghg else ""))
    tt = outcome.targets
    short = "max_achievable" in tt.columns and (tt["status"] == "shortfall").any()
    gaps: list[str] = []
    t = Table(title="目标 Targets", box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("目标 Target", overflow="fold", min_width=14, ratio=1)
    for col in ("要求 Required", "实现 Achieved", "影子价格 Shadow price", "状态 Status"):
        t.add_column(col.replace(" ", "\n"), overflow="fold", justify="right",
                     no_wrap=col != "影子价格 Shadow price")
    for _, r in tt.iterrows():
        sp = r.get("shadow_price")
        spu = str(r.get("shadow_price_unit", "")).split(" (dual")[0] \
            .replace("percentage point", "pp")
        status = str(r.get("status", ""))
        req, ach, unit = r["required"], r["achieved"], str(r["unit"])
        best = r.get("max_achievable")
        if unit == "fraction":  # intensity falls and service shares read as percentages
            req, ach, unit = 100 * req, 100 * ach, "%"
            best = 100 * best if best is not None else best
        row = [_label(r["label_zh"], r["label_en"]), f"{_fmt(req)} {unit}",
               f"{_fmt(ach)} {unit}", escape(_price_cell(r, sp, spu)),
               _label(_STATUS_ZH.get(status, ""), status)]
        t.add_row(*row)
        if short and status == "shortfall":
            gaps.append(f"未达成 Shortfall: {r['label_zh']} / {r['label_en']} "
                        f"({r.get('year', '')})"
                        f": 缺口 short by {_fmt(abs(req - ach))} {unit}; "
                        f"即使放弃其他目标最多可达 at most {_fmt(best)} {unit} with every other "
                        "target dropped")
    con.print(t)
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
        top = (m.groupby(["measure", "family"], as_index=False)
               .agg(level=("level", "sum"), unit=("unit", "first"),
                    annual_cost=("annual_cost", "sum"))
               .sort_values("annual_cost", key=abs, ascending=False).head(10))
        labels = {}
        if "label_zh" in m.columns:
            labels = dict(zip(m["measure"], m["label_zh"] + "\n" + m["label_en"],
                              strict=False))
        mt = Table(title=f"主要措施 Largest measures in {max(sc.years)} (by net annual cost)",
                   box=box.SIMPLE_HEAD, pad_edge=False)
        mt.add_column("措施 Measure", overflow="fold", min_width=14, ratio=1)
        mt.add_column("类别\nFamily", overflow="fold")
        mt.add_column("规模\nLevel", overflow="fold", justify="right")
        mt.add_column("年化净成本\nNet cost (CNY/yr)", overflow="fold", justify="right",
                      no_wrap=True)
        for _, r in top.iterrows():
            mt.add_row(labels.get(r["measure"], r["measure"]), r["family"],
                       f"{_fmt(r['level'])} {r['unit']}", _fmt(r["annual_cost"]))
        con.print(mt)
        names = _region_names(outcome)
        active = m[m["level"] > 1e-9]
        by = (active.groupby("region", as_index=False)
              .agg(annual_cost=("annual_cost", "sum"), measures=("measure", "nunique"),
                   NOx=("reduction_NOx", "sum"), VOCs=("reduction_VOCs", "sum"),
                   COD=("reduction_COD", "sum"), CO2=("reduction_CO2", "sum"),
                   CH4=("reduction_CH4", "sum") if "reduction_CH4" in active.columns
                   else ("reduction_CO2", lambda v: math.nan))
              .sort_values("annual_cost", ascending=False))
        ct = Table(title=f"分县 By county, {max(sc.years)} (every measure x county x year: "
                   "measures.csv)",
                   box=box.SIMPLE_HEAD, pad_edge=False)
        for col, just in (("县区\nCounty", "left"), ("措施数\nMeasures", "right"),
                          ("净成本\nNet cost (CNY/yr)", "right"), ("NOx\n(t)", "right"),
                          ("VOCs\n(t)", "right"), ("COD\n(t)", "right"),
                          ("CO2\n(t)", "right"), ("CH4\n(t)", "right")):
            ct.add_column(col, overflow="fold", justify=just)
        for _, r in by.iterrows():
            ct.add_row(names.get(r["region"], r["region"]), str(r["measures"]),
                       _fmt(r["annual_cost"]), _fmt(r["NOx"]), _fmt(r["VOCs"]), _fmt(r["COD"]),
                       _fmt(r["CO2"]), _fmt(r["CH4"]))
        con.print(ct)
    said = set(tt["message"]) if "message" in tt.columns else set()
    for msg in outcome.messages:
        if msg not in said:
            con.print(escape(msg))
    con.print(f"结果 Results: {escape(str(outcome.out))}")


def _ghg_line(outcome) -> str:
    """温室气体: the city's CH4, N2O and CO2e in the last model year, baseline -> plan (from
    emissions.csv; CO2e = CO2 as the scenario's rule counts it + GWP-100 × CH4, N2O of its
    GWP set), or '' when the run has none."""
    from model.results import split_case

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


def _price_cell(r, sp, spu: str) -> str:
    """A target's price in the terminal, never bare: the dual and the annualised cost per unit,
    or 'catalogue exhausted' first at the frontier (model/prices.py)."""
    ann = r.get("annualised_price")
    if str(r.get("status", "")) != "binding" or ann is None or ann != ann:
        return f"{_fmt(sp)} {spu}".strip()
    text = f"dual {_fmt(sp)}\nannual {_fmt(ann)}\n{spu}"
    note = str(r.get("price_note", "") or "")
    if note and note != "nan":
        text = "catalogue\nexhausted:\n" + text
    return text


def print_attribution(outcome, console: Console | None = None) -> None:
    """The cost against the no-target reference and each target's incremental cost, share,
    measure at the margin and co-benefits (cost_attribution.csv, model/attribution.py)."""
    a = getattr(outcome, "attribution", None)
    if a is None or not len(a):
        return
    con = console or _console()
    t = Table(title="成本归因 Cost attribution (present value, CNY; cost_attribution.csv)",
              box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("目标 Target", overflow="fold", min_width=14, ratio=1)
    t.add_column("增量成本\nIncremental", overflow="fold", justify="right", no_wrap=True)
    t.add_column("占比\nShare", overflow="fold", justify="right", no_wrap=True)
    t.add_column("边际措施 Measure at the margin / 协同 co-benefits", overflow="fold", ratio=2)
    for _, r in a.iterrows():
        if r["status"] not in ("binding", "optimal", "solver_failure", "") and \
                not str(r["target"]).startswith("("):
            continue  # a slack target adds no cost (its row in cost_attribution.csv says so)
        share = r.get("share_of_plan_cost")
        extra = "\n".join(str(v) for v in (r.get("measure_serves"), r.get("co_benefits"),
                                            r.get("error"))
                          if isinstance(v, str) and v)
        t.add_row(_label(str(r.get("label_zh", "") or ""), f"{r['target']}"),
                  _fmt(r.get("incremental_pv_cost_cny")),
                  "-" if share is None or share != share else f"{100 * share:.3g} %",
                  escape(extra))
    con.print(t)


def _region_names(outcome) -> dict[str, str]:
    """region id -> '汉滨区 Hanbin District' from the data pack's regions.csv (ids if absent)."""
    from pathlib import Path

    path = Path(outcome.scenario.inventory) / "regions.csv"
    if not path.exists():
        return {}
    reg = pd.read_csv(path, encoding="utf-8-sig")
    return {r: f"{zh}\n{en}" for r, zh, en in zip(reg["region"], reg["name_zh"], reg["name_en"],
                                                 strict=True)}


def print_validation(report) -> None:
    """One line per check, then the reachability of each target at full potential."""
    con = _console()
    for level, where, msg in report.checks:
        colour = {"error": "red", "warning": "yellow"}.get(level, "green")
        con.print(f"[{colour}]{level:7s}[/{colour}] {where}: {msg}")
    if report.reachability is not None and len(report.reachability):
        t = Table(title="目标可达性 Target reachability at full potential")
        for col in ("目标 Target", "要求 Required", "最大可达 Max achievable", "单位 Unit",
                    "可达 Reachable"):
            t.add_column(col, overflow="fold")
        for _, r in report.reachability.iterrows():
            req, best, unit = r["required"], r["max_achievable"], str(r["unit"])
            if unit == "fraction":
                req, best, unit = 100 * req, 100 * best, "%"
            t.add_row(f"{r['label_zh']} / {r['label_en']}", _fmt(req), _fmt(best), unit,
                      "是 yes" if r["reachable"] else "[red]否 no[/red]")
        con.print(t)
    con.print("[bold]valid[/bold]" if report.ok else "[bold red]not valid[/bold red]")


def print_inventory_summary(path, summary: pd.DataFrame | None) -> None:
    """The inventory's sector x gas summary table and where the tables were written."""
    con = _console()
    if summary is not None and len(summary):
        t = Table(title="清单汇总 Inventory summary")
        for col in summary.columns:
            t.add_column(str(col), overflow="fold")
        for _, r in summary.iterrows():
            t.add_row(*[_fmt(v) for v in r.tolist()])
        con.print(t)
    con.print(f"清单表 Inventory tables: {path}")


def print_views(outcome, console: Console | None = None) -> None:
    """The accounting views of the run (views.csv, :mod:`model.views`): each view's status,
    intensity falls (required, achieved, most reachable), net cost and binding targets, then
    the answer's sentence naming the views it depends on and the notes."""
    info = outcome.manifest.get("views")
    path = outcome.out / "views.csv"
    if not info or not path.exists():
        return
    con = console or _console()
    df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    t = Table(title="核算口径 Accounting views (每个口径单独求解 each view solved)",
              box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("口径 View", overflow="fold", ratio=1)
    t.add_column("状态 Status", overflow="fold")
    t.add_column("强度下降 Intensity fall: required / achieved / most", overflow="fold", ratio=2)
    t.add_column("折现成本 PV cost (CNY)", overflow="fold", justify="right")
    t.add_column("起作用 Binding (shadow price)", overflow="fold", ratio=2)
    for r in df.itertuples():
        mark = " *" if str(r.this_run) == "True" else ""
        inten = str(r.intensity).replace("; ", "\n")
        cost = _fmt(float(r.pv_cost_cny)) if str(r.pv_cost_cny) not in ("", "nan") else "-"
        t.add_row(f"{r.view}{mark}", str(r.status), inten, cost,
                  str(r.binding_targets).replace("; ", "\n") or str(r.note))
    con.print(t)
    con.print(f"* 本次运行 this run. {info.get('answer', '')}")
    con.print(f"注 Note: {info.get('note', '')}. Costs are discounted to the base year "
              f"(annualised cost: views.csv); shadow prices are duals, undiscounted to the "
              f"target year. Views took {info.get('seconds')} s, "
              f"{info.get('ratio_to_main_solve')} x the main solve.")


def print_peak_years(outcome) -> None:
    """The cost of each candidate peak year of ``--peak-year auto`` (peak_years.csv)."""
    path = outcome.out / "peak_years.csv"
    if not path.exists():
        return
    df = pd.read_csv(path, encoding="utf-8-sig")
    con = _console()
    t = Table(title="达峰年份比较 Peak year candidates (--peak-year auto)")
    for col in ("达峰年 Peak year", "状态 Status", "折现成本 Discounted cost (CNY)",
                "增加 Extra (CNY)", "实际峰值年 Plan's peak", "峰值 Peak CO2 (t)",
                "未达成 Short of", "选择 Chosen"):
        t.add_column(col, overflow="fold")
    for r in df.itertuples():
        short = r.shortfall_targets if isinstance(r.shortfall_targets, str) else ""
        err = getattr(r, "error", "")
        if isinstance(err, str) and err:
            short = (short + "\n" if short else "") + err
        t.add_row(str(r.peak_year), str(r.status), _fmt(r.pv_cost_cny),
                  _fmt(r.extra_pv_cost_cny), str(r.plan_peak_year), _fmt(r.plan_peak_co2_t),
                  short.replace("; ", "\n"), "✓" if r.chosen else "")
    con.print(t)
    chosen = df[df["chosen"]]
    if len(chosen):
        con.print(f"最低成本达峰年 Least-cost peak year: {int(chosen['peak_year'].iloc[0])} "
                  "(ties go to the earlier year; an earlier peak adds rows, so it never costs "
                  "less)")


def print_library(table: pd.DataFrame) -> None:
    """One row per scenario of ``peakplan run --all`` (results/library.csv)."""
    con = _console()
    t = Table(title="情景库比较 Scenario library")
    for col in ("情景 Scenario", "状态 Status", "折现成本 Discounted cost (CNY)",
                "无悔部分 No-regret part / 目标所致 the targets' own (CNY)",
                "末年净成本 Net annual cost, last year (CNY/yr)", "达峰 CO2 peak",
                "末年 CO2 last year (t)",
                "起作用的目标 Binding targets (dual; annualised)"):
        t.add_column(col, overflow="fold")
    for r in table.itertuples():
        if r.status in ("error", "solver_failure"):
            t.add_row(str(r.scenario), str(r.status), "-", "-", "-", "-", "-", str(r.error))
            continue
        ref = getattr(r, "reference_pv_cost_cny", None)
        own = getattr(r, "plan_cost_vs_reference_cny", None)
        peak = (f"{int(r.peak_year)}: {_fmt(r.peak_co2_t)} t" if r.peaks_within_horizon
                else f"none by {int(r.last_year)} (rising)") if r.last_year != r.first_year \
            else "-"
        t.add_row(f"{r.scenario}\n{r.label_zh}", str(r.status), _fmt(r.pv_cost_cny),
                  f"{_fmt(ref)}\n{_fmt(own)}", _fmt(r.annual_cost_cny_per_yr), peak,
                  _fmt(r.co2_last_year_t),
                  escape(str(r.binding_targets)
                         .replace("; ", "\n")))
    con.print(t)


def print_mac(table: pd.DataFrame) -> None:
    """Each MAC curve: level, cost, shadow price, measure at the margin (mac.csv)."""
    con = _console()
    for _target, g in table.groupby("target", sort=False):
        first = g.iloc[0]
        t = Table(title=f"边际减排成本 MAC: {first['label_zh']} / {first['label_en']} "
                        f"({int(first['year'])})")
        for col in (f"目标值 Level ({first['unit']})", "要求 Requirement "
                    f"({first['requirement_unit']})", "折现成本 Discounted cost (CNY)",
                    f"影子价格 Shadow price ({first['shadow_price_unit']})",
                    "增量成本 Incremental", "边际措施 Measure at the margin"):
            t.add_column(col, overflow="fold")
        for r in g.itertuples():
            level = 100 * r.value if r.unit in ("%", "fraction") else r.value
            t.add_row(_fmt(level), _fmt(r.requirement), _fmt(r.pv_cost_cny),
                      _fmt(r.shadow_price), _fmt(r.incremental_cost), str(r.marginal_measure))
        con.print(t)
