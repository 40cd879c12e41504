"""Service levels of the plan (sewage treatment, manure use): the one list of their indicators.

Each *served* indicator (what measures raise and targets share out) has a *total* it is a share
of, both held by region and year in ``inventories/<city>/services.csv``:

==========================  =======================  ===========  =============================
served indicator            total indicator          unit         plan target (2025, TARGETS.md)
==========================  =======================  ===========  =============================
urban_sewage_treated        urban_sewage_volume      m3/d         >= 95 % (central city)
county_sewage_treated       county_sewage_volume     m3/d         >= 90 % (county towns)
rural_households_treated    rural_households         household    >= 40 % (rural sewage)
manure_used                 manure_produced          t/yr         >= 90 % (livestock manure)
==========================  =======================  ===========  =============================
"""

from __future__ import annotations

#: served indicator -> (its total indicator, canonical unit of both)
SERVICES: dict[str, tuple[str, str]] = {
    "urban_sewage_treated": ("urban_sewage_volume", "m**3/d"),
    "county_sewage_treated": ("county_sewage_volume", "m**3/d"),
    "rural_households_treated": ("rural_households", "household"),
    "manure_used": ("manure_produced", "t/yr"),
}
#: served indicator -> total indicator
SERVICE_TOTALS: dict[str, str] = {s: t for s, (t, _) in SERVICES.items()}
#: every indicator of services.csv -> canonical unit
SERVICE_UNITS: dict[str, str] = {
    **{s: u for s, (_, u) in SERVICES.items()},
    **{t: u for _, (t, u) in SERVICES.items()},
}
