"""One worker's model: built once, evaluated per sample, read back as arrays.

:class:`Evaluator` loads the scenario once (``pipeline.load``: every file read here and only
here), derives and compiles the central model, solves it, and then per sample:

1. maps the sampled numbers to the LP's arrays: LP-level parameters change ``Indexed`` arrays
   directly (cost rows through a precomputed map of the entries each row feeds, target values,
   the discount rate); upstream parameters go through the run's own derivation, compiled once
   (:class:`model.derivation.Derivation`, numpy per sample); a sample that changes the LP's
   shape (:class:`model.derivation.Recompile`), or a parameter of class
   ``scenario_other``/``catalogue_other``, takes the exact path: ``pipeline.derive`` on the
   loaded tables with the sample applied (no file is read again) — ``path`` says which;
2. ``reoptimise``: changes the compiled LP in place (:class:`~model.lp.inplace.InPlaceLP`)
   and re-solves from the central basis; an infeasible sample gets the elastic diagnosis of
   :mod:`model.lp.diagnose` (each target's shortfall and the least-shortfall plan, the plan
   ``peakplan run`` writes for it), its plan outputs are that plan's and its shortfalls are
   priced (:mod:`model.sensitivity.penalty`); its shadow prices are undefined (NaN, kept out
   of the indices by :mod:`model.sensitivity.analysis` and said to be conditional);
   ``fixed-plan``: evaluates the central plan under the sample's arrays (numpy, no solve);
3. returns one flat dict of outputs (:func:`output_names`).

Discrete factors (the accounting view, the hydrology case, a named grid-factor path) are applied
at the evaluator's boundary: a sample at the scenario's own level changes nothing; any other
level takes the exact path, ``pipeline.derive`` of the scenario with that level set (and the
ledger under the view's rule), as ``peakplan run --set`` with the same values derives it.

Outputs (units): ``feasible`` (1/0: every target met; fixed-plan: the plan fits the sample);
``cost_pv`` (CNY, present value to the base year of the plan's net cost plus the penalties of
its shortfalls: defined on every sample, so its indices are unconditional), ``cost_pv_plan``
(the plan's own net cost), ``penalty_pv`` (the penalties), ``cost_pv_feasible`` (the plan's
cost on the samples where every target is met, NaN elsewhere: its statistics are conditional
and labelled so), ``cost_pv_gross`` (gross outlay); ``annual_net``/``annual_gross`` (CNY/yr,
last model year, the plan's); ``price.<target>[.<year>]`` (the shadow price in its own unit,
see targets.csv; feasible samples only);
``met.<target>`` (1/0), ``shortfall.<target>`` and ``achieved.<target>`` (the target's unit:
fractions for intensity falls and service levels); ``co2.<year>`` (t CO2), ``energy.<year>``
(tce); ``peak_year`` (several model years); ``deploy.<family>`` (CNY/yr gross outlay of the
family in the last model year); fixed-plan only: ``plan_within_bounds`` (1/0: the plan fits the
sample's potentials, pools and service caps); ``self_paying`` (measures that pay for themselves
in the sample without an uptake cap or barrier cost, which ``peakplan run`` would refuse: the
sample is evaluated and counted, never dropped).
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from model.lp import kinds, readout
from model.lp.kinds.base import RowResult
from model.sensitivity.declare import ParameterSet

TOL = 1e-6


class Evaluator:
    """The model of one worker (module docstring). ``scenario`` path, ``overrides`` as for
    ``peakplan run --set``, ``mode`` reoptimise | fixed-plan; ``uncertainty`` a YAML file whose
    ``uncertainty`` list replaces the scenario's own (declarations kept beside a scenario);
    ``threads`` HiGHS threads, for worker processes only (None: HiGHS's default)."""

    def __init__(self, scenario, overrides=(), mode: str = "reoptimise",
                 uncertainty: str | None = None, threads: int | None = None):
        from model import pipeline
        from model.derivation import Derivation
        from model.errors import InputError
        from model.lp import compile_lp
        from model.lp.inplace import InPlaceLP
        from model.scenario import apply_override, compose, load_scenario
        from model.scenario import validate as validate_sc
        from model.sensitivity.declare import resolve
        from model.yamlio import load_yaml

        self.mode = mode
        self.sc = load_scenario(scenario, overrides)
        assert self.sc.path is not None  # load_scenario sets it (the file it read)
        raw, _ = compose(self.sc.path)  # the extends: chain resolved, as the run reads it
        for o in overrides:
            raw = apply_override(raw, o)
        if uncertainty:
            extra = load_yaml(Path(uncertainty))
            if not isinstance(extra, dict) or "uncertainty" not in extra or not set(extra) <= {
                    "uncertainty", "sensitivity"}:
                raise InputError(str(uncertainty), "keys " + repr(sorted(extra) if isinstance(
                    extra, dict) else type(extra).__name__), "a key 'uncertainty' holding the "
                    "list of uncertain parameters (and optionally 'sensitivity')")
            raw = {**raw, **extra}
            sc = validate_sc(raw, f"{self.sc.path} (+ {uncertainty})",
                             base_dir=self.sc.path.parent)
            self.sc = sc.model_copy(update={"path": self.sc.path})
        self.uncertainty_file = None if not uncertainty else {
            str(uncertainty): __import__("hashlib").sha256(Path(uncertainty).read_bytes())
            .hexdigest()}
        self.raw = raw
        self.loaded = pipeline.load(self.sc)
        self.pset: ParameterSet = resolve(self.sc, self.loaded, raw)
        self.derivation = Derivation(self.loaded)
        self.prep = pipeline.derive(self.loaded, self.derivation)
        self.compiled = compile_lp(self.prep.data)
        if threads:
            # a worker process: one HiGHS thread, as workers run side by side and several
            # HiGHS pools on one machine spin against each other. HiGHS refuses a thread
            # count that differs from the pool already started in the process, so the pool
            # is reset first (nothing else solves in a worker).
            import highspy

            highspy.Highs.resetGlobalScheduler(True)
            self.compiled.model.highs.setOptionValue("threads", int(threads))
        self.lean = InPlaceLP(self.compiled)
        self.ix0 = self.compiled.ix
        self.upstream = any(p.stage == "upstream" or p.klass in (
            "potential_share", "floor_share", "pool_share") for p in self.pset.params)
        self._maps()
        self._cost_map()
        self._targets()
        from model.sensitivity.penalty import penalties

        self.penalties = penalties(self.compiled, self.t_records, self.sc.sensitivity)
        info = self.ix0.measure_info.reindex(list(self.ix0.measures))
        cat = self.loaded.catalogue
        barrier = set(cat.costs.loc[cat.costs["item"] == "barrier", "measure"])
        self.unchecked = np.array([np.isnan(float(c)) and m not in barrier for m, c in zip(
            self.ix0.measures, info["max_build_share"], strict=True)])
        self.families = sorted(set(self.ix0.measure_info["family"]))
        self.fam_of = np.array([self.families.index(f) for f in self.ix0.measure_info[
            "family"].reindex(list(self.ix0.measures))])
        values, row_value, row_dual = self.lean.values0
        self.plan0 = values.copy()
        self._recs = None
        self.cold_retries = 0
        self.central = self._read(self.ix0, values, row_value, row_dual, path="central")

    # ------------------------------------------------------------------ maps
    def _cost_map(self) -> None:
        """For each cost parameter: the (item array, measure, years, value as written, factor
        to the model's unit) its rows feed, as :func:`model.projection.measures._cost_items`
        selects rows by year (the sampled number is in the row's own unit)."""
        cat = self.loaded.catalogue
        self.cost_entries = {}
        for p in self.pset.params:
            if p.klass != "cost":
                continue
            entries = []
            costs = cat.costs
            for pos, v in zip(p.info["rows"], p.info["values"], strict=True):
                row = costs.iloc[pos]
                name, item = row["measure"], row["item"]
                mapped = {"barrier": "om", "residual": "capital"}.get(item, item)
                mine = costs[(costs["measure"] == name) & (costs["item"] == item)]
                vals: dict[int | None, int] = {}
                for label, r in mine.iterrows():
                    key = None if r["year"] is None or (isinstance(r["year"], float)
                                                         and math.isnan(r["year"])) \
                        else int(r["year"])
                    vals[key] = int(costs.index.get_loc(label))  # the last row wins
                ys = []
                for yi, y in enumerate(self.ix0.years):
                    sel: int | None
                    if y in vals:
                        sel = vals[y]
                    elif None in vals:
                        sel = vals[None]
                    else:
                        earlier = [k for k in vals if k is not None and k < y]
                        sel = vals[max(earlier)] if earlier else None
                    if sel == pos:
                        ys.append(yi)
                f = float(row["to_canonical"]) if "to_canonical" in costs.columns else 1.0
                entries.append((mapped, self.ix0.m(name), ys, float(v), f))
            self.cost_entries[p.name] = entries

    def _targets(self) -> None:
        lp = self.compiled.lp
        t = self.ix0.targets
        self.t_records = t.to_dict("records")
        self.t_info = {r["target"]: r for r in self.t_records}
        self.t_rows = [(k, int(i), tid, int(y)) for k, (i, tid, y) in enumerate(zip(
            lp.target_rows, lp.row_target, lp.row_year, strict=True))]
        self.multi = {tid: sum(1 for r in self.t_rows if r[2] == tid) > 1 for tid in
                      self.t_info}

    # ------------------------------------------------------------------ arrays of a sample
    def indexed(self, values: dict):
        """(Indexed, changed fields, path) of one sample: ``values`` maps parameter name to
        the sampled number. path is ``fast`` or ``derive: <reason>``."""
        ix, changed, path, recs = self._indexed(values)
        if recs is not None:
            ix = ix.with_arrays(targets=self._frame(recs))
        return ix, changed, path

    def _frame(self, recs: list[dict]):
        t = self.ix0.targets.copy()
        t["value"] = [r["value"] for r in recs]
        if "param" in t.columns:  # the deregistration credit of a load-reduction row
            t["param"] = [r.get("param") for r in recs]
        if "response" in t.columns:
            t["response"] = [r.get("response") for r in recs]
        return t

    def _indexed(self, values: dict):
        """As :meth:`indexed`, with target values as records (no DataFrame in the hot loop):
        (Indexed, changed, path, target records or None)."""
        ps = self.pset.params
        if any(p.stage == "derive" for p in ps):
            return (self.exact_indexed(values), {"*"}, "derive: a parameter without a numpy "
                    "path", None)
        moved = [p for p in ps if p.stage == "discrete" and p.moved(values[p.name])]
        if moved:
            return (self.exact_indexed(values), {"*"}, "derive: a discrete factor away from "
                    "the scenario's own level", None)
        ix = self.ix0
        changes: dict = {}
        recs_credit = None
        if self.upstream:
            from model.derivation import Recompile

            try:
                changes, recs_credit = self.upstream_arrays(values)
            except Recompile as exc:
                return self.exact_indexed(values), {"*"}, f"derive: {exc.reason}", None
        recs, air = recs_credit, False
        for p in ps:
            v = float(values[p.name])
            if p.klass == "discount_rate":
                changes["discount_rate"] = v * p.to_model
            elif p.klass == "target":
                if recs is None:
                    recs = [dict(r) for r in self.t_records]
                for r in recs:
                    if r["target"] == p.info["target"]:
                        r["value"] = v * p.to_model
            elif p.klass == "air_quality":  # the concentration rows' source-receptor record
                if recs is None:
                    recs = [dict(r) for r in self.t_records]
                _air_quality(recs, p, v * p.to_model)
                air = True
            elif p.klass == "cost":
                for field, m, ys, v0, f in self.cost_entries[p.name]:
                    arr = changes.get(field)
                    if arr is None:
                        arr = getattr(ix, field).copy()
                        changes[field] = arr
                    new = v if p.scale == "value" else v0 * v
                    mask = ix.applicable[m]
                    for yi in ys:
                        arr[m, mask, yi] += new * f - v0 * f
        changed = {k for k, a in changes.items()
                   if not (isinstance(a, np.ndarray) and np.array_equal(a, getattr(ix, k)))}
        changes = {k: changes[k] for k in changed}
        if recs is not None:
            changed.add("targets")
        if air:
            changed.add("response")  # the concentration rows' coefficients change
        return (ix.with_arrays(**changes) if changes else ix), changed, "fast", recs

    # ------------------------------------------------------------------ upstream
    def _maps(self) -> None:
        """Positions of the derivation's index sets in the LP's (measures, quantities,
        pools): the evaluation's arrays are placed by them."""
        ix, d = self.ix0, self.derivation
        cm = d.compiled
        self.m_of = np.array([cm.measures.index(m) for m in ix.measures], dtype=int)
        qi = {q: i for i, q in enumerate(ix.quantities)}
        self.q_base = [(qi[q], k) for k, q in enumerate(d.quantities) if q in qi]
        self.q_eff = [(qi[q], k) for k, q in enumerate(cm.quantities) if q in qi]
        self.q_eff_missing = [k for k, q in enumerate(cm.quantities) if q not in qi]
        self.p_of = [(pi, cm.pools.index(p)) for pi, p in enumerate(ix.pools)]
        self.p_missing = [k for k, p in enumerate(cm.pools) if p not in ix.pools]
        t = ix.targets
        self.credit_targets = bool(len(t) and kinds.where(t, lambda k: k.credit).any()
                                   and self.sc.load_accounting.baseline_deregistrations)
        if self.credit_targets:
            from model.accounting.official import deregistration_rows

            self.credit_pairs = deregistration_rows(d.ledger)
            T = [ix.base_year, *ix.years]
            self.credit_rows = [(k, r["quantity"], T.index(int(r["year"])))
                                for k, r in enumerate(t.to_dict("records"))
                                if kinds.KINDS[r["kind"]].credit]

    def inputs(self, values: dict):
        """The derivation's :class:`model.derivation.Inputs` of a sample (parameters of other
        stages are ignored)."""
        import dataclasses

        inp = self.derivation.inputs.copy()
        pos = {r.name: k for k, r in enumerate(inp.rules)}
        for p in self.pset.params:
            if p.name not in values:
                continue
            v = float(values[p.name])
            if p.klass == "growth":
                rate = v * p.to_model
                if p.info["region"] in (None, ""):
                    inp.city_growth[p.info["year"]] = rate
                else:
                    inp.own_growth[(p.info["region"], p.info["year"])] = rate
            elif p.klass == "population":
                inp.population_growth = v * p.to_model
            elif p.klass == "elasticity":
                k = pos[p.info["rule"]]
                inp.rules[k] = dataclasses.replace(inp.rules[k], elasticity=v * p.to_model)
            elif p.klass == "survival":
                k = pos[p.info["rule"]]
                surv = {**inp.rules[k].survival, p.info["standard"]: v * p.to_model}
                inp.rules[k] = dataclasses.replace(inp.rules[k], survival=surv)
            elif p.klass == "addition":
                for a in inp.additions:
                    if a[0] == p.info["row"] and a[1] == p.info["year"]:
                        a[2] = v * p.to_model
            elif p.klass == "activity":
                inp.activity_factor[p.info["rows"]] *= v
            elif p.klass in ("potential_share", "floor_share", "pool_share"):
                arr = {"potential_share": inp.potential_share, "floor_share": inp.floor_share,
                       "pool_share": inp.pool_share}[p.klass]
                rows = p.info["rows"]
                arr[rows] = v if p.scale == "value" else np.asarray(p.info["values"]) * v
        return inp

    def upstream_arrays(self, values: dict):
        """(Indexed fields, target records with the sample's deregistration credits or None)
        of a sample's upstream parameters: one evaluation of the run's own derivation
        (:meth:`model.derivation.Derivation.evaluate`), placed on the LP's index sets. Raises
        :class:`model.derivation.Recompile` where the sample changes the LP's shape (which
        pairs apply, a quantity or pool the central LP does not hold) or sets a floor above
        its potential (the run's own checks then judge it)."""
        from model.derivation import Recompile

        ix = self.ix0
        ev = self.derivation.evaluate(self.inputs(values))
        arr = ev.measures
        m = self.m_of
        if not np.array_equal(arr.applicable[m], ix.applicable):
            raise Recompile("the set of (measure, county) pairs that can apply changed")
        if self.q_eff_missing and np.any(arr.effect[:, :, self.q_eff_missing]):
            raise Recompile("a measure moves a quantity the central LP does not hold")
        if self.p_missing and np.any(arr.pool_regions[self.p_missing]):
            raise Recompile("a pool the central LP does not hold has capacity")
        if (arr.floor > arr.potential * (1 + 1e-12) + 1e-12).any():
            raise Recompile("a floor share above its potential share")
        baseline = ix.baseline.copy()
        for qi, k in self.q_base:
            baseline[:, :, qi] = ev.baseline[:, :, k]
        effect = np.zeros_like(ix.effect)
        for qi, k in self.q_eff:
            effect[:, qi] = arr.effect[m, :, k]
        pools = np.zeros_like(ix.pool_capacity)
        for pi, k in self.p_of:
            pools[pi] = arr.pool_capacity[k]
        changes = dict(gdp=ev.gdp, baseline=baseline, potential=arr.potential[m],
                       floor=arr.floor[m], pool_capacity=pools, effect=effect,
                       energy_added=arr.energy_added[m], energy_avoided=arr.energy_avoided[m])
        recs = None
        if self.credit_targets:  # the run's own credit (model.accounting.official.credits)
            from model.accounting.official import deregistration_credit

            recs = [dict(r) for r in self.t_records]
            for k, q, t in self.credit_rows:
                recs[k]["param"] = float(deregistration_credit(
                    self.derivation.ledger, ev.amounts, q, self.credit_pairs)[t])
        return changes, recs

    def exact_indexed(self, values: dict):
        """The reference: ``pipeline.derive`` of the loaded tables with the sample applied
        (scenario values through ``--set``'s own override, catalogue cells, ledger rows),
        indexed. Raises InputError if the sample changes the LP's index sets."""
        import copy

        from model import pipeline
        from model.accounting.rules import rule
        from model.errors import InputError
        from model.lp.data import validate
        from model.lp.index import index
        from model.scenario import apply_override
        from model.scenario import validate as validate_sc
        from model.sensitivity.declare import _set, _view

        raw = self.raw
        cat = self.loaded.catalogue
        tables = {}
        led = self.loaded.ledger
        rows = None
        view = None
        for p in self.pset.params:
            v = float(values[p.name])
            if p.stage == "discrete":
                if not p.moved(v):
                    continue
                level = p.info["values"][round(v)]
                if p.klass == "view":
                    view = _view(level)
                else:
                    raw = _set(raw, p.path, level)
            elif p.path:
                raw = apply_override(raw, f"{'.'.join(p.path)}={v!r}")
            elif p.info.get("table"):
                t = p.info["table"]
                if t not in tables:
                    tables[t] = getattr(cat, t).copy()
                df = tables[t]
                col = df.columns.get_loc(p.info["column"])
                for pos, v0 in zip(p.info["rows"], p.info["values"], strict=True):
                    df.iat[pos, col] = v if p.scale == "value" else v0 * v
            elif p.klass == "activity":
                if rows is None:
                    rows = led.rows.copy()
                rows.loc[p.info["rows"], "amount"] = rows.loc[p.info["rows"], "amount"] * v
        assert self.sc.path is not None  # load_scenario sets it (the file it read)
        sc = validate_sc(raw, str(self.sc.path), base_dir=self.sc.path.parent)
        sc = sc.model_copy(update={"path": self.sc.path})
        if view is not None:  # as model.views counts a view: its rule and hydrology case
            from model.views import _view_scenario

            sc = _view_scenario(sc, view)
        cat2 = replace(cat, **tables) if tables else cat
        if rows is not None:
            led = copy.copy(led)
            led.rows = rows
        r = rule(sc.co2_accounting, sc.co2_processes, sc.electricity_equivalence,
                 sc.energy_deductions, where=str(sc.path), attribution=sc.non_fossil_attribution,
                 export_credit=sc.export_credit)
        if r != led.rule:
            led = led.with_rule(r)
        loaded = replace(self.loaded, scenario=sc, catalogue=cat2, ledger=led)
        data = pipeline.derive(loaded, check_self_paying=False).data
        validate(data)
        ix = index(data)
        same = (ix.measures == self.ix0.measures and ix.regions == self.ix0.regions
                and ix.years == self.ix0.years and ix.quantities == self.ix0.quantities
                and ix.pools == self.ix0.pools
                and np.array_equal(ix.applicable, self.ix0.applicable))
        if not same:
            raise InputError("uncertainty sample", "values that change which measures, "
                             "counties, quantities or pools the LP holds",
                             "ranges within which the model keeps its shape")
        return ix

    # ------------------------------------------------------------------ evaluate
    def evaluate(self, values: dict) -> dict:
        """Outputs of one sample (module docstring)."""
        ix, changed, path, recs = self._indexed(values)
        if "*" in changed:
            changed = {"capital", "floor", "baseline", "effect", "targets"}
            recs = ix.targets.to_dict("records")
        self._recs = recs
        if self.mode == "fixed-plan":
            return self._fixed(ix, changed, path)
        self.lean.load(ix, changed, recs)
        status = self.compiled.model.run()
        if status not in ("optimal", "infeasible"):
            # HiGHS may stop warm-started simplex with status Unknown: solve once more cold
            self.compiled.model.highs.clearSolver()
            status = self.compiled.model.run()
            self.cold_retries += 1
            path += "; solved cold after a warm start ended Unknown"
        if status == "optimal":
            values_, row_value, row_dual = self.compiled.model.values()
            return self._read(ix, values_, row_value, row_dual, path)
        if status == "infeasible":
            if recs is not None and ix.targets is self.ix0.targets:
                ix = ix.with_arrays(targets=self._frame(recs))
                self.compiled.ix = ix
            return self._infeasible(ix, path)
        from model.errors import SolverError

        raise SolverError(f"HiGHS ended a sample with '{status}'")

    def _totals(self, ix, x):
        base = ix.baseline.sum(axis=0)  # [T, Q]
        out = {}
        for q, name in (("CO2", "co2"), ("energy", "energy")):
            if q not in ix.quantities:
                continue
            qi = ix.q(q)
            red = np.einsum("mry,mry->y", ix.effect[:, qi], x)
            vals = base[1:, qi] - red
            for yi, y in enumerate(ix.years):
                out[f"{name}.{y}"] = float(vals[yi])
            if q == "CO2" and len(ix.years) > 1:
                series = np.concatenate([[base[0, qi]], vals])
                out["peak_year"] = float(([ix.base_year, *ix.years])[int(np.argmax(series))])
        return out

    def _plan(self, values):
        cols = self.lean.cols
        x = np.where(cols.x >= 0, values[np.maximum(cols.x, 0)], 0.0)
        b = np.where(cols.build >= 0, values[np.maximum(cols.build, 0)], 0.0)
        return x, b

    def _costs(self, ix, x, b) -> dict:
        from model.lp.families import objective

        items = objective.annual_cost(ix, x, b)
        W = ix.period_pv
        out = {"cost_pv": math.nan, "cost_pv_plan": float(np.einsum("mry,y->", items["net"], W)),
               "penalty_pv": math.nan, "cost_pv_feasible": math.nan,
               "cost_pv_gross": float(np.einsum("mry,y->", items["gross"], W)),
               "annual_net": float(items["net"][:, :, -1].sum()),
               "annual_gross": float(items["gross"][:, :, -1].sum())}
        fam = np.zeros(len(self.families))
        np.add.at(fam, self.fam_of, items["gross"][:, :, -1].sum(axis=1))
        for f, v in zip(self.families, fam, strict=True):
            out[f"deploy.{f}"] = float(v)
        return out

    def _target_outputs(self, ix, x, row_act: np.ndarray, scale: np.ndarray,
                        duals: np.ndarray | None, rhs: np.ndarray | None = None) -> dict:
        """met/shortfall/achieved of every target, the prices (``duals`` given) and
        ``penalty_pv``: the rows short priced (:mod:`model.sensitivity.penalty`; ``rhs`` the
        scaled row lower bounds, needed only where a row can be short)."""
        from model.lp import kinds
        from model.lp.solve import scenario_total
        from model.sensitivity.penalty import penalty_pv

        total = scenario_total(ix, x)
        recs = getattr(self, "_recs", None)
        tinfo = self.t_info if recs is None else {r["target"]: r for r in recs}
        out = {}
        worst: dict[str, float] = {}
        achieved: dict[str, float] = {}
        short_rows = []
        for _k, i, tid, year in self.t_rows:
            t = tinfo[tid]
            kind = kinds.get(t["kind"])
            s = scale[i]
            act = float(row_act[i]) / s
            a = kind.achieved(ix, t, year, RowResult(act, total))
            short = readout.shortfall(kind, float(t["value"]), a,
                                      tol=TOL * max(1.0, abs(float(t["value"]))))
            if short > 0 and rhs is not None:
                short_rows.append((t, year, max(0.0, float(rhs[i]) / s - act)))
            worst[tid] = max(worst.get(tid, 0.0), short)
            achieved[tid] = a if tid not in achieved else (
                max(achieved[tid], a) if kind.upper_limit else min(achieved[tid], a))
            if duals is not None:
                d = float(duals[i]) * s
                price = readout.shadow_price(ix, kind, t, year, d)
                key = f"price.{tid}" + (f".{year}" if self.multi[tid] else "")
                out[key] = price
        for tid in self.t_info:
            out[f"met.{tid}"] = float(worst.get(tid, 0.0) == 0.0)
            out[f"shortfall.{tid}"] = worst.get(tid, 0.0)
            out[f"achieved.{tid}"] = achieved.get(tid, math.nan)
        out["penalty_pv"] = penalty_pv(ix, short_rows, self.penalties)
        return out

    def self_paying(self, ix) -> float:
        """Measures that pay for themselves in this sample (net cost per unit < 0 in some
        county and year) with neither an uptake cap nor a barrier cost: bounded only by their
        potential (``peakplan run`` reports them as no-regret: ``measures.self_paying``)."""
        net = ix.crf[:, None, None] * ix.effective_capital + ix.opex
        bad = (net < 0).any(axis=2) & ix.applicable
        return float((bad.any(axis=1) & self.unchecked).sum())

    def _read(self, ix, values, row_value, row_dual, path: str) -> dict:
        x, b = self._plan(values)
        lp = self.compiled.model.lp
        out = {"feasible": 1.0, "path": path, "self_paying": self.self_paying(ix)}
        out.update(self._costs(ix, x, b))
        out.update(self._target_outputs(ix, x, row_value, lp.row_scale, row_dual,
                                        lp.row_lower))
        out.update(self._totals(ix, x))
        return _priced(out, self.t_info)

    def _infeasible(self, ix, path: str) -> dict:
        """Outputs of a sample no plan meets: the elastic diagnosis's least-shortfall plan
        (costs, totals, deployment), each target's shortfall and the penalties; no prices."""
        from model.errors import InputError
        from model.lp.diagnose import diagnose
        from model.sensitivity.penalty import penalty_pv

        # floats, and the sample's solve path (a str)
        out: dict[str, float | str] = dict.fromkeys(self.output_names(), math.nan)
        try:
            sol = diagnose(self.compiled)
        except InputError:
            # the sample's floors (mandates) do not fit its pools even with every target
            # dropped: no plan exists; no shortfall is defined, every target is unmet
            out.update(feasible=0.0, path=path + "; floors exceed pools (no plan)",
                       self_paying=self.self_paying(ix))
            for tid in self.t_info:
                out[f"met.{tid}"] = 0.0
            return out
        out.update(feasible=0.0, path=path, self_paying=self.self_paying(ix))
        x, b = _plan_of(ix, sol.levels)
        out.update(self._costs(ix, x, b))
        out.update(self._totals(ix, x))
        tinfo = self.t_info if self._recs is None else {r["target"]: r for r in self._recs}
        rows = []
        for r in sol.targets.itertuples():
            if r.status == "shortfall":
                rows.append((tinfo[r.target], int(r.year), max(0.0, float(r.rhs)
                                                                - float(r.reduction))))
        out["penalty_pv"] = penalty_pv(ix, rows, self.penalties)
        short = sol.targets.groupby("target")["shortfall"].max()
        ach = sol.targets.groupby("target")["achieved"]
        for tid in self.t_info:
            s = float(short.get(tid, 0.0))
            out[f"met.{tid}"] = float(s == 0.0)
            out[f"shortfall.{tid}"] = s
            out[f"achieved.{tid}"] = float(ach.min().get(tid, math.nan))
        return _priced(out, self.t_info)

    def _fixed(self, ix, changed, path: str) -> dict:
        c, lo, up, rlo, rup, A, scale = self.lean.plan_lp(ix, changed, self._recs)
        v = self.plan0
        x, b = self._plan(v)
        row_act = A @ v
        n = len(c) - len(self.compiled.lp.shortfall_col)
        tol = 1e-7
        other = np.ones(len(rlo), dtype=bool)
        other[self.compiled.lp.target_rows] = False
        within = bool(np.all(v[:n] <= up[:n] + tol * np.maximum(1, np.abs(up[:n])))
                      and np.all(v[:n] >= lo[:n] - tol * np.maximum(1, np.abs(lo[:n])))
                      and np.all((row_act <= rup + tol * np.maximum(1, np.abs(rup)))[other])
                      and np.all((row_act >= rlo - tol * np.maximum(1, np.abs(rlo)))[other]))
        out = {"feasible": float(within), "plan_within_bounds": float(within), "path": path,
               "self_paying": self.self_paying(ix)}
        out.update(self._costs(ix, x, b))
        out.update(self._target_outputs(ix, x, row_act, scale, None, rlo))
        out.update(self._totals(ix, x))
        return _priced(out, self.t_info)

    def output_names(self) -> list[str]:
        """Every output of this evaluator's mode, in a fixed order (``path`` excluded)."""
        return [k for k in self.central if k != "path"] if self.mode == "reoptimise" else \
            [k for k in self._fixed(self.ix0, set(), "central") if k != "path"]


def _priced(out: dict, targets) -> dict:
    """``cost_pv`` = the plan's cost + the penalties; ``cost_pv_feasible`` = the plan's cost
    where every target is met (and, fixed-plan, the plan fits), else NaN."""
    plan, pen = out["cost_pv_plan"], out["penalty_pv"]
    out["cost_pv"] = plan + pen
    ok = out["feasible"] == 1.0 and all(out[f"met.{t}"] == 1.0 for t in targets)
    out["cost_pv_feasible"] = plan if ok else math.nan
    return out


def _plan_of(ix, levels) -> tuple[np.ndarray, np.ndarray]:
    """x and build [M, R, Y] of a plan given as a Solution's ``levels`` table."""
    x = np.zeros(ix.potential.shape)
    b = np.zeros(ix.potential.shape)
    if len(levels):
        m = levels["measure"].map({k: i for i, k in enumerate(ix.measures)}).to_numpy()
        r = levels["region"].map({k: i for i, k in enumerate(ix.regions)}).to_numpy()
        y = levels["year"].astype(int).map({k: i for i, k in enumerate(ix.years)}).to_numpy()
        x[m, r, y] = levels["level"].to_numpy(dtype=float)
        b[m, r, y] = levels["build"].to_numpy(dtype=float)
    return x, b


def _air_quality(recs: list[dict], p, v: float) -> None:
    """Set one air-quality parameter (declare class ``air_quality``) in the ``response``
    record of every concentration target (:meth:`model.airquality.SourceReceptor.record`):
    the observed base-year mean, the background (every later point scaled with it, since the
    scenario declares its change in % of the base) or one precursor's share (the shares are
    normalised where used)."""
    for r in recs:
        rec = r.get("response")
        if getattr(kinds.KINDS.get(r.get("kind", "")), "value_type", "") != "ambient" or \
                not isinstance(rec, dict):
            continue
        rec = {**rec, "background": [list(b) for b in rec["background"]],
               "shares": dict(rec["shares"])}
        field = p.info["field"]
        if field == "observed":
            rec["observed"] = v
        elif field == "background":
            b0 = rec["background"][0][1]
            rec["background"] = [[y, v if b0 == 0 else b * v / b0]
                                 for y, b in rec["background"]]
        else:
            rec["shares"][p.info["precursor"]] = v
        r["response"] = rec
