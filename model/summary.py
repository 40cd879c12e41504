"""Terminal summaries (rich tables with Chinese and English labels). Presentation only."""

from __future__ import annotations

import math

import pandas as pd
from rich.console import Console
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
    return Console(width=max(Console().width, 120))


def print_run_summary(outcome) -> None:
    """Targets (required, achieved, shadow price, status), total cost and the largest measures."""
    con = _console()
    sc = outcome.scenario
    con.print(f"[bold]{sc.label.zh} / {sc.label.en}[/bold]  ({sc.name})")
    solver = outcome.manifest.get("solver", {})
    con.print(f"状态 Status: [bold]{outcome.status}[/bold]   "
              f"年化净成本 Net annual cost: {_fmt(outcome.annual_cost)} CNY/yr ({max(sc.years)}) = "
              f"支出 gross outlay {_fmt(solver.get('annual_gross_outlay_cny_per_yr'))} − "
              f"节省 savings {_fmt(solver.get('annual_savings_cny_per_yr'))}")
    peak = outcome.manifest.get("pathway") or {}
    pv = solver.get("pv_cost_cny")
    line = (f"折现总成本 Discounted cost {sc.base_year}-{solver.get('annual_cost_year')}: "
            f"{_fmt(pv)} CNY ({sc.base_year} prices, to {sc.base_year})")
    if len(sc.years) > 1 and peak:
        where = ("" if peak.get("peaks_within_horizon") else
                 " — still rising in the last model year: no peak within the horizon")
        line += (f"   达峰 CO2 peak: {peak['peak_year']} at {_fmt(peak['peak_co2_t'])} t CO2; "
                 f"{peak['last_year']}: {_fmt(peak['last_co2_t'])} t CO2{where}")
    con.print(line)
    t = Table(title="目标 Targets")
    for col in ("目标 Target", "要求 Required", "实现 Achieved", "单位 Unit",
                "影子价格 Shadow price", "状态 Status"):
        t.add_column(col, overflow="fold")
    for _, r in outcome.targets.iterrows():
        sp = r.get("shadow_price")
        spu = r.get("shadow_price_unit", "")
        status = str(r.get("status", ""))
        req, ach, unit = r["required"], r["achieved"], str(r["unit"])
        if unit == "fraction":  # intensity falls and service shares read as percentages
            req, ach, unit = 100 * req, 100 * ach, "%"
        t.add_row(f"{r['label_zh']} / {r['label_en']}", _fmt(req), _fmt(ach), unit,
                  f"{_fmt(sp)} {spu}".strip(),
                  f"{_STATUS_ZH.get(status, '')} {status}".strip())
    con.print(t)
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
            labels = dict(zip(m["measure"], m["label_zh"] + " / " + m["label_en"], strict=False))
        mt = Table(title=f"主要措施 Largest measures in {max(sc.years)} (by annual cost)")
        for col in ("措施 Measure", "类别 Family", "规模 Level", "单位 Unit",
                    "年化成本 Annual cost (CNY/yr)"):
            mt.add_column(col, overflow="fold")
        for _, r in top.iterrows():
            mt.add_row(labels.get(r["measure"], r["measure"]), r["family"], _fmt(r["level"]),
                       str(r["unit"]), _fmt(r["annual_cost"]))
        con.print(mt)
    if len(m):
        names = _region_names(outcome)
        active = m[m["level"] > 1e-9]
        by = (active.groupby("region", as_index=False)
              .agg(annual_cost=("annual_cost", "sum"), measures=("measure", "nunique"),
                   NOx=("reduction_NOx", "sum"), VOCs=("reduction_VOCs", "sum"),
                   COD=("reduction_COD", "sum"), CO2=("reduction_CO2", "sum"))
              .sort_values("annual_cost", ascending=False))
        ct = Table(title=f"分县 By county, {max(sc.years)} (measures.csv: every measure x county x "
                   "year)")
        for col in ("县区 County", "措施数 Measures", "年化成本 Annual cost (CNY/yr)",
                    "NOx (t)", "VOCs (t)", "COD (t)", "CO2 (t)"):
            ct.add_column(col, overflow="fold")
        for _, r in by.iterrows():
            ct.add_row(names.get(r["region"], r["region"]), str(r["measures"]),
                       _fmt(r["annual_cost"]), _fmt(r["NOx"]), _fmt(r["VOCs"]), _fmt(r["COD"]),
                       _fmt(r["CO2"]))
        con.print(ct)
    for msg in outcome.messages:
        con.print(msg)
    con.print(f"结果 Results: {outcome.out}")


def _region_names(outcome) -> dict[str, str]:
    """region id -> '汉滨区 Hanbin District' from the data pack's regions.csv (ids if absent)."""
    from pathlib import Path

    path = Path(outcome.scenario.inventory) / "regions.csv"
    if not path.exists():
        return {}
    reg = pd.read_csv(path, encoding="utf-8-sig")
    return {r: f"{zh} {en}" for r, zh, en in zip(reg["region"], reg["name_zh"], reg["name_en"],
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
                "末年净成本 Net annual cost, last year (CNY/yr)", "达峰 CO2 peak",
                "末年 CO2 last year (t)", "起作用的目标 Binding targets (shadow price)"):
        t.add_column(col, overflow="fold")
    for r in table.itertuples():
        if r.status == "error":
            t.add_row(str(r.scenario), "error", "-", "-", "-", "-", str(r.error))
            continue
        peak = (f"{int(r.peak_year)}: {_fmt(r.peak_co2_t)} t" if r.peaks_within_horizon
                else f"none by {int(r.last_year)} (rising)") if r.last_year != r.first_year \
            else "-"
        t.add_row(f"{r.scenario}\n{r.label_zh}", str(r.status), _fmt(r.pv_cost_cny),
                  _fmt(r.annual_cost_cny_per_yr), peak, _fmt(r.co2_last_year_t),
                  str(r.binding_targets).replace("; ", "\n"))
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
