"""emissions.csv is IAMC long format: it loads into pyam unchanged (issue #9, ecosystem).

pyam-iamc is not a dev dependency (it would pull ixmp4, SQLAlchemy, FastAPI, psycopg and mypy
and downgrade pandas 3 to 2.3 in the test environment), so the format is tested strictly here
and the pyam round trip runs only where pyam is installed.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from model.io import write_csv
from model.lp import compile_lp
from model.lp.index import index
from model.pipeline import _negative
from model.results import BASELINE_SUFFIX, IAMC_COLUMNS, emissions_table, split_case
from tests.lp.fixtures import hand_lp, pathway

UNIT = re.compile(r"^(t [A-Za-z0-9.\-]+/yr|tce/yr|MWh/yr|%)$")


def _written(tmp_path, data, name="s1"):
    et = emissions_table(compile_lp(data).solve(), index(data), name, city="ankang")
    path = tmp_path / "emissions.csv"
    write_csv(et, path)
    return et, path


def test_emissions_csv_is_strict_iamc(tmp_path):
    for data in (hand_lp(), pathway()):
        _, path = _written(tmp_path, data)
        back = pd.read_csv(path, encoding="utf-8-sig")
        # exactly the IAMC long columns, in order, nothing else (pyam refuses extra columns)
        assert list(back.columns) == IAMC_COLUMNS == ["model", "scenario", "region",
                                                      "variable", "unit", "year", "value"]
        assert back["year"].dtype.kind == "i" and back["value"].dtype.kind in "if"
        assert back[["model", "scenario", "region", "variable", "unit"]].notna().all().all()
        assert not back.duplicated(["model", "scenario", "region", "variable", "year"]).any()
        # one unit per variable, a rate: t <species>/yr, tce/yr, MWh/yr or % for shares
        assert (back.groupby("variable")["unit"].nunique() == 1).all()
        assert all(UNIT.match(u) for u in back["unit"]), set(back["unit"])
        assert set(back["scenario"]) == {"s1", "s1" + BASELINE_SUFFIX}
        assert all(v.count("|") >= 1 for v in back["variable"])


def test_split_case_recovers_the_two_cases():
    data = hand_lp()
    et = emissions_table(compile_lp(data).solve(), index(data), "s1", city="ankang")
    sc = split_case(et)
    assert set(sc["scenario"]) == {"s1"} and set(sc["case"]) == {"baseline", "scenario"}
    v = sc.set_index(["region", "variable", "year", "case"])["value"]
    assert v[("hanbin", "Emissions|CO2", 2025, "baseline")] == pytest.approx(1200.0)
    assert v[("hanbin", "Emissions|CO2", 2025, "scenario")] == pytest.approx(750.0)


def test_negative_reads_the_iamc_table():
    """_negative warns on a plan row below zero, never on a baseline row or on CO2 (a net
    exporter's CO2 is negative under net_import by design)."""
    rows = pd.DataFrame([
        ("peakplan", "s", "hanbin", "Emissions|NOx", "t NOx/yr", 2025, -3.0),
        ("peakplan", "s (baseline)", "hanbin", "Emissions|SO2", "t SO2/yr", 2025, -3.0),
        ("peakplan", "s", "hanbin", "Emissions|CO2", "t CO2/yr", 2025, -3.0),
        ("peakplan", "s", "hanbin", "Energy|Total", "tce/yr", 2025, 5.0),
    ], columns=IAMC_COLUMNS)
    (msg,) = _negative(rows)
    assert msg.startswith("WARNING: Emissions|NOx in hanbin 2025 is -3 t NOx/yr")


def test_pyam_reads_emissions_csv_unchanged(tmp_path):
    pyam = pytest.importorskip("pyam")
    _, path = _written(tmp_path, pathway(), "p")
    df = pyam.IamDataFrame(str(path))
    assert set(df.scenario) == {"p", "p (baseline)"}
    assert "Service|sewage" in df.variable
    v = df.filter(region="ankang", variable="Emissions|COD", scenario="p", year=2030)
    assert v.timeseries().iloc[0, 0] == pytest.approx(140.0)
