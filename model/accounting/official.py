"""Official counting of the load reductions (重点工程减排量), as the MEE total-load accounting
counts them (issue #12, item 6).

The 14th FYP guide (生态环境部《"十四五"主要污染物总量减排核算技术指南》, 2022) was not found in
the sources searched (docs/ACCOUNTING.md §3), so both rules below are the 12th/13th FYP practice,
recalled or read in secondary copies, and declared as scenario options (``load_accounting``):

* **Baseline deregistrations of old trucks** (``baseline_deregistrations``, default true): the
  total-load accounting credits every 淘汰 (deregistered) old vehicle with
  N_deregistered × annual mileage × (EF_old − EF_new), whether a subsidy or the fleet's own
  turnover retired it (the 12th FYP 机动车 减排 核算 counted 淘汰黄标车 and 老旧车 by the
  deregistration records; recalled [C], an assumption until the guide is read). So the China 3
  (or older) trucks that leave the baseline fleet between the base year and year y count toward
  a load-reduction target of y: ``credit[q, y] = Σ_rows max(0, a[row, base] − a[row, y]) ·
  (c[row, q] − c[new, q])`` over the ledger's vehicle-stock rows of :data:`OLD_STANDARDS`, ``new``
  the same type's :data:`~model.projection.activity.NEWEST_STANDARD` row (the fleet turnover
  replaces them with China 6 vehicles, :mod:`model.projection.activity`).
* **Manure: large-scale farms only** (``manure_large_scale_share``): reductions of 畜禽养殖 are
  counted project by project for 规模化养殖场（小区）; 养殖专业户 are counted by emission intensity,
  not as project reductions ("畜禽规模化养殖场（小区）需逐一核算减排项目；养殖专业户排放量采用
  排污强度法核算", 环境保护部 农业污染源减排核算方法 training material, 2013-11, copy read [S]).
  A manure measure's COD and NH3-N effect counts toward a load-reduction target only for the
  share of manure from large-scale farms; its physical effect on the totals is unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.lp import kinds
from model.projection.activity import NEWEST_STANDARD

#: Vehicle standards whose baseline deregistrations earn the load-reduction credit.
OLD_STANDARDS = ("china3_or_older",)
#: Catalogue source activity of the manure measures (the service total they draw on).
MANURE_SOURCE = "manure_produced"


def deregistration_rows(ledger) -> list[tuple[int, int]]:
    """(old row, its newest-standard row) of the ledger's vehicle stocks of
    :data:`OLD_STANDARDS` (same region and vehicle type)."""
    rows = ledger.rows
    veh = rows[rows["kind"] == "vehicle"]
    where = {(r, a): i for i, r, a in zip(veh.index, veh["region"], veh["activity"],
                                           strict=True)}
    out = []
    for i, r, a in zip(veh.index, veh["region"], veh["activity"], strict=True):
        vtype, _, std = a.rpartition(".")
        new = where.get((r, f"{vtype}.{NEWEST_STANDARD}"))
        if std in OLD_STANDARDS and new is not None:
            out.append((int(i), int(new)))
    return out


def deregistration_credit(ledger, amounts: np.ndarray, quantity: str,
                          pairs: list[tuple[int, int]] | None = None) -> np.ndarray:
    """Credit [T] (t of ``quantity``) of the baseline deregistrations in each year of
    ``amounts`` [row, T] (module docstring); 0 in the base year."""
    pairs = deregistration_rows(ledger) if pairs is None else pairs
    out = np.zeros(amounts.shape[1])
    if not pairs or quantity not in ledger.quantities:
        return out
    C, qs = ledger.matrix()
    cq = C[:, qs.index(quantity)]
    for old, new in pairs:
        diff = float(cq[old]) - float(cq[new])
        if diff:
            out += np.maximum(amounts[old, 0] - amounts[old], 0.0) * diff
    return out


def credits(ledger, amounts: np.ndarray, targets: pd.DataFrame, base_year: int,
            years: list[int], enabled: bool) -> pd.Series:
    """Baseline credit (t) of each ``load_reduction`` target row (index of ``targets``):
    :func:`deregistration_credit` in the target's year, 0 when not ``enabled``."""
    out = pd.Series(np.nan, index=targets.index, dtype=float)
    T = [base_year, *years]
    lr = kinds.where(targets, lambda k: k.credit)
    if not lr.any():
        return out
    pairs = deregistration_rows(ledger) if enabled else []
    for i in targets.index[lr]:
        q, y = targets.at[i, "quantity"], int(targets.at[i, "year"])
        out[i] = float(deregistration_credit(ledger, amounts, q, pairs)[T.index(y)]) \
            if pairs else 0.0
    return out


def eligible_shares(measures: pd.DataFrame, catalogue_measures: pd.DataFrame,
                    manure_share: float | None) -> pd.Series:
    """Share of each measure's effect that counts toward load-reduction targets: 1 for an
    eligible measure, 0 otherwise, ``manure_share`` for the manure measures (source activity
    :data:`MANURE_SOURCE`) when given."""
    share = measures["eligible"].astype(float).copy()
    if manure_share is not None:
        src = catalogue_measures["source_activity"].reindex(share.index).astype(str).str.strip()
        hit = (src == MANURE_SOURCE) & (share > 0)
        share[hit] = float(manure_share)
    return share
