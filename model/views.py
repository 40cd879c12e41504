"""Accounting views: every run also solves the other defensible ways of counting (issue #12).

Shaanxi's city-level rule for the CO2- and energy-intensity assessment was not found
(docs/ACCOUNTING.md §1-2), so the answer of a run is printed beside the answer under each view
below: feasible or not, the most each intensity target reaches on its own, the net cost and the
binding targets with their shadow prices (``views.csv``, the manifest's ``views``, a terminal
table). The answer's sentence (:func:`answer`) names the views it depends on.

* ``assessed``: net_import, grid_share, all plants credited: 电力调入调出 (发改气候〔2014〕
  1828号, 环气候函〔2018〕42号 附件1; recalled) + certificates (发改环资〔2024〕113号,
  发改能源〔2023〕1044号);
* ``new_plants_uncredited``: as assessed, committed new plants earn no export credit (the
  city-level rule is not in hand);
* ``consumption``: every MWh used at the provincial factor (公告2024年第12号);
* ``consumption_local``: consumption for CO2, local hydro as the city's own electricity first;
* ``territorial``: scope 1 (发改办气候〔2011〕1041号); ``territorial_local`` likewise with the
  physical local balance for energy;
* ``assessed_dry`` / ``assessed_wet``: assessed in a dry / wet year (the scenario's
  ``hydrology`` cases, when declared).

``net_import`` with ``local_first`` (the model's rule before #12) is no view: it counts the same
MWh twice (:func:`model.accounting.rules.double_counted`).

Cheap by construction: a view does not re-derive the scenario. The ledger is linear in the
rule's weights (:data:`model.accounting.grid.WEIGHTS`), so from the run's own ModelData

    CO2' = CO2 + (p' − p)·CO2_process + g·(u' − u)·electricity − g·(e'·G' − e·G)
    energy' = energy + deduction − deduction'          (baseline, by region and year)
    eff_CO2' = eff_CO2 + (p' − p)·eff_CO2_process + g·(u' − u)·eff_el − g·(e' − e)·eff_gen
    eff_energy' = eff_energy − k·(s' − s)·eff_el + (m' − m)·eff_gen

(u, e the use and generation weights of the CO2 rule, p processes counted, G the credited
generation — less the committed additions under ``existing`` — k tce/MWh, s the marginal
non-fossil share of use and m the generation margin of each year, :class:`Ledger`). A hydrology
case scales the hydro rows' generation. Where that does not hold (a grid-factor path, a
measure that changes fossil generation, hydrology by single years) the view is derived in
full. ``tests/unit/test_views.py`` checks the transformation against ``derive()``.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.accounting.grid import WEIGHTS
from model.accounting.ledger import NON_FOSSIL
from model.accounting.rules import rule
from model.errors import PeakplanError
from model.lp import compile_lp
from model.lp.diagnose import max_achievable
from model.lp.kinds import intensity
from model.pipeline import added_generation, derive, pv_cost
from model.prices import binding_text
from model.projection import activity
from model.results import targets_table


@dataclass(frozen=True)
class View:
    """One way of counting: CO2 rule, non-fossil attribution, export credit, hydrology case
    (None = the scenario's), and the documents it follows."""

    name: str
    co2: str
    attribution: str
    credit: str = "all"
    hydrology: str | None = None
    documents: str = ""


VIEWS = (
    View("assessed", "net_import", "grid_share", "all", None,
         "电力调入调出 (发改气候〔2014〕1828号; 环气候函〔2018〕42号附件1; recalled, "
         "not verified); "
         "non-fossil use by green certificate (发改环资〔2024〕113号), existing hydro's "
         "certificates go with the power (发改能源〔2023〕1044号)"),
    View("new_plants_uncredited", "net_import", "grid_share", "existing", None,
         "as assessed, committed new plants earn no export credit: Shaanxi's city-level "
         "CO2-intensity method was not found, so a new station dispatched by the provincial "
         "grid may count in the province's balance only"),
    View("consumption", "consumption", "grid_share", "all", None,
         "every MWh used at the provincial factor (生态环境部 国家统计局 公告2024年第12号: "
         "供核算电力消费的二氧化碳排放量时参考使用; GPC 2014 scope 2 location-based)"),
    View("consumption_local", "consumption", "local_first", "all", None,
         "as consumption for CO2; energy counts local hydro as the city's own primary "
         "electricity first (a physical energy balance, before 1044号's certificates)"),
    View("territorial", "territorial", "grid_share", "all", None,
         "scope 1 only (《省级温室气体清单编制指南（试行）》发改办气候〔2011〕1041号: 电力调入调出 "
         "reported as a separate item)"),
    View("territorial_local", "territorial", "local_first", "all", None,
         "scope 1 only; energy by the physical local balance"),
    View("assessed_dry", "net_import", "grid_share", "all", "dry",
         "assessed, hydropower in a dry year (scenario key hydrology, case dry)"),
    View("assessed_wet", "net_import", "grid_share", "all", "wet",
         "assessed, hydropower in a wet year (scenario key hydrology, case wet)"),
)

REFUSED_NOTE = ("net_import with local_first (the model's rule before issue #12) is not a view: "
                "it counts min(use, local hydro) twice, as a CO2 export and as local non-fossil "
                "use")
CITY_RULE_NOTE = ("Shaanxi's city-level assessment rule (which CO2 rule, whether new plants "
                  "earn an export credit) was not found: every view is shown")

COLUMNS = ["view", "this_run", "co2_accounting", "non_fossil_attribution", "export_credit",
           "hydrology", "status", "pv_cost_cny", "annual_cost_cny_per_yr", "binding_targets",
           "shortfall_targets", "intensity", "method", "seconds", "documents", "note"]


def _rule_of(sc) -> tuple[str, str, str]:
    credit = sc.export_credit if sc.co2_accounting == "net_import" else "all"
    return sc.co2_accounting, sc.non_fossil_attribution, credit


def applicable(sc) -> list[View]:
    """The views of :data:`VIEWS` a scenario can be counted under: hydrology views only when
    the scenario declares that case; a view whose rule the scenario's own deductions refuse is
    left out."""
    cases = set(sc.hydrology.cases) if sc.hydrology is not None else set()
    out = []
    for v in VIEWS:
        if v.hydrology is not None and v.hydrology not in cases:
            continue
        out.append(v)
    return out


def _is_run(v: View, sc) -> bool:
    own_case = sc.hydrology.case if sc.hydrology is not None else None
    return (v.co2, v.attribution, v.credit if v.co2 == "net_import" else "all") == _rule_of(sc) \
        and (v.hydrology is None or v.hydrology == own_case) and not (
            sc.hydrology is not None and sc.hydrology.years)


# ------------------------------------------------------------------ transformation

def _view_scenario(sc, v: View):
    upd = {"co2_accounting": v.co2, "non_fossil_attribution": v.attribution,
           "export_credit": v.credit if v.co2 == "net_import" else "all",
           "co2_processes": None}
    if v.hydrology is not None:
        upd["hydrology"] = sc.hydrology.model_copy(update={"case": v.hydrology, "years": {}})
    return sc.model_copy(update=upd)


def exact_data(loaded, v: View):
    """The view's ModelData by a full re-derivation (``pipeline.derive`` on the loaded tables
    with the view's rule; the reference the transformation is tested against)."""

    sc = _view_scenario(loaded.scenario, v)
    r = rule(sc.co2_accounting, sc.co2_processes, sc.electricity_equivalence,
             sc.energy_deductions, where=str(sc.path), attribution=sc.non_fossil_attribution,
             export_credit=sc.export_credit)
    led = loaded.ledger.with_rule(r)
    return derive(dataclasses.replace(loaded, scenario=sc, ledger=led)).data


def _fast_possible(prep, v: View, changes: pd.DataFrame | None = None) -> str:
    """'' when the linear transformation holds for view ``v``, else the reason it does not
    (``changes``: the catalogue's changes.csv, to find a measure that changes fossil
    generation, whose energy margin the transformation does not carry)."""

    sc = prep.scenario
    if sc.grid_factor_path:
        return "a grid-factor path"
    if sc.hydrology is not None and sc.hydrology.years:
        return "hydrology by year"
    if changes is not None and len(changes) and (
            (changes["category"].astype(str).str.strip() == "generation")
            & ~changes["activity"].astype(str).str.strip().isin(NON_FOSSIL)).any():
        return "a measure changes fossil generation"
    return ""


def _by_region_year(rows, values: np.ndarray, regions, T) -> pd.DataFrame:
    """Sum of ``values`` [rows, T] by region -> ``region, year, value``."""
    df = pd.DataFrame(values, columns=T)
    df["region"] = rows["region"].to_numpy()
    g = df.groupby("region").sum().reindex(regions, fill_value=0.0)
    out = g.reset_index().melt(id_vars="region", var_name="year", value_name="value")
    out["year"] = out["year"].astype(int)
    return out


def fast_data(prep, v: View, changes: pd.DataFrame | None = None):
    """The view's ModelData by the linear transformation of the module docstring, from the
    run's own prepared data (no re-derivation). Raises ValueError when it does not apply
    (:func:`_fast_possible`)."""

    why = _fast_possible(prep, v, changes)
    if why:
        raise ValueError(why)
    sc, led, data = prep.scenario, prep.ledger, prep.data
    vsc = _view_scenario(sc, v)
    r = rule(vsc.co2_accounting, vsc.co2_processes, vsc.electricity_equivalence,
             vsc.energy_deductions, attribution=vsc.non_fossil_attribution,
             export_credit=vsc.export_credit)
    vled = led.with_rule(r, coefficients=False)  # attribution and deductions only
    T = [sc.base_year, *data.years]
    g = led.electricity.factor
    u0, e0 = WEIGHTS[led.rule.co2]
    u1, e1 = WEIGHTS[r.co2]
    p0, p1 = float(led.rule.processes), float(r.processes)
    rows = led.rows
    amounts = np.asarray(prep.amounts, dtype=float)
    # hydrology: the view's case on the hydro rows
    h0 = activity.hydrology_factors(sc.hydrology, sc.base_year, data.years, "hydrology")
    h1 = activity.hydrology_factors(vsc.hydrology, sc.base_year, data.years, "hydrology")
    ratio = np.asarray(h1) / np.asarray(h0)
    amounts1 = activity.apply_hydrology(amounts, rows, list(ratio))
    C, qs = led.matrix()
    mwh_gen = C[:, qs.index("electricity_generation")] if "electricity_generation" in qs \
        else np.zeros(len(rows))
    gen0 = _by_region_year(rows, amounts * mwh_gen[:, None], led.regions, T)
    gen1 = _by_region_year(rows, amounts1 * mwh_gen[:, None], led.regions, T)

    def credited(gen, rule_, hyd):
        out = gen.copy()
        if rule_.co2 == "net_import" and rule_.export_credit == "existing":
            add = added_generation(sc, led, data.years, hyd)
            out = out.merge(add, on=["region", "year"], how="left")
            out["value"] -= out["mwh"].fillna(0.0)
            out = out.drop(columns="mwh")
        return out.set_index(["region", "year"])["value"]

    c0 = credited(gen0, led.rule, h0)
    c1 = credited(gen1, r, h1)
    base = data.baseline.copy()
    piv = base.pivot_table(index=["region", "year"], columns="quantity", values="value",
                           aggfunc="sum").fillna(0.0)
    idx = piv.index
    zero = pd.Series(0.0, index=idx)
    use = piv.get("electricity", zero)
    proc = piv.get("CO2_process", zero) + piv.get("CO2_waste", zero)  # non-energy CO2
    dgen = (gen1.set_index(["region", "year"])["value"] - gen0.set_index(["region", "year"])
            ["value"]).reindex(idx, fill_value=0.0)
    d_co2 = (p1 - p0) * proc + g * (u1 - u0) * use - g * (
        e1 * c1.reindex(idx, fill_value=0.0) - e0 * c0.reindex(idx, fill_value=0.0))
    d_energy = pd.Series(0.0, index=idx)
    share0, share1, gm0, gm1 = {}, {}, {}, {}
    for t, y in enumerate(T):
        ded0 = led.deduction_tce(amounts[:, t], amounts[:, 0])
        ded1 = vled.deduction_tce(amounts1[:, t], amounts1[:, 0])
        for ri, reg in enumerate(led.regions):
            d_energy[(reg, y)] = ded0[ri] - ded1[ri]
        if t:
            share0[y] = -led.electricity_marginal(amounts[:, t])
            share1[y] = -vled.electricity_marginal(amounts1[:, t])
            gm0[y] = led.generation_marginal(amounts[:, t])
            gm1[y] = vled.generation_marginal(amounts1[:, t])
    # CO2e holds CO2 as the rule counts it (issue #14): it moves with it
    changes = {"CO2": d_co2, "CO2e": d_co2, "energy": d_energy,
               "electricity_generation": dgen}
    for q, d in changes.items():
        hit = base["quantity"] == q
        key = pd.MultiIndex.from_frame(base.loc[hit, ["region", "year"]])
        # as floats: a change Series can arrive as objects (the made-up city's), which pandas 3
        # refuses to set into the float column
        base.loc[hit, "value"] = base.loc[hit, "value"].to_numpy(dtype=float) + d.reindex(
            key, fill_value=0.0).to_numpy(dtype=float)
    # effects
    eff = data.effects
    ep = eff.pivot_table(index=["measure", "region", "year"], columns="quantity",
                         values="value", aggfunc="sum").fillna(0.0)
    z = pd.Series(0.0, index=ep.index)
    e_el = ep.get("electricity", z)
    e_gen = ep.get("electricity_generation", z)
    e_proc = ep.get("CO2_process", z) + ep.get("CO2_waste", z)
    years = ep.index.get_level_values("year")
    ds = np.array([share1[y] - share0[y] for y in years])
    dm = np.array([gm1[y] - gm0[y] for y in years])
    d_eff_co2 = (p1 - p0) * e_proc + g * (u1 - u0) * e_el - g * (e1 - e0) * e_gen
    new = {"CO2": d_eff_co2, "CO2e": d_eff_co2, "energy": -ds * e_el + dm * e_gen}
    add = []
    for q, d in new.items():
        d = np.asarray(d, dtype=float)
        old = ep[q].to_numpy() if q in ep.columns else np.zeros(len(ep))
        total = old + d
        # a sum that cancels to rounding (|total| below 1e-9 of its parts) is exactly zero,
        # as the derivation would write it (no coefficient; lp/scaling refuses 1e-18 entries)
        total[np.abs(total) <= 1e-9 * (np.abs(old) + np.abs(d))] = 0.0
        changed = (d != 0.0)
        if changed.any():
            add.append((q, pd.Series(total[changed], index=ep.index[changed])))
    for q, s in add:
        key = pd.MultiIndex.from_frame(eff[["measure", "region", "year"]])
        hit = (eff["quantity"] == q).to_numpy() & key.isin(s.index)
        eff = eff[~hit]
        eff = pd.concat([eff, s.rename("value").reset_index().assign(quantity=q)],
                        ignore_index=True)
    eff = eff[eff["value"] != 0.0].reset_index(drop=True)[["measure", "quantity", "region",
                                                           "year", "value"]]
    return dataclasses.replace(data, baseline=base, effects=eff)


# ------------------------------------------------------------------ solving

def _intensity(sol, ix) -> list[dict]:
    """For each intensity target row: required, achieved and the most it reaches on its own
    (fractions)."""
    t = sol.targets
    rows = t[t["kind"] == intensity.KIND.name] if len(t) else t
    if not len(rows):
        return []
    best = dict(zip(zip(rows["target"], rows["year"].astype(int), strict=True),
                    rows["max_achievable"], strict=True)) \
        if "max_achievable" in rows.columns and rows["max_achievable"].notna().all() else None
    return [{"target": r.target, "year": int(r.year), "required": float(r.required),
             "achieved": float(r.achieved),
             "max": float(best[(r.target, int(r.year))]) if best else None}
            for r in rows.itertuples()]


def solve_views(loaded, prep, solved, transform=None) -> tuple[pd.DataFrame, dict]:
    """Solve every applicable view (:func:`applicable`) of the prepared scenario and return
    the table (:data:`COLUMNS`) and the manifest entry. ``solved`` is the run's own solve (its
    view is not solved again); ``transform`` maps a view's ModelData as the run's was mapped
    (e.g. ``--peak-year``). The most each intensity target reaches alone is
    :func:`model.lp.diagnose.max_achievable` (every other target dropped)."""

    sc = prep.scenario
    rows = []
    t_all = time.perf_counter()
    for v in applicable(sc):
        t0 = time.perf_counter()
        own = _is_run(v, sc)
        method, note = "this run", ""
        try:
            if own:
                compiled, sol = solved.compiled, solved.solution
            else:
                try:
                    data = fast_data(prep, v, loaded.catalogue.changes)
                    method = "transformed"
                except ValueError as why:
                    data = exact_data(loaded, v)
                    method, note = "derived", f"derived in full: {why}"
                if transform is not None:
                    data = transform(data)
                compiled = compile_lp(data)
                sol = compiled.solve()
            tt = targets_table(sol, compiled.ix, compiled.lp)
            inten = _intensity(sol, compiled.ix)
            if inten and inten[0]["max"] is None:
                best = max_achievable(compiled, only={i["target"] for i in inten})
                for i in inten:
                    i["max"] = best.get((i["target"], i["year"]))
            rows.append({
                "view": v.name, "this_run": own, "co2_accounting": v.co2,
                "non_fossil_attribution": v.attribution,
                "export_credit": v.credit if v.co2 == "net_import" else "",
                "hydrology": v.hydrology or (sc.hydrology.case if sc.hydrology else "design"),
                "status": sol.status, "pv_cost_cny": pv_cost(sol, compiled.ix),
                "annual_cost_cny_per_yr": sol.annual_cost,
                # an infeasible view has no prices: its plan is the least-shortfall one
                "binding_targets": binding_text(tt) if sol.status == "optimal" else "",
                "shortfall_targets": " ".join(sorted(set(tt.loc[tt["status"] == "shortfall",
                                                                "target"]))),
                "intensity": "; ".join(
                    f"{i['target']} {i['year']}: required {100 * i['required']:.1f} %, "
                    f"achieved {100 * i['achieved']:.1f} %, most {100 * i['max']:.1f} %"
                    for i in inten if i["max"] is not None),
                "method": method, "seconds": round(time.perf_counter() - t0, 3),
                "documents": v.documents,
                "note": "; ".join(x for x in (note, "" if sol.status == "optimal" else
                                              "costs of the least-shortfall plan; no shadow "
                                              "prices") if x),
                "_inten": inten})
        except PeakplanError as exc:
            rows.append({"view": v.name, "this_run": own, "co2_accounting": v.co2,
                         "non_fossil_attribution": v.attribution, "export_credit": v.credit,
                         "status": "error", "method": method, "documents": v.documents,
                         "note": str(exc), "seconds": round(time.perf_counter() - t0, 3),
                         "_inten": []})
    extra = time.perf_counter() - t_all - sum(r["seconds"] for r in rows if r["this_run"])
    table = pd.DataFrame(rows)
    inten_of = {r["view"]: r.pop("_inten") for r in rows}
    table = pd.DataFrame(rows, columns=COLUMNS)
    main = max(float(solved.seconds), 1e-9)
    manifest = {
        "views": table.drop(columns=["documents"]).to_dict(orient="records"),
        "documents": {v.name: v.documents for v in applicable(sc)},
        "answer": answer(table, inten_of),
        "note": f"{CITY_RULE_NOTE}; {REFUSED_NOTE}",
        "seconds": round(extra, 3), "main_solve_seconds": round(main, 3),
        "ratio_to_main_solve": round(extra / main, 2)}
    return table, manifest


def answer(table: pd.DataFrame, inten: dict | None = None) -> str:
    """One sentence naming the views the run's answer depends on: met under every view,
    met only if ... (the views where every target is met), or met under none; a view short of
    a target says the most that target reaches there alone (``inten``: view -> intensity rows),
    or, where it can reach its requirement alone, that it falls short only together with the
    other targets (the elastic diagnosis's joint shortfall)."""
    if not len(table):
        return ""
    ok = table[table["status"] == "optimal"]["view"].tolist()
    bad = table[table["status"] != "optimal"]
    run = table[table["this_run"].astype(bool)]
    run_name = run["view"].iloc[0] if len(run) else "this run"

    def why(r) -> str:
        if r.status == "error":
            return f"{r.view}: not solved ({r.note})"
        short = str(r.shortfall_targets or "").split()
        most = [(f"{i['target']} most {100 * i['max']:.1f} % of {100 * i['required']:.1f} %"
                 if i["max"] < i["required"] - 1e-9 else
                 f"{i['target']} reachable alone, up to {100 * i['max']:.1f} % of "
                 f"{100 * i['required']:.1f} %, but not together with the other targets")
                for i in (inten or {}).get(r.view, []) if i["target"] in short
                and i["max"] is not None]
        return f"{r.view}: short of {', '.join(short) or r.status}" + (
            f" ({'; '.join(most)})" if most else "")

    if not len(bad):
        return f"Every target is met under every accounting view ({', '.join(ok)})."
    short = "; ".join(why(r) for r in bad.itertuples())
    if not ok:
        return f"No accounting view meets every target — {short}."
    return (f"Met only if the city is counted as in {', '.join(ok)} (this run: {run_name}); "
            f"not under {short}.")
