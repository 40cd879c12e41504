"""ModelData (CONTRACTS §5) and the orchestration of the LP build.

:func:`build_model` turns a validated :class:`ModelData` into a Pyomo ``ConcreteModel`` with
mutable Params for every coefficient a sensitivity run changes, so the model is built once and
re-solved many times after :func:`update_params`. The mathematics is DESIGN.md §4; each
constraint family lives in its own module with its equation in the docstring.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import pyomo.environ as pyo

from model.errors import InputError
from model.lp import intensity, objective, params, pools, potentials, service, sets, targets

TARGET_KINDS = ("load_reduction", "intensity", "service_level", "cap")


@dataclass(frozen=True)
class ModelData:
    """Scenario data for the LP, in canonical units (plain floats), CONTRACTS §5.

    Attributes
    ----------
    regions, years, base_year:
        Region ids, model (target/pathway) years in increasing order, the base year (< years).
    measures:
        Indexed by ``measure``; columns ``family, unit, annual_cost`` (CNY per unit of the
        measure per year; negative = net saving), ``label_zh, label_en``.
    effects:
        ``measure, quantity, value``: change per unit of application per year; positive is a
        reduction of an emission/energy quantity (t, t CO2, tce) or an increase of a service
        indicator.
    bounds:
        ``measure, region, year, floor, potential`` in the measure's unit; one row per model year
        for every (measure, region) pair that can be applied (absent pairs cannot be applied).
    pools, pool_members:
        ``pool, region, year, capacity`` and ``pool, measure, share`` (capacity units per unit).
    baseline:
        ``region, year, quantity, value`` for the base year and every model year (``CO2`` t,
        ``energy`` tce, pollutants t, service indicators and ``<id>:total``).
    gdp:
        ``region, year, value`` in CNY at constant base-year prices.
    targets:
        ``target, kind, quantity, year, value, unit, label_zh, label_en, source``. ``value`` is
        t (load_reduction, cap) or a fraction 0-1 (intensity: reduction vs base year;
        service_level: share of the total).
    discount_rate:
        Real discount rate per year (fraction), for df[y] = (1 + r)^-(y - base_year).
    """

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


_COLUMNS = {
    "measures": ("family", "unit", "annual_cost", "label_zh", "label_en"),
    "effects": ("measure", "quantity", "value"),
    "bounds": ("measure", "region", "year", "floor", "potential"),
    "pools": ("pool", "region", "year", "capacity"),
    "pool_members": ("pool", "measure", "share"),
    "baseline": ("region", "year", "quantity", "value"),
    "gdp": ("region", "year", "value"),
    "targets": ("target", "kind", "quantity", "year", "value", "unit", "label_zh", "label_en",
                "source"),
}
_NUMERIC = {
    "measures": ("annual_cost",), "effects": ("value",), "bounds": ("floor", "potential"),
    "pools": ("capacity",), "pool_members": ("share",), "baseline": ("value",),
    "gdp": ("value",), "targets": ("value",),
}
_KEYS = {
    "effects": ("measure", "quantity"), "bounds": ("measure", "region", "year"),
    "pools": ("pool", "region", "year"), "pool_members": ("pool", "measure"),
    "baseline": ("region", "year", "quantity"), "gdp": ("region", "year"), "targets": ("target",),
}


def _where(table: str, i: object, col: str | None = None) -> str:
    loc = f"ModelData.{table} row {i}"
    return f"{loc} column '{col}'" if col else loc


def validate(data: ModelData) -> None:
    """Check a :class:`ModelData` for everything the LP relies on.

    Raises
    ------
    InputError
        Missing columns, NaN/inf numbers, duplicated keys, unknown measure/region/year/kind,
        floor > potential, negative capacity/share/GDP, a fraction target outside [0, 1), an
        incomplete year set for a (measure, region), or baseline/GDP rows a target needs;
        a service served above its total, or a measure with potential > 0 on a service in a
        region whose total is 0 (:func:`model.lp.service.check_service_data`).
    """
    if not data.regions or not data.years:
        raise InputError("ModelData", "no regions or no years", "at least one of each")
    if list(data.years) != sorted(set(data.years)) or data.years[0] <= data.base_year:
        raise InputError("ModelData.years", str(data.years),
                         f"distinct increasing years after base_year {data.base_year}")
    if not math.isfinite(data.discount_rate) or not 0 <= data.discount_rate < 1:
        raise InputError("ModelData.discount_rate", repr(data.discount_rate),
                         "a fraction in [0, 1)")
    if data.measures.index.name != "measure" or data.measures.index.has_duplicates:
        raise InputError("ModelData.measures", f"index {data.measures.index.name!r}",
                         "a unique index named 'measure'")
    for table, cols in _COLUMNS.items():
        df = getattr(data, table)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise InputError(f"ModelData.{table}", f"columns {list(df.columns)}",
                             f"also the columns {missing}")
        for col in _NUMERIC[table]:
            for i, v in df[col].items():
                if not isinstance(v, int | float) or not math.isfinite(float(v)):
                    raise InputError(_where(table, i, col), repr(v), "a finite float")
        if table in _KEYS:
            dup = df.duplicated(subset=list(_KEYS[table]), keep=False)
            if dup.any():
                i = df.index[dup][0]
                found = f"duplicated key {df.loc[i, list(_KEYS[table])].to_dict()}"
                raise InputError(_where(table, i), found,
                                 f"one row per {list(_KEYS[table])}")
    measures = set(data.measures.index)
    regions, years = set(data.regions), set(data.years)
    all_years = years | {data.base_year}

    def check_in(table: str, col: str, allowed: set, what: str) -> None:
        df = getattr(data, table)
        for i, v in df[col].items():
            if v not in allowed:
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
    check_in("targets", "kind", set(TARGET_KINDS), "target kind")
    check_in("targets", "year", years, "model year")
    for i, row in data.bounds.iterrows():
        if row["floor"] < 0 or row["floor"] > row["potential"]:
            raise InputError(_where("bounds", i),
                             f"floor {row['floor']} potential {row['potential']}",
                             "0 <= floor <= potential")
    for table, col in (("pools", "capacity"), ("pool_members", "share"), ("gdp", "value"),
                       ("baseline", "value")):
        df = getattr(data, table)
        for i, v in df[col].items():
            if v < 0:
                raise InputError(_where(table, i, col), repr(v), "a non-negative number")
    counts = data.bounds.groupby(["measure", "region"])["year"].nunique()
    for (m, r), n in counts.items():
        if n != len(data.years):
            raise InputError(f"ModelData.bounds measure {m!r} region {r!r}",
                             f"{n} of {len(data.years)} model years",
                             "a row for every model year (no-regret links consecutive years)")
    base = set(data.baseline[["region", "year", "quantity"]].itertuples(index=False, name=None))
    gdp = set(data.gdp[["region", "year"]].itertuples(index=False, name=None))
    for i, t in data.targets.iterrows():
        kind, q, y, v = t["kind"], t["quantity"], int(t["year"]), float(t["value"])
        upper_ok = v < 1 if kind == "intensity" else v <= 1
        if kind in ("intensity", "service_level") and not (v >= 0 and upper_ok):
            raise InputError(_where("targets", i, "value"), repr(v),
                             "a fraction (0.17 for -17 %), not a percentage")
        need = []
        if kind in ("intensity", "cap", "service_level"):
            need += [(r, y, q) for r in data.regions]
        if kind == "intensity":
            need += [(r, data.base_year, q) for r in data.regions]
            for r in data.regions:
                for yy in (data.base_year, y):
                    if (r, yy) not in gdp:
                        raise InputError(_where("targets", i), f"no GDP for {r!r} {yy}",
                                         "ModelData.gdp rows for every region in base and "
                                         "target year")
        if kind == "service_level":
            need += [(r, y, f"{q}:total") for r in data.regions]
        for key in need:
            if key not in base:
                raise InputError(_where("targets", i), f"no baseline for {key}",
                                 f"a ModelData.baseline row (region, year, quantity) = {key}")
    service.check_service_data(data)


def build_model(data: ModelData) -> pyo.ConcreteModel:
    """Build the LP of DESIGN.md §4 from ``data`` (validated first).

    Components: sets ``region, measure, year, quantity, target, pool`` (see
    :mod:`model.lp.sets`); mutable Params (:mod:`model.lp.params`); ``x[measure, region, year]
    >= 0`` over the (measure, region, year) rows of ``data.bounds``; one component per family:
    ``no_regret``, ``pool_row``, ``load_row``, ``cap_row``, ``intensity_row``, ``service_row``,
    ``service_cap`` (no service above 100 % in any region, :mod:`model.lp.service`);
    objective ``cost`` (and the deactivated diagnosis objectives of :mod:`model.lp.objective`).

    Raises :class:`InputError` on invalid data (see :func:`validate`).
    """
    validate(data)
    model = pyo.ConcreteModel(name="peakplan")
    sets.add_sets(model, data)
    params.add_params(model, data)
    potentials.add_variables(model, data)
    potentials.add_potentials(model, data)
    pools.add_pools(model, data)
    targets.add_shortfall(model, data)
    targets.add_targets(model, data)
    intensity.add_intensity(model, data)
    service.add_service(model, data)
    service.add_service_caps(model, data)
    objective.add_objective(model, data)
    model.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    model.rc = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    return model


update_params = params.update_params
