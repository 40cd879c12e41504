"""Benchmark of the derivation (issue #15 item 2): ratios to HiGHS's own cold solve, in one run.

For each scenario (default: the shipped 2025 scenario and the 2021-2035 pathway
``scenarios/peak-2030.yaml``; with ``--counties N`` also the pathway over a synthetic pack of
N counties, ``bench/synthetic_pack.py``: each Ankang county copied N / 10 times, a benchmark,
not data), the yardstick is HiGHS's own cold solve of the scenario's LP (``Highs.run()`` on a
freshly passed model, as timed by HiGHS, best of 3). Printed as ratios to it, with the LP's
size:

1. a plain run's stages: ``derive`` (compile the derivation + evaluate + tables, what
   ``peakplan run`` spends between loading and the LP), of which compiling the measures;
   and one evaluation of the compiled derivation (what a sample pays);
2. a sensitivity evaluation of upstream parameters: map + derivation + in-place LP + warm
   solve + read-out, per sample, of which the derivation, and HiGHS's warm re-solve timed
   alone (the sample loaded, then ``run()``). Parameters: on the 2025 scenario its own
   numpy-path block (``tests/sensitivity/conftest.py`` ``numpy_block``: GDP growth,
   elasticities, activity factors, potential shares, costs, the discount rate, the PM2.5
   response; the structural factors left out, as they re-derive by design); on the pathways
   (Ankang's and the synthetic one alike) that block plus the pathway's own upstream numbers
   (:data:`PATHWAY_EXTRA`: growth in 2030, the population trend, two vehicle survival rates);
   on the synthetic pack the shortfall penalties are declared as the Ankang pathway's own
   defaults (at 100 counties the default refuses four targets: bench/README.md);
3. the profiles (top functions by own time) of the derivation's evaluation and of a whole
   sample's evaluation, to read before optimising.

Run: ``python bench/bench_derivation.py [N] [--counties 100] [--pathway-only]`` (N samples,
default 20 on Ankang and 10 on the synthetic pack; ``--counties`` must be a multiple of 10;
100 counties add about 8 minutes on 2 shared cores, hence behind the flag).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


#: the pathway's own upstream numbers added to the 2025 block (ranges for timing, not a claim)
PATHWAY_EXTRA = [
    {"name": "growth_2030", "target": "drivers.gdp_real_growth.2030.value",
     "distribution": "uniform", "low": 4.0, "high": 7.0, "source": "bench (timing only)"},
    {"name": "population_trend", "target": "drivers.population_growth.value",
     "distribution": "uniform", "low": -1.0, "high": 0.0, "source": "bench (timing only)"},
    {"name": "survival_china3", "target": "projection.vehicle_fleet.survival.china3_or_older.value",
     "distribution": "uniform", "low": 0.7, "high": 0.9, "source": "bench (timing only)"},
    {"name": "survival_china4", "target": "projection.vehicle_fleet.survival.china4.value",
     "distribution": "uniform", "low": 0.9, "high": 0.96, "source": "bench (timing only)"},
]


def block(folder: Path, pathway: bool, penalties: dict | None = None) -> Path:
    """The uncertainty block of a scenario's sensitivity timing (module docstring, item 2),
    as a file for ``Evaluator(uncertainty=...)``; ``penalties`` ({target: Penalty}) are
    declared in its ``sensitivity`` block when given."""
    from tests.sensitivity.conftest import numpy_block

    path = numpy_block(folder)
    raw = json.loads(path.read_text(encoding="utf-8"))
    if pathway:
        raw["uncertainty"] += PATHWAY_EXTRA
    if penalties:
        raw["sensitivity"] = {"penalties": {t: {
            "value": p.value, "unit": p.unit, "status": "estimate",
            "source": "bench: the Ankang pathway's default penalty",
            "method": "peak-2030's own default (the synthetic copies have its unit costs); "
                      "model.sensitivity.penalty finds no default at 100 counties"}
            for t, p in penalties.items()}}
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


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

    t0 = time.perf_counter()
    loaded = pipeline.load(load_scenario(path))
    load = time.perf_counter() - t0
    derive = _best(lambda: pipeline.derive(loaded), 2)
    d = Derivation(loaded)
    compile_d = _best(lambda: Derivation(loaded), 2)
    evaluate = _best(lambda: d.evaluate(), 5)
    prep = pipeline.derive(loaded, d)
    lp = compile_lp(prep.data).lp
    return {"load": load, "derive": derive, "compile": compile_d, "evaluate": evaluate,
            "cold": cold_solve(lp), "rows": lp.n_rows, "cols": lp.n_cols, "nnz": lp.A.nnz,
            "regions": len(prep.data.regions), "years": len(prep.data.years)}


def _profile(fn, items, top: int = 8) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for s in items:
        fn(s)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def sensitivity(path: Path, n: int, pathway: bool, penalties: dict | None = None) -> dict:
    from model.sensitivity.evaluate import Evaluator

    with tempfile.TemporaryDirectory() as tmp:
        ev = Evaluator(path, uncertainty=str(block(Path(tmp), pathway, penalties)))
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
    few = samples[: min(n, 5)]
    return {"per": per, "cold": cold, "warm": float(np.median(warm)), "deriv": deriv,
            "params": len(ev.pset.params), "fast": paths.count("fast") / n,
            "penalties": ev.penalties,
            "paths": sorted(set(paths)),
            "profile": _profile(lambda s: ev.derivation.evaluate(ev.inputs(s)), few),
            "profile_sample": _profile(ev.evaluate, few, 12)}


def _lines(profile: str, top: int) -> str:
    lines = [line.replace(str(ROOT) + "/", "") for line in profile.splitlines() if line.strip()]
    return "\n".join("    " + line for line in lines[-(top + 1):])


def report(name: str, path: Path, n: int, pathway: bool, penalties: dict | None = None
           ) -> dict:
    """Print one scenario's ratios; returns its penalties ({target: Penalty})."""
    s = stages(path)
    c = s["cold"]
    print(f"== {name}: {s['regions']} regions x {s['years']} model years; LP {s['rows']:,} rows "
          f"x {s['cols']:,} columns, {s['nnz']:,} nonzeros; HiGHS cold solve = 1")
    print(f"plain run: load (files) / cold solve                {s['load'] / c:8.2f}")
    print(f"plain run: derive / cold solve                     {s['derive'] / c:8.2f}"
          "   (goal for the pathway < 1)")
    print(f"  of which compiling the derivation / cold solve   {s['compile'] / c:8.2f}")
    print(f"  one evaluation of the derivation / cold solve    {s['evaluate'] / c:8.2f}")
    r = sensitivity(path, n, pathway, penalties)
    print(f"sensitivity, {r['params']} upstream + LP parameters, {n} samples "
          f"({100 * r['fast']:.0f} % without re-deriving; paths {', '.join(r['paths'])}):")
    print(f"  evaluation (map, derive, LP, solve, read) / cold {r['per'] / r['cold']:8.2f}"
          "   (goal <= 2)")
    print(f"  of which the derivation / cold solve             {r['deriv'] / r['cold']:8.2f}")
    print(f"  HiGHS's warm re-solve (median) / cold solve      {r['warm'] / r['cold']:8.2f}")
    print("  profile of the derivation's evaluation (top by own time):")
    print(_lines(r["profile"], 8))
    print("  profile of a whole sample's evaluation (top by own time):")
    print(_lines(r["profile_sample"], 12), flush=True)
    return r["penalties"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("samples", nargs="?", type=int, default=20,
                    help="samples per Ankang scenario (default 20)")
    ap.add_argument("--counties", type=int, default=0,
                    help="also the pathway over a synthetic pack of this many counties "
                         "(a multiple of 10, e.g. 100)")
    ap.add_argument("--counties-samples", type=int, default=10,
                    help="samples on the synthetic pack (default 10)")
    ap.add_argument("--pathway-only", action="store_true",
                    help="leave out the shipped 2025 scenario")
    a = ap.parse_args(argv)
    if a.counties % 10 or a.counties < 0:
        ap.error(f"--counties {a.counties}: a multiple of 10 (Ankang's 10 counties x k)")
    names = ("peak-2030.yaml",) if a.pathway_only else ("ankang_2025.yaml", "peak-2030.yaml")
    for name in names:
        pens = report(name, ROOT / "scenarios" / name, a.samples,
                      pathway=name != "ankang_2025.yaml")
    if a.counties:
        # the pathway's own default penalties, declared: at 100 counties no single (measure,
        # county, year) term reaches penalty.MATERIAL_SHARE of a row's reach, so the default
        # refuses (reported with issue #15 item 2)
        from bench.synthetic_pack import write_synthetic

        with tempfile.TemporaryDirectory() as tmp:
            path = write_synthetic(Path(tmp), a.counties // 10)
            report(f"{path.stem} (synthetic pack, a benchmark)", path, a.counties_samples,
                   pathway=True, penalties=pens)


if __name__ == "__main__":
    main()
