"""Unit conversions, including Chinese statistical units (values worked by hand)."""

import pytest

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
