"""MAC charts that a reader can read on their own (issue #16), on the hand-made ModelData of
test_full_potential_mac (one county, 2025; measures p, q1, q2, r, s; worked there by hand).

By hand, for the targets used here:

* CO2 intensity −10 %: allowed 0.9 x 1000 / 1e6 x 1.5e6 = 1,350 t above the 2025 baseline
  1,200 t, so the requirement beyond the baseline is 1,200 − 1,350 = −150 t <= 0: met by the
  baseline; at a zero price its chart has nothing to show and is left out (the shipped run's
  urban and county sewage curves drew one unchosen bar under a 0 price). The same row at a
  price of 5 CNY/t, or the −40 % row (300 t needed), keeps its chart.
* NOx load reduction (eligible measures only): the curve has one bar, p (0.1 t x 50 = 5 t at
  1,495.05 CNY/t NOx). q1 is not eligible, so with q1 named as the measure at the margin
  (targets.csv) the price line meets no bar: the chart names q1 and the binding target it
  serves (CO2 intensity: q1 cuts 1 t CO2 a unit).
* p is chosen (25 units: 50 %) at 1,495 CNY/t against a NOx price of 100 CNY/t, 15 times
  the price: neither mandated (floor 0) nor built before 2025, it delivers CO2 (2 t a unit)
  toward the binding CO2-intensity target, so it is hatched "chosen for another target".
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from model.lp.index import index
from model.report import charts as charts_mod
from model.report.charts import ChartContext, Labeller, mac_chart
from model.report.full_potential_mac import FullPotential
from model.report.mac_reasons import chosen_reasons, left_out_line, margin_note
from model.report.pdf import chart_page
from model.report.tables import Results

_spec = importlib.util.spec_from_file_location(
    "fpm_cases", Path(__file__).with_name("test_full_potential_mac.py"))
_fpm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fpm)

COLS = ["target", "label_zh", "label_en", "kind", "quantity", "year", "required", "achieved",
        "unit", "shortfall", "shadow_price", "shadow_price_unit", "status", "marginal_measure"]


def _targets(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLS)


CO2I = ("co2i", "二氧化碳强度", "CO2 intensity test", "intensity", "CO2", 2025, 0.4, 0.4,
        "fraction", 0.0, 488.0, "CNY/t CO2", "binding", "p")
NOX = ("nox", "氮氧化物减排", "NOx load test", "load_reduction", "NOx", 2025, 3.0, 3.0, "t",
       0.0, 100.0, "CNY/t", "binding", "q1")


def _ctx(targets: pd.DataFrame, levels: dict[str, float]) -> ChartContext:
    data = _fpm._data()
    m = pd.DataFrame([{"measure": k, "family": "efficiency", "region": "hanbin", "year": 2025,
                       "level": v, "build": v, "unit": "unit", "annual_cost": 0.0,
                       "label_zh": k + "措施", "label_en": k + " measure"}
                      for k, v in levels.items()])
    res = Results(folder=Path("."), targets=targets, measures=m, emissions=pd.DataFrame(),
                  manifest={}, measure_labels={k: (k + "措施", k + " measure")
                                               for k in ("p", "q1", "q2", "r", "s")})
    return ChartContext(res, Labeller(cjk=False), ("", "test"), FullPotential(index(data),
                                                                              data))


@pytest.fixture
def figures(monkeypatch):
    """The figures mac_chart saves (the PNG still written)."""
    saved = []
    real = charts_mod._save

    def keep(fig, path):
        saved.append(fig)
        return real(fig, path)

    monkeypatch.setattr(charts_mod, "_save", keep)
    return saved


def test_a_chart_met_by_the_baseline_at_a_zero_price_is_left_out(tmp_path, figures):
    slack = ("co2i_10", "二氧化碳强度10", "CO2 intensity -10 %", "intensity", "CO2", 2025, 0.1,
             0.2, "fraction", 0.0, 0.0, "CNY/t CO2", "slack", "")
    ctx = _ctx(_targets([slack]), {"p": 25.0, "r": 30.0})
    assert mac_chart(ctx, tmp_path / "a.png", ctx.res.targets.iloc[0]) is None
    assert ctx.left_out == [("二氧化碳强度10", "CO2 intensity -10 %")]
    assert not (tmp_path / "a.png").exists()
    line = left_out_line(lambda _z, e: e, ctx.left_out)
    assert line.startswith("MAC charts left out: CO2 intensity -10 %") and "baseline" in line
    # the same row with a price, and a row that needs 300 t, keep their charts
    priced = _targets([(*slack[:10], 5.0, "CNY/t CO2", "binding", "")])
    ctx2 = _ctx(priced, {"p": 25.0})
    assert mac_chart(ctx2, tmp_path / "b.png", priced.iloc[0]) is not None
    ctx3 = _ctx(_targets([CO2I]), {"p": 25.0})
    assert mac_chart(ctx3, tmp_path / "c.png", ctx3.res.targets.iloc[0]) is not None
    assert ctx2.left_out == [] and ctx3.left_out == []


def test_an_off_curve_margin_names_its_measure_on_the_chart(tmp_path, figures):
    t = _targets([CO2I, NOX])
    ctx = _ctx(t, {"p": 25.0, "q1": 10.0})
    nox = t.iloc[1]
    from model.report.full_potential_mac import mac_for_target

    tab, _ = mac_for_target(ctx.res, ctx.full, nox)
    assert list(tab["measure"]) == ["p"]  # q1 is not eligible: not a bar of this curve
    m = margin_note(ctx, ctx.full, nox, tab)
    assert m is not None and m.measure == "q1" and not m.on_curve and m.serves == ("co2i",)
    assert mac_chart(ctx, tmp_path / "nox.png", nox) is not None
    texts = [x.get_text() for x in figures[-1].findobj(
        lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize"))]
    assert any("margin set by q1 measure, chosen for CO2 intensity test" in x for x in texts)
    assert any("not a bar of this curve" in x for x in texts)


def test_a_bar_chosen_far_above_the_price_says_why(tmp_path, figures):
    t = _targets([CO2I, NOX])
    ctx = _ctx(t, {"p": 25.0})
    from model.report.full_potential_mac import mac_for_target

    tab, _ = mac_for_target(ctx.res, ctx.full, t.iloc[1])
    assert float(tab["cost_per_unit"].iloc[0]) == pytest.approx(
        (1000 * _fpm.CRF + 20) / 0.1, rel=1e-6)  # 1,495.05 CNY/t, 15 x the 100 price
    why = chosen_reasons(ctx, ctx.full, t.iloc[1], tab, 100.0)
    assert why["p"].kind == "other_target" and why["p"].targets == ("co2i",)
    # at a price above 1,495 / 1.5 it is not "far above": no reason given
    assert chosen_reasons(ctx, ctx.full, t.iloc[1], tab, 1000.0) == {}
    mac_chart(ctx, tmp_path / "nox.png", t.iloc[1])
    fig = figures[-1]
    ax = fig.axes[0]
    assert any(getattr(p, "get_hatch", lambda: None)() == "xxx" for p in ax.patches)
    labels = [x.get_text() for x in fig.axes[1].get_legend().get_texts()]
    assert any("chosen for another target" in x for x in labels)
    texts = [x.get_text() for x in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert any("chosen for CO2 intensity test" in x for x in texts)  # the list says why


def _print_scale(fig) -> float:
    w, h = fig.get_size_inches()
    return chart_page(w * 72.0, h * 72.0)[1]


def test_mac_legend_off_the_bars_and_text_readable_in_print(tmp_path, figures):
    """The legend's box overlaps no bar's box (display extents); every text of the figure
    prints at 7 pt or more (its size x the scale at which the briefing prints the chart:
    the old 6.5 pt notes printed at 5-6 pt). Also with a list long enough for a page of its
    own (25 measures), whose list page prints at 7 pt or more too."""
    t = _targets([CO2I, NOX])
    ctx = _ctx(t, {"p": 25.0, "r": 30.0, "q1": 20.0})
    mac_chart(ctx, tmp_path / "co2.png", t.iloc[0])
    fig = figures[-1]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    ax = fig.axes[0]
    leg = fig.axes[1].get_legend().get_window_extent(r)
    bars = [p.get_window_extent(r) for p in ax.patches if p.get_width() > 0]
    assert bars and not any(leg.overlaps(b) for b in bars)
    assert not leg.overlaps(ax.get_window_extent(r))  # under the plot, not on it
    notes = [t.get_window_extent(r) for t in fig.axes[1].texts if t.get_text().strip()]
    assert notes and all(n.y1 <= leg.y0 + 1 for n in notes)  # the notes under the legend
    scale = _print_scale(fig)
    sizes = [x.get_fontsize() for x in fig.findobj(
        lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
        if x.get_text().strip() and x.get_visible()]
    assert min(sizes) * scale >= 7.0, (min(sizes), scale)
    # a long list goes on a page of its own, readable too
    lines = [f"{i}. measure {i}: " + "x" * 120 for i in range(1, 26)]
    w, h, _n, split = charts_mod.mac_size(lines, ["note " * 60] * 4, True)
    assert split and w == charts_mod.PRINT_WIDTH
    assert chart_page(w * 72, h * 72)[0] == "landscape"
    assert chart_page(w * 72, h * 72)[1] >= charts_mod.MAC_MIN_SCALE - 1e-9
    page = charts_mod.mac_list_figure(ctx, lines, ("目标", "target"), tmp_path / "l.png")
    assert page.exists()
    lf = figures[-1]
    ls = [x.get_fontsize() for x in lf.texts]
    assert min(ls) * _print_scale(lf) >= 7.0


def test_a_margin_serving_many_targets_names_two_and_keeps_the_layout(tmp_path, figures):
    """q1 serving four binding CO2 targets: the line names two and 'and 2 more' (the plan's
    VOCs line named five targets, ran across the axes and collapsed the layout)."""
    import warnings

    rows = [(f"co2i{k}", f"二氧化碳强度{k}", f"CO2 intensity {k}", *CO2I[3:]) for k in range(4)]
    t = _targets([*rows, NOX])
    ctx = _ctx(t, {"p": 25.0, "q1": 10.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 'constrained_layout not applied' is a UserWarning
        assert mac_chart(ctx, tmp_path / "nox.png", t.iloc[-1]) is not None
    texts = [x.get_text() for x in figures[-1].axes[0].texts]
    line = next(x for x in texts if "margin set by q1 measure" in x)
    assert "CO2 intensity 0; CO2 intensity 1 and 2 more" in line.replace("\n", " ")


def test_small_figures_in_a_mac_list_carry_no_exponent():
    """The PM2.5 list printed a measure's reduction as '9.82e-04 ug/m3': three significant
    digits in plain decimals."""
    from model.report.charts import num

    assert num(9.82e-4) == "0.000982" and num(-1.5e-6) == "-0.0000015"
    assert num(0.00125) == "0.00125" and num(12.345) == "12.3" and num(1234.5) == "1,234"


def test_the_measure_at_the_margin_is_never_marked_as_chosen_elsewhere():
    """p at the NOx margin (targets.csv) is the target's own measure, not 'chosen for another
    target', whatever the line: a pathway's annualised line lies below the marginal bar (the
    plan's manure line 1.31 M under its bar 2.34 M CNY/pp); and a measure is then compared
    with that bar (1,495.05 CNY/t), not the line."""
    nox_p = (*NOX[:13], "p")
    t = _targets([CO2I, nox_p])
    ctx = _ctx(t, {"p": 25.0})
    from model.report.full_potential_mac import mac_for_target

    tab, _ = mac_for_target(ctx.res, ctx.full, t.iloc[1])
    assert chosen_reasons(ctx, ctx.full, t.iloc[1], tab, 100.0) == {}


def test_legend_columns_count_chinese_as_two_cells():
    """The VOCs legend ran off the page in three columns. Its widest labels per column take
    28 + 63 + 58 display cells (CJK two) + 3 x 6 for the handles = 167 > 138: two columns,
    33 + 63 + 12 = 108 (by characters the old rule read 53 <= 62 and drew three)."""
    from matplotlib.lines import Line2D

    from model.report.charts import legend_columns

    labels = ["挥发性有机物治理 VOC control", "燃煤控制 Coal control", "机动车更新 Vehicles",
              "电能替代 Electrification", "未选用的潜力 potential not chosen",
              "为其他目标选用/已建成 chosen for another target / built earlier",
              "强制实施 mandated", "影子价格 shadow price 3,856 CNY/t",
              "目标所需（相对基准） required beyond the baseline 660 t/yr"]
    assert legend_columns([Line2D([], [], label=x) for x in labels]) == 2
    assert legend_columns([Line2D([], [], label=x) for x in ("a", "b", "c", "d")]) == 3
