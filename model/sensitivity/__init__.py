"""Sensitivity and uncertainty analysis of a scenario: ``peakplan sensitivity`` (issue #8).

Modules, by role:

* :mod:`~model.sensitivity.declare` — the scenario's ``uncertainty`` declarations resolved and
  checked, classified by the stage each parameter reaches;
* :mod:`~model.sensitivity.distributions` — marginal distributions (quantile functions) and
  rank correlations (Iman-Conover);
* :mod:`~model.sensitivity.evaluate` — one worker's model: build once, evaluate per sample
  through the run's own derivation (:mod:`model.derivation`, compiled once, numpy per sample)
  and the compiled LP changed in place (:mod:`model.lp.inplace`), read results back as arrays
  (reoptimise or fixed-plan);
* :mod:`~model.sensitivity.sampling` — SALib designs and their checks;
* :mod:`~model.sensitivity.analysis` — indices with confidence intervals, probabilities of
  meeting each target, percentiles; undefined samples kept out and reported;
* :mod:`~model.sensitivity.runner` — chunks streamed to disk, resume, worker processes or a
  Dask cluster, progress;
* :mod:`~model.sensitivity.charts` — Morris, Sobol, tornado and cost-distribution charts.
"""
