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

import pandas as pd

from model.errors import InputError
from model.report.tables import Results, input_path, unchanged_input

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
    from model.yamlio import load_yaml

    try:
        raw = load_yaml(path)
    except InputError as exc:
        return ScenarioMeta(name=name, label=("", name), available=False, reason=str(exc))
    if not isinstance(raw, dict):
        return ScenarioMeta(name=name, label=("", name), available=False,
                            reason=f"{path} is not a mapping")
    lab = raw.get("label") if isinstance(raw.get("label"), dict) else {}
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

#: Files a sensitivity results folder may hold its intervals in (first found is read).
SENSITIVITY_FILES = ("intervals.csv", "summary.csv")


@dataclass(frozen=True)
class Sensitivity:
    """Intervals of a sensitivity run: ``table`` with ``output, unit, low, median, high``
    (median may be NaN) and ``level`` (the interval's coverage, e.g. 0.9; NaN if not said),
    ``samples`` (count, if said) and the ``folder`` read."""

    folder: Path
    table: pd.DataFrame
    samples: int | None = None
    #: from a ``peakplan sensitivity`` folder's summary.json (issue #15): P(every target met)
    #: as (p, low95, high95, n), and where the plan fails (one sentence per target, (zh, en))
    p_all: tuple | None = None
    failures: tuple = ()

    def interval(self, output: str) -> tuple[float, float, float, float] | None:
        """(low, median, high, level) of ``output`` (e.g. ``annual_cost``), or None."""
        t = self.table[self.table["output"] == output]
        if t.empty:
            return None
        r = t.iloc[0]
        return float(r["low"]), float(r["median"]), float(r["high"]), float(r["level"])


def find_sensitivity(res: Results) -> Path | None:
    """A sensitivity folder beside the run: ``<run>/sensitivity`` or ``<run>_sensitivity`` /
    ``<run>-sensitivity`` next to it, holding one of :data:`SENSITIVITY_FILES`."""
    f = res.folder
    for cand in (f / "sensitivity", f.parent / f"{f.name}_sensitivity",
                 f.parent / f"{f.name}-sensitivity", f.parent / "sensitivity" / f.name):
        if any((cand / n).is_file() for n in SENSITIVITY_FILES):
            return cand
    return None


def sensitivity(folder: str | Path) -> Sensitivity:
    """Read a sensitivity results folder.

    Expects ``intervals.csv`` (or ``summary.csv``) with a column ``output`` (e.g.
    ``annual_cost``, ``shadow_price:<target>``), ``unit`` and the interval as ``low``/``high``
    or quantile columns such as ``p05``/``p95`` (``p50`` or ``median`` optional); an optional
    ``level`` column (coverage, 0-1) and ``samples``. Raises InputError naming what is missing.
    """
    folder = Path(folder)
    path = next((folder / n for n in SENSITIVITY_FILES if (folder / n).is_file()), None)
    if path is None:
        raise InputError(str(folder), f"no {' or '.join(SENSITIVITY_FILES)}",
                         "a sensitivity results folder with its intervals")
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

    def num(col: str | None) -> list[float]:
        if col is None:
            return [math.nan] * len(df)
        out = []
        for i, v in enumerate(df[col], start=2):
            try:
                out.append(float(v) if str(v).strip() else math.nan)
            except ValueError:
                raise InputError(f"{path} row {i} column '{col}'", repr(v), "a number") from None
        return out

    if "level" in cols:
        level = num(cols["level"])
    elif pcols and low == cols[pcols[0][1]] and high == cols[pcols[-1][1]]:
        level = [(pcols[-1][0] - pcols[0][0]) / 100.0] * len(df)
    else:
        level = [math.nan] * len(df)
    table = pd.DataFrame({"output": df[key], "unit": df[cols["unit"]] if "unit" in cols else "",
                          "low": num(low), "median": num(med), "high": num(high),
                          "level": level})
    samples = None
    if "samples" in cols:
        s = [v for v in num(cols["samples"]) if v == v]
        samples = int(s[0]) if s else None
    p_all, failures = _sensitivity_summary(folder)
    return Sensitivity(folder=folder, table=table, samples=samples, p_all=p_all,
                       failures=failures)


def _sensitivity_summary(folder: Path) -> tuple[tuple | None, tuple]:
    """P(every target met) and the failure sentences of a ``peakplan sensitivity`` folder's
    summary.json (none when absent or not a probability sample)."""
    import json

    path = folder / "summary.json"
    try:
        s = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return None, ()
    if not isinstance(s, dict) or not s.get("probability_sample"):
        return None, ()
    p_all = next(((float(r["p_met"]), float(r["low95"]), float(r["high95"]), int(r["n"]))
                  for r in s.get("probabilities", []) if r.get("target") == "every target"),
                 None)
    failures = tuple((str(r.get("sentence_zh", "")), str(r.get("sentence_en", "")))
                     for r in s.get("failure_sentences", []) if r.get("coverage") is not None)
    return p_all, failures
