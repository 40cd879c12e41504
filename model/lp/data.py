"""ModelData: the scenario data of the LP in long tables of canonical floats (CONTRACTS §5).

This is the contract between the derive stages (inventory, projection, catalogue) and the LP.
:func:`validate` checks everything the LP relies on; :mod:`model.lp.index` turns a validated
ModelData into dense numpy arrays once, and every constraint family and target kind reads those
arrays (so a sensitivity sample changes arrays, never these tables).

Tables (pandas DataFrames; optional columns in brackets)
--------------------------------------------------------
``measures``  index ``measure``: ``family, unit, label_zh, label_en`` and
    ``[lifetime]`` (yr; missing or inf = never retires), ``[mandate]`` (bool: capacity never
    falls from one model year to the next), ``[eligible]`` (bool: counts toward
    ``load_reduction`` targets; default True), ``[advance_years]`` (a replacement brought
    forward by k years: ``purchase`` costs), ``[survival]`` (capacity retiring as its source
    does, at this annual rate), ``[max_build_share]`` (fraction of the potential
    that may be built per calendar year; NaN = unbounded), ``[annual_cost]`` (CNY per unit per
    yr: a legacy single cost, taken as operating cost with no capital).
``costs`` ``measure, [region], year, item, value``: cost items in CNY per unit of the measure,
    constant base-year prices; ``item`` is ``capital`` (CNY per unit built in that vintage
    year), ``om`` (CNY per unit per yr), ``energy_added`` and ``energy_avoided`` (purchases of
    energy the measure adds or avoids, CNY per unit per yr, both >= 0), ``other_savings`` (CNY
    per unit per yr), ``purchase`` (CNY per unit: the price of an asset bought ``advance_years``
    early; its capital is purchase·(1 − (1+r)^−k), recomputed from the discount rate). A missing
    region applies to every region. Optional (empty = only ``annual_cost``).
``effects`` ``measure, quantity, [region], [year], value``: change per unit of application per
    year in the quantity's unit; positive = a reduction of an emission or energy quantity, or an
    increase of a service indicator. Missing region/year columns (or empty cells) broadcast.
``bounds`` ``measure, region, year, floor, potential``: one row per model year for every
    (measure, region) pair that can be applied (absent pairs cannot be applied).
``pools`` ``pool, region, year, capacity``; ``pool_members`` ``pool, measure, share``.
``baseline`` ``region, year, quantity, value`` for the base year and every model year.
``gdp`` ``region, year, value`` (CNY, constant base-year prices).
``targets`` ``target, kind, quantity, year, value, unit, label_zh, label_en, source`` and
    ``[param]`` (kind-specific number, e.g. the yearly decline rate of a ``peak`` target).

Scalars: ``regions``, ``years`` (model years, increasing, after ``base_year``), ``base_year``,
``discount_rate`` (real, fraction per yr), ``horizon_end`` (last calendar year the last model
year stands for; default: the last model year), ``objective`` (``cost``: least discounted cost;
``deployment``: the most capacity every measure can reach within its bounds, build caps,
vintages and pools — the maximum technically feasible reduction, costs reported, not minimised).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.errors import InputError

COST_ITEMS = ("capital", "om", "energy_added", "energy_avoided", "other_savings", "purchase")


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


@dataclass(frozen=True)
class ModelData:
    """Scenario data of the LP (module docstring). Frozen: derive a new one to change it."""

    regions: list[str]
    years: list[int]
    base_year: int
    measures: pd.DataFrame
    effects: pd.DataFrame
    bounds: pd.DataFrame
    pools: pd.DataFrame
    pool_members: pd.DataFrame
    baseline: pd.DataFrame
    gdp: pd.DataFrame
    targets: pd.DataFrame
    discount_rate: float
    costs: pd.DataFrame = field(default_factory=lambda: _empty(
        ["measure", "region", "year", "item", "value"]))
    horizon_end: int | None = None
    objective: str = "cost"


_COLUMNS = {
    "measures": ("family", "unit", "label_zh", "label_en"),
    "effects": ("measure", "quantity", "value"),
    "bounds": ("measure", "region", "year", "floor", "potential"),
    "pools": ("pool", "region", "year", "capacity"),
    "pool_members": ("pool", "measure", "share"),
    "baseline": ("region", "year", "quantity", "value"),
    "gdp": ("region", "year", "value"),
    "targets": ("target", "kind", "quantity", "year", "value", "unit", "label_zh", "label_en",
                "source"),
    "costs": ("measure", "year", "item", "value"),
}
_NUMERIC = {
    "effects": ("value",), "bounds": ("floor", "potential"), "pools": ("capacity",),
    "pool_members": ("share",), "baseline": ("value",), "gdp": ("value",),
    "targets": ("value",), "costs": ("value",),
}
_KEYS = {
    "bounds": ("measure", "region", "year"), "pools": ("pool", "region", "year"),
    "pool_members": ("pool", "measure"), "baseline": ("region", "year", "quantity"),
    "gdp": ("region", "year"), "targets": ("target",),
}


def _where(table: str, i: object, col: str | None = None) -> str:
    loc = f"ModelData.{table} row {i}"
    return f"{loc} column '{col}'" if col else loc


def _finite(df: pd.DataFrame, table: str, col: str) -> None:
    values = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        i = df.index[np.flatnonzero(bad)[0]]
        v = df.loc[i, col]
        v = v.item() if hasattr(v, "item") else v
        raise InputError(_where(table, i, col), repr(v), "a finite number")


def validate(data: ModelData) -> None:
    """Check a :class:`ModelData` for everything the LP relies on.

    Raises
    ------
    InputError
        Missing columns, non-finite numbers, duplicated keys, unknown measure/region/year/
        target kind, floor > potential, negative capacity/share/GDP, an incomplete
        year set for a (measure, region), a lifetime <= 0, a cost item not in
        :data:`COST_ITEMS`, baseline or GDP rows a target needs, or what a target kind refuses
        (kinds are checked on the arrays, :func:`model.lp.kinds.check`).
    """
    from model.lp import kinds

    if not data.regions or not data.years:
        raise InputError("ModelData", "no regions or no years", "at least one of each")
    if list(data.years) != sorted(set(data.years)) or data.years[0] <= data.base_year:
        raise InputError("ModelData.years", str(data.years),
                         f"distinct increasing years after base_year {data.base_year}")
    if data.objective not in ("cost", "deployment"):
        raise InputError("ModelData.objective", repr(data.objective), "'cost' or 'deployment'")
    if data.horizon_end is not None and data.horizon_end < data.years[-1]:
        raise InputError("ModelData.horizon_end", str(data.horizon_end),
                         f"a year at or after the last model year {data.years[-1]}")
    if not math.isfinite(data.discount_rate) or not -0.5 < data.discount_rate < 1:
        raise InputError("ModelData.discount_rate", repr(data.discount_rate),
                         "a real rate per year in (-0.5, 1)")
    if data.measures.index.name != "measure" or data.measures.index.has_duplicates:
        raise InputError("ModelData.measures", f"index {data.measures.index.name!r}",
                         "a unique index named 'measure'")
    for table, cols in _COLUMNS.items():
        df = getattr(data, table)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise InputError(f"ModelData.{table}", f"columns {list(df.columns)}",
                             f"also the columns {missing}")
        for col in _NUMERIC.get(table, ()):
            _finite(df, table, col)
        if table in _KEYS:
            dup = df.duplicated(subset=list(_KEYS[table]), keep=False)
            if dup.any():
                i = df.index[dup][0]
                found = f"duplicated key {df.loc[i, list(_KEYS[table])].to_dict()}"
                raise InputError(_where(table, i), found, f"one row per {list(_KEYS[table])}")
    m = data.measures
    if "lifetime" in m.columns:
        life = pd.to_numeric(m["lifetime"], errors="coerce").fillna(math.inf)
        for name, v in life.items():
            if not v > 0:
                raise InputError(f"ModelData.measures measure {name!r} column 'lifetime'",
                                 repr(v), "a service life > 0 years (inf: never retires)")
    if "annual_cost" in m.columns:
        _finite(m, "measures", "annual_cost")
    measures = set(m.index)
    regions, years = set(data.regions), set(data.years)
    all_years = years | {data.base_year}

    def check_in(table: str, col: str, allowed: set, what: str) -> None:
        df = getattr(data, table)
        vals = df[col]
        if col == "year":
            vals = vals.astype(int)
        bad = ~vals.isin(allowed)
        if bad.any():
            i = df.index[bad][0]
            v = df.loc[i, col]
            v = v.item() if hasattr(v, "item") else v
            raise InputError(_where(table, i, col), f"unknown {what} {v!r}",
                             f"one of {sorted(allowed)}")

    check_in("effects", "measure", measures, "measure")
    check_in("bounds", "measure", measures, "measure")
    check_in("bounds", "region", regions, "region")
    check_in("bounds", "year", years, "model year")
    check_in("pools", "region", regions, "region")
    check_in("pools", "year", years, "model year")
    check_in("pool_members", "measure", measures, "measure")
    check_in("pool_members", "pool", set(data.pools["pool"]), "pool")
    check_in("baseline", "region", regions, "region")
    check_in("baseline", "year", all_years, "year")
    check_in("gdp", "region", regions, "region")
    check_in("gdp", "year", all_years, "year")
    check_in("costs", "measure", measures, "measure")
    check_in("costs", "item", set(COST_ITEMS), "cost item")
    check_in("costs", "year", years, "model year")
    check_in("targets", "year", years, "model year")
    for col in ("region", "year"):
        if col in data.effects.columns:
            sub = data.effects[data.effects[col].notna() & (data.effects[col] != "")]
            allowed = regions if col == "region" else years
            vals = sub[col] if col == "region" else sub[col].astype(int)
            bad = ~vals.isin(allowed)
            if bad.any():
                i = sub.index[bad][0]
                raise InputError(_where("effects", i, col), repr(sub.loc[i, col]),
                                 f"one of {sorted(allowed)} or empty (every one)")
    b = data.bounds
    bad = (b["floor"] < 0) | (b["floor"] > b["potential"] * (1 + 1e-12) + 1e-12)
    if bad.any():
        i = b.index[bad][0]
        raise InputError(_where("bounds", i), f"floor {b.loc[i, 'floor']} potential "
                         f"{b.loc[i, 'potential']}", "0 <= floor <= potential")
    # baseline values may be negative: CO2 of a net electricity exporter under net_import
    for table, col in (("pools", "capacity"), ("pool_members", "share"), ("gdp", "value")):
        df = getattr(data, table)
        bad = df[col] < 0
        if bad.any():
            i = df.index[bad][0]
            raise InputError(_where(table, i, col), repr(df.loc[i, col]), "a non-negative number")
    counts = b.groupby(["measure", "region"])["year"].nunique()
    short = counts[counts != len(data.years)]
    if len(short):
        (mm, r), n = next(iter(short.items()))
        raise InputError(f"ModelData.bounds measure {mm!r} region {r!r}",
                         f"{n} of {len(data.years)} model years",
                         "a row for every model year (capacity links the years)")
    kinds.check_names(data.targets)
