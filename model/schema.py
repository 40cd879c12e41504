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


def _number(v: Any) -> float:
    """A finite number of magnitude at most ``model.errors.MAX_MAGNITUDE`` (1e15; the reason is
    written there: double precision and the solver's limits); never a boolean or text."""
    from model.errors import MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT

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
            valid = [f for f in cls.model_fields if f != "path"]
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
    status: Literal["reported", "derived", "estimate"] = Field(
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


class Label(Strict):
    zh: NonEmpty
    en: NonEmpty


class Drivers(Strict):
    """Exogenous drivers of the baseline."""

    gdp_real_growth: list[GrowthRate] = Field(
        description="real GDP growth by year (constant base-year prices), % per year")
    population_growth: Sourced = Field(description="population growth, % per year")


TargetKind = Literal["load_reduction", "intensity", "service_level", "cap"]


class Target(Strict):
    """One plan target that becomes an LP row (equations in docs/CONTRACTS.md §5).

    ``value`` is: t (or t CO2, tce) for ``load_reduction`` and ``cap``; a reduction in % against the
    base year for ``intensity``; a level in % for ``service_level``.
    """

    id: NonEmpty
    kind: TargetKind
    quantity: NonEmpty
    year: Integer
    value: Number
    unit: NonEmpty
    label_zh: NonEmpty
    label_en: NonEmpty
    source: NonEmpty
    status: Literal["reported", "derived", "estimate"] = "reported"
    method: Text | None = None
    note: Text | None = None
    enabled: StrictBool = True


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
    co2_scope: Literal["energy", "energy_plus_electricity", "energy_plus_grid_electricity",
                       "territorial"] = Field(
        "energy_plus_electricity",
        description="CO2 the intensity target counts (model.inventory.base_year_indicators): "
        "energy = 1.A fuel combustion; energy_plus_electricity = plus net imported electricity "
        "x grid factor; energy_plus_grid_electricity = plus all electricity consumed x grid "
        "factor; territorial = every CO2 source incl. 2.A processes")
    electricity_tce: Literal["calorific", "coal_equivalent"] = "calorific"
    discount_rate: Sourced
    drivers: Drivers
    elasticities: dict[NonEmpty, Sourced]
    catalogue: Path
    targets: list[Target] = Field(min_length=1)
    path: Path | None = Field(None, description="the scenario file (set by the loader)")

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
            if t.year not in self.years:
                raise ValueError(f"target {t.id!r} is for {t.year}, not a model year {self.years}")
        return self
