"""Small hand-made ModelData for the LP tests (numbers chosen so optima can be worked by hand)."""

from __future__ import annotations

import pandas as pd

from model.lp.data import ModelData


def measures(rows):
    """rows: (measure, family, unit, annual_cost)."""
    df = pd.DataFrame(rows, columns=["measure", "family", "unit", "annual_cost"])
    df["label_zh"] = df["measure"] + "措施"
    df["label_en"] = df["measure"] + " measure"
    return df.set_index("measure")


def frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


def targets(rows):
    """rows: (target, kind, quantity, year, value, unit)."""
    df = pd.DataFrame(rows, columns=["target", "kind", "quantity", "year", "value", "unit"])
    df["value"] = df["value"].astype(float)
    df["label_zh"] = df["target"] + "目标"
    df["label_en"] = df["target"] + " target"
    df["source"] = "test fixture"
    return df


def hand_lp(**over) -> ModelData:
    """Two measures x one region, one year (2025, base 2020), one NOx load target, one CO2
    intensity target.

    measures (annual_cost CNY/unit/yr; effects per unit):
      a: cost 10, NOx 1 t, CO2 2 t; potential 100
      b: cost 30, NOx 2 t, CO2 10 t; potential 50
    baseline CO2: 2020 1000 t, 2025 1200 t; GDP 2020 1e6, 2025 1.5e6 CNY.
    target nox: load_reduction NOx >= 150 t.
    target co2i: intensity CO2 -40 %: allowed = 0.6 * (1000/1e6) * 1.5e6 = 900 t,
      so 2a + 10b >= 1200 - 900 = 300 t CO2.
    """
    kw = dict(
        regions=["hanbin"], years=[2025], base_year=2020,
        measures=measures([("a", "industry", "unit", 10.0), ("b", "industry", "unit", 30.0)]),
        effects=frame([("a", "NOx", 1.0), ("a", "CO2", 2.0), ("b", "NOx", 2.0),
                       ("b", "CO2", 10.0)], ["measure", "quantity", "value"]),
        bounds=frame([("a", "hanbin", 2025, 0.0, 100.0), ("b", "hanbin", 2025, 0.0, 50.0)],
                     ["measure", "region", "year", "floor", "potential"]),
        pools=frame([], ["pool", "region", "year", "capacity"]),
        pool_members=frame([], ["pool", "measure", "share"]),
        baseline=frame([("hanbin", 2020, "CO2", 1000.0), ("hanbin", 2025, "CO2", 1200.0),
                        ("hanbin", 2020, "NOx", 500.0), ("hanbin", 2025, "NOx", 520.0)],
                       ["region", "year", "quantity", "value"]),
        gdp=frame([("hanbin", 2020, 1e6), ("hanbin", 2025, 1.5e6)], ["region", "year", "value"]),
        targets=targets([("nox", "load_reduction", "NOx", 2025, 150.0, "t"),
                         ("co2i", "intensity", "CO2", 2025, 0.4, "fraction")]),
        discount_rate=0.05,
    )
    kw.update(over)
    return ModelData(**kw)


def pathway(**over) -> ModelData:
    """Two regions, two model years (2025, 2030), base 2020, r = 5 %: service level, COD cap,
    a pool and no-regret.

    measures: septic (cost 10 CNY/household/yr; +1 household served, 0.01 t COD), only in
    hanbin (potential 1000); sew (cost 20; +1 served, 0.05 t COD), only in ziyang (potential 1000).
    baseline served 'sewage': hanbin 300 of 1000, ziyang 100 of 500 (both years);
    COD: hanbin 100 t, ziyang 50 t in 2030 (and 2025).
    pool 'unserved' (share 1 for both) with capacity hanbin 700, ziyang 400 households.
    targets: 'sewage' service level 0.40 in 2025 (0.4·1500 = 600 served, 400 now -> +200);
             COD cap 140 t in 2030 (150 - 140 -> 10 t reduction).
    """
    cols_b = ["measure", "region", "year", "floor", "potential"]
    base = []
    for y in (2025, 2030):
        base += [("hanbin", y, "sewage", 300.0), ("hanbin", y, "sewage:total", 1000.0),
                 ("ziyang", y, "sewage", 100.0), ("ziyang", y, "sewage:total", 500.0),
                 ("hanbin", y, "COD", 100.0), ("ziyang", y, "COD", 50.0)]
    base += [("hanbin", 2020, "COD", 105.0), ("ziyang", 2020, "COD", 52.0)]
    kw = dict(
        regions=["hanbin", "ziyang"], years=[2025, 2030], base_year=2020,
        measures=measures([("septic", "rural_sewage", "household", 10.0),
                           ("sew", "rural_sewage", "household", 20.0)]),
        effects=frame([("septic", "sewage", 1.0), ("septic", "COD", 0.01),
                       ("sew", "sewage", 1.0), ("sew", "COD", 0.05)],
                      ["measure", "quantity", "value"]),
        bounds=frame([("septic", "hanbin", 2025, 0.0, 1000.0),
                      ("septic", "hanbin", 2030, 0.0, 1000.0),
                      ("sew", "ziyang", 2025, 0.0, 1000.0),
                      ("sew", "ziyang", 2030, 0.0, 1000.0)], cols_b),
        pools=frame([("unserved", r, y, c) for y in (2025, 2030)
                     for r, c in (("hanbin", 700.0), ("ziyang", 400.0))],
                    ["pool", "region", "year", "capacity"]),
        pool_members=frame([("unserved", "septic", 1.0), ("unserved", "sew", 1.0)],
                           ["pool", "measure", "share"]),
        baseline=frame(base, ["region", "year", "quantity", "value"]),
        gdp=frame([(r, y, 1e9) for r in ("hanbin", "ziyang") for y in (2020, 2025, 2030)],
                  ["region", "year", "value"]),
        targets=targets([("sewage40", "service_level", "sewage", 2025, 0.40, "fraction"),
                         ("codcap", "cap", "COD", 2030, 140.0, "t")]),
        discount_rate=0.05,
    )
    kw.update(over)
    return ModelData(**kw)


def gas_supply_lp(supply_b: float = 100_000.0, **over) -> ModelData:
    """Two counties A and B, one year (2025, base 2020, r = 5 %): coal-to-gas ``c2g`` (1 t CO2
    less and 500 m3 of gas more per unit; om 10 CNY/unit/yr in A, 20 in B) and electrification
    ``elec`` (1 t CO2 less, 50 CNY/unit/yr), each at most 100 units per county. Baseline CO2
    1000 t in each county; gas use A 20,000, B 10,000 m3/yr; gas supply A 40,000 m3/yr (room
    for 40 units), B ``supply_b``. Target: city CO2 at most 2000 - 120 = 1880 t."""
    cols_b = ["measure", "region", "year", "floor", "potential"]
    base = []
    for y in (2020, 2025):
        base += [("A", y, "CO2", 1000.0), ("B", y, "CO2", 1000.0),
                 ("A", y, "natural_gas", 20_000.0), ("B", y, "natural_gas", 10_000.0),
                 ("A", y, "natural_gas:supply", 40_000.0),
                 ("B", y, "natural_gas:supply", supply_b)]
    kw = dict(
        regions=["A", "B"], years=[2025], base_year=2020,
        measures=measures([("c2g", "coal_control", "t coal/yr", 0.0),
                           ("elec", "electrification", "t coal/yr", 0.0)]),
        effects=frame([("c2g", "CO2", 1.0), ("c2g", "natural_gas", -500.0),
                       ("elec", "CO2", 1.0)], ["measure", "quantity", "value"]),
        bounds=frame([(m, r, 2025, 0.0, 100.0) for m in ("c2g", "elec") for r in ("A", "B")],
                     cols_b),
        pools=frame([], ["pool", "region", "year", "capacity"]),
        pool_members=frame([], ["pool", "measure", "share"]),
        baseline=frame(base, ["region", "year", "quantity", "value"]),
        gdp=frame([(r, y, 1e9) for r in ("A", "B") for y in (2020, 2025)],
                  ["region", "year", "value"]),
        targets=targets([("co2cap", "cap", "CO2", 2025, 1880.0, "t")]),
        discount_rate=0.05,
        costs=frame([("c2g", "A", 2025, "om", 10.0), ("c2g", "B", 2025, "om", 20.0),
                     ("elec", "", 2025, "om", 50.0)],
                    ["measure", "region", "year", "item", "value"]),
    )
    kw.update(over)
    return ModelData(**kw)
