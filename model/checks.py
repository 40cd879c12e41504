"""``peakplan validate``: every check short of solving the least-cost problem.

Checks, in order (the first bad input stops with an :class:`~model.errors.InputError`):

1. schema and YAML (:mod:`model.scenario`): unknown keys, types, YAML 1.1 traps;
2. every input table (:func:`model.io.read_table`): encodings, placeholders, negatives, units,
   sources and estimate methods, duplicated rows, unknown regions and measures;
3. the inventory's QA/QC findings (counties add up to the city, reference vs sectoral approach,
   notation keys) — reported as checks, errors fail validation;
4. the LP data (:func:`model.lp.build.validate`) and its coefficient ranges
   (:mod:`model.lp.scaling`);
5. reachability: for each target, the most the catalogue can achieve at full potential with every
   other target dropped (:func:`model.solve.max_achievable`), against what is required.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.errors import SolverError


@dataclass
class ValidationReport:
    """Findings of :func:`validate_scenario`: ``checks`` as (level, where, message) tuples and
    ``reachability`` with columns target, label_zh, label_en, required, max_achievable, unit,
    reachable."""

    checks: list[tuple[str, str, str]] = field(default_factory=list)
    reachability: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        """True if no check is an error and every target is reachable."""
        bad = any(level == "error" for level, _, _ in self.checks)
        if self.reachability is not None and len(self.reachability):
            bad = bad or not bool(self.reachability["reachable"].all())
        return not bad


def reachability(model, data) -> pd.DataFrame:
    """Each target's requirement against the most the catalogue can achieve on its own."""
    from model.solve import max_achievable

    best = max_achievable(model)
    t = data.targets.set_index("target")
    rows = []
    for target, value in best.items():
        kind, required = t.loc[target, "kind"], float(t.loc[target, "value"])
        ok = value <= required + 1e-9 * max(1, abs(required)) if kind == "cap" else (
            value >= required - 1e-9 * max(1, abs(required)))
        rows.append({"target": target, "label_zh": t.loc[target, "label_zh"],
                     "label_en": t.loc[target, "label_en"], "required": required,
                     "max_achievable": value, "unit": t.loc[target, "unit"], "reachable": ok})
    return pd.DataFrame(rows)


def validate_scenario(path: str | Path | None = None, overrides: list[str] | tuple = ()
                      ) -> ValidationReport:
    """Run checks 1-5 on a scenario file (default: the shipped Ankang 2025 scenario).

    Returns a :class:`ValidationReport`. Raises InputError on the first bad input.
    """
    from model.lp import scaling
    from model.lp.build import build_model
    from model.pipeline import prepare
    from model.scenario import load_scenario

    report = ValidationReport()
    sc = load_scenario(path, overrides)
    report.checks.append(("ok", str(sc.path), "schema, YAML and overrides"))
    prep = prepare(sc)
    report.checks.append(("ok", str(sc.inventory), "input tables: encodings, units, sources, "
                          "duplicates, regions and measures"))
    for chk in getattr(prep.inventory, "checks", []):
        level = str(getattr(chk, "level", "info"))
        report.checks.append((level, str(getattr(chk, "where", "")),
                              str(getattr(chk, "message", chk))))
    model = build_model(prep.data)
    try:
        scaled = scaling.check_and_scale(model)
    except SolverError as exc:
        report.checks.append(("error", "LP coefficients", str(exc)))
        return report
    report.checks.append(("ok", "LP coefficients", f"{len(scaled)} row(s) rescaled, none refused"))
    report.reachability = reachability(model, prep.data)
    return report
