"""``peakplan run --all``: run the scenario library and compare the answers in one table.

Every ``*.yaml`` of the scenarios folder that is not ``abstract`` runs as ``peakplan run`` would
(results in ``results/<name>``); one row per scenario gives its status, the present value of
its cost to the base year (CNY, constant base-year prices), the net annual cost of its last
model year, the year and level at which its CO2 peaks (or that it still rises in the last
year), its last-year CO2, and its binding targets with their shadow prices. The table is
written atomically to ``results/library.csv`` beside the runs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.errors import InputError, PeakplanError

COLUMNS = ["scenario", "label_zh", "label_en", "status", "objective", "first_year", "last_year",
           "pv_cost_cny", "annual_cost_cny_per_yr", "peak_year", "peak_co2_t",
           "peaks_within_horizon", "co2_last_year_t", "decline_after_peak_per_yr",
           "binding_targets", "shortfall_targets", "results", "error"]


def scenario_files(folder: Path) -> list[Path]:
    """The runnable scenarios of ``folder`` (``*.yaml``, sorted, ``abstract`` ones left out).
    Raises InputError when the folder holds none."""
    from model.scenario import load_scenario

    files = sorted(folder.glob("*.yaml"))
    out = [f for f in files if not load_scenario(f).abstract]
    if not out:
        raise InputError(str(folder), "no runnable scenario (*.yaml, not abstract)",
                         "a folder of scenario files, e.g. scenarios/")
    return out


def _binding(targets: pd.DataFrame) -> str:
    """Binding targets with their shadow prices; a target with rows in several years (peak)
    as its years and the range of its prices."""
    from model.fmt import plain  # never an exponent (2.874e+06 read badly in the table)

    if not len(targets):
        return ""
    b = targets[targets["status"] == "binding"]
    out = []
    for tid, g in b.groupby("target", sort=False):
        unit = g["shadow_price_unit"].iloc[0]
        if len(g) == 1:
            out.append(f"{tid} {int(g['year'].iloc[0])}: {plain(g['shadow_price'].iloc[0])} {unit}")
        else:
            lo, hi = plain(g["shadow_price"].min()), plain(g["shadow_price"].max())
            out.append(f"{tid} {int(g['year'].min())}-{int(g['year'].max())}: "
                       f"{lo} to {hi} {unit}")
    return "; ".join(out)


def run_library(folder: Path, overrides: list[str] | tuple = (), results: Path | None = None,
                progress=None) -> pd.DataFrame:
    """Run every scenario of ``folder`` (:func:`scenario_files`) with the same ``--set``
    overrides; results go to ``results/<name>`` (``results`` default: ./results). A scenario
    whose input is bad is reported in the table's ``error`` column and the others still run.
    Returns the comparison table (:data:`COLUMNS`) and writes it to ``results/library.csv``."""
    from model import progress as bar
    from model.io import write_csv_atomic
    from model.pipeline import run_scenario

    results = Path(results) if results else Path.cwd() / "results"
    rows = []
    files = scenario_files(folder)
    for n, path in enumerate(files):
        if progress:
            progress(path)
        try:
            with bar.task(f"情景库 Scenario library: {path.stem} ({n + 1} of {len(files)})"):
                o = run_scenario(path, overrides, out=results / _name(path))
        except PeakplanError as exc:
            rows.append({"scenario": path.stem, "status": "error", "error": str(exc)})
            continue
        sc, solver, peak = o.scenario, o.manifest["solver"], o.manifest.get("pathway", {})
        t = o.targets
        rows.append({
            "scenario": sc.name, "label_zh": sc.label.zh, "label_en": sc.label.en,
            "status": o.status, "objective": solver.get("objective"),
            "first_year": min(sc.years), "last_year": max(sc.years),
            "pv_cost_cny": solver["pv_cost_cny"], "annual_cost_cny_per_yr": o.annual_cost,
            "peak_year": peak.get("peak_year"), "peak_co2_t": peak.get("peak_co2_t"),
            "peaks_within_horizon": peak.get("peaks_within_horizon"),
            "co2_last_year_t": peak.get("last_co2_t"),
            "decline_after_peak_per_yr": peak.get("decline_after_peak_per_yr"),
            "binding_targets": _binding(t),
            "shortfall_targets": " ".join(sorted(set(t.loc[t["status"] == "shortfall",
                                                          "target"]))) if len(t) else "",
            "results": str(o.out), "error": ""})
    table = pd.DataFrame(rows, columns=COLUMNS)
    write_csv_atomic(table, results / "library.csv")
    return table


def _name(path: Path) -> str:
    from model.scenario import load_scenario

    return load_scenario(path).name
