"""Upstream parameters recomputed with numpy: GDP, activity, baseline, potentials, pools, and
the measures' effects, from the tables loaded once.

:class:`Upstream` is built once per worker from the loaded scenario (``pipeline.load``) and its
central derivation (``pipeline.derive``). Per sample it recomputes, with numpy only:

* ``gdp[R, T]`` = GDP[r, base] · Π (1 + g[r, t]) (as :func:`model.projection.activity.project_gdp`);
* ``amounts[row, T]`` = a[row, base] · f[row] · (D[r, t] / D[r, base]) ** e[rule], fleet turnover
  for vehicle stocks and committed additions (as :func:`model.projection.activity.project` and
  ``add``; f is the relative factor of inventory-table parameters);
* ``baseline[R, T, Q]`` = Σ_rows a · C[row, q] by region, less the non-fossil deduction of
  assessed energy (as :meth:`model.accounting.ledger.Ledger.totals`);
* each measure's source amount (a fixed linear map of the amounts, the unserved part of a
  service), hence ``potential`` and ``floor`` = share(y) · source / source_per_unit, with the
  potential shares interpolated between the catalogue's years, and ``pool_capacity``;
* each measure's ``effect`` and energy costs: they depend on the amounts only through the split
  of a change over its source rows (weights s_i = a_i/Σa, or tce shares for ``activity_mix``) and
  the non-fossil margin. For a fixed margin the effect is affine in each split, so
  ``f(s) = f(s*) + Σ_g Σ_i (s_gi − s*_gi) · f(s* with split g all on row i)``: the probes
  f(... row i ...) are computed once with the catalogue's own functions
  (:func:`model.projection.measures.effects_and_energy_cost`).

What this numpy path holds fixed, and checks per sample (:meth:`Upstream.compute` returns
``exact=False`` and the evaluator takes the exact ``derive()`` path instead): the non-fossil
margin regime of each year (local generation against use), which (measure, county) pairs can
apply at all, and that no split's total falls to zero. Measures whose splits share rows are
probed jointly only if their row sets are disjoint; otherwise their splits must scale
uniformly in the sample or it takes the exact path.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from model.sensitivity.declare import Param


@dataclass
class Computed:
    """Arrays of one sample (shapes of :class:`model.lp.index.Indexed`) and whether the numpy
    path holds (``exact``; ``reason`` says what moved otherwise)."""

    gdp: np.ndarray
    baseline: np.ndarray
    potential: np.ndarray
    floor: np.ndarray
    pool_capacity: np.ndarray
    effect: np.ndarray
    energy_added: np.ndarray
    energy_avoided: np.ndarray
    amounts: np.ndarray
    exact: bool
    reason: str = ""


@contextmanager
def _recording(store: list):
    """Record the row groups a measure's changes are split over (calls of
    ``_Context.source_rows`` made by ``_spread`` or by the ``activity_mix`` branch)."""
    from model.projection import measures as mm

    original = mm._Context.source_rows

    def wrapped(self, region, categories, activity):
        idx = original(self, region, categories, activity)
        caller = sys._getframe(1).f_code.co_name
        if caller in ("_spread", "effects_and_energy_cost"):
            store.append((caller, idx))
        return idx

    mm._Context.source_rows = wrapped
    try:
        yield
    finally:
        mm._Context.source_rows = original


class Upstream:
    """Numpy re-derivation of the upstream stages for one scenario (module docstring).

    Built from ``loaded`` (:class:`model.pipeline.Loaded`), ``prep`` (its central
    :class:`model.pipeline.Prepared`), ``ix`` (the central Indexed) and the parameters.
    """

    def __init__(self, loaded, prep, ix, params: list[Param]):
        from model.pipeline import _projection_rules
        from model.units import convert

        sc, led = loaded.scenario, loaded.ledger
        self.ix0 = ix
        self.params = params
        self.rows = led.rows
        self.regions = list(led.regions)
        self.years = list(sc.years)
        self.base = int(sc.base_year)
        self.T = [self.base, *self.years]
        self.dt = np.array([t - self.base for t in self.T], dtype=float)
        ri = {r: i for i, r in enumerate(self.regions)}
        self.row_region = self.rows["region"].map(ri).to_numpy()
        self.base_amount = self.rows["amount"].to_numpy(dtype=float)
        self.amounts0 = np.asarray(prep.amounts, dtype=float)
        # drivers
        g = loaded.gdp_base.set_index("region")["value"]
        self.gdp_base = np.array([float(g[r]) for r in self.regions])
        self.city_growth = {}
        self.own_growth = {}
        for item in sc.drivers.gdp_real_growth:
            rate = convert(item.value, item.unit, "dimensionless")
            if item.region in (None, ""):
                self.city_growth[int(item.year)] = rate
            else:
                self.own_growth[(item.region, int(item.year))] = rate
        self.pop = convert(sc.drivers.population_growth.value, sc.drivers.population_growth.unit,
                           "1/year")
        self.rules = _projection_rules(sc)
        self.rule_of = np.array([next(k for k, p in enumerate(self.rules)
                                      if p.selects(kind, cat, act))
                                 for kind, cat, act in zip(self.rows["kind"],
                                                           self.rows["category"],
                                                           self.rows["activity"], strict=True)])
        self.elasticity = np.array([p.elasticity for p in self.rules])
        self.survival = [dict(p.survival) for p in self.rules]
        self._fleets()
        self.additions = []
        for a in sc.activity_additions:
            hit = self.rows.index[(self.rows["region"] == a.region)
                                  & (self.rows["category"] == a.category)
                                  & (self.rows["activity"] == a.activity)]
            self.additions.append([int(hit[0]), int(a.year), convert(
                a.value, a.unit, self.rows["unit"].iloc[int(hit[0])])])
        # accounting
        self.C, qs = led.matrix()
        self.qs = qs
        self.q_ix = np.array([ix.quantities.index(q) if q in ix.quantities else -1 for q in qs])
        zero = np.zeros(len(self.rows))
        self.c_use = self.C[:, qs.index("electricity")] if "electricity" in qs else zero
        self.c_gen = self.C[:, qs.index("electricity_generation")] \
            if "electricity_generation" in qs else zero
        self.nf_gen = self.rows["activity"].isin(
            __import__("model.accounting.ledger", fromlist=["NON_FOSSIL"]).NON_FOSSIL).to_numpy()
        self.s_grid = led.electricity.grid_non_fossil
        self.deductions = set(led.rule.deductions)
        self.attribution = led.rule.attribution
        # hydrology cases and an export credit of existing plants only move amounts and the
        # baseline in ways this path does not redo: such scenarios take derive() per sample
        self.not_numpy = ""
        if sc.co2_accounting == "net_import" and sc.export_credit == "existing":
            self.not_numpy = "export_credit existing is derived exactly"
        from model.projection.activity import hydrology_factors

        # hydrology: the hydro rows' generation times each year's case factor (as derive())
        self.hydro = np.asarray(hydrology_factors(sc.hydrology, self.base, self.years,
                                                  "hydrology"), dtype=float)
        self.hydro_rows = ((self.rows["kind"] == "generation")
                           & (self.rows["activity"] == "hydro")).to_numpy()
        # baseline deregistration credits of load-reduction targets move with the old
        # trucks' amounts, which this path does not carry into the targets: exact path then
        from model.accounting.official import deregistration_rows

        t = prep.data.targets
        lr = t[t["kind"] == "load_reduction"]
        self.credit_rows = np.array(sorted({i for pair in deregistration_rows(led) for i in pair}),
                                    dtype=int) if len(lr) and \
            sc.load_accounting.baseline_deregistrations else np.zeros(0, dtype=int)
        self.k_tce = led.electricity_tce() if self.deductions & {"non_fossil",
                                                                 "renewable_increment"} else 0.0
        self.q_energy = qs.index("energy") if "energy" in qs else -1
        self.G = np.zeros((len(self.regions), len(self.rows)))
        self.G[self.row_region, np.arange(len(self.rows))] = 1.0
        self.regime0 = self._regimes(self.amounts0)
        self._sources(loaded, prep)
        self._effects(loaded, prep)

    # ------------------------------------------------------------------ projection
    def _fleets(self) -> None:
        from model.projection.activity import NEWEST_STANDARD

        groups: dict[tuple, list[int]] = {}
        for i, (k, act) in enumerate(zip(self.rule_of, self.rows["activity"], strict=True)):
            if self.survival[k]:
                vtype = act.rpartition(".")[0]
                groups.setdefault((k, self.row_region[i], vtype), []).append(i)
        self.fleets = []
        for (k, _r, _v), idx in groups.items():
            acts = [self.rows["activity"].iloc[i] for i in idx]
            newest = next(i for i, a in zip(idx, acts, strict=True)
                      if a.endswith("." + NEWEST_STANDARD))
            others = [(i, a.rpartition(".")[2]) for i, a in zip(idx, acts, strict=True)
                      if i != newest]
            self.fleets.append((k, np.array(idx), newest, others))
        self.fleet_rows = np.array(sorted(i for f in self.fleets for i in f[1]), dtype=int)

    def gdp(self, city: dict, own: dict) -> np.ndarray:
        """GDP [R, T] from growth rates (fractions) by year, city-wide and by region."""
        last = max(self.years)
        out = np.zeros((len(self.regions), len(self.T)))
        for j, r in enumerate(self.regions):
            level = self.gdp_base[j]
            out[j, 0] = level
            for year in range(self.base + 1, last + 1):
                level *= 1.0 + own.get((r, year), city.get(year))
                if year in self.years:
                    out[j, self.T.index(year)] = level
        return out

    def project(self, gdp: np.ndarray, pop: float, e: np.ndarray, surv: list[dict],
                factor: np.ndarray, additions: list) -> np.ndarray:
        """amounts [row, T] (module docstring)."""
        ratios = {"gdp": gdp / gdp[:, :1], "population": np.tile((1.0 + pop) ** self.dt,
                                                                 (len(self.regions), 1)),
                  "flat": np.ones((len(self.regions), len(self.T)))}
        base = self.base_amount * factor
        drivers = [p.driver for p in self.rules]
        out = np.empty((len(self.rows), len(self.T)))
        for k, d in enumerate(drivers):
            mask = self.rule_of == k
            if mask.any():
                out[mask] = base[mask, None] * ratios[d][self.row_region[mask]] ** e[k]
        for k, idx, newest, others in self.fleets:
            r = self.row_region[idx[0]]
            total = base[idx].sum() * ratios[drivers[k]][r] ** e[k]
            kept = np.zeros(len(self.T))
            for i, std in others:
                out[i] = base[i] * surv[k].get(std, 1.0) ** self.dt
                kept += out[i]
            out[newest] = np.maximum(total - kept, 0.0)
        for i, year, v in additions:
            out[i, [t for t, y in enumerate(self.T) if y >= year]] += v
        if np.any(self.hydro != 1.0):
            out[self.hydro_rows] *= self.hydro[None, :]
        served, total = self._service_pairs()
        if len(served):  # as model.projection.activity.cap_services: served <= its total
            out[served] = np.minimum(out[served], out[total])
        return out

    def _service_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(served rows, their total rows) of the ledger (as activity.cap_services)."""
        if not hasattr(self, "_pairs"):
            from model.services import SERVICE_TOTALS

            rows = self.rows[["region", "activity", "kind"]].itertuples(index=False)
            rows = list(rows)
            total_of = {(r, a): i for i, (r, a, k) in enumerate(rows) if k == "total"}
            pairs = [(i, total_of[(r, SERVICE_TOTALS[a])]) for i, (r, a, k) in enumerate(rows)
                     if k == "service" and (r, SERVICE_TOTALS.get(a)) in total_of]
            self._pairs = (np.array([p[0] for p in pairs], dtype=int),
                           np.array([p[1] for p in pairs], dtype=int))
        return self._pairs

    # ------------------------------------------------------------------ accounting
    def _non_fossil(self, a: np.ndarray) -> tuple[np.ndarray, bool]:
        """(non-fossil MWh consumed by region, local non-fossil generation exceeds use) for
        amounts ``a`` [rows] (the ledger's own :func:`attribute_non_fossil`)."""
        from model.accounting.ledger import attribute_non_fossil

        made = a * self.c_gen
        nf, _, exports = attribute_non_fossil(self.G @ (a * self.c_use), float(made.sum()),
                                              float(made[self.nf_gen].sum()), self.s_grid,
                                              self.attribution)
        return nf, exports

    def _regimes(self, amounts: np.ndarray) -> tuple[bool, ...]:
        if self.attribution == "grid_share":  # the margin is s_grid in every regime
            return ()
        return tuple(self._non_fossil(amounts[:, t])[1] for t in range(1, len(self.T)))

    def baseline(self, amounts: np.ndarray) -> np.ndarray:
        """baseline [R, T, Q of Indexed] (as ``Ledger.totals`` for each year)."""
        R, T = len(self.regions), len(self.T)
        out = np.zeros((R, T, len(self.ix0.quantities)))
        keep = self.q_ix >= 0
        nf0 = None
        for t in range(T):
            a = amounts[:, t]
            tot = self.G @ (a[:, None] * self.C)
            if self.q_energy >= 0 and self.k_tce:
                nf, _ = self._non_fossil(a)
                if "non_fossil" in self.deductions:
                    tot[:, self.q_energy] -= nf * self.k_tce
                else:
                    if nf0 is None:
                        nf0, _ = self._non_fossil(amounts[:, 0])
                    tot[:, self.q_energy] -= (nf - nf0) * self.k_tce
            out[:, t, self.q_ix[keep]] = tot[:, keep]
        return out

    # ------------------------------------------------------------------ sources, potentials
    def _sources(self, loaded, prep) -> None:
        from model.projection import measures as mm

        cat, ix = loaded.catalogue, self.ix0
        ctx = mm._Context(loaded.ledger, self.amounts0, self.years, self.base)
        M, R, Y = ix.potential.shape
        n = len(self.rows)
        self.src_own = np.zeros((M, R, n))
        self.src_served = np.zeros((M, R, n))
        self.src_clip = np.zeros(M, dtype=bool)
        self.spu = np.ones(M)
        pot = cat.potentials
        self.pot_share = pot["potential_share"].to_numpy(dtype=float)
        self.floor_share = pot["floor_share"].to_numpy(dtype=float)
        self.w_share = np.zeros((M, R, Y, len(pot)))  # share(y) = w · point values
        for mi, name in enumerate(ix.measures):
            m = cat.measures.loc[name]
            self.spu[mi] = float(m["source_per_unit"])
            cats = [c.strip() for c in str(m["source_category"]).split(";") if c.strip()]
            act, unit = str(m["source_activity"]).strip(), str(m["source_unit"]).strip()
            mine = np.flatnonzero((pot["measure"] == name).to_numpy())
            for ri, region in enumerate(self.regions):
                if cats == ["service"]:
                    served = mm.TOTALS.get(act)
                    own = ctx.source_rows(region, ["service"], act)
                    for i in own:
                        self.src_own[mi, ri, i] = ctx._per_unit(i, unit, name)
                    if served is not None:
                        for i in ctx.source_rows(region, ["service"], served):
                            self.src_served[mi, ri, i] = ctx._per_unit(i, unit, name)
                    self.src_clip[mi] = True
                else:
                    for i in ctx.source_rows(region, cats, act):
                        self.src_own[mi, ri, i] = ctx._per_unit(i, unit, name)
                regional = [k for k in mine if pot["region"].iloc[k] == region]
                use = regional or [k for k in mine if pot["region"].iloc[k] == ""]
                if not use:
                    continue
                use = sorted(use, key=lambda k: int(pot["year"].iloc[k]))
                xs = [self.base] + [int(pot["year"].iloc[k]) for k in use]
                for yi, y in enumerate(self.years):
                    for j, k in enumerate(use):
                        unit_v = np.zeros(len(use) + 1)
                        unit_v[j + 1] = 1.0
                        self.w_share[mi, ri, yi, k] = unit_v[-1] if y >= xs[-1] and \
                            j == len(use) - 1 else (0.0 if y >= xs[-1] else
                                                    float(np.interp(y, xs, unit_v)))
        # pools: capacity = share(pool, y) x source of the pool's first member
        self.pool_first = []
        self.pool_rows = []  # [(p, y) -> position in pools table or -1]
        pools = cat.pools
        self.pool_value = pools["capacity_share"].to_numpy(dtype=float) if len(pools) else \
            np.zeros(0)
        for p in ix.pools:
            members = cat.measures.index[cat.measures["pool"] == p]
            self.pool_first.append(ix.measures.index(members[0]))
            pos = []
            for y in self.years:
                with_year = np.flatnonzero(((pools["pool"] == p) & (pools["year"] == y))
                                           .to_numpy())
                every = np.flatnonzero(((pools["pool"] == p) & pools["year"].isna()).to_numpy())
                s = with_year if len(with_year) else every
                pos.append(int(s[0]) if len(s) else -1)
            self.pool_rows.append(pos)
        # regions of a pool: those where any member applies (as derive's source table)
        self.pool_mask = np.zeros(ix.pool_capacity.shape[:2], dtype=bool)
        for pi, p in enumerate(ix.pools):
            mem = [ix.measures.index(m) for m in cat.measures.index[cat.measures["pool"] == p]]
            self.pool_mask[pi] = ix.applicable[mem].any(axis=0)

    def source_amount(self, amounts: np.ndarray) -> np.ndarray:
        """Source amount [M, R, Y] in each measure's source unit."""
        a = amounts[:, 1:]  # [rows, Y]
        out = np.einsum("mrn,ny->mry", self.src_own, a) - np.einsum(
            "mrn,ny->mry", self.src_served, a)
        out[self.src_clip] = np.maximum(out[self.src_clip], 0.0)
        return out

    def potentials(self, src: np.ndarray, pot_share: np.ndarray, floor_share: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(potential, floor, applicable) [M, R, Y] for source amounts and share points."""
        sp = np.einsum("mryk,k->mry", self.w_share, pot_share)
        sf = np.einsum("mryk,k->mry", self.w_share, floor_share)
        applicable = (src * sp > 0).any(axis=2)
        pot = sp * src / self.spu[:, None, None]
        flo = sf * src / self.spu[:, None, None]
        mask = applicable[:, :, None]
        return np.where(mask, pot, 0.0), np.where(mask, flo, 0.0), applicable

    def pool_capacity(self, src: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = np.zeros_like(self.ix0.pool_capacity)
        for pi, first in enumerate(self.pool_first):
            for yi, pos in enumerate(self.pool_rows[pi]):
                share = values[pos] if pos >= 0 else 1.0
                have = self.pool_mask[pi] & self.ix0.applicable[first]
                out[pi, :, yi] = np.where(have, share * src[first, :, yi], 0.0)
        return out

    # ------------------------------------------------------------------ effects
    def _effects(self, loaded, prep) -> None:
        """Probe each (measure, county, year) split once (module docstring)."""
        from model.projection import measures as mm

        cat, ix = loaded.catalogue, self.ix0
        ctx = mm._Context(loaded.ledger, self.amounts0.copy(), self.years, self.base)
        qpos = {q: i for i, q in enumerate(ix.quantities)}
        Q = len(ix.quantities)
        g_rows, g_weight, g_id, probes, targets = [], [], [], [], []
        self.uniform_only = []  # (rows) that must scale uniformly
        gid = 0
        central = ctx.amounts.copy()

        def vec(eff, bought, saved):
            v = np.zeros(Q + 2)
            for q, val in eff.items():
                if q in qpos:
                    v[qpos[q]] += val
            v[Q], v[Q + 1] = bought, saved
            return v

        for mi, name in enumerate(ix.measures):
            m = cat.measures.loc[name]
            ch = cat.changes[cat.changes["measure"] == name]
            for ri, region in enumerate(self.regions):
                if not ix.applicable[mi, ri]:
                    continue
                for yi, y in enumerate(self.years):
                    t = yi + 1
                    store: list = []
                    with _recording(store):
                        f0 = vec(*mm.effects_and_energy_cost(ctx, name, m, ch, cat.prices,
                                                             region, y))
                    groups = {}
                    for caller, idx in store:
                        if len(idx) > 1:
                            groups[tuple(idx.tolist())] = caller
                    rowsets = [set(k) for k in groups]
                    disjoint = sum(len(s) for s in rowsets) == len(set().union(*rowsets)) \
                        if rowsets else True
                    if not disjoint:
                        for k in groups:
                            self.uniform_only.append((np.array(k), t))
                        continue
                    for key, caller in groups.items():
                        idx = np.array(key)
                        w = np.ones(len(idx)) if caller == "_spread" else np.array(
                            [ctx._per_unit(i, "tce", name) for i in idx])
                        a0 = central[idx, t] * w
                        if not a0.sum() > 0:
                            self.uniform_only.append((idx, t))
                            continue
                        for j, i in enumerate(idx):
                            ctx.amounts = central.copy()
                            ctx.amounts[idx, t] = 0.0
                            ctx.amounts[i, t] = 1.0
                            p = vec(*mm.effects_and_energy_cost(ctx, name, m, ch, cat.prices,
                                                                region, y))
                            g_rows.append(i)
                            g_weight.append(w[j])
                            g_id.append(gid)
                            probes.append(p)
                            targets.append((mi, ri, yi, t))
                        gid += 1
                        ctx.amounts = central.copy()
                    del f0
        self.g_rows = np.array(g_rows, dtype=int)
        self.g_weight = np.array(g_weight)
        self.g_id = np.array(g_id, dtype=int)
        self.n_groups = gid
        self.probes = np.array(probes).reshape(len(probes), Q + 2)
        tg = np.array(targets, dtype=int).reshape(len(targets), 4)
        self.p_m, self.p_r, self.p_y, self.p_t = tg.T if len(tg) else (np.zeros(0, int),) * 4
        self.s0 = self._shares(self.amounts0)

    def _shares(self, amounts: np.ndarray) -> np.ndarray:
        if not len(self.g_rows):
            return np.zeros(0)
        v = amounts[self.g_rows, self.p_t] * self.g_weight
        tot = np.bincount(self.g_id, weights=v, minlength=self.n_groups)
        return v / np.where(tot[self.g_id] > 0, tot[self.g_id], np.nan)

    # ------------------------------------------------------------------ per sample
    def compute(self, values: dict) -> Computed:
        """The arrays of one sample. ``values`` maps parameter name to the sampled number (as
        written; factors for ``scale: factor``); parameters of other stages are ignored."""
        city, own = dict(self.city_growth), dict(self.own_growth)
        pop = self.pop
        e = self.elasticity.copy()
        surv = [dict(s) for s in self.survival]
        factor = np.ones(len(self.rows))
        additions = [list(a) for a in self.additions]
        pot_share, floor_share = self.pot_share.copy(), self.floor_share.copy()
        pool_value = self.pool_value.copy()
        rule_pos = {p.name: k for k, p in enumerate(self.rules)}
        for p in self.params:
            if p.name not in values:
                continue
            v = float(values[p.name])
            if p.klass == "growth":
                rate = v * p.to_model
                if p.info["region"] in (None, ""):
                    city[p.info["year"]] = rate
                else:
                    own[(p.info["region"], p.info["year"])] = rate
            elif p.klass == "population":
                pop = v * p.to_model
            elif p.klass == "elasticity":
                e[rule_pos[p.info["rule"]]] = v * p.to_model
            elif p.klass == "survival":
                surv[rule_pos[p.info["rule"]]][p.info["standard"]] = v * p.to_model
            elif p.klass == "addition":
                for a in additions:
                    if a[0] == p.info["row"] and a[1] == p.info["year"]:
                        a[2] = v * p.to_model
            elif p.klass == "activity":
                factor[p.info["rows"]] *= v
            elif p.klass in ("potential_share", "floor_share", "pool_share"):
                arr = {"potential_share": pot_share, "floor_share": floor_share,
                       "pool_share": pool_value}[p.klass]
                rows = p.info["rows"]
                arr[rows] = v if p.scale == "value" else np.asarray(p.info["values"]) * v
        gdp = self.gdp(city, own)
        amounts = self.project(gdp, pop, e, surv, factor, additions)
        baseline = self.baseline(amounts)
        src = self.source_amount(amounts)
        pot, flo, applicable = self.potentials(src, pot_share, floor_share)
        pools = self.pool_capacity(src, pool_value)
        exact, reason = True, ""
        if self.not_numpy:
            exact, reason = False, self.not_numpy
        elif len(self.credit_rows) and not np.allclose(amounts[self.credit_rows],
                                                        self.amounts0[self.credit_rows],
                                                        rtol=1e-12, atol=0.0):
            exact, reason = False, "old trucks' amounts moved (deregistration credit)"
        elif self._regimes(amounts) != self.regime0:
            exact, reason = False, "the non-fossil margin changed regime"
        elif not np.array_equal(applicable, self.ix0.applicable):
            exact, reason = False, "the set of (measure, county) pairs that can apply changed"
        elif (flo > pot * (1 + 1e-12) + 1e-12).any():
            exact, reason = False, "a floor share above its potential share"
        effect = self.ix0.effect.copy()
        added, avoided = self.ix0.energy_added.copy(), self.ix0.energy_avoided.copy()
        if exact:
            for idx, t in self.uniform_only:
                r = amounts[idx, t] / np.where(self.amounts0[idx, t] > 0,
                                               self.amounts0[idx, t], np.nan)
                zero0 = self.amounts0[idx, t] == 0
                if np.any(amounts[idx, t][zero0] != 0) or (
                        np.nanmax(r) - np.nanmin(r) > 1e-12 * max(1.0, np.nanmax(r))):
                    exact, reason = False, "a split the numpy path cannot reweight moved"
                    break
        if exact and len(self.g_rows):
            s = self._shares(amounts)
            if not np.isfinite(s).all():
                exact, reason = False, "a split's total fell to zero"
            else:
                d = (s - self.s0)[:, None] * self.probes
                Q = len(self.ix0.quantities)
                np.add.at(effect, (self.p_m[:, None], np.arange(Q)[None, :],
                                   self.p_r[:, None], self.p_y[:, None]), d[:, :Q])
                np.add.at(added, (self.p_m, self.p_r, self.p_y), d[:, Q])
                np.add.at(avoided, (self.p_m, self.p_r, self.p_y), d[:, Q + 1])
        return Computed(gdp=gdp, baseline=baseline, potential=pot, floor=flo,
                        pool_capacity=pools, effect=effect, energy_added=added,
                        energy_avoided=avoided, amounts=amounts, exact=exact, reason=reason)
