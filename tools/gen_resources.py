"""Write inventories/ankang/resources.csv (renewable resources still to be developed by county),
scenarios/gas_supply.csv (county gas supply limits) and the rows of the plan's new service levels
in inventories/ankang/services.csv (rural sanitary toilets, village waste, bulk solid waste): a
record of how the estimates were made (issue #14). Run from the repository root:
python tools/gen_resources.py"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RURAL = {  # domestic_wastewater.rural population 2020 (inventories/ankang/activity_pollutants.csv)
    "hanbin": 333830.8, "xunyang": 304966.9, "hanyin": 166530.0, "shiquan": 104274.1,
    "ningshan": 41902.0, "ziyang": 207315.362, "langao": 90905.5, "pingli": 117654.614,
    "zhenping": 32084.5, "baihe": 110958.4}

SOLAR_CITY_KW = 23529 * 0.001 * 40 * 1000  # km2 x share x MW/km2 x kW/MW
SOLAR_METHOD = (
    "utility-scale (ground-mounted and agrivoltaic) PV still to be built: 0.1 % of the city's "
    "23,529 km2 (安康市 area as published on the city government's profile page, recalled) at "
    "40 MW/km2 (about 2.5 ha per MW on hill slopes) = 941 MW, split over the counties by rural "
    "population (a proxy for usable slopes and farmland; 92 % of Ankang is mountains and much "
    "is Qinling protection zone); no Ankang renewable plan was read: very low confidence")
WIND_CITY_KW = 300000
WIND_COUNTIES = ("ziyang", "langao", "pingli", "zhenping")
WIND_METHOD = (
    "300 MW of ridge wind in the Daba mountains south of the Han (Ziyang, Langao, Pingli, "
    "Zhenping), split by rural population; an order of magnitude for low-wind mountain sites "
    "(about 1,900 full-load hours), no wind-resource survey of Ankang was read: very low "
    "confidence")
HYDRO_SOURCE = (
    "汉江夹河(白河)水电站: 湖北、陕西两省发改委 2015-04 核准, 设计装机18万千瓦, 年均发电量5.54亿千瓦时, "
    "概算总投资30亿元 (中国工业园网 2015-04-15, copy of the approval news); 西部网/陕西新闻联播 "
    "2015-11-15: 汉江白河水电站正式开工, at the Baihe (Shaanxi) / Yunxi (Hubei) border")
HYDRO_METHOD = ("half of the 180 MW station counted on the Shaanxi (Baihe) side: the station "
                "sits on the provincial border and its attribution between the provinces is not "
                "known (estimate); not in the 2020 pack (not yet generating)")


def resources() -> list[tuple]:
    rows = []
    tot = sum(RURAL.values())
    for r, p in RURAL.items():
        rows.append((r, 2020, "solar", round(SOLAR_CITY_KW * p / tot, 1), "kW", "estimate",
                     "estimate", SOLAR_METHOD))
    wtot = sum(RURAL[c] for c in WIND_COUNTIES)
    for r in RURAL:
        v = round(WIND_CITY_KW * RURAL[r] / wtot, 1) if r in WIND_COUNTIES else 0.0
        rows.append((r, 2020, "wind", v, "kW", "estimate", "estimate", WIND_METHOD))
    for r in RURAL:
        if r == "baihe":
            rows.append((r, 2020, "hydro", 90000.0, "kW", HYDRO_SOURCE, "estimate", HYDRO_METHOD))
        else:
            rows.append((r, 2020, "hydro", 0.0, "kW", HYDRO_SOURCE, "estimate",
                         "no large new station known in the county (small hydro is being "
                         "rectified under the Qinling protection rules, not expanded)"))
    return rows


GAS_SOURCE = (
    "各界导报 2023-09-11 (记者 张涵博; copy oldpaper.gjnews.cn/gjdb/20230911): 汉中至安康天然气输气"
    "管道 2012年底贯通; 上游宝鸡-汉中长输管线最大日输气能力仅约100万方, 汉中、安康两市采暖季日用气量已"
    "超过130万方; 西安-安康(西康线)约200公里、总投资约20亿元, 规划中 (省发改委答复)")
GAS_GROWTH = {2020: 1.0, 2025: 1.3, 2030: 2.0, 2035: 2.5}
GAS_METHOD = (
    "limit = the county's 2020 gas use (activity_energy.csv, every 1.A row) x {f}: the "
    "Hanzhong-Ankang line was at capacity in the 2022-23 heating season (1.3 million m3/d asked "
    "of a 1.0 million m3/d trunk), so supply grows by trucked LNG/CNG and peak storage only "
    "(x1.3 by 2025, estimate) until the planned Xi'an-Ankang line (assumed in service by 2030: "
    "x2.0 in 2030, x2.5 in 2035; estimate); every county the same factor (county branch "
    "capacities not read)")


def gas_supply() -> list[tuple]:
    import pandas as pd

    df = pd.read_csv(ROOT / "inventories" / "ankang" / "activity_energy.csv",
                     encoding="utf-8-sig")
    g = df[(df["activity"] == "natural_gas") & df["category"].str.startswith("1.A")]
    assert set(g["unit"]) == {"万立方米"}
    use = g.groupby("region")["value"].sum()
    rows = []
    for r in RURAL:
        for y, f in GAS_GROWTH.items():
            rows.append((r, y, round(float(use[r]) * f, 3), "万立方米/yr", GAS_SOURCE, "estimate",
                         GAS_METHOD.format(f=f)))
    return rows


SECONDARY_GDP = {  # 亿元 2020 (inventories/ankang/drivers.csv gdp_secondary)
    "hanbin": 153.3669, "hanyin": 43.7179, "shiquan": 27.3743, "langao": 23.8648,
    "pingli": 33.3142, "zhenping": 8.4229, "baihe": 29.1291}
TOILET_SOURCE = ("农业农村部 (2021): 全国农村卫生厕所普及率超过68% (2020, as reported in the national "
                 "rural toilet revolution reviews; recalled); plan target 安康 2025 >= 85 % (十七)")
TOILET_METHOD = ("rural households with a sanitary toilet = 65 % of the rural households of this "
                 "table (rural_households; national 2020 above 68 %, lower in the western "
                 "mountain provinces: estimate)")
VILLAGE_SOURCE = ("住房和城乡建设部 (2021): 农村生活垃圾进行收运处理的自然村比例保持在90%以上 (2020, "
                  "national; recalled); plan target 安康 2025 >= 95 % (十七)")
VILLAGE_METHOD = ("natural villages = rural population (activity_pollutants.csv "
                  "domestic_wastewater.rural) / 125 persons per natural village (hamlets of the "
                  "Qinba mountains; estimate, no Ankang count of 自然村 was read); treated = 85 % "
                  "of them (below the national 90 % for the mountain city; estimate)")
BULK_SOURCE = ("国家发展改革委等《关于“十四五”大宗固体废弃物综合利用的指导意见》(发改环资〔2021〕381号): "
               "到2025年新增大宗固废综合利用率达到60% (national; as recalled); plan target 安康 2025 "
               "60 % (二十三)")
BULK_METHOD = ("new bulk industrial solid waste (tailings of the Hg-Sb and other mines, slag, fly "
               "ash, byproduct gypsum, construction waste) of 2.0 Mt/yr for the city (estimate: no "
               "Ankang solid-waste statistics were read; order of magnitude from the mining "
               "counties), split by secondary-industry GDP (drivers.csv gdp_secondary; xunyang, "
               "ningshan and ziyang, whose secondary GDP the pack lacks, by total GDP x the city "
               "secondary share 0.41); used = 45 % (below the national 2020 rate of about 56 % for "
               "a mining-tailings mix: estimate)")


def services() -> list[tuple]:
    import pandas as pd

    svc = pd.read_csv(ROOT / "inventories" / "ankang" / "services.csv", encoding="utf-8-sig")
    hh = svc[svc["indicator"] == "rural_households"].set_index("region")["value"]
    drv = pd.read_csv(ROOT / "inventories" / "ankang" / "drivers.csv", encoding="utf-8-sig")
    gdp = drv[(drv["indicator"] == "gdp") & (drv["year"] == 2020)].set_index("region")["value"]
    sec = {r: SECONDARY_GDP.get(r, float(gdp[r]) * 0.41) for r in RURAL}
    tot_sec = sum(sec.values())
    rows = []
    for r in RURAL:
        n_hh = float(hh[r])
        villages = round(RURAL[r] / 125.0, 1)
        bulk = round(2.0e6 * sec[r] / tot_sec, 1)
        rows += [
            (r, 2020, "rural_toilet_households", n_hh, "household", TOILET_SOURCE, "estimate",
             "the rural households of this table (rural_households)"),
            (r, 2020, "rural_sanitary_toilets", round(0.65 * n_hh, 1), "household",
             TOILET_SOURCE, "estimate", TOILET_METHOD),
            (r, 2020, "natural_villages", villages, "village", VILLAGE_SOURCE, "estimate",
             VILLAGE_METHOD),
            (r, 2020, "villages_waste_treated", round(0.85 * villages, 1), "village",
             VILLAGE_SOURCE, "estimate", VILLAGE_METHOD),
            (r, 2020, "bulk_solid_waste_new", bulk, "t/yr", BULK_SOURCE, "estimate", BULK_METHOD),
            (r, 2020, "bulk_solid_waste_used", round(0.45 * bulk, 1), "t/yr", BULK_SOURCE,
             "estimate", BULK_METHOD),
        ]
    return rows


def main() -> None:
    with (ROOT / "inventories" / "ankang" / "resources.csv").open(
            "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["region", "year", "resource", "value", "unit", "source", "status",
                    "method"])
        w.writerows(resources())
    with (ROOT / "scenarios" / "gas_supply.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["region", "year", "value", "unit", "source", "status", "method"])
        w.writerows(gas_supply())
    path = ROOT / "inventories" / "ankang" / "services.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        old = list(csv.reader(fh))
    added = services()
    new_ids = {r[2] for r in added}
    keep = [old[0]] + [r for r in old[1:] if r[2] not in new_ids]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")  # the file's own line ends
        w.writerows(keep)
        w.writerows(added)


if __name__ == "__main__":
    main()
