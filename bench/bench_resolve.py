"""Benchmark: re-solving ONE built LP after changing mutable Params, against rebuilding it.

Sensitivity analysis re-solves the Ankang model thousands of times; the design builds it once and
changes Params (model.lp.params.update_params) with a persistent HiGHS instance. This prints the
time per solve both ways and their ratio (rebuild / re-solve), so a regression shows as a ratio,
not as a machine-dependent number of seconds. Run:

    python bench/bench_resolve.py [N]      # N perturbed solves each way (default 50)
"""

from __future__ import annotations

import sys
import time

import numpy as np

from model.lp.build import build_model
from model.lp.params import update_params
from model.pipeline import prepare
from model.scenario import load_scenario
from model.solve import _new_solver, solve


def _perturbations(data, n: int, seed: int = 20201):
    """n random +-20 % changes of every measure's annual cost (a typical sensitivity sample)."""
    rng = np.random.default_rng(seed)
    costs = data.measures["annual_cost"]
    for _ in range(n):
        f = rng.uniform(0.8, 1.2, size=len(costs))
        yield {m: float(c * k) for (m, c), k in zip(costs.items(), f, strict=True)}


def main(n: int = 50) -> None:
    prep = prepare(load_scenario())
    data = prep.data

    t0 = time.perf_counter()
    objs_rebuild = []
    for costs in _perturbations(data, n):
        measures = data.measures.copy()
        measures["annual_cost"] = [costs[m] for m in measures.index]
        d = type(data)(**{**data.__dict__, "measures": measures})
        objs_rebuild.append(solve(build_model(d), d).objective)
    rebuild = (time.perf_counter() - t0) / n

    model = build_model(data)
    opt = _new_solver(None)
    t0 = time.perf_counter()
    objs_resolve = []
    for costs in _perturbations(data, n):
        update_params(model, {"annual_cost": costs})
        objs_resolve.append(solve(model, data, solver=opt).objective)
    resolve = (time.perf_counter() - t0) / n

    worst = max(abs(a - b) / max(1.0, abs(a)) for a, b in zip(objs_rebuild, objs_resolve,
                                                               strict=True))
    print(f"solves each way: {n}")
    print(f"rebuild + solve: {rebuild * 1000:8.1f} ms per solve")
    print(f"update + re-solve: {resolve * 1000:6.1f} ms per solve")
    print(f"ratio rebuild / re-solve: {rebuild / resolve:.2f}")
    print(f"largest relative difference in objective between the two: {worst:.2e}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
