"""Sensitivity methods: one module each (its design, its analysis, its chart), registered by
name in :data:`~model.sensitivity.methods.base.METHODS`; the runner, the command line, the
design (:mod:`model.sensitivity.sampling`), the analysis (:mod:`model.sensitivity.analysis`) and
the charts (:mod:`model.sensitivity.charts`) find a method by its name and switch on none.

Shipped: ``morris``, ``sobol``, ``fast``, ``delta``, ``oat``. A new method is one module that
builds a :class:`~model.sensitivity.methods.base.Method` and calls
:func:`~model.sensitivity.methods.base.register` (imported below, or by a plug-in or a test).
"""

from __future__ import annotations

# the shipped methods register themselves on import (one line each)
from model.sensitivity.methods import delta, fast, morris, oat, sobol  # noqa: F401
from model.sensitivity.methods.base import (
    DUMMY,
    METHODS,
    Context,
    Method,
    get,
    n_groups,
    names,
    problem,
    register,
)

__all__ = ["DUMMY", "METHODS", "Context", "Method", "get", "n_groups", "names", "problem",
           "register"]

#: the shipped methods in the order the help and the error messages list them (a method
#: registered later follows them)
SHIPPED = ("morris", "sobol", "fast", "delta", "oat")
for _name in SHIPPED:
    METHODS[_name] = METHODS.pop(_name)
