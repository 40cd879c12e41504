"""Start-up (issue #9): the GWP contexts are built on the first GWP use only, never by a
conversion or by importing; a ``peakplan run`` needs none."""

from __future__ import annotations

import subprocess
import sys


def _fresh(code: str) -> str:
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return res.stdout.strip()


def test_conversions_build_no_gwp_context():
    out = _fresh("import model.units as u; u.convert(1, '万吨', 't'); u.convert(1, 't CO2', "
                 "'kt CO2'); print(u._CONTEXTS_READY)")
    assert out == "False"


def test_gwp_context_builds_them_on_first_use():
    out = _fresh("import model.units as u; a = u._CONTEXTS_READY; n = u.gwp_context('AR5'); "
                 "reg = u.registry()\n"
                 "with reg.context(n):\n"
                 "    v = reg.Quantity(1.0, 't CH4').to('t CO2').magnitude\n"
                 "print(a, u._CONTEXTS_READY, n, v)")
    assert out == "False True AR5GWP100 28.0"


def test_an_unknown_set_builds_nothing():
    out = _fresh("import model.units as u\n"
                 "try:\n    u.gwp_context('AR3')\nexcept ValueError:\n    pass\n"
                 "print(u._CONTEXTS_READY, 'pint' in __import__('sys').modules)")
    assert out == "False False"


def test_a_run_builds_no_gwp_context(tmp_path):
    """The shipped scenario solved in-process leaves the contexts unbuilt."""
    out = _fresh("import model.units as u; from model.run import run_scenario; "
                 f"run_scenario(None, out={str(tmp_path / 'r')!r}); print(u._CONTEXTS_READY)")
    assert out.splitlines()[-1] == "False"
