"""Target kinds: each kind is one module registered in :data:`KINDS`; nothing else changes.

A kind writes its rows in the common form ``R >= rhs`` where ``R = Σ coef · x`` is what the
measures deliver (a reduction, or more of a service) and rhs what the target requires, so every
target row has a dual >= 0 in the cost minimisation: its marginal cost. A kind module defines a
:class:`~model.lp.kinds.base.TargetKind` and registers it with :func:`register`:

* ``rows(ix, cols, targets)`` -> :class:`~model.lp.structure.RowBlock` (``target`` and ``year``
  per row; one or more rows per target);
* ``price_unit`` / ``price_scale``: the unit of its shadow price and the factor turning the
  row dual (per unit of R, divided by the discount factor) into it;
* ``achieved`` and ``to_target``: the target's own value at a given R or rhs (for results and
  ranging); ``message``: one plain sentence;
* ``check(ix, target)``: what the kind refuses (one-line :class:`~model.errors.InputError`).

Kinds shipped: ``load_reduction``, ``cap``, ``intensity``, ``service_level``,
``reduction_vs_base``, ``peak`` and ``concentration`` (annual mean PM2.5 through
:mod:`model.airquality`).
"""

from __future__ import annotations

import difflib

import pandas as pd

from model.errors import InputError
from model.lp.index import Indexed
from model.lp.kinds.base import TargetKind

KINDS: dict[str, TargetKind] = {}


def register(kind: TargetKind) -> TargetKind:
    """Add a kind to the registry (a test or a plug-in may register its own)."""
    KINDS[kind.name] = kind
    return kind


def get(name: str) -> TargetKind:
    """The registered kind ``name``; InputError with the nearest name otherwise."""
    if name not in KINDS:
        near = difflib.get_close_matches(name, list(KINDS), n=1)
        raise InputError("target kind", repr(name), f"one of {sorted(KINDS)}",
                         f"did you mean {near[0]!r}?" if near else None)
    return KINDS[name]


def check_names(targets: pd.DataFrame) -> None:
    """Every target's kind is registered (called by ``model.lp.data.validate``)."""
    for i, kind in targets["kind"].items():
        if kind not in KINDS:
            near = difflib.get_close_matches(str(kind), list(KINDS), n=1)
            raise InputError(f"ModelData.targets row {i} column 'kind'", repr(kind),
                             f"one of {sorted(KINDS)}",
                             f"did you mean {near[0]!r}?" if near else None)


def check(ix: Indexed) -> None:
    """Check every target of an Indexed against its kind (called when the LP is assembled)."""
    for _, row in ix.targets.iterrows():
        KINDS[row["kind"]].check(ix, row)


# the shipped kinds register themselves on import (one line each)
from model.lp.kinds import (  # noqa: E402, F401
    cap,
    concentration,
    intensity,
    load_reduction,
    peak,
    reduction_vs_base,
    service_level,
)
