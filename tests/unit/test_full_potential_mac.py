"""Full-potential MAC curves (model.report.full_potential_mac) on a hand-made ModelData,
worked by hand.

One county (hanbin), model year 2025, base 2020, discount rate 5 %.

=======  ======================  ==================  =========  ===========================
measure  costs per unit          effect per unit     potential  notes
=======  ======================  ==================  =========  ===========================
p        capital 1000 (10 yr),   CO2 2 t, NOx 0.1 t  100        uptake cap 10 %/yr: 5 yr x
         om 20                                                  10 % x 100 = 50 reachable
q1       om 50                   CO2 1 t, NOx 0.05   60         pool "boilers" (cap. 80),
                                                                not eligible (key project)
q2       om 30                   CO2 0.5 t           60         pool "boilers"
r        other savings 10        CO2 1 t             30
s        om 5                    CO2 −1 t            10         raises CO2
=======  ======================  ==================  =========  ===========================

CRF(5 %, 10 yr) = 0.05 / (1 − 1.05^−10) = 0.1295046; p costs 129.5046 + 20 = 149.5046 CNY per
unit per yr = 74.7523 CNY/t CO2. Cost per t CO2: r −10, q1 50, q2 60, p 74.75. Pool: q1
(cheaper) takes 60 of the 80, q2 gets the remaining 20 units = 10 t. Widths: r 30, q1 60,
q2 10, p 50 x 2 = 100 t; cumulative 30, 90, 100, 200.

CO2 intensity target −40 %: base 1000 t / GDP 1e6, 2025 GDP 1.5e6, baseline 1200 t ->
allowed 0.6 x 1000 / 1e6 x 1.5e6 = 900 t, so 300 t must be cut beyond the baseline.

NOx load reduction (eligible only): p 0.1 t x 50 = 5 t at 1495.046 CNY/t; q1 is not eligible.

Chosen (the run's levels): p 25 units -> 50 t of 100 = 50 %; r 30 units -> 100 %.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.lp.data import ModelData
from model.lp.index import index
from model.report.full_potential_mac import FullPotential, mac_for_target, reachable, requirement
from model.report.tables import Results

CRF = 0.05 / (1 - 1.05 ** -10)


def _data() -> ModelData:
    ms = pd.DataFrame(
        [("p", "efficiency", "unit", 10.0, 0.1, True),
         ("q1", "coal_control", "unit", math.inf, math.nan, False),
         ("q2", "electrification", "unit", math.inf, math.nan, True),
         ("r", "efficiency", "unit", math.inf, math.nan, True),
         ("s", "vehicles", "unit", math.inf, math.nan, True)],
        columns=["measure", "family", "unit", "lifetime", "max_build_share", "eligible"])
    ms["label_zh"] = ms["measure"] + "措施"
    ms["label_en"] = ms["measure"] + " measure"
    ms = ms.set_index("measure")
    eff = [("p", "CO2", 2.0), ("p", "NOx", 0.1), ("q1", "CO2", 1.0), ("q1", "NOx", 0.05),
           ("q2", "CO2", 0.5), ("r", "CO2", 1.0), ("s", "CO2", -1.0)]
    pot = {"p": 100.0, "q1": 60.0, "q2": 60.0, "r": 30.0, "s": 10.0}
    costs = [("p", "hanbin", 2025, "capital", 1000.0), ("p", "hanbin", 2025, "om", 20.0),
             ("q1", "hanbin", 2025, "om", 50.0), ("q2", "hanbin", 2025, "om", 30.0),
             ("r", "hanbin", 2025, "other_savings", 10.0), ("s", "hanbin", 2025, "om", 5.0)]
    targets = pd.DataFrame([("co2i", "intensity", "CO2", 2025, 0.4, "fraction"),
                            ("nox", "load_reduction", "NOx", 2025, 3.0, "t")],
                           columns=["target", "kind", "quantity", "year", "value", "unit"])
    targets["label_zh"], targets["label_en"], targets["source"] = "目标", "target", "test"
    return ModelData(
        regions=["hanbin"], years=[2025], base_year=2020, measures=ms,
        effects=pd.DataFrame(eff, columns=["measure", "quantity", "value"]),
        bounds=pd.DataFrame([(m, "hanbin", 2025, 0.0, v) for m, v in pot.items()],
                            columns=["measure", "region", "year", "floor", "potential"]),
        pools=pd.DataFrame([("boilers", "hanbin", 2025, 80.0)],
                           columns=["pool", "region", "year", "capacity"]),
        pool_members=pd.DataFrame([("boilers", "q1", 1.0), ("boilers", "q2", 1.0)],
                                  columns=["pool", "measure", "share"]),
        baseline=pd.DataFrame([("hanbin", 2020, "CO2", 1000.0), ("hanbin", 2025, "CO2", 1200.0),
                               ("hanbin", 2020, "NOx", 50.0), ("hanbin", 2025, "NOx", 52.0)],
                              columns=["region", "year", "quantity", "value"]),
        gdp=pd.DataFrame([("hanbin", 2020, 1e6), ("hanbin", 2025, 1.5e6)],
                         columns=["region", "year", "value"]),
        targets=targets, discount_rate=0.05,
        costs=pd.DataFrame(costs, columns=["measure", "region", "year", "item", "value"]))


def _results(levels: dict[str, float]) -> Results:
    m = pd.DataFrame([{"measure": k, "family": "", "region": "hanbin", "year": 2025,
                       "level": v, "unit": "unit", "annual_cost": 0.0}
                      for k, v in levels.items()],
                     columns=["measure", "family", "region", "year", "level", "unit",
                              "annual_cost"])
    empty = pd.DataFrame(columns=["target"])
    return Results(folder=Path("."), targets=empty, measures=m,
                   emissions=pd.DataFrame(), manifest={})


def _target(kind: str, q: str, required: float) -> pd.Series:
    return pd.Series({"target": "t", "kind": kind, "quantity": q, "year": 2025,
                      "required": required})


@pytest.fixture
def full():
    data = _data()
    return FullPotential(index(data), data)


def test_reachable_applies_the_uptake_cap(full):
    units = reachable(full.ix, 0)
    assert units[full.ix.m("p"), 0] == pytest.approx(50.0)  # 0.1 x 5 yr x 100
    assert units[full.ix.m("q1"), 0] == 60.0  # no cap


def test_co2_curve_by_hand(full):
    curve, raising = mac_for_target(_results({"p": 25.0, "r": 30.0}), full,
                                    _target("intensity", "CO2", 0.4))
    assert list(curve["measure"]) == ["r", "q1", "q2", "p"]
    assert list(curve["cost_per_unit"]) == pytest.approx(
        [-10.0, 50.0, 60.0, (1000 * CRF + 20) / 2], rel=1e-9)
    assert list(curve["reduction"]) == pytest.approx([30.0, 60.0, 10.0, 100.0])
    assert list(curve["potential"]) == pytest.approx([30.0, 60.0, 20.0, 50.0])  # q2: 80 − 60
    assert list(curve["x_end"]) == pytest.approx([30.0, 90.0, 100.0, 200.0])
    assert list(curve["chosen_share"]) == pytest.approx([1.0, 0.0, 0.0, 0.5])
    assert list(curve["pool"]) == ["", "boilers", "boilers", ""]
    assert list(raising["measure"]) == ["s"]
    assert raising["reduction"].iloc[0] == pytest.approx(-10.0)
    assert requirement(full.ix, _target("intensity", "CO2", 0.4)) == pytest.approx(300.0)


def test_load_reduction_counts_eligible_measures_only(full):
    curve, _ = mac_for_target(_results({}), full, _target("load_reduction", "NOx", 3.0))
    assert list(curve["measure"]) == ["p"]  # q1 reduces NOx but is not a key project
    assert curve["reduction"].iloc[0] == pytest.approx(5.0)
    assert curve["cost_per_unit"].iloc[0] == pytest.approx((1000 * CRF + 20) / 0.1, rel=1e-9)
    assert requirement(full.ix, _target("load_reduction", "NOx", 3.0)) == 3.0


def test_unknown_quantity_gives_an_empty_curve(full):
    curve, raising = mac_for_target(_results({}), full, _target("cap", "SO2", 1.0))
    assert curve.empty and raising.empty
    assert np.isnan(full.ix.potential).sum() == 0
