"""Unit conversions, including Chinese statistical units (values worked by hand)."""

import random
import subprocess
import sys

import pytest

import model.units as units
from model.errors import InputError
from model.units import convert, gwp, gwp_context


@pytest.mark.parametrize(
    ("value", "unit", "to", "expected"),
    [
        (1, "万吨", "t", 1e4),
        (2, "亿元", "CNY", 2e8),
        (1, "万千瓦时", "kWh", 1e4),
        (1, "万千瓦时", "MWh", 10.0),
        (3, "万tce", "tce", 3e4),
        (1, "万吨标准煤", "tce", 1e4),
        (1, "tce", "GJ", 29.3076),  # GB/T 2589-2020: 1 kgce = 29 307.6 kJ
        (1000, "kgce", "tce", 1.0),
        (1229, "kgce", "tce", 1.229),
        (1, "ton", "kg", 1000.0),  # a bare ton is the metric tonne, not the short ton
        (1, "kt", "t", 1000.0),  # kt is a kilotonne, not a knot
        (1, "10^4 t", "t", 1e4),
        (1088.78, "100 million CNY", "CNY", 1.08878e11),
        (1, "Mt CO2", "t CO2", 1e6),
        (5, "%", "dimensionless", 0.05),
        (2, "亿立方米", "m**3", 2e8),
        (1, "万头", "head", 1e4),
        (10, "10^4 CNY", "CNY", 1e5),
        (0.1229, "kgce/kWh", "tce/MWh", 0.1229),
        (1, "kg/万m3", "kg/m**3", 1e-4),  # 万 multiplies only the unit after it
        (1, "万m3", "m**3", 1e4),
        (5, "m3/d", "m**3/d", 5.0),
        (15, "亩", "hectare", 1.0),  # 1 hectare = 15 mu
        (3, "元/吨", "CNY/t", 3.0),
        (2, "万元", "CNY", 2e4),
    ],
)
def test_convert(value, unit, to, expected):
    assert convert(value, unit, to) == pytest.approx(expected, rel=1e-12)


def test_dimension_mismatch_names_place():
    with pytest.raises(InputError) as e:
        convert(1, "万吨", "tce", where="energy.csv row 3 column 'unit'")
    assert "energy.csv row 3" in str(e.value) and "tce" in str(e.value)


def test_unparseable_unit():
    with pytest.raises(InputError, match="bananas"):
        convert(1, "bananas per fortnight squared", "t")


@pytest.mark.parametrize(
    ("gas", "gwp_set", "expected"),
    [  # IPCC SAR; AR4 WG1 Table 2.14; AR5 WG1 Table 8.A.1; AR6 WG1 Table 7.SM.7
        ("CH4", "SAR", 21), ("CH4", "AR4", 25), ("CH4", "AR5", 28), ("CH4", "AR6", 27.9),
        ("N2O", "SAR", 310), ("N2O", "AR4", 298), ("N2O", "AR5", 265), ("N2O", "AR6", 273),
        ("CO2", "AR5", 1),
    ],
)
def test_gwp(gas, gwp_set, expected):
    assert gwp(gas, gwp_set) == pytest.approx(expected)


def test_co2e_only_in_context():
    with pytest.raises(InputError):
        convert(1, "t CH4", "t CO2")
    assert convert(1, "t CH4", "t CO2", context=gwp_context("AR5")) == pytest.approx(28)


def test_unknown_gwp_set():
    with pytest.raises(ValueError, match="AR3"):
        gwp_context("AR3")


@pytest.mark.parametrize("unit", ["t*0", "t 2", "t/0", "t!!", "t#x", "(t", '__import__("os")',
                                  "0 t", "-1 t"])
def test_units_are_not_arithmetic(unit):
    # a unit string must never scale a value silently or run code (tester's cases)
    with pytest.raises(InputError):
        convert(5, unit, "t")


# --- issue #9: start-up and per-call cost, without changing a single result ---

SHIPPED_PAIRS = [  # (unit, target) pairs the shipped run converts, Chinese multipliers included
    ("万吨", "t"), ("亿元", "CNY"), ("万千瓦时", "MWh"), ("kg CO2/TJ", "t CO2/TJ"),
    ("(t)*(kg/t)", "t"), ("%", "dimensionless"), ("dimensionless", "dimensionless"),
    ("kg/万m3", "kg/m**3"), ("10^4 CNY", "CNY"), ("CNY", "10^4 CNY"), ("kgce/kWh", "tce/MWh"),
    ("100 million CNY", "CNY"), ("万头", "head"), ("亩", "hectare"), ("m3/d", "m**3/d"),
]


def _pint(value, unit, to):
    """The conversion done by pint alone, as convert() did it before the cache."""
    src, dst = units.parse_unit(unit), units.parse_unit(to)
    return float((src * value).to(dst.units).magnitude / dst.magnitude)


@pytest.mark.parametrize(("unit", "to"), SHIPPED_PAIRS)
def test_cached_conversion_is_pints_float_bit_for_bit(unit, to):
    rng = random.Random(f"{unit}->{to}")
    values = [rng.uniform(-1e6, 1e6) for _ in range(300)] + [0, 1, 3, 0.1, 1e-9, 12345.678, -0.0]
    units._FACTORS.pop((unit, to), None)
    got = [convert(v, unit, to) for v in values]  # the first fills the cache
    assert (unit, to) in units._FACTORS
    assert got == [_pint(v, unit, to) for v in values]  # == on floats: identical bits


def test_repeated_conversion_does_not_call_pint(monkeypatch):
    assert convert(3, "万吨", "t") == 3e4

    def no_pint(*args, **kwargs):
        raise AssertionError("pint was called")

    monkeypatch.setattr(units, "parse_unit", no_pint)
    monkeypatch.setattr(units, "registry", no_pint)
    assert convert(7, "万吨", "t") == 7e4 and convert(2.5, "万吨", "t") == 2.5e4


def test_context_conversions_are_not_cached_and_do_not_leak():
    assert convert(1, "t CH4", "t CO2", context=gwp_context("AR5")) == pytest.approx(28)
    assert ("t CH4", "t CO2") not in units._FACTORS
    with pytest.raises(InputError):  # without the context it is still a dimension error
        convert(1, "t CH4", "t CO2")


def test_offset_units_are_never_cached():
    reg = units.registry()
    degc, kelvin = reg.Quantity(1.0, "degC"), reg.Quantity(1.0, "K")
    units._remember("degC", "K", degc, kelvin, 1.0, 274.15)  # 0 degC -> 273.15 K: no factor
    assert ("degC", "K") not in units._FACTORS
    with pytest.raises(InputError):  # and an offset unit string does not parse at all
        convert(20, "degC", "K")
    assert convert(1, "delta_degC", "K") == 1.0  # a temperature difference is a factor


def test_a_target_unit_that_does_not_parse_is_an_input_error():
    with pytest.raises(InputError, match="the unit to convert to, 'degC'"):
        convert(1, "K", "degC", where="x.csv row 2")


def test_converted_magnitude_is_bounded():
    assert convert(1e11, "万吨", "t") == 1e15  # the bound itself
    for _ in range(2):  # uncached, then cached
        with pytest.raises(InputError, match=r"x: found 100000000000000.0 万吨, which is 1e\+18 t"):
            convert(1e14, "万吨", "t", where="x")


def test_gwp_is_remembered_and_still_refuses_unknown_sets():
    assert gwp("CH4", "AR6") == gwp("CH4", "AR6") == pytest.approx(27.9)
    with pytest.raises(ValueError, match="AR3"):
        gwp("CH4", "AR3")


def test_one_registry_and_it_is_openscm_units():
    from openscm_units import unit_registry

    from model.units import ureg

    assert ureg is units.registry() is unit_registry
    assert {c for c in ("SARGWP100", "AR4GWP100", "AR5GWP100", "AR6GWP100")} <= set(
        ureg._contexts)


def _fresh(code: str) -> str:
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return res.stdout.strip()


def test_importing_model_units_imports_no_pint():
    out = _fresh("import sys, model.units; print(sorted(m for m in ('pint', 'openscm_units', "
                 "'pandas', 'numpy') if m in sys.modules))")
    assert out == "[]"


def test_the_registry_does_not_pull_in_scipy_and_scipy_still_imports():
    out = _fresh("import sys, model.units as u; u.gwp('CH4'); u.convert(1, '万吨', 't'); "
                 "import pyomo.environ; a = 'scipy.stats' in sys.modules; import scipy.optimize; "
                 "print(a, u.convert(2, '万吨', 't'))")
    assert out == "False 20000.0"


def test_convert_returns_a_plain_float_cached_or_not():
    np = pytest.importorskip("numpy")
    units._FACTORS.pop(("万吨", "t"), None)
    for value in (np.float64(2.5), np.float64(2.5), 2.5, 2):  # uncached, then cached
        out = convert(value, "万吨", "t")
        assert type(out) is float and out == value * 1e4


def test_a_hyphen_between_unit_names_is_their_product():
    """vehicle-km is vehicle x km (the road-dust measure's unit): 1 (10^6 vehicle-km/yr) is
    1e6 vehicle*km/yr, and 20,000 CNY per year per unit of it is 0.02 CNY per vehicle-km."""
    assert convert(1.0, "10^6 vehicle-km/yr", "vehicle*km/yr", labels=True) == pytest.approx(1e6)
    assert convert(20000.0, "CNY/(10^6 vehicle-km/yr)/yr", "CNY/(vehicle*km)",
                   labels=True) == pytest.approx(0.02)
    with pytest.raises(InputError):  # a minus sign before a number is still no unit
        convert(1.0, "t-2", "t")
