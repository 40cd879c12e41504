"""Issue #13: a Dask run that loses its scheduler or all its workers ends in one line within a
declared timeout, with the finished chunks kept for a resume (it once printed a 77-line
traceback, or waited forever). Clusters listen on loopback only and stop by themselves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from model.sensitivity import runner

HERE = Path(__file__).resolve().parent
ARGS = dict(method="morris", n=6, seed=5, chunk=2, progress=False, charts=False)
TIMEOUT = 8.0  # the declared timeouts, shortened for the test (30 s and 60 s by default)


@pytest.fixture
def cli():
    """Invoke the peakplan CLI in-process; returns (exit code, combined output)."""
    from typer.testing import CliRunner

    from model.cli import app

    def invoke(*args):
        res = CliRunner().invoke(app, [str(a) for a in args])
        if res.exception and not isinstance(res.exception, SystemExit):
            raise res.exception
        return res.exit_code, res.output

    return invoke


def _samples(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "samples.parquet").drop(columns=["path"])


def _kill_after_first_chunk(out: Path, kill, box: dict, limit: float = 300) -> threading.Thread:
    """A thread that calls ``kill()`` as soon as one chunk is on disk (time kept in box)."""

    def watch() -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if list((out / "chunks").glob("chunk_*.parquet")):
                kill()
                box["killed"] = time.monotonic()
                return
            time.sleep(0.05)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    return t


def _one_line(cli_out: str) -> str:
    lines = [ln for ln in cli_out.splitlines() if ln.startswith("peakplan: error")]
    assert len(lines) == 1 and "Traceback" not in cli_out, cli_out
    assert len(lines[0]) < 300, lines[0]
    return lines[0]


def _resume_equals_fresh(tmp_path: Path, scenario: Path, out: Path) -> None:
    kept = {p.name: p.read_bytes() for p in (out / "chunks").glob("chunk_*.parquet")}
    assert kept, "no chunk was kept"
    s = runner.run(scenario, out=out, **ARGS)  # resumed locally
    assert s["resumed"]
    for name, data in kept.items():  # the finished chunks were kept, not run again
        assert (out / "chunks" / name).read_bytes() == data
    runner.run(scenario, out=tmp_path / "fresh", **ARGS)
    pd.testing.assert_frame_equal(_samples(out), _samples(tmp_path / "fresh"))


def test_scheduler_lost_mid_run_ends_in_one_line(tmp_path, scenario, cli, monkeypatch):
    monkeypatch.setattr(runner, "SCHEDULER_TIMEOUT", TIMEOUT)
    proc = subprocess.Popen([sys.executable, str(HERE / "dask_cluster.py"), "300", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    out, box = tmp_path / "run", {}
    try:
        address = proc.stdout.readline().strip()
        assert address.startswith("tcp://127.0.0.1:"), address
        _kill_after_first_chunk(out, lambda: os.killpg(proc.pid, signal.SIGKILL), box)
        code, text = cli("sensitivity", scenario, "--method", "morris", "-N", "6", "--seed",
                         "5", "--chunk", "2", "--no-progress", "--out", out,
                         "--scheduler", address)
        ended = time.monotonic()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert "killed" in box
    assert code == 4
    line = _one_line(text)
    assert "scheduler" in line and "run the same command again to resume" in line
    assert ended - box["killed"] < TIMEOUT + 20  # the declared timeout, and a margin
    assert not (out / "samples.parquet").exists()
    _resume_equals_fresh(tmp_path, scenario, out)


def test_all_workers_lost_ends_in_one_line(tmp_path, scenario, cli, monkeypatch):
    from dask.distributed import LocalCluster

    monkeypatch.setattr(runner, "WORKER_TIMEOUT", TIMEOUT)
    out, box = tmp_path / "run", {}
    with LocalCluster(host="127.0.0.1", n_workers=0, processes=True,
                      dashboard_address=None) as cluster:
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address,
             "--no-nanny", "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard",
             "--death-timeout", "60"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            _kill_after_first_chunk(out, lambda: os.killpg(worker.pid, signal.SIGKILL), box)
            code, text = cli("sensitivity", scenario, "--method", "morris", "-N", "6",
                             "--seed", "5", "--chunk", "2", "--no-progress", "--out", out,
                             "--scheduler", cluster.scheduler_address)
            ended = time.monotonic()
        finally:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
    assert "killed" in box
    assert code == 4
    line = _one_line(text)
    assert "no worker" in line and "run the same command again to resume" in line
    assert ended - box["killed"] < TIMEOUT + 20
    _resume_equals_fresh(tmp_path, scenario, out)


@pytest.mark.parametrize("address", ["", "tls://127.0.0.1:8786", "ucx://127.0.0.1:8786",
                                     "127.0.0.1", "tcp://127.0.0.1:99999"])
def test_scheduler_address_refused_in_one_line(tmp_path, scenario, cli, address):
    code, text = cli("sensitivity", scenario, "-N", "2", "--no-progress", "--out",
                     tmp_path / "x", "--scheduler", address)
    assert code == 2
    line = _one_line(text)
    assert "--scheduler" in line and "tcp://host:port" in line
    assert not (tmp_path / "x").exists()


def test_a_port_that_never_answers_is_given_up_within_the_timeout(tmp_path, scenario, cli):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(5)  # accepts connections, never speaks
    try:
        t0 = time.monotonic()
        code, text = cli("sensitivity", scenario, "-N", "2", "--no-progress", "--out",
                         tmp_path / "x", "--scheduler", f"tcp://127.0.0.1:{s.getsockname()[1]}")
        took = time.monotonic() - t0
    finally:
        s.close()
    assert code == 2
    assert "no Dask scheduler answering" in _one_line(text)
    assert took < 30  # CONNECT_TIMEOUT (5 s) + 5 s, and start-up
    assert not (tmp_path / "x").exists()
