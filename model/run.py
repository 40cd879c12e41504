"""``peakplan run`` for one scenario: load, derive, solve (one peak year, or each candidate with
``--peak-year auto``), the other accounting views, write.

The stages are :mod:`model.pipeline`'s (load, derive, solve, write); what a run adds on top of
them, choosing the peak year (:mod:`model.peak_year`) and solving the other accounting views
(:mod:`model.views`), is driven from here, so the pipeline imports neither (issue #17: no
import cycle; ``bench/import_cycles.py``).
"""

from __future__ import annotations

from pathlib import Path

from model import peak_year as peak_years
from model import pipeline, progress
from model.errors import InputError
from model.pipeline import RunOutcome
from model.scenario import load_scenario
from model.views import solve_views


def run_scenario(path: str | Path | None = None, overrides: list[str] | tuple = (),
                 out: str | Path | None = None, save_lp: bool = False,
                 peak_year: int | str | None = None, views: bool = True) -> RunOutcome:
    """Load, prepare, solve and write a scenario's results atomically.

    With ``views`` (default) the run also solves the other accounting views
    (:mod:`model.views`; ``views.csv`` and the manifest's ``views``) when it has targets.

    Results go to ``out`` (default ``results/<scenario name>``): ``targets.csv``,
    ``measures.csv``, ``emissions.csv``, ``capacity.csv``, ``costs_by_year.csv``,
    ``pathway.csv``, ``wedges.csv``, ``views.csv``, ``manifest.json`` (and ``model.lp`` with
    ``save_lp``).
    ``peak_year``: a model year replaces the year of the scenario's ``peak`` target; ``"auto"``
    solves every candidate (:func:`model.peak_year.choose`), writes the least-cost one and
    ``peak_years.csv`` with the cost of each. An infeasible target set is an answer: the elastic
    diagnosis is written and ``status`` is ``infeasible``. Raises InputError on bad input before
    anything is written.
    """
    sc = load_scenario(path, overrides)
    out = pipeline.check_out(out if out is not None else pipeline.default_out(sc, overrides),
                             "run", pipeline.input_folders(sc))  # refused before the solve
    with progress.task(f"{sc.name}: 读取 loading inputs", total=5):
        loaded = pipeline.load(sc)
        progress.advance(f"{sc.name}: 推导 projecting activity and measures")
        prep = pipeline.derive(loaded)
        progress.advance(f"{sc.name}: 求解 building and solving the LP")
        extra_tables, extra_manifest = {}, {}
        transform = None
        if peak_year == "auto":
            solved, table, note, transform = peak_years.auto(prep)
            extra_tables["peak_years.csv"] = table
            extra_manifest["peak_year_auto"] = note
        elif peak_year is not None:
            try:
                year = int(peak_year)
            except ValueError:
                raise InputError("--peak-year", repr(peak_year),
                                 "a model year or 'auto'") from None
            solved = pipeline.solve_prepared(prep, pipeline.with_peak_year(prep.data, year))
            extra_manifest["peak_year"] = year

            def transform(d):
                return pipeline.with_peak_year(d, year)
        else:
            solved = pipeline.solve_prepared(prep)
        progress.advance(f"{sc.name}: 口径 the accounting views")
        if views and len(prep.data.targets):
            table, note = solve_views(loaded, prep, solved, transform)
            extra_tables["views.csv"] = table
            extra_manifest["views"] = note
        progress.advance(f"{sc.name}: 写出 writing results")
        outcome = pipeline.write_run(solved, overrides, out, save_lp, extra_tables,
                                     extra_manifest)
        progress.advance()
    return outcome
