"""A new target kind written as a newcomer would (issue #17): one module-like class, its golden
LP file (written here in tmp), and this test. Nothing else changes: the LP, the golden check,
the report's target table and charts and the sensitivity declaration pick it up from the
kind's own attributes.

The kind, ``share_cut``, asks the measures to cut a quantity in a year by at least a share v of
its own baseline total: ``Σ effect·x >= v · B[q, y]`` (a fraction). On the hand LP of
tests/lp/fixtures.py (NOx baseline 520 t in 2025; a: 10 CNY per unit, 1 t NOx, 2 t CO2;
potential 100; b: 30 CNY, 2 t NOx, 10 t CO2, potential 50; the CO2 intensity target needs
2a + 10b >= 300) a share of 150/520 asks for 150 t, so the row is ``x(a) + 2 x(b) >= 150``
(shortfall column coefficient 2, the row's largest entry), the plan a = 100, b = 25, the cost
10·100 + 30·25 = 1750 CNY/yr, b at the margin at 30/2 = 15 CNY/t and, per unit of share,
15 × 520 = 7800 CNY. The MAC's requirement line is the share times the baseline, 150 t.
"""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pandas as pd
import pytest

from model.lp import compile_lp, kinds
from model.lp.index import index
from model.lp.kinds.base import TargetKind, fraction, one_row_per_target, total
from model.lp.pyomo_model import write_lp
from tests.lp import test_golden
from tests.lp.fixtures import hand_lp, targets


class share_cut:  # stands for the module model/lp/kinds/share_cut.py
    """``share_cut``: R[q, y] >= v · B[q, y] (the docstring of the test module)."""

    @staticmethod
    def rows(ix, cols, t):
        return one_row_per_target(
            "share_cut_row", ix, cols, t,
            lambda ix, row: float(row["value"]) * total(ix, row["quantity"], int(row["year"])))

    KIND = TargetKind(
        name="share_cut", rows=rows, price_unit=lambda t: "CNY per unit share",
        achieved=lambda ix, t, y, res: res.activity / total(ix, t["quantity"], y),
        rhs_to_target=lambda ix, t, y, rhs: rhs / total(ix, t["quantity"], y),
        check=lambda ix, t: fraction(t),
        price_scale=lambda ix, t, y: total(ix, t["quantity"], y),
        describe="reduction as a share of the baseline total (fraction)",
        label_zh="基准削减比例", label_en="cut as a share of the baseline",
        value_type="fraction", family="share_cut_row",
        requirement=lambda ix, t: float(t["required"]) * total(ix, t["quantity"],
                                                               int(t["year"])))


SHARE = 150.0 / 520.0


@pytest.fixture
def share_kind():
    kind = kinds.register(share_cut.KIND)
    yield kind
    kinds.KINDS.pop(kind.name)


def _data():
    return hand_lp(targets=targets([("nox_share", "share_cut", "NOx", 2025, SHARE, "fraction"),
                                    ("co2i", "intensity", "CO2", 2025, 0.4, "fraction")]))


def test_golden_written_and_checked_by_hand(share_kind, tmp_path):
    """Its golden, written as tests/lp/test_golden.py writes them, holds the hand row; the
    coverage check fails without it and passes with it."""
    golden = tmp_path / "golden"
    shutil.copytree(test_golden.GOLDEN, golden)
    cases = dict(test_golden.CASES)
    assert test_golden.uncovered(golden, cases) == ["kind share_cut (rows share_cut_row)"]
    compiled = compile_lp(_data())
    write_lp(compiled.lp, compiled.ix, golden / "share_cut.lp", families=["share_cut_row"])
    cases["share_cut"] = (_data, ["share_cut_row"])
    assert test_golden.uncovered(golden, cases) == []
    rows = test_golden.constraints((golden / "share_cut.lp").read_text())
    coef, sense, rhs = rows["c_l_share_cut_row(nox_share)_"]
    assert coef == pytest.approx({"x(a_hanbin_2025)": 1.0, "x(b_hanbin_2025)": 2.0,
                                  "shortfall(nox_share_2025)": 2.0}, rel=1e-12)
    assert (sense, rhs) == (">=", pytest.approx(150.0, rel=1e-12))


def test_solved_with_its_price_and_requirement(share_kind):
    from model.report.full_potential_mac import requirement

    sol = compile_lp(_data()).solve()
    assert sol.status == "optimal"
    lv = sol.levels.set_index("measure")["level"]
    assert (lv["a"], lv["b"]) == pytest.approx((100.0, 25.0), abs=1e-7)
    assert sol.cost_by_year[2025] == pytest.approx(1750.0, rel=1e-9)
    assert sol.objective == pytest.approx(1750.0 * 1.05 ** -5, rel=1e-9)  # discounted
    t = sol.targets.set_index("target")
    assert t.loc["nox_share", "shadow_price"] == pytest.approx(15.0 * 520.0, rel=1e-9)
    assert t.loc["nox_share", "achieved"] == pytest.approx(SHARE, rel=1e-9)
    # the MAC requirement line (model.report.full_potential_mac), through the kind's requirement
    row = sol.targets[sol.targets["target"] == "nox_share"].iloc[0]
    assert requirement(index(_data()), row) == pytest.approx(150.0, rel=1e-12)


def test_sensitivity_declaration_takes_it_as_a_fraction(share_kind):
    """A declared uncertainty on the target's value is a fraction in [0, 1], converted from
    the scenario's unit (28.8 % -> 0.288) as for the shipped fraction kinds
    (model.sensitivity.declare); an amount kind would convert % to t and be refused."""
    from model.sensitivity.declare import _scenario_param

    t = SimpleNamespace(id="nox_share", kind="share_cut", enabled=True, unit="%",
                        quantity="NOx")
    raw = {"targets": [{"id": "nox_share", "kind": "share_cut", "value": 28.8, "unit": "%"}]}
    decl = SimpleNamespace(target="targets.nox_share.value")
    out = _scenario_param(decl, raw, SimpleNamespace(targets=[t]), None, "key uncertainty.p")
    assert out["klass"] == "target" and out["domain"] == (0.0, 1.0)
    assert out["to_model"] == pytest.approx(0.01, rel=1e-12)  # % -> fraction, not % -> t


@pytest.mark.slow  # draws the charts
def test_report_labels_and_charts_take_it(share_kind, tmp_path):
    """The workbook's target table names the kind by its own labels; the charts draw its row
    in the % panel and its MAC (of the run's chosen measures, in t of its quantity)."""
    import openpyxl

    from model.report.charts import Labeller, write_charts
    from model.report.tables import read_results
    from model.report.workbook import write_workbook
    from tests.unit.test_report import make_results

    d = make_results(tmp_path / "run")
    (d / "targets.csv").write_text(
        (d / "targets.csv").read_text(encoding="utf-8-sig")
        + "nox_share,氮氧化物削减比例,NOx share cut,0.2885,0.3,fraction,0,7800,"
          "CNY per unit share,0.2,0.4,binding,share_cut,NOx,2025,,m_up,met\n",
        encoding="utf-8-sig")
    wb = openpyxl.load_workbook(write_workbook(d, derive=False))
    rows = list(wb["目标 Targets"].iter_rows(values_only=True))
    mine = [r for r in rows if r[0] == "nox_share"]
    assert len(mine) == 1 and "基准削减比例 cut as a share of the baseline" in mine[0]
    paths = write_charts(read_results(d), tmp_path / "charts", Labeller(),
                         ("小情景", "Tiny test scenario"))
    assert "mac_nox_share.png" in {p.name for p in paths}


def test_unregistered_it_is_refused():
    from model.errors import InputError

    assert "share_cut" not in kinds.KINDS
    with pytest.raises(InputError, match=r"share_cut.*one of"):
        compile_lp(_data())
    assert not kinds.where(pd.DataFrame({"kind": ["share_cut"]}), lambda k: True).any()
