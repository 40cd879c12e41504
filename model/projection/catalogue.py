"""The measure catalogue: what each measure physically changes, read and checked (loading only).

Files of a catalogue folder (``scenarios/catalogue/``; every row sourced, estimates with their
method), all read with :func:`model.io.read_table`:

``measures.csv`` one row per measure:
    ``measure, family, label_zh, label_en, unit`` (unit of application, e.g. ``t coal/yr``,
    ``vehicle``, ``m3/d``); ``source_category`` (IPCC categories or prefixes separated by ``;``,
    or ``service``) and ``source_activity`` (an activity id; ``<type>.*`` = every standard) name
    the activity the measure acts on, ``source_unit`` its unit and ``source_per_unit`` how much
    of it one unit of the measure covers; ``lifetime`` (yr), ``lifetime_basis`` (``fixed``, or
    ``source``: a unit retires as its source does in the baseline, at the survival rate of the
    scenario's projection rule for that source, e.g. an early-replaced China 3 truck stands for
    one the baseline fleet would also retire), ``advance_years`` (a replacement brought forward
    by this many years; then lifetime = advance_years), ``max_build_share``
    (uptake cap: largest share of the potential built per calendar year), ``mandate``,
    ``eligible`` (counts toward load-reduction targets) and ``project_category`` (its key-project
    type), ``pool``; ``source, status, method``.
``changes.csv`` what one unit changes per year: ``measure, change, category, activity, gas,
    value, unit``; ``change`` is ``activity`` (activity data change, e.g. −1 t raw_coal,
    +4.28 MWh electricity; category ``source`` = the measure's source mix), ``abatement`` (share
    of the source's ``gas`` removed), ``service`` (units of a served indicator added),
    ``removal`` (added removal fraction of ``gas`` on the influent the served unit treats) or
    ``activity_mix`` (tce of the source's fuel mix saved).
``costs.csv`` ``measure, item, year, value, unit``: ``capital`` (CNY per unit built; a year row is
    the cost of that vintage, e.g. learning), ``om``, ``other_savings``, ``barrier`` (CNY per
    unit per yr), ``purchase`` (price of the vehicle bought ``advance_years`` early),
    ``residual`` (value lost of the vehicle it replaces, CNY per unit). The ``unit`` is read:
    money per the measure's unit (per year for om, barrier and other savings) in any form the
    registry converts — ``1500000 CNY/(kt/yr)`` is ``1500 CNY/(t/yr)``, ``CNY/t`` is a yearly cost
    per ``t/yr`` — and each row gets ``to_canonical``, the factor to CNY per unit of the measure
    (per year); a unit of another kind (``CNY/vehicle`` on a measure in t/yr) is refused.
``potentials.csv`` ``measure, region, year, potential_share, floor_share``: shares of the source
    amount reachable (and mandated) by year; blank region = every county; model years between
    rows are interpolated linearly, from 0 at the base year.
``pools.csv`` (optional) ``pool, year, capacity_share``: measures of a pool share one source;
    capacity = share × source amount.
``prices.csv`` (optional) ``activity, category, year, value, unit``: energy prices (CNY per
    unit of the activity) by IPCC category prefix (``*`` = any) for the energy bought or saved.

A catalogue with ``effects.csv`` (typed-in effect coefficients) is refused: effects follow from
the factor library (:mod:`model.projection.measures`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model import families
from model.errors import MAX_MAGNITUDE, InputError, nearest, one_of
from model.io import check_values_in, read_table
from model.units import convert

FAMILIES = families.FAMILIES  # the one family table: model.families
CHANGES = ("activity", "abatement", "service", "removal", "activity_mix")
COST_ITEMS = ("capital", "om", "other_savings", "barrier", "purchase", "residual")
#: cost items paid per unit per year (the others per unit built or replaced)
YEARLY_ITEMS = ("om", "other_savings", "barrier")


def cost_unit(item: str, measure_unit: str) -> str:
    """The canonical unit of a cost item of a measure counted in ``measure_unit``: CNY per unit
    (capital, purchase, residual) or CNY per unit per year (om, other_savings, barrier)."""
    return f"CNY/({measure_unit})" + ("/yr" if item in YEARLY_ITEMS else "")


def _cost_factors(co: pd.DataFrame, measures: pd.DataFrame, path: Path) -> list[float]:
    """Factor of each cost row from its ``unit`` to :func:`cost_unit` of its measure."""

    out = []
    for r, name, item, unit in zip(co["_row"], co["measure"], co["item"], co["unit"],
                                   strict=True):
        mu = measures.loc[name, "unit"]
        to = cost_unit(item, mu)
        try:
            out.append(convert(1.0, unit, to, f"{path} row {r} column 'unit'", labels=True))
        except InputError:
            per = "per unit per year" if item in YEARLY_ITEMS else "per unit"
            raise InputError(f"{path} row {r} column 'unit'", f"{unit!r} for {item} of "
                             f"{name!r}, counted in {mu!r}", f"CNY {per} of {mu!r}, e.g. "
                             f"{to}") from None
    return out
TRUE = ("true", "yes", "1")
FALSE = ("false", "no", "0", "")


@dataclass(frozen=True)
class CatalogueTables:
    """The catalogue files as read (``measures`` indexed by measure)."""

    measures: pd.DataFrame
    changes: pd.DataFrame
    costs: pd.DataFrame
    potentials: pd.DataFrame
    pools: pd.DataFrame
    prices: pd.DataFrame
    folder: Path


def _bool(df: pd.DataFrame, col: str, path: Path) -> list[bool]:
    out = []
    for r, v in zip(df["_row"], df[col], strict=True):
        s = str(v).strip().lower()
        if s not in TRUE + FALSE:
            raise InputError(f"{path} row {r} column '{col}'", repr(v), "true or false")
        out.append(s in TRUE)
    return out


def _num(df: pd.DataFrame, col: str, path: Path, default: float | None = None) -> list:
    out = []
    for r, v in zip(df["_row"], df[col] if col in df.columns else [""] * len(df), strict=True):
        s = str(v).strip()
        if not s or s.lower() == "nan":
            if default is None:
                out.append(float("nan"))
            else:
                out.append(default)
            continue
        try:
            out.append(float(s))
        except ValueError:
            raise InputError(f"{path} row {r} column '{col}'", repr(v), "a number") from None
    return out


def _year(df: pd.DataFrame, path: Path) -> list[int | None]:
    out: list[int | None] = []
    for r, v in zip(df["_row"], df["year"], strict=True):
        s = str(v).strip()
        if not s or s.lower() == "nan":
            out.append(None)
        elif s.isdigit():
            out.append(int(s))
        else:
            raise InputError(f"{path} row {r} column 'year'", repr(v), "a year or empty")
    return out


# ------------------------------------------------------------------ value rules
# One function per table, used when a file is read and when an uncertainty declaration
# samples one of its cells (model.sensitivity.declare), so a sampled value meets the rules
# the file's own values meet. Each raises InputError naming the file, row and column.

#: numeric columns of each table, and those that may be negative (read_table's rules)
NUMERIC = {"measures": ("lifetime", "source_per_unit", "advance_years", "max_build_share"),
           "changes": ("value",), "costs": ("value",),
           "potentials": ("potential_share", "floor_share"), "pools": ("capacity_share",),
           "prices": ("value",)}
NEGATIVE = {"changes": ("value",)}


def check_numbers(table: str, df: pd.DataFrame, path: Path) -> None:
    """Every numeric cell of ``table`` finite, at most 1e15 in magnitude, and non-negative
    unless the column allows it (what :func:`model.io.read_table` checks on reading)."""
    import math


    for col in NUMERIC.get(table, ()):
        if col not in df.columns:
            continue
        for r, v in zip(df["_row"], df[col], strict=True):
            if isinstance(v, str) or v is None or (isinstance(v, float) and math.isnan(v)
                                                   and col != "value"):
                continue  # a blank optional cell (advance_years, max_build_share)
            where = f"{path} row {r} column '{col}'"
            if not math.isfinite(v) or abs(v) > MAX_MAGNITUDE:
                raise InputError(where, f"{v!r}", "a finite number of magnitude at most 1e15")
            if v < 0 and col not in NEGATIVE.get(table, ()):
                raise InputError(where, f"{v:g}", "a non-negative number")


def check_measures(m: pd.DataFrame, p: Path) -> None:
    """Service life 1-100 yr, source_per_unit > 0, advance_years = lifetime when given, uptake
    cap in (0, 1]."""
    check_numbers("measures", m, p)
    for r, spu, adv, life, share in zip(m["_row"], m["source_per_unit"], m["advance_years"],
                                        m["lifetime"], m["max_build_share"], strict=True):
        if not 1 <= life <= 100:
            raise InputError(f"{p} row {r} column 'lifetime'", f"{life:g}",
                             "a service life between 1 and 100 years")
        if not spu > 0:
            raise InputError(f"{p} row {r} column 'source_per_unit'", repr(spu), "a number > 0")
        if adv == adv and adv != life:
            raise InputError(f"{p} row {r} column 'lifetime'", f"{life:g} with advance_years "
                             f"{adv:g}", "lifetime = advance_years (the effect lasts until the "
                             "replacement would have happened anyway)")
        if share == share and not 0 < share <= 1:
            raise InputError(f"{p} row {r} column 'max_build_share'", repr(share),
                             "an uptake cap in (0, 1] per year")


def check_changes(ch: pd.DataFrame, p: Path) -> None:
    """An abated share in (0, 1]; numbers finite and bounded."""
    check_numbers("changes", ch, p)
    for r, c, v in zip(ch["_row"], ch["change"], ch["value"], strict=True):
        if c == "abatement" and not 0 < v <= 1:
            raise InputError(f"{p} row {r} column 'value'", repr(v), "an abated share in (0, 1]")


def check_costs(co: pd.DataFrame, p: Path) -> None:
    """Non-negative costs below 1e10 CNY per unit (in the canonical unit)."""
    check_numbers("costs", co, p)
    factor = co["to_canonical"] if "to_canonical" in co.columns else [1.0] * len(co)
    for r, v, f in zip(co["_row"], co["value"], factor, strict=True):
        if abs(v * f) > 1e10:
            raise InputError(f"{p} row {r} column 'value'", f"{v * f:g} CNY",
                             "a cost per unit below 1e10 CNY (check the unit of application)")


def check_potentials(po: pd.DataFrame, p: Path) -> None:
    """0 <= floor_share <= potential_share <= 1 on every row."""
    check_numbers("potentials", po, p)
    for r, a, f in zip(po["_row"], po["potential_share"], po["floor_share"], strict=True):
        if not 0 <= f <= a <= 1:
            raise InputError(f"{p} row {r}", f"floor_share {f:g}, potential_share {a:g}",
                             "0 <= floor_share <= potential_share <= 1 (shares of the source)")


def check_table(table: str, df: pd.DataFrame, folder: Path) -> None:
    """The value rules of one catalogue table (``measures`` with its measure column, as read)."""
    p = Path(folder) / f"{table}.csv"
    {"measures": check_measures, "changes": check_changes, "costs": check_costs,
     "potentials": check_potentials}.get(table, lambda d, q: check_numbers(table, d, q))(df, p)


def check_regions(cat: CatalogueTables, counties: list[str], city: str | None) -> None:
    """The ``region`` of every potentials row is a county of the data pack or blank (every
    county). Raises InputError naming the row: a row for the city (potentials are shares of a
    county's source; the city's is the sum of its counties') or an unknown region (with the
    nearest county), which would otherwise be dropped without a word."""

    po = cat.potentials
    path = cat.folder / "potentials.csv"
    for r, region in zip(po["_row"], po["region"], strict=True):
        if region == "" or region in counties:
            continue
        where = f"{path} row {r} column 'region'"
        if city is not None and region == city:
            raise InputError(where, f"the city {region!r}", "a county of the data pack, or "
                             "blank for every county (the city's potential is its counties' sum)")
        raise InputError(where, f"unknown region {region!r}",
                         f"a county of the data pack, {one_of(counties, limit=4)}, or blank",
                         nearest(region, counties))


def load(folder: str | Path) -> CatalogueTables:
    """Read and check a catalogue folder (module docstring). Raises InputError naming the file,
    row and column on any bad input, and on a leftover ``effects.csv``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder", "a catalogue folder with measures.csv, "
                         "changes.csv, costs.csv, potentials.csv, pools.csv and prices.csv")
    if (folder / "effects.csv").exists():
        raise InputError(str(folder / "effects.csv"), "typed-in effect coefficients",
                         "physical changes in changes.csv: effects now follow from the factor "
                         "library", "state what one unit changes (t coal not burned, MWh "
                         "added) and delete effects.csv")
    p = folder / "measures.csv"
    m = read_table(p, ["measure", "family", "label_zh", "label_en", "unit", "source_category",
                       "source_activity", "source_unit", "lifetime"], key=["measure"],
                   numeric=("lifetime",),
                   optional=("source_per_unit", "advance_years", "max_build_share", "mandate",
                             "eligible", "project_category", "pool", "lifetime_basis", "note"))
    check_values_in(m, "family", FAMILIES, "measure family")
    for r, name in zip(m["_row"], m["measure"], strict=True):
        if not name or name != name.strip() or " " in name:
            raise InputError(f"{p} row {r} column 'measure'", repr(name), "an id without spaces")
    m["source_per_unit"] = _num(m, "source_per_unit", p, default=1.0)
    m["advance_years"] = _num(m, "advance_years", p)
    m["max_build_share"] = _num(m, "max_build_share", p)
    for col in ("mandate", "eligible"):
        m[col] = _bool(m, col, p) if col in m.columns else [col == "eligible"] * len(m)
    for col in ("project_category", "pool", "lifetime_basis"):
        if col not in m.columns:
            m[col] = ""
        m[col] = m[col].fillna("").astype(str).str.strip()
    m["lifetime_basis"] = m["lifetime_basis"].replace("", "fixed")
    check_values_in(m, "lifetime_basis", ("fixed", "source"), "lifetime basis")
    check_measures(m, p)
    m["unit"] = [" ".join(u.split()) for u in m["unit"]]

    for r, u in zip(m["_row"], m["unit"], strict=True):  # costs are read per this unit
        convert(1.0, u, u, f"{p} row {r} column 'unit'", labels=True)
    measures = m.set_index("measure")

    p = folder / "changes.csv"
    ch = read_table(p, ["measure", "change", "category", "activity", "value", "unit"],
                    numeric=("value",), allow_negative=("value",), optional=("gas", "note"))
    check_values_in(ch, "measure", measures.index, "measure")
    check_values_in(ch, "change", CHANGES, "change")
    if "gas" not in ch.columns:
        ch["gas"] = ""
    ch["gas"] = ch["gas"].fillna("").astype(str).str.strip()
    for r, c, g in zip(ch["_row"], ch["change"], ch["gas"], strict=True):
        if c in ("abatement", "removal") and not g:
            raise InputError(f"{p} row {r} column 'gas'", "an empty cell",
                             f"the gas or pollutant a {c} change acts on")
    check_changes(ch, p)
    missing = sorted(set(measures.index) - set(ch["measure"]))
    if missing:
        raise InputError(str(p), f"no change rows for measure(s) {missing}",
                         "at least one physical change per measure")

    p = folder / "costs.csv"
    co = read_table(p, ["measure", "item", "year", "value", "unit"], numeric=("value",),
                    key=["measure", "item", "year"], optional=("note",))
    check_values_in(co, "measure", measures.index, "measure")
    check_values_in(co, "item", COST_ITEMS, "cost item")
    co["year"] = _year(co, p)
    co["to_canonical"] = _cost_factors(co, measures, p)
    check_costs(co, p)

    p = folder / "potentials.csv"
    po = read_table(p, ["measure", "region", "year", "potential_share", "floor_share"],
                    key=["measure", "region", "year"],
                    numeric=("potential_share", "floor_share"), optional=("note",))
    check_values_in(po, "measure", measures.index, "measure")
    po["year"] = _year(po, p)
    po["region"] = po["region"].fillna("").astype(str).str.strip()
    for r, y in zip(po["_row"], po["year"], strict=True):
        if y is None:
            raise InputError(f"{p} row {r} column 'year'", "an empty cell", "a year")
    check_potentials(po, p)
    without = sorted(set(measures.index) - set(po["measure"]))
    if without:
        raise InputError(str(p), f"no potential rows for measure(s) {without}",
                         "the share of its source each measure can reach by year")

    p = folder / "pools.csv"
    if p.exists():
        pl = read_table(p, ["pool", "year", "capacity_share"], numeric=("capacity_share",),
                        optional=("note",))
        pl["year"] = _year(pl, p)
    else:  # no measures compete for one source
        pl = pd.DataFrame(columns=["pool", "year", "capacity_share", "_row"])
    named = set(measures["pool"]) - {""}
    for pool in sorted(named - set(pl["pool"])):
        raise InputError(f"{folder / 'measures.csv'} column 'pool'", f"pool {pool!r} with no "
                         f"rows in {p}", f"one of {sorted(set(pl['pool']))}")
    unused = sorted(set(pl["pool"]) - named)
    if unused:
        raise InputError(str(p), f"pool(s) {unused} that no measure belongs to",
                         "a pool named in the 'pool' column of measures.csv")
    for pool, grp in measures[measures["pool"] != ""].groupby("pool"):
        src = {(c, a, u) for c, a, u in zip(grp["source_category"], grp["source_activity"],
                                            grp["source_unit"], strict=True)}
        if len(src) > 1:
            raise InputError(f"{folder / 'measures.csv'} pool {pool!r}",
                             f"members with different sources {sorted(src)}",
                             "members of one pool acting on one source")

    p = folder / "prices.csv"
    if p.exists():
        pr = read_table(p, ["activity", "category", "year", "value", "unit"],
                        numeric=("value",), optional=("note",))
        pr["year"] = _year(pr, p)
    else:  # a measure that buys or saves energy then names the missing price
        pr = pd.DataFrame(columns=["activity", "category", "year", "value", "unit", "_row"])
    return CatalogueTables(measures=measures, changes=ch, costs=co, potentials=po, pools=pl,
                           prices=pr, folder=folder)
