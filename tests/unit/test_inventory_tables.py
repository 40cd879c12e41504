"""Reporting tables and run_inventory on a small hand-made inventory.

Fixture, 2020 (t of gas; AR5: CH4 28), two counties, no city rows (the city is their sum):
  hanbin : 1.A.1.a CO2 100, 1.A.3.b CO2 50, 1.A.3.b CH4 0.1, 3.B.1 CO2 -40 (sink),
           3.A.1 CH4 2, 2.A.1 CO2 30; SO2 0.5 (1.A.1.a), NOx 0.3 (1.A.3.b)
  xunyang: 1.A.1.a CO2 60, 4.A CH4 1, 1.B.1 CH4 0 (NO)
City 2020 by provincial sector (t CO2e): energy 100+50+2.8+60 = 212.8; industrial processes 30;
agriculture 2*28 = 56; LUCF -40; waste 28; total 286.8.
Scopes, hanbin: territorial 100+50+2.8-40+56+30 = 198.8; consumption 1000 MWh x 0.6336 =
633.6 -> 832.4; net import -500 MWh x 0.6336 = -316.8 -> -118.0. Xunyang has no electricity
data: NaN with a note, never 0.
"""

from dataclasses import dataclass, field

import openpyxl
import pandas as pd
import pytest

from model.inventory import run as run_mod
from model.inventory import tables
from model.inventory.core import frame, record
from model.inventory.gwp import to_co2e


@dataclass(frozen=True)
class FakeInventory:
    emissions: pd.DataFrame
    energy: pd.DataFrame
    electricity: pd.DataFrame
    checks: list = field(default_factory=list)


def _inventory() -> FakeInventory:
    r = []
    for y, scale in ((2015, 0.8), (2020, 1.0)):
        r += [record("hanbin", y, "1.A.1.a", "CO2", "raw_coal", 100 * scale,
                     ad_uncertainty_pct=5, ef_uncertainty_pct=10),
              record("xunyang", y, "1.A.1.a", "CO2", "raw_coal", 60 * scale,
                     ad_uncertainty_pct=5, ef_uncertainty_pct=10),
              record("hanbin", y, "3.B.1", "CO2", "forest", -40.0),
              record("hanbin", y, "3.A.1", "CH4", "cattle", 2.0),
              record("xunyang", y, "4.A", "CH4", "msw", 1.0),
              record("xunyang", y, "1.B.1", "CH4", "coal_mining", 0.0, notation="NO")]
    r += [record("hanbin", 2020, "1.A.3.b", "CO2", "diesel", 50.0),
          record("hanbin", 2020, "1.A.3.b", "CH4", "diesel", 0.1),
          record("hanbin", 2020, "2.A.1", "CO2", "clinker", 30.0),
          record("hanbin", 2020, "1.A.1.a", "SO2", "raw_coal", 0.5),
          record("hanbin", 2020, "1.A.3.b", "NOx", "diesel", 0.3)]
    energy = pd.DataFrame([
        ("hanbin", 2020, "1.A.1.a", "raw_coal", 100.0, "t", 71.43, "reported"),
        ("hanbin", 2020, "1.A.3.b", "diesel", 20.0, "t", 29.142, "reported")],
        columns=["region", "year", "category", "fuel", "physical_value", "physical_unit",
                 "energy_tce", "status"])
    electricity = pd.DataFrame([
        ("hanbin", 2020, "consumption", 1000.0, "MWh"),
        ("hanbin", 2020, "net_import", -500.0, "MWh"),
        ("hanbin", 2020, "grid_ef", 0.6336, "t CO2/MWh")],
        columns=["region", "year", "item", "value", "unit"])
    return FakeInventory(frame(r), energy, electricity)


@pytest.fixture
def em():
    return run_mod.with_city_rows(to_co2e(_inventory().emissions), "ankang")


def test_ipcc_and_sector_tables(em):
    t = tables.ipcc_table(em, 2020).set_index(["region", "category"])
    assert t.loc[("ankang", "1.A"), "CO2"] == pytest.approx(210.0)
    assert t.loc[("ankang", "1"), "total_co2e"] == pytest.approx(212.8)
    assert t.loc[("ankang", "3"), "total_co2e"] == pytest.approx(16.0)
    assert t.loc[("hanbin", "3.B.1"), "CO2"] == pytest.approx(-40.0)
    s = tables.sector_table(em, 2020).set_index(["region", "sector"])["total_co2e"]
    expected = {"energy": 212.8, "industrial_processes": 30.0, "agriculture": 56.0,
                "lucf": -40.0, "waste": 28.0, "total": 286.8}
    for k, v in expected.items():
        assert s[("ankang", k)] == pytest.approx(v), k


def test_scope_table(em):
    s = tables.scope_table(em, 2020, _inventory().electricity).set_index(["region", "item"])
    v = s["value"]
    assert v[("hanbin", "territorial")] == pytest.approx(198.8)
    assert v[("hanbin", "purchased_electricity")] == pytest.approx(633.6)
    assert v[("hanbin", "territorial_plus_purchased")] == pytest.approx(832.4)
    assert v[("hanbin", "net_electricity_import")] == pytest.approx(-316.8)
    assert v[("hanbin", "territorial_plus_net_import")] == pytest.approx(-118.0)
    assert pd.isna(v[("xunyang", "purchased_electricity")])
    assert "no grid emission factor" in s.loc[("xunyang", "purchased_electricity"), "note"]


def test_energy_and_pollutant_tables(em):
    e = tables.energy_table(_inventory().energy, 2020)
    assert e.loc[e["category"] == "total", "energy_tce"].iloc[0] == pytest.approx(100.572)
    p = tables.pollutant_table(em, 2020).set_index(["region", "category"])
    assert p.loc[("hanbin", "1.A.1"), "SO2"] == pytest.approx(0.5)
    assert p.loc[("hanbin", "1.A.3"), "NOx"] == pytest.approx(0.3)
    assert p.loc[("hanbin", "1.A.3"), "name_zh"] == "交通运输"
    # sources outside the IPCC tree (pollutants module) keep their own first segment
    extra = frame([record("hanbin", 2020, "solvent.coating", "VOCs", "paint", 0.7),
                   record("hanbin", 2020, "domestic_wastewater.urban", "COD", "pop", 9.0)])
    p = tables.pollutant_table(pd.concat([em, extra]), 2020).set_index(["region", "category"])
    assert p.loc[("hanbin", "solvent"), "VOCs"] == pytest.approx(0.7)
    assert p.loc[("hanbin", "domestic_wastewater"), "name_en"] == "Domestic wastewater"
    assert p.loc[("hanbin", "total"), "COD"] == pytest.approx(9.0)


def test_bilingual_refuses_unlabelled():
    with pytest.raises(ValueError, match="mystery"):
        tables.bilingual(pd.DataFrame(columns=["region", "mystery"]))


def test_run_inventory_writes_everything(tmp_path, monkeypatch):
    pack = tmp_path / "ankang"
    pack.mkdir()
    (pack / "regions.csv").write_text(
        "region,name_zh,name_en,parent,source\nankang,安康市,Ankang,,test\n"
        "hanbin,汉滨区,Hanbin,ankang,test\nxunyang,旬阳市,Xunyang,ankang,test\n",
        encoding="utf-8")
    calls = {}

    def fake_compile(folder, years, gwp="AR5", factor_sets=None):
        calls["args"] = (folder, years, gwp, factor_sets)
        return _inventory()

    import model.inventory

    monkeypatch.setattr(model.inventory, "compile_inventory", fake_compile, raising=False)
    (pack / "activity_energy.csv").write_text(
        "region,year,category,activity,value,unit,source\n"
        "hanbin,2020,1.A.1.a,raw_coal,100,t,test\nhanbin,2015,1.A.1.a,raw_coal,80,t,test\n",
        encoding="utf-8")
    out = run_mod.run_inventory(pack, gwp="AR5", out=tmp_path / "res")
    assert out == tmp_path / "res"
    assert calls["args"][1] == [2015, 2020]  # years=None: every year held
    assert calls["args"][2] == "AR5"
    names = {p.name for p in out.iterdir()}
    for n in ("a_ipcc_categories.csv", "b_provincial_sectors.csv", "c_energy_tce.csv",
              "d_scopes.csv", "e_key_categories.csv", "f_uncertainty.csv",
              "g_qaqc_findings.csv", "g_completeness.csv", "h_pollutants.csv",
              "inventory_tables.xlsx", "emissions.csv", "summary.csv", "manifest.json"):
        assert n in names, n
    raw = (out / "b_provincial_sectors.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = pd.read_csv(out / "b_provincial_sectors.csv", encoding="utf-8-sig").columns
    assert "合计 Total (t CO2e, AR5)" in header
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in header)
    wb = openpyxl.load_workbook(out / "inventory_tables.xlsx", read_only=True)
    assert "e_key_categories" in wb.sheetnames
    wb.close()
    kc = pd.read_csv(out / "e_key_categories.csv", encoding="utf-8-sig")
    kc = kc.set_index(kc.columns[2])  # IPCC category column
    key_col = next(c for c in kc.columns if c.startswith("关键类别"))
    assert bool(kc.loc["3.B.1", key_col]) is True  # the forest sink is key (share 0.109)
    summ = run_mod.load_summary(out)
    assert summ.iloc[-1, -1] == pytest.approx(286.8)
    unc = pd.read_csv(out / "f_uncertainty.csv", encoding="utf-8-sig")
    assert len(unc) > 0


def test_city_view_and_city_scopes(em):
    """The city keeps its own rows and adds county rows of keys it does not hold."""
    base = _inventory().emissions
    own = frame([record("ankang", 2020, "4.D.1", "CH4", "wastewater", 3.0)])
    view = run_mod.with_city_rows(pd.concat([base, own], ignore_index=True), "ankang")
    city = view[(view["region"] == "ankang") & (view["year"] == 2020)]
    assert city.loc[city["gas"] == "CH4", "value"].sum() == pytest.approx(2 + 1 + 0.1 + 3.0)
    # the city has no electricity rows; xunyang lacks data, so the city line stays NaN
    sc = tables.scope_table(em, 2020, _inventory().electricity)
    sc.insert(1, "year", 2020)
    out = run_mod.city_scopes(sc, "ankang").set_index(["region", "item"])
    assert pd.isna(out.loc[("ankang", "purchased_electricity"), "value"])
    assert "xunyang" in out.loc[("ankang", "purchased_electricity"), "note"]
    # with xunyang's data (800 MWh at 0.6336) the city line is the county sum
    el = pd.concat([_inventory().electricity, pd.DataFrame(
        [("xunyang", 2020, "consumption", 800.0, "MWh"),
         ("xunyang", 2020, "net_import", 100.0, "MWh"),
         ("xunyang", 2020, "grid_ef", 0.6336, "t CO2/MWh")],
        columns=["region", "year", "item", "value", "unit"])], ignore_index=True)
    sc = tables.scope_table(em, 2020, el)
    sc.insert(1, "year", 2020)
    out = run_mod.city_scopes(sc, "ankang").set_index(["region", "item"])["value"]
    # 1800 MWh x 0.6336 = 1140.48; territorial city 286.8 -> 1427.28
    assert out[("ankang", "purchased_electricity")] == pytest.approx(1140.48)
    assert out[("ankang", "territorial_plus_purchased")] == pytest.approx(1427.28)


def test_category_tree_consistent():
    """Every parent exists and sits one level up; codes resolve to their nearest ancestor;
    AFOLU splits into agriculture and LUCF as the 2011 provincial guideline does."""
    from model.errors import InputError
    from model.inventory.categories import load_categories, resolve, sector_of

    cats = load_categories()
    level = dict(zip(cats["code"], cats["level"], strict=True))
    for code, parent in zip(cats["code"], cats["parent"], strict=True):
        if parent:
            assert level[code] == level[parent] + 1, code
        else:
            assert level[code] == 1, code
    assert (cats["source"].str.contains("IPCC 2006 Vol 1 Ch 8 Table 8.2")).all()
    assert resolve("1.A.3.b.i") == "1.A.3.b"
    with pytest.raises(InputError):
        resolve("9.Z")
    assert sector_of("3.A.1") == "agriculture"
    assert sector_of("3.C.4") == "agriculture"
    assert sector_of("3.B.1") == "lucf"
    assert sector_of("2.A.1") == "industrial_processes"
