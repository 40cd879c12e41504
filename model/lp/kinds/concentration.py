"""``concentration``: annual mean PM2.5 no higher than a level in a year.

The plan's first target: 细颗粒物(PM2.5)年平均浓度不高于29微克/立方米 by 2025 (安康市深入打好污染
防治攻坚战工作实施方案, section 一). With the source-receptor layer of :mod:`model.airquality`
(C[y] = B[y] + Σ_p k_p E[p, y], E = Σ_r (B[p,r,y] − Σ_m effect·x)):

``B[y] + Σ_p k_p (T[p,y] − R[p,y]) <= v``,  i.e.  ``Σ_p k_p R[p, y] >= B[y] + Σ_p k_p T[p,y] − v``

one row per target, T[p, y] the baseline total of precursor p and R[p, y] the reduction the
measures deliver (t/yr); the row's coefficient on x[m, r, y] is Σ_p k_p effect[m, p, r, y]
(ug/m3 per unit of the measure). k_p is calibrated on the base-year totals of these same arrays
(so a sensitivity sample that moves the base-year emissions recalibrates it) from the target's
``response`` record (:meth:`model.airquality.SourceReceptor.record`). The shadow price is in CNY
per ug/m3 (undiscounted, of the target year), the cost of the last ug/m3 at the margin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.airquality import UNIT, SourceReceptor
from model.errors import InputError
from model.lp.kinds.base import TargetKind, reduction_terms, total
from model.lp.kinds.registry import register
from model.lp.structure import INF, Columns, RowBlock

if TYPE_CHECKING:
    from model.lp.index import Indexed


def receptor(t: pd.Series) -> SourceReceptor:
    """The target's source-receptor relation (InputError if it carries none)."""
    rec = t.get("response") if hasattr(t, "get") else None
    if not isinstance(rec, dict):
        raise InputError(f"target {t['target']!r} (kind concentration)",
                         "no source-receptor relation",
                         "a scenario with an air_quality key (model.airquality)")
    return SourceReceptor.from_record(rec)


def coefficients(ix: Indexed, t: pd.Series) -> dict[str, float]:
    """k_p (ug/m3 per t/yr) calibrated on the base-year baseline totals of ``ix``."""
    sr = receptor(t)
    base = {p: total(ix, p, ix.base_year) for p, _ in sr.shares}
    try:
        return sr.coefficients(base)
    except ValueError as exc:
        raise InputError(f"target {t['target']!r} (kind concentration)", str(exc),
                         "base-year emissions of every precursor with a response share") \
            from None


def row_effect(ix: Indexed, t: pd.Series, year: int) -> np.ndarray:
    """Σ_p k_p effect[m, p, r, y]: the fall of the concentration per unit of each measure in
    each county (ug/m3), [M, R]."""
    out = np.zeros((len(ix.measures), len(ix.regions)))
    yi = ix.y(year)
    for p, k in coefficients(ix, t).items():
        if k and p in ix.quantities:
            out += k * ix.effect[:, ix.q(p), :, yi]
    return out


def level(ix: Indexed, t: pd.Series, year: int, totals: Callable[[str, int], float]) -> float:
    """C[year] (ug/m3) for totals ``totals(p, year)`` (t/yr)."""
    sr = receptor(t)
    k = coefficients(ix, t)
    return sr.background_at(year) + sum(v * totals(p, year) for p, v in k.items())


def _rows(ix: Indexed, cols: Columns, targets: pd.DataFrame) -> RowBlock:
    if not len(targets):
        return RowBlock.empty("concentration_row")
    keys: list[tuple[object, ...]] = []
    row: list[np.ndarray] = []
    col: list[np.ndarray] = []
    val: list[np.ndarray] = []
    lo: list[float] = []
    ids: list[str] = []
    years: list[int] = []
    for i, (_, t) in enumerate(targets.iterrows()):
        y = int(t["year"])
        k = coefficients(ix, t)
        cs: list[np.ndarray] = []
        vs: list[np.ndarray] = []
        for p, kp in k.items():
            if kp:
                c, v = reduction_terms(ix, cols, p, y)
                cs.append(c)
                vs.append(kp * v)
        c = np.concatenate(cs) if cs else np.zeros(0, dtype=np.int64)
        v = np.concatenate(vs) if vs else np.zeros(0)
        uniq, inv = np.unique(c, return_inverse=True)  # one entry per column
        summed = np.bincount(inv, weights=v, minlength=len(uniq)) if len(c) else v
        keep = summed != 0
        keys.append((t["target"],))
        row.append(np.full(int(keep.sum()), i))
        col.append(uniq[keep])
        val.append(summed[keep])
        lo.append(level(ix, t, y, lambda p, yy: total(ix, p, yy)) - float(t["value"]))
        ids.append(t["target"])
        years.append(y)
    n = len(keys)
    return RowBlock("concentration_row", keys, np.concatenate(row).astype(np.int64),
                    np.concatenate(col).astype(np.int64), np.concatenate(val),
                    np.array(lo, dtype=float), np.full(n, INF), ids, years)


def _check(ix: Indexed, t: pd.Series) -> None:
    where = f"target {t['target']!r} (kind concentration)"
    sr = receptor(t)
    y = int(t["year"])
    b = sr.background_at(y)
    if not float(t["value"]) > b:
        raise InputError(f"{where} value", f"{float(t['value']):g} {UNIT} in {y}, not above "
                         f"the background {b:g} {UNIT}",
                         "a level above the background (no local measure can remove it)")
    coefficients(ix, t)


def _requirement(ix: Indexed, t: pd.Series) -> float | None:
    """C_baseline[y] − required: the ug/m3 the target asks beyond the baseline (None when
    the target is not one of ``ix``'s)."""
    if t["target"] not in set(ix.targets["target"]):
        return None
    info = ix.targets.set_index("target").loc[t["target"]]
    row = pd.Series({**info.to_dict(), "target": t["target"]})
    return level(ix, row, int(t["year"]), lambda p, yy: total(ix, p, yy)) - float(t["required"])


KIND = register(TargetKind(
    name="concentration", rows=_rows, price_unit=lambda t: f"CNY/({UNIT})",
    achieved=lambda ix, t, y, res: level(ix, t, y, res.total),
    rhs_to_target=lambda ix, t, y, rhs: level(ix, t, y, lambda p, yy: total(ix, p, yy)) - rhs,
    check=_check, upper_limit=True, row_effect=row_effect, matrix_from_baseline=True,
    describe="annual mean concentration in the target year (ug/m3)",
    label_zh="浓度上限", label_en="concentration ceiling", value_type="ambient",
    family="concentration_row", requirement=_requirement,
    yearly_metric=lambda tab, q: tab.city_series(f"Concentration|{q}"),
    yearly_label=("{zh}年均浓度", "{en} annual mean"),
    # issue #14: the fall of the annual mean (model.airquality)
    mac_axis=lambda lab, qzh, qen, unit: ("PM2.5年均浓度", "PM2.5 annual-mean", UNIT,
                                          f"CNY/({UNIT})")))
