"""index(): how effects and cost rows fill the dense arrays (the table's order is the rule).

Two regions (r1, r2), two model years (2024, 2025), one measure ``a``. Effects on NOx, in order:
all regions and years 1; (r1, 2025) 5; r2 every year 7; (r1, 2025) again 6 (the later row wins);
then on CO2: (r2, 2024) 3 followed by every region and year 2 (a later broadcast overwrites).
Costs add up (no legacy annual_cost): om 10 for every region in 2025, plus 1 for r1 in 2025,
plus 0.5 again for r1.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from model.lp.index import index
from tests.lp.fixtures import frame, hand_lp


def _data():
    base = hand_lp()
    regions, years = ["r1", "r2"], [2024, 2025]
    effects = frame([("a", "NOx", None, None, 1.0), ("a", "NOx", "r1", 2025, 5.0),
                     ("a", "NOx", "r2", "", 7.0), ("a", "NOx", "r1", 2025, 6.0),
                     ("a", "CO2", "r2", 2024, 3.0), ("a", "CO2", "", np.nan, 2.0)],
                    ["measure", "quantity", "region", "year", "value"])
    bounds = frame([("a", r, y, 0.0, 10.0) for r in regions for y in years],
                   ["measure", "region", "year", "floor", "potential"])
    costs = frame([("a", None, 2025, "om", 10.0), ("a", "r1", 2025, "om", 1.0),
                   ("a", "r1", 2025, "om", 0.5), ("a", "r2", 2024, "capital", 4.0)],
                  ["measure", "region", "year", "item", "value"])
    baseline = frame([(r, y, q, 100.0) for r in regions for y in (2020, *years)
                      for q in ("NOx", "CO2")], ["region", "year", "quantity", "value"])
    gdp = frame([(r, y, 1e6) for r in regions for y in (2020, *years)],
                ["region", "year", "value"])
    return dataclasses.replace(
        base, regions=regions, years=years,
        measures=base.measures.loc[["a"]].drop(columns="annual_cost"),
        effects=effects, bounds=bounds, costs=costs, baseline=baseline, gdp=gdp,
        targets=base.targets.iloc[0:0])


def test_effect_rows_overwrite_in_table_order():
    ix = index(_data())
    nox, co2 = ix.effect[0, ix.q("NOx")], ix.effect[0, ix.q("CO2")]  # [R, Y]
    np.testing.assert_array_equal(nox, [[1.0, 6.0], [7.0, 7.0]])
    np.testing.assert_array_equal(co2, [[2.0, 2.0], [2.0, 2.0]])


def test_cost_rows_add_up_and_broadcast_over_regions():
    ix = index(_data())
    np.testing.assert_array_equal(ix.om[0], [[0.0, 11.5], [0.0, 10.0]])
    np.testing.assert_array_equal(ix.capital[0], [[0.0, 0.0], [4.0, 0.0]])


def test_unknown_region_is_refused():
    data = _data()
    bad = data.effects.copy()
    bad.loc[1, "region"] = "nowhere"
    try:
        index(dataclasses.replace(data, effects=bad))
    except KeyError as exc:
        assert "nowhere" in str(exc)
    else:
        raise AssertionError("an unknown region was accepted")


def test_same_arrays_as_a_row_by_row_fill():
    """The vectorised fill equals the plain loop over rows on a shuffled, mixed table."""
    data = _data()
    rng = np.random.default_rng(3)
    rows = data.effects.sample(frac=1.0, random_state=1).reset_index(drop=True)
    rows = pd.concat([rows, rows.assign(value=rng.uniform(size=len(rows)))], ignore_index=True)
    ix = index(dataclasses.replace(data, effects=rows))
    ri, yi = {r: i for i, r in enumerate(ix.regions)}, {y: i for i, y in enumerate(ix.years)}
    expect = np.zeros_like(ix.effect)
    for m, q, r, y, v in rows[["measure", "quantity", "region", "year", "value"]].itertuples(
            index=False):
        rs = slice(None) if r is None or r == "" or pd.isna(r) else ri[r]
        ys = slice(None) if y is None or y == "" or pd.isna(y) else yi[int(y)]
        expect[ix.m(m), ix.q(q), rs, ys] = v
    np.testing.assert_array_equal(ix.effect, expect)
