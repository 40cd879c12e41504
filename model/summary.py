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
    tt = outcome.targets
    short = "max_achievable" in tt.columns and (tt["status"] == "shortfall").any()
    gaps: list[str] = []
    t = Table(title="目标 Targets", box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("目标 Target", overflow="fold", min_width=14, ratio=1)
    for col in ("要求 Required", "实现 Achieved", "影子价格 Shadow price", "状态 Status"):
        t.add_column(col.replace(" ", "\n"), overflow="fold", justify="right", no_wrap=True)
    for _, r in tt.iterrows():
        sp = r.get("shadow_price")
        spu = str(r.get("shadow_price_unit", "")).replace("percentage point", "pp")
        status = str(r.get("status", ""))
        req, ach, unit = r["required"], r["achieved"], str(r["unit"])
        best = r.get("max_achievable")
        if unit == "fraction":  # intensity falls and service shares read as percentages
            req, ach, unit = 100 * req, 100 * ach, "%"
            best = 100 * best if best is not None else best
        row = [_label(r["label_zh"], r["label_en"]), f"{_fmt(req)} {unit}",
               f"{_fmt(ach)} {unit}", escape(f"{_fmt(sp)} {spu}".strip()),
               _label(_STATUS_ZH.get(status, ""), status)]
        t.add_row(*row)
        if short and status == "shortfall":
            gaps.append(f"未达成 Shortfall: {r['label_zh']} / {r['label_en']} "
                        f"({r.get('year', '')})"
                        f": 缺口 short by {_fmt(req - ach)} {unit}; "
                        f"即使放弃其他目标最多可达 at most {_fmt(best)} {unit} with every other "
                        "target dropped")
    con.print(t)
    for line in gaps:
        con.print(escape(line))
    m = outcome.measures
    if len(m):
        top = (m.groupby(["measure", "family"], as_index=False)
               .agg(level=("level", "sum"), unit=("unit", "first"),
                    annual_cost=("annual_cost", "sum"))
               .sort_values("annual_cost", key=abs, ascending=False).head(10))
        labels = {}
        if "label_zh" in m.columns:
            labels = dict(zip(m["measure"], m["label_zh"] + "\n" + m["label_en"],
                              strict=False))
        mt = Table(title="主要措施 Largest measures (by net annual cost)", box=box.SIMPLE_HEAD,
                   pad_edge=False)
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
                   COD=("reduction_COD", "sum"), CO2=("reduction_CO2", "sum"))
              .sort_values("annual_cost", ascending=False))
        ct = Table(title="分县 By county (every measure x county: measures.csv)",
                   box=box.SIMPLE_HEAD, pad_edge=False)
        for col, just in (("县区\nCounty", "left"), ("措施数\nMeasures", "right"),
                          ("净成本\nNet cost (CNY/yr)", "right"), ("NOx\n(t)", "right"),
                          ("VOCs\n(t)", "right"), ("COD\n(t)", "right"),
                          ("CO2\n(t)", "right")):
            ct.add_column(col, overflow="fold", justify=just)
        for _, r in by.iterrows():
            ct.add_row(names.get(r["region"], r["region"]), str(r["measures"]),
                       _fmt(r["annual_cost"]), _fmt(r["NOx"]), _fmt(r["VOCs"]), _fmt(r["COD"]),
                       _fmt(r["CO2"]))
        con.print(ct)
    said = set(tt["message"]) if "message" in tt.columns else set()
    for msg in outcome.messages:
        if msg not in said:
            con.print(escape(msg))
    con.print(f"结果 Results: {escape(str(outcome.out))}")


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
