"""The terminal summary of a sensitivity run (bilingual labels)."""

from __future__ import annotations


def print_summary(summary: dict) -> None:
    """Print the probabilities of meeting each target and the five most influential
    parameters of the headline outputs."""
    from rich.console import Console
    from rich.table import Table

    con = Console(width=120)
    what = ("the central plan fits the sample's potentials, pools and caps in"
            if summary["mode"] == "fixed-plan" else "feasible (every target can be met):")
    con.print(f"敏感性分析 Sensitivity: {summary['scenario']} — {summary['method']}, "
              f"{summary['mode']}, {summary['samples']} samples; {what} "
              f"{100 * summary['feasible_share']:.1f} %; exact derive() path on "
              f"{summary['exact_derive_path']} samples")
    t = Table(title="达标概率 Probability each target is met")
    for c in ("target", "P(met)", "95 % interval", "mean shortfall when missed"):
        t.add_column(c)
    for r in summary["probabilities"]:
        t.add_row(r["target"], f"{r['p_met']:.3f}", f"[{r['low95']:.3f}, {r['high95']:.3f}]",
                  f"{r['mean_shortfall_when_missed']:.4g}")
    con.print(t)
    for out, rows in summary["top"].items():
        if not rows or not out.startswith(("cost_pv", "shortfall.co2", "price.co2")):
            continue
        t = Table(title=f"最有影响的假设 Most influential for {out}")
        for c in ("parameter", "index", "value", "±95 %", "note"):
            t.add_column(c)
        for r in rows:
            t.add_row(str(r["parameter"]), str(r["index"]), f"{r['value']:.4g}",
                      f"{r['conf']:.3g}", str(r.get("note") or ""))
        con.print(t)
