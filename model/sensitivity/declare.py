"""Resolve the scenario's ``uncertainty`` declarations into checked parameters.

A declaration (:class:`model.schema.UncertainParameter`) names a scenario value by its dotted
path or a table column with a row selector. :func:`resolve` finds it, classifies it by the
stage it reaches and checks its distribution against what that stage accepts:

=================  =====================================================  ==============
class              target                                                 stage reached
=================  =====================================================  ==============
discount_rate      ``discount_rate.value``                                LP (exact)
target             ``targets.<id>.value``                                 LP (exact)
cost               ``catalogue/costs.csv:value[...]``                     LP (exact)
potential_share    ``catalogue/potentials.csv:potential_share[...]``      LP (exact)
floor_share        ``catalogue/potentials.csv:floor_share[...]``          LP (exact)
pool_share         ``catalogue/pools.csv:capacity_share[...]``            LP (exact)
air_quality        ``air_quality.observed|background.value``,             LP (exact: the
                   ``air_quality.response.<precursor>.value``             concentration rows)
growth             ``drivers.gdp_real_growth.<year>.value``               upstream (numpy)
population         ``drivers.population_growth.value``                    upstream (numpy)
elasticity         ``projection.<rule>.elasticity.value``                 upstream (numpy)
survival           ``projection.<rule>.survival.<standard>.value``        upstream (numpy)
addition           ``activity_additions.<i>.value``                       upstream (numpy)
activity           ``inventory/<file>:value[...]`` (fuel, electricity,    upstream (numpy)
                   generation, vehicle and process rows of the ledger)
scenario_other     any other numeric scenario value                       derive() (exact)
catalogue_other    any other numeric catalogue column (changes, prices)   derive() (exact)
=================  =====================================================  ==============

Upstream classes are recomputed with numpy (:mod:`model.sensitivity.upstream`); where a
sample moves what the numpy path holds fixed (the split of a measure over its source rows,
the non-fossil margin, which measures apply), that sample takes the exact ``derive()`` path and
the run reports how many did. Every error is one :class:`~model.errors.InputError` line naming
the key, what was found and what was expected (the nearest valid name where there is one).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import InputError, one_of, summarise
from model.sensitivity import distributions as dists

LP_CLASSES = ("discount_rate", "target", "cost", "potential_share", "floor_share", "pool_share",
              "air_quality")
UPSTREAM_CLASSES = ("growth", "population", "elasticity", "survival", "addition", "activity")
FALLBACK_CLASSES = ("scenario_other", "catalogue_other")
CATALOGUE_TABLES = {"measures.csv": "measures", "changes.csv": "changes", "costs.csv": "costs",
                    "potentials.csv": "potentials", "pools.csv": "pools",
                    "prices.csv": "prices"}
#: ledger kinds whose coefficients do not depend on their own amounts (activity factors)
FACTOR_KINDS = ("fuel", "electricity", "generation", "vehicle", "process")
_TABLE = re.compile(r"^(catalogue|inventory)/([^:\[\]]+):([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$")


@dataclass
class Param:
    """One resolved uncertain parameter.

    ``klass`` (module docstring table), ``scale`` (value | factor), ``dist`` (marginal of the
    sampled number), ``central`` (the scenario's own value; 1 for a factor), ``to_model``
    (multiplier from the number as written to the model's unit, e.g. % -> fraction), ``info``
    (what the class needs: target id, rule name, table rows, ledger rows ...), ``path`` (dotted
    scenario path, scenario classes).
    """

    name: str
    target: str
    klass: str
    scale: str
    dist: dists.Dist
    central: float
    group: str | None = None
    to_model: float = 1.0
    path: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    source: str = ""

    @property
    def stage(self) -> str:
        if self.klass in LP_CLASSES:
            return "lp"
        return "upstream" if self.klass in UPSTREAM_CLASSES else "derive"


@dataclass
class ParameterSet:
    """The resolved parameters in declaration order, the rank-correlation matrix (identity
    without correlations) and the group of each parameter (its own name without one)."""

    params: list[Param]
    corr: np.ndarray

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]

    @property
    def groups(self) -> list[str]:
        return [p.group or p.name for p in self.params]

    @property
    def has_groups(self) -> bool:
        return any(p.group for p in self.params)

    @property
    def correlated(self) -> bool:
        return bool(np.any(self.corr != np.eye(len(self.params))))

    def values(self, u: np.ndarray) -> np.ndarray:
        """Sampled numbers [N, D] (as written in the scenario or table, or factors) at unit
        quantiles ``u`` [N, D]."""
        out = np.empty_like(np.asarray(u, dtype=float))
        for j, p in enumerate(self.params):
            out[:, j] = p.dist.ppf(u[:, j])
        return out

    def describe(self) -> list[dict]:
        return [{"name": p.name, "target": p.target, "class": p.klass, "stage": p.stage,
                 "scale": p.scale, "distribution": p.dist.describe(), "central": p.central,
                 "group": p.group or "", "source": p.source} for p in self.params]


def _near(word: str, options) -> str | None:
    near = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.4)
    return f"did you mean {near[0]!r}?" if near else None


# --------------------------------------------------------------------------- scenario paths

def _walk(raw: dict, segs: list[str], where: str):
    """The node at ``segs`` of the raw scenario mapping, with the list items passed."""
    from model.scenario import _locate

    node, items = raw, []
    for depth, seg in enumerate(segs):
        w = f"{where} {'.'.join(segs[: depth + 1])}"
        if isinstance(node, list):
            i = _locate(node, seg, w)
            items.append(node[i])
            node = node[i]
        elif isinstance(node, dict):
            if seg not in node:
                raise InputError(w, f"unknown key {seg!r}", one_of(sorted(map(str, node))),
                                 _near(seg, node))
            node = node[seg]
        else:
            raise InputError(w, f"a scalar ({node!r})", "a mapping or a list to index into")
    return node, items


def _scenario_param(decl, raw: dict, sc, loaded, where: str) -> dict:
    from model.units import convert

    segs = [s for s in decl.target.split(".") if s]
    node, items = _walk(raw, segs, f"{where}.target")
    if isinstance(node, bool) or not isinstance(node, int | float):
        raise InputError(f"{where}.target", f"{decl.target} holds {node!r}",
                         "a path to a number (e.g. discount_rate.value)")
    parent = items[-1] if items else None
    unit = None
    out: dict = {"central": float(node), "path": segs, "info": {}}
    head = segs[0]
    if segs == ["discount_rate", "value"]:
        unit = raw["discount_rate"].get("unit", "1")
        out.update(klass="discount_rate", domain=(-0.5, 1.0))
    elif head == "targets" and len(segs) == 3 and segs[2] == "value":
        t = next(t for t in sc.targets if t.id == parent["id"])
        if not t.enabled:
            raise InputError(f"{where}.target", f"target {t.id!r}, which is disabled",
                             "an enabled target")
        out.update(klass="target", info={"target": t.id})
        fractions = ("intensity", "service_level", "reduction_vs_base", "peak")
        if t.kind in fractions:
            unit = t.unit
            out["domain"] = (0.0, 1.0)
        else:
            from model.pipeline import QUANTITY_UNITS

            out["to_model"] = convert(1.0, t.unit, QUANTITY_UNITS.get(t.quantity, t.unit),
                                      where=f"{where}.target")
            out["domain"] = (0.0, math.inf)
    elif segs[:2] == ["drivers", "gdp_real_growth"] and len(segs) == 4 and segs[3] == "value":
        unit = parent.get("unit", "1")
        out.update(klass="growth", info={"year": int(parent["year"]),
                                         "region": parent.get("region")}, domain=(-0.5, 0.5))
    elif segs == ["drivers", "population_growth", "value"]:
        unit = raw["drivers"]["population_growth"].get("unit", "1/year")
        out["to_model"] = convert(1.0, unit, "1/year", where=f"{where}.target")
        unit = None
        out.update(klass="population", domain=(-0.2, 0.2))
    elif head == "projection" and len(segs) == 4 and segs[2:] == ["elasticity", "value"]:
        from model.pipeline import ELASTICITY_RANGE

        unit = parent["elasticity"].get("unit", "1")
        out.update(klass="elasticity", info={"rule": parent["name"]}, domain=ELASTICITY_RANGE)
    elif head == "projection" and len(segs) == 5 and segs[2] == "survival" and \
            segs[4] == "value":
        unit = parent["survival"][segs[3]].get("unit", "1")
        out.update(klass="survival", info={"rule": parent["name"], "standard": segs[3]},
                   domain=(1e-9, 1.0))
    elif head == "activity_additions" and len(segs) == 3 and segs[2] == "value":
        i = raw["activity_additions"].index(parent)
        a = sc.activity_additions[i]
        rows = loaded.ledger.rows
        hit = rows.index[(rows["region"] == a.region) & (rows["category"] == a.category)
                         & (rows["activity"] == a.activity)]
        if not len(hit):
            raise InputError(f"{where}.target", f"an addition to no ledger row ({a.region} "
                             f"{a.category} {a.activity})", "an addition the baseline takes")
        out["to_model"] = convert(1.0, a.unit, rows["unit"].iloc[int(hit[0])],
                                  where=f"{where}.target")
        out.update(klass="addition", info={"row": int(hit[0]), "year": int(a.year)},
                   domain=(-math.inf, math.inf))
    elif head == "air_quality" and segs[-1] == "value" and (
            segs[1:3] in (["observed", "value"], ["background", "value"])
            or (len(segs) == 4 and segs[1] == "response")):
        from model.airquality import RESPONSE_KEYS, UNIT

        field = segs[1]
        holder = _walk(raw, segs[:-1], f"{where}.target")[0]  # the mapping holding 'value'
        if field == "response":
            unit = holder.get("unit", "1")
            out.update(klass="air_quality", info={"field": field,
                                                  "precursor": RESPONSE_KEYS[segs[2]]},
                       domain=(0.0, 1.0))
        else:
            out["to_model"] = convert(1.0, holder.get("unit", UNIT), UNIT,
                                      where=f"{where}.target")
            out.update(klass="air_quality", info={"field": field},
                       domain=(0.0 if field == "background" else 1e-9, math.inf))
    else:
        out.update(klass="scenario_other", domain=(-math.inf, math.inf))
    if unit is not None:
        out["to_model"] = convert(1.0, unit, "dimensionless", where=f"{where}.target")
    return out


# --------------------------------------------------------------------------- table selectors

def _selector(text: str, where: str) -> list[tuple[str, str]]:
    out = []
    for part in [p for p in text.split(",") if p.strip()]:
        if "=" not in part:
            raise InputError(where, f"selector clause {part.strip()!r}", "column=value")
        k, _, v = part.partition("=")
        out.append((k.strip(), v.strip()))
    if not out:
        raise InputError(where, "an empty row selector []", "[column=value,...] naming rows")
    return out


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _match(df: pd.DataFrame, clauses, where: str, what: str) -> np.ndarray:
    """Positions of the rows of ``df`` every clause matches; InputError naming the nearest
    column or value otherwise."""
    mask = np.ones(len(df), dtype=bool)
    for col, val in clauses:
        if col not in df.columns:
            cols = [c for c in df.columns if not str(c).startswith("_")]
            raise InputError(where, f"selector column {col!r}",
                             f"a column of {Path(what).name}, {one_of(cols)}", _near(col, cols))
        cells = np.array([_cell(v) for v in df[col]])
        hit = cells == val
        if not (mask & hit).any():
            options = sorted({str(c) for c in cells[mask]})  # str, not np.str_ reprs
            raise InputError(where, f"no row of {what} with {col}={val!r} (among the rows the "
                             "other clauses select)",
                             f"one of {summarise(options, noun='values')}", _near(val, options))
        mask &= hit
    return np.flatnonzero(mask)


def _numeric_column(df: pd.DataFrame, column: str, rows: np.ndarray, where: str,
                    what: str) -> np.ndarray:
    if column not in df.columns:
        cols = [c for c in df.columns if not str(c).startswith("_")]
        raise InputError(where, f"column {column!r}",
                         f"a column of {Path(what).name}, {one_of(cols)}", _near(column, cols))
    vals = pd.to_numeric(df[column].iloc[rows], errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(vals).all():
        raise InputError(where, f"column {column!r} with text or empty cells in the rows "
                         "selected", "a numeric column")
    return vals


def _catalogue_param(decl, loaded, where: str, file: str, column: str, clauses) -> dict:
    cat = loaded.catalogue
    if file not in CATALOGUE_TABLES:
        raise InputError(f"{where}.target", f"catalogue file {file!r}",
                         f"one of {sorted(CATALOGUE_TABLES)}", _near(file, CATALOGUE_TABLES))
    table = CATALOGUE_TABLES[file]
    df = getattr(cat, table)
    if table == "measures":
        df = df.reset_index()
    what = f"{cat.folder / file}"
    rows = _match(df, clauses, f"{where}.target", what)
    vals = _numeric_column(df, column, rows, f"{where}.target", what)
    klass = {("costs", "value"): "cost", ("potentials", "potential_share"): "potential_share",
             ("potentials", "floor_share"): "floor_share",
             ("pools", "capacity_share"): "pool_share"}.get((table, column), "catalogue_other")
    domain = (0.0, 1.0) if klass in ("potential_share", "floor_share", "pool_share") else \
        (-math.inf, math.inf)
    return {"klass": klass, "info": {"table": table, "column": column,
                                     "rows": rows.tolist(), "values": vals.tolist()},
            "domain": domain, "values": vals, "pct": None, "file": what}


def _inventory_param(decl, loaded, where: str, file: str, column: str, clauses) -> dict:
    from model.io import detect_encoding

    sc = loaded.scenario
    path = Path(sc.inventory) / file
    if not path.exists():
        files = sorted(p.name for p in Path(sc.inventory).glob("*.csv"))
        raise InputError(f"{where}.target", f"no inventory table {file!r}", f"one of {files}",
                         _near(file, files))
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=detect_encoding(path))
    rows = _match(df, clauses, f"{where}.target", str(path))
    vals = _numeric_column(df, column, rows, f"{where}.target", str(path))
    sel = df.iloc[rows]
    if "year" in sel.columns:
        sel = sel[sel["year"].astype(str) == str(sc.base_year)]
    if not len(sel):
        raise InputError(f"{where}.target", f"no {sc.base_year} rows among those selected",
                         "rows of the base year (the ledger projects from them)")
    led = loaded.ledger.rows
    key = {(r, c, a) for r, c, a in zip(led["region"], led["category"], led["activity"],
                                        strict=True)}
    hit = []
    for _, r in sel.iterrows():
        if file == "electricity.csv":
            k = (r.get("region"), "generation", str(r.get("technology", "")).strip())
        else:
            k = (r.get("region"), r.get("category"), r.get("activity"))
        if k not in key:
            raise InputError(f"{where}.target", f"row {' '.join(map(str, k))} of {file}, which "
                             "the scenario ledger does not hold (a mileage, a non-activity row "
                             "or a row no CO2 rule counts)",
                             "activity rows of fuels, electricity, generation, vehicles or "
                             "processes")
        hit += list(led.index[(led["region"] == k[0]) & (led["category"] == k[1])
                              & (led["activity"] == k[2])])
    kinds = sorted(set(led.loc[hit, "kind"]) - set(FACTOR_KINDS))
    if kinds:
        raise InputError(f"{where}.target", f"ledger rows of kind {kinds}",
                         f"rows of kind {list(FACTOR_KINDS)} (livestock, population and "
                         "service rows also set the load credits of the services, which a "
                         "sensitivity run does not yet recompute)")
    if column != "value":
        raise InputError(f"{where}.target", f"column {column!r}",
                         "column 'value' (the activity amount) of an inventory table")
    pct = None
    if "uncertainty_pct" in df.columns:
        p = pd.to_numeric(df["uncertainty_pct"].iloc[rows], errors="coerce").to_numpy(float)
        if np.isfinite(p).all() and len(set(p.tolist())) == 1:
            pct = float(p[0])
        elif decl.distribution is None:
            raise InputError(f"{where}.distribution", "nothing, and the selected rows give "
                             f"uncertainty_pct {summarise(sorted(set(map(str, p))))}",
                             "a distribution (the rows disagree on a default)")
    return {"klass": "activity", "info": {"rows": sorted(set(int(i) for i in hit)),
                                          "file": str(path)},
            "domain": (0.0, math.inf), "values": vals, "pct": pct, "file": str(path)}


# --------------------------------------------------------------------------- resolve

def resolve(sc, loaded, raw: dict | None = None) -> ParameterSet:
    """Resolve ``sc.uncertainty`` (module docstring) against the scenario's raw mapping
    ``raw`` (default: the file re-read) and the loaded tables. Raises InputError (one line)."""

    decls = sc.uncertainty or []
    base = f"{sc.path} key uncertainty"
    if not decls:
        raise InputError(base, "no uncertain parameters", "an 'uncertainty' list in the "
                         "scenario file (see README, Sensitivity)")
    if raw is None:
        from model.scenario import compose

        raw, _ = compose(Path(sc.path))
    names = [d.name for d in decls]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise InputError(base, f"names {dups} used more than once", "one name per parameter")
    params: list[Param] = []
    seen_targets: dict[str, str] = {}
    for d in decls:
        where = f"{base}.{d.name}"
        if d.target in seen_targets:
            raise InputError(f"{where}.target", f"{d.target}, already declared by "
                             f"{seen_targets[d.target]!r}", "one declaration per value")
        seen_targets[d.target] = d.name
        m = _TABLE.match(d.target.strip())
        if m:
            folder, file, column, sel = m.groups()
            clauses = _selector(sel, f"{where}.target")
            res = (_catalogue_param if folder == "catalogue" else _inventory_param)(
                d, loaded, where, file.strip(), column, clauses)
            scale = d.scale or ("factor" if folder == "inventory" or d.distribution is None
                                else "value")
            vals = res["values"]
            if scale == "value" and len(set(vals.tolist())) > 1:
                raise InputError(f"{where}.scale", f"value, over rows holding "
                                 f"{summarise(sorted(set(vals.tolist())))}",
                                 "scale factor (one number cannot stand for rows that differ)")
            central = 1.0 if scale == "factor" else float(vals[0])
            path: list[str] = []
            to_model = 1.0
            if folder == "inventory" and scale != "factor":
                raise InputError(f"{where}.scale", scale, "factor for an inventory table")
        elif "/" in d.target or ":" in d.target or "[" in d.target:
            raise InputError(f"{where}.target", repr(d.target),
                             "a dotted scenario path or catalogue|inventory/<file>:<column>"
                             "[col=value,...]")
        else:
            res = _scenario_param(d, raw, sc, loaded, where)
            res["pct"] = None
            scale = d.scale or "value"
            if scale != "value":
                raise InputError(f"{where}.scale", scale, "value for a scenario value")
            central, path, to_model = res["central"], res["path"], res.get("to_model", 1.0)
        dist = _distribution(d, res.get("pct"), where, scale)
        lo, hi = dist.support()
        dom = res["domain"]
        if scale == "factor":
            vals = res["values"]
            vlo, vhi = lo * vals.min(), hi * vals.max()
            dlo, dhi = (min(lo * vals.min(), lo * vals.max()), max(hi * vals.max(),
                                                                   hi * vals.min()))
            vlo, vhi = dlo, dhi
            if not lo > 0:
                raise InputError(f"{where}.low", f"a factor reaching {lo:g}",
                                 "a factor > 0 (a relative change of the rows)")
        else:
            vlo, vhi = lo * to_model, hi * to_model
        if vlo < dom[0] - 1e-12 or vhi > dom[1] + 1e-12:
            raise InputError(where, f"{dist.describe()} reaching {vlo:.4g} to {vhi:.4g} in the "
                             "model's unit", f"values within [{dom[0]:g}, {dom[1]:g}] "
                             f"(class {res['klass']}; use a truncnormal or narrower bounds)")
        if res["info"].get("table"):
            _check_catalogue_range(loaded.catalogue, res["info"], scale, lo, hi, where, dist)
        elif path and res["klass"] == "scenario_other":
            _check_scenario_range(raw, path, lo, hi, sc, where, dist)
        params.append(Param(name=d.name, target=d.target, klass=res["klass"], scale=scale,
                            dist=dist, central=central, group=d.group, to_model=to_model,
                            path=path, info=res["info"], source=d.source))
    corr = np.eye(len(params))
    idx = {p.name: i for i, p in enumerate(params)}
    for d in decls:
        for other, rho in (d.correlations or {}).items():
            where = f"{base}.{d.name}.correlations.{other}"
            if other not in idx:
                raise InputError(where, f"unknown parameter {other!r}", f"one of {names}",
                                 _near(other, names))
            if other == d.name or not -1 < rho < 1:
                raise InputError(where, f"{rho:g} with {other!r}",
                                 "a rank correlation in (-1, 1) with another parameter")
            i, j = idx[d.name], idx[other]
            if corr[j, i] not in (0.0, rho):
                raise InputError(where, f"{rho:g}, while {other!r} declares {corr[j, i]:g}",
                                 "one value for a pair")
            corr[i, j] = corr[j, i] = rho
    return ParameterSet(params=params, corr=corr)


def _check_catalogue_range(cat, info: dict, scale: str, lo: float, hi: float, where: str,
                           dist) -> None:
    """The catalogue's own value rules (:func:`model.projection.catalogue.check_table`) at
    both ends of the distribution's support, before anything is sampled: a negative price, a
    negative uptake cap, a lifetime of 0 or 200 years, a source_per_unit through 0 or a
    potential below its floor is refused here in one line, not met by a sample mid-run."""
    from model.projection import catalogue as catalogue_rules

    table, col = info["table"], info["column"]
    df = getattr(cat, table)
    if table == "measures":
        df = df.reset_index()
    j = df.columns.get_loc(col)
    for end in (lo, hi):
        d = df.copy()
        for pos, v0 in zip(info["rows"], info["values"], strict=True):
            d.iat[pos, j] = end if scale == "value" else v0 * end
        try:
            catalogue_rules.check_table(table, d, cat.folder)
        except InputError as exc:
            reach = f"{end:g}" if scale == "value" else f"a factor of {end:g}"
            raise InputError(where, f"{dist.describe()} reaching {reach}, which {table}.csv "
                             f"column '{col}' refuses", f"{exc.expected} over the whole range "
                             "(narrower bounds or a truncnormal)") from None


def _check_scenario_range(raw: dict, path: list[str], lo: float, hi: float, sc, where: str,
                          dist) -> None:
    """The scenario schema's rules at both ends of the support of a scenario value."""
    from model.scenario import apply_override
    from model.scenario import validate as validate_sc

    for end in (lo, hi):
        try:
            validate_sc(apply_override(raw, f"{'.'.join(path)}={end!r}"), str(sc.path))
        except InputError as exc:
            raise InputError(where, f"{dist.describe()} reaching {end:g}, which the scenario "
                             f"refuses ({exc.found})", f"{exc.expected} over the whole range"
                             ) from None


def _distribution(d, pct, where: str, scale: str) -> dists.Dist:
    given = {"low": d.low, "high": d.high, "mode": d.mode, "mean": d.mean, "sd": d.sd}
    if d.distribution is None:
        if pct is None or scale != "factor":
            raise InputError(f"{where}.distribution", "nothing",
                             "a distribution (only table rows with an uncertainty_pct have a "
                             "default, as a factor)")
        if any(v is not None for v in given.values()):
            raise InputError(where, "low/high/mode/mean/sd without a distribution",
                             "a distribution naming how to read them")
        if not pct > 0:
            raise InputError(f"{where}.distribution", f"rows with uncertainty_pct {pct:g}",
                             "a positive uncertainty_pct or a distribution")
        return dists.from_uncertainty_pct(pct)
    return dists.make(d.distribution, given, where)
