"""The cover's pathway sentence (model.report.briefing.pathway_sentence): the CO2 peak and the
discounted cost of a pathway run, worked from the manifest blocks by hand (issue #16 page review:
the plan-2025 cover said nothing of the peak)."""

from __future__ import annotations

from model.report.briefing import pathway_sentence


def test_no_peak_within_the_horizon():
    m = {"pathway": {"peak_year": 2035, "peak_co2_t": 5_980_555.19, "last_year": 2035,
                     "last_co2_t": 5_980_555.19, "peaks_within_horizon": False},
         "solver": {"pv_cost_cny": -1_319_839_190.3}}
    zh, en = pathway_sentence(m, 2020)
    assert en == ("CO2 is still rising in 2035 (5.98 Mt): no peak within the horizon under this "
                  "plan; discounted net cost 2020-2035: -1,319.8 million CNY.")
    # -1,319,839,190 CNY = -13.198 亿元
    assert zh == ("二氧化碳排放至2035年仍在上升（5.98百万吨），本方案期内未达峰；"
                  "2020-2035折现净成本-13.20亿元。")


def test_a_peak_and_a_one_year_run():
    m = {"pathway": {"peak_year": 2029, "peak_co2_t": 5.96e6, "last_year": 2035,
                     "last_co2_t": 5.22e6, "peaks_within_horizon": True}, "solver": {}}
    zh, en = pathway_sentence(m, 2020)
    assert en == "CO2 peaks in 2029 at 5.96 Mt and is 5.22 Mt in 2035."
    assert zh == "二氧化碳排放于2029年达峰（5.96百万吨），2035年为5.22百万吨。"
    assert pathway_sentence({"solver": {}}, 2020) == ("", "")


def test_price_table_when_more_than_four_targets_bind():
    """Five binding rows go to the cover's table (the plan's 17 were one paragraph of ~2,000
    characters); the per-year dual basis is said once, each cell in 万元 per unit."""
    from types import SimpleNamespace

    import pandas as pd

    from model.report.briefing import PROSE_PRICES_MAX, price_rows

    rows = [("a", 2025, 5_277_0000.0, 1_057_0000.0, "m1", ""),  # 5,277万元/t, annualised 1,057万
            ("b", 2030, 95.0, 13.0, "m2", ""), ("c", 2025, 1.84e8, 2.387e7, "", ""),
            ("d", 2025, 10.0, 10.0, "m1", "catalogue exhausted"), ("e", 2025, 20.0, 3.0, "m2", "")]
    t = pd.DataFrame([{"target": i, "label_zh": f"目标{i}", "label_en": f"target {i}", "year": y,
                       "status": "binding", "shadow_price": p,
                       "shadow_price_unit": f"CNY/t (dual: costs {y}-2035 valued in {y})",
                       "annualised_price": a, "annualised_price_unit": "CNY/t/yr annualised",
                       "marginal_measure": m, "price_note": n} for i, y, p, a, m, n in rows])
    res = SimpleNamespace(targets=t, last_year=2035,
                          measure_name=lambda k: (f"措施{k}", f"measure {k}"))
    cap, out = price_rows(SimpleNamespace(res=res))
    assert len(rows) == PROSE_PRICES_MAX + 1 and len(out) == 5
    assert "dual: the costs of the target's year to 2035 valued in that year" in cap
    assert [r[0] for r in out] == ["目标c target c", "目标a target a", "目标b target b",
                                   "目标e target e", "目标d target d"]  # highest dual first
    assert out[0][2:] == ["1.84亿元/吨", "2,387万元/吨/年", "—"]
    assert out[1][1:] == ["2025", "5,277万元/吨", "1,057万元/吨/年", "措施m1 measure m1"]
    assert out[2][2] == "95元/吨"  # no basis left in the cell
    assert out[4][3:] == ["—", "措施m1 measure m1（措施库已用尽 catalogue exhausted）"]
    res.targets = t.iloc[:4]
    assert price_rows(SimpleNamespace(res=res)) == ("", [])
