"""The scenario run, stage by stage: load (files) -> derive (pure functions) -> LP -> tables.

:func:`load` reads and checks every file a scenario names: the data pack, the factor library,
the catalogue, and builds the ledger (:mod:`model.accounting.ledger`: the pack's activity and
its coefficients under the scenario's accounting rule). :func:`derive` is a pure function of
those tables: GDP by year, the projected activity (:mod:`model.projection.activity`), the
baseline by year as the ledger's accounting of that activity, the measures' effects, potentials
and costs (:mod:`model.projection.measures`) and the targets, giving the LP's ModelData. The
base year, the baseline and every measure's effect stand on the same coefficients as the annual
inventory (one basis). :func:`run_scenario` solves and writes the results atomically.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata as md
import os
import platform
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from model.accounting.ledger import Ledger
from model.airquality import SourceReceptor
from model.derivation import Derivation, _rate, projection_rules
from model.derivation import added_generation as _added_generation
from model.errors import InputError, one_of
from model.inventory import Inventory
from model.io import atomic_dir, check_out, detect_encoding, read_table, write_csv, write_json
from model.lp import kinds
from model.lp.data import ModelData
from model.lp.solve import Compiled, Solution
from model.projection import activity
from model.projection.catalogue import CatalogueTables
from model.projection.measures import DerivedMeasures
from model.ranges import RANGES
from model.schema import Scenario
from model.services import SERVICE_TOTALS
from model.units import convert

#: Canonical unit of each LP quantity (service indicators keep their own unit).
QUANTITY_UNITS = {"CO2": "t CO2", "energy": "tce", "COD": "t", "NH3-N": "t", "NOx": "t",
                  "SO2": "t", "VOCs": "t", "PM2.5": "t", "NH3": "t", "CO2e": "t CO2e",
                  "CH4": "t CH4", "N2O": "t N2O"}



@dataclass(frozen=True)
class Prepared:
    """Everything a run needs, before solving (all tables in canonical floats): the scenario,
    the counties, the base-year inventory, the ledger and the projected activity amounts
    [row, base + model years], the derived measures, the LP's ModelData, the input files and
    the city (the region without a parent)."""

    scenario: Scenario
    regions: list[str]
    inventory: Inventory
    ledger: Ledger
    amounts: np.ndarray
    derived: DerivedMeasures
    data: ModelData
    input_files: list[Path] = field(default_factory=list)
    city: str | None = ""  # None: the pack has no city row (Ledger.city)
    #: measures that pay for themselves at the scenario's discount rate
    #: (:func:`model.projection.measures.self_paying`; None when not checked)
    self_paying: pd.DataFrame | None = None
    air_quality: SourceReceptor | None = None


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
    #: cost_attribution.csv (model.attribution; empty without targets or when infeasible)
    attribution: pd.DataFrame | None = None


def _gdp_base(folder: Path, regions: list[str], base_year: int) -> pd.DataFrame:
    path = folder / "drivers.csv"
    df = read_table(path, ["region", "year", "indicator", "value", "unit"],
                    key=["region", "year", "indicator"])
    df = df[(df["indicator"] == "gdp") & (df["year"].astype(int) == base_year)]
    missing = sorted(set(regions) - set(df["region"]))
    if missing:
        raise InputError(f"{path}", f"no {base_year} gdp for {missing}",
                         "a gdp row for every county in the base year")
    df = df[df["region"].isin(regions)]
    vals = [convert(v, u, "CNY", where=f"{path} row {r}")
            for v, u, r in zip(df["value"], df["unit"], df["_row"], strict=True)]
    for r, v, region in zip(df["_row"], vals, df["region"], strict=True):
        if not v > 0:
            raise InputError(f"{path} row {r} column 'value'", f"GDP {v:g} CNY for {region}",
                             "a positive base-year GDP")
    return pd.DataFrame({"region": df["region"].to_numpy(), "value": vals})


def _check_drivers(sc: Scenario, growth: pd.DataFrame) -> None:
    """Every year from base_year + 1 to the last model year has a real GDP growth rate within
    ±50 %; names the scenario key and the missing years as a range otherwise."""
    from model.errors import summarise

    key = f"{sc.path} key drivers.gdp_real_growth"
    for y, r in zip(growth["year"], growth["rate"], strict=True):
        if not RANGES["gdp_real_growth"].contains(r):
            raise InputError(f"{key}.{y}.value", f"{r:.4g} (as a fraction)",
                             RANGES["gdp_real_growth"].expected)
    city = set(growth.loc[growth["region"].isna(), "year"])
    last = sc.horizon_end or max(sc.years)
    need = range(sc.base_year + 1, max(max(sc.years), last) + 1)
    missing = [y for y in need if y not in city]
    if missing:
        raise InputError(key, "no city-wide row for " + (
            str(missing[0]) if len(missing) == 1 else summarise(missing, noun="years")),
                         f"one row per year from {sc.base_year + 1} to {max(need)}")


def _source_survival(sc: Scenario, cat, ledger) -> dict[str, float]:
    """{measure: survival} for measures whose units retire as their source does
    (``lifetime_basis = source``): the annual survival rate the scenario's projection gives the
    source's standard (the first rule selecting its rows). InputError if it gives none."""
    rules = projection_rules(sc)
    out = {}
    for name, m in cat.measures.iterrows():
        if m["lifetime_basis"] != "source":
            continue
        act = str(m["source_activity"])
        rows = ledger.rows[ledger.rows["activity"] == act]
        rule = next((p for p in rules for _, r in rows.iterrows()
                     if p.selects(r["kind"], r["category"], r["activity"])), None)
        std = act.rpartition(".")[2]
        if rule is None or std not in rule.survival:
            raise InputError(f"catalogue measures.csv measure {name!r}",
                             f"lifetime_basis 'source' on {act!r}, which no projection rule "
                             "gives a survival rate", "a projection rule with survival."
                             f"{std} for the source (scenario key projection)")
        out[name] = rule.survival[std]
    return out


def _targets(sc: Scenario, quantities: set[str], air=None) -> pd.DataFrame:
    """Targets as ModelData rows in canonical units; refuses what the LP would misread.
    A ``concentration`` target (ug/m3) carries the source-receptor relation ``air``
    (:class:`model.airquality.SourceReceptor`) in its ``response`` column."""
    import difflib

    rows = []
    for t in sc.targets:
        if not t.enabled:
            continue
        where = f"{sc.path} key targets.{t.id}"
        if t.kind not in kinds.KINDS:
            near = difflib.get_close_matches(t.kind, list(kinds.KINDS), n=1)
            raise InputError(f"{where}.kind", repr(t.kind), one_of(sorted(kinds.KINDS)),
                             f"did you mean {near[0]!r}?" if near else None)
        kind = kinds.KINDS[t.kind]
        known = sorted(SERVICE_TOTALS) if kind.service else sorted(
            q for q in quantities if q not in SERVICE_TOTALS and not q.endswith(":total"))
        if t.quantity not in known:
            near = difflib.get_close_matches(t.quantity, known, n=1)
            raise InputError(f"{where}.quantity", repr(t.quantity),
                             f"a quantity of target kind {t.kind}, {one_of(known)}",
                             f"did you mean {near[0]!r}?" if near else None)
        if t.value < 0:
            raise InputError(f"{where}.value", f"{t.value:g} {t.unit}",
                             "a non-negative requirement (a reduction, a fall or a level)")
        if kind.value_type == "fraction":
            value = convert(t.value, t.unit, "dimensionless", where=f"{where}.value")
            upper = 1 + 1e-12 if kind.service else 1
            if not 0 <= value < upper:
                raise InputError(f"{where}.value", f"{t.value:g} {t.unit}",
                                 "a level between 0 and 100 %" if kind.service
                                 else "a fall below 100 %")
            unit = "fraction"
        elif kind.value_type == "ambient":
            from model.airquality import PRECURSORS, UNIT, check_target

            if t.quantity != "PM2.5":
                raise InputError(f"{where}.quantity", repr(t.quantity),
                                 f"'PM2.5' (the concentration modelled; precursors {PRECURSORS})")
            unit = UNIT
            value = convert(t.value, t.unit, unit, where=f"{where}.unit")
            check_target(air, value, t.year, where)
        else:
            unit = QUANTITY_UNITS.get(t.quantity, t.unit)
            value = convert(t.value, t.unit, unit, where=f"{where}.value")
        if t.year not in sc.years:
            raise InputError(f"{where}.year", str(t.year), f"a model year {list(sc.years)}")
        rows.append({"target": t.id, "kind": t.kind, "quantity": t.quantity, "year": t.year,
                     "value": value, "unit": unit, "label_zh": t.label_zh,
                     "label_en": t.label_en, "source": t.source,
                     "response": air.record() if kind.value_type == "ambient" else None})
    return pd.DataFrame(rows, columns=["target", "kind", "quantity", "year", "value", "unit",
                                       "label_zh", "label_en", "source", "response"])


@dataclass(frozen=True)
class Loaded:
    """Everything read from files for a scenario (the loading stage): the validated scenario,
    the pack's regions, inventory inputs, the compiled base-year inventory (QA, reports), the
    ledger (the pack's activity and coefficients under the scenario's rule), base-year GDP, the
    catalogue tables, and the input files read."""

    scenario: Scenario
    regions_df: pd.DataFrame
    inventory: Inventory
    ledger: Ledger
    gdp_base: pd.DataFrame
    catalogue: CatalogueTables
    input_files: list[Path]


def load(sc: Scenario) -> Loaded:
    """The loading stage: read and check every file the scenario names (InputError naming file,
    row or key on bad input). Nothing is derived here."""
    from model.accounting.factor_library import FactorLibrary
    from model.accounting.inputs import InventoryInputs, load_regions
    from model.accounting.rules import rule
    from model.inventory import compile_inventory
    from model.inventory.core import load_activity
    from model.inventory.qaqc import require_county_sums
    from model.projection import catalogue

    folder = Path(sc.inventory)
    regions_df = load_regions(folder)
    require_county_sums(folder)
    inv = compile_inventory(folder, [sc.base_year], gwp=sc.gwp, factor_sets=sc.factor_sets,
                            factors_folder=sc.factors)
    factors_folder = Path(sc.factors) if sc.factors else folder.parent / "factors"
    lib = FactorLibrary.load(factors_folder, sc.factor_sets)
    regions = list(regions_df["region"])
    inputs = InventoryInputs(folder=folder, regions=regions,
                             activity=load_activity(folder, regions), factors=lib)
    accounting = rule(sc.co2_accounting, sc.co2_processes, sc.electricity_equivalence,
                      sc.energy_deductions, where=str(sc.path),
                      attribution=sc.non_fossil_attribution, export_credit=sc.export_credit)
    ledger = Ledger(inputs, sc.base_year, accounting, regions_df, other=inv.emissions,
                    gwp=sc.gwp)
    gdp_base = _gdp_base(folder, ledger.regions, sc.base_year)
    cat = catalogue.load(sc.catalogue)
    catalogue.check_regions(cat, ledger.regions, ledger.city)
    files = [Path(sc.path)] if sc.path else []
    files += sorted(folder.glob("*.csv"))
    files += sorted(factors_folder.glob("*.csv")) + sorted(Path(sc.catalogue).glob("*.csv"))
    files += [Path(p) for p in (sc.gas_supply, sc.commitments) if p is not None]
    return Loaded(scenario=sc, regions_df=regions_df, inventory=inv, ledger=ledger,
                  gdp_base=gdp_base, catalogue=cat, input_files=files)


def derive(loaded: Loaded, derivation: Derivation | None = None,
           check_self_paying: bool = True) -> Prepared:
    """The deriving stage, pure functions of the loaded tables: GDP by year, the projected
    activity, the baseline by year (the ledger's accounting of it), the measures' effects,
    potentials, pools and costs (:class:`model.derivation.Derivation`, compiled once and
    evaluated at the scenario's own values, or ``derivation`` if given), and the targets ->
    :class:`model.lp.data.ModelData`. ``check_self_paying``: the no-regret report of measures
    that pay for themselves (:func:`model.projection.measures.self_paying`; a sensitivity sample
    counts them itself)."""
    from model.accounting import official
    from model.airquality import from_scenario
    from model.lp.data import validate as validate_data
    from model.projection import measures

    sc, ledger = loaded.scenario, loaded.ledger
    regions, years = ledger.regions, list(sc.years)
    growth = pd.DataFrame([
        {"year": g.year, "region": g.region,
         "rate": convert(g.value, g.unit, "dimensionless",
                         where=f"{sc.path} key drivers.gdp_real_growth.{g.year}")}
        for g in sc.drivers.gdp_real_growth
    ], columns=["year", "region", "rate"])
    _check_drivers(sc, growth)
    pop_growth = convert(sc.drivers.population_growth.value, sc.drivers.population_growth.unit,
                         "1/year", where=f"{sc.path} key drivers.population_growth")
    if not RANGES["population_growth"].contains(pop_growth):
        raise InputError(f"{sc.path} key drivers.population_growth",
                         f"{sc.drivers.population_growth.value:g} "
                         f"{sc.drivers.population_growth.unit}",
                         RANGES["population_growth"].expected)
    rate = convert(sc.discount_rate.value, sc.discount_rate.unit, "dimensionless",
                   where=f"{sc.path} key discount_rate")
    if not RANGES["discount_rate"].contains(rate):
        raise InputError(f"{sc.path} key discount_rate", f"{sc.discount_rate.value:g} (unit "
                         f"'{sc.discount_rate.unit}', i.e. {rate:.4g} per year)",
                         RANGES["discount_rate"].expected)
    activity.project_gdp(loaded.gdp_base, growth, sc.base_year, years)  # its checks
    d = derivation if derivation is not None else Derivation(loaded)
    ev = d.evaluate()
    gdp, amounts = d.gdp_frame(ev.gdp), ev.amounts
    baseline = d.baseline_frame(ev.baseline)
    cat = d.catalogue
    survival = _source_survival(sc, cat, ledger)
    derived = measures.derive(cat, ledger, amounts, years, sc.base_year, survival,
                              arrays=ev.measures, compiled=d.compiled)
    self_paying = measures.self_paying(derived, cat, rate) if check_self_paying else None
    air = from_scenario(sc)
    targets = _targets(sc, set(baseline["quantity"]), air)
    targets["param"] = official.credits(ledger, amounts, targets, sc.base_year, years,
                                        sc.load_accounting.baseline_deregistrations)
    manure = sc.load_accounting.manure_large_scale_share
    share = None if manure is None else _rate(
        manure, f"{sc.path} key load_accounting.manure_large_scale_share", 0.0, 1.0,
        "a share between 0 and 1")
    derived = dataclasses.replace(derived, measures=derived.measures.assign(
        eligible_share=official.eligible_shares(derived.measures, cat.measures, share)))
    data = ModelData(
        regions=regions, years=years, base_year=sc.base_year, measures=derived.measures,
        effects=derived.effects, bounds=derived.bounds, pools=derived.pools,
        pool_members=derived.pool_members, baseline=baseline, gdp=gdp, targets=targets,
        discount_rate=rate, costs=derived.costs, horizon_end=sc.horizon_end,
        objective="deployment" if sc.full_potential else "cost", lags=derived.lags)
    validate_data(data)
    return Prepared(scenario=sc, regions=regions, inventory=loaded.inventory,
                    ledger=ledger, amounts=amounts, derived=derived, data=data,
                    input_files=loaded.input_files, city=ledger.city,
                    self_paying=self_paying, air_quality=air)


def added_generation(sc: Scenario, ledger, years: list[int], hydro: list[float]
                     ) -> pd.DataFrame:
    """MWh/yr the committed additions of category ``generation`` produce: ``region, year,
    mwh`` (:func:`model.derivation.added_generation`, the one basis, as a table)."""
    arr = _added_generation(sc, ledger, years, hydro)
    T = [sc.base_year, *years]
    df = pd.DataFrame({"region": np.repeat(list(ledger.regions), len(T)),
                       "year": np.tile(T, len(ledger.regions)), "mwh": arr.reshape(-1)})
    return df[df["mwh"] != 0].reset_index(drop=True)


def prepare(sc: Scenario) -> Prepared:
    """Load and derive: every stage short of solving (:func:`load`, :func:`derive`)."""
    return derive(load(sc))


def estimate_share(files: list[Path]) -> dict:
    """How many sourced rows of the input CSV files are estimates and how many are calibrated
    to an outside total (column ``status``)."""
    import csv

    n_est = n_cal = n_all = 0
    for f in files:
        if f.suffix.lower() != ".csv":
            continue
        with f.open(encoding=detect_encoding(f), newline="") as fh:
            for row in csv.DictReader(fh):
                if "status" in row:
                    n_all += 1
                    n_est += row["status"] == "estimate"
                    n_cal += row["status"] == "calibrated"
    return {"rows_estimate": n_est, "rows_calibrated": n_cal, "rows_with_status": n_all,
            "note": f"{n_est} of {n_all} input rows are estimates (status=estimate, method in the "
                    f"row) and {n_cal} are calibrated to an outside total (agreeing with that "
                    "total is not a check); results show what the plan costs if these hold."}


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
    """Warn where a plan's emission or energy falls below zero: the measures' reductions (from
    base-year activity) exceed the projected baseline, so potentials and baseline disagree.
    ``emissions`` is the IAMC table of :func:`model.results.emissions_table` (the baseline is
    the scenario named ``<name> (baseline)``; only the plan's rows are checked)."""
    from model.results import BASELINE_SUFFIX

    neg = emissions[~emissions["scenario"].astype(str).str.endswith(BASELINE_SUFFIX)
                    & (emissions["value"] < -1e-6)
                    & emissions["variable"].str.startswith(("Emissions|", "Energy|"))
                    # CO2 (and CO2e, which holds it) of a net electricity exporter is negative
                    # under net_import by design
                    & ~emissions["variable"].isin(["Emissions|CO2", "Emissions|CO2e"])]
    return [f"WARNING: {r.variable} in {r.region} {r.year} is {r.value:,.6g} {r.unit} in the "
            "scenario (below zero): the measures cut more than the baseline holds; check the "
            "potentials against the baseline and the elasticities."
            for r in neg.itertuples()]


def _electricity_margin(prep: Prepared, sol) -> list[str]:
    """Check the linearisation of the non-fossil deduction: the measures' effect on assessed
    energy takes the marginal non-fossil share of each year's baseline; say where the plan's
    added electricity crosses from local non-fossil power into grid imports (or back)."""
    import numpy as np

    ledger = prep.ledger
    if not ({"non_fossil", "renewable_increment"} & set(ledger.rule.deductions)):
        return []
    lv = sol.levels
    eff = prep.data.effects
    elec = eff[eff["quantity"] == "electricity"]
    out = []
    for t, y in enumerate(prep.data.years, start=1):
        a = prep.amounts[:, t]
        _, share = ledger.non_fossil(a)
        if len(lv) and len(elec):
            sub = lv[lv["year"] == y].merge(elec[elec["year"] == y],
                                            on=["measure", "region", "year"])
            added = -float((sub["value"] * sub["level"]).sum())  # MWh/yr, + = more use
        else:
            added = 0.0
        C, qs = ledger.matrix()
        use = float((a * C[:, qs.index("electricity")]).sum()) if "electricity" in qs else 0.0
        gen = float((a * C[:, qs.index("electricity_generation")]).sum()) \
            if "electricity_generation" in qs else 0.0
        crosses = (use < gen) != (use + added < gen)
        line = (f"Electricity {y}: baseline use {use:,.0f} MWh against local generation "
                f"{gen:,.0f} MWh; the measures change use by {added:+,.0f} MWh/yr, counted with a "
                f"marginal non-fossil share of {share:.3g}")
        out.append(("WARNING: " + line + "; the plan crosses the local-generation margin, so the"
                    " linearised energy deduction is approximate") if crosses and
                   not np.isclose(added, 0.0) else line + ".")
    return out


def input_folders(sc: Scenario) -> list[Path]:
    """The folders a scenario reads (data pack, factor library, catalogue): no output folder
    may be one of them or lie inside one (:func:`model.io.resolve_out`)."""
    inventory = Path(sc.inventory)
    factors = Path(sc.factors) if sc.factors else inventory.parent / "factors"
    return [inventory, factors, Path(sc.catalogue)]


def _attribution_lines(att) -> list[str]:
    """The cost against the no-target reference in one line (nothing for a run without one)."""
    sm = att.summary
    ref = sm.get("reference_pv_cost_cny")
    if ref is None or ref != ref or sm.get("plan_cost_vs_reference_cny") is None:
        return []
    return [f"Cost against a no-target reference (same measures, targets dropped): plan "
            f"{sm['pv_cost_cny']:,.0f} CNY = no-regret part {ref:,.0f} + the targets' own "
            f"{sm['plan_cost_vs_reference_cny']:,.0f} (present values; cost_attribution.csv)."]


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


@dataclass
class Solved:
    """A prepared scenario solved: the compiled LP (its arrays ``compiled.ix``), the solution,
    the seconds the compile and solve took and the present value of the plan's cost."""

    prep: Prepared
    compiled: Compiled
    solution: Solution
    seconds: float
    #: seconds of the solve alone (HiGHS, reading the answer), without the compile
    solve_seconds: float = float("nan")
    #: (settings, termination) of each HiGHS attempt of the main solve (retries: model.lp.highs)
    attempts: list = field(default_factory=list)

    @property
    def pv_cost(self) -> float:
        """Present value to the base year of the plan's net cost (CNY, constant base-year
        prices): Σ_y cost_by_year[y] · W[y], W the discounted calendar years model year y stands
        for. It equals the LP objective under the cost objective and is the cost of the plan
        under ``full_potential`` (whose objective is deployment, not cost)."""
        return pv_cost(self.solution, self.compiled.ix)


def pv_cost(solution, ix) -> float:
    """Σ_y net cost of model year y (CNY/yr) × W[y] (:attr:`model.lp.index.Indexed.period_pv`),
    CNY of the base year."""
    w = dict(zip(ix.years, ix.period_pv, strict=True))
    return float(sum(v * w[y] for y, v in solution.cost_by_year.items()))


def with_peak_year(data, year: int, where: str = "--peak-year"):
    """``data`` with every ``peak`` target's year set to ``year``. Raises InputError when the
    scenario has no peak target (the model-year check is the peak kind's own)."""
    t = data.targets.copy()
    peak = kinds.where(t, lambda k: k.peak_year)
    if not peak.any():
        raise InputError(where, str(year), "a scenario with a target of kind 'peak' (e.g. "
                         "scenarios/peak-2030.yaml)")
    if int(year) not in data.years:
        raise InputError(where, str(year), f"a model year of the scenario {data.years[0]}-"
                         f"{data.years[-1]} before its last")
    changed = peak & (t["year"].astype(int) != int(year))
    t.loc[changed, "label_en"] = t.loc[changed, "label_en"] + f" [peak year set to {int(year)}]"
    t.loc[changed, "label_zh"] = t.loc[changed, "label_zh"] + f"〔达峰年设为{int(year)}年〕"
    t.loc[peak, "year"] = int(year)
    return dataclasses.replace(data, targets=t)


def solve_prepared(prep: Prepared, data=None) -> Solved:
    """Compile and solve ``data`` (default: the prepared ModelData) with HiGHS."""
    from model.lp import compile_lp

    t0 = time.perf_counter()
    compiled = compile_lp(prep.data if data is None else data)
    t1 = time.perf_counter()
    sol = compiled.solve()
    t2 = time.perf_counter()
    return Solved(prep=prep, compiled=compiled, solution=sol, seconds=t2 - t0,
                  solve_seconds=t2 - t1, attempts=list(compiled.model.attempts))


def write_run(solved: Solved, overrides: list[str] | tuple = (), out: str | Path | None = None,
              save_lp: bool = False, extra_tables: dict | None = None,
              extra_manifest: dict | None = None) -> RunOutcome:
    """Write a solved scenario's tables and manifest atomically to ``out`` (default
    :func:`default_out`); see :func:`model.run.run_scenario` for the files."""
    from model.attribution import economics
    from model.projection.measures import no_regret_message, no_regret_summary
    from model.results import (
        capacity_table,
        costs_by_year,
        emissions_table,
        measures_table,
        pathway_table,
        wedges_table,
    )

    prep, compiled, sol, seconds = solved.prep, solved.compiled, solved.solution, solved.seconds
    sc = prep.scenario
    # prices labelled (dual / annualised / frontier) and the cost against a no-target reference
    targets, attribution, extra_solves = economics(solved)
    no_regret = no_regret_summary(prep.self_paying, prep.data.measures,
                                  compiled.ix.discount_rate)
    measures = measures_table(sol, compiled.ix)
    emissions = emissions_table(sol, compiled.ix, sc.name, city=prep.city)
    pathway, peak = pathway_table(sol, compiled.ix)
    extra = {"capacity.csv": capacity_table(sol, compiled.ix),
             "costs_by_year.csv": costs_by_year(sol, compiled.ix, prep.city),
             "pathway.csv": pathway, "wedges.csv": wedges_table(sol, compiled.ix),
             **(extra_tables or {})}
    if sc.commitments is not None:  # the plan's commitments outside the LP, for the briefing
        from model.commitments import load as load_commitments

        extra["commitments.csv"] = load_commitments(sc.commitments)
    if sc.full_potential:  # the bracket: each quantity's own maximum, year by year
        from model.lp.frontier import frontier

        extra["frontier.csv"] = frontier(compiled)
    air_block = None
    if prep.air_quality is not None and prep.city:
        from model.airquality import report as air_report

        declared = sc.air_quality
        assert declared is not None  # prep.air_quality is this key (airquality.from_scenario)
        air_rows = air_report.concentration_rows(prep.air_quality, emissions, prep.city)
        air_block = air_report.manifest_block(
            prep.air_quality, air_rows, emissions, prep.city,
            {"observed": declared.observed.source,
             "background": declared.background.source,
             "response": {p: r.source for p, r in declared.response.items()}})
        air_lines = air_report.terminal_lines(prep.air_quality, air_rows, targets,
                                              sc.base_year)
        emissions = pd.concat([emissions, air_rows], ignore_index=True).sort_values(
            ["region", "variable", "year", "scenario"]).reset_index(drop=True)
    if len(attribution.table):
        extra["cost_attribution.csv"] = attribution.table
        extra["co_benefits.csv"] = attribution.co_benefits
    messages = (list(targets["message"]) + [no_regret_message(r) for r in no_regret]
                + _attribution_lines(attribution) + _electricity_margin(prep, sol)
                + _negative(emissions))
    if air_block is not None:
        messages += air_lines
    out = check_out(out if out is not None else default_out(sc, overrides), "run",
                    input_folders(sc))
    root = Path(os.path.commonpath([p.resolve() for p in prep.input_files]))
    manifest = {
        "scenario": sc.name,
        "scenario_file": str(sc.path),
        "scenario_chain": list(sc.chain),
        "city": prep.city,
        "overrides": list(overrides),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "solver": {"name": "HiGHS", "status": sol.status, "seconds": round(seconds, 3),
                   "annual_cost_cny_per_yr": sol.annual_cost,
                   "annual_gross_outlay_cny_per_yr": float(
                       measures.loc[measures["year"] == max(sc.years), "gross"].sum()),
                   "annual_savings_cny_per_yr": float(
                       measures.loc[measures["year"] == max(sc.years), "savings"].sum()),
                   "annual_cost_year": max(sc.years),
                   "pv_cost_cny": solved.pv_cost,
                   "objective": "deployment (full potential)" if sc.full_potential
                   else "least discounted cost",
                   "pv_base_year": sc.base_year,
                   "retries": [list(a) for a in solved.attempts]
                   if len(solved.attempts) > 1 else []},
        "cost_attribution": attribution.summary,
        "no_regret_measures": no_regret,
        "extra_solves": extra_solves,
        "inputs_root": str(root),
        "inputs": {p.resolve().relative_to(root).as_posix(): _sha256(p)
                   for p in prep.input_files},
        "input_encodings": {str(p): enc for p in prep.input_files if p.suffix.lower() == ".csv"
                            and (enc := detect_encoding(p)) != "utf-8"},
        "estimates": (est := estimate_share(prep.input_files)),
        "note": est["note"],
        "versions": _versions(),
        "pathway": peak,
        **(extra_manifest or {}),
        "accounting": prep.ledger.rule.describe(),
        "gwp": sc.gwp,
        "grid_factor": {"id": prep.ledger.electricity.grid,
                        "t_co2_per_mwh": prep.ledger.electricity.factor,
                        "path": [{"year": p.year, "value": p.value, "unit": p.unit,
                                  "source": p.source} for p in sc.grid_factor_path]
                        or "the base factor held in every year",
                        "non_fossil_share_of_imports": prep.ledger.electricity.grid_non_fossil},
        **({"air_quality": air_block} if air_block else {}),
        "units": {"emissions": "t (pollutants), t CO2, tce", "cost": "CNY per year, constant "
                  f"{sc.base_year} prices",
                  "shadow_price": "see targets.csv column shadow_price_unit (the dual: the "
                                  "target year's value of every later year's cost)",
                  "annualised_price": "see targets.csv column annualised_price_unit (the dual "
                                      "spread over the discounted years the capacity at the "
                                      "margin is paid: model/prices.py)",
                  "cost_attribution": f"CNY, present value to {sc.base_year}"},
    }
    with atomic_dir(out, "run", input_folders(sc)) as tmp:
        write_csv(targets, tmp / "targets.csv")
        write_csv(measures, tmp / "measures.csv")
        write_csv(emissions, tmp / "emissions.csv")
        for name, table in extra.items():
            write_csv(table, tmp / name)
        if save_lp:  # Pyomo is imported only for this (0.7 s of start-up otherwise)
            from model.lp.pyomo_model import write_lp

            write_lp(compiled.lp, compiled.ix, tmp / "model.lp")
        write_json(manifest, tmp / "manifest.json")
    return RunOutcome(scenario=sc, status=sol.status, out=out, annual_cost=sol.annual_cost,
                      targets=targets, measures=measures, emissions=emissions,
                      manifest=manifest, messages=messages, attribution=attribution.table)
