"""The rows issue #14 added to the Ankang pack, checked against guideline factor x activity by
hand (Hanbin, 2020; activity values as written in the pack's CSV files)."""

from __future__ import annotations

import math

import pytest

from model.inventory import compile_inventory


@pytest.fixture(scope="module")
def hanbin():
    e = compile_inventory("inventories/ankang", [2020]).emissions
    h = e[e["region"] == "hanbin"]
    return lambda cat, act, gas: float(
        h.loc[(h["category"] == cat) & (h["activity"] == act) & (h["gas"] == gas),
              "value"].sum())


def test_household_fuelwood_pm25(hanbin):
    """100,149 t fuelwood (333,831 rural residents x 0.30 t) x 3.0 kg PM2.5/t = 300.447 t."""
    assert hanbin("biomass_burning.residential", "fuelwood", "PM2.5") == \
        pytest.approx(100_149 * 3.0 / 1000, rel=1e-9)


def test_open_burning_pm25(hanbin):
    """5,323.8 t residue burned x 9.0 g/kg (Li et al. 2007: wheat 7.6, corn 11.7) = 47.91 t."""
    assert hanbin("biomass_burning.open", "crop_residue", "PM2.5") == \
        pytest.approx(5323.8 * 9.0 / 1000, rel=1e-9)


def test_paved_road_dust_by_the_ap42_equation(hanbin):
    """AP-42 13.2.1 (the MEE dust guideline's equation): E = 0.15 x 0.5^0.91 x 3.92^1.02 x
    (1 − 120/1460) = 0.15 x 0.53219 x 4.0286 x 0.91781 = 0.29516 g/km (the factor row, six
    digits); x 1.08985e9 km = 321.68 t PM2.5."""
    e = 0.15 * 0.5 ** 0.91 * 3.92 ** 1.02 * (1 - 120 / 1460)
    assert e == pytest.approx(0.29516, rel=1e-5)
    assert hanbin("fugitive_dust.paved_roads", "vehicle_km", "PM2.5") == \
        pytest.approx(1.08985e9 * 0.29516 / 1e6, rel=1e-9)


def test_construction_dust(hanbin):
    """412,908 m2 of sites x 0.269 kg TSP/m2/month x 12 x PM2.5/TSP 0.1 x (1 − 0.5 control)
    = 66.64 t (AP-42 13.2.3: 1.2 tons/acre/month = 0.269 kg/m2/month)."""
    tsp_per_m2_month = 1.2 * 907.18474 / 4046.8564  # 1.2 short tons per acre
    assert tsp_per_m2_month == pytest.approx(0.269, abs=5e-4)
    assert hanbin("fugitive_dust.construction", "site_area", "PM2.5") == \
        pytest.approx(412_908 * 0.269 * 12 * 0.10 * 0.5 / 1000, rel=1e-9)


def test_cooking_pm25(hanbin):
    """834,577 residents x 0.099 kg = 82.62 t."""
    assert hanbin("cooking", "population", "PM2.5") == pytest.approx(834_577 * 0.099 / 1000,
                                                                      rel=1e-9)


def test_vehicle_nox_at_the_in_use_factor(hanbin):
    """China 5 heavy trucks: 871.584 x 45,000 km x (2.4 g/km at the limit x in-use factor 2.5
    = 6.0 g/km) = 235.33 t NOx."""
    assert hanbin("1.A.3.b", "heavy_truck_diesel.china5", "NOx") == \
        pytest.approx(871.584 * 45_000 * 2.4 * 2.5 / 1e6, rel=1e-9)


def test_fertiliser_nh3(hanbin):
    """10,454.577 t N x FracGASF 0.10 x 17/14 = 1,269.48 t NH3."""
    assert hanbin("3.C.4", "synthetic_n", "NH3") == \
        pytest.approx(10_454.577 * 0.10 * 17 / 14, rel=1e-9)


def test_household_coal_so2(hanbin):
    """84,785.8 t raw coal x 2 x S 0.5 % x (1 − 0.2 retention) = 8 kg/t -> 678.29 t SO2."""
    assert hanbin("1.A.4.b", "raw_coal", "SO2") == \
        pytest.approx(84_785.8 * 2 * 0.005 * 0.8, rel=1e-9)
    assert math.isclose(2 * 0.005 * 0.8 * 1000, 8.0)
