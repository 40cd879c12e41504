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

:func:`load_services` reads ``services.csv`` for the inventory (:mod:`model.inventory.pollutants`)
and the ledger alike (moved from the inventory for issue #17).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.io import check_values_in, read_table
from model.units import convert

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
#: every indicator of services.csv (its reader: :func:`load_services`)
SERVICE_INDICATORS = tuple(SERVICE_UNITS)


def load_services(folder: str | Path, regions: list[str] | None = None) -> pd.DataFrame:
    """Read ``<folder>/services.csv``; values converted to the canonical unit of each indicator.

    Columns: region, year (int), indicator (one of :data:`SERVICE_INDICATORS`), value (m3/d,
    household or t/yr, see :data:`SERVICE_UNITS`), unit, source, status, method, _row.
    Raises InputError on an unknown indicator or region, a unit of the wrong dimension, or a
    treated amount larger than its total.
    """
    path = Path(folder) / "services.csv"
    df = read_table(path, ["region", "year", "indicator", "value", "unit", "source"],
                    key=["region", "year", "indicator"], optional=["note"])

    check_values_in(df, "indicator", SERVICE_INDICATORS, "service indicator")
    if regions is not None:
        check_values_in(df, "region", regions, "region")
    years = []
    for r, y in zip(df["_row"], df["year"], strict=True):
        if not str(y).isdigit():
            raise InputError(f"{path} row {r} column 'year'", repr(y), "a four-digit year")
        years.append(int(y))
    df["year"] = years
    df["value"] = [
        convert(v, u, SERVICE_UNITS[i], f"{path} row {r} column 'unit'")
        for v, u, i, r in zip(df["value"], df["unit"], df["indicator"], df["_row"], strict=True)
    ]
    idx = df.set_index(["region", "year", "indicator"])["value"]
    for part, total in SERVICE_TOTALS.items():
        for (reg, yr, ind), v in idx.items():
            if ind == part and (reg, yr, total) in idx and v > idx[(reg, yr, total)] * 1.000001:
                raise InputError(f"{path} region {reg} year {yr}",
                                 f"{part} {v:g} > {total} {idx[(reg, yr, total)]:g}",
                                 f"{part} <= {total}")
    df.attrs["path"] = str(path)
    return df
