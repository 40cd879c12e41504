"""Reading a run's result folder, and the labels every briefing output shares.

A result folder (CONTRACTS.md §6, written by :func:`model.run.run_scenario`) holds
``targets.csv``, ``measures.csv``, ``emissions.csv`` (UTF-8 with BOM, ids only) and
``manifest.json``; a pathway run may add ``capacity.csv``, ``costs_by_year.csv``,
``pathway.csv`` and ``wedges.csv`` (read when present, :data:`OPTIONAL_FILES`).
:func:`read_results` reads and checks them. ``emissions.csv`` is in IAMC long format
(:data:`model.results.IAMC_COLUMNS`, the baseline folded into the scenario name); the reader
keeps a ``case`` column (``baseline`` | ``scenario``) beside the run's own ``scenario`` name, and
also reads the older layout with a ``case`` column.

Labels (measure and county names) come from measures.csv's own ``label_zh``/``label_en``
columns, else from the catalogue ``measures.csv`` and the data pack ``regions.csv`` listed in
the manifest's ``inputs`` — and only if the file on disk still has the hash the manifest
recorded; otherwise ids are shown (and a note is logged).

The workbook itself is :mod:`model.report.workbook`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model import families, quantities
from model.errors import InputError
from model.lp import kinds
from model.scenario import PROJECT_ROOT

log = logging.getLogger(__name__)

RESULT_FILES = ("targets.csv", "measures.csv", "emissions.csv", "manifest.json")
#: Tables a pathway run may add; read when present, never required.
OPTIONAL_FILES = ("capacity.csv", "costs_by_year.csv", "pathway.csv", "wedges.csv", "views.csv",
                  "cost_attribution.csv", "commitments.csv")
TARGET_REQUIRED = ("target", "label_zh", "label_en", "required", "achieved", "unit", "shortfall",
                   "shadow_price", "shadow_price_unit", "status", "kind", "quantity", "year")
MEASURE_REQUIRED = ("measure", "family", "region", "year", "level", "unit", "annual_cost")
EMISSION_REQUIRED = ("scenario", "region", "variable", "unit", "year", "value")
COST_ITEMS = ("capital", "om", "energy_added", "energy_avoided", "other_savings", "gross",
              "savings", "net")
BASELINE_SUFFIX = " (baseline)"  # as model.results.BASELINE_SUFFIX (not imported: no LP here)

#: Bilingual names of the quantities of measures.csv ``reduction_<q>`` and emissions variables.
QUANTITY_LABELS = quantities.labels()
#: Groups of the emissions charts: quantity -> group (GHG with energy, air, water, heavy metals,
#: from the quantity table's groups); a quantity not listed goes to ``other``;
#: ``Concentration|<q>`` rows join their quantity's group.
QUANTITY_GROUPS = {q.id: "ghg" if q.group == "energy" else q.group
                   for q in quantities.QUANTITIES}
GROUP_LABELS = {"ghg": ("温室气体与能源", "Greenhouse gases and energy"),
                "air": ("大气污染物", "Air pollutants"), "water": ("水污染物", "Water pollutants"),
                "heavy_metals": ("重金属", "Heavy metals"), "other": ("其他", "Other")}
SERVICE_LABELS = {
    "urban_sewage_treated": ("城市生活污水处理率", "Urban sewage treatment rate"),
    "county_sewage_treated": ("县城污水处理率", "County-town sewage treatment rate"),
    "rural_households_treated": ("农村生活污水处理率", "Rural sewage treatment rate"),
    "manure_used": ("畜禽粪污综合利用率", "Manure use rate"),
    "urban_sludge_treated": ("城市污泥无害化处理率", "Urban sludge made harmless"),
    "county_sludge_treated": ("县城污泥无害化处理率", "County-town sludge made harmless"),
    "rural_sanitary_toilets": ("农村卫生厕所普及率", "Rural sanitary toilet coverage"),
    "villages_waste_treated": ("生活垃圾得到有效处理的自然村比例",
                               "Natural villages whose domestic waste is treated"),
    "bulk_solid_waste_used": ("新增大宗固体废物综合利用率", "New bulk solid waste use rate"),
}
#: Bilingual names of measure families (the catalogue's ``family`` column).
FAMILY_LABELS = families.labels()
STATUS_LABELS = {"binding": "约束 binding", "slack": "有余量 slack",
                 "shortfall": "未达成 shortfall"}


def kind_labels(name: str) -> tuple[str, str]:
    """(zh, en) name of a target kind, as the kind declares it (:mod:`model.lp.kinds`);
    ("", name) for a kind not registered."""
    kind = kinds.KINDS.get(str(name))
    return kind.labels if kind is not None else ("", str(name))

ESTIMATE_NOTE = ("注意：多数输入数据为估算值（status=estimate，方法见各输入表 method 列），"
                 "结果用于情景比较，不是统计数据。 Note: most inputs are estimates "
                 "(status = estimate, method given in each input table); the results compare "
                 "scenarios and are not statistics.")


@dataclass(frozen=True)
class Results:
    """One run's result tables as read from its folder.

    ``targets``/``measures`` have the columns of :mod:`model.results`; ``emissions`` those of
    ``emissions.csv`` with ``scenario`` = the run's name and ``case`` = ``baseline`` |
    ``scenario``; ``manifest`` is the parsed ``manifest.json``; ``extra`` holds the optional
    tables present (file name -> DataFrame, numeric columns as floats); ``measure_labels`` maps
    measure id -> (label_zh, label_en) and ``region_labels`` region id -> (name_zh, name_en).
    """

    folder: Path
    targets: pd.DataFrame
    measures: pd.DataFrame
    emissions: pd.DataFrame
    manifest: dict
    measure_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    region_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def scenario(self) -> str:
        """Scenario name from the manifest (the folder name if the manifest lacks it)."""
        return str(self.manifest.get("scenario", self.folder.name))

    @property
    def status(self) -> str:
        """The solver status the manifest records (``unknown`` if none)."""
        solver = self.manifest.get("solver")
        st = solver.get("status") if isinstance(solver, dict) else None
        return str(st) if st else "unknown"

    @property
    def solver(self) -> dict:
        s = self.manifest.get("solver")
        return s if isinstance(s, dict) else {}

    @property
    def last_year(self) -> int:
        """The last model year of the run (measures.csv, else targets.csv)."""
        for df in (self.measures, self.targets):
            if len(df):
                return int(df["year"].max())
        return int(self.emissions["year"].max())

    def reduction_quantities(self) -> list[str]:
        """Quantities q with a ``reduction_<q>`` column in measures.csv, in column order."""
        return [c[len("reduction_"):] for c in self.measures.columns if c.startswith("reduction_")]

    def measure_name(self, measure: str) -> tuple[str, str]:
        """(label_zh, label_en) of a measure; the id for a missing English label."""
        zh, en = self.measure_labels.get(measure, ("", ""))
        return zh, en or measure

    def region_name(self, region: str) -> tuple[str, str]:
        """(name_zh, name_en) of a region; the id where the pack's name is unknown."""
        zh, en = self.region_labels.get(region, ("", ""))
        return zh, en or region

    @property
    def city(self) -> str:
        """The run's city (the data pack's region without a parent): the manifest's ``city``;
        for older manifests the one region of emissions.csv that has no measure rows (the
        counties carry the measures), else the first region of emissions.csv."""
        named = self.manifest.get("city")
        if named:
            return str(named)
        regions = list(dict.fromkeys(self.emissions["region"]))
        only = [r for r in regions if r not in set(self.measures["region"])]
        if len(only) == 1 or (only and not len(self.measures)):
            return only[0]
        return regions[0] if regions else ""


def _numbers(df: pd.DataFrame, col: str, path: Path) -> list[float]:
    vals = []
    for i, v in enumerate(df[col], start=2):
        s = str(v).strip()
        if s == "":
            vals.append(math.nan)  # written by peakplan for "not applicable" (e.g. NaN dual)
            continue
        try:
            vals.append(float(s))
        except ValueError:
            raise InputError(f"{path} row {i} column '{col}'", repr(v), "a number") from None
    return vals


def _whole_rows(path: Path) -> None:
    """Refuse a result table cut short: every row holds as many cells as the header (peakplan
    writes whole tables atomically; a shorter row is a copy or an edit that stopped mid-row)."""
    import csv
    import io

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return  # pandas names it below
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return
    width = len(records[0]) if records else 0
    for i, rec in enumerate(records[1:], start=2):
        if rec and len(rec) != width:
            raise InputError(f"{path} row {i}", f"{len(rec)} cells where the header has {width}",
                             "a whole result table (this one is cut short or edited; run "
                             "again to rewrite it)")


def _read_csv(path: Path, required: tuple[str, ...], numeric: tuple[str, ...],
              numeric_prefix: str | None = None, need_rows: bool = False) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(str(path), f"an unreadable CSV ({exc.__class__.__name__})",
                         "a result table written by peakplan run") from None
    _whole_rows(path)
    if need_rows and df.empty:
        raise InputError(str(path), "a header but no rows", "the rows peakplan run writes "
                         "(the table is cut short; run again to rewrite it)")
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(str(path), f"columns {list(df.columns)}", f"also the columns {missing}")
    if numeric_prefix:
        numeric = numeric + tuple(c for c in df.columns if c.startswith(numeric_prefix))
    for col in numeric:
        if col in df.columns:
            df[col] = _numbers(df, col, path)
    return df


def _read_optional(path: Path) -> pd.DataFrame:
    """An optional table: every column whose cells all read as numbers (blank = NaN) becomes
    float; ``year`` becomes int where it has no blanks."""
    df = _read_csv(path, (), ())
    for col in df.columns:
        cells = [str(v).strip() for v in df[col]]
        try:
            vals = [float(v) if v else math.nan for v in cells]
        except ValueError:
            continue
        if any(v == v for v in vals):
            df[col] = vals
    if "year" in df.columns and pd.api.types.is_float_dtype(df["year"]) \
            and df["year"].notna().all():
        df["year"] = df["year"].astype(int)
    return df


def _emissions(path: Path) -> pd.DataFrame:
    """emissions.csv as ``scenario`` (the run's name), ``case``, region, variable, unit, year,
    value: IAMC rows (baseline = ``<name> (baseline)``) or the older layout with ``case``."""
    df = _read_csv(path, EMISSION_REQUIRED, ("year", "value"), need_rows=True)
    if "case" not in df.columns:
        name = df["scenario"].astype(str)
        base = name.str.endswith(BASELINE_SUFFIX)
        df["case"] = ["baseline" if b else "scenario" for b in base]
        df["scenario"] = [n[: -len(BASELINE_SUFFIX)] if b else n
                          for n, b in zip(name, base, strict=True)]
    else:  # older layout: shares as fractions, units without /yr, ledger ids as Emissions|
        share = df["unit"] == "fraction"
        df.loc[share, "value"] = df.loc[share, "value"] * 100.0
        df.loc[share, "unit"] = "%"
        renamed = {"Emissions|energy_gross": ("Energy|Gross", "tce/yr"),
                   "Emissions|electricity_generation": ("Electricity|Generation", "MWh/yr")}
        units = []
        for i, (var, unit) in enumerate(zip(df["variable"], df["unit"], strict=True)):
            if var in renamed:
                df.loc[df.index[i], "variable"] = renamed[var][0]
                units.append(renamed[var][1])
            elif unit == "t" and var.startswith("Emissions|"):
                units.append(f"t {var.split('|', 1)[1]}/yr")
            elif unit in ("tce", "MWh") or unit.startswith("t "):
                units.append(f"{unit}/yr")
            else:
                units.append(unit)
        df["unit"] = units
    return df


def input_path(manifest: dict, rel: str) -> Path:
    """Where an input named in the manifest (``inputs`` key) is on disk now."""

    root = Path(manifest.get("inputs_root") or PROJECT_ROOT)  # older manifests: the project
    return Path(rel) if Path(rel).is_absolute() else root / rel


def unchanged_input(manifest: dict, name: str, parent: str | None = None) -> Path | None:
    """The input file called ``name`` (in a folder called ``parent``, if given) that the
    manifest lists, if it still has the recorded SHA-256; else None (logged)."""
    for rel, digest in (manifest.get("inputs") or {}).items():
        p = Path(rel)
        if p.name != name or (parent and p.parent.name != parent):
            continue
        path = input_path(manifest, rel)
        if not path.is_file():
            log.info("inputs: %s not found", path)
            return None
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            log.info("inputs: %s changed since the run", path)
            return None
        return path
    return None


def _labels(path: Path | None, key: str, cols: tuple[str, str]) -> dict[str, tuple[str, str]]:
    if path is None:
        return {}
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    if key not in df.columns or not set(cols) <= set(df.columns):
        return {}
    return {k: (a, b) for k, a, b in zip(df[key], df[cols[0]], df[cols[1]], strict=True)}


def read_results(results_dir: str | Path) -> Results:
    """Read and check a result folder (CONTRACTS.md §6).

    Raises
    ------
    InputError
        If the folder does not exist, lacks any of ``targets.csv, measures.csv, emissions.csv,
        manifest.json`` (naming the missing ones), or a table lacks a column / holds a
        non-number in a numeric column.
    """
    folder = Path(results_dir)
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder", "a result folder of 'peakplan run'")
    missing = [f for f in RESULT_FILES if not (folder / f).is_file()]
    if missing:
        hint = ("this is a comparison folder: 'peakplan report' reads it as a whole"
                if (folder / "comparison.json").is_file() else None)
        raise InputError(str(folder), f"no {', '.join(missing)}",
                         f"a result folder of 'peakplan run' holding {', '.join(RESULT_FILES)}",
                         hint)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(folder / "manifest.json"), f"invalid JSON ({exc})",
                         "the manifest written by peakplan run") from None
    if not isinstance(manifest, dict):
        raise InputError(str(folder / "manifest.json"), type(manifest).__name__, "a JSON object")
    targets = _read_csv(folder / "targets.csv", TARGET_REQUIRED,
                        ("required", "achieved", "shortfall", "shadow_price", "range_low",
                         "range_high", "max_achievable", "year", "total_base_year",
                         "total_year"))
    measures = _read_csv(folder / "measures.csv", MEASURE_REQUIRED,
                         ("level", "build", "annual_cost", "year", *COST_ITEMS,
                          "electricity_change_mwh"), numeric_prefix="reduction_")
    emissions = _emissions(folder / "emissions.csv")
    for name, df in (("targets.csv", targets), ("measures.csv", measures),
                     ("emissions.csv", emissions)):
        bad = [i for i, y in enumerate(df["year"], start=2) if not (y == y and y == int(y))]
        if bad:
            raise InputError(f"{folder / name} row {bad[0]} column 'year'", "an empty cell",
                             "a year (the table is cut short or edited; run again)")
        df["year"] = df["year"].astype(int)
    if "marginal_measure" not in targets.columns:
        targets["marginal_measure"] = ""
    if "eligible" in measures.columns:
        measures["eligible"] = measures["eligible"].astype(str).str.lower().isin(
            ("true", "1", "yes"))
    labels = _labels(unchanged_input(manifest, "measures.csv", "catalogue")
                     or unchanged_input(manifest, "measures.csv"), "measure",
                     ("label_zh", "label_en"))
    if {"label_zh", "label_en"} <= set(measures.columns):  # the run's own labels win
        own = measures.drop_duplicates("measure")
        labels.update({m: (z, e) for m, z, e in zip(own["measure"], own["label_zh"],
                                                     own["label_en"], strict=True)})
    extra = {name: _read_optional(folder / name) for name in OPTIONAL_FILES
             if (folder / name).is_file()}
    return Results(
        folder=folder, targets=targets, measures=measures, emissions=emissions,
        manifest=manifest, measure_labels=labels,
        region_labels=_labels(unchanged_input(manifest, "regions.csv"), "region",
                              ("name_zh", "name_en")),
        extra=extra,
    )


def measures_by_measure(measures: pd.DataFrame) -> pd.DataFrame:
    """Sum measures.csv over regions: one row per (measure, family, unit, year).

    Columns ``measure, family, unit, year, level, annual_cost``, the cost items present
    (``capital`` ... ``net``) and ``reduction_<q>...`` (same units as measures.csv), rows in the
    order measures first appear, by year.
    """
    num = (["level", "annual_cost"] + [c for c in COST_ITEMS if c in measures.columns]
           + [c for c in measures.columns if c.startswith("reduction_")])
    out = measures.groupby(["measure", "family", "unit", "year"], as_index=False, sort=False)[
        num].sum()
    return out.sort_values("year", kind="stable").reset_index(drop=True)


def emissions_pivot(emissions: pd.DataFrame, city: str = "") -> pd.DataFrame:
    """Pivot emissions: one row per (region, variable, unit), one column per (year, case).

    Rows: ``city`` (:attr:`Results.city`) first, then the other regions in file order; columns
    ``region, variable, unit`` then ``(year, case)`` pairs, baseline before scenario.
    """
    regions = list(dict.fromkeys([city, *emissions["region"]]))
    regions = [r for r in regions if r in set(emissions["region"])]
    pv = emissions.pivot_table(index=["region", "variable", "unit"], columns=["year", "case"],
                               values="value", aggfunc="first", sort=False)
    years = sorted(emissions["year"].unique())
    cases = [c for c in ("baseline", "scenario") if c in set(emissions["case"])]
    cols = [(y, c) for y in years for c in cases if (y, c) in pv.columns]
    rank = {r: i for i, r in enumerate(regions)}
    pv = pv[cols]
    pv = pv.iloc[sorted(range(len(pv)), key=lambda i: rank[pv.index[i][0]])]
    flat = pd.DataFrame(pv.to_numpy(), columns=pd.Index(cols, tupleize_cols=False))
    keys = pd.DataFrame(list(pv.index), columns=["region", "variable", "unit"])
    return pd.concat([keys, flat], axis=1)


def variable_label(variable: str) -> tuple[str, str]:
    """(zh, en) of an emissions.csv variable (``Emissions|NOx``, ``Energy|Total``, ...)."""
    kind, _, q = variable.partition("|")
    if kind == "Concentration":
        zh, en, _ = QUANTITY_LABELS.get(q, (q, q, ""))
        return f"{zh}浓度", f"{en} concentration"
    if kind == "Emissions" and q == "CO2_process":
        return QUANTITY_LABELS["CO2_process"][:2]
    if kind == "Energy":
        return QUANTITY_LABELS["energy_gross" if q == "Gross" else "energy"][:2]
    if kind == "Electricity":
        return ("发电量", "Electricity generation") if q == "Generation" else (
            "用电量", "Electricity use")
    if kind == "Service":
        return SERVICE_LABELS.get(q, (q, q))
    zh, en, _ = QUANTITY_LABELS.get(q, (q, q, ""))
    return zh, en


_variable_label = variable_label  # the earlier private name


def quantity_label(q: str) -> tuple[str, str, str]:
    """(zh, en, unit) of a target quantity; service indicators in percentage points."""
    if q in SERVICE_LABELS:
        return (*SERVICE_LABELS[q], "pp")
    return QUANTITY_LABELS.get(q, (q, q, "t"))


def family_label(family: str) -> tuple[str, str]:
    """(zh, en) of a measure family (the id, capitalised, when unknown)."""
    return FAMILY_LABELS.get(family, ("", family.replace("_", " ").capitalize()))


def public_mode(path: Path) -> None:
    """Give a file the mode of any other output (0666 less the umask, 0644 by default):
    files made with :func:`tempfile.mkstemp` start at 0600."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)
