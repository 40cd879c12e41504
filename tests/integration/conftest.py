"""Fixtures for CLI tests: a private copy of the shipped scenario, data pack and factors."""

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from model.cli import app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp_path/{scenarios,inventories}: a copy that a test may corrupt."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    shutil.copytree(ROOT / "inventories", tmp_path / "inventories")
    return tmp_path


@pytest.fixture
def cli():
    """Invoke the peakplan CLI in-process; returns (exit code, combined output)."""
    runner = CliRunner()

    def invoke(*args: str):
        res = runner.invoke(app, [str(a) for a in args])
        if res.exception and not isinstance(res.exception, SystemExit):
            raise res.exception
        return res.exit_code, res.output

    return invoke


@pytest.fixture(scope="session")
def shipped_runs(tmp_path_factory) -> dict:
    """The shipped 2025 scenario run three ways through the CLI — as it is (``a``), with the
    NOx target at 1,000 t (``b``), with a 7 % discount rate (``c``) — the briefing of ``a``
    (``report``), the comparison of the three (``cmp``) and its briefing: made once and read
    by every test that needs a shipped report (a 2025 report takes about 15 s of CPU).
    Returns the folders and the terminal output of each command (``out_<command>``)."""
    tmp = tmp_path_factory.mktemp("shipped")
    runner = CliRunner()
    scen = ROOT / "scenarios" / "ankang_2025.yaml"
    out = {"root": tmp, "a": tmp / "a", "b": tmp / "b", "c": tmp / "c", "cmp": tmp / "cmp"}

    def call(key: str, *args) -> None:
        res = runner.invoke(app, [str(x) for x in args])
        if res.exception and not isinstance(res.exception, SystemExit):
            raise res.exception
        assert res.exit_code == 0, res.output
        out[f"out_{key}"] = res.output

    call("run_a", "run", scen, "--out", out["a"])
    call("run_b", "run", scen, "--out", out["b"], "--set",
         "targets.nox_load_reduction.value=1000")
    call("run_c", "run", scen, "--out", out["c"], "--set", "discount_rate.value=0.07")
    call("report", "report", out["a"])
    call("compare", "compare", out["a"], out["b"], out["c"], "--out", out["cmp"])
    call("report_cmp", "report", out["cmp"])
    return out
