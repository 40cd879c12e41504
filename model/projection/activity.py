"""Baseline activity by year: every ledger row projected from declared drivers.

The baseline is the activity of the data pack carried to each model year without new measures;
its emissions, energy and loads then follow from the same accounting as the base year
(:meth:`model.accounting.ledger.Ledger.totals`), so baseline and inventory stand on one basis.

Drivers (constant base-year prices; ``g[r,t]`` real GDP growth of region r in year t):

* ``gdp``: ``GDP[r,y] = GDP[r,base] · Π_{t=base+1..y} (1 + g[r,t])``;
* ``population``: ``P[r,y] = P[r,base] · (1 + p)^(y − base)``;
* ``flat``: the base-year amount.

A row moves with its driver at the elasticity of the first projection rule that selects it
(constant-elasticity driver model, as in the GAINS activity projections and LEAP's "growth as
elasticity"): ``A[row,y] = A[row,base] · (D[r,y] / D[r,base]) ** e``. Vehicle stocks follow a
fleet turnover instead: the stock of a vehicle type grows with its driver at elasticity e, each
standard listed with an annual survival rate s keeps ``A·s^(y − base)`` of its base stock, and the
newest standard (``china6``) takes the rest (never below zero). A row no rule selects is an error:
no activity is projected by default.
"""

from __future__ import annotations

import fnmatch
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.errors import InputError

DRIVERS = ("gdp", "population", "flat")
NEWEST_STANDARD = "china6"


@dataclass(frozen=True)
class ProjectionRule:
    """Selects ledger rows (``kind``, ``category`` prefix, ``activity`` as a shell pattern such as
    ``*_sewage_volume``; None = any) and says how
    they move: ``driver`` in :data:`DRIVERS`, ``elasticity`` to it, and for vehicle stocks
    ``survival`` {standard: annual survival rate} (a fleet turnover). ``where`` names the
    scenario key (for messages); ``name`` identifies the rule in outputs."""

    name: str
    driver: str
    elasticity: float = 1.0
    kind: str | None = None
    category: str | None = None
    activity: str | None = None
    survival: dict[str, float] = field(default_factory=dict)
    where: str = "projection"

    def selects(self, kind: str, category: str, activity: str) -> bool:
        if self.kind is not None and kind != self.kind:
            return False
        if self.category is not None and not (category == self.category
                                              or category.startswith(self.category + ".")):
            return False
        if self.activity is not None:
            return fnmatch.fnmatchcase(activity, self.activity)
        return True


def drivers(gdp: pd.DataFrame, population_growth: float, regions: list[str], base_year: int,
            years: list[int]) -> dict[str, np.ndarray]:
    """Driver ratios D[r,y]/D[r,base] as arrays [R, T] (T = base year + model years):
    ``gdp`` from ``gdp`` (``region, year, value``, the projected real GDP of
    :func:`model.baseline.project_gdp`), ``population`` from the growth rate, ``flat`` ones."""
    T = [base_year, *years]
    g = gdp.set_index(["region", "year"])["value"]
    gdp_ratio = np.array([[float(g[(r, t)]) / float(g[(r, base_year)]) for t in T]
                          for r in regions])
    pop = np.array([[(1.0 + population_growth) ** (t - base_year) for t in T] for _ in regions])
    return {"gdp": gdp_ratio, "population": pop, "flat": np.ones((len(regions), len(T)))}


def project(rows: pd.DataFrame, rules: list[ProjectionRule], ratios: dict[str, np.ndarray],
            regions: list[str], base_year: int, years: list[int]) -> tuple[np.ndarray, list[str]]:
    """Amounts [row, T] of the ledger ``rows`` (``region, category, activity, amount, kind``)
    in the base year and every model year, and the name of the rule that moved each row.

    Raises InputError naming a row no rule selects, a driver not in :data:`DRIVERS`, or a
    survival rate outside (0, 1]."""
    T = [base_year, *years]
    dt = np.array([t - base_year for t in T], dtype=float)
    ri = {r: i for i, r in enumerate(regions)}
    out = np.zeros((len(rows), len(T)))
    used: list[str] = []
    fleets: dict[tuple[str, str, str], list[int]] = {}
    for i, (region, cat, act, amount, kind) in enumerate(
            rows[["region", "category", "activity", "amount", "kind"]].itertuples(index=False)):
        rule = next((p for p in rules if p.selects(kind, cat, act)), None)
        if rule is None:
            raise InputError("scenario key projection", f"no rule for the {kind} row "
                             f"{region} {cat} {act}",
                             "a projection rule that selects it (kind, category or activity)")
        if rule.driver not in DRIVERS:
            raise InputError(f"{rule.where}.driver", repr(rule.driver), f"one of {list(DRIVERS)}")
        used.append(rule.name)
        ratio = ratios[rule.driver][ri[region]] ** rule.elasticity
        if rule.survival:
            vtype, _, std = act.rpartition(".")
            fleets.setdefault((rule.name, region, vtype), []).append(i)
            out[i] = amount * ratio  # replaced below for the turnover
        else:
            out[i] = amount * ratio
    for (name, region, vtype), idx in fleets.items():
        rule = next(p for p in rules if p.name == name)
        for std, s in rule.survival.items():
            if not 0.0 < s <= 1.0 or math.isnan(s):
                raise InputError(f"{rule.where}.survival.{std}", repr(s),
                                 "an annual survival rate in (0, 1]")
        total = sum(rows["amount"].iloc[i] for i in idx) * \
            ratios[rule.driver][ri[region]] ** rule.elasticity
        newest = [i for i in idx if rows["activity"].iloc[i].endswith("." + NEWEST_STANDARD)]
        if not newest:
            raise InputError(rule.where, f"no {vtype}.{NEWEST_STANDARD} row for {region}",
                             "a row of the newest standard to take the fleet's growth")
        kept = np.zeros(len(T))
        for i in idx:
            std = rows["activity"].iloc[i].rpartition(".")[2]
            if i in newest:
                continue
            s = rule.survival.get(std, 1.0)
            out[i] = rows["amount"].iloc[i] * s ** dt
            kept += out[i]
        out[newest[0]] = np.maximum(total - kept, 0.0)
    return out, used
