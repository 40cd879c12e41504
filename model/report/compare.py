"""Differences between runs: inputs that differ and outputs that differ, each run against the
first (the reference).

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
change alone (:func:`format_total` says so).
"""

from __future__ import annotations

import hashlib
import math
import string
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.io import atomic_dir, check_out, write_csv, write_json
from model.report.tables import (
    Results,
    input_path,
    measures_by_measure,
    read_results,
    variable_label,
)
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
    """A distinct label per run: the scenario name; with its overrides (``name --set k=v``, or
    ``name (no --set)``) when another run has the same name; with its folder when even that
    repeats."""
    names = [r.scenario for r in results]
    labels = []
    for r in results:
        lab = r.scenario
        if names.count(r.scenario) > 1:
            ov = list(r.manifest.get("overrides") or [])
            lab = (f"{r.scenario} --set " + " --set ".join(ov)) if ov else \
                f"{r.scenario} (no --set)"
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
    pairs = [(rel, rel) for rel in sorted(set(ref) & set(run))]
    only_a = sorted(set(ref) - set(run))
    only_b = sorted(set(run) - set(ref))

    def short(rel: str) -> str:
        p = Path(rel)
        return f"{p.parent.name}/{p.name}"

    by_b = {}
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
            pa, pb = input_path(ref.manifest, rel_a), input_path(r.manifest, rel_b)
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


def _targets(results: list[Results], keys: list[str]) -> pd.DataFrame:
    ref = results[0].targets
    for r in results[1:]:
        both = ref.merge(r.targets, on=["target", "year"], suffixes=("_a", "_b"))
        for col in ("unit", "shadow_price_unit", "kind", "quantity"):
            bad = both[both[f"{col}_a"] != both[f"{col}_b"]]
            if len(bad):
                x = bad.iloc[0]
                raise InputError(f"{r.folder / 'targets.csv'} target {x['target']!r}",
                                 f"{col} {x[f'{col}_b']!r} (reference run: {x[f'{col}_a']!r})",
                                 f"the same {col} in every run to compare the target",
                                 "compare runs whose targets are defined alike")
    out = _wide([r.targets for r in results], keys, ["target", "year"], TARGET_VALUES, None)
    info = pd.concat([r.targets for r in results])[
        ["target", "year", "label_zh", "label_en", "kind", "quantity", "unit",
         "shadow_price_unit"]].drop_duplicates(["target", "year"])
    out = info.merge(out, on=["target", "year"])
    for k, r in zip(keys, results, strict=True):
        st = r.targets[["target", "year", "status"]].rename(columns={"status": f"status_{k}"})
        out = out.merge(st, on=["target", "year"], how="left")
    return out.reset_index(drop=True)


def _check_units(results: list[Results]) -> None:
    ua = results[0].measures.drop_duplicates("measure").set_index("measure")["unit"]
    for r in results[1:]:
        ub = r.measures.drop_duplicates("measure").set_index("measure")["unit"]
        for m in ua.index.intersection(ub.index):
            if ua[m] != ub[m]:
                raise InputError(f"{r.folder / 'measures.csv'} measure {m!r}",
                                 f"unit {ub[m]!r} (reference run: {ua[m]!r})",
                                 "the same unit of application in every run")


def _total_cost(results: list[Results], keys: list[str]) -> pd.DataFrame:
    items = (("annual_cost", "CNY/yr", "annual_cost_cny_per_yr"),
             ("annual_gross_outlay", "CNY/yr", "annual_gross_outlay_cny_per_yr"),
             ("annual_savings", "CNY/yr", "annual_savings_cny_per_yr"),
             ("pv_cost", "CNY", "pv_cost_cny"))
    rows = []
    for item, unit, key in items:
        vals = [r.solver.get(key) for r in results]
        if item in ("annual_gross_outlay", "annual_savings") and all(v is None for v in vals):
            continue
        rows.append({"item": item, "unit": unit, **{
            k: float(v) if v is not None else math.nan for k, v in zip(keys, vals,
                                                                        strict=True)}})
    years = sorted(set().union(*(set(r.measures["year"]) for r in results)))
    for y in years:
        rows.append({"item": f"measures_annual_cost_{y}", "unit": "CNY/yr", **{
            k: float(r.measures.loc[r.measures["year"] == y, "annual_cost"].sum())
            for k, r in zip(keys, results, strict=True)}})
    out = pd.DataFrame(rows, columns=["item", "unit", *keys])
    for k in keys[1:]:
        out[f"diff_{k}"] = out[k] - out[keys[0]]
    for k, r in zip(keys, results, strict=True):
        out[f"status_{k}"] = run_status(r)
    return out


def _emissions(results: list[Results], keys: list[str]) -> pd.DataFrame:
    frames = [r.emissions[["region", "variable", "unit", "year", "case", "value"]]
              for r in results]
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
    mkeys = ["measure", "region", "year"]
    meas = _wide([r.measures for r in results], keys, mkeys, MEASURE_VALUES, 0.0)
    units = pd.concat([r.measures for r in results]).drop_duplicates("measure")
    meas.insert(3, "unit", meas["measure"].map(units.set_index("measure")["unit"]))
    tot = _wide([measures_by_measure(r.measures) for r in results], keys,
                ["measure", "unit", "year"], MEASURE_VALUES, 0.0)
    return Comparison(runs=_runs(results, keys, labels),
                      inputs=input_differences(results, keys),
                      targets=_targets(results, keys), measures=meas, measures_total=tot,
                      total_cost=_total_cost(results, keys),
                      emissions=_emissions(results, keys), results=results)


# ------------------------------------------------------------------------------------------
# text

def _number(v: object) -> str:
    if isinstance(v, str):
        return v
    v = float(v)
    if v != v:  # NaN
        return "n/a"
    return f"{v:,.0f}"


def format_total(total: pd.DataFrame) -> str:
    """The ``total_cost`` table of :func:`compare` as text for the terminal.

    A first row ``status`` gives each run's solver status; costs are plain numbers with
    thousands separators, rounded to whole CNY (``61,343,752``; differences signed,
    ``+3,450``); a missing value is ``n/a``. When a run is not ``optimal`` a closing line says
    that its costs are those of the least-shortfall plan (targets not all met).

    Raises :class:`InputError` if a column is missing.
    """
    keys = [c for c in total.columns if len(c) == 1]
    need = ["item", "unit", *keys, *[f"diff_{k}" for k in keys[1:]],
            *[f"status_{k}" for k in keys]]
    missing = [c for c in need if c not in total.columns] or (
        [] if keys else ["a", "b", "status_a"])
    if missing:
        raise InputError("compare total_cost table", f"no column(s) {missing}",
                         f"the columns {need} of compare().total_cost")
    status = {k: str(total[f"status_{k}"].iloc[0]) if len(total) else "unknown" for k in keys}
    rows = [{"item": "status", "unit": "", **{k: status[k] for k in keys},
             **{f"{k}-a": "" for k in keys[1:]}}]
    for _, r in total.iterrows():
        row = {"item": r["item"], "unit": r["unit"], **{k: _number(r[k]) for k in keys}}
        for k in keys[1:]:
            d = r[f"diff_{k}"]
            row[f"{k}-a"] = "n/a" if d != d else f"{float(d):+,.0f}"
        rows.append(row)
    text = pd.DataFrame(rows).to_string(index=False)
    notes = [f"run {k.upper()} is {st}: its costs are those of the least-shortfall plan, which "
             "does not meet every target" for k, st in status.items() if st != "optimal"]
    return "\n".join([text, *(f"note: {n}" for n in notes)])


def print_comparison(cmp: Comparison, console=None) -> None:
    """The comparison in the terminal, readable at 80 columns (:mod:`model.termtable`): runs,
    inputs that differ, targets whose figures differ, costs (CNY with 万元/亿元), the largest
    measure changes, city emissions by year. Tables of any width are data: one column per
    run."""
    from rich.console import Console

    from model.fmt import wan_yi
    from model.termtable import Column, Row, print_table

    con = console or Console()
    keys = cmp.keys
    rows = []
    for _, r in cmp.runs.iterrows():
        cost = r["annual_cost_cny_per_yr"] if r["annual_cost_cny_per_yr"] is not None \
            else math.nan
        rows.append(Row(f"{r['run']}: {r['label']}", "",
                        [r["status"], (_number(cost), wan_yi(cost, "/年"))]))
    print_table(con, "运行 Runs (differences: each run − a)", Column("运行", "Run"),
                [Column("状态", "Status", "left"), Column("年化净成本", "Net CNY/yr")], rows)
    inp = cmp.inputs
    shown = inp[inp["kind"] != "input row"]
    rows = []
    for _, r in shown.head(15).iterrows():
        ref, val = str(r["reference"]), str(r["value"])
        if r["kind"] == "input file":
            ref, val = ref[:10], (val[:10] + (f" ({r['note']})" if r["note"] else ""))
        rows.append(Row(f"{r['run']}: {r['item']}", f"({r['kind']})",
                        [_clip(ref), _clip(val)]))
    if len(shown) > 15:
        rows.append(Row(f"… and {len(shown) - 15} more (compare_inputs.csv)"))
    print_table(con, f"输入差异 Inputs that differ ({len(inp)} rows in compare_inputs.csv)",
                Column("项", "Item"), [Column("参照", "a", "left"),
                                        Column("本运行", "this run", "left")], rows,
                empty="none")
    tg = cmp.targets
    diff_cols = [c for c in tg.columns if "_diff_" in c]
    changed = tg[(tg[diff_cols].abs() > 1e-9).any(axis=1)] if diff_cols else tg.iloc[0:0]
    rows = []
    for _, r in changed.iterrows():
        pct = r["unit"] == "fraction"
        rows.append(Row(r["label_zh"], f"{r['label_en']} ({int(r['year'])})"))
        for v in ("required", "achieved", "shadow_price"):
            if all(abs(float(r.get(f"{v}_diff_{k}", 0) or 0)) <= 1e-9 for k in keys[1:]):
                continue
            unit = "%" if pct and v != "shadow_price" else (
                r["shadow_price_unit"] if v == "shadow_price" else r["unit"])
            unit = str(unit).replace("percentage point", "pp")
            scale = 100.0 if pct and v != "shadow_price" else 1.0
            rows.append(Row(f"  {v} ({unit})", "",
                            [_short(r[f"{v}_{k}"] * scale) for k in keys]))
    print_table(con, "目标差异 Targets that differ", Column("目标", "Target"),
                [Column(k) for k in keys], rows, empty="none")
    tc = cmp.total_cost
    rows = []
    for _, r in tc.iterrows():
        diffs = ["n/a" if r[f"diff_{k}"] != r[f"diff_{k}"] else
                 (f"{r[f'diff_{k}']:+,.0f}", wan_yi(r[f"diff_{k}"])) for k in keys[1:]]
        rows.append(Row(str(r["item"]), "", [_number(r[k]) for k in keys] + diffs))
    print_table(con, "成本 Costs (CNY/yr; pv_cost CNY)", Column("项", "Item"),
                [*[Column(k) for k in keys], *[Column(f"{k} − a") for k in keys[1:]]], rows)
    for k in keys:
        st = str(tc[f"status_{k}"].iloc[0]) if len(tc) else "unknown"
        if st != "optimal":
            con.print(f"note: run {k.upper()} is {st}: its costs are those of the "
                      "least-shortfall plan, which does not meet every target")
    mt = cmp.measures_total
    last = int(mt["year"].max()) if len(mt) else None
    if last is not None and len(keys) > 1:
        sub = mt[mt["year"] == last].copy()
        sub["_big"] = sub[[f"annual_cost_diff_{k}" for k in keys[1:]]].abs().max(axis=1)
        sub = sub[sub["_big"] > 0.5].sort_values("_big", ascending=False).head(8)
        names = {}
        for r in cmp.results:
            names.update(r.measure_labels)
        rows = []
        for _, r in sub.iterrows():
            zh, en = names.get(r["measure"], ("", r["measure"]))
            rows.append(Row(zh or en, en if zh else "",
                            [f"{r[f'annual_cost_diff_{k}']:+,.0f}" for k in keys[1:]]))
        print_table(con, f"措施变化最大 Largest measure changes ({last}, net CNY/yr)",
                    Column("措施", "Measure"), [Column(f"{k} − a") for k in keys[1:]], rows)
    em = cmp.emissions
    ref = cmp.results[0]
    city = em[(em["region"] == ref.city) & (em["case"] == "scenario")
              & em["variable"].isin(["Emissions|CO2", "Energy|Total"])]
    if len(city):
        cz, ce = ref.region_name(ref.city)
        rows = []
        for _, r in city.iterrows():
            zh, en = variable_label(r["variable"])
            rows.append(Row(f"{zh} {en} ({r['unit']})", str(int(r["year"])),
                            [_short(r[f"value_{k}"]) for k in keys]))
        print_table(con, f"{cz}排放 {ce}, plan by year".strip(), Column("指标", "Variable"),
                    [Column(k) for k in keys], rows)


def _clip(text: str, n: int = 36) -> str:
    """At most ``n`` characters, a cut marked with an ellipsis (the whole value is in
    compare_inputs.csv)."""
    return text if len(text) <= n else text[:n - 1] + "…"


def _short(v: object) -> str:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    if v != v:
        return "n/a"
    from model.fmt import plain

    return plain(v)


# ------------------------------------------------------------------------------------------
# files

def _write_workbook(cmp: Comparison, out: Path) -> Path:
    from model.report.workbook import _Sheet, save_workbook

    sheet_names = {"runs": "运行 Runs", "inputs": "输入差异 Inputs", "targets": "目标 Targets",
                   "total_cost": "成本 Costs", "measures_total": "措施 Measures",
                   "measures": "措施分县 Measures by county", "emissions": "排放 Emissions"}
    label = dict(zip(cmp.runs["run"], cmp.runs["label"], strict=True))

    def header(col: str) -> str:
        base = {"run": "运行 Run", "label": "标签 Label", "folder": "目录 Folder",
                "scenario": "情景 Scenario", "overrides": "参数覆盖 Overrides",
                "status": "状态 Status", "created_utc": "运行时间 Run time (UTC)",
                "annual_cost_cny_per_yr": "年化净成本 Net cost (CNY/yr)", "kind": "类型 Kind",
                "item": "项 Item", "where": "位置 Where", "reference": "参照 Reference (a)",
                "value": "本运行 This run", "note": "说明 Note", "target": "目标 Target",
                "year": "年份 Year", "label_zh": "目标 Target (中文)",
                "label_en": "目标 Target (English)", "quantity": "指标 Quantity",
                "unit": "单位 Unit", "shadow_price_unit": "影子价格单位 Price unit",
                "present": "出现于 Present in", "measure": "措施 Measure",
                "region": "区域 Region", "variable": "变量 Variable", "case": "情形 Case"}
        if col in base:
            return base[col]
        names = {"required": "要求值 Required", "achieved": "实现值 Achieved",
                 "shortfall": "缺口 Shortfall", "shadow_price": "影子价格 Shadow price",
                 "level": "实施量 Level", "annual_cost": "年化净成本 Net cost (CNY/yr)",
                 "value": "数值 Value", "status": "状态 Status"}
        for stem, name in names.items():
            if col.startswith(stem + "_diff_"):
                k = col.rsplit("_", 1)[1]
                return f"{name} {k} − a (差值 difference)"
            if col.startswith(stem + "_"):
                k = col.rsplit("_", 1)[1]
                return f"{name} [{k}: {label.get(k, k)}]"
        if col.startswith("diff_"):
            k = col[5:]
            return f"差值 Difference {k} − a"
        if col in label:
            return f"运行 Run [{col}: {label[col]}]"
        return f"字段 Field {col}"

    def fill(wb, f):
        for name, df in cmp.tables().items():
            sh = _Sheet(wb, sheet_names[name], f)
            sh.header([header(c) for c in df.columns])
            for _, r in df.iterrows():
                vals, fmts = [], []
                for c in df.columns:
                    v = r[c]
                    v = v.item() if hasattr(v, "item") else v
                    vals.append(v)
                    fmts.append("int" if c == "year" else "num2" if isinstance(v, float)
                                and abs(v) < 100 else "num0" if isinstance(v, float) else "text")
                sh.cells(vals, fmts)
            sh.finish(ncols=len(df.columns))

    return save_workbook(out, fill)


def write_comparison(runs, out: str | Path) -> tuple[Path, Comparison]:
    """Write :func:`compare` of ``runs`` (a list of result folders, the first the reference)
    into the folder ``out`` (atomically) and return (folder, comparison).

    Files ``compare_<table>.csv`` for every table (UTF-8 with BOM), ``comparison.xlsx`` and
    ``comparison.json`` (the runs: letter, label, folder, scenario, overrides, created_utc,
    status; ``all_optimal``; ``difference`` "each run - a"). Raises InputError as
    :func:`compare`.
    """
    out = check_out(out, "compare")  # (.. and links resolved) before anything is read
    cmp = compare(list(runs))
    with atomic_dir(out, kind="compare") as tmp:
        for name, df in cmp.tables().items():
            write_csv(df, tmp / f"compare_{name}.csv")
        _write_workbook(cmp, tmp / "comparison.xlsx")
        write_json({"runs": [{k: (None if isinstance(v, float) and v != v else v)
                              for k, v in r.items()} for r in cmp.runs.to_dict("records")],
                    "all_optimal": bool((cmp.runs["status"] == "optimal").all()),
                    "difference": "each run - a"}, tmp / "comparison.json")
    return out, cmp


def read_comparison(folder: str | Path) -> Comparison:
    """Re-compare the runs a comparison folder names (its ``comparison.json``).

    Raises InputError if the folder holds no comparison.json or a run folder it names is gone.
    """
    import json

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
    return compare(runs)


def comparison_charts(cmp: Comparison, folder: Path, lab) -> list[Path]:
    """Charts of the differences of each run from run a (every bar and line is run − a):
    annual cost (net, gross outlay, savings; million CNY/yr), the shadow price of each target
    binding in any run, and the city's CO2 by year. A chart whose differences are all zero is
    left out (its sentence is in the comparison's briefing)."""
    import matplotlib as mpl

    from model.report.charts import _figure, _save, thousands, wrap_text

    out = []
    keys = cmp.keys
    label = dict(zip(cmp.runs["run"], cmp.runs["label"], strict=True))
    others = keys[1:]
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

    def run_name(k: str) -> str:
        return wrap_text(f"{k} − a: {label[k]}", 3.2, 8)

    with mpl.rc_context(lab.rc()):
        tc = cmp.total_cost.set_index("item")
        items = [i for i in ("annual_cost", "annual_gross_outlay", "annual_savings")
                 if i in tc.index]
        names = {"annual_cost": lab("净成本", "net cost"),
                 "annual_gross_outlay": lab("支出", "gross outlay"),
                 "annual_savings": lab("节省", "savings")}
        diffs = {i: [float(tc.loc[i, f"diff_{k}"]) / 1e6 for k in others] for i in items}
        if any(abs(v) > 1e-6 for vs in diffs.values() for v in vs):
            fig = _figure((9, 4.8))
            ax = fig.subplots()
            w = 0.8 / max(1, len(items))
            for j, i in enumerate(items):
                xs = [n + (j - (len(items) - 1) / 2) * w for n in range(len(others))]
                ax.bar(xs, diffs[i], width=w, color=["#1f4e79", "#7f7f7f", "#55a868"][j],
                       label=names[i])
                for x, v in zip(xs, diffs[i], strict=True):
                    ax.annotate(f"{v:+,.1f}", (x, v), xytext=(0, 3 if v >= 0 else -3),
                                textcoords="offset points", ha="center",
                                va="bottom" if v >= 0 else "top", fontsize=7.5,
                                annotation_clip=True)
            ax.axhline(0, color="black", linewidth=0.8)
            lo, hi = ax.get_ylim()
            ax.set_ylim(lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo))
            ax.set_xticks(range(len(others)), [run_name(k) for k in others], fontsize=8)
            ax.set_ylabel(lab("相对运行a的变化，百万元/年", "change vs run a, million CNY/yr"))
            ax.grid(axis="y", alpha=0.3)
            ax.legend(fontsize=8)
            fig.suptitle(lab("年化成本的变化（各运行 − a）", "Annual cost: each run − a", "\n"),
                         fontsize=10.5)
            out.append(_save(fig, folder / "compare_costs.png"))

        tg = cmp.targets
        dcols = [f"shadow_price_diff_{k}" for k in others]
        sub = tg[(tg[dcols].fillna(0).abs() > 1e-9).any(axis=1)] if dcols else tg.iloc[0:0]
        if len(sub):
            fig = _figure((9, 1.6 + 0.45 * len(sub) * max(1, len(others)) + 1))
            ax = fig.subplots()
            h = 0.8 / len(others)
            for j, k in enumerate(others):
                ys = [i + j * h for i in range(len(sub))]
                vals = sub[f"shadow_price_diff_{k}"].fillna(0.0).tolist()
                ax.barh(ys, vals, height=h, color=colours[j % len(colours)], label=run_name(k))
                for y, v in zip(ys, vals, strict=True):
                    ax.annotate(f"{v:+,.0f}", (v, y), xytext=(3 if v >= 0 else -3, 0),
                                textcoords="offset points", va="center",
                                ha="left" if v >= 0 else "right", fontsize=7,
                                annotation_clip=True)
            ax.axvline(0, color="black", linewidth=0.8)
            span = float(sub[dcols].abs().max().max())
            small = float(sub[dcols].abs().replace(0, float("nan")).min().min())
            lo, hi = ax.get_xlim()
            if span > 0 and small == small and span / small > 100:
                # a log scale either side of zero, so that a change of 34 CNY/t shows beside
                # one of 49,649; ticks as plain figures (no 10^4); room for the values
                thresh = max(small, 1.0)
                ax.set_xscale("symlog", linthresh=thresh)
                ax.set_xlim(lo * 10 if lo < 0 else lo, hi * 10 if hi > 0 else hi)
                # ticks at 0 and every other decade beyond the linear part (no crowding)
                x0, x1 = ax.get_xlim()
                ticks = [0.0] + [sign * 10.0 ** k for k in range(0, 16, 2) for sign in (-1, 1)
                                 if 10.0 ** k >= thresh and x0 <= sign * 10.0 ** k <= x1]
                ax.xaxis.set_major_locator(mpl.ticker.FixedLocator(sorted(ticks)))
                ax.xaxis.set_minor_locator(mpl.ticker.NullLocator())
            else:
                ax.set_xlim(lo - 0.25 * (hi - lo) if lo < 0 else lo, hi + 0.25 * (hi - lo))
            thousands(ax.xaxis)
            ax.tick_params(axis="x", labelsize=7)
            ax.set_yticks([i + (len(others) - 1) * h / 2 for i in range(len(sub))],
                          [wrap_text(lab(z, e) + f" ({u}, {int(y)})", 3.0, 7.5)
                           for z, e, u, y in zip(sub["label_zh"], sub["label_en"],
                                                 sub["shadow_price_unit"], sub["year"],
                                                 strict=True)], fontsize=7.5)
            ax.invert_yaxis()
            ax.set_xlabel(lab("影子价格变化（各运行 − a）", "Change of the shadow price, run − a"))
            ax.grid(axis="x", alpha=0.3)
            fig.legend(loc="outside lower center", ncols=min(3, len(others)), fontsize=8)
            fig.suptitle(lab("影子价格的变化", "Shadow prices: each run − a", "\n"),
                         fontsize=10.5)
            out.append(_save(fig, folder / "compare_prices.png"))

        em = cmp.emissions
        co2 = em[(em["region"] == cmp.results[0].city) & (em["variable"] == "Emissions|CO2")
                 & (em["case"] == "scenario")].sort_values("year")
        dco2 = [f"value_diff_{k}" for k in others]
        if len(co2) and (co2[dco2].fillna(0).abs() > 0.5).any().any():
            fig = _figure((9, 4.8))
            ax = fig.subplots()
            years = list(co2["year"])
            for j, k in enumerate(others):
                if len(years) > 2:
                    ax.plot(years, co2[f"value_diff_{k}"], marker="o",
                            color=colours[j % len(colours)], label=run_name(k))
                else:
                    xs = [n + (j - (len(others) - 1) / 2) * 0.8 / len(others)
                          for n in range(len(years))]
                    ax.bar(xs, co2[f"value_diff_{k}"], width=0.8 / len(others),
                           color=colours[j % len(colours)], label=run_name(k))
            ax.axhline(0, color="black", linewidth=0.8)
            if len(years) <= 2:
                ax.set_xticks(range(len(years)), [str(y) for y in years])
            else:
                ax.set_xticks(years, [str(y) for y in years])
            thousands(ax.yaxis)
            ax.set_ylabel(lab("二氧化碳变化", "Change of CO2") + " (t CO2/yr)")
            ax.grid(alpha=0.3)
            ax.legend(fontsize=8)
            fig.suptitle(lab("城市二氧化碳排放的变化（各运行 − a）", "City CO2: each run − a",
                             "\n"), fontsize=10.5)
            out.append(_save(fig, folder / "compare_co2.png"))
    return out


def write_comparison_pdf(cmp: Comparison, charts: list[Path], out: Path, vector=None) -> Path:
    """``comparison.pdf``: the runs, the inputs that differ (composed scenario values,
    overrides, input rows), the cost differences and the targets whose figures differ, then
    the comparison charts (vector), laid out by :mod:`model.report.pdf`."""
    from model.fmt import plain, wan_yi
    from model.report.pdf import Doc

    doc = Doc(title="peakplan comparison", footer="peakplan comparison: each run − a")
    keys = cmp.keys
    doc.para("运行比较", "title")
    doc.para("Comparison of runs (each run − a)", "subtitle")
    doc.heading("运行 Runs")
    doc.table(["运行 Run", "标签 Label", "状态 Status", "年化净成本 Net cost"],
              [[r["run"], r["label"], r["status"],
                f"{plain(r['annual_cost_cny_per_yr'])} CNY/yr "
                f"({wan_yi(r['annual_cost_cny_per_yr'], '/年')})"]
               for _, r in cmp.runs.iterrows()], [0.11, 0.44, 0.13, 0.32], align_right=(3,))
    inp = cmp.inputs
    doc.heading(f"输入差异 Inputs that differ ({len(inp)})")
    if inp.empty:
        doc.para("无：各运行的输入相同。None: the runs read the same inputs.")
    else:
        # an override's item is already "key=value": its own column says only where it holds
        # (the value repeated there once broke "…=0.0" / "7" over two lines)
        rows = [[r["run"], r["kind"], f"{r['item']} {r['where']}".strip(),
                 str(r["reference"])[:120],
                 (r["note"] or "--set") if r["kind"] == "override" else
                 str(r["value"])[:120] + (f" ({r['note']})" if r["note"] else "")]
                for _, r in inp.head(40).iterrows()]
        doc.table(["运行 Run", "类型 Kind", "项 Item", "参照 a", "本运行 This run"], rows,
                  [0.11, 0.13, 0.36, 0.18, 0.22])
        if len(inp) > 40:
            doc.para(f"… and {len(inp) - 40} more rows in compare_inputs.csv", "small")
    tc = cmp.total_cost
    doc.heading("成本 Costs (CNY/yr; pv_cost CNY)")
    doc.table(["项 Item", *keys, *[f"{k} − a" for k in keys[1:]]],
              [[r["item"], *[plain(r[k]) for k in keys],
                *[("+" if r[f"diff_{k}"] > 0 else "") + plain(r[f"diff_{k}"])
                  for k in keys[1:]]] for _, r in tc.iterrows()],
              [0.3] + [0.7 / (2 * len(keys) - 1)] * (2 * len(keys) - 1),
              align_right=tuple(range(1, 2 * len(keys))))
    tg = cmp.targets
    dcols = [c for c in tg.columns if "_diff_" in c]
    changed = tg[(tg[dcols].fillna(0).abs() > 1e-9).any(axis=1)] if dcols else tg.iloc[0:0]
    doc.heading(f"目标差异 Targets whose figures differ ({len(changed)})")
    if len(changed):
        import re

        # the prices' basis ("dual: costs of 2025") said once under the table, not in every row
        bases = {m.group(0) if (m := re.search(r" \(dual[^)]*\)", str(u))) else ""
                 for u in changed["shadow_price_unit"]}
        rows = []
        for _, r in changed.iterrows():
            unit = str(r["shadow_price_unit"])
            for b in bases:
                unit = unit.replace(b, "") if b else unit
            rows.append([f"{r['label_zh']} {r['label_en']} ({int(r['year'])})",
                         *[plain(r[f"shadow_price_{k}"]) for k in keys], unit])
        doc.table(["目标 Target", *[f"影子价格 {k}" for k in keys], "单位 Unit"], rows,
                  [0.44] + [0.4 / len(keys)] * len(keys) + [0.16],
                  align_right=tuple(range(1, len(keys) + 1)))
        said = sorted(b.strip(" ()").removeprefix("dual: ") for b in bases if b)
        if said:
            doc.para("影子价格为对偶价格 Shadow prices are duals (" + "; ".join(said) + ").",
                     "small")
    else:
        doc.para("各目标的要求值、实现值和影子价格均相同。Every target's requirement, "
                 "achievement and shadow price are the same.")
    titles = {"compare_costs": "年化成本的变化 Annual cost: each run − a",
              "compare_prices": "影子价格的变化 Shadow prices: each run − a",
              "compare_co2": "二氧化碳排放的变化 City CO2: each run − a"}
    n = 0
    for png in charts:
        if vector is not None and png.stem in vector.pages:
            n += 1
            doc.chart(f"图{n} Figure {n}: {titles.get(png.stem, png.stem)}", vector.path,
                      vector.pages[png.stem])
    return doc.build(out)


def write_comparison_report(folder: str | Path, out: Path, lab) -> list[Path]:
    """The report of a comparison folder: ``comparison.xlsx``, the difference charts (PNG, and
    every chart as a vector page of ``charts.pdf``) and its own briefing ``comparison.pdf``."""
    from model.report.vector import collecting

    cmp = read_comparison(folder)
    with collecting(out / "charts.pdf") as vector:
        charts = comparison_charts(cmp, out, lab)
    pdf = write_comparison_pdf(cmp, charts, out / "comparison.pdf", vector)
    return [_write_workbook(cmp, out / "comparison.xlsx"), pdf, *charts,
            *([vector.path] if vector.pages else [])]
