"""AFOLU inventory (IPCC 2006 Vol 4): livestock (3.A), forest land (3.B.1), soils and rice (3.C).

Categories and methods (all Tier 1 unless the factor library holds local values):

* 3.A.1 enteric fermentation CH4: ``N_T x EF_T`` (Vol 4 Ch 10 Eq. 10.19; EF Tables 10.10/10.11).
* 3.A.2 manure management CH4: ``N_T x EF_T(temperature)`` (Eq. 10.22; Table 10.14/10.15);
  direct N2O: ``N_T x Nex_T x sum_S MS_T,S x EF3_S x 44/28`` (Eq. 10.25, 10.30; Table 10.21).
  Manure deposited on pasture (system ``pasture``) is not counted here but in 3.C.4 (F_PRP).
* 3.B.1 forest land remaining forest land, CO2: gain-loss ``dC = A x G_W x (1+R) x CF - L`` or
  stock difference ``(C_t2 - C_t1)/(t2 - t1)``; CO2 = -dC x 44/12 (Vol 4 Ch 2 Eq. 2.7-2.13,
  CF 0.47 Table 4.3). Removals are negative CO2.
* 3.C.4 direct N2O from managed soils: ``(F_SN + F_ON + F_CR) x EF1 + F_SN,FR x EF1FR +
  F_PRP x EF3PRP``, times 44/28 (Vol 4 Ch 11 Eq. 11.1; Table 11.1).
* 3.C.5 indirect N2O: volatilisation ``(F_SN x FracGASF + (F_ON + F_PRP) x FracGASM) x EF4``
  (Eq. 11.9) and leaching ``(F_SN + F_ON + F_PRP + F_CR) x FracLEACH x EF5`` (Eq. 11.10);
  Table 11.3.
* 3.C.7 rice CH4: ``A x t x EFc x SFw x SFp x SFo`` with ``SFo = (1 + sum ROA_i x CFOA_i)^0.59``
  (Vol 4 Ch 5 Eq. 5.1-5.3; Tables 5.11-5.14).

Livestock populations must be annual averages (Vol 4 Ch 10.2). Rows with ``basis`` =
``year_end`` (存栏) are converted by :func:`model.accounting.livestock.livestock_population` with a
declared rule or refused.

Inputs: activity rows (``activity_afolu.csv``) read through :class:`InventoryInputs`, factors from
``afolu_ipcc2006.csv`` (and any ``local`` set), and ``forest.csv`` in the data-pack folder.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from model.accounting.factor_library import Factor
from model.accounting.inputs import InventoryInputs, worst_status
from model.accounting.livestock import (
    ENTERIC_NOT_ESTIMATED,
    N2O_PER_N2O_N,
    livestock_ghg_per_head,
    livestock_population,
    manure_shares,
)
from model.accounting.rice import rice_ch4_per_ha
from model.accounting.waste_factors import CO2_PER_C  # 44/12, one definition
from model.errors import InputError
from model.inventory.core import frame, record
from model.io import check_values_in, read_table
from model.units import convert


def _unc(x: object) -> float:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")
    return v


def _where(row: pd.Series) -> str:
    return f"{row.get('_file', 'activity')} row {row.get('_row', '?')}"


def _factor(inputs: InventoryInputs, category: str, activity: str, gas: str,
            fallback: str | None = None) -> Factor:
    """Factor for ``activity``; if missing and ``fallback`` is given, the fallback activity's."""
    f = inputs.factors.find(category, activity, gas)
    if f is None and fallback is not None:
        f = inputs.factors.find(category, fallback, gas)
    if f is None:
        return inputs.factors.get(category, activity, gas)  # raises the standard InputError
    return f


# --------------------------------------------------------------------------------------------
# Livestock population
# --------------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------
# 3.A livestock
# --------------------------------------------------------------------------------------------

def _manure_shares(inputs: InventoryInputs, animal: str) -> dict[str, float]:
    """Manure management system shares MS_T,S of ``animal`` (:func:`manure_shares`)."""
    return manure_shares(inputs.factors, animal)


def livestock(inputs: InventoryInputs, pop: pd.DataFrame) -> tuple[list[dict], pd.DataFrame]:
    """3.A.1 and 3.A.2 records, plus the manure nitrogen flows that feed 3.C.4/3.C.5.

    ``pop`` is :func:`livestock_population`'s output. Returns ``(records, flows)`` where
    ``flows`` has columns region, year, F_AM (kg N applied from managed manure, after losses
    ``FracLossMS``, Eq. 10.34), F_PRP (kg N deposited by grazing animals, Eq. 11.5) and status.

    Factors (category, activity = animal, gas): 3.A.1 ``CH4`` (kg CH4/head/yr), 3.A.2 ``CH4``
    (kg CH4/head/yr), ``Nex`` (kg N/head/yr), ``MS_<system>``; per system (activity = system):
    ``EF3`` (kg N2O-N/kg N); ``FracLossMS`` per animal; ``EF3_PRP`` (3.C.4) used later.
    """
    recs: list[dict] = []
    flows: dict[tuple[str, int], dict] = {}
    for _, p in pop.iterrows():
        n, animal, st = p["value"], p["activity"], p["status"]
        reg, yr, adu = p["region"], int(p["year"]), p["ad_uncertainty_pct"]
        per_head = livestock_ghg_per_head(inputs.factors, animal)  # one basis with the ledger
        if animal in ENTERIC_NOT_ESTIMATED:
            recs.append(record(reg, yr, "3.A.1", "CH4", animal, 0.0, status=st, notation="NE"))
        else:
            ef = inputs.factors.get("3.A.1", animal, "CH4")
            recs.append(record(reg, yr, "3.A.1", "CH4", animal, n * per_head["enteric_CH4"],
                               status=st, ad_uncertainty_pct=adu,
                               ef_uncertainty_pct=_unc(ef.uncertainty_pct)))
        ef = inputs.factors.get("3.A.2", animal, "CH4")
        recs.append(record(reg, yr, "3.A.2", "CH4", animal, n * per_head["manure_CH4"], status=st,
                           ad_uncertainty_pct=adu, ef_uncertainty_pct=_unc(ef.uncertainty_pct)))
        nex = inputs.factors.get("3.A.2", animal, "Nex").to("kg N / head")
        shares = _manure_shares(inputs, animal)
        managed_n = sum(n * nex * ms for system, ms in shares.items() if system != "pasture")
        recs.append(record(reg, yr, "3.A.2", "N2O", animal, n * per_head["manure_N2O"],
                           status=st, ad_uncertainty_pct=adu))
        f = flows.setdefault((reg, yr), {"F_AM": 0.0, "F_PRP": 0.0, "F_PRP_EF3": 0.0,
                                         "status": st})
        if managed_n:
            loss = inputs.factors.get("3.A.2", animal, "FracLossMS").to("dimensionless")
            f["F_AM"] += managed_n * (1.0 - loss)
        prp = n * nex * shares.get("pasture", 0.0)
        if prp:
            ef3prp = inputs.factors.get("3.C.4", animal, "EF3_PRP").to("dimensionless")
            f["F_PRP"] += prp
            f["F_PRP_EF3"] += prp * ef3prp
        f["status"] = worst_status(f["status"], st)
    fl = pd.DataFrame([{"region": k[0], "year": k[1], **v} for k, v in flows.items()],
                      columns=["region", "year", "F_AM", "F_PRP", "F_PRP_EF3", "status"])
    return recs, fl


# --------------------------------------------------------------------------------------------
# 3.C.7 rice
# --------------------------------------------------------------------------------------------

def rice(inputs: InventoryInputs, years: list[int]) -> list[dict]:
    """3.C.7 CH4 records from activity rows of category ``3.C.7`` (activity ``rice`` or
    ``rice_<regime>``: harvested area, ha or 亩).

    Factors (category 3.C.7, activity = the row's activity, else ``rice``): ``EFc`` (kg CH4/ha/
    day, Table 5.11), ``cultivation_days`` (day), ``SFw`` (Table 5.12), ``SFp`` (Table 5.13) and
    either ``SFo`` or pairs ``ROA_<type>`` (t/ha) + ``CFOA_<type>`` (Table 5.14)
    (:func:`rice_ch4_per_ha`).
    """
    recs = []
    a = inputs.rows("3.C.7")
    for _, r in a[a["year"].isin(years)].iterrows():
        act, where = r["activity"], _where(r)
        area = convert(r["value"], r["unit"], "hectare", where=where)
        efc = _factor(inputs, "3.C.7", act, "EFc", fallback="rice")
        recs.append(record(r["region"], r["year"], "3.C.7", "CH4", act,
                           area * rice_ch4_per_ha(inputs.factors, act), status=r["status"],
                           ad_uncertainty_pct=_unc(r.get("uncertainty_pct")),
                           ef_uncertainty_pct=_unc(efc.uncertainty_pct)))
    return recs


# --------------------------------------------------------------------------------------------
# 3.C.4 / 3.C.5 managed soils
# --------------------------------------------------------------------------------------------

SOIL_ACTIVITIES = ("synthetic_n", "synthetic_n_flooded_rice", "crop_residue_n", "organic_n_other")


def managed_soils(inputs: InventoryInputs, years: list[int], flows: pd.DataFrame) -> list[dict]:
    """3.C.4 direct and 3.C.5 indirect N2O records.

    Activity rows of category ``3.C.4`` (mass of N, e.g. ``t N``): ``synthetic_n`` (F_SN on
    upland crops), ``synthetic_n_flooded_rice`` (F_SN on flooded rice, EF1FR), optional
    ``crop_residue_n`` (F_CR; if absent the F_CR record carries NE) and ``organic_n_other``
    (F_ON other than managed manure). Managed-manure N applied (F_AM) and F_PRP come from
    ``flows`` (:func:`livestock`).

    Factors (category 3.C.4 / 3.C.5, activity ``soils``): EF1, EF1FR, FracGASF, FracGASM,
    FracLEACH, EF4, EF5 (IPCC 2006 Vol 4 Tables 11.1, 11.3). Output t N2O.
    """
    a = inputs.rows("3.C.4")
    a = a[a["year"].isin(years)]
    bad = a[~a["activity"].isin(SOIL_ACTIVITIES)]
    if not bad.empty:
        r = bad.iloc[0]
        raise InputError(_where(r) + " column 'activity'", repr(r["activity"]),
                         f"one of {list(SOIL_ACTIVITIES)}")
    keys = set(zip(a["region"], a["year"], strict=True)) | set(
        zip(flows["region"], flows["year"], strict=True))
    recs: list[dict] = []
    if not keys:
        return recs
    p = {g: inputs.factors.get("3.C.4" if g.startswith("EF1") else "3.C.5", "soils", g)
         .to("dimensionless")
         for g in ("EF1", "EF1FR", "FracGASF", "FracGASM", "FracLEACH", "EF4", "EF5")}
    for reg, yr in sorted(keys):
        rows = a[(a["region"] == reg) & (a["year"] == yr)]
        vals, stat = {}, {}
        for _, r in rows.iterrows():
            vals[r["activity"]] = convert(r["value"], r["unit"], "kg N", where=_where(r))
            stat[r["activity"]] = r["status"]
        fl = flows[(flows["region"] == reg) & (flows["year"] == yr)]
        f_am = float(fl["F_AM"].sum()) if not fl.empty else 0.0
        f_prp = float(fl["F_PRP"].sum()) if not fl.empty else 0.0
        f_prp_ef3 = float(fl["F_PRP_EF3"].sum()) if not fl.empty else 0.0
        st_man = fl["status"].iloc[0] if not fl.empty else "reported"
        f_sn = vals.get("synthetic_n", 0.0)
        f_fr = vals.get("synthetic_n_flooded_rice", 0.0)
        f_on = f_am + vals.get("organic_n_other", 0.0)
        f_cr = vals.get("crop_residue_n", 0.0)
        st_sn = worst_status(stat.get("synthetic_n", ""), stat.get("synthetic_n_flooded_rice", ""))
        k = N2O_PER_N2O_N / 1000.0  # kg N2O-N -> t N2O
        recs.append(record(reg, yr, "3.C.4", "N2O", "synthetic_n",
                           (f_sn * p["EF1"] + f_fr * p["EF1FR"]) * k, status=st_sn))
        recs.append(record(reg, yr, "3.C.4", "N2O", "organic_n", f_on * p["EF1"] * k,
                           status=worst_status(st_man, stat.get("organic_n_other", ""))))
        recs.append(record(reg, yr, "3.C.4", "N2O", "pasture_n", f_prp_ef3 * k, status=st_man))
        if "crop_residue_n" in vals:
            recs.append(record(reg, yr, "3.C.4", "N2O", "crop_residue_n", f_cr * p["EF1"] * k,
                               status=stat["crop_residue_n"]))
        else:
            recs.append(record(reg, yr, "3.C.4", "N2O", "crop_residue_n", 0.0,
                               status="estimate", notation="NE"))
        f_syn = f_sn + f_fr
        vol = (f_syn * p["FracGASF"] + (f_on + f_prp) * p["FracGASM"]) * p["EF4"]
        leach = (f_syn + f_on + f_prp + f_cr) * p["FracLEACH"] * p["EF5"]
        st_all = worst_status(st_sn, st_man)
        recs.append(record(reg, yr, "3.C.5", "N2O", "atmospheric_deposition", vol * k,
                           status=st_all))
        recs.append(record(reg, yr, "3.C.5", "N2O", "leaching_runoff", leach * k, status=st_all))
    return recs


# --------------------------------------------------------------------------------------------
# 3.B.1 forest land
# --------------------------------------------------------------------------------------------

FOREST_ITEMS = ("forest_area", "wood_removals", "fuelwood_removals", "carbon_stock")


def load_forest(folder: Path) -> pd.DataFrame | None:
    """``forest.csv`` (region, year, item, value, unit, source, status, method): items
    ``forest_area`` (ha), ``wood_removals`` / ``fuelwood_removals`` (m3 of roundwood, per yr),
    ``carbon_stock`` (t C, for the stock-difference method). None if the file is absent."""
    path = Path(folder) / "forest.csv"
    if not path.exists():
        return None
    df = read_table(path, ["region", "year", "item", "value", "unit", "source"],
                    key=["region", "year", "item"], optional=["uncertainty_pct"])
    check_values_in(df, "item", FOREST_ITEMS, "forest item")
    df["year"] = [int(y) for y in df["year"]]
    return df


def forest_co2_t(area_ha: float, gw: float, r: float, cf: float, removals_m3: float,
                 bcef_r: float) -> tuple[float, float]:
    """Gain-loss CO2 of forest land remaining forest land, as (gain CO2 <= 0, loss CO2 >= 0) in t.

    Gain ``A x G_W x (1+R) x CF`` (Eq. 2.9-2.10; G_W t d.m./ha/yr), loss from wood removals
    ``H x BCEF_R x (1+R) x CF`` (Eq. 2.12; H m3, BCEF_R t biomass/m3), each x 44/12.
    """
    gain_c = area_ha * gw * (1.0 + r) * cf
    loss_c = removals_m3 * bcef_r * (1.0 + r) * cf
    return -gain_c * CO2_PER_C, loss_c * CO2_PER_C


def forest(inputs: InventoryInputs, years: list[int]) -> list[dict]:
    """3.B.1 CO2 records (removals negative).

    Stock difference when ``carbon_stock`` rows exist for the year and an earlier year:
    CO2 = -(C_t2 - C_t1)/(t2 - t1) x 44/12 (Eq. 2.8), activity ``carbon_stock_change``.
    Otherwise gain-loss with factors (category 3.B.1, activity ``forest``): ``G_W``
    (t d.m./ha/yr), ``R`` (root-shoot ratio), ``CF`` (t C/t d.m.), ``BCEF_R`` (t/m3); records
    ``biomass_growth`` and ``wood_removals`` (NE if no removal rows are given).
    If ``forest.csv`` is absent, one NE record per region-year of the activity data is returned.
    """
    df = load_forest(inputs.folder)
    if df is not None:
        check_values_in(df, "region", inputs.regions, "region")
    if df is None:
        regs = sorted(set(inputs.activity["region"]))
        return [record(r, y, "3.B.1", "CO2", "forest", 0.0, status="estimate", notation="NE")
                for r in regs for y in years]
    recs = []
    for (reg, yr), g in df[df["year"].isin(years)].groupby(["region", "year"]):
        items = {r["item"]: r for _, r in g.iterrows()}
        stocks = df[(df["region"] == reg) & (df["item"] == "carbon_stock") & (df["year"] < yr)]
        if "carbon_stock" in items and not stocks.empty:
            prev = stocks.sort_values("year").iloc[-1]
            c2 = convert(items["carbon_stock"]["value"], items["carbon_stock"]["unit"], "t C",
                         where=_where(items["carbon_stock"]))
            c1 = convert(prev["value"], prev["unit"], "t C", where=_where(prev))
            dc = (c2 - c1) / (yr - int(prev["year"]))
            recs.append(record(reg, yr, "3.B.1", "CO2", "carbon_stock_change", -dc * CO2_PER_C,
                               tier="T2", status=worst_status(items["carbon_stock"]["status"],
                                                              prev["status"])))
            continue
        if "forest_area" not in items:
            raise InputError(f"{inputs.folder / 'forest.csv'} region {reg} year {yr}",
                             "no forest_area row", "forest_area (ha) or carbon_stock rows")
        ar = items["forest_area"]
        area = convert(ar["value"], ar["unit"], "hectare", where=_where(ar))
        gw_f = inputs.factors.get("3.B.1", "forest", "G_W")
        gw = gw_f.to("t / hectare")
        r_ = inputs.factors.get("3.B.1", "forest", "R").to("dimensionless")
        cf = inputs.factors.get("3.B.1", "forest", "CF").to("dimensionless")
        gain, _ = forest_co2_t(area, gw, r_, cf, 0.0, 0.0)
        rem = [items[i] for i in ("wood_removals", "fuelwood_removals") if i in items]
        if not rem:
            # Eq. 2.7: the change is gain MINUS losses. Without removals the net change is not
            # estimated: reporting the gross gain alone would overstate the sink (for Ankang
            # about twice the city's gross emissions). The gain is kept as a memo item
            # (forest_gross_gain) and the category is NE until removals are given.
            recs.append(record(reg, yr, "3.B.1", "CO2", "biomass_growth", 0.0,
                               status="estimate", notation="NE"))
            recs.append(record(reg, yr, "3.B.1", "CO2", "wood_removals", 0.0,
                               status="estimate", notation="NE"))
            continue
        recs.append(record(reg, yr, "3.B.1", "CO2", "biomass_growth", gain,
                           status=worst_status(ar["status"]),
                           ad_uncertainty_pct=_unc(ar.get("uncertainty_pct")),
                           ef_uncertainty_pct=_unc(gw_f.uncertainty_pct)))
        if rem:
            h = sum(convert(x["value"], x["unit"], "m**3", where=_where(x)) for x in rem)
            bcef = inputs.factors.get("3.B.1", "forest", "BCEF_R").to("t / m**3")
            _, loss = forest_co2_t(0.0, 0.0, r_, cf, h, bcef)
            recs.append(record(reg, yr, "3.B.1", "CO2", "wood_removals", loss,
                               status=worst_status(*[x["status"] for x in rem])))
    return recs


def forest_gross_gain(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """Memo: gross biomass gain of forest land (t CO2, negative), Eq. 2.9-2.10, by region and
    year, for reporting next to a 3.B.1 that is NE because removals are not given.

    Columns region, year, value. Empty if ``forest.csv`` has no ``forest_area`` rows.
    """
    df = load_forest(inputs.folder)
    rows: list[dict[str, object]] = []
    if df is None:
        return pd.DataFrame(rows, columns=["region", "year", "value"])
    for _, ar in df[(df["item"] == "forest_area") & df["year"].isin(years)].iterrows():
        area = convert(ar["value"], ar["unit"], "hectare", where=_where(ar))
        gw = inputs.factors.get("3.B.1", "forest", "G_W").to("t / hectare")
        r_ = inputs.factors.get("3.B.1", "forest", "R").to("dimensionless")
        cf = inputs.factors.get("3.B.1", "forest", "CF").to("dimensionless")
        gain, _ = forest_co2_t(area, gw, r_, cf, 0.0, 0.0)
        rows.append({"region": ar["region"], "year": int(ar["year"]), "value": gain})
    return pd.DataFrame(rows, columns=["region", "year", "value"])


# --------------------------------------------------------------------------------------------

def estimate(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """All AFOLU records (3.A.1, 3.A.2, 3.B.1, 3.C.4, 3.C.5, 3.C.7) for ``years``.

    Returns a DataFrame with :data:`model.inventory.core.EMISSION_COLUMNS`; values in t of the
    gas (CO2 removals negative). Raises InputError on bad activity data or missing factors.
    """
    years = [int(y) for y in years]
    pop = livestock_population(inputs, years)
    recs, flows = livestock(inputs, pop)
    recs += rice(inputs, years)
    recs += managed_soils(inputs, years, flows)
    recs += forest(inputs, years)
    out = frame(recs)
    bad = out[out["value"].map(lambda v: not math.isfinite(v))]
    if not bad.empty:  # pragma: no cover - guard
        raise InputError("afolu.estimate", f"non-finite value in {bad.iloc[0].to_dict()}",
                         "finite emissions")
    return out
