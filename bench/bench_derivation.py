"""Benchmark of the derivation (issue #15 item 2): ratios to HiGHS's own cold solve, in one run.

For each scenario (default: the shipped 2025 scenario and the 2021-2035 pathway
``scenarios/peak-2030.yaml``), the yardstick is HiGHS's own cold solve of the scenario's LP
(``Highs.run()`` on a freshly passed model, as timed by HiGHS, best of 3). Printed as ratios to
it:

1. a plain run's stages: ``derive`` (compile the derivation + evaluate + tables, what
   ``peakplan run`` spends between loading and the LP), of which compiling the measures;
   and one evaluation of the compiled derivation (what a sample pays);
2. a sensitivity evaluation of upstream parameters (the shipped 2025 scenario's numpy-path
   parameters: GDP growth, elasticities, survival rates, activity factors, shares; the
   structural factors left out, as they re-derive by design): map + derivation + in-place LP +
   warm solve + read-out, per sample, and HiGHS's warm re-solve inside it;
3. the profile of the derivation's evaluation (top functions by own time), to read before
   optimising.

Run: ``python bench/bench_derivation.py [N]`` (N samples, default 20).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _best(fn, n: int = 3) -> float:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return min(out)


def cold_solve(lp) -> float:
    """HiGHS's own time of a cold solve of ``lp`` (best of 3)."""
    from model.lp.highs import HighsModel

    times = []
    for _ in range(3):
        h = HighsModel(lp)
        h.run()
        times.append(h.highs.getRunTime())
    return min(times)


def stages(path: Path) -> dict:
    from model import pipeline
    from model.derivation import Derivation
    from model.lp import compile_lp
    from model.scenario import load_scenario

    loaded = pipeline.load(load_scenario(path))
    derive = _best(lambda: pipeline.derive(loaded), 2)
    d = Derivation(loaded)
    compile_d = _best(lambda: Derivation(loaded), 2)
    evaluate = _best(lambda: d.evaluate(), 5)
    prep = pipeline.derive(loaded, d)
    lp = compile_lp(prep.data).lp
    return {"derive": derive, "compile": compile_d, "evaluate": evaluate,
            "cold": cold_solve(lp), "rows": lp.n_rows, "cols": lp.n_cols}


def sensitivity(path: Path, n: int) -> dict:
    from model.sensitivity.evaluate import Evaluator
    from tests.sensitivity.conftest import numpy_block

    with tempfile.TemporaryDirectory() as tmp:
        ev = Evaluator(path, uncertainty=numpy_block(Path(tmp)))
    rng = np.random.default_rng(3)
    vals = ev.pset.values(rng.uniform(size=(n, len(ev.pset.params))))
    samples = [dict(zip(ev.pset.names, r, strict=True)) for r in vals]
    cold = cold_solve(ev.compiled.lp)
    paths = []
    t0 = time.perf_counter()
    for s in samples:
        out = ev.evaluate(s)
        paths.append(out["path"].split(";")[0])
    per = (time.perf_counter() - t0) / n
    warm = []
    for s in samples:  # HiGHS alone: the sample loaded, then timed around run()
        ix, changed, _, recs = ev._indexed(s)
        ev.lean.load(ix, changed, recs)
        t = time.perf_counter()
        ev.compiled.model.run()
        warm.append(time.perf_counter() - t)
    t1 = time.perf_counter()
    for s in samples:
        ev.derivation.evaluate(ev.inputs(s))
    deriv = (time.perf_counter() - t1) / n
    prof = cProfile.Profile()
    prof.enable()
    for s in samples[: min(n, 10)]:
        ev.derivation.evaluate(ev.inputs(s))
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(8)
    return {"per": per, "cold": cold, "warm": float(np.median(warm)), "deriv": deriv,
            "params": len(ev.pset.params), "fast": paths.count("fast") / n,
            "profile": buf.getvalue()}


def main(n: int = 20) -> None:
    for name in ("ankang_2025.yaml", "peak-2030.yaml"):
        path = ROOT / "scenarios" / name
        s = stages(path)
        c = s["cold"]
        print(f"== {name} ({s['rows']} rows x {s['cols']} columns; HiGHS cold solve = 1)")
        print(f"plain run: derive / cold solve                     {s['derive'] / c:8.2f}"
              "   (goal for the pathway < 1)")
        print(f"  of which compiling the derivation / cold solve   {s['compile'] / c:8.2f}")
        print(f"  one evaluation of the derivation / cold solve    {s['evaluate'] / c:8.2f}")
        r = sensitivity(path, n)
        print(f"sensitivity, {r['params']} upstream + LP parameters, {n} samples "
              f"({100 * r['fast']:.0f} % without re-deriving):")
        print(f"  evaluation (map, derive, LP, solve, read) / cold {r['per'] / r['cold']:8.2f}"
              "   (goal <= 2)")
        print(f"  of which the derivation / cold solve             {r['deriv'] / r['cold']:8.2f}")
        print(f"  HiGHS's warm re-solve (median) / cold solve      {r['warm'] / r['cold']:8.2f}")
        print("  profile of the derivation's evaluation (top by own time):")
        print("\n".join("    " + line for line in r["profile"].splitlines()[-10:]
                        if line.strip()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
