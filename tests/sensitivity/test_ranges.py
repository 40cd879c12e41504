"""Valid ranges declared once (model.ranges, issue #17 item 3): their ends as the pipeline
checked them, and sensitivity's domain checks reading them."""

from __future__ import annotations

import math

import pytest

from model.errors import InputError
from model.ranges import RANGES, Range
from model.sensitivity.evaluate import Evaluator
from tests.sensitivity.conftest import write_scenario


@pytest.mark.parametrize(("name", "inside", "outside"), [
    # the pipeline's checks: -0.5 < rate < 1, -0.5 < g < 0.5, -0.2 < p < 0.2 (open ends),
    # elasticities and survival rates with their ends included
    ("discount_rate", [-0.4999, 0.0, 0.08, 0.9999], [-0.5, 1.0, -0.6, math.nan]),
    ("gdp_real_growth", [-0.4999, 0.075, 0.4999], [-0.5, 0.5]),
    ("population_growth", [-0.1999, 0.0, 0.1999], [-0.2, 0.2]),
    ("elasticity", [-1.0, 0.5, 2.0], [-1.0001, 2.0001]),
    ("survival", [1e-9, 0.5, 1.0], [0.0, 1.0001]),
    ("target_fraction", [0.0, 0.17, 1.0], [-1e-9, 1.0001]),
    ("share", [0.0, 1.0], [1.01]),
    ("any", [-1e300, 0.0, 1e300], [math.nan]),
])
def test_range_ends_as_the_checks_had_them(name, inside, outside):
    r = RANGES[name]
    assert all(r.contains(v) for v in inside), [v for v in inside if not r.contains(v)]
    assert not any(r.contains(v) for v in outside), [v for v in outside if r.contains(v)]


def test_pipeline_elasticity_range_is_the_declared_one():
    """The pipeline still holds its own tuple until the issue #15 rewrite reads model.ranges:
    it must equal the declared range."""
    from model.derivation import ELASTICITY_RANGE

    assert RANGES["elasticity"].domain == ELASTICITY_RANGE


def test_sensitivity_domain_check_reads_the_declared_range(tmp_path, monkeypatch):
    """A discount rate of 4-12 % is within the declared range (-50 %, 100 %); with the range
    narrowed to at most 10 % in the table, the same declaration is refused, naming the new
    bound: sensitivity holds no range of its own."""
    decl = ("uncertainty:\n  - {name: rate, target: discount_rate.value, distribution: "
            "uniform, low: 4, high: 12, source: t}\n")
    sc = write_scenario(tmp_path, decl)
    p = Evaluator(sc).pset.params[0]
    assert p.name == "rate"
    monkeypatch.setitem(RANGES, "discount_rate", Range(-0.5, 0.10, True, True, "test"))
    with pytest.raises(InputError, match=r"reaching 0.04 to 0.12.*values within \[-0.5, 0.1\]"):
        Evaluator(write_scenario(tmp_path, decl))
