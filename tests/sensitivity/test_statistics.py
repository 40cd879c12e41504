"""Statistics of a sensitivity run: an analytic case recovered, infeasible samples kept out,
seeds reproducible, designs refused where they would mislead."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.errors import InputError
from model.sensitivity import runner
from tests.sensitivity.conftest import write_scenario

LINEAR = """uncertainty:
  - {name: gas_capital, target: "catalogue/costs.csv:value[measure=boiler_to_gas,item=capital]",
     distribution: uniform, low: 100, high: 200, source: t}
  - {name: wwtp_capital, target: "catalogue/costs.csv:value[measure=county_wwtp,item=capital]",
     distribution: uniform, low: 4000, high: 6000, source: t}
  - {name: wwtp_om, target: "catalogue/costs.csv:value[measure=county_wwtp,item=om]",
     distribution: uniform, low: 200, high: 400, source: t}
  - {name: rural_capital, target: "catalogue/costs.csv:value[measure=rural_sewage,item=capital]",
     distribution: uniform, low: 3000, high: 5000, source: t}
  - {name: voc_capital, target: "catalogue/costs.csv:value[measure=low_voc,item=capital]",
     distribution: uniform, low: 1000, high: 2000, source: t}
"""


def test_sobol_recovers_variance_shares_of_a_linear_cost(tmp_path, fixed_catalogue):
    """Every measure forced to its potential: the present-value cost is linear in the uniform
    unit costs, so S1 = ST = k_i² Var(θ_i) / Σ_j k_j² Var(θ_j). The slopes k_i come from the
    exact path (derive + a fresh compile and solve), not from the fast path under test."""
    from model.lp import compile_lp
    from model.sensitivity.evaluate import Evaluator

    sc = write_scenario(tmp_path, LINEAR, catalogue=fixed_catalogue)
    ev = Evaluator(sc)
    central = {p.name: p.central for p in ev.pset.params}
    share = {}
    for p in ev.pset.params:
        lo, hi = p.dist.args["low"], p.dist.args["high"]
        objs = []
        for v in (lo, hi):
            ix = ev.exact_indexed({**central, p.name: v})
            c = compile_lp(ev.prep.data)
            c.update(ix)
            objs.append(c.solve().objective)
        k = (objs[1] - objs[0]) / (hi - lo)
        share[p.name] = k * k * (hi - lo) ** 2 / 12
    total = sum(share.values())
    assert total > 0
    s = runner.run(sc, method="sobol", n=512, seed=7, out=tmp_path / "run", progress=False,
                   charts=False)
    assert s["feasible_share"] == 1.0
    ind = pd.read_csv(tmp_path / "run" / "indices.csv")
    cost = ind[ind["output"] == "cost_pv"].set_index(["index", "parameter"])["value"]
    for name, var in share.items():
        expected = var / total
        assert abs(cost[("S1", name)] - expected) < 0.03, (name, cost[("S1", name)], expected)
        assert abs(cost[("ST", name)] - expected) < 0.03, (name, cost[("ST", name)], expected)


def test_infeasible_samples_are_costed_and_only_conditional_outputs_kept_out(tmp_path):
    """A NOx target above what the catalogue can reach in part of its range: those samples
    carry their shortfall and the least-shortfall plan's cost plus the penalty (issue #15:
    every sample has a cost, so the cost indices use every trajectory); the conditional cost
    and the shadow prices are NaN there and their indices say they are conditional. A Morris
    grid is not a probability sample: no probabilities are written from it."""
    unc = """uncertainty:
  - {name: nox, target: targets.nox.value, distribution: uniform, low: 30, high: 100000,
     source: t}
  - {name: rate, target: discount_rate.value, distribution: uniform, low: 4, high: 12, source: t}
"""
    sc = write_scenario(tmp_path, unc)
    s = runner.run(sc, method="morris", n=8, seed=3, out=tmp_path / "run", progress=False,
                   charts=False)
    samples = pd.read_parquet(tmp_path / "run" / "samples.parquet")
    bad = samples[samples["feasible"] == 0]
    assert 0 < len(bad) < len(samples)
    assert (bad["shortfall.nox"] > 0).all() and (bad["met.nox"] == 0).all()
    assert bad["cost_pv_feasible"].isna().all() and bad["price.nox"].isna().all()
    assert (bad["penalty_pv"] > 0).all()
    np.testing.assert_allclose(bad["cost_pv"], bad["cost_pv_plan"] + bad["penalty_pv"],
                               rtol=1e-12)
    ok = samples[samples["feasible"] == 1]
    assert (ok["penalty_pv"] == 0).all()
    np.testing.assert_allclose(ok["cost_pv"], ok["cost_pv_feasible"], rtol=0)
    ind = pd.read_csv(tmp_path / "run" / "indices.csv")
    cost = ind[(ind["output"] == "cost_pv") & (ind["index"] == "mu_star")]
    assert (cost["n_used"] == cost["n_total"]).all()
    assert not cost["note"].fillna("").str.contains("conditional").any()
    cond = ind[(ind["output"] == "cost_pv_feasible") & (ind["index"] == "mu_star")]
    assert cond["note"].str.contains("conditional").all()
    assert (cond["n_used"] < cond["n_total"]).all()
    short = ind[(ind["output"] == "shortfall.nox") & (ind["index"] == "mu_star")]
    assert (short["n_used"] == short["n_total"]).all()
    assert not (tmp_path / "run" / "probabilities.csv").exists()
    assert s["probability_sample"] is False and s["probabilities"] == []
    assert "screening design" in s["probabilities_note"]


def test_same_seed_same_samples_and_outputs(tmp_path, scenario):
    a = runner.run(scenario, method="morris", n=3, seed=11, out=tmp_path / "a",
                   progress=False, charts=False)
    b = runner.run(scenario, method="morris", n=3, seed=11, out=tmp_path / "b",
                   progress=False, charts=False)
    sa = pd.read_parquet(tmp_path / "a" / "samples.parquet")
    sb = pd.read_parquet(tmp_path / "b" / "samples.parquet")
    pd.testing.assert_frame_equal(sa, sb)
    assert a["top"] == b["top"]
    c = runner.run(scenario, method="morris", n=3, seed=12, out=tmp_path / "c",
                   progress=False, charts=False)
    sc_ = pd.read_parquet(tmp_path / "c" / "samples.parquet")
    assert not np.allclose(sa["param.rate"], sc_["param.rate"])
    del c


@pytest.mark.parametrize(("method", "n", "extra", "match"), [
    ("sobol", 100, "", "not a power of two"),
    ("fast", 20, "", "more than 64"),
    ("morris", 4, "  - {name: r2, target: targets.cod.value, distribution: uniform, low: 50, "
     "high: 150, source: t, correlations: {rate: 0.5}}\n", "assume independent"),
])
def test_designs_refused(tmp_path, method, n, extra, match):
    unc = ("uncertainty:\n  - {name: rate, target: discount_rate.value, distribution: uniform,"
           " low: 4, high: 12, source: t}\n" + extra)
    sc = write_scenario(tmp_path, unc)
    with pytest.raises(InputError, match=match):
        runner.run(sc, method=method, n=n, seed=1, out=tmp_path / "run", progress=False)


def test_delta_with_rank_correlation(tmp_path):
    unc = """uncertainty:
  - {name: rate, target: discount_rate.value, distribution: uniform, low: 4, high: 12, source: t}
  - {name: cod, target: targets.cod.value, distribution: uniform, low: 50, high: 130,
     source: t, correlations: {rate: 0.7}}
"""
    sc = write_scenario(tmp_path, unc)
    runner.run(sc, method="delta", n=60, seed=2, out=tmp_path / "run", progress=False,
               charts=False)
    samples = pd.read_parquet(tmp_path / "run" / "samples.parquet")
    rho = samples[["param.rate", "param.cod"]].rank().corr().iloc[0, 1]
    assert 0.55 < rho < 0.85


def test_sobol_analysis_refuses_a_sample_of_the_other_second_order(tmp_path, scenario):
    """Samples drawn without second-order indices analysed with them (or the reverse) are
    refused, never silently misread; a resume with the other setting is refused too."""
    from model.sensitivity import analysis, sampling
    from model.sensitivity.evaluate import Evaluator

    ev = Evaluator(scenario)
    u = sampling.design(ev.pset, "sobol", 8, 1, second_order=False)
    fake = pd.DataFrame({"y": np.arange(len(u), dtype=float)})
    with pytest.raises(InputError, match="second-order setting"):
        analysis.indices(ev.pset, "sobol", u, fake, ["y"], True, 4, 1)
    runner.run(scenario, method="sobol", n=8, seed=1, out=tmp_path / "run", progress=False,
               charts=False)
    with pytest.raises(InputError, match="second_order"):
        runner.run(scenario, method="sobol", n=8, seed=1, out=tmp_path / "run",
                   second_order=True, progress=False, charts=False)


def test_an_output_constant_on_the_kept_samples_has_no_index(scenario):
    """An output that varies only on base samples dropped as infeasible is constant on those
    kept: its row says so (no index). SALib's own warning (it also warns on a subset of the
    evaluations: the shipped run's met/shortfall of the PM2.5 target) goes into the note column;
    it stopped `peakplan sensitivity --method sobol -N 32` in the documented-commands test,
    where warnings are errors."""
    from model.sensitivity import analysis, sampling
    from model.sensitivity.evaluate import Evaluator

    ev = Evaluator(scenario)
    u = sampling.design(ev.pset, "sobol", 8, 1, second_order=False)
    block = len(u) // 8
    z = np.full(len(u), 5.0)
    z[1:block] = np.nan  # the first base sample infeasible (dropped whole) ...
    z[0] = 3.0  # ... so z, 3 on one of its rows, is constant (5) on the seven kept
    fake = pd.DataFrame({"z": z})
    out = analysis.indices(ev.pset, "sobol", u, fake, ["z"], False, 4, 1)
    assert len(out) == 1 and np.isnan(out["value"].iloc[0])
    assert out["note"].iloc[0] == "constant on every base sample kept: no index"
    assert int(out["n_used"].iloc[0]) == 7 and int(out["n_total"].iloc[0]) == 8


def test_a_delta_estimate_salib_cannot_make_leaves_that_output_without_index(scenario,
                                                                            monkeypatch):
    """SALib's delta raises on an output of few distinct values at small N ('Singular matrix':
    `peakplan sensitivity --mode fixed-plan --method delta -N 50` of the README stopped with
    it); that output gets a row saying so and the others keep their indices."""
    from SALib.analyze import delta

    from model.sensitivity import analysis, sampling
    from model.sensitivity.evaluate import Evaluator

    ev = Evaluator(scenario)
    u = sampling.design(ev.pset, "delta", 40, 1, second_order=False)
    rng = np.random.default_rng(3)
    fake = pd.DataFrame({"bad": rng.uniform(size=len(u)), "good": rng.uniform(size=len(u))})
    real = delta.analyze

    def flaky(problem, X, Y, **kw):
        if np.allclose(Y, fake["bad"].to_numpy()):
            raise ValueError("ERROR [p]: Singular matrix - likely due to degenerate input")
        return real(problem, X, Y, **kw)

    monkeypatch.setattr(delta, "analyze", flaky)
    out = analysis.indices(ev.pset, "delta", u, fake, ["bad", "good"], False, 4, 1)
    bad = out[out["output"] == "bad"]
    assert len(bad) == 1 and np.isnan(bad["value"].iloc[0])
    assert bad["note"].iloc[0].startswith("no delta index: SALib: ERROR [p]: Singular matrix")
    good = out[out["output"] == "good"]
    assert len(good) == len(ev.pset.names) + 1 and good["value"].notna().all()
