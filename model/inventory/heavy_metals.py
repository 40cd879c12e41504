"""Key-industry heavy metals: Pb, Hg, Cd, Cr, As emitted to water and air by the six key
industries of 环固体〔2022〕17号 (生态环境部, 2022-03-07, 《关于进一步加强重金属污染防控的意见》),
whose sum is the quantity of the plan's total-control target (``heavy_metals``: 重点行业重点
重金属污染物排放量比2020年下降3.5 %, Ankang plan section 二十八).

``estimate(inputs, years)`` returns emission records (:data:`model.inventory.core.EMISSION_COLUMNS`,
``value`` in t of the metal, ``unit`` ``t``), one per activity row x metal.

Activity rows (``activity_heavy_metals.csv``, read with the other ``activity_*.csv``)
-------------------------------------------------------------------------------------
``category`` = ``heavy_metals.<industry>`` with ``<industry>`` one of
:data:`model.accounting.sources.KEY_INDUSTRIES` (``nonferrous_mining`` 重有色金属矿采选,
``nonferrous_smelting`` 重有色金属冶炼, ``lead_battery`` 铅蓄电池制造, ``electroplating`` 电镀,
``chemical`` 化学原料及化学制品制造 (电石法聚氯乙烯、铬盐、锌无机化合物), ``leather_tanning``
皮革鞣制), ``activity`` the carrier the metals leave in: ``wastewater`` (discharged to water, a
volume such as ``10^4 m**3``) or ``flue_gas`` (to air, a volume such as ``10^4 m**3``), or
another activity for which the factor library holds factors (e.g. ore processed, metal produced).

Method
------
Emission[metal] = activity x factor[category, activity, metal] (factors from
``inventories/factors/*.csv``, gas ``Pb``/``Hg``/``Cd``/``Cr``/``As``), the discharge-
coefficient method of the pollution-source census applied to a discharge volume and a
concentration (mg/L, g/m**3) or to a product (g/t). A metal without a factor for the source is
reported ``NE`` (value 0, notation NE) — the record says it was not estimated; it is never a
silent zero. The same coefficients feed the scenario ledger
(:func:`model.accounting.heavy_metal_factors.coefficients`), so the
ledger's base-year ``heavy_metals`` equals the sum of these records.

Status of a record: ``estimate`` if its activity row or factor is an estimate, else ``derived``
if either is derived, else ``reported``.
"""

from __future__ import annotations

import pandas as pd

from model.accounting.factor_library import FactorLibrary
from model.accounting.heavy_metal_factors import coefficient
from model.accounting.inputs import InventoryInputs
from model.accounting.sources import (
    HEAVY_METAL_TOTAL,
    HEAVY_METALS,
    KEY_INDUSTRIES,
    heavy_metal_source,
)
from model.errors import InputError
from model.inventory.core import frame, record

_STATUS_RANK = {"reported": 0, "derived": 1, "calibrated": 2, "estimate": 3}


def _where(row: pd.Series) -> str:
    return f"{row.get('_file', 'activity')} row {row.get('_row', '?')}"


def check_category(category: str, where: str) -> None:
    """InputError unless ``category`` is ``heavy_metals.<a key industry>``."""
    industry = category.split(".", 1)[1] if "." in category else ""
    if not heavy_metal_source(category) or industry.split(".")[0] not in KEY_INDUSTRIES:
        raise InputError(f"{where} column 'category'", repr(category),
                         f"{HEAVY_METAL_TOTAL}.<industry> with industry one of "
                         f"{list(KEY_INDUSTRIES)} (环固体〔2022〕17号)")


def _status(lib: FactorLibrary, f) -> str:
    t = lib.table
    if "status" not in t.columns:
        return "reported"
    hit = t[(t["factor_set"] == f.factor_set) & (t["category"] == f.category)
            & (t["activity"] == f.activity) & (t["gas"] == f.gas)]
    s = str(hit["status"].iloc[0]) if len(hit) else ""
    return s if s and s != "nan" else "reported"


def _combine(*statuses: str) -> str:
    return max((s or "reported" for s in statuses), key=lambda s: _STATUS_RANK.get(s, 3))


def _unc(x: object) -> float:
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def estimate(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """Heavy-metal emissions for ``years``: DataFrame[EMISSION_COLUMNS], one row per region x
    year x category x activity x metal (Pb, Hg, Cd, Cr, As), ``value`` in t (module
    docstring). Raises InputError on a category outside the six key industries or a factor
    whose unit does not fit the activity."""
    years = [int(y) for y in years]
    a = inputs.activity
    a = a[a["year"].isin(years) & a["category"].map(heavy_metal_source)]
    lib = inputs.factors
    out = []
    for _, row in a.iterrows():
        where = _where(row)
        check_category(row["category"], where)
        for gas in HEAVY_METALS:
            c = coefficient(lib, row["category"], row["activity"], row["unit"], gas, where)
            ad_unc = _unc(row.get("uncertainty_pct"))
            if c is None:
                out.append(record(row["region"], int(row["year"]), row["category"], gas,
                                  row["activity"], 0.0, tier="", status="estimate",
                                  notation="NE", ad_uncertainty_pct=ad_unc))
                continue
            f = c.factors[-1]  # the emission factor proper (Coefficient.main)
            out.append(record(
                row["region"], int(row["year"]), row["category"], gas, row["activity"],
                float(row["value"]) * c.value, tier="T1",
                status=_combine(row.get("status", "reported"), _status(lib, f)),
                ef_uncertainty_pct=(f.uncertainty_pct if f.uncertainty_pct is not None
                                    else float("nan")), ad_uncertainty_pct=ad_unc))
    return frame(out)
