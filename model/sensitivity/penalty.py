"""Shortfall penalties: every sample of a sensitivity run has a cost (issue #15).

A sample whose targets cannot all be met has the least-shortfall plan
(:func:`model.lp.diagnose.diagnose`: the plan ``peakplan run`` writes for an infeasible target
set). Its cost is that plan's present value plus the shortfall priced at a declared penalty:

    penalty_pv = Σ_rows p_t · s_row / σ_t(y) · df[y]

over the target rows short, with ``s_row = rhs − R`` the row's shortfall in its quantity's
unit, σ the kind's ``price_scale`` (so ``s/σ`` is the shortfall in the unit the target's shadow
price is per: t, t CO2, tce, percentage point, ug/m3) and ``df[y]`` the discount factor of the
row's year: a unit short is charged once, valued in its year as a one-year shadow price is. In
fixed-plan mode the central plan's rows are priced the same way. A sample that meets every
target pays no penalty, so its cost is exactly the run's.

``p_t`` (CNY per unit of the target's price unit):

* declared: scenario key ``sensitivity.penalties.<target>`` (a sourced value whose unit must be
  the target's shadow-price unit, e.g. ``CNY/t CO2``, ``CNY/percentage point``);
* default: ``k · max_{m,r,y} (c[m,r,y] / a[m,r,y]) · σ_t(y)``, with ``k`` =
  ``sensitivity.penalty_multiple`` (:data:`DEFAULT_MULTIPLE` = 10 unless declared), ``c`` the
  gross annual cost of one unit of a measure (capital annuity at the scenario's rate + O&M +
  energy bought, CNY/yr: the ``gross`` of :func:`model.lp.families.objective.annual_cost`) and
  ``a`` its coefficient in the target's row (the row's quantity per unit and year), over the
  measures, counties and years of the target's rows of the measures whose full potential, summed
  over the row's counties, delivers at least :data:`MATERIAL_SHARE` (1 %) of what the whole
  catalogue can deliver on that row (a measure with a trace effect on a row would otherwise set
  the price; counted per measure, not per county, so splitting a city into more counties does
  not make every measure immaterial). It is ``k`` times the most
  expensive step of the target's full-potential MAC curve at one year's cost, so meeting the
  target with any single measure of the catalogue is cheaper than its penalty. A dual at the
  catalogue's frontier can still exceed it (the "catalogue exhausted" prices of
  :mod:`model.prices`): the penalty only prices what no plan reaches; it never changes a plan.

Raises :class:`~model.errors.InputError` for a declared penalty of an unknown target, in
another unit, or not positive, and for a target without a declared penalty that no measure of
the catalogue moves (no default scale).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.errors import InputError

#: default multiple of the catalogue's most expensive cost per unit of a target
DEFAULT_MULTIPLE = 10.0
#: a measure sets the default only if its full potential delivers at least this share of the
#: row's catalogue-wide full-potential reduction
MATERIAL_SHARE = 0.01


@dataclass(frozen=True)
class Penalty:
    """The price of one unit short of a target: ``value`` in ``unit`` (the target's
    shadow-price unit), ``basis`` (declared with its source, or the default's measure and
    multiple)."""

    target: str
    value: float
    unit: str
    basis: str

    def record(self) -> dict:
        return {"target": self.target, "penalty": self.value, "unit": self.unit,
                "basis": self.basis}


def _row_terms(lp, cols, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(m, r, y, coefficient in the row's quantity unit) of the x columns of row ``i``."""
    row = lp.A.tocsr()[i]
    keep = ~np.isin(row.indices, lp.shortfall_col)
    col, val = row.indices[keep], row.data[keep] / lp.row_scale[i]
    m, r, y = np.nonzero(cols.x >= 0)
    where = np.full(lp.n_cols, -1, dtype=np.int64)
    where[cols.x[m, r, y]] = np.arange(len(m))
    pos = where[col]
    ok = pos >= 0
    return m[pos[ok]], r[pos[ok]], y[pos[ok]], val[ok]


def penalties(compiled, records: list[dict], settings=None) -> dict[str, Penalty]:
    """{target id: Penalty} for every target of the compiled central model (module
    docstring); ``records`` are the targets as records, ``settings`` the scenario's
    ``sensitivity`` block (or None)."""
    from model.lp import kinds

    lp, ix = compiled.lp, compiled.ix
    cols = lp.cols
    declared = dict(settings.penalties) if settings is not None else {}
    ids = {r["target"] for r in records}
    for tid in declared:
        if tid not in ids:
            raise InputError(f"sensitivity.penalties.{tid}", "a target the scenario does not "
                             "have (or has disabled)", f"one of {sorted(ids)}")
    k, k_basis = DEFAULT_MULTIPLE, f"default multiple {DEFAULT_MULTIPLE:g}"
    if settings is not None and settings.penalty_multiple is not None:
        k = float(settings.penalty_multiple.value)
        k_basis = f"multiple {k:g} ({settings.penalty_multiple.source})"
        if not k > 0:
            raise InputError("sensitivity.penalty_multiple", f"{k:g}", "a multiple > 0")
    gross = ix.annuity[:, None, None] * ix.effective_capital + ix.om + ix.energy_added
    out = {}
    for t in records:
        tid = t["target"]
        kind = kinds.get(t["kind"])
        unit = kind.price_unit(t)
        if tid in declared:
            d = declared[tid]
            if d.unit.strip() != unit:
                raise InputError(f"sensitivity.penalties.{tid}.unit", repr(d.unit),
                                 f"{unit!r} (the target's shadow-price unit)")
            if not d.value > 0:
                raise InputError(f"sensitivity.penalties.{tid}.value", f"{d.value:g}",
                                 "a penalty > 0")
            out[tid] = Penalty(tid, float(d.value), unit, f"declared ({d.source})")
            continue
        best, why = 0.0, ""
        for i, tt, year in zip(lp.target_rows, lp.row_target, lp.row_year, strict=True):
            if tt != tid:
                continue
            m, r, y, a = _row_terms(lp, cols, int(i))
            pos = a > 0
            m, r, y, a = m[pos], r[pos], y[pos], a[pos]
            if not len(a):
                continue
            reach = a * ix.potential[m, r, y]
            # materiality per measure, its counties' reach summed (a measure spread over 100
            # counties has no single term at 1 % of the row, and was refused as "moving nothing")
            by_measure = np.bincount(m, weights=reach, minlength=len(ix.measures))
            material = by_measure[m] >= MATERIAL_SHARE * reach.sum()
            unit_cost = gross[m, r, y] / a * kind.price_scale(ix, t, int(year))
            unit_cost = np.where(material, unit_cost, -np.inf)
            j = int(np.argmax(unit_cost))
            if unit_cost[j] > best:
                best = float(unit_cost[j])
                why = (f"{k_basis} x {ix.measures[m[j]]} in {ix.regions[r[j]]} "
                       f"{ix.years[y[j]]}, {best:.6g} {unit} (one year's gross cost per unit)")
        if not best > 0:
            raise InputError(f"sensitivity.penalties.{tid}", "nothing, and no measure of the "
                             "catalogue with a cost moves this target (no default scale)",
                             f"a declared penalty in {unit}")
        out[tid] = Penalty(tid, k * best, unit, why)
    return out


def penalty_pv(ix, rows: list[tuple[dict, int, float]], table: dict[str, Penalty]) -> float:
    """Present value of the penalties of ``rows`` = (target record, year, shortfall of the row
    in its quantity's unit) (module docstring), CNY to the base year."""
    from model.lp import kinds

    total = 0.0
    for t, year, short in rows:
        if short > 0:
            scale = kinds.get(t["kind"]).price_scale(ix, t, year)
            total += table[t["target"]].value * short / scale * ix.discount(year)
    return total
