"""Gas supply: no county burns more natural gas than it can be supplied, in any model year.

Coal-to-gas conversions (boilers, households) add gas use that the baseline does not have; a
county's gas comes through its pipeline branch and city-gate station (or LNG/CNG trucked in),
whose capacity limits what can be converted. For every county r and model year y where a
measure changes gas use:

``gas_supply[r, y]:  B[natural_gas, r, y] − R[natural_gas, r, y] <= S[r, y]``

i.e. ``Σ_m g[m,r,y] · x[m,r,y] <= S[r,y] − B[natural_gas,r,y]`` with ``g = −effect`` the m3/yr
of gas one unit of measure m adds (from its ``natural_gas`` activity change through the ledger,
:meth:`model.accounting.ledger.Ledger.coefficients`), B the baseline gas use of the county
(every 1.A natural-gas row, feedstock included: it is gas delivered) and S the supply limit
(``natural_gas:supply`` on the baseline, m3/yr: :func:`model.supply.gas_supply`). The row is
:func:`model.lp.families.limits.use_within` with U = ``natural_gas``, A = ``natural_gas:supply``.
Its dual is the value of one more m3/yr of supply capacity in the county (CNY per m3/yr,
discounted to the base year). A county listed with supply 0 cannot take gas.
"""

from __future__ import annotations

import numpy as np

from model.errors import InputError
from model.lp.families.limits import use_within
from model.lp.index import Indexed
from model.lp.structure import Columns, RowBlock

USE, SUPPLY = "natural_gas", "natural_gas:supply"


def rows(ix: Indexed, cols: Columns) -> RowBlock:
    """``gas_supply`` rows (module docstring), in (region, year) order."""
    return use_within(ix, cols, "gas_supply", USE, SUPPLY)


def check(ix: Indexed) -> None:
    """The baseline itself stays within the supply: InputError naming the county and year
    where the baseline gas use exceeds the limit (no plan could then meet it)."""
    if SUPPLY not in ix.quantities or USE not in ix.quantities:
        return
    use, cap = ix.baseline[:, 1:, ix.q(USE)], ix.baseline[:, 1:, ix.q(SUPPLY)]
    over = use > cap * (1 + 1e-9) + 1e-6
    if over.any():
        r, y = map(int, np.argwhere(over)[0])
        raise InputError(f"gas supply of {ix.regions[r]!r} in {ix.years[y]}",
                         f"a limit of {cap[r, y]:,.0f} m3/yr below the baseline gas use of "
                         f"{use[r, y]:,.0f} m3/yr", "a supply limit at least the gas the "
                         "county already burns without new measures")
