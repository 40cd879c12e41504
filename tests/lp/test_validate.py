"""Bad ModelData is refused with a one-line InputError naming table, row and what was expected;
solver terminations other than optimal/infeasible raise SolverError."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
from pyomo.contrib.appsi.base import TerminationCondition

import model.solve as solve_mod
from model.errors import InputError, SolverError
from model.lp.build import build_model
from model.solve import solve
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
     r"no baseline for \('hanbin', 2025, 'SO2'\)"),
    ({"targets": targets([("nox", "load_reduction", "NOx", 2030, 1.0, "t")])},
     r"targets row 0 column 'year': found unknown model year 2030"),
    ({"targets": targets([("x", "peak", "CO2", 2025, 1.0, "t")])},
     r"unknown target kind 'peak'"),
    ({"discount_rate": 5.0}, r"discount_rate"),
])
def test_bad_model_data(over, match):
    with pytest.raises(InputError, match=match):
        build_model(hand_lp(**over))


def test_missing_model_year_for_a_measure():
    data = pathway(bounds=frame([("septic", "hanbin", 2025, 0.0, 1.0)], BCOLS))
    with pytest.raises(InputError, match="1 of 2 model years"):
        build_model(data)


def test_floors_above_pool_capacity_is_input_error():
    """Floor septic 800 > pool capacity 700 in hanbin: infeasible with every target relaxed."""
    b = pathway().bounds.copy()
    b.loc[b["measure"] == "septic", "floor"] = 800.0
    data = pathway(bounds=b)
    with pytest.raises(InputError, match="floors, pool capacities"):
        solve(build_model(data), data)


def test_time_limit_is_solver_error(monkeypatch):
    data = hand_lp()
    model = build_model(data)
    monkeypatch.setattr(solve_mod, "_run", lambda opt, m: SimpleNamespace(
        termination_condition=TerminationCondition.maxTimeLimit))
    with pytest.raises(SolverError, match="maxTimeLimit"):
        solve(model, data, time_limit=1.0)
