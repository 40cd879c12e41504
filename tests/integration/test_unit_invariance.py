"""Issue #13, case 2: the answer does not depend on the unit an input is written in.

Energy prices were converted the wrong way when a quantity's unit differed from the price's
(coal written in kt was priced at 0.7 CNY per kt; a taxi's 15,000 kWh cost 1,000 times
15 MWh), and the ``unit`` of the catalogue's cost table was never read. Each case writes one
input of the shipped scenario in another unit — the same amount — and solves: the annual cost
and the objective agree with the shipped unit to round-off (rel 1e-9; HiGHS returns the same
vertex, so only the last bits of the converted floats differ).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from model.errors import InputError

ROOT = Path(__file__).resolve().parents[2]


def solve(project: Path):
    from model.pipeline import prepare, solve_prepared
    from model.scenario import load_scenario

    s = solve_prepared(prepare(load_scenario(project / "scenarios" / "ankang_2025.yaml")))
    assert s.solution.status == "optimal"
    return s.solution.annual_cost, s.pv_cost


@pytest.fixture(scope="module")
def reference():
    """The shipped scenario's annual cost and present value, in the shipped units."""
    return solve(ROOT)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    shutil.copytree(ROOT / "inventories", tmp_path / "inventories")
    return tmp_path


def edit_rows(path: Path, match: dict[str, str], new: dict[str, str]) -> int:
    """Set the columns ``new`` on every row of a CSV whose columns equal ``match``."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    hit = 0
    for r in rows:
        if all(r[k] == v for k, v in match.items()):
            r.update(new)
            hit += 1
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return hit


COAL = {"region": "hanbin", "year": "2020", "category": "1.A.2.f", "activity": "raw_coal"}
CASES = {
    # activity data: one coal row, 35515.1 t
    "coal row in kt": ("inventories/ankang/activity_energy.csv", COAL,
                       {"value": "35.5151", "unit": "kt"}),
    "coal row in 万吨": ("inventories/ankang/activity_energy.csv", COAL,
                        {"value": "3.55151", "unit": "万吨"}),
    # a physical change: a taxi's electricity, 15 MWh
    "taxi electricity in kWh": (
        "scenarios/catalogue/changes.csv",
        {"measure": "electric_taxi", "activity": "electricity"},
        {"value": "15000", "unit": "kWh"}),
    # a cost per unit of a measure counted in t coating/yr: 1500 CNY/(t/yr), 1440 CNY/t
    "capital per kt/yr": (
        "scenarios/catalogue/costs.csv", {"measure": "low_voc_coating", "item": "capital"},
        {"value": "1500000", "unit": "CNY/(kt/yr)"}),
    "om per kt": (
        "scenarios/catalogue/costs.csv", {"measure": "low_voc_coating", "item": "om"},
        {"value": "1440000", "unit": "CNY/kt"}),
    "capital in 万元": (
        "scenarios/catalogue/costs.csv", {"measure": "electric_taxi", "item": "capital"},
        {"value": "5", "unit": "万元/vehicle"}),
    # a price: raw coal 700 CNY/t in industry, electricity 600 CNY/MWh
    "coal price per kt": (
        "scenarios/catalogue/prices.csv", {"activity": "raw_coal", "category": "1.A.2"},
        {"value": "700000", "unit": "CNY/kt"}),
    "electricity price per kWh": (
        "scenarios/catalogue/prices.csv", {"activity": "electricity", "category": "1.A.2"},
        {"value": "0.6", "unit": "CNY/kWh"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_answer_does_not_depend_on_the_unit(project, reference, case):
    path, match, new = CASES[case]
    assert edit_rows(project / path, match, new) >= 1
    annual, pv = solve(project)
    assert annual == pytest.approx(reference[0], rel=1e-9)
    assert pv == pytest.approx(reference[1], rel=1e-9)


def test_electricity_rows_in_wan_kwh_and_mwh_give_one_answer(project, reference):
    """The pack's industrial electricity rows are in 万千瓦时 and its gas rows in 万立方米; the
    same rows in MWh and m**3 give the same answer. Before issue #13 they did not: industrial
    energy efficiency saved electricity priced at 600 / 10 CNY per 万kWh (not 600 x 10) and
    gas at 2.8 / 10^4 per 万m3 (not 2.8 x 10^4), so its savings were 27.7 instead of 68.1 M
    CNY/yr."""
    p = project / "inventories" / "ankang" / "activity_energy.csv"
    rows = list(csv.DictReader(io.StringIO(p.read_text(encoding="utf-8-sig"))))
    n = 0
    for r in rows:
        if r["unit"] == "万千瓦时":
            r["value"], r["unit"] = repr(float(r["value"]) * 10), "MWh"  # 1 万kWh = 10 MWh
            n += 1
        elif r["unit"] == "万立方米":
            r["value"], r["unit"] = repr(float(r["value"]) * 1e4), "m**3"
            n += 1
    assert n > 0
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    p.write_text(out.getvalue(), encoding="utf-8")
    annual, pv = solve(project)
    assert annual == pytest.approx(reference[0], rel=1e-9)
    assert pv == pytest.approx(reference[1], rel=1e-9)


def test_price_conversion_by_hand():
    from model.projection.measures import price_in

    assert price_in(700, "CNY/t", "kt", "x") == pytest.approx(700_000)  # 1 kt = 1000 t
    assert price_in(700, "CNY/t", "万吨", "x") == pytest.approx(7_000_000)
    assert price_in(600, "CNY/MWh", "kWh", "x") == pytest.approx(0.6)
    assert price_in(600, "CNY/MWh", "万千瓦时", "x") == pytest.approx(6000)  # 10 MWh
    assert price_in(2.8, "CNY/m**3", "万立方米", "x") == pytest.approx(28_000)
    with pytest.raises(InputError, match="CNY per a unit of the same kind"):
        price_in(600, "CNY/MWh", "t", "prices.csv row 2 column 'unit'", "raw_coal")


@pytest.mark.parametrize("unit", ["CNY/vehicle", "CNY/MWh", "CNY/(t/yr)/yr"])
def test_cost_unit_of_another_kind_is_refused(project, cli, unit, monkeypatch):
    """CNY/vehicle or CNY/MWh on a measure counted in t coating/yr, a yearly unit on capital."""
    monkeypatch.chdir(project)
    edit_rows(project / "scenarios/catalogue/costs.csv",
              {"measure": "low_voc_coating", "item": "capital"}, {"unit": unit})
    (project / "results" / "old").mkdir(parents=True)
    (project / "results" / "old" / "keep.txt").write_text("x", encoding="utf-8")
    code, out = cli("run", "scenarios/ankang_2025.yaml", "--out", "results/new")
    lines = [ln for ln in out.splitlines() if ln.startswith("peakplan: error")]
    assert code == 2 and len(lines) == 1 and len(lines[0]) < 300, out
    assert "costs.csv row" in lines[0] and "column 'unit'" in lines[0]
    assert unit in lines[0] and "low_voc_coating" in lines[0] and "t coating/yr" in lines[0]
    assert not (project / "results" / "new").exists()
    assert (project / "results" / "old" / "keep.txt").read_text(encoding="utf-8") == "x"


def test_cost_factors_by_hand(project):
    from model.projection import catalogue

    p = project / "scenarios/catalogue/costs.csv"
    edit_rows(p, {"measure": "low_voc_coating", "item": "capital"},
              {"value": "1500000", "unit": "CNY/(kt/yr)"})
    edit_rows(p, {"measure": "low_voc_coating", "item": "om"}, {"unit": "CNY/kt"})
    cat = catalogue.load(project / "scenarios/catalogue")
    c = cat.costs.set_index(["measure", "item"])
    assert c.loc[("low_voc_coating", "capital"), "to_canonical"] == pytest.approx(1e-3)
    assert c.loc[("low_voc_coating", "om"), "to_canonical"] == pytest.approx(1e-3)
    # CNY/t is a yearly cost per t/yr: factor 1, as shipped
    assert c.loc[("cement_kiln_ultra_low", "om"), "to_canonical"] == 1.0
    assert c.loc[("electric_bus", "capital"), "to_canonical"] == 1.0
