"""``load_reduction``: the plan's engineering load reductions (重点工程减排量).

``Σ_{m eligible, r} effect[m, q, r, y] · x[m, r, y] >= value``   (t)

Only measures flagged ``eligible`` count (the key-project categories of the load-reduction
accounting rules; the catalogue states each measure's category and eligibility). The target
says nothing about the total, which may still rise with growth: the results report the total
beside the reduction, and ``reduction_vs_base`` can require that it does not rise.
"""

from __future__ import annotations

from model.lp.kinds import register
from model.lp.kinds.base import TargetKind, one_row_per_target, unit_of


def _rows(ix, cols, targets):
    return one_row_per_target("load_row", ix, cols, targets, lambda ix, t: float(t["value"]),
                              lambda ix, t: ix.eligible)


def _check(ix, t):
    from model.errors import InputError

    if float(t["value"]) < 0:
        raise InputError(f"target {t['target']!r} value", repr(float(t["value"])),
                         "a non-negative reduction")


KIND = register(TargetKind(
    name="load_reduction", rows=_rows, price_unit=lambda t: unit_of(t["quantity"]),
    achieved=lambda ix, t, y, res: res.activity,
    rhs_to_target=lambda ix, t, y, rhs: rhs, check=_check,
    describe="engineering reduction by eligible measures, t"))
