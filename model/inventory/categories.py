"""The IPCC 2006 category tree and its mapping to the provincial guideline's five sectors.

The tree lives in ``inventories/ipcc2006_categories.csv`` (columns ``code, parent, level, name_en,
name_zh, sector, gases, source``): codes and English names from IPCC 2006 Vol 1 Ch 8 Table 8.2;
Chinese names as used in China's national communications; ``sector`` is one of the five sectors of
《省级温室气体清单编制指南（试行）》 (NDRC 2011): ``energy`` 能源活动, ``industrial_processes``
工业生产过程, ``agriculture`` 农业, ``lucf`` 土地利用变化和林业, ``waste`` 废弃物处理 (plus
``other`` for IPCC sector 5). ``gases`` lists, on reporting categories, the gases the category is
expected to report (used by the completeness table); empty on other rows.

Mapping of AFOLU: 3.A and 3.C (except 3.C.1) are agriculture; 3.B, 3.C.1 (biomass burning,
forest fires in the provincial guideline) and 3.D are land-use change and forestry.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from model.errors import InputError

CATEGORY_FILE = Path(__file__).resolve().parents[2] / "inventories" / "ipcc2006_categories.csv"

#: The provincial guideline's five sectors (and IPCC sector 5), in reporting order.
SECTORS = {
    "energy": ("能源活动", "Energy"),
    "industrial_processes": ("工业生产过程", "Industrial processes"),
    "agriculture": ("农业", "Agriculture"),
    "lucf": ("土地利用变化和林业", "Land-use change and forestry"),
    "waste": ("废弃物处理", "Waste"),
    "other": ("其他", "Other"),
}


@lru_cache(maxsize=4)
def _load(path: str) -> pd.DataFrame:
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file", "the IPCC 2006 category tree")
    df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in ("code", "parent", "level", "name_en", "name_zh", "sector", "gases", "source"):
        if col not in df.columns:
            raise InputError(str(p), f"columns {list(df.columns)}", f"a column '{col}'")
    df["level"] = df["level"].astype(int)
    bad = df[~df["sector"].isin(SECTORS)]
    if len(bad):
        raise InputError(f"{p} code {bad.iloc[0]['code']}", repr(bad.iloc[0]["sector"]),
                         f"one of {list(SECTORS)}")
    return df


def load_categories(path: str | Path | None = None) -> pd.DataFrame:
    """The category tree as a DataFrame (one row per code, tree order).

    Columns: ``code, parent, level (1..4), name_en, name_zh, sector, gases, source``.
    Raises InputError if the file is missing or a column / sector is wrong.
    """
    return _load(str(path or CATEGORY_FILE)).copy()


def _codes(categories: pd.DataFrame | None) -> set[str]:
    cats = load_categories() if categories is None else categories
    return set(cats["code"])


def resolve(code: str, categories: pd.DataFrame | None = None, where: str = "category") -> str:
    """The longest code of the tree that is ``code`` or an ancestor of it.

    ``1.A.3.b.i`` (finer than the tree) resolves to ``1.A.3.b``. Raises InputError if no prefix of
    ``code`` is in the tree (e.g. ``7.X`` or a typo such as ``1A2``).
    """
    codes = _codes(categories)
    parts = str(code).split(".")
    for n in range(len(parts), 0, -1):
        c = ".".join(parts[:n])
        if c in codes:
            return c
    raise InputError(where, f"category {code!r}",
                     "an IPCC 2006 category code such as '1.A.2.f' (Vol 1 Ch 8 Table 8.2)")


def ancestors(code: str, categories: pd.DataFrame | None = None) -> list[str]:
    """``code`` (resolved) and its ancestors, from the code itself up to the sector (1..5)."""
    cats = load_categories() if categories is None else categories
    parent = dict(zip(cats["code"], cats["parent"], strict=True))
    c = resolve(code, cats)
    out = [c]
    while parent.get(c):
        c = parent[c]
        out.append(c)
    return out


def sector_of(code: str, categories: pd.DataFrame | None = None) -> str:
    """The provincial-guideline sector id (key of :data:`SECTORS`) of an IPCC code."""
    cats = load_categories() if categories is None else categories
    sector = dict(zip(cats["code"], cats["sector"], strict=True))
    return sector[resolve(code, cats)]


def ancestor_at(code: str, level: int, categories: pd.DataFrame | None = None) -> str:
    """The ancestor of ``code`` at tree ``level`` (1 = sector); the code itself if shallower."""
    chain = ancestors(code, categories)
    cats = load_categories() if categories is None else categories
    lev = dict(zip(cats["code"], cats["level"], strict=True))
    for c in chain:
        if lev[c] <= level:
            return c
    return chain[-1]


def rollup(df: pd.DataFrame, value_columns: list[str], by: list[str],
           categories: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sum ``value_columns`` of ``df`` up the tree: one row per (``by`` x every ancestor code).

    ``df`` needs a ``category`` column; rows finer than the tree count in their nearest code.
    Returns columns ``by + [category, level, name_en, name_zh] + value_columns`` in tree order.
    Raises InputError on a code not in the tree.
    """
    cats = load_categories() if categories is None else categories
    rows = []
    cache: dict[str, list[str]] = {}
    for rec in df[[*by, "category", *value_columns]].to_dict("records"):
        code = rec["category"]
        if code not in cache:
            cache[code] = ancestors(code, cats)
        for anc in cache[code]:
            rows.append({**rec, "category": anc})
    if not rows:
        return pd.DataFrame(columns=[*by, "category", "level", "name_en", "name_zh",
                                     *value_columns])
    long = pd.DataFrame(rows)
    out = long.groupby([*by, "category"], as_index=False, sort=False)[value_columns].sum(
        min_count=1)
    order = {c: i for i, c in enumerate(cats["code"])}
    info = cats.set_index("code")[["level", "name_en", "name_zh"]]
    out = out.join(info, on="category")
    out["_order"] = out["category"].map(order)
    out = out.sort_values([*by, "_order"]).drop(columns="_order").reset_index(drop=True)
    return out[[*by, "category", "level", "name_en", "name_zh", *value_columns]]
