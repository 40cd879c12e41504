"""Solid waste disposal (4.A) in the scenario model: the landfill stock and its first-order decay.

The inventory estimates 4.A CH4 with IPCC 2006 Vol 5 Ch 3 Eq. 3.1-3.6
(:func:`model.accounting.waste_factors.first_order_decay`); the scenario model uses the same
function and the same factors, so the base year reproduces the inventory and every later year
follows from what was landfilled before:

* ``DDOCm_d(T) = W(T) · DOC · DOCf · MCF`` (deposited, by waste type), decomposing from T+1:
  ``DDOCm_decomp(T) = DDOCm_a(T−1) · (1 − e^−k)``,
  ``DDOCm_a(T) = DDOCm_d(T) + DDOCm_a(T−1) · e^−k``;
* CH4 generated ``G(T) = Σ_types DDOCm_decomp(T) · F · 16/12`` (t CH4);
* CH4 emitted ``(G(T) − R(T)) · (1 − OX)`` (Eq. 3.1), R the CH4 recovered (flared or used).

Landfilled waste after the base year (``W(T)``, T > base) is the ledger row ``msw_landfilled``
(t/yr) as its projection rule moves it, split into waste types by the region's base-year
composition; between model years it is interpolated geometrically. One tonne of that mix
deposited in year T generates, at age ``a = T' − T >= 1``,

    ``g(a) = Σ_types s_type · DOC · DOCf · MCF · (1 − e^−k) · e^(−k (a−1)) · F · 16/12``  (t CH4),

the response a measure that takes waste out of the landfill (or brings more to it) has on the CH4
generated in later years (:meth:`LandfillStock.response`). Records the inventory holds for the
city only (``waste_history.csv`` at city level: the landfills serving it) are shared out to the
counties by population, the allocation the ledger declares for every city-only record.

Parameters (factor library, category 4.A): per waste type ``DOC``, ``k``, ``DOCf`` (else of
``msw``); for the site activity ``msw``: ``MCF``, ``F``, ``OX`` and, for landfill-gas recovery,
``collection_efficiency`` (the share of the CH4 generated a gas collection system can capture).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.accounting.inputs import InventoryInputs
from model.accounting.waste_factors import (
    CH4_PER_C,
    LANDFILL,
    first_order_decay,
    load_waste_history,
)
from model.errors import InputError
from model.units import convert

#: the ledger's rows of a landfill (category 4.A): waste deposited, CH4 generated, recovered
DEPOSITED, GENERATED, RECOVERED = "msw_landfilled", "ch4_generated", "ch4_recovered"


@dataclass(frozen=True)
class WasteType:
    """First-order-decay parameters of one waste type (IPCC 2006 Vol 5 Tables 2.4, 3.1-3.3)."""

    doc: float
    docf: float
    k: float


@dataclass
class LandfillStock:
    """The landfills serving each county: deposits by year and waste type (t wet), the
    decay parameters, and the site parameters MCF, F, OX (fractions) and the collection
    efficiency (fraction, NaN when the library has none)."""

    deposits: dict[str, dict[str, dict[int, float]]]
    types: dict[str, WasteType]
    mcf: float
    f: float
    ox: float
    collection_efficiency: float
    base_year: int
    status: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, inputs: InventoryInputs, base_year: int, city: str | None,
             shares: pd.Series) -> LandfillStock | None:
        """The stock of a data pack (``waste_history.csv``), or None without one. City-level
        rows are shared out to the counties by ``shares`` (population shares, sum 1).

        Raises InputError on a missing decay parameter (naming type and parameter)."""
        hist = load_waste_history(inputs.folder)
        if hist is None:
            return None
        lib = inputs.factors
        deposits: dict[str, dict[str, dict[int, float]]] = {}
        status: dict[str, str] = {}
        for (reg, wtype), g in hist.groupby(["region", "activity"]):
            dep = {int(y): convert(v, u, "t", where=f"{f} row {r}")
                   for y, v, u, f, r in zip(g["year"], g["value"], g["unit"], g["_file"],
                                            g["_row"], strict=True)}
            targets = shares.items() if reg == city else [(reg, 1.0)]
            for r, w in targets:
                slot = deposits.setdefault(r, {}).setdefault(wtype, {})
                for y, v in dep.items():
                    slot[y] = slot.get(y, 0.0) + v * float(w)
                status[r] = "estimate" if "estimate" in set(g["status"]) else \
                    status.get(r, str(g["status"].iloc[0]))
        types = {}
        for wtype in sorted({t for d in deposits.values() for t in d}):
            doc = _param(lib, wtype, "DOC", "t / t")
            if doc == 0.0:
                types[wtype] = WasteType(0.0, 0.0, 0.0)
                continue
            docf = lib.find("4.A", wtype, "DOCf") or lib.get("4.A", LANDFILL, "DOCf")
            types[wtype] = WasteType(doc, docf.to("dimensionless"),
                                     _param(lib, wtype, "k", "1 / a"))
        eff = lib.find("4.A", LANDFILL, "collection_efficiency")
        return cls(deposits=deposits, types=types,
                   mcf=_param(lib, LANDFILL, "MCF"), f=_param(lib, LANDFILL, "F"),
                   ox=_param(lib, LANDFILL, "OX"),
                   collection_efficiency=eff.to("dimensionless") if eff else math.nan,
                   base_year=int(base_year), status=status)

    # ------------------------------------------------------------------ quantities
    @property
    def regions(self) -> list[str]:
        return sorted(self.deposits)

    def deposited(self, region: str, year: int) -> float:
        """Waste deposited in ``year`` (t), all types, from the history."""
        return sum(d.get(year, 0.0) for d in self.deposits.get(region, {}).values())

    def base_deposit_year(self, region: str) -> int:
        """The base year, or the last year before it with deposits (the composition and the
        level the projection starts from)."""
        years = [y for d in self.deposits.get(region, {}).values() for y, v in d.items()
                 if y <= self.base_year and v > 0]
        return self.base_year if not years or self.base_year in years else max(years)

    def composition(self, region: str) -> dict[str, float]:
        """Shares of each waste type in the region's base-year deposit (sum 1)."""
        y = self.base_deposit_year(region)
        d = {t: v.get(y, 0.0) for t, v in self.deposits.get(region, {}).items()}
        total = sum(d.values())
        return {t: v / total for t, v in d.items()} if total > 0 else {}

    def generated(self, region: str, years: list[int],
                  future: dict[int, float] | None = None) -> dict[int, float]:
        """CH4 generated (t CH4) in each of ``years``: the history plus ``future`` deposits
        {calendar year > base: t of the base-year mix} (Eq. 3.4-3.6 as in the inventory)."""
        comp = self.composition(region)
        out = dict.fromkeys(years, 0.0)
        for wtype, dep in self.deposits.get(region, {}).items():
            p = self.types[wtype]
            if p.doc == 0.0:
                continue
            d = {y: v for y, v in dep.items() if y <= self.base_year}
            for y, v in (future or {}).items():
                if y > self.base_year:
                    d[y] = d.get(y, 0.0) + v * comp.get(wtype, 0.0)
            dec = first_order_decay(d, p.doc, p.docf, self.mcf, p.k, list(years))
            for y in years:
                out[y] += dec[y] * self.f * CH4_PER_C
        return out

    def response(self, region: str, ages: int) -> np.ndarray:
        """g(a) for a = 1..ages: t CH4 generated at age a per t of the region's base-year mix
        deposited (module docstring); index 0 is age 1."""
        comp = self.composition(region)
        a = np.arange(1, ages + 1, dtype=float)
        out = np.zeros(ages)
        for wtype, s in comp.items():
            p = self.types[wtype]
            if not s or p.doc == 0.0:
                continue
            ek = math.exp(-p.k)
            out += s * p.doc * p.docf * self.mcf * (1.0 - ek) * ek ** (a - 1.0)
        return out * self.f * CH4_PER_C


def _param(lib, activity: str, gas: str, unit: str = "dimensionless") -> float:
    return lib.get("4.A", activity, gas).to(unit)


def calendar_deposits(row_amounts: np.ndarray, base_year: int, years: list[int]
                      ) -> dict[int, float]:
    """Deposits for every calendar year after the base year up to the last model year, from
    the ``msw_landfilled`` row's amounts at the base and model years [T]: geometric between
    the years given (linear where an end is 0), constant within a model year's span."""
    pts = [base_year, *years]
    out: dict[int, float] = {}
    for i in range(1, len(pts)):
        y0, y1 = pts[i - 1], pts[i]
        a0, a1 = float(row_amounts[i - 1]), float(row_amounts[i])
        for c in range(y0 + 1, y1 + 1):
            f = (c - y0) / (y1 - y0)
            out[c] = a0 * (a1 / a0) ** f if a0 > 0 and a1 > 0 else a0 + (a1 - a0) * f
    return out


def project_rows(stock: LandfillStock | None, rows: pd.DataFrame, amounts: np.ndarray,
                 base_year: int, years: list[int]) -> np.ndarray:
    """Amounts [row, T] with the ``ch4_generated`` rows replaced by the first-order decay of the
    history plus the projected ``msw_landfilled`` deposits of the same region (module
    docstring); other rows unchanged. Raises InputError on a generated row without a
    deposit row in its region."""
    if stock is None:
        return amounts
    out = amounts.copy()
    T = [base_year, *years]
    kind = rows["kind"].to_numpy()
    act = rows["activity"].to_numpy()
    reg = rows["region"].to_numpy()
    dep_row = {r: i for i, (k, a, r) in enumerate(zip(kind, act, reg, strict=True))
               if k == "landfill" and a == DEPOSITED}
    for i, (k, a, r) in enumerate(zip(kind, act, reg, strict=True)):
        if k != "landfill" or a != GENERATED:
            continue
        if r not in dep_row:
            raise InputError(f"ledger row {r} 4.A {GENERATED}", "no msw_landfilled row",
                             "the region's landfilled waste (waste_history.csv)")
        future = calendar_deposits(amounts[dep_row[r]], base_year, years)
        gen = stock.generated(r, T, future)
        out[i] = [gen[t] for t in T]
    return out
