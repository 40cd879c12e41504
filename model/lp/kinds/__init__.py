"""Target kinds: each kind is one module registered in :data:`KINDS`; nothing else changes.

A kind writes its rows in the common form ``R >= rhs`` where ``R = Σ coef · x`` is what the
measures deliver (a reduction, or more of a service) and rhs what the target requires, so every
target row has a dual >= 0 in the cost minimisation: its marginal cost. A kind module defines a
:class:`~model.lp.kinds.base.TargetKind` and registers it with :func:`register`
(:mod:`model.lp.kinds.registry`):

* ``rows(ix, cols, targets)`` -> :class:`~model.lp.structure.RowBlock` (``target`` and ``year``
  per row; one or more rows per target);
* ``price_unit`` / ``price_scale``: the unit of its shadow price and the factor turning the
  row dual (per unit of R, divided by the discount factor) into it;
* ``achieved`` and ``to_target``: the target's own value at a given R or rhs (for results and
  ranging); ``message``: one plain sentence;
* ``check(ix, target)``: what the kind refuses (one-line :class:`~model.errors.InputError`);
* its metadata (labels, value type, row family, the MAC's requirement line, the measures that
  count...; :class:`~model.lp.kinds.base.TargetKind`), which the report, the sensitivity
  declaration and the pipeline read instead of asking for a kind by name.

Kinds shipped: ``load_reduction``, ``cap``, ``intensity``, ``service_level``,
``reduction_vs_base``, ``peak`` and ``concentration`` (annual mean PM2.5 through
:mod:`model.airquality`).
"""

from __future__ import annotations

from model.lp.kinds import (  # noqa: F401  (the shipped kinds register themselves on import)
    cap,
    concentration,
    intensity,
    load_reduction,
    peak,
    reduction_vs_base,
    service_level,
)
from model.lp.kinds.base import TargetKind
from model.lp.kinds.registry import KINDS, check, check_names, get, register, where

__all__ = ["KINDS", "TargetKind", "check", "check_names", "get", "register", "where"]
