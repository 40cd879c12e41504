"""How a scenario counts CO2 and energy: the rule, the electricity equivalence, the deductions.

Defaults follow the documents the city is assessed by (the research behind them, with the
confidence of each finding, is in ``docs/ACCOUNTING.md``):

CO2 (``co2_accounting``)
    * ``net_import`` (default): fuel-combustion CO2 (1.A) + (electricity used − electricity
      generated in the territory) × the provincial average grid factor; negative for a net
      exporter. This is the inflow/outflow (电力调入调出) treatment of the provincial CO2-intensity
      assessment (国家发展改革委《单位国内生产总值二氧化碳排放降低目标责任考核评估办法》,
      发改气候〔2014〕1828号; 环气候函〔2018〕42号 附件1 "二氧化碳排放核算方法"; recalled, not
      verified in the text), with the factor the MEE and NBS publish
      "供核算电力消费的二氧化碳排放量时参考使用" (生态环境部 国家统计局 公告2024年第12号,
      2024-04-12).
    * ``consumption``: fuel-combustion CO2 + all electricity used × grid factor (location-based
      scope 2, GHG Protocol for Cities, GPC 2014 §4).
    * ``territorial``: scope 1 only: electricity carries no CO2 where it is used (the provincial
      inventory guideline reports 电力调入调出 as a separate item, 《省级温室气体清单编制指南
      （试行）》, 发改办气候〔2011〕1041号).
``co2_processes``: ``exclude`` (default for ``net_import`` and ``consumption``: the intensity
    indicator counts energy-activity CO2; recalled, not verified) or ``include`` (default for
    ``territorial``): industrial-process CO2 (2.A) is added.
Energy (``electricity_equivalence``)
    * ``coal_equivalent`` (default, 等价值): electricity at the thermal-power coal rate, as the NBS
      energy balance that regional energy consumption is built on ("能源平衡表中…电力折算标准煤系数
      按平均发电煤耗计算", 国家统计局《中国统计年鉴》能源篇 说明).
    * ``calorific`` (当量值, 0.1229 kgce/kWh, GB/T 2589-2020 Appendix A): enterprise energy
      consumption and the efficiency tables.
Deductions (``energy_deductions``, applied to the base year and every model year alike)
    * ``non_fossil`` (default): non-fossil energy is taken out of regional energy consumption and
      intensity (发改环资〔2024〕113号, 2024-01-27: "非化石能源不纳入能源消耗总量和强度调控 …
      将可再生能源、核电等非化石能源消费量从各地区能源消费总量中扣除，据此核算各地区能耗强度降低指标").
    * ``feedstock`` (default): energy used as raw material (原料用能) is deducted from the base and
      the target year (发改环资〔2022〕803号, 2022-10-27).
    * ``renewable_increment``: the increase of renewable electricity consumption over the base
      year (发改运行〔2022〕1258号; superseded for intensity by 113号, offered to compare).
Non-fossil attribution (``non_fossil_attribution``: whose non-fossil electricity the city's use is)
    * ``grid_share`` (default): the city's non-fossil share of electricity use is the provincial
      grid's. Non-fossil use is proven by green certificates (发改环资〔2024〕113号: "绿证是可再生
      能源电力消费的凭证"), and the certificates of existing conventional hydro go with the power to
      the grid's buyers ("对存量常规水电项目，暂不核发可交易绿证，相应的绿证随电量直接无偿划转",
      发改能源〔2023〕1044号, 2023-07-25), so a station selling to the grid does not make its
      county's use non-fossil. Self-consumed distributed generation keeps its (non-tradable)
      certificate with the user, so a measure's distributed non-fossil MWh raises the city's
      non-fossil use by (1 − s_grid) of a grid MWh it replaces.
    * ``local_first``: local non-fossil generation covers local use first, net imports carry the
      grid's share (the physical balance; the model's rule before issue #12).
Export credit of new plants (``export_credit``, ``net_import`` only: which generation counts
    against use at the grid factor)
    * ``all`` (default): every MWh generated in the territory, as the 电力调入调出 formula counts
      the physical net outflow;
    * ``existing``: only the plants of the base year; committed additions (``activity_additions``
      of category ``generation``, e.g. a new station dispatched by the provincial grid) earn none.
      Shaanxi's city-level CO2-intensity method was not found (docs/ACCOUNTING.md §1), so whether
      a new central station's output is in the city's 调出 is unknown: this is its other reading.
Double counting (:func:`rule` refuses it): under ``net_import`` with a credit the city's use is
charged at the grid factor and local generation credited as delivered to the grid; counting the
same MWh as the city's own non-fossil use (``local_first`` with the ``non_fossil`` deduction)
claims min(use, local non-fossil generation) twice. Use ``grid_share`` or a CO2 rule without a
generation credit (``consumption``, ``territorial``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from model.errors import InputError

CO2_ACCOUNTING = ("net_import", "consumption", "territorial")
CO2_PROCESSES = ("include", "exclude")
ELECTRICITY_EQUIVALENCE = ("coal_equivalent", "calorific")
ENERGY_DEDUCTIONS = ("non_fossil", "feedstock", "renewable_increment")
DEFAULT_DEDUCTIONS = ("non_fossil", "feedstock")
NON_FOSSIL_ATTRIBUTION = ("grid_share", "local_first")
EXPORT_CREDIT = ("all", "existing")


@dataclass(frozen=True)
class AccountingRule:
    """A scenario's accounting rule (module docstring). Build it with :func:`rule`."""

    co2: str = "net_import"
    processes: bool = False
    electricity: str = "coal_equivalent"
    deductions: tuple[str, ...] = DEFAULT_DEDUCTIONS
    attribution: str = "grid_share"
    export_credit: str = "all"

    def describe(self) -> str:
        """One line: the rule as a reader of the results needs it."""
        proc = "with" if self.processes else "without"
        ded = ", ".join(self.deductions) or "none"
        credit = (f"; export credit of {self.export_credit} plants" if self.co2 == "net_import"
                  else "")
        return (f"CO2 {self.co2} ({proc} industrial processes{credit}); electricity at "
                f"{self.electricity}; energy deductions: {ded}; non-fossil attribution "
                f"{self.attribution}")


def rule(co2: str = "net_import", processes: str | None = None,
         electricity: str = "coal_equivalent",
         deductions: Sequence[str] | None = None,
         where: str = "scenario", attribution: str = "grid_share",
         export_credit: str = "all") -> AccountingRule:
    """Validated :class:`AccountingRule`. ``processes=None`` takes the rule's default
    (``include`` for ``territorial``, else ``exclude``); ``deductions=None`` the defaults.

    Raises InputError naming the key and the allowed values, and refuses a combination that
    counts the same generation twice (module docstring), naming the fix."""
    if co2 not in CO2_ACCOUNTING:
        raise InputError(f"{where} key co2_accounting", repr(co2), f"one of {list(CO2_ACCOUNTING)}")
    if processes is None:
        processes = "include" if co2 == "territorial" else "exclude"
    if processes not in CO2_PROCESSES:
        raise InputError(f"{where} key co2_processes", repr(processes),
                         f"one of {list(CO2_PROCESSES)}")
    if electricity not in ELECTRICITY_EQUIVALENCE:
        raise InputError(f"{where} key electricity_equivalence", repr(electricity),
                         f"one of {list(ELECTRICITY_EQUIVALENCE)}")
    deductions = DEFAULT_DEDUCTIONS if deductions is None else tuple(deductions)
    for d in deductions:
        if d not in ENERGY_DEDUCTIONS:
            raise InputError(f"{where} key energy_deductions", repr(d),
                             f"any of {list(ENERGY_DEDUCTIONS)}")
    if "non_fossil" in deductions and "renewable_increment" in deductions:
        raise InputError(f"{where} key energy_deductions", "non_fossil and renewable_increment",
                         "one of them (non_fossil already deducts every renewable kWh)")
    if attribution not in NON_FOSSIL_ATTRIBUTION:
        raise InputError(f"{where} key non_fossil_attribution", repr(attribution),
                         f"one of {list(NON_FOSSIL_ATTRIBUTION)}")
    if export_credit not in EXPORT_CREDIT:
        raise InputError(f"{where} key export_credit", repr(export_credit),
                         f"one of {list(EXPORT_CREDIT)}")
    double_counted(co2, attribution, deductions, where)
    return AccountingRule(co2=co2, processes=processes == "include", electricity=electricity,
                          deductions=tuple(deductions), attribution=attribution,
                          export_credit=export_credit)


def double_counted(co2: str, attribution: str, deductions, where: str = "scenario") -> None:
    """Refuse a rule that counts the same MWh twice: ``net_import`` credits local generation as
    delivered to the grid (the city's use is charged at the grid factor) while ``local_first``
    with a non-fossil deduction also counts it as the city's own non-fossil use. Raises
    InputError naming the keys and the fix (module docstring)."""
    if co2 == "net_import" and attribution == "local_first" and (
            {"non_fossil", "renewable_increment"} & set(deductions)):
        raise InputError(f"{where} keys co2_accounting/non_fossil_attribution",
                         "net_import + local_first (hydro both a CO2 export and local "
                         "non-fossil use)", "one claim per MWh: non_fossil_attribution: "
                         "grid_share, or co2_accounting: consumption/territorial")
