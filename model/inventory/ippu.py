"""Industrial processes (IPCC 2006 Vol 3 Ch 2): 2.A.1 cement (clinker) and 2.A.2 lime, CO2.

Methods
-------
- 2.A.1, from clinker production (Vol 3 Ch 2 §2.2.1.1, Tier 2 equation with default CaO):
  ``CO2 = clinker (t) x EF_clinker x CF_ckd`` with EF_clinker = 0.51 t CO2/t clinker (65 % CaO
  from CaCO3) and CF_ckd = 1.02 (Vol 3 Ch 2 §2.2.1.2, Eq. 2.2): 0.5202, the Tier 1 default 0.52
  (which already includes CKD, so it must never be multiplied by CF_ckd again). Tier "T2"
  with a ``local`` EF (plant CaO data) as well, "T2" with the defaults because clinker data
  are used.
- 2.A.1, from cement production (Tier 1, Eq. 2.1): ``CO2 = cement x clinker_fraction x
  EF_clinker x CF_ckd`` (default clinker fraction 0.75 for blended cement), tier "T1".
- 2.A.2 lime (Tier 1, Eq. 2.8): ``CO2 = lime (t) x 0.75`` (85 % high-calcium / 15 %
  dolomitic; Vol 3 Ch 2 §2.3.1.1); an optional ``LKD_correction`` factor multiplies if given.
"""

from __future__ import annotations

import pandas as pd

from model.accounting import factors
from model.accounting.inputs import InventoryInputs
from model.errors import InputError
from model.inventory.core import frame, record

ACTIVITIES = {
    "2.A.1": ("clinker_production", "cement_production"),
    "2.A.2": ("lime_production",),
}


def estimate(inputs: InventoryInputs, years: list[int]) -> pd.DataFrame:
    """2.A.1 and 2.A.2 CO2 for ``years``: DataFrame[EMISSION_COLUMNS] (t CO2), one record per
    activity row of ``activity_ippu.csv`` (categories 2.A.1, 2.A.2); coefficients from
    :func:`model.accounting.factors.process_co2` (the scenario model uses the same).

    Activity in mass units (t, 万吨). Raises InputError on an activity id not in
    :data:`ACTIVITIES` for its category, or a missing factor (naming activity and category).
    """
    recs = []
    rows = inputs.rows("2.A")
    rows = rows[rows["year"].isin([int(y) for y in years])]
    for _, row in rows.iterrows():
        cat, act = row["category"], row["activity"]
        where = f"{row['_file']} row {row['_row']}"
        if act not in ACTIVITIES.get(cat, ()):
            raise InputError(f"{where} column 'activity'", f"{act!r} in category {cat}",
                             f"one of {ACTIVITIES.get(cat, ())} (2.A.1: clinker or cement, "
                             "2.A.2: lime); other 2.A categories are not implemented")
        c = factors.process_co2(inputs.factors, cat, act, row["unit"], where)
        value = row["value"] * c.value
        ef = c.factors[-1]  # the emission factor proper (Coefficient.main)
        tier = "T1" if act == "cement_production" or (
            cat.startswith("2.A.2") and ef.factor_set == "ipcc2006") else "T2"
        recs.append(record(
            row["region"], row["year"], cat, "CO2", act, value, tier=tier,
            status=row.get("status", "reported") or "reported",
            ad_uncertainty_pct=row["uncertainty_pct"],
            ef_uncertainty_pct=ef.uncertainty_pct if ef.uncertainty_pct is not None
            else float("nan"),
        ))
    return frame(recs)
