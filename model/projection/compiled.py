"""The measures' derivation compiled once, evaluated on arrays (issue #15 item 1).

:func:`compile_measures` reads the catalogue and the ledger once and turns every physical change
of every (measure m, county r) into linear *terms*; :meth:`CompiledMeasures.evaluate` evaluates
them for any projected activity ``amounts[row, T]`` with numpy only. ``peakplan run``
(:func:`model.projection.measures.derive`) and every sensitivity sample
(:mod:`model.sensitivity.evaluate`) go through the same two calls: there is no second copy of
the derivation.

What depends on the amounts, and how it is evaluated (the rules of the module docstring of
:mod:`model.projection.measures`; the row-by-row derivation this replaced is kept as the test
reference ``tests/reference/rowwise_measures.py``):

* a change spread over a group of source rows (category ``source`` or activity ``<type>.*``)
  weighs row i by ``a_i(y) / Σ_group a(y)``; an ``activity_mix`` change by
  ``a_i(y) · tce_i / Σ_group a · tce``. Where a group's total is not positive in year y the
  change falls back as the catalogue's rule says (the source's first category and the named
  activity with weight 1 for a single-category source; no effect otherwise): the fallback is a
  term of its own, switched on by an indicator, so no sample needs a recompilation;
* electricity used and non-fossil electricity generated move assessed energy by the marginal
  non-fossil deduction of year y (:meth:`model.accounting.ledger.Ledger.electricity_marginal`,
  :meth:`~model.accounting.ledger.Ledger.generation_marginal`), computed per evaluation by the
  ledger itself: the regime of the margin may change between samples;
* the source amount is a fixed linear map of the amounts (for a service given by its total, the
  part not yet served, clipped at 0); potential and floor are the interpolated shares times it;
  a (measure, county) pair applies where its potential is positive in some year.

Each term is ``K[term, y] · X[term, y] · μ[term, y]`` with K the coefficient (an emission or
energy coefficient of the factor library times the change, or the change times an energy
price), X the split weight (1, a row's weight, or a fallback indicator) and μ 1 or a marginal;
``effect[M, R, Q, Y]`` and the energy bought and saved are sums of terms (one sparse product).

Errors: what the factor library or the price table cannot account for is found at compile time
but raised (InputError naming the catalogue row and measure) only when the pair applies, as the
row-by-row derivation raised it.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

import numpy as np
import pandas as pd
from scipy import sparse

from model.accounting.ledger import NON_FOSSIL, Ledger
from model.errors import InputError
from model.projection.catalogue import CatalogueTables

# term multipliers
_ONE, _MARGINAL, _GEN_MARGINAL = 0, 1, 2
# term weights
_CONST, _ENTRY, _FALLBACK = 0, 1, 2
BOUGHT: Final = "__energy_added"
SAVED: Final = "__energy_avoided"


@dataclass
class MeasureArrays:
    """One evaluation (index sets: measures M and regions R of the compiled catalogue, model
    years Y, effect quantities Q of :attr:`CompiledMeasures.quantities`):

    ``source[M, R, Y]`` source amount (the measure's source unit); ``potential, floor[M, R, Y]``
    (measure's unit); ``applicable[M, R]``; ``effect[M, R, Q, Y]`` per unit per yr (+ =
    reduction / more served); ``energy_added, energy_avoided[M, R, Y]`` CNY per unit per yr;
    ``pool_capacity[P, R, Y]`` (measure's unit of the pool's first member)."""

    source: np.ndarray
    potential: np.ndarray
    floor: np.ndarray
    applicable: np.ndarray
    effect: np.ndarray
    energy_added: np.ndarray
    energy_avoided: np.ndarray
    pool_capacity: np.ndarray
    pool_regions: np.ndarray


#: what a term's ``out`` names: within one (measure, county) pair the quantity position or
#: BOUGHT/SAVED (:func:`_compile_pair`); across pairs (pair position m*R + r, that)
Out = TypeVar("Out")


@dataclass
class _Builder(Generic[Out]):
    """Terms as lists while compiling."""

    out: list[Out] = field(default_factory=list)
    wkind: list[int] = field(default_factory=list)
    widx: list[int] = field(default_factory=list)
    mult: list[int] = field(default_factory=list)
    coef: list[np.ndarray] = field(default_factory=list)

    def add(self, out: Out, wkind: int, widx: int, mult: int, coef: np.ndarray) -> None:
        self.out.append(out)
        self.wkind.append(wkind)
        self.widx.append(widx)
        self.mult.append(mult)
        self.coef.append(coef)


@dataclass
class CompiledMeasures:
    """The compiled derivation of a catalogue on a ledger (module docstring); build with
    :func:`compile_measures`."""

    measures: list[str]
    regions: list[str]
    years: list[int]
    base_year: int
    quantities: list[str]
    ledger: Ledger
    spu: np.ndarray                      # [M] source per unit
    src_own: sparse.csr_matrix           # [M*R, rows] source unit per row unit
    src_served: sparse.csr_matrix        # [M*R, rows] (subtracted)
    src_clip: np.ndarray                 # [M] clip the source at 0 (service totals)
    share_map: sparse.csr_matrix         # [M*R*Y, K] potential rows -> share by year
    potential_share: np.ndarray          # [K] the table's values
    floor_share: np.ndarray              # [K]
    g_entry_row: np.ndarray              # [E] group entries: row of the ledger
    g_entry_weight: np.ndarray           # [E] 1 or tce per unit
    g_entry_group: np.ndarray            # [E]
    n_groups: int
    t_wkind: np.ndarray                  # [N] terms
    t_widx: np.ndarray
    t_mult: np.ndarray
    t_coef: np.ndarray                   # [N, Y]
    t_sum: sparse.csr_matrix             # [M*R*(Q+2), N]
    deferred: list                       # (m, r, group, on_positive, InputError) raised if used
    pair_error: dict                     # (m, r) -> InputError raised if the pair applies
    lags: dict                           # (m, r) -> [(measure, q, region, age, value)]
    cost_items: list                     # [M][Y] -> [(item, value)]
    pools: list[str]
    pool_first: np.ndarray               # [P] measure index of the pool's first member
    pool_members: list                   # [P] -> measure indices
    pool_share_map: np.ndarray           # [P, Y] row of pools.csv or -1 (share 1)
    pool_share: np.ndarray               # [K'] capacity_share of pools.csv
    member_rows: list = field(default_factory=list)  # (pool, measure, share) of every member
    _group_sum: sparse.csr_matrix | None = None

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, amounts: np.ndarray, potential_share: np.ndarray | None = None,
                 floor_share: np.ndarray | None = None, pool_share: np.ndarray | None = None
                 ) -> MeasureArrays:
        """Arrays of the measures for projected ``amounts[row, T]`` (T = base year + model
        years, the ledger's rows), optionally with the potentials' and pools' share columns
        replaced (arrays in the order of the catalogue's ``potentials.csv``/``pools.csv`` rows).
        Raises the InputError deferred at compile time for a pair that applies."""
        M, R, Y = len(self.measures), len(self.regions), len(self.years)
        a = np.asarray(amounts, dtype=float)[:, 1:]  # [rows, Y]
        src = (self.src_own @ a) - (self.src_served @ a)
        src = src.reshape(M, R, Y)
        src[self.src_clip] = np.maximum(src[self.src_clip], 0.0)
        ps = self.potential_share if potential_share is None else potential_share
        fs = self.floor_share if floor_share is None else floor_share
        sp = (self.share_map @ ps).reshape(M, R, Y)
        sf = (self.share_map @ fs).reshape(M, R, Y)
        applicable = ~np.all(src * sp <= 0, axis=2)
        for (m, r), exc in self.pair_error.items():
            if applicable[m, r]:
                raise exc
        mask = applicable[:, :, None]
        spu = self.spu[:, None, None]
        potential = np.where(mask, sp * src / spu, 0.0)
        floor = np.where(mask, sf * src / spu, 0.0)
        # split weights of the groups and the fallback indicators
        v = a[self.g_entry_row] * self.g_entry_weight[:, None]             # [E, Y]
        if self._group_sum is None:  # [groups, entries] ones: each group's total, one product
            E = len(self.g_entry_group)
            self._group_sum = sparse.csr_matrix(
                (np.ones(E), (self.g_entry_group, np.arange(E))), shape=(self.n_groups, E))
        tot = np.asarray(self._group_sum @ v)
        positive = tot > 0
        safe = np.where(positive, tot, 1.0)
        w = np.where(positive[self.g_entry_group], v / safe[self.g_entry_group], 0.0)
        fallback = (~positive).astype(float)
        for m, r, g, on_positive, exc in self.deferred:  # a part that is used and fails
            if applicable[m, r] and (positive[g].any() if on_positive else fallback[g].any()):
                raise exc
        X = np.ones((len(self.t_wkind), Y))
        e = self.t_wkind == _ENTRY
        X[e] = w[self.t_widx[e]]
        f = self.t_wkind == _FALLBACK
        X[f] = fallback[self.t_widx[f]]
        led, T = self.ledger, amounts
        mu = np.ones((3, Y))
        if (self.t_mult > 0).any():
            mu[_MARGINAL] = [led.electricity_marginal(T[:, t]) for t in range(1, Y + 1)]
            mu[_GEN_MARGINAL] = [led.generation_marginal(T[:, t]) for t in range(1, Y + 1)]
        vals = self.t_coef * X * mu[self.t_mult]
        Q = len(self.quantities)
        out = (self.t_sum @ vals).reshape(M, R, Q + 2, Y)
        size = (self.t_sum @ np.abs(vals)).reshape(M, R, Q + 2, Y)
        out[np.abs(out) <= 1e-12 * size] = 0.0  # terms that cancel: exactly 0, as a sum would
        out = np.where(mask[:, :, :, None], out, 0.0)
        pools = np.zeros((len(self.pools), R, Y))
        regions = np.zeros((len(self.pools), R), dtype=bool)
        pv = self.pool_share if pool_share is None else pool_share
        for p, first in enumerate(self.pool_first):
            regions[p] = applicable[self.pool_members[p]].any(axis=0)
            for yi in range(Y):
                k = self.pool_share_map[p, yi]
                share = float(pv[k]) if k >= 0 else 1.0
                pools[p, :, yi] = np.where(regions[p] & applicable[first],
                                           share * src[first, :, yi], 0.0)
        return MeasureArrays(source=src, potential=potential, floor=floor,
                             applicable=applicable, effect=out[:, :, :Q],
                             energy_added=out[:, :, Q], energy_avoided=out[:, :, Q + 1],
                             pool_capacity=pools, pool_regions=regions)

    # ------------------------------------------------------------------ tables
    def frames(self, arr: MeasureArrays) -> dict[str, pd.DataFrame]:
        """The long tables of :class:`model.projection.measures.DerivedMeasures` (``effects``,
        ``bounds``, ``costs``, ``source_amount``, ``pools``, ``pool_members``, ``lags``) of one
        evaluation, rows of the pairs that apply only."""
        Y = len(self.years)
        mi, ri = np.nonzero(arr.applicable)
        meas = np.array(self.measures, dtype=object)
        regs = np.array(self.regions, dtype=object)
        yrs = np.array(self.years)
        pm, pr, py = (np.repeat(mi, Y), np.repeat(ri, Y), np.tile(np.arange(Y), len(mi)))
        bounds = pd.DataFrame({"measure": meas[pm], "region": regs[pr], "year": yrs[py],
                               "floor": arr.floor[pm, pr, py],
                               "potential": arr.potential[pm, pr, py]})
        src = pd.DataFrame({"measure": meas[pm], "region": regs[pr], "year": yrs[py],
                            "amount": arr.source[pm, pr, py]})
        em, er, eq, ey = np.nonzero(arr.effect)
        effects = pd.DataFrame({"measure": meas[em], "quantity": np.array(
            self.quantities, dtype=object)[eq], "region": regs[er], "year": yrs[ey],
            "value": arr.effect[em, er, eq, ey]})
        cost_rows = []
        for m, r in zip(mi, ri, strict=True):
            for yi, y in enumerate(self.years):
                cost_rows.append((self.measures[m], self.regions[r], y, "energy_added",
                                  float(arr.energy_added[m, r, yi])))
                cost_rows.append((self.measures[m], self.regions[r], y, "energy_avoided",
                                  float(arr.energy_avoided[m, r, yi])))
                cost_rows += [(self.measures[m], self.regions[r], y, item, val)
                              for item, val in self.cost_items[m][yi]]
        costs = pd.DataFrame(cost_rows, columns=["measure", "region", "year", "item", "value"])
        costs = costs[costs["value"] != 0.0].reset_index(drop=True)
        lag_rows = [row for m, r in zip(mi, ri, strict=True) for row in self.lags.get((m, r), [])]
        lags = pd.DataFrame(lag_rows, columns=["measure", "quantity", "region", "age", "value"])
        prow = []
        for p, pool in enumerate(self.pools):
            for r in np.flatnonzero(arr.pool_regions[p]):
                for yi, y in enumerate(self.years):
                    prow.append((pool, self.regions[r], y, float(arr.pool_capacity[p, r, yi])))
        pools = pd.DataFrame(prow, columns=["pool", "region", "year", "capacity"])
        members = [mm for mm in self.member_rows if mm[0] in set(pools["pool"])]
        return {"effects": effects, "bounds": bounds, "costs": costs, "source_amount": src,
                "pools": pools,
                "pool_members": pd.DataFrame(members, columns=["pool", "measure", "share"]),
                "lags": lags}


# ---------------------------------------------------------------------- compiling
def _cats(m) -> list[str]:
    return [c.strip() for c in str(m["source_category"]).split(";") if c.strip()]


def _share_weights(points: list[tuple[int, int]], year: int, base_year: int
                   ) -> list[tuple[int, float]]:
    """(potentials row, weight) whose weighted sum is the share in ``year``: linear between the
    years given, from 0 at the base year, constant after the last (as
    :func:`model.projection.measures._share`)."""
    if not points:
        return []
    xs = [base_year] + [p[0] for p in points]
    ks = [-1] + [p[1] for p in points]
    if year >= xs[-1]:
        return [(ks[-1], 1.0)]
    for j in range(len(xs) - 1):
        if xs[j] <= year < xs[j + 1]:
            f = (year - xs[j]) / (xs[j + 1] - xs[j])
            out = [(ks[j + 1], f)]
            if ks[j] >= 0:
                out.append((ks[j], 1.0 - f))
            return out
    return []


def compile_measures(cat: CatalogueTables, ledger: Ledger, years: list[int], base_year: int,
                     extra: tuple[str, ...] = ()) -> CompiledMeasures:
    """Compile the catalogue ``cat`` on ``ledger`` for model ``years`` (module docstring).
    Index sets: the catalogue's measures (its order), the ledger's regions, ``years``; the
    effect quantities are those some change moves. Raises InputError for a malformed change
    that no county could apply (an abated share outside (0, 1]) only when a pair applies, as
    the row-by-row derivation did. ``extra`` quantities get an effect column even if no change
    moves them (CO2 for a grid-factor path)."""
    from model.projection import measures as mm  # the catalogue's rules (one basis)

    ctx = mm._Context(ledger, ledger.rows["amount"].to_numpy()[:, None].repeat(
        len(years) + 1, axis=1), years, base_year)
    measures, regions = list(cat.measures.index), list(ledger.regions)
    M, R, Y = len(measures), len(regions), len(years)
    n = len(ledger.rows)
    quantities: list[str] = []
    qpos: dict[str, int] = {}

    def q_of(q: str) -> int:
        if q not in qpos:
            qpos[q] = len(quantities)
            quantities.append(q)
        return qpos[q]

    for q in extra:
        q_of(q)

    # sources and potentials
    own_r, own_c, own_v, srv_r, srv_c, srv_v = [], [], [], [], [], []
    clip = np.zeros(M, dtype=bool)
    spu = np.ones(M)
    pot = cat.potentials
    pot_region = pot["region"].astype(str).to_numpy()
    pot_year = pot["year"].to_numpy()
    sh_r, sh_c, sh_v = [], [], []
    for m, name in enumerate(measures):
        row = cat.measures.loc[name]
        spu[m] = float(row["source_per_unit"])
        cats = _cats(row)
        act, unit = str(row["source_activity"]).strip(), str(row["source_unit"]).strip()
        where = f"measure {name!r} source"
        mine = np.flatnonzero((pot["measure"] == name).to_numpy())
        for r, region in enumerate(regions):
            k = m * R + r
            if cats == ["service"]:
                served = mm.TOTALS.get(act)
                if served is None and act not in mm.SERVICES:
                    raise InputError(f"catalogue measures.csv measure {name!r} column "
                                     "'source_activity'", repr(act),
                                     f"a service indicator: {sorted(mm.SERVICES | set(mm.TOTALS))}")
                for i in ctx.source_rows(region, ["service"], act):
                    own_r.append(k)
                    own_c.append(i)
                    own_v.append(ctx._per_unit(i, unit, where))
                if served is not None:
                    for i in ctx.source_rows(region, ["service"], served):
                        srv_r.append(k)
                        srv_c.append(i)
                        srv_v.append(ctx._per_unit(i, unit, where))
                clip[m] = True
            else:
                for i in ctx.source_rows(region, cats, act):
                    own_r.append(k)
                    own_c.append(i)
                    own_v.append(ctx._per_unit(i, unit, where))
            regional = [j for j in mine if pot_region[j] == region]
            use = regional or [j for j in mine if pot_region[j] == ""]
            pts = sorted((int(pot_year[j]), int(j)) for j in use)
            for yi, y in enumerate(years):
                for j, wgt in _share_weights(pts, y, base_year):
                    sh_r.append(k * Y + yi)
                    sh_c.append(j)
                    sh_v.append(wgt)
    src_own = sparse.csr_matrix((own_v, (own_r, own_c)), shape=(M * R, n))
    src_served = sparse.csr_matrix((srv_v, (srv_r, srv_c)), shape=(M * R, n))
    share_map = sparse.csr_matrix((sh_v, (sh_r, sh_c)), shape=(M * R * Y, len(pot)))

    # groups of rows a change is split over
    groups: dict[tuple, int] = {}
    e_row: list[int] = []
    e_w: list[float] = []
    e_g: list[int] = []
    entries: dict[int, list[int]] = {}

    def group(region: str, cats: list[str], act: str, tce: bool, where: str
              ) -> tuple[int, np.ndarray, list[int]]:
        key = (region, tuple(cats), act, tce)
        idx = ctx.source_rows(region, cats, act)
        if key not in groups:
            groups[key] = g = len(groups)
            entries[g] = []
            for i in idx:
                entries[g].append(len(e_row))
                e_row.append(int(i))
                e_w.append(ctx._per_unit(int(i), "tce", where) if tce else 1.0)
                e_g.append(g)
        g = groups[key]
        return g, idx, entries[g]

    b: _Builder[tuple[int, int | str]] = _Builder()
    deferred: list = []
    pair_error: dict = {}
    lags: dict = {}
    def price(a: str, c: str, unit: str, name: str) -> np.ndarray:
        return np.array([mm._price(ctx, cat.prices, a, c, y, unit, name) for y in years])

    for m, name in enumerate(measures):
        row = cat.measures.loc[name].to_dict()
        ch = cat.changes[cat.changes["measure"] == name].to_dict("records")
        s = float(row["source_per_unit"])
        for r, region in enumerate(regions):
            pair_terms: _Builder[int | str] = _Builder()
            try:
                _compile_pair(ctx, mm, name, row, ch, region, s, group, price, q_of, pair_terms,
                              deferred, m, r)
                lag = mm.lagged_effects(ctx, name, row, ch, region)
            except InputError as exc:
                pair_error[(m, r)] = exc
                continue
            if lag:
                lags[(m, r)] = lag
            for o, wk, wi, mu, c in zip(pair_terms.out, pair_terms.wkind, pair_terms.widx,
                                        pair_terms.mult, pair_terms.coef, strict=True):
                b.add((m * R + r, o), wk, wi, mu, c)
    Q = len(quantities)
    out_flat = []
    for mr, o in b.out:  # row of t_sum: the pair's quantities, then BOUGHT and SAVED
        if o == BOUGHT:
            pos = Q
        elif o == SAVED:
            pos = Q + 1
        else:
            assert isinstance(o, int)  # a quantity position (q_of)
            pos = o
        out_flat.append(mr * (Q + 2) + pos)
    N = len(out_flat)
    t_sum = sparse.csr_matrix((np.ones(N), (out_flat, np.arange(N))), shape=(M * R * (Q + 2), N))
    coef = np.zeros((N, Y))
    for i, c in enumerate(b.coef):
        coef[i] = c
    # cost items by measure and year (constant; emitted for the pairs that apply)
    items = []
    for name in measures:
        table = mm._cost_table(cat.costs, name)
        items.append([mm._cost_items(table, y) for y in years])
    # pools: members share the source of the pool's first member
    pool_names, first, members, pmap = [], [], [], []
    pool_tab = cat.pools
    for p, grp in cat.measures[cat.measures["pool"] != ""].groupby("pool"):
        pool_names.append(p)
        first.append(measures.index(grp.index[0]))
        members.append([measures.index(x) for x in grp.index])
        rowmap = []
        for y in years:
            with_year: np.ndarray | list[int]
            every: np.ndarray | list[int]
            with_year = np.flatnonzero(((pool_tab["pool"] == p) & (pool_tab["year"] == y))
                                       .to_numpy()) if len(pool_tab) else []
            every = np.flatnonzero(((pool_tab["pool"] == p) & pool_tab["year"].isna())
                                   .to_numpy()) if len(pool_tab) else []
            sel = with_year if len(with_year) else every
            rowmap.append(int(sel[0]) if len(sel) else -1)
        pmap.append(rowmap)
    member_rows = [(p, name, float(row["source_per_unit"])) for name, row in
                   cat.measures.iterrows() if (p := row["pool"])]
    return CompiledMeasures(
        measures=measures, regions=regions, years=list(years), base_year=base_year,
        quantities=quantities, ledger=ledger, spu=spu, src_own=src_own, src_served=src_served,
        src_clip=clip, share_map=share_map,
        potential_share=pot["potential_share"].to_numpy(dtype=float),
        floor_share=pot["floor_share"].to_numpy(dtype=float),
        g_entry_row=np.array(e_row, dtype=int), g_entry_weight=np.array(e_w, dtype=float),
        g_entry_group=np.array(e_g, dtype=int), n_groups=len(groups),
        t_wkind=np.array(b.wkind, dtype=int), t_widx=np.array(b.widx, dtype=int),
        t_mult=np.array(b.mult, dtype=int), t_coef=coef, t_sum=t_sum,
        deferred=deferred, pair_error=pair_error, lags=lags, cost_items=items,
        pools=pool_names, pool_first=np.array(first, dtype=int), pool_members=members,
        pool_share_map=np.array(pmap, dtype=int).reshape(len(pool_names), Y),
        pool_share=pool_tab["capacity_share"].to_numpy(dtype=float) if len(pool_tab)
        else np.zeros(0), member_rows=member_rows)


def _add_terms(terms: _Builder[int | str], q_of, coef: dict[str, float], delta, wk: int,
               wi: int) -> None:
    """Terms of one change (an emission or energy quantity falls by
    Δ·c; a service rises; ``:total`` rows are not moved)."""
    from model.projection.measures import SERVICES

    for q, c in coef.items():
        if q in SERVICES:
            terms.add(q_of(q), wk, wi, _ONE, delta * c)
        elif q.endswith(":total"):
            continue
        else:
            terms.add(q_of(q), wk, wi, _ONE, -delta * c)


@contextmanager
def _deferred(deferred: list, mi: int, ri: int, wk: int, g: int):
    """Errors of a split part raised later, only if the part is used (an entry of a group
    whose total is positive in some year, or the fallback of one that is not); errors of a
    fixed part propagate (the pair's error)."""
    if wk == _CONST:
        yield
        return
    try:
        yield
    except InputError as exc:
        deferred.append((mi, ri, g, wk == _ENTRY, exc))


def _compile_pair(ctx, mm, name: str, m: dict, changes: list[dict], region: str,
                  spu: float, group, price, q_of, terms: _Builder[int | str], deferred: list,
                  mi: int, ri: int) -> None:
    """Terms of one (measure, county) pair: every change, as the row-by-row reference's
    ``effects_and_energy_cost`` accounted it, with its split weights symbolic."""
    Y = len(ctx.T) - 1
    ones = np.ones(Y)
    for ch in changes:
        kind, cat, act = ch["change"], str(ch["category"]).strip(), str(ch["activity"]).strip()
        unit, v = str(ch["unit"]).strip(), float(ch["value"])
        if kind == "activity":
            for c, a, wk, wi, g in _parts(ctx, m, region, cat, act, group, name):
                with _deferred(deferred, mi, ri, wk, g):
                    coef = mm._coef(ctx, name, region, c, act if not act.endswith(".*") else a,
                                    unit, row=ch["_row"])
                    _add_terms(terms, q_of, coef, v * ones, wk, wi)
                    if "electricity" in coef:
                        terms.add(q_of("energy"), wk, wi, _MARGINAL,
                                  -v * coef["electricity"] * ones)
                    if c == "generation" and a in NON_FOSSIL:
                        terms.add(q_of("energy"), wk, wi, _GEN_MARGINAL,
                                  -v * coef["electricity_generation"] * ones)
                    if c.startswith("1.A") and "." not in a and a != "*":
                        k = v * price(a, c, unit, name)
                        terms.add(BOUGHT, wk, wi, _ONE, np.maximum(k, 0.0))
                        terms.add(SAVED, wk, wi, _ONE, np.maximum(-k, 0.0))
        elif kind == "abatement":
            share = float(v)
            if not 0 < share <= 1:
                raise InputError(f"catalogue changes.csv row {ch['_row']} column 'value'",
                                 repr(v), "an abated share in (0, 1]")
            for c, a, wk, wi, grp in _parts(ctx, m, region, cat, act, group, name):
                with _deferred(deferred, mi, ri, wk, grp):
                    coef = mm._coef(ctx, name, region, c, a, str(m["source_unit"]),
                                    row=ch["_row"])
                    g = ch["gas"]
                    if g not in coef:
                        raise InputError(f"catalogue changes.csv row {ch['_row']}",
                                         f"abatement of {g} on {c} {a}, which emits no {g}",
                                         f"a gas the source emits: {sorted(coef)}")
                    terms.add(q_of(g), wk, wi, _ONE, share * spu * coef[g] * ones)
        elif kind == "service":
            coef = mm._coef(ctx, name, region, "service", act, unit, row=ch["_row"])
            _add_terms(terms, q_of, coef, v * ones, _CONST, -1)
        elif kind == "removal":
            credit = -mm._coef(ctx, name, region, "service", act, unit,
                               row=ch["_row"]).get(ch["gas"], 0.0)
            removal = ctx.ledger.removal(region, act, ch["gas"])
            if credit and removal > 0:
                terms.add(q_of(ch["gas"]), _CONST, -1, _ONE, v * credit / removal * ones)
        elif kind == "activity_mix":
            cats = _cats(m) if cat == "source" else [cat]
            g, idx, ents = group(region, cats, act if act else "*", True, name)
            from model.units import convert

            delta_tce = convert(v, unit, "tce", f"catalogue changes.csv row {ch['_row']}")
            for i, e in zip(idx, ents, strict=True):
                with _deferred(deferred, mi, ri, _ENTRY, g):
                    row = ctx.row(i)
                    coef = mm._coef(ctx, name, region, row["category"], row["activity"],
                                    row["unit"], row["use"])
                    per = ctx.tce_per(i, name)
                    if per <= 0:
                        continue
                    d = delta_tce / per  # in the row's unit, per unit of the row's weight
                    _add_terms(terms, q_of, coef, d * ones, _ENTRY, e)
                    if "electricity" in coef:
                        terms.add(q_of("energy"), _ENTRY, e, _MARGINAL,
                                  -d * coef["electricity"] * ones)
                    k = d * price(row["activity"], row["category"], row["unit"], name)
                    terms.add(BOUGHT, _ENTRY, e, _ONE, np.maximum(k, 0.0))
                    terms.add(SAVED, _ENTRY, e, _ONE, np.maximum(-k, 0.0))


def _parts(ctx, m: dict, region: str, category: str, activity: str, group, name: str
           ) -> list[tuple[str, str, int, int, int]]:
    """(category, activity, weight kind, weight index, group) of a change, as
    the row-by-row reference's ``_spread`` split it: a named row (weight 1), the rows of a
    group weighted by their amounts, and the fallback used where the group's total is not
    positive (a single-category source's named activity, weight 1)."""
    cats = _cats(m) if category == "source" else [category]
    if category != "source" and not activity.endswith(".*"):
        return [(category, activity, _CONST, -1, -1)]
    g, idx, ents = group(region, cats, activity, False, name)
    out = [(ctx._cat[i], ctx._act[i], _ENTRY, e, g)
           for i, e in zip(idx, ents, strict=True)]
    if category == "source" and len(cats) == 1 and not activity.endswith(".*"):
        out.append((cats[0], activity, _FALLBACK, g, g))
    return out


__all__ = ["CompiledMeasures", "MeasureArrays", "compile_measures"]
_ = math
