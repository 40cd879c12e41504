"""Session-wide test settings."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_CACHE = tempfile.mkdtemp(prefix="peakplan-test-cache-")


def pytest_configure(config):
    # the unit-factor cache (model.units) goes to a folder of this session, never ~/.cache
    os.environ["PEAKPLAN_CACHE"] = _CACHE


#: Folders whose tests run commands on the shipped pack, many LP solves or a Dask cluster: the
#: whole folder is ``slow``. Single slow modules elsewhere say ``pytestmark = pytest.mark.slow``.
#: The fast lane (``pytest -m "not slow"``, the README's inner-loop command) runs the rest.
SLOW_FOLDERS = ("integration", "sensitivity")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent.name in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
