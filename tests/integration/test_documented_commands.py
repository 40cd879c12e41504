"""Every documented command runs (issue #16): each ``peakplan`` command of the README's
code blocks and each example of ``peakplan --help`` and ``peakplan COMMAND --help`` is run,
in that order, in a copy of the shipped scenarios and data pack, and must end with exit
status 0 (or 3, an infeasible target set, for ``run`` and ``validate``: the documented answer)
and no traceback. A documented command that does not run is a bug of the
documentation or of the code (``peakplan inventory --factor-set ipcc2006 --previous ...``,
documented until this test, exited 2: the IPCC factor set has no natural-gas NCV by volume).

What is not run, and why: the README's ``python3 -m venv`` and ``pip install`` steps (the
environment running this test is that install) and ``python -m pytest`` (this suite).
Placeholders replaced: ``COMMAND`` (each command's ``--help``) and the Dask scheduler address
(a local cluster on loopback started here, stopped at the end).

One test, because the commands build on each other (``report results/comparison`` reads what
``compare`` wrote): about 3-4 minutes of CPU, most of it the scenario library, the peak-year
candidates and the sensitivity examples.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from model.cli import app

ROOT = Path(__file__).resolve().parents[2]
SCHEDULER = "tcp://127.0.0.1:8786"
SKIPPED = ("python3 -m venv", "pip install", "-m pytest")


def readme_commands() -> list[list[str]]:
    """``peakplan`` and ``python -m model`` commands of the README's bash blocks, in order
    (continued lines joined, comments dropped, ``&&`` chains split)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        block = block.replace("\\\n", " ")
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.split(" #")[0].strip()
                if not part or any(s in part for s in SKIPPED):
                    continue
                args = shlex.split(part)
                if args[0].endswith("bin/peakplan"):
                    out.append(["peakplan", *args[1:]])
                elif args[:3] in (["python", "-m", "model"],) or (
                        args[0].endswith("bin/python") and args[1:3] == ["-m", "model"]):
                    out.append(["python", "-m", "model", *args[3:]])
                else:
                    raise AssertionError(f"README command not understood: {part!r}")
    return out


def help_examples(runner: CliRunner) -> list[list[str]]:
    """The examples of ``peakplan --help`` and of each command's ``--help``, commands taken in
    the order their outputs are used (runs first, reports last)."""
    order = ["run", "validate", "mac", "inventory", "sensitivity", "compare", "report"]
    names = sorted((c.name or c.callback.__name__ for c in app.registered_commands),
                   key=lambda n: (order.index(n) if n in order else len(order), n))
    out = []
    for args in (["--help"], *([n, "--help"] for n in names)):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        lines = res.output.split("Examples:", 1)[1].split("\n\n", 1)[0].splitlines()
        for line in lines:
            cmd = line.split(" #")[0].strip()
            if not cmd:
                continue
            argv = shlex.split(cmd)
            assert argv[0] == "peakplan", line
            if "COMMAND" in argv:
                out += [["peakplan", n, "--help"] for n in names]
            else:
                out.append(argv)
    return out


def test_every_documented_command_runs(tmp_path, monkeypatch):
    from dask.distributed import LocalCluster

    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    shutil.copytree(ROOT / "inventories", tmp_path / "inventories")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    commands, seen = [], set()
    for argv in readme_commands() + help_examples(runner):
        if tuple(argv) not in seen:
            seen.add(tuple(argv))
            commands.append(argv)
    assert len(commands) >= 30
    ran = []
    # the dashboard on a free loopback port: None still starts it on 8787 (distributed's
    # default), which failed with "Port 8787 is already in use" beside another suite's cluster
    with LocalCluster(host="127.0.0.1", n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as cluster:
        for argv in commands:
            argv = [cluster.scheduler_address if a == SCHEDULER else a for a in argv]
            if argv[0] == "python":
                env = {**os.environ, "PYTHONPATH": str(ROOT)}
                res = subprocess.run([sys.executable, *argv[1:]], capture_output=True,
                                     text=True, env=env, cwd=tmp_path)
                code, output = res.returncode, res.stdout + res.stderr
            else:
                res = runner.invoke(app, argv[1:])
                if res.exception and not isinstance(res.exception, SystemExit):
                    raise AssertionError(f"{shlex.join(argv)} raised {res.exception!r}")
                code, output = res.exit_code, res.output
            # 3 is an answer for run and validate (an infeasible target set: peak-2030 on the
            # shipped growth), never for another command
            ok = (0, 3) if argv[:2] in (["peakplan", "run"], ["peakplan", "validate"]) else (0,)
            assert code in ok, f"{shlex.join(argv)} exited {code}:\n{output[-3000:]}"
            assert "Traceback" not in output, shlex.join(argv)
            ran.append(shlex.join(argv))
            if "--peak-year" in argv:  # (a later run --all rewrites the folder)
                assert (tmp_path / "results" / "peak-2030" / "peak_years.csv").is_file()
    # what the documented commands promise is there
    results = tmp_path / "results"
    # (results/comparison is written again by the --help's compare, after its report)
    for path in ("ankang_2025/report/briefing.pdf", "comparison/compare_runs.csv",
                 "test/model.lp", "library.csv",
                 "ankang_2025-mac/mac.csv", "plan-2025-mac/mac.csv", "inventory_ar6/summary.csv",
                 "inventory_china/i_recalculation.csv", "sens_morris/indices.csv",
                 "comparison3/compare_runs.csv"):
        assert (results / path).is_file(), path
    assert (tmp_path / "briefing" / "briefing.pdf").is_file()
    assert any("--scheduler" in c for c in ran)
