"""Source rules: which activity rows emit which gas or pollutant, and how services act on loads.

Shared by the inventory (:mod:`model.inventory.pollutants`) and the scenario ledger
(:mod:`model.accounting.ledger`), so a rule such as "cement-kiln fuel pollutants are counted
once, per tonne of clinker" holds for the base year, the baseline and every measure alike.

* Fuel rows (``1.A.*``): NOx, SO2, PM2.5, VOCs = fuel × factor (:data:`COMBUSTION_GASES`);
  electricity and heat have no on-site emission; road gasoline/diesel (``1.A.3.b``) emits SO2
  only where vehicle-stock rows exist for the region-year (their exhaust is counted per
  vehicle-km); fuel of ``1.A.2.f`` in a region-year with clinker rows leaves through the kiln
  stack and is counted per tonne of clinker (2.A.1 factors), never twice.
* Vehicle rows (``1.A.3.b``, ``<type>.<standard>``): NOx, VOCs, PM2.5 = stock × annual mileage ×
  factor (:data:`VEHICLE_GASES`); ``electric`` has no exhaust.
* Process rows: 2.A.1 clinker (NOx, SO2, PM2.5), ``solvent.*``, ``fuel_distribution.*``,
  ``industry_process.*`` (VOCs) (:data:`PROCESS_SOURCES`); the primary-PM2.5 sources outside
  the energy balance: ``biomass_burning.residential`` (fuelwood and straw in household stoves)
  and ``biomass_burning.open`` (crop residue burned in the field): PM2.5, NOx, SO2, VOCs, NH3;
  ``fugitive_dust.paved_roads`` (vehicle-km) and ``fugitive_dust.construction`` (site area);
  ``cooking`` (residents): PM2.5.
* Fertiliser NH3 (``3.C.4`` synthetic N, the rows the N2O inventory reads): N applied ×
  FracGASF × 17/14 (:data:`FERTILISER_NH3`).
* Key-industry heavy metals (``heavy_metals.<industry>`` rows, 环固体〔2022〕17号): Pb, Hg, Cd,
  Cr, As = activity (wastewater discharged, flue gas) × concentration factor
  (:data:`HEAVY_METALS`), and their sum ``heavy_metals`` (:data:`HEAVY_METAL_TOTAL`), the
  quantity of the plan's total-control target; a metal without a factor for the source is NE.
* Water loads: domestic COD/NH3-N = population × generation × (1 − treated share × removal);
  livestock = heads × generation × loss_to_water × (1 − manure used share). Written as a
  generation term minus a credit per unit of the served indicator (:func:`sewage_indicators`),
  so the load is linear in both: credit per unit served = generation × removal / total.
"""

from __future__ import annotations

from model import quantities

COMBUSTION_GASES = ("NOx", "SO2", "PM2.5", "VOCs")
VEHICLE_GASES = ("NOx", "VOCs", "PM2.5")
NO_ONSITE_EMISSION = ("electricity", "heat")
VEHICLE_FUELS = ("gasoline", "diesel")
VEHICLE_STANDARDS = ("china3_or_older", "china4", "china5", "china6", "electric")
VEHICLE_TYPES = ("passenger_car_gasoline", "light_truck_diesel", "heavy_truck_diesel",
                 "bus_diesel")
PROCESS_SOURCES = {
    "2.A.1": ("NOx", "SO2", "PM2.5"),
    "solvent": ("VOCs",),
    "fuel_distribution": ("VOCs",),
    "industry_process": ("VOCs",),
    # MEE 2014 primary-PM2.5 / biomass-burning / fugitive-dust guidelines (环境保护部公告2014年
    # 第55号 and 第92号): sources outside the energy balance, pollutants only
    "biomass_burning": ("PM2.5", "NOx", "SO2", "VOCs", "NH3"),
    "fugitive_dust": ("PM2.5",),
    "cooking": ("PM2.5",),
}
WATER_GASES = quantities.ids("water", inventory=True)
#: synthetic-N rows of 3.C.4 whose volatilised N is NH3 (IPCC 2006 Vol 4 Ch 11 FracGASF)
FERTILISER_NH3 = ("synthetic_n", "synthetic_n_flooded_rice")
DOMESTIC = ("domestic_wastewater.urban", "domestic_wastewater.rural")
LIVESTOCK = ("dairy_cattle", "other_cattle", "buffalo", "swine", "sheep", "goats", "horses",
             "mules_asses", "poultry")
#: sewage served/total indicator pairs of urban domestic wastewater (central city or county town)
URBAN_SEWAGE = (("urban_sewage_treated", "urban_sewage_volume"),
                ("county_sewage_treated", "county_sewage_volume"))
RURAL_SEWAGE = ("rural_households_treated", "rural_households")
#: the five total-controlled heavy metals (环固体〔2022〕17号: 对铅、汞、镉、铬和砷五种
#: 重点重金属污染物排放量实施总量控制) and the quantity that sums them
HEAVY_METALS = quantities.ids("heavy_metals", inventory=True)
HEAVY_METAL_TOTAL = quantities.HEAVY_METAL_TOTAL
#: the six key industries of 环固体〔2022〕17号, as ``heavy_metals.<industry>`` categories
KEY_INDUSTRIES = ("nonferrous_mining", "nonferrous_smelting", "lead_battery", "electroplating",
                  "chemical", "leather_tanning")
MANURE = ("manure_used", "manure_produced")


def combustion_pollutants(category: str, fuel: str, vehicle_rows: bool,
                          kiln_rows: bool) -> tuple[str, ...]:
    """Pollutants a fuel row emits on site (module docstring): ``vehicle_rows`` / ``kiln_rows``
    say whether the region-year has vehicle-stock rows / clinker rows."""
    if fuel in NO_ONSITE_EMISSION or "." in fuel:
        return ()
    if (category == "1.A.2.f" or category.startswith("1.A.2.f.")) and kiln_rows:
        return ()
    if (category == "1.A.3.b" or category.startswith("1.A.3.b.")) and fuel in VEHICLE_FUELS \
            and vehicle_rows:
        return ("SO2",)
    return COMBUSTION_GASES


def process_head(category: str, activity: str) -> str | None:
    """The :data:`PROCESS_SOURCES` key of a process row, or None if it is not one."""
    head = "2.A.1" if category == "2.A.1" or category.startswith("2.A.1.") \
        else category.split(".")[0]
    if head not in PROCESS_SOURCES or (head == "2.A.1" and activity != "clinker_production"):
        return None
    return head


def heavy_metal_source(category: str) -> bool:
    """True for a key-industry heavy-metal row (category ``heavy_metals.<industry>``)."""
    return category.startswith(HEAVY_METAL_TOTAL + ".")


def sewage_indicators(kind: str, indicators: set[str]) -> tuple[str, str] | None:
    """(served, total) indicator pair that treats domestic wastewater of ``kind`` (``urban``,
    ``rural``) or livestock manure (``manure``) in a region that lists ``indicators`` in
    services.csv. Urban wastewater is treated by the central city's plants where the region
    has ``urban_sewage_*`` rows and by county-town plants where it has ``county_sewage_*``
    rows (the data say which; no region id is written in code). None if the region lists
    neither (no service: nothing treated)."""
    if kind == "rural":
        return RURAL_SEWAGE if RURAL_SEWAGE[1] in indicators else None
    if kind == "manure":
        return MANURE if MANURE[1] in indicators else None
    have = [pair for pair in URBAN_SEWAGE if pair[1] in indicators]
    if len(have) > 1:
        raise ValueError("a region with both urban and county-town sewage volumes")
    return have[0] if have else None
