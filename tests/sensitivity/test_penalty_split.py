"""The default shortfall penalty does not depend on how the city is split into counties
(model.sensitivity.penalty: materiality per measure, its counties summed).

Counted per (measure, county) term, the 1 % materiality rule left four targets of the synthetic
100-county pack (Ankang's counties each copied 10 times, bench/synthetic_pack.py) with no
material term: their default penalty was refused ("no measure ... moves this target"). Per
measure, a target in t (NOx, COD, VOCs ...) gets the same CNY/t on 10 and on 100 counties: each
copy's cost per unit is its county's, and each measure's share of the row is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic_pack import write_synthetic
from model.sensitivity.evaluate import Evaluator

pytestmark = pytest.mark.slow


def test_default_penalty_per_tonne_is_the_same_on_100_counties(tmp_path):
    ankang = Evaluator("scenarios/ankang_2025.yaml").penalties
    path = write_synthetic(tmp_path, 10, scenario=Path("scenarios/ankang_2025.yaml"))
    split = Evaluator(str(path)).penalties  # raised InputError before (pm25_concentration)
    assert set(split) == set(ankang)
    for t in ("nox_load_reduction", "cod_load_reduction", "vocs_load_reduction",
              "nh3n_load_reduction", "heavy_metals_vs_2020"):
        assert split[t].unit == ankang[t].unit
        assert split[t].value == pytest.approx(ankang[t].value, rel=1e-9), t
    # Ankang 2025's NOx default moved 7.32098e6 -> 7.62453e6 CNY/t with this rule (a measure
    # whose county terms were each under 1 % of the row now counts)
    assert ankang["nox_load_reduction"].value == pytest.approx(7.62453e6, rel=1e-5)
