"""Benchmark: re-solving ONE compiled LP after changing arrays, against rebuilding it.

Sensitivity analysis re-solves the Ankang model thousands of times; the design compiles it once
(model.lp.compile_lp: numpy arrays held by one HiGHS instance) and for each sample recomputes
the entries with numpy and sends HiGHS only those that changed (Compiled.update), warm-started
from the previous basis. The yardstick is HiGHS's own cold solve of the same LP. Prints ratios
in one run, not machine-dependent seconds. Run:

    python bench/bench_resolve.py [N]      # N perturbed solves each way (default 50)
"""

from __future__ import annotations

import sys
import time

import numpy as np

from model.lp import compile_lp
from model.lp.highs import HighsModel
from model.pipeline import prepare
from model.scenario import load_scenario


def _perturbations(ix, n: int, seed: int = 20201):
    """n random +-20 % changes of every measure's operating cost (a typical sample)."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        f = rng.uniform(0.8, 1.2, size=len(ix.measures))
        yield ix.with_arrays(om=ix.om * f[:, None, None])


def main(n: int = 50) -> None:
    data = prepare(load_scenario()).data
    compiled = compile_lp(data)
    ix0 = compiled.ix

    # yardstick: HiGHS's own cold solve of the same LP (fresh instance, arrays already built)
    t0 = time.perf_counter()
    for _ in range(n):
        hm = HighsModel(compiled.lp)
        hm.run()
    cold = (time.perf_counter() - t0) / n

    t0 = time.perf_counter()
    objs_rebuild = []
    for ix in _perturbations(ix0, n):
        c = compile_lp(data)
        c.update(ix)
        objs_rebuild.append(c.solve().objective)
    rebuild = (time.perf_counter() - t0) / n

    t0 = time.perf_counter()
    objs_resolve = []
    for ix in _perturbations(ix0, n):
        compiled.update(ix)
        objs_resolve.append(compiled.solve().objective)
    resolve = (time.perf_counter() - t0) / n

    worst = max(abs(a - b) / max(1.0, abs(a)) for a, b in zip(objs_rebuild, objs_resolve,
                                                               strict=True))
    print(f"solves each way: {n}")
    print(f"re-solve (update + solve + read) / HiGHS cold solve: {resolve / cold:6.2f}")
    print(f"rebuild (compile + solve + read) / HiGHS cold solve: {rebuild / cold:6.2f}")
    print(f"rebuild / re-solve: {rebuild / resolve:.2f}")
    print(f"largest relative difference in objective between the two: {worst:.2e}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
