"""peakplan: emission inventory and least-cost carbon-peaking scenario model.

The package is imported as ``model``; the command-line interface is ``peakplan``
(see :mod:`model.cli`). Stages are pure functions from tables to tables; see
``docs/DESIGN.md`` for the data flow and the mathematics.
"""

__version__ = "0.1.0"
