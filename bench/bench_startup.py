"""Benchmark: start-up cost of the peakplan CLI, as ratios (issue #9, "start-up speed").

Every measurement runs in a fresh interpreter (``sys.executable -m model ...``), so nothing is
cached between them. Printed, in one run:

* ``--help`` wall time as a multiple of a bare interpreter start (``python -c pass``) and as a
  share of a full ``peakplan run``; whether ``--help`` imported pint, pandas or pyomo (it must not);
* the import share of ``peakplan run`` on the shipped scenario: the time spent in imports (every
  top-level entry of ``python -X importtime``, including imports made lazily inside functions)
  divided by the run's wall time (goal: under a quarter), three ways: ``warm`` (the unit-factor
  cache of :mod:`model.units` filled by an earlier run), ``cold`` (an empty cache folder for
  every process, as on a machine's first run: the shipped seed ``model/unit_seed.json`` is
  read) and ``cold-noseed`` (empty folder, seed off: a first run under pint/openscm-units
  versions other than the seed's, which builds the registry);
* the unit registry's share: importing :mod:`model.units` and making it ready for one GWP lookup
  and one conversion (registry and GWP contexts built), divided by the run's wall time;
* whether ``peakplan run`` (no ``--save-lp``) imports Pyomo and whether it builds the GWP
  contexts (it needs neither: emissions stay in t of each gas, CO2e is for inventory tables);
* the start-up share: imports plus the GWP contexts if the run builds them (outside imports,
  on first use), divided by the run's wall time — so moving work from import time to first use
  cannot make the import share look better than start-up really is.

Ratios, not seconds, so that a regression shows the same on any machine; ``--seconds`` adds the
absolute medians for the record. Run from the repository root::

    python bench/bench_startup.py [--repeat N] [--seconds]

Recorded (5 processes each, one 2-core machine), before -> after branch edge-hardening:

=============================================  ===============  ================
ratio                                          before (main)    after
=============================================  ===============  ================
--help / bare interpreter start                6.68             3.14
--help / peakplan run                          0.031            0.030
--help imports pint/pandas/pyomo/numpy/scipy   none             none
import share of peakplan run                   0.702            0.548
run loads scipy.stats/sparse/spatial           yes              no
unit registry ready / run                      0.478            0.597
start-up share (imports + registry build)      0.702            0.769
(seconds: peakplan run)                        3.69             1.90
(seconds: --help)                              0.116            0.057
=============================================  ===============  ================

The run halved, so every start-up share grew relative to it: what remains of start-up is pandas
(0.21 s), openscm-units building its registry when imported (0.39 s: pint's defaults plus about
1,600 gas units), its four GWP contexts on first use (0.42 s) and Pyomo (0.19 s).

Recorded for issue #9 (7 processes each, the same 2-core machine, shared with other work: the
run's wall time moved between 2.1 and 4.2 s from one measurement to the next, so read the
ratios as ranges over three measurements each):

=============================================  ==============  ==============  ==============
ratio                                          before (main    after (branch   after + Pyomo
                                               b0a20d6)        briefing)       lazy in the
                                                                               pipeline (*)
=============================================  ==============  ==============  ==============
--help / bare interpreter start                2.3-3.5         2.0-2.7         2.2-3.2
--help / peakplan run                          0.014-0.024     0.018-0.021     0.027-0.030
--help imports pint/pandas/pyomo/numpy/scipy   none            none            none
import share of peakplan run                   0.61-0.81       0.56-0.57       0.47-0.48
run loads scipy.stats/sparse/spatial           all three       all three       sparse only
run imports pyomo (no --save-lp)               yes             yes             no
run builds the GWP contexts                    no              no              no
start-up share (imports + contexts if built)   0.61-0.81       0.56-0.57       0.47-0.48
(seconds: peakplan run, quietest median)       2.8             2.9             2.1
=============================================  ==============  ==============  ==============

(*) measured with ``from model.lp.pyomo_model import write_lp`` moved inside ``if save_lp:`` in
``model.pipeline.run_scenario`` — a file this branch does not own, so not committed here. Pyomo
costs 0.7 s of a run now, because ``model.lp.structure`` imports scipy.sparse and Pyomo then
loads scipy.stats, .spatial and .integrate too. The GWP contexts were already off the run's path
(built on the first :func:`model.units.gwp_context` / :func:`model.units.gwp`); this branch makes
``gwp_context`` build them too, so its name works with the registry directly. Below a quarter
is out of reach by laziness alone: after Pyomo, the run's imports are openscm-units building the
one registry (0.44 s), pandas (0.21 s), typer and rich (0.12 s), highspy and scipy.sparse
(0.08 s) — about 1.0 s against 1.1 s of work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pint", "pandas", "pyomo", "numpy", "openscm_units", "scipy")

UNITS_READY = (
    "import time; t = time.perf_counter(); import model.units as u; u.gwp('CH4', 'AR5'); "
    "u.convert(1, '万吨', 't'); print(time.perf_counter() - t)"
)


#: the unit-factor cache (model.units) of the current measurement: a folder, or "off"
_CACHE: dict[str, str] = {}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.update(_CACHE)
    return env


def _wall(args: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> float:
    t = time.perf_counter()
    res = subprocess.run([sys.executable, *args], cwd=cwd, env=_env(), capture_output=True,
                         text=True)
    wall = time.perf_counter() - t
    if res.returncode not in ok:
        sys.exit(f"{' '.join(args)} exited {res.returncode}:\n{res.stderr[-2000:]}")
    return wall


def _imports(args: list[str], cwd: Path) -> tuple[float, set[str]]:
    """(seconds spent in imports, names of the modules imported) of one fresh process."""
    res = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=cwd, env=_env(),
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"-X importtime {' '.join(args)} exited {res.returncode}:\n{res.stderr[-2000:]}")
    total_us, names = 0, set()
    for line in res.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|", 2)
        if not cumulative.strip().isdigit():
            continue  # the header line
        names.add(name.strip())
        if not name.startswith("  ", 1):  # top level: no indentation after "| "
            total_us += int(cumulative)
    return total_us / 1e6, names


MODES = ("warm", "cold", "cold-noseed")


def _set_cache(work: Path, mode: str, i: int) -> None:
    """The unit-factor cache of process ``i`` of ``mode``: ``warm`` (a cache folder filled by
    an earlier run), ``cold`` (an empty folder for every process, the shipped seed read: a first
    run on a machine) or ``cold-noseed`` (empty folder, seed off: a first run under
    pint/openscm-units versions other than the seed's)."""
    _CACHE.clear()
    if mode == "warm":
        _CACHE["PEAKPLAN_CACHE"] = str(work / "cache-warm")
        return
    _CACHE["PEAKPLAN_CACHE"] = str(work / f"cache-{mode}" / str(i))
    if mode == "cold-noseed":
        _CACHE["PEAKPLAN_UNIT_SEED"] = "off"


def _shares(work: Path, n: int) -> dict[str, tuple[float, float, float, set[str]]]:
    """Per mode: (median run wall, median imports of a run, share, modules of one run). The
    modes take turns, round after round, so that a machine shared with other work loads each
    of them alike."""
    _set_cache(work, "warm", 0)
    _wall(["-m", "model", "run", "--out", str(work / "fill")], work)  # fills the warm cache
    walls: dict[str, list[float]] = {m: [] for m in MODES}
    imps: dict[str, list[tuple[float, set[str]]]] = {m: [] for m in MODES}
    for i in range(n):
        for mode in MODES:
            _set_cache(work, mode, 2 * i)
            walls[mode].append(_wall(["-m", "model", "run", "--out",
                                      str(work / f"r-{mode}-{i}")], work))
            _set_cache(work, mode, 2 * i + 1)
            imps[mode].append(_imports(["-m", "model", "run", "--out",
                                        str(work / f"ri-{mode}-{i}")], work))
    out = {}
    for mode in MODES:
        wall = statistics.median(walls[mode])
        imports = statistics.median(t for t, _ in imps[mode])
        out[mode] = (wall, imports, imports / wall, imps[mode][0][1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per timing")
    parser.add_argument("--seconds", action="store_true", help="also print absolute medians")
    opts = parser.parse_args()
    n = max(1, opts.repeat)

    with tempfile.TemporaryDirectory(prefix="peakplan-bench-") as tmp:
        work = Path(tmp)  # no scenarios/ here: 'peakplan run' uses the shipped scenario
        _CACHE.clear()
        _CACHE["PEAKPLAN_CACHE"] = str(work / "cache-help")
        bare = statistics.median(_wall(["-c", "pass"], work) for _ in range(n))
        help_wall = statistics.median(_wall(["-m", "model", "--help"], work) for _ in range(n))
        help_imports, help_names = _imports(["-m", "model", "--help"], work)
        shares = _shares(work, n)
        run_wall, run_imports, _, run_names = shares["warm"]
        _CACHE.clear()
        _CACHE["PEAKPLAN_CACHE"] = "off"
        units_ready = statistics.median(
            float(subprocess.run([sys.executable, "-c", UNITS_READY], cwd=work, env=_env(),
                                 capture_output=True, text=True, check=True).stdout)
            for _ in range(n))
        # imports inside the timed window = imports of the snippet beyond a bare interpreter's
        units_imports = _imports(["-c", UNITS_READY], work)[0] - _imports(["-c", "pass"], work)[0]
        units_build = max(0.0, units_ready - units_imports)
        _CACHE["PEAKPLAN_CACHE"] = str(work / "cache-warm")
        contexts = subprocess.run(
            [sys.executable, "-c", "import model.units as u; from model.run import "
             f"run_scenario; run_scenario(None, out={str(work / 'rc')!r}); "
             "print(u._CONTEXTS_READY)"], cwd=work, env=_env(), capture_output=True,
            text=True, check=True).stdout.strip().splitlines()[-1]

    heavy = sorted(h for h in HEAVY if h in help_names)
    scipy_in_run = sorted(m for m in ("scipy.stats", "scipy.sparse", "scipy.spatial")
                          if m in run_names)
    print(f"fresh processes per timing: {n} (medians)")
    print(f"peakplan --help / bare interpreter start:        {help_wall / bare:6.2f}")
    print(f"peakplan --help / peakplan run:                  {help_wall / run_wall:6.3f}")
    print(f"imports of --help (model.cli) / peakplan run:    {help_imports / run_wall:6.3f}")
    print(f"--help imports pint/pandas/pyomo/numpy/scipy:    {', '.join(heavy) or 'none'}")
    for mode, (_w, _i, share, names) in shares.items():
        reg = "yes" if "openscm_units" in names else "no"
        print(f"import share of peakplan run, {mode + ':':13s}    {share:6.3f}   (goal < 0.25; "
              f"builds the unit registry: {reg})")
    print(f"peakplan run loads scipy.stats/sparse/spatial:   {', '.join(scipy_in_run) or 'no'}")
    print(f"peakplan run imports pyomo (no --save-lp):       "
          f"{'yes' if 'pyomo' in run_names else 'no'}")
    print(f"peakplan run builds the GWP contexts:            "
          f"{'yes' if contexts == 'True' else 'no'}")
    print(f"unit registry ready (import + build) / run:      {units_ready / run_wall:6.3f}")
    # the GWP contexts count only if the run builds them (it must not: emissions stay in t of
    # each gas); the registry itself is built inside the openscm_units import, counted above
    startup = run_imports + (units_build if contexts == "True" else 0.0)
    print(f"start-up share ((imports + GWP contexts if built) / run): "
          f"{startup / run_wall:6.3f}")
    if opts.seconds:
        walls = ", ".join(f"{m} run {w:.2f} s, imports {i:.2f} s"
                          for m, (w, i, _, _) in shares.items())
        print(f"seconds: bare {bare:.3f}, --help {help_wall:.3f}, --help imports "
              f"{help_imports:.3f}; {walls}; units ready {units_ready:.3f} (of which outside "
              f"imports {units_build:.3f})")


if __name__ == "__main__":
    main()
