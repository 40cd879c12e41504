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

from model.lp import compile_lp
from model.lp.pyomo_model import write_lp
from tests.lp.fixtures import gas_supply_lp, hand_lp, pathway

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
