"""The measure catalogue as physical changes (model.projection.catalogue, .measures): what it
refuses, each with a one-line InputError naming file, row or measure and the fix. Fixture: a copy
of the made-up city in tests/data/city_b."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from model.errors import InputError
from model.pipeline import prepare
from model.projection.catalogue import load
from model.scenario import load_scenario

CITY_B = Path(__file__).parents[1] / "data" / "city_b"
FACTORS = Path(__file__).parents[2] / "inventories" / "factors"


@pytest.fixture
def city(tmp_path):
    shutil.copytree(CITY_B, tmp_path / "city_b")
    return tmp_path / "city_b"


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + line + "\n",
                    encoding="utf-8")


def _run(city: Path, overrides=()):
    return prepare(load_scenario(city / "city_b.yaml", [f"factors={FACTORS}", *overrides]))


def test_city_b_catalogue_loads():
    cat = load(CITY_B / "catalogue")
    assert sorted(cat.measures.index) == ["boiler_electric", "boiler_to_gas", "county_wwtp",
                                          "low_voc", "rural_sewage", "truck_china6b"]
    assert cat.measures.loc["truck_china6b", "mandate"]
    assert cat.measures.loc["truck_china6b", "advance_years"] == 5


def test_typed_in_effects_are_refused(city):
    (city / "catalogue" / "effects.csv").write_text("measure,quantity,value,unit\n",
                                                    encoding="utf-8")
    with pytest.raises(InputError, match=r"effects.csv: found typed-in effect coefficients; "
                                         r"expected physical changes in changes.csv: effects now "
                                         r"follow from the factor library"):
        load(city / "catalogue")


def test_unknown_accounting_rule_names_the_allowed_values(city):
    with pytest.raises(InputError, match=r"co2_accounting.*'net_import', 'consumption' or "
                                         r"'territorial'"):
        load_scenario(city / "city_b.yaml", ["co2_accounting=scope3"])
    with pytest.raises(InputError, match=r"electricity_equivalence.*'coal_equivalent' or "
                                         r"'calorific'"):
        load_scenario(city / "city_b.yaml", ["electricity_equivalence=equal"])


def test_a_change_the_factor_library_cannot_account_is_named(city):
    """A measure that adds 'peat' (no NCV or factor in the library) names the measure and the
    missing factor."""
    _append(city / "catalogue" / "changes.csv",
            "boiler_to_gas,activity,source,peat,,1,t,test fixture,reported,")
    # issue #13: the message names the row of changes.csv (was only the measure)
    with pytest.raises(InputError, match=r"catalogue changes.csv row 11 \(measure 'boiler_to_gas'"
                                         r"\): found no factor for activity 'peat'"):
        _run(city)


def test_abatement_of_a_gas_the_source_does_not_emit(city):
    _append(city / "catalogue" / "changes.csv",
            "low_voc,abatement,source,coating_use,NOx,0.5,1,test fixture,reported,")
    with pytest.raises(InputError, match=r"abatement of NOx on solvent.coating coating_use, "
                                         r"which emits no NOx"):
        _run(city)


def test_a_measure_that_pays_for_itself_is_no_regret_never_refused(city):
    """Coal at 3000 CNY/t makes both boiler conversions pay for themselves (issue #12 item 7: a
    self-paying measure is reported as no-regret, bounded by its cap, barrier or potential, and
    the run goes on). By hand, per t coal/yr per yr at 8 %, CRF(8 %, 15) = 0.08/(1 − 1.08^−15):
    gas: 150·CRF + 457.5 m3 × 2.8 − 3000 = −1701.48; electric: 300·CRF + 4 MWh × 600 − 3000 =
    −564.95. A barrier of 1000 CNY/(t/yr)/yr on each: gas −701.48 (bounded by its barrier),
    electric +435.05 (no longer self-paying)."""
    from model.lp import solve

    prices = city / "catalogue" / "prices.csv"
    prices.write_text(prices.read_text(encoding="utf-8").replace("raw_coal,*,,700",
                                                                 "raw_coal,*,,3000"),
                      encoding="utf-8")
    crf = 0.08 / (1 - 1.08 ** -15)
    prep = _run(city)
    sp = prep.self_paying.groupby("measure")
    gas, elec = sp.get_group("boiler_to_gas"), sp.get_group("boiler_electric")
    assert gas["net_cost_per_unit"].to_numpy() == pytest.approx(150 * crf + 1281 - 3000,
                                                                rel=1e-9)
    assert elec["net_cost_per_unit"].to_numpy() == pytest.approx(300 * crf + 2400 - 3000,
                                                                 rel=1e-9)
    assert set(prep.self_paying["bounded_by"]) == {"potential"}
    assert solve(prep.data).status == "optimal"  # solved, not refused
    for m in ("boiler_to_gas", "boiler_electric"):
        _append(city / "catalogue" / "costs.csv",
                f"{m},barrier,,1000,CNY/(t/yr)/yr,test fixture,estimate,hidden costs")
    prep = _run(city)
    assert list(prep.self_paying["measure"].unique()) == ["boiler_to_gas"]
    assert prep.self_paying["net_cost_per_unit"].to_numpy() == pytest.approx(
        150 * crf + 1281 + 1000 - 3000, rel=1e-9)
    assert set(prep.self_paying["bounded_by"]) == {"barrier cost"}


def test_missing_price_names_the_activity(city):
    prices = city / "catalogue" / "prices.csv"
    prices.write_text("\n".join(line for line in prices.read_text(encoding="utf-8").splitlines()
                                if not line.startswith("natural_gas")) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no price of 'natural_gas' for category 1.A.2.m in "
                                         r"2025 \(measure 'boiler_to_gas'\)"):
        _run(city)


def test_bad_shares_and_lifetimes(city):
    pot = city / "catalogue" / "potentials.csv"
    pot.write_text(pot.read_text(encoding="utf-8").replace("low_voc,,2025,0.5,0",
                                                           "low_voc,,2025,0.5,0.7"),
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"floor_share 0.7, potential_share 0.5"):
        load(city / "catalogue")
    shutil.copy(CITY_B / "catalogue" / "potentials.csv", pot)
    m = city / "catalogue" / "measures.csv"
    m.write_text(m.read_text(encoding="utf-8").replace("vehicle,1,5,5,", "vehicle,1,8,5,"),
                 encoding="utf-8")
    with pytest.raises(InputError, match=r"lifetime = advance_years"):
        load(city / "catalogue")
