"""The terminal summary of a sensitivity run (bilingual labels). Library warnings never reach
the terminal: they are in the run's ``warnings.log`` (:func:`model.sensitivity.runner.finish`)."""

from __future__ import annotations


def print_summary(summary: dict) -> None:
    """Print the run's basis (samples, share on the exact derive() path), the probability of
    meeting each target with its interval (probability samples only), the warnings on the
    indices, where the plan fails (PRIM) and the five most influential parameters of the
    headline outputs."""
    from rich.console import Console
    from rich.table import Table

    con = Console(width=120)
    con.print(f"敏感性分析 Sensitivity: {summary['scenario']} — {summary['method']}, "
              f"{summary['mode']}, {summary['samples']} samples; exact derive() path on "
              f"{summary['exact_derive_path']} ({100 * summary.get('exact_derive_share', 0):.0f}"
              " %)")
    con.print("Costs are unconditional: a sample that misses a target is costed at its "
              "least-shortfall plan plus each shortfall at its penalty (penalties.csv); "
              "cost_pv_feasible and the shadow prices are over the samples meeting every "
              "target (conditional).")
    if summary.get("probability_sample"):
        what = ("the central plan fits the sample's potentials, pools and caps in"
                if summary["mode"] == "fixed-plan" else "every target can be met in")
        con.print(f"{what} {100 * summary['feasible_share']:.1f} % of the samples "
                  f"({summary['probabilities_note']})")
        t = Table(title="达标概率 Probability each target is met")
        for c in ("target", "P(met)", "95 % interval", "mean shortfall when missed"):
            t.add_column(c)
        for r in summary["probabilities"]:
            name = _label(r.get("label_zh"), r.get("label_en")) or r["target"]
            t.add_row(name, f"{r['p_met']:.3f}", f"[{r['low95']:.3f}, {r['high95']:.3f}]",
                      f"{r['mean_shortfall_when_missed']:.4g}")
        con.print(t)
        if summary.get("failure_sentences"):
            con.print("未达标区域 Where the plan fails (PRIM, failure_boxes.csv):")
            for r in summary["failure_sentences"]:
                if r.get("coverage") is not None:
                    con.print(f"  {r['sentence_en']}")
                    con.print(f"  {r['sentence_zh']}")
    else:
        con.print(f"No probabilities: {summary.get('probabilities_note', '')}.")
    for w in summary.get("warnings", []):
        con.print(f"[yellow]warning:[/yellow] {w}")
    for out, rows in summary["top"].items():
        if not rows or not out.startswith(("cost_pv", "feasible", "shortfall.co2",
                                           "price.co2")):
            continue
        t = Table(title=f"最有影响的假设 Most influential for {out}")
        for c in ("parameter", "index", "value", "±95 %", "note"):
            t.add_column(c)
        for r in rows:
            label = _label(r.get("label_zh"), r.get("label_en")) or str(r["parameter"])
            t.add_row(label, str(r["index"]), f"{r['value']:.4g}",
                      f"{r['conf']:.3g}", str(r.get("note") or ""))
        con.print(t)
    n = summary.get("library_warnings", 0)
    if n:
        con.print(f"{n} messages of SALib, numpy, pandas or ema-workbench are in warnings.log.")


def _label(zh, en) -> str:
    zh = "" if zh is None or zh != zh else str(zh)
    en = "" if en is None or en != en else str(en)
    return en if not zh or zh == en else f"{zh} {en}".strip()
