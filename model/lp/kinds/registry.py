"""The registry of target kinds (:mod:`model.lp.kinds`): kind modules import :func:`register`
from here, so the package's ``__init__`` imports them without a cycle."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from model.errors import InputError
from model.lp.kinds.base import TargetKind

if TYPE_CHECKING:
    from model.lp.index import Indexed

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


def where(targets: pd.DataFrame, test: Callable[[TargetKind], bool]) -> pd.Series:
    """Boolean mask over the rows of a targets frame (column ``kind``): True where the row's
    kind is registered and ``test(kind)`` holds (``kinds.where(t, lambda k: k.service)``).
    All False when the frame has no ``kind`` column."""
    if "kind" not in targets.columns:
        return pd.Series(False, index=targets.index, dtype=bool)
    hit = {name for name, k in KINDS.items() if test(k)}
    return targets["kind"].isin(hit)


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
