"""CO2e and the greenhouse-gas rows of the ledger (issue #14).

CO2e = CO2 as the scenario's rule counts it + GWP-100 x CH4 and N2O of the scenario's set
(AR5: 28, 265; AR6: 27.9, 273, IPCC AR5 WG1 Table 8.A.1, AR6 WG1 Table 7.SM.7). The base year
of Ankang (net_import) therefore holds CO2e = CO2 (4,607,390 t) + 28 x 28,409.165 t CH4 + 265 x
1,760.758 t N2O, the inventory's own CH4 and N2O totals.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model.pipeline import load
from model.scenario import load_scenario

ROOT = Path(__file__).parents[2]
ANKANG = ROOT / "scenarios" / "ankang_2025.yaml"


@pytest.fixture(scope="module")
def ankang():
    return load(load_scenario(ANKANG))


def test_base_year_co2e_from_the_inventory_totals(ankang):
    inv = ankang.inventory.emissions
    e = inv[(inv["year"] == 2020) & (inv["notation"] == "")]
    ch4, n2o = e[e["gas"] == "CH4"]["value"].sum(), e[e["gas"] == "N2O"]["value"].sum()
    t = ankang.ledger.totals().groupby("quantity")["value"].sum()
    assert t["CO2e"] == pytest.approx(t["CO2"] + 28 * ch4 + 265 * n2o, rel=1e-12)
    assert ch4 == pytest.approx(28409.165, abs=1e-3)  # 28.4 kt, as issue #14 states


def test_co2e_follows_the_scenario_gwp_set():
    led = load(load_scenario(ANKANG, ["gwp=AR6"])).ledger
    c = led.coefficients("hanbin", "1.A.4.b", "raw_coal", "t")
    assert c["CO2e"] == pytest.approx(c["CO2"] + 27.9 * c["CH4"] + 273 * c["N2O"], rel=1e-12)
    c = led.coefficients("hanbin", "4.A", "ch4_generated", "t CH4")
    assert c["CO2e"] == pytest.approx(27.9 * (1 - led.landfill.ox), rel=1e-12)


def test_landfill_rows_reproduce_the_inventory_by_first_order_decay(ankang):
    """Every county's landfill row generates, in the base year, its population share of the
    city's 4.A CH4 (OX = 0 in the library, no recovery): the rows sum to the inventory."""
    led = ankang.ledger
    rows = led.rows[(led.rows["kind"] == "landfill") & (led.rows["activity"] == "ch4_generated")]
    inv = ankang.inventory.emissions
    city = inv[(inv["category"] == "4.A") & (inv["year"] == 2020) & (inv["gas"] == "CH4")]
    assert rows["amount"].sum() == pytest.approx(city["value"].sum(), rel=1e-12)
    assert len(rows) == len(led.regions)


def test_incineration_coefficients_by_hand(ankang):
    """4.C: fossil CO2 = dm 0.7833 x CF 0.3405 x FCF 0.4471 x OF 1.0 x 44/12 = 0.43724 t per t
    wet waste (counted as CO2_waste; in CO2 only when the rule counts non-energy CO2); N2O
    50 g/t."""
    c = ankang.ledger.coefficients("hanbin", "4.C", "msw_incinerated", "t")
    assert c["CO2_waste"] == pytest.approx(0.7833 * 0.3405 * 0.4471 * 44 / 12, rel=1e-12)
    assert "CO2" not in c  # net_import: the assessment counts energy CO2
    assert c["N2O"] == pytest.approx(50e-6, rel=1e-12)
    terr = load(load_scenario(ANKANG, ["co2_accounting=territorial"])).ledger
    assert terr.coefficients("hanbin", "4.C", "msw_incinerated", "t")["CO2"] == \
        pytest.approx(c["CO2_waste"], rel=1e-12)


def test_rice_water_regime_by_hand(ankang):
    """3.C.7: 120 days x 1.3 kg/ha/day x SFw x SFp 1 x SFo 1 (Table 5.12: single aeration 0.60,
    multiple aeration 0.52): 0.0936 and 0.08112 t CH4 per ha."""
    led = ankang.ledger
    assert led.coefficients("ziyang", "3.C.7", "rice", "hectare")["CH4"] == \
        pytest.approx(0.0936, rel=1e-12)
    assert led.coefficients("ziyang", "3.C.7", "rice_multiple_aeration", "hectare")["CH4"] == \
        pytest.approx(0.08112, rel=1e-12)


def test_derived_measures_carry_the_methane_effects(ankang):
    """The catalogue's methane measures get their effects from these coefficients: landfill gas
    capture -(1 - OX) t CH4 per t recovered and +1 recovered, incineration a later-year CH4
    effect equal to the landfill's first-order-decay response, the manure route the difference
    of the two systems' coefficients."""
    from model.pipeline import derive

    prep = derive(ankang)
    eff, lags, led = prep.data.effects, prep.data.lags, ankang.ledger
    e = eff[(eff["measure"] == "landfill_gas_flaring") & (eff["region"] == "hanbin")
            & (eff["year"] == 2025)].set_index("quantity")["value"]
    assert e["CH4"] == pytest.approx(1 - led.landfill.ox, rel=1e-12)
    assert e["landfill_ch4_recovered"] == pytest.approx(-1.0, rel=1e-12)
    g = led.landfill.response("hanbin", 5)
    lg = lags[(lags["measure"] == "msw_incineration") & (lags["region"] == "hanbin")
              & (lags["quantity"] == "CH4")].set_index("age")["value"]
    assert lg.loc[1:5].to_numpy() == pytest.approx(g * (1 - led.landfill.ox), rel=1e-12)
    m = eff[(eff["measure"] == "manure_utilisation") & (eff["region"] == "hanbin")
            & (eff["year"] == 2025)].set_index("quantity")["value"]
    slurry = led.coefficients("hanbin", "3.A.2", "manure.liquid_slurry", "t")
    windrow = led.coefficients("hanbin", "3.A.2", "manure.composting_passive_windrow", "t")
    assert m["CH4"] == pytest.approx(slurry["CH4"] - windrow["CH4"], rel=1e-12)
    assert m["N2O"] == pytest.approx(slurry["N2O"] - windrow["N2O"], rel=1e-12)
    assert np.isfinite(m["CO2e"]) and m["CO2e"] > 0  # the route lowers CO2e
