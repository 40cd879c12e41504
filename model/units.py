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

Cost (issue #9, start-up): importing this module imports neither pint nor openscm-units. The
registry — openscm-units' own ``unit_registry``, the one registry of peakplan — is completed with
the definitions below on first use (:func:`registry`, or the module attribute ``ureg``), and its
GWP contexts are built on the first use of :func:`gwp_context` or :func:`gwp` (or a
:func:`convert` inside a context): a ``peakplan run`` keeps every gas in its own tonnes and
never builds them; only CO2e tables (``peakplan inventory``) do. openscm-units builds every
metric context it ships (11 GWP/GTP sets x ~100 species) the first time any context is enabled,
about 1 s; it is handed only the four GWP-100 sets peakplan offers (same table, same code, so
the same factors), 0.4 s. Other openscm-units metrics (``AR6GWP20``, ``AR6GTP100``, ...) are
therefore not available from this registry. pint is imported without letting it import scipy (see
:func:`_import_pint_without_scipy`: that import made Pyomo load scipy.stats, 0.4 s, for
nothing), so pint's ``Quantity.to_preferred`` is unavailable unless scipy was loaded first.
:func:`convert` keeps, per (unit, target unit) pair, the three numbers pint multiplies and
divides by, and computes ``value * magnitude * factor / scale`` in pint's order — the same
float, bit for bit — so the inventory's thousands of conversions call pint once per distinct
pair. Offset units (degC) never parse; conversions inside a pint context always go through pint.
Those numbers are also kept on disk between processes (:func:`_cache_file`, keyed by the pint
and openscm-units versions and by every definition here; ``PEAKPLAN_CACHE=off`` disables it),
so a run whose unit pairs have all been seen never builds the registry (0.6 s of openscm-units'
import): the float is the same, because it is the same three numbers in the same order.
"""

from __future__ import annotations

import gc
import re
import threading
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

from model.errors import MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT, InputError

if TYPE_CHECKING:
    import pint

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
    "village = [village] = villages",
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


_LOCK = threading.RLock()
_REGISTRY: pint.UnitRegistry | None = None
_CONTEXTS_READY = False


def registry() -> pint.UnitRegistry:
    """The one unit registry of peakplan: openscm-units' ``unit_registry`` with peakplan's units
    (tce, CNY, 万/亿 words, ...), completed on first call. Never build another one.

    Also reachable as ``model.units.ureg`` (``from model.units import ureg`` works).
    """
    global _REGISTRY
    if _REGISTRY is None:
        with _LOCK:
            if _REGISTRY is None:
                _REGISTRY = _build()
    return _REGISTRY


def __getattr__(name: str) -> object:
    if name == "ureg":  # the registry, built on first access
        return registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _build() -> pint.UnitRegistry:
    _import_pint_without_scipy()
    from openscm_units import unit_registry as reg

    _only_our_metric_contexts(reg)
    _register(reg)
    return reg


def _import_pint_without_scipy() -> None:
    """Import pint without letting it import scipy, unless scipy is loaded already.

    pint imports scipy only to know whether it may offer ``Quantity.to_preferred`` (which solves
    a small MILP with scipy; peakplan never calls it). Pyomo, once scipy is loaded by anyone,
    loads scipy.stats, .sparse, .spatial and .integrate too (pyomo.common.dependencies): 0.4 s of
    a 2.4 s ``peakplan run``, for nothing. So while pint is imported, ``import scipy`` fails (the
    standard way: ``sys.modules["scipy"] = None``); scipy stays importable for everyone after.
    The one effect: ``to_preferred`` is unavailable in a process that had not loaded scipy.
    """
    import sys

    if "pint" in sys.modules or "scipy" in sys.modules:
        return
    sys.modules["scipy"] = None  # type: ignore[assignment]
    try:
        import pint  # noqa: F401
    finally:
        if "scipy" in sys.modules and sys.modules["scipy"] is None:
            del sys.modules["scipy"]


def _only_our_metric_contexts(reg: pint.UnitRegistry) -> None:
    """Hand openscm-units the four GWP-100 columns of its metric table (see the module docstring).

    ``ScmUnitRegistry`` takes the table as its ``metric_conversions`` argument and keeps it in
    ``_metric_conversions`` until contexts are first enabled; if anything enabled them already,
    or this openscm-units keeps the table differently, nothing is changed (all metrics get built,
    the four factors are the same).
    """
    if getattr(reg, "_contexts_added", True) or getattr(reg, "_metric_conversions", 0) is not None:
        return
    try:
        from openscm_units._unit_registry import _load_globalwarmingpotentials_frame
    except ImportError:  # pragma: no cover - another openscm-units layout
        return
    with warnings.catch_warnings():
        # globalwarmingpotentials reads its CSV with a deprecated importlib call and never
        # closes it; keep both warnings out of user code and tests
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", ResourceWarning)
        table = _load_globalwarmingpotentials_frame()
        gc.collect()
    columns = list(_GWP_CONTEXTS.values())
    if all(c in table.columns for c in columns):
        # openscm-units' lazily set attribute (not in pint's stub)
        reg._metric_conversions = table[columns]  # type: ignore[attr-defined]


def _register(reg: pint.UnitRegistry) -> None:
    for line in _DEFINITIONS:
        name = line.split("=")[0].strip()
        if name not in reg:
            reg.define(line)
    # A bare 'ton' is the metric tonne in every Chinese and IPCC table; 'kt' is kilotonne.
    reg.define("ton = metric_ton")
    if reg.Quantity(1, "kt").to("t").magnitude != 1000:  # pragma: no cover - guard
        raise RuntimeError("kt is not a kilotonne in the unit registry")


def _with_contexts() -> pint.UnitRegistry:
    """The registry, with its GWP contexts built (first call: about 0.4 s)."""
    global _CONTEXTS_READY
    reg = registry()
    if not _CONTEXTS_READY:
        with _LOCK:
            if not _CONTEXTS_READY:
                _load_metric_contexts(reg)
                _CONTEXTS_READY = True
    return reg


def _load_metric_contexts(reg: pint.UnitRegistry) -> None:
    # openscm-units builds its contexts on first use; build them here, once, inside the same
    # warning filters (see _only_our_metric_contexts), and check each set converts CH4.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", ResourceWarning)
        for ctx in _GWP_CONTEXTS.values():
            with reg.context(ctx):
                reg.Quantity(1.0, "t CH4").to("t CO2")
        gc.collect()


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
    ("村", " village"),
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
    # a hyphen between two unit names is their product, as in vehicle-km, t-km, person-day
    s = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", "*", s)
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


#: A label naming what a unit counts ("t coal/yr": tonnes of coal per year): a lower-case word
#: after a unit and a space, before "/", ")" or the end, that the registry does not know.
_LABEL = re.compile(r"(?<=[A-Za-z_)])\s+([a-z][a-z_]*)(?=\s*(?:/|\)|$))")


def _without_labels(text: str, reg: pint.UnitRegistry) -> str:
    return _LABEL.sub(lambda m: m.group(0) if m.group(1) in reg else "", text)


@lru_cache(maxsize=1024)
def parse_unit(text: str, labels: bool = False) -> pint.Quantity:
    """Parse a unit string (English, pint or Chinese statistical) into a pint quantity.

    Returns a quantity of magnitude 1 in the parsed unit (a multiplier such as 万 is kept in
    the magnitude). Only unit names, ``* / ( ) **``, a leading positive multiplier and integer
    exponents are accepted — never an arbitrary expression (``t*0``, ``t 2``, ``(t``, quotes).
    Raises ``ValueError`` on a unit that does not parse; callers turn it into an
    :class:`~model.errors.InputError` that names the file and row.

    ``labels``: a unit of application may name what it counts after a unit (``t coal/yr``,
    ``t clinker/yr``: :data:`_LABEL`); such a word, if the registry does not know it, is read as
    a label and dropped (``t coal/yr`` is ``t/yr``). Only for measures' units: a data table's
    ``t coal`` stays an error.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"empty unit {text!r}")
    if labels:
        text = _without_labels(text, registry())
    expr = _normalise(text)
    if not _ALLOWED.match(expr):
        raise ValueError(f"unit {text!r} holds characters that are not part of a unit")
    _check_numbers(expr, text)
    reg = registry()
    import pint  # loaded with the registry

    try:
        q = reg.Quantity(1.0, "dimensionless") * reg.parse_expression(expr)
    except Exception as exc:  # pint's parser raises many types (TokenError, ZeroDivision...)
        raise ValueError(f"unit {text!r} does not parse ({type(exc).__name__})") from None
    if not isinstance(q, pint.Quantity) or not (0 < float(q.magnitude) < float("inf")):
        raise ValueError(f"unit {text!r} does not parse to a positive finite scale")
    return q


#: (unit, target unit) -> (magnitude of the unit, pint's conversion factor, magnitude of the
#: target unit): what pint computes with, so a cached conversion is pint's float exactly.
_FACTORS: dict[tuple[str, str], tuple[float, float, float]] = {}
_FACTORS_MAX = 4096  # distinct pairs kept; the shipped run has 50
_DISK = {"loaded": False, "dirty": False}


def _cache_key() -> str | None:
    """A hash of pint's and openscm-units' versions and of every unit definition and alias of
    this module: kept numbers are read only under the same key (None: a package's version
    cannot be read, so nothing is kept)."""
    import hashlib
    import importlib.metadata as md

    try:
        versions = [md.version("pint"), md.version("openscm-units")]
    except md.PackageNotFoundError:
        return None
    key = repr((versions, _DEFINITIONS, sorted(_ALIASES.items()), _ZH_WORDS, _FACTORS_MAX))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _cache_file():
    """Where pint's numbers are kept between processes: ``$PEAKPLAN_CACHE`` (``off`` = none),
    else ``$XDG_CACHE_HOME/peakplan`` or ``~/.cache/peakplan``; the file name carries
    :func:`_cache_key`, so a change of version, definition or alias starts a new file (the old
    one is never read)."""
    import os
    from pathlib import Path

    root = os.environ.get("PEAKPLAN_CACHE")
    if root == "off":
        return None
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"),
                                                                 ".cache")
        root = os.path.join(base, "peakplan")
    digest = _cache_key()
    return Path(root) / f"unit-factors-{digest}.json" if digest else None


#: The factors of every unit pair the shipped data, scenarios and tests convert, computed by
#: pint with the versions named in the file (``tools/unit_seed.py`` writes it): read under the
#: same :func:`_cache_key` only, like the user's cache, so that the first run on a machine
#: (no cache yet: "cold") need not build the registry either. ``PEAKPLAN_CACHE=off`` or
#: ``PEAKPLAN_UNIT_SEED=off`` leaves it unread.
SEED_FILE = "unit_seed.json"


def _read_rows(rows) -> None:
    for unit, to, m, f, sc in rows:
        if all(isinstance(x, float) for x in (m, f, sc)):
            _FACTORS.setdefault((str(unit), str(to)), (m, f, sc))


def _load_disk() -> None:
    """Read the kept factors once per process: the user's cache, then the shipped seed (a
    missing or unreadable file, or another key, is no cache)."""
    import contextlib
    import json
    import os
    from pathlib import Path

    _DISK["loaded"] = True
    path = _cache_file()
    if path is not None and path.exists():
        with contextlib.suppress(OSError, ValueError, TypeError):
            _read_rows(json.loads(path.read_text(encoding="utf-8")))
    if "off" in (os.environ.get("PEAKPLAN_CACHE"), os.environ.get("PEAKPLAN_UNIT_SEED")):
        return
    try:
        seed = json.loads((Path(__file__).parent / SEED_FILE).read_text(encoding="utf-8"))
        if seed.get("key") == _cache_key():
            _read_rows(seed["pairs"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return


def _save_disk() -> None:
    """Write the factors atomically at exit when pint computed new ones (errors ignored: the
    cache only saves time, never changes a number)."""
    import json
    import os
    import tempfile

    if not _DISK["dirty"]:
        return
    path = _cache_file()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".unit-factors.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump([[u, t, *v] for (u, t), v in _FACTORS.items()], f, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        return


def known(unit: str, to: str) -> bool:
    """Whether ``convert(·, unit, to)`` is known to succeed without pint (a kept pair)."""
    if not _DISK["loaded"]:
        _load_disk()
    return (unit, to) in _FACTORS


def convert(
    value: float, unit: str, to: str, where: str = "value", context: str | None = None,
    labels: bool = False,
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
    labels:
        Read a label after a unit (``t coal/yr``) as a label (:func:`parse_unit`), in both
        units: for a measure's unit of application and the costs per unit of it.

    Raises
    ------
    InputError
        If either unit does not parse, their dimensions do not match, or the converted value
        exceeds :data:`~model.errors.MAX_MAGNITUDE` (1e15) in the target unit (``1e14 万吨`` is
        1e18 t).

    The first conversion of each (``unit``, ``to``) pair goes through pint; later ones reuse
    pint's numbers (see the module docstring) and give the same float without calling pint.
    """
    if context is None and isinstance(value, float | int):  # (Decimal etc.: pint's own way)
        if not _DISK["loaded"]:
            _load_disk()
        plan = _FACTORS.get((unit, to))
        if plan is not None:
            magnitude, factor, scale = plan
            return _bounded(float(magnitude * value * factor / scale), value, unit, to, where)
    reg = _with_contexts() if context else registry()
    from pint.errors import DimensionalityError  # loaded with the registry

    try:
        source = parse_unit(unit, labels)
    except ValueError:
        raise InputError(where, f"unit {unit!r}", f"a unit convertible to {to!r}",
                         "use e.g. t, 万吨, tce, 万tce, 万千瓦时, 亿元") from None
    try:
        target = parse_unit(to, labels)
    except ValueError:
        raise InputError(where, f"the unit to convert to, {to!r}, which does not parse",
                         "a unit such as t, tce, MWh or CNY") from None
    q = source * value
    try:
        if context:
            with reg.context(context):
                out = float(q.to(target.units).magnitude / target.magnitude)
        else:
            out = float(q.to(target.units).magnitude / target.magnitude)
    except DimensionalityError:
        raise InputError(where, f"unit {unit!r} ({q.dimensionality})",
                         f"a unit convertible to {to!r} ({target.dimensionality})") from None
    if context is None:
        _remember(unit, to, source, target, value, out)
    return _bounded(out, value, unit, to, where)


def _bounded(out: float, value: float, unit: str, to: str, where: str) -> float:
    if abs(out) > MAX_MAGNITUDE:  # NaN passes, as it always did; callers refuse it earlier
        raise InputError(where, f"{value!r} {unit}, which is {out:.3g} {to}",
                         f"at most {MAX_MAGNITUDE_TEXT} {to} in magnitude",
                         "check the unit and the exponent")
    return out


def _remember(unit: str, to: str, source: pint.Quantity, target: pint.Quantity, value: float,
              out: float) -> None:
    """Keep pint's numbers for (unit, to) if they reproduce ``out`` exactly.

    pint multiplies a magnitude by one conversion factor (so converting 1.0 gives the factor
    itself); a unit with an offset (degC: 0 degC is not 0 K) is not a factor and is never kept,
    nor is any pair whose cached arithmetic would not give pint's float for this value.
    """
    if (len(_FACTORS) >= _FACTORS_MAX or not isinstance(unit, str) or not isinstance(to, str)
            or not isinstance(value, float | int)):
        return
    reg = registry()
    try:
        factor = reg.convert(1.0, source.units, target.units)
        zero = reg.convert(0.0, source.units, target.units)
    except Exception:  # anything pint refuses here is simply not cached
        return
    magnitude, scale = float(source.magnitude), float(target.magnitude)
    if zero != 0.0 or not isinstance(factor, float):
        return
    if float(magnitude * value * factor / scale) != out:
        return
    _FACTORS[(unit, to)] = (magnitude, factor, scale)
    if not _DISK["dirty"]:
        import atexit

        _DISK["dirty"] = True
        atexit.register(_save_disk)


def gwp_context(gwp: str) -> str:
    """Return the openscm-units context name for a GWP set (SAR, AR4, AR5 or AR6, 100-year),
    building the registry's GWP contexts on the first call (about 0.4 s, once per process), so
    the name works with ``registry().context(...)`` as well as with :func:`convert`.

    Values (kg CO2e per kg): CH4 21/25/28/27.9 and N2O 310/298/265/273 for SAR/AR4/AR5/AR6
    (IPCC SAR; AR4 WG1 Table 2.14; AR5 WG1 Table 8.A.1; AR6 WG1 Table 7.SM.7), as shipped by
    openscm-units. Raises ``ValueError`` on an unknown set (without building anything).
    """
    name = _context_name(gwp)
    _with_contexts()
    return name


def _context_name(gwp: str) -> str:
    key = gwp.upper().replace("GWP100", "")
    if key not in _GWP_CONTEXTS:
        raise ValueError(f"unknown GWP set {gwp!r}; expected one of {sorted(_GWP_CONTEXTS)}")
    return _GWP_CONTEXTS[key]


@lru_cache(maxsize=256)
def gwp(gas: str, gwp_set: str = "AR5") -> float:
    """GWP-100 of ``gas`` (``CO2``, ``CH4``, ``N2O``, ...) in the named set, as a float.

    Read from the table openscm-units builds its GWP contexts from (the
    ``globalwarmingpotentials`` package, the same numbers, in milliseconds), so a run that
    needs CO2e does not build the contexts (about 1.4 s); a gas that table lacks is read from
    the registry's GWP context. Remembered per (gas, set).
    """
    gas = _ALIASES.get(gas, gas)
    context = _context_name(gwp_set)
    if gas == "CO2":
        return 1.0
    table = _gwp_table()
    if gas in table.get(context, {}):
        return float(table[context][gas])
    reg = _with_contexts()
    with reg.context(context):
        return float(reg.Quantity(1.0, f"t {gas}").to("t CO2").magnitude)


@lru_cache(maxsize=1)
def _gwp_table() -> dict:
    """{metric: {species: GWP}} of the ``globalwarmingpotentials`` package, the table
    openscm-units builds its GWP contexts from ({} if the package is missing: then the
    contexts are used)."""
    try:
        import globalwarmingpotentials
    except ImportError:  # pragma: no cover - a dependency of openscm-units
        return {}
    return globalwarmingpotentials.data
