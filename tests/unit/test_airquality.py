"""The source-receptor layer and the good-air-day relation, worked by hand (issue #14)."""

from __future__ import annotations

import math

import pytest

from model.airquality import SourceReceptor
from model.airquality.good_days import exceedance_share, fit_sigma, good_day_share


def _city(background=((2020, 10.0),), shares=(("PM2.5", 0.6), ("SO2", 0.4))):
    """A two-precursor city: observed 40 ug/m3 in 2020, background 10, 60 % of the local 30
    ug/m3 from primary PM2.5 (1000 t), 40 % from SO2 (4000 t)."""
    return SourceReceptor(base_year=2020, observed=40.0, background=background, shares=shares)


BASE = {"PM2.5": 1000.0, "SO2": 4000.0}


def test_two_precursor_city_by_hand():
    """k_PM = 0.6 x 30 / 1000 = 0.018 ug/m3 per t, k_SO2 = 0.4 x 30 / 4000 = 0.003; with 800 t
    PM2.5 and 3000 t SO2: 10 + 0.018 x 800 + 0.003 x 3000 = 10 + 14.4 + 9 = 33.4 ug/m3; the
    base year gives the observed 40 (calibration, not a check)."""
    sr = _city()
    k = sr.coefficients(BASE)
    assert k == pytest.approx({"PM2.5": 0.018, "SO2": 0.003}, rel=1e-12)
    assert sr.concentration({"PM2.5": 800.0, "SO2": 3000.0}, 2025, BASE) == \
        pytest.approx(33.4, rel=1e-12)
    assert sr.concentration(BASE, 2020, BASE) == pytest.approx(40.0, rel=1e-12)


def test_background_change_is_linear_then_held():
    """Background 10 in 2020 falling to 9 in 2025 (-10 %): 9.4 in 2023, 9 after 2025; the
    concentration at base emissions in 2025 is 9 + 30 = 39."""
    sr = _city(background=((2020, 10.0), (2025, 9.0)))
    assert sr.background_at(2023) == pytest.approx(9.4, rel=1e-12)
    assert sr.background_at(2030) == pytest.approx(9.0, rel=1e-12)
    assert sr.concentration(BASE, 2025, BASE) == pytest.approx(39.0, rel=1e-12)


def test_record_round_trip_and_missing_base_emission():
    sr = _city()
    assert SourceReceptor.from_record(sr.record()) == sr
    with pytest.raises(ValueError, match="no positive base-year emission of SO2"):
        sr.coefficients({"PM2.5": 1000.0, "SO2": 0.0})


def test_lognormal_good_days_by_hand():
    """σ = ln 2 (geometric SD 2), annual mean 37.5 = 75/2: P(day > 75) = 1 − Φ((ln 2 +
    (ln 2)²/2)/ln 2) = 1 − Φ(1 + ln 2 / 2) = 1 − Φ(1.34657) = 1 − 0.91093 = 0.08907 (normal
    table); fitting σ to that share gives ln 2 back (the smaller root)."""
    s = math.log(2.0)
    assert exceedance_share(37.5, s, 75.0) == pytest.approx(0.08907, abs=2e-5)
    assert good_day_share(37.5, s, 75.0) == pytest.approx(0.91093, abs=2e-5)
    assert fit_sigma(37.5, 0.08907, 75.0) == pytest.approx(s, abs=1e-4)


def test_good_days_of_the_shipped_calibration():
    """Ankang 2020: 346 good days of 366 at 34 ug/m3 (all 20 other days taken as PM2.5 days):
    z = Φ⁻¹(1 − 20/366) = 1.6014; σ²/2 − 1.6014 σ + ln(75/34) = 0 -> σ = 1.6014 −
    √(1.6014² − 2 × 0.79113) = 1.6014 − 0.9911 = 0.6103."""
    s = fit_sigma(34.0, 20.0 / 366.0, 75.0)
    assert s == pytest.approx(0.6103, abs=2e-4)
    assert 366 * good_day_share(34.0, s, 75.0) == pytest.approx(346.0, abs=1e-9)


def test_impossible_good_days_are_refused():
    with pytest.raises(ValueError):
        # a mean of 5 ug/m3 cannot put 20 % of days above 75: z = 0.8416, z² = 0.708 < 2 ln 15
        fit_sigma(5.0, 0.2, 75.0)
