"""Pathway prices (issue #12 item 4, model/prices.py): the annualised price is the dual divided by
the discounted years over which the capacity at the margin is paid; a price at the catalogue's
frontier is labelled; the capital recovery factor is exact as the rate tends to 0.

Hand pathway (tests/lp/test_pathway.py, fixture tests/lp/fixtures.py::pathway): r = 5 %, model
years 2025 (standing for 2025-2029) and 2030; W25 = Σ_{k=5..9} 1.05^-k, W30 = 1.05^-10.

* sewage40 (2025): dual 15·(10·W25 + 6·W30)/df25 = 752.40993 CNY/pp. Septic is at the margin and
  never retires, so one unit built in 2025 is paid over 2025-2030: D = W25 + W30 (present value
  to 2020 of 1 CNY a year), N = D/df25 = 5.329477 discounted years valued in 2025. Annualised =
  dual/N = 15·(10·W25 + 6·W30)/(W25 + W30) = 141.17895 CNY/pp/yr: a household costs 10 CNY a
  year in 2025-2029 and 6 net in 2030 (its COD saves 4 of sew), i.e. 9.41193 CNY a year on average
  at these weights, times 15 households per percentage point.
* codcap (2030, the last model year standing for itself): N = 1, annualised = dual = 400 CNY/t.

Lifetime pathway (tests/lp/test_pathway_lifetime.py, r = 0, years 2021-2023 standing for
themselves): measure a lives 2 years, so a unit built in 2021 is paid in 2021 and 2022: N = 2
and the 2021 price 50 CNY/t annualises to 25; b never retires: built in 2023 it is paid in 2023
only, N = 1, 60 -> 60.
"""

from __future__ import annotations

import math

import pytest

from model.lp import compile_lp, solve
from model.lp.frontier import row_distances
from model.lp.index import capital_recovery_factor
from model.prices import FRONTIER_SHARE, add_price_columns, annuity_years, price_text
from model.results import targets_table
from tests.lp.fixtures import pathway, targets
from tests.lp.test_pathway_lifetime import lifetime_lp

DF25, DF30 = 1.05 ** -5, 1.05 ** -10
W25, W30 = sum(1.05 ** -k for k in range(5, 10)), DF30


def _priced(data):
    c = compile_lp(data)
    sol = c.solve()
    t = add_price_columns(targets_table(sol, c.ix, c.lp), c.ix, row_distances(c, sol))
    return c, sol, t.set_index("target")


def test_annualised_price_is_the_dual_over_the_discounted_years_paid():
    c, _, t = _priced(pathway())
    n25 = (W25 + W30) / DF25
    assert n25 == pytest.approx(5.329477, rel=1e-6)
    row = t.loc["sewage40"]
    assert row["marginal_measure"] == "septic"
    assert row["annualised_years"] == pytest.approx(n25, rel=1e-12)
    assert row["annualised_price"] == pytest.approx(row["shadow_price"] / n25, rel=1e-12)
    assert row["annualised_price"] == pytest.approx(15 * (10 * W25 + 6 * W30) / (W25 + W30),
                                                    rel=1e-9)
    assert row["annualised_price"] == pytest.approx(141.17895, rel=1e-7)
    assert row["annualised_price_unit"] == "CNY/percentage point/yr annualised"
    assert row["shadow_price_unit"] == "CNY/percentage point (dual: costs 2025-2030 valued in " \
                                       "2025)"
    cod = t.loc["codcap"]
    assert cod["marginal_measure"] == "sew"
    assert cod["annualised_years"] == pytest.approx(1.0, rel=1e-12)
    assert cod["annualised_price"] == pytest.approx(400.0, rel=1e-9)
    assert cod["shadow_price_unit"] == "CNY/t (dual: costs of 2030)"
    assert annuity_years(c.ix, 2025, "") == pytest.approx(n25, rel=1e-12)  # no margin: to 2030


def test_annualised_price_follows_the_lifetime_of_the_measure_at_the_margin():
    _, _, t = _priced(lifetime_lp())
    a21 = t.loc["cap2021"]
    assert a21["marginal_measure"] == "a"
    assert a21["annualised_years"] == pytest.approx(2.0, rel=1e-12)  # 2021-2022 at r = 0
    assert a21["annualised_price"] == pytest.approx(25.0, rel=1e-9)
    assert "2-yr life" in a21["annualised_basis"]
    b23 = t.loc["cap2023"]
    assert b23["marginal_measure"] == "b"
    assert b23["annualised_years"] == pytest.approx(1.0, rel=1e-12)
    assert b23["annualised_price"] == pytest.approx(60.0, rel=1e-9)
    # one-year model: both prices are the same number
    d = lifetime_lp()
    one = lifetime_lp(years=[2021], targets=d.targets.iloc[:1], horizon_end=2021,
                      bounds=d.bounds[d.bounds["year"] == 2021],
                      costs=d.costs[d.costs["year"] == 2021],
                      baseline=d.baseline[d.baseline["year"] <= 2021],
                      gdp=d.gdp[d.gdp["year"] <= 2021])
    one = _priced(one)[2].loc["cap2021"]
    assert one["annualised_price"] == pytest.approx(one["shadow_price"], rel=1e-12)


def test_a_price_at_the_frontier_is_labelled_catalogue_exhausted():
    """COD in 2030 can fall by at most 0.01·700 + 0.05·400 = 27 t (the pools), with the 2025
    service target held. A cap of 123.1 t asks for 26.9 t: within 0.1 t = 0.37 % of the
    frontier (< 1 %): labelled. A cap of 130 t (20 t, 7 t short of the frontier): not."""
    tight = pathway()
    tight.targets.loc[tight.targets["target"] == "codcap", "value"] = 150.0 - 26.9
    _, _, t = _priced(tight)
    cod = t.loc["codcap"]
    assert cod["frontier_max"] == pytest.approx(27.0, rel=1e-9)
    assert cod["frontier_distance"] == pytest.approx(0.1, abs=1e-7)
    assert cod["frontier_unit"] == "t"
    assert cod["price_note"].startswith("catalogue exhausted (within 0.1 t of the most")
    assert price_text(cod).startswith("catalogue exhausted (")
    assert "dual 1,000 CNY/t" in price_text(cod)  # septic at the margin: 10/0.01
    assert FRONTIER_SHARE > 0.1 / 27
    loose = pathway()
    loose.targets.loc[loose.targets["target"] == "codcap", "value"] = 130.0
    _, _, t = _priced(loose)
    assert t.loc["codcap", "frontier_distance"] == pytest.approx(7.0, abs=1e-7)
    assert t.loc["codcap", "price_note"] == ""
    assert price_text(t.loc["codcap"]).startswith("dual 400 CNY/t")
    assert not math.isnan(t.loc["sewage40", "frontier_distance"])  # binding: measured


def test_a_peak_row_is_measured_against_the_years_own_frontier():
    """The lifetime pathway (r = 0, baseline CO2 100 t a year) with b's potential cut to 5 units
    and a peak in 2022 declining at least 14.9 % a year: E23 <= 0.851·E22 asks R23 − 0.851·R22 >=
    14.9 t. Cheapest: nothing in 2022 (R22 = 0) and R23 = 14.9 t in 2023 — 10 units of a built
    then (50 CNY each, charged for 2023 only) and 4.9 of b (60 CNY): 794 CNY. The year's own most
    is 10 + 5 = 15 t: the row is 0.1 t (0.67 %) from it, so its price (b at the margin: 60 CNY/t)
    is 'catalogue exhausted', measured on the 2023 reduction, not on the row's difference."""
    data = lifetime_lp(targets=targets([("peak", "peak", "CO2", 2022, 0.149, "fraction")]))
    data.bounds.loc[data.bounds["measure"] == "b", "potential"] = 5.0
    _, sol, t = _priced(data)
    assert sol.objective == pytest.approx(500 + 4.9 * 60, rel=1e-9)
    row = t.loc["peak"]
    assert row["shadow_price"] == pytest.approx(60.0, rel=1e-9)
    assert row["frontier_max"] == pytest.approx(15.0, rel=1e-9)
    assert row["frontier_distance"] == pytest.approx(0.1, abs=1e-7)
    assert row["frontier_unit"] == "t CO2"
    assert row["price_note"] == ("catalogue exhausted (the 2023 reduction of CO2 is within 0.1 t "
                                 "CO2 of the most the catalogue can cut that year with the other "
                                 "targets held)")


def test_the_compiled_model_is_restored_after_the_frontier():
    c = compile_lp(pathway())
    sol = c.solve()
    row_distances(c, sol)
    assert c.solve().objective == pytest.approx(sol.objective, rel=1e-12)
    assert solve(pathway()).objective == pytest.approx(sol.objective, rel=1e-12)


@pytest.mark.parametrize("rate", [1e-6, 1e-9, 1e-12, 1e-15, 1e-17, 1e-300, -1e-15])
def test_capital_recovery_factor_is_exact_as_the_rate_tends_to_zero(rate):
    """CRF(r, n) = r / (1 − (1+r)^−n), evaluated independently in 60-digit decimal arithmetic,
    tends to 1/n; the textbook form gave 0.090 at r = 1e-15, n = 10 and divided by zero at
    r = 1e-17 (issue #13). Tolerance: 1e-13 relative (a few float roundings)."""
    from decimal import Decimal, localcontext

    for n in (1, 2, 10, 25):
        with localcontext() as ctx:
            ctx.prec = 700  # enough digits for (1+r)^-n at r = 1e-300
            r = Decimal(rate)
            expected = float(r / (1 - (1 + r) ** -n))
        assert capital_recovery_factor(rate, n) == pytest.approx(expected, rel=1e-13, abs=0)
        assert capital_recovery_factor(rate, n) == pytest.approx(1 / n, rel=1e-4)
    assert capital_recovery_factor(0.0, 10) == 0.1
    assert capital_recovery_factor(0.08, 10) == pytest.approx(0.08 * 1.08 ** 10
                                                              / (1.08 ** 10 - 1), rel=1e-14)
