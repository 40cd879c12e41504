"""The one table of measure families (the catalogue's ``family`` column): id, labels, colour.

The catalogue checks its ``family`` column against :data:`FAMILIES`
(:mod:`model.projection.catalogue`); the reports read the labels and colours from here
(:mod:`model.report.tables`, :mod:`model.report.charts`). A new family is one row here. A family
with no colour of its own is drawn in a spare colour chosen by a hash of its id
(:func:`model.report.charts.family_colour`), stable across runs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """One measure family: ``id``, ``zh``/``en`` labels and a fixed chart ``colour`` ("" for a
    spare colour)."""

    id: str
    zh: str
    en: str
    colour: str = ""


#: The table, in the catalogue's order.
FAMILY_TABLE: tuple[Family, ...] = (
    Family("electrification", "电能替代", "Electrification", "#1f77b4"),
    Family("coal_control", "燃煤控制", "Coal control", "#8c564b"),
    Family("ultra_low_emission", "超低排放", "Ultra-low emission", "#9467bd"),
    Family("vehicles", "机动车更新", "Vehicles", "#ff7f0e"),
    Family("voc", "挥发性有机物治理", "VOC control", "#e377c2"),
    Family("wastewater", "污水处理", "Wastewater", "#17becf"),
    Family("manure", "畜禽粪污利用", "Manure use", "#bcbd22"),
    Family("efficiency", "节能改造", "Energy efficiency", "#2ca02c"),
    Family("renewable", "可再生能源", "Renewables", "#e6ab02"),
    Family("sludge", "污泥无害化处置", "Sludge made harmless"),
    Family("heavy_metals", "重金属减排", "Heavy metals"),
    Family("air_quality", "颗粒物源头治理", "Primary PM2.5 control (stoves, road dust)",
           "#d62728"),
    Family("waste", "生活垃圾处理与甲烷", "Waste and landfill methane", "#5254a3"),
    Family("agriculture", "农业甲烷", "Agricultural methane", "#637939"),
    Family("buildings", "建筑节能", "Buildings", "#8ca252"),
    Family("industry_structure", "产业结构调整", "Industrial structure", "#843c39"),
    Family("rural_services", "农村人居环境", "Rural services", "#7b4173"),
)


def _rows(table: tuple[Family, ...] | None) -> tuple[Family, ...]:
    return FAMILY_TABLE if table is None else table


def ids(table: tuple[Family, ...] | None = None) -> tuple[str, ...]:
    """Family ids in table order (of ``table``, default :data:`FAMILY_TABLE`)."""
    return tuple(f.id for f in _rows(table))


def labels(table: tuple[Family, ...] | None = None) -> dict[str, tuple[str, str]]:
    """id -> (zh, en)."""
    return {f.id: (f.zh, f.en) for f in _rows(table)}


def colours(table: tuple[Family, ...] | None = None) -> dict[str, str]:
    """id -> fixed colour, for the families that have one."""
    return {f.id: f.colour for f in _rows(table) if f.colour}


#: family ids in table order (what the catalogue accepts)
FAMILIES: tuple[str, ...] = ids()
