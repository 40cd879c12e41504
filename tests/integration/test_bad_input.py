"""Every class of bad input: one line naming file, row or key, found and expected; exit 2; no
traceback; earlier results untouched (issue #2, "Bad input")."""

import hashlib
from pathlib import Path

import pytest

EXIT_BAD_INPUT = 2


def _scenario(project: Path) -> Path:
    return project / "scenarios" / "ankang_2025.yaml"


def _edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row = spreadsheet row, header = 1) of a UTF-8 CSV, keeping the rest."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index(column)
    rows[row - 1][col] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def _one_line_error(code: int, out: str, *needles: str) -> str:
    assert code == EXIT_BAD_INPUT, out
    lines = [ln for ln in out.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, out
    assert lines[0].startswith("peakplan: error: ")
    assert "Traceback" not in out
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def test_unknown_scenario_key_names_nearest(project, cli):
    p = _scenario(project)
    p.write_text(p.read_text(encoding="utf-8").replace("discount_rate:", "discount_rte:", 1),
                 encoding="utf-8")
    code, out = cli("validate", p)
    _one_line_error(code, out, "discount_rte", "did you mean 'discount_rate'")


def test_unparseable_unit(project, cli):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    _edit_csv(f, 2, "unit", "bananas")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv row 2", "bananas")


def test_unit_of_wrong_dimension(project, cli):
    f = project / "inventories" / "ankang" / "drivers.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    row = next(i for i, ln in enumerate(lines, 1) if ln.startswith("hanbin,2020,gdp,"))
    _edit_csv(f, row, "unit", "万吨")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "drivers.csv", f"row {row}", "万吨", "CNY")


def test_negative_activity(project, cli):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    _edit_csv(f, 3, "value", "-120")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv row 3", "-120", "non-negative")


@pytest.mark.parametrize("cell", ["—", "…", "NaN", ""])
def test_placeholders_and_nan(project, cli, cell):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    _edit_csv(f, 4, "value", cell)
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv row 4", "'value'")


def test_duplicated_row(project, cli):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    f.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv", "duplicated")


def test_missing_emission_factor_names_activity_and_category(project, cli):
    # drop the N2O factor of coke in manufacturing (IPCC 2006 Vol 2 Table 2.3) from the library
    f = project / "inventories" / "factors" / "fuels_ipcc2006.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines if not ln.startswith("ipcc2006,1.A.2,coke,N2O,")]
    assert len(kept) == len(lines) - 1
    f.write_text("\n".join(kept) + "\n", encoding="utf-8")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "no factor for activity 'coke'", "category 1.A.2", "N2O")


def test_unknown_fuel(project, cli):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    _edit_csv(f, 2, "activity", "peat")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv row 2", "peat")


def test_unknown_region(project, cli):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    _edit_csv(f, 2, "region", "hanbn")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv row 2", "hanbn", "did you mean 'hanbin'")


def test_unknown_measure(project, cli):
    f = project / "scenarios" / "catalogue" / "potentials.csv"
    _edit_csv(f, 2, "measure", "electric_taxii")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "potentials.csv", "electric_taxii")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_excel_encodings_are_read_and_named(project, cli, encoding):
    f = project / "inventories" / "ankang" / "drivers.csv"
    f.write_bytes(f.read_text(encoding="utf-8").encode(encoding))
    code, out = cli("validate", _scenario(project))
    assert code == 0, out
    assert "drivers.csv" in out and f"read as {encoding}" in out


def test_thousands_separators(project, cli):
    f = project / "inventories" / "ankang" / "drivers.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    row = next(i for i, ln in enumerate(lines, 1)
               if ln.startswith("ankang,2020,population,"))
    _edit_csv(f, row, "value", "2,493,436")
    code, out = cli("validate", _scenario(project))
    assert code == 0, out  # read as 2493436: the county sums still match the city


@pytest.mark.parametrize(
    ("assignment", "needle"),
    [("targets.cod_load_reduction.value=0715", "leading zero"),
     ("targets.cod_load_reduction.enabled=NO", "true or false"),
     ("gwp=NO", "gwp")],
)
def test_yaml11_traps_refused(project, cli, assignment, needle):
    code, out = cli("validate", _scenario(project), "--set", assignment)
    _one_line_error(code, out, needle)


def test_exponent_is_a_number(project, cli):
    code, out = cli("validate", _scenario(project), "--set", "discount_rate.value=8e-2")
    assert code == 0, out


def test_bad_input_never_overwrites_results(project, cli):
    out_dir = project / "results" / "ankang"
    code, out = cli("run", _scenario(project), "--out", out_dir)
    assert code == 0, out
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out_dir.iterdir()}
    code, out = cli("run", _scenario(project), "--out", out_dir, "--set",
                    "targets.nox_load_reduction.value=—")
    _one_line_error(code, out, "nox_load_reduction")
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out_dir.iterdir()}
    assert before == after
    assert sorted(p.name for p in (project / "results").iterdir()) == ["ankang"]


def test_empty_and_header_only_files(project, cli):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    header = f.read_text(encoding="utf-8").splitlines()[0]
    f.write_text("", encoding="utf-8")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv", "empty file")
    f.write_text(header + "\n", encoding="utf-8")
    code, out = cli("inventory", project / "inventories" / "ankang", "--out",
                    project / "results" / "inv")
    _one_line_error(code, out, "activity_energy.csv", "no data rows")


def test_missing_energy_file_is_not_zero_energy(project, cli):
    (project / "inventories" / "ankang" / "activity_energy.csv").unlink()
    code, out = cli("inventory", project / "inventories" / "ankang", "--out",
                    project / "results" / "inv")
    _one_line_error(code, out, "activity_energy.csv", "no fuel-combustion (1.A) rows")


def test_year_not_held(project, cli):
    code, out = cli("inventory", project / "inventories" / "ankang", "--year", "2019",
                    "--out", project / "results" / "inv")
    _one_line_error(code, out, "no activity data for [2019]", "[2020]")


def test_target_quantity_typo_and_negative_target(project, cli):
    code, out = cli("run", _scenario(project), "--out", project / "r", "--set",
                    "targets.nox_load_reduction.quantity=NOX")
    _one_line_error(code, out, "nox_load_reduction.quantity", "'NOX'", "did you mean 'NOx'")
    code, out = cli("run", _scenario(project), "--out", project / "r", "--set",
                    "targets.nox_load_reduction.value=-800")
    _one_line_error(code, out, "nox_load_reduction.value", "-800", "non-negative")
    assert not (project / "r").exists()


def test_discount_rate_as_a_whole_number(project, cli):
    code, out = cli("validate", _scenario(project), "--set", "discount_rate.value=8")
    _one_line_error(code, out, "discount_rate", "0.08")


def test_run_checks_county_sums(project, cli):
    f = project / "inventories" / "ankang" / "drivers.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    row = next(i for i, ln in enumerate(lines, 1) if ln.startswith("hanbin,2020,population,"))
    _edit_csv(f, row, "value", "900000")
    code, out = cli("run", _scenario(project), "--out", project / "r")
    _one_line_error(code, out, "drivers.csv population 2020", "counties sum to")


@pytest.mark.parametrize("unit", ["t*0", "t 2", "(t"])
def test_unit_strings_are_not_arithmetic(project, cli, unit):
    code, out = cli("validate", _scenario(project), "--set",
                    f"targets.nox_load_reduction.unit={unit}")
    _one_line_error(code, out, "nox_load_reduction", unit)


def test_out_never_deletes_user_files(project, cli):
    code, out = cli("run", _scenario(project), "--out", project / "scenarios")
    _one_line_error(code, out, "--out", "did not write")
    assert (project / "scenarios" / "ankang_2025.yaml").exists()


def test_scenario_path_is_a_folder(project, cli):
    code, out = cli("validate", project / "scenarios")
    _one_line_error(code, out, "a folder", "scenario YAML")


@pytest.mark.parametrize(
    ("assignment", "needles"),
    [("name=../../escape", ("key name", "letters, digits")),
     ("path=/etc/passwd", ("key path", "unknown key")),
     ("years=[2025, 2026]", ("drivers.gdp_real_growth", "no city-wide row for 2026")),
     ("drivers.gdp_real_growth.2022.value=-100", ("2022.value", "between -50 and +50")),
     ("projection.fossil_fuels.elasticity.value=-50",
     ("projection.fossil_fuels.elasticity", "between -1.0 and 2.0")),
     ("targets.co2_intensity.value=100", ("co2_intensity.value", "below 100 %"))],
)
def test_scenario_values_out_of_range(project, cli, assignment, needles):
    code, out = cli("validate", _scenario(project), "--set", assignment)
    _one_line_error(code, out, *needles)


def test_decimal_comma_and_absurd_lifetime(project, cli):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    _edit_csv(f, 2, "value", "35515,1")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv row 2", "35515,1", "decimal point")
    _edit_csv(f, 2, "value", "35515.1")
    m = project / "scenarios" / "catalogue" / "measures.csv"
    _edit_csv(m, 2, "lifetime", "1e9")
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "measures.csv row 2", "lifetime", "between 1 and 100")


def test_rerun_keeps_a_file_the_user_put_in_results(project, cli):
    out_dir = project / "results" / "a"
    assert cli("run", _scenario(project), "--out", out_dir)[0] == 0
    (out_dir / "my_notes.txt").write_text("mine", encoding="utf-8")
    code, out = cli("run", _scenario(project), "--out", out_dir)
    _one_line_error(code, out, "my_notes.txt", "did not write")
    assert (out_dir / "my_notes.txt").read_text(encoding="utf-8") == "mine"


def _bomb(indent: str) -> str:
    """Billion laughs: nine levels of nine aliases each stand for 9**9 strings."""
    lines = [f'{indent}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("place", ["unknown key", "description"])
def test_yaml_bomb_ends_fast_with_one_line(project, place):
    # In a fresh process with a timeout: before the loader was bounded, 'peakplan run' on this
    # file never finished (the schema error message expanded the aliases).
    import subprocess
    import sys
    import time

    p = _scenario(project)
    text = p.read_text(encoding="utf-8")
    if place == "unknown key":
        text += "laughs:\n" + _bomb("  ")
    else:
        start = text.index("description: >-")
        end = text.index("inventory:", start)
        text = text[:start] + "description:\n" + _bomb("  ") + text[end:]
    p.write_text(text, encoding="utf-8")
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "model", "run", str(p), "--out",
                          str(project / "r")], capture_output=True, text=True, timeout=60,
                         cwd=project)
    assert time.perf_counter() - t < 30  # imports included; the loader itself takes ms
    _one_line_error(res.returncode, res.stderr, "ankang_2025.yaml line",
                    "expands to 597,871 nodes", "at most 100,000")
    assert res.stdout == "" and not (project / "r").exists()


@pytest.mark.parametrize("cell", ["1e300", "2e15"])
def test_huge_activity_value_is_refused_at_the_edge(project, cli, cell):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    _edit_csv(f, 2, "value", cell)
    code, out = cli("run", _scenario(project), "--out", project / "r")
    _one_line_error(code, out, "activity_energy.csv row 2 column 'value'", cell,
                    "magnitude at most 1e15")
    assert not (project / "r").exists()


@pytest.mark.parametrize("value", ["1e300", "-1e300", "1.5e15"])
def test_huge_scenario_value_is_refused_at_the_edge(project, cli, value):
    # 1e300 used to end in an IndexError traceback inside Pyomo's HiGHS interface
    code, out = cli("run", _scenario(project), "--out", project / "r", "--set",
                    f"targets.nox_load_reduction.value={value}")
    _one_line_error(code, out, "nox_load_reduction).value", f"found {float(value)!r};",
                    "magnitude at most 1e15")


def test_ragged_row_is_one_line_naming_the_row(project, cli):
    f = project / "inventories" / "ankang" / "activity_energy.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[2] += ",stray"  # spreadsheet row 3 gets one cell more than the header
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n = len(lines[0].split(","))
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "activity_energy.csv row 3", f"found {n + 1} cells",
                    f"at most {n} cells")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16"])
def test_utf16_table_is_refused_in_one_line(project, cli, encoding):
    f = project / "inventories" / "ankang" / "drivers.csv"
    f.write_bytes(f.read_text(encoding="utf-8").encode(encoding))
    code, out = cli("validate", _scenario(project))
    _one_line_error(code, out, "drivers.csv", "saved as UTF-16", "save it as UTF-8")


@pytest.mark.parametrize(("args", "needles"), [
    (("--peak-year", "2040"), ("--peak-year", "found 2040", "a model year of the scenario "
                                                            "2021-2035")),
    (("--peak-year", "soon"), ("--peak-year", "'soon'", "a model year or 'auto'")),
    (("--set", "targets.co2_peak.year=2040"), ("peak-2030.yaml", "co2_peak", "2040",
                                                "not a model year")),
    (("--set", "targets.co2_peak.value=100"), ("co2_peak",)),
    (("--set", "discount_rate.value=1.5"), ("key discount_rate", "(-50 %, 100 %)")),
    (("--set", "years=[2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, "
               "2033, 2034, 2035, 2036, 2037]"),
     ("drivers.gdp_real_growth", "2036, 2037 (2 years)")),
])
def test_pathway_inputs_out_of_range(project, cli, args, needles):
    """Issue #7's bad input: a peak year outside the modelled years (by --peak-year or in the
    file), a decline rate of 100 %, a discount rate outside (-0.5, 1), missing growth years
    named as a range."""
    out = project / "results" / "r"
    code, text = cli("run", project / "scenarios" / "peak-2030.yaml", *args, "--out", out)
    _one_line_error(code, text, *needles)
    assert not out.exists()


def test_peak_year_auto_without_a_peak_target(project, cli):
    code, text = cli("run", _scenario(project), "--peak-year", "auto")
    _one_line_error(code, text, "--peak-year auto", "no target of kind 'peak'")


def test_zero_lifetime_in_the_catalogue(project, cli):
    _edit_csv(project / "scenarios" / "catalogue" / "measures.csv", 2, "lifetime", "0")
    code, text = cli("run", _scenario(project))
    _one_line_error(code, text, "measures.csv row 2 column 'lifetime'", "found 0",
                    "between 1 and 100 years")


def test_measure_needing_a_factor_the_library_lacks_names_both(project, cli):
    """Issue #14: a manure route into a system whose MCF the factor library lacks (an
    uncovered anaerobic lagoon) names the measure and the missing factor, in one line."""
    f = project / "scenarios" / "catalogue" / "changes.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    row = next(i for i, ln in enumerate(lines, 1)
               if ln.startswith("manure_utilisation,activity,3.A.2,manure.composting"))
    _edit_csv(f, row, "activity", "manure.lagoon")
    code, out = cli("run", _scenario(project), "--out", project / "results" / "x")
    line = _one_line_error(code, out, "manure_utilisation", "lagoon", "MCF", "3.A.2")
    assert len(line) < 300
    assert not (project / "results" / "x").exists()
