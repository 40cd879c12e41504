"""Shared pieces of the sensitivity charts (:mod:`model.sensitivity.charts` and each method's
chart in :mod:`model.sensitivity.methods`): the figure, file-name-safe output names, labels."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn
    from matplotlib.figure import Figure

OUTPUT_LABELS = {"cost_pv": ("总成本现值(含未达标罚金)", "present value of cost incl. shortfall "
                             "penalties (CNY)"),
                 "feasible": ("全部目标达成(0/1)", "every target met (0/1)"),
                 "shortfall.co2_intensity": ("碳强度目标缺口", "shortfall of the CO2-intensity "
                                             "target (fraction)"),
                 "price.co2_intensity": ("碳强度目标影子价格", "shadow price of the CO2-intensity "
                                         "target (CNY/t CO2)")}


def _fig(size: tuple[float, float]) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=120, layout="constrained")


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def _label(lab: Any, out: str) -> str:
    zh, en = OUTPUT_LABELS.get(out, ("", out))
    return lab(zh, en)


def _plabel(lab: Any, pset: Any, name: str) -> str:
    if pset is None:
        return name
    zh, en = pset.labels(name)
    return lab(zh, en)
