"""PM2.5 and good-air days in a run's results: rows of ``emissions.csv``, the manifest's block
and the terminal's lines, all from :class:`model.airquality.SourceReceptor` applied to the
city's emissions of the run (the same totals the LP holds).
"""

from __future__ import annotations

import pandas as pd

from model.airquality import GOOD_DAYS_VARIABLE, UNIT, VARIABLE, SourceReceptor


def _city_emissions(emissions: pd.DataFrame, city: str) -> pd.DataFrame:
    """{(scenario, year): {precursor: t/yr}} as a wide frame of the city's ``Emissions|<p>``."""
    e = emissions[(emissions["region"] == city)
                  & emissions["variable"].str.startswith("Emissions|")]
    e = e.assign(p=e["variable"].str[len("Emissions|"):])
    return e.pivot_table(index=["scenario", "year"], columns="p", values="value",
                         aggfunc="sum")


def concentration_rows(sr: SourceReceptor, emissions: pd.DataFrame, city: str,
                       model: str = "peakplan") -> pd.DataFrame:
    """IAMC rows (city only) of ``Concentration|PM2.5`` (ug/m3) and, when declared, ``Air
    quality|Good days`` (% of days), for every scenario (plan and baseline) and year of
    ``emissions`` (an :func:`model.results.emissions_table`). Base-year emissions calibrate
    k_p (the same for both cases). Empty if the city has no emission rows."""
    wide = _city_emissions(emissions, city)
    cols = ["model", "scenario", "region", "variable", "unit", "year", "value"]
    if wide.empty:
        return pd.DataFrame(columns=cols)
    base = wide.xs(sr.base_year, level="year").iloc[0].to_dict()
    rows = []
    for (scen, year), e in wide.iterrows():
        c = sr.concentration(e.fillna(0.0).to_dict(), int(year), base)
        rows.append((model, scen, city, VARIABLE, UNIT, int(year), c))
        g = sr.good_day_share(c)
        if g is not None:
            rows.append((model, scen, city, GOOD_DAYS_VARIABLE, "%", int(year), 100.0 * g))
    return pd.DataFrame(rows, columns=cols)


def manifest_block(sr: SourceReceptor, rows: pd.DataFrame, emissions: pd.DataFrame,
                   city: str, sources: dict) -> dict:
    """The manifest's ``air_quality``: the relation (background, shares, k_p per t and per kt),
    the concentration and good-air days by case and year, and what rests on estimates."""
    wide = _city_emissions(emissions, city)
    base = wide.xs(sr.base_year, level="year").iloc[0].to_dict() if len(wide) else {}
    k = sr.coefficients(base) if base else {}
    by: dict[str, dict[int, dict[str, float]]] = {}
    for _, r in rows.iterrows():
        case = "baseline" if str(r["scenario"]).endswith(" (baseline)") else "scenario"
        by.setdefault(case, {}).setdefault(int(r["year"]), {})[
            "pm25_ug_m3" if r["variable"] == VARIABLE else "good_days_pct"] = float(r["value"])
    return {
        "equation": "C[y] = B[y] + sum_p k_p E[p,y]; k_p = s_p (C0 - B0) / E[p,base]",
        "observed_base_ug_m3": sr.observed, "background_ug_m3": dict(sr.background),
        "shares": dict(sr.normalised()), "k_ug_m3_per_kt": {p: 1000.0 * v for p, v in k.items()},
        "base_emissions_t": {p: float(base.get(p, 0.0)) for p, _ in sr.shares},
        "good_days_sigma": sr.sigma, "daily_limit_ug_m3": sr.daily_limit,
        "by_case_year": by, "sources": sources,
        "note": "calibrated: the base year reproduces the observed concentration by "
                "construction (not a check); linear response around the base year",
    }


def terminal_lines(sr: SourceReceptor, rows: pd.DataFrame, targets: pd.DataFrame,
                   base_year: int) -> list[str]:
    """Plain lines for the terminal: base-year PM2.5 (calibrated), the baseline and plan of
    each concentration target's year and of the last model year (every year is in
    emissions.csv), each concentration target met or not with its price and the measure at the
    margin, good-air days beside."""
    def val(case_base: bool, var: str, year: int) -> float | None:
        m = (rows["variable"] == var) & (rows["year"] == year) & \
            (rows["scenario"].astype(str).str.endswith(" (baseline)") == case_base)
        return float(rows.loc[m, "value"].iloc[0]) if m.any() else None

    out = [f"PM2.5 {base_year}: {sr.observed:.1f} {UNIT} (observed estimate; the layer is "
           "calibrated to it)"]
    # the concentration targets: those whose value is an ambient level in UNIT (a kind with
    # value_type "ambient", model.lp.kinds; read off the unit so this layer needs no LP)
    t = targets[targets["unit"] == UNIT] if "unit" in targets.columns else targets[:0]
    model_years = {int(y) for y in rows["year"]} - {base_year}
    years = sorted({int(y) for y in t["year"]} | ({max(model_years)} if model_years else set()))
    for y in years:
        b, s = val(True, VARIABLE, y), val(False, VARIABLE, y)
        line = f"PM2.5 {y}: baseline {b:.1f}, plan {s:.1f} {UNIT}"
        gb, gs = val(True, GOOD_DAYS_VARIABLE, y), val(False, GOOD_DAYS_VARIABLE, y)
        if gs is not None:
            line += (f"; good-air days {gb:.1f} % -> {gs:.1f} % (lognormal relation, beside "
                     "the LP)")
        out.append(line)
    for _, r in t.iterrows():
        met = "met" if r["status"] != "shortfall" else "NOT met"
        line = (f"PM2.5 target {r['required']:g} {UNIT} in {int(r['year'])}: {met} "
                f"(plan {r['achieved']:.2f} {UNIT}, {r['status']})")
        if r["status"] == "binding":
            unit = str(r["shadow_price_unit"])
            line += (f"; shadow price {r['shadow_price']:,.0f} {unit}"
                     + ("" if "dual" in unit else " (dual at the margin, undiscounted CNY of "
                        "the target year)"))
            mm = str(r.get("marginal_measure", "") or "")
            if mm:
                line += f"; measure at the margin: {mm}"
        out.append(line)
    return out
