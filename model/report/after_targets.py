"""What a pathway's targets leave unheld: the model years after a target's year in which its
quantity is worse than the target asked.

A target binds in its own year only (DESIGN §4: one row per target and year). Between and after
the target years the least-cost plan builds nothing a target does not call for, so a quantity held
at its target in 2025 and 2030 may rise above it in 2026-2029 and after 2030 as activity grows.
That is the answer to the targets as written, not an error; a briefing must say it, because a reader
would otherwise take the 2025 level as the level of every later year. This module finds those years
from the run's own result tables; it computes nothing the run did not.

Kinds read (others carry no yearly metric in the result tables and are not checked):

- ``concentration``: ``emissions.csv`` ``Concentration|<q>`` of the city, ug/m3; worse = above
  the required level.
- ``reduction_vs_base``: ``Emissions|<q>`` of the city against its base-year value, the fall
  ``1 - E[y]/E[base]`` as a fraction; worse = a smaller fall than required.
- ``intensity``: ``pathway.csv`` ``<q>_intensity_fall`` of the scenario case (fraction against the
  base year, GDP at constant prices); worse = a smaller fall than required.

For each (kind, quantity) the requirement of a year is that of the latest target year at or before
it (a target "held" later is written as its own row, as ``scenarios/ankang_pathway.yaml`` does).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model import quantities

#: tolerance on the metric before a year counts as worse than its target (the LP's own feasibility
#: tolerance is 1e-7 relative; results are printed to 3-4 digits)
TOL = {"concentration": 1e-3, "reduction_vs_base": 1e-4, "intensity": 1e-4}


@dataclass(frozen=True)
class Unheld:
    """A (kind, quantity) whose metric is worse than its target in years after a target year.

    ``years``: the model years it is worse; ``worst_year``/``worst``: the year and value furthest
    from the requirement; ``required``: that year's requirement; ``last_year``/``last``: the
    horizon's value; ``target_years``: the years the targets bind. Values are in ``unit``
    (``ug/m3`` for a concentration; a fraction for a fall)."""

    kind: str
    quantity: str
    target_years: tuple[int, ...]
    years: tuple[int, ...]
    worst_year: int
    worst: float
    required: float
    last_year: int
    last: float
    unit: str


def _city_series(emissions: pd.DataFrame, variable: str, city: str, scenario: str) -> pd.Series:
    e = emissions[(emissions["variable"] == variable) & (emissions["region"] == city)
                  & (emissions["scenario"] == scenario)]
    return e.set_index("year")["value"].astype(float).sort_index()


def unheld(targets: pd.DataFrame, emissions: pd.DataFrame, pathway: pd.DataFrame | None,
           city: str, scenario: str) -> list[Unheld]:
    """Every (kind, quantity) worse than its target in some model year after its first target year.

    Index sets: targets.csv rows (``kind``, ``quantity``, ``year``, ``required`` as the run writes
    it: ug/m3 for a concentration, a fraction for a fall); emissions.csv long table (``variable``,
    ``region``, ``scenario``, ``year``, ``value``); pathway.csv (``year``, ``case``,
    ``<q>_intensity_fall``). ``city`` is the pack's city id (manifest ``city``); ``scenario`` the
    run's scenario name as written in emissions.csv. Returns [] for a one-year run. Raises nothing:
    a metric missing from the tables leaves its target unchecked."""
    out: list[Unheld] = []
    if targets.empty or "kind" not in targets:
        return out
    for (kind, q), rows in targets.groupby(["kind", "quantity"], sort=False):
        if kind not in TOL:
            continue
        req_by_year = rows.groupby("year")["required"].max() if kind != "concentration" \
            else rows.groupby("year")["required"].min()
        if kind == "concentration":
            series = _city_series(emissions, f"Concentration|{q}", city, scenario)
            unit = "ug/m3"
        elif kind == "reduction_vs_base":
            e = _city_series(emissions, f"Emissions|{q}", city, scenario)
            if e.empty or e.iloc[0] <= 0:
                continue
            series = 1.0 - e / e.iloc[0]
            unit = "fraction"
        else:
            col = f"{str(q).lower()}_intensity_fall"
            if pathway is None or col not in pathway:
                continue
            p = pathway[pathway["case"] == "scenario"]
            series = p.set_index("year")[col].astype(float).sort_index()
            unit = "fraction"
        if series.empty:
            continue
        first = int(req_by_year.index.min())
        later = [int(y) for y in series.index if int(y) > first]
        bad: list[tuple[int, float, float]] = []
        for y in later:
            req = float(req_by_year[req_by_year.index <= y].iloc[-1])
            v = float(series[y])
            gap = (v - req) if kind == "concentration" else (req - v)
            if gap > TOL[kind]:
                bad.append((y, v, gap))
        if not bad:
            continue
        wy, wv, _ = max(bad, key=lambda b: b[2])
        wreq = float(req_by_year[req_by_year.index <= wy].iloc[-1])
        ly = int(series.index.max())
        out.append(Unheld(kind=str(kind), quantity=str(q),
                          target_years=tuple(int(y) for y in req_by_year.index),
                          years=tuple(b[0] for b in bad), worst_year=wy, worst=wv, required=wreq,
                          last_year=ly, last=float(series[ly]), unit=unit))
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


def _fall_zh(kind: str, v: float) -> str:
    what = "比基年" if kind == "reduction_vs_base" else "强度比基年"
    return f"{what}下降{v * 100:.1f}%" if v >= 0 else f"{what}上升{-v * 100:.1f}%"


def _fall_en(v: float) -> str:
    return f"a fall of {v * 100:.1f} %" if v >= 0 else f"a rise of {-v * 100:.1f} %"


def label(u: Unheld) -> tuple[str, str]:
    """(zh, en) name of what the item measures, from :data:`model.quantities.QUANTITIES`:
    细颗粒物年均浓度 / PM2.5 annual mean; 二氧化碳排放强度 / CO2 per unit of GDP; the quantity's
    own label for a fall against the base year."""
    zh, en = quantities.labels().get(u.quantity, (u.quantity, u.quantity, ""))[:2]
    if u.kind == "concentration":
        return f"{zh}年均浓度", f"{en} annual mean"
    if u.kind == "intensity":
        return f"单位GDP{zh}", f"{en} per unit of GDP"
    return zh, en


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
        if u.kind == "concentration":
            val_zh = f"{u.worst:.1f}微克/立方米（目标{u.required:g}）"
            val_en = f"{u.worst:.1f} μg/m³ (target {u.required:g})"
            last_zh = f"{u.last_year}年为{u.last:.1f}微克/立方米"
            last_en = f"{u.last:.1f} μg/m³ in {u.last_year}"
        else:
            val_zh = f"{_fall_zh(u.kind, u.worst)}（目标下降{u.required * 100:g}%）"
            val_en = f"{_fall_en(u.worst)} (target a fall of {u.required * 100:g} %)"
            last_zh = f"{u.last_year}年{_fall_zh(u.kind, u.last)}"
            last_en = f"{_fall_en(u.last)} in {u.last_year}"
        tail_zh = "" if u.worst_year == u.last_year else f"，{last_zh}"
        tail_en = "" if u.worst_year == u.last_year else f"; {last_en}"
        zh.append(f"{lz}的目标只约束{yrs}年：{span.replace(', ', '、')}年劣于目标，"
                  f"最差为{u.worst_year}年{val_zh}{tail_zh}。")
        en.append(f"{le}: the targets bind only in {yrs_en}; it is worse than the target in "
                  f"{span}, furthest in {u.worst_year}: {val_en}{tail_en}.")
    return zh, en
