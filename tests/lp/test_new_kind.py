"""A new target kind enters the LP in one place (issue #7): registering it adds its rows, its
shadow-price unit and its result columns without touching any other module.

The kind defined here, ``share_of_baseline``, requires the measures to cut a quantity by a share
of its own baseline total in the target year: ``Σ effect·x >= value · B[q, y]``. On the hand LP
of tests/lp/fixtures.py (NOx baseline 520 t in 2025; a: 10 CNY per unit, 1 t NOx, 2 t CO2; b:
30 CNY, 2 t NOx, 10 t CO2; CO2 intensity needs 2a + 10b >= 300) a share of 150/520 asks for
the same 150 t as the fixture's ``load_reduction`` target, so the plan (a = 100, b = 25), the
cost (1750 CNY/yr) and the NOx dual (15 CNY/t: b at the margin, 30/2) are those of
tests/lp/test_solve_hand.py; the kind's own shadow price is per unit of share: 15 × 520 = 7800
CNY per unit share.
"""

from __future__ import annotations

import pytest

from model.lp import compile_lp, kinds, solve
from model.lp.kinds.base import TargetKind, one_row_per_target, total
from tests.lp.fixtures import hand_lp, targets


def _rows(ix, cols, t):
    return one_row_per_target(
        "share_row", ix, cols, t,
        lambda ix, row: float(row["value"]) * total(ix, row["quantity"], int(row["year"])))


@pytest.fixture
def share_kind():
    kind = kinds.register(TargetKind(
        name="share_of_baseline", rows=_rows, price_unit=lambda t: "CNY per unit share",
        achieved=lambda ix, t, y, res: res.activity / total(ix, t["quantity"], y),
        rhs_to_target=lambda ix, t, y, rhs: rhs / total(ix, t["quantity"], y),
        check=lambda ix, t: None,
        price_scale=lambda ix, t, y: total(ix, t["quantity"], y),
        describe="reduction as a share of the baseline total"))
    yield kind
    kinds.KINDS.pop(kind.name)


def _with_share(value=150.0 / 520.0):
    t = targets([("nox_share", "share_of_baseline", "NOx", 2025, value, "fraction"),
                 ("co2i", "intensity", "CO2", 2025, 0.4, "fraction")])
    return hand_lp(targets=t)


def test_registered_kind_adds_its_rows_and_prices(share_kind):
    plain = compile_lp(hand_lp())
    compiled = compile_lp(_with_share())
    fams = compiled.lp.row_family
    assert fams.count("share_row") == 1 and "load_row" not in fams
    assert compiled.lp.n_rows == plain.lp.n_rows
    sol = compiled.solve()
    assert sol.status == "optimal"
    lv = sol.levels.set_index("measure")["level"]
    assert (lv["a"], lv["b"]) == pytest.approx((100.0, 25.0), abs=1e-7)
    t = sol.targets.set_index("target")
    assert t.loc["nox_share", "shadow_price"] == pytest.approx(15.0 * 520.0, rel=1e-9)
    assert t.loc["nox_share", "shadow_price_unit"] == "CNY per unit share"
    assert t.loc["nox_share", "achieved"] == pytest.approx(150.0 / 520.0, rel=1e-9)
    assert sol.objective == pytest.approx(solve(hand_lp()).objective, rel=1e-12)


def test_unregistered_kind_is_refused_with_the_nearest_name():
    from model.errors import InputError

    with pytest.raises(InputError, match=r"share_of_baseline.*one of"):
        compile_lp(_with_share())
