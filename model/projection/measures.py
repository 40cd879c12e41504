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

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.accounting.ledger import Ledger
from model.errors import InputError
from model.projection.catalogue import CatalogueTables
from model.projection.compiled import CompiledMeasures, MeasureArrays, compile_measures
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
    lags: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(
        columns=["measure", "quantity", "region", "age", "value"]))


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

    def row(self, i: int) -> dict:
        """Ledger row i as a dict (read once per derivation)."""
        if not hasattr(self, "_records"):
            self._records = self.rows.to_dict("records")
        return self._records[i]

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

        row = self.row(i)
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
            row = self.row(i)
            if unit == "tce":
                self._unit_cache[key] = self.tce_per(i, where)
            else:
                self._unit_cache[key] = convert(1.0, row["unit"], unit, where)
        return self._unit_cache[key]

    def amount_in(self, idx: np.ndarray, t: int, unit: str, where: str) -> np.ndarray:
        """Amounts of rows idx in year index t converted to ``unit`` (tce: standard coal)."""
        return np.array([self.amounts[i, t] * self._per_unit(i, unit, where) for i in idx])


def _coef(ctx: _Context, name: str, region: str, category: str, activity: str, unit: str,
          use: str = "", row: object = None) -> dict[str, float]:
    try:
        return ctx.coefficients(region, category, activity, unit, use)
    except InputError as exc:
        raise _measure_error(name, exc, row) from None


def _measure_error(name: str, exc: InputError, row: object = None) -> InputError:
    """The error of a change the accounting cannot make, naming the catalogue row and the
    measure: a missing factor names the measure and the factor (activity, category,
    parameter) in one short line."""
    at = f"catalogue changes.csv row {row}" if row is not None else "catalogue changes.csv"
    if exc.where.startswith("factor library"):
        return InputError(f"{at} (measure {name!r})", exc.found,
                          "a row for it in the factor library (inventories/factors/*.csv)")
    return InputError(f"{at} (measure {name!r})", exc.found, exc.expected, f"at {exc.where}")


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
    for c, y, value, price_unit, row in _price_rows(prices).get(activity, ()):
        if not (c == "*" or category == c or category.startswith(c + ".")):
            continue
        if y is not None and y != year:
            continue
        score = (0 if c == "*" else len(c), y is not None)
        if best is None or score > best[0]:
            best = (score, (value, price_unit, row))
    if best is None:
        raise InputError("catalogue prices.csv", f"no price of {activity!r} for category "
                         f"{category} in {year} (measure {name!r})",
                         "a price row (activity, category prefix or *, year or empty)")
    value, price_unit, row = best[1]
    return price_in(value, price_unit, unit, f"catalogue prices.csv row {row} column 'unit'",
                    activity)


_PRICE_ROWS: dict[int, tuple[pd.DataFrame, dict]] = {}


def _price_rows(prices: pd.DataFrame) -> dict[str, list[tuple]]:
    """{activity: [(category prefix, year or None, value, unit, row)]} of a prices table, read
    once per table (the table object is kept with its rows, so an id is never reused)."""
    hit = _PRICE_ROWS.get(id(prices))
    if hit is not None and hit[0] is prices:
        return hit[1]
    out: dict[str, list[tuple]] = {}
    for a, c, y, v, u, r in zip(prices["activity"], prices["category"], prices["year"],
                                prices["value"], prices["unit"], prices["_row"], strict=True):
        out.setdefault(a, []).append((str(c).strip(), y, float(v), str(u), r))
    if len(_PRICE_ROWS) > 8:
        _PRICE_ROWS.clear()
    _PRICE_ROWS[id(prices)] = (prices, out)
    return out


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


def lagged_effects(ctx: _Context, name: str, m, changes: pd.DataFrame | list[dict],
                   region: str) -> list[tuple[str, str, str, int, float]]:
    """Later-year effects of one unit of measure ``name`` in ``region``: (measure, quantity,
    region, age, value) for every ``activity`` change on an activity whose effect comes after
    it (:meth:`model.accounting.ledger.Ledger.lagged`: waste kept out of or brought to a
    landfill changes the CH4 generated at ages 1, 2, ... by first-order decay), in the
    reduction convention of the measures' effects (:mod:`model.projection.compiled`):
    −Δ · response · coefficient.
    The response does not depend on the year (the region's base-year waste mix)."""
    out: dict[tuple[str, int], float] = {}
    records = changes.to_dict("records") if isinstance(changes, pd.DataFrame) else changes
    for ch in records:
        if ch["change"] != "activity":
            continue
        cat, act = str(ch["category"]).strip(), str(ch["activity"]).strip()
        unit, v = str(ch["unit"]).strip(), float(ch["value"])
        parts = [(cat, act, 1.0)] if cat != "source" else \
            [(c, act, 1.0) for c in str(m["source_category"]).split(";") if c.strip()][:1]
        for c, a, w in parts:
            try:
                lag = ctx.ledger.lagged(region, c.strip(), a, unit)
            except InputError as exc:
                raise _measure_error(name, exc, ch.get("_row")) from None
            if lag is None:
                continue
            g, coef = lag
            for q, cq in coef.items():
                if q in SERVICES or q.endswith(":total"):
                    continue
                for age, ga in enumerate(g, start=1):
                    key = (q, age)
                    out[key] = out.get(key, 0.0) - v * w * ga * cq
    return [(name, q, region, age, val) for (q, age), val in out.items() if val != 0.0]


def derive(cat: CatalogueTables, ledger: Ledger, amounts: np.ndarray, years: list[int],
           base_year: int, survival: dict[str, float] | None = None,
           compiled: CompiledMeasures | None = None, arrays: MeasureArrays | None = None
           ) -> DerivedMeasures:
    """The catalogue's ModelData parts (module docstring) for projected ``amounts[row, T]``:
    the catalogue compiled once (:func:`model.projection.compiled.compile_measures`, or
    ``compiled`` if given) and evaluated on the amounts (or its evaluation ``arrays`` given,
    :meth:`model.derivation.Derivation.measures`: CO2 on a grid-factor path). Raises
    InputError naming the measure on a change the factor library cannot account for, a missing
    price or a shared pool without a source. A measure that pays for itself is never refused:
    :func:`self_paying` reports it as no-regret."""
    cm = compiled if compiled is not None else compile_measures(cat, ledger, years, base_year)
    fr = cm.frames(arrays if arrays is not None else cm.evaluate(amounts))
    measures = _measure_table(cat)
    measures["survival"] = [float((survival or {}).get(m, np.nan)) for m in measures.index]
    return DerivedMeasures(measures=measures, **fr)


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


def no_regret_summary(table: pd.DataFrame | None, cat_measures: pd.DataFrame | None,
                      rate: float) -> list[dict]:
    """One record per self-paying measure of :func:`self_paying`: the measure, what bounds it,
    its most negative net cost per unit, the counties and years where it pays for itself."""
    from model.errors import summarise

    out: list[dict] = []
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
