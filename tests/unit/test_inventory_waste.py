"""Waste inventory (model.inventory.waste): values worked by hand from IPCC 2006 Vol 5.

Each expected value is computed in the comment beside it from the guideline equation and the
fixture's parameters.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "data" / "afolu_waste"))
sys.path.insert(0, str(Path(__file__).parent))
from afolu_waste_fixtures import inputs

from model.errors import InputError
from model.inventory import waste
from model.inventory.core import EMISSION_COLUMNS

# e^-0.185 = 1 / e^0.185 = 1 / 1.203218 = 0.831104; 1 - e^-k = 0.168896
K_FOOD = 0.185
LANDFILL_F = [("ipcc2006", "4.A", "food", "DOC", 0.15, "t / t"),
              ("ipcc2006", "4.A", "food", "k", K_FOOD, "1 / a"),
              ("ipcc2006", "4.A", "inert", "DOC", 0.0, "t / t"),
              ("ipcc2006", "4.A", "msw", "DOCf", 0.5, "dimensionless"),
              ("ipcc2006", "4.A", "msw", "F", 0.5, "dimensionless"),
              ("ipcc2006", "4.A", "msw", "MCF", 1.0, "dimensionless"),
              ("ipcc2006", "4.A", "msw", "OX", 0.1, "dimensionless")]


def test_first_order_decay_two_years_by_hand():
    # 1000 t food deposited in 2000 only: DDOCm_d = 1000 x 0.15 x 0.5 x 1.0 = 75 t C
    # 2000: nothing decomposes yet (decay starts the year after deposit)
    # 2001: 75 x (1 - e^-0.185) = 75 x 0.168896 = 12.6672 t C
    # 2002: DDOCm_a(2001) = 75 x 0.831104 = 62.3328; x 0.168896 = 10.5278 t C
    dec = waste.first_order_decay({2000: 1000.0}, 0.15, 0.5, 1.0, K_FOOD, [2000, 2001, 2002])
    assert dec[2000] == 0.0
    assert dec[2001] == pytest.approx(12.6672, rel=1e-5)
    assert dec[2002] == pytest.approx(10.5278, rel=1e-5)
    # deposits in 2000 and 2001: DDOCm_a(2001) = 62.3328 + 75 = 137.3328 -> 2002: 23.1950 t C
    dec2 = waste.first_order_decay({2000: 1000.0, 2001: 1000.0}, 0.15, 0.5, 1.0, K_FOOD, [2002])
    assert dec2[2002] == pytest.approx(23.1950, rel=1e-5)


def test_first_order_decay_conserves_carbon():
    # all decomposable carbon eventually decays: sum over a long horizon -> 75 t C
    dec = waste.first_order_decay({2000: 1000.0}, 0.15, 0.5, 1.0, K_FOOD,
                                  list(range(2000, 2300)))
    assert sum(dec.values()) == pytest.approx(75.0, rel=1e-9)


def _history(tmp_path, lines):
    (tmp_path / "waste_history.csv").write_text(
        "region,year,activity,value,unit,source,status,method\n" + "\n".join(lines) + "\n",
        encoding="utf-8")


def test_solid_waste_disposal_ch4_by_hand(tmp_path):
    # 2001: 12.6672 t C decomposed x F 0.5 x 16/12 = 8.44480 t CH4 generated;
    #       x (1 - OX 0.1) = 7.60032 t CH4 emitted (Eq. 3.1, 3.6)
    # 2002: 10.5278 x 0.5 x 16/12 x 0.9 = 6.31668 t CH4
    # inert waste (DOC 0) adds nothing
    _history(tmp_path, ["r1,2000,food,1000,t,fixture,reported,",
                        "r1,2000,inert,500,t,fixture,reported,"])
    inp = inputs([("r1", 2001, "4.D.1", "septic_tank", 0, "person")], LANDFILL_F,
                 folder=tmp_path)
    recs = waste.solid_waste_disposal(inp, [2001, 2002])
    assert [r["year"] for r in recs] == [2001, 2002]
    assert recs[0]["value"] == pytest.approx(7.60032, rel=1e-5)
    assert recs[1]["value"] == pytest.approx(6.31668, rel=1e-5)


def test_recovery_larger_than_generation_is_refused(tmp_path):
    _history(tmp_path, ["r1,2000,food,1000,t,fixture,reported,"])
    inp = inputs([("r1", 2001, "4.A", "ch4_recovered", 100, "t CH4")], LANDFILL_F,
                 folder=tmp_path)
    with pytest.raises(InputError, match="ch4_recovered"):
        waste.solid_waste_disposal(inp, [2001])


def test_waste_history_of_unknown_region_is_refused(tmp_path):
    _history(tmp_path, ["ankang_city,2000,food,1000,t,fixture,reported,"])
    with pytest.raises(InputError, match="ankang_city"):
        waste.solid_waste_disposal(inputs([], LANDFILL_F, folder=tmp_path), [2001])


def test_unknown_waste_type_is_refused(tmp_path):
    _history(tmp_path, ["r1,2000,kitchen,1000,t,fixture,reported,"])
    with pytest.raises(InputError, match="kitchen"):
        waste.solid_waste_disposal(inputs([], LANDFILL_F, folder=tmp_path), [2001])


WW_F = [("ipcc2006", "4.D.1", "domestic", "BOD", 40, "g / person / day"),
        ("ipcc2006", "4.D.1", "domestic", "B0", 0.6, "kg / kg"),
        ("ipcc2006", "4.D.1", "septic_tank", "MCF", 0.5, "dimensionless"),
        ("ipcc2006", "4.D.1", "septic_tank", "I", 1.0, "dimensionless"),
        ("ipcc2006", "4.D.1", "centralised_aerobic", "MCF", 0.0, "dimensionless"),
        ("ipcc2006", "4.D.1", "centralised_aerobic", "I", 1.25, "dimensionless"),
        ("ipcc2006", "4.D.2", "domestic", "F_NPR", 0.16, "kg / kg"),
        ("ipcc2006", "4.D.2", "domestic", "F_NON_CON", 1.1, "dimensionless"),
        ("ipcc2006", "4.D.2", "domestic", "F_IND_COM", 1.25, "dimensionless"),
        ("ipcc2006", "4.D.2", "domestic", "EF_effluent", 0.005, "kg / kg")]


def test_domestic_wastewater_ch4_and_n2o_by_hand(tmp_path):
    # CH4 (Eq. 6.1-6.3): septic 10 000 persons: TOW = 10 000 x 40 g x 0.001 x 1.0 x 365
    #   = 146 000 kg BOD; x B0 0.6 x MCF 0.5 = 43 800 kg = 43.8 t CH4.
    #   aerobic plant 20 000 persons: MCF 0 -> 0. Total 43.8 t CH4.
    # N2O (Eq. 6.7-6.8): P = 30 000; N = 30 000 x 36 x 0.16 x 1.1 x 1.25 = 237 600 kg N;
    #   x 0.005 x 44/28 = 1866.857 kg = 1.866857 t N2O
    inp = inputs([("r1", 2020, "4.D.1", "septic_tank", 1, "万人"),
                  ("r1", 2020, "4.D.1", "centralised_aerobic", 20000, "person"),
                  ("r1", 2020, "4.D.2", "protein_per_capita", 36, "kg / person")], WW_F,
                 folder=tmp_path)
    out = waste.estimate(inp, [2020])
    assert list(out.columns) == EMISSION_COLUMNS
    ch4 = out[(out["category"] == "4.D.1")]["value"].item()
    n2o = out[(out["category"] == "4.D.2")]["value"].item()
    assert ch4 == pytest.approx(43.8, rel=1e-12)
    assert n2o == pytest.approx(1.866857, rel=1e-6)
    # no waste history and no 4.C rows: reported as not estimated, never a silent zero
    assert out[out["category"] == "4.A"]["notation"].tolist() == ["NE"]
    assert out[out["category"] == "4.C"]["notation"].tolist() == ["NE"]


def test_wastewater_without_protein_is_refused(tmp_path):
    inp = inputs([("r1", 2020, "4.D.1", "septic_tank", 10000, "person")], WW_F, folder=tmp_path)
    with pytest.raises(InputError, match="protein"):
        waste.domestic_wastewater(inp, [2020])


def test_incineration_declared_zero_is_not_occurring_and_amount_gives_co2():
    inp = inputs([("r1", 2020, "4.C", "msw_incinerated", 0, "t")], [])
    assert waste.incineration(inp, [2020])[0]["notation"] == "NO"
    # 1000 t x dm 0.8 x CF 0.4 x FCF 0.5 x OF 1.0 = 160 t C -> x 44/12 = 586.667 t CO2 (Eq. 5.1)
    f = [("ipcc2006", "4.C", "msw", g, v, "dimensionless")
         for g, v in [("dm", 0.8), ("CF", 0.4), ("FCF", 0.5), ("OF", 1.0)]]
    inp = inputs([("r1", 2020, "4.C", "msw_incinerated", 1000, "t")], f)
    assert waste.incineration(inp, [2020])[0]["value"] == pytest.approx(586.6667, rel=1e-6)


def test_helpers_match_equations():
    # 1 person, 40 g/day, I 1.25, B0 0.6, MCF 0.3: 40e-3 x 1.25 x 365 x 0.6 x 0.3 / 1000 t
    assert waste.wastewater_ch4_t(1, 40, 1.25, 0.6, 0.3) == pytest.approx(
        0.040 * 1.25 * 365 * 0.18 / 1000)
    assert math.isclose(waste.wastewater_n2o_t(1, 36, 0.16, 1.1, 1.25, 0.005),
                        36 * 0.16 * 1.1 * 1.25 * 0.005 * 44 / 28 / 1000)


def test_ankang_2020_waste_pack_runs_and_sums():
    from test_inventory_afolu import _ankang_inputs

    inp = _ankang_inputs()
    out = waste.estimate(inp, [2020])
    assert set(out["category"]) == {"4.A", "4.C", "4.D.1", "4.D.2"}
    # 4.D.2 for the whole city: P = 2 493 436 (sum of county pathway rows) x 36.5 x 0.16 x 1.1
    #   x 1.25 x 0.005 x 44/28 / 1000 = 157.30 t N2O
    n2o = out[out["category"] == "4.D.2"]["value"].sum()
    assert n2o == pytest.approx(2493436 * 36.5 * 0.16 * 1.1 * 1.25 * 0.005 * 44 / 28 / 1000,
                                rel=1e-4)
    landfill = out[out["category"] == "4.A"]
    assert landfill["region"].tolist() == ["ankang"] and landfill["value"].iloc[0] > 0
