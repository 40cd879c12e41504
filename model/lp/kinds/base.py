"""What every target kind provides, and the helpers the kinds share.

Index sets and arrays: :mod:`model.lp.index`. A target is one row of ``Indexed.targets``
(``target, kind, quantity, year, value, unit, label_zh, label_en, source, param``); ``value``
is in the target's canonical unit (t, t CO2, tce; a fraction for intensity, service levels and
reductions against the base year).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.errors import InputError
from model.lp.structure import INF, Columns, RowBlock

if TYPE_CHECKING:  # annotations only: the kinds import no stage of the LP above structure
    from model.lp.index import Indexed
if TYPE_CHECKING:  # solve imports the kinds: a type-only import, no cycle at run time
    from model.lp.solve import Compiled


@dataclass(frozen=True)
class RowResult:
    """What a kind may read of a solved plan to report one of its rows: ``activity`` (the row's
    R, quantity's unit) and ``total(q, year)`` (scenario total over regions: baseline minus the
    measures' reduction, quantity's unit)."""

    activity: float
    total: Callable[[str, int], float]


VALUE_TYPES = ("fraction", "amount", "reduction", "ambient")


@dataclass(frozen=True)
class YearlyTables:
    """A run's result tables, read for a target's own value in every model year
    (``TargetKind.yearly_metric``; :mod:`model.report.after_targets`).

    ``emissions``: ``emissions.csv`` (IAMC long: ``variable, region, scenario, year, value``);
    ``pathway``: ``pathway.csv`` (``year, case, <q>_intensity_fall``) or None for a one-year
    run; ``city``: the pack's city id (the region of the city totals); ``scenario``: the run's
    scenario name as ``emissions.csv`` writes it (the baseline's rows carry a suffix, or, as
    :mod:`model.report.tables` reads it, the same name and ``case`` = ``baseline``)."""

    emissions: pd.DataFrame
    pathway: pd.DataFrame | None
    city: str
    scenario: str

    def city_series(self, variable: str) -> pd.Series:
        """The city's ``variable`` of the scenario by year (empty when the table has none)."""
        e = self.emissions
        if e.empty:
            return pd.Series(dtype=float)
        e = e[(e["variable"] == variable) & (e["region"] == self.city)
              & (e["scenario"] == self.scenario)]
        if "case" in e.columns:  # the report's reading: the run's name on both cases
            e = e[e["case"] == "scenario"]
        return e.set_index("year")["value"].astype(float).sort_index()

    def amount_series(self, quantity: str) -> pd.Series:
        """The city's total of ``quantity`` by year, its IAMC variable from
        :mod:`model.quantities` (``Emissions|<quantity>`` when the table names none)."""
        from model import quantities

        var = (quantities.variables().get(quantity) or (f"Emissions|{quantity}",))[0]
        return self.city_series(var)


@dataclass(frozen=True)
class TargetKind:
    """One target kind (see :mod:`model.lp.kinds`).

    ``rows(ix, cols, targets)`` writes the rows of the kind's targets; ``price_unit(t)`` names
    the shadow-price unit; ``price_scale(ix, t, year)`` turns dual/df into it; ``achieved(ix, t,
    year, result)`` and ``rhs_to_target(ix, t, year, rhs)`` give the target's own value for a
    solved row and for a row bound (ranging); ``check(ix, t)`` refuses bad targets;
    ``upper_limit`` is True when the target's value is a ceiling (caps), so a shortfall is
    achieved − required; ``frontier_terms(ix, cols, t, year)`` (optional) gives the columns and
    coefficients of what the catalogue's frontier of a row is measured on when that is not the
    row itself (:func:`model.lp.frontier.row_distances`; ``peak``: the year's reduction);
    ``row_effect(ix, t, year)`` ([M, R], optional) is the row's coefficient per unit of each
    measure where it is not the effect on the target's quantity (the measure at the margin
    reads it); ``matrix_from_baseline`` says the row's coefficients depend on the baseline (so
    a sample that changes the baseline rebuilds the matrix). ``best(compiled, k)``, when
    given, is the most target row k can reach on its own (every target row freed, bounds,
    pools and mandates kept) in the target's unit, for kinds whose value is not a function of
    the row's own maximum (``peak``: a ratio of two years' emissions); otherwise that maximum
    goes through ``rhs_to_target``.

    What the rest of the model reads of a kind (nothing outside :mod:`model.lp.kinds` asks for a
    kind by name):

    * ``label_zh``, ``label_en``: the kind's name in tables and charts;
    * ``value_type``: what the scenario's value is: ``"fraction"`` (a fall or a level, 0-1),
      ``"amount"`` (a total in the quantity's unit), ``"reduction"`` (an amount the measures
      must deliver: the requirement is the value itself) or ``"ambient"`` (an ambient
      concentration through the target's source-receptor ``response`` record,
      :mod:`model.airquality`);
    * ``family``: the name of the LP row family of its rows (one golden LP file each,
      tests/lp/golden);
    * ``service``: the quantity is a service (its level rises; quantities ``<q>`` with a
      ``<q>:total``); a MAC is then in percentage points and stops at 100 %;
    * ``peak_year``: the target's year is a peak year (``--peak-year`` sets it);
    * ``credit``: the target's ``param`` is the baseline credit of the official counting
      (:mod:`model.accounting.official`);
    * ``counts(ix)`` ([M] bool, optional): the measures that count toward it (all when None);
    * ``requirement(ix, t)``: what the target asks beyond the baseline in its year in the MAC's
      unit (the vertical line a MAC draws; ``t`` carries ``required``), None where that is not
      one number (``peak``: a ratio of two years);
    * ``mac_axis(lab, qzh, qen, unit)`` (optional): (quantity zh, quantity en, x unit, y unit)
      of the kind's MAC where it is not the quantity's own reduction in t/yr (a chart of the
      measures chosen in a run, in t of the quantity, is then not drawn);
    * ``mac_note`` (zh, en): a line printed under its MAC chart ("" when none);
    * ``yearly_metric(tables, quantity)`` (optional): the target's own value (as targets.csv
      ``required``) in every model year, read from a run's result tables
      (:class:`YearlyTables`); with ``upper_limit`` it says in which years after a target's
      year the quantity is worse than the target asked (:mod:`model.report.after_targets`);
      None where the tables hold no yearly value of it (service levels, load reductions);
    * ``yearly_label`` (zh, en) with ``{zh}``/``{en}`` the quantity's label: what that value
      is called in a sentence ("{zh}年均浓度" / "{en} annual mean").
    """

    name: str
    rows: Callable[[Indexed, Columns, pd.DataFrame], RowBlock]
    price_unit: Callable[[pd.Series], str]
    achieved: Callable[[Indexed, pd.Series, int, RowResult], float]
    rhs_to_target: Callable[[Indexed, pd.Series, int, float], float]
    check: Callable[[Indexed, pd.Series], None]
    price_scale: Callable[[Indexed, pd.Series, int], float] = lambda ix, t, y: 1.0
    upper_limit: bool = False
    describe: str = ""
    frontier_terms: Callable[[Indexed, Columns, pd.Series, int],
                             tuple[np.ndarray, np.ndarray]] | None = None
    row_effect: Callable[[Indexed, pd.Series, int], np.ndarray] | None = None
    matrix_from_baseline: bool = False
    best: Callable[[Compiled, int], float] | None = None
    label_zh: str = ""
    label_en: str = ""
    value_type: str = "amount"
    family: str = ""
    service: bool = False
    peak_year: bool = False
    credit: bool = False
    counts: Callable[[Indexed], np.ndarray] | None = None
    requirement: Callable[[Indexed, pd.Series], float | None] = lambda ix, t: None
    mac_axis: Callable[[Callable[[str, str], str], str, str, str],
                       tuple[str, str, str, str]] | None = None
    mac_note: tuple[str, str] = ("", "")
    yearly_metric: Callable[[YearlyTables, str], pd.Series] | None = None
    yearly_label: tuple[str, str] = ("{zh}", "{en}")

    def __post_init__(self) -> None:
        if self.value_type not in VALUE_TYPES:
            raise ValueError(f"target kind {self.name!r}: value_type {self.value_type!r}, "
                             f"expected one of {VALUE_TYPES}")

    @property
    def labels(self) -> tuple[str, str]:
        """(zh, en) name of the kind; the kind's name in English when it declares none."""
        return self.label_zh, self.label_en or self.name


def reduction_terms(ix: Indexed, cols: Columns, quantity: str, year: int,
                    measures: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Columns and coefficients of ``R = Σ_{m, r} effect[m, q, r, y] · x[m, r, y]`` plus the
    later-year effects of earlier years, ``Σ lag[m, q, r, y, t] · x[m, r, t]`` (t < y,
    :func:`model.lp.index.lag_entries`), over the applicable (m, r), optionally only the
    measures where ``measures[M]`` is True."""
    if quantity not in ix.quantities:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    qi, yi = ix.q(quantity), ix.y(year)
    eff = ix.effect[:, qi, :, yi]
    mask = ix.applicable & (eff != 0)
    if measures is not None:
        mask &= measures[:, None]
    m, r = np.nonzero(mask)
    cols_, vals = cols.x[m, r, yi], eff[m, r]
    if len(ix.lag_value):
        lm, lq, lr, ly, lt = ix.lag_index.T
        sel = (lq == qi) & (ly == yi) & ix.applicable[lm, lr]
        if measures is not None:
            sel &= measures[lm]
        if sel.any():
            cols_ = np.concatenate([cols_, cols.x[lm[sel], lr[sel], lt[sel]]])
            vals = np.concatenate([vals, ix.lag_value[sel]])
    return cols_, vals


def total(ix: Indexed, quantity: str, year: int) -> float:
    """Σ_r baseline[r, year, q] (0 if the quantity is absent)."""
    if quantity not in ix.quantities:
        return 0.0
    return float(ix.baseline[:, ix.t(year), ix.q(quantity)].sum())


def one_row_per_target(family: str, ix: Indexed, cols: Columns, targets: pd.DataFrame,
                       rhs: Callable[[Indexed, pd.Series], float],
                       measures: Callable[[Indexed, pd.Series], np.ndarray | None]
                       = lambda ix, t: None) -> RowBlock:
    """A block with one row ``R[q, y] >= rhs(t)`` per target (R of :func:`reduction_terms`)."""
    if not len(targets):
        return RowBlock.empty(family)
    keys: list[tuple[object, ...]] = []
    row: list[np.ndarray] = []
    col: list[np.ndarray] = []
    val: list[np.ndarray] = []
    lo: list[float] = []
    ids: list[str] = []
    years: list[int] = []
    for i, (_, t) in enumerate(targets.iterrows()):
        c, v = reduction_terms(ix, cols, t["quantity"], int(t["year"]), measures(ix, t))
        keys.append((t["target"],))
        row.append(np.full(len(c), i))
        col.append(c)
        val.append(v)
        lo.append(rhs(ix, t))
        ids.append(t["target"])
        years.append(int(t["year"]))
    n = len(keys)
    return RowBlock(family, keys, np.concatenate(row), np.concatenate(col), np.concatenate(val),
                    np.array(lo, dtype=float), np.full(n, INF), ids, years)


def require_baseline(ix: Indexed, t: pd.Series, quantity: str, years: list[int]) -> None:
    """InputError unless ``quantity`` has baseline values (not all zero) in ``years``."""
    where = f"target {t['target']!r} (kind {t['kind']})"
    if quantity not in ix.quantities:
        raise InputError(where, f"quantity {quantity!r} with no baseline",
                         "a quantity the baseline holds")
    for y in years:
        if not ix.baseline[:, ix.t(y), ix.q(quantity)].any():
            raise InputError(where, f"no baseline of {quantity!r} in {y}",
                             f"baseline rows of {quantity!r} for every region in {y}")


def fraction(t: pd.Series, upper: float = 1.0) -> None:
    """InputError unless the target value is a fraction in [0, upper]."""
    v = float(t["value"])
    if not 0.0 <= v <= upper:
        raise InputError(f"target {t['target']!r} value", repr(v),
                         "a fraction (0.17 for -17 %), not a percentage")


def unit_of(quantity: str) -> str:
    """Shadow-price unit of a quantity: CNY per t CO2, per tce or per t."""
    if quantity == "CO2":
        return "CNY/t CO2"
    if quantity in ("CO2e", "CH4", "N2O"):
        return f"CNY/t {quantity}"
    if quantity == "energy":
        return "CNY/tce"
    return "CNY/t"
