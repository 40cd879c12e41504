"""AFOLU inventory (model.inventory.afolu): values worked by hand from IPCC 2006 Vol 4 equations.

Every expected value is computed in the comment next to it from the equation and the fixture's
factors, not by calling the code under test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "data" / "afolu_waste"))
from afolu_waste_fixtures import inputs

from model.accounting.rice import rice_organic_scaling
from model.errors import InputError
from model.inventory import afolu
from model.inventory.core import EMISSION_COLUMNS

SWINE_FACTORS = [
    ("ipcc2006", "3.A.1", "swine", "CH4", 1.0, "kg CH4 / head"),
    ("ipcc2006", "3.A.2", "swine", "CH4", 4.0, "kg CH4 / head"),
    ("ipcc2006", "3.A.2", "swine", "Nex", 5.11, "kg N / head"),
    ("ipcc2006", "3.A.2", "swine", "MS_solid_storage", 0.6, "dimensionless"),
    ("ipcc2006", "3.A.2", "swine", "MS_liquid_slurry", 0.2, "dimensionless"),
    ("ipcc2006", "3.A.2", "swine", "MS_anaerobic_digester", 0.2, "dimensionless"),
    ("ipcc2006", "3.A.2", "solid_storage", "EF3", 0.005, "kg / kg"),
    ("ipcc2006", "3.A.2", "liquid_slurry", "EF3", 0.0, "kg / kg"),
    ("ipcc2006", "3.A.2", "anaerobic_digester", "EF3", 0.0, "kg / kg"),
    ("ipcc2006", "3.A.2", "swine", "FracLossMS", 0.5, "dimensionless"),
]
SOIL_FACTORS = [
    ("ipcc2006", "3.C.4", "soils", "EF1", 0.01, "kg / kg"),
    ("ipcc2006", "3.C.4", "soils", "EF1FR", 0.003, "kg / kg"),
    ("ipcc2006", "3.C.5", "soils", "FracGASF", 0.10, "kg / kg"),
    ("ipcc2006", "3.C.5", "soils", "FracGASM", 0.20, "kg / kg"),
    ("ipcc2006", "3.C.5", "soils", "FracLEACH", 0.30, "kg / kg"),
    ("ipcc2006", "3.C.5", "soils", "EF4", 0.01, "kg / kg"),
    ("ipcc2006", "3.C.5", "soils", "EF5", 0.0075, "kg / kg"),
]


def _one(df, category, gas, activity=None):
    sel = df[(df["category"] == category) & (df["gas"] == gas)]
    if activity is not None:
        sel = sel[sel["activity"] == activity]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_enteric_and_manure_swine_by_hand():
    # 1000 swine (annual average) x 1 kg CH4/head = 1000 kg = 1 t CH4 (Eq. 10.19)
    # manure CH4: 1000 x 4 kg = 4 t CH4 (Eq. 10.22)
    # manure N2O: N x Nex x sum(MS x EF3) x 44/28 = 1000 x 5.11 x (0.6 x 0.005) x 44/28
    #   = 15.33 kg N2O-N x 1.571428... = 24.0900 kg = 0.0240900 t N2O (Eq. 10.25)
    inp = inputs([("r1", 2020, "3.A", "swine", 1000, "head", "annual_average")],
                 SWINE_FACTORS + SOIL_FACTORS)
    out = afolu.estimate(inp, [2020])
    assert list(out.columns) == EMISSION_COLUMNS
    assert _one(out, "3.A.1", "CH4")["value"] == pytest.approx(1.0, rel=1e-12)
    assert _one(out, "3.A.2", "CH4")["value"] == pytest.approx(4.0, rel=1e-12)
    assert _one(out, "3.A.2", "N2O")["value"] == pytest.approx(0.0240900, rel=1e-5)
    # managed manure applied to soils F_AM = 1000 x 5.11 x 1.0 x (1 - 0.5) = 2555 kg N
    # 3.C.4 organic: 2555 x 0.01 = 25.55 kg N2O-N -> x 44/28 = 40.150 kg = 0.040150 t
    assert _one(out, "3.C.4", "N2O", "organic_n")["value"] == pytest.approx(0.040150, rel=1e-4)


def test_poultry_enteric_is_reported_not_estimated():
    f = [("ipcc2006", "3.A.2", "poultry", "CH4", 0.02, "kg CH4 / head"),
         ("ipcc2006", "3.A.2", "poultry", "Nex", 0.5, "kg N / head"),
         ("ipcc2006", "3.A.2", "poultry", "MS_poultry_manure", 1.0, "dimensionless"),
         ("ipcc2006", "3.A.2", "poultry_manure", "EF3", 0.001, "kg / kg"),
         ("ipcc2006", "3.A.2", "poultry", "FracLossMS", 0.5, "dimensionless"), *SOIL_FACTORS]
    out = afolu.estimate(inputs([("r1", 2020, "3.A", "poultry", 1e6, "head", "annual_average")],
                                f), [2020])
    ent = _one(out, "3.A.1", "CH4")
    assert ent["notation"] == "NE" and ent["value"] == 0.0
    # 1e6 birds x 0.02 kg = 20 t CH4
    assert _one(out, "3.A.2", "CH4")["value"] == pytest.approx(20.0)


def test_year_end_stock_converted_by_eq_10_1():
    # Ziyang-like pigs: year-end stock 162 300, slaughtered 230 000 (turnover 1.42 >= 1),
    # days alive 200: N = 200 x 230 000 / 365 = 126 027.40 head (IPCC Vol 4 Eq. 10.1)
    f = [*SWINE_FACTORS, ("local", "3.A", "swine", "days_alive", 200, "day")]
    inp = inputs([("r1", 2020, "3.A", "swine", 16.23, "万头", "year_end"),
                  ("r1", 2020, "3.A", "swine_slaughtered", 23, "万头")], f)
    pop = afolu.livestock_population(inp, [2020])
    assert len(pop) == 1
    assert pop.iloc[0]["value"] == pytest.approx(126027.40, rel=1e-6)
    assert "Eq. 10.1" in pop.iloc[0]["rule"]
    assert pop.iloc[0]["status"] == "derived"


def test_year_end_stock_with_declared_ratio_when_turnover_below_one():
    # cattle: stock 6150, no slaughter count, ratio 1.0 -> N = 6150
    f = [("local", "3.A", "other_cattle", "year_end_to_average", 1.0, "dimensionless")]
    inp = inputs([("r1", 2020, "3.A", "other_cattle", 6150, "head", "year_end")], f)
    pop = afolu.livestock_population(inp, [2020])
    assert pop.iloc[0]["value"] == pytest.approx(6150.0)
    assert "year-end stock" in pop.iloc[0]["rule"]


def test_year_end_stock_without_rule_is_refused():
    inp = inputs([("r1", 2020, "3.A", "other_cattle", 6150, "head", "year_end")], SWINE_FACTORS)
    with pytest.raises(InputError, match="year-end stock"):
        afolu.livestock_population(inp, [2020])


def test_livestock_row_without_basis_is_refused():
    inp = inputs([("r1", 2020, "3.A", "swine", 1000, "head", "")], SWINE_FACTORS)
    with pytest.raises(InputError, match="basis"):
        afolu.livestock_population(inp, [2020])


def test_unknown_animal_is_refused():
    inp = inputs([("r1", 2020, "3.A", "pigs", 1000, "head", "annual_average")], SWINE_FACTORS)
    with pytest.raises(InputError, match="pigs"):
        afolu.livestock_population(inp, [2020])


RICE = [("ipcc2006", "3.C.7", "rice", "EFc", 1.30, "kg CH4 / hectare / day"),
        ("local", "3.C.7", "rice", "cultivation_days", 120, "day"),
        ("local", "3.C.7", "rice", "SFw", 0.60, "dimensionless"),
        ("local", "3.C.7", "rice", "SFp", 1.0, "dimensionless")]


def test_rice_by_hand():
    # 100 ha x 120 d x 1.30 kg/ha/d x SFw 0.60 x SFp 1.0 x SFo 1.0 = 9360 kg = 9.36 t CH4
    inp = inputs([("r1", 2020, "3.C.7", "rice", 100, "ha")],
                 [*RICE, ("local", "3.C.7", "rice", "SFo", 1.0, "dimensionless")])
    recs = afolu.rice(inp, [2020])
    assert recs[0]["value"] == pytest.approx(9.36, rel=1e-12)
    # the same area in km2 (1 km2 = 100 ha) gives the same
    inp = inputs([("r1", 2020, "3.C.7", "rice", 1, "km**2")],
                 [*RICE, ("local", "3.C.7", "rice", "SFo", 1.0, "dimensionless")])
    assert afolu.rice(inp, [2020])[0]["value"] == pytest.approx(9.36, rel=1e-9)


def test_rice_organic_amendment_scaling():
    # straw 6 t/ha incorporated shortly before cultivation (CFOA 1): SFo = (1 + 6)^0.59
    # ln 7 = 1.945910; x 0.59 = 1.148087; e^1.148087 = e x e^0.148087 = 2.718282 x 1.159613
    #   = 3.15216  (Eq. 5.3)
    assert rice_organic_scaling([(6.0, 1.0)]) == pytest.approx(3.15216, rel=1e-5)
    assert rice_organic_scaling([]) == 1.0
    f = [*RICE, ("local", "3.C.7", "rice", "ROA_straw", 6.0, "t / hectare"),
         ("local", "3.C.7", "rice", "CFOA_straw", 1.0, "dimensionless")]
    recs = afolu.rice(inputs([("r1", 2020, "3.C.7", "rice", 100, "hectare")], f), [2020])
    # 9.36 t x 3.15216 = 29.5042 t
    assert recs[0]["value"] == pytest.approx(29.5042, rel=1e-5)


def test_rice_only_pack_needs_no_soil_factors():
    # no 3.C.4 rows and no livestock: managed soils produce no records and ask for no factors
    inp = inputs([("r1", 2020, "3.C.7", "rice", 100, "ha")],
                 [*RICE, ("local", "3.C.7", "rice", "SFo", 1.0, "dimensionless")])
    out = afolu.estimate(inp, [2020])
    assert set(out["category"]) == {"3.C.7", "3.B.1"}
    assert out[out["category"] == "3.B.1"]["notation"].tolist() == ["NE"]


def test_rice_without_sfo_or_amendments_is_refused():
    with pytest.raises(InputError, match="SFo"):
        afolu.rice(inputs([("r1", 2020, "3.C.7", "rice", 100, "ha")], RICE), [2020])


def test_managed_soils_synthetic_n_by_hand():
    # F_SN upland 100 t N, F_SN flooded rice 10 t N, no manure.
    # direct (Eq. 11.1): 100 000 x 0.01 + 10 000 x 0.003 = 1030 kg N2O-N
    #   x 44/28 = 1618.571 kg = 1.618571 t N2O
    # volatilisation (Eq. 11.9): 110 000 x 0.10 x 0.01 = 110 kg N2O-N -> 0.172857 t N2O
    # leaching (Eq. 11.10): 110 000 x 0.30 x 0.0075 = 247.5 kg N2O-N -> 0.388929 t N2O
    inp = inputs([("r1", 2020, "3.C.4", "synthetic_n", 100, "t N"),
                  ("r1", 2020, "3.C.4", "synthetic_n_flooded_rice", 10, "t N")], SOIL_FACTORS)
    out = afolu.estimate(inp, [2020])
    assert _one(out, "3.C.4", "N2O", "synthetic_n")["value"] == pytest.approx(1.618571, rel=1e-6)
    assert _one(out, "3.C.5", "N2O", "atmospheric_deposition")["value"] == pytest.approx(
        0.172857, rel=1e-5)
    assert _one(out, "3.C.5", "N2O", "leaching_runoff")["value"] == pytest.approx(
        0.388929, rel=1e-5)
    cr = _one(out, "3.C.4", "N2O", "crop_residue_n")
    assert cr["notation"] == "NE"


def test_grazing_cattle_manure_and_pasture_n_by_hand():
    # 100 other cattle, Nex 39.6 kg N, MS pasture 0.5 / solid storage 0.5
    # managed N = 100 x 39.6 x 0.5 = 1980 kg; 3.A.2 N2O-N = 1980 x 0.005 = 9.9 kg
    #   -> 9.9 x 44/28 = 15.5571 kg = 0.0155571 t N2O
    # F_AM = 1980 x (1 - 0.5) = 990 kg N; F_PRP = 1980 kg N
    # 3.C.4 pasture: 1980 x EF3PRP 0.02 = 39.6 kg N2O-N -> 0.0622286 t
    # 3.C.5 volatilisation: (990 + 1980) x 0.20 x 0.01 = 5.94 kg -> 0.00933429 t
    # 3.C.5 leaching: (990 + 1980) x 0.30 x 0.0075 = 6.6825 kg -> 0.0105011 t
    f = [("ipcc2006", "3.A.1", "other_cattle", "CH4", 47, "kg CH4 / head"),
         ("ipcc2006", "3.A.2", "other_cattle", "CH4", 1, "kg CH4 / head"),
         ("ipcc2006", "3.A.2", "other_cattle", "Nex", 39.6, "kg N / head"),
         ("ipcc2006", "3.A.2", "other_cattle", "MS_pasture", 0.5, "dimensionless"),
         ("ipcc2006", "3.A.2", "other_cattle", "MS_solid_storage", 0.5, "dimensionless"),
         ("ipcc2006", "3.A.2", "solid_storage", "EF3", 0.005, "kg / kg"),
         ("ipcc2006", "3.A.2", "other_cattle", "FracLossMS", 0.5, "dimensionless"),
         ("ipcc2006", "3.C.4", "other_cattle", "EF3_PRP", 0.02, "kg / kg"), *SOIL_FACTORS]
    out = afolu.estimate(inputs([("r1", 2020, "3.A", "other_cattle", 100, "head",
                                  "annual_average")], f), [2020])
    assert _one(out, "3.A.1", "CH4")["value"] == pytest.approx(4.7)  # 100 x 47 kg
    assert _one(out, "3.A.2", "N2O")["value"] == pytest.approx(0.0155571, rel=1e-5)
    assert _one(out, "3.C.4", "N2O", "pasture_n")["value"] == pytest.approx(0.0622286, rel=1e-5)
    assert _one(out, "3.C.4", "N2O", "organic_n")["value"] == pytest.approx(0.0155571, rel=1e-5)
    assert _one(out, "3.C.5", "N2O", "atmospheric_deposition")["value"] == pytest.approx(
        0.00933429, rel=1e-5)
    assert _one(out, "3.C.5", "N2O", "leaching_runoff")["value"] == pytest.approx(
        0.0105011, rel=1e-5)


def test_manure_shares_must_sum_to_one():
    f = [x for x in SWINE_FACTORS if x[3] != "MS_anaerobic_digester"] + SOIL_FACTORS
    inp = inputs([("r1", 2020, "3.A", "swine", 1000, "head", "annual_average")], f)
    with pytest.raises(InputError, match="shares"):
        afolu.estimate(inp, [2020])


FOREST_F = [("ipcc2006", "3.B.1", "forest", "G_W", 3.0, "t / hectare"),
            ("ipcc2006", "3.B.1", "forest", "R", 0.2, "dimensionless"),
            ("ipcc2006", "3.B.1", "forest", "CF", 0.47, "dimensionless"),
            ("ipcc2006", "3.B.1", "forest", "BCEF_R", 1.0, "t / m**3")]


def _forest_csv(tmp_path, lines):
    (tmp_path / "forest.csv").write_text(
        "region,year,item,value,unit,source,status,method\n" + "\n".join(lines) + "\n",
        encoding="utf-8")


def test_forest_gain_loss_by_hand(tmp_path):
    # gain: 1000 ha x 3 t d.m./ha/yr x (1 + 0.2) x 0.47 = 1692 t C -> -1692 x 44/12 = -6204 t CO2
    # loss: 500 m3 x 1.0 t/m3 x 1.2 x 0.47 = 282 t C -> +1034 t CO2 (Eq. 2.12)
    _forest_csv(tmp_path, ["r1,2020,forest_area,1000,ha,fixture,reported,",
                           "r1,2020,wood_removals,500,m**3,fixture,reported,"])
    inp = inputs([("r1", 2020, "3.C.4", "synthetic_n", 0, "t N")], FOREST_F + SOIL_FACTORS,
                 folder=tmp_path)
    out = afolu.estimate(inp, [2020])
    assert _one(out, "3.B.1", "CO2", "biomass_growth")["value"] == pytest.approx(-6204.0)
    assert _one(out, "3.B.1", "CO2", "wood_removals")["value"] == pytest.approx(1034.0)


def test_forest_without_removal_data_reports_loss_not_estimated(tmp_path):
    _forest_csv(tmp_path, ["r1,2020,forest_area,1000,ha,fixture,reported,"])
    recs = afolu.forest(inputs([], FOREST_F, folder=tmp_path), [2020])
    loss = next(r for r in recs if r["activity"] == "wood_removals")
    assert loss["notation"] == "NE"


def test_forest_stock_difference_by_hand(tmp_path):
    # C_2015 = 100 000 t C, C_2020 = 102 500 t C: dC = 2500/5 = 500 t C/yr
    # CO2 = -500 x 44/12 = -1833.333 t CO2 (Eq. 2.8)
    _forest_csv(tmp_path, ["r1,2015,carbon_stock,100000,t C,fixture,reported,",
                           "r1,2020,carbon_stock,102500,t C,fixture,reported,"])
    recs = afolu.forest(inputs([], FOREST_F, folder=tmp_path), [2020])
    assert len(recs) == 1
    assert recs[0]["value"] == pytest.approx(-1833.3333, rel=1e-6)


def test_forest_unknown_item_is_refused(tmp_path):
    _forest_csv(tmp_path, ["r1,2020,forest_cover,66,%,fixture,reported,"])
    with pytest.raises(InputError, match="forest_cover"):
        afolu.forest(inputs([], FOREST_F, folder=tmp_path), [2020])


# --- the shipped Ankang data pack (only this part's tables and the factor library) -----------

ROOT = Path(__file__).parents[2]


def _ankang_inputs():
    import pandas as pd

    from model.accounting.factor_library import FactorLibrary
    from model.accounting.inputs import InventoryInputs
    from model.inventory.core import ACTIVITY_COLUMNS
    from model.io import read_table

    folder = ROOT / "inventories" / "ankang"
    frames = []
    for name in ("activity_afolu.csv", "activity_waste.csv"):
        df = read_table(folder / name, ACTIVITY_COLUMNS, key=["region", "year", "category",
                                                             "activity"],
                        optional=["uncertainty_pct", "basis"])
        df["year"] = df["year"].astype(int)
        df["uncertainty_pct"] = [float(v) if str(v).strip() else float("nan")
                                 for v in df["uncertainty_pct"]]
        df["_file"] = name
        frames.append(df)
    act = pd.concat(frames, ignore_index=True)
    return InventoryInputs(folder=folder, regions=[*sorted(set(act["region"])), "ankang"],
                           activity=act,
                           factors=FactorLibrary.load(ROOT / "inventories" / "factors"))


def test_ankang_2020_pack_livestock_and_rice():
    inp = _ankang_inputs()
    assert set(inp.activity["region"]) == {"hanbin", "xunyang", "hanyin", "shiquan", "ningshan",
                                           "ziyang", "langao", "pingli", "zhenping", "baihe"}
    pop = afolu.livestock_population(inp, [2020])
    zy = pop[(pop["region"] == "ziyang") & (pop["activity"] == "swine")].iloc[0]
    # Ziyang pigs: 200 days x 230 000 slaughtered / 365 = 126 027.4 head (Eq. 10.1)
    assert zy["value"] == pytest.approx(126027.4, rel=1e-6)
    out = afolu.estimate(inp, [2020])
    assert out["value"].map(lambda v: v == v).all()
    # city rice: 14.3e4 t / 8.3 t/ha = 17 228.9 ha; x 120 d x 1.30 x 0.60 x 1 x 1 / 1000
    #   = 1612.6 t CH4 (county areas add up to the city area by construction)
    rice = out[out["category"] == "3.C.7"]["value"].sum()
    assert rice == pytest.approx(143000 / 8.3 * 120 * 1.30 * 0.60 / 1000, rel=1e-4)
    # Ziyang enteric: pigs 126 027.4 x 1 + cattle 6150 x 47 + goats 72 000 x 5 kg
    #   = 126 027 + 289 050 + 360 000 = 775 077 kg = 775.08 t CH4
    ent = out[(out["category"] == "3.A.1") & (out["region"] == "ziyang")]["value"].sum()
    assert ent == pytest.approx(775.077, rel=1e-4)
