"""The comparison's data: differences between runs, inputs that differ and outputs that
differ, each run against the first (the reference).

Runs are lettered ``a`` (reference), ``b``, ``c``, ...; each has a label (:func:`run_labels`):
its scenario name, plus its overrides when runs share a name (a ``--set`` pair is told apart),
plus its folder when even that is the same. Every ``*_diff_<x>`` column is run x minus run a,
in the unit of the row.

Inputs (:func:`input_differences`): scenario values (the scenario file of each run with its
overrides applied, flattened to dotted keys: list items by ``id``/``year``/position, as ``--set``
addresses them), overrides, and input files by SHA-256 (the manifest's ``inputs``), naming the
file and, when both versions are on disk (each still with the hash its run recorded), the rows
that differ.

Outputs: targets (required, achieved, shortfall, shadow price, status), measures by county and
summed over counties (level, net annual cost), costs (manifest totals and measures.csv sums by
year) and emissions by year (every region, variable and case). A measure/region/year present in
only some runs is 0 in the others (a run without the variable applies none of the measure); a
target absent from a run keeps NaN (there is no requirement to compare with). Each run's solver
status travels with the numbers: an ``infeasible`` run's costs are those of its least-shortfall
plan, which does not meet every target, so a difference against it is not the cost of a policy
change alone (:func:`model.report.compare_terminal.format_total` says so).

The views of a comparison (terminal, workbook, charts, PDF) are in
:mod:`model.report.compare_terminal` and :mod:`model.report.compare_views`.
"""

from __future__ import annotations

import hashlib
import json
import math
import string
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.report.tables import Results, input_path, measures_by_measure, read_results
from model.scenario import FILE_KEYS

TARGET_VALUES = ("required", "achieved", "shortfall", "shadow_price")
MEASURE_VALUES = ("level", "annual_cost")
#: how many rows of one file's differences are listed before "and N more"
MAX_ROWS_PER_FILE = 50


@dataclass
class Comparison:
    """The tables of :func:`compare` (each a DataFrame; module docstring) and the runs."""

    runs: pd.DataFrame
    inputs: pd.DataFrame
    targets: pd.DataFrame
    measures: pd.DataFrame
    measures_total: pd.DataFrame
    total_cost: pd.DataFrame
    emissions: pd.DataFrame
    results: list[Results]
    #: each table or column left out of the comparison, with why in brackets (runs of
    #: different kinds: a single-year run beside a pathway)
    left_out: list[str] = field(default_factory=list)
    #: what was compared when the runs' kinds differ (None: everything)
    scope: str | None = None
    #: the model years the runs share when their kinds differ (None: every year compared)
    common_years: list[int] | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"runs": self.runs, "inputs": self.inputs, "targets": self.targets,
                "measures": self.measures, "measures_total": self.measures_total,
                "total_cost": self.total_cost, "emissions": self.emissions}

    @property
    def keys(self) -> list[str]:
        return list(self.runs["run"])

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables()[name]

    def __iter__(self):
        return iter(self.tables())


def run_status(r: Results) -> str:
    """The solver status a run's manifest records (``solver.status``), or ``unknown``."""
    return r.status


def run_labels(results: list[Results]) -> list[str]:
    """A distinct label per run: the scenario name, with its overrides whenever it has any
    (``name --set k=v``: a run with ``--set`` is not the scenario as written, issue #16 review:
    a 13 % variant was labelled plain ``plan-2025``), ``name (no --set)`` when another run has
    the same name; with its folder when even that repeats."""
    names = [r.scenario for r in results]
    labels = []
    for r in results:
        lab = r.scenario
        ov = list(r.manifest.get("overrides") or [])
        if ov:
            lab = f"{r.scenario} --set " + " --set ".join(ov)
        elif names.count(r.scenario) > 1:
            lab = f"{r.scenario} (no --set)"
        labels.append(lab)
    twice = [labels.count(lab) > 1 for lab in labels]
    labels = [f"{lab} ({r.folder.name})" if t else lab
              for lab, r, t in zip(labels, results, twice, strict=True)]
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):  # identical folder names in different places
        seen[lab] = seen.get(lab, 0) + 1
        if seen[lab] > 1:
            labels[i] = f"{lab} #{seen[lab]}"
    return labels


def _keys(n: int) -> list[str]:
    if n > len(string.ascii_lowercase):
        raise InputError("compare", f"{n} results folders", "at most 26 runs at once")
    return list(string.ascii_lowercase[:n])


def _runs(results: list[Results], keys: list[str], labels: list[str]) -> pd.DataFrame:
    rows = [{"run": k, "label": lab, "folder": str(Path(r.folder).resolve()),
             "scenario": r.scenario, "overrides": "; ".join(r.manifest.get("overrides") or []),
             "status": run_status(r), "created_utc": r.manifest.get("created_utc"),
             "annual_cost_cny_per_yr": r.solver.get("annual_cost_cny_per_yr")}
            for k, lab, r in zip(keys, labels, results, strict=True)]
    return pd.DataFrame(rows, columns=["run", "label", "folder", "scenario", "overrides",
                                       "status", "created_utc", "annual_cost_cny_per_yr"])


# ------------------------------------------------------------------------------------------
# inputs

def _flatten(node: object, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    if isinstance(node, dict):
        for k, v in node.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            key = str(i)
            if isinstance(item, dict):
                k = next((k for k in ("id", "name", "year", "measure", "region") if k in item),
                         None)
                if k is not None:
                    key = str(item[k])
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else key))
    else:
        out[prefix] = node
    return out


#: Scenario keys that name files (compared through the files they name, not as text: a
#: variant in another folder names the same file by another relative path).
PATH_KEYS = (*FILE_KEYS, "name", "label.zh", "label.en", "description", "abstract")


def scenario_values(r: Results) -> tuple[dict[str, object] | None, str]:
    """(flattened *composed* scenario — its ``extends:`` chain resolved and its ``set:`` and
    the run's overrides applied, as the run read it — note): None and why when the scenario
    file is missing or no longer the one the run read (its hash differs). Keys naming files
    and the scenario's own name and label (:data:`PATH_KEYS`) are left out: files are compared
    by content, and a variant's name is not an input difference."""
    from model.report.evidence import _scenario_file
    from model.scenario import apply_override, compose

    path, reason = _scenario_file(r)
    if path is None:
        return None, reason
    try:
        raw, _chain = compose(path)
        for ov in r.manifest.get("overrides") or []:
            raw = apply_override(raw, ov)
    except InputError as exc:
        return None, str(exc)
    flat = _flatten(raw)
    return {k: v for k, v in flat.items() if k not in PATH_KEYS
            and not k.startswith("uncertainty.")}, ""


def _pair_inputs(ref: dict[str, str], run: dict[str, str]) -> list[tuple[str | None,
                                                                             str | None]]:
    """Input files of two runs paired: by relative path, else by their folder and file name
    (``catalogue/costs.csv`` in two scenario folders is the same input)."""
    pairs: list[tuple[str | None, str | None]] = [(rel, rel) for rel in sorted(set(ref)
                                                                               & set(run))]
    only_a = sorted(set(ref) - set(run))
    only_b = sorted(set(run) - set(ref))

    def short(rel: str) -> str:
        p = Path(rel)
        return f"{p.parent.name}/{p.name}"

    by_b: dict[str, list[str]] = {}
    for rel in only_b:
        by_b.setdefault(short(rel), []).append(rel)
    for rel in only_a:
        cand = by_b.get(short(rel))
        if cand:
            pairs.append((rel, cand.pop(0)))
        else:
            pairs.append((rel, None))
    pairs += [(None, rel) for rels in by_b.values() for rel in rels]
    return pairs


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _file_rows(pa: Path, pb: Path) -> list[tuple[str, str, str]]:
    """(row, reference line, line) of two text versions of a table, by spreadsheet row
    (header = row 1); rows only in one version have the other side empty."""
    a = pa.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    b = pb.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    out = []
    for i in range(max(len(a), len(b))):
        la = a[i] if i < len(a) else ""
        lb = b[i] if i < len(b) else ""
        if la != lb:
            out.append((str(i + 1), la, lb))
    return out


def input_differences(results: list[Results], keys: list[str]) -> pd.DataFrame:
    """Inputs of each run that differ from the reference run's (module docstring).

    Columns ``run, kind`` (``scenario value`` | ``override`` | ``input file`` | ``input row``),
    ``item`` (dotted key, override or file), ``where`` (row number for ``input row``),
    ``reference`` (run a's value, hash or line), ``value`` (this run's), ``note``.
    """
    ref = results[0]
    ref_vals, ref_note = scenario_values(ref)
    ref_inputs = ref.manifest.get("inputs") or {}
    rows = []
    for key, r in zip(keys[1:], results[1:], strict=True):
        vals, note = scenario_values(r)
        if ref_vals is None or vals is None:
            rows.append({"run": key, "kind": "scenario value", "item": "(scenario file)",
                         "where": "", "reference": "", "value": "",
                         "note": "not compared: " + (ref_note or note)})
        else:
            for k in sorted(set(ref_vals) | set(vals)):
                va, vb = ref_vals.get(k), vals.get(k)
                if va != vb:
                    rows.append({"run": key, "kind": "scenario value", "item": k, "where": "",
                                 "reference": "" if va is None else str(va),
                                 "value": "" if vb is None else str(vb),
                                 "note": "only in this run" if va is None else
                                 "only in the reference run" if vb is None else ""})
        oa = list(ref.manifest.get("overrides") or [])
        ob = list(r.manifest.get("overrides") or [])
        for ov in [o for o in ob if o not in oa]:
            rows.append({"run": key, "kind": "override", "item": ov, "where": "",
                         "reference": "", "value": ov, "note": "--set in this run only"})
        for ov in [o for o in oa if o not in ob]:
            rows.append({"run": key, "kind": "override", "item": ov, "where": "",
                         "reference": ov, "value": "", "note": "--set in the reference only"})
        inputs = r.manifest.get("inputs") or {}
        for rel_a, rel_b in _pair_inputs(ref_inputs, inputs):
            ha = ref_inputs.get(rel_a) if rel_a else None
            hb = inputs.get(rel_b) if rel_b else None
            rel = rel_b or rel_a or ""
            if ha == hb:
                continue
            if ha is None or hb is None:
                if Path(rel).suffix in (".yaml", ".yml"):
                    continue  # scenario files: compared by their composed values above
                rows.append({"run": key, "kind": "input file", "item": rel, "where": "",
                             "reference": ha or "", "value": hb or "",
                             "note": "read by this run only" if ha is None else
                             "read by the reference run only"})
                continue
            if Path(rel).suffix in (".yaml", ".yml"):
                continue
            pa, pb = input_path(ref.manifest, rel_a or rel), input_path(r.manifest, rel_b or rel)
            da, db = _sha(pa), _sha(pb)
            if da == ha and db == hb:
                diff = _file_rows(pa, pb)
                rows.append({"run": key, "kind": "input file", "item": rel, "where": "",
                             "reference": ha, "value": hb,
                             "note": f"{len(diff)} rows differ (listed as input rows)"})
                for row, la, lb in diff[:MAX_ROWS_PER_FILE]:
                    rows.append({"run": key, "kind": "input row", "item": rel,
                                 "where": f"row {row}", "reference": la, "value": lb,
                                 "note": ""})
                if len(diff) > MAX_ROWS_PER_FILE:
                    rows.append({"run": key, "kind": "input row", "item": rel, "where": "",
                                 "reference": "", "value": "",
                                 "note": f"and {len(diff) - MAX_ROWS_PER_FILE} more rows"})
            else:
                on_disk = ("the file on disk is the reference run's version" if da == ha and
                           pa == pb else "the file on disk is this run's version"
                           if db == hb and pa == pb else
                           "neither run's version is on disk now")
                rows.append({"run": key, "kind": "input file", "item": rel, "where": "",
                             "reference": ha, "value": hb,
                             "note": f"content differs (SHA-256); rows not listed: {on_disk}"})
    return pd.DataFrame(rows, columns=["run", "kind", "item", "where", "reference", "value",
                                       "note"])


# ------------------------------------------------------------------------------------------
# outputs

def _wide(frames: list[pd.DataFrame], keys: list[str], on: list[str], values: tuple[str, ...],
          fill: float | None) -> pd.DataFrame:
    """Outer-join per-run frames on ``on``: ``<v>_<run>`` for every run, ``<v>_diff_<run>``
    (run − a) for every run after the first, and ``present`` (runs holding the row)."""
    out = None
    for k, df in zip(keys, frames, strict=True):
        part = df[on + list(values)].copy()
        part = part.rename(columns={v: f"{v}_{k}" for v in values})
        part[f"_in_{k}"] = True
        out = part if out is None else out.merge(part, on=on, how="outer", sort=False)
    assert out is not None
    flags = [f"_in_{k}" for k in keys]
    present = out[flags].fillna(False).astype(bool)
    out["present"] = ["all" if row.all() else ",".join(k for k, f in zip(keys, row, strict=True)
                                                       if f) + " only"
                      for row in present.to_numpy()]
    out = out.drop(columns=flags)
    cols = list(on)
    for v in values:
        for k in keys:
            if fill is not None:
                out[f"{v}_{k}"] = out[f"{v}_{k}"].astype(float).fillna(fill)
            cols.append(f"{v}_{k}")
        for k in keys[1:]:
            out[f"{v}_diff_{k}"] = out[f"{v}_{k}"] - out[f"{v}_{keys[0]}"]
            cols.append(f"{v}_diff_{k}")
    return out[[*cols, "present"]].reset_index(drop=True)


def _price_stem(unit: object) -> str:
    """A shadow-price unit without its basis: ``CNY/t (dual: costs of 2025)`` -> ``CNY/t``."""
    return str(unit).split(" (", 1)[0]


def _targets(results: list[Results], keys: list[str],
             years: list[int] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The targets table (module docstring) and the notes of what it leaves out: with
    ``years`` (runs of different kinds) only those years' targets, and the shadow prices left
    out (NaN) when their basis differs between runs (a one-year dual beside a pathway's dual
    over its years)."""
    notes: list[str] = []
    frames = [r.targets if years is None else r.targets[r.targets["year"].isin(years)]
              for r in results]
    ref = frames[0]
    prices = True
    for r, tb in zip(results[1:], frames[1:], strict=True):
        both = ref.merge(tb, on=["target", "year"], suffixes=("_a", "_b"))
        diff_basis = both[(both["shadow_price_unit_a"] != both["shadow_price_unit_b"])
                          & (both["shadow_price_unit_a"].map(_price_stem)
                             == both["shadow_price_unit_b"].map(_price_stem))]
        if len(diff_basis) and prices:
            x = diff_basis.iloc[0]
            prices = False
            basis = [str(u).split(" (", 1)[1].rstrip(")") if " (" in str(u) else str(u)
                     for u in (x["shadow_price_unit_a"], x["shadow_price_unit_b"])]
            notes.append(
                f"shadow prices (bases differ: run a '{basis[0]}', run "
                f"{keys[results.index(r)]} '{basis[1]}'; a one-year dual is not a pathway's "
                "dual over its years)")
        both = both.drop(index=diff_basis.index)
        for col in ("unit", "shadow_price_unit", "kind", "quantity"):
            bad = both[both[f"{col}_a"] != both[f"{col}_b"]]
            if len(bad):
                x = bad.iloc[0]
                raise InputError(f"{r.folder / 'targets.csv'} target {x['target']!r}",
                                 f"{col} {x[f'{col}_b']!r} (reference run: {x[f'{col}_a']!r})",
                                 f"the same {col} in every run to compare the target",
                                 "compare runs whose targets are defined alike")
    out = _wide(frames, keys, ["target", "year"], TARGET_VALUES, None)
    if not prices:
        for c in [c for c in out.columns if c.startswith("shadow_price_")]:
            out[c] = math.nan
    info = pd.concat(frames)[
        ["target", "year", "label_zh", "label_en", "kind", "quantity", "unit",
         "shadow_price_unit"]].drop_duplicates(["target", "year"])
    out = info.merge(out, on=["target", "year"])
    for k, tb in zip(keys, frames, strict=True):
        st = tb[["target", "year", "status"]].rename(columns={"status": f"status_{k}"})
        out = out.merge(st, on=["target", "year"], how="left")
    if not prices:
        out["shadow_price_unit"] = "left out (bases differ)"
    return out.reset_index(drop=True), notes


def _check_units(results: list[Results]) -> None:
    ua = results[0].measures.drop_duplicates("measure").set_index("measure")["unit"]
    for r in results[1:]:
        ub = r.measures.drop_duplicates("measure").set_index("measure")["unit"]
        for m in ua.index.intersection(ub.index):
            if ua[m] != ub[m]:
                raise InputError(f"{r.folder / 'measures.csv'} measure {m!r}",
                                 f"unit {ub[m]!r} (reference run: {ua[m]!r})",
                                 "the same unit of application in every run")


def run_years(r: Results) -> list[int]:
    """The model years of a run: those of measures.csv and costs_by_year.csv (a single-year
    run has one, a pathway every year it plans); targets.csv's when neither has rows."""
    years = set(r.measures["year"].astype(int))
    cby = r.extra.get("costs_by_year.csv")
    if cby is not None and len(cby) and "year" in cby:
        years |= set(cby["year"].astype(int))
    if not years and len(r.targets):
        years = set(r.targets["year"].astype(int))
    return sorted(years)


def is_pathway(r: Results) -> bool:
    """True when the run plans more than one year (a pathway)."""
    return len(run_years(r)) > 1


def _year_costs(r: Results, year: int) -> dict[str, float]:
    """Net cost, gross outlay and savings of one model year (CNY/yr): the city's row of
    costs_by_year.csv (net = gross − savings, costs in the run's price basis), else the sum of
    measures.csv's net annual cost (gross and savings then NaN)."""
    cby = r.extra.get("costs_by_year.csv")
    if cby is not None and {"region", "year", "net"} <= set(cby.columns):
        row = cby[(cby["region"] == r.city) & (cby["year"].astype(int) == year)]
        if len(row):
            return {"annual_cost": float(row["net"].iloc[0]),
                    "annual_gross_outlay": float(row["gross"].iloc[0]) if "gross" in row
                    else math.nan,
                    "annual_savings": float(row["savings"].iloc[0]) if "savings" in row
                    else math.nan}
    m = r.measures[r.measures["year"] == year]
    return {"annual_cost": float(m["annual_cost"].sum()), "annual_gross_outlay": math.nan,
            "annual_savings": math.nan}


def _total_cost(results: list[Results], keys: list[str],
                years: list[int] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The cost table (``item, unit, <x>..., diff_<x>..., status_<x>...``) and the notes of
    what it leaves out. Runs of one kind: the manifests' annual net cost (of the year the
    manifest names), gross outlay, savings and PV, then measures.csv's sum per year. Runs of
    different kinds (``years`` given: the model years they share): the same cost items of each
    shared year (``annual_cost_<year>`` ..., costs_by_year.csv), then measures.csv's sums of
    those years; the manifests' annual cost (of different years) and PV (of different spans)
    are left out."""
    notes: list[str] = []
    rows = []
    if years is None:
        items = (("annual_cost", "CNY/yr", "annual_cost_cny_per_yr"),
                 ("annual_gross_outlay", "CNY/yr", "annual_gross_outlay_cny_per_yr"),
                 ("annual_savings", "CNY/yr", "annual_savings_cny_per_yr"),
                 ("pv_cost", "CNY", "pv_cost_cny"))
        for item, unit, key in items:
            vals = [r.solver.get(key) for r in results]
            if item in ("annual_gross_outlay", "annual_savings") and all(v is None
                                                                         for v in vals):
                continue
            rows.append({"item": item, "unit": unit, **{
                k: float(v) if v is not None else math.nan for k, v in zip(keys, vals,
                                                                            strict=True)}})
        years = sorted(set().union(*(set(r.measures["year"]) for r in results)))
    else:
        for y in years:
            per = [_year_costs(r, y) for r in results]
            for item in ("annual_cost", "annual_gross_outlay", "annual_savings"):
                vals = [c[item] for c in per]
                if item != "annual_cost" and all(v != v for v in vals):
                    continue
                rows.append({"item": f"{item}_{int(y)}", "unit": "CNY/yr",
                             **dict(zip(keys, vals, strict=True))})
        spans = ", ".join(f"{k}: " + (f"{run_years(r)[0]}-{run_years(r)[-1]}" if is_pathway(r)
                                      else f"{run_years(r)[0]}" if run_years(r) else "none")
                          for k, r in zip(keys, results, strict=True))
        notes.append(f"the manifests' annual and PV costs (they cover different years: "
                     f"{spans}; costs compared for " + ", ".join(str(y) for y in years)
                     + " from costs_by_year.csv)")
    for y in years:
        rows.append({"item": f"measures_annual_cost_{int(y)}", "unit": "CNY/yr", **{
            k: float(r.measures.loc[r.measures["year"] == y, "annual_cost"].sum())
            for k, r in zip(keys, results, strict=True)}})
    out = pd.DataFrame(rows, columns=["item", "unit", *keys])
    for k in keys[1:]:
        out[f"diff_{k}"] = out[k] - out[keys[0]]
    for k, r in zip(keys, results, strict=True):
        out[f"status_{k}"] = run_status(r)
    return out, notes


def _emissions(results: list[Results], keys: list[str],
               years: list[int] | None = None) -> pd.DataFrame:
    frames = [r.emissions[["region", "variable", "unit", "year", "case", "value"]]
              for r in results]
    if years is not None:  # the shared model years and the base years both runs report
        shared = set.intersection(*(set(f["year"].astype(int)) for f in frames))
        frames = [f[f["year"].isin(shared)] for f in frames]
    return _wide(frames, keys, ["region", "variable", "unit", "year", "case"], ("value",),
                 None)


def compare(*runs: str | Path) -> Comparison:
    """Compare result folders; every ``*_diff_<x>`` column is run x minus the first run.

    ``compare(a, b)`` or ``compare(a, b, c, ...)`` (or one list). Returns a
    :class:`Comparison` with tables ``runs`` (run letter, label, folder, scenario, overrides,
    status, created_utc, annual cost), ``inputs`` (:func:`input_differences`), ``targets``
    (per target and year: labels, kind, quantity, unit, ``required_<x>``, ``achieved_<x>``,
    ``shortfall_<x>``, ``shadow_price_<x>`` with their ``_diff_<x>``, ``present``,
    ``status_<x>``), ``measures`` (per measure, region, year, unit: ``level_<x>``,
    ``annual_cost_<x>`` (net CNY/yr) and diffs, ``present``), ``measures_total`` (summed over
    regions), ``total_cost`` (``item, unit, <x>..., diff_<x>..., status_<x>...``: annual net
    cost, gross outlay, savings (CNY/yr, manifests), pv_cost (CNY) and
    ``measures_annual_cost_<year>`` (sums of measures.csv)) and ``emissions`` (per region,
    variable, unit, year, case: ``value_<x>`` and diffs).

    Raises
    ------
    InputError
        Fewer than two folders; a folder that is not a result folder (naming the missing
        files); a target's unit/kind/quantity or a measure's unit that differs between runs.
    """
    if len(runs) == 1 and isinstance(runs[0], list | tuple):
        runs = tuple(runs[0])
    if len(runs) < 2:
        raise InputError("compare", f"{len(runs)} results folder",
                         "two or more folders (the first is the reference)")
    results = [read_results(p) for p in runs]
    keys = _keys(len(results))
    labels = run_labels(results)
    _check_units(results)
    years = None
    notes: list[str] = []
    if len({is_pathway(r) for r in results}) > 1:
        years = sorted(set.intersection(*(set(run_years(r)) for r in results)))
        if not years:
            raise InputError("compare", "runs with no model year in common ("
                             + "; ".join(f"{r.folder.name}: {run_years(r)}" for r in results)
                             + ")", "runs sharing at least one model year")

    def common(df: pd.DataFrame) -> pd.DataFrame:
        return df if years is None else df[df["year"].isin(years)]

    mkeys = ["measure", "region", "year"]
    meas = _wide([common(r.measures) for r in results], keys, mkeys, MEASURE_VALUES, 0.0)
    units = pd.concat([r.measures for r in results]).drop_duplicates("measure")
    meas.insert(3, "unit", meas["measure"].map(units.set_index("measure")["unit"]))
    tot = _wide([measures_by_measure(common(r.measures)) for r in results], keys,
                ["measure", "unit", "year"], MEASURE_VALUES, 0.0)
    targets, tnotes = _targets(results, keys, years)
    total, cnotes = _total_cost(results, keys, years)
    scope = None
    if years is not None:
        scope = ("runs of different kinds (" + ", ".join(
            f"{k}: {'pathway' if is_pathway(r) else 'single year'}"
            for k, r in zip(keys, results, strict=True)) + "): costs, targets, measures and "
            "emissions compared for the years they share, " + ", ".join(map(str, years)))
    notes += cnotes + tnotes
    return Comparison(runs=_runs(results, keys, labels),
                      inputs=input_differences(results, keys),
                      targets=targets, measures=meas, measures_total=tot,
                      total_cost=total,
                      emissions=_emissions(results, keys, years), results=results,
                      left_out=notes, scope=scope, common_years=years)


def read_comparison(folder: str | Path) -> Comparison:
    """Re-compare the runs a comparison folder names (its ``comparison.json``).

    Raises InputError if the folder holds no comparison.json or a run folder it names is gone.
    """
    folder = Path(folder)
    path = folder / "comparison.json"
    if not path.is_file():
        raise InputError(str(folder), "no comparison.json", "a folder of 'peakplan compare'")
    meta = json.loads(path.read_text(encoding="utf-8"))
    runs = [r["folder"] for r in meta.get("runs", [])]
    for r in runs:
        if not Path(r).is_dir():
            raise InputError(f"{path}", f"run folder {r} (gone)",
                             "every run folder the comparison names", "run compare again")
    return compare(*runs)
