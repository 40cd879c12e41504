"""Generate inventories/factors/{fuels_ipcc2006,standard_coal_gbt2589,grid_emission_factors,ippu_ipcc2006}.csv."""
import csv, sys
from pathlib import Path
out = Path(sys.argv[1])
HDR = ["factor_set", "category", "activity", "gas", "value", "unit", "source", "status", "method",
       "uncertainty_pct", "note"]
EFDB_CC = ("values as in the IPCC Emission Factor Database (EFDB) export in GitHub Open-Earth-Foundation/CityCatalyst, "
           "app/seed-data/emissions_factors/data_raw/EFDB_2006_IPCC_guidelines/EFDB_output.xlsx")
EFDB = "IPCC 2006 GL Vol 2 Ch 1 Table {t} (" + EFDB_CC + ")"
# fuel id -> (IPCC fuel name, NCV TJ/Gg, carbon kg C/GJ, CO2 kg/TJ, CO2 lower, CO2 upper)
FUELS = {
    "raw_coal": ("Other bituminous coal", 25.8, 25.8, 94600, 89500, 99700),
    "cleaned_coal": ("Other bituminous coal", 25.8, 25.8, 94600, 89500, 99700),
    "coke": ("Coke oven coke", 28.2, 29.2, 107000, 95700, 119000),
    "natural_gas": ("Natural gas", 48.0, 15.3, 56100, 54300, 58300),
    "gasoline": ("Motor gasoline", 44.3, 18.9, 69300, 67500, 73000),
    "diesel": ("Gas/diesel oil", 43.0, 20.2, 74100, 72600, 74800),
    "lpg": ("Liquefied petroleum gases", 47.3, 17.2, 63100, 61600, 65600),
    "fuel_oil": ("Residual fuel oil", 40.4, 21.1, 77400, 75500, 78800),
    "biomass": ("Wood/wood waste", 15.6, 30.5, 112000, 95000, 132000),
}
# CH4, N2O kg/TJ by category (Tables 2.2, 2.3, 2.4, 2.5) per fuel class
CLASS = {"raw_coal": "coal", "cleaned_coal": "coal", "coke": "coal", "natural_gas": "gas",
         "gasoline": "oil", "diesel": "oil", "fuel_oil": "oil", "lpg": "lpg", "biomass": "wood"}
STAT = {  # (table, category): {class: (CH4, N2O)}
    ("2.2", "1.A.1"): {"coal": (1, 1.5), "gas": (1, 0.1), "oil": (3, 0.6), "lpg": (1, 0.1), "wood": (30, 4)},
    ("2.3", "1.A.2"): {"coal": (10, 1.5), "gas": (1, 0.1), "oil": (3, 0.6), "lpg": (1, 0.1), "wood": (30, 4)},
    ("2.4", "1.A.4.a"): {"coal": (10, 1.5), "gas": (5, 0.1), "oil": (10, 0.6), "lpg": (5, 0.1), "wood": (300, 4)},
    ("2.5", "1.A.4.b"): {"coal": (300, 1.5), "gas": (5, 0.1), "oil": (10, 0.6), "lpg": (5, 0.1), "wood": (300, 4)},
    ("2.5", "1.A.4.c"): {"coal": (300, 1.5), "gas": (5, 0.1), "oil": (10, 0.6), "lpg": (5, 0.1), "wood": (300, 4)},
}
rows = []
def add(**k):
    r = {h: "" for h in HDR}; r.update({k2: str(v) for k2, v in k.items()}); rows.append(r)
for fuel, (name, ncv, cc, co2, lo, hi) in FUELS.items():
    add(factor_set="ipcc2006", category="1.A", activity=fuel, gas="NCV", value=ncv, unit="TJ/Gg",
        source=EFDB.format(t="1.2"), status="reported", note=f"IPCC fuel: {name}")
    add(factor_set="ipcc2006", category="1.A", activity=fuel, gas="carbon_content", value=cc,
        unit="kg/GJ", source=EFDB.format(t="1.3"), status="reported",
        note=f"IPCC fuel: {name}; kg carbon per GJ (unit written as mass; the gas is carbon)")
    add(factor_set="ipcc2006", category="1.A", activity=fuel, gas="oxidation", value=1,
        unit="dimensionless", source=EFDB.format(t="1.4"), status="reported",
        note="default carbon oxidation factor = 1 (Vol 2 Ch 1 §1.4.2.1)")
    half = round(max(hi - co2, co2 - lo) / co2 * 100, 1)
    add(factor_set="ipcc2006", category="1.A", activity=fuel, gas="CO2", value=co2, unit="kg CO2/TJ",
        source=EFDB.format(t="1.4"), status="reported", uncertainty_pct=half,
        note=f"IPCC fuel: {name}; 95% range {lo}-{hi} kg/TJ (uncertainty_pct = larger half-width)"
        + ("; biogenic CO2: memo item, not added to totals" if fuel == "biomass" else ""))
for (table, cat), by in STAT.items():
    for fuel, cls in CLASS.items():
        ch4, n2o = by[cls]
        note = ("Table 2.5 covers residential and agriculture/forestry/fishing stationary combustion"
                if cat == "1.A.4.c" else "")
        src = f"IPCC 2006 GL Vol 2 Ch 2 Table {table} ({EFDB_CC})"
        add(factor_set="ipcc2006", category=cat, activity=fuel, gas="CH4", value=ch4, unit="kg CH4/TJ",
            source=src, status="reported", note=(note + "; " if note else "") + "default uncertain by about a factor of 3 (Table " + table + " ranges)")
        add(factor_set="ipcc2006", category=cat, activity=fuel, gas="N2O", value=n2o, unit="kg N2O/TJ",
            source=src, status="reported", note=(note + "; " if note else "") + "default uncertain by about a factor of 3 (Table " + table + " ranges)")
ROAD = {"gasoline": (25, 8.0, "oxidation catalyst (China 2020 fleet is catalyst-equipped; uncontrolled = 33/3.2)"),
        "diesel": (3.9, 3.9, "diesel"), "natural_gas": (92, 3, "natural gas"), "lpg": (62, 0.2, "LPG")}
for fuel, (ch4, n2o, what) in ROAD.items():
    src = "IPCC 2006 GL Vol 2 Ch 3 Table 3.2.2 (" + EFDB_CC + ")"
    add(factor_set="ipcc2006", category="1.A.3.b", activity=fuel, gas="CH4", value=ch4, unit="kg CH4/TJ",
        source=src, status="reported", note=what)
    add(factor_set="ipcc2006", category="1.A.3.b", activity=fuel, gas="N2O", value=n2o, unit="kg N2O/TJ",
        source=src, status="reported", note=what)
# China: GB/T 2589-2020 Appendix A net calorific values (country-specific NCV)
GB = ("GB/T 2589-2020 综合能耗计算通则, Appendix A, average low calorific value (transcribed from a secondary copy, "
      "not read in the standard; see method)")
for fuel, v, u in [("raw_coal", 20908, "kJ/kg"), ("cleaned_coal", 26344, "kJ/kg"), ("coke", 28435, "kJ/kg"),
                   ("fuel_oil", 41816, "kJ/kg"), ("gasoline", 43070, "kJ/kg"), ("kerosene", 43070, "kJ/kg"),
                   ("diesel", 42652, "kJ/kg"), ("lpg", 50179, "kJ/kg"), ("natural_gas", 35544, "kJ/m**3")]:
    add(factor_set="china", category="1.A", activity=fuel, gas="NCV", value=v, unit=u, source=GB,
        status="reported", note="✖ transcription not yet checked against the standard's text"
        + ("; gas-field gas; yearbooks sometimes use oil-field gas 38931 kJ/m3" if fuel == "natural_gas" else ""))
with open(out / "fuels_ipcc2006.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, HDR); w.writeheader(); w.writerows(rows)

# --- standard coal
rows = []
for fuel, v, u in [("raw_coal", 0.7143, "kgce/kg"), ("cleaned_coal", 0.9000, "kgce/kg"), ("coke", 0.9714, "kgce/kg"),
                   ("crude_oil", 1.4286, "kgce/kg"), ("fuel_oil", 1.4286, "kgce/kg"), ("gasoline", 1.4714, "kgce/kg"),
                   ("kerosene", 1.4714, "kgce/kg"), ("diesel", 1.4571, "kgce/kg"), ("lpg", 1.7143, "kgce/kg"),
                   ("natural_gas", 1.2143, "kgce/m**3"), ("heat", 0.03412, "kgce/MJ")]:
    add(factor_set="gbt2589", category="*", activity=fuel, gas="tce_coefficient", value=v, unit=u,
        source="GB/T 2589-2020 综合能耗计算通则, Appendix A, reference coefficient for standard coal (published coefficient as transcribed from a secondary copy, not read in the standard; see method)",
        status="reported", note="✖ table transcribed from a secondary copy; store the published coefficient, not kJ/29307"
        + ("; gas-field gas; many yearbooks use 1.3300 (oil-field gas): record which one the local bureau used" if fuel == "natural_gas" else ""))
add(factor_set="gbt2589", category="*", activity="electricity", gas="tce_coefficient", value=0.1229, unit="kgce/kWh",
    source="GB/T 2589-2020 Appendix A; calorific (当量值) equivalent 3600 kJ/kWh, as in the NBS China Energy Statistical Yearbook notes",
    status="reported", note="✔ electricity at heat-value equivalent (reference-factors.md §3)")
add(factor_set="gbt2589", category="*", activity="electricity", gas="tce_coefficient_coal_equivalent", value=0.3055,
    unit="kgce/kWh",
    source="China Electricity Council, national average coal consumption of thermal power supply 2020 = 305.5 gce/kWh (中电联 2020年全国电力工业统计快报)",
    status="reported", note="等价值 (coal-equivalent) method; value recalled from the CEC 2020 release, ✖ not re-read here: verify before publishing")
with open(out / "standard_coal_gbt2589.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, HDR); w.writeheader(); w.writerows(rows)

# --- grid
rows = []
GRID = [("national_2021_average", 0.5568, "MEE & NBS 公告2024年第12号 (2024-04-12), national average electricity CO2 factor, data year 2021",
         "✔ read in reference-factors.md §3; location-based"),
        ("national_2021_excl_market_nonfossil", 0.5942, "MEE & NBS 公告2024年第12号 (2024-04-12), national factor excluding market-traded non-fossil power, data year 2021", "✔"),
        ("national_2022_average", 0.5366, "MEE & NBS announcement 2024-12-20, national average electricity CO2 factor, data year 2022", "✔ date; ◐ value"),
        ("national_2022_enterprise", 0.5703, "MEE notice on 2023-2025 power-sector reporting (Feb 2023), national grid average for enterprise reporting, '2022年度'", "✔"),
        ("northwest_2021_average", 0.5951, "MEE & NBS 公告2024年第12号, Northwest regional average, data year 2021", "◐ one public code file only (reference-factors.md §3); NW = Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang"),
        ("northwest_2022_average", 0.5857, "MEE & NBS announcement 2024-12-20, Northwest regional average, data year 2022", "◐ one public code file only"),
        ("shaanxi_2021_average", 0.6336, "MEE & NBS 公告2024年第12号, Shaanxi provincial average, data year 2021", "◐ one public code file only; verify against the announcement tables. Default for Ankang 2020 (nearest published data year)"),
        ("shaanxi_2022_average", 0.6558, "MEE & NBS announcement 2024-12-20, Shaanxi provincial average, data year 2022", "◐ one public code file only")]
for act, v, src, note in GRID:
    add(factor_set="grid", category="*", activity=act, gas="CO2", value=v, unit="kg CO2/kWh", source=src,
        status="reported", note=note)
with open(out / "grid_emission_factors.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, HDR); w.writeheader(); w.writerows(rows)

# --- IPPU
rows = []
S = "IPCC 2006 GL Vol 3 Ch 2 §2.2.1.2 (cement) / §2.3.1.2 (lime), " + EFDB_CC
add(factor_set="ipcc2006", category="2.A.1", activity="clinker_production", gas="CO2", value=0.52, unit="t CO2/t", source=S,
    status="reported", note="clinker EF: 65% CaO all from CaCO3 (0.65 x 44/56 = 0.5107, rounded 0.52 in GL)")
add(factor_set="ipcc2006", category="2.A.1", activity="clinker_production", gas="CKD_correction", value=1.02,
    unit="dimensionless", source=S, status="reported", note="cement kiln dust correction factor CF_ckd default")
add(factor_set="ipcc2006", category="2.A.1", activity="cement_production", gas="clinker_fraction", value=0.75,
    unit="dimensionless", source=S, status="reported", note="Tier 1 default clinker fraction of blended (Portland-pozzolana) cement; 0.95 for Portland cement")
add(factor_set="ipcc2006", category="2.A.2", activity="lime_production", gas="CO2", value=0.75, unit="t CO2/t", source=S,
    status="reported", note="Tier 1 lime EF (85% high-calcium, 15% dolomitic); high-calcium 0.75, dolomitic 0.86/0.77, hydraulic 0.59")
with open(out / "ippu_ipcc2006.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, HDR); w.writeheader(); w.writerows(rows)
