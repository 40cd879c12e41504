"""Waste inventory (IPCC 2006 Vol 5): 4.A solid waste disposal, 4.C incineration, 4.D wastewater.

* 4.A CH4 by first-order decay (Vol 5 Ch 3 Eq. 3.1-3.6; parameters Tables 2.4, 3.1-3.4):
  ``DDOCm_d(T) = W(T) x DOC x DOCf x MCF``; ``DDOCm_a(T) = DDOCm_d(T) + DDOCm_a(T-1) x e^-k``;
  ``DDOCm_decomp(T) = DDOCm_a(T-1) x (1 - e^-k)``; ``CH4_gen = DDOCm_decomp x F x 16/12``;
  ``CH4 = (sum CH4_gen - R) x (1 - OX)``. Waste deposited in year T starts to decay in T+1 (the
  equations as written; the optional 6-month delay of the IPCC spreadsheet is not applied).
* 4.C incineration CO2: ``sum SW x dm x CF x FCF x OF x 44/12`` (Vol 5 Ch 5 Eq. 5.1).
* 4.D.1 domestic wastewater CH4: ``sum_j P_j x BOD x 0.001 x I_j x 365 x B0 x MCF_j - R``
  (Vol 5 Ch 6 Eq. 6.1-6.3; B0 0.6 kg CH4/kg BOD, MCF Table 6.3; sludge removal S = 0 unless
  given).
* 4.D.2 domestic wastewater N2O (effluent): ``N_eff = P x Protein x F_NPR x F_NON-CON x
  F_IND-COM - N_sludge``; ``N2O = N_eff x EF_effluent x 44/28`` (Eq. 6.7-6.8).

Inputs: ``activity_waste.csv`` rows (through :class:`InventoryInputs`), ``waste_history.csv``
(deposits by waste type and year for first-order decay) and ``waste_ipcc2006.csv`` factors.
"""

from __future__ import annotations

import pandas as pd

from model.accounting.inputs import InventoryInputs, worst_status
from model.accounting.waste_factors import (
    CH4_PER_C,
    CO2_PER_C,
    LANDFILL,
    N2O_PER_N2O_N,
    first_order_decay,
    load_waste_history,
)
from model.errors import InputError
from model.inventory.afolu import _unc, _where
from model.inventory.core import frame, record
from model.io import check_values_in
from model.units import convert


def _p(inputs: InventoryInputs, cat: str, act: str, gas: str, fallback: str | None = None,
       unit: str = "dimensionless") -> float:
    f = inputs.factors.find(cat, act, gas)
    if f is None and fallback:
        f = inputs.factors.find(cat, fallback, gas)
    if f is None:
        f = inputs.factors.get(cat, act, gas)
    return f.to(unit)


def solid_waste_disposal(inputs: InventoryInputs, years: list[int]) -> list[dict]:
    """4.A CH4 records (t CH4) per region and year, activity ``msw``.

    Factors (category 4.A): per waste type ``DOC`` (t C/t wet), ``k`` (1/yr); per type or the
    site activity ``msw``: ``DOCf``, and for ``msw``: ``MCF``, ``F``, ``OX``. Recovered CH4:
    optional activity rows (4.A, ``ch4_recovered``, t CH4); none given means no recovery.
    NE records if ``waste_history.csv`` is absent.
    """
    hist = load_waste_history(inputs.folder)
    if hist is not None:
        check_values_in(hist, "region", inputs.regions, "region")
    if hist is None:
        regs = sorted(set(inputs.activity["region"]))
        return [record(r, y, "4.A", "CH4", LANDFILL, 0.0, status="estimate", notation="NE")
                for r in regs for y in years]
    rec_rows = inputs.rows("4.A", "ch4_recovered")
    out = []
    for reg, g in hist.groupby("region"):
        gen = {y: 0.0 for y in years}
        st = worst_status(*g["status"])
        for wtype, gt in g.groupby("activity"):
            dep = {int(y): convert(v, u, "t", where=f"{f} row {r}")
                   for y, v, u, f, r in zip(gt["year"], gt["value"], gt["unit"], gt["_file"],
                                            gt["_row"], strict=True)}
            doc = _p(inputs, "4.A", wtype, "DOC")
            if doc == 0.0:
                continue
            k = _p(inputs, "4.A", wtype, "k", unit="1 / a")
            docf = _p(inputs, "4.A", wtype, "DOCf", fallback=LANDFILL)
            mcf = _p(inputs, "4.A", LANDFILL, "MCF")
            dec = first_order_decay(dep, doc, docf, mcf, k, years)
            f = _p(inputs, "4.A", LANDFILL, "F")
            for y in years:
                gen[y] += dec[y] * f * CH4_PER_C
        ox = _p(inputs, "4.A", LANDFILL, "OX")
        for y in years:
            rr = rec_rows[(rec_rows["region"] == reg) & (rec_rows["year"] == y)]
            recovered = sum(convert(v, u, "t CH4", where=_where(r))
                            for v, u, (_, r) in zip(rr["value"], rr["unit"], rr.iterrows(),
                                                    strict=True))
            if recovered > gen[y]:
                raise InputError(f"4.A ch4_recovered {reg} {y}", f"{recovered:g} t CH4",
                                 f"at most the CH4 generated ({gen[y]:g} t)")
            out.append(record(reg, y, "4.A", "CH4", LANDFILL, (gen[y] - recovered) * (1 - ox),
                              tier="T1", status=st))
    return out


def incineration(inputs: InventoryInputs, years: list[int]) -> list[dict]:
    """4.C CO2 from activity rows (4.C, ``msw_incinerated``, t wet waste).

    Factors (4.C, ``msw``): ``dm`` (dry-matter fraction), ``CF`` (carbon fraction of dry
    matter), ``FCF`` (fossil fraction), ``OF`` (oxidation). A row with value 0 gives the notation
    NO; no row at all gives NE (not estimated).
    """
    rows = inputs.rows("4.C")
    regs = sorted(set(inputs.activity["region"]))
    out = []
    for reg in regs:
        for y in years:
            rr = rows[(rows["region"] == reg) & (rows["year"] == y)]
            if rr.empty:
                out.append(record(reg, y, "4.C", "CO2", "msw", 0.0, status="estimate",
                                  notation="NE"))
                continue
            for _, r in rr.iterrows():
                if r["activity"] != "msw_incinerated":
                    raise InputError(_where(r) + " column 'activity'", repr(r["activity"]),
                                     "'msw_incinerated'")
                sw = convert(r["value"], r["unit"], "t", where=_where(r))
                if sw == 0:
                    out.append(record(reg, y, "4.C", "CO2", "msw", 0.0, status=r["status"],
                                      notation="NO"))
                    continue
                c = sw * _p(inputs, "4.C", "msw", "dm") * _p(inputs, "4.C", "msw", "CF") \
                    * _p(inputs, "4.C", "msw", "FCF") * _p(inputs, "4.C", "msw", "OF")
                out.append(record(reg, y, "4.C", "CO2", "msw", c * CO2_PER_C, status=r["status"]))
    return out


def wastewater_ch4_t(persons: float, bod_g_per_day: float, i: float, b0: float,
                     mcf: float) -> float:
    """CH4 (t) of one treatment pathway: ``P x BOD x 0.001 x I x 365 x B0 x MCF / 1000``
    (Eq. 6.1-6.3; BOD g/person/day, B0 kg CH4/kg BOD)."""
    tow_kg = persons * bod_g_per_day * 0.001 * i * 365.0
    return tow_kg * b0 * mcf / 1000.0


def wastewater_n2o_t(persons: float, protein_kg: float, f_npr: float, f_non_con: float,
                     f_ind_com: float, ef: float, n_sludge_kg: float = 0.0) -> float:
    """Effluent N2O (t): ``(P x Protein x F_NPR x F_NON-CON x F_IND-COM - N_sludge) x EF x
    44/28 / 1000`` (Eq. 6.7-6.8; Protein kg/person/yr, EF kg N2O-N/kg N)."""
    n_eff = persons * protein_kg * f_npr * f_non_con * f_ind_com - n_sludge_kg
    return max(n_eff, 0.0) * ef * N2O_PER_N2O_N / 1000.0


def domestic_wastewater(inputs: InventoryInputs, years: list[int]) -> list[dict]:
    """4.D.1 CH4 and 4.D.2 N2O records.

    4.D.1 activity rows: activity = treatment/discharge pathway (e.g. ``centralised_aerobic``,
    ``septic_tank``, ``latrine``, ``untreated_river``), value = persons served (person or 万人).
    Factors (4.D.1): per pathway ``MCF`` and ``I``; activity ``domestic``: ``BOD`` (g/person/day),
    ``B0`` (kg CH4/kg BOD). Optional activity row (4.D.1, ``ch4_recovered``, t CH4).
    4.D.2: population P = sum of 4.D.1 persons; activity row (4.D.2, ``protein_per_capita``,
    kg/person per year) required when there are 4.D.1 rows; optional (4.D.2, ``n_sludge``, t N).
    Factors (4.D.2, ``domestic``): F_NPR, F_NON_CON, F_IND_COM, EF_effluent.
    """
    a1 = inputs.rows("4.D.1")
    a1 = a1[a1["year"].isin(years)]
    a2 = inputs.rows("4.D.2")
    a2 = a2[a2["year"].isin(years)]
    out = []
    for (reg, y), g in a1.groupby(["region", "year"]):
        bod = _p(inputs, "4.D.1", "domestic", "BOD", unit="g / person / day")
        b0 = _p(inputs, "4.D.1", "domestic", "B0", unit="kg / kg")
        ch4, persons = 0.0, 0.0
        recovered = 0.0
        for _, r in g.iterrows():
            if r["activity"] == "ch4_recovered":
                recovered += convert(r["value"], r["unit"], "t CH4", where=_where(r))
                continue
            p = convert(r["value"], r["unit"], "person", where=_where(r))
            persons += p
            mcf = _p(inputs, "4.D.1", r["activity"], "MCF")
            i = _p(inputs, "4.D.1", r["activity"], "I")
            ch4 += wastewater_ch4_t(p, bod, i, b0, mcf)
        st = worst_status(*g["status"])
        out.append(record(reg, int(y), "4.D.1", "CH4", "domestic", max(ch4 - recovered, 0.0),
                          status=st))
        r2 = a2[(a2["region"] == reg) & (a2["year"] == y)]
        prot = r2[r2["activity"] == "protein_per_capita"]
        if prot.empty:
            raise InputError(f"activity rows 4.D.2 {reg} {y}", "no protein_per_capita row",
                             "annual per-capita protein consumption (kg/person), e.g. FAOSTAT "
                             "food balance")
        pr = prot.iloc[0]
        protein = convert(pr["value"], pr["unit"], "kg / person", where=_where(pr))
        sl = r2[r2["activity"] == "n_sludge"]
        n_sl = sum(convert(v, u, "kg N", where="4.D.2 n_sludge")
                   for v, u in zip(sl["value"], sl["unit"], strict=True))
        n2o = wastewater_n2o_t(
            persons, protein, _p(inputs, "4.D.2", "domestic", "F_NPR"),
            _p(inputs, "4.D.2", "domestic", "F_NON_CON"),
            _p(inputs, "4.D.2", "domestic", "F_IND_COM"),
            _p(inputs, "4.D.2", "domestic", "EF_effluent"), n_sl)
        out.append(record(reg, int(y), "4.D.2", "N2O", "domestic", n2o,
                          status=worst_status(st, pr["status"]),
                          ad_uncertainty_pct=_unc(pr.get("uncertainty_pct"))))
    return out


def estimate(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """All waste records (4.A, 4.C, 4.D.1, 4.D.2) for ``years`` as a DataFrame with
    :data:`model.inventory.core.EMISSION_COLUMNS` (t of the gas). Raises InputError on bad
    activity data, history or missing factors."""
    years = [int(y) for y in years]
    recs = solid_waste_disposal(inputs, years)
    recs += incineration(inputs, years)
    recs += domestic_wastewater(inputs, years)
    return frame(recs)
