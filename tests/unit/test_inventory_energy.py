"""Energy sector (1.A, 1.B), energy balance and reference approach on the mini data pack.

Hand-worked values use IPCC 2006 Vol 2 Tables 1.2/1.3/1.4 (NCV, carbon content, CO2 EF),
2.3/2.5 (CH4/N2O), 3.2.2 (road diesel), and GB/T 2589-2020 Appendix A (NCV of the `china` set
and standard-coal coefficients), as listed in tests/data/inventory_mini/factors.
"""

import shutil
from pathlib import Path

import pytest

from model.accounting.factor_library import FactorLibrary
from model.accounting.inputs import InventoryInputs, load_regions
from model.errors import InputError
from model.inventory import energy
from model.inventory.core import load_activity

MINI = Path(__file__).parents[1] / "data" / "inventory_mini"


def inputs_for(folder: Path, factors: Path = MINI / "factors", order=None) -> InventoryInputs:
    regions = list(load_regions(folder)["region"])
    return InventoryInputs(folder=folder, regions=regions,
                           activity=load_activity(folder, regions),
                           factors=FactorLibrary.load(factors, order))


def pick(df, region, category, gas, activity):
    sel = df[(df.region == region) & (df.category == category) & (df.gas == gas)
             & (df.activity == activity)]
    assert len(sel) == 1, sel
    return float(sel["value"].iloc[0])


@pytest.fixture
def mini():
    return inputs_for(MINI / "city")


def test_other_bituminous_coal_ipcc_default(tmp_path):
    """1000 t other bituminous coal in 1.A.2 with IPCC defaults only:
    1000 t x 25.8 TJ/Gg / 1000 = 25.8 TJ; CO2 25.8 x 94 600 kg/TJ = 2 440.68 t;
    CH4 25.8 x 10 kg/TJ (Table 2.3) = 0.258 t; N2O 25.8 x 1.5 = 0.0387 t."""
    fac = tmp_path / "factors"
    shutil.copytree(MINI / "factors", fac)
    path = fac / "fuels_ipcc2006.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(ln for ln in lines if not ln.startswith("china,")) + "\n",
                    encoding="utf-8")
    pack = tmp_path / "city"
    pack.mkdir()
    shutil.copy(MINI / "city" / "regions.csv", pack)
    (pack / "activity_energy.csv").write_text(
        "region,year,category,activity,value,unit,source,status\n"
        "hanbin,2020,1.A.2.f,raw_coal,1000,t,test,reported\n", encoding="utf-8")
    em = energy.estimate(inputs_for(pack, fac), [2020])
    assert pick(em, "hanbin", "1.A.2.f", "CO2", "raw_coal") == pytest.approx(2440.68, rel=1e-9)
    assert pick(em, "hanbin", "1.A.2.f", "CH4", "raw_coal") == pytest.approx(0.258, rel=1e-9)
    assert pick(em, "hanbin", "1.A.2.f", "N2O", "raw_coal") == pytest.approx(0.0387, rel=1e-9)
    # no supply.csv -> 1.B.1.a is not estimated (NE), value 0
    fug = em[em.category == "1.B.1.a"]
    assert list(fug.notation) == ["NE"] and float(fug.value.sum()) == 0.0


def test_china_ncv_takes_precedence(mini):
    """Default set order (local, china, ipcc2006): raw coal NCV 20 908 kJ/kg (GB/T 2589):
    1000 t -> 20.908 TJ x 94.6 t/TJ = 1 977.8968 t CO2; residential 100 t -> 2.0908 TJ,
    CH4 2.0908 x 300 kg/TJ (Table 2.5) = 0.62724 t."""
    em = energy.estimate(mini, [2020])
    assert pick(em, "hanbin", "1.A.2.f", "CO2", "raw_coal") == pytest.approx(1977.8968, rel=1e-9)
    assert pick(em, "ziyang", "1.A.4.b", "CH4", "raw_coal") == pytest.approx(0.62724, rel=1e-9)


def test_gas_by_volume_and_road_diesel(mini):
    """Natural gas 10 万m3 x 35 544 kJ/m3 = 3.5544 TJ x 56.1 t/TJ = 199.40184 t CO2.
    Road diesel 10 t x 43.0 TJ/Gg = 0.43 TJ: CO2 x 74.1 = 31.863 t; CH4 and N2O x 3.9 kg/TJ
    (Table 3.2.2) = 0.001677 t each."""
    em = energy.estimate(mini, [2020])
    assert pick(em, "ziyang", "1.A.4.b", "CO2", "natural_gas") == pytest.approx(199.40184, rel=1e-9)
    assert pick(em, "hanbin", "1.A.3.b", "CO2", "diesel") == pytest.approx(31.863, rel=1e-9)
    assert pick(em, "hanbin", "1.A.3.b", "N2O", "diesel") == pytest.approx(0.001677, rel=1e-9)
    # electricity has no direct emissions
    assert not (em.activity == "electricity").any()
    # uncertainties: activity 5 % from the row; CO2 EF of other bituminous coal
    # (99 700 - 94 600) / 94 600 = 5.4 % (Table 1.4 range)
    row = em[(em.region == "hanbin") & (em.gas == "CO2") & (em.activity == "raw_coal")].iloc[0]
    assert row.ad_uncertainty_pct == 5 and row.ef_uncertainty_pct == pytest.approx(5.4)


def test_coal_mining_reported_not_occurring(mini):
    """supply.csv gives raw-coal production 0 -> 1.B.1.a notation NO."""
    em = energy.estimate(mini, [2020])
    fug = em[em.category == "1.B.1.a"]
    assert list(fug.notation) == ["NO"]


def test_energy_balance_tce(mini):
    """GB/T 2589 coefficients: 1 万kWh x 0.1229 kgce/kWh = 1.229 tce, so 1000 万kWh = 1229
    tce; raw coal 1000 t x 0.7143 = 714.3 tce; gas 1e5 m3 x 1.2143 kgce/m3 = 121.43 tce;
    diesel 10 t x 1.4571 = 14.571 tce."""
    eb = energy.energy_balance(mini, [2020])
    def tce(region, cat, fuel):
        return float(eb[(eb.region == region) & (eb.category == cat) & (eb.fuel == fuel)]
                     .energy_tce.iloc[0])
    assert tce("hanbin", "1.A.4.a", "electricity") == pytest.approx(1229.0, rel=1e-12)
    assert tce("hanbin", "1.A.2.f", "raw_coal") == pytest.approx(714.3, rel=1e-12)
    assert tce("ziyang", "1.A.4.b", "natural_gas") == pytest.approx(121.43, rel=1e-12)
    assert tce("hanbin", "1.A.3.b", "diesel") == pytest.approx(14.571, rel=1e-12)
    # coal-equivalent electricity: 1000 万kWh x 0.3055 kgce/kWh = 3055 tce
    eq = energy.energy_balance(mini, [2020], electricity="coal_equivalent")
    v = eq[(eq.region == "hanbin") & (eq.fuel == "electricity")].energy_tce.iloc[0]
    assert v == pytest.approx(3055.0, rel=1e-12)
    with pytest.raises(InputError, match="electricity"):
        energy.energy_balance(mini, [2020], electricity="partial_substitution")


def test_reference_approach_gap(mini):
    """Apparent consumption: coal 1100 t, diesel 12 - 2 = 10 t, gas 10 万m3.
    CO2 = TJ x carbon content x 44/12: coal 22.9988 TJ x 25.8 x 44/12 = 2175.68648 t;
    diesel 0.43 TJ x 20.2 x 44/12 = 31.848667 t; gas 3.5544 x 15.3 x 44/12 = 199.40184 t;
    total 2406.936987 t. Sectoral 1977.8968 + 197.78968 + 31.863 + 199.40184 = 2406.95132 t.
    Gap = -0.000596 %, not flagged."""
    ra = energy.reference_approach(mini, 2020)
    assert ra.reference_co2_t == pytest.approx(2406.936987, rel=1e-8)
    assert ra.sectoral_co2_t == pytest.approx(2406.95132, rel=1e-9)
    assert ra.gap_pct == pytest.approx(-0.000596, abs=2e-6)
    assert not ra.flagged and ra.explanation == ""


def test_reference_approach_flags_large_gap(tmp_path):
    """Stock build of 200 t coal: apparent coal 900 t -> 18.8172 TJ x 94.6 = 1780.10712 t;
    reference 1780.10712 + 31.848667 + 199.40184 = 2011.357627 t -> gap -16.44 % > 5 %."""
    pack = tmp_path / "city"
    shutil.copytree(MINI / "city", pack)
    sup = (pack / "supply.csv").read_text(encoding="utf-8").replace(
        "raw_coal,stock_change,0,", "raw_coal,stock_change,200,")
    (pack / "supply.csv").write_text(sup, encoding="utf-8")
    ra = energy.reference_approach(inputs_for(pack), 2020)
    assert ra.reference_co2_t == pytest.approx(2011.357627, rel=1e-8)
    assert ra.gap_pct == pytest.approx((2011.357627 / 2406.95132 - 1) * 100, rel=1e-6)
    assert ra.flagged and "5 %" in ra.explanation


def test_missing_factor_names_activity(tmp_path):
    """A fuel with no factor (kerosene is not in the mini library) is an InputError naming it."""
    pack = tmp_path / "city"
    pack.mkdir()
    shutil.copy(MINI / "city" / "regions.csv", pack)
    (pack / "activity_energy.csv").write_text(
        "region,year,category,activity,value,unit,source,status\n"
        "hanbin,2020,1.A.4.b,kerosene,5,t,test,reported\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"kerosene.*1\.A\.4\.b"):
        energy.estimate(inputs_for(pack), [2020])


def test_volume_without_volume_ncv_is_input_error(tmp_path):
    """Gas in 万立方米 with only the IPCC mass-based NCV (TJ/Gg) -> InputError, not a guess."""
    pack = tmp_path / "city"
    shutil.copytree(MINI / "city", pack)
    with pytest.raises(InputError, match="natural_gas"):
        energy.estimate(inputs_for(pack, order=["ipcc2006"]), [2020])


def test_unknown_fuel_rejected(tmp_path):
    pack = tmp_path / "city"
    pack.mkdir()
    shutil.copy(MINI / "city" / "regions.csv", pack)
    (pack / "activity_energy.csv").write_text(
        "region,year,category,activity,value,unit,source,status\n"
        "hanbin,2020,1.A.4.b,coal,5,t,test,reported\n", encoding="utf-8")
    with pytest.raises(InputError, match="'coal'"):
        energy.estimate(inputs_for(pack), [2020])
