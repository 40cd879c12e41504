"""3.B.1 forest land remaining forest land: the shipped factors and data pack, checked by hand.

Equation (IPCC 2006 Vol 4 Ch 2 Eq. 2.9-2.10, Tier 1 gain only):
    CO2 = -(A x G_W x (1 + R) x CF) x 44/12
Shipped factors (inventories/factors/forest_ipcc2006.csv, afolu_ipcc2006.csv):
    G_W = 4.0 t d.m./ha/yr (Table 4.9, range 0.5-7.5), R = 0.30 (Table 4.4, oak; sensitivity
    0.23-0.46), CF = 0.47 (Table 4.3).
Every expected value below is worked out in the comments, not by calling the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from model.accounting.factor_library import FactorLibrary
from model.accounting.inputs import InventoryInputs
from model.errors import InputError
from model.inventory import afolu, compile_inventory

ROOT = Path(__file__).parents[2]
PACK = ROOT / "inventories" / "ankang"
FACTORS = ROOT / "inventories" / "factors"

# City sink 2020, by hand:
#   A = 0.668 x 23529 km2 x 100 = 1,571,737.2 ha
#   central: 1,571,737.2 x 4.0 = 6,286,948.8; x 1.30 = 8,173,033.4; x 0.47 = 3,841,325.7 t C;
#            x 44/12 = 14,084,861 t CO2  ->  -14.08 Mt CO2
#   low:     1,571,737.2 x 0.5 x 1.23 x 0.47 x 44/12 = 1,665,806 t CO2  -> -1.67 Mt
#   high:    1,571,737.2 x 7.5 x 1.46 x 0.47 x 44/12 = 29,659,467 t CO2 -> -29.66 Mt
CITY_2020_CENTRAL_T = -14_084_861.0
CITY_2020_LOW_T = -1_665_806.0      # smallest sink of the reported range
CITY_2020_HIGH_T = -29_659_467.0    # largest sink of the reported range

FOREST_HEADER = "region,year,item,value,unit,source,status,method\n"


def _inputs(folder: Path, regions: list[str]) -> InventoryInputs:
    activity = pd.DataFrame(columns=["region", "year", "category", "activity", "value", "unit",
                                     "source", "status", "method", "uncertainty_pct", "basis",
                                     "_file", "_row"])
    return InventoryInputs(folder=folder, regions=regions, activity=activity,
                           factors=FactorLibrary.load(FACTORS))


def test_hand_worked_county_with_shipped_factors(tmp_path: Path) -> None:
    """Hanyin: land area 1365 km2 (汉阴概况, county page 2023) x 66.8 % cover = 91,182 ha.

    91,182 x 4.0 = 364,728; x 1.30 = 474,146.4; x 0.47 = 222,848.8 t C; x 44/12
    = 817,112.3 t CO2, so the record is -817,112 t CO2 (removal, negative).
    """
    (tmp_path / "forest.csv").write_text(
        FOREST_HEADER + "hanyin,2020,forest_area,91182,ha,test,estimate,1365 km2 x 0.668\n",
        encoding="utf-8")
    inputs = _inputs(tmp_path, ["ankang", "hanyin"])
    # Changed after review: without removals (the loss term of Eq. 2.7) the net change is not
    # estimated, so 3.B.1 is NE (not a silent zero, not a gross sink); the gross gain is a memo.
    recs = afolu.forest(inputs, [2020])
    assert {r["notation"] for r in recs} == {"NE"} and all(r["value"] == 0 for r in recs)
    memo = afolu.forest_gross_gain(inputs, [2020])
    assert list(memo["region"]) == ["hanyin"]
    assert memo["value"].iloc[0] == pytest.approx(-817_112.3, rel=1e-6)
    # with removals given, the gain enters the inventory (and the loss beside it)
    (tmp_path / "forest.csv").write_text(
        FOREST_HEADER + "hanyin,2020,forest_area,91182,ha,test,estimate,1365 km2 x 0.668\n"
        "hanyin,2020,wood_removals,0,m**3,test,estimate,none felled (test)\n", encoding="utf-8")
    try:
        recs = afolu.forest(_inputs(tmp_path, ["ankang", "hanyin"]), [2020])
    except InputError:  # no BCEF_R in the shipped factors: removals need it
        return
    growth = [r for r in recs if r["activity"] == "biomass_growth"]
    assert growth[0]["value"] == pytest.approx(-817_112.3, rel=1e-6)


def test_gain_loss_with_removals(tmp_path: Path) -> None:
    """Removals are subtracted once a BCEF_R exists; checked with forest_co2_t directly.

    1000 ha x 4.0 x 1.30 x 0.47 x 44/12 = 8,961.33 t CO2 gain; 500 m3 x BCEF_R 0.8
    x 1.30 x 0.47 x 44/12 = 896.13 t CO2 loss.
    """
    gain, loss = afolu.forest_co2_t(1000.0, 4.0, 0.30, 0.47, 500.0, 0.8)
    assert gain == pytest.approx(-8_961.333, rel=1e-6)
    assert loss == pytest.approx(896.1333, rel=1e-6)


def test_shipped_pack_city_2020_central_value() -> None:
    """The shipped forest.csv gives the hand-worked city figure (-14.08 Mt CO2) to 0.01 %."""
    # changed after review: the figure is now a memo (forest_gross_gain), 3.B.1 itself is NE
    growth = afolu.forest_gross_gain(_inputs(PACK, ["ankang"]), [2020])["value"].sum()
    assert growth == pytest.approx(CITY_2020_CENTRAL_T, rel=1e-4)


def test_compiled_inventory_3b_total_within_reported_range() -> None:
    """compile_inventory's 3.B CO2 for 2020 lies inside the reported range -29.7 .. -1.7 Mt
    and equals the central value (no county/city double count)."""
    inv = compile_inventory(PACK, [2020])
    e = inv.emissions
    f = e[e["category"].str.startswith("3.B") & (e["gas"] == "CO2")]
    # changed after review: with removals NE, 3.B.1 is NE and enters no total; the compiled
    # inventory says what the gross gain would be in a memo check, inside the reported range
    assert (f["notation"] == "NE").all() and f["value"].sum() == 0
    memo = [c for c in inv.checks if c.where.startswith("3.B.1")]
    assert len(memo) == 1 and "not a net sink" in memo[0].message
    gross = float(memo[0].message.split("would be ")[1].split(" t CO2")[0].replace(",", ""))
    assert CITY_2020_HIGH_T < gross < CITY_2020_LOW_T
    assert gross == pytest.approx(CITY_2020_CENTRAL_T, rel=1e-4)


def test_shipped_factor_rows_are_sourced() -> None:
    """G_W and R come from forest_ipcc2006.csv with their IPCC table named and an uncertainty."""
    lib = FactorLibrary.load(FACTORS)
    gw = lib.get("3.B.1", "forest", "G_W")
    r = lib.get("3.B.1", "forest", "R")
    assert gw.to("t / hectare") == 4.0 and "Table 4.9" in gw.source
    assert r.to("dimensionless") == 0.30 and "Table 4.4" in r.source
    assert gw.uncertainty_pct == 88.0 and r.uncertainty_pct == 50.0
    assert lib.get("3.B.1", "forest", "CF").to("dimensionless") == 0.47


def test_unknown_item_is_refused(tmp_path: Path) -> None:
    (tmp_path / "forest.csv").write_text(
        FOREST_HEADER + "hanyin,2020,forest_volume,1,m**3,test,estimate,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="forest_volume"):
        afolu.forest(_inputs(tmp_path, ["ankang", "hanyin"]), [2020])


def test_missing_area_is_refused(tmp_path: Path) -> None:
    (tmp_path / "forest.csv").write_text(
        FOREST_HEADER + "hanyin,2020,wood_removals,100,m**3,test,estimate,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="forest_area"):
        afolu.forest(_inputs(tmp_path, ["ankang", "hanyin"]), [2020])
