"""The unit-factor cache kept between processes (model.units, issue #9 start-up): the same
float bit for bit, no registry built when every pair is known, a damaged file ignored, and
``off`` honoured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CONVERT = """
import json, sys
from model.units import convert
out = [convert(1234.5, "万吨", "t"), convert(7.0, "万千瓦时", "MWh"), convert(3.0, "kgce", "tce"),
       convert(2.5, "亿元", "CNY"), convert(0.6336, "kg CO2/kWh", "t CO2/MWh")]
print(json.dumps({"out": [repr(x) for x in out],
                  "registry": "openscm_units" in sys.modules}))
"""


def _run(cache: str, **extra: str) -> dict:
    env = {**os.environ, "PEAKPLAN_CACHE": cache, **extra}
    res = subprocess.run([sys.executable, "-c", CONVERT], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_second_process_uses_the_kept_factors_and_gets_the_same_floats(tmp_path):
    first = _run(str(tmp_path))
    assert first["registry"]  # pint computed the factors
    files = list(tmp_path.glob("unit-factors-*.json"))
    assert len(files) == 1
    second = _run(str(tmp_path))
    assert not second["registry"]  # every pair known: openscm-units never imported
    assert second["out"] == first["out"]
    assert first["out"][0] == repr(12_345_000.0)  # 1234.5 万吨 = 1.2345e7 t, by hand


def test_a_damaged_cache_file_is_ignored(tmp_path):
    first = _run(str(tmp_path))
    (path,) = tmp_path.glob("unit-factors-*.json")
    path.write_text("[[1, 2", encoding="utf-8")
    again = _run(str(tmp_path))
    assert again["registry"] and again["out"] == first["out"]
    json.loads(path.read_text(encoding="utf-8"))  # rewritten whole


def test_off_keeps_nothing(tmp_path):
    """With PEAKPLAN_CACHE=off nothing is written, not even to the default place (here the
    XDG cache folder, pointed at tmp_path); without it the default place gets the file."""
    out = _run("off", XDG_CACHE_HOME=str(tmp_path))
    assert out["registry"]
    assert not list(Path(tmp_path).rglob("*.json"))
    _run("", XDG_CACHE_HOME=str(tmp_path))
    assert len(list((Path(tmp_path) / "peakplan").glob("unit-factors-*.json"))) == 1
