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


def _require(df: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(what, f"columns {list(df.columns)}", f"also the columns {missing}")


def project_gdp(gdp_base: pd.DataFrame, growth: pd.DataFrame, base_year: int,
                years: list[int]) -> pd.DataFrame:
    """Real GDP by region and year from base-year GDP and annual real growth rates.

    Parameters
    ----------
    gdp_base:
        ``region, value``: base-year GDP, CNY at constant base-year prices.
    growth:
        ``year, region, rate``: real growth over the previous year as a fraction (0.075 for
        7.5 %). ``region`` empty/None means city-wide; a region's own row overrides it.
    base_year, years:
        Years to project (later than ``base_year``); the base year is included in the output.

    Returns ``region, year, value`` (CNY, constant base-year prices).

    Raises ``InputError`` on a missing growth year, a duplicated row, or a rate outside
    (-1, 1) (a percentage given where a fraction is expected).
    """
    _require(gdp_base, ["region", "value"], "gdp_base")
    _require(growth, ["year", "region", "rate"], "growth")
    city: dict[int, float] = {}
    own: dict[tuple[str, int], float] = {}
    for row in growth.itertuples(index=False):
        year, region, rate = int(row.year), row.region, float(row.rate)
        where = f"growth year {year} region {region}"
        if not -1.0 < rate < 1.0 or math.isnan(rate):
            raise InputError(where, f"rate {rate!r}", "a fraction in (-1, 1), e.g. 0.075 for 7.5 %")
        city_wide = region is None or region == "" or bool(pd.isna(region))
        if (year in city) if city_wide else ((region, year) in own):
            raise InputError(where, "a duplicated growth row", "one rate per year and region")
        if city_wide:
            city[year] = rate
        else:
            own[(region, year)] = rate
    regions = list(gdp_base["region"])
    levels = gdp_levels(gdp_base["value"].to_numpy(dtype=float), regions, city, own, base_year,
                        years)
    T = [base_year, *years]
    return pd.DataFrame({"region": np.repeat(regions, len(T)), "year": np.tile(T, len(regions)),
                         "value": levels.reshape(-1)}, columns=["region", "year", "value"])


def gdp_levels(gdp_base: np.ndarray, regions: list[str], city: dict[int, float],
               own: dict[tuple[str, int], float], base_year: int, years: list[int]
               ) -> np.ndarray:
    """Real GDP [R, T] (T = base year + ``years``; CNY at constant base-year prices): base-year
    GDP ``gdp_base[R]`` grown by each year's rate (fraction), a region's own rate
    (``own[(region, year)]``) over the city-wide one (``city[year]``). The one GDP path of a
    run and of every sensitivity sample. Raises InputError for a year without a rate."""
    last = max(years) if years else base_year
    pos = {y: t for t, y in enumerate([base_year, *years])}
    out = np.zeros((len(regions), len(pos)))
    for j, region in enumerate(regions):
        level = float(gdp_base[j])
        out[j, 0] = level
        for year in range(base_year + 1, last + 1):
            step = own.get((region, year), city.get(year))
            if step is None:
                raise InputError(f"growth year {year}", f"no real GDP growth for {region!r}",
                                 "a city-wide or regional rate for every year after the base year")
            level *= 1.0 + step
            if year in pos:
                out[j, pos[year]] = level
    return out


def drivers(gdp: pd.DataFrame, population_growth: float, regions: list[str], base_year: int,
            years: list[int]) -> dict[str, np.ndarray]:
    """Driver ratios D[r,y]/D[r,base] as arrays [R, T] (T = base year + model years):
    ``gdp`` from ``gdp`` (``region, year, value``, the projected real GDP of
    :func:`project_gdp`), ``population`` from the growth rate, ``flat`` ones."""
    T = [base_year, *years]
    g = gdp.set_index(["region", "year"])["value"]
    levels = np.array([[float(g[(r, t)]) for t in T] for r in regions])
    return driver_ratios(levels, population_growth, base_year, years)


def driver_ratios(gdp: np.ndarray, population_growth: float, base_year: int, years: list[int]
                  ) -> dict[str, np.ndarray]:
    """Driver ratios [R, T] of GDP levels ``gdp[R, T]`` (:func:`gdp_levels`): ``gdp`` =
    GDP / base-year GDP, ``population`` = (1 + growth)^(t − base), ``flat`` ones."""
    dt = np.array([t - base_year for t in [base_year, *years]], dtype=float)
    R = gdp.shape[0]
    return {"gdp": gdp / gdp[:, :1], "population": np.tile((1.0 + population_growth) ** dt,
                                                           (R, 1)),
            "flat": np.ones(gdp.shape)}


def project(rows: pd.DataFrame, rules: list[ProjectionRule], ratios: dict[str, np.ndarray],
            regions: list[str], base_year: int, years: list[int],
            base_amounts: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """Amounts [row, T] of the ledger ``rows`` (``region, category, activity, amount, kind``)
    in the base year and every model year, and the name of the rule that moved each row
    (``base_amounts[row]`` in place of the rows' ``amount``, e.g. a sensitivity sample):
    ``a[row, t] = a[row, base] · D[r, t] ** e`` with D the rule's driver ratio, and for a fleet
    (a rule with ``survival``) the older standards decaying at their survival rates and the
    newest standard taking the rest of the fleet's total.

    Raises InputError naming a row no rule selects, a driver not in :data:`DRIVERS`, or a
    survival rate outside (0, 1]."""
    return Projection(rows, rules, regions, base_year, years).amounts(ratios, rules,
                                                                      base_amounts)


class Projection:
    """:func:`project` compiled for one set of ledger rows and rule selectors: which rule moves
    each row and the fleets, found once; :meth:`amounts` evaluates with numpy for any
    elasticities and survival rates of the same rules (a sensitivity sample). Raises the
    InputErrors of :func:`project`."""

    def __init__(self, rows: pd.DataFrame, rules: list[ProjectionRule], regions: list[str],
                 base_year: int, years: list[int]):
        T = [base_year, *years]
        self.dt = np.array([t - base_year for t in T], dtype=float)
        ri = {r: i for i, r in enumerate(regions)}
        self.base = rows["amount"].to_numpy(dtype=float)
        rule_of = np.zeros(len(rows), dtype=int)
        region_of = np.zeros(len(rows), dtype=int)
        fleets: dict[tuple[int, int, str], list[int]] = {}
        acts = rows["activity"].to_numpy()
        for i, (region, cat, act, kind) in enumerate(
                rows[["region", "category", "activity", "kind"]].itertuples(index=False)):
            k = next((j for j, p in enumerate(rules) if p.selects(kind, cat, act)), None)
            if k is None:
                raise InputError("scenario key projection", f"no rule for the {kind} row "
                                 f"{region} {cat} {act}",
                                 "a projection rule that selects it (kind, category or activity)")
            if rules[k].driver not in DRIVERS:
                raise InputError(f"{rules[k].where}.driver", repr(rules[k].driver),
                                 f"one of {list(DRIVERS)}")
            rule_of[i], region_of[i] = k, ri[region]
            if rules[k].survival:
                fleets.setdefault((k, ri[region], act.rpartition(".")[0]), []).append(i)
        self.rule_of, self.region_of = rule_of, region_of
        self.names = [p.name for p in rules]
        self.fleets = []
        for (k, r, vtype), idx in fleets.items():
            newest = [i for i in idx if acts[i].endswith("." + NEWEST_STANDARD)]
            if not newest:
                raise InputError(rules[k].where, f"no {vtype}.{NEWEST_STANDARD} row for "
                                 f"{regions[r]}",
                                 "a row of the newest standard to take the fleet's growth")
            others = [(i, acts[i].rpartition(".")[2]) for i in idx if i not in newest]
            self.fleets.append((k, r, np.array(idx), newest[0], others))
        self.by_rule = [np.flatnonzero(rule_of == k) for k in range(len(rules))]

    def amounts(self, ratios: dict[str, np.ndarray], rules: list[ProjectionRule],
                base_amounts: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
        """(amounts [row, T], the rule name of each row) for driver ``ratios`` ([R, T] each)
        and ``rules`` (the compiled selectors, any elasticities and survival rates)."""
        amt = self.base if base_amounts is None else np.asarray(base_amounts, dtype=float)
        out = np.zeros((len(amt), len(self.dt)))
        for k, idx in enumerate(self.by_rule):
            if len(idx):
                rule = rules[k]
                out[idx] = amt[idx, None] * ratios[rule.driver][self.region_of[idx]] ** \
                    rule.elasticity
        for k, rule in enumerate(rules):
            if any(f[0] == k for f in self.fleets):
                for std, s in rule.survival.items():
                    if not 0.0 < s <= 1.0 or math.isnan(s):
                        raise InputError(f"{rule.where}.survival.{std}", repr(s),
                                         "an annual survival rate in (0, 1]")
        for k, r, idx, newest, others in self.fleets:
            rule = rules[k]
            total = amt[idx].sum() * ratios[rule.driver][r] ** rule.elasticity
            kept = np.zeros(len(self.dt))
            for i, std in others:
                out[i] = amt[i] * rule.survival.get(std, 1.0) ** self.dt
                kept += out[i]
            out[newest] = np.maximum(total - kept, 0.0)
        return out, [self.names[k] for k in self.rule_of]


def add(amounts: np.ndarray, rows: pd.DataFrame, additions: list[dict], base_year: int,
        years: list[int]) -> np.ndarray:
    """Amounts with committed additions: each ``{region, category, activity, year, value,
    unit, where}`` adds ``value`` (converted to the row's unit) to the row in every model year
    from ``year`` on. Raises InputError naming the scenario key if no such row exists."""
    from model.units import convert

    out = amounts.copy()
    T = [base_year, *years]
    for a in additions:
        hit = rows.index[(rows["region"] == a["region"]) & (rows["category"] == a["category"])
                         & (rows["activity"] == a["activity"])]
        if not len(hit):
            raise InputError(a["where"], f"no baseline row {a['region']} {a['category']} "
                             f"{a['activity']}", "an activity row of the data pack to add to")
        i = int(hit[0])
        v = convert(a["value"], a["unit"], rows["unit"].iloc[i], where=a["where"])
        for t, y in enumerate(T):
            if y >= a["year"]:
                out[i, t] += v
    return out


def cap_services(amounts: np.ndarray, rows: pd.DataFrame,
                 pairs: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Served amounts capped at their totals in every year: a treatment plant cannot serve more
    sewage, households or manure than there is (a shrinking population would otherwise put a
    held service above 100 %). Rows: ledger rows (kind ``service`` and ``total``); ``pairs``
    as :func:`service_pairs` gives them (found here if not given)."""
    served, total = service_pairs(rows) if pairs is None else pairs
    out = amounts.copy()
    if len(served):
        out[served] = np.minimum(out[served], out[total])
    return out


def service_pairs(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(served rows, their total rows) of the ledger ``rows``: a ``service`` row and the
    ``total`` row of its indicator's total (:data:`model.services.SERVICE_TOTALS`) in the same
    region."""
    from model.services import SERVICE_TOTALS

    rk = list(rows[["region", "activity", "kind"]].itertuples(index=False))
    total_of = {(r, a): i for i, (r, a, k) in enumerate(rk) if k == "total"}
    pairs = [(i, total_of[(r, SERVICE_TOTALS[a])]) for i, (r, a, k) in enumerate(rk)
             if k == "service" and (r, SERVICE_TOTALS.get(a)) in total_of]
    return (np.array([p[0] for p in pairs], dtype=int),
            np.array([p[1] for p in pairs], dtype=int))


def hydrology_factors(hydrology, base_year: int, years: list[int], where: str) -> list[float]:
    """Factor on hydropower generation for the base year and each model year [T] from the
    scenario's ``hydrology`` block (:class:`model.schema.Hydrology`: a case per year, each case
    a sourced factor on design output); all ones without it. Raises InputError naming the key
    for a case not declared or a factor outside (0, 3]."""
    from model.units import convert

    if hydrology is None:
        return [1.0] * (1 + len(years))
    cases = {}
    for name, v in hydrology.cases.items():
        f = convert(v.value, v.unit, "dimensionless", where=f"{where}.cases.{name}")
        if not 0 < f <= 3:
            raise InputError(f"{where}.cases.{name}.value", f"{v.value:g} {v.unit}",
                             "a factor on design output in (0, 3]")
        cases[name] = f
    for y in hydrology.years:
        if y not in years:
            raise InputError(f"{where}.years.{y}", str(y), f"a model year {list(years)}")
    out = []
    for y in [base_year, *years]:
        name = hydrology.base_year_case if y == base_year else hydrology.years.get(
            y, hydrology.case)
        key = "base_year_case" if y == base_year else (
            f"years.{y}" if y in hydrology.years else "case")
        if name not in cases:
            raise InputError(f"{where}.{key}", repr(name), f"one of the declared cases "
                             f"{sorted(cases)}")
        out.append(cases[name])
    return out


def apply_hydrology(amounts: np.ndarray, rows: pd.DataFrame, factors: list[float]
                    ) -> np.ndarray:
    """Amounts with hydropower generation rows (kind ``generation``, activity ``hydro``)
    multiplied by each year's hydrology factor [T] (:func:`hydrology_factors`)."""
    f = np.asarray(factors, dtype=float)
    if np.all(f == 1.0):
        return amounts
    out = amounts.copy()
    hydro = ((rows["kind"] == "generation") & (rows["activity"] == "hydro")).to_numpy()
    out[hydro] = out[hydro] * f[None, :]
    return out
