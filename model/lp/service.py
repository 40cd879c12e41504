"""Service-level family: a share of the total served (sewage treatment, manure use, toilets).

The plan's service targets (TARGETS.md §十七, §三十二), e.g. rural domestic sewage treatment
rate 40 %: served units (baseline plus units added by measures) over the total.

Two kinds of rows:

* ``service_row[t]`` (a target, CONTRACTS §5), over the city:
  ``Σ_r (B[q,r,y] + Σ_m effect[m,q]·x[m,r,y]) >= v · Σ_r B[q:total,r,y]``.
* ``service_cap[q, r, y]`` (no service above 100 %), for every service indicator q (a quantity
  whose ``<q>:total`` is in the baseline), region r and model year y with a positive total and
  at least one measure acting on q in r:
  ``s · (B[q,r,y] + Σ_m effect[m,q]·x[m,r,y]) <= s · B[q:total,r,y]``
  (indicator units; s = ``service_cap_scale[q,r,y]``, 1 unless :mod:`model.lp.scaling`
  rescales the row). A region with total 0 (or no total: it does not have the service) gets
  no row; there every measure acting on q must have potential 0, which
  :func:`check_service_data` enforces.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.errors import InputError
from model.lp.targets import baseline_total, target_row, targets_of_kind


def service_rhs(model: pyo.ConcreteModel, target: str):
    """rhs = v·Σ_r B[q:total, r, y] − Σ_r B[q, r, y] (indicator units)."""
    q, y = model.target_quantity[target], model.target_year[target]
    return model.target_value[target] * baseline_total(model, f"{q}:total", y) - baseline_total(
        model, q, y)


def service_total(model: pyo.ConcreteModel, target: str) -> float:
    """T = Σ_r B[q:total, r, y], the total the service share is taken of (indicator units)."""
    q, y = model.target_quantity[target], model.target_year[target]
    return float(pyo.value(baseline_total(model, f"{q}:total", y)))


def add_service(model: pyo.ConcreteModel, data) -> None:
    """Add ``service_row[t]`` for targets of kind ``service_level`` (CONTRACTS §5):

    ``Σ_r (B[q,r,y] + Σ_m effect[m,q]·x[m,r,y]) >= v · Σ_r B[q:total,r,y]``

    i.e. ``Σ_{m,r} effect[m,q]·x[m,r,y] >= rhs`` (:func:`service_rhs`); v a fraction (0.40).
    """
    model.service_row = pyo.Constraint(targets_of_kind(model, "service_level"),
                                       rule=lambda m, t: target_row(m, t))


def service_quantities(data) -> list[str]:
    """Service indicators of ``data``: quantities q with a ``<q>:total`` baseline row, plus the
    quantities of ``service_level`` targets (sorted)."""
    qs = {q[: -len(":total")] for q in data.baseline["quantity"] if str(q).endswith(":total")}
    qs |= set(data.targets.loc[data.targets["kind"] == "service_level", "quantity"])
    return sorted(qs)


def _levels(data, q: str) -> tuple[dict, dict]:
    b = data.baseline
    served = b[b["quantity"] == q]
    total = b[b["quantity"] == f"{q}:total"]
    def of(df):
        keys = zip(df["region"], df["year"].astype(int), strict=True)
        return dict(zip(keys, df["value"].astype(float), strict=True))

    return of(served), of(total)


def check_service_data(data) -> None:
    """Check the service indicators of a ModelData (called by ``build.validate``).

    For every service indicator q, region r and year y (base and model years):
    * a positive total needs the served amount B[q,r,y] too, and B[q,r,y] <= B[q:total,r,y]
      (relative tolerance 1e-9): a service cannot start above 100 %;
    * where the total is 0 or absent (r does not have the service), no measure with a nonzero
      effect on q may have a positive potential in (r, y): it would serve what does not exist.

    Raises :class:`InputError` naming the ModelData table, key, value found and what is expected.
    """
    effects = data.effects[data.effects["value"] != 0]
    for q in service_quantities(data):
        served, total = _levels(data, q)
        for (r, y), tot in total.items():
            if tot <= 0:
                continue
            if (r, y) not in served:
                raise InputError(f"ModelData.baseline region {r!r} year {y} quantity {q!r}",
                                 f"no served amount (total {q}:total = {tot:g})",
                                 "a baseline row of the served amount wherever the total is > 0")
            if served[(r, y)] > tot * (1 + 1e-9):
                raise InputError(f"ModelData.baseline region {r!r} year {y} quantity {q!r}",
                                 f"served {served[(r, y)]:g} > total {tot:g}",
                                 "a served amount at most its total (a share <= 100 %)")
        acting = set(effects.loc[effects["quantity"] == q, "measure"])
        if not acting:
            continue
        b = data.bounds
        rows = b[b["measure"].isin(acting) & (b["potential"] > 0)]
        for i, row in rows.iterrows():
            key = (row["region"], int(row["year"]))
            if total.get(key, 0.0) <= 0:
                raise InputError(
                    f"ModelData.bounds row {i} measure {row['measure']!r} region {key[0]!r} "
                    f"year {key[1]}", f"potential {row['potential']:g} on service {q!r} whose "
                    f"total there is {total.get(key, 'absent')}",
                    "potential 0 where the region has no total of the service (0 of 0)")


def cap_index(data) -> list[tuple[str, str, int]]:
    """(q, r, y) of ``service_cap``: service q, region r, model year y with total > 0 and at
    least one applicable measure acting on q there."""
    effects = data.effects[data.effects["value"] != 0]
    b = data.bounds
    years = {int(y) for y in data.years}
    out = []
    for q in service_quantities(data):
        _, total = _levels(data, q)
        acting = set(effects.loc[effects["quantity"] == q, "measure"])
        on_q = b[b["measure"].isin(acting)]
        have = set(zip(on_q["region"], on_q["year"].astype(int), strict=True))
        out += [(q, r, y) for r in data.regions for y in sorted(years)
                if total.get((r, y), 0.0) > 0 and (r, y) in have]
    return out


def add_service_caps(model: pyo.ConcreteModel, data) -> None:
    """Add ``service_cap_index``, ``service_cap_scale`` (mutable, 1) and ``service_cap[q, r, y]``
    (module docstring): the served amount in a region never exceeds its total."""
    model.service_cap_index = pyo.Set(dimen=3, ordered=True, initialize=cap_index(data))
    model.service_cap_scale = pyo.Param(model.service_cap_index, mutable=True,
                                        within=pyo.Reals, initialize=1.0)
    acting: dict[str, list[str]] = {}
    for m, q in model.effect_index:
        acting.setdefault(q, []).append(m)

    def rule(mdl, q, r, y):
        s = mdl.service_cap_scale[q, r, y]
        added = sum(mdl.effect[m, q] * mdl.x[m, r, y] for m in acting.get(q, [])
                    if (m, r, y) in mdl.applicable)
        return s * (mdl.baseline[r, y, q] + added) <= s * mdl.baseline[r, y, f"{q}:total"]

    model.service_cap = pyo.Constraint(model.service_cap_index, rule=rule)

