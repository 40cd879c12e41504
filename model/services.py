"""Service levels of the plan (sewage, manure, sludge, toilets, village waste, bulk solid waste):
the one list of their indicators.

Each *served* indicator (what measures raise and targets share out) has a *total* it is a share
of, both held by region and year in ``inventories/<city>/services.csv``:

==========================  =======================  ===========  =============================
served indicator            total indicator          unit         plan target (2025, TARGETS.md)
==========================  =======================  ===========  =============================
urban_sewage_treated        urban_sewage_volume      m3/d         >= 95 % (central city)
county_sewage_treated       county_sewage_volume     m3/d         >= 90 % (county towns)
rural_households_treated    rural_households         household    >= 40 % (rural sewage)
manure_used                 manure_produced          t/yr         >= 90 % (livestock manure)
urban_sludge_treated        urban_sludge_produced    t/yr         >= 90 % (central city sludge
                                                                  made harmless, 无害化处理率)
county_sludge_treated       county_sludge_produced   t/yr         >= 75 % (county-town sludge)
rural_sanitary_toilets      rural_toilet_households  household    >= 85 % (rural sanitary
                                                                  toilets, 卫生厕所普及率, 十七)
villages_waste_treated      natural_villages         village      >= 95 % (natural villages whose
                                                                  domestic waste is treated, 十七)
bulk_solid_waste_used       bulk_solid_waste_new     t/yr         >= 60 % (new bulk industrial
                                                                  solid waste used, 二十三)
==========================  =======================  ===========  =============================

Sludge (wet t at 80 % moisture) is produced by the sewage the plants treat: a total listed in
:data:`PRODUCED_BY` is not a row of its own in the scenario model; the ledger carries it as a
yield per unit of the served indicator that produces it (``<sludge>_produced / <sewage>_treated``
of the region's base-year rows, t/yr per m3/d), so it moves with the treated sewage under that
row's projection rule and reproduces services.csv in the base year.
"""

from __future__ import annotations

#: served indicator -> (its total indicator, canonical unit of both)
SERVICES: dict[str, tuple[str, str]] = {
    "urban_sewage_treated": ("urban_sewage_volume", "m**3/d"),
    "county_sewage_treated": ("county_sewage_volume", "m**3/d"),
    "rural_households_treated": ("rural_households", "household"),
    "manure_used": ("manure_produced", "t/yr"),
    "urban_sludge_treated": ("urban_sludge_produced", "t/yr"),
    "county_sludge_treated": ("county_sludge_produced", "t/yr"),
    "rural_sanitary_toilets": ("rural_toilet_households", "household"),
    "villages_waste_treated": ("natural_villages", "village"),
    "bulk_solid_waste_used": ("bulk_solid_waste_new", "t/yr"),
}
#: totals produced by another served indicator (module docstring): total -> the producer
PRODUCED_BY: dict[str, str] = {
    "urban_sludge_produced": "urban_sewage_treated",
    "county_sludge_produced": "county_sewage_treated",
}
#: served indicator -> total indicator
SERVICE_TOTALS: dict[str, str] = {s: t for s, (t, _) in SERVICES.items()}
#: every indicator of services.csv -> canonical unit
SERVICE_UNITS: dict[str, str] = {
    **{s: u for s, (_, u) in SERVICES.items()},
    **{t: u for _, (t, u) in SERVICES.items()},
}
