"""What a pathway's targets leave unheld: the model years after a target's year in which its
quantity is worse than the target asked.

A target binds in its own year only (DESIGN §4: one row per target and year). Between and after
the target years the least-cost plan builds nothing a target does not call for, so a quantity held
at its target in 2025 and 2030 may rise above it in 2026-2029 and after 2030 as activity grows.
That is the answer to the targets as written, not an error; a briefing must say it, because a reader
would otherwise take the 2025 level as the level of every later year. This module finds those years
from the run's own result tables; it computes nothing the run did not.

Each kind says how its value is read year by year (``TargetKind.yearly_metric``: a concentration
from ``Concentration|<q>``, a fall against the base year from ``Emissions|<q>``, an intensity fall
from ``pathway.csv``, a cap from the quantity's total) and whether worse is above
(``upper_limit``) or below; kinds with no yearly value in the tables (service levels, load
reductions, peaks) are not checked.

For each (kind, quantity) the requirement of a year is that of the latest target year at or before
it (a target "held" later is written as its own row, as ``scenarios/ankang_pathway.yaml`` does).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model import quantities
from model.lp import kinds
from model.lp.kinds.base import YearlyTables

#: tolerance, relative to the requirement (at least 1e-4 absolute), before a year counts as worse
#: than its target: above the LP's feasibility tolerance (1e-7) and below the 3-4 digits printed
REL_TOL = 1e-4


@dataclass(frozen=True)
class Unheld:
    """A (kind, quantity) whose value is worse than its target in years after a target year.

    ``years``: the model years it is worse; ``worst_year``/``worst``: the year and value furthest
    from the requirement; ``required``: that year's requirement; ``last_year``/``last``: the
    horizon's value; ``target_years``: the years the targets bind. Values are as targets.csv
    writes ``required`` (ug/m3 for a concentration; a fraction for a fall; the quantity's unit
    for a cap)."""

    kind: str
    quantity: str
    target_years: tuple[int, ...]
    years: tuple[int, ...]
    worst_year: int
    worst: float
    required: float
    last_year: int
    last: float


def unheld(targets: pd.DataFrame, emissions: pd.DataFrame, pathway: pd.DataFrame | None,
           city: str, scenario: str) -> list[Unheld]:
    """Every (kind, quantity) worse than its target in some model year after its first target year.

    Index sets: targets.csv rows (``kind``, ``quantity``, ``year``, ``required``); emissions.csv
    long table (``variable``, ``region``, ``scenario``, ``year``, ``value``); pathway.csv
    (``year``, ``case``, ``<q>_intensity_fall``) or None. ``city`` is the pack's city id (manifest
    ``city``); ``scenario`` the run's name as emissions.csv writes it. Returns [] for a one-year
    run. Raises nothing: a value missing from the tables leaves its target unchecked."""
    out: list[Unheld] = []
    if targets.empty or "kind" not in targets:
        return out
    tab = YearlyTables(emissions=emissions, pathway=pathway, city=city, scenario=scenario)
    for (kind_name, q), rows in targets.groupby(["kind", "quantity"], sort=False):
        kind = kinds.KINDS.get(str(kind_name))
        if kind is None or kind.yearly_metric is None:
            continue
        ceiling = kind.upper_limit
        by_year = rows.groupby("year")["required"]
        req_by_year = by_year.min() if ceiling else by_year.max()
        series = kind.yearly_metric(tab, str(q))
        if series.empty:
            continue
        first = int(req_by_year.index.min())
        bad: list[tuple[int, float, float]] = []
        for y in (int(y) for y in series.index if int(y) > first):
            req = float(req_by_year[req_by_year.index <= y].iloc[-1])
            v = float(series[y])
            gap = (v - req) if ceiling else (req - v)
            if gap > REL_TOL * max(1.0, abs(req)):
                bad.append((y, v, gap))
        if not bad:
            continue
        wy, wv, _ = max(bad, key=lambda b: b[2])
        ly = int(series.index.max())
        out.append(Unheld(kind=str(kind_name), quantity=str(q),
                          target_years=tuple(int(y) for y in req_by_year.index),
                          years=tuple(b[0] for b in bad), worst_year=wy, worst=wv,
                          required=float(req_by_year[req_by_year.index <= wy].iloc[-1]),
                          last_year=ly, last=float(series[ly])))
    return out


def _span(years: tuple[int, ...]) -> str:
    """2026-2029, 2031-2035 from a sorted run of years."""
    parts: list[str] = []
    start = prev = years[0]
    nxt: list[int | None] = [*years[1:], None]
    for y in nxt:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def _fall_zh(v: float) -> str:
    return f"比基年下降{v * 100:.1f}%" if v >= 0 else f"比基年上升{-v * 100:.1f}%"


def _fall_en(v: float) -> str:
    return f"a fall of {v * 100:.1f} %" if v >= 0 else f"a rise of {-v * 100:.1f} %"


def label(u: Unheld) -> tuple[str, str]:
    """(zh, en) name of what the item measures: the kind's ``yearly_label`` around the
    quantity's label (:data:`model.quantities.QUANTITIES`): 细颗粒物年均浓度 / PM2.5 annual
    mean, 单位GDP二氧化碳 / CO2 per unit of GDP, 重点重金属合计 / Key heavy metals (sum)."""
    zh, en = quantities.labels().get(u.quantity, (u.quantity, u.quantity, ""))[:2]
    fz, fe = kinds.KINDS[u.kind].yearly_label
    return fz.format(zh=zh, en=en), fe.format(zh=zh, en=en)


def _values(u: Unheld, v: float, target: bool) -> tuple[str, str]:
    """(zh, en) of one value in the kind's value type: ambient in μg/m³, a fraction as a fall
    (or rise) against the base year, an amount in the quantity's unit."""
    vt = kinds.KINDS[u.kind].value_type
    if vt == "ambient":
        z = f"{v:.1f}微克/立方米" if not target else f"目标{v:g}"
        return z, (f"{v:.1f} μg/m³" if not target else f"target {v:g}")
    if vt == "fraction":
        if target:
            return f"目标下降{v * 100:g}%", f"target a fall of {v * 100:g} %"
        return _fall_zh(v), _fall_en(v)
    unit = quantities.units().get(u.quantity, "")
    return ((f"{v:,.0f} {unit}", f"{v:,.0f} {unit}") if not target
            else (f"目标{v:,.0f} {unit}", f"target {v:,.0f} {unit}"))


def sentences(items: list[Unheld], labels: dict[str, tuple[str, str]] | None = None
              ) -> tuple[list[str], list[str]]:
    """(zh, en) one sentence per item: which years are worse than the target and by how much.

    ``labels`` maps a quantity to (zh, en) names; :func:`label` when none is given."""
    labels = labels or {}
    zh: list[str] = []
    en: list[str] = []
    for u in items:
        lz, le = labels.get(u.quantity) or label(u)
        yrs = "、".join(str(y) for y in u.target_years)
        yrs_en = ", ".join(str(y) for y in u.target_years)
        span = _span(u.years)
        wz, we = _values(u, u.worst, False)
        rz, re_ = _values(u, u.required, True)
        lz2, le2 = _values(u, u.last, False)
        tail_zh = "" if u.worst_year == u.last_year else f"，{u.last_year}年{lz2}"
        tail_en = "" if u.worst_year == u.last_year else f"; {le2} in {u.last_year}"
        zh.append(f"{lz}的目标只约束{yrs}年：{span.replace(', ', '、')}年劣于目标，"
                  f"最差为{u.worst_year}年{wz}（{rz}）{tail_zh}。")
        en.append(f"{le}: the targets bind only in {yrs_en}; it is worse than the target in "
                  f"{span}, furthest in {u.worst_year}: {we} ({re_}){tail_en}.")
    return zh, en
