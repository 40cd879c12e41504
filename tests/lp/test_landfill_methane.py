"""Landfill methane by first-order decay (IPCC 2006 Vol 5 Ch 3), worked by hand on a small case.

One waste type with round parameters: DOC 0.2, DOCf 0.5, MCF 1.0, F 0.5, OX 0.1 and k = ln 2 (a
one-year half-life, e^-k = 1/2). 1000 t deposited each year 2018, 2019, 2020 (base), and 1000 t/yr
after (the projection). Decomposable carbon deposited per 1000 t: 1000·0.2·0.5·1.0 = 100 t C.

    year   decomposed (t C)                 stock after (t C)       CH4 generated (t)
    2019   100·1/2         = 50             100 + 50       = 150    50·0.5·16/12 = 33.333
    2020   150·1/2         = 75             100 + 75       = 175    75·0.5·16/12 = 50
    2021   175·1/2         = 87.5           100 + 87.5     = 187.5  58.333
    2022   187.5·1/2       = 93.75          ...                     62.5

Emitted = generated·(1 − OX): 2020 45, 2021 52.5, 2022 56.25 t CH4.
One tonne deposited generates at age a: g(a) = 0.2·0.5·1.0·(1 − 1/2)·(1/2)^(a−1)·0.5·16/12
= (1/30)·(1/2)^(a−1) t CH4: g(1) = 0.033333, g(2) = 0.016667.

LP (base 2020, model years 2021 and 2022, r = 0): ``div`` takes 1 t/yr of waste from the
landfill (to an incinerator; cost 1 CNY per t/yr; at most 100 t/yr): its CH4 comes later, lags
CH4 −0.9·g(a) (reduction convention: + 0.03 at age 1) and collectable −0.5·g(a); ``flare``
recovers 1 t CH4/yr (cost 10 CNY/yr): CH4 −0.9 (emitted falls by (1 − OX)), recovered +1. The
landfill_gas row holds recovered <= collectable = 0.5·(generated − avoided): in 2022
``rec <= 31.25 − (0.5/30)·div_2021``. Target: CH4 in 2022 at most 56.25 − 29 = 27.25 t.

By hand: flaring alone reaches 0.9·31.25 = 28.125 < 29, so waste must leave the landfill in
2021 (its effect in 2022 is at age 1; diversion in 2022 acts only after 2022):
0.03·div + 0.9·(31.25 − div/60) >= 29 -> 0.015·div >= 0.875 -> div_2021 = 58.3333 t/yr,
rec_2022 = 31.25 − 58.3333/60 = 30.2778 t CH4 (the landfill_gas row binds). The diversion
built in 2021 keeps running in 2022 (capacity retires only at the end of its life; none is
given), so it is paid in both years: cost 58.333 (2021) and 58.333 + 10·30.2778 = 361.111
(2022). Shadow price of the CH4 cap: both rows bind, so one more t of reduction moves div by
1/0.015 = 66.667 t/yr, paid in 2021 and 2022 (+133.333 CNY), and rec by −66.667/60 = −1.1111 t
(−11.111 CNY): 122.222 CNY per t CH4.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from model.accounting.landfill import LandfillStock, WasteType, calendar_deposits
from model.accounting.waste_factors import first_order_decay
from model.lp import solve
from model.lp.index import index
from tests.lp.fixtures import frame, measures, targets

LN2 = math.log(2.0)


def stock() -> LandfillStock:
    return LandfillStock(deposits={"r": {"food": {2018: 1000.0, 2019: 1000.0, 2020: 1000.0}}},
                         types={"food": WasteType(doc=0.2, docf=0.5, k=LN2)}, mcf=1.0, f=0.5,
                         ox=0.1, collection_efficiency=0.5, base_year=2020)


def test_generation_by_hand():
    s = stock()
    gen = s.generated("r", [2019, 2020, 2021, 2022], {2021: 1000.0, 2022: 1000.0})
    assert gen[2019] == pytest.approx(33.3333333, rel=1e-9)
    assert gen[2020] == pytest.approx(50.0, rel=1e-12)
    assert gen[2021] == pytest.approx(58.3333333, rel=1e-9)
    assert gen[2022] == pytest.approx(62.5, rel=1e-12)
    # the inventory's own function, which this one basis calls
    dec = first_order_decay({2018: 1000.0, 2019: 1000.0, 2020: 1000.0}, 0.2, 0.5, 1.0, LN2,
                            [2020])
    assert dec[2020] * 0.5 * 16 / 12 == pytest.approx(50.0, rel=1e-12)


def test_response_by_hand():
    g = stock().response("r", 3)
    assert g == pytest.approx([1 / 30, 1 / 60, 1 / 120], rel=1e-12)
    # the response is the generation a tonne more deposited in 2021 adds later
    s = stock()
    base = s.generated("r", [2022, 2023], {2021: 1000.0})
    more = s.generated("r", [2022, 2023], {2021: 1001.0})
    assert more[2022] - base[2022] == pytest.approx(g[0], rel=1e-9)
    assert more[2023] - base[2023] == pytest.approx(g[1], rel=1e-9)


def test_calendar_deposits_between_model_years():
    # 2020 at 1000, model year 2025 at 1100: geometric in between
    d = calendar_deposits(np.array([1000.0, 1100.0]), 2020, [2025])
    assert d[2025] == pytest.approx(1100.0)
    assert d[2021] == pytest.approx(1000.0 * 1.1 ** 0.2)
    assert sorted(d) == [2021, 2022, 2023, 2024, 2025]


def lp_data(target: float = 29.0):
    g = stock().response("r", 3)
    lags = frame([("div", "CH4", "r", a, 0.9 * g[a - 1]) for a in (1, 2, 3)]
                 + [("div", "landfill_ch4_collectable", "r", a, 0.5 * g[a - 1])
                    for a in (1, 2, 3)], ["measure", "quantity", "region", "age", "value"])
    base = []
    for y, gen in ((2020, 50.0), (2021, 175 / 3), (2022, 62.5)):
        base += [("r", y, "CH4", 0.9 * gen), ("r", y, "landfill_ch4_collectable", 0.5 * gen),
                 ("r", y, "landfill_ch4_recovered", 0.0)]
    from model.lp.data import ModelData

    return ModelData(
        regions=["r"], years=[2021, 2022], base_year=2020,
        measures=measures([("div", "waste", "t/yr", 1.0), ("flare", "waste", "t CH4/yr", 10.0)]),
        effects=frame([("flare", "CH4", 0.9), ("flare", "landfill_ch4_recovered", -1.0)],
                      ["measure", "quantity", "value"]),
        bounds=frame([("div", "r", y, 0.0, 100.0) for y in (2021, 2022)]
                     + [("flare", "r", y, 0.0, 1000.0) for y in (2021, 2022)],
                     ["measure", "region", "year", "floor", "potential"]),
        pools=frame([], ["pool", "region", "year", "capacity"]),
        pool_members=frame([], ["pool", "measure", "share"]),
        baseline=frame(base, ["region", "year", "quantity", "value"]),
        gdp=frame([("r", y, 1e6) for y in (2020, 2021, 2022)], ["region", "year", "value"]),
        targets=targets([("ch4cap", "cap", "CH4", 2022, 56.25 - target, "t")]),
        discount_rate=0.0, lags=lags)


def test_lag_entries_by_model_year():
    ix = index(lp_data())
    lag = pd.DataFrame(ix.lag_index, columns=["m", "q", "r", "y", "t"])
    lag["v"] = ix.lag_value
    ch4 = lag[lag["q"] == ix.q("CH4")]
    # only x[div, 2021] reaches 2022, at age 1; nothing reaches 2021 (the base year holds none)
    assert len(ch4) == 1
    row = ch4.iloc[0]
    assert (ix.years[int(row["y"])], ix.years[int(row["t"])]) == (2022, 2021)
    assert row["v"] == pytest.approx(0.03, rel=1e-12)


def test_capture_and_diversion_by_hand():
    sol = solve(lp_data(29.0))
    assert sol.status == "optimal"
    lv = sol.levels.set_index(["measure", "year"])["level"]
    assert lv[("div", 2021)] == pytest.approx(58.333333, rel=1e-6)
    assert lv[("div", 2022)] == pytest.approx(58.333333, rel=1e-6)  # still running
    assert lv[("flare", 2021)] == pytest.approx(0.0, abs=1e-7)
    assert lv[("flare", 2022)] == pytest.approx(31.25 - 58.333333 / 60, rel=1e-6)
    assert sol.cost_by_year[2021] == pytest.approx(58.333333, rel=1e-6)
    assert sol.cost_by_year[2022] == pytest.approx(58.333333 + 302.777778, rel=1e-6)
    t = sol.targets.set_index("target")
    assert t.loc["ch4cap", "achieved"] == pytest.approx(27.25, rel=1e-9)
    assert t.loc["ch4cap", "shadow_price"] == pytest.approx(2000 / 15 - 1000 / 90, rel=1e-6)


def test_capture_alone_cannot_pass_the_collectable_gas():
    # 30 t of reduction needs more than flaring (28.125) and diversion (at most +1.5) give
    sol = solve(lp_data(30.0))
    assert sol.status == "infeasible"
    t = sol.targets.set_index("target")
    # the most: div 100 (0.015 x 100 = 1.5 more) -> 28.125 + 1.5 = 29.625 t reduced
    assert 56.25 - t.loc["ch4cap", "max_achievable"] == pytest.approx(29.625, rel=1e-6)
