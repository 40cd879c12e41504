"""to_co2e: GWP-100 sets from openscm-units; pollutants get no CO2e; bad sets/gases refused."""

import math

import pandas as pd
import pytest

from model.accounting.gwp import gwp_values, to_co2e
from model.errors import InputError


def _em(rows):
    return pd.DataFrame(rows, columns=["region", "year", "category", "gas", "value"])


def test_ar5_default_and_sets():
    # 100 t CO2 + 10 t CH4 + 1 t N2O; AR5: 100 + 10*28 + 1*265 = 645 t CO2e (AR5 WG1 8.A.1)
    em = _em([("ankang", 2020, "1.A.1", "CO2", 100.0), ("ankang", 2020, "4.A", "CH4", 10.0),
              ("ankang", 2020, "3.C.4", "N2O", 1.0)])
    out = to_co2e(em)
    assert out["value_co2e"].sum() == pytest.approx(645.0, rel=1e-12)
    assert set(out["gwp_set"]) == {"AR5"}
    # SAR: 100 + 210 + 310 = 620; AR4: 100 + 250 + 298 = 648; AR6: 100 + 279 + 273 = 652
    assert to_co2e(em, "SAR")["value_co2e"].sum() == pytest.approx(620.0, rel=1e-12)
    assert to_co2e(em, "AR4")["value_co2e"].sum() == pytest.approx(648.0, rel=1e-12)
    assert to_co2e(em, "AR6")["value_co2e"].sum() == pytest.approx(652.0, rel=1e-9)
    assert "value_co2e" not in em.columns  # input untouched


def test_sink_stays_negative():
    out = to_co2e(_em([("ankang", 2020, "3.B.1", "CO2", -250.0)]))
    assert out["value_co2e"].iloc[0] == -250.0


def test_pollutants_have_no_co2e():
    em = _em([("ankang", 2020, "1.A.1", "SO2", 5.0), ("ankang", 2020, "4.D.1", "COD", 7.0),
              ("ankang", 2020, "1.A.3.b", "NOx", 3.0)])
    out = to_co2e(em)
    assert out["value_co2e"].map(math.isnan).all()


def test_unknown_set_and_gas_refused():
    em = _em([("ankang", 2020, "1.A.1", "CO2", 1.0)])
    with pytest.raises(InputError, match="GWP set"):
        to_co2e(em, "AR7")
    with pytest.raises(InputError, match="CO3"):
        to_co2e(_em([("ankang", 2020, "1.A.1", "CO3", 1.0)]))


def test_gas_groups_and_uncovered_gas_refused():
    with pytest.raises(InputError, match="HFCs"):
        to_co2e(_em([("ankang", 2020, "2.F", "HFCs", 1.0)]))
    # a zero row with a notation key passes with 0 CO2e
    assert to_co2e(_em([("ankang", 2020, "2.F", "HFCs", 0.0)]))["value_co2e"].iloc[0] == 0.0
    # NF3 has no SAR GWP in openscm-units: refused, never a silent zero
    assert "NF3" not in gwp_values("SAR")
    with pytest.raises(InputError, match="NF3"):
        to_co2e(_em([("ankang", 2020, "2.E", "NF3", 1.0)]), "SAR")
