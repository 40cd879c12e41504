"""A synthetic data pack of N = 10 k counties for the benchmarks: Ankang's pack with each county
copied k times. **A benchmark, not data**: no figure in it describes any real place.

:func:`write_synthetic` writes, into a folder, a copy of the tree a run reads, laid out as the
repository lays it out (so the defaults that resolve relative to the pack still hold):

* ``inventories/synthetic_<N>/``: the pack ``inventories/ankang/*.csv`` with every county row
  of every table with a ``region`` column repeated for its k copies, region ids
  ``<county>_<j>`` (j = 1..k; ``regions.csv`` names them ``<name><j>``, parent unchanged), each
  copy carrying the county's own values;
* the city's own rows (region = the pack's parent: the drivers' city totals that
  ``model.inventory.qaqc.require_county_sums`` compares with the counties' sum, the fuel supply the
  reference approach compares with the sectoral totals, the waste disposal history and the
  forest area, which the pack holds for the city only) multiplied by k, so the checks still
  pass and the synthetic city is k Ankangs side by side;
* ``inventories/factors/``: the factor library as is;
* ``scenarios/``: the catalogue (its county rows of ``potentials.csv`` copied as above), the
  gas-supply limits (copied per county) and the commitments (as is), and the scenario (default
  ``scenarios/peak-2030.yaml``) with its ``extends:`` chain composed into one file
  (``model.scenario.compose``, as a run reads it). Its county-specific keys follow the copies:
  ``activity_additions`` of a county are repeated for each copy, and targets of an absolute
  amount (``load_reduction`` and ``cap`` kinds, in t) are multiplied by k; targets in % (
  intensities, service levels, reductions against the base year, the peak) and the PM2.5
  concentration (whose source-receptor layer works on shares of the city's own emissions)
  are left as they are.

Row order: a county's copies follow one another where the county's row stood. Sources and
methods are copied unchanged (they describe the Ankang row a copy was made from); the pack's
``README.md`` says it is synthetic.

Run ``python bench/synthetic_pack.py K FOLDER`` to write one and print the scenario's path
(``peakplan run FOLDER/scenarios/<name>.yaml`` runs it).
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "inventories" / "ankang"
SCENARIO = ROOT / "scenarios" / "peak-2030.yaml"
#: target kinds whose value is an amount summed over the counties (scaled by k)
ABSOLUTE_KINDS = ("load_reduction", "cap")


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _times(value: str, k: int) -> str:
    return f"{float(value) * k:.12g}" if value.strip() else value


def copy_table(src: Path, dst: Path, counties: list[str], city: str, k: int) -> int:
    """Copy one CSV table: rows of a county repeated k times as ``<county>_<j>``, rows of the
    city with ``value`` multiplied by k, other rows as they are. Returns the rows written."""
    header, rows = _read(src)
    out = []
    for r in rows:
        region = r.get("region", "")
        if region in counties:
            out += [{**r, "region": f"{region}_{j}"} for j in range(1, k + 1)]
        elif region == city and region and "value" in r:
            out.append({**r, "value": _times(r["value"], k)})
        else:
            out.append(r)
    _write(dst, header, out)
    return len(out)


def _regions(src: Path, dst: Path, k: int) -> tuple[list[str], str]:
    header, rows = _read(src)
    counties = [r["region"] for r in rows if r["parent"]]
    cities = [r["region"] for r in rows if not r["parent"]]
    if len(cities) != 1:
        raise ValueError(f"{src}: one city row (no parent) expected, found {cities}")
    out = []
    for r in rows:
        if not r["parent"]:
            out.append(r)
            continue
        out += [{**r, "region": f"{r['region']}_{j}", "name_zh": f"{r['name_zh']}{j}",
                 "name_en": f"{r['name_en']} {j}"} for j in range(1, k + 1)]
    _write(dst, header, out)
    return counties, cities[0]


def _tables(src: Path, dst: Path, counties: list[str], city: str, k: int) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.iterdir()):
        if f.suffix.lower() == ".csv" and f.name != "regions.csv":
            header, _ = _read(f)
            if "region" in header:
                copy_table(f, dst / f.name, counties, city, k)
            else:
                shutil.copy2(f, dst / f.name)


def _scenario(raw: dict, counties: list[str], k: int, pack: str) -> dict:
    raw = dict(raw)
    raw["name"] = f"{raw['name']}-synthetic-{len(counties) * k}"
    label = dict(raw.get("label") or {})
    raw["label"] = {"zh": f"{label.get('zh', '')} (合成: {len(counties) * k}个县, 基准测试用)",
                    "en": f"{label.get('en', '')} (synthetic: {len(counties) * k} counties, "
                          "a benchmark)"}
    raw["inventory"] = f"../inventories/{pack}"
    raw["catalogue"] = "catalogue"
    for key in ("gas_supply", "commitments"):
        if raw.get(key):
            raw[key] = Path(raw[key]).name
    adds = []
    for a in raw.get("activity_additions") or []:
        if a.get("region") in counties:
            adds += [{**a, "region": f"{a['region']}_{j}"} for j in range(1, k + 1)]
        else:
            adds.append(a)
    if adds:
        raw["activity_additions"] = adds
    targets = []
    for t in raw.get("targets") or []:
        if t.get("region") in counties:
            raise ValueError(f"target {t.get('id')} names county {t['region']}: a county "
                             "target has no synthetic counterpart here")
        if t.get("kind") in ABSOLUTE_KINDS:
            t = {**t, "value": float(t["value"]) * k,
                 "method": f"synthetic: the scenario's value x {k} (one per copy of the city)"}
        targets.append(t)
    raw["targets"] = targets
    return raw


def write_synthetic(folder: Path, k: int, scenario: Path = SCENARIO, pack: Path = PACK) -> Path:
    """Write the synthetic pack of ``10 k`` counties (k copies of each county of ``pack``) and
    ``scenario`` composed over it into ``folder`` (module docstring); returns the scenario's
    path. ``k`` >= 1 (k = 1 renames the counties only). Raises ValueError on k < 1, a pack
    without exactly one city row, or a target that names a county."""
    from model.scenario import FILE_KEYS, compose

    if k < 1:
        raise ValueError(f"k = {k}: at least one copy of each county expected")
    folder = Path(folder)
    raw, _ = compose(Path(scenario))
    src_dir = Path(scenario).resolve().parent
    files = {key: (src_dir / raw[key]).resolve() for key in FILE_KEYS if raw.get(key)}
    if files.get("inventory", pack.resolve()) != pack.resolve():
        raise ValueError(f"{scenario} reads {files['inventory']}, not the pack {pack}")
    inv = folder / "inventories"
    _, rows = _read(pack / "regions.csv")
    name = f"synthetic_{sum(1 for r in rows if r['parent']) * k}"
    out_pack = _fresh(inv / name)
    counties, city = _regions(pack / "regions.csv", out_pack / "regions.csv", k)
    _tables(pack, out_pack, counties, city, k)
    (out_pack / "README.md").write_text(
        f"# Synthetic pack: {len(counties) * k} counties (a benchmark, not data)\n\n"
        f"Written by bench/synthetic_pack.py: each county of the Ankang pack copied {k} times "
        f"(`<county>_<j>`), the city's own rows x {k}. No figure here describes a real place.\n",
        encoding="utf-8")
    factors = files.get("factors") or pack.parent / "factors"
    shutil.copytree(factors, _fresh(inv / "factors"), dirs_exist_ok=True)
    sc_dir = _fresh(folder / "scenarios")
    raw.pop("factors", None)  # the default: the pack's sibling folder ``factors``
    if files.get("catalogue"):
        _tables(files["catalogue"], sc_dir / "catalogue", counties, city, k)
    for key in ("gas_supply", "commitments"):
        if key in files:
            header, _ = _read(files[key])
            if "region" in header:
                copy_table(files[key], sc_dir / files[key].name, counties, city, k)
            else:
                shutil.copy2(files[key], sc_dir / files[key].name)
    raw = _scenario(raw, counties, k, name)
    path = sc_dir / f"{raw['name']}.yaml"
    head = (f"# SYNTHETIC (bench/synthetic_pack.py): {Path(scenario).name} composed over "
            f"{len(counties) * k} counties, each Ankang county copied {k} times. A benchmark, "
            "not data.\n")
    path.write_text(head + json.dumps(raw, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    return path


def _fresh(p: Path) -> Path:
    """An empty folder ``p`` (an earlier synthetic copy there is replaced)."""
    if p.exists():
        shutil.rmtree(p)
    p.mkdir(parents=True)
    return p


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(write_synthetic(Path(sys.argv[2]), int(sys.argv[1])))
