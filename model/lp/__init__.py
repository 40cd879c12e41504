"""The LP of peakplan: ModelData in, HiGHS arrays solved, shadow prices and diagnosis out.

Stages: :mod:`model.lp.data` (the contract, CONTRACTS §5) -> :mod:`model.lp.index` (dense
arrays) -> :mod:`model.lp.assemble` (families and target kinds, numpy) -> :mod:`model.lp.highs`
(one HiGHS instance) -> :mod:`model.lp.solve` / :mod:`model.lp.diagnose`.
:mod:`model.lp.pyomo_model` declares the same LP in Pyomo (LP files, cross-checks).
DESIGN.md §4 has the mathematics.
"""

from model.lp.data import ModelData, validate
from model.lp.solve import Compiled, Solution, compile_lp, solve

__all__ = ["Compiled", "ModelData", "Solution", "compile_lp", "solve", "validate"]
