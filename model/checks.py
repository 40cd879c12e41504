"""``peakplan validate``: every check short of solving the least-cost problem.

Checks, in order (the first bad input stops with an :class:`~model.errors.InputError`):

1. schema and YAML (:mod:`model.scenario`): unknown keys, types, YAML 1.1 traps;
2. every input table (:func:`model.io.read_table`): encodings, placeholders, negatives, units,
   sources and estimate methods, duplicated rows, unknown regions and measures;
3. the inventory's QA/QC findings (counties add up to the city, reference vs sectoral approach,
   notation keys) — reported as checks, errors fail validation;
4. the LP data (:func:`model.lp.build.validate`) and its coefficient ranges
   (:mod:`model.lp.scaling`);
5. reachability: for each target row (each year of a per-year target), the most the catalogue
   can achieve at full potential with every other target dropped
   (:func:`model.lp.diagnose.max_achievable`), against what is required;
6. the targets together: a feasibility solve (zero costs) of the whole LP, so that ``validate``
   says "valid" exactly when ``run`` meets every target (targets each reachable alone can still
   conflict through shared pools and potentials).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model import progress
from model.errors import SolverError
from model.inventory.qaqc import county_sums
from model.io import detect_encoding
from model.lp import compile_lp, kinds
from model.lp.diagnose import max_achievable
from model.pipeline import prepare
from model.scenario import load_scenario


@dataclass
class ValidationReport:
    """Findings of :func:`validate_scenario`: ``checks`` as (level, where, message) tuples and
    ``reachability`` with columns target, label_zh, label_en, required, max_achievable, unit,
    reachable."""

    checks: list[tuple[str, str, str]] = field(default_factory=list)
    reachability: pd.DataFrame | None = None
    #: all targets met together (check 6); None when not checked (a row already unreachable)
    jointly_feasible: bool | None = None

    @property
    def bad_input(self) -> bool:
        """True if a check found bad input (exit status 2 rather than 3)."""
        return any(level == "error" for level, _, _ in self.checks)

    @property
    def ok(self) -> bool:
        """True if no check is an error and every target is reachable."""
        bad = any(level == "error" for level, _, _ in self.checks)
        if self.reachability is not None and len(self.reachability):
            bad = bad or not bool(self.reachability["reachable"].all())
        return not bad and self.jointly_feasible is not False


def encodings(files: list[Path]) -> list[tuple[str, str, str]]:
    """Say which input CSV files were read in an encoding other than plain UTF-8."""

    out = []
    for f in files:
        if f.suffix.lower() == ".csv":
            enc = detect_encoding(f)
            if enc != "utf-8":
                out.append(("info", str(f), f"read as {enc}"))
    return out


def reachability(compiled) -> pd.DataFrame:
    """Each target row's requirement against the most the catalogue can achieve on its own
    (:func:`model.lp.diagnose.max_achievable`)."""
    import math


    best = max_achievable(compiled)
    t = compiled.ix.targets.set_index("target")
    rows = []
    for (target, year), value in best.items():
        kind, required = t.loc[target, "kind"], float(t.loc[target, "value"])
        tol = 1e-9 * max(1, abs(required))
        if math.isnan(value):
            ok = True  # a pathway row (peak): reachability is judged by the solve
        elif kinds.get(kind).upper_limit:
            ok = value <= required + tol
        else:
            ok = value >= required - tol
        rows.append({"target": target, "year": year, "label_zh": t.loc[target, "label_zh"],
                     "label_en": t.loc[target, "label_en"], "required": required,
                     "max_achievable": value, "unit": t.loc[target, "unit"], "reachable": ok})
    return pd.DataFrame(rows)


def validate_scenario(path: str | Path | None = None, overrides: list[str] | tuple = ()
                      ) -> ValidationReport:
    """Run checks 1-5 on a scenario file (default: the shipped Ankang 2025 scenario).

    Returns a :class:`ValidationReport`. Raises InputError on the first bad input.
    """

    report = ValidationReport()
    sc = load_scenario(path, overrides)
    report.checks.append(("ok", str(sc.path), "schema, YAML and overrides"))
    with progress.task(f"{sc.name}: 读取 loading inputs", total=3):
        return _validate(sc, report)


def _validate(sc, report: ValidationReport) -> ValidationReport:

    prep = prepare(sc)
    progress.advance(f"{sc.name}: 检查 checking tables and the LP")
    report.checks.append(("ok", str(sc.inventory), "input tables: encodings, units, sources, "
                          "duplicates, regions and measures"))
    for chk in getattr(prep.inventory, "checks", []):
        level = str(getattr(chk, "level", "info"))
        report.checks.append((level, str(getattr(chk, "where", "")),
                              str(getattr(chk, "message", chk))))
    report.checks += county_sums(Path(sc.inventory))
    report.checks += encodings(prep.input_files)
    try:
        compiled = compile_lp(prep.data)
    except SolverError as exc:
        report.checks.append(("error", "LP coefficients", str(exc)))
        return report
    report.checks.append(("ok", "LP coefficients",
                          f"{len(compiled.scaled)} row(s) rescaled, none refused"))
    progress.advance(f"{sc.name}: 可达性 each target at full potential, then together")
    report.reachability = reachability(compiled)
    progress.advance()
    if not len(report.reachability) or bool(report.reachability["reachable"].all()):
        report.jointly_feasible = jointly_feasible(compiled)
        report.checks.append(
            ("ok", "targets together", "every target can be met at once (feasibility solve)")
            if report.jointly_feasible else
            ("warning", "targets together", "each target can be met on its own, but not all "
             "at once (shared potentials and pools): 'peakplan run' gives the least-shortfall "
             "plan and each target's shortfall"))
    return report


def jointly_feasible(compiled) -> bool:
    """True if every target row can hold at once: one solve of the compiled LP with zero costs
    (HiGHS's phase 1 decides it); costs restored. Raises SolverError when HiGHS ends otherwise
    than optimal or infeasible."""
    import numpy as np

    hm = compiled.model
    c0 = compiled.lp.c.copy()
    try:
        hm.set_costs(np.zeros_like(c0))
        status = hm.run()
    finally:
        hm.set_costs(c0)
    if status not in ("optimal", "infeasible"):
        raise SolverError(f"feasibility solve of the targets together ended with '{status}'")
    return status == "optimal"
