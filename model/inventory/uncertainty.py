"""Inventory uncertainty: Approach 1 (error propagation) and Approach 2 (Monte Carlo).

Methods (IPCC 2006 Vol 1 Ch 3):

* Approach 1, product rule (Eq. 3.1): for an emission ``E = AD x EF`` the 95 % half-width in
  percent is ``U_E = sqrt(U_AD^2 + U_EF^2)``.
* Approach 1, sum rule (Eq. 3.2): for a sum of uncorrelated terms ``x_i`` with half-widths
  ``U_i`` (%), ``U_total = sqrt(sum_i (U_i x_i)^2) / |sum_i x_i|``. Rows (regions, activities)
  are treated as uncorrelated — the assumption of Approach 1; Approach 2 can correlate a shared
  emission factor (``correlate_ef=True``).
* Approach 2 (Section 3.2.3.2): draw AD and EF multipliers per row, sum, and take the 2.5th and
  97.5th percentiles as the 95 % interval. A half-width ``U`` (%) is read as ``1.96`` standard
  deviations: relative s.d. ``s = U / 196``. Normal: multiplier ~ N(1, s). Lognormal with mean 1
  and the same relative s.d.: ``sigma^2 = ln(1 + s^2)``, ``mu = -sigma^2/2``.

Inputs are emission rows (``model.inventory.core.EMISSION_COLUMNS``) with ``value_co2e``
(t CO2e, :func:`model.accounting.gwp.to_co2e`) and ``ad_uncertainty_pct``/``ef_uncertainty_pct``
(95 % half-widths, %). A missing half-width (NaN) is never a zero: it is filled from a declared
``defaults`` table (category prefix x gas, with its source) if one is given, and otherwise the
row is reported with status ``missing`` and left out of the propagated total, whose coverage
(share of |CO2e| with uncertainty) is reported beside it. Rows with a notation key / value 0
carry no uncertainty and are skipped. peakplan ships no default half-widths: a defaults table
must cite its IPCC table (e.g. Vol 2 Ch 2 for stationary combustion activity data).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from model.errors import InputError

UNC = ("ad_uncertainty_pct", "ef_uncertainty_pct")
GROUP = ["category", "gas"]
DEFAULT_COLUMNS = ["category", "gas", "ad_uncertainty_pct", "ef_uncertainty_pct", "source"]


def apply_defaults(emissions: pd.DataFrame, defaults: pd.DataFrame | None) -> pd.DataFrame:
    """Fill missing half-widths from ``defaults`` and add ``uncertainty_source``.

    ``defaults`` columns: ``category`` (IPCC prefix, longest match wins), ``gas`` (or ``*``),
    ``ad_uncertainty_pct``, ``ef_uncertainty_pct`` (%, NaN = no default), ``source`` (required).
    Given half-widths are kept. ``uncertainty_source`` is ``given``, ``default: <source>`` or
    ``missing``. Raises InputError on a defaults table without sources or with negative values.
    """
    out = emissions.copy()
    for c in UNC:
        if c not in out.columns:
            out[c] = math.nan
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    src = ["given" if not (math.isnan(a) or math.isnan(e)) else "missing"
           for a, e in zip(out[UNC[0]], out[UNC[1]], strict=True)]
    if defaults is not None and len(defaults):
        missing_cols = [c for c in DEFAULT_COLUMNS if c not in defaults.columns]
        if missing_cols:
            raise InputError("uncertainty defaults", f"columns {list(defaults.columns)}",
                             f"also {missing_cols}")
        for i, d in defaults.reset_index(drop=True).iterrows():
            if not str(d["source"]).strip():
                raise InputError(f"uncertainty defaults row {i}", "an empty source",
                                 "the IPCC table the default range comes from")
            for c in UNC:
                if float(d[c]) < 0:
                    raise InputError(f"uncertainty defaults row {i} column {c}", str(d[c]),
                                     "a non-negative half-width in %")
        ad, ef = out[UNC[0]].to_numpy(copy=True), out[UNC[1]].to_numpy(copy=True)
        for j, (cat, gas) in enumerate(zip(out["category"], out["gas"], strict=True)):
            if src[j] == "given":
                continue
            match = None
            for _, d in defaults.iterrows():
                c = str(d["category"])
                if (cat == c or str(cat).startswith(c + ".")) and d["gas"] in (gas, "*") and (
                        match is None or len(c) > len(str(match["category"]))):
                    match = d
            if match is None:
                continue
            if math.isnan(ad[j]):
                ad[j] = float(match[UNC[0]])
            if math.isnan(ef[j]):
                ef[j] = float(match[UNC[1]])
            if not (math.isnan(ad[j]) or math.isnan(ef[j])):
                src[j] = f"default: {match['source']}"
        out[UNC[0]], out[UNC[1]] = ad, ef
    out["uncertainty_source"] = src
    return out


def _prepare(emissions: pd.DataFrame, value: str, defaults: pd.DataFrame | None) -> pd.DataFrame:
    if value not in emissions.columns:
        raise InputError("uncertainty", f"columns {list(emissions.columns)}",
                         f"a column '{value}' (call model.accounting.gwp.to_co2e first)")
    df = emissions[emissions[value].notna()]
    df = df[df[value] != 0.0]
    return apply_defaults(df, defaults)


def _propagate(x: np.ndarray, u: np.ndarray) -> float:
    """Eq. 3.2: sqrt(sum (u_i x_i)^2) / |sum x_i| in %; NaN if the sum is 0."""
    s = float(np.sum(x))
    if s == 0.0:
        return math.nan
    return float(math.sqrt(float(np.sum((u * x) ** 2))) / abs(s))


def _merge_shared_factors(g: pd.DataFrame, value: str) -> pd.DataFrame:
    """Rows of one group that share an emission factor (same category, gas and activity —
    e.g. the same Tier 1 factor applied in every county) become one row before Eq. 3.1/3.2.

    The factor's error is the same in every county (fully correlated), so its half-width for the
    sum is the value-weighted mean, not the Eq. 3.2 combination that would shrink it by
    about sqrt(number of counties); activity-data errors stay independent (Eq. 3.2). Rows with a
    missing uncertainty are kept apart (reported as missing, never as zero).
    """
    if "activity" not in g.columns:
        return g
    known = g[g["uncertainty_source"] != "missing"]
    merged = []
    for _, c in known.groupby(["category", "gas", "activity"], sort=True):
        x = c[value].to_numpy(float)
        total = float(x.sum())
        if len(c) == 1 or total == 0.0:
            merged.append(c)
            continue
        ad = _propagate(x, c[UNC[0]].to_numpy(float))
        ef = float(np.sum(np.abs(x) * c[UNC[1]].to_numpy(float)) / np.sum(np.abs(x)))
        row = c.iloc[[0]].copy()
        row[value], row[UNC[0]], row[UNC[1]] = total, ad, ef
        merged.append(row)
    rest = g[g["uncertainty_source"] == "missing"]
    return pd.concat([*merged, rest], ignore_index=True) if merged else rest


def approach1(emissions: pd.DataFrame, value: str = "value_co2e",
              by: tuple[str, ...] = ("region", "year"),
              defaults: pd.DataFrame | None = None) -> pd.DataFrame:
    """Approach 1 error propagation per (``by`` x category x gas) and per ``by`` total.

    Returns columns ``by + [category, gas, value, ad_uncertainty_pct, ef_uncertainty_pct,
    uncertainty_pct, variance_share, coverage, status]``: ``value`` in the unit of ``value``
    (t CO2e by default); the three ``*_pct`` are 95 % half-widths in % of ``|value|`` (AD and EF
    each propagated with Eq. 3.2 alone; ``uncertainty_pct`` combines both, Eq. 3.1 then 3.2);
    Rows sharing an emission factor across regions are merged first
    (:func:`_merge_shared_factors`: the factor's error is correlated, activity errors are not).
    ``variance_share`` is the category's share of the total's variance; ``coverage`` the share of
    |value| whose uncertainty is known; ``status`` ``ok`` | ``partial`` | ``missing``. One extra
    row per ``by`` group has ``category = "TOTAL"`` and ``gas = "all"``; ``value`` there is the
    full sum, while the half-widths are propagated over the covered rows and are relative to
    their sum (read them together with ``coverage``).
    Raises InputError if ``value`` is absent.
    """
    df = _prepare(emissions, value, defaults)
    keys = list(by)
    rows = []
    for key, g in df.groupby(keys, sort=True) if keys else [((), df)]:
        key = key if isinstance(key, tuple) else (key,)
        base = dict(zip(keys, key, strict=True))
        g = _merge_shared_factors(g, value)
        known = g[g["uncertainty_source"] != "missing"]
        xk = known[value].to_numpy(float)
        uk = np.sqrt(known[UNC[0]].to_numpy(float) ** 2 + known[UNC[1]].to_numpy(float) ** 2)
        total_var = float(np.sum((uk * xk) ** 2))
        abs_all = float(g[value].abs().sum())
        for (cat, gas), c in g.groupby(GROUP, sort=True):
            kc = c[c["uncertainty_source"] != "missing"]
            x = kc[value].to_numpy(float)
            ad, ef = kc[UNC[0]].to_numpy(float), kc[UNC[1]].to_numpy(float)
            u = np.sqrt(ad ** 2 + ef ** 2)
            cover = float(kc[value].abs().sum() / c[value].abs().sum())
            status = "ok" if cover == 1.0 else ("missing" if cover == 0.0 else "partial")
            rows.append({**base, "category": cat, "gas": gas, "value": float(c[value].sum()),
                         "ad_uncertainty_pct": _propagate(x, ad) if len(x) else math.nan,
                         "ef_uncertainty_pct": _propagate(x, ef) if len(x) else math.nan,
                         "uncertainty_pct": _propagate(x, u) if len(x) else math.nan,
                         "variance_share": (float(np.sum((u * x) ** 2)) / total_var
                                            if total_var > 0 else math.nan),
                         "coverage": cover, "status": status})
        cover = float(known[value].abs().sum() / abs_all) if abs_all else math.nan
        rows.append({**base, "category": "TOTAL", "gas": "all", "value": float(g[value].sum()),
                     "ad_uncertainty_pct": _propagate(xk, known[UNC[0]].to_numpy(float)),
                     "ef_uncertainty_pct": _propagate(xk, known[UNC[1]].to_numpy(float)),
                     "uncertainty_pct": _propagate(xk, uk), "variance_share": 1.0,
                     "coverage": cover,
                     "status": "ok" if cover == 1.0 else ("missing" if cover == 0 else "partial")})
    cols = [*keys, "category", "gas", "value", "ad_uncertainty_pct", "ef_uncertainty_pct",
            "uncertainty_pct", "variance_share", "coverage", "status"]
    return pd.DataFrame(rows, columns=cols)


def _multipliers(rng: np.random.Generator, pct: np.ndarray, n: int,
                 distribution: str) -> np.ndarray:
    """Array (rows, n) of multipliers with mean 1 and relative s.d. pct/196."""
    s = pct[:, None] / 196.0
    z = rng.standard_normal((len(pct), n))
    if distribution == "normal":
        return 1.0 + s * z
    sigma = np.sqrt(np.log1p(s ** 2))
    return np.exp(-(sigma ** 2) / 2.0 + sigma * z)


def approach2(emissions: pd.DataFrame, value: str = "value_co2e",
              by: tuple[str, ...] = ("region", "year"), n: int = 10_000, seed: int = 20260101,
              distribution: str = "normal", correlate_ef: bool = False,
              defaults: pd.DataFrame | None = None) -> pd.DataFrame:
    """Approach 2 Monte Carlo per (``by`` x category x gas) and per ``by`` total.

    Each row's value is multiplied by an AD and an EF multiplier (see module docstring);
    ``distribution`` is ``normal`` or ``lognormal`` for every input; ``correlate_ef=True`` draws
    one EF multiplier per (category, gas, activity) shared by all regions and years of a group
    (the same factor applied everywhere), otherwise rows are independent as in Approach 1. Rows
    with ``missing`` uncertainty enter at their central value (no spread) and lower ``coverage``.
    Uses ``numpy.random.default_rng(seed)`` — reproducible.

    Returns columns ``by + [category, gas, value, mean, lower, upper, lower_pct, upper_pct,
    uncertainty_pct, coverage]``: ``value`` central estimate, ``mean``, ``lower``/``upper``
    (2.5th/97.5th percentiles) in the unit of ``value``; ``lower_pct``/``upper_pct`` the
    distances below/above the central value in % of the |sum of covered rows| (the same base
    as :func:`approach1`, so the two compare); ``uncertainty_pct`` their mean
    (comparable with Approach 1); all NaN where ``coverage`` is 0. A ``TOTAL`` row per group.
    Raises InputError on a bad ``distribution`` or ``n < 100``.
    """
    if distribution not in ("normal", "lognormal"):
        raise InputError("uncertainty approach 2", f"distribution {distribution!r}",
                         "'normal' or 'lognormal'")
    if n < 100:
        raise InputError("uncertainty approach 2", f"n = {n}", "at least 100 samples")
    df = _prepare(emissions, value, defaults).reset_index(drop=True)
    rng = np.random.default_rng(seed)
    keys = list(by)
    rows = []

    def summarise(base: dict, cat: str, gas: str, central: float, draws: np.ndarray,
                  cover: float, covered: float) -> None:
        if cover == 0.0:  # nothing known: no interval rather than a spurious zero spread
            lo = hi = math.nan
        else:
            lo, hi = np.percentile(draws, [2.5, 97.5])
        denom = abs(covered) if covered else math.nan
        lo_pct, hi_pct = (central - lo) / denom * 100.0, (hi - central) / denom * 100.0
        rows.append({**base, "category": cat, "gas": gas, "value": central,
                     "mean": float(draws.mean()), "lower": float(lo), "upper": float(hi),
                     "lower_pct": lo_pct, "upper_pct": hi_pct,
                     "uncertainty_pct": (lo_pct + hi_pct) / 2.0, "coverage": cover})

    for key, g in df.groupby(keys, sort=True) if keys else [((), df)]:
        key = key if isinstance(key, tuple) else (key,)
        base = dict(zip(keys, key, strict=True))
        known = (g["uncertainty_source"] != "missing").to_numpy()
        x = g[value].to_numpy(float)
        ad = np.where(known, g[UNC[0]].to_numpy(float), 0.0)
        ef = np.where(known, g[UNC[1]].to_numpy(float), 0.0)
        m_ad = _multipliers(rng, ad, n, distribution)
        if correlate_ef:
            groups = list(zip(g["category"], g["gas"], g.get("activity", g["category"]),
                              strict=True))
            uniq = {k: i for i, k in enumerate(dict.fromkeys(groups))}
            idx = np.array([uniq[k] for k in groups])
            first = np.array([groups.index(k) for k in uniq])
            m_ef = _multipliers(rng, ef[first], n, distribution)[idx]
        else:
            m_ef = _multipliers(rng, ef, n, distribution)
        draws = x[:, None] * m_ad * m_ef
        g = g.reset_index(drop=True)
        for (cat, gas), c in g.groupby(GROUP, sort=True):
            ii = c.index.to_numpy()
            cover = float(np.abs(x[ii][known[ii]]).sum() / np.abs(x[ii]).sum())
            summarise(base, cat, gas, float(x[ii].sum()), draws[ii].sum(axis=0), cover,
                      float(x[ii][known[ii]].sum()))
        cover = float(np.abs(x[known]).sum() / np.abs(x).sum()) if len(x) else math.nan
        summarise(base, "TOTAL", "all", float(x.sum()), draws.sum(axis=0), cover,
                  float(x[known].sum()))
    cols = [*keys, "category", "gas", "value", "mean", "lower", "upper", "lower_pct", "upper_pct",
            "uncertainty_pct", "coverage"]
    return pd.DataFrame(rows, columns=cols)
