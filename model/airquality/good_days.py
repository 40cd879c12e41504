"""Good-air days from the annual mean PM2.5: a lognormal distribution of daily means.

Daily mean concentrations of an urban pollutant follow a lognormal distribution closely (Ott
1990, J. Air Waste Manage. Assoc. 40:1378, doi:10.1080/10473289.1990.10466789). With annual mean
C and log-standard deviation σ (geometric standard deviation exp σ), the share of days whose
daily mean exceeds the 24-hour limit L (75 ug/m3: AQI 100 for PM2.5, GB 3095-2012 Grade II,
HJ 633-2012) is::

    P(C, σ) = 1 − Φ((ln L − ln C + σ²/2) / σ)

and the share of good-air days 1 − P. σ is fitted once to the base year: the observed days that
were not good, all taken as PM2.5 days (an upper bound of PM2.5's part: ozone and PM10 days
counted with them), give the smaller root of ``σ²/2 − z σ + ln(L/C) = 0``, z = Φ⁻¹(1 − P).
Reported beside the concentration, never in the LP (not linear in the emissions).
"""

from __future__ import annotations

import math
from statistics import NormalDist

_N = NormalDist()


def exceedance_share(mean: float, sigma: float, limit: float) -> float:
    """P(C, σ): share of days above ``limit`` at annual mean ``mean`` (both ug/m3)."""
    if not mean > 0:
        return 0.0
    return 1.0 - _N.cdf((math.log(limit / mean) + sigma ** 2 / 2) / sigma)


def good_day_share(mean: float, sigma: float, limit: float) -> float:
    """Share (0-1) of good-air days: 1 − P(mean, σ)."""
    return 1.0 - exceedance_share(mean, sigma, limit)


def fit_sigma(mean: float, exceed: float, limit: float) -> float:
    """σ such that P(mean, σ) = ``exceed`` (0 < exceed < 0.5), the smaller root (the narrower
    distribution). ValueError when no σ gives that share at this mean."""
    if not 0.0 < exceed < 0.5:
        raise ValueError(f"a share of days above the limit of {exceed:.4g}")
    if not 0 < mean < limit:
        raise ValueError(f"an annual mean of {mean:g} against a daily limit of {limit:g}")
    z = _N.inv_cdf(1.0 - exceed)
    disc = z * z - 2.0 * math.log(limit / mean)
    if disc < 0:
        raise ValueError(f"{100 * exceed:.3g} % of days above {limit:g} at an annual mean of "
                         f"{mean:g}")
    return z - math.sqrt(disc)
