"""Measures derived from the catalogue, the ledger and the projected activity (pure functions).

For measure m, county r and model year y (units: the measure's unit of application):

* **effect** per unit (positive = less of an emission or energy quantity, more of a service):
  the sum over m's physical changes (:mod:`model.projection.catalogue`) of
  - ``activity`` Δa of (category, activity): ``−Δa · c[q]`` with c the ledger coefficients
    (:meth:`model.accounting.ledger.Ledger.coefficients`, the inventory's factors), for
    category ``source`` spread over the measure's source rows by their year-y amounts and for
    ``<type>.*`` over the stock of each standard; electricity used and non-fossil electricity
    generated (category ``generation``) also move the assessed energy by the marginal
    non-fossil deduction of year y (:meth:`~model.accounting.ledger.Ledger.electricity_marginal`,
    :meth:`~model.accounting.ledger.Ledger.generation_marginal`);
  - ``abatement`` η of gas g: ``η · source_per_unit · c_source[g]``;
  - ``service`` Δs of a served indicator: +Δs on the indicator and ``Δs · credit[g]`` on COD and
    NH3-N (the load the service removes per unit, as the inventory counts it);
  - ``removal`` Δρ of gas g: ``Δρ · influent[g]`` per unit served (the influent = credit / ρ);
  - ``activity_mix`` Δ tce: spread over the source's fuel rows by their tce shares.
* **potential** = potential_share[y] × source amount[r, y] / source_per_unit, **floor** likewise
  with floor_share; source amount = the projected activity of the source rows (for a service
  source given by its total, the part not yet served).
* **costs** per unit: capital (by vintage), om + barrier, other savings, the energy the changes
  buy (energy_added) or save (energy_avoided) at the catalogue's prices, and for a replacement
  brought forward by k years ``purchase`` (capital = purchase·(1 − (1+r)^−k) + residual,
  annuitised over k years in the LP: :class:`model.lp.data.ModelData`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.accounting.ledger import NON_FOSSIL, Ledger
from model.errors import InputError
from model.projection.catalogue import CatalogueTables
from model.services import SERVICE_TOTALS
from model.units import convert

SERVICES = set(SERVICE_TOTALS)
TOTALS = {t: s for s, t in SERVICE_TOTALS.items()}


@dataclass(frozen=True)
class DerivedMeasures:
    """ModelData parts of the catalogue: ``measures`` (indexed by measure), ``effects``
    (measure, quantity, region, year, value), ``bounds``, ``costs`` (measure, region, year, item,
    value), ``pools``, ``pool_members``, and ``source_amount`` (measure, region, year, amount in
    the measure's source unit) for checks and reports."""

    measures: pd.DataFrame
    effects: pd.DataFrame
    bounds: pd.DataFrame
    costs: pd.DataFrame
    pools: pd.DataFrame
    pool_members: pd.DataFrame
    source_amount: pd.DataFrame


def _matches(category: str, prefixes: list[str]) -> bool:
    return any(category == p or category.startswith(p + ".") for p in prefixes)


def _act_match(activity: str, pattern: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return activity.startswith(pattern[:-1]) and not activity.endswith(".electric")
    return activity == pattern


class _Context:
    """Ledger, projected amounts and year index shared by the derivation."""

    def __init__(self, ledger: Ledger, amounts: np.ndarray, years: list[int], base_year: int):
        self.ledger = ledger
        self.rows = ledger.rows
        self.amounts = amounts
        self._rows_cache: dict[tuple, np.ndarray] = {}
        self._coef_cache: dict[tuple, dict[str, float]] = {}
        self._unit_cache: dict[tuple, float] = {}
        self.prices: dict[tuple, float] = {}
        self._by_region = {r: np.flatnonzero((self.rows["region"] == r).to_numpy())
                           for r in ledger.regions}
        self._cat = self.rows["category"].to_numpy()
        self._act = self.rows["activity"].to_numpy()
        self.T = {y: i for i, y in enumerate([base_year, *years])}
        self.marginal = {y: ledger.electricity_marginal(amounts[:, self.T[y]]) for y in years}
        self.gen_marginal = {y: ledger.generation_marginal(amounts[:, self.T[y]])
                             for y in years}

    def source_rows(self, region: str, categories: list[str], activity: str) -> np.ndarray:
        key = (region, tuple(categories), activity)
        if key not in self._rows_cache:
            idx = self._by_region.get(region, np.zeros(0, dtype=int))
            self._rows_cache[key] = np.array(
                [i for i in idx if _matches(self._cat[i], categories)
                 and _act_match(self._act[i], activity)], dtype=int)
        return self._rows_cache[key]

    def coefficients(self, region, category, activity, unit, use="") -> dict[str, float]:
        key = (region, category, activity, unit, use)
        if key not in self._coef_cache:
            self._coef_cache[key] = self.ledger.coefficients(region, category, activity, unit,
                                                             use)
        return self._coef_cache[key]

    def tce_per(self, i: int, where: str) -> float:
        """Standard coal of one unit of row i as a measure counts it: fuels at their calorific
        value, electricity at the coal equivalent (等价值, GB/T 2589-2020 Appendix A; the basis
        of China's energy-saving statistics and of the catalogue's costs per tce), whatever the
        scenario's ``electricity_equivalence``: a measure's physical unit never moves with an
        accounting convention (the convention moves its effect on assessed energy only)."""
        from model.accounting import factors

        row = self.rows.iloc[i]
        if row["activity"] == "electricity" and str(row["category"]).startswith("1.A"):
            return factors.standard_coal(self.ledger.lib, row["category"], "electricity",
                                         row["unit"], "coal_equivalent", where).value
        c = self.coefficients(row["region"], row["category"], row["activity"], row["unit"],
                              row["use"])
        return c.get("energy_gross", 0.0)

    def _per_unit(self, i: int, unit: str, where: str) -> float:
        """Factor turning row i's amount into ``unit`` (tce: :meth:`tce_per`)."""
        key = (i, unit)
        if key not in self._unit_cache:
            row = self.rows.iloc[i]
            if unit == "tce":
                self._unit_cache[key] = self.tce_per(i, where)
            else:
                self._unit_cache[key] = convert(1.0, row["unit"], unit, where)
        return self._unit_cache[key]

    def amount_in(self, idx: np.ndarray, t: int, unit: str, where: str) -> np.ndarray:
        """Amounts of rows idx in year index t converted to ``unit`` (tce: standard coal)."""
        return np.array([self.amounts[i, t] * self._per_unit(i, unit, where) for i in idx])


def source_amount(ctx: _Context, m: pd.Series, name: str, region: str, year: int) -> float:
    """The amount of m's source in (region, year), in m's source unit (module docstring)."""
    t = ctx.T[year]
    cats = [c.strip() for c in str(m["source_category"]).split(";") if c.strip()]
    act, unit = str(m["source_activity"]).strip(), str(m["source_unit"]).strip()
    where = f"measure {name!r} source"
    if cats == ["service"]:
        served = TOTALS.get(act)
        if served is None and act not in SERVICES:
            raise InputError(f"catalogue measures.csv measure {name!r} column "
                             "'source_activity'", repr(act),
                             f"a service indicator: {sorted(SERVICES | set(TOTALS))}")
        own = ctx.source_rows(region, ["service"], act)
        amount = float(ctx.amount_in(own, t, unit, where).sum()) if len(own) else 0.0
        if served is not None:  # a total: the part not yet served
            srv = ctx.source_rows(region, ["service"], served)
            amount -= float(ctx.amount_in(srv, t, unit, where).sum()) if len(srv) else 0.0
        return max(amount, 0.0)
    idx = ctx.source_rows(region, cats, act)
    return float(ctx.amount_in(idx, t, unit, where).sum()) if len(idx) else 0.0


def _coef(ctx: _Context, name: str, region: str, category: str, activity: str, unit: str,
          use: str = "", row: object = None) -> dict[str, float]:
    try:
        return ctx.coefficients(region, category, activity, unit, use)
    except InputError as exc:
        at = f"catalogue changes.csv row {row}" if row is not None else "catalogue changes.csv"
        raise InputError(f"{at} (measure {name!r})", exc.found, exc.expected,
                         f"at {exc.where}") from None


def _add(eff: dict[str, float], coef: dict[str, float], delta: float) -> None:
    """Reduction convention: an emission or energy quantity falls by −Δ·c; a service rises."""
    for q, c in coef.items():
        if q in SERVICES:
            eff[q] = eff.get(q, 0.0) + delta * c
        elif q.endswith(":total"):
            continue
        else:
            eff[q] = eff.get(q, 0.0) - delta * c


def _spread(ctx: _Context, name: str, m: pd.Series, region: str, year: int, category: str,
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


def _price(ctx: _Context, prices: pd.DataFrame, activity: str, category: str, year: int,
           unit: str, name: str) -> float:
    """CNY per ``unit`` of ``activity`` in ``category`` and ``year`` (longest category prefix;
    a year row beats an every-year row), cached for the derivation. Raises InputError if none."""
    key = (activity, category, year, unit)
    if key not in ctx.prices:
        ctx.prices[key] = _find_price(prices, activity, category, year, unit, name)
    return ctx.prices[key]


def _find_price(prices: pd.DataFrame, activity: str, category: str, year: int, unit: str,
                name: str) -> float:
    best = None
    for _, p in prices[prices["activity"] == activity].iterrows():
        c = str(p["category"]).strip()
        if not (c == "*" or category == c or category.startswith(c + ".")):
            continue
        if p["year"] is not None and p["year"] != year:
            continue
        score = (0 if c == "*" else len(c), p["year"] is not None)
        if best is None or score > best[0]:
            best = (score, p)
    if best is None:
        raise InputError("catalogue prices.csv", f"no price of {activity!r} for category "
                         f"{category} in {year} (measure {name!r})",
                         "a price row (activity, category prefix or *, year or empty)")
    p = best[1]
    return price_in(float(p["value"]), str(p["unit"]), unit,
                    f"catalogue prices.csv row {p['_row']} column 'unit'", activity)


def price_in(value: float, price_unit: str, unit: str, where: str, activity: str = "") -> float:
    """A price of ``value`` ``price_unit`` (CNY per some unit of the activity, e.g. CNY/t) as
    CNY per ``unit`` (the unit the quantity is counted in, e.g. kt or 万吨), through the one
    registry: 700 CNY/t is 700 000 CNY/kt and 0.6 CNY/kWh is 600 CNY/MWh. Raises InputError
    (naming ``where``) if ``price_unit`` is not money per a unit of ``unit``'s dimension."""
    money, _, per = str(price_unit).partition("/")
    try:
        if not per.strip():
            raise InputError(where, repr(price_unit), "CNY/<unit>")
        # money per unit of the price, times units of the price per unit of the quantity
        return value * convert(1.0, money.strip(), "CNY", where) * \
            convert(1.0, unit, per.strip(), where)
    except InputError:
        what = f" of {activity!r}" if activity else ""
        raise InputError(where, f"{price_unit!r} for a price{what} counted in {unit!r}",
                         f"CNY per a unit of the same kind as {unit!r} (e.g. CNY/t, CNY/MWh, "
                         "CNY/m**3)") from None


def effects_and_energy_cost(ctx: _Context, name: str, m: pd.Series, changes: pd.DataFrame,
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
                coef = _coef(ctx, name, region, c, act if not act.endswith(".*") else a, unit,
                             row=ch["_row"])
                _add(eff, coef, v * w)
                if "electricity" in coef:
                    eff["energy"] = eff.get("energy", 0.0) - v * w * coef["electricity"] * \
                        ctx.marginal[year]
                if c == "generation" and a in NON_FOSSIL:
                    eff["energy"] = eff.get("energy", 0.0) - v * w * coef[
                        "electricity_generation"] * ctx.gen_marginal[year]
                if c.startswith("1.A") and "." not in a and a != "*":
                    cost = v * w * _price(ctx, prices, a, c, year, unit, name)
                    bought, saved = (bought + cost, saved) if cost > 0 else (bought, saved - cost)
        elif kind == "abatement":
            share = float(v)
            if not 0 < share <= 1:
                raise InputError(f"catalogue changes.csv row {ch['_row']} column 'value'",
                                 repr(v), "an abated share in (0, 1]")
            src_cat = cat if cat != "source" else None
            for c, a, w in _spread(ctx, name, m, region, year, cat if src_cat else "source",
                                   act):
                coef = _coef(ctx, name, region, c, a, str(m["source_unit"]), row=ch["_row"])
                g = ch["gas"]
                if g not in coef:
                    raise InputError(f"catalogue changes.csv row {ch['_row']}",
                                     f"abatement of {g} on {c} {a}, which emits no {g}",
                                     f"a gas the source emits: {sorted(coef)}")
                eff[g] = eff.get(g, 0.0) + share * spu * w * coef[g]
        elif kind == "service":
            coef = _coef(ctx, name, region, "service", act, unit, row=ch["_row"])
            _add(eff, coef, v)
        elif kind == "removal":
            credit = -_coef(ctx, name, region, "service", act, unit,
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
                coef = _coef(ctx, name, region, row["category"], row["activity"], row["unit"],
                             row["use"])
                per = ctx.tce_per(i, name)
                if per <= 0:
                    continue
                d = delta_tce * (e / tce.sum()) / per  # in the row's unit
                _add(eff, coef, d)
                if "electricity" in coef:
                    eff["energy"] = eff.get("energy", 0.0) - d * coef["electricity"] * \
                        ctx.marginal[year]
                cost = d * _price(ctx, prices, row["activity"], row["category"], year,
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
           base_year: int, survival: dict[str, float] | None = None) -> DerivedMeasures:
    """The catalogue's ModelData parts (module docstring). Raises InputError naming the
    measure on a change the factor library cannot account for, a missing price or a shared pool
    without a source. A measure that pays for itself is never refused: :func:`self_paying`
    reports it as no-regret."""
    ctx = _Context(ledger, amounts, years, base_year)
    regions = ledger.regions
    eff_rows, bound_rows, cost_rows, src_rows = [], [], [], []
    costs = cat.costs
    for name, m in cat.measures.iterrows():
        ch = cat.changes[cat.changes["measure"] == name]
        pot = cat.potentials[cat.potentials["measure"] == name]
        p_pts, f_pts = _share_points(pot, "potential_share"), _share_points(pot, "floor_share")
        items = _cost_table(costs, name)
        spu = float(m["source_per_unit"])
        for r in regions:
            amounts_r = {y: source_amount(ctx, m, name, r, y) for y in years}
            shares = {y: (_share(p_pts, r, y, base_year), _share(f_pts, r, y, base_year))
                      for y in years}
            if all(amounts_r[y] * shares[y][0] <= 0 for y in years):
                continue
            for y in years:
                src_rows.append((name, r, y, amounts_r[y]))
                bound_rows.append((name, r, y, shares[y][1] * amounts_r[y] / spu,
                                   shares[y][0] * amounts_r[y] / spu))
                eff, bought, saved = effects_and_energy_cost(ctx, name, m, ch, cat.prices, r, y)
                eff_rows += [(name, q, r, y, v) for q, v in eff.items() if v != 0.0]
                cost_rows += [(name, r, y, "energy_added", bought),
                              (name, r, y, "energy_avoided", saved)]
                cost_rows += [(name, r, y, item, v) for item, v in _cost_items(items, y)]
    measures = _measure_table(cat)
    bounds = pd.DataFrame(bound_rows, columns=["measure", "region", "year", "floor", "potential"])
    effects = pd.DataFrame(eff_rows, columns=["measure", "quantity", "region", "year", "value"])
    cost_df = pd.DataFrame(cost_rows, columns=["measure", "region", "year", "item", "value"])
    cost_df = cost_df[cost_df["value"] != 0.0].reset_index(drop=True)
    src = pd.DataFrame(src_rows, columns=["measure", "region", "year", "amount"])
    measures["survival"] = [float((survival or {}).get(m, np.nan)) for m in measures.index]
    pools, members = _pools(cat, src, years, base_year)
    return DerivedMeasures(measures=measures, effects=effects, bounds=bounds, costs=cost_df,
                           pools=pools, pool_members=members, source_amount=src)


def _cost_table(costs: pd.DataFrame, name: str) -> dict[str, dict]:
    """{item: {year or None: value}} of one measure (barrier counts as om, residual as
    capital), in CNY per unit of the measure (per year): the value as written times its
    unit's factor (``to_canonical``, :func:`model.projection.catalogue.load`)."""
    out: dict[str, dict] = {}
    mine = costs[costs["measure"] == name]
    factor = mine["to_canonical"] if "to_canonical" in mine.columns else [1.0] * len(mine)
    for item, y, v, f in zip(mine["item"], mine["year"], mine["value"], factor, strict=True):
        v = v * f
        mapped = {"barrier": "om", "residual": "capital"}.get(item, item)
        key = None if y is None or (isinstance(y, float) and math.isnan(y)) else int(y)
        slot = out.setdefault(item, {"map": mapped, "values": {}})
        slot["values"][key] = float(v)
    return out


def _cost_items(items: dict[str, dict], year: int) -> list[tuple[str, float]]:
    """(item, value) in ``year``: a year row beats an every-year row; for a learning series,
    the latest vintage given before the year."""
    out = []
    for slot in items.values():
        vals = slot["values"]
        if year in vals:
            v = vals[year]
        elif None in vals:
            v = vals[None]
        else:
            earlier = [y for y in vals if y is not None and y < year]
            if not earlier:
                continue
            v = vals[max(earlier)]
        out.append((slot["map"], v))
    return out


def _measure_table(cat: CatalogueTables) -> pd.DataFrame:
    m = cat.measures
    out = pd.DataFrame(index=m.index)
    for col in ("family", "unit", "label_zh", "label_en", "project_category"):
        out[col] = m[col]
    out["lifetime"] = m["lifetime"].astype(float)
    out["advance_years"] = m["advance_years"].astype(float)
    out["mandate"] = m["mandate"].astype(bool)
    out["eligible"] = m["eligible"].astype(bool)
    out["max_build_share"] = m["max_build_share"].astype(float)
    out.index.name = "measure"
    return out


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


#: Columns of :func:`self_paying`.
SELF_PAYING_COLUMNS = ["measure", "region", "year", "net_cost_per_unit", "unit", "bounded_by"]


def self_paying(derived: DerivedMeasures, cat: CatalogueTables, rate: float) -> pd.DataFrame:
    """The (measure, county, year) whose net cost per unit is negative at the discount rate
    ``rate``: they pay for themselves, so the least-cost plan deploys them without any target
    (no-regret). Never a reason to refuse a run (issue #12 item 7): what bounds them is said.

    Net cost per unit per yr = A·C + om (barrier included) + energy_added − energy_avoided −
    other_savings, with A = CRF(rate, lifetime) and C the capital (for a replacement brought
    forward by k years, + purchase·(1 − (1+rate)^−k); for capacity retiring as its source does
    at survival s, + purchase·(1 − δ(1−s)/(1−sδ)) with A = 1 + rate − s, δ = 1/(1+rate):
    :attr:`model.lp.index.Indexed.effective_capital`, :attr:`~model.lp.index.Indexed.annuity`).

    Returns :data:`SELF_PAYING_COLUMNS` (CNY per unit of the measure per yr, constant base-year
    prices); ``bounded_by`` is ``uptake cap`` (``max_build_share``: a share of the potential
    built per calendar year), ``barrier cost`` (a ``barrier`` row with its source: the hidden
    cost that kept it out of the baseline) or ``potential`` (neither declared: the model deploys
    it up to its potential, and the run says so).
    """
    from model.lp.index import capital_recovery_factor

    c = derived.costs.pivot_table(index=["measure", "region", "year"], columns="item",
                                  values="value", aggfunc="sum").fillna(0.0)
    if not len(c):
        return pd.DataFrame(columns=SELF_PAYING_COLUMNS)
    has_barrier = set(cat.costs.loc[cat.costs["item"] == "barrier", "measure"])
    survival = derived.measures["survival"] if "survival" in derived.measures.columns else None
    parts = []
    for name, g in c.groupby(level="measure", sort=False):
        m = cat.measures.loc[name]
        cap = g["capital"] if "capital" in g.columns else pd.Series(0.0, index=g.index)
        purchase = g["purchase"] if "purchase" in g.columns else 0.0
        annuity = capital_recovery_factor(rate, float(m["lifetime"]))
        s = float(survival.get(name, math.nan)) if survival is not None else math.nan
        if m["advance_years"] == m["advance_years"]:
            cap = cap + purchase * (1 - (1 + rate) ** -float(m["advance_years"]))
        elif s == s:
            d = 1 / (1 + rate)
            cap = cap + purchase * (1 - d * (1 - s) / (1 - s * d))
            annuity = 1 + rate - s
        net = annuity * cap
        for item, sign in (("om", 1), ("energy_added", 1), ("energy_avoided", -1),
                           ("other_savings", -1)):
            if item in g.columns:
                net = net + sign * g[item]
        neg = net[net < 0]
        if not len(neg):
            continue
        bound = ("uptake cap" if not math.isnan(float(m["max_build_share"])) else
                 "barrier cost" if name in has_barrier else "potential")
        idx = neg.index.to_frame(index=False)
        idx["net_cost_per_unit"] = neg.to_numpy()
        idx["unit"] = f"CNY per {m['unit']} per yr"
        idx["bounded_by"] = bound
        parts.append(idx)
    if not parts:
        return pd.DataFrame(columns=SELF_PAYING_COLUMNS)
    return pd.concat(parts, ignore_index=True)[SELF_PAYING_COLUMNS]


def no_regret_summary(table: pd.DataFrame, cat_measures: pd.DataFrame | None, rate: float
                      ) -> list[dict]:
    """One record per self-paying measure of :func:`self_paying`: the measure, what bounds it,
    its most negative net cost per unit, the counties and years where it pays for itself."""
    from model.errors import summarise

    out = []
    if table is None or not len(table):
        return out
    for name, g in table.groupby("measure", sort=False):
        worst = g.loc[g["net_cost_per_unit"].idxmin()]
        rec = {"measure": name, "bounded_by": str(worst["bounded_by"]),
               "discount_rate": rate,
               "least_net_cost_per_unit": float(worst["net_cost_per_unit"]),
               "unit": str(worst["unit"]),
               "counties": sorted(set(g["region"])),
               "years": "in " + summarise(sorted({int(y) for y in g["year"]}))}
        if cat_measures is not None and name in cat_measures.index and \
                rec["bounded_by"] == "uptake cap":
            rec["max_build_share_per_yr"] = float(cat_measures.loc[name, "max_build_share"])
        out.append(rec)
    return out


def no_regret_message(rec: dict) -> str:
    """A one-line note for the terminal and the manifest's messages."""
    bound = {"uptake cap": f"bounded by its uptake cap "
                           f"({rec.get('max_build_share_per_yr', float('nan')):.3g} of its "
                           "potential built per year)",
             "barrier cost": "bounded by its declared barrier cost",
             "potential": "bounded only by its potential: no uptake cap or barrier cost is "
                          "declared (add one, with its source, saying why it is not already in "
                          "the baseline)"}[rec["bounded_by"]]
    return (f"NOTE: {rec['measure']} pays for itself at a discount rate of "
            f"{100 * rec['discount_rate']:.3g} % (net {rec['least_net_cost_per_unit']:,.0f} "
            f"{rec['unit']} at best, {rec['years']}): no-regret, deployed without any target, "
            f"{bound}.")


def net_cost_check(derived: DerivedMeasures, cat: CatalogueTables, rate: float) -> pd.DataFrame:
    """The run's no-regret report (:func:`self_paying`); kept under this name for callers that
    replace it (the sensitivity runner counts self-paying measures itself)."""
    return self_paying(derived, cat, rate)
