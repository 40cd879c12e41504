"""The ledger: a data pack's activity, the coefficient of every activity row for every quantity,
and the accounting function f(activity) the inventory and the scenario model share.

``Ledger(inputs, base_year, rule)`` reads the base-year activity of a data pack (the same
tables the inventory reads) into rows keyed ``(region, category, activity, unit)``:

===============  ==========================================  ==================================
kind             rows                                        quantities (per unit of the row)
===============  ==========================================  ==================================
``fuel``         1.A rows of activity_energy.csv             CO2 (fossil), energy, pollutants
``electricity``  1.A electricity rows                        electricity (MWh), energy, CO2 by
                                                             rule (grid factor or 0)
``generation``   electricity.csv generation, by technology   CO2 (−grid factor, net_import)
``vehicle``      1.A.3.b ``<type>.<standard>`` stock         NOx, VOCs, PM2.5 (× mileage)
``process``      2.A (clinker, cement, lime), solvent.*,     CO2_process (+ CO2 if the rule
                 fuel_distribution.*, industry_process.*     counts processes), pollutants
                 heavy_metals.<industry> (key industries)    Pb, Hg, Cd, Cr, As, heavy_metals
``livestock``    3.A annual-average heads                    NH3, COD, NH3-N (generation × loss)
``population``   domestic_wastewater.* persons               COD, NH3-N (generation)
``service``      services.csv served indicators              the indicator (1), −credit on COD
                                                             and NH3-N; treated sewage also
                                                             ``<sludge>:total`` (its yield)
``total``        services.csv totals                         ``<served>:total`` (1)
``livestock``    (also) enteric and manure CH4, manure N2O    CH4, N2O per head (3.A.1, 3.A.2)
``crop``         3.C.7 rice area by water regime (ha)          CH4 (Vol 4 Eq. 5.1)
``landfill``     4.A waste landfilled (t), CH4 generated and   nothing in the year deposited (its
                 recovered (t CH4) of the first-order-decay    CH4 comes later: :meth:`lagged`);
                 stock (:mod:`model.accounting.landfill`)      CH4 (1 − OX), landfill gas
``incineration`` 4.C waste incinerated (t)                    CO2_waste (+ CO2 with processes), N2O
``resource``     resources.csv capacity still to develop       none (the source of renewables)
``other``        the inventory's CH4/N2O of 1.B, 3.C.4/3.C.5   CH4 or N2O (amount 1 = base year)
                 and 4.D (the rest is accounted row by row)
===============  ==========================================  ==================================

Every coefficient also carries ``CO2e``: CO2 as the rule counts it + GWP-100 × CH4 and N2O of the
scenario's GWP set (:mod:`model.accounting.gwp`); fuel rows of natural gas carry
``natural_gas`` (m3), what a county's supply must cover.

Sludge produced (``*_sludge_produced``, :data:`model.services.PRODUCED_BY`) is no row of its
own: it is carried by the treated-sewage row that produces it, at the region's base-year yield
``sludge produced / sewage treated`` (t/yr per m3/d), so the base year reproduces services.csv
and the total moves with the treated sewage under that row's projection rule.

Coefficients come from :mod:`model.accounting.factors` with the source rules of
:mod:`model.accounting.sources` — the functions the inventory uses — so the ledger's base-year
totals equal the inventory's (tests/unit/test_ledger.py). Everything is linear in the amounts
except the non-fossil share of electricity consumed, which depends on consumption against local
non-fossil generation at city level; :meth:`Ledger.totals` computes it exactly for any amounts
and :meth:`Ledger.electricity_marginal` gives its derivative for the measures' effects.

Energy (``energy``) is the assessed energy of the rule: standard coal of every fuel and of
electricity (by equivalence) minus the deductions (non-fossil, feedstock, renewable increment);
``energy_gross`` is before deductions. A row's unit is kept as read; coefficients are per that
unit (the factor functions convert), so a measure's change in any unit gets its coefficients
from :meth:`Ledger.coefficients` directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from model.accounting import factors, landfill, sources
from model.accounting.gwp import gwp_values
from model.accounting.heavy_metal_factors import coefficients as heavy_metal_coefficients
from model.accounting.inputs import InventoryInputs
from model.accounting.landfill import LandfillStock
from model.accounting.livestock import (
    livestock_ghg_per_head,
    livestock_rows,
    manure_mass_per_head,
    manure_system_per_tonne,
)
from model.accounting.rice import rice_ch4_per_ha
from model.accounting.rules import AccountingRule
from model.accounting.waste_factors import CO2_PER_C
from model.errors import InputError
from model.io import check_values_in, read_table
from model.services import PRODUCED_BY, SERVICE_TOTALS, SERVICE_UNITS, load_services
from model.units import convert

FUELS = ("raw_coal", "cleaned_coal", "coke", "natural_gas", "gasoline", "diesel", "kerosene",
         "fuel_oil", "lpg", "electricity", "heat", "biomass")
NON_FOSSIL = ("hydro", "solar", "wind", "biomass", "nuclear", "geothermal")
TECHNOLOGIES = (*NON_FOSSIL, "coal", "gas", "oil")
KEY = ["region", "category", "activity", "unit"]


@dataclass(frozen=True)
class Electricity:
    """City-level electricity context: grid factor (t CO2/MWh), its id, and the non-fossil
    share of electricity bought from the grid (fraction), with their sources."""

    grid: str
    factor: float
    grid_non_fossil: float
    source: str


def _where(row) -> str:
    return f"{row.get('_file', 'activity')} row {row.get('_row', '?')}"


class Ledger:
    """Accounting of one data pack's base year under one rule (module docstring).

    Attributes
    ----------
    rows: DataFrame ``region, category, activity, unit, amount, kind`` (base year; amounts in
        the row's unit), one per activity row the scenario model uses.
    coef: DataFrame ``row, quantity, value``: coefficient per unit of row ``row``.
    quantities: the quantities the ledger produces.
    regions: the counties (regions with a parent); ``city`` the region without one.
    """

    def __init__(self, inputs: InventoryInputs, base_year: int, rule: AccountingRule,
                 regions_df: pd.DataFrame, other: pd.DataFrame | None = None,
                 gwp: str = "AR5"):

        self.lib = inputs.factors
        self.gwp_set = gwp
        self.gwp = gwp_values(gwp)
        self.rule = rule
        self.base_year = int(base_year)
        self.folder = Path(inputs.folder)
        parents = dict(zip(regions_df["region"], regions_df["parent"].fillna(""), strict=True))
        self.city = next((r for r, p in parents.items() if not str(p).strip()), None)
        self.regions = [r for r, p in parents.items() if str(p).strip()]
        act = inputs.activity[inputs.activity["year"] == self.base_year]
        self._activity = act
        self._context(inputs, act)
        pop = self._population()
        self.landfill = LandfillStock.load(
            inputs, self.base_year, self.city,
            pop / pop.sum() if pop.sum() > 0 else pop * 0 + 1 / max(len(self.regions), 1))
        self.other = self._other(other)
        self.rows = pd.concat([self._rows(inputs, act), self.other[[*KEY, "amount", "kind",
                                                                        "use"]]],
                              ignore_index=True)
        self.coef = self._coefficients()
        self.quantities = sorted(set(self.coef["quantity"]))

    def with_rule(self, rule: AccountingRule, coefficients: bool = True) -> Ledger:
        """The same data pack accounted under another rule: a shallow copy whose coefficients
        are recomputed (the rows, factors and context are shared, nothing is read again). With
        ``coefficients=False`` the coefficients are kept: valid only for the non-fossil
        attribution and deductions (:meth:`non_fossil`, :meth:`deduction_tce`, the margins),
        which read the electricity rows' use and generation, the same under every rule."""
        import copy

        out = copy.copy(self)
        out.rule = rule
        if coefficients:
            out.coef = out._coefficients()
            out.quantities = sorted(set(out.coef["quantity"]))
        return out

    # ------------------------------------------------------------------ context
    def _context(self, inputs: InventoryInputs, act: pd.DataFrame) -> None:

        veh = act[(act["category"] == "1.A.3.b") & act["activity"].str.contains(".", regex=False)]
        self.vehicle_regions = set(veh["region"])
        self.mileage = {}
        for _, r in veh[veh["activity"].str.endswith(".mileage")].iterrows():
            vtype = r["activity"].rsplit(".", 1)[0]
            self.mileage[(r["region"], vtype)] = convert(r["value"], r["unit"],
                                                         "km/vehicle/yr", _where(r))
        kilns = act[act["category"].str.startswith("2.A.1")
                    & (act["activity"] == "clinker_production")]
        self.kiln_regions = set(kilns["region"])
        path = self.folder / "services.csv"
        svc = load_services(self.folder, None) if path.exists() else None
        self.services = svc[svc["year"] == self.base_year] if svc is not None else None
        self.livestock = livestock_rows(inputs, [self.base_year])
        self.electricity = self._electricity()
        self._credit = self._credits(act)
        self._yield = self._sludge_yields()

    def _electricity(self) -> Electricity:
        path = self.folder / "electricity.csv"

        if not path.exists():
            raise InputError(str(path), "no such file", "electricity generation and the grid "
                             "factor id (electricity.csv), needed by every CO2 rule")
        df = read_table(path, ["region", "year", "item", "value", "unit", "source",
                               "grid_factor"], key=["region", "year", "item"],
                        optional=["note", "technology"])
        self._el_table = df
        ids = sorted(set(df["grid_factor"]))
        if len(ids) != 1:
            raise InputError(f"{path} column 'grid_factor'", f"{ids}",
                             "one grid factor for the whole city (one provincial grid)")
        g = factors.grid_factor(self.lib, ids[0])
        nf = self.lib.find("*", ids[0], "non_fossil_share")
        share = nf.to("dimensionless") if nf is not None else None
        return Electricity(ids[0], g.value, share if share is not None else float("nan"),
                           g.main.source if g.main else "")

    def _credits(self, act: pd.DataFrame) -> dict[tuple[str, str, str], float]:
        """Load avoided per unit of each served indicator (t/yr per unit), by region: the
        generation of the people or herds the service treats × removal (or loss to water) /
        the service total (module :mod:`model.accounting.sources`)."""
        out: dict[tuple[str, str, str], float] = {}
        if self.services is None:
            return out
        have: dict[str, set[str]] = {}
        value: dict[tuple[str, str], float] = {}
        for r, i, v in zip(self.services["region"], self.services["indicator"],
                           self.services["value"], strict=True):
            have.setdefault(r, set()).add(i)
            value[(r, i)] = float(v)
        dom = act[act["category"].isin(sources.DOMESTIC)]
        for _, row in dom.iterrows():
            kind = row["category"].rsplit(".", 1)[1]
            pair = sources.sewage_indicators(kind, have.get(row["region"], set()))
            if pair is None:
                continue
            served, total = pair
            tot = value.get((row["region"], total), 0.0)
            people = convert(row["value"], row["unit"], "person", _where(row))
            for gas in sources.WATER_GASES:
                gen = factors.generation(self.lib, row["category"], "population", "person", gas,
                                         _where(row)).value
                rem = factors.parameter_fraction(self.lib, row["category"], "population",
                                                 f"removal_{gas}").value
                k = (row["region"], served, gas)
                out[k] = out.get(k, 0.0) + (people * gen * rem / tot if tot else 0.0)
        if len(self.livestock):
            loss = factors.parameter_fraction(self.lib, "3.A", "livestock_manure",
                                              "loss_to_water").value
            for _, row in self.livestock[self.livestock["activity"].isin(sources.LIVESTOCK)] \
                    .iterrows():
                pair = sources.sewage_indicators("manure", have.get(row["region"], set()))
                if pair is None:
                    continue
                served, total = pair
                tot = value.get((row["region"], total), 0.0)
                for gas in sources.WATER_GASES:
                    gen = factors.generation(self.lib, "3.A", row["activity"], "head", gas).value
                    k = (row["region"], served, gas)
                    out[k] = out.get(k, 0.0) + (row["value"] * gen * loss / tot if tot else 0.0)
        return out

    def _sludge_yields(self) -> dict[tuple[str, str], tuple[str, float]]:
        """{(region, producer served indicator): (its sludge served indicator, yield)}: the
        total each producer carries per unit (t/yr of sludge per m3/d of treated sewage,
        :data:`model.services.PRODUCED_BY`). Raises InputError where a region lists sludge
        produced without the treated sewage that produces it, or with none treated."""

        out: dict[tuple[str, str], tuple[str, float]] = {}
        if self.services is None:
            return out
        value = {(r, i): float(v) for r, i, v in zip(
            self.services["region"], self.services["indicator"], self.services["value"],
            strict=True)}
        path = self.services.attrs.get("path", str(self.folder / "services.csv"))
        for (region, ind), v in value.items():
            producer = PRODUCED_BY.get(ind)
            if producer is None:
                continue
            served = next(s for s, t in SERVICE_TOTALS.items() if t == ind)
            base = value.get((region, producer))
            if base is None or (base <= 0 < v):
                raise InputError(f"{path} region {region} year {self.base_year}",
                                 f"{ind} = {v:g} with {producer} = "
                                 f"{'no row' if base is None else f'{base:g}'}",
                                 f"a positive {producer} row: the sewage treated that "
                                 f"produces the {ind.replace('_', ' ')}")
            out[(region, producer)] = (served, v / base if base > 0 else 0.0)
        return out

    # ------------------------------------------------------------------ rows
    def _rows(self, inputs: InventoryInputs, act: pd.DataFrame) -> pd.DataFrame:
        rows = []
        city_rows = act[act["region"] == self.city] if self.city else act.iloc[0:0]
        if len(city_rows):
            r = city_rows.iloc[0]
            raise InputError(f"{_where(r)} column 'region'", repr(self.city),
                             "county rows: the scenario model allocates measures by county")
        for _, r in act.iterrows():
            cat, a = r["category"], r["activity"]
            file = Path(str(r.get("_file", ""))).name
            kind = None
            if cat.startswith("1.A") and a in FUELS and file == "activity_energy.csv":
                kind = "electricity" if a == "electricity" else "fuel"
            elif cat == "1.A.3.b" and "." in a and not a.endswith(".mileage"):
                kind = "vehicle"
            elif cat.startswith("2.A") or sources.process_head(cat, a) is not None \
                    or sources.heavy_metal_source(cat):
                kind = "process"
            elif cat in sources.DOMESTIC and a == "population":
                kind = "population"
            if kind is None:
                continue
            use = str(r.get("use", "") or "")
            rows.append((r["region"], cat, a, str(r["unit"]), float(r["value"]), kind, use))
        types = {(r, a.rsplit(".", 1)[0]) for r, c, a, *_ in rows
                 if c == "1.A.3.b" and "." in a}
        have = {(r, a) for r, c, a, *_ in rows if c == "1.A.3.b"}
        for region, vtype in sorted(types):
            if (region, f"{vtype}.china6") not in have:  # the newest standard takes growth
                rows.append((region, "1.A.3.b", f"{vtype}.china6", "vehicle", 0.0, "vehicle", ""))
        for _, r in self.livestock[self.livestock["activity"].isin(sources.LIVESTOCK)] \
                .iterrows():
            rows.append((r["region"], "3.A", r["activity"], "head", float(r["value"]),
                         "livestock", ""))
        rows += self._ghg_rows(act)
        rows += self._resource_rows()
        if self.services is not None:

            totals = set(SERVICE_TOTALS.values())
            for r, i, v in zip(self.services["region"], self.services["indicator"],
                               self.services["value"], strict=True):
                if i in PRODUCED_BY:  # carried by its producer's row (_sludge_yields)
                    continue
                kind = "total" if i in totals else "service"
                rows.append((r, "service", i, SERVICE_UNITS[i], float(v), kind, ""))
        el = self._el_table
        el = el[(el["item"] == "generation") & (el["year"].astype(int) == self.base_year)]
        if len(el) and "technology" not in el.columns:
            raise InputError(str(self.folder / "electricity.csv"), "no column 'technology'",
                             f"the technology of each generation row, one of {list(TECHNOLOGIES)}"
                             " (non-fossil generation is deducted from assessed energy)")
        for _, r in el.iterrows():
            tech = str(r["technology"]).strip()
            if tech not in TECHNOLOGIES:
                raise InputError(f"{_where(r)} column 'technology'", repr(tech),
                                 f"one of {list(TECHNOLOGIES)}")
            rows.append((r["region"], "generation", tech, "MWh",
                         convert(r["value"], r["unit"], "MWh", _where(r)), "generation", ""))
        df = pd.DataFrame(rows, columns=[*KEY, "amount", "kind", "use"])
        bad = df[~df["region"].isin(self.regions)]
        if len(bad):
            raise InputError(f"{self.folder}", f"rows of region {bad['region'].iloc[0]!r}",
                             f"county rows of {self.regions}")
        return df

    #: inventory categories whose CH4 and N2O the ledger carries as fixed base-year rows
    OTHER_CATEGORIES = ("1.B", "3.", "4.")
    #: ... except these, which it accounts row by row (livestock heads, rice area, the landfill
    #: stock, waste incinerated), so measures can move them
    ROW_CATEGORIES = ("3.A.1", "3.A.2", "3.C.7", "4.A", "4.C")

    #: renewable resources a county can still develop (resources.csv), by resource id
    RESOURCES = ("solar", "wind", "hydro")

    def _resource_rows(self) -> list[tuple]:
        """Rows of kind ``resource`` (category ``resource``, activity solar/wind/hydro, kW):
        the capacity still to be developed by county, from ``resources.csv`` (base year), the
        source renewable measures draw their potential from; no emission of their own."""

        path = self.folder / "resources.csv"
        if not path.exists():
            return []
        df = read_table(path, ["region", "year", "resource", "value", "unit", "source"],
                        key=["region", "year", "resource"], optional=["note"])

        check_values_in(df, "resource", self.RESOURCES, "renewable resource")
        check_values_in(df, "region", self.regions, "county")
        df = df[df["year"].astype(str) == str(self.base_year)]
        return [(r, "resource", a, "kW", convert(v, u, "kW", f"{path} row {row}"), "resource",
                 "") for r, a, v, u, row in zip(df["region"], df["resource"], df["value"],
                                                df["unit"], df["_row"], strict=True)]

    def _ghg_rows(self, act: pd.DataFrame) -> list[tuple]:
        """Rows of the CH4/N2O categories accounted row by row (:data:`ROW_CATEGORIES`; the
        livestock rows carry 3.A.1/3.A.2): rice area by water regime (kind ``crop``, 3.C.7,
        ha), the landfill stock (kind ``landfill``, 4.A: waste deposited t/yr, CH4 generated
        and recovered t CH4/yr, :mod:`model.accounting.landfill`) and waste incinerated (kind
        ``incineration``, 4.C, t/yr)."""
        rows = []
        rice = act[act["category"] == "3.C.7"]
        for _, r in rice.iterrows():
            rows.append((r["region"], "3.C.7", r["activity"], "hectare",
                         convert(r["value"], r["unit"], "hectare", _where(r)), "crop", ""))
        inc = act[(act["category"] == "4.C") & (act["activity"] == "msw_incinerated")]
        for _, r in inc.iterrows():
            rows.append((r["region"], "4.C", "msw_incinerated", "t",
                         convert(r["value"], r["unit"], "t", _where(r)), "incineration", ""))
        stock = self.landfill
        if stock is None:
            return rows
        recovered = act[(act["category"] == "4.A") & (act["activity"] == landfill.RECOVERED)]
        rec: dict[str, float] = {}
        shares = self._population()
        shares = shares / shares.sum() if shares.sum() > 0 else shares
        for _, r in recovered.iterrows():
            v = convert(r["value"], r["unit"], "t CH4", _where(r))
            for region, w in (shares.items() if r["region"] == self.city
                              else [(r["region"], 1.0)]):
                rec[region] = rec.get(region, 0.0) + v * float(w)
        for region in stock.regions:
            if region not in self.regions:
                raise InputError(f"{self.folder / 'waste_history.csv'}",
                                 f"rows of region {region!r}", f"the city or a county of "
                                 f"{self.regions}")
            y0 = stock.base_deposit_year(region)
            gen = stock.generated(region, [self.base_year])[self.base_year]
            rows.append((region, "4.A", landfill.DEPOSITED, "t", stock.deposited(region, y0),
                         "landfill", ""))
            rows.append((region, "4.A", landfill.GENERATED, "t CH4", gen, "landfill", ""))
            if region in rec:
                rows.append((region, "4.A", landfill.RECOVERED, "t CH4", rec[region],
                             "landfill", ""))
        return rows

    def _population(self) -> pd.Series:
        """Residents by county (the domestic-wastewater population rows)."""
        a = self._activity
        p = a[a["category"].isin(sources.DOMESTIC) & (a["activity"] == "population")]
        vals = [convert(v, u, "person", "population") for v, u in zip(p["value"], p["unit"],
                                                                     strict=True)]
        return pd.Series(vals, index=p["region"].to_numpy()).groupby(level=0).sum() \
            .reindex(self.regions, fill_value=0.0)

    def _other(self, emissions: pd.DataFrame | None) -> pd.DataFrame:
        """CH4 and N2O of the categories the ledger does not account row by row (1.B fugitive,
        3 agriculture, 4 waste) and NH3 of fertiliser (3.C), from the inventory's own records,
        as rows of kind ``other`` (amount 1 = the base-year emission; a projection rule moves
        them): so the pathway reports every greenhouse gas, on the inventory's numbers. Records
        the inventory holds for the city only (landfills serving it) are shared out to the
        counties by population (a declared allocation)."""
        cols = [*KEY, "amount", "kind", "use", "gas", "value"]
        if emissions is None or not len(emissions):
            return pd.DataFrame(columns=cols)
        e = emissions[(emissions["year"] == self.base_year) & (emissions["notation"] == "")
                      & (emissions["gas"].isin(["CH4", "N2O"])  # and fertiliser NH3 (3.C.4)
                         | ((emissions["gas"] == "NH3")
                            & emissions["category"].str.startswith("3.C")))
                      & emissions["category"].str.startswith(self.OTHER_CATEGORIES)
                      & ~emissions["category"].str.startswith(self.ROW_CATEGORIES)]
        city = e[e["region"] == self.city]
        e = e[e["region"].isin(self.regions)]
        if len(city):  # city-only records (e.g. 4.A landfills): shared out by population
            pop = self._population()
            shares = pop / pop.sum() if pop.sum() > 0 else pop * 0 + 1 / len(self.regions)
            city = pd.concat([city.assign(region=r, value=city["value"] * w)
                              for r, w in shares.items()], ignore_index=True)
            e = pd.concat([e, city], ignore_index=True)
        g = e.groupby(["region", "category", "gas"], as_index=False)["value"].sum()
        g = g[g["value"] != 0]
        return pd.DataFrame({
            "region": g["region"], "category": g["category"],
            "activity": "inventory:" + g["gas"], "unit": "1", "amount": 1.0, "kind": "other",
            "use": "", "gas": g["gas"], "value": g["value"]}, columns=cols)

    # ------------------------------------------------------------------ coefficients
    def coefficients(self, region: str, category: str, activity: str, unit: str,
                     use: str = "") -> dict[str, float]:
        """Coefficient per ``unit`` of activity row (region, category, activity) for every
        quantity it moves (linear part; the non-fossil electricity deduction is in
        :meth:`totals` and :meth:`electricity_marginal`), and ``CO2e``: CO2 as the rule counts
        it + Σ GWP-100 × CH4, N2O of the scenario's GWP set (:mod:`model.accounting.gwp`).
        Raises InputError on a missing factor or a unit that does not convert (naming the
        activity and category)."""
        out = self._coefficients_of(region, category, activity, unit, use)
        co2e = out.get("CO2", 0.0) + sum(self.gwp[g] * out[g] for g in ("CH4", "N2O")
                                         if out.get(g))
        if co2e:
            out["CO2e"] = co2e
        return out

    def lagged(self, region: str, category: str, activity: str, unit: str
               ) -> tuple[np.ndarray, dict[str, float]] | None:
        """The later-year response of one ``unit`` of an activity whose effect comes after
        it: waste landfilled (4.A ``msw_landfilled``) generates CH4 at ages 1, 2, ... by
        first-order decay. Returns (g[age-1] in t CH4 generated per unit, the coefficients of
        one t CH4 generated), or None for an activity without one. Ages run to the last year
        the response exceeds 1e-6 of its first (at most 200)."""
        if category != "4.A" or activity != landfill.DEPOSITED or self.landfill is None:
            return None
        t = convert(1.0, unit, "t", f"{region} {category} {activity}")
        g = self.landfill.response(region, 200) * t
        keep = np.flatnonzero(np.abs(g) > 1e-6 * (np.abs(g).max() or 1.0))
        g = g[: keep[-1] + 1] if len(keep) else g[:0]
        return g, self.coefficients(region, "4.A", landfill.GENERATED, "t CH4")

    def _coefficients_of(self, region: str, category: str, activity: str, unit: str,
                         use: str = "") -> dict[str, float]:
        lib, rule = self.lib, self.rule
        where = f"{region} {category} {activity}"
        out: dict[str, float] = {}
        if activity.startswith("inventory:"):
            o = self.other
            hit = o[(o["region"] == region) & (o["category"] == category)
                    & (o["activity"] == activity)]
            return {activity.split(":", 1)[1]: float(hit["value"].sum())}
        if category == "service":

            if activity in SERVICE_TOTALS.values():
                served = next(s for s, t in SERVICE_TOTALS.items() if t == activity)
                return {f"{served}:total": 1.0}
            out[activity] = 1.0
            for gas in sources.WATER_GASES:
                c = self._credit.get((region, activity, gas), 0.0)
                if c:
                    out[gas] = -c
            sludge = self._yield.get((region, activity))
            if sludge is not None and sludge[1]:
                out[f"{sludge[0]}:total"] = sludge[1]
            return out
        if category == "generation":
            mwh = convert(1.0, unit, "MWh", where)
            out["electricity_generation"] = mwh
            if rule.co2 == "net_import":
                out["CO2"] = -self.electricity.factor * mwh
            return out
        if category.startswith("1.A") and activity == "electricity":
            mwh = convert(1.0, unit, "MWh", where)
            out["electricity"] = mwh
            tce = factors.standard_coal(lib, category, activity, unit, rule.electricity,
                                        where).value
            out["energy_gross"] = out["energy"] = tce
            if rule.co2 in ("net_import", "consumption"):
                out["CO2"] = self.electricity.factor * mwh
            return out
        if category.startswith("1.A") and "." not in activity:  # a fuel (unknown: no factor)
            tce = factors.standard_coal(lib, category, activity, unit, "calorific", where).value
            out["energy_gross"] = tce
            if not (use == "feedstock" and "feedstock" in rule.deductions):
                out["energy"] = tce
            if activity == "natural_gas":  # the gas a county's supply must cover
                out["natural_gas"] = convert(1.0, unit, "m**3", where)
            if use != "feedstock":
                co2 = factors.fuel_ghg(lib, category, activity, unit, "CO2", where).value
                if co2:
                    out["CO2"] = co2
                for gas in ("CH4", "N2O"):
                    out[gas] = factors.fuel_ghg(lib, category, activity, unit, gas, where).value
                for gas in sources.combustion_pollutants(
                        category, activity, region in self.vehicle_regions,
                        region in self.kiln_regions):
                    out[gas] = factors.air_pollutant(lib, category, activity, unit, gas,
                                                     where).value
            return out
        if category == "1.A.3.b" and "." in activity:
            vtype = activity.rsplit(".", 1)[0]
            if unit.strip() in ("km", "km/yr"):
                km = convert(1.0, unit.replace("/yr", ""), "km", where)
            else:
                if (region, vtype) not in self.mileage:
                    raise InputError(f"{where}", f"a vehicle stock without '{vtype}.mileage'",
                                     "an annual-mileage row (km/vehicle/yr) for the type")
                km = self.mileage[(region, vtype)] * convert(1.0, unit, "vehicle", where)
            for gas in sources.VEHICLE_GASES:
                out[gas] = km * factors.vehicle_exhaust(lib, category, activity, gas).value
            return out
        if sources.heavy_metal_source(category):

            return heavy_metal_coefficients(lib, category, activity, unit, where)
        if category.startswith("2.A"):
            co2 = factors.process_co2(lib, category, activity, unit, where).value
            out["CO2_process"] = co2
            if rule.processes:
                out["CO2"] = co2
        head = sources.process_head(category, activity)
        if head is not None:
            for gas in sources.PROCESS_SOURCES[head]:
                out[gas] = factors.air_pollutant(lib, category, activity, unit, gas, where).value
            return out
        if category == "resource":  # capacity still to develop: no emission of its own
            convert(1.0, unit, "kW", where)
            return out
        if category == "4.A" or category == "4.C" or category in ("3.C.7", "3.A.2"):
            return self._ghg_coefficients(region, category, activity, unit, where)
        if category == "3.A":

            heads = convert(1.0, unit, "head", where)
            per = livestock_ghg_per_head(lib, activity)
            out["CH4"] = heads * (per["enteric_CH4"] + per["manure_CH4"])
            out["N2O"] = heads * per["manure_N2O"]
            out["NH3"] = factors.air_pollutant(lib, "3.A", activity, unit, "NH3", where).value
            loss = factors.parameter_fraction(lib, "3.A", "livestock_manure",
                                              "loss_to_water").value
            for gas in sources.WATER_GASES:
                out[gas] = factors.generation(lib, "3.A", activity, unit, gas, where).value * loss
            return out
        if category in sources.DOMESTIC:
            for gas in sources.WATER_GASES:
                out[gas] = factors.generation(lib, category, "population", unit, gas,
                                              where).value
            return out
        if category.startswith("2.A"):
            return out
        raise InputError(where, "an activity the ledger does not account",
                         "a fuel, vehicle, process, heavy-metal, livestock, population or "
                         "service row")

    def _ghg_coefficients(self, region: str, category: str, activity: str, unit: str,
                          where: str) -> dict[str, float]:
        """Coefficients of the CH4/N2O rows and changes (:meth:`_ghg_rows`):

        * 3.C.7 ``rice`` / ``rice_<regime>`` (ha): CH4 of the regime
          (:func:`model.accounting.rice.rice_ch4_per_ha`, IPCC 2006 Vol 4 Eq. 5.1);
        * 3.A.2 ``manure.<system>`` (t of manure managed in a system for a year, the county's
          herd mix): CH4 and direct N2O (:func:`model.accounting.livestock.manure_system_per_tonne`
          weighted by the manure mass of each animal), so a route change (−1 t in one system,
          +1 t in another) follows Tables 10.17 and 10.21;
        * 4.A ``ch4_generated`` (t CH4): CH4 emitted (1 − OX), ``landfill_ch4_generated`` 1 and
          ``landfill_ch4_collectable`` = the collection efficiency (the gas a collection
          system can capture); ``ch4_recovered`` (t CH4): CH4 −(1 − OX) (Vol 5 Eq. 3.1),
          ``landfill_ch4_recovered`` 1 (needs the collection efficiency); ``msw_landfilled``
          (t): nothing in the year deposited (its CH4 comes later: :meth:`lagged`);
        * 4.C ``msw_incinerated`` (t wet): fossil CO2 ``dm × CF × FCF × OF × 44/12`` (Vol 5
          Eq. 5.1) as ``CO2_waste``, and in ``CO2`` when the rule counts non-energy CO2; N2O
          (and CH4 where the library has a factor) per t (Vol 5 Ch 5 Tables 5.3, 5.6).
        """

        lib = self.lib
        if category == "3.C.7":
            return {"CH4": convert(1.0, unit, "hectare", where)
                    * rice_ch4_per_ha(lib, activity)}
        if category == "3.A.2":
            head, _, system = activity.partition(".")
            if head != "manure" or not system:
                raise InputError(where, "a 3.A.2 activity the ledger does not account",
                                 "'manure.<system>' (t of manure managed in the system)")
            t = convert(1.0, unit, "t", where)
            mix = self._manure_mix(region)
            if not mix:
                raise InputError(where, "a manure route change in a county without livestock",
                                 "livestock rows (3.A) in the county")
            out: dict[str, float] = {}
            for animal, w in mix.items():
                for gas, v in manure_system_per_tonne(lib, animal, system).items():
                    out[gas] = out.get(gas, 0.0) + t * w * v
            return out
        if category == "4.C":
            if activity != "msw_incinerated":
                raise InputError(where, "a 4.C activity the ledger does not account",
                                 "'msw_incinerated' (t wet waste)")
            t = convert(1.0, unit, "t", where)
            c = 1.0
            for p in ("dm", "CF", "FCF", "OF"):
                c *= lib.get("4.C", "msw", p).to("dimensionless")
            out = {"CO2_waste": t * c * CO2_PER_C}
            if self.rule.processes:
                out["CO2"] = out["CO2_waste"]
            for gas in ("N2O", "CH4"):
                f = lib.find("4.C", "msw", gas)
                if f is not None:
                    out[gas] = t * f.to(f"t {gas} / t")
            return out
        # 4.A: the landfill
        stock = self.landfill
        if stock is None:
            raise InputError(where, "a landfill activity in a pack without waste_history.csv",
                             "the landfill deposits by year (waste_history.csv)")
        if activity == landfill.DEPOSITED:
            convert(1.0, unit, "t", where)
            return {}
        t = convert(1.0, unit, "t CH4", where)
        keep = 1.0 - stock.ox
        if activity == landfill.GENERATED:
            out = {"CH4": t * keep, "landfill_ch4_generated": t}
            if np.isfinite(stock.collection_efficiency):
                out["landfill_ch4_collectable"] = t * stock.collection_efficiency
            return out
        if activity == landfill.RECOVERED:
            if not np.isfinite(stock.collection_efficiency):
                lib.get("4.A", "msw", "collection_efficiency")  # names the missing factor
            return {"CH4": -t * keep, "landfill_ch4_recovered": t}
        raise InputError(where, "a 4.A activity the ledger does not account",
                         f"one of {[landfill.DEPOSITED, landfill.GENERATED, landfill.RECOVERED]}")

    def _manure_mix(self, region: str) -> dict[str, float]:
        """Shares of each animal in the county's manure (fresh mass: annual average heads ×
        manure per head, the pollution-census coefficients), base year."""
        if not hasattr(self, "_mix_cache"):
            self._mix_cache: dict[str, dict[str, float]] = {}
        if region not in self._mix_cache:
            lv = self.livestock[(self.livestock["region"] == region)
                                & self.livestock["activity"].isin(sources.LIVESTOCK)]

            mass: dict[str, float] = {}
            for a, n in zip(lv["activity"], lv["value"], strict=True):
                mass[a] = mass.get(a, 0.0) + float(n) * manure_mass_per_head(self.lib, a)
            tot = sum(mass.values())
            self._mix_cache[region] = {a: v / tot for a, v in mass.items()} if tot > 0 else {}
        return self._mix_cache[region]

    def _coefficients(self) -> pd.DataFrame:
        out = []
        for i, (r, c, a, u, use) in enumerate(self.rows[["region", "category", "activity",
                                                         "unit", "use"]].itertuples(index=False)):
            for q, v in self.coefficients(r, c, a, u, use).items():
                out.append((i, q, v))
        return pd.DataFrame(out, columns=["row", "quantity", "value"])

    def removal(self, region: str, served: str, gas: str) -> float:
        """Removal fraction of ``gas`` in the wastewater a served indicator treats (0 for
        manure, whose credit is a loss to water avoided)."""
        cat = {"urban_sewage_treated": "domestic_wastewater.urban",
               "county_sewage_treated": "domestic_wastewater.urban",
               "rural_households_treated": "domestic_wastewater.rural"}.get(served)
        if cat is None:
            return 0.0
        return factors.parameter_fraction(self.lib, cat, "population", f"removal_{gas}").value

    # ------------------------------------------------------------------ totals
    def matrix(self) -> tuple[np.ndarray, list[str]]:
        """C[row, quantity] (dense) and the quantity order (built once per ledger; a copy under
        another rule, :meth:`with_rule`, builds its own)."""
        cached = self.__dict__.get("_matrix")
        if cached is not None and cached[2] is self.coef:
            return cached[0], cached[1]
        C, qs = self._build_matrix()
        self._matrix = (C, qs, self.coef)
        return C, qs

    def _build_matrix(self) -> tuple[np.ndarray, list[str]]:
        qs = self.quantities
        C = np.zeros((len(self.rows), len(qs)))
        qi = {q: i for i, q in enumerate(qs)}
        C[self.coef["row"].to_numpy(), self.coef["quantity"].map(qi).to_numpy()] = \
            self.coef["value"].to_numpy()
        return C, qs

    def non_fossil(self, amounts: np.ndarray) -> tuple[np.ndarray, float]:
        """Non-fossil electricity consumed by region (MWh) for row ``amounts`` and the
        marginal non-fossil share of one more MWh (city level), under the rule's
        ``attribution`` (:func:`attribute_non_fossil`)."""
        C, qs = self.matrix()
        zero = np.zeros(len(self.rows))
        use = amounts * (C[:, qs.index("electricity")] if "electricity" in qs else zero)
        made = amounts * (C[:, qs.index("electricity_generation")]
                          if "electricity_generation" in qs else zero)
        if "_region_ix" not in self.__dict__:
            pos = {r: i for i, r in enumerate(self.regions)}
            self._region_ix = np.array([pos.get(r, -1) for r in self.rows["region"]])
            self._nf_rows = self.rows["activity"].isin(NON_FOSSIL).to_numpy()
        ok = self._region_ix >= 0
        cons_r = np.bincount(self._region_ix[ok], weights=use[ok],
                             minlength=len(self.regions)).astype(float)
        nf, marginal, _ = attribute_non_fossil(
            cons_r, float(made.sum()), float(made[self._nf_rows].sum()),
            self.electricity.grid_non_fossil, self.rule.attribution,
            f"grid factor {self.electricity.grid!r}")
        return nf, marginal

    def totals(self, amounts: Iterable[float] | None = None,
               base_amounts: Iterable[float] | None = None) -> pd.DataFrame:
        """Totals by region: ``region, quantity, value`` for row ``amounts`` (default: the base
        year), the non-fossil deductions included (``base_amounts`` is the base-year point the
        renewable-increment deduction is measured from; default the ledger's base year)."""
        a = self.rows["amount"].to_numpy() if amounts is None else np.asarray(amounts, float)
        base = self.rows["amount"].to_numpy() if base_amounts is None else \
            np.asarray(base_amounts, float)
        tot = self.totals_array(a[:, None], base)[:, 0, :]  # [R, Q]
        qs = self.quantities
        return pd.DataFrame({"region": np.tile(self.regions, len(qs)),
                             "quantity": np.repeat(qs, len(self.regions)),
                             "value": tot.T.reshape(-1)})

    def totals_array(self, amounts: np.ndarray, base_amounts: np.ndarray | None = None
                     ) -> np.ndarray:
        """Totals [R, T, Q] (Q = :attr:`quantities`) of row amounts ``amounts[row, T]``, the
        non-fossil deductions included, measured for the renewable increment from
        ``base_amounts[row]`` (default: column 0 of ``amounts``, the base year of a
        projection). The one accounting of a baseline: :meth:`totals` (one year) and every
        year of :class:`model.derivation.Derivation`."""
        a = np.asarray(amounts, dtype=float)
        C, qs = self.matrix()
        if "_region_ix" not in self.__dict__:
            pos = {r: i for i, r in enumerate(self.regions)}
            self._region_ix = np.array([pos.get(r, -1) for r in self.rows["region"]])
            self._nf_rows = self.rows["activity"].isin(NON_FOSSIL).to_numpy()
        ok = self._region_ix >= 0
        n, T = a.shape
        by_row = (a[:, :, None] * C[:, None, :]).reshape(n, -1)  # [row, T*Q]
        if "_region_sum" not in self.__dict__:  # [R, rows] ones: county sums as one product
            self._region_sum = sparse.csr_matrix(
                (np.ones(int(ok.sum())), (self._region_ix[ok], np.flatnonzero(ok))),
                shape=(len(self.regions), n))
        out = np.asarray(self._region_sum @ by_row).reshape(len(self.regions), T, len(qs))
        if "energy" in qs:
            d = self.rule.deductions
            if "non_fossil" in d or "renewable_increment" in d:
                base = a[:, 0] if base_amounts is None else base_amounts
                e = qs.index("energy")
                for t in range(a.shape[1]):
                    out[:, t, e] -= self.deduction_tce(a[:, t], base)
        return out

    def electricity_tce(self) -> float:
        """tce per MWh of electricity at the rule's equivalence."""
        return factors.standard_coal(self.lib, "1.A", "electricity", "MWh",
                                     self.rule.electricity).value

    def deduction_tce(self, amounts: np.ndarray, base_amounts=None) -> np.ndarray:
        """Energy deducted by region (tce) for non-fossil or renewable-increment deductions."""
        d = self.rule.deductions
        if "non_fossil" not in d and "renewable_increment" not in d:
            return np.zeros(len(self.regions))
        nf, _ = self.non_fossil(amounts)
        k = self.electricity_tce()
        if "non_fossil" in d:
            return nf * k
        base = self.rows["amount"].to_numpy() if base_amounts is None else np.asarray(base_amounts)
        nf0, _ = self.non_fossil(base)
        return (nf - nf0) * k

    def generation_marginal(self, amounts: np.ndarray | None = None) -> float:
        """d(assessed energy)/d(MWh of non-fossil generation a measure adds): under
        ``local_first`` while the city imports, each local non-fossil MWh replaces an imported one
        and raises the non-fossil energy deducted by (1 − s_grid) MWh, so assessed energy falls
        by (1 − s_grid) × tce/MWh; while it exports, local use is already all non-fossil: 0.
        Under ``grid_share`` a measure's distributed generation is self-consumed and keeps its
        certificate with the user (non-tradable certificates of 自发自用 power, 国家能源局 绿证核发
        rules under 发改能源〔2023〕1044号), replacing a grid MWh: −(1 − s_grid) × tce/MWh in every
        year. Only with a non-fossil or renewable-increment deduction."""
        d = self.rule.deductions
        if "non_fossil" not in d and "renewable_increment" not in d:
            return 0.0
        a = self.rows["amount"].to_numpy() if amounts is None else amounts
        _, marginal = self.non_fossil(a)
        if self.rule.attribution == "grid_share":
            return -(1.0 - marginal) * self.electricity_tce()
        if marginal >= 1.0:
            return 0.0
        return -(1.0 - marginal) * self.electricity_tce()

    def electricity_marginal(self, amounts: np.ndarray | None = None) -> float:
        """d(assessed energy)/d(MWh consumed) beyond the linear coefficient: − marginal
        non-fossil share × tce/MWh when a deduction applies, else 0."""
        d = self.rule.deductions
        if "non_fossil" not in d and "renewable_increment" not in d:
            return 0.0
        a = self.rows["amount"].to_numpy() if amounts is None else amounts
        _, marginal = self.non_fossil(a)
        return -marginal * self.electricity_tce()


def attribute_non_fossil(cons_r: np.ndarray, g_all: float, g_nf: float, s_grid: float,
                         attribution: str, where: str = "grid factor"
                         ) -> tuple[np.ndarray, float, bool]:
    """Non-fossil electricity consumed by region (MWh), the marginal non-fossil share of one
    more MWh used, and whether local non-fossil generation exceeds use (the regime), for
    consumption ``cons_r`` [R] (MWh), local generation ``g_all`` and its non-fossil part
    ``g_nf`` (MWh), the grid's non-fossil share ``s_grid`` (fraction) and the attribution
    (:mod:`model.accounting.rules`):

    * ``grid_share``: nf_r = s_grid · cons_r; marginal s_grid (linear; certificates of existing
      hydro follow the power to the grid, 发改能源〔2023〕1044号; 发改环资〔2024〕113号);
    * ``local_first``: city nf = min(cons, g_nf) + max(0, cons − g_all) · s_grid, shared out in
      proportion to consumption; marginal 1 while cons < g_nf, else s_grid.

    The one function the ledger and the sensitivity's numpy path both call. Raises InputError
    when s_grid is needed and not given (a ``non_fossil_share`` row of the grid)."""
    cons = float(cons_r.sum())
    exports = cons < g_nf
    if attribution == "grid_share":
        if cons > 0 and not np.isfinite(s_grid):
            raise InputError(where, "no 'non_fossil_share' parameter (grid_share attribution)",
                             "a non_fossil_share row for the grid in grid_emission_factors.csv")
        return cons_r * (s_grid if np.isfinite(s_grid) else 0.0), \
            (s_grid if np.isfinite(s_grid) else 0.0), exports
    imports = max(0.0, cons - g_all)
    if imports > 0 and not np.isfinite(s_grid):
        raise InputError(where, "no 'non_fossil_share' parameter while the city imports power",
                         "a non_fossil_share row for the grid in grid_emission_factors.csv")
    nf = min(cons, g_nf) + (imports * s_grid if imports else 0.0)
    marginal = 1.0 if exports else (s_grid if np.isfinite(s_grid) else 0.0)
    share = cons_r / cons if cons > 0 else cons_r * 0.0
    return share * nf, marginal, exports
