"""Progress bars (issue #16: no progress for report, inventory, --peak-year auto, mac, a
pathway run): model.progress draws nested steps on a terminal and nothing elsewhere; the
commands that can take more than a few seconds open a bar and report their steps."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from model import progress
from model.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=100), buf


def test_steps_are_drawn_nested_and_counted():
    con, buf = _terminal()
    with progress.bar("peakplan report", show=True, console=con):
        assert progress.active()
        with progress.task("图表 Charts", total=3):
            progress.describe("图表 Chart targets.png")
            progress.advance()
    text = buf.getvalue()
    assert "peakplan report" in text and "图表 Chart" in text
    assert "0/3" in text  # the counted step shows done/total; the open-ended title none
    assert "0/?" not in text
    assert not progress.active()


def test_nothing_without_a_bar():
    """Library calls (a notebook, a test) report into nothing and do not fail."""
    assert not progress.active()
    with progress.task("x", total=2):
        progress.describe("y")
        progress.advance("z")
    con, buf = _terminal()
    with progress.bar("t", show=False, console=con):
        progress.advance()
    assert buf.getvalue() == ""


def _city(tmp_path: Path) -> Path:
    spec = importlib.util.spec_from_file_location(
        "sens_conftest", ROOT / "tests" / "sensitivity" / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.write_scenario(tmp_path)


@pytest.mark.parametrize("command", ["run", "mac", "validate", "run --all",
                                     # 11 s of charts: whole suite only (fast lane < 2 min)
                                     pytest.param("report", marks=pytest.mark.slow)])
def test_long_commands_show_their_steps(tmp_path, monkeypatch, command):
    """With a bar forced on (PEAKPLAN_PROGRESS=on; by default only on a terminal), each
    command's bar carries its title and its steps (the made-up city, so each is quick)."""
    scenario = _city(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PEAKPLAN_PROGRESS", "on")
    runner = CliRunner()
    if command == "report":
        monkeypatch.setenv("PEAKPLAN_PROGRESS", "off")
        assert runner.invoke(app, ["run", str(scenario), "--out", "r"]).exit_code == 0
        monkeypatch.setenv("PEAKPLAN_PROGRESS", "on")
        args, expect = ["report", "r"], ["peakplan report", "图表 Chart"]
    elif command == "run --all":
        folder = tmp_path / "lib"
        folder.mkdir()
        scenario.rename(folder / "city.yaml")
        args, expect = ["run", "--all", str(folder)], ["run --all", "Scenario library"]
    elif command == "mac":
        args, expect = ["mac", str(scenario), "--points", "2"], ["peakplan mac", "MAC curve"]
    elif command == "validate":
        args, expect = ["validate", str(scenario)], ["peakplan validate", "loading inputs"]
    else:
        args, expect = ["run", str(scenario)], ["peakplan run", "loading inputs"]
    res = runner.invoke(app, args)
    assert res.exit_code in (0, 3), res.output
    for e in expect:
        assert e in res.output, (e, res.output[-2000:])
