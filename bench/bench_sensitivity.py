"""Benchmark of ``peakplan sensitivity``: ratios, not machine-dependent seconds, in one run.

1. Ankang (shipped scenario), LP-level parameters (unit costs, target values, discount rate)
   and upstream parameters (the uncertainty: block of scenarios/ankang_2025.yaml):
   time per evaluation (map + in-place update + warm solve + array read-out) / HiGHS's own
   cold solve of the same LP (goal <= 2), and the rebuild (derive + compile + solve + the
   pipeline's Solution) / evaluation (goal >= 20).
2. A synthetic city of 100 counties x 15 model years (Ankang's ModelData tiled): the same
   ratios for cost samples.
3. Evaluations per second with 1, 2 and K (= cpu count) worker processes (start-up included,
   and reported).
4. The profile of the hot loop (top functions by own time), to read before optimising.

Run: ``python bench/bench_sensitivity.py [N]`` (N evaluations per timing, default 100).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
# the shipped scenario's own uncertainty: block (an empty string keeps it)
EXAMPLE = ""

LP_LEVEL = """uncertainty:
  - {name: discount_rate, target: discount_rate.value, distribution: uniform, low: 0.06,
     high: 0.10, source: bench}
  - {name: boiler_capital, distribution: uniform, low: 250, high: 350, source: bench,
     target: "catalogue/costs.csv:value[measure=industrial_boiler_electrification,item=capital]"}
  - {name: taxi_capital, distribution: uniform, low: 40000, high: 60000, source: bench,
     target: "catalogue/costs.csv:value[measure=electric_taxi,item=capital]"}
  - {name: vocs_target, target: targets.vocs_load_reduction.value, distribution: uniform,
     low: 600, high: 700, source: bench}
  - {name: co2_target, target: targets.co2_intensity.value, distribution: uniform, low: 16.5,
     high: 17.5, source: bench}
"""


def _scenario(folder: Path, uncertainty: str) -> Path:
    text = (f"extends: {(ROOT / 'scenarios' / 'ankang_2025.yaml').as_posix()}\n"
            "name: ankang_2025\n")
    path = folder / f"ankang_{abs(hash(uncertainty)) % 10**6}.yaml"
    path.write_text(text + uncertainty, encoding="utf-8")
    return path


def _timed(fn, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def _values(ev, n: int, seed: int = 3) -> list[dict]:
    from SALib.sample import latin

    from model.sensitivity.sampling import problem

    u = latin.sample(problem(ev.pset), n, seed=seed)
    return [dict(zip(ev.pset.names, r, strict=True)) for r in ev.pset.values(u)]


def ankang(folder: Path, uncertainty: str, label: str, n: int) -> dict:
    from model.lp import compile_lp
    from model.lp.highs import HighsModel
    from model.sensitivity.evaluate import Evaluator

    ev = Evaluator(_scenario(folder, uncertainty))
    lp = ev.compiled.lp
    cold = _timed(lambda: HighsModel(lp).run(), n)
    vals = _values(ev, n)
    outs, each = [], []
    for v in vals:
        t0 = time.perf_counter()
        outs.append(ev.evaluate(v))
        each.append(time.perf_counter() - t0)
    evaluation = float(np.mean(each))
    ok = np.array([o["feasible"] == 1 for o in outs])
    eval_ok = float(np.mean(np.array(each)[ok])) if ok.any() else float("nan")
    eval_bad = float(np.mean(np.array(each)[~ok])) if (~ok).any() else float("nan")
    feasible = float(ok.mean())
    fast = sum(o["path"] == "fast" for o in outs) / len(outs)
    m = max(3, n // 10)
    it2 = iter(vals)

    def rebuild():
        from model import pipeline

        v = next(it2)
        ix = ev.exact_indexed(v)  # derive() of the loaded tables with the sample applied
        del ix
        c = compile_lp(pipeline.derive(ev.loaded).data)
        c.solve()

    rb = _timed(rebuild, m)
    it3 = iter(vals)

    def rebuild_lp():
        c = compile_lp(ev.prep.data)
        c.update(ev.indexed(next(it3))[0])
        c.solve()

    rb_lp = _timed(rebuild_lp, m)
    prof = cProfile.Profile()
    it4 = iter(vals)
    prof.enable()
    for _ in range(min(n, 50)):
        ev.evaluate(next(it4))
    prof.disable()
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(8)
    return {"label": label, "cold": cold, "eval": evaluation, "eval_ok": eval_ok,
            "eval_bad": eval_bad, "rebuild": rb,
            "rebuild_lp": rb_lp, "feasible": feasible, "fast": fast, "profile": s.getvalue(),
            "rows": lp.n_rows, "cols": lp.n_cols}


def synthetic(counties: int = 100, years: int = 15, n: int = 5) -> dict:
    """Ankang's ModelData tiled to ``counties`` x ``years`` (2021..): an LP of the size a
    pathway for a large prefecture would have."""
    from dataclasses import replace

    from model.lp import compile_lp
    from model.lp.highs import HighsModel
    from model.lp.inplace import InPlaceLP
    from model.pipeline import prepare
    from model.scenario import load_scenario

    d = prepare(load_scenario(ROOT / "scenarios" / "ankang_2025.yaml")).data
    reps = max(1, counties // len(d.regions))
    regions = [f"{r}_{k}" for k in range(reps) for r in d.regions]
    yrs = list(range(d.base_year + 1, d.base_year + 1 + years))

    def tile(df, by_year=True):
        out = []
        for k in range(reps):
            part = df.copy()
            if "region" in part.columns:
                part["region"] = [f"{r}_{k}" if isinstance(r, str) and r else r
                                  for r in part["region"]]
            out.append(part)
        df = pd.concat(out, ignore_index=True)
        if not by_year or "year" not in df.columns:
            return df
        frames = []
        for y in yrs:
            f = df.copy()
            f["year"] = y
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    bounds = tile(d.bounds)
    bounds["potential"] *= [(y - d.base_year) / 5 for y in bounds["year"]]
    bounds["floor"] = 0.0
    base = d.baseline[d.baseline["year"] == d.base_year]
    later = d.baseline[d.baseline["year"] == d.years[-1]]
    bl = pd.concat([tile(base, False)] + [tile(later, False).assign(year=y) for y in yrs],
                   ignore_index=True)
    g0 = d.gdp[d.gdp["year"] == d.base_year]
    g1 = d.gdp[d.gdp["year"] == d.years[-1]]
    gdp = pd.concat([tile(g0, False)] + [tile(g1, False).assign(year=y) for y in yrs],
                    ignore_index=True)
    targets = d.targets.copy()
    targets["year"] = yrs[-1]
    targets.loc[targets["kind"] == "load_reduction", "value"] *= reps
    data = replace(d, regions=regions, years=yrs, bounds=bounds, effects=tile(d.effects),
                   costs=tile(d.costs), pools=tile(d.pools), baseline=bl, gdp=gdp,
                   targets=targets, horizon_end=None)
    t0 = time.perf_counter()
    compiled = compile_lp(data)
    build = time.perf_counter() - t0
    lp = compiled.lp
    cold = _timed(lambda: HighsModel(lp).run(), 2)
    lean = InPlaceLP(compiled)
    ix0 = compiled.ix
    rng = np.random.default_rng(1)
    samples = [ix0.with_arrays(om=ix0.om * rng.uniform(0.8, 1.2, len(ix0.measures))[
        :, None, None], capital=ix0.capital * rng.uniform(0.8, 1.2, len(ix0.measures))[
        :, None, None]) for _ in range(n + 1)]
    it = iter(samples)

    def one():
        ix = next(it)
        lean.load(ix, {"om", "capital"})
        assert compiled.model.run() == "optimal"
        values, _, _ = compiled.model.values()
        return compiled.model.objective(), values

    evaluation = _timed(one, n)

    def rebuild():
        c = compile_lp(data)
        c.update(samples[0])
        c.model.run()

    rb = _timed(rebuild, 2)
    return {"counties": len(regions), "years": len(yrs), "rows": lp.n_rows, "cols": lp.n_cols,
            "cold": cold, "eval": evaluation, "rebuild": rb, "build": build}


def workers(folder: Path, n_traj: int) -> list[tuple[int, float, float]]:
    """(workers, steady evaluations per second, start-up in seconds) on Ankang: two runs of
    different sizes, so the difference cancels each worker's start-up (spawn, import, load,
    derive, compile: about one plain run each)."""
    from model.sensitivity import runner

    sc = _scenario(folder, EXAMPLE)
    out = []
    k = os.cpu_count() or 1
    for w in sorted({1, 2, k}):
        times, counts = [], []
        for size in (2, n_traj):
            t0 = time.perf_counter()
            s = runner.run(sc, method="morris", n=size, seed=1, workers=w, chunk=16,
                           out=folder / f"w{w}_{size}", progress=False, charts=False)
            times.append(time.perf_counter() - t0)
            counts.append(s["samples"])
        rate = (counts[1] - counts[0]) / (times[1] - times[0])
        out.append((w, rate, times[0] - counts[0] / rate))
    return out


def main(n: int = 100) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for res in (ankang(folder, LP_LEVEL, "Ankang, LP-level parameters", n),
                    ankang(folder, EXAMPLE,
                           "Ankang, upstream + LP parameters (example file)", n)):
            print(f"== {res['label']} ({res['rows']} rows x {res['cols']} columns; "
                  f"{100 * res['feasible']:.0f} % of samples feasible, "
                  f"{100 * res['fast']:.0f} % on the numpy path)")
            print(f"time per evaluation / HiGHS cold solve of the same LP: "
                  f"{res['eval'] / res['cold']:6.2f}   (goal <= 2)")
            print(f"  feasible samples only / cold solve:                  "
                  f"{res['eval_ok'] / res['cold']:6.2f}")
            if res["feasible"] < 1:
                print(f"  infeasible samples (elastic diagnosis) / cold solve: "
                      f"{res['eval_bad'] / res['cold']:6.2f}")
            print(f"rebuild (derive + compile + solve) / evaluation:       "
                  f"{res['rebuild'] / res['eval']:6.1f}   (goal >= 20)")
            print(f"rebuild of the LP only (compile + solve) / evaluation: "
                  f"{res['rebuild_lp'] / res['eval']:6.1f}")
            print("profile of the hot loop (top by own time):")
            print("\n".join(line for line in res["profile"].splitlines()[-12:] if line.strip()))
        s = synthetic()
        print(f"== synthetic {s['counties']} counties x {s['years']} years ({s['rows']} rows x "
              f"{s['cols']} columns)")
        r1, r2, r3 = s["eval"] / s["cold"], s["rebuild"] / s["eval"], s["build"] / s["cold"]
        print(f"time per evaluation / HiGHS cold solve of the same LP: {r1:6.2f}   (goal <= 2)")
        print(f"rebuild (compile + solve) / evaluation:                {r2:6.1f}   (goal >= 20)")
        print(f"compile_lp once / HiGHS cold solve:                    {r3:6.2f}")
        w = workers(folder, max(100, 2 * n))
        base = w[0][1]
        print(f"== evaluations per second (Ankang, example parameters, morris, steady state; "
              f"{os.cpu_count()} cores)")
        for k, eps, start in w:
            print(f"workers {k}: {eps:7.1f} evaluations/s = {eps / base:5.2f} x the 1-worker "
                  f"rate; start-up = {start * eps:6.0f} evaluations' time")


if __name__ == "__main__":  # worker processes are spawned: they import this module
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
