"""Record of how the air-quality rows of the Ankang pack were made (issue #14, item 1).

Run from the repository root: ``python tools/gen_pm25_sources.py``. It rewrites, in place,

* ``inventories/ankang/activity_pollutants.csv``: the rows of ``biomass_burning.*``,
  ``fugitive_dust.*`` and ``cooking`` (base year 2020, by county), computed below from the
  pack's own rows (rural residents of the domestic-wastewater rows, vehicle stock x mileage,
  GDP and population of drivers.csv) and the figures named in each row;
* ``inventories/factors/pollutants_mee.csv``: the factors of those sources, the in-use NOx
  factors of road vehicles and the SO2 of household coal (each row says how it was made).

Every number here is written into a row with its source, status and method; the CSV files are
the data of record.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "inventories" / "ankang"
FACTORS = ROOT / "inventories" / "factors" / "pollutants_mee.csv"
YEAR = "2020"
NEW_HEADS = ("biomass_burning", "fugitive_dust", "cooking")

# ---------------------------------------------------------------- activity assumptions
FUELWOOD_T_PER_RURAL = 0.30   # t fuelwood per rural resident per year (estimate)
STRAW_T_PER_RURAL = 0.05      # t straw burned in household stoves per rural resident (estimate)
CROPS = {"rice": (143_000, 1.0), "wheat": (85_200, 1.1), "maize": (248_800, 1.2)}  # t, ratio
OPEN_BURNED = 0.05            # share of crop residue burned in the field (estimate)
BURN_EFFICIENCY = 0.9         # share of the residue put to fire that burns (estimate)
NEW_STARTS_NATIONAL_M2 = 224_433e4   # 2020 房屋新开工面积 (NBS 2020 statistical communique)
GDP_SHARE = 1088.78 / 1_015_986      # Ankang 2020 GDP / national 2020 GDP (亿元)
PLOT_RATIO = 2.0              # floor area per m2 of site (estimate)

SRC_RURAL = ("inventories/ankang/activity_pollutants.csv domestic_wastewater.rural population "
             "(its status and method apply)")


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames or []), list(r)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)


def _pack_figures(rows: list[dict]) -> tuple[dict, dict]:
    rural, vkt, stock, km = {}, {}, {}, {}
    for r in rows:
        if r["year"] != YEAR:
            continue
        if r["category"] == "domestic_wastewater.rural":
            rural[r["region"]] = float(r["value"])
        elif r["category"] == "1.A.3.b" and "." in r["activity"]:
            vtype, _, std = r["activity"].rpartition(".")
            if std == "mileage":
                km[(r["region"], vtype)] = float(r["value"])
            else:
                stock[(r["region"], vtype)] = stock.get((r["region"], vtype), 0.0) + \
                    float(r["value"])
    for (reg, vtype), n in stock.items():
        vkt[reg] = vkt.get(reg, 0.0) + n * km[(reg, vtype)]
    return rural, vkt


def _drivers() -> tuple[dict, dict]:
    _, rows = _read(PACK / "drivers.csv")
    pop = {r["region"]: float(r["value"]) for r in rows
           if r["indicator"] == "population" and r["year"] == YEAR and r["region"] != "ankang"}
    gdp = {r["region"]: float(r["value"]) for r in rows
           if r["indicator"] == "gdp" and r["year"] == YEAR and r["region"] != "ankang"}
    return pop, gdp


def activity_rows(rows: list[dict]) -> list[dict]:
    rural, vkt = _pack_figures(rows)
    pop, gdp = _drivers()
    regions = list(rural)
    rural_total = sum(rural.values())
    gdp_total = sum(gdp[r] for r in regions)
    residue = sum(t * ratio for t, ratio in CROPS.values())
    burned_city = residue * OPEN_BURNED * BURN_EFFICIENCY
    site_city = NEW_STARTS_NATIONAL_M2 * GDP_SHARE / PLOT_RATIO
    out = []

    def add(region, category, activity, value, unit, source, method, unc):
        out.append({"region": region, "year": YEAR, "category": category,
                    "activity": activity, "value": f"{value:.6g}", "unit": unit,
                    "source": source, "status": "estimate", "method": method,
                    "uncertainty_pct": str(unc)})

    for r in regions:
        add(r, "biomass_burning.residential", "fuelwood", rural[r] * FUELWOOD_T_PER_RURAL, "t",
            SRC_RURAL,
            f"rural residents (outside sewer catchments) x {FUELWOOD_T_PER_RURAL} t fuelwood per "
            "person-year (assumed for the Qinba mountains' forested villages, where wood stoves "
            "and 火塘 are still used for cooking and winter heating; national rural energy surveys "
            "of the 2000s gave 0.2-0.8 t; lower since LPG and electricity spread); replace with "
            "the county rural-energy survey (农村能源统计)", 60)
        add(r, "biomass_burning.residential", "straw", rural[r] * STRAW_T_PER_RURAL, "t",
            SRC_RURAL,
            f"rural residents x {STRAW_T_PER_RURAL} t crop straw burned in household stoves per "
            "person-year (assumed: straw is a minor household fuel in hilly Ankang beside wood)",
            80)
        add(r, "biomass_burning.open", "crop_residue", burned_city * rural[r] / rural_total, "t",
            "2022年安康市国民经济和社会发展统计公报 (安康市统计局, 2023-04): rice 14.3, wheat 8.52, "
            "maize 24.88 x10^4 t (2022 output used for 2020)",
            "residue = rice x 1.0 + wheat x 1.1 + maize x 1.2 (residue-to-grain ratios as used in "
            f"Chinese straw inventories, estimate) = {residue:,.0f} t; x {OPEN_BURNED} burned in "
            f"the open (estimate: open burning banned in Shaanxi, residual burning of small hill "
            f"plots) x burning efficiency {BURN_EFFICIENCY} = {burned_city:,.0f} t burned in the "
            "city; county share by rural residents", 100)
        add(r, "fugitive_dust.paved_roads", "vehicle_km", vkt[r], "km",
            "inventories/ankang/activity_pollutants.csv 1.A.3.b vehicle stock and mileage rows "
            "(their status and method apply)",
            "vehicle-km = sum over types and standards of stock x annual mileage of the county "
            "(the rows of the vehicle-exhaust estimate: one basis); all on paved roads (unpaved "
            "village roads NE)", 50)
        add(r, "fugitive_dust.construction", "site_area", site_city * gdp[r] / gdp_total, "m**2",
            "国家统计局 中华人民共和国2020年国民经济和社会发展统计公报: 房屋新开工面积 224,433万平方米",
            f"national new floor area started 2020 x Ankang's GDP share {GDP_SHARE:.5f} "
            f"(1088.78 of 1,015,986 亿元) / plot ratio {PLOT_RATIO} (floor per site area, "
            f"assumed) = {site_city:,.0f} m2 of sites under works for a year; county share by "
            "GDP; replace with the city's 施工工地 register (area and months)", 100)
        add(r, "cooking", "population", pop[r], "person",
            "inventories/ankang/drivers.csv population 2020 (its status and method apply)",
            "residents (drivers.csv): household and restaurant cooking", 10)
    return out


def _factor(category, activity, gas, value, unit, source, status, method, unc, note=""):
    return {"factor_set": "china", "category": category, "activity": activity, "gas": gas,
            "value": f"{value:.6g}", "unit": unit, "source": source, "status": status,
            "method": method, "uncertainty_pct": str(unc), "note": note}


def factor_rows() -> list[dict]:
    f = []
    stove = ("household wood and straw stoves in China: Shen et al. 2010, Environ. Sci. Technol. "
             "44:7157 (doi:10.1021/es101313y) and 2012, 46:4207 (doi:10.1021/es203957u); "
             "陆炳 et al. 2011, 中国环境科学 31(2):186-194 (compilation)")
    for fuel, pm, nox, so2, voc, nh3, unc in (("fuelwood", 3.0, 1.0, 0.4, 5.0, 1.3, 100),
                                              ("straw", 6.0, 1.0, 0.5, 8.0, 1.3, 100)):
        f.append(_factor("biomass_burning.residential", fuel, "PM2.5", pm, "kg/t", stove,
                         "estimate", f"assumed {pm} g/kg within the range these studies report "
                         "for household stoves (wood about 1-8, straw 3-12 g/kg; tables not "
                         "re-read); MEE 生物质燃烧源大气污染物排放清单编制技术指南 (公告2014年第55号) "
                         "table not read", unc))
        f.append(_factor("biomass_burning.residential", fuel, "NOx", nox, "kg/t",
                         "estimate: household biomass stove NOx in Chinese literature 0.5-1.5 g/kg "
                         "(as the pack's 1.A biomass row)", "estimate", f"assumed {nox} kg/t", 80))
        f.append(_factor("biomass_burning.residential", fuel, "SO2", so2, "kg/t",
                         "sulfur mass balance", "estimate",
                         "S 0.02 % (wood) -> 0.4 kg/t; straw S ~0.1 % with about a quarter "
                         "released as SO2 -> 0.5 kg/t (assumed)", 100))
        f.append(_factor("biomass_burning.residential", fuel, "VOCs", voc, "kg/t",
                         "estimate: household biomass stove NMVOC literature range 2-10 g/kg",
                         "estimate", f"assumed {voc} kg/t", 100))
        f.append(_factor("biomass_burning.residential", fuel, "NH3", nh3, "kg/t",
                         "Andreae and Merlet 2001, Global Biogeochem. Cycles 15:955 "
                         "(doi:10.1029/2000GB001382), biofuel burning", "estimate",
                         "1.3 g NH3/kg as recalled from the paper's table (not re-read)", 100))
    f.append(_factor("biomass_burning.open", "crop_residue", "PM2.5", 9.0, "kg/t",
                     "Li X. et al. 2007, Environ. Sci. Technol. 41:6052 (doi:10.1021/es0705137): "
                     "open burning of wheat straw 7.6 and corn stover 11.7 g PM2.5/kg",
                     "estimate", "9.0 g/kg, between the wheat and corn values (values as "
                     "recalled from the abstract; rice straw not measured there)", 60))
    for gas, v, how in (("NOx", 3.0, "agricultural residues NOx 2.5 g/kg as NO (recalled) "
                                     "= 3.8 as NO2; 3.0 kg/t assumed"),
                        ("SO2", 0.4, "agricultural residues 0.4 g/kg (recalled)"),
                        ("NH3", 1.3, "agricultural residues 1.3 g/kg (recalled)"),
                        ("VOCs", 7.0, "agricultural residues NMHC about 7 g/kg (recalled)")):
        f.append(_factor("biomass_burning.open", "crop_residue", gas, v, "kg/t",
                         "Andreae and Merlet 2001, Global Biogeochem. Cycles 15:955 "
                         "(doi:10.1029/2000GB001382)", "estimate", how + "; not re-read", 100))
    k, sl, w, p_days = 0.15, 0.5, 3.92, 120
    e = k * sl ** 0.91 * w ** 1.02 * (1 - p_days / (4 * 365))
    f.append(_factor(
        "fugitive_dust.paved_roads", "vehicle_km", "PM2.5", e, "g/km",
        "US EPA AP-42 Section 13.2.1 Paved roads (2011), E = k sL^0.91 W^1.02 (1 - P/4N), "
        "k(PM2.5) 0.15 g/VKT; the equation adopted by MEE 扬尘源颗粒物排放清单编制技术指南(试行) "
        "(公告2014年第92号)",
        "estimate", f"k 0.15 g/km x sL {sl} g/m2 (assumed, county-town and arterial roads; "
        f"the guide's defaults not read) ^0.91 x W {w} t ^1.02 (vehicle-km weighted fleet "
        "weight: cars 1.5, light trucks 4, heavy trucks 20, buses 12 t, by the pack's "
        f"vehicle-km) x (1 - {p_days}/1460) ({p_days} days with >= 0.254 mm rain, assumed for "
        "Ankang's 800-1,000 mm climate); no street-cleaning control", 150))
    f.append(_factor(
        "fugitive_dust.construction", "site_area", "PM2.5", 0.269 * 12 * 0.10, "kg/m**2",
        "US EPA AP-42 Section 13.2.3 Heavy construction operations: 1.2 tons TSP/acre/month "
        "(0.269 kg/m2/month); the MEE fugitive-dust guideline (公告2014年第92号) estimates "
        "construction dust as area x months x factor",
        "estimate", "0.269 kg TSP/m2/month x 12 months of works x PM2.5/TSP 0.10 (assumed) = "
        "0.3228 kg PM2.5 per m2 of site per year, before control", 150))
    f.append(_factor(
        "fugitive_dust.construction", "site_area", "abatement_PM2.5", 50, "%",
        "陕西省 construction-dust rules (六个百分百: fencing, covering, wetting, washing wheels, "
        "hardened roads, covered transport); effectiveness assumed", "estimate",
        "controls assumed to remove half of the uncontrolled emission", 60))
    f.append(_factor(
        "cooking", "population", "PM2.5", 0.099, "kg/person/yr",
        "estimate: edible-oil fume method of Chinese catering-fume inventories (GB 18483-2001 "
        "饮食业油烟排放标准 sets 60-85 % removal for restaurants)", "estimate",
        "10 kg oil heated per person-year (assumed) x fume generation 2.83 % of the oil "
        "(recalled from the catering-fume literature) x PM2.5 share of the fume 0.5 (assumed) "
        "x (1 - 0.3 average removal of restaurants and households) = 0.099 kg", 100))
    return f


#: in-use NOx factors: real-world / type-approval (Wu Y. et al. 2017, Sci. Total Environ.
#: 574:332-349, doi:10.1016/j.scitotenv.2016.09.040: Chinese PEMS and remote sensing)
IN_USE = {"heavy_truck_diesel": {"china3_or_older": 1.5, "china4": 2.0, "china5": 2.5,
                                 "china6": 2.0},
          "bus_diesel": {"china3_or_older": 2.0, "china4": 2.5, "china5": 3.5, "china6": 3.0},
          "light_truck_diesel": dict.fromkeys(("china3_or_older", "china4", "china5",
                                               "china6"), 3.0),
          "passenger_car_gasoline": dict.fromkeys(("china3_or_older", "china4", "china5",
                                                   "china6"), 1.5)}
TYPE_APPROVAL_NOX = {  # g/km at the type-approval limit (the pack's earlier values)
    "heavy_truck_diesel": {"china3_or_older": 6.0, "china4": 4.2, "china5": 2.4, "china6": 0.552},
    "bus_diesel": {"china3_or_older": 5.0, "china4": 3.5, "china5": 2.0, "china6": 0.46},
    "light_truck_diesel": {"china3_or_older": 0.65, "china4": 0.33, "china5": 0.235,
                           "china6": 0.075},
    "passenger_car_gasoline": {"china3_or_older": 0.15, "china4": 0.08, "china5": 0.06,
                               "china6": 0.06}}


def update_factors(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        if r["category"].split(".")[0] in NEW_HEADS:
            continue
        if r["category"] == "1.A.3.b" and r["gas"] == "NOx" and "." in r["activity"]:
            vtype, _, std = r["activity"].rpartition(".")
            ta = TYPE_APPROVAL_NOX[vtype][std]
            ratio = IN_USE[vtype][std]
            r = {**r, "value": f"{ta * ratio:.6g}",
                 "source": r["source"] + "; in-use factor from Wu Y. et al. 2017, Sci. Total "
                 "Environ. 574:332 (doi:10.1016/j.scitotenv.2016.09.040)",
                 "method": f"type-approval value {ta:g} g/km (the limit, as before) x in-use "
                 f"factor {ratio:g} (real-world NOx of Chinese {vtype.replace('_', ' ')}s "
                 "above the limit in urban and low-speed driving: SCR below its temperature "
                 "window, deterioration; ratio assumed within the range that review reports); "
                 "replaces the limit alone, which gave about a third of the national "
                 "mobile-source NOx per vehicle", "uncertainty_pct": "80"}
        if r["category"] == "1.A.4" and r["gas"] == "SO2" and r["activity"] in ("raw_coal",
                                                                               "coke"):
            r = {**r, "value": "8", "source": "sulfur mass balance SO2 = 2 x S x (1 - "
                 "retention in ash); GB 34169-2017 商品煤质量 民用散煤 (sulfur of coal sold for "
                 "household use from 2018)",
                 "method": "S = 0.5 % (the standard's limit for household lump coal as "
                 "recalled, verify; Shaanxi banned high-sulfur household coal in its 2018-2020 "
                 "Blue-Sky plans), retention 0.2 -> 2 x 0.005 x 0.8 = 8 kg/t (was S 1.0 %, "
                 "16 kg/t: SO2 2-3x a bracket from national totals)",
                 "uncertainty_pct": "60"}
        out.append(r)
    return out + factor_rows()


def main() -> None:
    header, rows = _read(PACK / "activity_pollutants.csv")
    keep = [r for r in rows if r["category"].split(".")[0] not in NEW_HEADS]
    _write(PACK / "activity_pollutants.csv", header, keep + activity_rows(keep))
    fh, frows = _read(FACTORS)
    _write(FACTORS, fh, update_factors(frows))


if __name__ == "__main__":
    main()
