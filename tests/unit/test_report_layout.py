"""The briefing's page layout and chart labels (issue #16 residuals), worked by hand without a
solve: charts filling their page, every MAC bar identifiable, the note where an annualised
price sits below a bar, prices in 万元/亿元 in the terminal's views table."""

from __future__ import annotations

import pandas as pd
import pytest

from model.report.charts import (
    Labeller,
    _MacPrice,
    bar_numbers,
    mac_size,
    page_filling_height,
    page_orientation,
    price_below_bar_note,
)
from model.report.tables import quantity_label
from model.summary import price_wan

# A4 in points 595.276 x 841.89; frame margin 18 mm = 51.024 pt a side, footer 4 mm =
# 11.339 pt, a chart's heading 14 mm = 39.685 pt (model.report.pdf):
# portrait room 595.276 − 102.047 = 493.229 wide, 841.89 − 102.047 − 11.339 − 39.685 = 688.819
# tall; landscape room 739.843 wide, 595.276 − 153.071 = 442.205 tall.
PORTRAIT = (493.229, 688.819)
LANDSCAPE = (739.843, 442.205)


def test_a_chart_the_page_width_limits_is_made_as_tall_as_the_page():
    """The CO2 MAC (10.2 in wide, 9.5 in tall as drawn) went on a portrait page at the
    width's scale 493.229 / 734.4 = 0.67161 and filled 9.5 x 72 x 0.67161 = 459 of 689 pt:
    made 0.98 x 688.819 / 0.67161 / 72 = 13.960 in tall it fills the frame (2 % for the
    tight box's padding). A landscape chart 10 x 5 in (scale 739.843 / 720 = 1.02756, room
    for 442.205 / 1.02756 / 72 = 5.977 in) becomes 0.98 x 5.977 = 5.857 in; a chart the
    page's height already limits (10.2 x 7.7: 442.205 / 554.4 = 0.798 < 1.007) is kept."""
    assert page_orientation(10.2, 9.5) == "portrait"
    assert page_filling_height(10.2, 9.5) == pytest.approx(
        0.98 * PORTRAIT[1] / (PORTRAIT[0] / 734.4) / 72, rel=1e-5)  # constants to 0.001 pt
    assert page_filling_height(10.2, 9.5) == pytest.approx(13.960, abs=1e-3)
    assert page_orientation(10, 5) == "landscape"
    assert page_filling_height(10, 5) == pytest.approx(5.857, abs=1e-3)
    assert page_filling_height(10.2, 7.7) == 7.7
    # the filled chart stays on the page it was going to
    assert page_orientation(10.2, page_filling_height(10.2, 9.5)) == "portrait"
    assert page_orientation(10, page_filling_height(10, 5)) == "landscape"


def test_a_mac_chart_with_long_notes_keeps_its_landscape_page_and_moves_its_list():
    """A MAC chart is always drawn 10.2 in wide for a landscape page (issue #16: a portrait
    page gave the plot a third of the page, its 6.5 pt notes printed at 5-6 pt). With 20
    measures of 2-3 lines and six long notes at 8 pt its body and notes would print below
    0.88 (442.205 / 0.88 / 72 = 6.979 in of room at scale 0.88): the list goes on a page of
    its own (``split``) and the chart, body 4.1 in + a 3-row legend (0.18 x 3 + 0.15 = 0.69
    in) + the notes' lines x 0.152 in, is made as
    tall as the landscape page allows at that width (0.98 x 442.205 / (739.843 / 734.4) / 72
    = 5.975 in, kept when taller). One measure and a short note stay on one page."""
    lines = [f"{i}. measure {i}: " + "x" * 120 for i in range(1, 21)]
    notes = ["note " * 60] * 6
    w, h, n, split = mac_size(lines, notes, True)
    assert w == 10.2 and split
    assert h == pytest.approx(max(0.98 * LANDSCAPE[1] / (LANDSCAPE[0] / 734.4) / 72,
                                  4.1 + 0.69 + 0.152 * n), rel=1e-5)
    assert page_orientation(w, h) == "landscape"
    w, h, n, split = mac_size(["1. one measure"], ["a short note"], False)
    assert w == 10.2 and not split and page_orientation(w, h) == "landscape"


def test_every_mac_bar_is_numbered_alone_or_in_a_range():
    """Seven bars on a curve 103 units wide (a bar narrower than 1.5 %, 1.545, shares a label):
    1 (width 10) alone; 2-4 (width 1 each, all below zero) one label '2–4' at the middle of
    their span (10 + 13) / 2 = 11.5 and the lowest of their heights, -200; 5 (width 50)
    alone; 6 (width 1, above zero: the sign splits runs) alone at 63.5 + 0.5; 7 (cost 400
    above the axis top 100) goes to the cut labels with its number."""
    tab = pd.DataFrame({"cost_per_unit": [-300.0, -200.0, -100.0, -50.0, 20.0, 30.0, 400.0],
                        "reduction": [10.0, 1.0, 1.0, 1.0, 50.0, 1.0, 39.0]})
    tab["x_start"] = tab["reduction"].cumsum() - tab["reduction"]
    cut, labels = bar_numbers(tab, lo=-350.0, hi=100.0, xmax=103.0)
    assert [t for _, _, t in labels] == ["1", "2–4", "5", "6"]
    assert labels[1][:2] == pytest.approx((11.5, -200.0))
    assert labels[3][:2] == pytest.approx((63.5, 30.0))
    assert cut == [(pytest.approx(64 + 19.5), 100.0, 400.0, 7)]
    # every bar is named: alone, in a range or cut
    named = {int(t) for _, _, t in labels if "–" not in t} | {c[3] for c in cut}
    named |= {k for _, _, t in labels if "–" in t
              for k in range(int(t.split("–")[0]), int(t.split("–")[1]) + 1)}
    assert named == set(range(1, 8))
    # a bar numbered alone 1 unit from a cut bar (under 1.8 % of 100) joins the cut labels:
    # bar 1 (width 2, cost 50, centre 1) beside bar 2 (width 0.5, cost 900 > 100, centre 2.25)
    near = pd.DataFrame({"cost_per_unit": [50.0, 900.0, 60.0], "reduction": [2.0, 0.5, 97.5],
                         "x_start": [0.0, 2.0, 2.5]})
    cut, labels = bar_numbers(near, lo=0.0, hi=100.0, xmax=100.0)
    assert [c[3] for c in cut] == [1, 2] and [t for _, _, t in labels] == ["3"]
    assert cut[0] == (1.0, 50.0, 50.0, 1)


def test_an_annualised_price_below_a_bar_is_explained():
    """plan-2025's urban sludge 2030 row: annualised 9,081 CNY/pp/yr (dual 45,339 over N =
    4.99 discounted years, no measure at the margin: 2030-2035) under the one bar, 56,949
    CNY/pp, chosen 60 %: the note names both and the years. The rural-sewage 2025 row
    (annualised 2,369,062 under the marginal measure's bar 2,873,980) names the measure at
    the margin. No note when the price is the dual of a one-year run, is above the bar or
    within 1 % of it."""
    lab = Labeller(cjk=False)
    tab = pd.DataFrame({"measure": ["kiln"], "cost_per_unit": [56949.0],
                        "chosen_share": [0.6]})
    mp = _MacPrice(9081.04, 45339.0, True, "annualised shadow price", "CNY/pp/yr")
    note = price_below_bar_note(lab, mp, tab, "", "CNY/pp",
                                "no measure at the margin: 2030-2035 (the rest of the horizon)")
    assert note is not None
    assert "9,081" in note and "56,949" in note and "cheapest chosen measure" in note
    assert "over 2030-2035" in note and "not the one-year cost" in note
    sewage = pd.DataFrame({"measure": ["rural_sewage"], "cost_per_unit": [2873980.0],
                           "chosen_share": [0.49]})
    mp2 = _MacPrice(2369062.0, 18265658.0, True, "annualised shadow price", "CNY/pp/yr")
    assert "measure at the margin" in price_below_bar_note(lab, mp2, sewage, "rural_sewage",
                                                           "CNY/pp")
    one_year = _MacPrice(9081.04, 9081.04, False, "shadow price", "CNY/pp")
    assert price_below_bar_note(lab, one_year, tab, "", "CNY/pp") is None
    above = _MacPrice(60000.0, 3e5, True, "annualised shadow price", "CNY/pp/yr")
    assert price_below_bar_note(lab, above, tab, "", "CNY/pp") is None
    near = _MacPrice(56949.0 * 0.995, 3e5, True, "annualised shadow price", "CNY/pp/yr")
    assert price_below_bar_note(lab, near, tab, "", "CNY/pp") is None


def test_service_quantities_are_named_not_shown_by_id():
    """The toilet, village-waste and bulk-solid-waste MACs' x axes read
    'Cumulative rural_sanitary_toilets gain' (the id): each has its label."""
    for q, en in (("rural_sanitary_toilets", "Rural sanitary toilet coverage"),
                  ("villages_waste_treated", "Natural villages whose domestic waste is treated"),
                  ("bulk_solid_waste_used", "New bulk solid waste use rate")):
        zh, name, unit = quantity_label(q)
        assert name == en and zh and zh != q and unit == "pp"


def test_views_table_prices_in_wan_and_yi():
    """The views table printed shadow prices in full CNY (``dual 184,064,199 CNY/(ug/m3)``):
    each in 万元/亿元 like the other money figures: 184,064,199 / 10^8 = 1.84亿元;
    18,265,658 / 10^4 = 1,827万元 (percentage point as pp); 13,748 / 10^4 = 1.37万元; below
    1万 in 元 with three significant digits (94.6); text without a price unchanged."""
    assert price_wan("pm25_concentration 2025: dual 184,064,199 CNY/(ug/m3)") == \
        "pm25_concentration 2025: dual 1.84亿元/(ug/m3)"
    assert price_wan("rural_sewage_treatment 2025: dual 18,265,658 CNY/percentage point") == \
        "rural_sewage_treatment 2025: dual 1,827万元/pp"
    assert price_wan("vocs_load_reduction 2025: dual 13,748 CNY/t") == \
        "vocs_load_reduction 2025: dual 1.37万元/t"
    assert price_wan("co2_intensity 2025: dual 94.61 CNY/t CO2") == \
        "co2_intensity 2025: dual 94.6元/t CO2"
    assert price_wan("x 2030: dual 44,395 CNY/t; 8,892 CNY/t/yr annualised") == \
        "x 2030: dual 4.44万元/t; 8,892元/t/yr annualised"
    text = "co2_intensity 2025: required 17.0 %, achieved 17.0 %, most 31.9 %"
    assert price_wan(text) == text


def test_views_sheet_is_a_matrix_with_prices_in_wan_and_yi():
    """Two views: the duals 13,748 CNY/t and 184,064,199 CNY/(ug/m3) of the first become
    1.3748 万元/t and 1.84064199 亿元/(ug/m3) (the row's unit in its unit column: 亿元 because
    the row reaches 10^8); the second view, where PM2.5 does not bind, leaves that cell blank;
    costs in 万元 (75,389,521 -> 7,538.9521); intensities as required / achieved / most."""
    from model.report.workbook import views_matrix

    views = pd.DataFrame({
        "view": ["assessed", "territorial"], "this_run": [True, False],
        "co2_accounting": ["net_import", "territorial"], "non_fossil_attribution": ["grid", ""],
        "export_credit": ["all", ""], "hydrology": ["design", "design"],
        "status": ["optimal", "optimal"], "pv_cost_cny": [75389521.0, 1e8],
        "annual_cost_cny_per_yr": [110771940.0, 2e8],
        "binding_targets": ["vocs 2025: dual 13,748 CNY/t; pm25 2025: dual 184,064,199 "
                            "CNY/(ug/m3)", "vocs 2025: dual 5,826 CNY/t"],
        "shortfall_targets": ["", ""],
        "intensity": ["co2_intensity 2025: required 17.0 %, achieved 17.5 %, most 21.0 %", ""],
        "method": ["this run", "transformed"], "seconds": [0.1, 0.2],
        "documents": ["doc a", "doc b"], "note": ["", ""]})
    names, rows = views_matrix(views)
    assert names == ["assessed (本次 this run)", "territorial"]
    by = {r[0].split()[0]: r for r in rows}
    assert by["折现成本"][2:] == ["万元", pytest.approx(7538.9521), pytest.approx(10000.0)]
    assert by["vocs"][1:] == [2025, "万元/t", pytest.approx(1.3748), pytest.approx(0.5826)]
    assert by["pm25"][1:] == [2025, "亿元/(ug/m3)", pytest.approx(1.84064199), None]
    assert by["co2_intensity"][1:] == [2025, "%", "17.0 / 17.5 / 21.0", ""]


def test_a_long_table_prints_its_first_rows_and_says_so(tmp_path):
    """A data sheet of 450 rows prints its header and first MAX_PRINT_ROWS (400) rows: print
    area A1:B401, and the footer names the rows printed and where the rest is; a 10-row sheet
    keeps no print area and the plain footer."""
    import openpyxl

    from model.report.workbook import MAX_PRINT_ROWS, _sheet_generic, save_workbook

    assert MAX_PRINT_ROWS == 400
    long = pd.DataFrame({"year": range(450), "value": [1.5] * 450})

    def fill(wb, f):
        _sheet_generic(wb, "长 Long", long, f, where="capacity.csv")
        _sheet_generic(wb, "短 Short", long.head(10), f, where="wedges.csv")

    out = save_workbook(tmp_path / "w.xlsx", fill)
    wb = openpyxl.load_workbook(out)
    ws = wb["长 Long"]
    assert ws.print_area == "'长 Long'!$A$1:$B$401"
    assert "printed: rows 1-400 of 450; all on screen and in capacity.csv" in \
        ws.oddFooter.left.text
    short = wb["短 Short"]
    assert not short.print_area and short.oddFooter.left.text == "&A"


def test_a_year_by_year_table_prints_its_target_years_and_milestones(tmp_path):
    """A pathway's table of 2021-2035 folds (outline level 1, hidden) the rows of every year
    but the target years (2025 here), the milestones 2030 and 2035 and the last: 3 of 15
    years print, the footer names them and where every year is; the 2025-only table of a
    one-year run folds nothing. Before, the plan's Measures sheet printed all 15 years (22
    pages)."""
    import openpyxl

    from model.report.workbook import _sheet_generic, print_years, save_workbook

    class Res:
        targets = pd.DataFrame({"year": [2025, 2025]})

    years = list(range(2021, 2036))
    assert print_years(Res, years) == [2025, 2030, 2035]
    assert print_years(Res, [2020, *years], base=True) == [2020, 2025, 2030, 2035]
    assert print_years(Res, [2025]) == [2025]
    df = pd.DataFrame({"year": [y for y in years for _ in range(10)], "value": 1.5})

    def fill(wb, f):
        _sheet_generic(wb, "装机 Capacity", df, f, where="capacity.csv",
                       shown=print_years(Res, df["year"]))

    out = save_workbook(tmp_path / "w.xlsx", fill)
    ws = openpyxl.load_workbook(out)["装机 Capacity"]
    hidden = {r for r, d in ws.row_dimensions.items() if d.hidden}
    shown = {r for r in range(2, 2 + len(df)) if r not in hidden}
    assert {ws.cell(r, 1).value for r in shown} == {2025, 2030, 2035}
    assert len(shown) == 30 and len(hidden) == 120
    assert all(ws.row_dimensions[r].outlineLevel == 1 for r in hidden)
    assert ("printed: years 2025, 2030, 2035; every year on screen (outline +) and in "
            "capacity.csv") in ws.oddFooter.left.text
