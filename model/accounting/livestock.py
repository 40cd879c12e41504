"""Livestock (IPCC 2006 Vol 4 Ch 10) as the inventory and the scenario model share it: the annual
average population N_T of a pack (year-end stock converted by a declared rule, Eq. 10.1) and the
per-head and per-tonne coefficients of enteric fermentation and manure management.

* :func:`livestock_population`, :func:`livestock_rows`: N_T (head) by region, year and animal.
* :func:`livestock_ghg_per_head`: enteric CH4 (3.A.1, Eq. 10.19), manure CH4 (3.A.2, Eq. 10.22)
  and direct manure N2O (Eq. 10.25, 10.30) of one head a year.
* :func:`manure_mass_per_head`, :func:`manure_system_per_tonne`: fresh manure of one head and the
  CH4 and N2O of a tonne of it in a management system (Eq. 10.23, 10.25).

Used by :mod:`model.inventory.afolu` and :mod:`model.inventory.pollutants` (the records) and by
:mod:`model.accounting.ledger` (the coefficients of livestock rows), one basis. Moved from
``model/inventory/afolu.py`` and ``pollutants.py`` for issue #17 so that the accounting layer
imports nothing from the inventory.
"""

from __future__ import annotations

import pandas as pd

from model.accounting import factors
from model.accounting.inputs import InventoryInputs, worst_status
from model.errors import InputError
from model.units import convert

#: Livestock ids shared with the pollutant module (docs/CONTRACTS.md; unit head).
ANIMALS = ("dairy_cattle", "other_cattle", "buffalo", "swine", "sheep", "goats", "horses",
           "mules_asses", "poultry")
#: IPCC 2006 gives no Tier 1 enteric CH4 factor for poultry (Vol 4 Ch 10.3, "insignificant";
#: Table 10.10 lists none), so 3.A.1 poultry is reported with the notation key NE.
ENTERIC_NOT_ESTIMATED = ("poultry",)
N2O_PER_N2O_N = 44.0 / 28.0
SLAUGHTER_SUFFIX = "_slaughtered"

def _unc(x: object) -> float:
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _where(row: pd.Series) -> str:
    return f"{row.get('_file', 'activity')} row {row.get('_row', '?')}"


def livestock_population(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """Annual average livestock population N_T (head) by region, year and animal.

    Reads activity rows of category ``3.A`` whose ``activity`` is one of :data:`ANIMALS` (unit
    head, column ``basis``). Rows ``<animal>_slaughtered`` (head slaughtered in the year, 出栏)
    are used only by the year-end rule below.

    Rules (declared; each result carries its rule in column ``rule``):

    * ``basis = annual_average``: used as is.
    * ``basis = year_end`` (存栏) with a slaughter row and a factor ``days_alive`` for the animal
      (category 3.A) when slaughtered >= year-end stock (turnover >= 1, animals living < 1 yr):
      ``N = days_alive x slaughtered / 365`` (IPCC 2006 Vol 4 Ch 10 Eq. 10.1).
    * ``basis = year_end`` otherwise, if the factor library has ``year_end_to_average`` for the
      animal: ``N = year_end_to_average x stock`` (a declared, sourced ratio).
    * anything else is refused.

    Returns a DataFrame with columns region, year, activity, value (head), status, rule,
    ad_uncertainty_pct.

    Raises
    ------
    InputError
        On a missing or unknown ``basis``, a unit that is not a head count, or a year-end row
        that no declared rule can convert.
    """
    a = inputs.rows("3.A")
    a = a[a["year"].isin(years)]
    animals = a[a["activity"].isin(ANIMALS)]
    unknown = a[~a["activity"].isin(ANIMALS)
                & ~a["activity"].str.endswith(SLAUGHTER_SUFFIX)]
    if not unknown.empty:
        r = unknown.iloc[0]
        raise InputError(_where(r) + " column 'activity'", repr(r["activity"]),
                         f"one of {list(ANIMALS)} or '<animal>{SLAUGHTER_SUFFIX}'")
    out = []
    for _, r in animals.iterrows():
        where = _where(r)
        stock = convert(r["value"], r["unit"], "head", where=where + " column 'unit'")
        basis = str(r.get("basis", "")).strip()
        unc = _unc(r.get("uncertainty_pct"))
        if basis == "annual_average":
            out.append((r["region"], r["year"], r["activity"], stock, r["status"],
                        "annual average as reported", unc))
            continue
        if basis != "year_end":
            raise InputError(where + " column 'basis'", repr(basis),
                             "'annual_average' or 'year_end' for a livestock row")
        slaughter = a[(a["region"] == r["region"]) & (a["year"] == r["year"])
                      & (a["activity"] == r["activity"] + SLAUGHTER_SUFFIX)]
        days = inputs.factors.find("3.A", r["activity"], "days_alive")
        if not slaughter.empty and days is not None:
            s = slaughter.iloc[0]
            n_sl = convert(s["value"], s["unit"], "head", where=_where(s))
            d = days.to("day")
            if n_sl >= stock and d < 365:
                out.append((r["region"], r["year"], r["activity"], d * n_sl / 365.0,
                            worst_status(r["status"], s["status"], "derived"),
                            f"Eq. 10.1: {d:g} days alive x {n_sl:g} slaughtered / 365", unc))
                continue
        ratio = inputs.factors.find("3.A", r["activity"], "year_end_to_average")
        if ratio is not None:
            out.append((r["region"], r["year"], r["activity"], ratio.to("dimensionless") * stock,
                        worst_status(r["status"], "derived"),
                        f"year-end stock x {ratio.value:g} ({ratio.source})", unc))
            continue
        raise InputError(
            where, f"year-end stock (存栏) of {r['activity']} without a conversion rule",
            "an annual average population (basis=annual_average), or a row "
            f"'{r['activity']}{SLAUGHTER_SUFFIX}' plus factor days_alive (IPCC Eq. 10.1), or a "
            "factor year_end_to_average for this animal in the factor library")
    return pd.DataFrame(out, columns=["region", "year", "activity", "value", "status", "rule",
                                      "ad_uncertainty_pct"])


def livestock_rows(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """Annual average livestock population as activity-like rows (unit head).

    Uses :func:`livestock_population`, so year-end stock (存栏) is
    converted by the same declared rule as for the greenhouse-gas categories (IPCC 2006 Vol 4
    Ch 10 Eq. 10.1) or refused — never used as if it were the annual average.
    """

    pop = livestock_population(inputs, [int(y) for y in years])
    if pop.empty:
        return pd.DataFrame(columns=["region", "year", "activity", "value", "unit", "status",
                                     "uncertainty_pct", "_file", "_row"])
    return pd.DataFrame({
        "region": pop["region"], "year": pop["year"].astype(int), "activity": pop["activity"],
        "value": pop["value"].astype(float), "unit": "head", "status": pop["status"],
        "uncertainty_pct": pop["ad_uncertainty_pct"],
        "_file": "annual average population (afolu.livestock_population, rule " + pop["rule"]
        + ")", "_row": pop["activity"],
    })


def manure_shares(lib, animal: str) -> dict[str, float]:
    """Manure management system shares MS_T,S for ``animal`` (factor rows ``MS_<system>``,
    category 3.A.2), from the first factor set that has any; they must sum to 1 (+-1 %)."""
    t = lib.table
    for fset in lib.order:
        rows = t[(t["factor_set"] == fset) & (t["activity"] == animal)
                 & t["gas"].str.startswith("MS_")
                 & t["category"].map(lambda c: c == "3.A.2" or "3.A.2".startswith(c + "."))]
        if rows.empty:
            continue
        shares = {g[3:]: convert(v, u, "dimensionless", where=f"{f} row {r}")
                  for g, v, u, f, r in zip(rows["gas"], rows["value"], rows["unit"],
                                           rows["_file"], rows["_row"], strict=True)}
        total = sum(shares.values())
        if abs(total - 1.0) > 0.01:
            raise InputError(f"factor set {fset}, 3.A.2 MS_* of {animal}", f"shares sum {total:g}",
                             "manure management system shares summing to 1")
        return shares
    raise InputError("factor library", f"no manure management shares (MS_<system>) for {animal}",
                     "rows (category 3.A.2, activity animal, gas MS_<system>) summing to 1",
                     "IPCC 2006 Vol 4 Ch 10 Annex 10A Tables 10A.4-10A.9 give regional defaults")


def livestock_ghg_per_head(lib, animal: str) -> dict[str, float]:
    """Greenhouse gases of one head (annual average population) of ``animal`` per year, as the
    inventory counts them: ``enteric_CH4`` (3.A.1, t CH4; 0 for an animal without a Tier 1
    factor, reported NE), ``manure_CH4`` (3.A.2, t CH4, Tier 1 EF of Table 10.14/10.15) and
    ``manure_N2O`` (3.A.2 direct, t N2O: Nex x sum over managed systems of MS x EF3 x 44/28,
    Eq. 10.25 and 10.30, Table 10.21; pasture is 3.C.4). Raises InputError on a missing factor."""
    enteric = 0.0 if animal in ENTERIC_NOT_ESTIMATED else \
        lib.get("3.A.1", animal, "CH4").to("t CH4 / head")
    manure = lib.get("3.A.2", animal, "CH4").to("t CH4 / head")
    nex = lib.get("3.A.2", animal, "Nex").to("kg N / head")
    n2o_n = sum(nex * ms * lib.get("3.A.2", system, "EF3").to("dimensionless")
                for system, ms in manure_shares(lib, animal).items() if system != "pasture")
    return {"enteric_CH4": enteric, "manure_CH4": manure,
            "manure_N2O": n2o_n * N2O_PER_N2O_N / 1000.0}


def manure_mass_per_head(lib, animal: str) -> float:
    """Fresh manure and urine of one head a year (t/head/yr) from the factor row
    ``3.A, <animal>, manure`` (a rate per day is × 365, the census convention,
    :func:`model.accounting.factors.generation`)."""

    return factors.generation(lib, "3.A", animal, "head", "manure").value


def manure_system_per_tonne(lib, animal: str, system: str) -> dict[str, float]:
    """CH4 and direct N2O (t per t of fresh manure and urine) of ``animal``'s manure managed in
    ``system`` for a year, for a change of management route.

    CH4 apportions the inventory's Tier 1 factor over systems by their methane conversion
    factors (IPCC 2006 Vol 4 Ch 10 Eq. 10.23, ``EF = VS x 365 x B0 x 0.67 x sum_S MCF_S x
    MS_S``, with the animal's VS x B0 implied by the Tier 1 EF and the pack's shares MS_S):
    ``CH4_S = EF_T1 / sum_S' (MS_S' MCF_S') x MCF_S / m``, MCF by system from Table 10.17 (factor
    rows ``3.A.2, <system>, MCF``) and m the manure mass per head and year (``3.A, <animal>,
    manure``, the pollution-census coefficient the services table is made with). N2O:
    ``Nex / m x EF3_S x 44/28`` (Eq. 10.25; EF3 Table 10.21). A system with a share in the
    base year keeps the base-year emission: sum_S MS_S x CH4_S x m = EF_T1. Raises InputError
    naming the missing factor (MCF or EF3 of the system, the manure mass of the animal)."""
    cache = lib.__dict__.setdefault("_manure_per_tonne", {})
    key = (animal, system, id(lib.table))
    if key not in cache:
        cache[key] = _manure_system_per_tonne(lib, animal, system)
    return dict(cache[key])


def _manure_system_per_tonne(lib, animal: str, system: str) -> dict[str, float]:
    """:func:`manure_system_per_tonne` computed (its docstring); cached per library table."""
    ef = lib.get("3.A.2", animal, "CH4").to("t CH4 / head")
    shares = manure_shares(lib, animal)
    weighted = sum(ms * lib.get("3.A.2", s, "MCF").to("dimensionless")
                   for s, ms in shares.items())
    mass = manure_mass_per_head(lib, animal)
    mcf = lib.get("3.A.2", system, "MCF").to("dimensionless")
    nex = lib.get("3.A.2", animal, "Nex").to("kg N / head")
    ef3 = 0.0 if system == "pasture" else lib.get("3.A.2", system, "EF3").to("dimensionless")
    ch4 = ef / weighted * mcf / mass if weighted > 0 else 0.0
    return {"CH4": ch4, "N2O": nex / mass * ef3 * N2O_PER_N2O_N / 1000.0}
