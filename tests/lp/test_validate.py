"""Bad ModelData is refused with a one-line InputError naming table, row and what was expected;
solver terminations other than optimal/infeasible raise SolverError."""

from __future__ import annotations

import math

import pytest

from model.errors import InputError, SolverError
from model.lp import compile_lp, solve
from tests.lp.fixtures import frame, hand_lp, pathway, targets

BCOLS = ["measure", "region", "year", "floor", "potential"]


@pytest.mark.parametrize(("over", "match"), [
    ({"effects": frame([("zz", "NOx", 1.0)], ["measure", "quantity", "value"])},
     r"effects row 0 column 'measure': found unknown measure 'zz'"),
    ({"effects": frame([("a", "NOx", math.nan)], ["measure", "quantity", "value"])},
     r"effects row 0 column 'value': found nan"),
    ({"bounds": frame([("a", "hanbin", 2025, 5.0, 1.0)], BCOLS)},
     r"bounds row 0: found floor 5.0 potential 1.0"),
    ({"targets": targets([("co2i", "intensity", "CO2", 2025, 17.0, "%")])},
     r"a fraction \(0.17 for -17 %\)"),
    ({"targets": targets([("so2", "cap", "SO2", 2025, 10.0, "t")])},
     r"target 'so2' \(kind cap\): found no baseline of 'SO2' in 2025"),
    ({"targets": targets([("nox", "load_reduction", "NOx", 2030, 1.0, "t")])},
     r"targets row 0 column 'year': found unknown model year 2030"),
    ({"targets": targets([("x", "peek", "CO2", 2025, 1.0, "t")])},
     r"targets row 0 column 'kind': found 'peek'.*did you mean 'peak'"),
    ({"targets": targets([("x", "peak", "CO2", 2025, 0.01, "fraction")])},
     r"a peak year before the last model year 2025"),
    ({"discount_rate": 5.0}, r"discount_rate"),
])
def test_bad_model_data(over, match):
    with pytest.raises(InputError, match=match):
        compile_lp(hand_lp(**over))


def test_missing_model_year_for_a_measure():
    data = pathway(bounds=frame([("septic", "hanbin", 2025, 0.0, 1.0)], BCOLS))
    with pytest.raises(InputError, match="1 of 2 model years"):
        compile_lp(data)


def test_floors_above_pool_capacity_is_input_error():
    """Floor septic 800 > pool capacity 700 in hanbin: infeasible with every target relaxed."""
    b = pathway().bounds.copy()
    b.loc[b["measure"] == "septic", "floor"] = 800.0
    data = pathway(bounds=b)
    with pytest.raises(InputError, match="floors, pool capacities"):
        solve(data)


def test_time_limit_is_solver_error(monkeypatch):
    """A termination other than optimal/infeasible (here HiGHS's time limit) publishes nothing."""
    compiled = compile_lp(hand_lp())
    monkeypatch.setattr(compiled.model, "run", lambda: "Time limit reached")
    with pytest.raises(SolverError, match="Time limit reached"):
        compiled.solve()
