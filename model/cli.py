"""The ``peakplan`` command line: a thin shell over functions a notebook can call.

Commands: ``run`` (one scenario, ``--all`` the library, ``--peak-year``), ``mac``,
``validate``, ``inventory``, ``report``, ``compare``; ``peakplan --version``.
Every bad input ends with one line on stderr (``peakplan: error: <file/key>: found ...; expected
...``), exit status 2 and no traceback; an infeasible target set is an answer (results written,
exit status 3); a solver failure is exit status 4. See :mod:`model.errors`.

Start-up: this module imports only typer and :mod:`model.errors`; every command imports what it
needs when it runs, so ``--help`` and ``--version`` never load pint, pandas or Pyomo. Help is
plain text (no rich panels): boolean options show as flags, examples keep their lines.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from model.errors import EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_SOLVER, InputError, PeakplanError

# '\b' keeps a paragraph's line breaks in click's plain help.
_STATUS = {
    0: "0  done",
    2: "2  bad input: one line on stderr naming the file, row or key, what was found and what\n"
       "   was expected; nothing written, earlier results kept",
    3: "3  infeasible target set",
    4: "4  solver failure (nothing published)",
}


def _epilog(examples: list[str], statuses: dict[int, str]) -> str:
    lines = "\n".join(f"  {e}" for e in examples)
    codes = "\n".join("  " + statuses[c].replace("\n", "\n  ") for c in sorted(statuses))
    return f"\b\nExamples:\n{lines}\n\n\b\nExit status:\n{codes}"


# click's exception classes as this typer uses them (typer 0.29 carries its own click): found
# through the public typer.BadParameter, whatever module holds them
_USAGE_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class _OneLineErrors(TyperGroup):
    """The command group, with click's usage errors (an unknown option, ``--points 1e9``) as
    one line on stderr like every other bad input (``peakplan: error: ...``, exit status 2)
    instead of click's usage block. ``peakplan`` alone still prints the help."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except _USAGE_ERROR as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # 'peakplan' alone: the help
                exc.show()
                sys.exit(exc.exit_code)
            path = exc.ctx.command_path if exc.ctx is not None else "peakplan"
            typer.echo(f"peakplan: error: {' '.join(exc.format_message().split())} (see "
                       f"'{path} --help')", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except _CLICK_EXCEPTION as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    cls=_OneLineErrors,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="peakplan: emission inventory and least-cost carbon-peaking scenarios (Ankang).",
    epilog=_epilog(
        ["peakplan run                  # the shipped scenario -> results/ankang_2025/",
         "peakplan validate             # every check short of solving",
         "peakplan inventory --year 2020 --gwp AR6",
         "peakplan report results/ankang_2025",
         "peakplan compare results/ankang_2025 results/test",
         "peakplan COMMAND --help       # options and examples of one command"],
        {0: "0  done (run: every target met; validate: valid)", 2: _STATUS[2],
         3: "3  infeasible target set (run: results written and marked, each target's\n"
            "   shortfall explained; validate: a target is unreachable at full potential)",
         4: _STATUS[4]}),
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if not value:
        return
    import importlib.metadata

    try:
        version = importlib.metadata.version("peakplan")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        from model import __version__ as version
    typer.echo(f"peakplan {version}")
    raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", help="print the version and exit", is_eager=True,
        callback=_print_version)] = False,
) -> None:
    """peakplan: emission inventory and least-cost carbon-peaking scenarios (Ankang)."""

ScenarioArg = Annotated[
    Path | None,
    typer.Argument(help="scenario YAML (default: scenarios/ankang_2025.yaml)", show_default=False,
                   metavar="SCENARIO"),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="override a scenario value: dotted.key=value (repeatable)",
                 metavar="KEY=VALUE"),
]


def _fail(exc: PeakplanError) -> None:
    typer.echo(f"peakplan: error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


@app.command(epilog=_epilog(
    ["peakplan run",
     "peakplan run scenarios/ankang_2025.yaml --out results/test --save-lp",
     "peakplan run --set targets.nox_load_reduction.value=1000 --set discount_rate.value=0.07 "
     "--out results/nox1000",
     "peakplan run --set drivers.gdp_real_growth.2023.value=6",
     "peakplan run scenarios/peak-2030.yaml --peak-year auto",
     "peakplan run --all              # the library: one comparison table"],
    {0: "0  done: every target met", 2: _STATUS[2],
     3: "3  infeasible target set: results written and marked, each target's shortfall\n"
        "   and most achievable value explained", 4: _STATUS[4]}))
def run(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR", help="results folder "
                                             "(default: results/<scenario name>)")] = None,
    save_lp: Annotated[bool, typer.Option("--save-lp", help="also write the LP file")] = False,
    peak_year: Annotated[str | None, typer.Option(
        "--peak-year", metavar="YEAR|auto", help="set the year of the scenario's peak target; "
        "'auto' solves every model year up to it and keeps the least-cost one "
        "(peak_years.csv: the cost of each)")] = None,
    all_: Annotated[bool, typer.Option(
        "--all", help="run every scenario of scenarios/ (abstract bases skipped) and print one "
        "comparison table (results/library.csv); a scenario the solver fails on is recorded and "
        "the others still run (exit 4 only if none could be solved)")] = False,
) -> None:
    """Solve a scenario: least-cost measures that meet every target.

    Chooses the level of each measure in each county and year at least discounted cost,
    writes targets.csv, measures.csv, emissions.csv, capacity.csv, costs_by_year.csv,
    pathway.csv, wedges.csv and manifest.json, and prints the targets, the discounted cost, the
    CO2 peak, the largest measures and the cost by county. An infeasible target set is an
    answer: each target's shortfall and most achievable value are written and explained.
    """
    if all_:
        _run_all(scenario, set_ or [], out, peak_year)
        return
    from model import progress
    from model.run import run_scenario
    from model.summary import print_attribution, print_peak_years, print_run_summary, print_views

    try:
        with progress.bar("运行 peakplan run"):
            outcome = run_scenario(scenario, overrides=set_ or [], out=out, save_lp=save_lp,
                                   peak_year=peak_year)
    except PeakplanError as exc:
        _fail(exc)
    print_run_summary(outcome)
    print_views(outcome)
    print_attribution(outcome)
    if peak_year == "auto":
        print_peak_years(outcome)
    if outcome.status != "optimal":
        raise typer.Exit(EXIT_INFEASIBLE)


def _run_all(folder: Path | None, overrides: list[str], out: Path | None,
             peak_year: str | None) -> None:
    from model.errors import InputError

    if peak_year is not None:
        _fail(InputError("--peak-year", peak_year, "no --peak-year with --all (run the peak "
                         "scenario on its own: peakplan run scenarios/peak-2030.yaml "
                         "--peak-year auto)"))
    folder = folder or Path("scenarios")
    if not folder.is_dir():
        _fail(InputError(str(folder), "not a folder", "with --all, a scenarios folder "
                         "(default: scenarios/)"))
    from model import progress
    from model.library import run_library
    from model.summary import print_library

    # a bar on a terminal; one line per scenario in a log
    said = None if sys.stderr.isatty() else (lambda p: typer.echo(f"运行 Running {p}", err=True))
    try:
        with progress.bar("情景库 peakplan run --all"):
            table = run_library(folder, overrides, out, progress=said)
    except PeakplanError as exc:
        _fail(exc)
    print_library(table)
    status = table["status"]
    if not status.isin(["optimal", "infeasible"]).any() and (status == "solver_failure").any():
        raise typer.Exit(EXIT_SOLVER)  # nothing could be solved
    if (status != "optimal").any():
        raise typer.Exit(EXIT_INFEASIBLE if (status == "infeasible").any()
                         else EXIT_BAD_INPUT if (status == "error").any() else 0)


@app.command(epilog=_epilog(
    ["peakplan mac                                   # every target of the shipped scenario",
     "peakplan mac scenarios/plan-2025.yaml --target co2_intensity --points 21"],
    {0: "0  done", 2: _STATUS[2], 4: _STATUS[4]}))
def mac(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    target: Annotated[list[str] | None, typer.Option(
        "--target", metavar="ID", help="a target id (repeatable; default every target with "
        "one row)")] = None,
    points: Annotated[int, typer.Option("--points", metavar="N",
                                        help="levels per curve (2 to 1001)")] = 11,
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR", help="output folder "
                                             "(default: results/<scenario name>-mac)")] = None,
) -> None:
    """Marginal abatement cost curves from the model, one per target.

    Sweeps each target's level from where it stops binding to the most the catalogue reaches
    with the other targets held, re-solving the LP at each level: the cost, the shadow price
    (dual and annualised) and the measure at the margin at each level carry the interactions
    between measures. A level the solver fails on (after retries with other settings) is
    recorded and the sweep goes on; exit 4 only if no level could be solved. Writes mac.csv.
    """
    from model import progress
    from model.mac_sweep import run_mac
    from model.summary import print_mac

    try:
        with progress.bar("边际减排成本 peakplan mac"):
            table, path, _sc = run_mac(scenario, set_ or [], target, points, out)
    except PeakplanError as exc:
        _fail(exc)
    print_mac(table)
    typer.echo(f"边际减排成本曲线 MAC curves: {path / 'mac.csv'}")


@app.command(epilog=_epilog(
    ["peakplan validate",
     "peakplan validate scenarios/ankang_2025.yaml --set discount_rate.value=0.07"],
    {0: "0  valid", 2: _STATUS[2],
     3: "3  a target is unreachable even with the catalogue's full potential", 4: _STATUS[4]}))
def validate(scenario: ScenarioArg = None, set_: SetOpt = None) -> None:
    """Every check short of solving; is each target reachable?

    Schema, units, sources, county sums, the encodings read, the LP's coefficient ranges, and
    whether each target can be met at all with the catalogue's full potential.
    """
    from model import progress
    from model.checks import validate_scenario
    from model.summary import print_validation

    try:
        with progress.bar("检查 peakplan validate"):
            report = validate_scenario(scenario, overrides=set_ or [])
    except PeakplanError as exc:
        _fail(exc)
    print_validation(report)
    if report.bad_input:
        raise typer.Exit(EXIT_BAD_INPUT)
    if not report.ok:
        raise typer.Exit(EXIT_INFEASIBLE)


@app.command(epilog=_epilog(
    ["peakplan inventory",
     "peakplan inventory inventories/ankang --year 2020 --gwp AR6 --out results/inventory_ar6",
     "peakplan inventory --factor-set china --factor-set ipcc2006 --previous "
     "results/inventory/ankang --out results/inventory_china",
     "peakplan inventory inventories/ankang --factors inventories/factors --year 2020"],
    {0: "0  done", 2: _STATUS[2]}))
def inventory(
    folder: Annotated[Path | None, typer.Argument(
        help="inventory data pack (default: the pack the default scenario names)",
        show_default=False, metavar="FOLDER")] = None,
    year: Annotated[list[int] | None, typer.Option(
        "--year", metavar="YEAR",
        help="inventory year (repeatable; default: every year held)")] = None,
    gwp: Annotated[str, typer.Option(metavar="SET", help="GWP set: SAR, AR4, AR5 or AR6")] = "AR5",
    factor_set: Annotated[list[str] | None, typer.Option(
        "--factor-set", metavar="NAME",
        help="factor sets in priority order (repeatable)")] = None,
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR", help="output folder "
                                             "(default: results/inventory/<data pack>)")] = None,
    previous: Annotated[Path | None, typer.Option(
        "--previous", metavar="DIR", help="an earlier inventory output folder to report "
        "recalculations against (default: the output folder's earlier run, if any)")] = None,
    factors: Annotated[Path | None, typer.Option(
        "--factors", metavar="DIR", help="the factor library (default: the folder 'factors' "
        "beside the data pack)")] = None,
) -> None:
    """Compile the GHG and pollutant inventory of a data pack.

    IPCC 2006 categories by gas and in CO2e, the provincial guideline's sectors, energy in tce,
    scopes, key categories, uncertainty, QA/QC and pollutants, as CSV (with BOM) and XLSX.
    """
    import json

    from model import progress
    from model.inventory.run import load_summary, run_inventory
    from model.summary import print_inventory_summary

    try:
        if folder is None:
            from model.scenario import default_inventory

            folder = default_inventory()
        with progress.bar("清单 peakplan inventory"):
            path = run_inventory(folder, years=year or None, gwp=gwp,
                                 factor_sets=factor_set or None, out=out, previous=previous,
                                 factors_folder=factors)
    except PeakplanError as exc:
        _fail(exc)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    print_inventory_summary(path, load_summary(path), manifest.get("findings_by_level"))


@app.command(epilog=_epilog(
    ["peakplan report results/ankang_2025            # -> results/ankang_2025/report/",
     "peakplan report results/ankang_2025 --out briefing --sensitivity results/sens_morris",
     "peakplan report results/comparison              # a folder of 'peakplan compare'"],
    {0: "0  done", 2: _STATUS[2]}))
def report(
    results: Annotated[Path, typer.Argument(
        help="a results folder of 'peakplan run', or a comparison folder of 'peakplan compare'",
        metavar="RESULTS")],
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR", help="output folder "
                                             "(default: <results>/report)")] = None,
    sensitivity: Annotated[Path | None, typer.Option(
        "--sensitivity", metavar="DIR", help="sensitivity results folder for the interval "
        "(default: one found beside the run)")] = None,
) -> None:
    """Briefing outputs of a run: bilingual workbook, charts and a PDF.

    report.xlsx (cover with the question, the answer in three sentences and the evidence
    grade; targets with their plan clause; the measure at the margin of each binding target;
    costs gross, savings and net; measures by county with their sources; full-potential MAC
    tables), briefing.pdf and PNG charts (MAC curve per target, targets, emissions, costs and
    reductions by county; pathway and wedges when the run has them). Given a comparison
    folder, the comparison's workbook and charts.
    """
    from model import progress
    from model.report import write_report

    try:
        with progress.bar("报告 peakplan report"):
            outcome = write_report(results, out, sensitivity)
    except PeakplanError as exc:
        _fail(exc)
    for w in outcome.warnings:
        typer.echo(w, err=True)
    typer.echo(f"报告 Report: {outcome.folder}")


@app.command(epilog=_epilog(
    ["peakplan compare results/ankang_2025 results/test --out results/comparison",
     "peakplan compare results/ankang_2025 results/test results/nox1000 --out "
     "results/comparison3   # b - a and c - a"],
    {0: "0  done", 2: _STATUS[2]}))
def compare(
    runs: Annotated[list[Path], typer.Argument(
        help="two or more results folders; the first is the reference", metavar="RUN...")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="output folder")] = Path(
        "results/comparison"),
) -> None:
    """Differences between runs (each against the first).

    Inputs that differ (scenario values, overrides, input files by hash, with the rows that
    changed where both versions are on disk) and outputs that differ (targets and shadow
    prices, measures by county, costs, emissions by year), in the terminal, as CSV and in
    comparison.xlsx. Runs that share a scenario name are told apart by their overrides.
    """
    from model.report.compare_terminal import print_comparison
    from model.report.compare_views import write_comparison

    if len(runs) < 2:
        _fail(InputError("compare", f"{len(runs)} results folder", "two or more folders "
                         "(the first is the reference)"))
    try:
        path, cmp = write_comparison(runs, out)
    except PeakplanError as exc:
        _fail(exc)
    print_comparison(cmp)
    typer.echo(f"比较 Comparison: {path}")


@app.command(epilog=_epilog(
    ["peakplan sensitivity scenarios/ankang_2025.yaml --method morris -N 2 --seed 1 "
     "--workers 2 --out results/sens_morris   # a demonstration: 56 samples",
     "peakplan sensitivity scenarios/ankang_2025.yaml --method sobol -N 2 --seed 1   "
     "# N a power of two; 256 and up to report",
     "peakplan sensitivity scenarios/ankang_2025.yaml --mode fixed-plan --method delta -N 50",
     "peakplan sensitivity scenarios/ankang_2025.yaml -N 2 --scheduler tcp://127.0.0.1:8786"],
    {0: "0  done (interrupted runs resume from their --out folder)", 2: _STATUS[2],
     4: _STATUS[4]}))
def sensitivity(
    scenario: ScenarioArg = None,
    method: Annotated[str, typer.Option(help="a method of model.sensitivity.methods by name: "
                                        "morris, sobol, fast, delta, oat (or one "
                                        "registered there)")] = "morris",
    n: Annotated[int, typer.Option("-N", "--size", metavar="SIZE", help="sample size: Morris "
                                   "trajectories, Sobol base samples (a power of two), FAST "
                                   "samples per parameter, delta samples; at most 1,000,000 "
                                   "model evaluations in all")] = 10,
    seed: Annotated[int, typer.Option(help="seed of the design (same seed, same samples)")] = 1,
    workers: Annotated[int, typer.Option(help="worker processes (each builds its model "
                                         "once; at most twice the CPU cores)")] = 1,
    scheduler: Annotated[str | None, typer.Option(metavar="ADDRESS", help="run the samples "
                                                  "on a Dask scheduler, e.g. "
                                                  "tcp://127.0.0.1:8786")] = None,
    mode: Annotated[str, typer.Option(help="reoptimise (each sample re-solves) or fixed-plan "
                                      "(the central plan under each sample)")] = "reoptimise",
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR", help="run folder "
                                             "(default: results/<scenario>/sensitivity-"
                                             "<method>); an unfinished run resumes")] = None,
    uncertainty: Annotated[Path | None, typer.Option(
        metavar="FILE", help="YAML with an 'uncertainty' list used instead of the "
        "scenario's")] = None,
    second_order: Annotated[bool, typer.Option(
        "--second-order", help="Sobol second-order indices (sample and analysis)")] = False,
    levels: Annotated[int, typer.Option(help="Morris grid levels (even, 2 to 64)")] = 4,
    chunk: Annotated[int, typer.Option(help="samples per chunk written to disk")] = 16,
    set_: SetOpt = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="no progress bar")] = False,
) -> None:
    """Sensitivity and uncertainty of a scenario's answer to its uncertain assumptions.

    The parameters come from the scenario's 'uncertainty' list (or --uncertainty FILE). Writes
    indices with confidence intervals, the probability that each target is met, cost
    percentiles, every sample with its outputs (samples.parquet) and charts.
    """
    from model.sensitivity.runner import run as run_sensitivity

    try:
        summary = run_sensitivity(scenario, overrides=set_ or [], method=method, n=n,
                                  seed=seed, workers=workers, scheduler=scheduler, mode=mode,
                                  out=out, chunk=chunk, second_order=second_order,
                                  levels=levels, progress=not no_progress,
                                  uncertainty=uncertainty)
    except PeakplanError as exc:
        _fail(exc)
    from model.sensitivity.report import print_summary

    print_summary(summary)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except PeakplanError as exc:  # pragma: no cover - commands catch their own
        typer.echo(f"peakplan: error: {exc}", err=True)
        sys.exit(exc.exit_code)
