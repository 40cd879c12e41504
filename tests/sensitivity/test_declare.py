"""Declarations of uncertain parameters: validated like every other key (one line naming the
key, what was found, what was expected, the nearest name)."""

from __future__ import annotations

import pytest

from model.errors import InputError
from model.sensitivity.evaluate import Evaluator
from tests.sensitivity.conftest import write_scenario


def _decl(**kw) -> str:
    body = ", ".join(f"{k}: {v}" for k, v in {"name": "p", "source": "t", **kw}.items())
    return "uncertainty:\n  - {" + body + "}\n"


@pytest.mark.parametrize(("decl", "match"), [
    (_decl(target="discount_rat.value", distribution="uniform", low=4, high=12),
     r"unknown key 'discount_rat'.*did you mean 'discount_rate'"),
    (_decl(target="targets.noxx.value", distribution="uniform", low=1, high=2),
     r"no list item 'noxx'.*did you mean 'nox'"),
    (_decl(target='"catalogue/costs.csv:value[measure=boiler_to_gaz,item=capital]"',
           distribution="uniform", low=1, high=2),
     r"no row of .*costs.csv with measure='boiler_to_gaz'.*did you mean 'boiler_to_gas'"),
    (_decl(target='"catalogue/costs.csv:value[measur=boiler_to_gas]"',
           distribution="uniform", low=1, high=2), r"selector column 'measur'.*did you mean"),
    (_decl(target='"inventory/activity_energy.csv:value[activity=raw_col]"'),
     r"did you mean 'raw_coal'"),
    (_decl(target="discount_rate.value", distribution="uniform", low=8, high=8),
     r"equal bounds.*a constant"),
    (_decl(target="discount_rate.value", distribution="normal", low=4, high=12),
     r"normal given as bounds.*truncnormal"),
    (_decl(target="discount_rate.value", distribution="triangular", low=4, mode=13, high=12),
     r"mode between"),
    (_decl(target="discount_rate.value", distribution="uniform", low=4, high=200),
     r"values within \[-0.5, 1\]"),
    (_decl(target="projection.energy.elasticity.value", distribution="normal", mean=0.5,
           sd=1), r"values within \[-1, 2\].*truncnormal"),
    (_decl(target="discount_rate.value"), r"a distribution \(only table rows"),
    (_decl(target="name", distribution="uniform", low=1, high=2), r"a path to a number"),
    (_decl(target='"inventory/services.csv:value[indicator=rural_households]"',
           distribution="uniform", low=0.9, high=1.1, scale="factor"),
     r"does not hold|kind"),
])
def test_bad_declarations(tmp_path, decl, match):
    sc = write_scenario(tmp_path, decl)
    with pytest.raises(InputError, match=match) as err:
        Evaluator(sc)
    assert "\n" not in str(err.value)
    assert "key uncertainty.p" in str(err.value) or "uncertainty" in str(err.value)


def test_default_from_uncertainty_pct(tmp_path):
    sc = write_scenario(tmp_path, _decl(
        target='"inventory/activity_energy.csv:value[activity=raw_coal]"'))
    p = Evaluator(sc).pset.params[0]
    assert p.scale == "factor" and p.dist.kind == "truncnormal"
    assert p.dist.args["sd"] == pytest.approx(10 / 196)


def test_unknown_key_in_a_declaration(tmp_path):
    sc = write_scenario(tmp_path, _decl(target="discount_rate.value", distribution="uniform",
                                        low=4, hihg=12))
    with pytest.raises(InputError, match=r"unknown key 'hihg'.*did you mean 'high'"):
        Evaluator(sc)
