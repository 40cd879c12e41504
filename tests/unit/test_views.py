"""Accounting views, the double-counting guard, hydrology, official counting and the
horizon-independent uptake limit (issue #12), worked by hand on the made-up two-county city
(tests/data/city_b) and checked on Ankang.

city_b in 2020: electricity use 30,000 + 10,000 万kWh = 400,000 MWh; hydro generation in the
west county 60,000 万kWh = 600,000 MWh (a net exporter); GDP +5 %/yr, fuels at elasticity 0.5,
electricity at 1. The views scenario adds a committed 10,000 万kWh = 100,000 MWh hydro station
from 2023 and runs with no measures, so each view's intensity fall is its baseline's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.accounting.rules import rule
from model.errors import InputError

pytestmark = pytest.mark.slow  # the shipped pack solved or every chart drawn

CITY_B = Path(__file__).parents[1] / "data" / "city_b" / "city_b.yaml"
ROOT = Path(__file__).parents[2]

GDP = 1.05 ** 5              # GDP 2025 / 2020
FUEL = 1.05 ** 2.5           # fuels at elasticity 0.5
USE0, GEN0, ADD = 400_000.0, 600_000.0, 100_000.0   # MWh
G = 0.6336                   # t CO2/MWh, Shaanxi 2021 (公告2024年第12号)
S_GRID = 0.248  # grid's non-fossil share, 1 - 0.6336/0.8426 rounded (grid_emission_factors.csv)


def _views_scenario(tmp_path: Path, co2_target: float, extra: str = "") -> Path:
    text = f"""
extends: {CITY_B.as_posix()}
name: lanshan_views
measures: []
activity_additions:
  - {{region: west, category: generation, activity: hydro, year: 2023, value: 10000,
     unit: 万千瓦时, source: test fixture}}
hydrology:
  case: design
  cases:
    design: {{value: 1.0, unit: "1", source: test fixture}}
    dry: {{value: 0.8, unit: "1", source: test fixture}}
    wet: {{value: 1.2, unit: "1", source: test fixture}}
targets:
  - {{id: co2_intensity, kind: intensity, quantity: CO2, year: 2025, value: {co2_target},
     unit: "%", label_zh: 碳强度, label_en: CO2 intensity, source: test fixture}}
  - {{id: nox, enabled: false}}
  - {{id: cod, enabled: false}}
  - {{id: nox_total, enabled: false}}
  - {{id: rural, enabled: false}}
{extra}
"""
    path = tmp_path / "views.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _coal(ledger) -> tuple[float, float]:
    """t CO2 and tce per t of raw coal (the factor library's, read through the ledger)."""
    c = ledger.coefficients("east", "1.A.2.m", "raw_coal", "t")
    return c["CO2"], c["energy"]


def _gas(ledger) -> tuple[float, float]:
    c = ledger.coefficients("west", "1.A.4.b", "natural_gas", "万立方米")
    return c["CO2"], c["energy"]


def _diesel(ledger) -> tuple[float, float]:
    c = ledger.coefficients("east", "1.A.3.b", "diesel", "t")
    return c["CO2"], c["energy"]


def test_views_table_by_hand(tmp_path):
    """CO2-intensity fall of each view, by hand (the LP has no measures: achieved = baseline),
    and the status against a 5 % target: net_import with every plant credited meets it, the
    views without the new plant's credit or without any credit do not."""
    from model.pipeline import derive, load, solve_prepared
    from model.scenario import load_scenario
    from model.views import solve_views

    loaded = load(load_scenario(_views_scenario(tmp_path, 5.0)))
    prep = derive(loaded)
    led = prep.ledger
    (c_coal, _), (c_gas, _), (c_dsl, _) = _coal(led), _gas(led), _diesel(led)
    fuel0 = 130_000 * c_coal + 1000 * c_gas + 10_000 * c_dsl
    use = USE0 * GDP
    b = prep.data.baseline  # clinker CO2 (held flat), counted by territorial only
    proc = b[(b["quantity"] == "CO2_process") & (b["year"] == 2020)]["value"].sum()
    assert proc > 0

    def fall(co2_0, co2_25):
        return 1 - (co2_25 / GDP) / co2_0

    hand = {
        # net_import: fuel + g (use - credited generation)
        "assessed": fall(fuel0 + G * (USE0 - GEN0), fuel0 * FUEL + G * (use - GEN0 - ADD)),
        "new_plants_uncredited": fall(fuel0 + G * (USE0 - GEN0),
                                      fuel0 * FUEL + G * (use - GEN0)),
        "consumption": fall(fuel0 + G * USE0, fuel0 * FUEL + G * use),
        "consumption_local": fall(fuel0 + G * USE0, fuel0 * FUEL + G * use),
        "territorial": fall(fuel0 + proc, fuel0 * FUEL + proc),
        "territorial_local": fall(fuel0 + proc, fuel0 * FUEL + proc),
        "assessed_dry": fall(fuel0 + G * (USE0 - GEN0),
                             fuel0 * FUEL + G * (use - 0.8 * (GEN0 + ADD))),
        "assessed_wet": fall(fuel0 + G * (USE0 - GEN0),
                             fuel0 * FUEL + G * (use - 1.2 * (GEN0 + ADD))),
    }
    solved = solve_prepared(prep)
    table, note = solve_views(loaded, prep, solved)
    assert list(table["view"]) == list(hand)
    got = {r["view"]: r for r in note["views"]}
    for view, f in hand.items():
        text = got[view]["intensity"]
        achieved = float(text.split("achieved ")[1].split(" %")[0])
        most = float(text.split("most ")[1].split(" %")[0])
        assert achieved == pytest.approx(100 * f, abs=0.051), view  # printed to 0.1 %
        assert most == pytest.approx(100 * f, abs=0.051), view      # no measure: most = base
        assert (got[view]["status"] == "optimal") == (f >= 0.05), view
    assert table.loc[table["view"] == "assessed", "this_run"].item()
    assert "met only if" in note["answer"].lower() or "Met only if" in note["answer"]
    assert "new_plants_uncredited" in note["answer"].split("not under")[1]
    # the added time is measured and reported as a ratio to the main solve
    assert note["ratio_to_main_solve"] > 0 and note["seconds"] > 0


def test_energy_by_attribution_by_hand(tmp_path):
    """Assessed energy with the non-fossil deduction: grid_share deducts the grid's share of
    every MWh used, local_first all of it while the city exports (use < local hydro)."""
    from model.pipeline import derive, load
    from model.scenario import load_scenario
    from model.views import VIEWS, fast_data

    loaded = load(load_scenario(_views_scenario(tmp_path, 5.0)))
    prep = derive(loaded)
    k = prep.ledger.electricity_tce()
    b = prep.data.baseline
    e = b[(b["quantity"] == "energy") & (b["year"] == 2025)]["value"].sum()
    fuel_tce = b[(b["quantity"] == "energy_gross") & (b["year"] == 2025)]["value"].sum() \
        - USE0 * GDP * k
    assert e == pytest.approx(fuel_tce + USE0 * GDP * k * (1 - S_GRID), rel=1e-6)
    local = fast_data(prep, next(v for v in VIEWS if v.name == "consumption_local"),
                      loaded.catalogue.changes).baseline
    e_local = local[(local["quantity"] == "energy") & (local["year"] == 2025)]["value"].sum()
    assert e_local == pytest.approx(fuel_tce, rel=1e-6)


@pytest.mark.parametrize("scenario", ["city_b", "ankang"])
def test_transformed_views_equal_a_full_derive(tmp_path, scenario):
    """The linear transformation of the run's data gives each view's baseline and effects as a
    full re-derivation does."""
    from model.pipeline import derive, load
    from model.scenario import load_scenario
    from model.views import applicable, exact_data, fast_data

    path = _views_scenario(tmp_path, 5.0).read_text(encoding="utf-8").replace(
        "measures: []\n", "") if scenario == "city_b" else None
    if path is not None:
        p = tmp_path / "with_measures.yaml"
        p.write_text(path, encoding="utf-8")
        sc = load_scenario(p)
    else:
        sc = load_scenario(ROOT / "scenarios" / "ankang_2025.yaml")
    loaded = load(sc)
    prep = derive(loaded)
    views = applicable(sc)
    assert len(views) == 8
    for v in views:
        a = fast_data(prep, v, loaded.catalogue.changes)
        b = exact_data(loaded, v)
        kb = ["region", "year", "quantity"]
        x = a.baseline.merge(b.baseline, on=kb, how="outer", suffixes=("_f", "_e")).fillna(0)
        assert np.allclose(x["value_f"], x["value_e"], rtol=1e-9, atol=1e-6), v.name
        ke = ["measure", "quantity", "region", "year"]
        y = a.effects.merge(b.effects, on=ke, how="outer", suffixes=("_f", "_e")).fillna(0)
        assert np.allclose(y["value_f"], y["value_e"], rtol=1e-9, atol=1e-12), v.name


def test_double_counting_guard():
    """net_import credits local hydro as exported; local_first with a non-fossil deduction
    would count the same MWh as local non-fossil use too: refused with the fix named."""
    with pytest.raises(InputError) as e:
        rule("net_import", attribution="local_first", where="s.yaml")
    msg = str(e.value)
    assert "grid_share" in msg and "consumption" in msg and len(msg) < 300
    # one claim per MWh: each of these is accepted
    rule("net_import", attribution="grid_share")
    rule("consumption", attribution="local_first")
    rule("territorial", attribution="local_first")
    rule("net_import", attribution="local_first", deductions=["feedstock"])
    with pytest.raises(InputError, match="grid_share"):
        rule("net_import", attribution="nearest")
    with pytest.raises(InputError, match="existing"):
        rule("net_import", export_credit="half")


def test_double_counting_guard_cli(tmp_path):
    """The CLI exits 2 with one line naming the keys and the fix; nothing is written."""
    from typer.testing import CliRunner

    from model.cli import app

    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(CITY_B), "--set",
                                   "non_fossil_attribution=local_first", "--out", str(out)])
    assert res.exit_code == 2
    line = res.output.strip().splitlines()[-1]
    assert "non_fossil_attribution" in line and "grid_share" in line and len(line) < 300
    assert not out.exists()


def test_hydrology_factors():
    """Each model year takes its case's factor; the base year its own case; an undeclared case
    is named."""
    from model.projection.activity import hydrology_factors
    from model.schema import Hydrology

    h = Hydrology(case="dry", base_year_case="design", years={2025: "wet"},
                  cases={"design": {"value": 1, "unit": "1", "source": "t"},
                         "dry": {"value": 80, "unit": "%", "source": "t"},
                         "wet": {"value": 1.2, "unit": "1", "source": "t"}})
    assert hydrology_factors(h, 2020, [2023, 2025], "h") == pytest.approx([1.0, 0.8, 1.2])
    assert hydrology_factors(None, 2020, [2025], "h") == [1.0, 1.0]
    bad = h.model_copy(update={"case": "flood"})
    with pytest.raises(InputError, match="flood"):
        hydrology_factors(bad, 2020, [2023, 2025], "h")


def test_deregistration_credit_by_hand(tmp_path):
    """1,000 China 3 light trucks at survival 0.8/yr: 1,000 x (1 - 0.8^5) = 672.32 leave the
    fleet by 2025, each driving 20,000 km: NOx credit 672.32 x 20,000 km x (0.65 - 0.075) g/km
    x in-use factor 3 = 23.195 t (GB 18352 limits x the light-diesel in-use factor of
    pollutants_mee.csv); off, it is 0."""
    from model.pipeline import prepare
    from model.scenario import load_scenario

    pack = tmp_path / "pack"
    shutil.copytree(CITY_B.parent / "pack", pack)
    with (pack / "activity_pollutants.csv").open("a", encoding="utf-8") as f:
        f.write("east,2020,1.A.3.b,light_truck_diesel.china6,0,vehicle,made-up test city,"
                "reported,,\n")
    shutil.copytree(CITY_B.parent / "catalogue", tmp_path / "catalogue")
    text = CITY_B.read_text(encoding="utf-8").replace(
        "factors: ../../../inventories/factors",
        f"factors: {(ROOT / 'inventories/factors').as_posix()}"
    ).replace("  - {name: everything_else, driver: flat}",
              "  - {name: trucks, select: {kind: vehicle}, driver: flat, survival: "
              "{china3_or_older: {value: 0.8, unit: '1', source: test fixture}}}\n"
              "  - {name: everything_else, driver: flat}")
    path = tmp_path / "city.yaml"
    path.write_text(text, encoding="utf-8")
    t = prepare(load_scenario(path)).data.targets.set_index("target")
    # 7.7317 -> 23.195 t with issue #14: light-diesel NOx at the type-approval limit x 3 (in-use
    # factor, Wu et al. 2017, doi:10.1016/j.scitotenv.2016.09.040)
    assert t.loc["nox", "param"] == pytest.approx(672.32 * 20_000 * 0.575e-6 * 3, rel=1e-9)
    assert t.loc["cod", "param"] == 0.0
    path.write_text(text + "load_accounting: {baseline_deregistrations: false}\n",
                    encoding="utf-8")
    t = prepare(load_scenario(path)).data.targets.set_index("target")
    assert t.loc["nox", "param"] == 0.0


def test_load_reduction_row_counts_credit_and_shares():
    """credit + Σ w·effect·x >= value: a 100 t target with a 30 t baseline credit needs 70 t;
    a manure measure counted at a 0.6 large-scale share gives 0.6 of its effect."""
    from model.accounting.official import eligible_shares

    measures = pd.DataFrame({"eligible": [True, True, False]},
                            index=pd.Index(["manure", "wwtp", "efficiency"], name="measure"))
    cat = pd.DataFrame({"source_activity": ["manure_produced", "urban_sewage_volume", "*"]},
                       index=measures.index)
    s = eligible_shares(measures, cat, 0.6)
    assert s.to_dict() == {"manure": 0.6, "wwtp": 1.0, "efficiency": 0.0}
    assert eligible_shares(measures, cat, None).to_dict() == {"manure": 1.0, "wwtp": 1.0,
                                                               "efficiency": 0.0}
    from model.lp import compile_lp
    from model.lp.data import ModelData

    data = _tiny(credit=30.0, share=0.6)
    sol = compile_lp(data).solve()
    # 70 t needed from the measure: effect 2 t/unit at share 0.6 -> 70 / 1.2 units
    lv = sol.levels.set_index("measure")["level"]
    assert lv["m"] == pytest.approx(70 / 1.2, rel=1e-9)
    row = sol.targets.iloc[0]
    assert row["achieved"] == pytest.approx(100.0, rel=1e-9)
    assert isinstance(data, ModelData)


def _tiny(credit: float, share: float):
    from model.lp.data import ModelData

    measures = pd.DataFrame({"family": ["f"], "unit": ["u"], "label_zh": ["m"],
                             "label_en": ["m"], "eligible": [True],
                             "eligible_share": [share]},
                            index=pd.Index(["m"], name="measure"))
    return ModelData(
        regions=["r"], years=[2025], base_year=2020, measures=measures,
        effects=pd.DataFrame({"measure": ["m"], "quantity": ["COD"], "region": ["r"],
                              "year": [2025], "value": [2.0]}),
        bounds=pd.DataFrame({"measure": ["m"], "region": ["r"], "year": [2025],
                             "floor": [0.0], "potential": [1000.0]}),
        pools=pd.DataFrame(columns=["pool", "region", "year", "capacity"]),
        pool_members=pd.DataFrame(columns=["pool", "measure", "share"]),
        baseline=pd.DataFrame({"region": ["r", "r"], "year": [2020, 2025],
                               "quantity": ["COD", "COD"], "value": [500.0, 500.0]}),
        gdp=pd.DataFrame({"region": ["r", "r"], "year": [2020, 2025], "value": [1.0, 1.0]}),
        targets=pd.DataFrame({"target": ["cod"], "kind": ["load_reduction"],
                              "quantity": ["COD"], "year": [2025], "value": [100.0],
                              "unit": ["t"], "label_zh": ["c"], "label_en": ["c"],
                              "source": ["t"], "param": [credit]}),
        discount_rate=0.08,
        costs=pd.DataFrame({"measure": ["m"], "region": ["r"], "year": [2025],
                            "item": ["om"], "value": [10.0]}))


def test_uptake_limit_is_the_years_own_potential():
    """x[m,r,y] <= min(pot, max(floor, s (y - base) pot)): s = 0.05, pot 1,000 in 2025 and
    4,000 in 2035: 0.05 x 5 x 1,000 = 250 and 0.05 x 15 x 4,000 = 3,000 (each year's own
    potential; before #12 the 2025 bound was 0.05 x 5 x 4,000 = 1,000, the horizon's largest);
    a floor of 300 wins in 2025."""
    from model.lp.families.capacity import column_bounds
    from model.lp.index import index
    from model.lp.structure import Columns

    d = _tiny(0.0, 1.0)
    d = d.__class__(**{**d.__dict__,
                       "years": [2025, 2035],
                       "measures": d.measures.assign(max_build_share=0.05),
                       "bounds": pd.DataFrame({"measure": ["m", "m"], "region": ["r", "r"],
                                               "year": [2025, 2035], "floor": [0.0, 0.0],
                                               "potential": [1000.0, 4000.0]}),
                       "baseline": pd.DataFrame({"region": ["r"] * 3,
                                                 "year": [2020, 2025, 2035],
                                                 "quantity": ["COD"] * 3,
                                                 "value": [500.0] * 3}),
                       "gdp": pd.DataFrame({"region": ["r"] * 3, "year": [2020, 2025, 2035],
                                            "value": [1.0] * 3}),
                       "effects": pd.DataFrame({"measure": ["m"], "quantity": ["COD"],
                                                "value": [2.0]})})
    ix = index(d)
    cols = Columns.layout(ix.applicable, len(ix.years))
    _lo, up = column_bounds(ix, cols)
    assert up[cols.x[0, 0, 0]] == pytest.approx(250.0)
    assert up[cols.x[0, 0, 1]] == pytest.approx(3000.0)
    floor = ix.floor.copy()
    floor[0, 0, 0] = 300.0
    import dataclasses

    ix2 = dataclasses.replace(ix, floor=floor)
    _lo, up = column_bounds(ix2, cols)
    assert up[cols.x[0, 0, 0]] == pytest.approx(300.0)


def test_2025_plan_independent_of_horizon():
    """The same 2025 targets give the same 2025 plan whether the model runs 2025 alone
    (ankang_2025) or 2021-2025 (plan-2025 cut at 2025): the uptake limit of a year depends on
    that year's potential only (before #12 the two differed: coal-to-gas 221 kt vs 0, efficiency
    43 k vs 169 k tce). What remains on the 2021-2035 pathway comes from the costs carried past
    2025 (capacity built for 2025 runs, and is paid, to 2035 with no later target to serve): the
    pathway swaps 2.6 kt of coal-to-gas (gas costs more than coal every later year) for
    chemical-boiler ultra-low emission and electric official cars; its 2025 net cost is
    higher by about 0.16 M CNY/yr (0.12 %), bounded here at 0.5 %. Issue #14 (the measures a
    city peaks with, some of which pay for themselves and learn by vintage): the pathway defers
    88 electric heavy trucks and 5.9 MW of wind from 2025 to their cheaper 2030 vintages, so its
    2025 net cost is higher by 0.89 M CNY/yr (0.75 %); the bound 0.5 % -> 1 %. After the merge
    with main's 2020 PM2.5 mean of 30.5 ug/m3 (PM2.5 binding again, the 2025 cost 110.8 M
    CNY/yr): 88 heavy trucks and 22.0 MW of wind deferred, 116 more households on coal-to-gas,
    +1.16 M CNY/yr (1.05 %); the bound 1 % -> 1.5 %."""
    from model.pipeline import prepare, solve_prepared
    from model.scenario import load_scenario

    def levels(path, ov=()):
        s = solve_prepared(prepare(load_scenario(ROOT / "scenarios" / path, list(ov))))
        lv = s.solution.levels
        return s, lv[lv["year"] == 2025].groupby("measure")["level"].sum()

    # the pathway with only the 2025 targets: the 2030 continuation rows of ankang_pathway.yaml
    # (issue #12 item 4) disabled
    only_2025 = [f"targets.{t.id}.enabled=false" for t in load_scenario(
        ROOT / "scenarios" / "plan-2025.yaml").targets if t.year > 2025]
    assert len(only_2025) == 13
    a, la = levels("ankang_2025.yaml")
    b, lb = levels("plan-2025.yaml", ["years=[2021,2022,2023,2024,2025]", *only_2025])
    c, lc = levels("plan-2025.yaml", only_2025)
    df = pd.DataFrame({"a": la, "b": lb, "c": lc}).fillna(0.0)
    scale = df.abs().max().max()
    assert (df["a"] - df["b"]).abs().max() <= 1e-6 * scale
    cost_a = a.solution.cost_by_year[2025]
    assert b.solution.cost_by_year[2025] == pytest.approx(cost_a, rel=1e-9)
    extra = c.solution.cost_by_year[2025] - cost_a
    assert -1e-6 * abs(cost_a) <= extra <= 0.015 * abs(cost_a)  # 2025-only is 2025's cheapest
    assert c.solution.status == "optimal"
