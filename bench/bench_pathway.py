"""Benchmark: building the pathway LP against HiGHS's own solve of it (issue #7, item 7).

The yardstick of every figure is HiGHS's own solve of the same LP: ``Highs.run()`` on the model
already passed to it, timed by HiGHS (``getRunTime``). Everything is printed as a ratio to it
(and as a ratio between sizes), in one run, so that the figures read the same on any machine;
``--seconds`` adds the absolute times for the record. Not a timed test (nothing here asserts).

1. The shipped Ankang pathway (``scenarios/peak-2030.yaml``, 10 counties, 2021-2035): the time
   of each stage — load (files: :func:`model.pipeline.load`), derive (pure functions:
   :func:`model.pipeline.derive`), array build (:func:`model.lp.compile_lp`: validate, index,
   assemble, scale, ``passModel``) — over the solve, and the LP's size.
2. A synthetic province: N counties x the same 15 years x the full catalogue (every measure and
   target of the Ankang pathway). Its ModelData is built from Ankang's derived one: county k is
   a copy of Ankang county k mod 10 with its size scaled by a random factor (baseline, GDP,
   potentials, pools) and its measures' effects and costs each scaled by their own random
   factor per (measure, county), fixed seed, so the LP is not degenerate copies of one county;
   absolute targets (load reductions, caps) scale with the province's base-year totals. For
   each N: array build / solve, the Pyomo declaration (:func:`model.lp.pyomo_model.pyomo_model`
   from the built arrays, what ``--save-lp`` and the golden tests use) / solve, memory per
   variable of each (tracemalloc: Python-heap peak during the build and what the built model
   keeps, divided by the LP's columns; a separate, untimed pass since tracing slows the build),
   and how each grows from the smallest to the largest N against the growth of the LP.

The issue's bar: the Pyomo build of the earlier model was 0.5-1.1x the solve at 100 x 15 and
cost about 14 KB per variable; the array build must stay <= the solve. Run from the repository
root::

    python bench/bench_pathway.py                  # Ankang + 100 and 300 counties
    python bench/bench_pathway.py --quick          # Ankang + 100 counties
    python bench/bench_pathway.py --counties 100,300 --repeat 3 --seconds
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "peak-2030.yaml"
SEED = 20351


# --------------------------------------------------------------------------- synthetic data

def synthetic(data, n: int, seed: int = SEED):
    """ModelData of an n-county province made from ``data`` (module docstring, point 2)."""
    from model.lp.data import ModelData

    rng = np.random.default_rng(seed)
    src = list(data.regions)
    names = [f"county{k:03d}" for k in range(n)]
    measures = list(data.measures.index)
    size = rng.uniform(0.5, 1.5, n)                                # county size
    eff_f = rng.uniform(0.85, 1.15, (len(measures), n))            # per (measure, county)
    cost_f = rng.uniform(0.8, 1.2, (len(measures), n))
    # county k copies source county k mod len(src)
    copies = pd.DataFrame({"region": [src[k % len(src)] for k in range(n)], "_k": range(n),
                           "_new": names})
    mi = {m: i for i, m in enumerate(measures)}

    def replicate(df: pd.DataFrame) -> pd.DataFrame:
        out = df.merge(copies, on="region", how="inner", sort=False)
        out["region"] = out.pop("_new")
        return out

    eff = replicate(data.effects)
    eff["value"] = eff["value"] * eff_f[eff["measure"].map(mi).to_numpy(), eff["_k"].to_numpy()]
    costs = replicate(data.costs)
    costs["value"] = costs["value"] * cost_f[costs["measure"].map(mi).to_numpy(),
                                             costs["_k"].to_numpy()]
    bounds = replicate(data.bounds)
    for col in ("floor", "potential"):
        bounds[col] = bounds[col] * size[bounds["_k"].to_numpy()]
    pools = replicate(data.pools)
    pools["capacity"] = pools["capacity"] * size[pools["_k"].to_numpy()]
    gdp = replicate(data.gdp)
    gdp["value"] = gdp["value"] * size[gdp["_k"].to_numpy()]
    base = replicate(data.baseline)
    # a served amount and its total share one factor, so no service exceeds 100 %; a use and
    # its supply limit (natural_gas:supply) likewise, so no county starts above its limit
    stem = base["quantity"].str.removesuffix(":total").str.removesuffix(":supply")
    stems = sorted(set(stem))
    noise = rng.uniform(0.95, 1.05, (len(stems), n))
    si = {s: i for i, s in enumerate(stems)}
    k = base["_k"].to_numpy()
    base["value"] = base["value"] * size[k] * noise[stem.map(si).to_numpy(), k]

    targets = data.targets.copy()
    absolute = targets["kind"].isin(["load_reduction", "cap"])
    for i in targets.index[absolute]:
        q = targets.at[i, "quantity"]
        by = data.baseline[(data.baseline["quantity"] == q)
                           & (data.baseline["year"] == data.base_year)]["value"].sum()
        new = base[(base["quantity"] == q) & (base["year"] == data.base_year)]["value"].sum()
        targets.at[i, "value"] = float(targets.at[i, "value"]) * new / by

    def drop(df):
        return df.drop(columns="_k").reset_index(drop=True)

    return ModelData(
        regions=names, years=list(data.years), base_year=data.base_year,
        measures=data.measures, effects=drop(eff), bounds=drop(bounds), pools=drop(pools),
        pool_members=data.pool_members, baseline=drop(base), gdp=drop(gdp), targets=targets,
        discount_rate=data.discount_rate, costs=drop(costs), horizon_end=data.horizon_end,
        objective=data.objective)


# --------------------------------------------------------------------------- measuring

def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def build_stages(data) -> dict:
    """The stages of :func:`model.lp.compile_lp`, each timed: returns the Compiled-equivalent
    parts (ix, lp, HighsModel) and the seconds of each stage."""
    from model.lp import scaling
    from model.lp.assemble import assemble
    from model.lp.data import validate
    from model.lp.highs import HighsModel
    from model.lp.index import index

    gc.collect()
    s = {}
    _, s["validate"] = _timed(validate, data)
    ix, s["index"] = _timed(index, data)
    lp, s["assemble"] = _timed(assemble, ix)
    _, s["scale"] = _timed(scaling.check_and_scale, lp, (ix.measures, ix.regions, ix.years))
    hm, s["passModel"] = _timed(HighsModel, lp)
    s["build"] = sum(s.values())
    return {"ix": ix, "lp": lp, "hm": hm, "seconds": s}


def highs_solve(hm) -> tuple[float, float, str]:
    """(HiGHS run time, wall time of run(), status) of a solve of the passed model."""
    from model.lp.highs import _status

    t = time.perf_counter()
    hm.highs.run()
    wall = time.perf_counter() - t
    return float(hm.highs.getRunTime()), wall, _status(hm.highs)


def memory(fn, *args) -> tuple[object, int, int]:
    """(result, peak bytes, retained bytes) of Python-heap allocations during ``fn(*args)``."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        out = fn(*args)
        now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return out, peak - before, now - before


def _best(xs):
    """The least of repeated timings: the one least disturbed by other work on the machine
    (as :mod:`timeit` advises); build and solve are timed alike."""
    return min(xs)


# --------------------------------------------------------------------------- the two parts

def ankang(repeat: int, seconds: bool) -> None:
    from model import pipeline
    from model.scenario import load_scenario

    t = time.perf_counter()
    pipeline.prepare(load_scenario(SCENARIO))  # warm-up: lazy imports, unit registry
    cold = time.perf_counter() - t
    loads, derives, builds, solves, walls = [], [], [], [], []
    stages = []
    for _ in range(repeat):
        t = time.perf_counter()
        loaded = pipeline.load(load_scenario(SCENARIO))
        loads.append(time.perf_counter() - t)
        prep, d = _timed(pipeline.derive, loaded)
        derives.append(d)
        b = build_stages(prep.data)
        stages.append(b["seconds"])
        builds.append(b["seconds"]["build"])
        run, wall, status = highs_solve(b["hm"])
        solves.append(run)
        walls.append(wall)
    solve = _best(solves)
    lp = b["lp"]
    print(f"Ankang pathway ({SCENARIO.relative_to(ROOT)}, {len(prep.data.regions)} counties x "
          f"{len(prep.data.years)} years {prep.data.years[0]}-{prep.data.years[-1]}, "
          f"{len(prep.data.measures)} measures, {len(prep.data.targets)} targets); "
          f"best of {repeat}, status {status}")
    print(f"  LP: {lp.n_cols:,} variables, {lp.n_rows:,} rows, {lp.A.nnz:,} nonzeros")
    print(f"  load (files) / HiGHS solve:            {_best(loads) / solve:8.1f}")
    print(f"  derive (ModelData) / HiGHS solve:      {_best(derives) / solve:8.1f}")
    print(f"  array build (compile_lp) / solve:      {_best(builds) / solve:8.2f}")
    parts = ", ".join(f"{k} {_best([s[k] for s in stages]) / solve:.2f}"
                      for k in ("validate", "index", "assemble", "scale", "passModel"))
    print(f"    of which: {parts}")
    print(f"  run() wall time / HiGHS's own time:    {_best(walls) / solve:8.2f}")
    print(f"  first load + derive in the process (imports, unit registry) / solve: "
          f"{cold / solve:.1f}")
    if seconds:
        print(f"  seconds: solve {solve:.4f}, load {_best(loads):.3f}, derive "
              f"{_best(derives):.3f}, build {_best(builds):.4f}, first prepare {cold:.2f}")


def province(base, counties: list[int], repeat: int, seconds: bool) -> None:
    from model.lp.pyomo_model import pyomo_model

    rows = {}
    for n in counties:
        data = synthetic(base, n)
        builds, solves, pyomos, stage_list = [], [], [], []
        for _ in range(repeat):
            b = build_stages(data)
            stage_list.append(b["seconds"])
            builds.append(b["seconds"]["build"])
            run, _, status = highs_solve(b["hm"])
            solves.append(run)
            if status != "optimal":
                sys.exit(f"{n} counties: HiGHS status {status}; the synthetic LP must be optimal")
        lp, ix = b["lp"], b["ix"]
        for _ in range(repeat):
            gc.collect()
            _, t = _timed(pyomo_model, lp, ix)
            pyomos.append(t)
        del b
        # memory: separate untimed passes (tracing slows allocation)
        from model.lp import compile_lp

        compiled, a_peak, a_kept = memory(compile_lp, data)
        _, p_peak, p_kept = memory(pyomo_model, compiled.lp, compiled.ix)
        objective = compiled.solve().objective
        del compiled
        gc.collect()
        solve = _best(solves)
        rows[n] = dict(cols=lp.n_cols, nrows=lp.n_rows, nnz=lp.A.nnz, solve=solve,
                       build=_best(builds), pyomo=_best(pyomos),
                       stages={k: _best([s[k] for s in stage_list]) for k in stage_list[0]},
                       a_peak=a_peak, a_kept=a_kept, p_peak=p_peak, p_kept=p_kept,
                       objective=objective)
        r = rows[n]
        kb = 1024 * r["cols"]
        print(f"\nSynthetic province: {n} counties x {len(base.years)} years x "
              f"{len(base.measures)} measures, {len(base.targets)} targets (seed {SEED}); "
              f"best of {repeat}, status optimal")
        print(f"  LP: {r['cols']:,} variables, {r['nrows']:,} rows, {r['nnz']:,} nonzeros; "
              f"objective {objective:,.0f} CNY (PV)")
        print(f"  array build (compile_lp) / HiGHS solve:  {r['build'] / solve:6.2f}   "
              "(bar: <= 1)")
        print("    of which: " + ", ".join(f"{k} {r['stages'][k] / solve:.3f}" for k in
                                           ("validate", "index", "assemble", "scale",
                                            "passModel")))
        print(f"  Pyomo declaration (pyomo_model) / solve: {r['pyomo'] / solve:6.2f}   "
              f"(+ the array build it is made from: {(r['pyomo'] + r['build']) / solve:.2f})")
        print(f"  memory per variable, arrays:  peak {r['a_peak'] / kb:6.2f} KB, "
              f"kept {r['a_kept'] / kb:6.2f} KB (Python heap; HiGHS's own copy not counted)")
        print(f"  memory per variable, Pyomo:   peak {r['p_peak'] / kb:6.2f} KB, "
              f"kept {r['p_kept'] / kb:6.2f} KB (on top of the arrays)")
        if seconds:
            print(f"  seconds: solve {solve:.3f}, array build {r['build']:.3f}, Pyomo "
                  f"{r['pyomo']:.3f}")
    if len(rows) > 1:
        lo, hi = min(rows), max(rows)
        a, b = rows[lo], rows[hi]
        print(f"\nGrowth from {lo} to {hi} counties ({hi / lo:g}x the counties; "
              f"variables {b['cols'] / a['cols']:.2f}x, rows {b['nrows'] / a['nrows']:.2f}x, "
              f"nonzeros {b['nnz'] / a['nnz']:.2f}x):")
        print(f"  HiGHS solve        {b['solve'] / a['solve']:6.2f}x")
        print(f"  array build        {b['build'] / a['build']:6.2f}x   "
              f"(build / solve {a['build'] / a['solve']:.2f} -> {b['build'] / b['solve']:.2f})")
        print(f"  Pyomo declaration  {b['pyomo'] / a['pyomo']:6.2f}x   "
              f"(Pyomo / solve {a['pyomo'] / a['solve']:.2f} -> {b['pyomo'] / b['solve']:.2f})")
        print(f"  KB/variable arrays (peak) {a['a_peak'] / 1024 / a['cols']:.2f} -> "
              f"{b['a_peak'] / 1024 / b['cols']:.2f}; Pyomo (peak) "
              f"{a['p_peak'] / 1024 / a['cols']:.2f} -> {b['p_peak'] / 1024 / b['cols']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", default="100,300",
                        help="comma-separated county counts of the synthetic province")
    parser.add_argument("--quick", action="store_true", help="100 counties only")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case (best kept)")
    parser.add_argument("--seconds", action="store_true", help="also print absolute times")
    opts = parser.parse_args()
    counties = [100] if opts.quick else [int(c) for c in opts.counties.split(",") if c]
    repeat = max(1, opts.repeat)

    from model import pipeline
    from model.scenario import load_scenario

    ankang(max(repeat, 3), opts.seconds)
    base = pipeline.prepare(load_scenario(SCENARIO)).data
    province(base, counties, repeat, opts.seconds)


if __name__ == "__main__":
    main()
