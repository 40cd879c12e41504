"""Marginal abatement cost curves over the catalogue's full potential, one per target.

The run's measures.csv holds only what the LP chose. A true MAC curve shows every measure the
catalogue offers, so the report re-derives the scenario (:func:`derive_full`: the scenario file
and overrides of the manifest through :func:`model.pipeline.prepare` and
:func:`model.lp.index.index`, only if every input still has the hash the run recorded) and,
for each target row (:func:`mac_for_target`):

* **width** — what the measure delivers toward the target in the target's year at its full
  potential reachable by then (the potential, less what the uptake cap ``max_build_share``
  lets be built since the base year): Σ_r effect[m,q,r,y] · units[m,r,y] in the target's
  unit (t, t CO2, tce; for a service level, percentage points of the city's total:
  100 · Σ_r effect · units / Σ_r total). A load-reduction target counts only eligible
  (key-project) measures, as the LP does; measures whose effect on q is ≤ 0 (they raise it)
  are listed apart, not drawn.
* **pools** — members of a pool (one boiler is electrified *or* converted to gas) share the
  pool's capacity: members are taken in order of cost per unit of the target's quantity and each
  gets what the earlier ones left, county by county, so the curve never counts one source twice.
* **height** — net annual cost per unit delivered in that year: (CRF(r, life) · capital per
  unit built (with the early-replacement purchase term) + O&M + energy bought − energy saved −
  other savings) × the units / the width, through :func:`model.lp.families.objective.
  annual_cost` (the LP's own arithmetic). A measure serving several targets carries its whole
  cost on each curve (no allocation), so a height is an upper bound of that target's share.
* **chosen** — the part of the width the run built: Σ_r effect · level (measures.csv) / width.

The shadow price of a binding target is set by the measure at its margin (targets.csv
``marginal_measure``); on the curve it is the step whose height equals the price when that
measure serves this target alone, and lies below the price when it also earns credit on
another binding target.

Kesicki & Ekins (2012), Climate Policy 12(2), doi:10.1080/14693062.2011.582347, on the
construction of and caveats to "McKinsey" MAC curves.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.lp import kinds
from model.lp.data import ModelData
from model.lp.index import Indexed
from model.report.tables import Results, input_path

log = logging.getLogger(__name__)

#: Widths at or below this (target units) count as "no contribution".
MIN_REDUCTION = 1e-6
MAC_COLUMNS = ["measure", "family", "eligible", "pool", "potential", "unit", "reduction",
               "annual_cost", "cost_per_unit", "chosen_reduction", "chosen_share", "x_start",
               "x_end"]


@dataclass(frozen=True)
class FullPotential:
    """The scenario re-derived for the report: ``ix`` (:class:`model.lp.index.Indexed`) and
    ``data`` (ModelData), or None with ``reason``."""

    ix: Indexed | None
    data: ModelData | None
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.ix is not None


def changed_inputs(manifest: dict) -> list[str]:
    """Inputs (manifest ``inputs``) missing or with another SHA-256 than the run recorded."""
    out = []
    for rel, digest in (manifest.get("inputs") or {}).items():
        p = input_path(manifest, rel)
        if not p.is_file() or hashlib.sha256(p.read_bytes()).hexdigest() != digest:
            out.append(rel)
    return out


def derive_full(res: Results) -> FullPotential:
    """Re-derive the run's scenario (its file and overrides) for the full-potential curves.

    Returns ``FullPotential(None, None, reason)`` — never raises — when the manifest names no
    scenario file or inputs, an input is missing or changed since the run, or the scenario no
    longer derives (the reason names which).
    """
    m = res.manifest
    scen = m.get("scenario_file")
    if not scen or not m.get("inputs"):
        return FullPotential(None, None, "the manifest names no scenario file and inputs")
    changed = changed_inputs(m)
    if changed:
        from model.errors import summarise

        return FullPotential(None, None, "inputs changed or missing since the run: "
                             + summarise(changed, limit=3))
    from model.errors import PeakplanError

    try:
        from model.lp.index import index
        from model.pipeline import prepare
        from model.scenario import load_scenario

        prep = prepare(load_scenario(scen, list(m.get("overrides") or [])))
        data = prep.data
        return FullPotential(index(data), data)
    except PeakplanError as exc:
        return FullPotential(None, None, f"the scenario does not derive now ({exc})")


def reachable(ix, yi: int) -> np.ndarray:
    """Units [M, R] that can be in operation in model year position ``yi``: the potential,
    limited by the uptake cap (``max_build_share`` of that year's potential per calendar year
    since the base year, a mandated floor above it winning: the LP's column bound,
    :func:`model.lp.families.capacity.column_bounds`)."""
    pot = ix.potential[:, :, yi].astype(float)
    floor = ix.floor[:, :, yi].astype(float)
    share = np.asarray(ix.max_build_share, dtype=float)
    span = float(ix.years[yi] - ix.base_year)
    limit = np.maximum(floor, share[:, None] * span * pot)
    return np.where(np.isnan(share)[:, None], pot, np.minimum(pot, limit))


def _allocate(ix, order: list[int], yi: int) -> np.ndarray:
    """Units [M, R] reachable in year position ``yi`` (:func:`reachable`), pool members in
    ``order`` taking what the earlier members of their pool left."""
    units = reachable(ix, yi).copy()
    if not len(ix.pools):
        return units
    rank = {m: k for k, m in enumerate(order)}
    for p in range(len(ix.pools)):
        members = [int(m) for m in np.flatnonzero(ix.pool_share[p] > 0)]
        members.sort(key=lambda m: rank.get(m, len(rank) + m))
        left = ix.pool_capacity[p, :, yi].astype(float).copy()
        for m in members:
            share = float(ix.pool_share[p, m])
            units[m] = np.minimum(units[m], np.maximum(left, 0.0) / share)
            left = left - share * units[m]
    return units


def _cost(ix, units: np.ndarray, yi: int) -> np.ndarray:
    """Net annual cost [M, R] (CNY/yr) of ``units`` built in year ``yi`` and operating then."""
    from model.lp.families.objective import annual_cost

    x = np.zeros_like(ix.potential, dtype=float)
    x[:, :, yi] = units
    return annual_cost(ix, x, x)["net"][:, :, yi]


def _delivered(ix, q: str, kind: str, yi: int, units: np.ndarray,
               target: str | None = None) -> np.ndarray:
    """What ``units`` [M, R] deliver toward a target on ``q`` [M] in its unit (a kind with its
    own row coefficients, e.g. ``concentration`` in ug/m3, through its ``row_effect``)."""
    k = kinds.KINDS.get(kind)
    if k is not None and k.row_effect is not None and target is not None:
        info = ix.targets.set_index("target").loc[target]
        coef = k.row_effect(ix, pd.Series({**info.to_dict(), "target": target}),
                            int(ix.years[yi]))
        return (coef * units).sum(axis=1)
    per = ix.effect[:, ix.q(q), :, yi] * units  # [M, R]
    out = per.sum(axis=1)
    if k is not None and k.service:  # percentage points of the service total
        total = float(ix.baseline[:, ix.t(ix.years[yi]), ix.q(q + ":total")].sum())
        out = 100.0 * out / total if total > 0 else np.zeros_like(out)
    if k is not None and k.counts is not None:  # only the measures that count (eligible)
        out = np.where(k.counts(ix), out, 0.0)
    return out


def _service_room(ix, q: str, yi: int, units: np.ndarray, order: list[int]) -> np.ndarray:
    """Units [M, R] cut so that the service never passes its total in a region (the LP's
    service caps, ``lp/families/service_caps.py``): measures in ``order`` fill the room
    ``total - served`` of each region in turn, so a service level's curve ends at 100 %."""
    t = ix.t(ix.years[yi])
    room = np.maximum(ix.baseline[:, t, ix.q(q + ":total")]
                      - ix.baseline[:, t, ix.q(q)], 0.0).astype(float)
    eff = ix.effect[:, ix.q(q), :, yi]  # [M, R] served per unit
    out = units.copy()
    for m in order:
        pos = eff[m] > 0
        if not pos.any():
            continue
        take = np.where(pos, np.minimum(eff[m] * out[m], room), 0.0)
        out[m] = np.where(pos, take / np.where(pos, eff[m], 1.0), out[m])
        room = room - take
    return out


def requirement(ix, target: pd.Series) -> float | None:
    """The reduction (target units; pp for a service) the target asks beyond the baseline in
    its year, or None for kinds where it is not one number (peak: a ratio of two years)."""
    q, y = target["quantity"], int(target["year"])
    k = kinds.KINDS.get(str(target["kind"]))
    if k is None or q not in ix.quantities or y not in ix.years:
        return None
    return k.requirement(ix, target)  # the kind's own (model.lp.kinds.<kind>)


def mac_for_target(res: Results, full: FullPotential, target: pd.Series
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(curve, raising): the full-potential MAC of one target row (module docstring).

    ``curve`` has :data:`MAC_COLUMNS`, sorted by ``cost_per_unit`` (ties by measure id), with
    ``unit`` the measure's unit of application and ``reduction``/``chosen_reduction`` in the
    target's unit; ``raising`` lists measures (``measure, reduction``) whose full potential
    moves the target's quantity the wrong way (negative reduction). Both empty if the target's
    quantity or year is not in the derived scenario.
    """
    ix = full.ix
    kind, q, y = str(target["kind"]), str(target["quantity"]), int(target["year"])
    empty = pd.DataFrame(columns=MAC_COLUMNS), pd.DataFrame(columns=["measure", "reduction"])
    if ix is None or q not in ix.quantities or y not in ix.years:
        return empty
    yi = ix.years.index(y)
    # order for the pools: cost per unit of q at the (unpooled) full potential
    pot = reachable(ix, yi)
    tid = str(target["target"])
    red0 = _delivered(ix, q, kind, yi, pot, tid)
    cost0 = _cost(ix, pot, yi).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        cpu0 = np.where(red0 > MIN_REDUCTION, cost0 / red0, np.inf)
    order = sorted(range(len(ix.measures)), key=lambda m: (cpu0[m], ix.measures[m]))
    units = _allocate(ix, order, yi)
    if kinds.get(kind).service:
        units = _service_room(ix, q, yi, units, order)
    red = _delivered(ix, q, kind, yi, units, tid)
    cost = _cost(ix, units, yi).sum(axis=1)
    # chosen: the run's levels of that year
    lev = np.zeros_like(units)
    mm = res.measures[res.measures["year"] == y]
    mpos = {k: i for i, k in enumerate(ix.measures)}
    rpos = {k: i for i, k in enumerate(ix.regions)}
    for meas, reg, level in zip(mm["measure"], mm["region"], mm["level"], strict=True):
        if meas in mpos and reg in rpos:
            lev[mpos[meas], rpos[reg]] += float(level)
    chosen = _delivered(ix, q, kind, yi, lev, tid)
    info = ix.measure_info
    pool_of = {}
    for p, name in enumerate(ix.pools):
        for m in np.flatnonzero(ix.pool_share[p] > 0):
            pool_of[ix.measures[m]] = name
    rows, raising = [], []
    for i, meas in enumerate(ix.measures):
        if red[i] > MIN_REDUCTION:
            rows.append({"measure": meas, "family": info.loc[meas, "family"],
                         "eligible": bool(ix.eligible[i]), "pool": pool_of.get(meas, ""),
                         "potential": float(units[i].sum()), "unit": info.loc[meas, "unit"],
                         "reduction": float(red[i]), "annual_cost": float(cost[i]),
                         "cost_per_unit": float(cost[i] / red[i]),
                         "chosen_reduction": float(max(0.0, min(chosen[i], red[i]))),
                         "chosen_share": float(max(0.0, min(1.0, chosen[i] / red[i])))})
        elif red[i] < -MIN_REDUCTION:
            raising.append({"measure": meas, "reduction": float(red[i])})
    curve = pd.DataFrame(rows, columns=[c for c in MAC_COLUMNS if c not in ("x_start",
                                                                              "x_end")])
    curve = curve.sort_values(["cost_per_unit", "measure"]).reset_index(drop=True)
    curve["x_end"] = curve["reduction"].cumsum()
    curve["x_start"] = curve["x_end"] - curve["reduction"]
    return curve[MAC_COLUMNS], pd.DataFrame(raising, columns=["measure", "reduction"])


def chosen_mac(res: Results, quantity: str, year: int | None = None) -> pd.DataFrame:
    """Fallback curve from measures.csv alone (chosen measures only, no catalogue): per measure
    Σ annual_cost / Σ reduction_<quantity> over counties, in :data:`MAC_COLUMNS`
    (``chosen_share`` 1, potential = the level built). Empty if measures.csv has no
    ``reduction_<quantity>`` column."""
    col = f"reduction_{quantity}"
    if col not in res.measures.columns:
        return pd.DataFrame(columns=MAC_COLUMNS)
    year = res.last_year if year is None else int(year)
    sub = res.measures[res.measures["year"] == year]
    g = sub.groupby(["measure", "family", "unit"], as_index=False)[
        ["annual_cost", col, "level"]].sum()
    g = g[g[col] > MIN_REDUCTION].copy()
    g = g.rename(columns={col: "reduction", "level": "potential"})
    g["eligible"] = True
    g["pool"] = ""
    g["cost_per_unit"] = g["annual_cost"] / g["reduction"]
    g["chosen_reduction"] = g["reduction"]
    g["chosen_share"] = 1.0
    g = g.sort_values(["cost_per_unit", "measure"]).reset_index(drop=True)
    g["x_end"] = g["reduction"].cumsum()
    g["x_start"] = g["x_end"] - g["reduction"]
    return g[MAC_COLUMNS]
