"""``peakplan run --all``: run the scenario library and compare the answers in one table.

Every ``*.yaml`` of the scenarios folder that is not ``abstract`` runs as ``peakplan run`` would
(results in ``results/<name>``); one row per scenario gives its status, the present value of
its cost to the base year (CNY, constant base-year prices), the net annual cost of its last
model year, the year and level at which its CO2 peaks (or that it still rises in the last
year), its last-year CO2, its cost against a no-target reference (the no-regret part and the
targets' own, :mod:`model.attribution`), and its binding targets with both prices — the dual
and the annualised cost per unit (:mod:`model.prices`) — a price at the frontier labelled
``catalogue exhausted`` with its distance. The table is written atomically to
``results/library.csv`` beside the runs.

A scenario whose solve fails even after HiGHS's retries is a row with status
``solver_failure`` and the reason in ``error``; the others still run (the CLI exits 4 only when
no scenario could be solved).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from model import progress as bar
from model import run
from model.errors import InputError, PeakplanError, SolverError
from model.io import resolve_out, write_csv_atomic
from model.pipeline import input_folders
from model.prices import binding_text
from model.scenario import load_scenario

COLUMNS = ["scenario", "label_zh", "label_en", "status", "objective", "first_year", "last_year",
           "pv_cost_cny", "reference_pv_cost_cny", "plan_cost_vs_reference_cny",
           "annual_cost_cny_per_yr", "peak_year", "peak_co2_t",
           "peaks_within_horizon", "co2_last_year_t", "decline_after_peak_per_yr",
           "binding_targets", "exhausted_targets", "shortfall_targets", "results", "error"]
#: status of a scenario whose solve failed after every retry
FAILED = "solver_failure"


def scenario_files(folder: Path) -> list[Path]:
    """The runnable scenarios of ``folder`` (``*.yaml``, sorted, ``abstract`` ones left out).
    Raises InputError when the folder holds none."""

    files = sorted(folder.glob("*.yaml"))
    out = [f for f in files if not load_scenario(f).abstract]
    if not out:
        raise InputError(str(folder), "no runnable scenario (*.yaml, not abstract)",
                         "a folder of scenario files, e.g. scenarios/")
    return out


def run_library(folder: Path, overrides: list[str] | tuple = (), results: Path | None = None,
                progress=None) -> pd.DataFrame:
    """Run every scenario of ``folder`` (:func:`scenario_files`) with the same ``--set``
    overrides; results go to ``results/<name>`` (``results`` default: ./results). A scenario
    whose input is bad is reported in the table's ``error`` column and the others still run.
    Returns the comparison table (:data:`COLUMNS`) and writes it to ``results/library.csv``."""

    # the folder is resolved (.. and links) and checked before anything runs; each run is then
    # checked as 'peakplan run --out' checks it, and library.csv is replaced only if it is one
    # that peakplan wrote
    files = scenario_files(folder)
    inputs = []
    for p in files:
        try:
            inputs += input_folders(load_scenario(p, overrides))
        except PeakplanError:  # reported in the table's error column by the loop below
            continue
    results = resolve_out(results if results is not None else Path.cwd() / "results", inputs)
    for folder_in in inputs:  # the runs would be written beside the inputs they read
        real = Path(os.path.realpath(folder_in))
        if results in real.parents:
            raise InputError(f"--out {results}", "a folder holding the input folder "
                             f"{real.relative_to(results)}", "a results folder apart from the "
                             "inputs (e.g. results/)")
    _check_library_csv(results / "library.csv")
    rows: list[dict[str, object]] = []
    for n, path in enumerate(files):
        if progress:
            progress(path)
        try:
            with bar.task(f"情景库 Scenario library: {path.stem} ({n + 1} of {len(files)})"):
                o = run.run_scenario(path, overrides, out=results / _name(path))
        except SolverError as exc:  # recorded; the other scenarios go on
            rows.append({"scenario": path.stem, "status": FAILED, "error": str(exc)})
            continue
        except PeakplanError as exc:
            rows.append({"scenario": path.stem, "status": "error", "error": str(exc)})
            continue
        sc, solver, peak = o.scenario, o.manifest["solver"], o.manifest.get("pathway", {})
        att = o.manifest.get("cost_attribution", {})
        t = o.targets
        notes = t["price_note"].fillna("").astype(str) if "price_note" in t else []
        rows.append({
            "scenario": sc.name, "label_zh": sc.label.zh, "label_en": sc.label.en,
            "status": o.status, "objective": solver.get("objective"),
            "first_year": min(sc.years), "last_year": max(sc.years),
            "pv_cost_cny": solver["pv_cost_cny"],
            "reference_pv_cost_cny": att.get("reference_pv_cost_cny"),
            "plan_cost_vs_reference_cny": att.get("plan_cost_vs_reference_cny"),
            "annual_cost_cny_per_yr": o.annual_cost,
            "peak_year": peak.get("peak_year"), "peak_co2_t": peak.get("peak_co2_t"),
            "peaks_within_horizon": peak.get("peaks_within_horizon"),
            "co2_last_year_t": peak.get("last_co2_t"),
            "decline_after_peak_per_yr": peak.get("decline_after_peak_per_yr"),
            "binding_targets": binding_text(t),
            "exhausted_targets": " ".join(dict.fromkeys(
                t.loc[notes != "", "target"])) if len(t) else "",
            "shortfall_targets": " ".join(sorted(set(t.loc[t["status"] == "shortfall",
                                                          "target"]))) if len(t) else "",
            "results": str(o.out), "error": ""})
    table = pd.DataFrame(rows, columns=COLUMNS)
    write_csv_atomic(table, results / "library.csv")
    return table


def _check_library_csv(path: Path) -> None:
    """Refuse to replace a ``library.csv`` that is a folder or not a table of this module."""
    if not path.exists() and not path.is_symlink():
        return
    header = ""
    if path.is_file() and not path.is_symlink():
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            header = f.readline().strip()
    if header != ",".join(COLUMNS):
        raise InputError(f"--out {path.parent}", f"{path.name}, which 'peakplan run --all' did "
                         "not write", "a results folder whose library.csv is peakplan's own",
                         "move that file out, or choose another --out")


def _name(path: Path) -> str:

    return load_scenario(path).name
