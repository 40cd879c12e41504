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

from model.lp import kinds
from model.lp.families import ROWS, capacity, gas_supply, objective, service_caps
from model.lp.index import Indexed
from model.lp.structure import Columns, LinearProgram, concat


def assemble(ix: Indexed, check: bool = True) -> LinearProgram:
    """Build the LP of ``ix`` (module docstring). ``check`` runs the kind and service checks
    first (InputError on a bad target or service data); sensitivity samples skip them."""
    if check:
        service_caps.check(ix)
        gas_supply.check(ix)
        kinds.check(ix)
    cols = Columns.layout(ix.applicable, len(ix.years))
    lower, upper = capacity.column_bounds(ix, cols)
    c = objective.cost_vector(ix, cols)
    blocks = [rows(ix, cols) for rows in ROWS.values()]  # model.lp.families.ROWS, in order
    t = ix.targets
    for name, kind in kinds.KINDS.items():
        mine = t[t["kind"] == name]
        if len(mine):
            blocks.append(kind.rows(ix, cols, mine))
    return concat(blocks, cols, c, lower, upper)
