"""Pydantic models of scenario files: every key declared, typed, documented; unknown keys refused.

A scenario file (YAML, see ``scenarios/ankang_2025.yaml``) is validated into :class:`Scenario`.
Numbers that are assumptions carry their evidence: a :class:`Sourced` mapping
``{value, unit, source, status, method}``. Numeric fields accept only numbers — never the strings
that YAML 1.1 would have turned into numbers or booleans (see :mod:`model.yamlio`).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from model.errors import MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT


def _number(v: Any) -> float:
    """A finite number of magnitude at most ``model.errors.MAX_MAGNITUDE`` (1e15; the reason is
    written there: double precision and the solver's limits); never a boolean or text."""

    if isinstance(v, bool):
        raise ValueError("a number, not a boolean")
    if isinstance(v, int | float):
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("a finite number")
        if abs(v) > MAX_MAGNITUDE:  # exact for ints of any size (no float overflow)
            raise ValueError(f"a number of magnitude at most {MAX_MAGNITUDE_TEXT} (larger values "
                             "exceed what double precision and the solver can hold; check the "
                             "unit and the exponent)")
        return float(v)
    if isinstance(v, str):
        s = v.strip()
        if len(s) > 1 and s.lstrip("+-").startswith("0") and s.lstrip("+-").isdigit():
            raise ValueError(
                "a number without a leading zero (YAML 1.1 reads 0715 as octal 461); write "
                "the number without the zero, or quote it if it is a code"
            )
        raise ValueError("a number")
    raise ValueError("a number")


def _integer(v: Any) -> int:
    """A whole number within the bounds of :func:`_number`."""
    f = _number(v)
    if f != int(f):
        raise ValueError("a whole number")
    return int(f)


def _strict_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    raise ValueError(
        "true or false (YAML 1.1 would read yes/no/on/off as a boolean; write true or false)"
    )


def _text(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool) or v is None:
        raise ValueError("text (quote it)")
    if isinstance(v, int | float):
        return str(v)
    raise ValueError("text")


Number = Annotated[float, BeforeValidator(_number)]
Integer = Annotated[int, BeforeValidator(_integer)]
StrictBool = Annotated[bool, BeforeValidator(_strict_bool)]
Text = Annotated[str, BeforeValidator(_text)]
NonEmpty = Annotated[str, BeforeValidator(_text), Field(min_length=1)]


class Strict(BaseModel):
    """Base: unknown keys are refused with the nearest valid key named."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            valid = [f for f in cls.model_fields if f not in ("path", "chain")]
            for key in data:
                if key not in valid:
                    near = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.5)
                    hint = f"; did you mean {near[0]!r}?" if near else f"; valid keys: {valid}"
                    raise ValueError(f"unknown key {key!r}{hint}")
        return data


class Sourced(Strict):
    """A number with its unit and evidence."""

    value: Number = Field(description="the number, in `unit`")
    unit: Text = Field(description="unit string (pint or Chinese statistical, e.g. %, 万吨, 亿元)")
    source: NonEmpty = Field(description="document, table and page the number comes from")
    status: Literal["reported", "derived", "calibrated", "estimate"] = Field(
        "reported", description="reported (read in the source), derived or estimate")
    method: Text | None = Field(None, description="how a derived/estimated number was made")
    note: Text | None = None

    @model_validator(mode="after")
    def _method_for_estimates(self) -> Sourced:
        if self.status != "reported" and not self.method:
            raise ValueError(f"a {self.status} number needs a 'method'")
        return self


class GrowthRate(Sourced):
    """Real growth rate of a driver in one year (city-wide unless ``region`` is given)."""

    year: Integer
    region: Text | None = None


class YearValue(Sourced):
    """A sourced number for one year."""

    year: Integer


class Ranged(Sourced):
    """A sourced number with the range the evidence allows (``low`` <= ``value`` <= ``high``,
    in ``unit``): what a sensitivity run samples and a reviewer checks."""

    low: Number = Field(description="lower end of the range the evidence allows, in `unit`")
    high: Number = Field(description="upper end of the range, in `unit`")

    @model_validator(mode="after")
    def _ordered(self) -> Ranged:
        if not self.low <= self.value <= self.high:
            raise ValueError(f"a range with low <= value <= high (found low {self.low:g}, "
                             f"value {self.value:g}, high {self.high:g})")
        return self


class GoodDays(Strict):
    """The observed good-air days of the base year that calibrate the statistical relation
    between annual mean PM2.5 and good-air days (model.airquality.good_days)."""

    good_days: YearValue = Field(description="days with AQI <= 100 in the year (days)")
    days: Integer = Field(description="days of that year with valid monitoring (365 or 366)")
    daily_limit: Sourced = Field(description="24-hour PM2.5 level of AQI 100 (GB 3095-2012 "
                                 "Grade II, 75 ug/m3; HJ 633-2012)")


class AirQuality(Strict):
    """The source-receptor layer (model.airquality): annual mean PM2.5 in year y =
    background[y] + Σ_p k_p · E[p, y], k_p = share_p / Σ share · (observed − background[base])
    / E[p, base] (ug/m3 per t): the response of each precursor (primary PM2.5, SO2, NOx, NH3,
    VOCs), calibrated to the observed base-year concentration."""

    observed: YearValue = Field(description="annual mean PM2.5 of the base year (ug/m3)")
    background: Ranged = Field(description="PM2.5 with no emission of the city's own "
                               "(regional transport and natural), base year (ug/m3)")
    background_change: list[YearValue] = Field(
        default_factory=list, description="change of the background against the base year by "
        "later year (%, e.g. -10 for a regional fall), linear between the years given, the "
        "last held after them; empty = the base year's background held")
    response: dict[Literal["primary_pm25", "SO2", "NOx", "NH3", "VOCs"], Ranged] = Field(
        min_length=1, description="share (0-1 or %) of the base year's local PM2.5 (observed "
        "minus background) that each precursor's emission explains (primary_pm25: primary "
        "PM2.5 emissions), linearised; normalised to sum 1")
    good_days: GoodDays | None = None


class Label(Strict):
    zh: NonEmpty
    en: NonEmpty


class Drivers(Strict):
    """Exogenous drivers of the baseline."""

    gdp_real_growth: list[GrowthRate] = Field(
        description="real GDP growth by year (constant base-year prices), % per year")
    population_growth: Sourced = Field(description="population growth, % per year")


class Select(Strict):
    """Which ledger rows a projection rule moves (None = any): ``kind`` (fuel, electricity,
    generation, vehicle, process, livestock, population, service, total), ``category`` (an IPCC
    code or prefix, e.g. 1.A.2), ``activity`` (an id or a shell pattern, e.g. ``*_volume``)."""

    kind: Text | None = None
    category: Text | None = None
    activity: Text | None = None


class ProjectionRule(Strict):
    """How selected activity rows move without new measures (model.projection.activity):
    ``driver`` gdp | population | flat, at ``elasticity`` (Sourced, dimensionless); vehicle
    stocks may instead turn over with annual ``survival`` rates by standard."""

    name: NonEmpty
    select: Select = Field(default_factory=Select)
    driver: Literal["gdp", "population", "flat"]
    elasticity: Sourced | None = None
    survival: dict[NonEmpty, Sourced] | None = None


class ActivityAddition(Sourced):
    """A committed change of activity from ``year`` on, added to the projected baseline row
    (region, category, activity), e.g. a hydropower station entering service (category
    ``generation``, activity the technology)."""

    region: NonEmpty
    category: NonEmpty
    activity: NonEmpty
    year: Integer


class Hydrology(Strict):
    """Hydropower generation by hydrological case: each case is a factor on the design
    (long-run mean) output of the data pack's and the committed hydro rows, with its source.
    ``case`` applies to every model year, ``base_year_case`` to the base year (the year the
    intensity falls are measured from), ``years`` names a case for single model years."""

    case: NonEmpty = "design"
    base_year_case: NonEmpty = "design"
    years: dict[Integer, NonEmpty] = Field(default_factory=dict)
    cases: dict[NonEmpty, Sourced] = Field(description="factor on design output by case name "
                                           "(design, dry, wet, ...), dimensionless")


class LoadAccounting(Strict):
    """How load reductions are counted as the MEE total-load accounting counts them
    (model.accounting.official): baseline deregistrations of old trucks credited, manure
    reductions only for the large-scale farms' share."""

    baseline_deregistrations: StrictBool = Field(
        True, description="China 3 (or older) trucks leaving the baseline fleet count toward "
        "load-reduction targets (N x mileage x (EF_old - EF_china6))")
    manure_large_scale_share: Sourced | None = Field(
        None, description="share of manure from large-scale farms (规模化养殖场), the part of a "
        "manure measure's COD/NH3-N reduction that counts (default: all)")


class Target(Strict):
    """One plan target that becomes LP rows (equations in docs/CONTRACTS.md §5 and the kind's
    module in model/lp/kinds/).

    ``value`` is: t (or t CO2, tce) for ``load_reduction`` and ``cap``; a reduction in % against the
    base year for ``intensity`` and ``reduction_vs_base``; a level in % for ``service_level``; the
    least decline in % per year after the peak year for ``peak`` (``year`` = the peak year).
    """

    id: NonEmpty
    kind: NonEmpty = Field(description="a registered target kind (model.lp.kinds.KINDS)")
    quantity: NonEmpty
    year: Integer
    value: Number
    unit: NonEmpty
    label_zh: NonEmpty
    label_en: NonEmpty
    source: NonEmpty
    status: Literal["reported", "derived", "calibrated", "estimate"] = "reported"
    method: Text | None = None
    note: Text | None = None
    enabled: StrictBool = True

    @model_validator(mode="after")
    def _method_for_assumed_targets(self) -> Target:
        # a target no document fixes (a continuation target, a read of '稳中有降') says how
        # it was made, as every estimated number does (issue #12: continuation targets)
        if self.status != "reported" and not self.method:
            raise ValueError(f"a {self.status} target needs a 'method' saying how its value "
                             "was made")
        return self


class Scenario(Strict):
    """A validated scenario. Paths are resolved against the scenario file's folder."""

    name: Annotated[str, BeforeValidator(_text),
                    Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.+-]*$", max_length=80,
                          description="id of the scenario, also its results folder name")]
    label: Label
    description: Text | None = None
    inventory: Path = Field(description="inventory data pack folder")
    factors: Path | None = Field(None, description="factor library folder (default: ../factors "
                                 "beside the data pack)")
    factor_sets: list[NonEmpty] | None = Field(None, description="factor sets in priority order")
    base_year: Integer
    years: list[Integer] = Field(min_length=1)
    gwp: Literal["SAR", "AR4", "AR5", "AR6"] = "AR5"
    horizon_end: Integer | None = Field(None, description="last calendar year the last model "
                                        "year stands for (default: the last model year)")
    co2_accounting: Literal["net_import", "consumption", "territorial"] = Field(
        "net_import",
        description="CO2 counted (model.accounting.rules): net_import = 1.A fuel CO2 + "
        "(electricity used - generated) x provincial grid factor, negative for a net exporter (the "
        "provincial CO2-intensity assessment); consumption = + all electricity used x grid "
        "factor; territorial = scope 1 only")
    co2_processes: Literal["include", "exclude"] | None = Field(
        None, description="industrial-process CO2 (2.A) counted (default: include for "
        "territorial, exclude otherwise, as the intensity indicator counts energy CO2)")
    electricity_equivalence: Literal["coal_equivalent", "calorific"] = Field(
        "coal_equivalent", description="electricity in standard coal: coal_equivalent (等价值, "
        "the NBS energy balance) or calorific (当量值, 0.1229 kgce/kWh)")
    energy_deductions: list[Literal["non_fossil", "feedstock", "renewable_increment"]] | None = \
        Field(None, description="deducted from assessed energy in every year (default: "
              "non_fossil, feedstock: 发改环资〔2024〕113号, 〔2022〕803号)")
    non_fossil_attribution: Literal["grid_share", "local_first"] = Field(
        "grid_share", description="whose non-fossil electricity the city's use is "
        "(model.accounting.rules): grid_share = the provincial grid's share (green certificates "
        "of existing hydro go with the power to the grid, 发改能源〔2023〕1044号; non-fossil use "
        "proven by certificates, 发改环资〔2024〕113号); local_first = local generation covers "
        "local use first (refused with net_import: it counts the same MWh twice)")
    export_credit: Literal["all", "existing"] = Field(
        "all", description="net_import only: which local generation counts against use at the "
        "grid factor: all (the physical 电力调入调出) or existing (base-year plants; committed "
        "additions of category generation earn no credit)")
    load_accounting: LoadAccounting = Field(
        default_factory=LoadAccounting, description="official counting of load reductions "
        "(model.accounting.official)")
    hydrology: Hydrology | None = Field(
        None, description="hydropower generation by hydrological case (default: the data "
        "pack's design output in every year, factor 1)")
    grid_factor_path: list[YearValue] = Field(
        default_factory=list, description="the grid's CO2 factor by year (t CO2/MWh or kg "
        "CO2/kWh), linear between the years given, the last one held after them; empty "
        "(default) holds the base year's factor in every year (model.accounting.grid)")
    discount_rate: Sourced
    drivers: Drivers
    projection: list[ProjectionRule] = Field(min_length=1, description="how activity moves "
                                             "without new measures; first matching rule wins")
    activity_additions: list[ActivityAddition] = Field(
        default_factory=list, description="committed changes of baseline activity by year")
    catalogue: Path
    gas_supply: Path | None = Field(
        None, description="natural-gas supply limit of each county by year (CSV: region, year, "
        "value, unit, source; model.supply): coal-to-gas and other gas measures stay within it "
        "(model.lp.families.gas_supply); none = no limit")
    commitments: Path | None = Field(
        None, description="the plan's commitments that are no LP target (CSV: id, labels, "
        "value, unit, year, source, budget; model.commitments), copied into the results for "
        "the briefing")
    targets: list[Target] = Field(default_factory=list, description="plan targets (none: a "
                                  "baseline run)")
    measures: list[NonEmpty] | None = Field(
        None, description="catalogue measures to use (default every one; [] = no new measures, "
        "a business-as-usual run)")
    abstract: StrictBool = Field(False, description="a base meant only to be extended: "
                                 "'peakplan run --all' skips it (not inherited)")
    full_potential: StrictBool = Field(
        False, description="every measure as far as its potential, build caps, vintages and "
        "pools allow (the LP maximises deployment instead of minimising cost): the maximum "
        "technically feasible reduction, to bracket what is possible; costs are reported")
    path: Path | None = Field(None, description="the scenario file (set by the loader)")
    chain: list[str] = Field(default_factory=list, description="the files this scenario is "
                             "composed of, itself first (set by the loader)")
    air_quality: AirQuality | None = Field(
        None, description="source-receptor layer: PM2.5 concentration from the emissions "
        "(model.airquality); needed by targets of kind 'concentration'")
    uncertainty: list[UncertainParameter] | None = Field(
        None, description="uncertain assumptions for peakplan sensitivity (model.sensitivity)")
    sensitivity: SensitivitySettings | None = Field(
        None, description="settings of peakplan sensitivity: shortfall penalties "
        "(model.sensitivity.penalty)")

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if any(y <= self.base_year for y in self.years):
            raise ValueError(f"years {self.years} must all be after base_year {self.base_year}")
        if sorted(set(self.years)) != list(self.years):
            raise ValueError(f"years {self.years} must be increasing and distinct")
        ids = [t.id for t in self.targets]
        dups = sorted({i for i in ids if ids.count(i) > 1})
        if dups:
            raise ValueError(f"target ids {dups} are used more than once")
        for t in self.targets:
            if t.enabled and t.year not in self.years:  # a disabled target is not used
                raise ValueError(f"target {t.id!r} is for {t.year}, not a model year {self.years}")
        return self


# --------------------------------------------------------------------------- uncertainty
# Declarations read by ``peakplan sensitivity`` (model.sensitivity); a plain run ignores them.

class RowDistribution(Strict):
    """The distribution of a relative factor on table rows of one status (``by_status`` of an
    :class:`UncertainParameter` with ``per``): the keys of model.sensitivity.distributions."""

    distribution: Literal["uniform", "triangular", "normal", "lognormal", "truncnormal"]
    low: Number | None = None
    high: Number | None = None
    mode: Number | None = None
    mean: Number | None = None
    sd: Number | None = None


class SensitivitySettings(Strict):
    """Settings of ``peakplan sensitivity`` beside the ``uncertainty`` list
    (model.sensitivity.penalty): the price of a shortfall, so that every sample has a cost.

    ``penalties`` maps a target id to its penalty per unit short, in the target's
    shadow-price unit (``CNY/t``, ``CNY/t CO2``, ``CNY/tce``, ``CNY/pp``, ``CNY/(ug/m3)``: the
    unit targets.csv gives its dual); a target without one is priced at ``penalty_multiple``
    (default 10) times the catalogue's most expensive gross cost per unit of that target."""

    penalties: dict[NonEmpty, Sourced] = Field(default_factory=dict)
    penalty_multiple: Sourced | None = None


class UncertainParameter(Strict):
    """One uncertain assumption of a sensitivity run (model.sensitivity.declare resolves and
    checks it against the scenario and its tables).

    ``target`` is either a scenario value by dotted path, as ``--set`` addresses it
    (``discount_rate.value``, ``projection.fossil_fuels.elasticity.value``,
    ``drivers.gdp_real_growth.2025.value``, ``targets.co2_intensity.value``), or a column of an
    input table with a row selector, ``<folder>/<file>:<column>[col=value,...]`` where folder is
    ``catalogue`` or ``inventory`` (the scenario's own folders), e.g.
    ``catalogue/costs.csv:value[measure=electric_taxi,item=capital]`` or
    ``inventory/activity_energy.csv:value[activity=raw_coal]``.

    ``scale``: ``value`` (the sample is the number itself, in the unit the file writes) or
    ``factor`` (the sample multiplies every selected cell; default for inventory tables).
    ``distribution``: uniform (low, high), triangular (low, mode, high), normal (mean, sd),
    lognormal (mean, sd of the value itself), truncnormal (mean, sd, low, high); omitted, the
    selected rows' own ``uncertainty_pct`` (95 % half-width) gives a normal factor truncated to
    stay positive. ``group`` joins parameters that move as one in Morris and Sobol;
    ``correlations`` maps other parameters' names to Spearman rank correlations (only the
    moment-independent ``delta`` method can use them: the others assume independent inputs).

    Discrete (structural) factors: ``distribution: categorical`` with ``levels`` (names, or a
    mapping from name to the value written at ``target``) and optional ``weights`` (the
    probability of each level; equal by default). ``target: accounting_view`` takes the names
    of :data:`model.views.VIEWS`; ``hydrology.case`` the scenario's hydrology cases; any other
    scenario path (e.g. ``grid_factor_path``) the mapping's values. One level must be the
    scenario's own.

    Groups of rows: ``per: row`` (or ``per: <column>``) expands a table declaration into one
    factor per selected row (or per distinct value of that column), each from the rows' own
    ``uncertainty_pct`` or, without one, from ``by_status`` (the factor's distribution by the
    rows' ``status``); the factors form one group (``group``, default the name) in Morris and
    Sobol. Rows another declaration names are left to it. ``label_zh``/``label_en`` label the
    parameter in tables and charts.
    """

    name: NonEmpty = Field(description="id of the parameter in every output")
    target: NonEmpty = Field(description="dotted scenario path or table:column[selector]")
    distribution: Literal["uniform", "triangular", "normal", "lognormal", "truncnormal",
                          "categorical"] | None = None
    levels: list[NonEmpty] | dict[NonEmpty, Any] | None = Field(
        None, description="categorical: the level names, or name -> value written at target")
    weights: list[Number] | None = Field(None, description="categorical: probability of each "
                                         "level (normalised; equal by default)")
    per: NonEmpty | None = Field(None, description="'row' or a column: one factor per row (or "
                                 "per value of the column) of a table selector, as a group")
    by_status: dict[NonEmpty, RowDistribution] | None = Field(
        None, description="per: the factor's distribution for rows of each status without "
        "an uncertainty_pct")
    label_zh: Text | None = None
    label_en: Text | None = None
    low: Number | None = None
    high: Number | None = None
    mode: Number | None = None
    mean: Number | None = None
    sd: Number | None = None
    scale: Literal["value", "factor"] | None = None
    group: NonEmpty | None = None
    correlations: dict[NonEmpty, Number] | None = None
    source: NonEmpty = Field(description="evidence for the range")
    status: Literal["reported", "derived", "calibrated", "estimate"] | None = None
    method: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _method_for_estimates(self) -> UncertainParameter:
        if self.status not in (None, "reported") and not self.method:
            raise ValueError(f"a {self.status} range needs a 'method'")
        return self
