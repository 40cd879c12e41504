"""The one table of quantities: gases, pollutants and energy carriers the inventory, the ledger,
the LP and the reports name.

Every list of pollutants or gases in peakplan is read from :data:`QUANTITIES` (the inventory's
gases, the water and heavy-metal pollutants of the source rules, the reductions reported per
measure, the IAMC variables of ``emissions.csv``, the report's labels and chart groups). A new
pollutant is one row here plus its factor rows in ``inventories/factors/*.csv`` (and, where it
has one, a source rule in :mod:`model.accounting.sources`). Service indicators keep their one
list in :mod:`model.services` (each is a share of a total, not an amount).

Columns of a row (:class:`Quantity`):

* ``id``: the name used in every table (``gas`` of the inventory, ``quantity`` of the ledger and
  the targets);
* ``group``: ``ghg`` | ``air`` | ``water`` | ``heavy_metals`` | ``energy`` (:data:`GROUPS`);
* ``unit``: canonical unit of an amount of it per year (t, t CO2, tce, MWh, m3);
* ``variable``, ``variable_unit``: its IAMC variable and unit in ``emissions.csv``
  (``Emissions|<id>``, ``t <id>/yr`` for a pollutant or gas without a name of its own);
* ``zh``, ``en``: labels;
* ``inventory``: a gas of the base-year inventory's emission records (``emissions.csv`` of
  ``peakplan inventory``; GHG of IPCC 2006 Vol 1 Ch 8 Table 8.1, pollutants of the MEE 2014
  guidelines, water loads of the 2017 pollution-source census, heavy metals of
  环固体〔2022〕17号);
* ``reported``: position of its ``reduction_<id>`` column among the reductions of
  ``measures.csv`` (1 first; 0: not reported per measure).

The row order is the order of every list derived from the table (the inventory's columns, the
emission charts' panels).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Groups of quantities: id -> (zh, en).
GROUPS: dict[str, tuple[str, str]] = {
    "ghg": ("温室气体", "Greenhouse gases"),
    "air": ("大气污染物", "Air pollutants"),
    "water": ("水污染物", "Water pollutants"),
    "heavy_metals": ("重金属", "Heavy metals"),
    "energy": ("能源", "Energy"),
    "service": ("公共服务", "Services"),  # the indicators of model.services (not in the table)
}


@dataclass(frozen=True)
class Quantity:
    """One row of :data:`QUANTITIES` (module docstring)."""

    id: str
    group: str
    unit: str
    zh: str
    en: str
    variable: str = ""
    variable_unit: str = ""
    inventory: bool = False
    reported: int = 0

    @property
    def iamc(self) -> tuple[str, str]:
        """(IAMC variable, unit per year) of ``emissions.csv``."""
        return (self.variable or f"Emissions|{self.id}",
                self.variable_unit or f"t {self.id}/yr")


def _q(id_: str, group: str, unit: str, zh: str, en: str, variable: str = "",
       variable_unit: str = "", *, inventory: bool = False, reported: int = 0) -> Quantity:
    return Quantity(id_, group, unit, zh, en, variable, variable_unit, inventory, reported)


#: The table (module docstring). Sources of the lists: IPCC 2006 Vol 1 Ch 8 (GHG), MEE 2014
#: emission-inventory guidelines (air pollutants), the second national pollution-source census
#: 2017 (COD, NH3-N), 环固体〔2022〕17号 (the five total-controlled heavy metals, in its order:
#: 铅、汞、镉、铬和砷).
QUANTITIES: tuple[Quantity, ...] = (
    _q("CO2", "ghg", "t CO2", "二氧化碳", "CO2", "Emissions|CO2", "t CO2/yr",
       inventory=True, reported=7),
    _q("CO2_process", "ghg", "t CO2", "工业过程二氧化碳", "Process CO2",
       "Emissions|CO2_process", "t CO2/yr"),
    _q("CO2_waste", "ghg", "t CO2", "废弃物焚烧二氧化碳", "Waste-incineration CO2",
       "Emissions|CO2_waste", "t CO2/yr"),
    _q("CH4", "ghg", "t CH4", "甲烷", "CH4", inventory=True, reported=9),
    _q("N2O", "ghg", "t N2O", "氧化亚氮", "N2O", inventory=True, reported=10),
    _q("HFCs", "ghg", "t", "氢氟碳化物", "HFCs", inventory=True),
    _q("PFCs", "ghg", "t", "全氟化碳", "PFCs", inventory=True),
    _q("SF6", "ghg", "t", "六氟化硫", "SF6", inventory=True),
    _q("NF3", "ghg", "t", "三氟化氮", "NF3", inventory=True),
    _q("CO2e", "ghg", "t CO2e", "温室气体合计(二氧化碳当量)", "GHG total (CO2e)",
       "Emissions|CO2e", "t CO2e/yr", reported=11),
    _q("landfill_ch4_generated", "ghg", "t CH4", "填埋场甲烷产生量", "Landfill CH4 generated",
       "Waste|Landfill CH4|Generated", "t CH4/yr"),
    _q("landfill_ch4_recovered", "ghg", "t CH4", "填埋场甲烷回收量", "Landfill CH4 recovered",
       "Waste|Landfill CH4|Recovered", "t CH4/yr"),
    _q("landfill_ch4_collectable", "ghg", "t CH4", "填埋场甲烷可收集量",
       "Landfill CH4 collectable", "Waste|Landfill CH4|Collectable", "t CH4/yr"),
    _q("energy", "energy", "tce", "能源消费", "Energy", "Energy|Total", "tce/yr", reported=8),
    _q("energy_gross", "energy", "tce", "能源消费(未扣除)", "Energy, gross", "Energy|Gross",
       "tce/yr"),
    _q("electricity", "energy", "MWh", "用电量", "Electricity use", "Electricity|Use", "MWh/yr"),
    _q("electricity_generation", "energy", "MWh", "发电量", "Electricity generation",
       "Electricity|Generation", "MWh/yr"),
    _q("natural_gas", "energy", "m3", "天然气消费", "Natural gas", "Energy|Natural Gas", "m3/yr"),
    _q("natural_gas:supply", "energy", "m3", "天然气供应上限", "Natural gas supply limit",
       "Energy|Natural Gas|Supply limit", "m3/yr"),
    _q("NOx", "air", "t", "氮氧化物", "NOx", inventory=True, reported=3),
    _q("SO2", "air", "t", "二氧化硫", "SO2", inventory=True, reported=4),
    _q("VOCs", "air", "t", "挥发性有机物", "VOCs", inventory=True, reported=5),
    _q("PM2.5", "air", "t", "细颗粒物", "PM2.5", inventory=True, reported=6),
    _q("NH3", "air", "t", "氨", "NH3", inventory=True),
    _q("COD", "water", "t", "化学需氧量", "COD", inventory=True, reported=1),
    _q("NH3-N", "water", "t", "氨氮", "NH3-N", inventory=True, reported=2),
    _q("Pb", "heavy_metals", "t", "铅", "Pb", inventory=True),
    _q("Hg", "heavy_metals", "t", "汞", "Hg", inventory=True),
    _q("Cd", "heavy_metals", "t", "镉", "Cd", inventory=True),
    _q("Cr", "heavy_metals", "t", "铬", "Cr", inventory=True),
    _q("As", "heavy_metals", "t", "砷", "As", inventory=True),
    _q("heavy_metals", "heavy_metals", "t", "重点重金属合计", "Key heavy metals (sum)"),
)

#: id -> row
BY_ID: dict[str, Quantity] = {q.id: q for q in QUANTITIES}
#: the quantity that sums the five heavy metals (the plan's total-control target, 十八/二十八)
HEAVY_METAL_TOTAL = "heavy_metals"


def ids(group: str | None = None, *, inventory: bool | None = None,
        table: tuple[Quantity, ...] | None = None) -> tuple[str, ...]:
    """Ids of the rows of ``table`` (default :data:`QUANTITIES`) in table order, optionally of
    one ``group`` and with ``inventory`` as given. ValueError on an unknown group."""
    if group is not None and group not in GROUPS:
        raise ValueError(f"quantity group {group!r}: one of {sorted(GROUPS)}")
    rows = QUANTITIES if table is None else table
    return tuple(q.id for q in rows
                 if (group is None or q.group == group)
                 and (inventory is None or q.inventory == inventory))


def reported(table: tuple[Quantity, ...] | None = None) -> tuple[str, ...]:
    """Ids whose reduction ``measures.csv`` reports per measure, in column order."""
    rows = QUANTITIES if table is None else table
    return tuple(q.id for q in sorted((q for q in rows if q.reported), key=lambda q: q.reported))


def inventory_ghg(table: tuple[Quantity, ...] | None = None) -> tuple[str, ...]:
    """The greenhouse gases of the inventory's records (CO2, CH4, N2O, the F-gases)."""
    return ids("ghg", inventory=True, table=table)


def inventory_pollutants(table: tuple[Quantity, ...] | None = None) -> tuple[str, ...]:
    """The pollutants of the inventory's records: air, then water, then heavy metals."""
    return tuple(q for g in ("air", "water", "heavy_metals")
                 for q in ids(g, inventory=True, table=table))


def labels(table: tuple[Quantity, ...] | None = None) -> dict[str, tuple[str, str, str]]:
    """id -> (zh, en, canonical unit)."""
    rows = QUANTITIES if table is None else table
    return {q.id: (q.zh, q.en, q.unit) for q in rows}


def units(table: tuple[Quantity, ...] | None = None) -> dict[str, str]:
    """id -> canonical unit."""
    rows = QUANTITIES if table is None else table
    return {q.id: q.unit for q in rows}


def variables(table: tuple[Quantity, ...] | None = None) -> dict[str, tuple[str, str]]:
    """id -> (IAMC variable, unit) for the rows with a variable name of their own (the others
    are ``Emissions|<id>`` in ``t <id>/yr``: :attr:`Quantity.iamc`)."""
    rows = QUANTITIES if table is None else table
    return {q.id: q.iamc for q in rows if q.variable}
