"""Briefing outputs from a run's result folder: workbook, charts, run comparison.

:func:`report` writes ``report.xlsx`` (:func:`model.report.tables.write_workbook`) and the PNG
charts (:func:`model.report.charts.write_charts`) into ``<results_dir>/report/``;
:func:`model.report.compare.compare` / :func:`~model.report.compare.write_comparison` set two
runs side by side.
"""

from __future__ import annotations

from pathlib import Path

from model.io import atomic_dir

__all__ = ["report"]


def report(results_dir: str | Path, out: str | Path | None = None) -> Path:
    """Write the briefing of a result folder and return the folder it went to.

    ``out`` defaults to ``<results_dir>/report``. The folder holds ``report.xlsx`` (sheets
    目标 Targets, 措施 Measures, 措施分县 Measures by county, 排放 Emissions, 说明 About),
    ``targets.png``, ``emissions_ankang.png`` and ``mac_<quantity>.png`` per reduced quantity.
    It is built beside ``out`` and swapped in only when complete (:func:`model.io.atomic_dir`),
    so a failure leaves an earlier report untouched. Charts carry English labels only when no
    CJK font is installed (logged).

    Raises InputError if ``results_dir`` is not a result folder (names the missing files).
    """
    from model.report.charts import write_charts
    from model.report.tables import read_results, write_workbook

    res = read_results(results_dir)
    target = Path(out) if out is not None else Path(results_dir) / "report"
    with atomic_dir(target, kind="report") as tmp:
        write_workbook(results_dir, tmp / "report.xlsx")
        write_charts(res, tmp)
    return target
