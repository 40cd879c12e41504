"""Dense arrays of a :class:`~model.lp.data.ModelData`: the one form every LP family reads.

:func:`index` turns the long tables into numpy arrays on fixed index sets, once. Constraint
families (:mod:`model.lp.families`) and target kinds (:mod:`model.lp.kinds`) are pure functions
of an :class:`Indexed`, so a sensitivity sample changes arrays (numpy) and the LP entries are
recomputed without touching a table or a Pyomo object.

Index sets (in the order of the ModelData): measure m (M), region r (R), model year y (Y),
quantity q (Q: every quantity of effects, baseline and targets, service totals ``<q>:total``
included), pool p (P); time axis t (T = base year + model years, t = 0 is the base year).

Arrays (canonical units, CONTRACTS §5)
--------------------------------------
``effect[M,Q,R,Y]`` change per unit per yr (+ = reduction / more served);
``floor, potential[M,R,Y]`` measure's unit; ``applicable[M,R]`` bool (bounds rows exist);
``lifetime[M]`` yr (inf = never retires); ``survival[M]`` the annual survival of capacity that
retires as its source does (a replacement of a vehicle the baseline fleet would also retire;
nan = a fixed lifetime); ``mandate, eligible[M]`` bool;
``max_build_share[M]`` fraction per calendar yr (nan = unbounded);
``capital[M,R,Y]`` CNY per unit built in vintage y; ``purchase[M,R,Y]`` CNY per unit of an
asset bought ``advance[M]`` years early (nan = not a replacement); ``om, energy_added,
energy_avoided, other_savings[M,R,Y]`` CNY per unit per yr (a legacy ``annual_cost`` is
``om``);
``baseline[R,T,Q]``; ``gdp[R,T]``; ``pool_capacity[P,R,Y]``; ``pool_share[P,M]``;
``weight[Y]`` calendar years each model year stands for (from y to the next model year; the
last to ``horizon_end``); ``discount_rate`` float;
``lag_index[n, 5]`` (m, q, r, y, t) and ``lag_value[n]``: the later-year effects (ModelData
``lags``) as entries ``effect on q in model year y per unit of x[m, r, t]``, t < y
(:func:`lag_entries`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from model.errors import InputError
from model.lp.data import COST_ITEMS, ModelData


@dataclass(frozen=True)
class Indexed:
    """Dense arrays of a ModelData (module docstring). ``replace()`` it to change arrays."""

    regions: tuple[str, ...]
    years: tuple[int, ...]
    base_year: int
    measures: tuple[str, ...]
    quantities: tuple[str, ...]
    pools: tuple[str, ...]
    targets: pd.DataFrame
    measure_info: pd.DataFrame
    effect: np.ndarray
    floor: np.ndarray
    potential: np.ndarray
    applicable: np.ndarray
    lifetime: np.ndarray
    mandate: np.ndarray
    eligible: np.ndarray
    max_build_share: np.ndarray
    capital: np.ndarray
    purchase: np.ndarray
    advance: np.ndarray
    survival: np.ndarray
    om: np.ndarray
    energy_added: np.ndarray
    energy_avoided: np.ndarray
    other_savings: np.ndarray
    baseline: np.ndarray
    gdp: np.ndarray
    pool_capacity: np.ndarray
    pool_share: np.ndarray
    weight: np.ndarray
    discount_rate: float
    objective: str = "cost"
    lag_index: np.ndarray = field(default_factory=lambda: np.zeros((0, 5), dtype=np.int64))
    lag_value: np.ndarray = field(default_factory=lambda: np.zeros(0))

    # ---- positions -------------------------------------------------------------------
    def m(self, measure: str) -> int:
        return self.measures.index(measure)

    def q(self, quantity: str) -> int:
        return self.quantities.index(quantity)

    def y(self, year: int) -> int:
        """Position of a model year on the Y axis."""
        return self.years.index(int(year))

    def t(self, year: int) -> int:
        """Position of a year (base or model) on the T axis of baseline and gdp."""
        return 0 if int(year) == self.base_year else 1 + self.years.index(int(year))

    def has_quantity(self, quantity: str) -> bool:
        return quantity in self.quantities

    # ---- derived ---------------------------------------------------------------------
    @property
    def opex(self) -> np.ndarray:
        """CNY per unit per yr of capacity in operation: om + energy_added - energy_avoided -
        other_savings, [M,R,Y]."""
        out: np.ndarray = self.om + self.energy_added - self.energy_avoided - self.other_savings
        return out

    def discount(self, year: int) -> float:
        """df = (1 + rate)^-(year - base_year), present-value factor to the base year."""
        return (1.0 + self.discount_rate) ** -(int(year) - self.base_year)

    @property
    def period_pv(self) -> np.ndarray:
        """W[y] = Σ_{t = y}^{y + weight[y] - 1} df[t]: present value (to the base year) of one
        CNY per yr during the calendar years model year y stands for, [Y]."""
        out = np.empty(len(self.years))
        for i, (y, w) in enumerate(zip(self.years, self.weight, strict=True)):
            out[i] = sum(self.discount(y + k) for k in range(int(w)))
        return out

    @property
    def df(self) -> np.ndarray:
        """df[y] of every model year, [Y]."""
        return np.array([self.discount(y) for y in self.years])

    @property
    def effective_capital(self) -> np.ndarray:
        """capital + purchase·(1 − E[(1+r)^−T]) [M,R,Y]: the cost of bringing a purchase
        forward by T years is the interest on its price over those years (a replacement the
        baseline would have made T years later; engineering economics of early replacement,
        e.g. Park, *Contemporary Engineering Economics*, ch. 14). T = advance years k
        (E = (1+r)^−k), or, for capacity retiring as its source does at survival s, the
        geometric time the replaced asset would still have run: E = δ(1 − s)/(1 − sδ),
        δ = 1/(1+r)."""
        d = 1.0 / (1.0 + self.discount_rate)
        k = np.nan_to_num(self.advance, nan=0.0)
        expected = d ** k
        geo = ~np.isnan(self.survival)
        expected = np.where(geo, d * (1 - np.nan_to_num(self.survival)) /
                            (1 - np.nan_to_num(self.survival) * d), expected)
        out: np.ndarray = self.capital + self.purchase * (1.0 - expected)[:, None, None]
        return out

    @property
    def crf(self) -> np.ndarray:
        """Capital recovery factor of each measure at the discount rate, [M] (1/yr; 0 for a
        measure that never retires and has no capital)."""
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            out = np.array([capital_recovery_factor(self.discount_rate, n)
                            for n in self.lifetime])
        if not np.isfinite(out).all():  # never a NaN cost handed on (issue #13)
            raise _rate_error(self.discount_rate)
        return out

    def active(self) -> np.ndarray:
        """active[M, V, Y] in [0, 1]: the share of capacity built in model year v still in
        operation in model year y: 1 while v <= y < v + lifetime[m] (0 after), times
        survival[m]^(y − v) for capacity that retires as its source does."""
        yrs = np.array(self.years, dtype=float)
        v, y = yrs[:, None], yrs[None, :]
        life = self.lifetime[:, None, None]
        on = ((v[None] <= y[None]) & (y[None] < v[None] + life)).astype(float)
        s = np.where(np.isnan(self.survival), 1.0, self.survival)[:, None, None]
        age = np.maximum(y - v, 0.0)[None]
        out: np.ndarray = on * s ** age
        return out

    @property
    def annuity(self) -> np.ndarray:
        """Capital annuity per CNY of capital, [M]: CRF(r, lifetime) for a fixed lifetime (the
        first payment in the year built); 1 + r − s for capacity surviving at s a year (the
        annuity whose payments, weighted by the share still in operation, repay the capital:
        Σ_t (s/(1+r))^t (1 + r − s) / (1 + r) = 1)."""
        out = self.crf.copy()
        geo = ~np.isnan(self.survival)
        out[geo] = 1.0 + self.discount_rate - self.survival[geo]
        return out

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """What a plan ``x[M,R,Y]`` changes, by measure: ``[M,Q,R,Y]`` = effect·x of the year
        plus the later-year effects of earlier years' x (``lag_index``), in each quantity's
        unit (+ = a reduction, or more of a service)."""
        out: np.ndarray = self.effect * x[:, None, :, :]
        if len(self.lag_value):
            m, q, r, y, t = self.lag_index.T
            np.add.at(out, (m, q, r, y), self.lag_value * x[m, r, t])
        return out

    def with_arrays(self, **arrays: Any) -> Indexed:
        """A copy with some fields replaced (arrays, ``targets``, ``discount_rate``; an array's
        shape must match; ValueError otherwise)."""
        for k, v in arrays.items():
            old = getattr(self, k)
            if isinstance(old, np.ndarray) and np.shape(v) != old.shape:
                raise ValueError(f"{k}: shape {np.shape(v)} != {old.shape}")
        return replace(self, **arrays)


def _rate_error(rate: float) -> InputError:
    """The one-line error for a discount rate at which a capital recovery factor is not a
    finite number (a guard: the annuity below is exact for every rate above -1)."""

    return InputError("discount rate", f"{rate!r}, at which a capital recovery factor is not "
                      "a finite number", "a real rate per year above -100 %")


def capital_recovery_factor(rate: float, lifetime: float) -> float:
    """CRF = r(1+r)^n / ((1+r)^n - 1) (1/yr); 1/n at r = 0; r when n is infinite.

    Evaluated as ``CRF = r / (1 − (1+r)^−n) = r / −expm1(−n·log1p(r))``, which is exact to
    rounding for every r > −1 and tends to 1/n as r → 0 (for |r| ≪ 1/n, −expm1(−n·log1p(r)) =
    n·r·(1 + O(n·r)), so the ratio is 1/n to relative O(n·r)): the textbook form divides by
    (1+r)^n − 1, which loses every digit below about 1e-15 (r = 1e-15 gave 0.090 instead of 0.1
    at n = 10, r = 1e-17 a division by zero). At r = 0 exactly the limit 1/n is returned.

    Source: the standard annuity of engineering economics (e.g. Park, *Contemporary Engineering
    Economics*, ch. 3); GAINS annualises abatement investment the same way (Amann et al. 2011,
    Environ. Model. Softw. 26:1489, doi:10.1016/j.envsoft.2011.07.012). Raises ValueError on
    lifetime <= 0 or rate <= -1.
    """
    if not lifetime > 0:
        raise ValueError(f"lifetime must be positive, got {lifetime}")
    if rate <= -1:
        raise ValueError(f"discount rate must be > -1, got {rate}")
    if math.isinf(lifetime):
        return max(rate, 0.0)
    if rate == 0:
        return 1.0 / lifetime
    exponent = -lifetime * math.log1p(rate)  # ln (1+r)^-n
    if exponent < -700:  # (1+r)^-n underflows: the annuity of a very long life is r
        return rate
    if exponent > 700:  # a negative rate over a very long life: (1+r)^-n overflows
        return 0.0
    return rate / -math.expm1(exponent)


def _weights(years: list[int], horizon_end: int | None) -> np.ndarray:
    end = horizon_end if horizon_end is not None else years[-1]
    nxt = [*years[1:], end + 1]
    return np.array([b - a for a, b in zip(years, nxt, strict=True)], dtype=float)


def _col(df: pd.DataFrame, col: str, default: object) -> pd.Series:
    return df[col] if col in df.columns else pd.Series(default, index=df.index)


def _positions(values: pd.Series, where: dict[Any, int], cast: type | None = None,
               optional: bool = False) -> np.ndarray:
    """Position of each value in ``where`` (``cast`` to int first if asked). With ``optional``
    a missing value (None, NaN or empty) is -1: the entry applies to every position. KeyError
    on an unknown (or, unless optional, a missing) value."""
    missing = np.zeros(len(values), dtype=bool)
    if optional:  # (a missing required value is unknown below)
        missing = values.isna().to_numpy()
        if not pd.api.types.is_numeric_dtype(values):
            missing = missing | (values == "").to_numpy(dtype=bool)
    present = values[~missing]
    if cast is not None:
        present = pd.to_numeric(present).astype(np.int64)
    found = pd.Index(list(where)).get_indexer(present)  # hashed, not value by value
    if (found < 0).any():
        raise KeyError(present.iloc[int(np.flatnonzero(found < 0)[0])])
    out = np.full(len(values), -1, dtype=np.int64)
    out[~missing] = np.fromiter(where.values(), dtype=np.int64, count=len(where))[found]
    return out


def _runs(*axes: np.ndarray) -> list[np.ndarray]:
    """Row positions in runs of consecutive rows that leave the same ``axes`` unset (-1), in
    order: rows within a run index the same way, so each run is one numpy operation."""
    pattern = np.zeros(len(axes[0]) if axes else 0, dtype=np.int64)
    for k, a in enumerate(axes):
        pattern = pattern + ((a < 0).astype(np.int64) << k)
    cuts = np.flatnonzero(np.diff(pattern)) + 1
    return np.split(np.arange(len(pattern)), cuts) if len(pattern) else []


def _where(*axes: np.ndarray) -> tuple[slice | np.ndarray, ...]:
    """Index tuple of one run (:func:`_runs`): an axis the run leaves unset is a slice."""
    return tuple(slice(None) if len(a) and a[0] < 0 else a for a in axes)


def _broadcast(values: np.ndarray, *axes: np.ndarray) -> np.ndarray:
    """``values`` of one run shaped for :func:`_where`'s index: (n, 1 per unset axis) — the
    array axes come first whether or not a slice separates them."""
    unset = sum(bool(len(a)) and a[0] < 0 for a in axes)
    return values.reshape((len(values),) + (1,) * unset)


def index(data: ModelData) -> Indexed:
    """Dense arrays of ``data`` (module docstring); ``data`` should be validated first
    (:func:`model.lp.data.validate`). Pure: builds new arrays."""
    regions, years = tuple(data.regions), tuple(int(y) for y in data.years)
    measures = tuple(data.measures.index)
    lags = data.lags if data.lags is not None else pd.DataFrame(
        columns=["measure", "quantity", "region", "age", "value"])
    qs = sorted(set(data.effects["quantity"].unique()) | set(data.baseline["quantity"].unique())
                | set(data.targets["quantity"].unique()) | set(lags["quantity"].unique()))
    quantities = tuple(qs)
    pools = tuple(sorted(set(data.pools["pool"].unique())))
    M, R, Y, Q, P = len(measures), len(regions), len(years), len(quantities), len(pools)
    mi = {m: i for i, m in enumerate(measures)}
    ri = {r: i for i, r in enumerate(regions)}
    yi = {y: i for i, y in enumerate(years)}
    qi = {q: i for i, q in enumerate(quantities)}
    ti = {data.base_year: 0, **{y: i + 1 for i, y in enumerate(years)}}

    effect = np.zeros((M, Q, R, Y))
    e = data.effects
    em, eq = _positions(e["measure"], mi), _positions(e["quantity"], qi)
    er = _positions(_col(e, "region", None), ri, optional=True)
    ey = _positions(_col(e, "year", None), yi, int, optional=True)
    ev = e["value"].astype(float).to_numpy()
    for run in _runs(er, ey):  # later rows overwrite earlier ones, as in the table's order
        key = ((em[run] * Q + eq[run]) * (R + 1) + er[run] + 1) * (Y + 1) + ey[run] + 1
        run = run[len(run) - 1 - np.unique(key[::-1], return_index=True)[1]]
        effect[_where(em[run], eq[run], er[run], ey[run])] = _broadcast(ev[run], er[run],
                                                                        ey[run])

    b = data.bounds
    floor = np.zeros((M, R, Y))
    potential = np.zeros((M, R, Y))
    applicable = np.zeros((M, R), dtype=bool)
    im, ir = _positions(b["measure"], mi), _positions(b["region"], ri)
    iy = _positions(b["year"], yi, int)
    floor[im, ir, iy] = b["floor"].astype(float).to_numpy()
    potential[im, ir, iy] = b["potential"].astype(float).to_numpy()
    applicable[im, ir] = True

    info = data.measures
    lifetime = pd.to_numeric(_col(info, "lifetime", math.inf), errors="coerce") \
        .fillna(math.inf).to_numpy(dtype=float)
    mandate = _col(info, "mandate", False).fillna(False).astype(bool).to_numpy()
    eligible = _col(info, "eligible", True).fillna(True).astype(bool).to_numpy()
    max_build = pd.to_numeric(_col(info, "max_build_share", np.nan), errors="coerce") \
        .to_numpy(dtype=float)
    advance = pd.to_numeric(_col(info, "advance_years", np.nan), errors="coerce") \
        .to_numpy(dtype=float)
    survival = pd.to_numeric(_col(info, "survival", np.nan), errors="coerce") \
        .to_numpy(dtype=float)

    items = {k: np.zeros((M, R, Y)) for k in COST_ITEMS}
    if "annual_cost" in info.columns:
        items["om"] += info["annual_cost"].astype(float).to_numpy()[:, None, None]
    c = data.costs
    if len(c):
        cm = _positions(c["measure"], mi)
        cr = _positions(_col(c, "region", None), ri, optional=True)
        cy = _positions(c["year"], yi, int)
        citem, cv = c["item"].to_numpy(), c["value"].astype(float).to_numpy()
        for run in _runs(cr, cy):  # added in the table's order (np.add.at is unbuffered)
            for item in dict.fromkeys(citem[run]):
                sub = run[citem[run] == item]
                np.add.at(items[item],
                          _where(cm[sub], cr[sub], cy[sub]),  # type: ignore[arg-type]  # numpy's stub: no tuple index
                          _broadcast(cv[sub], cr[sub], cy[sub]))

    T = Y + 1
    baseline = np.zeros((R, T, Q))
    bl = data.baseline
    baseline[_positions(bl["region"], ri), _positions(bl["year"], ti, int),
             _positions(bl["quantity"], qi)] = bl["value"].astype(float).to_numpy()
    gdp = np.zeros((R, T))
    g = data.gdp
    gdp[_positions(g["region"], ri), _positions(g["year"], ti, int)] = \
        g["value"].astype(float).to_numpy()

    pool_capacity = np.zeros((P, R, Y))
    pi = {p: i for i, p in enumerate(pools)}
    pl = data.pools
    if len(pl):
        pool_capacity[_positions(pl["pool"], pi), _positions(pl["region"], ri),
                      _positions(pl["year"], yi, int)] = \
            pl["capacity"].astype(float).to_numpy()
    pool_share = np.zeros((P, M))
    pm = data.pool_members
    if len(pm):
        pool_share[_positions(pm["pool"], pi), _positions(pm["measure"], mi)] = \
            pm["share"].astype(float).to_numpy()

    weight = _weights(list(years), data.horizon_end)
    lag_index, lag_value = lag_entries(lags, mi, qi, ri, list(years), weight)

    targets = data.targets.copy()
    if "param" not in targets.columns:
        targets["param"] = np.nan
    targets["year"] = targets["year"].astype(int)
    targets = targets.reset_index(drop=True)
    return Indexed(
        regions=regions, years=years, base_year=int(data.base_year), measures=measures,
        quantities=quantities, pools=pools, targets=targets, measure_info=info.copy(),
        effect=effect, floor=floor, potential=potential, applicable=applicable,
        lifetime=lifetime, mandate=mandate, eligible=eligible, max_build_share=max_build,
        capital=items["capital"], purchase=items["purchase"], advance=advance,
        survival=survival, om=items["om"],
        energy_added=items["energy_added"],
        energy_avoided=items["energy_avoided"], other_savings=items["other_savings"],
        baseline=baseline, gdp=gdp, pool_capacity=pool_capacity, pool_share=pool_share,
        weight=weight, discount_rate=float(data.discount_rate),
        objective=data.objective, lag_index=lag_index, lag_value=lag_value)


def lag_entries(lags: pd.DataFrame, mi: dict[str, int], qi: dict[str, int], ri: dict[str, int],
                years: list[int],
                weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Entries (m, q, r, y, t) -> value of the later-year effects: a lag row (m, q, r or every
    region, age a, v) puts v on x[m, r, t] in model year y when the calendar year c = y − a
    lies in model year t's span ``t <= c < t + weight[t]`` (t < y since a >= 1; a year before
    the first model year holds no capacity). Entries of one key are summed."""
    acc: dict[tuple[int, int, int, int, int], float] = {}
    if not len(lags):
        return np.zeros((0, 5), dtype=np.int64), np.zeros(0)
    starts = np.array(years, dtype=np.int64)
    ends = starts + weight.astype(np.int64)
    regions = list(ri.values())
    reg = lags["region"] if "region" in lags.columns else pd.Series("", index=lags.index)
    for m, q, r, a, v in zip(lags["measure"], lags["quantity"], reg, lags["age"],
                             lags["value"], strict=True):
        if not v:
            continue
        rs = regions if r is None or r == "" or (isinstance(r, float) and np.isnan(r)) \
            else [ri[r]]
        for yi, y in enumerate(years):
            c = y - int(a)
            ti = np.flatnonzero((starts <= c) & (c < ends))
            if not len(ti) or ti[0] >= yi:
                continue
            for rr in rs:
                key = (mi[m], qi[q], rr, yi, int(ti[0]))
                acc[key] = acc.get(key, 0.0) + float(v)
    if not acc:
        return np.zeros((0, 5), dtype=np.int64), np.zeros(0)
    return np.array(list(acc), dtype=np.int64), np.array(list(acc.values()))
