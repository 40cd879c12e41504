"""Key category analysis, IPCC 2006 Vol 1 Ch 4, Approach 1 (level and trend assessment).

Categories are assessed at the level of IPCC category x gas, in t CO2e of one GWP set, for one
region (normally the city). Sinks count by their absolute value.

Level assessment (Vol 1 Ch 4 Eq. 4.1)::

    L_x,t = |E_x,t| / sum_y |E_y,t|

Trend assessment (Vol 1 Ch 4 Eq. 4.2, the 2006 form with absolute values so that sinks count)::

    T_x,t = (|E_x,0| / sum_y |E_y,0|)
            * | (E_x,t - E_x,0) / |E_x,0|  -  (sum_y E_y,t - sum_y E_y,0) / |sum_y E_y,0| |

Which form and why: Eq. 4.2 weighs each category by its share of the *absolute* base-year total
(so a sink weighs by its size) and compares its relative change with the relative change of the
*net* total, the net base-year total taken in absolute value in the denominator so that the sign
of the change stays right when the net total is a sink. The shared notes (reference-factors.md)
flag that editions differ on whether the totals are absolute; four look-ups with the search tool
did not return the 2006 text, so this is the 2006 form as recalled and must be checked against
the printed Eq. 4.2 (Vol 1 p. 4.10) before a published inventory relies on the trend flags. The
first term is rewritten algebraically as ``(E_x,t - E_x,0) / sum_y |E_y,0|`` — identical where
``E_x,0 != 0`` and defined for a new category (``E_x,0 = 0`` gives
``T = |E_x,t| / sum_y |E_y,0|``, the limit of the same expression; our choice, not quoted).

Threshold (Vol 1 Ch 4, Approach 1): sort descending; categories are key until their cumulative
share reaches 95 % — the category that crosses 95 % is key, those after it are not.
"""

from __future__ import annotations

import pandas as pd

from model.errors import InputError
from model.inventory.core import GHG

THRESHOLD = 0.95
KEYS = ["category", "gas"]


def _city_year(emissions_co2e: pd.DataFrame, year: int, region: str | None) -> pd.Series:
    for col in ("category", "gas", "year", "value_co2e"):
        if col not in emissions_co2e.columns:
            raise InputError("key category analysis", f"columns {list(emissions_co2e.columns)}",
                             f"a column '{col}' (call model.accounting.gwp.to_co2e first)")
    df = emissions_co2e[emissions_co2e["gas"].isin(GHG)]
    if region is not None:
        if "region" not in df.columns or region not in set(df["region"]):
            raise InputError("key category analysis", f"no rows for region {region!r}",
                             "emissions of the region to assess")
        df = df[df["region"] == region]
    df = df[df["year"] == year]
    if df.empty:
        raise InputError("key category analysis", f"no greenhouse-gas rows for year {year}",
                         "emissions of the year to assess")
    return df.groupby(KEYS)["value_co2e"].sum()


def _cut(table: pd.DataFrame, score: str, threshold: float) -> pd.DataFrame:
    table = table.sort_values(score, ascending=False, kind="stable").reset_index(drop=True)
    total = table[score].sum()
    share = table[score] / total if total > 0 else table[score] * 0.0
    table[f"{score}_share"] = share
    table["cumulative"] = share.cumsum()
    before = table["cumulative"] - share
    table["key"] = (before < threshold) & (share > 0)
    return table


def level_assessment(emissions_co2e: pd.DataFrame, year: int, region: str | None,
                     threshold: float = THRESHOLD) -> pd.DataFrame:
    """Approach 1 level assessment (Vol 1 Ch 4 Eq. 4.1) for ``year``.

    Input: emissions with ``value_co2e`` (t CO2e, see :func:`model.accounting.gwp.to_co2e`);
    rows of ``region`` (the data pack's city, ``Inventory.city``; None = all rows, the caller
    ensures no double counting).

    Returns one row per (category, gas), sorted by level: ``category, gas, estimate_co2e``
    (t CO2e, signed), ``level`` (|E_x|, t CO2e), ``level_share`` (L_x, 0..1), ``cumulative``
    (0..1) and ``key`` (bool). Raises InputError if the region/year has no GHG rows.
    """
    e = _city_year(emissions_co2e, year, region)
    table = e.rename("estimate_co2e").reset_index()
    table["level"] = table["estimate_co2e"].abs()
    return _cut(table, "level", threshold)


def trend_assessment(emissions_co2e: pd.DataFrame, base_year: int, year: int,
                     region: str | None,
                     threshold: float = THRESHOLD) -> pd.DataFrame:
    """Approach 1 trend assessment (Vol 1 Ch 4 Eq. 4.2, form in the module docstring).

    Returns one row per (category, gas) present in either year, sorted by trend:
    ``category, gas, base_co2e, latest_co2e`` (t CO2e, signed; 0 if absent), ``trend`` (T_x,
    dimensionless), ``trend_share`` (T_x / sum T), ``cumulative`` and ``key``.
    Raises InputError if either year has no rows, or if the base-year net total is zero.
    """
    e0 = _city_year(emissions_co2e, base_year, region)
    et = _city_year(emissions_co2e, year, region)
    table = pd.concat([e0.rename("base_co2e"), et.rename("latest_co2e")], axis=1).fillna(0.0)
    abs_total0 = table["base_co2e"].abs().sum()
    net0, nett = table["base_co2e"].sum(), table["latest_co2e"].sum()
    if net0 == 0 or abs_total0 == 0:
        raise InputError(f"key category trend {base_year}-{year}", "a base-year net total of 0",
                         "a non-zero base-year total (Eq. 4.2 divides by it)")
    total_change = (nett - net0) / abs(net0)
    table["trend"] = (
        (table["latest_co2e"] - table["base_co2e"]) / abs_total0
        - table["base_co2e"].abs() / abs_total0 * total_change
    ).abs()
    return _cut(table.reset_index(), "trend", threshold)


def key_categories(emissions_co2e: pd.DataFrame, year: int, base_year: int | None = None,
                   *, region: str | None, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Key categories by level (``year``) and, if ``base_year`` is given and differs, by trend.

    Returns one row per (category, gas): ``category, gas, estimate_co2e, level_share,
    level_cumulative, level_key, base_co2e, trend, trend_share, trend_cumulative, trend_key,
    key`` (level or trend) and ``criterion`` (``L``, ``T``, ``L,T`` or ``""``), sorted by level.
    Trend columns are NaN when no trend is assessed.
    """
    lev = level_assessment(emissions_co2e, year, region, threshold).rename(
        columns={"cumulative": "level_cumulative", "key": "level_key"})
    out = lev.drop(columns="level")
    if base_year is not None and base_year != year:
        tr = trend_assessment(emissions_co2e, base_year, year, region, threshold).rename(
            columns={"cumulative": "trend_cumulative", "key": "trend_key"})
        out = out.merge(tr.drop(columns="latest_co2e"), on=KEYS, how="outer")
        out["estimate_co2e"] = out["estimate_co2e"].fillna(0.0)
        for c in ("level_share", "level_cumulative"):
            out[c] = out[c].fillna(0.0)
        out["level_key"] = out["level_key"].fillna(False).astype(bool)
        out["trend_key"] = out["trend_key"].astype(bool)
    else:
        for c in ("base_co2e", "trend", "trend_share", "trend_cumulative"):
            out[c] = float("nan")
        out["trend_key"] = False
    out["key"] = out["level_key"] | out["trend_key"]
    out["criterion"] = [",".join(x for x, f in (("L", lk), ("T", tk)) if f)
                        for lk, tk in zip(out["level_key"], out["trend_key"], strict=True)]
    out["year"] = year
    out["base_year"] = base_year if base_year is not None else pd.NA
    out = out.sort_values(["level_share", "trend"], ascending=False).reset_index(drop=True)
    return out[["year", "base_year", *KEYS, "estimate_co2e", "level_share", "level_cumulative",
                "level_key", "base_co2e", "trend", "trend_share", "trend_cumulative",
                "trend_key", "key", "criterion"]]
