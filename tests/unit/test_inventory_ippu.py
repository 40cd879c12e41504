"""2.A.1 cement (clinker) and 2.A.2 lime, IPCC 2006 Vol 3 Ch 2 defaults."""

import shutil
from pathlib import Path

import pytest

from model.accounting.factor_library import FactorLibrary
from model.accounting.inputs import InventoryInputs, load_regions
from model.errors import InputError
from model.inventory import ippu
from model.inventory.core import load_activity

MINI = Path(__file__).parents[1] / "data" / "inventory_mini"


def inputs_for(folder: Path) -> InventoryInputs:
    regions = list(load_regions(folder)["region"])
    return InventoryInputs(folder=folder, regions=regions,
                           activity=load_activity(folder, regions),
                           factors=FactorLibrary.load(MINI / "factors"))


def test_clinker_and_lime():
    """Clinker 100 万吨 = 1 Mt x 0.51 t CO2/t x CKD 1.02 = 520 200 t CO2 (tier T2: clinker data);
    (was 0.52 x 1.02 = 530 400: the 0.52 default already includes CKD, IPCC 2006 Vol 3 §2.2.1.2)
    lime 1000 t x 0.75 = 750 t CO2 (Tier 1)."""
    em = ippu.estimate(inputs_for(MINI / "city"), [2020])
    clk = em[em.category == "2.A.1"].iloc[0]
    assert clk.value == pytest.approx(0.51 * 1.02 * 1e6, rel=1e-12)
    assert clk.tier == "T2" and clk.gas == "CO2" and clk.region == "hanbin"
    lime = em[em.category == "2.A.2"].iloc[0]
    assert lime.value == pytest.approx(750.0, rel=1e-12)
    assert em.year.tolist() == [2020, 2020]
    assert ippu.estimate(inputs_for(MINI / "city"), [2019]).empty


def test_cement_tier1(tmp_path):
    """Tier 1 from cement: 1000 t x 0.75 clinker fraction x 0.51 x 1.02 = 390.15 t CO2.
    (was 0.52 x 1.02 = 397.8: CKD counted twice; IPCC 2006 Vol 3 §2.2.1.2, 0.52 = 0.51 x 1.02)"""
    pack = tmp_path / "city"
    pack.mkdir()
    shutil.copy(MINI / "city" / "regions.csv", pack)
    (pack / "activity_ippu.csv").write_text(
        "region,year,category,activity,value,unit,source,status\n"
        "ziyang,2020,2.A.1,cement_production,1000,t,test,reported\n", encoding="utf-8")
    em = ippu.estimate(inputs_for(pack), [2020])
    assert em.value.iloc[0] == pytest.approx(390.15, rel=1e-12)
    assert em.tier.iloc[0] == "T1"


def test_wrong_activity_for_category(tmp_path):
    pack = tmp_path / "city"
    pack.mkdir()
    shutil.copy(MINI / "city" / "regions.csv", pack)
    (pack / "activity_ippu.csv").write_text(
        "region,year,category,activity,value,unit,source,status\n"
        "ziyang,2020,2.A.2,clinker_production,1000,t,test,reported\n", encoding="utf-8")
    with pytest.raises(InputError, match="clinker_production"):
        ippu.estimate(inputs_for(pack), [2020])
