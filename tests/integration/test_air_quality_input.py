"""Bad input of the source-receptor layer (issue #14): one line naming the key, exit 2."""

from pathlib import Path

from tests.integration.test_bad_input import _one_line_error

SO2 = '''      {value: 0.15, low: 0.08, high: 0.25, unit: "1",
       source: "Zhao B. et al. 2015'''


def _edit(project: Path, old: str, new: str) -> Path:
    p = project / "scenarios" / "ankang_2025.yaml"
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def test_response_coefficient_without_a_source(project, cli):
    p = _edit(project, SO2, SO2.replace('       source: "Zhao B. et al. 2015',
                                        '       note: "Zhao B. et al. 2015'))
    code, out = cli("validate", p)
    _one_line_error(code, out, "air_quality.response.SO2.source", "required")


def test_response_coefficient_without_a_range(project, cli):
    p = _edit(project, SO2, SO2.replace("low: 0.08, ", ""))
    code, out = cli("validate", p)
    _one_line_error(code, out, "air_quality.response.SO2.low", "required")


def test_negative_background(project, cli):
    p = project / "scenarios" / "ankang_2025.yaml"
    code, out = cli("validate", p, "--set", "air_quality.background.low=-2",
                    "--set", "air_quality.background.value=-1")
    _one_line_error(code, out, "air_quality.background", "-2 ug/m3", "at least 0")


def test_concentration_target_below_the_background(project, cli):
    """The 2025 background is 15 x (1 - 10 %) = 13.5 ug/m3: a 12 ug/m3 target is refused."""
    p = project / "scenarios" / "ankang_2025.yaml"
    code, out = cli("validate", p, "--set", "targets.pm25_concentration.value=12")
    _one_line_error(code, out, "targets.pm25_concentration.value", "12 ug/m3",
                    "background 13.5 ug/m3")


def test_concentration_target_without_the_layer(project, cli):
    p = project / "scenarios" / "ankang_2025.yaml"
    code, out = cli("validate", p, "--set", "air_quality=null")
    _one_line_error(code, out, "targets.pm25_concentration", "without an 'air_quality' key")
