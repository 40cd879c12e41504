"""The scenario run, stage by stage: scenario -> inventory -> baseline -> catalogue -> LP -> tables.

Each stage is a pure function of tables; this module only wires them, so a notebook can call
:func:`prepare` and inspect every table before anything is solved. The base-year CO2 and energy of
the intensity targets come from :func:`model.inventory.base_year_indicators`, the same code that
prepares the annual inventory (one source of truth).
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import os
import platform
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.io import atomic_dir, detect_encoding, read_table, write_csv, write_json
from model.schema import Scenario
from model.services import SERVICE_TOTALS
from model.units import convert

#: Canonical unit of each LP quantity (service indicators keep their own unit).
QUANTITY_UNITS = {"CO2": "t CO2", "energy": "tce", "COD": "t", "NH3-N": "t", "NOx": "t",
                  "SO2": "t", "VOCs": "t", "PM2.5": "t", "NH3": "t"}



@dataclass(frozen=True)
class Prepared:
    """Everything a run needs, before solving (all tables in canonical floats)."""

    scenario: Scenario
    regions: list[str]
    inventory: object
    base: pd.DataFrame
    data: object  # model.lp.data.ModelData
    input_files: list[Path] = field(default_factory=list)
    electricity_co2: float = 0.0  # t CO2 per MWh of added use, on the scenario's co2_scope
    electricity_note: str = ""


@dataclass
class RunOutcome:
    """The answer of a run: status, tables written, and where."""

    scenario: Scenario
    status: str
    out: Path
    annual_cost: float
    targets: pd.DataFrame
    measures: pd.DataFrame
    emissions: pd.DataFrame
    manifest: dict
    messages: list[str]


def _regions(folder: Path) -> list[str]:
    from model.inventory.core import load_regions

    reg = load_regions(folder)
    return [r for r, p in zip(reg["region"], reg["parent"], strict=True) if p]


def _service_base(folder: Path, regions: list[str], base_year: int) -> pd.DataFrame:
    """Service indicators (served amount and ``<id>:total``) in the base year, by region, in the
    canonical units of :data:`model.services.SERVICES` (read and checked by
    :func:`model.inventory.pollutants.load_services`).

    A region that lists neither a served amount nor its total does not have that service (only
    the central city has "urban" sewage, only county seats "county" sewage): it counts 0 served
    of 0 total. A region listing one of the pair without the other is an error.
    """
    from model.inventory.pollutants import load_services

    path = folder / "services.csv"
    if not path.exists():
        return pd.DataFrame(columns=["region", "quantity", "value"])
    df = load_services(folder, regions=None)
    df = df[(df["year"] == base_year) & df["region"].isin(regions)]
    have = {(r, i): v for r, i, v in zip(df["region"], df["indicator"], df["value"],
                                         strict=True)}
    rows = []
    for served, total in SERVICE_TOTALS.items():
        if not any(i == served for _, i in have):
            continue
        for region in regions:
            pair = [(region, served) in have, (region, total) in have]
            if pair == [False, False]:
                values = (0.0, 0.0)
            elif all(pair):
                values = (have[(region, served)], have[(region, total)])
            else:
                missing = served if not pair[0] else total
                raise InputError(str(path), f"no {base_year} row '{missing}' for {region}",
                                 "both the served amount and its total, or neither")
            rows += [{"region": region, "quantity": served, "value": values[0]},
                     {"region": region, "quantity": f"{served}:total", "value": values[1]}]
    return pd.DataFrame(rows, columns=["region", "quantity", "value"])


def _gdp_base(folder: Path, regions: list[str], base_year: int) -> pd.DataFrame:
    df = read_table(folder / "drivers.csv", ["region", "year", "indicator", "value", "unit"],
                    key=["region", "year", "indicator"])
    df = df[(df["indicator"] == "gdp") & (df["year"].astype(int) == base_year)]
    missing = sorted(set(regions) - set(df["region"]))
    if missing:
        raise InputError(f"{folder / 'drivers.csv'}", f"no {base_year} gdp for {missing}",
                         "a gdp row for every county in the base year")
    df = df[df["region"].isin(regions)]
    vals = [convert(v, u, "CNY", where=f"{folder / 'drivers.csv'} row {r}")
            for v, u, r in zip(df["value"], df["unit"], df["_row"], strict=True)]
    return pd.DataFrame({"region": df["region"].to_numpy(), "value": vals})


#: Accepted range of baseline elasticities to real GDP: outside it a baseline turns absurd
#: (national 2016-20 elasticities of CO2 and energy to GDP were about 0.3-0.6).
ELASTICITY_RANGE = (-1.0, 2.0)


def _check_drivers(sc: Scenario, growth: pd.DataFrame) -> None:
    """Every year from base_year + 1 to the last model year has a real GDP growth rate above
    -100 %; names the scenario key otherwise."""
    key = f"{sc.path} key drivers.gdp_real_growth"
    for y, r in zip(growth["year"], growth["rate"], strict=True):
        if not -0.5 < r < 0.5:
            raise InputError(f"{key}.{y}.value", f"{r:.4g} (as a fraction)",
                             "a real growth rate between -50 and +50 % per year")
    city = set(growth.loc[growth["region"].isna(), "year"])
    need = range(sc.base_year + 1, max(sc.years) + 1)
    missing = [y for y in need if y not in city]
    if missing:
        raise InputError(key, f"no city-wide row for {missing}",
                         f"one row per year from {sc.base_year + 1} to {max(sc.years)}")


def with_electricity_co2(effects: pd.DataFrame, factor: float) -> pd.DataFrame:
    """Add each measure's electricity change x ``factor`` (t CO2/MWh) to its CO2 effect.

    ``effects`` has columns measure, quantity, value (canonical units; ``electricity`` in MWh/yr,
    positive = less use). A measure with an electricity row and no CO2 row gets one. Keeps the
    ``electricity`` rows (they are reported). Pure: returns a new frame.
    """
    out = effects.copy()
    elec = out[out["quantity"] == "electricity"].set_index("measure")["value"]
    if factor == 0.0 or elec.empty:
        return out
    has_co2 = set(out.loc[out["quantity"] == "CO2", "measure"])
    missing = [m for m in elec.index if m not in has_co2]
    if missing:
        out = pd.concat([out, pd.DataFrame({"measure": missing, "quantity": "CO2",
                                            "value": 0.0})], ignore_index=True)
    is_co2 = out["quantity"] == "CO2"
    out.loc[is_co2, "value"] = [v + factor * float(elec.get(m, 0.0)) for m, v in
                                zip(out.loc[is_co2, "measure"], out.loc[is_co2, "value"],
                                    strict=True)]
    return out


def _targets(sc: Scenario) -> pd.DataFrame:
    """Targets as ModelData rows in canonical units; refuses what the LP would misread."""
    import difflib

    rows = []
    for t in sc.targets:
        if not t.enabled:
            continue
        where = f"{sc.path} key targets.{t.id}.value"
        known = list(SERVICE_TOTALS) if t.kind == "service_level" else list(QUANTITY_UNITS)
        if t.quantity not in known:
            near = difflib.get_close_matches(t.quantity, known, n=1)
            raise InputError(f"{sc.path} key targets.{t.id}.quantity", repr(t.quantity),
                             f"one of {known} (target kind {t.kind})",
                             f"did you mean {near[0]!r}?" if near else None)
        if t.value < 0:
            raise InputError(where, f"{t.value:g} {t.unit}",
                             "a non-negative requirement (a reduction, a fall or a level)")
        if t.kind in ("intensity", "service_level"):
            value = convert(t.value, t.unit, "dimensionless", where=where)
            if not 0 <= value < (1 if t.kind == "intensity" else 1 + 1e-12):
                raise InputError(where, f"{t.value:g} {t.unit}",
                                 "a fall below 100 %" if t.kind == "intensity"
                                 else "a level between 0 and 100 %")
            unit = "fraction"
        else:
            unit = QUANTITY_UNITS.get(t.quantity, t.unit)
            value = convert(t.value, t.unit, unit, where=where)
        rows.append({"target": t.id, "kind": t.kind, "quantity": t.quantity, "year": t.year,
                     "value": value, "unit": unit, "label_zh": t.label_zh,
                     "label_en": t.label_en, "source": t.source})
    return pd.DataFrame(rows)


def prepare(sc: Scenario) -> Prepared:
    """Run every stage short of solving and return the LP's data (:class:`ModelData`).

    Raises InputError on any bad input, naming file, row or key.
    """
    from model.baseline import project
    from model.checks import require_county_sums
    from model.inventory import base_year_indicators, compile_inventory, electricity_co2_factor
    from model.lp.data import ModelData
    from model.lp.data import validate as validate_data
    from model.measures import load_catalogue

    folder = Path(sc.inventory)
    regions = _regions(folder)
    require_county_sums(folder)
    inv = compile_inventory(folder, [sc.base_year], gwp=sc.gwp, factor_sets=sc.factor_sets,
                            factors_folder=sc.factors)
    base = base_year_indicators(inv, sc.base_year, co2_scope=sc.co2_scope)
    base = base[base["region"].isin(regions)]
    services = _service_base(folder, regions, sc.base_year)
    base_all = pd.concat([base[["region", "quantity", "value"]], services], ignore_index=True)
    gdp_base = _gdp_base(folder, regions, sc.base_year)
    growth = pd.DataFrame([
        {"year": g.year, "region": g.region,
         "rate": convert(g.value, g.unit, "dimensionless",
                         where=f"{sc.path} key drivers.gdp_real_growth.{g.year}")}
        for g in sc.drivers.gdp_real_growth
    ])
    _check_drivers(sc, growth)
    elasticities = {q: convert(e.value, e.unit, "dimensionless",
                               where=f"{sc.path} key elasticities.{q}")
                    for q, e in sc.elasticities.items()}
    for q, e in elasticities.items():
        if not ELASTICITY_RANGE[0] <= e <= ELASTICITY_RANGE[1]:
            raise InputError(f"{sc.path} key elasticities.{q}.value", f"{e:g}",
                             f"an elasticity between {ELASTICITY_RANGE[0]} and "
                             f"{ELASTICITY_RANGE[1]} (growth of {q} per unit of real GDP growth)")
    pop_growth = convert(sc.drivers.population_growth.value, sc.drivers.population_growth.unit,
                         "1/year", where=f"{sc.path} key drivers.population_growth")
    if not -0.2 < pop_growth < 0.2:
        raise InputError(f"{sc.path} key drivers.population_growth",
                         f"{sc.drivers.population_growth.value:g} "
                         f"{sc.drivers.population_growth.unit}",
                         "a rate between -20 and +20 % per year")
    baseline, gdp = project(base_all, gdp_base, growth, elasticities, list(sc.years),
                            base_year=sc.base_year, population_growth=pop_growth)
    targets = _targets(sc)
    for _, t in targets[targets["kind"] == "intensity"].iterrows():
        b = base_all.loc[base_all["quantity"] == t["quantity"], "value"].sum()
        if not b > 0 or not gdp_base["value"].sum() > 0:
            raise InputError(f"{sc.inventory}", f"base-year {t['quantity']} {b:g} and GDP "
                             f"{gdp_base['value'].sum():g}",
                             f"positive base-year totals for the intensity target {t['target']!r}")
    rate = convert(sc.discount_rate.value, sc.discount_rate.unit, "dimensionless",
                   where=f"{sc.path} key discount_rate")
    if not 0 <= rate < 1:
        raise InputError(f"{sc.path} key discount_rate", f"{sc.discount_rate.value:g} (unit "
                         f"'{sc.discount_rate.unit}', i.e. {rate:.4g} per year)",
                         "a real rate per year such as 0.08 (unit '1') or 8 (unit '%')")
    cat = load_catalogue(sc.catalogue, regions, list(sc.years), rate)
    ef, ef_note = electricity_co2_factor(inv, sc.base_year, co2_scope=sc.co2_scope)
    effects = with_electricity_co2(cat.effects, ef)
    # an exactly-zero effect is no LP coefficient (HiGHS would drop it and warn on re-solves)
    effects = effects[effects["value"] != 0.0].reset_index(drop=True)
    data = ModelData(
        regions=regions, years=list(sc.years), base_year=sc.base_year,
        measures=cat.measures, effects=effects, bounds=cat.bounds, pools=cat.pools,
        pool_members=cat.pool_members, baseline=baseline, gdp=gdp, targets=targets,
        discount_rate=rate,
    )
    validate_data(data)
    files = [Path(sc.path)] if sc.path else []
    files += sorted(folder.glob("*.csv"))
    factors = Path(sc.factors) if sc.factors else folder.parent / "factors"
    files += sorted(factors.glob("*.csv")) + sorted(Path(sc.catalogue).glob("*.csv"))
    return Prepared(scenario=sc, regions=regions, inventory=inv, base=base, data=data,
                    input_files=files, electricity_co2=ef, electricity_note=ef_note)


def estimate_share(files: list[Path]) -> dict:
    """How many sourced rows of the input CSV files are estimates (column ``status``)."""
    import csv

    n_est = n_all = 0
    for f in files:
        if f.suffix.lower() != ".csv":
            continue
        with f.open(encoding=detect_encoding(f), newline="") as fh:
            for row in csv.DictReader(fh):
                if "status" in row:
                    n_all += 1
                    n_est += row["status"] == "estimate"
    return {"rows_estimate": n_est, "rows_with_status": n_all,
            "note": f"{n_est} of {n_all} input rows are estimates (status=estimate, method in the "
                    "row); results show what the plan costs if these estimates hold."}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("peakplan", "pyomo", "highspy", "pandas", "numpy", "pint", "openscm-units",
                "pydantic", "SALib"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _negative(emissions: pd.DataFrame) -> list[str]:
    """Warn where a scenario emission falls below zero: the measures' reductions (from base-year
    activity) exceed the projected baseline, so potentials and baseline disagree."""
    neg = emissions[(emissions["case"] == "scenario") & (emissions["value"] < -1e-6)
                    & emissions["variable"].str.startswith(("Emissions|", "Energy|"))]
    return [f"WARNING: {r.variable} in {r.region} {r.year} is {r.value:,.6g} {r.unit} in the "
            "scenario (below zero): the measures cut more than the baseline holds; check the "
            "potentials against the baseline and the elasticities."
            for r in neg.itertuples()]


def _electricity_margin(prep: Prepared, sol) -> list[str]:
    """Check the linearisation of :func:`model.inventory.electricity_co2_factor`: with a net
    exporter on scope energy_plus_electricity, added use must stay within the net export."""
    note = prep.electricity_note
    if "margin_mwh=" not in note:
        return []
    margin = float(note.split("margin_mwh=")[1].rstrip(")"))
    eff = prep.data.effects
    elec = eff[eff["quantity"] == "electricity"].set_index("measure")["value"]
    lv = sol.levels
    out = []
    for y in sorted(lv["year"].unique()):
        sub = lv[lv["year"] == y]
        added = -sum(float(elec.get(m, 0.0)) * float(v) for m, v in
                     zip(sub["measure"], sub["level"], strict=True))
        if added > margin:
            out.append(f"WARNING: in {y} the measures add {added:,.0f} MWh/yr of electricity use, "
                       f"more than the base-year net export of {margin:,.0f} MWh: on scope "
                       f"energy_plus_electricity the excess would be imported and emit CO2 that "
                       f"this run does not count.")
        else:
            out.append(f"Electricity: in {y} the measures change electricity use by "
                       f"{added:+,.0f} MWh/yr (+ = more use), within the base-year net export "
                       f"of {margin:,.0f} MWh (no import CO2).")
    return out


def default_out(sc: Scenario, overrides: list[str] | tuple = ()) -> Path:
    """Where results go without ``--out``: ``results/<name>`` under the working folder. A run
    with ``--set`` overrides gets its own folder ``<name>+<8 hex digits of the overrides>``, so it
    never replaces the plain run's results."""
    root = Path.cwd()
    name = sc.name
    if overrides:
        digest = hashlib.sha256("\n".join(overrides).encode("utf-8")).hexdigest()[:8]
        name = f"{name}+{digest}"
    return root / "results" / name


def run_scenario(path: str | Path | None = None, overrides: list[str] | tuple = (),
                 out: str | Path | None = None, save_lp: bool = False) -> RunOutcome:
    """Load, prepare, solve and write a scenario's results atomically.

    Results go to ``out`` (default ``results/<scenario name>``): ``targets.csv``,
    ``measures.csv``, ``emissions.csv``, ``manifest.json`` (and ``model.lp`` with ``save_lp``).
    An infeasible target set is an answer: the elastic diagnosis is written and ``status`` is
    ``infeasible``. Raises InputError on bad input before anything is written.
    """
    from model.lp import compile_lp
    from model.lp.pyomo_model import write_lp
    from model.results import emissions_table, measures_table, targets_table
    from model.scenario import load_scenario

    sc = load_scenario(path, overrides)
    prep = prepare(sc)
    t0 = time.perf_counter()
    compiled = compile_lp(prep.data)
    sol = compiled.solve()
    seconds = time.perf_counter() - t0
    targets = targets_table(sol)
    measures = measures_table(sol, compiled.ix)
    emissions = emissions_table(sol, compiled.ix, sc.name, city="ankang")
    messages = list(sol.messages) + _electricity_margin(prep, sol) + _negative(emissions)
    out = Path(out) if out else default_out(sc, overrides)
    root = Path(os.path.commonpath([p.resolve() for p in prep.input_files]))
    manifest = {
        "scenario": sc.name,
        "scenario_file": str(sc.path),
        "overrides": list(overrides),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "solver": {"name": "HiGHS", "status": sol.status, "seconds": round(seconds, 3),
                   "annual_cost_cny_per_yr": sol.annual_cost,
                   "annual_cost_year": max(sc.years),
                   "pv_cost_cny": sol.objective,
                   "pv_base_year": sc.base_year},
        "inputs_root": str(root),
        "inputs": {p.resolve().relative_to(root).as_posix(): _sha256(p)
                   for p in prep.input_files},
        "input_encodings": {str(p): enc for p in prep.input_files if p.suffix.lower() == ".csv"
                            and (enc := detect_encoding(p)) != "utf-8"},
        "estimates": (est := estimate_share(prep.input_files)),
        "note": est["note"],
        "versions": _versions(),
        "co2_scope": sc.co2_scope,
        "electricity_co2_t_per_mwh": prep.electricity_co2,
        "electricity_co2_note": prep.electricity_note,
        "units": {"emissions": "t (pollutants), t CO2, tce", "cost": "CNY per year, constant "
                  f"{sc.base_year} prices",
                  "shadow_price": "see targets.csv column shadow_price_unit"},
    }
    with atomic_dir(out) as tmp:
        write_csv(targets, tmp / "targets.csv")
        write_csv(measures, tmp / "measures.csv")
        write_csv(emissions, tmp / "emissions.csv")
        if save_lp:
            write_lp(compiled.lp, compiled.ix, tmp / "model.lp")
        write_json(manifest, tmp / "manifest.json")
    return RunOutcome(scenario=sc, status=sol.status, out=out, annual_cost=sol.annual_cost,
                      targets=targets, measures=measures, emissions=emissions,
                      manifest=manifest, messages=messages)
