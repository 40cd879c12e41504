"""The plan's commitments that are no LP target: what the briefing lists beside the targets.

``commitments.csv`` (scenario key ``commitments``): one row per commitment, ``id, label_zh,
label_en, value, unit, year, section`` (the plan's section), ``source``, ``status``, ``method``,
and an estimated budget ``budget_cny`` (CNY, constant base-year prices; empty where none can be
estimated) with ``budget_status`` and ``budget_method``. The table is read and checked here and
copied into a run's results (``commitments.csv``); the LP does not see it: a green factory, a
green park, an irrigation coefficient or irrigated area has no emission or cost row in the
catalogue, so the plan's cost of meeting them is the budget column, outside the optimisation.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.io import parse_number, read_table

COLUMNS = ["id", "label_zh", "label_en", "value", "unit", "year", "section", "source",
           "status", "method", "budget_cny", "budget_status", "budget_method"]


def load(path: str | Path) -> pd.DataFrame:
    """The commitments table at ``path`` (module docstring), columns :data:`COLUMNS`
    (``budget_cny`` float, NaN where empty). Raises InputError on a missing file or column, a
    duplicated id, a year that is not a year, a negative or unparsable budget, a budget
    without its status and method (naming file, row and column)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file", "the plan's commitments table "
                         f"({', '.join(COLUMNS)})")
    df = read_table(path, [c for c in COLUMNS if c not in ("status", "method")], key=["id"],
                    optional=["note"])
    budgets = []
    for r, y, b, bs, bm in zip(df["_row"], df["year"], df["budget_cny"], df["budget_status"],
                               df["budget_method"], strict=True):
        if not str(y).strip().isdigit():
            raise InputError(f"{path} row {r} column 'year'", repr(y), "a four-digit year")
        text = str(b).strip()
        if not text or text.lower() == "nan":
            budgets.append(float("nan"))
            continue
        v = parse_number(text, f"{path} row {r} column 'budget_cny'")
        if v < 0:
            raise InputError(f"{path} row {r} column 'budget_cny'", text, "a budget >= 0 CNY")
        if not str(bs).strip() or not str(bm).strip() or str(bm).strip().lower() == "nan":
            raise InputError(f"{path} row {r}", "a budget without budget_status and "
                             "budget_method", "how the budget was estimated (status estimate "
                             "and its method)")
        budgets.append(v)
    out = df.copy()
    out["budget_cny"] = budgets
    out["year"] = out["year"].astype(int)
    return out[COLUMNS].reset_index(drop=True)
