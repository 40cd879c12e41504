"""bench/synthetic_pack.py: the synthetic pack of 10 k counties the speed benchmark runs (issue
#15 item 2). Expected values are Ankang's own figures times k, read off the shipped files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bench.synthetic_pack import write_synthetic

ROOT = Path(__file__).resolve().parents[2]
COUNTIES = ["hanbin", "xunyang", "hanyin", "shiquan", "ningshan", "ziyang", "langao", "pingli",
            "zhenping", "baihe"]


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def pack3(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("syn"), 3)


def test_regions_and_city_totals(pack3):
    pack = pack3.parent.parent / "inventories" / "synthetic_30"
    regions = _rows(pack / "regions.csv")
    assert len(regions) == 31  # the city and 10 x 3 copies
    assert {r["region"] for r in regions if r["parent"] == "ankang"} == {
        f"{c}_{j}" for c in COUNTIES for j in (1, 2, 3)}
    drivers = {(r["region"], r["indicator"]): float(r["value"]) for r in
               _rows(pack / "drivers.csv") if r["year"] == "2020"}
    # the 2020 census city total 2,493,436 (drivers.csv) x 3; each copy keeps Hanbin's 834,577
    assert drivers[("ankang", "population")] == 3 * 2493436
    assert drivers[("hanbin_2", "population")] == 834577
    # every copy of every county row: activity_energy.csv has 300 county rows -> 900
    assert len(_rows(pack / "activity_energy.csv")) == 900
    # the city's own rows x 3: raw-coal imports 1.59747e6 t (supply.csv)
    imports = [float(r["value"]) for r in _rows(pack / "supply.csv")
               if r["activity"] == "raw_coal" and r["item"] == "imports"]
    assert imports == [pytest.approx(3 * 1.59747e6, rel=1e-12)]


def test_county_sums_still_pass(pack3):
    from model.inventory.qaqc import county_sums, require_county_sums

    pack = pack3.parent.parent / "inventories" / "synthetic_30"
    found = county_sums(pack)
    assert found and all(level == "ok" for level, _, _ in found)
    require_county_sums(pack)  # raises on an error


def test_scenario_keys_follow_the_copies(pack3):
    raw = json.loads(pack3.read_text(encoding="utf-8").split("\n", 1)[1])
    assert "extends" not in raw and raw["inventory"] == "../inventories/synthetic_30"
    t = {x["id"]: x for x in raw["targets"]}
    assert t["cod_load_reduction"]["value"] == 3 * 3895  # t, the plan's 2021-2025 figure x 3
    assert t["vocs_load_reduction_2030"]["value"] == 3 * 1320
    assert t["co2_intensity"]["value"] == 17  # a share: unchanged
    assert t["co2_peak"]["value"] == 0.5
    adds = raw["activity_additions"]
    assert [(a["region"], a["value"]) for a in adds] == [
        (f"xunyang_{j}", 84000) for j in (1, 2, 3)]  # the Xunyang station, once per copy
    gas = _rows(pack3.parent / "gas_supply.csv")
    assert len(gas) == 3 * 40 and {r["region"] for r in gas} == {
        f"{c}_{j}" for c in COUNTIES for j in (1, 2, 3)}
    shipped = _rows(ROOT / "scenarios" / "catalogue" / "potentials.csv")
    pots = _rows(pack3.parent / "catalogue" / "potentials.csv")
    assert len(pots) == sum(3 if r["region"] else 1 for r in shipped)


@pytest.mark.slow
def test_baseline_is_k_times_ankang(tmp_path):
    """Derived baseline of k = 2: every copy's row equals its county's in peak-2030, and the
    city-wide total of every quantity and year is twice Ankang's."""
    from model import pipeline
    from model.scenario import load_scenario

    def baseline(path):
        return pipeline.derive(pipeline.load(load_scenario(path))).data.baseline

    ref = baseline(ROOT / "scenarios" / "peak-2030.yaml")
    syn = baseline(write_synthetic(tmp_path, 2))
    key = ["region", "year", "quantity"]
    a = ref[ref["region"] == "hanbin"].set_index(["year", "quantity"])["value"].sort_index()
    b = syn[syn["region"] == "hanbin_2"].set_index(["year", "quantity"])["value"].sort_index()
    assert a.index.equals(b.index) and (a - b).abs().max() <= 1e-9 * a.abs().max()
    tot_a = ref.groupby(key[1:])["value"].sum()
    tot_b = syn.groupby(key[1:])["value"].sum().reindex(tot_a.index)
    assert ((tot_b - 2 * tot_a).abs() <= 1e-9 * (1 + tot_a.abs())).all()
