"""Scenario composition (issue #7): ``extends:`` chains, ``set:`` overrides, merged lists, the
chain recorded, and each refusal as one line naming the file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import InputError
from model.library import scenario_files
from model.scenario import load_scenario

ROOT = Path(__file__).parents[2]
SHIPPED = ROOT / "scenarios" / "ankang_2025.yaml"


def _write(folder: Path, name: str, text: str) -> Path:
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_extends_merges_targets_by_id_and_records_the_chain(tmp_path):
    child = _write(tmp_path, "child.yaml", f"""\
extends: {SHIPPED.as_posix()}
name: child
targets:
  - {{id: nox_load_reduction, value: 900}}
  - {{id: so2_cap, kind: cap, quantity: SO2, year: 2025, value: 12000, unit: t,
     label_zh: 二氧化硫总量, label_en: SO2 cap, source: test}}
set: {{discount_rate.value: 0.05}}
""")
    sc = load_scenario(child)
    parent = load_scenario(SHIPPED)
    ids = [t.id for t in sc.targets]
    assert ids == [t.id for t in parent.targets] + ["so2_cap"]  # order kept, new one appended
    nox = next(t for t in sc.targets if t.id == "nox_load_reduction")
    assert nox.value == 900 and nox.kind == "load_reduction"  # merged, not replaced
    assert sc.discount_rate.value == 0.05
    assert sc.name == "child" and sc.years == parent.years
    assert [Path(p).name for p in sc.chain] == ["child.yaml", "ankang_2025.yaml"]


def test_an_empty_list_clears_the_parents(tmp_path):
    child = _write(tmp_path, "none.yaml", f"extends: {SHIPPED.as_posix()}\nname: n\n"
                   "targets: []\n")
    assert load_scenario(child).targets == []


def test_set_on_top_of_cli_order(tmp_path):
    """--set applies after the file's own set: the command line wins."""
    child = _write(tmp_path, "c.yaml", f"extends: {SHIPPED.as_posix()}\nname: c\n"
                   "set: {discount_rate.value: 0.05}\n")
    assert load_scenario(child, ["discount_rate.value=0.03"]).discount_rate.value == 0.03


@pytest.mark.parametrize(("files", "entry", "match"), [
    ({"a.yaml": "extends: b.yaml\nname: a\n", "b.yaml": "extends: a.yaml\nname: b\n"},
     "a.yaml", r"a.yaml key extends: found a loop a.yaml -> b.yaml -> a.yaml"),
    ({"m.yaml": "extends: nothere.yaml\nname: m\n"}, "m.yaml",
     r"m.yaml key extends: found no file .*nothere.yaml"),
    ({"s.yaml": f"extends: {SHIPPED.as_posix()}\nname: s\nset: {{discount_rat.value: 1}}\n"},
     "s.yaml", r"s.yaml key set discount_rat: found unknown key 'discount_rat'.*did you mean "
               r"'discount_rate'"),
    ({"k.yaml": f"extends: {SHIPPED.as_posix()}\nname: k\ndiscount_rate: {{value: 0.05, "
                "unit: '1', source: x}\nset: {discount_rate.value: 0.03}\n"},
     "k.yaml", r"k.yaml key set.discount_rate.value: found 'discount_rate' also given "
               r"directly"),
])
def test_composition_refusals_are_one_line(tmp_path, files, entry, match):
    for name, text in files.items():
        _write(tmp_path, name, text)
    with pytest.raises(InputError, match=match) as e:
        load_scenario(tmp_path / entry)
    assert "\n" not in str(e.value)


def test_the_library_skips_abstract_bases():
    names = [p.stem for p in scenario_files(ROOT / "scenarios")]
    assert "ankang_pathway" not in names
    assert {"ankang_2025", "bau", "plan-2025", "peak-2030", "strict", "mtfr"} == set(names)
    assert load_scenario(ROOT / "scenarios" / "ankang_pathway.yaml").abstract
    # abstractness is not inherited
    assert not load_scenario(ROOT / "scenarios" / "bau.yaml").abstract


def test_strict_differs_from_plan_2025_by_the_energy_target_only():
    a = load_scenario(ROOT / "scenarios" / "plan-2025.yaml")
    b = load_scenario(ROOT / "scenarios" / "strict.yaml")
    ta = {t.id: t for t in a.targets}
    tb = {t.id: t for t in b.targets}
    assert set(ta) == set(tb)
    diff = [k for k in ta if ta[k].value != tb[k].value]
    assert diff == ["energy_intensity"] and tb["energy_intensity"].value == 13
