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
