"""Scenario schema: unknown keys, wrong types, YAML 1.1 traps, overrides — each a one-line error."""

from pathlib import Path

import pytest

from model.errors import InputError
from model.scenario import apply_override, load_scenario, validate
from model.yamlio import load_yaml, loads

DATA = Path(__file__).parent.parent / "data"
MINI = DATA / "scenario_min.yaml"


def _raw():
    return load_yaml(MINI)


def test_minimal_scenario_loads_and_resolves_paths():
    sc = load_scenario(MINI)
    assert sc.name == "mini" and sc.years == [2025] and sc.gwp == "AR5"
    assert sc.inventory == (DATA / "inventory_mini").resolve()
    assert sc.targets[0].value == 100.0


def test_unknown_key_names_nearest_valid_key():
    raw = _raw()
    raw["targets"][0]["vlaue"] = raw["targets"][0].pop("value")
    with pytest.raises(InputError) as e:
        validate(raw, "s.yaml")
    msg = str(e.value)
    assert "targets[0](cod)" in msg and "'vlaue'" in msg and "did you mean 'value'" in msg


def test_unknown_top_level_key():
    raw = _raw()
    raw["taregts"] = []
    with pytest.raises(InputError, match="did you mean 'targets'"):
        validate(raw, "s.yaml")


def test_yaml11_traps_do_not_change_meaning():
    # PyYAML (YAML 1.1) would give False, 461 and the string '1e-6'.
    assert loads("a: NO\nb: 0715\nc: 1e-6\nd: 12:30") == {
        "a": "NO", "b": "0715", "c": 1e-6, "d": "12:30"}


def test_leading_zero_number_refused_with_reason():
    raw = _raw()
    raw["targets"][0]["value"] = loads("v: 0715")["v"]
    with pytest.raises(InputError, match="leading zero"):
        validate(raw, "s.yaml")


def test_norway_problem_in_boolean_field():
    raw = _raw()
    raw["targets"][0]["enabled"] = loads("v: NO")["v"]
    with pytest.raises(InputError, match="true or false"):
        validate(raw, "s.yaml")


def test_text_where_number_expected():
    raw = _raw()
    raw["targets"][0]["value"] = "about 100"
    with pytest.raises(InputError,
                       match=r"targets\[0\]\(cod\)\.value: found .about 100.; expected a number"):
        validate(raw, "s.yaml")


def test_estimate_without_method_refused():
    raw = _raw()
    raw["discount_rate"]["status"] = "estimate"
    with pytest.raises(InputError, match="method"):
        validate(raw, "s.yaml")


def test_duplicate_yaml_key_refused(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("name: a\nname: b\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate key 'name'"):
        load_yaml(p)


def test_override_by_target_id_and_exponent():
    sc = load_scenario(MINI, ["targets.cod.value=4000", "discount_rate.value=1e-6", "gwp=AR6"])
    assert sc.targets[0].value == 4000 and sc.discount_rate.value == 1e-6 and sc.gwp == "AR6"


def test_override_unknown_path_names_nearest():
    with pytest.raises(InputError, match="did you mean 'cod'"):
        apply_override(_raw(), "targets.cdo.value=1")
    with pytest.raises(InputError, match="did you mean 'discount_rate'"):
        apply_override(_raw(), "discount_rat.value=1")


def test_target_year_must_be_model_year():
    with pytest.raises(InputError, match="not a model year"):
        load_scenario(MINI, ["targets.cod.year=2030"])


def test_override_growth_row_by_year_and_refuse_empty_value():
    sc = load_scenario(MINI, ["drivers.gdp_real_growth.2025.value=6"])
    assert [g.value for g in sc.drivers.gdp_real_growth] == [5, 6]
    with pytest.raises(InputError, match="nothing after '='"):
        apply_override(_raw(), "discount_rate.value=")


def test_cross_key_rule_names_the_rule_not_the_whole_file():
    with pytest.raises(InputError) as e:
        load_scenario(MINI, ["targets.cod.year=2030"])
    assert "not a model year" in str(e.value) and "label" not in str(e.value)


@pytest.mark.parametrize("text", ["1e300", "-2e15", "1e16", "10000000000000001", "1" + "0" * 400])
def test_numbers_beyond_1e15_are_refused(text):
    raw = _raw()
    raw["targets"][0]["value"] = loads(f"v: {text}")["v"]
    with pytest.raises(InputError) as e:
        validate(raw, "s.yaml")
    assert "targets[0](cod).value" in str(e.value) and "magnitude at most 1e15" in str(e.value)


def test_integer_fields_are_bounded_too():
    with pytest.raises(InputError, match=r"key years\[0\]: found .*magnitude at most 1e15"):
        load_scenario(MINI, ["years=[1e20]"])


def test_1e15_itself_is_a_valid_number():
    assert load_scenario(MINI, ["targets.cod.value=1e15"]).targets[0].value == 1e15


def test_a_target_no_document_fixes_needs_its_source_and_method():
    """Continuation targets (issue #12) are declared assumptions: a target without a source, or
    of status estimate without its method, is a one-line error naming the target."""
    raw = _raw()
    raw["targets"][0]["status"] = "estimate"
    with pytest.raises(InputError) as e:
        validate(raw, "s.yaml")
    msg = str(e.value)
    assert "targets[0](cod)" in msg and "needs a 'method'" in msg
    assert "\n" not in msg and len(msg) < 300
    raw["targets"][0]["method"] = "the 2021-2025 reduction repeated for 2026-2030"
    assert validate(raw, "s.yaml").targets[0].status == "estimate"
    del raw["targets"][0]["source"]
    with pytest.raises(InputError, match=r"targets\[0\]\(cod\)\.source: found nothing; "
                                         "expected this required key"):
        validate(raw, "s.yaml")
