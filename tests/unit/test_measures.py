"""Tests of model.measures on the hand-sized catalogue in tests/data/catalogue_mini."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from model.errors import InputError
from model.measures import annual_cost, capital_recovery_factor, load_catalogue

MINI = Path(__file__).parents[1] / "data" / "catalogue_mini"
REGIONS = ["hanbin", "ziyang"]


@pytest.fixture
def cat():
    return load_catalogue(MINI, REGIONS, [2025], discount_rate=0.08)


@pytest.fixture
def folder(tmp_path):
    dst = tmp_path / "cat"
    shutil.copytree(MINI, dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_crf_by_hand():
    # r = 0.08, n = 10: 1.08^10 = 2.158925; CRF = 0.08 * 2.158925 / 1.158925 = 0.149029
    assert capital_recovery_factor(0.08, 10) == pytest.approx(0.149029, rel=1e-5)
    # r = 0.08, n = 20: 1.08^20 = 4.660957; CRF = 0.372877 / 3.660957 = 0.101852
    assert capital_recovery_factor(0.08, 20) == pytest.approx(0.101852, rel=1e-5)
    # r = 0: straight-line, 1/n
    assert capital_recovery_factor(0.0, 8) == pytest.approx(0.125, rel=1e-12)
    with pytest.raises(ValueError):
        capital_recovery_factor(0.08, 0)


def test_annual_cost_by_hand(cat):
    # truck_china6b: 0.149029 * 300000 + 5000 - 20000 = 44708.7 - 15000 = 29708.7 CNY/vehicle/yr
    assert cat.measures.at["truck_china6b", "annual_cost"] == pytest.approx(29708.7, rel=1e-5)
    # truck_electric: 1.08^8 = 1.850930; CRF = 0.148074 / 0.850930 = 0.174015;
    # 0.174015 * 500000 - 60000 = 27007.5 CNY/vehicle/yr
    assert cat.measures.at["truck_electric", "annual_cost"] == pytest.approx(27007.5, rel=1e-5)
    # wwtp_new: 0.101852 * 3000 + 100 = 405.56 CNY per m3/d per yr
    assert cat.measures.at["wwtp_new", "annual_cost"] == pytest.approx(405.56, rel=1e-5)
    # savings larger than the annualised cost: negative (no-regret)
    assert annual_cost(1000, 0, 500, 0.0, 10) == pytest.approx(-400.0)


def test_effects_in_canonical_units(cat):
    eff = cat.effects.set_index(["measure", "quantity"])["value"]
    assert eff[("truck_china6b", "NOx")] == pytest.approx(0.120, rel=1e-12)  # 120 kg -> t
    assert eff[("truck_electric", "CO2")] == pytest.approx(-2.5, rel=1e-12)  # negative kept
    assert eff[("wwtp_new", "COD")] == pytest.approx(0.073, rel=1e-12)
    assert eff[("wwtp_new", "urban_sewage_treated")] == pytest.approx(1.0)
    assert len(cat.effects) == 5


def test_bounds_pools_members(cat):
    # 3 measures x 2 regions x 1 year; the 2030 row is outside the model years
    assert len(cat.bounds) == 6
    assert set(cat.bounds["year"]) == {2025}
    b = cat.bounds.set_index(["measure", "region", "year"])
    assert b.at[("truck_electric", "hanbin", 2025), "floor"] == 10
    assert b.at[("wwtp_new", "ziyang", 2025), "potential"] == 5000
    assert sorted(cat.pools["capacity"]) == [110, 450]
    assert sorted(cat.pool_members["measure"]) == ["truck_china6b", "truck_electric"]
    assert set(cat.pool_members["share"]) == {1.0}
    assert list(cat.measures.columns) == ["family", "unit", "label_zh", "label_en",
                                          "capital_cost", "om_cost", "savings", "lifetime",
                                          "annual_cost"]


def test_floor_above_potential(folder):
    _edit(folder / "potentials.csv", "truck_electric,hanbin,2025,400,10",
          "truck_electric,hanbin,2025,400,401")
    with pytest.raises(InputError, match="floor 401 > potential 400"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_unknown_region_did_you_mean(folder):
    _edit(folder / "potentials.csv", "wwtp_new,ziyang,2025", "wwtp_new,ziyng,2025")
    with pytest.raises(InputError, match="did you mean 'ziyang'"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_unknown_measure_in_effects(folder):
    _edit(folder / "effects.csv", "wwtp_new,COD", "wwtp_nwe,COD")
    with pytest.raises(InputError, match="did you mean 'wwtp_new'"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_unknown_quantity(folder):
    _edit(folder / "effects.csv", "truck_china6b,NOx", "truck_china6b,NOX")
    with pytest.raises(InputError, match="unknown quantity 'NOX'"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_measure_without_effects(folder):
    _edit(folder / "effects.csv", "truck_china6b,NOx,120,kg/yr per vehicle,test fixture,"
          "estimate,given in kg to test conversion\n", "")
    with pytest.raises(InputError, match=r"no effect rows for measure\(s\) \['truck_china6b'\]"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_effect_unit_not_the_measure_unit(folder):
    _edit(folder / "effects.csv", "0.073,t/yr per m3/d", "0.073,t/yr per household")
    with pytest.raises(InputError, match=r"'per household'.*'per m3/d'"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_effect_unit_wrong_dimension(folder):
    _edit(folder / "effects.csv", "120,kg/yr per vehicle", "120,tce/yr per vehicle")
    with pytest.raises(InputError, match="tce/yr"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_potential_unit_not_the_measure_unit(folder):
    _edit(folder / "potentials.csv", "5000,0,m3/d", "5000,0,t/d")
    with pytest.raises(InputError, match="'m3/d', the unit of measure 'wwtp_new'"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_missing_potential_row(folder):
    _edit(folder / "potentials.csv", "wwtp_new,ziyang,2025,5000,0,m3/d,test fixture,estimate,"
          "round number\n", "")
    with pytest.raises(InputError, match=r"no row for .*wwtp_new.*ziyang"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_unknown_pool(folder):
    _edit(folder / "measures.csv", "china3_trucks,1,test fixture,estimate,round numbers for a "
          "hand calculation\ntruck_electric", "china3_truck,1,test fixture,estimate,round "
          "numbers for a hand calculation\ntruck_electric")
    with pytest.raises(InputError, match="did you mean 'china3_trucks'"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_unknown_family(folder):
    _edit(folder / "measures.csv", "wwtp_new,wastewater", "wwtp_new,waste_water")
    with pytest.raises(InputError, match="did you mean 'wastewater'"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_missing_pool_capacity_row(folder):
    _edit(folder / "pools.csv", "china3_trucks,ziyang,2025,110,vehicle,test fixture,estimate,"
          "round number\n", "")
    with pytest.raises(InputError, match=r"no row for .*china3_trucks.*ziyang"):
        load_catalogue(folder, REGIONS, [2025], 0.08)


def test_m3_spellings_are_the_same_unit(folder):
    # services.csv writes m**3/d; the catalogue may write m3/d: same unit, same numbers
    _edit(folder / "potentials.csv", "5000,0,m3/d", "5000,0,m**3/d")
    _edit(folder / "effects.csv", "1,m3/d per m3/d", "1,m**3/d per m^3/d")
    cat = load_catalogue(folder, REGIONS, [2025], 0.08)
    b = cat.bounds.set_index(["measure", "region"])["potential"]
    assert b[("wwtp_new", "ziyang")] == 5000
    eff = cat.effects.set_index(["measure", "quantity"])["value"]
    assert eff[("wwtp_new", "urban_sewage_treated")] == 1.0


SHIPPED = Path(__file__).parents[2] / "scenarios" / "catalogue"
ANKANG = ["hanbin", "xunyang", "hanyin", "shiquan", "ningshan", "ziyang", "langao", "pingli",
          "zhenping", "baihe"]


def test_shipped_catalogue_effects_by_hand():
    """The shipped catalogue loads for the ten counties, and its fuel-switch effects match a
    hand calculation from GB/T 2589-2020 and IPCC 2006 Vol 2 Table 1.4.

    Raw coal 20.908 GJ/t x 94.6 kg CO2/GJ = 1.97790 t CO2/t; 0.7143 tce/t.
    Coal -> gas boiler (0.70 -> 0.90): 20.908 x 0.70 / 0.90 / 0.035544 GJ/m3 = 457.51 m3;
    gas CO2 0.035544 x 56.1 kg = 1.99402 kg/m3 -> 0.91228 t; effect 1.97790 - 0.91228 = 1.06562.
    Coal -> electric boiler (0.70 -> 0.95): 20.908 x 0.70 / 0.95 / 3.6 = 4.27942 MWh;
    energy 0.7143 - 4.27942 x 0.1229 = 0.18836 tce; CO2 1.97790 - 4.27942 x 0.6336 = -0.73354.
    New WWTP: (250 - 50) g COD/m3 x 365 d / 10^6 = 0.0730 t/yr per m3/d.
    """
    cat = load_catalogue(SHIPPED, ANKANG, [2025], 0.08)
    eff = cat.effects.set_index(["measure", "quantity"])["value"]
    assert eff[("coal_boiler_to_gas", "CO2")] == pytest.approx(1.06562, rel=1e-4)
    assert eff[("industrial_boiler_electrification", "energy")] == pytest.approx(0.18836,
                                                                                 rel=1e-4)
    # Changed when the electricity effect was split out (CO2 of electricity now depends on the
    # scenario's co2_scope): the CO2 row holds the direct coal CO2 avoided, 1.97790 t; the
    # electricity row holds -4.27942 MWh; at the Shaanxi grid factor the total is still -0.73354.
    assert eff[("industrial_boiler_electrification", "CO2")] == pytest.approx(1.97790, rel=1e-4)
    assert eff[("industrial_boiler_electrification", "electricity")] == pytest.approx(
        -4.27942, rel=1e-4)
    from model.pipeline import with_electricity_co2

    grid = with_electricity_co2(cat.effects, 0.6336).set_index(["measure", "quantity"])["value"]
    assert grid[("industrial_boiler_electrification", "CO2")] == pytest.approx(-0.73354, rel=1e-4)
    assert eff[("urban_wwtp_new_capacity", "COD")] == pytest.approx(0.0730, rel=1e-9)
    assert len(cat.bounds) == len(cat.measures) * len(ANKANG)
    assert set(cat.measures["family"]) == {"electrification", "coal_control",
                                           "ultra_low_emission", "vehicles", "voc",
                                           "wastewater", "manure", "efficiency"}
    # the only mandate: China 3 trucks basically eliminated (floor 90 % of the pool)
    floors = cat.bounds.groupby("measure")["floor"].sum()
    assert set(floors[floors > 0].index) == {"china3_truck_to_china6b"}
    pool = cat.pools[cat.pools["pool"] == "china3_trucks"]["capacity"].sum()
    assert floors["china3_truck_to_china6b"] == pytest.approx(0.9 * pool, rel=1e-4)
