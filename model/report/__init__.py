"""Briefing outputs from a run's result folder: workbook, charts, PDF, run comparison.

:func:`report` writes ``report.xlsx`` (:mod:`model.report.workbook`), the PNG charts
(:func:`model.report.charts.write_charts`) and ``briefing.pdf`` (:mod:`model.report.briefing`)
into ``<results_dir>/report/``; given a comparison folder (written by ``peakplan compare``) it
writes the comparison's workbook and charts instead (:mod:`model.report.compare_views`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from model import progress
from model.io import atomic_dir, check_out
from model.report.briefing import build, write_pdf
from model.report.charts import Labeller, write_charts
from model.report.vector import collecting
from model.report.workbook import write_briefing_workbook

__all__ = ["ReportOutcome", "report", "write_report"]


@dataclass
class ReportOutcome:
    """Where a report went, the files written and the warnings to show the user (e.g. the one
    line about a missing CJK font)."""

    folder: Path
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def write_report(results_dir: str | Path, out: str | Path | None = None,
                 sensitivity: str | Path | None = None, cjk: bool | None = None
                 ) -> ReportOutcome:
    """Write the briefing of a result folder (or of a comparison folder) and say what it did.

    ``out`` defaults to ``<results_dir>/report``. A run's report holds ``report.xlsx`` (sheets
    in :mod:`model.report.workbook`), ``briefing.pdf`` (cover and every chart), the PNG
    charts of :func:`model.report.charts.write_charts` and ``charts.pdf`` (every chart as a
    vector page, :mod:`model.report.vector`). ``sensitivity`` names a sensitivity
    results folder (default: one found beside the run). A comparison folder (it holds
    ``comparison.json``) gets ``comparison.xlsx`` and its charts
    (:func:`model.report.compare_views.write_comparison_report`). The folder is built beside ``out``
    and swapped in only when complete (:func:`model.io.atomic_dir`), so a failure leaves an
    earlier report untouched. ``cjk`` False forces English-only labels.

    Raises InputError if ``results_dir`` is neither a result folder nor a comparison folder
    (naming the missing files), or ``sensitivity`` holds no intervals.
    """

    folder = Path(results_dir)
    # checked (.. and links resolved) before anything is read or written
    target = check_out(Path(out) if out is not None else folder / "report", "report")
    lab = Labeller(cjk)
    outcome = ReportOutcome(folder=target)
    if (folder / "comparison.json").is_file() and not (folder / "manifest.json").is_file():
        from model.report.compare_views import write_comparison_report


        with atomic_dir(target, kind="report") as tmp:
            outcome.files = [p.name for p in write_comparison_report(folder, tmp, lab)]
    else:

        with progress.task("报告 Report: 读取 reading the run", total=4):
            b = build(folder, sensitivity)
            with atomic_dir(target, kind="report") as tmp:
                progress.advance("报告 Report: 工作簿 workbook")
                write_briefing_workbook(b, tmp / "report.xlsx")
                progress.advance("报告 Report: 图表 charts")
                with collecting(tmp / "charts.pdf") as vector:
                    pngs = write_charts(b.res, tmp, lab, b.label, b.full)
                progress.advance("报告 Report: 简报 briefing.pdf")
                write_pdf(b, pngs, tmp / "briefing.pdf", lab, vector)
                progress.advance()
                outcome.files = ["report.xlsx", "briefing.pdf", "charts.pdf",
                                 *(p.name for p in pngs)]
        from model.report.mac_reasons import left_out_line

        gone = left_out_line(lambda _z, e: e, getattr(pngs, "left_out", []))
        if gone:
            outcome.warnings.append("note: " + gone)
        if not b.full.available:
            outcome.warnings.append("note: MAC curves show the chosen measures only: "
                                    + b.full.reason)
    if lab.warning:
        outcome.warnings.insert(0, lab.warning)
    return outcome


def report(results_dir: str | Path, out: str | Path | None = None,
           sensitivity: str | Path | None = None) -> Path:
    """:func:`write_report` returning only the folder written (the notebook-friendly form)."""
    return write_report(results_dir, out, sensitivity).folder
