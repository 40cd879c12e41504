"""Print the shipped scenario's answer under each CO2 rule and electricity equivalence (issue #6).

For every combination: base-year CO2 and assessed energy, net and gross annual cost in the target
year, the binding targets with their shadow prices and the measure at the margin. Run from the
repository root:

    python tools/accounting_table.py [scenario.yaml]
"""

from __future__ import annotations

import itertools
import sys

from model.lp import compile_lp
from model.pipeline import prepare
from model.results import targets_table
from model.scenario import load_scenario


def main(path: str | None = None) -> None:
    print("| co2_accounting | electricity | base CO2 (t) | base energy (tce) | status | net "
          "CNY/yr | gross CNY/yr | binding: shadow price (measure at the margin) |")
    print("|---|---|---|---|---|---|---|---|")
    for co2, eq in itertools.product(("net_import", "consumption", "territorial"),
                                     ("coal_equivalent", "calorific")):
        p = prepare(load_scenario(path, [f"co2_accounting={co2}",
                                         f"electricity_equivalence={eq}"]))
        b = p.data.baseline
        b0 = b[b["year"] == p.data.base_year].groupby("quantity")["value"].sum()
        c = compile_lp(p.data)
        sol = c.solve()
        t = targets_table(sol, c.ix, c.lp)
        y = max(p.data.years)
        lv = sol.costs[sol.costs["year"] == y]
        bind = "; ".join(
            f"{r.target} {r.shadow_price:,.0f} {r.shadow_price_unit} ({r.marginal_measure})"
            for r in t.itertuples() if r.status == "binding")
        short = "; ".join(f"{r.target} short {r.shortfall:.4g}" for r in t.itertuples()
                          if r.status == "shortfall")
        print(f"| {co2} | {eq} | {b0['CO2']:,.0f} | {b0['energy']:,.0f} | {sol.status} | "
              f"{lv['net'].sum():,.0f} | {lv['gross'].sum():,.0f} | {bind or short} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
