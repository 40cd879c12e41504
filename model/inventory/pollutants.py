"""Air and water pollutant inventory: NOx, SO2, VOCs, primary PM2.5, NH3, COD, NH3-N.

``estimate(inputs, years)`` returns emission records (:data:`model.inventory.core.EMISSION_COLUMNS`,
``value`` in t of the pollutant, ``unit`` ``t``) for every source below; ``service_unit_loads``
gives the scenario model the load avoided per unit of a service indicator.

Sources, activity rows they read, and method
--------------------------------------------
Emission = activity x factor [x (1 - abatement)], factors from
``inventories/factors/pollutants_*.csv`` looked up with :meth:`FactorLibrary.get` (a missing
factor is an InputError naming activity and category). ``abatement_<gas>`` is an optional
parameter row (fraction or %) for a source; where there is none the factor is already net.

- ``1.A.*`` energy rows (owner: energy engineer), activity = fuel id (``raw_coal``,
  ``natural_gas``, ...): NOx, SO2, PM2.5, VOCs = fuel x EF(fuel, sector). ``electricity`` and
  ``heat`` have no on-site emission and are skipped. Road gasoline/diesel (``1.A.3.b``): SO2
  only when vehicle-stock rows exist for the region-year (else all four from fuel).
- ``1.A.3.b`` own rows: ``<type>.<standard>`` (unit vehicle; types :data:`VEHICLE_TYPES`,
  standards :data:`VEHICLE_STANDARDS`) and ``<type>.mileage`` (km/vehicle/yr): NOx, VOCs,
  PM2.5 = stock x annual mileage x EF(type, standard), the MEE 2014 on-road vehicle guideline
  method. Standard ``electric``: no exhaust.
- ``2.A.1`` ``clinker_production`` (owner: IPPU engineer): NOx, SO2, PM2.5 per t clinker.
- ``solvent.<use>`` (``coating_use``, ``ink_use``, ``population`` for consumer products),
  ``fuel_distribution.gasoline_stations`` (``gasoline`` t sold), ``industry_process.<sector>``
  (output): VOCs = activity x EF.
- ``3.A`` livestock heads (owner: AFOLU engineer; :data:`LIVESTOCK`): NH3 = head x EF
  (kg/head/yr); COD, NH3-N = head x generation (g/head/d) x (1 - manure_used share) x
  ``loss_to_water``; output category ``3.A.2``.
- ``domestic_wastewater.urban`` / ``domestic_wastewater.rural``, activity ``population``
  (person): COD, NH3-N = P x generation (g/person/d) x (1 - treated share x ``removal_<gas>``).

- ``biomass_burning.*``, ``fugitive_dust.*``, ``cooking`` (this module's own rows): the
  primary-PM2.5 sources outside the energy balance (MEE 2014 guidelines, 公告2014年第55号
  and 第92号): activity x factor, PM2.5 (and NOx, SO2, VOCs, NH3 of biomass burning).
- ``3.C.4`` synthetic N (owner: AFOLU engineer): NH3 = N x FracGASF x 17/14.

Not estimated (NE) here: industrial wastewater COD/NH3-N, NH3 from humans and manure spread
outside the livestock factors, unpaved-road and bare-soil dust, evaporative VOCs of vehicles,
motorcycles and non-road machinery other than via fuel rows.

Service levels come from ``<folder>/services.csv`` (region, year, indicator, value, unit, source,
status, method): the treated share is ``urban_sewage_treated / urban_sewage_volume`` for the
central city (``hanbin``), ``county_sewage_treated / county_sewage_volume`` for the other county
seats, ``rural_households_treated / rural_households`` for rural residents and ``manure_used /
manure_produced`` for livestock. "Urban" population means the residents of the central city or
county-seat sewer catchment; everyone else is "rural".

Methods: MEE (then MEP) 2014 technical guidelines for emission inventories of primary PM2.5,
VOCs, NH3 and on-road vehicles (emission = activity x factor); second national pollution-source
census (2017) generation/discharge-coefficient method for domestic and livestock COD, NH3-N.
Each factor row names its own source; many are ``estimate`` (see the factor file).

Status of a record: ``estimate`` if its activity row or any factor used is an estimate, else
``derived`` if any is derived, else ``reported``. ``ad_uncertainty_pct`` and ``ef_uncertainty_pct``
come from the activity row and the (main) factor row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.accounting import factors
from model.accounting.factor_library import Factor, FactorLibrary
from model.accounting.inputs import InventoryInputs
from model.accounting.livestock import livestock_rows
from model.accounting.sources import (  # noqa: F401 (re-exported: the lists of this module)
    COMBUSTION_GASES,
    DOMESTIC,
    FERTILISER_NH3,
    LIVESTOCK,
    NO_ONSITE_EMISSION,
    PROCESS_SOURCES,
    VEHICLE_FUELS,
    VEHICLE_GASES,
    VEHICLE_STANDARDS,
    VEHICLE_TYPES,
    WATER_GASES,
    combustion_pollutants,
    process_head,
    sewage_indicators,
)
from model.errors import InputError
from model.inventory.core import frame, record
from model.services import load_services
from model.units import convert

_STATUS_RANK = {"reported": 0, "derived": 1, "calibrated": 2, "estimate": 3}


# ----------------------------------------------------------------------------- helpers

class _Factors:
    """FactorLibrary plus the status of each factor row (for record status)."""

    def __init__(self, lib: FactorLibrary):
        self.lib = lib
        t = lib.table
        status = t["status"] if "status" in t.columns else pd.Series("reported", index=t.index)
        self._status = {
            (r.factor_set, r.category, r.activity, r.gas): (s or "reported")
            for r, s in zip(t.itertuples(), status, strict=True)
        }

    def get(self, category: str, activity: str, gas: str) -> Factor:
        return self.lib.get(category, activity, gas)

    def find(self, category: str, activity: str, gas: str) -> Factor | None:
        return self.lib.find(category, activity, gas)

    def status(self, f: Factor) -> str:
        return self._status.get((f.factor_set, f.category, f.activity, f.gas), "reported")


def _combine(*statuses: str) -> str:
    return max((s or "reported" for s in statuses), key=lambda s: _STATUS_RANK.get(s, 3))


def _where(row: pd.Series) -> str:
    return f"{row.get('_file', 'activity')} row {row.get('_row', '?')}"


def _unc(x: object) -> float:
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _emit(row: pd.Series, category: str, gas: str, activity: str, value_t: float,
          statuses: list[str], ef: Factor | None, tier: str = "T1") -> dict:
    return record(
        row["region"], int(row["year"]), category, gas, activity, value_t, tier=tier,
        status=_combine(row.get("status", "reported"), *statuses),
        ad_uncertainty_pct=_unc(row.get("uncertainty_pct")),
        ef_uncertainty_pct=(ef.uncertainty_pct if ef and ef.uncertainty_pct is not None
                            else float("nan")),
    )


# ----------------------------------------------------------------------------- services

def _service(services: pd.DataFrame | None, region: str, year: int, indicator: str,
             folder: Path) -> tuple[float, str]:
    if services is None:
        raise InputError(str(folder / "services.csv"), "no such file",
                         "service levels (needed for domestic wastewater and livestock loads)")
    m = ((services["region"] == region) & (services["year"] == year)
         & (services["indicator"] == indicator))
    if not m.any():
        raise InputError(f"{services.attrs.get('path')}",
                         f"no row for region {region}, year {year}, indicator {indicator}",
                         "one row per region, year and service indicator used")
    row = services[m].iloc[0]
    return float(row["value"]), row.get("status", "reported") or "reported"


def _pair(services: pd.DataFrame | None, region: str, year: int, kind: str,
          folder: Path) -> tuple[str, str]:
    """(served, total) indicator ids treating ``kind`` in the region (InputError if none)."""
    have = set() if services is None else set(services.loc[
        (services["region"] == region) & (services["year"] == year), "indicator"])
    try:
        pair = sewage_indicators(kind, have)
    except ValueError:
        raise InputError(f"{folder / 'services.csv'} region {region} year {year}",
                         "both urban_sewage_volume and county_sewage_volume",
                         "one of them (the plants that treat the region's urban sewage)") from None
    if pair is None:
        wanted = {"urban": "urban_sewage_volume or county_sewage_volume",
                  "rural": "rural_households", "manure": "manure_produced"}[kind]
        raise InputError(f"{folder / 'services.csv'}",
                         f"no row for region {region}, year {year}, indicator {wanted}",
                         "one row per region, year and service indicator used")
    return pair


def treated_share(services: pd.DataFrame | None, region: str, year: int, kind: str,
                  folder: Path) -> tuple[float, str]:
    """Share (0-1) of sewage / households / manure treated or used, and its status.

    ``kind``: ``urban`` (the central city's or the county town's plants, whichever the region
    lists: :func:`model.accounting.sources.sewage_indicators`), ``rural`` (households) or
    ``manure``. A zero total gives share 0 only if the treated amount is also 0; raises
    InputError on missing rows.
    """
    part_id, total_id = _pair(services, region, year, kind, folder)
    total, s1 = _service(services, region, year, total_id, folder)
    part, s2 = _service(services, region, year, part_id, folder)
    if total <= 0:
        if part > 0:
            raise InputError(f"services.csv region {region} year {year}",
                             f"{total_id} = 0 with {part_id} = {part:g}", f"{total_id} > 0")
        return 0.0, _combine(s1, s2)
    return part / total, _combine(s1, s2)


def _maybe_services(inputs: InventoryInputs) -> pd.DataFrame | None:
    path = Path(inputs.folder) / "services.csv"
    return load_services(inputs.folder, inputs.regions) if path.exists() else None


# ----------------------------------------------------------------------------- sources

def _combustion(inputs: InventoryInputs, fx: _Factors, years: list[int]) -> list[dict]:
    out = []
    a = inputs.rows("1.A")
    a = a[a["year"].isin(years)]
    veh = inputs.rows("1.A.3.b")
    veh = veh[veh["activity"].str.contains(".", regex=False)]
    with_vehicles = set(zip(veh["region"], veh["year"], strict=True))
    kilns = inputs.rows("2.A.1", "clinker_production")
    with_kilns = set(zip(kilns["region"], kilns["year"], strict=True))
    for _, row in a.iterrows():
        fuel, cat = row["activity"], row["category"]
        key = (row["region"], row["year"])  # source rules: model.accounting.sources
        for gas in combustion_pollutants(cat, fuel, key in with_vehicles, key in with_kilns):
            c = factors.air_pollutant(fx.lib, cat, fuel, row["unit"], gas, _where(row))
            out.append(_emit(row, cat, gas, fuel, row["value"] * c.value,
                             [fx.status(f) for f in c.factors], c.main))
    return out


def _road_vehicles(inputs: InventoryInputs, fx: _Factors, years: list[int]) -> list[dict]:
    out = []
    a = inputs.rows("1.A.3.b")
    a = a[a["year"].isin(years) & a["activity"].str.contains(".", regex=False)]
    mileage = {}
    for _, row in a.iterrows():
        vtype, _, std = row["activity"].rpartition(".")
        if vtype not in VEHICLE_TYPES:
            raise InputError(_where(row) + " column 'activity'", repr(row["activity"]),
                             f"<vehicle type>.<standard> with type in {list(VEHICLE_TYPES)}")
        if std == "mileage":
            km = convert(row["value"], row["unit"], "km/vehicle/yr", _where(row))
            mileage[(row["region"], row["year"], vtype)] = (km, row.get("status", "reported"))
        elif std not in VEHICLE_STANDARDS:
            raise InputError(_where(row) + " column 'activity'", repr(row["activity"]),
                             f"a standard in {list(VEHICLE_STANDARDS)} or 'mileage'")
    for _, row in a.iterrows():
        vtype, _, std = row["activity"].rpartition(".")
        if std in ("mileage", "electric"):
            continue
        key = (row["region"], row["year"], vtype)
        if key not in mileage:
            raise InputError(_where(row),
                             f"stock of {row['activity']} without a row "
                             f"'{vtype}.mileage' for {row['region']} {row['year']}",
                             "an annual-mileage row (km/vehicle/yr) for every vehicle type")
        km, km_status = mileage[key]
        stock = convert(row["value"], row["unit"], "vehicle", _where(row))
        for gas in VEHICLE_GASES:
            c = factors.vehicle_exhaust(fx.lib, row["category"], row["activity"], gas)
            out.append(_emit(row, row["category"], gas, row["activity"],
                             stock * km * c.value, [km_status, *map(fx.status, c.factors)],
                             c.main, tier="T2"))
    return out


def _process(inputs: InventoryInputs, fx: _Factors, years: list[int]) -> list[dict]:
    out = []
    a = inputs.activity[inputs.activity["year"].isin(years)]
    for _, row in a.iterrows():
        cat = row["category"]
        head = process_head(cat, row["activity"])
        if head is None:
            continue
        for gas in PROCESS_SOURCES[head]:
            c = factors.air_pollutant(fx.lib, cat, row["activity"], row["unit"], gas,
                                      _where(row))
            out.append(_emit(row, cat, gas, row["activity"], row["value"] * c.value,
                             [fx.status(f) for f in c.factors], c.main))
    return out


def _livestock(inputs: InventoryInputs, fx: _Factors, years: list[int],
               services: pd.DataFrame | None) -> list[dict]:
    out = []
    a = livestock_rows(inputs, years)
    for _, row in a[a["activity"].isin(LIVESTOCK)].iterrows():
        heads = convert(row["value"], row["unit"], "head", _where(row))
        c = factors.air_pollutant(fx.lib, "3.A", row["activity"], "head", "NH3", _where(row))
        out.append(_emit(row, "3.A.2", "NH3", row["activity"], heads * c.value,
                         [fx.status(f) for f in c.factors], c.main))
        share, s_share = treated_share(services, row["region"], int(row["year"]), "manure",
                                       Path(inputs.folder))
        loss = factors.parameter_fraction(fx.lib, "3.A", "livestock_manure", "loss_to_water")
        for gas in WATER_GASES:
            gen = factors.generation(fx.lib, "3.A", row["activity"], "head", gas, _where(row))
            val = heads * gen.value * (1.0 - share) * loss.value
            out.append(_emit(row, "3.A.2", gas, row["activity"], val,
                             [fx.status(gen.factors[-1]), fx.status(loss.factors[-1]), s_share],
                             gen.main))
    return out


def _domestic(inputs: InventoryInputs, fx: _Factors, years: list[int],
              services: pd.DataFrame | None) -> list[dict]:
    out = []
    a = inputs.activity
    a = a[a["year"].isin(years) & a["category"].isin(DOMESTIC)]
    for _, row in a.iterrows():
        if row["activity"] != "population":
            raise InputError(_where(row) + " column 'activity'", repr(row["activity"]),
                             "'population' (persons) for domestic wastewater")
        kind = row["category"].rsplit(".", 1)[1]
        people = convert(row["value"], row["unit"], "person", _where(row))
        share, s_share = treated_share(services, row["region"], int(row["year"]), kind,
                                       Path(inputs.folder))
        for gas in WATER_GASES:
            gen = factors.generation(fx.lib, row["category"], "population", "person", gas,
                                     _where(row))
            rem = factors.parameter_fraction(fx.lib, row["category"], "population",
                                             f"removal_{gas}")
            val = people * gen.value * (1.0 - share * rem.value)
            out.append(_emit(row, row["category"], gas, "population", val,
                             [fx.status(gen.factors[-1]), fx.status(rem.factors[-1]), s_share],
                             gen.main))
    return out


def _fertiliser(inputs: InventoryInputs, fx: _Factors, years: list[int]) -> list[dict]:
    """NH3 of synthetic N (3.C.4 rows ``synthetic_n*``, t N): N × FracGASF × 17/14.

    FracGASF (IPCC 2006 Vol 4 Ch 11 Table 11.3, the factor row of 3.C.5 ``soils`` that the
    indirect-N2O estimate reads: one basis) is the fraction of synthetic N volatilised as
    NH3 and NOx, all taken as NH3-N here (the MEE 2014 NH3 guideline's urea and ammonium
    bicarbonate rates are higher, 17-25 % of N by its tables as recalled, so this is low)."""
    out: list[dict[str, object]] = []
    rows = inputs.rows("3.C.4")
    rows = rows[rows["year"].isin(years) & rows["activity"].isin(FERTILISER_NH3)]
    if not len(rows):
        return out
    frac = fx.get("3.C.5", "soils", "FracGASF")
    for _, row in rows.iterrows():
        n = convert(row["value"], row["unit"], "t N", _where(row))
        out.append(_emit(row, "3.C.4", "NH3", row["activity"],
                         n * frac.to("dimensionless") * 17.0 / 14.0, [fx.status(frac)], frac))
    return out


def _check_own_rows(inputs: InventoryInputs) -> None:
    """Rows of ``activity_pollutants.csv`` must belong to a source this module knows."""
    a = inputs.activity
    if "_file" not in a.columns:
        return
    own = a[a["_file"].astype(str).str.endswith("activity_pollutants.csv")]
    for _, row in own.iterrows():
        cat = row["category"]
        ok = (cat in DOMESTIC
              or cat.split(".")[0] in ("solvent", "fuel_distribution", "industry_process",
                                       "biomass_burning", "fugitive_dust", "cooking"))
        if cat == "1.A.3.b" and "." not in row["activity"]:
            raise InputError(_where(row) + " column 'activity'", repr(row["activity"]),
                             "a vehicle row '<type>.<standard>' or '<type>.mileage' (road fuel "
                             "belongs in activity_energy.csv)")
        if not ok and cat != "1.A.3.b":
            raise InputError(_where(row) + " column 'category'", repr(cat),
                             "1.A.3.b (vehicles), domestic_wastewater.urban/rural, solvent.*, "
                             "fuel_distribution.*, industry_process.*, biomass_burning.*, "
                             "fugitive_dust.* or cooking")


def estimate(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """Pollutant emissions for ``years``: DataFrame[EMISSION_COLUMNS], one row per
    region x year x category x activity x pollutant, ``value`` in t (``unit`` ``t``).

    Sources and equations are listed in the module docstring. Raises InputError on a missing
    factor (naming activity, category and pollutant), a missing service-level row, an unknown
    vehicle type/standard, a vehicle stock without mileage, or a unit of the wrong dimension.
    """
    years = [int(y) for y in years]
    _check_own_rows(inputs)
    fx = _Factors(inputs.factors)
    services = _maybe_services(inputs)
    recs = (_combustion(inputs, fx, years) + _road_vehicles(inputs, fx, years)
            + _process(inputs, fx, years) + _livestock(inputs, fx, years, services)
            + _fertiliser(inputs, fx, years)
            + _domestic(inputs, fx, years, services))
    return frame(recs)


def service_unit_loads(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """Load avoided per extra unit of a treated/used service indicator (the credit per unit of
    :mod:`model.accounting.sources`).

    Returns DataFrame[region, year, indicator, pollutant, value, unit] with ``indicator`` in
    ``urban_sewage_treated`` / ``county_sewage_treated`` (t/yr per m3/d),
    ``rural_households_treated`` (t/yr per household) and ``manure_used`` (t/yr per t/yr of
    manure), pollutant COD or NH3-N:

    - sewage: generation of the population it serves / total sewage volume x removal_<gas>;
    - rural households: generation of the rural population / households x removal_<gas>;
    - manure: livestock generation x loss_to_water / manure_produced.

    Same factors and services as :func:`estimate`; raises InputError as it does.
    """
    fx = _Factors(inputs.factors)
    services = _maybe_services(inputs)
    folder = Path(inputs.folder)
    units = {"urban_sewage_treated": "t/yr per m3/d", "county_sewage_treated": "t/yr per m3/d",
             "rural_households_treated": "t/yr per household", "manure_used": "t/yr per t/yr"}
    rows = []
    a = inputs.activity[inputs.activity["year"].isin([int(y) for y in years])]
    for _, row in a[a["category"].isin(DOMESTIC)].iterrows():
        kind = row["category"].rsplit(".", 1)[1]
        reg, yr = row["region"], int(row["year"])
        indicator, total_id = _pair(services, reg, yr, kind, folder)
        total, _ = _service(services, reg, yr, total_id, folder)
        people = convert(row["value"], row["unit"], "person", _where(row))
        for gas in WATER_GASES:
            gen = factors.generation(fx.lib, row["category"], "population", "person", gas,
                                     _where(row))
            rem = factors.parameter_fraction(fx.lib, row["category"], "population",
                                             f"removal_{gas}")
            rows.append([reg, yr, indicator, gas,
                         people * gen.value * rem.value / total if total else 0.0,
                         units[indicator]])
    gen_by: dict[tuple, float] = {}
    stock = livestock_rows(inputs, years)
    for _, row in stock[stock["activity"].isin(LIVESTOCK)].iterrows():
        heads = convert(row["value"], row["unit"], "head", _where(row))
        for gas in WATER_GASES:
            gen = factors.generation(fx.lib, "3.A", row["activity"], "head", gas, _where(row))
            key = (row["region"], int(row["year"]), gas)
            gen_by[key] = gen_by.get(key, 0.0) + heads * gen.value
    if gen_by:
        loss = factors.parameter_fraction(fx.lib, "3.A", "livestock_manure",
                                          "loss_to_water").value
        for (reg, yr, gas), g in sorted(gen_by.items()):
            _, total_id = _pair(services, reg, yr, "manure", folder)
            produced, _ = _service(services, reg, yr, total_id, folder)
            rows.append([reg, yr, "manure_used", gas, g * loss / produced if produced else 0.0,
                         units["manure_used"]])
    return pd.DataFrame(rows, columns=["region", "year", "indicator", "pollutant", "value",
                                       "unit"])
