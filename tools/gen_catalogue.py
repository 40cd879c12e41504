"""Write scenarios/catalogue/*.csv: the Ankang measure catalogue as physical changes (issue #6).

A record of how the catalogue was made, kept beside the data-pack generators. Every measure
states what one unit physically changes (t coal not burned, MWh added, vehicles replaced by which
standard, households connected); emissions, energy and loads follow from the factor library and
the data pack (model.accounting). Costs are constant 2020 CNY; energy purchases follow from the
changes x prices.csv. Run from the repository root:

    python tools/gen_catalogue.py
"""

from __future__ import annotations

import csv
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "scenarios" / "catalogue"

CPI = ("escalated to 2020 CNY with China's CPI (NBS annual statistical communiques): "
       "2007->2020 x1.39, c.2013->2020 x1.15, 2015/16->2020 x1.12, 2018->2020 x1.05, "
       "2024->2020 x0.968")
BOILER_SUBSIDY = ("coal-boiler phase-out subsidies of 6-8x10^4 CNY per t/h of steam (商丘市 2018 "
                  "and 金华市 2015 燃煤锅炉淘汰改造补贴标准), a lower bound of the full cost")
VOC_COST = "VOC abatement operating cost > 8 CNY/kg (羌宁 et al. 2020, 环境科学 41(2):638-646)"
VOC_REMOVAL = "adsorption + catalytic combustion removes about 90 % (徐遵主 et al. 2020, 环境工程)"
NCV = "GB/T 2589-2020 Appendix A: raw coal 20,908 kJ/kg, natural gas 35,544 kJ/m3"
SCRAP = ("《机动车强制报废标准规定》(商务部 发展改革委 公安部 环境保护部令 2012年第12号): small "
         "taxis 8 years, light/heavy trucks 15/15 years")
GB18918 = ("GB 18918-2002《城镇污水处理厂污染物排放标准》: Grade 1B COD 60, NH3-N 8 mg/L; "
           "Grade 1A COD 50, NH3-N 5 mg/L")
URBAN_UNIT = "central city (the region whose services.csv lists urban_sewage_*)"
SLUDGE_COST = ("新能源进展 (Advances in New and Renewable Energy, ISSN 2095-560X), review of China's "
               "sludge treatment and disposal projects, Table 1 (title and authors not read; price "
               "year not stated, c. 2022, taken as 2020 CNY): co-incineration (garbage plant, coal "
               "plant or cement kiln) investment 20x10^4 CNY per t/d, operation 200-300 CNY/t; "
               "aerobic composting + land use 30-60x10^4 CNY per t/d, 80-150 CNY/t")
SLUDGE_COMPOST = ("刘燕, 马若男, 李国学, 袁京 2022, 基于添加剂使用的污泥堆肥厂经济效益分析, 农业环境科学学报 "
                  "41(1):202-209, doi:10.11654/jaes.2021-0179: compost production cost 314.93-349.85 "
                  "CNY/t (a cross-check)")
SLUDGE_SPU = ("1 t/yr of sludge comes from 1 / (365 d x 7 t per 10^4 m3) = 3.9139 m3/d of treated "
              "sewage (the yield of services.csv)")
HM_COST = ("estimate: no cost of heavy-metal wastewater deep treatment was read (order of magnitude "
           "of sulfide precipitation + filtration/ion-exchange polishing; replace with the "
           "enterprises' project budgets)")

STOVE_COST = ("estimate: clean household biomass stove programmes in China (no Ankang or "
              "Shaanxi price read)")
SWEEP_COST = ("estimate: municipal contracts for mechanised road cleaning (no Ankang price "
              "read)")

# measure, family, zh, en, unit, source_category, source_activity, source_unit, per_unit,
# lifetime, advance, max_build_share, mandate, eligible, project_category, pool,
# source, status, method
MEASURES = [
    ("industrial_boiler_electrification", "electrification", "工业燃煤锅炉/窑炉电能替代",
     "Industrial coal boiler or kiln replaced by electric heating", "t coal/yr",
     "1.A.2.e;1.A.2.m;1.A.4.a", "raw_coal", "t", 1, 15, "", "", "false", "true",
     "燃煤锅炉综合整治 coal-boiler clean-up (key project)", "industrial_coal_boilers",
     BOILER_SUBSIDY, "estimate",
     "one unit = the boiler burning 1 t raw coal/yr; lifetime 15 yr (estimate)"),
    ("coal_boiler_to_gas", "coal_control", "燃煤锅炉淘汰/煤改气",
     "Small coal boiler replaced by natural-gas boiler", "t coal/yr",
     "1.A.2.e;1.A.2.m;1.A.4.a", "raw_coal", "t", 1, 15, "", "", "false", "true",
     "燃煤锅炉综合整治 coal-boiler clean-up (key project)", "industrial_coal_boilers",
     BOILER_SUBSIDY, "estimate", "one unit = the boiler burning 1 t raw coal/yr; 15 yr"),
    ("residential_coal_to_electric", "electrification", "农村居民散煤取暖炊事电能替代",
     "Household coal heating/cooking replaced by electricity", "household", "1.A.4.b",
     "raw_coal", "t", 1.0, 10, "", "", "false", "false",
     "散煤治理 residential coal (not a key project outside key regions)",
     "residential_coal_households", "estimate", "estimate",
     "one household burns 1.0 t raw coal/yr (estimate: the pack's 1.A.4.b coal / about as "
     "many coal-using households); appliances 10 yr"),
    ("residential_coal_to_gas", "coal_control", "居民散煤煤改气",
     "Household coal replaced by piped natural gas", "household", "1.A.4.b", "raw_coal", "t",
     1.0, 15, "", "", "false", "false",
     "散煤治理 residential coal (not a key project outside key regions)",
     "residential_coal_households", "estimate", "estimate",
     "one household burns 1.0 t raw coal/yr (estimate); 15 yr"),
    ("electric_bus", "electrification", "公交车电动化", "Diesel city bus replaced by "
     "battery-electric bus", "vehicle", "1.A.3.b", "bus_diesel.*", "vehicle", 1, 8, "", "",
     "false", "false", "新能源公交 electric buses (not a key reduction project)", "", "estimate",
     "estimate", "incremental price of a 10.5 m battery-electric bus over a diesel bus; 8 yr"),
    ("electric_taxi", "electrification", "出租车电动化", "Gasoline taxi replaced by "
     "battery-electric taxi", "vehicle", "1.A.3.b", "passenger_car_gasoline.*", "vehicle", 1,
     6, "", 0.125, "false", "false", "新能源出租车 electric taxis (not a key reduction project)",
     "", SCRAP, "estimate",
     "uptake cap 1/8 of the taxis per year: a taxi is replaced when its 8-year service life ends "
     "(the scrappage rule), so the saving is taken at that pace, not at once; 6 yr battery life"),
    ("electric_official_car", "electrification", "公务用车电动化", "Official gasoline car "
     "replaced by battery-electric car", "vehicle", "1.A.3.b", "passenger_car_gasoline.*",
     "vehicle", 1, 8, "", "", "false", "false",
     "公务用车电动化 electric official cars (not a key reduction project)", "", "estimate",
     "estimate", "incremental price of a battery-electric compact car; 8 yr"),
    ("cement_kiln_ultra_low", "ultra_low_emission", "水泥窑超低排放改造(SNCR→SCR)",
     "Cement kiln ultra-low-emission retrofit (SNCR to SCR)", "t clinker/yr", "2.A.1",
     "clinker_production", "t", 1, 15, "", "", "false", "true",
     "重点行业超低排放改造 key-industry ultra-low-emission retrofit (key project)", "",
     "SNCR about 10 CNY/t clinker (中国水泥协会 article, c.2013); " + CPI, "estimate",
     "SCR on a 5000 t/d line ~35-40x10^6 CNY / 1.5 Mt clinker/yr = 25 CNY per t/yr (estimate); "
     "15 yr"),
    ("chemical_boiler_ultra_low", "ultra_low_emission", "化工企业燃煤锅炉超低排放改造",
     "Ultra-low-emission retrofit of coal boilers at chemical plants", "t coal/yr", "1.A.2.c",
     "raw_coal", "t", 1, 15, "", "", "false", "true",
     "重点行业超低排放改造 key-industry ultra-low-emission retrofit (key project)", "",
     "coal-power SCR operating cost 4.8-8.6 CNY/MWh (杨航 et al. 2017) as order of magnitude",
     "estimate", "SCR + wet desulfurisation + wet ESP on a 35-75 t/h boiler; 15 yr"),
    ("china3_heavy_truck_to_china6b", "vehicles", "国三及以下重型柴油货车淘汰更新为国六b",
     "China 3 (or older) heavy diesel truck replaced early by a China 6b truck", "vehicle",
     "1.A.3.b", "heavy_truck_diesel.china3_or_older", "vehicle", 1, 15, "", "", "false", "true",
     "移动源老旧车辆淘汰 phase-out of China III trucks (key project; the least certain "
     "eligibility, docs/ACCOUNTING.md)", "", SCRAP, "estimate",
     "mandated by a floor (potentials.csv): plan section 十一 'basically eliminate' China 3 and "
     "older by 2025; not 'no-regret', because the China 3 trucks a replacement stands for retire "
     "in the baseline too: the replacement retires as the source does (lifetime_basis source: "
     "the survival of the scenario's fleet projection), so its effect lasts as long as the old "
     "truck would have run and its cost is the purchase brought forward by that time"),
    ("china3_light_truck_to_china6b", "vehicles", "国三及以下轻型柴油货车淘汰更新为国六b",
     "China 3 (or older) light diesel truck replaced early by a China 6b truck", "vehicle",
     "1.A.3.b", "light_truck_diesel.china3_or_older", "vehicle", 1, 15, "", "", "false", "true",
     "移动源老旧车辆淘汰 phase-out of China III trucks (key project; least certain)",
     "china3_light_trucks", SCRAP, "estimate",
     "as for heavy trucks: retires with the China 3 fleet"),
    ("china3_light_truck_to_electric", "vehicles", "国三及以下轻型柴油货车淘汰更新为电动货车",
     "China 3 (or older) light diesel truck replaced early by a battery-electric truck",
     "vehicle", "1.A.3.b", "light_truck_diesel.china3_or_older", "vehicle", 1, 15, "", "",
     "false", "true", "移动源老旧车辆淘汰 phase-out of China III trucks (key project; least "
     "certain)", "china3_light_trucks", SCRAP, "estimate",
     "retires with the China 3 fleet; urban delivery duty suits battery trucks"),
    ("low_voc_coating", "voc", "工业涂装低VOCs含量原辅材料替代",
     "Low-VOC coatings substituted in industrial coating", "t coating/yr", "solvent.coating",
     "coating_use", "t", 1, 10, "", "", "false", "true",
     "VOCs源头替代 low-VOC substitution (key project)", "coating_vocs", VOC_COST, "estimate",
     "water-borne or high-solids coatings; spray-line changes; 10 yr"),
    ("voc_treatment_coating", "voc", "工业涂装VOCs深度治理",
     "VOC end-of-pipe treatment in industrial coating", "t coating/yr", "solvent.coating",
     "coating_use", "t", 1, 10, "", "", "false", "true",
     "VOCs综合治理 VOC treatment (key project)", "coating_vocs",
     VOC_COST + "; " + VOC_REMOVAL, "estimate", "adsorption + catalytic combustion; 10 yr"),
    ("voc_treatment_printing", "voc", "包装印刷VOCs深度治理",
     "VOC deep treatment in packaging printing", "t ink/yr", "solvent.printing", "ink_use",
     "t", 1, 10, "", "", "false", "true", "VOCs综合治理 VOC treatment (key project)", "",
     VOC_COST + "; " + VOC_REMOVAL, "estimate", "10 yr"),
    ("oil_vapour_recovery", "voc", "加油站/储油库油气回收深度治理",
     "Oil-vapour recovery upgrade at fuel depots and gas stations", "t gasoline/yr",
     "fuel_distribution.gasoline_stations", "gasoline", "t", 1, 10, "", "", "false", "true",
     "油品储运销VOCs治理 fuel storage and sale (key project)", "", "estimate", "estimate",
     "stage II upgrade + online monitoring ~150,000 CNY for a 3000 t/yr station; 10 yr"),
    ("urban_wwtp_new_capacity", "wastewater", "中心城区污水收集处理能力新增",
     "New sewage collection and treatment, central city", "m3/d", "service",
     "urban_sewage_volume", "m3/d", 1, 25, "", "", "false", "true",
     "城镇污水处理设施建设 urban WWTP and networks (key project)", "",
     "estimate (no Ankang project cost read)", "estimate",
     "plant ~1500-2500 CNY per m3/d plus the collection network; 25 yr"),
    ("county_wwtp_new_capacity", "wastewater", "县城污水收集处理能力新增",
     "New sewage collection and treatment, county towns", "m3/d", "service",
     "county_sewage_volume", "m3/d", 1, 25, "", "", "false", "true",
     "城镇污水处理设施建设 county-town WWTP and networks (key project)", "",
     "estimate (no Ankang project cost read)", "estimate",
     "small plants, longer networks per m3; 25 yr"),
    ("wwtp_upgrade_urban", "wastewater", "中心城区污水处理厂提标改造(一级B→一级A)",
     "Central-city WWTP upgrade from Grade 1B to 1A", "m3/d", "service",
     "urban_sewage_treated", "m3/d", 1, 20, "", "", "false", "true",
     "污水处理厂提标改造 WWTP upgrade (key project)", "",
     "Grade 2->1 upgrade capex 323-623 CNY per t/d, opex 0.11-0.20 CNY/t (环境科学学报 2011, "
     "2007 data); " + CPI, "estimate",
     "the source's Grade 2->1 cost used for 1B->1A (estimate); 20 yr"),
    ("wwtp_upgrade_county", "wastewater", "县城污水处理厂提标改造(一级B→一级A)",
     "County-town WWTP upgrade from Grade 1B to 1A", "m3/d", "service",
     "county_sewage_treated", "m3/d", 1, 20, "", "", "false", "true",
     "污水处理厂提标改造 WWTP upgrade (key project)", "",
     "as wwtp_upgrade_urban (环境科学学报 2011); " + CPI, "estimate", "20 yr"),
    ("rural_sewage_treatment", "wastewater", "农村生活污水治理",
     "Rural domestic sewage treatment (household connected)", "household", "service",
     "rural_households", "household", 1, 20, "", "", "false", "true",
     "农村生活污水治理 rural sewage (key project)", "",
     "住建部《农村生活污水处理项目建设与投资指南》: small constructed wetland 2600-3700 CNY per "
     "t/d; " + CPI, "estimate",
     "household flow 2.51 persons x 60 L/d = 0.151 m3/d; 20 yr"),
    ("manure_utilisation", "manure", "畜禽粪污资源化利用",
     "Livestock manure collected and used (composting/land application)", "t manure/yr",
     "service", "manure_produced", "t/yr", 1, 15, "", "", "false", "true",
     "畜禽养殖粪污治理 livestock manure (key project)", "",
     "whole-county manure projects: 曾都区 (Hubei) total 6658x10^4 CNY; central support "
     "3000-6000x10^4 CNY per county (农业农村部 畜禽粪污资源化利用整县推进项目); " + CPI,
     "estimate", "15 yr"),
    ("distributed_solar_pv", "renewable", "分布式光伏(整县屋顶)", "Distributed rooftop solar PV",
     "kW", "domestic_wastewater.urban;domestic_wastewater.rural", "population", "person", 2.5,
     25, "", "", "false", "false", "可再生能源 renewable power (not a pollutant key project)", "",
     "国家能源局综合司《关于报送整县(市、区)屋顶分布式光伏开发试点方案的通知》(2021-06): "
     "rooftops of public buildings >= 40 %, commercial >= 30 %, rural homes >= 20 %",
     "estimate", "rooftop potential 0.4 kW per resident (a household of 2.51 persons x 20 % of "
     "rural roofs x 5 kW plus public and commercial roofs; estimate) = 1 kW per 2.5 persons; "
     "plan section 五 asks to develop hydro and solar; 25 yr"),
    ("heavy_metal_wastewater_deep_treatment", "heavy_metals",
     "涉重金属重点行业企业废水深度治理(硫化物沉淀+过滤/离子交换)",
     "Deep treatment of key heavy-metal enterprises' wastewater (mining and smelting)",
     "10^4 m**3/yr", "heavy_metals.nonferrous_mining;heavy_metals.nonferrous_smelting",
     "wastewater", "10^4 m**3", 1, 10, "", "", "false", "false",
     "重点行业重金属污染物减排工程 heavy-metal key project (counts toward no COD, NH3-N, NOx or "
     "VOCs load target)", "", HM_COST, "estimate",
     "one unit = 10^4 m3/yr of key-enterprise wastewater brought from the direct-discharge limit "
     "to half of it; 10 yr"),
    ("sludge_kiln_coprocessing_urban", "sludge", "中心城区污泥水泥窑协同处置",
     "Central-city sewage sludge co-processed in a cement kiln (made harmless)", "t/yr",
     "service", "urban_sewage_treated", "m**3/d", 3.9139, 15, "", "", "false", "false",
     "污泥无害化处置 sludge made harmless (not a pollutant load project)", "", SLUDGE_COST,
     "estimate", "one unit = 1 t/yr of wet sludge (80 % moisture) made harmless; the pack has "
     "cement kilns (2.A.1); " + SLUDGE_SPU + "; 15 yr"),
    ("sludge_kiln_coprocessing_county", "sludge", "县城污泥水泥窑协同处置",
     "County-town sewage sludge co-processed in a cement kiln (made harmless)", "t/yr",
     "service", "county_sewage_treated", "m**3/d", 3.9139, 15, "", "", "false", "false",
     "污泥无害化处置 sludge made harmless (not a pollutant load project)", "", SLUDGE_COST,
     "estimate", "as the central city; " + SLUDGE_SPU + "; 15 yr"),
    ("sludge_composting_county", "sludge", "县城污泥好氧堆肥+土地利用",
     "County-town sewage sludge composted and used on land (made harmless)", "t/yr", "service",
     "county_sewage_treated", "m**3/d", 3.9139, 15, "", "", "false", "false",
     "污泥无害化处置 sludge made harmless (not a pollutant load project)", "",
     SLUDGE_COST + "; " + SLUDGE_COMPOST, "estimate",
     "one unit = 1 t/yr of wet sludge composted to the land-use standard (GB/T 23486 / "
     "CJ/T 309, recalled); " + SLUDGE_SPU + "; 15 yr"),
    ("industrial_energy_efficiency", "efficiency", "工业节能改造(能效领跑者/清洁生产)",
     "Industrial energy-efficiency retrofits", "tce/yr", "1.A.2", "*", "tce", 1, 10, "", 0.05,
     "false", "false", "节能改造 energy efficiency (not a key reduction project)", "",
     "estimate", "estimate",
     "uptake cap 5 % of the potential per year: the energy-efficiency gap (hidden costs, "
     "capital rationing, split incentives: Jaffe & Stavins 1994, Resour. Energy Econ. 16:91, "
     "doi:10.1016/0928-7655(94)90001-9) keeps self-financing retrofits from happening at once; "
     "the rate is an estimate; 10 yr"),
    # issue #14: the largest primary-PM2.5 sources the data pack added (household biomass,
    # road dust) need their abatement measures for the PM2.5 target to have a margin
    ("household_clean_biomass_stove", "air_quality", "农户传统柴灶替换为清洁(半气化)生物质炉具",
     "Household wood stove replaced by a clean (semi-gasifier) biomass stove", "household",
     "biomass_burning.residential", "fuelwood", "t", 0.75, 8, "", "", "false", "false",
     "农村清洁取暖/炊事 household clean heating and cooking (not a key project)", "",
     STOVE_COST, "estimate",
     "one household burns 0.75 t fuelwood/yr (2.51 persons per household, 7th census, x the "
     "pack's 0.30 t per rural resident); stove life 8 yr (estimate)"),
    ("road_dust_wet_sweeping", "air_quality", "道路机械化湿式清扫与冲洗",
     "Mechanised wet sweeping and washing of paved roads", "10^6 vehicle-km/yr",
     "fugitive_dust.paved_roads", "vehicle_km", "km", 1_000_000, 8, "", "", "false", "false",
     "扬尘综合治理 fugitive-dust control (not a key reduction project)", "", SWEEP_COST,
     "estimate", "one unit = the roads carrying 10^6 vehicle-km/yr cleaned wet every day; "
     "sweeper and washer trucks 8 yr (estimate)"),
]

CHANGES = [  # measure, change, category, activity, gas, value, unit, source, status, method
    ("industrial_boiler_electrification", "activity", "source", "raw_coal", "", -1, "t", NCV,
     "estimate", "1 t raw coal not burned"),
    ("industrial_boiler_electrification", "activity", "source", "electricity", "", 4.2794,
     "MWh", NCV, "estimate",
     "useful heat 20.908 GJ x 0.70 (small coal boiler, estimate) / 0.95 (electric boiler, "
     "estimate) / 3.6 GJ/MWh = 4.2794 MWh"),
    ("coal_boiler_to_gas", "activity", "source", "raw_coal", "", -1, "t", NCV, "estimate",
     "1 t raw coal not burned"),
    ("coal_boiler_to_gas", "activity", "source", "natural_gas", "", 457.5, "m**3", NCV,
     "estimate", "20.908 GJ x 0.70 / 0.90 (gas boiler, estimate) / 35.544 MJ/m3 = 457.5 m3"),
    ("residential_coal_to_electric", "activity", "1.A.4.b", "raw_coal", "", -1.0, "t", NCV,
     "estimate", "1.0 t raw coal per household"),
    ("residential_coal_to_electric", "activity", "1.A.4.b", "electricity", "", 2.0327, "MWh",
     NCV, "estimate", "20.908 GJ x 0.35 (stove, estimate) / 1.0 / 3.6 = 2.0327 MWh"),
    ("residential_coal_to_gas", "activity", "1.A.4.b", "raw_coal", "", -1.0, "t", NCV,
     "estimate", "1.0 t raw coal per household"),
    ("residential_coal_to_gas", "activity", "1.A.4.b", "natural_gas", "", 374.0, "m**3", NCV,
     "estimate", "20.908 GJ x 0.35 / 0.55 (gas stove, estimate) / 35.544 MJ/m3 = 374 m3"),
    ("electric_bus", "activity", "1.A.3.b", "bus_diesel.*", "", -1, "vehicle",
     "data pack (bus stock and mileage)", "estimate", "one diesel bus of the fleet's mix of "
     "standards less (its exhaust at the pack's mileage)"),
    ("electric_bus", "activity", "1.A.3.b", "diesel", "", -12.75, "t", "estimate", "estimate",
     "50,000 km/yr x 30 L/100 km x 0.85 kg/L = 12.75 t diesel"),
    ("electric_bus", "activity", "1.A.3.b", "electricity", "", 45.0, "MWh", "estimate",
     "estimate", "50,000 km x 90 kWh/100 km = 45 MWh"),
    ("electric_taxi", "activity", "1.A.3.b", "passenger_car_gasoline.*", "", -100000, "km",
     "estimate", "estimate", "a taxi drives 100,000 km/yr (estimate): that mileage of the car "
     "fleet's mix of standards less"),
    ("electric_taxi", "activity", "1.A.3.b", "gasoline", "", -5.92, "t", "estimate", "estimate",
     "100,000 km x 8 L/100 km x 0.74 kg/L = 5.92 t gasoline"),
    ("electric_taxi", "activity", "1.A.3.b", "electricity", "", 15.0, "MWh", "estimate",
     "estimate", "100,000 km x 15 kWh/100 km = 15 MWh"),
    ("electric_official_car", "activity", "1.A.3.b", "passenger_car_gasoline.*", "", -15000,
     "km", "estimate", "estimate", "an official car drives 15,000 km/yr (estimate)"),
    ("electric_official_car", "activity", "1.A.3.b", "gasoline", "", -0.888, "t", "estimate",
     "estimate", "15,000 km x 8 L/100 km x 0.74 kg/L = 0.888 t"),
    ("electric_official_car", "activity", "1.A.3.b", "electricity", "", 2.25, "MWh",
     "estimate", "estimate", "15,000 km x 15 kWh/100 km = 2.25 MWh"),
    ("cement_kiln_ultra_low", "abatement", "source", "clinker_production", "NOx", 0.75, "1",
     "estimate", "estimate", "the pack's kiln factor 0.96 kg NOx/t clinker is ~417 mg/Nm3 at "
     "2300 Nm3/t (SNCR at the GB 4915-2013 limit); SCR to 100 mg/Nm3: (417-100)/417 = 0.76"),
    ("cement_kiln_ultra_low", "abatement", "source", "clinker_production", "PM2.5", 0.17, "1",
     "estimate", "estimate", "dust 20 -> 10 mg/Nm3 with the fine fraction about a third "
     "(estimate)"),
    ("cement_kiln_ultra_low", "activity", "1.A.2.f", "electricity", "", 0.001, "MWh",
     "estimate", "estimate", "SCR fan and heating power ~1 kWh per t clinker"),
    ("chemical_boiler_ultra_low", "abatement", "source", "raw_coal", "NOx", 0.6, "1",
     "estimate", "estimate", "the pack's 3.8 kg NOx/t coal is ~380 mg/Nm3 at 10,000 Nm3/t; "
     "SNCR+SCR to ~150 mg/Nm3 (60 %); ultra-low 50 mg/Nm3 would be 87 %"),
    ("chemical_boiler_ultra_low", "abatement", "source", "raw_coal", "SO2", 0.6, "1",
     "estimate", "estimate", "wet desulfurisation upgrade (estimate)"),
    ("chemical_boiler_ultra_low", "abatement", "source", "raw_coal", "PM2.5", 0.6, "1",
     "estimate", "estimate", "wet ESP (estimate)"),
    ("chemical_boiler_ultra_low", "activity", "1.A.2.c", "electricity", "", 0.005, "MWh",
     "estimate", "estimate", "5 kWh auxiliary power per t coal (estimate)"),
    ("china3_heavy_truck_to_china6b", "activity", "1.A.3.b",
     "heavy_truck_diesel.china3_or_older", "", -1, "vehicle", "data pack (stock, mileage)",
     "estimate", "one China 3 heavy truck less"),
    ("china3_heavy_truck_to_china6b", "activity", "1.A.3.b", "heavy_truck_diesel.china6", "",
     1, "vehicle", "data pack (stock, mileage)", "estimate",
     "one China 6 heavy truck more (same mileage; fuel use taken unchanged)"),
    ("china3_light_truck_to_china6b", "activity", "1.A.3.b",
     "light_truck_diesel.china3_or_older", "", -1, "vehicle", "data pack", "estimate",
     "one China 3 light truck less"),
    ("china3_light_truck_to_china6b", "activity", "1.A.3.b", "light_truck_diesel.china6", "",
     1, "vehicle", "data pack", "estimate", "one China 6 light truck more"),
    ("china3_light_truck_to_electric", "activity", "1.A.3.b",
     "light_truck_diesel.china3_or_older", "", -1, "vehicle", "data pack", "estimate",
     "one China 3 light truck less"),
    ("china3_light_truck_to_electric", "activity", "1.A.3.b", "diesel", "", -1.7, "t",
     "estimate", "estimate", "20,000 km/yr (the pack's light-truck mileage) x 10 L/100 km x "
     "0.85 kg/L = 1.7 t"),
    ("china3_light_truck_to_electric", "activity", "1.A.3.b", "electricity", "", 4.0, "MWh",
     "estimate", "estimate", "20,000 km x 20 kWh/100 km = 4 MWh"),
    ("low_voc_coating", "abatement", "source", "coating_use", "VOCs", 0.6, "1", "estimate",
     "estimate", "water-borne coatings carry about 60 % less VOC than solvent-borne"),
    ("voc_treatment_coating", "abatement", "source", "coating_use", "VOCs", 0.9, "1",
     VOC_REMOVAL, "estimate", "90 % removal of the covered VOCs"),
    ("voc_treatment_coating", "activity", "1.A.2.m", "electricity", "", 0.1, "MWh",
     "estimate", "estimate", "fans and catalytic combustion ~100 kWh per t coating (estimate)"),
    ("voc_treatment_printing", "abatement", "source", "ink_use", "VOCs", 0.9, "1", VOC_REMOVAL,
     "estimate", "90 % removal"),
    ("oil_vapour_recovery", "abatement", "source", "gasoline", "VOCs", 0.75, "1", "estimate",
     "estimate", "stage II recovery from 60 % (the pack's abatement) to 90 %: (0.9-0.6)/(1-0.6)"),
    ("urban_wwtp_new_capacity", "service", "service", "urban_sewage_treated", "", 1, "m**3/d",
     "data pack (services, domestic wastewater)", "estimate",
     "1 m3/d more treated; the load it removes is the inventory's (population generation x "
     "removal / volume)"),
    ("urban_wwtp_new_capacity", "activity", "1.A.4.a", "electricity", "", 0.1095, "MWh",
     "estimate", "estimate", "0.3 kWh/m3 x 365 d / 1000 (estimate)"),
    ("county_wwtp_new_capacity", "service", "service", "county_sewage_treated", "", 1, "m**3/d",
     "data pack", "estimate", "1 m3/d more treated"),
    ("county_wwtp_new_capacity", "activity", "1.A.4.a", "electricity", "", 0.1095, "MWh",
     "estimate", "estimate", "0.3 kWh/m3 x 365 d / 1000 (estimate)"),
    ("wwtp_upgrade_urban", "removal", "service", "urban_sewage_treated", "COD", 0.04, "1",
     GB18918, "estimate", "(60 - 50) mg/L / 250 mg/L influent (typical municipal sewage, "
     "estimate) = 0.04 of the influent"),
    ("wwtp_upgrade_urban", "removal", "service", "urban_sewage_treated", "NH3-N", 0.12, "1",
     GB18918, "estimate", "(8 - 5) / 25 mg/L influent = 0.12"),
    ("wwtp_upgrade_urban", "activity", "1.A.4.a", "electricity", "", 0.0365, "MWh",
     "estimate", "estimate", "0.1 kWh/m3 x 365 / 1000"),
    ("wwtp_upgrade_county", "removal", "service", "county_sewage_treated", "COD", 0.04, "1",
     GB18918, "estimate", "as wwtp_upgrade_urban"),
    ("wwtp_upgrade_county", "removal", "service", "county_sewage_treated", "NH3-N", 0.12, "1",
     GB18918, "estimate", "as wwtp_upgrade_urban"),
    ("wwtp_upgrade_county", "activity", "1.A.4.a", "electricity", "", 0.0365, "MWh",
     "estimate", "estimate", "0.1 kWh/m3 x 365 / 1000"),
    ("rural_sewage_treatment", "service", "service", "rural_households_treated", "", 1,
     "household", "data pack", "estimate", "one household connected"),
    ("manure_utilisation", "service", "service", "manure_used", "", 1, "t/yr", "data pack",
     "estimate", "1 t/yr of manure collected and used"),
    ("distributed_solar_pv", "activity", "generation", "solar", "", 1.0, "MWh", "estimate",
     "estimate", "1,000 full-load hours a year in the south of Shaanxi (cloudy Qinba "
     "mountains; estimate below the Shaanxi average of about 1,200 h)"),
    *[("heavy_metal_wastewater_deep_treatment", "abatement", "source", "wastewater", g, 0.5, "1",
       "estimate", "estimate", f"{g} of the treated wastewater from the direct-discharge limit (the "
       "pack's factor) to half of it (estimate; GB 25466-2010 also sets stricter special limits, "
       "not read); the same share on every metal and on their sum heavy_metals")
      for g in ("Pb", "Hg", "Cd", "As", "heavy_metals")],
    ("heavy_metal_wastewater_deep_treatment", "activity", "1.A.2.m", "electricity", "", 10.0,
     "MWh", "estimate", "estimate", "1 kWh/m3 for dosing, filtration and pumping (estimate) x "
     "10^4 m3"),
    ("sludge_kiln_coprocessing_urban", "service", "service", "urban_sludge_treated", "", 1,
     "t/yr", "data pack (services.csv)", "estimate",
     "1 t/yr of wet sludge made harmless; no pollutant credit (none sourced); kiln fuel and "
     "transport are in the operating cost"),
    ("sludge_kiln_coprocessing_county", "service", "service", "county_sludge_treated", "", 1,
     "t/yr", "data pack (services.csv)", "estimate", "as the central city"),
    ("sludge_composting_county", "service", "service", "county_sludge_treated", "", 1, "t/yr",
     "data pack (services.csv)", "estimate",
     "1 t/yr of wet sludge made harmless; no pollutant credit (none sourced)"),
    ("industrial_energy_efficiency", "activity_mix", "source", "*", "", -1, "tce", "data pack",
     "estimate", "1 tce less of the county's 1.A.2 energy, fuel by fuel in proportion to its "
     "use (electricity included)"),
    ("household_clean_biomass_stove", "abatement", "source", "fuelwood", "PM2.5", 0.6, "1",
     "estimate: semi-gasifier and improved biomass stoves cut PM2.5 by about half or more "
     "against traditional stoves in Chinese field tests (Shen et al. 2012, Environ. Sci. "
     "Technol. 46:4207, doi:10.1021/es203957u; values not re-read)", "estimate",
     "60 % of the stove's PM2.5 removed (estimate)"),
    ("household_clean_biomass_stove", "abatement", "source", "fuelwood", "VOCs", 0.5, "1",
     "estimate: products of incomplete combustion fall together", "estimate",
     "50 % of the stove's VOCs removed (estimate)"),
    ("road_dust_wet_sweeping", "abatement", "source", "vehicle_km", "PM2.5", 0.35, "1",
     "US EPA AP-42 13.2.1 (E ~ sL^0.91): the silt loading wet sweeping and washing leave",
     "estimate", "silt loading cut by about 40 % (estimate; Chinese road-dust studies report "
     "30-60 %) -> 1 - 0.6^0.91 = 0.37, taken as 0.35"),
]

# measure, item, year, value, unit, source, status, method
COSTS = [
    ("industrial_boiler_electrification", "capital", "", 300, "CNY/(t/yr)", BOILER_SUBSIDY,
     "estimate", "subsidy 6-8x10^4 CNY per t/h / 516 t coal/yr per t/h (0.7 MW x 3000 h / 0.70 / "
     "20.908 GJ/t) = 116-155 CNY per t coal/yr, doubled for the full cost, x1.05-1.12 CPI"),
    ("coal_boiler_to_gas", "capital", "", 150, "CNY/(t/yr)", BOILER_SUBSIDY, "estimate",
     "gas boilers cost less than electric ones; the subsidy covers most: 150"),
    ("residential_coal_to_electric", "capital", "", 6000, "CNY/household", "estimate",
     "estimate", "appliances and in-house wiring (no Ankang source)"),
    ("residential_coal_to_gas", "capital", "", 3000, "CNY/household", "estimate", "estimate",
     "service connection and appliances"),
    ("electric_bus", "capital", "", 600000, "CNY/vehicle", "estimate", "estimate",
     "incremental price over a new diesel bus"),
    ("electric_bus", "om", "", 0, "CNY/vehicle/yr", "estimate", "estimate",
     "maintenance taken equal to a diesel bus"),
    ("electric_taxi", "capital", "", 50000, "CNY/vehicle", "estimate", "estimate",
     "incremental price of a battery-electric compact car"),
    ("electric_official_car", "capital", "", 40000, "CNY/vehicle", "estimate", "estimate",
     "incremental price of a battery-electric compact car"),
    ("cement_kiln_ultra_low", "capital", "", 25, "CNY/(t/yr)", "estimate", "estimate",
     "SCR ~35-40x10^6 CNY on a 5000 t/d line / 1.5 Mt/yr"),
    ("cement_kiln_ultra_low", "om", "", 6, "CNY/t", "estimate", "estimate",
     "catalyst and ammonia beyond SNCR's reagent (below the 10 CNY/t of SNCR)"),
    ("chemical_boiler_ultra_low", "capital", "", 80, "CNY/(t/yr)", "estimate", "estimate",
     "SCR + wet desulfurisation + wet ESP on a 35-75 t/h boiler"),
    ("chemical_boiler_ultra_low", "om", "", 15, "CNY/t", "杨航 et al. 2017 (coal-power SCR "
     "opex 4.8-8.6 CNY/MWh)", "estimate", "reagents (the auxiliary power is a change row)"),
    ("china3_heavy_truck_to_china6b", "purchase", "", 350000, "CNY/vehicle", "estimate",
     "estimate", "price of a new China 6b heavy truck (mixed tractor/rigid; estimate), bought "
     "early: cost = price x (1 - E[(1+r)^-T]), T the years the old truck would still have run"),
    ("china3_heavy_truck_to_china6b", "residual", "", 20000, "CNY/vehicle", "estimate",
     "estimate", "resale value of the China 3 truck lost at scrappage, net of scrap value "
     "(a subsidy is a transfer, not a cost)"),
    ("china3_heavy_truck_to_china6b", "om", "", 2025, "CNY/vehicle/yr",
     "urea ~20 L per 1000 km (icauto.com.cn Q&A)", "estimate",
     "SCR urea: 6 % of 13,500 L diesel (45,000 km x 30 L/100 km) x 2.5 CNY/L"),
    ("china3_light_truck_to_china6b", "purchase", "", 100000, "CNY/vehicle", "estimate",
     "estimate", "new China 6b light truck, bought early"),
    ("china3_light_truck_to_china6b", "residual", "", 8000, "CNY/vehicle", "estimate",
     "estimate", "resale value lost"),
    ("china3_light_truck_to_china6b", "om", "", 300, "CNY/vehicle/yr",
     "urea ~20 L per 1000 km (icauto.com.cn Q&A)", "estimate",
     "6 % of 2,000 L diesel x 2.5 CNY/L"),
    ("china3_light_truck_to_electric", "purchase", "", 150000, "CNY/vehicle", "estimate",
     "estimate", "new battery-electric light truck, bought early"),
    ("china3_light_truck_to_electric", "residual", "", 8000, "CNY/vehicle", "estimate",
     "estimate", "resale value lost"),
    ("low_voc_coating", "capital", "", 1500, "CNY/(t/yr)", VOC_COST, "estimate",
     "5000 CNY per t VOCs/yr of spray-line changes x 0.3 t VOCs per t coating"),
    ("low_voc_coating", "om", "", 1440, "CNY/t", VOC_COST, "estimate",
     "the extra cost of water-borne coatings taken as the treatment-cost lower bound: 0.6 x "
     "8000 CNY/t VOCs x 0.3 t VOCs/t coating"),
    ("voc_treatment_coating", "capital", "", 6000, "CNY/(t/yr)", VOC_COST, "estimate",
     "20,000 CNY per t VOCs/yr x 0.3"),
    ("voc_treatment_coating", "om", "", 2160, "CNY/t", VOC_COST, "estimate",
     "0.9 x 8000 CNY/t VOCs x 0.3"),
    ("voc_treatment_printing", "capital", "", 10000, "CNY/(t/yr)", VOC_COST, "estimate",
     "20,000 CNY per t VOCs/yr x 0.5 t VOCs per t ink"),
    ("voc_treatment_printing", "om", "", 3600, "CNY/t", VOC_COST, "estimate",
     "0.9 x 8000 x 0.5"),
    ("oil_vapour_recovery", "capital", "", 50, "CNY/(t/yr)", "estimate", "estimate",
     "150,000 CNY per 3000 t/yr station"),
    ("oil_vapour_recovery", "om", "", 5, "CNY/t", "estimate", "estimate", "monitoring"),
    ("oil_vapour_recovery", "other_savings", "", 6.4, "CNY/t", "estimate", "estimate",
     "gasoline recovered 0.72 kg/t (the VOCs removed) x 8.9 CNY/kg"),
    ("urban_wwtp_new_capacity", "capital", "", 4000, "CNY/(m**3/d)", "estimate", "estimate",
     "plant ~1500-2500 plus network"),
    ("urban_wwtp_new_capacity", "om", "", 292, "CNY/(m**3/d)/yr", "estimate", "estimate",
     "0.8 CNY/m3 x 365 besides power (a change row)"),
    ("county_wwtp_new_capacity", "capital", "", 5000, "CNY/(m**3/d)", "estimate", "estimate",
     "small plants, longer networks"),
    ("county_wwtp_new_capacity", "om", "", 329, "CNY/(m**3/d)/yr", "estimate", "estimate",
     "0.9 CNY/m3 x 365 besides power"),
    ("wwtp_upgrade_urban", "capital", "", 657.47, "CNY/(m**3/d)", "环境科学学报 2011", "estimate",
     "midpoint 473 CNY per m3/d x 1.39 (2007->2020)"),
    ("wwtp_upgrade_urban", "om", "", 78.64, "CNY/(m**3/d)/yr", "环境科学学报 2011",
     "estimate", "0.155 CNY/m3 x 1.39 x 365"),
    ("wwtp_upgrade_county", "capital", "", 657.47, "CNY/(m**3/d)", "环境科学学报 2011",
     "estimate", "as the central city"),
    ("wwtp_upgrade_county", "om", "", 78.64, "CNY/(m**3/d)/yr", "环境科学学报 2011",
     "estimate", "as the central city"),
    ("rural_sewage_treatment", "capital", "", 4545.55, "CNY/household",
     "住建部《农村生活污水处理项目建设与投资指南》", "estimate",
     "3150 CNY per t/d x 1.15 x 0.151 m3/d + 4000 CNY collection pipes per household"),
    ("rural_sewage_treatment", "om", "", 27.48, "CNY/household/yr", "estimate", "estimate",
     "0.5 CNY/m3 x 0.151 m3/d x 365"),
    ("manure_utilisation", "capital", "", 397.81, "CNY/(t/yr)", "曾都区 whole-county project",
     "estimate", "6000x10^4 CNY per county project over the unused manure it brings to use "
     "(40 % of 500,000 pig-equivalents x 0.73 t/yr), x0.968 (2024->2020)"),
    ("manure_utilisation", "om", "", 15, "CNY/t", "estimate", "estimate", "collection, turning"),
    ("manure_utilisation", "other_savings", "", 10, "CNY/t", "estimate", "estimate",
     "organic-fertiliser value"),
    ("distributed_solar_pv", "capital", "", 3800, "CNY/kW",
     "中国光伏行业协会《中国光伏产业发展路线图(2020年版)》: distributed PV about 3.4 CNY/W in "
     "2020 (recalled, verify)", "estimate", "3.8 CNY/W for small rooftop systems incl. rural "
     "homes (above the commercial 3.4)"),
    ("distributed_solar_pv", "om", "", 40, "CNY/kW/yr", "estimate", "estimate",
     "about 1 % of the capital a year"),
    ("distributed_solar_pv", "other_savings", "", 354.5, "CNY/kW/yr",
     "陕西燃煤发电基准价 0.3545 CNY/kWh (国家发展改革委 发改价格规〔2019〕1658号, recalled)",
     "estimate", "1.0 MWh/kW sold or used at the coal benchmark price 354.5 CNY/MWh"),
    ("heavy_metal_wastewater_deep_treatment", "capital", "", 90909, "CNY/(10^4 m**3/yr)",
     HM_COST, "estimate", "3000 CNY per m3/d of treatment capacity x 10^4 m3 / 330 d"),
    ("heavy_metal_wastewater_deep_treatment", "om", "", 25000, "CNY/(10^4 m**3)", HM_COST,
     "estimate", "2.5 CNY/m3 for reagents, labour and hazardous-sludge disposal (power is a "
     "change row)"),
    ("sludge_kiln_coprocessing_urban", "capital", "", 547.95, "CNY/(t/yr)", SLUDGE_COST,
     "estimate", "20x10^4 CNY per t/d / 365 d"),
    ("sludge_kiln_coprocessing_urban", "om", "", 250, "CNY/t", SLUDGE_COST, "estimate",
     "midpoint of 200-300 CNY/t"),
    ("sludge_kiln_coprocessing_county", "capital", "", 547.95, "CNY/(t/yr)", SLUDGE_COST,
     "estimate", "as the central city"),
    ("sludge_kiln_coprocessing_county", "om", "", 300, "CNY/t", SLUDGE_COST, "estimate",
     "the top of 200-300 CNY/t: small loads and longer hauls to a kiln (estimate)"),
    ("sludge_composting_county", "capital", "", 1232.88, "CNY/(t/yr)", SLUDGE_COST, "estimate",
     "midpoint 45x10^4 CNY per t/d / 365 d"),
    ("sludge_composting_county", "om", "", 115, "CNY/t", SLUDGE_COST + "; " + SLUDGE_COMPOST,
     "estimate", "midpoint of 80-150 CNY/t; with the capital annuity (8 %, 15 yr) about 260 "
     "CNY/t, below the 315-350 CNY/t of 刘燕 et al. (2022), which includes additives"),
    ("industrial_energy_efficiency", "capital", "", 2500, "CNY/(tce/yr)", "estimate",
     "estimate", "NOT SOURCED (no published investment per tce of saving capacity was found in "
     "the sources searched): motors, waste-heat recovery, kiln and boiler tuning at 2,500 CNY "
     "per tce/yr of saving capacity, the order implied by the national 节能技术改造 financial "
     "awards of 240-300 CNY per tce/yr (recalled, 11th-12th FYP) being roughly a tenth of the "
     "investment; test 1,500-5,000 in sensitivity"),
    ("household_clean_biomass_stove", "capital", "", 2000, "CNY/household", STOVE_COST,
     "estimate", "stove and chimney, installed (estimate: 1,000-3,000 CNY in clean-stove "
     "programmes as recalled); fuel saved is self-collected wood, not counted as a saving"),
    ("road_dust_wet_sweeping", "capital", "", 5000, "CNY/(10^6 vehicle-km/yr)", SWEEP_COST,
     "estimate", "sweeper/washer trucks about 600,000 CNY each for 30 road-km, at 3.65x10^6 "
     "vehicle-km per road-km and year (10,000 vehicles a day): 0.27 road-km per unit"),
    ("road_dust_wet_sweeping", "om", "", 20000, "CNY/(10^6 vehicle-km/yr)/yr", SWEEP_COST,
     "estimate", "contracted mechanised cleaning about 4 CNY/m2/yr x 15,000 m2 per road-km "
     "= 60,000 CNY per road-km and year / 3 (10^6 vehicle-km per 0.27 road-km, rounded)"),
]

PRICE_SRC = "typical Shaanxi 2020 retail and industrial prices (estimate, not sourced)"
PRICES = [  # activity, category, year, value, unit, source, status, method
    ("raw_coal", "1.A.2", "", 700, "CNY/t", PRICE_SRC, "estimate", "industrial coal"),
    ("raw_coal", "1.A.4", "", 900, "CNY/t", PRICE_SRC, "estimate", "residential and commercial"),
    ("coke", "*", "", 2000, "CNY/t", PRICE_SRC, "estimate", "metallurgical coke"),
    ("natural_gas", "1.A.2", "", 2.8, "CNY/m**3", PRICE_SRC, "estimate", "industrial"),
    ("natural_gas", "1.A.4", "", 2.5, "CNY/m**3", PRICE_SRC, "estimate", "residential"),
    ("natural_gas", "1.A.3", "", 3.5, "CNY/m**3", PRICE_SRC, "estimate", "CNG for vehicles"),
    ("diesel", "*", "", 7650, "CNY/t", PRICE_SRC, "estimate", "retail diesel ~6.5 CNY/L / "
     "0.85 kg/L"),
    ("gasoline", "*", "", 8900, "CNY/t", PRICE_SRC, "estimate", "retail gasoline ~6.6 CNY/L / "
     "0.74 kg/L"),
    ("fuel_oil", "*", "", 4000, "CNY/t", PRICE_SRC, "estimate", "heavy fuel oil"),
    ("lpg", "*", "", 6000, "CNY/t", PRICE_SRC, "estimate", "bottled LPG"),
    ("electricity", "1.A.2", "", 600, "CNY/MWh", PRICE_SRC, "estimate", "industrial"),
    ("electricity", "1.A.4.b", "", 500, "CNY/MWh", PRICE_SRC, "estimate", "residential"),
    ("electricity", "1.A.4", "", 650, "CNY/MWh", PRICE_SRC, "estimate",
     "commercial and public (WWTPs)"),
    ("electricity", "1.A.3", "", 700, "CNY/MWh", PRICE_SRC, "estimate",
     "vehicle charging incl. service fee"),
]

# measure, region, year, potential_share, floor_share, source, status, method
P = "estimate"
POTENTIALS = [
    ("industrial_boiler_electrification", 2025, 0.3, 0, P,
     "30 % of raw coal in 1.A.2.e, 1.A.2.m and 1.A.4.a is burnt in boilers small enough to phase "
     "out by 2025; 60 % by 2030, 80 % by 2035 (estimate)"),
    ("industrial_boiler_electrification", 2030, 0.6, 0, P, "as 2025"),
    ("industrial_boiler_electrification", 2035, 0.8, 0, P, "as 2025"),
    ("coal_boiler_to_gas", 2025, 0.3, 0, P, "as industrial_boiler_electrification"),
    ("coal_boiler_to_gas", 2030, 0.6, 0, P, "as 2025"),
    ("coal_boiler_to_gas", 2035, 0.8, 0, P, "as 2025"),
    ("residential_coal_to_electric", 2025, 0.3, 0, P,
     "30 % of coal-using households reachable by grid upgrades by 2025 (mountain villages; "
     "estimate), 60 % 2030, 80 % 2035"),
    ("residential_coal_to_electric", 2030, 0.6, 0, P, "as 2025"),
    ("residential_coal_to_electric", 2035, 0.8, 0, P, "as 2025"),
    ("residential_coal_to_gas", 2025, 0.15, 0, P,
     "15 % within reach of town gas networks by 2025 (plan section 五), 30 % 2030, 40 % 2035"),
    ("residential_coal_to_gas", 2030, 0.3, 0, P, "as 2025"),
    ("residential_coal_to_gas", 2035, 0.4, 0, P, "as 2025"),
    ("electric_bus", 2025, 0.5, 0, P, "half the diesel buses by 2025, all by 2030 (estimate)"),
    ("electric_bus", 2030, 1.0, 0, P, "all"),
    ("electric_taxi", 2025, 0.0103, 0, P,
     "taxis = 2500 (about 1 per 1000 residents, the national ratio; estimate) of the pack's "
     "242,060 passenger cars = 1.03 % of the fleet"),
    ("electric_official_car", 2025, 0.0083, 0, P,
     "2000 official cars (estimate; plan section 十一) of 242,060 passenger cars"),
    ("cement_kiln_ultra_low", 2025, 0.5, 0, P, "half the clinker by 2025, all by 2030"),
    ("cement_kiln_ultra_low", 2030, 1.0, 0, P, "all kilns"),
    ("chemical_boiler_ultra_low", 2025, 1.0, 0, P,
     "all 1.A.2.c coal burnt in boilers that can be retrofitted (plan section 九)"),
    ("china3_heavy_truck_to_china6b", 2025, 1.0, 0.9, P,
     "floor 90 % of the China 3 heavy trucks left in the baseline in 2025 and after (rising from "
     "0 in 2020): plan section 十一 'basically eliminate' China 3 and older"),
    ("china3_light_truck_to_china6b", 2025, 1.0, 0.9, P, "as heavy trucks"),
    ("china3_light_truck_to_electric", 2025, 0.1, 0, P,
     "at most 10 % of light trucks suit battery-electric trucks in mountain terrain"),
    ("china3_light_truck_to_electric", 2030, 0.3, 0, P, "30 % by 2030"),
    ("low_voc_coating", 2025, 0.3, 0, P,
     "30 % of coating by 2025, 60 % 2030, 80 % 2035 (plan section 十)"),
    ("low_voc_coating", 2030, 0.6, 0, P, "as 2025"),
    ("low_voc_coating", 2035, 0.8, 0, P, "as 2025"),
    ("voc_treatment_coating", 2025, 0.3, 0, P, "as low_voc_coating"),
    ("voc_treatment_coating", 2030, 0.6, 0, P, "as 2025"),
    ("voc_treatment_coating", 2035, 0.8, 0, P, "as 2025"),
    ("voc_treatment_printing", 2025, 0.5, 0, P, "half the ink use by 2025, all by 2030"),
    ("voc_treatment_printing", 2030, 1.0, 0, P, "all"),
    ("oil_vapour_recovery", 2025, 0.5, 0, P, "half the gasoline sold by 2025, all by 2030"),
    ("oil_vapour_recovery", 2030, 1.0, 0, P, "all"),
    ("urban_wwtp_new_capacity", 2025, 1.0, 0, P, "all central-city sewage not yet treated"),
    ("county_wwtp_new_capacity", 2025, 1.0, 0, P, "all county-town sewage not yet treated"),
    ("wwtp_upgrade_urban", 2025, 0.3, 0, P,
     "30 % of the treated volume still at Grade 1B (most plants in the South-North Water "
     "Diversion source area are at 1A; estimate); all by 2030"),
    ("wwtp_upgrade_urban", 2030, 1.0, 0, P, "all"),
    ("wwtp_upgrade_county", 2025, 0.3, 0, P, "as central city"),
    ("wwtp_upgrade_county", 2030, 1.0, 0, P, "all"),
    ("rural_sewage_treatment", 2025, 0.5, 0, P,
     "half the households without treatment reachable by 2025 (dispersed hamlets excluded), "
     "70 % 2030, 90 % 2035"),
    ("rural_sewage_treatment", 2030, 0.7, 0, P, "as 2025"),
    ("rural_sewage_treatment", 2035, 0.9, 0, P, "as 2025"),
    ("manure_utilisation", 2025, 0.8, 0, P,
     "80 % of the manure not used reachable by whole-county projects by 2025 (the rest from "
     "dispersed household raising), 90 % 2030, 100 % 2035"),
    ("manure_utilisation", 2030, 0.9, 0, P, "as 2025"),
    ("manure_utilisation", 2035, 1.0, 0, P, "as 2025"),
    ("distributed_solar_pv", 2025, 0.3, 0, P,
     "30 % of the rooftop potential by 2025, 60 % by 2030, all by 2035 (整县推进 pace; estimate)"),
    ("distributed_solar_pv", 2030, 0.6, 0, P, "as 2025"),
    ("distributed_solar_pv", 2035, 1.0, 0, P, "as 2025"),
    ("heavy_metal_wastewater_deep_treatment", 2025, 0.8, 0, P,
     "80 % of the key enterprises' wastewater by 2025 (enterprises on the 全口径涉重金属重点行业企业"
     "清单 that can be upgraded; estimate), all by 2030"),
    ("heavy_metal_wastewater_deep_treatment", 2030, 1.0, 0, P, "all"),
    ("sludge_kiln_coprocessing_urban", 2025, 1.0, 0, P,
     "all the sludge of the treated sewage; the service cap (made harmless <= produced) leaves "
     "the part not yet made harmless"),
    ("sludge_kiln_coprocessing_county", 2025, 0.5, 0, P,
     "half the county-town sludge within haulage of a cement kiln (estimate)"),
    ("sludge_composting_county", 2025, 1.0, 0, P,
     "all county-town sludge (land for use is not limiting in a rural county; estimate); the "
     "service cap leaves the part not yet made harmless"),
    ("industrial_energy_efficiency", 2025, 0.03, 0, P,
     "only what is additional to the baseline (issue #12): the baseline's fossil-only "
     "elasticity (0.33, national 2016-2020) already lets 1.A.2 energy per unit of GDP fall about "
     "3 %/yr, the pace of the 13th FYP programmes; a technical potential of 8 % of 1.A.2 energy "
     "by 2025, 16 % by 2030, 24 % by 2035 (national 14th FYP -13.5 % intensity, estimate) less "
     "that trend's share that retrofits deliver (about 5, 10 and 15 points, estimate) leaves "
     "3 %, 6 % and 9 %"),
    ("industrial_energy_efficiency", 2030, 0.06, 0, P, "as 2025"),
    ("industrial_energy_efficiency", 2035, 0.09, 0, P, "as 2025"),
    ("household_clean_biomass_stove", 2025, 0.3, 0, P,
     "30 % of the households burning fuelwood reached by a stove programme by 2025, 60 % 2030, "
     "80 % 2035 (estimate)"),
    ("household_clean_biomass_stove", 2030, 0.6, 0, P, "as 2025"),
    ("household_clean_biomass_stove", 2035, 0.8, 0, P, "as 2025"),
    ("road_dust_wet_sweeping", 2025, 0.6, 0, P,
     "the city and county-town roads carrying about 60 % of the vehicle-km by 2025, 80 % from "
     "2030 (village roads excluded; estimate)"),
    ("road_dust_wet_sweeping", 2030, 0.8, 0, P, "as 2025"),
]

POOLS = [  # pool, year, capacity_share, source, status, method
    ("industrial_coal_boilers", "", 1.0, "measures.csv", "derived",
     "a boiler is electrified or converted to gas, not both: members together at most the "
     "source's coal"),
    ("residential_coal_households", "", 1.0, "measures.csv", "derived",
     "a household switches to electricity or to gas"),
    ("china3_light_trucks", "", 1.0, "measures.csv", "derived",
     "a China 3 light truck is replaced by a China 6b or an electric truck"),
    ("coating_vocs", "", 1.0, "measures.csv", "derived",
     "coating VOCs cut by low-VOC coatings or treated at the end of the pipe"),
]


def _write(name: str, header: list[str], rows: list[tuple]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    _write("measures.csv", ["measure", "family", "label_zh", "label_en", "unit",
                            "source_category", "source_activity", "source_unit",
                            "source_per_unit", "lifetime", "advance_years", "max_build_share",
                            "mandate", "eligible", "project_category", "pool", "source",
                            "status", "method", "lifetime_basis"],
           [(*row, "source" if row[0].startswith("china3_") else "fixed") for row in MEASURES])
    _write("changes.csv", ["measure", "change", "category", "activity", "gas", "value", "unit",
                           "source", "status", "method"], CHANGES)
    _write("costs.csv", ["measure", "item", "year", "value", "unit", "source", "status",
                         "method"], COSTS)
    _write("prices.csv", ["activity", "category", "year", "value", "unit", "source", "status",
                          "method"], PRICES)
    _write("potentials.csv", ["measure", "region", "year", "potential_share", "floor_share",
                              "source", "status", "method"],
           [(m, "", y, a, f, "inventories/ankang (the pack's activity)", s, meth)
            for m, y, a, f, s, meth in POTENTIALS])
    _write("pools.csv", ["pool", "year", "capacity_share", "source", "status", "method"], POOLS)
    for old in ("effects.csv",):
        if (OUT / old).exists():
            (OUT / old).unlink()


if __name__ == "__main__":
    main()
