"""Write model/unit_seed.json: pint's numbers for every unit pair that the shipped scenarios,
the shipped inventory and validate convert (model.units: the seed of the unit-factor cache,
read only under the same pint/openscm-units versions and unit definitions).

    python tools/unit_seed.py

Run it again after a change of pint or openscm-units versions, or of model/units.py's
definitions; a seed written under another key is simply not read (the first run then builds
the registry, as without a seed).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="peakplan-seed-") as tmp:
        os.environ["PEAKPLAN_CACHE"] = str(Path(tmp) / "cache")
        os.environ["PEAKPLAN_UNIT_SEED"] = "off"
        sys.path.insert(0, str(ROOT))
        from model import units
        from model.checks import validate_scenario
        from model.inventory.run import run_inventory
        from model.library import scenario_files
        from model.pipeline import run_scenario

        for path in scenario_files(ROOT / "scenarios"):
            run_scenario(path, out=Path(tmp) / "runs" / path.stem)
            validate_scenario(path)
        run_inventory(ROOT / "inventories" / "ankang", out=Path(tmp) / "inventory")
        pairs = sorted([u, t, *v] for (u, t), v in units._FACTORS.items())
        seed = {"key": units._cache_key(),
                "note": "pint's numbers (magnitude, factor, scale) per (unit, target unit); "
                        "written by tools/unit_seed.py; read only under the same key",
                "pairs": pairs}
        out = ROOT / "model" / units.SEED_FILE
        rows = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in pairs)
        out.write_text(f'{{"key": {json.dumps(seed["key"])},\n"note": {json.dumps(seed["note"])},'
                       f'\n"pairs": [\n{rows}\n]}}\n', encoding="utf-8")
        print(f"{out}: {len(pairs)} pairs, key {seed['key']}")


if __name__ == "__main__":
    main()
