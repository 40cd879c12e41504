"""Scenarios for the sensitivity tests: the made-up city (tests/data/city_b) with an
``uncertainty`` list, written to a temporary folder with absolute paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CITY = ROOT / "tests" / "data" / "city_b"

UNCERTAINTY = """uncertainty:
  - {name: rate, target: discount_rate.value, distribution: uniform, low: 4, high: 12, source: t}
  - {name: e_fuel, target: projection.energy.elasticity.value, distribution: triangular,
     low: 0.3, mode: 0.5, high: 0.8, source: t}
  - {name: g25, target: drivers.gdp_real_growth.2025.value, distribution: normal, mean: 5,
     sd: 1, source: t}
  - {name: cap_gas, target: "catalogue/costs.csv:value[measure=boiler_to_gas,item=capital]",
     distribution: uniform, low: 100, high: 200, source: t}
  - {name: coal, target: "inventory/activity_energy.csv:value[activity=raw_coal]", source: t}
  - {name: nox, target: targets.nox.value, distribution: uniform, low: 30, high: 70, source: t}
  - {name: pot, target: "catalogue/potentials.csv:potential_share[measure=boiler_to_gas]",
     distribution: uniform, low: 0.3, high: 0.7, source: t}
"""


def write_scenario(folder: Path, uncertainty: str = UNCERTAINTY, catalogue: Path | None = None,
                   replace: dict | None = None) -> Path:
    """city_b.yaml with absolute paths and ``uncertainty`` appended; returns its path."""
    text = (CITY / "city_b.yaml").read_text(encoding="utf-8")
    text = text.replace("inventory: pack", f"inventory: {CITY / 'pack'}")
    text = text.replace("factors: ../../../inventories/factors",
                        f"factors: {ROOT / 'inventories' / 'factors'}")
    text = text.replace("catalogue: catalogue", f"catalogue: {catalogue or CITY / 'catalogue'}")
    for a, b in (replace or {}).items():
        assert a in text
        text = text.replace(a, b)
    path = folder / "city.yaml"
    path.write_text(text + uncertainty, encoding="utf-8")
    return path


@pytest.fixture
def scenario(tmp_path) -> Path:
    return write_scenario(tmp_path)


@pytest.fixture
def fixed_catalogue(tmp_path) -> Path:
    """city_b's catalogue with every measure forced to its potential (floor = potential)."""
    cat = tmp_path / "catalogue"
    shutil.copytree(CITY / "catalogue", cat)
    p = cat / "potentials.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    head, rows = lines[0], lines[1:]
    out = [head]
    for r in rows:
        cells = r.split(",")
        cells[4] = cells[3]  # floor_share = potential_share
        out.append(",".join(cells))
    p.write_text("\n".join(out) + "\n", encoding="utf-8")
    return cat


#: the shipped block's structural factors and groups (issue #15): they take the exact derive()
#: path on every sample (energy prices) or away from their own level (views, hydrology, grid)
STRUCTURAL = ("accounting_view", "hydrology", "grid_factor_path", "measure_costs",
              "energy_prices")


def numpy_block(folder: Path, drop=STRUCTURAL) -> Path:
    """The shipped scenario's uncertainty block without ``drop``, as a file for
    ``--uncertainty``: the parameters the numpy path (upstream, LP) can take."""
    import json

    from model.yamlio import load_yaml

    raw = load_yaml(ROOT / "scenarios" / "ankang_2025.yaml")
    keep = [d for d in raw["uncertainty"] if d["name"] not in drop]
    path = folder / "numpy_block.yaml"  # JSON is YAML
    path.write_text(json.dumps({"uncertainty": keep}, ensure_ascii=False), encoding="utf-8")
    return path
