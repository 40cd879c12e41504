"""The run's derivation compiled once from the loaded tables and evaluated on arrays (issue #15).

:class:`Derivation` is built once from :class:`model.pipeline.Loaded` (every scenario value
converted and checked, the projection rules, the committed additions, the hydrology case of
each year, the grid-factor path, the county gas supply and the measures compiled by
:func:`model.projection.compiled.compile_measures`). :meth:`Derivation.evaluate` maps the
numbers a sensitivity sample may move (:class:`Inputs`: GDP growth, population growth, each
rule's elasticity and survival rates, base-year activity factors, committed additions, the
potentials' and pools' shares) to the arrays the LP reads, with numpy and the model's own
functions only:

* ``gdp[R, T]`` (:func:`model.projection.activity.gdp_levels`) and the driver ratios;
* ``amounts[row, T]``: :func:`model.projection.activity.project` (fleet turnover included),
  committed additions, the hydrology factors, the landfill's first-order decay
  (:func:`model.accounting.landfill.project_rows`) and services capped at their totals;
* ``baseline[R, T, Q]``: the ledger's totals of those amounts, non-fossil deductions included
  (:meth:`model.accounting.ledger.Ledger.totals_array`), without the export credit of committed
  plants under ``export_credit: existing``, the county gas supply limits, and CO2 moved to the
  grid-factor path (:mod:`model.accounting.grid`);
* the measures' arrays (:meth:`model.projection.compiled.CompiledMeasures.evaluate`), their CO2
  moved to the same path.

``peakplan run`` (:func:`model.pipeline.derive`) evaluates it once at the scenario's own values
and writes its tables; a sensitivity worker (:mod:`model.sensitivity.evaluate`) evaluates it per
sample. What an evaluation cannot change without a new compilation is said by
:class:`Recompile` (a sample in which the measures that can apply, or the quantities they move,
differ from the compiled ones).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.errors import InputError
from model.projection import activity
from model.projection.compiled import CompiledMeasures, MeasureArrays, compile_measures
from model.ranges import RANGES
from model.units import convert

if TYPE_CHECKING:  # model.pipeline imports this module
    from model.pipeline import Loaded

#: Accepted range of baseline elasticities to their driver (:data:`model.ranges.RANGES`): outside
#: it a baseline turns absurd (national 2016-20 elasticities of energy and electricity to GDP
#: were about 0.5 and 1.1).
ELASTICITY_RANGE = RANGES["elasticity"].domain


class Recompile(Exception):
    """An evaluation the compiled derivation cannot make (``reason`` says what moved): the
    caller derives again from the tables (:func:`model.pipeline.derive`)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Inputs:
    """The numbers of a derivation a sample may move (canonical units): real GDP growth by year
    city-wide (``city_growth``) and by (region, year) (``own_growth``), fractions per year;
    ``population_growth`` per year; ``rules`` the projection rules (elasticity, survival);
    ``activity_factor[row]`` factors on base-year activity; ``additions`` [(row, first year,
    amount in the row's unit)]; the catalogue's ``potential_share``, ``floor_share`` and the
    pools' ``pool_share`` in their tables' row order."""

    city_growth: dict[int, float]
    own_growth: dict[tuple[str, int], float]
    population_growth: float
    rules: list
    activity_factor: np.ndarray
    additions: list[list]
    potential_share: np.ndarray
    floor_share: np.ndarray
    pool_share: np.ndarray

    def copy(self) -> Inputs:
        return Inputs(city_growth=dict(self.city_growth), own_growth=dict(self.own_growth),
                      population_growth=self.population_growth, rules=list(self.rules),
                      activity_factor=self.activity_factor.copy(),
                      additions=[list(a) for a in self.additions],
                      potential_share=self.potential_share.copy(),
                      floor_share=self.floor_share.copy(), pool_share=self.pool_share.copy())


@dataclass
class Evaluated:
    """One evaluation: ``gdp[R, T]`` (CNY, constant base-year prices), ``amounts[row, T]``
    (the ledger rows' units), ``baseline[R, T, Q]`` on :attr:`Derivation.quantities`,
    ``measures`` (:class:`model.projection.compiled.MeasureArrays`, CO2 on the grid path)."""

    gdp: np.ndarray
    amounts: np.ndarray
    baseline: np.ndarray
    measures: MeasureArrays
    hydro: list[float] = field(default_factory=list)


def _rate(sourced, where: str, lo: float, hi: float, what: str) -> float:
    v = convert(sourced.value, sourced.unit, "dimensionless", where=where)
    if not lo <= v <= hi:
        raise InputError(f"{where}.value", f"{sourced.value:g} {sourced.unit}", what)
    return v


def projection_rules(sc) -> list:
    """The scenario's ``projection`` block as :class:`model.projection.activity.ProjectionRule`
    (elasticities and survival rates checked: InputError naming the key)."""
    out = []
    for i, p in enumerate(sc.projection):
        where = f"{sc.path} key projection.{p.name}"
        if p.driver != "flat" and p.elasticity is None:
            raise InputError(f"{where}.elasticity", "nothing",
                             f"an elasticity (Sourced) of the rows to their driver {p.driver}")
        e = 1.0 if p.elasticity is None else _rate(
            p.elasticity, f"{where}.elasticity", *ELASTICITY_RANGE,
            RANGES["elasticity"].expected)
        survival = {k: _rate(v, f"{where}.survival.{k}", *RANGES["survival"].domain,
                             RANGES["survival"].expected)
                    for k, v in (p.survival or {}).items()}
        out.append(activity.ProjectionRule(
            name=p.name or f"rule{i}", driver=p.driver, elasticity=e, kind=p.select.kind,
            category=p.select.category, activity=p.select.activity, survival=survival,
            where=where))
    return out


def chosen_measures(sc, cat):
    """The catalogue restricted to the scenario's ``measures`` (all by default; [] = none)."""
    import difflib

    if sc.measures is None:
        return cat
    known = list(cat.measures.index)
    for m in sc.measures:
        if m not in known:
            near = difflib.get_close_matches(m, known, n=1)
            raise InputError(f"{sc.path} key measures", repr(m), "a measure of the catalogue",
                             f"did you mean {near[0]!r}?" if near else None)
    keep = [m for m in known if m in set(sc.measures)]
    pools = set(cat.measures.loc[keep, "pool"]) - {""}
    return dataclasses.replace(
        cat, measures=cat.measures.loc[keep], changes=cat.changes[cat.changes["measure"]
                                                                  .isin(keep)],
        costs=cat.costs[cat.costs["measure"].isin(keep)],
        potentials=cat.potentials[cat.potentials["measure"].isin(keep)],
        pools=cat.pools[cat.pools["pool"].isin(pools)])


def added_generation(sc, ledger, years: list[int], hydro: list[float],
                     additions: list[list] | None = None) -> np.ndarray:
    """MWh/yr [R, T] the committed additions of category ``generation`` produce (base year and
    model years; hydrology factor ``hydro`` [T] applied to hydro), for the scenario's additions
    or ``additions`` ([row, year, amount in the row's unit], :class:`Inputs`). The one basis of
    ``export_credit: existing`` (baseline here and the accounting views of
    :mod:`model.views`)."""
    rows = ledger.rows
    regions = list(ledger.regions)
    T = [sc.base_year, *years]
    out = np.zeros((len(regions), len(T)))
    if additions is None:
        additions = [list(a) for a in _additions(sc, rows)]
    for i, year, amount in additions:
        if rows["category"].iloc[i] != "generation":
            continue
        mwh = convert(amount, rows["unit"].iloc[i], "MWh", where=f"{sc.path} key "
                      "activity_additions")
        r = regions.index(rows["region"].iloc[i])
        for t, y in enumerate(T):
            if y >= year:
                f = hydro[t] if rows["activity"].iloc[i] == "hydro" else 1.0
                out[r, t] += mwh * f
    return out


def _additions(sc, rows: pd.DataFrame) -> list[tuple[int, int, float]]:
    """(row, first year, amount in the row's unit) of the scenario's committed additions;
    InputError naming the key if no row of the pack matches."""
    out = []
    for k, a in enumerate(sc.activity_additions):
        where = f"{sc.path} key activity_additions.{k}"
        hit = rows.index[(rows["region"] == a.region) & (rows["category"] == a.category)
                         & (rows["activity"] == a.activity)]
        if not len(hit):
            raise InputError(where, f"no baseline row {a.region} {a.category} {a.activity}",
                             "an activity row of the data pack to add to")
        i = int(hit[0])
        out.append((i, int(a.year), convert(a.value, a.unit, rows["unit"].iloc[i], where=where)))
    return out


class Derivation:
    """The derivation of one loaded scenario (module docstring). Build once per loaded
    scenario (or per worker); :meth:`evaluate` per set of :class:`Inputs`."""

    def __init__(self, loaded: Loaded) -> None:
        from model.accounting import grid
        from model.supply import gas_supply

        sc, ledger = loaded.scenario, loaded.ledger
        self.scenario, self.ledger = sc, ledger
        self.regions, self.years = list(ledger.regions), list(sc.years)
        self.base_year = int(sc.base_year)
        self.T = [self.base_year, *self.years]
        g = loaded.gdp_base.set_index("region")["value"]
        self.gdp_base = np.array([float(g[r]) for r in self.regions])
        self.catalogue = chosen_measures(sc, loaded.catalogue)
        self.hydro = activity.hydrology_factors(sc.hydrology, self.base_year, self.years,
                                                f"{sc.path} key hydrology")
        self.quantities = list(ledger.quantities)
        self.supply = None
        if sc.gas_supply is not None:  # the county gas supply limits (lp.families.gas_supply)
            sup = gas_supply(sc.gas_supply, self.regions, self.T)
            self.supply = {q: grp.pivot(index="region", columns="year", values="value")
                           .reindex(index=self.regions, columns=self.T).to_numpy(float)
                           for q, grp in sup.groupby("quantity")}
            self.quantities += [q for q in self.supply if q not in self.quantities]
        self.grid_delta = None
        if sc.grid_factor_path:
            where = f"{sc.path} key grid_factor_path"
            points = [(p.year, convert(p.value, p.unit, "t CO2/MWh", where=f"{where}.{i}"))
                      for i, p in enumerate(sc.grid_factor_path)]
            f0 = ledger.electricity.factor
            by_year = grid.factor_by_year(points, self.base_year, f0, self.years, where)
            a_use, a_gen = grid.WEIGHTS[ledger.rule.co2]
            delta = np.array([0.0] + [by_year.get(y, f0) - f0 for y in self.years])
            if (a_use or a_gen) and np.any(np.abs(delta) >= 1e-15):
                self.grid_delta = (a_use, a_gen, delta)
        if self.grid_delta is not None and "CO2" not in self.quantities:
            self.quantities.append("CO2")
        self.compiled: CompiledMeasures = compile_measures(
            self.catalogue, ledger, self.years, self.base_year,
            extra=("CO2",) if self.grid_delta is not None else ())
        self.uncredited = ledger.rule.co2 == "net_import" and \
            ledger.rule.export_credit == "existing"
        self.inputs = self._central(loaded)
        self.projection = activity.Projection(ledger.rows, self.inputs.rules, self.regions,
                                              self.base_year, self.years)
        self.service_pairs = activity.service_pairs(ledger.rows)

    def _central(self, loaded: Loaded) -> Inputs:
        sc = self.scenario
        city: dict[int, float] = {}
        own: dict[tuple[str, int], float] = {}
        for g in sc.drivers.gdp_real_growth:
            rate = convert(g.value, g.unit, "dimensionless",
                           where=f"{sc.path} key drivers.gdp_real_growth.{g.year}")
            if g.region in (None, ""):
                city[int(g.year)] = rate
            else:
                own[(g.region, int(g.year))] = rate
        pop = convert(sc.drivers.population_growth.value, sc.drivers.population_growth.unit,
                      "1/year", where=f"{sc.path} key drivers.population_growth")
        cm, pools = self.compiled, self.catalogue.pools
        return Inputs(city_growth=city, own_growth=own, population_growth=pop,
                      rules=projection_rules(sc),
                      activity_factor=np.ones(len(self.ledger.rows)),
                      additions=[list(a) for a in _additions(sc, self.ledger.rows)],
                      potential_share=cm.potential_share.copy(),
                      floor_share=cm.floor_share.copy(),
                      pool_share=pools["capacity_share"].to_numpy(dtype=float) if len(pools)
                      else np.zeros(0))

    # ------------------------------------------------------------------ evaluation
    def gdp(self, inp: Inputs) -> np.ndarray:
        """GDP [R, T] (:func:`model.projection.activity.gdp_levels`)."""
        return activity.gdp_levels(self.gdp_base, self.regions, inp.city_growth, inp.own_growth,
                                   self.base_year, self.years)

    def amounts(self, inp: Inputs, gdp: np.ndarray) -> np.ndarray:
        """Projected activity [row, T] (module docstring)."""
        from model.accounting import landfill

        led = self.ledger
        ratios = activity.driver_ratios(gdp, inp.population_growth, self.base_year, self.years)
        rows = led.rows
        base = None if np.all(inp.activity_factor == 1.0) else \
            rows["amount"].to_numpy(dtype=float) * inp.activity_factor
        amounts, _ = self.projection.amounts(ratios, inp.rules, base)
        for i, year, v in inp.additions:
            amounts[i, [t for t, y in enumerate(self.T) if y >= year]] += v
        amounts = activity.apply_hydrology(amounts, rows, self.hydro)
        amounts = landfill.project_rows(led.landfill, rows, amounts, self.base_year, self.years)
        return activity.cap_services(amounts, rows, self.service_pairs)

    def baseline(self, inp: Inputs, amounts: np.ndarray) -> np.ndarray:
        """Baseline [R, T, Q] on :attr:`quantities` (module docstring)."""
        led = self.ledger
        out = np.zeros((len(self.regions), len(self.T), len(self.quantities)))
        out[:, :, :len(led.quantities)] = led.totals_array(amounts)
        if self.uncredited:  # export_credit: existing (model.accounting.rules)
            add = led.electricity.factor * added_generation(self.scenario, led, self.years,
                                                            self.hydro, inp.additions)
            for q in ("CO2", "CO2e"):  # CO2e holds CO2 as the rule counts it
                if q in self.quantities:
                    out[:, :, self.quantities.index(q)] += add
        if self.supply:
            for q, v in self.supply.items():
                out[:, :, self.quantities.index(q)] = v
        if self.grid_delta is not None:
            a_use, a_gen, delta = self.grid_delta
            qs = self.quantities
            use = out[:, :, qs.index("electricity")] if "electricity" in qs else 0.0
            gen = out[:, :, qs.index("electricity_generation")] \
                if "electricity_generation" in qs else 0.0
            out[:, :, qs.index("CO2")] += (a_use * use - a_gen * gen) * delta[None, :]
        return out

    def measures(self, inp: Inputs, amounts: np.ndarray) -> MeasureArrays:
        """The measures' arrays (:meth:`CompiledMeasures.evaluate`), CO2 on the grid path."""
        cm = self.compiled
        arr = cm.evaluate(amounts, inp.potential_share, inp.floor_share, inp.pool_share)
        if self.grid_delta is not None:
            a_use, a_gen, delta = self.grid_delta
            qs = cm.quantities
            eff = arr.effect
            use = eff[:, :, qs.index("electricity")] if "electricity" in qs else 0.0
            gen = eff[:, :, qs.index("electricity_generation")] \
                if "electricity_generation" in qs else 0.0
            eff[:, :, qs.index("CO2")] += (a_use * use - a_gen * gen) * delta[None, None, 1:]
        return arr

    def evaluate(self, inp: Inputs | None = None) -> Evaluated:
        """Every array of the derivation for ``inp`` (default: the scenario's own values)."""
        inp = self.inputs if inp is None else inp
        gdp = self.gdp(inp)
        amounts = self.amounts(inp, gdp)
        return Evaluated(gdp=gdp, amounts=amounts, baseline=self.baseline(inp, amounts),
                         measures=self.measures(inp, amounts), hydro=list(self.hydro))

    # ------------------------------------------------------------------ tables
    def gdp_frame(self, gdp: np.ndarray) -> pd.DataFrame:
        """``region, year, value`` of GDP [R, T]."""
        R, T = gdp.shape
        return pd.DataFrame({"region": np.repeat(self.regions, T),
                             "year": np.tile(self.T, R), "value": gdp.reshape(-1)})

    def baseline_frame(self, baseline: np.ndarray) -> pd.DataFrame:
        """``region, year, quantity, value`` of baseline [R, T, Q] (every cell, zeros too,
        as the ledger's totals list them)."""
        R, T, Q = baseline.shape
        return pd.DataFrame({"region": np.repeat(self.regions, T * Q),
                             "year": np.tile(np.repeat(self.T, Q), R),
                             "quantity": np.tile(self.quantities, R * T),
                             "value": baseline.reshape(-1)})
