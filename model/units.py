"""The one unit registry of peakplan (built on openscm-units).

Everything that carries a unit is converted here, at the edge; the LP and the inventory
arithmetic work on plain floats in the canonical units below.

Canonical units
---------------
=================  ===================  ==========================================
quantity           canonical unit       note
=================  ===================  ==========================================
greenhouse gas     ``t <gas>``          e.g. ``t CO2``, ``t CH4``; CO2e only inside
                                        a named GWP context (:func:`gwp_context`)
pollutant load     ``t``                pollutant named in its own column
energy             ``tce``              1 tce = 29.3076 GJ (GB/T 2589-2020: 1 kgce =
                                        29 307.6 kJ, i.e. 7000 kcal_IT)
money              ``CNY``              constant 2020 prices unless a table says so
electricity        ``MWh``
=================  ===================  ==========================================

Chinese statistical units parse: ``万吨`` (1e4 t), ``亿元`` (1e8 CNY), ``万千瓦时`` (1e4 kWh),
``万tce``, ``万吨标准煤``, ``kgce``, ``万立方米``, ``亿立方米``, ``万人``, ``万头``. ``10^4 t`` and
``100 million CNY`` (as statistical communiques write them) parse too.

Traps closed: a bare ``ton`` is the metric tonne (pint's default is the short ton), and
``kt`` is a kilotonne (pint's default is the knot).

Sources: tce definition — GB/T 2589-2020 *General principles for calculation of the
comprehensive energy consumption*, 3.x (1 kgce = 29 307 kJ); openscm-units (BSD-3) for
species dimensions and GWP contexts (SARGWP100, AR4GWP100, AR5GWP100, AR6GWP100).
"""

from __future__ import annotations

import gc
import re
import warnings
from functools import lru_cache

import pint
from openscm_units import unit_registry as _openscm_registry

from model.errors import InputError

#: The registry. Import this, never build another one.
ureg: pint.UnitRegistry = _openscm_registry

_DEFINITIONS = [
    # energy: tonne of coal equivalent, GB/T 2589-2020
    "tce = 29.3076 * GJ = tonne_coal_equivalent",
    "kgce = tce / 1000",
    # money
    "CNY = [currency] = yuan",
    # water pollutants and others openscm-units does not carry
    "COD = [COD]",
    "NH3_N = [NH3_N]",
    "PM25 = [PM25]",
    "PM10 = [PM10]",
    "TP = [TP]",
    "TN = [TN]",
    # counts used by statistical tables
    "head = [livestock_head]",
    "person = [person] = persons",
    "household = [household] = households",
    "vehicle = [vehicle] = vehicles",
    # 亩 (mu), the Chinese land-area unit: 1/15 hectare. Named mu_land because pint's 'mu' is
    # already the milli-atomic-mass-unit.
    "mu_land = 10000 / 15 * m ** 2",
]

_GWP_CONTEXTS = {
    "SAR": "SARGWP100",
    "AR4": "AR4GWP100",
    "AR5": "AR5GWP100",
    "AR6": "AR6GWP100",
}


def _register() -> None:
    for line in _DEFINITIONS:
        name = line.split("=")[0].strip()
        if name not in ureg:
            ureg.define(line)
    # A bare 'ton' is the metric tonne in every Chinese and IPCC table; 'kt' is kilotonne.
    ureg.define("ton = metric_ton")
    if ureg.Quantity(1, "kt").to("t").magnitude != 1000:  # pragma: no cover - guard
        raise RuntimeError("kt is not a kilotonne in the unit registry")


_register()


def _load_metric_contexts() -> None:
    # openscm-units reads its GWP tables lazily with a deprecated importlib call; load them once
    # here so no DeprecationWarning escapes into user code or tests.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", ResourceWarning)  # the GWP CSV is opened, never closed
        for ctx in _GWP_CONTEXTS.values():
            with ureg.context(ctx):
                ureg.Quantity(1.0, "t CH4").to("t CO2")
        gc.collect()


_load_metric_contexts()

# Words of Chinese statistical tables, longest first, mapped to pint expressions.
_ZH_WORDS = [
    ("吨标准煤", " tce"),
    ("千克标准煤", " kgce"),
    ("标准煤", " tce"),
    ("吨二氧化碳", " t CO2"),
    ("千瓦时", " kWh"),
    ("兆瓦时", " MWh"),
    ("立方米", " m**3"),
    ("公顷", " hectare"),
    ("千克", " kg"),
    ("公斤", " kg"),
    ("吨", " t"),
    ("元", " CNY"),
    ("度", " kWh"),
    ("亩", " mu_land"),
    ("人", " person"),
    ("户", " household"),
    ("头", " head"),
    ("只", " head"),
    ("辆", " vehicle"),
]
_ALIASES = {
    "NH3-N": "NH3_N",
    "PM2.5": "PM25",
    "VOCs": "VOC",
    "CO2e": "CO2",  # only meaningful inside a GWP context; see gwp_context
}


def _normalise(text: str) -> str:
    s = text.strip()
    s = s.replace("×", "*").replace("·", "*").replace("％", "%").replace("/", " / ")
    for k, v in _ALIASES.items():
        s = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(k)}(?![A-Za-z0-9_.])", v, s)
    for zh, en in _ZH_WORDS:
        s = s.replace(zh, en)
    s = re.sub(r"(?<![A-Za-z0-9_])m3(?![A-Za-z0-9_])", "m**3", s)
    # 万/亿 multiply the unit that follows them only: 'kg/万m3' is kg per 1e4 m3
    s = re.sub(r"(万|亿)\s*([A-Za-z_][A-Za-z_0-9]*(?:\s*\*\*\s*\d+)?(?:\s+[A-Z][A-Za-z_0-9]*)?)",
               lambda m: f" ({'1e4' if m.group(1) == '万' else '1e8'} * {m.group(2)}) ", s)
    s = s.replace("亿", " 1e8 * ").replace("万", " 1e4 * ")
    s = re.sub(r"10\^(\d+)", r"1e\1", s)
    s = re.sub(r"\b100 million\b", "1e8", s)
    s = re.sub(r"\b10 thousand\b", "1e4", s)
    s = s.replace("%", " percent ")
    s = re.sub(r"\*\s*(?=[/)]|$)", "", s)
    return re.sub(r"\s+", " ", s).strip()


_ALLOWED = re.compile(r"^[A-Za-z0-9_ .*/()\-]+$")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(\d+\.?\d*(?:[eE][-+]?\d+)?)(?![A-Za-z0-9_.])")


def _check_numbers(expr: str, text: str) -> None:
    """A unit may hold numbers only as a leading positive multiplier (``10^4 t``, 万) or as an
    exponent (``m**3``): ``t*0``, ``t 2`` or ``t/0`` would silently scale every value."""
    for m in _NUMBER.finditer(expr):
        before = expr[: m.start()].rstrip()
        value = float(m.group(1))
        exponent = before.endswith("**") or before.endswith("**-")
        multiplier = (before == "" or before.endswith("(")) and value > 0
        if not (exponent or multiplier):
            raise ValueError(f"unit {text!r} holds the number {m.group(1)} where a unit is "
                             "expected (numbers may only lead, as in '10^4 t', or be exponents)")


@lru_cache(maxsize=1024)
def parse_unit(text: str) -> pint.Unit | pint.Quantity:
    """Parse a unit string (English, pint or Chinese statistical) into a pint quantity.

    Returns a quantity of magnitude 1 in the parsed unit (a multiplier such as 万 is kept in
    the magnitude). Only unit names, ``* / ( ) **``, a leading positive multiplier and integer
    exponents are accepted — never an arbitrary expression (``t*0``, ``t 2``, ``(t``, quotes).
    Raises ``ValueError`` on a unit that does not parse; callers turn it into an
    :class:`~model.errors.InputError` that names the file and row.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"empty unit {text!r}")
    expr = _normalise(text)
    if not _ALLOWED.match(expr):
        raise ValueError(f"unit {text!r} holds characters that are not part of a unit")
    _check_numbers(expr, text)
    try:
        q = ureg.Quantity(1.0, "dimensionless") * ureg.parse_expression(expr)
    except Exception as exc:  # pint's parser raises many types (TokenError, ZeroDivision...)
        raise ValueError(f"unit {text!r} does not parse ({type(exc).__name__})") from None
    if not isinstance(q, pint.Quantity) or not (0 < float(q.magnitude) < float("inf")):
        raise ValueError(f"unit {text!r} does not parse to a positive finite scale")
    return q


def convert(
    value: float, unit: str, to: str, where: str = "value", context: str | None = None
) -> float:
    """Convert ``value`` in ``unit`` to the unit ``to`` and return a plain float.

    Parameters
    ----------
    value, unit:
        The number and its unit string as read (Chinese units allowed).
    to:
        Target unit, e.g. ``"t"``, ``"tce"``, ``"t CO2"``, ``"CNY"``.
    where:
        Location for the error message (file, row, column).
    context:
        Optional pint context, e.g. a GWP context name from :func:`gwp_context`.

    Raises
    ------
    InputError
        If the unit does not parse or its dimension does not match ``to``.
    """
    try:
        q = parse_unit(unit) * value
    except ValueError:
        raise InputError(where, f"unit {unit!r}", f"a unit convertible to {to!r}",
                         "use e.g. t, 万吨, tce, 万tce, 万千瓦时, 亿元") from None
    try:
        target = parse_unit(to)
        if context:
            with ureg.context(context):
                out = q.to(target.units)
        else:
            out = q.to(target.units)
        return float(out.magnitude / target.magnitude)
    except pint.errors.DimensionalityError:
        dim = parse_unit(to).dimensionality
        raise InputError(where, f"unit {unit!r} ({q.dimensionality})",
                         f"a unit convertible to {to!r} ({dim})") from None


def gwp_context(gwp: str) -> str:
    """Return the openscm-units context name for a GWP set (SAR, AR4, AR5 or AR6, 100-year).

    Values (kg CO2e per kg): CH4 21/25/28/27.9 and N2O 310/298/265/273 for SAR/AR4/AR5/AR6
    (IPCC SAR; AR4 WG1 Table 2.14; AR5 WG1 Table 8.A.1; AR6 WG1 Table 7.SM.7), as shipped by
    openscm-units. Raises ``ValueError`` on an unknown set.
    """
    key = gwp.upper().replace("GWP100", "")
    if key not in _GWP_CONTEXTS:
        raise ValueError(f"unknown GWP set {gwp!r}; expected one of {sorted(_GWP_CONTEXTS)}")
    return _GWP_CONTEXTS[key]


def gwp(gas: str, gwp_set: str = "AR5") -> float:
    """GWP-100 of ``gas`` (``CO2``, ``CH4``, ``N2O``, ...) in the named set, as a float."""
    gas = _ALIASES.get(gas, gas)
    with ureg.context(gwp_context(gwp_set)):
        return float(ureg.Quantity(1.0, f"t {gas}").to("t CO2").magnitude)
