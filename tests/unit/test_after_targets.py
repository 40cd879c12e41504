"""after_targets: the years after a target's year in which its quantity is worse than asked.

Tables built by hand; every expected value worked out from them below."""
import pandas as pd
import pytest

from model.report import after_targets as at


def _emissions(rows):
    return pd.DataFrame(rows, columns=["variable", "region", "scenario", "year", "value"])


def _targets(rows):
    return pd.DataFrame(rows, columns=["kind", "quantity", "year", "required"])


def test_concentration_above_its_target_after_the_target_year():
    # PM2.5: 30.5 (2020), 29.0 (2025, held), 29.4 (2026), 28.9 (2027), 30.2 (2028)
    e = _emissions([["Concentration|PM2.5", "c", "s", y, v] for y, v in
                    [(2020, 30.5), (2025, 29.0), (2026, 29.4), (2027, 28.9), (2028, 30.2)]]
                   + [["Concentration|PM2.5", "c", "s (baseline)", 2028, 99.0],
                      ["Concentration|PM2.5", "county", "s", 2028, 99.0]])
    t = _targets([["concentration", "PM2.5", 2025, 29.0]])
    (u,) = at.unheld(t, e, None, "c", "s")
    # 2027 (28.9) is within the target; the baseline and county rows are not read
    assert u.years == (2026, 2028)
    assert (u.worst_year, u.required, u.last_year) == (2028, 29.0, 2028)
    assert u.worst == pytest.approx(30.2, abs=1e-12)
    zh, en = at.sentences([u], {"PM2.5": ("PM2.5年均浓度", "PM2.5 annual mean")})
    assert en == ["PM2.5 annual mean: the targets bind only in 2025; it is worse than the target "
                  "in 2026, 2028, furthest in 2028: 30.2 μg/m³ (target 29)."]
    assert zh == ["PM2.5年均浓度的目标只约束2025年：2026、2028年劣于目标，最差为2028年"
                  "30.2微克/立方米（目标29）。"]


def test_reduction_vs_base_uses_the_latest_target_year_and_names_a_rise():
    # E: 1.00 (2020), 0.95 (2025: fall 5 %), 0.97 (2026: fall 3 % < 3.5 %), 0.965 (2030: 3.5 %),
    # 1.10 (2031: a rise of 10 %), 0.90 (2032: fall 10 %, meets the 2030 row's 3.5 %)
    e = _emissions([["Emissions|heavy_metals", "c", "s", y, v] for y, v in
                    [(2020, 1.0), (2025, 0.95), (2026, 0.97), (2030, 0.965), (2031, 1.10),
                     (2032, 0.90)]])
    t = _targets([["reduction_vs_base", "heavy_metals", 2025, 0.035],
                  ["reduction_vs_base", "heavy_metals", 2030, 0.035]])
    (u,) = at.unheld(t, e, None, "c", "s")
    assert u.years == (2026, 2031)
    assert u.worst_year == 2031 and u.worst == pytest.approx(-0.10, abs=1e-12)
    assert u.last_year == 2032 and u.last == pytest.approx(0.10, abs=1e-12)
    _, en = at.sentences([u])
    assert en == ["Key heavy metals (sum): the targets bind only in 2025, 2030; it is worse than "
                  "the target in 2026, 2031, furthest in 2031: a rise of 10.0 % "
                  "(target a fall of 3.5 %); a fall of 10.0 % in 2032."]


def test_intensity_from_the_pathway_and_nothing_for_a_held_quantity():
    p = pd.DataFrame({"year": [2020, 2025, 2026, 2020, 2025, 2026],
                      "case": ["scenario"] * 3 + ["baseline"] * 3,
                      "co2_intensity_fall": [0.0, 0.17, 0.169, 0.0, 0.0, 0.0],
                      "energy_intensity_fall": [0.0, 0.125, 0.13, 0.0, 0.0, 0.0]})
    t = _targets([["intensity", "CO2", 2025, 0.17], ["intensity", "energy", 2025, 0.125],
                  ["load_reduction", "COD", 2025, 3895.0]])
    (u,) = at.unheld(t, _emissions([]), p, "c", "s")
    # CO2: 16.9 % in 2026 against 17 % (gap 1e-3 > 1e-4); energy 13 % >= 12.5 %; COD not checked
    assert (u.kind, u.quantity, u.years) == ("intensity", "CO2", (2026,))
    assert at.unheld(t, _emissions([]), None, "c", "s") == []  # a one-year run has no pathway


def test_terminal_lines_fit_80_columns_and_name_the_years(tmp_path):
    from types import SimpleNamespace

    from rich.cells import cell_len as width

    from model.summary import _unheld_lines

    e = _emissions([["Concentration|PM2.5", "c", "s", y, v] for y, v in
                    [(2020, 30.5), (2025, 29.0), (2026, 29.4), (2035, 30.2)]])
    t = _targets([["concentration", "PM2.5", 2025, 29.0]])
    out = SimpleNamespace(emissions=e, targets=t, out=tmp_path, manifest={"city": "c"},
                          scenario=SimpleNamespace(name="s"))
    lines = _unheld_lines(out)
    assert lines[1:4] == ["  细颗粒物年均浓度的目标只约束2025年：", "    2026、2035年劣于目标，",
                          "    最差为2035年30.2微克/立方米（目标29）"]
    assert all(width(x) <= 80 for x in lines[:4])  # CJK characters count two columns
    out.targets = t.iloc[0:0]
    assert _unheld_lines(out) == []


def test_cap_reads_the_quantity_total_and_says_it_in_its_unit():
    # CO2 cap 1,000 t from 2025: 990 (2025), 1,005 (2026: 5 t over), 1,000.05 (2027: within
    # the 1e-4 relative tolerance, 0.1 t)
    e = _emissions([["Emissions|CO2", "c", "s", y, v] for y, v in
                    [(2020, 1200.0), (2025, 990.0), (2026, 1005.0), (2027, 1000.05)]])
    (u,) = at.unheld(_targets([["cap", "CO2", 2025, 1000.0]]), e, None, "c", "s")
    assert (u.years, u.worst_year, u.worst, u.last) == ((2026,), 2026, 1005.0, 1000.05)
    _, en = at.sentences([u])
    assert en == ["CO2 total: the targets bind only in 2025; it is worse than the target in 2026, "
                  "furthest in 2026: 1,005 t CO2 (target 1,000 t CO2); 1,000 t CO2 in 2027."]
