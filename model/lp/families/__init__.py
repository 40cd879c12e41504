"""Constraint families of the LP other than targets: capacity, pools, service caps, objective.

:data:`ROWS` is the registry of the row families (name -> ``rows(ix, cols) -> RowBlock``), in
the order :func:`model.lp.assemble.assemble` stacks them; each name is the ``family`` of the
rows its function writes and has a golden LP file (tests/lp/golden). The target rows are the
kinds' (:mod:`model.lp.kinds`); the objective and the column bounds are not rows.
"""

from __future__ import annotations

from collections.abc import Callable

from model.lp.families import capacity, gas_supply, landfill_gas, pools, service_caps
from model.lp.index import Indexed
from model.lp.structure import Columns, RowBlock

ROWS: dict[str, Callable[[Indexed, Columns], RowBlock]] = {
    "vintage": capacity.vintage_rows,       # x = Σ active builds (retirement)
    "no_regret": capacity.mandate_rows,     # mandates: x[y] >= x[y-1]
    "pool_row": pools.pool_rows,            # Σ share·x <= capacity
    "service_cap": service_caps.cap_rows,   # no service above 100 %
    "gas_supply": gas_supply.rows,          # gas use <= county supply
    "landfill_gas": landfill_gas.rows,      # CH4 recovered <= collectable
}
