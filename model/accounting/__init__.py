"""One accounting basis for the inventory and the scenario model (issue #6).

* :mod:`model.accounting.factors` — per-unit coefficients from the factor library (CO2, CH4,
  N2O, tce, air pollutants, process CO2, water-load generation, grid factors); the inventory
  multiplies activity data by them and the LP's baseline and measure effects use the same ones.
* :mod:`model.accounting.rules` — the CO2 accounting rule, the electricity equivalence and the
  energy deductions a scenario declares, with the official documents they follow.
* :mod:`model.accounting.ledger` — the terms of an activity table under a rule: for every
  activity row and quantity, a coefficient per unit; totals by region are coefficient ×
  amount, and a measure's effect is coefficient × the change it makes.
"""
