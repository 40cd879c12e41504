"""Generate the Ankang 2020 data pack (regions, drivers, activity_energy, activity_ippu, electricity, supply)."""
import csv, sys
from pathlib import Path
out = Path(sys.argv[1])
COUNTIES = ["hanbin", "xunyang", "hanyin", "shiquan", "ningshan", "ziyang", "langao", "pingli", "zhenping", "baihe"]
ZH = dict(ankang="安康市", hanbin="汉滨区", xunyang="旬阳市", hanyin="汉阴县", shiquan="石泉县", ningshan="宁陕县",
          ziyang="紫阳县", langao="岚皋县", pingli="平利县", zhenping="镇坪县", baihe="白河县")
EN = dict(ankang="Ankang City", hanbin="Hanbin District", xunyang="Xunyang City", hanyin="Hanyin County",
          shiquan="Shiquan County", ningshan="Ningshan County", ziyang="Ziyang County", langao="Langao County",
          pingli="Pingli County", zhenping="Zhenping County", baihe="Baihe County")
# Original publications of the inputs (each figure was read in the source named here; the project's
# collection of public figures is a working file, not a publication, and is never cited).
CENSUS_CITY = ("安康市第七次全国人口普查主要数据公报 (安康市统计局, 2021-05-26), copy 安康新闻网 解读 "
               "http://qianyancaifu.com/news/ankang/aknews/394879.html")
CENSUS_ZIYANG = "紫阳县第七次全国人口普查公报 (copy https://p6360.com/rxibei/2002.html)"
CENSUS_PINGLI = "平利县第七次全国人口普查公报(第二号) (copy http://bx2200.com/renkoupc/xibei/2009.html)"
GDP_CITY = ("安康市委书记在省政府新闻办“奋斗百年路 启航新征程”发布会 (2021-07-28), reported by 各界导报 "
            "2021-07-29 http://oldpaper.gjnews.cn/gjdb/20210729/html/content_20210729003001.htm")
ZIYANG_GB = "2020年紫阳县国民经济和社会发展统计公报 (紫阳县统计局, 2021-06-10) https://www.zyx.gov.cn/Content-2265514.html"
NINGSHAN_GB = ("宁陕县2020年统计公报 (copy http://111.229.73.81/look/Statslisth?Id=9354; the page does not name the "
               "county: attributed to Ningshan by matching its grain and herb areas with the 宁陕县2021 and 2022 "
               "statistical communiques)")
NINGSHAN_2021 = "宁陕县2021年国民经济和社会发展统计公报 (2022-05-08) https://www.ningshan.gov.cn/Content-2399193.html"
XUNYANG_SRC = "mapbar 旬阳市概述 http://map.mapbar.com/ankang_xunyang (secondary web summary of 2019 figures)"
HANYIN_SRC = "汉阴概况 (汉阴县政府, 2023-04-21) https://www.hanyin.gov.cn/Node-23194.html"
AK2022 = ("2022年安康市国民经济和社会发展统计公报 (安康市统计局/国家统计局安康调查队, 2023-04), copy "
          "http://m.fzhcxjc.com/news/ankang/aknews/435895.html")
CEADS_CITY = ("CEADs Emission Inventories for 290 Chinese Cities 1997-2019, Ankang 2019 5.578 Mt CO2 (Shan et al. "
              "2022, City-level emission peak and drivers in China, Science Bulletin 67(18):1910-1920, "
              "doi:10.1016/j.scib.2022.08.024)")
CEADS_PROV = ("CEADs Emission Inventories for 30 Provinces 2019, sheet Shaanxi2019, CO2 by fuel and process (Guan et "
              "al. 2021, Assessment to China's recent emission pattern shifts, Earth's Future 9(11):e2021EF002241, "
              "doi:10.1029/2021EF002241)")
SX_GROWTH = ("国家统计局/国家发展改革委/国家能源局 2020年分省（区、市）万元地区生产总值能耗降低率等指标公报 "
             "(2021-08-23): Shaanxi energy consumption +0.3 %")
NATIONAL_ELEC = ("national 2020 electricity consumption 75,110 亿kWh (国家能源局 2020年全社会用电量 release) and GDP "
                 "1,015,986 亿元 (国家统计局 2020年国民经济和社会发展统计公报), both recalled, not re-read (verify)")
LIQ = ("liquisearch (Wikipedia-derived, undated) https://www.liquisearch.com/ankang/water_power_resources: "
       "Ankang + Shiquan + Xihe stations 110x10^4 kW")
SHIQUAN_SRC = "石泉水电站 词条 http://s.www.hbzqbyyxgs.com/citiao/117689.html: 135 MW (1975), design generation 6.5亿kWh"
SHUHE_SRC = "蜀河水电站 词条 http://hbzqbyyxgs.com/citiao/117691.html: 276 MW, mean generation 9.53亿kWh, 3530 h"
XY_SRC = "旬阳水电站 reports (m.yybnet.net 2021-01-11, cnr.cn 2022-12-29)"
def write(name, hdr, rows):
    with open(out / name, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, hdr); w.writeheader()
        for r in rows:
            w.writerow({h: r.get(h, "") for h in hdr})
write("regions.csv", ["region", "name_zh", "name_en", "parent", "source"],
      [dict(region=r, name_zh=ZH[r], name_en=EN[r], parent="" if r == "ankang" else "ankang",
            source="administrative divisions of Ankang (docs/CONTRACTS.md §1; 旬阳 became a county-level city in 2021)")
       for r in ["ankang"] + COUNTIES])

# ---------------- population 2020 ----------------
CITY_POP = 2493436
pop_rep = {"ziyang": (260971, CENSUS_ZIYANG),
           "pingli": (181286, CENSUS_PINGLI)}
pop_est = {"ningshan": (round(23.16e8 / 38690), "derived: Ningshan GDP 2020 23.16亿元 / GDP per capita 2020 38,690 CNY (宁陕县2020年统计公报; 宁陕县2021年国民经济和社会发展统计公报, 2022-05-08)"),
           "hanyin": (237900, "Hanyin resident population 23.79万 from 汉阴概况 (page dated 2023, year of figure not stated) used for 2020"),
           "xunyang": (435667, "Xunyang resident population 2019 43.5667万 (mapbar summary) carried to 2020")}
pop_src = {"ningshan": NINGSHAN_GB + " (GDP 23.16亿元); " + NINGSHAN_2021 + " (GDP per capita 2020 38,690 CNY)",
           "hanyin": HANYIN_SRC, "xunyang": XUNYANG_SRC}
known = sum(v for v, _ in pop_rep.values()) + sum(v for v, _ in pop_est.values())
rem = CITY_POP - known
W = {"hanbin": 87.4, "shiquan": 15.6, "langao": 13.6, "zhenping": 4.8, "baihe": 16.6}
pop = {k: v for k, (v, _) in pop_rep.items()}; pop.update({k: v for k, (v, _) in pop_est.items()})
alloc = {k: rem * w / sum(W.values()) for k, w in W.items()}
pop.update({k: round(v) for k, v in alloc.items()})
pop["hanbin"] += CITY_POP - sum(pop[c] for c in COUNTIES)  # rounding residue
drivers = []
drivers.append(dict(region="ankang", year=2020, indicator="population", value=CITY_POP, unit="person",
                    source=CENSUS_CITY, status="reported"))
for c in COUNTIES:
    if c in pop_rep:
        drivers.append(dict(region=c, year=2020, indicator="population", value=pop[c], unit="person", source=pop_rep[c][1], status="reported"))
    elif c in pop_est:
        drivers.append(dict(region=c, year=2020, indicator="population", value=pop[c], unit="person", source=pop_src[c],
                            status="estimate", method=pop_est[c][1]))
    else:
        drivers.append(dict(region=c, year=2020, indicator="population", value=pop[c], unit="person", source="estimate; city total: " + CENSUS_CITY,
                            status="calibrated", method=f"calibrated to the census city total: city census total {CITY_POP} minus the five counties with figures ({known}) = {round(rem)}, split over hanbin/shiquan/langao/zhenping/baihe by weights 87.4/15.6/13.6/4.8/16.6 (engineer's approximate recollection of the 2020 county census totals in 万人, UNVERIFIED: replace with the county census communiques); the counties add up to the city by construction, so that sum is no check"))
share_pop = {c: pop[c] / CITY_POP for c in COUNTIES}

# ---------------- GDP 2020 (current = constant 2020 prices) ----------------
GDP = 1088.78
gdp_rep = {"ziyang": (100.53, ZIYANG_GB, "reported", ""),
           "ningshan": (23.16, NINGSHAN_GB, "reported", ""),
           "xunyang": (187.05, XUNYANG_SRC, "estimate", "2019 current-price GDP carried to 2020 (no 2020 county figure was found)")}
rest = [c for c in COUNTIES if c not in gdp_rep]
rem_gdp = GDP - sum(v[0] for v in gdp_rep.values())
gdp = {c: v[0] for c, v in gdp_rep.items()}
rp = sum(pop[c] for c in rest)
gdp.update({c: rem_gdp * pop[c] / rp for c in rest})
SEC = {"ziyang": (17.74, 40.63, 42.16), "ningshan": (6.08, 5.72, 11.36), "xunyang": (19.83, 98.28, 68.93)}
CITY_SHARE = (0.137, 0.426, 0.437)  # 2022 communique shares
city_sec = [GDP * s for s in CITY_SHARE]
for ind_i, ind in enumerate(["gdp_primary", "gdp_secondary", "gdp_tertiary"]):
    pass
for ind, unit in [("gdp", "亿元"), ("gdp_current", "亿元")]:
    drivers.append(dict(region="ankang", year=2020, indicator=ind, value=GDP, unit=unit,
                        source=GDP_CITY, status="reported",
                        note="constant 2020 prices = current 2020 prices in the base year" if ind == "gdp" else ""))
    for c in COUNTIES:
        if c in gdp_rep:
            v, s, st, m = gdp_rep[c]
            drivers.append(dict(region=c, year=2020, indicator=ind, value=round(v, 4), unit=unit, source=s, status=st, method=m))
        else:
            drivers.append(dict(region=c, year=2020, indicator=ind, value=round(gdp[c], 4), unit=unit, source="estimate; city total: " + GDP_CITY, status="calibrated",
                                method=f"calibrated to the reported city GDP: city GDP 1088.78 minus Ziyang, Ningshan, Xunyang ({GDP-rem_gdp:.2f}) = {rem_gdp:.2f} 亿元, split over the other 7 counties by 2020 population share (drivers.csv population); the counties add up to the city by construction, so that sum is no check"))
for i, ind in enumerate(["gdp_primary", "gdp_secondary", "gdp_tertiary"]):
    drivers.append(dict(region="ankang", year=2020, indicator=ind, value=round(city_sec[i], 4), unit="亿元",
                        source=AK2022 + " (2022 sector shares 13.7/42.6/43.7 %); city GDP 2020: " + GDP_CITY, status="estimate",
                        method=f"city GDP 2020 1088.78 亿元 x 2022 sector share {CITY_SHARE[i]*100:.1f}% (2022 communique; no 2020 split was found)"))
    known_s = sum(SEC[c][i] for c in SEC)
    for c in COUNTIES:
        if c in SEC:
            st, m = ("estimate", "2019 value carried to 2020") if c == "xunyang" else ("reported", "")
            drivers.append(dict(region=c, year=2020, indicator=ind, value=SEC[c][i], unit="亿元", source=gdp_rep[c][1], status=st, method=m))
        else:
            drivers.append(dict(region=c, year=2020, indicator=ind, value=round((city_sec[i] - known_s) * pop[c] / rp, 4), unit="亿元", source="estimate", status="calibrated",
                                method="calibrated to the city row: city sector value added (estimate: 2020 GDP x 2022 share) minus Ziyang, Ningshan, Xunyang, split over the other 7 counties by population share; the counties add up to the city row by construction, so that sum is no check"))
write("drivers.csv", ["region", "year", "indicator", "value", "unit", "source", "status", "method", "note"], drivers)
sec_va = {c: [r for r in drivers if r["region"] == c and r["indicator"] == "gdp_secondary"][0]["value"] for c in COUNTIES}
pri_va = {c: [r for r in drivers if r["region"] == c and r["indicator"] == "gdp_primary"][0]["value"] for c in COUNTIES}
ter_va = {c: [r for r in drivers if r["region"] == c and r["indicator"] == "gdp_tertiary"][0]["value"] for c in COUNTIES}
def shares(d):
    t = sum(d.values()); return {k: v / t for k, v in d.items()}
PROXY = {"secondary": shares(sec_va), "primary": shares(pri_va), "tertiary": shares(ter_va), "population": share_pop,
         "gdp": shares(gdp)}

# ---------------- energy CO2 calibration and fuel mix ----------------
CEADS19, PROC_SHARE, GROWTH = 5.578e6, 19.24 / 296.27, 1.003
E = CEADS19 * (1 - PROC_SHARE) * GROWTH
SX = {"coal": 171.03 + 16.31 + 6.53, "coke": 20.53, "natural_gas": 20.58, "gasoline": 8.95, "diesel": 11.63, "lpg": 1.01, "fuel_oil": 0.22}
ADJ = {"coal": 0.5, "coke": 0.5, "natural_gas": 1.0, "gasoline": 1.5, "diesel": 1.5, "lpg": 1.5, "fuel_oil": 1.5}
w = {k: SX[k] * ADJ[k] for k in SX}
fuel_share = {k: v / sum(w.values()) for k, v in w.items()}
# t CO2 per physical unit with the default library (china NCV x IPCC CO2 EF)
NCV = {"coal": 20.908, "coke": 28.435, "natural_gas": 35.544e-3 * 1e4, "gasoline": 43.070, "diesel": 42.652, "lpg": 50.179, "fuel_oil": 41.816}  # GJ/t, GJ/万m3
EF = {"coal": 94.6, "coke": 107.0, "natural_gas": 56.1, "gasoline": 69.3, "diesel": 74.1, "lpg": 63.1, "fuel_oil": 77.4}  # t/TJ -> kg/GJ
ACT = {"coal": "raw_coal", "coke": "coke", "natural_gas": "natural_gas", "gasoline": "gasoline", "diesel": "diesel", "lpg": "lpg", "fuel_oil": "fuel_oil"}
UNIT = {k: "万立方米" if k == "natural_gas" else "t" for k in SX}
phys = {k: E * fuel_share[k] / (NCV[k] * EF[k] / 1000) for k in SX}
# clinker: process CO2 share x CEADs, growth, / (0.52 x 1.02)
CLINKER = CEADS19 * PROC_SHARE * GROWTH / (0.52 * 1.02)
KILN_COAL = CLINKER * 0.112 / 0.7143  # t raw coal: 112 kgce/t clinker
SPLIT = {  # fuel -> [(category, share, proxy)]
    "coal": [("1.A.2.c", 0.15, "secondary"), ("1.A.2.e", 0.10, "secondary"), ("1.A.2.m", 0.50, "secondary"),
             ("1.A.4.a", 0.05, "tertiary"), ("1.A.4.b", 0.17, "population"), ("1.A.4.c", 0.03, "primary")],
    "coke": [("1.A.2.b", 0.70, "secondary"), ("1.A.2.m", 0.20, "secondary"), ("1.A.4.b", 0.10, "population")],
    "natural_gas": [("1.A.4.b", 0.35, "population"), ("1.A.4.a", 0.20, "tertiary"), ("1.A.3.b", 0.15, "gdp"),
                    ("1.A.2.e", 0.10, "secondary"), ("1.A.2.m", 0.20, "secondary")],
    "gasoline": [("1.A.3.b", 0.95, "gdp"), ("1.A.4.c", 0.05, "primary")],
    "diesel": [("1.A.3.b", 0.75, "gdp"), ("1.A.4.c", 0.10, "primary"), ("1.A.2.m", 0.10, "secondary"), ("1.A.4.a", 0.05, "tertiary")],
    "lpg": [("1.A.4.b", 0.70, "population"), ("1.A.4.a", 0.30, "tertiary")],
    "fuel_oil": [("1.A.2.m", 1.0, "secondary")],
}
SRC = ("calibrated estimate (method: inventories/ankang/README.md) from " + CEADS_CITY + "; " + CEADS_PROV + "; " + SX_GROWTH
       + "; NCV GB/T 2589-2020 Appendix A; CO2 EF IPCC 2006 GL Vol 2 Ch 1 Table 1.4; county proxies drivers.csv")
SRC_KILN = ("calibrated estimate (method: inventories/ankang/README.md) from clinker 2020 (activity_ippu.csv: " + CEADS_CITY + "; "
            + CEADS_PROV + "); GB 16780-2012 水泥单位产品能源消耗限额 (limit for existing lines, recalled, verify); "
            "GB/T 2589-2020 Appendix A raw coal 0.7143 kgce/kg")
SRC_ELEC = ("estimate (method: inventories/ankang/README.md) from " + NATIONAL_ELEC + "; Ankang GDP 2020: " + GDP_CITY
            + "; county proxies drivers.csv")
SRC_CLINKER = ("calibrated estimate (method: inventories/ankang/README.md) from " + CEADS_CITY + "; " + CEADS_PROV + "; " + SX_GROWTH
               + "; IPCC 2006 GL Vol 3 Ch 2 clinker EF 0.52 t CO2/t and CKD correction 1.02")
BASE = (f"calibrated to CEADs: the fossil-fuel rows of this file are scaled so that their 1.A CO2 reproduces energy CO2 2020 = CEADs Ankang 2019 5.578 Mt x (1 - Shaanxi 2019 process share 19.24/296.27) x 1.003 (Shaanxi 2020 energy growth) = {E/1e6:.4f} Mt, so agreeing with CEADs is no check; "
        "fuel share = Shaanxi CEADs 2019 fuel CO2 x Ankang adjustment (coal x0.5, coke x0.5, gas x1.0, oil products x1.5; coke-oven gas, other gas, crude oil, kerosene dropped) -> {fs:.2%}; "
        "t = CO2 / (GB/T 2589 NCV x IPCC CO2 EF)")
energy = []
def put(cat, fuel, amount_city, proxy, how, src=SRC, status="calibrated"):
    for c in COUNTIES:
        v = amount_city * PROXY[proxy][c]
        energy.append(dict(region=c, year=2020, category=cat, activity=ACT.get(fuel, fuel), value=f"{v:.6g}", unit=UNIT.get(fuel, "万千瓦时") ,
                           source=src, status=status, method=how + f"; county share by {proxy} proxy (drivers.csv)", uncertainty_pct=50))
for fuel, parts in SPLIT.items():
    total = phys[fuel]
    how0 = BASE.format(fs=fuel_share[fuel])
    if fuel == "coal":
        put("1.A.2.f", fuel, KILN_COAL, "secondary", f"calibrated to CEADs: cement kilns: clinker {CLINKER:.0f} t (activity_ippu.csv, calibrated to CEADs process CO2) x 112 kgce/t clinker (GB 16780-2012 limit for existing lines, recalled, verify) / 0.7143 kgce/kg; taken out of the raw-coal total, which is scaled to CEADs energy CO2 {E/1e6:.4f} Mt (see the other raw_coal rows)", src=SRC_KILN)
        total -= KILN_COAL
        how0 += "; minus cement-kiln coal (1.A.2.f)"
    for cat, sh, proxy in parts:
        put(cat, fuel, total * sh, proxy, how0 + f"; sector share {sh:.0%} (judgement: no coal power, coking or refining in Ankang; see README)")
# electricity consumption
NAT_INT = 75110 / 1015986 * 1e4  # kWh per 万元
ELEC = NAT_INT * GDP * 1e4 * 0.5 / 1e4  # 万kWh: kWh/万元 x 万元 x 0.5 -> kWh; /1e4 -> 万kWh
ELEC_SPLIT = [("1.A.2.m", 0.45, "secondary"), ("1.A.2.f", 0.10, "secondary"), ("1.A.4.a", 0.18, "tertiary"),
              ("1.A.4.b", 0.22, "population"), ("1.A.4.c", 0.02, "primary"), ("1.A.3.c", 0.03, "gdp")]
EHOW = (f"city consumption = national 2020 electricity intensity (75,110 亿kWh / 1,015,986 亿元 = {NAT_INT:.1f} kWh per 万元; NEA and NBS 2020 releases, recalled, verify) x Ankang GDP 1088.78 亿元 x 0.5 "
        f"(judgement: no aluminium/steel/chemical base load) = {ELEC/1e4:.2f} 亿kWh")
for cat, sh, proxy in ELEC_SPLIT:
    put(cat, "electricity", ELEC * sh, proxy, EHOW + f"; sector share {sh:.0%} (judgement)", src=SRC_ELEC, status="estimate")
write("activity_energy.csv", ["region", "year", "category", "activity", "value", "unit", "source", "status", "method", "uncertainty_pct"], energy)

ippu = []
for c in COUNTIES:
    ippu.append(dict(region=c, year=2020, category="2.A.1", activity="clinker_production", value=f"{CLINKER*PROXY['secondary'][c]:.6g}", unit="t",
                     source=SRC_CLINKER, status="calibrated", uncertainty_pct=50,
                     method=(f"calibrated to CEADs: city clinker scaled so that 2.A.1 process CO2 reproduces CEADs Ankang 2019 5.578 Mt x Shaanxi 2019 process-CO2 share (19.24/296.27) x 1.003 = {CLINKER*0.52*1.02/1e6:.4f} Mt at 0.52 x 1.02 t CO2/t: / (0.52 x 1.02) = {CLINKER:.0f} t "
                             f"(the factor library's EF_cl 0.51 x CF_ckd 1.02 now gives {CLINKER*0.51*1.02/1e6:.4f} Mt, {(1-0.51/0.52)*100:.1f} % below that total); agreeing with CEADs is no check; "
                             "county share by secondary value added (plant locations not yet sourced: replace with 排污许可 / plant data, e.g. 尧柏)")))
write("activity_ippu.csv", ["region", "year", "category", "activity", "value", "unit", "source", "status", "method", "uncertainty_pct"], ippu)

# ---------------- electricity ----------------
# hydro: Shiquan 6.5e8 kWh design (sourced), Shuhe 9.53e8 (sourced), Ankang+Xihe = (1100-135) MW x 3530 h (Shuhe design hours)
hyd = {"shiquan_station": 6.5e4, "shuhe": 9.53e4}  # 万kWh
ank_xihe_mw = 1100 - 135
xihe_mw = 180
gen = {"hanbin": (ank_xihe_mw - xihe_mw) * 3530 / 10, "shiquan": 6.5e4 + xihe_mw * 3530 / 10, "xunyang": 9.53e4}
# MW x h = MWh; /10 -> 万kWh
el = []
GF = "shaanxi_2021_average"
cons_c = {c: sum(float(r["value"]) for r in energy if r["region"] == c and r["activity"] == "electricity") for c in COUNTIES}
for c in COUNTIES:
    el.append(dict(region=c, year=2020, item="consumption", value=f"{cons_c[c]:.6g}", unit="万千瓦时", source=SRC_ELEC, status="estimate",
                   method="sum of this county's electricity rows in activity_energy.csv (" + EHOW + ")", grid_factor=GF))
    g = gen.get(c, 0.0)
    if c in gen:
        m = {"hanbin": f"Ankang hydropower station: (1100 MW Ankang+Shiquan+Xihe - 135 MW Shiquan - {xihe_mw} MW Xihe (recalled, verify)) x 3530 h (Shuhe design utilisation hours); large stations only, small hydro NE",
             "shiquan": f"Shiquan station design generation 6.5亿kWh + Xihe {xihe_mw} MW (recalled, verify) x 3530 h; large stations only, small hydro NE",
             "xunyang": "Shuhe station mean annual generation 9.53亿kWh (design); Xunyang station not generating before end-2021; small hydro NE"}[c]
        el.append(dict(region=c, year=2020, item="generation", value=f"{g:.6g}", unit="万千瓦时", source={"hanbin": LIQ + "; " + SHIQUAN_SRC + "; " + SHUHE_SRC + "; " + XY_SRC,
                               "shiquan": SHIQUAN_SRC + "; " + SHUHE_SRC + "; " + XY_SRC,
                               "xunyang": SHUHE_SRC + "; " + XY_SRC}[c],
                       status="estimate", method=m, grid_factor=GF))
    else:
        el.append(dict(region=c, year=2020, item="generation", value="0", unit="万千瓦时", source="estimate", status="estimate",
                       method="no large (>100 MW) hydropower station in this county in 2020; small hydro and solar not estimated (NE)", grid_factor=GF))
write("electricity.csv", ["region", "year", "item", "value", "unit", "source", "status", "method", "grid_factor"], el)

# ---------------- supply (reference approach) ----------------
sup = []
for fuel in SX:
    tot = sum(float(r["value"]) for r in energy if r["activity"] == ACT[fuel])
    sup.append(dict(region="ankang", year=2020, activity=ACT[fuel], item="imports", value=f"{tot:.6g}", unit=UNIT[fuel], source="estimate", status="calibrated",
                    method="calibrated to the sectoral activity totals (NOT an independent estimate): net inflow set equal to the sectoral activity total of activity_energy.csv (itself scaled to CEADs energy CO2), so the reference approach agrees with the sectoral approach by construction and is no check (no fuel production, refinery or stock data for Ankang were found); replace with the city energy balance (能源平衡表)"))
    sup.append(dict(region="ankang", year=2020, activity=ACT[fuel], item="production", value="0", unit=UNIT[fuel], source="estimate", status="estimate",
                    method="assumed 0: no coal mine, oil or gas field, refinery or coking plant in Ankang was found in the sources read (verify: small coal mines may exist)"))
write("supply.csv", ["region", "year", "activity", "item", "value", "unit", "source", "status", "method"], sup)
print(f"E={E:.0f} clinker={CLINKER:.0f} kiln_coal={KILN_COAL:.0f} elec万kWh={ELEC:.0f} gen={sum(gen.values()):.0f}")
print({k: round(v) for k, v in phys.items()}, {k: round(v, 4) for k, v in fuel_share.items()})
print(pop)
