"""Pathway prices: the dual of a target row, its annualised cost per unit, and the frontier.

Index sets and arrays: :mod:`model.lp.index` (model years y, calendar-year weights, the share
``a[m, v, y]`` of capacity built in v still running in y, ``W[y]`` the discounted calendar
years model year y stands for, ``df[y] = (1 + ρ)^−(y − base)``).

**Dual price** (``shadow_price``, :mod:`model.lp.solve`): ``p_y = d / df[y] · s`` with d the
row's dual (present-value CNY at the base year per unit of the row) and s the kind's price
scale. On a pathway it is the cost, valued in year y, of *every later year* of the capacity
one more unit of the year-y target calls for (net of what that capacity does for later
targets): a stock price, not an annual one. Its unit says so:
``CNY/t (dual: costs 2025-2035 valued in 2025)``.

**Annualised price** (``annualised_price``): the constant cost per unit in each year the
capacity at the margin is paid, whose present value equals the dual:

    a_y = d · s / D_y(m),    D_y(m) = Σ_{y' >= y} a[m, y, y'] · W[y']

D_y(m) is the present value to the base year of one CNY a year for each unit of measure m
built in year y while it runs (its lifetime, or its source's survival for replacements,
truncated at the horizon's end): exactly the factor that turns the capital annuity into the
LP's cost of a build (:func:`model.lp.families.objective.capital_pv`). In year-y money
``a_y = p_y / N_y`` with ``N_y = D_y(m) / df[y]`` the *discounted years* valued in year y
(``annualised_years``). m is the measure at the margin of the row
(:func:`model.results.marginal_measures`); where there is none (the row is held by bounds or
other rows) D runs to the horizon's end (capacity that never retires). For a one-year model
N_y = 1 and the two prices are equal; for the Ankang pathway the 2025 rows are divided by about
7.7 (the eleven years 2025-2035 at 8 %), which is why the pathway's duals looked 7.7 times the
one-year prices (issue #12). The unit says which is which: ``CNY/t/yr annualised``.

**Frontier** (``frontier_distance``): a binding row whose reduction R is within
:data:`FRONTIER_SHARE` of the most the catalogue can deliver for it with every target dropped
(:func:`model.lp.frontier.row_distances`; for a ``peak`` row, the year's reduction of its
quantity against its MTFR) does not price the target: its dual prices the last scraps of the
catalogue's potential. Such a price is labelled ``catalogue exhausted`` with the distance,
everywhere it is printed (targets.csv ``price_note``, the terminal, library.csv).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from model.fmt import plain

#: A binding row within this share of its frontier (the most its reduction can reach with every
#: target dropped) is "catalogue exhausted" (1 %: beyond the accuracy of any estimated potential).
FRONTIER_SHARE = 0.01

#: Label of a price at the frontier.
EXHAUSTED = "catalogue exhausted"


def horizon_end(ix) -> int:
    """The last calendar year the last model year stands for."""
    return int(ix.years[-1] + ix.weight[-1] - 1)


def annuity_years(ix, year: int, measure: str = "") -> float:
    """N_y = D_y(m) / df[y] (module docstring): the discounted years, valued in ``year``, over
    which one unit of ``measure`` built in ``year`` is paid (to the horizon's end without a
    measure). 1 for a one-year model. Raises ValueError for a year that is not a model year."""
    y = ix.years.index(int(year))
    W = ix.period_pv
    if measure and measure in ix.measures:
        share = ix.active()[ix.m(measure), y, :]
    else:
        share = np.ones(len(ix.years))
    share = np.where(np.arange(len(ix.years)) >= y, share, 0.0)
    return float((share * W).sum() / ix.discount(int(year)))


def annuity_basis(ix, year: int, measure: str = "") -> str:
    """In words: whose payments the annualisation spreads the dual over."""
    end = horizon_end(ix)
    if measure and measure in ix.measures:
        life = float(ix.lifetime[ix.m(measure)])
        surv = float(ix.survival[ix.m(measure)])
        if not math.isnan(surv):
            how = f"replacements surviving {surv:.3g} a year"
        elif math.isinf(life):
            how = "never retires"
        else:
            how = f"{life:g}-yr life"
        paid = min(end, _last(ix, year, measure))
        return f"{measure} built in {int(year)} ({how}), paid to {paid}"
    return f"no measure at the margin: {int(year)}-{end} (the rest of the horizon)"


def _last(ix, year: int, measure: str) -> int:
    y = ix.years.index(int(year))
    share = ix.active()[ix.m(measure), y, :]
    on = [i for i in range(y, len(ix.years)) if share[i] > 0]
    if not on:
        return int(year)
    i = on[-1]
    return int(ix.years[i] + ix.weight[i] - 1)


def dual_unit(base: str, ix, year: int) -> str:
    """The dual price's unit with its basis: the costs of which years, valued when."""
    end = horizon_end(ix)
    if end == int(year):
        return f"{base} (dual: costs of {int(year)})"
    return f"{base} (dual: costs {int(year)}-{end} valued in {int(year)})"


def annualised_unit(base: str) -> str:
    """The annualised price's unit."""
    return f"{base}/yr annualised"


def exhausted(distance: float, reach: float) -> bool:
    """Whether a binding row with ``distance`` to a frontier of ``reach`` (both in the row's
    quantity unit) is within :data:`FRONTIER_SHARE` of it."""
    if not (math.isfinite(distance) and math.isfinite(reach)):
        return False
    return distance <= FRONTIER_SHARE * max(abs(reach), 1e-9)


def fmt_price(v: float) -> str:
    """A price as a plain figure, never an exponent (``2,873,980``, ``488``, ``0.1234``:
    :func:`model.fmt.plain`, four significant figures below 100); ``-`` when missing."""

    if v is None or not math.isfinite(v):
        return "-"
    return plain(v, 4)


def price_text(row) -> str:
    """A binding row's price in words, never bare: ``dual P U; annualised A U/yr`` or, at the
    frontier, ``catalogue exhausted (<note>): dual P ...``. ``row``: a targets.csv row."""
    dual = f"dual {fmt_price(row['shadow_price'])} {row['shadow_price_unit']}"
    ann = row.get("annualised_price", math.nan)
    both = dual + (f"; {fmt_price(ann)} {row['annualised_price_unit']}"
                   if ann == ann and ann is not None else "")
    note = str(row.get("price_note", "") or "")
    return f"{note}: {both}" if note else both


def add_price_columns(targets: pd.DataFrame, ix, frontier: dict | None = None) -> pd.DataFrame:
    """targets.csv with the prices labelled (module docstring): ``shadow_price_unit`` says the
    dual's basis; ``annualised_price``, ``annualised_price_unit``, ``annualised_years`` (N_y),
    ``annualised_basis``; ``frontier_max`` and ``frontier_distance`` (the row's quantity unit,
    ``frontier_unit``) and ``price_note`` (``catalogue exhausted ...`` at the frontier, else
    ''). ``frontier``: {(target, year): {"max", "reached", "distance", "unit", "text"}}
    (:func:`model.lp.frontier.row_distances`); None leaves the frontier columns empty."""
    out = targets.copy()
    base = out["shadow_price_unit"].astype(str)
    years = out["year"].astype(int)
    marg = out["marginal_measure"] if "marginal_measure" in out.columns else \
        pd.Series("", index=out.index)
    n = [annuity_years(ix, y, m if isinstance(m, str) else "") for y, m in
         zip(years, marg, strict=True)]
    out["shadow_price_unit"] = [dual_unit(b, ix, y) for b, y in zip(base, years, strict=True)]
    out["annualised_price"] = out["shadow_price"].astype(float) / np.array(n, dtype=float)
    out["annualised_price_unit"] = [annualised_unit(b) for b in base]
    out["annualised_years"] = n
    out["annualised_basis"] = [annuity_basis(ix, y, m if isinstance(m, str) else "")
                               for y, m in zip(years, marg, strict=True)]
    fr = frontier or {}
    keys = list(zip(out["target"], years, strict=True))
    out["frontier_max"] = [fr.get(k, {}).get("max", math.nan) for k in keys]
    out["frontier_distance"] = [fr.get(k, {}).get("distance", math.nan) for k in keys]
    out["frontier_unit"] = [fr.get(k, {}).get("unit", "") for k in keys]
    out["price_note"] = [
        f"{EXHAUSTED} ({fr[k]['text']})" if k in fr and st == "binding"
        and exhausted(fr[k]["distance"], fr[k]["max"]) else ""
        for k, st in zip(keys, out["status"], strict=True)]
    return out


def _strip_years(unit: str) -> str:
    """A dual unit without its year-specific basis (for a range over several years)."""
    return unit.split(" (dual")[0] + " (dual: each year's later costs valued in that year)" \
        if " (dual" in unit else unit


def binding_text(targets: pd.DataFrame) -> str:
    """Binding targets with their prices, never bare: the dual and the annualised cost per unit
    (units say which), or ``catalogue exhausted (...)`` first where the row is at its frontier
    (:func:`model.prices.price_text`); a target with rows in several years (peak) as its years
    and the range of its prices."""
    if not len(targets):
        return ""
    b = targets[(targets["status"] == "binding") & targets["shadow_price"].notna()]
    out = []
    for tid, g in b.groupby("target", sort=False):
        unit = g["shadow_price_unit"].iloc[0]
        aunit = g["annualised_price_unit"].iloc[0] if "annualised_price_unit" in g else ""
        notes = g["price_note"].fillna("").astype(str) if "price_note" in g else \
            pd.Series("", index=g.index)
        lead = ""
        if (notes != "").any():
            n = int((notes != "").sum())
            lead = ("catalogue exhausted" + (f" in {n} of {len(g)} years" if len(g) > 1 else "")
                    + f" ({notes[notes != ''].iloc[-1].removeprefix('catalogue exhausted (')}: ")
        if len(g) == 1:
            r = g.iloc[0]
            txt = f"dual {fmt_price(r['shadow_price'])} {unit}"
            if "annualised_price" in g:
                txt += f"; {fmt_price(r['annualised_price'])} {aunit}"
            out.append(f"{tid} {int(r['year'])}: {lead}{txt}")
        else:
            txt = (f"dual {fmt_price(g['shadow_price'].min())} to "
                   f"{fmt_price(g['shadow_price'].max())} {_strip_years(unit)}")
            if "annualised_price" in g:
                txt += (f"; {fmt_price(g['annualised_price'].min())} to "
                        f"{fmt_price(g['annualised_price'].max())} {aunit}")
            out.append(f"{tid} {int(g['year'].min())}-{int(g['year'].max())}: {lead}{txt}")
    return "; ".join(out)
