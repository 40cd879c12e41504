"""Per-unit coefficients from the factor library: the one place every emission, energy and load
number per unit of activity is made.

The inventory (``model.inventory.energy``, ``ippu``, ``pollutants``) multiplies activity data by
these coefficients, and the scenario model's baseline and every measure's effect use the same
functions (:mod:`model.accounting.ledger`), so a changed factor moves the inventory and the LP
together. Each function returns a :class:`Coefficient`: the value per unit of activity in the
quantity's canonical unit (t of the gas or pollutant, tce) and the factor rows it used (for
status, tier, uncertainty and source). Results are cached per library and key, so a data pack
is converted with pint once per distinct (category, activity, unit), not once per row.

Methods (the factor rows name their own table and page):

* fuel combustion, IPCC 2006 Vol 2 Ch 2 Eq. 2.1 (Tier 1; Tier 2 with a ``local``/``china``
  CO2 EF): ``E[gas] = fuel × NCV × EF[gas]`` (× oxidation for a local/china CO2 EF that comes
  with its own oxidation factor; IPCC Table 1.4 EFs assume oxidation 1). Biomass CO2 is
  biogenic (a memo item): its CO2 coefficient is 0.
* standard coal, GB/T 2589-2020 Appendix A: ``tce = amount × coefficient``; electricity at the
  calorific value 0.1229 kgce/kWh (当量值) or at the coal equivalent (等价值, the thermal-power
  coal rate), :data:`ELECTRICITY_EQUIVALENCE`.
* air pollutants, MEE 2014 emission-inventory guidelines (activity × factor × (1 −
  abatement)), with an optional ``abatement_<gas>`` parameter row.
* process CO2, IPCC 2006 Vol 3 Ch 2 Eq. 2.1-2.2 and 2.8 (clinker × EF_cl × CF_ckd; cement ×
  clinker fraction × EF_cl × CF_ckd; lime × EF × LKD correction).
* domestic and livestock COD/NH3-N, second national pollution-source census (2017)
  generation coefficients.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from model.accounting.factor_library import Factor, FactorLibrary
from model.errors import InputError
from model.units import convert, known, parse_unit

#: electricity conversion to standard coal -> factor parameter in the library
ELECTRICITY_EQUIVALENCE = {"calorific": "tce_coefficient",
                           "coal_equivalent": "tce_coefficient_coal_equivalent"}
BIOGENIC = ("biomass",)
DAYS_PER_YEAR = 365
_PER_DAY = re.compile(r"/\s*(d|day)\b")


@dataclass(frozen=True)
class Coefficient:
    """A coefficient per unit of activity (canonical unit of its quantity) and the factor rows
    it was made from (in the order used)."""

    value: float
    factors: tuple[Factor, ...] = ()

    @property
    def main(self) -> Factor | None:
        """The factor that carries the uncertainty (the emission factor proper)."""
        return self.factors[-1] if self.factors else None


def _cache(lib: FactorLibrary) -> dict[tuple[object, ...], Coefficient]:
    c = getattr(lib, "_coefficients", None)
    if c is None:
        c = {}
        lib._coefficients = c
    return c


def _cached(lib: FactorLibrary, key: tuple[object, ...], make: Callable[[], Coefficient]
            ) -> Coefficient:
    cache = _cache(lib)
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _per_year_tonnes(value: float, unit: str, where: str) -> float:
    """Mass in t of ``value`` in ``unit``; a rate (per head or person per day or year) is
    annualised: per-year units as they are, per-day units × 365 days (the census coefficient
    convention, also in leap years; pint's ``yr`` would be 365.25 days)."""
    if known(unit, "t"):  # a mass, seen before: no registry needed
        return convert(value, unit, "t", where)
    if known(unit, "t/yr") and not _PER_DAY.search(unit):
        return convert(value, unit, "t/yr", where)
    if known(unit, "t/d") and _PER_DAY.search(unit):
        return convert(value, unit, "t/d", where) * DAYS_PER_YEAR
    try:
        q = parse_unit(unit)
    except ValueError:
        raise InputError(where, f"unit {unit!r}", "a unit that parses") from None
    if q.dimensionality == parse_unit("t/yr").dimensionality:
        if _PER_DAY.search(unit):
            return convert(value, unit, "t/d", where) * DAYS_PER_YEAR
        return convert(value, unit, "t/yr", where)
    return convert(value, unit, "t", where)


def fraction(f: Factor) -> float:
    """A factor given as a fraction (``1``/``fraction``) or in %, as a float in [0, 1]."""
    unit = f.unit.strip()
    v = f.value if unit in ("1", "fraction", "dimensionless") else convert(
        f.value, unit, "dimensionless", f.where)
    if not 0.0 <= v <= 1.0:
        raise InputError(f.where, f"{f.gas} = {f.value} {f.unit}", "a fraction between 0 and 1")
    return v


def energy_tj(lib: FactorLibrary, category: str, fuel: str, unit: str, where: str
              ) -> Coefficient:
    """TJ per ``unit`` of ``fuel`` (NCV from the factor library; e.g. 25.8 TJ/Gg, 20 908 kJ/kg,
    35 544 kJ/m3). Raises InputError if no NCV exists or its unit does not fit ``unit``."""
    def make():
        ncv = lib.get(category, fuel, "NCV")
        try:
            tj = convert(ncv.value, f"({unit}) * ({ncv.unit})", "TJ", where=where)
        except InputError:
            raise InputError(where, f"{fuel} in '{unit}' with NCV in '{ncv.unit}' ({ncv.where})",
                             "an activity unit that the NCV converts to energy",
                             "give the fuel in mass, or add a volume-based NCV (factor set "
                             "local/china)") from None
        return Coefficient(tj, (ncv,))
    return _cached(lib, ("tj", category, fuel, unit), make)


def fuel_ghg(lib: FactorLibrary, category: str, fuel: str, unit: str, gas: str,
             where: str = "activity") -> Coefficient:
    """t of ``gas`` (CO2, CH4, N2O) per ``unit`` of ``fuel`` burnt in ``category``.

    CO2 of biomass is 0 (biogenic, memo item). Raises InputError on a missing NCV or EF."""
    def make():
        if gas == "CO2" and fuel in BIOGENIC:
            return Coefficient(0.0)
        tj = energy_tj(lib, category, fuel, unit, where)
        ef = lib.get(category, fuel, gas)
        value = tj.value * ef.to(f"t {gas}/TJ")
        used = [*tj.factors]
        if gas == "CO2":
            ox = lib.find(category, fuel, "oxidation")
            if ox is not None and ox.factor_set == ef.factor_set:
                value *= ox.to("dimensionless")
                used.append(ox)
        return Coefficient(value, (*used, ef))
    return _cached(lib, ("ghg", category, fuel, unit, gas), make)


def standard_coal(lib: FactorLibrary, category: str, fuel: str, unit: str,
                  equivalence: str = "calorific", where: str = "activity") -> Coefficient:
    """tce per ``unit`` of ``fuel`` (GB/T 2589-2020 Appendix A); electricity by
    ``equivalence`` (:data:`ELECTRICITY_EQUIVALENCE`). Raises InputError on a missing
    coefficient or an unknown equivalence."""
    if equivalence not in ELECTRICITY_EQUIVALENCE:
        raise InputError("electricity_equivalence", repr(equivalence),
                         f"one of {list(ELECTRICITY_EQUIVALENCE)}")

    def make():
        param = ELECTRICITY_EQUIVALENCE[equivalence] if fuel == "electricity" \
            else "tce_coefficient"
        coef = lib.get(category, fuel, param)
        tce = convert(coef.value, f"({unit}) * ({coef.unit})", "tce",
                      where=f"{where} x {coef.where}")
        return Coefficient(tce, (coef,))
    return _cached(lib, ("tce", category, fuel, unit, equivalence), make)


def air_pollutant(lib: FactorLibrary, category: str, activity: str, unit: str, gas: str,
                  where: str = "activity") -> Coefficient:
    """t of ``gas`` per ``unit`` of ``activity`` in ``category``: factor × (1 − abatement)
    where an ``abatement_<gas>`` parameter row exists (else the factor is already net)."""
    def make():
        ef = lib.get(category, activity, gas)
        value = _per_year_tonnes(ef.value, f"({unit})*({ef.unit})", where)
        used = [ef]
        a = lib.find(category, activity, f"abatement_{gas}")
        if a is not None:
            value *= 1.0 - fraction(a)
            used.insert(0, a)
        return Coefficient(value, tuple(used))
    return _cached(lib, ("air", category, activity, unit, gas), make)


def vehicle_exhaust(lib: FactorLibrary, category: str, activity: str, gas: str) -> Coefficient:
    """t of ``gas`` per km of a ``<type>.<standard>`` vehicle (MEE 2014 on-road guideline);
    0 for ``electric``."""
    def make():
        if activity.endswith(".electric"):
            return Coefficient(0.0)
        ef = lib.get(category, activity, gas)
        return Coefficient(ef.to("t/km"), (ef,))
    return _cached(lib, ("veh", category, activity, gas), make)


def process_co2(lib: FactorLibrary, category: str, activity: str, unit: str,
                where: str = "activity") -> Coefficient:
    """t CO2 per ``unit`` of clinker, cement or lime production (module docstring)."""
    def make():
        t = convert(1.0, unit, "t", where=where)
        if category == "2.A.1" or category.startswith("2.A.1."):
            ef = lib.get(category, "clinker_production", "CO2")
            ckd = lib.get(category, "clinker_production", "CKD_correction")
            clinker, used = t, [ckd]
            if activity == "cement_production":
                frac = lib.get(category, "cement_production", "clinker_fraction")
                clinker = t * frac.to("dimensionless")
                used.insert(0, frac)
            return Coefficient(clinker * ef.to("t CO2/t") * ckd.to("dimensionless"),
                               (*used, ef))
        ef = lib.get(category, activity, "CO2")
        lkd = lib.find(category, activity, "LKD_correction")
        value = t * ef.to("t CO2/t") * (lkd.to("dimensionless") if lkd else 1.0)
        return Coefficient(value, ((lkd,) if lkd else ()) + (ef,))
    return _cached(lib, ("proc", category, activity, unit), make)


def generation(lib: FactorLibrary, category: str, activity: str, unit: str, gas: str,
               where: str = "activity") -> Coefficient:
    """t/yr of a water pollutant (COD, NH3-N) generated per ``unit`` of population (person) or
    livestock (head): the census generation coefficient annualised (× 365 for per-day)."""
    def make():
        gen = lib.get(category, activity, gas)
        return Coefficient(_per_year_tonnes(gen.value, f"({unit})*({gen.unit})", where), (gen,))
    return _cached(lib, ("gen", category, activity, unit, gas), make)


def parameter_fraction(lib: FactorLibrary, category: str, activity: str, name: str
                       ) -> Coefficient:
    """A fraction parameter of the library (e.g. ``removal_COD``, ``loss_to_water``)."""
    def make():
        f = lib.get(category, activity, name)
        return Coefficient(fraction(f), (f,))
    return _cached(lib, ("frac", category, activity, name), make)


def grid_factor(lib: FactorLibrary, grid: str) -> Coefficient:
    """t CO2 per MWh of the grid ``grid`` (factor set ``grid``, e.g. ``shaanxi_2021_average``:
    MEE & NBS 公告2024年第12号). Raises InputError naming the ids available."""
    def make():
        f = lib.find("*", grid, "CO2")
        if f is None or f.factor_set != "grid":
            t = lib.table
            ids = sorted(t.loc[t["factor_set"] == "grid", "activity"])
            raise InputError("grid_factor", repr(grid),
                             f"an activity of grid_emission_factors.csv: {ids}")
        return Coefficient(convert(f.value, f.unit, "t CO2/MWh", where=f.where), (f,))
    return _cached(lib, ("grid", grid), make)
