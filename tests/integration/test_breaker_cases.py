"""Issue #13: every case the breaker found, one test each: the exit code, one error line under
300 characters (no traceback), and every input and earlier result byte for byte as it was.

Cases with tests of their own: output paths (test_output_paths.py), units
(test_unit_invariance.py), Dask scheduler and worker loss, addresses and a silent port
(tests/sensitivity/test_dask_loss.py), resume identity (tests/sensitivity/
test_resume_identity.py), workbooks (tests/unit/test_workbook_injection.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A project copy with an earlier run in results/ankang_2025."""
    from typer.testing import CliRunner

    from model.cli import app

    d = tmp_path_factory.mktemp("breaker")
    shutil.copytree(ROOT / "scenarios", d / "scenarios")
    shutil.copytree(ROOT / "inventories", d / "inventories")
    cwd = os.getcwd()
    os.chdir(d)
    try:
        res = CliRunner().invoke(app, ["run", "--out", "results/ankang_2025"])
        assert res.exit_code == 0, res.output
    finally:
        os.chdir(cwd)
    return d


@pytest.fixture
def project(base, tmp_path, monkeypatch) -> Path:
    d = tmp_path / "p"
    shutil.copytree(base, d)
    monkeypatch.chdir(d)
    return d


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def check(project: Path, cli, args, code: int, *needles: str, before=None) -> str:
    """Run ``args``; assert the exit code, one error line under 300 characters naming the
    needles, no traceback, and every file that existed before unchanged."""
    before = before if before is not None else snapshot(project)
    got, out = cli(*args)
    lines = [ln for ln in out.splitlines() if ln.startswith("peakplan: error")]
    assert got == code, out
    assert "Traceback" not in out, out
    if code == 2 or lines:
        assert len(lines) == 1, out
        assert len(lines[0]) < 300, lines[0]
        for n in needles:
            assert n in lines[0], (n, lines[0])
    after = snapshot(project)
    assert {k: after.get(k) for k in before} == before, "an input or earlier result changed"
    return lines[0] if lines else out


def edit_csv(path: Path, fn) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows = fn(rows)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def uncertainty(project: Path, line: str) -> str:
    (project / "u.yaml").write_text("uncertainty:\n  - " + line + "\n", encoding="utf-8")
    return "u.yaml"


SENS = ["sensitivity", "scenarios/ankang_2025.yaml", "-N", "2", "--no-progress"]


# ------------------------------------------------------------------ 3: tracebacks, now lines

@pytest.mark.parametrize("text,what", [("- a\n- b\n", "holds a list"), ("", "is empty"),
                                       ("just some text\n", "holds plain text")])
def test_extends_of_a_file_that_is_not_a_mapping(project, cli, text, what):
    (project / "scenarios" / "parent.yaml").write_text(text, encoding="utf-8")
    (project / "scenarios" / "child.yaml").write_text("extends: parent.yaml\nname: child\n",
                                                      encoding="utf-8")
    check(project, cli, ["run", "scenarios/child.yaml", "--out", "results/c"], 2,
          "child.yaml key extends", f"parent.yaml, which {what}")


def test_report_of_a_table_cut_mid_row(project, cli):
    p = project / "results" / "ankang_2025" / "measures.csv"
    p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])
    check(project, cli, ["report", "results/ankang_2025", "--out", "results/rep"], 2,
          "measures.csv row", "cells where the header has")
    assert not (project / "results" / "rep").exists()


def test_report_of_an_emissions_table_with_only_its_header(project, cli):
    p = project / "results" / "ankang_2025" / "emissions.csv"
    p.write_text(p.read_text(encoding="utf-8-sig").splitlines()[0] + "\n",
                 encoding="utf-8-sig")
    check(project, cli, ["report", "results/ankang_2025", "--out", "results/rep"], 2,
          "emissions.csv", "a header but no rows")


@pytest.mark.parametrize("levels", ["0", "1", "3", "1000000000"])
def test_morris_levels_are_bounded(project, cli, levels):
    check(project, cli, [*SENS, "--levels", levels, "--out", "results/s"], 2, "--levels",
          "from 2 to 64")
    assert not (project / "results" / "s").exists()


def test_sample_size_is_bounded(project, cli):
    line = check(project, cli, ["sensitivity", "-N", "100000000000", "--no-progress", "--out",
                                "results/s"], 2, "-N", "at most 1,000,000 evaluations")
    import re

    rows = int(re.search(r"\(([\d,]+) model evaluations", line).group(1).replace(",", ""))
    per = rows // 100_000_000_000  # Morris: groups + 1 evaluations a trajectory
    assert per >= 2 and f"-N {1_000_000 // per:,} or less" in line
    assert not (project / "results" / "s").exists()


@pytest.mark.parametrize("points,needle", [("1e9", "Invalid value for '--points'"),
                                           ("1000000000", "from 2 to 1001 levels")])
def test_mac_points_are_bounded(project, cli, points, needle):
    check(project, cli, ["mac", "--points", points, "--out", "results/m"], 2, needle)


def test_sensitivity_out_naming_an_existing_file(project, cli):
    (project / "results" / "afile").write_text("mine", encoding="utf-8")
    check(project, cli, [*SENS, "--out", "results/afile"], 2, "--out results/afile",
          "an existing file")


def test_resume_from_a_truncated_design(project, cli):
    u = uncertainty(project, "{name: r, target: discount_rate.value, distribution: uniform, "
                             "low: 0.06, high: 0.1, source: t, method: t}")
    assert cli(*SENS, "--uncertainty", u, "--out", "results/s")[0] == 0
    p = project / "results" / "s" / "design.npy"
    p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])
    check(project, cli, [*SENS, "--uncertainty", u, "--out", "results/s"], 2, "design.npy",
          "a damaged file")


def test_uncertainty_range_through_zero_on_source_per_unit(project, cli):
    u = uncertainty(project, '{name: spu, target: "catalogue/measures.csv:source_per_unit['
                             'measure=electric_taxi]", distribution: uniform, low: -1, '
                             'high: 2, source: t, method: t}')
    check(project, cli, [*SENS, "--uncertainty", u, "--out", "results/s"], 2,
          "uncertainty.spu", "column 'source_per_unit' refuses")
    assert not (project / "results" / "s").exists()


@pytest.mark.parametrize("rate", ["1e-15", "1e-17", "-1e-17", "1e-300"])
def test_discount_rate_near_zero_is_never_a_traceback(project, cli, rate):
    """A rate of 1e-17 once divided by zero in the capital recovery factor (a traceback). The
    annuity is now exact near 0 (issue #12) and a non-finite one is refused in one line
    (issue #13): either way no traceback, and a run that completes has finite costs."""
    before = snapshot(project)
    code, out = cli("run", "--set", f"discount_rate.value={rate}", "--out", "results/r")
    assert "Traceback" not in out and code in (0, 2, 3), out
    if code == 2:
        check(project, cli, ["run", "--set", f"discount_rate.value={rate}", "--out",
                             "results/r"], 2, before=before)
    else:
        import json

        m = json.loads((project / "results/r/manifest.json").read_text(encoding="utf-8"))
        assert all(map(lambda v: v == v and abs(v) < float("inf"),
                       (m["solver"]["annual_cost_cny_per_yr"], m["solver"]["pv_cost_cny"])))


def test_a_sample_near_a_zero_discount_rate(project, cli):
    """A sample whose rate rounds 1 + r to 1 once ended in HiGHS 'Unknown' (a NaN cost) or
    dropped the cost index. Now a run whose feasible samples all have a finite cost (the
    annuity is exact near 0, issue #12), or, should a cost still not be a number, one line
    naming the sample and the rate (exit 2, no folder left when no chunk finished)."""
    import pandas as pd

    u = uncertainty(project, "{name: r, target: discount_rate.value, distribution: uniform, "
                             "low: 0, high: 1e-17, source: t, method: t}")
    before = snapshot(project)
    code, out = cli(*SENS, "--uncertainty", u, "--out", "results/s")
    assert "Traceback" not in out and "Unknown" not in out, out
    if code == 2:
        line = check(project, cli, [*SENS, "--uncertainty", u, "--out", "results/s"], 2,
                     "chunk 0, its sample", "discount rate", before=before)
        assert "not a finite number" in line
        assert not (project / "results" / "s").exists()
    else:
        assert code == 0, out
        s = pd.read_parquet(project / "results" / "s" / "samples.parquet")
        ok = s[s["feasible"] == 1]
        assert len(ok) and ok["cost_pv"].notna().all()


# ------------------------------------------------------------------ 4: silent acceptance

def _pot_row(project: Path, **change) -> None:
    def fn(rows):
        extra = dict(rows[0])
        extra.update(change)
        return [*rows, extra]
    edit_csv(project / "scenarios" / "catalogue" / "potentials.csv", fn)


def test_potentials_duplicated_row_with_another_share(project, cli):
    _pot_row(project, potential_share="0.15")
    check(project, cli, ["run", "--out", "results/x"], 2, "potentials.csv rows 2, ",
          "duplicated key")


def test_potentials_unknown_region(project, cli):
    _pot_row(project, region="hanbinn")
    check(project, cli, ["run", "--out", "results/x"], 2, "column 'region'",
          "unknown region 'hanbinn'", "did you mean 'hanbin'?")


def test_potentials_row_for_the_city(project, cli):
    _pot_row(project, region="ankang")
    check(project, cli, ["run", "--out", "results/x"], 2, "column 'region'",
          "the city 'ankang'")


@pytest.mark.parametrize("target,low,high,needle", [
    ("catalogue/prices.csv:value[activity=diesel]", -5000, 8000, "non-negative"),
    ("catalogue/measures.csv:max_build_share[measure=electric_taxi]", -0.5, 0.5,
     "non-negative"),
    ("catalogue/measures.csv:max_build_share[measure=electric_taxi]", 0.1, 1.5,
     "an uptake cap in (0, 1]"),
    ("catalogue/measures.csv:lifetime[measure=electric_taxi]", 0, 200,
     "a service life between 1 and 100 years"),
    ("catalogue/potentials.csv:potential_share[measure=china3_heavy_truck_to_china6b,"
     "year=2025]", 0.1, 1.0, "floor_share <= potential_share"),
])
def test_uncertainty_ranges_meet_the_catalogue_rules(project, cli, target, low, high, needle):
    u = uncertainty(project, f'{{name: p, target: "{target}", distribution: uniform, '
                             f'low: {low}, high: {high}, source: t, method: t}}')
    check(project, cli, [*SENS, "--uncertainty", u, "--out", "results/s"], 2,
          "uncertainty.p", needle)
    assert not (project / "results" / "s").exists()  # refused before any folder is made


# ------------------------------------------------------------------ 5: exit code and reason

def test_every_potential_zero_is_an_infeasible_answer(project, cli):
    def zero(rows):
        for r in rows:
            r["potential_share"] = r["floor_share"] = "0"
        return rows
    edit_csv(project / "scenarios" / "catalogue" / "potentials.csv", zero)
    before = snapshot(project)
    code, out = cli("run", "--out", "results/zero")
    assert code == 3 and "Traceback" not in out, out
    assert "unknown pool" not in out
    assert out.count("Shortfall") >= 4 and "with every other target dropped" in out
    after = snapshot(project)
    assert {k: after.get(k) for k in before} == before
    assert (project / "results" / "zero" / "targets.csv").exists()


def test_mac_on_an_infeasible_scenario_names_the_target(project, cli):
    line = check(project, cli, ["mac", "--set", "targets.nox_load_reduction.value=100000",
                                "--points", "2", "--out", "results/m"], 3,
                 "infeasible target set", "nox_load_reduction 2025 short by")
    assert not (project / "results" / "m").exists()
    assert "t" in line.split("short by", 1)[1]


# ------------------------------------------------------------------ 8: lines under 300

@pytest.mark.parametrize("assignment,needles", [
    ("targetz.x=1", ["unknown key 'targetz'", "did you mean 'targets'?", " more ("]),
    ("targets.nox_load_reductionn.value=1", ["did you mean 'nox_load_reduction'?"]),
    ("projection.fossil_fuelz.elasticity.value=1", ["did you mean 'fossil_fuels'?"]),
    ("targets.nox_load_reduction.quantity=NOX", ["did you mean 'NOx'?", "more"]),
])
def test_lists_of_valid_keys_are_short(project, cli, assignment, needles):
    """These listed every valid key (328-442 characters before issue #13)."""
    check(project, cli, ["validate", "--set", assignment], 2, *needles)


def test_no_numpy_reprs_in_messages(project, cli):
    u = uncertainty(project, '{name: p, target: "catalogue/costs.csv:value[measure='
                             'cement_kiln_ultra_low,item=omm]", distribution: uniform, low: 1, '
                             'high: 2, source: t, method: t}')
    line = check(project, cli, [*SENS, "--uncertainty", u, "--out", "results/s"], 2,
                 "item='omm'", "'capital', 'om'", "did you mean 'om'?")
    assert "np.str_" not in line  # was "one of np.str_('capital'), np.str_('om')"
