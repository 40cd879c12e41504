"""Rice cultivation CH4 (IPCC 2006 Vol 4 Ch 5, category 3.C.7) per hectare harvested, the
coefficient the inventory multiplies area by and the scenario model's crop rows carry.

Moved from ``model/inventory/afolu.py`` for issue #17 so that the accounting layer imports
nothing from the inventory.
"""

from __future__ import annotations

from model.accounting.factor_library import Factor
from model.errors import InputError


def rice_organic_scaling(amendments: list[tuple[float, float]]) -> float:
    """SFo = (1 + sum_i ROA_i x CFOA_i)^0.59 (IPCC 2006 Vol 4 Ch 5 Eq. 5.3).

    ``amendments``: (ROA_i in t/ha, fresh weight for straw and dry weight otherwise; CFOA_i
    from Table 5.14). An empty list gives 1.0 (no organic amendment).
    """
    return (1.0 + sum(roa * cfoa for roa, cfoa in amendments)) ** 0.59


def rice_ch4_t(area_ha: float, days: float, efc: float, sfw: float, sfp: float,
               sfo: float) -> float:
    """Rice CH4 in t: ``A x t x EFc x SFw x SFp x SFo x 1e-3`` (Eq. 5.1-5.2; EFc kg/ha/day)."""
    return area_ha * days * efc * sfw * sfp * sfo / 1000.0


def rice_ch4_per_ha(lib, activity: str) -> float:
    """Rice CH4 (t per ha harvested) of a water regime ``activity`` (``rice`` or
    ``rice_<regime>``, the factors falling back to ``rice``): ``t x EFc x SFw x SFp x SFo``
    (Eq. 5.1-5.2); SFo given or from ROA_/CFOA_ pairs (Eq. 5.3). Raises InputError on a
    missing factor."""
    def fac(gas: str) -> Factor:
        f = lib.find("3.C.7", activity, gas) or lib.find("3.C.7", "rice", gas)
        return f if f is not None else lib.get("3.C.7", activity, gas)

    efc = fac("EFc").to("kg CH4 / hectare / day")
    days = fac("cultivation_days").to("day")
    sfw = fac("SFw").to("dimensionless")
    sfp = fac("SFp").to("dimensionless")
    sfo_f = lib.find("3.C.7", activity, "SFo") or lib.find("3.C.7", "rice", "SFo")
    sfo = sfo_f.to("dimensionless") if sfo_f is not None else \
        rice_organic_scaling(_rice_amendments_lib(lib, activity))
    return rice_ch4_t(1.0, days, efc, sfw, sfp, sfo)


def _rice_amendments_lib(lib, act: str) -> list[tuple[float, float]]:
    t = lib.table
    for a in (act, "rice"):
        rows = t[(t["activity"] == a) & t["gas"].str.startswith("ROA_")
                 & t["category"].str.startswith("3.C")]
        if rows.empty:
            continue
        out = []
        for g in dict.fromkeys(rows["gas"]):
            kind = g[4:]
            roa = lib.get("3.C.7", a, g).to("t / hectare")
            cfoa = lib.get("3.C.7", a, f"CFOA_{kind}").to("dimensionless")
            out.append((roa, cfoa))
        return out
    raise InputError("factor library", f"no SFo and no ROA_<type> rows for {act}",
                     "factor SFo (1.0 if no organic amendment is applied) or ROA_/CFOA_ pairs",
                     "IPCC 2006 Vol 4 Table 5.14")
