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
