"""Baseline projection: emissions, energy and service indicators without new measures.

Equations (constant base-year prices; ``g[r,t]`` real GDP growth of region r in year t):

* ``GDP[r,y] = GDP[r,base] * prod_{t=base+1..y} (1 + g[r,t])``
* emission or energy quantity q: ``Q[r,y] = Q[r,base] * (GDP[r,y] / GDP[r,base]) ** e[q]``
  (constant-elasticity driver model, as in the GAINS activity projections and LEAP's
  "growth as elasticity" expression; e[q] = 1 keeps intensity per unit GDP constant)
* service indicator s (e.g. ``urban_sewage_treated``, in :data:`model.measures.SERVICE_INDICATORS`):
  the amount served stays at its base-year level, ``S[r,y] = S[r,base]``; its total
  ``s:total`` follows its driver (:data:`model.services.SERVICE_DRIVERS`): sewage produced and
  rural households grow with population, ``T[r,y] = T[r,base] * (1 + p) ** (y - base)``;
  manure produced follows the herd, ``T[r,y] = T[r,base] * (GDP ratio) ** e[livestock]``,
  flat when the scenario gives no ``livestock`` elasticity.
"""

from __future__ import annotations

import math

import pandas as pd

from model.errors import InputError
from model.measures import SERVICE_INDICATORS
from model.services import SERVICE_DRIVERS

TOTAL_SUFFIX = ":total"


def _is_service(quantity: str) -> bool:
    return quantity in SERVICE_INDICATORS or quantity.endswith(TOTAL_SUFFIX)


def _require(df: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(what, f"columns {list(df.columns)}", f"also the columns {missing}")


def project_gdp(gdp_base: pd.DataFrame, growth: pd.DataFrame, base_year: int,
                years: list[int]) -> pd.DataFrame:
    """Real GDP by region and year from base-year GDP and annual real growth rates.

    Parameters
    ----------
    gdp_base:
        ``region, value``: base-year GDP, CNY at constant base-year prices.
    growth:
        ``year, region, rate``: real growth over the previous year as a fraction (0.075 for
        7.5 %). ``region`` empty/None means city-wide; a region's own row overrides it.
    base_year, years:
        Years to project (later than ``base_year``); the base year is included in the output.

    Returns ``region, year, value`` (CNY, constant base-year prices).

    Raises ``InputError`` on a missing growth year, a duplicated row, or a rate outside
    (-1, 1) (a percentage given where a fraction is expected).
    """
    _require(gdp_base, ["region", "value"], "gdp_base")
    _require(growth, ["year", "region", "rate"], "growth")
    city: dict[int, float] = {}
    own: dict[tuple[str, int], float] = {}
    for row in growth.itertuples(index=False):
        year, region, rate = int(row.year), row.region, float(row.rate)
        where = f"growth year {year} region {region}"
        if not -1.0 < rate < 1.0 or math.isnan(rate):
            raise InputError(where, f"rate {rate!r}", "a fraction in (-1, 1), e.g. 0.075 for 7.5 %")
        city_wide = region is None or region == "" or bool(pd.isna(region))
        target = (city, year) if city_wide else (own, (region, year))
        if target[1] in target[0]:
            raise InputError(where, "a duplicated growth row", "one rate per year and region")
        target[0][target[1]] = rate
    out = []
    last = max(years) if years else base_year
    for region, value in zip(gdp_base["region"], gdp_base["value"], strict=True):
        level = float(value)
        out.append({"region": region, "year": base_year, "value": level})
        for year in range(base_year + 1, last + 1):
            rate = own.get((region, year), city.get(year))
            if rate is None:
                raise InputError(f"growth year {year}", f"no real GDP growth for {region!r}",
                                 "a city-wide or regional rate for every year after the base year")
            level *= 1.0 + rate
            if year in years:
                out.append({"region": region, "year": year, "value": level})
    return pd.DataFrame(out, columns=["region", "year", "value"])


def project(base: pd.DataFrame, gdp_base: pd.DataFrame, growth: pd.DataFrame,
            elasticities: dict[str, float], years: list[int], base_year: int = 2020,
            population_growth: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Project base-year quantities to the model years without new measures.

    Parameters
    ----------
    base:
        ``region, quantity, value``: base-year values in canonical units (``CO2`` t, ``energy``
        tce, pollutants t, service indicators and their ``<id>:total`` in their own units), e.g.
        from :func:`model.inventory.base_year_indicators` plus ``services.csv``.
    gdp_base, growth:
        See :func:`project_gdp`.
    elasticities:
        Growth of each emission/energy quantity per unit growth of real GDP (dimensionless);
        every non-service quantity in ``base`` needs one.
    years:
        Model years (> ``base_year``).
    population_growth:
        Annual population growth (fraction) that drives service totals ``<id>:total``.

    Returns
    -------
    (baseline, gdp)
        ``baseline``: ``region, year, quantity, value`` for the base year and every model year;
        ``gdp``: ``region, year, value`` (CNY, constant base-year prices), same years.

    Raises
    ------
    InputError
        On a quantity without elasticity, a region without base GDP (or GDP <= 0), a duplicated
        (region, quantity), a model year not after the base year, or a growth-table problem.
    """
    _require(base, ["region", "quantity", "value"], "base")
    years = sorted(int(y) for y in years)
    if any(y <= base_year for y in years):
        raise InputError("years", str(years), f"model years after the base year {base_year}")
    if base.duplicated(subset=["region", "quantity"]).any():
        dup = base[base.duplicated(subset=["region", "quantity"])].iloc[0]
        raise InputError("base", f"duplicated row {dup['region']}/{dup['quantity']}",
                         "one value per region and quantity")
    gdp_by_region = dict(zip(gdp_base["region"], gdp_base["value"], strict=True))
    for region in base["region"].unique():
        if region not in gdp_by_region:
            raise InputError("gdp_base", f"no base-year GDP for region {region!r}",
                             "a GDP row for every region of the base table")
        if not float(gdp_by_region[region]) > 0:
            raise InputError(f"gdp_base region {region!r}", str(gdp_by_region[region]),
                             "a positive GDP")
    for q in base["quantity"].unique():
        if not _is_service(q) and q not in elasticities:
            raise InputError("elasticities", f"no elasticity for quantity {q!r}",
                             f"one of the keys; have {sorted(elasticities)}")
    if not -1.0 < population_growth < 1.0:
        raise InputError("population_growth", repr(population_growth), "a fraction per yr")
    gdp = project_gdp(gdp_base[gdp_base["region"].isin(base["region"].unique())], growth,
                      base_year, years)
    ratio = {(r, y): v / float(gdp_by_region[r])
             for r, y, v in zip(gdp["region"], gdp["year"], gdp["value"], strict=True)}
    rows = []
    for region, quantity, value in zip(base["region"], base["quantity"], base["value"],
                                       strict=True):
        value = float(value)
        rows.append((region, base_year, quantity, value))
        for year in years:
            if quantity.endswith(TOTAL_SUFFIX):
                driver = SERVICE_DRIVERS.get(quantity[: -len(TOTAL_SUFFIX)], "population")
                if driver == "population":
                    projected = value * (1.0 + population_growth) ** (year - base_year)
                else:  # livestock: flat unless an elasticity to GDP is given
                    e = float(elasticities.get(driver, 0.0))
                    projected = value * ratio[(region, year)] ** e
            elif quantity in SERVICE_INDICATORS:
                projected = value
            else:
                projected = value * ratio[(region, year)] ** float(elasticities[quantity])
            rows.append((region, year, quantity, projected))
    baseline = pd.DataFrame(rows, columns=["region", "year", "quantity", "value"])
    return baseline, gdp.reset_index(drop=True)
