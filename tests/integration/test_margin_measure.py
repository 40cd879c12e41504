"""The measure at the margin of a binding row is one that can still move: strictly inside its
column's own bounds (the uptake cap, not only the potential). Issue #16 page review: the plan's
CO2-intensity rows named industrial energy efficiency (at its uptake cap, -504 CNY/t) under a
+13 and +309 CNY/t/yr price."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from model.run import run_scenario

ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.slow


def test_the_2030_co2_margin_is_the_measure_whose_cost_is_the_price(tmp_path):
    run_scenario(ROOT / "scenarios" / "plan-2025.yaml", out=tmp_path / "r", views=False)
    t = pd.read_csv(tmp_path / "r" / "targets.csv").set_index("target")
    m = pd.read_csv(tmp_path / "r" / "measures.csv")
    row = t.loc["co2_intensity_2030"]
    assert row["marginal_measure"] == "clinker_capacity_reduction"
    # its own net cost per t CO2 in 2030 (measures.csv, summed over counties) is the annualised
    # price: one measure adjusting alone sets the row's price (DESIGN, pathway prices)
    c = m[(m["measure"] == row["marginal_measure"]) & (m["year"] == 2030)]
    assert float(row["annualised_price"]) == pytest.approx(
        c["net"].sum() / c["reduction_CO2"].sum(), rel=1e-6)
    assert t.loc["co2_intensity", "marginal_measure"] != "industrial_energy_efficiency"


def test_a_load_reduction_margin_is_a_measure_the_row_counts(tmp_path):
    """Household coal-to-gas cuts VOCs but is no key project (not eligible): it was named the
    VOCs margin. The margin is now an eligible measure inside its bounds (low-VOC coatings,
    83 % chosen: 9,242 CNY/t less its PM2.5 credit gives the 3,856 price)."""
    run_scenario(ROOT / "scenarios" / "ankang_2025.yaml", out=tmp_path / "r", views=False)
    t = pd.read_csv(tmp_path / "r" / "targets.csv").set_index("target")
    m = pd.read_csv(tmp_path / "r" / "measures.csv")
    margin = t.loc["vocs_load_reduction", "marginal_measure"]
    assert margin == "low_voc_coating"
    assert bool(m.loc[m["measure"] == margin, "eligible"].iloc[0])
