"""Sensitivity methods as modules (issue #17 item 6): each method is one module registered by
name; the design, the analysis, the runner and the command line find a method registered
later (here, in the test) with no other edit."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from model.errors import InputError
from model.sensitivity import analysis, methods, sampling
from model.sensitivity.methods import Method
from tests.sensitivity.conftest import write_scenario

UNC = """uncertainty:
  - {name: rate, target: discount_rate.value, distribution: uniform, low: 4, high: 12, source: t}
  - {name: nox, target: targets.nox.value, distribution: uniform, low: 30, high: 70, source: t}
"""


def _rank_correlation(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho: Pearson's correlation of the ranks (ties averaged)."""
    return float(pd.Series(x).rank().corr(pd.Series(y).rank()))


def _spearman() -> Method:
    """A plain Monte Carlo method: N independent uniform points, the index Spearman's rank
    correlation of each parameter with the output (a probability sample)."""

    def design(pset, prob, n, seed, second_order, levels):
        return np.random.default_rng(seed).random((n, len(pset.params)))

    def analyse(ctx, out, y, ok):
        return [{"output": out, "parameter": name, "index": "rho",
                 "value": _rank_correlation(ctx.u[ok, j], y[ok]), "conf": math.nan,
                 "n_used": int(ok.sum()), "n_total": len(y), "note": ""}
                for j, name in enumerate(ctx.names)]

    return Method(name="spearman", title="Spearman", describe="rank correlations, N points",
                  groups="members", correlations=True, design=design,
                  rows=lambda pset, n, second_order: n,
                  size=lambda pset, n_rows, second_order: n_rows, analyse=analyse,
                  headline="rho",
                  probability_rows=lambda n_rows, pset, so: np.ones(n_rows, dtype=bool),
                  probability_basis="every Monte Carlo point")


@pytest.fixture
def spearman(monkeypatch):
    m = _spearman()
    monkeypatch.setitem(methods.METHODS, m.name, m)  # removed again after the test
    return m


def test_shipped_methods_are_modules_in_the_documented_order():
    assert methods.names()[:5] == ["morris", "sobol", "fast", "delta", "oat"]
    for name in methods.names():
        m = methods.get(name)
        assert m.__module__ == "model.sensitivity.methods.base"  # the dataclass
        assert m.design.__module__ == f"model.sensitivity.methods.{name}"
    assert analysis.PROBABILITY_METHODS == ("sobol", "delta")
    with pytest.raises(InputError, match=r"'sobl'.*did you mean 'sobol'"):
        methods.get("sobl")


def test_a_registered_method_is_in_the_lists_and_the_errors(spearman):
    assert "spearman" in methods.names()
    with pytest.raises(InputError, match=r"did you mean 'spearman'"):
        methods.get("spearmn")
    with pytest.raises(InputError, match=r"one of \[.*'oat', 'spearman'\]"):
        sampling.design(None, "nothing", 4, 1)  # refused before the parameters are read


def test_a_registered_method_runs_from_the_command_line(tmp_path, spearman):
    """`peakplan sensitivity --method spearman`: the design, the runner, the analysis, the
    probabilities and the ranking all take the new method; its rho, recomputed by hand from
    the sampled parameter values in samples.parquet (a monotone map of the design's u, so the
    same ranks), is what indices.csv holds: the design's rows and the outputs line up."""
    from typer.testing import CliRunner

    from model.cli import app

    sc = write_scenario(tmp_path, UNC)
    out = tmp_path / "run"
    res = CliRunner().invoke(app, ["sensitivity", str(sc), "--method", "spearman", "-N", "24",
                                   "--seed", "3", "--out", str(out), "--no-progress"])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["method"] == "spearman" and summary["samples"] == 24
    assert summary["probability_sample"] is True
    assert summary["probabilities_note"] == "over every Monte Carlo point: 24 samples"
    ind = pd.read_csv(out / "indices.csv")
    samples = pd.read_parquet(out / "samples.parquet")
    rho = ind[(ind["output"] == "cost_pv") & (ind["index"] == "rho")].set_index("parameter")
    assert set(rho.index) == {"rate", "nox"}
    want = {name: _rank_correlation(samples[f"param.{name}"].to_numpy(float),
                                    samples["cost_pv"].to_numpy(float))
            for name in ("rate", "nox")}
    for name, value in want.items():
        assert rho.loc[name, "value"] == pytest.approx(value, abs=1e-12)
    # the summary ranks by the method's headline index (|rho|)
    assert summary["top"]["cost_pv"][0]["parameter"] == max(want, key=lambda k: abs(want[k]))
    assert (out / "probabilities.csv").exists()
