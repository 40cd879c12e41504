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


def test_report_and_compare(project, cli):
    scen = project / "scenarios" / "ankang_2025.yaml"
    a, b = project / "results" / "a", project / "results" / "b"
    assert cli("run", scen, "--out", a)[0] == 0
    assert cli("run", scen, "--out", b, "--set", "targets.nox_load_reduction.value=1000")[0] == 0
    code, text = cli("report", a)
    assert code == 0, text
    assert (a / "report" / "report.xlsx").exists() and (a / "report" / "mac_NOx.png").exists()
    code, text = cli("compare", a, b, "--out", project / "results" / "cmp")
    assert code == 0, text
    t = {r["target"]: r for r in _read(project / "results" / "cmp" / "compare_targets.csv")}
    assert "nox_load_reduction" in t
    code, text = cli("report", project / "scenarios")
    assert code == 2 and "manifest.json" in text
