"""`peakplan inventory`, `report` and `compare` through the CLI on the shipped data."""

import csv

import pytest


def _read(path):
    with path.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_inventory_writes_tables_and_recalculates(project, cli):
    pack = project / "inventories" / "ankang"
    out = project / "results" / "inventory"
    code, text = cli("inventory", pack, "--year", "2020", "--out", out)
    assert code == 0, text
    names = {p.name for p in out.iterdir()}
    for t in ("a_ipcc_categories.csv", "b_provincial_sectors.csv", "c_energy_tce.csv",
              "d_scopes.csv", "e_key_categories.csv", "f_uncertainty.csv",
              "g_completeness.csv", "h_pollutants.csv", "inventory_tables.xlsx", "emissions.csv"):
        assert t in names, t
    em = _read(out / "emissions.csv")
    clinker = sum(float(r["value"]) for r in em if r["category"] == "2.A.1"
                  and r["gas"] == "CO2" and r["region"] != "ankang")
    # change the clinker factor 0.51 -> 0.50 t CO2/t (a recalculation) and run again into the
    # same folder: the 2.A.1 CO2 of every county is revised by -1/51, nothing else changes CO2
    f = project / "inventories" / "factors" / "ippu_ipcc2006.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    i = next(k for k, ln in enumerate(lines) if ",2.A.1,clinker_production,CO2,0.51," in ln)
    lines[i] = lines[i].replace(",CO2,0.51,", ",CO2,0.50,")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, text = cli("inventory", pack, "--year", "2020", "--out", out)
    assert code == 0, text
    rec = _read(out / "i_recalculation.csv")
    diff_col = next(c for c in rec[0] if c.startswith("差值 Difference (t"))
    gas_col = next(c for c in rec[0] if c.startswith("气体"))
    cat_col = next(c for c in rec[0] if "IPCC" in c)
    reg_col = next(c for c in rec[0] if c.startswith("地区"))
    co2 = [r for r in rec if r[gas_col] == "CO2" and r[reg_col] != "ankang"]
    assert {r[cat_col] for r in co2} == {"2.A.1"}
    assert sum(float(r[diff_col]) for r in co2) == pytest.approx(-clinker / 51, rel=1e-9)


def test_report_and_compare(shipped_runs):
    """report on the shipped run (full-potential MAC curves from the re-derived scenario, the
    workbook's cover and plan clauses), compare of three runs, report of the comparison (the
    runs, reports and comparison made once: tests/integration/conftest.py::shipped_runs)."""
    import openpyxl

    a, cmp_dir = shipped_runs["a"], shipped_runs["cmp"]
    text = shipped_runs["out_report"]
    rep = a / "report"
    names = {p.name for p in rep.iterdir()}
    assert {"report.xlsx", "briefing.pdf", "charts.pdf", "mac_nox_load_reduction.png",
            "mac_co2_intensity.png", "targets.png", "costs.png", "counties.png"} <= names
    assert "chosen measures only" not in text  # the scenario re-derived: full potential
    wb = openpyxl.load_workbook(rep / "report.xlsx")
    targets = {r[0]: r for r in wb["目标 Targets"].iter_rows(min_row=2, values_only=True)}
    head = [x.value for x in wb["目标 Targets"][1]]
    clause = head.index("规划条款 Plan clause (source)")
    assert targets["vocs_load_reduction"][clause] == (
        "安康市深入打好污染防治攻坚战工作实施方案 (2023), 一")
    # the VOCs price is set by low-VOC coatings: its full-potential cost per t equals the price
    marg = list(wb["边际措施 Marginal measures"].iter_rows(min_row=2, values_only=True))
    vocs = next(r for r in marg if r[0] == "vocs_load_reduction")
    assert vocs[5] == "low_voc_coating" and vocs[9] == pytest.approx(vocs[3], rel=1e-6)
    # the MAC sheet holds measures the run did not choose (full potential)
    mac = list(wb["边际减排成本 MAC"].iter_rows(min_row=2, values_only=True))
    assert any(r[0] == "nox_load_reduction" and r[14] == 0 for r in mac)

    t = {r["target"]: r for r in _read(cmp_dir / "compare_targets.csv")}
    assert float(t["nox_load_reduction"]["required_diff_b"]) == 200
    assert float(t["nox_load_reduction"]["required_diff_c"]) == 0
    runs = _read(cmp_dir / "compare_runs.csv")
    assert len({r["label"] for r in runs}) == 3  # one scenario name, told apart by --set
    inputs = _read(cmp_dir / "compare_inputs.csv")
    assert {(r["run"], r["item"]) for r in inputs if r["kind"] == "scenario value"} == {
        ("b", "targets.nox_load_reduction.value"), ("c", "discount_rate.value")}
    assert (cmp_dir / "report" / "comparison.xlsx").exists()


def test_report_and_compare_refuse_bad_folders(project, cli, shipped_runs):
    code, text = cli("report", project / "scenarios")
    assert code == 2 and "manifest.json" in text
    code, text = cli("compare", shipped_runs["a"])
    assert code == 2 and "two or more" in text
