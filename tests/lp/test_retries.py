"""Solver failures (issue #12 item 8): HiGHS is retried with other settings before a solve is
called a failure (model/lp/highs.py), and a sweep records a failed level or candidate and goes
on (model/mac_sweep.py, model/peak_year.py). Failures are injected: a HiGHS whose run raises or ends
in 'Unknown', a solve that raises for one level or one candidate peak year.

Peak-year case (the lifetime pathway of tests/lp/test_pathway_lifetime.py with a peak target
instead of the caps): baseline CO2 100 t a year, least decline 5 % a year after the peak,
declared peak year 2022, so the candidates are 2021 and 2022 (a decline must follow the last
model year's predecessor). By hand for 2022: E23 <= 0.95·E22 asks R23 − 0.95·R22 >= 5 t; the
cheapest is 5 units of a built in 2023 (charged 50 CNY each for 2023 alone): 250 CNY.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from model import mac_sweep
from model.errors import SolverError
from model.lp import compile_lp, highs
from model.lp.highs import RETRIES, _option
from tests.lp.fixtures import pathway, targets
from tests.lp.test_pathway_lifetime import lifetime_lp


class _Flaky:
    """A Highs stand-in whose run() raises ``fail`` times, then delegates."""

    def __init__(self, real, fail: int):
        self._real, self._left = real, fail

    def run(self):
        if self._left:
            self._left -= 1
            raise RuntimeError("injected failure")
        return self._real.run()

    def __getattr__(self, name):
        return getattr(self._real, name)


def _options(h) -> dict:
    return {k: _option(h, k) for k in ("presolve", "solver", "simplex_strategy",
                                       "simplex_scale_strategy", "run_crossover")}


def test_a_failed_solve_is_retried_cold_and_the_settings_restored():
    c = compile_lp(pathway())
    before = _options(c.model.highs)
    c.model.highs = _Flaky(c.model.highs, fail=1)
    sol = c.solve()
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(10316.0913, rel=1e-8)  # tests/lp/test_pathway.py
    assert [a[0] for a in c.model.attempts] == ["warm start", "cold start"]
    assert c.model.attempts[0][1].startswith("exception: injected failure")
    assert c.model.retried
    assert _options(c.model.highs) == before


def test_unknown_on_every_setting_is_a_solver_error(monkeypatch):
    """Every retry ends in 'Unknown': each of RETRIES was tried, then SolverError (exit 4); the
    options are the model's own again afterwards."""
    c = compile_lp(pathway())
    before = _options(c.model.highs)
    monkeypatch.setattr(highs, "_status", lambda h: "Unknown")
    with pytest.raises(SolverError, match="HiGHS terminated with 'Unknown'"):
        c.solve()
    assert [a[0] for a in c.model.attempts] == ["warm start"] + [n for n, _ in RETRIES]
    assert _options(c.model.highs) == before


def test_raising_on_every_try_is_a_solver_error():
    c = compile_lp(pathway())
    c.model.highs = _Flaky(c.model.highs, fail=1 + len(RETRIES))
    with pytest.raises(SolverError, match="HiGHS failed: exception: injected failure"):
        c.solve()


def test_a_sweep_with_one_failed_level_completes_and_reports_it(monkeypatch):
    c = compile_lp(pathway())
    real = c.solve
    calls = {"n": 0}

    def solve():
        calls["n"] += 1
        if calls["n"] == 2:
            raise SolverError("HiGHS terminated with 'Unknown'; injected")
        return real()

    monkeypatch.setattr(c, "solve", solve)
    table = mac_sweep.sweep(c, "codcap", values=[145.0, 140.0, 135.0])
    assert list(table["status"]) == ["binding", mac_sweep.FAILED, "binding"]
    assert "injected" in table.loc[1, "error"]
    assert table.loc[[0, 2], "shadow_price"].tolist() == pytest.approx([400.0, 400.0])
    assert table["incremental_cost"].isna().all()  # no difference across a failed level
    assert table.loc[0, "annualised_price"] == pytest.approx(400.0)  # 2030: one year


def test_a_curve_whose_end_points_fail_is_one_row_and_the_others_go_on(monkeypatch):
    c = compile_lp(pathway())
    real = mac_sweep._extremes

    def extremes(compiled, k):
        if compiled.lp.row_target[k] == "sewage40":
            raise SolverError("injected")
        return real(compiled, k)

    monkeypatch.setattr(mac_sweep, "_extremes", extremes)
    table = mac_sweep.curves(c, points=3)
    failed = table[table["status"] == mac_sweep.FAILED]
    assert list(failed["target"]) == ["sewage40"] and "injected" in failed["error"].iloc[0]
    assert (table.loc[table["target"] == "codcap", "status"] != mac_sweep.FAILED).all()
    assert len(table[table["target"] == "codcap"]) == 3


def _peak_data():
    return lifetime_lp(targets=targets([("peak", "peak", "CO2", 2022, 0.05, "fraction")]))


def test_peak_year_auto_records_a_failed_candidate_and_goes_on(monkeypatch):
    from model import pipeline
    from model.peak_year import FAILED, choose

    real = pipeline.solve_prepared

    def solve_prepared(prep, data=None):
        if int(data.targets.loc[data.targets["kind"] == "peak", "year"].iloc[0]) == 2021:
            raise SolverError("HiGHS terminated with 'Unknown'; injected")
        return real(prep, data)

    monkeypatch.setattr(pipeline, "solve_prepared", solve_prepared)
    solved, table, note = choose(SimpleNamespace(data=_peak_data()))
    t = table.set_index("peak_year")
    assert t.loc[2021, "status"] == FAILED and "injected" in t.loc[2021, "error"]
    assert t.loc[2022, "status"] == "optimal" and bool(t.loc[2022, "chosen"])
    assert t.loc[2022, "pv_cost_cny"] == pytest.approx(250.0, rel=1e-9)
    assert note["solver_failures"] == [2021] and note["chosen_peak_year"] == 2022
    assert solved.solution.objective == pytest.approx(250.0, rel=1e-9)
    assert pd.isna(t.loc[2021, "pv_cost_cny"])


def test_peak_year_auto_fails_only_when_no_candidate_solves(monkeypatch):
    from model import pipeline
    from model.peak_year import choose

    def solve_prepared(prep, data=None):
        raise SolverError("injected")

    monkeypatch.setattr(pipeline, "solve_prepared", solve_prepared)
    with pytest.raises(SolverError, match="no candidate peak year could be solved"):
        choose(SimpleNamespace(data=_peak_data()))
