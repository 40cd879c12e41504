"""The LP of peakplan (Pyomo): ModelData, build_model and one module per constraint family.

See :mod:`model.lp.build` for the entry points and DESIGN.md §4 for the mathematics.
"""

from model.lp.build import ModelData, build_model, update_params

__all__ = ["ModelData", "build_model", "update_params"]
