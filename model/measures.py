"""The abatement-measure catalogue: unit costs, effects, potentials, floors and pools.

A catalogue is a folder of four long tables (see ``scenarios/README.md``):

* ``measures.csv`` — one row per abatement measure: ``measure, family, label_zh, label_en, unit,
  capital_cost, om_cost, savings, lifetime, pool, pool_share, source, status, method``. Costs
  in constant 2020 CNY per unit of application (capital), per unit per year (O&M, savings).
* ``effects.csv`` — ``measure, quantity, value, unit``: change per unit of application per year;
  positive = reduction of an emission or energy quantity, or more of a service indicator.
* ``potentials.csv`` — ``measure, region, year, potential, floor, unit`` in the measure's unit.
* ``pools.csv`` — ``pool, region, year, capacity, unit``: the activity that competing measures
  share (``sum_{m in pool} share[m] * x[m,r,y] <= capacity[pool,r,y]``).

:func:`load_catalogue` reads, checks and converts them to the canonical floats of
``docs/CONTRACTS.md`` section 5 and annualises costs with the capital recovery factor.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.io import check_values_in, read_table
from model.services import SERVICES
from model.units import convert

#: Measure families (issue #2).
FAMILIES = ("electrification", "coal_control", "ultra_low_emission", "vehicles", "voc",
            "wastewater", "manure", "efficiency")
#: Emission quantities an effect may name, with the canonical unit of the effect.
EMISSION_QUANTITIES = {
    "COD": "t/yr", "NH3-N": "t/yr", "NOx": "t/yr", "SO2": "t/yr", "VOCs": "t/yr",
    "PM2.5": "t/yr", "CO2": "t CO2/yr", "energy": "tce/yr",
    # electricity use (positive = less use); its CO2 depends on the scenario's co2_scope and is
    # added to the CO2 effect by model.pipeline (model.inventory.electricity_co2_factor)
    "electricity": "MWh/yr",
}
#: Service indicators (``inventories/<city>/services.csv``) with their own units. The total
#: each one is measured against is ``<id>:total`` in the baseline (CONTRACTS.md section 5).
SERVICE_INDICATORS = {s: unit for s, (_, unit) in SERVICES.items()}


@dataclass(frozen=True)
class Catalogue:
    """The measure catalogue in canonical floats.

    Attributes
    ----------
    measures:
        Indexed by ``measure``; columns ``family, unit, label_zh, label_en, capital_cost`` (CNY
        per unit), ``om_cost, savings`` (CNY per unit per yr), ``lifetime`` (yr),
        ``annual_cost`` (CNY per unit per yr, see :func:`annual_cost`).
    effects:
        ``measure, quantity, value``: per unit of application per yr, in t/yr (pollutants),
        t CO2/yr, tce/yr or the service indicator's unit; positive = reduction / more served.
    bounds:
        ``measure, region, year, floor, potential`` in the measure's unit, one row for every
        measure x region x model year.
    pools:
        ``pool, region, year, capacity`` in the unit of the pool's members.
    pool_members:
        ``pool, measure, share`` (dimensionless).
    """

    measures: pd.DataFrame
    effects: pd.DataFrame
    bounds: pd.DataFrame
    pools: pd.DataFrame
    pool_members: pd.DataFrame


#: Plausible service lives (yr) of an abatement measure: below 1 yr a "capital" cost is an
#: operating cost; above 100 yr the annuity is the interest rate itself.
MIN_LIFETIME, MAX_LIFETIME = 1, 100
#: Largest cost per unit of application accepted (CNY); larger values are unit mistakes.
MAX_UNIT_COST = 1e10


def capital_recovery_factor(rate: float, lifetime: float) -> float:
    """Capital recovery factor ``r(1+r)^n / ((1+r)^n - 1)`` (1/yr); ``1/n`` when ``r == 0``.

    Source: the standard annuity formula of engineering economics (e.g. Park, *Contemporary
    Engineering Economics*, ch. 3); GAINS annualises abatement investment the same way (Amann
    et al. 2011, Environ. Model. Softw. 26:1489, doi:10.1016/j.envsoft.2011.07.012).

    Raises ``ValueError`` if ``lifetime <= 0`` or ``rate <= -1``.
    """
    if lifetime <= 0:
        raise ValueError(f"lifetime must be positive, got {lifetime}")
    if rate <= -1:
        raise ValueError(f"discount rate must be > -1, got {rate}")
    if rate == 0:
        return 1.0 / lifetime
    if lifetime * math.log1p(rate) > 700:  # (1+r)^n would overflow; the annuity tends to r
        return rate
    growth = (1.0 + rate) ** lifetime
    return rate * growth / (growth - 1.0)


def annual_cost(capital: float, om: float, savings: float, rate: float, lifetime: float) -> float:
    """Equivalent annual cost (CNY per unit per yr): ``CRF(rate, n) * capital + om - savings``.

    May be negative (a no-regret measure whose savings exceed its annualised cost).
    """
    return capital_recovery_factor(rate, lifetime) * capital + om - savings


def _split_per(unit: str, where: str) -> tuple[str, str]:
    """Split an effect unit ``"<quantity unit> per <measure unit>"`` into its two parts."""
    if " per " not in unit:
        raise InputError(where, f"unit {unit!r}", "'<unit of the effect> per <measure unit>', "
                         "e.g. 't/yr per vehicle'")
    num, den = unit.split(" per ", 1)
    return num.strip(), " ".join(den.split())


def same_unit_text(a: str, b: str) -> bool:
    """True if two unit strings are the same text up to spacing and ``m3``/``m**3``/``m^3``."""
    def norm(u: str) -> str:
        return "".join(u.split()).replace("m**3", "m3").replace("m^3", "m3")
    return norm(a) == norm(b)


def _canonical_effect(value: float, num: str, quantity: str, where: str) -> float:
    """Convert an effect's numerator to the canonical unit of ``quantity``."""
    if quantity in SERVICE_INDICATORS:
        target = SERVICE_INDICATORS[quantity]
        if same_unit_text(num, target):
            return value
        return convert(value, num, target, where=where)
    target = EMISSION_QUANTITIES[quantity]
    if quantity in ("CO2", "energy"):
        return convert(value, num, target, where=where)
    try:  # a pollutant may be written 't/yr' or with its species, 't NOx/yr'
        return convert(value, num, target, where=where)
    except InputError:
        return convert(value, num, f"t {quantity}/yr", where=where)


def _years(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    out = []
    for r, y in zip(df["_row"], df["year"], strict=True):
        try:
            out.append(int(str(y)))
        except ValueError:
            raise InputError(f"{path} row {r} column 'year'", repr(y), "a year such as 2025") \
                from None
    df = df.copy()
    df["year"] = out
    return df


def _check_unit_matches(df: pd.DataFrame, column: str, expected: dict[str, str], key: str,
                        path: Path, what: str) -> None:
    for r, k, u in zip(df["_row"], df[key], df[column], strict=True):
        if not same_unit_text(str(u), expected[k]):
            raise InputError(f"{path} row {r} column '{column}'", f"unit {u!r}",
                             f"{expected[k]!r}, the unit of {what} {k!r}")


def _read_measures(folder: Path, rate: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    path = folder / "measures.csv"
    df = read_table(path, required=["measure", "family", "label_zh", "label_en", "unit",
                                    "capital_cost", "om_cost", "savings", "lifetime"],
                    key=["measure"], numeric=("capital_cost", "om_cost", "savings", "lifetime"),
                    optional=("pool", "pool_share"))
    check_values_in(df, "family", FAMILIES, "measure family")
    for r, m, n in zip(df["_row"], df["measure"], df["lifetime"], strict=True):
        if not m or m != m.strip() or " " in m:
            raise InputError(f"{path} row {r} column 'measure'", repr(m), "an id without spaces")
        if not MIN_LIFETIME <= n <= MAX_LIFETIME:
            raise InputError(f"{path} row {r} column 'lifetime'", f"{n:g}",
                             f"a service life between {MIN_LIFETIME} and {MAX_LIFETIME} years")
    for col in ("capital_cost", "om_cost", "savings"):
        for r, v in zip(df["_row"], df[col], strict=True):
            if abs(v) > MAX_UNIT_COST:
                raise InputError(f"{path} row {r} column '{col}'", f"{v:g} CNY",
                                 f"a cost per unit below {MAX_UNIT_COST:g} CNY (check the unit "
                                 "of application)")
    df["unit"] = [" ".join(u.split()) for u in df["unit"]]
    df["annual_cost"] = [
        annual_cost(c, o, s, rate, n)
        for c, o, s, n in zip(df["capital_cost"], df["om_cost"], df["savings"], df["lifetime"],
                              strict=True)
    ]
    members = []
    pool_col = df["pool"] if "pool" in df.columns else [""] * len(df)
    share_col = df["pool_share"] if "pool_share" in df.columns else [""] * len(df)
    for r, m, p, s in zip(df["_row"], df["measure"], pool_col, share_col, strict=True):
        if not p:
            if s:
                raise InputError(f"{path} row {r} column 'pool'", "an empty cell",
                                 f"the pool that pool_share {s!r} refers to")
            continue
        if not s:
            raise InputError(f"{path} row {r} column 'pool_share'", "an empty cell",
                             f"the share of pool {p!r} one unit of {m!r} uses (e.g. 1)")
        try:
            share = float(s)
        except ValueError:
            raise InputError(f"{path} row {r} column 'pool_share'", repr(s), "a number") from None
        if not share > 0:
            raise InputError(f"{path} row {r} column 'pool_share'", repr(s), "a share > 0")
        members.append({"pool": p, "measure": m, "share": share})
    cols = ["family", "unit", "label_zh", "label_en", "capital_cost", "om_cost", "savings",
            "lifetime", "annual_cost"]
    measures = df.set_index("measure")[cols]
    measures.attrs = {}
    return measures, pd.DataFrame(members, columns=["pool", "measure", "share"])


def _read_effects(folder: Path, measures: pd.DataFrame) -> pd.DataFrame:
    path = folder / "effects.csv"
    df = read_table(path, required=["measure", "quantity", "value", "unit"],
                    key=["measure", "quantity"], allow_negative=("value",))
    check_values_in(df, "measure", measures.index, "measure")
    check_values_in(df, "quantity", list(EMISSION_QUANTITIES) + list(SERVICE_INDICATORS),
                    "quantity")
    values = []
    for r, m, q, v, u in zip(df["_row"], df["measure"], df["quantity"], df["value"], df["unit"],
                             strict=True):
        where = f"{path} row {r} column 'unit'"
        num, den = _split_per(u, where)
        if not same_unit_text(den, measures.at[m, "unit"]):
            raise InputError(where, f"'per {den}'",
                             f"'per {measures.at[m, 'unit']}', the unit of measure {m!r}")
        values.append(_canonical_effect(v, num, q, where))
    missing = sorted(set(measures.index) - set(df["measure"]))
    if missing:
        raise InputError(str(path), f"no effect rows for measure(s) {missing}",
                         "at least one effect per measure (what it changes, per unit, per yr)")
    return pd.DataFrame({"measure": df["measure"].tolist(), "quantity": df["quantity"].tolist(),
                         "value": values})


def _complete(df: pd.DataFrame, dims: list[str], wanted: pd.MultiIndex, path: Path,
              what: str) -> None:
    have = set(map(tuple, df[dims].itertuples(index=False, name=None)))
    for item in wanted:
        if tuple(item) not in have:
            raise InputError(str(path), f"no row for {dict(zip(dims, item, strict=True))}",
                             f"one row per {' x '.join(dims)} ({what}; write 0 explicitly "
                             "where a measure does not apply)")


def _read_bounds(folder: Path, measures: pd.DataFrame, regions: list[str],
                 years: list[int]) -> pd.DataFrame:
    path = folder / "potentials.csv"
    df = read_table(path, required=["measure", "region", "year", "potential", "floor", "unit"],
                    key=["measure", "region", "year"], numeric=("potential", "floor"))
    check_values_in(df, "measure", measures.index, "measure")
    check_values_in(df, "region", regions, "region")
    df = _years(df, path)
    _check_unit_matches(df, "unit", measures["unit"].to_dict(), "measure", path, "measure")
    for r, f, p in zip(df["_row"], df["floor"], df["potential"], strict=True):
        if f > p:
            raise InputError(f"{path} row {r} column 'floor'", f"floor {f:g} > potential {p:g}",
                             "floor <= potential (a mandate cannot exceed what is possible)")
    df = df[df["year"].isin(years)]
    wanted = pd.MultiIndex.from_product([list(measures.index), regions, years])
    _complete(df, ["measure", "region", "year"], wanted, path, "potential and floor")
    return df[["measure", "region", "year", "floor", "potential"]].reset_index(drop=True)


def _read_pools(folder: Path, measures: pd.DataFrame, members: pd.DataFrame, regions: list[str],
                years: list[int]) -> pd.DataFrame:
    path = folder / "pools.csv"
    df = read_table(path, required=["pool", "region", "year", "capacity", "unit"],
                    key=["pool", "region", "year"], numeric=("capacity",))
    mpath = folder / "measures.csv"
    names = set(df["pool"])
    for p in sorted(set(members["pool"]) - names):
        near = difflib.get_close_matches(p, sorted(names), n=1)
        raise InputError(f"{mpath} column 'pool'", f"pool {p!r} with no rows in {path}",
                         f"one of {sorted(names)}", f"did you mean {near[0]!r}?" if near else None)
    unused = sorted(names - set(members["pool"]))
    if unused:
        raise InputError(str(path), f"pool(s) {unused} that no measure belongs to",
                         f"a pool named in the 'pool' column of {mpath}")
    check_values_in(df, "region", regions, "region")
    df = _years(df, path)
    pool_unit = {}
    for p, grp in members.groupby("pool"):
        units = {measures.at[m, "unit"] for m in grp["measure"]}
        if len(units) > 1:
            raise InputError(f"{mpath} pool {p!r}", f"members in different units {sorted(units)}",
                             "members of one pool in the same unit")
        pool_unit[p] = units.pop()
    _check_unit_matches(df, "unit", pool_unit, "pool", path, "the members of pool")
    df = df[df["year"].isin(years)]
    wanted = pd.MultiIndex.from_product([sorted(pool_unit), regions, years])
    _complete(df, ["pool", "region", "year"], wanted, path, "pool capacity")
    return df[["pool", "region", "year", "capacity"]].reset_index(drop=True)


def load_catalogue(folder: str | Path, regions: list[str], years: list[int],
                   discount_rate: float) -> Catalogue:
    """Read and check a measure catalogue folder; return it in canonical floats.

    Parameters
    ----------
    folder:
        Folder holding ``measures.csv``, ``effects.csv``, ``potentials.csv``, ``pools.csv``.
    regions:
        Region ids of the model (counties); every measure needs a potential row in each.
    years:
        Model years; potential and pool rows of other years are ignored.
    discount_rate:
        Real discount rate (fraction, e.g. 0.08) used to annualise capital costs.

    Returns
    -------
    Catalogue
        See :class:`Catalogue`; ``annual_cost = CRF(rate, lifetime) * capital_cost + om_cost -
        savings`` (:func:`capital_recovery_factor`).

    Raises
    ------
    InputError
        On any bad table (see :func:`model.io.read_table`), an unknown family, measure, region,
        quantity or pool (with "did you mean"), a measure without effects, an effect or potential
        whose unit does not match the measure's unit, floor > potential, or a missing
        measure x region x year row.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder", "a catalogue folder with measures.csv, "
                         "effects.csv, potentials.csv and pools.csv")
    regions, years = list(regions), [int(y) for y in years]
    measures, members = _read_measures(folder, discount_rate)
    effects = _read_effects(folder, measures)
    bounds = _read_bounds(folder, measures, regions, years)
    pools = _read_pools(folder, measures, members, regions, years)
    return Catalogue(measures=measures, effects=effects, bounds=bounds, pools=pools,
                     pool_members=members)
