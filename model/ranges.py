"""Valid ranges of the scenario's numbers, declared once (issue #17 item 3).

The scenario schema (:mod:`model.schema`) checks types and keys; these are the ranges a value
must lie in once converted to the model's unit (a fraction per year for rates). The pipeline
refuses a scenario value outside its range (:mod:`model.pipeline`), and sensitivity refuses a
distribution whose support leaves it (:mod:`model.sensitivity.declare`, ``domain`` of each
class of uncertain input), both reading :data:`RANGES`.

Each range states its ends, whether an end is excluded, and the one-line text of what is
expected (the ``expected`` part of an :class:`~model.errors.InputError`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    """``lo`` .. ``hi`` in the model's unit; ``lo_open``/``hi_open``: the end itself is
    refused; ``expected``: what a valid value is, in words."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    expected: str = ""

    def contains(self, value: float) -> bool:
        """True when ``value`` lies in the range (NaN never does)."""
        if math.isnan(value):
            return False
        above = value > self.lo if self.lo_open else value >= self.lo
        below = value < self.hi if self.hi_open else value <= self.hi
        return above and below

    @property
    def domain(self) -> tuple[float, float]:
        """(lo, hi): the ends a sampled value may reach (sensitivity's domain check)."""
        return self.lo, self.hi


#: name -> range. Sources of the bounds: the pipeline's checks as they were (the discount rate,
#: growth rates and elasticities: guards against absurd baselines, not published limits;
#: national 2016-20 elasticities of energy and electricity to GDP were about 0.5 and 1.1).
RANGES: dict[str, Range] = {
    "discount_rate": Range(-0.5, 1.0, True, True,
                           "a real rate per year in (-50 %, 100 %), e.g. 0.08 (unit '1') or 8 "
                           "(unit '%')"),
    "gdp_real_growth": Range(-0.5, 0.5, True, True,
                             "a real growth rate between -50 and +50 % per year"),
    "population_growth": Range(-0.2, 0.2, True, True, "a rate between -20 and +20 % per year"),
    "elasticity": Range(-1.0, 2.0, expected="an elasticity between -1.0 and 2.0"),
    "survival": Range(1e-9, 1.0, expected="an annual survival rate in (0, 1]"),
    # a target of a fraction kind (intensity, service_level, reduction_vs_base, peak): each
    # kind refuses its own ends (model.lp.kinds); a sample stays within [0, 1]
    "target_fraction": Range(0.0, 1.0, expected="a fraction in [0, 1]"),
    "target_amount": Range(0.0, math.inf, expected="a non-negative amount"),
    # catalogue shares (potentials.csv potential_share, floor_share; pools.csv capacity_share)
    "share": Range(0.0, 1.0, expected="a share in [0, 1]"),
    # activity rows of the inventory (a factor of them is sampled)
    "activity": Range(0.0, math.inf, expected="a non-negative activity"),
    # air_quality: response shares, the observed base-year level, the background
    "response_share": Range(0.0, 1.0, expected="a share in [0, 1]"),
    "observed_concentration": Range(1e-9, math.inf, expected="a positive concentration"),
    "background_concentration": Range(0.0, math.inf,
                                      expected="a non-negative concentration"),
    "any": Range(-math.inf, math.inf, expected="a number"),
}
