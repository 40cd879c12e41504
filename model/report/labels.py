"""Words a reader sees for the ids of the accounting rules and views, and units as printed.

The briefing and its charts never print a code identifier (``net_import``,
``village_waste_treated``): a target is named by its ``label_zh``/``label_en`` (targets.csv), a
view and the parts of an accounting rule by the labels below (the rules themselves and their
documents: :mod:`model.accounting.rules`, :mod:`model.views`), a unit as it is printed
(μg/m³, not the ASCII ``ug/m3`` of the CSV files, docs/CONTRACTS.md).
"""

from __future__ import annotations

import re

#: Accounting views (:data:`model.views.VIEWS`): id -> (zh, en).
VIEW_LABELS: dict[str, tuple[str, str]] = {
    "assessed": ("考核口径", "assessed"),
    "new_plants_uncredited": ("考核口径（新增电厂不计调出）", "assessed (new plants uncredited)"),
    "consumption": ("消费口径", "consumption"),
    "consumption_local": ("消费口径（本地水电优先）", "consumption (local hydro first)"),
    "territorial": ("辖区口径", "territorial"),
    "territorial_local": ("辖区口径（本地能源平衡）", "territorial (local energy balance)"),
    "assessed_dry": ("考核口径（枯水年）", "assessed (dry year)"),
    "assessed_wet": ("考核口径（丰水年）", "assessed (wet year)"),
}

#: Values of the accounting rule's keys (:mod:`model.accounting.rules`): id -> (zh, en).
RULE_LABELS: dict[str, tuple[str, str]] = {
    # co2_accounting
    "net_import": ("电力调入调出法（净调入电量按省级电网排放因子）",
                   "net electricity imports at the provincial grid factor"),
    "consumption": ("用电全口径法（全部用电量按省级电网排放因子）",
                    "all electricity used at the provincial grid factor"),
    "territorial": ("辖区直接排放法（范围一）", "territorial emissions only (scope 1)"),
    # electricity_equivalence
    "coal_equivalent": ("等价值（按平均发电煤耗折标准煤）",
                        "coal equivalent (at the thermal-power coal rate)"),
    "calorific": ("当量值（0.1229 kgce/kWh）", "calorific value (0.1229 kgce/kWh)"),
    # energy_deductions
    "non_fossil": ("扣除非化石能源", "non-fossil energy"),
    "feedstock": ("扣除原料用能", "feedstock use"),
    "renewable_increment": ("扣除新增可再生能源", "renewable increment"),
    # non_fossil_attribution
    "grid_share": ("按电网平均非化石比例", "the grid's non-fossil share"),
    "local_first": ("本地非化石电力优先", "local non-fossil generation first"),
    # export_credit
    "all": ("全部电厂", "all plants"),
    "existing": ("仅基准年电厂", "base-year plants only"),
}

_DESCRIBE = re.compile(
    r"CO2 (?P<co2>\w+) \((?P<proc>with|without) industrial processes"
    r"(?:; export credit of (?P<credit>\w+) plants)?\); electricity at (?P<el>\w+); "
    r"energy deductions: (?P<ded>[\w, ]+); non-fossil attribution (?P<attr>\w+)")


def view_label(view: str) -> tuple[str, str]:
    """(zh, en) of an accounting view id; the id with spaces for one not listed."""
    return VIEW_LABELS.get(view, (view.replace("_", " "), view.replace("_", " ")))


def rule_label(value: str) -> tuple[str, str]:
    """(zh, en) of a value of an accounting-rule key; the id with spaces for one not listed."""
    return RULE_LABELS.get(value, (value.replace("_", " "), value.replace("_", " ")))


def accounting_sentence(describe: str) -> tuple[str, str]:
    """(zh, en) of the run's accounting rule from its one-line description
    (:meth:`model.accounting.rules.AccountingRule.describe`, the manifest's ``accounting``);
    a description of another shape comes back with its ids replaced by their labels."""
    m = _DESCRIBE.fullmatch(describe.strip())
    if m is None:
        en = words(describe)
        return en, en
    co2z, co2e = rule_label(m["co2"])
    proc = m["proc"] == "with"
    ded = [d.strip() for d in m["ded"].split(",") if d.strip() and d.strip() != "none"]
    elz, ele = rule_label(m["el"])
    atz, ate = rule_label(m["attr"])
    zh = f"二氧化碳按{co2z}计，{'含' if proc else '不含'}工业过程排放"
    en = f"CO2 as {co2e} ({'with' if proc else 'without'} industrial processes"
    if m["credit"]:
        crz, cre = rule_label(m["credit"])
        zh += f"，{crz}的发电量计入调出"
        en += f"; generation of {cre} counted as exported"
    zh += f"；电力折标按{elz}；能耗"
    zh += ("、".join(rule_label(d)[0] for d in ded) if ded else "不作扣除")
    zh += f"；非化石电力归属{atz}"
    en += (f"); electricity at its {ele}; energy less "
           + (", ".join(rule_label(d)[1] for d in ded) if ded else "nothing")
           + f"; non-fossil electricity attributed by {ate}")
    return zh, en


def unit_text(unit: str) -> str:
    """A unit as printed: ``ug/m3`` -> ``μg/m³``, ``m3`` -> ``m³``, a quantity id in a unit
    (``t heavy_metals/yr``) -> its English name (``t heavy metals/yr``)."""
    return re.sub(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", lambda m: m.group(0).replace("_", " "),
                  printed_units(str(unit)))


def printed_units(text: str) -> str:
    """``ug/m3`` -> ``μg/m³`` and ``m3`` -> ``m³`` wherever they occur in ``text``."""
    return re.sub(r"\bm3\b", "m³", re.sub(r"\bug/m3\b", "μg/m³", text))


def words(text: str, names: dict[str, str] | None = None) -> str:
    """``text`` with every id a reader would see replaced: ``names`` first (e.g. target id ->
    label, longest id first so ``co2_intensity_2030`` is not read as ``co2_intensity``), then
    views and rule values (English labels), then units (:func:`printed_units`)."""
    table = dict(names or {})
    for k, (_zh, en) in VIEW_LABELS.items():
        table.setdefault(k, en)
    for k, (_zh, en) in RULE_LABELS.items():
        if "_" in k:  # plain words (all, existing, consumption) stay as they are
            table.setdefault(k, en)
    if table:
        pat = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(
            re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")(?![A-Za-z0-9_])")
        text = pat.sub(lambda m: table[m.group(1)], text)
    return printed_units(text)
