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
view               ``accounting_view`` (categorical over model.views)     derive() (exact)
hydrology_case     ``hydrology.case`` (categorical over its cases)        derive() (exact)
choice             any other scenario path, categorical over named values derive() (exact)
=================  =====================================================  ==============

The three discrete classes (``distribution: categorical``) take the exact path only on the
samples whose level is not the scenario's own; at the scenario's own level the sample is as
fast as its other parameters allow. A declaration with ``per: row`` (or ``per: <column>``)
expands into one factor per catalogue row (or per value of the column), each classified as
above (``cost`` rows are exact LP changes; ``prices.csv`` rows take derive()), all in one
group; rows another declaration names are left to that one.

Upstream classes go through the run's own derivation, compiled once per worker and evaluated
with numpy (:class:`model.derivation.Derivation`); a sample that changes the LP's shape (which
measures apply, a quantity or pool the central LP does not hold) takes ``pipeline.derive`` and
the run reports how many did (:class:`model.derivation.Recompile`). Every error is one
:class:`~model.errors.InputError` line naming the key, what was found and what was expected
(the nearest valid name where there is one).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.errors import InputError, one_of, summarise
from model.lp import kinds as target_kinds
from model.ranges import RANGES
from model.sensitivity import distributions as dists

LP_CLASSES = ("discount_rate", "target", "cost", "potential_share", "floor_share", "pool_share",
              "air_quality")
UPSTREAM_CLASSES = ("growth", "population", "elasticity", "survival", "addition", "activity")
FALLBACK_CLASSES = ("scenario_other", "catalogue_other")
#: categorical (structural) classes: derive() on the samples away from the scenario's own level
DISCRETE_CLASSES = ("view", "hydrology_case", "choice")
#: the pseudo-path of the accounting-view factor (a level names a view of model.views.VIEWS)
VIEW_TARGET = "accounting_view"
#: id columns that name a catalogue row in the names of expanded (``per``) parameters
_ROW_ID = ("measure", "activity", "pool", "item", "category", "region", "year")
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
    scenario path, scenario classes), ``label_zh``/``label_en`` (labels in tables and
    charts; the name without them), ``member_of`` (the ``per`` declaration a row factor was
    expanded from); a categorical's ``central`` is the index of the scenario's own level and
    ``info['values']`` the value each level writes.
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
    label_zh: str = ""
    label_en: str = ""
    member_of: str | None = None

    @property
    def stage(self) -> str:
        if self.klass in LP_CLASSES:
            return "lp"
        if self.klass in DISCRETE_CLASSES:
            return "discrete"
        return "upstream" if self.klass in UPSTREAM_CLASSES else "derive"

    @property
    def categorical(self) -> bool:
        return self.dist.kind == "categorical"

    def moved(self, value: float) -> bool:
        """A discrete factor away from the scenario's own level."""
        return self.categorical and round(float(value)) != round(self.central)


@dataclass
class ParameterSet:
    """The resolved parameters in declaration order, the rank-correlation matrix (identity
    without correlations) and the group of each parameter (its own name without one)."""

    params: list[Param]
    corr: np.ndarray
    #: group (or ``per`` declaration) -> (label_zh, label_en)
    group_labels: dict = field(default_factory=dict)

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

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def labels(self, name: str) -> tuple[str, str]:
        """(label_zh, label_en) of a parameter or of a group (its declaration's labels)."""
        for p in self.params:
            if p.name == name:
                return p.label_zh, p.label_en or name
        return self.group_labels.get(name, ("", name))

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
                 "group": p.group or "", "source": p.source, "label_zh": p.label_zh,
                 "label_en": p.label_en} for p in self.params]


def _near(word: str, options) -> str | None:
    near = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.4)
    return f"did you mean {near[0]!r}?" if near else None


# --------------------------------------------------------------------------- scenario paths

def _walk(raw: dict[str, Any], segs: list[str], where: str) -> tuple[Any, list[Any]]:
    """The node at ``segs`` of the raw scenario mapping, with the list items passed."""
    from model.scenario import _locate

    node: Any = raw
    items: list[Any] = []
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
    # the innermost list item on the path (a raw YAML mapping; None at the top level)
    parent: Any = items[-1] if items else None
    unit = None
    out: dict = {"central": float(node), "path": segs, "info": {}}
    head = segs[0]
    if segs == ["discount_rate", "value"]:
        unit = raw["discount_rate"].get("unit", "1")
        out.update(klass="discount_rate", domain=RANGES["discount_rate"].domain)
    elif head == "targets" and len(segs) == 3 and segs[2] == "value":
        t = next(t for t in sc.targets if t.id == parent["id"])
        if not t.enabled:
            raise InputError(f"{where}.target", f"target {t.id!r}, which is disabled",
                             "an enabled target")
        out.update(klass="target", info={"target": t.id})
        if target_kinds.get(t.kind).value_type == "fraction":
            unit = t.unit
            out["domain"] = RANGES["target_fraction"].domain
        else:
            from model.pipeline import QUANTITY_UNITS

            out["to_model"] = convert(1.0, t.unit, QUANTITY_UNITS.get(t.quantity, t.unit),
                                      where=f"{where}.target")
            out["domain"] = RANGES["target_amount"].domain
    elif segs[:2] == ["drivers", "gdp_real_growth"] and len(segs) == 4 and segs[3] == "value":
        unit = parent.get("unit", "1")
        out.update(klass="growth", info={"year": int(parent["year"]),
                                         "region": parent.get("region")},
                   domain=RANGES["gdp_real_growth"].domain)
    elif segs == ["drivers", "population_growth", "value"]:
        unit = raw["drivers"]["population_growth"].get("unit", "1/year")
        out["to_model"] = convert(1.0, unit, "1/year", where=f"{where}.target")
        unit = None
        out.update(klass="population", domain=RANGES["population_growth"].domain)
    elif head == "projection" and len(segs) == 4 and segs[2:] == ["elasticity", "value"]:
        unit = parent["elasticity"].get("unit", "1")
        out.update(klass="elasticity", info={"rule": parent["name"]},
                   domain=RANGES["elasticity"].domain)
    elif head == "projection" and len(segs) == 5 and segs[2] == "survival" and \
            segs[4] == "value":
        unit = parent["survival"][segs[3]].get("unit", "1")
        out.update(klass="survival", info={"rule": parent["name"], "standard": segs[3]},
                   domain=RANGES["survival"].domain)
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
                   domain=RANGES["any"].domain)
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
                       domain=RANGES["response_share"].domain)
        else:
            out["to_model"] = convert(1.0, holder.get("unit", UNIT), UNIT,
                                      where=f"{where}.target")
            out.update(klass="air_quality", info={"field": field},
                       domain=RANGES[f"{field}_concentration"].domain)
    else:
        out.update(klass="scenario_other", domain=RANGES["any"].domain)
    if unit is not None:
        out["to_model"] = convert(1.0, unit, "dimensionless", where=f"{where}.target")
    return out


# --------------------------------------------------------------------------- table selectors

def _selector(text: str, where: str) -> list[tuple[str, str]]:
    if text.strip() == "*":
        return []  # every row
    out = []
    for part in [p for p in text.split(",") if p.strip()]:
        if "=" not in part:
            raise InputError(where, f"selector clause {part.strip()!r}", "column=value")
        k, _, v = part.partition("=")
        out.append((k.strip(), v.strip()))
    if not out:
        raise InputError(where, "an empty row selector []", "[column=value,...] naming rows, "
                         "or [*] for every row")
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
    domain = RANGES["share"].domain if klass in ("potential_share", "floor_share",
                                                 "pool_share") else RANGES["any"].domain
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
            "domain": RANGES["activity"].domain, "values": vals, "pct": pct,
            "file": str(path)}


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
    claimed: dict[tuple[str, str], set[int]] = {}  # (table, column) -> rows declared
    for d in decls:
        where = f"{base}.{d.name}"
        if d.target in seen_targets:
            raise InputError(f"{where}.target", f"{d.target}, already declared by "
                             f"{seen_targets[d.target]!r}", "one declaration per value")
        seen_targets[d.target] = d.name
        if d.per is not None:
            continue  # expanded below, over the rows no other declaration names
        if d.distribution == "categorical":
            params.append(_categorical(d, raw, sc, where))
            continue
        for key in ("levels", "weights", "by_status"):
            if getattr(d, key) is not None:
                raise InputError(f"{where}.{key}", "given", f"no {key} (only with "
                                 + ("distribution: categorical)" if key != "by_status"
                                    else "per: row)"))
        par = _one(d, raw, sc, loaded, where)
        params.append(par)
        if par.info.get("table"):
            claimed.setdefault((par.info["table"], par.info["column"]), set()).update(
                par.info["rows"])
    group_labels: dict[str, tuple[str, str]] = {}
    for d in decls:
        if d.per is None:
            continue
        where = f"{base}.{d.name}"
        members = _expand(d, loaded, where, claimed)
        params.extend(members)
        group_labels[d.group or d.name] = (d.label_zh or "", d.label_en or d.name)
    views = [p for p in params if p.klass == "view"]
    cases = [p for p in params if p.klass == "hydrology_case"]
    for v in views:
        wet = [n for n in v.dist.levels if _view(n).hydrology is not None]
        if wet and cases:
            raise InputError(f"{base}.{v.name}.levels", f"view {wet[0]!r}, which sets its own "
                             f"hydrology case, beside the factor {cases[0].name!r} "
                             "(hydrology.case)", "views without a hydrology case when "
                             "hydrology is its own factor")
    corr = np.eye(len(params))
    idx = {p.name: i for i, p in enumerate(params)}
    for d in decls:
        for other, rho in (d.correlations or {}).items():
            where = f"{base}.{d.name}.correlations.{other}"
            if d.per is not None or other not in idx:
                raise InputError(where, f"unknown parameter {other!r}" if d.per is None else
                                 "correlations on a per-row declaration", f"one of {names}"
                                 if d.per is None else "correlations between single "
                                 "parameters", _near(other, names))
            if other == d.name or not -1 < rho < 1:
                raise InputError(where, f"{rho:g} with {other!r}",
                                 "a rank correlation in (-1, 1) with another parameter")
            i, j = idx[d.name], idx[other]
            if corr[j, i] not in (0.0, rho):
                raise InputError(where, f"{rho:g}, while {other!r} declares {corr[j, i]:g}",
                                 "one value for a pair")
            corr[i, j] = corr[j, i] = rho
    for p in params:
        if p.group and p.group not in group_labels:
            group_labels[p.group] = ("", p.group)
    return ParameterSet(params=params, corr=corr, group_labels=group_labels)


def _one(d, raw: dict, sc, loaded, where: str) -> Param:
    """A declaration of one number (module docstring table), checked."""
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
    _check_domain(dist, res, scale, to_model, where)
    lo, hi = dist.support()
    if res["info"].get("table"):
        _check_catalogue_range(loaded.catalogue, res["info"], scale, lo, hi, where, dist)
    elif path and res["klass"] == "scenario_other":
        _check_scenario_range(raw, path, lo, hi, sc, where, dist)
    return Param(name=d.name, target=d.target, klass=res["klass"], scale=scale, dist=dist,
                 central=central, group=d.group, to_model=to_model, path=path,
                 info=res["info"], source=d.source, label_zh=d.label_zh or "",
                 label_en=d.label_en or d.name)


def _check_domain(dist: dists.Dist, res: dict, scale: str, to_model: float, where: str):
    lo, hi = dist.support()
    dom = res["domain"]
    if scale == "factor":
        vals = res["values"]
        vlo = min(lo * vals.min(), lo * vals.max())
        vhi = max(hi * vals.max(), hi * vals.min())
        if not lo > 0:
            raise InputError(f"{where}.low", f"a factor reaching {lo:g}",
                             "a factor > 0 (a relative change of the rows)")
    else:
        vlo, vhi = lo * to_model, hi * to_model
    if vlo < dom[0] - 1e-12 or vhi > dom[1] + 1e-12:
        raise InputError(where, f"{dist.describe()} reaching {vlo:.4g} to {vhi:.4g} in the "
                         "model's unit", f"values within [{dom[0]:g}, {dom[1]:g}] "
                         f"(class {res['klass']}; use a truncnormal or narrower bounds)")


# --------------------------------------------------------------------------- discrete factors

def _view(name: str):
    from model.views import VIEWS

    return next(v for v in VIEWS if v.name == name)


def _categorical(d, raw: dict, sc, where: str) -> Param:
    """A discrete factor (``distribution: categorical``): the accounting view, the hydrology
    case or named values of another scenario path. Every level is checked by validating the
    scenario with it; one level must be the scenario's own (its index is ``central``)."""
    import json

    from model.scenario import validate as validate_sc

    for key in ("low", "high", "mode", "mean", "sd", "scale", "by_status"):
        if getattr(d, key) is not None:
            raise InputError(f"{where}.{key}", "given", "levels (and weights) for a "
                             "categorical")
    if not d.levels:
        raise InputError(f"{where}.levels", "nothing", "the named levels of a categorical")
    named = isinstance(d.levels, dict)
    names = [str(k) for k in d.levels]
    dist = dists.categorical(names, d.weights, where)
    target = d.target.strip()
    if target == VIEW_TARGET:
        from model.views import VIEWS, _is_run, applicable

        if named:
            raise InputError(f"{where}.levels", "a mapping", "a list of view names (the "
                             "view says what it sets)")
        known = [v.name for v in VIEWS]
        ok = {v.name for v in applicable(sc)}
        for n in names:
            if n not in known:
                raise InputError(f"{where}.levels", f"view {n!r}", f"one of {known}",
                                 _near(n, known))
            if n not in ok:
                raise InputError(f"{where}.levels", f"view {n!r}, whose hydrology case the "
                                 "scenario does not declare", f"one of {sorted(ok)}")
        own = [i for i, n in enumerate(names) if _is_run(_view(n), sc)]
        if not own:
            raise InputError(f"{where}.levels", f"{names}, none of them the scenario's own "
                             "rule", "the scenario's own view among the levels (assessed for "
                             "the default rule)")
        return Param(name=d.name, target=target, klass="view", scale="value", dist=dist,
                     central=float(own[0]), group=d.group, info={"values": names},
                     source=d.source, label_zh=d.label_zh or "",
                     label_en=d.label_en or d.name)
    segs = [x for x in target.split(".") if x]
    if "/" in target or ":" in target or not segs:
        raise InputError(f"{where}.target", repr(d.target), f"{VIEW_TARGET}, hydrology.case or "
                         "a dotted scenario path for a categorical")
    if segs == ["hydrology", "case"]:
        if sc.hydrology is None:
            raise InputError(f"{where}.target", "hydrology.case, but the scenario declares no "
                             "hydrology", "a scenario with hydrology cases")
        if named:
            raise InputError(f"{where}.levels", "a mapping", "a list of the scenario's "
                             f"hydrology cases {sorted(sc.hydrology.cases)}")
        for n in names:
            if n not in sc.hydrology.cases:
                raise InputError(f"{where}.levels", f"case {n!r}",
                                 f"one of the scenario's cases {sorted(sc.hydrology.cases)}",
                                 _near(n, sc.hydrology.cases))
        if sc.hydrology.case not in names:
            raise InputError(f"{where}.levels", f"{names}", f"the scenario's own case "
                             f"{sc.hydrology.case!r} among the levels")
        return Param(name=d.name, target=target, klass="hydrology_case", scale="value",
                     dist=dist, central=float(names.index(sc.hydrology.case)), group=d.group,
                     path=segs, info={"values": names}, source=d.source,
                     label_zh=d.label_zh or "", label_en=d.label_en or d.name)
    values = list(d.levels.values()) if named else names
    try:
        node, _ = _walk(raw, segs, f"{where}.target")
    except InputError:
        if len(segs) != 1:
            raise
        node = sc.model_dump(mode="json").get(segs[0])  # a top-level key left at its default

    def norm(v):
        return json.dumps(v, sort_keys=True, default=str)

    own = [i for i, v in enumerate(values) if norm(v) == norm(node)]
    if not own:
        raise InputError(f"{where}.levels", f"{names}, none of them the scenario's own value "
                         f"{node!r}", "the scenario's own value among the levels")
    for n, v in zip(names, values, strict=True):
        try:
            validate_sc(_set(raw, segs, v), f"{sc.path} ({d.name} = {n})",
                        base_dir=Path(sc.path).parent)
        except InputError as exc:
            raise InputError(f"{where}.levels.{n}", "a value the scenario refuses",
                             f"a valid value ({str(exc)[:140]})") from None
    return Param(name=d.name, target=target, klass="choice", scale="value", dist=dist,
                 central=float(own[0]), group=d.group, path=segs, info={"values": values},
                 source=d.source, label_zh=d.label_zh or "",
                 label_en=d.label_en or d.name)


def _set(raw: dict, segs: list[str], value) -> dict:
    """A copy of ``raw`` with ``value`` (any YAML value) written at the dotted path."""
    import json

    from model.scenario import apply_override

    return apply_override(raw, f"{'.'.join(segs)}={json.dumps(value)}",
                          source="uncertainty level")


# --------------------------------------------------------------------------- groups of rows

def _row_key(df: pd.DataFrame, pos: int, cols: list[str]) -> str:
    return ".".join(_cell(df[c].iloc[pos]) for c in cols if _cell(df[c].iloc[pos]))


def _expand(d, loaded, where: str, claimed: dict) -> list[Param]:
    """The factors of a ``per`` declaration (module docstring): one per selected catalogue row
    (``per: row``) or per value of a column, leaving rows another declaration names."""
    m = _TABLE.match(d.target.strip())
    if not m or m.group(1) != "catalogue":
        raise InputError(f"{where}.target", repr(d.target), "a catalogue table selector "
                         "(catalogue/<file>:<column>[...]) for per: row")
    if d.distribution is not None or d.scale not in (None, "factor"):
        raise InputError(where, "a distribution or scale beside per", "per-row factors from "
                         "each row's uncertainty_pct or by_status (scale factor)")
    _, file, column, sel = m.groups()
    clauses = _selector(sel, f"{where}.target")
    res = _catalogue_param(d, loaded, where, file.strip(), column, clauses)
    table = res["info"]["table"]
    df = getattr(loaded.catalogue, table)
    if table == "measures":
        df = df.reset_index()
    taken = claimed.get((table, column), set())
    rows = [int(r) for r in res["info"]["rows"] if int(r) not in taken]
    if not rows:
        raise InputError(f"{where}.target", "rows all declared by other parameters",
                         "rows no other declaration names")
    id_cols = [c for c in _ROW_ID if c in df.columns]
    if d.per == "row":
        keys = {r: _row_key(df, r, id_cols) or str(r) for r in rows}
    elif d.per in df.columns:
        keys = {r: _cell(df[d.per].iloc[r]) for r in rows}
    else:
        cols = [c for c in df.columns if not str(c).startswith("_")]
        raise InputError(f"{where}.per", repr(d.per), f"row or a column of {table}: {cols}",
                         _near(d.per, cols))
    labels = {}
    if "measure" in df.columns:
        info = loaded.catalogue.measures
        for r in rows:
            mid = _cell(df["measure"].iloc[r])
            if mid in info.index:
                labels[r] = (str(info.loc[mid, "label_zh"]), str(info.loc[mid, "label_en"]))
    out = []
    for key in dict.fromkeys(keys.values()):
        mine = [r for r in rows if keys[r] == key]
        pwhere = f"{where}[{key}]"
        dist = _row_distribution(d, df, mine, pwhere)
        vals = _numeric_column(df, column, np.array(mine), pwhere, table)
        klass = res["klass"]
        part = {"klass": klass, "domain": res["domain"], "values": vals}
        _check_domain(dist, part, "factor", 1.0, pwhere)
        lo, hi = dist.support()
        _check_catalogue_range(loaded.catalogue, {"table": table, "column": column,
                                                  "rows": mine, "values": vals.tolist()},
                               "factor", lo, hi, pwhere, dist)
        zh, en = labels.get(mine[0], ("", ""))
        item = _cell(df["item"].iloc[mine[0]]) if "item" in df.columns else ""
        tail = key if not en else f"{en}{' ' + item if item else ''}"
        tail_zh = key if not zh else f"{zh}{' ' + item if item else ''}"
        out.append(Param(
            name=f"{d.name}[{key}]", target=f"catalogue/{file}:{column}[{key}]", klass=klass,
            scale="factor", dist=dist, central=1.0, group=d.group or d.name,
            info={"table": table, "column": column, "rows": mine, "values": vals.tolist()},
            source=d.source, label_zh=f"{d.label_zh}：{tail_zh}" if d.label_zh else "",
            label_en=f"{d.label_en or d.name}: {tail}", member_of=d.name))
    return out


def _row_distribution(d, df: pd.DataFrame, rows: list[int], where: str) -> dists.Dist:
    """The factor's distribution of a group of rows: their own uncertainty_pct (one value), or
    ``by_status`` of their status (one status)."""
    if "uncertainty_pct" in df.columns:
        pct = pd.to_numeric(df["uncertainty_pct"].iloc[rows], errors="coerce").to_numpy(float)
        if np.isfinite(pct).all() and len(set(pct.tolist())) == 1 and pct[0] > 0:
            return dists.from_uncertainty_pct(float(pct[0]))
    status = sorted({_cell(v) or "reported" for v in df["status"].iloc[rows]}) \
        if "status" in df.columns else ["reported"]
    if len(status) != 1:
        raise InputError(where, f"rows of statuses {status}", "rows of one status (use per: "
                         "row)")
    spec = (d.by_status or {}).get(status[0])
    if spec is None:
        raise InputError(f"{where}.by_status", f"no entry for status {status[0]!r} (and no "
                         "uncertainty_pct on the rows)", "a distribution of the factor for "
                         f"rows of status {status[0]}")
    given = {k: getattr(spec, k) for k in ("low", "high", "mode", "mean", "sd")}
    return dists.make(spec.distribution, given, f"{where}.by_status.{status[0]}")


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
