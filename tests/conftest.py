"""Session-wide test settings."""

import os
import shutil
import tempfile

_CACHE = tempfile.mkdtemp(prefix="peakplan-test-cache-")


def pytest_configure(config):
    # the unit-factor cache (model.units) goes to a folder of this session, never ~/.cache
    os.environ["PEAKPLAN_CACHE"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
