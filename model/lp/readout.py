"""The rules that read a target row's answer, in one place (issue #15 item 1: one gap, shortfall
and price rule for ``peakplan run`` (:mod:`model.lp.solve`), the diagnosis of an infeasible set
(:mod:`model.lp.diagnose`) and every sensitivity sample (:mod:`model.sensitivity.evaluate`)).

* **gap** of a target row in its own unit: ``required − achieved`` for a target that asks for at
  least something (a reduction, a fall, a level), ``achieved − required`` for an upper limit
  (a concentration, a peak); > 0 means short. An achievement the kind cannot compute (NaN)
  counts as no gap.
* **shortfall**: the gap where it exceeds a tolerance (0 for the plan's own table; a relative
  tolerance for a sample's met/not-met), else 0.
* **shadow price** of a row with dual ``d`` (CNY, discounted to the base year, per unit of the
  row's own quantity, unscaled): ``d / df[y] × price_scale`` of the kind, in undiscounted CNY of
  the target year per unit of the target (:mod:`model.lp.solve` module docstring); 0 where the
  row does not bind (``d <= 0``).
"""

from __future__ import annotations

import math
from typing import Any

from model.lp.index import Indexed
from model.lp.kinds.base import TargetKind


def gap(kind: TargetKind, required: float, achieved: float) -> float:
    """How far a row is short of its target, in the target's unit (> 0 = short; NaN -> 0)."""
    g = achieved - required if kind.upper_limit else required - achieved
    return 0.0 if math.isnan(g) else g


def shortfall(kind: TargetKind, required: float, achieved: float, tol: float = 0.0) -> float:
    """The gap where it exceeds ``tol`` (same unit), else 0."""
    g = gap(kind, required, achieved)
    return g if g > tol else 0.0


def shadow_price(ix: Indexed, kind: TargetKind, target: Any, year: int, dual: float) -> float:
    """Undiscounted CNY of ``year`` per unit of ``target`` of an unscaled row dual ``dual``
    (module docstring); 0 where the row does not bind."""
    return dual / ix.discount(year) * kind.price_scale(ix, target, year) if dual > 0 else 0.0
