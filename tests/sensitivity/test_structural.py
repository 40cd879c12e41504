"""Issue #15 on the made-up city (tests/data/city_b): structural factors evaluated exactly as
``peakplan run`` with the same settings, every sample costed (penalties worked by hand), exact
probabilities of a target met iff a factor is below a threshold, an additive cost model's
Sobol indices, and groups of catalogue rows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from model.errors import InputError
from model.sensitivity import runner
from model.sensitivity.evaluate import Evaluator
from tests.sensitivity.conftest import write_scenario

#: a CO2-intensity target the central plan just meets (the catalogue's most is a 0.17 % fall
#: under net_import: the city exports hydropower while its GDP grows 5 %/yr), and hydrology cases
STRUCTURAL = """  - {id: co2, kind: intensity, quantity: CO2, year: 2025, value: 0.1, unit: "%",
     label_zh: 碳强度, label_en: CO2 intensity, source: test fixture}
hydrology:
  case: design
  cases:
    design: {value: 1.0, unit: "1", source: t}
    dry: {value: 0.7, unit: "1", source: t, status: estimate, method: t}
    wet: {value: 1.3, unit: "1", source: t, status: estimate, method: t}
uncertainty:
  - {name: view, target: accounting_view, distribution: categorical, source: t,
     label_zh: 核算口径, label_en: accounting view,
     levels: [assessed, new_plants_uncredited, consumption, consumption_local, territorial,
              territorial_local]}
  - {name: hydro, target: hydrology.case, distribution: categorical, levels: [dry, design, wet],
     weights: [0.3, 0.4, 0.3], source: t}
  - {name: grid, target: grid_factor_path, distribution: categorical, source: t,
     levels: {held: [], low: [{year: 2025, value: 0.50, unit: "kg CO2/kWh", source: t}]}}
"""

#: --set overrides of `peakplan run` that count as each view does (docs/ACCOUNTING.md §1b)
VIEW_SET = {"assessed": [], "new_plants_uncredited": ["export_credit=existing"],
            "consumption": ["co2_accounting=consumption"],
            "consumption_local": ["co2_accounting=consumption",
                                  "non_fossil_attribution=local_first"],
            "territorial": ["co2_accounting=territorial"],
            "territorial_local": ["co2_accounting=territorial",
                                  "non_fossil_attribution=local_first"]}

RURAL = """uncertainty:
  - {name: rural_level, target: targets.rural.value, distribution: uniform, low: 10, high: 70,
     source: t}
"""

# rural households of city_b (pack/services.csv): 40,000 + 60,000 = 100,000, of which 8,000 +
# 6,000 = 14,000 treated in 2020 (population growth 0: flat to 2025); rural_sewage may connect
# half of the unserved ones by 2025 (catalogue/potentials.csv 0.5): at most
# (14,000 + 0.5 x 86,000) / 100,000 = 57 % of households treated.
RURAL_MAX = 0.57
# one household connected costs 4,000 CNY (costs.csv), annualised over 20 years at 8 %:
# CRF = 0.08 / (1 - 1.08^-20) = 0.1018522; one percentage point is 1,000 households, so the
# catalogue's most expensive one-year cost per point is 4,000 x 0.1018522 x 1,000 =
# 407,408.8 CNY/pp and the default penalty ten times that.
CRF_8_20 = 0.08 / (1 - 1.08 ** -20)
RURAL_PENALTY = 10 * 4000 * CRF_8_20 * 1000
DF_2025 = 1.08 ** -5


def _run_like(sc, overrides):
    """What `peakplan run --set ...` solves: load, derive, compile, solve."""
    from model import pipeline
    from model.scenario import load_scenario

    return pipeline.solve_prepared(pipeline.prepare(load_scenario(sc, overrides))).solution


def test_discrete_levels_evaluated_as_peakplan_run_gives(tmp_path):
    """Each level of the accounting view, the hydrology case and the grid-factor path, the
    others at the scenario's own level, gives the plan cost, status and CO2-intensity fall of
    `peakplan run` with the same settings (--set), feasible or not."""
    sc = write_scenario(tmp_path, STRUCTURAL)
    ev = Evaluator(sc)
    central = {p.name: p.central for p in ev.pset.params}
    assert [ev.pset.param(n).dist.levels[round(central[n])] for n in ("view", "hydro", "grid")] \
        == ["assessed", "design", "held"]
    statuses = set()
    for p in ev.pset.params:
        for i, level in enumerate(p.dist.levels):
            out = ev.evaluate({**central, p.name: float(i)})
            if p.name == "view":
                sets = VIEW_SET[level]
            elif p.name == "hydro":
                sets = [f"hydrology.case={level}"]
            else:
                sets = [] if level == "held" else [
                    'grid_factor_path=[{year: 2025, value: 0.50, unit: "kg CO2/kWh", '
                    'source: t}]']
            sol = _run_like(sc, sets)
            statuses.add(sol.status)
            assert out["feasible"] == (1.0 if sol.status == "optimal" else 0.0), level
            assert out["cost_pv_plan"] == pytest.approx(sol.objective, rel=1e-9), level
            got = sol.targets.set_index("target")
            assert out["achieved.co2"] == pytest.approx(float(got.loc["co2", "achieved"]),
                                                        rel=1e-9, abs=1e-12), level
            moved = i != round(central[p.name])
            assert out["path"].startswith("derive") == moved, (level, out["path"])
    assert statuses == {"optimal", "infeasible"}  # a dry year and a lower grid factor fail it


def test_a_level_that_is_not_the_scenarios_own_is_refused(tmp_path):
    text = STRUCTURAL.replace("levels: [dry, design, wet],\n     weights: [0.3, 0.4, 0.3]",
                              "levels: [dry, wet]")
    sc = write_scenario(tmp_path, text)
    with pytest.raises(InputError, match="scenario's own case 'design'"):
        Evaluator(sc)
    sc = write_scenario(tmp_path, STRUCTURAL.replace("territorial_local]", "assessed_dry]"))
    with pytest.raises(InputError, match="view 'assessed_dry'"):
        Evaluator(sc)  # a view with its own hydrology case beside the hydrology factor


def test_penalty_priced_cost_by_hand(tmp_path):
    """A rural target of 65 % is 8 points beyond the catalogue's 57 %: the sample costs the
    least-shortfall plan (as `peakplan run` diagnoses it) plus 8 pp at the default penalty,
    valued in 2025 and discounted to 2020; a declared penalty replaces the default; in
    fixed-plan mode the central plan (20 %) misses a 30 % target by 10 points."""
    sc = write_scenario(tmp_path, RURAL)
    ev = Evaluator(sc)
    pen = ev.penalties["rural"]
    assert pen.unit == "CNY/percentage point"
    assert pen.value == pytest.approx(RURAL_PENALTY, rel=1e-9)  # 4,074,088 CNY/pp
    out = ev.evaluate({"rural_level": 65.0})
    assert out["feasible"] == 0.0 and out["met.rural"] == 0.0
    assert out["shortfall.rural"] == pytest.approx(0.65 - RURAL_MAX, abs=1e-9)
    sol = _run_like(sc, ["targets.rural.value=65"])
    assert sol.status == "infeasible"
    assert out["cost_pv_plan"] == pytest.approx(sol.objective, rel=1e-9)
    assert out["penalty_pv"] == pytest.approx(RURAL_PENALTY * 8 * DF_2025, rel=1e-7)
    assert out["cost_pv"] == pytest.approx(out["cost_pv_plan"] + out["penalty_pv"], rel=1e-12)
    assert math.isnan(out["cost_pv_feasible"]) and math.isnan(out["price.rural"])
    # a met sample pays nothing: its cost is the run's
    ok = ev.evaluate({"rural_level": 40.0})
    assert ok["penalty_pv"] == 0.0 and ok["cost_pv"] == ok["cost_pv_feasible"]
    assert ok["cost_pv"] == pytest.approx(_run_like(sc, ["targets.rural.value=40"]).objective,
                                          rel=1e-9)
    declared = RURAL + """sensitivity:
  penalties:
    rural: {value: 1000000, unit: CNY/percentage point, source: t}
"""
    (tmp_path / "declared").mkdir()
    ev2 = Evaluator(write_scenario(tmp_path / "declared", declared))
    assert ev2.penalties["rural"].basis.startswith("declared")
    out2 = ev2.evaluate({"rural_level": 65.0})
    assert out2["penalty_pv"] == pytest.approx(1e6 * 8 * DF_2025, rel=1e-7)
    fixed = Evaluator(sc, mode="fixed-plan")
    out3 = fixed.evaluate({"rural_level": 30.0})
    assert out3["achieved.rural"] == pytest.approx(0.20, abs=1e-9)  # the central plan's
    assert out3["penalty_pv"] == pytest.approx(RURAL_PENALTY * 10 * DF_2025, rel=1e-7)
    bad = RURAL + """sensitivity:
  penalties:
    rural: {value: 1000000, unit: CNY/t, source: t}
"""
    with pytest.raises(InputError, match="shadow-price unit"):
        Evaluator(write_scenario(tmp_path / "declared", bad))


@pytest.mark.parametrize(("mode", "threshold"), [
    ("reoptimise", RURAL_MAX),  # met iff the requirement is within the catalogue's 57 %
    ("fixed-plan", 0.20),       # met iff within what the central plan delivers (its 20 %)
])
def test_exact_probability_of_a_threshold_target(tmp_path, mode, threshold):
    """The rural target is met iff its sampled requirement (uniform 10-70 %) is at most the
    threshold, so P(met) = (100 threshold - 10) / 60 exactly. A scrambled Sobol' design of N =
    2^m points puts one point in each 1/N of every axis, so the estimate over its 2N base
    points is within 1/N of it; the Wilson interval holds it; PRIM's box is the requirement
    above the threshold with coverage and density 1 (a clean cut)."""
    sc = write_scenario(tmp_path, RURAL)
    n = 32
    s = runner.run(sc, method="sobol", n=n, seed=2, mode=mode, out=tmp_path / "run",
                   progress=False, charts=False)
    exact = (100 * threshold - 10) / 60
    prob = pd.read_csv(tmp_path / "run" / "probabilities.csv").set_index("target")
    assert prob.loc["rural", "n"] == 2 * n
    assert abs(prob.loc["rural", "p_met"] - exact) <= 1 / n
    assert prob.loc["rural", "low95"] <= exact <= prob.loc["rural", "high95"]
    df = pd.read_parquet(tmp_path / "run" / "samples.parquet")
    met = df["param.rural_level"] / 100 <= threshold + 1e-9
    assert ((df["met.rural"] == 1) == met).all()
    np.testing.assert_allclose(df["shortfall.rural"],
                               np.maximum(0.0, df["param.rural_level"] / 100 - threshold),
                               atol=1e-8)
    # PRIM over the 2N base points: the box is the requirement above a cut at most one peel
    # (5 % of the points) below the threshold; coverage and density counted by hand
    boxes = pd.read_csv(tmp_path / "run" / "failure_boxes.csv")
    row = boxes[boxes["target"] == "rural"].iloc[0]
    assert row["parameter"] == "rural_level" and row["restriction"] == "lower"
    base = df[analysis_rows(df, n)]
    v, fail = base["param.rural_level"].to_numpy(), base["met.rural"].to_numpy() == 0
    inside = v >= row["low"]
    assert row["coverage"] == pytest.approx((inside & fail).sum() / fail.sum(), abs=1e-12)
    assert row["density"] == pytest.approx((inside & fail).sum() / inside.sum(), abs=1e-12)
    assert row["coverage"] == 1.0 and row["density"] >= 0.9
    assert 100 * threshold - 0.05 * 60 <= row["low"] <= v[fail].min()
    assert "rural_level exceeds" in s["failure_sentences"][-1]["sentence_en"]


def analysis_rows(df, n):
    """The A and B rows of a one-parameter Sobol design (block of 3: A, AB, B)."""
    pos = np.arange(len(df)) % 3
    return (pos == 0) | (pos == 2)


LINEAR = """uncertainty:
  - {name: gas_capital, target: "catalogue/costs.csv:value[measure=boiler_to_gas,item=capital]",
     distribution: uniform, low: 100, high: 200, source: t}
  - {name: wwtp_capital, target: "catalogue/costs.csv:value[measure=county_wwtp,item=capital]",
     distribution: uniform, low: 4000, high: 6000, source: t}
  - {name: wwtp_om, target: "catalogue/costs.csv:value[measure=county_wwtp,item=om]",
     distribution: uniform, low: 200, high: 400, source: t}
  - {name: rural_capital, target: "catalogue/costs.csv:value[measure=rural_sewage,item=capital]",
     distribution: uniform, low: 3000, high: 5000, source: t}
"""


def test_additive_cost_model_has_no_interactions(tmp_path, fixed_catalogue):
    """Every measure held at its potential: the cost is additive (linear) in the unit costs,
    so each S1 equals its ST and every second-order index is 0, within the estimators' error
    at N = 256 (the shares themselves are checked against hand slopes in
    test_statistics.py)."""
    sc = write_scenario(tmp_path, LINEAR, catalogue=fixed_catalogue)
    runner.run(sc, method="sobol", n=256, seed=3, second_order=True, out=tmp_path / "run",
               progress=False, charts=False)
    ind = pd.read_csv(tmp_path / "run" / "indices.csv")
    cost = ind[ind["output"] == "cost_pv"]
    s1 = cost[cost["index"] == "S1"].set_index("parameter")["value"]
    st = cost[cost["index"] == "ST"].set_index("parameter")["value"]
    for name in s1.index:
        assert abs(s1[name] - st[name]) < 0.03, name
    s2 = cost[cost["index"] == "S2"]
    assert len(s2) == 6
    assert (s2["value"].abs() < 0.03).all(), s2[["parameter", "value", "conf"]]
    assert abs(s1.sum() - 1) < 0.03


def test_rows_of_a_table_as_one_group(tmp_path):
    """per: row expands every cost row no other declaration names into its own factor (from
    by_status), all in one group; Sobol gives the group one index; the fast path of the cost
    rows equals derive()."""
    unc = """uncertainty:
  - {name: gas_capital, target: "catalogue/costs.csv:value[measure=boiler_to_gas,item=capital]",
     distribution: uniform, low: 100, high: 200, source: t}
  - {name: costs, target: "catalogue/costs.csv:value[*]", per: row, label_zh: 措施成本,
     label_en: measure costs, source: t,
     by_status: {reported: {distribution: triangular, low: 0.7, mode: 1.0, high: 1.5}}}
"""
    sc = write_scenario(tmp_path, unc)
    ev = Evaluator(sc)
    members = [p for p in ev.pset.params if p.member_of == "costs"]
    # costs.csv holds 8 rows; the gas capital row is declared on its own
    assert len(members) == 7 and all(p.group == "costs" for p in members)
    assert "costs[boiler_to_gas.capital]" not in ev.pset.names
    assert {p.dist.describe() for p in members} == {"triangular(low=0.7, mode=1, high=1.5)"}
    rng = np.random.default_rng(4)
    for _ in range(3):
        vals = {p.name: float(p.dist.ppf(rng.uniform(size=1))[0]) for p in ev.pset.params}
        ix, _, path = ev.indexed(vals)
        assert path == "fast"
        ref = ev.exact_indexed(vals)
        for f in ("capital", "om", "purchase", "effective_capital", "opex"):
            np.testing.assert_allclose(getattr(ix, f), getattr(ref, f), rtol=1e-12, atol=0)
    runner.run(sc, method="sobol", n=16, seed=1, out=tmp_path / "run", progress=False,
               charts=False)
    ind = pd.read_csv(tmp_path / "run" / "indices.csv")
    st = ind[(ind["output"] == "cost_pv") & (ind["index"] == "ST")]
    assert set(st["parameter"]) == {"gas_capital", "costs"}
    assert st.set_index("parameter").loc["costs", "label_en"] == "measure costs"
    # delta has no group index: each member its own δ; FAST cannot take groups
    runner.run(sc, method="delta", n=40, seed=1, out=tmp_path / "delta", progress=False,
               charts=False)
    ind = pd.read_csv(tmp_path / "delta" / "indices.csv")
    d = ind[(ind["output"] == "cost_pv") & (ind["index"] == "delta")]
    assert set(d["parameter"]) == {"gas_capital", "(dummy)", *(p.name for p in members)}
    # CO2 of 2025 takes two values here (the gas switch on or off): SALib's density fails,
    # the output gets a row saying so instead of stopping the run
    co2 = ind[ind["output"] == "co2.2025"]
    assert len(co2) == 1 and "no delta index" in co2["note"].iloc[0]
    with pytest.raises(InputError, match="fast with groups"):
        runner.run(sc, method="fast", n=100, seed=1, out=tmp_path / "fast", progress=False)


def test_prim_recovers_a_known_failure_region():
    """Synthetic: 2,000 independent uniform points; a case fails iff a > 0.6, b < 0.4 and the
    level is p or q (probability 0.4 x 0.4 x 2/3 = 0.107). PRIM's box restricts exactly a, b
    and the level (c is noise; the quasi-p test keeps no restriction of it), its cuts lie
    within 0.05 of the true ones, and coverage and density are the hand counts of the points
    in the box."""
    from model.sensitivity.discovery import describe, find_box

    rng = np.random.default_rng(0)
    n = 2000
    x = pd.DataFrame({"a": rng.uniform(size=n), "b": rng.uniform(size=n),
                      "c": rng.uniform(size=n),
                      "v": pd.Categorical(rng.choice(["p", "q", "r"], n),
                                          categories=["p", "q", "r"])})
    y = ((x["a"] > 0.6) & (x["b"] < 0.4) & (x["v"] != "r")).to_numpy()
    box = find_box(x, y)
    assert set(box["dims"]) == {"a", "b", "v"}
    assert abs(box["limits"]["a"][0] - 0.6) < 0.05 and box["limits"]["a"][1] == x["a"].max()
    assert abs(box["limits"]["b"][1] - 0.4) < 0.05 and box["limits"]["b"][0] == x["b"].min()
    assert box["limits"]["v"] == ["p", "q"]
    inside = ((x["a"] >= box["limits"]["a"][0]) & (x["b"] <= box["limits"]["b"][1])
              & x["v"].isin(["p", "q"])).to_numpy()
    assert box["coverage"] == pytest.approx((inside & y).sum() / y.sum(), abs=1e-12)
    assert box["density"] == pytest.approx((inside & y).sum() / inside.sum(), abs=1e-12)
    assert box["coverage"] > 0.9 and box["density"] >= 0.8
    _, en, zh = describe(box, {k: (k, k) for k in x.columns})
    assert en.startswith("a exceeds 0.") and "b is below 0." in en and "v is p or q" in en
    assert "为p或q" in zh


def _ind(rows):
    return pd.DataFrame(rows, columns=["output", "parameter", "index", "value", "conf"])


def test_warnings_on_indices_that_cannot_be_read():
    """Issue #15 item 6, by hand: an S1 above its ST beyond both intervals is named (0.50 -
    0.05 > 0.30 + 0.05); one whose intervals overlap is not (0.40 - 0.10 < 0.30 + 0.05); N =
    16 base samples for D' = 3 is below 10 D' = 30; N = 64 with ST half-widths 0.05 passes;
    7 Morris trajectories are under 10; a delta dummy of 0.15 is above the 0.1 floor."""
    from types import SimpleNamespace

    from model.sensitivity.analysis import DUMMY, warnings_of

    pset = SimpleNamespace(groups=["a", "b", "g", "g"])  # D' = 3 (two members of g)
    sob = _ind([("cost_pv", "a", "S1", 0.50, 0.05), ("cost_pv", "a", "ST", 0.30, 0.05),
                ("cost_pv", "b", "S1", 0.40, 0.10), ("cost_pv", "b", "ST", 0.30, 0.05),
                ("cost_pv", "g", "S1", 0.10, 0.05), ("cost_pv", "g", "ST", 0.20, 0.05)])
    w = warnings_of(sob, "sobol", 16, pset)
    assert len(w) == 2
    assert w[0].startswith("S1 exceeds ST beyond both 95 % intervals for 1 index pairs (a on "
                           "cost_pv)")
    assert "N = 16 base samples for D' = 3" in w[1] and "N >= 10 D' (30)" in w[1]
    ok = sob.copy()
    ok.loc[0, "value"] = 0.35  # 0.35 - 0.05 = 0.30, not above 0.30 + 0.05
    assert warnings_of(ok, "sobol", 64, pset) == []
    assert "0.15" in warnings_of(ok.assign(conf=0.15), "sobol", 64, pset)[0]  # wide intervals
    assert "7 Morris trajectories" in warnings_of(_ind([]), "morris", 7, pset)[0]
    assert warnings_of(_ind([]), "morris", 10, pset) == []
    dum = _ind([("cost_pv", DUMMY, "delta", 0.15, 0.02), ("cost_pv", "a", "delta", 0.4, 0.02)])
    assert "delta 0.15" in warnings_of(dum, "delta", 200, pset)[0]
    assert warnings_of(dum.assign(value=[0.05, 0.4]), "delta", 200, pset) == []
