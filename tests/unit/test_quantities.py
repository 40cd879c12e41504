"""The one quantity table and the one family table (issue #17 item 2).

The lists below are the tuples and dicts each module held before it read the tables, copied
as they were (order included): the derived lists must equal them, so the move dropped and
reordered nothing. Then a quantity and a family added to the tables in a fresh interpreter must
show up in every list derived from them, with no other edit.
"""

from __future__ import annotations

import json
import subprocess
import sys

from model import families, quantities
from model.accounting import sources
from model.inventory import core
from model.inventory import tables as inv_tables
from model.projection import catalogue
from model.report import charts
from model.report import tables as rep_tables
from model.results import REPORTED, VARIABLES

# the former literal lists (before issue #17): module -> value
FORMER_GHG = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")  # inventory.core.GHG
FORMER_POLLUTANTS = ("NOx", "SO2", "VOCs", "PM2.5", "NH3", "COD", "NH3-N", "Pb", "Hg", "Cd", "Cr",
                     "As")  # inventory.core.POLLUTANTS
FORMER_AIR = ("NOx", "SO2", "VOCs", "PM2.5", "NH3")  # inventory.tables.AIR_POLLUTANTS
FORMER_WATER = ("COD", "NH3-N")  # inventory.tables.WATER_POLLUTANTS, sources.WATER_GASES
FORMER_HEAVY_METALS = ("Pb", "Hg", "Cd", "Cr", "As")  # accounting.sources.HEAVY_METALS
FORMER_REPORTED = ("COD", "NH3-N", "NOx", "SO2", "VOCs", "PM2.5", "CO2", "energy", "CH4", "N2O",
                   "CO2e")  # results.REPORTED (the order of measures.csv's reduction columns)
FORMER_LP_UNITS = {"CO2": "t CO2", "energy": "tce", "COD": "t", "NH3-N": "t", "NOx": "t",
                   "SO2": "t", "VOCs": "t", "PM2.5": "t", "NH3": "t", "CO2e": "t CO2e",
                   "CH4": "t CH4", "N2O": "t N2O"}  # pipeline.QUANTITY_UNITS
FORMER_VARIABLES = {
    "CO2": ("Emissions|CO2", "t CO2/yr"), "CO2_process": ("Emissions|CO2_process", "t CO2/yr"),
    "energy": ("Energy|Total", "tce/yr"), "energy_gross": ("Energy|Gross", "tce/yr"),
    "electricity": ("Electricity|Use", "MWh/yr"),
    "electricity_generation": ("Electricity|Generation", "MWh/yr"),
    "CO2e": ("Emissions|CO2e", "t CO2e/yr"), "CO2_waste": ("Emissions|CO2_waste", "t CO2/yr"),
    "natural_gas": ("Energy|Natural Gas", "m3/yr"),
    "natural_gas:supply": ("Energy|Natural Gas|Supply limit", "m3/yr"),
    "landfill_ch4_generated": ("Waste|Landfill CH4|Generated", "t CH4/yr"),
    "landfill_ch4_recovered": ("Waste|Landfill CH4|Recovered", "t CH4/yr"),
    "landfill_ch4_collectable": ("Waste|Landfill CH4|Collectable", "t CH4/yr"),
}  # results.VARIABLES
FORMER_LABELS = {
    "CO2": ("二氧化碳", "CO2", "t CO2"),
    "CO2_process": ("工业过程二氧化碳", "Process CO2", "t CO2"),
    "CO2_waste": ("废弃物焚烧二氧化碳", "Waste-incineration CO2", "t CO2"),
    "CO2e": ("温室气体合计(二氧化碳当量)", "GHG total (CO2e)", "t CO2e"),
    "energy": ("能源消费", "Energy", "tce"),
    "energy_gross": ("能源消费(未扣除)", "Energy, gross", "tce"),
    "COD": ("化学需氧量", "COD", "t"), "NH3-N": ("氨氮", "NH3-N", "t"),
    "NOx": ("氮氧化物", "NOx", "t"),
    "SO2": ("二氧化硫", "SO2", "t"), "VOCs": ("挥发性有机物", "VOCs", "t"),
    "PM2.5": ("细颗粒物", "PM2.5", "t"), "NH3": ("氨", "NH3", "t"), "CH4": ("甲烷", "CH4", "t CH4"),
    "N2O": ("氧化亚氮", "N2O", "t N2O"), "Pb": ("铅", "Pb", "t"), "Hg": ("汞", "Hg", "t"),
    "Cd": ("镉", "Cd", "t"), "As": ("砷", "As", "t"), "Cr": ("铬", "Cr", "t"),
    "heavy_metals": ("重点重金属合计", "Key heavy metals (sum)", "t"),
}  # report.tables.QUANTITY_LABELS
FORMER_GROUPS = {
    "CO2": "ghg", "CO2_process": "ghg", "CO2_waste": "ghg", "CH4": "ghg", "N2O": "ghg",
    "CO2e": "ghg", "energy": "ghg", "NOx": "air", "SO2": "air", "VOCs": "air", "PM2.5": "air",
    "NH3": "air", "COD": "water", "NH3-N": "water", "Pb": "heavy_metals", "Hg": "heavy_metals",
    "Cd": "heavy_metals", "As": "heavy_metals", "Cr": "heavy_metals",
    "heavy_metals": "heavy_metals"}  # report.tables.QUANTITY_GROUPS
FORMER_FAMILIES = ("electrification", "coal_control", "ultra_low_emission", "vehicles", "voc",
                   "wastewater", "manure", "efficiency", "renewable", "sludge", "heavy_metals",
                   "air_quality", "waste", "agriculture", "buildings", "industry_structure",
                   "rural_services")  # projection.catalogue.FAMILIES
FORMER_FAMILY_COLOURS = {
    "electrification": "#1f77b4", "renewable": "#e6ab02", "efficiency": "#2ca02c",
    "coal_control": "#8c564b", "ultra_low_emission": "#9467bd", "vehicles": "#ff7f0e",
    "voc": "#e377c2", "wastewater": "#17becf", "manure": "#bcbd22", "waste": "#5254a3",
    "agriculture": "#637939", "buildings": "#8ca252", "industry_structure": "#843c39",
    "rural_services": "#7b4173", "air_quality": "#d62728"}  # report.charts.FAMILY_COLOURS
FORMER_FAMILY_LABELS_EN = {
    "electrification": "Electrification", "renewable": "Renewables",
    "efficiency": "Energy efficiency", "coal_control": "Coal control",
    "ultra_low_emission": "Ultra-low emission", "vehicles": "Vehicles", "voc": "VOC control",
    "wastewater": "Wastewater", "manure": "Manure use", "heavy_metals": "Heavy metals",
    "sludge": "Sludge made harmless", "waste": "Waste and landfill methane",
    "agriculture": "Agricultural methane", "buildings": "Buildings",
    "industry_structure": "Industrial structure", "rural_services": "Rural services",
    "air_quality": "Primary PM2.5 control (stoves, road dust)"}  # report.tables.FAMILY_LABELS


def test_every_former_list_is_the_table_read_back_unchanged():
    assert core.GHG == FORMER_GHG
    assert core.POLLUTANTS == FORMER_POLLUTANTS
    assert inv_tables.AIR_POLLUTANTS == FORMER_AIR
    assert inv_tables.WATER_POLLUTANTS == sources.WATER_GASES == FORMER_WATER
    assert sources.HEAVY_METALS == FORMER_HEAVY_METALS
    assert sources.HEAVY_METAL_TOTAL == "heavy_metals"
    assert REPORTED == FORMER_REPORTED
    assert VARIABLES == FORMER_VARIABLES
    units = quantities.units()
    assert {q: units[q] for q in FORMER_LP_UNITS} == FORMER_LP_UNITS
    # labels and groups: every former entry kept; the table adds names for quantities that had
    # none (the F-gases, electricity, natural gas, landfill CH4 flows)
    assert {q: rep_tables.QUANTITY_LABELS[q] for q in FORMER_LABELS} == FORMER_LABELS
    assert {q: rep_tables.QUANTITY_GROUPS[q] for q in FORMER_GROUPS} == FORMER_GROUPS
    assert catalogue.FAMILIES == FORMER_FAMILIES
    assert charts.FAMILY_COLOURS == FORMER_FAMILY_COLOURS
    assert {k: v[1] for k, v in rep_tables.FAMILY_LABELS.items()} == FORMER_FAMILY_LABELS_EN


def test_every_quantity_of_the_table_is_in_a_known_group_and_named_once():
    seen = [q.id for q in quantities.QUANTITIES]
    assert len(seen) == len(set(seen))
    assert {q.group for q in quantities.QUANTITIES} <= set(quantities.GROUPS)
    ranks = sorted(q.reported for q in quantities.QUANTITIES if q.reported)
    assert ranks == list(range(1, len(ranks) + 1))  # measures.csv columns 1..n, no gap
    assert [f.id for f in families.FAMILY_TABLE] == list(families.FAMILIES)
    assert len(set(families.FAMILIES)) == len(families.FAMILIES)


# a quantity and a family appended to the tables before anything else is imported: each list
# printed must hold them (a fresh interpreter, so no module of this process is touched)
_EXTENDED = r"""
import json
from model import families, quantities
quantities.QUANTITIES = (*quantities.QUANTITIES,
    quantities.Quantity("Zn", "heavy_metals", "t", "锌", "Zn", inventory=True, reported=12))
families.FAMILY_TABLE = (*families.FAMILY_TABLE, families.Family("zinc_control", "锌减排",
                                                                 "Zinc control", "#000001"))
families.FAMILIES = families.ids(families.FAMILY_TABLE)
from model.accounting import sources
from model.inventory import core
from model.projection import catalogue
from model.report import charts
from model.report import tables as rep_tables
from model import results
print(json.dumps({
    "POLLUTANTS": core.POLLUTANTS, "HEAVY_METALS": sources.HEAVY_METALS,
    "REPORTED": results.REPORTED, "variable": results.variable_of("Zn"),
    "label": rep_tables.QUANTITY_LABELS["Zn"], "group": rep_tables.QUANTITY_GROUPS["Zn"],
    "FAMILIES": catalogue.FAMILIES, "family_label": rep_tables.family_label("zinc_control"),
    "colour": charts.family_colour("zinc_control")}, ensure_ascii=False))
"""


def test_a_quantity_and_a_family_added_to_the_tables_reach_every_derived_list():
    out = subprocess.run([sys.executable, "-c", _EXTENDED], capture_output=True, text=True,
                         check=True, timeout=120)
    got = json.loads(out.stdout)
    assert got["POLLUTANTS"] == [*FORMER_POLLUTANTS, "Zn"]
    assert got["HEAVY_METALS"] == [*FORMER_HEAVY_METALS, "Zn"]
    assert got["REPORTED"] == [*FORMER_REPORTED, "Zn"]
    assert got["variable"] == ["Emissions|Zn", "t Zn/yr"]
    assert got["label"] == ["锌", "Zn", "t"]
    assert got["group"] == "heavy_metals"
    assert got["FAMILIES"] == [*FORMER_FAMILIES, "zinc_control"]
    assert got["family_label"] == ["锌减排", "Zinc control"]
    assert got["colour"] == "#000001"
