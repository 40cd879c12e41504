"""QA/QC of an inventory: notation keys, completeness, time-series jumps, recalculations, and
the county-to-city sum checks (of emissions, and of the drivers in ``drivers.csv``:
:func:`county_sums`, which ``run`` requires and ``validate`` reports).

General Tier 1 QC checks of IPCC 2006 Vol 1 Ch 6 (Table 6.1: completeness, time-series
consistency, recalculations) and notation keys of Vol 1 Ch 8 (NO not occurring, NE not estimated,
NA not applicable, IE included elsewhere, C confidential). Findings are tidy tables with columns
``severity`` (``error`` | ``warning`` | ``info``), ``check``, ``where``, ``message``.

Thresholds (declared, not from a guideline): a category x gas is flagged when it changes by more
than :data:`JUMP_THRESHOLD` (10 %) from one year to the next and is at least
:data:`JUMP_MIN_SHARE` (0.5 %) of the region's |CO2e| total, so that tiny categories do not
flood the list; counties must add up to the city within :data:`SUM_TOLERANCE` (0.5 %,
docs/CONTRACTS.md section 1).
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from model.accounting.inputs import load_regions
from model.errors import InputError
from model.fmt import plain
from model.inventory.categories import load_categories, resolve
from model.inventory.core import GHG, NOTATION_KEYS
from model.io import STATUSES, detect_encoding, read_table
from model.units import convert

JUMP_THRESHOLD = 0.10
JUMP_MIN_SHARE = 0.005
SUM_TOLERANCE = 0.005
CHECK_COLUMNS = ["severity", "check", "where", "message"]
NOTATION_LABELS = {
    "NO": ("未发生", "Not occurring"),
    "NE": ("未估算", "Not estimated"),
    "NA": ("不适用", "Not applicable"),
    "IE": ("已包含在其他类别", "Included elsewhere"),
    "C": ("保密", "Confidential"),
}
#: Data status of an input row (``model.io.STATUSES``), as the tables explain it.
STATUS_LABELS = {
    "reported": ("报告值：引自所列出版物", "reported: read in the publication cited"),
    "derived": ("推算值：由报告值计算", "derived: computed from reported figures (method given)"),
    "calibrated": ("校准值：按外部总量缩放，与该总量一致不构成核验",
                   "calibrated: scaled to reproduce an outside total named in the method; "
                   "agreeing with that total is by construction, never a check"),
    "estimate": ("估算值：无出处，方法见该行", "estimate: not sourced; the method is in the row"),
}


def check_notation(emissions: pd.DataFrame) -> pd.DataFrame:
    """Validate notation keys: each is one of NO/NE/NA/IE/C and its row's value is 0.

    Returns the rows that carry a notation key (columns ``region, year, category, gas,
    notation, label_zh, label_en``). Raises InputError on an unknown key or a non-zero value
    with a key (a number and a notation key contradict each other).
    """
    df = emissions.copy()
    if "notation" not in df.columns:
        df["notation"] = ""
    df["notation"] = df["notation"].fillna("").astype(str)
    rows = df[df["notation"] != ""]
    for i, r in rows.iterrows():
        where = f"emissions row {i} ({r['region']}, {r['year']}, {r['category']}, {r['gas']})"
        if r["notation"] not in NOTATION_KEYS:
            raise InputError(where, f"notation {r['notation']!r}", f"one of {list(NOTATION_KEYS)}")
        if float(r["value"]) != 0.0:
            raise InputError(where, f"value {r['value']} with notation {r['notation']}",
                             "value 0 when a notation key is given, or no notation key")
    out = rows[["region", "year", "category", "gas", "notation"]].copy()
    out["label_zh"] = [NOTATION_LABELS[k][0] for k in out["notation"]]
    out["label_en"] = [NOTATION_LABELS[k][1] for k in out["notation"]]
    return out.reset_index(drop=True)


def completeness(emissions: pd.DataFrame, region: str, year: int,
                 categories: pd.DataFrame | None = None) -> pd.DataFrame:
    """Completeness over the reporting categories x expected gases of the IPCC tree.

    A reporting category is a tree row with a non-empty ``gases`` list. For each (category, gas)
    the status is ``estimated`` (a non-zero value at the category or below), the notation key(s)
    reported there (e.g. ``NO``), ``zero`` (rows present, all 0, no key — a QC finding), or
    ``missing`` (no row: neither estimated nor explained by a notation key).

    Returns columns ``region, year, category, name_en, name_zh, sector, gas, status, value``
    (``value`` in t of the gas) and ``rows_reported, rows_derived, rows_calibrated,
    rows_estimate``: how many emission records without a notation key, at the category or
    below, carry each data status (``calibrated`` = built on inputs scaled to an outside total,
    so agreeing with that total is no check). Rows of gases not expected in a category are added
    with their status too, so nothing estimated is dropped. Rows coarser than a reporting
    category (e.g. a total at ``1.A``) are not attributed to one and do not count.
    """
    cats = load_categories() if categories is None else categories
    df = emissions[(emissions["region"] == region) & (emissions["year"] == year)]
    df = df[df["gas"].isin(GHG)]
    info = cats.set_index("code")
    reporting = [(c, g) for c, gs in zip(cats["code"], cats["gases"], strict=True) if gs
                 for g in gs.split(";")]
    rep_codes = sorted(dict.fromkeys(c for c, _ in reporting), key=len, reverse=True)

    def owner(code: str) -> str | None:
        c = resolve(code, cats)
        for rc in rep_codes:
            if c == rc or c.startswith(rc + "."):
                return rc
        return None

    df = df.assign(_owner=[owner(c) for c in df["category"]])
    pairs = list(dict.fromkeys(reporting + [(o, g) for o, g in zip(df["_owner"], df["gas"],
                                                                   strict=True) if o]))
    rows = []
    for code, gas in pairs:
        sub = df[(df["_owner"] == code) & (df["gas"] == gas)]
        notes = sorted({n for n in sub.get("notation", pd.Series(dtype=str)).fillna("") if n})
        value = float(sub["value"].sum()) if len(sub) else math.nan
        if len(sub) and (sub["value"] != 0).any():
            status = "estimated"
        elif notes:
            status = ",".join(notes)
        elif len(sub):
            status = "zero"
        else:
            status = "missing"
        rec = sub[sub.get("notation", pd.Series("", index=sub.index)).fillna("") == ""]
        st = rec["status"].fillna("") if "status" in rec.columns else pd.Series(dtype=str)
        rows.append({"region": region, "year": year, "category": code,
                     "name_en": info.loc[code, "name_en"], "name_zh": info.loc[code, "name_zh"],
                     "sector": info.loc[code, "sector"], "gas": gas, "status": status,
                     "value": value,
                     **{f"rows_{s}": int((st == s).sum()) for s in DATA_STATUSES}})
    order = {c: i for i, c in enumerate(cats["code"])}
    out = pd.DataFrame(rows)
    out["_order"] = out["category"].map(order)
    return out.sort_values(["_order", "gas"]).drop(columns="_order").reset_index(drop=True)


#: Data statuses in order of certainty (model.io.STATUSES): a record is as certain as its least
#: certain input.
DATA_STATUSES = STATUSES
DATA_STATUS_COLUMNS = ["table", "rows", *DATA_STATUSES, "calibrated_to"]


def _calibration_target(method: str) -> str:
    """What a calibrated row was scaled to: its method up to the first colon, e.g.
    ``calibrated to CEADs`` (the data pack's convention, inventories/ankang/README.md)."""
    head = str(method).split(":")[0].strip()
    return head if head.lower().startswith("calibrated") else "calibrated (see the method)"


def data_status(files: Iterable[str | Path]) -> pd.DataFrame:
    """Input rows by data status: one row per CSV table that has a ``status`` column, named
    ``<folder>/<file>``, plus a last row ``all``.

    Columns :data:`DATA_STATUS_COLUMNS`: ``rows``, the count of each status of
    :data:`DATA_STATUSES` and ``calibrated_to``, the distinct totals the calibrated rows were
    scaled to (from their methods). A status outside ``model.io.STATUSES`` (the table reader
    refuses those) is counted in ``rows`` only.
    """
    rows = []
    for f in files:
        f = Path(f)
        if f.suffix.lower() != ".csv" or not f.is_file():
            continue
        df = pd.read_csv(f, dtype=str, keep_default_na=False, encoding=detect_encoding(f))
        if "status" not in df.columns:
            continue
        st = df["status"].str.strip()
        method = df["method"] if "method" in df.columns else pd.Series("", index=df.index)
        targets = sorted({_calibration_target(m) for m in method[st == "calibrated"]})
        rows.append({"table": f"{f.parent.name}/{f.name}", "rows": len(df),
                     **{s: int((st == s).sum()) for s in DATA_STATUSES},
                     "calibrated_to": "; ".join(targets)})
    out = pd.DataFrame(rows, columns=DATA_STATUS_COLUMNS)
    total = {"table": "all", "rows": int(out["rows"].sum()),
             **{s: int(out[s].sum()) for s in DATA_STATUSES}, "calibrated_to": ""}
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)[DATA_STATUS_COLUMNS]


def status_summary(status: pd.DataFrame) -> str:
    """One sentence from the ``all`` row of :func:`data_status`, e.g. ``1234 input rows: 200
    reported, 16 derived, 337 calibrated (scaled to an outside total: agreeing with it is no
    check), 681 estimated``."""
    a = status[status["table"] == "all"].iloc[0] if (status["table"] == "all").any() else None
    if a is None:
        return "no input rows with a status"
    return (f"{a['rows']} input rows: {a['reported']} reported, {a['derived']} derived, "
            f"{a['calibrated']} calibrated (scaled to an outside total: agreeing with it is no "
            f"check), {a['estimate']} estimated")


def data_status_findings(status: pd.DataFrame) -> pd.DataFrame:
    """QA/QC findings (``CHECK_COLUMNS``) from a :func:`data_status` table: the totals, one
    ``info`` per table with calibrated or estimated rows, and, where the fuel supply of the
    reference approach is calibrated, that its agreement is by construction."""
    rows = [("info", "data status", "input tables", status_summary(status))]
    for r in status[status["table"] != "all"].itertuples(index=False):
        if not (r.calibrated or r.estimate):
            continue
        cal = (f"{r.calibrated} calibrated (to: {r.calibrated_to}; agreeing with those totals "
               "is by construction, not a check), " if r.calibrated else "")
        rows.append(("info", "data status", r.table,
                     f"{cal}{r.estimate} estimated, of {r.rows} rows"))
        if r.calibrated and str(r.table).endswith("supply.csv"):
            rows.append(("warning", "reference approach", r.table,
                         f"{r.calibrated} supply rows are calibrated ({r.calibrated_to}): the "
                         "reference approach agrees with the sectoral approach by construction "
                         "and is not an independent check"))
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def completeness_checks(table: pd.DataFrame) -> pd.DataFrame:
    """QC findings from a :func:`completeness` table: ``missing`` and ``zero`` cells."""
    rows = []
    for r in table.itertuples(index=False):
        if r.status == "missing":
            rows.append(("warning", "completeness", f"{r.region} {r.year} {r.category} {r.gas}",
                         "not estimated and no notation key (use NO/NE/NA/IE/C)"))
        elif r.status == "zero":
            rows.append(("warning", "completeness", f"{r.region} {r.year} {r.category} {r.gas}",
                         "reported as 0 without a notation key"))
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def year_on_year_jumps(emissions_co2e: pd.DataFrame, threshold: float = JUMP_THRESHOLD,
                       min_share: float = JUMP_MIN_SHARE) -> pd.DataFrame:
    """Category x gas series that move by more than ``threshold`` between consecutive years.

    Input: GHG rows with ``value_co2e`` (t CO2e). Compares each year with the previous year
    present. A change from 0 to non-zero (or back) counts as a jump. Categories below
    ``min_share`` of the region's |CO2e| total in both years are not flagged.
    Returns ``region, category, gas, year_from, year_to, value_from, value_to, change_pct``.
    """
    cols = ["region", "category", "gas", "year_from", "year_to", "value_from", "value_to",
            "change_pct"]
    df = emissions_co2e[emissions_co2e["gas"].isin(GHG)]
    series = df.groupby(["region", "category", "gas", "year"])["value_co2e"].sum()
    totals = df.assign(a=df["value_co2e"].abs()).groupby(["region", "year"])["a"].sum()
    rows = []
    for (region, cat, gas), s in series.groupby(level=[0, 1, 2]):
        s = s.droplevel([0, 1, 2]).sort_index()
        years = list(s.index)
        for y0, y1 in itertools.pairwise(years):
            v0, v1 = float(s[y0]), float(s[y1])
            share = max(abs(v0) / totals[(region, y0)] if totals[(region, y0)] else 0,
                        abs(v1) / totals[(region, y1)] if totals[(region, y1)] else 0)
            if share < min_share:
                continue
            change = (v1 - v0) / abs(v0) if v0 else math.inf if v1 else 0.0
            if abs(change) > threshold:
                rows.append((region, cat, gas, y0, y1, v0, v1, change * 100.0))
    return pd.DataFrame(rows, columns=cols)


def recalculate(old: pd.DataFrame, new: pd.DataFrame,
                keys: Sequence[str] = ("region", "year", "category", "gas"),
                value: str = "value") -> pd.DataFrame:
    """Compare two emission tables category by category (recalculation, Vol 1 Ch 5/6).

    Both tables are summed to ``keys``. Returns ``keys + [old, new, difference,
    difference_pct, change]`` where ``difference = new - old`` (unit of ``value``),
    ``difference_pct`` is relative to |old| (NaN when old is 0), and ``change`` is
    ``unchanged`` (|difference| <= 1e-9 x max(|old|, |new|, 1)), ``revised``, ``added`` or
    ``removed``. Raises InputError if a key or ``value`` column is missing.
    """
    keys = list(keys)
    for name, t in (("old", old), ("new", new)):
        miss = [c for c in [*keys, value] if c not in t.columns]
        if miss:
            raise InputError(f"recalculation ({name} table)", f"columns {list(t.columns)}",
                             f"also {miss}")
    a = old.groupby(keys)[value].sum().rename("old")
    b = new.groupby(keys)[value].sum().rename("new")
    out = pd.concat([a, b], axis=1).reset_index()
    changes, pct = [], []
    for o, n in zip(out["old"], out["new"], strict=True):
        if pd.isna(o):
            changes.append("added")
        elif pd.isna(n):
            changes.append("removed")
        elif abs(n - o) <= 1e-9 * max(abs(o), abs(n), 1.0):
            changes.append("unchanged")
        else:
            changes.append("revised")
        pct.append((n - o) / abs(o) * 100.0 if not pd.isna(o) and not pd.isna(n) and o
                   else math.nan)
    out["difference"] = out["new"].fillna(0.0) - out["old"].fillna(0.0)
    out["difference_pct"] = pct
    out["change"] = changes
    return out


def check_counties_sum(emissions: pd.DataFrame, city: str,
                       tolerance: float = SUM_TOLERANCE, value: str = "value") -> pd.DataFrame:
    """Counties (regions other than ``city``, the data pack's city) against the city rows, per
    year x category x gas.

    Only (year, category, gas) where the city row exists and at least one county row exists are
    compared. Returns ``year, category, gas, city_value, counties_sum, difference_pct, ok``;
    ``ok`` is |counties - city| <= ``tolerance`` x |city| (both 0 is ok).
    """
    cols = ["year", "category", "gas", "city_value", "counties_sum", "difference_pct", "ok"]
    k = ["year", "category", "gas"]
    c = emissions[emissions["region"] == city].groupby(k)[value].sum().rename("city_value")
    s = emissions[emissions["region"] != city].groupby(k)[value].sum().rename("counties_sum")
    both = pd.concat([c, s], axis=1, join="inner").reset_index()
    if both.empty:
        return pd.DataFrame(columns=cols)
    diff = both["counties_sum"] - both["city_value"]
    both["difference_pct"] = [d / abs(v) * 100.0 if v else (0.0 if d == 0 else math.inf)
                              for d, v in zip(diff, both["city_value"], strict=True)]
    both["ok"] = diff.abs() <= tolerance * both["city_value"].abs()
    return both[cols]


def findings(jumps: pd.DataFrame, sums: pd.DataFrame, completeness_table: pd.DataFrame,
             checks: list | None = None, status: pd.DataFrame | None = None) -> pd.DataFrame:
    """All QA/QC findings as one table (``CHECK_COLUMNS``), including ``Inventory.checks``
    objects (anything with ``level``, ``where``, ``message`` attributes) and, with ``status``
    (:func:`data_status`), how many input rows are calibrated and estimated."""
    rows = []
    for ch in checks or []:
        rows.append((getattr(ch, "level", "info"), "inventory", getattr(ch, "where", ""),
                     getattr(ch, "message", str(ch))))
    for r in jumps.itertuples(index=False):
        rows.append(("warning", "time series", f"{r.region} {r.category} {r.gas}",
                     f"{r.year_from}->{r.year_to} changes by {r.change_pct:+.1f} % "
                     f"(threshold {JUMP_THRESHOLD:.0%}); explain or correct"))
    for r in sums.itertuples(index=False):
        if not r.ok:
            rows.append(("error", "county sum", f"{r.year} {r.category} {r.gas}",
                         f"counties sum to {plain(r.counties_sum, 6)}, city "
                         f"{plain(r.city_value, 6)} "
                         f"({r.difference_pct:+.2f} %, tolerance {SUM_TOLERANCE:.1%})"))
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    parts = [out, completeness_checks(completeness_table)]
    if status is not None and len(status):
        parts.insert(0, data_status_findings(status))
    return pd.concat([p for p in parts if len(p)] or [out], ignore_index=True)


# --------------------------------------------------------------------------- drivers
# (moved from model/checks.py for issue #17: the pipeline's load stage runs this QA without
# importing the validate command)

COUNTY_SUM_TOLERANCE = 0.005
#: canonical unit of each driver indicator of drivers.csv
DRIVER_UNITS = {"gdp": "CNY", "gdp_current": "CNY", "gdp_primary": "CNY",
                "gdp_secondary": "CNY", "gdp_tertiary": "CNY", "population": "person"}


def county_sums(folder: Path) -> list[tuple[str, str, str]]:
    """Counties add up to the city in ``drivers.csv``: one check per (indicator, year) that has
    both a city row and county rows; an error beyond 0.5 %. Every row is converted to the
    indicator's canonical unit (:data:`DRIVER_UNITS`), so a wrong unit is named on its own row.
    """
    regions = load_regions(folder)
    city = [r for r, p in zip(regions["region"], regions["parent"], strict=True) if not p]
    counties = [r for r, p in zip(regions["region"], regions["parent"], strict=True) if p]
    path = folder / "drivers.csv"
    df = read_table(path, ["region", "year", "indicator", "value", "unit"],
                    key=["region", "year", "indicator"])
    for ind, r in zip(df["indicator"], df["_row"], strict=True):
        if ind not in DRIVER_UNITS:
            near = difflib.get_close_matches(ind, list(DRIVER_UNITS), n=1)
            raise InputError(f"{path} row {r} column 'indicator'", repr(ind),
                             f"one of {list(DRIVER_UNITS)}",
                             f"did you mean {near[0]!r}?" if near else None)
    df["canonical"] = [convert(v, u, DRIVER_UNITS[i], where=f"{path} row {r} column 'unit'")
                       for v, u, i, r in zip(df["value"], df["unit"], df["indicator"],
                                             df["_row"], strict=True)]
    out = []
    for (ind, year), g in df.groupby(["indicator", "year"]):
        vals = dict(zip(g["region"], g["canonical"], strict=True))
        tops = [vals[c] for c in city if c in vals]
        parts = [vals[c] for c in counties if c in vals]
        if not tops or not parts:
            continue
        missing = [c for c in counties if c not in vals]
        total, top = sum(parts), tops[0]
        gap = (total - top) / top if top else 0.0
        where = f"{path} {ind} {year}"
        u = DRIVER_UNITS[ind]
        if missing:
            out.append(("error", where, f"counties {missing} missing; the others sum to "
                        f"{total:,.6g} {u} against the city {top:,.6g} {u}"))
        elif abs(gap) > COUNTY_SUM_TOLERANCE:
            out.append(("error", where, f"counties sum to {total:,.6g} {u}, the city row is "
                        f"{top:,.6g} {u} ({gap:+.2%}; tolerance 0.5 %)"))
        else:
            out.append(("ok", where, f"counties sum to the city ({gap:+.3%})"))
    return out


def require_county_sums(folder: Path) -> None:
    """Raise InputError on the first county-sum error of :func:`county_sums` (used by run)."""
    for level, where, msg in county_sums(folder):
        if level == "error":
            raise InputError(where, msg, "counties that add up to the city (within 0.5 %)")
