"""Objective: least discounted cost in constant base-year CNY (DESIGN.md §4).

``min Σ_{m,r,v} K[m,r,v] · build[m,r,v] + Σ_{m,r,y} W[y] · o[m,r,y] · x[m,r,y]``

* ``W[y] = Σ_{t=y}^{y+w[y]-1} (1+ρ)^-(t - base)``: each model year is weighted by the calendar
  years it stands for, each discounted to the base year;
* ``o[m,r,y]`` = om + energy added − energy avoided − other savings (CNY per unit per yr);
* ``K[m,r,v] = A[m] · C[m,r,v] · Σ_y a[m,v,y] · W[y]``, A the annuity (CRF(ρ, L[m]); 1 + ρ − s
  for capacity retiring at survival s), a the share still in operation, C the capital per unit
  (for a replacement brought forward by k years, purchase·(1 − (1+ρ)^−k) added,
  :attr:`model.lp.index.Indexed.effective_capital`): the capital of a
  vintage is paid as an annuity over the model years it operates (so capacity that retires
  stops costing, and an annuity beyond the horizon is not charged — the standard treatment of
  end effects with annualised capital, e.g. TIMES/MESSAGE salvage by annuities).

The annuity is recomputed from ρ whenever the discount rate changes (issue #6: annuities follow
the discount rate wherever it changes). Shadow prices divide duals of a year-y row by df[y],
so they are undiscounted CNY of year y per unit (:mod:`model.lp.solve`).
"""

from __future__ import annotations

import numpy as np

from model.lp.index import Indexed
from model.lp.structure import Columns


def capital_pv(ix: Indexed) -> np.ndarray:
    """K[m, r, v] (module docstring), [M,R,Y] CNY per unit built."""
    W = ix.period_pv
    active = ix.active()  # [M, V, Y]
    life_pv = (active * W[None, None, :]).sum(axis=2)  # [M, V]
    out: np.ndarray = ix.annuity[:, None, None] * ix.effective_capital * life_pv[:, None, :]
    return out


def cost_vector(ix: Indexed, cols: Columns) -> np.ndarray:
    """Objective coefficients of the x and build columns (length ``cols.n``). With
    ``ix.objective == "deployment"`` (mtfr): ``−w[y] · x[m,r,y] / max_y potential[m,r,y]``, the
    most capacity every measure reaches, each measure counted as a share of its potential."""
    c = np.zeros(cols.n)
    m, r, y = np.nonzero(cols.x >= 0)
    if ix.objective == "deployment":
        top = np.where(ix.applicable[:, :, None], ix.potential, 0.0).max(axis=2)
        scale = np.where(top[m, r] > 0, top[m, r], 1.0)
        c[cols.x[m, r, y]] = -ix.weight[y] / scale
        return c
    c[cols.x[m, r, y]] = ix.period_pv[y] * ix.opex[m, r, y]
    c[cols.build[m, r, y]] = capital_pv(ix)[m, r, y]
    return c


def annual_cost(ix: Indexed, x: np.ndarray, build: np.ndarray) -> dict[str, np.ndarray]:
    """Undiscounted cost items per (m, r, y), CNY/yr, of a plan (x, build [M,R,Y]):
    ``capital`` = Σ_v active annuities CRF·capital[v]·build[v]; ``om``, ``energy_added``,
    ``energy_avoided``, ``other_savings`` = item × x; ``gross`` = capital + om + energy_added;
    ``savings`` = energy_avoided + other_savings; ``net`` = gross − savings."""
    active = ix.active()  # [M, V, Y]
    annuity = ix.annuity[:, None, None] * ix.effective_capital * build  # [M, R, V]
    cap = np.einsum("mrv,mvy->mry", annuity, active)
    out = {"capital": cap, "om": ix.om * x, "energy_added": ix.energy_added * x,
           "energy_avoided": ix.energy_avoided * x, "other_savings": ix.other_savings * x}
    out["gross"] = out["capital"] + out["om"] + out["energy_added"]
    out["savings"] = out["energy_avoided"] + out["other_savings"]
    out["net"] = out["gross"] - out["savings"]
    return out
