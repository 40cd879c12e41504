"""Source-receptor layer: annual mean PM2.5 from the city's emissions.

The reduced-form relation of response-surface studies (RSM/ERSM: Zhao et al. 2015, Geosci.
Model Dev. 8:115, doi:10.5194/gmd-8-115-2015; Zhao et al. 2017, Atmos. Chem. Phys. 17:12031,
doi:10.5194/acp-17-12031-2017), linearised around the base year::

    C[y] = B[y] + Σ_p k_p · E[p, y]                                   (ug/m3)

p ranges over the precursors of :data:`PRECURSORS` (primary PM2.5, SO2, NOx, NH3, VOCs), E[p, y]
is the city's emission (t/yr, the ledger's totals over the counties, the same numbers as the
inventory and the LP), B[y] the background (regional transport and natural: what remains with
no emission of the city's own). The response coefficient of each precursor is calibrated to the
observed base-year concentration C0::

    k_p = s_p / Σ_q s_q · (C0 − B[base]) / E[p, base]                (ug/m3 per t)

with s_p the share of the base year's local PM2.5 (C0 − B) that the precursor explains
(source-apportionment and response-surface studies of comparable cities, declared with a range
in the scenario's ``air_quality`` key). The model reproduces C0 in the base year by
construction: that is a calibration, never a check. Linear: the response of PM2.5 to NOx and
NH3 is nonlinear (Xing et al. 2018, Atmos. Chem. Phys. 18:7799, doi:10.5194/acp-18-7799-2018),
so k_p is the base year's average response and holds for moderate changes; one coefficient per
precursor for every county (emissions far from the monitors count as much as those near them).

Errors are one-line :class:`~model.errors.InputError` naming the scenario key.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from model.airquality.good_days import fit_sigma
from model.errors import InputError
from model.units import convert

PRECURSORS = ("PM2.5", "SO2", "NOx", "NH3", "VOCs")
#: keys of the scenario's ``air_quality.response`` (no dot, so ``--set`` can address them)
RESPONSE_KEYS = {"primary_pm25": "PM2.5", "SO2": "SO2", "NOx": "NOx", "NH3": "NH3",
                 "VOCs": "VOCs"}
#: unit of every concentration (targets, results)
UNIT = "ug/m3"
#: IAMC variables written to emissions.csv (city rows)
VARIABLE = "Concentration|PM2.5"
GOOD_DAYS_VARIABLE = "Air quality|Good days"


@dataclass(frozen=True)
class SourceReceptor:
    """The calibrated relation of the module docstring.

    ``base_year``; ``observed`` C0 (ug/m3); ``background`` points ((year, ug/m3), the base year
    first, increasing); ``shares`` {precursor: s_p} as declared (normalised to sum 1 where
    they are used, so one share can be moved alone); ``sigma`` the
    log-standard deviation of daily PM2.5 for good-air days (None: not declared) and
    ``daily_limit`` (ug/m3).
    """

    base_year: int
    observed: float
    background: tuple[tuple[int, float], ...]
    shares: tuple[tuple[str, float], ...]
    sigma: float | None = None
    daily_limit: float | None = None

    def background_at(self, year: int) -> float:
        """B[year] (ug/m3): linear between the declared years, the last held after them, the
        base year's before."""
        pts = self.background
        if year <= pts[0][0]:
            return pts[0][1]
        for (y0, b0), (y1, b1) in itertools.pairwise(pts):
            if y0 <= year <= y1:
                return b0 + (b1 - b0) * (year - y0) / (y1 - y0)
        return pts[-1][1]

    def coefficients(self, base: Mapping[str, float]) -> dict[str, float]:
        """k_p (ug/m3 per t/yr) from the base-year emissions ``base`` {precursor: t/yr}.
        ValueError naming the precursor if its base emission is not positive."""
        local = self.observed - self.background_at(self.base_year)
        out = {}
        for p, s in self.normalised():
            e = float(base.get(p, 0.0))
            if s and not e > 0:
                raise ValueError(f"no positive base-year emission of {p} ({e:g} t) to "
                                 "calibrate its response coefficient")
            out[p] = s * local / e if s else 0.0
        return out

    def normalised(self) -> tuple[tuple[str, float], ...]:
        """The shares divided by their sum (ValueError if the sum is not positive)."""
        total = sum(s for _, s in self.shares)
        if not total > 0:
            raise ValueError("response shares summing to 0")
        return tuple((p, s / total) for p, s in self.shares)

    def concentration(self, emissions: Mapping[str, float], year: int,
                      base: Mapping[str, float]) -> float:
        """C[year] = B[year] + Σ_p k_p E[p, year] (ug/m3); ``emissions`` and ``base`` in t/yr."""
        k = self.coefficients(base)
        return self.background_at(year) + sum(k[p] * float(emissions.get(p, 0.0)) for p in k)

    def good_day_share(self, concentration: float) -> float | None:
        """Share of good-air days (0-1) at an annual mean (:mod:`model.airquality.good_days`);
        None when no good-day relation was declared."""
        if self.sigma is None or self.daily_limit is None:
            return None
        from model.airquality.good_days import good_day_share

        return good_day_share(concentration, self.sigma, self.daily_limit)

    def record(self) -> dict:
        """Plain dict (for the targets table and the manifest)."""
        return {"base_year": self.base_year, "observed": self.observed,
                "background": [list(p) for p in self.background],
                "shares": dict(self.shares), "sigma": self.sigma,
                "daily_limit": self.daily_limit}

    @classmethod
    def from_record(cls, rec: Mapping) -> SourceReceptor:
        """Inverse of :meth:`record`."""
        return cls(base_year=int(rec["base_year"]), observed=float(rec["observed"]),
                   background=tuple((int(y), float(b)) for y, b in rec["background"]),
                   shares=tuple((str(p), float(s)) for p, s in dict(rec["shares"]).items()),
                   sigma=rec.get("sigma"), daily_limit=rec.get("daily_limit"))


def _share(r, where: str) -> tuple[float, float, float]:
    """(value, low, high) of a share as fractions (unit '1', 'fraction' or '%')."""

    vals = [convert(v, r.unit, "dimensionless", where=f"{where}.unit")
            for v in (r.value, r.low, r.high)]
    if vals[1] < 0.0 or vals[2] > 1.0:
        raise InputError(f"{where}.low", f"a range {r.low:g}-{r.high:g} {r.unit}",
                         "a share between 0 and 1 (0-100 %)")
    return vals[0], vals[1], vals[2]


def from_scenario(sc) -> SourceReceptor | None:
    """The scenario's ``air_quality`` key as a :class:`SourceReceptor` (None if absent).

    Raises InputError naming the key on: a concentration or background in a unit that is not a
    concentration, a negative background (value or range), a background not below the observed
    base-year concentration, an observed year other than the base year, a share outside 0-1,
    shares summing to 0, background changes not in increasing years after the base year or
    below -100 %.
    """

    aq = getattr(sc, "air_quality", None)
    if aq is None:
        return None
    key = f"{sc.path} key air_quality"
    c0 = convert(aq.observed.value, aq.observed.unit, UNIT, where=f"{key}.observed.unit")
    if aq.observed.year != sc.base_year:
        raise InputError(f"{key}.observed.year", str(aq.observed.year),
                         f"the base year {sc.base_year} (the year the coefficients calibrate to)")
    if not c0 > 0:
        raise InputError(f"{key}.observed.value", f"{aq.observed.value:g} {aq.observed.unit}",
                         "a positive annual mean concentration")
    bg = aq.background
    b0, blo, bhi = (convert(v, bg.unit, UNIT, where=f"{key}.background.unit")
                    for v in (bg.value, bg.low, bg.high))
    if b0 < 0 or blo < 0:
        raise InputError(f"{key}.background", f"{min(b0, blo):g} {UNIT}",
                         "a background of at least 0 (a concentration cannot be negative)")
    if not bhi < c0:
        raise InputError(f"{key}.background.high", f"{bhi:g} {UNIT}",
                         f"a background below the observed {c0:g} {UNIT} of {sc.base_year} "
                         "(the city's own emissions explain the rest)")
    points = [(sc.base_year, b0)]
    for i, p in enumerate(aq.background_change):
        change = convert(p.value, p.unit, "dimensionless",
                         where=f"{key}.background_change.{i}.unit")
        if p.year <= points[-1][0]:
            raise InputError(f"{key}.background_change.{i}.year", str(p.year),
                             f"a year after {points[-1][0]} (increasing, after the base year)")
        if change < -1:
            raise InputError(f"{key}.background_change.{i}.value", f"{p.value:g} {p.unit}",
                             "a change of at least -100 % (a concentration cannot be negative)")
        points.append((p.year, b0 * (1.0 + change)))
    shares = {}
    for p, r in aq.response.items():
        shares[RESPONSE_KEYS[p]] = _share(r, f"{key}.response.{p}")[0]
    total = sum(shares.values())
    if not total > 0:
        raise InputError(f"{key}.response", "shares summing to 0",
                         "a positive share for at least one precursor")
    sigma = limit = None
    if aq.good_days is not None:

        g = aq.good_days
        where = f"{key}.good_days"
        if g.good_days.year != sc.base_year:
            raise InputError(f"{where}.good_days.year", str(g.good_days.year),
                             f"the base year {sc.base_year}")
        days = convert(g.good_days.value, g.good_days.unit, "day",
                       where=f"{where}.good_days.unit")
        if not 0 < days <= g.days or g.days not in (365, 366):
            raise InputError(f"{where}.good_days.value", f"{days:g} good days of {g.days}",
                             "between 1 and the days of the year (365 or 366)")
        limit = convert(g.daily_limit.value, g.daily_limit.unit, UNIT,
                        where=f"{where}.daily_limit.unit")
        try:
            sigma = fit_sigma(c0, 1.0 - days / g.days, limit)
        except ValueError as exc:
            raise InputError(where, str(exc), "good-air days a lognormal daily distribution "
                             "with this annual mean can give") from None
    return SourceReceptor(base_year=sc.base_year, observed=c0, background=tuple(points),
                          shares=tuple(shares.items()),
                          sigma=sigma, daily_limit=limit)


def check_target(sr: SourceReceptor | None, value: float, year: int, where: str) -> None:
    """A concentration target needs the layer and a level above the background of its year
    (InputError naming ``where`` otherwise)."""
    if sr is None:
        raise InputError(where, "a concentration target without an 'air_quality' key",
                         "the scenario's air_quality key (background, observed base year and "
                         "response shares)")
    b = sr.background_at(year)
    if not value > b:
        raise InputError(f"{where}.value", f"{value:g} {UNIT} in {year}, not above the "
                         f"background {b:g} {UNIT}",
                         "a level above the background (no local measure can remove it)")
