"""CO2-equivalent emissions inside a named GWP-100 set (SAR, AR4, AR5 default, AR6).

GWP values come from :func:`model.units.gwp` (openscm-units contexts SARGWP100, AR4GWP100,
AR5GWP100, AR6GWP100: CH4 21/25/28/27.9, N2O 310/298/265/273; IPCC SAR, AR4 WG1 Table 2.14,
AR5 WG1 Table 8.A.1, AR6 WG1 Table 7.SM.7). AR5 is the default because UNFCCC reporting under the
Enhanced Transparency Framework uses AR5 GWP-100 (decision 18/CMA.1, annex para. 37).

Moved from ``model/inventory/gwp.py`` for issue #17: the ledger's CO2e and the inventory's read
the same values from the accounting layer.
"""

from __future__ import annotations

import math

import pandas as pd

from model import quantities
from model.errors import InputError
from model.units import _context_name
from model.units import gwp as _gwp

GWP_SETS = ("SAR", "AR4", "AR5", "AR6")
#: the gases of the inventory's records (the one table: :mod:`model.quantities`)
GHG = quantities.inventory_ghg()
POLLUTANTS = quantities.inventory_pollutants()
#: Gas groups that have no single GWP: their rows must be split into species before CO2e.
GAS_GROUPS = ("HFCs", "PFCs")


def gwp_values(gwp: str = "AR5") -> dict[str, float]:
    """GWP-100 of every single-species GHG id (CO2, CH4, N2O, SF6, NF3) in set ``gwp``.

    A gas the set does not cover (NF3 has no SAR value) is left out. Raises InputError on an
    unknown set.
    """
    gwp_set = _check_set(gwp)
    values = {g: _gwp(g, gwp_set) for g in GHG if g not in GAS_GROUPS}
    return {g: v for g, v in values.items() if not math.isnan(v)}


def _check_set(gwp: str) -> str:

    try:
        _context_name(gwp)  # validates the name without building the registry's contexts
    except ValueError:
        raise InputError("GWP set", repr(gwp), f"one of {list(GWP_SETS)}") from None
    return gwp.upper().replace("GWP100", "")


def to_co2e(emissions: pd.DataFrame, gwp: str = "AR5") -> pd.DataFrame:
    """Emissions with ``value_co2e`` (t CO2e, float) and ``gwp_set`` added (a copy).

    Parameters
    ----------
    emissions:
        Rows with at least ``gas`` and ``value`` (t of the gas; sinks negative), e.g.
        :data:`model.inventory.core.EMISSION_COLUMNS`.
    gwp:
        ``SAR``, ``AR4``, ``AR5`` (default) or ``AR6`` (100-year).

    Returns
    -------
    The same rows; ``value_co2e = value x GWP(gas)`` for greenhouse gases; for pollutants
    (NOx, SO2, VOCs, PM2.5, NH3, COD, NH3-N) ``value_co2e`` is NaN — they are not greenhouse gases
    and never enter a CO2e total (callers select ``gas in GHG``).

    Raises
    ------
    InputError
        Unknown GWP set; unknown gas id; a non-zero HFCs/PFCs group row (no single GWP exists;
        report the species); a missing ``gas``/``value`` column.
    """
    gwp_set = _check_set(gwp)
    for col in ("gas", "value"):
        if col not in emissions.columns:
            raise InputError("emissions table", f"columns {list(emissions.columns)}",
                             f"a column '{col}'")
    factors = gwp_values(gwp_set)
    out = emissions.copy()
    co2e = []
    for i, (gas, value) in enumerate(zip(out["gas"], out["value"], strict=True)):
        where = f"emissions row {i} (gas {gas!r})"
        if gas in POLLUTANTS:
            co2e.append(math.nan)
        elif gas in factors:
            co2e.append(float(value) * factors[gas])
        elif gas in GHG and gas not in GAS_GROUPS:
            if float(value) != 0.0:
                raise InputError(where, f"{value} t {gas}", f"a gas with a GWP in {gwp_set}",
                                 "choose a GWP set that covers it (AR4, AR5 or AR6)")
            co2e.append(0.0)
        elif gas in GAS_GROUPS:
            if float(value) != 0.0:
                raise InputError(where, f"{value} t of the group {gas}",
                                 "emissions per species (e.g. HFC-134a) or 0 with a notation key",
                                 "a gas group has no single GWP")
            co2e.append(0.0)
        else:
            raise InputError(where, f"gas {gas!r}", f"one of {list(GHG + POLLUTANTS)}")
    out["value_co2e"] = co2e
    out["gwp_set"] = gwp_set
    return out


def ghg_only(emissions_co2e: pd.DataFrame) -> pd.DataFrame:
    """Rows of greenhouse gases only (drops pollutants), for CO2e sums."""
    return emissions_co2e[emissions_co2e["gas"].isin(GHG)]
