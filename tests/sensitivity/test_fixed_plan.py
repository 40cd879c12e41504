"""fixed-plan: the central plan held fixed; how likely is each target still met?"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.sensitivity import runner
from tests.sensitivity.conftest import write_scenario

UNC = """uncertainty:
  - {name: nox, target: targets.nox.value, distribution: uniform, low: 30, high: 70, source: t}
  - {name: coal, target: "inventory/activity_energy.csv:value[activity=raw_coal]", source: t}
"""


def test_probability_of_meeting_a_target_with_the_central_plan(tmp_path):
    """The NOx reduction of the central plan is fixed (the coal factor moves baselines, not the
    engineering reduction), so the target is met exactly when the sampled requirement is below
    it: P = (achieved - 30) / 40, and the shortfall is max(0, requirement - achieved)."""
    sc = write_scenario(tmp_path, UNC)
    s = runner.run(sc, method="delta", n=400, seed=4, mode="fixed-plan", out=tmp_path / "run",
                   progress=False, charts=True)
    achieved = s["central"]["achieved.nox"]
    assert 30 < achieved < 70
    df = pd.read_parquet(tmp_path / "run" / "samples.parquet")
    np.testing.assert_allclose(df["shortfall.nox"],
                               np.maximum(0.0, df["param.nox"] - achieved), atol=1e-6)
    assert ((df["met.nox"] == 1) == (df["param.nox"] <= achieved + 1e-6)).all()
    prob = pd.read_csv(tmp_path / "run" / "probabilities.csv").set_index("target")
    assert prob.loc["nox", "p_met"] == pytest.approx((achieved - 30) / 40, abs=0.05)
    assert prob.loc["nox", "low95"] < prob.loc["nox", "p_met"] < prob.loc["nox", "high95"]
    assert (tmp_path / "run" / "charts" / "tornado_cost_pv.png").exists()
