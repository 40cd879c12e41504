"""Pollutant inventory (model/inventory/pollutants.py) on the fixture pack tests/data/pollutants/.

Every expected value is worked out by hand from the fixture rows (see each docstring); a day-based
coefficient is annualised with 365 days. Tolerances: 1e-9 relative (pure arithmetic, no data).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from model.accounting.factor_library import FactorLibrary
from model.accounting.inputs import InventoryInputs, load_regions
from model.errors import InputError
from model.inventory import pollutants
from model.inventory.core import load_activity

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "pollutants"
REPO = Path(__file__).resolve().parents[2]
REL = 1e-9


def _inputs(folder: Path) -> InventoryInputs:
    regions = load_regions(folder)["region"].tolist()
    return InventoryInputs(folder, regions, load_activity(folder, regions),
                           FactorLibrary.load(folder / "factors"))


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    return pollutants.estimate(_inputs(FIXTURE), [2020])


def _one(df: pd.DataFrame, **kw) -> pd.Series:
    m = pd.Series(True, index=df.index)
    for k, v in kw.items():
        m &= df[k] == v
    rows = df[m]
    assert len(rows) == 1, f"{kw}: {len(rows)} rows"
    return rows.iloc[0]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A writable copy of the fixture pack for the bad-input tests."""
    dst = tmp_path / "pack"
    shutil.copytree(FIXTURE, dst)
    return dst


def _drop_line(path: Path, needle: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [x for x in lines if needle not in x]
    assert len(kept) == len(lines) - 1, needle
    path.write_text("".join(kept), encoding="utf-8")


# ----------------------------------------------------------------- hand-worked values

def test_china3_heavy_truck_nox(result):
    """100 China III heavy diesel trucks x 50,000 km/yr x 6.0 g/km = 3.0e7 g = 30 t NOx;
    VOCs 100 x 50,000 x 0.8 g = 4 t; PM2.5 100 x 50,000 x 0.12 g = 0.6 t."""
    for gas, expected in (("NOx", 30.0), ("VOCs", 4.0), ("PM2.5", 0.6)):
        r = _one(result, activity="heavy_truck_diesel.china3_or_older", gas=gas)
        assert r["value"] == pytest.approx(expected, rel=REL)
        assert r["category"] == "1.A.3.b" and r["unit"] == "t" and r["tier"] == "T2"
    # activity and mileage reported, factor derived -> record derived
    assert _one(result, activity="heavy_truck_diesel.china3_or_older", gas="NOx")["status"] == \
        "derived"


def test_electric_bus_and_electricity_emit_nothing(result):
    assert not result["activity"].str.startswith("bus_diesel").any()
    assert not (result["activity"] == "electricity").any()


def test_road_diesel_fuel_gives_only_so2_when_vehicle_rows_exist(result):
    """hanbin has vehicle rows, so 1.A.3.b diesel 1000 t gives SO2 only: 1000 t x 0.02 kg/t
    = 0.02 t (no fuel-based NOx, which would double count the vehicle-km estimate)."""
    d = result[(result["category"] == "1.A.3.b") & (result["activity"] == "diesel")]
    assert d["gas"].tolist() == ["SO2"]
    assert d["value"].iloc[0] == pytest.approx(0.02, rel=REL)


def test_urban_cod_and_nh3n_from_10000_residents(result):
    """10,000 central-city residents x 65 g COD/person/d x 365 d = 237.25 t generated;
    treated share 1350/1500 = 0.9, removal 83 %: 237.25 x (1 - 0.9 x 0.83) = 237.25 x 0.253
    = 60.02425 t. NH3-N: 10,000 x 7.5 g x 365 = 27.375 t x 0.253 = 6.925875 t."""
    cod = _one(result, category="domestic_wastewater.urban", gas="COD")
    nh3n = _one(result, category="domestic_wastewater.urban", gas="NH3-N")
    assert cod["value"] == pytest.approx(60.02425, rel=REL)
    assert nh3n["value"] == pytest.approx(6.925875, rel=REL)
    assert cod["region"] == "hanbin" and cod["status"] == "estimate"


def test_rural_cod_uses_household_share_and_wan_units(result):
    """1 万人 = 10,000 rural residents x 40 g/person/d x 365 = 146 t; households treated
    1000/4000 = 0.25, removal 60 %: 146 x (1 - 0.15) = 124.1 t. NH3-N 10,000 x 3 g x 365 =
    10.95 t x (1 - 0.25 x 0.5) = 9.58125 t."""
    assert _one(result, category="domestic_wastewater.rural", gas="COD")["value"] == \
        pytest.approx(124.1, rel=REL)
    assert _one(result, category="domestic_wastewater.rural", gas="NH3-N")["value"] == \
        pytest.approx(9.58125, rel=REL)


def test_swine_nh3_cod_nh3n(result):
    """1000 pigs x 6.90 kg NH3/head/yr = 6.9 t NH3. COD: 1000 x 133.7 g/d x 365 = 48.8005 t
    generated x (1 - 1500/2000 used) x 0.5 loss to water = 6.1000625 t. NH3-N: 1000 x 10.82 g
    x 365 = 3.9493 t x 0.25 x 0.5 = 0.4936625 t."""
    assert _one(result, activity="swine", gas="NH3")["value"] == pytest.approx(6.9, rel=REL)
    assert _one(result, activity="swine", gas="COD")["value"] == pytest.approx(6.1000625, rel=REL)
    assert _one(result, activity="swine", gas="NH3-N")["value"] == \
        pytest.approx(0.4936625, rel=REL)
    assert _one(result, activity="swine", gas="NH3")["category"] == "3.A.2"
    assert _one(result, activity="swine", gas="NH3")["status"] == "reported"


def test_stationary_combustion_units(result):
    """raw coal 1000 t x 3.8 kg NOx/t = 3.8 t; natural gas 100 万立方米 (1e6 m3) x 16 kg per
    1e4 m3 = 1.6 t NOx."""
    assert _one(result, activity="raw_coal", gas="NOx")["value"] == pytest.approx(3.8, rel=REL)
    assert _one(result, activity="natural_gas", gas="NOx")["value"] == pytest.approx(1.6, rel=REL)
    assert _one(result, activity="raw_coal", gas="NOx")["status"] == "estimate"


def test_clinker_and_gasoline_station_with_abatement(result):
    """clinker 100,000 t x 0.96 kg NOx/t = 96 t; gasoline sold 1000 t x 2.41 kg/t x (1 - 60 %
    vapour recovery) = 0.964 t VOCs."""
    assert _one(result, activity="clinker_production", gas="NOx")["value"] == \
        pytest.approx(96.0, rel=REL)
    st = _one(result, category="fuel_distribution.gasoline_stations", gas="VOCs")
    assert st["value"] == pytest.approx(0.964, rel=REL)
    assert st["status"] == "estimate"  # abatement row is an estimate


def test_record_columns_and_units(result):
    assert list(result.columns) == pollutants.frame([]).columns.tolist()
    assert set(result["unit"]) == {"t"}
    assert result["value"].map(math.isfinite).all() and (result["value"] >= 0).all()


def test_service_unit_load_matches_estimate_difference(pack):
    """Avoided COD per extra m3/d treated in hanbin = 237.25 t/yr / 1500 m3/d x 0.83 =
    0.13127833 t/yr per m3/d; raising treated from 1350 to 1500 m3/d must lower the estimate
    by 150 x that = 19.69175 t."""
    inp = _inputs(pack)
    unit = pollutants.service_unit_loads(inp, [2020])
    u = _one(unit, region="hanbin", indicator="urban_sewage_treated", pollutant="COD")
    assert u["value"] == pytest.approx(237.25 / 1500 * 0.83, rel=REL)
    before = _one(pollutants.estimate(inp, [2020]), category="domestic_wastewater.urban",
                  gas="COD")["value"]
    svc = pack / "services.csv"
    svc.write_text(svc.read_text(encoding="utf-8").replace(
        "urban_sewage_treated,1350", "urban_sewage_treated,1500"), encoding="utf-8")
    after = _one(pollutants.estimate(_inputs(pack), [2020]), category="domestic_wastewater.urban",
                 gas="COD")["value"]
    assert before - after == pytest.approx(150 * u["value"], rel=1e-9)
    assert before - after == pytest.approx(19.69175, rel=1e-9)
    m = _one(unit, region="ziyang", indicator="manure_used", pollutant="COD")
    assert m["value"] == pytest.approx(48.8005 * 0.5 / 2000, rel=REL)


def test_year_filter(pack):
    assert pollutants.estimate(_inputs(pack), [2021]).empty


# ----------------------------------------------------------------- bad input

def test_missing_factor_names_activity_and_category(pack):
    _drop_line(pack / "factors" / "pollutants_test.csv", "china,1.A,natural_gas,NOx")
    with pytest.raises(InputError) as e:
        pollutants.estimate(_inputs(pack), [2020])
    msg = str(e.value)
    assert "natural_gas" in msg and "1.A.4.b" in msg and "NOx" in msg


def test_vehicle_stock_without_mileage(pack):
    _drop_line(pack / "activity_pollutants.csv", "heavy_truck_diesel.mileage")
    with pytest.raises(InputError, match=r"heavy_truck_diesel\.mileage"):
        pollutants.estimate(_inputs(pack), [2020])


def test_unknown_vehicle_standard(pack):
    p = pack / "activity_pollutants.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("china3_or_older", "china7"),
                 encoding="utf-8")
    with pytest.raises(InputError, match="china7"):
        pollutants.estimate(_inputs(pack), [2020])


def test_missing_service_row(pack):
    _drop_line(pack / "services.csv", "urban_sewage_treated")
    with pytest.raises(InputError, match="urban_sewage_treated"):
        pollutants.estimate(_inputs(pack), [2020])


def test_treated_larger_than_total(pack):
    p = pack / "services.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("manure_used,1500", "manure_used,2500"),
                 encoding="utf-8")
    with pytest.raises(InputError, match="manure_used"):
        pollutants.estimate(_inputs(pack), [2020])


def test_unknown_own_category(pack):
    p = pack / "activity_pollutants.csv"
    with p.open("a", encoding="utf-8") as fh:
        fh.write("hanbin,2020,4.D.1,population,5,person,test fixture,reported,\n")
    with pytest.raises(InputError, match=r"4\.D\.1"):
        pollutants.estimate(_inputs(pack), [2020])


def test_service_unit_of_wrong_dimension(pack):
    p = pack / "services.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("1500,m**3/d", "1500,t/yr", 1),
                 encoding="utf-8")
    with pytest.raises(InputError, match="unit"):
        pollutants.load_services(pack)


# ----------------------------------------------------------------- shipped data pack

SHIPPED_FACTORS = REPO / "inventories" / "factors" / "pollutants_mee.csv"
ENERGY_CATEGORIES = ("1.A.1.a", "1.A.2.f", "1.A.2.c", "1.A.2.e", "1.A.2.m", "1.A.3.b",
                     "1.A.4.a", "1.A.4.b", "1.A.4.c")
FUELS = ("raw_coal", "cleaned_coal", "coke", "natural_gas", "gasoline", "diesel", "kerosene",
         "fuel_oil", "lpg", "biomass")


@pytest.fixture(scope="module")
def shipped_lib(tmp_path_factory) -> FactorLibrary:
    d = tmp_path_factory.mktemp("factors")
    shutil.copy(SHIPPED_FACTORS, d)
    return FactorLibrary.load(d)


def test_shipped_factors_cover_every_fuel_sector_vehicle_and_animal(shipped_lib):
    missing = [(c, f, g) for c in ENERGY_CATEGORIES for f in FUELS
               for g in pollutants.COMBUSTION_GASES if shipped_lib.find(c, f, g) is None]
    for vtype in pollutants.VEHICLE_TYPES:
        for std in pollutants.VEHICLE_STANDARDS:
            if std == "electric":
                continue
            missing += [("1.A.3.b", f"{vtype}.{std}", g) for g in pollutants.VEHICLE_GASES
                        if shipped_lib.find("1.A.3.b", f"{vtype}.{std}", g) is None]
    for animal in pollutants.LIVESTOCK:
        missing += [("3.A", animal, g) for g in ("NH3", "COD", "NH3-N", "manure")
                    if shipped_lib.find("3.A", animal, g) is None]
    assert missing == []


def test_shipped_vehicle_factors_fall_with_each_standard(shipped_lib):
    """The plan phases out China III trucks: a newer standard must never emit more NOx."""
    for vtype in pollutants.VEHICLE_TYPES:
        nox = [shipped_lib.get("1.A.3.b", f"{vtype}.{s}", "NOx").to("g/km")
               for s in ("china3_or_older", "china4", "china5", "china6")]
        assert nox == sorted(nox, reverse=True), vtype


def test_shipped_services_shares_and_indicators():
    """Every county has rural and manure rows; hanbin has urban_sewage_* and urban_sludge_*,
    the others county_sewage_* and county_sludge_*; every treated share lies in [0, 1]."""
    folder = REPO / "inventories" / "ankang"
    svc = pollutants.load_services(folder)
    regions = sorted(set(svc["region"]))
    assert len(regions) == 10
    for r in regions:
        have = set(svc.loc[svc["region"] == r, "indicator"])
        pre = "urban_sewage" if r == "hanbin" else "county_sewage"
        sludge = "urban_sludge" if r == "hanbin" else "county_sludge"
        # issue #14 added the plan's rural sanitary toilets, village waste and new bulk solid
        # waste (sections 十七, 二十三) to every county
        assert {f"{pre}_volume", f"{pre}_treated", "rural_households",
                "rural_households_treated", "manure_produced", "manure_used",
                f"{sludge}_produced", f"{sludge}_treated", "rural_toilet_households",
                "rural_sanitary_toilets", "natural_villages", "villages_waste_treated",
                "bulk_solid_waste_new", "bulk_solid_waste_used"} == have, r
        for kind in ("urban", "rural", "manure"):
            share, _ = pollutants.treated_share(svc, r, 2020, kind, folder)
            assert 0.0 <= share <= 1.0


def test_shipped_pollutant_rows_estimate(tmp_path, shipped_lib):
    """The shipped activity_pollutants.csv + services.csv + factors run end to end (with the
    shipped regions.csv) and every own activity row that is not a mileage or electric-vehicle
    row yields at least one record."""
    folder = REPO / "inventories" / "ankang"
    for name in ("regions.csv", "activity_pollutants.csv", "services.csv"):
        shutil.copy(folder / name, tmp_path / name)
    regions = load_regions(tmp_path)["region"].tolist()
    inp = InventoryInputs(tmp_path, regions, load_activity(tmp_path, regions), shipped_lib)
    out = pollutants.estimate(inp, [2020])
    own = inp.activity[~inp.activity["activity"].str.endswith((".mileage", ".electric"))]
    got = set(zip(out["region"], out["activity"], strict=True))
    assert all((r, a) in got for r, a in zip(own["region"], own["activity"], strict=True))
    assert (out["value"] >= 0).all() and set(out["status"]) == {"estimate"}


def test_road_fuel_row_in_pollutant_file_refused(pack):
    """Road fuel belongs to activity_energy.csv; in activity_pollutants.csv it would be
    counted twice."""
    p = pack / "activity_pollutants.csv"
    with p.open("a", encoding="utf-8") as fh:
        fh.write("ziyang,2020,1.A.3.b,diesel,5,t,test fixture,reported,\n")
    with pytest.raises(InputError, match=r"activity_energy\.csv"):
        pollutants.estimate(_inputs(pack), [2020])
