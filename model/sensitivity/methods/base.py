"""What every sensitivity method provides, the registry, and the helpers the methods share.

A method is one module of :mod:`model.sensitivity.methods` defining a :class:`Method` and
registering it with :func:`register`; the runner, the design, the analysis, the charts and the
command line find it by name (:func:`get`, :func:`names`), and nothing outside its module
switches on its name.
"""

from __future__ import annotations

import difflib
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from model.errors import InputError
from model.sensitivity.declare import ParameterSet

#: Name of the dummy input of the delta analysis (the estimator's bias floor).
DUMMY = "(dummy)"


@dataclass(frozen=True)
class Context:
    """What a method's analysis reads besides one output: the parameter set, the unit-space
    design ``u`` [rows, D], the SALib ``problem`` (with groups when the method takes them), the
    index ``names`` (groups or parameters), ``g`` = their number, and the run's settings."""

    pset: ParameterSet
    u: np.ndarray
    problem: dict[str, Any]
    names: list[str]
    g: int
    second_order: bool
    levels: int
    seed: int


@dataclass(frozen=True)
class Method:
    """One sensitivity method.

    ``name`` (the ``--method`` value) and ``title`` (in sentences: Morris, Sobol, FAST);
    ``describe``: one line for the help. ``groups``: ``"indices"`` (an index per group),
    ``"members"`` (groups ignored: an index per member) or ``"refused"``; ``correlations``:
    rank correlations allowed (the estimator does not assume independent inputs).

    ``design(pset, problem, n, seed, second_order, levels)`` -> unit-space design [rows, D]
    (the generic checks already done: n >= 2 unless ``needs_n`` is False, the size, the
    combination of groups and correlations); ``rows(pset, n, second_order)`` -> the design's
    rows (None where SALib decides) and ``size(pset, n_rows, second_order)`` -> the ``-N`` of a
    design of ``n_rows`` rows; ``check(levels)`` (optional) refuses settings before the model
    is built.

    ``analyse(ctx, output, y, ok)`` -> the index rows of one output (:data:`COLUMNS` of
    :mod:`model.sensitivity.analysis` without the labels) over the samples ``y`` (``ok``:
    finite); ``headline``: the index that ranks parameters; ``slow``: analyse only the headline
    outputs; ``warnings(ind, n, pset)`` (optional): plain sentences on indices that cannot be
    read as they stand.

    ``probability_rows(n_rows, pset, second_order)`` (optional): boolean mask of the design
    rows that are probability samples of the inputs (None: a screening design, no
    probability); ``probability_basis``: those rows in words; ``boxes_note``: the PRIM note,
    ``{k}`` the number of samples.

    ``chart(ind, output, path, lab, pset)`` (optional) draws the method's own chart of an
    output to ``<chart_prefix>_<output>.png``; ``one_at_a_time``: the design is the central
    run then each parameter at its 5 % and 95 % quantile (the tornado reads those runs).
    """

    name: str
    title: str
    describe: str
    groups: Literal["indices", "members", "refused"]
    correlations: bool
    design: Callable[[ParameterSet, dict[str, Any], int, int, bool, int], np.ndarray]
    rows: Callable[[ParameterSet, int, bool], int | None]
    size: Callable[[ParameterSet, int, bool], int]
    analyse: Callable[[Context, str, np.ndarray, np.ndarray], list[dict[str, Any]]]
    headline: str
    needs_n: bool = True
    check: Callable[[int], None] | None = None
    slow: bool = False
    warnings: Callable[[pd.DataFrame, int, ParameterSet], list[str]] | None = None
    probability_rows: Callable[[int, ParameterSet, bool], np.ndarray] | None = None
    probability_basis: str = ""
    boxes_note: str = "PRIM over the {k} samples"
    chart: Callable[[pd.DataFrame, str, Path, Any, Any], None] | None = None
    chart_prefix: str = ""
    one_at_a_time: bool = False


METHODS: dict[str, Method] = {}


def register(method: Method) -> Method:
    """Add a method to the registry (a test or a plug-in may register its own)."""
    METHODS[method.name] = method
    return method


def names() -> list[str]:
    """The registered method names, in registration order."""
    return list(METHODS)


def get(name: str) -> Method:
    """The registered method ``name``; one-line InputError with the nearest name otherwise."""
    if name not in METHODS:
        near = difflib.get_close_matches(str(name), list(METHODS), n=1)
        raise InputError("--method", repr(name), f"one of {names()}",
                         f"did you mean {near[0]!r}?" if near else None)
    return METHODS[name]


def n_groups(pset: ParameterSet) -> int:
    """D': groups, a parameter without a group counting as its own."""
    return len(dict.fromkeys(pset.groups))


def problem(pset: ParameterSet, groups: bool = True) -> dict[str, Any]:
    """The SALib problem in unit space (every bound [0, 1]); with ``groups`` when declared."""
    out: dict[str, Any] = {"num_vars": len(pset.params), "names": pset.names,
                           "bounds": [[0.0, 1.0]] * len(pset.params)}
    if groups and pset.has_groups:
        out["groups"] = pset.groups
    return out


def index_rows(out: str, names: list[str], **cols: list[Any]) -> list[dict[str, Any]]:
    """One row per name: ``output``, ``parameter`` and the columns given (one value each)."""
    return [{"output": out, "parameter": n, **{k: v[i] for k, v in cols.items()}}
            for i, n in enumerate(names)]


def empty(out: str, n_used: int, n_total: int, note: str) -> dict[str, Any]:
    """The one row of an output without an index, saying why."""
    return {"output": out, "parameter": "", "index": "", "value": math.nan, "conf": math.nan,
            "n_used": n_used, "n_total": n_total, "note": note}


def quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, str]:
    """Call a SALib analyzer that sets global warning filters and formatters (delta does):
    restore them afterwards and return its notices as text, for the ``note`` column."""
    fmt = warnings.formatwarning
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        try:
            r = fn(*args, **kwargs)
        finally:
            warnings.formatwarning = fmt
    text = "; ".join(dict.fromkeys(str(w.message).strip() for w in said))
    return r, text
