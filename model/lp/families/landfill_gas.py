"""Landfill gas: no more CH4 recovered than a collection system can reach of what is generated.

A landfill-gas measure (flaring, power) recovers CH4 (``R`` of IPCC 2006 Vol 5 Eq. 3.1); what it
can recover is the collection efficiency η (factor library, 4.A ``collection_efficiency``) times
the CH4 the landfill generates that year by first-order decay, which measures that keep waste
out of the landfill (incineration) lower in the years after they start (their later-year
effects, :mod:`model.accounting.landfill`). For every county r and model year y where a measure
changes either:

``landfill_gas[r, y]:  B[rec,r,y] − R[rec,r,y] <= B[col,r,y] − R[col,r,y]``

with ``rec`` = ``landfill_ch4_recovered`` (t CH4/yr) and ``col`` = ``landfill_ch4_collectable``
= η × CH4 generated (t CH4/yr; the ledger's coefficient of the ``ch4_generated`` row and, by
the same coefficient, of the CH4 a diversion avoids). This keeps the recovery and the diversion
of the same waste from being counted twice. :func:`model.lp.families.limits.use_within`.
"""

from __future__ import annotations

from model.lp.families.limits import use_within
from model.lp.index import Indexed
from model.lp.structure import Columns, RowBlock

RECOVERED, COLLECTABLE = "landfill_ch4_recovered", "landfill_ch4_collectable"


def rows(ix: Indexed, cols: Columns) -> RowBlock:
    """``landfill_gas`` rows (module docstring), in (region, year) order."""
    return use_within(ix, cols, "landfill_gas", RECOVERED, COLLECTABLE)
