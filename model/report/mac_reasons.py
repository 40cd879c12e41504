"""Why a MAC chart shows what it shows: charts with nothing to show, the measure that sets a
price line off the curve, and why a measure is chosen far above the price line.

A full-potential MAC curve (:mod:`model.report.full_potential_mac`) of target T in year y ranks
the catalogue's measures by their own net cost per unit of T. The run's shadow price of T is set
at the margin of the whole LP, so a reader needs three things the curve alone does not say:

* **nothing to show** (:func:`nothing_to_show`): the baseline already meets T (its requirement
  beyond the baseline is <= 0) and T's price is 0 — no measure is needed for T, so the chart is
  left out and the briefing says so (issue #16: the urban and county sewage curves drew one
  unchosen bar under a zero price).
* **the margin off the curve** (:func:`margin_note`): targets.csv names the measure at T's
  margin (``marginal_measure``); when that measure is not a bar of T's curve (it does not count
  toward T, e.g. household coal-to-gas on the VOCs key-project curve), the price line meets no
  bar. The chart then names the measure and the binding targets it serves; with no measure at
  the margin (a service level held in a later year by capacity built earlier) it names the
  chosen measure that holds the service and the year it was built.
* **chosen above the price** (:func:`chosen_reasons`): a measure chosen although its own cost
  per unit of T is well above T's price is there for another reason, read from the run: a
  mandated floor (the scenario's ``floor`` in its bounds, :mod:`model.lp.index`), built in an
  earlier year (measures.csv ``build``), or the other binding targets it delivers toward
  (targets.csv ``status`` binding and the measure's effect on their quantity,
  :func:`model.report.full_potential_mac._delivered`). By LP optimality a measure built above
  zero and below its bounds has cost = Σ_targets price · effect, so the other binding targets
  pay for what T's price does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: A chosen bar counts as "above the price" when its cost per unit is more than this factor
#: times the price line (or positive under a zero price).
ABOVE_PRICE = 1.5


def nothing_to_show(target: pd.Series, need: float | None, tol: float = 1e-9) -> bool:
    """True when a MAC chart of ``target`` has nothing to show: its requirement beyond the
    baseline ``need`` (target units, :func:`model.report.full_potential_mac.requirement`) is
    known and <= 0 (the baseline meets it) and its shadow price is 0 (or missing). A kind whose
    requirement is not one number (``need`` None) always keeps its chart."""
    if need is None or need > tol:
        return False
    price = pd.to_numeric(pd.Series([target.get("shadow_price")]), errors="coerce").iloc[0]
    return not (price == price and abs(float(price)) > tol)


def left_out_line(lab, left_out: list[tuple[str, str]]) -> str:
    """One line naming the MAC charts left out (``left_out``: (zh label, en label) of each
    target), e.g. ``left out: urban sewage, county sewage — met by the baseline, no measure
    needed``; '' when none."""
    if not left_out:
        return ""
    zh = "、".join(z for z, _ in left_out)
    en = ", ".join(e for _, e in left_out)
    return lab(f"未绘出的边际减排成本曲线：{zh}——基准情景已达标、影子价格为0，无需措施。",
               f"MAC charts left out: {en} — met by the baseline at a zero price, no measure "
               "needed.")


def binding_targets(res, exclude: str = "") -> pd.DataFrame:
    """The run's binding target rows with a positive price (targets.csv), less ``exclude``."""
    t = res.targets
    price = pd.to_numeric(t["shadow_price"], errors="coerce").fillna(0.0)
    return t[(t["status"] == "binding") & (price > 0) & (t["target"] != exclude)]


def serves(full, measure: str, targets: pd.DataFrame) -> list[str]:
    """Ids of the rows of ``targets`` that ``measure`` delivers toward (its full potential
    reachable in the row's year moves the row's quantity the right way, counted as the row's
    kind counts: :func:`model.report.full_potential_mac._delivered`); [] without the derived
    scenario or for a measure it does not hold."""
    from model.report.full_potential_mac import MIN_REDUCTION, _delivered, reachable

    ix = getattr(full, "ix", None)
    if ix is None or measure not in ix.measures:
        return []
    m = ix.measures.index(measure)
    out = []
    for _, r in targets.iterrows():
        q, y = str(r["quantity"]), int(r["year"])
        if q not in ix.quantities or y not in ix.years:
            continue
        yi = ix.years.index(y)
        try:
            red = _delivered(ix, q, str(r["kind"]), yi, reachable(ix, yi), str(r["target"]))
        except (KeyError, ValueError, IndexError):
            continue
        if red[m] > MIN_REDUCTION:
            out.append(str(r["target"]))
    return list(dict.fromkeys(out))


def _target_names(res, ids: list[str]) -> tuple[str, str]:
    t = res.targets.drop_duplicates("target").set_index("target")
    zh = [str(t.loc[i, "label_zh"]) if i in t.index else i for i in ids]
    en = [str(t.loc[i, "label_en"]) if i in t.index else i for i in ids]
    return "、".join(zh), "; ".join(en)


def first_build_year(res, measure: str) -> int | None:
    """The first year measures.csv shows ``measure`` built (``build`` > 0, else ``level`` > 0)."""
    m = res.measures[res.measures["measure"] == measure]
    col = "build" if "build" in m.columns else "level"
    hit = m[pd.to_numeric(m[col], errors="coerce").fillna(0.0) > 1e-9]
    return int(hit["year"].min()) if len(hit) else None


@dataclass(frozen=True)
class Margin:
    """The measure at a target's margin when it is not read off a bar of the curve:
    ``measure``; ``on_curve`` False when it is not a bar of this curve; ``serves`` the other
    binding targets it delivers toward; ``built`` the year it was first built (a service held
    by capacity built earlier); ``note`` (zh, en) for the chart; ``short`` (zh, en) for the
    price line's label."""

    measure: str
    on_curve: bool
    serves: tuple[str, ...]
    built: int | None
    note: tuple[str, str]
    short: tuple[str, str]


def margin_note(ctx, full, target: pd.Series, tab: pd.DataFrame) -> Margin | None:
    """The :class:`Margin` of ``target``'s MAC chart when its price line cannot be read off a
    bar: the marginal measure (targets.csv) is not a bar of ``tab``; or the target binds with
    no marginal measure named and the service is held by chosen bars of the curve built before
    the target's year (the plan's sludge rates held in 2030). None otherwise."""
    res = ctx.res
    price = pd.to_numeric(pd.Series([target.get("shadow_price")]), errors="coerce").iloc[0]
    if not (price == price and float(price) > 0):
        return None
    marginal = str(target.get("marginal_measure", "") or "")
    if marginal and marginal.lower() != "nan":
        if marginal in set(tab["measure"]):
            return None
        others = serves(full, marginal, binding_targets(res, str(target["target"])))
        oz, oe = _target_names(res, others)
        why_zh = f"，为{oz}而选用" if others else ""
        why_en = f", chosen for {oe}" if others else ""
        mz = res.measure_name(marginal)[0] or marginal
        note = (f"价格线由边际措施“{mz}”决定，该措施不是本曲线的柱（不计入本目标）{why_zh}，"
                "故价格线不必与任何柱相交。",
                f"The price line is set at the margin by {res.measure_name(marginal)[1]}, not a "
                f"bar of this curve (it does not count toward this target){why_en}: the line "
                "need not meet any bar.")
        sz, se = _target_names(res, others[:2])  # on the line: two targets at most
        if len(others) > 2:
            sz, se = sz + f"等{len(others)}项目标", se + f" and {len(others) - 2} more"
        short = (f"边际由{mz}决定" + (f"（为{sz}而选用）" if others else ""),
                 f"margin set by {res.measure_name(marginal)[1]}"
                 + (f", chosen for {se}" if others else ""))
        return Margin(marginal, False, tuple(others), None, note, short)
    chosen = tab[tab["chosen_share"].astype(float) > 1e-9]
    if chosen.empty:
        return None
    year = int(target["year"])
    held = []
    for meas in chosen["measure"]:
        b = first_build_year(res, str(meas))
        if b is not None and b < year:
            held.append((str(meas), b))
    if not held:
        return None
    meas, built = held[0]
    zh_n, en_n = res.measure_name(meas)
    zh_n = zh_n or meas
    note = (f"{year}年没有新建的边际措施：服务水平由{built}年建成并保持运行的“{zh_n}”维持；"
            f"影子价格是{year}年多要求一个百分点使整个规划增加的成本（已有{built}年为前一目标建成的容量），"
            "不是柱所示某一年的单位成本。",
            f"No measure is built at the margin in {year}: the service is held by {en_n}, "
            f"built in {built} and kept running; the shadow price is what one more percentage "
            f"point in {year} adds to the whole plan's cost given the capacity built in {built} "
            "for the earlier target, not the one-year cost per unit a bar shows.")
    short = (f"边际：{zh_n}（{built}年建成，{year}年保持）",
             f"margin held by {en_n} (built {built}, held in {year})")
    return Margin(meas, True, (), built, note, short)


@dataclass(frozen=True)
class ChosenReason:
    """Why a bar is chosen above the price line: ``kind`` is ``mandated`` (a floor in the
    scenario's bounds), ``earlier`` (built before the target's year) or ``other_target``
    (it delivers toward other binding targets: ``targets``)."""

    kind: str
    targets: tuple[str, ...] = ()
    built: int | None = None


def chosen_reasons(ctx, full, target: pd.Series, tab: pd.DataFrame, price: float
                   ) -> dict[str, ChosenReason]:
    """Per measure of ``tab`` chosen (``chosen_share`` > 0) at a net cost per unit above
    :data:`ABOVE_PRICE` times ``price`` (the line drawn; any positive cost under a zero
    price) or times the bar of the measure at the margin when that is higher (the measure at
    the margin itself is never listed): why it is chosen (:class:`ChosenReason`), from the
    run — a mandated floor in the target's year (scenario bounds), a build year before the
    target's (measures.csv), else the other binding targets it serves (:func:`serves`).
    Measures with none of these are left out (nothing to say that the run shows)."""
    res = ctx.res
    p = max(price if price == price else 0.0, 0.0)
    year = int(target["year"])
    ix = getattr(full, "ix", None)
    others = binding_targets(res, str(target["target"]))
    # the measure at the margin is this target's own; its bar is what the target pays at the
    # margin (a pathway's annualised line lies below it: price_below_bar_note)
    marginal = str(target.get("marginal_measure", "") or "")
    if marginal and marginal in set(tab["measure"]):
        p = max(p, float(tab.loc[tab["measure"] == marginal, "cost_per_unit"].iloc[0]))
    out: dict[str, ChosenReason] = {}
    for _, r in tab.iterrows():
        c = float(r["cost_per_unit"])
        meas = str(r["measure"])
        if float(r["chosen_share"]) <= 1e-9 or c <= 0 or c <= ABOVE_PRICE * p or \
                meas == marginal:
            continue
        if ix is not None and meas in ix.measures and year in ix.years:
            fl = ix.floor[ix.measures.index(meas), :, ix.years.index(year)]
            if float(np.nansum(fl)) > 1e-9:
                out[meas] = ChosenReason("mandated")
                continue
        built = first_build_year(res, meas)
        if built is not None and built < year:
            out[meas] = ChosenReason("earlier", built=built)
            continue
        tids = serves(full, meas, others)
        if tids:
            out[meas] = ChosenReason("other_target", tuple(tids))
    return out


def reason_text(ctx, reason: ChosenReason) -> str:
    """The reason of :func:`chosen_reasons` as a short bilingual phrase for the numbered list."""
    lab = ctx.lab
    if reason.kind == "mandated":
        return lab("强制实施（情景设定下限）", "mandated (a floor in the scenario)")
    if reason.kind == "earlier":
        return lab(f"{reason.built}年已建成", f"built in {reason.built}")
    zh, en = _target_names(ctx.res, list(reason.targets))
    return lab(f"为{zh}而选用", f"chosen for {en}")

