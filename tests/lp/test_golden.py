"""Each constraint family against a golden CPLEX-LP file (symbolic labels).

For a family, the Pyomo declaration of the LP (model.lp.pyomo_model, built from the arrays HiGHS
holds) is written with that family's rows only, ``io_options={"symbolic_solver_labels": True}``;
comment lines are dropped and whitespace
collapsed before comparing. Regenerate with ``PEAKPLAN_REGEN_GOLDEN=1`` only after checking the
new rows by hand against the equation in the family's docstring. The expected rows (checked by
hand; fixtures in tests/lp/fixtures.py):

Every target row carries its ``shortfall`` column (coefficient = the row's largest |entry|),
fixed at 0 outside the elastic diagnosis; the pathway fixture's objective weighs 2025 by the
five years it stands for, W25 = Σ_{k=5..9} 1.05^-k = 3.5618712 (10 W25 = 35.618712), and 2030
by df30 (regenerated for issue #7).

* load.lp (hand_lp): ``x(a) + 2 x(b) >= 150``.
* intensity.lp (hand_lp): ``2 x(a) + 10 x(b) >= 1200 - 0.6·(1000/1e6)·1.5e6 = 300``.
* objective.lp (hand_lp): ``min 0.7835262 (10 x(a) + 30 x(b))`` (df = 1.05^-5; the one model
  year stands for itself), bounds 0 <= x(a) <= 100, 0 <= x(b) <= 50, build unbounded above.
* potentials.lp (pathway; regenerated for issue #7, capacity by vintage): ``vintage`` rows
  ``x(m,r,y) - Σ_{v <= y} build(m,r,v) = 0`` (the fixture's measures never retire):
  ``x(septic,hanbin,2025) - build(septic,hanbin,2025) = 0``, ``x(septic,hanbin,2030) -
  build(septic,hanbin,2025) - build(septic,hanbin,2030) = 0``, the same for sew in ziyang;
  bounds 0..1000 on x. (Was: no-regret rows x(2030) - x(2025) >= 0, now implied by
  cumulative capacity; no_regret rows remain for mandated measures only.)
* pools.lp (pathway): ``x(septic,hanbin,y) <= 700``, ``x(sew,ziyang,y) <= 400`` per year.
* cap.lp (pathway): ``0.01 x(septic,hanbin,2030) + 0.05 x(sew,ziyang,2030) >= 150 - 140 = 10``.
* service.lp (pathway): ``x(septic,hanbin,2025) + x(sew,ziyang,2025) >= 0.4·1500 - 400 = 200``,
  and (added with the per-region cap, so no service exceeds 100 %) one ``service_cap`` row per
  region and model year: ``300 + x(septic,hanbin,y) <= 1000`` -> ``x(septic,hanbin,y) <= 700``
  and ``100 + x(sew,ziyang,y) <= 500`` -> ``x(sew,ziyang,y) <= 400``, y = 2025, 2030 (the
  baseline served amount moves to the right-hand side).
* peak.lp (pathway with a COD ``peak`` target in 2025 at 10 %/yr; issue #17): one row for the
  pair (2025, 2030), k = 0.9^5 = 0.59049: ``0.01 x(septic,hanbin,2030) + 0.05
  x(sew,ziyang,2030) − 0.0059049 x(septic,hanbin,2025) − 0.0295245 x(sew,ziyang,2025) >=
  150 − 0.59049·150 = 61.4265`` (B[COD] = 100 + 50 in both years).
* reduction_vs_base.lp (pathway with COD in 2030 10 % below 2020; issue #17):
  ``0.01 x(septic,hanbin,2030) + 0.05 x(sew,ziyang,2030) >= 150 − 0.9·(105 + 52) = 8.7``.
* mandate.lp (pathway with septic mandated; issue #17): one ``no_regret`` row
  ``x(septic,hanbin,2030) − x(septic,hanbin,2025) >= 0`` (sew is not mandated: no row).
* concentration.lp (tests/lp/test_concentration.py's city, C <= 37 ug/m3 in 2025): k_PM =
  0.018, k_SO2 = 0.003 ug/m3 per t: ``0.018 x(a) + 0.015 x(b) >= 40 − 37 = 3``.
* landfill_gas.lp (tests/lp/test_landfill_methane.py's landfill; issue #14): per model year,
  ``R[col] − R[rec] <= B[col] − B[rec]``: flaring recovers 1 t CH4 per unit (R[rec] = −x), a
  diversion lowers the collectable gas of later years only, by 0.5 × g[0] = 0.5 × 1/30 = 1/60 t
  per t diverted a year earlier (g[0] = 0.03/0.9, the CH4 lag of that test); B[col] = 0.5 ×
  generation, B[rec] = 0: ``x(flare,r,2021) <= 0.5 × 175/3 = 29.1666...`` and
  ``x(flare,r,2022) + 0.0166667 x(div,r,2021) <= 0.5 × 62.5 = 31.25``.
* gas_supply.lp (gas_supply_lp; issue #14): one ``gas_supply`` row per county where a measure
  changes gas use: ``500 x(c2g,A,2025) <= 40000 - 20000 = 20000`` and
  ``500 x(c2g,B,2025) <= 100000 - 10000 = 90000`` (gas added per unit on the left, the supply
  limit less the baseline use on the right; elec uses no gas and is not in the rows).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from model.lp import compile_lp, kinds
from model.lp.assemble import FAMILIES
from model.lp.index import index
from model.lp.pyomo_model import write_lp
from model.lp.structure import Columns
from tests.lp.fixtures import gas_supply_lp, hand_lp, pathway, targets


def peak_lp():
    return pathway(targets=targets([("codpeak", "peak", "COD", 2025, 0.1, "fraction")]))


def vs_base_lp():
    return pathway(targets=targets([("codbase", "reduction_vs_base", "COD", 2030, 0.1,
                                     "fraction")]))


def mandate_lp():
    m = pathway().measures.copy()
    m["mandate"] = [True, False]  # septic, sew
    return pathway(measures=m)


def concentration_lp():
    from tests.lp.test_concentration import _city

    return _city(37.0)


def landfill_lp():
    from tests.lp.test_landfill_methane import lp_data

    return lp_data()


GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "load": (hand_lp, ["load_row"]),
    "intensity": (hand_lp, ["intensity_row"]),
    "objective": (hand_lp, []),
    "potentials": (pathway, ["vintage", "no_regret"]),
    "pools": (pathway, ["pool_row"]),
    "cap": (pathway, ["cap_row"]),
    "service": (pathway, ["service_row", "service_cap"]),
    "gas_supply": (gas_supply_lp, ["gas_supply"]),
    "peak": (peak_lp, ["peak_row"]),
    "reduction_vs_base": (vs_base_lp, ["vs_base_row"]),
    "mandate": (mandate_lp, ["no_regret"]),
    "concentration": (concentration_lp, ["concentration_row"]),
    "landfill_gas": (landfill_lp, ["landfill_gas"]),
}


_NUMBER = re.compile(r"(?<![\w(])[-+]?\d+\.?\d*(?:[eE][-+]?\d+)?(?![\w)])")


def normalise(text: str) -> list[str]:
    """Drop comments and blank lines, collapse whitespace, round numbers (10 digits)."""
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("\\"):
            continue
        s = re.sub(r"\s+", " ", s)
        # numbers to 10 significant digits: 300.0000000000001 and 300.0 are the same row
        s = _NUMBER.sub(lambda m: f"{float(m.group(0)):.10g}", s)
        lines.append(s)
    return lines


def write_family(family: str, path: Path) -> str:
    fixture, keep = CASES[family]
    compiled = compile_lp(fixture())
    write_lp(compiled.lp, compiled.ix, path, families=keep)
    return path.read_text()


@pytest.mark.parametrize("family", sorted(CASES))
def test_family_matches_golden(family, tmp_path):
    text = write_family(family, tmp_path / f"{family}.lp")
    golden = GOLDEN / f"{family}.lp"
    if os.environ.get("PEAKPLAN_REGEN_GOLDEN") == "1":
        golden.write_text(text)
    assert golden.exists(), f"missing {golden}; regenerate with PEAKPLAN_REGEN_GOLDEN=1"
    assert normalise(text) == normalise(golden.read_text())


def _rows_in(golden: Path, family: str) -> int:
    """Rows of ``family`` in a golden LP file (constraint names ``c_<l|u|e>_<family>(...)``)."""
    return len(re.findall(rf"^c_[lue]_{re.escape(family)}\(", golden.read_text(), re.M))


def row_families() -> list[str]:
    """The row family of every function of :data:`model.lp.assemble.FAMILIES` (a function
    names its block even when it writes no row: ``RowBlock.empty(family)``)."""
    ix = index(hand_lp())
    cols = Columns.layout(ix.applicable, len(ix.years))
    return [f(ix, cols).family for f in FAMILIES.values()]


def uncovered(golden_dir: Path, cases: dict) -> list[str]:
    """Registered target kinds (:data:`model.lp.kinds.KINDS`) and row families
    (:data:`model.lp.assemble.FAMILIES`, each named by the ``family`` of the block it writes)
    with no golden LP file in ``golden_dir`` holding at least one of their rows, among the files
    of ``cases`` (name -> (fixture, families kept))."""
    wanted = {f"kind {k.name} (rows {k.family or '?'})": k.family for k in kinds.KINDS.values()}
    wanted |= {f"family {f}": f for f in row_families()}
    out = []
    for what, fam in wanted.items():
        files = [golden_dir / f"{case}.lp" for case, (_, keep) in cases.items() if fam in keep]
        if not fam or not any(p.exists() and _rows_in(p, fam) for p in files):
            out.append(what)
    return sorted(out)


def test_every_kind_and_family_has_a_golden():
    """A kind or row family registered without a golden LP file (or whose golden holds none of
    its rows) fails here: add a case to CASES, a fixture and the hand-worked rows above."""
    assert uncovered(GOLDEN, CASES) == []


def test_the_coverage_check_fails_without_a_golden(tmp_path):
    """The check can fail: a golden directory missing peak.lp, or a peak.lp with no peak row."""
    for case in CASES:
        if case != "peak":
            (tmp_path / f"{case}.lp").write_text((GOLDEN / f"{case}.lp").read_text())
    assert uncovered(tmp_path, CASES) == ["kind peak (rows peak_row)"]
    (tmp_path / "peak.lp").write_text((GOLDEN / "cap.lp").read_text())
    assert uncovered(tmp_path, CASES) == ["kind peak (rows peak_row)"]


def constraints(text: str) -> dict[str, tuple[dict[str, float], str, float]]:
    """{name: ({column: coefficient}, sense, rhs)} of the rows of a CPLEX-LP text."""
    body = text.split("s.t.", 1)[1].split("bounds", 1)[0]
    out = {}
    for block in (b.strip() for b in body.strip().split("\n\n")):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if not lines or not lines[0].endswith(":"):
            continue
        coef = {}
        for ln in lines[1:-1]:
            v, col = ln.split(" ", 1)
            coef[col] = float(v)
        sense, rhs = lines[-1].split()
        out[lines[0][:-1]] = (coef, sense, float(rhs))
    return out


HAND = {  # the rows worked by hand in the module docstring (tolerance 1e-12 relative)
    "peak": {"c_l_peak_row(codpeak_2030)_": (
        {"x(septic_hanbin_2030)": 0.01, "x(sew_ziyang_2030)": 0.05,
         "x(septic_hanbin_2025)": -0.01 * 0.9 ** 5, "x(sew_ziyang_2025)": -0.05 * 0.9 ** 5,
         "shortfall(codpeak_2030)": 0.05}, ">=", 150 - 0.9 ** 5 * 150)},
    "reduction_vs_base": {"c_l_vs_base_row(codbase)_": (
        {"x(septic_hanbin_2030)": 0.01, "x(sew_ziyang_2030)": 0.05,
         "shortfall(codbase_2030)": 0.05}, ">=", 150 - 0.9 * (105 + 52))},
    "mandate": {"c_l_no_regret(septic_hanbin_2030)_": (
        {"x(septic_hanbin_2030)": 1.0, "x(septic_hanbin_2025)": -1.0}, ">=", 0.0)},
    "concentration": {"c_l_concentration_row(pm25)_": (
        {"x(a_hanbin_2025)": 0.6 * 30 / 1000, "x(b_hanbin_2025)": 5 * 0.4 * 30 / 4000,
         "shortfall(pm25_2025)": 0.018}, ">=", 40.0 - 37.0)},
    "landfill_gas": {
        "c_u_landfill_gas(r_2021)_": ({"x(flare_r_2021)": 1.0}, "<=", 0.5 * 175 / 3),
        "c_u_landfill_gas(r_2022)_": ({"x(flare_r_2022)": 1.0, "x(div_r_2021)": 0.5 / 30},
                                      "<=", 0.5 * 62.5)},
}


@pytest.mark.parametrize("case", sorted(HAND))
def test_golden_rows_by_hand(case):
    """The goldens added for issue #17 hold exactly the rows worked out by hand."""
    got = constraints((GOLDEN / f"{case}.lp").read_text())
    assert set(got) == set(HAND[case])
    for name, (coef, sense, rhs) in HAND[case].items():
        gc, gs, gr = got[name]
        assert gs == sense
        assert gr == pytest.approx(rhs, rel=1e-12, abs=1e-12)
        assert set(gc) == set(coef)
        for col, v in coef.items():
            assert gc[col] == pytest.approx(v, rel=1e-12), (name, col)
