"""Runs: resume after a kill, a dead worker's chunk re-run, a local Dask cluster equal to the
local run, an unreachable scheduler refused, a resume into another run's folder refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from model.errors import InputError
from model.sensitivity import runner

ARGS = dict(method="morris", n=6, seed=5, chunk=4, progress=False, charts=False)


def _samples(folder):
    df = pd.read_parquet(folder / "samples.parquet")
    return df.drop(columns=["path"])


def test_resume_after_kill(tmp_path, scenario):
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "model", "sensitivity", str(scenario), "--method", "morris",
           "-N", "30", "--seed", "5", "--chunk", "4", "--out", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if len(list((out / "chunks").glob("chunk_*.parquet"))) >= 3:
                break
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    done = {p.name for p in (out / "chunks").glob("chunk_*.parquet")}
    assert 3 <= len(done) < 60
    assert not (out / "samples.parquet").exists()
    before = {p: (out / "chunks" / p).stat().st_mtime_ns for p in done}
    s = runner.run(scenario, out=out, **{**ARGS, "n": 30})
    assert s["resumed"]
    for p, t in before.items():  # finished chunks were kept, not re-run
        assert (out / "chunks" / p).stat().st_mtime_ns == t
    runner.run(scenario, out=tmp_path / "fresh", **{**ARGS, "n": 30})
    pd.testing.assert_frame_equal(_samples(out), _samples(tmp_path / "fresh"))


def test_dead_worker_chunk_runs_again(tmp_path, scenario, monkeypatch):
    flag = tmp_path / "died"
    monkeypatch.setenv("PEAKPLAN_SENSITIVITY_DIE_ONCE", str(flag))
    runner.run(scenario, out=tmp_path / "pool", workers=2, **ARGS)
    assert flag.exists()
    monkeypatch.delenv("PEAKPLAN_SENSITIVITY_DIE_ONCE")
    runner.run(scenario, out=tmp_path / "local", **ARGS)
    pd.testing.assert_frame_equal(_samples(tmp_path / "pool"), _samples(tmp_path / "local"))


def test_local_dask_cluster_equals_local_run(tmp_path, scenario):
    from dask.distributed import LocalCluster

    with LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as cluster:
        runner.run(scenario, out=tmp_path / "dask", scheduler=cluster.scheduler_address,
                   **ARGS)
    runner.run(scenario, out=tmp_path / "local", **ARGS)
    pd.testing.assert_frame_equal(_samples(tmp_path / "dask"), _samples(tmp_path / "local"))


def test_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, scenario):
    with pytest.raises(InputError, match="no Dask scheduler answering"):
        runner.run(scenario, out=tmp_path / "x", scheduler="tcp://127.0.0.1:9", **ARGS)
    assert not (tmp_path / "x").exists()
    r = subprocess.run([sys.executable, "-m", "model", "sensitivity", str(scenario),
                        "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "y"),
                        "--no-progress"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "scheduler" in r.stderr


def test_resume_into_another_run_refused(tmp_path, scenario):
    runner.run(scenario, out=tmp_path / "run", **ARGS)
    with pytest.raises(InputError, match=r"seed \(5 -> 6\)"):
        runner.run(scenario, out=tmp_path / "run", **{**ARGS, "seed": 6})
    other = scenario.read_text(encoding="utf-8").replace("high: 12", "high: 14")
    scenario.write_text(other, encoding="utf-8")
    with pytest.raises(InputError, match=r"parameters \(rate\)"):
        runner.run(scenario, out=tmp_path / "run", **ARGS)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a sensitivity run"):
        runner.run(scenario, out=tmp_path / "mine", **ARGS)


def test_cli_oat_run_writes_tables_and_charts(tmp_path, scenario):
    out = tmp_path / "oat"
    r = subprocess.run([sys.executable, "-m", "model", "sensitivity", str(scenario),
                        "--method", "oat", "--out", str(out), "--no-progress"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    # one-at-a-time runs are no probability sample (issue #15): no probability is printed
    assert "Probability each target is met" not in r.stdout
    assert "No probabilities: oat is a screening design" in r.stdout
    for f in ("indices.csv", "penalties.csv", "samples.parquet", "summary.json",
              "manifest.json", "warnings.log", "charts/tornado_cost_pv.png"):
        assert (out / f).exists(), f
    for f in ("probabilities.csv", "percentiles.csv", "failure_boxes.csv",
              "charts/cost_distribution.png"):
        assert not (out / f).exists(), f
    ind = pd.read_csv(out / "indices.csv")
    swing = ind[(ind["output"] == "cost_pv") & (ind["index"] == "swing")]
    assert len(swing) == 7
    bad = subprocess.run([sys.executable, "-m", "model", "sensitivity", str(scenario),
                          "--method", "sobol", "-N", "100", "--out", str(tmp_path / "s"),
                          "--no-progress"], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "power of two" in bad.stderr
    assert bad.stderr.count("\n") == 1
