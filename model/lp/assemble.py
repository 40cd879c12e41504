"""The table of contents of the LP: which families and target kinds make it, in which order.

:func:`assemble` is a pure function ``Indexed -> LinearProgram`` (numpy only), so the pipeline,
the Pyomo declaration (:mod:`model.lp.pyomo_model`) and every sensitivity sample get their LP
from the same code. The mathematics of each part is the docstring of its module:

===================  =====================================  ==================================
rows / columns        module                                 equation
===================  =====================================  ==================================
x, build bounds       :mod:`model.lp.families.capacity`      floor <= x <= potential; build rate
vintage               :mod:`model.lp.families.capacity`      x = Σ active builds (retirement)
no_regret             :mod:`model.lp.families.capacity`      mandates: x[y] >= x[y-1]
pool_row              :mod:`model.lp.families.pools`         Σ share·x <= capacity
service_cap           :mod:`model.lp.families.service_caps`  no service above 100 %
gas_supply            :mod:`model.lp.families.gas_supply`    gas use <= county supply
landfill_gas          :mod:`model.lp.families.landfill_gas`  CH4 recovered <= collectable
target rows           :mod:`model.lp.kinds` (one per kind)   R >= rhs
objective             :mod:`model.lp.families.objective`     discounted cost
===================  =====================================  ==================================
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd

from model.lp import kinds
from model.lp.families import (
    capacity,
    gas_supply,
    landfill_gas,
    objective,
    pools,
    service_caps,
)
from model.lp.index import Indexed
from model.lp.structure import Columns, LinearProgram, RowBlock, concat

#: The row families in the LP's order (each ``f(ix, cols) -> RowBlock``); the target kinds
#: follow in :data:`model.lp.kinds.KINDS` order.
FAMILIES = {"vintage": capacity.vintage_rows, "mandate": capacity.mandate_rows,
            "pools": pools.pool_rows, "service_caps": service_caps.cap_rows,
            "gas_supply": gas_supply.rows, "landfill_gas": landfill_gas.rows}


class TargetRecords:
    """The targets of one kind as plain dicts, standing in for the DataFrame subset a kind's
    ``rows`` reads (``len`` and ``iterrows``): a sensitivity sample's targets without a table."""

    def __init__(self, records: list[dict[str, Any]]):
        self.records = records

    def __len__(self) -> int:
        return len(self.records)

    def iterrows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return iter(enumerate(self.records))


def by_kind(records: list[dict[str, Any]]) -> dict[str, TargetRecords]:
    """{kind: its target records} in :data:`model.lp.kinds.KINDS` order (kinds with targets)."""
    return {name: TargetRecords([r for r in records if r["kind"] == name])
            for name in kinds.KINDS if any(r["kind"] == name for r in records)}


def assemble(ix: Indexed, check: bool = True,
             targets: Mapping[str, TargetRecords | pd.DataFrame] | None = None,
             fixed: Mapping[str, RowBlock] | None = None) -> LinearProgram:
    """Build the LP of ``ix`` (module docstring). ``check`` runs the kind and service checks
    first (InputError on a bad target or service data); sensitivity samples skip them and may
    pass their targets split by kind (:func:`by_kind`) and ``fixed`` row blocks of
    :data:`FAMILIES` known not to have changed (:class:`model.lp.inplace.InPlaceLP`)."""
    if check:
        service_caps.check(ix)
        gas_supply.check(ix)
        kinds.check(ix)
    cols = Columns.layout(ix.applicable, len(ix.years))
    lower, upper = capacity.column_bounds(ix, cols)
    c = objective.cost_vector(ix, cols)
    fixed = fixed or {}
    blocks = [fixed[k] if k in fixed else f(ix, cols) for k, f in FAMILIES.items()]
    if targets is None:
        t = ix.targets
        targets = {name: t[t["kind"] == name] for name in kinds.KINDS}
    for name, mine in targets.items():
        if len(mine):
            blocks.append(kinds.KINDS[name].rows(ix, cols, mine))
    return concat(blocks, cols, c, lower, upper)
