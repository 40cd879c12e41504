"""What a briefing says about its evidence: the scenario's own words, the catalogue's sources,
how much of the answer rests on estimates, and the sensitivity interval.

* :func:`scenario_meta` — the scenario file the manifest names (label zh/en, each target's
  plan clause ``source`` and ``note``), read only if it still has the hash the run recorded.
  targets.csv carries no ``source`` column, so the clause is read here (see the report of
  issue #9: a ``source`` column in targets.csv would make the result folder self-contained).
* :func:`catalogue_sources` — per measure the ``source``/``status``/``method`` of the catalogue
  ``measures.csv`` and of each cost item in ``costs.csv``.
* :func:`evidence_grade` — the share of input rows that are estimates or calibrated (manifest
  ``estimates``) and the share of the plan's gross outlay resting on estimated cost rows.
* :func:`sensitivity` — intervals of a sensitivity results folder (given, or found beside the
  run).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from model.errors import InputError
from model.report.tables import Results, input_path, unchanged_input
from model.yamlio import load_yaml

log = logging.getLogger(__name__)

#: Grade of the evidence by the share of input rows that are estimated or calibrated.
GRADES = ((0.25, "A"), (0.5, "B"), (0.75, "C"), (math.inf, "D"))
GRADE_RULE = ("A < 25 %, B < 50 %, C < 75 %, D ≥ 75 % of sourced input rows estimated or "
              "calibrated")
GRADE_RULE_ZH = "A 低于25%，B 低于50%，C 低于75%，D 不低于75% 的输入数据为估算或校准值"


@dataclass(frozen=True)
class ScenarioMeta:
    """The scenario file's words: ``label`` (zh, en), ``description``, and per target id its
    ``source`` (plan clause) and ``note``; ``available`` False (with ``reason``) when the file
    is missing or changed since the run."""

    name: str
    label: tuple[str, str]
    description: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    available: bool = True
    reason: str = ""
    path: Path | None = None


def _scenario_file(res: Results) -> tuple[Path | None, str]:
    """(path, reason): the scenario file of the run if it is unchanged since the run."""
    m = res.manifest
    named = m.get("scenario_file")
    if not named:
        return None, "the manifest names no scenario file"
    named_path = Path(str(named))
    for rel, digest in (m.get("inputs") or {}).items():
        p = input_path(m, rel)
        same = p.name == named_path.name and (not named_path.is_absolute() or
                                              p.resolve() == named_path.resolve())
        if not same:
            continue
        if not p.is_file():
            return None, f"{p} not found"
        import hashlib

        if hashlib.sha256(p.read_bytes()).hexdigest() != digest:
            return None, f"{p} changed since the run"
        return p, ""
    if named_path.is_file():
        return named_path, ""  # a manifest without hashes (older or hand-made)
    return None, f"{named_path} not found"


def scenario_meta(res: Results) -> ScenarioMeta:
    """Read the run's scenario file for its label and the targets' plan clauses.

    Never raises for a missing or changed file: the meta says ``available=False`` and why, and
    the label falls back to the scenario's id.
    """
    name = res.scenario
    path, reason = _scenario_file(res)
    if path is None:
        return ScenarioMeta(name=name, label=("", name), available=False, reason=reason)

    try:
        raw = load_yaml(path)
    except InputError as exc:
        return ScenarioMeta(name=name, label=("", name), available=False, reason=str(exc))
    if not isinstance(raw, dict):
        return ScenarioMeta(name=name, label=("", name), available=False,
                            reason=f"{path} is not a mapping")
    label = raw.get("label")
    lab = label if isinstance(label, dict) else {}
    sources, notes = {}, {}
    for t in raw.get("targets") or []:
        if isinstance(t, dict) and "id" in t:
            sources[str(t["id"])] = str(t.get("source", "") or "")
            notes[str(t["id"])] = str(t.get("note", "") or "")
    return ScenarioMeta(name=name, label=(str(lab.get("zh", "") or ""),
                                          str(lab.get("en", "") or name)),
                        description=str(raw.get("description", "") or "").strip(),
                        sources=sources, notes=notes, path=path)


@dataclass(frozen=True)
class CatalogueSources:
    """Per measure: ``measures`` (index measure: source, status, method) and ``costs``
    (measure, item, source, status, method) from the catalogue, or empty with a ``reason``."""

    measures: pd.DataFrame
    costs: pd.DataFrame
    reason: str = ""

    @property
    def available(self) -> bool:
        return not self.reason

    def measure_source(self, measure: str) -> str:
        if measure not in self.measures.index:
            return ""
        r = self.measures.loc[measure]
        return f"{r['source']} [{r['status']}]" if r["status"] else str(r["source"])

    def cost_sources(self, measure: str) -> str:
        """'capital: <source> [estimate]; om: ...' for one measure (distinct sources once)."""
        c = self.costs[self.costs["measure"] == measure]
        parts = []
        for item, grp in c.groupby("item", sort=False):
            srcs = "; ".join(dict.fromkeys(grp["source"]))
            st = "/".join(dict.fromkeys(s for s in grp["status"] if s))
            parts.append(f"{item}: {srcs}" + (f" [{st}]" if st else ""))
        return " | ".join(parts)

    def estimated_cost(self, measure: str) -> bool | None:
        """True if any cost row of the measure is an estimate (None: no cost rows)."""
        c = self.costs[self.costs["measure"] == measure]
        if c.empty:
            return None
        return bool((c["status"] == "estimate").any())


def catalogue_sources(res: Results) -> CatalogueSources:
    """The catalogue's sources of the run's measures (if its files are unchanged)."""
    empty_m = pd.DataFrame(columns=["source", "status", "method"])
    empty_c = pd.DataFrame(columns=["measure", "item", "source", "status", "method"])
    mpath = unchanged_input(res.manifest, "measures.csv", "catalogue")
    cpath = unchanged_input(res.manifest, "costs.csv", "catalogue")
    if mpath is None or cpath is None:
        return CatalogueSources(empty_m, empty_c, "the catalogue (measures.csv, costs.csv) is "
                                "not available unchanged since the run")

    def read(p: Path) -> pd.DataFrame:
        return pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False)

    m = read(mpath)
    c = read(cpath)
    for df in (m, c):
        for col in ("source", "status", "method"):
            if col not in df.columns:
                df[col] = ""
    return CatalogueSources(m.set_index("measure")[["source", "status", "method"]],
                            c[["measure", "item", "source", "status", "method"]])


@dataclass(frozen=True)
class Evidence:
    """How much of the answer rests on estimates.

    ``rows_*`` from the manifest; ``share_rows`` = (estimate + calibrated) / rows with a status;
    ``grade`` by :data:`GRADES`; ``gross_on_estimates`` = share of the last year's gross outlay
    (measures.csv ``gross``) from measures with an estimated cost row (None without the
    catalogue or without gross).
    """

    rows_estimate: int
    rows_calibrated: int
    rows_with_status: int
    share_rows: float
    grade: str
    gross_on_estimates: float | None


def evidence_grade(res: Results, cat: CatalogueSources | None = None) -> Evidence | None:
    """The evidence of a run (None if the manifest has no ``estimates`` counts)."""
    est = res.manifest.get("estimates")
    if not isinstance(est, dict) or not est.get("rows_with_status"):
        return None
    n_e, n_c = int(est.get("rows_estimate", 0)), int(est.get("rows_calibrated", 0))
    n = int(est["rows_with_status"])
    share = (n_e + n_c) / n
    grade = next(g for lim, g in GRADES if share < lim)
    gross_share = None
    if cat is not None and cat.available and "gross" in res.measures.columns:
        m = res.measures[res.measures["year"] == res.last_year]
        g = m.groupby("measure")["gross"].sum()
        total = float(g.sum())
        if total > 0:
            flags = {k: cat.estimated_cost(k) for k in g.index}
            gross_share = float(sum(v for k, v in g.items() if flags[k])) / total
    return Evidence(n_e, n_c, n, share, grade, gross_share)


# ------------------------------------------------------------------------------------------
# sensitivity

#: Files a sensitivity results folder may hold its intervals in (first found is read): the
#: folder ``peakplan sensitivity`` writes has ``percentiles.csv``; ``intervals.csv`` and
#: ``summary.csv`` are read too (a hand-made table of low/high intervals).
SENSITIVITY_FILES = ("percentiles.csv", "intervals.csv", "summary.csv")
#: The sensitivity outputs read as the run's annual net cost and present value.
COST_OUTPUTS = {"annual_cost": ("annual_net", "annual_cost"), "pv_cost": ("cost_pv", "pv_cost")}


@dataclass(frozen=True)
class Sensitivity:
    """What a sensitivity folder says.

    ``table``: ``output, unit, low, median, high, level, n_used, n_total`` (level = the
    interval's coverage, 0.90 for the 5th-95th percentiles; n_used the samples where the
    output is defined); ``probabilities``: ``target, p_met, low95, high95, n,
    mean_shortfall_when_missed`` (Wilson intervals; the row ``every target``) or None;
    ``samples``, ``method``, ``mode`` (``reoptimise`` | ``fixed-plan``), ``feasible_share``,
    ``scenario`` (the scenario it analysed) and ``overrides`` from its summary and manifest.
    """

    folder: Path
    table: pd.DataFrame
    samples: int | None = None
    method: str = ""
    mode: str = ""
    probabilities: pd.DataFrame | None = None
    feasible_share: float | None = None
    scenario: str = ""
    overrides: tuple[str, ...] = ()
    #: PRIM's sentences of where the plan fails, (zh, en) per target with a box (issue #15;
    #: summary.json of a probability sample)
    failures: tuple[tuple[str, str], ...] = ()

    def interval(self, output: str) -> tuple[float, float, float, float] | None:
        """(low, median, high, level) of ``output`` (``annual_cost`` and ``pv_cost`` also
        find the sensitivity's ``annual_net`` and ``cost_pv``), or None."""
        for name in COST_OUTPUTS.get(output, (output,)):
            t = self.table[self.table["output"] == name]
            if len(t):
                r = t.iloc[0]
                return float(r["low"]), float(r["median"]), float(r["high"]), float(r["level"])
        return None

    def used(self, output: str) -> tuple[int, int] | None:
        """(samples where ``output`` is defined, samples) when the folder says so."""
        for name in COST_OUTPUTS.get(output, (output,)):
            t = self.table[self.table["output"] == name]
            if len(t) and t["n_used"].iloc[0] == t["n_used"].iloc[0]:
                return int(t["n_used"].iloc[0]), int(t["n_total"].iloc[0])
        return None


def _has_results(folder: Path) -> bool:
    return any((folder / n).is_file() for n in (*SENSITIVITY_FILES, "probabilities.csv"))


def find_sensitivity(res: Results) -> Path | None:
    """The sensitivity folder of a run: the newest ``<run>/sensitivity-<method>`` (where
    ``peakplan sensitivity`` writes by default) holding results, else ``<run>/sensitivity``,
    ``<run>_sensitivity`` or ``<run>-sensitivity`` beside it."""
    f = res.folder
    own = [p for p in f.glob("sensitivity-*") if p.is_dir() and _has_results(p)]
    if own:
        def stamp(p: Path) -> float:
            files = [p / n for n in ("summary.json", *SENSITIVITY_FILES) if (p / n).is_file()]
            return max(x.stat().st_mtime for x in files)

        return max(own, key=lambda p: (stamp(p), p.name))
    for cand in (f / "sensitivity", f.parent / f"{f.name}_sensitivity",
                 f.parent / f"{f.name}-sensitivity", f.parent / "sensitivity" / f.name):
        if _has_results(cand):
            return cand
    return None


def _floats(df: pd.DataFrame, col: str | None, path: Path) -> list[float]:
    if col is None:
        return [math.nan] * len(df)
    out = []
    for i, v in enumerate(df[col], start=2):
        try:
            out.append(float(v) if str(v).strip() else math.nan)
        except ValueError:
            raise InputError(f"{path} row {i} column '{col}'", repr(v), "a number") from None
    return out


def _percentiles(path: Path) -> pd.DataFrame:
    """percentiles.csv (output, percentile, value, n_defined, n_total) as 5th-95th intervals."""
    df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    need = {"output", "percentile", "value"}
    if not need <= set(df.columns):
        raise InputError(str(path), f"columns {list(df.columns)}",
                         f"the columns {sorted(need)} that peakplan sensitivity writes")
    df["percentile"] = _floats(df, "percentile", path)
    df["value"] = _floats(df, "value", path)
    rows = []
    for out, g in df.groupby("output", sort=False):
        g = g.set_index("percentile")["value"]
        lo_q, hi_q = min(g.index), max(g.index)
        first = df[df["output"] == out].head(1)
        n_used = _floats(first, "n_defined" if "n_defined" in df.columns else None, path)[0]
        n_total = _floats(first, "n_total" if "n_total" in df.columns else None, path)[0]
        rows.append({"output": out, "unit": "", "low": float(g[lo_q]),
                     "median": float(g[50.0]) if 50.0 in g.index else math.nan,
                     "high": float(g[hi_q]), "level": (hi_q - lo_q) / 100.0,
                     "n_used": n_used, "n_total": n_total})
    return pd.DataFrame(rows, columns=["output", "unit", "low", "median", "high", "level",
                                       "n_used", "n_total"])


def _interval_table(path: Path) -> pd.DataFrame:
    """A hand-made intervals table: ``output``, ``unit``, ``low``/``high`` (or quantile
    columns p05/p95), optional ``median``/``p50``, ``level`` and ``samples``."""
    df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    key = next((c for c in ("output", "variable", "quantity", "name") if c in df.columns), None)
    if key is None:
        raise InputError(str(path), f"columns {list(df.columns)}",
                         "a column 'output' naming each result")
    cols = {c.lower(): c for c in df.columns}
    pcols = sorted((float(c[1:]), c) for c in cols if c.startswith("p") and
                   c[1:].replace(".", "").isdigit())
    low = cols.get("low") or (cols[pcols[0][1]] if pcols else None)
    high = cols.get("high") or (cols[pcols[-1][1]] if pcols else None)
    if low is None or high is None or low == high:
        raise InputError(str(path), f"columns {list(df.columns)}",
                         "the interval as 'low' and 'high' (or quantile columns p05, p95)")
    med = cols.get("median") or cols.get("p50")
    if "level" in cols:
        level = _floats(df, cols["level"], path)
    elif pcols and low == cols[pcols[0][1]] and high == cols[pcols[-1][1]]:
        level = [(pcols[-1][0] - pcols[0][0]) / 100.0] * len(df)
    else:
        level = [math.nan] * len(df)
    n = _floats(df, cols.get("samples"), path)
    return pd.DataFrame({"output": df[key], "unit": df[cols["unit"]] if "unit" in cols else "",
                         "low": _floats(df, low, path), "median": _floats(df, med, path),
                         "high": _floats(df, high, path), "level": level,
                         "n_used": [math.nan] * len(df), "n_total": n})


def sensitivity(folder: str | Path) -> Sensitivity:
    """Read a sensitivity folder: the one ``peakplan sensitivity`` writes (``percentiles.csv``,
    ``probabilities.csv``, ``summary.json``, ``manifest.json``) or one holding a hand-made
    ``intervals.csv``/``summary.csv`` (:func:`_interval_table`).

    Raises InputError naming what is missing (no table of intervals or probabilities, a
    table without its columns, a cell that is not a number).
    """
    import json

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder", "a folder of 'peakplan sensitivity'")
    path = next((folder / n for n in SENSITIVITY_FILES if (folder / n).is_file()), None)
    prob_path = folder / "probabilities.csv"
    # a screening run (Morris) writes indices and summary.json but no probabilities or
    # percentiles (issue #15): read, and said to hold no interval
    screening = (folder / "summary.json").is_file() and (folder / "indices.csv").is_file()
    if path is None and not prob_path.is_file() and not screening:
        raise InputError(str(folder), f"no {', '.join(SENSITIVITY_FILES)} or probabilities.csv",
                         "a folder of 'peakplan sensitivity' (results/<run>/sensitivity-"
                         "<method>) with its results")
    empty = pd.DataFrame(columns=["output", "unit", "low", "median", "high", "level",
                                  "n_used", "n_total"])
    table = empty if path is None else (
        _percentiles(path) if path.name == "percentiles.csv" else _interval_table(path))
    probs = None
    if prob_path.is_file():
        probs = pd.read_csv(prob_path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
        need = ["target", "p_met", "low95", "high95"]
        if not set(need) <= set(probs.columns):
            raise InputError(str(prob_path), f"columns {list(probs.columns)}",
                             f"the columns {need} that peakplan sensitivity writes")
        for c in ("p_met", "low95", "high95", "n", "mean_shortfall_when_missed"):
            if c in probs.columns:
                probs[c] = _floats(probs, c, prob_path)
    summary: dict[str, Any] = {}
    manifest: dict[str, Any] = {}
    for name, holder in (("summary.json", summary), ("manifest.json", manifest)):
        p = folder / name
        if p.is_file():
            try:
                obj = json.loads(p.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise InputError(str(p), "invalid JSON", "the file peakplan sensitivity "
                                 "writes") from None
            if isinstance(obj, dict):
                holder.update(obj)
    samples = summary.get("samples")
    if samples is None and table["n_total"].notna().any():
        samples = int(table["n_total"].dropna().iloc[0])
    share = summary.get("feasible_share")
    return Sensitivity(folder=folder, table=table,
                       samples=int(samples) if samples is not None else None,
                       method=str(summary.get("method") or manifest.get("method") or ""),
                       mode=str(summary.get("mode") or manifest.get("mode") or ""),
                       probabilities=probs,
                       feasible_share=float(share) if share is not None else None,
                       scenario=str(summary.get("scenario") or ""),
                       overrides=tuple(manifest.get("overrides") or ()),
                       failures=tuple((str(r.get("sentence_zh", "")), str(r.get("sentence_en", "")))
                                      for r in summary.get("failure_sentences") or ()
                                      if isinstance(r, dict) and r.get("coverage") is not None
                                      and summary.get("probability_sample")))
