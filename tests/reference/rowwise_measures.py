"""The row-by-row derivation of the measures (pandas, one (measure, county, year) at a time), kept
as the reference the compiled derivation (:mod:`model.projection.compiled`) is tested against on
random samples (issue #15 item 1: "compare every array with the old pandas path on random samples
until the old path is removed"). This is the code ``peakplan run`` used until the compiled
derivation replaced it (main b7f4b49, ``model/projection/measures.py``); it is not part of the
model."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.accounting.ledger import NON_FOSSIL, Ledger
from model.errors import InputError
from model.projection import measures as mm
from model.projection.catalogue import CatalogueTables
from model.units import convert


def _add(eff: dict[str, float], coef: dict[str, float], delta: float) -> None:
    """Reduction convention: an emission or energy quantity falls by −Δ·c; a service rises."""
    for q, c in coef.items():
        if q in mm.SERVICES:
            eff[q] = eff.get(q, 0.0) + delta * c
        elif q.endswith(":total"):
            continue
        else:
            eff[q] = eff.get(q, 0.0) - delta * c


def source_amount(ctx: mm._Context, m: pd.Series, name: str, region: str, year: int) -> float:
    """The amount of m's source in (region, year), in m's source unit (module docstring)."""
    t = ctx.T[year]
    cats = [c.strip() for c in str(m["source_category"]).split(";") if c.strip()]
    act, unit = str(m["source_activity"]).strip(), str(m["source_unit"]).strip()
    where = f"measure {name!r} source"
    if cats == ["service"]:
        served = mm.TOTALS.get(act)
        if served is None and act not in mm.SERVICES:
            raise InputError(f"catalogue measures.csv measure {name!r} column "
                             "'source_activity'", repr(act),
                             f"a service indicator: {sorted(mm.SERVICES | set(mm.TOTALS))}")
        own = ctx.source_rows(region, ["service"], act)
        amount = float(ctx.amount_in(own, t, unit, where).sum()) if len(own) else 0.0
        if served is not None:  # a total: the part not yet served
            srv = ctx.source_rows(region, ["service"], served)
            amount -= float(ctx.amount_in(srv, t, unit, where).sum()) if len(srv) else 0.0
        return max(amount, 0.0)
    idx = ctx.source_rows(region, cats, act)
    return float(ctx.amount_in(idx, t, unit, where).sum()) if len(idx) else 0.0



def _spread(ctx: mm._Context, name: str, m: pd.Series, region: str, year: int, category: str,
            activity: str) -> list[tuple[str, str, float]]:
    """(category, activity, weight) rows a change of category ``source`` or activity
    ``<type>.*`` is spread over, by year-y amounts (weights sum to 1)."""
    t = ctx.T[year]
    if category == "source":
        cats = [c.strip() for c in str(m["source_category"]).split(";") if c.strip()]
    else:
        cats = [category]
    if category != "source" and not activity.endswith(".*"):
        return [(category, activity, 1.0)]
    idx = ctx.source_rows(region, cats, activity)
    amt = ctx.amounts[idx, t] if len(idx) else np.zeros(0)
    if not len(idx) or amt.sum() <= 0:
        if category == "source" and len(cats) == 1 and not activity.endswith(".*"):
            return [(cats[0], activity, 1.0)]
        return []
    w = amt / amt.sum()
    r = ctx.rows
    return [(r["category"].iloc[i], r["activity"].iloc[i], float(wi)) for i, wi in zip(idx, w,
                                                                                         strict=True)]



def effects_and_energy_cost(ctx: mm._Context, name: str, m: pd.Series, changes: pd.DataFrame,
                            prices: pd.DataFrame, region: str, year: int
                            ) -> tuple[dict[str, float], float, float]:
    """(effect per unit {quantity: value}, energy bought CNY/yr, energy saved CNY/yr) of one
    unit of measure ``name`` in (region, year); module docstring."""
    eff: dict[str, float] = {}
    bought = saved = 0.0
    spu = float(m["source_per_unit"])
    for _, ch in changes.iterrows():
        kind, cat, act = ch["change"], str(ch["category"]).strip(), str(ch["activity"]).strip()
        unit, v = str(ch["unit"]).strip(), float(ch["value"])
        if kind == "activity":
            parts = _spread(ctx, name, m, region, year, cat, act)
            for c, a, w in parts:
                coef = mm._coef(ctx, name, region, c, act if not act.endswith(".*") else a, unit,
                             row=ch["_row"])
                _add(eff, coef, v * w)
                if "electricity" in coef:
                    eff["energy"] = eff.get("energy", 0.0) - v * w * coef["electricity"] * \
                        ctx.marginal[year]
                if c == "generation" and a in NON_FOSSIL:
                    eff["energy"] = eff.get("energy", 0.0) - v * w * coef[
                        "electricity_generation"] * ctx.gen_marginal[year]
                if c.startswith("1.A") and "." not in a and a != "*":
                    cost = v * w * mm._price(ctx, prices, a, c, year, unit, name)
                    bought, saved = (bought + cost, saved) if cost > 0 else (bought, saved - cost)
        elif kind == "abatement":
            share = float(v)
            if not 0 < share <= 1:
                raise InputError(f"catalogue changes.csv row {ch['_row']} column 'value'",
                                 repr(v), "an abated share in (0, 1]")
            src_cat = cat if cat != "source" else None
            for c, a, w in _spread(ctx, name, m, region, year, cat if src_cat else "source",
                                   act):
                coef = mm._coef(ctx, name, region, c, a, str(m["source_unit"]), row=ch["_row"])
                g = ch["gas"]
                if g not in coef:
                    raise InputError(f"catalogue changes.csv row {ch['_row']}",
                                     f"abatement of {g} on {c} {a}, which emits no {g}",
                                     f"a gas the source emits: {sorted(coef)}")
                eff[g] = eff.get(g, 0.0) + share * spu * w * coef[g]
        elif kind == "service":
            coef = mm._coef(ctx, name, region, "service", act, unit, row=ch["_row"])
            _add(eff, coef, v)
        elif kind == "removal":
            credit = -mm._coef(ctx, name, region, "service", act, unit,
                            row=ch["_row"]).get(ch["gas"], 0.0)
            removal = ctx.ledger.removal(region, act, ch["gas"])
            if credit and removal > 0:
                eff[ch["gas"]] = eff.get(ch["gas"], 0.0) + v * credit / removal
        elif kind == "activity_mix":
            cats = [c.strip() for c in str(m["source_category"]).split(";") if c.strip()] \
                if cat == "source" else [cat]
            idx = ctx.source_rows(region, cats, act if act else "*")
            tce = ctx.amount_in(idx, ctx.T[year], "tce", name)
            if tce.sum() <= 0:
                continue
            delta_tce = convert(v, unit, "tce", f"catalogue changes.csv row {ch['_row']}")
            for i, e in zip(idx, tce, strict=True):
                row = ctx.rows.iloc[i]
                coef = mm._coef(ctx, name, region, row["category"], row["activity"], row["unit"],
                             row["use"])
                per = ctx.tce_per(i, name)
                if per <= 0:
                    continue
                d = delta_tce * (e / tce.sum()) / per  # in the row's unit
                _add(eff, coef, d)
                if "electricity" in coef:
                    eff["energy"] = eff.get("energy", 0.0) - d * coef["electricity"] * \
                        ctx.marginal[year]
                cost = d * mm._price(ctx, prices, row["activity"], row["category"], year,
                                  row["unit"], name)
                bought, saved = (bought + cost, saved) if cost > 0 else (bought, saved - cost)
    return eff, bought, saved



def _share_points(rows: pd.DataFrame, col: str) -> dict[str, list[tuple[int, float]]]:
    """{region ('' = every county): sorted (year, share)} of one measure's potential rows."""
    out: dict[str, list[tuple[int, float]]] = {}
    for r, y, v in zip(rows["region"], rows["year"], rows[col], strict=True):
        out.setdefault(r, []).append((int(y), float(v)))
    return {r: sorted(p) for r, p in out.items()}


def _share(points: dict[str, list[tuple[int, float]]], region: str, year: int,
           base_year: int) -> float:
    """Share in ``year``: the region's rows (else every-county rows), linear between the years
    given, from 0 at the base year, constant after the last."""
    pts = points.get(region) or points.get("")
    if not pts:
        return 0.0
    xs = [base_year] + [p[0] for p in pts]
    vs = [0.0] + [p[1] for p in pts]
    if year >= xs[-1]:
        return vs[-1]
    return float(np.interp(year, xs, vs))



def derive(cat: CatalogueTables, ledger: Ledger, amounts: np.ndarray, years: list[int],
           base_year: int, survival: dict[str, float] | None = None) -> mm.DerivedMeasures:
    """The catalogue's ModelData parts (module docstring). Raises InputError naming the
    measure on a change the factor library cannot account for, a missing price or a shared pool
    without a source. A measure that pays for itself is never refused: :func:`self_paying`
    reports it as no-regret."""
    ctx = mm._Context(ledger, amounts, years, base_year)
    regions = ledger.regions
    eff_rows, bound_rows, cost_rows, src_rows, lag_rows = [], [], [], [], []
    costs = cat.costs
    for name, m in cat.measures.iterrows():
        ch = cat.changes[cat.changes["measure"] == name]
        pot = cat.potentials[cat.potentials["measure"] == name]
        p_pts, f_pts = _share_points(pot, "potential_share"), _share_points(pot, "floor_share")
        items = mm._cost_table(costs, name)
        spu = float(m["source_per_unit"])
        for r in regions:
            amounts_r = {y: source_amount(ctx, m, name, r, y) for y in years}
            shares = {y: (_share(p_pts, r, y, base_year), _share(f_pts, r, y, base_year))
                      for y in years}
            if all(amounts_r[y] * shares[y][0] <= 0 for y in years):
                continue
            lag_rows += mm.lagged_effects(ctx, name, m, ch, r)
            for y in years:
                src_rows.append((name, r, y, amounts_r[y]))
                bound_rows.append((name, r, y, shares[y][1] * amounts_r[y] / spu,
                                   shares[y][0] * amounts_r[y] / spu))
                eff, bought, saved = effects_and_energy_cost(ctx, name, m, ch, cat.prices, r, y)
                eff_rows += [(name, q, r, y, v) for q, v in eff.items() if v != 0.0]
                cost_rows += [(name, r, y, "energy_added", bought),
                              (name, r, y, "energy_avoided", saved)]
                cost_rows += [(name, r, y, item, v) for item, v in mm._cost_items(items, y)]
    measures = mm._measure_table(cat)
    bounds = pd.DataFrame(bound_rows, columns=["measure", "region", "year", "floor", "potential"])
    effects = pd.DataFrame(eff_rows, columns=["measure", "quantity", "region", "year", "value"])
    cost_df = pd.DataFrame(cost_rows, columns=["measure", "region", "year", "item", "value"])
    cost_df = cost_df[cost_df["value"] != 0.0].reset_index(drop=True)
    src = pd.DataFrame(src_rows, columns=["measure", "region", "year", "amount"])
    measures["survival"] = [float((survival or {}).get(m, np.nan)) for m in measures.index]
    pools, members = _pools(cat, src, years, base_year)
    lags = pd.DataFrame(lag_rows, columns=["measure", "quantity", "region", "age", "value"])
    return mm.DerivedMeasures(measures=measures, effects=effects, bounds=bounds, costs=cost_df,
                           pools=pools, pool_members=members, source_amount=src, lags=lags)



def _pools(cat: CatalogueTables, src: pd.DataFrame, years: list[int], base_year: int
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    m = cat.measures
    members = [(p, name, float(row["source_per_unit"])) for name, row in m.iterrows()
               if (p := row["pool"])]
    rows = []
    for pool, grp in m[m["pool"] != ""].groupby("pool"):
        spec = cat.pools[cat.pools["pool"] == pool]
        first = grp.index[0]
        for r in sorted(set(src.loc[src["measure"].isin(grp.index), "region"])):
            for y in years:
                a = src[(src["measure"] == first) & (src["region"] == r) & (src["year"] == y)]
                amount = float(a["amount"].iloc[0]) if len(a) else 0.0
                with_year = spec[spec["year"] == y]
                s = with_year if len(with_year) else spec[spec["year"].isna()]
                share = float(s["capacity_share"].iloc[0]) if len(s) else 1.0
                rows.append((pool, r, y, share * amount))
    pools = pd.DataFrame(rows, columns=["pool", "region", "year", "capacity"])
    # a pool none of whose members applies anywhere (every potential 0) has no rows and
    # binds nothing: its members are left out with it (else 'unknown pool')
    members = [mm for mm in members if mm[0] in set(pools["pool"])]
    return pools, pd.DataFrame(members, columns=["pool", "measure", "share"])


