"""``load_reduction``: the plan's engineering load reductions (重点工程减排量).

``credit[q, y] + Σ_{m eligible, r} w[m] · effect[m, q, r, y] · x[m, r, y] >= value``   (t)

Only measures flagged ``eligible`` count (the key-project categories of the load-reduction
accounting rules; the catalogue states each measure's category and eligibility), each with the
share w[m] of its effect the official counting accepts (``eligible_share``: the large-scale
farms' share for manure, else 1); ``credit`` (the target's ``param``) is what the baseline
already counts, the deregistrations of old trucks (:mod:`model.accounting.official`). The target
says nothing about the total, which may still rise with growth: the results report the total
beside the reduction, and ``reduction_vs_base`` can require that it does not rise.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.errors import InputError
from model.lp.kinds.base import TargetKind, one_row_per_target, unit_of
from model.lp.kinds.registry import register
from model.lp.structure import Columns, RowBlock

if TYPE_CHECKING:
    from model.lp.index import Indexed


def credit(t: pd.Series) -> float:
    """The target's baseline credit (t; ``param``, 0 when absent)."""
    v = t.get("param") if hasattr(t, "get") else None
    return 0.0 if v is None or v != v else float(v)


def _rows(ix: Indexed, cols: Columns, targets: pd.DataFrame) -> RowBlock:
    block = one_row_per_target("load_row", ix, cols, targets,
                               lambda ix, t: float(t["value"]) - credit(t),
                               lambda ix, t: ix.eligible)
    info = ix.measure_info
    if "eligible_share" not in info.columns or not len(block.col):
        return block
    share = info["eligible_share"].reindex(list(ix.measures)).astype(float).fillna(1.0) \
        .to_numpy()
    m = np.nonzero(cols.x >= 0)
    col_measure = np.full(cols.n, -1)
    col_measure[cols.x[m]] = m[0]
    w = share[col_measure[block.col]]
    if np.all(w == 1.0):
        return block
    return dataclasses.replace(block, val=block.val * w)


def _check(ix: Indexed, t: pd.Series) -> None:
    if float(t["value"]) < 0:
        raise InputError(f"target {t['target']!r} value", repr(float(t["value"])),
                         "a non-negative reduction")


KIND = register(TargetKind(
    name="load_reduction", rows=_rows, price_unit=lambda t: unit_of(t["quantity"]),
    achieved=lambda ix, t, y, res: res.activity + credit(t),
    rhs_to_target=lambda ix, t, y, rhs: rhs + credit(t), check=_check,
    describe="engineering reduction by eligible measures, t",
    label_zh="重点工程减排量", label_en="load reduction", value_type="reduction",
    family="load_row", credit=True, counts=lambda ix: ix.eligible,
    requirement=lambda ix, t: float(t["required"]),
    mac_note=("仅计入重点工程类措施。",
              "Only key-project (eligible) measures count toward this target.")))
