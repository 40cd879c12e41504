"""Differences between two runs (result folders A and B): targets, measures, total cost.

Every difference is ``b − a`` in the unit of the row. A measure/region/year present in only one
run is listed with ``present`` = ``a only`` / ``b only`` and its level and cost taken as 0 in
the other run (a run without the variable applies none of the measure); a target present in one
run only keeps NaN for the other (there is no requirement to compare with).

Each run's solver status (``manifest.json`` → ``solver.status``: ``optimal`` or ``infeasible``)
travels with the numbers: ``status_a``/``status_b`` columns in ``total_cost``, a ``runs`` table
and ``comparison.json``. The costs of an ``infeasible`` run are those of its least-shortfall plan,
which does not meet every target, so a difference against it is not the cost of a policy
change alone; :func:`format_total` says so in words.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.io import atomic_dir, write_csv, write_json
from model.report.tables import Results, measures_by_measure, read_results

TARGET_VALUES = ("required", "achieved", "shortfall", "shadow_price")
MEASURE_VALUES = ("level", "annual_cost")


def _side_by_side(a: pd.DataFrame, b: pd.DataFrame, keys: list[str], values: tuple[str, ...],
                  fill: float | None) -> pd.DataFrame:
    m = a[keys + list(values)].merge(b[keys + list(values)], on=keys, how="outer",
                                     suffixes=("_a", "_b"), indicator=True, sort=False)
    m["present"] = m.pop("_merge").map({"both": "both", "left_only": "a only",
                                        "right_only": "b only"}).astype(str)
    cols = list(keys)
    for v in values:
        if fill is not None:
            m[f"{v}_a"] = m[f"{v}_a"].fillna(fill)
            m[f"{v}_b"] = m[f"{v}_b"].fillna(fill)
        m[f"{v}_diff"] = m[f"{v}_b"] - m[f"{v}_a"]
        cols += [f"{v}_a", f"{v}_b", f"{v}_diff"]
    return m[[*cols, "present"]]


def _targets(ra: Results, rb: Results) -> pd.DataFrame:
    ta, tb = ra.targets, rb.targets
    both = ta.merge(tb, on="target", suffixes=("_a", "_b"))
    for col in ("unit", "shadow_price_unit", "kind", "quantity", "year"):
        bad = both[both[f"{col}_a"] != both[f"{col}_b"]]
        if len(bad):
            r = bad.iloc[0]
            raise InputError(f"{rb.folder / 'targets.csv'} target {r['target']!r}",
                             f"{col} {r[f'{col}_b']!r} (run A: {r[f'{col}_a']!r})",
                             f"the same {col} in both runs to compare the target",
                             "compare runs whose targets are defined alike")
    out = _side_by_side(ta, tb, ["target"], TARGET_VALUES, fill=None)
    info = pd.concat([ta, tb])[["target", "label_zh", "label_en", "kind", "quantity", "year",
                                "unit", "shadow_price_unit"]].drop_duplicates("target")
    status = ta[["target", "status"]].merge(tb[["target", "status"]], on="target", how="outer",
                                             suffixes=("_a", "_b"))
    out = info.merge(out, on="target").merge(status, on="target")
    return out.reset_index(drop=True)


def _check_units(ra: Results, rb: Results) -> None:
    ua = ra.measures.drop_duplicates("measure").set_index("measure")["unit"]
    ub = rb.measures.drop_duplicates("measure").set_index("measure")["unit"]
    for m in ua.index.intersection(ub.index):
        if ua[m] != ub[m]:
            raise InputError(f"{rb.folder / 'measures.csv'} measure {m!r}",
                             f"unit {ub[m]!r} (run A: {ua[m]!r})",
                             "the same unit of application in both runs")


def run_status(r: Results) -> str:
    """The solver status a run's manifest records (``solver.status``), or ``unknown``."""
    status = r.manifest.get("solver", {}).get("status")
    return str(status) if status else "unknown"


def _runs(ra: Results, rb: Results) -> pd.DataFrame:
    rows = [{"run": name, "folder": str(Path(r.folder).resolve()), "scenario": r.scenario,
             "status": run_status(r), "created_utc": r.manifest.get("created_utc")}
            for name, r in (("a", ra), ("b", rb))]
    return pd.DataFrame(rows, columns=["run", "folder", "scenario", "status", "created_utc"])


def _total_cost(ra: Results, rb: Results) -> pd.DataFrame:
    rows = []
    for item, unit, key in (("annual_cost", "CNY/yr", "annual_cost_cny_per_yr"),
                            ("pv_cost", "CNY", "pv_cost_cny")):
        va = ra.manifest.get("solver", {}).get(key)
        vb = rb.manifest.get("solver", {}).get(key)
        va = float(va) if va is not None else float("nan")
        vb = float(vb) if vb is not None else float("nan")
        rows.append({"item": item, "unit": unit, "a": va, "b": vb, "diff": vb - va})
    for y in sorted(set(ra.measures["year"]) | set(rb.measures["year"])):
        va = float(ra.measures.loc[ra.measures["year"] == y, "annual_cost"].sum())
        vb = float(rb.measures.loc[rb.measures["year"] == y, "annual_cost"].sum())
        rows.append({"item": f"measures_annual_cost_{y}", "unit": "CNY/yr", "a": va, "b": vb,
                     "diff": vb - va})
    out = pd.DataFrame(rows, columns=["item", "unit", "a", "b", "diff"])
    out["status_a"], out["status_b"] = run_status(ra), run_status(rb)
    return out


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
    that its costs are those of the least-shortfall plan (targets not all met). Columns
    ``item, unit, a, b, diff`` (+ ``status_a, status_b`` as :func:`compare` returns them).

    Raises :class:`InputError` if a column is missing.
    """
    need = ("item", "unit", "a", "b", "diff", "status_a", "status_b")
    missing = [c for c in need if c not in total.columns]
    if missing:
        raise InputError("compare total_cost table", f"no column(s) {missing}",
                         f"the columns {list(need)} of compare()['total_cost']")
    sa = str(total["status_a"].iloc[0]) if len(total) else "unknown"
    sb = str(total["status_b"].iloc[0]) if len(total) else "unknown"
    shown = pd.DataFrame(
        [{"item": "status", "unit": "", "a": sa, "b": sb, "diff": ""}]
        + [{"item": r["item"], "unit": r["unit"], "a": _number(r["a"]), "b": _number(r["b"]),
            "diff": "n/a" if r["diff"] != r["diff"] else f"{float(r['diff']):+,.0f}"}
           for _, r in total.iterrows()])
    text = shown.to_string(index=False)
    notes = [f"run {name.upper()} is {st}: its costs are those of the least-shortfall plan, "
             "which does not meet every target" for name, st in (("a", sa), ("b", sb))
             if st != "optimal"]
    return "\n".join([text, *(f"note: {n}" for n in notes)])


def compare(dir_a: str | Path, dir_b: str | Path) -> dict[str, pd.DataFrame]:
    """Compare two result folders; every ``*_diff`` column is run B minus run A.

    Returns
    -------
    dict with
    - ``targets``: ``target, label_zh, label_en, kind, quantity, year, unit,
      shadow_price_unit, required_a/_b/_diff, achieved_a/_b/_diff, shortfall_a/_b/_diff,
      shadow_price_a/_b/_diff, present, status_a, status_b`` (target unit; fractions as
      fractions; shadow price in shadow_price_unit);
    - ``measures``: per ``measure, region, year``: ``level_a/_b/_diff`` (measure's ``unit``),
      ``annual_cost_a/_b/_diff`` (CNY/yr), ``present``;
    - ``measures_total``: the same summed over regions per ``measure, unit, year``;
    - ``total_cost``: ``item, unit, a, b, diff, status_a, status_b`` for ``annual_cost``
      (CNY/yr, from the manifests), ``pv_cost`` (CNY) and ``measures_annual_cost_<year>`` (sum
      of measures.csv); ``status_*`` is each run's solver status (``optimal``/``infeasible``,
      ``unknown`` if the manifest has none) on every row. :func:`format_total` renders it;
    - ``runs``: ``run`` (a/b), ``folder, scenario, status, created_utc``.

    Raises
    ------
    InputError
        If either folder is not a result folder (naming the missing files), or a target's
        unit/kind/quantity/year or a measure's unit differs between the runs.
    """
    ra, rb = read_results(dir_a), read_results(dir_b)
    _check_units(ra, rb)
    keys = ["measure", "region", "year"]
    meas = _side_by_side(ra.measures, rb.measures, keys, MEASURE_VALUES, fill=0.0)
    units = pd.concat([ra.measures, rb.measures]).drop_duplicates("measure")
    meas.insert(3, "unit", meas["measure"].map(units.set_index("measure")["unit"]))
    tot = _side_by_side(measures_by_measure(ra.measures), measures_by_measure(rb.measures),
                        ["measure", "unit", "year"], MEASURE_VALUES, fill=0.0)
    return {"targets": _targets(ra, rb), "measures": meas, "measures_total": tot,
            "total_cost": _total_cost(ra, rb), "runs": _runs(ra, rb)}


def write_comparison(dir_a: str | Path, dir_b: str | Path, out: str | Path) -> Path:
    """Write :func:`compare` as CSVs into the folder ``out`` (atomically) and return it.

    Files ``compare_targets.csv``, ``compare_measures.csv``, ``compare_measures_total.csv``,
    ``compare_total_cost.csv``, ``compare_runs.csv`` (UTF-8 with BOM) and ``comparison.json``
    naming runs A and B (folder, scenario, created_utc, status) with ``all_optimal`` (bool).
    Raises InputError as :func:`compare`.
    """
    tables = compare(dir_a, dir_b)
    out = Path(out)
    ra, rb = read_results(dir_a), read_results(dir_b)
    with atomic_dir(out, kind="compare") as tmp:
        for name, df in tables.items():
            write_csv(df, tmp / f"compare_{name}.csv")
        write_json({"a": {"folder": str(Path(dir_a).resolve()), "scenario": ra.scenario,
                          "created_utc": ra.manifest.get("created_utc"),
                          "status": run_status(ra)},
                    "b": {"folder": str(Path(dir_b).resolve()), "scenario": rb.scenario,
                          "created_utc": rb.manifest.get("created_utc"),
                          "status": run_status(rb)},
                    "all_optimal": run_status(ra) == run_status(rb) == "optimal",
                    "difference": "b - a"}, tmp / "comparison.json")
    return out
