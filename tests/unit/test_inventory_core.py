"""Factor library: lookup order, stated ranges; F-gas notation keys in the compiled inventory."""

import shutil
from pathlib import Path

import pytest

from model.accounting.factor_library import FactorLibrary
from model.errors import InputError
from model.inventory import compile_inventory

ROOT = Path(__file__).resolve().parents[2]
HEADER = "factor_set,category,activity,gas,value,unit,source,valid_min,valid_max,status\n"


def _lib(tmp_path, body, order=None):
    d = tmp_path / "factors"
    d.mkdir(exist_ok=True)
    # every sourced table carries a status column (issue #16): these factors are "reported"
    rows = "".join(f"{line},reported\n" for line in body.splitlines() if line.strip())
    (d / "f.csv").write_text(HEADER + rows, encoding="utf-8")
    return FactorLibrary.load(d, order)


def test_longest_category_and_set_order(tmp_path):
    lib = _lib(tmp_path, "ipcc2006,1.A,coal,CO2,94600,kg CO2/TJ,T1.4,,\n"
                         "ipcc2006,1.A.2,coal,CO2,95000,kg CO2/TJ,x,,\n"
                         "local,1.A,coal,CO2,96000,kg CO2/TJ,plant data,,\n")
    assert lib.get("1.A.2.f", "coal", "CO2").value == 96000  # local set first
    lib = _lib(tmp_path, "ipcc2006,1.A,coal,CO2,94600,kg CO2/TJ,T1.4,,\n"
                         "ipcc2006,1.A.2,coal,CO2,95000,kg CO2/TJ,x,,\n")
    assert lib.get("1.A.2.f", "coal", "CO2").value == 95000  # longest category wins
    assert lib.get("1.A.4.b", "coal", "CO2").value == 94600


def test_factor_outside_stated_range_is_refused(tmp_path):
    # IPCC 2006 Vol 2 Table 1.4, other bituminous coal: 94 600 kg/TJ, 95 % range 89 500-99 700;
    # a slipped digit (9 460) must not pass.
    with pytest.raises(InputError, match=r"row 2 column 'value'.*9460.*\[89500, 99700\]"):
        _lib(tmp_path, "ipcc2006,1.A,coal,CO2,9460,kg CO2/TJ,T1.4,89500,99700\n")
    assert _lib(tmp_path, "ipcc2006,1.A,coal,CO2,94600,kg CO2/TJ,T1.4,89500,99700\n") \
        .get("1.A", "coal", "CO2").value == 94600


def test_missing_factor_names_activity_category_and_fix(tmp_path):
    lib = _lib(tmp_path, "ipcc2006,1.A,coal,CO2,94600,kg CO2/TJ,T1.4,,\n")
    with pytest.raises(InputError, match=r"activity 'coke', category 1.A.2, gas/parameter CO2"):
        lib.get("1.A.2", "coke", "CO2")


def test_shipped_fuel_factors_carry_table_ranges():
    lib = FactorLibrary.load(ROOT / "inventories" / "factors")
    row = lib.table[(lib.table["activity"] == "raw_coal") & (lib.table["gas"] == "CO2")
                    & (lib.table["factor_set"] == "ipcc2006")].iloc[0]
    assert (float(row["valid_min"]), float(row["valid_max"])) == (89500, 99700)


def test_fgases_carry_notation_key(tmp_path):
    pack = tmp_path / "inventories"
    shutil.copytree(ROOT / "inventories", pack)
    inv = compile_inventory(pack / "ankang", [2020], modules=[])
    f = inv.emissions[inv.emissions["gas"].isin(["HFCs", "PFCs", "SF6", "NF3"])]
    assert len(f) > 0
    assert set(f["notation"]) == {"NE"} and (f["value"] == 0).all()
    assert {"2.F", "2.G"} <= set(f["category"])


def test_cement_kiln_pollutants_counted_once(tmp_path):
    """Kiln fuel (1.A.2.f) NOx/SO2/PM leave through the kiln stack, counted per t clinker (2.A.1):
    a region with clinker production has no 1.A.2.f combustion pollutant rows (review finding:
    they were counted twice, +408 t NOx for Ankang 2020)."""
    pack = tmp_path / "inventories"
    shutil.copytree(ROOT / "inventories", pack)
    inv = compile_inventory(pack / "ankang", [2020], modules=["pollutants"])
    e = inv.emissions
    kiln_regions = set(e.loc[(e["category"] == "2.A.1") & (e["gas"] == "NOx"), "region"])
    assert kiln_regions
    double = e[e["category"].str.startswith("1.A.2.f") & e["gas"].isin(["NOx", "SO2", "PM2.5"])
               & e["region"].isin(kiln_regions)]
    assert double.empty
