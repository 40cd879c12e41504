"""The ``peakplan`` command line: a thin shell over functions a notebook can call.

Commands: ``run``, ``validate``, ``inventory``. Every bad input ends with one line on stderr
(``peakplan: error: <file/key>: found ...; expected ...``), exit status 2 and no traceback; an
infeasible target set is an answer (results written, exit status 3). See :mod:`model.errors`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from model.errors import EXIT_BAD_INPUT, EXIT_INFEASIBLE, PeakplanError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="peakplan: emission inventory and least-cost carbon-peaking scenarios (Ankang).",
    pretty_exceptions_enable=False,
)

ScenarioArg = Annotated[
    Path | None,
    typer.Argument(help="scenario YAML (default: scenarios/ankang_2025.yaml)", show_default=False),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="override a scenario value: dotted.key=value (repeatable)"),
]


def _fail(exc: PeakplanError) -> None:
    typer.echo(f"peakplan: error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def run(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="results folder "
                                             "(default: results/<scenario name>)")] = None,
    save_lp: Annotated[bool, typer.Option("--save-lp", help="also write the LP file")] = False,
) -> None:
    """Solve a scenario: least-cost measures by county that meet every target."""
    from model.pipeline import run_scenario
    from model.summary import print_run_summary

    try:
        outcome = run_scenario(scenario, overrides=set_ or [], out=out, save_lp=save_lp)
    except PeakplanError as exc:
        _fail(exc)
    print_run_summary(outcome)
    if outcome.status != "optimal":
        raise typer.Exit(EXIT_INFEASIBLE)


@app.command()
def validate(scenario: ScenarioArg = None, set_: SetOpt = None) -> None:
    """Every check short of solving: schema, units, sources, county sums, target reachability."""
    from model.checks import validate_scenario
    from model.summary import print_validation

    try:
        report = validate_scenario(scenario, overrides=set_ or [])
    except PeakplanError as exc:
        _fail(exc)
    print_validation(report)
    if report.bad_input:
        raise typer.Exit(EXIT_BAD_INPUT)
    if not report.ok:
        raise typer.Exit(EXIT_INFEASIBLE)


@app.command()
def inventory(
    folder: Annotated[Path | None, typer.Argument(
        help="inventory data pack (default: inventories/ankang here, else the shipped one)",
        show_default=False)] = None,
    year: Annotated[list[int] | None, typer.Option(
        "--year", help="inventory year (repeatable; default: every year held)")] = None,
    gwp: Annotated[str, typer.Option(help="GWP set: SAR, AR4, AR5 or AR6")] = "AR5",
    factor_set: Annotated[list[str] | None, typer.Option(
        "--factor-set", help="factor sets in priority order (repeatable)")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    previous: Annotated[Path | None, typer.Option(
        "--previous", help="an earlier inventory output folder to report recalculations "
        "against (default: the output folder's earlier run, if any)")] = None,
) -> None:
    """Compile the greenhouse-gas and pollutant inventory of a data pack."""
    from model.inventory.run import load_summary, run_inventory
    from model.summary import print_inventory_summary

    if folder is None:
        from model.scenario import PROJECT_ROOT

        local = Path("inventories") / "ankang"
        folder = local if local.exists() else PROJECT_ROOT / "inventories" / "ankang"
    try:
        path = run_inventory(folder, years=year or None, gwp=gwp,
                             factor_sets=factor_set or None, out=out, previous=previous)
    except PeakplanError as exc:
        _fail(exc)
    print_inventory_summary(path, load_summary(path))


@app.command()
def report(
    results: Annotated[Path, typer.Argument(help="a results folder written by 'peakplan run'")],
    out: Annotated[Path | None, typer.Option("--out", help="output folder "
                                             "(default: <results>/report)")] = None,
) -> None:
    """Briefing outputs of a run: bilingual Excel workbook and charts (cost curves, targets)."""
    from model.report import report as write_report

    try:
        path = write_report(results, out)
    except PeakplanError as exc:
        _fail(exc)
    typer.echo(f"报告 Report: {path}")


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(help="results folder A (reference)")],
    b: Annotated[Path, typer.Argument(help="results folder B (compared with A)")],
    out: Annotated[Path, typer.Option("--out", help="output folder")] = Path(
        "results/comparison"),
) -> None:
    """Differences between two runs (B - A): targets, shadow prices, measures, total cost."""
    from model.report.compare import compare as compare_runs
    from model.report.compare import format_total, write_comparison

    try:
        path = write_comparison(a, b, out)
        total = compare_runs(a, b)["total_cost"]
    except PeakplanError as exc:
        _fail(exc)
    from rich.console import Console

    Console(width=120).print(format_total(total))
    typer.echo(f"比较 Comparison: {path}")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except PeakplanError as exc:  # pragma: no cover - commands catch their own
        typer.echo(f"peakplan: error: {exc}", err=True)
        sys.exit(exc.exit_code)
