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
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from model.accounting.gwp import to_co2e
from model.inventory import run as run_mod
from model.inventory import tables
from model.inventory.core import frame, record

pytestmark = pytest.mark.slow  # the shipped pack solved or every chart drawn


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

    def fake_compile(folder, years, gwp="AR5", factor_sets=None, factors_folder=None):
        calls["args"] = (folder, years, gwp, factor_sets)
        return _inventory()

    # run.py imports compile_inventory at its top (issue #17 item 4): patch the name it calls
    monkeypatch.setattr(run_mod, "compile_inventory", fake_compile)
    (pack / "activity_energy.csv").write_text(
        "region,year,category,activity,value,unit,source,status\n"
        "hanbin,2020,1.A.1.a,raw_coal,100,t,test,reported\n"
        "hanbin,2015,1.A.1.a,raw_coal,80,t,test,reported\n",
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
    assert "e 关键类别 Key categories" in wb.sheetnames  # bilingual sheet names
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


# ------------------------------------------------------------------ notation keys, never 0
def _keyed_inventory() -> FakeInventory:
    """The fixture plus rows that carry notation keys: city F-gases NE (2.F HFCs), hanbin waste
    incineration CO2 NE (4.C) and residential biomass NE (1.A.4.b, no energy row)."""
    base = _inventory()
    extra = frame([record("ankang", 2020, "2.F", "HFCs", "", 0.0, notation="NE"),
                   record("hanbin", 2020, "4.C", "CO2", "msw", 0.0, notation="NE"),
                   record("hanbin", 2020, "1.A.4.b", "CH4", "biomass", 0.0, notation="NE")])
    return FakeInventory(pd.concat([base.emissions, extra], ignore_index=True), base.energy,
                         base.electricity)


def _numeric_zeros(df, columns):
    return [(i, c) for c in columns for i, v in df[c].items()
            if not isinstance(v, str) and not pd.isna(v) and v == 0]


def test_ipcc_table_shows_notation_keys_and_totals_skip_them():
    em = run_mod.with_city_rows(to_co2e(_keyed_inventory().emissions), "ankang")
    t = tables.ipcc_table(em, 2020).set_index(["region", "category"])
    # the inventory's own keys
    assert t.loc[("xunyang", "1.B.1"), "CH4"] == "NO"
    assert t.loc[("ankang", "2.F"), "HFCs"] == "NE"
    assert t.loc[("hanbin", "4.C"), "CO2"] == "NE"
    # no row, but the tree expects the gas: NE; a gas the category does not report: NA
    assert t.loc[("xunyang", "1.B.1"), "CO2"] == "NE"
    assert t.loc[("hanbin", "3.A.1"), "CO2"] == "NA"
    assert t.loc[("ankang", "1.A.1"), "HFCs"] == "NA"
    # a total with nothing estimated is the key of its cells; else the sum of estimated cells
    assert t.loc[("xunyang", "1.B"), "total_co2e"] == "NE,NO"
    assert t.loc[("ankang", "2.F"), "total_co2e"] == "NE"
    assert t.loc[("ankang", "2"), "total_co2e"] == pytest.approx(30.0)
    assert t.loc[("ankang", "2"), "HFCs"] == "NE"
    assert t.loc[("ankang", "1"), "total_co2e"] == pytest.approx(212.8)
    gases = ["CO2", "CH4", "HFCs", "total_co2e"]
    assert not _numeric_zeros(t, gases)


def test_sector_energy_scope_pollutant_tables_show_keys():
    inv = _keyed_inventory()
    em = run_mod.with_city_rows(to_co2e(inv.emissions), "ankang")
    s = tables.sector_table(em, 2020).set_index(["region", "sector"])
    assert s.loc[("ankang", "industrial_processes"), "HFCs"] == "NE"
    assert s.loc[("ankang", "industrial_processes"), "CH4"] == "NE"  # expected in 2.B/2.C
    assert s.loc[("hanbin", "waste"), "CO2"] == "NE"
    assert s.loc[("hanbin", "waste"), "total_co2e"] == "NE"
    assert s.loc[("ankang", "total"), "HFCs"] == "NE"
    assert s.loc[("ankang", "total"), "total_co2e"] == pytest.approx(286.8)  # keys not counted
    assert s.loc[("ankang", "agriculture"), "CO2"] == "NE"  # 3.C.2/3.C.3 expect CO2
    assert not _numeric_zeros(s, ["CO2", "CH4", "HFCs", "total_co2e"])
    e = tables.energy_table(inv.energy, 2020, emissions=em)
    bio = e[(e["region"] == "hanbin") & (e["fuel"] == "biomass")].iloc[0]
    assert (bio["physical_value"], bio["energy_tce"], bio["category"]) == ("NE", "NE", "1.A.4.b")
    tot = e[(e["region"] == "hanbin") & (e["category"] == "total")].iloc[0]
    assert tot["energy_tce"] == pytest.approx(100.572) and tot["physical_value"] == "NA"
    sc = tables.scope_keys(tables.scope_table(em, 2020, inv.electricity)).set_index(
        ["region", "item"])
    assert sc.loc[("xunyang", "purchased_electricity"), "value"] == "NE"
    assert sc.loc[("xunyang", "purchased_electricity"), "grid_ef"] == "NE"
    assert sc.loc[("xunyang", "territorial_plus_purchased"), "value"] == "NE"
    assert sc.loc[("hanbin", "purchased_electricity"), "value"] == pytest.approx(633.6)
    assert pd.isna(sc.loc[("hanbin", "territorial"), "grid_ef"])  # no factor of its own
    extra = frame([record("hanbin", 2020, "solvent.coating", "VOCs", "paint", 0.7),
                   record("hanbin", 2020, "domestic_wastewater.urban", "COD", "pop", 9.0)])
    p = tables.pollutant_table(pd.concat([em, extra]), 2020).set_index(["region", "category"])
    assert p.loc[("hanbin", "1.A.1"), "NOx"] == "NE"  # combustion emits NOx: not estimated
    assert p.loc[("hanbin", "1.A.1"), "COD"] == "NA"  # no COD from combustion
    assert p.loc[("hanbin", "solvent"), "SO2"] == "NA"
    assert p.loc[("hanbin", "domestic_wastewater"), "VOCs"] == "NA"
    assert p.loc[("hanbin", "total"), "SO2"] == pytest.approx(0.5)
    assert not _numeric_zeros(p, ["NOx", "SO2", "VOCs", "COD"])


def test_summary_and_key_categories_show_keys():
    inv = _keyed_inventory()
    summ = run_mod.summary(inv, "AR5", city="ankang").set_index("部门 Sector (2020, AR5)")
    ip = summ.loc["工业生产过程 Industrial processes"]
    assert ip["CH4 (t CO2e)"] == "NE" and ip["CO2 (t CO2e)"] == pytest.approx(30.0)
    assert summ.loc["农业 Agriculture", "CO2 (t CO2e)"] == "NE"
    assert summ.iloc[-1, -1] == pytest.approx(286.8)
    assert "HFCs (t CO2e)" not in summ.columns  # nothing estimated anywhere: no column
    built, _ = run_mod.build_tables(inv, "ankang", "AR5", mc_samples=200)
    kc = built["e_key_categories"].set_index(["category", "gas"])
    assert kc.loc[("2.F", "HFCs"), "estimate_co2e"] == "NE"
    assert not bool(kc.loc[("2.F", "HFCs"), "key"])
    assert kc.loc[("1.A.1.a", "CO2"), "estimate_co2e"] == pytest.approx(160.0)


def test_written_tables_keep_keys_as_text(tmp_path):
    inv = _keyed_inventory()
    built, _ = run_mod.build_tables(inv, "ankang", "AR5", mc_samples=200)
    tables.write_tables(built, tmp_path, gwp_set="AR5")
    b = pd.read_csv(tmp_path / "b_provincial_sectors.csv", encoding="utf-8-sig", dtype=str,
                    keep_default_na=False)
    hfc = next(c for c in b.columns if c.startswith("HFCs"))
    assert set(b[hfc]) == {"NE", "NA"}  # 2015 has no F-gas row at all: keyed too
    tot = next(c for c in b.columns if c.startswith("合计"))
    city_total = b[(b.iloc[:, 0] == "ankang") & (b.iloc[:, 1] == "2020")
                   & (b.iloc[:, 2] == "total")][tot].iloc[0]
    assert city_total == "286.8"  # 10 significant digits, as model.io.write_csv writes floats
    wb = openpyxl.load_workbook(tmp_path / "inventory_tables.xlsx", read_only=True)
    rows = list(wb["b 省级五部门 Provincial sectors"].iter_rows(values_only=True))
    col = rows[0].index(next(h for h in rows[0] if h.startswith("HFCs")))
    assert {r[col] for r in rows[1:]} <= {"NE", "NA"}
    wb.close()


def test_shipped_pack_tables_show_keys_not_zeros():
    """The shipped Ankang pack: F-gases, 1.B.1.a, 3.B.1 and 4.C carry NE/NO in every reporting
    table, no gas cell is a bare 0, and the totals equal the sum of the estimated rows."""
    from model.inventory import compile_inventory
    from model.inventory.core import GHG

    pack = Path(__file__).parents[2] / "inventories" / "ankang"
    inv = compile_inventory(pack, [2020])
    built, em = run_mod.build_tables(inv, "ankang", "AR5", mc_samples=200)
    a = built["a_ipcc_categories"].set_index(["region", "category"])
    assert all(a.loc[("ankang", "2.B"), g] == "NE" for g in ("HFCs", "PFCs", "SF6", "NF3"))
    assert a.loc[("ankang", "3.B.1"), "CO2"] == "NE"
    assert a.loc[("ankang", "4.C"), "CO2"] == "NE"
    assert a.loc[("ankang", "1.B.1"), "CH4"] == "NO"
    b = built["b_provincial_sectors"].set_index(["region", "sector"])
    assert b.loc[("ankang", "lucf"), "total_co2e"] == "NE"
    assert b.loc[("ankang", "total"), "HFCs"] == "NE"
    est = em[(em["region"] == "ankang") & em["gas"].isin(GHG) & (em["notation"] == "")]
    assert b.loc[("ankang", "total"), "total_co2e"] == pytest.approx(est["value_co2e"].sum())
    h = built["h_pollutants"].set_index(["region", "category"])
    assert h.loc[("ankang", "1.A.2"), "COD"] == "NA" and h.loc[("ankang", "1.A.2"), "NH3"] == "NE"
    for name, t in (("a", a), ("b", b), ("h", h)):
        cols = [c for c in t.columns if c in GHG or c in tables.POLLUTANTS or c == "total_co2e"]
        assert not _numeric_zeros(t, cols), name
    kc = built["e_key_categories"]
    assert (kc.loc[kc["category"] == "2.B", "estimate_co2e"] == "NE").all()


def test_workbook_sheets_widths_formats(tmp_path):
    """Bilingual sheet names within Excel's 31 characters, an About sheet first, frozen wrapped
    headers, widths fitted to content and number formats by column."""
    inv = _keyed_inventory()
    built, _ = run_mod.build_tables(inv, "ankang", "AR5", mc_samples=200)
    tables.write_tables(built, tmp_path, gwp_set="AR5")
    wb = openpyxl.load_workbook(tmp_path / "inventory_tables.xlsx")
    assert wb.sheetnames[0] == "说明 About"
    assert set(wb.sheetnames[1:]) == {tables.sheet_name(n) for n in built}
    for ws in wb.worksheets:
        assert len(ws.title) <= 31 and not set(ws.title) & set("[]:*?/\\")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in ws.title)
        assert any(ch.isascii() and ch.isalpha() for ch in ws.title)
        assert ws.freeze_panes == "A2"
        assert ws.cell(1, 1).font.bold and ws.cell(1, 1).alignment.wrap_text

    def fmt(ws, header_start):
        """(number format of the first filled cell, width) of the column named so."""
        row = [c.value for c in ws[1]]
        j = next(i for i, h in enumerate(row) if str(h).startswith(header_start)) + 1
        letter = openpyxl.utils.get_column_letter(j)
        cell = next(c for c in list(ws.columns)[j - 1][1:] if c.value is not None)
        return cell.number_format, ws.column_dimensions[letter].width

    b = wb["b 省级五部门 Provincial sectors"]
    assert fmt(b, "合计 Total (t CO2e")[0] == "#,##0"  # t CO2e: whole numbers
    assert fmt(b, "CH4")[0] == "#,##0.00"
    assert fmt(b, "年份 Year")[0] == "0"  # no thousands separator in a year
    assert fmt(b, "部门 Sector (en)")[1] >= len("Land-use change and forestry")
    assert fmt(wb["d 范围一二 Scopes"], "电网排放因子")[0] == "0.0000"
    assert fmt(wb["c 能源消费 Energy (tce)"], "能源消费量")[0] == "#,##0"
    about = [r for r in wb["说明 About"].iter_rows(values_only=True)]
    assert any(r[0] == "NE" for r in about) and any(r[0] == "calibrated" for r in about)
    wb.close()


# ------------------------------------------------------------------ recalculations
def _previous_run(folder, rows, gwp="AR5", factor_sets=None):
    import json

    folder.mkdir()
    pd.DataFrame(rows, columns=["region", "year", "category", "gas", "value",
                                "value_co2e"]).to_csv(folder / "emissions.csv", index=False,
                                                      encoding="utf-8-sig")
    (folder / "manifest.json").write_text(json.dumps({"gwp_set": gwp,
                                                      "factor_sets": factor_sets}),
                                          encoding="utf-8")
    return folder


def test_recalculation_reports_gwp_and_factor_set_changes_with_reasons(tmp_path):
    """AR5 -> AR6 with the t of gas unchanged: CH4 4.A 2 t is 56 -> 54 t CO2e (listed, reason
    the GWP set); CO2 unchanged is not listed; added and removed rows say so. A change of factor
    sets moving 1.A.1 CO2 100 -> 110 t is listed with that reason."""
    prev = _previous_run(tmp_path / "prev", [
        ("ankang", 2020, "1.A.1", "CO2", 100.0, 100.0), ("ankang", 2020, "4.A", "CH4", 2.0, 56.0),
        ("ankang", 2020, "2.A.1", "CO2", 7.0, 7.0)])
    new = pd.DataFrame([("ankang", 2020, "1.A.1", "CO2", 100.0, 100.0),
                        ("ankang", 2020, "4.A", "CH4", 2.0, 54.0),
                        ("ankang", 2020, "3.A.1", "CH4", 1.5, 40.5)],
                       columns=["region", "year", "category", "gas", "value", "value_co2e"])
    r = run_mod.recalculation(prev, new, "AR6", None).set_index("category")
    assert "1.A.1" not in r.index
    assert r.loc["4.A", "change"] == "revised" and r.loc["4.A", "difference"] == 0.0
    assert r.loc["4.A", "difference_co2e"] == pytest.approx(-2.0)
    assert r.loc["4.A", "reason"] == "GWP set AR5 -> AR6"
    assert r.loc["3.A.1", "reason"] == "category x gas added; GWP set AR5 -> AR6"
    assert r.loc["2.A.1", "reason"] == "category x gas removed"
    assert r.loc["2.A.1", "difference_co2e"] == pytest.approx(-7.0)
    new2 = new.copy()
    new2.loc[0, ["value", "value_co2e"]] = [110.0, 110.0]
    new2.loc[1, "value_co2e"] = 56.0
    r2 = run_mod.recalculation(prev, new2, "AR5", ["ipcc2006"]).set_index("category")
    assert r2.loc["1.A.1", "reason"] == "factor sets default (local, china, ipcc2006) -> ipcc2006"
    assert r2.loc["1.A.1", "difference"] == pytest.approx(10.0)
    assert "4.A" not in r2.index  # nothing moved
    r3 = run_mod.recalculation(prev, new2, "AR5", None).set_index("category")
    assert r3.loc["1.A.1", "reason"] == ("activity data, factor values or method (same GWP set "
                                         "and factor sets)")


def test_recalculation_of_the_shipped_pack_after_a_gwp_change(tmp_path):
    """peakplan inventory --year 2020, then again with --gwp AR6 into the same folder: every
    non-CO2 category x gas is listed with the reason, no CO2 row is, the t of gas do not move,
    and the city rows add up to the change of the city total (about +11,245 t CO2e)."""
    pack = Path(__file__).parents[2] / "inventories" / "ankang"
    out = tmp_path / "inv"
    run_mod.run_inventory(pack, [2020], gwp="AR5", out=out)
    before = run_mod.load_summary(out).iloc[-1, -1]
    run_mod.run_inventory(pack, [2020], gwp="AR6", out=out)
    after = run_mod.load_summary(out).iloc[-1, -1]
    r = pd.read_csv(out / "i_recalculation.csv", encoding="utf-8-sig", keep_default_na=False)
    r.columns = ["region", "year", "category", "gas", "old", "new", "difference",
                 "difference_pct", "old_co2e", "new_co2e", "difference_co2e", "change", "reason"]
    assert len(r) > 0 and "CO2" not in set(r["gas"])
    assert set(r["reason"]) == {"GWP set AR5 -> AR6"}
    assert (r["difference"].astype(float) == 0).all()
    city = r[r["region"] == "ankang"]["difference_co2e"].astype(float).sum()
    assert city == pytest.approx(after - before, abs=0.01)
    assert 11_000 < after - before < 11_500
